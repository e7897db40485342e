/**
 * {@link readProxyHeader}: a PROXY protocol header off a socket, with parseProxyHeader.
 *
 * @packageDocumentation
 */

import type { Duplex } from 'node:stream';
import { XclientError } from '../errors.js';
import type { ProxyHeader } from '../proxy/header.js';
import { parseProxyHeader } from '../proxy/parse.js';
import { CONNECTION } from '../replies.js';
import { concat, octetsOf, positiveInteger } from './lines.js';

/**
 * Options of {@link readProxyHeader}.
 * @example
 * ```ts
 * const o: ReadProxyHeaderOptions = { timeout: 3000 };
 * ```
 * @remarks Since 0.1.0
 */
export interface ReadProxyHeaderOptions {
  /**
   * Milliseconds to wait for the whole header; then `CONNECTION_TIMEOUT`.
   * @defaultValue 5000 (the specification: "at least 3 seconds to cover a TCP retransmit")
   */
  readonly timeout?: number;
  /** Stops the wait with `CONNECTION_ABORTED`. */
  readonly signal?: AbortSignal;
}

/**
 * Reads the PROXY protocol header (version 1 or 2) that a load balancer such as HAProxy
 * (`send-proxy`, `send-proxy-v2`) sends first on a connection, with
 * `parseProxyHeader` from `smtp-xclient/proxy`. Waits for the rest of a header split across
 * reads; gives the octets after it back to the stream, paused, for whoever reads next.
 *
 * Call it only on a listener that only trusted proxies can reach, and on every connection
 * of it: the specification forbids guessing whether a header is there. Before it resolves,
 * say nothing to the client (an SMTP server speaks first; the specification asks to wait
 * for the header). On a malformed header (its `PROXY_*` error), a timeout
 * (`CONNECTION_TIMEOUT`), an abort (`CONNECTION_ABORTED`) or a connection that ends first
 * (`CONNECTION_CLOSED`) it destroys the stream, as the specification says, and rejects with
 * an `XclientError`.
 *
 * @param stream - the accepted connection (`net.Socket`).
 * @param options - see {@link ReadProxyHeaderOptions}.
 * @returns the header; `proxyToXclient(header)` turns it into XCLIENT attributes.
 * @example
 * ```ts
 * import { PassThrough } from 'node:stream';
 * import { proxyToXclient } from 'smtp-xclient/proxy';
 * // A socket accepted behind HAProxy in real life.
 * const stream = new PassThrough();
 * stream.write('PROXY TCP4 192.0.2.1 198.51.100.25 51234 25\r\nEHLO client.example\r\n');
 * const header = await readProxyHeader(stream);
 * proxyToXclient(header) //=> { ADDR: '192.0.2.1', PORT: 51234, DESTADDR: '198.51.100.25', DESTPORT: 25 }
 * String(stream.read()) //=> 'EHLO client.example\r\n'
 * ```
 * @see doc/proxy-protocol.txt §2 (HAProxy)
 * @remarks Since 0.1.0
 */
export function readProxyHeader(
  stream: Duplex,
  options: ReadProxyHeaderOptions = {},
): Promise<ProxyHeader> {
  const timeout = positiveInteger('timeout', options.timeout, 5000);
  const { signal } = options;
  return new Promise((resolve, reject) => {
    let received: Uint8Array = new Uint8Array(0);
    const settle = (
      result: ProxyHeader | XclientError,
      rest: Uint8Array = new Uint8Array(0),
    ): void => {
      clearTimeout(timer);
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('close', onEnd);
      stream.off('error', onError);
      signal?.removeEventListener('abort', onAbort);
      if (result instanceof XclientError) {
        stream.destroy();
        reject(result);
      } else {
        stream.pause();
        // What followed the header, for the next reader (an empty chunk given back is nothing).
        stream.unshift(Buffer.from(rest));
        resolve(result);
      }
    };
    const lost = (
      code: 'CONNECTION_TIMEOUT' | 'CONNECTION_CLOSED' | 'CONNECTION_ABORTED',
      message: string,
    ) => {
      const reply = {
        CONNECTION_TIMEOUT: CONNECTION.timeout,
        CONNECTION_CLOSED: CONNECTION.closed,
        CONNECTION_ABORTED: CONNECTION.aborted,
      }[code];
      settle(new XclientError({ code, message, reply }));
    };
    const onData = (chunk: Uint8Array | string): void => {
      received = concat(received, octetsOf(stream, chunk));
      const r = parseProxyHeader(received);
      if (r.ok) settle(r.value, received.subarray(r.length));
      else if (r.error.code !== 'PROXY_INCOMPLETE') settle(r.error);
    };
    const onEnd = (): void =>
      lost('CONNECTION_CLOSED', 'the connection ended before the PROXY header');
    const onError = (e: Error): void => lost('CONNECTION_CLOSED', `connection error: ${e.message}`);
    const onAbort = (): void => lost('CONNECTION_ABORTED', 'aborted');
    const timer = setTimeout(
      () => lost('CONNECTION_TIMEOUT', `no complete PROXY header within ${timeout} ms`),
      timeout,
    );
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('close', onEnd);
    stream.on('error', onError);
    signal?.addEventListener('abort', onAbort);
    if (signal?.aborted === true) onAbort();
    else stream.resume();
  });
}
