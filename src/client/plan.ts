/**
 * The client side of XCLIENT, for proxies and test clients, without I/O: what to send, in
 * which order, what each reply means, and how to switch a cached connection to the next
 * client.
 *
 * - {@link planXclientSession}: from the identity to assert and the server's EHLO reply, the
 *   XCLIENT lines, the EHLO (or HELO) to send after the 220, and whether the server will
 *   accept them.
 * - {@link interpretXclientReply}: what to do after each reply.
 * - {@link planConnectionReuse}: on a cached connection, the lines that replace the previous
 *   client's attributes with the next client's (README: the attributes persist, so "the
 *   XCLIENT attributes need to be reset as appropriate before each MAIL FROM"), and whether
 *   the connection is still usable.
 *
 * A conversation: connect, read the 220, send EHLO, plan with its reply; send `lines[0]`,
 * and on each reply ask {@link interpretXclientReply}: `'continue'` means send the next line,
 * and after the last one `hello.line`; then MAIL FROM. Send each line alone and wait for its
 * reply: from Postfix 3.9 (`smtpd_forbid_unauth_pipelining = yes`), anything sent after an
 * XCLIENT before its 220 — the next XCLIENT of a split, or the EHLO — gets
 * `554 5.5.0 Error: SMTP protocol synchronization` and the connection is closed
 * (`findPipeliningHazards` checks a conversation). Before the next client: finish the
 * transaction (end of DATA or RSET), plan the reuse with the reply to that last EHLO, and do
 * the same again.
 *
 * @see docs/spec/postfix.md §5 (re-authorization), §7 (EHLO announcement), §13 (what survives a second
 *   XCLIENT, and EHLO after XCLIENT); Postfix XCLIENT_README
 * @packageDocumentation
 */

import { planXclient, type XclientAttributes } from '../command.js';
import {
  ALSO_SETS,
  ATTRIBUTE_NAMES,
  ATTRIBUTES,
  type XclientAttributeName,
} from '../dialects/xclient.js';
import { type Reply, XclientError } from '../errors.js';
import { describe, emitted, isArray, isString, ownElements, ownFields, record } from '../input.js';
import { parseXclientKeyword } from '../keyword.js';
import { asciiUpper } from '../octets.js';
import { commandSyntax } from '../replies.js';
import type { XclientReplyClass } from '../reply.js';
import { policyFrom } from '../server/policy.js';
import { neuter, postfixView } from '../values/printable.js';
import { isSpecialValue, specialValueOf, UNAVAILABLE } from '../values/special.js';
import { type EhloReplyInput, ehloLines, UNREADABLE_EHLO } from './ehlo.js';
import { optionError } from './options.js';

// ---------------------------------------------------------------------------------------
// Types

/**
 * A three-way answer: `'unknown'` when the library cannot tell (no policy given, or the
 * server's view of the client's address is not known).
 * @example
 * ```ts
 * const p: Prediction = 'unknown';
 * ```
 * @remarks Since 0.1.0
 */
export type Prediction = 'yes' | 'no' | 'unknown';

/**
 * The greeting to send after the XCLIENT 220, which the server records as the client's HELO
 * (docs/spec/postfix.md §13).
 * @example
 * ```ts
 * const h: HelloPlan = { verb: 'EHLO', name: 'client.example', line: 'EHLO client.example', source: 'HELO' };
 * ```
 * @remarks Since 0.1.0
 */
export interface HelloPlan {
  /** `EHLO`, or `HELO` when the identity asserts `PROTO: 'SMTP'` (to keep it on record). */
  readonly verb: 'EHLO' | 'HELO';
  /** The argument. */
  readonly name: string;
  /** The command line, without CRLF. */
  readonly line: string;
  /**
   * Where the name comes from: the asserted `HELO` as is; `HELO-masked` (each character
   * Postfix would show as `?` — SP, `<>()\";@`, controls and DEL — written as `?`, which is
   * what Postfix recorded from the XCLIENT HELO and keeps from the EHLO; UTF-8 stays, as
   * Postfix keeps it: `héllo wörld` is sent as `héllo?wörld`); the `fallbackEhlo` option; the
   * asserted `NAME`; an address literal of the asserted `ADDR`; or `default` (`localhost`).
   */
  readonly source: 'HELO' | 'HELO-masked' | 'fallbackEhlo' | 'NAME' | 'ADDR' | 'default';
}

/**
 * A callback predicting whether the server authorizes a client for XCLIENT, given what the
 * server will believe about it (as {@link XclientAttributes}: markers for unknown values).
 * @example
 * ```ts
 * const p: ClientAuthorizationCheck = (c) => typeof c.ADDR === 'string' && c.ADDR.startsWith('127.');
 * ```
 * @remarks Since 0.1.0
 */
export type ClientAuthorizationCheck = (client: XclientAttributes) => boolean;

/**
 * Options of {@link planXclientSession} and {@link planConnectionReuse}.
 * @example
 * ```ts
 * const o: XclientClientOptions = { authorizedHosts: ['127.0.0.0/8'], fallbackEhlo: 'proxy.example' };
 * ```
 * @remarks Since 0.1.0
 */
export interface XclientClientOptions {
  /**
   * An attribute the server did not announce: left out and listed in `omitted`, or an
   * `XclientError` (`FORMAT_NOT_ANNOUNCED`).
   * @defaultValue `'omit'`
   */
  readonly unannounced?: 'omit' | 'throw';
  /**
   * The EHLO name to use when the identity has no HELO (must be one printable ASCII word
   * without `<>()\";@`). Without it: the NAME, an address literal of ADDR, `localhost`.
   */
  readonly fallbackEhlo?: string;
  /**
   * `'auto'` sends HELO when the identity asserts `PROTO: 'SMTP'` (Postfix then keeps SMTP
   * on record; EHLO would make it ESMTP) and EHLO otherwise; or force one.
   * @defaultValue `'auto'`
   */
  readonly hello?: 'auto' | 'EHLO' | 'HELO';
  /**
   * The server's own `smtpd_authorized_xclient_hosts`, to predict whether it still accepts
   * XCLIENT after an ADDR or NAME change (docs/spec/postfix.md §5). Give this or `isAuthorized`.
   */
  readonly authorizedHosts?: readonly string[];
  /** A callback for the same prediction. */
  readonly isAuthorized?: ClientAuthorizationCheck;
  /**
   * How the server sees this connection before any XCLIENT (the proxy's own ADDR and NAME):
   * used for the prediction when the identities do not assert NAME or ADDR.
   */
  readonly peer?: XclientAttributes;
  /**
   * The attribute names the server announced, when no EHLO reply says (for
   * {@link planConnectionReuse} without `ehloReply`).
   * @defaultValue all nine
   */
  readonly announced?: readonly string[];
}

/**
 * Options of {@link planConnectionReuse}.
 * @example
 * ```ts
 * const lastEhloReply = ['250-mx.example', '250 XCLIENT NAME ADDR'];
 * const o: ConnectionReuseOptions = { ehloReply: lastEhloReply, authorizedHosts: ['127.0.0.0/8'] };
 * ```
 * @remarks Since 0.1.0
 */
export interface ConnectionReuseOptions extends XclientClientOptions {
  /**
   * The reply to the last EHLO on this connection (the one sent after the previous client's
   * XCLIENT). Postfix announces XCLIENT only to authorized clients, so this answers
   * `usable` for certain; without it, `usable` is predicted.
   */
  readonly ehloReply?: string | readonly string[] | Reply;
}

/**
 * What to send for one client. Send `lines` in order, each after the previous one got its
 * 220, then `hello.line`. Send nothing when `usable` is `'no'`.
 * @example
 * ```ts
 * const ehlo = ['250-mx.example', '250 XCLIENT NAME ADDR'];
 * const plan: XclientSessionPlan = planXclientSession({ ADDR: '192.0.2.1' }, ehlo);
 * plan.lines //=> ['XCLIENT ADDR=192.0.2.1']
 * ```
 * @remarks Since 0.1.0
 */
export interface XclientSessionPlan {
  /** The XCLIENT command lines, without CRLF, in the order to send them. */
  readonly lines: readonly string[];
  /** Attributes left out because the server does not announce them. */
  readonly omitted: readonly XclientAttributeName[];
  /** The attribute names the plan assumed the server accepts. */
  readonly announced: readonly XclientAttributeName[];
  /** The greeting to send after the last 220. */
  readonly hello: HelloPlan;
  /** Will the server accept XCLIENT now? */
  readonly usable: Prediction;
  /** Why. */
  readonly reason: string;
  /** After these lines succeed, will it accept XCLIENT again (for the next client)? */
  readonly usableAfter: Prediction;
  /** Why. */
  readonly reasonAfter: string;
}

/**
 * What to send before the next client's MAIL FROM on a cached connection.
 * @example
 * ```ts
 * const p: ConnectionReusePlan = planConnectionReuse({ ADDR: '127.0.0.5', LOGIN: 'a' }, { ADDR: '127.0.0.6' });
 * p.unavailable //=> ['NAME', 'HELO', 'REVERSE_NAME', 'PORT', 'LOGIN', 'DESTADDR', 'DESTPORT']
 * ```
 * @remarks Since 0.1.0
 */
export interface ConnectionReusePlan extends XclientSessionPlan {
  /** Attributes sent as `[UNAVAILABLE]` because the next client lacks them. */
  readonly unavailable: readonly XclientAttributeName[];
  /** Attributes the previous client asserted and the next one lacks. */
  readonly cleared: readonly XclientAttributeName[];
}

/**
 * What to do after a reply to XCLIENT.
 * @example
 * ```ts
 * const v: XclientReplyVerdict = interpretXclientReply({ code: 220, text: 'mx ESMTP' });
 * v.action //=> 'continue'
 * ```
 * @remarks Since 0.1.0
 */
export interface XclientReplyVerdict {
  /** The reply's class (see `classifyXclientReply`). */
  readonly class: XclientReplyClass;
  /**
   * `'continue'`: send the next XCLIENT line, or the hello after the last; `'rset-and-retry'`:
   * a transaction is open, send RSET and the same line again; `'stop'`: do not go on.
   */
  readonly action: 'continue' | 'rset-and-retry' | 'stop';
  /** Whether to QUIT and close the connection (or the server has closed it). */
  readonly closeConnection: boolean;
  /** Why, for logs. */
  readonly reason: string;
}

/**
 * Options of {@link interpretXclientReply}.
 * @example
 * ```ts
 * const o: InterpretOptions = { nonconforming: 'accept' };
 * ```
 * @remarks Since 0.1.0
 */
export interface InterpretOptions {
  /**
   * The 250 some servers send instead of 220 (go-guerrilla, Mailpit): trust it as success
   * (as nginx does) or stop (as swaks does).
   * @defaultValue `'reject'`
   */
  readonly nonconforming?: 'accept' | 'reject';
}

// ---------------------------------------------------------------------------------------
// Helpers

/** Characters Postfix records unchanged in a HELO/EHLO name: `!`..`~` but `<>()\";@`. */
function sendable(ch: string): boolean {
  const c = ch.charCodeAt(0);
  // (One code point: one of two UTF-16 units is a surrogate, above 0x7e.)
  return c > 0x20 && c < 0x7f && !'<>()\\";@'.includes(ch);
}

/** A printable ASCII word without `<>()\";@` (the `fallbackEhlo` option). */
function isSendableName(name: string): boolean {
  return name.length > 0 && name.length <= 255 && [...name].every(sendable);
}

/**
 * The HELO name Postfix records for `name`, from an XCLIENT HELO and from an EHLO alike:
 * printable() (a NUL ends it; controls and DEL as `?`; UTF-8 kept), then neuter()
 * (` <>()\";@` as `?`). Sent as the EHLO argument, it is kept as it is: it holds no
 * whitespace and nothing Postfix's tokenizer groups on (docs/spec/postfix.md §4.3).
 */
const recordedHelo = (name: string): string => neuter(postfixView(name));

function addressLiteral(addr: string): string {
  return addr.includes(':') ? `[IPv6:${addr}]` : `[${addr}]`;
}

function planHello(identity: XclientAttributes, options: XclientClientOptions): HelloPlan {
  const mode = options.hello ?? 'auto';
  if (mode !== 'auto' && mode !== 'EHLO' && mode !== 'HELO') {
    throw optionError(`hello must be 'auto', 'EHLO' or 'HELO', not ${describe(mode)}`);
  }
  const verb = mode === 'auto' ? (identity.PROTO === 'SMTP' ? 'HELO' : 'EHLO') : mode;
  const fallback = options.fallbackEhlo;
  if (fallback !== undefined && (typeof fallback !== 'string' || !isSendableName(fallback))) {
    throw optionError(
      `fallbackEhlo must be one printable ASCII word without <>()\\";@, not ${describe(fallback)}`,
    );
  }
  const { HELO, NAME, ADDR } = identity;
  let name: string;
  let source: HelloPlan['source'];
  const recorded = typeof HELO === 'string' ? recordedHelo(HELO) : '';
  if (recorded !== '') [name, source] = [recorded, recorded === HELO ? 'HELO' : 'HELO-masked'];
  else if (fallback !== undefined) [name, source] = [fallback, 'fallbackEhlo'];
  else if (typeof NAME === 'string') [name, source] = [NAME, 'NAME'];
  else if (typeof ADDR === 'string') {
    // A valid ADDR holds "IPv6:" only at its start (planXclient has checked it).
    // Stryker disable next-line Regex: the anchor is never needed, see above
    const bare = ADDR.replace(/^ipv6:/i, '');
    [name, source] = [addressLiteral(bare), 'ADDR'];
  } else [name, source] = ['localhost', 'default'];
  // Defence in depth: no source of the name can hold CR, LF or NUL (HELO is masked,
  // fallbackEhlo is checked, NAME and ADDR are checked by planXclient), so this never throws.
  // Stryker disable next-line StringLiteral: unreachable, see above
  const line = emitted(`${verb} ${name}`, 'hello.line', lineError);
  return Object.freeze({ verb, name, line, source });
}

/** The announced names from an EHLO reply; `undefined` with a reason when there are none. */
function announcement(
  ehloReply: EhloReplyInput,
):
  | { readonly ok: true; readonly names: readonly XclientAttributeName[] }
  | { readonly ok: false; readonly reason: string } {
  const read = ehloLines(ehloReply);
  if (!read.ok) return read;
  const r = parseXclientKeyword(read.lines);
  if (r.ok) return { ok: true, names: r.value.attributes };
  return {
    ok: false,
    reason:
      r.error.code === 'KEYWORD_NOT_ANNOUNCED'
        ? 'the EHLO reply does not announce XCLIENT: this client is not authorized (Postfix announces it only to authorized clients), or the server has no XCLIENT'
        : `${UNREADABLE_EHLO}: ${r.error.message}`,
  };
}

function announcedNames(names: readonly string[] | undefined): readonly XclientAttributeName[] {
  if (names === undefined) return ATTRIBUTE_NAMES;
  const list = ownElements(names, 'announced', optionError, isString, 'attribute name');
  const upper = new Set(list.map(asciiUpper));
  return ATTRIBUTE_NAMES.filter((n) => upper.has(n));
}

/** A line the planner would emit with CR, LF or NUL in it (whatever its source). */
// Stryker disable all: unreachable, see planHello
const lineError = (message: string): XclientError =>
  new XclientError({ code: 'FORMAT_INVALID_INPUT', message, reply: commandSyntax('XCLIENT') });
// Stryker restore all

/** Options read by their own properties only (a polluted prototype adds none). */
const optionsOf = <T extends object>(given: T): { readonly [K in keyof T]?: T[K] } =>
  ownFields(given, 'options', optionError) ?? {};

/** The prediction's policy: the same module the server session uses (src/server/policy.ts). */
const policyOf = (options: XclientClientOptions): ClientAuthorizationCheck | undefined =>
  policyFrom<XclientAttributes>(options.isAuthorized, options.authorizedHosts, optionError);

/** What the server will believe after these attributes, on top of the peer's. */
function overlay(...layers: readonly (XclientAttributes | undefined)[]): XclientAttributes {
  const out = record();
  for (const layer of layers) {
    const own = ownFields(layer, 'peer', optionError) ?? {};
    for (const k of Object.keys(own)) {
      const v = (own as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = v;
    }
  }
  return out as XclientAttributes;
}

/** Predicts the server's authorization verdict for a client state (docs/spec/postfix.md §5). */
function predict(
  policy: ClientAuthorizationCheck | undefined,
  client: XclientAttributes,
): { readonly prediction: Prediction; readonly reason: string } {
  if (policy === undefined) {
    return {
      prediction: 'unknown',
      reason: 'no authorizedHosts or isAuthorized option to predict the server’s verdict',
    };
  }
  if (client.ADDR === undefined) {
    return {
      prediction: 'unknown',
      reason: 'the server’s view of ADDR is not known: assert ADDR or give the peer option',
    };
  }
  const addr = isSpecialValue(client.ADDR) ? 'unknown' : client.ADDR;
  let verdict: boolean;
  try {
    verdict = policy(client) === true;
  } catch (e) {
    return { prediction: 'unknown', reason: `isAuthorized threw: ${String(e)}` };
  }
  return verdict
    ? { prediction: 'yes', reason: `ADDR ${addr} is authorized` }
    : {
        prediction: 'no',
        reason: `ADDR ${addr} (NAME ${client.NAME === undefined || isSpecialValue(client.NAME) ? 'unknown' : client.NAME}) is not authorized: the server will answer 550 and stop announcing XCLIENT`,
      };
}

function checkIdentity(label: string, identity: unknown): XclientAttributes {
  const refuse = (message: string): XclientError =>
    new XclientError({ code: 'FORMAT_INVALID_INPUT', message, reply: commandSyntax('XCLIENT') });
  if (typeof identity !== 'object' || identity === null || isArray(identity)) {
    throw refuse(`${label} must be an object of XCLIENT attributes, not ${describe(identity)}`);
  }
  // Own properties only, into a prototype-free record: an inherited NAME is no attribute.
  // "[UNAVAILABLE]" and "[TEMPUNAVAIL]" written as strings (any case) mean what the markers
  // mean: no `EHLO [[UNAVAILABLE]]`, no host name or address literal made of them.
  const own = ownFields(identity, label, refuse) as Record<string, unknown>;
  const out = record();
  for (const key of Object.keys(own)) out[key] = asMarker(own[key]);
  return out as XclientAttributes;
}

/** A special value written as a string, as its marker; any other value as it is. */
function asMarker(value: unknown): unknown {
  return (typeof value === 'string' && specialValueOf(value)) || value;
}

function buildPlan(
  identity: XclientAttributes,
  announced: readonly XclientAttributeName[],
  usable: { readonly prediction: Prediction; readonly reason: string },
  options: XclientClientOptions,
): XclientSessionPlan {
  const policy = policyOf(options);
  // planXclient refuses an unknown `unannounced` (OPTION_INVALID, the same reply).
  const mode = options.unannounced ?? 'omit';
  const { lines, omitted } = planXclient(identity, { announced, unannounced: mode });
  const hello = planHello(identity, options);
  const sent = Object.fromEntries(
    Object.entries(identity).filter(([k]) => !omitted.includes(k as XclientAttributeName)),
  );
  const after = predict(policy, overlay(options.peer, sent));
  return {
    lines: Object.freeze([...lines]),
    omitted: Object.freeze([...omitted]),
    announced: Object.freeze([...announced]),
    hello,
    usable: usable.prediction,
    reason: usable.reason,
    usableAfter: after.prediction,
    reasonAfter: after.reason,
  };
}

// ---------------------------------------------------------------------------------------
// planXclientSession

/**
 * Plans XCLIENT for one client on a fresh connection, from the identity to assert and the
 * server's EHLO reply.
 *
 * - `lines`: `planXclient` with the names the server announced (unannounced ones are
 *   omitted, or throw with `unannounced: 'throw'`): PORT, DESTADDR and DESTPORT may travel
 *   in an earlier command, HELO, PROTO, LOGIN, NAME, REVERSE_NAME and ADDR always in the
 *   last one, because each successful XCLIENT resets HELO, PROTO and LOGIN on Postfix.
 *   Send each line alone and read its 220 before the next (Postfix 3.9 refuses pipelining here).
 * - `hello`: what to send after the last 220, and only then. Postfix takes the HELO name from that EHLO and
 *   sets PROTO to ESMTP (docs/spec/postfix.md §13), so the asserted HELO is sent again; when it cannot be
 *   sent as is, its masked form (what Postfix recorded anyway), else the `fallbackEhlo`
 *   option, the NAME, an address literal of ADDR, or `localhost`. With `PROTO: 'SMTP'` the
 *   verb is HELO, so that Postfix keeps SMTP on record.
 * - `usable`: `'yes'` when the EHLO reply announces XCLIENT, else `'no'` with the reason.
 * - `usableAfter`: whether the server will still accept XCLIENT once this identity is in
 *   place (needs `authorizedHosts` or `isAuthorized`), which decides whether the connection
 *   can be cached for another client.
 *
 * @param identity - the attributes to assert (as for `formatXclient`).
 * @param ehloReply - the server's reply to EHLO: the text, its lines, or a parsed `Reply`.
 * @param options - see {@link XclientClientOptions}.
 * @returns the plan.
 * @throws {@link smtp-xclient!XclientError} as `formatXclient` does for an invalid identity (including
 *   `FORMAT_FINAL_GROUP_TOO_LONG` when HELO, PROTO, LOGIN, NAME, REVERSE_NAME and ADDR do not
 *   fit in one command); `OPTION_INVALID` for bad options.
 * @example
 * ```ts
 * const ehlo = '250-mx.example\r\n250-XCLIENT NAME ADDR PROTO HELO LOGIN\r\n250 8BITMIME';
 * const plan = planXclientSession(
 *   { NAME: 'c.example', ADDR: '192.0.2.1', PORT: 4321, HELO: 'c.example', PROTO: 'ESMTP' },
 *   ehlo,
 *   { authorizedHosts: ['127.0.0.0/8'] },
 * );
 * plan.lines      //=> ['XCLIENT HELO=c.example PROTO=ESMTP NAME=c.example ADDR=192.0.2.1']
 * plan.omitted    //=> ['PORT']
 * plan.hello.line //=> 'EHLO c.example'
 * plan.usable     //=> 'yes'
 * plan.usableAfter //=> 'no' (192.0.2.1 is outside 127.0.0.0/8)
 * ```
 * @see docs/spec/postfix.md §5, §7, §13
 * @remarks Since 0.1.0
 */
export function planXclientSession(
  identity: XclientAttributes,
  ehloReply: string | readonly string[] | Reply,
  options: XclientClientOptions = {},
): XclientSessionPlan {
  const own = optionsOf(options);
  const id = checkIdentity('identity', identity);
  const a = announcement(ehloReply);
  const announced = a.ok ? a.names : announcedNames(own.announced);
  const usable = a.ok
    ? { prediction: 'yes' as const, reason: 'the EHLO reply announces XCLIENT' }
    : { prediction: 'no' as const, reason: a.reason };
  return Object.freeze(buildPlan(id, announced, usable, own));
}

// ---------------------------------------------------------------------------------------
// planConnectionReuse

/**
 * Plans the switch of a cached connection from the previous client to the next one: the
 * XCLIENT lines to send before the next MAIL FROM (after the previous transaction ended),
 * asserting every announced attribute again — the next client's value, or `[UNAVAILABLE]`
 * where it has none, so that nothing of the previous client survives — and whether the
 * connection is still usable.
 *
 * Two exceptions to "[UNAVAILABLE] for what is missing": PROTO has no `[UNAVAILABLE]`
 * (Postfix resets it to SMTP, and the hello sets it); REVERSE_NAME is left out when the next
 * client has a real NAME and the server announces NAME, because NAME sets the reverse name
 * too on Postfix (NAME not announced, REVERSE_NAME is sent as `[UNAVAILABLE]`).
 *
 * `usable`: with `ehloReply` (the reply to the EHLO after the previous client's XCLIENT),
 * `'yes'` when it announces XCLIENT and `'no'` when it does not — Postfix re-evaluates
 * authorization after every successful XCLIENT, so a previous ADDR outside the authorized
 * networks (or `[UNAVAILABLE]`) ends it (docs/spec/postfix.md §5). Without it, predicted from the previous
 * identity with `authorizedHosts` or `isAuthorized`, else `'unknown'`. When `'no'`, open a
 * new connection instead.
 *
 * @param previous - what was asserted for the previous client on this connection.
 * @param next - what to assert for the next client.
 * @param options - see {@link ConnectionReuseOptions}.
 * @returns the plan, with the attributes sent as `[UNAVAILABLE]` and those cleared.
 * @throws {@link smtp-xclient!XclientError} as {@link planXclientSession} does.
 * @example
 * ```ts
 * const p = planConnectionReuse(
 *   { NAME: 'a.example', ADDR: '127.0.0.5', LOGIN: 'alice', PROTO: 'ESMTP', HELO: 'a.example' },
 *   { NAME: 'b.example', ADDR: '127.0.0.6', PROTO: 'ESMTP', HELO: 'b.example' },
 *   { authorizedHosts: ['127.0.0.0/8'] },
 * );
 * p.lines
 * //=> ['XCLIENT PORT=[UNAVAILABLE] DESTADDR=[UNAVAILABLE] DESTPORT=[UNAVAILABLE] HELO=b.example PROTO=ESMTP LOGIN=[UNAVAILABLE] NAME=b.example ADDR=127.0.0.6']
 * p.cleared //=> ['LOGIN']
 * p.usable  //=> 'yes' (127.0.0.5 is inside 127.0.0.0/8)
 * ```
 * @see docs/spec/postfix.md §5, §13; Postfix XCLIENT_README ("XCLIENT attributes persist")
 * @remarks Since 0.1.0
 */
export function planConnectionReuse(
  previous: XclientAttributes,
  next: XclientAttributes,
  options: ConnectionReuseOptions = {},
): ConnectionReusePlan {
  const own = optionsOf(options);
  const prev = checkIdentity('previous', previous);
  const id = checkIdentity('next', next);
  const a = own.ehloReply === undefined ? undefined : announcement(own.ehloReply);
  const announced = a?.ok === true ? a.names : announcedNames(own.announced);
  let usable: { readonly prediction: Prediction; readonly reason: string };
  if (a === undefined) {
    const p = predict(policyOf(own), overlay(own.peer, prev));
    usable = { prediction: p.prediction, reason: `predicted: ${p.reason}` };
  } else {
    usable = a.ok
      ? { prediction: 'yes', reason: 'the last EHLO reply still announces XCLIENT' }
      : { prediction: 'no', reason: a.reason };
  }
  const full: Record<string, unknown> = Object.assign(record(), id);
  const unavailable: XclientAttributeName[] = [];
  // A real value of some attributes sets another too (NAME sets the reverse name), but only
  // when it is sent: NAME not announced, the previous client's REVERSE_NAME is reset like
  // any other attribute.
  // (An attribute that sets nothing else adds undefined, which no name below is.)
  const setBySent = new Set<XclientAttributeName | undefined>();
  for (const by of announced) {
    if (typeof id[by] === 'string') setBySent.add(ALSO_SETS[by]);
  }
  for (const name of announced) {
    if (id[name] !== undefined) continue;
    if (!(ATTRIBUTES[name].specials as readonly string[]).includes('unavailable')) continue;
    if (setBySent.has(name)) continue;
    full[name] = UNAVAILABLE;
    unavailable.push(name);
  }
  const cleared = ATTRIBUTE_NAMES.filter((n) => prev[n] !== undefined && id[n] === undefined);
  const plan = buildPlan(full as XclientAttributes, announced, usable, own);
  return Object.freeze({
    ...plan,
    unavailable: Object.freeze(unavailable),
    cleared: Object.freeze(cleared),
  });
}
