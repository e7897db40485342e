/**
 * Handing a client to a server with XCLIENT, over a real socket: {@link connectWithXclient}
 * for a new connection, {@link reuseWithXclient} to switch a connection to the next client.
 * Both plan with `smtp-xclient/client` and send with the bounded connection of ./smtp.ts.
 *
 * @see docs/spec/postfix.md §5 (re-authorization), §13 (split commands, EHLO after
 *   XCLIENT), §14 (pipelining after XCLIENT)
 * @packageDocumentation
 */

import type net from 'node:net';
import type tls from 'node:tls';
import { interpretXclientReply } from '../client/interpret.js';
import {
  type InterpretOptions,
  planConnectionReuse,
  planXclientSession,
  type XclientClientOptions,
  type XclientSessionPlan,
} from '../client/plan.js';
import type { XclientAttributes } from '../command.js';
import { ATTRIBUTE_NAMES, type XclientAttributeName } from '../dialects/xclient.js';
import { isXclientError, type Reply, XclientError } from '../errors.js';
import { LIBRARY } from '../replies.js';
import { type TranscriptEntry, XclientConnectionError } from './errors.js';
import {
  type ConnectionLimits,
  checkLimits,
  type Limits,
  openSocket,
  SmtpClientConnection,
} from './smtp.js';
import { expectReply, greet, sendXclient, startTls } from './steps.js';

/**
 * Options of {@link reuseWithXclient}; {@link ConnectWithXclientOptions} adds where to
 * connect and what to assert.
 * @example
 * ```ts
 * const o: ReuseWithXclientOptions = { timeout: 10_000, authorizedHosts: ['127.0.0.0/8'] };
 * ```
 * @remarks Since 0.1.0
 */
export interface ReuseWithXclientOptions
  extends ConnectionLimits,
    Omit<XclientClientOptions, 'announced'>,
    InterpretOptions {
  /** Called with each transcript entry as it happens (for logs). */
  readonly onTranscript?: (entry: TranscriptEntry) => void;
}

/**
 * Options of {@link connectWithXclient}.
 * @example
 * ```ts
 * const o: ConnectWithXclientOptions = {
 *   host: '127.0.0.1', port: 10025, ehlo: 'proxy.example', timeout: 10_000,
 *   identity: { ADDR: '192.0.2.1', PORT: 51234, NAME: UNAVAILABLE },
 * };
 * ```
 * @remarks Since 0.1.0
 */
export interface ConnectWithXclientOptions extends ReuseWithXclientOptions {
  /** The server's host name or address. */
  readonly host: string;
  /** The server's port. */
  readonly port: number;
  /** The client to hand over: the XCLIENT attributes to assert. */
  readonly identity: XclientAttributes;
  /**
   * The proxy's own EHLO name, sent before XCLIENT (not the one the server records).
   * @defaultValue `'localhost'`
   */
  readonly ehlo?: string;
  /**
   * STARTTLS before XCLIENT: `true`, or the options of `tls.connect()` (`ca`,
   * `rejectUnauthorized`, `servername` …). The certificate is verified unless you say
   * otherwise.
   * @defaultValue `false`
   */
  readonly starttls?: boolean | tls.ConnectionOptions;
  /** The local address to connect from. */
  readonly localAddress?: string;
}

/**
 * A connection handed over: its socket is ready for `MAIL FROM` (or for the client's own
 * EHLO). Nothing reads from it any more: pipe it, or read it yourself, and add your own
 * `'error'` listener at once.
 * @example
 * ```ts
 * import type net from 'node:net';
 * // A proxy greets its client with the server's own greeting, then relays both ways.
 * function handOver(upstream: XclientConnection, client: net.Socket): void {
 *   upstream.socket.on('error', () => client.destroy());
 *   client.on('error', () => upstream.socket.destroy());
 *   client.write(formatReply(upstream.greeting));
 *   client.pipe(upstream.socket).pipe(client);
 * }
 * ```
 * @remarks Since 0.1.0
 */
export interface XclientConnection {
  /** The socket (a `tls.TLSSocket` after STARTTLS), paused. */
  readonly socket: net.Socket;
  /** The server's greeting after the last XCLIENT (the first one when nothing was sent). */
  readonly greeting: Reply;
  /** The reply to the hello (`ehlo.line` of the plan): what the server offers this client. */
  readonly ehlo: Reply;
  /** What was asserted (the attributes sent, without `omitted`). */
  readonly identity: XclientAttributes;
  /** Attributes left out because the server did not announce them. */
  readonly omitted: readonly XclientAttributeName[];
  /** The plan followed (its lines, hello, and whether the connection can carry the next client). */
  readonly plan: XclientSessionPlan;
  /** Whether the connection is encrypted (STARTTLS). */
  readonly encrypted: boolean;
  /** Every line sent and received. */
  readonly transcript: readonly TranscriptEntry[];
}

// ---------------------------------------------------------------------------------------
// Options

function optionError(message: string): XclientError {
  return new XclientError({ code: 'OPTION_INVALID', message, reply: LIBRARY.localDataError });
}

/** What the planner takes from the options. */
function planOptions(options: ReuseWithXclientOptions): XclientClientOptions {
  const { fallbackEhlo, hello, authorizedHosts, isAuthorized, peer, unannounced } = options;
  // Stryker disable ConditionalExpression: `false` passes an undefined option, which the planner reads as absent
  return {
    ...(fallbackEhlo === undefined ? {} : { fallbackEhlo }),
    ...(hello === undefined ? {} : { hello }),
    ...(authorizedHosts === undefined ? {} : { authorizedHosts }),
    ...(isAuthorized === undefined ? {} : { isAuthorized }),
    ...(peer === undefined ? {} : { peer }),
    ...(unannounced === undefined ? {} : { unannounced }),
  };
}
// Stryker restore ConditionalExpression

/**
 * Checks what can be checked before a byte is sent: the limits, the identity (by planning
 * it for a server that announces everything), the other options. Throws `OPTION_INVALID` or
 * the identity's error.
 */
function checkBefore(identity: XclientAttributes, options: ReuseWithXclientOptions): Limits {
  const limits = checkLimits(options);
  planXclientSession(identity, EVERYTHING, planOptions(options));
  // Only the options are checked here: any reply gives the same verdict on them.
  // Stryker disable next-line ObjectLiteral,StringLiteral: the reply is not what is checked
  interpretXclientReply({ code: 220, text: '' }, nonconforming(options));
  return limits;
}

/** An EHLO reply announcing every attribute, to check an identity before connecting. */
const EVERYTHING = `250 XCLIENT ${ATTRIBUTE_NAMES.join(' ')}`;

const nonconforming = (o: InterpretOptions): InterpretOptions =>
  // Stryker disable next-line ConditionalExpression: interpretXclientReply reads an undefined nonconforming as absent
  o.nonconforming === undefined ? {} : { nonconforming: o.nonconforming };

function checkTarget(options: ConnectWithXclientOptions): void {
  const { host, port, ehlo } = options;
  if (typeof host !== 'string' || host === '')
    throw optionError('host must be a host name or address');
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw optionError(`port must be an integer 1-65535, not ${String(port)}`);
  }
  if (
    ehlo !== undefined &&
    (typeof ehlo !== 'string' || !/^[!-~]{1,255}$/.test(ehlo) || /[<>()\\";@]/.test(ehlo))
  ) {
    throw optionError('ehlo must be one printable ASCII word without <>()\\";@');
  }
}

// ---------------------------------------------------------------------------------------
// The conversation

/**
 * Anything thrown once the socket is open: an XclientConnectionError as it is, a planner's
 * XclientError with the step and transcript added (FORMAT_NOT_ANNOUNCED with
 * `unannounced: 'throw'`, FORMAT_FINAL_GROUP_TOO_LONG after `[UNAVAILABLE]` fill-ins).
 */
function asConnectionError(e: unknown, conn: SmtpClientConnection, serverReply?: Reply): unknown {
  if (e instanceof XclientConnectionError || !isXclientError(e)) return e;
  return new XclientConnectionError({
    code: e.code,
    message: e.message,
    reply: e.reply,
    step: conn.step,
    transcript: conn.transcript,
    // Stryker disable next-line ConditionalExpression: the constructor skips an undefined serverReply
    ...(serverReply === undefined ? {} : { serverReply }),
  });
}

/** The XCLIENT lines of a plan, then its hello: the connection handed over. */
async function deliver(
  conn: SmtpClientConnection,
  plan: XclientSessionPlan,
  identity: XclientAttributes,
  first: Reply,
  options: ReuseWithXclientOptions,
): Promise<XclientConnection> {
  const greeting = (await sendXclient(conn, plan.lines, nonconforming(options))) ?? first;
  const hello = await expectReply(conn, plan.hello.line, 'hello', 250, plan.hello.verb);
  const sent = Object.fromEntries(
    Object.entries(identity).filter(
      ([name]) => !plan.omitted.includes(name as XclientAttributeName),
    ),
  ) as XclientAttributes;
  return {
    greeting,
    ehlo: hello.reply,
    identity: sent,
    omitted: plan.omitted,
    plan,
    encrypted: conn.encrypted,
    transcript: Object.freeze([...conn.transcript]),
    socket: conn.release(),
  };
}

/**
 * Opens a connection to an SMTP server and hands a client to it with XCLIENT: the
 * connection layer of a proxy in one call.
 *
 * It reads the greeting (220), sends EHLO with the proxy's own name, does STARTTLS when
 * asked (and EHLO again), plans the XCLIENT commands with `planXclientSession` for what the
 * server announced, sends them **one at a time, each only after the 220 to the one
 * before** (Postfix 3.9 drops a client that pipelines after XCLIENT), then sends the hello
 * the server will record (the client's HELO; see `planXclientSession`). It resolves with the
 * socket, ready for `MAIL FROM`, the server's greeting and reply to the hello, what was
 * asserted and left out, and the transcript.
 *
 * Every step is bounded: a timeout for the connection, each reply and the TLS handshake; a
 * cap on the length of a reply line and on the lines of a reply; an `AbortSignal`. On any
 * failure it destroys the socket and rejects with an {@link XclientConnectionError} that
 * carries the step, the transcript and the server's reply when there was one (`reply` is
 * then that reply; else a 421 to give the proxy's client). The identity and the options are
 * checked before connecting: an invalid one rejects with the library's `XclientError`
 * (`ATTR_BAD_VALUE`, `OPTION_INVALID` …) and opens nothing.
 *
 * @param options - where to connect, whom to assert, and the bounds
 *   ({@link ConnectWithXclientOptions}).
 * @returns the connection, handed over.
 * @example
 * ```ts
 * import net from 'node:net';
 * // A stand-in for Postfix on loopback: greets, offers XCLIENT, says yes to everything.
 * const mx = net.createServer((s) => {
 *   s.write('220 mx.example ESMTP\r\n');
 *   s.on('data', (d) => {
 *     const verb = String(d).slice(0, 4);
 *     s.write(verb === 'EHLO' ? '250-mx.example\r\n250 XCLIENT NAME ADDR PORT HELO\r\n' : verb === 'XCLI' ? '220 mx.example ESMTP\r\n' : '250 2.0.0 Ok\r\n');
 *   });
 * });
 * await new Promise((listening) => mx.listen(0, '127.0.0.1', listening));
 *
 * const c = await connectWithXclient({
 *   host: '127.0.0.1',
 *   port: mx.address().port,
 *   ehlo: 'proxy.example',
 *   identity: { NAME: UNAVAILABLE, ADDR: '192.0.2.1', PORT: 51234, HELO: 'client.example' },
 *   timeout: 10_000,
 * });
 * c.transcript.filter((t) => t.dir === 'C').map((t) => t.line)
 * //=> ['EHLO proxy.example', 'XCLIENT PORT=51234 HELO=client.example NAME=[UNAVAILABLE] ADDR=192.0.2.1', 'EHLO client.example']
 * c.greeting //=> { code: 220, text: 'mx.example ESMTP' }
 * c.socket.destroy();
 * mx.close();
 * ```
 * @see docs/node.md; docs/spec/postfix.md §13, §14
 * @remarks Since 0.1.0
 */
export async function connectWithXclient(
  options: ConnectWithXclientOptions,
): Promise<XclientConnection> {
  checkTarget(options);
  const { identity } = options;
  const limits = checkBefore(identity, options);
  const socket = await openSocket(options, limits);
  const conn = new SmtpClientConnection(socket, limits, options.onTranscript);
  let ehloReply: Reply | undefined;
  try {
    const first = (await greet(conn)).reply;
    const name = options.ehlo ?? 'localhost';
    let ehlo = await expectReply(conn, `EHLO ${name}`, 'ehlo', 250, 'EHLO');
    if (options.starttls !== undefined && options.starttls !== false) {
      // Stryker disable next-line ConditionalExpression,BooleanLiteral: spreading `true` into the options of tls.connect() adds nothing, as `{}` does
      const tlsOptions = options.starttls === true ? {} : options.starttls;
      await startTls(conn, ehlo.lines, options.host, tlsOptions);
      ehlo = await expectReply(conn, `EHLO ${name}`, 'ehlo', 250, 'EHLO over TLS');
    }
    ehloReply = ehlo.reply;
    const plan = planXclientSession(identity, ehlo.reply, planOptions(options));
    if (plan.usable === 'no') throw conn.error('KEYWORD_NOT_ANNOUNCED', plan.reason, ehlo.reply);
    return await deliver(conn, plan, identity, first, options);
  } catch (e) {
    conn.destroy();
    throw asConnectionError(e, conn, ehloReply);
  }
}

/**
 * Switches a connection from {@link connectWithXclient} (or from an earlier reuse) to the
 * next client, with the same guarantees: RSET (the previous transaction must end), the
 * XCLIENT commands `planConnectionReuse` gives (every announced attribute asserted again,
 * `[UNAVAILABLE]` for what the next client lacks, so that nothing of the previous one
 * survives), each after the 220 to the one before, and the hello.
 *
 * Stop reading from the socket first (unpipe it); the function reads it again until it
 * hands it back. When the connection cannot carry the next client — Postfix no longer
 * offers XCLIENT once ADDR left its authorized networks — it rejects with
 * `CONNECTION_NOT_REUSABLE` before sending anything; open a new connection then. Any
 * failure destroys the socket, as {@link connectWithXclient} does; an invalid `next`
 * rejects with the library's `XclientError` and leaves the connection as it was.
 *
 * @param connection - the connection as last handed over.
 * @param next - the next client's attributes.
 * @param options - bounds and planner options ({@link ReuseWithXclientOptions}).
 * @returns the connection, handed over again.
 * @example
 * ```ts
 * import net from 'node:net';
 * // A stand-in for Postfix on loopback that offers XCLIENT NAME ADDR LOGIN to everyone.
 * const mx = net.createServer((s) => {
 *   s.write('220 mx.example ESMTP\r\n');
 *   s.on('data', (d) => {
 *     const verb = String(d).slice(0, 4);
 *     s.write(verb === 'EHLO' ? '250-mx.example\r\n250 XCLIENT NAME ADDR LOGIN\r\n' : verb === 'XCLI' ? '220 mx.example ESMTP\r\n' : '250 2.0.0 Ok\r\n');
 *   });
 * });
 * await new Promise((listening) => mx.listen(0, '127.0.0.1', listening));
 * const to = { host: '127.0.0.1', port: mx.address().port };
 *
 * const first = await connectWithXclient({ ...to, identity: { ADDR: '127.0.0.5', LOGIN: 'alice' } });
 * // … MAIL FROM, RCPT TO, DATA for alice on first.socket, then:
 * const second = await reuseWithXclient(first, { ADDR: '127.0.0.6' });
 * second.transcript.filter((t) => t.dir === 'C').map((t) => t.line)
 * //=> ['RSET', 'XCLIENT LOGIN=[UNAVAILABLE] NAME=[UNAVAILABLE] ADDR=127.0.0.6', 'EHLO [127.0.0.6]']
 * second.socket.destroy();
 * mx.close();
 * ```
 * @see docs/client.md (planConnectionReuse)
 * @remarks Since 0.1.0
 */
export async function reuseWithXclient(
  connection: XclientConnection,
  next: XclientAttributes,
  options: ReuseWithXclientOptions = {},
): Promise<XclientConnection> {
  const limits = checkBefore(next, options);
  // Planned before anything is read or sent: an identity that does not fit throws here.
  const plan = planConnectionReuse(connection.identity, next, {
    ...planOptions(options),
    ...(connection.plan.hello.verb === 'EHLO' ? { ehloReply: connection.ehlo } : {}),
  });
  const conn = new SmtpClientConnection(connection.socket, limits, options.onTranscript);
  conn.step = 'rset';
  try {
    if (plan.usable === 'no') throw conn.error('CONNECTION_NOT_REUSABLE', plan.reason);
    await expectReply(conn, 'RSET', 'rset', 250, 'RSET');
    return await deliver(conn, plan, next, connection.greeting, options);
  } catch (e) {
    conn.destroy();
    throw asConnectionError(e, conn);
  }
}
