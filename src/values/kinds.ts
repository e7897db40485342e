/**
 * The value rules: one validator per kind of value (host name, address, port, protocol,
 * free text, word, source), and the checks every value goes through first (its view,
 * control characters, special values, length), each driven by the profile's `values` rules.
 *
 * ```
 * port   = 1*5DIGIT                      ; Postfix: no range check
 *        / "0" / %x31-39 0*4DIGIT        ; strict: at most 65535
 * proto  = "SMTP" / "ESMTP"              ; any case; 'lenient' also "LMTP"
 * word   = 1*( %x21 / %x23-27 / %x2A-3A / %x3D / %x3F / %x41-5B / %x5D-7E )
 *                                        ; XFORWARD_README Note 1: printable ASCII but
 *                                        ; space and <>()\";@ ; Postfix: any text, neutered
 * source = "LOCAL" / "REMOTE"            ; any case
 * ```
 * Host names: src/values/hostname.ts; addresses: src/values/ip.ts.
 *
 * @see docs/spec/postfix.md §4
 * @internal
 * @packageDocumentation
 */

import type { AttributeSpec, KindValues } from '../dialects/dialect.js';
import {
  failure,
  isOutcome,
  type Result,
  type Warning,
  type WarningCode,
  type XclientErrorCode,
} from '../errors.js';
import type { Rules } from '../grammar/profiles.js';
import { asciiUpper, CR, DEL, LF, NUL, SP } from '../octets.js';
import { ATTRIBUTE } from '../replies.js';
import { findLoneSurrogate, indexOfOctet, utf8Length } from '../utf8.js';
import { type WarningArgs, warning } from '../warnings.js';
import { checkHostname } from './hostname.js';
import { isPlainQuad, parsePostfixAddress, parseStrictAddress } from './ip.js';
import { maskForReply, NEUTER_CHARACTERS, neuter, postfixView } from './printable.js';
import { type SpecialValue, specialValueOf } from './special.js';

type ValueRules = Rules['values'];

/** A validated value: the typed value, the text the server sees, and the warnings. */
export type ValueResult = Result<
  KindValues[keyof KindValues] | SpecialValue,
  { readonly text: string; readonly warnings: readonly Warning[] }
>;

/**
 * Why a kind validator refused a value: an object, where a typed value never is (see
 * `refused`). The readers of host names and addresses give theirs with an `ok: false` too.
 */
interface KindFailure {
  readonly code?: XclientErrorCode;
  readonly reason: string;
  readonly position: number;
}

/**
 * What a kind validator gives back: the typed value itself (a string or a number, no record
 * around it: the validators run once per attribute of every line), or why not.
 */
type KindCheck = KindValues[keyof KindValues] | KindFailure;

/** Whether a kind validator refused (a typed value is never an object). */
const refused = (r: KindCheck): r is KindFailure => typeof r === 'object';

/** The attribute a value belongs to, where its warnings go, and the profile's rules. */
interface Context {
  readonly name: string;
  readonly spec: AttributeSpec;
  readonly rules: ValueRules;
  readonly warnings: Warning[];
}

/** Adds a warning about the context's attribute. */
function warn<C extends WarningCode>(
  ctx: Context,
  code: C,
  position: number,
  ...args: WarningArgs<C>
): void {
  ctx.warnings.push(warning(code, position, ctx.name, ...args));
}

/** parseStrictAddress's options for each address rule (constants: the parser runs per value). */
const ADDRESS_OPTIONS = {
  strict: { allowBareIpv6: false },
  'bare-ipv6': { allowBareIpv6: true },
} as const;

const PORT_DIGITS = 5;
const MAX_PORT = 65535;

/** Free text over its attribute's own limit, when the rules check it in the kind. */
function overTextLimit(text: string, ctx: Context): KindFailure | undefined {
  const max = ctx.spec.maxLength;
  if (!ctx.rules.textLimit || max === 0 || utf8Length(text) <= max) return undefined;
  return {
    code: 'ATTR_TOO_LONG',
    reason: `longer than ${max} octets`,
    position: indexOfOctet(text, max),
  };
}

/**
 * The first character XFORWARD_README Note 1 keeps out of a word: a character beyond ASCII,
 * or one of Postfix's NEUTER_CHARACTERS (the space among them); -1 for none. (Controls are the
 * view's.)
 */
function firstNonWord(text: string): number {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0x7e || NEUTER_CHARACTERS.includes(text.charAt(i))) return i;
  }
  return -1;
}

/** A validator, and whether its kind is free text (see {@link Kind}). */
interface Kind {
  readonly check: (text: string, ctx: Context) => KindCheck;
  /**
   * Free text (XCLIENT's HELO and LOGIN, XFORWARD's words): 'lenient' only warns when it is
   * long or holds a TAB, and Postfix checks its length before it neuters it (smtpd.c), so a
   * refusal echoes the value as sent.
   */
  readonly freeText: boolean;
}

/** One validator per kind of value. */
const KINDS: { readonly [K in keyof KindValues]: Kind } = {
  hostname: { check: hostnameKind, freeText: false },
  address: { check: addressKind, freeText: false },
  port: { check: portKind, freeText: false },
  proto: { check: protoKind, freeText: false },
  text: {
    check: (text, ctx) => overTextLimit(text, ctx) ?? text,
    freeText: true,
  },
  word: { check: wordKind, freeText: true },
  source: { check: sourceKind, freeText: false },
};

function hostnameKind(text: string): KindCheck {
  const r = checkHostname(text);
  return r.ok ? text : r;
}

function addressKind(text: string, ctx: Context): KindCheck {
  // Stryker disable next-line ConditionalExpression: speed only: every reading below gives a plain quad as it is, without a warning
  if (isPlainQuad(text)) return text; // what every reading below gives for it
  if (ctx.rules.address === 'postfix') {
    const r = parsePostfixAddress(text);
    return r.ok ? r.address : r;
  }
  const r = parseStrictAddress(text, ADDRESS_OPTIONS[ctx.rules.address]);
  if (!r.ok) return r;
  // Own only: a `bare` on Object.prototype is no bare address. The parser sets it to true only.
  if (Object.hasOwn(r, 'bare')) warn(ctx, 'ATTR_BARE_IPV6', 0);
  return r.address;
}

function portKind(text: string, ctx: Context): KindCheck {
  const n = text.length;
  let digits = 0;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: charCodeAt(n) is NaN, which is no digit: the loop stops at n all the same
  while (digits < n && text.charCodeAt(digits) >= 0x30 && text.charCodeAt(digits) <= 0x39) {
    digits++;
  }
  if (n === 0 || digits < n || n > PORT_DIGITS) {
    return { reason: 'not a decimal number of 1 to 5 digits', position: digits };
  }
  const value = Number(text);
  if (ctx.rules.port === 'strict') {
    if (n > 1 && text.charCodeAt(0) === 0x30) {
      return { reason: 'leading zero in a port number', position: 0 };
    }
    if (value > MAX_PORT) return { reason: 'port number above 65535', position: 0 };
  }
  return value;
}

function protoKind(text: string, ctx: Context): KindCheck {
  const upper = asciiUpper(text);
  if (upper === 'SMTP' || upper === 'ESMTP') return upper;
  if (ctx.rules.extraProtocols.includes(upper)) {
    warn(ctx, 'ATTR_PROTO_NONSTANDARD', 0, upper);
    return upper as KindValues['proto'];
  }
  return { reason: 'not SMTP or ESMTP', position: 0 };
}

/** A word (XFORWARD_README Note 1): its length, then its characters, by the profile's rules. */
function wordKind(text: string, ctx: Context): KindCheck {
  const long = overTextLimit(text, ctx);
  if (long !== undefined) return long;
  const verdict = ctx.rules.wordChars;
  const at = verdict === 'accept' ? -1 : firstNonWord(text);
  if (at < 0) return text;
  const reason = 'a space, a non-ASCII character or one of <>()\\";@ in a word';
  if (verdict === 'error') return { reason, position: at };
  warn(ctx, 'ATTR_WORD_CHAR', at, reason);
  return text;
}

/** XFORWARD's SOURCE: LOCAL or REMOTE, any case (Postfix's name_code()), upper-cased. */
function sourceKind(text: string): KindCheck {
  const upper = asciiUpper(text);
  return upper === 'LOCAL' || upper === 'REMOTE'
    ? upper
    : { reason: 'not LOCAL or REMOTE', position: 0 };
}

/** The error for a bad value: `501 5.5.4 Bad NAME syntax: <value, masked>`. */
function badValue(
  name: string,
  code: XclientErrorCode,
  reason: string,
  position: number,
  value: string,
): ValueResult {
  return failure({
    code,
    message: `${name}: ${reason}`,
    reply: ATTRIBUTE.badSyntax(name, maskForReply(value)),
    position,
    attribute: name,
  });
}

/**
 * A control in the wide sense: a C0 control, DEL, a C1 control (U+0080–U+009F, NEL U+0085
 * among them) or U+2028 / U+2029. Log viewers, terminals and JavaScript (`/^…$/m`, JSON
 * before ES2019) take NEL and U+2028 / U+2029 for line breaks.
 */
const isWideControl = (c: number): boolean =>
  c < SP || (c >= DEL && c <= 0x9f) || c === 0x2028 || c === 0x2029;

/**
 * The first control character of a string that the rules refuse, or -1: every control in the
 * wide sense ({@link isWideControl}); with `lineBreaking`, just NUL, CR and LF (those that
 * can end a line or a C string).
 */
function firstControl(text: string, lineBreaking: boolean): number {
  // Stryker disable next-line EqualityOperator: charCodeAt(length) is NaN, which is no control
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (lineBreaking ? c === NUL || c === LF || c === CR : isWideControl(c)) return i;
  }
  return -1;
}

/**
 * The value as the profile sees it, before its kind's rules: Postfix's masked C string, or
 * the value itself once it passed the checks for emptiness, controls and lone surrogates.
 * A string is the text to go on with; a result is a refusal.
 */
function view(decoded: string, ctx: Context): string | ValueResult {
  const { rules, name } = ctx;
  if (rules.view === 'postfix') {
    const nul = decoded.indexOf('\0');
    if (nul >= 0) warn(ctx, 'ATTR_TRUNCATED_AT_NUL', nul);
    const text = postfixView(decoded);
    // postfixView keeps the length: the first difference is the first masked character.
    const kept = nul >= 0 ? decoded.slice(0, nul) : decoded;
    if (text !== kept) {
      let at = 0;
      while (text.charCodeAt(at) === kept.charCodeAt(at)) at++;
      warn(ctx, 'ATTR_MASKED', at);
    }
    return text;
  }
  // Stryker disable next-line ConditionalExpression: only 'postfix' accepts an empty value, and its view returned above
  if (decoded.length === 0 && rules.empty === 'error') {
    return failure({
      code: 'ATTR_EMPTY',
      message: `${name}: empty value`,
      reply: ATTRIBUTE.valueExpected,
      position: 0,
      attribute: name,
    });
  }
  const inText = rules.controls === 'refuse-line-breaks-in-text' && KINDS[ctx.spec.kind].freeText;
  const control = firstControl(decoded, inText);
  if (control >= 0) {
    const hex = decoded.charCodeAt(control).toString(16).toUpperCase().padStart(4, '0');
    return badValue(
      name,
      'ATTR_CONTROL_CHAR',
      `control character U+${hex} in the value`,
      control,
      decoded,
    );
  }
  const tolerated = inText ? firstControl(decoded, false) : -1;
  if (tolerated >= 0) {
    warn(ctx, 'ATTR_CONTROL', tolerated);
  }
  const lone = findLoneSurrogate(decoded);
  if (lone >= 0)
    return badValue(name, 'ATTR_BAD_VALUE', 'lone surrogate in the value', lone, decoded);
  return decoded;
}

/**
 * Special values, `[UNAVAILABLE]` and `[TEMPUNAVAIL]` in any case (README Note 2): the
 * marker when the attribute takes it, undefined to read the text as an ordinary value, or
 * a refusal.
 */
function special(text: string, ctx: Context): SpecialValue | ValueResult | undefined {
  const marker = specialValueOf(text);
  if (marker === undefined) return undefined;
  const { spec, rules, name } = ctx;
  const { kind, text: upper } = marker;
  const allowed = spec.specials.includes(kind);
  const tolerated = rules.tolerateSpecials && spec.lenientSpecials.includes(kind);
  if (allowed || tolerated) {
    if (rules.warnSpecialCase && text !== upper) {
      warn(ctx, 'ATTR_SPECIAL_CASE', 0, upper);
    }
    if (!allowed) {
      warn(ctx, 'ATTR_SPECIAL_UNDOCUMENTED', 0, upper, name);
    }
    return marker;
  }
  // Stryker disable next-line ConditionalExpression: every attribute with literalTempunavail takes [UNAVAILABLE] (returned above): only [TEMPUNAVAIL] gets here for one
  const literal = kind === 'tempunavail' && spec.literalTempunavail;
  const verdict = literal ? rules.literalTempunavail : 'error';
  if (verdict === 'error') {
    return badValue(
      name,
      'ATTR_SPECIAL_NOT_ALLOWED',
      `${upper} is not a valid ${name} value`,
      0,
      text,
    );
  }
  if (verdict === 'warn') {
    warn(ctx, 'ATTR_LITERAL_SPECIAL', 0, upper, name);
  }
  return undefined;
}

/**
 * Validates a decoded value of attribute `name` (whose row is `spec`) under a profile's
 * value rules: the typed, normalized value and the text the server sees, or the error whose
 * reply a server sends. Positions are indexes into `decoded`.
 */
export function validateValue(
  name: string,
  spec: AttributeSpec,
  decoded: string,
  rules: ValueRules,
): ValueResult {
  const ctx: Context = { name, spec, rules, warnings: [] };
  const seen = view(decoded, ctx);
  if (typeof seen !== 'string') return seen;
  return validateSeen(seen, ctx);
}

/**
 * {@link validateValue} for a value known to be clean: not empty, and without a control
 * character, DEL, NUL or lone surrogate (the fast path's values cannot hold one). Warnings go
 * to `warnings`, which the result carries.
 */
export function validateClean(
  name: string,
  spec: AttributeSpec,
  clean: string,
  rules: ValueRules,
  warnings: Warning[],
): ValueResult {
  return validateSeen(clean, { name, spec, rules, warnings });
}

/**
 * The context {@link cleanValue} lends the kind checks: they read it within the call only,
 * and the fast path reads no warning from it, so one object serves every call.
 */
const LENT: { -readonly [K in keyof Context]: Context[K] } = {
  name: '',
  spec: undefined as unknown as AttributeSpec,
  rules: undefined as unknown as ValueRules,
  warnings: [],
};

/**
 * {@link validateClean}'s typed value for the fast path, without its result record: when the
 * value is no special value, within its length limit, unchanged by Postfix's neutering and
 * accepted by its kind without a warning (then the text the server sees is the value
 * itself); otherwise undefined, and the caller asks {@link validateClean}.
 */
// Each undefined below sends the value to validateClean, which gives the same result (the fast
// path's contract, test/properties.test.ts): a mutant that returns undefined more often is
// only slower. (Those that return a value where undefined is due are killed; they are on the
// same lines, so they are ignored with them.)
// Stryker disable BlockStatement: speed only, as above
export function cleanValue(
  name: string,
  spec: AttributeSpec,
  clean: string,
  rules: ValueRules,
): KindValues[keyof KindValues] | undefined {
  // Stryker restore BlockStatement
  // Stryker disable next-line ConditionalExpression: speed only, as above
  if (clean.charCodeAt(0) === 0x5b) return undefined; // "[": maybe a special value
  const max = spec.maxLength;
  // A UTF-16 code unit is at most 3 octets: a value this short is within the limit.
  // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,StringLiteral: speed only, as above
  const long = max > 0 && rules.overLength !== 'kind' && clean.length * 3 > max;
  // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: speed only, as above
  if (long && utf8Length(clean) > max) return undefined;
  // Stryker disable next-line ConditionalExpression,LogicalOperator: speed only, as above
  if (rules.neuter && spec.neutered && neuter(clean) !== clean) return undefined;
  LENT.name = name;
  LENT.spec = spec;
  LENT.rules = rules;
  const r = KINDS[spec.kind].check(clean, LENT);
  // Stryker disable next-line ConditionalExpression,EqualityOperator: speed only, as above
  if (LENT.warnings.length > 0) {
    LENT.warnings.length = 0;
    return undefined;
  }
  return refused(r) ? undefined : r;
}

/** The special values, the length limit, Postfix's neutering, then the kind's rules. */
function validateSeen(seen: string, ctx: Context): ValueResult {
  const { spec, rules, name, warnings } = ctx;
  const marker = special(seen, ctx);
  if (marker !== undefined) {
    return isOutcome(marker) ? marker : { ok: true, value: marker, text: seen, warnings };
  }
  const kind = KINDS[spec.kind];
  const max = spec.maxLength;
  if (max > 0 && rules.overLength !== 'kind' && utf8Length(seen) > max) {
    const at = indexOfOctet(seen, max);
    if (rules.overLength === 'warn-text' && kind.freeText) {
      warn(ctx, 'ATTR_LONG_VALUE', at, name, utf8Length(seen), max);
    } else return badValue(name, 'ATTR_TOO_LONG', `longer than ${max} octets`, at, seen);
  }
  // Postfix neuters host names and addresses before it checks them, free text after it
  // checked its length (smtpd.c): a refused name is echoed neutered, a refused text as sent.
  const neuters = rules.neuter && spec.neutered;
  const checked = neuters && !kind.freeText ? neuter(seen) : seen;
  const r = kind.check(checked, ctx);
  if (refused(r)) {
    const code = (Object.hasOwn(r, 'code') ? r.code : undefined) ?? 'ATTR_BAD_VALUE';
    return badValue(name, code, r.reason, r.position, checked);
  }
  if (neuters && kind.freeText) {
    const text = neuter(seen);
    return { ok: true, value: text, text, warnings };
  }
  return { ok: true, value: r, text: checked, warnings };
}
