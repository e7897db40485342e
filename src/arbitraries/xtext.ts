/**
 * The generators' own xtext encoder (RFC 3461 §4) and octet and text helpers, so that they
 * do not trust the library under test; Unicode scalar values; and the xtext arbitrary.
 *
 * @packageDocumentation
 */

import type { Arbitrary } from 'fast-check';
import fc from 'fast-check';
import { MAX_RAW } from './limits.js';

const HEX_DIGITS = '0123456789ABCDEF';
export const utf8Encoder = /* @__PURE__ */ new TextEncoder();

// ---------------------------------------------------------------------------------------
// Our own xtext encoder (RFC 3461 §4), so that the generators do not trust the library

/** Whether an octet stands for itself in xtext: "!".."~" except "+" and "=". */
function isXchar(b: number): boolean {
  return b >= 0x21 && b <= 0x7e && b !== 0x2b && b !== 0x3d;
}

/** `+XX` with upper-case hex digits. */
export function hexchar(b: number): string {
  return `+${HEX_DIGITS[b >> 4] as string}${HEX_DIGITS[b & 15] as string}`;
}

/** `"`, `<`, `>` and `\`: xchars that formatXclient escapes anyway (Postfix's tokenizer). */
const TOKEN_SPECIALS = [0x22, 0x3c, 0x3e, 0x5c];

/**
 * The xtext of each code point of a value, one string per code point; `tokenSafe` also
 * escapes `"`, `<`, `>` and `\`, as formatXclient does.
 */
export function encodeCodePoints(value: string, tokenSafe = false): string[] {
  const out: string[] = [];
  for (const cp of value) {
    let piece = '';
    for (const b of utf8Encoder.encode(cp)) {
      const literal = isXchar(b) && !(tokenSafe && TOKEN_SPECIALS.includes(b));
      piece += literal ? String.fromCharCode(b) : hexchar(b);
    }
    out.push(piece);
  }
  return out;
}

/** Octet length of a string (UTF-8). */
export function octets(text: string): number {
  return utf8Encoder.encode(text).length;
}

/**
 * Encodes a decoded value as strict xtext of at most `budget` characters, one string per
 * code point: trailing code points are dropped until it fits, then the xchars picked by
 * `escapes` (indices, modulo the length) are written as `+XX` while that still fits.
 */
export function fitXtext(
  value: string,
  escapes: readonly number[],
  budget: number,
  tokenSafe = false,
): string[] {
  const pieces = encodeCodePoints(value, tokenSafe);
  let length = pieces.reduce((n, p) => n + p.length, 0);
  while (length > budget && pieces.length > 0) length -= (pieces.pop() as string).length;
  for (const index of escapes) {
    if (pieces.length === 0) break;
    const k = index % pieces.length;
    const piece = pieces[k] as string;
    if (piece.length === 1 && length + 2 <= budget) {
      pieces[k] = hexchar(piece.charCodeAt(0));
      length += 2;
    }
  }
  return pieces;
}

/** Which xchars to write as `+XX` anyway: usually none, shrinking to none. */
export const escapesArb: Arbitrary<readonly number[]> = fc.oneof(
  { weight: 3, arbitrary: fc.constant([]) },
  { weight: 1, arbitrary: fc.array(fc.nat({ max: 300 }), { maxLength: 4 }) },
);

/** Removes code points from the end until the UTF-8 form fits `max` octets. */
export function trimOctets(text: string, max: number): string {
  const cps = [...text];
  let n = octets(text);
  while (n > max && cps.length > 0) n -= octets(cps.pop() as string);
  return cps.join('');
}

/** Whether two strings are equal in ASCII case-insensitive comparison (C `strcasecmp`). */
export function asciiEqualsIgnoreCase(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x >= 0x61 && x <= 0x7a) x -= 0x20;
    if (y >= 0x61 && y <= 0x7a) y -= 0x20;
    if (x !== y) return false;
  }
  return true;
}

export const isSpecialText = (text: string): boolean =>
  asciiEqualsIgnoreCase(text, '[UNAVAILABLE]') || asciiEqualsIgnoreCase(text, '[TEMPUNAVAIL]');

/** Inserts `piece` into `text` before code point `index` (modulo the count plus one). */
export function insertAt(text: string, index: number, piece: string): string {
  const cps = [...text];
  const k = index % (cps.length + 1);
  return cps.slice(0, k).join('') + piece + cps.slice(k).join('');
}

// ---------------------------------------------------------------------------------------
// Unicode scalar values

/**
 * One Unicode scalar value (a code point that is not a surrogate) as a string: the values of
 * fast-check's string unit "binary", which it builds as a table of all 1 112 064 of them the
 * first time a process uses it (about 2 s). The unmapper lets shrinking work on values
 * fast-check did not generate.
 */
export const scalarValue: Arbitrary<string> = fc.integer({ min: 0, max: 0x10ffff - 0x800 }).map(
  (n) => String.fromCodePoint(n < 0xd800 ? n : n + 0x800),
  (value) => {
    const c = typeof value === 'string' ? value.codePointAt(0) : undefined;
    if (c === undefined || String.fromCodePoint(c) !== value || (c >= 0xd800 && c <= 0xdfff))
      throw new Error('not one Unicode scalar value');
    return c < 0xd800 ? c : c - 0x800;
  },
);

// ---------------------------------------------------------------------------------------
// xtext

/**
 * Strict xtext (RFC 3461 §4): any octets, or the UTF-8 of any text, with every octet outside
 * `!`..`~` and every `+` and `=` written as `+XX` (upper-case hex), and now and then an xchar
 * escaped although it need not be (`+41` for `A`). `decodeXtext(v)` in every profile accepts
 * each one.
 *
 * @param options - `maxLength`: the longest xtext, in characters (default 255, the longest
 *   XCLIENT value Postfix accepts).
 * @returns an arbitrary of xtext strings, possibly empty.
 * @example
 * ```ts
 * fc.sample(xtextValue(), 3) //=> e.g. ['', 'a+2Bb', '+C3+A9+41']
 * ```
 * @see RFC 3461 §4
 * @remarks Since 0.1.0
 */
export function xtextValue(options?: { readonly maxLength?: number }): Arbitrary<string> {
  const max = options?.maxLength ?? MAX_RAW;
  const fromText = fc.tuple(fc.string({ unit: scalarValue, maxLength: 40 }), escapesArb);
  const fromOctets = fc.tuple(fc.uint8Array({ maxLength: 40 }), escapesArb);
  return fc.oneof(
    fromText.map(([text, escapes]) => fitXtext(text, escapes, max).join('')),
    fromOctets.map(([bytes, escapes]) => {
      // octets need not be UTF-8: encode octet by octet
      const latin = String.fromCharCode(...bytes);
      const pieces = [...latin].map((ch) => {
        const b = ch.charCodeAt(0);
        return isXchar(b) ? ch : hexchar(b);
      });
      let length = 0;
      const kept: string[] = [];
      for (const p of pieces) {
        if (length + p.length > max) break;
        kept.push(p);
        length += p.length;
      }
      for (const index of escapes) {
        if (kept.length === 0) break;
        const k = index % kept.length;
        const piece = kept[k] as string;
        if (piece.length === 1 && length + 2 <= max) {
          kept[k] = hexchar(piece.charCodeAt(0));
          length += 2;
        }
      }
      return kept.join('');
    }),
  );
}
