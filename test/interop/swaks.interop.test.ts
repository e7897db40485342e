// Part 4 of issue 7, a real client: swaks 20201014 (Debian's package) against a small
// loopback SMTP server built on this library (node:net + createXclientSession, applyXclient
// in the 'lenient' profile, applyCommand, formatReply). It announces
// `XCLIENT NAME ADDR PROTO HELO REVERSE_NAME PORT LOGIN DESTADDR DESTPORT` (or, for the
// cases recorded against another announcement, that one) and answers 220 to an XCLIENT the
// library accepts.
//
// The invocations are the attribute-option ones of test/vectors/swaks-20201014.jsonl (the
// raw `--xclient` strings are left out), with the port replaced by ours. For the valid ones,
// swaks must succeed (exit 0) and every XCLIENT line it sends must parse in 'lenient' with,
// for each attribute, the decoded value given on swaks' command line. The cases whose values
// are invalid for any profile must get a 501 from our server and make swaks fail.
//
// Run: npx vitest run --config vitest.interop.config.ts test/interop/swaks.interop.test.ts
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatReply, parseXclient, type Reply } from 'smtp-xclient';
import {
  applyCommand,
  applyXclient,
  createXclientSession,
  type SmtpCommand,
  type XclientSession,
  type XclientStep,
} from 'smtp-xclient/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertLoopback, pool, requireComponent } from './peers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const VECTORS = path.resolve(here, '..', 'vectors', 'swaks-20201014.jsonl');
const POSTFIX_ANNOUNCEMENT =
  'XCLIENT NAME ADDR PROTO HELO REVERSE_NAME PORT LOGIN DESTADDR DESTPORT';

// ---------------------------------------------------------------------------------------
// The cases

interface Vector {
  readonly case_id: string;
  readonly invocation: string;
  readonly server_announced: string;
}

/** Cases whose values no profile accepts: our server must refuse them (reply code given). */
const INVALID: Readonly<Record<string, { readonly why: string; readonly code: number }>> = {
  'ipv6-full': { why: 'DESTADDR=fe80::1%eth0: a zone index is not an address', code: 501 },
  'ipv6-bracketed': { why: 'ADDR=[2001:db8::1]: brackets are not part of the address', code: 501 },
  'latin1-bytes': { why: 'LOGIN holds the octet 0xE9 alone: the line is not UTF-8', code: 500 },
  'name-idn': { why: 'NAME=bücher.example: not a valid host name (no U-labels)', code: 501 },
  'long-name-600': { why: 'NAME of more than 255 characters, labels over 63', code: 501 },
  'long-name-labels': { why: 'NAME of more than 255 characters', code: 501 },
  'long-all-attrs': { why: 'NAME with a label over 63 characters', code: 501 },
  'port-out-of-range': { why: 'PORT=99999, DESTPORT=65536, ADDR=999.1.1.1', code: 501 },
  'name-trailing-dot': { why: 'NAME=host.example.: a trailing dot', code: 501 },
};

const OPTION_TO_ATTRIBUTE: Readonly<Record<string, string>> = {
  '--xclient-name': 'NAME',
  '--xclient-addr': 'ADDR',
  '--xclient-port': 'PORT',
  '--xclient-proto': 'PROTO',
  '--xclient-helo': 'HELO',
  '--xclient-login': 'LOGIN',
  '--xclient-destaddr': 'DESTADDR',
  '--xclient-destport': 'DESTPORT',
  '--xclient-reverse-name': 'REVERSE_NAME',
};

const ARGS_PREFIX = 'swaks --server 127.0.0.1 --port PORT ';

function loadCases(): Vector[] {
  const seen = new Set<string>();
  const out: Vector[] = [];
  for (const line of readFileSync(VECTORS, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const v = JSON.parse(line) as Vector;
    if (seen.has(v.case_id)) continue; // one record per XCLIENT line; one run per case
    seen.add(v.case_id);
    if (!v.invocation.startsWith(ARGS_PREFIX))
      throw new Error(`${v.case_id}: not a loopback invocation`);
    if (/ --xclient /.test(`${v.invocation} `)) continue; // a raw --xclient string
    out.push(v);
  }
  return out;
}

/** swaks' arguments after the server and port, as the shell (bash) splits them: octets. */
function argv(v: Vector): Buffer[] {
  const rest = v.invocation.slice(ARGS_PREFIX.length);
  const r = spawnSync('bash', ['-c', `printf '%s\\0' ${rest}`]);
  if (r.status !== 0) throw new Error(`${v.case_id}: bash could not split the invocation`);
  const out: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < r.stdout.length; i++) {
    if (r.stdout[i] === 0) {
      out.push(r.stdout.subarray(start, i));
      start = i + 1;
    }
  }
  return out;
}

/**
 * The value each attribute option gives, the last one winning, as swaks sends it: a value
 * Perl finds false ("0", "") is not sent at all (docs/spec/peers.md).
 */
function expectedValues(args: readonly Buffer[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const name = OPTION_TO_ATTRIBUTE[(args[i] as Buffer).toString('latin1')];
    if (name === undefined) continue;
    const value = (args[i + 1] as Buffer).toString('utf8');
    i++;
    if (value === '0' || value === '') out.delete(name);
    else out.set(name, value);
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// A loopback SMTP server built on the library

interface Received {
  readonly line: Buffer;
  readonly step: XclientStep;
}

interface LibraryServer {
  readonly port: number;
  readonly received: Received[];
  close(): Promise<void>;
}

const HOSTNAME = 'lib.example';

/** Starts the server on 127.0.0.1 (ephemeral port). `announce` replaces the XCLIENT keyword. */
function startLibraryServer(announce: string): Promise<LibraryServer> {
  const received: Received[] = [];
  const server = net.createServer((socket) => {
    let session: XclientSession = createXclientSession({
      client: { ADDR: socket.remoteAddress ?? '127.0.0.1', PORT: socket.remotePort ?? 0 },
      hostname: HOSTNAME,
      banner: `${HOSTNAME} ESMTP smtp-xclient interop server`,
      extensions: ['PIPELINING', '8BITMIME'],
      isAuthorized: () => true, // loopback only; every client may use XCLIENT
    });
    let buffer = Buffer.alloc(0);
    let inData = false;
    const send = (reply: Reply): void => {
      let text = formatReply(reply);
      if (announce !== POSTFIX_ANNOUNCEMENT) {
        text = text.replace(/^(250[- ])XCLIENT[^\r\n]*/m, `$1${announce}`);
      }
      socket.write(text);
    };
    const command = (c: SmtpCommand): void => {
      const r = applyCommand(session, c);
      session = r.session;
      send(r.reply);
    };
    const handle = (line: Buffer): void => {
      if (inData) {
        if (line.length === 1 && line[0] === 0x2e) {
          inData = false;
          command({ verb: 'END_OF_DATA' });
        }
        return;
      }
      const text = line.toString('latin1');
      const verb = (text.split(' ')[0] ?? '').toUpperCase();
      const arg = text.slice(verb.length).trim();
      switch (verb) {
        case 'XCLIENT': {
          const step = applyXclient(session, line, { profile: 'lenient' });
          received.push({ line, step });
          session = step.session;
          send(step.reply);
          break;
        }
        case 'EHLO':
        case 'LHLO':
          command({ verb: 'EHLO', name: arg });
          break;
        case 'HELO':
          command({ verb: 'HELO', name: arg });
          break;
        case 'MAIL':
        case 'RCPT':
        case 'RSET':
        case 'STARTTLS':
          command({ verb });
          break;
        case 'DATA': {
          const before = session.transaction;
          command({ verb: 'DATA' });
          inData = before === 'rcpt';
          break;
        }
        case 'QUIT':
          command({ verb: 'QUIT' });
          socket.end();
          break;
        case 'NOOP':
          send({ code: 250, enhanced: '2.0.0', text: 'Ok' });
          break;
        default:
          send({ code: 502, enhanced: '5.5.1', text: 'Error: command not implemented' });
      }
    };
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (let lf = buffer.indexOf(0x0a); lf >= 0; lf = buffer.indexOf(0x0a)) {
        const end = lf > 0 && buffer[lf - 1] === 0x0d ? lf - 1 : lf;
        const line = Buffer.from(buffer.subarray(0, end));
        buffer = buffer.subarray(lf + 1);
        handle(line);
      }
    });
    socket.on('error', () => socket.destroy());
    send({ code: 220, text: session.banner });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as net.AddressInfo;
      assertLoopback(address.address);
      resolve({
        port: address.port,
        received,
        close: () => new Promise<void>((r) => server.close(() => r())),
      });
    });
  });
}

// ---------------------------------------------------------------------------------------
// Running swaks

interface SwaksRun {
  readonly vector: Vector;
  readonly code: number | null;
  readonly output: string;
  readonly received: readonly Received[];
  readonly expected: Map<string, string>;
}

async function runSwaks(v: Vector): Promise<SwaksRun> {
  const server = await startLibraryServer(
    v.server_announced === '' ? POSTFIX_ANNOUNCEMENT : v.server_announced,
  );
  try {
    const rest = v.invocation.slice(ARGS_PREFIX.length);
    // bash runs the recorded invocation itself, so that its quoting ($'\xe9' …) is exact.
    const child = spawn(
      'bash',
      ['-c', `exec swaks --server 127.0.0.1 --port ${server.port} ${rest}`],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString('latin1')));
    child.stderr.on('data', (d: Buffer) => (output += d.toString('latin1')));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    return {
      vector: v,
      code,
      output,
      received: [...server.received],
      expected: expectedValues(argv(v)),
    };
  } finally {
    await server.close();
  }
}

function swaksVersion(): string | undefined {
  const r = spawnSync('swaks', ['--version'], { encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  return /swaks version (\S+)/.exec(r.stdout)?.[1];
}

// ---------------------------------------------------------------------------------------

const version = swaksVersion();
const available = requireComponent(
  'swaks',
  version !== undefined,
  'apt-get install -y --no-install-recommends swaks',
);
let runs: SwaksRun[] = [];
const cases = loadCases();
const valid = cases.filter((v) => INVALID[v.case_id] === undefined);
const invalid = cases.filter((v) => INVALID[v.case_id] !== undefined);

describe.skipIf(!available)('swaks against a server built on the library (lenient)', () => {
  beforeAll(async () => {
    const t0 = Date.now();
    runs = await pool(cases, 6, runSwaks);
    console.log(
      `[swaks] swaks ${version}: ${runs.length} invocations (${valid.length} valid, ${invalid.length} invalid) in ${Date.now() - t0} ms; ` +
        `${runs.reduce((n, r) => n + r.received.length, 0)} XCLIENT lines received`,
    );
  });
  afterAll(() => {
    runs = [];
  });

  it('the vector file holds the attribute-option cases', () => {
    expect(valid.length).toBeGreaterThanOrEqual(30);
    expect(invalid.length).toBe(Object.keys(INVALID).length);
  });

  it.each(valid.map((v) => [v.case_id, v] as const))(
    '%s: swaks succeeds and every line parses with the values of its command line',
    (id, v) => {
      const run = runs.find((r) => r.vector === v);
      if (run === undefined) throw new Error(`${id} did not run`);
      const context = `${v.invocation}\n--- swaks output ---\n${run.output}`;
      expect(run.code, context).toBe(0);
      expect(run.received.length, context).toBeGreaterThan(0);
      const seen = new Map<string, string>();
      for (const { line, step } of run.received) {
        const shown = line.toString('latin1');
        expect(step.outcome, `${shown}: ${step.error?.message}`).toBe('applied');
        expect(step.reply.code).toBe(220);
        const parsed = parseXclient(line, { profile: 'lenient' });
        if (!parsed.ok) throw new Error(`${shown}: ${parsed.error.message}`);
        for (const a of parsed.value.attributes) seen.set(a.name, a.decoded);
      }
      expect(Object.fromEntries(seen), context).toEqual(Object.fromEntries(run.expected));
    },
  );

  it.each(invalid.map((v) => [v.case_id, v] as const))(
    '%s: our server refuses the line and swaks fails',
    (id, v) => {
      const run = runs.find((r) => r.vector === v);
      const want = INVALID[id];
      if (run === undefined || want === undefined) throw new Error(`${id} did not run`);
      const context = `${want.why}\n${v.invocation}\n--- swaks output ---\n${run.output}`;
      expect(run.code, context).not.toBe(0);
      expect(run.received.length, context).toBeGreaterThan(0);
      const last = run.received.at(-1) as Received;
      expect(last.step.reply.code, context).toBe(want.code);
      expect(parseXclient(last.line, { profile: 'lenient' }).ok).toBe(false);
    },
  );
});
