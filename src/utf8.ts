/**
 * UTF-8 on octets, without `node:` imports: well-formedness (RFC 3629 §4, the same rules as
 * the WHATWG decoder with `fatal: true`), and conversion to and from JavaScript strings.
 *
 * @internal
 * @packageDocumentation
 */

const encoder = /* @__PURE__ */ new TextEncoder();
const decoder = /* @__PURE__ */ new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lossyDecoder = /* @__PURE__ */ new TextDecoder('utf-8', { ignoreBOM: true });

/** Any UTF-16 surrogate code unit. One character class, no quantifier: linear. */
const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * The offset of the first lone surrogate in a string, or -1 when it is well formed.
 * A lone surrogate has no UTF-8 form: encoding it would silently write U+FFFD.
 * @internal
 */
export function findLoneSurrogate(text: string): number {
  // A native scan first: constant time on strings V8 stores one byte per character.
  // Stryker disable next-line ConditionalExpression: → false is only slower (the loop finds no surrogate either); → true, killed, is ignored with it
  if (!SURROGATE.test(text)) return -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
    }
    return i;
  }
  return -1;
}

/**
 * Only characters up to U+007F. One class under one quantifier, anchored: linear, and a
 * tight native loop (twice as fast as searching for the first character outside the class).
 */
const ONLY_ASCII = /^[\0-\x7F]*$/;

/** Strings longer than this many code units are measured by encoding them (see below). */
const MEASURED_BY_ENCODING = 2048;
/** The buffer {@link utf8Length} encodes long strings into, slice by slice; first use. */
let measuring: Uint8Array | undefined;

/** The UTF-8 length of a well-formed string, without keeping its UTF-8 form. @internal */
export function utf8Length(text: string): number {
  // Stryker disable next-line ConditionalExpression,EqualityOperator: only speed: both ways count the same octets of a well-formed string, which every caller gives (lone surrogates are refused or masked first)
  if (text.length > MEASURED_BY_ENCODING) return encodedLength(text);
  // Stryker disable next-line ConditionalExpression: → false is only slower (the loop adds nothing for ASCII); → true, killed, is ignored with it
  if (ONLY_ASCII.test(text)) return text.length;
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    // Stryker disable next-line BlockStatement: the callers' strings are well formed (lone surrogates refused or masked first), and without the block the pair's low half counts 2 in the last branch: 4 in all
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 2; // a pair: 2 code units, 4 octets
      i++;
    } else n += 2;
  }
  return n;
}

/**
 * The UTF-8 length of a long well-formed string: encoded into one small buffer slice by
 * slice, each octet counted and dropped (memory stays that buffer's). The native encoder is
 * about ten times faster than a regular expression over a hostile megabyte line, and
 * `encodeInto()` never splits a character: each round reads whole characters.
 */
function encodedLength(text: string): number {
  measuring ??= new Uint8Array(MEASURED_BY_ENCODING);
  let n = 0;
  for (let at = 0; at < text.length; ) {
    const { read, written } = encoder.encodeInto(text.slice(at), measuring);
    n += written;
    at += read;
  }
  return n;
}

/**
 * The index (in UTF-16 code units) of the character of a well-formed string whose UTF-8
 * form holds octet `octet`; the string's length when it has no such octet. @internal
 */
export function indexOfOctet(text: string, octet: number): number {
  let n = 0; // octets up to the end of character i
  // Stryker disable next-line EqualityOperator: at i === length, charCodeAt is NaN, counted 3: n passes octet and i (the length) is returned, as after the loop
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : 3;
    if (n > octet) return i;
    if (pair) i++;
  }
  return text.length;
}

/**
 * The first octets of a well-formed string's UTF-8 form: at least `min(count, its length)`
 * of them (whole characters, in a new buffer), without encoding the rest. @internal
 */
export function encodeUtf8Head(text: string, count: number): Uint8Array {
  const octets = new Uint8Array(count + 3); // a character is at most 4 octets
  return octets.subarray(0, encoder.encodeInto(text, octets).written);
}

/** Strings up to this many code units are encoded into the shared scratch buffer. */
const SCRATCH_LIMIT = 4096;
/** The scratch buffer behind {@link encodeUtf8Transient}, allocated on first use. */
let scratch: Uint8Array | undefined;

/**
 * The UTF-8 octets of a well-formed string, in a buffer that the next call may overwrite:
 * read them before calling again and keep no reference to them. On V8 `encode()` costs
 * ~300 ns even for a short line (a new off-heap buffer each time); `encodeInto()` into a
 * reused buffer ~40 ns. The octets are all ASCII exactly when there are as many of them as
 * code units. @internal
 */
export function encodeUtf8Transient(text: string): Uint8Array {
  // Longer strings get their own buffer: the scratch one would cut them. (parseXclient reads
  // its long lines with parseLongString; decodeXtext and encodeXtext values can be long.)
  // Stryker disable next-line ConditionalExpression,EqualityOperator: → true and >= only allocate more (the same octets in a buffer of their own; 4096 code units fit the scratch buffer); → false, killed, is ignored with them
  if (text.length > SCRATCH_LIMIT) return encoder.encode(text);
  scratch ??= new Uint8Array(3 * SCRATCH_LIMIT);
  return scratch.subarray(0, encoder.encodeInto(text, scratch).written);
}

/**
 * The offset of the first octet of the first ill-formed UTF-8 sequence in
 * `bytes[start, end)`, or -1 when the range is well formed. RFC 3629 §4:
 *
 * ```
 * UTF8-char   = UTF8-1 / UTF8-2 / UTF8-3 / UTF8-4
 * UTF8-1      = %x00-7F
 * UTF8-2      = %xC2-DF UTF8-tail
 * UTF8-3      = %xE0 %xA0-BF UTF8-tail / %xE1-EC 2( UTF8-tail ) /
 *               %xED %x80-9F UTF8-tail / %xEE-EF 2( UTF8-tail )
 * UTF8-4      = %xF0 %x90-BF 2( UTF8-tail ) / %xF1-F3 3( UTF8-tail ) /
 *               %xF4 %x80-8F 2( UTF8-tail )
 * UTF8-tail   = %x80-BF
 * ```
 * @internal
 */
export function findInvalidUtf8(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let i = start;
  while (i < end) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let tails: number;
    let low = 0x80;
    let high = 0xbf;
    if (b < 0xc2) return i;
    if (b < 0xe0) tails = 1;
    else if (b < 0xf0) {
      tails = 2;
      if (b === 0xe0) low = 0xa0;
      else if (b === 0xed) high = 0x9f;
    } else if (b < 0xf5) {
      tails = 3;
      if (b === 0xf0) low = 0x90;
      else if (b === 0xf4) high = 0x8f;
    } else return i;
    if (i + tails >= end) return i;
    const first = bytes[i + 1] as number;
    if (first < low || first > high) return i;
    for (let k = 2; k <= tails; k++) {
      const t = bytes[i + k] as number;
      if (t < 0x80 || t > 0xbf) return i;
    }
    i += tails + 1;
  }
  return -1;
}

/** The string of well-formed UTF-8 octets (check {@link findInvalidUtf8} first). @internal */
export function decodeUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/**
 * The string of any octets, each maximal ill-formed subsequence shown as U+FFFD: what a
 * WHATWG (or Node's `Buffer#toString('utf8')`) reader of the octets sees. @internal
 */
export function decodeUtf8Lossy(bytes: Uint8Array): string {
  return lossyDecoder.decode(bytes);
}
