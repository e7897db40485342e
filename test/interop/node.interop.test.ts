// smtp-xclient/node against the live loopback Postfix 3.7.11 of start-postfix.sh, and end to
// end behind a real HAProxy (Debian's package):
//
// - connectWithXclient on 127.0.0.1:10025 and on 127.0.0.1:10029, which refuses anything
//   pipelined after XCLIENT (smtpd_forbid_unauth_pipelining = yes, Postfix 3.9's default),
//   with an identity that needs two XCLIENT commands, then reuseWithXclient for a second
//   client on the same connection; Postfix's log must show exactly each identity.
// - swaks connects from 127.0.0.5 to HAProxy, which forwards to examples/proxy.mjs with
//   send-proxy-v2 (then send-proxy, version 1); the example reads the PROXY header and hands
//   the session to Postfix with connectWithXclient. Postfix must log 127.0.0.5 and swaks'
//   port.
//
// HAProxy and the example proxy are started here, on free loopback ports, with a config file
// in a temporary directory, and stopped by their pid. CI (CI=true) fails when a component is
// missing; elsewhere the suite skips with a visible message (peers.ts requireComponent).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UNAVAILABLE, type XclientAttributes } from 'smtp-xclient';
import { connectWithXclient, reuseWithXclient, type XclientConnection } from 'smtp-xclient/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  loggedClient,
  logOffset,
  POSTFIX,
  portAnswers,
  queueIdOf,
  readLog,
  waitForLog,
} from './harness.js';
import { ensurePostfix, requireComponent } from './peers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PIPELINING_PORT = Number(process.env.PIPELINING_PORT ?? 10029);
const LOCAL_RCPT = `probe@${POSTFIX.hostname}`;
const RELAY_RCPT = 'r@example.net';

const status = await ensurePostfix();
const postfix =
  requireComponent(
    `Postfix on ${POSTFIX.host}:${POSTFIX.authPort}`,
    status.ok,
    status.why || 'run ../shared/scripts/start-postfix.sh as root',
  ) &&
  requireComponent(
    `Postfix on ${POSTFIX.host}:${PIPELINING_PORT} (smtpd_forbid_unauth_pipelining = yes)`,
    await portAnswers(PIPELINING_PORT),
    'run ../shared/scripts/start-postfix.sh as root',
  );

// ---------------------------------------------------------------------------------------
// A transaction on a handed-over socket, and what Postfix logged

/** Sends a line on a raw socket and reads one whole reply; returns its code. */
function command(socket: net.Socket, line: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (d: Buffer): void => {
      text += d.toString();
      const last = text.split('\r\n').filter(Boolean).at(-1) ?? '';
      if (text.endsWith('\r\n') && /^\d{3}( |$)/.test(last)) {
        socket.off('data', onData);
        socket.off('error', reject);
        socket.pause();
        resolve(Number(last.slice(0, 3)));
      }
    };
    socket.on('data', onData);
    socket.once('error', reject);
    socket.resume(); // a handed-over socket is paused
    socket.write(`${line}\r\n`);
  });
}

/** MAIL, a local RCPT (Postfix opens a queue file: the client= line), a relay RCPT (the
 * reject line, with proto and helo), RSET. */
async function transaction(c: XclientConnection, sender: string): Promise<void> {
  expect(await command(c.socket, `MAIL FROM:<${sender}>`)).toBe(250);
  expect(await command(c.socket, `RCPT TO:<${LOCAL_RCPT}>`)).toBe(250);
  expect(await command(c.socket, `RCPT TO:<${RELAY_RCPT}>`)).toBe(554);
  expect(await command(c.socket, 'RSET')).toBe(250);
}

const label = (c: XclientAttributes): string =>
  `${c.NAME === UNAVAILABLE ? 'unknown' : String(c.NAME)}[${String(c.ADDR)}]:${c.PORT === undefined ? 'unknown' : String(c.PORT)}`;

/** Waits for the log lines of each sender's transaction and returns what Postfix recorded. */
async function logged(senders: readonly string[], since: number) {
  const lines = await waitForLog(
    (l) =>
      senders.every((s) => {
        const qid = queueIdOf(l, `from=<${s}>`);
        return qid !== undefined && loggedClient(l, qid).client !== undefined;
      }),
    { since, timeoutMs: 20_000 },
  );
  return senders.map((s) => loggedClient(lines, queueIdOf(lines, `from=<${s}>`) as string));
}

// ---------------------------------------------------------------------------------------

describe.skipIf(!postfix)('connectWithXclient and reuseWithXclient against Postfix 3.7.11', () => {
  const split: XclientAttributes = {
    NAME: 'split.example',
    ADDR: '127.0.0.7',
    PORT: 4103,
    HELO: `h${'e'.repeat(191)}.example`,
    LOGIN: `l${'o'.repeat(230)}`,
    PROTO: 'ESMTP',
    DESTADDR: '127.0.0.1',
    DESTPORT: 25,
  };
  const second: XclientAttributes = {
    NAME: UNAVAILABLE,
    ADDR: '127.0.0.8',
    PORT: 4104,
    HELO: 'carol.example',
    PROTO: 'ESMTP',
  };

  it(`port ${PIPELINING_PORT} really refuses a command pipelined after XCLIENT`, async () => {
    const socket = net.connect(PIPELINING_PORT, POSTFIX.host);
    await new Promise((r) => socket.once('data', r));
    expect(await command(socket, 'EHLO proxy.example')).toBe(250);
    socket.resume();
    const codes = await new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (d) => {
        text += d.toString();
      });
      socket.on('close', () => resolve(text));
      socket.write('XCLIENT NAME=a.example\r\nEHLO y.example\r\n');
    });
    expect(codes).toMatch(/^554 5\.5\.0 Error: SMTP protocol synchronization/m);
  });

  it.each([
    ['10025', POSTFIX.authPort],
    ['10029 (no pipelining after XCLIENT)', PIPELINING_PORT],
  ])(
    'port %s: two XCLIENT commands, then a second client on the same connection',
    async (_, port) => {
      const tag = `node${port}-${Date.now().toString(36)}`;
      const since = logOffset();
      const first = await connectWithXclient({
        host: POSTFIX.host,
        port,
        identity: split,
        ehlo: 'proxy.example',
        timeout: 10_000,
        unannounced: 'throw',
        authorizedHosts: [...POSTFIX.authorizedHosts],
      });
      expect(first.plan.lines).toHaveLength(2);
      expect(first.greeting).toEqual({ code: 220, text: POSTFIX.banner });
      expect(first.plan.usableAfter).toBe('yes');
      await transaction(first, `${tag}-1@example.com`);
      const next = await reuseWithXclient(first, second, {
        timeout: 10_000,
        authorizedHosts: [...POSTFIX.authorizedHosts],
      });
      expect(next.socket).toBe(first.socket);
      await transaction(next, `${tag}-2@example.com`);
      expect(await command(next.socket, 'QUIT')).toBe(221);
      next.socket.destroy();

      const [one, two] = await logged([`${tag}-1@example.com`, `${tag}-2@example.com`], since);
      expect(one).toEqual({
        client: label(split),
        saslMethod: 'XCLIENT',
        saslUsername: split.LOGIN,
        rejectFrom: label(split),
        proto: 'ESMTP',
        helo: split.HELO,
      });
      expect(two).toEqual({
        client: label(second),
        rejectFrom: label(second),
        proto: 'ESMTP',
        helo: 'carol.example',
      });
      // No protocol error on either port: nothing was pipelined.
      const errors = readLog(since).filter((l) =>
        /improper command pipelining|synchronization/.test(l),
      );
      expect(errors).toEqual([]);
    },
  );
});

// ---------------------------------------------------------------------------------------
// HAProxy in front of examples/proxy.mjs

const haproxy = spawnSync('haproxy', ['-v'], { encoding: 'utf8' });
const haproxyVersion = /HAProxy version (\S+)/.exec(haproxy.stdout ?? '')?.[1];
const swaks = spawnSync('swaks', ['--version'], { encoding: 'utf8' }).status === 0;
const endToEnd =
  postfix &&
  requireComponent(
    'HAProxy',
    haproxyVersion !== undefined,
    'apt-get install -y --no-install-recommends haproxy',
  ) &&
  requireComponent('swaks', swaks, 'apt-get install -y --no-install-recommends swaks');

/** A free TCP port on a loopback address (the listener closes before it is used). */
async function freePort(host = '127.0.0.1'): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, host, r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/** Starts a process and resolves once `ready(stdout + stderr)` holds. */
function start(
  command: string,
  args: string[],
  ready: (out: string) => boolean,
): Promise<{ child: ChildProcess; out: () => string }> {
  const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const check = (d: Buffer): void => {
      out += d.toString();
      if (ready(out)) resolve({ child, out: () => out });
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.once('exit', (code) => reject(new Error(`${command} exited (${String(code)}): ${out}`)));
  });
}

/** Stops a process this suite started, by its pid, and waits for it. */
async function stop(child: ChildProcess | undefined): Promise<void> {
  if (child?.pid === undefined || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  process.kill(child.pid, 'SIGTERM');
  await exited;
}

describe.skipIf(!endToEnd)(
  `swaks → HAProxy ${haproxyVersion ?? ''} → examples/proxy.mjs → Postfix`,
  () => {
    let dir = '';
    let proxy: ChildProcess | undefined;
    let balancer: ChildProcess | undefined;
    const ports = { v2: 0, v1: 0 };

    beforeAll(async () => {
      const example = await start(
        process.execPath,
        [
          'examples/proxy.mjs',
          '--listen',
          '127.0.0.1:0',
          '--upstream',
          `${POSTFIX.host}:${POSTFIX.authPort}`,
          '--proxy-protocol',
        ],
        (out) => /proxy on 127\.0\.0\.1:\d+/.test(out),
      );
      proxy = example.child;
      const proxyPort = Number(/proxy on 127\.0\.0\.1:(\d+)/.exec(example.out())?.[1]);
      ports.v2 = await freePort();
      ports.v1 = await freePort();
      dir = mkdtempSync(path.join(tmpdir(), 'smtp-xclient-haproxy-'));
      const config = path.join(dir, 'haproxy.cfg');
      writeFileSync(
        config,
        [
          'global',
          '  maxconn 100',
          'defaults',
          '  mode tcp',
          '  timeout connect 5s',
          '  timeout client 30s',
          '  timeout server 30s',
          'frontend smtp_v2',
          `  bind 127.0.0.1:${ports.v2}`,
          '  default_backend proxy_v2',
          'frontend smtp_v1',
          `  bind 127.0.0.1:${ports.v1}`,
          '  default_backend proxy_v1',
          'backend proxy_v2',
          `  server example 127.0.0.1:${proxyPort} send-proxy-v2`,
          'backend proxy_v1',
          `  server example 127.0.0.1:${proxyPort} send-proxy`,
          '',
        ].join('\n'),
      );
      const started = spawn('haproxy', ['-db', '-f', config], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      balancer = started;
      for (
        let i = 0;
        i < 100 && !((await portAnswers(ports.v2)) && (await portAnswers(ports.v1)));
        i++
      ) {
        if (started.exitCode !== null) throw new Error(`haproxy exited with ${started.exitCode}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    });

    afterAll(async () => {
      await stop(balancer);
      await stop(proxy);
      if (dir !== '') rmSync(dir, { recursive: true, force: true });
    });

    it.each([
      ['send-proxy-v2', 'v2'],
      ['send-proxy (version 1)', 'v1'],
    ] as const)(
      '%s: Postfix logs 127.0.0.5 and the port swaks connected from',
      async (_, version) => {
        const tag = `haproxy-${version}-${Date.now().toString(36)}`;
        const localPort = await freePort('127.0.0.5');
        const since = logOffset();
        const run = spawnSync(
          'swaks',
          [
            '--server',
            `127.0.0.1:${ports[version]}`,
            '--local-interface',
            '127.0.0.5',
            '--local-port',
            String(localPort),
            '--helo',
            'swaks.example',
            '--from',
            `${tag}@example.com`,
            '--to',
            `${LOCAL_RCPT},${RELAY_RCPT}`,
            '--quit-after',
            'RCPT',
            '--timeout',
            '20',
          ],
          { encoding: 'utf8', timeout: 60_000 },
        );
        expect(run.stdout, run.stderr).toContain(`<-  250 2.1.5 Ok`);
        const [seen] = await logged([`${tag}@example.com`], since);
        expect(seen).toEqual({
          client: `unknown[127.0.0.5]:${localPort}`,
          rejectFrom: `unknown[127.0.0.5]:${localPort}`,
          proto: 'ESMTP',
          helo: 'swaks.example',
        });
      },
    );
  },
);
