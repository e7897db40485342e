// parseXclientKeyword and formatXclientKeyword: the XCLIENT line of an EHLO reply.
import { formatXclientKeyword, isXclientError, parseXclientKeyword } from 'smtp-xclient';
import { describe, expect, it } from 'vitest';
import { fc, test as fcTest } from './helpers/fc.js';
import { thrown } from './helpers/thrown.js';

const BAD_KEYWORD = { code: 501, enhanced: '5.5.4', text: 'Error: bad EHLO keyword' };
const BAD_REPLY = { code: 501, enhanced: '5.5.4', text: 'Error: bad EHLO reply' };
const NOT_ANNOUNCED = { code: 501, enhanced: '5.5.4', text: 'Error: XCLIENT not announced' };

/** The names parseXclientKeyword reads, or its error code. */
const names = (input: string | readonly string[]) => {
  const r = parseXclientKeyword(input);
  return r.ok ? r.value.names : r.error.code;
};

/** The thrown XclientError as plain data: code, reply, and position only when it has one. */
function refusal(fn: () => unknown): Record<string, unknown> {
  const e = thrown(fn);
  if (!isXclientError(e)) throw e;
  return {
    code: e.code,
    reply: e.reply,
    ...(Object.hasOwn(e, 'position') ? { position: e.position } : {}),
  };
}

describe('parseXclientKeyword', () => {
  describe('reads the attribute names after XCLIENT', () => {
    it.each([
      ['XCLIENT NAME ADDR', ['NAME', 'ADDR']],
      ['xclient name addr', ['NAME', 'ADDR']],
      ['250-XCLIENT NAME ADDR PROTO HELO', ['NAME', 'ADDR', 'PROTO', 'HELO']],
      [
        '250-mx.example\r\n250-PIPELINING\r\n250-XCLIENT NAME ADDR PROTO HELO REVERSE_NAME PORT LOGIN DESTADDR DESTPORT\r\n250 8BITMIME\r\n',
        ['NAME', 'ADDR', 'PROTO', 'HELO', 'REVERSE_NAME', 'PORT', 'LOGIN', 'DESTADDR', 'DESTPORT'],
      ],
      [['250-mx.example', '250 XCLIENT NAME SESSION'], ['NAME']],
      ['XCLIENT', []],
    ])('%j → attributes %j', (text, attributes) => {
      const r = parseXclientKeyword(text);
      expect(r.ok && r.value.attributes).toEqual(attributes);
    });

    it('keeps unknown names', () => {
      const r = parseXclientKeyword('250 XCLIENT NAME SESSION TTL');
      expect(r.ok && r.value.names).toEqual(['NAME', 'SESSION', 'TTL']);
    });

    it.each([
      ['  XCLIENT  NAME\tADDR \t', ['NAME', 'ADDR']],
      ['\tXCLIENT NAME', ['NAME']],
    ])('splits at runs of SP and TAB, leading and trailing ones included: %j', (input, want) => {
      expect(names(input)).toEqual(want);
    });

    it.each([
      ['z', 'Z'],
      ['a_z', 'A_Z'],
      ['{', '{'],
    ])('upper-cases names in ASCII, z included: %j → %j', (name, upper) => {
      const r = parseXclientKeyword(`XCLIENT ${name}`);
      expect(r.ok && r.value.names).toEqual([upper]);
    });
  });

  describe('reads a multi-line EHLO reply line by line', () => {
    it.each([
      ['250-mx.example\r\n250 XCLIENT NAME ADDR', ['NAME', 'ADDR']],
      ['250-XCLIENT addr\r\n250 8BITMIME\r\n', ['ADDR']],
      [
        ['250-mx.example', '250-SIZE 10', '250 XCLIENT HELO x-Y'],
        ['HELO', 'X-Y'],
      ],
      [['250-2.0.0 mx.example', '250-2.0.0 XCLIENT LOGIN', '250 2.0.0 8BITMIME'], ['LOGIN']],
    ])('finds the keyword on any line: %j', (input, want) => {
      const r = parseXclientKeyword(input);
      expect(r.ok && r.value.names).toEqual(want);
    });

    it.each([
      ['250-mx.example\n250-XCLIENT NAME ADDR\n250 8BITMIME\n', ['NAME', 'ADDR']],
      ['250-mx.example\r\n250-XCLIENT NAME ADDR\r\n250 8BITMIME\r\n', ['NAME', 'ADDR']],
      ['250-mx.example\r\n250 XCLIENT NAME\r\n', ['NAME']],
      ['XCLIENT NAME\n', ['NAME']],
      ['250-XCLIENT NAME ADDR\n', ['NAME', 'ADDR']],
      ['XCLIENT NAME ADDR\nSIZE 10', ['NAME', 'ADDR']],
      ['XCLIENT NAME ADDR\r\nSIZE 10\r\n', ['NAME', 'ADDR']],
    ])('reads LF and CRLF line ends, and one final line end: %j', (input, want) => {
      expect(names(input)).toEqual(want);
    });

    it.each([
      ['XCLIENT NAME 123-X', ['NAME', '123-X']],
      [
        ['XCLIENT NAME 250 X', 'SIZE 10'],
        ['NAME', '250', 'X'],
      ],
      [['SIZE 10', 'XCLIENT NAME'], ['NAME']],
      ['250 XCLIENT NAME', ['NAME']],
      ['250-XCLIENT NAME', ['NAME']],
    ])('takes a line as a reply line only when it starts with a reply code: %j', (input, want) => {
      expect(names(input)).toEqual(want);
    });

    it('a multi-line reply without the keyword announces nothing', () => {
      const r = parseXclientKeyword(['250-mx.example', '250 XCLIENTS NAME']);
      expect(!r.ok && r.error.code).toBe('KEYWORD_NOT_ANNOUNCED');
    });
  });

  describe('refusals: an error, never an exception', () => {
    it.each([
      ['250-mx.example\r\n250 8BITMIME', 'KEYWORD_NOT_ANNOUNCED'],
      ['', 'KEYWORD_NOT_ANNOUNCED'],
      ['250-mx.example\r\n251 8BITMIME', 'KEYWORD_BAD_SYNTAX'],
      ['XCLIENT NAME ADDR\u0000', 'KEYWORD_BAD_SYNTAX'],
      [42, 'KEYWORD_BAD_SYNTAX'],
    ])('%j → %s', (text, code) => {
      const r = parseXclientKeyword(text as string);
      expect(!r.ok && r.error.code).toBe(code);
    });

    it.each([
      ['XCLIENT NAM\u00c9', 8],
      ['XCLIENT NAME \u007f', 13],
      ['XCLIENT NAME A\u0001B', 13],
      [['SIZE 10', 'XCLIENT NAM\u00c9'], 17],
    ] as const)('a name that is no EHLO parameter, at its offset: %j at %i', (input, at) => {
      const r = parseXclientKeyword(input as string);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error).toMatchObject({ code: 'KEYWORD_BAD_SYNTAX', position: at });
      expect(r.error.reply).toEqual(BAD_KEYWORD);
    });

    // A bad name was placed from the start of the text after the reply code, and each line
    // counted with a CRLF: '250-XCLIENT NAMÉ' put NAMÉ at 8, not 12.
    it.each<[string, string | readonly string[], number]>([
      ['a reply line: after its code', '250-XCLIENT NAM\u00c9', 12],
      ['a final reply line', '250 XCLIENT NAM\u00c9', 12],
      ['the second line of a reply, after an LF', '250-mx\n250 XCLIENT NAM\u00c9', 19],
      ['the second line of a reply, after a CRLF', '250-mx\r\n250 XCLIENT NAM\u00c9', 20],
      ['the second line of an array', ['250-mx', '250 XCLIENT NAM\u00c9'], 20],
      ['after the enhanced code of each line', '250-2.0.0 mx\r\n250 2.0.0 XCLIENT NAM\u00c9', 32],
      ['the first line of a reply', '250-XCLIENT NAM\u00c9\n250 SIZE 10', 12],
      ['bare lines, after an LF', 'SIZE 10\nXCLIENT NAM\u00c9', 16],
      ['bare lines, after a CRLF', 'SIZE 10\r\nXCLIENT NAM\u00c9', 17],
      ['bare lines, after an LF, with a final CRLF', 'SIZE\nXCLIENT A NAM\u00c9\r\n', 15],
    ])(
      'the offset of a bad name counts the reply code and each line end as sent: %s',
      (_label, input, at) => {
        const r = parseXclientKeyword(input);
        expect(!r.ok && r.error).toMatchObject({
          code: 'KEYWORD_BAD_SYNTAX',
          position: at,
          reply: BAD_KEYWORD,
        });
      },
    );

    it('a malformed EHLO reply with LF line ends: at the offset of the line that breaks it', () => {
      const r = parseXclientKeyword('250-a\n251 XCLIENT NAME');
      expect(!r.ok && r.error).toMatchObject({
        code: 'KEYWORD_BAD_SYNTAX',
        position: 6,
        reply: BAD_REPLY,
      });
    });

    it('a malformed EHLO reply: at the line that breaks it, with its reply', () => {
      const r = parseXclientKeyword('250-a\r\n251 XCLIENT NAME');
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error).toMatchObject({ code: 'KEYWORD_BAD_SYNTAX', position: 7 });
      expect(r.error.reply).toEqual(BAD_REPLY);
    });

    it('not announced: at 0, with its reply', () => {
      const r = parseXclientKeyword('250 8BITMIME');
      expect(!r.ok && r.error).toMatchObject({
        code: 'KEYWORD_NOT_ANNOUNCED',
        position: 0,
        reply: NOT_ANNOUNCED,
      });
    });

    it('not a string: at 0, with its reply', () => {
      const n = parseXclientKeyword(42 as unknown as string);
      expect(!n.ok && n.error).toMatchObject({
        code: 'KEYWORD_BAD_SYNTAX',
        position: 0,
        reply: BAD_KEYWORD,
      });
    });

    it.each([[[42]], [[undefined]], [['SIZE 10', 42]], [['250-mx', null]]])(
      'an array with a line that is no string (%j)',
      (lines) => {
        const r = parseXclientKeyword(lines as unknown as string[]);
        expect(!r.ok && r.error).toMatchObject({
          code: 'KEYWORD_BAD_SYNTAX',
          position: 0,
          reply: BAD_KEYWORD,
        });
      },
    );
  });
});

describe('formatXclientKeyword', () => {
  it('writes the keyword in Postfix order', () => {
    expect(formatXclientKeyword(['addr', 'NAME', 'LOGIN', 'SESSION', 'name'])).toBe(
      'XCLIENT NAME ADDR LOGIN SESSION',
    );
    expect(() => formatXclientKeyword(['NA ME'])).toThrowError(
      expect.objectContaining({ code: 'KEYWORD_BAD_SYNTAX' }),
    );
  });

  it('drops duplicates whatever their case, and keeps unknown EHLO parameters', () => {
    expect(formatXclientKeyword(['foo', 'name', 'FOO', 'NAME', 'Foo'])).toBe('XCLIENT NAME FOO');
    expect(formatXclientKeyword(['!', '~'])).toBe('XCLIENT ! ~');
  });

  it.each([
    ['z', 'Z'],
    ['a_z', 'A_Z'],
    ['{', '{'],
  ])('upper-cases names in ASCII, z included: %j → %j', (name, upper) => {
    expect(formatXclientKeyword([name])).toBe(`XCLIENT ${upper}`);
  });

  it.each(['', 'a b', 'NAM\u00c9', '\u007f', 'x\ty'])(
    'refuses %j, which is no EHLO parameter',
    (bad) => {
      expect(refusal(() => formatXclientKeyword([bad]))).toStrictEqual({
        code: 'KEYWORD_BAD_SYNTAX',
        reply: BAD_KEYWORD,
      });
    },
  );

  it.each([[42], [null], [['NAME']]])('refuses a name that is no string (%j)', (name) => {
    expect(refusal(() => formatXclientKeyword(['ADDR', name as unknown as string]))).toStrictEqual({
      code: 'KEYWORD_BAD_SYNTAX',
      reply: BAD_KEYWORD,
    });
  });

  fcTest.prop([
    fc.subarray([
      'NAME',
      'ADDR',
      'PROTO',
      'HELO',
      'REVERSE_NAME',
      'PORT',
      'LOGIN',
      'DESTADDR',
      'DESTPORT',
    ]),
    fc.boolean(),
  ])('parseXclientKeyword gives back the names, whatever their case', (names, lower) => {
    const line = formatXclientKeyword(names);
    const r = parseXclientKeyword(`250-x\r\n250 ${lower ? line.toLowerCase() : line}`);
    expect(r.ok && [...r.value.attributes].sort()).toEqual([...names].sort());
  });
});

describe('messages: each names what is wrong', () => {
  // Messages are for people and their prose is not pinned; but each must say something, and
  // carry what the code has at hand: the word or name refused, the reply's own error.
  const parsed = (input: unknown): string => {
    const r = parseXclientKeyword(input as string);
    if (r.ok) throw new Error(`accepted: ${JSON.stringify(input)}`);
    return r.error.message;
  };
  const formatted = (names: unknown): string => {
    const e = thrown(() => formatXclientKeyword(names as string[]));
    if (!isXclientError(e)) throw new Error(`not refused: ${JSON.stringify(names)}`);
    return e.message;
  };

  it.each<[string, () => string, readonly string[]]>([
    // [label, the message, what it must contain]
    [
      'parse, a word that is no EHLO parameter: the word',
      () => parsed('XCLIENT NAM\u00c9'),
      ['NAM\u00c9'],
    ],
    [
      'parse, a malformed EHLO reply: the reply error (its line and both codes)',
      () => parsed('250-a\r\n251 XCLIENT NAME'),
      ['line 2', '251', '250'],
    ],
    ['parse, not announced: the verb', () => parsed('250 8BITMIME'), ['XCLIENT']],
    ['parse, not a string', () => parsed(42), []],
    [
      'format, a name that is no EHLO parameter: the name',
      () => formatted(['ADDR', 'a b']),
      ['"a b"'],
    ],
    ['format, not an array of strings', () => formatted([42]), []],
  ])('%s', (_label, message, parts) => {
    const text = message();
    expect(text.trim()).not.toBe('');
    for (const part of parts) expect(text).toContain(part);
    expect(text).not.toContain('undefined');
  });
});

describe('long names are upper-cased whole', () => {
  // Upper-casing builds the name in parts of 4 096 letters: the parts must join to the name.
  it.each([4095, 4096, 4097, 10_000])('a name of %i lower-case letters', (n) => {
    const r = parseXclientKeyword(`xclient ${'ab'.repeat(n / 2)}${n % 2 ? 'c' : ''} name`);
    expect(r.ok && r.value.names).toEqual([`${'AB'.repeat(n / 2)}${n % 2 ? 'C' : ''}`, 'NAME']);
    expect(formatXclientKeyword(['name', 'x'.repeat(n)])).toBe(`XCLIENT NAME ${'X'.repeat(n)}`);
  });
});

describe('formatXclientKeyword is linear in the number of names (issue #21)', () => {
  // 100 000 distinct names: the quadratic version compared each with every name kept before
  // it (5·10⁹ comparisons) and did not finish within the test's timeout; one pass does.
  it('formats 100 000 distinct names, each once, in the order given', () => {
    const names = Array.from({ length: 100_000 }, (_, i) => `X${i}`);
    const line = formatXclientKeyword([...names, ...names, 'name']);
    const words = line.split(' ');
    expect(words.length).toBe(100_002);
    expect(words.slice(0, 3)).toEqual(['XCLIENT', 'NAME', 'X0']);
    expect(words.at(-1)).toBe('X99999');
  });
});
