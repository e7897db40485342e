/**
 * Would a client's conversation break on Postfix 3.9? From 3.9, `smtpd_forbid_unauth_pipelining
 * = yes` is the default: a client that sends more before it has read the reply it must wait
 * for gets `554 5.5.0 Error: SMTP protocol synchronization` and is disconnected. After
 * XCLIENT that means: each XCLIENT line alone, and the EHLO only after the 220.
 *
 * {@link findPipeliningHazards} replays the writes of a conversation through the server
 * session with that setting (its rules are data there: docs/spec/postfix.md §14).
 *
 * @see docs/spec/postfix.md §14; Postfix 3.9 RELEASE_NOTES (smtpd_forbid_unauth_pipelining)
 * @packageDocumentation
 */

import { isString, ownElements } from '../input.js';
import { asciiUpper } from '../octets.js';
import { applyCommand } from '../server/commands.js';
import { applyXclient, createXclientSession } from '../server/session.js';
import { next, PIPELINING } from '../server/state.js';
import type { SessionStep, SmtpCommand, XclientSession } from '../server/types.js';
import { optionError } from './options.js';

/**
 * A line that Postfix 3.9 would refuse, with where it was sent.
 * @example
 * ```ts
 * const h: PipeliningHazard = { write: 0, line: 0, command: 'XCLIENT NAME=a.example', reason: '…' };
 * ```
 * @remarks Since 0.1.0
 */
export interface PipeliningHazard {
  /** The index of the write (the lines sent in one go). */
  readonly write: number;
  /** The index of the line in that write. */
  readonly line: number;
  /** The line itself. */
  readonly command: string;
  /** Why Postfix refuses it, for a person. */
  readonly reason: string;
}

/** A line of a client's conversation as a session event; undefined for XCLIENT and others. */
function eventOf(line: string): SmtpCommand | undefined {
  // No first word: any string that is no verb below would do as well as ''.
  // Stryker disable next-line StringLiteral: see above
  const verb = asciiUpper(/^([A-Za-z]+)(?=\s|$)/.exec(line)?.[1] ?? '');
  // The name is no part of the verdict, only whether it is empty: `line.trim()` for
  // `line.slice(4).trim()` is never empty either (it starts with the verb).
  // Stryker disable next-line MethodExpression: see above
  if (verb === 'HELO' || verb === 'EHLO') return { verb, name: line.slice(4).trim() || 'x' };
  if (verb === 'MAIL' || verb === 'RCPT' || verb === 'DATA' || verb === 'RSET') return { verb };
  if (verb === 'NOOP' || verb === 'QUIT') return { verb };
  return undefined;
}

/** Why the session refused `line` with more behind it. */
function reasonOf(before: XclientSession, line: string): string {
  // /^\S*/ matches every string, at 0 (maybe empty): exec is never null, and without the
  // anchor its first match is the same one.
  // Stryker disable next-line OptionalChaining,Regex,StringLiteral: see above
  const verb = asciiUpper(/^\S*/.exec(line)?.[0] ?? '');
  if (verb === 'XCLIENT' && before.client.PROTO === 'ESMTP') {
    return 'sent more before the 220 of XCLIENT: Postfix 3.9 answers 554 5.5.0 instead of the 220 and disconnects; send each XCLIENT line alone, and EHLO after its 220';
  }
  if ((PIPELINING.lastInGroup as readonly string[]).includes(verb)) {
    return `sent more behind ${verb}, which must end a pipelined group: Postfix 3.9 answers 554 5.5.0 and disconnects`;
  }
  return `sent more behind ${verb} while the protocol is ${before.client.PROTO} (no EHLO since the greeting or the last XCLIENT): Postfix 3.9 answers 554 5.5.0 and disconnects`;
}

/**
 * The lines of a client's conversation that Postfix 3.9 (`smtpd_forbid_unauth_pipelining =
 * yes`) would answer with `554 5.5.0 Error: SMTP protocol synchronization` and a hang-up,
 * given what the client wrote in each go (each inner array: lines written together, before
 * reading any reply). Every command is taken to succeed, XCLIENT included (an XCLIENT that
 * fails is no greeting and nothing behind it is refused). Postfix 3.7 (default `no`) answers
 * such a conversation normally: this tells whether it will still work on 3.9.
 *
 * @param writes - the client's writes, in order, after the server's greeting.
 * @returns the lines Postfix 3.9 would refuse, in order; empty when none.
 * @example
 * ```ts
 * findPipeliningHazards([['EHLO proxy.example'], ['XCLIENT NAME=a.example'], ['EHLO a.example']])
 * //=> []
 * findPipeliningHazards([['EHLO proxy.example'], ['XCLIENT NAME=a.example', 'EHLO a.example']])
 * //=> [{ write: 1, line: 0, command: 'XCLIENT NAME=a.example', reason: '…' }]
 * ```
 * @see docs/spec/postfix.md §14
 * @remarks Since 0.1.0
 */
export function findPipeliningHazards(
  writes: readonly (readonly string[])[],
): readonly PipeliningHazard[] {
  let s = createXclientSession({
    isAuthorized: () => true,
    forbidUnauthPipelining: true,
  });
  const hazards: PipeliningHazard[] = [];
  // Own elements only, each write an array of strings: anything else is OPTION_INVALID.
  const given = ownElements(writes, 'writes', optionError, Array.isArray, 'array of lines');
  for (const [w, write] of given.entries()) {
    const lines = ownElements(write, `writes[${w}]`, optionError, isString, 'string');
    for (const [i, line] of lines.entries()) {
      const pending = i < lines.length - 1;
      const event = eventOf(line);
      const step: SessionStep =
        event === undefined
          ? applyXclient(s, line, { profile: 'postfix', pending })
          : applyCommand(s, event, { pending });
      if (step.reply === PIPELINING.reply) {
        hazards.push(
          Object.freeze({ write: w, line: i, command: line, reason: reasonOf(s, line) }),
        );
      }
      // Go on as if the server had not hung up, to find every hazard.
      s = step.session.closed ? next(step.session, { closed: false }) : step.session;
    }
  }
  return Object.freeze(hazards);
}
