// readSmtpLines (smtp-xclient/node) at its edges: empty lines, a partial line of exactly
// maxLineOctets, the read-ahead queue at 63, 64 and 32 lines, streams that end without
// 'close' or close without 'end', each error's message and reply, what `break` leaves on the
// stream (the octets, the pause, no listener). The common cases are in node-lines.test.ts.
import { getEventListeners } from 'node:events';
import { PassThrough } from 'node:stream';
import { readSmtpLines } from 'smtp-xclient/node';
import { describe, expect, it } from 'vitest';

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
