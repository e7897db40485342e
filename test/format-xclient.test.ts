// formatXclient: the XCLIENT command lines for a set of attributes (planXclient, in
// test/plan-xclient.test.ts, returns the same lines with what it left out). Exact lines, the
// order and the split Postfix needs, the limits, and every refusal.
import {
  formatXclient,
  isXclientError,
  type MutableXclientAttributes,
  parseXclient,
  planXclient,
  TEMPUNAVAIL,
  UNAVAILABLE,
  validateAttribute,
  type XclientAttributes,
} from 'smtp-xclient';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { fc, test as fcTest } from './helpers/fc.js';
import {
  badSyntax,
  format,
  formatRefusal,
  hostOf,
  SYNTAX,
  thrownError as thrown,
} from './helpers/format-xclient.js';

/** The error a call throws, with its message. */
function rawThrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    if (isXclientError(e)) return e;
    throw e;
  }
  throw new Error('did not throw');
}

describe('writes each attribute alone, in its canonical form', () => {
  it.each([
    [{ NAME: 'mail.example' }, 'XCLIENT NAME=mail.example'],
    [{ NAME: UNAVAILABLE }, 'XCLIENT NAME=[UNAVAILABLE]'],
    [{ NAME: TEMPUNAVAIL }, 'XCLIENT NAME=[TEMPUNAVAIL]'],
    [{ NAME: '[tempunavail]' }, 'XCLIENT NAME=[TEMPUNAVAIL]'],
    [{ REVERSE_NAME: 'r.example' }, 'XCLIENT REVERSE_NAME=r.example'],
    [{ REVERSE_NAME: TEMPUNAVAIL }, 'XCLIENT REVERSE_NAME=[TEMPUNAVAIL]'],
    [{ ADDR: '192.0.2.1' }, 'XCLIENT ADDR=192.0.2.1'],
    [{ ADDR: '2001:db8::1' }, 'XCLIENT ADDR=IPV6:2001:db8::1'],
    [{ ADDR: '2001:DB8::1' }, 'XCLIENT ADDR=IPV6:2001:db8::1'],
    [{ ADDR: '2001:0db8:0:0:0:0:0:1' }, 'XCLIENT ADDR=IPV6:2001:db8::1'],
    [{ ADDR: 'IPV6:2001:db8::1' }, 'XCLIENT ADDR=IPV6:2001:db8::1'],
    [{ ADDR: 'ipv6:2001:db8::1' }, 'XCLIENT ADDR=IPV6:2001:db8::1'],
    [{ ADDR: 'IpV6:::1' }, 'XCLIENT ADDR=IPV6:::1'],
    [{ ADDR: UNAVAILABLE }, 'XCLIENT ADDR=[UNAVAILABLE]'],
    [{ ADDR: '[unavailable]' }, 'XCLIENT ADDR=[UNAVAILABLE]'],
    [{ DESTADDR: '192.0.2.25' }, 'XCLIENT DESTADDR=192.0.2.25'],
    [{ DESTADDR: '::ffff:192.0.2.1' }, 'XCLIENT DESTADDR=IPV6:::ffff:192.0.2.1'],
    [{ DESTADDR: UNAVAILABLE }, 'XCLIENT DESTADDR=[UNAVAILABLE]'],
    [{ PORT: 4321 }, 'XCLIENT PORT=4321'],
    [{ PORT: 0 }, 'XCLIENT PORT=0'],
    [{ PORT: 65535 }, 'XCLIENT PORT=65535'],
    [{ PORT: '25' }, 'XCLIENT PORT=25'],
    [{ PORT: UNAVAILABLE }, 'XCLIENT PORT=[UNAVAILABLE]'],
    [{ DESTPORT: 25 }, 'XCLIENT DESTPORT=25'],
    [{ DESTPORT: UNAVAILABLE }, 'XCLIENT DESTPORT=[UNAVAILABLE]'],
    [{ PROTO: 'SMTP' }, 'XCLIENT PROTO=SMTP'],
    [{ PROTO: 'ESMTP' }, 'XCLIENT PROTO=ESMTP'],
    [{ PROTO: 'esmtp' }, 'XCLIENT PROTO=ESMTP'],
    [{ HELO: 'h.example' }, 'XCLIENT HELO=h.example'],
    [{ HELO: 'a:b' }, 'XCLIENT HELO=a:b'], // a colon makes no IPv6 address of a HELO
    [{ HELO: '[IPv6:2001:db8::1]' }, 'XCLIENT HELO=[IPv6:2001:db8::1]'],
    [{ HELO: UNAVAILABLE }, 'XCLIENT HELO=[UNAVAILABLE]'],
    [{ HELO: '[unavailable]' }, 'XCLIENT HELO=[UNAVAILABLE]'],
    [{ LOGIN: 'bob' }, 'XCLIENT LOGIN=bob'],
    [{ LOGIN: 'a:b::1' }, 'XCLIENT LOGIN=a:b::1'],
    [{ LOGIN: UNAVAILABLE }, 'XCLIENT LOGIN=[UNAVAILABLE]'],
  ])('%j → %s', (attributes, line) => {
    expect(format(attributes)).toEqual([line]);
    expect(planXclient(attributes as XclientAttributes)).toEqual({ lines: [line], omitted: [] });
  });

  it('leaves out an attribute whose value is undefined, as if it were absent', () => {
    expect(format({ NAME: 'x.example', ADDR: undefined })).toEqual(['XCLIENT NAME=x.example']);
    expect(format({ PORT: undefined, DESTPORT: 25 })).toEqual(['XCLIENT DESTPORT=25']);
  });
});

describe('encodes values as xtext, escaping what Postfix’s tokenizer groups on', () => {
  it.each([
    ['"', '+22'],
    ['<', '+3C'],
    ['>', '+3E'],
    ['\\', '+5C'],
    ['+', '+2B'],
    ['=', '+3D'],
    [' ', '+20'],
    ['é', '+C3+A9'],
    ['€', '+E2+82+AC'],
    ['😀', '+F0+9F+98+80'],
    ['~!#[]{}', '~!#[]{}'],
  ])('LOGIN a%sb is written a%sb', (raw, xtext) => {
    expect(format({ LOGIN: `a${raw}b` })).toEqual([`XCLIENT LOGIN=a${xtext}b`]);
    expect(format({ HELO: `a${raw}b` })).toEqual([`XCLIENT HELO=a${xtext}b`]);
  });

  it('writes a value with every special at once', () => {
    expect(format({ LOGIN: 'bob smith+tag=x@example.com', HELO: 'say "<hi>" \\o/' })).toEqual([
      'XCLIENT HELO=say+20+22+3Chi+3E+22+20+5Co/ LOGIN=bob+20smith+2Btag+3Dx@example.com',
    ]);
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

describe('orders attributes as Postfix needs them, in lines of 512 octets at most (docs/spec/postfix.md §13)', () => {
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

  it('splits so that HELO, PROTO and LOGIN travel with NAME and ADDR (docs/spec/postfix.md §13)', () => {
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
});

describe('the final group must fit one line; early attributes fill earlier ones', () => {
  // 'XCLIENT' (7) + ' HELO=' (6) + h + ' LOGIN=' (7) + l: 20 + h + l octets, 22 + h + l with CRLF.
  const hl = (h: number, l: number) => ({ HELO: 'h'.repeat(h), LOGIN: 'l'.repeat(l) });
  const final = (h: number, l: number) => ` HELO=${'h'.repeat(h)} LOGIN=${'l'.repeat(l)}`;

  it('a final group of exactly 512 octets is one line', () => {
    const lines = format(hl(245, 245));
    expect(lines).toEqual([`XCLIENT${final(245, 245)}`]);
    expect((lines[0] as string).length + 2).toBe(512);
  });

  it.each([
    [hl(245, 246), 'HELO, LOGIN', 513],
    [hl(255, 255), 'HELO, LOGIN', 532],
    [{ ...hl(245, 246), PORT: 1, DESTPORT: 2 }, 'HELO, LOGIN', 513],
    [
      {
        HELO: 'h'.repeat(200),
        PROTO: 'ESMTP',
        LOGIN: 'l'.repeat(200),
        NAME: hostOf(200),
        REVERSE_NAME: hostOf(200),
        ADDR: '192.0.2.1',
        PORT: 1,
      },
      'HELO, PROTO, LOGIN, NAME, REVERSE_NAME, ADDR',
      7 + 206 + 12 + 207 + 206 + 214 + 15 + 2,
    ],
  ])('%# a final group of 513 octets or more is refused', (attributes, names, octets) => {
    expect(thrown(() => format(attributes))).toStrictEqual(
      formatRefusal('FORMAT_FINAL_GROUP_TOO_LONG'),
    );
    // The message names the final attributes sent, and no other, and the octets they need
    // with the CRLF (its prose is not compared).
    const { message } = rawThrown(() => format(attributes));
    const sent = names.split(', ');
    for (const name of sent) expect(message).toMatch(new RegExp(`\\b${name}\\b`));
    for (const name of ['NAME', 'ADDR', 'PROTO', 'HELO', 'REVERSE_NAME', 'LOGIN']) {
      if (!sent.includes(name)) expect(message).not.toMatch(new RegExp(`\\b${name}\\b`));
    }
    expect(message).toContain(String(octets));
  });

  const PORT = ' PORT=1';
  const DESTADDR = ' DESTADDR=192.0.2.25';
  const DESTPORT = ' DESTPORT=25';
  const early = { PORT: 1, DESTADDR: '192.0.2.25', DESTPORT: 25 };
  // early + final: 7 + 7 + 20 + 12 + 13 + h + l = 59 + h + l octets without CRLF.
  it.each([
    // all three fit exactly: 510 + CRLF
    [226, 225, [`XCLIENT${PORT}${DESTADDR}${DESTPORT}${final(226, 225)}`]],
    // one octet more: DESTPORT goes in an earlier command
    [226, 226, [`XCLIENT${DESTPORT}`, `XCLIENT${PORT}${DESTADDR}${final(226, 226)}`]],
    // DESTADDR no longer fits, the shorter DESTPORT still does (exactly 510)
    [236, 235, [`XCLIENT${DESTADDR}`, `XCLIENT${PORT}${DESTPORT}${final(236, 235)}`]],
    [236, 236, [`XCLIENT${DESTADDR}${DESTPORT}`, `XCLIENT${PORT}${final(236, 236)}`]],
    // PORT fits exactly
    [245, 238, [`XCLIENT${DESTADDR}${DESTPORT}`, `XCLIENT${PORT}${final(245, 238)}`]],
    // nothing fits next to the final group
    [245, 239, [`XCLIENT${PORT}${DESTADDR}${DESTPORT}`, `XCLIENT${final(245, 239)}`]],
    [245, 245, [`XCLIENT${PORT}${DESTADDR}${DESTPORT}`, `XCLIENT${final(245, 245)}`]],
  ])('HELO of %d and LOGIN of %d octets with PORT, DESTADDR, DESTPORT', (h, l, lines) => {
    const out = format({ ...early, ...hl(h, l) });
    expect(out).toEqual(lines);
    for (const line of out) expect(line.length + 2).toBeLessThanOrEqual(512);
  });

  it('a carried early attribute is counted in the room left for the next one', () => {
    // PORT=[UNAVAILABLE] (19) is carried; DESTPORT (12) would fit alone but not after it.
    const lines = format({ PORT: UNAVAILABLE, DESTPORT: 25, ...hl(230, 230) });
    expect(lines).toEqual([`XCLIENT${DESTPORT}`, `XCLIENT PORT=[UNAVAILABLE]${final(230, 230)}`]);
    expect((lines[1] as string).length).toBe(7 + 19 + 13 + 460);
  });

  it('early attributes that need no final group share one line', () => {
    expect(
      format({ DESTPORT: UNAVAILABLE, DESTADDR: '2001:db8:1:2:3:4:5:6', PORT: 65535 }),
    ).toEqual(['XCLIENT PORT=65535 DESTADDR=IPV6:2001:db8:1:2:3:4:5:6 DESTPORT=[UNAVAILABLE]']);
  });

  it('refuses a final group that cannot fit (HELO, LOGIN, ADDR)', () => {
    try {
      formatXclient({ HELO: 'h'.repeat(255), LOGIN: 'l'.repeat(255), ADDR: '192.0.2.1' });
      expect.unreachable();
    } catch (e) {
      expect(isXclientError(e)).toBe(true);
      expect(e).toMatchObject({ code: 'FORMAT_FINAL_GROUP_TOO_LONG', reply: SYNTAX });
      expect(Object.hasOwn(e as object, 'attribute')).toBe(false);
    }
  });
});

describe('refuses a value over 255 octets once encoded', () => {
  it.each([
    [{ LOGIN: 'x'.repeat(255) }, `XCLIENT LOGIN=${'x'.repeat(255)}`],
    [{ LOGIN: `${'é'.repeat(42)}abc` }, `XCLIENT LOGIN=${'+C3+A9'.repeat(42)}abc`],
    [{ LOGIN: ' '.repeat(85) }, `XCLIENT LOGIN=${'+20'.repeat(85)}`],
    [{ HELO: 'h'.repeat(255) }, `XCLIENT HELO=${'h'.repeat(255)}`],
    [{ NAME: hostOf(255) }, `XCLIENT NAME=${hostOf(255)}`],
  ])('%# is accepted: 255 octets once encoded', (attributes, line) => {
    expect(format(attributes)).toEqual([line]);
  });

  it.each([
    [{ LOGIN: 'x'.repeat(256) }, 'LOGIN', 256],
    [{ LOGIN: `${'é'.repeat(42)}abcd` }, 'LOGIN', 256],
    [{ LOGIN: ' '.repeat(86) }, 'LOGIN', 258],
    [{ LOGIN: '+'.repeat(100) }, 'LOGIN', 300],
    [{ HELO: `${'+'.repeat(85)}x` }, 'HELO', 256],
  ])('%# is refused: %s is %d octets once encoded', (attributes, name, _length) => {
    expect(thrown(() => format(attributes))).toStrictEqual(
      formatRefusal('ATTR_VALUE_TOO_LONG', name),
    );
  });

  it('a HELO or NAME longer than 255 octets before encoding is refused by its rule', () => {
    expect(thrown(() => format({ HELO: 'h'.repeat(256) }))).toStrictEqual(
      badSyntax('ATTR_TOO_LONG', 'HELO', 'h'.repeat(256), 255),
    );
  });

  it('refuses values longer than 255 characters once encoded', () => {
    expect(() => formatXclient({ LOGIN: ' '.repeat(86) })).toThrowError(
      expect.objectContaining({ code: 'ATTR_VALUE_TOO_LONG', attribute: 'LOGIN' }),
    );
    expect(formatXclient({ LOGIN: ' '.repeat(85) })[0]).toBe(`XCLIENT LOGIN=${'+20'.repeat(85)}`);
  });
});

describe('throws the refusals of the attribute rules as they are', () => {
  it.each([
    [{ ADDR: '1ipv6:2' }, badSyntax('ATTR_BAD_VALUE', 'ADDR', 'IPV6:1ipv6:2', 6)],
    [{ ADDR: '2001:db8::1:' }, badSyntax('ATTR_BAD_VALUE', 'ADDR', 'IPV6:2001:db8::1:', 16)],
    [{ ADDR: 'IPV6:192.0.2.1' }, badSyntax('ATTR_BAD_VALUE', 'ADDR', 'IPV6:192.0.2.1', 14)],
    [{ NAME: 'a:b' }, badSyntax('ATTR_BAD_VALUE', 'NAME', 'a:b', 1)],
    [{ NAME: 'Mail.Example.' }, badSyntax('ATTR_BAD_VALUE', 'NAME', 'Mail.Example.', 12)],
    [{ LOGIN: 'a\tb' }, badSyntax('ATTR_CONTROL_CHAR', 'LOGIN', 'a?b', 1)],
    [{ LOGIN: 'a\x7fb' }, badSyntax('ATTR_CONTROL_CHAR', 'LOGIN', 'a?b', 1)],
    [{ LOGIN: '\uD800' }, badSyntax('ATTR_BAD_VALUE', 'LOGIN', '?', 0)],
    [
      { LOGIN: '[tempunavail]' },
      badSyntax('ATTR_SPECIAL_NOT_ALLOWED', 'LOGIN', '[tempunavail]', 0),
    ],
    [{ HELO: TEMPUNAVAIL }, badSyntax('ATTR_SPECIAL_NOT_ALLOWED', 'HELO', '[TEMPUNAVAIL]', 0)],
    [{ PORT: TEMPUNAVAIL }, badSyntax('ATTR_SPECIAL_NOT_ALLOWED', 'PORT', '[TEMPUNAVAIL]', 0)],
    [{ PROTO: UNAVAILABLE }, badSyntax('ATTR_SPECIAL_NOT_ALLOWED', 'PROTO', '[UNAVAILABLE]', 0)],
    [{ PORT: -1 }, badSyntax('ATTR_BAD_VALUE', 'PORT', '-1', 0)],
    [{ PORT: 1e21 }, badSyntax('ATTR_BAD_VALUE', 'PORT', '1e+21', 1)],
    [{ PORT: '0025' }, badSyntax('ATTR_BAD_VALUE', 'PORT', '0025', 0)],
  ])('%j', (attributes, error) => {
    expect(thrown(() => format(attributes))).toStrictEqual(error);
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
});

describe('refuses values that are not values (FORMAT_INVALID_INPUT)', () => {
  // Each row is named by its reason; the message that says it is not compared.
  it.each([
    ['NAME has no value', { NAME: null }, 'NAME'],
    ['PORT has no value', { PORT: null }, 'PORT'],
    ['NAME: 42 is not a valid value', { NAME: 42 }, 'NAME'],
    ['HELO: 7 is not a valid value', { HELO: 7 }, 'HELO'],
    ['ADDR: 3232235777 is not a valid value', { ADDR: 3232235777 }, 'ADDR'],
    ['PORT: 1.5 is not a valid value', { PORT: 1.5 }, 'PORT'],
    ['DESTPORT: NaN is not a valid value', { DESTPORT: Number.NaN }, 'DESTPORT'],
    ['PORT: Infinity is not a valid value', { PORT: Number.POSITIVE_INFINITY }, 'PORT'],
    ['NAME: a boolean is not a valid value', { NAME: true }, 'NAME'],
    ['LOGIN: a bigint is not a valid value', { LOGIN: 10n }, 'LOGIN'],
    ['LOGIN: a symbol is not a valid value', { LOGIN: Symbol('x') }, 'LOGIN'],
    ['LOGIN: a function is not a valid value', { LOGIN: () => 'x' }, 'LOGIN'],
    [
      'LOGIN: a function is not a valid value',
      { LOGIN: Object.assign(() => 'x', { kind: 'unavailable', text: '[UNAVAILABLE]' }) },
      'LOGIN',
    ],
    [
      'NAME: not a special-value marker',
      { NAME: { kind: 'unavailable', text: '[UNAVAILABLE]' } },
      'NAME',
    ],
    ['NAME: not a special-value marker', { NAME: { kind: 'x' } }, 'NAME'],
  ])('%s', (_reason, attributes, attribute) => {
    expect(thrown(() => format(attributes))).toStrictEqual(
      formatRefusal('FORMAT_INVALID_INPUT', attribute),
    );
  });

  // An object without `kind` is no marker: refused as any other non-value.
  it.each([[{}], [[]], [new Date(0)], [{ text: '[UNAVAILABLE]' }]])('NAME: %j', (value) => {
    const error = thrown(() => format({ NAME: value }));
    expect(error).toStrictEqual(formatRefusal('FORMAT_INVALID_INPUT', 'NAME'));
  });

  it('refuses attributes that cannot be read, and a value whose getter throws', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(thrown(() => format(proxy))).toStrictEqual(formatRefusal('FORMAT_INVALID_INPUT'));
    const throwing = {
      NAME: 'x.example',
      get LOGIN() {
        throw new Error('no');
      },
    };
    expect(thrown(() => format(throwing))).toStrictEqual(
      formatRefusal('FORMAT_INVALID_INPUT', 'LOGIN'),
    );
  });

  // The attributes are checked before the options: a non-object is refused as that, not for a
  // bad option.
  it.each([[null], [42], ['NAME=x'], [undefined]])(
    'refuses %j for attributes before it reads the options',
    (attributes) => {
      const options = { unannounced: 'drop' as 'omit' };
      expect(thrown(() => format(attributes, options))).toStrictEqual(
        formatRefusal('FORMAT_INVALID_INPUT'),
      );
    },
  );

  it('refuses an object and a boolean with the attribute at fault', () => {
    expect(() => formatXclient({ NAME: {} as never })).toThrowError(
      expect.objectContaining({ code: 'FORMAT_INVALID_INPUT', attribute: 'NAME' }),
    );
    expect(() => formatXclient({ NAME: true as never })).toThrowError(
      expect.objectContaining({ code: 'FORMAT_INVALID_INPUT', attribute: 'NAME' }),
    );
  });
});

const revokedAttributes = (() => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
})();

describe('messages: each names the attribute and what is wrong with it', () => {
  // The prose is for people and is not compared: each message must say something besides the
  // attribute's name, and carry the facts the builder has (the value, its type, the octets).
  it.each<[string, unknown, string | undefined, readonly (string | RegExp)[]]>([
    // [label, attributes, attribute at fault, what the message must contain]
    ['no value', { NAME: null }, 'NAME', [/\bno value\b/]],
    ['a number for a name', { NAME: 42 }, 'NAME', ['42']],
    ['a port that is no integer', { PORT: 1.5 }, 'PORT', ['1.5']],
    ['a boolean: its type', { NAME: true }, 'NAME', [/\ba boolean\b/]],
    ['a bigint: its type', { LOGIN: 10n }, 'LOGIN', [/\ba bigint\b/]],
    [
      'a function with a kind: its type, not a marker',
      { LOGIN: Object.assign(() => 'x', { kind: 'unavailable', text: '[UNAVAILABLE]' }) },
      'LOGIN',
      [/\ba function\b/],
    ],
    ['an object without kind: its type', { NAME: {} }, 'NAME', [/\ban object\b/]],
    ['an array: its type', { NAME: [] }, 'NAME', [/\ban object\b/]],
    ['a false marker', { NAME: { kind: 'x' } }, 'NAME', [/\bmarker\b/]],
    [
      'a copy of a marker is a false one',
      { NAME: { kind: 'unavailable', text: '[UNAVAILABLE]' } },
      'NAME',
      [/\bmarker\b/],
    ],
    [
      'a value whose getter throws: the attribute',
      {
        get NAME() {
          throw new Error('no');
        },
      },
      'NAME',
      [/\bread\b/],
    ],
    [
      'a value over 255 octets once encoded: its length and the limit',
      { LOGIN: '='.repeat(86) },
      'LOGIN',
      ['258', '255'],
    ],
    ['an unknown name: the name as given', { name: 'x.example' }, undefined, ['"name"']],
    ['nothing to send', {}, undefined, []],
    ['attributes that cannot be read (a revoked Proxy)', revokedAttributes, undefined, []],
  ])('%s', (_label, attributes, attribute, parts) => {
    const { message } = rawThrown(() => format(attributes));
    const besides = attribute === undefined ? message : message.replaceAll(attribute, '');
    expect(besides).toMatch(/[a-z]{2}/);
    if (attribute !== undefined) expect(message).toContain(attribute);
    for (const part of parts) {
      if (typeof part === 'string') expect(message).toContain(part);
      else expect(message).toMatch(part);
    }
  });

  it('an unannounced attribute: its name', () => {
    const { message } = rawThrown(() => format({ DESTPORT: 25 }, { announced: ['NAME'] }));
    expect(message).toMatch(/\bDESTPORT\b/);
    expect(message.replaceAll('DESTPORT', '')).toMatch(/[a-z]{2}/);
  });

  it('an unannounced option that cannot be read: says so, not its type', () => {
    const options = {
      get unannounced(): 'omit' {
        throw new Error('no');
      },
    };
    const { message } = rawThrown(() => format({ NAME: 'x.example' }, options));
    expect(message).toMatch(/\bunannounced\b/);
    expect(message).toMatch(/\bcannot be read\b/);
    expect(message).not.toContain('symbol');
  });

  it('announced that is not an array of names: the option', () => {
    const { message } = rawThrown(() =>
      format({ NAME: 'x.example' }, { announced: 'NAME' as never }),
    );
    expect(message).toMatch(/\bannounced\b/);
    expect(message.replaceAll('announced', '')).toMatch(/[a-z]{2}/);
  });

  it('a bad unannounced option: the value given', () => {
    const { message } = rawThrown(() =>
      format({ NAME: 'x.example' }, { unannounced: 'drop' as 'omit' }),
    );
    expect(message).toContain('drop');
    expect(message.replaceAll('drop', '')).toMatch(/[a-z]{2}/);
  });
});

describe('reads its input', () => {
  it('takes null options as none', () => {
    expect(format({ NAME: 'x.example' }, null as never)).toStrictEqual(['XCLIENT NAME=x.example']);
  });

  it('an inherited NAME is not sent', () => {
    const attributes = Object.assign(Object.create({ NAME: 'inherited.example' }), {
      ADDR: '192.0.2.1',
    }) as XclientAttributes;
    expect(formatXclient(attributes)).toEqual(['XCLIENT ADDR=192.0.2.1']);
  });

  it('does not mutate its input', () => {
    const a = Object.freeze({ NAME: 'x.example', PORT: 25 });
    formatXclient(a);
    expect(a).toEqual({ NAME: 'x.example', PORT: 25 });
  });
});

/** Whether 'strict' refuses a character of `s` as a control: C0, DEL, C1, U+2028, U+2029. */
const hasControl = (s: string): boolean =>
  [...s].some((c) => {
    const u = c.codePointAt(0) as number;
    return u < 0x20 || (u >= 0x7f && u <= 0x9f) || u === 0x2028 || u === 0x2029;
  });

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
});

describe('the attribute types (issue 21, found by a new user)', () => {
  it('XclientAttributes takes undefined values under exactOptionalPropertyTypes, as the runtime skips them', () => {
    const socket: { remoteAddress?: string | undefined; remotePort?: number | undefined } = {
      remoteAddress: '192.0.2.1',
    };
    const who: XclientAttributes = { ADDR: socket.remoteAddress, PORT: socket.remotePort };
    expectTypeOf<{ ADDR: string | undefined }>().toExtend<XclientAttributes>();
    expect(formatXclient(who)).toEqual(['XCLIENT ADDR=192.0.2.1']);
  });

  it('MutableXclientAttributes builds an identity step by step; XclientAttributes stays read-only', () => {
    const who: MutableXclientAttributes = {};
    who.NAME = 'c.example';
    who.ADDR = '192.0.2.1';
    who.LOGIN = undefined;
    expectTypeOf<MutableXclientAttributes>().toExtend<XclientAttributes>();
    const fixed: XclientAttributes = who;
    // @ts-expect-error XclientAttributes is read-only
    fixed.NAME = 'other.example';
    expect(formatXclient(who)).toEqual(['XCLIENT NAME=other.example ADDR=192.0.2.1']);
  });
});
