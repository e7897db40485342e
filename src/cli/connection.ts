/**
 * The SMTP client connection of `probe`: opening it, reading replies line by line, writing
 * commands, STARTTLS, and the transcript of both directions.
 *
 * @packageDocumentation
 */

import net from 'node:net';
import tls from 'node:tls';
import { parseReply, type Reply } from '../index.js';
import { DECODER } from './io.js';

/** A probe failure: a verdict code and a message for a person. */
export class ProbeFailure extends Error {
  override readonly name = 'ProbeFailure';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** One line of the transcript: C (client), S (server), or * (a note). */
export interface TranscriptEntry {
  readonly dir: 'C' | 'S' | '*';
  readonly line: string;
}

const MAX_PENDING = 64 * 1024;
const MAX_REPLY_LINES = 1000;

/** An SMTP client connection: reads replies line by line, writes commands, records both. */
export class SmtpConnection {
  private socket: net.Socket;
  private queue: string[] = [];
  private pending: Uint8Array = new Uint8Array(0);
  private failure: ProbeFailure | undefined;
  private ended = false;
  private wake: (() => void) | undefined;

  constructor(
    socket: net.Socket,
    private readonly record: (entry: TranscriptEntry) => void,
  ) {
    this.socket = socket;
    this.attach(socket);
  }

  private readonly onData = (bytes: Uint8Array): void => {
    let data = bytes;
    if (this.pending.length > 0) {
      data = new Uint8Array(this.pending.length + bytes.length);
      data.set(this.pending);
      data.set(bytes, this.pending.length);
    }
    let start = 0;
    for (;;) {
      const lf = data.indexOf(0x0a, start);
      if (lf < 0) break;
      const end = lf > start && data[lf - 1] === 0x0d ? lf - 1 : lf;
      this.queue.push(DECODER.decode(data.subarray(start, end)));
      start = lf + 1;
    }
    this.pending = data.slice(start);
    if (this.pending.length > MAX_PENDING) {
      this.fail(new ProbeFailure('malformed-reply', 'a reply line longer than 64 KiB'));
      this.socket.destroy();
    }
    this.notify();
  };

  private readonly onError = (err: Error): void => {
    this.fail(new ProbeFailure('connection-error', `connection error: ${err.message}`));
    this.notify();
  };

  private readonly onClose = (): void => {
    this.ended = true;
    this.notify();
  };

  private attach(socket: net.Socket): void {
    socket.on('data', this.onData);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
  }

  private detach(socket: net.Socket): void {
    socket.off('data', this.onData);
    socket.off('error', this.onError);
    socket.off('close', this.onClose);
  }

  private fail(failure: ProbeFailure): void {
    this.failure ??= failure;
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** Whether the connection can still carry a command. */
  get open(): boolean {
    return !this.ended && this.failure === undefined && !this.socket.destroyed;
  }

  private async line(deadline: number, timeoutMs: number): Promise<string> {
    for (;;) {
      const next = this.queue.shift();
      if (next !== undefined) return next;
      if (this.failure !== undefined) throw this.failure;
      if (this.ended) {
        throw new ProbeFailure('closed', 'the server closed the connection');
      }
      const left = deadline - Date.now();
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => {
            this.wake = undefined;
            reject(new ProbeFailure('timeout', `no reply within ${timeoutMs} ms`));
          },
          Math.max(left, 0),
        );
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Reads one reply (all its lines), records it, and parses it. */
  async reply(timeoutMs: number): Promise<{ readonly reply: Reply; readonly lines: string[] }> {
    const deadline = Date.now() + timeoutMs;
    const lines: string[] = [];
    for (;;) {
      const line = await this.line(deadline, timeoutMs);
      lines.push(line);
      this.record({ dir: 'S', line });
      if (!/^\d{3}-/.test(line) || lines.length >= MAX_REPLY_LINES) break;
    }
    const r = parseReply(lines);
    if (!r.ok) {
      throw new ProbeFailure('malformed-reply', `malformed reply: ${r.error.message}`);
    }
    return { reply: r.value, lines };
  }

  /** The lines sent, one array per write: what findPipeliningHazards() reads. */
  readonly writes: string[][] = [];

  /** Sends one command line (never holding CR or LF: every caller validated it). */
  send(line: string): void {
    this.sendPipelined([line]);
  }

  /** Sends command lines in one write, without waiting for a reply in between. */
  sendPipelined(lines: readonly string[]): void {
    for (const line of lines) this.record({ dir: 'C', line });
    this.writes.push([...lines]);
    this.socket.write(lines.map((line) => `${line}\r\n`).join(''));
  }

  /** Sends a command and reads its reply. */
  async command(line: string, timeoutMs: number) {
    this.send(line);
    return this.reply(timeoutMs);
  }

  /** Upgrades the connection with TLS (after a 220 to STARTTLS). */
  async startTls(host: string, insecure: boolean, timeoutMs: number): Promise<tls.TLSSocket> {
    const plain = this.socket;
    this.detach(plain);
    if (this.queue.length > 0 || this.pending.length > 0) {
      // Anything sent before the handshake could be injected: drop it (CVE-2011-0411).
      this.record({ dir: '*', line: 'discarded plaintext received after the STARTTLS reply' });
      this.queue = [];
      this.pending = new Uint8Array(0);
    }
    const secure = tls.connect({
      socket: plain,
      host,
      rejectUnauthorized: !insecure,
      ...(net.isIP(host) === 0 ? { servername: host } : {}),
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        reject(new ProbeFailure('timeout', `no TLS handshake within ${timeoutMs} ms`));
      }, timeoutMs);
      const onSecure = (): void => {
        cleanup();
        resolve();
      };
      const onError = (err: Error): void => {
        cleanup();
        const hint = insecure ? '' : ' (--insecure skips certificate verification)';
        reject(new ProbeFailure('tls-failed', `TLS handshake failed: ${err.message}${hint}`));
      };
      const cleanup = (): void => {
        clearTimeout(timer);
        secure.off('secureConnect', onSecure);
        secure.off('error', onError);
      };
      secure.on('secureConnect', onSecure);
      secure.on('error', onError);
    }).catch((e: unknown) => {
      secure.destroy();
      throw e;
    });
    this.socket = secure;
    this.attach(secure);
    return secure;
  }

  /** Sends QUIT and reads the reply, without failing. */
  async quit(timeoutMs: number): Promise<void> {
    if (!this.open) return;
    try {
      await this.command('QUIT', timeoutMs);
    } catch {
      // The verdict is already made; a server that closes without 221 changes nothing.
    }
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** Opens the TCP connection, or fails with a message a person understands. */
export function connect(host: string, port: number, timeoutMs: number): Promise<net.Socket> {
  const target = `${net.isIPv6(host) ? `[${host}]` : host}:${port}`;
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const cleanup = (): void => {
      clearTimeout(timer);
      socket.off('connect', onConnect);
      socket.off('error', onError);
    };
    /* v8 ignore start -- a loopback connection does not time out */
    const timer = setTimeout(() => {
      cleanup();
      socket.destroy();
      reject(new ProbeFailure('timeout', `no connection to ${target} within ${timeoutMs} ms`));
    }, timeoutMs);
    /* v8 ignore stop */
    const onConnect = (): void => {
      cleanup();
      resolve(socket);
    };
    const onError = (err: Error & { code?: string; errors?: { code?: string }[] }): void => {
      cleanup();
      socket.destroy();
      const code = err.code ?? err.errors?.[0]?.code;
      const message =
        code === 'ECONNREFUSED'
          ? `connection refused by ${target} (is the server running on that port?)`
          : `cannot connect to ${target}: ${err.message || code || 'unknown error'}`;
      reject(new ProbeFailure('connect-failed', message));
    };
    socket.on('connect', onConnect);
    socket.on('error', onError);
  });
}
