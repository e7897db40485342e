/**
 * The conversation of `probe`: greeting, EHLO, STARTTLS, the XCLIENT lines, EHLO again, MAIL
 * FROM and RCPT TO, QUIT; every step recorded, and a verdict. The connection and its steps
 * are smtp-xclient/node's (src/node): the same bounded reads, one command at a time. With
 * XFORWARD: its lines instead, each answered 250, and no EHLO again (XFORWARD does not reset
 * the session).
 *
 * @packageDocumentation
 */

import net from 'node:net';
import { interpretXforwardReply } from '../client/index.js';
import { findPipeliningHazards } from '../client/pipelining.js';
import {
  classifyXclientReply,
  parseXclientKeyword,
  parseXforwardKeyword,
  type Reply,
  type XclientAttributes,
  type XclientReplyClass,
  type XforwardAttributes,
} from '../index.js';
import { type TranscriptEntry, XclientConnectionError } from '../node/errors.js';
import { checkLimits, openSocket, SmtpClientConnection } from '../node/smtp.js';
import { expectReply, greet, sendXclient, startTls } from '../node/steps.js';
import { isEhloArgument, isLoopback, type Verb } from './args.js';
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
  verb: Verb;
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
  readonly verb: Verb;
  readonly attributes: XclientAttributes | XforwardAttributes;
  readonly omit: boolean;
  readonly force: boolean;
  readonly ehlo: string;
  readonly starttls: boolean;
  readonly insecure: boolean;
  readonly timeout: number;
  readonly allowRemote: boolean;
  /** The address to connect to, resolved and checked before (else `host`). */
  readonly connectTo?: string;
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

/** The verdict of a reply class, with the verb and its Postfix parameter named. */
function verdictText(kind: XclientReplyClass, verb: Verb): string {
  return VERDICTS[kind].replace('XCLIENT', verb).replace('xclient', verb.toLowerCase());
}

/** The names the verb's keyword announces, or null. */
function announcedNames(lines: readonly string[], verb: Verb): string[] | null {
  const r = verb === 'XCLIENT' ? parseXclientKeyword(lines) : parseXforwardKeyword(lines);
  return r.ok ? [...r.value.names] : null;
}

/** The class of a reply to the verb: XFORWARD's success is 250. */
const classify = (reply: Reply, verb: Verb): XclientReplyClass =>
  verb === 'XCLIENT' ? classifyXclientReply(reply) : interpretXforwardReply(reply).class;

/** The longest reply line probe reads, and the most lines of a reply. */
const MAX_LINE_OCTETS = 64 * 1024;
const MAX_REPLY_LINES = 1000;

// ---------------------------------------------------------------------------------------
// The run

/** One probe under way: its options, the result filled in step by step, the connection. */
interface ProbeRun {
  readonly options: ProbeOptions;
  readonly result: ProbeResult;
  /** Records a transcript entry (and shows it as it happens). */
  readonly note: (entry: TranscriptEntry) => void;
  conn: SmtpClientConnection | undefined;
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
      verb: options.verb,
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
    if (!(e instanceof XclientConnectionError)) throw e;
    const verdict = verdictOf(run, e);
    finish(run, false, verdict.code, verdict.message);
  } finally {
    if (run.conn !== undefined) {
      if (run.quit) await run.conn.quit();
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

/**
 * The verdict for a failed step. A server that refused is told QUIT (but after a 421 to
 * XCLIENT, which closes); a connection that failed is not.
 */
function verdictOf(
  run: ProbeRun,
  e: XclientConnectionError,
): { readonly code: string; readonly message: string } {
  const refused = e.code === 'SERVER_REFUSED' || e.code === 'STARTTLS_NOT_ANNOUNCED';
  run.quit = refused;
  if (e.step === 'greeting' && e.serverReply !== undefined) run.result.greeting = e.serverReply;
  switch (e.code) {
    case 'SERVER_REFUSED':
      return refusal(run, e);
    case 'STARTTLS_NOT_ANNOUNCED':
      return { code: 'starttls-not-announced', message: e.message };
    case 'CONNECT_FAILED':
      return { code: 'connect-failed', message: e.message };
    case 'CONNECTION_TIMEOUT':
      return { code: 'timeout', message: e.message };
    case 'CONNECTION_CLOSED':
      return {
        code: e.message.startsWith('connection error') ? 'connection-error' : 'closed',
        message: e.message,
      };
    case 'TLS_FAILED': {
      const hint = run.options.insecure ? '' : ' (--insecure skips certificate verification)';
      return { code: 'tls-failed', message: `${e.message}${hint}` };
    }
    case 'REPLY_LINE_TOO_LONG':
      return { code: 'malformed-reply', message: 'a reply line longer than 64 KiB' };
    default:
      return { code: 'malformed-reply', message: e.message };
  }
}

/** The verdict for a server's refusal, by step. */
function refusal(
  run: ProbeRun,
  e: XclientConnectionError,
): { readonly code: string; readonly message: string } {
  const reply = e.serverReply as Reply;
  if (e.step === 'greeting') return { code: 'bad-greeting', message: e.message };
  if (e.step === 'starttls') return { code: 'tls-failed', message: e.message };
  if (isSynchronization(reply)) {
    run.quit = false;
    return { code: 'pipelining-refused', message: `${PIPELINING_REFUSED}: ${replyLine(reply)}` };
  }
  if (e.step !== 'xclient') return { code: 'ehlo-failed', message: e.message };
  const { verb } = run.options;
  const kind = classify(reply, verb);
  if (kind === 'unavailable') run.quit = false;
  return { code: kind, message: `${verdictText(kind, verb)}: ${replyLine(reply)}` };
}

/** The steps in order, each one ending the probe when it gives the verdict. */
async function converse(run: ProbeRun): Promise<undefined> {
  const { options, result } = run;
  const conn = await open(run);
  if (conn === undefined) return;
  const ehloLines = await greetAndEhlo(run, conn);
  const { verb } = options;
  const announced = announcedNames(ehloLines, verb);
  result.announced = announced;
  const wanted = Object.keys(options.attributes).length > 0;
  if (announced === null && !options.force) {
    return finish(
      run,
      false,
      'not-announced',
      `${verb} is not announced: the server does not offer ${verb} to this client (Postfix: not in smtpd_authorized_${verb.toLowerCase()}_hosts), or does not support it`,
    );
  }
  if (!wanted) return announcedOnly(run, conn, announced);
  if (!(await sendPlanned(run, conn, announced))) return;
  if (verb === 'XCLIENT') await ehloAgain(run, conn);
  await exerciseMail(conn, options, result);
  const nonconforming = result.xclient.some((s) => s.class === 'nonconforming-success');
  if (nonconforming) {
    return finish(run, false, 'nonconforming-success', VERDICTS['nonconforming-success']);
  }
  const n = result.xclient.length;
  const success = verb === 'XCLIENT' ? 220 : 250;
  return finish(
    run,
    true,
    'ok',
    `every ${verb} command got ${success} (${n} command${n === 1 ? '' : 's'})`,
  );
}

/** Connects; a host that turns out not to be loopback is refused unless --allow-remote. */
async function open(run: ProbeRun): Promise<SmtpClientConnection | undefined> {
  const { options, note } = run;
  const target = `${net.isIPv6(options.host) ? `[${options.host}]` : options.host}:${options.port}`;
  note({ dir: '*', line: `connecting to ${target}` });
  const limits = checkLimits({
    timeout: options.timeout,
    maxLineOctets: MAX_LINE_OCTETS,
    maxReplyLines: MAX_REPLY_LINES,
  });
  const socket = await openSocket(
    { host: options.connectTo ?? options.host, port: options.port },
    limits,
  );
  const remote = socket.remoteAddress ?? '';
  /* v8 ignore next -- only when localhost resolves elsewhere */
  if (!options.allowRemote && !isLoopback(remote)) {
    socket.destroy();
    run.quit = false;
    return finish(run, false, 'not-loopback', `${options.host} is ${remote}, not loopback`);
  }
  note({ dir: '*', line: `connected to ${remote} port ${socket.remotePort ?? options.port}` });
  run.conn = new SmtpClientConnection(socket, limits, note);
  return run.conn;
}

/** The greeting, EHLO, and STARTTLS when asked: the lines of the (last) EHLO reply. */
async function greetAndEhlo(run: ProbeRun, conn: SmtpClientConnection): Promise<readonly string[]> {
  const { options, result } = run;
  result.greeting = (await greet(conn)).reply;
  const ehlo = await expectReply(conn, `EHLO ${options.ehlo}`, 'ehlo', 250, 'EHLO');
  if (!options.starttls) return ehlo.lines;
  const secure = await startTls(conn, ehlo.lines, options.host, {
    rejectUnauthorized: !options.insecure,
  });
  const cipher = secure.getCipher();
  result.tls = {
    protocol: secure.getProtocol(),
    cipher: cipher.name,
    authorized: secure.authorized,
  };
  run.note({
    dir: '*',
    line: `TLS established: ${secure.getProtocol() ?? '?'} ${cipher.name}${secure.authorized ? '' : ' (certificate not verified)'}`,
  });
  return (await expectReply(conn, `EHLO ${options.ehlo}`, 'ehlo', 250, 'EHLO over TLS')).lines;
}

/** Without attributes: whether XCLIENT is announced (and MAIL / RCPT when asked). */
async function announcedOnly(
  run: ProbeRun,
  conn: SmtpClientConnection,
  announced: readonly string[] | null,
): Promise<undefined> {
  const { verb } = run.options;
  if (announced === null) {
    return finish(run, false, 'not-announced', `${verb} is not announced`);
  }
  await exerciseMail(conn, run.options, run.result);
  const names = announced.join(' ') || '(no names)';
  return finish(run, true, 'announced', `${verb} is announced: ${names}`);
}

/** Plans the XCLIENT lines and sends them, each after the reply to the one before. */
async function sendPlanned(
  run: ProbeRun,
  conn: SmtpClientConnection,
  announced: readonly string[] | null,
): Promise<boolean> {
  const { options, result, note } = run;
  const planned = plan(options.attributes, announced ?? undefined, options.omit, options.verb);
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
  const onReply = (line: string, reply: Reply): void => {
    result.xclient.push({ line, reply, class: classify(reply, options.verb) });
  };
  if (options.pipeline && options.verb === 'XCLIENT') {
    // --pipeline: the EHLO goes with the last line, before its 220 (ehloAgain reads its reply).
    await sendXclient(conn, lines.slice(0, -1), { nonconforming: 'accept', onReply });
    const last = lines[lines.length - 1] as string;
    conn.step = 'xclient';
    conn.sendPipelined([last, hello(run).line]);
    const { reply } = await conn.reply();
    onReply(last, reply);
    const kind = classify(reply, options.verb);
    if (kind !== 'success' && kind !== 'nonconforming-success') {
      throw conn.error('SERVER_REFUSED', `XCLIENT refused: ${replyLine(reply)}`, reply);
    }
    return true;
  }
  await sendXclient(conn, lines, { nonconforming: 'accept', onReply });
  return true;
}

/**
 * EHLO again: the session is back at the greeting stage (docs/spec/postfix.md §13). The argument becomes the
 * HELO name on record; HELO (not EHLO) keeps an asserted PROTO=SMTP.
 */
async function ehloAgain(run: ProbeRun, conn: SmtpClientConnection): Promise<void> {
  const { options, result, note } = run;
  const { verb, line, substitute } = hello(run);
  if (substitute !== undefined) {
    note({
      dir: '*',
      line: `the asserted HELO is not a valid ${verb} argument: sending ${substitute}`,
    });
  }
  // With --pipeline it went out with the last XCLIENT line.
  conn.step = 'hello';
  if (!options.pipeline) conn.send(line);
  const after = await conn.reply();
  result.ehloAfter = after.reply;
  if (verb === 'EHLO' && after.reply.code === 250) {
    result.announcedAfter = announcedNames(after.lines, run.options.verb);
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
  conn: SmtpClientConnection,
  options: ProbeOptions,
  result: ProbeResult,
): Promise<void> {
  if (options.mailFrom === undefined && options.rcptTo.length === 0) return;
  const mail = await conn.command(`MAIL FROM:${options.mailFrom ?? '<>'}`, 'hello');
  result.mail = mail.reply;
  if (mail.reply.code !== 250) return;
  for (const address of options.rcptTo) {
    const rcpt = await conn.command(`RCPT TO:${address}`, 'hello');
    result.rcpt.push({ address, reply: rcpt.reply });
  }
}
