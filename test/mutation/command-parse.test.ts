// Assertions written after reviewing Stryker's survivors for the parsing side of src/command.ts
// (docs/mutation.md): every error and warning of parseXclient, complete, in each profile.
import { type Profile, parseXclient } from 'smtp-xclient';
import { describe, expect, it } from 'vitest';

// ---------------------------------------------------------------------------------------
// Helpers

interface ReplyShape {
  readonly code: number;
  readonly enhanced?: string;
  readonly text: string;
}

const R = {
  badUtf8: { code: 500, enhanced: '5.5.2', text: 'Error: bad UTF-8 syntax' },
  notRecognized: { code: 500, enhanced: '5.5.2', text: 'Error: command not recognized' },
  headerLike: { code: 221, enhanced: '2.7.0', text: 'Error: I can break rules, too. Goodbye.' },
  noAttributes: { code: 501, enhanced: '5.5.4', text: 'Syntax: XCLIENT attribute=value...' },
  valueExpected: { code: 501, enhanced: '5.5.4', text: 'Error: attribute=value expected' },
  valueTooLong: { code: 501, enhanced: '5.5.4', text: 'Error: attribute value too long' },
  emptyLine: { code: 500, enhanced: '5.5.2', text: 'Error: bad syntax' },
  lineTooLong: { code: 500, enhanced: '5.5.6', text: 'Error: line too long' },
  controlChar: { code: 500, enhanced: '5.5.2', text: 'Error: control character in command' },
  lineFeed: { code: 500, enhanced: '5.5.2', text: 'Error: line feed inside the command' },
  spacing: {
    code: 501,
    enhanced: '5.5.4',
    text: 'Error: attributes must be separated by single spaces',
  },
  syntax: (text: string): ReplyShape => ({ code: 501, enhanced: '5.5.4', text }),
} as const;

/** An expected error: `attribute` is left out when the error has none. */
const err = (
  code: string,
  message: string,
  position: number,
  reply: ReplyShape,
  attribute?: string,
) => ({ code, message, position, reply, ...(attribute === undefined ? {} : { attribute }) });

/** A warning as parseXclient reports it. */
const warn = (code: string, message: string, position: number, attribute?: string) => ({
  code,
  message,
  position,
  ...(attribute === undefined ? {} : { attribute }),
});

const M = {
  rawOctet: 'octet(s) that xtext requires to be escaped, taken as they are',
  rawPlus: '"+" not followed by two hex digits, taken as itself',
  lowerHex: 'lower-case hex digits in an escape (RFC 3461 requires upper case)',
  fallback: 'malformed escape: the whole value is used undecoded, as Postfix does',
  control: 'decoded value holds a control character',
  masked: 'non-printable octets shown as "?", as Postfix does',
  nulValue: 'a decoded NUL ends the value, as in Postfix',
  nulLine: 'a NUL ends the line, as in Postfix',
  rawSpace: 'unencoded whitespace inside a value',
  extraSpace: 'leading or trailing space',
  attrControl: 'control character in the value (refused by the strict profile)',
} as const;

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const latin1 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));

/**
 * The line as a string and as its UTF-8 octets: both must give the same answer. (A string
 * with surrogates is kept as it is: TextEncoder would replace a lone one.)
 */
const forms = (line: string | Uint8Array): (string | Uint8Array)[] =>
  typeof line === 'string' && !/[\uD800-\uDFFF]/.test(line) ? [line, utf8(line)] : [line];

/** The failure of a line, as plain data (an own `position` or `attribute` only when set). */
function failure(line: string | Uint8Array, profile: Profile) {
  const r = parseXclient(line, { profile });
  if (r.ok) throw new Error(`accepted in '${profile}': ${JSON.stringify(String(line))}`);
  const e = r.error;
  return {
    error: {
      code: e.code,
      message: e.message,
      reply: e.reply,
      ...(Object.hasOwn(e, 'position') ? { position: e.position } : {}),
      ...(Object.hasOwn(e, 'attribute') ? { attribute: e.attribute } : {}),
    },
    partial: r.partial.map((a) => a.name),
    warnings: r.warnings,
  };
}

function success(line: string | Uint8Array, profile: Profile) {
  const r = parseXclient(line, { profile });
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return { value: { ...r.value }, warnings: r.warnings };
}

/** An attribute as parseXclient returns it. */
const attr = (
  name: string,
  raw: string,
  position: number,
  value: unknown = raw,
  rawName: string = name,
  decoded: string = typeof value === 'string' ? value : raw,
) => ({ name, rawName, raw, decoded, value, position });

/** A line of exactly `total` octets: XCLIENT, HELO=h…(255) attributes, and LOGIN=a… to fill. */
const lineOf = (total: number): string => {
  let s = 'XCLIENT ';
  while (total - s.length > 262) s += `HELO=${'h'.repeat(255)} `;
  return `${s}LOGIN=${'a'.repeat(total - s.length - 6)}`;
};

type Case = readonly [
  label: string,
  line: string | Uint8Array,
  profiles: readonly Profile[],
  error: ReturnType<typeof err>,
  warnings?: readonly ReturnType<typeof warn>[],
  partial?: readonly string[],
];

const ALL: readonly Profile[] = ['strict', 'postfix', 'lenient'];
const S: readonly Profile[] = ['strict'];
const P: readonly Profile[] = ['postfix'];
const L: readonly Profile[] = ['lenient'];
const SL: readonly Profile[] = ['strict', 'lenient'];

function checkFailures(cases: readonly Case[]) {
  it.each(cases.map((c) => [c[0], c] as const))('%s', (_label, c) => {
    const [, line, profiles, error, warnings = [], partial = []] = c;
    for (const profile of profiles) {
      for (const form of forms(line)) {
        expect(failure(form, profile), `${profile} ${typeof form}`).toStrictEqual({
          error,
          partial,
          warnings,
        });
      }
    }
  });
}

// ---------------------------------------------------------------------------------------
// The line itself

describe('the line: its type, its end, a line feed inside', () => {
  checkFailures([
    [
      'a lone surrogate (string only)',
      'XCLIENT HELO=a\uD800b',
      ALL,
      err('LINE_BAD_UTF8', 'lone surrogate at offset 14', 14, R.badUtf8),
    ],
    [
      'a lone surrogate first',
      '\uDC00XCLIENT LOGIN=a',
      ALL,
      err('LINE_BAD_UTF8', 'lone surrogate at offset 0', 0, R.badUtf8),
    ],
    [
      'invalid UTF-8 first',
      latin1('\x80XCLIENT LOGIN=a'),
      ALL,
      err('LINE_BAD_UTF8', 'invalid UTF-8 at offset 0', 0, R.badUtf8),
    ],
    [
      'a line feed inside',
      'XCLIENT LOGIN=a\nb',
      ALL,
      err('LINE_BAD_CHAR', 'line feed at offset 15: a line holds one command', 15, R.lineFeed),
    ],
    [
      'a line feed first',
      '\nXCLIENT LOGIN=a',
      ALL,
      err('LINE_BAD_CHAR', 'line feed at offset 0: a line holds one command', 0, R.lineFeed),
    ],
    [
      'two line feeds at the end: the first is inside the line',
      'XCLIENT LOGIN=a\n\n',
      ALL,
      err('LINE_BAD_CHAR', 'line feed at offset 15: a line holds one command', 15, R.lineFeed),
    ],
    [
      'a lone LF is an empty line',
      '\n',
      ALL,
      err('LINE_EMPTY', 'empty command line', 0, R.emptyLine),
    ],
    [
      'a lone CRLF is an empty line',
      '\r\n',
      ALL,
      err('LINE_EMPTY', 'empty command line', 0, R.emptyLine),
    ],
    ['the empty string', '', ALL, err('LINE_EMPTY', 'empty command line', 0, R.emptyLine)],
    [
      "'strict' and 'lenient' take one CR before the LF, not two",
      'XCLIENT LOGIN=a\r\r\n',
      SL,
      err('LINE_BAD_CHAR', 'control character 0x0d at offset 15', 15, R.controlChar),
    ],
    [
      "'strict' and 'lenient' take no CR without LF",
      'XCLIENT LOGIN=a\r',
      SL,
      err('LINE_BAD_CHAR', 'control character 0x0d at offset 15', 15, R.controlChar),
    ],
  ]);

  it('refuses what is neither a string nor octets, in every profile', () => {
    for (const profile of ALL) {
      expect(failure(42 as unknown as string, profile)).toStrictEqual({
        error: err(
          'LINE_NOT_XCLIENT',
          'the line must be a string or a Uint8Array',
          0,
          R.notRecognized,
        ),
        partial: [],
        warnings: [],
      });
    }
  });

  it.each([
    ['XCLIENT LOGIN=a\r\n', ALL],
    ['XCLIENT LOGIN=a\n', ALL],
    ['XCLIENT LOGIN=a', ALL],
    // Postfix drops every CR at the end of the line, with or without the LF (smtp_get)
    ['XCLIENT LOGIN=a\r\r\n', P],
    ['XCLIENT LOGIN=a\r\r', P],
  ] as const)('%j is LOGIN=a', (line, profiles) => {
    for (const profile of profiles) {
      for (const form of forms(line)) {
        expect(success(form, profile)).toStrictEqual({
          value: { attributes: [attr('LOGIN', 'a', 8)], extensions: [], LOGIN: 'a' },
          warnings: [],
        });
      }
    }
  });

  it('reads a non-ASCII string line by its octets (names, values and positions)', () => {
    for (const profile of ['postfix', 'lenient'] as const) {
      expect(failure('XCLIENT LOGIN=jörg NAME=x..y', profile)).toStrictEqual({
        error: err(
          'ATTR_BAD_VALUE',
          'NAME: empty label',
          25,
          R.syntax('Bad NAME syntax: x..y'),
          'NAME',
        ),
        partial: ['LOGIN'],
        warnings: [warn('XTEXT_RAW_OCTET', M.rawOctet, 15, 'LOGIN')],
      });
      const r = parseXclient('XCLIENT LOGIN=jörg HELO=é+41', { profile });
      expect(r.ok && r.value.attributes.map((a) => [a.rawName, a.raw, a.position])).toEqual([
        ['LOGIN', 'jörg', 8],
        ['HELO', 'é+41', 20],
      ]);
    }
  });
});

// ---------------------------------------------------------------------------------------
// Lengths

describe("line length: 512 octets ('strict'), 4096 ('lenient'), cut at 2048 ('postfix')", () => {
  it("'strict': 512 octets with the CRLF, not 513, as a string or as octets", () => {
    for (const form of forms(lineOf(510))) {
      expect(success(form, 'strict').value.LOGIN).toBe('a'.repeat(235));
    }
    for (const form of forms(lineOf(511))) {
      expect(failure(form, 'strict')).toStrictEqual({
        error: err(
          'LINE_TOO_LONG',
          'line of 513 octets with its CRLF (at most 512)',
          510,
          R.lineTooLong,
        ),
        partial: [],
        warnings: [],
      });
    }
  });

  it("'lenient': over 512 is a warning, over 4096 an error", () => {
    expect(success(lineOf(510), 'lenient').warnings).toStrictEqual([]);
    expect(success(lineOf(511), 'lenient').warnings).toStrictEqual([
      warn('LINE_TOO_LONG', "line of 513 octets with its CRLF, over RFC 5321's 512", 510),
    ]);
    const at4096 = success(utf8(lineOf(4094)), 'lenient');
    expect(at4096.warnings.filter((w) => w.code === 'LINE_TOO_LONG')).toStrictEqual([
      warn('LINE_TOO_LONG', "line of 4096 octets with its CRLF, over RFC 5321's 512", 510),
    ]);
    for (const form of forms(lineOf(4095))) {
      expect(failure(form, 'lenient')).toStrictEqual({
        error: err(
          'LINE_TOO_LONG',
          'line of 4097 octets with its CRLF (at most 4096)',
          4094,
          R.lineTooLong,
        ),
        partial: [],
        warnings: [],
      });
    }
  });

  const truncated = (n: number) =>
    warn('LINE_TRUNCATED', `line of ${n} octets cut at 2048, as Postfix does`, 2048);

  // smtp_get() reads at most 2048 octets, the LF included: 2047 and a line end are whole,
  // 2048 are cut (of the line end only), 2049 lose an octet (docs/spec/postfix.md §1.1).
  it("'postfix': 2047 octets are read whole, 2048 and 2049 are cut, with a warning", () => {
    const whole = success(latin1(lineOf(2047)), 'postfix');
    expect(whole.value.LOGIN).toBe('a'.repeat(206));
    expect(whole.warnings.filter((w) => w.code === 'LINE_TRUNCATED')).toStrictEqual([]);
    const at = success(latin1(lineOf(2048)), 'postfix');
    expect(at.value.LOGIN).toBe('a'.repeat(207));
    expect(at.warnings.filter((w) => w.code === 'LINE_TRUNCATED')).toStrictEqual([truncated(2048)]);
    const cut = success(latin1(lineOf(2049)), 'postfix');
    expect(cut.value.LOGIN).toBe('a'.repeat(207));
    expect(cut.warnings.filter((w) => w.code === 'LINE_TRUNCATED')).toStrictEqual([
      truncated(2049),
    ]);
  });

  it("'postfix': CRs before the LF are dropped when the LF comes right after the bound", () => {
    const r = success(latin1(`${lineOf(2046)}\r\r\n`), 'postfix');
    expect(r.value.LOGIN).toBe('a'.repeat(205));
    expect(r.warnings.filter((w) => w.code === 'LINE_TRUNCATED')).toStrictEqual([]);
    // One more: the bound falls on a CR that no LF follows; it is kept, and printable()
    // makes it "?" (measured: 'Bad NAME syntax: x.example?').
    const cut = success(latin1(`${lineOf(2047)}\r\r\n`), 'postfix');
    expect(cut.value.LOGIN).toBe(`${'a'.repeat(206)}?`);
    expect(cut.warnings.filter((w) => w.code === 'LINE_TRUNCATED')).toStrictEqual([
      warn(
        'LINE_TRUNCATED',
        'line of 2047 octets whose CRs reach octet 2048 before the LF, cut there, as Postfix does; printable() shows its controls and stray 8-bit octets as "?"',
        2047,
      ),
    ]);
  });

  it("'postfix': a colon past the cut does not make the verb a header", () => {
    expect(failure(latin1(`${'A'.repeat(2048)}:`), 'postfix')).toStrictEqual({
      error: err('LINE_NOT_XCLIENT', `"${'A'.repeat(2048)}" is not XCLIENT`, 0, R.notRecognized),
      partial: [],
      warnings: [truncated(2049)],
    });
  });

  it("'lenient' reads a string line between 2048 and 4096 octets whole", () => {
    expect(success(lineOf(3000), 'lenient').value.LOGIN).toBe('a'.repeat(115));
  });

  it("the default profile is 'strict'", () => {
    const r = parseXclient('XCLIENT HELO=a+2b');
    expect(!r.ok && r.error.code).toBe('XTEXT_LOWERCASE_HEXCHAR');
  });

  it("'postfix': a NUL, invalid UTF-8 or an attribute past the cut is never seen", () => {
    for (const tail of ['\0', '\xff', ' FOO=1']) {
      const r = success(latin1(lineOf(2048) + tail), 'postfix');
      expect(r.value.LOGIN).toBe('a'.repeat(207));
      expect(r.warnings.filter((w) => w.code === 'LINE_TRUNCATED')).toStrictEqual([
        truncated(2048 + tail.length),
      ]);
    }
  });

  it("'postfix': an attribute cut after its '=' is attribute=value expected (SPEC §1)", () => {
    const line = `${lineOf(2042)} PORT=25`;
    const f = failure(line, 'postfix');
    expect(f.error).toStrictEqual(
      err('ATTR_EMPTY', '"PORT=" is not attribute=value', 2043, R.valueExpected),
    );
    expect(f.partial).toEqual([...Array(7).fill('HELO'), 'LOGIN']);
    expect(f.warnings.filter((w) => w.code === 'LINE_TRUNCATED')).toStrictEqual([truncated(2050)]);
  });

  it("'postfix': a cut inside a UTF-8 sequence leaves its lead octet, which printable() masks", () => {
    const line = latin1(`XCLIENT LOGIN=x${'\xc3\xa9'.repeat(1100)}`);
    expect(failure(line, 'postfix')).toStrictEqual({
      error: err(
        'ATTR_VALUE_TOO_LONG',
        'value of 2034 octets (at most 255 before decoding)',
        14,
        R.valueTooLong,
      ),
      partial: [],
      warnings: [
        warn(
          'LINE_TRUNCATED',
          'line of 2215 octets cut at 2048, as Postfix does; printable() shows its controls and stray 8-bit octets as "?"',
          2048,
        ),
      ],
    });
  });
});

describe('string lines over 4096 code units (read without encoding them whole)', () => {
  const long = lineOf(5000);
  it.each([
    ['\r\n', 5002],
    ['\n', 5002],
    ['', 5002],
    ['\r\r\n', 5003],
    ['\r\r', 5004],
  ])("'strict' counts the octets with one CRLF: %j", (end, octets) => {
    expect(failure(long + end, 'strict')).toStrictEqual({
      error: err(
        'LINE_TOO_LONG',
        `line of ${octets} octets with its CRLF (at most 512)`,
        510,
        R.lineTooLong,
      ),
      partial: [],
      warnings: [],
    });
  });

  it("'lenient' refuses it at 4096, counting octets", () => {
    expect(failure(`${long}\n`, 'lenient').error).toStrictEqual(
      err('LINE_TOO_LONG', 'line of 5002 octets with its CRLF (at most 4096)', 4094, R.lineTooLong),
    );
    expect(failure(`XCLIENT LOGIN=${'é'.repeat(3000)}`, 'strict').error.message).toBe(
      'line of 6016 octets with its CRLF (at most 512)',
    );
  });

  it.each(['\r\n', '\r\r', '\r\r\n', '\n', ''])(
    "'postfix' cuts it at 2048 whatever its end: %j",
    (end) => {
      const r = success(long + end, 'postfix');
      expect(r.value.HELO).toBe('h'.repeat(208));
      expect(r.value.LOGIN).toBeUndefined();
      expect(r.warnings.filter((w) => w.code === 'LINE_TRUNCATED')).toStrictEqual([
        warn('LINE_TRUNCATED', 'line of 5000 octets cut at 2048, as Postfix does', 2048),
      ]);
    },
  );

  it("'postfix' counts octets, not code units, and reads only the first 2048", () => {
    for (const n of [3000, 4100]) {
      // 3000: encoded whole (up to 4096 code units); 4100: only its head is encoded
      expect(failure(`XCLIENT LOGIN=${'é'.repeat(n)}\r\n`, 'postfix')).toStrictEqual({
        error: err(
          'ATTR_VALUE_TOO_LONG',
          'value of 2034 octets (at most 255 before decoding)',
          14,
          R.valueTooLong,
        ),
        partial: [],
        warnings: [
          warn('LINE_TRUNCATED', `line of ${14 + 2 * n} octets cut at 2048, as Postfix does`, 2048),
        ],
      });
      expect(failure(`XCLIENT LOGIN=${'é'.repeat(n)}\r\n`, 'strict').error.message).toBe(
        `line of ${16 + 2 * n} octets with its CRLF (at most 512)`,
      );
    }
  });

  it.each(ALL)("a line feed inside is found at its octet offset ('%s')", (profile) => {
    expect(failure(`XCLIENT LOGIN=é\n${'a'.repeat(5000)}`, profile)).toStrictEqual({
      error: err(
        'LINE_BAD_CHAR',
        'line feed at offset 16: a line holds one command',
        16,
        R.lineFeed,
      ),
      partial: [],
      warnings: [],
    });
  });

  it.each(ALL)("a line feed first is found at 0 ('%s')", (profile) => {
    expect(failure(`\n${'a'.repeat(5000)}`, profile).error).toStrictEqual(
      err('LINE_BAD_CHAR', 'line feed at offset 0: a line holds one command', 0, R.lineFeed),
    );
  });

  it.each(ALL)("a lone surrogate is found first ('%s')", (profile) => {
    expect(failure(`XCLIENT LOGIN=${'a'.repeat(5000)}\uD800`, profile).error).toStrictEqual(
      err('LINE_BAD_UTF8', 'lone surrogate at offset 5014', 5014, R.badUtf8),
    );
  });
});

// ---------------------------------------------------------------------------------------
// Control characters, NUL, UTF-8

describe('control characters, NUL and invalid UTF-8 in the line', () => {
  checkFailures([
    [
      'TAB in strict is a spacing error',
      'XCLIENT LOGIN=a\tb',
      S,
      err('LINE_BAD_SPACING', 'TAB at offset 15', 15, R.spacing),
    ],
    ...(
      [
        ['\x01', '01'],
        ['\x1f', '1f'],
        ['\x7f', '7f'],
        ['\x0b', '0b'],
      ] as const
    ).map(
      ([c, hex]): Case => [
        `0x${hex} in strict`,
        `XCLIENT LOGIN=a${c}b`,
        S,
        err('LINE_BAD_CHAR', `control character 0x${hex} at offset 15`, 15, R.controlChar),
      ],
    ),
    [
      'NUL in strict and lenient',
      'XCLIENT LOGIN=a\0b',
      SL,
      err('LINE_BAD_CHAR', 'control character 0x00 at offset 15', 15, R.controlChar),
    ],
    [
      'CR in strict and lenient',
      'XCLIENT LOGIN=a\rb',
      SL,
      err('LINE_BAD_CHAR', 'control character 0x0d at offset 15', 15, R.controlChar),
    ],
    [
      'a NUL first',
      latin1('\0XCLIENT LOGIN=a'),
      SL,
      err('LINE_BAD_CHAR', 'control character 0x00 at offset 0', 0, R.controlChar),
    ],
    [
      "a NUL first in 'postfix' leaves an empty line",
      latin1('\0XCLIENT LOGIN=a'),
      P,
      err('LINE_EMPTY', 'empty command line', 0, R.emptyLine),
      [warn('LINE_TRUNCATED', M.nulLine, 0)],
    ],
    [
      'invalid UTF-8',
      latin1('XCLIENT LOGIN=a\xffb'),
      ALL,
      err('LINE_BAD_UTF8', 'invalid UTF-8 at offset 15', 15, R.badUtf8),
    ],
    [
      'a bare CR separates in postfix',
      'XCLIENT LOGIN=a\rb',
      P,
      err('ATTR_MISSING_EQUALS', '"b" is not attribute=value', 16, R.valueExpected),
      [],
      ['LOGIN'],
    ],
  ]);

  it("'postfix': a NUL ends the line, but the UTF-8 check reads what follows it", () => {
    expect(success('XCLIENT LOGIN=a\0b FOO=1', 'postfix')).toStrictEqual({
      value: { attributes: [attr('LOGIN', 'a', 8)], extensions: [], LOGIN: 'a' },
      warnings: [warn('LINE_TRUNCATED', M.nulLine, 15)],
    });
    // valid_utf8_string() runs on the whole buffer (measured: 500 5.5.2).
    expect(failure(latin1('XCLIENT LOGIN=a\0\xff'), 'postfix').error).toStrictEqual(
      err('LINE_BAD_UTF8', 'invalid UTF-8 at offset 16', 16, R.badUtf8),
    );
  });

  it("'lenient' takes TAB, DEL and other controls in a text value, with warnings", () => {
    for (const c of ['\x01', '\x1f', '\x7f']) {
      expect(success(`XCLIENT LOGIN=a${c}b`, 'lenient')).toStrictEqual({
        value: { attributes: [attr('LOGIN', `a${c}b`, 8)], extensions: [], LOGIN: `a${c}b` },
        warnings: [
          warn('XTEXT_RAW_OCTET', M.rawOctet, 15, 'LOGIN'),
          warn('ATTR_CONTROL', M.attrControl, 15, 'LOGIN'),
        ],
      });
    }
  });

  it("'postfix' masks a raw control in a value and says so (warnings in line order)", () => {
    for (const form of forms('XCLIENT LOGIN=a\x01b')) {
      expect(success(form, 'postfix')).toStrictEqual({
        value: {
          attributes: [attr('LOGIN', 'a\x01b', 8, 'a?b')],
          extensions: [],
          LOGIN: 'a?b',
        },
        warnings: [
          warn('ATTR_MASKED', M.masked, 14, 'LOGIN'),
          warn('XTEXT_RAW_OCTET', M.rawOctet, 15, 'LOGIN'),
          warn('XTEXT_CONTROL_CHAR', M.control, 15, 'LOGIN'),
        ],
      });
    }
  });

  it("'postfix' splits at VT and FF (C isspace)", () => {
    expect(success('XCLIENT\vNAME=a\fLOGIN=b', 'postfix').value).toStrictEqual({
      attributes: [attr('NAME', 'a', 8), attr('LOGIN', 'b', 15)],
      extensions: [],
      NAME: 'a',
      LOGIN: 'b',
    });
  });
});

// ---------------------------------------------------------------------------------------
// The verb

describe('the verb', () => {
  const notXclient = (shown: string, at = 0) =>
    err('LINE_NOT_XCLIENT', `"${shown}" is not XCLIENT`, at, R.notRecognized);
  const forbidden = (shown: string, at = 0) =>
    err(
      'LINE_HEADER_LIKE',
      `"${shown}" is a forbidden command: Postfix disconnects`,
      at,
      R.headerLike,
    );

  checkFailures([
    ['XCLIENTX', 'XCLIENTX NAME=a', ALL, notXclient('XCLIENTX')],
    ['XCLIENTé', 'XCLIENTé NAME=a', ALL, notXclient('XCLIENTé')],
    ['XCLIENT: in strict and lenient', 'XCLIENT: NAME=a', SL, notXclient('XCLIENT:')],
    ['CONNECT in strict and lenient', 'CONNECT NAME=a', SL, notXclient('CONNECT')],
    ['a digit first in strict and lenient', '1XCLIENT NAME=a', SL, notXclient('1XCLIENT')],
    ['XCLIENT: in postfix, after a space', ' XCLIENT: NAME=a', P, forbidden('XCLIENT:', 1)],
    [
      'XCLIENT: in lenient, after a space',
      ' XCLIENT: NAME=a',
      L,
      notXclient('XCLIENT:', 1),
      [warn('LINE_EXTRA_SPACE', M.extraSpace, 0)],
    ],
    ['connect', 'connect NAME=a', P, forbidden('connect')],
    ['GeT', 'GeT NAME=a', P, forbidden('GeT')],
    ['POST alone', 'POST', P, forbidden('POST')],
    ['POSTX is no forbidden command', 'POSTX', P, notXclient('POSTX')],
    ['GE is no forbidden command', 'GE x', P, notXclient('GE')],
    ['a digit first', '1XCLIENT NAME=a', P, forbidden('1XCLIENT')],
    ['"[" first', '[ x', P, forbidden('[')],
    ['"@" first (just below A)', '@A x', P, forbidden('@A')],
    ['"`" first (just below a)', '`a x', P, forbidden('`a')],
    ['"{" first (just above z)', '{a x', P, forbidden('{a')],
    ['a control first', '\x01A x', P, forbidden('\x01A')],
    ['a non-ASCII letter first', 'é x', P, forbidden('é')],
    ['Z and z are letters', 'Z x', P, notXclient('Z')],
    ['z', 'zz x', P, notXclient('zz')],
    ['a header: A~:', 'A~: x', P, forbidden('A~:')],
    ['a lone colon', ': x', P, forbidden(':')],
    // is_header(): spaces may come between the name and its colon
    ['a protected space before the colon', 'A\\ : x', P, forbidden('A\\ :')],
    ['a quoted space before the colon', 'A" :" x', P, forbidden('A" :"')],
    // measured on Postfix 3.7.11: after a space only more spaces, then the colon
    ['a quoted TAB before the colon', 'A"\t:" x', P, forbidden('A"\t:"')],
    ['a quote after a quoted space is no header', 'A" ": x', P, notXclient('A" ":')],
    ['a quote after a quoted TAB is no header', 'A"\t": x', P, notXclient('A"\t":')],
    ['a ">" after a TAB is no header', 'A<\t>: x', P, notXclient('A<\t>:')],
    ['a quoted VT before the colon is no header', 'A"\v:" x', P, notXclient('A"\v:"')],
    ['a letter after a quoted space is no header', 'A" B:" x', P, notXclient('A" B:"')],
    ['DEL before the colon is no header', 'A\x7f: x', P, notXclient('A\x7f:')],
    ['0x1F before the colon is no header', 'A\x1f: x', P, notXclient('A\x1f:')],
    ['non-ASCII before the colon is no header', 'Aé: x', P, notXclient('Aé:')],
    ['a colon in a later token is no header', 'AB x:', P, notXclient('AB')],
    ['no colon is no header', 'AB~ x', P, notXclient('AB~')],
    [
      'XCLIENT alone',
      'XCLIENT',
      ALL,
      err('LINE_NO_ATTRIBUTES', 'XCLIENT without attributes', 7, R.noAttributes),
    ],
    [
      'XCLIENT with spaces around (postfix)',
      ' XCLIENT  ',
      P,
      err('LINE_NO_ATTRIBUTES', 'XCLIENT without attributes', 8, R.noAttributes),
    ],
    [
      'XCLIENT with spaces around (lenient)',
      ' XCLIENT  ',
      L,
      err('LINE_NO_ATTRIBUTES', 'XCLIENT without attributes', 8, R.noAttributes),
      [warn('LINE_EXTRA_SPACE', M.extraSpace, 0)],
    ],
    [
      'XCLIENT with spaces around (strict)',
      ' XCLIENT  ',
      S,
      err('LINE_BAD_SPACING', 'empty token at offset 0', 0, R.spacing),
    ],
    ['only spaces (postfix)', '   ', P, err('LINE_EMPTY', 'empty command line', 0, R.emptyLine)],
    ['only spaces (lenient)', ' \t ', L, err('LINE_EMPTY', 'empty command line', 0, R.emptyLine)],
    [
      'only spaces (strict)',
      '   ',
      S,
      err('LINE_BAD_SPACING', 'empty token at offset 0', 0, R.spacing),
    ],
    [
      'a trailing space (strict)',
      'XCLIENT LOGIN=a ',
      S,
      err('LINE_BAD_SPACING', 'empty token at offset 16', 16, R.spacing),
      [],
      [],
    ],
    [
      'two spaces (strict)',
      'XCLIENT LOGIN=a  NAME=b',
      S,
      err('LINE_BAD_SPACING', 'empty token at offset 16', 16, R.spacing),
    ],
  ]);
});

// ---------------------------------------------------------------------------------------
// Postfix's tokenizer

describe("'postfix' tokens: quotes, <…>, backslash, to: and from:", () => {
  it.each([
    ['XCLIENT HELO="a b" LOGIN=x', '"a b"', 19],
    ['XCLIENT HELO=<a "b> c" d> LOGIN=x', '<a "b> c" d>', 26],
    ['XCLIENT HELO=<a <b> c> LOGIN=x', '<a <b> c>', 23],
    ['XCLIENT HELO=a\\ b LOGIN=x', 'a\\ b', 18],
    ['XCLIENT HELO="a\\" b" LOGIN=x', '"a\\" b"', 21],
    ['XCLIENT HELO="<" LOGIN=x', '"<"', 17],
    ['XCLIENT HELO=<a"> b"> LOGIN=x', '<a"> b">', 22],
  ])('%j: HELO is %j, LOGIN at %d', (line, helo, at) => {
    const r = success(line, 'postfix');
    expect(r.value.attributes.map((a) => [a.name, a.raw, a.position])).toEqual([
      ['HELO', helo, 8],
      ['LOGIN', 'x', at],
    ]);
  });

  it.each([
    ['XCLIENT HELO="a b LOGIN=x', '"a b LOGIN=x'],
    ['XCLIENT HELO=<a b LOGIN=x', '<a b LOGIN=x'],
    ['XCLIENT HELO=a\\', 'a\\'],
    ['XCLIENT HELO="a\\', '"a\\'],
    ['XCLIENT HELO=<a\\', '<a\\'],
    ['XCLIENT HELO=<a "b> LOGIN=x', '<a "b> LOGIN=x'],
  ])('an unterminated group runs to the end: %j', (line, helo) => {
    const r = success(line, 'postfix');
    expect(r.value.attributes.map((a) => a.raw)).toEqual([helo]);
  });

  it('neuters HELO as Postfix records it, and warns about the raw octets', () => {
    expect(success('XCLIENT HELO="a b" LOGIN=x', 'postfix')).toStrictEqual({
      value: {
        attributes: [attr('HELO', '"a b"', 8, '?a?b?'), attr('LOGIN', 'x', 19)],
        extensions: [],
        HELO: '?a?b?',
        LOGIN: 'x',
      },
      warnings: [warn('XTEXT_RAW_OCTET', M.rawOctet, 15, 'HELO')],
    });
  });

  checkFailures([
    [
      'to: ends at its colon',
      'XCLIENT to:NAME=x',
      P,
      err('ATTR_MISSING_EQUALS', '"to:" is not attribute=value', 8, R.valueExpected),
    ],
    [
      'to: ends at its colon, before an "="',
      'XCLIENT to:=x',
      P,
      err('ATTR_MISSING_EQUALS', '"to:" is not attribute=value', 8, R.valueExpected),
    ],
    [
      'TO:',
      'XCLIENT TO:x',
      P,
      err('ATTR_MISSING_EQUALS', '"TO:" is not attribute=value', 8, R.valueExpected),
    ],
    [
      'From:',
      'XCLIENT From:LOGIN=x',
      P,
      err('ATTR_MISSING_EQUALS', '"From:" is not attribute=value', 8, R.valueExpected),
    ],
    [
      'a token that only ends in to: is not split',
      'XCLIENT xto:LOGIN=x',
      P,
      err(
        'ATTR_UNKNOWN',
        'unknown attribute name "xto:LOGIN"',
        8,
        R.syntax('Bad XCLIENT attribute name: xto:LOGIN'),
        'xto:LOGIN',
      ),
    ],
    [
      'nor one that is only "t:"',
      'XCLIENT t:LOGIN=x',
      P,
      err(
        'ATTR_UNKNOWN',
        'unknown attribute name "t:LOGIN"',
        8,
        R.syntax('Bad XCLIENT attribute name: t:LOGIN'),
        't:LOGIN',
      ),
    ],
    [
      'nor "fro:"',
      'XCLIENT fro:LOGIN=x',
      P,
      err(
        'ATTR_UNKNOWN',
        'unknown attribute name "fro:LOGIN"',
        8,
        R.syntax('Bad XCLIENT attribute name: fro:LOGIN'),
        'fro:LOGIN',
      ),
    ],
    [
      'to: is not special in strict',
      'XCLIENT to:NAME=x',
      S,
      err(
        'ATTR_UNKNOWN',
        'unknown attribute name "to:NAME"',
        8,
        R.syntax('Bad XCLIENT attribute name: to:NAME'),
        'to:NAME',
      ),
    ],
  ]);

  it('a value may hold "to:"', () => {
    expect(success('XCLIENT LOGIN=to:x', 'postfix').value.LOGIN).toBe('to:x');
  });
});

// ---------------------------------------------------------------------------------------
// Attributes

describe('attribute=value', () => {
  checkFailures([
    [
      'no "=" (strict, postfix)',
      'XCLIENT NAME=a.example LOGIN',
      ['strict', 'postfix'],
      err('ATTR_MISSING_EQUALS', '"LOGIN" is not attribute=value', 23, R.valueExpected),
      [],
      ['NAME'],
    ],
    [
      'no "=" in the first attribute (lenient)',
      'XCLIENT LOGIN',
      L,
      err('ATTR_MISSING_EQUALS', '"LOGIN" is not attribute=value', 8, R.valueExpected),
    ],
    [
      'an empty value (strict, lenient)',
      'XCLIENT NAME=a.example LOGIN=',
      SL,
      err('ATTR_EMPTY', 'LOGIN has an empty value', 29, R.valueExpected, 'LOGIN'),
      [],
      ['NAME'],
    ],
    [
      'an empty value (postfix)',
      'XCLIENT NAME=a.example LOGIN=',
      P,
      err('ATTR_EMPTY', '"LOGIN=" is not attribute=value', 23, R.valueExpected),
      [],
      ['NAME'],
    ],
    [
      'a lone "=" (postfix)',
      'XCLIENT =',
      P,
      err('ATTR_EMPTY', '"=" is not attribute=value', 8, R.valueExpected),
    ],
    [
      'a lone "=" (strict, lenient)',
      'XCLIENT =',
      SL,
      err(
        'ATTR_UNKNOWN',
        'unknown attribute name ""',
        8,
        R.syntax('Bad XCLIENT attribute name: '),
        '',
      ),
    ],
    [
      'an empty name (c052)',
      'XCLIENT =x',
      ALL,
      err(
        'ATTR_UNKNOWN',
        'unknown attribute name ""',
        8,
        R.syntax('Bad XCLIENT attribute name: '),
        '',
      ),
    ],
    [
      'an unknown name (strict, postfix)',
      'XCLIENT PORT=1 FOO=+41',
      ['strict', 'postfix'],
      err(
        'ATTR_UNKNOWN',
        'unknown attribute name "FOO"',
        15,
        R.syntax('Bad XCLIENT attribute name: FOO'),
        'FOO',
      ),
      [],
      ['PORT'],
    ],
    [
      'an unknown name first (lenient: no value to continue)',
      'XCLIENT FOO=+41',
      L,
      err(
        'ATTR_UNKNOWN',
        'unknown attribute name "FOO"',
        8,
        R.syntax('Bad XCLIENT attribute name: FOO'),
        'FOO',
      ),
    ],
    [
      "a Dovecot name outside 'lenient'",
      'XCLIENT PORT=1 ttl=5',
      ['strict', 'postfix'],
      err(
        'ATTR_UNKNOWN',
        'unknown attribute name "ttl"',
        15,
        R.syntax('Bad XCLIENT attribute name: ttl'),
        'ttl',
      ),
      [],
      ['PORT'],
    ],
    [
      "an unknown name with DEL: masked in the reply ('lenient')",
      'XCLIENT F\x7fO=1',
      L,
      err(
        'ATTR_UNKNOWN',
        'unknown attribute name "F\x7fO"',
        8,
        R.syntax('Bad XCLIENT attribute name: F?O'),
        'F\x7fO',
      ),
    ],
    [
      "an unknown name whose value is malformed: a warning without attribute ('postfix')",
      'XCLIENT FOO=a+',
      P,
      err(
        'ATTR_UNKNOWN',
        'unknown attribute name "FOO"',
        8,
        R.syntax('Bad XCLIENT attribute name: FOO'),
        'FOO',
      ),
      [warn('XTEXT_FALLBACK', M.fallback, 13)],
    ],
    [
      'a duplicate (strict)',
      'XCLIENT LOGIN=a login=b',
      S,
      err(
        'ATTR_DUPLICATE',
        'LOGIN appears twice',
        16,
        R.syntax('Error: duplicate attribute LOGIN'),
        'LOGIN',
      ),
      [],
      ['LOGIN'],
    ],
    [
      'a value over 255 octets, before the name is known (postfix, c391)',
      `XCLIENT FOO=${'a'.repeat(256)}`,
      P,
      err(
        'ATTR_VALUE_TOO_LONG',
        'value of 256 octets (at most 255 before decoding)',
        12,
        R.valueTooLong,
      ),
    ],
    [
      'a value over 255 octets (strict)',
      `XCLIENT HELO=${'a'.repeat(256)}`,
      S,
      err(
        'ATTR_VALUE_TOO_LONG',
        'HELO value of 256 octets (at most 255 before decoding)',
        13,
        R.valueTooLong,
        'HELO',
      ),
    ],
    [
      '86 escapes are 258 octets (strict)',
      `XCLIENT LOGIN=${'+41'.repeat(86)}`,
      S,
      err(
        'ATTR_VALUE_TOO_LONG',
        'LOGIN value of 258 octets (at most 255 before decoding)',
        14,
        R.valueTooLong,
        'LOGIN',
      ),
    ],
    [
      'a bad value is reported at its start, keeping what came before',
      'XCLIENT NAME=a.example PORT=x',
      ALL,
      err(
        'ATTR_BAD_VALUE',
        'PORT: not a decimal number of 1 to 5 digits',
        28,
        R.syntax('Bad PORT syntax: x'),
        'PORT',
      ),
      [],
      ['NAME'],
    ],
    [
      'a decoded bad value is echoed decoded',
      'XCLIENT NAME=+41..b',
      ALL,
      err('ATTR_BAD_VALUE', 'NAME: empty label', 13, R.syntax('Bad NAME syntax: A..b'), 'NAME'),
    ],
  ]);

  it.each(ALL)("255 octets are not too many ('%s')", (profile) => {
    for (const form of forms(`XCLIENT LOGIN=${'a'.repeat(255)}`)) {
      expect(success(form, profile)).toStrictEqual({
        value: {
          attributes: [attr('LOGIN', 'a'.repeat(255), 8)],
          extensions: [],
          LOGIN: 'a'.repeat(255),
        },
        warnings: [],
      });
    }
    expect(success(`XCLIENT LOGIN=${'+41'.repeat(85)}`, profile).value.LOGIN).toBe('A'.repeat(85));
  });

  it.each(['postfix', 'lenient'] as const)(
    "repeated attributes: the last wins, with one warning ('%s')",
    (profile) => {
      for (const form of forms('XCLIENT LOGIN=a login=b LOGIN=c')) {
        expect(success(form, profile)).toStrictEqual({
          value: {
            attributes: [
              attr('LOGIN', 'a', 8),
              attr('LOGIN', 'b', 16, 'b', 'login'),
              attr('LOGIN', 'c', 24),
            ],
            extensions: [],
            LOGIN: 'c',
          },
          warnings: [
            warn('ATTR_DUPLICATE', 'LOGIN repeated: the last one wins', 16, 'LOGIN'),
            warn('ATTR_DUPLICATE', 'LOGIN repeated: the last one wins', 24, 'LOGIN'),
          ],
        });
      }
    },
  );

  it('the value of each attribute is set by name; other attributes are absent', () => {
    for (const profile of ALL) {
      const r = success(utf8('XCLIENT NAME=a.example PORT=25 ADDR=IPV6:::1'), profile);
      expect(r.value).toStrictEqual({
        attributes: [
          attr('NAME', 'a.example', 8),
          attr('PORT', '25', 23, 25),
          attr('ADDR', 'IPV6:::1', 31, '::1', 'ADDR', 'IPV6:::1'),
        ],
        extensions: [],
        NAME: 'a.example',
        PORT: 25,
        ADDR: '::1',
      });
    }
  });
});

// ---------------------------------------------------------------------------------------
// xtext in the three profiles

describe('xtext: refused in strict, taken as Postfix does, warned about in lenient', () => {
  checkFailures([
    [
      'a bad hex digit (strict)',
      'XCLIENT HELO=a+2G',
      S,
      err(
        'XTEXT_BAD_HEXCHAR',
        'HELO: malformed xtext at offset 14',
        14,
        R.syntax('Bad HELO xtext: a+2G'),
        'HELO',
      ),
    ],
    [
      'raw UTF-8 (strict)',
      'XCLIENT LOGIN=jörg',
      S,
      err(
        'XTEXT_BAD_CHAR',
        'LOGIN: malformed xtext at offset 15',
        15,
        R.syntax('Bad LOGIN xtext: jörg'),
        'LOGIN',
      ),
    ],
    [
      'an escape that is not UTF-8 (strict, lenient)',
      'XCLIENT LOGIN=ab+E9c',
      SL,
      err(
        'XTEXT_INVALID_UTF8',
        'LOGIN: the decoded value is not valid UTF-8',
        16,
        R.syntax('Bad LOGIN syntax: ab?c'),
        'LOGIN',
      ),
    ],
    [
      'an escape that is not UTF-8, first',
      'XCLIENT LOGIN=+E9',
      SL,
      err(
        'XTEXT_INVALID_UTF8',
        'LOGIN: the decoded value is not valid UTF-8',
        14,
        R.syntax('Bad LOGIN syntax: ?'),
        'LOGIN',
      ),
    ],
    [
      'two such escapes after a good one: each shown as "?"',
      'XCLIENT LOGIN=+41+E9+E9z',
      SL,
      err(
        'XTEXT_INVALID_UTF8',
        'LOGIN: the decoded value is not valid UTF-8',
        17,
        R.syntax('Bad LOGIN syntax: A??z'),
        'LOGIN',
      ),
    ],
    [
      'a CR smuggled through xtext, at the escape',
      'XCLIENT HELO=+41+41+0Dc',
      SL,
      err(
        'ATTR_CONTROL_CHAR',
        'HELO: control character U+000D in the value',
        19,
        R.syntax('Bad HELO syntax: AA?c'),
        'HELO',
      ),
    ],
    [
      'a NUL smuggled through xtext',
      'XCLIENT LOGIN=+00',
      SL,
      err(
        'ATTR_CONTROL_CHAR',
        'LOGIN: control character U+0000 in the value',
        14,
        R.syntax('Bad LOGIN syntax: ?'),
        'LOGIN',
      ),
    ],
    [
      'CR LF through xtext in ADDR (postfix masks, then refuses)',
      'XCLIENT ADDR=1.2.3.4+0D+0ARCPT',
      P,
      err(
        'ATTR_BAD_VALUE',
        'ADDR: invalid character',
        13,
        R.syntax('Bad ADDR syntax: 1.2.3.4??RCPT'),
        'ADDR',
      ),
      [
        warn('ATTR_MASKED', M.masked, 13, 'ADDR'),
        warn('XTEXT_CONTROL_CHAR', M.control, 20, 'ADDR'),
        warn('XTEXT_CONTROL_CHAR', M.control, 23, 'ADDR'),
      ],
    ],
  ]);

  it.each([
    // [line, raw, decoded value, warnings]
    ['XCLIENT LOGIN=a+41', 'a+41', 'aA', []],
    ['XCLIENT LOGIN=j+C3+B6rg', 'j+C3+B6rg', 'jörg', []],
    ['XCLIENT LOGIN=a+', 'a+', 'a+', [warn('XTEXT_FALLBACK', M.fallback, 15, 'LOGIN')]],
    ['XCLIENT LOGIN=+2b', '+2b', '+', [warn('XTEXT_LOWERCASE_HEX', M.lowerHex, 14, 'LOGIN')]],
    [
      'XCLIENT LOGIN=ab+00c',
      'ab+00c',
      'ab',
      [
        warn('XTEXT_CONTROL_CHAR', M.control, 16, 'LOGIN'),
        warn('ATTR_TRUNCATED_AT_NUL', M.nulValue, 16, 'LOGIN'),
      ],
    ],
    [
      'XCLIENT LOGIN=+41+00c',
      '+41+00c',
      'A',
      [
        warn('XTEXT_CONTROL_CHAR', M.control, 17, 'LOGIN'),
        warn('ATTR_TRUNCATED_AT_NUL', M.nulValue, 17, 'LOGIN'),
      ],
    ],
    [
      'XCLIENT LOGIN=+00',
      '+00',
      '',
      [
        warn('XTEXT_CONTROL_CHAR', M.control, 14, 'LOGIN'),
        warn('ATTR_TRUNCATED_AT_NUL', M.nulValue, 14, 'LOGIN'),
      ],
    ],
    [
      'XCLIENT LOGIN=ab+0Dc+0A',
      'ab+0Dc+0A',
      'ab?c?',
      [
        warn('ATTR_MASKED', M.masked, 14, 'LOGIN'),
        warn('XTEXT_CONTROL_CHAR', M.control, 16, 'LOGIN'),
        warn('XTEXT_CONTROL_CHAR', M.control, 20, 'LOGIN'),
      ],
    ],
    ['XCLIENT LOGIN=ab+E9c', 'ab+E9c', 'ab?c', [warn('ATTR_MASKED', M.masked, 14, 'LOGIN')]],
    [
      'XCLIENT LOGIN=+41+E9+E9z',
      '+41+E9+E9z',
      'A??z',
      [warn('ATTR_MASKED', M.masked, 14, 'LOGIN')],
    ],
  ] as const)("'postfix' %j", (line, raw, value, warnings) => {
    for (const form of forms(line)) {
      expect(success(form, 'postfix')).toStrictEqual({
        value: { attributes: [attr('LOGIN', raw, 8, value)], extensions: [], LOGIN: value },
        warnings,
      });
    }
  });

  it("'postfix' masks DEL, raw or escaped, as printable() does", () => {
    expect(success('XCLIENT LOGIN=a+7Fb', 'postfix')).toStrictEqual({
      value: { attributes: [attr('LOGIN', 'a+7Fb', 8, 'a?b')], extensions: [], LOGIN: 'a?b' },
      warnings: [
        warn('ATTR_MASKED', M.masked, 14, 'LOGIN'),
        warn('XTEXT_CONTROL_CHAR', M.control, 15, 'LOGIN'),
      ],
    });
    expect(success(latin1('XCLIENT LOGIN=a\x7fb'), 'postfix').value.LOGIN).toBe('a?b');
  });

  it.each(ALL)("UTF-8 from escapes is kept whole, from U+0080 up ('%s')", (profile) => {
    const raw = '+C2+80+C2+A0x+C3+80+DF+BF+F0+9F+98+80';
    const value = '\u0080\u00a0x\u00c0\u07ff\u{1F600}';
    for (const form of forms(`XCLIENT LOGIN=${raw}`)) {
      expect(success(form, profile)).toStrictEqual({
        value: { attributes: [attr('LOGIN', raw, 8, value)], extensions: [], LOGIN: value },
        warnings: [],
      });
    }
  });

  it.each([
    ['XCLIENT HELO=a\\\r\n', 'a\\', 'a?'],
    ['XCLIENT HELO="a\\\r\n', '"a\\', '?a?'],
    ['XCLIENT HELO=<a\\\r\n', '<a\\', '?a?'],
  ])(
    "'postfix': a backslash at the end protects nothing, not even the CRLF: %j",
    (line, raw, helo) => {
      expect(success(latin1(line), 'postfix').value).toStrictEqual({
        attributes: [attr('HELO', raw, 8, helo)],
        extensions: [],
        HELO: helo,
      });
    },
  );

  it.each([
    // printable(): a lead octet 0xC2-0xFE keeps the continuation octets that follow it;
    // anything else that is not printable ASCII is masked
    ['+80+80', true],
    ['+C1+BF', true],
    ['+FF+80', true],
    ['+C3A', true],
    ['+C3+A9+01', true],
    ['+C3+A9+C0', true],
    ['+C3+A9+FF', true],
    ['+FE+80', false],
    ['+C3+A9', false],
  ] as const)("'postfix' %j: masked by printable() is %s", (raw, masked) => {
    const r = success(`XCLIENT LOGIN=${raw}`, 'postfix');
    expect(r.warnings.filter((w) => w.code === 'ATTR_MASKED')).toStrictEqual(
      masked ? [warn('ATTR_MASKED', M.masked, 14, 'LOGIN')] : [],
    );
  });

  it("'postfix' masks a control after a UTF-8 sequence", () => {
    expect(success('XCLIENT LOGIN=+C3+A9+01', 'postfix').value.LOGIN).toBe('é?');
  });

  it("'postfix': a fallback in one value leaves the next one decoded", () => {
    expect(success('XCLIENT LOGIN=a+ HELO=+2b', 'postfix')).toStrictEqual({
      value: {
        attributes: [attr('LOGIN', 'a+', 8), attr('HELO', '+2b', 17, '+')],
        extensions: [],
        LOGIN: 'a+',
        HELO: '+',
      },
      warnings: [
        warn('XTEXT_FALLBACK', M.fallback, 15, 'LOGIN'),
        warn('XTEXT_LOWERCASE_HEX', M.lowerHex, 22, 'HELO'),
      ],
    });
  });

  it.each([
    ['XCLIENT LOGIN=a+41', 'a+41', 'aA', []],
    ['XCLIENT HELO=a+2G', 'a+2G', 'a+2G', [warn('XTEXT_RAW_PLUS', M.rawPlus, 14, 'HELO')]],
    // the decoded TAB is refused by strict, accepted here: one warning, not XTEXT_CONTROL_CHAR
    ['XCLIENT HELO=a+09', 'a+09', 'a\t', [warn('ATTR_CONTROL', M.attrControl, 14, 'HELO')]],
    // the attribute rules' warnings point at the escape or octet the character came from
    [
      'XCLIENT HELO=+41+41+09',
      '+41+41+09',
      'AA\t',
      [warn('ATTR_CONTROL', M.attrControl, 19, 'HELO')],
    ],
    [
      'XCLIENT HELO=+C3+A9+09',
      '+C3+A9+09',
      'é\t',
      [warn('ATTR_CONTROL', M.attrControl, 19, 'HELO')],
    ],
    [
      'XCLIENT HELO=é+09',
      'é+09',
      'é\t',
      [
        warn('XTEXT_RAW_OCTET', M.rawOctet, 13, 'HELO'),
        warn('ATTR_CONTROL', M.attrControl, 15, 'HELO'),
      ],
    ],
  ] as const)("'lenient' %j", (line, raw, value, warnings) => {
    const name = line.slice(8, line.indexOf('='));
    expect(success(line, 'lenient')).toStrictEqual({
      value: { attributes: [attr(name, raw, 8, value)], extensions: [], [name]: value },
      warnings,
    });
  });

  it("'strict' decodes escapes in octet lines too", () => {
    expect(success(utf8('XCLIENT LOGIN=a+41'), 'strict').value.attributes).toStrictEqual([
      attr('LOGIN', 'a+41', 8, 'aA'),
    ]);
  });
});

// ---------------------------------------------------------------------------------------
// 'lenient' beyond strict

describe("'lenient': raw spaces, extensions, extra spaces, long values", () => {
  it('a token that does not start with a known NAME= continues the previous value', () => {
    expect(success('XCLIENT NAME=a LOGIN=b c FOO=x d', 'lenient')).toStrictEqual({
      value: {
        attributes: [attr('NAME', 'a', 8), attr('LOGIN', 'b c FOO=x d', 15)],
        extensions: [],
        NAME: 'a',
        LOGIN: 'b c FOO=x d',
      },
      warnings: [
        warn('LINE_RAW_SPACE_IN_VALUE', M.rawSpace, 22, 'LOGIN'),
        warn('XTEXT_RAW_OCTET', M.rawOctet, 22, 'LOGIN'),
        warn('LINE_RAW_SPACE_IN_VALUE', M.rawSpace, 24, 'LOGIN'),
        warn('XTEXT_RAW_OCTET', M.rawOctet, 24, 'LOGIN'),
        warn('XTEXT_RAW_OCTET', M.rawOctet, 28, 'LOGIN'),
        warn('LINE_RAW_SPACE_IN_VALUE', M.rawSpace, 30, 'LOGIN'),
        warn('XTEXT_RAW_OCTET', M.rawOctet, 30, 'LOGIN'),
      ],
    });
  });

  it('a token starting with "=" or a lower-case unknown name continues too', () => {
    expect(success('XCLIENT LOGIN=a =b a=b', 'lenient').value.LOGIN).toBe('a =b a=b');
  });

  it('a continued extension value, and a continued token without "=", carry no attribute', () => {
    expect(success('XCLIENT LOGIN=a SESSION=1 b', 'lenient')).toStrictEqual({
      value: {
        attributes: [attr('LOGIN', 'a', 8)],
        extensions: [{ name: 'SESSION', raw: '1 b', position: 16 }],
        LOGIN: 'a',
      },
      warnings: [
        warn('ATTR_EXTENSION', "SESSION is a Dovecot extension attribute, not Postfix's", 16),
        warn('LINE_RAW_SPACE_IN_VALUE', M.rawSpace, 25),
      ],
    });
    expect(failure('XCLIENT abc def', 'lenient')).toStrictEqual({
      error: err('ATTR_MISSING_EQUALS', '"abc def" is not attribute=value', 8, R.valueExpected),
      partial: [],
      warnings: [warn('LINE_RAW_SPACE_IN_VALUE', M.rawSpace, 11)],
    });
  });

  it("Dovecot's attributes are returned as extensions, upper case", () => {
    expect(success('XCLIENT PORT=1 ttl=5 Session=+41', 'lenient')).toStrictEqual({
      value: {
        attributes: [attr('PORT', '1', 8, 1)],
        extensions: [
          { name: 'TTL', raw: '5', position: 15 },
          { name: 'SESSION', raw: '+41', position: 21 },
        ],
        PORT: 1,
      },
      warnings: [
        warn('ATTR_EXTENSION', "TTL is a Dovecot extension attribute, not Postfix's", 15),
        warn('ATTR_EXTENSION', "SESSION is a Dovecot extension attribute, not Postfix's", 21),
      ],
    });
  });

  it.each(['SESSION', 'TTL', 'TIMEOUT', 'CLIENT-TRANSPORT', 'DESTNAME', 'FORWARD'])(
    'each of the six Dovecot names is an extension, and starts a new attribute: %s',
    (name) => {
      const line = `XCLIENT LOGIN=a ${name.toLowerCase()}=x`;
      expect(success(line, 'lenient')).toStrictEqual({
        value: {
          attributes: [attr('LOGIN', 'a', 8)],
          extensions: [{ name, raw: 'x', position: 16 }],
          LOGIN: 'a',
        },
        warnings: [
          warn('ATTR_EXTENSION', `${name} is a Dovecot extension attribute, not Postfix's`, 16),
        ],
      });
    },
  );

  it.each([
    ['\tXCLIENT LOGIN=a', 9, true],
    [' XCLIENT LOGIN=a', 9, true],
    ['XCLIENT LOGIN=a ', 8, true],
    ['XCLIENT LOGIN=a\t\tNAME=b', 8, false],
  ])('extra space at the ends: %j', (line, at, warned) => {
    const r = success(line, 'lenient');
    expect(r.value.attributes[0]).toStrictEqual(attr('LOGIN', 'a', at));
    expect(r.warnings).toStrictEqual(warned ? [warn('LINE_EXTRA_SPACE', M.extraSpace, 0)] : []);
  });

  it('a value over 255 octets is a warning; HELO over 255 one more', () => {
    expect(success(`XCLIENT HELO=${'a'.repeat(256)}`, 'lenient').warnings).toStrictEqual([
      warn(
        'ATTR_LONG_VALUE',
        'HELO value of 256 octets: Postfix refuses more than 255',
        13,
        'HELO',
      ),
      warn('ATTR_LONG_VALUE', 'HELO longer than 255 octets', 268, 'HELO'),
    ]);
    // at the escape of the 256th character, not 255 octets after the value's start
    expect(success(`XCLIENT HELO=${'+41'.repeat(256)}`, 'lenient').warnings).toContainEqual(
      warn('ATTR_LONG_VALUE', 'HELO longer than 255 octets', 13 + 255 * 3, 'HELO'),
    );
    expect(success(`XCLIENT HELO=${'é'.repeat(128)}`, 'lenient').warnings).toContainEqual(
      warn('ATTR_LONG_VALUE', 'HELO longer than 255 octets', 13 + 254, 'HELO'),
    );
    expect(failure(`XCLIENT NAME=${'a'.repeat(256)}`, 'lenient')).toStrictEqual({
      error: err(
        'ATTR_TOO_LONG',
        'NAME: longer than 255 octets',
        13,
        R.syntax(`Bad NAME syntax: ${'a'.repeat(256)}`),
        'NAME',
      ),
      partial: [],
      warnings: [
        warn(
          'ATTR_LONG_VALUE',
          'NAME value of 256 octets: Postfix refuses more than 255',
          13,
          'NAME',
        ),
      ],
    });
  });

  it('warnings of the attribute rules are moved to the value in the line', () => {
    expect(failure('XCLIENT ADDR=::1 PORT=+41', 'lenient')).toStrictEqual({
      error: err(
        'ATTR_BAD_VALUE',
        'PORT: not a decimal number of 1 to 5 digits',
        22,
        R.syntax('Bad PORT syntax: A'),
        'PORT',
      ),
      partial: ['ADDR'],
      warnings: [warn('ATTR_BARE_IPV6', 'IPv6 address without the "IPV6:" prefix', 13, 'ADDR')],
    });
  });
});

describe("'postfix': a lead octet followed by another lead octet is masked", () => {
  it('XCLIENT LOGIN=a+C3+C3+A9', () => {
    const r = parseXclient('XCLIENT LOGIN=a+C3+C3+A9', { profile: 'postfix' });
    expect(r.ok && r.value.LOGIN).toBe('a?é');
    expect(r.warnings.map((w) => [w.code, w.position])).toEqual([['ATTR_MASKED', 14]]);
  });
});
