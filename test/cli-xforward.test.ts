/**
 * The CLI with XFORWARD, in-process: `check` by the verb of the line, `build --xforward`, and
 * `probe --xforward` against a small server on 127.0.0.1 that answers with the library's own
 * session (createXclientSession, applyXforward, applyCommand).
 */
import net from 'node:net';
import {
  applyCommand,
  applyXforward,
  createXclientSession,
  type XclientSession,
} from 'smtp-xclient/server';
import { afterEach, describe, expect, it } from 'vitest';
import { type CliRun, runCli } from './helpers/cli-run.js';

const run = (args: string[]): Promise<CliRun> => runCli(args);

const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A server on an ephemeral loopback port whose replies come from the library's session. */
async function sessionServer(authorizedXforwardHosts: readonly string[]): Promise<string> {
  const server = net.createServer((socket) => {
    let s: XclientSession = createXclientSession({
      client: { ADDR: '127.0.0.1' },
      hostname: 'mx.example',
      authorizedXforwardHosts,
    });
    const say = (code: number, enhanced: string | undefined, text: string | readonly string[]) => {
      const lines = [text].flat();
      lines.forEach((t, i) => {
        const sep = i < lines.length - 1 ? '-' : ' ';
        socket.write(`${code}${sep}${enhanced === undefined ? '' : `${enhanced} `}${t}\r\n`);
      });
    };
    say(220, undefined, 'mx.example ESMTP');
    let buffer = '';
    socket.on('data', (d) => {
      buffer += d.toString('latin1');
      for (let lf = buffer.indexOf('\n'); lf >= 0; lf = buffer.indexOf('\n')) {
        const line = buffer.slice(0, lf).replace(/\r$/, '');
        buffer = buffer.slice(lf + 1);
        const verb = line.split(' ')[0]?.toUpperCase();
        const step =
          verb === 'XFORWARD'
            ? applyXforward(s, line, { profile: 'postfix' })
            : verb === 'EHLO' || verb === 'HELO'
              ? applyCommand(s, { verb, name: line.slice(5) })
              : verb === 'MAIL' || verb === 'RCPT' || verb === 'RSET' || verb === 'QUIT'
                ? applyCommand(s, { verb })
                : undefined;
        if (step === undefined) say(502, '5.5.1', 'Error: command not implemented');
        else {
          s = step.session;
          say(step.reply.code, step.reply.enhanced, step.reply.text);
          if (s.closed) socket.end();
        }
      }
    });
    socket.on('error', () => {});
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

describe('check reads a line by its verb', () => {
  it('XFORWARD: 250 on success, its own attributes, "verb" in JSON', async () => {
    const ok = await run(['check', '--profile', 'postfix', 'xforward IDENT=a;b SOURCE=local']);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('reply: 250 2.0.0 Ok\n');
    expect(ok.out).toContain('IDENT        raw "a;b"  decoded "a?b"  value "a?b"');
    const bad = await run(['check', '--json', '--profile', 'postfix', ' XFORWARD LOGIN=joe']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out)).toMatchObject({
      command: 'check',
      verb: 'XFORWARD',
      verdict: 'rejected',
      replyLine: '501 5.5.4 Bad XFORWARD attribute name: LOGIN',
    });
  });

  it('every other line as XCLIENT, its output unchanged', async () => {
    const x = await run(['check', '--json', 'XFORWARDX NAME=x']);
    expect(JSON.parse(x.out)).not.toHaveProperty('verb');
    expect(JSON.parse(x.out)).toMatchObject({
      replyLine: '500 5.5.2 Error: command not recognized',
    });
  });
});

describe('build --xforward', () => {
  it('prints the XFORWARD lines, with --ident and --source', async () => {
    const r = await run([
      'build',
      '--xforward',
      '--name',
      'up.example',
      '--source',
      'remote',
      '--ident',
      'A1',
      '--port',
      '25',
    ]);
    expect([r.code, r.out]).toEqual([
      0,
      'XFORWARD NAME=up.example PORT=25 IDENT=A1 SOURCE=REMOTE\n',
    ]);
  });

  it('takes the XFORWARD keyword as --announced', async () => {
    const r = await run([
      'build',
      '--xforward',
      '--json',
      '--name',
      'up.example',
      '--ident',
      'A1',
      '--announced',
      '250-XFORWARD NAME ADDR',
      '--omit-unannounced',
    ]);
    expect(JSON.parse(r.out)).toEqual({
      command: 'build',
      ok: true,
      lines: ['XFORWARD NAME=up.example'],
      omitted: ['IDENT'],
    });
  });

  it.each([
    [['build', '--ident', 'A1'], '--ident is not an XCLIENT attribute (add --xforward)'],
    [['build', '--xforward', '--login', 'joe'], '--login is not an XFORWARD attribute'],
  ])("refuses the other dialect's options: %j", async (args, message) => {
    const r = await run(args);
    expect([r.code, r.err.split('\n')[0]]).toEqual([2, `smtp-xclient: ${message}`]);
  });

  it('refuses a value XFORWARD_README forbids', async () => {
    const r = await run(['build', '--xforward', '--helo', 'a b']);
    expect([r.code, r.err]).toEqual([1, expect.stringContaining('ATTR_BAD_VALUE')]);
  });
});

describe('probe --xforward', () => {
  it('sends the XFORWARD lines, each answered 250, and no EHLO again', async () => {
    const target = await sessionServer(['127.0.0.0/8']);
    const r = await run([
      'probe',
      target,
      '--xforward',
      '--json',
      '--name',
      'up.example',
      '--ident',
      'A1',
      '--mail-from',
      'a@example.com',
    ]);
    const j = JSON.parse(r.out) as Record<string, unknown>;
    expect(r.code).toBe(0);
    expect(j).toMatchObject({
      verb: 'XFORWARD',
      ok: true,
      verdict: { code: 'ok', message: 'every XFORWARD command got 250 (1 command)' },
      announced: ['NAME', 'ADDR', 'PROTO', 'HELO', 'SOURCE', 'PORT', 'IDENT'],
      xclient: [
        { line: 'XFORWARD NAME=up.example IDENT=A1', reply: { code: 250 }, class: 'success' },
      ],
      mail: { code: 250 },
    });
    const sent = (j.transcript as { dir: string; line: string }[]).filter((t) => t.dir === 'C');
    expect(sent.map((t) => t.line)).toEqual([
      'EHLO localhost',
      'XFORWARD NAME=up.example IDENT=A1',
      'MAIL FROM:<a@example.com>',
      'QUIT',
    ]);
  });

  it('says when XFORWARD is not announced, naming the Postfix parameter', async () => {
    const target = await sessionServer([]);
    const r = await run(['probe', target, '--xforward', '--ident', 'A1']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('XFORWARD announced: no');
    expect(r.out).toContain('not in smtpd_authorized_xforward_hosts');
    const forced = await run(['probe', target, '--xforward', '--force', '--ident', 'A1']);
    expect(forced.out).toContain(
      'verdict: FAILED (unauthorized): this client may not use XFORWARD (Postfix: smtpd_authorized_xforward_hosts): 550 5.7.0 Error: insufficient authorization',
    );
    const only = await run(['probe', target, '--xforward']);
    expect(only.out).toContain('verdict: FAILED (not-announced): XFORWARD is not announced');
  });
});
