/**
 * The conversation of `probe`: greeting, EHLO, STARTTLS, the XCLIENT lines, EHLO again, MAIL
 * FROM and RCPT TO, QUIT; every step recorded, and a verdict.
 *
 * @packageDocumentation
 */

import net from 'node:net';
import {
  classifyXclientReply,
  parseXclientKeyword,
  type Reply,
  type XclientAttributes,
  type XclientReplyClass,
} from '../index.js';
import { isEhloArgument, isLoopback } from './args.js';
import { connect, ProbeFailure, SmtpConnection, type TranscriptEntry } from './connection.js';
import { plan } from './plan.js';
import { replyLine } from './render.js';

interface XclientStep {
  readonly line: string;
  readonly reply: Reply;
  readonly class: XclientReplyClass;
}

export interface ProbeResult {
  host: string;
  port: number;
  ok: boolean;
  verdict: { code: string; message: string };
  transcript: TranscriptEntry[];
  greeting?: Reply;
  tls?: { protocol: string | null; cipher: string; authorized: boolean };
  announced?: string[] | null;
  planned?: string[];
  omitted?: string[];
  xclient: XclientStep[];
  ehloAfter?: Reply;
  announcedAfter?: string[] | null;
  mail?: Reply;
  rcpt: { address: string; reply: Reply }[];
}

export interface ProbeOptions {
  readonly host: string;
  readonly port: number;
  readonly attributes: XclientAttributes;
  readonly omit: boolean;
  readonly force: boolean;
  readonly ehlo: string;
  readonly starttls: boolean;
  readonly insecure: boolean;
  readonly timeout: number;
  readonly allowRemote: boolean;
  readonly mailFrom: string | undefined;
  readonly rcptTo: readonly string[];
}

const VERDICTS: Readonly<Record<XclientReplyClass, string>> = {
  success: 'accepted',
  'nonconforming-success': 'the server replied 250 instead of 220 (non-conforming)',
  unavailable: 'the server cannot proceed and closes the connection',
  syntax: 'the server refused a value',
  transaction: 'a mail transaction is in progress',
  unauthorized: 'this client may not use XCLIENT (Postfix: smtpd_authorized_xclient_hosts)',
  rejected: 'the server rejected XCLIENT',
};

function announcedNames(lines: readonly string[]): string[] | null {
  const r = parseXclientKeyword(lines);
  return r.ok ? [...r.value.names] : null;
}

function hasKeyword(lines: readonly string[], keyword: string): boolean {
  return lines.some((l) => l.slice(4).trim().split(/\s+/)[0]?.toUpperCase() === keyword);
}

export async function probe(
  options: ProbeOptions,
  record: (entry: TranscriptEntry) => void,
): Promise<ProbeResult> {
  const transcript: TranscriptEntry[] = [];
  const note = (entry: TranscriptEntry): void => {
    transcript.push(entry);
    record(entry);
  };
  const result: ProbeResult = {
    host: options.host,
    port: options.port,
    ok: false,
    verdict: { code: 'ok', message: '' },
    xclient: [],
    rcpt: [],
    transcript,
  };
  const done = (ok: boolean, code: string, message: string): ProbeResult => {
    result.ok = ok;
    result.verdict = { code, message };
    return result;
  };
  const t = options.timeout;
  let conn: SmtpConnection | undefined;
  let quit = true;
  try {
    const target = `${net.isIPv6(options.host) ? `[${options.host}]` : options.host}:${options.port}`;
    note({ dir: '*', line: `connecting to ${target}` });
    const socket = await connect(options.host, options.port, t);
    const remote = socket.remoteAddress ?? '';
    /* v8 ignore next -- only when localhost resolves elsewhere */
    if (!options.allowRemote && !isLoopback(remote)) {
      socket.destroy();
      quit = false;
      return done(false, 'not-loopback', `${options.host} is ${remote}, not loopback`);
    }
    note({ dir: '*', line: `connected to ${remote} port ${socket.remotePort ?? options.port}` });
    conn = new SmtpConnection(socket, note);

    const greeting = await conn.reply(t);
    result.greeting = greeting.reply;
    if (greeting.reply.code !== 220) {
      return done(false, 'bad-greeting', `the server greeted with ${replyLine(greeting.reply)}`);
    }

    let ehlo = await conn.command(`EHLO ${options.ehlo}`, t);
    if (ehlo.reply.code !== 250) {
      return done(false, 'ehlo-failed', `EHLO refused: ${replyLine(ehlo.reply)}`);
    }
    if (options.starttls) {
      if (!hasKeyword(ehlo.lines, 'STARTTLS')) {
        return done(false, 'starttls-not-announced', 'the server does not announce STARTTLS');
      }
      const go = await conn.command('STARTTLS', t);
      if (go.reply.code !== 220) {
        return done(false, 'tls-failed', `STARTTLS refused: ${replyLine(go.reply)}`);
      }
      const secure = await conn.startTls(options.host, options.insecure, t);
      const cipher = secure.getCipher();
      result.tls = {
        protocol: secure.getProtocol(),
        cipher: cipher.name,
        authorized: secure.authorized,
      };
      note({
        dir: '*',
        line: `TLS established: ${secure.getProtocol() ?? '?'} ${cipher.name}${secure.authorized ? '' : ' (certificate not verified)'}`,
      });
      ehlo = await conn.command(`EHLO ${options.ehlo}`, t);
      if (ehlo.reply.code !== 250) {
        return done(false, 'ehlo-failed', `EHLO over TLS refused: ${replyLine(ehlo.reply)}`);
      }
    }

    const announced = announcedNames(ehlo.lines);
    result.announced = announced;
    const wanted = Object.keys(options.attributes).length > 0;
    if (announced === null && !options.force) {
      return done(
        false,
        'not-announced',
        'XCLIENT is not announced: the server does not offer XCLIENT to this client (Postfix: not in smtpd_authorized_xclient_hosts), or does not support it',
      );
    }
    if (!wanted) {
      if (announced === null) {
        return done(false, 'not-announced', 'XCLIENT is not announced');
      }
      await exerciseMail(conn, options, result);
      const names = announced.join(' ') || '(no names)';
      return done(true, 'announced', `XCLIENT is announced: ${names}`);
    }

    const planned = plan(options.attributes, announced ?? undefined, options.omit);
    if (!planned.ok) {
      const hint =
        planned.error.code === 'FORMAT_NOT_ANNOUNCED' ? ' (--omit-unannounced leaves it out)' : '';
      return done(false, 'plan-failed', `${planned.error.code}: ${planned.error.message}${hint}`);
    }
    result.planned = [...planned.plan.lines];
    result.omitted = [...planned.plan.omitted];
    if (planned.plan.omitted.length > 0) {
      note({ dir: '*', line: `not announced, left out: ${planned.plan.omitted.join(' ')}` });
    }
    if (planned.plan.lines.length === 0) {
      return done(false, 'plan-failed', 'no attribute left to send');
    }
    for (const line of planned.plan.lines) {
      const { reply } = await conn.command(line, t);
      const kind = classifyXclientReply(reply);
      result.xclient.push({ line, reply, class: kind });
      if (kind === 'unavailable') quit = false;
      if (kind !== 'success' && kind !== 'nonconforming-success') {
        return done(false, kind, `${VERDICTS[kind]}: ${replyLine(reply)}`);
      }
    }

    // EHLO again: the session is back at the greeting stage (SPEC §13). The argument becomes
    // the HELO name on record; HELO (not EHLO) keeps an asserted PROTO=SMTP.
    const helo = options.attributes.HELO;
    const name = typeof helo === 'string' && isEhloArgument(helo) ? helo : options.ehlo;
    const verb = options.attributes.PROTO === 'SMTP' ? 'HELO' : 'EHLO';
    if (typeof helo === 'string' && name !== helo) {
      note({
        dir: '*',
        line: `the asserted HELO is not a valid ${verb} argument: sending ${name}`,
      });
    }
    const after = await conn.command(`${verb} ${name}`, t);
    result.ehloAfter = after.reply;
    if (verb === 'EHLO' && after.reply.code === 250) {
      result.announcedAfter = announcedNames(after.lines);
    }
    await exerciseMail(conn, options, result);
    const nonconforming = result.xclient.some((s) => s.class === 'nonconforming-success');
    if (nonconforming) {
      return done(false, 'nonconforming-success', VERDICTS['nonconforming-success']);
    }
    const n = result.xclient.length;
    return done(true, 'ok', `every XCLIENT command got 220 (${n} command${n === 1 ? '' : 's'})`);
  } catch (e) {
    /* v8 ignore next -- a bug, not a probe result */
    if (!(e instanceof ProbeFailure)) throw e;
    quit = false;
    return done(false, e.code, e.message);
  } finally {
    if (conn !== undefined) {
      if (quit) await conn.quit(t);
      conn.destroy();
    }
  }
}

/** MAIL FROM and RCPT TO, when asked: reported, not judged. */
async function exerciseMail(
  conn: SmtpConnection,
  options: ProbeOptions,
  result: ProbeResult,
): Promise<void> {
  if (options.mailFrom === undefined && options.rcptTo.length === 0) return;
  const mail = await conn.command(`MAIL FROM:${options.mailFrom ?? '<>'}`, options.timeout);
  result.mail = mail.reply;
  if (mail.reply.code !== 250) return;
  for (const address of options.rcptTo) {
    const rcpt = await conn.command(`RCPT TO:${address}`, options.timeout);
    result.rcpt.push({ address, reply: rcpt.reply });
  }
}
