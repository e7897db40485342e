/**
 * smtp-xclient/proxy: the PROXY protocol (versions 1 and 2) that load balancers such as
 * HAProxy put in front of a relayed connection, read exactly as its specification says, and
 * mapped to XCLIENT attributes. Pure functions, no I/O; `smtp-xclient/node` reads a header
 * off a socket with them.
 *
 * Specification followed: The PROXY protocol, versions 1 & 2 (HAProxy, doc/proxy-protocol.txt,
 * revision 2020/03/05).
 *
 * @packageDocumentation
 * @module smtp-xclient/proxy
 */

export type {
  ParseProxyHeaderResult,
  ProxyCommand,
  ProxyEndpoint,
  ProxyFamily,
  ProxyHeader,
  ProxyInetEndpoint,
  ProxyTlv,
  ProxyTransport,
  ProxyUnixEndpoint,
} from './header.js';
export { PROXY_TLV_TYPES } from './header.js';
export { parseProxyHeader, proxyToXclient } from './parse.js';
