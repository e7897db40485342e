/**
 * The data of `smtp-xclient conform`: a case (the lines to send, as data), a category of
 * cases, and what a run found for each case.
 *
 * @packageDocumentation
 */

import type { Reply } from '../../index.js';

/** A line to send, without its CR LF: text (sent as UTF-8) or raw octets. */
export type ConformLine = string | Uint8Array;

/**
 * One step of a case: a line, or lines sent in one write (pipelined). A `setup` step only
 * prepares the state (MAIL FROM before an XCLIENT that must get 503, say): its reply is
 * judged by its class alone (2xx, 4xx, 5xx), since a server's own policy decides it.
 */
export interface ConformStep {
  readonly send: ConformLine | readonly ConformLine[];
  readonly setup?: true;
}

/** Which server a case talks to: the one under test, or the `--unauthorized` one. */
export type ConformTarget = 'main' | 'unauthorized';

/**
 * A case: a fresh connection, its greeting, `EHLO conform.example` (unless `ehlo: false`),
 * the steps in order, QUIT. Its ID (`category.name`) is stable: reports and tests name it.
 */
export interface ConformCase {
  readonly id: string;
  /** What the case checks, in a few words. */
  readonly title: string;
  readonly steps: readonly (ConformLine | ConformStep)[];
  /** Skip the EHLO at the start (the case starts before any greeting command). */
  readonly ehlo?: false;
  /**
   * Judge the attribute names the EHLO reply announces for this verb (otherwise only whether
   * it announces XCLIENT and XFORWARD at all).
   */
  readonly names?: 'XCLIENT' | 'XFORWARD';
  /** @defaultValue 'main' */
  readonly target?: ConformTarget;
  /**
   * Where the protocol document leaves the server a choice: the passage that allows it. A
   * difference in such a case is reported as "allowed", not counted against the server.
   */
  readonly allowed?: string;
}

/** What a category needs of the server, else it is skipped. */
export type ConformNeed = 'XCLIENT' | 'XFORWARD' | 'PIPELINING';

/** A category: a stable ID, a name, what it needs, its cases. */
export interface ConformCategory {
  readonly id: string;
  readonly name: string;
  readonly needs: readonly ConformNeed[];
  readonly cases: readonly ConformCase[];
}

/** A reply as read off the wire: parsed, with its lines' octets (CR LF after each). */
export interface ObservedReply {
  readonly reply: Reply;
  readonly octets: Uint8Array;
}

/**
 * What one line got: the reply (or none, when the connection ended or timed out first) and
 * whether the server closed the connection after it.
 */
export interface Observed {
  readonly reply: ObservedReply | undefined;
  readonly closed: boolean;
  /** Why there is no reply: `closed`, `timeout`, a malformed reply. */
  readonly problem?: string;
}

/** What Postfix 3.7 would answer: the reply, its octets, and whether it hangs up after it. */
export interface Predicted {
  readonly reply: Reply;
  readonly octets: Uint8Array;
  readonly closed: boolean;
}

/** How a line fared: same answer, a difference, or not sent (an earlier step ended the case). */
export type LineStatus = 'agree' | 'differ' | 'not-sent';

/** One line of a case, what it should get and what it got. */
export interface LineResult {
  /** The line as sent, printable. */
  readonly sent: string;
  readonly setup: boolean;
  readonly expected: Predicted;
  readonly actual: Observed | undefined;
  readonly status: LineStatus;
  /** What differs: `code`, `enhanced`, `verdict`, `keyword`, `text`. */
  readonly differences: readonly string[];
}

/**
 * How a case fared: `agree`; `allowed` (a difference the protocol document allows);
 * `differ`; `skipped` (with the reason).
 */
export type CaseStatus = 'agree' | 'allowed' | 'differ' | 'skipped';

/** The result of one case. */
export interface CaseResult {
  readonly id: string;
  readonly category: string;
  readonly title: string;
  readonly target: ConformTarget;
  readonly status: CaseStatus;
  /** Why it was skipped, or the passage that allows the difference. */
  readonly reason?: string;
  readonly lines: readonly LineResult[];
}

/** A category's tally. */
export interface CategoryResult {
  readonly id: string;
  readonly name: string;
  /** Cases judged (not skipped). */
  readonly total: number;
  /** Cases that agree, allowed differences included. */
  readonly agree: number;
  readonly allowed: number;
  readonly differ: number;
  readonly skipped: number;
  /** Why the whole category was skipped. */
  readonly reason?: string;
}

/** The report of a run. */
export interface ConformReport {
  readonly target: string;
  readonly unauthorized: string | undefined;
  readonly exact: boolean;
  readonly total: number;
  readonly agree: number;
  readonly categories: readonly CategoryResult[];
  readonly cases: readonly CaseResult[];
  /** Milliseconds the run took. */
  readonly elapsed: number;
}
