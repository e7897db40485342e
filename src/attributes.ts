/**
 * The XCLIENT attributes as one data table, the special values, and attribute validation
 * in the three profiles.
 *
 * ```
 * attribute-name  = ( NAME | ADDR | PORT | PROTO | HELO | LOGIN | DESTADDR | DESTPORT )
 *                   ; and REVERSE_NAME, which Postfix 3.7 accepts and announces
 * attribute-value = xtext
 * ```
 *
 * Values reach {@link validateAttribute} decoded (xtext is the command layer's job).
 *
 * @see Postfix XCLIENT_README; SPEC.md §2 step 5 and §4
 * @packageDocumentation
 */

import {
  failure,
  type Profile,
  type Result,
  syntaxReply,
  type Warning,
  type XclientErrorCode,
} from './errors.js';
import { findLoneSurrogate, indexOfOctet, utf8Length } from './utf8.js';
import { checkHostname } from './values/hostname.js';
import { parsePostfixAddress, parseStrictAddress } from './values/ip.js';

// ---------------------------------------------------------------------------------------
// Special values

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

type SpecialKind = SpecialValue['kind'];

/**
 * The marker a special value written as text stands for: `[UNAVAILABLE]` or `[TEMPUNAVAIL]`,
 * any case (README Note 2); undefined for any other text. @internal
 */
export function specialValueOf(text: string): SpecialValue | undefined {
  if (text.length !== 13 || text.charCodeAt(0) !== 0x5b) return undefined;
  const upper = asciiUpper(text);
  return upper === UNAVAILABLE.text
    ? UNAVAILABLE
    : upper === TEMPUNAVAIL.text
      ? TEMPUNAVAIL
      : undefined;
}

// ---------------------------------------------------------------------------------------
// The table

/**
 * The kinds of value an attribute holds, and the type each one parses to.
 * @example
 * ```ts
 * const port: KindValues['port'] = 25;
 * ```
 * @remarks Since 0.1.0
 */
export interface KindValues {
  /** A host name (NAME, REVERSE_NAME), as sent. */
  readonly hostname: string;
  /** A normalized address (ADDR, DESTADDR), bare: `192.0.2.1`, `2001:db8::1`. */
  readonly address: string;
  /** A TCP port (PORT, DESTPORT). */
  readonly port: number;
  /** The protocol, upper case. */
  readonly proto: 'SMTP' | 'ESMTP' | 'LMTP';
  /** Free text (HELO, LOGIN). */
  readonly text: string;
}

/**
 * One row of {@link ATTRIBUTES}.
 * @example
 * ```ts
 * const spec: AttributeSpec = ATTRIBUTES.NAME;
 * spec.kind //=> 'hostname'
 * ```
 * @remarks Since 0.1.0
 */
export interface AttributeSpec {
  /** What the attribute tells the server. */
  readonly description: string;
  /** The kind of value. */
  readonly kind: keyof KindValues;
  /** The special values the protocol document gives a meaning to. */
  readonly specials: readonly SpecialKind[];
  /** Special values the 'lenient' profile also accepts, with a warning (swaks sends them). */
  readonly lenientSpecials: readonly SpecialKind[];
  /** `[TEMPUNAVAIL]` is ordinary text here for Postfix (HELO, LOGIN). */
  readonly literalTempunavail: boolean;
  /** Postfix replaces ` <>()\\";@` by `?` in this value (HELO, ADDR, DESTADDR). */
  readonly neutered: boolean;
  /** The longest decoded value, in octets, the 'strict' profile accepts (0: no own limit). */
  readonly maxLength: number;
  /** The Postfix version that introduced it. */
  readonly since: string;
}

/**
 * The nine attributes Postfix 3.7 accepts and announces, in the order Postfix announces them
 * (`XCLIENT NAME ADDR PROTO HELO REVERSE_NAME PORT LOGIN DESTADDR DESTPORT`). Every type and
 * rule of the library derives from this table.
 *
 * @example
 * ```ts
 * ATTRIBUTES.PORT.specials     //=> ['unavailable']
 * Object.keys(ATTRIBUTES)[0]   //=> 'NAME'
 * ```
 * @see Postfix XCLIENT_README; SPEC.md §4
 * @remarks Since 0.1.0
 */
export const ATTRIBUTES = {
  NAME: {
    description: 'the SMTP client host name (verified forward and reverse), not an address',
    kind: 'hostname',
    specials: ['unavailable', 'tempunavail'],
    lenientSpecials: [],
    literalTempunavail: false,
    neutered: false,
    maxLength: 255,
    since: '2.1',
  },
  ADDR: {
    description: 'the SMTP client IPv4 address, or an IPv6 address after "IPV6:"',
    kind: 'address',
    specials: ['unavailable'],
    lenientSpecials: [],
    literalTempunavail: false,
    neutered: true,
    maxLength: 0,
    since: '2.1',
  },
  PROTO: {
    description: 'the protocol the client spoke: SMTP (HELO) or ESMTP (EHLO)',
    kind: 'proto',
    specials: [],
    lenientSpecials: ['unavailable'],
    literalTempunavail: false,
    neutered: false,
    maxLength: 0,
    since: '2.1',
  },
  HELO: {
    description: 'the HELO or EHLO parameter the client sent',
    kind: 'text',
    specials: ['unavailable'],
    lenientSpecials: [],
    literalTempunavail: true,
    neutered: true,
    maxLength: 255,
    since: '2.1',
  },
  REVERSE_NAME: {
    description: 'the client host name from the reverse lookup only (not verified forward)',
    kind: 'hostname',
    specials: ['unavailable', 'tempunavail'],
    lenientSpecials: [],
    literalTempunavail: false,
    neutered: false,
    maxLength: 255,
    since: '2.5',
  },
  PORT: {
    description: 'the SMTP client TCP port',
    kind: 'port',
    specials: ['unavailable'],
    lenientSpecials: [],
    literalTempunavail: false,
    neutered: false,
    maxLength: 0,
    since: '2.5',
  },
  LOGIN: {
    description: 'the SASL login name the client authenticated with',
    kind: 'text',
    specials: ['unavailable'],
    lenientSpecials: [],
    literalTempunavail: true,
    neutered: false,
    maxLength: 0,
    since: '2.9',
  },
  DESTADDR: {
    description: 'the local (server) IPv4 address, or an IPv6 address after "IPV6:"',
    kind: 'address',
    specials: ['unavailable'],
    lenientSpecials: [],
    literalTempunavail: false,
    neutered: true,
    maxLength: 0,
    since: '3.2',
  },
  DESTPORT: {
    description: 'the local (server) TCP port',
    kind: 'port',
    specials: ['unavailable'],
    lenientSpecials: [],
    literalTempunavail: false,
    neutered: false,
    maxLength: 0,
    since: '3.2',
  },
} as const satisfies Readonly<Record<string, AttributeSpec>>;

/**
 * The name of an XCLIENT attribute, upper case.
 * @example
 * ```ts
 * const name: XclientAttributeName = 'REVERSE_NAME';
 * ```
 * @remarks Since 0.1.0
 */
export type XclientAttributeName = keyof typeof ATTRIBUTES;

/**
 * The attribute names in Postfix's announcement order.
 * @example
 * ```ts
 * ATTRIBUTE_NAMES.join(' ') //=> 'NAME ADDR PROTO HELO REVERSE_NAME PORT LOGIN DESTADDR DESTPORT'
 * ```
 * @remarks Since 0.1.0
 */
export const ATTRIBUTE_NAMES = /* @__PURE__ */ Object.freeze(
  /* @__PURE__ */ Object.keys(ATTRIBUTES) as XclientAttributeName[],
);

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

/**
 * The typed value of each attribute, derived from {@link ATTRIBUTES}: the kind's type, or a
 * special-value marker the attribute allows.
 *
 * @example
 * ```ts
 * const port: XclientValues['PORT'] = 25;          // number | Unavailable
 * const name: XclientValues['NAME'] = TEMPUNAVAIL; // string | Unavailable | TempUnavail
 * ```
 * @remarks Since 0.1.0
 */
export type XclientValues = {
  readonly [K in XclientAttributeName]:
    | KindValues[(typeof ATTRIBUTES)[K]['kind']]
    | SpecialOf<
        | (typeof ATTRIBUTES)[K]['specials'][number]
        | (typeof ATTRIBUTES)[K]['lenientSpecials'][number]
      >;
};

/**
 * Upper-cases ASCII letters only, as C's toupper() and strcasecmp() in Postfix do:
 * `'ı'.toUpperCase()` is `'I'`, which must not turn `LOGıN` into LOGIN. @internal
 */
export function asciiUpper(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x61 && c <= 0x7a) {
      out += text.slice(from, i) + String.fromCharCode(c - 0x20);
      from = i + 1;
    }
  }
  return from === 0 ? text : out + text.slice(from);
}

/**
 * The canonical name of an attribute, matched case-insensitively, or `undefined`.
 *
 * @param name - a name as sent, e.g. `addr`.
 * @returns the canonical upper-case name.
 * @example
 * ```ts
 * attributeName('reverse_name') //=> 'REVERSE_NAME'
 * attributeName('FOO')          //=> undefined
 * ```
 * @remarks Since 0.1.0
 */
export function attributeName(name: string): XclientAttributeName | undefined {
  // Compared in place with the names of the same length: no upper-case copy to make and
  // hash. The result is the interned constant, so later look-ups by it skip hashing too.
  const candidates = NAMES_BY_LENGTH[name.length];
  if (candidates === undefined) return undefined;
  for (const candidate of candidates) {
    if (equalsUpperAscii(name, candidate)) return candidate;
  }
  return undefined;
}

/** The attribute names by length (index 4: NAME, ADDR, PORT, HELO; … 12: REVERSE_NAME). */
const NAMES_BY_LENGTH: readonly (readonly XclientAttributeName[] | undefined)[] =
  /* @__PURE__ */ (() => {
    const byLength: XclientAttributeName[][] = [];
    for (const n of Object.keys(ATTRIBUTES) as XclientAttributeName[]) {
      const same = byLength[n.length] ?? [];
      same.push(n);
      byLength[n.length] = same;
    }
    return byLength;
  })();

/**
 * Whether `text` is `upper` (upper-case ASCII letters and "_") in any ASCII case. Only
 * "a"–"z" fold: "ı" (U+0131) is no "I" here, whatever toUpperCase() says.
 */
function equalsUpperAscii(text: string, upper: string): boolean {
  for (let i = 0; i < upper.length; i++) {
    const c = text.charCodeAt(i);
    const u = upper.charCodeAt(i);
    if (c !== u && !(c >= 0x61 && c <= 0x7a && c - 0x20 === u)) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------
// Validation

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

const DEL = 0x7f;
const LF = 0x0a;
const CR = 0x0d;

/** Postfix's `NEUTER_CHARACTERS` (smtpd.c): replaced by `?` in HELO and in addresses. */
const NEUTER = ' <>()\\";@';

/** Any of {@link NEUTER}. One class, no quantifier: linear. */
const NEUTERED = /[ <>()\\";@]/;

function neuter(text: string): string {
  if (!NEUTERED.test(text)) return text; // the usual case, without a per-character copy
  let out = '';
  for (const ch of text) out += NEUTER.includes(ch) ? '?' : ch;
  return out;
}

/** A C0 control, DEL or any surrogate. One class, no quantifier: linear. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const MASKED = /[\0-\x1F\x7F\uD800-\uDFFF]/;

/** Controls and DEL replaced by `?`, lone surrogates too: safe to echo in a reply. */
export function maskForReply(text: string): string {
  if (!MASKED.test(text)) return text; // the usual case, without a per-character copy
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === DEL) out += '?';
    else if (c >= 0xd800 && c <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        out += text.slice(i, i + 2);
        i++;
      } else out += '?';
    } else out += text[i];
  }
  return out;
}

/**
 * Postfix's view of a decoded value given as a string: a NUL ends it (C string), then
 * controls and DEL become `?` (printable()).
 */
function postfixView(text: string): string {
  const nul = text.indexOf('\0');
  return maskForReply(nul >= 0 ? text.slice(0, nul) : text);
}

/**
 * The first control character of a string that the profile refuses, or -1: every C0
 * control and DEL; with `onlyLineBreaking`, just NUL, CR and LF (the ones that can end a
 * line or a C string).
 */
function firstControl(text: string, onlyLineBreaking: boolean): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (onlyLineBreaking ? c === 0 || c === LF || c === CR : c < 0x20 || c === DEL) return i;
  }
  return -1;
}

/** What a kind validator gives back. */
type KindCheck =
  | { readonly ok: true; readonly value: KindValues[keyof KindValues] }
  | {
      readonly ok: false;
      readonly code?: XclientErrorCode;
      readonly reason: string;
      readonly position: number;
    };

/**
 * A kind validator: the value's text, the profile, the attribute's row of the table, and the
 * list its warnings go to (about attribute `name`). Plain arguments, no context object: the
 * parser calls one for every value.
 */
type KindValidator = (
  text: string,
  profile: Profile,
  spec: AttributeSpec,
  warnings: Warning[],
  name: XclientAttributeName,
) => KindCheck;

const STRICT_ADDRESS = { allowBareIpv6: false } as const;
const LENIENT_ADDRESS = { allowBareIpv6: true } as const;

/** One validator per kind of value, in each profile. */
const KIND_VALIDATORS: Readonly<Record<keyof KindValues, KindValidator>> = {
  hostname(text) {
    const r = checkHostname(text);
    return r.ok ? { ok: true, value: text } : r;
  },

  address(text, profile, _spec, warnings, name) {
    if (profile === 'postfix') {
      const r = parsePostfixAddress(text);
      return r.ok ? { ok: true, value: r.address } : r;
    }
    const r = parseStrictAddress(text, profile === 'lenient' ? LENIENT_ADDRESS : STRICT_ADDRESS);
    if (!r.ok) return r;
    if (r.bare === true) {
      warn(warnings, name, 'ATTR_BARE_IPV6', 'IPv6 address without the "IPV6:" prefix', 0);
    }
    return { ok: true, value: r.address };
  },

  // port = 1*5DIGIT (Postfix: no range check);  strict: "0" / %x31-39 0*4DIGIT, <= 65535
  port(text, profile) {
    const n = text.length;
    let digits = 0;
    while (digits < n && text.charCodeAt(digits) >= 0x30 && text.charCodeAt(digits) <= 0x39) {
      digits++;
    }
    if (n === 0 || digits < n || n > 5) {
      return { ok: false, reason: 'not a decimal number of 1 to 5 digits', position: digits };
    }
    const value = Number(text);
    if (profile !== 'postfix') {
      if (n > 1 && text.charCodeAt(0) === 0x30) {
        return { ok: false, reason: 'leading zero in a port number', position: 0 };
      }
      if (value > 65535) return { ok: false, reason: 'port number above 65535', position: 0 };
    }
    return { ok: true, value };
  },

  // proto = "SMTP" / "ESMTP" (any case); 'lenient' also "LMTP" (Dovecot)
  proto(text, profile, _spec, warnings, name) {
    const upper = asciiUpper(text);
    if (upper === 'SMTP' || upper === 'ESMTP') return { ok: true, value: upper };
    if (upper === 'LMTP' && profile === 'lenient') {
      warn(
        warnings,
        name,
        'ATTR_PROTO_NONSTANDARD',
        'PROTO=LMTP is not in the protocol document',
        0,
      );
      return { ok: true, value: upper };
    }
    return { ok: false, reason: 'PROTO must be SMTP or ESMTP', position: 0 };
  },

  text(text, profile, spec) {
    if (profile === 'postfix' && spec.maxLength > 0 && utf8Length(text) > spec.maxLength) {
      return {
        ok: false,
        code: 'ATTR_TOO_LONG',
        reason: `longer than ${spec.maxLength} octets`,
        position: indexOfOctet(text, spec.maxLength),
      };
    }
    return { ok: true, value: text };
  },
};

/**
 * Validates one decoded attribute value and returns its typed, normalized form, or an error
 * whose `reply` is exactly what a server sends (`501 5.5.4 Bad NAME syntax: x..y`).
 *
 * Profiles:
 * - `'postfix'`: Postfix 3.7.11 exactly (SPEC.md §4): a NUL ends the value, controls become
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
 * @see SPEC.md §4; Postfix XCLIENT_README
 * @remarks Since 0.1.0
 */
export function validateAttribute<N extends XclientAttributeName>(
  name: N | (string & {}),
  decodedValue: string,
  options?: ValidateOptions,
): AttributeResult<N> {
  const profile = options?.profile ?? 'strict';
  const canonical = typeof name === 'string' ? attributeName(name) : undefined;
  if (canonical === undefined) {
    const shown = maskForReply(String(name));
    return failure({
      code: 'ATTR_UNKNOWN',
      message: `unknown XCLIENT attribute name "${shown}"`,
      reply: syntaxReply(`Bad XCLIENT attribute name: ${shown}`),
      position: 0,
    });
  }
  if (typeof decodedValue !== 'string') {
    return failure({
      code: 'ATTR_BAD_VALUE',
      message: `the ${canonical} value must be a string`,
      reply: syntaxReply(`Bad ${canonical} syntax: `),
      position: 0,
      attribute: canonical,
    });
  }
  return validateKnown(canonical, decodedValue, profile) as AttributeResult<N>;
}

/** {@link validateAttribute} for a canonical name. @internal */
export function validateKnown(
  name: XclientAttributeName,
  decoded: string,
  profile: Profile,
): AttributeResult {
  const warnings: Warning[] = [];
  let text = decoded;
  if (profile === 'postfix') {
    const nul = text.indexOf('\0');
    if (nul >= 0)
      warn(warnings, name, 'ATTR_TRUNCATED_AT_NUL', 'a NUL ends the value, as in Postfix', nul);
    text = postfixView(text);
    // maskForReply keeps the length: the first difference is the first masked character.
    const kept = decoded.slice(0, nul >= 0 ? nul : undefined);
    if (text !== kept) {
      let at = 0;
      while (text.charCodeAt(at) === kept.charCodeAt(at)) at++;
      warn(
        warnings,
        name,
        'ATTR_MASKED',
        'control characters and lone surrogates shown as "?", as Postfix does',
        at,
      );
    }
  } else {
    if (text.length === 0) {
      return failure({
        code: 'ATTR_EMPTY',
        message: `${name}: empty value`,
        reply: syntaxReply('Error: attribute=value expected'),
        position: 0,
        attribute: name,
      });
    }
    const spec: AttributeSpec = ATTRIBUTES[name];
    const control = firstControl(text, profile === 'lenient' && spec.kind === 'text');
    if (control >= 0) {
      return badValue(
        name,
        'ATTR_CONTROL_CHAR',
        `control character U+${text.charCodeAt(control).toString(16).toUpperCase().padStart(4, '0')} in the value`,
        control,
        text,
      );
    }
    const lenientControl =
      profile === 'lenient' && spec.kind === 'text' ? firstControl(text, false) : -1;
    if (lenientControl >= 0) {
      warn(
        warnings,
        name,
        'ATTR_CONTROL',
        'control character in the value (refused by the strict profile)',
        lenientControl,
      );
    }
    const lone = findLoneSurrogate(text);
    if (lone >= 0)
      return badValue(name, 'ATTR_BAD_VALUE', 'lone surrogate in the value', lone, text);
  }
  return validateClean(name, text, profile, warnings);
}

/**
 * {@link validateKnown} for a value already known to be clean: not empty, and without a
 * control character, DEL, NUL or lone surrogate (the command parser's fast path, whose values
 * cannot hold one). Warnings are added to `warnings`, which the result carries. @internal
 */
export function validateClean(
  name: XclientAttributeName,
  clean: string,
  profile: Profile,
  warnings: Warning[],
): AttributeResult {
  let text = clean;
  const spec: AttributeSpec = ATTRIBUTES[name];
  // Special values: "[UNAVAILABLE]" and "[TEMPUNAVAIL]", any case (README Note 2).
  const marker = specialValueOf(text);
  if (marker !== undefined) {
    const { kind: special, text: upper } = marker;
    const allowed = spec.specials.includes(special);
    const lenientOnly = profile === 'lenient' && spec.lenientSpecials.includes(special);
    if (allowed || lenientOnly) {
      if (profile === 'lenient' && text !== upper) {
        warn(warnings, name, 'ATTR_SPECIAL_CASE', `${upper} written in lower or mixed case`, 0);
      }
      if (lenientOnly && !allowed) {
        warn(
          warnings,
          name,
          'ATTR_SPECIAL_UNDOCUMENTED',
          `${upper} is not a documented ${name} value`,
          0,
        );
      }
      return { ok: true, value: marker, text, warnings };
    }
    const literal = special === 'tempunavail' && spec.literalTempunavail;
    if (literal && profile === 'lenient') {
      warn(
        warnings,
        name,
        'ATTR_LITERAL_SPECIAL',
        `${upper} has no meaning for ${name}: taken as text`,
        0,
      );
    } else if (!(literal && profile === 'postfix')) {
      return badValue(
        name,
        'ATTR_SPECIAL_NOT_ALLOWED',
        `${upper} is not a valid ${name} value`,
        0,
        text,
      );
    }
  }

  const tooLong = spec.maxLength > 0 && utf8Length(text) > spec.maxLength;
  if (tooLong && profile === 'lenient' && spec.kind === 'text') {
    warn(
      warnings,
      name,
      'ATTR_LONG_VALUE',
      `${name} longer than ${spec.maxLength} octets`,
      indexOfOctet(text, spec.maxLength),
    );
  } else if (tooLong && profile !== 'postfix') {
    return badValue(
      name,
      'ATTR_TOO_LONG',
      `longer than ${spec.maxLength} octets`,
      indexOfOctet(text, spec.maxLength),
      text,
    );
  }

  // Postfix neuters HELO and addresses before it checks and stores them (smtpd.c).
  if (profile === 'postfix' && spec.neutered) text = neuter(text);
  const r = KIND_VALIDATORS[spec.kind](text, profile, spec, warnings, name);
  if (!r.ok) return badValue(name, r.code ?? 'ATTR_BAD_VALUE', r.reason, r.position, text);
  return {
    ok: true,
    value: r.value as XclientValues[XclientAttributeName],
    text,
    warnings,
  };
}

/** Adds a warning about attribute `name` to `warnings`. */
function warn(
  warnings: Warning[],
  name: XclientAttributeName,
  code: Warning['code'],
  message: string,
  position: number,
): void {
  warnings.push({ code, message, position, attribute: name });
}

/** The error for a bad value: `501 5.5.4 Bad NAME syntax: <value, masked>`. */
function badValue(
  name: XclientAttributeName,
  code: XclientErrorCode,
  reason: string,
  position: number,
  value: string,
): AttributeResult {
  return failure({
    code,
    message: `${name}: ${reason}`,
    reply: syntaxReply(`Bad ${name} syntax: ${maskForReply(value)}`),
    position,
    attribute: name,
  });
}
