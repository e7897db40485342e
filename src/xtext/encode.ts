/**
 * The xtext encoder (RFC 3461 §4): a value's octets, each an xchar or "+" and two upper-case
 * hex digits, from the classes of ./classes.ts.
 *
 * @packageDocumentation
 */

import { XclientError } from '../errors.js';
import { describe, ownProperty, readableOctets, UNREADABLE } from '../input.js';
import { INVALID_XTEXT } from '../replies.js';
import { CHUNK, flat, joinParts } from '../text-builder.js';
import { CLASS, ONLY_TOKEN_SAFE_XCHARS, ONLY_XCHARS, T, X } from './classes.js';

const HEX_DIGITS = '0123456789ABCDEF';

/** The xtext of every octet, derived from {@link CLASS}: the octet itself or "+XX". */
function encodingTable(literal: (cls: number) => boolean): readonly string[] {
  return Array.from({ length: 256 }, (_unused, b) =>
    literal(CLASS[b] as number)
      ? String.fromCharCode(b)
      : `+${HEX_DIGITS[b >> 4] as string}${HEX_DIGITS[b & 15] as string}`,
  );
}
const ENCODED = /* @__PURE__ */ encodingTable((cls) => (cls & X) !== 0);
/** As {@link ENCODED}, with Postfix's tokenizer specials escaped too. */
const ENCODED_TOKEN_SAFE = /* @__PURE__ */ encodingTable((cls) => (cls & (X | T)) === X);

/**
 * Options of {@link encodeXtext}.
 * @example
 * ```ts
 * encodeXtext('say "hi"', { tokenSafe: true } satisfies XtextEncodeOptions) //=> 'say+20+22hi+22'
 * ```
 * @remarks Since 0.1.0
 */
export interface XtextEncodeOptions {
  /**
   * Also escape `"`, `<`, `>` and `\`: they are xchars, but Postfix's command tokenizer
   * reads `"…"` and `<…>` as groups that swallow spaces, and `\` as an escape, so a raw one
   * in a value can pull the next attribute into it. {@link formatXclient} always sets this.
   * @defaultValue false
   */
  readonly tokenSafe?: boolean;
}

/**
 * Encodes a value as xtext (RFC 3461 §4). A string is UTF-8 encoded first. An octet in
 * 0x21–0x7E other than `+` and `=` stands for itself; every other octet becomes `+` and two
 * upper-case hex digits. The output is pure ASCII and never holds CR, LF, NUL or SP.
 *
 * @param value - the value: text (UTF-8 encoded first) or raw octets.
 * @param options - `tokenSafe` to escape Postfix's tokenizer specials as well.
 * @returns the xtext.
 * @throws {@link XclientError} `XTEXT_INVALID_UTF16` when a string holds a lone surrogate,
 *   which has no UTF-8 form (encoding it would silently substitute U+FFFD);
 *   `FORMAT_INVALID_INPUT` when the value is neither a string nor a `Uint8Array`.
 * @example
 * ```ts
 * encodeXtext('bob smith+tag=x@example.com') //=> 'bob+20smith+2Btag+3Dx@example.com'
 * encodeXtext('jürgen')                      //=> 'j+C3+BCrgen'
 * encodeXtext(new Uint8Array([0, 0x7f]))     //=> '+00+7F'
 * encodeXtext('a"b\\', { tokenSafe: true })    //=> 'a+22b+5C'
 * ```
 * @see RFC 3461 §4
 * @remarks Since 0.1.0
 */
export function encodeXtext(value: string | Uint8Array, options?: XtextEncodeOptions): string {
  const safe = ownProperty(options, 'tokenSafe');
  if (safe === UNREADABLE) {
    throw new XclientError({
      code: 'OPTION_INVALID',
      message: 'encodeXtext: the tokenSafe option cannot be read',
      reply: INVALID_XTEXT,
    });
  }
  const tokenSafe = safe === true;
  const table = tokenSafe ? ENCODED_TOKEN_SAFE : ENCODED;
  if (typeof value === 'string') {
    // A value made only of literal xchars is its own xtext.
    // Stryker disable next-line ConditionalExpression: → false is only slower (the loop writes each xchar as itself); → true, killed, is ignored with it
    if ((tokenSafe ? ONLY_TOKEN_SAFE_XCHARS : ONLY_XCHARS).test(value)) return value;
    return encodeString(value, table);
  }
  const octets = readableOctets(value);
  if (octets === undefined) {
    throw new XclientError({
      code: 'FORMAT_INVALID_INPUT',
      message: `encodeXtext expects a string or a Uint8Array, got ${describe(value)}`,
      reply: INVALID_XTEXT,
    });
  }
  return encodeOctets(octets, table);
}

/**
 * UTF-16 to UTF-8 to xtext in one pass: no TextEncoder, no intermediate octets. Built in
 * parts of at most CHUNK pieces, each in a local string (the speed of `+=`); every part but
 * the last is flattened, so memory stays in proportion to the output (src/text-builder.ts).
 */
function encodeString(value: string, table: readonly string[]): string {
  const parts: string[] = [];
  const n = value.length;
  let out = '';
  for (let i = 0; ; out = '') {
    for (const stop = Math.min(n, i + CHUNK); i < stop; i++) {
      let c = value.charCodeAt(i);
      if (c < 0x80) {
        out += table[c] as string;
      } else if (c < 0x800) {
        out += (table[0xc0 | (c >> 6)] as string) + (table[0x80 | (c & 63)] as string);
      } else if (c < 0xd800 || c > 0xdfff) {
        out +=
          (table[0xe0 | (c >> 12)] as string) +
          (table[0x80 | ((c >> 6) & 63)] as string) +
          (table[0x80 | (c & 63)] as string);
      } else {
        const d = value.charCodeAt(i + 1);
        if (c > 0xdbff || !(d >= 0xdc00 && d <= 0xdfff)) {
          throw new XclientError({
            code: 'XTEXT_INVALID_UTF16',
            message: `lone surrogate U+${c.toString(16).toUpperCase()} at offset ${i} has no UTF-8 form`,
            position: i,
            reply: INVALID_XTEXT,
          });
        }
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
        out +=
          (table[0xf0 | (c >> 18)] as string) +
          (table[0x80 | ((c >> 12) & 63)] as string) +
          (table[0x80 | ((c >> 6) & 63)] as string) +
          (table[0x80 | (c & 63)] as string);
      }
    }
    if (i >= n) return joinParts(parts, out);
    parts.push(flat(out));
  }
}

/** Octets to xtext, in parts as {@link encodeString} builds them. */
function encodeOctets(octets: Uint8Array, table: readonly string[]): string {
  const parts: string[] = [];
  const n = octets.length;
  let out = '';
  for (let i = 0; ; out = '') {
    for (const stop = Math.min(n, i + CHUNK); i < stop; i++) {
      out += table[octets[i] as number] as string;
    }
    if (i >= n) return joinParts(parts, out);
    parts.push(flat(out));
  }
}
