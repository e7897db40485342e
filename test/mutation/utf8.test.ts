// Assertions written after reviewing Stryker's survivors for src/utf8.ts (docs/mutation.md).
// Each one checks an octet count, offset or encoding a caller of the public API sees.
import { parseXclient, validateAttribute } from 'smtp-xclient';
import { describe, expect, it } from 'vitest';
import { codePoint, fc, test as fcTest } from '../helpers/fc.js';

const encoder = new TextEncoder();
const octets = (text: string): number => encoder.encode(text).length;

/**
 * A line longer than 4096 code units with a line feed after `XCLIENT LOGIN=` + `text`: the
 * refusal's position is the octet offset of that line feed, counted without encoding the line.
 */
function lineFeedOffset(text: string): number | undefined {
  const r = parseXclient(`XCLIENT LOGIN=${text}\nLOGIN=${'x'.repeat(5000)}`);
  if (r.ok) return undefined;
  expect(r.error).toMatchObject({
    code: 'LINE_BAD_CHAR',
    reply: { code: 500, enhanced: '5.5.2', text: 'Error: line feed inside the command' },
  });
  expect(r.error.message).toBe(`line feed at offset ${r.error.position}: a line holds one command`);
  return r.error.position;
}

describe('utf8: octet offsets in long lines count every character by its UTF-8 length', () => {
  const PREFIX = 'XCLIENT LOGIN='.length;
  it.each([
    ['', 0],
    ['abc', 3],
    ['\u007f', 1],
    ['\u0080', 2], // the first 2-octet character
    ['\u0080\u0080', 4],
    ['\u00e9', 2],
    ['\u07ff', 2], // the last 2-octet character
    ['\u0800', 3], // the first 3-octet character
    ['\u0800\u0800', 6],
    ['\u20ac', 3],
    ['\u20ac\u20ac', 6],
    ['\u20ac\u00e9', 5],
    ['\ud7ff\ud7ff', 6], // the last character before the surrogates
    ['\ue000\ue000', 6], // the first one after them
    ['\uffff\u20ac', 6],
    ['\u{10000}', 4], // a pair: 2 code units, 4 octets (high surrogate U+D800)
    ['\u{10000}\u{10000}', 8],
    ['\u{103ff}\u{10400}', 8], // high surrogates U+D800 and U+D801
    ['\u{1f600}', 4],
    ['\u{10ffff}\u{10ffff}', 8], // high surrogate U+DBFF
    ['a\u00e9\u20ac\u{1f600}z', 11],
  ])('%j → %i octets', (text, n) => {
    expect(n).toBe(octets(text));
    expect(lineFeedOffset(text)).toBe(PREFIX + n);
  });

  fcTest.prop([fc.array(codePoint, { maxLength: 40 })])(
    'the offset is the UTF-8 length of what comes before the line feed',
    (chars) => {
      const text = chars.join('').replaceAll('\n', '');
      expect(lineFeedOffset(text)).toBe(PREFIX + octets(text));
    },
  );
});

describe('utf8: value lengths are counted in octets', () => {
  // HELO may hold 255 octets: one 2-, 3- or 4-octet character more is one octet too many.
  it.each([
    ['\u0080', 2],
    ['\u07ff', 2],
    ['\u0800', 3],
    ['\u20ac', 3],
    ['\uffff', 3],
    ['\u{10000}', 4],
    ['\u{10ffff}', 4],
  ])('HELO of 255 octets with %j (%i octets) twice', (char, n) => {
    const fits = char + char + 'a'.repeat(255 - 2 * n);
    const over = `${fits}a`;
    expect(octets(fits)).toBe(255);
    for (const profile of ['strict', 'postfix'] as const) {
      expect(validateAttribute('HELO', fits, { profile })).toMatchObject({ ok: true, value: fits });
      const r = validateAttribute('HELO', over, { profile });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toBe('HELO: longer than 255 octets');
    }
    expect(validateAttribute('HELO', over, { profile: 'lenient' })).toMatchObject({
      ok: true,
      warnings: [{ code: 'ATTR_LONG_VALUE', message: 'HELO longer than 255 octets' }],
    });
  });
});

describe('utf8: a value over a length limit is placed at the character that passes it', () => {
  /** The index (UTF-16) of the character whose UTF-8 form holds octet 255, by encoding. */
  function reference(text: string): number {
    let octetsBefore = 0;
    let index = 0;
    for (const ch of text) {
      octetsBefore += octets(ch);
      if (octetsBefore > 255) return index;
      index += ch.length;
    }
    return text.length;
  }
  const position = (text: string): number | undefined => {
    const r = validateAttribute('HELO', text, { profile: 'strict' });
    return r.ok ? undefined : r.error.position;
  };

  // The edges of each UTF-8 length.
  it.each([
    ['\u0080', 2],
    ['\u00a0', 2],
    ['\u07ff', 2],
    ['\u0800', 3],
    ['\ud7ff', 3],
    ['\ue000', 3],
    ['\uffff', 3],
    ['\u{10000}', 4],
    ['\u{10ffff}', 4],
  ])('%j (%i octets) after 200 "a"', (ch, size) => {
    const text = 'a'.repeat(200) + ch.repeat(Math.ceil(60 / size));
    expect(octets(ch)).toBe(size);
    expect(position(text)).toBe(reference(text));
    expect(position(text)).toBe(200 + Math.floor(55 / size) * ch.length);
  });

  fcTest.prop([fc.array(fc.oneof(codePoint, fc.constant('a')), { minLength: 64, maxLength: 300 })])(
    'the same index as counting the encoded octets',
    (chars) => {
      // C0 controls and DEL are refused before the length is checked
      const text = chars.map((c) => (c < ' ' || c === '\x7f' ? 'x' : c)).join('');
      fc.pre(octets(text) > 255);
      expect(position(text)).toBe(reference(text));
    },
  );
});
