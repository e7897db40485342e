/**
 * XFORWARD lines: valid ones with what they hold, attribute sets for `formatXforward`, and
 * labelled invalid ones (one defect each, with the error code the 'strict' profile gives).
 * Built from the same host, address, port and xtext generators as the XCLIENT lines, and from
 * XFORWARD_README's own rules (Note 1 for the words), not from the library's tables.
 *
 * ```
 * xforward = "XFORWARD" 1*( SP name "=" xtext )          ; at most 510 octets
 * word     = 1*( %x21 / %x23-27 / %x2A-3A / %x3D / %x3F / %x41-5B / %x5D-7E )
 * ```
 *
 * @see Postfix XFORWARD_README; docs/xforward.md
 * @packageDocumentation
 */

import type { Arbitrary } from 'fast-check';
import fc from 'fast-check';
import type { XclientErrorCode, XforwardAttributeName, XforwardAttributes } from 'smtp-xclient';
import { UNAVAILABLE } from 'smtp-xclient';
import { invalidAddress, invalidHostname, validAddress, validHostname } from './hosts.js';
import { MAX_CONTENT, MAX_RAW } from './limits.js';
import { invalidPort, invalidSource, notAWord, validPort, word, wordChar } from './values.js';
import { escapesArb, fitXtext, octets, utf8Encoder } from './xtext.js';

/** The seven names, in Postfix's announcement order (XFORWARD_README). */
const NAMES = ['NAME', 'ADDR', 'PROTO', 'HELO', 'SOURCE', 'PORT', 'IDENT'] as const;

/** `[UNAVAILABLE]` in any case: every attribute takes it. */
const unavailable = fc.mixedCase(fc.constant('[UNAVAILABLE]'));

/** A valid decoded value of each attribute, as written (special values as text). */
const VALUES: { readonly [K in (typeof NAMES)[number]]: Arbitrary<string> } = {
  NAME: validHostname(),
  ADDR: validAddress(),
  PROTO: fc.oneof(fc.constantFrom('SMTP', 'ESMTP', 'ESMTPSA', 'LMTP', 'QMQP'), word(64)),
  HELO: fc.oneof(validHostname(), word(255)),
  SOURCE: fc.mixedCase(fc.constantFrom('LOCAL', 'REMOTE')),
  PORT: validPort(),
  IDENT: word(255),
};

/**
 * An attribute as a line of {@link validXforwardCommand} carries it.
 * @example
 * ```ts
 * const a: GeneratedXforwardAttribute = { name: 'SOURCE', rawName: 'Source', raw: 'LOCAL', decoded: 'LOCAL' };
 * ```
 * @remarks Since 0.2.0
 */
export interface GeneratedXforwardAttribute {
  /** The canonical upper-case name. */
  readonly name: XforwardAttributeName;
  /** The name as written in the line (mixed case). */
  readonly rawName: string;
  /** The value as written in the line (strict xtext, `"`, `<`, `>`, `\` escaped). */
  readonly raw: string;
  /** The value after xtext decoding. */
  readonly decoded: string;
}

/** One attribute with a valid value, fitted to 255 raw characters. */
const entry = (name: XforwardAttributeName): Arbitrary<GeneratedXforwardAttribute> =>
  fc
    .tuple(
      fc.mixedCase(fc.constant(name)),
      fc.oneof({ weight: 9, arbitrary: VALUES[name] }, { weight: 1, arbitrary: unavailable }),
      escapesArb,
    )
    .map(([rawName, value, escapes]) => {
      const pieces = fitXtext(value, escapes, MAX_RAW, true);
      return { name, rawName, raw: pieces.join(''), decoded: value.slice(0, pieces.length) };
    })
    // A word cut short may lose its point; a cut PROTO of one name is still a word.
    .filter((e) => e.decoded !== '');

const token = (e: { readonly rawName: string; readonly raw: string }): string =>
  ` ${e.rawName}=${e.raw}`;

/**
 * A line {@link validXforwardCommand} generates, with what it holds.
 * @example
 * ```ts
 * const c: ValidXforwardCommand = {
 *   line: 'XFORWARD Ident=A1',
 *   attributes: [{ name: 'IDENT', rawName: 'Ident', raw: 'A1', decoded: 'A1' }],
 * };
 * ```
 * @remarks Since 0.2.0
 */
export interface ValidXforwardCommand {
  /** The command line, without CRLF: at most 510 octets. */
  readonly line: string;
  /** Its attributes, in order. */
  readonly attributes: readonly GeneratedXforwardAttribute[];
}

/** One to seven distinct attributes, in any order, dropped from the end until the line fits. */
function commandWithin(budget: number, verb: Arbitrary<string>): Arbitrary<ValidXforwardCommand> {
  return fc
    .tuple(
      verb,
      fc.uniqueArray(fc.oneof(...NAMES.map(entry)), {
        selector: (e) => e.name,
        minLength: 1,
        maxLength: NAMES.length,
      }),
    )
    .map(([v, entries]) => {
      const kept = [...entries];
      while (kept.length > 1 && octets(v + kept.map(token).join('')) > budget) kept.pop();
      return { line: v + kept.map(token).join(''), attributes: kept };
    })
    .filter((c) => octets(c.line) <= budget);
}

/**
 * XFORWARD command lines the 'strict' profile accepts, with their attributes: the verb and
 * names in mixed case, one to seven distinct attributes in any order, values in strict
 * xtext (sometimes with needless escapes; `"`, `<`, `>` and `\` always escaped; PROTO, HELO
 * and IDENT words of XFORWARD_README Note 1; `[UNAVAILABLE]` in any case for any of them),
 * each raw value at most 255 characters and the line at most 510 octets.
 *
 * @returns an arbitrary of `{ line, attributes }`.
 * @example
 * ```ts
 * fc.assert(fc.property(validXforwardCommand(), ({ line, attributes }) => {
 *   const r = parseXforward(line);
 *   return r.ok && r.value.attributes.length === attributes.length;
 * }));
 * ```
 * @remarks Since 0.2.0
 */
export function validXforwardCommand(): Arbitrary<ValidXforwardCommand> {
  return commandWithin(MAX_CONTENT, fc.mixedCase(fc.constant('XFORWARD')));
}

/**
 * XFORWARD command lines (without CRLF) that `parseXforward(line)` accepts: see
 * {@link validXforwardCommand}.
 *
 * @returns an arbitrary of command lines.
 * @example
 * ```ts
 * fc.sample(validXforwardLine(), 2) //=> e.g. ['XFORWARD SOURCE=local', 'xForward IDENT=k~1 ADDR=10.0.0.1']
 * ```
 * @remarks Since 0.2.0
 */
export function validXforwardLine(): Arbitrary<string> {
  return validXforwardCommand().map((c) => c.line);
}

/**
 * Attribute sets `formatXforward` accepts: any of the seven attributes, values as people
 * write them (a number for PORT, {@link UNAVAILABLE} for a special value, SOURCE upper or
 * lower case).
 *
 * @returns an arbitrary of attribute sets (at least one attribute).
 * @example
 * ```ts
 * fc.assert(fc.property(xforwardAttributes(), (a) => formatXforward(a).length >= 1));
 * ```
 * @remarks Since 0.2.0
 */
export function xforwardAttributes(): Arbitrary<XforwardAttributes> {
  const or = <T>(values: Arbitrary<T>) =>
    fc.oneof({ weight: 9, arbitrary: values }, { weight: 1, arbitrary: fc.constant(UNAVAILABLE) });
  return fc
    .record(
      {
        NAME: or(VALUES.NAME),
        ADDR: or(VALUES.ADDR),
        PROTO: or(VALUES.PROTO),
        HELO: or(VALUES.HELO),
        SOURCE: or(fc.constantFrom('LOCAL', 'REMOTE') as Arbitrary<'LOCAL' | 'REMOTE'>),
        PORT: or(validPort().map(Number)),
        IDENT: or(VALUES.IDENT),
      },
      { requiredKeys: [] },
    )
    .filter((a) => Object.keys(a).length > 0);
}

// ---------------------------------------------------------------------------------------
// Invalid lines

/**
 * What is wrong with a line of {@link invalidXforwardLine}, and the error code the 'strict'
 * profile gives for it.
 *
 * @example
 * ```ts
 * XFORWARD_INVALID_REASONS['xclient-name'] //=> 'ATTR_UNKNOWN'
 * ```
 * @remarks Since 0.2.0
 */
export const XFORWARD_INVALID_REASONS = {
  /** The verb is not XFORWARD (`XFORWARDX`, `XCLIENT`, …). */
  'bad-verb': 'LINE_NOT_XCLIENT',
  /** XFORWARD without attributes. */
  'no-attributes': 'LINE_NO_ATTRIBUTES',
  /** An attribute without `=`. */
  'missing-equals': 'ATTR_MISSING_EQUALS',
  /** One of XCLIENT's names that XFORWARD does not have: LOGIN, DESTADDR, DESTPORT, REVERSE_NAME. */
  'xclient-name': 'ATTR_UNKNOWN',
  /** Another name XFORWARD does not have. */
  'unknown-name': 'ATTR_UNKNOWN',
  /** `NAME=` with nothing after it. */
  'empty-value': 'ATTR_EMPTY',
  /** A raw value of more than 255 characters. */
  'value-too-long': 'ATTR_VALUE_TOO_LONG',
  /** The same attribute twice. */
  duplicate: 'ATTR_DUPLICATE',
  /** `[TEMPUNAVAIL]`: no XFORWARD attribute gives it a meaning. */
  tempunavail: 'ATTR_SPECIAL_NOT_ALLOWED',
  /** An escaped control character in a value (`+0D+0A`, `+00`). */
  'encoded-control': 'ATTR_CONTROL_CHAR',
  /** A NAME that is not a valid host name. */
  'bad-hostname': 'ATTR_BAD_VALUE',
  /** An ADDR that is not an address in the strict forms. */
  'bad-address': 'ATTR_BAD_VALUE',
  /** A PORT that is not 0–65535 without leading zeros. */
  'bad-port': 'ATTR_BAD_VALUE',
  /** A SOURCE other than LOCAL and REMOTE. */
  'bad-source': 'ATTR_BAD_VALUE',
  /** A PROTO, HELO or IDENT with a space, a non-ASCII character or one of `<>()\";@`. */
  'not-a-word': 'ATTR_BAD_VALUE',
  /** A PROTO of more than 64 octets. */
  'proto-too-long': 'ATTR_TOO_LONG',
} as const satisfies Readonly<Record<string, XclientErrorCode>>;

/**
 * The label of an invalid XFORWARD line: a key of {@link XFORWARD_INVALID_REASONS}.
 * @example
 * ```ts
 * const reason: XforwardInvalidReason = 'bad-source';
 * ```
 * @remarks Since 0.2.0
 */
export type XforwardInvalidReason = keyof typeof XFORWARD_INVALID_REASONS;

/**
 * An invalid line of {@link invalidXforwardLine}: the line, what is broken, and the error
 * `parseXforward(line)` (the 'strict' profile) must give.
 * @example
 * ```ts
 * const c: InvalidXforwardLine = {
 *   line: 'XFORWARD SOURCE=NOWHERE',
 *   octets: new TextEncoder().encode('XFORWARD SOURCE=NOWHERE'),
 *   reason: 'bad-source',
 *   expectedCode: 'ATTR_BAD_VALUE',
 *   attribute: 'SOURCE',
 * };
 * ```
 * @remarks Since 0.2.0
 */
export interface InvalidXforwardLine {
  /** The line, without CRLF. */
  readonly line: string;
  /** Its octets (UTF-8). */
  readonly octets: Uint8Array;
  /** What is broken: one defect per line. */
  readonly reason: XforwardInvalidReason;
  /** The error code of the 'strict' profile: `XFORWARD_INVALID_REASONS[reason]`. */
  readonly expectedCode: XclientErrorCode;
  /** The attribute at fault, when the defect is in a known attribute. */
  readonly attribute?: XforwardAttributeName;
}

/** A broken token (the one defect) and the attribute it belongs to. */
type Broken = readonly [token: string, attribute?: XforwardAttributeName];

/** xtext of a decoded value, without length limit. */
const xtext = (value: string): string =>
  fitXtext(value, [], Number.MAX_SAFE_INTEGER, true).join('');

const DEFECTS: { readonly [R in XforwardInvalidReason]: Arbitrary<Broken> } = {
  'bad-verb': fc.constant(['']),
  'no-attributes': fc.constant(['']),
  'missing-equals': fc.mixedCase(fc.constantFrom(...NAMES)).map((n) => [n]),
  'xclient-name': fc
    .tuple(fc.mixedCase(fc.constantFrom('LOGIN', 'DESTADDR', 'DESTPORT', 'REVERSE_NAME')), word(20))
    .map(([n, v]) => [`${n}=${xtext(v)}`]),
  'unknown-name': fc
    .tuple(fc.constantFrom('FOO', 'DOMAIN', 'SESSION', 'X-NAME', 'NAME_', ''), word(10))
    .map(([n, v]) => [`${n}=${xtext(v)}`]),
  'empty-value': fc.constantFrom(...NAMES).map((n) => [`${n}=`, n]),
  'value-too-long': fc
    .tuple(fc.constantFrom(...NAMES), fc.integer({ min: 256, max: 300 }))
    .map(([n, k]) => [`${n}=${'1'.repeat(k)}`, n]),
  duplicate: fc.constant(['']),
  tempunavail: fc
    .tuple(fc.constantFrom(...NAMES), fc.mixedCase(fc.constant('[TEMPUNAVAIL]')))
    .map(([n, v]) => [`${n}=${v}`, n]),
  'encoded-control': fc
    .tuple(
      fc.constantFrom('PROTO', 'HELO', 'IDENT') as Arbitrary<XforwardAttributeName>,
      fc.constantFrom('+00', '+0D+0A', '+09', '+7F', '+1B'),
    )
    .map(([n, c]) => [`${n}=x${c}y`, n]),
  'bad-hostname': invalidHostname().map((h) => [`NAME=${xtext(h)}`, 'NAME']),
  'bad-address': invalidAddress().map((a) => [`ADDR=${xtext(a)}`, 'ADDR']),
  'bad-port': invalidPort().map((p) => [`PORT=${xtext(p)}`, 'PORT']),
  'bad-source': invalidSource.map((s) => [`SOURCE=${xtext(s)}`, 'SOURCE']),
  'not-a-word': fc
    .tuple(fc.constantFrom('PROTO', 'HELO', 'IDENT') as Arbitrary<XforwardAttributeName>, notAWord)
    .map(([n, w]) => [`${n}=${xtext(w)}`, n]),
  'proto-too-long': fc
    .string({ unit: wordChar, minLength: 65, maxLength: 80 })
    .map((w) => [`PROTO=${xtext(w)}`, 'PROTO']),
};

/** Builds the line of a reason around valid attributes (none of the broken one's name). */
function build(
  reason: XforwardInvalidReason,
  [broken, attribute]: Broken,
  valid: ValidXforwardCommand,
  verbVariant: string,
): InvalidXforwardLine {
  const others = valid.attributes.filter((a) => a.name !== attribute);
  const tail = others.map(token).join('');
  let line: string;
  let at = attribute;
  if (reason === 'bad-verb') line = `${verbVariant}${tail}`;
  else if (reason === 'no-attributes') line = 'XFORWARD';
  else if (reason === 'duplicate') {
    const first = valid.attributes[0] as GeneratedXforwardAttribute;
    at = first.name;
    line = `XFORWARD${token(first)}${token(first)}`;
  } else line = `XFORWARD ${broken}${tail}`;
  while (octets(line) > MAX_CONTENT) line = line.slice(0, line.lastIndexOf(' '));
  const base = {
    line,
    octets: utf8Encoder.encode(line),
    reason,
    expectedCode: XFORWARD_INVALID_REASONS[reason] as XclientErrorCode,
  };
  return at === undefined ? base : { ...base, attribute: at };
}

/**
 * XFORWARD command lines with exactly one defect, labelled with the reason and the error code
 * `parseXforward(line)` (the 'strict' profile) must return; the other attributes of the line
 * are valid. The XCLIENT names that XFORWARD does not have (LOGIN, DESTADDR, DESTPORT,
 * REVERSE_NAME) are a reason of their own.
 *
 * @param options - `reasons`: only these defects (all by default).
 * @returns an arbitrary of labelled invalid lines.
 * @example
 * ```ts
 * fc.assert(fc.property(invalidXforwardLine(), (c) => {
 *   const r = parseXforward(c.line);
 *   return !r.ok && r.error.code === c.expectedCode;
 * }));
 * ```
 * @remarks Since 0.2.0
 */
export function invalidXforwardLine(options?: {
  readonly reasons?: readonly XforwardInvalidReason[];
}): Arbitrary<InvalidXforwardLine> {
  const reasons =
    options?.reasons ?? (Object.keys(XFORWARD_INVALID_REASONS) as XforwardInvalidReason[]);
  const verbVariant = fc.constantFrom('XFORWARDX', 'XFORWAR', 'XCLIENT', 'X-FORWARD', 'XFORWARD:');
  const valid = commandWithin(200, fc.constant('XFORWARD'));
  return fc.oneof(
    ...reasons.map((reason) =>
      fc
        .tuple(DEFECTS[reason], valid, verbVariant)
        .map(([broken, v, variant]) => build(reason, broken, v, variant)),
    ),
  );
}
