/**
 * One connection of a conformance run: opened on loopback (unless allowed otherwise), lines
 * written as given (raw octets kept, CR LF added), replies read with their octets, and
 * whether the server hung up. Built on smtp-xclient/node's bounded socket and line reader.
 *
 * @packageDocumentation
 */

import type net from 'node:net';
import { parseReply } from '../../index.js';
import { readSmtpLines, type SmtpLineReader } from '../../node/lines.js';
import { checkLimits, openSocket } from '../../node/smtp.js';
import { isLoopback } from '../args.js';
import type { ConformLine, Observed } from './types.js';

/** Where to connect, and how long to wait for each reply. */
export interface WireTarget {
  readonly host: string;
  readonly port: number;
  readonly timeout: number;
  readonly allowRemote: boolean;
}

/** The longest reply line read. */
const MAX_LINE_OCTETS = 64 * 1024;
/** The most lines of one reply. */
const MAX_REPLY_LINES = 200;
/** How long to wait for the server to hang up after a reply that should end the session. */
const CLOSE_WAIT = 2000;

const ENCODER = new TextEncoder();
const DECODER = new TextDecoder('utf-8');
const CRLF = new Uint8Array([0x0d, 0x0a]);

/** A connection that failed before the case could start: the run stops with exit 2. */
export class WireError extends Error {
  override readonly name = 'WireError';
}

/** An open connection to the server under test. */
export class Wire {
  /** Whether the server has ended the connection. */
  private ended = false;
  private readonly endedPromise: Promise<void>;

  private constructor(
    readonly socket: net.Socket,
    private readonly reader: SmtpLineReader,
  ) {
    this.endedPromise = new Promise((resolve) => {
      const done = (): void => {
        this.ended = true;
        resolve();
      };
      socket.once('end', done);
      socket.once('close', done);
    });
    socket.on('error', () => {});
  }

  /** Connects; a host that is not loopback is refused unless `allowRemote`. */
  static async open(target: WireTarget): Promise<Wire> {
    const limits = checkLimits({ timeout: target.timeout });
    let socket: net.Socket;
    try {
      socket = await openSocket(target, limits);
    } catch (e) {
      throw new WireError((e as Error).message);
    }
    const remote = socket.remoteAddress ?? '';
    if (!target.allowRemote && !isLoopback(remote)) {
      socket.destroy();
      throw new WireError(`${target.host} is ${remote}, not loopback`);
    }
    const reader = readSmtpLines(socket, {
      maxLineOctets: MAX_LINE_OCTETS,
      timeout: target.timeout,
    });
    return new Wire(socket, reader);
  }

  /** This end of the connection: the client address (IPv4-mapped made plain) and port. */
  get local(): { readonly address: string; readonly port: number } {
    const address = (this.socket.localAddress ?? '127.0.0.1').replace(/^::ffff:(?=\d)/i, '');
    return { address, port: this.socket.localPort ?? 0 };
  }

  /** Writes the lines in one write, CR LF after each. */
  send(lines: readonly ConformLine[]): void {
    const parts = lines.flatMap((l) => [typeof l === 'string' ? ENCODER.encode(l) : l, CRLF]);
    if (!this.socket.writable) return;
    this.socket.write(Buffer.concat(parts));
  }

  /** Reads one reply; `closed` after it only when the server has already hung up. */
  async reply(): Promise<Observed> {
    const raw: Uint8Array[] = [];
    try {
      for (;;) {
        const next = await this.reader.next();
        if (next.done === true) return { reply: undefined, closed: true, problem: 'closed' };
        raw.push(next.value);
        if (!/^\d{3}-/.test(DECODER.decode(next.value.subarray(0, 4)))) break;
        if (raw.length >= MAX_REPLY_LINES) return this.broken('a reply of too many lines');
      }
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      return this.broken(code === 'CONNECTION_TIMEOUT' ? 'timeout' : (e as Error).message);
    }
    const parsed = parseReply(raw.map((l) => DECODER.decode(l)));
    if (!parsed.ok) return this.broken(`malformed reply: ${parsed.error.message}`);
    const octets = Buffer.concat(raw.flatMap((l) => [l, CRLF]));
    return { reply: { reply: parsed.value, octets: new Uint8Array(octets) }, closed: this.ended };
  }

  private broken(problem: string): Observed {
    return { reply: undefined, closed: this.ended, problem };
  }

  /** Whether the server hangs up within a moment (after a reply that should end the session). */
  async hangsUp(): Promise<boolean> {
    if (this.ended) return true;
    let timer: NodeJS.Timeout | undefined;
    const wait = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, CLOSE_WAIT);
    });
    // A server that keeps talking has not hung up: read on until the end or the wait is over.
    const drain = (async () => {
      try {
        while (!(await this.reader.next()).done) {
          /* discard */
        }
      } catch {
        /* the end is what counts */
      }
    })();
    await Promise.race([this.endedPromise, wait, drain]);
    clearTimeout(timer);
    return this.ended;
  }

  /** QUIT, its reply, and the end of the connection. */
  async close(quit: boolean): Promise<Observed | undefined> {
    let observed: Observed | undefined;
    if (quit && !this.ended && this.socket.writable) {
      this.send(['QUIT']);
      observed = await this.reply();
    }
    this.reader.release();
    this.socket.destroy();
    return observed;
  }
}
