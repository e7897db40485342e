/**
 * IPv4 and IPv6 addresses for ADDR and DESTADDR, written here (no `node:net`, no
 * dependency) in two profiles.
 *
 * ```
 * ; what an XCLIENT client sends (XCLIENT_README, RFC 5321 §4.1.3 address literals)
 * addr          = IPv4-address / ( "IPv6:" IPv6-address )   ; "IPv6:" in any case
 * IPv4-address  = dec-octet 3( "." dec-octet )
 * dec-octet     = DIGIT / %x31-39 DIGIT / "1" 2DIGIT / "2" %x30-34 DIGIT / "25" %x30-35
 * IPv6-address  = RFC 4291 §2.2 text: 8 groups of 1*4HEXDIG, one "::" standing for one or
 *                 more zero groups, the last 32 bits optionally as an IPv4-address
 * ```
 *
 * - {@link parsePostfixAddress}: exactly what Postfix 3.7.11 on glibc accepts and how it
 *   rewrites the address (`valid_mailhost_addr()`, then getaddrinfo/getnameinfo numeric
 *   round trip in `normalize_mailhost_addr()`), quirks included.
 * - {@link parseStrictAddress}: the RFC forms only, RFC 5952 canonical text.
 * - {@link ipToBytes}: the binary form, for CIDR matching (src/server/host-matcher.ts).
 *
 * Every parser is a hand-written left-to-right scanner (no regular expression), linear in
 * its input, and never throws.
 *
 * @see docs/spec/postfix.md §4.2; RFC 4291 §2.2; RFC 5952; RFC 4632 (CIDR).
 * @packageDocumentation
 */

import { asciiLower, DOT, isDigit } from '../octets.js';

/**
 * A refused address: why, and the code-unit offset into the value where it was found
 * (the `IPv6:` prefix included).
 *
 * @example
 * ```ts
 * const f: AddressFailure = { ok: false, reason: 'IPv4 octet above 255', position: 0 };
 * ```
 * @remarks Since 0.1.0
 * @internal
 */
export interface AddressFailure {
  readonly ok: false;
  /** What is wrong, for a person. */
  readonly reason: string;
  /** Code-unit offset into the value. */
  readonly position: number;
}

/**
 * The verdict of {@link parsePostfixAddress}: the address as Postfix stores it, or a failure.
 *
 * @example
 * ```ts
 * const r: AddressCheck = { ok: true, family: 4, address: '8.1.1.1' };
 * ```
 * @remarks Since 0.1.0
 * @internal
 */
export type AddressCheck =
  | {
      readonly ok: true;
      /** The family Postfix records (`4` also for a `::ffff:…` address, see below). */
      readonly family: 4 | 6;
      /** The normalized address, bare (no `IPv6:` prefix, no brackets). */
      readonly address: string;
    }
  | AddressFailure;

/**
 * The verdict of {@link parseStrictAddress}.
 *
 * @example
 * ```ts
 * const r: StrictAddressCheck = { ok: true, family: 6, address: '2001:db8::1', bare: true };
 * ```
 * @remarks Since 0.1.0
 * @internal
 */
export type StrictAddressCheck =
  | {
      readonly ok: true;
      /** `6` for every IPv6 address, IPv4-mapped ones included. */
      readonly family: 4 | 6;
      /** RFC 5952 canonical text, bare (no `IPv6:` prefix). */
      readonly address: string;
      /** Present (and `true`) when an IPv6 address came without the `IPv6:` prefix. */
      readonly bare?: true;
    }
  | AddressFailure;

/**
 * Options of {@link parseStrictAddress}.
 *
 * @example
 * ```ts
 * const lenient: StrictAddressOptions = { allowBareIpv6: true };
 * ```
 * @remarks Since 0.1.0
 * @internal
 */
export interface StrictAddressOptions {
  /**
   * Accept an IPv6 address without the `IPv6:` prefix (what the 'lenient' profile does
   * for nginx and others); the result then has `bare: true`.
   * @defaultValue false
   */
  readonly allowBareIpv6?: boolean;
}

// ---------------------------------------------------------------------------------------
// Character tables

const END = -1; // "past the end": the C code's NUL terminator
const COLON = 0x3a;
const NOT_HEX = 0xff;

/** Value of each hexadecimal digit, {@link NOT_HEX} for every other ASCII code unit. */
// biome-ignore format: one row of 16 code units per line
const HEX = /* @__PURE__ */ new Uint8Array([
  255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, // controls
  255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, // controls
  255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, // SP ! " … /
  0,   1,   2,   3,   4,   5,   6,   7,   8,   9,   255, 255, 255, 255, 255, 255, // 0-9 : ; < = > ?
  255, 10,  11,  12,  13,  14,  15,  255, 255, 255, 255, 255, 255, 255, 255, 255, // @ A-F G-O
  255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, // P-Z [ \ ] ^ _
  255, 10,  11,  12,  13,  14,  15,  255, 255, 255, 255, 255, 255, 255, 255, 255, // ` a-f g-o
  255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, // p-z { | } ~ DEL
]);

const hexValue = (c: number): number => HEX[c] ?? NOT_HEX;
/** Postfix's ISALNUM(): ASCII letters and digits only. */
const isAsciiAlnum = (c: number): boolean =>
  isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const at = (s: string, i: number): number => (i < s.length ? s.charCodeAt(i) : END);

/**
 * Reasons for characters that people do send, so the failure says more than "invalid
 * character". In ADDR/DESTADDR Postfix first turns ` <>()\";@` into `?` (`neuter()`), so a
 * server's echo of such a value shows `?` (live: `ADDR=1.2.3.4+3B` → `Bad ADDR syntax:
 * 1.2.3.4?`); they are refused either way, and the echo is the caller's business.
 */
const CHARACTER_REASONS: Readonly<Record<string, string>> = {
  '%': 'zone identifier not allowed',
  '[': 'brackets not allowed',
  ']': 'brackets not allowed',
  '/': 'prefix length not allowed',
};

const fail = (reason: string, position: number): AddressFailure => ({
  ok: false,
  reason,
  position,
});

const badCharacter = (s: string, i: number): AddressFailure =>
  fail(CHARACTER_REASONS[s.charAt(i)] ?? 'invalid character', i);

/** The `IPv6:` prefix of RFC 5321 address literals, compared case-insensitively. */
/** The prefix of an IPv6 address in ADDR and DESTADDR, lower case. @internal */
export const IPV6_PREFIX = 'ipv6:';

/** Whether a value starts with `IPV6:` in any case. @internal */
export const hasIpv6Prefix = (value: string): boolean =>
  asciiLower(value.slice(0, IPV6_PREFIX.length)) === IPV6_PREFIX;

// ---------------------------------------------------------------------------------------
// RFC readers (the same as glibc's inet_pton4 / inet_pton6)

/**
 * Reads a dotted quad from `start` to the end of `s` into `out[offset..offset+3]`:
 * `dec-octet 3( "." dec-octet )`, no leading zeros (`01` is refused: it is octal to
 * inet_aton, decimal to others, a known spoofing trick). This is glibc's `inet_pton4()`,
 * which is also what reads the IPv4 tail of an IPv6 address.
 */
function readDottedQuad(
  s: string,
  start: number,
  out: Uint8Array,
  offset: number,
): AddressFailure | undefined {
  let octets = 0;
  let sawDigit = false;
  let value = 0;
  let octetStart = start;
  for (let i = start; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isDigit(c)) {
      if (!sawDigit) {
        octets++;
        sawDigit = true;
        octetStart = i;
        value = c - 0x30;
      } else {
        if (value === 0) return fail('leading zero in an IPv4 octet', octetStart);
        value = value * 10 + c - 0x30;
        if (value > 255) return fail('IPv4 octet above 255', octetStart);
      }
      out[offset + octets - 1] = value;
    } else if (c === DOT) {
      if (!sawDigit) return fail('empty IPv4 octet', i);
      if (octets === 4) return fail('more than 4 IPv4 octets', i);
      sawDigit = false;
    } else {
      return badCharacter(s, i);
    }
  }
  if (octets < 4) return fail('fewer than 4 IPv4 octets', s.length);
  return undefined;
}

/**
 * Reads an RFC 4291 §2.2 IPv6 address from `start` to the end of `s` into `out` (16
 * octets). Mirrors glibc's `inet_pton6()`: 1–4 hex digits per group, one `::` that stands
 * for at least one zero group, 8 groups in all, an optional dotted-quad tail in the last 32
 * bits (read by {@link readDottedQuad}). No zone, no brackets.
 */
function readIpv6(s: string, start: number, out: Uint8Array): AddressFailure | undefined {
  const end = s.length;
  let i = start;
  if (i === end) return fail('empty IPv6 address', i);
  if (s.charCodeAt(i) === COLON) {
    if (at(s, i + 1) !== COLON) return fail('single colon at the start', i);
    i++; // the second colon of the leading "::" is read by the loop
  }
  let written = 0; // octets written to out
  let gap = -1; // where "::" stands, as an octet offset
  // Stryker disable next-line UnaryOperator: read only when gap >= 0, which sets it
  let gapAt = -1; // … and as an offset into s
  let groupStart = i;
  let digits = 0;
  let value = 0;
  while (i < end) {
    const c = s.charCodeAt(i);
    const h = hexValue(c);
    if (h !== NOT_HEX) {
      if (digits === 4) return fail('more than 4 hex digits in a group', groupStart);
      value = value * 16 + h;
      digits++;
      i++;
    } else if (c === COLON) {
      i++;
      if (digits === 0) {
        if (gap >= 0) return fail('more than one "::"', i - 2);
        gap = written;
        gapAt = i - 2;
      } else {
        if (i === end) return fail('single colon at the end', i - 1);
        if (written === 16) return fail('more than 8 groups', groupStart);
        out[written++] = value >> 8;
        out[written++] = value & 0xff;
        digits = 0;
        value = 0;
      }
      groupStart = i;
    } else if (c === DOT) {
      if (written > 12) return fail('IPv4 part beyond the last 32 bits', groupStart);
      const bad = readDottedQuad(s, groupStart, out, written);
      if (bad !== undefined) return bad;
      written += 4;
      digits = 0;
      break;
    } else {
      return badCharacter(s, i);
    }
  }
  if (digits > 0) {
    if (written === 16) return fail('more than 8 groups', groupStart);
    out[written++] = value >> 8;
    out[written++] = value & 0xff;
  }
  if (gap >= 0) {
    if (written === 16) return fail('"::" stands for no group', gapAt);
    const tail = written - gap;
    out.copyWithin(16 - tail, gap, written);
    out.fill(0, gap, 16 - tail);
    written = 16;
  }
  if (written !== 16) return fail('fewer than 8 groups', end);
  return undefined;
}

// ---------------------------------------------------------------------------------------
// Formatting (glibc inet_ntop and RFC 5952)

const formatIpv4 = (b: Uint8Array, offset: number): string =>
  `${b[offset]}.${b[offset + 1]}.${b[offset + 2]}.${b[offset + 3]}`;

/** Whether the last 32 bits are printed as a dotted quad, given the 8 groups and the
 * compressed run of zero groups (`length` 0 when none). */
type DottedTailRule = (words: readonly number[], base: number, length: number) => boolean;

const DOTTED_TAIL: Readonly<Record<'glibc' | 'rfc5952', DottedTailRule>> = {
  /** glibc `inet_ntop6()`: IPv4-mapped `::ffff:a.b.c.d`, and `::a.b.c.d` when exactly the
   * first 6 groups are zero (so `::1:2` prints `::0.1.0.2` but `::102` stays `::102`). */
  // Stryker disable next-line ConditionalExpression: the rule is read at group 6 outside the run only, so a run of 6, or of 5 before a non-zero group 5, starts at 0 anyway
  glibc: (w, base, length) => base === 0 && (length === 6 || (length === 5 && w[5] === 0xffff)),
  /** RFC 5952 §5: mixed notation for the well-known IPv4-mapped prefix `::ffff:0:0/96`
   * only; the deprecated IPv4-compatible `::a.b.c.d` is written in hex. */
  // Stryker disable next-line ConditionalExpression: as above, a run of 5 before a non-zero group 5 starts at 0
  rfc5952: (w, base, length) => base === 0 && length === 5 && w[5] === 0xffff,
};

/**
 * Writes 16 octets as text: lower-case hex without leading zeros, the longest run of two or
 * more zero groups as `::` (the first on ties), the last 32 bits dotted when `dotted` says
 * so. RFC 5952 §4 and glibc agree on everything but the dotted tail.
 */
function formatIpv6(b: Uint8Array, dotted: DottedTailRule): string {
  const words: number[] = [];
  let base = 0;
  let length = 0; // of the longest run of zero groups, from base
  let runBase = -1;
  for (let i = 0; i < 8; i++) {
    const word = ((b[2 * i] as number) << 8) | (b[2 * i + 1] as number);
    words.push(word);
    if (word !== 0) {
      runBase = -1;
    } else {
      if (runBase < 0) runBase = i;
      if (i - runBase + 1 > length) {
        base = runBase;
        length = i - runBase + 1;
      }
    }
  }
  if (length < 2) length = 0; // a lone zero group is written 0
  let text = '';
  for (let i = 0; i < 8; i++) {
    if (i >= base && i < base + length) {
      if (i === base) text += ':';
      continue;
    }
    if (i !== 0) text += ':';
    if (i === 6 && dotted(words, base, length)) return text + formatIpv4(b, 12);
    text += (words[i] as number).toString(16);
  }
  return base + length === 8 ? `${text}:` : text;
}

// ---------------------------------------------------------------------------------------
// The 'postfix' profile

/**
 * Postfix's `valid_ipv4_hostaddr()` from `start` to the end of `s`: digits and dots; each
 * dot-separated part a non-empty run of digits whose *decimal* value is at most 255 (any
 * number of digits: `0000000001` passes); exactly 4 parts; a first part of value 0 only when
 * the whole (sub)string is made of `0` and `.` (`0.0.0.0`, `00.0.0.000`; not `0.0.0.1`).
 */
function postfixIpv4Syntax(s: string, start: number): AddressFailure | undefined {
  let inPart = false;
  let parts = 0;
  let value = 0;
  let partStart = start;
  // Stryker disable next-line UnaryOperator: read only when there are 5 parts, which sets it
  let fifthPart = -1;
  for (let i = start; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isDigit(c)) {
      if (!inPart) {
        inPart = true;
        value = 0;
        parts++;
        partStart = i;
        if (parts === 5) fifthPart = i;
      }
      value = value * 10 + c - 0x30;
      if (value > 255) return fail('IPv4 octet above 255', partStart);
    } else if (c === DOT) {
      if (!inPart) return fail('empty IPv4 octet', i);
      if (i + 1 === s.length) return fail('trailing dot', i);
      if (parts === 1 && value === 0 && !onlyZerosAndDots(s, start)) {
        return fail('first IPv4 octet is zero', start);
      }
      inPart = false;
    } else {
      return badCharacter(s, i);
    }
  }
  if (parts > 4) return fail('more than 4 IPv4 octets', fifthPart);
  if (parts < 4) return fail('fewer than 4 IPv4 octets', s.length);
  return undefined;
}

function onlyZerosAndDots(s: string, start: number): boolean {
  for (let i = start; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 0x30 && c !== DOT) return false;
  }
  return true;
}

/**
 * glibc's `inet_aton()` on a string that passed {@link postfixIpv4Syntax}: a part with a
 * leading zero is octal (`010` → 8, `0255` → 173, `00` → 0), and `8`/`9` in it make the
 * whole address invalid. Octal never exceeds the decimal reading, so no part overflows.
 */
function readOctalQuad(s: string, out: Uint8Array): AddressFailure | undefined {
  let part = 0;
  let i = 0;
  // Stryker disable next-line EqualityOperator: the syntax check refused an empty value and a trailing dot, so i is never s.length here
  while (i <= s.length) {
    const partStart = i;
    const radix = s.charCodeAt(i) === 0x30 ? 8 : 10;
    let value = 0;
    for (; i < s.length && s.charCodeAt(i) !== DOT; i++) {
      const digit = s.charCodeAt(i) - 0x30;
      if (digit >= radix) return fail('8 or 9 in an octal IPv4 octet (leading zero)', partStart);
      value = value * radix + digit;
    }
    out[part++] = value;
    i++; // past the dot, or past the end
  }
  return undefined;
}

/** Octets in an IPv6 address. */
const IPV6_OCTETS = 16;

/** What glibc `inet_ntop6()` writes for an IPv4-mapped address, which Postfix turns into
 * plain IPv4 by cutting this prefix off (`strncasecmp("::ffff:", addr, 7)`). */
const MAPPED_PREFIX = '::ffff:';

/**
 * Checks and normalizes an ADDR or DESTADDR value exactly as Postfix 3.7.11 on glibc does
 * (`normalize_mailhost_addr()`, with IPv4 and IPv6 both enabled in `inet_protocols`).
 *
 * 1. `IPv6:` prefix, in any case? Then `valid_ipv6_hostaddr()`: hex groups of 1–4 digits,
 *    at most 7 colons, one `::`, at least 2 colons, no single colon at the start or the end,
 *    a dotted tail only after 2 to 6 colons and checked by the IPv4 rules of step 2 (so
 *    `::0.1.2.3` is refused). Then glibc `inet_pton6()`, whose dotted tail refuses leading
 *    zeros (`::ffff:010.1.1.1` is refused). Then glibc `inet_ntop6()` (RFC 5952-like, but
 *    the last 32 bits dotted when exactly the first 6 groups are zero, or for `::ffff:…`).
 *    A result starting `::ffff:` loses that prefix and becomes IPv4 (family 4), also when
 *    the rest is not a dotted quad: `::ffff:1:2:3` → `1:2:3`, family 4 (live).
 * 2. Otherwise IPv4 only: `valid_ipv4_hostaddr()` (decimal value ≤ 255 per part, any number
 *    of digits, 4 parts, first part 0 only in all-zero strings), then glibc `inet_aton()`,
 *    which reads a part with a leading zero as octal: `010.1.1.1` → `8.1.1.1`, `08.1.1.1`
 *    refused.
 *
 * Give it the decoded value: Postfix ends the value at a decoded NUL before this step, so a
 * caller does that too (here a NUL is an invalid character). The characters ` <>()\";@`
 * are refused (Postfix turns them into `?` first, which is what its reply echoes).
 *
 * @param value - the decoded ADDR/DESTADDR value (not `[UNAVAILABLE]`).
 * @returns the address as Postfix stores it (bare), or why it is refused.
 * @example
 * ```ts
 * parsePostfixAddress('010.1.1.1')           //=> { ok: true, family: 4, address: '8.1.1.1' }
 * parsePostfixAddress('IPv6:2001:DB8:0::1')  //=> { ok: true, family: 6, address: '2001:db8::1' }
 * parsePostfixAddress('IPV6:::ffff:1.2.3.4') //=> { ok: true, family: 4, address: '1.2.3.4' }
 * parsePostfixAddress('2001:db8::1').ok      //=> false (no "IPv6:" prefix)
 * ```
 * @see docs/spec/postfix.md §4.2
 * @remarks Since 0.1.0
 * @internal
 */
export function parsePostfixAddress(value: string): AddressCheck {
  if (hasIpv6Prefix(value)) {
    const bytes = IPV6_SCRATCH; // read and formatted within the call
    const bad =
      postfixIpv6Syntax(value, IPV6_PREFIX.length) ?? readIpv6(value, IPV6_PREFIX.length, bytes);
    if (bad !== undefined) return bad;
    const text = formatIpv6(bytes, DOTTED_TAIL.glibc);
    return text.startsWith(MAPPED_PREFIX)
      ? { ok: true, family: 4, address: text.slice(MAPPED_PREFIX.length) }
      : { ok: true, family: 6, address: text };
  }
  const bytes = new Uint8Array(4);
  const bad = postfixIpv4Syntax(value, 0) ?? readOctalQuad(value, bytes);
  if (bad !== undefined) return bad;
  return { ok: true, family: 4, address: formatIpv4(bytes, 0) };
}

/**
 * Postfix's `valid_ipv6_hostaddr()` from `start` to the end of `s` (see
 * {@link parsePostfixAddress}). `field` counts colons; `nullField` is the colon count at
 * the first colon of `::`.
 */
function postfixIpv6Syntax(s: string, start: number): AddressFailure | undefined {
  let nullField = 0;
  let field = 0;
  let len = 0; // hex digits of the current group
  let i = start;
  for (;;) {
    const c = at(s, i);
    if (c === END) {
      if (field < 2) return fail('fewer than 2 colons', i);
      // Stryker disable next-line ConditionalExpression: readIpv6 (glibc) refuses such a value too, with the same reason at the same colon
      if (len === 0 && nullField !== field - 1) return fail('single colon at the end', i - 1);
      return undefined;
    }
    if (c === DOT) {
      if (field < 2 || field > 6)
        return fail('IPv4 part after fewer than 2 or more than 6 colons', i);
      return postfixIpv4Syntax(s, i - len);
    }
    if (c === COLON) {
      if (field === 0 && len === 0 && isAsciiAlnum(at(s, i + 1))) {
        return fail('single colon at the start', i);
      }
      field++;
      if (field > 7) return fail('more than 7 colons', i);
      i++;
      len = 0;
      if (at(s, i) === COLON) {
        if (nullField > 0) return fail('more than one "::"', i - 1);
        nullField = field;
      }
    } else {
      len = 0;
      while (hexValue(at(s, i + len)) !== NOT_HEX) len++;
      if (len > 4) return fail('more than 4 hex digits in a group', i);
      if (len === 0) return badCharacter(s, i);
      i += len;
    }
  }
}

// ---------------------------------------------------------------------------------------
// The 'strict' (and 'lenient') profile

/**
 * RFC 1122 §3.2.1.3: "this network" (0.0.0.0/8) is no host's address; only 0.0.0.0 itself
 * ("this host") is accepted, as Postfix does (it refuses `0.1.2.3`, and formatXclient must
 * never write what Postfix refuses).
 */
function thisNetwork(bytes: Uint8Array, offset: number): boolean {
  return (
    bytes[offset] === 0 &&
    (bytes[offset + 1] !== 0 || bytes[offset + 2] !== 0 || bytes[offset + 3] !== 0)
  );
}

/** Whether 16 octets are an IPv4-mapped IPv6 address (::ffff:0:0/96). */
function isMapped(bytes: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return false;
  return bytes[10] === 0xff && bytes[11] === 0xff;
}

function strictIpv6(value: string, start: number, bare: boolean): StrictAddressCheck {
  const bytes = IPV6_SCRATCH; // read and formatted within the call
  const bad = readIpv6(value, start, bytes);
  if (bad !== undefined) return bad;
  if (isMapped(bytes) && thisNetwork(bytes, 12)) {
    return fail('IPv4-mapped address in 0.0.0.0/8 ("this network" is no host)', start);
  }
  const address = formatIpv6(bytes, DOTTED_TAIL.rfc5952);
  return bare ? { ok: true, family: 6, address, bare: true } : { ok: true, family: 6, address };
}

/**
 * Checks and normalizes an ADDR or DESTADDR value by the RFCs only (the 'strict' profile,
 * and with `allowBareIpv6` the 'lenient' one).
 *
 * - IPv4: a dotted quad, 4 decimal octets 0–255, no leading zeros (`01.2.3.4` is refused:
 *   the octal reading Postfix applies is a spoofing trick), no other form; nothing in
 *   0.0.0.0/8 but 0.0.0.0 (RFC 1122 §3.2.1.3; Postfix refuses `0.1.2.3` too), also when
 *   IPv4-mapped.
 * - IPv6: after an `IPv6:` prefix in any case, RFC 4291 §2.2 text (1–4 hex digits per group,
 *   one `::`, an IPv4 tail in the last 32 bits without leading zeros); no zone (`%eth0`), no
 *   brackets. Without the prefix only when `allowBareIpv6` is set (then `bare: true`).
 * - Normalized to RFC 5952 canonical text: lower case, no leading zeros, the longest run of
 *   two or more zero groups as `::` (the first on ties), and IPv4-mapped addresses in mixed
 *   notation as RFC 5952 §5 recommends: `::ffff:192.0.2.1`. An IPv4-mapped address keeps
 *   family 6: unlike Postfix, the strict profile does not silently turn it into IPv4. The
 *   deprecated IPv4-compatible form (`::192.0.2.1`) is written in hex, `::c000:201`.
 *
 * @param value - the decoded ADDR/DESTADDR value (not `[UNAVAILABLE]`).
 * @param options - {@link StrictAddressOptions}.
 * @returns the canonical address, or why it is refused.
 * @example
 * ```ts
 * parseStrictAddress('192.0.2.1')              //=> { ok: true, family: 4, address: '192.0.2.1' }
 * parseStrictAddress('IPv6:2001:DB8:0:0::1')   //=> { ok: true, family: 6, address: '2001:db8::1' }
 * parseStrictAddress('IPv6:::FFFF:c000:0201')  //=> { ok: true, family: 6, address: '::ffff:192.0.2.1' }
 * parseStrictAddress('2001:db8::1', { allowBareIpv6: true })
 * //=> { ok: true, family: 6, address: '2001:db8::1', bare: true }
 * parseStrictAddress('010.1.1.1').ok           //=> false
 * ```
 * @see RFC 4291 §2.2, RFC 5952 §4–5, RFC 5321 §4.1.3
 * @remarks Since 0.1.0
 * @internal
 */
export function parseStrictAddress(
  value: string,
  options?: StrictAddressOptions,
): StrictAddressCheck {
  if (hasIpv6Prefix(value)) return strictIpv6(value, IPV6_PREFIX.length, false);
  if (value.indexOf(':') >= 0) {
    return options?.allowBareIpv6 === true
      ? strictIpv6(value, 0, true)
      : fail('IPv6 address without the "IPv6:" prefix', 0);
  }
  const bad = readDottedQuad(value, 0, QUAD, 0);
  if (bad !== undefined) return bad;
  if (thisNetwork(QUAD, 0)) return fail('address in 0.0.0.0/8 ("this network" is no host)', 0);
  // Digits and dots without leading zeros: the text is already the canonical form.
  return { ok: true, family: 4, address: value };
}

/**
 * Scratch octets for the IPv6 readings of parseStrictAddress and parsePostfixAddress: each
 * reads an address into them and formats it within the call (a typed array per value was a
 * tenth of the time of an IPv6 ADDR).
 */
const IPV6_SCRATCH = /* @__PURE__ */ new Uint8Array(16);

/** Scratch octets for parseStrictAddress's dotted quads (read and checked within the call). */
const QUAD = /* @__PURE__ */ new Uint8Array(4);

/**
 * Whether an address is the usual kind: a dotted quad without leading zeros outside 0/8. Every
 * reading accepts it as it is written: {@link parseStrictAddress} (with or without bare IPv6)
 * and {@link parsePostfixAddress} (Postfix's syntax check passes it, and octal reads it the
 * same) give the text itself as the address, with no warning. Only a speed pre-check.
 */
// Stryker disable next-line BlockStatement: speed only: false sends every address to the full reading, which gives the same
export function isPlainQuad(value: string): boolean {
  // Stryker disable next-line ConditionalExpression: speed only, as above (→ true, killed, is ignored with it)
  return readDottedQuad(value, 0, QUAD, 0) === undefined && QUAD[0] !== 0;
}

/**
 * The octets of an address in RFC text form: a dotted quad (4 octets) or RFC 4291 IPv6 text
 * (16 octets), bare (no `IPv6:` prefix, brackets or zone). Every address either parser
 * returns is accepted, except Postfix's odd family-4 `1:2:3` (from `::ffff:1:2:3`).
 *
 * @param address - an address such as `192.0.2.1` or `2001:db8::1`.
 * @returns 4 or 16 octets, or `undefined` when `address` is not such an address.
 * @example
 * ```ts
 * ipToBytes('192.0.2.1')  //=> Uint8Array [192, 0, 2, 1]
 * ipToBytes('::1')        //=> Uint8Array [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]
 * ipToBytes('unknown')    //=> undefined
 * ```
 * @remarks Since 0.1.0
 * @internal
 */
export function ipToBytes(address: string): Uint8Array | undefined {
  const ipv6 = address.indexOf(':') >= 0;
  const bytes = new Uint8Array(ipv6 ? IPV6_OCTETS : 4);
  const bad = ipv6 ? readIpv6(address, 0, bytes) : readDottedQuad(address, 0, bytes, 0);
  return bad === undefined ? bytes : undefined;
}

/** The RFC 5952 text of 4 or 16 address octets. @internal */
export function formatAddress(bytes: Uint8Array): string {
  return bytes.length === 4 ? formatIpv4(bytes, 0) : formatIpv6(bytes, DOTTED_TAIL.rfc5952);
}
