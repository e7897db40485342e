/**
 * UTF-8 on octets, without `node:` imports: well-formedness (RFC 3629 §4, the same rules as
 * the WHATWG decoder with `fatal: true`), and conversion to and from JavaScript strings.
 *
 * @internal
 * @packageDocumentation
 */

const encoder = /* @__PURE__ */ new TextEncoder();
const decoder = /* @__PURE__ */ new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The offset of the first lone surrogate in a string, or -1 when it is well formed.
 * A lone surrogate has no UTF-8 form: encoding it would silently write U+FFFD.
 * @internal
 */
export function findLoneSurrogate(text: string): number {
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

/** Whether every code unit of a string is below 0x80. @internal */
export function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** The UTF-8 octets of a well-formed string (check {@link findLoneSurrogate} first). @internal */
export function encodeUtf8(text: string): Uint8Array {
  return encoder.encode(text);
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
