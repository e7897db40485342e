/**
 * What a PROXY protocol header says, as {@link parseProxyHeader} returns it, and the errors
 * of its readers.
 *
 * @see {@link https://www.haproxy.org/download/2.9/doc/proxy-protocol.txt | The PROXY protocol, versions 1 and 2} (HAProxy, doc/proxy-protocol.txt)
 * @packageDocumentation
 */

import { failure, type Result, type XclientError, type XclientErrorCode } from '../errors.js';
import { PROXY_HEADER_INVALID } from '../replies.js';

/**
 * The command of a header: `'PROXY'` (the connection was relayed on behalf of a client, the
 * header describes that client's connection) or `'LOCAL'` (version 2 only: the proxy opened
 * the connection itself, e.g. for a health check; use the connection's own endpoints).
 * @example
 * ```ts
 * const c: ProxyCommand = 'PROXY';
 * ```
 * @remarks Since 0.1.0
 */
export type ProxyCommand = 'PROXY' | 'LOCAL';

/**
 * The address family of the relayed connection: `'INET'` (IPv4), `'INET6'` (IPv6),
 * `'UNIX'`, or `'UNSPEC'` (unknown or unsupported: version 1's `UNKNOWN`).
 * @example
 * ```ts
 * const f: ProxyFamily = 'INET6';
 * ```
 * @remarks Since 0.1.0
 */
export type ProxyFamily = 'UNSPEC' | 'INET' | 'INET6' | 'UNIX';

/**
 * The transport of the relayed connection: `'STREAM'` (TCP, or a UNIX stream socket),
 * `'DGRAM'` (UDP, or a UNIX datagram socket), or `'UNSPEC'`.
 * @example
 * ```ts
 * const t: ProxyTransport = 'STREAM';
 * ```
 * @remarks Since 0.1.0
 */
export type ProxyTransport = 'UNSPEC' | 'STREAM' | 'DGRAM';

/**
 * An IPv4 or IPv6 endpoint. The address is in canonical text (RFC 5952 for IPv6, lower
 * case, `::ffff:192.0.2.1` for an IPv4-mapped address), whatever form a version 1 header used.
 * @example
 * ```ts
 * const e: ProxyInetEndpoint = { address: '192.0.2.1', port: 56324 };
 * ```
 * @remarks Since 0.1.0
 */
export interface ProxyInetEndpoint {
  readonly address: string;
  readonly port: number;
}

/**
 * A UNIX socket endpoint: the 108 octets of its `sun_path` as sent (NUL padded; an abstract
 * socket starts with a NUL).
 * @example
 * ```ts
 * const e: ProxyUnixEndpoint = { path: new Uint8Array(108) };
 * ```
 * @remarks Since 0.1.0
 */
export interface ProxyUnixEndpoint {
  readonly path: Uint8Array;
}

/**
 * One endpoint of the relayed connection.
 * @example
 * ```ts
 * const e: ProxyEndpoint = { address: '2001:db8::1', port: 25 };
 * ```
 * @remarks Since 0.1.0
 */
export type ProxyEndpoint = ProxyInetEndpoint | ProxyUnixEndpoint;

/**
 * A version 2 Type-Length-Value vector, as sent (see {@link PROXY_TLV_TYPES}).
 * @example
 * ```ts
 * const tlv: ProxyTlv = { type: 0x02, value: new TextEncoder().encode('mx.example') };
 * ```
 * @remarks Since 0.1.0
 */
export interface ProxyTlv {
  readonly type: number;
  readonly value: Uint8Array;
}

/**
 * A PROXY protocol header. `source` and `destination` are there when the header describes
 * the relayed connection: command `PROXY` with a known family and transport. Without them
 * (`LOCAL`, version 1 `UNKNOWN`, an `UNSPEC` family or transport) the receiver uses the
 * connection's own endpoints, as the specification says.
 * @example
 * ```ts
 * const h: ProxyHeader = {
 *   version: 1, command: 'PROXY', family: 'INET', transport: 'STREAM',
 *   source: { address: '192.168.0.1', port: 56324 },
 *   destination: { address: '192.168.0.11', port: 443 },
 *   tlvs: [],
 * };
 * ```
 * @remarks Since 0.1.0
 */
export interface ProxyHeader {
  /** 1 (the text line) or 2 (the binary header). */
  readonly version: 1 | 2;
  readonly command: ProxyCommand;
  readonly family: ProxyFamily;
  readonly transport: ProxyTransport;
  /** The client's end of the relayed connection. */
  readonly source?: ProxyEndpoint;
  /** The end the client connected to (the proxy's listener). */
  readonly destination?: ProxyEndpoint;
  /** Version 2's TLVs, in order (always empty for version 1). */
  readonly tlvs: readonly ProxyTlv[];
}

/**
 * What {@link parseProxyHeader} returns: the header and its `length` in octets (the
 * connection's own data starts there), or an error. `PROXY_INCOMPLETE` means that the octets
 * so far start a valid header: read more and call again.
 * @example
 * ```ts
 * const r: ParseProxyHeaderResult = parseProxyHeader('PROXY UNKNOWN\r\n');
 * if (r.ok) r.length //=> 15
 * ```
 * @remarks Since 0.1.0
 */
export type ParseProxyHeaderResult = Result<ProxyHeader, { readonly length: number }>;

/**
 * The TLV types the specification registers (§2.2), by name.
 * @example
 * ```ts
 * PROXY_TLV_TYPES.AUTHORITY //=> 2
 * ```
 * @remarks Since 0.1.0
 */
export const PROXY_TLV_TYPES = Object.freeze({
  ALPN: 0x01,
  AUTHORITY: 0x02,
  CRC32C: 0x03,
  NOOP: 0x04,
  UNIQUE_ID: 0x05,
  SSL: 0x20,
  NETNS: 0x30,
} as const);

/** The error result of the PROXY readers. @internal */
export function proxyFailure(
  code: XclientErrorCode,
  message: string,
  position: number,
): { readonly ok: false; readonly error: XclientError } {
  return failure({ code, message, position, reply: PROXY_HEADER_INVALID });
}
