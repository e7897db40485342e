/**
 * The message of every warning, each text once. A warning's `code` is what programs read;
 * the message says the same for a person, with what was found.
 *
 * @internal
 * @packageDocumentation
 */

import type { Warning, WarningCode } from './errors.js';

/**
 * The most warnings the xtext decoders' results hold (`decodeXtext`, `decodeXtextBytes`,
 * whose input has no length limit): the first ones found, in input order. The others are
 * counted in the result's `warningsOmitted` (absent when none were left out), so that what
 * a result holds stays in proportion to its input whatever the input repeats. A command
 * line's warnings are all kept: its profile bounds its length (at most 4096 octets).
 * @example
 * ```ts
 * const r = decodeXtext('+'.repeat(1000), { profile: 'lenient' });
 * r.ok && r.warnings.length  //=> 100
 * r.ok && r.warningsOmitted  //=> 900
 * ```
 * @remarks Since 0.2.0
 */
export const MAX_WARNINGS = 100;

/** The limit of RFC 5321 §4.5.3.1.4, quoted by the line warnings. */
const RFC_LINE = 512;

/** The xtext decoder's warnings, a table of their own so that xtext alone carries only them. */
export const XTEXT_WARNING_MESSAGES = {
  XTEXT_LOWERCASE_HEX: 'lower-case hex digits in an escape (RFC 3461 requires upper case)',
  XTEXT_RAW_OCTET: 'octet(s) that xtext requires to be escaped, taken as they are',
  XTEXT_RAW_PLUS: '"+" not followed by two hex digits, taken as itself',
  XTEXT_CONTROL_CHAR: 'decoded value holds a control character',
  XTEXT_FALLBACK: 'malformed escape: the whole value is used undecoded, as Postfix does',
} as const;

/** Each warning's message: a text, or a function of what the warning reports. */
export const WARNING_MESSAGES = /* @__PURE__ */ (() =>
  ({
    ...XTEXT_WARNING_MESSAGES,
    ATTR_BARE_IPV6: 'IPv6 address without the "IPV6:" prefix',
    ATTR_PROTO_NONSTANDARD: (proto: string) => `PROTO=${proto} is not in the protocol document`,
    ATTR_SPECIAL_CASE: (special: string) => `${special} written in lower or mixed case`,
    ATTR_RAW_UTF8: 'raw UTF-8 octets in a value, taken as they are',
    ATTR_MASKED: 'non-printable characters shown as "?", as Postfix does',
    ATTR_TRUNCATED_AT_NUL: 'a decoded NUL ends the value, as in Postfix',
    ATTR_LITERAL_SPECIAL: (special: string, name: string) =>
      `${special} has no meaning for ${name}: taken as text`,
    ATTR_CONTROL: 'control character in the value (refused by the strict profile)',
    ATTR_SPECIAL_UNDOCUMENTED: (special: string, name: string) =>
      `${special} is not a documented ${name} value`,
    LINE_TOO_LONG: (octets: number) =>
      `line of ${octets} octets with its CRLF, over RFC 5321's ${RFC_LINE}`,
    LINE_TRUNCATED: (octets?: number, limit?: number) =>
      octets === undefined
        ? 'a NUL ends the line, as in Postfix'
        : `line of ${octets} octets cut at ${limit}, as Postfix does`,
    LINE_EXTRA_SPACE: (where: 'leading' | 'trailing' | 'between words', octets: number) =>
      where === 'between words'
        ? `blanks other than one SP between words (${octets} octet${octets === 1 ? '' : 's'} of SP or TAB)`
        : `${where} blanks (${octets} octet${octets === 1 ? '' : 's'} of SP or TAB)`,
    LINE_RAW_SPACE_IN_VALUE: 'unencoded whitespace inside a value',
    ATTR_DUPLICATE: (name: string) => `${name} repeated: the last one wins`,
    ATTR_EXTENSION: (name: string, owner: string) =>
      `${name} is a ${owner} extension attribute, not Postfix's`,
    ATTR_WORD_CHAR: (reason: string) => `${reason} (XFORWARD_README Note 1)`,
    ATTR_LONG_VALUE: (subject: string, octets: number, limit: number) =>
      `${subject} of ${octets} octets: Postfix refuses more than ${limit}`,
  }) as const satisfies Readonly<Record<WarningCode, string | ((...args: never[]) => string)>>)();

type Messages = typeof WARNING_MESSAGES;
/** The arguments of a warning's message: none for a fixed text. @internal */
export type WarningArgs<C extends WarningCode> = Messages[C] extends (...args: infer A) => string
  ? A
  : [];

/**
 * A warning: its code, the message for what it reports, where, and (when there is one) the
 * attribute it concerns.
 */
export function warning<C extends WarningCode>(
  code: C,
  position: number,
  attribute: string | undefined,
  ...args: WarningArgs<C>
): Warning {
  const entry = WARNING_MESSAGES[code] as string | ((...a: unknown[]) => string);
  const message = typeof entry === 'string' ? entry : entry(...args);
  return attribute === undefined
    ? { code, message, position }
    : { code, message, position, attribute };
}
