import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { describe, expect, it } from 'vitest';
import { isXclientError } from '../src/errors.js';
import { createHostMatcher, type HostMatcherClient } from '../src/server/host-matcher.js';
import { ipToBytes, parsePostfixAddress, parseStrictAddress } from '../src/values/ip.js';
import { loadCorpus, postfixXtext } from './helpers/corpus.js';
import { codePoint, fc, test as fcTest } from './helpers/fc.js';

// ---------------------------------------------------------------------------------------
// The live corpus

interface CorpusRecord {
  readonly id: string;
  readonly line: string;
  readonly context: string;
  readonly code: number | null;
  readonly text: string | null;
  readonly state?: { readonly reject_from?: string } | string | null;
}

/** The value smtpd hands to the ADDR check: decoded, ended at NUL (what our caller does). */
const decodedValue = (raw: string): string => postfixXtext(raw).split('\0')[0] as string;

/** The echo in `Bad ADDR syntax: …`: non-printable octets and ` <>()\";@` become `?`
 * (printable() then neuter(); no ADDR in the corpus has raw UTF-8, which printable keeps). */
const echoOf = (value: string): string => value.replace(/[^\x21-\x7e]|[<>()\\";@]/g, '?');

const ADDRESS_ATTRIBUTES = ['ADDR', 'DESTADDR'];
const UNAVAILABLE = '[UNAVAILABLE]';

interface CorpusAddress {
  readonly id: string;
  readonly attribute: string;
  readonly value: string;
  readonly accepted: boolean;
  /** The normalized address Postfix logged (`name[addr]:port`), when the log shows it. */
  readonly logged?: string;
}

/**
 * Every ADDR / DESTADDR value of the corpus whose verdict the reply tells:
 * - reply 220 (in a session where XCLIENT is allowed): every value on the line was accepted,
 *   and the address Postfix logged (`reject_from`) is the normalized last ADDR;
 * - reply `501 Bad ADDR|DESTADDR syntax: <echo>`: the first such token whose echo matches
 *   was refused by the address check; the address tokens before it were accepted.
 * Left out, because an earlier or a different check decided, not the address syntax:
 * - `[UNAVAILABLE]` in any case (a special value, handled before the syntax check);
 * - every other reply: 550 (not authorized: c414–c417, c429), 503 (MAIL transaction),
 *   `attribute=value expected` (empty value, c030/c040), `Bad XCLIENT attribute name`
 *   (c437: its ADDR did pass, but the line is kept out rather than guessing), raw values
 *   over 255 octets (`attribute value too long`).
 * Values are xtext-decoded as Postfix does and cut at a decoded NUL, as the attribute
 * layer does before calling parsePostfixAddress.
 */
function corpusAddresses(): CorpusAddress[] {
  const out: CorpusAddress[] = [];
  for (const r of loadCorpus<CorpusRecord>()) {
    const tokens = r.line
      .split(/[ \t\v\f\r]+/)
      .filter((t) => t !== '')
      .slice(1)
      .map((t) => {
        const eq = t.indexOf('=');
        return { name: t.slice(0, eq).toUpperCase(), value: decodedValue(t.slice(eq + 1)) };
      })
      .filter((t) => ADDRESS_ATTRIBUTES.includes(t.name));
    if (tokens.length === 0) continue;
    let accepted: typeof tokens;
    let refused: (typeof tokens)[number] | undefined;
    if (r.code === 220 && !['noauth', 'mail'].includes(r.context)) {
      accepted = tokens;
    } else {
      const bad = r.code === 501 ? /^Bad (\S+) syntax: (.*)$/s.exec(r.text ?? '') : null;
      if (bad === null || !ADDRESS_ATTRIBUTES.includes(bad[1] as string)) continue;
      const failing = tokens.findIndex((t) => t.name === bad[1] && echoOf(t.value) === bad[2]);
      if (failing < 0) throw new Error(`${r.id}: cannot find the refused token`);
      accepted = tokens.slice(0, failing);
      refused = tokens[failing];
    }
    const state = typeof r.state === 'object' && r.state !== null ? r.state : undefined;
    const lastAddr = accepted.filter((t) => t.name === 'ADDR').at(-1);
    for (const t of accepted) {
      if (t.value.toUpperCase() === UNAVAILABLE) continue;
      const from = state?.reject_from;
      const logged =
        t === lastAddr && from !== undefined
          ? from.slice(from.lastIndexOf('[') + 1, from.lastIndexOf(']'))
          : undefined;
      out.push({
        id: r.id,
        attribute: t.name,
        value: t.value,
        accepted: true,
        ...(logged === undefined ? {} : { logged }),
      });
    }
    if (refused !== undefined && refused.value.toUpperCase() !== UNAVAILABLE) {
      out.push({ id: r.id, attribute: refused.name, value: refused.value, accepted: false });
    }
  }
  return out;
}

const CORPUS = corpusAddresses();

describe('parsePostfixAddress against the live Postfix 3.7.11 corpus', () => {
  it('covers the corpus ADDR / DESTADDR cases', () => {
    expect(CORPUS.filter((c) => c.accepted).length).toBeGreaterThan(30);
    expect(CORPUS.filter((c) => !c.accepted).length).toBeGreaterThan(35);
    expect(CORPUS.filter((c) => c.logged !== undefined).length).toBeGreaterThan(20);
  });

  it.each(CORPUS.map((c) => [c.id, c.attribute, c.value, c.accepted, c] as const))(
    '%s %s=%j → accepted: %s',
    (_id, _attribute, value, accepted, c) => {
      const r = parsePostfixAddress(value);
      expect(r.ok).toBe(accepted);
      if (r.ok && c.logged !== undefined) expect(r.address).toBe(c.logged);
    },
  );
});

// ---------------------------------------------------------------------------------------
// Cases put to the live Postfix 3.7.11 with /work/shared/scripts/probe.mjs (ADDR=value in an
// authorized session; the normalized address is the one Postfix logged in reject_from).

describe('parsePostfixAddress: cases checked against live Postfix 3.7.11', () => {
  // [value, logged address, family]
  it.each([
    // IPv4 through glibc inet_aton(): a leading zero means octal.
    ['0255.0.0.1', '173.0.0.1', 4],
    ['255.255.255.0255', '255.255.255.173', 4],
    ['0177.0.0.1', '127.0.0.1', 4],
    ['1.2.3.04', '1.2.3.4', 4],
    ['1.02.003.0004', '1.2.3.4', 4],
    ['1.2.3.00', '1.2.3.0', 4],
    ['00000000000000001.2.3.4', '1.2.3.4', 4],
    // A zero first octet only in all-zero strings.
    ['0.0.0.0', '0.0.0.0', 4],
    ['00.0.0.0', '0.0.0.0', 4],
    ['000.000.000.000', '0.0.0.0', 4],
    ['0.0.0.0000', '0.0.0.0', 4],
    ['0.0.00.0', '0.0.0.0', 4],
    // Prefix in any case; hex in lower case.
    ['IPv6:::1', '::1', 6],
    ['iPv6:ABCD::EF01', 'abcd::ef01', 6],
    // Zero runs: the longest of 2 or more, the first on ties; a single 0 stays.
    ['IPV6:1:0:0:1:0:0:0:1', '1:0:0:1::1', 6],
    ['IPV6:1:0:0:1:0:0:1:1', '1::1:0:0:1:1', 6],
    ['IPV6:1:0:0:0:1:0:0:0', '1::1:0:0:0', 6],
    ['IPV6:1:0:2:0:3:0:4:0', '1:0:2:0:3:0:4:0', 6],
    ['IPV6:1::2:3:4:5:6:7', '1:0:2:3:4:5:6:7', 6],
    ['IPV6:0:1:0:0:0:0:0:0', '0:1::', 6],
    ['IPV6:1:0:0:0:0:0:0:0', '1::', 6],
    ['IPV6:0:0:0:0:0:0:0:0', '::', 6],
    ['IPV6:0::0', '::', 6],
    ['IPV6:0::', '::', 6],
    ['IPV6:1::', '1::', 6],
    ['IPV6:fe80::1:0:0', 'fe80::1:0:0', 6],
    ['IPV6:::1:0:0', '::1:0:0', 6],
    ['IPV6:::1:2:3:4:5:6', '::1:2:3:4:5:6', 6],
    // Embedded IPv4 is written in hex unless glibc's special cases apply.
    ['IPV6:1:2:3:4:5::1.2.3.4', '1:2:3:4:5:0:102:304', 6],
    ['IPV6:1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:102:304', 6],
    ['IPV6:2001:db8::0.0.0.0', '2001:db8::', 6],
    ['IPV6:::1:ffff:1.2.3.4', '::1:ffff:102:304', 6],
    // glibc inet_ntop6: exactly 6 leading zero groups → the last 32 bits dotted …
    ['IPV6:::1.2.3.4', '::1.2.3.4', 6],
    ['IPV6:0:0:0:0:0:0:1.2.3.4', '::1.2.3.4', 6],
    ['IPV6:::12.34.56.78', '::12.34.56.78', 6],
    ['IPV6:::255.0.0.0', '::255.0.0.0', 6],
    ['IPV6:::255.255.255.255', '::255.255.255.255', 6],
    ['IPV6:::1:2', '::0.1.0.2', 6],
    ['IPV6:::0:1:2', '::0.1.0.2', 6],
    ['IPV6:::1:0', '::0.1.0.0', 6],
    ['IPV6:::ffff:1', '::255.255.0.1', 6],
    ['IPV6:0:0:0:0:0:0:ffff:1', '::255.255.0.1', 6],
    ['IPV6:::ffff:0', '::255.255.0.0', 6],
    ['IPV6:::0.0.0.0', '::', 6],
    // … but 7 zero groups are plain hex (no BIND-style exception).
    ['IPV6:::102', '::102', 6],
    ['IPV6:::ffff', '::ffff', 6],
    ['IPV6:::abcd', '::abcd', 6],
    // IPv4-mapped: plain IPv4, family 4, whatever the input form.
    ['IPV6:::ffff:1.2.3.4', '1.2.3.4', 4],
    ['IPV6:::FFFF:1.2.3.4', '1.2.3.4', 4],
    ['IPV6:::ffff:102:304', '1.2.3.4', 4],
    ['IPV6:0:0:0:0:0:ffff:1.2.3.4', '1.2.3.4', 4],
    ['IPV6:0:0:0:0:0:FFFF:0102:0304', '1.2.3.4', 4],
    ['IPV6:0000:0000:0000:0000:0000:ffff:1.2.3.4', '1.2.3.4', 4],
    ['IPV6:::ffff:ffff:ffff', '255.255.255.255', 4],
    ['IPV6:::ffff:0:0', '0.0.0.0', 4],
    ['IPV6:0:0:0:0:0:ffff::', '0.0.0.0', 4],
    ['IPV6:::ffff:0.0.0.0', '0.0.0.0', 4],
    ['IPV6:0:0:0:0:0:ffff:0.0.0.0', '0.0.0.0', 4],
    // Postfix cuts "::ffff:" off whatever inet_ntop6 wrote: family 4, not an IPv4 address.
    ['IPV6:::ffff:1:2:3', '1:2:3', 4],
    ['IPV6:::FFFF:1:2:3', '1:2:3', 4],
    ['IPV6:::ffff:1:0:0', '1:0:0', 4],
    ['IPV6:::ffff:0:0:0', '0:0:0', 4],
  ] as const)('accepts %j as %j (family %i)', (value, address, family) => {
    expect(parsePostfixAddress(value)).toEqual({ ok: true, family, address });
  });

  // [value, reason, position]
  it.each([
    // valid_ipv4_hostaddr(): a zero first octet, also in an IPv6 tail.
    ['0.0.0.1', 'first IPv4 octet is zero', 0],
    ['000.1.2.3', 'first IPv4 octet is zero', 0],
    ['IPV6:::0.0.1.2', 'first IPv4 octet is zero', 7],
    ['IPV6:::0.0.0.1', 'first IPv4 octet is zero', 7],
    ['IPV6:::0.1.2.3', 'first IPv4 octet is zero', 7],
    ['IPV6:::0.0.255.255', 'first IPv4 octet is zero', 7],
    ['IPV6:::ffff:0.1.2.3', 'first IPv4 octet is zero', 12],
    ['IPV6:::ffff:0.0.0.1', 'first IPv4 octet is zero', 12],
    ['IPV6:::ffff:00.1.1.1', 'first IPv4 octet is zero', 12],
    // decimal value above 255 (so octal 0377 never gets to inet_aton).
    ['0377.0.0.1', 'IPv4 octet above 255', 0],
    // glibc inet_aton(): 8 or 9 after a leading zero.
    ['09.1.1.1', '8 or 9 in an octal IPv4 octet (leading zero)', 0],
    ['1.2.3.09', '8 or 9 in an octal IPv4 octet (leading zero)', 6],
    // glibc inet_pton4() in the IPv6 tail: no leading zeros.
    ['IPV6:::ffff:1.2.3.04', 'leading zero in an IPv4 octet', 18],
    // valid_ipv6_hostaddr(): colon counts and places.
    ['IPV6:1:2:3', 'fewer than 8 groups', 10],
    ['IPV6:1:2:3:4:5:6:7', 'fewer than 8 groups', 18],
    ['IPV6:1:2:3:4:5:1.2.3.4', 'fewer than 8 groups', 22],
    ['IPV6:::1:2:3:4:5:1.2.3.4', 'IPv4 part after fewer than 2 or more than 6 colons', 18],
    ['IPV6:1:::2', 'more than one "::"', 7],
    ['IPV6::::1', 'more than one "::"', 6],
    ['IPV6:::1:2:3:4:5:6:7:8', 'more than 7 colons', 18],
    ['IPV6:1:2:3:4:5:6:7:8::', 'more than 7 colons', 20],
    ['IPV6::1:2:3:4:5:6:7', 'single colon at the start', 5],
    ['IPV6:1:2:3:4:5:6:7:8:', 'more than 7 colons', 20],
    ['IPV6:::0.0.0.0.0', 'more than 4 IPv4 octets', 15],
    ['IPV6:::1.2.3', 'fewer than 4 IPv4 octets', 12],
    ['IPV6:ab.1.2.3', 'IPv4 part after fewer than 2 or more than 6 colons', 7],
    ['IPV6:1::ab.1.2.3', 'invalid character', 8],
    // Postfix turns ` <>()\";@` into `?` first (the reply echoes `1.2.3.4?`); refused.
    ['1.2.3.4;', 'invalid character', 7],
    ['1.2.3.4@', 'invalid character', 7],
    ['1.2.3.4<', 'invalid character', 7],
    ['IPV6:::1"', 'invalid character', 8],
    ['1.2.3.4\r', 'invalid character', 7],
    ['IPV6::1', 'single colon at the start', 5],
  ] as const)('refuses %j: %s at %i', (value, reason, position) => {
    expect(parsePostfixAddress(value)).toEqual({ ok: false, reason, position });
  });

  it('is not idempotent where Postfix itself is not (live Postfix 3.7.11)', () => {
    // Postfix logs ::0.1.0.2 for IPV6:::1:2, but refuses IPV6:::0.1.0.2 (first octet 0);
    // and it stores ::ffff:1:2:3 as the family-4 "address" 1:2:3, which is not IPv4.
    expect(parsePostfixAddress('IPV6:::1:2')).toMatchObject({ ok: true, address: '::0.1.0.2' });
    expect(parsePostfixAddress('IPV6:::0.1.0.2').ok).toBe(false);
    expect(parsePostfixAddress('IPV6:::ffff:1:2:3')).toMatchObject({ family: 4, address: '1:2:3' });
    expect(parsePostfixAddress('1:2:3').ok).toBe(false);
    expect(ipToBytes('1:2:3')).toBeUndefined();
  });

  it('leaves the NUL cut to the caller (live: ADDR=1.2.3.4+00x is accepted as 1.2.3.4)', () => {
    expect(parsePostfixAddress('1.2.3.4\0x')).toMatchObject({ ok: false, position: 7 });
    expect(parsePostfixAddress('1.2.3.4')).toEqual({ ok: true, family: 4, address: '1.2.3.4' });
  });
});

describe('parsePostfixAddress: more refusals, with reason and position', () => {
  it.each([
    ['', 'fewer than 4 IPv4 octets', 0],
    ['1.2.3', 'fewer than 4 IPv4 octets', 5],
    ['1.2.3.4.5', 'more than 4 IPv4 octets', 8],
    ['1.2.3.4.', 'trailing dot', 7],
    ['.1.2.3', 'empty IPv4 octet', 0],
    ['1..2.3', 'empty IPv4 octet', 2],
    ['256.1.1.1', 'IPv4 octet above 255', 0],
    ['1.2.3.2550', 'IPv4 octet above 255', 6],
    ['0x7f.0.0.1', 'invalid character', 1],
    ['-1.2.3.4', 'invalid character', 0],
    ['1.2.3.4/32', 'prefix length not allowed', 7],
    ['[192.0.2.1]', 'brackets not allowed', 0],
    ['2001:db8::1', 'IPv4 octet above 255', 0],
    ['db8::1', 'invalid character', 0],
    ['IPV6:', 'fewer than 2 colons', 5],
    ['IPV6:1:', 'fewer than 2 colons', 7],
    ['IPV6:1:2:', 'single colon at the end', 8],
    ['IPV6:12345::1', 'more than 4 hex digits in a group', 5],
    ['IPV6:00001::1', 'more than 4 hex digits in a group', 5],
    ['IPV6:g::1', 'invalid character', 5],
    ['IPV6:fe80::1%eth0', 'zone identifier not allowed', 12],
    ['IPV6:[::1]', 'brackets not allowed', 5],
    ['IPV6:192.0.2.1', 'IPv4 part after fewer than 2 or more than 6 colons', 8],
    ['IPV6:1:2:3:4:5:6:7:1.2.3.4', 'IPv4 part after fewer than 2 or more than 6 colons', 20],
    ['IPV6:1:2:3:4:5:6:7:8:9', 'more than 7 colons', 20],
    ['IPV6:1::2::3', 'more than one "::"', 9],
    ['IPV6:1::1.2.3.4:5', 'invalid character', 15],
    ['IPV6:::1::', 'more than one "::"', 8],
    ['IPV6:.1.2.3.4', 'IPv4 part after fewer than 2 or more than 6 colons', 5],
    ['IPV6::.', 'IPv4 part after fewer than 2 or more than 6 colons', 6],
    ['IPV6:1::.1.2.3', 'empty IPv4 octet', 8],
    ['IPV6:::ffff:1.2.3.4.5', 'more than 4 IPv4 octets', 20],
  ] as const)('refuses %j: %s at %i', (value, reason, position) => {
    expect(parsePostfixAddress(value)).toEqual({ ok: false, reason, position });
  });
});

// ---------------------------------------------------------------------------------------
// The strict profile

describe('parseStrictAddress', () => {
  // [value, address, family]
  it.each([
    ['192.0.2.1', '192.0.2.1', 4],
    ['0.0.0.0', '0.0.0.0', 4],
    ['255.255.255.255', '255.255.255.255', 4],
    ['IPv6:2001:db8::1', '2001:db8::1', 6],
    ['IPV6:2001:0DB8:0000:0000:0000:0000:0000:0001', '2001:db8::1', 6],
    ['ipv6:2001:DB8:0:0:1:0:0:1', '2001:db8::1:0:0:1', 6],
    ['IPv6:1:0:0:1:0:0:1:1', '1::1:0:0:1:1', 6],
    ['IPv6:1:0:0:1:0:0:0:1', '1:0:0:1::1', 6],
    ['IPv6:1:0:2:3:4:5:6:7', '1:0:2:3:4:5:6:7', 6],
    ['IPv6:0:0:0:0:0:0:0:0', '::', 6],
    ['IPv6:::', '::', 6],
    ['IPv6:::1', '::1', 6],
    ['IPv6:1::', '1::', 6],
    ['IPv6:1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0', 6],
    ['IPv6:::2:3:4:5:6:7:8', '0:2:3:4:5:6:7:8', 6],
    ['IPv6:::1:2:3:4:5:6:7', '0:1:2:3:4:5:6:7', 6],
    // RFC 5952 §5: IPv4-mapped in mixed notation, family 6, any input form.
    ['IPv6:::ffff:192.0.2.1', '::ffff:192.0.2.1', 6],
    ['IPv6:::FFFF:c000:0201', '::ffff:192.0.2.1', 6],
    ['IPv6:0:0:0:0:0:ffff:192.0.2.1', '::ffff:192.0.2.1', 6],
    ['IPv6:::ffff:0:0', '::ffff:0.0.0.0', 6],
    // Other embedded IPv4 (including the deprecated ::a.b.c.d) in hex.
    ['IPv6:::192.0.2.1', '::c000:201', 6],
    ['IPv6:::0.0.1.2', '::102', 6],
    ['IPv6:2001:db8::192.0.2.1', '2001:db8::c000:201', 6],
    ['IPv6:1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:102:304', 6],
    ['IPv6:::1:2:3:4:5:1.2.3.4', '0:1:2:3:4:5:102:304', 6],
    ['IPv6:::ffff:1:2:3', '::ffff:1:2:3', 6],
    ['IPv6:::1:2', '::1:2', 6],
  ] as const)('accepts %j as %j (family %i)', (value, address, family) => {
    expect(parseStrictAddress(value)).toEqual({ ok: true, family, address });
  });

  // [value, reason, position]
  it.each([
    ['0.1.2.3', 'address in 0.0.0.0/8 ("this network" is no host)', 0],
    ['IPv6:::ffff:0.1.2.3', 'IPv4-mapped address in 0.0.0.0/8 ("this network" is no host)', 5],
    ['IPv6:::ffff:1:203', 'IPv4-mapped address in 0.0.0.0/8 ("this network" is no host)', 5],
    ['', 'fewer than 4 IPv4 octets', 0],
    ['01.2.3.4', 'leading zero in an IPv4 octet', 0],
    ['010.1.1.1', 'leading zero in an IPv4 octet', 0],
    ['1.2.3.04', 'leading zero in an IPv4 octet', 6],
    ['192.000.002.001', 'leading zero in an IPv4 octet', 4],
    ['256.1.1.1', 'IPv4 octet above 255', 0],
    ['1.2.3.1000', 'IPv4 octet above 255', 6],
    ['1.2.3', 'fewer than 4 IPv4 octets', 5],
    ['1.2.3.', 'fewer than 4 IPv4 octets', 6],
    ['1.2.3.4.', 'more than 4 IPv4 octets', 7],
    ['1.2.3.4.5', 'more than 4 IPv4 octets', 7],
    ['1..2.3', 'empty IPv4 octet', 2],
    ['.1.2.3', 'empty IPv4 octet', 0],
    ['1.2.3.4 ', 'invalid character', 7],
    ['0x7f.0.0.1', 'invalid character', 1],
    ['[192.0.2.1]', 'brackets not allowed', 0],
    ['192.0.2.0/24', 'prefix length not allowed', 9],
    ['2001:db8::1', 'IPv6 address without the "IPv6:" prefix', 0],
    ['IPv6:', 'empty IPv6 address', 5],
    ['IPv6:192.0.2.1', 'fewer than 8 groups', 14],
    ['IPv6::1', 'single colon at the start', 5],
    ['IPv6:1:', 'single colon at the end', 6],
    ['IPv6:1:2:3:4:5:6:7', 'fewer than 8 groups', 18],
    ['IPv6:1:2:3:4:5:6:7:8:9', 'more than 8 groups', 21],
    ['IPv6:1:2:3:4:5:6:7:8:9:0', 'more than 8 groups', 21],
    ['IPv6:1::2:3:4:5:6:7:8', '"::" stands for no group', 6],
    ['IPv6:1:2:3:4:5:6:7:8::', '"::" stands for no group', 20],
    ['IPv6:1::2::3', 'more than one "::"', 9],
    ['IPv6::::1', 'more than one "::"', 6],
    ['IPv6:12345::1', 'more than 4 hex digits in a group', 5],
    ['IPv6:g::1', 'invalid character', 5],
    ['IPv6:fe80::1%eth0', 'zone identifier not allowed', 12],
    ['IPv6:[::1]', 'brackets not allowed', 5],
    ['IPv6:::ffff:01.2.3.4', 'leading zero in an IPv4 octet', 12],
    ['IPv6:::1.2.3', 'fewer than 4 IPv4 octets', 12],
    ['IPv6:1:2:3:4:5:6:7:1.2.3.4', 'IPv4 part beyond the last 32 bits', 19],
    ['IPv6:::1.2.3.4:5', 'invalid character', 14],
    ['IPv6:::ffff:1.2.3.4.5', 'more than 4 IPv4 octets', 19],
  ] as const)('refuses %j: %s at %i', (value, reason, position) => {
    expect(parseStrictAddress(value)).toEqual({ ok: false, reason, position });
  });

  it('accepts a bare IPv6 address only when asked (the lenient profile), and says so', () => {
    const lenient = { allowBareIpv6: true } as const;
    expect(parseStrictAddress('2001:DB8::1', lenient)).toEqual({
      ok: true,
      family: 6,
      address: '2001:db8::1',
      bare: true,
    });
    expect(parseStrictAddress('IPv6:2001:db8::1', lenient)).toEqual({
      ok: true,
      family: 6,
      address: '2001:db8::1',
    });
    expect(parseStrictAddress('192.0.2.1', lenient)).toEqual({
      ok: true,
      family: 4,
      address: '192.0.2.1',
    });
    expect(parseStrictAddress('fe80::1%eth0', lenient)).toMatchObject({ ok: false });
    expect(parseStrictAddress('2001:db8::1', { allowBareIpv6: false }).ok).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------
// ipToBytes

describe('ipToBytes', () => {
  it.each([
    ['192.0.2.1', [192, 0, 2, 1]],
    ['0.0.0.0', [0, 0, 0, 0]],
    ['::1', [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]],
    ['2001:db8::c000:201', [0x20, 1, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0xc0, 0, 2, 1]],
    ['::ffff:192.0.2.1', [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1]],
    ['1:2:3:4:5:6:7:8', [0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8]],
  ])('%s', (address, octets) => {
    expect(ipToBytes(address)).toEqual(new Uint8Array(octets));
  });

  it.each(['unknown', '', '1:2:3', 'IPv6:::1', '[::1]', '01.2.3.4', '::1%lo', '1.2.3'])(
    'refuses %j',
    (address) => {
      expect(ipToBytes(address)).toBeUndefined();
    },
  );
});

// ---------------------------------------------------------------------------------------
// Properties

/** Our IPv4-mapped mixed notation, written in hex as the WHATWG URL parser does. */
function mappedToHex(address: string): string {
  const m = /^::ffff:(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
  if (m === null) return address;
  const [a, b, c, d] = m.slice(1).map(Number) as [number, number, number, number];
  return `::ffff:${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
}

/** RFC 5952 text by an independent compressor: the WHATWG URL host serializer. */
const whatwg = (address: string): string => new URL(`http://[${address}]`).hostname.slice(1, -1);

/**
 * glibc inet_ntop6() text, derived from the WHATWG (RFC 5952) text: the two differ only in
 * the last 32 bits, which glibc writes dotted when exactly the first 6 groups are zero
 * (`::X:Y`, X ≠ 0) or for `::ffff:X:Y`; Postfix then cuts `::ffff:` off (family 4).
 */
function glibcViaWhatwg(address: string): { family: 4 | 6; address: string } {
  const text = whatwg(address);
  const dotted = (x: string, y: string): string => {
    const [hi, lo] = [Number.parseInt(x, 16), Number.parseInt(y, 16)];
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  };
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(text);
  if (mapped) return { family: 4, address: dotted(mapped[1] as string, mapped[2] as string) };
  const compat = /^::([1-9a-f][0-9a-f]{0,3}):([0-9a-f]{1,4})$/.exec(text);
  if (compat)
    return { family: 6, address: `::${dotted(compat[1] as string, compat[2] as string)}` };
  const anyMapped = /^::ffff:(.*)$/.exec(text);
  if (anyMapped) return { family: 4, address: anyMapped[1] as string };
  return { family: 6, address: text };
}

/**
 * Whether Postfix accepts `IPv6:` + `a`, stated from the rules of docs/spec/postfix.md §4.2 on top of
 * Node's RFC 4291 check: at most 7 colons; an IPv4 tail only after 2 to 6 colons and with a
 * first octet other than 0 unless the tail is all zeros.
 */
function postfixAcceptsIpv6(a: string): boolean {
  if (!isIPv6(a) || a.includes('%')) return false;
  const colons = a.split(':').length - 1;
  if (colons > 7) return false;
  const lastColon = a.lastIndexOf(':');
  const tail = a.slice(lastColon + 1);
  if (!tail.includes('.')) return true;
  if (colons < 2 || colons > 6) return false;
  return !tail.startsWith('0.') || /^[0.]+$/.test(tail);
}

/**
 * Postfix's IPv4 path stated independently: 4 dot-separated digit runs of decimal value
 * ≤ 255, a zero first octet only in an all-zero string, then inet_aton's octal reading.
 */
function postfixIpv4Model(s: string): string | undefined {
  const parts = s.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d+$/.test(p) && Number(p) <= 255)) {
    return undefined;
  }
  if (Number(parts[0]) === 0 && !/^[0.]+$/.test(s)) return undefined;
  const octets = parts.map((p) =>
    p.length > 1 && p.startsWith('0')
      ? /^[0-7]+$/.test(p)
        ? Number.parseInt(p, 8)
        : -1
      : Number(p),
  );
  return octets.includes(-1) ? undefined : octets.join('.');
}

const EDIT_CHARS = fc.constantFrom(...'0123456789abcdefABCDEFg.:%[]/ x'.split(''));
/** A valid address with up to 3 random edits (insert, delete or replace a character). */
const mutated = (base: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc
    .tuple(
      base,
      fc.array(fc.tuple(fc.nat(), EDIT_CHARS, fc.constantFrom('insert', 'delete', 'replace')), {
        maxLength: 3,
      }),
    )
    .map(([s, edits]) =>
      edits.reduce((acc, [n, c, op]) => {
        const i = acc.length === 0 ? 0 : n % (acc.length + (op === 'insert' ? 1 : 0));
        if (op === 'insert') return acc.slice(0, i) + c + acc.slice(i);
        if (op === 'delete') return acc.slice(0, i) + acc.slice(i + 1);
        return acc.slice(0, i) + c + acc.slice(i + 1);
      }, s),
    );

const sixCharsV4 = fc.string({
  unit: fc.constantFrom('0', '0', '1', '2', '5', '8', '.'),
  maxLength: 18,
});

describe('address properties', () => {
  fcTest.prop([fc.ipV4()])('both profiles accept fc.ipV4() unchanged, but 0.0.0.0/8', (a) => {
    if (a.startsWith('0.') && a !== '0.0.0.0') {
      // RFC 1122 §3.2.1.3 "this network", and Postfix's first-octet rule.
      expect(parsePostfixAddress(a).ok).toBe(false);
      expect(parseStrictAddress(a).ok).toBe(false);
    } else {
      expect(parseStrictAddress(a)).toEqual({ ok: true, family: 4, address: a });
      expect(parsePostfixAddress(a)).toEqual({ ok: true, family: 4, address: a });
    }
    expect(Array.from(ipToBytes(a) ?? [])).toEqual(a.split('.').map(Number));
  });

  fcTest.prop([fc.oneof(fc.ipV4Extended(), mutated(fc.ipV4()))])(
    'strict IPv4 accepts exactly what node:net isIPv4 accepts',
    (a) => {
      fc.pre(!a.includes(':'));
      const thisNetwork = /^0\.(?!0\.0\.0$)/.test(a);
      expect(parseStrictAddress(a).ok).toBe(isIPv4(a) && !thisNetwork);
    },
  );

  fcTest.prop([fc.oneof(fc.ipV4(), fc.ipV4Extended(), mutated(fc.ipV4()), sixCharsV4)])(
    'postfix IPv4 agrees with an independent model (decimal check, then octal)',
    (a) => {
      fc.pre(!a.toLowerCase().startsWith('ipv6:'));
      const model = postfixIpv4Model(a);
      const r = parsePostfixAddress(a);
      expect(r.ok ? r.address : undefined).toBe(model);
    },
  );

  fcTest.prop([fc.oneof(fc.ipV6(), mutated(fc.ipV6()), mutated(fc.constant('::ffff:1.2.3.4')))])(
    'strict IPv6 accepts exactly what node:net isIPv6 accepts, zones aside',
    (a) => {
      const bytes = isIPv6(a) ? ipToBytes(a.replace(/%.*/, '')) : undefined;
      const mappedThisNetwork =
        bytes?.slice(0, 10).every((b) => b === 0) === true &&
        bytes[10] === 0xff &&
        bytes[11] === 0xff &&
        bytes[12] === 0 &&
        bytes.slice(13).some((b) => b !== 0);
      const expected = isIPv6(a) && !a.includes('%') && !mappedThisNetwork;
      expect(parseStrictAddress(`IPv6:${a}`).ok).toBe(expected);
      expect(parseStrictAddress(a, { allowBareIpv6: true }).ok).toBe(
        a.includes(':') ? expected : isIPv4(a) && !/^0\.(?!0\.0\.0$)/.test(a),
      );
    },
  );

  fcTest.prop([fc.ipV6()])(
    'strict IPv6 text is RFC 5952: the WHATWG serializer agrees (mapped written in hex)',
    (a) => {
      const r = parseStrictAddress(`ipv6:${a}`);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.family).toBe(6);
      expect(mappedToHex(r.address)).toBe(whatwg(a));
      expect(ipToBytes(r.address)).toEqual(ipToBytes(a));
    },
  );

  fcTest.prop([
    fc.oneof(
      fc.ipV4(),
      fc.ipV6().map((a) => `IPv6:${a}`),
    ),
  ])('normalization is idempotent in both profiles', (value) => {
    const strict = parseStrictAddress(value);
    if (strict.ok) {
      const again = strict.family === 6 ? `IPv6:${strict.address}` : strict.address;
      expect(parseStrictAddress(again)).toEqual(strict);
    }
    const postfix = parsePostfixAddress(value);
    // Not idempotent in Postfix itself: the family-4 `1:2:3` of `::ffff:1:2:3`, and the
    // `::0.y.z.w` glibc writes for `::y:zw` (its first octet 0 fails valid_ipv4_hostaddr).
    const quirk =
      postfix.ok &&
      ((postfix.family === 4 && postfix.address.includes(':')) ||
        postfix.address.startsWith('::0.'));
    if (postfix.ok && !quirk) {
      const again = postfix.family === 6 ? `IPv6:${postfix.address}` : postfix.address;
      expect(parsePostfixAddress(again)).toEqual(postfix);
    }
  });

  fcTest.prop([fc.oneof(fc.ipV6(), mutated(fc.ipV6()), mutated(fc.constant('::1.2.3.4')))])(
    'postfix IPv6: accepted per the rules of docs/spec/postfix.md §4.2, written as glibc inet_ntop6 + "::ffff:" cut',
    (a) => {
      const r = parsePostfixAddress(`IPv6:${a}`);
      expect(r.ok).toBe(postfixAcceptsIpv6(a));
      if (r.ok) expect(r).toEqual({ ok: true, ...glibcViaWhatwg(a) });
    },
  );

  fcTest.prop([fc.string({ unit: codePoint, maxLength: 60 })])(
    'never throws, and a refusal points into the value',
    (s) => {
      for (const r of [
        parsePostfixAddress(s),
        parsePostfixAddress(`IPv6:${s}`),
        parseStrictAddress(s, { allowBareIpv6: true }),
      ]) {
        if (!r.ok) {
          expect(r.position).toBeGreaterThanOrEqual(0);
          expect(r.position).toBeLessThanOrEqual(s.length + 5);
        }
      }
      ipToBytes(s);
    },
  );
});

// ---------------------------------------------------------------------------------------
// createHostMatcher

describe('createHostMatcher', () => {
  const matcher = createHostMatcher([
    '!192.0.2.66',
    '192.0.2.0/24',
    '[198.51.100.7]',
    '10.0.0.0/8',
    '2001:db8::/32',
    '[2001:db8:ffff::]/48',
    '!deny.proxy.example',
    '.proxy.example',
    'Relay.Example',
    '[::1]',
  ]);

  it.each<[HostMatcherClient, boolean, string]>([
    [{ addr: '192.0.2.7' }, true, 'inside 192.0.2.0/24'],
    [{ addr: '192.0.2.66' }, false, '!pattern before the network'],
    [{ addr: '192.0.3.1' }, false, 'outside every network'],
    [{ addr: '198.51.100.7' }, true, 'bracketed IPv4 host'],
    [{ addr: '10.255.255.255' }, true, '/8'],
    [{ addr: '::ffff:192.0.2.7' }, true, 'IPv4-mapped matches IPv4 patterns'],
    [{ addr: '::ffff:c000:207' }, true, 'IPv4-mapped in hex'],
    [{ addr: 'IPv6:::ffff:192.0.2.66' }, false, 'IPv4-mapped, negated'],
    [{ addr: '::192.0.2.7' }, false, 'IPv4-compatible is not IPv4-mapped'],
    [{ addr: '2001:db8:1::1' }, true, 'inside 2001:db8::/32'],
    [{ addr: '2001:0DB8::1' }, true, 'any IPv6 text form'],
    [{ addr: 'IPv6:2001:db8::1' }, true, 'IPv6: prefix tolerated'],
    [{ addr: '2001:db9::1' }, false, 'outside'],
    [{ addr: '::1' }, true, 'bracketed IPv6 host'],
    [{ addr: '0:0:0:0:0:0:0:1' }, true, 'IPv6 host, other text form'],
    [{ addr: 'unknown' }, false, 'unknown address matches no address'],
    [{ addr: 'unknown', name: 'a.proxy.example' }, true, 'subdomain of .proxy.example'],
    [{ addr: 'unknown', name: 'A.B.PROXY.EXAMPLE' }, true, 'case-insensitive, deeper'],
    [{ addr: 'unknown', name: 'proxy.example' }, false, '.domain does not match itself'],
    [{ addr: 'unknown', name: 'deny.proxy.example' }, false, '!name before .domain'],
    [{ addr: 'unknown', name: 'x.deny.proxy.example' }, true, '!name is exact'],
    [{ addr: 'unknown', name: 'relay.example' }, true, 'exact name, case-insensitive'],
    [{ addr: 'unknown', name: 'x.relay.example' }, false, 'no parent matching by default'],
    [{ addr: 'unknown', name: 'xrelay.example' }, false, 'suffix without a dot'],
    [{ addr: 'unknown', name: 'unknown' }, false, 'unknown name'],
    [{ addr: '203.0.113.1', name: 'relay.example' }, true, 'name matches, address does not'],
    [{ addr: 'garbage' }, false, 'unparsable address'],
  ])('%j → %s (%s)', (client, expected) => {
    expect(matcher(client)).toBe(expected);
  });

  it('matches subdomains of a bare domain with parentDomainMatchesSubdomains', () => {
    const parent = createHostMatcher(['relay.example', '.other.example'], {
      parentDomainMatchesSubdomains: true,
    });
    expect(parent({ addr: 'unknown', name: 'relay.example' })).toBe(true);
    expect(parent({ addr: 'unknown', name: 'x.relay.example' })).toBe(true);
    expect(parent({ addr: 'unknown', name: 'xrelay.example' })).toBe(false);
    expect(parent({ addr: 'unknown', name: 'other.example' })).toBe(false);
    expect(parent({ addr: 'unknown', name: 'x.other.example' })).toBe(true);
  });

  it('an empty list authorizes nobody; /0 everybody of that family', () => {
    expect(createHostMatcher([])({ addr: '127.0.0.1' })).toBe(false);
    const all = createHostMatcher(['0.0.0.0/0', '::/0']);
    expect(all({ addr: '203.0.113.9' })).toBe(true);
    expect(all({ addr: '2001:db8::9' })).toBe(true);
    expect(all({ addr: 'unknown' })).toBe(false);
  });

  const LOCAL_DATA_ERROR = { code: 421, enhanced: '4.3.0', text: 'Server local data error' };

  /** The thrown XclientError as plain data: code, reply, and position only when it has one. */
  function refusal(fn: () => unknown): Record<string, unknown> {
    try {
      fn();
    } catch (e) {
      if (!isXclientError(e)) throw e;
      return {
        code: e.code,
        reply: e.reply,
        ...(Object.hasOwn(e, 'position') ? { position: e.position } : {}),
      };
    }
    throw new Error('expected a throw');
  }

  describe('refuses a pattern that is neither an address, a network nor a host name', () => {
    it.each([
      ['192.0.2.1/24', 'host bits are not zero (did you mean 192.0.2.0/24?)'],
      ['2001:db8::1/32', 'host bits are not zero (did you mean 2001:db8::/32?)'],
      ['10.0.0.0/33', 'prefix length is not 0–32'],
      ['::/129', 'prefix length is not 0–128'],
      ['10.0.0.0/', 'prefix length'],
      ['10.0.0.0/8x', 'prefix length'],
      ['1.2.3', 'not an IPv4 or IPv6 address'],
      ['01.2.3.4', 'not an IPv4 or IPv6 address'],
      ['256.0.0.0/8', 'not an IPv4 or IPv6 address'],
      ['fe80::1%eth0', 'not an IPv4 or IPv6 address'],
      ['[::1', 'unbalanced'],
      ['[]', 'unbalanced'],
      ['[::1]x', 'unbalanced'],
      ['', 'empty pattern'],
      ['!', 'empty pattern'],
      ['bad..name', 'not an address or a host name (empty label)'],
      ['hash:/etc/postfix/xclient', 'not an IPv4 or IPv6 address'],
      ['*.example', 'invalid character'],
      ['..example', 'empty label'],
      ['/32', 'not an IPv4 or IPv6 address'],
      ['/0', 'not an IPv4 or IPv6 address'],
      ['[1]', 'not an IPv4 or IPv6 address'],
      ['[:]', 'not an IPv4 or IPv6 address'],
      ['10.0.0.0/1.', 'prefix length is not 0–32'],
      ['10.0.0.0/8 ', 'prefix length is not 0–32'],
      ['0.0.0.0/-', 'prefix length is not 0–32'],
      ['0.0.0.0/+0', 'prefix length is not 0–32'],
      ['::/1.', 'prefix length is not 0–128'],
      ['::/', 'prefix length is not 0–128'],
    ])('%j, alone or after a good one: OPTION_INVALID, 421 (%s)', (pattern) => {
      for (const patterns of [[pattern], ['127.0.0.1', pattern]]) {
        expect(refusal(() => createHostMatcher(patterns))).toStrictEqual({
          code: 'OPTION_INVALID',
          reply: LOCAL_DATA_ERROR,
        });
      }
    });
  });

  describe('accepts bracketed addresses and networks of any prefix length', () => {
    it.each([
      ['[::]', '::1', false],
      ['[::]', '::', true],
      ['[1.2.3.4]', '1.2.3.4', true],
      ['10.0.0.0/8', '10.255.0.1', true],
      ['::/1', '7fff::1', true],
      ['::/1', '8000::1', false],
    ])('%j (client %s → %s)', (pattern, client, expected) => {
      expect(createHostMatcher([pattern])({ addr: client })).toBe(expected);
    });
  });

  describe('an IPv4 pattern matches IPv4-mapped clients only', () => {
    const allowed = createHostMatcher(['192.0.2.0/24']);
    it.each([
      ['192.0.2.7', true],
      ['::ffff:192.0.2.7', true],
      ['IPv6:::FFFF:c000:207', true],
      ['0:0:0:0:0:ffff:c000:207', true],
      ['198.51.100.7', false],
      ['::ffff:198.51.100.7', false],
      ['::192.0.2.7', false], // IPv4-compatible, not mapped
      ['1::ffff:192.0.2.7', false],
      ['0:0:0:0:1:ffff:192.0.2.7', false],
      ['::ff:192.0.2.7', false],
      ['::ff00:192.0.2.7', false],
      ['::fffe:192.0.2.7', false],
      ['2001:db8::c000:207', false],
      ['IPv6:2001:db8::192.0.2.7', false],
    ])('%s → %s', (client, expected) => {
      expect(allowed({ addr: client })).toBe(expected);
    });
  });

  describe('IPv6 patterns that start with a colon', () => {
    it.each([
      [['::1'], '::1', true],
      [['::1'], 'IPv6:::1', true],
      [['::1'], '0:0:0:0:0:0:0:1', true],
      [['::1'], '::2', false],
      [['::1'], '127.0.0.1', false],
      [['::/0'], '2001:db8::1', true],
      [['::/0'], '192.0.2.1', false],
      [['!::1', '::/0'], '::1', false],
      [['!::1', '::/0'], '::2', true],
    ])('%j, client %s → %s', (patterns, client, expected) => {
      expect(createHostMatcher(patterns)({ addr: client })).toBe(expected);
    });
  });

  describe('domain patterns', () => {
    it.each([
      // ".domain": strictly below the domain, at a dot
      [['.example.com'], {}, 'a.example.com', true],
      [['.example.com'], {}, 'A.B.EXAMPLE.COM', true],
      [['.example.com'], {}, 'example.com', false],
      [['.example.com'], {}, 'badexample.com', false],
      [['.example.com'], {}, 'b-example.com', false],
      [['.example.com'], { parentDomainMatchesSubdomains: true }, 'badexample.com', false],
      // "domain": itself, and its subdomains only with parentDomainMatchesSubdomains
      [['example.com'], undefined, 'EXAMPLE.com', true],
      [['example.com'], undefined, 'mx.example.com', false],
      [['example.com'], {}, 'mx.example.com', false],
      [['example.com'], { parentDomainMatchesSubdomains: false }, 'mx.example.com', false],
      [['example.com'], { parentDomainMatchesSubdomains: true }, 'mx.example.com', true],
      [['example.com'], { parentDomainMatchesSubdomains: true }, 'xexample.com', false],
      // a client name "unknown" (any case) matches no name pattern, not even "unknown"
      [['unknown'], {}, 'unknown', false],
      [['unknown'], {}, 'UNKNOWN', false],
      [['unknown'], { parentDomainMatchesSubdomains: true }, 'Unknown', false],
      [['unknown'], {}, 'x.unknown', false],
      [['unknown'], { parentDomainMatchesSubdomains: true }, 'x.unknown', true],
      [['!unknown', '0.0.0.0/0'], {}, 'unknown', true],
      [['!unknown', '0.0.0.0/0'], {}, 'UNKNOWN', true],
    ] as const)('%j %j, name %s → %s', (patterns, options, name, expected) => {
      const matcher = createHostMatcher(patterns, options);
      expect(matcher({ addr: '192.0.2.1', name })).toBe(expected);
    });
  });

  fcTest.prop([
    fc.oneof(
      fc
        .tuple(fc.ipV4(), fc.integer({ min: 0, max: 32 }), fc.ipV4())
        .map(([n, p, c]) => ['ipv4', n, p, c] as const),
      fc
        .tuple(fc.ipV4(), fc.integer({ min: 0, max: 32 }), fc.ipV4())
        .map(([n, p, c]) => ['ipv4', n, p, `::ffff:${c}`] as const),
      fc
        .tuple(fc.ipV6(), fc.integer({ min: 0, max: 128 }), fc.ipV6())
        .map(([n, p, c]) => ['ipv6', n, p, c] as const),
    ),
  ])('CIDR matching agrees with node:net BlockList', ([family, address, prefix, client]) => {
    // Give the network its host bits cleared, by way of BlockList's own check of itself.
    const bytes = ipToBytes(address) as Uint8Array;
    for (let bit = prefix; bit < bytes.length * 8; bit++) {
      bytes[bit >> 3] = (bytes[bit >> 3] as number) & ~(0x80 >> (bit & 7));
    }
    const network =
      family === 'ipv4'
        ? Array.from(bytes).join('.')
        : Array.from({ length: 8 }, (_, i) =>
            (((bytes[2 * i] as number) << 8) | (bytes[2 * i + 1] as number)).toString(16),
          ).join(':');
    const list = new BlockList();
    list.addSubnet(network, prefix, family);
    const clientFamily = client.includes(':') ? 'ipv6' : 'ipv4';
    const expected = list.check(client, clientFamily);
    expect(createHostMatcher([`${network}/${prefix}`])({ addr: client })).toBe(expected);
  });
});
