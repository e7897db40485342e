// Assertions written after reviewing Stryker's survivors (docs/mutation.md): each block names
// the module and the behaviour a surviving mutant changed. They go through the public API.
import {
  decodeXtext,
  decodeXtextBytes,
  encodeXtext,
  formatXclientKeyword,
  parseXclient,
  parseXclientKeyword,
  validateAttribute,
} from 'smtp-xclient';
import { describe, expect, it } from 'vitest';

const fails = (r: { ok: boolean; error?: { code: string; position?: number } }) =>
  r.ok ? 'accepted' : `${r.error?.code}@${r.error?.position}`;

describe('utf8: lone surrogates', () => {
  it.each([
    ['\uDC00\uDC00', 0], // a low surrogate is no pair's first half, even before another low one
    ['a\uDFFF\uDC00', 1],
    ['\uD800\uE000', 0], // U+E000 is above the low surrogates: no pair
    ['\uDBFF\uFFFF', 0],
    ['\uD800\uDBFF', 0], // two high surrogates
  ])('%j has a lone surrogate at %d', (text, at) => {
    expect(() => encodeXtext(text)).toThrowError(
      expect.objectContaining({ code: 'XTEXT_INVALID_UTF16', position: at }),
    );
    expect(fails(decodeXtext(text))).toBe(`XTEXT_INVALID_UTF16@${at}`);
    expect(fails(parseXclient(`XCLIENT HELO=${text}`))).toBe(`LINE_BAD_UTF8@${13 + at}`);
  });

  it.each(['\uD800\uDC00', '\uDBFF\uDFFF', 'a\uD83D\uDE00b'])('%j is a pair', (text) => {
    expect(decodeXtext(encodeXtext(text))).toMatchObject({ ok: true, value: text });
  });
});

describe('utf8: ill-formed sequences are errors, never exceptions', () => {
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
  ])('%j', (xtext, at) => {
    expect(() => decodeXtext(xtext)).not.toThrow();
    expect(fails(decodeXtext(xtext))).toBe(`XTEXT_INVALID_UTF8@${at}`);
    expect(decodeXtextBytes(xtext).ok).toBe(true);
    const r = parseXclient(`XCLIENT LOGIN=${xtext}`);
    expect(r.ok || r.error.code).toBe('XTEXT_INVALID_UTF8');
  });

  it.each([
    ['+F0+90+80+80', '\u{10000}'],
    ['+F4+8F+BF+BF', '\u{10FFFF}'],
    ['+E0+A0+80', '\u0800'],
    ['+ED+9F+BF', '\uD7FF'],
    ['+EE+80+80', '\uE000'],
    ['+C2+80', '\u0080'],
    ['+DF+BF', '\u07FF'],
  ])('%j is well formed', (xtext, text) => {
    expect(decodeXtext(xtext)).toMatchObject({ ok: true, value: text });
    expect(validateAttribute('LOGIN', text)).toMatchObject({ ok: true, value: text });
  });
});

describe('keyword: words, lines and errors', () => {
  const names = (input: string | string[]) => {
    const r = parseXclientKeyword(input);
    return r.ok ? r.value.names : r.error.code;
  };

  it('splits at runs of SP and TAB, leading and trailing ones included', () => {
    expect(names('  XCLIENT  NAME\tADDR \t')).toEqual(['NAME', 'ADDR']);
    expect(names('\tXCLIENT NAME')).toEqual(['NAME']);
  });

  it('reads LF and CRLF line ends, and one final line end', () => {
    const lf = '250-mx.example\n250-XCLIENT NAME ADDR\n250 8BITMIME\n';
    expect(names(lf)).toEqual(['NAME', 'ADDR']);
    expect(names(lf.replaceAll('\n', '\r\n'))).toEqual(['NAME', 'ADDR']);
    expect(names('250-mx.example\r\n250 XCLIENT NAME\r\n')).toEqual(['NAME']);
    expect(names('XCLIENT NAME\n')).toEqual(['NAME']);
  });

  it('takes a line as a reply line only when it starts with a reply code', () => {
    expect(names('XCLIENT NAME 123-X')).toEqual(['NAME', '123-X']);
    expect(names(['XCLIENT NAME 250 X', 'SIZE 10'])).toEqual(['NAME', '250', 'X']);
    expect(names(['SIZE 10', 'XCLIENT NAME'])).toEqual(['NAME']);
    expect(names('250 XCLIENT NAME')).toEqual(['NAME']);
    expect(names('250-XCLIENT NAME')).toEqual(['NAME']);
  });

  it('refuses names that are not EHLO parameters, at their offset', () => {
    for (const [input, at] of [
      ['XCLIENT NAM\u00c9', 8],
      ['XCLIENT NAME \u007f', 13],
      ['XCLIENT NAME A\u0001B', 13],
      [['SIZE 10', 'XCLIENT NAM\u00c9'], 17],
    ] as const) {
      const r = parseXclientKeyword(input as string);
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.error).toMatchObject({ code: 'KEYWORD_BAD_SYNTAX', position: at });
      expect(r.error.message).toMatch(/" is not an EHLO parameter$/);
      expect(r.error.reply).toEqual({
        code: 501,
        enhanced: '5.5.4',
        text: 'Error: bad EHLO keyword',
      });
    }
  });

  it('a malformed EHLO reply: its position, message and reply', () => {
    const r = parseXclientKeyword('250-a\r\n251 XCLIENT NAME');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ code: 'KEYWORD_BAD_SYNTAX', position: 7 });
    expect(r.error.message).toMatch(/^malformed EHLO reply: line 2: /);
    expect(r.error.reply).toEqual({ code: 501, enhanced: '5.5.4', text: 'Error: bad EHLO reply' });
  });

  it('not announced, and not a string: their messages and replies', () => {
    const r = parseXclientKeyword('250 8BITMIME');
    expect(!r.ok && r.error).toMatchObject({
      code: 'KEYWORD_NOT_ANNOUNCED',
      position: 0,
      message: 'the EHLO reply does not announce XCLIENT',
      reply: { code: 501, enhanced: '5.5.4', text: 'Error: XCLIENT not announced' },
    });
    const n = parseXclientKeyword(42 as unknown as string);
    expect(!n.ok && n.error).toMatchObject({
      code: 'KEYWORD_BAD_SYNTAX',
      position: 0,
      message: 'expected a string or an array of lines (strings)',
      reply: { code: 501, enhanced: '5.5.4', text: 'Error: bad EHLO keyword' },
    });
  });

  it.each([[[42]], [[undefined]], [['SIZE 10', 42]], [['250-mx', null]]])(
    'an array with a line that is no string (%j) is an error, not an exception',
    (lines) => {
      const r = parseXclientKeyword(lines as unknown as string[]);
      expect(!r.ok && r.error).toMatchObject({
        code: 'KEYWORD_BAD_SYNTAX',
        position: 0,
        message: 'expected a string or an array of lines (strings)',
      });
    },
  );

  it('formatXclientKeyword refuses what is no EHLO parameter, and drops duplicates', () => {
    for (const bad of ['', 'a b', 'NAM\u00c9', '\u007f', 'x\ty']) {
      expect(() => formatXclientKeyword([bad])).toThrowError(
        expect.objectContaining({
          code: 'KEYWORD_BAD_SYNTAX',
          message: `${JSON.stringify(bad)} is not an EHLO parameter`,
          reply: { code: 501, enhanced: '5.5.4', text: 'Error: bad EHLO keyword' },
        }),
      );
    }
    expect(formatXclientKeyword(['foo', 'name', 'FOO', 'NAME', 'Foo'])).toBe('XCLIENT NAME FOO');
    expect(formatXclientKeyword(['!', '~'])).toBe('XCLIENT ! ~');
  });
});
