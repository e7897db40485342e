/**
 * SMTP replies around XCLIENT: reading a reply off the wire ({@link parseReply}), writing one
 * ({@link formatReply}), telling what a reply to XCLIENT means ({@link classifyXclientReply}),
 * and the exact replies Postfix 3.7.11 gives to XCLIENT ({@link REPLIES}).
 *
 * Specifications followed:
 * - RFC 5321 §4.2 (reply lines, multi-line framing, reply-code digits),
 * - RFC 3463 §2 and RFC 2034 (enhanced status codes at the start of the reply text),
 * - Postfix XCLIENT_README, "XCLIENT server reply codes", and the live Postfix 3.7.11 corpus.
 *
 * @packageDocumentation
 */

import type { Reply, Result, XclientErrorCode } from './errors.js';
import { failure, XclientError } from './errors.js';
import { describe, isArray, ownProperty, stringArray } from './input.js';
import { textOctetsOf } from './text-octets.js';

// ---------------------------------------------------------------------------------------------
// Character codes

const CR = 0x0d;
const SP = 0x20;
const DIGIT_0 = 0x30;
const DIGIT_2 = 0x32;
const DIGIT_5 = 0x35;
const DIGIT_9 = 0x39;

/**
 * The allowed range of each of the three reply-code digits (RFC 5321 §4.2):
 * `Reply-code = %x32-35 %x30-35 %x30-39`.
 */
const CODE_DIGITS: readonly (readonly [low: number, high: number])[] = [
  [DIGIT_2, DIGIT_5],
  [DIGIT_0, DIGIT_5],
  [DIGIT_0, DIGIT_9],
];

/** What the character after the reply code says about the line. End of line is final too. */
const SEPARATORS: Readonly<Record<number, 'final' | 'continuation'>> = {
  32: 'final', // SP
  45: 'continuation', // "-"
};

/**
 * Characters that never appear inside a reply line, by name: CR and LF would end the line (or
 * smuggle a second one in), NUL truncates it in C servers and clients.
 */
const LINE_BREAKERS: Readonly<Record<number, string>> = {
  0: 'NUL',
  10: 'LF',
  13: 'CR',
};

/**
 * RFC 3463 §2, at the start of the text, followed by SP or the end of the line (RFC 2034):
 * `status-code = class "." subject "." detail`, `class = "2" / "4" / "5"`,
 * `subject = 1*3digit`, `detail = 1*3digit`.
 */
const ENHANCED_PREFIX = /^[245]\.[0-9]{1,3}\.[0-9]{1,3}(?= |$)/;
/** The same grammar, for a whole `enhanced` field given to {@link formatReply}. */
const ENHANCED_EXACT = /^[245]\.[0-9]{1,3}\.[0-9]{1,3}$/;

/**
 * The local reply carried by every error of {@link parseReply} and {@link formatReply}:
 * `451 4.5.0 Error: malformed SMTP reply`.
 *
 * A malformed reply is not the SMTP client's fault and may be a passing upstream problem, so a
 * proxy that relays it to its own client should answer with a transient (4xx) error rather than
 * a permanent one that would make the original sender bounce the mail. `4.5.0` is RFC 3463's
 * "other or undefined protocol status".
 *
 * @example
 * ```ts
 * const r = parseReply('25O ok');
 * if (!r.ok) r.error.reply //=> { code: 451, enhanced: '4.5.0', text: 'Error: malformed SMTP reply' }
 * ```
 * @see {@link https://www.rfc-editor.org/rfc/rfc3463#section-3.6 | RFC 3463 §3.6 (X.5.0)}
 * @remarks Since 0.1.0
 */
export const MALFORMED_REPLY: Reply = {
  code: 451,
  enhanced: '4.5.0',
  text: 'Error: malformed SMTP reply',
};

// ---------------------------------------------------------------------------------------------
// Shared checks

/** Index of the first reply-code digit of `text` (from `start`) out of its range, or -1. */
function badCodeDigit(text: string, start: number): number {
  for (let i = 0; i < CODE_DIGITS.length; i++) {
    const c = text.charCodeAt(start + i);
    const [low, high] = CODE_DIGITS[i] as readonly [number, number];
    if (!(c >= low && c <= high)) return i;
  }
  return -1;
}

/** Index of the first CR, LF or NUL in `line` (from `from`), or -1. */
function lineBreaker(line: string, from: number): number {
  // Stryker disable next-line EqualityOperator: charCodeAt(length) is NaN, which names no line breaker
  for (let i = from; i < line.length; i++) {
    if (LINE_BREAKERS[line.charCodeAt(i)] !== undefined) return i;
  }
  return -1;
}

function breakerName(line: string, index: number): string {
  return LINE_BREAKERS[line.charCodeAt(index)] as string;
}

// ---------------------------------------------------------------------------------------------
// parseReply

interface InputLine {
  readonly line: string;
  /** Offset of the line in the joined input. */
  readonly start: number;
}

/**
 * Splits the input into lines with their offsets. A string splits at LF, with the CR of a CRLF
 * removed and one trailing line end allowed; array elements are lines, offset as if each were
 * followed by CRLF. Returns the lines and the offset of the end of the input.
 */
function splitInput(input: string | readonly string[]): {
  readonly lines: readonly InputLine[];
  readonly end: number;
} {
  const lines: InputLine[] = [];
  if (typeof input !== 'string') {
    let start = 0;
    for (const line of input) {
      lines.push({ line, start });
      start += line.length + 2;
    }
    return { lines, end: start };
  }
  let start = 0;
  for (;;) {
    const lf = input.indexOf('\n', start);
    if (lf === -1) {
      // Stryker disable next-line ConditionalExpression: without the empty line, an empty input has no first line, which parseReply refuses as empty just the same
      if (start < input.length || lines.length === 0)
        lines.push({ line: input.slice(start), start });
      return { lines, end: input.length };
    }
    // Stryker disable next-line ConditionalExpression,EqualityOperator: at lf === start the octet before is the LF that ended the line before (or nothing, at 0), never CR
    const end = lf > start && input.charCodeAt(lf - 1) === CR ? lf - 1 : lf;
    lines.push({ line: input.slice(start, end), start });
    start = lf + 1;
  }
}

/** A failed parse, with {@link MALFORMED_REPLY} as the error's reply. */
function malformed(
  code: Extract<XclientErrorCode, `REPLY_${string}`>,
  message: string,
  position: number,
): { readonly ok: false; readonly error: XclientError } {
  return failure({ code, message, position, reply: MALFORMED_REPLY });
}

/**
 * Reads an SMTP reply, single- or multi-line, into a {@link Reply}; never throws.
 *
 * The grammar (RFC 5321 §4.2, with RFC 3463 §2 for the enhanced code):
 *
 * ```text
 * Reply-line  = *( Reply-code "-" [ textstring ] CRLF )
 *               Reply-code [ SP textstring ] CRLF
 * Reply-code  = %x32-35 %x30-35 %x30-39
 * textstring  = 1*(%d09 / %d32-126)        ; see "Leniency" below
 * status-code = class "." subject "." detail   ; at the start of the text,
 * class       = "2" / "4" / "5"                ; followed by SP or end of line
 * subject     = 1*3digit
 * detail      = 1*3digit
 * ```
 *
 * - A string holds one or more lines separated by CRLF or LF; one trailing line end is
 *   allowed. An array holds the lines without their CRLF.
 * - The enhanced status code is taken from the first line when its class equals the first
 *   digit of the reply code (`250 5.1.1 x` has none: its text is `'5.1.1 x'`). It is removed
 *   once from every line that starts with the same code followed by SP or the end of the line,
 *   as Postfix repeats it on each line; lines that carry another one keep it in their text.
 * - A single line gives a string `text`, several lines an array of strings.
 * - Leniency: an empty text after SP (`"250 "`) is read as empty; any character but CR, LF and
 *   NUL is allowed in the text (servers send UTF-8 under SMTPUTF8, and Postfix echoes it).
 *
 * Errors carry a `position`: an offset (in UTF-16 code units) into the string, or into the
 * lines of an array as if each were followed by CRLF. Their `reply` is {@link MALFORMED_REPLY}.
 *
 * | code | when | position |
 * | --- | --- | --- |
 * | `REPLY_EMPTY` | no reply line at all: `''`, a lone line end, `[]`, `['']` | 0 |
 * | `REPLY_BAD_CODE` | a line does not start with a valid reply code (also an empty line) | the bad digit |
 * | `REPLY_BAD_SEPARATOR` | the code is followed by something other than `-`, SP or end of line | the separator |
 * | `REPLY_MIXED_CODES` | a line's code differs from the first line's | the line |
 * | `REPLY_MISSING_FINAL_LINE` | the last line is a continuation (`250-…`) | end of input |
 * | `REPLY_MISSING_FINAL_LINE` | a line follows the final line (text after the reply) | that line |
 * | `REPLY_BAD_TEXT` | CR (other than in a CRLF line end), LF or NUL inside a line | the character |
 * | `REPLY_BAD_TEXT` | (from JavaScript) the input is not a string or an array of strings | 0 |
 *
 * Text after the final line is reported as `REPLY_MISSING_FINAL_LINE` because in both cases
 * the line marked final is not the last line of the input: the framing is broken.
 *
 * @param input - the reply as received: a string, or its lines without CRLF.
 * @returns `{ ok: true, value }` with the reply, or `{ ok: false, error }` with an
 *   {@link XclientError} as in the table above.
 * @example
 * ```ts
 * parseReply('501 5.5.4 Error: attribute=value expected\r\n')
 * //=> { ok: true, value: { code: 501, enhanced: '5.5.4', text: 'Error: attribute=value expected' } }
 * parseReply(['250-mx.example', '250 PIPELINING'])
 * //=> { ok: true, value: { code: 250, text: ['mx.example', 'PIPELINING'] } }
 * parseReply('250-2.0.0 a\r\n250 2.0.0 b')
 * //=> { ok: true, value: { code: 250, enhanced: '2.0.0', text: ['a', 'b'] } }
 * parseReply('250 5.1.1 x') //=> { ok: true, value: { code: 250, text: '5.1.1 x' } }
 * parseReply('250-ok\r\n') //=> { ok: false, error: XclientError REPLY_MISSING_FINAL_LINE, position 8 }
 * ```
 * @see {@link https://www.rfc-editor.org/rfc/rfc5321#section-4.2 | RFC 5321 §4.2}
 * @see {@link https://www.rfc-editor.org/rfc/rfc3463#section-2 | RFC 3463 §2}
 * @see {@link https://www.rfc-editor.org/rfc/rfc2034 | RFC 2034}
 * @remarks Since 0.1.0
 */
export function parseReply(input: string | readonly string[]): Result<Reply> {
  // For JavaScript callers: "never throws" holds for any value. An array is copied first,
  // and a hole, a non-string or a Proxy trap that throws ends the copy.
  const given = typeof input === 'string' ? input : stringArray(input);
  if (given === undefined) {
    return malformed(
      'REPLY_BAD_TEXT',
      'the input is not a string or an array of strings without holes',
      0,
    );
  }
  const { lines, end } = splitInput(given);
  const first = lines[0];
  if (first === undefined || (lines.length === 1 && first.line === '')) {
    return malformed('REPLY_EMPTY', 'empty reply: no reply line', 0);
  }
  let code = 0;
  let finalSeen = false;
  const texts: string[] = [];
  for (const [index, { line, start }] of lines.entries()) {
    if (finalSeen) {
      return malformed('REPLY_MISSING_FINAL_LINE', 'a line follows the final reply line', start);
    }
    const digit = badCodeDigit(line, 0);
    if (digit !== -1) {
      return malformed(
        'REPLY_BAD_CODE',
        `line ${index + 1}: expected a reply code 200-559 (digits 2-5, 0-5, 0-9)`,
        start + digit,
      );
    }
    const lineCode = Number(line.slice(0, 3));
    const separator = line.length === 3 ? 'final' : SEPARATORS[line.charCodeAt(3)];
    if (separator === undefined) {
      return malformed(
        'REPLY_BAD_SEPARATOR',
        `line ${index + 1}: expected "-", " " or the end of the line after the reply code`,
        start + 3,
      );
    }
    if (index === 0) code = lineCode;
    else if (lineCode !== code) {
      return malformed(
        'REPLY_MIXED_CODES',
        `line ${index + 1}: reply code ${lineCode} differs from ${code} on line 1`,
        start,
      );
    }
    const bad = lineBreaker(line, 4);
    if (bad !== -1) {
      return malformed(
        'REPLY_BAD_TEXT',
        `line ${index + 1}: ${breakerName(line, bad)} inside a reply line`,
        start + bad,
      );
    }
    finalSeen = separator === 'final';
    texts.push(line.slice(4));
  }
  if (!finalSeen) {
    return malformed(
      'REPLY_MISSING_FINAL_LINE',
      'the reply ends with a continuation line ("-" after the code)',
      end,
    );
  }
  return { ok: true, value: withEnhanced(code, texts) };
}

/** Builds the parsed reply, recognising and removing the enhanced status code. */
function withEnhanced(code: number, texts: readonly string[]): Reply {
  const firstText = texts[0] as string;
  const enhanced = ENHANCED_PREFIX.exec(firstText)?.[0];
  const sameClass = enhanced !== undefined && enhanced.charCodeAt(0) === String(code).charCodeAt(0);
  const lines = sameClass ? texts.map((t) => stripEnhanced(t, enhanced)) : texts;
  const text = lines.length === 1 ? (lines[0] as string) : lines;
  return sameClass ? { code, enhanced, text } : { code, text };
}

function stripEnhanced(text: string, enhanced: string): string {
  if (text === enhanced) return '';
  return text.startsWith(enhanced) && text.charCodeAt(enhanced.length) === SP
    ? text.slice(enhanced.length + 1)
    : text;
}

// ---------------------------------------------------------------------------------------------
// formatReply

function refuse(
  code: 'REPLY_BAD_CODE' | 'REPLY_BAD_TEXT',
  message: string,
  position?: number,
): never {
  throw new XclientError({
    code,
    message,
    reply: MALFORMED_REPLY,
    // Stryker disable next-line ConditionalExpression: XclientError leaves out a position that is undefined: the same error
    ...(position === undefined ? {} : { position }),
  });
}

/**
 * Writes a {@link Reply} as wire text: every line ends in CRLF; all lines but the last have
 * `code-`, the last has `code ` (RFC 5321 §4.2); the enhanced status code is repeated on every
 * line, as Postfix does.
 *
 * - An empty line is written without a trailing space: `{ code: 220, text: '' }` gives
 *   `"220\r\n"`, and `"250 2.0.0\r\n"` with an enhanced code (RFC 5321 allows
 *   `Reply-code [ SP textstring ]`). An empty `text` array is written as one empty line.
 * - A reply without `enhanced` whose first line starts with something shaped like an enhanced
 *   code of the reply's class (`{ code: 250, text: '2.0.0 ok' }`) reads back with that enhanced
 *   code: the wire form cannot tell the two apart (RFC 2034).
 *
 * @param reply - the reply to write.
 * @returns the reply as sent on the wire, CRLF after every line.
 * @throws {@link XclientError} `REPLY_BAD_TEXT` when a text line contains CR, LF or NUL (or is
 *   not a string), with `position` the offset in that line: a builder never lets a caller
 *   smuggle a second line (or a command) into the stream.
 * @throws {@link XclientError} `REPLY_BAD_CODE` when `code` is not an integer whose digits
 *   satisfy RFC 5321 (first 2–5, second 0–5, third 0–9), or `enhanced` is not RFC 3463 syntax
 *   or its class differs from the first digit of `code`. The errors' `reply` is
 *   {@link MALFORMED_REPLY}.
 * @example
 * ```ts
 * formatReply({ code: 501, enhanced: '5.5.4', text: 'Error: attribute=value expected' })
 * //=> '501 5.5.4 Error: attribute=value expected\r\n'
 * formatReply({ code: 250, enhanced: '2.0.0', text: ['a', 'b'] })
 * //=> '250-2.0.0 a\r\n250 2.0.0 b\r\n'
 * formatReply({ code: 220, text: '' }) //=> '220\r\n'
 * formatReply({ code: 250, text: 'ok\r\nMAIL FROM:<x>' }) // throws XclientError REPLY_BAD_TEXT
 * ```
 * @see {@link https://www.rfc-editor.org/rfc/rfc5321#section-4.2 | RFC 5321 §4.2}
 * @see {@link https://www.rfc-editor.org/rfc/rfc3463#section-2 | RFC 3463 §2}
 * @remarks Since 0.1.0
 */
export function formatReply(reply: Reply): string {
  if (typeof reply !== 'object' || reply === null) {
    refuse('REPLY_BAD_CODE', `formatReply expects a reply object, not ${describe(reply)}`);
  }
  // Own properties only: an inherited `enhanced` or `text` is not the reply's.
  const code = ownProperty(reply, 'code');
  const enhanced = ownProperty(reply, 'enhanced');
  const text = ownProperty(reply, 'text');
  const digits =
    typeof code === 'number'
      ? String(code)
      : // Stryker disable next-line StringLiteral: digits is read only once the code is an integer
        '';
  if (!Number.isInteger(code) || digits.length !== 3 || badCodeDigit(digits, 0) !== -1) {
    refuse('REPLY_BAD_CODE', `reply code ${describe(code)} is not 200-559 with RFC 5321 digits`);
  }
  if (
    enhanced !== undefined &&
    (typeof enhanced !== 'string' ||
      !ENHANCED_EXACT.test(enhanced) ||
      enhanced.charCodeAt(0) !== digits.charCodeAt(0))
  ) {
    refuse(
      'REPLY_BAD_CODE',
      `enhanced status code ${describe(enhanced)} is not class.subject.detail of class ${digits[0]}`,
    );
  }
  const lines = textLines(text);
  const last = Math.max(lines.length - 1, 0);
  const prefix = (enhanced as string | undefined) ?? '';
  let out = '';
  for (let i = 0; i <= last; i++) {
    // An empty array is one empty line.
    const line = lines.length === 0 ? '' : (lines[i] as string);
    const bad = lineBreaker(line, 0);
    if (bad !== -1) {
      refuse(
        'REPLY_BAD_TEXT',
        `text line ${i + 1}: ${breakerName(line, bad)} inside a reply line`,
        bad,
      );
    }
    const body = prefix !== '' && line !== '' ? `${prefix} ${line}` : prefix + line;
    const separator = i < last ? '-' : body === '' ? '' : ' ';
    const emitted = `${digits}${separator}${body}`;
    // Checked where it is emitted, whatever it is made of. (Nothing gets here yet: the digits,
    // the enhanced code and the line have each been checked.)
    // Stryker disable next-line ConditionalExpression,StringLiteral: unreachable, see above
    if (lineBreaker(emitted, 0) !== -1) refuse('REPLY_BAD_TEXT', 'a reply line would break');
    out += `${emitted}\r\n`;
  }
  return out;
}

/** A reply's text as its lines: a string, or an array of strings without holes. */
function textLines(text: unknown): readonly string[] {
  if (typeof text === 'string') return [text];
  const lines = stringArray(text);
  if (lines !== undefined) return lines;
  const which = isArray(text) ? 'an array of strings without holes' : describe(text);
  return refuse('REPLY_BAD_TEXT', `the text must be a string or its lines, not ${which}`);
}

// ---------------------------------------------------------------------------------------------
// replyOctets

const encoder = /* @__PURE__ */ new TextEncoder();

/**
 * Writes a {@link Reply} as the octets to send: {@link formatReply}'s text encoded as UTF-8,
 * except where the library made the reply from octets that are not UTF-8. Postfix echoes a
 * client's value in `501 5.5.4 Bad NAME syntax: …` after its printable(), which keeps an
 * octet 0xC2–0xFE with the continuation octets after it whether or not they are UTF-8
 * (`E0 80 80`, `ED A0 80`, `FE 80`); `reply.text` is a string and shows such octets as
 * U+FFFD, and this function gives them back exactly as Postfix sends them.
 *
 * @param reply - the reply to write.
 * @returns its octets, CRLF after every line.
 * @throws {@link XclientError} as {@link formatReply} does.
 * @example
 * ```ts
 * const r = parseXclient('XCLIENT NAME=a+E0+80+80', { profile: 'postfix' });
 * if (!r.ok) {
 *   r.error.reply.text //=> 'Bad NAME syntax: a\uFFFD\uFFFD\uFFFD'
 *   replyOctets(r.error.reply).subarray(-6) //=> Uint8Array [0x61, 0xe0, 0x80, 0x80, 0x0d, 0x0a]
 *   formatReply(r.error.reply).endsWith('a\uFFFD\uFFFD\uFFFD\r\n') //=> true
 * }
 * replyOctets({ code: 250, text: 'ok' }) //=> Uint8Array [0x32, 0x35, 0x30, 0x20, 0x6f, 0x6b, 0x0d, 0x0a]
 * ```
 * @see docs/spec/postfix.md §2.1
 * @remarks Since 0.1.0
 */
export function replyOctets(reply: Reply): Uint8Array {
  const wire = formatReply(reply);
  const text = textOctetsOf(reply);
  if (text === undefined) return encoder.encode(wire);
  const head = encoder.encode(
    wire.slice(0, wire.length - (ownProperty(reply, 'text') as string).length - 2),
  );
  const out = new Uint8Array(head.length + text.length + 2);
  out.set(head);
  out.set(text, head.length);
  out.set([CR, 0x0a], head.length + text.length);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Classification

/**
 * What one class of XCLIENT reply means, and what a client does next.
 * @example
 * ```ts
 * const info: XclientReplyClassInfo = XCLIENT_REPLY_CLASSES.unauthorized;
 * info.usable //=> true
 * ```
 * @remarks Since 0.1.0
 */
export interface XclientReplyClassInfo {
  /** The reply codes of this class; empty for `'rejected'` (every other code). */
  readonly codes: readonly number[];
  /** What the server meant. */
  readonly meaning: string;
  /** Whether the connection can still be used for mail after this reply. */
  readonly usable: boolean;
  /** What a client should do next. */
  readonly next: string;
}

/**
 * The classes of reply to an XCLIENT command, after the Postfix XCLIENT_README table, with
 * what each means, whether the connection remains usable, and what a client does next.
 *
 * @example
 * ```ts
 * XCLIENT_REPLY_CLASSES.success.next //=> 'Send EHLO (or HELO) again: the session is back at the greeting stage.'
 * XCLIENT_REPLY_CLASSES.unavailable.usable //=> false
 * ```
 * @see {@link https://www.postfix.org/XCLIENT_README.html | Postfix XCLIENT_README, "XCLIENT server reply codes"}
 * @remarks Since 0.1.0
 */
export const XCLIENT_REPLY_CLASSES = {
  success: {
    codes: [220],
    meaning:
      'The attributes were applied and the session was reset to the initial greeting stage; the text is the server greeting.',
    usable: true,
    next: 'Send EHLO (or HELO) again: the session is back at the greeting stage.',
  },
  'nonconforming-success': {
    codes: [250],
    meaning:
      'Accepted with 250 instead of a 220 greeting, as go-guerrilla and Mailpit do (and Mailpit also when unauthorised); nginx accepts it, swaks and Roundcube do not.',
    usable: true,
    next: 'Decide whether to trust it; if so, send EHLO again as after 220.',
  },
  unavailable: {
    codes: [421],
    meaning:
      'The server is unable to proceed and closes the connection (Postfix: 421 4.3.0 when its authorized-hosts table cannot be read).',
    usable: false,
    next: 'Close the connection; retry later on a new one.',
  },
  syntax: {
    codes: [501],
    meaning:
      'Bad command parameter syntax. Postfix has already applied the attributes left of the one at fault (no rollback), without the reset of a success.',
    usable: true,
    next: 'Fix the attribute named in the text and send the whole command again, or close the connection.',
  },
  transaction: {
    codes: [503],
    meaning: 'A mail transaction is in progress (after MAIL, before the end of DATA or RSET).',
    usable: true,
    next: 'Send RSET, then XCLIENT again.',
  },
  unauthorized: {
    codes: [550],
    meaning:
      'The client may not use XCLIENT (Postfix: not in smtpd_authorized_xclient_hosts, or no longer after an earlier XCLIENT moved ADDR or NAME).',
    usable: true,
    next: 'Do not retry XCLIENT on this connection: go on without it, or QUIT.',
  },
  rejected: {
    codes: [],
    meaning:
      'Any other code: connection rejected by a connection-level access decision (README "other" row, e.g. 554). Also where replies of servers without XCLIENT (500, 502) and Postfix\'s 221 for `XCLIENT:` land.',
    usable: false,
    next: 'Send QUIT and close the connection.',
  },
} as const satisfies Readonly<Record<string, XclientReplyClassInfo>>;

/**
 * The class of a reply to XCLIENT: a key of {@link XCLIENT_REPLY_CLASSES}.
 *
 * @example
 * ```ts
 * const kind: XclientReplyClass = 'nonconforming-success';
 * ```
 * @remarks Since 0.1.0
 */
export type XclientReplyClass = keyof typeof XCLIENT_REPLY_CLASSES;

const CLASS_BY_CODE: ReadonlyMap<number, XclientReplyClass> = /* @__PURE__ */ (() =>
  new Map(
    (Object.keys(XCLIENT_REPLY_CLASSES) as XclientReplyClass[]).flatMap((name) =>
      XCLIENT_REPLY_CLASSES[name].codes.map((code): [number, XclientReplyClass] => [code, name]),
    ),
  ))();

/**
 * Tells what a server's reply to XCLIENT means, from its code alone.
 *
 * 220 is `'success'`, 250 `'nonconforming-success'` (the caller decides whether to accept it),
 * 421 `'unavailable'`, 501 `'syntax'`, 503 `'transaction'`, 550 `'unauthorized'`, and every
 * other code `'rejected'`. See {@link XCLIENT_REPLY_CLASSES} for what to do next.
 *
 * @param reply - the reply the server sent to XCLIENT.
 * @returns the reply's class.
 * @example
 * ```ts
 * classifyXclientReply({ code: 220, text: 'mx.example ESMTP' }) //=> 'success'
 * classifyXclientReply(REPLIES.unauthorized) //=> 'unauthorized'
 * classifyXclientReply({ code: 554, enhanced: '5.7.1', text: 'Client host rejected' }) //=> 'rejected'
 * ```
 * @see {@link https://www.postfix.org/XCLIENT_README.html | Postfix XCLIENT_README, "XCLIENT server reply codes"}
 * @remarks Since 0.1.0
 */
export function classifyXclientReply(reply: Reply): XclientReplyClass {
  return CLASS_BY_CODE.get(ownProperty(reply, 'code') as number) ?? 'rejected';
}
