// "Never throws", as the README defines it: every parser of the core, given any JavaScript
// value (sparse and far-sparse arrays, Proxies whose traps throw, a Uint8Array over a
// detached buffer, objects whose toString or getters throw, options that cannot be read),
// returns `{ ok: false, error }` with a coded XclientError, and every builder throws a coded
// XclientError, never a TypeError. Issue #21, item 5.
import { describe, expect, it } from 'vitest';
import { validateAttribute } from '../src/attributes.js';
import { formatXclient, parseXclient, planXclient } from '../src/command.js';
import { isXclientError, type XclientErrorCode } from '../src/errors.js';
import {
  formatXclientKeyword,
  formatXforwardKeyword,
  parseXclientKeyword,
  parseXforwardKeyword,
} from '../src/keyword.js';
import { classifyXclientReply, formatReply, parseReply, replyOctets } from '../src/reply.js';
import { formatXforward, parseXforward } from '../src/xforward.js';
import { decodeXtext, decodeXtextBytes } from '../src/xtext/decode.js';
import { encodeXtext } from '../src/xtext/encode.js';
import { fc, test } from './helpers/fc.js';
import {
  HOSTILE,
  HOSTILE_OPTIONS,
  hostileMaker,
  READABLE_OCTETS,
  sparse,
} from './helpers/hostile.js';

type Parse = (value: unknown) => { readonly ok: boolean; readonly error?: unknown };
const asParse = (f: (v: never) => unknown): Parse => f as unknown as Parse;

/** Each parser, and the codes a value it cannot read gives (the same as for a wrong type). */
const PARSERS: readonly (readonly [string, Parse, readonly XclientErrorCode[]])[] = [
  ['parseXclient', asParse(parseXclient), ['LINE_NOT_XCLIENT', 'LINE_EMPTY']],
  ['parseXforward', asParse(parseXforward), ['LINE_NOT_XCLIENT', 'LINE_EMPTY']],
  ['decodeXtext', asParse(decodeXtext), ['XTEXT_BAD_CHAR']],
  ['decodeXtextBytes', asParse(decodeXtextBytes), ['XTEXT_BAD_CHAR']],
  ['validateAttribute (name)', (v) => validateAttribute(v as string, 'x'), ['ATTR_UNKNOWN']],
  ['validateAttribute (value)', (v) => validateAttribute('LOGIN', v as string), ['ATTR_BAD_VALUE']],
  ['parseReply', asParse(parseReply), ['REPLY_BAD_TEXT']],
  ['parseXclientKeyword', asParse(parseXclientKeyword), ['KEYWORD_BAD_SYNTAX']],
  ['parseXforwardKeyword', asParse(parseXforwardKeyword), ['KEYWORD_BAD_SYNTAX']],
];

/** Each parser with options, called with a good input and the options given. */
const WITH_OPTIONS: readonly (readonly [string, (options: unknown) => unknown])[] = [
  ['parseXclient', (o) => parseXclient('XCLIENT NAME=a', o as never)],
  ['parseXforward', (o) => parseXforward('XFORWARD NAME=a', o as never)],
  ['decodeXtext', (o) => decodeXtext('a+20b', o as never)],
  ['decodeXtext (xchars only)', (o) => decodeXtext('ab', o as never)],
  ['decodeXtextBytes', (o) => decodeXtextBytes('a+20b', o as never)],
  ['validateAttribute', (o) => validateAttribute('NAME', 'a.example', o as never)],
];

/** Each builder, called with the hostile value where its input goes. */
const BUILDERS: readonly (readonly [string, (value: unknown) => unknown])[] = [
  ['formatXclient', (v) => formatXclient(v as never)],
  ['formatXclient (a value)', (v) => formatXclient({ LOGIN: v } as never)],
  ['planXclient (announced)', (v) => planXclient({ NAME: 'a' }, { announced: v as never })],
  ['formatXforward', (v) => formatXforward(v as never)],
  ['encodeXtext', (v) => encodeXtext(v as never)],
  ['formatReply', (v) => formatReply(v as never)],
  ['formatReply (text)', (v) => formatReply({ code: 250, text: v as never })],
  ['replyOctets', (v) => replyOctets(v as never)],
  ['formatXclientKeyword', (v) => formatXclientKeyword(v as never)],
  ['formatXforwardKeyword', (v) => formatXforwardKeyword(v as never)],
];

describe('parsers: a hostile value is a coded refusal, never an exception', () => {
  for (const [parser, parse, codes] of PARSERS) {
    it.each(HOSTILE)(`${parser}: %s`, (name, make) => {
      let r: ReturnType<Parse> | undefined;
      expect(() => {
        r = parse(make('250 ok'));
      }).not.toThrow();
      const result = r as ReturnType<Parse>;
      expect(result.ok).toBe(false);
      expect(isXclientError(result.error)).toBe(true);
      // Octets that can be read are read (four NULs are no command line).
      if (!READABLE_OCTETS.has(name)) {
        expect(codes).toContain((result.error as { code: XclientErrorCode }).code);
      }
    });
  }

  it('an array whose only element is at index 2**32-2 is refused at once (no walk)', () => {
    const far: string[] = [];
    far[2 ** 32 - 2] = '250 ok';
    // Not a time bound: a walk over 2**32 indexes would not end within the test's timeout.
    expect(parseReply(far)).toMatchObject({ ok: false, error: { code: 'REPLY_BAD_TEXT' } });
    expect(parseXclientKeyword(far)).toMatchObject({ ok: false });
  });

  it.each([
    ['[, "250 ok"]', sparse(2, { 1: '250 ok' })],
    ['new Array(3)', new Array(3)],
  ])('parseReply(%s) is REPLY_BAD_TEXT', (_name, input) => {
    expect(parseReply(input as string[])).toMatchObject({
      ok: false,
      error: { code: 'REPLY_BAD_TEXT', position: 0 },
    });
  });

  it('parseXclientKeyword(new Array(1)) is KEYWORD_BAD_SYNTAX', () => {
    expect(parseXclientKeyword(new Array(1))).toMatchObject({
      ok: false,
      error: { code: 'KEYWORD_BAD_SYNTAX' },
    });
  });

  it('isXclientError of a hostile value is false, never an exception', () => {
    for (const [, make] of HOSTILE) expect(isXclientError(make(''))).toBe(false);
    const branded = Object.create({ [Symbol.for('smtp-xclient.XclientError')]: true });
    expect(isXclientError(branded)).toBe(false);
  });

  it('classifyXclientReply of a hostile value is "rejected"', () => {
    for (const [, make] of HOSTILE) {
      expect(classifyXclientReply(make('') as never)).toBe('rejected');
    }
  });
});

describe('options that cannot be read are OPTION_INVALID', () => {
  for (const [parser, call] of WITH_OPTIONS) {
    it.each(HOSTILE_OPTIONS)(`${parser}: %s`, (_name, make) => {
      let r: unknown;
      expect(() => {
        r = call(make());
      }).not.toThrow();
      const result = r as { ok: boolean; error?: { code: string } };
      // A Proxy that has no own property gives no option: the defaults apply.
      if (!result.ok) expect(result.error?.code).toBe('OPTION_INVALID');
    });
  }

  it('a getter that throws on profile is OPTION_INVALID', () => {
    const options = {
      get profile(): never {
        throw new Error('hostile');
      },
    };
    for (const [, call] of WITH_OPTIONS) {
      expect(call(options)).toMatchObject({ ok: false, error: { code: 'OPTION_INVALID' } });
    }
  });

  it.each(HOSTILE_OPTIONS)('builders: %s throws a coded XclientError or is ignored', (_n, make) => {
    for (const build of [
      () => formatXclient({ NAME: 'a' }, make() as never),
      () => encodeXtext('a b', make() as never),
    ]) {
      try {
        build();
      } catch (e) {
        expect(isXclientError(e)).toBe(true);
        expect((e as { code: string }).code).toBe('OPTION_INVALID');
      }
    }
  });
});

describe('builders: a hostile value throws a coded XclientError, never a TypeError', () => {
  for (const [builder, build] of BUILDERS) {
    it.each(HOSTILE)(`${builder}: %s`, (name, make) => {
      let error: unknown;
      try {
        build(make('x'));
      } catch (e) {
        error = e;
      }
      // A detached buffer has no octets: encodeXtext encodes it as it encodes an empty one.
      if (builder === 'encodeXtext' && READABLE_OCTETS.has(name)) expect(error).toBeUndefined();
      else expect(isXclientError(error)).toBe(true);
    });
  }

  it('formatReply({ code: 250, text: 5 }) throws REPLY_BAD_TEXT instead of returning ""', () => {
    expect(() => formatReply({ code: 250, text: 5 as never })).toThrowError(
      expect.objectContaining({ code: 'REPLY_BAD_TEXT' }),
    );
  });

  it('formatReply(null) throws a coded XclientError', () => {
    expect(() => formatReply(null as never)).toThrowError(
      expect.objectContaining({ code: 'REPLY_BAD_CODE' }),
    );
  });
});

describe('properties', () => {
  test.prop([hostileMaker], { numRuns: 200 })('every parser, any hostile value', (make) => {
    for (const [, parse] of PARSERS) {
      const r = parse(make());
      if (!r.ok) expect(isXclientError(r.error)).toBe(true);
    }
  });

  test.prop(
    [
      fc.oneof(
        hostileMaker,
        fc.anything().map((v) => () => v),
      ),
    ],
    { numRuns: 200 },
  )('every builder, any hostile value: a coded XclientError or a result', (make) => {
    for (const [, build] of BUILDERS) {
      try {
        build(make());
      } catch (e) {
        expect(isXclientError(e)).toBe(true);
      }
    }
  });
});
