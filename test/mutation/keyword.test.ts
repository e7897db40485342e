// Assertions written after reviewing Stryker's survivors for src/keyword.ts (docs/mutation.md):
// the keyword found on any line of a multi-line EHLO reply, and names that are no strings.
import { formatXclientKeyword, isXclientError, parseXclientKeyword } from 'smtp-xclient';
import { describe, expect, it } from 'vitest';

describe('keyword: a multi-line EHLO reply is read line by line', () => {
  it.each([
    ['250-mx.example\r\n250 XCLIENT NAME ADDR', ['NAME', 'ADDR']],
    ['250-XCLIENT addr\r\n250 8BITMIME\r\n', ['ADDR']],
    [
      ['250-mx.example', '250-SIZE 10', '250 XCLIENT HELO x-Y'],
      ['HELO', 'X-Y'],
    ],
    [['250-2.0.0 mx.example', '250-2.0.0 XCLIENT LOGIN', '250 2.0.0 8BITMIME'], ['LOGIN']],
  ])('%j', (input, names) => {
    const r = parseXclientKeyword(input);
    expect(r.ok && r.value.names).toEqual(names);
  });

  it('a multi-line reply without the keyword announces nothing', () => {
    const r = parseXclientKeyword(['250-mx.example', '250 XCLIENTS NAME']);
    expect(!r.ok && r.error.code).toBe('KEYWORD_NOT_ANNOUNCED');
  });
});

describe('keyword: formatXclientKeyword refuses names that are no strings (from JavaScript)', () => {
  it.each([
    [42, '42 is not an EHLO parameter'],
    [null, 'null is not an EHLO parameter'],
    [['NAME'], '["NAME"] is not an EHLO parameter'],
  ])('%j', (name, message) => {
    let error: unknown;
    try {
      formatXclientKeyword(['ADDR', name as unknown as string]);
    } catch (e) {
      error = e;
    }
    expect(isXclientError(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'KEYWORD_BAD_SYNTAX',
      message,
      reply: { code: 501, enhanced: '5.5.4', text: 'Error: bad EHLO keyword' },
    });
  });
});

describe('keyword: names are upper-cased in ASCII, z included', () => {
  it.each([
    ['z', 'Z'],
    ['a_z', 'A_Z'],
    ['{', '{'],
  ])('%j → %j', (name, upper) => {
    expect(formatXclientKeyword([name])).toBe(`XCLIENT ${upper}`);
    const r = parseXclientKeyword(`XCLIENT ${name}`);
    expect(r.ok && r.value.names).toEqual([upper]);
  });
});
