/**
 * The naive baselines that bench/run.mjs measures smtp-xclient against, in the same process.
 *
 * They are written the way XCLIENT and xtext are usually handled in servers and proxies:
 * no validation at all, no line or value limits, no profiles, no error positions, and xtext
 * decoded to one character per octet (so UTF-8 comes out as mojibake). They are fast
 * because they do almost nothing; that is the point of the comparison.
 */

/** The octets that stand for themselves in xtext: "!" (0x21) to "~" (0x7E) except "+" and "=". */
function isXchar(b) {
  return b >= 0x21 && b <= 0x7e && b !== 0x2b && b !== 0x3d;
}

const HEX = '0123456789ABCDEF';
const utf8 = new TextEncoder();
const XTEXT_ESCAPE = /\+([0-9A-Fa-f]{2})/g;
const WHITESPACE = /\s+/;

/**
 * A regex-replace xtext decoder: every `+XX` (either case) becomes the character of code XX.
 * No validation: a stray `+`, a raw space or a control character passes through unchanged.
 * @param {string} value
 * @returns {string}
 */
export function regexDecodeXtext(value) {
  return value.replace(XTEXT_ESCAPE, (_match, hex) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
}

/**
 * A per-octet xtext encoder: UTF-8 encode, then map every octet to itself or `+XX`.
 * @param {string} value
 * @returns {string}
 */
export function naiveEncodeXtext(value) {
  return Array.from(utf8.encode(value))
    .map((b) => (isXchar(b) ? String.fromCharCode(b) : `+${HEX[b >> 4]}${HEX[b & 15]}`))
    .join('');
}

/**
 * A hand-rolled XCLIENT parser: trim, split on whitespace, `indexOf('=')`, upper-case the
 * name, regex-decode the value. It checks nothing but the verb and the `=`: no attribute
 * names, no value syntax (hostnames, addresses, ports), no limits, no duplicates, no
 * control characters.
 * @param {string} line
 * @returns {Record<string, string> | null}
 */
export function naiveParseXclient(line) {
  const parts = line.trim().split(WHITESPACE);
  if ((parts[0] ?? '').toUpperCase() !== 'XCLIENT') return null;
  const attributes = {};
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i];
    const eq = part.indexOf('=');
    if (eq < 0) return null;
    attributes[part.slice(0, eq).toUpperCase()] = regexDecodeXtext(part.slice(eq + 1));
  }
  return attributes;
}

/**
 * A naive XCLIENT formatter: `XCLIENT NAME=value …` in the order given, values through the
 * naive encoder. No validation, no `IPV6:` prefix, no 255-octet value limit, and no
 * splitting: a set that does not fit in 512 octets gives one over-long line.
 * @param {Record<string, string | number>} attributes
 * @returns {string[]}
 */
export function naiveFormatXclient(attributes) {
  let line = 'XCLIENT';
  for (const [name, value] of Object.entries(attributes)) {
    line += ` ${name}=${naiveEncodeXtext(String(value))}`;
  }
  return [line];
}

/**
 * nodemailer's own xtext encoder (`encodeXText` in nodemailer/lib/shared, used for DSN
 * parameters), loaded from its package, or `undefined` when it cannot be loaded.
 * smtp-server's xtext decoder (`decodeXtext` in lib/smtp-connection.js) is a private
 * function of that module, not exported, so it is not measured.
 * @type {((value: string) => string) | undefined}
 */
export const nodemailerEncodeXText = await import('nodemailer/lib/shared').then(
  (m) => (typeof m.encodeXText === 'function' ? m.encodeXText : undefined),
  () => undefined,
);
