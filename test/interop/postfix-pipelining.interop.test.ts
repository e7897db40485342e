// Postfix 3.9's default, smtpd_forbid_unauth_pipelining = yes, on the live 127.0.0.1:10029
// listener of start-postfix.sh (docs/spec/postfix.md §14): the client planners' conversations
// (each XCLIENT line alone, the EHLO after the 220) work there, with a split identity and with
// connection reuse, and Postfix logs each client; the same lines pipelined get 554 and a
// hang-up, as the session with `forbidUnauthPipelining` predicts; and `probe` reports it.
import { parseReply, type Reply, type XclientAttributes } from 'smtp-xclient';
import {
  findPipeliningHazards,
  interpretXclientReply,
  planConnectionReuse,
  planXclientSession,
} from 'smtp-xclient/client';
import { applyCommand, applyXclient, createXclientSession } from 'smtp-xclient/server';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import {
  ensurePostfix,
  loggedClient,
  logOffset,
  openSmtp,
  POSTFIX,
  portAnswers,
  queueIdOf,
  type SmtpConnection,
  type SmtpReply,
  waitForLog,
} from './harness.js';

const PIPE_PORT = Number(process.env.PIPE_PORT ?? 10029);
const AUTH = { authorizedHosts: ['127.0.0.0/8'] };
const SYNC = { code: 554, enhanced: '5.5.0', text: 'Error: SMTP protocol synchronization' };

const postfix = await ensurePostfix();
const pipe = postfix.ok && (await portAnswers(PIPE_PORT));
if (!pipe) {
  const why = postfix.ok ? `nothing answers on 127.0.0.1:${PIPE_PORT}` : postfix.reason;
  if (process.env.CI === 'true') throw new Error(`live Postfix 10029 unavailable in CI: ${why}`);
  console.warn(`[skip] Postfix 3.9 pipelining tests: ${why}`);
}

function reply(r: SmtpReply): Reply {
  const parsed = parseReply(r.lines);
  if (!parsed.ok) throw new Error(`malformed reply ${JSON.stringify(r.lines)}`);
  return parsed.value;
}

/** A plan's lines, each alone and after the 220 of the one before; then its hello. */
async function deliver(
  smtp: SmtpConnection,
  plan: { readonly lines: readonly string[]; readonly hello: { readonly line: string } },
  writes: string[][],
): Promise<SmtpReply> {
  for (const line of plan.lines) {
    writes.push([line]);
    const r = await smtp.command(line);
    expect(interpretXclientReply(reply(r)).action, `${line} -> ${r.lines.join(' | ')}`).toBe(
      'continue',
    );
  }
  writes.push([plan.hello.line]);
  const hello = await smtp.command(plan.hello.line);
  expect(hello.code).toBe(250);
  return hello;
}

/** MAIL, an accepted RCPT (the client= line), a relay-denied RCPT (proto, helo), RSET. */
async function transaction(smtp: SmtpConnection, sender: string, writes: string[][]) {
  for (const [line, code] of [
    [`MAIL FROM:<${sender}>`, 250],
    [`RCPT TO:<probe@${POSTFIX.hostname}>`, 250],
    ['RCPT TO:<r@example.net>', 554],
    ['RSET', 250],
  ] as const) {
    writes.push([line]);
    expect((await smtp.command(line)).code).toBe(code);
  }
}

const label = (c: XclientAttributes): string =>
  `${String(c.NAME)}[${String(c.ADDR)}]:${String(c.PORT ?? 'unknown')}`;

async function expectLogged(since: number, sender: string, client: XclientAttributes) {
  const lines = await waitForLog((l) => queueIdOf(l, `from=<${sender}>`) !== undefined, { since });
  const qid = queueIdOf(lines, `from=<${sender}>`) as string;
  expect(loggedClient(lines, qid)).toMatchObject({
    client: label(client),
    rejectFrom: label(client),
    proto: client.PROTO,
    helo: client.HELO,
  });
}

// A split identity: PORT, DESTADDR and DESTPORT in a first command, the rest in a second.
const SPLIT: XclientAttributes = {
  NAME: 'split.example',
  ADDR: '127.0.0.7',
  PORT: 4103,
  DESTADDR: '127.0.0.1',
  DESTPORT: 10029,
  HELO: `h${'e'.repeat(191)}.example`,
  LOGIN: `l${'o'.repeat(214)}`,
  PROTO: 'ESMTP',
};

describe.skipIf(!pipe)('Postfix 3.9 pipelining rules on 127.0.0.1:10029', () => {
  it('a split identity: each XCLIENT alone, the EHLO after the 220, logged whole', async () => {
    const sender = `pipe${Date.now().toString(36)}-split@example.com`;
    const since = logOffset();
    const writes: string[][] = [['EHLO proxy.example']];
    const smtp = await openSmtp({ port: PIPE_PORT });
    try {
      const ehlo = await smtp.command('EHLO proxy.example');
      const plan = planXclientSession(SPLIT, ehlo.lines, AUTH);
      expect(plan.lines).toHaveLength(2);
      await deliver(smtp, plan, writes);
      await transaction(smtp, sender, writes);
    } finally {
      await smtp.close();
    }
    expect(findPipeliningHazards(writes)).toEqual([]);
    await expectLogged(since, sender, SPLIT);
  });

  it('connection reuse: three clients on one connection, each logged', async () => {
    const tag = `pipe${Date.now().toString(36)}`;
    const clients: XclientAttributes[] = [
      { NAME: 'a.example', ADDR: '127.0.0.5', PORT: 4101, HELO: 'a.example', PROTO: 'ESMTP' },
      { ...SPLIT, NAME: 'b.example', ADDR: '127.0.0.6' },
      { NAME: 'c.example', ADDR: '127.0.0.8', HELO: 'c.example', LOGIN: 'carol', PROTO: 'ESMTP' },
    ];
    const since = logOffset();
    const writes: string[][] = [['EHLO proxy.example']];
    const smtp = await openSmtp({ port: PIPE_PORT });
    try {
      let hello = await smtp.command('EHLO proxy.example');
      let previous: XclientAttributes | undefined;
      for (const [i, client] of clients.entries()) {
        const plan =
          previous === undefined
            ? planXclientSession(client, hello.lines, AUTH)
            : planConnectionReuse(previous, client, { ...AUTH, ehloReply: hello.lines });
        expect(plan.usable, plan.reason).toBe('yes');
        hello = await deliver(smtp, plan, writes);
        await transaction(smtp, `${tag}-${i}@example.com`, writes);
        previous = client;
      }
    } finally {
      await smtp.close();
    }
    expect(findPipeliningHazards(writes)).toEqual([]);
    for (const [i, client] of clients.entries()) {
      await expectLogged(since, `${tag}-${i}@example.com`, client);
    }
  });

  it('the same lines pipelined: 554 and a hang-up, as the session predicts', async () => {
    const smtp = await openSmtp({ port: PIPE_PORT });
    const ehlo = await smtp.command('EHLO proxy.example');
    const plan = planXclientSession(SPLIT, ehlo.lines, AUTH);
    const writes = [['EHLO proxy.example'], [...plan.lines, plan.hello.line]];
    // Both XCLIENT lines have more behind them; Postfix hangs up at the first.
    expect(findPipeliningHazards(writes).map((h) => h.command)).toEqual(plan.lines);
    smtp.write([...plan.lines, plan.hello.line].map((l) => `${l}\r\n`).join(''));
    const first = await smtp.read();
    expect(reply(first)).toEqual(SYNC);
    expect(interpretXclientReply(reply(first)).closeConnection).toBe(true);
    await expect(smtp.read()).rejects.toThrow(/connection closed/);
    await smtp.close();

    // The session, configured like the listener, answers the same.
    let s = createXclientSession({
      client: { ADDR: '127.0.0.1', NAME: 'localhost' },
      authorizedHosts: ['127.0.0.0/8'],
      forbidUnauthPipelining: true,
    });
    s = applyCommand(s, { verb: 'EHLO', name: 'proxy.example' }).session;
    const step = applyXclient(s, plan.lines[0] as string, { profile: 'postfix', pending: true });
    expect(step.reply).toEqual(SYNC);
    expect(step.session.closed).toBe(true);
  });

  it('probe: ok sending each line alone; pipelining-refused with --pipeline', async () => {
    const target = `127.0.0.1:${PIPE_PORT}`;
    const ok = await cli(['probe', target, '--name', 'p.example', '--addr', '127.0.0.5']);
    expect(ok.code).toBe(0);
    expect(ok.out).not.toContain('warning:');
    const refused = await cli([
      'probe',
      target,
      '--name',
      'p.example',
      '--addr',
      '127.0.0.5',
      '--pipeline',
    ]);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('S: 554 5.5.0 Error: SMTP protocol synchronization\n');
    expect(refused.out).toContain('verdict: FAILED (pipelining-refused)');
    // Postfix 3.7's default answers the pipelined EHLO; probe warns that 3.9 would not.
    const old = await cli([
      'probe',
      `127.0.0.1:${POSTFIX.authPort}`,
      '--name',
      'p.example',
      '--addr',
      '127.0.0.5',
      '--pipeline',
    ]);
    expect(old.code).toBe(0);
    expect(old.out).toContain('warning: this transcript would break on Postfix 3.9');
  });
});

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const io: CliIo = {
    stdout: { write: (c: string) => (out += c) },
    stderr: { write: (c: string) => (out += c) },
    stdin: (async function* () {})(),
  };
  const code = await main(args, io);
  return { code, out };
}
