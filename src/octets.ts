/**
 * Named octets and the ASCII character tests every reader shares. One home for each: the
 * grammar, xtext, address and reply modules import them instead of defining their own.
 *
 * Case folding is ASCII only, as C's toupper() and strcasecmp() in Postfix: `'ı'.toUpperCase()`
 * is `'I'`, which must not turn `LOGıN` into LOGIN.
 *
 * @internal
 * @packageDocumentation
 */

import { append, built, type TextBuilder, textBuilder } from './text-builder.js';

export const NUL = 0x00;
export const TAB = 0x09;
export const LF = 0x0a;
export const CR = 0x0d;
export const SP = 0x20;
export const DQUOTE = 0x22;
export const PLUS = 0x2b;
export const DOT = 0x2e;
export const COLON = 0x3a;
export const LT = 0x3c;
export const EQUALS = 0x3d;
export const GT = 0x3e;
export const BACKSLASH = 0x5c;
export const DEL = 0x7f;

/** "0"–"9". */
export const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/** "A"–"Z" and "a"–"z". */
export const isAsciiLetter = (c: number): boolean => (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;

/** C isspace() in the C locale: SP, TAB, LF, VT, FF, CR. */
export const isCSpace = (c: number): boolean => c === SP || (c >= TAB && c <= CR);

/** CR, LF or NUL: what no emitted line may hold. One class, no quantifier: linear. */
export const LINE_BREAKING = /[\0\n\r]/;

/** A C0 control character or DEL. */
export const isControl = (c: number): boolean => c < SP || c === DEL;

/**
 * The index of the first `octet` in `octets[start, end)`, or -1. A loop: `subarray().indexOf()`
 * allocates a view per call, which costs more than the search on a short token.
 */
export function findOctet(octets: Uint8Array, start: number, end: number, octet: number): number {
  for (let i = start; i < end; i++) if (octets[i] === octet) return i;
  return -1;
}

/**
 * The text with each letter of `first`..`first + 25` moved by `shift`: the text itself when
 * none is there, else built in flat chunks (memory proportional to the text).
 */
function asciiShift(text: string, first: number, shift: number): string {
  let out: TextBuilder | undefined;
  let from = 0;
  // Stryker disable next-line EqualityOperator: charCodeAt(length) is NaN, in no letter range
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= first && c <= first + 25) {
      out ??= textBuilder();
      append(out, text.slice(from, i) + String.fromCharCode(c + shift));
      from = i + 1;
    }
  }
  if (out === undefined) return text;
  append(out, text.slice(from));
  return built(out);
}

/** Upper-cases ASCII letters only (C's toupper()). */
export function asciiUpper(text: string): string {
  return asciiShift(text, 0x61, -0x20);
}

/** Lower-cases ASCII letters only (C's tolower()). */
export function asciiLower(text: string): string {
  return asciiShift(text, 0x41, 0x20);
}

/**
 * Whether `octets[start, end)` is `word` in any ASCII case (strcasecmp() on a slice). `word`
 * may hold any ASCII; only letters fold.
 */
export function equalsWordAt(
  octets: Uint8Array,
  start: number,
  end: number,
  word: string,
): boolean {
  if (end - start !== word.length) return false;
  for (let i = 0; i < word.length; i++) {
    const c = octets[start + i] as number;
    const w = word.charCodeAt(i);
    if (c !== w && !(isAsciiLetter(c) && (c | 0x20) === (w | 0x20))) return false;
  }
  return true;
}

/**
 * Whether `text` is `upper` (upper-case ASCII letters, digits, "_" or "-") in any ASCII case.
 * Only "a"–"z" fold: "ı" (U+0131) is no "I" here, whatever toUpperCase() says.
 */
export function equalsUpperAscii(text: string, upper: string): boolean {
  return text.length === upper.length && startsWithUpperAscii(text, upper);
}

/** Whether `text` holds `upper`, in any ASCII case, at `start` (see {@link equalsUpperAscii}). */
export function equalsUpperAsciiAt(text: string, start: number, upper: string): boolean {
  for (let i = 0; i < upper.length; i++) {
    const c = text.charCodeAt(start + i);
    const u = upper.charCodeAt(i);
    if (c !== u && !(c >= 0x61 && c <= 0x7a && c - 0x20 === u)) return false;
  }
  return true;
}

/** Whether `text` starts with `upper` in any ASCII case (see {@link equalsUpperAscii}). */
export function startsWithUpperAscii(text: string, upper: string): boolean {
  // A shorter text fails at its end: charCodeAt() past it is NaN, which matches nothing.
  for (let i = 0; i < upper.length; i++) {
    const c = text.charCodeAt(i);
    const u = upper.charCodeAt(i);
    if (c !== u && !(c >= 0x61 && c <= 0x7a && c - 0x20 === u)) return false;
  }
  return true;
}

/** The octets of `parts` one after another, in a new array (nothing returned aliases a part). */
export function concatOctets(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
