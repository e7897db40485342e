// parseProxyHeader and proxyToXclient: the examples of HAProxy's doc/proxy-protocol.txt, the
// headers a real HAProxy 2.6.12 (Debian 12) sent, every refusal the specification asks for,
// and round trips through an encoder written here from the specification (not the library's).
import net from 'node:net';
import { isXclientError, UNAVAILABLE } from 'smtp-xclient';
import { type ProxyHeader, parseProxyHeader, proxyToXclient } from 'smtp-xclient/proxy';
import { describe, expect, it } from 'vitest';
import { fc, test as fcTest } from './helpers/fc.js';
import { detachedOctets, throwingProxy } from './helpers/hostile.js';
import { thrown } from './helpers/thrown.js';

const hex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h.replace(/\s+/g, ''), 'hex'));
const ascii = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'latin1'));
const SIG = '0d0a0d0a000d0a515549540a';

/** The code of a failed parse, or 'ok'. */
function codeOf(input: Uint8Array | string): string {
  const r = parseProxyHeader(input);
  return r.ok ? 'ok' : r.error.code;
}

// -------------------------------------------------------------------------------------------
// The specification's own examples (§2.1)

describe('version 1: the examples of doc/proxy-protocol.txt §2.1', () => {
  it('the line before an HTTP request', () => {
    const r = parseProxyHeader(
      'PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\nGET / HTTP/1.1\r\nHost: 192.168.0.11\r\n\r\n',
    );
    expect(r).toEqual({
      ok: true,
      length: 47,
      value: {
        version: 1,
        command: 'PROXY',
        family: 'INET',
        transport: 'STREAM',
        source: { address: '192.168.0.1', port: 56324 },
        destination: { address: '192.168.0.11', port: 443 },
        tlvs: [],
      },
    });
  });

  const v6 = 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff';
  it.each([
    ['PROXY TCP4 255.255.255.255 255.255.255.255 65535 65535\r\n', 56],
    [`PROXY TCP6 ${v6} ${v6} 65535 65535\r\n`, 104],
    ['PROXY UNKNOWN\r\n', 15],
    [`PROXY UNKNOWN ${v6} ${v6} 65535 65535\r\n`, 107],
  ])('the longest lines: %j is %d octets', (line, length) => {
    expect(line.length).toBe(length);
    const r = parseProxyHeader(line);
    expect(r.ok && r.length).toBe(length);
  });

  it('port 0 is the one port that starts with a zero', () => {
    const r = parseProxyHeader('PROXY TCP4 0.0.0.0 1.1.1.1 0 0\r\n');
    expect(r.ok && r.value).toMatchObject({
      source: { address: '0.0.0.0', port: 0 },
      destination: { address: '1.1.1.1', port: 0 },
    });
  });

  it('UNKNOWN: the rest of the line is ignored, the real endpoints are used', () => {
    for (const line of [
      'PROXY UNKNOWN\r\n',
      'PROXY UNKNOWN \r\n',
      'PROXY UNKNOWN a  b\t\0\xff\r\n',
    ]) {
      const r = parseProxyHeader(ascii(line));
      expect(r).toEqual({
        ok: true,
        length: line.length,
        value: { version: 1, command: 'PROXY', family: 'UNSPEC', transport: 'UNSPEC', tlvs: [] },
      });
      if (r.ok) expect(proxyToXclient(r.value)).toEqual({});
    }
  });
});

// -------------------------------------------------------------------------------------------
// What HAProxy 2.6.12 really sent (captured on loopback; the test names the configuration)

const HAPROXY = {
  v2Ipv4: `${SIG}2111000c 7f000005 7f000001 a91b 4651`,
  v2Ipv6: `${SIG}21210024 00000000000000000000000000000001 00000000000000000000000000000001 afd1 465b`,
  v1Ipv4:
    '50524f58592054435034203132372e302e302e35203132372e302e302e312034323235312031383030330d0a',
  v1Ipv6: '50524f58592054435036203a3a31203a3a312034333734312031383031330d0a',
  v2CrcUniqueId: `${SIG}21110044 7f000005 7f000001 9be3 4654 03000469f2f3a6 05002e${Buffer.from('7F000005:9BE3_7F000001:4654_6B15035E_0004:2CCF').toString('hex')}`,
  v2LocalCheck: `${SIG}20000000`,
} as const;

describe('headers a real HAProxy 2.6.12 sent', () => {
  it('send-proxy-v2, a client at 127.0.0.5:43291 on 127.0.0.1:18001', () => {
    const r = parseProxyHeader(hex(HAPROXY.v2Ipv4));
    expect(r).toEqual({
      ok: true,
      length: 28,
      value: {
        version: 2,
        command: 'PROXY',
        family: 'INET',
        transport: 'STREAM',
        source: { address: '127.0.0.5', port: 43291 },
        destination: { address: '127.0.0.1', port: 18001 },
        tlvs: [],
      },
    });
    if (r.ok) {
      expect(proxyToXclient(r.value)).toEqual({
        ADDR: '127.0.0.5',
        PORT: 43291,
        DESTADDR: '127.0.0.1',
        DESTPORT: 18001,
      });
    }
  });

  it('send-proxy-v2, a client at [::1]:45009 on [::1]:18011', () => {
    const r = parseProxyHeader(hex(HAPROXY.v2Ipv6));
    expect(r.ok && r.value).toMatchObject({
      family: 'INET6',
      source: { address: '::1', port: 45009 },
      destination: { address: '::1', port: 18011 },
    });
    expect(r.ok && r.length).toBe(52);
  });

  it('send-proxy (version 1), IPv4 and IPv6', () => {
    const four = parseProxyHeader(hex(HAPROXY.v1Ipv4));
    expect(four.ok && four.value.source).toEqual({ address: '127.0.0.5', port: 42251 });
    const six = parseProxyHeader(hex(HAPROXY.v1Ipv6));
    expect(six.ok && six.value).toMatchObject({
      family: 'INET6',
      source: { address: '::1', port: 43741 },
      destination: { address: '::1', port: 18013 },
    });
  });

  it('proxy-v2-options crc32c,unique-id: the checksum verifies, the TLVs come back', () => {
    const octets = hex(HAPROXY.v2CrcUniqueId);
    const r = parseProxyHeader(octets);
    expect(octets, 'the checksum is computed on a copy: the input is not zeroed').toEqual(
      hex(HAPROXY.v2CrcUniqueId),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.length).toBe(octets.length);
    expect(r.value.tlvs.map((t) => t.type)).toEqual([0x03, 0x05]);
    expect(Buffer.from(r.value.tlvs[1]?.value ?? []).toString()).toBe(
      '7F000005:9BE3_7F000001:4654_6B15035E_0004:2CCF',
    );
    // One bit changed anywhere in the header breaks the checksum.
    const flipped = octets.slice();
    flipped[20] = (flipped[20] as number) ^ 1;
    expect(codeOf(flipped)).toBe('PROXY_BAD_CHECKSUM');
  });

  it('a health check (check-send-proxy): LOCAL, UNSPEC, no addresses', () => {
    const r = parseProxyHeader(hex(HAPROXY.v2LocalCheck));
    expect(r).toEqual({
      ok: true,
      length: 16,
      value: { version: 2, command: 'LOCAL', family: 'UNSPEC', transport: 'UNSPEC', tlvs: [] },
    });
    if (r.ok) expect(proxyToXclient(r.value)).toEqual({});
  });
});

// -------------------------------------------------------------------------------------------
// Refusals

describe('version 1: what the grammar refuses', () => {
  it.each([
    [
      'PROXY TCP4 192.168.0.01 192.168.0.11 56324 443\r\n',
      'PROXY_BAD_ADDRESS',
      11,
      'leading zero in an octet',
    ],
    ['PROXY TCP4 256.1.1.1 1.1.1.1 1 2\r\n', 'PROXY_BAD_ADDRESS', 11, 'octet above 255'],
    ['PROXY TCP4 1.1.1 1.1.1.1 1 2\r\n', 'PROXY_BAD_ADDRESS', 11, 'three octets'],
    ['PROXY TCP4 ::1 1.1.1.1 1 2\r\n', 'PROXY_BAD_ADDRESS', 11, 'IPv6 after TCP4'],
    ['PROXY TCP6 1.1.1.1 ::1 1 2\r\n', 'PROXY_BAD_ADDRESS', 11, 'IPv4 after TCP6'],
    ['PROXY TCP6 1:2:3:4:5:6:7::8 ::1 1 2\r\n', 'PROXY_BAD_ADDRESS', 11, '"::" for no group'],
    ['PROXY TCP6 1::2::3 ::1 1 2\r\n', 'PROXY_BAD_ADDRESS', 11, 'two "::"'],
    ['PROXY TCP6 12345::1 ::1 1 2\r\n', 'PROXY_BAD_ADDRESS', 11, 'five hex digits'],
    ['PROXY TCP6 fe80::1%eth0 ::1 1 2\r\n', 'PROXY_BAD_ADDRESS', 18, 'a zone'],
    ['PROXY TCP6 [::1] ::1 1 2\r\n', 'PROXY_BAD_ADDRESS', 11, 'brackets'],
    [
      'PROXY TCP6 ::ffff:1.2.3.04 ::1 1 2\r\n',
      'PROXY_BAD_ADDRESS',
      11,
      'leading zero in the IPv4 tail',
    ],
    ['PROXY TCP4 1.1.1.1 1.1.1.1 01 2\r\n', 'PROXY_BAD_PORT', 27, 'leading zero in a port'],
    ['PROXY TCP4 1.1.1.1 1.1.1.1 1 65536\r\n', 'PROXY_BAD_PORT', 29, 'port above 65535'],
    ['PROXY TCP4 1.1.1.1 1.1.1.1 1 -2\r\n', 'PROXY_BAD_PORT', 29, 'a sign'],
    ['PROXY TCP4 1.1.1.1 1.1.1.1 1 2 3\r\n', 'PROXY_BAD_SYNTAX', 31, 'seven fields'],
    ['PROXY TCP4 1.1.1.1 1.1.1.1 1\r\n', 'PROXY_BAD_SYNTAX', 28, 'five fields'],
    ['PROXY TCP4 1.1.1.1 1.1.1.1 1 2 \r\n', 'PROXY_BAD_SYNTAX', 31, 'a space before the CRLF'],
    ['PROXY TCP4  1.1.1.1 1.1.1.1 1 2\r\n', 'PROXY_BAD_SYNTAX', 11, 'two spaces'],
    ['PROXY\tTCP4 1.1.1.1 1.1.1.1 1 2\r\n', 'PROXY_BAD_SYNTAX', 0, 'a tab'],
    ['proxy TCP4 1.1.1.1 1.1.1.1 1 2\r\n', 'PROXY_BAD_SIGNATURE', 0, 'lower case "proxy"'],
    ['PROXY tcp4 1.1.1.1 1.1.1.1 1 2\r\n', 'PROXY_BAD_SYNTAX', 6, 'lower case protocol'],
    ['PROXY TCP5 1.1.1.1 1.1.1.1 1 2\r\n', 'PROXY_BAD_SYNTAX', 6, 'unknown protocol'],
    ['PROXY UDP4 1.1.1.1 1.1.1.1 1 2\r\n', 'PROXY_BAD_SYNTAX', 6, 'UDP in version 1'],
    ['PROXY UNKNOWNX\r\n', 'PROXY_BAD_SYNTAX', 6, 'UNKNOWN without its space'],
    ['PROXY\r\n', 'PROXY_BAD_SYNTAX', 5, 'no protocol'],
    ['PROXYX TCP4\r\n', 'PROXY_BAD_SYNTAX', 0, 'a longer first word'],
    ['PROXY TCP4 1.1.1.1 1.1.1.1 1 2\n', 'PROXY_BAD_SYNTAX', 30, 'LF without CR'],
    ['PROXY TCP4 1.1.1.1 1.1.1.1 1 2\rX', 'PROXY_BAD_SYNTAX', 30, 'CR without LF'],
    ['PROXY UNKNOWN a\nb\r\n', 'PROXY_BAD_SYNTAX', 15, 'a LF inside the ignored part'],
    [`PROXY UNKNOWN ${'x'.repeat(92)}\r\n`, 'PROXY_TOO_LONG', 106, '108 octets with the CRLF'],
    [`PROXY UNKNOWN ${'x'.repeat(200)}`, 'PROXY_TOO_LONG', 107, 'no CRLF in 107 octets'],
    [
      `PROXY UNKNOWN ${'x'.repeat(100)}\r\n`,
      'PROXY_TOO_LONG',
      107,
      'a CRLF past the 107th octet is not looked for',
    ],
    [
      `PROXY UNKNOWN ${'x'.repeat(93)}\n`,
      'PROXY_TOO_LONG',
      107,
      'a LF as the 108th octet is past the limit, not a LF without CR',
    ],
    [`PROXY UNKNOWN ${'x'.repeat(93)}`, 'PROXY_TOO_LONG', 107, '107 octets and no CRLF yet'],
    ['PROXY TCP6 1g::1 ::1 1 2\r\n', 'PROXY_BAD_ADDRESS', 12, 'a letter past f in IPv6'],
    ['PROXY TCP6 ::G', 'PROXY_BAD_ADDRESS', 13, 'a capital past F, before the CRLF'],
    ['PROXY TCP4  ', 'PROXY_BAD_SYNTAX', 11, 'two spaces before the CRLF'],
    ['PROXY  ', 'PROXY_BAD_SYNTAX', 6, 'two spaces after PROXY, before the CRLF'],
    ['PROXY TCP4 1.1.1.1 1.1.1.1 1 2é\r\n', 'PROXY_BAD_PORT', 30, 'non-ASCII'],
  ])('%j: %s at %d (%s)', (line, code, position) => {
    const r = parseProxyHeader(ascii(line));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect({ code: r.error.code, position: r.error.position }).toEqual({ code, position });
    expect(r.error.reply).toEqual({
      code: 421,
      enhanced: '4.5.0',
      text: 'Error: invalid PROXY protocol header',
    });
  });

  it('a partial line that already breaks the grammar is refused before its CRLF', () => {
    expect(codeOf('PROXY TCP4 1.1.1.01 ')).toBe('PROXY_BAD_ADDRESS');
    expect(codeOf('PROXY TCP4 1.1.1.1 1.1.1.1 70000')).toBe('PROXY_BAD_PORT');
    expect(codeOf('PROXY TCP4 1.1.1.1 1.1.1.1 007')).toBe('PROXY_BAD_PORT');
    expect(codeOf('PROXY TCP4 1.1.1.x')).toBe('PROXY_BAD_ADDRESS');
    expect(codeOf('PROXY TCP4 1111111111111111')).toBe('PROXY_BAD_ADDRESS');
    expect(codeOf('PROXY TCP7')).toBe('PROXY_BAD_SYNTAX');
    expect(codeOf('PROXY  ')).toBe('PROXY_BAD_SYNTAX');
    expect(codeOf('PROXY TCP4 1.1.1.1 1.1.1.1 1 2 3')).toBe('PROXY_BAD_SYNTAX');
    expect(codeOf('PROXY TCP4 1.1.1.1 1.1.1.1 1 2\r')).toBe('PROXY_INCOMPLETE');
    expect(codeOf('PROXY TCP4 1.1.1.1 1.1.1.1 1 2 ')).toBe('PROXY_BAD_SYNTAX');
    expect(codeOf('PROXY TCP4 1.1.1.1 1.1.1.1 1 ')).toBe('PROXY_INCOMPLETE');
    expect(codeOf('PROXY UNKNOWN')).toBe('PROXY_INCOMPLETE');
    expect(codeOf('PROXY UNKNOWN anything at all')).toBe('PROXY_INCOMPLETE');
    expect(codeOf('PRO')).toBe('PROXY_INCOMPLETE');
    expect(codeOf('')).toBe('PROXY_INCOMPLETE');
  });

  it('what is not a PROXY header at all', () => {
    for (const input of ['EHLO x\r\n', 'GET / HTTP/1.1\r\n', '\r\nX', 'P ROXY']) {
      expect(codeOf(input)).toBe('PROXY_BAD_SIGNATURE');
    }
    const notOctets: unknown = [80, 82];
    expect(parseProxyHeader(notOctets as Uint8Array)).toMatchObject({
      ok: false,
      error: { code: 'PROXY_BAD_SIGNATURE', position: 0 },
    });
  });
});

describe('version 2: what the layout refuses', () => {
  const ipv4 = '7f000005 7f000001 a91b 4651';
  it.each([
    [`${SIG}1111000c${ipv4}`, 'PROXY_BAD_VERSION', 12, 'version 1 in the binary form'],
    [`${SIG}3111000c${ipv4}`, 'PROXY_BAD_VERSION', 12, 'version 3'],
    [`${SIG}2211000c${ipv4}`, 'PROXY_BAD_COMMAND', 12, 'command 2'],
    [`${SIG}2141000c${ipv4}`, 'PROXY_BAD_FAMILY', 13, 'family 4'],
    [`${SIG}2113000c${ipv4}`, 'PROXY_BAD_FAMILY', 13, 'transport 3'],
    [`${SIG}2041000c${ipv4}`, 'PROXY_BAD_FAMILY', 13, 'family 4, LOCAL too'],
    [`${SIG}2111000b${ipv4.slice(0, -2)}`, 'PROXY_BAD_LENGTH', 14, 'INET in 11 octets'],
    [`${SIG}21210023${'00'.repeat(35)}`, 'PROXY_BAD_LENGTH', 14, 'INET6 in 35 octets'],
    [`${SIG}21310000`, 'PROXY_BAD_LENGTH', 14, 'UNIX without addresses'],
    [`${SIG}2111000e${ipv4}0400`, 'PROXY_BAD_TLV', 28, 'a TLV of 2 octets'],
    [`${SIG}2111000f${ipv4}040001`, 'PROXY_BAD_TLV', 28, 'a TLV longer than the header'],
    [
      `${SIG}21110012${ipv4}03000300000000`.slice(0, -2),
      'PROXY_BAD_TLV',
      28,
      'a CRC32C of 3 octets',
    ],
    [`${SIG}21110013${ipv4}03000400000000`, 'PROXY_BAD_CHECKSUM', 28, 'a CRC32C of zero'],
    [
      `${SIG}21110090${ipv4}050081${'41'.repeat(129)}`,
      'PROXY_BAD_TLV',
      28,
      'a UNIQUE_ID of 129 octets',
    ],
    [`${SIG}21110013${ipv4}20000401000000`, 'PROXY_BAD_TLV', 28, 'an SSL TLV of 4 octets'],
    [`${SIG}21110015${ipv4}2000060100000000 21`, 'PROXY_BAD_TLV', 36, 'an SSL sub-TLV cut short'],
    [`${SIG}21110017${ipv4}200008010000000021000a`, 'PROXY_BAD_TLV', 36, 'an SSL sub-TLV too long'],
    [`0d0a0d0a000d0a51554954 0b`, 'PROXY_BAD_SIGNATURE', 11, 'the signature, its last octet wrong'],
  ])('%s: %s at %d (%s)', (h, code, position) => {
    const r = parseProxyHeader(hex(h));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect({ code: r.error.code, position: r.error.position }).toEqual({ code, position });
  });

  it('incomplete: the signature, the fixed part, the block as far as they go', () => {
    const whole = hex(HAPROXY.v2Ipv4);
    for (let n = 0; n < whole.length; n++) {
      const r = parseProxyHeader(whole.subarray(0, n));
      expect(r.ok ? 'ok' : r.error.code, `${n} octets`).toBe('PROXY_INCOMPLETE');
    }
    expect(codeOf(hex(`${SIG}11`))).toBe('PROXY_BAD_VERSION');
    expect(codeOf(hex(`${SIG}2141`))).toBe('PROXY_BAD_FAMILY');
  });

  it('LOCAL: addresses and TLVs after a known block are read, the addresses ignored', () => {
    const r = parseProxyHeader(hex(`${SIG}2011000f 7f000005 7f000001 a91b 4651 040000`));
    expect(r).toEqual({
      ok: true,
      length: 31,
      value: {
        version: 2,
        command: 'LOCAL',
        family: 'INET',
        transport: 'STREAM',
        tlvs: [{ type: 4, value: new Uint8Array(0) }],
      },
    });
    // "must not assume zero is presented for LOCAL": a short block is skipped, not refused.
    expect(parseProxyHeader(hex(`${SIG}20110003 010203 ffff`))).toMatchObject({
      ok: true,
      length: 19,
      value: { command: 'LOCAL', tlvs: [] },
    });
  });

  it('an UNSPEC nibble: the block is opaque, the header accepted without addresses', () => {
    for (const fam of ['10', '01', '02', '20', '30']) {
      const r = parseProxyHeader(hex(`${SIG}21${fam}0005 0102030405`));
      expect(r.ok && r.length, fam).toBe(21);
      expect(r.ok && r.value.source, fam).toBeUndefined();
      expect(r.ok && r.value.tlvs, fam).toEqual([]);
    }
    // UNSPEC and UNSPEC: a known block of 0 octets, TLVs read, no addresses.
    const unspec = parseProxyHeader(hex(`${SIG}21000007 02000474657374`));
    expect(unspec).toEqual({
      ok: true,
      length: 23,
      value: {
        version: 2,
        command: 'PROXY',
        family: 'UNSPEC',
        transport: 'UNSPEC',
        tlvs: [{ type: 2, value: ascii('test') }],
      },
    });
  });

  it('UNIX sockets: 108-octet paths, no address XCLIENT can carry', () => {
    const path = (s: string): string => Buffer.from(s.padEnd(108, '\0'), 'latin1').toString('hex');
    const r = parseProxyHeader(hex(`${SIG}213200d8${path('/run/a.sock')}${path('/run/b.sock')}`));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({ family: 'UNIX', transport: 'DGRAM' });
    expect(Buffer.from((r.value.source as { path: Uint8Array }).path).toString('latin1')).toBe(
      '/run/a.sock'.padEnd(108, '\0'),
    );
    expect(Buffer.from((r.value.destination as { path: Uint8Array }).path).toString('latin1')).toBe(
      '/run/b.sock'.padEnd(108, '\0'),
    );
    expect(proxyToXclient(r.value)).toEqual({
      ADDR: UNAVAILABLE,
      PORT: UNAVAILABLE,
      DESTADDR: UNAVAILABLE,
      DESTPORT: UNAVAILABLE,
    });
  });

  it('an SSL TLV with its sub-TLVs, and a TLV type nobody registered', () => {
    const ssl = '20 000f 01 00000000 21 0007 544c5376312e33'; // client SSL, verified, "TLSv1.3"
    const r = parseProxyHeader(hex(`${SIG}21110022 ${'00'.repeat(12)} ${ssl} e0 0001 ff`));
    expect(r.ok && r.value.tlvs.map((t) => [t.type, t.value.length])).toEqual([
      [0x20, 15],
      [0xe0, 1],
    ]);
  });

  const block = '00'.repeat(12); // INET, 0.0.0.0:0 to 0.0.0.0:0
  it.each([
    [
      'a TLV of an unregistered type has no limit: 129 octets',
      `${SIG}21110090${block}e00081${'41'.repeat(129)}`,
      0xe0,
      129,
    ],
    [
      'a UNIQUE_ID of 128 octets, the most it may have',
      `${SIG}2111008f${block}050080${'41'.repeat(128)}`,
      0x05,
      128,
    ],
    [
      'an SSL TLV of 5 octets: client and verify, no sub-TLV',
      `${SIG}21110014${block}20000501 00000000`,
      0x20,
      5,
    ],
    [
      'an SSL sub-TLV is framed, not checked as a TLV: type 03 inside SSL is no CRC32C',
      `${SIG}21110019${block}20000a01 00000000 030002abcd`,
      0x20,
      10,
    ],
  ])('%s', (_label, h, type, length) => {
    const r = parseProxyHeader(hex(h));
    expect(r.ok && r.value.tlvs.map((t) => [t.type, t.value.length])).toEqual([[type, length]]);
  });
});

describe('proxyToXclient', () => {
  it('an IPv4-mapped address is read as IPv4, as Postfix does', () => {
    const r = parseProxyHeader(
      hex(`${SIG}21210024 ${'00'.repeat(10)}ffff c0000201 20010db8${'00'.repeat(11)}19 c822 0019`),
    );
    expect(r.ok && r.value.source).toEqual({ address: '::ffff:192.0.2.1', port: 51234 });
    expect(r.ok && proxyToXclient(r.value)).toEqual({
      ADDR: '192.0.2.1',
      PORT: 51234,
      DESTADDR: '2001:db8::19',
      DESTPORT: 25,
    });
  });

  it('UDP is mapped as TCP is; PROXY without addresses gives nothing', () => {
    const r = parseProxyHeader(hex(`${SIG}2112000c c0000201 c0000202 0035 0035`));
    expect(r.ok && proxyToXclient(r.value)).toEqual({
      ADDR: '192.0.2.1',
      PORT: 53,
      DESTADDR: '192.0.2.2',
      DESTPORT: 53,
    });
    const h: ProxyHeader = {
      version: 2,
      command: 'PROXY',
      family: 'INET',
      transport: 'STREAM',
      tlvs: [],
    };
    expect(proxyToXclient(h)).toEqual({});
  });
});

describe('proxyToXclient: headers it was not given by parseProxyHeader', () => {
  const inet = { address: '192.0.2.1', port: 1234 };
  const unix = { path: new Uint8Array(108) };
  const none = {};
  const unavailable = {
    ADDR: UNAVAILABLE,
    PORT: UNAVAILABLE,
    DESTADDR: UNAVAILABLE,
    DESTPORT: UNAVAILABLE,
  };
  it.each<[string, object, object]>([
    [
      'LOCAL with both endpoints: the real endpoints are used',
      { command: 'LOCAL', source: inet, destination: inet },
      none,
    ],
    ['PROXY with a destination and no source', { command: 'PROXY', destination: inet }, none],
    ['PROXY with a source and no destination', { command: 'PROXY', source: inet }, none],
    [
      'an address to a UNIX socket',
      { command: 'PROXY', source: inet, destination: unix },
      unavailable,
    ],
    [
      'a UNIX socket to an address',
      { command: 'PROXY', source: unix, destination: inet },
      unavailable,
    ],
    [
      '"::ffff:" then no dotted quad is not IPv4-mapped: kept as it is',
      { command: 'PROXY', source: { address: '::ffff:1', port: 1 }, destination: inet },
      { ADDR: '::ffff:1', PORT: 1, DESTADDR: '192.0.2.1', DESTPORT: 1234 },
    ],
  ])('%s', (_label, header, expected) => {
    expect(proxyToXclient(header as ProxyHeader)).toEqual(expected);
  });

  it.each<[string, unknown]>([
    ['a string', 'x'],
    ['null', null],
    ['a number', 25],
  ])('an endpoint that is %s is refused, not read as a UNIX socket', (_label, endpoint) => {
    for (const header of [
      { command: 'PROXY', source: endpoint, destination: inet },
      { command: 'PROXY', source: inet, destination: endpoint },
    ]) {
      const e = thrown(() => proxyToXclient(header as ProxyHeader));
      expect(isXclientError(e) && e.code).toBe('FORMAT_INVALID_INPUT');
    }
  });

  it('an endpoint with a numeric address is refused', () => {
    const header = {
      command: 'PROXY',
      source: { address: 3221225985, port: 1 },
      destination: inet,
    };
    const e = thrown(() => proxyToXclient(header as unknown as ProxyHeader));
    expect(isXclientError(e) && e.code).toBe('FORMAT_INVALID_INPUT');
  });

  it('a v1 line parsed: "::ffff:1" is an IPv6 address, not an IPv4 one', () => {
    const r = parseProxyHeader('PROXY TCP6 ::ffff:1 ::1 1 2\r\n');
    expect(r.ok && proxyToXclient(r.value)).toEqual({
      ADDR: '::ffff:1',
      PORT: 1,
      DESTADDR: '::1',
      DESTPORT: 2,
    });
  });
});

describe('messages: each names what is wrong, and where', () => {
  // Messages are for people and their prose is not pinned; but each must say something, and
  // carry the facts the reader has at hand: the octets still needed, the lengths, the field.
  const ipv4 = '7f000005 7f000001 a91b 4651';
  const word = (part: string): RegExp =>
    new RegExp(`(?<![\\w])${part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w])`);
  it.each<[string, string | Uint8Array | unknown[], string, readonly string[]]>([
    // [label, input, code, what the message must contain, as whole words]
    ['not octets', [80, 82], 'PROXY_BAD_SIGNATURE', []],
    ['neither signature', 'EHLO x\r\n', 'PROXY_BAD_SIGNATURE', ['PROXY']],
    ['v1 so far', 'PROXY TCP4', 'PROXY_INCOMPLETE', []],
    [
      'v1, a CR at 106: the limit',
      `PROXY UNKNOWN ${'x'.repeat(92)}\r\n`,
      'PROXY_TOO_LONG',
      ['107'],
    ],
    ['v1, no CR in 107: the limit', `PROXY UNKNOWN ${'x'.repeat(200)}`, 'PROXY_TOO_LONG', ['107']],
    ['v1, a LF alone', 'PROXY TCP4 1.1.1.1 1.1.1.1 1 2\n', 'PROXY_BAD_SYNTAX', ['LF']],
    ['v1, a CR alone', 'PROXY TCP4 1.1.1.1 1.1.1.1 1 2\rX', 'PROXY_BAD_SYNTAX', ['CR']],
    // Which of the two it is: a space at the end of the line, or a second one.
    ['v1, a space at the end', 'PROXY TCP4 1.1.1.1 1.1.1.1 1 2 \r\n', 'PROXY_BAD_SYNTAX', ['ends']],
    ['v1, two spaces', 'PROXY TCP4  1.1.1.1 1.1.1.1 1 2\r\n', 'PROXY_BAD_SYNTAX', ['two']],
    ['v1, not PROXY', 'PROXYX TCP4\r\n', 'PROXY_BAD_SYNTAX', ['PROXY']],
    ['v1, no protocol', 'PROXY\r\n', 'PROXY_BAD_SYNTAX', ['protocol']],
    [
      'v1, an unknown protocol: the three',
      'PROXY TCP5 1 2\r\n',
      'PROXY_BAD_SYNTAX',
      ['TCP4', 'TCP6', 'UNKNOWN'],
    ],
    ['v1, seven fields', 'PROXY TCP4 1.1.1.1 1.1.1.1 1 2 3\r\n', 'PROXY_BAD_SYNTAX', []],
    ['v1, no port: the field', 'PROXY TCP4 1.1.1.1 1.1.1.1 1\r\n', 'PROXY_BAD_SYNTAX', ['port']],
    ['v1, no address: the field', 'PROXY TCP4 1.1.1.1\r\n', 'PROXY_BAD_SYNTAX', ['address']],
    ['v1, a sign in a port', 'PROXY TCP4 1.1.1.1 1.1.1.1 1 -2\r\n', 'PROXY_BAD_PORT', []],
    ['v1, a leading zero in a port', 'PROXY TCP4 1.1.1.1 1.1.1.1 01 2\r\n', 'PROXY_BAD_PORT', []],
    [
      'v1, a port too big: the limit',
      'PROXY TCP4 1.1.1.1 1.1.1.1 1 65536\r\n',
      'PROXY_BAD_PORT',
      ['65535'],
    ],
    ['v1, not an IPv4 character: the family', 'PROXY TCP4 1.1.1.x', 'PROXY_BAD_ADDRESS', ['IPv4']],
    [
      'v1, not an IPv6 character: the family',
      'PROXY TCP6 fe80::1%eth0 ::1 1 2\r\n',
      'PROXY_BAD_ADDRESS',
      ['IPv6'],
    ],
    ['v1, an address too long', 'PROXY TCP4 1111111111111111', 'PROXY_BAD_ADDRESS', []],
    [
      'v1, not an IPv4 address: the family',
      'PROXY TCP4 256.1.1.1 1.1.1.1 1 2\r\n',
      'PROXY_BAD_ADDRESS',
      ['IPv4'],
    ],
    [
      'v1, not an IPv6 address: the family',
      'PROXY TCP6 1::2::3 ::1 1 2\r\n',
      'PROXY_BAD_ADDRESS',
      ['IPv6'],
    ],
    ['v2, 5 octets: 11 more', hex(SIG.slice(0, 10)), 'PROXY_INCOMPLETE', ['11']],
    [
      'v2, 15 octets: 1 more, whatever the length says',
      hex(`${SIG}211101`),
      'PROXY_INCOMPLETE',
      ['1'],
    ],
    ['v2, 20 of 28 octets: 8 more', hex(`${SIG}2111000c 7f000005`), 'PROXY_INCOMPLETE', ['8']],
    ['v2, the version', hex(`${SIG}3111000c${ipv4}`), 'PROXY_BAD_VERSION', ['3']],
    ['v2, the command', hex(`${SIG}2211000c${ipv4}`), 'PROXY_BAD_COMMAND', ['2']],
    ['v2, the family byte in hex', hex(`${SIG}2141000c${ipv4}`), 'PROXY_BAD_FAMILY', ['0x41']],
    [
      'v2, the family byte in two digits',
      hex(`${SIG}2103000c${ipv4}`),
      'PROXY_BAD_FAMILY',
      ['0x03'],
    ],
    [
      'v2, a block too short: the family, the block and what the header has',
      hex(`${SIG}2111000b${ipv4.slice(0, -2)}`),
      'PROXY_BAD_LENGTH',
      ['INET', '12', '11'],
    ],
    [
      'v2, a TLV cut short: the least it takes',
      hex(`${SIG}2111000e${ipv4}0400`),
      'PROXY_BAD_TLV',
      ['3'],
    ],
    ['v2, a TLV too long: its length', hex(`${SIG}2111000f${ipv4}04000a`), 'PROXY_BAD_TLV', ['10']],
    [
      'v2, a CRC32C of 3 octets: the size',
      hex(`${SIG}21110012${ipv4}030003000000`),
      'PROXY_BAD_TLV',
      ['4'],
    ],
    [
      'v2, a CRC32C that does not match',
      hex(`${SIG}21110013${ipv4}03000400000000`),
      'PROXY_BAD_CHECKSUM',
      [],
    ],
    [
      'v2, a UNIQUE_ID too long: the limit',
      hex(`${SIG}21110090${ipv4}050081${'41'.repeat(129)}`),
      'PROXY_BAD_TLV',
      ['128'],
    ],
    [
      'v2, an SSL TLV too short: the least',
      hex(`${SIG}21110013${ipv4}20000401000000`),
      'PROXY_BAD_TLV',
      ['5'],
    ],
  ])('%s', (_label, input, code, parts) => {
    const r = parseProxyHeader(input as Uint8Array);
    if (r.ok) throw new Error(`accepted: ${_label}`);
    expect(r.error.code).toBe(code);
    const text = r.error.message;
    expect(text.trim()).not.toBe('');
    for (const part of parts) expect(text).toMatch(word(part));
    expect(text).not.toContain('undefined');
  });

  const inet = { address: '192.0.2.1', port: 1234 };
  it.each<[string, () => unknown, readonly string[]]>([
    ['not an object', () => null, ['object']],
    ['a header that cannot be read', () => throwingProxy(), ['read']],
    [
      'an endpoint that is not an object',
      () => ({ command: 'PROXY', source: 'x', destination: inet }),
      ['endpoint'],
    ],
    [
      'an endpoint without a string address and a numeric port',
      () => ({ command: 'PROXY', source: { address: 'x', port: '1' }, destination: inet }),
      ['endpoint', 'address', 'port'],
    ],
  ])('proxyToXclient, %s: the function and the fault', (_label, make, parts) => {
    const e = thrown(() => proxyToXclient(make() as ProxyHeader));
    if (!isXclientError(e)) throw new Error('not a coded error');
    expect(e.message).toContain('proxyToXclient');
    for (const part of parts) expect(e.message).toMatch(word(part));
    expect(e.message).not.toContain('undefined');
  });
});

describe('hostile values (issue 21, item 5: never throws)', () => {
  it.each([
    ['a throwing Proxy', () => throwingProxy()],
    ['a throwing Proxy of an array', () => throwingProxy([])],
    ['a throwing Proxy of octets', () => throwingProxy(new Uint8Array(16))],
    ['an array of numbers', () => [0x50, 0x52]],
    ['null', () => null],
  ])('parseProxyHeader(%s) is PROXY_BAD_SIGNATURE, not an exception', (_, make) => {
    const r = parseProxyHeader(make() as Uint8Array);
    expect(r.ok ? 'ok' : r.error.code).toBe('PROXY_BAD_SIGNATURE');
  });

  it('parseProxyHeader of a detached buffer reads no octets: more are needed', () => {
    const r = parseProxyHeader(detachedOctets());
    expect(r.ok ? 'ok' : r.error.code).toBe('PROXY_INCOMPLETE');
  });

  const v1 = { address: '192.0.2.1', port: 1234 };
  it.each([
    ['null', () => null],
    ['a string', () => 'PROXY TCP4'],
    ['a throwing Proxy', () => throwingProxy()],
    ['a throwing Proxy of an array', () => throwingProxy([])],
    ['a throwing source', () => ({ command: 'PROXY', source: throwingProxy(), destination: v1 })],
    [
      'a source whose port getter throws',
      () => ({
        command: 'PROXY',
        source: {
          address: '192.0.2.1',
          get port(): number {
            throw new Error('hostile');
          },
        },
        destination: v1,
      }),
    ],
    [
      'a source with a string port',
      () => ({ command: 'PROXY', source: { address: 'x', port: '1' }, destination: v1 }),
    ],
  ])('proxyToXclient(%s) throws FORMAT_INVALID_INPUT, a coded error', (_, make) => {
    const e = thrown(() => proxyToXclient(make() as ProxyHeader));
    expect(isXclientError(e) && e.code).toBe('FORMAT_INVALID_INPUT');
  });

  it('proxyToXclient reads own properties only: an inherited command or source is not the header', () => {
    const inherited = Object.create({
      command: 'PROXY',
      source: v1,
      destination: v1,
    }) as ProxyHeader;
    expect(proxyToXclient(inherited)).toEqual({});
  });
});

// -------------------------------------------------------------------------------------------
// Round trips through an encoder written from the specification

/** The 16 octets of an IPv6 text, or the 4 of an IPv4 one, by node:net and WHATWG URL. */
function octetsOf(address: string): number[] {
  if (net.isIPv4(address)) return address.split('.').map(Number);
  const canonical = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  const [head = '', tail] = canonical.split('::');
  const groups = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const h = groups(head);
  const t = tail === undefined ? [] : groups(tail);
  return [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t].flatMap((g) => {
    const n = Number.parseInt(g, 16);
    return [n >> 8, n & 0xff];
  });
}

interface Drawn {
  readonly octets: Uint8Array;
  readonly expected: Omit<ProxyHeader, 'source' | 'destination'> & {
    readonly source?: { readonly octets: number[]; readonly port: number };
    readonly destination?: { readonly octets: number[]; readonly port: number };
  };
}

const port = fc.integer({ min: 0, max: 65535 });

/** A version 1 line for TCP4 or TCP6, as fast-check writes addresses (any valid text form). */
const v1Header: fc.Arbitrary<Drawn> = fc
  .tuple(fc.boolean(), fc.ipV4(), fc.ipV4(), fc.ipV6(), fc.ipV6(), port, port)
  .filter(([six, , , s6, d6]) => !six || (s6.length <= 45 && d6.length <= 45))
  .map(([six, s4, d4, s6, d6, sp, dp]) => {
    const [s, d] = six ? [s6, d6] : [s4, d4];
    const line = `PROXY ${six ? 'TCP6' : 'TCP4'} ${s} ${d} ${sp} ${dp}\r\n`;
    return {
      octets: ascii(line),
      expected: {
        version: 1,
        command: 'PROXY',
        family: six ? 'INET6' : 'INET',
        transport: 'STREAM',
        source: { octets: octetsOf(s), port: sp },
        destination: { octets: octetsOf(d), port: dp },
        tlvs: [],
      },
    };
  });

const tlv = fc.record({
  type: fc.integer({ min: 0, max: 255 }).filter((t) => ![0x03, 0x05, 0x20].includes(t)),
  value: fc.uint8Array({ maxLength: 40 }),
});

/** A version 2 PROXY or LOCAL header over INET or INET6, with TLVs and maybe a CRC32C. */
const v2Header: fc.Arbitrary<Drawn> = fc
  .record({
    local: fc.boolean(),
    six: fc.boolean(),
    dgram: fc.boolean(),
    src: fc.uint8Array({ minLength: 16, maxLength: 16 }),
    dst: fc.uint8Array({ minLength: 16, maxLength: 16 }),
    sp: port,
    dp: port,
    tlvs: fc.array(tlv, { maxLength: 4 }),
    crc: fc.boolean(),
  })
  .map(({ local, six, dgram, src, dst, sp, dp, tlvs, crc }) => {
    const n = six ? 16 : 4;
    const addresses = [
      ...src.subarray(0, n),
      ...dst.subarray(0, n),
      sp >> 8,
      sp & 255,
      dp >> 8,
      dp & 255,
    ];
    const all = crc ? [...tlvs, { type: 3, value: new Uint8Array(4) }] : tlvs;
    const body = [
      ...addresses,
      ...all.flatMap((t) => [t.type, t.value.length >> 8, t.value.length & 255, ...t.value]),
    ];
    const fam = (six ? 0x20 : 0x10) | (dgram ? 2 : 1);
    const octets = Uint8Array.from([
      ...hex(SIG),
      local ? 0x20 : 0x21,
      fam,
      body.length >> 8,
      body.length & 255,
      ...body,
    ]);
    const tlvList = all.map((t) => ({ type: t.type, value: t.value }));
    if (crc) {
      const sum = crc32cForTest(octets);
      const at = octets.length - 4;
      octets.set([sum >>> 24, (sum >>> 16) & 255, (sum >>> 8) & 255, sum & 255], at);
      tlvList[tlvList.length - 1] = { type: 3, value: octets.slice(at) };
    }
    const family = six ? 'INET6' : 'INET';
    const transport = dgram ? 'DGRAM' : 'STREAM';
    const expected = local
      ? { version: 2, command: 'LOCAL', family, transport, tlvs: tlvList }
      : {
          version: 2,
          command: 'PROXY',
          family,
          transport,
          source: { octets: [...src.subarray(0, n)], port: sp },
          destination: { octets: [...dst.subarray(0, n)], port: dp },
          tlvs: tlvList,
        };
    return { octets, expected } as Drawn;
  });

/** CRC32c, bit by bit (RFC 4960 Appendix B's polynomial, reflected), to check the library's. */
function crc32cForTest(octets: Uint8Array): number {
  let crc = 0xffffffff;
  for (const o of octets) {
    crc ^= o;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** The header as parsed, its addresses as octets (the text form is the library's choice). */
function asDrawn(h: ProxyHeader): Drawn['expected'] {
  const endpoint = (e: ProxyHeader['source']) =>
    e === undefined || !('address' in e)
      ? undefined
      : { octets: octetsOf(e.address), port: e.port };
  const { source, destination, ...rest } = h;
  return {
    ...rest,
    ...(source === undefined ? {} : { source: endpoint(source) }),
    ...(destination === undefined ? {} : { destination: endpoint(destination) }),
  } as Drawn['expected'];
}

describe('round trips', () => {
  fcTest.prop([fc.oneof(v1Header, v2Header), fc.uint8Array({ maxLength: 20 })])(
    'a header reads back as written, whatever follows it; every prefix is incomplete',
    ({ octets, expected }, after) => {
      const r = parseProxyHeader(Uint8Array.from([...octets, ...after]));
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.length).toBe(octets.length);
      expect(asDrawn(r.value)).toEqual(expected);
      for (let n = 0; n < octets.length; n++) {
        const p = parseProxyHeader(octets.subarray(0, n));
        expect(p.ok ? 'ok' : p.error.code).toBe('PROXY_INCOMPLETE');
      }
    },
  );

  it('the CRC32c of the test agrees with HAProxy on a header it sent', () => {
    const octets = hex(HAPROXY.v2CrcUniqueId);
    const zeroed = octets.slice();
    zeroed.fill(0, 31, 35);
    expect(crc32cForTest(zeroed).toString(16)).toBe('69f2f3a6');
  });

  fcTest.prop([
    fc.uint8Array({ maxLength: 300 }),
    fc.constantFrom('', 'PROXY ', 'PROXY TCP6 ', SIG),
  ])('never throws, and an error always has a code, a position and the reply', (tail, head) => {
    const input =
      head === SIG
        ? Uint8Array.from([...hex(SIG), ...tail])
        : Uint8Array.from([...ascii(head), ...tail]);
    const r = parseProxyHeader(input);
    if (r.ok) expect(r.length).toBeLessThanOrEqual(input.length);
    else {
      expect(r.error.code).toMatch(/^PROXY_/);
      expect(r.error.position).toBeGreaterThanOrEqual(0);
      expect(r.error.reply.code).toBe(421);
    }
  });
});
