/**
 * The XFORWARD command line: parse what was received, format what to send. XFORWARD's face of
 * the grammar engine, as src/command.ts is XCLIENT's; src/dialects/xforward.ts says what
 * XFORWARD is.
 *
 * ```
 * xforward-command = XFORWARD 1*( SP attribute-name"="attribute-value )
 * attribute-name   = ( NAME | ADDR | PORT | PROTO | HELO | IDENT | SOURCE )
 * attribute-value  = xtext                    ; RFC 3461 §4
 * ```
 * (Postfix XFORWARD_README; names case-insensitive; a command line is at most 512 octets
 * with its CRLF.) Each profile reads it by its rules, as it reads XCLIENT.
 *
 * @see docs/xforward.md; docs/spec/postfix.md §15
 * @packageDocumentation
 */

import { type FormatOptions, type ParseOptions, parseCommand } from './command.js';
import { XFORWARD, type XforwardAttributeName, type XforwardValues } from './dialects/xforward.js';
import type { Warning, XclientError } from './errors.js';
import { planCommand } from './grammar/write.js';

/**
 * One attribute of a parsed XFORWARD command, in the order sent.
 * @example
 * ```ts
 * const r = parseXforward('XFORWARD IDENT=3CF6B2AAE8');
 * const a: XforwardAttribute | undefined = r.ok ? r.value.attributes[0] : undefined;
 * // { name: 'IDENT', rawName: 'IDENT', raw: '3CF6B2AAE8', decoded: '3CF6B2AAE8', value: '3CF6B2AAE8', position: 9 }
 * ```
 * @remarks Since 0.2.0
 */
export type XforwardAttribute = {
  readonly [K in XforwardAttributeName]: {
    /** The canonical upper-case name. */
    readonly name: K;
    /** The name as sent (any case). */
    readonly rawName: string;
    /** The value as sent, still xtext-encoded. */
    readonly raw: string;
    /** The value after xtext decoding, as the server sees it (masked and neutered in 'postfix'). */
    readonly decoded: string;
    /** The typed, normalized value. */
    readonly value: XforwardValues[K];
    /** Octet offset of the attribute name in the line. */
    readonly position: number;
  };
}[XforwardAttributeName];

/**
 * A parsed XFORWARD command: the attributes in the order sent, and each attribute's typed
 * value by name (the last one wins when an attribute is repeated, as in Postfix).
 * `extensions` is always empty: XFORWARD has no other implementations' names to read.
 *
 * @example
 * ```ts
 * const r = parseXforward('XFORWARD NAME=spike.porcupine.org ADDR=168.100.189.2 PROTO=ESMTP');
 * if (r.ok) {
 *   r.value.PROTO               //=> 'ESMTP'
 *   r.value.attributes[1].name  //=> 'ADDR'
 * }
 * ```
 * @remarks Since 0.2.0
 */
export type XforwardCommand = { readonly [K in XforwardAttributeName]?: XforwardValues[K] } & {
  /** Every attribute, in the order sent, duplicates included. */
  readonly attributes: readonly XforwardAttribute[];
  /** Always empty (the same shape as an XCLIENT command). */
  readonly extensions: readonly never[];
};

/**
 * The result of {@link parseXforward}. A failure also carries `partial`: the attributes
 * accepted before the failing one, which Postfix keeps (docs/spec/postfix.md §15).
 * @example
 * ```ts
 * const r: ParseXforwardResult = parseXforward('XFORWARD IDENT=a1 PORT=x', { profile: 'postfix' });
 * if (!r.ok) r.partial.map((a) => a.name) //=> ['IDENT']
 * ```
 * @remarks Since 0.2.0
 */
export type ParseXforwardResult =
  | {
      readonly ok: true;
      readonly value: XforwardCommand;
      readonly warnings: readonly Warning[];
    }
  | {
      readonly ok: false;
      readonly error: XclientError;
      readonly partial: readonly XforwardAttribute[];
      readonly warnings: readonly Warning[];
    };

/**
 * Parses an XFORWARD command line. Never throws, for any input.
 *
 * The same reader as {@link parseXclient}, with XFORWARD's attributes: a `Uint8Array` is the
 * line from the wire, a string is UTF-8 encoded first; a trailing CRLF or LF is allowed;
 * positions are octet offsets; every error carries the exact reply to send. In `'postfix'`
 * the reply is Postfix 3.7.11's, line for line (docs/spec/postfix.md §15): NAME and ADDR are
 * neutered before they are checked, PROTO is any text of at most 64 octets, SOURCE is LOCAL
 * or REMOTE, `[TEMPUNAVAIL]` is ordinary text. `'strict'` reads the values by
 * XFORWARD_README Note 1 (no space, non-ASCII or `<>()\";@` in PROTO, HELO and IDENT);
 * `'lenient'` warns about those instead.
 *
 * @param line - the command line.
 * @param options - the profile (default `'strict'`).
 * @returns the command, or an error with `code`, `message`, `position`, `attribute` and
 *   `reply`; either way, the warnings, and on failure the attributes accepted before it.
 * @example
 * ```ts
 * const r = parseXforward('XFORWARD NAME=spike.porcupine.org ADDR=168.100.189.2 PROTO=ESMTP');
 * r.ok && r.value.ADDR //=> '168.100.189.2'
 *
 * const bad = parseXforward('XFORWARD NAME=a<b.example', { profile: 'postfix' });
 * bad.ok || bad.error.reply //=> { code: 501, enhanced: '5.5.4', text: 'Bad NAME syntax: a?b.example' }
 *
 * const login = parseXforward('XFORWARD LOGIN=joe', { profile: 'postfix' });
 * login.ok || login.error.reply.text //=> 'Bad XFORWARD attribute name: LOGIN'
 * ```
 * @see docs/xforward.md; docs/spec/postfix.md §15; Postfix XFORWARD_README
 * @remarks Since 0.2.0
 */
export function parseXforward(
  line: string | Uint8Array,
  options?: ParseOptions,
): ParseXforwardResult {
  return parseCommand(XFORWARD, line, options) as ParseXforwardResult;
}

/**
 * What {@link formatXforward} sends: plain values, a number for PORT, and
 * {@link UNAVAILABLE}. ADDR is written as people write it (`2001:db8::1`): the `IPV6:` prefix
 * is added.
 * @example
 * ```ts
 * const up: XforwardAttributes = { NAME: 'mx.example', ADDR: '2001:db8::1', IDENT: '3CF6B2AAE8', SOURCE: 'REMOTE' };
 * ```
 * @remarks Since 0.2.0
 */
export type XforwardAttributes = {
  readonly [K in XforwardAttributeName]?: XforwardValues[K] | undefined;
};

/**
 * The plan {@link planXforward} makes: the lines to send, and what it left out.
 * @example
 * ```ts
 * const plan: XforwardPlan = planXforward({ IDENT: 'A1' });
 * plan.lines //=> ['XFORWARD IDENT=A1']
 * ```
 * @remarks Since 0.2.0
 */
export interface XforwardPlan {
  /** The command lines, without CRLF, in the order to send them. */
  readonly lines: readonly string[];
  /** Attributes left out because the server did not announce them (`unannounced: 'omit'`). */
  readonly omitted: readonly XforwardAttributeName[];
}

/**
 * Plans the XFORWARD commands for a set of attributes: validated with the strict rules,
 * xtext-encoded, packed in Postfix's own order (NAME, ADDR, PORT, HELO, IDENT, PROTO,
 * SOURCE) into as few lines under 512 octets as they fit, and filtered by what the server
 * announced. {@link formatXforward} returns its `lines`.
 *
 * @param attributes - the attributes to forward.
 * @param options - the announced names and what to do with the others.
 * @returns the lines to send and the attributes left out.
 * @throws {@link XclientError} as {@link formatXforward} does.
 * @example
 * ```ts
 * planXforward({ NAME: 'x.example', SOURCE: 'LOCAL' }, { announced: ['NAME', 'ADDR'], unannounced: 'omit' })
 * //=> { lines: ['XFORWARD NAME=x.example'], omitted: ['SOURCE'] }
 * ```
 * @remarks Since 0.2.0
 */
export function planXforward(
  attributes: XforwardAttributes,
  options?: FormatOptions,
): XforwardPlan {
  return planCommand(XFORWARD, attributes, options);
}

/**
 * Formats the XFORWARD command lines (without CRLF) that forward a set of attributes.
 *
 * Every value is validated with the strict rules (XFORWARD_README: PROTO, HELO and IDENT
 * without space, non-ASCII or `<>()\";@`, PROTO at most 64 octets, SOURCE LOCAL or REMOTE)
 * and xtext-encoded; no line holds CR, LF or NUL, each is at most 512 octets with its CRLF
 * and each encoded value at most 255 characters. When one command is not enough the
 * attributes are packed into several, in Postfix's own order: Postfix keeps every attribute
 * across XFORWARD commands until the end of the transaction, so any split works (measured,
 * docs/spec/postfix.md §15).
 *
 * @param attributes - the attributes to forward.
 * @param options - the names the server announced (see {@link FormatOptions}).
 * @returns the command lines, in the order to send them.
 * @throws {@link XclientError} `ATTR_BAD_VALUE` (and the other attribute codes) for an
 *   invalid value; `ATTR_VALUE_TOO_LONG` for a value over 255 characters once encoded;
 *   `FORMAT_NOT_ANNOUNCED` for an attribute the server did not announce;
 *   `FORMAT_INVALID_INPUT` for anything that is not an attribute set.
 * @example
 * ```ts
 * formatXforward({ NAME: 'spike.porcupine.org', ADDR: '168.100.189.2', PROTO: 'ESMTP' })
 * //=> ['XFORWARD NAME=spike.porcupine.org ADDR=168.100.189.2 PROTO=ESMTP']
 * formatXforward({ SOURCE: 'REMOTE', IDENT: '3CF6B2AAE8', ADDR: '2001:db8::1', PORT: 4321 })
 * //=> ['XFORWARD ADDR=IPV6:2001:db8::1 PORT=4321 IDENT=3CF6B2AAE8 SOURCE=REMOTE']
 * ```
 * @see docs/xforward.md; docs/spec/postfix.md §15; Postfix XFORWARD_README Note 2
 * @remarks Since 0.2.0
 */
export function formatXforward(attributes: XforwardAttributes, options?: FormatOptions): string[] {
  return [...planXforward(attributes, options).lines];
}
