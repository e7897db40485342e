// readSmtpLines and readProxyHeader (smtp-xclient/node) on in-memory streams and loopback
// sockets: lines as octets, every bound (length, timeout, abort, a stream that ends), the
// octets after a header or a `break` handed back, and a server built with the session.
import net from 'node:net';
import { PassThrough } from 'node:stream';
import { formatReply } from 'smtp-xclient';
import { readProxyHeader, readSmtpLines } from 'smtp-xclient/node';
import { proxyToXclient } from 'smtp-xclient/proxy';
import { applyXclient, createXclientSession } from 'smtp-xclient/server';
import { describe, expect, it } from 'vitest';
import { closedAfterEach, leftover, resources } from './helpers/smtp-servers.js';

const text = (b: Uint8Array): string => Buffer.from(b).toString('latin1');

/** Every line of a stream, as text, or the code of the error that ended the reading. */
async function collect(
  stream: PassThrough | net.Socket,
  options?: Parameters<typeof readSmtpLines>[1],
): Promise<{ lines: string[]; code?: string; message?: string }> {
  const lines: string[] = [];
  try {
    for await (const line of readSmtpLines(stream, options)) lines.push(text(line));
    return { lines };
  } catch (e) {
    const { code, message } = e as { code: string; message: string };
    return { lines, code, message };
  }
}

const { serve } = closedAfterEach();

describe('readSmtpLines', () => {
  it('lines as octets, without CR LF; a bare LF ends a line too; other CRs are kept', async () => {
    const s = new PassThrough();
    s.end(Buffer.from('EHLO a.example\r\nXCLIENT LOGIN=j\xfcrgen\r\nNOOP\nA\rB\r\n\r\n', 'latin1'));
    expect(await collect(s)).toEqual({
      lines: ['EHLO a.example', 'XCLIENT LOGIN=j\xfcrgen', 'NOOP', 'A\rB', ''],
    });
  });

  it('a line split across many writes, and many lines in one', async () => {
    const s = new PassThrough();
    const whole = 'XCLIENT NAME=spike.porcupine.org ADDR=168.100.189.2\r\nQUIT\r\n';
    for (const ch of whole.slice(0, 30)) s.write(ch);
    s.end(whole.slice(30));
    expect((await collect(s)).lines).toEqual([
      'XCLIENT NAME=spike.porcupine.org ADDR=168.100.189.2',
      'QUIT',
    ]);
  });

  it('maxLineOctets counts the CR LF: 512 passes, 513 is LINE_TOO_LONG with its reply', async () => {
    const ok = new PassThrough();
    ok.end(`${'x'.repeat(510)}\r\n`);
    expect((await collect(ok, { maxLineOctets: 512 })).lines[0]).toHaveLength(510);
    const long = new PassThrough();
    long.end(`${'x'.repeat(511)}\r\nQUIT\r\n`);
    expect(await collect(long, { maxLineOctets: 512 })).toMatchObject({
      lines: [],
      code: 'LINE_TOO_LONG',
    });
    // A line that never ends is cut off as soon as it is too long, not when it ends.
    const endless = new PassThrough();
    endless.write('EHLO x\r\n');
    endless.write('y'.repeat(600));
    const r = readSmtpLines(endless, { maxLineOctets: 512 });
    expect(text((await r.next()).value as Uint8Array)).toBe('EHLO x');
    const error = await r.next().catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'LINE_TOO_LONG',
      reply: { code: 500, enhanced: '5.5.6', text: 'Error: line too long' },
    });
    expect(await r.next()).toEqual({ done: true, value: undefined });
  });

  it('a timeout, an abort, a stream that ends in the middle of a line or fails', async () => {
    expect(await collect(new PassThrough(), { timeout: 30 })).toMatchObject({
      code: 'CONNECTION_TIMEOUT',
      message: 'no line within 30 ms',
    });
    const controller = new AbortController();
    const pending = collect(new PassThrough(), { signal: controller.signal });
    controller.abort();
    expect(await pending).toMatchObject({ code: 'CONNECTION_ABORTED' });
    const aborted = new AbortController();
    aborted.abort();
    expect(await collect(new PassThrough(), { signal: aborted.signal })).toMatchObject({
      code: 'CONNECTION_ABORTED',
    });
    const cut = new PassThrough();
    cut.end('QUIT\r\nQU');
    expect(await collect(cut)).toMatchObject({ lines: ['QUIT'], code: 'CONNECTION_CLOSED' });
    const broken = new PassThrough();
    const failing = collect(broken);
    broken.destroy(new Error('boom'));
    expect(await failing).toMatchObject({
      code: 'CONNECTION_CLOSED',
      message: 'connection error: boom',
    });
  });

  it('break gives the octets not read back to the stream; release() returns them', async () => {
    const s = new PassThrough();
    s.write('STARTTLS\r\nEHLO injected\r\nMAIL');
    for await (const line of readSmtpLines(s)) {
      expect(text(line)).toBe('STARTTLS');
      break;
    }
    expect(String(s.read())).toBe('EHLO injected\r\nMAIL');
    const t = new PassThrough();
    t.write('STARTTLS\r\nEHLO injected\r\n');
    const reader = readSmtpLines(t);
    expect(text((await reader.next()).value as Uint8Array)).toBe('STARTTLS');
    expect(text(reader.release())).toBe('EHLO injected\r\n');
    expect(t.read()).toBeNull();
    expect(reader.release()).toEqual(new Uint8Array(0));
    expect(await reader.return()).toEqual({ done: true, value: undefined });
  });

  it('reads at most 64 lines ahead: a client that pipelines without end is paused', async () => {
    const s = new PassThrough();
    const reader = readSmtpLines(s);
    s.write('NOOP\r\n'.repeat(200));
    await reader.next();
    expect(s.isPaused()).toBe(true);
    for (let i = 0; i < 150; i++) await reader.next();
    expect(s.isPaused()).toBe(true);
    for (let i = 0; i < 20; i++) await reader.next();
    expect(s.isPaused()).toBe(false);
    s.end();
    let rest = 0;
    for await (const _ of reader) rest++;
    expect(rest).toBe(29);
  });

  it('a stream with an encoding set: its strings are read back as the octets they were', async () => {
    const s = new PassThrough();
    s.setEncoding('latin1');
    s.end(Buffer.from('XCLIENT LOGIN=j\xfcrgen\r\n', 'latin1'));
    expect((await collect(s)).lines).toEqual(['XCLIENT LOGIN=j\xfcrgen']);
    const h = new PassThrough();
    h.setEncoding('latin1');
    h.write('PROXY TCP4 192.0.2.1 192.0.2.2 1 2\r\n');
    expect((await readProxyHeader(h)).source).toEqual({ address: '192.0.2.1', port: 1 });
  });

  it('refuses limits that are not positive integers', () => {
    for (const options of [{ maxLineOctets: 0 }, { timeout: 1.5 }, { timeout: -1 }]) {
      expect(() => readSmtpLines(new PassThrough(), options)).toThrow(
        expect.objectContaining({ code: 'OPTION_INVALID' }),
      );
    }
  });

  it('feeds a server built on smtp-xclient/server, on a real socket', async () => {
    const before = resources();
    const fake = await serve(async (socket) => {
      let session = createXclientSession({
        client: { ADDR: '127.0.0.1' },
        authorizedHosts: ['127.0.0.0/8'],
      });
      socket.write(formatReply({ code: 220, text: session.banner }));
      for await (const line of readSmtpLines(socket, { maxLineOctets: 512, timeout: 2000 })) {
        const step = applyXclient(session, line);
        session = step.session;
        socket.write(formatReply(step.reply));
      }
      socket.end();
    });
    const client = net.connect(fake.port, '127.0.0.1');
    const replies: string[] = [];
    await new Promise<void>((resolve) => {
      client.on('data', (d) => {
        replies.push(...String(d).trim().split('\r\n'));
        if (replies.length === 3) resolve();
      });
      client.write('XCLIENT ADDR=192.0.2.1 NAME=c.example\r\nXCLIENT ADDR=192.0.2.2\r\n');
    });
    client.end();
    await new Promise((r) => client.on('close', r));
    await fake.close();
    expect(replies).toEqual([
      '220 localhost ESMTP',
      '220 localhost ESMTP',
      '550 5.7.0 Error: insufficient authorization',
    ]);
    expect(await leftover(before)).toEqual({});
  });
});

describe('readProxyHeader', () => {
  const v2 = Buffer.from('0d0a0d0a000d0a515549540a2111000c7f0000057f000001a91b4651', 'hex');

  it('a version 2 header split across writes; what follows stays in the stream', async () => {
    const s = new PassThrough();
    const pending = readProxyHeader(s);
    s.write(v2.subarray(0, 5));
    s.write(v2.subarray(5, 20));
    s.write(Buffer.concat([v2.subarray(20), Buffer.from('EHLO x\r\n')]));
    const header = await pending;
    expect(proxyToXclient(header)).toEqual({
      ADDR: '127.0.0.5',
      PORT: 43291,
      DESTADDR: '127.0.0.1',
      DESTPORT: 18001,
    });
    expect(String(s.read())).toBe('EHLO x\r\n');
  });

  it('a malformed header, a timeout, an abort, an early end: an error, the stream destroyed', async () => {
    const cases: [string, (s: PassThrough, c: AbortController) => void, object][] = [
      [
        'malformed',
        (s) => s.write('PROXY TCP4 1.2.3.04 1.2.3.4 1 2\r\n'),
        { code: 'PROXY_BAD_ADDRESS', position: 11 },
      ],
      ['not a header', (s) => s.write('EHLO x\r\n'), { code: 'PROXY_BAD_SIGNATURE' }],
      ['timeout', (s) => s.write('PROXY TCP4 '), { code: 'CONNECTION_TIMEOUT' }],
      ['abort', (_, c) => c.abort(), { code: 'CONNECTION_ABORTED' }],
      ['end', (s) => s.end('PROXY '), { code: 'CONNECTION_CLOSED' }],
      [
        'error',
        (s) => s.destroy(new Error('reset')),
        { code: 'CONNECTION_CLOSED', message: 'connection error: reset' },
      ],
    ];
    for (const [what, act, expected] of cases) {
      const s = new PassThrough();
      const c = new AbortController();
      const pending = readProxyHeader(s, { timeout: 50, signal: c.signal }).catch(
        (e: unknown) => e,
      );
      act(s, c);
      expect(await pending, what).toMatchObject(expected);
      expect(s.destroyed, what).toBe(true);
    }
    const aborted = new AbortController();
    aborted.abort();
    await expect(
      readProxyHeader(new PassThrough(), { signal: aborted.signal }),
    ).rejects.toMatchObject({
      code: 'CONNECTION_ABORTED',
    });
  });
});
