/**
 * The XCLIENT command line: parse what was received, format what to send.
 *
 * ```
 * xclient-command = XCLIENT 1*( SP attribute-name"="attribute-value )
 * attribute-name  = ( NAME | ADDR | PORT | PROTO | HELO | LOGIN | DESTADDR |
 *                     DESTPORT )              ; and REVERSE_NAME (Postfix 2.5+)
 * attribute-value = xtext                     ; RFC 3461 §4
 * ```
 * (Postfix XCLIENT_README; names case-insensitive; a command line is at most 512 octets
 * with its CRLF, RFC 5321 §4.5.3.1.4.)
 *
 * Three readers, one per profile:
 * - `'strict'`: the grammar above exactly: single SP separators, 512 octets, strict xtext,
 *   no duplicates, no unknown names, no control characters anywhere.
 * - `'postfix'`: Postfix 3.7.11 (SPEC.md §1–§2): its tokenizer (whitespace runs, `"` and
 *   `<…>` grouping, backslash escapes, `to:`/`from:` splitting), its 2048-octet silent
 *   truncation, the NUL that ends a C string, its order of checks and its exact replies.
 * - `'lenient'`: what swaks, nginx and Dovecot send (INTEROP.md): raw spaces in a value
 *   (a token that does not start with a known `NAME=` continues the previous value), raw
 *   octets, lower-case hex, bare IPv6, `PROTO=LMTP`, long lines, and Dovecot's extension
 *   attributes, each reported as a warning.
 *
 * @see SPEC.md §1, §2, §11, §13; INTEROP.md
 * @packageDocumentation
 */

import {
  ATTRIBUTES,
  asciiUpper,
  attributeName,
  isSpecialValue,
  maskForReply,
  type SpecialValue,
  validateClean,
  validateKnown,
  type XclientAttributeName,
  type XclientValues,
} from './attributes.js';
import {
  failure,
  type Profile,
  type Reply,
  syntaxReply,
  type Warning,
  XclientError,
  type XclientErrorCode,
} from './errors.js';
import { REPLIES } from './reply.js';
import {
  decodeUtf8,
  encodeUtf8Head,
  encodeUtf8Transient,
  findInvalidUtf8,
  findLoneSurrogate,
  utf8Length,
} from './utf8.js';
import { decodeXtextOctets, encodeXtext } from './xtext.js';

// Named octets.
const NUL = 0x00;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const DQUOTE = 0x22;
const LT = 0x3c;
const GT = 0x3e;
const EQUALS = 0x3d;
const PLUS = 0x2b;
const COLON = 0x3a;
const BACKSLASH = 0x5c;
const DEL = 0x7f;

/**
 * RFC 5321 §4.5.3.1.4: a command line is at most 512 octets, CRLF included.
 * @example
 * ```ts
 * line.length + 2 <= MAX_LINE_OCTETS // a command line with its CRLF
 * ```
 * @remarks Since 0.1.0
 */
export const MAX_LINE_OCTETS = 512;
/**
 * Postfix refuses a raw (still encoded) value longer than this (smtpd.c).
 * @example
 * ```ts
 * encodeXtext(value).length <= MAX_VALUE_OCTETS // what Postfix accepts
 * ```
 * @remarks Since 0.1.0
 */
export const MAX_VALUE_OCTETS = 255;
/**
 * Postfix's `line_length_limit`: longer lines are silently cut here.
 * @example
 * ```ts
 * POSTFIX_LINE_LIMIT //=> 2048
 * ```
 * @remarks Since 0.1.0
 */
export const POSTFIX_LINE_LIMIT = 2048;
/** The longest line the 'lenient' profile reads (four times RFC 5321's limit, as smtp-server). */
export const LENIENT_LINE_LIMIT = 4096;

/**
 * The attribute names Dovecot sends beyond Postfix's nine; the 'lenient' profile returns
 * them as `extensions` instead of failing.
 * @example
 * ```ts
 * EXTENSION_NAMES.includes('SESSION') //=> true
 * ```
 * @remarks Since 0.1.0
 */
export const EXTENSION_NAMES: readonly string[] = [
  'SESSION',
  'TTL',
  'TIMEOUT',
  'CLIENT-TRANSPORT',
  'DESTNAME',
  'FORWARD',
];

// ---------------------------------------------------------------------------------------
// Types

/**
 * One attribute of a parsed command, in the order sent.
 * @example
 * ```ts
 * const r = parseXclient('XCLIENT LOGIN=bob+20smith');
 * const a: XclientAttribute | undefined = r.ok ? r.value.attributes[0] : undefined;
 * // { name: 'LOGIN', rawName: 'LOGIN', raw: 'bob+20smith', decoded: 'bob smith', value: 'bob smith', position: 8 }
 * ```
 * @remarks Since 0.1.0
 */
export type XclientAttribute = {
  readonly [K in XclientAttributeName]: {
    /** The canonical upper-case name. */
    readonly name: K;
    /** The name as sent (any case). */
    readonly rawName: string;
    /** The value as sent, still xtext-encoded. */
    readonly raw: string;
    /** The value after xtext decoding, as the server sees it (masked in 'postfix'). */
    readonly decoded: string;
    /** The typed, normalized value. */
    readonly value: XclientValues[K];
    /** Octet offset of the attribute name in the line. */
    readonly position: number;
  };
}[XclientAttributeName];

/**
 * A non-Postfix attribute the 'lenient' profile recognized (Dovecot's SESSION, TTL, …).
 * @example
 * ```ts
 * const r = parseXclient('XCLIENT PORT=1 TTL=5', { profile: 'lenient' });
 * r.ok && r.value.extensions //=> [{ name: 'TTL', raw: '5', position: 15 }]
 * ```
 * @remarks Since 0.1.0
 */
export interface XclientExtension {
  /** The name, upper case. */
  readonly name: string;
  /** The value as sent. */
  readonly raw: string;
  /** Octet offset of the name in the line. */
  readonly position: number;
}

/**
 * A parsed XCLIENT command: the attributes in the order sent, and each attribute's typed
 * value by name (the last one wins when an attribute is repeated, as in Postfix).
 *
 * @example
 * ```ts
 * const r = parseXclient('XCLIENT NAME=spike.porcupine.org ADDR=168.100.189.2');
 * if (r.ok) {
 *   r.value.ADDR                 //=> '168.100.189.2'
 *   r.value.attributes[0].name   //=> 'NAME'
 * }
 * ```
 * @remarks Since 0.1.0
 */
export type XclientCommand = { readonly [K in XclientAttributeName]?: XclientValues[K] } & {
  /** Every attribute, in the order sent, duplicates included. */
  readonly attributes: readonly XclientAttribute[];
  /** Extension attributes ('lenient' only). */
  readonly extensions: readonly XclientExtension[];
};

/**
 * Options of {@link parseXclient}.
 * @example
 * ```ts
 * parseXclient('XCLIENT NAME=x.example', { profile: 'lenient' } satisfies ParseOptions)
 * ```
 * @remarks Since 0.1.0
 */
export interface ParseOptions {
  /**
   * `'strict'` (the README grammar), `'postfix'` (Postfix 3.7.11 exactly) or `'lenient'`
   * (what real clients send).
   * @defaultValue `'strict'`
   */
  readonly profile?: Profile;
}

/**
 * The result of {@link parseXclient}. A failure also carries `partial`: the attributes that
 * were accepted before the failing one (Postfix keeps them applied, SPEC.md §6).
 * @example
 * ```ts
 * const r: ParseXclientResult = parseXclient('XCLIENT NAME=ok.example PORT=x', { profile: 'postfix' });
 * if (!r.ok) r.partial.map((a) => a.name) //=> ['NAME']
 * ```
 * @remarks Since 0.1.0
 */
export type ParseXclientResult =
  | {
      readonly ok: true;
      readonly value: XclientCommand;
      readonly warnings: readonly Warning[];
    }
  | {
      readonly ok: false;
      readonly error: XclientError;
      readonly partial: readonly XclientAttribute[];
      readonly warnings: readonly Warning[];
    };

// ---------------------------------------------------------------------------------------
// Replies that are not Postfix's (the 'strict' and 'lenient' profiles)

const STRICT_REPLIES = /* @__PURE__ */ (() =>
  ({
    emptyLine: { code: 500, enhanced: '5.5.2', text: 'Error: bad syntax' },
    lineTooLong: { code: 500, enhanced: '5.5.6', text: 'Error: line too long' },
    controlChar: { code: 500, enhanced: '5.5.2', text: 'Error: control character in command' },
    lineFeed: { code: 500, enhanced: '5.5.2', text: 'Error: line feed inside the command' },
    spacing: syntaxReply('Error: attributes must be separated by single spaces'),
    duplicate: (name: string): Reply => syntaxReply(`Error: duplicate attribute ${name}`),
    badXtext: (name: string, raw: string): Reply => syntaxReply(`Bad ${name} xtext: ${raw}`),
  }) as const)();

// ---------------------------------------------------------------------------------------
// Octets and text

/** The text of `octets[start, end)`: UTF-8 decoded, any ill-formed octet shown as `?`. */
function text(octets: Uint8Array, start: number, end: number, line?: string): string {
  // The line as an ASCII string: its code unit offsets are its octet offsets.
  if (line !== undefined) return line.slice(start, end);
  let ascii = true;
  for (let i = start; i < end; i++) {
    if ((octets[i] as number) > 0x7f) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    let out = '';
    for (let i = start; i < end; i++) out += String.fromCharCode(octets[i] as number);
    return out;
  }
  let out = '';
  let i = start;
  while (i < end) {
    const bad = findInvalidUtf8(octets, i, end);
    const stop = bad < 0 ? end : bad;
    if (stop > i) out += decodeUtf8(octets.subarray(i, stop));
    if (bad < 0) break;
    out += '?';
    i = bad + 1;
  }
  return out;
}

/**
 * Postfix's printable() on a decoded value (src/util/printable.c, with SMTPUTF8 on): a NUL
 * ends it; printable ASCII stays; a byte 0xC2–0xFE followed by continuation bytes stays with
 * all of them (a loose UTF-8 check); everything else becomes `?`.
 */
function postfixPrintable(value: Uint8Array): {
  readonly octets: Uint8Array;
  readonly nul: number;
  readonly masked: boolean;
} {
  let end = value.indexOf(NUL);
  const nul = end;
  if (end < 0) end = value.length;
  const out = value.slice(0, end);
  let masked = false;
  for (let i = 0; i < end; i++) {
    const c = out[i] as number;
    if (c >= SP && c < DEL) continue;
    const next = i + 1 < end ? (out[i + 1] as number) : 0;
    if (c >= 0xc2 && c <= 0xfe && next >= 0x80 && next < 0xc0) {
      while (i + 1 < end && (out[i + 1] as number) >= 0x80 && (out[i + 1] as number) < 0xc0) i++;
      continue;
    }
    out[i] = 0x3f; // '?'
    masked = true;
  }
  return { octets: out, nul, masked };
}

/**
 * The offset from `start` of the first `octet` in `octets[start, end)`, or -1. A loop: the
 * `subarray(start, end).indexOf()` it replaces allocates a view per call.
 */
function indexOfOctet(octets: Uint8Array, start: number, end: number, octet: number): number {
  for (let i = start; i < end; i++) if (octets[i] === octet) return i - start;
  return -1;
}

/** C isspace() in the C locale: SP, TAB, LF, VT, FF, CR. */
function isSpace(c: number): boolean {
  return c === SP || (c >= TAB && c <= CR);
}

function isAsciiLetter(c: number): boolean {
  return (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
}

/** Case-insensitive comparison of `octets[start, end)` with an ASCII word. */
function equalsWord(octets: Uint8Array, start: number, end: number, word: string): boolean {
  if (end - start !== word.length) return false;
  for (let i = 0; i < word.length; i++) {
    const c = octets[start + i] as number;
    const w = word.charCodeAt(i);
    if (c !== w && !(isAsciiLetter(c) && (c | 0x20) === (w | 0x20))) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------
// Tokenizers. A token is a [start, end) slice of the line: no tokenizer drops an octet.

type Token = readonly [start: number, end: number];

/**
 * Postfix's smtp_next_token() (src/smtpd/smtpd_token.c): tokens end at runs of C whitespace;
 * `"…"` and `<…>` swallow whitespace (quotes kept, `"` nests inside `<>`; an unterminated
 * group runs to the end of the line); a backslash keeps itself and protects the next octet;
 * a token that is exactly `to:` or `from:` (any case) ends at its colon.
 */
function postfixTokens(line: Uint8Array, n: number): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  for (;;) {
    while (i < n && isSpace(line[i] as number)) i++;
    if (i >= n) return tokens;
    const start = i;
    while (i < n) {
      const c = line[i] as number;
      if (isSpace(c)) break;
      i++;
      if (c === LT) i = postfixQuoted(line, i, n, GT);
      else if (c === DQUOTE) i = postfixQuoted(line, i, n, DQUOTE);
      else if (c === BACKSLASH) {
        if (i < n) i++;
      } else if (
        c === COLON &&
        (equalsWord(line, start, i, 'to:') || equalsWord(line, start, i, 'from:'))
      ) {
        break;
      }
    }
    tokens.push([start, i]);
  }
}

/** smtp_quoted(): from just after the opening octet to just after the matching close. */
function postfixQuoted(line: Uint8Array, from: number, n: number, last: number): number {
  const stack = [last];
  let i = from;
  while (i < n) {
    const c = line[i++] as number;
    const wanted = stack[stack.length - 1] as number;
    if (c === BACKSLASH) {
      if (i < n) i++;
    } else if (c === wanted) {
      if (stack.length === 1) return i;
      stack.pop();
    } else if (c === DQUOTE) {
      stack.push(DQUOTE);
    } else if (c === LT && wanted === GT) {
      stack.push(GT);
    }
  }
  return i;
}

/**
 * Postfix's is_header() on the first token, quotes included (smtpd_token() keeps them):
 *
 *   header-like = 1*label-char *( SP / TAB ) ":"
 *   label-char  = %x21-39 / %x3B-7E            ; printable ASCII but ":" (and SP)
 *
 * A quoted SP or TAB can only be followed by more of them, then the colon: `A"\t:"` is
 * header-like (221), `A" ":` is not (500), measured on Postfix 3.7.11.
 */
function isHeaderLike(line: Uint8Array, start: number, end: number): boolean {
  let spaced = false;
  for (let i = start; i < end; i++) {
    const c = line[i] as number;
    if (c === COLON) return i > start;
    if (c === SP || c === TAB) {
      spaced = true; // never the first octet: the tokenizer splits on both
    } else if (c > 0x7e || c < SP || spaced) {
      return false;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------
// Parsing

interface Parsed {
  readonly attributes: XclientAttribute[];
  readonly extensions: XclientExtension[];
  readonly warnings: Warning[];
}

type Fail = { readonly ok: false; readonly error: XclientError };

function lineError(code: XclientErrorCode, message: string, reply: Reply, position: number): Fail {
  return failure({ code, message, reply, position });
}

/**
 * Parses an XCLIENT command line. Never throws, for any input.
 *
 * A `Uint8Array` is the raw line from the wire; a string is the same line as text (it is
 * UTF-8 encoded first). A trailing CRLF or LF is allowed. Positions in errors and warnings
 * are octet offsets into the (UTF-8) line. See {@link ParseOptions} for the profiles; every
 * error carries the exact reply to send.
 *
 * To replay a recorded byte string (such as the `line` fields of the conformance corpus,
 * which hold one character per octet), pass `Buffer.from(line, 'latin1')`.
 *
 * @param line - the command line.
 * @param options - the profile (default `'strict'`).
 * @returns the command, or an error with `code`, `message`, `position`, `attribute` and
 *   `reply`; either way, the warnings, and on failure the attributes accepted before it.
 * @example
 * ```ts
 * const r = parseXclient('XCLIENT NAME=spike.porcupine.org ADDR=168.100.189.2');
 * r.ok && r.value.NAME //=> 'spike.porcupine.org'
 *
 * const bad = parseXclient('XCLIENT NAME=bad..name', { profile: 'postfix' });
 * bad.ok || bad.error.reply //=> { code: 501, enhanced: '5.5.4', text: 'Bad NAME syntax: bad..name' }
 *
 * const nginx = parseXclient('XCLIENT ADDR=127.0.0.1 LOGIN=bob smith+tag=x@example.com NAME=[UNAVAILABLE]', { profile: 'lenient' });
 * nginx.ok && nginx.value.LOGIN //=> 'bob smith+tag=x@example.com'
 * ```
 * @see SPEC.md §1–§2; Postfix XCLIENT_README
 * @remarks Since 0.1.0
 */
export function parseXclient(
  line: string | Uint8Array,
  options?: ParseOptions,
): ParseXclientResult {
  const profile: Profile = options?.profile ?? 'strict';
  if (typeof line === 'string' && profile !== 'lenient') {
    const ordinary = parseOrdinary(line, profile);
    if (ordinary !== undefined) return ordinary;
  }
  const parsed: Parsed = { attributes: [], extensions: [], warnings: [] };
  const r = parseInto(line, profile, parsed);
  parsed.warnings.sort((a, b) => a.position - b.position);
  if (!r.ok) {
    return { ok: false, error: r.error, partial: parsed.attributes, warnings: parsed.warnings };
  }
  const value: Record<string, unknown> = {
    attributes: parsed.attributes,
    extensions: parsed.extensions,
  };
  for (const a of parsed.attributes) value[a.name] = a.value;
  return { ok: true, value: value as XclientCommand, warnings: parsed.warnings };
}

// ---------------------------------------------------------------------------------------
// The fast path: an ordinary line, as proxies send it.
//
//   ordinary = verb 1*(SP name "=" 1*(xchar / "+" UHEXDIG UHEXDIG)) [CRLF]  ; at most 512 octets
//   verb     = "XCLIENT"                                              ; any case
//   name     = 1*(ALPHA / "_")
//   xchar    = %x21-2A / %x2C-3C / %x3E-7E       ; 'postfix': less DQUOTE "<" ">" "\"
//
// A string of this shape is ASCII, so its characters are its octets; it has one SP between
// tokens, nothing to cut, mask or unquote (the four octets Postfix's tokenizer groups on are
// left out for 'postfix'), and no malformed escape. Both readers, strict and postfix, split
// it the same way and decode each value to the same text. parseOrdinary reads it from the
// string and builds the very result the general reader would (test/properties.test.ts
// compares the two on generated lines); anything it does not expect — an unknown or
// repeated name, a value over 255 octets, an escape of a control character or of octets
// that are not UTF-8, a value that fails validation — returns undefined, and the general
// reader, which reports the error, reads the line instead.

const ORDINARY_STRICT =
  /^[Xx][Cc][Ll][Ii][Ee][Nn][Tt](?: [A-Z_a-z]+=(?:[!-*,-<>-~]|\+[0-9A-F][0-9A-F])+)+(?:\r\n)?$/;
const ORDINARY_POSTFIX =
  /^[Xx][Cc][Ll][Ii][Ee][Nn][Tt](?: [A-Z_a-z]+=(?:[!#-*,-;?-[\]-~]|\+[0-9A-F][0-9A-F])+)+(?:\r\n)?$/;

/** The warnings list parseOrdinary gives validateClean, which adds to it only in 'lenient'. */
const UNUSED_WARNINGS: Warning[] = [];

/**
 * parseXclient's fast path: the result for an ordinary string line in 'strict' or 'postfix'
 * (the same as the general reader's), or undefined for any other line. @internal
 */
export function parseOrdinary(
  input: string,
  profile: 'strict' | 'postfix',
): ParseXclientResult | undefined {
  let n = input.length;
  if (n > MAX_LINE_OCTETS) return undefined;
  if (!(profile === 'strict' ? ORDINARY_STRICT : ORDINARY_POSTFIX).test(input)) return undefined;
  if (input.charCodeAt(n - 1) === LF) n -= 2;
  else if (n + 2 > MAX_LINE_OCTETS) return undefined;
  const attributes: XclientAttribute[] = [];
  const value: Record<string, unknown> = { attributes, extensions: [] };
  for (let start = VERB.length + 1; start < n; ) {
    const eq = input.indexOf('=', start);
    let end = input.indexOf(' ', eq);
    if (end < 0) end = n;
    const rawName = input.slice(start, eq);
    const name = attributeName(rawName);
    if (name === undefined || name in value || end - eq - 1 > MAX_VALUE_OCTETS) return undefined;
    const raw = input.slice(eq + 1, end);
    const decoded = raw.includes('+') ? decodeOrdinary(raw) : raw;
    if (decoded === undefined) return undefined;
    // Not empty; no control character, DEL, NUL or lone surrogate: the regular expression and
    // decodeOrdinary leave none in, so validateKnown's first checks have nothing to find.
    // validateClean warns only in 'lenient', which never comes here: no warning to carry.
    const r = validateClean(name, decoded, profile, UNUSED_WARNINGS);
    if (!r.ok) return undefined;
    attributes.push({
      name,
      rawName,
      raw,
      decoded: r.text,
      value: r.value,
      position: start,
    } as XclientAttribute);
    value[name] = r.value;
    start = end + 1;
  }
  return { ok: true, value: value as XclientCommand, warnings: [] };
}

/**
 * The text of an ordinary value with escapes (`+` and two upper-case hex digits each), or
 * undefined when an escape stands for a control character or the octets are not UTF-8.
 */
function decodeOrdinary(raw: string): string | undefined {
  let out = '';
  let from = 0;
  for (let i = raw.indexOf('+'); i >= 0; i = raw.indexOf('+', from)) {
    const c = (upperHex(raw.charCodeAt(i + 1)) << 4) | upperHex(raw.charCodeAt(i + 2));
    if (c < SP || c === DEL) return undefined;
    if (c > DEL) return decodeOrdinaryUtf8(raw);
    out += raw.slice(from, i) + String.fromCharCode(c);
    from = i + 3;
  }
  return out + raw.slice(from);
}

/** decodeOrdinary for a value whose escapes include octets over 0x7F. */
function decodeOrdinaryUtf8(raw: string): string | undefined {
  const octets = new Uint8Array(raw.length);
  let k = 0;
  for (let i = 0; i < raw.length; i++) {
    let c = raw.charCodeAt(i);
    if (c === PLUS) {
      c = (upperHex(raw.charCodeAt(i + 1)) << 4) | upperHex(raw.charCodeAt(i + 2));
      if (c < SP || c === DEL) return undefined;
      i += 2;
    }
    octets[k++] = c;
  }
  const value = octets.subarray(0, k);
  return findInvalidUtf8(value) < 0 ? decodeUtf8(value) : undefined;
}

/** The value of an upper-case hex digit ("0"–"9", "A"–"F"; the caller has checked it). */
function upperHex(c: number): number {
  return c <= 0x39 ? c - 0x30 : c - 0x37;
}

function parseInto(
  input: string | Uint8Array,
  profile: Profile,
  out: Parsed,
): { readonly ok: true } | Fail {
  // --- the octets of the line
  let line: Uint8Array;
  if (typeof input === 'string') {
    const lone = findLoneSurrogate(input);
    if (lone >= 0) {
      return lineError('LINE_BAD_UTF8', `lone surrogate at offset ${lone}`, REPLIES.badUtf8, lone);
    }
    if (input.length > LENIENT_LINE_LIMIT) return parseLongString(input, profile, out);
    // No part of the line outlives this call: it can live in the shared scratch buffer.
    line = encodeUtf8Transient(input);
  } else if (input instanceof Uint8Array) {
    line = input;
  } else {
    return lineError(
      'LINE_NOT_XCLIENT',
      'the line must be a string or a Uint8Array',
      REPLIES.notRecognized,
      0,
    );
  }

  // --- the end of the line: one LF (with the CRs before it) may end it
  let n = line.length;
  if (n > 0 && line[n - 1] === LF) {
    n--;
    if (profile === 'postfix') {
      while (n > 0 && line[n - 1] === CR) n--;
    } else if (n > 0 && line[n - 1] === CR) n--;
  } else if (profile === 'postfix') {
    while (n > 0 && line[n - 1] === CR) n--;
  }
  const lf = line.indexOf(LF);
  if (lf >= 0 && lf < n) {
    return lineError(
      'LINE_BAD_CHAR',
      `line feed at offset ${lf}: a line holds one command`,
      STRICT_REPLIES.lineFeed,
      lf,
    );
  }

  // A string line that encoded to one octet per code unit is ASCII: its slices are its text.
  const ascii = typeof input === 'string' && line.length === input.length ? input : undefined;
  if (profile === 'postfix') return parsePostfix(line, n, out, ascii);
  return parseStrictOrLenient(line, n, profile, out, ascii);
}

/**
 * A string line longer than any profile reads (over 4096 code units, so over 4096 octets):
 * parseInto's checks made on the string, then only the octets Postfix keeps encoded, with
 * the same results as encoding it all. Encoding a hostile megabyte line would allocate and
 * fill a buffer as long as the line, at a cost per octet that grows with the length (fresh
 * pages, cache misses): a 16× longer line cost 20–28× as much.
 */
function parseLongString(
  input: string,
  profile: Profile,
  out: Parsed,
): { readonly ok: true } | Fail {
  // The end of the line, as in parseInto: LF and CR are one code unit and one octet.
  let end = input.length;
  if (input.charCodeAt(end - 1) === LF) {
    end--;
    if (profile === 'postfix') {
      while (end > 0 && input.charCodeAt(end - 1) === CR) end--;
    } else if (end > 0 && input.charCodeAt(end - 1) === CR) end--;
  } else if (profile === 'postfix') {
    while (end > 0 && input.charCodeAt(end - 1) === CR) end--;
  }
  const lf = input.indexOf('\n');
  if (lf >= 0 && lf < end) {
    const at = utf8Length(input.slice(0, lf));
    return lineError(
      'LINE_BAD_CHAR',
      `line feed at offset ${at}: a line holds one command`,
      STRICT_REPLIES.lineFeed,
      at,
    );
  }
  const n = utf8Length(input) - (input.length - end);
  const head = encodeUtf8Head(input, POSTFIX_LINE_LIMIT);
  if (profile === 'postfix') return parsePostfix(head, n, out, undefined);
  return parseStrictOrLenient(head, n, profile, out, undefined); // too long: LINE_TOO_LONG
}

/**
 * The verb must be XCLIENT (any case), followed by at least one attribute. With
 * `postfixForbidden`, a verb Postfix treats as an attack (smtpd_forbidden_commands: CONNECT,
 * GET, POST, anything not starting with a letter; or a header-like `XCLIENT:`) gets its
 * `221` goodbye instead of `500`.
 */
function checkVerb(
  line: Uint8Array,
  tokens: readonly Token[],
  postfixForbidden: boolean,
): Fail | undefined {
  const verb = tokens[0] as Token;
  if (!equalsWord(line, verb[0], verb[1], 'XCLIENT')) {
    const shown = text(line, verb[0], verb[1]);
    const forbidden =
      postfixForbidden &&
      (isHeaderLike(line, verb[0], verb[1]) ||
        !isAsciiLetter(line[verb[0]] as number) ||
        ['CONNECT', 'GET', 'POST'].some((w) => equalsWord(line, verb[0], verb[1], w)));
    return forbidden
      ? lineError(
          'LINE_HEADER_LIKE',
          `"${shown}" is a forbidden command: Postfix disconnects`,
          REPLIES.headerLike,
          verb[0],
        )
      : lineError('LINE_NOT_XCLIENT', `"${shown}" is not XCLIENT`, REPLIES.notRecognized, verb[0]);
  }
  if (tokens.length < 2) {
    return lineError(
      'LINE_NO_ATTRIBUTES',
      'XCLIENT without attributes',
      REPLIES.noAttributes,
      verb[1],
    );
  }
  return undefined;
}

/** The 'postfix' reader: SPEC.md §1–§2 step by step. */
function parsePostfix(
  line: Uint8Array,
  length: number,
  out: Parsed,
  ascii: string | undefined,
): { readonly ok: true } | Fail {
  let n = length;
  // 1. Lines over line_length_limit are cut silently (SPEC §1).
  if (n > POSTFIX_LINE_LIMIT) {
    out.warnings.push({
      code: 'LINE_TRUNCATED',
      message: `line of ${n} octets cut at ${POSTFIX_LINE_LIMIT}, as Postfix does`,
      position: POSTFIX_LINE_LIMIT,
    });
    n = POSTFIX_LINE_LIMIT;
  }
  // 2. The line is a C string: a NUL ends it.
  const nul = line.subarray(0, n).indexOf(NUL);
  if (nul >= 0) {
    out.warnings.push({
      code: 'LINE_TRUNCATED',
      message: 'a NUL ends the line, as in Postfix',
      position: nul,
    });
    n = nul;
  }
  // 3. With smtputf8_enable the whole line must be UTF-8, before anything else.
  const bad = findInvalidUtf8(line, 0, n);
  if (bad >= 0) {
    return lineError('LINE_BAD_UTF8', `invalid UTF-8 at offset ${bad}`, REPLIES.badUtf8, bad);
  }
  // 4. Tokens; the verb.
  const tokens = postfixTokens(line, n);
  const verb = tokens[0];
  if (verb === undefined) {
    return lineError('LINE_EMPTY', 'empty command line', STRICT_REPLIES.emptyLine, 0);
  }
  const refused = checkVerb(line, tokens, true);
  if (refused !== undefined) return refused;
  // 5. The attributes, left to right; the first problem ends the command.
  for (let t = 1; t < tokens.length; t++) {
    const [start, end] = tokens[t] as Token;
    const eq = indexOfOctet(line, start, end, EQUALS);
    if (eq < 0 || start + eq + 1 === end) {
      return attrError(
        eq < 0 ? 'ATTR_MISSING_EQUALS' : 'ATTR_EMPTY',
        `"${text(line, start, end)}" is not attribute=value`,
        REPLIES.attributeValueExpected,
        start,
      );
    }
    const vStart = start + eq + 1;
    if (end - vStart > MAX_VALUE_OCTETS) {
      return attrError(
        'ATTR_VALUE_TOO_LONG',
        `value of ${end - vStart} octets (at most ${MAX_VALUE_OCTETS} before decoding)`,
        REPLIES.valueTooLong,
        vStart,
      );
    }
    const rawName = text(line, start, start + eq, ascii);
    const known = attributeName(rawName);
    const about = known === undefined ? {} : { attribute: known };
    const decoded = decodeXtextOctets(line, vStart, end, 'postfix');
    for (const [code, position] of decoded.warnings) {
      out.warnings.push({ code, message: XTEXT_WARNINGS[code] ?? code, position, ...about });
    }
    const shown = postfixPrintable(decoded.value);
    if (shown.nul >= 0) {
      out.warnings.push({
        code: 'ATTR_TRUNCATED_AT_NUL',
        message: 'a decoded NUL ends the value, as in Postfix',
        position: decoded.source(shown.nul),
        ...about,
      });
    }
    if (shown.masked) {
      out.warnings.push({
        code: 'ATTR_MASKED',
        message: 'non-printable octets shown as "?", as Postfix does',
        position: vStart,
        ...about,
      });
    }
    const name = known;
    if (name === undefined) {
      return attrError(
        'ATTR_UNKNOWN',
        `unknown attribute name "${rawName}"`,
        REPLIES.badAttributeName(rawName),
        start,
        rawName,
      );
    }
    const rawValue = text(line, vStart, end, ascii);
    // Nothing decoded, cut or masked: the value is the raw text.
    const value =
      !shown.masked && shown.nul < 0 && shown.octets.length === end - vStart
        ? rawValue
        : text(shown.octets, 0, shown.octets.length);
    const r = validateKnown(name, value, 'postfix');
    if (!r.ok) return relocate(r.error, vStart);
    // No warning from the attribute rules here: the value is already cut and masked.
    addAttribute(out, name, rawName, rawValue, r.text, r.value, start, r.warnings);
  }
  return { ok: true };
}

/** The 'strict' and 'lenient' readers. */
function parseStrictOrLenient(
  line: Uint8Array,
  n: number,
  profile: Profile,
  out: Parsed,
  ascii: string | undefined,
): { readonly ok: true } | Fail {
  const lenient = profile === 'lenient';
  const limit = lenient ? LENIENT_LINE_LIMIT : MAX_LINE_OCTETS;
  if (n + 2 > limit) {
    return lineError(
      'LINE_TOO_LONG',
      `line of ${n + 2} octets with its CRLF (at most ${limit})`,
      STRICT_REPLIES.lineTooLong,
      limit - 2,
    );
  }
  if (lenient && n + 2 > MAX_LINE_OCTETS) {
    out.warnings.push({
      code: 'LINE_TOO_LONG',
      message: `line of ${n + 2} octets with its CRLF, over RFC 5321's ${MAX_LINE_OCTETS}`,
      position: MAX_LINE_OCTETS - 2,
    });
  }
  const bad = findInvalidUtf8(line, 0, n);
  if (bad >= 0) {
    return lineError('LINE_BAD_UTF8', `invalid UTF-8 at offset ${bad}`, REPLIES.badUtf8, bad);
  }
  // Strict: no control character at all. Lenient: only NUL and CR are refused (swaks sends
  // TAB and DEL raw); LF cannot be here.
  for (let i = 0; i < n; i++) {
    const c = line[i] as number;
    if (lenient ? c === NUL || c === CR : c < SP || c === DEL) {
      return c === TAB
        ? lineError('LINE_BAD_SPACING', `TAB at offset ${i}`, STRICT_REPLIES.spacing, i)
        : lineError(
            'LINE_BAD_CHAR',
            `control character 0x${c.toString(16).padStart(2, '0')} at offset ${i}`,
            STRICT_REPLIES.controlChar,
            i,
          );
    }
  }
  if (n === 0) return lineError('LINE_EMPTY', 'empty command line', STRICT_REPLIES.emptyLine, 0);

  // Tokens: strict splits at each SP (an empty token is a spacing error); lenient at runs
  // of SP and TAB.
  const tokens: Token[] = [];
  let i = 0;
  if (lenient) {
    for (;;) {
      while (i < n && (line[i] === SP || line[i] === TAB)) i++;
      if (i >= n) break;
      const start = i;
      while (i < n && line[i] !== SP && line[i] !== TAB) i++;
      tokens.push([start, i]);
    }
    if (tokens.length === 0)
      return lineError('LINE_EMPTY', 'empty command line', STRICT_REPLIES.emptyLine, 0);
    if ((tokens[0] as Token)[0] > 0 || (n > 0 && (line[n - 1] === SP || line[n - 1] === TAB))) {
      out.warnings.push({
        code: 'LINE_EXTRA_SPACE',
        message: 'leading or trailing space',
        position: 0,
      });
    }
  } else {
    let start = 0;
    for (i = 0; i <= n; i++) {
      if (i === n || line[i] === SP) {
        if (i === start) {
          return lineError(
            'LINE_BAD_SPACING',
            `empty token at offset ${i}`,
            STRICT_REPLIES.spacing,
            i,
          );
        }
        tokens.push([start, i]);
        start = i + 1;
      }
    }
  }
  const refused = checkVerb(line, tokens, false);
  if (refused !== undefined) return refused;

  // Lenient: a token that does not start with a known NAME= continues the previous value
  // (nginx sends LOGIN unencoded, spaces included).
  const pieces: Token[] = [];
  for (let t = 1; t < tokens.length; t++) {
    const token = tokens[t] as Token;
    // (never index with -1: a negative index is a slow named-property look-up on V8)
    const previous = pieces.length > 0 ? pieces[pieces.length - 1] : undefined;
    if (lenient && previous !== undefined && !startsWithKnownName(line, token, ascii)) {
      const previousName = attributeName(
        text(
          line,
          previous[0],
          previous[0] + Math.max(0, indexOfOctet(line, previous[0], previous[1], EQUALS)),
        ),
      );
      out.warnings.push({
        code: 'LINE_RAW_SPACE_IN_VALUE',
        message: 'unencoded whitespace inside a value',
        position: previous[1],
        ...(previousName === undefined ? {} : { attribute: previousName }),
      });
      pieces[pieces.length - 1] = [previous[0], token[1]];
    } else pieces.push(token);
  }

  const seen = new Set<XclientAttributeName>();
  for (const [start, end] of pieces) {
    const eq = indexOfOctet(line, start, end, EQUALS);
    if (eq < 0) {
      return attrError(
        'ATTR_MISSING_EQUALS',
        `"${text(line, start, end)}" is not attribute=value`,
        REPLIES.attributeValueExpected,
        start,
      );
    }
    const vStart = start + eq + 1;
    const rawName = text(line, start, start + eq, ascii);
    const rawValue = text(line, vStart, end, ascii);
    const name = attributeName(rawName);
    if (name === undefined) {
      const upper = asciiUpper(rawName);
      if (lenient && EXTENSION_NAMES.includes(upper)) {
        out.extensions.push({ name: upper, raw: rawValue, position: start });
        out.warnings.push({
          code: 'ATTR_EXTENSION',
          message: `${upper} is a Dovecot extension attribute, not Postfix's`,
          position: start,
        });
        continue;
      }
      return attrError(
        'ATTR_UNKNOWN',
        `unknown attribute name "${rawName}"`,
        REPLIES.badAttributeName(maskForReply(rawName)),
        start,
        rawName,
      );
    }
    if (vStart === end) {
      return attrError(
        'ATTR_EMPTY',
        `${name} has an empty value`,
        REPLIES.attributeValueExpected,
        vStart,
        name,
      );
    }
    if (end - vStart > MAX_VALUE_OCTETS) {
      if (!lenient) {
        return attrError(
          'ATTR_VALUE_TOO_LONG',
          `${name} value of ${end - vStart} octets (at most ${MAX_VALUE_OCTETS} before decoding)`,
          REPLIES.valueTooLong,
          vStart,
          name,
        );
      }
      out.warnings.push({
        code: 'ATTR_LONG_VALUE',
        message: `${name} value of ${end - vStart} octets: Postfix refuses more than ${MAX_VALUE_OCTETS}`,
        position: vStart,
        attribute: name,
      });
    }
    if (seen.has(name)) {
      if (!lenient) {
        return attrError(
          'ATTR_DUPLICATE',
          `${name} appears twice`,
          STRICT_REPLIES.duplicate(name),
          start,
          name,
        );
      }
      out.warnings.push({
        code: 'ATTR_DUPLICATE',
        message: `${name} repeated: the last one wins`,
        position: start,
        attribute: name,
      });
    }
    seen.add(name);
    const decoded = decodeXtextOctets(line, vStart, end, profile);
    if (!decoded.ok) {
      const f = decoded.failure as { readonly code: XclientErrorCode; readonly at: number };
      return attrError(
        f.code,
        `${name}: malformed xtext at offset ${f.at}`,
        STRICT_REPLIES.badXtext(name, maskForReply(rawValue)),
        f.at,
        name,
      );
    }
    for (const [code, position] of decoded.warnings) {
      if (code === 'XTEXT_CONTROL_CHAR') continue; // refused below, by the attribute rules
      out.warnings.push({ code, message: XTEXT_WARNINGS[code] ?? code, position, attribute: name });
    }
    const invalid = findInvalidUtf8(decoded.value);
    if (invalid >= 0) {
      return attrError(
        'XTEXT_INVALID_UTF8',
        `${name}: the decoded value is not valid UTF-8`,
        REPLIES.badAttributeSyntax(
          name,
          maskForReply(text(decoded.value, 0, decoded.value.length)),
        ),
        decoded.source(invalid),
        name,
      );
    }
    // No escape taken: the decoded octets are the raw ones, whose text is rawValue.
    const value = decoded.value.length === end - vStart ? rawValue : decodeUtf8(decoded.value);
    const r = validateKnown(name, value, profile);
    if (!r.ok) {
      const at = r.error.code === 'ATTR_CONTROL_CHAR' ? r.error.position : undefined;
      return relocate(r.error, at === undefined ? vStart : inLine(decoded.source, value, at));
    }
    const warnings = r.warnings.map((w) => ({
      ...w,
      position: inLine(decoded.source, value, w.position),
    }));
    addAttribute(out, name, rawName, rawValue, r.text, r.value, start, warnings);
  }
  return { ok: true };
}

/** Whether a token starts with `NAME=` for a known or extension attribute name. */
function startsWithKnownName(
  line: Uint8Array,
  [start, end]: Token,
  ascii: string | undefined,
): boolean {
  const eq = indexOfOctet(line, start, end, EQUALS);
  if (eq <= 0) return false;
  const name = text(line, start, start + eq, ascii);
  return attributeName(name) !== undefined || EXTENSION_NAMES.includes(asciiUpper(name));
}

const XTEXT_WARNINGS: Readonly<Partial<Record<Warning['code'], string>>> = {
  XTEXT_LOWERCASE_HEX: 'lower-case hex digits in an escape (RFC 3461 requires upper case)',
  XTEXT_RAW_OCTET: 'octet(s) that xtext requires to be escaped, taken as they are',
  XTEXT_RAW_PLUS: '"+" not followed by two hex digits, taken as itself',
  XTEXT_CONTROL_CHAR: 'decoded value holds a control character',
  XTEXT_FALLBACK: 'malformed escape: the whole value is used undecoded, as Postfix does',
};

function attrError(
  code: XclientErrorCode,
  message: string,
  reply: Reply,
  position: number,
  attribute?: string,
): Fail {
  return failure(
    attribute === undefined
      ? { code, message, reply, position }
      : { code, message, reply, position, attribute },
  );
}

/**
 * Where, in the line, the character at `index` (UTF-16) of a decoded value's text came from:
 * `source` maps an index into the decoded octets to the line. Walks the raw value, so only
 * on error and warning paths.
 */
function inLine(source: (k: number) => number, value: string, index: number): number {
  return source(utf8Length(value.slice(0, index)));
}

/** The same error with its position moved into the line. */
function relocate(error: XclientError, position: number): Fail {
  return failure({
    code: error.code,
    message: error.message,
    reply: error.reply,
    position,
    ...(error.attribute === undefined ? {} : { attribute: error.attribute }),
  });
}

function addAttribute(
  out: Parsed,
  name: XclientAttributeName,
  rawName: string,
  raw: string,
  decoded: string,
  value: XclientValues[XclientAttributeName],
  position: number,
  warnings: readonly Warning[],
): void {
  for (const w of warnings) out.warnings.push(w);
  const dup = out.attributes.some((a) => a.name === name);
  if (dup && !out.warnings.some((w) => w.code === 'ATTR_DUPLICATE' && w.position === position)) {
    out.warnings.push({
      code: 'ATTR_DUPLICATE',
      message: `${name} repeated: the last one wins`,
      position,
      attribute: name,
    });
  }
  out.attributes.push({ name, rawName, raw, decoded, value, position } as XclientAttribute);
}

// ---------------------------------------------------------------------------------------
// Formatting

/**
 * What {@link formatXclient} sends: plain values, numbers for ports, and
 * {@link UNAVAILABLE} / {@link TEMPUNAVAIL} for the special values. ADDR and DESTADDR are
 * written as people write them (`192.0.2.1`, `2001:db8::1`): the `IPV6:` prefix is added.
 * @example
 * ```ts
 * const who: XclientAttributes = { NAME: 'mail.example', ADDR: '2001:db8::1', PORT: 4321, LOGIN: UNAVAILABLE };
 * ```
 * @remarks Since 0.1.0
 */
export type XclientAttributes = { readonly [K in XclientAttributeName]?: XclientValues[K] };

/**
 * Options of {@link formatXclient}.
 * @example
 * ```ts
 * const options: FormatOptions = { announced: ['NAME', 'ADDR'], unannounced: 'omit' };
 * formatXclient({ NAME: 'x.example', PORT: 25 }, options) //=> ['XCLIENT NAME=x.example']
 * ```
 * @remarks Since 0.1.0
 */
export interface FormatOptions {
  /**
   * The attribute names the server announced in its EHLO keyword (see
   * {@link parseXclientKeyword}); when given, an attribute not in the list is refused
   * (`FORMAT_NOT_ANNOUNCED`) or, with `unannounced: 'omit'`, left out.
   */
  readonly announced?: readonly string[];
  /**
   * What to do with an attribute the server did not announce.
   * @defaultValue `'throw'`
   */
  readonly unannounced?: 'throw' | 'omit';
}

/**
 * The plan {@link planXclient} makes: the lines to send, and what it left out.
 * @example
 * ```ts
 * const plan: XclientPlan = planXclient({ NAME: 'x.example' });
 * plan.lines //=> ['XCLIENT NAME=x.example']
 * ```
 * @remarks Since 0.1.0
 */
export interface XclientPlan {
  /** The command lines, without CRLF, in the order to send them. */
  readonly lines: readonly string[];
  /** Attributes left out because the server did not announce them (`unannounced: 'omit'`). */
  readonly omitted: readonly XclientAttributeName[];
}

/**
 * Attributes that survive a later successful XCLIENT on Postfix and may go in earlier
 * commands (SPEC.md §13). Every other attribute goes in the last command.
 */
const EARLY: readonly XclientAttributeName[] = ['PORT', 'DESTADDR', 'DESTPORT'];
/**
 * The last command, in this order: HELO, PROTO and LOGIN are reset by every successful
 * XCLIENT that does not carry them; NAME sets the reverse name too, so REVERSE_NAME follows
 * it; ADDR (which may end the authorization) comes last.
 */
const FINAL: readonly XclientAttributeName[] = [
  'HELO',
  'PROTO',
  'LOGIN',
  'NAME',
  'REVERSE_NAME',
  'ADDR',
];

const VERB = 'XCLIENT';
const MAX_CONTENT = MAX_LINE_OCTETS - 2; // without CRLF

function formatError(
  code: XclientErrorCode,
  message: string,
  attribute?: XclientAttributeName,
): XclientError {
  return new XclientError({
    code,
    message,
    reply: syntaxReply('Syntax: XCLIENT attribute=value...'),
    ...(attribute === undefined ? {} : { attribute }),
  });
}

/** The validated, encoded ` NAME=value` piece of one attribute. */
function piece(name: XclientAttributeName, value: unknown): string {
  let textValue: string;
  if (value === null || value === undefined)
    throw formatError('FORMAT_INVALID_INPUT', `${name} has no value`, name);
  if (typeof value === 'object' && (value as SpecialValue).kind !== undefined) {
    if (!isSpecialValue(value)) {
      throw formatError('FORMAT_INVALID_INPUT', `${name}: not a special-value marker`, name);
    }
    textValue = (value as SpecialValue).text;
  } else if (typeof value === 'number') {
    if (ATTRIBUTES[name].kind !== 'port' || !Number.isInteger(value)) {
      throw formatError('FORMAT_INVALID_INPUT', `${name}: ${value} is not a valid value`, name);
    }
    textValue = String(value);
  } else if (typeof value === 'string') {
    textValue = value;
    if (ATTRIBUTES[name].kind === 'address' && value.includes(':') && !/^ipv6:/i.test(value)) {
      textValue = `IPV6:${value}`;
    }
  } else {
    throw formatError(
      'FORMAT_INVALID_INPUT',
      `${name}: ${typeof value === 'object' || typeof value === 'undefined' ? 'an' : 'a'} ${typeof value} is not a valid value`,
      name,
    );
  }
  const r = validateKnown(name, textValue, 'strict');
  if (!r.ok) throw r.error;
  let canonical: string;
  if (typeof r.value === 'object') canonical = r.value.text;
  else if (ATTRIBUTES[name].kind === 'address')
    canonical = r.value.toString().includes(':') ? `IPV6:${r.value}` : String(r.value);
  else canonical = String(r.value);
  const encoded = encodeXtext(canonical, { tokenSafe: true });
  if (encoded.length > MAX_VALUE_OCTETS) {
    throw formatError(
      'ATTR_VALUE_TOO_LONG',
      `${name} is ${encoded.length} characters once xtext-encoded; Postfix refuses more than ${MAX_VALUE_OCTETS}`,
      name,
    );
  }
  return ` ${name}=${encoded}`;
}

/**
 * Plans the XCLIENT commands for a set of attributes: validated with the strict rules,
 * xtext-encoded, split under 512 octets the one way real Postfix keeps every attribute, and
 * filtered by what the server announced. {@link formatXclient} returns its `lines`.
 *
 * @param attributes - the attributes to assert.
 * @param options - the announced names and what to do with the others.
 * @returns the lines to send and the attributes left out.
 * @throws {@link XclientError} as {@link formatXclient} does.
 * @example
 * ```ts
 * planXclient({ NAME: 'x.example', PORT: 4321 }, { announced: ['NAME'], unannounced: 'omit' })
 * //=> { lines: ['XCLIENT NAME=x.example'], omitted: ['PORT'] }
 * ```
 * @remarks Since 0.1.0
 */
export function planXclient(attributes: XclientAttributes, options?: FormatOptions): XclientPlan {
  if (typeof attributes !== 'object' || attributes === null) {
    throw formatError('FORMAT_INVALID_INPUT', 'formatXclient expects an object of attributes');
  }
  const announced =
    options?.announced === undefined
      ? undefined
      : new Set(options.announced.map((a) => asciiUpper(String(a))));
  const mode = options?.unannounced ?? 'throw';
  if (mode !== 'throw' && mode !== 'omit') {
    throw formatError(
      'OPTION_INVALID',
      `unannounced must be 'throw' or 'omit', not ${String(mode)}`,
    );
  }
  for (const key of Object.keys(attributes)) {
    if (!Object.hasOwn(ATTRIBUTES, key)) {
      throw formatError(
        'FORMAT_INVALID_INPUT',
        `unknown attribute "${key}" (names are upper case)`,
      );
    }
  }
  const omitted: XclientAttributeName[] = [];
  const pieces = new Map<XclientAttributeName, string>();
  for (const name of [...EARLY, ...FINAL]) {
    // Own properties only, as the names were checked: an inherited NAME is not sent.
    const value = Object.hasOwn(attributes, name) ? attributes[name] : undefined;
    if (value === undefined) continue;
    const p = piece(name, value);
    if (announced !== undefined && !announced.has(name)) {
      if (mode === 'omit') {
        omitted.push(name);
        continue;
      }
      throw formatError('FORMAT_NOT_ANNOUNCED', `the server did not announce ${name}`, name);
    }
    pieces.set(name, p);
  }
  if (pieces.size === 0 && omitted.length === 0) {
    throw formatError('FORMAT_INVALID_INPUT', 'no attributes to send');
  }

  // The last command holds the final group; early attributes join it while it has room,
  // and the others go, in order, into one earlier command.
  const finalNames = FINAL.filter((name) => pieces.has(name));
  const finalBody = finalNames.map((name) => pieces.get(name)).join('');
  if (VERB.length + finalBody.length > MAX_CONTENT) {
    throw formatError(
      'FORMAT_FINAL_GROUP_TOO_LONG',
      `${finalNames.join(', ')} must travel in one command for Postfix to keep them all, but they need ${VERB.length + finalBody.length + 2} octets (at most ${MAX_LINE_OCTETS})`,
    );
  }
  let carried = '';
  const rest: string[] = [];
  for (const name of EARLY) {
    const p = pieces.get(name);
    if (p === undefined) continue;
    if (
      finalBody !== '' &&
      VERB.length + carried.length + p.length + finalBody.length <= MAX_CONTENT
    ) {
      carried += p;
    } else rest.push(p);
  }
  // The early attributes left over always fit in one command: their longest pieces are
  // ` PORT=[UNAVAILABLE]` (19), ` DESTADDR=IPV6:` + 45 characters (60) and
  // ` DESTPORT=[UNAVAILABLE]` (23), at most 110 octets with the verb.
  const lines: string[] = rest.length === 0 ? [] : [VERB + rest.join('')];
  if (finalBody !== '') lines.push(VERB + carried + finalBody);
  return { lines, omitted };
}

/**
 * Formats the XCLIENT command lines (without CRLF) that assert a set of attributes.
 *
 * Every value is validated with the strict rules and xtext-encoded; nothing invalid is ever
 * emitted, and no line holds CR, LF or NUL. Each line is at most 512 octets with its CRLF and
 * each encoded value at most 255 characters. When one command is not enough, PORT, DESTADDR
 * and DESTPORT go in an earlier command and HELO, PROTO, LOGIN, NAME, REVERSE_NAME and ADDR
 * together in the last one, in that order: every successful XCLIENT makes Postfix forget
 * HELO, PROTO and LOGIN unless it carries them (SPEC.md §13), so the README's advice to send
 * "HELO and PROTO first" loses them.
 *
 * @param attributes - the attributes to assert.
 * @param options - the names the server announced (see {@link FormatOptions}).
 * @returns the command lines, in the order to send them.
 * @throws {@link XclientError} `ATTR_BAD_VALUE` (and the other attribute codes) for an
 *   invalid value; `ATTR_VALUE_TOO_LONG` for a value over 255 characters once encoded;
 *   `FORMAT_FINAL_GROUP_TOO_LONG` (naming the attributes) when the last command cannot hold
 *   HELO, PROTO, LOGIN, NAME, REVERSE_NAME and ADDR; `FORMAT_NOT_ANNOUNCED` for an attribute
 *   the server did not announce; `FORMAT_INVALID_INPUT` for anything that is not an
 *   attribute set.
 * @example
 * ```ts
 * formatXclient({ NAME: 'spike.porcupine.org', ADDR: '168.100.189.2' })
 * //=> ['XCLIENT NAME=spike.porcupine.org ADDR=168.100.189.2']
 * formatXclient({ ADDR: '2001:db8::1', LOGIN: 'bob smith', PORT: 4321 })
 * //=> ['XCLIENT PORT=4321 LOGIN=bob+20smith ADDR=IPV6:2001:db8::1']
 * ```
 * @see SPEC.md §13; Postfix XCLIENT_README Note 1
 * @remarks Since 0.1.0
 */
export function formatXclient(attributes: XclientAttributes, options?: FormatOptions): string[] {
  return [...planXclient(attributes, options).lines];
}
