/**
 * The conversation of `probe`: greeting, EHLO, STARTTLS, the XCLIENT lines, EHLO again, MAIL
 * FROM and RCPT TO, QUIT; every step recorded, and a verdict.
 *
 * @packageDocumentation
 */

import net from 'node:net';
import { findPipeliningHazards } from '../client/pipelining.js';
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
  /** What the run noticed beyond its verdict (a transcript that Postfix 3.9 would refuse). */
  warnings: string[];
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
  /** Send the EHLO in the same write as the last XCLIENT line, as some proxies do. */
  readonly pipeline: boolean;
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

/** Postfix's reply to input sent too early (smtpd_forbid_unauth_pipelining = yes). */
const isSynchronization = (r: Reply): boolean => r.code === 554 && r.enhanced === '5.5.0';

const PIPELINING_REFUSED =
  'the server refuses commands sent before the reply they must wait for (Postfix: smtpd_forbid_unauth_pipelining = yes, the default from 3.9): send each XCLIENT line alone and EHLO after its 220';

function announcedNames(lines: readonly string[]): string[] | null {
  const r = parseXclientKeyword(lines);
  return r.ok ? [...r.value.names] : null;
}

function hasKeyword(lines: readonly string[], keyword: string): boolean {
  return lines.some((l) => l.slice(4).trim().split(/\s+/)[0]?.toUpperCase() === keyword);
}

// ---------------------------------------------------------------------------------------
// The run

/** One probe under way: its options, the result filled in step by step, the connection. */
interface ProbeRun {
  readonly options: ProbeOptions;
  readonly result: ProbeResult;
  /** Records a transcript entry (and shows it as it happens). */
  readonly note: (entry: TranscriptEntry) => void;
  conn: SmtpConnection | undefined;
  /** Whether to end with QUIT: not after a failure, nor after a 421 to XCLIENT. */
  quit: boolean;
}

/**
 * Gives the verdict. Returns undefined: a step that returns `finish(…)` tells the next one
 * that the probe is over.
 */
function finish(run: ProbeRun, ok: boolean, code: string, message: string): undefined {
  run.result.ok = ok;
  run.result.verdict = { code, message };
  return undefined;
}

/** Runs the conversation and gives a verdict; a failure of the connection is one too. */
export async function probe(
  options: ProbeOptions,
  record: (entry: TranscriptEntry) => void,
): Promise<ProbeResult> {
  const transcript: TranscriptEntry[] = [];
  const run: ProbeRun = {
    options,
    result: {
      host: options.host,
      port: options.port,
      ok: false,
      verdict: { code: 'ok', message: '' },
      xclient: [],
      rcpt: [],
      warnings: [],
      transcript,
    },
    note: (entry) => {
      transcript.push(entry);
      record(entry);
    },
    conn: undefined,
    quit: true,
  };
  try {
    await converse(run);
  } catch (e) {
    /* v8 ignore next -- a bug, not a probe result */
    if (!(e instanceof ProbeFailure)) throw e;
    run.quit = false;
    finish(run, false, e.code, e.message);
  } finally {
    if (run.conn !== undefined) {
      if (run.quit) await run.conn.quit(options.timeout);
      run.conn.destroy();
      warnPipelining(run, run.conn.writes);
    }
  }
  return run.result;
}

/** A warning for each line of the transcript that Postfix 3.9 would refuse, unless it did. */
function warnPipelining(run: ProbeRun, writes: readonly (readonly string[])[]): void {
  if (run.result.verdict.code === 'pipelining-refused') return;
  for (const h of findPipeliningHazards(writes)) {
    run.result.warnings.push(
      `this transcript would break on Postfix 3.9: ${h.command}: ${h.reason}`,
    );
  }
}

/** The steps in order, each one ending the probe when it gives the verdict. */
async function converse(run: ProbeRun): Promise<undefined> {
  const { options, result } = run;
  const conn = await open(run);
  if (conn === undefined) return;
  const ehloLines = await greetAndEhlo(run, conn);
  if (ehloLines === undefined) return;
  const announced = announcedNames(ehloLines);
  result.announced = announced;
  const wanted = Object.keys(options.attributes).length > 0;
  if (announced === null && !options.force) {
    return finish(
      run,
      false,
      'not-announced',
      'XCLIENT is not announced: the server does not offer XCLIENT to this client (Postfix: not in smtpd_authorized_xclient_hosts), or does not support it',
    );
  }
  if (!wanted) return announcedOnly(run, conn, announced);
  if (!(await sendXclient(run, conn, announced))) return;
  await ehloAgain(run, conn);
  await exerciseMail(conn, options, result);
  const nonconforming = result.xclient.some((s) => s.class === 'nonconforming-success');
  if (nonconforming) {
    return finish(run, false, 'nonconforming-success', VERDICTS['nonconforming-success']);
  }
  const n = result.xclient.length;
  return finish(
    run,
    true,
    'ok',
    `every XCLIENT command got 220 (${n} command${n === 1 ? '' : 's'})`,
  );
}

/** Connects; a host that turns out not to be loopback is refused unless --allow-remote. */
async function open(run: ProbeRun): Promise<SmtpConnection | undefined> {
  const { options, note } = run;
  const target = `${net.isIPv6(options.host) ? `[${options.host}]` : options.host}:${options.port}`;
  note({ dir: '*', line: `connecting to ${target}` });
  const socket = await connect(options.host, options.port, options.timeout);
  const remote = socket.remoteAddress ?? '';
  /* v8 ignore next -- only when localhost resolves elsewhere */
  if (!options.allowRemote && !isLoopback(remote)) {
    socket.destroy();
    run.quit = false;
    return finish(run, false, 'not-loopback', `${options.host} is ${remote}, not loopback`);
  }
  note({ dir: '*', line: `connected to ${remote} port ${socket.remotePort ?? options.port}` });
  run.conn = new SmtpConnection(socket, note);
  return run.conn;
}

/** The greeting, EHLO, and STARTTLS when asked: the lines of the (last) EHLO reply. */
async function greetAndEhlo(run: ProbeRun, conn: SmtpConnection): Promise<string[] | undefined> {
  const { options, result } = run;
  const greeting = await conn.reply(options.timeout);
  result.greeting = greeting.reply;
  if (greeting.reply.code !== 220) {
    return finish(
      run,
      false,
      'bad-greeting',
      `the server greeted with ${replyLine(greeting.reply)}`,
    );
  }
  const ehlo = await conn.command(`EHLO ${options.ehlo}`, options.timeout);
  if (ehlo.reply.code !== 250) {
    return finish(run, false, 'ehlo-failed', `EHLO refused: ${replyLine(ehlo.reply)}`);
  }
  return options.starttls ? startTls(run, conn, ehlo.lines) : ehlo.lines;
}

/** STARTTLS, the handshake, and EHLO over TLS: the lines of that EHLO reply. */
async function startTls(
  run: ProbeRun,
  conn: SmtpConnection,
  ehloLines: readonly string[],
): Promise<string[] | undefined> {
  const { options, result, note } = run;
  const t = options.timeout;
  if (!hasKeyword(ehloLines, 'STARTTLS')) {
    return finish(run, false, 'starttls-not-announced', 'the server does not announce STARTTLS');
  }
  const go = await conn.command('STARTTLS', t);
  if (go.reply.code !== 220) {
    return finish(run, false, 'tls-failed', `STARTTLS refused: ${replyLine(go.reply)}`);
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
  const ehlo = await conn.command(`EHLO ${options.ehlo}`, t);
  if (ehlo.reply.code !== 250) {
    return finish(run, false, 'ehlo-failed', `EHLO over TLS refused: ${replyLine(ehlo.reply)}`);
  }
  return ehlo.lines;
}

/** Without attributes: whether XCLIENT is announced (and MAIL / RCPT when asked). */
async function announcedOnly(
  run: ProbeRun,
  conn: SmtpConnection,
  announced: readonly string[] | null,
): Promise<undefined> {
  if (announced === null) {
    return finish(run, false, 'not-announced', 'XCLIENT is not announced');
  }
  await exerciseMail(conn, run.options, run.result);
  const names = announced.join(' ') || '(no names)';
  return finish(run, true, 'announced', `XCLIENT is announced: ${names}`);
}

/** Plans the XCLIENT lines and sends them: true when every one got a success reply. */
async function sendXclient(
  run: ProbeRun,
  conn: SmtpConnection,
  announced: readonly string[] | null,
): Promise<boolean> {
  const { options, result, note } = run;
  const planned = plan(options.attributes, announced ?? undefined, options.omit);
  if (!planned.ok) {
    const hint =
      planned.error.code === 'FORMAT_NOT_ANNOUNCED' ? ' (--omit-unannounced leaves it out)' : '';
    finish(run, false, 'plan-failed', `${planned.error.code}: ${planned.error.message}${hint}`);
    return false;
  }
  result.planned = [...planned.plan.lines];
  result.omitted = [...planned.plan.omitted];
  if (planned.plan.omitted.length > 0) {
    note({ dir: '*', line: `not announced, left out: ${planned.plan.omitted.join(' ')}` });
  }
  if (planned.plan.lines.length === 0) {
    finish(run, false, 'plan-failed', 'no attribute left to send');
    return false;
  }
  const lines = planned.plan.lines;
  for (const [i, line] of lines.entries()) {
    // --pipeline: the EHLO goes with the last line, before its 220 (ehloAgain reads its reply).
    if (options.pipeline && i === lines.length - 1) conn.sendPipelined([line, hello(run).line]);
    else conn.send(line);
    const { reply } = await conn.reply(options.timeout);
    const kind = classifyXclientReply(reply);
    result.xclient.push({ line, reply, class: kind });
    if (kind === 'unavailable') run.quit = false;
    if (isSynchronization(reply)) {
      run.quit = false;
      finish(run, false, 'pipelining-refused', `${PIPELINING_REFUSED}: ${replyLine(reply)}`);
      return false;
    }
    if (kind !== 'success' && kind !== 'nonconforming-success') {
      finish(run, false, kind, `${VERDICTS[kind]}: ${replyLine(reply)}`);
      return false;
    }
  }
  return true;
}

/**
 * EHLO again: the session is back at the greeting stage (docs/spec/postfix.md §13). The argument becomes the
 * HELO name on record; HELO (not EHLO) keeps an asserted PROTO=SMTP.
 */
async function ehloAgain(run: ProbeRun, conn: SmtpConnection): Promise<void> {
  const { options, result, note } = run;
  const { verb, line, substitute } = hello(run);
  if (substitute !== undefined) {
    note({
      dir: '*',
      line: `the asserted HELO is not a valid ${verb} argument: sending ${substitute}`,
    });
  }
  // With --pipeline it went out with the last XCLIENT line.
  if (!options.pipeline) conn.send(line);
  const after = await conn.reply(options.timeout);
  result.ehloAfter = after.reply;
  if (verb === 'EHLO' && after.reply.code === 250) {
    result.announcedAfter = announcedNames(after.lines);
  }
}

/** The greeting after XCLIENT, and the name sent instead of an asserted HELO it cannot send. */
function hello(run: ProbeRun): { verb: string; line: string; substitute?: string } {
  const { options } = run;
  const helo = options.attributes.HELO;
  const name = typeof helo === 'string' && isEhloArgument(helo) ? helo : options.ehlo;
  const verb = options.attributes.PROTO === 'SMTP' ? 'HELO' : 'EHLO';
  const line = `${verb} ${name}`;
  return typeof helo === 'string' && name !== helo
    ? { verb, line, substitute: name }
    : { verb, line };
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
