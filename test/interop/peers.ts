// Shared helpers of the interop suites written for issue 7: a raw SMTP client on octets (the
// parser suite sends lines that are not UTF-8; harness.ts's client works on strings), the
// loopback guard, seeds, a worker pool, and the "fail loudly in CI, skip visibly elsewhere"
// rule.
//
// Every connection made from here goes to a loopback address: assertLoopback() refuses
// anything else before a socket is opened.

import { existsSync } from 'node:fs';
import net from 'node:net';
import { formatXclient, type Reply, type XclientAttributes } from 'smtp-xclient';
import {
  ensurePostfix as harnessEnsurePostfix,
  logOffset,
  POSTFIX,
  portAnswers,
  readLog,
} from './harness.js';

// The Postfix instance, its start and its log come from harness.ts (shared with the other
// interop suites); the suites import them from here.
export { logOffset, POSTFIX, readLog };

export const IN_CI = process.env.CI === 'true';

// ---------------------------------------------------------------------------------------
// The loopback rule

/** Throws unless `host` is a loopback address (127.0.0.0/8 or ::1). */
export function assertLoopback(host: string): void {
  if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) && host !== '::1') {
    throw new Error(`refusing to connect to ${host}: the interop suite only uses loopback`);
  }
}

// ---------------------------------------------------------------------------------------
// Components that may be missing

/**
 * Whether a suite may run: true when the component is there. When it is not, CI fails loudly
 * (throws) and a developer's run gets a visible message and a skip.
 */
export function requireComponent(what: string, available: boolean, why = ''): boolean {
  if (available) return true;
  const message = `${what} is not available${why === '' ? '' : `: ${why}`}`;
  if (IN_CI) throw new Error(`${message} (CI=true: the interop suite must run)`);
  console.warn(`\n*** SKIPPED: ${message}. Outside CI the suite skips; CI fails here. ***\n`);
  return false;
}

// ---------------------------------------------------------------------------------------
// Seeds

/** The fast-check seed: FC_SEED from the environment, else the suite's fixed default. */
export function seedFromEnv(fallback: number): number {
  const raw = process.env.FC_SEED;
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new Error(`FC_SEED must be an integer, not ${raw}`);
  return n | 0;
}

// ---------------------------------------------------------------------------------------
// A raw SMTP client

/** A reply as received: code, enhanced code, text (UTF-8 decoded), and the raw lines. */
export interface WireReply {
  readonly code: number;
  readonly enhanced?: string;
  /** The text of a one-line reply; the lines' texts joined with LF for a multi-line one. */
  readonly text: string;
  /** Each line's text (without code, separator and enhanced code). */
  readonly lines: readonly string[];
  /** The reply lines as received (UTF-8 decoded, U+FFFD for ill-formed octets), without CRLF. */
  readonly raw: readonly string[];
  /** The reply lines' octets, without CRLF. */
  readonly octets: readonly Buffer[];
}

const utf8 = new TextDecoder('utf-8');
const ENHANCED = /^([245]\.\d{1,3}\.\d{1,3})(?: |$)/;

/** Parses the lines of one reply (without CRLF), as probe.mjs does. */
export function parseWireReply(octets: readonly Buffer[]): WireReply {
  const raw = octets.map((o) => utf8.decode(o));
  const first = raw[0] ?? '';
  const code = Number(first.slice(0, 3));
  const texts = raw.map((l) => l.slice(4));
  const m = ENHANCED.exec(texts[0] ?? '');
  const enhanced = m?.[1];
  const lines = texts.map((t) =>
    enhanced !== undefined && t.startsWith(enhanced)
      ? t.slice(enhanced.length).replace(/^ /, '')
      : t,
  );
  const base = { code, text: lines.join('\n'), lines, raw, octets };
  return enhanced === undefined ? base : { ...base, enhanced };
}

/** The CRLF-terminated octets of a line (a string is UTF-8 encoded). */
export function lineOctets(line: string | Uint8Array): Buffer {
  const body = typeof line === 'string' ? Buffer.from(line, 'utf8') : Buffer.from(line);
  return Buffer.concat([body, Buffer.from('\r\n')]);
}

/**
 * One SMTP connection, read reply by reply. Replies are split on LF, each line decoded as
 * UTF-8 (Postfix's replies are octets; what it echoes passed its UTF-8 check).
 */
export class SmtpClient {
  private buffer = Buffer.alloc(0);
  private waiters: Array<(r: WireReply | undefined) => void> = [];
  private ended = false;
  readonly socket: net.Socket;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.on('data', (d: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, d]);
      this.pump();
    });
    const end = (): void => {
      this.ended = true;
      this.pump();
    };
    socket.on('close', end);
    socket.on('end', end);
    socket.on('error', end);
  }

  /** Connects to a loopback address. */
  static connect(host: string, port: number, timeoutMs = 10_000): Promise<SmtpClient> {
    assertLoopback(host);
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`connect to ${host}:${port} timed out`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(new SmtpClient(socket));
      });
      socket.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
  }

  /** The client's own port (what Postfix logs for a connection without XCLIENT PORT). */
  get localPort(): number {
    return this.socket.localPort ?? 0;
  }

  /** Whether the server has closed the connection and every reply has been read. */
  get closed(): boolean {
    return this.ended && this.buffer.length === 0;
  }

  private takeReply(): WireReply | undefined {
    const raw: Buffer[] = [];
    let offset = 0;
    for (;;) {
      const lf = this.buffer.indexOf(0x0a, offset);
      if (lf < 0) return undefined;
      let end = lf;
      if (end > offset && this.buffer[end - 1] === 0x0d) end--;
      const line = Buffer.from(this.buffer.subarray(offset, end));
      raw.push(line);
      offset = lf + 1;
      if (line.length < 4 || line[3] !== 0x2d) {
        this.buffer = this.buffer.subarray(offset);
        return parseWireReply(raw);
      }
    }
  }

  private pump(): void {
    while (this.waiters.length > 0) {
      const reply = this.takeReply();
      if (reply !== undefined) {
        (this.waiters.shift() as (r: WireReply | undefined) => void)(reply);
        continue;
      }
      if (this.ended) {
        (this.waiters.shift() as (r: WireReply | undefined) => void)(undefined);
        continue;
      }
      return;
    }
  }

  /** The next reply, or undefined when the connection closed first. Times out loudly. */
  read(timeoutMs = 15_000): Promise<WireReply | undefined> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = this.waiters.indexOf(done);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(new Error(`no reply within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (r: WireReply | undefined): void => {
        clearTimeout(timer);
        resolve(r);
      };
      this.waiters.push(done);
      this.pump();
    });
  }

  /** Sends a line (CRLF added); false when the connection is already closed. */
  send(line: string | Uint8Array): boolean {
    if (this.ended || this.socket.destroyed) return false;
    this.socket.write(lineOctets(line));
    return true;
  }

  /** Sends a line and reads its reply (undefined when the connection is closed). */
  async command(line: string | Uint8Array): Promise<WireReply | undefined> {
    if (!this.send(line)) return undefined;
    return this.read();
  }

  /** QUIT when still open, then close the socket. */
  async quit(): Promise<void> {
    try {
      if (!this.ended) await this.command('QUIT');
    } catch {
      // the socket goes anyway
    } finally {
      this.socket.destroy();
    }
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Runs `work` over `items` with `concurrency` workers, keeping the results in order. */
export async function pool<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i] as T, i);
      }
    }),
  );
  return results;
}

// ---------------------------------------------------------------------------------------
// Postfix (on top of harness.ts)

let postfixChecked: Promise<{ ok: boolean; why: string }> | undefined;

/**
 * Makes sure the probe Postfix answers on both ports (harness.ts starts it when it can, and
 * throws in CI when it cannot). Resolves to whether it is usable, with the reason.
 */
export function ensurePostfix(): Promise<{ ok: boolean; why: string }> {
  postfixChecked ??= (async () => {
    const status = await harnessEnsurePostfix();
    if (!status.ok) return { ok: false, why: status.reason };
    if (!(await portAnswers(POSTFIX.noauthPort, POSTFIX.host, 5000))) {
      return { ok: false, why: `nothing answers on ${POSTFIX.host}:${POSTFIX.noauthPort}` };
    }
    return { ok: true, why: '' };
  })();
  return postfixChecked;
}

/**
 * What Postfix appends to its log after a mark: `mark()` remembers the current size,
 * `since()` returns the lines written after it.
 */
export class PostfixLog {
  private start = 0;
  constructor(readonly file: string = POSTFIX.log) {}

  exists(): boolean {
    return existsSync(this.file);
  }

  mark(): void {
    this.start = logOffset(this.file);
  }

  since(): string[] {
    return readLog(this.start, this.file);
  }

  /** Polls until `done(lines)` holds or the time is up; returns the last lines read. */
  async waitFor(
    done: (lines: readonly string[]) => boolean,
    timeoutMs = 20_000,
  ): Promise<string[]> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const lines = this.since();
      if (done(lines) || Date.now() > until) return lines;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

// ---------------------------------------------------------------------------------------
// Small utilities

/**
 * Octets as text the way the library shows them in replies: well-formed UTF-8 sequences
 * (RFC 3629 §4) decoded, every octet of an ill-formed sequence shown as `?`. Written here
 * from the RFC, not taken from the library. Returns the text and whether any octet was
 * ill-formed.
 */
export function octetsAsText(octets: Uint8Array): {
  readonly text: string;
  readonly illFormed: boolean;
} {
  let text = '';
  let illFormed = false;
  let i = 0;
  while (i < octets.length) {
    const b = octets[i] as number;
    let length = 0;
    if (b < 0x80) length = 1;
    else if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) length = 3;
    else if (b >= 0xf0 && b <= 0xf4) length = 4;
    let ok = length > 0 && i + length <= octets.length;
    for (let k = 1; ok && k < length; k++) {
      const t = octets[i + k] as number;
      let low = 0x80;
      let high = 0xbf;
      if (k === 1 && b === 0xe0) low = 0xa0;
      if (k === 1 && b === 0xed) high = 0x9f;
      if (k === 1 && b === 0xf0) low = 0x90;
      if (k === 1 && b === 0xf4) high = 0x8f;
      ok = t >= low && t <= high;
    }
    if (ok) {
      text += utf8.decode(octets.subarray(i, i + length));
      i += length;
    } else {
      text += '?';
      illFormed = true;
      i++;
    }
  }
  return { text, illFormed };
}

/** The text of a one-line reply from its octets (after the code and enhanced code). */
function replyTextOctets(reply: WireReply): Buffer {
  const line = reply.octets[0] ?? Buffer.alloc(0);
  let start = Math.min(4, line.length);
  if (reply.enhanced !== undefined) start += reply.enhanced.length + 1;
  return line.subarray(Math.min(start, line.length));
}

/**
 * How a reply received compares with the library's: `'same'` (code, enhanced code and text),
 * `'same-masked'` (the same once every octet of an ill-formed UTF-8 sequence in the received
 * text is read as `?`, which is how the library's string replies show such octets), or
 * `'different'`.
 */
export function matchReply(
  theirs: WireReply | undefined,
  ours: Reply,
): 'same' | 'same-masked' | 'different' {
  if (theirs === undefined) return 'different';
  const text = typeof ours.text === 'string' ? ours.text : ours.text.join('\n');
  if (theirs.code !== ours.code || theirs.enhanced !== ours.enhanced) return 'different';
  if (theirs.text === text) return 'same';
  const shown = octetsAsText(replyTextOctets(theirs));
  return shown.illFormed && theirs.octets.length === 1 && shown.text === text
    ? 'same-masked'
    : 'different';
}

/**
 * The 16 octets of an IPv4 (as ::ffff:a.b.c.d) or IPv6 address, with or without `IPv6:`;
 * undefined when it is neither. Written with node:net and the WHATWG URL parser, not with
 * the library.
 */
export function addressOctets(address: string): number[] | undefined {
  const a = address.replace(/^ipv6:/i, '');
  if (net.isIPv4(a)) return [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...a.split('.').map(Number)];
  if (!net.isIPv6(a)) return undefined;
  const canonical = new URL(`http://[${a}]/`).hostname.slice(1, -1); // hex groups only
  const [head = '', tail] = canonical.split('::');
  const groups = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const h = groups(head);
  const t = tail === undefined ? [] : groups(tail);
  const all = [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return all.flatMap((g) => {
    const n = Number.parseInt(g, 16);
    return [n >> 8, n & 0xff];
  });
}

/** Whether two address texts name the same address (see {@link addressOctets}). */
export function sameAddressOctets(x: string, y: string): boolean {
  const a = addressOctets(x);
  const b = addressOctets(y);
  return a !== undefined && b !== undefined && a.join('.') === b.join('.');
}

/**
 * The set, with PORT present (and DESTADDR, DESTPORT with `dest`), and LOGIN then HELO
 * padded with `p` until formatXclient needs two commands: random sets rarely do.
 */
export function forceSplit(
  a: XclientAttributes,
  i: number,
  options: { readonly dest: boolean },
): XclientAttributes {
  let out: XclientAttributes = { ...a, PORT: a.PORT ?? 10_000 + i };
  if (options.dest) {
    out = {
      ...out,
      DESTADDR: a.DESTADDR ?? `2001:db8:ffff:ffff:ffff:ffff:ffff:${(i + 1).toString(16)}`,
      DESTPORT: a.DESTPORT ?? 2525,
    };
  }
  for (const field of ['LOGIN', 'HELO'] as const) {
    const value = a[field];
    const base = typeof value === 'string' ? value : `${field.toLowerCase()}${i}`;
    for (let pad = 0; pad <= 255; pad++) {
      const candidate = { ...out, [field]: base + 'p'.repeat(pad) };
      let lines: string[];
      try {
        lines = formatXclient(candidate);
      } catch {
        break; // the value or the last command is full: try the next field
      }
      out = candidate;
      if (lines.length > 1) return out;
    }
  }
  return out;
}

/** Commands Postfix's smtpd implements besides XCLIENT (smtpd.c's command table). */
export const OTHER_POSTFIX_COMMANDS: ReadonlySet<string> = new Set([
  'HELO',
  'EHLO',
  'XFORWARD',
  'AUTH',
  'MAIL',
  'RCPT',
  'DATA',
  'BDAT',
  'RSET',
  'NOOP',
  'VRFY',
  'ETRN',
  'QUIT',
  'STARTTLS',
]);

/** The first token of a line as Postfix cuts it (C isspace), upper-cased. */
export function verbOf(line: Uint8Array | string): string {
  const text = typeof line === 'string' ? line : Buffer.from(line).toString('latin1');
  return (text.trim().split(/[ \t\n\v\f\r]+/)[0] ?? '').toUpperCase();
}

/** Hex of octets, for failure messages. */
export function hex(octets: Uint8Array): string {
  return Buffer.from(octets).toString('hex');
}

/** A line shown safely in a message: JSON of its latin1 view (one char per octet). */
export function show(octets: Uint8Array | string): string {
  return JSON.stringify(
    typeof octets === 'string' ? octets : Buffer.from(octets).toString('latin1'),
  );
}
