// readSmtpLines (smtp-xclient/node) at its edges: empty lines, a partial line of exactly
// maxLineOctets, the read-ahead queue at 63, 64 and 32 lines, streams that end without
// 'close' or close without 'end', each error's message and reply, what `break` leaves on the
// stream (the octets, the pause, no listener). First the common cases: lines as octets, each
// bound, a stream with an encoding, and a server built with the session on a real socket.
import { getEventListeners } from 'node:events';
import net from 'node:net';
import { PassThrough } from 'node:stream';
import { formatReply } from 'smtp-xclient';
import { readProxyHeader, readSmtpLines } from 'smtp-xclient/node';
import { applyXclient, createXclientSession } from 'smtp-xclient/server';
import { describe, expect, it } from 'vitest';
import { closedAfterEach, leftover, resources } from './helpers/smtp-servers.js';

const text = (b: Uint8Array): string => Buffer.from(b).toString('latin1');

async function collect(
  stream: PassThrough,
  options?: Parameters<typeof readSmtpLines>[1],
): Promise<{ lines: string[]; error?: { code: string; message: string; reply: unknown } }> {
  const lines: string[] = [];
  try {
    for await (const line of readSmtpLines(stream, options)) lines.push(text(line));
    return { lines };
  } catch (e) {
    const { code, message, reply } = e as { code: string; message: string; reply: unknown };
    return { lines, error: { code, message, reply } };
  }
}

const LISTENED = ['data', 'end', 'close', 'error'] as const;
const listeners = (s: PassThrough) => LISTENED.map((e) => s.listenerCount(e));

const { serve } = closedAfterEach();

describe('readSmtpLines: the common cases', () => {
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
      error: { code: 'LINE_TOO_LONG' },
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
      error: { code: 'CONNECTION_TIMEOUT', message: 'no line within 30 ms' },
    });
    const controller = new AbortController();
    const pending = collect(new PassThrough(), { signal: controller.signal });
    controller.abort();
    expect(await pending).toMatchObject({ error: { code: 'CONNECTION_ABORTED' } });
    const aborted = new AbortController();
    aborted.abort();
    expect(await collect(new PassThrough(), { signal: aborted.signal })).toMatchObject({
      error: { code: 'CONNECTION_ABORTED' },
    });
    const cut = new PassThrough();
    cut.end('QUIT\r\nQU');
    expect(await collect(cut)).toMatchObject({
      lines: ['QUIT'],
      error: { code: 'CONNECTION_CLOSED' },
    });
    const broken = new PassThrough();
    const failing = collect(broken);
    broken.destroy(new Error('boom'));
    expect(await failing).toMatchObject({
      error: { code: 'CONNECTION_CLOSED', message: 'connection error: boom' },
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

describe('readSmtpLines: lines', () => {
  it('an empty line first, and empty lines between', async () => {
    const s = new PassThrough();
    s.end('\nNOOP\r\n\r\n\nQUIT\r\n');
    expect(await collect(s)).toEqual({ lines: ['', 'NOOP', '', '', 'QUIT'] });
  });

  it('a lone CR is kept; only the CR before the LF goes', async () => {
    const s = new PassThrough();
    s.end('\r\r\na\rb\n');
    expect(await collect(s)).toEqual({ lines: ['\r', 'a\rb'] });
  });

  it('a partial line of maxLineOctets octets is already too long (its CR LF would pass it)', async () => {
    const s = new PassThrough();
    s.end('12345678');
    expect(await collect(s, { maxLineOctets: 8 })).toEqual({
      lines: [],
      error: {
        code: 'LINE_TOO_LONG',
        message: 'a line longer than 8 octets',
        reply: { code: 500, enhanced: '5.5.6', text: 'Error: line too long' },
      },
    });
    const t = new PassThrough();
    t.end('1234567');
    expect((await collect(t, { maxLineOctets: 8 })).error).toMatchObject({
      code: 'CONNECTION_CLOSED',
      message: 'the stream ended in the middle of a line',
      reply: { code: 421, enhanced: '4.4.2' },
    });
  });

  it('a stream that ends without a close event ends the lines', async () => {
    const s = new PassThrough({ emitClose: false });
    s.end('NOOP\r\n');
    expect(await collect(s, { timeout: 5000 })).toEqual({ lines: ['NOOP'] });
  });

  it('a stream destroyed without an end (close only) ends the lines', async () => {
    const s = new PassThrough();
    const reader = readSmtpLines(s, { timeout: 5000 });
    s.write('NOOP\r\n');
    expect(text((await reader.next()).value as Uint8Array)).toBe('NOOP');
    const pending = reader.next();
    s.destroy();
    expect(await pending).toEqual({ done: true, value: undefined });
  });
});

describe('readSmtpLines: errors', () => {
  it.each([
    [{ maxLineOctets: 0 }, 'maxLineOctets must be a positive integer, not 0'],
    [{ timeout: 1.5 }, 'timeout must be a positive integer, not 1.5'],
    [{ timeout: Number.NaN }, 'timeout must be a positive integer, not NaN'],
  ])('%j is refused: %s', (options, message) => {
    expect(() => readSmtpLines(new PassThrough(), options)).toThrow(
      expect.objectContaining({ code: 'OPTION_INVALID', message }),
    );
  });

  it('a timeout: its message and its 421', async () => {
    expect((await collect(new PassThrough(), { timeout: 20 })).error).toEqual({
      code: 'CONNECTION_TIMEOUT',
      message: 'no line within 20 ms',
      reply: { code: 421, enhanced: '4.4.2', text: 'Error: timeout exceeded' },
    });
  });

  it('an abort: its message and its reply', async () => {
    const c = new AbortController();
    const pending = collect(new PassThrough(), { signal: c.signal });
    c.abort();
    const { error } = await pending;
    expect(error).toMatchObject({ code: 'CONNECTION_ABORTED', message: 'the reading was aborted' });
    expect(error?.reply).toMatchObject({ code: 421 });
  });

  it('a stream error: CONNECTION_CLOSED with a 421', async () => {
    const s = new PassThrough();
    const pending = collect(s);
    s.destroy(new Error('reset'));
    expect((await pending).error).toMatchObject({
      code: 'CONNECTION_CLOSED',
      message: 'connection error: reset',
      reply: { code: 421, enhanced: '4.4.2' },
    });
  });
});

describe('readSmtpLines: the read-ahead queue', () => {
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

  it('63 lines read ahead leave the stream flowing; 64 pause it', async () => {
    const s = new PassThrough();
    const reader = readSmtpLines(s);
    s.write('NOOP\r\n'.repeat(63));
    await reader.next();
    expect(s.isPaused()).toBe(false);
    const t = new PassThrough();
    const other = readSmtpLines(t);
    t.write('NOOP\r\n'.repeat(64));
    await other.next();
    expect(t.isPaused()).toBe(true);
  });

  it('the stream flows again when 32 lines are left, not before', async () => {
    const s = new PassThrough();
    const reader = readSmtpLines(s);
    s.write('NOOP\r\n'.repeat(64));
    for (let i = 0; i < 31; i++) await reader.next();
    expect(s.isPaused()).toBe(true);
    await reader.next();
    expect(s.isPaused()).toBe(false);
  });

  it('after an abort, the lines read ahead are still given, and the stream stays paused', async () => {
    const s = new PassThrough();
    const c = new AbortController();
    const reader = readSmtpLines(s, { signal: c.signal });
    s.write('NOOP\r\n'.repeat(64));
    await reader.next();
    expect(s.isPaused()).toBe(true);
    c.abort();
    for (let i = 0; i < 40; i++) expect((await reader.next()).done).toBe(false);
    expect(s.isPaused()).toBe(true);
  });
});

describe('readSmtpLines: what it leaves on the stream', () => {
  it('break: the octets not read, the stream paused, no listener of its own', async () => {
    const s = new PassThrough();
    const signal = new AbortController().signal;
    const before = listeners(s);
    s.write('STARTTLS\r\nEHLO x\r\n');
    for await (const _ of readSmtpLines(s, { signal })) break;
    expect(listeners(s)).toEqual(before);
    expect(getEventListeners(signal, 'abort')).toEqual([]);
    expect(s.isPaused()).toBe(true);
    expect(String(s.read())).toBe('EHLO x\r\n');
  });

  it('release(): no listener left, and what comes next reaches only the new reader', async () => {
    const s = new PassThrough();
    const signal = new AbortController().signal;
    const reader = readSmtpLines(s, { maxLineOctets: 16, signal });
    s.write('STARTTLS\r\n');
    await reader.next();
    reader.release();
    expect(listeners(s)).toEqual([0, 0, 0, 0]);
    expect(getEventListeners(signal, 'abort')).toEqual([]);
    const got: string[] = [];
    s.on('data', (d: Buffer) => got.push(d.toString('latin1')));
    s.resume();
    s.write('x'.repeat(40));
    s.write('y'.repeat(40));
    await new Promise((r) => setImmediate(r));
    expect(got.join('')).toBe(`${'x'.repeat(40)}${'y'.repeat(40)}`);
  });

  it('the end of the lines leaves no listener either', async () => {
    const s = new PassThrough();
    s.end('QUIT\r\n');
    expect(await collect(s)).toEqual({ lines: ['QUIT'] });
    expect(listeners(s)).toEqual([0, 0, 0, 0]);
  });

  it('break after the stream ended: nothing given back, no error on the stream', async () => {
    // Not destroyed at its end: given octets back, it would fail with ERR_STREAM_UNSHIFT_AFTER_END_EVENT.
    const s = new PassThrough({ autoDestroy: false });
    const errors: unknown[] = [];
    s.on('error', (e) => errors.push(e));
    s.end('A\r\nB\r\n');
    const reader = readSmtpLines(s);
    await reader.next();
    await new Promise((r) => setImmediate(r));
    expect(s.readableEnded).toBe(true);
    await reader.return();
    await new Promise((r) => setImmediate(r));
    expect(errors).toEqual([]);
    expect(s.errored).toBeNull();
  });
});
