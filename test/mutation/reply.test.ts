// Assertions written after reviewing Stryker's survivors for src/reply.ts (docs/mutation.md):
// the messages of parseReply's and formatReply's errors, with the line they name and positions.
import { formatReply, isXclientError, MALFORMED_REPLY, parseReply, type Reply } from 'smtp-xclient';
import { describe, expect, it } from 'vitest';

describe('reply: parseReply errors name the line and the character', () => {
  const DIGITS = 'expected a reply code 200-559 (digits 2-5, 0-5, 0-9)';
  const SEPARATOR = 'expected "-", " " or the end of the line after the reply code';

  it.each([
    ['25x ok', 'REPLY_BAD_CODE', `line 1: ${DIGITS}`, 2],
    ['250-a\r\n2x0 b', 'REPLY_BAD_CODE', `line 2: ${DIGITS}`, 8],
    [['250-a', '250-b', '650 c'], 'REPLY_BAD_CODE', `line 3: ${DIGITS}`, 14],
    ['250_ok', 'REPLY_BAD_SEPARATOR', `line 1: ${SEPARATOR}`, 3],
    ['250-a\n250+b', 'REPLY_BAD_SEPARATOR', `line 2: ${SEPARATOR}`, 9],
    ['250 a\rb', 'REPLY_BAD_TEXT', 'line 1: CR inside a reply line', 5],
    ['250-a\r\n250 b\0c', 'REPLY_BAD_TEXT', 'line 2: NUL inside a reply line', 12],
    [['250-a', '250 b\nc'], 'REPLY_BAD_TEXT', 'line 2: LF inside a reply line', 12],
    [['250-a', '250-b', '250 \rc'], 'REPLY_BAD_TEXT', 'line 3: CR inside a reply line', 18],
  ])('%j: %s', (input, code, message, position) => {
    const r = parseReply(input);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect({ code: r.error.code, message: r.error.message, position: r.error.position }).toEqual({
      code,
      message,
      position,
    });
    expect(r.error.reply).toEqual(MALFORMED_REPLY);
  });
});

describe('reply: formatReply refuses with a message that says what is wrong', () => {
  function refusal(reply: Reply): unknown {
    try {
      formatReply(reply);
    } catch (e) {
      if (!isXclientError(e)) return e;
      return {
        code: e.code,
        message: e.message,
        position: e.position,
        reply: e.reply,
      };
    }
    return 'no error';
  }

  it.each([
    [
      { code: 600, text: 'x' },
      'REPLY_BAD_CODE',
      'reply code 600 is not 200-559 with RFC 5321 digits',
    ],
    [
      { code: 2500, text: 'x' },
      'REPLY_BAD_CODE',
      'reply code 2500 is not 200-559 with RFC 5321 digits',
    ],
    [
      { code: 25.5, text: 'x' },
      'REPLY_BAD_CODE',
      'reply code 25.5 is not 200-559 with RFC 5321 digits',
    ],
    [
      { code: 250, enhanced: '4.0.0', text: 'x' },
      'REPLY_BAD_CODE',
      'enhanced status code "4.0.0" is not class.subject.detail of class 2',
    ],
    [
      { code: 550, enhanced: '5.1', text: 'x' },
      'REPLY_BAD_CODE',
      'enhanced status code "5.1" is not class.subject.detail of class 5',
    ],
    [{ code: 250, text: ['a', 42] }, 'REPLY_BAD_TEXT', 'text line 2 is not a string'],
    [{ code: 250, text: [null] }, 'REPLY_BAD_TEXT', 'text line 1 is not a string'],
  ])('%j', (reply, code, message) => {
    expect(refusal(reply as unknown as Reply)).toEqual({
      code,
      message,
      position: undefined,
      reply: MALFORMED_REPLY,
    });
  });

  it.each([
    [{ code: 250, text: 'ok\r\nMAIL FROM:<x>' }, 'text line 1: CR inside a reply line', 2],
    [{ code: 250, text: ['a', 'b\nc'] }, 'text line 2: LF inside a reply line', 1],
    [{ code: 250, text: ['a', 'b', '\0'] }, 'text line 3: NUL inside a reply line', 0],
    [
      { code: 250, enhanced: '2.0.0', text: ['a', 'xy\r'] },
      'text line 2: CR inside a reply line',
      2,
    ],
  ])('%j: the line and the offset in it', (reply, message, position) => {
    expect(refusal(reply as Reply)).toEqual({
      code: 'REPLY_BAD_TEXT',
      message,
      position,
      reply: MALFORMED_REPLY,
    });
  });
});
