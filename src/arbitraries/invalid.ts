/**
 * Labelled invalid command lines: valid attributes around exactly one defect, and the error
 * code the 'strict' profile gives for it.
 *
 * @packageDocumentation
 */

import type { Arbitrary } from 'fast-check';
import fc from 'fast-check';
import type { XclientAttributeName, XclientErrorCode } from 'smtp-xclient';
import { forbiddenSpecialsByName, namesOfKind } from './attributes.js';
import { invalidAddress, invalidHostname, validIpv4 } from './hosts.js';
import { MAX_CONTENT, MAX_RAW, NAMES } from './limits.js';
import {
  anyEntry,
  distinctEntries,
  type Entry,
  entry,
  fitLine,
  lineOf,
  token,
  validCommandWithin,
  validXclientCommand,
  verbArb,
} from './lines.js';
import { invalidPort, invalidProto } from './values.js';
import {
  asciiEqualsIgnoreCase,
  encodeCodePoints,
  escapesArb,
  fitXtext,
  hexchar,
  octets,
  utf8Encoder,
  xtextValue,
} from './xtext.js';

/**
 * What is wrong with a line of {@link invalidXclientLine}, and the error code the 'strict'
 * profile gives for it.
 *
 * @example
 * ```ts
 * INVALID_REASONS['bad-port'] //=> 'ATTR_BAD_VALUE'
 * ```
 * @remarks Since 0.1.0
 */
export const INVALID_REASONS = {
  /** The line is empty. */
  'empty-line': 'LINE_EMPTY',
  /** The verb is not XCLIENT, nor another SMTP command (`XCLIENTX`, `XCLIENT:`, a homoglyph …). */
  'bad-verb': 'LINE_NOT_XCLIENT',
  /** XCLIENT without attributes. */
  'no-attributes': 'LINE_NO_ATTRIBUTES',
  /** Two spaces, a leading or trailing space, or a TAB. */
  'bad-spacing': 'LINE_BAD_SPACING',
  /** A raw control character (NUL, CR, a LF inside the line, DEL …). */
  'control-character': 'LINE_BAD_CHAR',
  /** Octets that are not UTF-8 (in `line`, a lone surrogate stands for them). */
  'bad-utf8': 'LINE_BAD_UTF8',
  /** More than 510 octets before the CRLF. */
  'line-too-long': 'LINE_TOO_LONG',
  /** An attribute without `=`. */
  'missing-equals': 'ATTR_MISSING_EQUALS',
  /** An attribute name XCLIENT does not have (also an empty one: `=x`). */
  'unknown-name': 'ATTR_UNKNOWN',
  /** `NAME=` with nothing after it. */
  'empty-value': 'ATTR_EMPTY',
  /** A raw value of more than 255 characters. */
  'value-too-long': 'ATTR_VALUE_TOO_LONG',
  /** The same attribute twice. */
  duplicate: 'ATTR_DUPLICATE',
  /** A raw `=` or non-ASCII character in a value. */
  'bad-xtext-char': 'XTEXT_BAD_CHAR',
  /** `+` not followed by two hex digits (`+G1`, `++41`). */
  'bad-xtext-escape': 'XTEXT_BAD_HEXCHAR',
  /** Lower-case hex digits in an escape (`+2b`). */
  'lowercase-hex': 'XTEXT_LOWERCASE_HEXCHAR',
  /** A value ending in `+` or `+X`. */
  'truncated-escape': 'XTEXT_TRUNCATED_HEXCHAR',
  /** Escapes that decode to octets that are not UTF-8 (`+FF`, `+C0+80`). */
  'invalid-utf8-value': 'XTEXT_INVALID_UTF8',
  /** An escaped control character in a value (`+0D+0A`, `+00`, `+7F`). */
  'encoded-control': 'ATTR_CONTROL_CHAR',
  /** `[TEMPUNAVAIL]` outside NAME and REVERSE_NAME, or a special value for PROTO. */
  'special-not-allowed': 'ATTR_SPECIAL_NOT_ALLOWED',
  /** A NAME or REVERSE_NAME that is not a valid host name. */
  'bad-hostname': 'ATTR_BAD_VALUE',
  /** An ADDR or DESTADDR that is not an address in the strict forms. */
  'bad-address': 'ATTR_BAD_VALUE',
  /** A PORT or DESTPORT that is not 0–65535 without leading zeros. */
  'bad-port': 'ATTR_BAD_VALUE',
  /** A PROTO other than SMTP and ESMTP. */
  'bad-proto': 'ATTR_BAD_VALUE',
} as const satisfies Readonly<Record<string, XclientErrorCode>>;

/**
 * The label of an invalid line: a key of {@link INVALID_REASONS}.
 *
 * @example
 * ```ts
 * const reason: InvalidReason = 'bad-hostname';
 * ```
 * @remarks Since 0.1.0
 */
export type InvalidReason = keyof typeof INVALID_REASONS;

/**
 * An invalid line of {@link invalidXclientLine}: the line, what is broken, and the error
 * `parseXclient(line)` (the 'strict' profile) must give.
 * @example
 * ```ts
 * const c: InvalidXclientLine = {
 *   line: 'XCLIENT PORT=025',
 *   octets: new TextEncoder().encode('XCLIENT PORT=025'),
 *   reason: 'bad-port',
 *   expectedCode: 'ATTR_BAD_VALUE',
 *   attribute: 'PORT',
 * };
 * ```
 * @remarks Since 0.1.0
 */
export interface InvalidXclientLine {
  /** The line, without CRLF. For `'bad-utf8'` it holds a lone surrogate where `octets` is ill-formed. */
  readonly line: string;
  /** The octets to send (without CRLF): the UTF-8 of `line`, except for `'bad-utf8'`. */
  readonly octets: Uint8Array;
  /** What is broken: one defect per line. */
  readonly reason: InvalidReason;
  /** The error code of the 'strict' profile: `INVALID_REASONS[reason]`. */
  readonly expectedCode: XclientErrorCode;
  /** The attribute at fault, when the defect is in a known attribute. */
  readonly attribute?: XclientAttributeName;
}

/** The pieces every invalid line is built from: valid attributes around one broken one. */
interface Frame {
  readonly verb: string;
  readonly attributes: readonly Entry[];
  readonly split: number;
}

const frameArb = (minAttributes = 0): Arbitrary<Frame> =>
  fc.record({
    verb: verbArb,
    attributes: distinctEntries(minAttributes, 4),
    split: fc.nat({ max: 4 }),
  });

function make(
  reason: InvalidReason,
  line: string,
  attribute?: XclientAttributeName,
  raw?: Uint8Array,
): InvalidXclientLine {
  const base = {
    line,
    octets: raw ?? utf8Encoder.encode(line),
    reason,
    expectedCode: INVALID_REASONS[reason] as XclientErrorCode,
  };
  return attribute === undefined ? base : { ...base, attribute };
}

/**
 * The line: valid attributes of the frame (other than `exclude`), the broken token, more
 * valid attributes; attributes are dropped from the end (after the token first, then before
 * it, keeping `keepBefore`) until the line fits 510 octets.
 */
function around(
  frame: Frame,
  broken: string,
  exclude?: XclientAttributeName,
  keepBefore = 0,
): string {
  const attrs = frame.attributes.filter((a) => a.name !== exclude);
  const k = Math.min(Math.max(frame.split, keepBefore), attrs.length);
  const before = attrs.slice(0, k);
  const after = attrs.slice(k);
  const budget = MAX_CONTENT - 1 - octets(broken);
  while (after.length > 0 && octets(lineOf(frame.verb, [...before, ...after])) > budget)
    after.pop();
  while (before.length > keepBefore && octets(lineOf(frame.verb, before)) > budget) before.pop();
  return `${lineOf(frame.verb, before)} ${broken}${after.map(token).join('')}`;
}

export const nameArb = fc.constantFrom(...NAMES);
/** A name of `names` and how it is written (mixed case). */
const namePair = (
  names: readonly XclientAttributeName[],
): Arbitrary<readonly [XclientAttributeName, string]> =>
  fc.oneof(...names.map((n) => fc.tuple(fc.constant(n), fc.mixedCase(fc.constant(n)))));
export const rawNameArb = (name: XclientAttributeName): Arbitrary<string> =>
  fc.mixedCase(fc.constant(name));

/** A valid value of `name` re-encoded to leave `room` characters, in code-point pieces. */
function piecesWithRoom(e: Entry, room: number): string[] {
  let length = 0;
  const out: string[] = [];
  for (const p of e.pieces) {
    if (length + p.length > MAX_RAW - room) break;
    out.push(p);
    length += p.length;
  }
  return out;
}

/** An attribute whose value gets `insert` at a code-point boundary (`atEnd`: at its end). */
function corruptValue(
  reason: InvalidReason,
  inserts: Arbitrary<string>,
  atEnd = false,
): Arbitrary<InvalidXclientLine> {
  return fc.tuple(frameArb(), anyEntry, inserts, fc.nat()).map(([frame, e, insert, at]) => {
    const name = e.name;
    const pieces = piecesWithRoom(e, octets(insert));
    const k = atEnd ? pieces.length : at % (pieces.length + 1);
    const raw = [...pieces.slice(0, k), insert, ...pieces.slice(k)].join('');
    return make(reason, around(frame, `${e.rawName}=${raw}`, name), name);
  });
}

/**
 * Strict xtext of an invalid value, with the extra escapes that fit in 255 characters; never
 * shortened (that could repair it).
 */
export function encodeInvalid(value: string, escapes: readonly number[]): string {
  const plain = encodeCodePoints(value).join('').length;
  return fitXtext(value, escapes, Math.max(MAX_RAW, plain)).join('');
}

/** An attribute of one of `names` whose decoded value comes from `values`. */
function badValue(
  reason: InvalidReason,
  names: readonly XclientAttributeName[],
  values: Arbitrary<string>,
): Arbitrary<InvalidXclientLine> {
  return fc
    .tuple(frameArb(), namePair(names), values, escapesArb)
    .map(([frame, [name, rawName], value, escapes]) =>
      make(reason, around(frame, `${rawName}=${encodeInvalid(value, escapes)}`, name), name),
    );
}

/** C0 controls but TAB (a TAB in a line is a spacing error), and DEL. */
const lineControlChar: Arbitrary<string> = fc
  .oneof(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 10, max: 0x1f }), fc.constant(0x7f))
  .map((c) => String.fromCharCode(c));

/** The builders of {@link invalidXclientLine}, one per reason. */
const INVALID_BUILDERS: { readonly [R in InvalidReason]: () => Arbitrary<InvalidXclientLine> } = {
  'empty-line': () => fc.constant(make('empty-line', '')),

  'bad-verb': () =>
    fc
      .tuple(
        fc.oneof(
          fc.mixedCase(
            fc.constantFrom(
              'XCLIENTX',
              'XCLIEN',
              'XCLIENTS',
              'XKLIENT',
              'XCLIENT:',
              'XCLIENT=',
              'X-CLIENT',
              '"XCLIENT"',
            ),
          ),
          fc.constantFrom('ХCLIENT', 'XCLİENT', 'XCLIENT\u200b'),
        ),
        fc.boolean(),
        frameArb(),
      )
      .map(([verb, alone, frame]) => {
        const attrs = alone ? [] : frame.attributes;
        return make('bad-verb', lineOf(verb, fitLine(verb, attrs, MAX_CONTENT, 0)));
      }),

  'no-attributes': () => verbArb.map((verb) => make('no-attributes', verb)),

  'bad-spacing': () =>
    fc
      .tuple(
        validCommandWithin(MAX_CONTENT - 4),
        fc.constantFrom('double', 'leading', 'trailing', 'tab'),
        fc.integer({ min: 1, max: 3 }),
        fc.nat(),
      )
      .map(([c, kind, count, at]) => {
        const line = c.line;
        const spaces: number[] = [];
        for (let i = 0; i < line.length; i++) if (line[i] === ' ') spaces.push(i);
        const k = spaces[at % spaces.length] as number;
        let out: string;
        if (kind === 'double')
          out = `${line.slice(0, k)}${' '.repeat(count + 1)}${line.slice(k + 1)}`;
        else if (kind === 'leading') out = ' '.repeat(count) + line;
        else if (kind === 'trailing') out = line + ' '.repeat(count);
        else out = `${line.slice(0, k)}${count === 1 ? '\t' : ' \t'}${line.slice(k + 1)}`;
        return make('bad-spacing', out);
      }),

  'control-character': () =>
    fc
      .tuple(validCommandWithin(MAX_CONTENT - 1), lineControlChar, fc.nat())
      .map(([c, control, at]) => {
        // a LF at the very end would be a line ending: put it one octet earlier
        const max = control === '\n' ? c.line.length - 1 : c.line.length;
        const k = at % (max + 1);
        return make('control-character', c.line.slice(0, k) + control + c.line.slice(k));
      }),

  'bad-utf8': () =>
    fc
      .tuple(
        validCommandWithin(MAX_CONTENT - 4),
        fc.constantFrom(
          [0xff],
          [0x80],
          [0xc3],
          [0xc0, 0x80],
          [0xed, 0xa0, 0x80],
          [0xf4, 0x90, 0x80, 0x80],
          [0xe2, 0x82],
          [0xf8, 0x88, 0x80, 0x80],
        ),
        fc.nat(),
      )
      .map(([c, bad, at]) => {
        // the line is ASCII: a character offset is an octet offset
        const k = at % (c.line.length + 1);
        const head = utf8Encoder.encode(c.line.slice(0, k));
        const tail = utf8Encoder.encode(c.line.slice(k));
        const raw = new Uint8Array(head.length + bad.length + tail.length);
        raw.set(head, 0);
        raw.set(bad, head.length);
        raw.set(tail, head.length + bad.length);
        return make('bad-utf8', `${c.line.slice(0, k)}\ud800${c.line.slice(k)}`, undefined, raw);
      }),

  'line-too-long': () =>
    fc
      .tuple(validXclientCommand(), fc.nat({ max: 600 }), fc.boolean())
      .map(([c, extra, multibyte]) => {
        const target = MAX_CONTENT + 1 + extra;
        let line = c.line;
        let length = octets(line);
        if (target - length >= 8) {
          line += ' LOGIN=';
          length += 7;
        }
        while (length < target) {
          const unit = multibyte && target - length >= 2 ? 'é' : 'a';
          line += unit;
          length += octets(unit);
        }
        return make('line-too-long', line);
      }),

  'missing-equals': () =>
    fc
      .tuple(
        frameArb(),
        fc.oneof(
          fc.mixedCase(nameArb),
          fc.tuple(nameArb, fc.constantFrom(':', '-', '_'), validIpv4()).map((p) => p.join('')),
          fc.string({
            unit: fc.constantFrom(...'abcXYZ019!"#$%&*+,-./:;<>?@[\\]^_`{|}~'),
            minLength: 1,
            maxLength: 12,
          }),
        ),
      )
      .map(([frame, tok]) => make('missing-equals', around(frame, tok))),

  'unknown-name': () =>
    fc
      .tuple(
        frameArb(),
        fc
          .oneof(
            fc.mixedCase(
              fc.constantFrom(
                'FOO',
                'FORWARD_NAME',
                'IDENT',
                'SOURCE',
                'SESSION',
                'TTL',
                'TIMEOUT',
                'DESTNAME',
                'CLIENT-TRANSPORT',
                'FORWARD',
                'NAMES',
                'ADDRESS',
                'XNAME',
                'NAME_',
                'DEST_ADDR',
              ),
            ),
            fc.constantFrom('', '"NAME', 'NAME"', 'NAMÉ', 'АDDR', 'N+41ME', 'NAME:'),
            fc.string({
              unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123456789_-'),
              minLength: 1,
              maxLength: 13,
            }),
          )
          .filter((n) => !NAMES.some((known) => asciiEqualsIgnoreCase(n, known))),
        xtextValue({ maxLength: 40 }).filter((v) => v.length > 0),
      )
      .map(([frame, name, value]) => make('unknown-name', around(frame, `${name}=${value}`))),

  'empty-value': () =>
    fc
      .tuple(frameArb(), namePair(NAMES))
      .map(([frame, [name, rawName]]) =>
        make('empty-value', around(frame, `${rawName}=`, name), name),
      ),

  'value-too-long': () =>
    fc
      .tuple(frameArb(), namePair(NAMES), fc.nat({ max: 39 }), xtextValue({ maxLength: 40 }))
      .map(([frame, [name, rawName], extra, start]) => {
        const raw = start + 'a'.repeat(MAX_RAW + 1 + extra - start.length);
        return make('value-too-long', around(frame, `${rawName}=${raw}`, name), name);
      }),

  duplicate: () =>
    fc
      .tuple(frameArb(), fc.oneof(...NAMES.map((n) => fc.tuple(entry(n), entry(n)))))
      .map(([frame, [first, second]]) => {
        // the first occurrence goes first, and stays
        const ordered: Frame = {
          ...frame,
          attributes: [first, ...frame.attributes.filter((a) => a.name !== first.name)],
        };
        return make(
          'duplicate',
          around(ordered, `${second.rawName}=${second.raw}`, undefined, 1),
          first.name,
        );
      })
      // two long values of one attribute may not fit in one line together
      .filter((l) => l.octets.length <= MAX_CONTENT),

  'bad-xtext-char': () =>
    corruptValue('bad-xtext-char', fc.constantFrom('=', 'é', '€', '😀', '\u00a0', 'ÿ', '==')),

  'bad-xtext-escape': () =>
    corruptValue(
      'bad-xtext-escape',
      fc.oneof(
        fc.constantFrom('+G1', '+1G', '++41', '+!!', '+ZZ', '+4G', '+A!', '+[5', '+_'),
        fc
          .tuple(
            fc.constantFrom(...'GHIJKLMNOPQRSTUVWXYZghijklmnopqrstuvwxyz!#$%&*,-./:;<>?@[]^_`{|}~'),
            fc.constantFrom(...'0123456789ABCDEFxyz'),
          )
          .map(([a, b]) => `+${a}${b}`),
      ),
    ),

  'lowercase-hex': () =>
    corruptValue(
      'lowercase-hex',
      fc
        .tuple(
          fc.constantFrom(...'0123456789abcdefABCDEF'),
          fc.constantFrom(...'abcdef'),
          fc.boolean(),
        )
        .map(([a, b, swap]) => (swap ? `+${b}${a}` : `+${a}${b}`)),
    ),

  'truncated-escape': () =>
    corruptValue('truncated-escape', fc.constantFrom('+', '+0', '+A', '+f', '+9'), true),

  'invalid-utf8-value': () =>
    corruptValue(
      'invalid-utf8-value',
      fc.constantFrom(
        '+FF',
        '+FE',
        '+80',
        '+BF',
        '+C0+80',
        '+C1+BF',
        '+E0+80+80',
        '+ED+A0+80',
        '+F4+90+80+80',
        '+F5+80+80+80',
      ),
    ),

  'encoded-control': () =>
    corruptValue(
      'encoded-control',
      fc.oneof(
        fc.constantFrom('+0D+0A', '+00', '+7F', '+09', '+0D', '+0A'),
        fc.integer({ min: 0, max: 0x1f }).map(hexchar),
      ),
    ),

  'special-not-allowed': () =>
    fc
      .tuple(
        frameArb(),
        fc.oneof(
          ...forbiddenSpecialsByName().map(([n, special]) =>
            fc.tuple(fc.constant(n), fc.mixedCase(fc.constant(n)), special),
          ),
        ),
        escapesArb,
      )
      .map(([frame, [name, rawName, special], escapes]) => {
        const raw = encodeInvalid(special, escapes);
        return make('special-not-allowed', around(frame, `${rawName}=${raw}`, name), name);
      }),

  'bad-hostname': () => badValue('bad-hostname', namesOfKind('hostname'), invalidHostname()),
  'bad-address': () => badValue('bad-address', namesOfKind('address'), invalidAddress()),
  'bad-port': () => badValue('bad-port', namesOfKind('port'), invalidPort()),
  'bad-proto': () => badValue('bad-proto', namesOfKind('proto'), invalidProto()),
};

/**
 * Options of {@link invalidXclientLine}.
 * @example
 * ```ts
 * invalidXclientLine({ reasons: ['bad-port', 'duplicate'] })
 * ```
 * @remarks Since 0.1.0
 */
export interface InvalidXclientLineOptions {
  /**
   * Only these defects.
   * @defaultValue every key of {@link INVALID_REASONS}
   */
  readonly reasons?: readonly InvalidReason[];
}

/**
 * XCLIENT command lines with exactly one defect, labelled: valid attributes (as in
 * {@link validXclientLine}) around one broken thing, within 510 octets unless the defect is
 * the length. `parseXclient(line)` and `parseXclient(octets)` in the 'strict' profile reject
 * each with `expectedCode`, and with `error.attribute === attribute` when one is given.
 *
 * @param options - restrict the defects to some {@link InvalidReason}s.
 * @returns an arbitrary of `{ line, octets, reason, expectedCode, attribute? }`.
 * @example
 * ```ts
 * fc.assert(fc.property(invalidXclientLine(), ({ line, expectedCode }) => {
 *   const r = parseXclient(line);
 *   return !r.ok && r.error.code === expectedCode;
 * }));
 * fc.sample(invalidXclientLine({ reasons: ['bad-port'] }), 1)
 * //=> e.g. [{ line: 'XCLIENT PORT=025', reason: 'bad-port', expectedCode: 'ATTR_BAD_VALUE', attribute: 'PORT', … }]
 * ```
 * @remarks Since 0.1.0
 */
export function invalidXclientLine(
  options?: InvalidXclientLineOptions,
): Arbitrary<InvalidXclientLine> {
  const reasons = options?.reasons ?? (Object.keys(INVALID_REASONS) as InvalidReason[]);
  if (reasons.length === 0) throw new RangeError('invalidXclientLine: no reasons given');
  return fc.oneof(
    ...reasons.map((reason) => {
      const build = INVALID_BUILDERS[reason];
      if (build === undefined) throw new RangeError(`invalidXclientLine: unknown reason ${reason}`);
      return build();
    }),
  );
}
