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
  ALSO_SETS,
  ATTRIBUTE_NAMES,
  ATTRIBUTES,
  attributeName,
  XCLIENT_SESSION,
  type XclientAttributeName,
  type XclientValues,
} from '../dialects/xclient.js';
import type { Reply, Warning, XclientError, XclientErrorCode } from '../errors.js';
import { PROFILES, type Profile, rulesOf } from '../grammar/profiles.js';
import { isString, ownElements, ownFields } from '../input.js';
import { LINE_BREAKING } from '../octets.js';
import { SESSION } from '../replies.js';
import { isSpecialValue } from '../values/special.js';
import { peerForm, safeText } from './peer.js';
import { XFORWARD_POLICY } from './policy.js';
import {
  clientLabel,
  closedReply,
  evaluate,
  invalid,
  next,
  optionsOf,
  PIPELINING,
  pipeliningRefusal,
  policyOf,
  portTextOf,
  refusal,
  sessionOf,
} from './state.js';
import type {
  ApplyXclientOptions,
  XclientIdentity,
  XclientOutcome,
  XclientSession,
  XclientSessionInit,
  XclientStep,
} from './types.js';

type MutableIdentity = { -readonly [K in XclientAttributeName]: XclientValues[K] };

// ---------------------------------------------------------------------------------------
// Tables

/** A successful XCLIENT resets these unless it carries them, to these values (docs/spec/postfix.md §5). */
const RESET_UNLESS_CARRIED: Readonly<Partial<XclientIdentity>> = XCLIENT_SESSION.resetUnlessCarried;

/** Line-level parse errors: reported before any state is looked at (docs/spec/postfix.md §1). */
const isLineLevel = (code: XclientErrorCode): boolean =>
  code.startsWith('LINE_') && code !== 'LINE_NO_ATTRIBUTES';

/** Replies after which the server hangs up. */
const CLOSING_CODES: ReadonlySet<number> = new Set([221, 421]);

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

function initialIdentity(given: XclientAttributes | undefined): XclientIdentity {
  const id: MutableIdentity = { ...XCLIENT_SESSION.initial };
  const client = ownFields(given, 'client', refusal('SESSION_INVALID_INIT'));
  if (client === undefined) return Object.freeze(id);
  for (const key of Object.keys(client)) {
    const name = attributeName(key);
    const value: unknown = (client as Record<string, unknown>)[key];
    // Stryker disable next-line ConditionalExpression: `name === undefined` implies `name !== key` (key is a string); it is there for the type
    if (name !== key || name === undefined) {
      throw invalid('SESSION_INVALID_INIT', `unknown attribute "${key}" (names are upper case)`);
    }
    if (value === undefined) continue;
    const text = asText(name, peerForm(name, value));
    const r =
      // Stryker disable next-line ConditionalExpression: validateAttribute refuses an undefined value too (ATTR_BAD_VALUE), so the same error follows
      text === undefined ? undefined : validateAttribute(name, text, { profile: 'lenient' });
    if (r === undefined || !r.ok) {
      throw invalid(
        'SESSION_INVALID_INIT',
        `client.${name}: ${safeText(value)} is not a valid value`,
      );
    }
    (id as Record<XclientAttributeName, unknown>)[name] = r.value;
  }
  if (client.REVERSE_NAME === undefined) id.REVERSE_NAME = id.NAME;
  return Object.freeze(id);
}

/** EHLO/HELO keyword and banner texts: one line each, no CR, LF or NUL. */
function checkLine(label: string, text: unknown): string {
  if (typeof text !== 'string' || LINE_BREAKING.test(text)) {
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
 *   authorization policies of XCLIENT and XFORWARD (see {@link XclientSessionInit}).
 * @returns a frozen session.
 * @throws {@link smtp-xclient!XclientError} `SESSION_INVALID_INIT` for an invalid client attribute, a
 *   banner, host name or extension with CR/LF, or both `isAuthorized` and `authorizedHosts`
 *   (or both `isXforwardAuthorized` and `authorizedXforwardHosts`);
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
  const refuse = refusal('SESSION_INVALID_INIT');
  // Own properties only: a polluted Object.prototype adds no option (src/input.ts); a
  // non-object init (null, 42) is refused there ("init must be an object").
  const o = ownFields(init, 'init', refuse) ?? {};
  const client = initialIdentity(o.client);
  const policy = policyOf(o, 'SESSION_INVALID_INIT');
  const xforwardPolicy = policyOf(o, 'SESSION_INVALID_INIT', XFORWARD_POLICY);
  const banner0 = o.banner === undefined ? undefined : checkLine('banner', o.banner);
  const hostname =
    o.hostname === undefined
      ? (banner0?.split(' ')[0] ?? '') || 'localhost'
      : checkLine('hostname', o.hostname);
  if (hostname === '' || /[\0-\x20\x7f]/.test(hostname)) {
    throw invalid('SESSION_INVALID_INIT', 'hostname must be one non-empty word');
  }
  const extensions = Object.freeze(
    ownElements(o.extensions ?? [], 'extensions', refuse, isString, 'string').map((e, i) =>
      checkLine(`extensions[${i}]`, e),
    ),
  );
  const announce = ownElements(o.announce ?? ATTRIBUTE_NAMES, 'announce', refuse, isName, 'name');
  for (const name of announce) {
    if (!ATTRIBUTE_NAMES.includes(name)) {
      throw invalid('SESSION_INVALID_INIT', `announce: unknown attribute "${String(name)}"`);
    }
  }
  const forbid = o.forbidUnauthPipelining ?? false;
  if (typeof forbid !== 'boolean') {
    throw invalid('SESSION_INVALID_INIT', 'forbidUnauthPipelining must be a boolean');
  }
  const portText = portTextOf(client.PORT);
  return Object.freeze({
    client,
    hostname,
    banner: banner0 ?? `${hostname} ESMTP`,
    tls: o.tls === true,
    tlsAvailable: o.tlsAvailable === true,
    extensions,
    announce,
    hello: 'none',
    transaction: 'idle',
    authorization: evaluate(policy, client),
    authorizationIdentity: client,
    isAuthorized: policy,
    xforwardAuthorization: evaluate(xforwardPolicy, client),
    isXforwardAuthorized: xforwardPolicy,
    xforward: undefined,
    loggedClient: clientLabel(client, portText),
    portText,
    forbidUnauthPipelining: forbid,
    closed: false,
  });
}

/** An announced name as given (checked against the names after). */
const isName = (value: unknown): value is XclientAttributeName => typeof value === 'string';

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

/**
 * The port's text after the attributes: the digits of the last PORT as sent (Postfix keeps
 * `00025`), or `unknown`.
 */
function portTextAfter(portText: string, attributes: readonly XclientAttribute[]): string {
  let text = portText;
  for (const a of attributes) {
    if (a.name === 'PORT') text = isSpecialValue(a.value) ? 'unknown' : a.decoded;
  }
  return text;
}

/** Whether a successful command rebuilds the label Postfix logs (it carries NAME, ADDR or PORT). */
const relabels = (attributes: readonly XclientAttribute[]): boolean =>
  attributes.some((a) => (XCLIENT_SESSION.logged as readonly string[]).includes(a.name));

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
  // Stryker disable next-line ConditionalExpression: only refused steps carry a 221 or 421 (a partial one an attribute error, an applied one 220 or 554)
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
 * stage (docs/spec/postfix.md §5): HELO/EHLO state, transaction and XFORWARD attributes cleared; HELO, PROTO and LOGIN reset
 * (to none, `'SMTP'`, none) unless this command carried them; TLS kept; the identity updated
 * with the normalized values (a real NAME also sets REVERSE_NAME); and authorization
 * re-evaluated for the new identity, so a later XCLIENT can get 550 and EHLO stops
 * announcing XCLIENT.
 *
 * On an attribute error, the `'postfix'` profile keeps the attributes accepted before the
 * failing one, as Postfix does, without any reset and without re-evaluating authorization
 * (docs/spec/postfix.md §6; outcome `'partial'`). `'strict'` and `'lenient'` apply nothing.
 * The label Postfix logs ({@link XclientSession.loggedClient}) changes only on a success that
 * carries NAME, ADDR or PORT (docs/spec/postfix.md §8.1).
 *
 * With `forbidUnauthPipelining` on the session and `options.pending` (more input already
 * waiting behind the line), Postfix's checks answer `554 5.5.0 Error: SMTP protocol
 * synchronization` and end the session: before the command when the protocol is not ESMTP
 * (outcome `'refused'`), and after a success instead of the 220 (outcome `'applied'`: the
 * attributes were applied) (docs/spec/postfix.md §14).
 *
 * @param session - the session before the command.
 * @param line - the command line (string, or the octets from the wire), CRLF optional.
 * @param options - the profile, whether more input is waiting (`pending`), and optionally
 *   the authorization policy, which then replaces the session's from this command on.
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
  const sessionGiven = sessionOf(session);
  const own = optionsOf(options);
  const profile: Profile = own.profile ?? 'strict';
  const rules = rulesOf(profile);
  if (rules === undefined) {
    throw invalid('OPTION_INVALID', `profile must be one of ${PROFILES.join(', ')}`);
  }
  const policy = policyOf(own, 'OPTION_INVALID');
  let s = sessionGiven;
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
  // Stryker disable next-line StringLiteral: XCLIENT, like "", is no last command of a group (PIPELINING.lastInGroup)
  const early = pipeliningRefusal(s, 'XCLIENT', own.pending);
  if (early !== undefined)
    return xclientStep('refused', early.reply, early.session, warnings, error);
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
    const partial = next(s, {
      client: applyAttributes(s.client, parsed.partial),
      portText: portTextAfter(s.portText, parsed.partial),
    });
    return xclientStep('partial', parsed.error.reply, partial, warnings, parsed.error);
  }
  return succeed(s, parsed.value.attributes, warnings, own.pending === true);
}

/**
 * A successful XCLIENT: the identity applied and reset, the label Postfix logs rebuilt when
 * the command carried NAME, ADDR or PORT, authorization evaluated again, and the greeting,
 * where Postfix finds a pipelining client out (docs/spec/postfix.md §5, §8.1, §14).
 */
function succeed(
  s: XclientSession,
  attributes: readonly XclientAttribute[],
  warnings: readonly Warning[],
  pending: boolean,
): XclientStep {
  const client = resetIdentity(s.client, attributes);
  const portText = portTextAfter(s.portText, attributes);
  const after = next(s, {
    client,
    hello: 'none',
    transaction: 'idle',
    authorization: evaluate(s.isAuthorized, client),
    authorizationIdentity: client,
    xforward: undefined,
    portText,
    loggedClient: relabels(attributes) ? clientLabel(client, portText) : s.loggedClient,
  });
  if (after.forbidUnauthPipelining && pending) {
    const closed = next(after, { closed: true });
    return xclientStep('applied', PIPELINING.reply, closed, warnings);
  }
  return xclientStep('applied', SESSION.greeting(s.banner), after, warnings);
}
