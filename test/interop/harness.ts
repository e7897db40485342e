// Test helpers for the live interop suites: make sure the loopback Postfix runs, talk SMTP to
// it, and read what it logged. Loopback only: every connection is refused unless the host is
// 127.0.0.0/8, ::1 or localhost.
//
//   const postfix = await ensurePostfix();          // throws in CI when it cannot start
//   describe.skipIf(!postfix.ok)('…', () => { … });  // elsewhere: skipped, with the reason printed
//   const smtp = await openSmtp({ port: POSTFIX.authPort });
//   const r = await smtp.command('EHLO proxy.example');   // { code, lines, text }
//   const since = logOffset();  …  await waitForLog((l) => l.some(…), { since });
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Where the live Postfix listens and logs (see ../shared/scripts/start-postfix.sh). */
export const POSTFIX = {
  host: '127.0.0.1',
  host6: '::1',
  /** XCLIENT authorized for 127.0.0.0/8 and [::1]/128. */
  authPort: Number(process.env.AUTH_PORT ?? 10025),
  /** XCLIENT not authorized. */
  noauthPort: Number(process.env.NOAUTH_PORT ?? 10026),
  log: '/var/log/postfix-xclient-probe.log',
  hostname: 'xclient-probe.localdomain',
  banner: 'xclient-probe.localdomain ESMTP probe',
  authorizedHosts: ['127.0.0.0/8', '[::1]/128'],
} as const;

/** The shared directory with the scripts: $SMTP_XCLIENT_SHARED, else ../shared next to the repo. */
export const sharedDir = (): string =>
  process.env.SMTP_XCLIENT_SHARED ?? path.resolve(repoRoot, '../shared');

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|localhost)$/;

function assertLoopback(host: string): void {
  if (!LOOPBACK.test(host)) throw new Error(`refusing to connect to non-loopback host ${host}`);
}

/** Whether something accepts TCP connections on host:port within `timeoutMs`. */
export function portAnswers(port: number, host = POSTFIX.host, timeoutMs = 1000): Promise<boolean> {
  assertLoopback(host);
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The verdict of {@link ensurePostfix}. */
export type PostfixStatus =
  | { readonly ok: true; readonly started: boolean }
  | { readonly ok: false; readonly reason: string };

/**
 * Makes sure the loopback Postfix answers on the authorized port, running start-postfix.sh
 * when it does not. When it cannot: in CI (`CI=true`) it throws, so the suite fails loudly;
 * elsewhere it returns the reason, for `describe.skipIf` and a visible message.
 */
export async function ensurePostfix(): Promise<PostfixStatus> {
  if (await portAnswers(POSTFIX.authPort)) return { ok: true, started: false };
  const script = path.join(sharedDir(), 'scripts', 'start-postfix.sh');
  let reason: string;
  if (process.getuid?.() !== 0) {
    reason = `Postfix is not answering on ${POSTFIX.host}:${POSTFIX.authPort} and ${script} needs root`;
  } else {
    const run = spawnSync('bash', [script], { encoding: 'utf8', timeout: 180_000 });
    if (run.status === 0 && (await portAnswers(POSTFIX.authPort, POSTFIX.host, 5000))) {
      return { ok: true, started: true };
    }
    const output = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim().split('\n').slice(-5).join('\n');
    reason = `${script} failed (status ${String(run.status)}${run.error ? `, ${run.error.message}` : ''}):\n${output}`;
  }
  if (process.env.CI === 'true') throw new Error(`live Postfix unavailable in CI: ${reason}`);
  return { ok: false, reason };
}

// ---------------------------------------------------------------------------------------
// SMTP over a socket

/** One reply as read: the code, the raw lines (no CRLF) and each line's text after `NNN-`. */
export interface SmtpReply {
  readonly code: number;
  readonly lines: readonly string[];
  readonly text: readonly string[];
}

/** A minimal SMTP client connection: read replies, send commands. */
export interface SmtpConnection {
  /** The greeting read on connect. */
  readonly greeting: SmtpReply;
  /** The local port of the connection (what Postfix logs as the client port). */
  readonly localPort: number;
  /** Sends a line (CRLF added) and reads its reply. */
  command(line: string): Promise<SmtpReply>;
  /** Writes raw text, no CRLF added (for pipelining). */
  write(text: string): void;
  /** Reads the next reply. */
  read(): Promise<SmtpReply>;
  /** Sends QUIT when still open, then closes. */
  close(): Promise<void>;
  /** Whether the server closed the connection. */
  readonly closed: boolean;
}

export interface OpenOptions {
  readonly host?: string;
  readonly port?: number;
  /** Per-reply timeout. @defaultValue 5000 */
  readonly timeoutMs?: number;
}

/** Connects to the loopback Postfix and reads the greeting. */
export async function openSmtp(options: OpenOptions = {}): Promise<SmtpConnection> {
  const host = options.host ?? POSTFIX.host;
  const port = options.port ?? POSTFIX.authPort;
  const timeoutMs = options.timeoutMs ?? 5000;
  assertLoopback(host);
  const socket = net.connect({ host, port });
  let buffer = '';
  let closed = false;
  let error: Error | undefined;
  let wake: (() => void) | undefined;
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    wake?.();
  });
  socket.on('close', () => {
    closed = true;
    wake?.();
  });
  socket.on('error', (e) => {
    error = e;
    closed = true;
    wake?.();
  });

  /** A complete reply at the start of the buffer, removed from it. */
  const take = (): SmtpReply | undefined => {
    const lines: string[] = [];
    let offset = 0;
    for (;;) {
      const lf = buffer.indexOf('\n', offset);
      if (lf < 0) return undefined;
      const line = buffer.slice(offset, lf).replace(/\r$/, '');
      lines.push(line);
      offset = lf + 1;
      if (line.charAt(3) !== '-') break;
    }
    buffer = buffer.slice(offset);
    return {
      code: Number(lines[0]?.slice(0, 3)),
      lines,
      text: lines.map((l) => l.slice(4)),
    };
  };

  const read = async (): Promise<SmtpReply> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const reply = take();
      if (reply !== undefined) return reply;
      if (closed)
        throw new Error(
          `connection closed${error ? `: ${error.message}` : ''} (pending: ${JSON.stringify(buffer)})`,
        );
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `no complete reply within ${timeoutMs} ms (pending: ${JSON.stringify(buffer)})`,
        );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  };

  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
  const greeting = await read();
  const write = (text: string): void => {
    if (!closed) socket.write(text);
  };
  return {
    greeting,
    localPort: socket.localPort ?? 0,
    get closed() {
      return closed;
    },
    read,
    write,
    command: (line) => {
      if (/[\r\n]/.test(line)) throw new Error('a command line cannot hold CR or LF');
      write(`${line}\r\n`);
      return read();
    },
    async close() {
      if (!closed) {
        write('QUIT\r\n');
        await read().catch(() => undefined);
      }
      socket.destroy();
    },
  };
}

// ---------------------------------------------------------------------------------------
// The Postfix log (docs/spec/postfix.md §8)

/** The current size of the log: pass it as `since` to read only what comes after. */
export function logOffset(file: string = POSTFIX.log): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** The log lines written after `since` (an offset from {@link logOffset}). */
export function readLog(since = 0, file: string = POSTFIX.log): string[] {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return [];
  }
  try {
    const size = statSync(file).size;
    const start = since > size ? 0 : since; // rotated or truncated: read it all
    const bytes = Buffer.alloc(size - start);
    readSync(fd, bytes, 0, bytes.length, start);
    return bytes
      .toString('utf8')
      .split('\n')
      .filter((l) => l !== '');
  } finally {
    closeSync(fd);
  }
}

export interface WaitOptions {
  readonly since?: number;
  readonly timeoutMs?: number;
  readonly file?: string;
}

/**
 * Polls the log until `done(lines)` is true for the lines written after `since` (postlogd
 * writes asynchronously), and returns them; throws with the lines seen after `timeoutMs`.
 */
export async function waitForLog(
  done: (lines: readonly string[]) => boolean,
  options: WaitOptions = {},
): Promise<string[]> {
  const deadline = Date.now() + (options.timeoutMs ?? 5000);
  for (;;) {
    const lines = readLog(options.since ?? 0, options.file);
    if (done(lines)) return lines;
    if (Date.now() > deadline) {
      throw new Error(`log condition not met; lines seen:\n${lines.slice(-20).join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The queue id of the lines that mention `text` (a sender address, say), if any. */
export function queueIdOf(lines: readonly string[], text: string): string | undefined {
  for (const line of lines) {
    if (!line.includes(text)) continue;
    const m = /\]: ([0-9A-F]{6,}): /.exec(line);
    if (m) return m[1];
  }
  return undefined;
}

/** The lines of one queue id (`QID: client=…`, `QID: reject: …`). */
export function linesOfQueue(lines: readonly string[], queueId: string): string[] {
  return lines.filter((l) => l.includes(`]: ${queueId}: `));
}

/** The lines that mention a client string such as `n.example[127.0.0.5]:4242`. */
export function linesOfClient(lines: readonly string[], client: string): string[] {
  return lines.filter((l) => l.includes(client));
}

/** What one transaction's log lines say about the client (docs/spec/postfix.md §8). */
export interface LoggedClient {
  /** `name[addr]:port` from the `client=` line. */
  readonly client?: string;
  readonly saslMethod?: string;
  readonly saslUsername?: string;
  /** `name[addr]:port` from a `reject: RCPT from` line. */
  readonly rejectFrom?: string;
  readonly proto?: string;
  readonly helo?: string;
}

/** Reads the `client=` and `reject: RCPT` lines of one queue id. */
export function loggedClient(lines: readonly string[], queueId: string): LoggedClient {
  const own = linesOfQueue(lines, queueId);
  const out: Record<string, string> = {};
  for (const line of own) {
    const c = /: client=([^,\s]+)(?:, sasl_method=([^,]+))?(?:, sasl_username=(.*))?$/.exec(line);
    if (c) {
      out.client = c[1] as string;
      if (c[2] !== undefined) out.saslMethod = c[2];
      if (c[3] !== undefined) out.saslUsername = c[3];
    }
    const r = /: reject: RCPT from (\S+): .* proto=(\S+)(?: helo=<(.*)>)?$/.exec(line);
    if (r) {
      out.rejectFrom = r[1] as string;
      out.proto = r[2] as string;
      if (r[3] !== undefined) out.helo = r[3];
    }
  }
  return out;
}
