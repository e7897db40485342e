import {
  ATTRIBUTE_NAMES,
  ATTRIBUTES,
  attributeName,
  isSpecialValue,
  type Profile,
  TEMPUNAVAIL,
  UNAVAILABLE,
  validateAttribute,
} from 'smtp-xclient';
import { describe, expect, it } from 'vitest';
import { codePoint, fc, test as fcTest } from './helpers/fc.js';

const ok = (name: string, value: string, profile: Profile = 'strict') => {
  const r = validateAttribute(name, value, { profile });
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r;
};
const bad = (name: string, value: string, profile: Profile = 'strict') => {
  const r = validateAttribute(name, value, { profile });
  if (r.ok) throw new Error(`accepted ${name}=${value}`);
  return r.error;
};

describe('the table', () => {
  it("lists the nine attributes in Postfix's announcement order", () => {
    expect(ATTRIBUTE_NAMES).toEqual([
      'NAME',
      'ADDR',
      'PROTO',
      'HELO',
      'REVERSE_NAME',
      'PORT',
      'LOGIN',
      'DESTADDR',
      'DESTPORT',
    ]);
    expect(Object.isFrozen(ATTRIBUTE_NAMES)).toBe(true);
  });

  it('gives [TEMPUNAVAIL] a meaning only for NAME and REVERSE_NAME, and PROTO no special value', () => {
    const withTemp = ATTRIBUTE_NAMES.filter((n) =>
      (ATTRIBUTES[n].specials as readonly string[]).includes('tempunavail'),
    );
    expect(withTemp).toEqual(['NAME', 'REVERSE_NAME']);
    expect(ATTRIBUTES.PROTO.specials).toEqual([]);
  });

  it.each([
    ['name', 'NAME'],
    ['Reverse_Name', 'REVERSE_NAME'],
    ['destport', 'DESTPORT'],
    ['FOO', undefined],
    ['NAME_', undefined],
    ['', undefined],
    ['toString', undefined],
    ['ǅ', undefined],
    ['LOGıN', undefined], // 'ı'.toUpperCase() is 'I': Postfix compares in ASCII only
    ['DEſTADDR', undefined], // 'ſ'.toUpperCase() is 'S'
  ])('attributeName(%j) is %j', (input, expected) => {
    expect(attributeName(input)).toBe(expected);
  });

  it('special values are frozen markers, never strings', () => {
    expect(Object.isFrozen(UNAVAILABLE)).toBe(true);
    expect(isSpecialValue(UNAVAILABLE)).toBe(true);
    expect(isSpecialValue(TEMPUNAVAIL)).toBe(true);
    expect(isSpecialValue('[UNAVAILABLE]')).toBe(false);
    expect(isSpecialValue({ kind: 'unavailable', text: '[UNAVAILABLE]' })).toBe(false);
  });
});

describe("validateAttribute, 'strict'", () => {
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

  it('reports where the control character is', () => {
    expect(bad('HELO', 'abc\ndef').position).toBe(3);
  });

  it('never throws on a non-string value', () => {
    expect(bad('NAME', 42 as unknown as string).code).toBe('ATTR_BAD_VALUE');
    expect(bad(42 as unknown as string, 'x').code).toBe('ATTR_UNKNOWN');
  });
});

describe("validateAttribute, 'postfix' (SPEC.md §4)", () => {
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

describe("validateAttribute, 'lenient'", () => {
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

describe('properties', () => {
  const profiles = fc.constantFrom<Profile>('strict', 'postfix', 'lenient');

  fcTest.prop([fc.domain(), profiles])('generated host names are accepted, as they are', (d, p) => {
    fc.pre(d.length <= 255);
    const r = validateAttribute('NAME', d, { profile: p });
    expect(r.ok && r.value).toBe(d);
  });

  fcTest.prop([fc.ipV4(), profiles])(
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

  fcTest.prop([fc.integer({ min: 0, max: 65535 }), profiles])(
    'ports 0–65535 are accepted',
    (n, p) => {
      expect(validateAttribute('PORT', String(n), { profile: p })).toMatchObject({
        ok: true,
        value: n,
      });
    },
  );

  fcTest.prop([
    fc.constantFrom(...ATTRIBUTE_NAMES),
    fc.string({ unit: codePoint, maxLength: 80 }),
    profiles,
  ])('nothing throws, and every refusal is a 501 without CR, LF or NUL', (name, value, p) => {
    const r = validateAttribute(name, value, { profile: p });
    if (!r.ok) {
      expect(r.error.reply.code).toBe(501);
      expect(r.error.reply.text).not.toMatch(/[\r\n\0]/);
    }
  });

  fcTest.prop([fc.mixedCase(fc.constantFrom('[unavailable]', '[tempunavail]')), profiles])(
    'special values are case-insensitive on NAME',
    (v, p) => {
      const r = validateAttribute('NAME', v, { profile: p });
      expect(r.ok && isSpecialValue(r.value)).toBe(true);
    },
  );
});

describe('the same error for a value too long in every profile that refuses it', () => {
  it.each(['strict', 'postfix'] as const)(
    'HELO of 256 octets (%s): ATTR_TOO_LONG at 255',
    (profile) => {
      const r = validateAttribute('HELO', 'h'.repeat(256), { profile });
      expect(!r.ok && r.error).toMatchObject({
        code: 'ATTR_TOO_LONG',
        position: 255,
        attribute: 'HELO',
        message: 'HELO: longer than 255 octets',
      });
    },
  );

  it("'postfix' reports where masking starts", () => {
    const r = validateAttribute('LOGIN', 'ab\x01c\x02', { profile: 'postfix' });
    expect(r.ok && r.warnings).toEqual([
      {
        code: 'ATTR_MASKED',
        message: 'control characters and lone surrogates shown as "?", as Postfix does',
        position: 2,
        attribute: 'LOGIN',
      },
    ]);
    expect(r.ok && r.value).toBe('ab?c?');
  });
});
