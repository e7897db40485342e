/**
 * The HTML report of `smtp-xclient conform --html FILE`: one self-contained page (inline
 * CSS, no script, nothing fetched), viewable offline: the summary, a table per category,
 * and the differences highlighted, each with the line sent, the reply expected and the
 * reply that came.
 *
 * @packageDocumentation
 */

import { abbreviate, actualLines, expectedLines } from './render-text.js';
import type { CaseResult, CategoryResult, ConformReport, LineResult } from './types.js';

/** Text made safe for HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em; color: #1b1b1b; background: #fff; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; }
h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: 0.5em 0; width: 100%; }
th, td { border: 1px solid #d0d0d0; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
code, pre { font: 12px/1.4 ui-monospace, monospace; white-space: pre-wrap; word-break: break-all; }
.summary { font-size: 1.3em; font-weight: bold; padding: 0.5em 0.8em; border-radius: 4px; display: inline-block; }
.summary.agree { background: #dff3df; color: #14532d; }
.summary.differ { background: #fde2e1; color: #7f1d1d; }
tr.differ td { background: #fde2e1; }
tr.allowed td { background: #fff4d6; }
tr.skipped td { color: #777; background: #f7f7f7; }
.status { font-weight: bold; text-transform: uppercase; font-size: 0.85em; }
.differ .status { color: #b91c1c; }
.allowed .status { color: #92400e; }
.agree .status { color: #166534; }
.meta { color: #555; }
div.line { margin: 0.2em 0 0.6em; padding-left: 0.5em; border-left: 3px solid #cfe8cf; }
div.line.differ { border-left-color: #b91c1c; }
div.line.differ .reply:nth-child(3) code { background: #fbc7c4; }
tr.allowed div.line.differ { border-left-color: #d97706; }
tr.allowed div.line.differ .reply:nth-child(3) code { background: #fde68a; }
div.reply { display: flex; gap: 0.5em; }
span.label { flex: 0 0 5.5em; color: #555; font-size: 0.85em; }
`;

const pct = (agree: number, total: number): string =>
  total === 0 ? '–' : `${Math.floor((agree * 1000) / total) / 10} %`;

function summaryRows(categories: readonly CategoryResult[]): string {
  return categories
    .map((c) => {
      const cls = c.differ > 0 ? 'differ' : c.total === 0 ? 'skipped' : 'agree';
      const last =
        c.reason === undefined ? pct(c.agree, c.total) : `skipped: ${escapeHtml(c.reason)}`;
      return `<tr class="${cls}"><td><a href="#${c.id}">${escapeHtml(c.name)}</a></td><td class="n">${c.total}</td><td class="n">${c.agree}</td><td class="n">${c.allowed}</td><td class="n">${c.differ}</td><td class="n">${c.skipped}</td><td>${last}</td></tr>`;
    })
    .join('\n');
}

/** A reply's lines in a labelled block. */
const replyBlock = (label: string, lines: readonly string[]): string =>
  `<div class="reply"><span class="label">${label}</span><code>${lines.map(escapeHtml).join('<br>')}</code></div>`;

/** The lines of a case (setup lines only when they differ): sent, expected, received. */
function lineCells(lines: readonly LineResult[]): string {
  return lines
    .filter((l) => !l.setup || l.status === 'differ')
    .map((l) => {
      const differs =
        l.differences.length > 0
          ? `<div class="meta">differs: ${escapeHtml(l.differences.join(', '))}</div>`
          : '';
      return `<div class="line ${l.status}">${replyBlock('sent', [abbreviate(l.sent)])}${replyBlock('expected', expectedLines(l.expected))}${replyBlock('received', actualLines(l.actual))}${differs}</div>`;
    })
    .join('\n');
}

function caseRow(c: CaseResult): string {
  const detail =
    c.status === 'skipped'
      ? escapeHtml(c.reason ?? '')
      : `${lineCells(c.lines)}${c.status === 'allowed' ? `<div class="meta">allowed: ${escapeHtml(c.reason ?? '')}</div>` : ''}`;
  return `<tr class="${c.status}" id="case-${c.id}"><td><code>${escapeHtml(c.id)}</code><br>${escapeHtml(c.title)}</td><td class="status">${c.status}</td><td>${detail}</td></tr>`;
}

function categorySection(category: CategoryResult, cases: readonly CaseResult[]): string {
  const own = cases.filter((c) => c.category === category.id);
  return `<h2 id="${category.id}">${escapeHtml(category.name)} <span class="meta">(${category.agree} of ${category.total} agree${category.skipped > 0 ? `, ${category.skipped} skipped` : ''})</span></h2>
<table><thead><tr><th style="width:28%">case</th><th style="width:7%">status</th><th>line sent, reply expected (Postfix 3.7.11), reply received</th></tr></thead>
<tbody>
${own.map(caseRow).join('\n')}
</tbody></table>`;
}

/** The report as a self-contained HTML page. */
export function htmlReport(r: ConformReport): string {
  const ok = r.agree === r.total;
  const differ = r.cases.filter((c) => c.status === 'differ');
  const headline = ok
    ? `${r.agree} of ${r.total} cases agree with Postfix 3.7.11`
    : `${differ.length} of ${r.total} cases differ from Postfix 3.7.11`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>smtp-xclient conform ${escapeHtml(r.target)}</title>
<style>${STYLE}</style></head>
<body>
<h1>smtp-xclient conform ${escapeHtml(r.target)}</h1>
<p class="meta">${r.unauthorized === undefined ? 'no unauthorized target' : `unauthorized target ${escapeHtml(r.unauthorized)}`} · ${r.exact ? 'reply texts compared to the octet' : 'reply code, enhanced code and verdict compared'} · ${(r.elapsed / 1000).toFixed(1)} s</p>
<p class="summary ${ok ? 'agree' : 'differ'}" id="summary">${headline}</p>
${differ.length === 0 ? '' : `<p>Differences: ${differ.map((c) => `<a href="#case-${c.id}"><code>${escapeHtml(c.id)}</code></a>`).join(', ')}</p>`}
<table><thead><tr><th>category</th><th>cases</th><th>agree</th><th>allowed</th><th>differ</th><th>skipped</th><th></th></tr></thead>
<tbody>
${summaryRows(r.categories)}
<tr><th>total</th><th class="n">${r.total}</th><th class="n">${r.agree}</th><th class="n">${r.categories.reduce((n, c) => n + c.allowed, 0)}</th><th class="n">${differ.length}</th><th class="n">${r.categories.reduce((n, c) => n + c.skipped, 0)}</th><th>${pct(r.agree, r.total)}</th></tr>
</tbody></table>
${r.categories.map((c) => categorySection(c, r.cases)).join('\n')}
</body></html>
`;
}
