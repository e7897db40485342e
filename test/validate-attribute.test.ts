// validateAttribute: one attribute value, by the rules of each profile.
import {
  ATTRIBUTE_NAMES,
  isSpecialValue,
  type Profile,
  TEMPUNAVAIL,
  UNAVAILABLE,
  validateAttribute,
  type WarningCode,
} from 'smtp-xclient';
import { describe, expect, it } from 'vitest';
import { codePoint, fc, test as fcTest } from './helpers/fc.js';

const PROFILES: readonly Profile[] = ['strict', 'postfix', 'lenient'];

const ok = (name: string, value: string, profile: Profile = 'strict') => {
  const r = validateAttribute(name, value, { profile });
  if (!r.ok) throw new Error(`${r.error.code} at ${r.error.position}`);
  return r;
};
const bad = (name: string, value: string, profile: Profile = 'strict') => {
  const r = validateAttribute(name, value, { profile });
  if (r.ok) throw new Error(`accepted ${name}=${value}`);
  return r.error;
};

/** The fields of a refusal a user sees, as a plain object (the message is for people). */
const refusal = (name: unknown, value: unknown, profile?: Profile) => {
  const r = validateAttribute(name as string, value as string, profile ? { profile } : undefined);
  if (r.ok) throw new Error(`accepted ${String(name)}=${String(value)}`);
  const { code, position, attribute, reply } = r.error;
  return { code, position, attribute, reply };
};

/** A warning without its message, every other key kept. */
const plain = <W extends { readonly message: string }>(w: W): Omit<W, 'message'> => {
  const { message: _message, ...rest } = w;
  return rest;
};

/** An accepted value: the typed value, the text the server sees, and the warnings. */
const accepted = (name: string, value: string, profile: Profile) => {
  const r = validateAttribute(name, value, { profile });
  if (!r.ok) throw new Error(`${r.error.code} at ${r.error.position}`);
  return { value: r.value, text: r.text, warnings: r.warnings.map(plain) };
};

const syntax = (text: string) => ({ code: 501, enhanced: '5.5.4', text });

/** The refusal of an unknown attribute name, shown as `shown`. */
const unknownName = (shown: string) => ({
  code: 'ATTR_UNKNOWN',
  position: 0,
  attribute: undefined,
  reply: syntax(`Bad XCLIENT attribute name: ${shown}`),
});

const warning = (code: WarningCode, position: number, attribute: string) => ({
  code,
  position,
  attribute,
});

const encoder = new TextEncoder();
const octets = (text: string): number => encoder.encode(text).length;

// -------------------------------------------------------------------------------------------

describe("'strict' (the default)", () => {
  it.each([
    ['NAME', 'spike.porcupine.org', 'spike.porcupine.org'],
    ['NAME', '[unavailable]', UNAVAILABLE],
    ['NAME', '[TEMPUNAVAIL]', TEMPUNAVAIL],
    ['REVERSE_NAME', 'r.example', 'r.example'],
    ['ADDR', '192.0.2.1', '192.0.2.1'],
    ['ADDR', 'IPv6:2001:DB8::1', '2001:db8::1'],
    ['ADDR', '[UNAVAILABLE]', UNAVAILABLE],
    ['DESTADDR', 'ipv6:::1', '::1'],
    ['PORT', '0', 0],
    ['PORT', '65535', 65535],
    ['DESTPORT', '[Unavailable]', UNAVAILABLE],
    ['PROTO', 'smtp', 'SMTP'],
    ['PROTO', 'ESMTP', 'ESMTP'],
    ['HELO', 'a b <c>', 'a b <c>'],
    ['HELO', '[UNAVAILABLE]', UNAVAILABLE],
    ['HELO', 'h'.repeat(255), 'h'.repeat(255)],
    ['LOGIN', 'jörg@example.com', 'jörg@example.com'],
    ['LOGIN', '😀', '😀'],
  ])('%s=%j → %j', (name, value, expected) => {
    expect(ok(name, value).value).toEqual(expected);
  });

  it.each([
    // [name, value, code, reply text]
    ['NAME', 'x..y', 'ATTR_BAD_VALUE', 'Bad NAME syntax: x..y'],
    ['NAME', '123', 'ATTR_BAD_VALUE', 'Bad NAME syntax: 123'],
    [
      'NAME',
      `${'a'.repeat(64)}.example`,
      'ATTR_BAD_VALUE',
      `Bad NAME syntax: ${'a'.repeat(64)}.example`,
    ],
    ['NAME', `${'a.'.repeat(128)}b`, 'ATTR_TOO_LONG', `Bad NAME syntax: ${'a.'.repeat(128)}b`],
    ['NAME', 'bücher.example', 'ATTR_BAD_VALUE', 'Bad NAME syntax: bücher.example'],
    ['ADDR', '010.1.1.1', 'ATTR_BAD_VALUE', 'Bad ADDR syntax: 010.1.1.1'],
    ['ADDR', '1.2.3.04', 'ATTR_BAD_VALUE', 'Bad ADDR syntax: 1.2.3.04'],
    ['ADDR', '2001:db8::1', 'ATTR_BAD_VALUE', 'Bad ADDR syntax: 2001:db8::1'],
    ['ADDR', 'IPV6:fe80::1%eth0', 'ATTR_BAD_VALUE', 'Bad ADDR syntax: IPV6:fe80::1%eth0'],
    ['ADDR', '[TEMPUNAVAIL]', 'ATTR_SPECIAL_NOT_ALLOWED', 'Bad ADDR syntax: [TEMPUNAVAIL]'],
    ['PORT', '00025', 'ATTR_BAD_VALUE', 'Bad PORT syntax: 00025'],
    ['PORT', '65536', 'ATTR_BAD_VALUE', 'Bad PORT syntax: 65536'],
    ['PORT', '-1', 'ATTR_BAD_VALUE', 'Bad PORT syntax: -1'],
    ['PORT', '١٢', 'ATTR_BAD_VALUE', 'Bad PORT syntax: ١٢'],
    ['PROTO', 'LMTP', 'ATTR_BAD_VALUE', 'Bad PROTO syntax: LMTP'],
    ['PROTO', '[UNAVAILABLE]', 'ATTR_SPECIAL_NOT_ALLOWED', 'Bad PROTO syntax: [UNAVAILABLE]'],
    ['HELO', 'h'.repeat(256), 'ATTR_TOO_LONG', `Bad HELO syntax: ${'h'.repeat(256)}`],
    ['HELO', 'é'.repeat(128), 'ATTR_TOO_LONG', `Bad HELO syntax: ${'é'.repeat(128)}`],
    ['HELO', 'x\r\nMAIL', 'ATTR_CONTROL_CHAR', 'Bad HELO syntax: x??MAIL'],
    ['HELO', '[TEMPUNAVAIL]', 'ATTR_SPECIAL_NOT_ALLOWED', 'Bad HELO syntax: [TEMPUNAVAIL]'],
    ['LOGIN', 'a\tb', 'ATTR_CONTROL_CHAR', 'Bad LOGIN syntax: a?b'],
    ['LOGIN', 'a\x7fb', 'ATTR_CONTROL_CHAR', 'Bad LOGIN syntax: a?b'],
    ['LOGIN', 'a\uD800', 'ATTR_BAD_VALUE', 'Bad LOGIN syntax: a?'],
    ['LOGIN', '', 'ATTR_EMPTY', 'Error: attribute=value expected'],
    ['FOO', 'bar', 'ATTR_UNKNOWN', 'Bad XCLIENT attribute name: FOO'],
  ])('%s=%j → %s', (name, value, code, text) => {
    const e = bad(name, value);
    expect(e.code).toBe(code);
    expect(e.reply).toEqual({ code: 501, enhanced: '5.5.4', text });
    if (code !== 'ATTR_UNKNOWN') expect(e.attribute).toBe(name);
  });

  it('compares special values and PROTO in ASCII only', () => {
    expect(bad('NAME', '[unavaılable]').code).toBe('ATTR_BAD_VALUE');
    expect(bad('PROTO', 'ESMTP'.replace('S', 'ſ')).code).toBe('ATTR_BAD_VALUE');
  });
});

describe("'postfix' (docs/spec/postfix.md §4)", () => {
  it.each([
    ['ADDR', '010.1.1.1', '8.1.1.1'],
    ['ADDR', '0127.0.0.1', '87.0.0.1'],
    ['ADDR', '192.000.002.001', '192.0.2.1'],
    ['ADDR', 'IPV6:2001:db8::192.0.2.1', '2001:db8::c000:201'],
    ['ADDR', 'IPV6:::ffff:192.0.2.1', '192.0.2.1'],
    ['ADDR', 'IPV6:::192.0.2.1', '::192.0.2.1'],
    ['PORT', '00025', 25],
    ['PORT', '99999', 99999],
    ['DESTPORT', '0', 0],
    ['PROTO', 'Esmtp', 'ESMTP'],
    ['HELO', 'a b<c>(d)"e";f@g\\h', 'a?b?c??d??e??f?g?h'],
    ['HELO', '[TEMPUNAVAIL]', '[TEMPUNAVAIL]'],
    ['LOGIN', '[tempunavail]', '[tempunavail]'],
    ['LOGIN', 'a<b>', 'a<b>'],
    ['HELO', 'a\0b', 'a'],
    ['LOGIN', 'a\r\nb', 'a??b'],
    ['NAME', 'x\0junk', 'x'],
    ['NAME', '[UNAVAILABLE]\0x', UNAVAILABLE],
  ])('%s=%j → %j', (name, value, expected) => {
    expect(ok(name, value, 'postfix').value).toEqual(expected);
  });

  it.each([
    ['ADDR', '08.1.1.1', 'Bad ADDR syntax: 08.1.1.1'],
    ['ADDR', '1.2.3.4;', 'Bad ADDR syntax: 1.2.3.4?'],
    ['ADDR', '[TEMPUNAVAIL]', 'Bad ADDR syntax: [TEMPUNAVAIL]'],
    ['PORT', '000025', 'Bad PORT syntax: 000025'],
    ['PORT', '1\r', 'Bad PORT syntax: 1?'],
    ['PROTO', '[UNAVAILABLE]', 'Bad PROTO syntax: [UNAVAILABLE]'],
    ['PROTO', 'SMTP ', 'Bad PROTO syntax: SMTP '],
    ['NAME', '', 'Bad NAME syntax: '],
    ['NAME', 'a;b', 'Bad NAME syntax: a;b'],
    ['HELO', 'h'.repeat(256), `Bad HELO syntax: ${'h'.repeat(256)}`],
  ])('%s=%j → %j', (name, value, text) => {
    expect(bad(name, value, 'postfix').reply.text).toBe(text);
  });

  it('accepts an empty LOGIN as Postfix does', () => {
    expect(ok('LOGIN', '', 'postfix').value).toBe('');
  });

  it('says when it masked or cut the value', () => {
    expect(ok('LOGIN', 'a\tb', 'postfix').warnings.map((w) => w.code)).toEqual(['ATTR_MASKED']);
    expect(ok('LOGIN', 'a\0b', 'postfix').warnings.map((w) => [w.code, w.position])).toEqual([
      ['ATTR_TRUNCATED_AT_NUL', 1],
    ]);
  });
});

describe("'lenient'", () => {
  it.each([
    ['ADDR', '2001:db8::1', '2001:db8::1', 'ATTR_BARE_IPV6'],
    ['PROTO', 'lmtp', 'LMTP', 'ATTR_PROTO_NONSTANDARD'],
    ['PROTO', '[UNAVAILABLE]', UNAVAILABLE, 'ATTR_SPECIAL_UNDOCUMENTED'],
    ['NAME', '[unavailable]', UNAVAILABLE, 'ATTR_SPECIAL_CASE'],
    ['LOGIN', '[TEMPUNAVAIL]', '[TEMPUNAVAIL]', 'ATTR_LITERAL_SPECIAL'],
    ['LOGIN', 'a\tb', 'a\tb', 'ATTR_CONTROL'],
    ['HELO', 'a\x7fc', 'a\x7fc', 'ATTR_CONTROL'],
    ['HELO', 'w '.repeat(200), 'w '.repeat(200), 'ATTR_LONG_VALUE'],
  ])('%s=%j → %j with %s', (name, value, expected, warning) => {
    const r = ok(name, value, 'lenient');
    expect(r.value).toEqual(expected);
    expect(r.warnings.map((w) => w.code)).toContain(warning);
  });

  it.each([
    ['NAME', 'a..b'],
    ['ADDR', '010.1.1.1'],
    ['ADDR', '[::1]'],
    ['PORT', '65536'],
    ['PROTO', 'ESMTPA'],
    ['LOGIN', 'a\r\nb'],
    ['HELO', 'a\0b'],
    ['NAME', 'n'.repeat(256)],
  ])('%s=%j is still refused', (name, value) => {
    expect(bad(name, value, 'lenient').reply.code).toBe(501);
  });

  it('warns nothing for clean values', () => {
    expect(ok('NAME', 'x.example', 'lenient').warnings).toEqual([]);
  });
});

describe('the name: compared in ASCII case only; errors and warnings carry the canonical one', () => {
  it('the canonical name is the one errors carry', () => {
    expect(refusal('port', 'x', 'strict')).toMatchObject({
      attribute: 'PORT',
      reply: syntax('Bad PORT syntax: x'),
    });
  });

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
    ['\udc00\udc00', '??'], // two low surrogates are no pair
  ])('an unknown name %j is echoed as %j: controls and lone surrogates as "?"', (name, shown) => {
    expect(refusal(name, 'x')).toEqual(unknownName(shown));
  });

  it.each([
    [{ length: 4 }, 'an object'],
    [['N', 'A', 'M', 'E'], 'an array'],
    [42, '42'],
  ])('a name that is no string (%j) is an unknown name, never an exception', (name, shown) => {
    expect(refusal(name, 'x')).toEqual(unknownName(shown));
  });

  it('an unknown name that is no string, in the default profile', () => {
    expect(bad(42 as unknown as string, 'x').code).toBe('ATTR_UNKNOWN');
  });
});

describe('a value that is no string is refused, never thrown on', () => {
  it('a number for NAME', () => {
    expect(bad('NAME', 42 as unknown as string).code).toBe('ATTR_BAD_VALUE');
  });

  it.each(PROFILES)("a value that is no string, in '%s'", (profile) => {
    expect(refusal('name', 42, profile)).toEqual({
      code: 'ATTR_BAD_VALUE',
      position: 0,
      attribute: 'NAME',
      reply: syntax('Bad NAME syntax: '),
    });
    expect(refusal('LOGIN', undefined, profile)).toEqual({
      code: 'ATTR_BAD_VALUE',
      position: 0,
      attribute: 'LOGIN',
      reply: syntax('Bad LOGIN syntax: '),
    });
  });
});

describe('an empty value', () => {
  it.each(['strict', 'lenient'] as const)("is refused in '%s'", (profile) => {
    expect(refusal('LOGIN', '', profile)).toEqual({
      code: 'ATTR_EMPTY',
      position: 0,
      attribute: 'LOGIN',
      reply: syntax('Error: attribute=value expected'),
    });
  });
});

describe('control characters: refused at their offset, echoed as "?"', () => {
  it('reports where the control character is', () => {
    expect(bad('HELO', 'abc\ndef').position).toBe(3);
  });

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
  ] as const)('%s=%j in %s: at %i (%s)', (name, value, profile, position, _point, shown) => {
    expect(refusal(name, value, profile)).toEqual({
      code: 'ATTR_CONTROL_CHAR',
      position,
      attribute: name,
      reply: syntax(`Bad ${name} syntax: ${shown}`),
    });
  });

  it.each([
    ['LOGIN', '\tabc', 0],
    ['LOGIN', 'a\x7f', 1],
    ['HELO', 'ab\x1bc\td', 2],
  ])("'lenient' takes %s=%j with ATTR_CONTROL at %i", (name, value, position) => {
    expect(accepted(name, value, 'lenient')).toEqual({
      value,
      text: value,
      warnings: [warning('ATTR_CONTROL', position, name)],
    });
  });

  it("'lenient' warns nothing for text without a control", () => {
    expect(accepted('LOGIN', 'bob smith', 'lenient').warnings).toEqual([]);
  });
});

describe("lone surrogates: refused outside 'postfix'; pairs are text", () => {
  it.each([
    ['ab\uDC00', 'strict', 2, 'ab?'],
    ['ab\uDC00', 'lenient', 2, 'ab?'],
    ['\uD800ab', 'strict', 0, '?ab'],
    ['😀\uDFFF', 'lenient', 2, '😀?'],
  ] as const)('LOGIN=%j in %s: at %i', (value, profile, position, shown) => {
    expect(refusal('LOGIN', value, profile)).toEqual({
      code: 'ATTR_BAD_VALUE',
      position,
      attribute: 'LOGIN',
      reply: syntax(`Bad LOGIN syntax: ${shown}`),
    });
  });

  it.each([
    ['\u{10000}'],
    ['\u{10FFFF}'],
    ['\u0800'],
    ['\uD7FF'],
    ['\uE000'],
    // U+0080 (the first 2-octet character) is a C1 control, refused: test/line-breaks.test.ts
    ['\u00A0'],
    ['\u07FF'],
  ])('LOGIN=%j, at an edge of a UTF-8 length, is well formed', (text) => {
    expect(validateAttribute('LOGIN', text)).toMatchObject({ ok: true, value: text });
  });

  it('a refused value is echoed masked, its pairs kept', () => {
    expect(refusal('NAME', 'a😀\tb', 'strict').reply).toEqual(syntax('Bad NAME syntax: a😀?b'));
    expect(refusal('NAME', 'a😀b', 'strict').reply).toEqual(syntax('Bad NAME syntax: a😀b'));
  });
});

describe('\'postfix\': a NUL ends the value; controls and lone surrogates become "?"', () => {
  it.each([
    ['😀', '😀'],
    ['\uDBFF\uDFFF', '\uDBFF\uDFFF'],
    ['\uDFFF', '?'],
    ['a\uD800\uE000', 'a?\uE000'],
    ['a\tb', 'a?b'],
    ['a\udc00\udc00', 'a??'], // two low surrogates are no pair
  ])("stores LOGIN=%j as %j, as Postfix's printable() does", (value, text) => {
    const r = accepted('LOGIN', value, 'postfix');
    expect(r.value).toBe(text);
    expect(r.text).toBe(text);
    if (text === value) expect(r.warnings).toEqual([]);
    else {
      expect(r.warnings).toHaveLength(1);
      expect(r.warnings[0]).toMatchObject({
        code: 'ATTR_MASKED',
        attribute: 'LOGIN',
        position: [...value].findIndex((c, i) => c !== [...text][i]),
      });
    }
  });

  it('reports where masking starts', () => {
    const r = validateAttribute('LOGIN', 'ab\x01c\x02', { profile: 'postfix' });
    expect(r.ok && r.warnings.map(plain)).toEqual([
      { code: 'ATTR_MASKED', position: 2, attribute: 'LOGIN' },
    ]);
    expect(r.ok && r.value).toBe('ab?c?');
  });

  it.each([
    ['\0abc', '', [warning('ATTR_TRUNCATED_AT_NUL', 0, 'LOGIN')]],
    ['\0', '', [warning('ATTR_TRUNCATED_AT_NUL', 0, 'LOGIN')]],
    // what follows the NUL is not seen, so not masked
    ['ab\0\tc', 'ab', [warning('ATTR_TRUNCATED_AT_NUL', 2, 'LOGIN')]],
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
      position: 0,
      attribute: 'NAME',
      reply: syntax('Bad NAME syntax: '),
    });
  });
});

describe('special values: [UNAVAILABLE] and [TEMPUNAVAIL]', () => {
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

  fcTest.prop([
    fc.mixedCase(fc.constantFrom('[unavailable]', '[tempunavail]')),
    fc.constantFrom(...PROFILES),
  ])('are case-insensitive on NAME in every profile', (v, p) => {
    const r = validateAttribute('NAME', v, { profile: p });
    expect(r.ok && isSpecialValue(r.value)).toBe(true);
  });

  it.each([
    ['NAME', '[Tempunavail]', TEMPUNAVAIL],
    ['ADDR', '[unavailable]', UNAVAILABLE],
  ])("'lenient' takes %s=%s with ATTR_SPECIAL_CASE", (name, value, marker) => {
    expect(accepted(name, value, 'lenient')).toEqual({
      value: marker,
      text: value,
      warnings: [warning('ATTR_SPECIAL_CASE', 0, name)],
    });
  });

  it("'lenient' takes PROTO=[UNAVAILABLE], which the document does not give PROTO", () => {
    const undocumented = warning('ATTR_SPECIAL_UNDOCUMENTED', 0, 'PROTO');
    expect(accepted('PROTO', '[UNAVAILABLE]', 'lenient')).toEqual({
      value: UNAVAILABLE,
      text: '[UNAVAILABLE]',
      warnings: [undocumented],
    });
    expect(accepted('PROTO', '[unavailable]', 'lenient').warnings).toEqual([
      warning('ATTR_SPECIAL_CASE', 0, 'PROTO'),
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
      warnings: [warning('ATTR_LITERAL_SPECIAL', 0, name)],
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
      position: 255,
      attribute: name,
      reply: syntax(`Bad ${name} syntax: ${value}`),
    });
  });

  it.each(['strict', 'postfix'] as const)(
    'HELO of 256 octets (%s): the same error, ATTR_TOO_LONG at 255',
    (profile) => {
      const r = validateAttribute('HELO', 'h'.repeat(256), { profile });
      expect(!r.ok && r.error).toMatchObject({
        code: 'ATTR_TOO_LONG',
        position: 255,
        attribute: 'HELO',
      });
    },
  );

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
      warning('ATTR_LONG_VALUE', at, 'HELO'),
    ]);
  });

  it("'lenient' takes a long HELO with ATTR_LONG_VALUE at octet 255", () => {
    const value = 'h'.repeat(256);
    expect(accepted('HELO', value, 'lenient')).toEqual({
      value,
      text: value,
      warnings: [warning('ATTR_LONG_VALUE', 255, 'HELO')],
    });
  });

  it("'postfix' checks a long NAME with valid_hostname's own rule (ATTR_BAD_VALUE)", () => {
    expect(refusal('NAME', longName, 'postfix')).toMatchObject({
      code: 'ATTR_BAD_VALUE',
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
      code: 'ATTR_TOO_LONG',
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

  // HELO may hold 255 octets: one 2-, 3- or 4-octet character more is one octet too many.
  it.each([
    ['\u00a0', 2],
    ['\u07ff', 2],
    ['\u0800', 3],
    ['\u20ac', 3],
    ['\uffff', 3],
    ['\u{10000}', 4],
    ['\u{10ffff}', 4],
  ])('HELO of 255 octets with %j (%i octets) twice fits; one octet more does not', (char, n) => {
    const fits = char + char + 'a'.repeat(255 - 2 * n);
    const over = `${fits}a`;
    expect(octets(fits)).toBe(255);
    for (const profile of ['strict', 'postfix'] as const) {
      expect(validateAttribute('HELO', fits, { profile })).toMatchObject({ ok: true, value: fits });
      const r = validateAttribute('HELO', over, { profile });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatchObject({ code: 'ATTR_TOO_LONG', attribute: 'HELO' });
    }
    expect(validateAttribute('HELO', over, { profile: 'lenient' })).toMatchObject({
      ok: true,
      warnings: [{ code: 'ATTR_LONG_VALUE', attribute: 'HELO' }],
    });
  });

  describe('a value over the limit is placed at the character that passes it', () => {
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

    it("U+0080, the first 2-octet character, counts 2 ('postfix', which takes controls): 200 of them are too long at 127", () => {
      const r = validateAttribute('HELO', '\u0080'.repeat(200), { profile: 'postfix' });
      expect(!r.ok && { code: r.error.code, position: r.error.position }).toEqual({
        code: 'ATTR_TOO_LONG',
        position: 127,
      });
    });

    fcTest.prop([
      fc.array(fc.oneof(codePoint, fc.constant('a')), { minLength: 64, maxLength: 300 }),
    ])('the same index as counting the encoded octets', (chars) => {
      // Controls (C0, DEL, C1, U+2028, U+2029) are refused before the length is checked
      const wide = (c: number): boolean =>
        c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029;
      const text = chars.map((c) => (wide(c.charCodeAt(0)) ? 'x' : c)).join('');
      fc.pre(octets(text) > 255);
      expect(position(text)).toBe(reference(text));
    });
  });
});

describe('PORT and DESTPORT', () => {
  it.each([
    // [value, profile, position, why]
    ['25x', 'strict', 2, 'not a decimal number of 1 to 5 digits'],
    ['-1', 'lenient', 0, 'not a decimal number of 1 to 5 digits'],
    ['', 'postfix', 0, 'not a decimal number of 1 to 5 digits'],
    ['x', 'postfix', 0, 'not a decimal number of 1 to 5 digits'],
    ['123456', 'postfix', 6, 'not a decimal number of 1 to 5 digits'],
    ['1 2', 'postfix', 1, 'not a decimal number of 1 to 5 digits'],
    ['0025', 'strict', 0, 'leading zero in a port number'],
    ['00', 'lenient', 0, 'leading zero in a port number'],
    ['65536', 'strict', 0, 'port number above 65535'],
    ['99999', 'lenient', 0, 'port number above 65535'],
  ] as const)('PORT=%j in %s: refused at %i (%s)', (value, profile, position, _why) => {
    for (const name of ['PORT', 'DESTPORT']) {
      expect(refusal(name, value, profile)).toEqual({
        code: 'ATTR_BAD_VALUE',
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

  fcTest.prop([fc.integer({ min: 0, max: 65535 }), fc.constantFrom(...PROFILES)])(
    'ports 0–65535 are accepted',
    (n, p) => {
      expect(validateAttribute('PORT', String(n), { profile: p })).toMatchObject({
        ok: true,
        value: n,
      });
    },
  );
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
      position: 0,
      attribute: 'PROTO',
      reply: syntax(`Bad PROTO syntax: ${value}`),
    });
  });

  it("'lenient' takes LMTP, upper-cased, with ATTR_PROTO_NONSTANDARD", () => {
    expect(accepted('PROTO', 'Lmtp', 'lenient')).toEqual({
      value: 'LMTP',
      text: 'Lmtp',
      warnings: [warning('ATTR_PROTO_NONSTANDARD', 0, 'PROTO')],
    });
  });
});

describe('NAME and REVERSE_NAME', () => {
  fcTest.prop([fc.domain(), fc.constantFrom(...PROFILES)])(
    'generated host names are accepted, as they are',
    (d, p) => {
      fc.pre(d.length <= 255);
      const r = validateAttribute('NAME', d, { profile: p });
      expect(r.ok && r.value).toBe(d);
    },
  );
});

describe('ADDR and DESTADDR', () => {
  /** The ADDR value as the profile stores it, or `refused@position`. The reply echoes the
   * value; Postfix shows ` <>()\";@` as `?` (its neuter()). */
  function addr(value: string, profile: Profile): string {
    const r = validateAttribute('ADDR', value, { profile });
    if (r.ok) return String(r.value);
    const echo = profile === 'postfix' ? value.replace(/[ <>()\\";@]/g, '?') : value;
    expect(r.error).toMatchObject({
      code: 'ATTR_BAD_VALUE',
      attribute: 'ADDR',
      reply: { code: 501, enhanced: '5.5.4', text: `Bad ADDR syntax: ${echo}` },
    });
    return `refused@${r.error.position}`;
  }

  it.each(['ADDR', 'DESTADDR'])("'lenient' takes a bare IPv6 %s with ATTR_BARE_IPV6", (name) => {
    expect(accepted(name, '2001:DB8::1', 'lenient')).toEqual({
      value: '2001:db8::1',
      text: '2001:DB8::1',
      warnings: [warning('ATTR_BARE_IPV6', 0, name)],
    });
  });

  it.each(PROFILES)("'%s' takes IPV6: addresses without a warning", (profile) => {
    expect(accepted('ADDR', 'IPV6:2001:db8::1', profile).warnings).toEqual([]);
  });

  fcTest.prop([fc.ipV4(), fc.constantFrom(...PROFILES)])(
    'dotted quads without leading zeros are accepted unchanged',
    (a, p) => {
      // 0.0.0.0/8 but 0.0.0.0 itself is refused (RFC 1122; Postfix, c182).
      fc.pre(!a.startsWith('0.') || a === '0.0.0.0');
      const r = validateAttribute('ADDR', a, { profile: p });
      expect(r.ok && r.value).toBe(a);
    },
  );

  fcTest.prop([fc.ipV6(), fc.constantFrom<Profile>('strict', 'lenient')])(
    'IPv6 with the prefix is accepted, and normalization is idempotent',
    (a, p) => {
      const r = validateAttribute('ADDR', `IPv6:${a}`, { profile: p });
      expect(r.ok).toBe(true);
      if (r.ok) {
        const again = validateAttribute('ADDR', `IPV6:${String(r.value)}`, { profile: p });
        expect(again.ok && again.value).toBe(r.value);
      }
    },
  );

  describe("'postfix': a single colon at the start (valid_ipv6_hostaddr, ISALNUM)", () => {
    // Postfix refuses ":x" at the start when x is an ASCII letter or digit; any other character
    // is left to the later checks, which report it where it stands.
    it.each([
      ['IPV6::1', 5, 'single colon at the start'],
      ['IPV6::A', 5, 'single colon at the start'],
      ['IPV6::Z', 5, 'single colon at the start'],
      ['IPV6::a', 5, 'single colon at the start'],
      ['IPV6::z', 5, 'single colon at the start'],
      ['IPV6::G', 5, 'single colon at the start'],
      ['IPV6::g', 5, 'single colon at the start'],
      ['IPV6::a:b:c', 5, 'single colon at the start'],
      ['IPV6::@', 6, 'invalid character'],
      ['IPV6::[', 6, 'brackets not allowed'],
      ['IPV6::`', 6, 'invalid character'],
      ['IPV6::{', 6, 'invalid character'],
      ['IPV6::\u00e9', 6, 'invalid character'],
      ['IPV6::%', 6, 'zone identifier not allowed'],
      ['IPV6::.', 6, 'IPv4 part after fewer than 2 or more than 6 colons'],
    ])('%j is refused at %i (%s)', (value, position) => {
      expect(addr(value, 'postfix')).toBe(`refused@${position}`);
    });
  });

  describe("'postfix': the first error found from the left is the one reported", () => {
    it.each([
      // a group of 5 hex digits, whatever follows
      ['IPV6:12345', 5, 'more than 4 hex digits in a group'],
      ['IPV6:1:12345', 7, 'more than 4 hex digits in a group'],
      ['IPV6:12345:g', 5, 'more than 4 hex digits in a group'],
      ['IPV6:1:abcde::1', 7, 'more than 4 hex digits in a group'],
      // a second "::", whatever follows
      ['IPV6:1::2::g', 9, 'more than one "::"'],
      ['IPV6:1::2::12345', 9, 'more than one "::"'],
      ['IPV6:1::2::3:4:5:6:7:8', 9, 'more than one "::"'],
      // more than 4 IPv4 parts: the fifth one is reported
      ['1.2.3.4.5', 8, 'more than 4 IPv4 octets'],
      ['1.2.3.4.5.6', 8, 'more than 4 IPv4 octets'],
      ['10.20.30.40.50.60.70', 12, 'more than 4 IPv4 octets'],
    ])('%j is refused at %i (%s)', (value, position) => {
      expect(addr(value, 'postfix')).toBe(`refused@${position}`);
    });
  });

  describe("'strict' and 'lenient': a bad character inside an IPv6 address, where it stands", () => {
    it.each([
      ['IPv6:1::ab%eth0', 10, 'zone identifier not allowed'],
      ['IPv6:fe80::1ff%eth0', 14, 'zone identifier not allowed'],
      ['IPv6:1::abg', 10, 'invalid character'],
      ['IPv6:1::ab]', 10, 'brackets not allowed'],
      ['IPv6:1:2:3:4:5:6:7:g', 19, 'invalid character'],
      ['IPv6:1:2:3:4:5:6:7:8/64', 20, 'prefix length not allowed'],
      ['IPv6:1:2:3:4:5:6:7:88%x', 21, 'zone identifier not allowed'],
    ])('%j is refused at %i (%s)', (value, position) => {
      expect(addr(value, 'strict')).toBe(`refused@${position}`);
      expect(addr(value, 'lenient')).toBe(`refused@${position}`);
    });

    it.each([
      ['fe80::ab%eth0', 8, 'zone identifier not allowed'],
      ['1:2:3:4:5:6:7:g', 14, 'invalid character'],
    ])('bare (lenient) %j is refused at %i (%s)', (value, position) => {
      expect(addr(value, 'lenient')).toBe(`refused@${position}`);
    });
  });

  describe("'strict' and 'lenient': RFC 5952 §5 mixed notation for ::ffff:0:0/96 only", () => {
    it.each([
      ['IPv6:::ffff:1.2.3.4', '::ffff:1.2.3.4'],
      ['IPv6:0:0:0:0:0:FFFF:0102:0304', '::ffff:1.2.3.4'],
      // ffff in the sixth group, but not after five zero groups: hex
      ['IPv6:1:2:3:4:5:ffff:1.2.3.4', '1:2:3:4:5:ffff:102:304'],
      ['IPv6:1::ffff:1.2.3.4', '1::ffff:102:304'],
      ['IPv6:::1:ffff:1.2.3.4', '::1:ffff:102:304'],
      ['IPv6:0:0:0:0:ffff:ffff:1.2.3.4', '::ffff:ffff:102:304'],
      ['IPv6:::ffff:ffff:1.2.3.4', '::ffff:ffff:102:304'],
      // five zero groups, then something else than ffff: hex
      ['IPv6:::fffe:1.2.3.4', '::fffe:102:304'],
      ['IPv6:::ff:1.2.3.4', '::ff:102:304'],
    ])('%j → %j', (value, normalized) => {
      expect(addr(value, 'strict')).toBe(normalized);
      expect(addr(value, 'lenient')).toBe(normalized);
    });
  });

  describe("'strict': 0.0.0.0/8 is refused, inside ::ffff:0:0/96 too, and only there", () => {
    it.each([
      // IPv4-mapped address in 0.0.0.0/8 ("this network" is no host)
      ['IPv6:::ffff:0.1.2.3', 'refused@5'],
      ['IPv6:::FFFF:0:1', 'refused@5'],
      ['IPv6:::ffff:0.0.0.0', '::ffff:0.0.0.0'],
      // not IPv4-mapped: a non-zero group before, or not ffff in both octets of group 6
      ['IPv6:1::ffff:0.1.2.3', '1::ffff:1:203'],
      ['IPv6:0:0:0:0:1:ffff:0.1.2.3', '::1:ffff:1:203'],
      ['IPv6:0:1:0:0:0:ffff:0.1.2.3', '0:1::ffff:1:203'],
      ['IPv6:::ff:0.1.2.3', '::ff:1:203'],
      ['IPv6:::ff00:0.1.2.3', '::ff00:1:203'],
      ['IPv6:::0.1.2.3', '::1:203'],
    ])('%j → %s', (value, expected) => {
      expect(addr(value, 'strict')).toBe(expected);
    });

    it.each(['0.1.0.0', '0.0.1.0', '0.0.0.1', '0.255.255.255', 'IPV6:::ffff:0.0.1.0'])(
      '%s, whichever octet is not zero',
      (value) => {
        const r = validateAttribute('ADDR', value);
        expect(!r.ok && r.error.code).toBe('ATTR_BAD_VALUE');
      },
    );

    it('0.0.0.0 itself is the documented exception', () => {
      expect(validateAttribute('ADDR', '0.0.0.0').ok).toBe(true);
    });
  });
});

describe('messages: each names the attribute and what is wrong with the value', () => {
  // Messages are for people (the CLI prints them): their prose is not pinned, but each names
  // the attribute and carries the facts the validator has: the limit, the character, the
  // special value, what the value should have been.
  it.each<[string, string, Profile, readonly string[]]>([
    // [attribute, value, profile, what the message must contain]
    ['PORT', '025', 'strict', ['PORT', 'leading zero']],
    ['PORT', '70000', 'strict', ['PORT', '65535']],
    ['PORT', 'x', 'strict', ['PORT', '5 digits']],
    ['PROTO', 'FOO', 'strict', ['PROTO', 'SMTP or ESMTP']],
    ['HELO', '', 'strict', ['HELO', 'empty']],
    ['HELO', 'a\u001bb', 'strict', ['HELO', 'U+001B']],
    ['LOGIN', 'a\u0085', 'strict', ['LOGIN', 'U+0085']],
    ['LOGIN', 'a\uD800', 'strict', ['LOGIN', 'surrogate']],
    ['PROTO', '[UNAVAILABLE]', 'strict', ['PROTO', '[UNAVAILABLE]']],
    ['ADDR', '[tempunavail]', 'strict', ['ADDR', '[TEMPUNAVAIL]']],
    ['HELO', 'x'.repeat(256), 'strict', ['HELO', '255']],
    ['HELO', 'x'.repeat(256), 'postfix', ['HELO', '255']], // the kind's own limit (textLimit)
    ['NAME', `${'a'.repeat(63)}.`.repeat(5).slice(0, -1), 'strict', ['NAME', '255']],
    ['ADDR', '1.2.3', 'strict', ['ADDR', '4']],
  ])('%s=%j (%s)', (name, value, profile, parts) => {
    const text = bad(name, value, profile).message;
    for (const part of parts) expect(text).toContain(part);
    expect(text).not.toContain('undefined');
  });

  // And the refusals of what is no attribute at all: the name, the value's type, the profile.
  it.each<[string, unknown, unknown, unknown, readonly string[]]>([
    // [label, name, value, options, what the message must contain]
    ['an unknown name: the name', 'FOO', 'x', undefined, ['FOO']],
    ['an unknown name that is no string: the value', 42, 'x', undefined, ['42']],
    ['a value that is no string: the attribute', 'name', 42, undefined, ['NAME']],
    [
      'a bad profile: the profiles and the one given',
      'NAME',
      'x',
      { profile: 'lax' },
      ['strict', '"lax"'],
    ],
    ['a bad profile that is no string', 'NAME', 'x', { profile: 7 }, ['postfix', '7']],
    ['a bad value: the attribute', 'PORT', 'x', undefined, ['PORT']],
  ])('%s', (_label, name, value, options, parts) => {
    const r = validateAttribute(name as string, value as string, options as never);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const text = r.error.message;
    expect(text.trim()).not.toBe('');
    for (const part of parts) expect(text).toContain(part);
    expect(text).not.toContain('undefined');
  });
});

describe('never throws', () => {
  fcTest.prop([
    fc.constantFrom(...ATTRIBUTE_NAMES),
    fc.string({ unit: codePoint, maxLength: 80 }),
    fc.constantFrom(...PROFILES),
  ])('nothing throws, and every refusal is a 501 without CR, LF or NUL', (name, value, p) => {
    const r = validateAttribute(name, value, { profile: p });
    if (!r.ok) {
      expect(r.error.reply.code).toBe(501);
      expect(r.error.reply.text).not.toMatch(/[\r\n\0]/);
    }
  });
});
