/**
 * The CLI, in-process: main() with fake streams, and `probe` against tiny scripted SMTP
 * servers on 127.0.0.1 (ephemeral ports). No test talks to anything but loopback.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import {
  ATTRIBUTE_NAMES,
  ATTRIBUTES,
  XFORWARD_ATTRIBUTE_NAMES,
  XFORWARD_ATTRIBUTES,
} from 'smtp-xclient';
import { afterEach, describe, expect, it } from 'vitest';
import { isEhloArgument, isLoopback, parseTarget } from '../src/cli/args.js';
import { type CliIo, EXIT_FAIL, EXIT_OK, EXIT_USAGE } from '../src/cli/io.js';
import { main, version } from '../src/cli/main.js';
import { printable } from '../src/cli/render.js';
import { type CliRun, runCli } from './helpers/cli-run.js';
import { TEST_CERT, TEST_KEY } from './helpers/smtp-servers.js';

const PACKAGE = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

// -------------------------------------------------------------------------------------------
// Running the CLI in-process

type Run = CliRun;

const run = (args: string[], stdin: (string | Uint8Array)[] = []): Promise<Run> =>
  runCli(args, { stdin });

/** The JSON Lines of an output. */
function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

function json(text: string): Record<string, unknown> {
  const lines = jsonLines(text);
  expect(lines).toHaveLength(1);
  return lines[0] as Record<string, unknown>;
}

// -------------------------------------------------------------------------------------------
// A scripted SMTP server on 127.0.0.1

/**
 * What the server does with a line: reply text (one or more lines, CRLF added), stay silent
 * (null), close, start TLS, write octets as they are, or write text a little later.
 */
type Action =
  | string
  | null
  | { readonly close: true }
  | { readonly starttls: true }
  | { readonly raw: string; readonly later?: string }
  | { readonly reset: true };

interface Script {
  /** The greeting; null: never greet (a timeout). */
  readonly greeting?: string | null | undefined;
  readonly on: (line: string) => Action;
}

interface Fake {
  readonly port: number;
  readonly target: string;
  /** Every line the server received, in order, over all connections. */
  readonly received: string[];
  /** How many connections it accepted. */
  readonly connections: () => number;
  readonly close: () => Promise<void>;
}

const servers: Fake[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function fakeSmtp(script: Script, host = '127.0.0.1'): Promise<Fake> {
  const received: string[] = [];
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const server = net.createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('error', () => {});
    let stream: net.Socket = socket;
    let buffer = '';
    const write = (text: string): void => {
      stream.write(text.endsWith('\r\n') ? text : `${text}\r\n`);
    };
    const onData = (data: Buffer): void => {
      buffer += data.toString('latin1');
      for (let lf = buffer.indexOf('\n'); lf >= 0; lf = buffer.indexOf('\n')) {
        const line = buffer.slice(0, lf).replace(/\r$/, '');
        buffer = buffer.slice(lf + 1);
        received.push(line);
        const action = script.on(line);
        if (action === null) continue;
        if (typeof action === 'string') write(action);
        else if ('close' in action) stream.destroy();
        else if ('reset' in action) socket.resetAndDestroy();
        else if ('raw' in action) {
          stream.write(action.raw);
          const later = action.later;
          if (later !== undefined) setTimeout(() => stream.write(later), 100);
        } else {
          write('220 2.0.0 Ready to start TLS');
          stream.off('data', onData);
          const secure = new tls.TLSSocket(socket, {
            isServer: true,
            secureContext: tls.createSecureContext({ key: TEST_KEY, cert: TEST_CERT }),
          });
          secure.on('error', () => {});
          secure.on('data', onData);
          stream = secure;
        }
      }
    };
    socket.on('data', onData);
    const greeting = script.greeting === undefined ? '220 fake.example ESMTP' : script.greeting;
    if (greeting !== null) write(greeting);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as net.AddressInfo).port;
  const fake: Fake = {
    port,
    target: host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`,
    received,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  servers.push(fake);
  return fake;
}

const ALL = 'NAME ADDR PROTO HELO REVERSE_NAME PORT LOGIN DESTADDR DESTPORT';

interface SmtpOptions {
  /** The XCLIENT keyword's names; null: not announced. */
  readonly xclient?: string | null;
  readonly starttls?: boolean;
  readonly onXclient?: (line: string) => Action;
  readonly onStarttls?: () => Action;
  /** The reply to EHLO once TLS is up (default: the usual 250). */
  readonly ehloSecure?: string;
  readonly mail?: string;
  readonly rcpt?: string;
  readonly greeting?: string | null;
  readonly host?: string;
}

/** A server that behaves like Postfix, with the XCLIENT part scripted. */
function smtp(options: SmtpOptions = {}): Promise<Fake> {
  let secure = false;
  const xclient = options.xclient === undefined ? ALL : options.xclient;
  return fakeSmtp(
    {
      greeting: options.greeting,
      on(line) {
        const verb = line.split(' ')[0]?.toUpperCase();
        switch (verb) {
          case 'EHLO':
            if (secure && options.ehloSecure !== undefined) return options.ehloSecure;
            return [
              '250-fake.example',
              '250-PIPELINING',
              ...(options.starttls === true && !secure ? ['250-STARTTLS'] : []),
              ...(xclient === null ? [] : [`250-XCLIENT ${xclient}`]),
              '250 8BITMIME',
            ].join('\r\n');
          case 'HELO':
            return '250 fake.example';
          case 'STARTTLS':
            if (options.onStarttls !== undefined) return options.onStarttls();
            secure = true;
            return { starttls: true };
          case 'XCLIENT':
            return options.onXclient === undefined
              ? '220 fake.example ESMTP'
              : options.onXclient(line);
          case 'MAIL':
            return options.mail ?? '250 2.1.0 Ok';
          case 'RCPT':
            return options.rcpt ?? '554 5.7.1 Relay access denied';
          case 'QUIT':
            return '221 2.0.0 Bye';
          default:
            return '502 5.5.2 Error: command not recognized';
        }
      },
    },
    options.host,
  );
}

/** A port on 127.0.0.1 with nothing listening. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

// -------------------------------------------------------------------------------------------
describe('help, version and usage', () => {
  it.each([[['--help']], [['-h']], [['help']]])('%j prints the main help', async (args) => {
    const r = await run(args);
    expect(r.code).toBe(EXIT_OK);
    expect(r.out).toContain('Usage: smtp-xclient <command> [options]');
    for (const c of ['check', 'encode', 'decode', 'build', 'probe']) expect(r.out).toContain(c);
  });

  it.each(['check', 'encode', 'decode', 'build', 'probe'])('%s --help', async (command) => {
    for (const args of [
      [command, '--help'],
      [command, '-h'],
      ['help', command],
    ]) {
      const r = await run(args);
      expect(r.code).toBe(EXIT_OK);
      expect(r.out).toContain(`Usage: smtp-xclient ${command}`);
      expect(r.err).toBe('');
    }
  });

  it('build and probe --help list every attribute of both dialects: its flag, name and meaning', async () => {
    for (const command of ['build', 'probe']) {
      const r = await run([command, '--help']);
      for (const n of ATTRIBUTE_NAMES) {
        const { flag, description } = ATTRIBUTES[n];
        const line = r.out.split('\n').find((l) => l.startsWith(`  ${flag} `));
        expect(line).toContain(`${n}: ${description.split(' ').slice(0, 3).join(' ')}`);
      }
    }
    const help = (await run(['build', '--help'])).out;
    // With --xforward: each XFORWARD attribute from its own row, and what only one verb takes.
    const xforward = help.slice(help.indexOf('With --xforward, XFORWARD instead')).split('\n');
    for (const n of XFORWARD_ATTRIBUTE_NAMES) {
      const { flag, description } = XFORWARD_ATTRIBUTES[n];
      const line = xforward.find((l) => l.startsWith(`  ${flag} `));
      expect(line).toContain(`${n}: ${description.split(' ').slice(0, 3).join(' ')}`);
    }
    const build = help.replace(/\s+/g, ' ');
    expect(build).toContain(
      '--reverse-name, --login, --destaddr and --destport are XCLIENT only; --source and --ident XFORWARD only.',
    );
    expect(build).toContain(
      'PORT, DESTADDR and DESTPORT go first and HELO, PROTO, LOGIN, NAME, REVERSE_NAME and ADDR together in the last line (Postfix forgets HELO, PROTO and LOGIN',
    );
  });

  it('--help after "--" is a value, not a flag', async () => {
    const r = await run(['encode', '--', '--help']);
    expect(r.code).toBe(EXIT_OK);
    expect(r.out).toBe('--help\n');
  });

  it('--version and -V print the version of package.json', async () => {
    for (const flag of ['--version', '-V']) {
      const r = await run([flag]);
      expect(r.code).toBe(EXIT_OK);
      expect(r.out).toBe(`${PACKAGE.version}\n`);
    }
    expect(version(new URL('file:///nonexistent/package.json'))).toBe('unknown');
    expect(version(new URL('../biome.json', import.meta.url))).toBe('unknown');
  });

  it('no command: the help on stderr, exit 2', async () => {
    const r = await run([]);
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.err).toContain('Usage: smtp-xclient');
    expect(r.out).toBe('');
  });

  it.each([
    [['frobnicate'], 'unknown command "frobnicate"', "Try 'smtp-xclient --help'."],
    [['--frob', 'check'], 'unknown option "--frob"', "Try 'smtp-xclient --help'."],
    [['help', 'frob'], 'unknown command "frob"', "Try 'smtp-xclient --help'."],
    [['check', '--frob', 'x'], "Unknown option '--frob'", "Try 'smtp-xclient check --help'."],
    [['check', '--profile', 'loose', 'x'], '--profile must be', 'check --help'],
    [['check', 'XCLIENT', 'NAME=x'], 'check takes one LINE', 'check --help'],
    [['encode', '--profile', 'strict', 'x'], "Unknown option '--profile'", 'encode --help'],
    [['decode', 'a', 'b'], 'decode takes one XTEXT', 'decode --help'],
    [['build'], 'build needs at least one attribute option', 'build --help'],
    [['build', 'NAME=x'], 'build takes options only', 'build --help'],
    [['build', '--name', 'x', '--announced', 'NAME \u0001'], '--announced', 'build --help'],
    [['probe'], 'probe needs HOST[:PORT]', 'probe --help'],
    [['probe', 'a:1', 'b:2'], 'probe takes one HOST[:PORT]', 'probe --help'],
  ])('%j is a usage error', async (args, message, hint) => {
    const r = await run(args);
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.out).toBe('');
    expect(r.err).toContain(message);
    expect(r.err).toContain(hint);
  });

  it('with --json, a usage error is a JSON object on stdout', async () => {
    for (const args of [
      ['--json', 'frob'],
      ['check', '--json', '--profile', 'x', 'XCLIENT NAME=a'],
      ['check', '--json', '--nope'],
      ['--json', 'build'],
    ]) {
      const r = await run(args);
      expect(r.code).toBe(EXIT_USAGE);
      expect(json(r.out)).toMatchObject({ ok: false, error: { code: 'USAGE' } });
      expect(r.err).toBe('');
    }
  });

  it('--json before the command applies to it', async () => {
    const r = await run(['--json', 'encode', 'a b']);
    expect(json(r.out)).toEqual({ command: 'encode', ok: true, value: 'a b', xtext: 'a+20b' });
  });
});

// -------------------------------------------------------------------------------------------
describe('check', () => {
  it('an accepted line: verdict, the 220, the attributes, no warnings', async () => {
    const r = await run(['check', 'XCLIENT NAME=spike.porcupine.org ADDR=168.100.189.2']);
    expect(r.code).toBe(EXIT_OK);
    expect(r.out).toBe(
      [
        'accepted (profile strict)',
        'reply: 220 (greeting)',
        'attributes:',
        '  NAME         raw "spike.porcupine.org"  decoded "spike.porcupine.org"  value "spike.porcupine.org"',
        '  ADDR         raw "168.100.189.2"  decoded "168.100.189.2"  value "168.100.189.2"',
        'warnings: none',
        '',
      ].join('\n'),
    );
  });

  it('a rejected line: the exact reply, the error code and position, a caret', async () => {
    const r = await run(['check', '--profile', 'postfix', 'XCLIENT NAME=bad..name']);
    expect(r.code).toBe(EXIT_FAIL);
    expect(r.out).toBe(
      [
        'rejected (profile postfix)',
        'reply: 501 5.5.4 Bad NAME syntax: bad..name',
        'error: ATTR_BAD_VALUE at octet 13 (NAME): NAME: empty label',
        '  XCLIENT NAME=bad..name',
        '               ^',
        'warnings: none',
        '',
      ].join('\n'),
    );
  });

  it('special values are shown as markers, not text', async () => {
    const r = await run(['check', 'XCLIENT NAME=[TEMPUNAVAIL] PORT=[UNAVAILABLE] LOGIN=joe']);
    expect(r.code).toBe(EXIT_OK);
    expect(r.out).toContain('value [TEMPUNAVAIL] (special value)');
    expect(r.out).toContain('value [UNAVAILABLE] (special value)');
    expect(r.out).toMatch(/LOGIN +raw "joe" {2}decoded "joe" {2}value "joe"/);
  });

  it('a port is shown as a number', async () => {
    const r = await run(['check', 'XCLIENT PORT=25']);
    expect(r.out).toContain('  PORT         raw "25"  decoded "25"  value 25\n');
  });

  it('typed values: a port is a number, an IPv6 address loses its prefix', async () => {
    const r = await run(['check', '--json', 'XCLIENT PORT=25 ADDR=IPV6:2001:DB8::1']);
    const o = json(r.out);
    expect(o.attributes).toEqual([
      { name: 'PORT', rawName: 'PORT', raw: '25', decoded: '25', value: 25, position: 8 },
      {
        name: 'ADDR',
        rawName: 'ADDR',
        raw: 'IPV6:2001:DB8::1',
        decoded: 'IPV6:2001:DB8::1',
        value: '2001:db8::1',
        position: 16,
      },
    ]);
    expect(r.out).not.toContain('\n{');
  });

  it('every warning, with code, position and attribute', async () => {
    const r = await run([
      'check',
      '--profile',
      'lenient',
      'XCLIENT NAME=[unavailable] LOGIN=bob smith SESSION=abc',
    ]);
    expect(r.code).toBe(EXIT_OK);
    expect(r.out).toContain('ATTR_SPECIAL_CASE at 13 (NAME): [UNAVAILABLE] written in lower');
    expect(r.out).toContain('LINE_RAW_SPACE_IN_VALUE at ');
    expect(r.out).toContain('ATTR_EXTENSION at ');
    expect(r.out).toContain('SESSION      raw "abc"  (extension attribute)');
  });

  it('the attributes accepted before the error (Postfix keeps them)', async () => {
    const r = await run(['check', '--profile', 'postfix', 'XCLIENT ADDR=127.0.0.1 PORT=x']);
    expect(r.code).toBe(EXIT_FAIL);
    expect(r.out).toContain('reply: 501 5.5.4 Bad PORT syntax: x');
    expect(r.out).toContain('accepted before the error (Postfix keeps these applied):');
    expect(r.out).toMatch(/ADDR +raw "127\.0\.0\.1"/);
  });

  it('control characters are escaped, and the caret still points at them', async () => {
    const r = await run(['check', 'XCLIENT LOGIN=a\u0001b']);
    expect(r.code).toBe(EXIT_FAIL);
    expect(r.out).toContain('error: LINE_BAD_CHAR at octet 15: control character 0x01');
    expect(r.out).toContain('  XCLIENT LOGIN=a\\x01b\n                 ^\n');
    expect(r.out).not.toContain('\u0001');
  });

  it('a line error without an attribute', async () => {
    const r = await run(['check', 'EHLO x']);
    expect(r.code).toBe(EXIT_FAIL);
    expect(r.out).toContain('reply: 500 5.5.2 Error: command not recognized');
    expect(r.out).toContain('error: LINE_NOT_XCLIENT at octet 0: "EHLO" is not XCLIENT');
  });

  it('--json: one object with verdict, reply, attributes and warnings', async () => {
    const ok = await run(['check', '--json', 'XCLIENT NAME=[UNAVAILABLE]']);
    expect(ok.code).toBe(EXIT_OK);
    expect(json(ok.out)).toEqual({
      command: 'check',
      line: 'XCLIENT NAME=[UNAVAILABLE]',
      profile: 'strict',
      verdict: 'accepted',
      reply: { code: 220, text: '(greeting)' },
      replyLine: '220 (greeting)',
      attributes: [
        {
          name: 'NAME',
          rawName: 'NAME',
          raw: '[UNAVAILABLE]',
          decoded: '[UNAVAILABLE]',
          value: { kind: 'unavailable', text: '[UNAVAILABLE]' },
          position: 8,
        },
      ],
      extensions: [],
      warnings: [],
    });
    const bad = await run(['check', '--json', '--profile', 'postfix', 'XCLIENT NAME=bad..name']);
    expect(bad.code).toBe(EXIT_FAIL);
    expect(json(bad.out)).toMatchObject({
      verdict: 'rejected',
      replyLine: '501 5.5.4 Bad NAME syntax: bad..name',
      error: { code: 'ATTR_BAD_VALUE', position: 13, attribute: 'NAME' },
      partial: [],
    });
  });

  it('stdin: one verdict per line, a summary, exit 1 when one is rejected', async () => {
    const r = await run(
      ['check'],
      ['XCLIENT ADDR=127.0.0.1\r\n', '\nXCLIENT PO', 'RT=99999\nXCLIENT NAME=x.example'],
    );
    expect(r.code).toBe(EXIT_FAIL);
    expect(r.out).toContain('line 1: XCLIENT ADDR=127.0.0.1\naccepted');
    expect(r.out).toContain('line 3: XCLIENT PORT=99999\nrejected');
    expect(r.out).toContain('line 4: XCLIENT NAME=x.example\naccepted');
    expect(r.out).toContain('3 lines: 2 accepted, 1 rejected\n');
  });

  it('stdin with --json: JSON Lines, with line numbers', async () => {
    const r = await run(['check', '--json', '-'], ['XCLIENT ADDR=127.0.0.1\n\nXCLIENT X=1\n']);
    const lines = jsonLines(r.out);
    expect(lines.map((l) => [l.lineNumber, l.verdict])).toEqual([
      [1, 'accepted'],
      [3, 'rejected'],
    ]);
    expect(r.code).toBe(EXIT_FAIL);
  });

  it('stdin: all accepted is exit 0; octets that are not UTF-8 reach the parser', async () => {
    const ok = await run(
      ['check', '--profile', 'postfix'],
      [new Uint8Array([...Buffer.from('XCLIENT LOGIN=a\n')])],
    );
    expect(ok.code).toBe(EXIT_OK);
    const bad = await run(
      ['check', '--profile', 'postfix', '--json'],
      [new Uint8Array([...Buffer.from('XCLIENT LOGIN=a'), 0xff, 0x0a])],
    );
    expect(json(bad.out)).toMatchObject({
      verdict: 'rejected',
      error: { code: 'LINE_BAD_UTF8' },
      replyLine: '500 5.5.2 Error: bad UTF-8 syntax',
    });
  });

  it('stdin without any line is a usage error', async () => {
    const r = await run(['check'], ['\n\r\n']);
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.err).toContain('no LINE given');
  });
});

// -------------------------------------------------------------------------------------------
describe('encode and decode', () => {
  it('encode VALUE', async () => {
    expect(await run(['encode', 'bob smith+tag=x@example.com'])).toEqual({
      code: EXIT_OK,
      out: 'bob+20smith+2Btag+3Dx@example.com\n',
      err: '',
    });
    expect((await run(['encode', 'jürgen'])).out).toBe('j+C3+BCrgen\n');
  });

  it('encode: a lone surrogate (possible in-process only) is an error', async () => {
    const r = await run(['encode', 'a\uD800']);
    expect(r.code).toBe(EXIT_FAIL);
    expect(r.err).toMatch(/^smtp-xclient: XTEXT_INVALID_UTF16: lone surrogate/);
    const j = await run(['encode', '--json', 'a\uD800']);
    expect(json(j.out)).toMatchObject({ ok: false, error: { code: 'XTEXT_INVALID_UTF16' } });
  });

  it('encode: each stdin line, as raw octets', async () => {
    const r = await run(['encode'], ['a b\r\n', new Uint8Array([0xff, 0x3d, 0x0a])]);
    expect(r.out).toBe('a+20b\n+FF+3D\n');
    const j = await run(['encode', '--json'], ['x=y\n']);
    expect(json(j.out)).toEqual({ command: 'encode', ok: true, value: 'x=y', xtext: 'x+3Dy' });
    expect((await run(['encode'])).code).toBe(EXIT_USAGE);
  });

  it('decode XTEXT', async () => {
    expect(await run(['decode', 'bob+20smith+2Btag+3Dx@example.com'])).toEqual({
      code: EXIT_OK,
      out: 'bob smith+tag=x@example.com\n',
      err: '',
    });
  });

  it('decode: a value with controls is JSON-quoted, with its warning', async () => {
    const r = await run(['decode', 'a+0D+0Ab']);
    expect(r.code).toBe(EXIT_OK);
    expect(r.out).toBe(
      '"a\\r\\nb"\nwarning: XTEXT_CONTROL_CHAR at 1: decoded value holds a control character\nwarning: XTEXT_CONTROL_CHAR at 4: decoded value holds a control character\n',
    );
    const del = await run(['decode', 'a+7F']);
    expect(del.out).toBe(
      '"a\\u007f"\nwarning: XTEXT_CONTROL_CHAR at 1: decoded value holds a control character\n',
    );
  });

  it('decode --profile postfix: the fallback', async () => {
    const r = await run(['decode', '--profile', 'postfix', 'a+zz']);
    expect(r.code).toBe(EXIT_OK);
    expect(r.out).toContain('a+zz\nfallback: malformed escape');
    expect(r.out).toContain('warning: XTEXT_FALLBACK at 1');
  });

  it('decode: errors, with the octets when only UTF-8 is wrong', async () => {
    const utf8 = await run(['decode', 'caf+E9']);
    expect(utf8.code).toBe(EXIT_FAIL);
    expect(utf8.out).toBe(
      'error: XTEXT_INVALID_UTF8 at 3: decoded octets are not valid UTF-8 (from offset 3)\noctets: 63 61 66 e9\n',
    );
    const hex = await run(['decode', 'a+2b']);
    expect(hex.code).toBe(EXIT_FAIL);
    expect(hex.out).toMatch(/^error: XTEXT_LOWERCASE_HEXCHAR at 1: /);
    expect(hex.out).not.toContain('octets');
  });

  it('decode --json', async () => {
    const ok = await run(['decode', '--json', '--profile', 'lenient', 'u=1+2']);
    expect(json(ok.out)).toMatchObject({
      command: 'decode',
      profile: 'lenient',
      xtext: 'u=1+2',
      ok: true,
      value: 'u=1+2',
      fallback: false,
      hasControl: false,
      warnings: [{ code: 'XTEXT_RAW_OCTET' }, { code: 'XTEXT_RAW_PLUS' }],
    });
    const bad = await run(['decode', '--json', 'caf+E9']);
    expect(bad.code).toBe(EXIT_FAIL);
    expect(json(bad.out)).toMatchObject({
      ok: false,
      error: { code: 'XTEXT_INVALID_UTF8', position: 3 },
      octets: '63 61 66 e9',
    });
    const worse = await run(['decode', '--json', 'a+']);
    expect(json(worse.out)).not.toHaveProperty('octets');
  });

  it('decode: stdin lines, exit 1 when one fails', async () => {
    const r = await run(['decode'], ['a+20b\nc+2\n']);
    expect(r.code).toBe(EXIT_FAIL);
    expect(r.out).toMatch(/^a b\nerror: XTEXT_/);
    expect((await run(['decode', '-'])).code).toBe(EXIT_USAGE);
  });
});

// -------------------------------------------------------------------------------------------
describe('build', () => {
  it('prints the lines to send', async () => {
    const r = await run(['build', '--name', 'spike.porcupine.org', '--addr', '168.100.189.2']);
    expect(r).toEqual({
      code: EXIT_OK,
      out: 'XCLIENT NAME=spike.porcupine.org ADDR=168.100.189.2\n',
      err: '',
    });
    const v6 = await run([
      'build',
      '--addr',
      '2001:db8::1',
      '--login',
      'bob smith',
      '--port',
      '4321',
    ]);
    expect(v6.out).toBe('XCLIENT PORT=4321 LOGIN=bob+20smith ADDR=IPV6:2001:db8::1\n');
  });

  it('every attribute option', async () => {
    const r = await run([
      'build',
      '--json',
      '--name=n.example',
      '--addr=192.0.2.1',
      '--port=4242',
      '--proto=ESMTP',
      '--helo=h.example',
      '--login=joe',
      '--destaddr=192.0.2.2',
      '--destport=25',
      '--reverse-name=r.example',
    ]);
    expect(json(r.out)).toEqual({
      command: 'build',
      ok: true,
      lines: [
        'XCLIENT PORT=4242 DESTADDR=192.0.2.2 DESTPORT=25 HELO=h.example PROTO=ESMTP LOGIN=joe NAME=n.example REVERSE_NAME=r.example ADDR=192.0.2.1',
      ],
      omitted: [],
    });
  });

  it('[UNAVAILABLE] and [TEMPUNAVAIL] (any case) become the special values', async () => {
    const r = await run(['build', '--name', '[tempunavail]', '--port', '[UNAVAILABLE]']);
    expect(r.out).toBe('XCLIENT PORT=[UNAVAILABLE] NAME=[TEMPUNAVAIL]\n');
    const login = await run(['build', '--login', '[TEMPUNAVAIL]']);
    expect(login.code).toBe(EXIT_FAIL);
    expect(login.err).toContain('ATTR_SPECIAL_NOT_ALLOWED (LOGIN)');
  });

  it('splits as Postfix needs: PORT, DESTADDR and DESTPORT first', async () => {
    const r = await run([
      'build',
      '--helo',
      'h'.repeat(250),
      '--login',
      'l'.repeat(220),
      '--destaddr',
      '10.0.0.1',
      '--port',
      '1234',
      '--destport',
      '25',
    ]);
    const lines = r.out.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('XCLIENT DESTADDR=10.0.0.1 DESTPORT=25');
    expect(lines[1]).toMatch(/^XCLIENT PORT=1234 HELO=h+ LOGIN=l+$/);
  });

  it('errors: the code and message, exit 1', async () => {
    const addr = await run(['build', '--addr', 'nope']);
    expect(addr).toEqual({
      code: EXIT_FAIL,
      out: '',
      err: 'smtp-xclient build: ATTR_BAD_VALUE (ADDR): ADDR: invalid character\n',
    });
    const port = await run(['build', '--json', '--port', '025']);
    expect(port.code).toBe(EXIT_FAIL);
    expect(json(port.out)).toMatchObject({
      ok: false,
      error: { code: 'ATTR_BAD_VALUE', attribute: 'PORT', reply: { code: 501 } },
    });
    const long = await run(['build', '--helo', 'h'.repeat(250), '--login', 'l'.repeat(250)]);
    expect(long.code).toBe(EXIT_FAIL);
    expect(long.err).toContain('FORMAT_FINAL_GROUP_TOO_LONG');
  });

  it('--announced: an attribute outside it is an error, or left out', async () => {
    const args = ['build', '--name', 'x.example', '--port', '25'];
    const refused = await run([...args, '--announced', 'NAME ADDR']);
    expect(refused.code).toBe(EXIT_FAIL);
    expect(refused.err).toBe(
      'smtp-xclient build: FORMAT_NOT_ANNOUNCED (PORT): the server did not announce PORT\n',
    );
    const omitted = await run([
      ...args,
      '--announced',
      '250-XCLIENT name addr',
      '--omit-unannounced',
    ]);
    expect(omitted).toEqual({
      code: EXIT_OK,
      out: 'XCLIENT NAME=x.example\n',
      err: 'omitted (not announced): PORT\n',
    });
    const j = await run([...args, '--announced', 'XCLIENT NAME', '--omit-unannounced', '--json']);
    expect(json(j.out)).toEqual({
      command: 'build',
      ok: true,
      lines: ['XCLIENT NAME=x.example'],
      omitted: ['PORT'],
    });
  });
});

// -------------------------------------------------------------------------------------------
describe('probe: helpers', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.255.0.9', true],
    ['::1', true],
    ['0:0:0:0:0:0:0:1', true],
    ['::ffff:127.0.0.1', true],
    ['128.0.0.1', false],
    ['10.0.0.1', false],
    ['::2', false],
    ['::ffff:10.0.0.1', false],
    ['fe80::1%eth0', false],
    ['localhost', false],
    ['', false],
  ])('isLoopback(%j) is %s', (address, expected) => {
    expect(isLoopback(address)).toBe(expected);
  });

  it.each([
    ['127.0.0.1:10025', '127.0.0.1', 10025],
    ['127.0.0.1', '127.0.0.1', 25],
    ['localhost:2525', 'localhost', 2525],
    ['[::1]:587', '::1', 587],
    ['[::1]', '::1', 25],
  ])('parseTarget(%j)', (target, host, port) => {
    expect(parseTarget(target)).toEqual({ host, port });
  });

  it.each([
    ['::1:25', 'in brackets'],
    ['[x.example]:25', 'not an IPv6 address'],
    [':25', 'is not HOST[:PORT]'],
    ['a b:25', 'is not HOST[:PORT]'],
    ['127.0.0.1:0', 'not a port number'],
    ['127.0.0.1:65536', 'not a port number'],
    ['127.0.0.1:025', 'not a port number'],
    ['127.0.0.1:', 'not a port number'],
  ])('parseTarget(%j) is a usage error', async (target, message) => {
    const r = await run(['probe', target]);
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.err).toContain(message);
  });

  it.each([
    ['localhost', true],
    ['mail.example.com', true],
    ['mail.example.com.', true],
    ['[192.0.2.1]', true],
    ['[IPv6:2001:db8::1]', true],
    ['bad helo', false],
    ['-x.example', false],
    ['a..b', false],
    ['', false],
    ['x'.repeat(256), false],
  ])('isEhloArgument(%j) is %s', (text, expected) => {
    expect(isEhloArgument(text)).toBe(expected);
  });

  it('printable escapes C0, DEL and C1 controls', () => {
    expect(printable('a\r\n\u001b[31m\u007f\u0085é')).toBe('a\\x0D\\x0A\\x1B[31m\\x7F\\x85é');
  });

  it.each([
    ['\u202e', '\\u202E'],
    ['\u202a\u202b\u202c\u202d', '\\u202A\\u202B\\u202C\\u202D'],
    ['\u2066\u2067\u2068\u2069', '\\u2066\\u2067\\u2068\\u2069'],
    ['\u2028\u2029', '\\u2028\\u2029'],
    ['\u200e\u200f\u061c', '\\u200E\\u200F\\u061C'],
    ['\u0085\u009b', '\\x85\\x9B'],
  ])('printable shows the bidi control or line separator %j as %s (issue 21)', (raw, shown) => {
    expect(printable(`250 ok${raw}txt.exe`)).toBe(`250 ok${shown}txt.exe`);
  });
});

// -------------------------------------------------------------------------------------------
describe('probe: usage', () => {
  it.each([
    [['probe', '192.0.2.1:25'], 'not a loopback address'],
    [['probe', '127.0.0.1:25', '--timeout', '0'], '--timeout must be'],
    [['probe', '127.0.0.1:25', '--timeout', '1s'], '--timeout must be'],
    [['probe', '127.0.0.1:25', '--ehlo', 'bad name'], '--ehlo must be'],
    [['probe', '127.0.0.1:25', '--insecure'], '--insecure only makes sense with --starttls'],
    [['probe', '127.0.0.1:25', '--mail-from', 'a b@x'], '--mail-from must be one address'],
    [['probe', '127.0.0.1:25', '--rcpt-to', 'a\r\nDATA'], '--rcpt-to must be one address'],
    [['probe', '127.0.0.1:25', '--port', '1', '--nope'], "Unknown option '--nope'"],
  ])('%j', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.err).toContain(message);
  });

  it('an invalid attribute is reported before connecting (exit 1)', async () => {
    const server = await smtp();
    const r = await run(['probe', server.target, '--addr', 'nope']);
    expect(r.code).toBe(EXIT_FAIL);
    expect(r.err).toContain('ATTR_BAD_VALUE (ADDR)');
    expect(server.received).toEqual([]);
    const j = await run(['probe', server.target, '--port', '99999', '--json']);
    expect(json(j.out)).toMatchObject({
      command: 'probe',
      ok: false,
      error: { code: 'ATTR_BAD_VALUE' },
    });
  });
});

describe('probe: a name is resolved and refused before connecting (issue 21)', () => {
  /** main() with a resolver of our own. */
  const runWith = (args: string[], addresses: readonly string[] | Error): Promise<Run> =>
    runCli(args, {
      lookup: async () => {
        if (addresses instanceof Error) throw addresses;
        return addresses.map((address) => ({ address }));
      },
    });

  it.each([
    [['127.0.0.1', '192.0.2.1'], 'localhost resolves to 192.0.2.1, not loopback'],
    [['::1', '2001:db8::1'], 'localhost resolves to 2001:db8::1, not loopback'],
    [[], 'localhost resolves to no address, not loopback'],
  ])('localhost resolving to %j is refused and nothing is sent', async (addresses, message) => {
    const server = await smtp({ host: 'localhost' });
    const r = await runWith(['probe', `localhost:${server.port}`], addresses);
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.err).toContain(message);
    expect(r.out).toBe('');
    expect(server.connections()).toBe(0);
  });

  it('a name that does not resolve is refused before connecting', async () => {
    const e = Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    const r = await runWith(['probe', 'mail.example.com:25'], e);
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.err).toContain('mail.example.com does not resolve (ENOTFOUND)');
  });

  it('a name resolving only to loopback is probed at the address the check saw', async () => {
    const server = await smtp();
    const r = await runWith(['probe', `mx.test:${server.port}`], ['127.0.0.1']);
    expect(r.code).toBe(EXIT_OK);
    expect(r.out).toContain(`*: connected to 127.0.0.1 port ${server.port}`);
  });
});

// -------------------------------------------------------------------------------------------
describe('probe: against a scripted server', () => {
  it('success: greeting, EHLO, XCLIENT, 220, EHLO with the asserted HELO, QUIT', async () => {
    const server = await smtp();
    const r = await run([
      'probe',
      server.target,
      '--name',
      'spike.porcupine.org',
      '--addr',
      '168.100.189.2',
      '--helo',
      'spike.porcupine.org',
    ]);
    expect(r.code).toBe(EXIT_OK);
    expect(server.received).toEqual([
      'EHLO localhost',
      'XCLIENT HELO=spike.porcupine.org NAME=spike.porcupine.org ADDR=168.100.189.2',
      'EHLO spike.porcupine.org',
      'QUIT',
    ]);
    expect(r.out).toContain('S: 220 fake.example ESMTP\nC: EHLO localhost\nS: 250-fake.example\n');
    expect(r.out).toContain(
      'C: XCLIENT HELO=spike.porcupine.org NAME=spike.porcupine.org ADDR=168.100.189.2\nS: 220 fake.example ESMTP\n',
    );
    expect(r.out).toContain(`XCLIENT announced: ${ALL}\n`);
    expect(r.out).toContain('-> 220 fake.example ESMTP (success)\n');
    expect(r.out).toContain('after XCLIENT: XCLIENT still announced\n');
    expect(r.out).toMatch(/verdict: ok: every XCLIENT command got 220 \(1 command\)\n$/);
    expect(r.err).toBe('');
  });

  it('--json: the whole run as one object, the transcript last', async () => {
    const server = await smtp();
    const r = await run(['probe', server.target, '--addr', '192.0.2.1', '--json']);
    expect(r.code).toBe(EXIT_OK);
    const o = json(r.out);
    expect(o).toMatchObject({
      command: 'probe',
      host: '127.0.0.1',
      port: server.port,
      ok: true,
      verdict: { code: 'ok' },
      greeting: { code: 220, text: 'fake.example ESMTP' },
      announced: ALL.split(' '),
      planned: ['XCLIENT ADDR=192.0.2.1'],
      omitted: [],
      xclient: [{ line: 'XCLIENT ADDR=192.0.2.1', reply: { code: 220 }, class: 'success' }],
      ehloAfter: { code: 250 },
      rcpt: [],
    });
    expect(Object.keys(o).at(-1)).toBe('transcript');
    expect(o.transcript).toContainEqual({ dir: 'C', line: 'XCLIENT ADDR=192.0.2.1' });
  });

  it('without attributes: reports whether XCLIENT is announced', async () => {
    const yes = await smtp({ xclient: 'NAME ADDR' });
    const r = await run(['probe', yes.target]);
    expect(r.code).toBe(EXIT_OK);
    expect(r.out).toContain('verdict: ok: XCLIENT is announced: NAME ADDR\n');
    expect(yes.received).toEqual(['EHLO localhost', 'QUIT']);
    const no = await smtp({ xclient: null });
    const n = await run(['probe', no.target, '--json']);
    expect(n.code).toBe(EXIT_FAIL);
    expect(json(n.out)).toMatchObject({
      ok: false,
      verdict: { code: 'not-announced' },
      announced: null,
    });
    const forced = await run(['probe', no.target, '--force']);
    expect(forced.code).toBe(EXIT_FAIL);
    expect(forced.out).toContain('verdict: FAILED (not-announced): XCLIENT is not announced\n');
  });

  it('XCLIENT not announced: exit 1 without sending it', async () => {
    const server = await smtp({ xclient: null });
    const r = await run(['probe', server.target, '--addr', '192.0.2.1']);
    expect(r.code).toBe(EXIT_FAIL);
    expect(r.out).toContain('XCLIENT announced: no\n');
    expect(r.out).toContain('verdict: FAILED (not-announced): XCLIENT is not announced');
    expect(server.received).toEqual(['EHLO localhost', 'QUIT']);
  });

  it('--force sends it anyway: 550 not authorized', async () => {
    const server = await smtp({
      xclient: null,
      onXclient: () => '550 5.7.0 Error: insufficient authorization',
    });
    const r = await run(['probe', server.target, '--addr', '192.0.2.1', '--force']);
    expect(r.code).toBe(EXIT_FAIL);
    expect(r.out).toContain(
      'verdict: FAILED (unauthorized): this client may not use XCLIENT (Postfix: smtpd_authorized_xclient_hosts): 550 5.7.0 Error: insufficient authorization\n',
    );
    expect(server.received).toEqual(['EHLO localhost', 'XCLIENT ADDR=192.0.2.1', 'QUIT']);
  });

  it('501: the server text, and no more commands but QUIT', async () => {
    const server = await smtp({ onXclient: () => '501 5.5.4 Bad NAME syntax: x.example' });
    const r = await run([
      'probe',
      server.target,
      '--name',
      'x.example',
      '--mail-from',
      'a@b.example',
    ]);
    expect(r.code).toBe(EXIT_FAIL);
    expect(r.out).toContain(
      'verdict: FAILED (syntax): the server refused a value: 501 5.5.4 Bad NAME syntax: x.example\n',
    );
    expect(server.received.at(-1)).toBe('QUIT');
    expect(server.received).not.toContain('MAIL FROM:<a@b.example>');
  });

  it('421: the server is going away; no QUIT', async () => {
    const server = await smtp({
      onXclient: () => '421 4.3.0 fake.example Server local data error',
    });
    const r = await run(['probe', server.target, '--addr', '192.0.2.1', '--json']);
    expect(r.code).toBe(EXIT_FAIL);
    expect(json(r.out)).toMatchObject({
      verdict: { code: 'unavailable' },
      xclient: [{ class: 'unavailable', reply: { code: 421 } }],
    });
    expect(server.received).not.toContain('QUIT');
  });

  it.each([
    ['503 5.5.1 Error: MAIL transaction in progress', 'transaction'],
    ['554 5.7.1 Access denied', 'rejected'],
  ])('%s', async (reply, verdict) => {
    const server = await smtp({ onXclient: () => reply });
    const r = await run(['probe', server.target, '--addr', '192.0.2.1']);
    expect(r.code).toBe(EXIT_FAIL);
    expect(r.out).toContain(`verdict: FAILED (${verdict}): `);
    expect(r.out).toContain(reply);
  });

  it('250 instead of 220: reported as non-conforming, exit 1', async () => {
    const server = await smtp({ onXclient: () => '250 2.0.0 Ok' });
    const r = await run([
      'probe',
      server.target,
      '--addr',
      '192.0.2.1',
      '--mail-from',
      'a@b.example',
    ]);
    expect(r.code).toBe(EXIT_FAIL);
    expect(r.out).toContain('(nonconforming-success)');
    expect(r.out).toContain('verdict: FAILED (nonconforming-success): the server replied 250');
    expect(server.received).toContain('MAIL FROM:<a@b.example>');
  });

  it('several XCLIENT lines: each one sent and judged', async () => {
    const server = await smtp();
    const r = await run([
      'probe',
      server.target,
      '--helo',
      'h'.repeat(250),
      '--login',
      'l'.repeat(220),
      '--destaddr',
      '10.0.0.1',
      '--port',
      '1234',
      '--destport',
      '25',
      '--json',
    ]);
    expect(r.code).toBe(EXIT_OK);
    const o = json(r.out);
    expect(o.xclient).toHaveLength(2);
    expect(o.verdict).toEqual({
      code: 'ok',
      message: 'every XCLIENT command got 220 (2 commands)',
    });
    // The HELO is too long for an EHLO argument: EHLO localhost again.
    expect(server.received.filter((l) => l.startsWith('EHLO'))).toEqual([
      'EHLO localhost',
      'EHLO localhost',
    ]);
  });

  it('PROTO=SMTP: HELO after XCLIENT keeps it; an invalid HELO is not replayed', async () => {
    const server = await smtp();
    const r = await run(['probe', server.target, '--proto', 'SMTP', '--helo', 'bad helo']);
    expect(r.code).toBe(EXIT_OK);
    expect(server.received).toEqual([
      'EHLO localhost',
      'XCLIENT HELO=bad+20helo PROTO=SMTP',
      'HELO localhost',
      'QUIT',
    ]);
    expect(r.out).toContain(
      '*: the asserted HELO is not a valid HELO argument: sending localhost\n',
    );
    expect(r.out).not.toContain('after XCLIENT:');
  });

  it('after XCLIENT the asserted client may lose XCLIENT: reported', async () => {
    let authorized = true;
    const server = await fakeSmtp({
      on(line) {
        if (line.startsWith('EHLO')) {
          return authorized ? '250-fake.example\r\n250 XCLIENT ADDR' : '250 fake.example';
        }
        if (line.startsWith('XCLIENT')) {
          authorized = false;
          return '220 fake.example';
        }
        return '221 bye';
      },
    });
    const r = await run(['probe', server.target, '--addr', '192.0.2.1', '--ehlo', 'me.example']);
    expect(r.code).toBe(EXIT_OK);
    expect(r.out).toContain('after XCLIENT: XCLIENT no longer announced');
    expect(server.received).toEqual([
      'EHLO me.example',
      'XCLIENT ADDR=192.0.2.1',
      'EHLO me.example',
      'QUIT',
    ]);
  });

  it('MAIL FROM and RCPT TO: replies reported, not judged', async () => {
    const server = await smtp();
    const r = await run([
      'probe',
      server.target,
      '--addr',
      '192.0.2.1',
      '--mail-from',
      'a@example.com',
      '--rcpt-to',
      '<b@example.net>',
      '--rcpt-to',
      'c@example.net',
    ]);
    expect(r.code).toBe(EXIT_OK);
    expect(server.received.slice(3)).toEqual([
      'MAIL FROM:<a@example.com>',
      'RCPT TO:<b@example.net>',
      'RCPT TO:<c@example.net>',
      'QUIT',
    ]);
    expect(r.out).toContain('MAIL -> 250 2.1.0 Ok\n');
    expect(r.out).toContain('RCPT <b@example.net> -> 554 5.7.1 Relay access denied\n');
  });

  it('RCPT TO without MAIL FROM uses the null sender; a refused MAIL stops there', async () => {
    const server = await smtp({ mail: '553 5.7.1 Sender rejected' });
    const r = await run(['probe', server.target, '--rcpt-to', 'b@example.net', '--json']);
    expect(r.code).toBe(EXIT_OK);
    expect(server.received).toEqual(['EHLO localhost', 'MAIL FROM:<>', 'QUIT']);
    expect(json(r.out)).toMatchObject({ mail: { code: 553 }, rcpt: [] });
  });

  it('--omit-unannounced: what the server did not announce is left out', async () => {
    const server = await smtp({ xclient: 'NAME ADDR' });
    const refused = await run(['probe', server.target, '--addr', '192.0.2.1', '--login', 'joe']);
    expect(refused.code).toBe(EXIT_FAIL);
    expect(refused.out).toContain(
      'verdict: FAILED (plan-failed): FORMAT_NOT_ANNOUNCED: the server did not announce LOGIN (--omit-unannounced leaves it out)',
    );
    const omitted = await run([
      'probe',
      server.target,
      '--addr',
      '192.0.2.1',
      '--login',
      'joe',
      '--omit-unannounced',
    ]);
    expect(omitted.code).toBe(EXIT_OK);
    expect(omitted.out).toContain('*: not announced, left out: LOGIN\n');
    expect(server.received).toContain('XCLIENT ADDR=192.0.2.1');
    const nothing = await run(['probe', server.target, '--login', 'joe', '--omit-unannounced']);
    expect(nothing.code).toBe(EXIT_FAIL);
    expect(nothing.out).toContain('verdict: FAILED (plan-failed): no attribute left to send');
  });

  it('a greeting other than 220', async () => {
    const server = await smtp({ greeting: '554 5.7.1 go away' });
    const r = await run(['probe', server.target, '--addr', '192.0.2.1']);
    expect(r.code).toBe(EXIT_FAIL);
    expect(r.out).toContain(
      'verdict: FAILED (bad-greeting): the server greeted with 554 5.7.1 go away',
    );
    expect(server.received).toEqual(['QUIT']);
  });

  it('EHLO refused', async () => {
    const server = await fakeSmtp({ on: (l) => (l === 'QUIT' ? '221 bye' : '502 5.5.2 no EHLO') });
    const r = await run(['probe', server.target]);
    expect(r.code).toBe(EXIT_FAIL);
    expect(r.out).toContain('verdict: FAILED (ehlo-failed): EHLO refused: 502 5.5.2 no EHLO');
  });

  it('a malformed reply', async () => {
    const server = await fakeSmtp({ on: () => '250-fake.example\r\n2x0 oops' });
    const r = await run(['probe', server.target]);
    expect(r.code).toBe(EXIT_FAIL);
    expect(r.out).toContain('verdict: FAILED (malformed-reply): malformed reply: ');
    expect(server.received).toEqual(['EHLO localhost']);
  });

  it('reply lines ended by a bare LF are read too; an empty keyword is reported', async () => {
    const server = await fakeSmtp({
      on: (line) => (line === 'QUIT' ? '221 bye' : { raw: '250-fake.example\n250 XCLIENT\n' }),
    });
    const r = await run(['probe', server.target]);
    expect(r.code).toBe(EXIT_OK);
    expect(r.out).toContain('XCLIENT announced: (no names)\n');
    expect(r.out).toContain('verdict: ok: XCLIENT is announced: (no names)\n');
  });

  it('a connection reset', async () => {
    const server = await smtp({ onXclient: () => ({ reset: true }) });
    const r = await run(['probe', server.target, '--addr', '192.0.2.1']);
    expect(r.code).toBe(EXIT_FAIL);
    expect(r.out).toMatch(/verdict: FAILED \((connection-error|closed)\): /);
  });

  it('an IPv6 loopback target in brackets', async (ctx) => {
    let server: Fake;
    try {
      server = await smtp({ host: '::1' });
    } catch {
      ctx.skip(); // no IPv6 loopback on this machine
      return;
    }
    const r = await run(['probe', server.target, '--addr', '192.0.2.1']);
    expect(r.code).toBe(EXIT_OK);
    expect(r.out).toContain(`*: connecting to [::1]:${server.port}\n*: connected to ::1 port`);
  });

  it('terminal escapes from the server are neutralized', async () => {
    const server = await smtp({ greeting: '220 evil\u001b[2J.example' });
    const r = await run(['probe', server.target]);
    expect(r.out).toContain('S: 220 evil\\x1B[2J.example\n');
    expect(r.out).not.toContain('\u001b');
  });

  it('the server closes the connection', async () => {
    const server = await smtp({ onXclient: () => ({ close: true }) });
    const r = await run(['probe', server.target, '--addr', '192.0.2.1']);
    expect(r.code).toBe(EXIT_FAIL);
    expect(r.out).toContain('verdict: FAILED (closed): the server closed the connection');
  });

  it('timeout: no greeting', async () => {
    const server = await smtp({ greeting: null });
    const r = await run(['probe', server.target, '--timeout', '150']);
    expect(r.code).toBe(EXIT_FAIL);
    expect(r.out).toContain('verdict: FAILED (timeout): no reply within 150 ms');
    expect(server.received).toEqual([]);
  });

  it('timeout: no reply to XCLIENT (and no QUIT after it)', async () => {
    const server = await smtp({ onXclient: () => null });
    const r = await run([
      'probe',
      server.target,
      '--addr',
      '192.0.2.1',
      '--timeout',
      '150',
      '--json',
    ]);
    expect(r.code).toBe(EXIT_FAIL);
    expect(json(r.out)).toMatchObject({ verdict: { code: 'timeout' } });
    expect(server.received).toEqual(['EHLO localhost', 'XCLIENT ADDR=192.0.2.1']);
  });

  it('a reply line that never ends is cut off', async () => {
    const server = await fakeSmtp({ on: () => ({ raw: '250-'.padEnd(70_000, 'x') }) });
    const r = await run(['probe', server.target]);
    expect(r.code).toBe(EXIT_FAIL);
    expect(r.out).toContain('verdict: FAILED (malformed-reply): a reply line longer than 64 KiB');
  });

  it('connection refused on a closed port', async () => {
    const port = await closedPort();
    const r = await run(['probe', `127.0.0.1:${port}`]);
    expect(r.code).toBe(EXIT_FAIL);
    expect(r.out).toContain(
      `verdict: FAILED (connect-failed): connection refused by 127.0.0.1:${port} (is the server running on that port?)`,
    );
    const j = await run(['probe', `127.0.0.1:${port}`, '--json']);
    expect(json(j.out)).toMatchObject({ ok: false, verdict: { code: 'connect-failed' } });
  });

  it('localhost is allowed (connection refused there too)', async () => {
    const server = await smtp({ host: 'localhost' });
    const r = await run(['probe', `localhost:${server.port}`]);
    expect(r.code).toBe(EXIT_OK);
    const port = await closedPort();
    const refused = await run(['probe', `localhost:${port}`]);
    expect(refused.code).toBe(EXIT_FAIL);
    expect(refused.out).toContain('verdict: FAILED (connect-failed): ');
  });

  it('--allow-remote lets any host through the check', async () => {
    const server = await smtp();
    const allowed = await run(['probe', server.target, '--allow-remote']);
    expect(allowed.code).toBe(EXIT_OK);
  });
});

describe('probe: pipelining after XCLIENT (Postfix 3.9)', () => {
  it('sends each XCLIENT line alone and the EHLO after the 220: no warning', async () => {
    const server = await smtp();
    const r = await run(['probe', server.target, '--addr', '192.0.2.1', '--json']);
    expect(r.code).toBe(EXIT_OK);
    expect(json(r.out).warnings).toBeUndefined();
  });

  it('--pipeline: the EHLO goes with the last XCLIENT line, and 3.9 would refuse that', async () => {
    const server = await smtp();
    const r = await run(['probe', server.target, '--addr', '192.0.2.1', '--pipeline']);
    expect(r.code).toBe(EXIT_OK);
    expect(server.received).toEqual([
      'EHLO localhost',
      'XCLIENT ADDR=192.0.2.1',
      'EHLO localhost',
      'QUIT',
    ]);
    expect(r.out).toContain(
      'warning: this transcript would break on Postfix 3.9: XCLIENT ADDR=192.0.2.1: sent more before the 220 of XCLIENT',
    );
    const j = await run(['probe', server.target, '--addr', '192.0.2.1', '--pipeline', '--json']);
    expect(json(j.out).warnings).toEqual([expect.stringContaining('would break on Postfix 3.9')]);
  });

  it('a server that answers 554 5.5.0: pipelining-refused, exit 1, no QUIT', async () => {
    const server = await smtp({
      onXclient: () => ({ raw: '554 5.5.0 Error: SMTP protocol synchronization\r\n' }),
    });
    const r = await run(['probe', server.target, '--addr', '192.0.2.1', '--pipeline']);
    expect(r.code).toBe(EXIT_FAIL);
    expect(r.out).toContain(
      'verdict: FAILED (pipelining-refused): the server refuses commands sent before',
    );
    expect(r.out).not.toContain('warning:');
    expect(server.received).not.toContain('QUIT');
  });
});

// -------------------------------------------------------------------------------------------
describe('probe --starttls', () => {
  it('not announced: exit 1', async () => {
    const server = await smtp();
    const r = await run(['probe', server.target, '--starttls']);
    expect(r.code).toBe(EXIT_FAIL);
    expect(r.out).toContain('verdict: FAILED (starttls-not-announced)');
  });

  it('refused: exit 1', async () => {
    const server = await smtp({ starttls: true, onStarttls: () => '454 4.7.0 TLS not available' });
    const r = await run(['probe', server.target, '--starttls']);
    expect(r.code).toBe(EXIT_FAIL);
    expect(r.out).toContain(
      'verdict: FAILED (tls-failed): STARTTLS refused: 454 4.7.0 TLS not available',
    );
  });

  it('the certificate is verified by default', async () => {
    const server = await smtp({ starttls: true });
    const r = await run(['probe', server.target, '--starttls', '--addr', '192.0.2.1']);
    expect(r.code).toBe(EXIT_FAIL);
    expect(r.out).toMatch(
      /verdict: FAILED \(tls-failed\): TLS handshake failed: .*certificate.*\(--insecure skips/,
    );
    expect(server.received).not.toContain('XCLIENT ADDR=192.0.2.1');
  });

  it('--insecure: EHLO again over TLS, then XCLIENT', async () => {
    const server = await smtp({ starttls: true });
    const r = await run([
      'probe',
      server.target,
      '--starttls',
      '--insecure',
      '--addr',
      '192.0.2.1',
      '--json',
    ]);
    expect(r.code).toBe(EXIT_OK);
    const o = json(r.out);
    expect(o.tls).toMatchObject({ authorized: false });
    expect(server.received).toEqual([
      'EHLO localhost',
      'STARTTLS',
      'EHLO localhost',
      'XCLIENT ADDR=192.0.2.1',
      'EHLO localhost',
      'QUIT',
    ]);
    expect(
      (o.transcript as { line: string }[]).some((e) =>
        e.line.startsWith('TLS established: TLSv1.3'),
      ),
    ).toBe(true);
  });

  it('localhost: the name is sent as SNI', async () => {
    const server = await smtp({ starttls: true, host: 'localhost' });
    const r = await run(['probe', `localhost:${server.port}`, '--starttls', '--insecure']);
    expect(r.code).toBe(EXIT_OK);
  });

  it('EHLO refused over TLS', async () => {
    const server = await smtp({ starttls: true, ehloSecure: '554 5.7.1 no' });
    const r = await run(['probe', server.target, '--starttls', '--insecure']);
    expect(r.code).toBe(EXIT_FAIL);
    expect(r.out).toContain('verdict: FAILED (ehlo-failed): EHLO over TLS refused: 554 5.7.1 no');
  });

  it('plaintext pipelined after the STARTTLS reply is discarded', async () => {
    const server = await fakeSmtp({
      on(line) {
        if (line.startsWith('EHLO')) return '250-fake.example\r\n250 STARTTLS';
        if (line === 'STARTTLS') return '220 2.0.0 go ahead\r\n250 injected';
        return null; // the ClientHello, read as text: no answer
      },
    });
    // This fake never starts TLS: the handshake times out after the injected line is dropped.
    const r = await run(['probe', server.target, '--starttls', '--insecure', '--timeout', '300']);
    expect(r.code).toBe(EXIT_FAIL);
    expect(r.out).toContain('*: discarded plaintext received after the STARTTLS reply\n');
    expect(r.out).toContain('verdict: FAILED (timeout): no TLS handshake within 300 ms');
  });

  it('a TLS failure on a server that is not TLS at all', async () => {
    const server = await smtp({
      starttls: true,
      onStarttls: () => ({ raw: '220 2.0.0 go ahead\r\n', later: 'this is not TLS\r\n' }),
    });
    const r = await run(['probe', server.target, '--starttls', '--insecure']);
    expect(r.code).toBe(EXIT_FAIL);
    expect(r.out).toContain('verdict: FAILED (tls-failed): TLS handshake failed: ');
  });
});

// -------------------------------------------------------------------------------------------
// The built program: dist/cli.js after `npm run build` (or SMTP_XCLIENT_CLI=path/to/cli.js).

const BIN =
  process.env.SMTP_XCLIENT_CLI ?? fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const BUILT = existsSync(BIN);
if (!BUILT) console.warn(`\n*** SKIPPED: ${BIN} is not built (npm run build). ***\n`);

function spawnCli(
  file: string,
  args: string[],
  input = '',
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file, ...args], { stdio: 'pipe' });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
    child.stdin.end(input);
  });
}

describe.skipIf(!BUILT)('the built program', () => {
  it('starts with a shebang and reads its version from ../package.json', async () => {
    expect(readFileSync(BIN, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    const pkg = JSON.parse(
      readFileSync(path.join(path.dirname(BIN), '..', 'package.json'), 'utf8'),
    );
    const r = await spawnCli(BIN, ['--version']);
    expect(r).toEqual({ code: 0, out: `${pkg.version}\n`, err: '' });
  });

  it('runs through a symlink, as node_modules/.bin does', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'smtp-xclient-bin-'));
    try {
      const link = path.join(dir, 'smtp-xclient');
      symlinkSync(BIN, link);
      const r = await spawnCli(link, ['check', 'XCLIENT NAME=x.example']);
      expect(r.code).toBe(0);
      expect(r.out).toContain('accepted (profile strict)');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exit codes 0, 1, 2; a long piped output arrives whole', async () => {
    expect((await spawnCli(BIN, ['check', 'XCLIENT X=1'])).code).toBe(1);
    expect((await spawnCli(BIN, ['check', '--frob'])).code).toBe(2);
    const input = Array.from({ length: 3000 }, (_, i) => `XCLIENT NAME=n${i}.example\n`).join('');
    const r = await spawnCli(BIN, ['check', '--json'], input);
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n')).toHaveLength(3000);
  });
});

describe('standard input (issue 21)', () => {
  it('a line longer than 1 MiB is a usage error naming the line, and reading stops there', async () => {
    let pulled = 0;
    const chunk = new Uint8Array(65_536).fill(0x61);
    let out = '';
    let err = '';
    const io: CliIo = {
      stdout: { write: (c: string) => (out += c) },
      stderr: { write: (c: string) => (err += c) },
      stdin: (async function* () {
        yield 'XCLIENT NAME=a.example\n';
        for (let i = 0; i < 1024; i++) {
          pulled++;
          yield chunk; // 64 MiB without a line end
        }
      })(),
    };
    const code = await main(['check'], io);
    expect(code).toBe(EXIT_USAGE);
    expect(err).toContain(
      'standard input: line 2 is longer than 1048576 octets, the most the CLI reads in one line',
    );
    expect(out).toContain('accepted');
    expect(pulled).toBe(17); // 16 chunks make 1 MiB; the 17th crosses the cap
  });

  it('a line of exactly 1 MiB, in many chunks, is read whole', async () => {
    const line = 'a'.repeat(1_048_576);
    const pieces = line.match(/.{1,1000}/g) as string[];
    const r = await run(['decode', '--json'], [...pieces, '\n']);
    expect(json(r.out)).toMatchObject({ ok: true, value: line });
  });

  it("--login '[unavaılable]' with a dotless ı is sent as it is, not as [UNAVAILABLE]", async () => {
    const r = await run(['build', '--login', '[unavaılable]']);
    expect(r.out).toBe('XCLIENT LOGIN=[unava+C4+B1lable]\n');
    const special = await run(['build', '--login', '[unavailable]']);
    expect(special.out).toBe('XCLIENT LOGIN=[UNAVAILABLE]\n');
  });
});
