/**
 * The types of the server session: the session itself, its init and options, the steps it
 * returns, and the SMTP commands it models.
 *
 * @packageDocumentation
 */

import type { XclientAttributes } from '../command.js';
import type { XclientAttributeName, XclientValues } from '../dialects/xclient.js';
import type { XforwardAttributeName, XforwardValues } from '../dialects/xforward.js';
import type { Reply, Warning, XclientError } from '../errors.js';
import type { Profile } from '../grammar/profiles.js';

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
   * Who may send XFORWARD, as `authorizedHosts` says for XCLIENT (Postfix's
   * `smtpd_authorized_xforward_hosts`, same pattern syntax), evaluated once for the real
   * client: unlike XCLIENT's, Postfix does not evaluate it again after XCLIENT changed the
   * client (measured, docs/spec/postfix.md §15). Give this or `isXforwardAuthorized`; with
   * neither, nobody may send XFORWARD.
   */
  readonly authorizedXforwardHosts?: readonly string[];
  /** A callback for the same decision, given the real client's identity. */
  readonly isXforwardAuthorized?: XclientPolicy;
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
  /**
   * Postfix's `smtpd_forbid_unauth_pipelining`: a client that sends more before it has the
   * reply it must wait for gets `554 5.5.0 Error: SMTP protocol synchronization` and the
   * session ends. `false` is Postfix 3.7's default, `true` Postfix 3.9's. Tell the session
   * what is waiting with the `pending` option of {@link applyXclient} and {@link applyCommand}
   * (docs/spec/postfix.md §14).
   * @defaultValue false
   */
  readonly forbidUnauthPipelining?: boolean;
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
  /** May this client send XFORWARD? Evaluated once, at creation, for the real client. */
  readonly xforwardAuthorization: AuthorizationState;
  /** The XFORWARD policy (compiled from `authorizedXforwardHosts` when that was given). */
  readonly isXforwardAuthorized: XclientPolicy | undefined;
  /**
   * The XFORWARD attributes held for the current mail transaction, or `undefined` when none
   * were sent since the last reset (the end of DATA, RSET, HELO/EHLO, a successful XCLIENT
   * or STARTTLS: Postfix's `mail_reset()`).
   */
  readonly xforward: XforwardState | undefined;
  /**
   * The client as Postfix logs it now, `name[addr]:port` (its `namaddr`: the `reject:`,
   * `client=` and `disconnect from` lines). It changes on its own schedule: only a
   * successful XCLIENT that carries NAME, ADDR or PORT rebuilds it, from the values in effect
   * then, so after a failed XCLIENT it still shows the earlier client while {@link client}
   * (which the next authorization uses) has changed (docs/spec/postfix.md §8.1).
   */
  readonly loggedClient: string;
  /**
   * The client port as Postfix keeps it for {@link loggedClient}: the digits as sent
   * (`PORT=00025` is `00025`, where `client.PORT` is the number 25), or `unknown`.
   */
  readonly portText: string;
  /** Postfix's `smtpd_forbid_unauth_pipelining` (see {@link XclientSessionInit}). */
  readonly forbidUnauthPipelining: boolean;
  /** Whether the server has ended the session (after 221, 421 or 554). */
  readonly closed: boolean;
}

/**
 * The forwarded identity, one value per XFORWARD attribute: unknown values are
 * {@link smtp-xclient!UNAVAILABLE}; `SOURCE=[UNAVAILABLE]` is held as `'LOCAL'`, as Postfix
 * holds it.
 * @example
 * ```ts
 * const id: XforwardIdentity = { NAME: 'up.example', ADDR: '192.0.2.7', PORT: 4242, PROTO: 'ESMTP', HELO: UNAVAILABLE, IDENT: '3CF6B2AAE8', SOURCE: 'REMOTE' };
 * ```
 * @remarks Since 0.2.0
 */
export type XforwardIdentity = { readonly [K in XforwardAttributeName]: XforwardValues[K] };

/**
 * What a server holds of XFORWARD during a transaction, as Postfix holds it (smtpd.c
 * `xforward_cmd()`, smtpd_xforward.c): every attribute starts unknown at the first XFORWARD
 * and each command updates those it carries; the attributes left of a refused one are
 * updated too ('postfix' profile), but only a successful command marks attributes as
 * received and rebuilds the origin.
 * @example
 * ```ts
 * const s = createXclientSession({ client: { ADDR: '127.0.0.1' }, authorizedXforwardHosts: ['127.0.0.0/8'] });
 * const x = applyXforward(s, 'XFORWARD NAME=up.example ADDR=192.0.2.7 PORT=00025', { profile: 'postfix' }).session.xforward;
 * x?.origin            //=> 'up.example[192.0.2.7]:00025'
 * x?.received          //=> ['NAME', 'ADDR', 'PORT']
 * x?.attributes.PORT   //=> 25
 * ```
 * @remarks Since 0.2.0
 */
export interface XforwardState {
  /** The typed values held. */
  readonly attributes: XforwardIdentity;
  /**
   * The text Postfix holds for each attribute: `unknown` for an unknown NAME, ADDR, PORT or
   * PROTO, absent for no HELO and no IDENT; values as the profile sees them (neutered in
   * 'postfix'), addresses normalized without `IPv6:`, ports as sent (`00025`).
   */
  readonly text: { readonly [K in XforwardAttributeName]?: string };
  /** The attributes a successful XFORWARD carried, in the order first received. */
  readonly received: readonly XforwardAttributeName[];
  /**
   * `name[addr]:port` (only the name when the address is unknown) as Postfix logs it after
   * `orig_client=`: rebuilt by each successful XFORWARD that carries NAME, ADDR or PORT, from
   * the values held then.
   */
  readonly origin: string;
}

/**
 * A reply and the session after it.
 * @example
 * ```ts
 * const s = createXclientSession({ client: { ADDR: '127.0.0.1' }, authorizedHosts: ['127.0.0.0/8'] });
 * const { reply, session } = applyCommand(s, { verb: 'RSET' });
 * reply //=> { code: 250, enhanced: '2.0.0', text: 'Ok' }
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
 * const s = createXclientSession({ client: { ADDR: '127.0.0.1' }, authorizedHosts: ['127.0.0.0/8'] });
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
  /**
   * More input is already waiting behind this line (the client pipelined). With
   * `forbidUnauthPipelining`, Postfix then ends the session with `554 5.5.0` before the
   * command when the protocol is not ESMTP, and after a successful XCLIENT instead of its
   * 220 (docs/spec/postfix.md §14).
   * @defaultValue false
   */
  readonly pending?: boolean;
}

/**
 * Options of {@link applyCommand}.
 * @example
 * ```ts
 * const options: CommandOptions = { pending: true };
 * ```
 * @remarks Since 0.1.0
 */
export interface CommandOptions {
  /**
   * More input is already waiting behind this command (the client pipelined). With
   * `forbidUnauthPipelining`, Postfix ends the session with `554 5.5.0` before the command
   * when the protocol is not ESMTP or the command must end a pipelined group (HELO, EHLO,
   * DATA, NOOP) (docs/spec/postfix.md §14).
   * @defaultValue false
   */
  readonly pending?: boolean;
}

/**
 * Options of {@link applyXforward}.
 * @example
 * ```ts
 * const options: ApplyXforwardOptions = { profile: 'postfix' };
 * ```
 * @remarks Since 0.2.0
 */
export interface ApplyXforwardOptions {
  /**
   * How the line is read and what a failure leaves behind: `'postfix'` keeps the attributes
   * before the failing one, as Postfix does; `'strict'` and `'lenient'` apply nothing.
   * @defaultValue `'strict'`
   */
  readonly profile?: Profile;
}

/**
 * The result of {@link applyXforward}: the outcome is `'applied'` (250, attributes held),
 * `'partial'` (an error reply, the attributes before the failing one held: 'postfix') or
 * `'refused'`.
 * @example
 * ```ts
 * const s = createXclientSession({ client: { ADDR: '127.0.0.1' }, authorizedXforwardHosts: ['127.0.0.0/8'] });
 * const step: XforwardStep = applyXforward(s, 'XFORWARD IDENT=A1');
 * step.reply //=> { code: 250, enhanced: '2.0.0', text: 'Ok' }
 * ```
 * @remarks Since 0.2.0
 */
export interface XforwardStep extends SessionStep {
  /** What happened. */
  readonly outcome: XclientOutcome;
  /** The parse error behind an error reply, when there is one. */
  readonly error?: XclientError;
  /** Warnings from parsing the line. */
  readonly warnings: readonly Warning[];
}

/**
 * An SMTP command other than XCLIENT, as {@link applyCommand} takes it: the verb and what the
 * server decided. MAIL, RCPT and the end of DATA carry the server's own reply when it refuses
 * (or answers differently); the session only judges the sequence (503s).
 * `AUTH` is a SASL exchange the server has completed successfully, with the login. `NOOP`
 * changes nothing but counts for Postfix's pipelining check (it must end a group).
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
  | { readonly verb: 'NOOP' }
  | { readonly verb: 'QUIT' };
