// Assertions written after reviewing Stryker's survivors (docs/mutation.md): each block names
// the module and the behaviour a surviving mutant changed. They go through the public API.
import {
  decodeXtext,
  decodeXtextBytes,
  encodeXtext,
  parseXclient,
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
