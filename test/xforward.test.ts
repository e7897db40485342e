// XFORWARD through the engine: the dialect's table, parseXforward in the three profiles, and
// formatXforward / planXforward (validation, encoding, packing under 512 octets).
import {
  formatXforward,
  formatXforwardKeyword,
  isXclientError,
  parseXclientKeyword,
  parseXforward,
  parseXforwardKeyword,
  planXforward,
  UNAVAILABLE,
  XFORWARD_ATTRIBUTE_NAMES,
  XFORWARD_ATTRIBUTES,
  XFORWARD_REPLIES,
} from 'smtp-xclient';
import { describe, expect, it } from 'vitest';
import { thrown } from './helpers/thrown.js';

const syntax = (text: string) => ({ code: 501, enhanced: '5.5.4', text });

describe('the XFORWARD dialect', () => {
  it("has Postfix 3.7's seven attributes in its announcement order", () => {
    expect(XFORWARD_ATTRIBUTE_NAMES).toEqual([
      'NAME',
      'ADDR',
      'PROTO',
      'HELO',
      'SOURCE',
      'PORT',
      'IDENT',
    ]);
    expect(XFORWARD_ATTRIBUTES.IDENT).toMatchObject({ kind: 'word', specials: ['unavailable'] });
    expect(Object.values(XFORWARD_ATTRIBUTES).every((a) => a.place === 'any')).toBe(true);
  });
});

describe('parseXforward', () => {
  it('reads the README example with typed values and positions', () => {
    const r = parseXforward('XFORWARD NAME=spike.porcupine.org ADDR=168.100.189.2 PROTO=ESMTP\r\n');
    expect(r.ok && r.value.attributes.map((a) => [a.name, a.value, a.position])).toEqual([
      ['NAME', 'spike.porcupine.org', 9],
      ['ADDR', '168.100.189.2', 34],
      ['PROTO', 'ESMTP', 53],
    ]);
    expect(r.ok && r.value.extensions).toEqual([]);
  });

  it.each(['strict', 'postfix', 'lenient'] as const)(
    'takes [UNAVAILABLE] in any case for every attribute (%s)',
    (profile) => {
      const line = `XFORWARD ${XFORWARD_ATTRIBUTE_NAMES.map((n) => `${n}=[unavailable]`).join(' ')}`;
      const r = parseXforward(line, { profile });
      expect(r.ok && XFORWARD_ATTRIBUTE_NAMES.every((n) => r.value[n] === UNAVAILABLE)).toBe(true);
    },
  );

  // The CLI prints messages: their prose is not pinned, but each names the attribute and
  // what the value should have been.
  it.each([
    ['XFORWARD SOURCE=x', ['SOURCE', 'LOCAL or REMOTE']],
    ['XFORWARD IDENT=a<b', ['IDENT', '<>()']],
    ['XFORWARD HELO=a+20b', ['HELO', 'space']],
  ])('the message of %j names the attribute and the rule', (line, parts) => {
    const r = parseXforward(line);
    if (r.ok) throw new Error(`accepted ${line}`);
    for (const part of parts) expect(r.error.message).toContain(part);
  });

  it('types PORT, SOURCE and ADDR', () => {
    const r = parseXforward('XFORWARD PORT=4321 SOURCE=remote ADDR=IPV6:2001:DB8::1');
    expect(r.ok && [r.value.PORT, r.value.SOURCE, r.value.ADDR]).toEqual([
      4321,
      'REMOTE',
      '2001:db8::1',
    ]);
  });

  it.each([
    ['XFORWARD LOGIN=joe', 'ATTR_UNKNOWN', syntax('Bad XFORWARD attribute name: LOGIN')],
    ['XFORWARD SOURCE=elsewhere', 'ATTR_BAD_VALUE', syntax('Bad SOURCE syntax: elsewhere')],
    ['XFORWARD PROTO=ESMTP+20x', 'ATTR_BAD_VALUE', syntax('Bad PROTO syntax: ESMTP x')],
    ['XFORWARD HELO=h.example IDENT=a<b', 'ATTR_BAD_VALUE', syntax('Bad IDENT syntax: a<b')],
    ['XFORWARD IDENT=+C3+A9', 'ATTR_BAD_VALUE', syntax('Bad IDENT syntax: é')],
    [
      'XFORWARD HELO=[TEMPUNAVAIL]',
      'ATTR_SPECIAL_NOT_ALLOWED',
      syntax('Bad HELO syntax: [TEMPUNAVAIL]'),
    ],
    [
      `XFORWARD PROTO=${'P'.repeat(65)}`,
      'ATTR_TOO_LONG',
      syntax(`Bad PROTO syntax: ${'P'.repeat(65)}`),
    ],
    ['XFORWARD', 'LINE_NO_ATTRIBUTES', XFORWARD_REPLIES.noAttributes],
    [
      'XCLIENT NAME=x.example',
      'LINE_NOT_XCLIENT',
      { code: 500, enhanced: '5.5.2', text: 'Error: command not recognized' },
    ],
  ])("'strict' refuses %s", (line, code, reply) => {
    const r = parseXforward(line);
    expect(r.ok || [r.error.code, r.error.reply]).toEqual([code, reply]);
  });

  it("'lenient' reads the words XFORWARD_README Note 1 forbids, with a warning at each", () => {
    const r = parseXforward('XFORWARD HELO=a+20b IDENT=<id@host> PROTO=[tempunavail]', {
      profile: 'lenient',
    });
    expect(r.ok && [r.value.HELO, r.value.IDENT, r.value.PROTO]).toEqual([
      'a b',
      '<id@host>',
      '[tempunavail]',
    ]);
    expect(r.warnings.map((w) => [w.code, w.attribute, w.position])).toEqual([
      ['ATTR_WORD_CHAR', 'HELO', 15],
      ['ATTR_WORD_CHAR', 'IDENT', 26],
      ['ATTR_LITERAL_SPECIAL', 'PROTO', 42],
    ]);
  });

  it("'postfix' neuters what Postfix neuters and keeps the attributes before a refusal", () => {
    const r = parseXforward('XFORWARD HELO=a<b>(c) IDENT=x+20y PORT=bad', { profile: 'postfix' });
    expect(r.ok || r.error.reply).toEqual(syntax('Bad PORT syntax: bad'));
    expect(r.ok || r.partial.map((a) => [a.name, a.value])).toEqual([
      ['HELO', 'a?b??c?'],
      ['IDENT', 'x?y'],
    ]);
  });

  it("'postfix' takes the words XFORWARD_README Note 1 forbids without a warning: it neuters them", () => {
    const r = parseXforward('XFORWARD HELO=a+20b IDENT=<id@host> PROTO=E(SMTP)', {
      profile: 'postfix',
    });
    expect(r.ok && [r.value.HELO, r.value.IDENT, r.value.PROTO]).toEqual([
      'a?b',
      '?id?host?',
      'E?SMTP?',
    ]);
    expect(r.warnings).toEqual([]);
  });

  it("'postfix' keeps the last of repeated attributes, with a warning", () => {
    const r = parseXforward('XFORWARD IDENT=a IDENT=b', { profile: 'postfix' });
    expect(r.ok && r.value.IDENT).toBe('b');
    expect(r.warnings.map((w) => w.code)).toEqual(['ATTR_DUPLICATE']);
    const strict = parseXforward('XFORWARD IDENT=a IDENT=b');
    expect(strict.ok || strict.error.reply).toEqual(syntax('Error: duplicate attribute IDENT'));
  });

  it('refuses an unknown profile with the local-data-error reply, and never throws', () => {
    const r = parseXforward('XFORWARD NAME=x', { profile: 'nope' as never });
    expect(r.ok || r.error.code).toBe('OPTION_INVALID');
    expect(parseXforward(42 as never).ok).toBe(false);
  });
});

describe('formatXforward', () => {
  it("writes the attributes in Postfix's own order, encoded", () => {
    expect(
      formatXforward({
        SOURCE: 'LOCAL',
        PROTO: 'ESMTP',
        IDENT: 'ID1',
        HELO: '[192.0.2.1]',
        PORT: 25,
        ADDR: '192.0.2.1',
        NAME: 'x.example',
      }),
    ).toEqual([
      'XFORWARD NAME=x.example ADDR=192.0.2.1 PORT=25 HELO=[192.0.2.1] IDENT=ID1 PROTO=ESMTP SOURCE=LOCAL',
    ]);
    expect(formatXforward({ HELO: UNAVAILABLE, IDENT: 'a+b' })).toEqual([
      'XFORWARD HELO=[UNAVAILABLE] IDENT=a+2Bb',
    ]);
  });

  it('packs long values into several lines under 512 octets, each one read back', () => {
    const host = (c: string) => `${c.repeat(63)}.${c.repeat(63)}.${c.repeat(63)}.${c.repeat(60)}`;
    const attributes = {
      NAME: host('n'),
      HELO: host('h'),
      IDENT: 'i'.repeat(250),
      ADDR: '192.0.2.1',
      PORT: 1,
    };
    const lines = formatXforward(attributes);
    expect(lines.length).toBe(3);
    const back: Record<string, unknown> = {};
    for (const line of lines) {
      expect(line.length + 2).toBeLessThanOrEqual(512);
      const r = parseXforward(line);
      expect(r.ok).toBe(true);
      if (r.ok) for (const a of r.value.attributes) back[a.name] = a.value;
    }
    expect(back).toEqual(attributes);
  });

  // 'XFORWARD' (8) + ' HELO=' (6) + 255 + ' IDENT=' (7) + i: 276 + i octets, 278 + i with CRLF.
  it('packs a line of exactly 512 octets with its CRLF as one, and 513 as two', () => {
    const attributes = (i: number) => ({ HELO: 'h'.repeat(255), IDENT: 'i'.repeat(i) });
    const at512 = formatXforward(attributes(234));
    expect(at512).toEqual([`XFORWARD HELO=${'h'.repeat(255)} IDENT=${'i'.repeat(234)}`]);
    expect((at512[0] as string).length + 2).toBe(512);
    expect(formatXforward(attributes(235))).toEqual([
      `XFORWARD HELO=${'h'.repeat(255)}`,
      `XFORWARD IDENT=${'i'.repeat(235)}`,
    ]);
  });

  it('filters by what the server announced', () => {
    expect(
      planXforward({ NAME: 'x.example', IDENT: 'a' }, { announced: ['name'], unannounced: 'omit' }),
    ).toEqual({
      lines: ['XFORWARD NAME=x.example'],
      omitted: ['IDENT'],
    });
    expect(thrown(() => formatXforward({ IDENT: 'a' }, { announced: ['NAME'] }))).toMatchObject({
      code: 'FORMAT_NOT_ANNOUNCED',
      reply: XFORWARD_REPLIES.noAttributes,
    });
  });

  it.each([
    [{ PROTO: 'P'.repeat(65) }, 'ATTR_TOO_LONG'],
    [{ HELO: 'a b' }, 'ATTR_BAD_VALUE'],
    [{ SOURCE: 'ELSEWHERE' as never }, 'ATTR_BAD_VALUE'],
    [{ LOGIN: 'joe' } as never, 'FORMAT_INVALID_INPUT'],
    [{}, 'FORMAT_INVALID_INPUT'],
    [{ IDENT: '+'.repeat(100) }, 'ATTR_VALUE_TOO_LONG'],
  ])('refuses %j with %s', (attributes, code) => {
    const e = thrown(() => formatXforward(attributes));
    expect(isXclientError(e) && e.code).toBe(code);
  });

  it('names itself in the refusal of something that is not an attribute set', () => {
    expect(thrown(() => formatXforward(null as never))).toMatchObject({
      code: 'FORMAT_INVALID_INPUT',
      message: 'formatXforward expects an object of attributes',
    });
  });
});

describe('the XFORWARD keyword', () => {
  const EHLO = [
    '250-xclient-probe.localdomain',
    '250-PIPELINING',
    '250-XCLIENT NAME ADDR PROTO HELO REVERSE_NAME PORT LOGIN DESTADDR DESTPORT',
    '250-XFORWARD NAME ADDR PROTO HELO SOURCE PORT IDENT',
    '250 CHUNKING',
  ];

  it("reads Postfix's announcement beside XCLIENT's, each by its own function", () => {
    const r = parseXforwardKeyword(EHLO);
    expect(r.ok && r.value).toEqual({
      names: ['NAME', 'ADDR', 'PROTO', 'HELO', 'SOURCE', 'PORT', 'IDENT'],
      attributes: ['NAME', 'ADDR', 'PROTO', 'HELO', 'SOURCE', 'PORT', 'IDENT'],
    });
    const x = parseXclientKeyword(EHLO.join('\r\n'));
    expect(x.ok && x.value.attributes).toContain('LOGIN');
    expect(
      parseXforwardKeyword('xforward name login').ok && parseXforwardKeyword('xforward name login'),
    ).toMatchObject({
      value: { names: ['NAME', 'LOGIN'], attributes: ['NAME'] },
    });
  });

  it('says when the reply does not announce XFORWARD, naming it', () => {
    const r = parseXforwardKeyword(EHLO.filter((l) => !l.includes('XFORWARD')));
    expect(r.ok || [r.error.code, r.error.message, r.error.reply.text]).toEqual([
      'KEYWORD_NOT_ANNOUNCED',
      'the EHLO reply does not announce XFORWARD',
      'Error: XFORWARD not announced',
    ]);
  });

  it("writes the keyword in Postfix's order, other names after", () => {
    expect(formatXforwardKeyword(['port', 'FOO', 'name', 'NAME'])).toBe('XFORWARD NAME PORT FOO');
    expect(formatXforwardKeyword(XFORWARD_ATTRIBUTE_NAMES)).toBe(
      'XFORWARD NAME ADDR PROTO HELO SOURCE PORT IDENT',
    );
    expect(thrown(() => formatXforwardKeyword(['a b']))).toMatchObject({
      code: 'KEYWORD_BAD_SYNTAX',
    });
  });
});
