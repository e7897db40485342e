/**
 * What Postfix 3.7.11 would answer: each line of a case goes through the library's server
 * session (`createXclientSession`, `applyXclient`, `applyXforward`, `applyCommand`) under
 * the 'postfix' profile, set up as the server under test introduced itself (its greeting,
 * its host name, the other lines of its EHLO reply). Pure: no I/O.
 *
 * @packageDocumentation
 */

import { formatReply, type Reply, replyOctets } from '../../index.js';
import {
  applyCommand,
  applyXclient,
  applyXforward,
  createXclientSession,
  type SessionStep,
  type SmtpCommand,
  type XclientSession,
  xclientKeyword,
  xforwardKeyword,
} from '../../server/index.js';
import type { ConformLine, ConformTarget, Predicted } from './types.js';

/** What the run learned of the server, and what the prediction assumes of its policy. */
export interface ServerFacts {
  /** The first line of the greeting's text: the banner a successful XCLIENT repeats. */
  readonly banner: string;
  /** The client's address and port as the server sees them (this end of the socket). */
  readonly address: string;
  readonly port: number;
  /** The networks and names the server authorizes for XCLIENT (`--authorized-hosts`). */
  readonly authorizedHosts: readonly string[];
  /** Whether the server announced XFORWARD to this client at connect. */
  readonly xforward: boolean;
  readonly target: ConformTarget;
}

const LATIN1 = new TextDecoder('latin1');
const UTF8 = new TextDecoder('utf-8');

/** The verb of a line: its first word (after leading blanks), upper case; '' for none. */
export function verbOf(line: ConformLine): string {
  const text = typeof line === 'string' ? line : LATIN1.decode(line);
  return /^[\t\v\f ]*([A-Za-z]+)(?=[\t\v\f ]|$)/.exec(text)?.[1]?.toUpperCase() ?? '';
}

/** The other commands the session models, by verb. */
const COMMANDS: Readonly<Record<string, (rest: string) => SmtpCommand>> = {
  HELO: (rest) => ({ verb: 'HELO', name: rest }),
  EHLO: (rest) => ({ verb: 'EHLO', name: rest }),
  MAIL: () => ({ verb: 'MAIL' }),
  RSET: () => ({ verb: 'RSET' }),
  NOOP: () => ({ verb: 'NOOP' }),
  QUIT: () => ({ verb: 'QUIT' }),
};

/** The session of a new connection to the server, as Postfix 3.7 would keep it. */
export function openingSession(facts: ServerFacts): XclientSession {
  const main = facts.target === 'main';
  return createXclientSession({
    client: { ADDR: facts.address, PORT: facts.port },
    banner: facts.banner,
    hostname: facts.banner.split(' ')[0] || 'localhost',
    authorizedHosts: main ? facts.authorizedHosts : [],
    isXforwardAuthorized: () => main && facts.xforward,
  });
}

/**
 * One line through the session: the reply Postfix would give and the session after it.
 * `pending`: more lines were sent in the same write.
 */
export function predictLine(
  session: XclientSession,
  line: ConformLine,
  pending: boolean,
): SessionStep {
  const verb = verbOf(line);
  if (verb === 'XFORWARD') return applyXforward(session, line, { profile: 'postfix' });
  const command = COMMANDS[verb];
  if (command === undefined) return applyXclient(session, line, { profile: 'postfix', pending });
  const text = typeof line === 'string' ? line : UTF8.decode(line);
  const rest = text.replace(/^[\t\v\f ]*[A-Za-z]+[\t\v\f ]*/, '');
  return applyCommand(session, command(rest), { pending });
}

/** Whether an EHLO reply line is a keyword line of XCLIENT or XFORWARD. */
const KEYWORD = /^(XCLIENT|XFORWARD)(?:\s|$)/i;

/**
 * The EHLO reply the server would give in the session: its own reply (`template`, the lines
 * of the first EHLO reply of the connection) with the XCLIENT and XFORWARD keyword lines as
 * the session announces them: in their place, dropped, or added at the end.
 */
export function ehloReply(session: XclientSession, template: readonly string[]): Reply {
  const wanted: Record<string, string | undefined> = {
    XCLIENT: xclientKeyword(session),
    XFORWARD: xforwardKeyword(session),
  };
  const lines: string[] = [];
  for (const line of template) {
    const keyword = KEYWORD.exec(line)?.[1]?.toUpperCase();
    if (keyword === undefined) lines.push(line);
    else {
      const replacement = wanted[keyword];
      if (replacement !== undefined) lines.push(replacement);
      delete wanted[keyword];
    }
  }
  for (const rest of Object.values(wanted)) if (rest !== undefined) lines.push(rest);
  return { code: 250, text: lines.length === 1 ? (lines[0] as string) : lines };
}

/**
 * The prediction for a line: its reply (an EHLO reply in the server's own form, when there
 * is a template), the octets of that reply, and whether the server hangs up after it.
 */
export function predicted(
  line: ConformLine,
  step: SessionStep,
  template: readonly string[] | undefined,
): Predicted {
  const isEhlo = verbOf(line) === 'EHLO' && step.reply.code === 250;
  const reply = isEhlo && template !== undefined ? ehloReply(step.session, template) : step.reply;
  const octets = isEhlo ? new TextEncoder().encode(formatReply(reply)) : replyOctets(reply);
  return { reply, octets, closed: step.session.closed };
}
