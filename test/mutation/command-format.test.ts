// Assertions written after reviewing Stryker's survivors for src/command.ts, the building side
// (formatXclient, planXclient; docs/mutation.md). Exact lines, limits, order and refusals.
import {
  type FormatOptions,
  formatXclient,
  isXclientError,
  planXclient,
  TEMPUNAVAIL,
  UNAVAILABLE,
  type XclientAttributes,
} from 'smtp-xclient';
import { describe, expect, it } from 'vitest';

/** The thrown XclientError as a plain object: the keys it has, and only those. */
function thrown(f: () => unknown): Record<string, unknown> {
  try {
    f();
  } catch (e) {
    if (!isXclientError(e)) throw e;
    return {
      code: e.code,
      message: e.message,
      reply: e.reply,
      ...('attribute' in e ? { attribute: e.attribute } : {}),
      ...('position' in e ? { position: e.position } : {}),
    };
  }
  throw new Error('did not throw');
}

const format = (attributes: unknown, options?: FormatOptions): string[] =>
  formatXclient(attributes as XclientAttributes, options);

/** The reply of every refusal made by the builder itself (not by an attribute rule). */
const SYNTAX = { code: 501, enhanced: '5.5.4', text: 'Syntax: XCLIENT attribute=value...' };
const formatRefusal = (code: string, message: string, attribute?: string) => ({
  code,
  message,
  reply: SYNTAX,
  ...(attribute === undefined ? {} : { attribute }),
});
const badSyntax = (
  code: string,
  attribute: string,
  message: string,
  shown: string,
  position: number,
) => ({
  code,
  message: `${attribute}: ${message}`,
  reply: { code: 501, enhanced: '5.5.4', text: `Bad ${attribute} syntax: ${shown}` },
  attribute,
  position,
});

/** A host name of exactly `n` octets (labels of at most 63). */
function hostOf(n: number): string {
  const labels: string[] = [];
  let left = n;
  while (left > 0) {
    const len = Math.min(63, left === 64 ? 62 : left);
    labels.push('a'.repeat(len));
    left -= len + 1;
    if (left === 0) break;
  }
  const name = labels.join('.');
  expect(name).toHaveLength(n);
  return name;
}

describe('formatXclient: every attribute alone', () => {
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

describe('formatXclient: values are xtext-encoded, Postfix tokenizer specials too', () => {
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
});

describe('formatXclient: the 255-octet value limit (encoded length)', () => {
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
  ])('%# is refused: %s is %d octets once encoded', (attributes, name, length) => {
    expect(thrown(() => format(attributes))).toStrictEqual(
      formatRefusal(
        'ATTR_VALUE_TOO_LONG',
        `${name} is ${length} characters once xtext-encoded; Postfix refuses more than 255`,
        name,
      ),
    );
  });

  it('a HELO or NAME longer than 255 octets before encoding is refused by its rule', () => {
    expect(thrown(() => format({ HELO: 'h'.repeat(256) }))).toStrictEqual(
      badSyntax('ATTR_TOO_LONG', 'HELO', 'longer than 255 octets', 'h'.repeat(256), 255),
    );
  });
});

describe('formatXclient: refusals from the attribute rules are thrown as they are', () => {
  it.each([
    [
      { ADDR: '1ipv6:2' },
      badSyntax('ATTR_BAD_VALUE', 'ADDR', 'invalid character', 'IPV6:1ipv6:2', 6),
    ],
    [
      { ADDR: '2001:db8::1:' },
      badSyntax('ATTR_BAD_VALUE', 'ADDR', 'single colon at the end', 'IPV6:2001:db8::1:', 16),
    ],
    [
      { ADDR: 'IPV6:192.0.2.1' },
      badSyntax('ATTR_BAD_VALUE', 'ADDR', 'fewer than 8 groups', 'IPV6:192.0.2.1', 14),
    ],
    [{ NAME: 'a:b' }, badSyntax('ATTR_BAD_VALUE', 'NAME', 'invalid character', 'a:b', 1)],
    [
      { NAME: 'Mail.Example.' },
      badSyntax('ATTR_BAD_VALUE', 'NAME', 'trailing dot', 'Mail.Example.', 12),
    ],
    [
      { LOGIN: 'a\tb' },
      badSyntax('ATTR_CONTROL_CHAR', 'LOGIN', 'control character U+0009 in the value', 'a?b', 1),
    ],
    [
      { LOGIN: 'a\x7fb' },
      badSyntax('ATTR_CONTROL_CHAR', 'LOGIN', 'control character U+007F in the value', 'a?b', 1),
    ],
    [
      { LOGIN: '\uD800' },
      badSyntax('ATTR_BAD_VALUE', 'LOGIN', 'lone surrogate in the value', '?', 0),
    ],
    [
      { LOGIN: '[tempunavail]' },
      badSyntax(
        'ATTR_SPECIAL_NOT_ALLOWED',
        'LOGIN',
        '[TEMPUNAVAIL] is not a valid LOGIN value',
        '[tempunavail]',
        0,
      ),
    ],
    [
      { HELO: TEMPUNAVAIL },
      badSyntax(
        'ATTR_SPECIAL_NOT_ALLOWED',
        'HELO',
        '[TEMPUNAVAIL] is not a valid HELO value',
        '[TEMPUNAVAIL]',
        0,
      ),
    ],
    [
      { PORT: TEMPUNAVAIL },
      badSyntax(
        'ATTR_SPECIAL_NOT_ALLOWED',
        'PORT',
        '[TEMPUNAVAIL] is not a valid PORT value',
        '[TEMPUNAVAIL]',
        0,
      ),
    ],
    [
      { PROTO: UNAVAILABLE },
      badSyntax(
        'ATTR_SPECIAL_NOT_ALLOWED',
        'PROTO',
        '[UNAVAILABLE] is not a valid PROTO value',
        '[UNAVAILABLE]',
        0,
      ),
    ],
    [
      { PORT: -1 },
      badSyntax('ATTR_BAD_VALUE', 'PORT', 'not a decimal number of 1 to 5 digits', '-1', 0),
    ],
    [
      { PORT: 1e21 },
      badSyntax('ATTR_BAD_VALUE', 'PORT', 'not a decimal number of 1 to 5 digits', '1e+21', 1),
    ],
    [
      { PORT: '0025' },
      badSyntax('ATTR_BAD_VALUE', 'PORT', 'leading zero in a port number', '0025', 0),
    ],
  ])('%j', (attributes, error) => {
    expect(thrown(() => format(attributes))).toStrictEqual(error);
  });
});

describe('formatXclient: values that are not values', () => {
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
  ])('%s', (message, attributes, attribute) => {
    expect(thrown(() => format(attributes))).toStrictEqual(
      formatRefusal('FORMAT_INVALID_INPUT', message, attribute),
    );
  });

  // An object without `kind` is no marker, and says so as any other non-value does.
  it.each([[{}], [[]], [new Date(0)], [{ text: '[UNAVAILABLE]' }]])('NAME: %j', (value) => {
    const error = thrown(() => format({ NAME: value }));
    expect(error).toMatchObject({ code: 'FORMAT_INVALID_INPUT', reply: SYNTAX, attribute: 'NAME' });
    expect(error.message).toMatch(/^NAME: an? object is not a valid value$/);
  });
});

describe('planXclient: attribute sets and options that are refused', () => {
  const NOT_AN_OBJECT = 'formatXclient expects an object of attributes';
  it.each([
    [null, NOT_AN_OBJECT],
    [undefined, NOT_AN_OBJECT],
    ['NAME', NOT_AN_OBJECT],
    ['', NOT_AN_OBJECT],
    [42, NOT_AN_OBJECT],
    [true, NOT_AN_OBJECT],
    [{}, 'no attributes to send'],
    [[], 'no attributes to send'],
    [{ NAME: undefined }, 'no attributes to send'],
    [{ FOO: 'bar' }, 'unknown attribute "FOO" (names are upper case)'],
    [{ name: 'x.example' }, 'unknown attribute "name" (names are upper case)'],
    [{ NAME: 'x.example', toString: 'x' }, 'unknown attribute "toString" (names are upper case)'],
    [{ NAME: 'x.example', FOO: undefined }, 'unknown attribute "FOO" (names are upper case)'],
  ])('%j: %s', (attributes, message) => {
    const error = formatRefusal('FORMAT_INVALID_INPUT', message);
    expect(thrown(() => format(attributes))).toStrictEqual(error);
    expect(thrown(() => planXclient(attributes as XclientAttributes))).toStrictEqual(error);
  });

  it.each([['drop'], ['OMIT'], [''], [0], [false]])('unannounced %j', (mode) => {
    expect(
      thrown(() => planXclient({ NAME: 'x.example' }, { unannounced: mode as 'omit' })),
    ).toStrictEqual(
      formatRefusal('OPTION_INVALID', `unannounced must be 'throw' or 'omit', not ${String(mode)}`),
    );
  });

  it.each([['throw' as const], [undefined]])(
    'unannounced %j throws for an unannounced name',
    (mode) => {
      const options: FormatOptions =
        mode === undefined ? { announced: ['NAME'] } : { announced: ['NAME'], unannounced: mode };
      expect(thrown(() => planXclient({ NAME: 'x.example', DESTPORT: 25 }, options))).toStrictEqual(
        formatRefusal('FORMAT_NOT_ANNOUNCED', 'the server did not announce DESTPORT', 'DESTPORT'),
      );
      expect(thrown(() => planXclient({ LOGIN: 'joe', ADDR: '192.0.2.1' }, options))).toStrictEqual(
        formatRefusal('FORMAT_NOT_ANNOUNCED', 'the server did not announce LOGIN', 'LOGIN'),
      );
      expect(planXclient({ NAME: 'x.example' }, options)).toEqual({
        lines: ['XCLIENT NAME=x.example'],
        omitted: [],
      });
    },
  );
});

describe('planXclient: announced and omitted', () => {
  const all = {
    NAME: 'n.example',
    ADDR: '192.0.2.1',
    PORT: 1,
    PROTO: 'ESMTP',
    HELO: 'h.example',
    LOGIN: 'joe',
    REVERSE_NAME: 'r.example',
    DESTADDR: '192.0.2.25',
    DESTPORT: 25,
  } as const;
  const ALL_LINE =
    'XCLIENT PORT=1 DESTADDR=192.0.2.25 DESTPORT=25 HELO=h.example PROTO=ESMTP LOGIN=joe NAME=n.example REVERSE_NAME=r.example ADDR=192.0.2.1';

  it.each([
    [undefined, [ALL_LINE], []],
    [
      ['NAME', 'ADDR', 'PORT', 'PROTO', 'HELO', 'LOGIN', 'REVERSE_NAME', 'DESTADDR', 'DESTPORT'],
      [ALL_LINE],
      [],
    ],
    [
      ['name', 'Addr', 'port', 'proto', 'helo', 'login', 'reverse_name', 'destaddr', 'destport'],
      [ALL_LINE],
      [],
    ],
    [
      ['NAME', 'ADDR'],
      ['XCLIENT NAME=n.example ADDR=192.0.2.1'],
      ['PORT', 'DESTADDR', 'DESTPORT', 'HELO', 'PROTO', 'LOGIN', 'REVERSE_NAME'],
    ],
    [
      ['PORT', 'DESTPORT'],
      ['XCLIENT PORT=1 DESTPORT=25'],
      ['DESTADDR', 'HELO', 'PROTO', 'LOGIN', 'NAME', 'REVERSE_NAME', 'ADDR'],
    ],
    [
      ['LOGIN', 'DESTADDR', 'SESSION'],
      ['XCLIENT DESTADDR=192.0.2.25 LOGIN=joe'],
      ['PORT', 'DESTPORT', 'HELO', 'PROTO', 'NAME', 'REVERSE_NAME', 'ADDR'],
    ],
    [
      [],
      [],
      ['PORT', 'DESTADDR', 'DESTPORT', 'HELO', 'PROTO', 'LOGIN', 'NAME', 'REVERSE_NAME', 'ADDR'],
    ],
  ])('announced %j (omit)', (announced, lines, omitted) => {
    const options: FormatOptions =
      announced === undefined ? { unannounced: 'omit' } : { announced, unannounced: 'omit' };
    expect(planXclient(all, options)).toEqual({ lines, omitted });
    expect(format(all, options)).toEqual(lines);
  });

  it('reads announced names that are not strings through String()', () => {
    const name = { toString: () => 'name' } as unknown as string;
    expect(planXclient({ NAME: 'x.example' }, { announced: [name] })).toEqual({
      lines: ['XCLIENT NAME=x.example'],
      omitted: [],
    });
  });

  it('checks a value even when the attribute is left out', () => {
    expect(
      thrown(() => planXclient({ PORT: 70000 }, { announced: [], unannounced: 'omit' })),
    ).toMatchObject({ code: 'ATTR_BAD_VALUE', attribute: 'PORT' });
  });
});

describe('planXclient: one line, in Postfix order (SPEC.md §13)', () => {
  it.each([
    [{ ADDR: '192.0.2.1', NAME: 'n.example' }, 'XCLIENT NAME=n.example ADDR=192.0.2.1'],
    [
      { REVERSE_NAME: 'r.example', NAME: 'n.example' },
      'XCLIENT NAME=n.example REVERSE_NAME=r.example',
    ],
    [{ NAME: 'n.example', LOGIN: 'joe' }, 'XCLIENT LOGIN=joe NAME=n.example'],
    [{ LOGIN: 'joe', PROTO: 'SMTP' }, 'XCLIENT PROTO=SMTP LOGIN=joe'],
    [{ PROTO: 'SMTP', HELO: 'h' }, 'XCLIENT HELO=h PROTO=SMTP'],
    [{ ADDR: '192.0.2.1', PORT: 1 }, 'XCLIENT PORT=1 ADDR=192.0.2.1'],
    [{ DESTPORT: 25, DESTADDR: '192.0.2.25' }, 'XCLIENT DESTADDR=192.0.2.25 DESTPORT=25'],
    [{ DESTADDR: '192.0.2.25', PORT: 1 }, 'XCLIENT PORT=1 DESTADDR=192.0.2.25'],
    [{ HELO: 'h', DESTPORT: 25 }, 'XCLIENT DESTPORT=25 HELO=h'],
    [
      { DESTPORT: 25, PORT: 1, DESTADDR: '192.0.2.25' },
      'XCLIENT PORT=1 DESTADDR=192.0.2.25 DESTPORT=25',
    ],
  ])('%j', (attributes, line) => {
    expect(planXclient(attributes as XclientAttributes)).toEqual({ lines: [line], omitted: [] });
  });
});

describe('planXclient: lines of 512 octets at most, CRLF included', () => {
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
      formatRefusal(
        'FORMAT_FINAL_GROUP_TOO_LONG',
        `${names} must travel in one command for Postfix to keep them all, but they need ${octets} octets (at most 512)`,
      ),
    );
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
});
