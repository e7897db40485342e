/**
 * fast-check arbitraries for XCLIENT: valid and labelled-invalid command lines, attribute
 * sets for `formatXclient`, xtext, per-attribute values, and raw lines to probe a real
 * Postfix with. Import them from `smtp-xclient/arbitraries`; `fast-check` (4.x) is an
 * optional peer dependency that only this entry point needs.
 *
 * Every arbitrary is built from fast-check combinators and `map`, never `chain`, and is
 * biased towards small values, so a failing property shrinks to a short line.
 *
 * The generators encode the grammar themselves (their own xtext encoder, host name and
 * address builders): they do not ask the library under test what is valid, so they can
 * catch it disagreeing with the grammar.
 *
 * @see Postfix XCLIENT_README; RFC 3461 §4; SPEC.md §1–§4
 * @packageDocumentation
 * @module smtp-xclient/arbitraries
 */

import type { Arbitrary } from 'fast-check';
import fc from 'fast-check';
// The library by its own name, not by relative path: the build keeps this import, so the
// subpath shares the package's one instance of UNAVAILABLE and TEMPUNAVAIL (a CJS bundle of
// its own would carry copies that formatXclient does not recognize).
import type { XclientAttributeName, XclientAttributes, XclientErrorCode } from 'smtp-xclient';
import { ATTRIBUTE_NAMES, TEMPUNAVAIL, UNAVAILABLE } from 'smtp-xclient';

// ---------------------------------------------------------------------------------------
// Limits of the 'strict' grammar

/** The longest command line without its CRLF (RFC 5321: 512 octets with it). */
const MAX_CONTENT = 510;
/** The longest raw (still encoded) attribute value Postfix accepts. */
const MAX_RAW = 255;
/** The longest decoded host name and HELO. */
const MAX_DECODED = 255;

const HEX_DIGITS = '0123456789ABCDEF';
const utf8Encoder = /* @__PURE__ */ new TextEncoder();

/** The XCLIENT attribute names, in Postfix's announcement order. */
const NAMES: readonly XclientAttributeName[] = ATTRIBUTE_NAMES;

// ---------------------------------------------------------------------------------------
// Our own xtext encoder (RFC 3461 §4), so that the generators do not trust the library

/** Whether an octet stands for itself in xtext: "!".."~" except "+" and "=". */
function isXchar(b: number): boolean {
  return b >= 0x21 && b <= 0x7e && b !== 0x2b && b !== 0x3d;
}

/** `+XX` with upper-case hex digits. */
function hexchar(b: number): string {
  return `+${HEX_DIGITS[b >> 4] as string}${HEX_DIGITS[b & 15] as string}`;
}

/** `"`, `<`, `>` and `\`: xchars that formatXclient escapes anyway (Postfix's tokenizer). */
const TOKEN_SPECIALS = [0x22, 0x3c, 0x3e, 0x5c];

/**
 * The xtext of each code point of a value, one string per code point; `tokenSafe` also
 * escapes `"`, `<`, `>` and `\`, as formatXclient does.
 */
function encodeCodePoints(value: string, tokenSafe = false): string[] {
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
function octets(text: string): number {
  return utf8Encoder.encode(text).length;
}

/**
 * Encodes a decoded value as strict xtext of at most `budget` characters, one string per
 * code point: trailing code points are dropped until it fits, then the xchars picked by
 * `escapes` (indices, modulo the length) are written as `+XX` while that still fits.
 */
function fitXtext(
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
const escapesArb: Arbitrary<readonly number[]> = fc.oneof(
  { weight: 3, arbitrary: fc.constant([]) },
  { weight: 1, arbitrary: fc.array(fc.nat({ max: 300 }), { maxLength: 4 }) },
);

/** Removes code points from the end until the UTF-8 form fits `max` octets. */
function trimOctets(text: string, max: number): string {
  const cps = [...text];
  let n = octets(text);
  while (n > max && cps.length > 0) n -= octets(cps.pop() as string);
  return cps.join('');
}

/** Whether two strings are equal in ASCII case-insensitive comparison (C `strcasecmp`). */
function asciiEqualsIgnoreCase(a: string, b: string): boolean {
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

const isSpecialText = (text: string): boolean =>
  asciiEqualsIgnoreCase(text, '[UNAVAILABLE]') || asciiEqualsIgnoreCase(text, '[TEMPUNAVAIL]');

/** Inserts `piece` into `text` before code point `index` (modulo the count plus one). */
function insertAt(text: string, index: number, piece: string): string {
  const cps = [...text];
  const k = index % (cps.length + 1);
  return cps.slice(0, k).join('') + piece + cps.slice(k).join('');
}

// ---------------------------------------------------------------------------------------
// Host names (NAME, REVERSE_NAME): Postfix valid_hostname(), SPEC §4.1

const HOST_EDGE = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_';
const hostEdge = fc.constantFrom(...HOST_EDGE);
const hostInner = (minLength: number, maxLength: number): Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...HOST_EDGE, '-'), minLength, maxLength });

const shortLabel: Arbitrary<string> = fc.oneof(
  hostEdge,
  fc.tuple(hostEdge, hostInner(0, 61), hostEdge).map(([a, b, c]) => a + b + c),
);
const longLabel: Arbitrary<string> = fc
  .tuple(hostEdge, hostInner(45, 61), hostEdge)
  .map(([a, b, c]) => a + b + c);

/** Joins labels into a name Postfix accepts: at most 255 characters, not all digits. */
function hostFromLabels(labels: readonly string[]): string {
  const kept = [...labels];
  while (kept.length > 1 && kept.join('.').length > MAX_DECODED) kept.pop();
  const name = kept.join('.');
  // at least one character must not be a digit: turn the first one into a letter
  return /^[0-9.]*$/.test(name) ? `x${name.slice(1)}` : name;
}

/**
 * Host names Postfix's `valid_hostname()` accepts, as NAME and REVERSE_NAME carry them:
 * labels of letters, digits, `_` and inner `-`, at most 63 characters each and 255 in all,
 * not all digits. Mostly short; about one in ten is close to 255 characters.
 *
 * @returns an arbitrary of host names.
 * @example
 * ```ts
 * fc.sample(validHostname(), 3) //=> e.g. ['a', 'Q-7.x_', 'mail.example']
 * ```
 * @see SPEC.md §4.1
 * @remarks Since 0.1.0
 */
export function validHostname(): Arbitrary<string> {
  return fc
    .oneof(
      { weight: 9, arbitrary: fc.array(shortLabel, { minLength: 1, maxLength: 4 }) },
      { weight: 1, arbitrary: fc.array(longLabel, { minLength: 4, maxLength: 5 }) },
    )
    .map(hostFromLabels);
}

/** A short valid host name (at most two labels, 127 characters): room for a defect. */
const smallHost: Arbitrary<string> = fc
  .array(shortLabel, { minLength: 1, maxLength: 2 })
  .map(hostFromLabels);

/** Characters `valid_hostname()` refuses, each tried on its own. */
const BAD_HOST_CHARS = [
  '*',
  '/',
  ':',
  '[',
  ']',
  '!',
  '"',
  '#',
  '$',
  '%',
  '&',
  "'",
  '(',
  ')',
  '+',
  ',',
  ';',
  '<',
  '=',
  '>',
  '?',
  '@',
  '\\',
  '^',
  '`',
  '{',
  '|',
  '}',
  '~',
  ' ',
  'é',
  'ß',
  '\u00a0',
  '\u2024',
  '😀',
] as const;

/**
 * Host names that Postfix's `valid_hostname()` refuses, at most 200 characters (so a line can
 * carry them): an empty label, a leading or trailing dot, a hyphen at either end of a label,
 * a label of 64 or more characters, a character outside letters, digits, `_`, `-` and `.`
 * (ASCII punctuation, space, non-ASCII), or a name made only of digits and dots.
 *
 * @returns an arbitrary of invalid host names; `validateAttribute('NAME', v)` rejects each
 *   with `ATTR_BAD_VALUE`.
 * @example
 * ```ts
 * fc.sample(invalidHostname(), 3) //=> e.g. ['a..b', '-a', '1.2.3.4']
 * ```
 * @see SPEC.md §4.1
 * @remarks Since 0.1.0
 */
export function invalidHostname(): Arbitrary<string> {
  const digits = fc.integer({ min: 0, max: 999 }).map(String);
  return fc.oneof(
    fc.tuple(smallHost, smallHost).map(([a, b]) => `${a}..${b}`),
    smallHost.map((h) => `.${h}`),
    smallHost.map((h) => `${h}.`),
    fc.tuple(smallHost, fc.boolean()).map(([h, inner]) => (inner ? `a.-${h}` : `-${h}`)),
    fc.tuple(smallHost, fc.boolean()).map(([h, inner]) => (inner ? `${h}-.a` : `${h}-`)),
    fc
      .tuple(hostEdge, hostInner(62, 68), hostEdge, fc.option(smallHost, { nil: undefined }))
      .map(([a, b, c, rest]) => (rest === undefined ? a + b + c : `${a}${b}${c}.${rest}`)),
    fc
      .tuple(smallHost, fc.constantFrom(...BAD_HOST_CHARS), fc.nat())
      .map(([h, bad, at]) => insertAt(h, at, bad)),
    fc.array(digits, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('.')),
  );
}

// ---------------------------------------------------------------------------------------
// Addresses (ADDR, DESTADDR): SPEC §4.2, RFC 4291 §2.2

const octetArb = fc.integer({ min: 0, max: 255 });
const quad = fc.array(octetArb, { minLength: 4, maxLength: 4 });

/**
 * IPv4 addresses in dotted-quad form without leading zeros, as the 'strict' profile wants,
 * none in 0.0.0.0/8 but 0.0.0.0 ("this network" is no host, RFC 1122 §3.2.1.3; Postfix
 * refuses `0.1.2.3` too).
 *
 * @returns an arbitrary of addresses such as `192.0.2.1`.
 * @example
 * ```ts
 * fc.sample(validIpv4(), 2) //=> e.g. ['0.0.0.0', '192.0.2.1']
 * ```
 * @remarks Since 0.1.0
 */
export function validIpv4(): Arbitrary<string> {
  return quad.map((q) => {
    if (q[0] === 0 && (q[1] !== 0 || q[2] !== 0 || q[3] !== 0)) q[0] = 10;
    return q.join('.');
  });
}

/** The eight groups written in full, with leading zeros: `2001:0db8:0000:…`. */
const fullIpv6: Arbitrary<string> = fc
  .array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 })
  .map((groups) => groups.map((g) => g.toString(16).padStart(4, '0')).join(':'));

/**
 * Whether IPv6 text is an IPv4-mapped address in 0.0.0.0/8 other than `::ffff:0.0.0.0`,
 * which the 'strict' profile refuses like the IPv4 address. WHATWG URL parsing (present in
 * every runtime) writes the address canonically, the mapped part in hex.
 */
function mappedThisNetwork(address: string): boolean {
  const host = new URL(`http://[${address}]/`).hostname;
  const m = /^\[::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})\]$/.exec(host);
  if (m === null) return false;
  const hi = Number.parseInt(m[1] as string, 16);
  const lo = Number.parseInt(m[2] as string, 16);
  return hi >> 8 === 0 && (hi !== 0 || lo !== 0);
}

/** IPv6 text (no prefix) the 'strict' profile accepts, hex digits in mixed case. */
const ipv6Text: Arbitrary<string> = fc
  .mixedCase(fc.oneof({ weight: 3, arbitrary: fc.ipV6() }, { weight: 1, arbitrary: fullIpv6 }))
  .filter((a) => !mappedThisNetwork(a));

/**
 * IPv6 addresses after an `IPV6:` prefix in mixed case (`IPv6:`, `ipv6:`, `iPV6:`), the hex
 * digits in mixed case too: every RFC 4291 text form (compressed, full with leading zeros,
 * an IPv4 tail). These are ADDR and DESTADDR values as sent.
 *
 * @returns an arbitrary of prefixed IPv6 addresses.
 * @example
 * ```ts
 * fc.sample(validIpv6(), 2) //=> e.g. ['IPv6:::1', 'ipV6:2001:DB8:0:0:0:0:0:1']
 * ```
 * @see RFC 4291 §2.2; Postfix XCLIENT_README
 * @remarks Since 0.1.0
 */
export function validIpv6(): Arbitrary<string> {
  return fc
    .tuple(fc.mixedCase(fc.constant('IPV6:')), ipv6Text)
    .map(([prefix, address]) => prefix + address);
}

/**
 * ADDR and DESTADDR values the 'strict' profile accepts: {@link validIpv4} or
 * {@link validIpv6}.
 *
 * @returns an arbitrary of addresses as sent.
 * @example
 * ```ts
 * fc.sample(validAddress(), 2) //=> e.g. ['10.0.0.1', 'IPV6:fe80::1']
 * ```
 * @remarks Since 0.1.0
 */
export function validAddress(): Arbitrary<string> {
  return fc.oneof(validIpv4(), validIpv6());
}

/**
 * ADDR and DESTADDR values the 'strict' profile refuses with `ATTR_BAD_VALUE`: IPv4 with a
 * leading zero (`010.1.1.1`, which Postfix reads as octal), an octet above 255, too few or
 * too many octets, an empty octet, an IPv6 address without the `IPV6:` prefix, and prefixed
 * IPv6 that breaks RFC 4291 (nine groups, two `::`, five hex digits, a zone, brackets, a
 * lone colon at either end, a misplaced IPv4 part), host names and bracketed literals.
 *
 * @returns an arbitrary of invalid address values.
 * @example
 * ```ts
 * fc.sample(invalidAddress(), 3) //=> e.g. ['01.2.3.4', '2001:db8::1', 'IPV6:1::2::3']
 * ```
 * @see SPEC.md §4.2
 * @remarks Since 0.1.0
 */
export function invalidAddress(): Arbitrary<string> {
  const prefix = fc.mixedCase(fc.constant('IPV6:'));
  const group = fc.integer({ min: 0, max: 0xffff }).map((g) => g.toString(16));
  const groups = (min: number, max: number): Arbitrary<string[]> =>
    fc.array(group, { minLength: min, maxLength: max });
  return fc.oneof(
    // IPv4
    fc
      .tuple(quad, fc.nat({ max: 3 }))
      .map(([q, k]) => q.map((o, i) => (i === k ? `0${o}` : String(o))).join('.')),
    fc
      .tuple(quad, fc.nat({ max: 3 }), fc.integer({ min: 256, max: 99999 }))
      .map(([q, k, big]) => q.map((o, i) => (i === k ? big : o)).join('.')),
    fc.array(octetArb, { minLength: 1, maxLength: 3 }).map((q) => q.join('.')),
    fc.array(octetArb, { minLength: 5, maxLength: 6 }).map((q) => q.join('.')),
    quad.map((q) => `${q[0]}..${q.slice(1).join('.')}`),
    quad.map((q) => `.${q.join('.')}`),
    quad.map((q) => `${q.join('.')}.`),
    quad.map((q) => `[${q.join('.')}]`),
    // "this network", 0.0.0.0/8, but not 0.0.0.0 itself; also IPv4-mapped
    fc
      .tuple(fc.integer({ min: 1, max: 255 }), fc.nat({ max: 2 }))
      .map(([o, k]) => `0.${[0, 0, 0].map((z, i) => (i === k ? o : z)).join('.')}`),
    fc
      .tuple(
        prefix,
        fc.integer({ min: 1, max: 255 }),
        fc.constantFrom('::ffff:', '0:0:0:0:0:FFFF:'),
      )
      .map(([p, o, mapped]) => `${p}${mapped}0.${o}.0.1`),
    // IPv6 without the prefix, or with a broken one
    fc.ipV6(),
    fc
      .tuple(fc.constantFrom('IPV4:', 'IP6:', 'IPV6-', 'IPV6;', 'V6:'), fc.ipV6())
      .map(([p, a]) => p + a),
    // broken IPv6 after a correct prefix
    fc.tuple(prefix, groups(9, 10)).map(([p, g]) => p + g.join(':')),
    fc
      .tuple(prefix, groups(1, 2), groups(1, 2), groups(1, 2))
      .map(([p, a, b, c]) => `${p}${a.join(':')}::${b.join(':')}::${c.join(':')}`),
    fc
      .tuple(prefix, groups(0, 6), fc.integer({ min: 0x10000, max: 0xfffff }))
      .map(([p, g, big]) => `${p}${[...g, big.toString(16)].join(':')}::`),
    fc
      .tuple(prefix, fc.ipV6(), fc.constantFrom('%eth0', '%1', '%25'))
      .map(([p, a, zone]) => p + a + zone),
    fc.tuple(prefix, fc.ipV6()).map(([p, a]) => `[${p}${a}]`),
    fc.tuple(prefix, groups(7, 7)).map(([p, g]) => `${p}:${g.join(':')}:1`),
    fc.tuple(prefix, groups(7, 7)).map(([p, g]) => `${p}${g.join(':')}:`),
    fc.tuple(prefix, groups(7, 7), quad).map(([p, g, q]) => `${p}${g.join(':')}:${q.join('.')}`),
    fc.tuple(prefix, quad).map(([p, q]) => p + q.join('.')),
    fc.tuple(prefix, quad).map(([p, q]) => `${p}${q.join('.')}::1`),
    prefix,
    fc
      .tuple(prefix, fc.constantFrom('g::1', '::x', '1:::2', '::1::', ':::'))
      .map(([p, a]) => p + a),
    // not addresses at all
    validHostname(),
    fc.constantFrom('UNAVAILABLE', '[UNAVAILABLE', '[UNAVAILABLE]x', 'unknown', 'localhost'),
  );
}

// ---------------------------------------------------------------------------------------
// Ports, PROTO, special values, text

/**
 * PORT and DESTPORT values the 'strict' profile accepts: `0`–`65535` in decimal without
 * leading zeros, biased towards small numbers and the ends of the range.
 *
 * @returns an arbitrary of port values as text.
 * @example
 * ```ts
 * fc.sample(validPort(), 3) //=> e.g. ['0', '25', '65535']
 * ```
 * @remarks Since 0.1.0
 */
export function validPort(): Arbitrary<string> {
  return fc.integer({ min: 0, max: 65535 }).map(String);
}

/**
 * PORT and DESTPORT values the 'strict' profile refuses with `ATTR_BAD_VALUE`: leading zeros
 * (`025`, which Postfix accepts), numbers above 65535 (`99999`, which Postfix accepts too),
 * six or more digits, signs, hex, spaces, decimals and non-ASCII digits.
 *
 * @returns an arbitrary of invalid port values.
 * @example
 * ```ts
 * fc.sample(invalidPort(), 3) //=> e.g. ['00', '65536', '0x19']
 * ```
 * @remarks Since 0.1.0
 */
export function invalidPort(): Arbitrary<string> {
  return fc.oneof(
    validPort().map((p) => `0${p}`),
    fc.integer({ min: 65536, max: 99999 }).map(String),
    fc.integer({ min: 100000, max: 2 ** 31 - 1 }).map(String),
    fc.constantFrom(
      '-1',
      '+1',
      '0x19',
      ' 25',
      '25 ',
      '2 5',
      '1.5',
      '25a',
      '1e3',
      'NaN',
      'Infinity',
      '٢٥',
      '２５',
      'unknown',
    ),
    fc.tuple(validPort(), fc.constantFrom('a', '.', ':', '-', '/', 'é')).map(([p, s]) => p + s),
  );
}

/**
 * PROTO values the 'strict' profile accepts: `SMTP` and `ESMTP` in mixed case.
 *
 * @returns an arbitrary of PROTO values.
 * @example
 * ```ts
 * fc.sample(validProto(), 2) //=> e.g. ['SMTP', 'eSmTp']
 * ```
 * @remarks Since 0.1.0
 */
export function validProto(): Arbitrary<string> {
  return fc.mixedCase(fc.constantFrom('SMTP', 'ESMTP'));
}

/**
 * PROTO values the 'strict' profile refuses with `ATTR_BAD_VALUE`: other protocol names
 * (`LMTP`, which the 'lenient' profile accepts, `ESMTPA`, `ESMTPS`, `UTF8SMTP`, `QMQP`),
 * `SMTP` with extra spaces, and other ASCII words.
 *
 * @returns an arbitrary of invalid PROTO values.
 * @example
 * ```ts
 * fc.sample(invalidProto(), 3) //=> e.g. ['LMTP', 'esmtpa', 'x']
 * ```
 * @remarks Since 0.1.0
 */
export function invalidProto(): Arbitrary<string> {
  const word = fc
    .string({
      unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_'),
      minLength: 1,
      maxLength: 8,
    })
    .filter((w) => !asciiEqualsIgnoreCase(w, 'SMTP') && !asciiEqualsIgnoreCase(w, 'ESMTP'));
  return fc.oneof(
    fc.mixedCase(
      fc.constantFrom(
        'LMTP',
        'ESMTPA',
        'ESMTPS',
        'ESMTPSA',
        'UTF8SMTP',
        'QMQP',
        'HTTP',
        'SMTP ',
        ' SMTP',
        'E SMTP',
        'ESMTP2',
      ),
    ),
    word,
  );
}

/**
 * The special values `[UNAVAILABLE]` and `[TEMPUNAVAIL]` in mixed case (XCLIENT_README Note 2
 * makes them case-insensitive).
 *
 * @param which - `'unavailable'`, `'tempunavail'` or `'any'` (the default).
 * @returns an arbitrary of special-value texts, such as `[unAvailable]`.
 * @example
 * ```ts
 * fc.sample(specialValue('unavailable'), 2) //=> e.g. ['[UNAVAILABLE]', '[uNaVaIlAbLe]']
 * ```
 * @remarks Since 0.1.0
 */
export function specialValue(
  which: 'unavailable' | 'tempunavail' | 'any' = 'any',
): Arbitrary<string> {
  const texts =
    which === 'unavailable'
      ? ['[UNAVAILABLE]']
      : which === 'tempunavail'
        ? ['[TEMPUNAVAIL]']
        : ['[UNAVAILABLE]', '[TEMPUNAVAIL]'];
  return fc.mixedCase(fc.constantFrom(...texts));
}

/** One character of HELO or LOGIN text: mostly printable ASCII, some non-ASCII, no controls. */
/**
 * One Unicode scalar value (a code point that is not a surrogate) as a string: the values of
 * fast-check's string unit "binary", which it builds as a table of all 1 112 064 of them the
 * first time a process uses it (about 2 s). The unmapper lets shrinking work on values
 * fast-check did not generate.
 */
const scalarValue: Arbitrary<string> = fc.integer({ min: 0, max: 0x10ffff - 0x800 }).map(
  (n) => String.fromCodePoint(n < 0xd800 ? n : n + 0x800),
  (value) => {
    const c = typeof value === 'string' ? value.codePointAt(0) : undefined;
    if (c === undefined || String.fromCodePoint(c) !== value || (c >= 0xd800 && c <= 0xdfff))
      throw new Error('not one Unicode scalar value');
    return c < 0xd800 ? c : c - 0x800;
  },
);

const textChar: Arbitrary<string> = fc.oneof(
  {
    weight: 8,
    // printable ASCII, space included, shrinking towards "a"
    arbitrary: fc
      .integer({ min: 0, max: 94 })
      .map((i) => String.fromCharCode(0x20 + ((i + 65) % 95))),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'é',
      'ü',
      'ß',
      '€',
      '中',
      '😀',
      '\u00a0',
      '\u0085',
      '\u200b',
      '\ufeff',
    ),
  },
  {
    weight: 1,
    arbitrary: scalarValue.filter((c) => c.charCodeAt(0) >= 0x20 && c !== '\x7f'),
  },
);

/** Free text (HELO, LOGIN) of 1 to `max` octets, mostly short. */
function freeText(max: number): Arbitrary<string> {
  return fc
    .oneof(
      { weight: 6, arbitrary: fc.string({ unit: textChar, minLength: 1, maxLength: 40 }) },
      { weight: 1, arbitrary: fc.string({ unit: textChar, minLength: 200, maxLength: 300 }) },
    )
    .map((t) => trimOctets(t, max))
    .filter((t) => t.length > 0 && !isSpecialText(t));
}

/**
 * HELO values the 'strict' profile accepts: text of 1 to 255 octets with any character but
 * C0 controls and DEL, including spaces, `+`, `=` and UTF-8 (which xtext encodes).
 *
 * @returns an arbitrary of HELO texts (decoded).
 * @example
 * ```ts
 * fc.sample(validHelo(), 2) //=> e.g. ['mx.example', 'Grüße +=']
 * ```
 * @remarks Since 0.1.0
 */
export function validHelo(): Arbitrary<string> {
  return freeText(MAX_DECODED);
}

/**
 * LOGIN values the 'strict' profile accepts: like {@link validHelo} (the protocol sets no
 * length limit for LOGIN; these stay under 300 octets).
 *
 * @returns an arbitrary of LOGIN texts (decoded).
 * @example
 * ```ts
 * fc.sample(validLogin(), 2) //=> e.g. ['bob', 'jürgen smith+tag=x@example.com']
 * ```
 * @remarks Since 0.1.0
 */
export function validLogin(): Arbitrary<string> {
  return freeText(300);
}

/**
 * Decoded values the 'strict' profile accepts for an attribute: the kind's values and, now
 * and then, the special values the attribute allows (`[UNAVAILABLE]` everywhere but PROTO,
 * `[TEMPUNAVAIL]` for NAME and REVERSE_NAME), in mixed case.
 *
 * @param name - the attribute.
 * @returns an arbitrary of decoded values; `validateAttribute(name, v)` accepts each.
 * @example
 * ```ts
 * fc.sample(validAttributeValue('PORT'), 3) //=> e.g. ['25', '[unavailable]', '0']
 * ```
 * @remarks Since 0.1.0
 */
export function validAttributeValue(name: XclientAttributeName): Arbitrary<string> {
  const withSpecial = (
    arb: Arbitrary<string>,
    which: 'unavailable' | 'any' = 'unavailable',
  ): Arbitrary<string> =>
    fc.oneof({ weight: 8, arbitrary: arb }, { weight: 1, arbitrary: specialValue(which) });
  switch (name) {
    case 'NAME':
    case 'REVERSE_NAME':
      return withSpecial(validHostname(), 'any');
    case 'ADDR':
    case 'DESTADDR':
      return withSpecial(validAddress());
    case 'PORT':
    case 'DESTPORT':
      return withSpecial(validPort());
    case 'PROTO':
      return validProto();
    case 'HELO':
      return withSpecial(validHelo());
    case 'LOGIN':
      return withSpecial(validLogin());
  }
}

/**
 * A decoded value the 'strict' profile refuses, with the error code it must give.
 * @example
 * ```ts
 * const bad: InvalidAttributeValue = { value: '025', code: 'ATTR_BAD_VALUE' };
 * ```
 * @remarks Since 0.1.0
 */
export interface InvalidAttributeValue {
  /** The decoded value. */
  readonly value: string;
  /** The code of the error `validateAttribute(name, value)` returns. */
  readonly code: XclientErrorCode;
}

/** C0 controls and DEL. */
const controlChar: Arbitrary<string> = fc
  .oneof(fc.integer({ min: 0, max: 0x1f }), fc.constant(0x7f))
  .map((c) => String.fromCharCode(c));

/** C0 controls but TAB (a TAB in a line is a spacing error), and DEL. */
const lineControlChar: Arbitrary<string> = fc
  .oneof(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 10, max: 0x1f }), fc.constant(0x7f))
  .map((c) => String.fromCharCode(c));

/**
 * Decoded values the 'strict' profile refuses for an attribute, each with the error code:
 * `ATTR_EMPTY`; `ATTR_CONTROL_CHAR` (a valid value with a C0 control or DEL inside);
 * `ATTR_BAD_VALUE` (a lone surrogate, or a value of the wrong kind: {@link invalidHostname},
 * {@link invalidAddress}, {@link invalidPort}, {@link invalidProto});
 * `ATTR_SPECIAL_NOT_ALLOWED` (`[TEMPUNAVAIL]` outside NAME and REVERSE_NAME, any special
 * value for PROTO); `ATTR_TOO_LONG` (NAME, REVERSE_NAME or HELO over 255 octets).
 *
 * @param name - the attribute.
 * @returns an arbitrary of `{ value, code }`.
 * @example
 * ```ts
 * fc.sample(invalidAttributeValue('PORT'), 2)
 * //=> e.g. [{ value: '025', code: 'ATTR_BAD_VALUE' }, { value: '', code: 'ATTR_EMPTY' }]
 * ```
 * @remarks Since 0.1.0
 */
export function invalidAttributeValue(
  name: XclientAttributeName,
): Arbitrary<InvalidAttributeValue> {
  const tag =
    (code: XclientErrorCode) =>
    (value: string): InvalidAttributeValue => ({ value, code });
  const common: Arbitrary<InvalidAttributeValue>[] = [
    fc.constant({ value: '', code: 'ATTR_EMPTY' }),
    fc
      .tuple(validAttributeValue(name), controlChar, fc.nat())
      .map(([v, c, at]) => ({ value: insertAt(v, at, c), code: 'ATTR_CONTROL_CHAR' })),
    fc
      .tuple(validAttributeValue(name), fc.constantFrom('\ud800', '\udfff'), fc.nat())
      .map(([v, s, at]) => ({ value: insertAt(v, at, s), code: 'ATTR_BAD_VALUE' })),
  ];
  const specials: Record<XclientAttributeName, Arbitrary<string> | undefined> = {
    NAME: undefined,
    REVERSE_NAME: undefined,
    ADDR: specialValue('tempunavail'),
    DESTADDR: specialValue('tempunavail'),
    PORT: specialValue('tempunavail'),
    DESTPORT: specialValue('tempunavail'),
    PROTO: specialValue('any'),
    HELO: specialValue('tempunavail'),
    LOGIN: specialValue('tempunavail'),
  };
  const special = specials[name];
  if (special !== undefined) common.push(special.map(tag('ATTR_SPECIAL_NOT_ALLOWED')));
  const tooLongHost = fc
    .array(longLabel, { minLength: 5, maxLength: 6 })
    .map((labels) => `x${labels.join('.')}`.padEnd(MAX_DECODED + 1, 'x'));
  const tooLongText = fc
    .string({ unit: textChar, minLength: 256, maxLength: 300 })
    .map((t) => t.padEnd(MAX_DECODED + 1, 'x'));
  let specific: Arbitrary<InvalidAttributeValue>[];
  switch (name) {
    case 'NAME':
    case 'REVERSE_NAME':
      specific = [
        invalidHostname().map(tag('ATTR_BAD_VALUE')),
        tooLongHost.map(tag('ATTR_TOO_LONG')),
      ];
      break;
    case 'ADDR':
    case 'DESTADDR':
      specific = [invalidAddress().map(tag('ATTR_BAD_VALUE'))];
      break;
    case 'PORT':
    case 'DESTPORT':
      specific = [invalidPort().map(tag('ATTR_BAD_VALUE'))];
      break;
    case 'PROTO':
      specific = [invalidProto().map(tag('ATTR_BAD_VALUE'))];
      break;
    case 'HELO':
      specific = [tooLongText.map(tag('ATTR_TOO_LONG'))];
      break;
    case 'LOGIN':
      specific = [];
      break;
  }
  return fc.oneof(...specific, ...common);
}

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

// ---------------------------------------------------------------------------------------
// Attribute sets for formatXclient

/** The final group of formatXclient: these must fit together in one 510-octet line. */
const FINAL_GROUP: readonly XclientAttributeName[] = [
  'HELO',
  'PROTO',
  'LOGIN',
  'NAME',
  'REVERSE_NAME',
  'ADDR',
];

type MutableAttributes = { -readonly [K in keyof XclientAttributes]: XclientAttributes[K] };

/** An upper bound of the length of ` NAME=xtext` as formatXclient writes it. */
function pieceLength(name: XclientAttributeName, value: unknown): number {
  let text: string;
  if (typeof value === 'object' && value !== null) text = (value as { text: string }).text;
  else if (typeof value === 'number') text = String(value);
  else {
    text = value as string;
    if ((name === 'ADDR' || name === 'DESTADDR') && text.includes(':') && !/^ipv6:/i.test(text)) {
      text = `IPV6:${text}`;
    }
  }
  // the canonical form of an IPv6 address is at most 6 characters longer (::ffff:ff:ff)
  const margin = name === 'ADDR' || name === 'DESTADDR' ? 8 : 0;
  return 2 + name.length + encodeCodePoints(text, true).join('').length + margin;
}

/** Shortens LOGIN, then HELO, then drops REVERSE_NAME and NAME until the final group fits. */
function fitFinalGroup(attributes: MutableAttributes): MutableAttributes {
  const total = (): number =>
    'XCLIENT'.length +
    FINAL_GROUP.reduce(
      (n, name) => n + (attributes[name] === undefined ? 0 : pieceLength(name, attributes[name])),
      0,
    );
  for (const name of ['LOGIN', 'HELO'] as const) {
    const value = attributes[name];
    if (total() <= MAX_CONTENT || typeof value !== 'string') continue;
    const others = total() - pieceLength(name, value);
    const kept = fitXtext(value, [], MAX_CONTENT - others - 2 - name.length, true);
    const text = [...value].slice(0, kept.length).join('');
    if (text.length === 0 || isSpecialText(text)) delete attributes[name];
    else attributes[name] = text;
  }
  for (const name of ['REVERSE_NAME', 'NAME'] as const) {
    if (total() > MAX_CONTENT) delete attributes[name];
  }
  return attributes;
}

/** A text value whose xtext is at most 255 characters, for formatXclient. */
function encodableText(max: number): Arbitrary<string> {
  return freeText(max)
    .map((t) => {
      const kept = fitXtext(t, [], MAX_RAW, true);
      return [...t].slice(0, kept.length).join('');
    })
    .filter((t) => t.length > 0 && !isSpecialText(t));
}

/**
 * Valid attribute sets for `formatXclient`: host names, IPv4 and IPv6 addresses (bare
 * or with an `IPv6:` prefix in any case), ports as numbers, `SMTP`/`ESMTP`, HELO and LOGIN
 * text with spaces and UTF-8, the {@link UNAVAILABLE} and {@link TEMPUNAVAIL} markers where
 * allowed, and long values (HELO and LOGIN up to 255 characters once encoded, host names
 * close to 255) that make formatXclient split the set over several lines. Every set is
 * non-empty, and HELO, PROTO, LOGIN, NAME, REVERSE_NAME and ADDR always fit in one command
 * together (formatXclient never throws on them).
 *
 * @returns an arbitrary of attribute sets.
 * @example
 * ```ts
 * fc.assert(fc.property(xclientAttributes(), (attrs) => formatXclient(attrs).length >= 1));
 * ```
 * @remarks Since 0.1.0
 */
export function xclientAttributes(): Arbitrary<XclientAttributes> {
  const unavailable = fc.constant(UNAVAILABLE);
  const orUnavailable = <T>(arb: Arbitrary<T>): Arbitrary<T | typeof UNAVAILABLE> =>
    fc.oneof({ weight: 6, arbitrary: arb }, { weight: 1, arbitrary: unavailable });
  const host = fc.oneof(
    { weight: 6, arbitrary: validHostname() },
    { weight: 1, arbitrary: fc.constantFrom(UNAVAILABLE, TEMPUNAVAIL) },
  );
  const bareIpv6 = ipv6Text;
  const address = orUnavailable(fc.oneof(validIpv4(), bareIpv6, validIpv6()));
  const port = orUnavailable(fc.integer({ min: 0, max: 65535 }));
  return fc
    .record(
      {
        NAME: host,
        ADDR: address,
        PROTO: fc.constantFrom('SMTP' as const, 'ESMTP' as const),
        HELO: orUnavailable(encodableText(MAX_DECODED)),
        REVERSE_NAME: host,
        PORT: port,
        LOGIN: orUnavailable(encodableText(300)),
        DESTADDR: address,
        DESTPORT: port,
      },
      { requiredKeys: [] },
    )
    .map((attributes) => fitFinalGroup({ ...attributes }) as XclientAttributes)
    .filter((attributes) => Object.keys(attributes).length > 0);
}

// ---------------------------------------------------------------------------------------
// Command lines

/**
 * One attribute of a generated line, as sent and as the server should decode it.
 * @example
 * ```ts
 * const a: GeneratedAttribute = { name: 'HELO', rawName: 'helo', raw: 'a+20b', decoded: 'a b' };
 * ```
 * @remarks Since 0.1.0
 */
export interface GeneratedAttribute {
  /** The canonical upper-case name. */
  readonly name: XclientAttributeName;
  /** The name as written in the line (mixed case). */
  readonly rawName: string;
  /** The value as written in the line (strict xtext). */
  readonly raw: string;
  /** The value after xtext decoding. */
  readonly decoded: string;
}

/**
 * A line {@link validXclientCommand} generates, with what it holds.
 * @example
 * ```ts
 * const c: ValidXclientCommand = {
 *   line: 'XCLIENT Port=25',
 *   attributes: [{ name: 'PORT', rawName: 'Port', raw: '25', decoded: '25' }],
 * };
 * ```
 * @remarks Since 0.1.0
 */
export interface ValidXclientCommand {
  /** The command line, without CRLF: at most 510 octets. */
  readonly line: string;
  /** Its attributes, in order. */
  readonly attributes: readonly GeneratedAttribute[];
}

interface Entry extends GeneratedAttribute {
  /** The raw value, one string per decoded code point. */
  readonly pieces: readonly string[];
}

/** An attribute with a valid value; `tokenSafe`: `"`, `<`, `>` and `\` always escaped. */
function entry(name: XclientAttributeName, tokenSafe = true): Arbitrary<Entry> {
  return fc
    .tuple(fc.mixedCase(fc.constant(name)), validAttributeValue(name), escapesArb)
    .map(([rawName, value, escapes]) => {
      const pieces = fitXtext(value, escapes, MAX_RAW, tokenSafe);
      const decoded = [...value].slice(0, pieces.length).join('');
      return { name, rawName, raw: pieces.join(''), decoded, pieces };
    });
}

/** An attribute of any name, with a valid value, token-safe. */
const anyEntry: Arbitrary<Entry> = fc.oneof(...NAMES.map((n) => entry(n)));
/** The same, with raw `"`, `<`, `>` and `\` allowed. */
const anyEntryRaw: Arbitrary<Entry> = fc.oneof(...NAMES.map((n) => entry(n, false)));

/** Attributes of distinct names, in random order. */
const distinctEntries = (
  minLength: number,
  maxLength: number,
  tokenSafe = true,
): Arbitrary<Entry[]> =>
  fc.uniqueArray(tokenSafe ? anyEntry : anyEntryRaw, {
    selector: (e) => e.name,
    minLength,
    maxLength,
  });

const token = (e: GeneratedAttribute): string => ` ${e.rawName}=${e.raw}`;

function lineOf(verb: string, attributes: readonly GeneratedAttribute[]): string {
  return verb + attributes.map(token).join('');
}

/** Drops attributes from the end until the line fits `budget` octets (keeping `keep`). */
function fitLine(
  verb: string,
  attributes: readonly GeneratedAttribute[],
  budget: number,
  keep = 1,
): GeneratedAttribute[] {
  const kept = [...attributes];
  let length = octets(lineOf(verb, kept));
  while (length > budget && kept.length > keep) length -= token(kept.pop() as Entry).length;
  return kept;
}

const verbArb = fc.mixedCase(fc.constant('XCLIENT'));

function validCommandWithin(budget: number, tokenSafe = true): Arbitrary<ValidXclientCommand> {
  return fc
    .tuple(verbArb, distinctEntries(1, NAMES.length, tokenSafe))
    .map(([verb, entries]) => {
      const attributes = fitLine(verb, entries, budget).map(({ name, rawName, raw, decoded }) => ({
        name,
        rawName,
        raw,
        decoded,
      }));
      return { line: lineOf(verb, attributes), attributes };
    })
    .filter((c) => octets(c.line) <= budget);
}

/**
 * Options of {@link validXclientCommand} and {@link validXclientLine}.
 * @example
 * ```ts
 * validXclientLine({ tokenSpecials: true }) // raw `"`, `<`, `>` and `\` too
 * ```
 * @remarks Since 0.1.0
 */
export interface ValidXclientLineOptions {
  /**
   * Also write `"`, `<`, `>` and `\` as themselves. They are xchars, so the grammar and the
   * 'strict' profile accept them, but Postfix's command tokenizer does not read them as data
   * (`"` and `<` group what follows, spaces and the next attributes included; `\` escapes
   * the next octet): a real Postfix may answer such a line with `501 … attribute value too
   * long` or read other values. By default they are escaped (`+22`, `+3C`, `+3E`, `+5C`),
   * as formatXclient does, so the lines mean the same to every server.
   * @defaultValue false
   */
  readonly tokenSpecials?: boolean;
}

/**
 * XCLIENT command lines the 'strict' profile accepts, with their attributes: the verb and
 * the names in mixed case, one to nine distinct attributes in any order, separated by single
 * spaces, values in strict xtext (sometimes with needless `+XX` escapes, special values in
 * mixed case, UTF-8 HELO and LOGIN), each raw value at most 255 characters and the line at
 * most 510 octets (512 with the CRLF that the caller adds). `"`, `<`, `>` and `\` are
 * escaped unless `tokenSpecials` is set (see {@link ValidXclientLineOptions}).
 *
 * @param options - {@link ValidXclientLineOptions}.
 * @returns an arbitrary of `{ line, attributes }`.
 * @example
 * ```ts
 * fc.assert(fc.property(validXclientCommand(), ({ line, attributes }) => {
 *   const r = parseXclient(line);
 *   return r.ok && r.value.attributes.length === attributes.length;
 * }));
 * ```
 * @remarks Since 0.1.0
 */
export function validXclientCommand(
  options?: ValidXclientLineOptions,
): Arbitrary<ValidXclientCommand> {
  return validCommandWithin(MAX_CONTENT, options?.tokenSpecials !== true);
}

/**
 * XCLIENT command lines (without CRLF) that `parseXclient(line)` (the 'strict' profile)
 * accepts: see {@link validXclientCommand}, which also says what each line holds.
 *
 * @param options - {@link ValidXclientLineOptions}.
 * @returns an arbitrary of command lines.
 * @example
 * ```ts
 * fc.sample(validXclientLine(), 2)
 * //=> e.g. ['XCLIENT NAME=a', 'xClient PORT=25 helo=Gr+C3+BC+C3+9Fe ADDR=IPv6:::1']
 * ```
 * @remarks Since 0.1.0
 */
export function validXclientLine(options?: ValidXclientLineOptions): Arbitrary<string> {
  return validXclientCommand(options).map((c) => c.line);
}

/**
 * What is wrong with a line of {@link invalidXclientLine}, and the error code the 'strict'
 * profile gives for it.
 *
 * @example
 * ```ts
 * INVALID_REASONS['bad-port'] //=> 'ATTR_BAD_VALUE'
 * ```
 * @remarks Since 0.1.0
 */
export const INVALID_REASONS = {
  /** The line is empty. */
  'empty-line': 'LINE_EMPTY',
  /** The verb is not XCLIENT, nor another SMTP command (`XCLIENTX`, `XCLIENT:`, a homoglyph …). */
  'bad-verb': 'LINE_NOT_XCLIENT',
  /** XCLIENT without attributes. */
  'no-attributes': 'LINE_NO_ATTRIBUTES',
  /** Two spaces, a leading or trailing space, or a TAB. */
  'bad-spacing': 'LINE_BAD_SPACING',
  /** A raw control character (NUL, CR, a LF inside the line, DEL …). */
  'control-character': 'LINE_BAD_CHAR',
  /** Octets that are not UTF-8 (in `line`, a lone surrogate stands for them). */
  'bad-utf8': 'LINE_BAD_UTF8',
  /** More than 510 octets before the CRLF. */
  'line-too-long': 'LINE_TOO_LONG',
  /** An attribute without `=`. */
  'missing-equals': 'ATTR_MISSING_EQUALS',
  /** An attribute name XCLIENT does not have (also an empty one: `=x`). */
  'unknown-name': 'ATTR_UNKNOWN',
  /** `NAME=` with nothing after it. */
  'empty-value': 'ATTR_EMPTY',
  /** A raw value of more than 255 characters. */
  'value-too-long': 'ATTR_VALUE_TOO_LONG',
  /** The same attribute twice. */
  duplicate: 'ATTR_DUPLICATE',
  /** A raw `=` or non-ASCII character in a value. */
  'bad-xtext-char': 'XTEXT_BAD_CHAR',
  /** `+` not followed by two hex digits (`+G1`, `++41`). */
  'bad-xtext-escape': 'XTEXT_BAD_HEXCHAR',
  /** Lower-case hex digits in an escape (`+2b`). */
  'lowercase-hex': 'XTEXT_LOWERCASE_HEXCHAR',
  /** A value ending in `+` or `+X`. */
  'truncated-escape': 'XTEXT_TRUNCATED_HEXCHAR',
  /** Escapes that decode to octets that are not UTF-8 (`+FF`, `+C0+80`). */
  'invalid-utf8-value': 'XTEXT_INVALID_UTF8',
  /** An escaped control character in a value (`+0D+0A`, `+00`, `+7F`). */
  'encoded-control': 'ATTR_CONTROL_CHAR',
  /** `[TEMPUNAVAIL]` outside NAME and REVERSE_NAME, or a special value for PROTO. */
  'special-not-allowed': 'ATTR_SPECIAL_NOT_ALLOWED',
  /** A NAME or REVERSE_NAME that is not a valid host name. */
  'bad-hostname': 'ATTR_BAD_VALUE',
  /** An ADDR or DESTADDR that is not an address in the strict forms. */
  'bad-address': 'ATTR_BAD_VALUE',
  /** A PORT or DESTPORT that is not 0–65535 without leading zeros. */
  'bad-port': 'ATTR_BAD_VALUE',
  /** A PROTO other than SMTP and ESMTP. */
  'bad-proto': 'ATTR_BAD_VALUE',
} as const satisfies Readonly<Record<string, XclientErrorCode>>;

/**
 * The label of an invalid line: a key of {@link INVALID_REASONS}.
 *
 * @example
 * ```ts
 * const reason: InvalidReason = 'bad-hostname';
 * ```
 * @remarks Since 0.1.0
 */
export type InvalidReason = keyof typeof INVALID_REASONS;

/**
 * An invalid line of {@link invalidXclientLine}: the line, what is broken, and the error
 * `parseXclient(line)` (the 'strict' profile) must give.
 * @example
 * ```ts
 * const c: InvalidXclientLine = {
 *   line: 'XCLIENT PORT=025',
 *   octets: new TextEncoder().encode('XCLIENT PORT=025'),
 *   reason: 'bad-port',
 *   expectedCode: 'ATTR_BAD_VALUE',
 *   attribute: 'PORT',
 * };
 * ```
 * @remarks Since 0.1.0
 */
export interface InvalidXclientLine {
  /** The line, without CRLF. For `'bad-utf8'` it holds a lone surrogate where `octets` is ill-formed. */
  readonly line: string;
  /** The octets to send (without CRLF): the UTF-8 of `line`, except for `'bad-utf8'`. */
  readonly octets: Uint8Array;
  /** What is broken: one defect per line. */
  readonly reason: InvalidReason;
  /** The error code of the 'strict' profile: `INVALID_REASONS[reason]`. */
  readonly expectedCode: XclientErrorCode;
  /** The attribute at fault, when the defect is in a known attribute. */
  readonly attribute?: XclientAttributeName;
}

/** The pieces every invalid line is built from: valid attributes around one broken one. */
interface Frame {
  readonly verb: string;
  readonly attributes: readonly Entry[];
  readonly split: number;
}

const frameArb = (minAttributes = 0): Arbitrary<Frame> =>
  fc.record({
    verb: verbArb,
    attributes: distinctEntries(minAttributes, 4),
    split: fc.nat({ max: 4 }),
  });

function make(
  reason: InvalidReason,
  line: string,
  attribute?: XclientAttributeName,
  raw?: Uint8Array,
): InvalidXclientLine {
  const base = {
    line,
    octets: raw ?? utf8Encoder.encode(line),
    reason,
    expectedCode: INVALID_REASONS[reason] as XclientErrorCode,
  };
  return attribute === undefined ? base : { ...base, attribute };
}

/**
 * The line: valid attributes of the frame (other than `exclude`), the broken token, more
 * valid attributes; attributes are dropped from the end (after the token first, then before
 * it, keeping `keepBefore`) until the line fits 510 octets.
 */
function around(
  frame: Frame,
  broken: string,
  exclude?: XclientAttributeName,
  keepBefore = 0,
): string {
  const attrs = frame.attributes.filter((a) => a.name !== exclude);
  const k = Math.min(Math.max(frame.split, keepBefore), attrs.length);
  const before = attrs.slice(0, k);
  const after = attrs.slice(k);
  const budget = MAX_CONTENT - 1 - octets(broken);
  while (after.length > 0 && octets(lineOf(frame.verb, [...before, ...after])) > budget)
    after.pop();
  while (before.length > keepBefore && octets(lineOf(frame.verb, before)) > budget) before.pop();
  return `${lineOf(frame.verb, before)} ${broken}${after.map(token).join('')}`;
}

const nameArb = fc.constantFrom(...NAMES);
/** A name of `names` and how it is written (mixed case). */
const namePair = (
  names: readonly XclientAttributeName[],
): Arbitrary<readonly [XclientAttributeName, string]> =>
  fc.oneof(...names.map((n) => fc.tuple(fc.constant(n), fc.mixedCase(fc.constant(n)))));
const rawNameArb = (name: XclientAttributeName): Arbitrary<string> =>
  fc.mixedCase(fc.constant(name));

/** A valid value of `name` re-encoded to leave `room` characters, in code-point pieces. */
function piecesWithRoom(e: Entry, room: number): string[] {
  let length = 0;
  const out: string[] = [];
  for (const p of e.pieces) {
    if (length + p.length > MAX_RAW - room) break;
    out.push(p);
    length += p.length;
  }
  return out;
}

/** An attribute whose value gets `insert` at a code-point boundary (`atEnd`: at its end). */
function corruptValue(
  reason: InvalidReason,
  inserts: Arbitrary<string>,
  atEnd = false,
): Arbitrary<InvalidXclientLine> {
  return fc.tuple(frameArb(), anyEntry, inserts, fc.nat()).map(([frame, e, insert, at]) => {
    const name = e.name;
    const pieces = piecesWithRoom(e, octets(insert));
    const k = atEnd ? pieces.length : at % (pieces.length + 1);
    const raw = [...pieces.slice(0, k), insert, ...pieces.slice(k)].join('');
    return make(reason, around(frame, `${e.rawName}=${raw}`, name), name);
  });
}

/**
 * Strict xtext of an invalid value, with the extra escapes that fit in 255 characters; never
 * shortened (that could repair it).
 */
function encodeInvalid(value: string, escapes: readonly number[]): string {
  const plain = encodeCodePoints(value).join('').length;
  return fitXtext(value, escapes, Math.max(MAX_RAW, plain)).join('');
}

/** An attribute of one of `names` whose decoded value comes from `values`. */
function badValue(
  reason: InvalidReason,
  names: readonly XclientAttributeName[],
  values: Arbitrary<string>,
): Arbitrary<InvalidXclientLine> {
  return fc
    .tuple(frameArb(), namePair(names), values, escapesArb)
    .map(([frame, [name, rawName], value, escapes]) =>
      make(reason, around(frame, `${rawName}=${encodeInvalid(value, escapes)}`, name), name),
    );
}

/** The builders of {@link invalidXclientLine}, one per reason. */
const INVALID_BUILDERS: { readonly [R in InvalidReason]: () => Arbitrary<InvalidXclientLine> } = {
  'empty-line': () => fc.constant(make('empty-line', '')),

  'bad-verb': () =>
    fc
      .tuple(
        fc.oneof(
          fc.mixedCase(
            fc.constantFrom(
              'XCLIENTX',
              'XCLIEN',
              'XCLIENTS',
              'XKLIENT',
              'XCLIENT:',
              'XCLIENT=',
              'X-CLIENT',
              '"XCLIENT"',
            ),
          ),
          fc.constantFrom('ХCLIENT', 'XCLİENT', 'XCLIENT\u200b'),
        ),
        fc.boolean(),
        frameArb(),
      )
      .map(([verb, alone, frame]) => {
        const attrs = alone ? [] : frame.attributes;
        return make('bad-verb', lineOf(verb, fitLine(verb, attrs, MAX_CONTENT, 0)));
      }),

  'no-attributes': () => verbArb.map((verb) => make('no-attributes', verb)),

  'bad-spacing': () =>
    fc
      .tuple(
        validCommandWithin(MAX_CONTENT - 4),
        fc.constantFrom('double', 'leading', 'trailing', 'tab'),
        fc.integer({ min: 1, max: 3 }),
        fc.nat(),
      )
      .map(([c, kind, count, at]) => {
        const line = c.line;
        const spaces: number[] = [];
        for (let i = 0; i < line.length; i++) if (line[i] === ' ') spaces.push(i);
        const k = spaces[at % spaces.length] as number;
        let out: string;
        if (kind === 'double')
          out = `${line.slice(0, k)}${' '.repeat(count + 1)}${line.slice(k + 1)}`;
        else if (kind === 'leading') out = ' '.repeat(count) + line;
        else if (kind === 'trailing') out = line + ' '.repeat(count);
        else out = `${line.slice(0, k)}${count === 1 ? '\t' : ' \t'}${line.slice(k + 1)}`;
        return make('bad-spacing', out);
      }),

  'control-character': () =>
    fc
      .tuple(validCommandWithin(MAX_CONTENT - 1), lineControlChar, fc.nat())
      .map(([c, control, at]) => {
        // a LF at the very end would be a line ending: put it one octet earlier
        const max = control === '\n' ? c.line.length - 1 : c.line.length;
        const k = at % (max + 1);
        return make('control-character', c.line.slice(0, k) + control + c.line.slice(k));
      }),

  'bad-utf8': () =>
    fc
      .tuple(
        validCommandWithin(MAX_CONTENT - 4),
        fc.constantFrom(
          [0xff],
          [0x80],
          [0xc3],
          [0xc0, 0x80],
          [0xed, 0xa0, 0x80],
          [0xf4, 0x90, 0x80, 0x80],
          [0xe2, 0x82],
          [0xf8, 0x88, 0x80, 0x80],
        ),
        fc.nat(),
      )
      .map(([c, bad, at]) => {
        // the line is ASCII: a character offset is an octet offset
        const k = at % (c.line.length + 1);
        const head = utf8Encoder.encode(c.line.slice(0, k));
        const tail = utf8Encoder.encode(c.line.slice(k));
        const raw = new Uint8Array(head.length + bad.length + tail.length);
        raw.set(head, 0);
        raw.set(bad, head.length);
        raw.set(tail, head.length + bad.length);
        return make('bad-utf8', `${c.line.slice(0, k)}\ud800${c.line.slice(k)}`, undefined, raw);
      }),

  'line-too-long': () =>
    fc
      .tuple(validXclientCommand(), fc.nat({ max: 600 }), fc.boolean())
      .map(([c, extra, multibyte]) => {
        const target = MAX_CONTENT + 1 + extra;
        let line = c.line;
        let length = octets(line);
        if (target - length >= 8) {
          line += ' LOGIN=';
          length += 7;
        }
        while (length < target) {
          const unit = multibyte && target - length >= 2 ? 'é' : 'a';
          line += unit;
          length += octets(unit);
        }
        return make('line-too-long', line);
      }),

  'missing-equals': () =>
    fc
      .tuple(
        frameArb(),
        fc.oneof(
          fc.mixedCase(nameArb),
          fc.tuple(nameArb, fc.constantFrom(':', '-', '_'), validIpv4()).map((p) => p.join('')),
          fc.string({
            unit: fc.constantFrom(...'abcXYZ019!"#$%&*+,-./:;<>?@[\\]^_`{|}~'),
            minLength: 1,
            maxLength: 12,
          }),
        ),
      )
      .map(([frame, tok]) => make('missing-equals', around(frame, tok))),

  'unknown-name': () =>
    fc
      .tuple(
        frameArb(),
        fc
          .oneof(
            fc.mixedCase(
              fc.constantFrom(
                'FOO',
                'FORWARD_NAME',
                'IDENT',
                'SOURCE',
                'SESSION',
                'TTL',
                'TIMEOUT',
                'DESTNAME',
                'CLIENT-TRANSPORT',
                'FORWARD',
                'NAMES',
                'ADDRESS',
                'XNAME',
                'NAME_',
                'DEST_ADDR',
              ),
            ),
            fc.constantFrom('', '"NAME', 'NAME"', 'NAMÉ', 'АDDR', 'N+41ME', 'NAME:'),
            fc.string({
              unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123456789_-'),
              minLength: 1,
              maxLength: 13,
            }),
          )
          .filter((n) => !NAMES.some((known) => asciiEqualsIgnoreCase(n, known))),
        xtextValue({ maxLength: 40 }).filter((v) => v.length > 0),
      )
      .map(([frame, name, value]) => make('unknown-name', around(frame, `${name}=${value}`))),

  'empty-value': () =>
    fc
      .tuple(frameArb(), namePair(NAMES))
      .map(([frame, [name, rawName]]) =>
        make('empty-value', around(frame, `${rawName}=`, name), name),
      ),

  'value-too-long': () =>
    fc
      .tuple(frameArb(), namePair(NAMES), fc.nat({ max: 39 }), xtextValue({ maxLength: 40 }))
      .map(([frame, [name, rawName], extra, start]) => {
        const raw = start + 'a'.repeat(MAX_RAW + 1 + extra - start.length);
        return make('value-too-long', around(frame, `${rawName}=${raw}`, name), name);
      }),

  duplicate: () =>
    fc
      .tuple(frameArb(), fc.oneof(...NAMES.map((n) => fc.tuple(entry(n), entry(n)))))
      .map(([frame, [first, second]]) => {
        // the first occurrence goes first, and stays
        const ordered: Frame = {
          ...frame,
          attributes: [first, ...frame.attributes.filter((a) => a.name !== first.name)],
        };
        return make(
          'duplicate',
          around(ordered, `${second.rawName}=${second.raw}`, undefined, 1),
          first.name,
        );
      })
      // two long values of one attribute may not fit in one line together
      .filter((l) => l.octets.length <= MAX_CONTENT),

  'bad-xtext-char': () =>
    corruptValue('bad-xtext-char', fc.constantFrom('=', 'é', '€', '😀', '\u00a0', 'ÿ', '==')),

  'bad-xtext-escape': () =>
    corruptValue(
      'bad-xtext-escape',
      fc.oneof(
        fc.constantFrom('+G1', '+1G', '++41', '+!!', '+ZZ', '+4G', '+A!', '+[5', '+_'),
        fc
          .tuple(
            fc.constantFrom(...'GHIJKLMNOPQRSTUVWXYZghijklmnopqrstuvwxyz!#$%&*,-./:;<>?@[]^_`{|}~'),
            fc.constantFrom(...'0123456789ABCDEFxyz'),
          )
          .map(([a, b]) => `+${a}${b}`),
      ),
    ),

  'lowercase-hex': () =>
    corruptValue(
      'lowercase-hex',
      fc
        .tuple(
          fc.constantFrom(...'0123456789abcdefABCDEF'),
          fc.constantFrom(...'abcdef'),
          fc.boolean(),
        )
        .map(([a, b, swap]) => (swap ? `+${b}${a}` : `+${a}${b}`)),
    ),

  'truncated-escape': () =>
    corruptValue('truncated-escape', fc.constantFrom('+', '+0', '+A', '+f', '+9'), true),

  'invalid-utf8-value': () =>
    corruptValue(
      'invalid-utf8-value',
      fc.constantFrom(
        '+FF',
        '+FE',
        '+80',
        '+BF',
        '+C0+80',
        '+C1+BF',
        '+E0+80+80',
        '+ED+A0+80',
        '+F4+90+80+80',
        '+F5+80+80+80',
      ),
    ),

  'encoded-control': () =>
    corruptValue(
      'encoded-control',
      fc.oneof(
        fc.constantFrom('+0D+0A', '+00', '+7F', '+09', '+0D', '+0A'),
        fc.integer({ min: 0, max: 0x1f }).map(hexchar),
      ),
    ),

  'special-not-allowed': () =>
    fc
      .tuple(
        frameArb(),
        namePair(['ADDR', 'DESTADDR', 'PORT', 'DESTPORT', 'HELO', 'LOGIN', 'PROTO']),
        specialValue('tempunavail'),
        specialValue('any'),
        escapesArb,
      )
      .map(([frame, [name, rawName], temp, any, escapes]) => {
        const raw = encodeInvalid(name === 'PROTO' ? any : temp, escapes);
        return make('special-not-allowed', around(frame, `${rawName}=${raw}`, name), name);
      }),

  'bad-hostname': () => badValue('bad-hostname', ['NAME', 'REVERSE_NAME'], invalidHostname()),
  'bad-address': () => badValue('bad-address', ['ADDR', 'DESTADDR'], invalidAddress()),
  'bad-port': () => badValue('bad-port', ['PORT', 'DESTPORT'], invalidPort()),
  'bad-proto': () => badValue('bad-proto', ['PROTO'], invalidProto()),
};

/**
 * Options of {@link invalidXclientLine}.
 * @example
 * ```ts
 * invalidXclientLine({ reasons: ['bad-port', 'duplicate'] })
 * ```
 * @remarks Since 0.1.0
 */
export interface InvalidXclientLineOptions {
  /**
   * Only these defects.
   * @defaultValue every key of {@link INVALID_REASONS}
   */
  readonly reasons?: readonly InvalidReason[];
}

/**
 * XCLIENT command lines with exactly one defect, labelled: valid attributes (as in
 * {@link validXclientLine}) around one broken thing, within 510 octets unless the defect is
 * the length. `parseXclient(line)` and `parseXclient(octets)` in the 'strict' profile reject
 * each with `expectedCode`, and with `error.attribute === attribute` when one is given.
 *
 * @param options - restrict the defects to some {@link InvalidReason}s.
 * @returns an arbitrary of `{ line, octets, reason, expectedCode, attribute? }`.
 * @example
 * ```ts
 * fc.assert(fc.property(invalidXclientLine(), ({ line, expectedCode }) => {
 *   const r = parseXclient(line);
 *   return !r.ok && r.error.code === expectedCode;
 * }));
 * fc.sample(invalidXclientLine({ reasons: ['bad-port'] }), 1)
 * //=> e.g. [{ line: 'XCLIENT PORT=025', reason: 'bad-port', expectedCode: 'ATTR_BAD_VALUE', attribute: 'PORT', … }]
 * ```
 * @remarks Since 0.1.0
 */
export function invalidXclientLine(
  options?: InvalidXclientLineOptions,
): Arbitrary<InvalidXclientLine> {
  const reasons = options?.reasons ?? (Object.keys(INVALID_REASONS) as InvalidReason[]);
  if (reasons.length === 0) throw new RangeError('invalidXclientLine: no reasons given');
  return fc.oneof(
    ...reasons.map((reason) => {
      const build = INVALID_BUILDERS[reason];
      if (build === undefined) throw new RangeError(`invalidXclientLine: unknown reason ${reason}`);
      return build();
    }),
  );
}

// ---------------------------------------------------------------------------------------
// Lines for a real Postfix

const ascii = (text: string): Uint8Array => utf8Encoder.encode(text);

/** Tokens that Postfix's tokenizer and xclient_cmd treat in interesting ways. */
function probeToken(): Arbitrary<Uint8Array> {
  const lowerHex = fc.tuple(nameArb, validAttributeValue('HELO')).map(([name, v]) =>
    ascii(
      `${name}=${encodeCodePoints(v)
        .join('')
        .replace(/\+([0-9A-F]{2})/g, (m) => m.toLowerCase())}`,
    ),
  );
  const rawUtf8 = fc
    .tuple(
      fc.constantFrom('HELO', 'LOGIN', 'NAME', 'helo'),
      fc.constantFrom('é', 'jürgen', '中文', '😀', 'ß.example'),
    )
    .map(([n, v]) => ascii(`${n}=${v}`));
  const quoted = fc.constantFrom(
    'HELO="a b"',
    'LOGIN="bob smith"',
    '"NAME=x.example"',
    'HELO="unterminated',
    'HELO=<a b>',
    'NAME=<x.example>',
    'HELO="a<b"c>"',
    'HELO=a\\ b',
    'NAME=a\\',
    'LOGIN=\\"x\\"',
    'HELO=to:x',
    'to:NAME=x',
    'from:HELO=y',
  );
  const long = fc
    .tuple(
      fc.constantFrom('HELO', 'LOGIN', 'NAME', 'FOO'),
      fc.integer({ min: 250, max: 260 }),
      fc.boolean(),
    )
    .map(([n, length, escaped]) =>
      ascii(
        `${n}=${escaped ? '+41'.repeat(Math.floor(length / 3)) + 'a'.repeat(length % 3) : 'a'.repeat(length)}`,
      ),
    );
  const longHost = fc.integer({ min: 250, max: 257 }).map((length) => {
    const name = `${'a'.repeat(63)}.`.repeat(5).slice(0, length);
    return ascii(`NAME=${name.endsWith('.') ? `${name.slice(0, -1)}b` : name}`);
  });
  const broken = fc.constantFrom(
    'NAME=',
    '=x',
    '=',
    'NAME',
    'NAME = x',
    'HELO=a+',
    'LOGIN=+G1',
    'HELO=+41x+',
    'PORT=+1',
    'HELO=a=b',
    'NAME=x.example+3DADDR+3D1.2.3.4',
    'NAME=+5BUNAVAILABLE+5D',
    'PROTO=+45SMTP',
    'ADDR=192+2E0+2E2+2E1',
    'ADDR=010.1.1.1',
    'ADDR=08.1.1.1',
    'ADDR=0127.0.0.1',
    'ADDR=IPV6:::ffff:010.1.1.1',
    'ADDR=IPv6:fe80::1+25eth0',
    'ADDR=2001:db8::1',
    'PORT=00025',
    'PORT=000025',
    'PORT=99999',
    'PORT=65536',
    'PROTO=LMTP',
    'PROTO=[UNAVAILABLE]',
    'ADDR=[TEMPUNAVAIL]',
    'HELO=[tempunavail]',
    'LOGIN=[TempUnavail]',
    'HELO=[UNAVAILABLE]',
    'NAME=UNAVAILABLE',
    'NAME=[UNAVAILABLE]x',
    'HELO=a+00b',
    'LOGIN=+00',
    'HELO=+0D+0A',
    'HELO=+E9',
    'HELO=+C3+A9',
    'NAME=unknown',
    'FORWARD_NAME=x',
    'IDENT=x',
    'SOURCE=LOCAL',
    'REVERSE_NAME=[TEMPUNAVAIL]',
  );
  const valid = fc.oneof(anyEntry, anyEntryRaw).map((e) => ascii(`${e.rawName}=${e.raw}`));
  const invalidValue = fc.oneof(
    ...NAMES.map((name) =>
      fc
        .tuple(rawNameArb(name), invalidAttributeValue(name), escapesArb)
        .map(([rawName, { value }, escapes]) =>
          ascii(`${rawName}=${encodeInvalid(value, escapes)}`),
        ),
    ),
  );
  const badOctets = fc
    .constantFrom([0xff], [0xc3], [0xe9], [0xc0, 0x80])
    .map((bad) => Uint8Array.from([...ascii('HELO=a'), ...bad]));
  return fc.oneof(
    { weight: 6, arbitrary: valid },
    { weight: 2, arbitrary: invalidValue },
    { weight: 3, arbitrary: broken.map(ascii) },
    { weight: 1, arbitrary: lowerHex },
    { weight: 1, arbitrary: rawUtf8 },
    { weight: 2, arbitrary: quoted.map(ascii) },
    { weight: 1, arbitrary: long },
    { weight: 1, arbitrary: longHost },
    { weight: 1, arbitrary: badOctets },
  );
}

/**
 * Raw lines to send to a real Postfix (one per connection, after EHLO, from an authorized
 * client) and to `parseXclient(octets, { profile: 'postfix' })`, to compare the two replies:
 * mostly well-formed attributes mixed with what Postfix reads in its own way: lower-case hex,
 * raw UTF-8, quotes, `<…>`, backslashes, `to:`/`from:` tokens, bad escapes (Postfix then uses
 * the raw value), encoded `=` and NUL, octal-looking addresses, ports of 5 digits above
 * 65535, special values in the wrong place, values of 250–260 characters around Postfix's
 * 255 limit, unknown names, empty values, a missing `=`, invalid UTF-8, and whitespace runs
 * of SP, TAB, VT, FF and CR (never LF, which would end the line, and no raw NUL).
 *
 * @returns an arbitrary of lines as octets, without CRLF.
 * @example
 * ```ts
 * fc.sample(postfixProbeLine(), 1).map((o) => Buffer.from(o).toString('latin1'))
 * //=> e.g. ['XCLIENT HELO="a b"  NAME=x.example']
 * ```
 * @see SPEC.md §1–§4
 * @remarks Since 0.1.0
 */
export function postfixProbeLine(): Arbitrary<Uint8Array> {
  const space = fc.oneof(
    { weight: 12, arbitrary: fc.constant(' ') },
    { weight: 1, arbitrary: fc.constantFrom('  ', '\t', ' \t ', '\x0b', '\x0c', '\r', '   ') },
  );
  const verb = fc.oneof(
    { weight: 20, arbitrary: verbArb },
    { weight: 1, arbitrary: fc.constantFrom('XCLIENTX', 'XCLIENT:', 'XCLIENT=') },
  );
  const edge = fc.oneof({ weight: 8, arbitrary: fc.constant('') }, { weight: 1, arbitrary: space });
  return fc
    .tuple(
      edge,
      verb,
      fc.array(fc.tuple(space, probeToken()), { minLength: 0, maxLength: 6 }),
      edge,
    )
    .map(([lead, v, tokens, trail]) => {
      const parts: Uint8Array[] = [ascii(lead + v)];
      for (const [s, t] of tokens) parts.push(ascii(s), t);
      parts.push(ascii(trail));
      const length = parts.reduce((n, p) => n + p.length, 0);
      const out = new Uint8Array(length);
      let offset = 0;
      for (const p of parts) {
        out.set(p, offset);
        offset += p.length;
      }
      return out;
    });
}
