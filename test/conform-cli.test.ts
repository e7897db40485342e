/**
 * `smtp-xclient conform` in-process (main() with fake streams) against scripted SMTP servers
 * on 127.0.0.1 (test/helpers/smtp-servers.ts): the exit statuses (0 agree, 1 differ, 2 usage
 * or connection error), the loopback rule, --category, --json, --html, the progress line,
 * and good manners (a connection per case, never DATA).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CATEGORIES } from '../src/cli/conform/cases/index.js';
import type { CliIo } from '../src/cli/io.js';
import { main } from '../src/cli/main.js';
import { type Fake, listen, postfixLike, scripted } from './helpers/smtp-servers.js';

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

async function run(args: string[], isTTY = false): Promise<Run> {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: { write: (c: string) => (out += c) },
    stderr: Object.assign({ write: (c: string) => (err += c) }, isTTY ? { isTTY } : {}),
    stdin: (async function* () {})(),
  };
  const code = await main(args, io);
  return { code, out, err };
}

const fakes: Fake[] = [];
afterEach(async () => {
  for (const f of fakes.splice(0)) await f.close();
});
async function server(on = postfixLike): Promise<Fake> {
  const f = await scripted({ on });
  fakes.push(f);
  return f;
}
const idsOf = (category: string): string[] =>
  CATEGORIES.find((c) => c.id === category)?.cases.map((c) => c.id) ?? [];

describe('conform: usage errors exit 2 before anything is sent', () => {
  it.each([
    [[], 'conform needs HOST:PORT'],
    [['127.0.0.1:25', '127.0.0.1:26'], 'conform takes one HOST:PORT'],
    [['192.0.2.1:25'], '192.0.2.1 is not a loopback address'],
    [['127.0.0.1:25', '--unauthorized', 'mx.example:25'], 'mx.example is not a loopback address'],
    [['127.0.0.1:25', '--category', 'syntax,nonsense'], 'unknown category "nonsense"'],
    [['127.0.0.1:25', '--rate', '0'], '--rate must be a positive whole number'],
    [['127.0.0.1:25', '--timeout', 'soon'], '--timeout must be a positive whole number'],
    [['127.0.0.1:99999'], '"99999" is not a port number'],
  ])('%j', async (args, message) => {
    const r = await run(['conform', ...args]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.out).toBe('');
  });
});

describe('conform: a server that cannot be reached exits 2', () => {
  async function closedPort(): Promise<number> {
    const f = await listen(() => {});
    await f.close();
    return f.port;
  }

  it('says so on standard error', async () => {
    const port = await closedPort();
    const r = await run(['conform', `127.0.0.1:${port}`]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`connection refused by 127.0.0.1:${port}`);
  });

  it('and as JSON with --json', async () => {
    const port = await closedPort();
    const r = await run(['conform', `127.0.0.1:${port}`, '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out)).toMatchObject({ ok: false, error: { code: 'CONNECTION' } });
  });

  it('the unauthorized target too', async () => {
    const f = await server();
    const port = await closedPort();
    const r = await run(['conform', `127.0.0.1:${f.port}`, '--unauthorized', `127.0.0.1:${port}`]);
    expect(r.code).toBe(2);
  });
});

describe('conform against a server that answers 220 to every XCLIENT', () => {
  it('reports the differences and exits 1', async () => {
    const f = await server();
    const r = await run(['conform', `127.0.0.1:${f.port}`, '--category', 'syntax', '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as {
      total: number;
      agree: number;
      cases: { id: string; status: string }[];
    };
    expect(report.total).toBe(idsOf('syntax').length);
    const status = Object.fromEntries(report.cases.map((c) => [c.id, c.status]));
    expect(status['syntax.lower-case-verb']).toBe('agree');
    expect(status['syntax.empty-value']).toBe('differ');
    expect(status['syntax.no-attributes']).toBe('differ');
    expect(report.agree).toBe(report.cases.filter((c) => c.status === 'agree').length);
  });

  it('opens a connection per case (and one to survey), and never sends DATA', async () => {
    const f = await server();
    await run(['conform', `127.0.0.1:${f.port}`, '--category', 'state,syntax']);
    const connects = f.events.filter((e) => e === '* connect').length;
    expect(connects).toBe(1 + idsOf('state').length + idsOf('syntax').length);
    expect(f.received().filter((l) => /^\s*data\b/i.test(l))).toEqual([]);
  });

  it('shows a progress line on a terminal, the report on standard output', async () => {
    const f = await server();
    const r = await run(['conform', `127.0.0.1:${f.port}`, '--category', 'replies'], true);
    expect(r.err).toContain('\r\u001b[K[1/11] replies.success-220');
    expect(r.err.endsWith('\r\u001b[K')).toBe(true);
    expect(r.out).toContain('Differences:\nreplies.syntax-501: a bad value is 501 5.5.4\n');
    const piped = await run(['conform', `127.0.0.1:${f.port}`, '--category', 'replies']);
    expect(piped.err).toBe('');
  });

  it('skips XFORWARD and pipelining with the reason when they are not announced', async () => {
    const f = await server((line) =>
      /^EHLO/i.test(line) ? '250-mx.example\r\n250 XCLIENT NAME ADDR' : postfixLike(line),
    );
    const r = await run([
      'conform',
      `127.0.0.1:${f.port}`,
      '--category',
      'xforward,pipelining',
      '--json',
    ]);
    const report = JSON.parse(r.out) as {
      total: number;
      categories: { id: string; reason: string }[];
    };
    expect(report.total).toBe(0);
    expect(report.categories).toEqual([
      expect.objectContaining({
        id: 'pipelining',
        reason: 'the server does not announce PIPELINING to this client',
      }),
      expect.objectContaining({
        id: 'xforward',
        reason: 'the server does not announce XFORWARD to this client',
      }),
    ]);
    expect(r.code).toBe(0);
  });

  it('writes the HTML report with --html', async () => {
    const f = await server();
    const dir = mkdtempSync(join(tmpdir(), 'conform-'));
    try {
      const file = join(dir, 'report.html');
      const r = await run([
        'conform',
        `127.0.0.1:${f.port}`,
        '--category',
        'values',
        '--html',
        file,
      ]);
      expect(r.code).toBe(1);
      expect(existsSync(file)).toBe(true);
      expect(readFileSync(file, 'utf8')).toContain('<tr class="differ" id="case-values.port-hex">');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('conform --help', () => {
  it('prints its usage', async () => {
    const r = await run(['conform', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Usage: smtp-xclient conform HOST:PORT/);
  });
});
