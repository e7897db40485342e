// Assertions written after reviewing Stryker's survivors for src/xtext.ts (docs/mutation.md):
// exact encodings, every warning's code, message and position per profile, complete failures.
import {
  decodeXtext,
  decodeXtextBytes,
  encodeXtext,
  isXclientError,
  type XtextDecodeOptions,
} from 'smtp-xclient';
import { describe, expect, it } from 'vitest';

type Profile = NonNullable<XtextDecodeOptions['profile']>;

const INVALID = { code: 501, enhanced: '5.5.4', text: 'Error: invalid xtext' };

const MESSAGES: Record<string, string> = {
  XTEXT_LOWERCASE_HEX: 'lower-case hex digits in an escape (RFC 3461 requires upper case)',
  XTEXT_RAW_OCTET: 'octet(s) that xtext requires to be escaped, taken as they are',
  XTEXT_RAW_PLUS: '"+" not followed by two hex digits, taken as itself',
  XTEXT_CONTROL_CHAR: 'decoded value holds a control character',
  XTEXT_FALLBACK: 'malformed escape: the whole value is used undecoded, as Postfix does',
  XTEXT_BAD_CHAR: 'octet not allowed in xtext (only "!".."~" except "+" and "=")',
  XTEXT_BAD_HEXCHAR: '"+" must be followed by two upper-case hex digits',
  XTEXT_LOWERCASE_HEXCHAR: 'hex digits after "+" must be upper case',
  XTEXT_TRUNCATED_HEXCHAR: '"+" at the end of the value needs two hex digits after it',
};

/** `'CODE@position'` → the complete warning. */
const warning = (w: string) => {
  const [code, at] = w.split('@') as [string, string];
  return { code, message: MESSAGES[code], position: Number(at) };
};

/** The complete error a decoder returns for `'CODE@position'`. */
const failureOf = (f: string) => {
  const [code, at] = f.split('@') as [string, string];
  return {
    code,
    message: `${MESSAGES[code]} at offset ${at}`,
    reply: INVALID,
    position: Number(at),
  };
};

/** The error of a result as a plain object, with only the keys it has. */
function errorOf(r: { ok: boolean; error?: unknown }): Record<string, unknown> {
  expect(r.ok).toBe(false);
  const e = r.error;
  if (!isXclientError(e)) throw new Error('not an XclientError');
  return {
    code: e.code,
    message: e.message,
    reply: e.reply,
    ...('position' in e ? { position: e.position } : {}),
    ...('attribute' in e ? { attribute: e.attribute } : {}),
  };
}

const utf8 = (s: string): number[] => [...new TextEncoder().encode(s)];

describe('encodeXtext: UTF-16 to UTF-8 at every length boundary', () => {
  it.each([
    ['\u007f', '+7F', '+7F'],
    ['\u0080', '+C2+80', '+C2+80'],
    ['é', '+C3+A9', '+C3+A9'],
    ['\u07ff', '+DF+BF', '+DF+BF'],
    ['\u0800', '+E0+A0+80', '+E0+A0+80'],
    ['€', '+E2+82+AC', '+E2+82+AC'],
    ['\ud7ff', '+ED+9F+BF', '+ED+9F+BF'],
    ['\ue000', '+EE+80+80', '+EE+80+80'],
    ['\uffff', '+EF+BF+BF', '+EF+BF+BF'],
    ['\ud800\udc00', '+F0+90+80+80', '+F0+90+80+80'],
    ['😀', '+F0+9F+98+80', '+F0+9F+98+80'],
    ['\udbff\udc00', '+F4+8F+B0+80', '+F4+8F+B0+80'],
    ['\udbff\udfff', '+F4+8F+BF+BF', '+F4+8F+BF+BF'],
    ['a "b"', 'a+20"b"', 'a+20+22b+22'],
    ['<a b>', '<a+20b>', '+3Ca+20b+3E'],
    ['\\ ', '\\+20', '+5C+20'],
    ['x+y=z', 'x+2By+3Dz', 'x+2By+3Dz'],
    ['\0\t\r\n\x1f', '+00+09+0D+0A+1F', '+00+09+0D+0A+1F'],
    ['ü"😀"é', '+C3+BC"+F0+9F+98+80"+C3+A9', '+C3+BC+22+F0+9F+98+80+22+C3+A9'],
    ['"<>\\', '"<>\\', '+22+3C+3E+5C'],
    ['!#[]~', '!#[]~', '!#[]~'],
  ])('%j → %s, token-safe %s', (text, plain, tokenSafe) => {
    expect(encodeXtext(text)).toBe(plain);
    expect(encodeXtext(text, {})).toBe(plain);
    expect(encodeXtext(text, { tokenSafe: false })).toBe(plain);
    expect(encodeXtext(text, { tokenSafe: 1 as unknown as boolean })).toBe(plain);
    expect(encodeXtext(text, { tokenSafe: true })).toBe(tokenSafe);
    expect(encodeXtext(new Uint8Array(utf8(text)))).toBe(plain);
    expect(encodeXtext(new Uint8Array(utf8(text)), { tokenSafe: true })).toBe(tokenSafe);
    expect(encodeXtext(Buffer.from(text))).toBe(plain);
  });

  it.each([
    ['\ud800', 'D800', 0],
    ['a\udbff', 'DBFF', 1],
    ['ab\udc00', 'DC00', 2],
    ['\udfff', 'DFFF', 0],
    ['x\udc00\ud800', 'DC00', 1], // a low surrogate first is no pair
    ['\ud800\ud800', 'D800', 0],
    ['é\ud800\ue000', 'D800', 1],
    ['\ud83d a', 'D83D', 0],
  ])('%j: lone surrogate U+%s at %d', (text, hex, at) => {
    for (const options of [undefined, { tokenSafe: true }]) {
      let error: unknown;
      try {
        encodeXtext(text, options);
      } catch (e) {
        error = e;
      }
      expect(errorOf({ ok: false, error })).toStrictEqual({
        code: 'XTEXT_INVALID_UTF16',
        message: `lone surrogate U+${hex} at offset ${at} has no UTF-8 form`,
        reply: INVALID,
        position: at,
      });
    }
  });

  it.each([
    [42, 'number'],
    [null, 'object'],
    [undefined, 'undefined'],
    [[0x41], 'object'],
    [new Uint16Array([0x41]), 'object'],
    [true, 'boolean'],
  ])('%j is refused', (value, type) => {
    let error: unknown;
    try {
      encodeXtext(value as unknown as string);
    } catch (e) {
      error = e;
    }
    expect(errorOf({ ok: false, error })).toStrictEqual({
      code: 'FORMAT_INVALID_INPUT',
      message: `encodeXtext expects a string or a Uint8Array, got ${type}`,
      reply: INVALID,
    });
  });

  it('encodes octets one by one, and nothing after the last', () => {
    expect(encodeXtext(new Uint8Array([]))).toBe('');
    expect(encodeXtext(new Uint8Array([0x22, 0x41, 0xe9]))).toBe('"A+E9');
    expect(encodeXtext(new Uint8Array([0x22, 0x41, 0xe9]), { tokenSafe: true })).toBe('+22A+E9');
    expect(encodeXtext(new Uint8Array([0x20]))).toBe('+20');
  });
});

interface Decoded {
  readonly value: string;
  readonly fallback?: boolean;
  readonly warnings?: readonly string[];
}

/** The expected successful decode of `text`: value as text and as octets, and warnings. */
function expectDecoded(text: string, profile: Profile | undefined, want: Decoded): void {
  const options = profile === undefined ? undefined : { profile };
  const warnings = (want.warnings ?? []).map(warning);
  const info = {
    fallback: want.fallback ?? false,
    hasControl: warnings.some((w) => w.code === 'XTEXT_CONTROL_CHAR'),
    warnings,
  };
  expect(decodeXtext(text, options)).toStrictEqual({ ok: true, value: want.value, ...info });
  expect(decodeXtextBytes(text, options)).toStrictEqual({
    ok: true,
    value: new Uint8Array(utf8(want.value)),
    ...info,
  });
}

describe('decodeXtext: the strict profile (the default)', () => {
  // [xtext, octets, text (undefined when the octets are not UTF-8)]
  it.each([
    ['', [], ''],
    ['abc', [0x61, 0x62, 0x63], 'abc'],
    ['+41', [0x41], 'A'],
    ['+30+39+3A', [0x30, 0x39, 0x3a], '09:'],
    ['+90', [0x90], undefined],
    ['+9F+AF+FA', [0x9f, 0xaf, 0xfa], undefined],
    ['+2B+3D+20', [0x2b, 0x3d, 0x20], '+= '],
    ['x+C3+A9y', [0x78, 0xc3, 0xa9, 0x79], 'xéy'],
    ['+E2+82+AC+F0+9F+98+80', utf8('€😀'), '€😀'],
  ])('%j → %j', (xtext, octets, value) => {
    const info = { fallback: false, hasControl: false, warnings: [] };
    for (const options of [undefined, { profile: 'strict' as const }]) {
      expect(decodeXtextBytes(xtext, options)).toStrictEqual({
        ok: true,
        value: new Uint8Array(octets),
        ...info,
      });
      if (value !== undefined) {
        expect(decodeXtext(xtext, options)).toStrictEqual({ ok: true, value, ...info });
      }
    }
  });

  it.each([
    ['+00', '\0', ['XTEXT_CONTROL_CHAR@0']],
    ['a+00', 'a\0', ['XTEXT_CONTROL_CHAR@1']],
    ['+7F+20+1F', '\x7f \x1f', ['XTEXT_CONTROL_CHAR@0', 'XTEXT_CONTROL_CHAR@6']],
    ['+0D+0A', '\r\n', ['XTEXT_CONTROL_CHAR@0', 'XTEXT_CONTROL_CHAR@3']],
    ['+7E+21', '~!', []],
    ['+20', ' ', []],
  ])('%j → %j with %j', (xtext, value, warnings) => {
    expectDecoded(xtext, undefined, { value, warnings });
    expectDecoded(xtext, 'strict', { value, warnings });
  });

  it.each([
    ['a+', 'XTEXT_TRUNCATED_HEXCHAR@1'],
    ['+', 'XTEXT_TRUNCATED_HEXCHAR@0'],
    ['a+4', 'XTEXT_TRUNCATED_HEXCHAR@1'],
    ['a+a', 'XTEXT_TRUNCATED_HEXCHAR@1'],
    ['a+G', 'XTEXT_BAD_HEXCHAR@1'],
    ['a+4G', 'XTEXT_BAD_HEXCHAR@1'],
    ['a+G4', 'XTEXT_BAD_HEXCHAR@1'],
    ['a+g1', 'XTEXT_BAD_HEXCHAR@1'],
    ['++41', 'XTEXT_BAD_HEXCHAR@0'],
    ['a+\x004', 'XTEXT_BAD_HEXCHAR@1'],
    ['a+4\x00', 'XTEXT_BAD_HEXCHAR@1'],
    ['a+\x00', 'XTEXT_BAD_HEXCHAR@1'],
    ['a+4a', 'XTEXT_LOWERCASE_HEXCHAR@1'],
    ['a+a4', 'XTEXT_LOWERCASE_HEXCHAR@1'],
    ['+ab', 'XTEXT_LOWERCASE_HEXCHAR@0'],
    ['+41+4a', 'XTEXT_LOWERCASE_HEXCHAR@3'],
    ['a b', 'XTEXT_BAD_CHAR@1'],
    ['a=b', 'XTEXT_BAD_CHAR@1'],
    ['\x7f', 'XTEXT_BAD_CHAR@0'],
    ['+41\x00+', 'XTEXT_BAD_CHAR@3'],
    ['aé', 'XTEXT_BAD_CHAR@1'],
    ['€+41 ', 'XTEXT_BAD_CHAR@0'],
    ['😀a+', 'XTEXT_BAD_CHAR@0'],
  ])('%j fails with %s', (xtext, f) => {
    for (const options of [undefined, { profile: 'strict' as const }]) {
      expect(errorOf(decodeXtext(xtext, options))).toStrictEqual(failureOf(f));
      expect(errorOf(decodeXtextBytes(xtext, options))).toStrictEqual(failureOf(f));
    }
  });
});

describe("decodeXtext: the 'postfix' profile", () => {
  it.each([
    ['+4a+a4+AA', [0x4a, 0xa4, 0xaa], ['XTEXT_LOWERCASE_HEX@0', 'XTEXT_LOWERCASE_HEX@3']],
    ['+af+FA+41', [0xaf, 0xfa, 0x41], ['XTEXT_LOWERCASE_HEX@0']],
    ['+9f+90', [0x9f, 0x90], ['XTEXT_LOWERCASE_HEX@0']],
  ])('%j → octets %j with %j', (xtext, octets, warnings) => {
    expect(decodeXtextBytes(xtext, { profile: 'postfix' })).toStrictEqual({
      ok: true,
      value: new Uint8Array(octets),
      fallback: false,
      hasControl: false,
      warnings: warnings.map(warning),
    });
  });

  it.each([
    ['a+2b', 'a+', ['XTEXT_LOWERCASE_HEX@1']],
    ['+4A+4b+4C', 'JKL', ['XTEXT_LOWERCASE_HEX@3']],
    ['+c3+A9', 'é', ['XTEXT_LOWERCASE_HEX@0']],
    ['+0a', '\n', ['XTEXT_LOWERCASE_HEX@0', 'XTEXT_CONTROL_CHAR@0']],
    [
      '+1f+7f+7e+20',
      '\x1f\x7f~ ',
      [
        'XTEXT_LOWERCASE_HEX@0',
        'XTEXT_CONTROL_CHAR@0',
        'XTEXT_LOWERCASE_HEX@3',
        'XTEXT_CONTROL_CHAR@3',
        'XTEXT_LOWERCASE_HEX@6',
      ],
    ],
    ['a b', 'a b', ['XTEXT_RAW_OCTET@1']],
    ['a  b c', 'a  b c', ['XTEXT_RAW_OCTET@1', 'XTEXT_RAW_OCTET@4']],
    ['u=1', 'u=1', ['XTEXT_RAW_OCTET@1']],
    [' +20 ', '   ', ['XTEXT_RAW_OCTET@0', 'XTEXT_RAW_OCTET@4']],
    ['\t\x01a', '\t\x01a', ['XTEXT_RAW_OCTET@0', 'XTEXT_CONTROL_CHAR@0', 'XTEXT_CONTROL_CHAR@1']],
    ['a\x7f', 'a\x7f', ['XTEXT_RAW_OCTET@1', 'XTEXT_CONTROL_CHAR@1']],
    ['é', 'é', ['XTEXT_RAW_OCTET@0']],
    ['aé b', 'aé b', ['XTEXT_RAW_OCTET@1']],
    ['€a€', '€a€', ['XTEXT_RAW_OCTET@0', 'XTEXT_RAW_OCTET@2']],
    ['😀+41 ', '😀A ', ['XTEXT_RAW_OCTET@0', 'XTEXT_RAW_OCTET@5']],
  ])('%j → %j with %j', (xtext, value, warnings) => {
    expectDecoded(xtext, 'postfix', { value, warnings });
  });

  it.each([
    ['a+', ['XTEXT_FALLBACK@1']],
    ['+', ['XTEXT_FALLBACK@0']],
    ['+G1', ['XTEXT_FALLBACK@0']],
    ['+41x+', ['XTEXT_FALLBACK@4']],
    ['+00+', ['XTEXT_FALLBACK@3']], // the +00 is not decoded: no control character
    ['a+2b+', ['XTEXT_FALLBACK@4']], // nor is +2b: no lower-case warning
    ['a b+', ['XTEXT_RAW_OCTET@1', 'XTEXT_FALLBACK@3']],
    ['\x01+', ['XTEXT_RAW_OCTET@0', 'XTEXT_CONTROL_CHAR@0', 'XTEXT_FALLBACK@1']],
    ['a\x01+', ['XTEXT_RAW_OCTET@1', 'XTEXT_CONTROL_CHAR@1', 'XTEXT_FALLBACK@2']],
    [
      'ab\t\n+x',
      ['XTEXT_RAW_OCTET@2', 'XTEXT_CONTROL_CHAR@2', 'XTEXT_CONTROL_CHAR@3', 'XTEXT_FALLBACK@4'],
    ],
    ['é+', ['XTEXT_RAW_OCTET@0', 'XTEXT_FALLBACK@1']],
    ['😀a+4', ['XTEXT_RAW_OCTET@0', 'XTEXT_FALLBACK@3']],
    // raw octets after the malformed escape are warned about as those before it
    ['a+ b', ['XTEXT_FALLBACK@1', 'XTEXT_RAW_OCTET@2']],
    ['+x\x01 é', ['XTEXT_FALLBACK@0', 'XTEXT_RAW_OCTET@2', 'XTEXT_CONTROL_CHAR@2']],
    [
      'a +G b+41 c',
      ['XTEXT_RAW_OCTET@1', 'XTEXT_FALLBACK@2', 'XTEXT_RAW_OCTET@4', 'XTEXT_RAW_OCTET@9'],
    ],
    ['+ +', ['XTEXT_FALLBACK@0', 'XTEXT_RAW_OCTET@1']],
  ])('%j falls back to itself with %j', (xtext, warnings) => {
    expectDecoded(xtext, 'postfix', { value: xtext, fallback: true, warnings });
  });

  it('reports every raw control character of a fallback value, with its position', () => {
    const r = decodeXtext('a+G\x01', { profile: 'postfix' });
    expect(r.ok && r.value).toBe('a+G\x01');
    expect(r.ok && r.fallback).toBe(true);
    expect(r.ok && r.hasControl).toBe(true);
    expect(r.ok && r.warnings.map((w) => `${w.code}@${w.position}`)).toEqual(
      expect.arrayContaining(['XTEXT_FALLBACK@1', 'XTEXT_CONTROL_CHAR@3']),
    );
  });
});

describe("decodeXtext: the 'lenient' profile", () => {
  it.each([
    ['a+', 'a+', ['XTEXT_RAW_PLUS@1']],
    ['+', '+', ['XTEXT_RAW_PLUS@0']],
    ['++41', '+A', ['XTEXT_RAW_PLUS@0']],
    ['a+4', 'a+4', ['XTEXT_RAW_PLUS@1']],
    ['+G1+4', '+G1+4', ['XTEXT_RAW_PLUS@0', 'XTEXT_RAW_PLUS@3']],
    ['u=1+2', 'u=1+2', ['XTEXT_RAW_OCTET@1', 'XTEXT_RAW_PLUS@3']],
    [' + ', ' + ', ['XTEXT_RAW_OCTET@0', 'XTEXT_RAW_PLUS@1', 'XTEXT_RAW_OCTET@2']],
    ['a+2b', 'a+', ['XTEXT_LOWERCASE_HEX@1']],
    ['+4a+', 'J+', ['XTEXT_LOWERCASE_HEX@0', 'XTEXT_RAW_PLUS@3']],
    ['+00', '\0', ['XTEXT_CONTROL_CHAR@0']],
    ['\x00\x01', '\x00\x01', ['XTEXT_RAW_OCTET@0', 'XTEXT_CONTROL_CHAR@0', 'XTEXT_CONTROL_CHAR@1']],
    ['é+4', 'é+4', ['XTEXT_RAW_OCTET@0', 'XTEXT_RAW_PLUS@1']],
    ['😀+', '😀+', ['XTEXT_RAW_OCTET@0', 'XTEXT_RAW_PLUS@2']],
    ['a b c', 'a b c', ['XTEXT_RAW_OCTET@1', 'XTEXT_RAW_OCTET@3']],
  ])('%j → %j with %j', (xtext, value, warnings) => {
    expectDecoded(xtext, 'lenient', { value, warnings });
  });

  // Positions are code-unit offsets into the string, whatever the UTF-8 length of what precedes.
  it.each([
    ['\u0080', 1],
    ['é', 1],
    ['\u07ff', 1],
    ['\u0800', 1],
    ['€', 1],
    ['\ud7ff', 1],
    ['\ue000', 1],
    ['\uffff', 1],
    ['\ud800\udc00', 2],
    ['😀', 2],
    ['\udbff\udfff', 2],
    ['é€😀', 4],
    ['😀😀', 4],
  ])('after %j (%d code units) a "+" is at its code-unit offset', (prefix, units) => {
    expectDecoded(`${prefix}a+`, 'lenient', {
      value: `${prefix}a+`,
      warnings: ['XTEXT_RAW_OCTET@0', `XTEXT_RAW_PLUS@${units + 1}`],
    });
    expectDecoded(`a${prefix}+ `, 'lenient', {
      value: `a${prefix}+ `,
      warnings: [
        'XTEXT_RAW_OCTET@1',
        `XTEXT_RAW_PLUS@${units + 1}`,
        `XTEXT_RAW_OCTET@${units + 2}`,
      ],
    });
    expect(errorOf(decodeXtext(`${prefix}`, { profile: 'strict' }))).toStrictEqual(
      failureOf('XTEXT_BAD_CHAR@0'),
    );
    expect(errorOf(decodeXtext(`ab${prefix}`))).toStrictEqual(failureOf('XTEXT_BAD_CHAR@2'));
    expect(errorOf(decodeXtext(`+41+42${prefix}`))).toStrictEqual(failureOf('XTEXT_BAD_CHAR@6'));
    expectDecoded(`${prefix}+`, 'postfix', {
      value: `${prefix}+`,
      fallback: true,
      warnings: ['XTEXT_RAW_OCTET@0', `XTEXT_FALLBACK@${units}`],
    });
  });
});

describe('decodeXtext: decoded octets that are not UTF-8', () => {
  it.each([
    ['caf+E9', undefined, 3],
    ['+E9', undefined, 0],
    ['+41+42+E9', undefined, 6],
    ['x12+E9', undefined, 3],
    ['+C3+A9+C3', 'strict', 6],
    ['+C3+28', 'strict', 0],
    ['+4a+e9', 'postfix', 3],
    ['é+E9', 'lenient', 1],
    ['😀+E9', 'postfix', 2],
    ['+ +E9', 'lenient', 2],
    ['+4+E9', 'lenient', 2],
    ['++E9', 'lenient', 1],
    ['a b+e9', 'lenient', 3],
    ['+G1+E9', 'lenient', 3], // '+G1' is no escape: three octets, not one
    ['+1G+E9', 'lenient', 3],
  ] as const)('%j (%s) fails at %d', (xtext, profile, at) => {
    const options = profile === undefined ? undefined : { profile };
    expect(errorOf(decodeXtext(xtext, options))).toStrictEqual({
      code: 'XTEXT_INVALID_UTF8',
      message: `decoded octets are not valid UTF-8 (from offset ${at})`,
      reply: INVALID,
      position: at,
    });
    expect(decodeXtextBytes(xtext, options).ok).toBe(true);
  });
});

describe('decodeXtext: input that is not a well-formed string', () => {
  it.each([
    [42, 'number'],
    [undefined, 'undefined'],
    [null, 'object'],
    [['abc'], 'object'],
    [new Uint8Array([0x41]), 'object'],
  ])('%j', (value, type) => {
    const error = {
      code: 'XTEXT_BAD_CHAR',
      message: `xtext must be a string, got ${type}`,
      reply: INVALID,
      position: 0,
    };
    for (const profile of [undefined, 'strict', 'postfix', 'lenient'] as const) {
      const options = profile === undefined ? undefined : { profile };
      expect(errorOf(decodeXtext(value as unknown as string, options))).toStrictEqual(error);
      expect(errorOf(decodeXtextBytes(value as unknown as string, options))).toStrictEqual(error);
    }
  });

  it.each([
    ['\ud800', 0],
    ['ab\udc00', 2],
    ['é+41\udbff', 4],
    ['\ud800\udc00\udc00', 2],
  ])('%j has a lone surrogate at %d', (text, at) => {
    const error = {
      code: 'XTEXT_INVALID_UTF16',
      message: `lone surrogate at offset ${at}: the text is not valid Unicode`,
      reply: INVALID,
      position: at,
    };
    for (const profile of [undefined, 'strict', 'postfix', 'lenient'] as const) {
      const options = profile === undefined ? undefined : { profile };
      expect(errorOf(decodeXtext(text, options))).toStrictEqual(error);
      expect(errorOf(decodeXtextBytes(text, options))).toStrictEqual(error);
    }
  });
});

describe('decodeXtext: text made only of xchars is its own value in every profile', () => {
  it.each([['abc'], ['[UNAVAILABLE]'], ['!"#$%&\'()*,-./09:;<>?@AZ[\\]^_`az{|}~']])(
    '%j',
    (text) => {
      for (const profile of [undefined, 'strict', 'postfix', 'lenient'] as const) {
        expectDecoded(text, profile, { value: text });
      }
    },
  );

  it('an empty string', () => {
    for (const profile of [undefined, 'strict', 'postfix', 'lenient'] as const) {
      expectDecoded('', profile, { value: '' });
    }
  });
});

describe('decodeXtextBytes: long values (outside the scratch buffer)', () => {
  it('decodes a value of several kilobytes with the right positions', () => {
    const long = `${'+41'.repeat(2000)}${'é'.repeat(2000)}+`;
    expectDecoded(long, 'lenient', {
      value: `${'A'.repeat(2000)}${'é'.repeat(2000)}+`,
      warnings: ['XTEXT_RAW_OCTET@6000', 'XTEXT_RAW_PLUS@8000'],
    });
  });
});

describe('decodeXtextBytes: every value is its own array', () => {
  it('a later call does not change the octets of an earlier result', () => {
    const cases = [
      ['a+', 'postfix'],
      ['b c', 'postfix'],
      ['+41 ', 'lenient'],
      ['é+C3+A9', 'lenient'],
      ['xyz', 'strict'],
    ] as const;
    const results = cases.map(([xtext, profile]) => decodeXtextBytes(xtext, { profile }));
    decodeXtextBytes('ZZZZZZZZ+5A', { profile: 'postfix' });
    decodeXtextBytes('YYYYYYYY+', { profile: 'postfix' });
    expect(results.map((r) => (r.ok ? [...r.value] : r.error.code))).toEqual([
      [0x61, 0x2b],
      [0x62, 0x20, 0x63],
      [0x41, 0x20],
      [0xc3, 0xa9, 0xc3, 0xa9],
      [0x78, 0x79, 0x7a],
    ]);
  });
});
