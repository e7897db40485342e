// connectWithXclient (smtp-xclient/node) against scripted servers on 127.0.0.1: the options
// refused before a byte is sent (each with the message the user reads), the exact octets on
// the wire, each refusal's message, replies split across TCP chunks or ended by a bare LF,
// the listeners left on the socket handed over. The conversation itself and the hostile
// servers are in node-connect.test.ts.
import { getEventListeners } from 'node:events';
import net from 'node:net';
import { isXclientError } from 'smtp-xclient';
import {
  type ConnectWithXclientOptions,
  connectWithXclient,
  XclientConnectionError,
} from 'smtp-xclient/node';
import { describe, expect, it } from 'vitest';
import {
  ANNOUNCE,
  connectOptions as at,
  closedAfterEach,
  connectFailure as failure,
  listen,
  postfixLike,
  type Script,
  TEST_CERT,
  withStartTls,
} from './helpers/smtp-servers.js';

const { fake, serve, sockets } = closedAfterEach();

async function connect(options: ConnectWithXclientOptions) {
  const c = await connectWithXclient(options);
  sockets.push(c.socket);
  return c;
}

/** What an invalid option rejects with: the library's error, before connecting. */
async function refusal(
  options: ConnectWithXclientOptions,
): Promise<{ code: string; message: string }> {
  const e = await connectWithXclient(options).then(
    (c) => {
      c.socket.destroy();
      return undefined;
    },
    (error: unknown) => error,
  );
  expect(isXclientError(e)).toBe(true);
  expect(e).not.toBeInstanceOf(XclientConnectionError);
  const { code, message } = e as { code: string; message: string };
  return { code, message };
}

/** Answers EHLO with these lines (CR LF between them), everything else as Postfix. */
const ehloSays =
  (reply: string, others: (l: string) => ReturnType<typeof postfixLike> = postfixLike) =>
  (line: string) =>
    line.startsWith('EHLO') ? reply : others(line);

describe('connectWithXclient: options refused before connecting', () => {
  const HOST = 'host must be a host name or address';
  const EHLO = 'ehlo must be one printable ASCII word without <>()\\";@';
  const cases: [string, Partial<ConnectWithXclientOptions>, string][] = [
    ['an empty host', { host: '' }, HOST],
    ['a host that is not a string', { host: 127 as unknown as string }, HOST],
    ['port 0', { port: 0 }, 'port must be an integer 1-65535, not 0'],
    ['port 65536', { port: 65536 }, 'port must be an integer 1-65535, not 65536'],
    ['port -1', { port: -1 }, 'port must be an integer 1-65535, not -1'],
    ['port 25.5', { port: 25.5 }, 'port must be an integer 1-65535, not 25.5'],
    ['port "25"', { port: '25' as unknown as number }, 'port must be an integer 1-65535, not 25'],
    ['an empty ehlo', { ehlo: '' }, EHLO],
    ['an ehlo of two words', { ehlo: 'proxy example' }, EHLO],
    ['an ehlo of 256 octets', { ehlo: 'x'.repeat(256) }, EHLO],
    ['an ehlo with a non-ASCII letter', { ehlo: 'pr\u00f6xy' }, EHLO],
    ['an ehlo with a DEL', { ehlo: 'proxy\x7f' }, EHLO],
    ...[...'<>()\\";@'].map((c): [string, Partial<ConnectWithXclientOptions>, string] => [
      `an ehlo with ${c}`,
      { ehlo: `proxy${c}example` },
      EHLO,
    ]),
    ['an ehlo that is not a string', { ehlo: 7 as unknown as string }, EHLO],
    ['timeout 0', { timeout: 0 }, 'timeout must be a positive integer, not 0'],
    [
      'maxLineOctets 1.5',
      { maxLineOctets: 1.5 },
      'maxLineOctets must be a positive integer, not 1.5',
    ],
    ['maxReplyLines -2', { maxReplyLines: -2 }, 'maxReplyLines must be a positive integer, not -2'],
  ];
  it.each(cases)('%s: OPTION_INVALID, nothing opened', async (_, more, message) => {
    const f = await fake();
    expect(await refusal(at(f, more))).toEqual({ code: 'OPTION_INVALID', message });
    expect(f.events).toEqual([]);
  });

  it('an unknown nonconforming value: OPTION_INVALID before connecting', async () => {
    const f = await fake();
    const r = await refusal(at(f, { nonconforming: 'lenient' as 'accept' }));
    expect(r.code).toBe('OPTION_INVALID');
    expect(r.message).toMatch(/nonconforming/);
    expect(f.events).toEqual([]);
  });

  it.each([
    ['port 1', 1],
    ['port 65535', 65535],
  ])('%s is a port: the connection is tried', async (_, port) => {
    // Nothing listens on these ports of 127.0.0.1 here: the refusal names the port.
    const e = await failure({ host: '127.0.0.1', port, identity: { ADDR: '192.0.2.1' } });
    expect(e).toMatchObject({
      code: 'CONNECT_FAILED',
      step: 'connect',
      message: `connection refused by 127.0.0.1:${port} (is the server running on that port?)`,
    });
  });

  it.each([
    ['one printable character', '!'],
    ['255 octets', `${'x'.repeat(251)}.com`],
    ['every printable ASCII but the forbidden ones', "!#$%&'*+,-./09:=?AZ[]^_`az{|}~"],
  ])('an ehlo of %s is sent as given', async (_, ehlo) => {
    const f = await fake();
    await connect(at(f, { ehlo }));
    expect(f.received()[0]).toBe(`EHLO ${ehlo}`);
  });
});

describe('connectWithXclient: the octets on the wire', () => {
  it('each command is one line ended by CR LF, in this order', async () => {
    const f = await fake();
    await connect(
      at(f, { ehlo: 'proxy.example', identity: { ADDR: '192.0.2.1', HELO: 'c.example' } }),
    );
    expect(f.wire()).toBe(
      'EHLO proxy.example\r\nXCLIENT HELO=c.example ADDR=192.0.2.1\r\nEHLO c.example\r\n',
    );
  });

  it('without ehlo the proxy says EHLO localhost; starttls: false sends no STARTTLS', async () => {
    const f = await fake({ on: ehloSays(`250-mx.example\r\n250-STARTTLS\r\n250 ${ANNOUNCE}`) });
    const c = await connect(at(f, { starttls: false }));
    expect(f.wire()).toBe('EHLO localhost\r\nXCLIENT ADDR=192.0.2.1\r\nEHLO [192.0.2.1]\r\n');
    expect(c.encrypted).toBe(false);
  });
});

describe('connectWithXclient: replies as they come', () => {
  it('a multi-line reply split across TCP chunks, one octet at a time', async () => {
    const f = await serve((s) => {
      const drip = async (text: string) => {
        for (const c of text) {
          s.write(c);
          await new Promise((r) => setImmediate(r));
        }
      };
      void drip('220-mx.example ESMTP\r\n220 second line\r\n');
      let n = 0;
      s.on('data', () => {
        n++;
        if (n === 1) void drip(`250-mx.example\r\n250-PIPE\r\n250 ${ANNOUNCE}\r\n`);
        else if (n === 2) void drip('220 mx.example ESMTP\r\n');
        else void drip('250 mx.example\r\n');
      });
    });
    const c = await connect(at(f));
    expect(c.greeting).toEqual({ code: 220, text: 'mx.example ESMTP' });
    expect(c.transcript).toEqual([
      { dir: 'S', line: '220-mx.example ESMTP' },
      { dir: 'S', line: '220 second line' },
      { dir: 'C', line: 'EHLO localhost' },
      { dir: 'S', line: '250-mx.example' },
      { dir: 'S', line: '250-PIPE' },
      { dir: 'S', line: `250 ${ANNOUNCE}` },
      { dir: 'C', line: 'XCLIENT ADDR=192.0.2.1' },
      { dir: 'S', line: '220 mx.example ESMTP' },
      { dir: 'C', line: 'EHLO [192.0.2.1]' },
      { dir: 'S', line: '250 mx.example' },
    ]);
  });

  it('replies ended by a bare LF are read as lines', async () => {
    const f = await fake({
      greeting: '220 mx.example ESMTP',
      on: (l) => ({ raw: `${String(postfixLike(l)).replaceAll('\r\n', '\n')}\n` }),
    });
    const c = await connect(at(f));
    expect(c.transcript.filter((t) => t.dir === 'S').map((t) => t.line)).toEqual([
      '220 mx.example ESMTP',
      '250-mx.example',
      '250-PIPELINING',
      `250 ${ANNOUNCE}`,
      '220 mx.example ESMTP',
      '250-mx.example',
      '250-PIPELINING',
      `250 ${ANNOUNCE}`,
    ]);
  });

  it('a reply line of maxLineOctets octets (CR LF included) is read; one more is too long', async () => {
    const greeting = (n: number) => `220 ${'x'.repeat(n - 6)}`;
    const ok = await fake({ greeting: greeting(100) });
    const c = await connect(at(ok, { maxLineOctets: 100 }));
    expect(c.transcript[0]?.line).toBe(greeting(100));
    const long = await fake({ greeting: greeting(101) });
    expect(await failure(at(long, { maxLineOctets: 100 }))).toMatchObject({
      code: 'REPLY_LINE_TOO_LONG',
      step: 'greeting',
      message: 'a reply line longer than 100 octets',
    });
  });

  it('maxReplyLines lines are a reply; one more is REPLY_TOO_MANY_LINES', async () => {
    const lines = (n: number) =>
      [...Array.from({ length: n - 1 }, (_, k) => `220-line ${k}`), '220 last'].join('\r\n');
    const ok = await fake({ greeting: lines(3) });
    const c = await connect(at(ok, { maxReplyLines: 3 }));
    expect(c.transcript.slice(0, 3).map((t) => t.line)).toEqual([
      '220-line 0',
      '220-line 1',
      '220 last',
    ]);
    const many = await fake({ greeting: lines(4) });
    expect(await failure(at(many, { maxReplyLines: 3 }))).toMatchObject({
      code: 'REPLY_TOO_MANY_LINES',
      step: 'greeting',
      message: 'a reply of more than 3 lines',
    });
  });

  it('a malformed reply: its REPLY_* code and the parser message after "malformed reply: "', async () => {
    const f = await fake({ greeting: '220-mx.example\r\n250 other code' });
    const e = await failure(at(f));
    expect(e.code).toMatch(/^REPLY_/);
    expect(e.message).toMatch(/^malformed reply: \S/);
    expect(e.step).toBe('greeting');
  });

  it('a 3xx-dash line ends nothing unless it is a continuation: "220 x" after "220-" ends it', async () => {
    // "220x" is not a continuation: the reply is that one line, which is malformed.
    const f = await fake({ greeting: '220x-mx.example' });
    const e = await failure(at(f));
    expect(e.transcript).toEqual([{ dir: 'S', line: '220x-mx.example' }]);
    expect(e.code).toMatch(/^REPLY_/);
  });

  it('a server that closes in the middle of a reply: CONNECTION_CLOSED', async () => {
    const f = await serve((s) => {
      s.write('220 mx.example ESMTP\r\n');
      s.once('data', () => s.end('250-mx.example\r\n250-PIPELI'));
    });
    const e = await failure(at(f));
    expect(e).toMatchObject({
      code: 'CONNECTION_CLOSED',
      step: 'ehlo',
      message: 'the server closed the connection',
      reply: { code: 421, enhanced: '4.4.2' },
    });
    expect(e.transcript).toEqual([
      { dir: 'S', line: '220 mx.example ESMTP' },
      { dir: 'C', line: 'EHLO localhost' },
      { dir: 'S', line: '250-mx.example' },
    ]);
    expect(Object.hasOwn(e, 'serverReply')).toBe(false);
  });

  it('a server that resets the connection: CONNECTION_CLOSED "connection error: …"', async () => {
    const f = await serve((s) => {
      s.write('220 mx.example ESMTP\r\n');
      s.once('data', () => s.resetAndDestroy());
    });
    const e = await failure(at(f));
    expect(e.code).toBe('CONNECTION_CLOSED');
    expect(e.step).toBe('ehlo');
    // A reset is an error on the socket (ECONNRESET), or on some systems only an end.
    expect(e.message).toMatch(/^(connection error: \S|the server closed the connection$)/);
  });

  it('a server that never answers EHLO: CONNECTION_TIMEOUT at the ehlo step', async () => {
    const f = await fake({ on: () => null });
    expect(await failure(at(f, { timeout: 50 }))).toMatchObject({
      code: 'CONNECTION_TIMEOUT',
      step: 'ehlo',
      message: 'no reply within 50 ms',
      reply: { code: 421, enhanced: '4.4.2' },
    });
  });
});

describe('connectWithXclient: each refusal says what was refused', () => {
  it.each([
    [
      'the EHLO',
      (l: string) => (l.startsWith('EHLO') ? '502 5.5.2 Error: command not recognized' : null),
      { step: 'ehlo', message: 'EHLO refused: 502 5.5.2 Error: command not recognized' },
    ],
    [
      'a multi-line greeting',
      null,
      {
        step: 'greeting',
        message: 'the server greeted with 554-5.7.1 first / 554 5.7.1 second',
      },
    ],
  ] as const)('%s', async (_, on, expected) => {
    const f = await fake(
      on === null
        ? { greeting: '554-5.7.1 first\r\n554 5.7.1 second' }
        : { on: on as Script['on'] & object },
    );
    expect(await failure(at(f))).toMatchObject({ code: 'SERVER_REFUSED', ...expected });
  });

  it('the EHLO over TLS', async () => {
    let tls = false;
    const f = await fake({
      on: (l) => {
        if (l === 'STARTTLS') {
          tls = true;
          return { starttls: true };
        }
        if (l.startsWith('EHLO'))
          return tls ? '550 5.7.0 not you' : '250-mx.example\r\n250 STARTTLS';
        return postfixLike(l);
      },
    });
    const e = await failure(at(f, { starttls: { ca: TEST_CERT } }));
    expect(e).toMatchObject({
      code: 'SERVER_REFUSED',
      step: 'ehlo',
      message: 'EHLO over TLS refused: 550 5.7.0 not you',
      reply: { code: 550 },
    });
    expect(f.received()).toEqual(['EHLO localhost', 'STARTTLS', 'EHLO localhost']);
  });

  it('STARTTLS is found among the keywords whatever its case and place', async () => {
    const f = await fake({
      on: (l) =>
        l === 'STARTTLS'
          ? { starttls: true }
          : l.startsWith('EHLO')
            ? `250-mx.example\r\n250-8BITMIME\r\n250-starttls  \r\n250 ${ANNOUNCE}`
            : postfixLike(l),
    });
    const c = await connect(at(f, { starttls: { ca: TEST_CERT } }));
    expect(c.encrypted).toBe(true);
  });

  it.each([
    ['a keyword that only starts with STARTTLS', '250-STARTTLSX'],
    ['STARTTLS as a parameter', '250-X-EXT STARTTLS'],
  ])('%s is not an announcement', async (_, line) => {
    const f = await fake({ on: ehloSays(`250-mx.example\r\n${line}\r\n250 ${ANNOUNCE}`) });
    const e = await failure(at(f, { starttls: true }));
    expect(e).toMatchObject({
      code: 'STARTTLS_NOT_ANNOUNCED',
      step: 'starttls',
      message: 'the server does not announce STARTTLS',
    });
  });

  it('STARTTLS to a host name sends it as SNI; to an address, none', async () => {
    const names: (string | false)[] = [];
    const f = await fake({
      on: withStartTls,
      onTls: (name) => names.push(name),
    });
    await connect(at(f, { host: 'localhost', starttls: { ca: TEST_CERT } }));
    await connect(at(f, { starttls: { ca: TEST_CERT } }));
    expect(names).toEqual(['localhost', false]);
  });
});

describe('connectWithXclient: the options the planner is given', () => {
  it('authorizedHosts decides usableAfter; without it, unknown', async () => {
    const f = await fake();
    const inside = await connect(at(f, { authorizedHosts: ['192.0.2.0/24'] }));
    expect(inside.plan.usableAfter).toBe('yes');
    const outside = await connect(at(f, { authorizedHosts: ['198.51.100.0/24'] }));
    expect(outside.plan.usableAfter).toBe('no');
    const unknown = await connect(at(f));
    expect(unknown.plan.usableAfter).toBe('unknown');
  });

  it('unannounced: throw, passed on, refuses what the server does not announce', async () => {
    const f = await fake({ on: ehloSays('250-mx.example\r\n250 XCLIENT ADDR') });
    const c = await connect(at(f, { identity: { ADDR: '192.0.2.1', LOGIN: 'x' } }));
    expect(c.omitted).toEqual(['LOGIN']);
    expect(
      await failure(at(f, { identity: { ADDR: '192.0.2.1', LOGIN: 'x' }, unannounced: 'throw' })),
    ).toMatchObject({
      code: 'FORMAT_NOT_ANNOUNCED',
    });
  });
});

describe('connectWithXclient: the socket handed over', () => {
  it('carries no listener of the library, on it or on the signal', async () => {
    const f = await fake();
    const signal = new AbortController().signal;
    const c = await connect(at(f, { signal }));
    const fresh = await new Promise<net.Socket>((resolve) => {
      const s = net.connect(f.port, '127.0.0.1', () => resolve(s));
    });
    sockets.push(fresh);
    for (const event of ['data', 'end', 'close', 'error', 'connect', 'readable']) {
      expect(c.socket.listenerCount(event), event).toBe(fresh.listenerCount(event));
    }
    expect(getEventListeners(signal, 'abort')).toEqual([]);
  });

  it('after STARTTLS too', async () => {
    const f = await fake({
      on: withStartTls,
    });
    const signal = new AbortController().signal;
    const c = await connect(at(f, { signal, starttls: { ca: TEST_CERT } }));
    expect(c.encrypted).toBe(true);
    expect(c.socket.listenerCount('error')).toBe(0);
    expect(c.socket.listenerCount('secureConnect')).toBe(0);
    expect(c.socket.listenerCount('data')).toBe(0);
    expect(getEventListeners(signal, 'abort')).toEqual([]);
  });

  it('an error without a server reply has no serverReply property', async () => {
    const f = await fake({ greeting: null });
    const e = await failure(at(f, { timeout: 30 }));
    expect(e.code).toBe('CONNECTION_TIMEOUT');
    expect(Object.hasOwn(e, 'serverReply')).toBe(false);
    expect('serverReply' in e).toBe(false);
  });
});

describe('connectWithXclient: more of what the user sees', () => {
  it('a 400 greeting is the server refusing: its reply is the error reply', async () => {
    const f = await fake({ greeting: '400 4.0.0 try later' });
    expect(await failure(at(f))).toMatchObject({
      code: 'SERVER_REFUSED',
      step: 'greeting',
      reply: { code: 400, enhanced: '4.0.0', text: 'try later' },
      serverReply: { code: 400 },
    });
  });

  it('a line with digits and a dash after the code is not a continuation', async () => {
    const f = await fake({ greeting: '220 mx.example 123-456 ESMTP' });
    const c = await connect(at(f));
    expect(c.transcript[0]).toEqual({ dir: 'S', line: '220 mx.example 123-456 ESMTP' });
    expect(c.transcript[1]).toEqual({ dir: 'C', line: 'EHLO localhost' });
  });

  it('an abort while the connection is being opened: CONNECTION_ABORTED at connect', async () => {
    const f = await fake();
    const controller = new AbortController();
    const pending = failure(at(f, { signal: controller.signal }));
    controller.abort();
    const e = await pending;
    expect(e).toMatchObject({
      code: 'CONNECTION_ABORTED',
      step: 'connect',
      message: 'aborted',
      reply: { code: 421 },
    });
    expect(e.transcript).toEqual([]);
  });

  it('an abort before anything: CONNECTION_ABORTED, message aborted, empty transcript', async () => {
    const f = await fake();
    const controller = new AbortController();
    controller.abort();
    const e = await failure(at(f, { signal: controller.signal }));
    expect(e).toMatchObject({ code: 'CONNECTION_ABORTED', step: 'connect', message: 'aborted' });
    expect(e.transcript).toEqual([]);
  });

  it('an abort while waiting for the greeting: message aborted', async () => {
    const f = await fake({ greeting: null });
    const controller = new AbortController();
    const pending = failure(at(f, { signal: controller.signal }));
    await new Promise((r) => setTimeout(r, 20));
    controller.abort();
    expect(await pending).toMatchObject({
      code: 'CONNECTION_ABORTED',
      step: 'greeting',
      message: 'aborted',
    });
  });

  it('a local address that is not this host: CONNECT_FAILED with the system message', async () => {
    const f = await fake();
    const e = await failure(at(f, { localAddress: '192.0.2.99' }));
    expect(e).toMatchObject({
      code: 'CONNECT_FAILED',
      step: 'connect',
      message: `cannot connect to 127.0.0.1:${f.port}: bind EADDRNOTAVAIL 192.0.2.99`,
      reply: { code: 421, enhanced: '4.4.1' },
    });
    expect(e.transcript).toEqual([]);
  });

  it('localAddress is the address the connection comes from', async () => {
    const from: (string | undefined)[] = [];
    const f = await serve((s) => {
      from.push(s.remoteAddress);
      s.destroy();
    });
    await failure(at(f, { localAddress: '127.0.0.2' }));
    expect(from).toEqual(['127.0.0.2']);
  });

  it('a host name in a CONNECT_FAILED message is as given; an IPv6 address is bracketed', async () => {
    const f = await listen(() => {});
    const { port } = f;
    await f.close();
    const e = await failure(at(f, { host: '::1', port }));
    expect(e.code).toBe('CONNECT_FAILED');
    expect(e.message).toMatch(
      new RegExp(`^(connection refused by|cannot connect to) \\[::1\\]:${port}`),
    );
  });

  it('a connection reset by the server: CONNECTION_CLOSED "connection error: read ECONNRESET"', async () => {
    const f = await serve((s) => {
      s.write('220 mx.example ESMTP\r\n');
      s.once('data', () => s.resetAndDestroy());
    });
    expect(await failure(at(f))).toMatchObject({
      code: 'CONNECTION_CLOSED',
      step: 'ehlo',
      message: 'connection error: read ECONNRESET',
      reply: { code: 421 },
    });
  });

  it('STARTTLS without plaintext after its 220 notes nothing in the transcript', async () => {
    const f = await fake({
      on: withStartTls,
    });
    const c = await connect(at(f, { starttls: { ca: TEST_CERT } }));
    expect(c.transcript.filter((t) => t.dir === '*')).toEqual([]);
  });

  it('an abort as the 220 to STARTTLS arrives: CONNECTION_ABORTED at starttls', async () => {
    const f = await fake({
      on: withStartTls,
    });
    const controller = new AbortController();
    const seen: string[] = [];
    const e = await failure(
      at(f, {
        signal: controller.signal,
        starttls: { ca: TEST_CERT },
        onTranscript: (t) => {
          seen.push(`${t.dir}: ${t.line}`);
          if (t.line.startsWith('220 2.0.0')) controller.abort();
        },
      }),
    );
    expect(e).toMatchObject({ code: 'CONNECTION_ABORTED', step: 'starttls', message: 'aborted' });
    // The handshake was not carried on: nothing was sent after the 220 (no EHLO over TLS).
    expect(seen.at(-1)).toBe('S: 220 2.0.0 Ready to start TLS');
    expect(e.transcript.at(-1)).toEqual({ dir: 'S', line: '220 2.0.0 Ready to start TLS' });
  });

  it('an abort during the TLS handshake: CONNECTION_ABORTED at starttls', async () => {
    const f = await fake({
      on: (l) =>
        l === 'STARTTLS'
          ? '220 2.0.0 Ready to start TLS'
          : l.startsWith('EHLO')
            ? `250-mx.example\r\n250-STARTTLS\r\n250 ${ANNOUNCE}`
            : null,
    });
    const controller = new AbortController();
    const e = await failure(
      at(f, {
        signal: controller.signal,
        starttls: { ca: TEST_CERT },
        onTranscript: (t) => {
          if (t.line.startsWith('220 2.0.0')) setTimeout(() => controller.abort(), 20);
        },
      }),
    );
    expect(e).toMatchObject({ code: 'CONNECTION_ABORTED', step: 'starttls', message: 'aborted' });
  });
});
