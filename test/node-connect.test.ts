// connectWithXclient and reuseWithXclient (smtp-xclient/node) against small servers on
// loopback: what is sent and in which order (never anything before the 220 to the XCLIENT
// before it), what comes back, STARTTLS, and the failures of hostile servers, each with its
// code within the timeout and without a socket or a timer left behind.
import type net from 'node:net';
import { isXclientError, UNAVAILABLE } from 'smtp-xclient';
import {
  type ConnectWithXclientOptions,
  connectWithXclient,
  reuseWithXclient,
  XclientConnectionError,
} from 'smtp-xclient/node';
import { describe, expect, it } from 'vitest';
import { announces } from '../src/node/steps.js';
import {
  type Action,
  ANNOUNCE,
  connectOptions as at,
  closedAfterEach,
  connectFailure as failure,
  leftover,
  listen,
  postfixLike,
  resources,
  TEST_CERT,
  withStartTls,
} from './helpers/smtp-servers.js';

const { fake } = closedAfterEach();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Reads from a handed-over socket until `count` lines have come. */
function readLines(socket: net.Socket, count: number): Promise<string[]> {
  return new Promise((resolve) => {
    let text = '';
    const onData = (d: Buffer): void => {
      text += d.toString();
      const lines = text.split('\r\n').filter(Boolean);
      if (lines.length >= count) {
        socket.off('data', onData);
        resolve(lines);
      }
    };
    socket.on('data', onData);
    socket.resume();
  });
}

/** An XCLIENT answered only after a pause, noting whatever arrived during it. */
async function slowXclient(line: string, events: string[]): Promise<Action> {
  if (!line.startsWith('XCLIENT')) return postfixLike(line);
  const seen = events.length;
  await sleep(60);
  if (events.length !== seen) events.push('* pipelined before the 220');
  return '220 mx.example ESMTP';
}

describe('connectWithXclient', () => {
  it('greeting, EHLO, XCLIENT, the hello: the socket ready for MAIL FROM', async () => {
    const f = await fake();
    const seen: string[] = [];
    const c = await connectWithXclient(
      at(f, {
        ehlo: 'proxy.example',
        identity: { NAME: UNAVAILABLE, ADDR: '192.0.2.1', PORT: 51234, HELO: 'client.example' },
        onTranscript: (e) => seen.push(`${e.dir}: ${e.line}`),
      }),
    );
    expect(f.received()).toEqual([
      'EHLO proxy.example',
      'XCLIENT PORT=51234 HELO=client.example NAME=[UNAVAILABLE] ADDR=192.0.2.1',
      'EHLO client.example',
    ]);
    expect(c).toMatchObject({
      greeting: { code: 220, text: 'mx.example ESMTP' },
      ehlo: { code: 250 },
      identity: { NAME: UNAVAILABLE, ADDR: '192.0.2.1', PORT: 51234, HELO: 'client.example' },
      omitted: [],
      encrypted: false,
    });
    expect(c.transcript.map((e) => `${e.dir}: ${e.line}`)).toEqual(seen);
    expect(seen[0]).toBe('S: 220 mx.example ESMTP');
    expect(c.socket.isPaused()).toBe(true);
    c.socket.write('MAIL FROM:<a@example.com>\r\n');
    expect(await readLines(c.socket, 1)).toEqual(['250 2.0.0 Ok']);
    c.socket.destroy();
  });

  it('sends each XCLIENT alone, reading its 220 first (Postfix 3.9), also when split', async () => {
    const f = await fake({ on: slowXclient });
    const c = await connectWithXclient(
      at(f, {
        identity: {
          ADDR: '192.0.2.1',
          PORT: 4242,
          DESTADDR: '192.0.2.25',
          DESTPORT: 25,
          HELO: `h${'e'.repeat(200)}.example`,
          LOGIN: `l${'o'.repeat(245)}`,
        },
      }),
    );
    const xclients = f.received().filter((l) => l.startsWith('XCLIENT'));
    expect(xclients).toHaveLength(2);
    expect(f.events).not.toContain('* pipelined before the 220');
    expect(c.plan.lines).toEqual(xclients);
    c.socket.destroy();
  });

  it('octets that arrive after the last reply are given back to the socket', async () => {
    const f = await fake({
      on: (line) =>
        line.startsWith('EHLO c') ? { raw: '250 mx.example\r\n421 early\r\n' } : postfixLike(line),
    });
    const c = await connectWithXclient(
      at(f, { identity: { ADDR: '192.0.2.1', HELO: 'c.example' } }),
    );
    expect(String(c.socket.read())).toBe('421 early\r\n');
    c.socket.destroy();
  });

  it('what the server does not announce is left out (or refused with unannounced: throw)', async () => {
    const f = await fake({
      on: (l) =>
        l.startsWith('EHLO') ? '250-mx.example\r\n250 XCLIENT NAME ADDR' : postfixLike(l),
    });
    const c = await connectWithXclient(at(f, { identity: { ADDR: '192.0.2.1', PORT: 25 } }));
    expect(c.omitted).toEqual(['PORT']);
    expect(c.identity).toEqual({ ADDR: '192.0.2.1' });
    c.socket.destroy();
    const e = await failure(
      at(f, { identity: { ADDR: '192.0.2.1', PORT: 25 }, unannounced: 'throw' }),
    );
    expect(e).toMatchObject({
      code: 'FORMAT_NOT_ANNOUNCED',
      step: 'ehlo',
      serverReply: { code: 250 },
    });
  });

  it('passes the planner its options: fallbackEhlo, hello, isAuthorized, peer', async () => {
    const f = await fake();
    const c = await connectWithXclient(
      at(f, {
        identity: { PORT: 4242 },
        fallbackEhlo: 'proxy-client.example',
        hello: 'EHLO',
        isAuthorized: (client) => client.ADDR === '127.0.0.1',
        peer: { ADDR: '127.0.0.1' },
      }),
    );
    expect(f.received().at(-1)).toBe('EHLO proxy-client.example');
    expect(c.plan).toMatchObject({ usableAfter: 'yes', hello: { source: 'fallbackEhlo' } });
    c.socket.destroy();
  });

  it('PROTO=SMTP: the hello is HELO', async () => {
    const f = await fake();
    const c = await connectWithXclient(
      at(f, { identity: { ADDR: '192.0.2.1', PROTO: 'SMTP', HELO: 'h.example' } }),
    );
    expect(f.received().at(-1)).toBe('HELO h.example');
    expect(c.plan.hello.verb).toBe('HELO');
    c.socket.destroy();
  });

  it('250 instead of 220: refused unless nonconforming is accepted', async () => {
    const f = await fake({
      on: (l) => (l.startsWith('XCLIENT') ? '250 2.0.0 Ok' : postfixLike(l)),
    });
    const e = await failure(at(f));
    expect(e).toMatchObject({
      code: 'SERVER_REFUSED',
      step: 'xclient',
      serverReply: { code: 250 },
      reply: { code: 421, enhanced: '4.3.0' },
    });
    const c = await connectWithXclient(at(f, { nonconforming: 'accept' }));
    expect(c.greeting).toEqual({ code: 250, enhanced: '2.0.0', text: 'Ok' });
    c.socket.destroy();
  });

  it('STARTTLS: the certificate verified, EHLO again over TLS, then XCLIENT', async () => {
    const f = await fake({
      on: withStartTls,
    });
    const c = await connectWithXclient(at(f, { starttls: { ca: TEST_CERT } }));
    expect(c.encrypted).toBe(true);
    expect(f.events).toEqual([
      '* connect',
      'EHLO localhost',
      'STARTTLS',
      '* tls',
      'EHLO localhost',
      'XCLIENT ADDR=192.0.2.1',
      'EHLO [192.0.2.1]',
    ]);
    c.socket.destroy();
    // Not verified without the CA: TLS_FAILED, and no XCLIENT was sent.
    const e = await failure(at(f, { starttls: true }));
    expect(e).toMatchObject({ code: 'TLS_FAILED', step: 'starttls' });
    expect(e.message).toMatch(/^TLS handshake failed: .*certificate/);
  });

  it('STARTTLS not announced, or refused', async () => {
    const f = await fake();
    expect(await failure(at(f, { starttls: true }))).toMatchObject({
      code: 'STARTTLS_NOT_ANNOUNCED',
      step: 'starttls',
      reply: { code: 421, enhanced: '4.7.0' },
    });
    const g = await fake({
      on: (l) =>
        l === 'STARTTLS'
          ? '454 4.7.0 TLS not available'
          : l.startsWith('EHLO')
            ? '250-mx.example\r\n250 STARTTLS'
            : postfixLike(l),
    });
    expect(await failure(at(g, { starttls: true }))).toMatchObject({
      code: 'SERVER_REFUSED',
      step: 'starttls',
      message: 'STARTTLS refused: 454 4.7.0 TLS not available',
    });
  });

  it('plaintext after the 220 to STARTTLS is dropped, not read as a reply', async () => {
    const f = await fake({
      on: (l) =>
        l === 'STARTTLS'
          ? { raw: '220 2.0.0 go ahead\r\n250 injected\r\n' }
          : l.startsWith('EHLO')
            ? '250-mx.example\r\n250 STARTTLS'
            : null,
    });
    const e = await failure(at(f, { starttls: true, timeout: 200 }));
    expect(e.transcript).toContainEqual({
      dir: '*',
      line: 'discarded plaintext received after the STARTTLS reply',
    });
    expect(e).toMatchObject({
      code: 'CONNECTION_TIMEOUT',
      message: 'no TLS handshake within 200 ms',
    });
  });

  it('checks the identity and the options before connecting', async () => {
    const f = await fake();
    const cases: [Partial<ConnectWithXclientOptions>, string][] = [
      [{ identity: { ADDR: 'not-an-ip' } }, 'ATTR_BAD_VALUE'],
      [{ port: 0 }, 'OPTION_INVALID'],
      [{ host: '' }, 'OPTION_INVALID'],
      [{ ehlo: 'two words' }, 'OPTION_INVALID'],
      [{ timeout: 0 }, 'OPTION_INVALID'],
      [{ maxReplyLines: 1.5 }, 'OPTION_INVALID'],
      [{ nonconforming: 'maybe' as 'accept' }, 'OPTION_INVALID'],
      [{ hello: 'HI' as 'EHLO' }, 'OPTION_INVALID'],
    ];
    for (const [more, code] of cases) {
      const e = await connectWithXclient(at(f, more)).catch((x: unknown) => x);
      expect(isXclientError(e) && e.code, JSON.stringify(more)).toBe(code);
      expect(e).not.toBeInstanceOf(XclientConnectionError);
    }
    expect(f.events).toEqual([]);
  });

  it('an abort before or during the conversation', async () => {
    const aborted = new AbortController();
    aborted.abort();
    const f = await fake({ greeting: null });
    expect(await failure(at(f, { signal: aborted.signal }))).toMatchObject({
      code: 'CONNECTION_ABORTED',
      step: 'connect',
    });
    const before = resources();
    const c = new AbortController();
    const pending = failure(at(f, { signal: c.signal }));
    await sleep(50);
    c.abort();
    expect(await pending).toMatchObject({ code: 'CONNECTION_ABORTED', step: 'greeting' });
    await f.close();
    expect(await leftover(before)).toEqual({});
  });

  it('a closed port: CONNECT_FAILED with a 421 for the client', async () => {
    const f = await listen(() => {});
    const { port } = f;
    await f.close();
    const e = await failure({ host: '127.0.0.1', port, identity: { ADDR: '192.0.2.1' } });
    expect(e).toMatchObject({
      code: 'CONNECT_FAILED',
      step: 'connect',
      message: `connection refused by 127.0.0.1:${port} (is the server running on that port?)`,
      reply: { code: 421, enhanced: '4.4.1' },
    });
  });
});

// -------------------------------------------------------------------------------------------
// Hostile servers

/** Writes without end until the client goes away. */
function flood(socket: net.Socket, chunk: string): void {
  const write = (): void => {
    while (!socket.destroyed && socket.write(chunk)) {
      /* until the buffer is full */
    }
    if (!socket.destroyed) socket.once('drain', write);
  };
  write();
}

const HOSTILE: [string, (socket: net.Socket) => void, Record<string, unknown>][] = [
  [
    'no greeting',
    () => {},
    { code: 'CONNECTION_TIMEOUT', step: 'greeting', message: 'no reply within 300 ms' },
  ],
  [
    'an endless line',
    (s) => flood(s, 'x'.repeat(4096)),
    { code: 'REPLY_LINE_TOO_LONG', step: 'greeting', reply: { code: 451 } },
  ],
  [
    'an endless multi-line reply',
    (s) => flood(s, '220-more\r\n'.repeat(100)),
    { code: 'REPLY_TOO_MANY_LINES', step: 'greeting' },
  ],
  [
    'a malformed reply',
    (s) => s.write('2x0 hello\r\n'),
    { code: 'REPLY_BAD_CODE', step: 'greeting' },
  ],
  [
    'a 421 in the middle',
    (s) => {
      s.write('220 mx.example ESMTP\r\n');
      s.once('data', () => s.end('421 4.3.2 mx.example Service shutting down\r\n'));
    },
    {
      code: 'SERVER_REFUSED',
      step: 'ehlo',
      reply: { code: 421, enhanced: '4.3.2', text: 'mx.example Service shutting down' },
      serverReply: { code: 421 },
    },
  ],
  [
    'a connection closed after XCLIENT',
    (s) => {
      s.write('220 mx.example ESMTP\r\n');
      s.on('data', (d) => {
        if (String(d).startsWith('EHLO')) s.write(`250-mx.example\r\n250 ${ANNOUNCE}\r\n`);
        else s.destroy();
      });
    },
    {
      code: 'CONNECTION_CLOSED',
      step: 'xclient',
      message: 'the server closed the connection',
      reply: { code: 421, enhanced: '4.4.2' },
    },
  ],
  [
    'no XCLIENT announced',
    (s) => {
      s.write('220 mx.example ESMTP\r\n');
      s.once('data', () => s.write('250-mx.example\r\n250 PIPELINING\r\n'));
    },
    {
      code: 'KEYWORD_NOT_ANNOUNCED',
      step: 'ehlo',
      reply: { code: 421, enhanced: '4.7.0' },
      serverReply: { code: 250 },
    },
  ],
  [
    'a 550 to XCLIENT',
    (s) => {
      s.write('220 mx.example ESMTP\r\n');
      s.on('data', (d) =>
        s.write(
          String(d).startsWith('EHLO')
            ? `250 ${ANNOUNCE}\r\n`
            : '550 5.7.0 Error: insufficient authorization\r\n',
        ),
      );
    },
    {
      code: 'SERVER_REFUSED',
      step: 'xclient',
      message: 'XCLIENT refused: 550 5.7.0 Error: insufficient authorization',
    },
  ],
  [
    'a greeting that is not 220',
    (s) => s.write('554 5.7.1 go away\r\n'),
    {
      code: 'SERVER_REFUSED',
      step: 'greeting',
      message: 'the server greeted with 554 5.7.1 go away',
    },
  ],
  [
    'a refused hello',
    (s) => {
      s.write('220 mx.example ESMTP\r\n');
      let n = 0;
      s.on('data', () => {
        n++;
        s.write(
          n === 1 ? `250 ${ANNOUNCE}\r\n` : n === 2 ? '220 mx.example\r\n' : '501 5.5.4 no\r\n',
        );
      });
    },
    { code: 'SERVER_REFUSED', step: 'hello', message: 'EHLO refused: 501 5.5.4 no' },
  ],
];

describe('hostile servers: each failure has its code, and leaves nothing behind', () => {
  it.each(HOSTILE)('%s', async (_, serve, expected) => {
    const before = resources();
    const f = await listen(serve);
    const e = await failure({
      host: '127.0.0.1',
      port: f.port,
      identity: { ADDR: '192.0.2.1' },
      timeout: 300,
      maxReplyLines: 50,
    });
    expect(e).toMatchObject(expected);
    expect(isXclientError(e)).toBe(true);
    expect(Array.isArray(e.transcript)).toBe(true);
    await f.close();
    expect(await leftover(before)).toEqual({});
  });
});

// -------------------------------------------------------------------------------------------
// reuseWithXclient

describe('reuseWithXclient', () => {
  it('RSET, every attribute again ([UNAVAILABLE] for what is gone), the hello', async () => {
    const f = await fake({ on: slowXclient });
    const first = await connectWithXclient(
      at(f, {
        identity: { NAME: 'a.example', ADDR: '127.0.0.5', LOGIN: 'alice', HELO: 'a.example' },
      }),
    );
    const second = await reuseWithXclient(
      first,
      { NAME: 'b.example', ADDR: '127.0.0.6', HELO: 'b.example' },
      { timeout: 2000 },
    );
    expect(second.transcript.filter((t) => t.dir === 'C').map((t) => t.line)).toEqual([
      'RSET',
      'XCLIENT PORT=[UNAVAILABLE] DESTADDR=[UNAVAILABLE] DESTPORT=[UNAVAILABLE] HELO=b.example LOGIN=[UNAVAILABLE] NAME=b.example ADDR=127.0.0.6',
      'EHLO b.example',
    ]);
    expect(second.identity).toEqual({ NAME: 'b.example', ADDR: '127.0.0.6', HELO: 'b.example' });
    expect(second.socket).toBe(first.socket);
    expect(f.events).not.toContain('* pipelined before the 220');
    second.socket.destroy();
  });

  it('not reusable: nothing sent, the socket destroyed; an invalid next leaves it alone', async () => {
    const f = await fake({
      on: (l) => (l.startsWith('EHLO c') ? '250 mx.example' : postfixLike(l)),
    });
    const first = await connectWithXclient(
      at(f, { identity: { ADDR: '192.0.2.1', HELO: 'c.example' } }),
    );
    const invalid = await reuseWithXclient(first, { ADDR: '999.1.1.1' }).catch((e: unknown) => e);
    expect(invalid).toMatchObject({ code: 'ATTR_BAD_VALUE' });
    expect(first.socket.destroyed).toBe(false);
    const sent = f.received().length;
    const e = await reuseWithXclient(first, { ADDR: '192.0.2.2' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(XclientConnectionError);
    expect(e).toMatchObject({
      code: 'CONNECTION_NOT_REUSABLE',
      step: 'rset',
      reply: { code: 421 },
    });
    expect(f.received()).toHaveLength(sent);
    expect(first.socket.destroyed).toBe(true);
  });

  it('a connection the server closed meanwhile: CONNECTION_CLOSED', async () => {
    const f = await fake({ on: (l) => (l === 'RSET' ? { close: true } : postfixLike(l)) });
    const first = await connectWithXclient(at(f));
    const e = await reuseWithXclient(first, { ADDR: '192.0.2.2' }, { timeout: 1000 }).catch(
      (x: unknown) => x,
    );
    expect(e).toMatchObject({ code: 'CONNECTION_CLOSED', step: 'rset' });
    expect(first.socket.destroyed).toBe(true);
  });
});

describe('EHLO keywords are folded as ASCII (issue 21, item 8)', () => {
  it.each([
    [['250-mx.example', '250 STARTTLS'], true],
    [['250-mx.example', '250 starttls'], true],
    // Blanks around the keyword are not part of it.
    [['250-mx.example', '250- STARTTLS '], true],
    // U+017F (long s) upper-cases to "S" in Unicode: no STARTTLS here.
    [['250-mx.example', '250 STARTTLſ'], false],
    // The first line is the server's name and greeting, never a keyword.
    [['250-STARTTLS hello', '250 8BITMIME'], false],
    [['250 STARTTLS'], false],
  ])('%j announces STARTTLS: %s', (lines, expected) => {
    expect(announces(lines, 'STARTTLS')).toBe(expected);
  });
});
