/**
 * An SMTP client connection, bounded at every step: opening it, reading replies (a line
 * length cap, a reply-line cap, a timeout per reply), writing commands one at a time,
 * STARTTLS, and the transcript of both directions. The connection layer's functions and the
 * CLI's `probe` are built on it.
 *
 * @internal
 * @packageDocumentation
 */

import net from 'node:net';
import tls from 'node:tls';
import type { Reply, XclientErrorCode } from '../errors.js';
import { CONNECTION } from '../replies.js';
import { MALFORMED_REPLY, parseReply } from '../reply.js';
import { type ConnectionStep, type TranscriptEntry, XclientConnectionError } from './errors.js';
import { LineSource, positiveInteger } from './lines.js';

/**
 * The bounds of a conversation, shared by every function of `smtp-xclient/node` that talks
 * to a server.
 * @example
 * ```ts
 * const limits: ConnectionLimits = { timeout: 10_000, maxReplyLines: 50 };
 * ```
 * @remarks Since 0.1.0
 */
export interface ConnectionLimits {
  /**
   * Milliseconds for each step: the connection, each reply, the TLS handshake. Then
   * `CONNECTION_TIMEOUT`.
   * @defaultValue 30000
   */
  readonly timeout?: number;
  /** Ends the conversation with `CONNECTION_ABORTED`. */
  readonly signal?: AbortSignal;
  /**
   * The longest reply line, its CR LF included; then `REPLY_LINE_TOO_LONG`.
   * @defaultValue 2048
   */
  readonly maxLineOctets?: number;
  /**
   * The most lines in one reply; then `REPLY_TOO_MANY_LINES`.
   * @defaultValue 100
   */
  readonly maxReplyLines?: number;
}

/** {@link ConnectionLimits}, checked and complete. @internal */
export interface Limits {
  readonly timeout: number;
  readonly signal: AbortSignal | undefined;
  readonly maxLineOctets: number;
  readonly maxReplyLines: number;
}

/** Checks the limits (`OPTION_INVALID` for one that is not a positive integer). @internal */
export function checkLimits(options: ConnectionLimits): Limits {
  return {
    timeout: positiveInteger('timeout', options.timeout, 30_000),
    signal: options.signal,
    maxLineOctets: positiveInteger('maxLineOctets', options.maxLineOctets, 2048),
    maxReplyLines: positiveInteger('maxReplyLines', options.maxReplyLines, 100),
  };
}

/** A reply as read: parsed, and its lines as received (UTF-8 decoded, without CR LF). @internal */
export interface ReadReply {
  readonly reply: Reply;
  readonly lines: readonly string[];
}

/** The reply of an error that carries none from the server. */
const OWN_REPLY: Partial<Record<XclientErrorCode, Reply>> = {
  CONNECT_FAILED: CONNECTION.unreachable,
  CONNECTION_TIMEOUT: CONNECTION.timeout,
  CONNECTION_CLOSED: CONNECTION.closed,
  CONNECTION_ABORTED: CONNECTION.aborted,
  CONNECTION_NOT_REUSABLE: CONNECTION.notReusable,
  KEYWORD_NOT_ANNOUNCED: CONNECTION.noXclient,
  STARTTLS_NOT_ANNOUNCED: CONNECTION.noStarttls,
  TLS_FAILED: CONNECTION.tlsFailed,
  SERVER_REFUSED: CONNECTION.refused,
};

/**
 * An error of the connection layer: `reply` is the server's reply when that is an error
 * (4xx, 5xx), else the layer's own 421. @internal
 */
export function connectionError(
  code: XclientErrorCode,
  message: string,
  step: ConnectionStep,
  transcript: readonly TranscriptEntry[],
  serverReply?: Reply,
): XclientConnectionError {
  const reply =
    serverReply !== undefined && serverReply.code >= 400
      ? serverReply
      : (OWN_REPLY[code] ?? MALFORMED_REPLY);
  return new XclientConnectionError({
    code,
    message,
    step,
    transcript,
    reply,
    // Stryker disable next-line ConditionalExpression: the constructor skips an undefined serverReply
    ...(serverReply === undefined ? {} : { serverReply }),
  });
}

const DECODER = /* @__PURE__ */ new TextDecoder('utf-8');
const abortError = (step: ConnectionStep, transcript: readonly TranscriptEntry[]) =>
  connectionError('CONNECTION_ABORTED', 'aborted', step, transcript);

/**
 * Opens a TCP connection, or fails with `CONNECT_FAILED`, `CONNECTION_TIMEOUT` or
 * `CONNECTION_ABORTED` (and no socket left behind). @internal
 */
export function openSocket(
  target: { readonly host: string; readonly port: number; readonly localAddress?: string },
  limits: Limits,
): Promise<net.Socket> {
  const { host, port } = target;
  const where = `${net.isIPv6(host) ? `[${host}]` : host}:${port}`;
  if (limits.signal?.aborted === true) return Promise.reject(abortError('connect', []));
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port, localAddress: target.localAddress });
    const settle = (error: XclientConnectionError | undefined): void => {
      clearTimeout(timer);
      socket.off('connect', onConnect);
      socket.off('error', onError);
      limits.signal?.removeEventListener('abort', onAbort);
      if (error === undefined) resolve(socket);
      else {
        socket.destroy();
        reject(error);
      }
    };
    /* v8 ignore start -- a loopback connection does not time out */
    const timer = setTimeout(() => {
      settle(
        connectionError(
          'CONNECTION_TIMEOUT',
          `no connection to ${where} within ${limits.timeout} ms`,
          'connect',
          [],
        ),
      );
    }, limits.timeout);
    /* v8 ignore stop */
    const onConnect = (): void => settle(undefined);
    const onAbort = (): void => settle(abortError('connect', []));
    const onError = (err: Error & { code?: string; errors?: { code?: string }[] }): void => {
      // Stryker disable next-line OptionalChaining: read only for an error without a code (an AggregateError), which Node 20 does not raise here
      const code = err.code ?? err.errors?.[0]?.code;
      // Stryker disable next-line StringLiteral: no system error comes without a message and a code
      const cause = err.message || code || 'unknown error';
      const message =
        code === 'ECONNREFUSED'
          ? `connection refused by ${where} (is the server running on that port?)`
          : `cannot connect to ${where}: ${cause}`;
      settle(connectionError('CONNECT_FAILED', message, 'connect', []));
    };
    socket.on('connect', onConnect);
    socket.on('error', onError);
    limits.signal?.addEventListener('abort', onAbort);
  });
}

/**
 * An SMTP client connection: reads replies, writes commands one at a time and waits for
 * each reply, records both directions. Every failure is an {@link XclientConnectionError}
 * naming the step. @internal
 */
export class SmtpClientConnection {
  /** The socket: the TLS socket after {@link startTls}. */
  socket: net.Socket;
  /** The step under way, for errors. */
  // Stryker disable next-line StringLiteral: every user sets the step before the first read (greet, reuseWithXclient)
  step: ConnectionStep = 'greeting';
  /** Every line sent and received. */
  readonly transcript: TranscriptEntry[] = [];
  private source: LineSource;
  private plain: net.Socket | undefined;

  constructor(
    socket: net.Socket,
    private readonly limits: Limits,
    private readonly record?: (entry: TranscriptEntry) => void,
  ) {
    this.socket = socket;
    this.source = this.sourceOf(socket);
  }

  private sourceOf(socket: net.Socket): LineSource {
    const max = this.limits.maxLineOctets;
    return new LineSource(socket, max, this.limits.signal, {
      overflow: () => this.error('REPLY_LINE_TOO_LONG', `a reply line longer than ${max} octets`),
      aborted: () => this.error('CONNECTION_ABORTED', 'aborted'),
      broken: (cause) => this.error('CONNECTION_CLOSED', `connection error: ${cause.message}`),
    });
  }

  /** Records a transcript entry. */
  note(dir: TranscriptEntry['dir'], line: string): void {
    const entry = { dir, line };
    this.transcript.push(entry);
    this.record?.(entry);
  }

  /** An error at the current step, with the transcript so far. */
  error(code: XclientErrorCode, message: string, serverReply?: Reply): XclientConnectionError {
    return connectionError(code, message, this.step, this.transcript, serverReply);
  }

  /** Whether the connection is encrypted: after {@link startTls}. */
  get encrypted(): boolean {
    return this.plain !== undefined;
  }

  /** Reads one reply (all its lines) and parses it. */
  async reply(): Promise<ReadReply> {
    const { timeout, maxReplyLines } = this.limits;
    const deadline = Date.now() + timeout;
    const timedOut = () => this.error('CONNECTION_TIMEOUT', `no reply within ${timeout} ms`);
    const lines: string[] = [];
    for (;;) {
      const raw = await this.source.next(deadline, timedOut);
      if (raw === undefined)
        throw this.error('CONNECTION_CLOSED', 'the server closed the connection');
      const line = DECODER.decode(raw);
      lines.push(line);
      this.note('S', line);
      if (!/^\d{3}-/.test(line)) break;
      if (lines.length >= maxReplyLines) {
        throw this.error('REPLY_TOO_MANY_LINES', `a reply of more than ${maxReplyLines} lines`);
      }
    }
    const r = parseReply(lines);
    if (!r.ok) throw this.error(r.error.code, `malformed reply: ${r.error.message}`);
    return { reply: r.value, lines };
  }

  /** The lines sent, one array per write: what findPipeliningHazards() reads. */
  readonly writes: string[][] = [];

  /** Sends one command line (CR LF added; a line holding CR or LF is a bug, refused). */
  send(line: string): void {
    this.sendPipelined([line]);
  }

  /** Sends command lines in one write, without waiting for a reply in between. */
  sendPipelined(lines: readonly string[]): void {
    for (const line of lines) {
      if (/[\r\n]/.test(line)) throw new TypeError('a command line cannot hold CR or LF');
    }
    for (const line of lines) this.note('C', line);
    this.writes.push([...lines]);
    this.socket.write(lines.map((line) => `${line}\r\n`).join(''));
  }

  /** Sends a command and reads its reply: nothing else is sent before the reply is read. */
  async command(line: string, step: ConnectionStep): Promise<ReadReply> {
    this.step = step;
    this.send(line);
    return this.reply();
  }

  /**
   * Upgrades the connection after a 220 to STARTTLS. What arrived after that 220 is dropped
   * (it could have been injected before the handshake: CVE-2011-0411).
   */
  async startTls(options: tls.ConnectionOptions): Promise<tls.TLSSocket> {
    const plain = this.socket;
    if (this.source.release().length > 0) {
      this.note('*', 'discarded plaintext received after the STARTTLS reply');
    }
    const secure = tls.connect({ ...options, socket: plain });
    this.plain = plain;
    this.socket = secure;
    await this.handshake(secure);
    this.source = this.sourceOf(secure);
    return secure;
  }

  private handshake(secure: tls.TLSSocket): Promise<void> {
    const { timeout, signal } = this.limits;
    return new Promise((resolve, reject) => {
      const settle = (error?: XclientConnectionError): void => {
        clearTimeout(timer);
        secure.off('secureConnect', onSecure);
        secure.off('error', onError);
        signal?.removeEventListener('abort', onAbort);
        if (error === undefined) resolve();
        else {
          // The caller destroys it: later errors change nothing. (A TLS socket destroys itself
          // on its handshake error: no later one comes in any test.)
          // Stryker disable next-line StringLiteral: no error follows the one that failed the handshake
          secure.on('error', () => {});
          reject(error);
        }
      };
      const timer = setTimeout(
        () => settle(this.error('CONNECTION_TIMEOUT', `no TLS handshake within ${timeout} ms`)),
        timeout,
      );
      const onSecure = (): void => settle();
      const onError = (err: Error): void =>
        settle(this.error('TLS_FAILED', `TLS handshake failed: ${err.message}`));
      const onAbort = (): void => settle(this.error('CONNECTION_ABORTED', 'aborted'));
      secure.on('secureConnect', onSecure);
      secure.on('error', onError);
      signal?.addEventListener('abort', onAbort);
      if (signal?.aborted === true) onAbort();
    });
  }

  /**
   * Hands the socket over: stops reading, pauses it, and gives back to it any octets that
   * arrived after the last reply.
   */
  release(): net.Socket {
    // An empty chunk given back is nothing.
    this.socket.unshift(Buffer.from(this.source.release()));
    return this.socket;
  }

  /** Sends QUIT and reads its reply, without failing. */
  async quit(): Promise<void> {
    if (this.socket.destroyed || !this.socket.writable) return;
    try {
      await this.command('QUIT', this.step);
    } catch {
      // Over anyway: a server that closes without its 221 changes nothing.
    }
  }

  /** Closes at once, both sockets after STARTTLS. */
  destroy(): void {
    this.source.release();
    this.socket.destroy();
    this.plain?.destroy();
  }
}
