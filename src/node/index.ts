/**
 * smtp-xclient/node: the thin I/O layer on `node:net` and `node:tls` (no dependency) that
 * every proxy and server otherwise writes again. Hand a client to Postfix in one call, switch
 * a cached connection to the next client, read SMTP lines and PROXY protocol headers off a
 * socket, each bounded (line length, reply lines, a timeout at every step, an AbortSignal).
 *
 * - {@link connectWithXclient}, {@link reuseWithXclient}: the client side, planned by
 *   `smtp-xclient/client`.
 * - {@link readSmtpLines}: a server's command lines, for `smtp-xclient/server`.
 * - {@link readProxyHeader}: the header HAProxy's `send-proxy` / `send-proxy-v2` sends,
 *   read with `smtp-xclient/proxy`.
 *
 * Node.js only (also Bun and Deno through their `node:` modules); the other entries run
 * anywhere.
 *
 * @packageDocumentation
 * @module smtp-xclient/node
 */

export type {
  ConnectWithXclientOptions,
  ReuseWithXclientOptions,
  XclientConnection,
} from './connect.js';
export { connectWithXclient, reuseWithXclient } from './connect.js';
export type { ConnectionStep, TranscriptEntry, XclientConnectionErrorInit } from './errors.js';
export { XclientConnectionError } from './errors.js';
export type { SmtpLineReader, SmtpLineReaderOptions } from './lines.js';
export { readSmtpLines } from './lines.js';
export type { ReadProxyHeaderOptions } from './proxy.js';
export { readProxyHeader } from './proxy.js';
export type { ConnectionLimits } from './smtp.js';
