/**
 * Validating one attribute value, in the three profiles: the public face of the value rules
 * (src/values/kinds.ts) for XCLIENT's attributes.
 *
 * Values reach {@link validateAttribute} decoded (xtext is the command layer's job).
 *
 * @see Postfix XCLIENT_README; docs/spec/postfix.md §2 step 5 and §4
 * @packageDocumentation
 */

import { optionRules } from './command.js';
import {
  ATTRIBUTES,
  attributeName,
  XCLIENT,
  type XclientAttributeName,
  type XclientValues,
} from './dialects/xclient.js';
import { failure, isOutcome, type Result, type Warning } from './errors.js';
import type { Profile } from './grammar/profiles.js';
import { describe } from './input.js';
import { ATTRIBUTE, badAttributeName } from './replies.js';
import { validateValue } from './values/kinds.js';
import { maskForReply } from './values/printable.js';

/**
 * Options of {@link validateAttribute}.
 * @example
 * ```ts
 * validateAttribute('PORT', '00025', { profile: 'postfix' } satisfies ValidateOptions) // ok, 25
 * ```
 * @remarks Since 0.1.0
 */
export interface ValidateOptions {
  /**
   * The rules: `'strict'` (the protocol document, made safe), `'postfix'` (Postfix 3.7.11
   * exactly) or `'lenient'` (what real clients send, with warnings).
   * @defaultValue `'strict'`
   */
  readonly profile?: Profile;
}

/**
 * The result of {@link validateAttribute}. On success `text` is the value as the server
 * sees it (after Postfix's masking, in the `'postfix'` profile).
 * @example
 * ```ts
 * const r: AttributeResult<'PORT'> = validateAttribute('PORT', '25');
 * if (r.ok) r.value //=> 25
 * ```
 * @remarks Since 0.1.0
 */
export type AttributeResult<N extends XclientAttributeName = XclientAttributeName> = Result<
  XclientValues[N],
  { readonly text: string; readonly warnings: readonly Warning[] }
>;

/**
 * Validates one decoded attribute value and returns its typed, normalized form, or an error
 * whose `reply` is exactly what a server sends (`501 5.5.4 Bad NAME syntax: x..y`).
 *
 * Profiles:
 * - `'postfix'`: Postfix 3.7.11 exactly (docs/spec/postfix.md §4): a NUL ends the value, controls become
 *   `?`; IPv4 leading zeros read as octal, ports of 1–5 digits without range check, HELO
 *   neutered, `[TEMPUNAVAIL]` literal for HELO and LOGIN and refused elsewhere but NAME and
 *   REVERSE_NAME.
 * - `'strict'` (default): the protocol document made safe: no control character in any
 *   value, ports 0–65535 without leading zeros, IPv4 without leading zeros, IPv6 only after
 *   `IPV6:` (RFC 4291 forms, no zone), NAME and HELO at most 255 octets, special values only
 *   where the document gives them a meaning. docs/profiles.md lists every difference.
 * - `'lenient'`: strict, but bare IPv6, `PROTO=LMTP`, lower-case special values, a TAB in
 *   HELO or LOGIN and a literal `[TEMPUNAVAIL]` HELO or LOGIN are accepted with a warning.
 *
 * @param name - the attribute name, any case (`'addr'` is ADDR).
 * @param decodedValue - the value after xtext decoding.
 * @param options - the profile.
 * @returns the typed value (a string, a number, or {@link UNAVAILABLE} / {@link TEMPUNAVAIL})
 *   with the text the server sees, or an error with `code`, `message`, `position` and `reply`.
 *   Positions, in errors and warnings, are indexes into `decodedValue` (UTF-16 code units);
 *   a value over a length limit is placed at the character that passes it.
 * @example
 * ```ts
 * validateAttribute('ADDR', '010.1.1.1', { profile: 'postfix' }) // ok, value '8.1.1.1'
 * validateAttribute('ADDR', '010.1.1.1')                         // error ATTR_BAD_VALUE
 * validateAttribute('NAME', 'x..y')
 * //=> { ok: false, error: { code: 'ATTR_BAD_VALUE',
 * //       reply: { code: 501, enhanced: '5.5.4', text: 'Bad NAME syntax: x..y' }, … } }
 * validateAttribute('LOGIN', '[TEMPUNAVAIL]', { profile: 'postfix' }) // ok, the text '[TEMPUNAVAIL]'
 * ```
 * @see docs/spec/postfix.md §4; Postfix XCLIENT_README
 * @remarks Since 0.1.0
 */
export function validateAttribute<N extends XclientAttributeName>(
  name: N | (string & {}),
  decodedValue: string,
  options?: ValidateOptions,
): AttributeResult<N> {
  const rules = optionRules(options);
  if (isOutcome(rules)) return rules;
  const canonical = attributeName(name);
  if (canonical === undefined) {
    const shown = typeof name === 'string' ? maskForReply(name) : describe(name);
    return failure({
      code: 'ATTR_UNKNOWN',
      message: `unknown XCLIENT attribute name "${shown}"`,
      reply: badAttributeName(XCLIENT.verb, shown),
      position: 0,
    });
  }
  if (typeof decodedValue !== 'string') {
    return failure({
      code: 'ATTR_BAD_VALUE',
      message: `the ${canonical} value must be a string`,
      reply: ATTRIBUTE.badSyntax(canonical, ''),
      position: 0,
      attribute: canonical,
    });
  }
  const spec = ATTRIBUTES[canonical];
  return validateValue(canonical, spec, decodedValue, rules.values) as AttributeResult<N>;
}
