/**
 * SMTP lines off a stream, bounded: {@link readSmtpLines} for servers, and the line source
 * the client connection reads replies from.
 *
 * ```
 * ; RFC 5321 §2.3.8 and §4.5.3.1.4, as read here
 * line = *octet CRLF        ; at most maxLineOctets octets, the CR LF included
 * ```
 *
 * A LF without CR also ends a line (as Postfix reads it; the CR before a LF is removed, any
 * other CR is kept). Lines come back as octets: decoding is for the parser
 * (`applyXclient(session, line)` reads octets).
 *
 * @packageDocumentation
 */

import type { Duplex } from 'node:stream';
import { XclientError } from '../errors.js';
import { CR, concatOctets, LF } from '../octets.js';
import { CONNECTION, LIBRARY, LINE } from '../replies.js';

const EMPTY = new Uint8Array(0);
/** Lines read ahead before the stream is paused (TCP then holds the peer back). */
const MAX_QUEUED = 64;

/** Octets joined into one new array (a copy: nothing returned aliases a socket's buffer). */
export const concat = (...parts: readonly Uint8Array[]): Uint8Array => concatOctets(parts);

/** A chunk as octets: a stream with an encoding set emits strings (`setEncoding()`). @internal */
export function octetsOf(stream: Duplex, chunk: Uint8Array | string): Uint8Array {
  // Stryker disable next-line ConditionalExpression,StringLiteral: Buffer.from() copies octets whatever the encoding, and reads '' as UTF-8
  return typeof chunk === 'string' ? Buffer.from(chunk, stream.readableEncoding ?? 'utf8') : chunk;
}

/** The errors a {@link LineSource} raises, made by its owner. @internal */
export interface LineSourceErrors {
  /** A line longer than the limit (`LINE_TOO_LONG`, `REPLY_LINE_TOO_LONG`). */
  readonly overflow: () => XclientError;
  /** The signal was aborted. */
  readonly aborted: () => XclientError;
  /** The stream emitted an error. */
  readonly broken: (cause: Error) => XclientError;
}

/**
 * Lines read off a stream as they arrive, kept in a short queue until asked for; a line over
 * the limit, an error or an abort is remembered and thrown by the next {@link next}. @internal
 */
export class LineSource {
  private partial: Uint8Array = EMPTY;
  private readonly queue: Uint8Array[] = [];
  private failure: XclientError | undefined;
  private ended = false;
  /** Paused because the queue is full. */
  // Stryker disable next-line BooleanLiteral: `true` only resumes a flowing stream at the first line read
  private held = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly stream: Duplex,
    private readonly maxLineOctets: number,
    private readonly signal: AbortSignal | undefined,
    private readonly errors: LineSourceErrors,
  ) {
    stream.on('data', this.onData);
    stream.on('end', this.onEnd);
    stream.on('close', this.onEnd);
    stream.on('error', this.onError);
    signal?.addEventListener('abort', this.onAbort);
    if (signal?.aborted === true) this.onAbort();
    stream.resume();
  }

  /**
   * Whether octets of a line are left without their LF: once {@link next} returned
   * `undefined`, whether the stream ended in the middle of a line.
   */
  get endedMidLine(): boolean {
    return this.partial.length > 0;
  }

  private readonly onData = (chunk: Uint8Array | string): void => {
    // Stryker disable next-line ConditionalExpression: a failure pauses the stream, and a paused stream emits no data
    if (this.failure !== undefined) return;
    const data = concat(this.partial, octetsOf(this.stream, chunk));
    let start = 0;
    for (let lf = data.indexOf(LF); lf >= 0; lf = data.indexOf(LF, start)) {
      if (lf + 1 - start > this.maxLineOctets) {
        this.fail(this.errors.overflow());
        return;
      }
      this.queue.push(data.subarray(start, lf + 1));
      start = lf + 1;
    }
    this.partial = data.subarray(start);
    if (this.partial.length >= this.maxLineOctets) this.fail(this.errors.overflow());
    else if (this.queue.length >= MAX_QUEUED) {
      this.held = true;
      this.stream.pause();
    }
    this.notify();
  };

  private readonly onEnd = (): void => {
    this.ended = true;
    this.notify();
  };

  private readonly onError = (cause: Error): void => {
    this.fail(this.errors.broken(cause));
  };

  private readonly onAbort = (): void => {
    this.fail(this.errors.aborted());
  };

  private fail(error: XclientError): void {
    this.failure ??= error;
    this.stream.pause();
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /**
   * The next line without its CR LF; `undefined` when the stream ended. Throws what went
   * wrong, or `timedOut()` when nothing came before `deadline` (a `Date.now()` value).
   */
  async next(deadline: number, timedOut: () => XclientError): Promise<Uint8Array | undefined> {
    for (;;) {
      const raw = this.queue.shift();
      if (raw !== undefined) {
        if (this.held && this.queue.length <= MAX_QUEUED / 2) {
          // Stryker disable next-line BooleanLiteral: `true` only resumes a flowing stream again
          this.held = false;
          if (this.failure === undefined) this.stream.resume();
        }
        // raw ends with LF; raw[-1] of a lone LF is undefined, not CR.
        const end = raw[raw.length - 2] === CR ? raw.length - 2 : raw.length - 1;
        return raw.subarray(0, end);
      }
      if (this.failure !== undefined) throw this.failure;
      if (this.ended) return undefined;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => {
            this.wake = undefined;
            const error = timedOut();
            this.fail(error);
            reject(error);
          },
          Math.max(0, deadline - Date.now()),
        );
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /**
   * Stops reading: removes every listener, pauses the stream (a socket that TLS takes over
   * or that is destroyed next is none the worse), and returns the octets received but not
   * read as lines.
   */
  release(): Uint8Array {
    this.stream.off('data', this.onData);
    this.stream.off('end', this.onEnd);
    this.stream.off('close', this.onEnd);
    this.stream.off('error', this.onError);
    this.signal?.removeEventListener('abort', this.onAbort);
    this.stream.pause();
    const rest = concat(...this.queue, this.partial);
    this.queue.length = 0;
    this.partial = EMPTY;
    return rest;
  }
}

// ---------------------------------------------------------------------------------------
// readSmtpLines

/**
 * Options of {@link readSmtpLines}.
 * @example
 * ```ts
 * const o: SmtpLineReaderOptions = { maxLineOctets: 512, timeout: 60_000 };
 * ```
 * @remarks Since 0.1.0
 */
export interface SmtpLineReaderOptions {
  /**
   * The longest line accepted, its CR LF included (RFC 5321: 512 for a command line, 1000
   * for a line of message text). A longer one ends the reading with `LINE_TOO_LONG`.
   * @defaultValue 2048 (Postfix's `line_length_limit`)
   */
  readonly maxLineOctets?: number;
  /**
   * Milliseconds to wait for each line; then `CONNECTION_TIMEOUT`.
   * @defaultValue 300000 (RFC 5321 §4.5.3.2.7: a server waits five minutes for a command)
   */
  readonly timeout?: number;
  /** Stops the reading with `CONNECTION_ABORTED`. */
  readonly signal?: AbortSignal;
}

/**
 * The lines of a stream, as {@link readSmtpLines} returns them: an async iterator, and
 * `release()`.
 * @example
 * ```ts
 * import { PassThrough } from 'node:stream';
 * const reader: SmtpLineReader = readSmtpLines(new PassThrough());
 * reader.release() //=> Uint8Array []
 * ```
 * @remarks Since 0.1.0
 */
export interface SmtpLineReader extends AsyncIterableIterator<Uint8Array> {
  /** The next line, or `done` when the stream ended between lines; throws a coded error. */
  next(): Promise<IteratorResult<Uint8Array, undefined>>;
  /** Stops reading (`break` calls it): the octets not read yet go back to the stream. */
  return(): Promise<IteratorResult<Uint8Array, undefined>>;
  /**
   * Stops reading and returns the octets received but not read yet, without giving them
   * back to the stream: after a STARTTLS reply they must be dropped (CVE-2011-0411).
   */
  release(): Uint8Array;
}

/** A limit option: a positive integer, or the default. @internal */
export function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new XclientError({
      code: 'OPTION_INVALID',
      message: `${name} must be a positive integer, not ${String(value)}`,
      reply: LIBRARY.localDataError,
    });
  }
  return value;
}

const lineError = (code: 'CONNECTION_TIMEOUT' | 'CONNECTION_ABORTED' | 'CONNECTION_CLOSED') => {
  const reply = {
    CONNECTION_TIMEOUT: CONNECTION.timeout,
    CONNECTION_ABORTED: CONNECTION.aborted,
    CONNECTION_CLOSED: CONNECTION.closed,
  }[code];
  return (message: string): XclientError => new XclientError({ code, message, reply });
};

/**
 * Reads SMTP lines (octets, without their CR LF) off a socket or any duplex stream, bounded:
 * a line over `maxLineOctets` ends the reading with `LINE_TOO_LONG` (its reply,
 * `500 5.5.6 Error: line too long`, is what to send before closing), a line that does not
 * come within `timeout` with `CONNECTION_TIMEOUT` (reply `421 4.4.2 Error: timeout
 * exceeded`), the signal with `CONNECTION_ABORTED`. A stream that ends between lines ends
 * the iteration; one that ends in the middle of a line, or fails, throws
 * `CONNECTION_CLOSED`. At most 64 lines are read ahead: then the stream is paused, so a
 * client that pipelines without end is held back by TCP.
 *
 * Made for a server on `node:net` that feeds each line to `applyXclient` or `applyCommand`
 * of `smtp-xclient/server`. The reader never writes and never closes the stream. `break`
 * gives the octets not read yet back to the stream; `release()` returns them instead.
 *
 * @param stream - a `net.Socket`, a `tls.TLSSocket`, or another duplex stream of octets.
 * @param options - see {@link SmtpLineReaderOptions}.
 * @returns an async iterator of lines.
 * @throws {@link smtp-xclient!XclientError} `OPTION_INVALID` for a limit that is not a positive integer.
 * @example
 * ```ts
 * import { PassThrough } from 'node:stream';
 * // A socket in real life: `for await (const line of readSmtpLines(socket)) …`
 * const stream = new PassThrough();
 * stream.end('EHLO client.example\r\nXCLIENT ADDR=192.0.2.1\r\nQUIT\n');
 * const lines = [];
 * for await (const line of readSmtpLines(stream, { maxLineOctets: 512 })) {
 *   lines.push(new TextDecoder().decode(line));
 * }
 * lines //=> ['EHLO client.example', 'XCLIENT ADDR=192.0.2.1', 'QUIT']
 * ```
 * @see RFC 5321 §4.5.3.1.4 (line lengths), §4.5.3.2.7 (server timeout)
 * @remarks Since 0.1.0
 */
export function readSmtpLines(stream: Duplex, options: SmtpLineReaderOptions = {}): SmtpLineReader {
  const max = positiveInteger('maxLineOctets', options.maxLineOctets, 2048);
  const timeout = positiveInteger('timeout', options.timeout, 300_000);
  const closed = lineError('CONNECTION_CLOSED');
  const source = new LineSource(stream, max, options.signal, {
    overflow: () =>
      new XclientError({
        code: 'LINE_TOO_LONG',
        message: `a line longer than ${max} octets`,
        reply: LINE.tooLong,
      }),
    aborted: () => lineError('CONNECTION_ABORTED')('the reading was aborted'),
    broken: (cause) => closed(`connection error: ${cause.message}`),
  });
  const done = { done: true, value: undefined } as const;
  let finished = false;
  const finish = (): Uint8Array => {
    finished = true;
    return source.release();
  };
  const reader: SmtpLineReader = {
    async next() {
      if (finished) return done;
      try {
        const line = await source.next(Date.now() + timeout, () =>
          lineError('CONNECTION_TIMEOUT')(`no line within ${timeout} ms`),
        );
        if (line !== undefined) return { done: false, value: line };
        if (source.endedMidLine) throw closed('the stream ended in the middle of a line');
        finish();
        return done;
      } catch (e) {
        finish();
        throw e;
      }
    },
    async return() {
      const rest = finished ? EMPTY : finish();
      // An ended stream refuses octets given back (ERR_STREAM_UNSHIFT_AFTER_END_EVENT); an
      // empty chunk given back is nothing.
      if (stream.readableEnded) return done;
      // Stryker disable next-line ConditionalExpression: a destroyed stream drops what it is given back
      if (!stream.destroyed) stream.unshift(Buffer.from(rest));
      return done;
    },
    release: () => (finished ? EMPTY : finish()),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  return reader;
}
