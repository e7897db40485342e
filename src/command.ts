/**
 * The XCLIENT command line: parse what was received, format what to send. XCLIENT's face of
 * the grammar engine: the engine (src/grammar/) reads and writes any dialect, and
 * src/dialects/xclient.ts says what XCLIENT is.
 *
 * ```
 * xclient-command = XCLIENT 1*( SP attribute-name"="attribute-value )
 * attribute-value = xtext                     ; RFC 3461 §4
 * ```
 * (Postfix XCLIENT_README; names case-insensitive; a command line is at most 512 octets
 * with its CRLF, RFC 5321 §4.5.3.1.4.) Each profile reads it by its rules
 * (src/grammar/profiles.ts, docs/profiles.md).
 *
 * @see docs/spec/postfix.md §1, §2, §11, §13; docs/spec/peers.md
 * @packageDocumentation
 */

import type { CompiledDialect } from './dialects/dialect.js';
import { XCLIENT, type XclientAttributeName, type XclientValues } from './dialects/xclient.js';
import { failure, isOutcome, type Warning, type XclientError } from './errors.js';
import { MAX_LINE_OCTETS as LINE_LIMIT } from './grammar/line.js';
import { readOrdinary } from './grammar/ordinary.js';
import {
  POSTFIX_LINE_LIMIT as POSTFIX_LIMIT,
  PROFILE_RULES,
  PROFILES,
  type Profile,
  type Rules,
  rulesOf,
} from './grammar/profiles.js';
import {
  notALine,
  type ReadResult,
  readCommand,
  readGeneral,
  MAX_VALUE_OCTETS as VALUE_LIMIT,
} from './grammar/read.js';
import { planCommand } from './grammar/write.js';
import { describe, ownProperty, readableOctets, UNREADABLE } from './input.js';
import { LIBRARY } from './replies.js';

/**
 * RFC 5321 §4.5.3.1.4: a command line is at most 512 octets, CRLF included.
 * @example
 * ```ts
 * const line = 'XCLIENT NAME=x.example';
 * line.length + 2 <= MAX_LINE_OCTETS //=> true (a command line with its CRLF)
 * ```
 * @remarks Since 0.1.0
 */
export const MAX_LINE_OCTETS = LINE_LIMIT;
/**
 * Postfix refuses a raw (still encoded) value longer than this (smtpd.c).
 * @example
 * ```ts
 * encodeXtext('bob smith').length <= MAX_VALUE_OCTETS //=> true (what Postfix accepts)
 * ```
 * @remarks Since 0.1.0
 */
export const MAX_VALUE_OCTETS = VALUE_LIMIT;
/**
 * Postfix's `line_length_limit`: longer lines are silently cut here.
 * @example
 * ```ts
 * POSTFIX_LINE_LIMIT //=> 2048
 * ```
 * @remarks Since 0.1.0
 */
export const POSTFIX_LINE_LIMIT = POSTFIX_LIMIT;
// ---------------------------------------------------------------------------------------
// Types

/**
 * One attribute of a parsed command, in the order sent.
 * @example
 * ```ts
 * const r = parseXclient('XCLIENT LOGIN=bob+20smith');
 * const a: XclientAttribute | undefined = r.ok ? r.value.attributes[0] : undefined;
 * // { name: 'LOGIN', rawName: 'LOGIN', raw: 'bob+20smith', decoded: 'bob smith', value: 'bob smith', position: 8 }
 * ```
 * @remarks Since 0.1.0
 */
export type XclientAttribute = {
  readonly [K in XclientAttributeName]: {
    /** The canonical upper-case name. */
    readonly name: K;
    /** The name as sent (any case). */
    readonly rawName: string;
    /** The value as sent, still xtext-encoded. */
    readonly raw: string;
    /** The value after xtext decoding, as the server sees it (masked in 'postfix'). */
    readonly decoded: string;
    /** The typed, normalized value. */
    readonly value: XclientValues[K];
    /** Octet offset of the attribute name in the line. */
    readonly position: number;
  };
}[XclientAttributeName];

/**
 * A non-Postfix attribute the 'lenient' profile recognized (Dovecot's SESSION, TTL, …).
 * @example
 * ```ts
 * const r = parseXclient('XCLIENT PORT=1 TTL=5', { profile: 'lenient' });
 * r.ok && r.value.extensions //=> [{ name: 'TTL', raw: '5', position: 15 }]
 * ```
 * @remarks Since 0.1.0
 */
export interface XclientExtension {
  /** The name, upper case. */
  readonly name: string;
  /** The value as sent. */
  readonly raw: string;
  /** Octet offset of the name in the line. */
  readonly position: number;
}

/**
 * A parsed XCLIENT command: the attributes in the order sent, and each attribute's typed
 * value by name (the last one wins when an attribute is repeated, as in Postfix).
 *
 * @example
 * ```ts
 * const r = parseXclient('XCLIENT NAME=spike.porcupine.org ADDR=168.100.189.2');
 * if (r.ok) {
 *   r.value.ADDR                 //=> '168.100.189.2'
 *   r.value.attributes[0].name   //=> 'NAME'
 * }
 * ```
 * @remarks Since 0.1.0
 */
export type XclientCommand = { readonly [K in XclientAttributeName]?: XclientValues[K] } & {
  /** Every attribute, in the order sent, duplicates included. */
  readonly attributes: readonly XclientAttribute[];
  /** Extension attributes ('lenient' only). */
  readonly extensions: readonly XclientExtension[];
};

/**
 * Options of {@link parseXclient}.
 * @example
 * ```ts
 * parseXclient('XCLIENT NAME=x.example', { profile: 'lenient' } satisfies ParseOptions)
 * ```
 * @remarks Since 0.1.0
 */
export interface ParseOptions {
  /**
   * `'strict'` (the README grammar), `'postfix'` (Postfix 3.7.11 exactly) or `'lenient'`
   * (what real clients send).
   * @defaultValue `'strict'`
   */
  readonly profile?: Profile;
}

/**
 * The result of {@link parseXclient}. A failure also carries `partial`: the attributes that
 * were accepted before the failing one (Postfix keeps them applied, docs/spec/postfix.md §6).
 * @example
 * ```ts
 * const r: ParseXclientResult = parseXclient('XCLIENT NAME=ok.example PORT=x', { profile: 'postfix' });
 * if (!r.ok) r.partial.map((a) => a.name) //=> ['NAME']
 * ```
 * @remarks Since 0.1.0
 */
export type ParseXclientResult =
  | {
      readonly ok: true;
      readonly value: XclientCommand;
      readonly warnings: readonly Warning[];
    }
  | {
      readonly ok: false;
      readonly error: XclientError;
      readonly partial: readonly XclientAttribute[];
      readonly warnings: readonly Warning[];
    };

/**
 * Parses an XCLIENT command line. Never throws, for any input.
 *
 * A `Uint8Array` is the raw line from the wire; a string is the same line as text (it is
 * UTF-8 encoded first). A trailing CRLF or LF is allowed. Positions in errors and warnings
 * are octet offsets into the (UTF-8) line. See {@link ParseOptions} for the profiles; every
 * error carries the exact reply to send.
 *
 * To replay a recorded byte string (such as the `line` fields of the conformance corpus,
 * which hold one character per octet), pass `Buffer.from(line, 'latin1')`.
 *
 * @param line - the command line.
 * @param options - the profile (default `'strict'`).
 * @returns the command, or an error with `code`, `message`, `position`, `attribute` and
 *   `reply`; either way, the warnings, and on failure the attributes accepted before it.
 * @example
 * ```ts
 * const r = parseXclient('XCLIENT NAME=spike.porcupine.org ADDR=168.100.189.2');
 * r.ok && r.value.NAME //=> 'spike.porcupine.org'
 *
 * const bad = parseXclient('XCLIENT NAME=bad..name', { profile: 'postfix' });
 * bad.ok || bad.error.reply //=> { code: 501, enhanced: '5.5.4', text: 'Bad NAME syntax: bad..name' }
 *
 * const nginx = parseXclient('XCLIENT ADDR=127.0.0.1 LOGIN=bob smith+tag=x@example.com NAME=[UNAVAILABLE]', { profile: 'lenient' });
 * nginx.ok && nginx.value.LOGIN //=> 'bob smith+tag=x@example.com'
 * ```
 * @see docs/spec/postfix.md §1–§2; Postfix XCLIENT_README
 * @remarks Since 0.1.0
 */
export function parseXclient(
  line: string | Uint8Array,
  options?: ParseOptions,
): ParseXclientResult {
  return parseCommand(XCLIENT, line, options) as ParseXclientResult;
}

/**
 * The rules of a parser's `options`: its own `profile` only ('strict' when absent), or the
 * `OPTION_INVALID` refusal of a profile that is not one or cannot be read. @internal
 */
export function optionRules(options: unknown): Rules | ReturnType<typeof failure> {
  const given = ownProperty(options, 'profile');
  const rules = given === UNREADABLE ? undefined : rulesOf(given);
  if (rules !== undefined) return rules;
  const shown = given === UNREADABLE ? 'an option that cannot be read' : describe(given);
  return failure({
    code: 'OPTION_INVALID',
    message: `profile must be one of ${PROFILES.join(', ')}, not ${shown}`,
    reply: LIBRARY.localDataError,
    position: 0,
  });
}

/** A dialect's line read under the profile of `options`, or the refusal of a bad profile. @internal */
export function parseCommand(
  dialect: CompiledDialect,
  line: string | Uint8Array,
  options: ParseOptions | undefined,
): ReadResult {
  const rules = optionRules(options);
  if (isOutcome(rules)) return { ok: false, error: rules.error, partial: [], warnings: [] };
  if (typeof line === 'string') return readCommand(dialect, line, rules);
  const octets = readableOctets(line);
  return octets === undefined ? notALine() : readCommand(dialect, octets, rules);
}

/**
 * parseXclient's fast path alone: the result for an ordinary line (the general reader's
 * result), or undefined for any other line. For the tests. @internal
 */
export function parseOrdinary(
  line: string | Uint8Array,
  profile: Profile,
): ParseXclientResult | undefined {
  return readOrdinary(XCLIENT, line, PROFILE_RULES[profile]) as ParseXclientResult | undefined;
}

/** parseXclient without its fast path: the general reader alone. For the tests. @internal */
export function parseGeneral(line: string | Uint8Array, profile: Profile): ParseXclientResult {
  return readGeneral(XCLIENT, line, PROFILE_RULES[profile]) as ParseXclientResult;
}

/**
 * What {@link formatXclient} sends: plain values, numbers for ports, and
 * {@link UNAVAILABLE} / {@link TEMPUNAVAIL} for the special values. ADDR and DESTADDR are
 * written as people write them (`192.0.2.1`, `2001:db8::1`): the `IPV6:` prefix is added.
 * An attribute whose value is `undefined` is left out, as one not given (so
 * `{ ADDR: socket.remoteAddress }` type-checks under `exactOptionalPropertyTypes`).
 * @example
 * ```ts
 * const who: XclientAttributes = { NAME: 'mail.example', ADDR: '2001:db8::1', PORT: 4321, LOGIN: UNAVAILABLE };
 * ```
 * @remarks Since 0.1.0
 */
export type XclientAttributes = {
  readonly [K in XclientAttributeName]?: XclientValues[K] | undefined;
};

/**
 * {@link XclientAttributes} that can be filled in step by step.
 * @example
 * ```ts
 * const who: MutableXclientAttributes = {};
 * who.ADDR = '192.0.2.1';
 * who.NAME = undefined; // left out, as if not given
 * formatXclient(who) //=> ['XCLIENT ADDR=192.0.2.1']
 * ```
 * @remarks Since 0.2.0
 */
export type MutableXclientAttributes = {
  -readonly [K in XclientAttributeName]?: XclientValues[K] | undefined;
};

/**
 * Options of {@link formatXclient}.
 * @example
 * ```ts
 * const options: FormatOptions = { announced: ['NAME', 'ADDR'], unannounced: 'omit' };
 * formatXclient({ NAME: 'x.example', PORT: 25 }, options) //=> ['XCLIENT NAME=x.example']
 * ```
 * @remarks Since 0.1.0
 */
export interface FormatOptions {
  /**
   * The attribute names the server announced in its EHLO keyword (see
   * {@link parseXclientKeyword}); when given, an attribute not in the list is refused
   * (`FORMAT_NOT_ANNOUNCED`) or, with `unannounced: 'omit'`, left out.
   */
  readonly announced?: readonly string[];
  /**
   * What to do with an attribute the server did not announce.
   * @defaultValue `'throw'`
   */
  readonly unannounced?: 'throw' | 'omit';
}

/**
 * The plan {@link planXclient} makes: the lines to send, and what it left out.
 * @example
 * ```ts
 * const plan: XclientPlan = planXclient({ NAME: 'x.example' });
 * plan.lines //=> ['XCLIENT NAME=x.example']
 * ```
 * @remarks Since 0.1.0
 */
export interface XclientPlan {
  /** The command lines, without CRLF, in the order to send them. */
  readonly lines: readonly string[];
  /** Attributes left out because the server did not announce them (`unannounced: 'omit'`). */
  readonly omitted: readonly XclientAttributeName[];
}

/**
 * Plans the XCLIENT commands for a set of attributes: validated with the strict rules,
 * xtext-encoded, split under 512 octets the one way real Postfix keeps every attribute, and
 * filtered by what the server announced. {@link formatXclient} returns its `lines`.
 *
 * @param attributes - the attributes to assert.
 * @param options - the announced names and what to do with the others.
 * @returns the lines to send and the attributes left out.
 * @throws {@link XclientError} as {@link formatXclient} does.
 * @example
 * ```ts
 * planXclient({ NAME: 'x.example', PORT: 4321 }, { announced: ['NAME'], unannounced: 'omit' })
 * //=> { lines: ['XCLIENT NAME=x.example'], omitted: ['PORT'] }
 * ```
 * @remarks Since 0.1.0
 */
export function planXclient(attributes: XclientAttributes, options?: FormatOptions): XclientPlan {
  return planCommand(XCLIENT, attributes, options);
}

/**
 * Formats the XCLIENT command lines (without CRLF) that assert a set of attributes.
 *
 * Every value is validated with the strict rules and xtext-encoded; nothing invalid is ever
 * emitted, and no line holds CR, LF or NUL. Each line is at most 512 octets with its CRLF and
 * each encoded value at most 255 characters. When one command is not enough, PORT, DESTADDR
 * and DESTPORT go in an earlier command and HELO, PROTO, LOGIN, NAME, REVERSE_NAME and ADDR
 * together in the last one, in that order: every successful XCLIENT makes Postfix forget
 * HELO, PROTO and LOGIN unless it carries them (docs/spec/postfix.md §13), so the README's advice to send
 * "HELO and PROTO first" loses them.
 *
 * @param attributes - the attributes to assert.
 * @param options - the names the server announced (see {@link FormatOptions}).
 * @returns the command lines, in the order to send them.
 * @throws {@link XclientError} `ATTR_BAD_VALUE` (and the other attribute codes) for an
 *   invalid value; `ATTR_VALUE_TOO_LONG` for a value over 255 characters once encoded;
 *   `FORMAT_FINAL_GROUP_TOO_LONG` (naming the attributes) when the last command cannot hold
 *   HELO, PROTO, LOGIN, NAME, REVERSE_NAME and ADDR; `FORMAT_NOT_ANNOUNCED` for an attribute
 *   the server did not announce; `FORMAT_INVALID_INPUT` for anything that is not an
 *   attribute set.
 * @example
 * ```ts
 * formatXclient({ NAME: 'spike.porcupine.org', ADDR: '168.100.189.2' })
 * //=> ['XCLIENT NAME=spike.porcupine.org ADDR=168.100.189.2']
 * formatXclient({ ADDR: '2001:db8::1', LOGIN: 'bob smith', PORT: 4321 })
 * //=> ['XCLIENT PORT=4321 LOGIN=bob+20smith ADDR=IPV6:2001:db8::1']
 * ```
 * @see docs/spec/postfix.md §13; Postfix XCLIENT_README Note 1
 * @remarks Since 0.1.0
 */
export function formatXclient(attributes: XclientAttributes, options?: FormatOptions): string[] {
  return [...planXclient(attributes, options).lines];
}
