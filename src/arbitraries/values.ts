/**
 * Per-attribute values: ports, PROTO, the special values, HELO and LOGIN text, and the valid
 * and invalid values of each attribute (host names and addresses come from hosts.ts).
 *
 * @packageDocumentation
 */

import type { Arbitrary } from 'fast-check';
import fc from 'fast-check';
import type { XclientAttributeName, XclientErrorCode } from 'smtp-xclient';
import {
  invalidAddress,
  invalidHostname,
  longLabel,
  validAddress,
  validHostname,
} from './hosts.js';
import { MAX_DECODED } from './limits.js';
import {
  asciiEqualsIgnoreCase,
  insertAt,
  isSpecialText,
  scalarValue,
  trimOctets,
} from './xtext.js';

// ---------------------------------------------------------------------------------------
// Ports, PROTO, special values, text

/**
 * PORT and DESTPORT values the 'strict' profile accepts: `0`–`65535` in decimal without
 * leading zeros, biased towards small numbers and the ends of the range.
 *
 * @returns an arbitrary of port values as text.
 * @example
 * ```ts
 * fc.sample(validPort(), 3) //=> e.g. ['0', '25', '65535']
 * ```
 * @remarks Since 0.1.0
 */
export function validPort(): Arbitrary<string> {
  return fc.integer({ min: 0, max: 65535 }).map(String);
}

/**
 * PORT and DESTPORT values the 'strict' profile refuses with `ATTR_BAD_VALUE`: leading zeros
 * (`025`, which Postfix accepts), numbers above 65535 (`99999`, which Postfix accepts too),
 * six or more digits, signs, hex, spaces, decimals and non-ASCII digits.
 *
 * @returns an arbitrary of invalid port values.
 * @example
 * ```ts
 * fc.sample(invalidPort(), 3) //=> e.g. ['00', '65536', '0x19']
 * ```
 * @remarks Since 0.1.0
 */
export function invalidPort(): Arbitrary<string> {
  return fc.oneof(
    validPort().map((p) => `0${p}`),
    fc.integer({ min: 65536, max: 99999 }).map(String),
    fc.integer({ min: 100000, max: 2 ** 31 - 1 }).map(String),
    fc.constantFrom(
      '-1',
      '+1',
      '0x19',
      ' 25',
      '25 ',
      '2 5',
      '1.5',
      '25a',
      '1e3',
      'NaN',
      'Infinity',
      '٢٥',
      '２５',
      'unknown',
    ),
    fc.tuple(validPort(), fc.constantFrom('a', '.', ':', '-', '/', 'é')).map(([p, s]) => p + s),
  );
}

/**
 * PROTO values the 'strict' profile accepts: `SMTP` and `ESMTP` in mixed case.
 *
 * @returns an arbitrary of PROTO values.
 * @example
 * ```ts
 * fc.sample(validProto(), 2) //=> e.g. ['SMTP', 'eSmTp']
 * ```
 * @remarks Since 0.1.0
 */
export function validProto(): Arbitrary<string> {
  return fc.mixedCase(fc.constantFrom('SMTP', 'ESMTP'));
}

/**
 * PROTO values the 'strict' profile refuses with `ATTR_BAD_VALUE`: other protocol names
 * (`LMTP`, which the 'lenient' profile accepts, `ESMTPA`, `ESMTPS`, `UTF8SMTP`, `QMQP`),
 * `SMTP` with extra spaces, and other ASCII words.
 *
 * @returns an arbitrary of invalid PROTO values.
 * @example
 * ```ts
 * fc.sample(invalidProto(), 3) //=> e.g. ['LMTP', 'esmtpa', 'x']
 * ```
 * @remarks Since 0.1.0
 */
export function invalidProto(): Arbitrary<string> {
  const word = fc
    .string({
      unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_'),
      minLength: 1,
      maxLength: 8,
    })
    .filter((w) => !asciiEqualsIgnoreCase(w, 'SMTP') && !asciiEqualsIgnoreCase(w, 'ESMTP'));
  return fc.oneof(
    fc.mixedCase(
      fc.constantFrom(
        'LMTP',
        'ESMTPA',
        'ESMTPS',
        'ESMTPSA',
        'UTF8SMTP',
        'QMQP',
        'HTTP',
        'SMTP ',
        ' SMTP',
        'E SMTP',
        'ESMTP2',
      ),
    ),
    word,
  );
}

/**
 * The special values `[UNAVAILABLE]` and `[TEMPUNAVAIL]` in mixed case (XCLIENT_README Note 2
 * makes them case-insensitive).
 *
 * @param which - `'unavailable'`, `'tempunavail'` or `'any'` (the default).
 * @returns an arbitrary of special-value texts, such as `[unAvailable]`.
 * @example
 * ```ts
 * fc.sample(specialValue('unavailable'), 2) //=> e.g. ['[UNAVAILABLE]', '[uNaVaIlAbLe]']
 * ```
 * @remarks Since 0.1.0
 */
export function specialValue(
  which: 'unavailable' | 'tempunavail' | 'any' = 'any',
): Arbitrary<string> {
  const texts =
    which === 'unavailable'
      ? ['[UNAVAILABLE]']
      : which === 'tempunavail'
        ? ['[TEMPUNAVAIL]']
        : ['[UNAVAILABLE]', '[TEMPUNAVAIL]'];
  return fc.mixedCase(fc.constantFrom(...texts));
}

/** C0, DEL, C1 (NEL among them), U+2028 and U+2029: what 'strict' refuses in a value. */
const isWideControl = (c: number): boolean =>
  c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029;

/**
 * One character of HELO or LOGIN text: mostly printable ASCII, some non-ASCII, no controls
 * (C0, DEL, C1 and U+2028 / U+2029, which 'strict' refuses).
 */
const textChar: Arbitrary<string> = fc.oneof(
  {
    weight: 8,
    // printable ASCII, space included, shrinking towards "a"
    arbitrary: fc
      .integer({ min: 0, max: 94 })
      .map((i) => String.fromCharCode(0x20 + ((i + 65) % 95))),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom('é', 'ü', 'ß', '€', '中', '😀', '\u00a0', '\u200b', '\ufeff'),
  },
  {
    weight: 1,
    // no control in the wide sense: C0, DEL, C1 (NEL among them), U+2028, U+2029
    arbitrary: scalarValue.filter((c) => !isWideControl(c.charCodeAt(0))),
  },
);

/** Free text (HELO, LOGIN) of 1 to `max` octets, mostly short. */
export function freeText(max: number): Arbitrary<string> {
  return fc
    .oneof(
      { weight: 6, arbitrary: fc.string({ unit: textChar, minLength: 1, maxLength: 40 }) },
      { weight: 1, arbitrary: fc.string({ unit: textChar, minLength: 200, maxLength: 300 }) },
    )
    .map((t) => trimOctets(t, max))
    .filter((t) => t.length > 0 && !isSpecialText(t));
}

/**
 * HELO values the 'strict' profile accepts: text of 1 to 255 octets with any character but
 * controls (C0, DEL, C1, U+2028 and U+2029), including spaces, `+`, `=` and UTF-8 (which
 * xtext encodes).
 *
 * @returns an arbitrary of HELO texts (decoded).
 * @example
 * ```ts
 * fc.sample(validHelo(), 2) //=> e.g. ['mx.example', 'Grüße +=']
 * ```
 * @remarks Since 0.1.0
 */
export function validHelo(): Arbitrary<string> {
  return freeText(MAX_DECODED);
}

/**
 * LOGIN values the 'strict' profile accepts: like {@link validHelo} (the protocol sets no
 * length limit for LOGIN; these stay under 300 octets).
 *
 * @returns an arbitrary of LOGIN texts (decoded).
 * @example
 * ```ts
 * fc.sample(validLogin(), 2) //=> e.g. ['bob', 'jürgen smith+tag=x@example.com']
 * ```
 * @remarks Since 0.1.0
 */
export function validLogin(): Arbitrary<string> {
  return freeText(300);
}

/**
 * Decoded values the 'strict' profile accepts for an attribute: the kind's values and, now
 * and then, the special values the attribute allows (`[UNAVAILABLE]` everywhere but PROTO,
 * `[TEMPUNAVAIL]` for NAME and REVERSE_NAME), in mixed case.
 *
 * @param name - the attribute.
 * @returns an arbitrary of decoded values; `validateAttribute(name, v)` accepts each.
 * @example
 * ```ts
 * fc.sample(validAttributeValue('PORT'), 3) //=> e.g. ['25', '[unavailable]', '0']
 * ```
 * @remarks Since 0.1.0
 */
export function validAttributeValue(name: XclientAttributeName): Arbitrary<string> {
  const withSpecial = (
    arb: Arbitrary<string>,
    which: 'unavailable' | 'any' = 'unavailable',
  ): Arbitrary<string> =>
    fc.oneof({ weight: 8, arbitrary: arb }, { weight: 1, arbitrary: specialValue(which) });
  switch (name) {
    case 'NAME':
    case 'REVERSE_NAME':
      return withSpecial(validHostname(), 'any');
    case 'ADDR':
    case 'DESTADDR':
      return withSpecial(validAddress());
    case 'PORT':
    case 'DESTPORT':
      return withSpecial(validPort());
    case 'PROTO':
      return validProto();
    case 'HELO':
      return withSpecial(validHelo());
    case 'LOGIN':
      return withSpecial(validLogin());
  }
}

/**
 * A decoded value the 'strict' profile refuses, with the error code it must give.
 * @example
 * ```ts
 * const bad: InvalidAttributeValue = { value: '025', code: 'ATTR_BAD_VALUE' };
 * ```
 * @remarks Since 0.1.0
 */
export interface InvalidAttributeValue {
  /** The decoded value. */
  readonly value: string;
  /** The code of the error `validateAttribute(name, value)` returns. */
  readonly code: XclientErrorCode;
}

/** Controls 'strict' refuses in a value: C0, DEL, C1 (NEL among them), U+2028, U+2029. */
const controlChar: Arbitrary<string> = fc
  .oneof(
    fc.integer({ min: 0, max: 0x1f }),
    fc.integer({ min: 0x7f, max: 0x9f }),
    fc.constantFrom(0x2028, 0x2029),
  )
  .map((c) => String.fromCharCode(c));

/**
 * Decoded values the 'strict' profile refuses for an attribute, each with the error code:
 * `ATTR_EMPTY`; `ATTR_CONTROL_CHAR` (a valid value with a control inside: C0, DEL, C1, U+2028, U+2029);
 * `ATTR_BAD_VALUE` (a lone surrogate, or a value of the wrong kind: {@link invalidHostname},
 * {@link invalidAddress}, {@link invalidPort}, {@link invalidProto});
 * `ATTR_SPECIAL_NOT_ALLOWED` (`[TEMPUNAVAIL]` outside NAME and REVERSE_NAME, any special
 * value for PROTO); `ATTR_TOO_LONG` (NAME, REVERSE_NAME or HELO over 255 octets).
 *
 * @param name - the attribute.
 * @returns an arbitrary of `{ value, code }`.
 * @example
 * ```ts
 * fc.sample(invalidAttributeValue('PORT'), 2)
 * //=> e.g. [{ value: '025', code: 'ATTR_BAD_VALUE' }, { value: '', code: 'ATTR_EMPTY' }]
 * ```
 * @remarks Since 0.1.0
 */
export function invalidAttributeValue(
  name: XclientAttributeName,
): Arbitrary<InvalidAttributeValue> {
  const tag =
    (code: XclientErrorCode) =>
    (value: string): InvalidAttributeValue => ({ value, code });
  const common: Arbitrary<InvalidAttributeValue>[] = [
    fc.constant({ value: '', code: 'ATTR_EMPTY' }),
    fc
      .tuple(validAttributeValue(name), controlChar, fc.nat())
      .map(([v, c, at]) => ({ value: insertAt(v, at, c), code: 'ATTR_CONTROL_CHAR' })),
    fc
      .tuple(validAttributeValue(name), fc.constantFrom('\ud800', '\udfff'), fc.nat())
      .map(([v, s, at]) => ({ value: insertAt(v, at, s), code: 'ATTR_BAD_VALUE' })),
  ];
  const specials: Record<XclientAttributeName, Arbitrary<string> | undefined> = {
    NAME: undefined,
    REVERSE_NAME: undefined,
    ADDR: specialValue('tempunavail'),
    DESTADDR: specialValue('tempunavail'),
    PORT: specialValue('tempunavail'),
    DESTPORT: specialValue('tempunavail'),
    PROTO: specialValue('any'),
    HELO: specialValue('tempunavail'),
    LOGIN: specialValue('tempunavail'),
  };
  const special = specials[name];
  if (special !== undefined) common.push(special.map(tag('ATTR_SPECIAL_NOT_ALLOWED')));
  const tooLongHost = fc
    .array(longLabel, { minLength: 5, maxLength: 6 })
    .map((labels) => `x${labels.join('.')}`.padEnd(MAX_DECODED + 1, 'x'));
  const tooLongText = fc
    .string({ unit: textChar, minLength: 256, maxLength: 300 })
    .map((t) => t.padEnd(MAX_DECODED + 1, 'x'));
  let specific: Arbitrary<InvalidAttributeValue>[];
  switch (name) {
    case 'NAME':
    case 'REVERSE_NAME':
      specific = [
        invalidHostname().map(tag('ATTR_BAD_VALUE')),
        tooLongHost.map(tag('ATTR_TOO_LONG')),
      ];
      break;
    case 'ADDR':
    case 'DESTADDR':
      specific = [invalidAddress().map(tag('ATTR_BAD_VALUE'))];
      break;
    case 'PORT':
    case 'DESTPORT':
      specific = [invalidPort().map(tag('ATTR_BAD_VALUE'))];
      break;
    case 'PROTO':
      specific = [invalidProto().map(tag('ATTR_BAD_VALUE'))];
      break;
    case 'HELO':
      specific = [tooLongText.map(tag('ATTR_TOO_LONG'))];
      break;
    case 'LOGIN':
      specific = [];
      break;
  }
  return fc.oneof(...specific, ...common);
}
