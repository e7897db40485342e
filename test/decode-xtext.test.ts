// decodeXtextBytes and decodeXtext: the same reading of xtext in each profile, to octets or to
// a string (which must then be UTF-8). Most rows check both.
import {
  decodeXtext,
  decodeXtextBytes,
  encodeXtext,
  isXclientError,
  type XtextDecodeOptions,
} from 'smtp-xclient';
import { describe, expect, it } from 'vitest';
import { codePoint, fc, test as fcTest } from './helpers/fc.js';

type Profile = NonNullable<XtextDecodeOptions['profile']>;

const PROFILES_AND_DEFAULT = [undefined, 'strict', 'postfix', 'lenient'] as const;
const INVALID = { code: 501, enhanced: '5.5.4', text: 'Error: invalid xtext' };
const XTEXT_ALPHABET = /^(?:[!-*,-<>-~]|\+[0-9A-F]{2})*$/;

const ascii = (s: string): Uint8Array => new Uint8Array([...s].map((c) => c.charCodeAt(0)));
const utf8 = (s: string): number[] => [...new TextEncoder().encode(s)];

/** `'CODE@position'` → the warning, as compared (its text is for people, not pinned). */
const warning = (w: string) => {
  const [code, at] = w.split('@') as [string, string];
  return { code, position: Number(at) };
};

/** The complete error a decoder returns for `'CODE@position'`, but its message. */
const failureOf = (f: string) => {
  const [code, at] = f.split('@') as [string, string];
  return { code, reply: INVALID, position: Number(at) };
};

/** The error of a result as a plain object, with only the keys it has (but its message). */
function errorOf(r: { ok: boolean; error?: unknown }): Record<string, unknown> {
  expect(r.ok).toBe(false);
  const e = r.error;
  if (!isXclientError(e)) throw new Error('not an XclientError');
  return {
    code: e.code,
    reply: e.reply,
    ...('position' in e ? { position: e.position } : {}),
    ...('attribute' in e ? { attribute: e.attribute } : {}),
  };
}

/** A successful result with each warning's message left out (every other key is kept). */
function withoutMessages<R extends { ok: boolean; warnings?: readonly object[] }>(r: R): R {
  if (!r.ok || r.warnings === undefined) return r;
  return {
    ...r,
    warnings: r.warnings.map((w) => {
      const { message: _message, ...rest } = w as { message?: string };
      return rest;
    }),
  };
}

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
  expect(withoutMessages(decodeXtext(text, options))).toStrictEqual({
    ok: true,
    value: want.value,
    ...info,
  });
  expect(withoutMessages(decodeXtextBytes(text, options))).toStrictEqual({
    ok: true,
    value: new Uint8Array(utf8(want.value)),
    ...info,
  });
}

/** `'CODE@position'` of a failed result, or 'accepted'. */
const fails = (r: { ok: boolean; error?: { code: string; position?: number } }) =>
  r.ok ? 'accepted' : `${r.error?.code}@${r.error?.position}`;

// -------------------------------------------------------------------------------------------

describe("'strict' (the default): RFC 3461", () => {
  it.each([
    ['', []],
    ['abc', [0x61, 0x62, 0x63]],
    ['+2B', [0x2b]],
    ['+00', [0]],
    ['+FF+80', [0xff, 0x80]],
    ['a+20b', [0x61, 0x20, 0x62]],
  ])('decodeXtextBytes(%j) → %j', (xtext, expected) => {
    const r = decodeXtextBytes(xtext);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect([...r.value]).toEqual(expected);
      expect(r.fallback).toBe(false);
    }
  });

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
  ])('%j → %j, as text %j; no warning', (xtext, octets, value) => {
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
  ])('decoded controls are warned about at their escape: %j → %j with %j', (xtext, value, w) => {
    expectDecoded(xtext, undefined, { value, warnings: w });
    expectDecoded(xtext, 'strict', { value, warnings: w });
  });

  it('reports decoded control characters with their positions, and hasControl', () => {
    const r = decodeXtextBytes('x+0D+0AMAIL');
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.hasControl).toBe(true);
      expect(r.warnings.map((w) => [w.code, w.position])).toEqual([
        ['XTEXT_CONTROL_CHAR', 1],
        ['XTEXT_CONTROL_CHAR', 4],
      ]);
    }
    const clean = decodeXtextBytes('x+41');
    expect(clean.ok && clean.hasControl).toBe(false);
    const del = decodeXtextBytes('+7F');
    expect(del.ok && del.hasControl).toBe(true);
  });

  it('decodeXtext keeps the control flag', () => {
    const r = decodeXtext('HELO+0D+0A');
    expect(r.ok && r.hasControl).toBe(true);
  });

  it.each([
    // [xtext, code, position]
    ['a+2b', 'XTEXT_LOWERCASE_HEXCHAR', 1],
    ['+aB', 'XTEXT_LOWERCASE_HEXCHAR', 0],
    ['+G1', 'XTEXT_BAD_HEXCHAR', 0],
    ['+1G', 'XTEXT_BAD_HEXCHAR', 0],
    ['++41', 'XTEXT_BAD_HEXCHAR', 0],
    ['ab+', 'XTEXT_TRUNCATED_HEXCHAR', 2],
    ['ab+4', 'XTEXT_TRUNCATED_HEXCHAR', 2],
    ['ab+G', 'XTEXT_BAD_HEXCHAR', 2],
    ['a=b', 'XTEXT_BAD_CHAR', 1],
    ['a b', 'XTEXT_BAD_CHAR', 1],
    ['a\tb', 'XTEXT_BAD_CHAR', 1],
    ['\x7f', 'XTEXT_BAD_CHAR', 0],
    ['ab\x80', 'XTEXT_BAD_CHAR', 2],
    ['abé', 'XTEXT_BAD_CHAR', 2],
    ['a+41é+4', 'XTEXT_BAD_CHAR', 4],
    ['a+4é', 'XTEXT_BAD_HEXCHAR', 1],
    ['a\uD800', 'XTEXT_INVALID_UTF16', 1],
  ])('decodeXtextBytes(%j) fails with %s at %d', (xtext, code, position) => {
    const r = decodeXtextBytes(xtext);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe(code);
      expect(r.error.position).toBe(position);
      expect(r.error.reply).toEqual(INVALID);
    }
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
  ])('%j fails with %s (both functions, the complete error)', (xtext, f) => {
    for (const options of [undefined, { profile: 'strict' as const }]) {
      expect(errorOf(decodeXtext(xtext, options))).toStrictEqual(failureOf(f));
      expect(errorOf(decodeXtextBytes(xtext, options))).toStrictEqual(failureOf(f));
    }
  });

  it('decodeXtext passes strict-profile errors through', () => {
    const r = decodeXtext('a b');
    expect(!r.ok && r.error.code).toBe('XTEXT_BAD_CHAR');
  });

  fcTest.prop([fc.string({ unit: 'binary-ascii', maxLength: 100 })])(
    'strict accepts exactly the RFC 3461 language',
    (s) => {
      const r = decodeXtextBytes(s);
      expect(r.ok).toBe(XTEXT_ALPHABET.test(s));
    },
  );

  fcTest.prop([fc.uint8Array({ maxLength: 50 })])(
    'hasControl is true exactly when a control octet was decoded',
    (b) => {
      const r = decodeXtextBytes(encodeXtext(b));
      expect(r.ok && r.hasControl).toBe(b.some((o) => o < 0x20 || o === 0x7f));
    },
  );
});

describe("'postfix' (docs/spec/postfix.md §3): lower-case hex, raw octets, and the fallback to the raw text", () => {
  const postfix = { profile: 'postfix' } as const;

  it.each([
    // [xtext, decoded, fallback]  — every xtext case of docs/spec/postfix.md §3
    ['+2b', '+', false],
    ['+2B', '+', false],
    ['a=b', 'a=b', false],
    ['a b', 'a b', false],
    ['a+', 'a+', true],
    ['+G1', '+G1', true],
    ['+1G', '+1G', true],
    ['++41', '++41', true],
    ['+1', '+1', true],
    ['+41 x+', '+41 x+', true],
    ['x.example+3DADDR+3D1.2.3.4', 'x.example=ADDR=1.2.3.4', false],
    ['+5BUNAVAILABLE+5D', '[UNAVAILABLE]', false],
    ['+45SMTP', 'ESMTP', false],
    ['192+2E0+2E2+2E1', '192.0.2.1', false],
  ])('docs/spec/postfix.md §3: %j → %j (fallback %s)', (xtext, decoded, fallback) => {
    const r = decodeXtextBytes(xtext, postfix);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect([...r.value]).toEqual([...ascii(decoded)]);
      expect(r.fallback).toBe(fallback);
      expect(r.warnings.some((w) => w.code === 'XTEXT_FALLBACK')).toBe(fallback);
    }
  });

  it.each([
    ['+4a+a4+AA', [0x4a, 0xa4, 0xaa], ['XTEXT_LOWERCASE_HEX@0', 'XTEXT_LOWERCASE_HEX@3']],
    ['+af+FA+41', [0xaf, 0xfa, 0x41], ['XTEXT_LOWERCASE_HEX@0']],
    ['+9f+90', [0x9f, 0x90], ['XTEXT_LOWERCASE_HEX@0']],
  ])('lower-case hex: %j → octets %j with %j', (xtext, octets, warnings) => {
    expect(withoutMessages(decodeXtextBytes(xtext, postfix))).toStrictEqual({
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

  it('passes raw octets through and reports them', () => {
    const r = decodeXtextBytes('é+41', postfix);
    expect(r.ok && [...r.value]).toEqual([0xc3, 0xa9, 0x41]);
    expect(r.ok && r.warnings.map((w) => [w.code, w.position])).toEqual([['XTEXT_RAW_OCTET', 0]]);
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
  ])('a malformed escape: %j falls back to itself with %j', (xtext, warnings) => {
    expectDecoded(xtext, 'postfix', { value: xtext, fallback: true, warnings });
  });

  it('reports the position of the escape that caused the fallback', () => {
    const r = decodeXtextBytes('ab+4', postfix);
    expect(r.ok && r.warnings[0]).toMatchObject({ code: 'XTEXT_FALLBACK', position: 2 });
  });

  it('reports controls in a fallback value too', () => {
    const r = decodeXtextBytes('a\tb+', postfix);
    expect(r.ok && r.hasControl).toBe(true);
    expect(r.ok && r.warnings.map((w) => w.code)).toEqual([
      'XTEXT_RAW_OCTET',
      'XTEXT_CONTROL_CHAR',
      'XTEXT_FALLBACK',
    ]);
  });

  it('reports every raw control character of a fallback value, with its position', () => {
    const r = decodeXtext('a+G\x01', postfix);
    expect(r.ok && r.value).toBe('a+G\x01');
    expect(r.ok && r.fallback).toBe(true);
    expect(r.ok && r.hasControl).toBe(true);
    expect(r.ok && r.warnings.map((w) => `${w.code}@${w.position}`)).toEqual(
      expect.arrayContaining(['XTEXT_FALLBACK@1', 'XTEXT_CONTROL_CHAR@3']),
    );
  });

  fcTest.prop([fc.string({ unit: 'binary-ascii', maxLength: 100 })])(
    "'postfix' either decodes like strict-with-lowercase or falls back to the raw text",
    (s) => {
      const r = decodeXtextBytes(s, postfix);
      expect(r.ok).toBe(true);
      if (r.ok && r.fallback) expect(r.value).toEqual(ascii(s));
    },
  );
});

describe("'lenient': raw octets and a raw '+' are taken, with warnings", () => {
  const lenient = { profile: 'lenient' } as const;

  it.each([
    // [xtext, decoded, warning codes]
    ['u=1+2', 'u=1+2', ['XTEXT_RAW_OCTET', 'XTEXT_RAW_PLUS']],
    ['bob smith+2Btag', 'bob smith+tag', ['XTEXT_RAW_OCTET']],
    ['a+2b', 'a+', ['XTEXT_LOWERCASE_HEX']],
    ['a+', 'a+', ['XTEXT_RAW_PLUS']],
    ['+41', 'A', []],
    ['a\tb', 'a\tb', ['XTEXT_RAW_OCTET', 'XTEXT_CONTROL_CHAR']],
  ])('decodeXtextBytes(%j) → %j with %j', (xtext, decoded, codes) => {
    const r = decodeXtextBytes(xtext, lenient);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect([...r.value]).toEqual([...ascii(decoded)]);
      expect(r.warnings.map((w) => w.code)).toEqual(codes);
      expect(r.fallback).toBe(false);
    }
  });

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

  it('reports one warning per run of raw octets (swaks sends UTF-8 raw)', () => {
    const r = decodeXtext('пользователь', lenient);
    expect(r.ok && r.value).toBe('пользователь');
    expect(r.ok && r.warnings).toEqual([
      expect.objectContaining({ code: 'XTEXT_RAW_OCTET', position: 0 }),
    ]);
  });

  it('positions count code units of the input string', () => {
    const r = decodeXtext('é+2b', lenient);
    expect(r.ok && r.warnings.map((w) => [w.code, w.position])).toEqual([
      ['XTEXT_RAW_OCTET', 0],
      ['XTEXT_LOWERCASE_HEX', 1],
    ]);
  });
});

describe('positions are code-unit offsets into the string, in every profile', () => {
  // Whatever the UTF-8 length of what precedes.
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
  ])('after %j (%d code units)', (prefix, units) => {
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

describe('decodeXtext: decoded octets must be UTF-8 (XTEXT_INVALID_UTF8), never mojibake', () => {
  it.each([
    ['bob+20smith+2Btag+3Dx@example.com', 'bob smith+tag=x@example.com'],
    ['j+C3+BCrgen@ex+C3+A4mple.com', 'jürgen@exämple.com'],
    ['+E2+82+AC', '€'],
    ['+F0+9F+98+80', '😀'],
    ['', ''],
  ])('%j → %j', (xtext, text) => {
    const r = decodeXtext(xtext);
    expect(r.ok && r.value).toBe(text);
  });

  it.each([
    ['+F0+90+80+80', '\u{10000}'],
    ['+F4+8F+BF+BF', '\u{10FFFF}'],
    ['+E0+A0+80', '\u0800'],
    ['+ED+9F+BF', '\uD7FF'],
    ['+EE+80+80', '\uE000'],
    ['+C2+80', '\u0080'],
    ['+DF+BF', '\u07FF'],
  ])('the edges of each UTF-8 length are well formed: %j', (xtext, text) => {
    expect(decodeXtext(xtext)).toMatchObject({ ok: true, value: text });
  });

  it.each([
    // [xtext, position of the escape that produced the first bad octet]
    ['caf+E9', 3],
    ['ab+C3', 2],
    ['+C3+28', 0],
    ['+ED+A0+80', 0], // an encoded surrogate
    ['+C0+80', 0], // overlong NUL
    ['+F4+90+80+80', 0], // above U+10FFFF
    ['ok+F0+9F+98', 2], // truncated sequence
  ])('%j is invalid UTF-8 at %d', (xtext, position) => {
    const r = decodeXtext(xtext);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('XTEXT_INVALID_UTF8');
      expect(r.error.position).toBe(position);
    }
  });

  it.each([
    ['+F0+80+80+80', 0], // overlong 4-octet form: F0 needs 90..BF next
    ['+F0+8F+BF+BF', 0],
    ['+F4+90+80+80', 0], // above U+10FFFF
    ['+E0+80+80', 0], // overlong 3-octet form
    ['+ED+A0+80', 0], // a surrogate
    ['+E2+82A', 0], // a third octet that is no continuation
    ['+E2+82+C0', 0],
    ['+F0+9F+98A', 0], // a fourth octet that is no continuation
    ['+F0+9F+98+C0', 0],
    ['a+C3', 1], // truncated at the end
    ['+C1+BF', 0], // overlong 2-octet form
    ['+F5+80+80+80', 0],
  ])('ill-formed sequence %j: an error at %d, not an exception; the octets are fine', (x, at) => {
    expect(() => decodeXtext(x)).not.toThrow();
    expect(fails(decodeXtext(x))).toBe(`XTEXT_INVALID_UTF8@${at}`);
    expect(decodeXtextBytes(x).ok).toBe(true);
  });

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
  ] as const)('%j (%s) fails at %d: the complete error', (xtext, profile, at) => {
    const options = profile === undefined ? undefined : { profile };
    expect(errorOf(decodeXtext(xtext, options))).toStrictEqual({
      code: 'XTEXT_INVALID_UTF8',
      reply: INVALID,
      position: at,
    });
    expect(decodeXtextBytes(xtext, options).ok).toBe(true);
  });

  it('maps positions through raw non-ASCII input in the lenient profile', () => {
    const r = decodeXtext('é+FF', { profile: 'lenient' });
    expect(!r.ok && [r.error.code, r.error.position]).toEqual(['XTEXT_INVALID_UTF8', 1]);
  });
});

describe('input that is not a well-formed string: an error, never an exception', () => {
  it('decodeXtextBytes of undefined', () => {
    const r = decodeXtextBytes(undefined as unknown as string);
    expect(r.ok).toBe(false);
  });

  it.each([[42], [undefined], [null], [['abc']], [new Uint8Array([0x41])]])(
    '%j is XTEXT_BAD_CHAR at 0, in every profile',
    (value) => {
      const error = { code: 'XTEXT_BAD_CHAR', reply: INVALID, position: 0 };
      for (const profile of PROFILES_AND_DEFAULT) {
        const options = profile === undefined ? undefined : { profile };
        expect(errorOf(decodeXtext(value as unknown as string, options))).toStrictEqual(error);
        expect(errorOf(decodeXtextBytes(value as unknown as string, options))).toStrictEqual(error);
      }
    },
  );

  it.each([
    ['\ud800', 0],
    ['ab\udc00', 2],
    ['é+41\udbff', 4],
    ['\ud800\udc00\udc00', 2],
    ['\uDC00\uDC00', 0], // a low surrogate is no pair's first half, even before another low one
    ['a\uDFFF\uDC00', 1],
    ['\uD800\uE000', 0], // U+E000 is above the low surrogates: no pair
    ['\uDBFF\uFFFF', 0],
    ['\uD800\uDBFF', 0], // two high surrogates
  ])('%j has a lone surrogate at %d: XTEXT_INVALID_UTF16 in every profile', (text, at) => {
    const error = { code: 'XTEXT_INVALID_UTF16', reply: INVALID, position: at };
    for (const profile of PROFILES_AND_DEFAULT) {
      const options = profile === undefined ? undefined : { profile };
      expect(errorOf(decodeXtext(text, options))).toStrictEqual(error);
      expect(errorOf(decodeXtextBytes(text, options))).toStrictEqual(error);
    }
  });

  fcTest.prop([
    fc.string({ unit: codePoint, maxLength: 200 }),
    fc.constantFrom('strict', 'postfix', 'lenient'),
  ])('decoders never throw, whatever string they get', (s, profile) => {
    const a = decodeXtextBytes(s, { profile });
    const b = decodeXtext(s, { profile });
    expect(typeof a.ok).toBe('boolean');
    expect(typeof b.ok).toBe('boolean');
    if (!a.ok) expect(a.error.position).toBeLessThanOrEqual(s.length);
  });
});

describe('text made only of xchars is its own value in every profile', () => {
  it.each([['abc'], ['[UNAVAILABLE]'], ['!"#$%&\'()*,-./09:;<>?@AZ[\\]^_`az{|}~']])(
    '%j',
    (text) => {
      for (const profile of PROFILES_AND_DEFAULT) {
        expectDecoded(text, profile, { value: text });
      }
    },
  );

  it('an empty string', () => {
    for (const profile of PROFILES_AND_DEFAULT) {
      expectDecoded('', profile, { value: '' });
    }
  });
});

describe('long values are read whole, and every result is its own', () => {
  it('a value of several kilobytes, with the right positions', () => {
    const long = `${'+41'.repeat(2000)}${'é'.repeat(2000)}+`;
    expectDecoded(long, 'lenient', {
      value: `${'A'.repeat(2000)}${'é'.repeat(2000)}+`,
      warnings: ['XTEXT_RAW_OCTET@6000', 'XTEXT_RAW_PLUS@8000'],
    });
  });

  // A string's octets are read in a shared buffer up to 4096 code units, and beyond that in a
  // buffer of their own: nothing may be cut off.
  it.each([
    ['a', 13000, 'a'],
    ['+C3+A9', 3000, '\u00e9'],
    ['ab+41', 3000, 'abA'],
    ['+E2+82+AC', 1400, '\u20ac'],
    ['+F0+9F+98+80', 1100, '\u{1f600}'],
  ])('decodeXtext(%j × %i)', (xtext, count, text) => {
    const r = decodeXtext(xtext.repeat(count));
    expect(r).toMatchObject({ ok: true, fallback: false });
    if (r.ok) expect(r.value).toBe(text.repeat(count));
  });

  it('a decoded value does not change when the next string is decoded', () => {
    const first = decodeXtext('caf+C3+A9');
    const second = decodeXtext('+E2+82+ACxyz');
    expect(first).toMatchObject({ ok: true, value: 'caf\u00e9' });
    expect(second).toMatchObject({ ok: true, value: '\u20acxyz' });
  });

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

describe('messages: each names what is wrong, and where', () => {
  // Messages are for people and their prose is not pinned; but each must say something, and
  // carry what the code has at hand: the offset, the type or profile given.
  it.each<[string, unknown, unknown, readonly string[]]>([
    // [label, text, options, what the message must contain]
    ['a bad profile: the one given', 'a', { profile: 'lax' }, ['"lax"']],
    ['a bad profile that is no string', 'a', { profile: 7 }, ['7']],
    ['not a string: its type', 42, undefined, ['number']],
    ['a lone surrogate: its offset', 'abc\uD800', undefined, ['3']],
    ['a bad hexchar: its offset', 'ab+4G', undefined, ['2']],
    ['a bad character: its offset', 'abc d', undefined, ['3']],
    [
      'a character that is no xchar, after one: its offset in code units',
      'a\u00e9\u00e9',
      undefined,
      ['1'],
    ],
    ['decoded octets that are not UTF-8: the offset', 'abcd+E9', undefined, ['4']],
  ])('%s', (_label, text, options, parts) => {
    const r = decodeXtext(text as string, options as never);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message.trim()).not.toBe('');
    for (const part of parts) expect(r.error.message).toContain(part);
    expect(r.error.message).not.toContain('undefined');
  });
});
