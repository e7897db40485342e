import { readFileSync } from 'node:fs';
import {
  formatXclient,
  isXclientError,
  MAX_LINE_OCTETS,
  type Profile,
  parseXclient,
  planXclient,
  TEMPUNAVAIL,
  UNAVAILABLE,
  validateAttribute,
  type XclientAttributes,
} from 'smtp-xclient';
import { describe, expect, it } from 'vitest';
import { parseOrdinary } from '../src/command.js';
import { codePoint, fc, test as fcTest } from './helpers/fc.js';

const reject = (line: string | Uint8Array, profile: Profile = 'strict') => {
  const r = parseXclient(line, { profile });
  if (r.ok) throw new Error(`accepted: ${String(line)}`);
  return r.error;
};
const accept = (line: string | Uint8Array, profile: Profile = 'strict') => {
  const r = parseXclient(line, { profile });
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r;
};

describe("parseXclient, 'strict' (the README grammar)", () => {
  it('reads the README example', () => {
    const r = accept('XCLIENT NAME=spike.porcupine.org ADDR=168.100.189.2');
    expect(r.value.NAME).toBe('spike.porcupine.org');
    expect(r.value.ADDR).toBe('168.100.189.2');
    expect(r.value.attributes.map((a) => [a.name, a.raw, a.position])).toEqual([
      ['NAME', 'spike.porcupine.org', 8],
      ['ADDR', '168.100.189.2', 33],
    ]);
    expect(r.warnings).toEqual([]);
  });

  it.each([
    ['XCLIENT NAME=x.example\r\n', 'NAME', 'x.example'],
    ['XCLIENT NAME=x.example\n', 'NAME', 'x.example'],
    ['xclient name=x.example', 'NAME', 'x.example'],
    ['XCLIENT PORT=0', 'PORT', 0],
    ['XCLIENT PORT=65535', 'PORT', 65535],
    ['XCLIENT DESTPORT=25', 'DESTPORT', 25],
    ['XCLIENT ADDR=IPv6:2001:DB8:0:0:0:0:0:1', 'ADDR', '2001:db8::1'],
    ['XCLIENT ADDR=ipv6:::ffff:192.0.2.1', 'ADDR', '::ffff:192.0.2.1'],
    ['XCLIENT ADDR=[unavailable]', 'ADDR', UNAVAILABLE],
    ['XCLIENT NAME=[TempUnavail]', 'NAME', TEMPUNAVAIL],
    ['XCLIENT REVERSE_NAME=[TEMPUNAVAIL]', 'REVERSE_NAME', TEMPUNAVAIL],
    ['XCLIENT PROTO=esmtp', 'PROTO', 'ESMTP'],
    ['XCLIENT HELO=[192.0.2.1]', 'HELO', '[192.0.2.1]'],
    ['XCLIENT HELO=a+20b', 'HELO', 'a b'],
    ['XCLIENT LOGIN=joe+2Bfoo+3Dbar', 'LOGIN', 'joe+foo=bar'],
    ['XCLIENT LOGIN=j+C3+B6rg', 'LOGIN', 'jörg'],
    ['XCLIENT LOGIN=[UNAVAILABLE]', 'LOGIN', UNAVAILABLE],
    ['XCLIENT NAME=+5BUNAVAILABLE+5D', 'NAME', UNAVAILABLE],
  ])('%j → %s = %j', (line, name, value) => {
    const r = accept(line);
    expect(r.value[name as 'NAME']).toEqual(value);
  });

  it.each([
    // [line, code, reply code, reply text, position]
    ['', 'LINE_EMPTY', 500, 'Error: bad syntax', 0],
    ['XCLIENTX NAME=a', 'LINE_NOT_XCLIENT', 500, 'Error: command not recognized', 0],
    ['XCLIENT', 'LINE_NO_ATTRIBUTES', 501, 'Syntax: XCLIENT attribute=value...', 7],
    [
      'XCLIENT ',
      'LINE_BAD_SPACING',
      501,
      'Error: attributes must be separated by single spaces',
      8,
    ],
    [
      ' XCLIENT NAME=a',
      'LINE_BAD_SPACING',
      501,
      'Error: attributes must be separated by single spaces',
      0,
    ],
    [
      'XCLIENT  NAME=a',
      'LINE_BAD_SPACING',
      501,
      'Error: attributes must be separated by single spaces',
      8,
    ],
    [
      'XCLIENT\tNAME=a',
      'LINE_BAD_SPACING',
      501,
      'Error: attributes must be separated by single spaces',
      7,
    ],
    ['XCLIENT NAME=a\r', 'LINE_BAD_CHAR', 500, 'Error: control character in command', 14],
    ['XCLIENT NAME=a\0', 'LINE_BAD_CHAR', 500, 'Error: control character in command', 14],
    [
      'XCLIENT NAME=a\nXCLIENT ADDR=1.2.3.4',
      'LINE_BAD_CHAR',
      500,
      'Error: line feed inside the command',
      14,
    ],
    [
      `XCLIENT HELO=${'a'.repeat(255)} LOGIN=${'b'.repeat(240)}`,
      'LINE_TOO_LONG',
      500,
      'Error: line too long',
      510,
    ],
    ['XCLIENT NAME', 'ATTR_MISSING_EQUALS', 501, 'Error: attribute=value expected', 8],
    ['XCLIENT NAME=', 'ATTR_EMPTY', 501, 'Error: attribute=value expected', 13],
    ['XCLIENT FOO=bar', 'ATTR_UNKNOWN', 501, 'Bad XCLIENT attribute name: FOO', 8],
    ['XCLIENT SESSION=x', 'ATTR_UNKNOWN', 501, 'Bad XCLIENT attribute name: SESSION', 8],
    ['XCLIENT NAME=a NAME=b', 'ATTR_DUPLICATE', 501, 'Error: duplicate attribute NAME', 15],
    ['XCLIENT NAME=a name=b', 'ATTR_DUPLICATE', 501, 'Error: duplicate attribute NAME', 15],
    [
      `XCLIENT LOGIN=${'+41'.repeat(86)}`,
      'ATTR_VALUE_TOO_LONG',
      501,
      'Error: attribute value too long',
      14,
    ],
    ['XCLIENT HELO=a+2b', 'XTEXT_LOWERCASE_HEXCHAR', 501, 'Bad HELO xtext: a+2b', 14],
    ['XCLIENT HELO=a+', 'XTEXT_TRUNCATED_HEXCHAR', 501, 'Bad HELO xtext: a+', 14],
    ['XCLIENT HELO=a+G1', 'XTEXT_BAD_HEXCHAR', 501, 'Bad HELO xtext: a+G1', 14],
    ['XCLIENT LOGIN=u=1', 'XTEXT_BAD_CHAR', 501, 'Bad LOGIN xtext: u=1', 15],
    ['XCLIENT LOGIN=jörg', 'XTEXT_BAD_CHAR', 501, 'Bad LOGIN xtext: jörg', 15],
    ['XCLIENT LOGIN=+E9', 'XTEXT_INVALID_UTF8', 501, 'Bad LOGIN syntax: ?', 14],
    ['XCLIENT NAME=x..y', 'ATTR_BAD_VALUE', 501, 'Bad NAME syntax: x..y', 13],
    ['XCLIENT ADDR=010.1.1.1', 'ATTR_BAD_VALUE', 501, 'Bad ADDR syntax: 010.1.1.1', 13],
    ['XCLIENT ADDR=2001:db8::1', 'ATTR_BAD_VALUE', 501, 'Bad ADDR syntax: 2001:db8::1', 13],
    [
      'XCLIENT ADDR=IPV6:fe80::1+25eth0',
      'ATTR_BAD_VALUE',
      501,
      'Bad ADDR syntax: IPV6:fe80::1%eth0',
      13,
    ],
    [
      'XCLIENT ADDR=[TEMPUNAVAIL]',
      'ATTR_SPECIAL_NOT_ALLOWED',
      501,
      'Bad ADDR syntax: [TEMPUNAVAIL]',
      13,
    ],
    ['XCLIENT PORT=00025', 'ATTR_BAD_VALUE', 501, 'Bad PORT syntax: 00025', 13],
    ['XCLIENT PORT=65536', 'ATTR_BAD_VALUE', 501, 'Bad PORT syntax: 65536', 13],
    ['XCLIENT PROTO=LMTP', 'ATTR_BAD_VALUE', 501, 'Bad PROTO syntax: LMTP', 14],
    [
      'XCLIENT PROTO=[UNAVAILABLE]',
      'ATTR_SPECIAL_NOT_ALLOWED',
      501,
      'Bad PROTO syntax: [UNAVAILABLE]',
      14,
    ],
    [
      'XCLIENT LOGIN=[TEMPUNAVAIL]',
      'ATTR_SPECIAL_NOT_ALLOWED',
      501,
      'Bad LOGIN syntax: [TEMPUNAVAIL]',
      14,
    ],
  ])('%j → %s', (line, code, replyCode, text, position) => {
    const e = reject(line);
    expect(e.code).toBe(code);
    expect(e.reply.code).toBe(replyCode);
    expect(e.reply.text).toBe(text);
    expect(e.reply.enhanced).toBe(
      replyCode === 500 ? (code === 'LINE_TOO_LONG' ? '5.5.6' : '5.5.2') : '5.5.4',
    );
    expect(e.position).toBe(position);
    expect(isXclientError(e)).toBe(true);
  });

  it('accepts a line of exactly 512 octets with its CRLF, not 513', () => {
    const line = (n: number): string => `XCLIENT HELO=${'h'.repeat(255)} LOGIN=${'l'.repeat(n)}`;
    expect(line(235).length + 2).toBe(MAX_LINE_OCTETS);
    expect(accept(`${line(235)}\r\n`).value.LOGIN).toBe('l'.repeat(235));
    expect(reject(`${line(236)}\r\n`).code).toBe('LINE_TOO_LONG');
  });

  it('names the attribute at fault', () => {
    expect(reject('XCLIENT NAME=a.example PORT=x').attribute).toBe('PORT');
    expect(reject('XCLIENT FOO=bar').attribute).toBe('FOO');
  });

  it('returns the attributes accepted before the failing one', () => {
    const r = parseXclient('XCLIENT NAME=a.example PORT=x', { profile: 'postfix' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.partial.map((a) => a.name)).toEqual(['NAME']);
  });

  it('takes octets: the raw line from the wire', () => {
    const r = accept(new TextEncoder().encode('XCLIENT LOGIN=j+C3+B6rg\r\n'));
    expect(r.value.LOGIN).toBe('jörg');
  });

  it('counts positions in octets of the UTF-8 line', () => {
    // "XCLIENT LOGIN=é " is 17 octets (é is two); ADDR's value starts at 22.
    expect(reject('XCLIENT LOGIN=é ADDR=x', 'lenient').position).toBe(22);
  });

  it('refuses a lone surrogate in a string line', () => {
    expect(reject('XCLIENT LOGIN=a\uD800').code).toBe('LINE_BAD_UTF8');
  });

  it('never throws on a non-line', () => {
    expect(reject(42 as unknown as string).code).toBe('LINE_NOT_XCLIENT');
  });
});

describe('CRLF injection regressions', () => {
  it.each(['strict', 'lenient'] as const)(
    'HELO=x+0D+0AMAIL is refused in %s (CR LF smuggled through xtext)',
    (profile) => {
      const e = reject('XCLIENT HELO=x+0D+0AMAIL', profile);
      expect(e.code).toBe('ATTR_CONTROL_CHAR');
      expect(e.reply.text).toBe('Bad HELO syntax: x??MAIL');
      expect(e.position).toBe(14);
    },
  );

  it.each(['strict', 'lenient'] as const)(
    'an XTEXT_INVALID_UTF8 reply shows decoded CR LF as "?" (%s)',
    (profile) => {
      const e = reject('XCLIENT HELO=+E9+0D+0A250+20OK', profile);
      expect(e.code).toBe('XTEXT_INVALID_UTF8');
      expect(e.reply.text).toBe('Bad HELO syntax: ???250 OK');
    },
  );

  it("'postfix' masks it as Postfix does, never passing CR or LF on", () => {
    const r = accept('XCLIENT HELO=x+0D+0AMAIL', 'postfix');
    expect(r.value.HELO).toBe('x??MAIL');
    expect(r.warnings.map((w) => w.code)).toContain('ATTR_MASKED');
  });

  it('ADDR=1.2.3.4+0D+0ARCPT is refused in every profile', () => {
    for (const profile of ['strict', 'postfix', 'lenient'] as const) {
      expect(parseXclient('XCLIENT ADDR=1.2.3.4+0D+0ARCPT', { profile }).ok).toBe(false);
    }
  });

  it('formatXclient escapes what Postfix\'s tokenizer groups: a raw " or \\ would swallow NAME (live)', () => {
    // Sent raw, Postfix 3.7.11 recorded HELO 'a?b?NAME=x.example' and no NAME at all.
    const [line] = formatXclient({ HELO: 'a"b<c>d\\', NAME: 'x.example' });
    expect(line).toBe('XCLIENT HELO=a+22b+3Cc+3Ed+5C NAME=x.example');
    const r = parseXclient(line as string, { profile: 'postfix' });
    expect(r.ok && [r.value.NAME, r.value.HELO]).toEqual(['x.example', 'a?b?c?d?']);
  });

  it('formatXclient never writes CR, LF or NUL: raw CR LF in a value is encoded', () => {
    const lines = formatXclient({ LOGIN: 'joe', HELO: 'h.example' });
    expect(lines.join('')).not.toMatch(/[\r\n\0]/);
    expect(() => formatXclient({ HELO: 'x\r\nMAIL FROM:<a@b>' })).toThrowError(
      expect.objectContaining({ code: 'ATTR_CONTROL_CHAR', attribute: 'HELO' }),
    );
    expect(() => formatXclient({ LOGIN: 'a\0b' })).toThrowError(
      expect.objectContaining({ code: 'ATTR_CONTROL_CHAR' }),
    );
  });
});

describe("parseXclient, 'lenient' (what real clients send)", () => {
  it('reads nginx: an unencoded LOGIN with spaces, "=" and "+"', () => {
    const r = accept(
      'XCLIENT ADDR=127.0.0.1 LOGIN=bob smith+tag=x@example.com NAME=[UNAVAILABLE]',
      'lenient',
    );
    expect(r.value.LOGIN).toBe('bob smith+tag=x@example.com');
    expect(r.value.NAME).toBe(UNAVAILABLE);
    expect(r.value.ADDR).toBe('127.0.0.1');
    expect(r.warnings.map((w) => [w.code, w.position])).toEqual(
      expect.arrayContaining([
        ['LINE_RAW_SPACE_IN_VALUE', 32],
        ['XTEXT_RAW_OCTET', 32],
        ['XTEXT_RAW_PLUS', 38],
        ['XTEXT_RAW_OCTET', 42],
      ]),
    );
  });

  it.each([
    ['XCLIENT LOGIN=u=1+2', 'LOGIN', 'u=1+2'],
    ['XCLIENT LOGIN=a\tb%c"d\\e', 'LOGIN', 'a\tb%c"d\\e'],
    ['XCLIENT LOGIN=jürgen@exämple.com', 'LOGIN', 'jürgen@exämple.com'],
    ['XCLIENT ADDR=::1', 'ADDR', '::1'],
    ['XCLIENT PROTO=LMTP', 'PROTO', 'LMTP'],
    ['XCLIENT NAME=[unavailable]', 'NAME', UNAVAILABLE],
    ['XCLIENT HELO=a+2bb', 'HELO', 'a+b'],
    ['XCLIENT LOGIN=[tempunavail]', 'LOGIN', '[tempunavail]'],
    ['XCLIENT PROTO=[UNAVAILABLE]', 'PROTO', UNAVAILABLE],
    ['XCLIENT  NAME=a.example ', 'NAME', 'a.example'],
    [`XCLIENT LOGIN=${'x'.repeat(712)}`, 'LOGIN', 'x'.repeat(712)],
  ])('%j → %s = %j', (line, name, value) => {
    expect(accept(line, 'lenient').value[name as 'LOGIN']).toEqual(value);
  });

  it("returns Dovecot's extension attributes instead of failing", () => {
    const r = accept(
      'XCLIENT HELO=h PROTO=ESMTP SESSION=MA+2BfEg:P1 TTL=5 PORT=1 ADDR=::1',
      'lenient',
    );
    expect(r.value.extensions).toEqual([
      { name: 'SESSION', raw: 'MA+2BfEg:P1', position: 27 },
      { name: 'TTL', raw: '5', position: 47 },
    ]);
    expect(r.value.PORT).toBe(1);
  });

  it('keeps the last of repeated attributes, with a warning', () => {
    const r = accept('XCLIENT LOGIN=a LOGIN=b', 'lenient');
    expect(r.value.LOGIN).toBe('b');
    expect(r.value.attributes).toHaveLength(2);
    expect(r.warnings.map((w) => w.code)).toContain('ATTR_DUPLICATE');
  });

  it('keeps the strict checks on NAME, ADDR and the ports', () => {
    expect(reject('XCLIENT NAME=a..b', 'lenient').code).toBe('ATTR_BAD_VALUE');
    expect(reject('XCLIENT ADDR=999.1.1.1', 'lenient').code).toBe('ATTR_BAD_VALUE');
    expect(reject('XCLIENT PORT=99999', 'lenient').code).toBe('ATTR_BAD_VALUE');
  });

  it('refuses NUL and CR, and lines over 4096 octets', () => {
    expect(reject('XCLIENT LOGIN=a\0b', 'lenient').code).toBe('LINE_BAD_CHAR');
    expect(reject('XCLIENT LOGIN=a\rb', 'lenient').code).toBe('LINE_BAD_CHAR');
    expect(reject(`XCLIENT LOGIN=${'x'.repeat(5000)}`, 'lenient').code).toBe('LINE_TOO_LONG');
  });

  it('warns about lines over 512 octets', () => {
    const r = accept(`XCLIENT LOGIN=${'x'.repeat(600)}`, 'lenient');
    expect(r.warnings.map((w) => w.code)).toEqual(['ATTR_LONG_VALUE', 'LINE_TOO_LONG']);
  });

  it('does not continue a value from a token before any attribute', () => {
    expect(reject('XCLIENT junk NAME=a', 'lenient').code).toBe('ATTR_MISSING_EQUALS');
  });
});

describe("parseXclient, 'postfix' beyond the corpus (checked live against Postfix 3.7.11)", () => {
  // Each row was sent to a real Postfix 3.7.11 on loopback (../shared/scripts/probe.mjs).
  it.each([
    ['XCLIENT HELO=a\0 FOO=bar', 220, ''],
    ['XCLIENT to:NAME=x.example', 501, 'Error: attribute=value expected'],
    ['XCLIENT from:NAME=x.example', 501, 'Error: attribute=value expected'],
    ['XCLIENT HELO=x TO:NAME=x..y', 501, 'Error: attribute=value expected'],
    ['XCLIENT NAME=to:x', 501, 'Bad NAME syntax: to:x'],
    ['XCLIENT NAME=a+3Bb', 501, 'Bad NAME syntax: a;b'],
    ['XCLIENT ADDR=a+3Bb', 501, 'Bad ADDR syntax: a?b'],
    ['XCLIENT ADDR=1.2.3.4+20', 501, 'Bad ADDR syntax: 1.2.3.4?'],
    ['XCLIENT DESTADDR=a+3Bb', 501, 'Bad DESTADDR syntax: a?b'],
    ['XCLIENT REVERSE_NAME=a+3Bb', 501, 'Bad REVERSE_NAME syntax: a;b'],
    ['XCLIENT PORT=1+0D', 501, 'Bad PORT syntax: 1?'],
    ['XCLIENT DESTPORT=1+3B', 501, 'Bad DESTPORT syntax: 1;'],
    ['XCLIENT NAME=a+C0+80b', 501, 'Bad NAME syntax: a??b'],
    ['XCLIENT NAME=a+C3+A9b', 501, 'Bad NAME syntax: aéb'],
    ['XCLIENT NAME=a+FF+80b', 501, 'Bad NAME syntax: a??b'],
    ['XCLIENT NAME=+00', 501, 'Bad NAME syntax: '],
    ['XCLIENT PROTO=+00', 501, 'Bad PROTO syntax: '],
    ['XCLIENT NAME=a+0D+00b', 501, 'Bad NAME syntax: a?'],
    ['XCLIENT HELO="a b"c NAME=x..y', 501, 'Bad NAME syntax: x..y'],
    ['XCLIENT HELO=<a "b> c" d> NAME=x..y', 501, 'Bad NAME syntax: x..y'],
    ['XCLIENT <NAME=x.example>', 501, 'Bad XCLIENT attribute name: <NAME'],
    ['XCLIENT NAME="x.example"', 501, 'Bad NAME syntax: "x.example"'],
    ['XCLIENT "NAME=x y"', 501, 'Bad XCLIENT attribute name: "NAME'],
    ['XCLIENT NAME="x\\" y" PORT=bad', 501, 'Bad NAME syntax: "x\\" y"'],
    ['XCLIENT PORT=1\\ 2', 501, 'Bad PORT syntax: 1\\ 2'],
    ['XCLIENT NAME==x', 501, 'Bad NAME syntax: =x'],
    ['XCLIENT name:x=y', 501, 'Bad XCLIENT attribute name: name:x'],
    ['XCLIENT NAME=x.example PORT=1 FOO', 501, 'Error: attribute=value expected'],
    ['', 500, 'Error: bad syntax'],
    ['   ', 500, 'Error: bad syntax'],
    ['\0XCLIENT NAME=x', 500, 'Error: bad syntax'],
    ['XCLIENT:NAME=x', 221, 'Error: I can break rules, too. Goodbye.'],
    [':XCLIENT NAME=x', 221, 'Error: I can break rules, too. Goodbye.'],
    ['1XCLIENT NAME=x', 221, 'Error: I can break rules, too. Goodbye.'],
    ['GET / HTTP/1.0', 221, 'Error: I can break rules, too. Goodbye.'],
    ['Subject: hi', 221, 'Error: I can break rules, too. Goodbye.'],
    ['xclientx NAME=x', 500, 'Error: command not recognized'],
    ['XCLIENT\\ NAME=x', 500, 'Error: command not recognized'],
    ['XCLIENT HELO=\xed\xa0\x80', 500, 'Error: bad UTF-8 syntax'],
    ['XCLIENT HELO=\xc0\x80', 500, 'Error: bad UTF-8 syntax'],
    ['XCLIENT HELO=\xf4\x90\x80\x80', 500, 'Error: bad UTF-8 syntax'],
    ['XCLIENT NAME=x\xfeb', 500, 'Error: bad UTF-8 syntax'],
    ['XCLIENT NAME=[UNAVAILABLE]+00x', 220, ''],
    ['XCLIENT NAME=x.example\r', 220, ''],
    ['XCLIENT NAME=x.example\r\r\n', 220, ''],
  ])('%j → %i %s', (line, code, text) => {
    const r = parseXclient(new Uint8Array(Buffer.from(line, 'latin1')), { profile: 'postfix' });
    if (code === 220) expect(r.ok).toBe(true);
    else {
      expect(r.ok).toBe(false);
      if (!r.ok) expect([r.error.reply.code, r.error.reply.text]).toEqual([code, text]);
    }
  });

  it('reads HELO as Postfix records it (neutered) and LOGIN as sent', () => {
    const r = accept('XCLIENT HELO="x NAME=x..y', 'postfix');
    expect(r.value.HELO).toBe('?x?NAME=x..y');
    expect(accept('XCLIENT HELO=a\\', 'postfix').value.HELO).toBe('a?');
    expect(accept('XCLIENT LOGIN=[TEMPUNAVAIL]', 'postfix').value.LOGIN).toBe('[TEMPUNAVAIL]');
    expect(accept('XCLIENT HELO=+00', 'postfix').value.HELO).toBe('');
  });

  it('cuts lines at 2048 octets, with a warning', () => {
    // 'XCLIENT' and 255 × ' HELO=hh' are 2047 octets: the cut falls in the space before FOO.
    const line = `XCLIENT${' HELO=hh'.repeat(255)} FOO=bar`;
    expect(parseXclient(line.replace(' FOO', '  FOO'), { profile: 'postfix' }).ok).toBe(true);
    expect(parseXclient(line.replace('hh FOO', 'h FOO'), { profile: 'postfix' }).ok).toBe(false);
    const r = accept(line, 'postfix');
    expect(r.warnings.some((w) => w.code === 'LINE_TRUNCATED' && w.position === 2048)).toBe(true);
  });

  it('reads a long string line as its octets: cut at 2048, positions in octets', () => {
    // Over 4096 code units: only the octets Postfix keeps are encoded (linear cost).
    const line = `XCLIENT HELO=${'é'.repeat(100)}${' PORT=1'.repeat(700)} FOO=bar\r\n`;
    const r = accept(line, 'postfix');
    expect(r.value.HELO).toBe('é'.repeat(100));
    expect(r.warnings).toContainEqual(
      expect.objectContaining({ code: 'LINE_TRUNCATED', position: 2048 }),
    );
    const astral = `XCLIENT LOGIN=${'😀'.repeat(60)} ${'x'.repeat(5000)}`;
    expect(reject(astral, 'postfix').code).toBe('ATTR_MISSING_EQUALS');
    expect(reject(`${'😀'.repeat(2100)}\nXCLIENT`, 'postfix')).toMatchObject({
      code: 'LINE_BAD_CHAR',
      position: 8400,
    });
    expect(reject(`XCLIENT LOGIN=${'é'.repeat(3000)}\r\n`, 'strict')).toMatchObject({
      code: 'LINE_TOO_LONG',
      position: 510,
    });
    expect(reject(`XCLIENT LOGIN=${'é'.repeat(3000)}\n`, 'lenient')).toMatchObject({
      code: 'LINE_TOO_LONG',
      position: 4094,
    });
    expect(accept(`XCLIENT NAME=x.example${' '.repeat(5000)}\r\r\n`, 'postfix').value.NAME).toBe(
      'x.example',
    );
  });

  it('keeps the last of repeated attributes', () => {
    const r = accept('XCLIENT ADDR=192.0.2.1 ADDR=192.0.2.2', 'postfix');
    expect(r.value.ADDR).toBe('192.0.2.2');
  });

  it('reads leading-zero IPv4 octets as octal, as glibc does', () => {
    expect(accept('XCLIENT ADDR=010.1.1.1', 'postfix').value.ADDR).toBe('8.1.1.1');
    expect(accept('XCLIENT PORT=00025', 'postfix').value.PORT).toBe(25);
  });
});

describe('swaks 20201014: every line it sent', () => {
  interface SwaksCase {
    readonly case_id: string;
    readonly invocation: string;
    readonly line_b64: string;
  }
  const cases: SwaksCase[] = readFileSync(
    new URL('./vectors/swaks-20201014.jsonl', import.meta.url),
    'utf8',
  )
    .split('\n')
    .filter((l: string) => l.trim() !== '')
    .map((l: string) => JSON.parse(l) as SwaksCase);

  // Lines swaks built from --xclient-* options whose values are themselves invalid for the
  // attribute: a careful server refuses them, and this is why.
  const INVALID_VALUES: Readonly<Record<string, readonly [string, string]>> = {
    'ipv6-full': [
      'ATTR_BAD_VALUE',
      'DESTADDR fe80::1%eth0: a zone identifier means nothing to another host',
    ],
    'ipv6-bracketed': [
      'ATTR_BAD_VALUE',
      'ADDR [2001:db8::1]: XCLIENT addresses are not enclosed in []',
    ],
    'name-idn': [
      'ATTR_BAD_VALUE',
      'NAME bücher.example: a host name is ASCII (send the xn-- A-label)',
    ],
    'latin1-bytes': ['LINE_BAD_UTF8', 'LOGIN caf\\xE9\\xFF: Latin-1 octets are not UTF-8 text'],
    'long-name-600': ['ATTR_TOO_LONG', 'NAME of 600 characters (a host name has at most 255)'],
    'long-name-labels': ['ATTR_TOO_LONG', 'NAME longer than 255 characters'],
    'long-all-attrs': ['ATTR_TOO_LONG', 'NAME of 300 characters'],
    'port-out-of-range': ['ATTR_BAD_VALUE', 'PORT 99999 is not a TCP port'],
    'name-trailing-dot': ['ATTR_BAD_VALUE', 'NAME host.example. ends with a dot'],
  };
  // Lines from raw --xclient strings: the verdict of a careful server, with the reason.
  const RAW: Readonly<Record<string, string | null>> = {
    'raw-basic': null,
    'raw-lowercase': null,
    'raw-invalid': 'ATTR_EMPTY', // NAME= has no value
    'raw-unencoded': null, // HELO=two words: nginx-style raw space, read as one value
    'raw-mixed': 'ATTR_UNKNOWN', // FOO is no XCLIENT attribute
    'raw-twice': null,
    'raw-extra-spaces': null,
    'raw-xtext-escapes': null, // lower-case hex and a repeated LOGIN, with warnings
    'announce-bare-raw': null,
  };

  /** The --xclient-* options of an invocation, as [attribute, value] in order. */
  function options(invocation: string): [string, string][] {
    const out: [string, string][] = [];
    const re =
      /--xclient-(name|addr|port|proto|helo|login|destaddr|destport|reverse-name) ('[^']*'|\$'(?:[^'\\]|\\.)*'|\S+)/g;
    for (const m of invocation.matchAll(re)) {
      let value = m[2] as string;
      if (value.startsWith("$'"))
        value = value
          .slice(2, -1)
          .replace(/\\t/g, '\t')
          .replace(/\\x([0-9a-f]{2})/gi, (_h, x: string) =>
            String.fromCharCode(Number.parseInt(x, 16)),
          )
          .replace(/\\\\/g, '\\');
      else if (value.startsWith("'")) value = value.slice(1, -1);
      out.push([(m[1] as string).toUpperCase().replace('-', '_'), value]);
    }
    return out;
  }

  it('has the 65 lines', () => expect(cases).toHaveLength(65));

  /** The raw --xclient strings of an invocation. */
  const rawStrings = (invocation: string): string[] =>
    [...invocation.matchAll(/--xclient '([^']*)'/g)].map((m) => `XCLIENT ${m[1] as string}`);

  it.each(cases.map((c, i) => [`${c.case_id} #${i}`, c] as const))('%s', (_label, c) => {
    const id = c.case_id;
    const line = new Uint8Array(Buffer.from(c.line_b64, 'base64'));
    const r = parseXclient(line, { profile: 'lenient' });
    if (rawStrings(c.invocation).includes(Buffer.from(line).toString('latin1'))) {
      expect(id in RAW, `${id} has a raw line`).toBe(true);
      const code = RAW[id];
      if (code === null) expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
      else expect(!r.ok && r.error.code).toBe(code);
      return;
    }
    const invalid = INVALID_VALUES[id];
    if (invalid !== undefined) {
      expect(!r.ok && r.error.code, invalid[1]).toBe(invalid[0]);
      return;
    }
    expect(r.ok, r.ok ? '' : `${r.error.code}: ${r.error.message}`).toBe(true);
    if (!r.ok) return;
    // Every attribute in the line carries the value given on the command line.
    for (const a of r.value.attributes) {
      const given = options(c.invocation)
        .filter(([name]) => name === a.name)
        .at(-1)?.[1];
      expect(given, `${a.name} in ${id}`).toBeDefined();
      const expected = String(given);
      if (a.value === UNAVAILABLE || a.value === TEMPUNAVAIL) {
        expect(a.value.text).toBe(expected.toUpperCase());
      } else if (a.name === 'ADDR' || a.name === 'DESTADDR') {
        const bare = expected.replace(/^ipv6:/i, '').toLowerCase();
        expect([bare, bare.replace(/^::ffff:/, '::ffff:')]).toContain(a.value);
      } else if (a.name === 'PROTO') {
        expect(a.value).toBe(expected.toUpperCase());
      } else {
        expect(String(a.value)).toBe(expected);
      }
    }
  });
});

describe('formatXclient', () => {
  it('writes the README example', () => {
    expect(formatXclient({ NAME: 'spike.porcupine.org', ADDR: '168.100.189.2' })).toEqual([
      'XCLIENT NAME=spike.porcupine.org ADDR=168.100.189.2',
    ]);
  });

  it('orders one command as Postfix needs: persisting ones, then HELO PROTO LOGIN NAME REVERSE_NAME ADDR', () => {
    expect(
      formatXclient({
        ADDR: '2001:DB8::1',
        NAME: 'n.example',
        REVERSE_NAME: 'r.example',
        LOGIN: 'bob smith',
        PROTO: 'ESMTP',
        HELO: 'h.example',
        PORT: 4321,
        DESTADDR: '192.0.2.25',
        DESTPORT: 25,
      }),
    ).toEqual([
      'XCLIENT PORT=4321 DESTADDR=192.0.2.25 DESTPORT=25 HELO=h.example PROTO=ESMTP LOGIN=bob+20smith NAME=n.example REVERSE_NAME=r.example ADDR=IPV6:2001:db8::1',
    ]);
  });

  it('writes the special values', () => {
    expect(formatXclient({ NAME: TEMPUNAVAIL, ADDR: UNAVAILABLE, PORT: UNAVAILABLE })).toEqual([
      'XCLIENT PORT=[UNAVAILABLE] NAME=[TEMPUNAVAIL] ADDR=[UNAVAILABLE]',
    ]);
  });

  it('splits so that HELO, PROTO and LOGIN travel with NAME and ADDR (SPEC §13)', () => {
    const helo = `h${'e'.repeat(170)}.example`;
    const login = 'l'.repeat(220);
    const lines = formatXclient({
      HELO: helo,
      PROTO: 'ESMTP',
      LOGIN: login,
      NAME: 'n.example',
      ADDR: '127.0.0.7',
      PORT: 4242,
      DESTADDR: 'IPV6:2001:db8:1:2:3:4:5:6',
      DESTPORT: 2525,
    });
    expect(lines).toEqual([
      'XCLIENT DESTPORT=2525',
      `XCLIENT PORT=4242 DESTADDR=IPV6:2001:db8:1:2:3:4:5:6 HELO=${helo} PROTO=ESMTP LOGIN=${login} NAME=n.example ADDR=127.0.0.7`,
    ]);
    for (const l of lines) expect(l.length + 2).toBeLessThanOrEqual(512);
  });

  it('packs the early attributes that do not fit the last command into one earlier command', () => {
    const lines = formatXclient({
      PORT: 1,
      DESTADDR: '192.0.2.25',
      DESTPORT: 25,
      HELO: 'h'.repeat(250),
      LOGIN: 'l'.repeat(240),
    });
    expect(lines).toEqual([
      'XCLIENT PORT=1 DESTADDR=192.0.2.25 DESTPORT=25',
      `XCLIENT HELO=${'h'.repeat(250)} LOGIN=${'l'.repeat(240)}`,
    ]);
  });

  it('sends early attributes alone in one command when there is no final group', () => {
    expect(formatXclient({ DESTPORT: 25, PORT: 1 })).toEqual(['XCLIENT PORT=1 DESTPORT=25']);
  });

  it('fills the last line up to exactly 512 octets and no further', () => {
    const exact = (n: number) =>
      formatXclient({ LOGIN: 'x'.repeat(n), PORT: 1, HELO: 'y'.repeat(240) });
    // 'XCLIENT' + ' HELO=' + 240 + ' LOGIN=' + n + ' PORT=1' + CRLF
    const n =
      512 - 2 - 'XCLIENT'.length - ' HELO='.length - 240 - ' LOGIN='.length - ' PORT=1'.length;
    expect(exact(n)).toHaveLength(1);
    expect((exact(n)[0] as string).length + 2).toBe(512);
    expect(exact(n + 1)).toEqual(['XCLIENT PORT=1', expect.stringMatching(/^XCLIENT HELO=/)]);
    expect((exact(n + 1)[1] as string).length + 2).toBe(512 - ' PORT=1'.length + 1);
  });

  it('refuses a final group that cannot fit, naming the attributes', () => {
    try {
      formatXclient({ HELO: 'h'.repeat(255), LOGIN: 'l'.repeat(255), ADDR: '192.0.2.1' });
      expect.unreachable();
    } catch (e) {
      expect(isXclientError(e)).toBe(true);
      expect(e).toMatchObject({ code: 'FORMAT_FINAL_GROUP_TOO_LONG' });
      expect((e as Error).message).toContain('HELO, LOGIN, ADDR');
    }
  });

  it('refuses values longer than 255 characters once encoded', () => {
    expect(() => formatXclient({ LOGIN: ' '.repeat(86) })).toThrowError(
      expect.objectContaining({ code: 'ATTR_VALUE_TOO_LONG', attribute: 'LOGIN' }),
    );
    expect(formatXclient({ LOGIN: ' '.repeat(85) })[0]).toBe(`XCLIENT LOGIN=${'+20'.repeat(85)}`);
  });

  it.each([
    [{ ADDR: 'not-an-ip' }, 'ATTR_BAD_VALUE'],
    [{ ADDR: '010.1.1.1' }, 'ATTR_BAD_VALUE'],
    [{ NAME: 'x..y' }, 'ATTR_BAD_VALUE'],
    [{ PORT: 65536 }, 'ATTR_BAD_VALUE'],
    [{ PORT: 1.5 }, 'FORMAT_INVALID_INPUT'],
    [{ PROTO: 'LMTP' }, 'ATTR_BAD_VALUE'],
    [{ ADDR: TEMPUNAVAIL }, 'ATTR_SPECIAL_NOT_ALLOWED'],
    [{ HELO: '' }, 'ATTR_EMPTY'],
    [{ NAME: 42 }, 'FORMAT_INVALID_INPUT'],
    [{ NAME: { kind: 'unavailable', text: '[UNAVAILABLE]' } }, 'FORMAT_INVALID_INPUT'],
    [{ FOO: 'bar' }, 'FORMAT_INVALID_INPUT'],
    [{ name: 'x.example' }, 'FORMAT_INVALID_INPUT'],
    [{}, 'FORMAT_INVALID_INPUT'],
  ])('%j throws %s and emits nothing', (attributes, code) => {
    expect(() => formatXclient(attributes as unknown as XclientAttributes)).toThrowError(
      expect.objectContaining({ code }),
    );
  });

  it('refuses what the server did not announce, or leaves it out', () => {
    const a = { NAME: 'x.example', ADDR: '192.0.2.1', DESTPORT: 25 } as const;
    expect(() => formatXclient(a, { announced: ['NAME', 'ADDR'] })).toThrowError(
      expect.objectContaining({ code: 'FORMAT_NOT_ANNOUNCED', attribute: 'DESTPORT' }),
    );
    expect(planXclient(a, { announced: ['name', 'addr'], unannounced: 'omit' })).toEqual({
      lines: ['XCLIENT NAME=x.example ADDR=192.0.2.1'],
      omitted: ['DESTPORT'],
    });
    expect(planXclient(a, { announced: [], unannounced: 'omit' })).toEqual({
      lines: [],
      omitted: ['DESTPORT', 'NAME', 'ADDR'],
    });
    expect(() => planXclient(a, { unannounced: 'drop' as 'omit' })).toThrowError(
      expect.objectContaining({ code: 'OPTION_INVALID' }),
    );
  });

  it('does not mutate its input', () => {
    const a = Object.freeze({ NAME: 'x.example', PORT: 25 });
    formatXclient(a);
    expect(a).toEqual({ NAME: 'x.example', PORT: 25 });
  });
});

const hasControl = (s: string): boolean =>
  [...s].some((c) => (c.codePointAt(0) as number) < 0x20 || c === '\x7f');

describe('properties', () => {
  const hostname = fc.domain();
  const attributes: fc.Arbitrary<XclientAttributes> = fc
    .record(
      {
        NAME: fc.oneof(hostname, fc.constant(UNAVAILABLE), fc.constant(TEMPUNAVAIL)),
        REVERSE_NAME: hostname,
        ADDR: fc.oneof(
          fc.ipV4().filter((a) => !a.startsWith('0.')),
          // The canonical (RFC 5952) form, the one formatXclient writes and parseXclient returns.
          fc.ipV6().map((a) => {
            const r = validateAttribute('ADDR', `IPV6:${a}`);
            return r.ok ? String(r.value) : a;
          }),
        ),
        PORT: fc.integer({ min: 0, max: 65535 }),
        PROTO: fc.constantFrom('SMTP' as const, 'ESMTP' as const),
        HELO: fc
          .string({ unit: 'grapheme', minLength: 1, maxLength: 60 })
          .filter((s) => !hasControl(s) && s.toUpperCase() !== '[TEMPUNAVAIL]'),
        LOGIN: fc
          .string({ unit: 'grapheme', minLength: 1, maxLength: 60 })
          .filter((s) => !hasControl(s) && !/^\[(UN|TEMPUN)AVAIL/i.test(s)),
        DESTADDR: fc.ipV4().filter((a) => !a.startsWith('0.')),
        DESTPORT: fc.oneof(fc.integer({ min: 0, max: 65535 }), fc.constant(UNAVAILABLE)),
      },
      { requiredKeys: [] },
    )
    .filter((a) => Object.keys(a).length > 0);

  fcTest.prop([attributes])('parseXclient of every line of formatXclient(a) gives back a', (a) => {
    let lines: string[];
    try {
      lines = formatXclient(a);
    } catch (e) {
      // Only a final group too long to fit may be refused; never silently.
      expect(e).toMatchObject({ code: expect.stringMatching(/FINAL_GROUP|VALUE_TOO_LONG/) });
      return;
    }
    const merged: Record<string, unknown> = {};
    for (const line of lines) {
      expect(line.length + 2).toBeLessThanOrEqual(512);
      expect(line).not.toMatch(/[\r\n\0]/);
      const r = parseXclient(line);
      expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
      if (r.ok) for (const attr of r.value.attributes) merged[attr.name] = attr.value;
    }
    const expected = Object.fromEntries(
      Object.entries(a).map(([k, v]) => [
        k,
        typeof v === 'string' && k === 'PROTO' ? v.toUpperCase() : v,
      ]),
    );
    expect(merged).toEqual(expected);
  });

  fcTest.prop([
    fc.string({ unit: codePoint, maxLength: 300 }),
    fc.constantFrom<Profile>('strict', 'postfix', 'lenient'),
  ])('parseXclient never throws on arbitrary strings', (s, profile) => {
    const r = parseXclient(`XCLIENT ${s}`, { profile });
    expect(typeof r.ok).toBe('boolean');
    if (!r.ok) {
      expect(r.error.reply.code).toBeGreaterThanOrEqual(200);
      expect(String(r.error.reply.text)).not.toMatch(/[\r\n\0]/);
    }
  });

  fcTest.prop([
    fc.uint8Array({ maxLength: 300 }),
    fc.constantFrom<Profile>('strict', 'postfix', 'lenient'),
  ])(
    'parseXclient never throws on arbitrary octets, and replies never carry CR, LF or NUL',
    (b, profile) => {
      const line = new Uint8Array([...new TextEncoder().encode('XCLIENT '), ...b]);
      const r = parseXclient(line, { profile });
      if (!r.ok) expect(String(r.error.reply.text)).not.toMatch(/[\r\n\0]/);
      else for (const a of r.value.attributes) expect(a.decoded).not.toMatch(/[\r\n\0]/);
    },
  );

  fcTest.prop([
    fc.mixedCase(
      fc.constantFrom(
        'XCLIENT NAME=a.example',
        'XCLIENT ADDR=ipv6:::1',
        'XCLIENT PORT=[unavailable]',
      ),
    ),
  ])('the verb, the names and the special values are case-insensitive', (line) => {
    expect(parseXclient(line).ok).toBe(true);
  });
});

describe('the fast path for ordinary string lines (parseOrdinary)', () => {
  // parseXclient reads an ordinary string line (see src/command.ts) without encoding it; any
  // other line goes to the general reader. Which lines take the fast path is not visible in a
  // result (test/properties.test.ts checks that both readers agree); it is checked here.
  const encoder = new TextEncoder();
  const b = (n: number, c = 'b'): string => c.repeat(n);

  it.each([
    ['XCLIENT NAME=spike.porcupine.org ADDR=168.100.189.2', 'README example'],
    [
      'XCLIENT NAME=mail.example.com ADDR=IPV6:2001:db8::1 PORT=4321 PROTO=ESMTP HELO=client.example.com REVERSE_NAME=mail.example.com LOGIN=joe+40example.com DESTADDR=192.0.2.25 DESTPORT=25',
      'nine attributes',
    ],
    [
      'XCLIENT LOGIN=j+C3+BCrgen+20m+C3+BCller HELO=b+C3+BCro+2Eexample+20+E2+9C+89',
      'UTF-8 escapes',
    ],
    ['xClient name=[tempunavail] Addr=[unavailable] port=[UNAVAILABLE]', 'any case, specials'],
    ['XCLIENT HELO=a+2Bb+3Dc+7E+21', 'escapes of "+", "=", "~", "!"'],
    ["XCLIENT LOGIN=!#$%&'*,-./:;?@[]^_`{|}~", 'the xchars no reader groups on'],
    ['XCLIENT NAME=a.example\r\n', 'CRLF at the end'],
    [`XCLIENT LOGIN=${b(255, 'a')} HELO=${b(235)}`, '510 octets'],
    [`XCLIENT LOGIN=${b(255, 'a')} HELO=${b(235)}\r\n`, '512 octets with CRLF'],
  ])("takes %j (%s), with the general reader's result", (line) => {
    for (const profile of ['strict', 'postfix'] as const) {
      const fast = parseOrdinary(line, profile);
      expect(fast, profile).toBeDefined();
      expect(fast).toEqual(parseXclient(encoder.encode(line), { profile }));
    }
  });

  it.each([
    [`XCLIENT LOGIN=${b(255, 'a')} HELO=${b(236)}`, 'both', '511 octets: 513 with the CRLF'],
    [`XCLIENT LOGIN=${b(255, 'a')} HELO=${b(236)}\r\n`, 'both', '513 octets with CRLF'],
    [`XCLIENT LOGIN=${b(256, 'a')}`, 'both', 'a value of 256 octets'],
    ['XCLIENT NAME=a NAME=b', 'both', 'a repeated name'],
    ['XCLIENT FOO=bar', 'both', 'an unknown name'],
    ['XCLIENT TTL=5', 'both', 'an extension name'],
    ['XCLIENT NAME=a..b', 'both', 'a value that fails validation'],
    ['XCLIENT PORT=025', 'strict', 'a leading zero (postfix accepts it)'],
    ['XCLIENT NAME=', 'both', 'an empty value'],
    ['XCLIENT', 'both', 'no attribute'],
    ['XCLIENTS NAME=a', 'both', 'another verb'],
    ['EHLO NAME=a', 'both', 'another verb'],
    ['XCLIENT  NAME=a', 'both', 'two spaces'],
    [' XCLIENT NAME=a', 'both', 'a leading space'],
    ['XCLIENT NAME=a ', 'both', 'a trailing space'],
    ['XCLIENT\tNAME=a', 'both', 'a TAB'],
    ['XCLIENT NAME=a\n', 'both', 'a bare LF'],
    ['XCLIENT NAME=a\r', 'both', 'a bare CR'],
    ['XCLIENT NAME=a\r\n\r\n', 'both', 'two line ends'],
    ['XCLIENT LOGIN=a+2bb', 'both', 'lower-case hex'],
    ['XCLIENT LOGIN=a+2', 'both', 'a cut escape'],
    ['XCLIENT LOGIN=a+', 'both', 'a lone "+"'],
    ['XCLIENT LOGIN=a=b', 'both', 'a raw "="'],
    ['XCLIENT LOGIN=a+0Ab', 'both', 'an escaped LF'],
    ['XCLIENT LOGIN=a+00b', 'both', 'an escaped NUL'],
    ['XCLIENT LOGIN=a+1Fb', 'both', 'an escaped control'],
    ['XCLIENT LOGIN=a+7Fb', 'both', 'an escaped DEL'],
    ['XCLIENT LOGIN=+C3+A9+0A', 'both', 'an escaped LF after UTF-8'],
    ['XCLIENT LOGIN=+C3+A9+7F', 'both', 'an escaped DEL after UTF-8'],
    ['XCLIENT LOGIN=+C3', 'both', 'a cut UTF-8 sequence'],
    ['XCLIENT LOGIN=+ED+A0+80', 'both', 'an encoded surrogate'],
    ['XCLIENT LOGIN=+80', 'both', 'a lone continuation octet'],
    ['XCLIENT LOGIN=é', 'both', 'a raw non-ASCII character'],
    ['XCLIENT LOGIN="a"', 'postfix', 'a raw DQUOTE (Postfix groups on it)'],
    ['XCLIENT LOGIN=<a>', 'postfix', 'raw "<" and ">"'],
    ['XCLIENT LOGIN=a\\b', 'postfix', 'a raw backslash'],
    ['XCLIENT NAME=a.example NAME2=b', 'both', 'a name with a digit'],
    ['AAAAAAA NAME=aXCLIENT ADDR=192.0.2.1', 'both', 'an ordinary line after something else'],
    ['XCLIENT LOGIN=a\tb', 'both', 'a TAB inside a value'],
    ['XCLIENT LOGIN=a\x7fb', 'both', 'a raw DEL'],
  ])('leaves %j to the general reader (%s: %s)', (line, which) => {
    for (const profile of ['strict', 'postfix'] as const) {
      if (which === 'both' || which === profile)
        expect(parseOrdinary(line, profile), profile).toBeUndefined();
    }
  });

  it.each([
    ['XCLIENT LOGIN="a"'],
    ['XCLIENT LOGIN=<a>'],
    ['XCLIENT LOGIN=a\\b'],
    ['XCLIENT PORT=025'],
  ])('takes %j in the one profile where it is ordinary', (line) => {
    const profile = line.includes('PORT') ? 'postfix' : 'strict';
    expect(parseOrdinary(line, profile)).toEqual(parseXclient(encoder.encode(line), { profile }));
    expect(parseOrdinary(line, profile)).toBeDefined();
  });
});

describe('formatXclient reads the own properties of the attribute set only', () => {
  it('an inherited NAME is not sent', () => {
    const attributes = Object.assign(Object.create({ NAME: 'inherited.example' }), {
      ADDR: '192.0.2.1',
    }) as XclientAttributes;
    expect(formatXclient(attributes)).toEqual(['XCLIENT ADDR=192.0.2.1']);
  });

  it('names the type of a value that is no string, number or marker', () => {
    expect(() => formatXclient({ NAME: {} as never })).toThrowError(
      expect.objectContaining({
        code: 'FORMAT_INVALID_INPUT',
        message: 'NAME: an object is not a valid value',
      }),
    );
    expect(() => formatXclient({ NAME: true as never })).toThrowError(
      expect.objectContaining({ message: 'NAME: a boolean is not a valid value' }),
    );
  });
});

describe('positions after escaped UTF-8, and trailing white space in lenient', () => {
  it.each(['strict', 'lenient'] as const)(
    'a control character after an escaped "é" is reported at its escape (%s)',
    (profile) => {
      for (const line of [
        'XCLIENT HELO=+C3+A9+0D',
        new TextEncoder().encode('XCLIENT HELO=+C3+A9+0D'),
      ]) {
        const r = parseXclient(line, { profile });
        expect(!r.ok && r.error).toMatchObject({ code: 'ATTR_CONTROL_CHAR', position: 19 });
      }
    },
  );

  it.each(['XCLIENT NAME=a\t', 'XCLIENT NAME=a ', '\tXCLIENT NAME=a', ' XCLIENT NAME=a'])(
    "'lenient' warns of leading or trailing white space in %j",
    (line) => {
      const r = parseXclient(line, { profile: 'lenient' });
      expect(r.ok && r.warnings.map((w) => w.code)).toEqual(['LINE_EXTRA_SPACE']);
    },
  );
});
