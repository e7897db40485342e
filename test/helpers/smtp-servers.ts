/**
 * Small SMTP servers on 127.0.0.1 (ephemeral ports) for the tests of smtp-xclient/node: a
 * scripted one that answers line by line, and hostile ones; plus a count of the handles and
 * timers a test leaves behind.
 */
import net from 'node:net';
import tls from 'node:tls';
import {
  type ConnectWithXclientOptions,
  connectWithXclient,
  XclientConnectionError,
} from 'smtp-xclient/node';
import { afterEach, expect } from 'vitest';

/** What the server does with a line: reply (CR LF added), stay silent, close, TLS, raw octets. */
export type Action =
  | string
  | null
  | { readonly close: true }
  | { readonly starttls: true }
  | { readonly raw: string };

export interface Script {
  /** The greeting; null: never greet. @defaultValue '220 mx.example ESMTP' */
  readonly greeting?: string | null;
  /** The answer to each line; the default answers as a Postfix that authorizes us would. */
  readonly on?: (line: string, events: string[]) => Action | Promise<Action>;
  /** Called when a STARTTLS handshake completes, with the name the client sent (SNI). */
  readonly onTls?: (servername: string | false) => void;
}

export interface Fake {
  readonly port: number;
  /** Every line received and `*` events (`* connect`, `* tls`), over all connections. */
  readonly events: string[];
  /** The lines received, without the events. */
  readonly received: () => string[];
  /** Every octet received on the TCP sockets, in order, as latin1 text (ciphertext after TLS). */
  readonly wire: () => string;
  /** Closes the listener and every connection it accepted. */
  readonly close: () => Promise<void>;
}

export const ANNOUNCE = 'XCLIENT NAME ADDR PROTO HELO REVERSE_NAME PORT LOGIN DESTADDR DESTPORT';

/** Answers as Postfix answers a client it authorizes for XCLIENT. */
export function postfixLike(line: string): Action {
  const verb = line.split(' ')[0]?.toUpperCase();
  if (verb === 'EHLO') return `250-mx.example\r\n250-PIPELINING\r\n250 ${ANNOUNCE}`;
  if (verb === 'HELO') return '250 mx.example';
  if (verb === 'XCLIENT') return '220 mx.example ESMTP';
  if (verb === 'QUIT') return '221 2.0.0 Bye';
  if (verb === 'MAIL' || verb === 'RCPT' || verb === 'RSET') return '250 2.0.0 Ok';
  return '502 5.5.2 Error: command not recognized';
}

export const TEST_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgjU0XyOJ+eOda9suW
1SvsxaQVWxbz7ovHHhVeDVyP/DehRANCAARkp6/rz4KUteaO7xbo3XrIIygrVeFQ
DZ/RMnJLv9IkHxsXpStMsc/0BnW4jWIuQRsEQud/eM2osq1rGmLa147c
-----END PRIVATE KEY-----
`;
/** Self-signed, for localhost and 127.0.0.1. */
export const TEST_CERT = `-----BEGIN CERTIFICATE-----
MIIBmjCCAUGgAwIBAgIUeUUri9qpAXr7RihR3OyNP+0q3ZQwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTEyNDIyNDgwM1oYDzIxMjYxMDMx
MjI0ODAzWjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAARkp6/rz4KUteaO7xbo3XrIIygrVeFQDZ/RMnJLv9IkHxsXpStMsc/0
BnW4jWIuQRsEQud/eM2osq1rGmLa147co28wbTAdBgNVHQ4EFgQU2sOrC02HJcAP
aTt/HcoBirV5520wHwYDVR0jBBgwFoAU2sOrC02HJcAPaTt/HcoBirV5520wDwYD
VR0TAQH/BAUwAwEB/zAaBgNVHREEEzARgglsb2NhbGhvc3SHBH8AAAEwCgYIKoZI
zj0EAwIDRwAwRAIgAdbfluNKPDFOqXaT2kml/1wzbH/2ux9Vjly81EJXvQ8CIFX/
EVIjkR2oY/iNQzjSk5czJeVlrCnEAFkjehA69FO2
-----END CERTIFICATE-----
`;

/** A listener on 127.0.0.1 that runs `serve` for each connection; `close()` ends them all. */
export async function listen(serve: (socket: net.Socket, events: string[]) => void): Promise<Fake> {
  const events: string[] = [];
  const octets: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('data', (d: Buffer) => octets.push(d));
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    events.push('* connect');
    serve(socket, events);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    events,
    received: () => events.filter((e) => !e.startsWith('* ')),
    wire: () => Buffer.concat(octets).toString('latin1'),
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** A scripted SMTP server: greets, then answers each line as `script.on` says. */
export function scripted(script: Script = {}): Promise<Fake> {
  const on = script.on ?? postfixLike;
  return listen((socket, events) => {
    let stream: net.Socket = socket;
    let buffer = '';
    let busy = Promise.resolve();
    const greeting = script.greeting === undefined ? '220 mx.example ESMTP' : script.greeting;
    if (greeting !== null) socket.write(`${greeting}\r\n`);
    const onData = (chunk: Buffer): void => {
      buffer += chunk.toString('latin1');
      for (let lf = buffer.indexOf('\n'); lf >= 0; lf = buffer.indexOf('\n')) {
        const line = buffer.slice(0, lf).replace(/\r$/, '');
        buffer = buffer.slice(lf + 1);
        events.push(line);
        busy = busy.then(async () => act(await on(line, events)));
      }
    };
    const act = (action: Action): void => {
      if (action === null || stream.destroyed) return;
      if (typeof action === 'string') stream.write(`${action}\r\n`);
      else if ('raw' in action) stream.write(action.raw);
      else if ('close' in action) stream.destroy();
      else {
        stream.write('220 2.0.0 Ready to start TLS\r\n');
        socket.off('data', onData);
        const secure = new tls.TLSSocket(socket, {
          isServer: true,
          key: TEST_KEY,
          cert: TEST_CERT,
        });
        secure.on('error', () => {});
        secure.on('secure', () => {
          events.push('* tls');
          script.onTls?.(secure.servername ?? false);
        });
        secure.on('data', onData);
        stream = secure;
      }
    };
    socket.on('data', onData);
  });
}

/** As {@link postfixLike}, announcing STARTTLS too and taking it (the TLS handshake follows). */
export function withStartTls(line: string): Action {
  if (line === 'STARTTLS') return { starttls: true };
  return line.startsWith('EHLO')
    ? `250-mx.example\r\n250-STARTTLS\r\n250 ${ANNOUNCE}`
    : postfixLike(line);
}

/**
 * The servers and client sockets a test file opens, each closed after its test: call it once
 * at the top of the file (it registers the `afterEach`).
 */
export function closedAfterEach(): {
  /** A scripted server, closed after the test. */
  readonly fake: (script?: Script) => Promise<Fake>;
  /** A server of its own handler, closed after the test. */
  readonly serve: (handler: Parameters<typeof listen>[0]) => Promise<Fake>;
  /** Servers opened some other way, closed after the test. */
  readonly fakes: Fake[];
  /** Client sockets, destroyed after the test. */
  readonly sockets: net.Socket[];
} {
  const fakes: Fake[] = [];
  const sockets: net.Socket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    await Promise.all(fakes.splice(0).map((f) => f.close()));
  });
  const kept = (f: Fake): Fake => {
    fakes.push(f);
    return f;
  };
  return {
    fake: async (script) => kept(await scripted(script)),
    serve: async (handler) => kept(await listen(handler)),
    fakes,
    sockets,
  };
}

/** connectWithXclient's options for a fake server: ADDR 192.0.2.1, a short timeout, and `more`. */
export const connectOptions = (
  f: Fake,
  more: Partial<ConnectWithXclientOptions> = {},
): ConnectWithXclientOptions => ({
  host: '127.0.0.1',
  port: f.port,
  identity: { ADDR: '192.0.2.1' },
  timeout: 2000,
  ...more,
});

/** What connectWithXclient rejected with (a connection it made instead is destroyed). */
export async function connectFailure(
  options: ConnectWithXclientOptions,
): Promise<XclientConnectionError> {
  const e = await connectWithXclient(options).then(
    (c) => {
      c.socket.destroy();
      return undefined;
    },
    (error: unknown) => error,
  );
  expect(e).toBeInstanceOf(XclientConnectionError);
  return e as XclientConnectionError;
}

/** The handles and timers of this process, by kind (`TCPSocketWrap`, `Timeout` …). */
export function resources(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) out[r] = (out[r] ?? 0) + 1;
  return out;
}

/**
 * Waits until no more sockets, servers and timers are active than in `before` (closed
 * handles go away on a later turn of the event loop), and returns what is left over.
 */
export async function leftover(before: Record<string, number>): Promise<Record<string, number>> {
  const kinds = ['TCPSocketWrap', 'TCPServerWrap', 'TLSWrap', 'Timeout'];
  let extra: Record<string, number> = {};
  for (let i = 0; i < 100; i++) {
    const now = resources();
    extra = {};
    for (const k of kinds) {
      const n = (now[k] ?? 0) - (before[k] ?? 0);
      if (n > 0) extra[k] = n;
    }
    if (Object.keys(extra).length === 0) return extra;
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, 10));
  }
  return extra;
}
