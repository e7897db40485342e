import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Reply, XclientErrorCode } from '../src/errors.js';
import { isXclientError } from '../src/errors.js';
import { REPLIES, type XclientReplyName } from '../src/replies.js';
import {
  classifyXclientReply,
  formatReply,
  MALFORMED_REPLY,
  parseReply,
  XCLIENT_REPLY_CLASSES,
  type XclientReplyClass,
} from '../src/reply.js';
import { loadCorpus } from './helpers/corpus.js';
import { codePoint, fc, test } from './helpers/fc.js';
import { thrown } from './helpers/thrown.js';

/** The thrown error of `fn`, or the test fails. */
// -------------------------------------------------------------------------------------------
describe('parseReply: well-formed replies', () => {
  it.each<[string, string | readonly string[], Reply]>([
    [
      'greeting, CRLF',
      '220 mx.example ESMTP Postfix\r\n',
      { code: 220, text: 'mx.example ESMTP Postfix' },
    ],
    ['no line end', '250 ok', { code: 250, text: 'ok' }],
    ['LF line end', '250 ok\n', { code: 250, text: 'ok' }],
    ['code alone', '220', { code: 220, text: '' }],
    ['code and SP, empty text', '220 \r\n', { code: 220, text: '' }],
    ['SP run kept in text', '250  x', { code: 250, text: ' x' }],
    ['lowest code', '200 x', { code: 200, text: 'x' }],
    ['highest code', '559 x', { code: 559, text: 'x' }],
    [
      'enhanced code',
      '501 5.5.4 Error: attribute=value expected\r\n',
      { code: 501, enhanced: '5.5.4', text: 'Error: attribute=value expected' },
    ],
    ['enhanced code alone', '250 2.0.0', { code: 250, enhanced: '2.0.0', text: '' }],
    [
      'enhanced with 3-digit parts',
      '550 5.123.999 x',
      { code: 550, enhanced: '5.123.999', text: 'x' },
    ],
    [
      'enhanced with leading zeros',
      '550 5.01.001 x',
      { code: 550, enhanced: '5.01.001', text: 'x' },
    ],
    [
      'enhanced stripped once only',
      '250 2.0.0 2.0.0 x',
      { code: 250, enhanced: '2.0.0', text: '2.0.0 x' },
    ],
    ['class mismatch: not enhanced', '250 5.1.1 x', { code: 250, text: '5.1.1 x' }],
    ['3xx has no enhanced class', '354 2.0.0 go ahead', { code: 354, text: '2.0.0 go ahead' }],
    ['enhanced needs SP after it', '250 2.0.0x', { code: 250, text: '2.0.0x' }],
    ['TAB after it is not SP', '250 2.0.0\tx', { code: 250, text: '2.0.0\tx' }],
    ['subject of 4 digits', '250 2.1234.0 x', { code: 250, text: '2.1234.0 x' }],
    ['empty subject', '250 2..0 x', { code: 250, text: '2..0 x' }],
    ['enhanced-like later in the text', '250 ok 2.0.0', { code: 250, text: 'ok 2.0.0' }],
    [
      'UTF-8 and controls pass (SMTPUTF8; Postfix echoes values)',
      '501 5.5.4 Bad NAME syntax: é.example\t\x01',
      { code: 501, enhanced: '5.5.4', text: 'Bad NAME syntax: é.example\t\x01' },
    ],
    [
      'multi-line EHLO',
      '250-mx.example\r\n250-PIPELINING\r\n250 8BITMIME\r\n',
      { code: 250, text: ['mx.example', 'PIPELINING', '8BITMIME'] },
    ],
    ['multi-line, LF', '250-a\n250 b\n', { code: 250, text: ['a', 'b'] }],
    ['multi-line, mixed line ends', '250-a\n250 b\r\n', { code: 250, text: ['a', 'b'] }],
    ['multi-line, final line is code alone', '250-a\r\n250', { code: 250, text: ['a', ''] }],
    ['empty continuation line', '250-\r\n250 ok', { code: 250, text: ['', 'ok'] }],
    ['array of lines', ['250-a', '250 b'], { code: 250, text: ['a', 'b'] }],
    [
      'array of one line',
      ['550 5.7.0 Error: insufficient authorization'],
      { code: 550, enhanced: '5.7.0', text: 'Error: insufficient authorization' },
    ],
    [
      'enhanced on every line (Postfix)',
      '250-2.0.0 a\r\n250-2.0.0\r\n250 2.0.0 b',
      { code: 250, enhanced: '2.0.0', text: ['a', '', 'b'] },
    ],
    [
      'enhanced on the first line only',
      '550-5.7.1 a\r\n550 b',
      { code: 550, enhanced: '5.7.1', text: ['a', 'b'] },
    ],
    [
      'another enhanced on a later line is kept',
      '550-5.7.1 a\r\n550 5.7.0 b',
      { code: 550, enhanced: '5.7.1', text: ['a', '5.7.0 b'] },
    ],
    [
      'a longer code sharing the prefix is kept (5.7.1 vs 5.7.10)',
      '550-5.7.1 a\r\n550 5.7.10 b',
      { code: 550, enhanced: '5.7.1', text: ['a', '5.7.10 b'] },
    ],
    [
      'prefix without SP is kept',
      '250-2.0.0 a\r\n250 2.0.0b',
      { code: 250, enhanced: '2.0.0', text: ['a', '2.0.0b'] },
    ],
    [
      'enhanced only after line 1: none',
      '250-a\r\n250 2.0.0 b',
      { code: 250, text: ['a', '2.0.0 b'] },
    ],
  ])('%s', (_name, input, expected) => {
    expect(parseReply(input)).toEqual({ ok: true, value: expected });
  });
});

describe('parseReply: malformed replies', () => {
  it.each<[string, string | readonly string[], XclientErrorCode, number]>([
    ['empty string', '', 'REPLY_EMPTY', 0],
    ['lone CRLF', '\r\n', 'REPLY_EMPTY', 0],
    ['lone LF', '\n', 'REPLY_EMPTY', 0],
    ['empty array', [], 'REPLY_EMPTY', 0],
    ['array of one empty line', [''], 'REPLY_EMPTY', 0],
    ['one digit', '2', 'REPLY_BAD_CODE', 1],
    ['two digits', '25', 'REPLY_BAD_CODE', 2],
    ['letter O for zero', '25O ok', 'REPLY_BAD_CODE', 2],
    ['1xx', '150 x', 'REPLY_BAD_CODE', 0],
    ['6xx', '600 x', 'REPLY_BAD_CODE', 0],
    ['second digit 6', '260 x', 'REPLY_BAD_CODE', 1],
    ['leading space', ' 250 x', 'REPLY_BAD_CODE', 0],
    ['not a reply', 'MAIL FROM:<x>', 'REPLY_BAD_CODE', 0],
    ['empty first of two lines', '\r\n\r\n', 'REPLY_BAD_CODE', 0],
    ['empty line inside', '250-a\r\n\r\n250 b', 'REPLY_BAD_CODE', 7],
    ['bad code on line 2', '250-a\r\n25x b', 'REPLY_BAD_CODE', 9],
    ['code runs into a letter', '250x', 'REPLY_BAD_SEPARATOR', 3],
    ['four digits', '2500 x', 'REPLY_BAD_SEPARATOR', 3],
    ['TAB separator', '250\tok', 'REPLY_BAD_SEPARATOR', 3],
    ['bad separator on line 2', '250-a\r\n250+b', 'REPLY_BAD_SEPARATOR', 10],
    ['codes differ', '250-a\r\n251 b', 'REPLY_MIXED_CODES', 7],
    ['codes differ, array', ['250-a', '550 b'], 'REPLY_MIXED_CODES', 7],
    ['ends with a continuation', '250-a', 'REPLY_MISSING_FINAL_LINE', 5],
    ['ends with a continuation and CRLF', '250-a\r\n', 'REPLY_MISSING_FINAL_LINE', 7],
    ['only continuations', '250-a\r\n250-b\r\n', 'REPLY_MISSING_FINAL_LINE', 14],
    ['array ends with a continuation', ['250-a'], 'REPLY_MISSING_FINAL_LINE', 7],
    ['a line after the final one', '250 a\r\n250 b', 'REPLY_MISSING_FINAL_LINE', 7],
    ['an empty line after the final one', '250 a\r\n\r\n', 'REPLY_MISSING_FINAL_LINE', 7],
    ['two LF after the final one', '250 a\n\n', 'REPLY_MISSING_FINAL_LINE', 6],
    ['array line after the final one', ['250 a', '250 b'], 'REPLY_MISSING_FINAL_LINE', 7],
    ['smuggled command after the reply', '250 a\r\nMAIL FROM:<x>', 'REPLY_MISSING_FINAL_LINE', 7],
    ['after-final wins over a bad code', '250 a\r\n25', 'REPLY_MISSING_FINAL_LINE', 7],
    ['bare CR inside', '250 a\rb', 'REPLY_BAD_TEXT', 5],
    ['bare CR at the end', '250 a\r', 'REPLY_BAD_TEXT', 5],
    ['CR CR LF', '250 a\r\r\n', 'REPLY_BAD_TEXT', 5],
    ['NUL inside', '250 a\0b', 'REPLY_BAD_TEXT', 5],
    ['CRLF inside an array line', ['250 a\r\nb'], 'REPLY_BAD_TEXT', 5],
    ['LF inside an array line', ['250 a\nb'], 'REPLY_BAD_TEXT', 5],
    ['NUL on array line 2', ['250-ok', '250 x\0'], 'REPLY_BAD_TEXT', 13],
    ['NUL in the code is a bad code', '2\x0050 x', 'REPLY_BAD_CODE', 1],
    ['not a string (from JavaScript)', null as never, 'REPLY_BAD_TEXT', 0],
    ['a number (from JavaScript)', 250 as never, 'REPLY_BAD_TEXT', 0],
    ['array with a non-string (from JavaScript)', ['250-a', 5] as never, 'REPLY_BAD_TEXT', 0],
    // positions are offsets into the whole reply, whichever line is at fault
    ['a letter as the third digit', '25x ok', 'REPLY_BAD_CODE', 2],
    ['a letter as the second digit of line 2', '250-a\r\n2x0 b', 'REPLY_BAD_CODE', 8],
    ['6xx on array line 3', ['250-a', '250-b', '650 c'], 'REPLY_BAD_CODE', 14],
    ['"_" separator', '250_ok', 'REPLY_BAD_SEPARATOR', 3],
    ['bad separator on line 2, after LF', '250-a\n250+b', 'REPLY_BAD_SEPARATOR', 9],
    ['NUL on line 2', '250-a\r\n250 b\0c', 'REPLY_BAD_TEXT', 12],
    ['LF inside array line 2', ['250-a', '250 b\nc'], 'REPLY_BAD_TEXT', 12],
    ['CR inside array line 3', ['250-a', '250-b', '250 \rc'], 'REPLY_BAD_TEXT', 18],
  ])('%s', (_name, input, code, position) => {
    const r = parseReply(input);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(isXclientError(r.error)).toBe(true);
    expect({ code: r.error.code, position: r.error.position }).toEqual({ code, position });
    expect(r.error.reply).toEqual(MALFORMED_REPLY);
    expect(r.error.message).not.toBe('');
  });

  it('carries 451 4.5.0 as the local reply (transient: not the client’s fault)', () => {
    expect(MALFORMED_REPLY).toEqual({
      code: 451,
      enhanced: '4.5.0',
      text: 'Error: malformed SMTP reply',
    });
  });
});

// -------------------------------------------------------------------------------------------
describe('formatReply', () => {
  it.each<[string, Reply, string]>([
    ['greeting', { code: 220, text: 'mx.example ESMTP' }, '220 mx.example ESMTP\r\n'],
    [
      'enhanced code',
      { code: 501, enhanced: '5.5.4', text: 'Syntax: XCLIENT attribute=value...' },
      '501 5.5.4 Syntax: XCLIENT attribute=value...\r\n',
    ],
    [
      'multi-line framing',
      { code: 250, text: ['mx', 'PIPELINING', '8BITMIME'] },
      '250-mx\r\n250-PIPELINING\r\n250 8BITMIME\r\n',
    ],
    [
      'enhanced repeated on every line',
      { code: 250, enhanced: '2.0.0', text: ['a', 'b'] },
      '250-2.0.0 a\r\n250 2.0.0 b\r\n',
    ],
    ['empty text: code alone', { code: 220, text: '' }, '220\r\n'],
    ['empty text with enhanced', { code: 250, enhanced: '2.0.0', text: '' }, '250 2.0.0\r\n'],
    ['empty final line', { code: 250, text: ['a', ''] }, '250-a\r\n250\r\n'],
    ['empty continuation line', { code: 250, text: ['', 'b'] }, '250-\r\n250 b\r\n'],
    [
      'empty continuation line with enhanced',
      { code: 250, enhanced: '2.0.0', text: ['', 'b'] },
      '250-2.0.0\r\n250 2.0.0 b\r\n',
    ],
    ['empty array: one empty line', { code: 220, text: [] }, '220\r\n'],
    ['array of one line', { code: 250, text: ['only'] }, '250 only\r\n'],
    ['leading space kept', { code: 250, text: ' x' }, '250  x\r\n'],
    ['TAB and UTF-8 allowed', { code: 250, text: 'a\tb é' }, '250 a\tb é\r\n'],
  ])('%s', (_name, reply, wire) => {
    expect(formatReply(reply)).toBe(wire);
  });

  it.each<[string, Reply, XclientErrorCode, number | undefined]>([
    // CRLF-injection regressions: a reply text must never smuggle a line into the stream.
    ['CRLF injection', { code: 250, text: 'ok\r\nMAIL FROM:<x>' }, 'REPLY_BAD_TEXT', 2],
    ['bare LF injection', { code: 250, text: 'ok\nRCPT TO:<x>' }, 'REPLY_BAD_TEXT', 2],
    ['bare CR', { code: 250, text: 'ok\r' }, 'REPLY_BAD_TEXT', 2],
    ['NUL', { code: 250, text: 'a\0b' }, 'REPLY_BAD_TEXT', 1],
    ['injection in line 2', { code: 250, text: ['a', 'b\r\n250 c'] }, 'REPLY_BAD_TEXT', 1],
    ['injection via greeting banner', REPLIES.greeting('mx\r\n250 fake'), 'REPLY_BAD_TEXT', 2],
    [
      'injection via echoed value',
      REPLIES.badAttributeSyntax('NAME', 'x\r\nQUIT'),
      'REPLY_BAD_TEXT',
      18,
    ],
    ['non-string line', { code: 250, text: ['a', 5 as never] }, 'REPLY_BAD_TEXT', undefined],
    ['undefined line', { code: 250, text: [undefined as never] }, 'REPLY_BAD_TEXT', undefined],
    ['number on line 2', { code: 250, text: ['a', 42 as never] }, 'REPLY_BAD_TEXT', undefined],
    ['null line', { code: 250, text: [null as never] }, 'REPLY_BAD_TEXT', undefined],
    // the position is the offset in the text line at fault
    ['LF in line 2', { code: 250, text: ['a', 'b\nc'] }, 'REPLY_BAD_TEXT', 1],
    ['NUL as line 3', { code: 250, text: ['a', 'b', '\0'] }, 'REPLY_BAD_TEXT', 0],
    [
      'CR at the end of line 2, with enhanced',
      { code: 250, enhanced: '2.0.0', text: ['a', 'xy\r'] },
      'REPLY_BAD_TEXT',
      2,
    ],
    [
      'injection via enhanced',
      { code: 250, enhanced: '2.0.0\r\nQUIT' },
      'REPLY_BAD_CODE',
      undefined,
    ],
    ['code 199', { code: 199, text: 'x' }, 'REPLY_BAD_CODE', undefined],
    ['code 600', { code: 600, text: 'x' }, 'REPLY_BAD_CODE', undefined],
    ['code 260 (second digit > 5)', { code: 260, text: 'x' }, 'REPLY_BAD_CODE', undefined],
    ['code 2500', { code: 2500, text: 'x' }, 'REPLY_BAD_CODE', undefined],
    ['code -250', { code: -250, text: 'x' }, 'REPLY_BAD_CODE', undefined],
    ['code 250.5', { code: 250.5, text: 'x' }, 'REPLY_BAD_CODE', undefined],
    ['code 25.5', { code: 25.5, text: 'x' }, 'REPLY_BAD_CODE', undefined],
    ['code NaN', { code: Number.NaN, text: 'x' }, 'REPLY_BAD_CODE', undefined],
    ['code as a string', { code: '250' as never, text: 'x' }, 'REPLY_BAD_CODE', undefined],
    [
      'enhanced missing detail',
      { code: 250, enhanced: '2.0', text: 'x' },
      'REPLY_BAD_CODE',
      undefined,
    ],
    [
      'enhanced class mismatch',
      { code: 250, enhanced: '5.0.0', text: 'x' },
      'REPLY_BAD_CODE',
      undefined,
    ],
    [
      'enhanced class 4 on a 2xx',
      { code: 250, enhanced: '4.0.0', text: 'x' },
      'REPLY_BAD_CODE',
      undefined,
    ],
    [
      'enhanced of two parts on a 5xx',
      { code: 550, enhanced: '5.1', text: 'x' },
      'REPLY_BAD_CODE',
      undefined,
    ],
    ['enhanced on a 3xx', { code: 354, enhanced: '3.0.0', text: 'x' }, 'REPLY_BAD_CODE', undefined],
    [
      'enhanced class 2 on 354',
      { code: 354, enhanced: '2.0.0', text: 'x' },
      'REPLY_BAD_CODE',
      undefined,
    ],
    [
      'enhanced with trailing SP',
      { code: 250, enhanced: '2.0.0 ', text: 'x' },
      'REPLY_BAD_CODE',
      undefined,
    ],
    [
      'a function that has a code and a text: not a reply object',
      Object.assign(() => 0, { code: 250, text: 'x' }) as never,
      'REPLY_BAD_CODE',
      undefined,
    ],
    [
      'enhanced as an array holding a code (its String() is one)',
      { code: 250, enhanced: ['2.0.0'] as never, text: 'x' },
      'REPLY_BAD_CODE',
      undefined,
    ],
    [
      'a code whose String() throws: refused, not thrown through',
      {
        code: {
          toString() {
            throw new Error('no');
          },
        } as never,
        text: 'x',
      },
      'REPLY_BAD_CODE',
      undefined,
    ],
    [
      'enhanced subject of 4 digits',
      { code: 250, enhanced: '2.1000.0', text: 'x' },
      'REPLY_BAD_CODE',
      undefined,
    ],
  ] as [string, Reply, XclientErrorCode, number | undefined][])(
    'refuses %s',
    (_name, reply, code, position) => {
      const e = thrown(() => formatReply(reply));
      expect(isXclientError(e)).toBe(true);
      if (!isXclientError(e)) return;
      expect({ code: e.code, position: e.position }).toEqual({ code, position });
      expect(e.reply).toEqual(MALFORMED_REPLY);
    },
  );
});

// -------------------------------------------------------------------------------------------
describe('messages: each names the line at fault and what is wrong with it', () => {
  // Messages are for people and their prose is not pinned; but each must say something, and
  // carry the facts the code has at hand: the line (counted from 1), the codes, the character.
  const parsed = (input: string | readonly string[]): string => {
    const r = parseReply(input);
    if (r.ok) throw new Error(`accepted: ${JSON.stringify(input)}`);
    return r.error.message;
  };
  const formatted = (reply: unknown): string => {
    const e = thrown(() => formatReply(reply as Reply));
    if (!isXclientError(e)) throw new Error(`not refused: ${JSON.stringify(reply)}`);
    return e.message;
  };

  it.each<[string, () => string, readonly string[]]>([
    // [label, the message, what it must contain]
    ['parseReply, a bad code on line 2', () => parsed('250-a\r\n25x b'), ['line 2']],
    ['parseReply, a bad code on line 1', () => parsed('25x b'), ['line 1']],
    ['parseReply, a bad separator on line 2', () => parsed('250-a\r\n250+b'), ['line 2']],
    [
      'parseReply, a bad separator on line 3',
      () => parsed(['250-a', '250-b', '250+c']),
      ['line 3'],
    ],
    [
      'parseReply, mixed codes: the line and both codes',
      () => parsed('250-a\r\n251 b'),
      ['line 2', '251', '250'],
    ],
    [
      'parseReply, a NUL on line 2: the line and the character',
      () => parsed(['250-a', '250 b\0']),
      ['line 2', 'NUL'],
    ],
    ['parseReply, a bare CR on line 1', () => parsed('250 a\rb'), ['line 1', 'CR']],
    ['parseReply, an LF inside an array line', () => parsed(['250 a\nb']), ['line 1', 'LF']],
    ['parseReply, not a string', () => parsed(42 as never), []],
    ['parseReply, empty', () => parsed(''), []],
    ['parseReply, a continuation at the end', () => parsed('250-a'), []],
    ['parseReply, a line after the final one', () => parsed('250 a\r\n250 b'), []],
    ['formatReply, not an object: the value', () => formatted(42), ['42']],
    ['formatReply, null: the value', () => formatted(null), ['null']],
    [
      'formatReply, a code of 40 characters: all of them, quoted',
      () => formatted({ code: 'x'.repeat(40), text: 'a' }),
      [`"${'x'.repeat(40)}"`],
    ],
    [
      'formatReply, a code of 41 characters: its first 40 and an ellipsis',
      () => formatted({ code: 'x'.repeat(41), text: 'a' }),
      [`"${'x'.repeat(40)}…"`],
    ],
    [
      'formatReply, a symbol code: its type',
      () => formatted({ code: Symbol('c'), text: 'a' }),
      ['a symbol'],
    ],
    [
      'formatReply, a function code: its type',
      () => formatted({ code: () => 250, text: 'a' }),
      ['a function'],
    ],
    ['formatReply, an object code', () => formatted({ code: {}, text: 'a' }), ['an object']],
    ['formatReply, an array code', () => formatted({ code: [250], text: 'a' }), ['an array']],
    ['formatReply, a bad code: the code', () => formatted({ code: 600, text: 'x' }), ['600']],
    [
      'formatReply, a bad enhanced code: the code and the class',
      () => formatted({ code: 250, enhanced: '5.0.0', text: 'x' }),
      ['5.0.0', 'class 2'],
    ],
    [
      'formatReply, a CR on text line 2: the line and the character',
      () => formatted({ code: 250, text: ['a', 'b\rc'] }),
      ['line 2', 'CR'],
    ],
    [
      'formatReply, a NUL on text line 1',
      () => formatted({ code: 250, text: 'a\0' }),
      ['line 1', 'NUL'],
    ],
    [
      'formatReply, a text that is no string: the value',
      () => formatted({ code: 250, text: 42 }),
      ['42'],
    ],
    [
      'formatReply, text lines that are not all strings: an array',
      () => formatted({ code: 250, text: ['a', 5] }),
      ['array'],
    ],
  ])('%s', (_label, message, parts) => {
    const text = message();
    expect(text.trim()).not.toBe('');
    for (const part of parts) expect(text).toContain(part);
    expect(text).not.toContain('undefined');
  });
});

// -------------------------------------------------------------------------------------------
describe('classifyXclientReply', () => {
  const cases: [Reply, XclientReplyClass][] = [
    [REPLIES.greeting('mx.example ESMTP Postfix'), 'success'],
    [{ code: 220, text: 'XCLIENT success' }, 'success'], // Exim
    [{ code: 250, text: 'Ok' }, 'nonconforming-success'], // go-guerrilla, Mailpit
    [REPLIES.localDataError('mx.example'), 'unavailable'],
    [REPLIES.noAttributes, 'syntax'],
    [REPLIES.badAttributeName('FOO'), 'syntax'],
    [REPLIES.transactionInProgress, 'transaction'],
    [
      { code: 503, enhanced: '5.5.0', text: 'XCLIENT not permitted during a mail transaction' },
      'transaction',
    ],
    [REPLIES.unauthorized, 'unauthorized'],
    [{ code: 550, enhanced: '5.7.14', text: 'You are not from trusted IP' }, 'unauthorized'], // Dovecot
    [{ code: 554, enhanced: '5.7.1', text: 'Client host rejected' }, 'rejected'],
    [REPLIES.notRecognized, 'rejected'],
    [REPLIES.headerLike, 'rejected'],
    [{ code: 502, enhanced: '5.5.1', text: 'Error: command not implemented' }, 'rejected'],
    [{ code: 451, text: 'later' }, 'rejected'],
  ];

  it.each(cases)('%j is %s', (reply, cls) => {
    expect(classifyXclientReply(reply)).toBe(cls);
  });

  it('covers every class of XCLIENT_REPLY_CLASSES', () => {
    expect(new Set(cases.map(([, c]) => c))).toEqual(new Set(Object.keys(XCLIENT_REPLY_CLASSES)));
  });

  it.each(Object.entries(XCLIENT_REPLY_CLASSES))('%s: its codes classify into it', (name, info) => {
    for (const code of info.codes) expect(classifyXclientReply({ code, text: '' })).toBe(name);
    expect(info.meaning).not.toBe('');
    expect(info.next).not.toBe('');
  });

  it('says which connections remain usable, and what to do after 220', () => {
    const usable = Object.entries(XCLIENT_REPLY_CLASSES)
      .filter(([, i]) => i.usable)
      .map(([n]) => n);
    expect(usable.sort()).toEqual(
      ['nonconforming-success', 'success', 'syntax', 'transaction', 'unauthorized'].sort(),
    );
    expect(XCLIENT_REPLY_CLASSES.success.next).toMatch(/EHLO/);
    expect(XCLIENT_REPLY_CLASSES.transaction.next).toMatch(/RSET/);
  });

  it('has exported types for classes and reply names', () => {
    expectTypeOf<XclientReplyClass>().toEqualTypeOf<
      | 'success'
      | 'nonconforming-success'
      | 'unavailable'
      | 'syntax'
      | 'transaction'
      | 'unauthorized'
      | 'rejected'
    >();
    expectTypeOf<XclientReplyName>().toEqualTypeOf<
      | 'badUtf8'
      | 'notRecognized'
      | 'headerLike'
      | 'transactionInProgress'
      | 'noAttributes'
      | 'localDataError'
      | 'unauthorized'
      | 'attributeValueExpected'
      | 'valueTooLong'
      | 'badAttributeName'
      | 'badAttributeSyntax'
      | 'greeting'
    >();
  });
});

// -------------------------------------------------------------------------------------------
describe('REPLIES (docs/spec/postfix.md §1–§2)', () => {
  it.each<[string, Reply]>([
    [
      'transactionInProgress',
      { code: 503, enhanced: '5.5.1', text: 'Error: MAIL transaction in progress' },
    ],
    ['noAttributes', { code: 501, enhanced: '5.5.4', text: 'Syntax: XCLIENT attribute=value...' }],
    ['unauthorized', { code: 550, enhanced: '5.7.0', text: 'Error: insufficient authorization' }],
    [
      'attributeValueExpected',
      { code: 501, enhanced: '5.5.4', text: 'Error: attribute=value expected' },
    ],
    ['valueTooLong', { code: 501, enhanced: '5.5.4', text: 'Error: attribute value too long' }],
    ['badUtf8', { code: 500, enhanced: '5.5.2', text: 'Error: bad UTF-8 syntax' }],
    ['notRecognized', { code: 500, enhanced: '5.5.2', text: 'Error: command not recognized' }],
    [
      'headerLike',
      { code: 221, enhanced: '2.7.0', text: 'Error: I can break rules, too. Goodbye.' },
    ],
  ])('%s', (name, expected) => {
    expect(REPLIES[name as XclientReplyName]).toEqual(expected);
  });

  it('builds the parameterised replies', () => {
    expect(REPLIES.localDataError('mx.example')).toEqual({
      code: 421,
      enhanced: '4.3.0',
      text: 'mx.example Server local data error',
    });
    expect(REPLIES.badAttributeName('')).toEqual({
      code: 501,
      enhanced: '5.5.4',
      text: 'Bad XCLIENT attribute name: ',
    });
    expect(REPLIES.badAttributeSyntax('PORT', '0x19')).toEqual({
      code: 501,
      enhanced: '5.5.4',
      text: 'Bad PORT syntax: 0x19',
    });
    expect(REPLIES.greeting('mx.example ESMTP Postfix')).toEqual({
      code: 220,
      text: 'mx.example ESMTP Postfix',
    });
  });
});

// -------------------------------------------------------------------------------------------
// The live Postfix 3.7.11 corpus. It must be present: a missing corpus fails the test.

interface CorpusReply {
  readonly cmd?: string;
  readonly code: number | null;
  readonly enhanced: string | null;
  readonly text?: string | null;
}
interface CorpusRecord extends CorpusReply {
  readonly id: string;
  readonly line: string;
  readonly pre?: readonly CorpusReply[];
  readonly post?: readonly CorpusReply[];
  readonly pipelined?: CorpusReply;
}

/** The corpus reply as a {@link Reply} (the probe joins multi-line texts with LF). */
function toReply(r: CorpusReply): Reply | undefined {
  if (r.code === null || typeof r.text !== 'string') return undefined;
  const lines = r.text.split('\n');
  const text = lines.length === 1 ? r.text : lines;
  return r.enhanced === null
    ? { code: r.code, text }
    : { code: r.code, enhanced: r.enhanced, text };
}

const CONSTANT_REPLIES: [XclientReplyName, Reply][] = (
  Object.keys(REPLIES) as XclientReplyName[]
).flatMap((name) => {
  const entry = REPLIES[name];
  return typeof entry === 'function' ? [] : [[name, entry]];
});

/** Which REPLIES entry a corpus reply's shape says it is, built from the corpus text. */
function fromTable(r: Reply): [XclientReplyName, Reply] | undefined {
  if (typeof r.text !== 'string') return undefined;
  const constant = CONSTANT_REPLIES.find(([, c]) => c.text === r.text);
  if (constant !== undefined) return constant;
  const name = /^Bad XCLIENT attribute name: (.*)$/s.exec(r.text);
  if (name) return ['badAttributeName', REPLIES.badAttributeName(name[1] as string)];
  const syntax = /^Bad (\S+) syntax: (.*)$/s.exec(r.text);
  if (syntax) {
    return [
      'badAttributeSyntax',
      REPLIES.badAttributeSyntax(syntax[1] as string, syntax[2] as string),
    ];
  }
  const local = /^(\S+) Server local data error$/.exec(r.text);
  if (local) return ['localDataError', REPLIES.localDataError(local[1] as string)];
  if (r.code === 220 && r.enhanced === undefined) return ['greeting', REPLIES.greeting(r.text)];
  return undefined;
}

describe('Postfix 3.7.11 corpus', () => {
  const corpus = loadCorpus<CorpusRecord>();
  const all = corpus.flatMap((rec) =>
    [rec, ...(rec.pre ?? []), ...(rec.post ?? []), ...(rec.pipelined ? [rec.pipelined] : [])]
      .map(toReply)
      .filter((r): r is Reply => r !== undefined)
      .map((reply) => ({ id: rec.id, reply })),
  );

  it('has the 441 cases', () => {
    expect(corpus).toHaveLength(441);
    expect(all).toHaveLength(1413); // EHLO follow-ups are stored without their text
  });

  it('every XCLIENT reply has the shape, code, enhanced code and exact text of a REPLIES entry', () => {
    const seen = new Set<XclientReplyName>();
    const unmatched: string[] = [];
    for (const rec of corpus) {
      const reply = toReply(rec);
      if (!/^\s*XCLIENT/i.test(rec.line) || reply === undefined) continue;
      const hit = fromTable(reply);
      if (hit === undefined) unmatched.push(`${rec.id}: ${JSON.stringify(reply)}`);
      else {
        expect(reply, rec.id).toEqual(hit[1]);
        seen.add(hit[0]);
      }
    }
    expect(unmatched).toEqual([]);
    // Every entry is met in the corpus, except the 421 (a table lookup failure is not probed).
    expect([...seen].sort()).toEqual(
      Object.keys(REPLIES)
        .filter((k) => k !== 'localDataError')
        .sort(),
    );
  });

  it('every follow-up reply with a REPLIES shape matches it exactly', () => {
    let matched = 0;
    for (const { id, reply } of all) {
      const hit = fromTable(reply);
      if (hit === undefined) continue;
      matched++;
      expect(reply, id).toEqual(hit[1]);
    }
    expect(matched).toBe(454);
  });

  it('every reply (incl. the multi-line EHLO of c424) survives formatReply then parseReply', () => {
    for (const { id, reply } of all)
      expect(parseReply(formatReply(reply)), id).toEqual({ ok: true, value: reply });
    expect(all.some(({ reply }) => Array.isArray(reply.text))).toBe(true);
  });
});

// -------------------------------------------------------------------------------------------
// Properties

const CRLF_ONLY = /^(?:[^\r\n]*\r\n)+$/;

const codeArb = fc
  .tuple(
    fc.integer({ min: 2, max: 5 }),
    fc.integer({ min: 0, max: 5 }),
    fc.integer({ min: 0, max: 9 }),
  )
  .map(([a, b, c]) => a * 100 + b * 10 + c);
const enhancedOf = (cls: number) =>
  fc
    .tuple(fc.stringMatching(/^[0-9]{1,3}$/), fc.stringMatching(/^[0-9]{1,3}$/))
    .map(([subject, detail]) => `${cls}.${subject}.${detail}`);
const textChar = fc.oneof(
  fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  fc.constantFrom('\t', ' ', 'é', '€', '😀'),
);
const plainLine = fc.string({ unit: textChar, maxLength: 30 });
/** Lines that often start with something shaped like an enhanced code, of any class. */
const lineArb = fc.oneof(
  plainLine,
  fc
    .tuple(
      fc.oneof(enhancedOf(2), enhancedOf(4), enhancedOf(5), fc.constant('2.0')),
      fc.constantFrom('', ' ', '  ', '\t', 'x'),
      plainLine,
    )
    .map(([e, sep, rest]) => e + sep + rest),
);

/** Whether a first line would read back as carrying an enhanced code of the reply's class. */
function looksEnhanced(code: number, line: string): boolean {
  const m = /^([245])\.[0-9]{1,3}\.[0-9]{1,3}(?: |$)/.exec(line);
  return m !== null && m[1] === String(code)[0];
}

const replyArb: fc.Arbitrary<Reply> = codeArb
  .chain((code) => {
    const cls = Math.floor(code / 100);
    return fc.record({
      code: fc.constant(code),
      enhanced: cls === 3 ? fc.constant(undefined) : fc.option(enhancedOf(cls), { nil: undefined }),
      lines: fc.array(lineArb, { minLength: 1, maxLength: 5 }),
    });
  })
  // Without an enhanced code, a first line shaped like one is ambiguous on the wire (RFC 2034).
  .filter(
    ({ code, enhanced, lines }) =>
      enhanced !== undefined || !looksEnhanced(code, lines[0] as string),
  )
  .map(({ code, enhanced, lines }): Reply => {
    const text = lines.length === 1 ? (lines[0] as string) : lines;
    return enhanced === undefined ? { code, text } : { code, enhanced, text };
  });

describe('properties', () => {
  test.prop([replyArb])('parseReply(formatReply(r)) round-trips', (reply) => {
    expect(parseReply(formatReply(reply))).toEqual({ ok: true, value: reply });
  });

  test.prop([replyArb])(
    'formatReply frames every line with CRLF and the right separator',
    (reply) => {
      const wire = formatReply(reply);
      expect(wire).toMatch(CRLF_ONLY);
      const lines = wire.split('\r\n').slice(0, -1);
      expect(lines).toHaveLength(typeof reply.text === 'string' ? 1 : reply.text.length);
      lines.forEach((line, i) => {
        expect(line.slice(0, 3)).toBe(String(reply.code));
        const sep = line.charAt(3);
        expect(i < lines.length - 1 ? sep === '-' : sep === ' ' || sep === '').toBe(true);
      });
    },
  );

  test.prop([codeArb, fc.array(fc.string({ unit: codePoint }), { minLength: 1, maxLength: 4 })])(
    'formatReply refuses CR, LF and NUL, and otherwise emits only CRLF line ends',
    (code, lines) => {
      const dirty = lines.some((l) => /[\r\n\0]/.test(l));
      try {
        expect(formatReply({ code, text: lines })).toMatch(CRLF_ONLY);
        expect(dirty).toBe(false);
      } catch (e) {
        expect(isXclientError(e) && e.code === 'REPLY_BAD_TEXT').toBe(true);
        expect(dirty).toBe(true);
      }
    },
  );

  const soup = fc
    .array(
      fc.constantFrom(
        '250',
        '251',
        '2',
        '-',
        ' ',
        '\r\n',
        '\n',
        '\r',
        '\0',
        '2.0.0',
        '5.1.1',
        'x',
        'é',
      ),
      {
        maxLength: 12,
      },
    )
    .map((parts) => parts.join(''));
  /** Mostly well-framed replies with small defects, to reach every check of the parser. */
  const framed = fc
    .tuple(
      fc.array(
        fc.tuple(
          fc.constantFrom('250', '250', '250', '251', '550', '25', '2500'),
          fc.constantFrom('-', '-', ' ', ' ', '', '\t'),
          fc.array(
            fc.constantFrom('2.0.0', '2.0.0', '5.1.1', ' ', ' ', 'x', 'é', '\t', '\r', '\0'),
            {
              maxLength: 4,
            },
          ),
        ),
        { minLength: 1, maxLength: 4 },
      ),
      fc.constantFrom('\r\n', '\n'),
      fc.constantFrom('', '\r\n', '\n', '\r\n\r\n'),
      fc.boolean(),
    )
    .map(([lines, eol, tail, tidy]) =>
      lines
        .map(([code, sep, text], i) =>
          tidy
            ? `${lines[0]?.[0]}${i < lines.length - 1 ? '-' : ' '}${text.join('')}`
            : code + sep + text.join(''),
        )
        .join(eol)
        .concat(tidy ? '' : tail),
    );
  const inputs = fc.oneof(
    fc.string({ unit: codePoint }),
    soup,
    framed,
    fc.array(
      fc.constantFrom('250-a', '250 2.0.0 b', '250', '251 c', '250-2.0.0', '25', '250 \r\n'),
      {
        maxLength: 4,
      },
    ),
    fc.array(fc.string({ unit: codePoint }), { maxLength: 4 }),
    fc.array(soup, { maxLength: 4 }),
  );

  test.prop([inputs])('parseReply never throws; errors point into the input', (input) => {
    const r = parseReply(input);
    const length =
      typeof input === 'string' ? input.length : input.reduce((n, l) => n + l.length + 2, 0);
    if (!r.ok) {
      expect(r.error.code).toMatch(/^REPLY_/);
      expect(r.error.position).toBeGreaterThanOrEqual(0);
      expect(r.error.position).toBeLessThanOrEqual(length);
      if (typeof input === 'string' && r.error.code === 'REPLY_BAD_TEXT') {
        expect(['\r', '\0']).toContain(input.charAt(r.error.position ?? -1));
      }
    }
  });

  test.prop([fc.anything()])(
    'parseReply never throws, even on non-strings from JavaScript',
    (value) => {
      expect(parseReply(value as string).ok).toBeTypeOf('boolean');
    },
  );

  test.prop([inputs])(
    'whatever parseReply accepts, formatReply writes back to the same reply',
    (input) => {
      const r = parseReply(input);
      if (r.ok) expect(parseReply(formatReply(r.value))).toEqual(r);
    },
  );
});
