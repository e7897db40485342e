/**
 * {@link parseProxyHeader}: which version a header is, then its reader; and
 * {@link proxyToXclient}: what a header says, as XCLIENT attributes.
 *
 * ```
 * ; doc/proxy-protocol.txt §2.2, "identifying the protocol version"
 * v2 = the 12-octet signature 0D 0A 0D 0A 00 0D 0A 51 55 49 54 0A, then version 2
 * v1 = "PROXY"
 * anything else "is not covered by this specification and the connection must be dropped"
 * ```
 *
 * @see doc/proxy-protocol.txt (HAProxy)
 * @packageDocumentation
 */

import type { XclientAttributes } from '../command.js';
import { XclientError } from '../errors.js';
import { ownProperty, readableOctets, UNREADABLE } from '../input.js';
import { LIBRARY } from '../replies.js';
import { UNAVAILABLE } from '../values/special.js';
import type { ParseProxyHeaderResult, ProxyHeader } from './header.js';
import { proxyFailure } from './header.js';
import { parseProxyV1 } from './v1.js';
import { parseProxyV2, V2_SIGNATURE } from './v2.js';

const PROXY_WORD: Uint8Array = /* @__PURE__ */ Uint8Array.of(0x50, 0x52, 0x4f, 0x58, 0x59);
const ENCODER = /* @__PURE__ */ new TextEncoder();

/** Where `octets` first differs from `prefix`, as far as both go; -1 when it does not. */
function mismatch(octets: Uint8Array, prefix: Uint8Array): number {
  const n = Math.min(octets.length, prefix.length);
  for (let i = 0; i < n; i++) if (octets[i] !== prefix[i]) return i;
  return -1;
}

/**
 * Reads a PROXY protocol header (version 1 or 2) at the start of a connection's octets,
 * exactly as HAProxy's specification defines it; anything else is an error, never a guess.
 *
 * - `{ ok: true, value, length }`: the header, and its length in octets (the connection's
 *   own data starts there).
 * - `{ ok: false, error }` with `error.code`:
 *   - `PROXY_INCOMPLETE`: what has arrived is a valid start of a header: read more and call
 *     again with all the octets so far (the specification recommends tolerating a header
 *     split across reads; give up after a few seconds);
 *   - `PROXY_BAD_SIGNATURE` (neither `PROXY` nor the version 2 signature), `PROXY_TOO_LONG`
 *     (no CRLF within 107 octets), `PROXY_BAD_SYNTAX`, `PROXY_BAD_ADDRESS`,
 *     `PROXY_BAD_PORT` (version 1), `PROXY_BAD_VERSION`, `PROXY_BAD_COMMAND`,
 *     `PROXY_BAD_FAMILY`, `PROXY_BAD_LENGTH`, `PROXY_BAD_TLV`, `PROXY_BAD_CHECKSUM`
 *     (version 2): drop the connection, as the specification says. `position` is the octet
 *     where the problem is.
 *
 * Never throws. Only accept a header from a proxy you trust, on a listener configured for
 * it: the specification forbids guessing whether one is there, because anyone could send
 * one.
 *
 * @param octets - the first octets received on the connection (a string is read as UTF-8).
 * @returns the header and its length, or an error.
 * @example
 * ```ts
 * const r = parseProxyHeader('PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\nGET / HTTP/1.1\r\n');
 * r
 * //=> { ok: true, length: 47, value: { version: 1, command: 'PROXY', family: 'INET', transport: 'STREAM',
 * //     source: { address: '192.168.0.1', port: 56324 }, destination: { address: '192.168.0.11', port: 443 }, tlvs: [] } }
 * parseProxyHeader('PROXY TCP4 192.168.0.01 192.168.0.11 56324 443\r\n').ok //=> false
 * parseProxyHeader('PROXY TCP6 ::1 ').error.code //=> 'PROXY_INCOMPLETE'
 * ```
 * @see doc/proxy-protocol.txt §2.1 (version 1) and §2.2 (version 2), HAProxy
 * @remarks Since 0.1.0
 */
export function parseProxyHeader(octets: Uint8Array | string): ParseProxyHeaderResult {
  const input: unknown = octets;
  const bytes = typeof input === 'string' ? ENCODER.encode(input) : readableOctets(input);
  if (bytes === undefined) {
    return proxyFailure('PROXY_BAD_SIGNATURE', 'the input is not octets or a string', 0);
  }
  const v2 = mismatch(bytes, V2_SIGNATURE);
  if (v2 < 0) return parseProxyV2(bytes);
  const v1 = mismatch(bytes, PROXY_WORD);
  if (v1 < 0) return parseProxyV1(bytes);
  return proxyFailure(
    'PROXY_BAD_SIGNATURE',
    'not a PROXY protocol header: neither "PROXY" (version 1) nor the version 2 signature',
    Math.max(v1, v2),
  );
}

/** The IPv4 address of an IPv4-mapped one (`::ffff:192.0.2.1`), as Postfix reads it. */
function unmapped(address: string): string {
  const prefix = '::ffff:';
  return address.startsWith(prefix) && address.includes('.')
    ? address.slice(prefix.length)
    : address;
}

/**
 * What a PROXY protocol header says about the client, as XCLIENT attributes: `ADDR` and
 * `PORT` from the source, `DESTADDR` and `DESTPORT` from the destination.
 *
 * - An IPv4-mapped IPv6 address (`::ffff:192.0.2.1`) becomes the IPv4 address, as Postfix's
 *   own PROXY reader does, so that logs and access tables see one form.
 * - A UNIX socket has no address XCLIENT can carry: all four are `[UNAVAILABLE]`.
 * - `LOCAL`, version 1 `UNKNOWN` and `UNSPEC` headers describe no relayed client: `{}`. The
 *   specification says to use the connection's own endpoints then.
 *
 * The header has no client name: add `NAME` yourself (the verified name, or `[UNAVAILABLE]`
 * when you do not look it up), or Postfix keeps the name it had, which is the proxy's.
 *
 * @param header - a header from {@link parseProxyHeader}.
 * @returns the attributes, for `formatXclient`, `planXclientSession` or `connectWithXclient`.
 * @throws `XclientError` (from `smtp-xclient`) `FORMAT_INVALID_INPUT` for a header that is not one
 *   {@link parseProxyHeader} makes: not an object, a field that cannot be read (a throwing
 *   getter or Proxy), an endpoint without a string address and a numeric port. Only own
 *   properties are read.
 * @example
 * ```ts
 * const r = parseProxyHeader('PROXY TCP6 ::ffff:192.0.2.1 2001:db8::25 51234 25\r\n');
 * if (r.ok) proxyToXclient(r.value) //=> { ADDR: '192.0.2.1', PORT: 51234, DESTADDR: '2001:db8::25', DESTPORT: 25 }
 * const local = parseProxyHeader(Uint8Array.of(13, 10, 13, 10, 0, 13, 10, 81, 85, 73, 84, 10, 0x20, 0, 0, 0));
 * if (local.ok) proxyToXclient(local.value) //=> {}
 * ```
 * @see Postfix `haproxy_srvr.c` (IPv4-in-IPv6 read as IPv4); XCLIENT_README
 * @remarks Since 0.1.0
 */
export function proxyToXclient(header: ProxyHeader): XclientAttributes {
  const command = ownProperty(header, 'command');
  const source = ownProperty(header, 'source');
  const destination = ownProperty(header, 'destination');
  if (typeof header !== 'object' || header === null) throw notAHeader('is not an object');
  if (command === UNREADABLE) throw notAHeader('cannot be read');
  if (command !== 'PROXY' || source === undefined || destination === undefined) return {};
  const from = endpointOf(source);
  const to = endpointOf(destination);
  if (from === undefined || to === undefined) {
    return { ADDR: UNAVAILABLE, PORT: UNAVAILABLE, DESTADDR: UNAVAILABLE, DESTPORT: UNAVAILABLE };
  }
  return {
    ADDR: unmapped(from.address),
    PORT: from.port,
    DESTADDR: unmapped(to.address),
    DESTPORT: to.port,
  };
}

/** The refusal of a header that {@link parseProxyHeader} did not make. */
const notAHeader = (why: string): XclientError =>
  new XclientError({
    code: 'FORMAT_INVALID_INPUT',
    message: `proxyToXclient: the header ${why}`,
    reply: LIBRARY.localDataError,
  });

/**
 * An endpoint's own address and port; undefined for a UNIX socket's (a path, no address).
 * Anything else (a getter that throws, a Proxy, wrong types) is refused.
 */
function endpointOf(
  value: unknown,
): { readonly address: string; readonly port: number } | undefined {
  if (typeof value !== 'object' || value === null) throw notAHeader('has a bad endpoint');
  const address = ownProperty(value, 'address');
  if (address === undefined) return undefined;
  const port = ownProperty(value, 'port');
  if (typeof address !== 'string' || typeof port !== 'number') {
    throw notAHeader('has an endpoint that cannot be read as an address and a port');
  }
  return { address, port };
}
