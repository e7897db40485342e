/**
 * XFORWARD as a dialect: everything that makes XFORWARD XFORWARD, in one definition. The verb,
 * the seven attributes Postfix 3.7 accepts with their value kinds (a split may put them
 * anywhere: nothing is reset between two XFORWARD commands), and what the server keeps of
 * them. The grammar engine (src/grammar/) and the session (src/server/) read it.
 *
 * ```
 * xforward-command = XFORWARD 1*( SP attribute-name"="attribute-value )
 * attribute-name   = ( NAME | ADDR | PORT | PROTO | HELO | IDENT | SOURCE )
 * attribute-value  = xtext                    ; RFC 3461 §4
 * ```
 *
 * What differs from XCLIENT is data here and in the two value kinds it brought
 * (src/values/kinds.ts: a `word`, a `source`): `[UNAVAILABLE]` is the only special value;
 * NAME is neutered before it is checked; PROTO is any word of at most 64 octets; SOURCE is
 * LOCAL or REMOTE. The order of checks is XCLIENT's (smtpd.c `xforward_cmd()`).
 *
 * @see Postfix XFORWARD_README; docs/spec/postfix.md §15; docs/xforward.md
 * @packageDocumentation
 */

import { type SpecialOf, UNAVAILABLE } from '../values/special.js';
import type { AttributeSpec, KindValues } from './dialect.js';
import { defineDialect } from './dialect.js';

/** The rules that differ between the rows. */
type RowRules = Pick<AttributeSpec, 'literalTempunavail' | 'neutered' | 'maxLength' | 'flag'>;

/**
 * A row of the table: every XFORWARD attribute takes `[UNAVAILABLE]` and may go in any
 * command of a split. Generic, so that the table keeps each row's kind as a literal type.
 */
const row = <const K extends AttributeSpec['kind'], const R extends RowRules>(
  kind: K,
  rank: number,
  since: string,
  description: string,
  rules: R,
) =>
  ({
    description,
    kind,
    specials: ['unavailable'],
    lenientSpecials: [],
    since,
    place: 'any',
    rank,
    ...rules,
  }) as const;

/** Postfix neuters these words (smtpd.c); `[TEMPUNAVAIL]` is ordinary text in them. */
const WORD = { literalTempunavail: true, neutered: true } as const;

/**
 * The seven attributes Postfix 3.7 accepts and announces, in the order Postfix announces them
 * (`XFORWARD NAME ADDR PROTO HELO SOURCE PORT IDENT`). `rank` is the order in which Postfix's
 * own before-queue proxy sends them (smtpd_proxy.c): NAME, ADDR, PORT, HELO, IDENT, PROTO,
 * SOURCE.
 *
 * @example
 * ```ts
 * XFORWARD_ATTRIBUTES.SOURCE.kind     //=> 'source'
 * XFORWARD_ATTRIBUTES.PROTO.maxLength //=> 64
 * ```
 * @see Postfix XFORWARD_README; docs/spec/postfix.md §15
 * @remarks Since 0.2.0
 */
export const XFORWARD_ATTRIBUTES = /* @__PURE__ */ (() =>
  ({
    NAME: row('hostname', 1, '2.1', 'the up-stream host name, not necessarily in the DNS', {
      literalTempunavail: false,
      neutered: true,
      flag: '--name',
      maxLength: 255,
    }),
    ADDR: row('address', 2, '2.1', 'the up-stream address: IPv4, or IPv6 after "IPV6:"', {
      literalTempunavail: false,
      neutered: true,
      flag: '--addr',
      maxLength: 0,
    }),
    PROTO: row('word', 6, '2.1', 'the protocol the mail came in with: SMTP, ESMTP or another', {
      ...WORD,
      flag: '--proto',
      maxLength: 64,
    }),
    HELO: row('word', 4, '2.1', 'the name the up-stream host introduced itself with', {
      ...WORD,
      flag: '--helo',
      maxLength: 255,
    }),
    SOURCE: row('source', 7, '2.2', 'LOCAL: the message came from the up-stream host itself', {
      literalTempunavail: false,
      neutered: false,
      flag: '--source',
      maxLength: 0,
    }),
    PORT: row('port', 3, '2.5', 'the up-stream client TCP port', {
      literalTempunavail: false,
      neutered: false,
      flag: '--port',
      maxLength: 0,
    }),
    IDENT: row('word', 5, '2.1', 'the message identifier on the up-stream host (its queue ID)', {
      ...WORD,
      flag: '--ident',
      maxLength: 0,
    }),
  }) as const satisfies Readonly<Record<string, AttributeSpec>>)();

/**
 * The name of an XFORWARD attribute, upper case.
 * @example
 * ```ts
 * const name: XforwardAttributeName = 'IDENT';
 * ```
 * @remarks Since 0.2.0
 */
export type XforwardAttributeName = keyof typeof XFORWARD_ATTRIBUTES;

/**
 * The attribute names in Postfix's announcement order.
 * @example
 * ```ts
 * XFORWARD_ATTRIBUTE_NAMES.join(' ') //=> 'NAME ADDR PROTO HELO SOURCE PORT IDENT'
 * ```
 * @remarks Since 0.2.0
 */
export const XFORWARD_ATTRIBUTE_NAMES = /* @__PURE__ */ Object.freeze(
  /* @__PURE__ */ Object.keys(XFORWARD_ATTRIBUTES) as XforwardAttributeName[],
);

/**
 * The typed value of each XFORWARD attribute: the kind's type, or {@link UNAVAILABLE}.
 * @example
 * ```ts
 * const source: XforwardValues['SOURCE'] = 'REMOTE';  // 'LOCAL' | 'REMOTE' | Unavailable
 * const port: XforwardValues['PORT'] = UNAVAILABLE;   // number | Unavailable
 * ```
 * @remarks Since 0.2.0
 */
export type XforwardValues = {
  readonly [K in XforwardAttributeName]:
    | KindValues[(typeof XFORWARD_ATTRIBUTES)[K]['kind']]
    | SpecialOf<(typeof XFORWARD_ATTRIBUTES)[K]['specials'][number]>;
};

/** The XFORWARD dialect, compiled for the grammar engine. @internal */
export const XFORWARD = /* @__PURE__ */ defineDialect<XforwardAttributeName>({
  verb: 'XFORWARD',
  attributes: XFORWARD_ATTRIBUTES,
  extensionNames: [],
  extensionOwner: 'nobody',
});

/**
 * What the server keeps of XFORWARD (smtpd.c `xforward_cmd()`, smtpd_xforward.c): the values
 * of the first XFORWARD of a transaction (`smtpd_xforward_preset()`); what `[UNAVAILABLE]`
 * is stored as where it is not "unknown"; the client attributes, any of which makes every
 * client attribute of the message come from XFORWARD (`HAVE_FORWARDED_CLIENT_ATTR`); and
 * those that make Postfix rebuild `name[addr]:port`. @internal
 */
export const XFORWARD_SESSION = {
  initial: {
    NAME: UNAVAILABLE,
    ADDR: UNAVAILABLE,
    PROTO: UNAVAILABLE,
    HELO: UNAVAILABLE,
    SOURCE: UNAVAILABLE,
    PORT: UNAVAILABLE,
    IDENT: UNAVAILABLE,
  },
  unavailableMeans: { SOURCE: 'LOCAL' },
  client: ['NAME', 'ADDR', 'PORT', 'PROTO', 'HELO'],
  origin: ['NAME', 'ADDR', 'PORT'],
} as const satisfies {
  readonly initial: XforwardValues;
  readonly unavailableMeans: Partial<XforwardValues>;
  readonly client: readonly XforwardAttributeName[];
  readonly origin: readonly XforwardAttributeName[];
};
