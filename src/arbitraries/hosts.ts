/**
 * Host names (NAME, REVERSE_NAME) and addresses (ADDR, DESTADDR), valid and invalid,
 * written from the grammar (docs/spec/postfix.md §4.1, §4.2), not asked of the library.
 *
 * @packageDocumentation
 */

import type { Arbitrary } from 'fast-check';
import fc from 'fast-check';
import { MAX_DECODED } from './limits.js';
import { insertAt } from './xtext.js';

// ---------------------------------------------------------------------------------------
// Host names (NAME, REVERSE_NAME): Postfix valid_hostname(), docs/spec/postfix.md §4.1

const HOST_EDGE = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_';
const hostEdge = fc.constantFrom(...HOST_EDGE);
const hostInner = (minLength: number, maxLength: number): Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...HOST_EDGE, '-'), minLength, maxLength });

const shortLabel: Arbitrary<string> = fc.oneof(
  hostEdge,
  fc.tuple(hostEdge, hostInner(0, 61), hostEdge).map(([a, b, c]) => a + b + c),
);
export const longLabel: Arbitrary<string> = fc
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
 * @see docs/spec/postfix.md §4.1
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
 * @see docs/spec/postfix.md §4.1
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
// Addresses (ADDR, DESTADDR): docs/spec/postfix.md §4.2, RFC 4291 §2.2

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
export const ipv6Text: Arbitrary<string> = fc
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
 * @see docs/spec/postfix.md §4.2
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
