/**
 * The whole line, before its tokens: its octets, where it ends, and the checks a profile
 * makes on the line as a whole, in this order:
 *
 * ```
 * line     = *octet [ CR ] LF          ; 'postfix': any number of CRs before the LF
 * 1. a LF inside the line              ; LINE_BAD_CHAR: a line holds one command
 * 2. the length limit                  ; refused (LINE_TOO_LONG), or cut as Postfix cuts,
 *                                      ; and the cut line masked by printable() ('postfix')
 * 3. UTF-8                             ; every profile (Postfix: smtputf8_enable), on every
 *                                      ; octet read, those after a NUL included
 * 4. a NUL                             ; 'postfix': the end of the C string
 * 5. control characters                ; 'strict': any; 'lenient': NUL and CR
 * 6. an empty line                     ; LINE_EMPTY
 * ```
 *
 * Postfix's read (smtp_get() bounded by `line_length_limit`, smtpd_chat_query_limit()):
 *
 * ```
 * whole = the LF among the first 2048 octets, or right after them behind a CR
 *       -> the octets before the LF, every CR before it removed
 * cut   = otherwise -> the first 2048 octets (CRs kept), the rest up to the LF dropped,
 *         then printable() on them up to a NUL: "?" for each octet that is not printable
 *         ASCII or part of a 0xC2-0xFE lead with its continuation octets
 * ```
 *
 * @see docs/spec/postfix.md §1
 * @internal
 * @packageDocumentation
 */

import {
  failure,
  isOutcome,
  type Warning,
  type XclientError,
  type XclientErrorCode,
} from '../errors.js';
import { CR, DEL, LF, NUL, SP, TAB } from '../octets.js';
import { LINE } from '../replies.js';
import {
  decodeUtf8,
  encodeUtf8Head,
  encodeUtf8Transient,
  findInvalidUtf8,
  findLoneSurrogate,
  utf8Length,
} from '../utf8.js';
import { maskPrintable } from '../values/printable.js';
import { warning } from '../warnings.js';
import type { Rules } from './profiles.js';

/** RFC 5321 §4.5.3.1.4: a command line is at most 512 octets, CRLF included. */
export const MAX_LINE_OCTETS = 512;

/** The longest line any profile reads whole: a longer string is encoded only this far. */
const LONGEST_READ = 4096;

/** A line ready for its tokens: its octets, its length without the line end, its text. */
export interface Line {
  readonly octets: Uint8Array;
  /** The octets read: without the line end, cut where the profile cuts. */
  readonly n: number;
  /** The line as an ASCII string, when it is one: its code unit offsets are octet offsets. */
  readonly ascii: string | undefined;
}

/** A refusal of the whole line. */
export type Fail = { readonly ok: false; readonly error: XclientError };

/** A refusal of the line at `position`. */
export function lineError(
  code: XclientErrorCode,
  message: string,
  reply: XclientError['reply'],
  position: number,
): Fail {
  return failure({ code, message, reply, position });
}

/**
 * Where the line ends: one LF, with one CR before it ('crlf') or every CR before it and
 * trailing CRs without an LF ('postfix', smtp_get()). `at(i)` reads the code at `i`.
 */
function lineEnd(length: number, at: (i: number) => number, rules: Rules): number {
  let n = length;
  const all = rules.lineEnd === 'postfix';
  // Stryker disable next-line ConditionalExpression,EqualityOperator: at(-1) is undefined (octets) or NaN (a string), never LF or CR: the n > 0 guard only spares that read
  if (n > 0 && at(n - 1) === LF) {
    n--;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: at(-1) is undefined (octets) or NaN (a string), never LF or CR: the n > 0 guard only spares that read
    if (!all) return n > 0 && at(n - 1) === CR ? n - 1 : n;
  } else if (!all) return n;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: at(-1) is undefined (octets) or NaN (a string), never LF or CR: the n > 0 guard only spares that read
  while (n > 0 && at(n - 1) === CR) n--;
  return n;
}

/** The refusal of a LF before the end of the line, at octet `at`. */
const lineFeed = (at: number): Fail =>
  lineError(
    'LINE_BAD_CHAR',
    `line feed at offset ${at}: a line holds one command`,
    LINE.lineFeed,
    at,
  );

/**
 * The line's octets and where they end: a string is encoded (a very long one only as far as
 * the profile reads), octets are taken as they are.
 */
function octetsOf(input: string | Uint8Array, rules: Rules): Line | Fail {
  let octets: Uint8Array;
  let ascii: string | undefined;
  if (typeof input === 'string') {
    const lone = findLoneSurrogate(input);
    if (lone >= 0) {
      return lineError('LINE_BAD_UTF8', `lone surrogate at offset ${lone}`, LINE.badUtf8, lone);
    }
    // Stryker disable next-line ConditionalExpression,EqualityOperator: only speed and memory: longString() reads the same octets as far as any profile looks, so either path gives the same result
    if (input.length > LONGEST_READ) return longString(input, rules);
    // No part of the line outlives the call: it can live in the shared scratch buffer.
    octets = encodeUtf8Transient(input);
    // Stryker disable next-line ConditionalExpression: only speed: without it readLine() decodes the same ASCII text from the octets (asciiText)
    if (octets.length === input.length) ascii = input;
  } else octets = input;
  const n = lineEnd(octets.length, (i) => octets[i] as number, rules);
  const lf = octets.indexOf(LF);
  return lf >= 0 && lf < n ? lineFeed(lf) : { octets, n, ascii };
}

/**
 * A string longer than any profile reads (over 4096 code units, so over 4096 octets): the
 * same checks on the string, then only the octets the profile reads encoded. Encoding a
 * hostile megabyte line whole would allocate and fill a buffer as long as the line.
 */
function longString(input: string, rules: Rules): Line | Fail {
  const end = lineEnd(input.length, (i) => input.charCodeAt(i), rules);
  const lf = input.indexOf('\n');
  if (lf >= 0 && lf < end) return lineFeed(utf8Length(input.slice(0, lf)));
  const n = utf8Length(input) - (input.length - end); // LF and CR are one octet each
  return { octets: encodeUtf8Head(input, rules.lineLimit), n, ascii: undefined };
}

/** The first control octet of `line[0, n)` the rules refuse, as an error, or undefined. */
function refusedControl(line: Uint8Array, n: number, rules: Rules): Fail | undefined {
  const controls = rules.lineControls;
  if (controls === 'none') return undefined;
  for (let i = 0; i < n; i++) {
    const c = line[i] as number;
    const refused = controls === 'all' ? c < SP || c === DEL : c === NUL || c === CR;
    if (!refused) continue;
    if (c === TAB) return lineError('LINE_BAD_SPACING', `TAB at offset ${i}`, LINE.spacing, i);
    const hex = c.toString(16).padStart(2, '0');
    return lineError(
      'LINE_BAD_CHAR',
      `control character 0x${hex} at offset ${i}`,
      LINE.controlChar,
      i,
    );
  }
  return undefined;
}

/**
 * Whether Postfix's smtp_get(), bounded at `limit` octets with the LF, stops before the LF
 * of a line whose content (trailing CRs removed) is `octets[0, n)`. A line given without its
 * LF is read as if CR LF (or, after a CR, LF) followed it. Only CRs lie between the content
 * and the LF, and a CR at the bound is repaired: the line is cut when its content reaches the
 * bound, or when its LF lies beyond the bound's octet after it.
 */
function cutByBound(octets: Uint8Array, n: number, limit: number): boolean {
  if (n >= limit) return true;
  const end = octets.length;
  const last = octets[end - 1]; // undefined for no octets: no line end
  if (last === LF) return end - 1 > limit; // where the LF is
  // A CR last: the LF is read right after it. No line end at all: the content is the whole
  // line, end = n, below the bound, so this is false too.
  return end > limit;
}

/** The length limit of the rules: a refusal, or the line cut (and masked) as Postfix cuts it. */
function applyLimit(read: Line, rules: Rules, warnings: Warning[]): Line | Fail {
  const { n } = read;
  const limit = rules.lineLimit;
  if (rules.overLimit === 'error') {
    if (n + 2 <= limit) return read;
    const message = `line of ${n + 2} octets with its CRLF (at most ${limit})`;
    return lineError('LINE_TOO_LONG', message, LINE.tooLong, limit - 2);
  }
  if (!cutByBound(read.octets, n, limit)) return read;
  // A copy: the octets may be the caller's, and printable() rewrites them.
  const octets = read.octets.slice(0, limit);
  // Stryker disable next-line ConditionalExpression: only 'postfix' cuts (overLimit 'cut'), and it masks (cutLine 'printable')
  const masked = rules.cutLine === 'printable' && maskPrintable(octets, 0, limit);
  const what =
    n >= limit
      ? `line of ${n} octets cut at ${limit}`
      : `line of ${n} octets whose CRs reach octet ${limit} before the LF, cut there`;
  const shown = masked ? '; printable() shows its controls and stray 8-bit octets as "?"' : '';
  const message = `${what}, as Postfix does${shown}`;
  warnings.push({ code: 'LINE_TRUNCATED', message, position: Math.min(n, limit) });
  return { octets, n: limit, ascii: undefined };
}

/**
 * Reads a command line (a string, or the octets from the wire) up to its tokens: the checks
 * of the module comment, in that order. Warnings go to `warnings`.
 */
export function readLine(
  input: string | Uint8Array,
  rules: Rules,
  warnings: Warning[],
): Line | Fail {
  const read = octetsOf(input, rules);
  if (isOutcome(read)) return read;
  const limited = applyLimit(read, rules, warnings);
  if (isOutcome(limited)) return limited;
  const { octets } = limited;
  let n = limited.n;
  if (rules.warnOver512 && n + 2 > MAX_LINE_OCTETS) {
    warnings.push(warning('LINE_TOO_LONG', MAX_LINE_OCTETS - 2, undefined, n + 2));
  }
  // Postfix checks every octet it read, those after a NUL too (valid_utf8_string() on the
  // buffer's length), before the tokens stop at the NUL. (An ASCII line, from a string or
  // from the wire, is valid UTF-8: no need to look.)
  // Stryker disable next-line ConditionalExpression,LogicalOperator: speed only: a line taken as not ASCII is searched for invalid UTF-8 (an ASCII line holds none) and read from its octets, to the same result
  const ascii = limited.ascii !== undefined || isAscii(octets, n);
  // Stryker disable next-line ConditionalExpression: only speed: on an ASCII line the search finds nothing
  const bad = ascii ? -1 : findInvalidUtf8(octets, 0, n);
  if (bad >= 0)
    return lineError('LINE_BAD_UTF8', `invalid UTF-8 at offset ${bad}`, LINE.badUtf8, bad);
  if (rules.nul === 'ends-line') {
    const nul = octets.subarray(0, n).indexOf(NUL);
    if (nul >= 0) {
      warnings.push(warning('LINE_TRUNCATED', nul, undefined));
      n = nul;
    }
  }
  const control = refusedControl(octets, n, rules);
  if (control !== undefined) return control;
  if (n === 0) return lineError('LINE_EMPTY', 'empty command line', LINE.empty, 0);
  // The text of an ASCII line (its code unit offsets are its octet offsets): one decode, so
  // that the readers slice a string instead of building one character by character.
  // Stryker disable next-line LogicalOperator: speed only: the decode again gives the same text up to n (all the readers read)
  const text = limited.ascii ?? (ascii ? decodeUtf8(octets.subarray(0, n)) : undefined);
  return { octets, n, ascii: text };
}

/** Whether `octets[0, n)` are all ASCII. Only speed depends on it (see readLine). */
// Stryker disable next-line BlockStatement: speed only: undefined is false, the slow way
function isAscii(octets: Uint8Array, n: number): boolean {
  // Stryker disable next-line EqualityOperator,ConditionalExpression: octets[n] is a line end, a NUL or past the end, never above 0x7f; 0x7f taken as 8-bit, or every line (→ true), only makes the line searched and decoded the slow way (→ false, killed, is ignored with them)
  for (let i = 0; i < n; i++) if ((octets[i] as number) > 0x7f) return false;
  // Stryker disable next-line BooleanLiteral: speed only: false is the slow way
  return true;
}
