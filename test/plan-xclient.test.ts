// planXclient: the lines of formatXclient and the attributes it left out, by the server's
// announcement; and the attribute sets and options it refuses.
import {
  type FormatOptions,
  formatXclient,
  planXclient,
  type XclientAttributes,
} from 'smtp-xclient';
import { describe, expect, it } from 'vitest';
import { format, formatRefusal, thrownError as thrown } from './helpers/format-xclient.js';

describe('refuses what is no set of attributes, unknown names and bad options', () => {
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
  ])('%j: %s', (attributes, _reason) => {
    const error = formatRefusal('FORMAT_INVALID_INPUT');
    expect(thrown(() => format(attributes))).toStrictEqual(error);
    expect(thrown(() => planXclient(attributes as XclientAttributes))).toStrictEqual(error);
  });

  it.each([['drop'], ['OMIT'], [''], [0], [false]])('unannounced %j', (mode) => {
    expect(
      thrown(() => planXclient({ NAME: 'x.example' }, { unannounced: mode as 'omit' })),
    ).toStrictEqual(formatRefusal('OPTION_INVALID'));
  });

  it.each([['NAME'], [{ 0: 'NAME', length: 1 }], [new Set(['NAME'])]])(
    'announced %j, not an array, is OPTION_INVALID, not a TypeError (issue 21)',
    (announced) => {
      const options = { announced } as unknown as FormatOptions;
      expect(thrown(() => planXclient({ NAME: 'x.example' }, options))).toStrictEqual(
        formatRefusal('OPTION_INVALID'),
      );
    },
  );

  it.each([['throw' as const], [undefined]])(
    'unannounced %j throws for an unannounced name',
    (mode) => {
      const options: FormatOptions =
        mode === undefined ? { announced: ['NAME'] } : { announced: ['NAME'], unannounced: mode };
      expect(thrown(() => planXclient({ NAME: 'x.example', DESTPORT: 25 }, options))).toStrictEqual(
        formatRefusal('FORMAT_NOT_ANNOUNCED', 'DESTPORT'),
      );
      expect(thrown(() => planXclient({ LOGIN: 'joe', ADDR: '192.0.2.1' }, options))).toStrictEqual(
        formatRefusal('FORMAT_NOT_ANNOUNCED', 'LOGIN'),
      );
      expect(planXclient({ NAME: 'x.example' }, options)).toEqual({
        lines: ['XCLIENT NAME=x.example'],
        omitted: [],
      });
    },
  );
});

describe('leaves out what the server did not announce, or refuses it', () => {
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

  // Issue #21: no code of the caller's runs; a name that is no string is a coded refusal.
  it('refuses announced names that are not strings, without calling their toString', () => {
    let called = false;
    const name = {
      toString: () => {
        called = true;
        return 'name';
      },
    } as unknown as string;
    expect(thrown(() => planXclient({ NAME: 'x.example' }, { announced: [name] }))).toMatchObject({
      code: 'OPTION_INVALID',
    });
    expect(called).toBe(false);
  });

  it('checks a value even when the attribute is left out', () => {
    expect(
      thrown(() => planXclient({ PORT: 70000 }, { announced: [], unannounced: 'omit' })),
    ).toMatchObject({ code: 'ATTR_BAD_VALUE', attribute: 'PORT' });
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
});

describe('puts one line in Postfix order', () => {
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
