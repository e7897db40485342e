/**
 * The values of each XCLIENT attribute, valid and invalid, and the values formatXclient is
 * given, derived from the attribute's row of ATTRIBUTES (the dialect definition): its kind,
 * the special values it takes and its length limit. The values of each kind come from
 * {@link KINDS}, one row per kind of value, built from the grammar (hosts.ts, values.ts), not
 * asked of the library. An attribute of an existing kind needs nothing here; a new kind of
 * value is a row of {@link KINDS}, which the compiler asks for.
 *
 * @packageDocumentation
 */

import type { Arbitrary } from 'fast-check';
import fc from 'fast-check';
// The library by its own name (see lines.ts): one instance of UNAVAILABLE and TEMPUNAVAIL.
import type {
  AttributeSpec,
  KindValues,
  XclientAttributeName,
  XclientErrorCode,
} from 'smtp-xclient';
import { ATTRIBUTES, TEMPUNAVAIL, UNAVAILABLE } from 'smtp-xclient';
import {
  invalidAddress,
  invalidHostname,
  ipv6Text,
  longLabel,
  validAddress,
  validHostname,
  validIpv4,
  validIpv6,
} from './hosts.js';
import { MAX_FREE_TEXT, MAX_RAW, NAMES } from './limits.js';
import {
  freeText,
  invalidPort,
  invalidProto,
  invalidSource,
  longText,
  notAWord,
  validPort,
  validProto,
  word,
} from './values.js';
import { fitXtext, insertAt, isSpecialText } from './xtext.js';

// ---------------------------------------------------------------------------------------
// One row per kind of value

/**
 * The arbitraries of one kind of value. `max` is the attribute's `maxLength` (0: no limit of
 * its own); host names, addresses, ports, protocols and sources are bounded by their grammar
 * and ignore it.
 */
interface KindArbitraries<T> {
  /** Decoded values the 'strict' profile accepts. */
  readonly valid: (max: number) => Arbitrary<string>;
  /** Decoded values 'strict' refuses as not of the kind (`ATTR_BAD_VALUE`); none for free text. */
  readonly invalid: (() => Arbitrary<string>) | undefined;
  /** Decoded values over `max` octets ('strict' measures before it reads the kind). */
  readonly tooLong: (max: number) => Arbitrary<string>;
  /** Values as formatXclient is given them: the kind's type, a port as a number. */
  readonly given: (max: number) => Arbitrary<T>;
  /**
   * What {@link xclientAttributes}'s sets do with a value when the attributes that travel in
   * the last command do not fit in one line: shorten it (free text), drop it (host names),
   * or keep it (values of a few dozen octets at most).
   */
  readonly overflow: 'shorten' | 'drop' | 'keep';
}

/** Host names of `max` + 1 characters or more, of long labels. */
const tooLongHost = (max: number): Arbitrary<string> =>
  fc
    .array(longLabel, { minLength: 5, maxLength: 6 })
    .map((labels) => `x${labels.join('.')}`.padEnd(max + 1, 'x'));

/** Free text whose xtext is at most 255 characters, of at most `max` octets. */
function encodableText(max: number): Arbitrary<string> {
  return freeText(max)
    .map((t) => {
      const kept = fitXtext(t, [], MAX_RAW, true);
      return [...t].slice(0, kept.length).join('');
    })
    .filter((t) => t.length > 0 && !isSpecialText(t));
}

/** The arbitraries of each kind of value the dialects use. */
const KINDS = {
  hostname: {
    valid: () => validHostname(),
    invalid: () => invalidHostname(),
    tooLong: tooLongHost,
    given: () => validHostname(),
    overflow: 'drop',
  },
  address: {
    valid: () => validAddress(),
    invalid: () => invalidAddress(),
    tooLong: longText,
    // bare IPv6 too: formatXclient adds the IPV6: prefix
    given: () => fc.oneof(validIpv4(), ipv6Text, validIpv6()),
    overflow: 'keep',
  },
  port: {
    valid: () => validPort(),
    invalid: () => invalidPort(),
    tooLong: longText,
    given: () => fc.integer({ min: 0, max: 65535 }),
    overflow: 'keep',
  },
  proto: {
    valid: () => validProto(),
    invalid: () => invalidProto(),
    tooLong: longText,
    given: () => fc.constantFrom('SMTP' as const, 'ESMTP' as const),
    overflow: 'keep',
  },
  text: {
    valid: (max) => freeText(max > 0 ? max : MAX_FREE_TEXT),
    invalid: undefined,
    tooLong: longText,
    given: (max) => encodableText(max > 0 ? max : MAX_FREE_TEXT),
    overflow: 'shorten',
  },
  word: {
    valid: (max) => word(max > 0 ? max : MAX_RAW),
    invalid: () => notAWord,
    tooLong: longText,
    given: (max) => word(max > 0 ? max : MAX_RAW),
    overflow: 'shorten',
  },
  source: {
    valid: () => fc.mixedCase(fc.constantFrom('LOCAL', 'REMOTE')),
    invalid: () => invalidSource,
    tooLong: longText,
    given: () => fc.constantFrom('LOCAL' as const, 'REMOTE' as const),
    overflow: 'keep',
  },
} as const satisfies { readonly [K in keyof KindValues]: KindArbitraries<KindValues[K]> };

// ---------------------------------------------------------------------------------------
// Special values

type SpecialKind = AttributeSpec['specials'][number];

/** Every special value: formatXclient's marker, which carries its text. */
const SPECIALS = {
  unavailable: UNAVAILABLE,
  tempunavail: TEMPUNAVAIL,
} as const satisfies Record<SpecialKind, { readonly kind: SpecialKind; readonly text: string }>;

const SPECIAL_KINDS = Object.keys(SPECIALS) as SpecialKind[];

/** The texts of some special values in mixed case, or undefined for none. */
function specialTexts(kinds: readonly SpecialKind[]): Arbitrary<string> | undefined {
  return kinds.length === 0
    ? undefined
    : fc.mixedCase(fc.constantFrom(...kinds.map((k) => SPECIALS[k].text)));
}

/** The special values `name` does not take ('strict': `ATTR_SPECIAL_NOT_ALLOWED`), or undefined. */
export function forbiddenSpecials(name: XclientAttributeName): Arbitrary<string> | undefined {
  const allowed: readonly SpecialKind[] = ATTRIBUTES[name].specials;
  return specialTexts(SPECIAL_KINDS.filter((k) => !allowed.includes(k)));
}

/** The names of the attributes of one kind, in announcement order. */
export function namesOfKind(kind: keyof KindValues): XclientAttributeName[] {
  return NAMES.filter((n) => ATTRIBUTES[n].kind === kind);
}

/** The attributes that do not take some special value, with those special values. */
export function forbiddenSpecialsByName(): [XclientAttributeName, Arbitrary<string>][] {
  return NAMES.flatMap((n) => {
    const special = forbiddenSpecials(n);
    return special === undefined ? [] : [[n, special] as [XclientAttributeName, Arbitrary<string>]];
  });
}

/** What {@link xclientAttributes}'s sets do with `name`'s value when the last command overflows. */
export function overflowOf(name: XclientAttributeName): KindArbitraries<unknown>['overflow'] {
  return KINDS[ATTRIBUTES[name].kind].overflow;
}

// ---------------------------------------------------------------------------------------
// Per attribute

/**
 * Decoded values the 'strict' profile accepts for an attribute: values of its kind and, now
 * and then, the special values it takes (`[UNAVAILABLE]` everywhere but PROTO,
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
  const spec: AttributeSpec = ATTRIBUTES[name];
  const values = KINDS[spec.kind].valid(spec.maxLength);
  const specials = specialTexts(spec.specials);
  return specials === undefined
    ? values
    : fc.oneof({ weight: 8, arbitrary: values }, { weight: 1, arbitrary: specials });
}

/**
 * Values formatXclient is given for an attribute: the kind's typed values and, one time in
 * seven, a marker ({@link UNAVAILABLE}, {@link TEMPUNAVAIL}) the attribute takes.
 */
export function givenValue(name: XclientAttributeName): Arbitrary<unknown> {
  const spec: AttributeSpec = ATTRIBUTES[name];
  const values: Arbitrary<unknown> = KINDS[spec.kind].given(spec.maxLength);
  if (spec.specials.length === 0) return values;
  const markers = fc.constantFrom(...spec.specials.map((k) => SPECIALS[k]));
  return fc.oneof({ weight: 6, arbitrary: values }, { weight: 1, arbitrary: markers });
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

const tag =
  (code: XclientErrorCode) =>
  (value: string): InvalidAttributeValue => ({ value, code });

/**
 * Decoded values the 'strict' profile refuses for an attribute, each with the error code:
 * `ATTR_EMPTY`; `ATTR_CONTROL_CHAR` (a valid value with a control inside: C0, DEL, C1, U+2028, U+2029);
 * `ATTR_BAD_VALUE` (a lone surrogate, or a value of the wrong kind: {@link invalidHostname},
 * {@link invalidAddress}, {@link invalidPort}, {@link invalidProto});
 * `ATTR_SPECIAL_NOT_ALLOWED` (a special value the attribute does not take: `[TEMPUNAVAIL]`
 * outside NAME and REVERSE_NAME, any special value for PROTO); `ATTR_TOO_LONG` (over the
 * attribute's length limit: NAME, REVERSE_NAME or HELO over 255 octets).
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
  const spec: AttributeSpec = ATTRIBUTES[name];
  const kind: KindArbitraries<unknown> = KINDS[spec.kind];
  const specific: Arbitrary<InvalidAttributeValue>[] = [];
  if (kind.invalid !== undefined) specific.push(kind.invalid().map(tag('ATTR_BAD_VALUE')));
  if (spec.maxLength > 0) specific.push(kind.tooLong(spec.maxLength).map(tag('ATTR_TOO_LONG')));
  const common: Arbitrary<InvalidAttributeValue>[] = [
    fc.constant({ value: '', code: 'ATTR_EMPTY' }),
    fc
      .tuple(validAttributeValue(name), controlChar, fc.nat())
      .map(([v, c, at]) => ({ value: insertAt(v, at, c), code: 'ATTR_CONTROL_CHAR' })),
    fc
      .tuple(validAttributeValue(name), fc.constantFrom('\ud800', '\udfff'), fc.nat())
      .map(([v, s, at]) => ({ value: insertAt(v, at, s), code: 'ATTR_BAD_VALUE' })),
  ];
  const special = forbiddenSpecials(name);
  if (special !== undefined) common.push(special.map(tag('ATTR_SPECIAL_NOT_ALLOWED')));
  return fc.oneof(...specific, ...common);
}
