/**
 * The steps of a conversation that hands a client to a server, each of which checks its
 * reply: the greeting, EHLO, STARTTLS, the XCLIENT commands. `connectWithXclient`,
 * `reuseWithXclient` and the CLI's `probe` are made of them.
 *
 * @internal
 * @packageDocumentation
 */

import net from 'node:net';
import type tls from 'node:tls';
import { interpretXclientReply } from '../client/interpret.js';
import type { InterpretOptions } from '../client/plan.js';
import type { Reply } from '../errors.js';
import { asciiUpper } from '../octets.js';
import { type ConnectionStep, replyLine } from './errors.js';
import type { ReadReply, SmtpClientConnection } from './smtp.js';

/** Reads the greeting: 220, else `SERVER_REFUSED` with the server's reply. @internal */
export async function greet(conn: SmtpClientConnection): Promise<ReadReply> {
  conn.step = 'greeting';
  const r = await conn.reply();
  if (r.reply.code !== 220) {
    throw conn.error('SERVER_REFUSED', `the server greeted with ${replyLine(r.reply)}`, r.reply);
  }
  return r;
}

/**
 * Sends a command and checks its reply code: `SERVER_REFUSED` with the server's reply (and
 * `${label} refused: …` as the message) for any other. @internal
 */
export async function expectReply(
  conn: SmtpClientConnection,
  line: string,
  step: ConnectionStep,
  code: number,
  label: string,
): Promise<ReadReply> {
  const r = await conn.command(line, step);
  if (r.reply.code !== code) {
    throw conn.error('SERVER_REFUSED', `${label} refused: ${replyLine(r.reply)}`, r.reply);
  }
  return r;
}

/**
 * Whether an EHLO reply's lines announce a keyword (`250-STARTTLS`). The first line is the
 * server's name and greeting, not a keyword (RFC 5321 §4.1.1.1's ehlo-ok-rsp; Postfix's own
 * client reads it as the name, smtp_helo() in src/smtp/smtp_proto.c): `250-STARTTLS hello`
 * announces nothing. @internal
 */
export function announces(lines: readonly string[], keyword: string): boolean {
  // The first field of a trimmed text is the same split on /\s/; split() gives one field at least.
  // Stryker disable next-line Regex,StringLiteral: equivalent, see above
  const first = (l: string) => asciiUpper(l.slice(4).trim().split(/\s+/)[0] ?? '');
  return lines.slice(1).some((l) => first(l) === keyword);
}

/**
 * STARTTLS after an EHLO reply that must announce it (`STARTTLS_NOT_ANNOUNCED`), its 220,
 * and the handshake; a host name is sent as SNI. The caller sends EHLO again. @internal
 */
export async function startTls(
  conn: SmtpClientConnection,
  ehloLines: readonly string[],
  host: string,
  options: tls.ConnectionOptions,
): Promise<tls.TLSSocket> {
  if (!announces(ehloLines, 'STARTTLS')) {
    conn.step = 'starttls';
    throw conn.error('STARTTLS_NOT_ANNOUNCED', 'the server does not announce STARTTLS');
  }
  await expectReply(conn, 'STARTTLS', 'starttls', 220, 'STARTTLS');
  const sni = net.isIP(host) === 0 ? { servername: host } : {};
  return conn.startTls({ host, ...sni, ...options });
}

/** Options of {@link sendXclient}. @internal */
export interface SendXclientOptions extends InterpretOptions {
  /** Called with each line and its reply, before the reply is judged. */
  readonly onReply?: (line: string, reply: Reply) => void;
}

/**
 * Sends the XCLIENT lines one at a time, each only after the reply to the one before (a
 * server with `smtpd_forbid_unauth_pipelining`, Postfix 3.9's default, drops a client that
 * sends anything before the 220); `SERVER_REFUSED` with the server's reply for anything but
 * a 220 (or, with `nonconforming: 'accept'`, a 250). Returns the last reply. @internal
 */
export async function sendXclient(
  conn: SmtpClientConnection,
  lines: readonly string[],
  options: SendXclientOptions = {},
): Promise<Reply | undefined> {
  let last: Reply | undefined;
  for (const line of lines) {
    const { reply } = await conn.command(line, 'xclient');
    options.onReply?.(line, reply);
    const verdict = interpretXclientReply(
      reply,
      // Stryker disable next-line ConditionalExpression: interpretXclientReply reads an undefined nonconforming as absent
      options.nonconforming === undefined ? {} : { nonconforming: options.nonconforming },
    );
    if (verdict.action !== 'continue') {
      throw conn.error('SERVER_REFUSED', `XCLIENT refused: ${replyLine(reply)}`, reply);
    }
    last = reply;
  }
  return last;
}
