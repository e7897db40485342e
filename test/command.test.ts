import {
  formatXclient,
  isXclientError,
  parseXclient,
  planXclient,
  TEMPUNAVAIL,
  UNAVAILABLE,
  validateAttribute,
  type XclientAttributes,
} from 'smtp-xclient';
import { describe, expect, it } from 'vitest';
import { fc, test as fcTest } from './helpers/fc.js';

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
