/**
 * XCLIENT as a dialect: everything that makes XCLIENT XCLIENT, in one definition. The verb,
 * the nine attributes Postfix 3.7 accepts with their value kinds and their place in a split,
 * the extension names 'lenient' reads (Dovecot's), and what a successful XCLIENT does to a
 * session. The grammar engine (src/grammar/) and the session (src/server/) read it; adding an
 * attribute is one row here (and, for a new kind of value, a validator in src/values/kinds.ts).
 *
 * ```
 * xclient-command = XCLIENT 1*( SP attribute-name"="attribute-value )
 * attribute-name  = ( NAME | ADDR | PORT | PROTO | HELO | LOGIN | DESTADDR |
 *                     DESTPORT )              ; and REVERSE_NAME (Postfix 2.5+)
 * attribute-value = xtext                     ; RFC 3461 §4
 * ```
 *
 * @see Postfix XCLIENT_README; docs/spec/postfix.md §4, §5, §13
 * @packageDocumentation
 */

import { type SpecialOf, UNAVAILABLE } from '../values/special.js';
import type { AttributeSpec, KindValues } from './dialect.js';
import { defineDialect } from './dialect.js';

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
 * @see Postfix XCLIENT_README; docs/spec/postfix.md §4
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
    place: 'final',
    rank: 4,
    flag: '--name',
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
    place: 'final',
    rank: 6,
    flag: '--addr',
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
    place: 'final',
    rank: 2,
    flag: '--proto',
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
    place: 'final',
    rank: 1,
    flag: '--helo',
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
    place: 'final',
    rank: 5,
    flag: '--reverse-name',
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
    place: 'early',
    rank: 1,
    flag: '--port',
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
    place: 'final',
    rank: 3,
    flag: '--login',
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
    place: 'early',
    rank: 2,
    flag: '--destaddr',
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
    place: 'early',
    rank: 3,
    flag: '--destport',
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
 * The attribute names Dovecot sends beyond Postfix's nine; the 'lenient' profile returns
 * them as `extensions` instead of failing.
 * @example
 * ```ts
 * EXTENSION_NAMES.includes('SESSION') //=> true
 * ```
 * @remarks Since 0.1.0
 */
export const EXTENSION_NAMES: readonly string[] = /* @__PURE__ */ Object.freeze([
  'SESSION',
  'TTL',
  'TIMEOUT',
  'CLIENT-TRANSPORT',
  'DESTNAME',
  'FORWARD',
]);

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
  return typeof name === 'string' ? XCLIENT.nameOf(name) : undefined;
}

/** The XCLIENT dialect, compiled for the grammar engine. @internal */
export const XCLIENT = /* @__PURE__ */ defineDialect<XclientAttributeName>({
  verb: 'XCLIENT',
  attributes: ATTRIBUTES,
  extensionNames: EXTENSION_NAMES,
  extensionOwner: 'Dovecot',
});

/** The identity of a client, every attribute with a value (a marker when unknown). @internal */
export type XclientIdentityValues = { readonly [K in XclientAttributeName]: XclientValues[K] };

/**
 * What a successful XCLIENT does to a session (docs/spec/postfix.md §5): the identity of a
 * new connection; the attributes reset to these values unless the command carried them
 * (every success returns the session to the greeting); the attribute a real value of
 * another also sets (Postfix's NAME sets the reverse name); and the attributes that make up
 * the `name[addr]:port` Postfix logs, which only a successful command carrying one of them
 * rebuilds, from the values in effect then, those a failed command left included
 * (xclient_cmd()'s `update_namaddr`, docs/spec/postfix.md §8.1). @internal
 */
export const XCLIENT_SESSION = {
  initial: {
    NAME: UNAVAILABLE,
    ADDR: UNAVAILABLE,
    PROTO: 'SMTP',
    HELO: UNAVAILABLE,
    REVERSE_NAME: UNAVAILABLE,
    PORT: UNAVAILABLE,
    LOGIN: UNAVAILABLE,
    DESTADDR: UNAVAILABLE,
    DESTPORT: UNAVAILABLE,
  },
  resetUnlessCarried: { HELO: UNAVAILABLE, PROTO: 'SMTP', LOGIN: UNAVAILABLE },
  alsoSets: { NAME: 'REVERSE_NAME' },
  logged: ['NAME', 'ADDR', 'PORT'],
} as const satisfies {
  readonly initial: XclientIdentityValues;
  readonly resetUnlessCarried: Partial<XclientIdentityValues>;
  readonly alsoSets: Partial<Record<XclientAttributeName, XclientAttributeName>>;
  readonly logged: readonly [XclientAttributeName, XclientAttributeName, XclientAttributeName];
};

/** {@link XCLIENT_SESSION}'s `alsoSets`, read with any attribute name. @internal */
export const ALSO_SETS: Readonly<Partial<Record<XclientAttributeName, XclientAttributeName>>> =
  XCLIENT_SESSION.alsoSets;
