/**
 * The reports of `smtp-xclient conform` (src/cli/conform/render-*.ts), from one hand-made
 * run: the terminal summary and differences, the JSON shape of the issue
 * (`{ total, agree, categories: [{ id, name, total, agree }], cases: [...] }`), the
 * self-contained HTML page, and the progress line.
 */
import { describe, expect, it } from 'vitest';
import { escapeHtml, htmlReport } from '../src/cli/conform/render-html.js';
import { jsonReport } from '../src/cli/conform/render-json.js';
import { abbreviate, progressLine, textReport } from '../src/cli/conform/render-text.js';
import type { ConformReport, LineResult } from '../src/cli/conform/types.js';
import { type Reply, replyOctets } from '../src/index.js';

const line = (
  sent: string,
  expected: Reply,
  actual: Reply,
  differences: string[] = [],
): LineResult => ({
  sent,
  setup: false,
  expected: { reply: expected, octets: replyOctets(expected), closed: false },
  actual: { reply: { reply: actual, octets: replyOctets(actual) }, closed: false },
  status: differences.length === 0 ? 'agree' : 'differ',
  differences,
});
const GREETING: Reply = { code: 220, text: 'mx.example ESMTP' };
const EXPECTED: Reply = { code: 501, enhanced: '5.5.4', text: 'Error: attribute=value expected' };

const REPORT: ConformReport = {
  target: '127.0.0.1:2525',
  unauthorized: undefined,
  exact: false,
  total: 2,
  agree: 1,
  elapsed: 1234,
  categories: [
    {
      id: 'syntax',
      name: 'Syntax and tokenizing',
      total: 2,
      agree: 1,
      allowed: 0,
      differ: 1,
      skipped: 0,
    },
    {
      id: 'xforward',
      name: 'XFORWARD',
      total: 0,
      agree: 0,
      allowed: 0,
      differ: 0,
      skipped: 1,
      reason: 'the server does not announce XFORWARD to this client',
    },
  ],
  cases: [
    {
      id: 'syntax.lower-case-verb',
      category: 'syntax',
      title: 'the verb is case-insensitive',
      target: 'main',
      status: 'agree',
      lines: [line('xclient NAME=lower.example', GREETING, GREETING)],
    },
    {
      id: 'syntax.empty-value',
      category: 'syntax',
      title: 'an attribute with nothing after "="',
      target: 'main',
      status: 'differ',
      lines: [line('XCLIENT NAME=', EXPECTED, GREETING, ['code', 'enhanced', 'verdict'])],
    },
    {
      id: 'xforward.keyword',
      category: 'xforward',
      title: 'EHLO announces <XFORWARD>',
      target: 'main',
      status: 'skipped',
      reason: 'the server does not announce XFORWARD to this client',
      lines: [],
    },
  ],
};

describe('textReport', () => {
  it('shows the summary table, each difference with the line sent, expected and actual', () => {
    expect(textReport(REPORT)).toBe(
      [
        "smtp-xclient conform 127.0.0.1:2525: each reply compared with Postfix 3.7.11's",
        '',
        'category               cases  agree  allowed  differ  skipped',
        'Syntax and tokenizing      2      1        0       1        0  50 %',
        'XFORWARD                   0      0        0       0        1  skipped: the server does not announce XFORWARD to this client',
        'total                      2      1        0       1        1  50 %',
        '',
        'Differences:',
        'syntax.empty-value: an attribute with nothing after "="',
        '  sent:     XCLIENT NAME=',
        '  expected: 501 5.5.4 Error: attribute=value expected',
        '  actual:   220 mx.example ESMTP',
        '  differs:  code, enhanced, verdict',
        '',
        '1 of 2 cases differ (1.2 s)',
        '',
      ].join('\n'),
    );
  });
});

describe('jsonReport', () => {
  it('has the shape of the issue, each case with its lines', () => {
    const r = JSON.parse(jsonReport(REPORT)) as Record<string, unknown>;
    expect(r).toMatchObject({
      total: 2,
      agree: 1,
      categories: [
        { id: 'syntax', name: 'Syntax and tokenizing', total: 2, agree: 1 },
        { id: 'xforward', name: 'XFORWARD', total: 0, agree: 0 },
      ],
    });
    const cases = r.cases as Record<string, unknown>[];
    expect(cases.map((c) => [c.id, c.status])).toEqual([
      ['syntax.lower-case-verb', 'agree'],
      ['syntax.empty-value', 'differ'],
      ['xforward.keyword', 'skipped'],
    ]);
    expect(cases[1]?.lines).toEqual([
      {
        sent: 'XCLIENT NAME=',
        setup: false,
        status: 'differ',
        differences: ['code', 'enhanced', 'verdict'],
        expected: {
          code: 501,
          enhanced: '5.5.4',
          text: 'Error: attribute=value expected',
          closed: false,
        },
        actual: { code: 220, enhanced: null, text: 'mx.example ESMTP', closed: false },
      },
    ]);
    expect(cases[2]?.reason).toBe('the server does not announce XFORWARD to this client');
  });
});

describe('htmlReport', () => {
  const page = htmlReport(REPORT);

  it('is one self-contained page: inline style, no script, nothing to fetch', () => {
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).toContain('<style>');
    expect(page).not.toMatch(/<script|<link|<img|src=|href="http|url\(/i);
  });

  it('shows the summary and highlights the difference', () => {
    expect(page).toContain(
      '<p class="summary differ" id="summary">1 of 2 cases differ from Postfix 3.7.11</p>',
    );
    expect(page).toContain('<tr class="differ" id="case-syntax.empty-value">');
    expect(page).toContain('<div class="line differ">');
    expect(page).toContain('501 5.5.4 Error: attribute=value expected');
  });

  it('escapes what it shows', () => {
    expect(page).toContain('EHLO announces &#60;XFORWARD&#62;');
    expect(page).not.toContain('<XFORWARD>');
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      '&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;',
    );
  });
});

describe('abbreviate and progressLine', () => {
  it('shortens a long line to its start, a count and its end', () => {
    const long = `XCLIENT HELO=${'a'.repeat(255)}`;
    const short = abbreviate(long);
    expect(short).toBe(`${long.slice(0, 70)}…(${long.length - 90} more)…${long.slice(-20)}`);
    expect(abbreviate('XCLIENT NAME=x')).toBe('XCLIENT NAME=x');
  });

  it('rewrites one terminal line, and clears it at the end', () => {
    expect(progressLine(4, 182, 'syntax.empty-value')).toBe('\r\u001b[K[5/182] syntax.empty-value');
    expect(progressLine(182, 182, '')).toBe('\r\u001b[K');
  });
});
