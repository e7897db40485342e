/**
 * The terminal output of `smtp-xclient conform`: a progress line (on standard error, while
 * the run goes), a summary table per category, and each difference: the case, the line
 * sent, the reply expected and the reply that came.
 *
 * @packageDocumentation
 */

import { formatReply, type Reply } from '../../index.js';
import { printable } from '../render.js';
import type { CaseResult, ConformReport, LineResult, Observed, Predicted } from './types.js';

/** A long line shortened for display: its start, the number of octets left out, its end. */
export function abbreviate(text: string, max = 100): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max - 30);
  const tail = text.slice(-20);
  return `${head}…(${text.length - head.length - tail.length} more)…${tail}`;
}

/** The lines of a reply as sent (`250-…`), each made printable and shortened. */
export function replyLines(reply: Reply): string[] {
  return formatReply(reply)
    .replace(/\r\n$/, '')
    .split('\r\n')
    .map((line) => abbreviate(printable(line), 160));
}

/** What was expected: the lines of the reply, and whether the server hangs up after it. */
export function expectedLines(e: Predicted): string[] {
  const lines = replyLines(e.reply);
  if (e.closed) lines[lines.length - 1] += ' (and closes)';
  return lines;
}

/** What came: the lines of the reply, or why there is none. */
export function actualLines(a: Observed | undefined): string[] {
  if (a === undefined) return ['(not sent)'];
  if (a.reply === undefined) return [`(no reply: ${a.problem ?? 'closed'})`];
  const lines = replyLines(a.reply.reply);
  if (a.closed) lines[lines.length - 1] += ' (and closes)';
  return lines;
}

/** The progress line: rewritten in place on a terminal. */
export function progressLine(done: number, total: number, id: string): string {
  return done === total ? '\r\u001b[K' : `\r\u001b[K[${done + 1}/${total}] ${id}`;
}

const pct = (agree: number, total: number): string =>
  total === 0 ? '-' : `${Math.floor((agree * 1000) / total) / 10} %`;

/** The summary table. */
export function summaryTable(r: ConformReport): string {
  const rows = [
    ['category', 'cases', 'agree', 'allowed', 'differ', 'skipped', ''],
    ...r.categories.map((c) => [
      c.name,
      String(c.total),
      String(c.agree),
      String(c.allowed),
      String(c.differ),
      String(c.skipped),
      c.reason === undefined ? pct(c.agree, c.total) : `skipped: ${c.reason}`,
    ]),
  ];
  const sum = (key: 'allowed' | 'differ' | 'skipped'): string =>
    String(r.categories.reduce((n, c) => n + c[key], 0));
  rows.push([
    'total',
    String(r.total),
    String(r.agree),
    sum('allowed'),
    sum('differ'),
    sum('skipped'),
    pct(r.agree, r.total),
  ]);
  const widths =
    rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, i) =>
          i === 0 || i === row.length - 1
            ? cell.padEnd(widths[i] ?? 0)
            : cell.padStart(widths[i] ?? 0),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Lines after a label, the later ones indented as far. */
const labelled = (label: string, lines: readonly string[]): string[] =>
  lines.map((line, i) => `${i === 0 ? label : ' '.repeat(label.length)}${line}`);

/** The lines of a case that differ, each with the line sent, expected and actual. */
function caseLines(c: CaseResult, lines: readonly LineResult[]): string[] {
  const out = [`${c.id}: ${c.title}${c.status === 'allowed' ? ' (allowed)' : ''}`];
  for (const l of lines) {
    out.push(`  sent:     ${abbreviate(l.sent)}`);
    out.push(...labelled('  expected: ', expectedLines(l.expected)));
    out.push(...labelled('  actual:   ', actualLines(l.actual)));
    out.push(`  differs:  ${l.differences.join(', ')}`);
  }
  if (c.status === 'allowed' && c.reason !== undefined) out.push(`  allowed:  ${c.reason}`);
  return out;
}

/** The whole report for the terminal. */
export function textReport(r: ConformReport): string {
  const out = [
    `smtp-xclient conform ${r.target}${r.unauthorized === undefined ? '' : ` (unauthorized: ${r.unauthorized})`}: each reply compared with Postfix 3.7.11's${r.exact ? ', texts to the octet' : ''}`,
    '',
    summaryTable(r),
  ];
  const differing = r.cases.filter((c) => c.status === 'differ' || c.status === 'allowed');
  for (const status of ['differ', 'allowed'] as const) {
    const these = differing.filter((c) => c.status === status);
    if (these.length === 0) continue;
    out.push('', status === 'differ' ? 'Differences:' : 'Allowed differences:');
    for (const c of these) {
      out.push(
        ...caseLines(
          c,
          c.lines.filter((l) => l.status === 'differ'),
        ),
      );
    }
  }
  const skipped = r.cases.filter((c) => c.status === 'skipped');
  const categorySkipped = new Set(
    r.categories.filter((c) => c.reason !== undefined).map((c) => c.id),
  );
  const single = skipped.filter((c) => !categorySkipped.has(c.category));
  if (single.length > 0) {
    out.push('', 'Skipped:');
    for (const c of single) out.push(`${c.id}: ${c.reason ?? ''}`);
  }
  const allowed = r.categories.reduce((n, c) => n + c.allowed, 0);
  const verdict =
    r.agree === r.total
      ? `${r.agree} of ${r.total} cases agree${allowed > 0 ? ` (${allowed} allowed differences)` : ''}`
      : `${r.total - r.agree} of ${r.total} cases differ`;
  out.push('', `${verdict} (${(r.elapsed / 1000).toFixed(1)} s)`);
  return `${out.join('\n')}\n`;
}
