import { decodeXtext, decodeXtextBytes, encodeXtext, isXclientError } from 'smtp-xclient';
import { describe, expect, it } from 'vitest';
import { codePoint, fc, test as fcTest } from './helpers/fc.js';

const bytes = (...b: number[]): Uint8Array => new Uint8Array(b);
const ascii = (s: string): Uint8Array => new Uint8Array([...s].map((c) => c.charCodeAt(0)));
const XTEXT_ALPHABET = /^(?:[!-*,-<>-~]|\+[0-9A-F]{2})*$/;

describe('encodeXtext', () => {
  it.each([
    // [input, xtext, why]
    ['', '', 'empty'],
    ['spike.porcupine.org', 'spike.porcupine.org', 'xchars stand for themselves'],
    ['a+b', 'a+2Bb', '"+" is escaped (RFC 3461)'],
    ['a=b', 'a+3Db', '"=" is escaped (RFC 3461)'],
    ['a b', 'a+20b', 'SP is escaped'],
    ['bob smith+tag=x@example.com', 'bob+20smith+2Btag+3Dx@example.com', 'nginx LOGIN, encoded'],
    ['!~', '!~', 'the ends of the xchar range'],
    ['\x7f', '+7F', 'DEL is escaped (swaks sends it raw)'],
    ['\r\n', '+0D+0A', 'CR LF are escaped'],
    ['\0', '+00', 'NUL is escaped'],
    ['é', '+C3+A9', 'UTF-8 octets, not the code point'],
    ['€', '+E2+82+AC', 'never +20AC (go-smtp bug)'],
    ['😀', '+F0+9F+98+80', 'astral plane: four octets'],
    ['jürgen@exämple.com', 'j+C3+BCrgen@ex+C3+A4mple.com', 'Dovecot output'],
    ['[UNAVAILABLE]', '[UNAVAILABLE]', 'brackets are xchars'],
  ])('%j → %j (%s)', (input, xtext) => {
    expect(encodeXtext(input)).toBe(xtext);
  });

  it('encodes octets, upper-case hex only', () => {
    expect(encodeXtext(bytes(0x00, 0x2b, 0x3d, 0x41, 0x7f, 0x80, 0xab, 0xff))).toBe(
      '+00+2B+3DA+7F+80+AB+FF',
    );
  });

  it('encodes every octet as the table says', () => {
    for (let b = 0; b < 256; b++) {
      const literal = b >= 0x21 && b <= 0x7e && b !== 0x2b && b !== 0x3d;
      const expected = literal
        ? String.fromCharCode(b)
        : `+${b.toString(16).toUpperCase().padStart(2, '0')}`;
      expect(encodeXtext(bytes(b))).toBe(expected);
    }
  });

  it('escapes Postfix tokenizer specials only when asked (tokenSafe)', () => {
    expect(encodeXtext('a"b<c>d\\')).toBe('a"b<c>d\\');
    expect(encodeXtext('a"b<c>d\\', { tokenSafe: true })).toBe('a+22b+3Cc+3Ed+5C');
    expect(encodeXtext(new Uint8Array([0x22, 0x41]), { tokenSafe: true })).toBe('+22A');
    expect(encodeXtext('plain', { tokenSafe: true })).toBe('plain');
  });

  fcTest.prop([fc.uint8Array({ maxLength: 100 })])(
    'token-safe output round-trips and never holds " < > \\',
    (b) => {
      const x = encodeXtext(b, { tokenSafe: true });
      expect(x).toMatch(XTEXT_ALPHABET);
      expect(x).not.toMatch(/["<>\\]/);
      const r = decodeXtextBytes(x);
      expect(r.ok && r.value).toEqual(b);
    },
  );

  it('refuses a lone surrogate instead of writing U+FFFD', () => {
    expect(() => encodeXtext('a\uD800b')).toThrowError(/lone surrogate/);
    try {
      encodeXtext('ab\uDC00');
      expect.unreachable();
    } catch (e) {
      expect(isXclientError(e)).toBe(true);
      expect(e).toMatchObject({ code: 'XTEXT_INVALID_UTF16', position: 2 });
    }
  });

  it('refuses input that is neither a string nor octets', () => {
    expect(() => encodeXtext(42 as unknown as string)).toThrowError(
      expect.objectContaining({ code: 'FORMAT_INVALID_INPUT' }),
    );
  });

  it('does not mutate its input', () => {
    const input = bytes(1, 2, 3);
    encodeXtext(input);
    expect([...input]).toEqual([1, 2, 3]);
  });
});

describe('decodeXtextBytes, strict (RFC 3461)', () => {
  it.each([
    ['', []],
    ['abc', [0x61, 0x62, 0x63]],
    ['+2B', [0x2b]],
    ['+00', [0]],
    ['+FF+80', [0xff, 0x80]],
    ['a+20b', [0x61, 0x20, 0x62]],
  ])('%j → %j', (xtext, expected) => {
    const r = decodeXtextBytes(xtext);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect([...r.value]).toEqual(expected);
      expect(r.fallback).toBe(false);
    }
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
  ])('%j fails with %s at %d', (xtext, code, position) => {
    const r = decodeXtextBytes(xtext);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe(code);
      expect(r.error.position).toBe(position);
      expect(r.error.message).toMatch(/offset|surrogate/);
      expect(r.error.reply).toEqual({ code: 501, enhanced: '5.5.4', text: 'Error: invalid xtext' });
    }
  });

  it('reports decoded control characters with their positions', () => {
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

  it('never throws on a non-string', () => {
    const r = decodeXtextBytes(undefined as unknown as string);
    expect(r.ok).toBe(false);
  });
});

describe("decodeXtextBytes, 'postfix' (SPEC.md §3)", () => {
  const postfix = { profile: 'postfix' } as const;
  it.each([
    // [xtext, decoded, fallback]  — every xtext case of SPEC §3
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
  ])('%j → %j (fallback %s)', (xtext, decoded, fallback) => {
    const r = decodeXtextBytes(xtext, postfix);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect([...r.value]).toEqual([...ascii(decoded)]);
      expect(r.fallback).toBe(fallback);
      expect(r.warnings.some((w) => w.code === 'XTEXT_FALLBACK')).toBe(fallback);
    }
  });

  it('passes raw octets through and reports them', () => {
    const r = decodeXtextBytes('é+41', postfix);
    expect(r.ok && [...r.value]).toEqual([0xc3, 0xa9, 0x41]);
    expect(r.ok && r.warnings.map((w) => [w.code, w.position])).toEqual([['XTEXT_RAW_OCTET', 0]]);
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
});

describe("decodeXtextBytes, 'lenient'", () => {
  const lenient = { profile: 'lenient' } as const;
  it.each([
    // [xtext, decoded, warning codes]
    ['u=1+2', 'u=1+2', ['XTEXT_RAW_OCTET', 'XTEXT_RAW_PLUS']],
    ['bob smith+2Btag', 'bob smith+tag', ['XTEXT_RAW_OCTET']],
    ['a+2b', 'a+', ['XTEXT_LOWERCASE_HEX']],
    ['a+', 'a+', ['XTEXT_RAW_PLUS']],
    ['+41', 'A', []],
    ['a\tb', 'a\tb', ['XTEXT_RAW_OCTET', 'XTEXT_CONTROL_CHAR']],
  ])('%j → %j with %j', (xtext, decoded, codes) => {
    const r = decodeXtextBytes(xtext, lenient);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect([...r.value]).toEqual([...ascii(decoded)]);
      expect(r.warnings.map((w) => w.code)).toEqual(codes);
      expect(r.fallback).toBe(false);
    }
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

describe('decodeXtext (to a string)', () => {
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
    // [xtext, position of the escape that produced the first bad octet]
    ['caf+E9', 3],
    ['ab+C3', 2],
    ['+C3+28', 0],
    ['+ED+A0+80', 0], // an encoded surrogate
    ['+C0+80', 0], // overlong NUL
    ['+F4+90+80+80', 0], // above U+10FFFF
    ['ok+F0+9F+98', 2], // truncated sequence
  ])('%j is invalid UTF-8 at %d: an error, never mojibake', (xtext, position) => {
    const r = decodeXtext(xtext);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('XTEXT_INVALID_UTF8');
      expect(r.error.position).toBe(position);
    }
  });

  it('maps positions through raw non-ASCII input in the lenient profile', () => {
    const r = decodeXtext('é+FF', { profile: 'lenient' });
    expect(!r.ok && [r.error.code, r.error.position]).toEqual(['XTEXT_INVALID_UTF8', 1]);
  });

  it('passes strict-profile errors through', () => {
    const r = decodeXtext('a b');
    expect(!r.ok && r.error.code).toBe('XTEXT_BAD_CHAR');
  });

  it('keeps the control flag', () => {
    const r = decodeXtext('HELO+0D+0A');
    expect(r.ok && r.hasControl).toBe(true);
  });
});

describe('properties', () => {
  fcTest.prop([fc.uint8Array({ maxLength: 300 })])('octets round-trip', (b) => {
    const r = decodeXtextBytes(encodeXtext(b));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value).toEqual(b);
  });

  fcTest.prop([fc.uint8Array({ maxLength: 300 })])('encoder output alphabet', (b) => {
    expect(encodeXtext(b)).toMatch(XTEXT_ALPHABET);
  });

  fcTest.prop([fc.string({ unit: 'grapheme', maxLength: 100 })])(
    'strings round-trip, and the output alphabet holds for strings',
    (s) => {
      const x = encodeXtext(s);
      expect(x).toMatch(XTEXT_ALPHABET);
      const r = decodeXtext(x);
      expect(r.ok && r.value).toBe(s);
    },
  );

  fcTest.prop([fc.uint8Array({ maxLength: 100 })])(
    'every profile decodes what the encoder writes to the same octets',
    (b) => {
      for (const profile of ['postfix', 'lenient'] as const) {
        const r = decodeXtextBytes(encodeXtext(b), { profile });
        expect(r.ok && r.value).toEqual(b);
      }
    },
  );

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

  fcTest.prop([fc.string({ unit: 'binary-ascii', maxLength: 100 })])(
    "'postfix' either decodes like strict-with-lowercase or falls back to the raw text",
    (s) => {
      const r = decodeXtextBytes(s, { profile: 'postfix' });
      expect(r.ok).toBe(true);
      if (r.ok && r.fallback) expect(r.value).toEqual(ascii(s));
    },
  );

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
