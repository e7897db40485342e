/**
 * The judge of a conformance run: does a reply agree with the prediction? By default the
 * reply code, the enhanced code and the verdict (the reply's class, and whether the server
 * hung up after it) must match, and an EHLO reply must announce XCLIENT and XFORWARD when
 * the prediction does (and, in the cases that check it, the same attribute names). With
 * `exact`, the reply's octets must match too. A setup step is judged by its class alone.
 *
 * @packageDocumentation
 */

import { parseXclientKeyword, parseXforwardKeyword, type Reply } from '../../index.js';
import type { CaseStatus, ConformCase, LineResult, Observed, Predicted } from './types.js';

/** How a line is judged. */
export interface JudgeOptions {
  /** Compare the reply octets too (`--exact`). */
  readonly exact: boolean;
  /** A setup step: only the class of the reply counts. */
  readonly setup: boolean;
  /** Compare the attribute names an EHLO reply announces for this verb. */
  readonly names: 'XCLIENT' | 'XFORWARD' | undefined;
}

/** The lines of a reply's text. */
const linesOf = (reply: Reply): readonly string[] =>
  typeof reply.text === 'string' ? [reply.text] : reply.text;

/** A keyword line of each verb in an EHLO reply. */
const KEYWORD_LINE = { XCLIENT: /^XCLIENT(?:\s|$)/i, XFORWARD: /^XFORWARD(?:\s|$)/i } as const;

/** The names a keyword line of an EHLO reply announces, sorted; undefined when it is absent. */
function announced(reply: Reply, verb: 'XCLIENT' | 'XFORWARD'): string | undefined {
  if (reply.code !== 250) return undefined;
  const line = linesOf(reply).find((l) => KEYWORD_LINE[verb].test(l));
  if (line === undefined) return undefined;
  const r = verb === 'XCLIENT' ? parseXclientKeyword(line) : parseXforwardKeyword(line);
  return r.ok ? [...r.value.names].sort().join(' ') : line;
}

/** What differs in the keyword lines of two EHLO replies. */
function keywordDifference(expected: Reply, actual: Reply, names: JudgeOptions['names']): boolean {
  for (const verb of ['XCLIENT', 'XFORWARD'] as const) {
    const e = announced(expected, verb);
    const a = announced(actual, verb);
    if ((e === undefined) !== (a === undefined)) return true;
    if (names === verb && e !== a) return true;
  }
  return false;
}

/** Whether two octet strings are equal. */
function sameOctets(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((o, i) => o === b[i]);
}

const classOf = (code: number): number => Math.floor(code / 100);

/**
 * What differs between the prediction and the reply: `reply` (none came), `code`,
 * `enhanced`, `verdict`, `keyword`, `text`. Empty when they agree.
 */
export function differences(
  expected: Predicted,
  actual: Observed,
  ehlo: boolean,
  options: JudgeOptions,
): string[] {
  const got = actual.reply?.reply;
  if (got === undefined) return ['reply'];
  const want = expected.reply;
  if (options.setup) return classOf(got.code) === classOf(want.code) ? [] : ['code'];
  const out: string[] = [];
  if (got.code !== want.code) out.push('code');
  if ((got.enhanced ?? null) !== (want.enhanced ?? null)) out.push('enhanced');
  if (classOf(got.code) !== classOf(want.code) || actual.closed !== expected.closed) {
    out.push('verdict');
  }
  if (ehlo && got.code === 250 && want.code === 250) {
    if (keywordDifference(want, got, options.names)) out.push('keyword');
  }
  if (options.exact && !sameOctets(actual.reply?.octets ?? new Uint8Array(), expected.octets)) {
    out.push('text');
  }
  return out;
}

/** A case's status from its lines: any difference makes it `differ`, or `allowed`. */
export function caseStatus(c: ConformCase, lines: readonly LineResult[]): CaseStatus {
  if (lines.every((l) => l.status === 'agree')) return 'agree';
  return c.allowed === undefined ? 'differ' : 'allowed';
}
