/**
 * The server side of XFORWARD, in the same session as XCLIENT: {@link applyXforward} checks a
 * line in Postfix's order and holds the forwarded attributes until the transaction ends;
 * {@link xforwardKeyword} is the EHLO line; {@link xforwardOrigin} is what Postfix logs of
 * them. XFORWARD changes what is logged and passed on, never access control: no greeting,
 * no reset, no new authorization.
 *
 * ```
 * first XFORWARD of a transaction  every attribute unknown   (smtpd_xforward_preset())
 * each XFORWARD                    the attributes it carries, left to right
 * end of DATA, RSET, HELO/EHLO,    all forgotten             (mail_reset() ->
 *   XCLIENT, STARTTLS                                          smtpd_xforward_reset())
 * ```
 *
 * @see docs/spec/postfix.md §15; docs/xforward.md; Postfix XFORWARD_README
 * @packageDocumentation
 */

import { XFORWARD, XFORWARD_SESSION, type XforwardAttributeName } from '../dialects/xforward.js';
import type { Reply, Warning, XclientError, XclientErrorCode } from '../errors.js';
import { PROFILES, type Profile, rulesOf } from '../grammar/profiles.js';
import { formatXforwardKeyword } from '../keyword.js';
import { SESSION } from '../replies.js';
import { UNAVAILABLE } from '../values/special.js';
import { parseXforward, type XforwardAttribute } from '../xforward.js';
import { closedReply, invalid, next, optionsOf, sessionOf } from './state.js';
import type {
  ApplyXforwardOptions,
  XclientOutcome,
  XclientSession,
  XforwardIdentity,
  XforwardState,
  XforwardStep,
} from './types.js';

/** What Postfix holds for an unknown attribute: `unknown`, or nothing (HELO, IDENT). */
const UNKNOWN_TEXT: { readonly [K in XforwardAttributeName]?: string } = {
  NAME: 'unknown',
  ADDR: 'unknown',
  PORT: 'unknown',
  PROTO: 'unknown',
};

/** The state of the first XFORWARD of a transaction (smtpd_xforward_preset()). */
const PRESET: XforwardState = Object.freeze({
  attributes: XFORWARD_SESSION.initial,
  text: UNKNOWN_TEXT,
  received: Object.freeze([]),
  origin: 'unknown',
});

/** Line-level parse errors: reported before any state is looked at. */
const isLineLevel = (code: XclientErrorCode): boolean =>
  code.startsWith('LINE_') && code !== 'LINE_NO_ATTRIBUTES';

/** The held attributes with `attributes` applied left to right (the last one wins). */
function hold(state: XforwardState, attributes: readonly XforwardAttribute[]): XforwardState {
  const values: Record<string, unknown> = { ...state.attributes };
  const text: Record<string, string | undefined> = { ...state.text };
  const unavailable: Readonly<Record<string, unknown>> = XFORWARD_SESSION.unavailableMeans;
  for (const { name, value, decoded } of attributes) {
    const unknown = value === UNAVAILABLE;
    const held = unknown ? (unavailable[name] ?? UNAVAILABLE) : value;
    values[name] = held;
    // A port is held as sent ("00025"); other values as the profile read them.
    text[name] = typeof held === 'string' ? held : unknown ? UNKNOWN_TEXT[name] : decoded;
  }
  return {
    ...state,
    attributes: Object.freeze(values) as XforwardIdentity,
    text: Object.freeze(text),
  };
}

/** Postfix's namaddr of the held values: `name[addr]:port`, or the name without an address. */
function originOf(text: XforwardState['text']): string {
  // Stryker disable next-line StringLiteral: the text starts from UNKNOWN_TEXT, which holds NAME, ADDR and PORT: the fallback is never taken
  const name = text.NAME ?? 'unknown';
  // Stryker disable next-line StringLiteral: the text starts from UNKNOWN_TEXT, which holds NAME, ADDR and PORT: the fallback is never taken
  const addr = text.ADDR ?? 'unknown';
  // Stryker disable next-line StringLiteral: the text starts from UNKNOWN_TEXT, which holds NAME, ADDR and PORT: the fallback is never taken
  return addr === 'unknown' ? name : `${name}[${addr}]:${text.PORT ?? 'unknown'}`;
}

/** After a successful XFORWARD: its attributes received, the origin rebuilt when it changed. */
function received(state: XforwardState, attributes: readonly XforwardAttribute[]): XforwardState {
  const names = [...state.received];
  for (const { name } of attributes) if (!names.includes(name)) names.push(name);
  const origins: readonly string[] = XFORWARD_SESSION.origin;
  const rebuild = attributes.some((a) => origins.includes(a.name));
  return Object.freeze({
    ...state,
    received: Object.freeze(names),
    origin: rebuild ? originOf(state.text) : state.origin,
  });
}

function xforwardStep(
  outcome: XclientOutcome,
  reply: Reply,
  session: XclientSession,
  warnings: readonly Warning[],
  error?: XclientError,
): XforwardStep {
  // Stryker disable next-line ConditionalExpression: only refused steps carry a 221 or 421 (a partial one an attribute error, an applied one 250)
  const closing = outcome === 'refused' && (reply.code === 221 || reply.code === 421);
  const s = closing && !session.closed ? next(session, { closed: true }) : session;
  return Object.freeze(
    error === undefined
      ? { outcome, reply, session: s, warnings }
      : { outcome, reply, session: s, warnings, error },
  );
}

/**
 * Applies one XFORWARD command line to a session, in Postfix's order of checks, and returns
 * the reply with the new session. Never mutates `session`; never throws for any line.
 *
 * Order (smtpd.c `xforward_cmd()`, XCLIENT's): line-level errors from `parseXforward` (500,
 * or 221 for `XFORWARD:`, which closes the session); `503 5.5.1` during a mail transaction;
 * `501 5.5.4 Syntax: XFORWARD attribute=value...` without attributes; `421 4.3.0` (session
 * closed) when the XFORWARD policy threw; `550 5.7.0` when the client is not authorized for
 * XFORWARD (`authorizedXforwardHosts`, evaluated once for the real client: a successful
 * XCLIENT does not change it); then the attribute errors (`501 5.5.4 …`).
 *
 * On success the reply is `250 2.0.0 Ok` and nothing else changes: no greeting, no reset,
 * HELO and transaction state as they were. The attributes are held in `session.xforward`:
 * the first XFORWARD since the last reset starts from every attribute unknown, each one
 * updates those it carries, so a split adds up; `applyCommand` forgets them at the end of
 * DATA, RSET, HELO/EHLO and STARTTLS, and `applyXclient` at a successful XCLIENT. On an attribute error, `'postfix'` holds the attributes before the
 * failing one, as Postfix does, without marking them received (outcome `'partial'`).
 *
 * @param session - the session before the command.
 * @param line - the command line (string, or the octets from the wire), CRLF optional.
 * @param options - the profile.
 * @returns the reply, the new session, the outcome, the warnings and any parse error.
 * @throws {@link smtp-xclient!XclientError} `OPTION_INVALID` for an unknown profile.
 * @example
 * ```ts
 * const s0 = createXclientSession({ client: { ADDR: '127.0.0.1' }, authorizedXforwardHosts: ['127.0.0.0/8'] });
 * const a = applyXforward(s0, 'XFORWARD NAME=up.example ADDR=192.0.2.7');
 * a.reply                        //=> { code: 250, enhanced: '2.0.0', text: 'Ok' }
 * const b = applyXforward(a.session, 'XFORWARD PORT=4242 IDENT=3CF6B2AAE8');
 * xforwardOrigin(b.session)      //=> { queueId: '3CF6B2AAE8', client: 'up.example[192.0.2.7]:4242' }
 * applyCommand(b.session, { verb: 'RSET' }).session.xforward //=> undefined
 * applyXforward(createXclientSession(), 'XFORWARD NAME=x').reply.code //=> 550
 * ```
 * @see docs/spec/postfix.md §15; docs/xforward.md
 * @remarks Since 0.2.0
 */
export function applyXforward(
  session: XclientSession,
  line: string | Uint8Array,
  options: ApplyXforwardOptions = {},
): XforwardStep {
  const s = sessionOf(session);
  const own = optionsOf(options);
  const profile: Profile = own.profile ?? 'strict';
  const rules = rulesOf(profile);
  if (rules === undefined) {
    throw invalid('OPTION_INVALID', `profile must be one of ${PROFILES.join(', ')}`);
  }
  if (s.closed) return xforwardStep('refused', closedReply(s), s, []);
  const parsed = parseXforward(line, { profile });
  const { warnings } = parsed;
  const error = parsed.ok ? undefined : parsed.error;
  const refuse = (reply: Reply): XforwardStep => xforwardStep('refused', reply, s, warnings, error);
  if (error !== undefined && isLineLevel(error.code)) return refuse(error.reply);
  if (s.transaction !== 'idle') return refuse(SESSION.transactionInProgress);
  if (error?.code === 'LINE_NO_ATTRIBUTES') return refuse(error.reply);
  if (s.xforwardAuthorization === 'failed') return refuse(SESSION.localDataError(s.hostname));
  if (s.xforwardAuthorization === 'denied') return refuse(SESSION.unauthorized);
  const heldBefore = s.xforward ?? PRESET;
  if (!parsed.ok) {
    if (!rules.partial || parsed.partial.length === 0) return refuse(parsed.error.reply);
    const xforward = Object.freeze(hold(heldBefore, parsed.partial));
    return xforwardStep('partial', parsed.error.reply, next(s, { xforward }), warnings, error);
  }
  const { attributes } = parsed.value;
  const xforward = received(hold(heldBefore, attributes), attributes);
  return xforwardStep('applied', SESSION.xforwardOk, next(s, { xforward }), warnings);
}

/**
 * The XFORWARD keyword line the session's EHLO reply announces, or `undefined` when this
 * client may not use XFORWARD (Postfix then leaves the keyword out).
 *
 * @param session - the session.
 * @returns `XFORWARD NAME ADDR PROTO HELO SOURCE PORT IDENT` (without `250-`), or `undefined`.
 * @example
 * ```ts
 * xforwardKeyword(createXclientSession({ client: { ADDR: '127.0.0.1' }, authorizedXforwardHosts: ['127.0.0.0/8'] }))
 * //=> 'XFORWARD NAME ADDR PROTO HELO SOURCE PORT IDENT'
 * xforwardKeyword(createXclientSession({ client: { ADDR: '127.0.0.1' }, authorizedHosts: ['127.0.0.0/8'] }))
 * //=> undefined
 * ```
 * @see docs/spec/postfix.md §15
 * @remarks Since 0.2.0
 */
export function xforwardKeyword(session: XclientSession): string | undefined {
  return session.xforwardAuthorization === 'granted'
    ? formatXforwardKeyword(XFORWARD.names)
    : undefined;
}

/**
 * What Postfix logs of the held XFORWARD attributes on the line of a new message
 * (`QUEUEID: client=…, orig_queue_id=…, orig_client=…`): the IDENT when one is held, and the
 * origin when a client attribute (NAME, ADDR, PORT, PROTO, HELO) was received; each absent
 * otherwise.
 *
 * @param session - the session.
 * @returns `{ queueId?, client? }`.
 * @example
 * ```ts
 * const s = createXclientSession({ client: { ADDR: '127.0.0.1' }, authorizedXforwardHosts: ['127.0.0.0/8'] });
 * xforwardOrigin(applyXforward(s, 'XFORWARD HELO=h.example').session) //=> { client: 'unknown' }
 * xforwardOrigin(applyXforward(s, 'XFORWARD SOURCE=LOCAL').session)   //=> {}
 * ```
 * @see docs/spec/postfix.md §15 ("What shows in the log")
 * @remarks Since 0.2.0
 */
export function xforwardOrigin(session: XclientSession): {
  readonly queueId?: string;
  readonly client?: string;
} {
  const held = session.xforward;
  if (held === undefined) return {};
  const clients: readonly string[] = XFORWARD_SESSION.client;
  const ident = held.text.IDENT;
  const client = held.received.some((n) => clients.includes(n)) ? held.origin : undefined;
  return {
    ...(ident === undefined ? {} : { queueId: ident }),
    ...(client === undefined ? {} : { client }),
  };
}
