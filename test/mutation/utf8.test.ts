// Assertions written after reviewing Stryker's survivors for src/utf8.ts (docs/mutation.md).
// Each one checks an octet count, offset or encoding a caller of the public API sees.
import { parseXclient } from 'smtp-xclient';
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
