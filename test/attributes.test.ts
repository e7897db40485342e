// The attribute table (ATTRIBUTE_NAMES, ATTRIBUTES), attributeName, and the special-value
// markers. validateAttribute has its own file, test/validate-attribute.test.ts.
import {
  ATTRIBUTE_NAMES,
  ATTRIBUTES,
  attributeName,
  isSpecialValue,
  TEMPUNAVAIL,
  UNAVAILABLE,
} from 'smtp-xclient';
import { describe, expect, it } from 'vitest';

describe('ATTRIBUTE_NAMES and ATTRIBUTES', () => {
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
});

describe('attributeName: ASCII case only, compared with the names of the same length', () => {
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
});

describe('UNAVAILABLE, TEMPUNAVAIL and isSpecialValue', () => {
  it('special values are frozen markers, never strings', () => {
    expect(Object.isFrozen(UNAVAILABLE)).toBe(true);
    expect(isSpecialValue(UNAVAILABLE)).toBe(true);
    expect(isSpecialValue(TEMPUNAVAIL)).toBe(true);
    expect(isSpecialValue('[UNAVAILABLE]')).toBe(false);
    expect(isSpecialValue({ kind: 'unavailable', text: '[UNAVAILABLE]' })).toBe(false);
  });
});
