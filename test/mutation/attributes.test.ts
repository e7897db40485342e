// Assertions written after reviewing Stryker's survivors for src/attributes.ts and
// src/result.ts (docs/mutation.md): each block names the behaviour a surviving mutant changed.
import {
  attributeName,
  type Profile,
  parseXclient,
  TEMPUNAVAIL,
  UNAVAILABLE,
  validateAttribute,
  type WarningCode,
  XclientError,
} from 'smtp-xclient';
import { describe, expect, it } from 'vitest';

const PROFILES: readonly Profile[] = ['strict', 'postfix', 'lenient'];

/** The fields of a refusal a user sees, as a plain object. */
const refusal = (name: unknown, value: unknown, profile?: Profile) => {
  const r = validateAttribute(name as string, value as string, profile ? { profile } : undefined);
  if (r.ok) throw new Error(`accepted ${String(name)}=${String(value)}`);
  const { code, message, position, attribute, reply } = r.error;
  return { code, message, position, attribute, reply };
};

/** An accepted value: the typed value, the text the server sees, and the warnings. */
const accepted = (name: string, value: string, profile: Profile) => {
  const r = validateAttribute(name, value, { profile });
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return { value: r.value, text: r.text, warnings: r.warnings };
};

const syntax = (text: string) => ({ code: 501, enhanced: '5.5.4', text });

/** The refusal of an unknown attribute name, shown as `shown`. */
const unknownName = (shown: string) => ({
  code: 'ATTR_UNKNOWN',
  message: `unknown XCLIENT attribute name "${shown}"`,
  position: 0,
  attribute: undefined,
  reply: syntax(`Bad XCLIENT attribute name: ${shown}`),
});

const warning = (code: WarningCode, message: string, position: number, attribute: string) => ({
  code,
  message,
  position,
  attribute,
});

describe('replies show controls and lone surrogates as "?", and keep surrogate pairs', () => {
  it.each([
    ['😀', '😀'],
    ['\uD800\uDC00', '\uD800\uDC00'], // U+10000: the lowest low surrogate
    ['\uDBFF\uDFFF', '\uDBFF\uDFFF'], // U+10FFFF: the highest high and low surrogates
    ['\uD800\uDFFF', '\uD800\uDFFF'],
    ['\uD800', '?'],
    ['\uDBFF', '?'],
    ['\uDC00', '?'],
    ['\uDFFF', '?'],
    ['x\uDFFFy', 'x?y'],
    ['\uDC00\uD800', '??'], // a low then a high surrogate is no pair
    ['\uD800\uDBFF', '??'],
    ['\uD800\uE000', '?\uE000'], // U+E000 is past the surrogates
    ['\uD800x', '?x'],
    ['a\tb', 'a?b'],
    ['x\x7f', 'x?'],
    ['\x1f\x20', '? '],
    ['\uD7FF\uE000\t', '\uD7FF\uE000?'], // the neighbours of the surrogate range
  ])('an unknown name %j is shown as %j', (name, shown) => {
    expect(refusal(name, 'x')).toEqual(unknownName(shown));
  });

  it.each([
    ['😀', '😀'],
    ['\uDBFF\uDFFF', '\uDBFF\uDFFF'],
    ['\uDFFF', '?'],
    ['a\uD800\uE000', 'a?\uE000'],
    ['a\tb', 'a?b'],
  ])("'postfix' stores LOGIN=%j as %j, as Postfix's printable() does", (value, text) => {
    const r = accepted('LOGIN', value, 'postfix');
    expect(r.value).toBe(text);
    expect(r.text).toBe(text);
    if (text === value) expect(r.warnings).toEqual([]);
    else {
      expect(r.warnings).toHaveLength(1);
      expect(r.warnings[0]).toMatchObject({
        code: 'ATTR_MASKED',
        message: 'control characters and lone surrogates shown as "?", as Postfix does',
        attribute: 'LOGIN',
        position: [...value].findIndex((c, i) => c !== [...text][i]),
      });
    }
  });

  it('a refused value is echoed masked, its pairs kept', () => {
    expect(refusal('NAME', 'a😀\tb', 'strict').reply).toEqual(syntax('Bad NAME syntax: a😀?b'));
    expect(refusal('NAME', 'a😀b', 'strict').reply).toEqual(syntax('Bad NAME syntax: a😀b'));
  });
});

describe('attribute names: ASCII case only, compared with the names of the same length', () => {
  it.each([
    ['addr', 'ADDR'],
    ['aDdR', 'ADDR'],
    ['port', 'PORT'],
    ['helo', 'HELO'],
    ['proto', 'PROTO'],
    ['login', 'LOGIN'],
    ['destaddr', 'DESTADDR'],
    ['DestPort', 'DESTPORT'],
    ['reverse_name', 'REVERSE_NAME'],
    ['REVERSE\x7fNAME', undefined], // DEL is "_" + 0x20, but only "a"–"z" fold
    ['REVERSE\x7fname', undefined],
    ['@DDR', undefined], // "@" is "`" - 0x20, and "`" is no letter
    ['ADD', undefined],
    ['ADDRS', undefined],
    ['REVERSE_NAMES', undefined],
    ['X'.repeat(200), undefined],
  ])('attributeName(%j) is %j', (input, expected) => {
    expect(attributeName(input)).toBe(expected);
  });

  it('the canonical name is the one errors and warnings carry', () => {
    expect(refusal('port', 'x', 'strict')).toMatchObject({
      attribute: 'PORT',
      message: 'PORT: not a decimal number of 1 to 5 digits',
      reply: syntax('Bad PORT syntax: x'),
    });
  });
});

describe('arguments that are not strings are refused, never thrown on', () => {
  it.each(PROFILES)("a value that is no string, in '%s'", (profile) => {
    expect(refusal('name', 42, profile)).toEqual({
      code: 'ATTR_BAD_VALUE',
      message: 'the NAME value must be a string',
      position: 0,
      attribute: 'NAME',
      reply: syntax('Bad NAME syntax: '),
    });
    expect(refusal('LOGIN', undefined, profile).message).toBe('the LOGIN value must be a string');
  });

  it.each([
    [{ length: 4 }, '[object Object]'],
    [['N', 'A', 'M', 'E'], 'N,A,M,E'],
    [42, '42'],
  ])('a name that is no string (%j) is an unknown name', (name, shown) => {
    expect(refusal(name, 'x')).toEqual(unknownName(shown));
  });
});

describe('empty values', () => {
  it.each(['strict', 'lenient'] as const)("are refused in '%s'", (profile) => {
    expect(refusal('LOGIN', '', profile)).toEqual({
      code: 'ATTR_EMPTY',
      message: 'LOGIN: empty value',
      position: 0,
      attribute: 'LOGIN',
      reply: syntax('Error: attribute=value expected'),
    });
  });
});

describe('control characters: refused with their code point and offset', () => {
  it.each([
    // [name, value, profile, offset, code point, shown]
    ['LOGIN', 'a\x7fb', 'strict', 1, 'U+007F', 'a?b'],
    ['HELO', 'abc\x1b', 'strict', 3, 'U+001B', 'abc?'],
    ['HELO', '\x01', 'strict', 0, 'U+0001', '?'],
    ['NAME', 'a.example\n', 'strict', 9, 'U+000A', 'a.example?'],
    ['NAME', 'a\tb', 'lenient', 1, 'U+0009', 'a?b'], // only HELO and LOGIN may hold a TAB
    ['ADDR', '192.0.2.1\x7f', 'lenient', 9, 'U+007F', '192.0.2.1?'],
    ['LOGIN', 'a\nb', 'lenient', 1, 'U+000A', 'a?b'],
    ['LOGIN', 'ab\rc', 'lenient', 2, 'U+000D', 'ab?c'],
    ['HELO', 'a\0b', 'lenient', 1, 'U+0000', 'a?b'],
    ['HELO', '\tx\n', 'lenient', 2, 'U+000A', '?x?'], // the first NUL, CR or LF, past a TAB
  ] as const)('%s=%j in %s: at %i, %s', (name, value, profile, position, point, shown) => {
    expect(refusal(name, value, profile)).toEqual({
      code: 'ATTR_CONTROL_CHAR',
      message: `${name}: control character ${point} in the value`,
      position,
      attribute: name,
      reply: syntax(`Bad ${name} syntax: ${shown}`),
    });
  });

  it.each([
    ['LOGIN', '\tabc', 0],
    ['LOGIN', 'a\x7f', 1],
    ['HELO', 'ab\x1bc\td', 2],
  ])("'lenient' takes %s=%j with a warning at %i", (name, value, position) => {
    expect(accepted(name, value, 'lenient')).toEqual({
      value,
      text: value,
      warnings: [
        warning(
          'ATTR_CONTROL',
          'control character in the value (refused by the strict profile)',
          position,
          name,
        ),
      ],
    });
  });

  it("'lenient' warns nothing for text without a control", () => {
    expect(accepted('LOGIN', 'bob smith', 'lenient').warnings).toEqual([]);
  });
});

describe('lone surrogates are refused outside the postfix profile', () => {
  it.each([
    ['ab\uDC00', 'strict', 2, 'ab?'],
    ['ab\uDC00', 'lenient', 2, 'ab?'],
    ['\uD800ab', 'strict', 0, '?ab'],
    ['😀\uDFFF', 'lenient', 2, '😀?'],
  ] as const)('LOGIN=%j in %s: at %i', (value, profile, position, shown) => {
    expect(refusal('LOGIN', value, profile)).toEqual({
      code: 'ATTR_BAD_VALUE',
      message: 'LOGIN: lone surrogate in the value',
      position,
      attribute: 'LOGIN',
      reply: syntax(`Bad LOGIN syntax: ${shown}`),
    });
  });
});

describe('\'postfix\': a NUL ends the value, controls become "?"', () => {
  const truncated = (position: number) =>
    warning('ATTR_TRUNCATED_AT_NUL', 'a NUL ends the value, as in Postfix', position, 'LOGIN');

  it.each([
    ['\0abc', '', [truncated(0)]],
    ['\0', '', [truncated(0)]],
    ['ab\0\tc', 'ab', [truncated(2)]], // what follows the NUL is not seen, so not masked
    ['abc', 'abc', []],
    ['a b', 'a b', []],
  ])('LOGIN=%j is %j', (value, text, warnings) => {
    expect(accepted('LOGIN', value, 'postfix')).toEqual({ value: text, text, warnings });
  });

  it('a value both cut and masked has both warnings, the cut first', () => {
    const r = accepted('LOGIN', 'a\tb\0c', 'postfix');
    expect(r.value).toBe('a?b');
    expect(r.warnings.map((w) => [w.code, w.attribute])).toEqual([
      ['ATTR_TRUNCATED_AT_NUL', 'LOGIN'],
      ['ATTR_MASKED', 'LOGIN'],
    ]);
    expect(r.warnings[0]?.position).toBe(3);
  });

  it('a NUL first leaves an empty NAME, which is refused', () => {
    expect(refusal('NAME', '\0a.example', 'postfix')).toEqual({
      code: 'ATTR_BAD_VALUE',
      message: 'NAME: empty name',
      position: 0,
      attribute: 'NAME',
      reply: syntax('Bad NAME syntax: '),
    });
  });
});

describe('special values', () => {
  it.each([
    ['NAME', '[UNAVAILABLE]', UNAVAILABLE],
    ['NAME', '[TEMPUNAVAIL]', TEMPUNAVAIL],
    ['REVERSE_NAME', '[TEMPUNAVAIL]', TEMPUNAVAIL],
    ['PORT', '[UNAVAILABLE]', UNAVAILABLE],
  ])("'lenient' takes %s=%s, in upper case, without a warning", (name, value, marker) => {
    expect(accepted(name, value, 'lenient')).toEqual({ value: marker, text: value, warnings: [] });
  });

  it.each(['strict', 'postfix'] as const)(
    "'%s' takes them in any case without a warning",
    (profile) => {
      expect(accepted('NAME', '[tempUnavail]', profile)).toEqual({
        value: TEMPUNAVAIL,
        text: '[tempUnavail]',
        warnings: [],
      });
    },
  );

  it.each([
    ['NAME', '[Tempunavail]', TEMPUNAVAIL, '[TEMPUNAVAIL]'],
    ['ADDR', '[unavailable]', UNAVAILABLE, '[UNAVAILABLE]'],
  ])("'lenient' takes %s=%s with ATTR_SPECIAL_CASE", (name, value, marker, upper) => {
    expect(accepted(name, value, 'lenient')).toEqual({
      value: marker,
      text: value,
      warnings: [warning('ATTR_SPECIAL_CASE', `${upper} written in lower or mixed case`, 0, name)],
    });
  });

  it("'lenient' takes PROTO=[UNAVAILABLE], which the document does not give PROTO", () => {
    const undocumented = warning(
      'ATTR_SPECIAL_UNDOCUMENTED',
      '[UNAVAILABLE] is not a documented PROTO value',
      0,
      'PROTO',
    );
    expect(accepted('PROTO', '[UNAVAILABLE]', 'lenient')).toEqual({
      value: UNAVAILABLE,
      text: '[UNAVAILABLE]',
      warnings: [undocumented],
    });
    expect(accepted('PROTO', '[unavailable]', 'lenient').warnings).toEqual([
      warning('ATTR_SPECIAL_CASE', '[UNAVAILABLE] written in lower or mixed case', 0, 'PROTO'),
      undocumented,
    ]);
  });

  it.each([
    ['HELO', '[TEMPUNAVAIL]'],
    ['LOGIN', '[tempunavail]'],
  ])("'lenient' takes %s=%s as text, with ATTR_LITERAL_SPECIAL", (name, value) => {
    expect(accepted(name, value, 'lenient')).toEqual({
      value,
      text: value,
      warnings: [
        warning(
          'ATTR_LITERAL_SPECIAL',
          `[TEMPUNAVAIL] has no meaning for ${name}: taken as text`,
          0,
          name,
        ),
      ],
    });
  });

  it.each([
    ['HELO', '[TempUnavail]'],
    ['LOGIN', '[TEMPUNAVAIL]'],
  ])("'postfix' takes %s=%s as text, silently", (name, value) => {
    expect(accepted(name, value, 'postfix')).toEqual({ value, text: value, warnings: [] });
  });

  it.each([
    // [name, value, profile]: special values with no meaning for the attribute
    ['ADDR', '[TEMPUNAVAIL]', 'strict'],
    ['ADDR', '[TEMPUNAVAIL]', 'postfix'],
    ['ADDR', '[TEMPUNAVAIL]', 'lenient'],
    ['DESTADDR', '[tempunavail]', 'postfix'],
    ['PORT', '[tempunavail]', 'postfix'],
    ['DESTPORT', '[TEMPUNAVAIL]', 'lenient'],
    ['PROTO', '[UNAVAILABLE]', 'strict'],
    ['PROTO', '[UNAVAILABLE]', 'postfix'],
    ['PROTO', '[TEMPUNAVAIL]', 'lenient'],
    ['HELO', '[TEMPUNAVAIL]', 'strict'],
    ['LOGIN', '[TEMPUNAVAIL]', 'strict'],
  ] as const)('%s=%s is refused in %s', (name, value, profile) => {
    expect(refusal(name, value, profile)).toEqual({
      code: 'ATTR_SPECIAL_NOT_ALLOWED',
      message: `${name}: ${value.toUpperCase()} is not a valid ${name} value`,
      position: 0,
      attribute: name,
      reply: syntax(`Bad ${name} syntax: ${value}`),
    });
  });
});

describe('length limits, in octets', () => {
  const longName = `${'a.'.repeat(128)}b`; // 257 octets of valid labels

  it.each([
    ['NAME', longName, 'strict'],
    ['NAME', longName, 'lenient'], // only text values are let through in 'lenient'
    ['REVERSE_NAME', longName, 'strict'],
    ['HELO', 'h'.repeat(256), 'strict'],
  ] as const)('%s of %#: ATTR_TOO_LONG in %s, at octet 255', (name, value, profile) => {
    expect(refusal(name, value, profile)).toEqual({
      code: 'ATTR_TOO_LONG',
      message: `${name}: longer than 255 octets`,
      position: 255,
      attribute: name,
      reply: syntax(`Bad ${name} syntax: ${value}`),
    });
  });

  // Positions index the value's text: the character that holds octet 255 (the 256th).
  it.each([
    ['é × 128 (2 octets each)', 127, 'é'.repeat(128)],
    ['a, then é × 128', 128, `a${'é'.repeat(128)}`],
    ['€ × 86 (3 octets each)', 85, '€'.repeat(86)],
    ['😀 × 64 (a pair, 4 octets each)', 126, '😀'.repeat(64)],
    ['255 a, then 😀', 255, `${'a'.repeat(255)}😀`],
    ['254 a, then é and x', 254, `${'a'.repeat(254)}éx`],
  ])('HELO of %s: ATTR_TOO_LONG at character %i', (_, at, value) => {
    for (const profile of ['strict', 'postfix'] as const) {
      expect(refusal('HELO', value, profile)).toMatchObject({
        code: 'ATTR_TOO_LONG',
        position: at,
      });
    }
    expect(accepted('HELO', value, 'lenient').warnings).toEqual([
      warning('ATTR_LONG_VALUE', 'HELO longer than 255 octets', at, 'HELO'),
    ]);
  });

  it("'lenient' takes a long HELO with ATTR_LONG_VALUE at octet 255", () => {
    const value = 'h'.repeat(256);
    expect(accepted('HELO', value, 'lenient')).toEqual({
      value,
      text: value,
      warnings: [warning('ATTR_LONG_VALUE', 'HELO longer than 255 octets', 255, 'HELO')],
    });
  });

  it("'postfix' checks a long NAME with valid_hostname's own rule", () => {
    expect(refusal('NAME', longName, 'postfix')).toMatchObject({
      message: 'NAME: name longer than 255 characters',
      position: 255,
      attribute: 'NAME',
      reply: syntax(`Bad NAME syntax: ${longName}`),
    });
  });

  // xclient_cmd() checks the HELO's length before it neuters it: the refusal echoes the value
  // as sent. (A command line cannot reach this: its raw value is at most 255 octets.)
  it.each([
    ['h'.repeat(256), 'h'.repeat(256)],
    ['é'.repeat(128), 'é'.repeat(128)],
    [`(${'h'.repeat(255)}`, `(${'h'.repeat(255)}`],
  ])("'postfix' refuses a HELO over 255 octets (%#)", (value, shown) => {
    expect(refusal('HELO', value, 'postfix')).toMatchObject({
      message: 'HELO: longer than 255 octets',
      attribute: 'HELO',
      reply: syntax(`Bad HELO syntax: ${shown}`),
    });
  });

  it.each(PROFILES)("255 octets are enough in '%s'; LOGIN has no own limit", (profile) => {
    expect(accepted('HELO', `${'é'.repeat(127)}h`, profile).value).toBe(`${'é'.repeat(127)}h`);
    expect(accepted('NAME', `${'a.'.repeat(127)}b`, profile).warnings).toEqual([]);
    expect(accepted('LOGIN', 'l'.repeat(400), profile)).toEqual({
      value: 'l'.repeat(400),
      text: 'l'.repeat(400),
      warnings: [],
    });
  });
});

describe('ports', () => {
  it.each([
    // [value, profile, message, position]
    ['25x', 'strict', 'not a decimal number of 1 to 5 digits', 2],
    ['-1', 'lenient', 'not a decimal number of 1 to 5 digits', 0],
    ['', 'postfix', 'not a decimal number of 1 to 5 digits', 0],
    ['x', 'postfix', 'not a decimal number of 1 to 5 digits', 0],
    ['123456', 'postfix', 'not a decimal number of 1 to 5 digits', 6],
    ['1 2', 'postfix', 'not a decimal number of 1 to 5 digits', 1],
    ['0025', 'strict', 'leading zero in a port number', 0],
    ['00', 'lenient', 'leading zero in a port number', 0],
    ['65536', 'strict', 'port number above 65535', 0],
    ['99999', 'lenient', 'port number above 65535', 0],
  ] as const)('PORT=%j in %s: %s, at %i', (value, profile, reason, position) => {
    for (const name of ['PORT', 'DESTPORT']) {
      expect(refusal(name, value, profile)).toEqual({
        code: 'ATTR_BAD_VALUE',
        message: `${name}: ${reason}`,
        position,
        attribute: name,
        reply: syntax(`Bad ${name} syntax: ${value}`),
      });
    }
  });

  it.each([
    ['0', 0],
    ['00000', 0],
    ['08', 8],
    ['65536', 65536],
  ])("'postfix' reads PORT=%j as %i", (value, port) => {
    expect(accepted('PORT', value, 'postfix')).toEqual({ value: port, text: value, warnings: [] });
  });

  it.each(['strict', 'lenient'] as const)("'%s' takes 0, 9, 10 and 65535", (profile) => {
    for (const [value, port] of [
      ['0', 0],
      ['9', 9],
      ['10', 10],
      ['65535', 65535],
    ] as const) {
      expect(accepted('DESTPORT', value, profile)).toEqual({
        value: port,
        text: value,
        warnings: [],
      });
    }
  });
});

describe('PROTO', () => {
  it.each([
    ['LMTP', 'strict'],
    ['lmtp', 'postfix'],
    ['SMTPX', 'lenient'],
    ['ESMTPS', 'strict'],
  ] as const)('%s is refused in %s', (value, profile) => {
    expect(refusal('PROTO', value, profile)).toEqual({
      code: 'ATTR_BAD_VALUE',
      message: 'PROTO: PROTO must be SMTP or ESMTP',
      position: 0,
      attribute: 'PROTO',
      reply: syntax(`Bad PROTO syntax: ${value}`),
    });
  });

  it("'lenient' takes LMTP, upper-cased, with ATTR_PROTO_NONSTANDARD", () => {
    expect(accepted('PROTO', 'Lmtp', 'lenient')).toEqual({
      value: 'LMTP',
      text: 'Lmtp',
      warnings: [
        warning('ATTR_PROTO_NONSTANDARD', 'PROTO=LMTP is not in the protocol document', 0, 'PROTO'),
      ],
    });
  });
});

describe('addresses', () => {
  it.each(['ADDR', 'DESTADDR'])("'lenient' takes a bare IPv6 %s with ATTR_BARE_IPV6", (name) => {
    expect(accepted(name, '2001:DB8::1', 'lenient')).toEqual({
      value: '2001:db8::1',
      text: '2001:DB8::1',
      warnings: [warning('ATTR_BARE_IPV6', 'IPv6 address without the "IPV6:" prefix', 0, name)],
    });
  });

  it.each(PROFILES)("'%s' takes IPV6: addresses without a warning", (profile) => {
    expect(accepted('ADDR', 'IPV6:2001:db8::1', profile).warnings).toEqual([]);
  });
});

describe('result: XclientError and failure()', () => {
  it('an error without a position has no position property', () => {
    const e = new XclientError({
      code: 'ATTR_BAD_VALUE',
      message: 'NAME: empty label',
      reply: syntax('Bad NAME syntax: x..y'),
    });
    expect(Object.hasOwn(e, 'position')).toBe(false);
    expect(Object.hasOwn(e, 'attribute')).toBe(false);
    const at0 = new XclientError({
      code: 'ATTR_BAD_VALUE',
      message: 'NAME: empty label',
      reply: syntax('Bad NAME syntax: x..y'),
      position: 0,
      attribute: 'NAME',
    });
    expect(at0).toMatchObject({ position: 0, attribute: 'NAME' });
  });

  it('parsers restore Error.stackTraceLimit after each refusal', () => {
    const before = Error.stackTraceLimit;
    try {
      Error.stackTraceLimit = 7;
      expect(validateAttribute('NAME', 'a..b').ok).toBe(false);
      expect(Error.stackTraceLimit).toBe(7);
      expect(parseXclient('XCLIENT NAME=a..b').ok).toBe(false);
      expect(Error.stackTraceLimit).toBe(7);
    } finally {
      Error.stackTraceLimit = before;
    }
  });
});

describe('replies show two low surrogates as two "?" (no pair)', () => {
  it('in an unknown name', () => {
    const r = validateAttribute('\udc00\udc00', 'x');
    expect(!r.ok && r.error.reply.text).toBe('Bad XCLIENT attribute name: ??');
  });

  it("in a 'postfix' LOGIN", () => {
    const r = validateAttribute('LOGIN', 'a\udc00\udc00', { profile: 'postfix' });
    expect(r.ok && r.text).toBe('a??');
  });
});
