/**
 * What may be shown or echoed of a value: the one masking set and the one masking rule of
 * each kind the library has.
 *
 * - {@link maskForReply}: the library's own echo of a value in a reply: C0 controls, DEL and
 *   lone surrogates become `?`, so a reply line cannot carry CR, LF or NUL.
 * - {@link maskPrintable}, {@link postfixPrintable}: Postfix's printable() on octets (a line
 *   Postfix cut, a decoded value; a NUL ends the value).
 * - {@link neuter}: Postfix's NEUTER_CHARACTERS, replaced by `?` in HELO and addresses.
 *
 * @see docs/spec/postfix.md §4
 * @internal
 * @packageDocumentation
 */

import { DEL, NUL, SP } from '../octets.js';
import { append, built, textBuilder } from '../text-builder.js';
import { decodeUtf8, findInvalidUtf8 } from '../utf8.js';

/** Postfix's `NEUTER_CHARACTERS` (smtpd.c): replaced by `?` in HELO and in addresses. */
export const NEUTER_CHARACTERS = ' <>()\\";@';

/** Any of {@link NEUTER_CHARACTERS}. One class, no quantifier: linear. */
const NEUTERED = /[ <>()\\";@]/;

/** The text with each of Postfix's NEUTER_CHARACTERS replaced by `?`. */
export function neuter(text: string): string {
  // Stryker disable next-line ConditionalExpression: speed only: the replace gives the text itself (→ true, killed, is ignored with it)
  if (!NEUTERED.test(text)) return text; // the usual case, without a copy
  // A function, not the string '?': V8 builds the result of a replacement string with many
  // matches as a tree that holds ~32 bytes per character; this one is flat (1 byte).
  return text.replace(/[ <>()\\";@]/g, () => '?');
}

/** A C0 control, DEL or any surrogate. One class, no quantifier: linear. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const MASKED = /[\0-\x1F\x7F\uD800-\uDFFF]/;

/**
 * Controls and DEL replaced by `?`, lone surrogates too: safe to echo in a reply. Built in
 * flat chunks (src/text-builder.ts), in memory proportional to the text however many
 * characters are masked (a native global replace keeps every match: 130 MB for 4 MB).
 */
export function maskForReply(text: string): string {
  // Stryker disable next-line ConditionalExpression: speed only: the loop gives the text itself (→ true, killed, is ignored with it)
  if (!MASKED.test(text)) return text; // the usual case, without a copy
  const out = textBuilder();
  let from = 0;
  // Stryker disable next-line EqualityOperator: charCodeAt(length) is NaN, which is neither a surrogate nor a control
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
    } else if (!(c < SP || c === DEL || (c >= 0xdc00 && c <= 0xdfff))) continue;
    append(out, `${text.slice(from, i)}?`);
    from = i + 1;
  }
  append(out, text.slice(from));
  return built(out);
}

/**
 * Postfix's view of a decoded value given as a string: a NUL ends it (a C string), then
 * controls, DEL and lone surrogates become `?`.
 */
export function postfixView(text: string): string {
  const nul = text.indexOf('\0');
  return maskForReply(nul >= 0 ? text.slice(0, nul) : text);
}

/**
 * Postfix's printable() (src/util/printable.c, with SMTPUTF8 on, as smtpd runs it), in place
 * on `octets[start, end)` up to the first NUL (a C string): printable ASCII stays; an octet
 * 0xC2–0xFE followed by continuation octets 0x80–0xBF stays with all of them, whether or not
 * they form UTF-8 (`E0 80 80`, `FE 80` stay; `C0 80` does not); every other octet becomes
 * `?`. Returns whether it changed an octet.
 *
 * ```
 * kept  = %x20-7E / %xC2-FE 1*%x80-BF       ; the whole run of continuation octets
 * other = any octet                          ; becomes "?"
 * ```
 */
export function maskPrintable(octets: Uint8Array, start: number, end: number): boolean {
  let masked = false;
  const isTail = (i: number): boolean =>
    // Stryker disable next-line ConditionalExpression,EqualityOperator: both callers pass end = octets.length, and octets[end] is undefined, no continuation octet
    i < end && (octets[i] as number) >= 0x80 && (octets[i] as number) < 0xc0;
  for (let i = start; i < end; i++) {
    const c = octets[i] as number;
    if (c === NUL) break;
    if (c >= SP && c < DEL) continue;
    if (c >= 0xc2 && c <= 0xfe && isTail(i + 1)) {
      while (isTail(i + 1)) i++;
      continue;
    }
    octets[i] = 0x3f; // '?'
    masked = true;
  }
  return masked;
}

/**
 * Postfix's view of decoded octets: a NUL ends the value (a C string), then
 * {@link maskPrintable}. The octets may stay ill-formed UTF-8 (Postfix echoes them raw).
 */
export function postfixPrintable(value: Uint8Array): {
  readonly octets: Uint8Array;
  readonly nul: number;
  readonly masked: boolean;
} {
  const nul = value.indexOf(NUL);
  const out = value.slice(0, nul < 0 ? value.length : nul);
  const masked = maskPrintable(out, 0, out.length);
  return { octets: out, nul, masked };
}

/** Octets of {@link NEUTER_CHARACTERS}, by value. */
const NEUTER_OCTETS = /* @__PURE__ */ new Set([...NEUTER_CHARACTERS].map((c) => c.charCodeAt(0)));

/** {@link neuter} on octets: a copy with each of Postfix's NEUTER_CHARACTERS as `?`. */
export function neuterOctets(octets: Uint8Array): Uint8Array {
  // Stryker disable next-line MethodExpression: the one caller (read.ts echoOf) passes the octets postfixPrintable copied, and reads them no more after the refusal
  const out = octets.slice();
  // Stryker disable next-line EqualityOperator: out[length] is undefined, in no set
  for (let i = 0; i < out.length; i++) if (NEUTER_OCTETS.has(out[i] as number)) out[i] = 0x3f;
  return out;
}

/**
 * The text of `octets[start, end)`: UTF-8 decoded, any ill-formed octet shown as `?`. With
 * `ascii`, the line as an ASCII string, whose code unit offsets are its octet offsets.
 */
// The ASCII text and the `plain` scan are speed only: the general loop below decodes ASCII
// octets to the same text (their mutants that take the slower way are equivalent; those that
// take the faster one for non-ASCII octets are killed, and ignored with them on their lines).
export function shownText(octets: Uint8Array, start: number, end: number, ascii?: string): string {
  // Stryker disable next-line ConditionalExpression: speed only, as above
  if (ascii !== undefined) return ascii.slice(start, end);
  // Stryker disable next-line BooleanLiteral: speed only, as above
  let plain = true;
  // Stryker disable next-line EqualityOperator: speed only, as above (octets[end] may be past the text: then the slower way)
  for (let i = start; i < end; i++) {
    // Stryker disable next-line ConditionalExpression,EqualityOperator: speed only, as above
    if ((octets[i] as number) > 0x7f) {
      plain = false;
      break;
    }
  }
  // Stryker disable next-line ConditionalExpression: speed only, as above
  if (plain) return decodeUtf8(octets.subarray(start, end)); // ASCII: one flat string
  let out = '';
  let i = start;
  // Stryker disable next-line EqualityOperator: at i = end, findInvalidUtf8 finds nothing and the empty rest ends the loop
  while (i < end) {
    const bad = findInvalidUtf8(octets, i, end);
    const stop = bad < 0 ? end : bad;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: decoding no octets adds ''
    if (stop > i) out += decodeUtf8(octets.subarray(i, stop));
    if (bad < 0) break;
    out += '?';
    i = bad + 1;
  }
  return out;
}
