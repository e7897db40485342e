/**
 * The JSON report of `smtp-xclient conform --json`:
 * `{ total, agree, categories: [{ id, name, total, agree, … }], cases: [...] }`, each case
 * with its lines, what each should get and what it got.
 *
 * @packageDocumentation
 */

import { json } from '../render.js';
import type { ConformReport, LineResult, Observed, Predicted } from './types.js';

const replyData = (r: Predicted['reply']) => ({
  code: r.code,
  enhanced: r.enhanced ?? null,
  text: r.text,
});

function actualData(a: Observed | undefined) {
  if (a === undefined) return null;
  if (a.reply === undefined)
    return { reply: null, problem: a.problem ?? 'closed', closed: a.closed };
  return { ...replyData(a.reply.reply), closed: a.closed };
}

const lineData = (l: LineResult) => ({
  sent: l.sent,
  setup: l.setup,
  status: l.status,
  differences: l.differences,
  expected: { ...replyData(l.expected.reply), closed: l.expected.closed },
  actual: actualData(l.actual),
});

/** The report as one JSON object. */
export function jsonReport(r: ConformReport): string {
  return json({
    command: 'conform',
    target: r.target,
    unauthorized: r.unauthorized ?? null,
    exact: r.exact,
    total: r.total,
    agree: r.agree,
    elapsed: r.elapsed,
    categories: r.categories,
    cases: r.cases.map((c) => ({
      id: c.id,
      category: c.category,
      title: c.title,
      target: c.target,
      status: c.status,
      ...(c.reason === undefined ? {} : { reason: c.reason }),
      lines: c.lines.map(lineData),
    })),
  });
}
