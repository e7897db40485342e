/**
 * The special values `[UNAVAILABLE]` and `[TEMPUNAVAIL]` (XCLIENT_README Note 2) as frozen
 * typed markers: a parsed special value is one of these very objects, never a string.
 *
 * @packageDocumentation
 */

import { asciiUpper } from '../octets.js';

/**
 * The marker for `[UNAVAILABLE]`: the information is unavailable (a permanent error, for
 * NAME). A parsed special value is this very object, so compare with `===`; it can never be
 * mistaken for an ordinary string.
 *
 * @example
 * ```ts
 * const r = parseXclient('XCLIENT NAME=[unavailable]');
 * r.ok && r.value.NAME === UNAVAILABLE //=> true
 * formatXclient({ ADDR: UNAVAILABLE })  //=> ['XCLIENT ADDR=[UNAVAILABLE]']
 * ```
 * @remarks Since 0.1.0
 */
export const UNAVAILABLE: Unavailable = /* @__PURE__ */ Object.freeze({
  kind: 'unavailable',
  text: '[UNAVAILABLE]',
} as const);

/**
 * The marker for `[TEMPUNAVAIL]`: the client hostname lookup failed temporarily. Only NAME
 * and REVERSE_NAME give it a meaning.
 *
 * @example
 * ```ts
 * const r = parseXclient('XCLIENT NAME=[TEMPUNAVAIL]');
 * r.ok && r.value.NAME === TEMPUNAVAIL //=> true
 * ```
 * @remarks Since 0.1.0
 */
export const TEMPUNAVAIL: TempUnavail = /* @__PURE__ */ Object.freeze({
  kind: 'tempunavail',
  text: '[TEMPUNAVAIL]',
} as const);

/**
 * The type of {@link UNAVAILABLE}.
 * @example
 * ```ts
 * const u: Unavailable = UNAVAILABLE;
 * ```
 * @remarks Since 0.1.0
 */
export interface Unavailable {
  readonly kind: 'unavailable';
  readonly text: '[UNAVAILABLE]';
}

/**
 * The type of {@link TEMPUNAVAIL}.
 * @example
 * ```ts
 * const t: TempUnavail = TEMPUNAVAIL;
 * ```
 * @remarks Since 0.1.0
 */
export interface TempUnavail {
  readonly kind: 'tempunavail';
  readonly text: '[TEMPUNAVAIL]';
}

/**
 * Either special value.
 * @example
 * ```ts
 * const s: SpecialValue = TEMPUNAVAIL;
 * ```
 * @remarks Since 0.1.0
 */
export type SpecialValue = Unavailable | TempUnavail;

/**
 * Whether a value is one of the special-value markers.
 *
 * @param value - anything.
 * @returns `true` for {@link UNAVAILABLE} and {@link TEMPUNAVAIL}.
 * @example
 * ```ts
 * isSpecialValue(UNAVAILABLE)      //=> true
 * isSpecialValue('[UNAVAILABLE]')  //=> false: a string is never a marker
 * ```
 * @remarks Since 0.1.0
 */
export function isSpecialValue(value: unknown): value is SpecialValue {
  return value === UNAVAILABLE || value === TEMPUNAVAIL;
}

/** The kind of a special value: `'unavailable'` or `'tempunavail'`. @internal */
export type SpecialKind = SpecialValue['kind'];

/**
 * The marker a special value written as text stands for: `[UNAVAILABLE]` or `[TEMPUNAVAIL]`,
 * any case (README Note 2); undefined for any other text. @internal
 */
export function specialValueOf(text: string): SpecialValue | undefined {
  // Stryker disable next-line ConditionalExpression,LogicalOperator: speed only: asciiUpper() of any other text equals neither marker's text
  if (text.length !== 13 || text.charCodeAt(0) !== 0x5b) return undefined;
  const upper = asciiUpper(text);
  return upper === UNAVAILABLE.text
    ? UNAVAILABLE
    : upper === TEMPUNAVAIL.text
      ? TEMPUNAVAIL
      : undefined;
}

/**
 * The marker type for a special-value kind (`'unavailable'` or `'tempunavail'`).
 * @example
 * ```ts
 * const u: SpecialOf<'unavailable'> = UNAVAILABLE;
 * ```
 * @remarks Since 0.1.0
 */
export type SpecialOf<K> = K extends 'unavailable'
  ? Unavailable
  : K extends 'tempunavail'
    ? TempUnavail
    : never;
