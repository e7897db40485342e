// readProxyHeader (smtp-xclient/node) at its edges: the exact octets left after a v1 and a v2
// header, each failure's message and reply, streams that end without 'close' or close without
// 'end', and the listeners it leaves (none); first the common cases: a header split across
// writes, each failure destroying the stream.
import { getEventListeners } from 'node:events';
import net from 'node:net';
import { PassThrough } from 'node:stream';
import { readProxyHeader } from 'smtp-xclient/node';
import { proxyToXclient } from 'smtp-xclient/proxy';
import { describe, expect, it } from 'vitest';
import { closedAfterEach, listen } from './helpers/smtp-servers.js';

const V1 = 'PROXY TCP4 192.0.2.1 198.51.100.25 51234 25\r\n';
// Version 2, PROXY, TCP over IPv4, 12 octets: 127.0.0.5:43291 -> 127.0.0.1:18001.
const V2 = Buffer.from('0d0a0d0a000d0a515549540a2111000c7f0000057f000001a91b4651', 'hex');

const LISTENED = ['data', 'end', 'close', 'error'] as const;
const listeners = (s: PassThrough | net.Socket) => LISTENED.map((e) => s.listenerCount(e));

const { fakes, sockets } = closedAfterEach();

describe('readProxyHeader: the common cases', () => {
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

describe('readProxyHeader: the header and what follows', () => {
  it('v1 alone: nothing is given back to the stream', async () => {
    const s = new PassThrough();
    s.write(V1);
    const header = await readProxyHeader(s);
    expect(proxyToXclient(header)).toEqual({
      ADDR: '192.0.2.1',
      PORT: 51234,
      DESTADDR: '198.51.100.25',
      DESTPORT: 25,
    });
    expect(s.isPaused()).toBe(true);
    expect(s.readableLength).toBe(0);
  });

  it('v2 then a command, over a real socket: the command is the next read, octet for octet', async () => {
    const accepted = new Promise<net.Socket>((resolve) => {
      void listen((socket) => resolve(socket)).then((f) => {
        fakes.push(f);
        const client = net.connect(f.port, '127.0.0.1', () => {
          client.write(Buffer.concat([V2, Buffer.from('EHLO client.example\r\n')]));
        });
        sockets.push(client);
      });
    });
    const socket = await accepted;
    const before = listeners(socket);
    const header = await readProxyHeader(socket, { timeout: 5000 });
    expect(proxyToXclient(header)).toMatchObject({ ADDR: '127.0.0.5', PORT: 43291 });
    expect(listeners(socket)).toEqual(before);
    // listen() itself records what arrives: read what the socket holds for the next reader.
    expect(socket.isPaused()).toBe(true);
    expect(String(socket.read())).toBe('EHLO client.example\r\n');
  });

  it('leaves no listener on the stream or on the signal', async () => {
    const s = new PassThrough();
    const signal = new AbortController().signal;
    s.write(V1);
    await readProxyHeader(s, { signal });
    expect(listeners(s)).toEqual([0, 0, 0, 0]);
    expect(getEventListeners(signal, 'abort')).toEqual([]);
  });
});

describe('readProxyHeader: failures, each with its message and reply', () => {
  const closed = { code: 421, enhanced: '4.4.2' };
  it('a timeout', async () => {
    const s = new PassThrough();
    s.write('PROXY TCP4 ');
    await expect(readProxyHeader(s, { timeout: 20 })).rejects.toMatchObject({
      code: 'CONNECTION_TIMEOUT',
      message: 'no complete PROXY header within 20 ms',
      reply: { code: 421, enhanced: '4.4.2', text: 'Error: timeout exceeded' },
    });
    expect(s.destroyed).toBe(true);
  });

  it('an end before the header', async () => {
    const s = new PassThrough();
    const pending = readProxyHeader(s, { timeout: 5000 });
    s.end('PROXY ');
    await expect(pending).rejects.toMatchObject({
      code: 'CONNECTION_CLOSED',
      message: 'the connection ended before the PROXY header',
      reply: closed,
    });
  });

  it('an end without a close event', async () => {
    const s = new PassThrough({ emitClose: false });
    const pending = readProxyHeader(s, { timeout: 5000 });
    s.end('PROXY ');
    await expect(pending).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
  });

  it('a close without an end', async () => {
    const s = new PassThrough();
    const pending = readProxyHeader(s, { timeout: 5000 });
    s.write('PROXY ');
    await new Promise((r) => setImmediate(r));
    s.destroy();
    await expect(pending).rejects.toMatchObject({
      code: 'CONNECTION_CLOSED',
      message: 'the connection ended before the PROXY header',
    });
  });

  it('an abort, during the wait or before it', async () => {
    const s = new PassThrough();
    const c = new AbortController();
    const pending = readProxyHeader(s, { signal: c.signal, timeout: 5000 });
    c.abort();
    await expect(pending).rejects.toMatchObject({
      code: 'CONNECTION_ABORTED',
      message: 'aborted',
      reply: { code: 421 },
    });
    expect(s.destroyed).toBe(true);
  });

  it.each([
    [{ timeout: 0 }, 'timeout must be a positive integer, not 0'],
    [{ timeout: 2.5 }, 'timeout must be a positive integer, not 2.5'],
  ])('%j is refused at once: %s', (options, message) => {
    const s = new PassThrough();
    expect(() => readProxyHeader(s, options)).toThrow(
      expect.objectContaining({ code: 'OPTION_INVALID', message }),
    );
    expect(s.destroyed).toBe(false);
  });
});
