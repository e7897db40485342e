/**
 * The server side of XCLIENT as a sans-I/O state machine, after go-sasl: an immutable
 * {@link XclientSession} goes in with an event, a reply and a new session come out.
 * Nothing here touches a socket, and no function mutates its input.
 *
 * - {@link createXclientSession}: the session of a new connection (the real client's
 *   identity, the greeting, TLS, the authorization policy).
 * - {@link applyXclient}: one XCLIENT command line, checked in Postfix's order and, on
 *   success, the reset to the greeting stage (docs/spec/postfix.md §2, §5, §6).
 * - {@link applyCommand}: the other commands the XCLIENT logic depends on (HELO/EHLO,
 *   MAIL, RCPT, DATA and its end, RSET, STARTTLS, AUTH, QUIT).
 * - {@link xclientKeyword}: the EHLO keyword line, for authorized clients only.
 *
 * How Postfix stores what it does not know: the literal string `unknown` for a name,
 * address or port (`CLIENT_NAME_UNKNOWN`, … in smtpd.h), no HELO name at all, no SASL login.
 * This module uses the {@link smtp-xclient!UNAVAILABLE} marker for all of these (and {@link smtp-xclient!TEMPUNAVAIL}
 * for a name whose lookup failed temporarily), so that the string `'unknown'` stays an
 * ordinary value; {@link formatClientLabel} renders them as Postfix logs them.
 *
 * @see docs/spec/postfix.md §2 (order of checks), §5 (what a success resets), §6 (partial application),
 *   §7 (EHLO announcement), §13 (EHLO after XCLIENT); Postfix XCLIENT_README
 * @packageDocumentation
 */

import { validateAttribute } from '../attributes.js';
import { parseXclient, type XclientAttribute, type XclientAttributes } from '../command.js';
import {
  ATTRIBUTE_NAMES,
  ATTRIBUTES,
  attributeName,
  XCLIENT_SESSION,
  type XclientAttributeName,
  type XclientValues,
} from '../dialects/xclient.js';
import { type Reply, type Warning, XclientError, type XclientErrorCode } from '../errors.js';
import { PROFILES, type Profile, rulesOf } from '../grammar/profiles.js';
import { formatXclientKeyword } from '../keyword.js';
import { LIBRARY, LINE, SESSION } from '../replies.js';
import { neuter } from '../values/printable.js';
import {
  isSpecialValue,
  type TempUnavail,
  UNAVAILABLE,
  type Unavailable,
} from '../values/special.js';
import { createHostMatcher } from './host-matcher.js';

// ---------------------------------------------------------------------------------------
// Types

/**
 * Who the server believes the client is: one value per XCLIENT attribute, keyed by the
 * attribute name, with the types of {@link XclientValues}. Unknown values are
 * {@link smtp-xclient!UNAVAILABLE} (Postfix's `unknown`, "no HELO", "no login"); a name whose lookup
 * failed temporarily is {@link smtp-xclient!TEMPUNAVAIL}. Addresses are bare (`2001:db8::1`, no `IPv6:`).
 *
 * @example
 * ```ts
 * const s = createXclientSession({ client: { ADDR: '192.0.2.1', PORT: 4321 } });
 * s.client.ADDR  //=> '192.0.2.1'
 * s.client.NAME  //=> UNAVAILABLE
 * s.client.PROTO //=> 'SMTP'
 * ```
 * @remarks Since 0.1.0
 */
export type XclientIdentity = { readonly [K in XclientAttributeName]: XclientValues[K] };

/**
 * Which greeting command the client has sent since the last 220: none yet, HELO or EHLO.
 * @example
 * ```ts
 * const h: HelloState = 'EHLO';
 * ```
 * @remarks Since 0.1.0
 */
export type HelloState = 'none' | 'HELO' | 'EHLO';

/**
 * Where the mail transaction stands: `'idle'` (none), `'mail'` (after an accepted MAIL),
 * `'rcpt'` (at least one accepted RCPT), `'data'` (after the 354, until the end of data).
 * @example
 * ```ts
 * const t: TransactionState = 'rcpt';
 * ```
 * @remarks Since 0.1.0
 */
export type TransactionState = 'idle' | 'mail' | 'rcpt' | 'data';

/**
 * The authorization verdict for XCLIENT: `'granted'`, `'denied'`, or `'failed'` when the
 * policy threw (Postfix's table lookup error: the next XCLIENT or EHLO ends the session with
 * `421 4.3.0`).
 * @example
 * ```ts
 * const a: AuthorizationState = 'granted';
 * ```
 * @remarks Since 0.1.0
 */
export type AuthorizationState = 'granted' | 'denied' | 'failed';

/**
 * Decides whether a client may send XCLIENT, from its identity (Postfix looks at NAME and
 * ADDR only). Throwing means "the policy could not be evaluated".
 * @example
 * ```ts
 * const policy: XclientPolicy = (id) => id.ADDR === '127.0.0.1';
 * ```
 * @remarks Since 0.1.0
 */
export type XclientPolicy = (identity: XclientIdentity) => boolean;

/**
 * Who may send XCLIENT: a callback, or a list evaluated like Postfix's
 * `smtpd_authorized_xclient_hosts` (see `createHostMatcher`). Give at most one. With neither,
 * nobody is authorized (Postfix's default is an empty list).
 * @example
 * ```ts
 * const a: XclientAuthorization = { authorizedHosts: ['127.0.0.0/8', '[::1]/128'] };
 * ```
 * @remarks Since 0.1.0
 */
export interface XclientAuthorization {
  /** The callback; it receives the identity to judge. */
  readonly isAuthorized?: XclientPolicy;
  /** Networks (CIDR, IPv4 and IPv6), addresses and host names, as `smtpd_authorized_xclient_hosts`. */
  readonly authorizedHosts?: readonly string[];
}

/**
 * What {@link createXclientSession} needs to know about a new connection.
 * @example
 * ```ts
 * const init: XclientSessionInit = {
 *   client: { ADDR: '127.0.0.1', NAME: 'localhost', PORT: 40000 },
 *   banner: 'mx.example ESMTP',
 *   authorizedHosts: ['127.0.0.0/8'],
 * };
 * ```
 * @remarks Since 0.1.0
 */
export interface XclientSessionInit extends XclientAuthorization {
  /**
   * The real client as the connection shows it (ADDR, NAME, PORT, DESTADDR, DESTPORT; any
   * attribute may be given). Missing attributes are {@link smtp-xclient!UNAVAILABLE}, PROTO is `'SMTP'`,
   * and REVERSE_NAME defaults to NAME. IPv6 addresses may be bare or `IPV6:`-prefixed.
   */
  readonly client?: XclientAttributes;
  /**
   * The server's host name, used in HELO/EHLO replies.
   * @defaultValue the first word of `banner`, else `'localhost'`
   */
  readonly hostname?: string;
  /**
   * The greeting text, sent with 220 at connect and after every successful XCLIENT.
   * @defaultValue `` `${hostname} ESMTP` ``
   */
  readonly banner?: string;
  /**
   * Whether the connection is already encrypted (SMTPS). XCLIENT never changes it.
   * @defaultValue false
   */
  readonly tls?: boolean;
  /**
   * Whether STARTTLS is offered (announced in EHLO while TLS is off).
   * @defaultValue false
   */
  readonly tlsAvailable?: boolean;
  /**
   * Other EHLO keyword lines (`'PIPELINING'`, `'SIZE 10240000'`, …), announced as given.
   * @defaultValue []
   */
  readonly extensions?: readonly string[];
  /**
   * The attribute names announced in the XCLIENT keyword.
   * @defaultValue all nine, in Postfix's order
   */
  readonly announce?: readonly XclientAttributeName[];
}

/**
 * An SMTP session as far as XCLIENT cares. Immutable (frozen); every `apply…` function
 * returns a new one.
 * @example
 * ```ts
 * const s = createXclientSession({ client: { ADDR: '127.0.0.1' }, authorizedHosts: ['127.0.0.0/8'] });
 * s.authorization //=> 'granted'
 * s.transaction   //=> 'idle'
 * ```
 * @remarks Since 0.1.0
 */
export interface XclientSession {
  /** Who the server believes the client is, XCLIENT included. */
  readonly client: XclientIdentity;
  /** The server's host name. */
  readonly hostname: string;
  /** The greeting text (the 220 reply after a successful XCLIENT). */
  readonly banner: string;
  /** Whether the connection is encrypted. */
  readonly tls: boolean;
  /** Whether STARTTLS is offered. */
  readonly tlsAvailable: boolean;
  /** EHLO keyword lines besides STARTTLS and XCLIENT. */
  readonly extensions: readonly string[];
  /** The attribute names the XCLIENT keyword announces. */
  readonly announce: readonly XclientAttributeName[];
  /** HELO or EHLO since the last 220. */
  readonly hello: HelloState;
  /** The mail transaction. */
  readonly transaction: TransactionState;
  /** May this client send XCLIENT? Evaluated at creation and after each successful XCLIENT. */
  readonly authorization: AuthorizationState;
  /**
   * The identity {@link XclientSession.authorization} was evaluated for: the client at
   * creation or after the last successful XCLIENT. HELO/EHLO, AUTH, STARTTLS and a failed
   * XCLIENT that applied some attributes ('postfix' profile) do not re-evaluate it, as in
   * Postfix (docs/spec/postfix.md §6).
   */
  readonly authorizationIdentity: XclientIdentity;
  /** The policy in force (compiled from `authorizedHosts` when that was given). */
  readonly isAuthorized: XclientPolicy | undefined;
  /** Whether the server has ended the session (after 221 or 421). */
  readonly closed: boolean;
}

/**
 * A reply and the session after it.
 * @example
 * ```ts
 * const { reply, session } = applyCommand(s, { verb: 'RSET' });
 * ```
 * @remarks Since 0.1.0
 */
export interface SessionStep {
  /** The reply to send. */
  readonly reply: Reply;
  /** The new session (the input one when nothing changed). */
  readonly session: XclientSession;
}

/**
 * What {@link applyXclient} did: `'applied'` (220, attributes applied, session reset),
 * `'partial'` (an error reply, but the attributes before the failing one were applied:
 * the 'postfix' profile), `'refused'` (an error reply, nothing changed but possibly
 * `closed`).
 * @example
 * ```ts
 * const o: XclientOutcome = 'partial';
 * ```
 * @remarks Since 0.1.0
 */
export type XclientOutcome = 'applied' | 'partial' | 'refused';

/**
 * The result of {@link applyXclient}.
 * @example
 * ```ts
 * const step: XclientStep = applyXclient(s, 'XCLIENT ADDR=192.0.2.1');
 * step.outcome //=> 'applied'
 * ```
 * @remarks Since 0.1.0
 */
export interface XclientStep extends SessionStep {
  /** What happened. */
  readonly outcome: XclientOutcome;
  /** The parse error behind an error reply, when there is one. */
  readonly error?: XclientError;
  /** Warnings from parsing the line. */
  readonly warnings: readonly Warning[];
}

/**
 * Options of {@link applyXclient}.
 * @example
 * ```ts
 * const options: ApplyXclientOptions = { profile: 'postfix', authorizedHosts: ['127.0.0.0/8'] };
 * ```
 * @remarks Since 0.1.0
 */
export interface ApplyXclientOptions extends XclientAuthorization {
  /**
   * How the line is read and what a failure leaves behind: `'postfix'` keeps the attributes
   * before the failing one (as Postfix does, docs/spec/postfix.md §6); `'strict'` and `'lenient'` apply
   * nothing.
   * @defaultValue `'strict'`
   */
  readonly profile?: Profile;
}

/**
 * An SMTP command other than XCLIENT, as {@link applyCommand} takes it: the verb and what the
 * server decided. MAIL, RCPT and the end of DATA carry the server's own reply when it refuses
 * (or answers differently); the session only judges the sequence (503s).
 * `AUTH` is a SASL exchange the server has completed successfully, with the login.
 * @example
 * ```ts
 * const cmds: SmtpCommand[] = [
 *   { verb: 'EHLO', name: 'client.example' },
 *   { verb: 'MAIL' },
 *   { verb: 'RCPT', reply: { code: 554, enhanced: '5.7.1', text: 'Relay access denied' } },
 * ];
 * ```
 * @remarks Since 0.1.0
 */
export type SmtpCommand =
  | { readonly verb: 'HELO'; readonly name: string }
  | { readonly verb: 'EHLO'; readonly name: string }
  | { readonly verb: 'MAIL'; readonly reply?: Reply }
  | { readonly verb: 'RCPT'; readonly reply?: Reply }
  | { readonly verb: 'DATA' }
  | { readonly verb: 'END_OF_DATA'; readonly reply?: Reply }
  | { readonly verb: 'RSET' }
  | { readonly verb: 'STARTTLS' }
  | { readonly verb: 'AUTH'; readonly login: string }
  | { readonly verb: 'QUIT' };

/** The replies of the session (one home for every text: src/replies.ts). */
const SMTP_REPLIES = SESSION;

const closedReply = (s: XclientSession): Reply => Object.freeze(SESSION.closed(s.hostname));

// ---------------------------------------------------------------------------------------
// Tables

/** A successful XCLIENT resets these unless it carries them, to these values (docs/spec/postfix.md §5). */
const RESET_UNLESS_CARRIED: Readonly<Partial<XclientIdentity>> = XCLIENT_SESSION.resetUnlessCarried;

/** A real value (not a marker) of these also sets another attribute (Postfix's NAME). */
const ALSO_SETS: Readonly<Partial<Record<XclientAttributeName, XclientAttributeName>>> =
  XCLIENT_SESSION.alsoSets;

/** Line-level parse errors: reported before any state is looked at (docs/spec/postfix.md §1). */
const isLineLevel = (code: XclientErrorCode): boolean =>
  code.startsWith('LINE_') && code !== 'LINE_NO_ATTRIBUTES';

/** Replies after which the server hangs up. */
const CLOSING_CODES: ReadonlySet<number> = new Set([221, 421]);

/** The three greeting commands' effect: which hello state and PROTO they set. */
const HELLO: Readonly<
  Record<'HELO' | 'EHLO', { readonly proto: 'SMTP' | 'ESMTP'; readonly syntax: Reply }>
> = /* @__PURE__ */ (() =>
  ({
    HELO: { proto: 'SMTP', syntax: SMTP_REPLIES.heloSyntax },
    EHLO: { proto: 'ESMTP', syntax: SMTP_REPLIES.ehloSyntax },
  }) as const)();

/** Which transaction states a command may start in, and where an accepted one leads. */
const TRANSACTION: Readonly<
  Record<
    'MAIL' | 'RCPT' | 'DATA' | 'END_OF_DATA',
    {
      readonly from: readonly TransactionState[];
      readonly to: TransactionState;
      readonly accepted: Reply;
      /** The refusal when the command comes out of sequence, by state. */
      readonly refused: Readonly<Partial<Record<TransactionState, Reply>>>;
      /** Where the transaction goes when the server refuses the command itself. */
      readonly onRefusal: 'stay' | 'idle';
    }
  >
> = /* @__PURE__ */ (() =>
  ({
    MAIL: {
      from: ['idle'],
      to: 'mail',
      accepted: SMTP_REPLIES.mailOk,
      refused: { mail: SMTP_REPLIES.nestedMail, rcpt: SMTP_REPLIES.nestedMail },
      onRefusal: 'stay',
    },
    RCPT: {
      from: ['mail', 'rcpt'],
      to: 'rcpt',
      accepted: SMTP_REPLIES.rcptOk,
      refused: { idle: SMTP_REPLIES.needMail },
      onRefusal: 'stay',
    },
    DATA: {
      from: ['rcpt'],
      to: 'data',
      accepted: SMTP_REPLIES.dataGo,
      refused: { idle: SMTP_REPLIES.needRcpt, mail: SMTP_REPLIES.noRecipients },
      onRefusal: 'stay',
    },
    END_OF_DATA: {
      from: ['data'],
      to: 'idle',
      accepted: SMTP_REPLIES.queued,
      refused: { idle: SMTP_REPLIES.noData, mail: SMTP_REPLIES.noData, rcpt: SMTP_REPLIES.noData },
      onRefusal: 'idle',
    },
  }) as const)();

// ---------------------------------------------------------------------------------------
// Helpers

type MutableIdentity = { -readonly [K in XclientAttributeName]: XclientValues[K] };

function invalid(code: XclientErrorCode, message: string): XclientError {
  return new XclientError({
    code,
    message,
    reply: LIBRARY.localDataError,
  });
}

/** The session with some fields changed, frozen. */
function next(session: XclientSession, changes: Partial<XclientSession>): XclientSession {
  return Object.freeze({ ...session, ...changes });
}

function step(reply: Reply, session: XclientSession): SessionStep {
  return Object.freeze({ reply, session });
}

/** The policy an {@link XclientAuthorization} describes, or undefined when it has none. */
const matcherCache = new WeakMap<readonly string[], XclientPolicy>();
function policyOf(auth: XclientAuthorization, code: XclientErrorCode): XclientPolicy | undefined {
  const { isAuthorized, authorizedHosts } = auth;
  if (isAuthorized !== undefined && authorizedHosts !== undefined) {
    throw invalid(code, 'give isAuthorized or authorizedHosts, not both');
  }
  if (isAuthorized !== undefined) {
    if (typeof isAuthorized !== 'function') throw invalid(code, 'isAuthorized must be a function');
    return isAuthorized;
  }
  if (authorizedHosts === undefined) return undefined;
  if (!Array.isArray(authorizedHosts)) {
    throw invalid(code, 'authorizedHosts must be an array of strings');
  }
  const cached = matcherCache.get(authorizedHosts);
  if (cached !== undefined) return cached;
  const matcher = createHostMatcher(authorizedHosts);
  const policy: XclientPolicy = (id) =>
    matcher({
      addr: typeof id.ADDR === 'string' ? id.ADDR : 'unknown',
      name: typeof id.NAME === 'string' ? id.NAME : 'unknown',
    });
  matcherCache.set(authorizedHosts, policy);
  return policy;
}

/** Runs a policy: no policy denies, a throwing one fails (Postfix's table error). */
function evaluate(
  policy: XclientPolicy | undefined,
  identity: XclientIdentity,
): AuthorizationState {
  if (policy === undefined) return 'denied';
  try {
    return policy(identity) === true ? 'granted' : 'denied';
  } catch {
    return 'failed';
  }
}

/**
 * The text a value would have been sent as, for validating init values: what
 * `formatXclient` takes (a number only for a port).
 */
function asText(name: XclientAttributeName, value: unknown): string | undefined {
  if (isSpecialValue(value)) return value.text;
  if (typeof value === 'number') {
    return Number.isInteger(value) && ATTRIBUTES[name].kind === 'port' ? String(value) : undefined;
  }
  // A bare IPv6 address needs no "IPV6:" here: the 'lenient' validation reads it.
  return typeof value === 'string' ? value : undefined;
}

function initialIdentity(client: XclientAttributes | undefined): XclientIdentity {
  const id: MutableIdentity = { ...XCLIENT_SESSION.initial };
  if (client === undefined) return Object.freeze(id);
  if (typeof client !== 'object' || client === null) {
    throw invalid('SESSION_INVALID_INIT', 'client must be an object of XCLIENT attributes');
  }
  for (const key of Object.keys(client)) {
    const name = attributeName(key);
    const value: unknown = (client as Record<string, unknown>)[key];
    if (name !== key || name === undefined) {
      throw invalid('SESSION_INVALID_INIT', `unknown attribute "${key}" (names are upper case)`);
    }
    if (value === undefined) continue;
    const text = asText(name, value);
    const r =
      text === undefined ? undefined : validateAttribute(name, text, { profile: 'lenient' });
    if (r === undefined || !r.ok) {
      throw invalid(
        'SESSION_INVALID_INIT',
        `client.${name}: ${String(value)} is not a valid value`,
      );
    }
    (id as Record<XclientAttributeName, unknown>)[name] = r.value;
  }
  if (client.REVERSE_NAME === undefined) id.REVERSE_NAME = id.NAME;
  return Object.freeze(id);
}

/** EHLO/HELO keyword and banner texts: one line each, no CR, LF or NUL. */
function checkLine(label: string, text: unknown): string {
  if (typeof text !== 'string' || /[\r\n\0]/.test(text)) {
    throw invalid('SESSION_INVALID_INIT', `${label} must be a string without CR, LF or NUL`);
  }
  return text;
}

// ---------------------------------------------------------------------------------------
// createXclientSession

/**
 * Creates the session of a new connection, at the greeting stage: no HELO/EHLO yet, no
 * transaction, authorization evaluated for the real client.
 *
 * @param init - the real client, the server's names, TLS, the EHLO keywords and the
 *   authorization policy (see {@link XclientSessionInit}).
 * @returns a frozen session.
 * @throws {@link smtp-xclient!XclientError} `SESSION_INVALID_INIT` for an invalid client attribute, a
 *   banner, host name or extension with CR/LF, or both `isAuthorized` and `authorizedHosts`;
 *   `OPTION_INVALID` for an authorized-hosts pattern `createHostMatcher` refuses.
 * @example
 * ```ts
 * const s = createXclientSession({
 *   client: { ADDR: '127.0.0.1', NAME: 'localhost', PORT: 40000 },
 *   banner: 'mx.example ESMTP',
 *   authorizedHosts: ['127.0.0.0/8', '[::1]/128'],
 * });
 * s.hostname           //=> 'mx.example'
 * s.authorization      //=> 'granted'
 * xclientKeyword(s)    //=> 'XCLIENT NAME ADDR PROTO HELO REVERSE_NAME PORT LOGIN DESTADDR DESTPORT'
 * ```
 * @see docs/spec/postfix.md §2, §7
 * @remarks Since 0.1.0
 */
export function createXclientSession(init: XclientSessionInit = {}): XclientSession {
  if (typeof init !== 'object' || init === null) {
    throw invalid('SESSION_INVALID_INIT', 'createXclientSession expects an object');
  }
  const client = initialIdentity(init.client);
  const policy = policyOf(init, 'SESSION_INVALID_INIT');
  const banner0 = init.banner === undefined ? undefined : checkLine('banner', init.banner);
  const hostname =
    init.hostname === undefined
      ? (banner0?.split(' ')[0] ?? '') || 'localhost'
      : checkLine('hostname', init.hostname);
  if (hostname === '' || /[\0-\x20\x7f]/.test(hostname)) {
    throw invalid('SESSION_INVALID_INIT', 'hostname must be one non-empty word');
  }
  const extensions = Object.freeze(
    (init.extensions ?? []).map((e, i) => checkLine(`extensions[${i}]`, e)),
  );
  const announce = Object.freeze([...(init.announce ?? ATTRIBUTE_NAMES)]);
  for (const name of announce) {
    if (!ATTRIBUTE_NAMES.includes(name)) {
      throw invalid('SESSION_INVALID_INIT', `announce: unknown attribute "${String(name)}"`);
    }
  }
  return Object.freeze({
    client,
    hostname,
    banner: banner0 ?? `${hostname} ESMTP`,
    tls: init.tls === true,
    tlsAvailable: init.tlsAvailable === true,
    extensions,
    announce,
    hello: 'none',
    transaction: 'idle',
    authorization: evaluate(policy, client),
    authorizationIdentity: client,
    isAuthorized: policy,
    closed: false,
  });
}

// ---------------------------------------------------------------------------------------
// applyXclient

/** The identity with the attributes applied left to right (last one wins). */
function applyAttributes(
  identity: XclientIdentity,
  attributes: readonly XclientAttribute[],
): XclientIdentity {
  const id = { ...identity } as Record<XclientAttributeName, unknown>;
  for (const { name, value } of attributes) {
    id[name] = value;
    const also = ALSO_SETS[name];
    if (also !== undefined && !isSpecialValue(value)) id[also] = value;
  }
  return Object.freeze(id) as XclientIdentity;
}

/** The identity after a successful XCLIENT: applied, then reset where not carried. */
function resetIdentity(
  identity: XclientIdentity,
  attributes: readonly XclientAttribute[],
): XclientIdentity {
  const carried = new Set(attributes.map((a) => a.name));
  const id = { ...applyAttributes(identity, attributes) } as Record<XclientAttributeName, unknown>;
  for (const [name, value] of Object.entries(RESET_UNLESS_CARRIED)) {
    if (!carried.has(name as XclientAttributeName)) id[name as XclientAttributeName] = value;
  }
  return Object.freeze(id) as XclientIdentity;
}

function xclientStep(
  outcome: XclientOutcome,
  reply: Reply,
  session: XclientSession,
  warnings: readonly Warning[],
  error?: XclientError,
): XclientStep {
  const closed = CLOSING_CODES.has(reply.code) && outcome === 'refused';
  const s = closed && !session.closed ? next(session, { closed: true }) : session;
  return Object.freeze(
    error === undefined
      ? { outcome, reply, session: s, warnings }
      : { outcome, reply, session: s, warnings, error },
  );
}

/**
 * Applies one XCLIENT command line to a session, in Postfix's order of checks, and returns
 * the reply with the new session. Never mutates `session`; never throws for any line.
 *
 * Order (docs/spec/postfix.md §2): line-level errors from `parseXclient` (500 bad UTF-8, 500 not
 * recognized, 221 for a header-like `XCLIENT:` — the session is then closed —, 500 bad
 * syntax); `503 5.5.1` during a mail transaction; `501 5.5.4` without attributes; `421 4.3.0`
 * (session closed) when the policy threw; `550 5.7.0` when not authorized, before any
 * attribute is looked at; then the attribute errors (`501 5.5.4 …`).
 *
 * On success the reply is `220` with the banner and the session is back at the greeting
 * stage (docs/spec/postfix.md §5): HELO/EHLO state and transaction cleared; HELO, PROTO and LOGIN reset
 * (to none, `'SMTP'`, none) unless this command carried them; TLS kept; the identity updated
 * with the normalized values (a real NAME also sets REVERSE_NAME); and authorization
 * re-evaluated for the new identity, so a later XCLIENT can get 550 and EHLO stops
 * announcing XCLIENT.
 *
 * On an attribute error, the `'postfix'` profile keeps the attributes accepted before the
 * failing one, as Postfix does, without any reset and without re-evaluating authorization
 * (docs/spec/postfix.md §6; outcome `'partial'`). `'strict'` and `'lenient'` apply nothing.
 *
 * @param session - the session before the command.
 * @param line - the command line (string, or the octets from the wire), CRLF optional.
 * @param options - the profile, and optionally the authorization policy, which then
 *   replaces the session's from this command on.
 * @returns the reply, the new session, the outcome, the warnings and any parse error.
 * @throws {@link smtp-xclient!XclientError} `OPTION_INVALID` for an unknown profile, both `isAuthorized`
 *   and `authorizedHosts`, or a bad host pattern (programmer errors, never the line).
 * @example
 * ```ts
 * const s0 = createXclientSession({ client: { ADDR: '127.0.0.1' }, banner: 'mx.example ESMTP', authorizedHosts: ['127.0.0.0/8'] });
 * const a = applyXclient(s0, 'XCLIENT NAME=spike.porcupine.org ADDR=192.0.2.1');
 * a.reply                  //=> { code: 220, text: 'mx.example ESMTP' }
 * a.session.client.ADDR    //=> '192.0.2.1'
 * a.session.authorization  //=> 'denied' (192.0.2.1 is outside 127.0.0.0/8)
 * applyXclient(a.session, 'XCLIENT PORT=25').reply
 * //=> { code: 550, enhanced: '5.7.0', text: 'Error: insufficient authorization' }
 * applyXclient(s0, 'XCLIENT NAME=x.example FOO=bar', { profile: 'postfix' }).session.client.NAME
 * //=> 'x.example' (kept, as Postfix does)
 * ```
 * @see docs/spec/postfix.md §2, §5, §6
 * @remarks Since 0.1.0
 */
export function applyXclient(
  session: XclientSession,
  line: string | Uint8Array,
  options: ApplyXclientOptions = {},
): XclientStep {
  const profile: Profile = options.profile ?? 'strict';
  const rules = rulesOf(profile);
  if (rules === undefined) {
    throw invalid('OPTION_INVALID', `profile must be one of ${PROFILES.join(', ')}`);
  }
  const policy = policyOf(options, 'OPTION_INVALID');
  let s = session;
  if (policy !== undefined && policy !== s.isAuthorized) {
    s = next(s, {
      isAuthorized: policy,
      authorization: evaluate(policy, s.authorizationIdentity),
    });
  }
  if (s.closed) return xclientStep('refused', closedReply(s), s, []);

  const parsed = parseXclient(line, { profile });
  const { warnings } = parsed;
  if (!parsed.ok && isLineLevel(parsed.error.code)) {
    return xclientStep('refused', parsed.error.reply, s, warnings, parsed.error);
  }
  const error = parsed.ok ? undefined : parsed.error;
  if (s.transaction !== 'idle') {
    return xclientStep('refused', SESSION.transactionInProgress, s, warnings, error);
  }
  if (error?.code === 'LINE_NO_ATTRIBUTES') {
    return xclientStep('refused', error.reply, s, warnings, error);
  }
  if (s.authorization === 'failed') {
    return xclientStep('refused', SESSION.localDataError(s.hostname), s, warnings, error);
  }
  if (s.authorization === 'denied') {
    return xclientStep('refused', SESSION.unauthorized, s, warnings, error);
  }
  if (!parsed.ok) {
    if (!rules.partial || parsed.partial.length === 0) {
      return xclientStep('refused', parsed.error.reply, s, warnings, parsed.error);
    }
    const partial = next(s, { client: applyAttributes(s.client, parsed.partial) });
    return xclientStep('partial', parsed.error.reply, partial, warnings, parsed.error);
  }
  const client = resetIdentity(s.client, parsed.value.attributes);
  const after = next(s, {
    client,
    hello: 'none',
    transaction: 'idle',
    authorization: evaluate(s.isAuthorized, client),
    authorizationIdentity: client,
  });
  return xclientStep('applied', SESSION.greeting(s.banner), after, warnings);
}

// ---------------------------------------------------------------------------------------
// applyCommand

/** Postfix's treatment of a HELO/EHLO argument: whitespace runs collapsed, then neutered. */
function heloName(name: string): string {
  return neuter(
    name
      .trim()
      .split(/[\t\n\v\f\r ]+/)
      .join(' '),
  );
}

/** The EHLO reply: host name, the extensions, STARTTLS when offered, XCLIENT when authorized. */
function ehloReply(s: XclientSession): Reply {
  const keyword = xclientKeyword(s);
  const lines = [
    s.hostname,
    ...s.extensions,
    ...(s.tlsAvailable && !s.tls ? ['STARTTLS'] : []),
    ...(keyword === undefined ? [] : [keyword]),
  ];
  return Object.freeze(SESSION.hello(s.hostname, Object.freeze(lines)));
}

type Handler<C extends SmtpCommand> = (s: XclientSession, command: C) => SessionStep;
type Handlers = { readonly [V in SmtpCommand['verb']]: Handler<Extract<SmtpCommand, { verb: V }>> };

function hello(
  s: XclientSession,
  command: { readonly verb: 'HELO' | 'EHLO'; readonly name: string },
): SessionStep {
  const rule = HELLO[command.verb];
  const name = typeof command.name === 'string' ? heloName(command.name) : '';
  if (name === '') return step(rule.syntax, s);
  if (command.verb === 'EHLO' && s.authorization === 'failed') {
    return step(SESSION.localDataError(s.hostname), next(s, { closed: true }));
  }
  const after = next(s, {
    client: Object.freeze({ ...s.client, HELO: name, PROTO: rule.proto }),
    hello: command.verb,
    transaction: 'idle',
  });
  const reply =
    command.verb === 'EHLO' ? ehloReply(after) : Object.freeze(SESSION.hello(s.hostname));
  return step(reply, after);
}

function transaction(
  s: XclientSession,
  command: { readonly verb: 'MAIL' | 'RCPT' | 'DATA' | 'END_OF_DATA'; readonly reply?: Reply },
): SessionStep {
  const rule = TRANSACTION[command.verb];
  if (!rule.from.includes(s.transaction)) return step(rule.refused[s.transaction] as Reply, s);
  const reply = command.reply ?? rule.accepted;
  const accepted = reply.code >= 200 && reply.code < 400;
  const to = accepted ? rule.to : rule.onRefusal === 'idle' ? 'idle' : s.transaction;
  return step(reply, to === s.transaction ? s : next(s, { transaction: to }));
}

const HANDLERS: Handlers = {
  HELO: hello,
  EHLO: hello,
  MAIL: transaction,
  RCPT: transaction,
  DATA: transaction,
  END_OF_DATA: transaction,
  RSET: (s) =>
    step(SMTP_REPLIES.rsetOk, s.transaction === 'idle' ? s : next(s, { transaction: 'idle' })),
  STARTTLS(s) {
    if (!s.tlsAvailable) return step(SMTP_REPLIES.noTls, s);
    if (s.tls) return step(SMTP_REPLIES.tlsActive, s);
    if (s.transaction !== 'idle') return step(SESSION.transactionInProgress, s);
    // RFC 3207 §4.2: forget what the client said before TLS (Postfix: HELO and SASL state).
    return step(
      SMTP_REPLIES.tlsGo,
      next(s, {
        tls: true,
        hello: 'none',
        client: Object.freeze({ ...s.client, HELO: UNAVAILABLE, LOGIN: UNAVAILABLE }),
      }),
    );
  },
  // Postfix's auth_cmd order: a HELO name (XCLIENT HELO counts), not yet authenticated
  // (XCLIENT LOGIN counts), no transaction.
  AUTH(s, command) {
    if (s.client.HELO === UNAVAILABLE) return step(SMTP_REPLIES.needHelo, s);
    if (s.client.LOGIN !== UNAVAILABLE) return step(SMTP_REPLIES.alreadyAuth, s);
    if (s.transaction !== 'idle') return step(SESSION.transactionInProgress, s);
    const login = typeof command.login === 'string' ? command.login : '';
    if (login === '' || /[\r\n\0]/.test(login)) return step(SMTP_REPLIES.badLogin, s);
    return step(
      SMTP_REPLIES.authOk,
      next(s, { client: Object.freeze({ ...s.client, LOGIN: login }) }),
    );
  },
  QUIT: (s) => step(SMTP_REPLIES.bye, next(s, { closed: true })),
};

/**
 * Applies an SMTP command other than XCLIENT: the events the XCLIENT logic depends on. The
 * session judges the sequence; the server's own policy (a refused sender or recipient, a
 * rejected message) comes in as the command's `reply`. Never mutates `session`, never
 * throws.
 *
 * | verb | effect | replies |
 * | --- | --- | --- |
 * | `HELO`, `EHLO` | HELO name set (whitespace collapsed, `` <>()\";@`` shown as `?`, as Postfix), PROTO `SMTP`/`ESMTP`, transaction cleared. After XCLIENT this replaces the XCLIENT HELO (docs/spec/postfix.md §13); LOGIN is kept | `250 hostname`; EHLO lists the extensions, STARTTLS when offered, and {@link xclientKeyword} when authorized; `501 Syntax: EHLO hostname` without a name |
 * | `MAIL` | transaction `'mail'` when accepted | `250 2.1.0 Ok`, `503 5.5.1 Error: nested MAIL command` |
 * | `RCPT` | transaction `'rcpt'` when accepted | `250 2.1.5 Ok`, `503 5.5.1 Error: need MAIL command` |
 * | `DATA` | transaction `'data'` | `354 End data with <CR><LF>.<CR><LF>`, `503 5.5.1 Error: need RCPT command`, `554 5.5.1 Error: no valid recipients` |
 * | `END_OF_DATA` | transaction back to `'idle'`, whatever the reply | `250 2.0.0 Ok: queued` (pass your own with the queue id) |
 * | `RSET` | transaction `'idle'` | `250 2.0.0 Ok` |
 * | `STARTTLS` | TLS on, HELO/EHLO state, HELO and LOGIN forgotten (RFC 3207 §4.2) | `220 2.0.0 Ready to start TLS`, `502` when not offered, `554` when active, `503` in a transaction |
 * | `AUTH` | LOGIN set (a completed SASL exchange) | `235 2.7.0`, `503 5.5.1` before EHLO, in a transaction or when already authenticated (XCLIENT LOGIN counts) |
 * | `QUIT` | session closed | `221 2.0.0 Bye` |
 *
 * A closed session answers everything with `421 4.4.2 <hostname> Error: session closed`;
 * during DATA every command but `END_OF_DATA` gets `503 5.5.1 Error: message data in
 * progress`. Commands that change none of this state (NOOP, VRFY, HELP, BDAT…) are not
 * modelled: answer them without the session.
 *
 * @param session - the session before the command.
 * @param command - the verb and its argument (see {@link SmtpCommand}).
 * @returns the reply and the new session.
 * @example
 * ```ts
 * let { session } = applyCommand(s, { verb: 'EHLO', name: 'client.example' });
 * session.client.HELO  //=> 'client.example'
 * session.client.PROTO //=> 'ESMTP'
 * ({ session } = applyCommand(session, { verb: 'MAIL' }));
 * applyXclient(session, 'XCLIENT ADDR=192.0.2.1').reply.code //=> 503
 * ```
 * @see docs/spec/postfix.md §2 step 1, §13; RFC 5321 §4.1.4; RFC 3207 §4.2
 * @remarks Since 0.1.0
 */
export function applyCommand(session: XclientSession, command: SmtpCommand): SessionStep {
  if (session.closed) return step(closedReply(session), session);
  const verb = typeof command === 'object' && command !== null ? command.verb : undefined;
  // Own keys only: a verb such as "toString" or "__proto__" is no command of the table.
  const handler =
    typeof verb === 'string' && Object.hasOwn(HANDLERS, verb)
      ? (HANDLERS[verb] as Handler<SmtpCommand>)
      : undefined;
  if (handler === undefined) return step(LINE.notRecognized, session);
  if (session.transaction === 'data' && verb !== 'END_OF_DATA') {
    return step(SMTP_REPLIES.inData, session);
  }
  return handler(session, command);
}

// ---------------------------------------------------------------------------------------
// Reading a session

/**
 * The XCLIENT keyword line the session's EHLO reply announces, or `undefined` when this
 * client may not use XCLIENT (Postfix then leaves the keyword out entirely, docs/spec/postfix.md §7).
 *
 * @param session - the session.
 * @returns `XCLIENT NAME ADDR …` (without `250-`), or `undefined`.
 * @example
 * ```ts
 * xclientKeyword(createXclientSession({ client: { ADDR: '127.0.0.1' }, authorizedHosts: ['127.0.0.0/8'] }))
 * //=> 'XCLIENT NAME ADDR PROTO HELO REVERSE_NAME PORT LOGIN DESTADDR DESTPORT'
 * xclientKeyword(createXclientSession({ client: { ADDR: '192.0.2.1' }, authorizedHosts: ['127.0.0.0/8'] }))
 * //=> undefined
 * ```
 * @see docs/spec/postfix.md §7
 * @remarks Since 0.1.0
 */
export function xclientKeyword(session: XclientSession): string | undefined {
  return session.authorization === 'granted' ? formatXclientKeyword(session.announce) : undefined;
}

const unknownText = (value: string | number | Unavailable | TempUnavail): string =>
  isSpecialValue(value) ? 'unknown' : String(value);

/**
 * The client as Postfix writes it in its logs, `name[addr]:port`, with `unknown` for every
 * unknown part (Postfix's `namaddr` with `smtpd_client_port_logging = yes`).
 *
 * @param identity - an identity, e.g. `session.client`.
 * @returns `name[addr]:port`.
 * @example
 * ```ts
 * formatClientLabel(applyXclient(s, 'XCLIENT NAME=x.example ADDR=192.0.2.1 PORT=4321').session.client)
 * //=> 'x.example[192.0.2.1]:4321'
 * formatClientLabel(createXclientSession().client) //=> 'unknown[unknown]:unknown'
 * ```
 * @see docs/spec/postfix.md §8
 * @remarks Since 0.1.0
 */
export function formatClientLabel(identity: XclientIdentity): string {
  return `${unknownText(identity.NAME)}[${unknownText(identity.ADDR)}]:${unknownText(identity.PORT)}`;
}
