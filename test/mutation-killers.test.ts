// Assertions written after reviewing Stryker's survivors (docs/mutation.md): each block names
// the module and the behaviour a surviving mutant changed. They go through the public API.
// (The xtext halves of these rows are in test/encode-xtext.test.ts and test/decode-xtext.test.ts.)
import { parseXclient } from 'smtp-xclient';
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
    expect(fails(parseXclient(`XCLIENT HELO=${text}`))).toBe(`LINE_BAD_UTF8@${13 + at}`);
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
  ])('%j', (xtext) => {
    const r = parseXclient(`XCLIENT LOGIN=${xtext}`);
    expect(r.ok || r.error.code).toBe('XTEXT_INVALID_UTF8');
  });
});
