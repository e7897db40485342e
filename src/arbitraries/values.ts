/**
 * The values of the kinds that are not host names or addresses (hosts.ts): ports, PROTO,
 * the special values, free text (HELO, LOGIN), XFORWARD's words and SOURCE. Which attribute
 * takes which of them is attributes.ts's business.
 *
 * @packageDocumentation
 */

import type { Arbitrary } from 'fast-check';
import fc from 'fast-check';
import { MAX_DECODED, MAX_FREE_TEXT, MAX_RAW } from './limits.js';
import {
  asciiEqualsIgnoreCase,
  fitXtext,
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

/**
 * Free text (HELO, LOGIN) of 1 to `max` octets, mostly short. A long text shrinks to the short
 * ones too (cross-shrink): a shrink inside its own branch stops at 200 characters.
 */
export function freeText(max: number): Arbitrary<string> {
  return fc
    .oneof(
      { withCrossShrink: true },
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
  return freeText(MAX_FREE_TEXT);
}

/** Text of `max` + 1 to `max` + 45 characters (so over `max` octets), without controls. */
export function longText(max: number): Arbitrary<string> {
  return fc
    .string({ unit: textChar, minLength: max + 1, maxLength: max + 45 })
    .map((t) => t.padEnd(max + 1, 'x'));
}

// ---------------------------------------------------------------------------------------
// XFORWARD's words and SOURCE

/** A character of a word: printable ASCII but space and `<>()\";@` (XFORWARD_README Note 1). */
export const wordChar: Arbitrary<string> = fc
  .integer({ min: 0x21, max: 0x7e })
  .filter((c) => !'<>()\\";@'.includes(String.fromCharCode(c)))
  .map((c) => String.fromCharCode(c));

/**
 * A word of 1 to `max` characters whose xtext fits 255 characters, biased to short ones;
 * never a special value's text.
 */
export const word = (max: number): Arbitrary<string> =>
  fc
    .oneof(
      {
        weight: 3,
        arbitrary: fc.string({ unit: wordChar, minLength: 1, maxLength: Math.min(max, 20) }),
      },
      { weight: 1, arbitrary: fc.string({ unit: wordChar, minLength: 1, maxLength: max }) },
    )
    .map((w) => w.slice(0, fitXtext(w, [], MAX_RAW, true).length))
    .filter((w) => !isSpecialText(w));

/** A short word with a character Note 1 keeps out of words: a space, `<>()\";@`, non-ASCII. */
export const notAWord: Arbitrary<string> = fc
  .tuple(word(10), fc.constantFrom(' ', '<', '>', '(', ')', '\\', '"', ';', '@', 'é', '€'))
  .map(([w, c]) => w + c);

/** SOURCE values 'strict' refuses: neither LOCAL nor REMOTE. */
export const invalidSource: Arbitrary<string> = fc.constantFrom(
  'LOCALX',
  'NOWHERE',
  'REMOTE ',
  'remote!',
  'L',
  '[UNAVAILABLE]x',
);
