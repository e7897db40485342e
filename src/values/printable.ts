/**
 * What may be shown or echoed of a value: the one masking set and the one masking rule of
 * each kind the library has.
 *
 * - {@link maskForReply}: the library's own echo of a value in a reply: C0 controls, DEL and
 *   lone surrogates become `?`, so a reply line cannot carry CR, LF or NUL.
 * - {@link postfixPrintable}: Postfix's printable() on decoded octets (a NUL ends the value).
 * - {@link neuter}: Postfix's NEUTER_CHARACTERS, replaced by `?` in HELO and addresses.
 *
 * @see docs/spec/postfix.md §4
 * @internal
 * @packageDocumentation
 */

import { DEL, NUL, SP } from '../octets.js';
import { decodeUtf8, findInvalidUtf8 } from '../utf8.js';

/** Postfix's `NEUTER_CHARACTERS` (smtpd.c): replaced by `?` in HELO and in addresses. */
export const NEUTER_CHARACTERS = ' <>()\\";@';

/** Any of {@link NEUTER_CHARACTERS}. One class, no quantifier: linear. */
const NEUTERED = /[ <>()\\";@]/;

/** The text with each of Postfix's NEUTER_CHARACTERS replaced by `?`. */
export function neuter(text: string): string {
  if (!NEUTERED.test(text)) return text; // the usual case, without a copy
  return text.replace(/[ <>()\\";@]/g, '?');
}

/** A C0 control, DEL or any surrogate. One class, no quantifier: linear. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const MASKED = /[\0-\x1F\x7F\uD800-\uDFFF]/;

/** Controls and DEL replaced by `?`, lone surrogates too: safe to echo in a reply. */
export function maskForReply(text: string): string {
  if (!MASKED.test(text)) return text; // the usual case, without a copy
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
    } else if (!(c < SP || c === DEL || (c >= 0xdc00 && c <= 0xdfff))) continue;
    out += `${text.slice(from, i)}?`;
    from = i + 1;
  }
  return out + text.slice(from);
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
 * Postfix's printable() on decoded octets (src/util/printable.c, with SMTPUTF8 on): a NUL
 * ends the value; printable ASCII stays; an octet 0xC2–0xFE followed by continuation octets
 * stays with all of them (a loose UTF-8 check); everything else becomes `?`.
 */
export function postfixPrintable(value: Uint8Array): {
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
 * The text of `octets[start, end)`: UTF-8 decoded, any ill-formed octet shown as `?`. With
 * `ascii`, the line as an ASCII string, whose code unit offsets are its octet offsets.
 */
export function shownText(octets: Uint8Array, start: number, end: number, ascii?: string): string {
  if (ascii !== undefined) return ascii.slice(start, end);
  let plain = true;
  for (let i = start; i < end; i++) {
    if ((octets[i] as number) > 0x7f) {
      plain = false;
      break;
    }
  }
  if (plain) {
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
