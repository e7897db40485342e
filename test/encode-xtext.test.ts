// encodeXtext: RFC 3461 xtext of a string (its UTF-8 octets) or of octets.
import { decodeXtext, decodeXtextBytes, encodeXtext, isXclientError } from 'smtp-xclient';
import { describe, expect, it } from 'vitest';
import { fc, test as fcTest } from './helpers/fc.js';
import { thrown } from './helpers/thrown.js';

const bytes = (...b: number[]): Uint8Array => new Uint8Array(b);
const utf8 = (s: string): number[] => [...new TextEncoder().encode(s)];
const XTEXT_ALPHABET = /^(?:[!-*,-<>-~]|\+[0-9A-F]{2})*$/;
const INVALID = { code: 501, enhanced: '5.5.4', text: 'Error: invalid xtext' };

/** The thrown XclientError as plain data: code, reply, and position only when it has one. */
function refusal(fn: () => unknown): Record<string, unknown> {
  const e = thrown(fn);
  if (!isXclientError(e)) throw new Error('not an XclientError');
  return {
    code: e.code,
    reply: e.reply,
    ...('position' in e ? { position: e.position } : {}),
    ...('attribute' in e ? { attribute: e.attribute } : {}),
  };
}

describe('encodeXtext', () => {
  describe('xchars stand for themselves; anything else is "+" and two upper-case hex digits', () => {
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

    it('encodes octets one by one, and nothing after the last', () => {
      expect(encodeXtext(new Uint8Array([]))).toBe('');
      expect(encodeXtext(new Uint8Array([0x22, 0x41, 0xe9]))).toBe('"A+E9');
      expect(encodeXtext(new Uint8Array([0x22, 0x41, 0xe9]), { tokenSafe: true })).toBe('+22A+E9');
      expect(encodeXtext(new Uint8Array([0x20]))).toBe('+20');
    });

    // A string, its UTF-8 octets and a Buffer of them give the same xtext, at each boundary
    // of the UTF-8 lengths; tokenSafe (only `true` turns it on) escapes " < > \ as well.
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
    ])('%j → %s, token-safe %s, as a string and as octets', (text, plain, tokenSafe) => {
      expect(encodeXtext(text)).toBe(plain);
      expect(encodeXtext(text, {})).toBe(plain);
      expect(encodeXtext(text, { tokenSafe: false })).toBe(plain);
      expect(encodeXtext(text, { tokenSafe: 1 as unknown as boolean })).toBe(plain);
      expect(encodeXtext(text, { tokenSafe: true })).toBe(tokenSafe);
      expect(encodeXtext(new Uint8Array(utf8(text)))).toBe(plain);
      expect(encodeXtext(new Uint8Array(utf8(text)), { tokenSafe: true })).toBe(tokenSafe);
      expect(encodeXtext(Buffer.from(text))).toBe(plain);
    });

    fcTest.prop([fc.uint8Array({ maxLength: 300 })])('output alphabet (octets)', (b) => {
      expect(encodeXtext(b)).toMatch(XTEXT_ALPHABET);
    });
  });

  describe('tokenSafe: escapes what Postfix’s tokenizer groups on', () => {
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
  });

  describe('refuses a lone surrogate (XTEXT_INVALID_UTF16) instead of writing U+FFFD', () => {
    it('a lone surrogate is an XclientError at its offset', () => {
      expect(() => encodeXtext('a\uD800b')).toThrowError(
        expect.objectContaining({ code: 'XTEXT_INVALID_UTF16', position: 1 }),
      );
      try {
        encodeXtext('ab\uDC00');
        expect.unreachable();
      } catch (e) {
        expect(isXclientError(e)).toBe(true);
        expect(e).toMatchObject({ code: 'XTEXT_INVALID_UTF16', position: 2 });
      }
    });

    it.each([
      ['\ud800', 0],
      ['a\udbff', 1],
      ['ab\udc00', 2],
      ['\udfff', 0],
      ['x\udc00\ud800', 1], // a low surrogate first is no pair
      ['\ud800\ud800', 0],
      ['é\ud800\ue000', 1],
      ['\ud83d a', 0],
      ['\uDC00\uDC00', 0], // a low surrogate is no pair's first half, even before another low one
      ['a\uDFFF\uDC00', 1],
      ['\uD800\uE000', 0], // U+E000 is above the low surrogates: no pair
      ['\uDBFF\uFFFF', 0],
      ['\uD800\uDBFF', 0], // two high surrogates
    ])('%j: lone surrogate at %d, with or without tokenSafe', (text, at) => {
      for (const options of [undefined, { tokenSafe: true }]) {
        expect(refusal(() => encodeXtext(text, options))).toStrictEqual({
          code: 'XTEXT_INVALID_UTF16',
          reply: INVALID,
          position: at,
        });
      }
    });

    it.each(['\uD800\uDC00', '\uDBFF\uDFFF', 'a\uD83D\uDE00b'])(
      '%j is a pair: encoded, and decoded back',
      (text) => {
        expect(decodeXtext(encodeXtext(text))).toMatchObject({ ok: true, value: text });
      },
    );
  });

  describe('refuses input that is neither a string nor octets (FORMAT_INVALID_INPUT)', () => {
    it('a number', () => {
      expect(() => encodeXtext(42 as unknown as string)).toThrowError(
        expect.objectContaining({ code: 'FORMAT_INVALID_INPUT' }),
      );
    });

    // A Proxy is no Uint8Array, even one whose traps answer as its target does.
    it('a Proxy of a Uint8Array that forwards every read to it', () => {
      const octets = new Uint8Array([0x61, 0x2b]);
      const proxy = new Proxy(octets, { get: (target, key) => Reflect.get(target, key, target) });
      expect(refusal(() => encodeXtext(proxy))).toStrictEqual({
        code: 'FORMAT_INVALID_INPUT',
        reply: INVALID,
      });
    });

    it.each([[42], [null], [undefined], [[0x41]], [new Uint16Array([0x41])], [true]])(
      '%j, without position or attribute',
      (value) => {
        expect(refusal(() => encodeXtext(value as unknown as string))).toStrictEqual({
          code: 'FORMAT_INVALID_INPUT',
          reply: INVALID,
        });
      },
    );
  });

  describe('long values: the same xtext over 4 096 characters, where the output is built in parts', () => {
    // An oracle of its own: each UTF-8 octet, as itself when an xchar, else "+XX".
    const reference = (octets: Iterable<number>): string =>
      [...octets]
        .map((o) =>
          o >= 0x21 && o <= 0x7e && o !== 0x2b && o !== 0x3d
            ? String.fromCharCode(o)
            : `+${o.toString(16).toUpperCase().padStart(2, '0')}`,
        )
        .join('');
    it.each([
      ['a space each 4 096th character', `${'x'.repeat(4095)} `.repeat(3)],
      ['a pair straddling the first 4 096', `${' '.repeat(4095)}😀${'é'.repeat(5000)}`],
      ['a pair at the very end of a part', `${'+'.repeat(4094)}😀=`],
      ['three parts of escapes', '=€'.repeat(6200)],
    ])('%s', (_label, value) => {
      expect(encodeXtext(value)).toBe(reference(new TextEncoder().encode(value)));
    });

    it('octets over 4 096, each part in order', () => {
      const octets = Uint8Array.from({ length: 10_000 }, (_unused, i) => (i * 7) & 0xff);
      expect(encodeXtext(octets)).toBe(reference(octets));
    });

    it('a lone surrogate past the first part is refused at its offset', () => {
      expect(refusal(() => encodeXtext(`${' '.repeat(5000)}\uDC00`))).toStrictEqual({
        code: 'XTEXT_INVALID_UTF16',
        reply: INVALID,
        position: 5000,
      });
    });
  });

  describe('messages: each names what is wrong, and where', () => {
    // Messages are for people and their prose is not pinned; but each must say something, and
    // carry what the code has at hand: the code point in upper-case hex, the offset, the value.
    it.each<[string, unknown, unknown, readonly string[]]>([
      // [label, value, options, what the message must contain]
      ['a lone high surrogate: U+D800 and its offset', 'ab\uD800', undefined, ['U+D800', '2']],
      ['a lone low surrogate: U+DC0A and its offset', '\uDC0A', undefined, ['U+DC0A', '0']],
      ['not a string or octets: the value', 42, undefined, ['42']],
      ['an array: what it is', [0x41], undefined, ['array']],
      [
        'an option that cannot be read',
        'a',
        {
          get tokenSafe() {
            throw new Error('no');
          },
        },
        ['tokenSafe'],
      ],
    ])('%s', (_label, value, options, parts) => {
      const e = thrown(() => encodeXtext(value as string, options as never));
      if (!isXclientError(e)) throw new Error('not an XclientError');
      expect(e.message.trim()).not.toBe('');
      for (const part of parts) expect(e.message).toContain(part);
      expect(e.message).not.toContain('undefined');
    });
  });

  it('does not mutate its input', () => {
    const input = bytes(1, 2, 3);
    encodeXtext(input);
    expect([...input]).toEqual([1, 2, 3]);
  });

  describe('the decoders read back what it writes', () => {
    fcTest.prop([fc.uint8Array({ maxLength: 300 })])('octets round-trip', (b) => {
      const r = decodeXtextBytes(encodeXtext(b));
      expect(r.ok).toBe(true);
      if (r.ok) expect(r.value).toEqual(b);
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
  });
});
