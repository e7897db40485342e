/**
 * What every part of the server session shares: building the next frozen session and step,
 * the authorization policy and its verdict, reading a session (its EHLO keyword, its client
 * as Postfix logs it), and Postfix's pipelining checks.
 *
 * @see docs/spec/postfix.md §5, §7, §8, §14
 * @packageDocumentation
 */

import type { XclientAttributes } from '../command.js';
import { XCLIENT_SESSION } from '../dialects/xclient.js';
import { type Reply, XclientError, type XclientErrorCode } from '../errors.js';
import { ownFields, type Refusal, record } from '../input.js';
import { formatXclientKeyword } from '../keyword.js';
import { LIBRARY, SESSION } from '../replies.js';
import { isSpecialValue, type TempUnavail, type Unavailable } from '../values/special.js';
import { peerForm } from './peer.js';
import { type PolicyOptionNames, policyFrom, XCLIENT_POLICY } from './policy.js';
import type {
  AuthorizationState,
  SessionStep,
  XclientAuthorization,
  XclientIdentity,
  XclientPolicy,
  XclientSession,
} from './types.js';

/** The reply to anything once the session is closed. @internal */
export const closedReply = (s: XclientSession): Reply => Object.freeze(SESSION.closed(s.hostname));

/** A programmer error in an init or options object. @internal */
export function invalid(code: XclientErrorCode, message: string): XclientError {
  return new XclientError({
    code,
    message,
    reply: LIBRARY.localDataError,
  });
}

/** The refusal of an init (SESSION_INVALID_INIT) or of options (OPTION_INVALID). @internal */
export const refusal =
  (code: XclientErrorCode): Refusal =>
  (message) =>
    invalid(code, message);

/**
 * The options of an `apply…` function, read by their own properties only (a prototype-free
 * copy): `OPTION_INVALID` for options that are not an object or cannot be read. @internal
 */
export function optionsOf<T extends object>(
  options: T | undefined,
): { readonly [K in keyof T]?: T[K] } {
  return ownFields(options, 'options', refusal('OPTION_INVALID')) ?? record();
}

/**
 * The session an `apply…` function was given, when it is one (a frozen object with its
 * client): `OPTION_INVALID` for anything else, such as `null`. @internal
 */
export function sessionOf(session: unknown): XclientSession {
  if (!isSession(session)) {
    throw invalid('OPTION_INVALID', 'session must be a session made by createXclientSession');
  }
  return session as XclientSession;
}

/** Whether `value` looks like a session; false where asking throws (a revoked Proxy). */
function isSession(value: unknown): boolean {
  try {
    return (
      typeof value === 'object' &&
      value !== null &&
      Object.isFrozen(value) &&
      Object.hasOwn(value, 'client') &&
      Object.hasOwn(value, 'closed')
    );
  } catch {
    return false;
  }
}

/** The session with some fields changed, frozen. @internal */
export function next(session: XclientSession, changes: Partial<XclientSession>): XclientSession {
  return Object.freeze({ ...session, ...changes });
}

/** A frozen step. @internal */
export function step(reply: Reply, session: XclientSession): SessionStep {
  return Object.freeze({ reply, session });
}

/**
 * The policy an options object (an {@link XclientAuthorization}) describes, or undefined when it has none: read
 * from the object's own properties, the host list copied now (src/server/policy.ts). @internal
 */
export function policyOf(
  auth: Readonly<Record<string, unknown>>,
  code: XclientErrorCode,
  names: PolicyOptionNames = XCLIENT_POLICY,
): XclientPolicy | undefined {
  return policyFrom<XclientIdentity>(
    Object.hasOwn(auth, names.callback) ? auth[names.callback] : undefined,
    Object.hasOwn(auth, names.hosts) ? auth[names.hosts] : undefined,
    (message) => invalid(code, message),
    names,
  );
}

/** Runs a policy: no policy denies, a throwing one fails (Postfix's table error). */
export function evaluate(
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

/** A value as Postfix logs it: `unknown` for a marker (an identity holds every attribute). */
const unknownText = (value: string | number | Unavailable | TempUnavail): string =>
  isSpecialValue(value) ? 'unknown' : String(value);

/** The text Postfix keeps for a port value: its digits, or `unknown`. @internal */
export const portTextOf = (value: number | Unavailable): string => unknownText(value);

/**
 * `name[addr]:port` of an identity, with `port` the port's text (Postfix's
 * SMTPD_BUILD_NAMADDRPORT(), with `smtpd_client_port_logging = yes`). @internal
 */
export function clientLabel(identity: XclientIdentity, portText: string): string {
  const [name, addr] = XCLIENT_SESSION.logged;
  return `${unknownText(identity[name])}[${unknownText(identity[addr])}]:${portText}`;
}

/**
 * The client as Postfix writes it in its logs, `name[addr]:port`, with `unknown` for every
 * unknown part (Postfix's `namaddr` with `smtpd_client_port_logging = yes`).
 *
 * Given a session, the label Postfix logs for it now ({@link XclientSession.loggedClient}),
 * which a failed XCLIENT does not change; given an identity (such as `session.client`, what
 * is in effect for authorization), the label of that identity.
 *
 * @param of - a session, or an identity such as `session.client`.
 * @returns `name[addr]:port`.
 * @example
 * ```ts
 * const s = createXclientSession({ client: { ADDR: '127.0.0.1' }, authorizedHosts: ['127.0.0.0/8'] });
 * formatClientLabel(applyXclient(s, 'XCLIENT NAME=x.example ADDR=192.0.2.1 PORT=4321').session.client)
 * //=> 'x.example[192.0.2.1]:4321'
 * formatClientLabel(createXclientSession().client) //=> 'unknown[unknown]:unknown'
 * const failed = applyXclient(s, 'XCLIENT NAME=y.example FOO=bar', { profile: 'postfix' }).session;
 * formatClientLabel(failed.client) //=> 'y.example[127.0.0.1]:unknown'
 * formatClientLabel(failed)        //=> 'unknown[127.0.0.1]:unknown' (what Postfix logs)
 * formatClientLabel({ NAME: 'localhost', ADDR: '::ffff:127.0.0.1' }) //=> 'localhost[127.0.0.1]:unknown'
 * ```
 *
 * An identity given by hand is read by its own properties: a value missing is `unknown`, as
 * Postfix logs a port it does not know; an IPv4-mapped ADDR is logged as the IPv4 address
 * and a zone suffix is dropped, as Postfix holds the real client's address
 * (docs/spec/postfix.md §4.2).
 * @see docs/spec/postfix.md §8, §8.1
 * @remarks Since 0.1.0
 */
export function formatClientLabel(
  of: XclientIdentity | XclientSession | XclientAttributes,
): string {
  // Own properties only, read once (a getter or Proxy that throws is OPTION_INVALID); a
  // non-object is refused there, and undefined here.
  const own = ownFields(of, 'formatClientLabel', refusal('OPTION_INVALID')) as
    | Record<string, unknown>
    | undefined;
  if (own === undefined) {
    throw invalid('OPTION_INVALID', 'formatClientLabel expects a session or an identity');
  }
  if (typeof own.loggedClient === 'string') return own.loggedClient;
  const [name, addr, port] = XCLIENT_SESSION.logged;
  const text = (value: unknown): string =>
    typeof value === 'string' || typeof value === 'number' || isSpecialValue(value)
      ? unknownText(value)
      : 'unknown';
  // The address as Postfix holds the real client's: `::ffff:127.0.0.1` is `127.0.0.1`.
  return `${text(own[name])}[${text(peerForm('ADDR', own[addr]))}]:${text(own[port])}`;
}

// ---------------------------------------------------------------------------------------
// Pipelining (smtpd_forbid_unauth_pipelining)

/**
 * Postfix's pipelining checks (smtpd_proto() and smtpd_flag_ill_pipelining(), docs/spec/
 * postfix.md §14): before a command, more input waiting is an offence unless the protocol is
 * `proto` and the command may be followed in a group; after a successful XCLIENT (the
 * greeting again), more input waiting is an offence whatever the protocol. With
 * `smtpd_forbid_unauth_pipelining = yes` the offence ends the session with `reply`. @internal
 */
export const PIPELINING = {
  /** The protocol under which commands may be pipelined (EHLO announced PIPELINING). */
  proto: 'ESMTP',
  /** The commands that must end a group (SMTPD_CMD_FLAG_LAST; VRFY is not modelled). */
  lastInGroup: ['HELO', 'EHLO', 'DATA', 'NOOP'],
  reply: SESSION.synchronization,
} as const;

/**
 * The 554 step when the client pipelined where Postfix forbids it, before `verb` runs, or
 * undefined. @internal
 */
export function pipeliningRefusal(
  s: XclientSession,
  verb: string,
  pending: boolean | undefined,
): SessionStep | undefined {
  if (!s.forbidUnauthPipelining || pending !== true) return undefined;
  const last = (PIPELINING.lastInGroup as readonly string[]).includes(verb);
  if (s.client.PROTO === PIPELINING.proto && !last) return undefined;
  return step(PIPELINING.reply, next(s, { closed: true }));
}
