// Replays what a live Postfix 3.7.11 answered (test/vectors/postfix-3.7.11-*.jsonl, recorded
// by scripts/record-postfix.mjs) through the server session: each record's connection, with
// the listener's settings, command by command, pipelined writes included.
import { readFileSync } from 'node:fs';
import type { Reply } from 'smtp-xclient';
import {
  applyCommand,
  applyXclient,
  createXclientSession,
  type SessionStep,
  type SmtpCommand,
  type XclientSession,
  xclientKeyword,
} from 'smtp-xclient/server';

/** A reply as recorded: its text is the Latin-1 view of the octets (lines joined by LF). */
export interface RecordedReply {
  readonly code: number | null;
  readonly enhanced: string | null;
  readonly text: string | null;
  readonly closed?: boolean;
}

/** What Postfix logged at a point of the session (reject: RCPT and client= lines). */
export interface RecordedIdentity {
  readonly logged: string;
  readonly proto: string;
  readonly helo: string | null;
  readonly login: string | null;
  /** The replies to MAIL, the accepted RCPT, the refused RCPT and RSET that read it. */
  readonly replies: readonly number[];
}

export interface RecordedStep {
  /** One line, or the lines written in one go (pipelined). */
  readonly send: string | readonly string[];
  readonly eol?: string;
  readonly replies: readonly RecordedReply[];
  readonly closed?: boolean;
  readonly identity?: RecordedIdentity | null;
}

export interface Recorded extends Partial<RecordedReply> {
  readonly id: string;
  readonly class: 'long-line' | 'echo' | 'helo' | 'identity' | 'pipelining' | 'names';
  readonly port: number;
  readonly server: { readonly authorized: string[]; readonly forbid_unauth_pipelining: boolean };
  readonly client_port: number;
  readonly ehlo?: string | null;
  readonly ehlo_xclient?: string | null;
  readonly line?: string;
  readonly eol?: string;
  readonly identity?: RecordedIdentity | null;
  readonly steps?: readonly RecordedStep[];
  /** The HELO of a 'helo' case, as a JavaScript string (what a proxy would assert). */
  readonly helo?: string;
}

/** Every record of a corpus file of test/vectors/. */
export function loadRecorded(file: string): Recorded[] {
  return readFileSync(new URL(`../vectors/${file}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Recorded);
}

export const latin1 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));
/** What a UTF-8 reader sees in recorded octets (U+FFFD for what is not UTF-8). */
export const utf8 = (s: string): string => Buffer.from(s, 'latin1').toString('utf8');

export const HOSTNAME = 'xclient-probe.localdomain';
const BANNER = `${HOSTNAME} ESMTP probe`;
const EXTENSIONS = ['PIPELINING', 'SIZE 10240000', 'VRFY', 'ETRN', 'ENHANCEDSTATUSCODES'];

/** The session of a recorded connection: the listener's settings, the real client. */
export function sessionOf(r: Recorded): XclientSession {
  return createXclientSession({
    client: { ADDR: '127.0.0.1', NAME: 'localhost', PORT: r.client_port },
    banner: BANNER,
    extensions: EXTENSIONS,
    authorizedHosts: r.server.authorized,
    forbidUnauthPipelining: r.server.forbid_unauth_pipelining,
  });
}

/** The probe server's recipients: its own domain accepted, anything else relay denied. */
function rcpt(line: string): SmtpCommand {
  const to = /<([^>]*)>/.exec(line)?.[1] ?? '';
  return to.endsWith(`@${HOSTNAME}`)
    ? { verb: 'RCPT' }
    : {
        verb: 'RCPT',
        reply: { code: 554, enhanced: '5.7.1', text: `<${to}>: Relay access denied` },
      };
}

/** A recorded line as a session event: XCLIENT and unknown lines go to applyXclient. */
function eventOf(line: string): SmtpCommand | undefined {
  const text = utf8(line);
  const verb = /^([A-Za-z]+)(?=[\s]|$)/.exec(text)?.[1]?.toUpperCase();
  const rest = text.slice(verb?.length ?? 0);
  switch (verb) {
    case 'HELO':
    case 'EHLO':
      return { verb, name: rest };
    case 'MAIL':
    case 'RSET':
    case 'DATA':
    case 'NOOP':
    case 'QUIT':
      return { verb };
    case 'RCPT':
      return rcpt(text);
    default:
      return undefined; // XCLIENT, and lines Postfix does not know (500, 221)
  }
}

/** One line through the session. */
export function replayLine(
  s: XclientSession,
  line: string,
  options: { readonly eol?: string; readonly pending?: boolean } = {},
): SessionStep {
  const event = eventOf(line);
  const pending = options.pending === true;
  return event === undefined
    ? applyXclient(s, latin1(line + (options.eol ?? '')), { profile: 'postfix', pending })
    : applyCommand(s, event, { pending });
}

/** The differences between a reply of the session and a recorded one ('' when they agree). */
export function compareReply(
  before: XclientSession,
  step: SessionStep,
  line: string,
  expected: RecordedReply,
): string[] {
  if (expected.code === null) {
    return before.closed ? [] : [`${line}: Postfix had hung up, the session had not`];
  }
  const { reply } = step;
  const out: string[] = [];
  if (reply.code !== expected.code || (reply.enhanced ?? null) !== expected.enhanced) {
    out.push(
      `${line}: ${reply.code} ${reply.enhanced ?? ''}, Postfix ${expected.code} ${expected.enhanced ?? ''}`,
    );
  }
  if (/^EHLO\b/i.test(line) && reply.code === 250) {
    const shown = (expected.text ?? '').split('\n').find((l) => l.startsWith('XCLIENT ')) ?? null;
    const ours = xclientKeyword(step.session) ?? null;
    if (shown !== ours) out.push(`${line}: announces ${ours}, Postfix ${shown}`);
  } else if (!/^(HELO|EHLO)\b/i.test(line) && expected.code !== 220) {
    const text = typeof reply.text === 'string' ? reply.text : reply.text.join('\n');
    if (text !== utf8(expected.text ?? '')) {
      out.push(`${line}: "${text}", Postfix "${utf8(expected.text ?? '')}"`);
    }
  }
  return out;
}

/** The differences between the session's identity and what Postfix logged. */
export function compareIdentity(s: XclientSession, identity: RecordedIdentity): string[] {
  const out: string[] = [];
  const check = (what: string, ours: unknown, theirs: unknown): void => {
    if (ours !== theirs) out.push(`${what}: ${String(ours)}, Postfix logged ${String(theirs)}`);
  };
  const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  check('logged client', s.loggedClient, utf8(identity.logged));
  check('proto', s.client.PROTO, identity.proto);
  check('helo', text(s.client.HELO), identity.helo === null ? null : utf8(identity.helo));
  check('login', text(s.client.LOGIN), identity.login === null ? null : utf8(identity.login));
  return out;
}

/** The four commands that read the identity, through the session too. */
function replayIdentify(s: XclientSession, identity: RecordedIdentity): [XclientSession, string[]] {
  const lines = [
    'MAIL FROM:<x@example.com>',
    `RCPT TO:<probe@${HOSTNAME}>`,
    'RCPT TO:<r@example.net>',
    'RSET',
  ];
  let session = s;
  const out: string[] = [];
  for (const [i, line] of lines.entries()) {
    const step = replayLine(session, line);
    if (step.reply.code !== identity.replies[i]) {
      out.push(`${line}: ${step.reply.code}, Postfix ${String(identity.replies[i])}`);
    }
    session = step.session;
  }
  return [session, out];
}

/** The outcome of a replay: every difference found, and the session at the end. */
export interface Replayed {
  readonly differences: readonly string[];
  readonly session: XclientSession;
  /** The session right after each step (before its identity was read). */
  readonly after: readonly XclientSession[];
  /** How many replies and identities were compared. */
  readonly compared: { readonly replies: number; readonly identities: number };
}

/** The EHLO (or HELO) a record sends after the greeting. */
function greet(r: Recorded, s: XclientSession, out: string[]): XclientSession {
  const ehlo = r.ehlo === undefined ? 'EHLO probe.example' : r.ehlo;
  if (ehlo === null) return s;
  const step = replayLine(s, ehlo);
  const ours = xclientKeyword(step.session) ?? null;
  if (/^EHLO/i.test(ehlo) && ours !== (r.ehlo_xclient ?? null)) {
    out.push(`${ehlo}: announces ${ours}, Postfix ${String(r.ehlo_xclient)}`);
  }
  return step.session;
}

/** Replays a recorded connection (a line, or its steps) and compares every reply and identity. */
export function replay(r: Recorded): Replayed {
  const out: string[] = [];
  const after: XclientSession[] = [];
  let replies = 0;
  let identities = 0;
  let s = greet(r, sessionOf(r), out);
  const steps: readonly RecordedStep[] = r.steps ?? [
    {
      send: r.line as string,
      ...(r.eol === undefined ? {} : { eol: r.eol }),
      replies: [{ code: r.code ?? null, enhanced: r.enhanced ?? null, text: r.text ?? null }],
      ...(r.identity === undefined ? {} : { identity: r.identity }),
    },
  ];
  for (const step of steps) {
    const lines = typeof step.send === 'string' ? [step.send] : step.send;
    for (const [i, line] of lines.entries()) {
      const expected = step.replies[i] ?? { code: null, enhanced: null, text: null };
      const pending = i < lines.length - 1;
      const result = replayLine(s, line, {
        ...(step.eol === undefined ? {} : { eol: step.eol }),
        pending,
      });
      out.push(...compareReply(s, result, line, expected));
      replies++;
      s = result.session;
    }
    after.push(s);
    if (step.identity) {
      out.push(...compareIdentity(s, step.identity));
      identities++;
      const [next, differences] = replayIdentify(s, step.identity);
      out.push(...differences);
      s = next;
    }
  }
  return { differences: out, session: s, after, compared: { replies, identities } };
}

export type { Reply };
