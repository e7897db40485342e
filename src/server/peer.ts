/**
 * The real client's addresses as Node reports them (`socket.remoteAddress`,
 * `socket.localAddress`), read as Postfix reads the same socket (smtpd_peer.c,
 * docs/spec/postfix.md §4.2):
 *
 * - a zone (datalink) suffix is dropped: `fe80::a00:27ff:fe4e:66a1%eth0` is
 *   `fe80::a00:27ff:fe4e:66a1` (Postfix's sockaddr_to_hostaddr() splits at `%`), for ADDR
 *   and DESTADDR;
 * - an IPv4-mapped ADDR is the IPv4 address: `::ffff:127.0.0.1` is `127.0.0.1` (Postfix
 *   rewrites "V4-mapped" client addresses to IPv4 when IPv4 is on, its default; it leaves
 *   the server's own address, DESTADDR, as it is).
 *
 * @internal
 * @packageDocumentation
 */

import type { XclientAttributeName } from '../dialects/xclient.js';
import { formatAddress, hasIpv6Prefix, IPV6_PREFIX, ipToBytes } from '../values/ip.js';

/** Whether 16 address octets are in `::ffff:0:0/96`. @internal */
export function isIpv4Mapped(b: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (b[i] !== 0) return false;
  return b[10] === 0xff && b[11] === 0xff;
}

/** An IPv6 address with its zone suffix dropped, or the value as it is. */
function withoutZone(value: string): string {
  const percent = value.indexOf('%');
  // Stryker disable next-line EqualityOperator: a "%" at 0 leaves an empty address, which is no IPv6 one: the value as it is either way
  if (percent < 0) return value;
  const address = value.slice(0, percent);
  const bare = hasIpv6Prefix(address) ? address.slice(IPV6_PREFIX.length) : address;
  return ipToBytes(bare)?.length === 16 ? address : value;
}

/**
 * A value of the real client as Postfix would hold it: ADDR and DESTADDR in Node's forms
 * read as above; anything else as it is (and validated by the caller). @internal
 */
export function peerForm(name: XclientAttributeName, value: unknown): unknown {
  if (typeof value !== 'string' || (name !== 'ADDR' && name !== 'DESTADDR')) return value;
  const address = withoutZone(value);
  if (name === 'DESTADDR') return address;
  const bytes = ipToBytes(hasIpv6Prefix(address) ? address.slice(IPV6_PREFIX.length) : address);
  return bytes?.length === 16 && isIpv4Mapped(bytes) ? formatAddress(bytes.subarray(12)) : address;
}

/** A value for a message: a primitive's text, else its type (a hostile object may throw). */
export function safeText(value: unknown): string {
  return typeof value === 'object' || typeof value === 'function' ? typeof value : String(value);
}
