/**
 * The conformance suite's table of cases (src/cli/conform/cases): stable, well-formed IDs,
 * no empty category, every case judging something, every allowed difference quoting the
 * protocol document; and the predictions of the single-line cases that Postfix 3.7.11 was
 * recorded answering (test/vectors/postfix-3.7.11.jsonl, context "auth") equal its replies.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../src/cli/conform/cases/index.js';
import { openingSession, predictLine } from '../src/cli/conform/predict.js';
import type { ConformCase, ConformStep } from '../src/cli/conform/types.js';

const CASES = CATEGORIES.flatMap((category) => category.cases.map((c) => ({ category, c })));
const stepsOf = (c: ConformCase): ConformStep[] =>
  c.steps.map((s) => (typeof s === 'object' && 'send' in s ? s : { send: s }));

/** The categories the issue names, in the order of the report. */
const CATEGORY_IDS = [
  'ehlo',
  'syntax',
  'xtext',
  'values',
  'limits',
  'replies',
  'state',
  'reset',
  'reauth',
  'pipelining',
  'xforward',
];

describe('the case table', () => {
  it('has the categories of the issue, each with cases and a name', () => {
    expect(CATEGORIES.map((c) => c.id)).toEqual(CATEGORY_IDS);
    for (const category of CATEGORIES) {
      expect(category.cases.length, category.id).toBeGreaterThan(0);
      expect(category.name, category.id).not.toBe('');
    }
  });

  it('has unique IDs of the form category.name, each in its own category', () => {
    const ids = CASES.map(({ c }) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { category, c } of CASES) {
      expect(c.id).toMatch(/^[a-z]+\.[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(c.id.split('.')[0], c.id).toBe(category.id);
      expect(c.title, c.id).not.toBe('');
    }
  });

  it('judges at least one line in every case', () => {
    for (const { c } of CASES) {
      expect(
        stepsOf(c).some((s) => s.setup !== true),
        c.id,
      ).toBe(true);
    }
  });

  it('never sends DATA, nor a line with CR or LF (one line is one command)', () => {
    for (const { c } of CASES) {
      for (const step of stepsOf(c)) {
        const lines = Array.isArray(step.send) ? step.send : [step.send];
        for (const line of lines) {
          const octets = typeof line === 'string' ? new TextEncoder().encode(line) : line;
          expect(octets.includes(0x0d) || octets.includes(0x0a), c.id).toBe(false);
          expect(new TextDecoder().decode(octets), c.id).not.toMatch(/^\s*data\b/i);
        }
      }
    }
  });

  it('quotes the protocol document for every allowed difference', () => {
    const docs = ['XCLIENT_README', 'XFORWARD_README'];
    for (const { c } of CASES) {
      if (c.allowed === undefined) continue;
      expect(
        docs.some((d) => c.allowed?.startsWith(d)),
        c.id,
      ).toBe(true);
      expect(c.allowed, c.id).toMatch(/"[^"]+"/);
    }
  });

  it("keeps Postfix's error count per connection far below its tarpit (smtpd_soft_error_limit 10)", () => {
    const most = Math.max(
      ...CASES.map(({ c }) => {
        let session = openingSession({
          banner: 'mx.example ESMTP',
          address: '127.0.0.1',
          port: 40000,
          authorizedHosts: ['127.0.0.0/8'],
          xforward: true,
          target: c.target ?? 'main',
        });
        let errors = 0;
        const lines = [
          ...(c.ehlo === false ? [] : ['EHLO conform.example']),
          ...stepsOf(c).flatMap((s) => (Array.isArray(s.send) ? s.send : [s.send])),
        ];
        for (const line of lines) {
          const next = predictLine(session, line as string | Uint8Array, false);
          if (next.reply.code >= 400) errors++;
          session = next.session;
        }
        return errors;
      }),
    );
    expect(most).toBeLessThanOrEqual(2);
  });

  it('sends the unauthorized target only cases of the re-authorization category', () => {
    const elsewhere = CASES.filter(
      ({ category, c }) => c.target === 'unauthorized' && category.id !== 'reauth',
    );
    expect(elsewhere).toEqual([]);
  });
});

// -------------------------------------------------------------------------------------------
// The prediction against the recorded corpus

interface CorpusLine {
  readonly line: string;
  readonly context: string;
  readonly code: number;
  readonly enhanced: string | null;
  readonly text: string;
}

const corpus = readFileSync(new URL('vectors/postfix-3.7.11.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l !== '')
  .map((l) => JSON.parse(l) as CorpusLine)
  .filter((r) => r.context === 'auth');

const latin1 = (line: string | Uint8Array): string =>
  typeof line === 'string'
    ? Buffer.from(line, 'utf8').toString('latin1')
    : Buffer.from(line).toString('latin1');

describe('the predictions of single-line cases that Postfix 3.7.11 answered on record', () => {
  const recorded = CASES.flatMap(({ c }) => {
    const steps = stepsOf(c);
    const only =
      steps.length === 1 && c.ehlo !== false && c.target === undefined ? steps[0] : undefined;
    if (only === undefined || Array.isArray(only.send)) return [];
    const sent = latin1(only.send as string | Uint8Array);
    const r = corpus.find((x) => x.line === sent);
    return r === undefined ? [] : [[c.id, only.send as string | Uint8Array, r] as const];
  });

  it('covers a good part of the suite', () => {
    expect(recorded.length).toBeGreaterThanOrEqual(40);
  });

  it.each(recorded)('%s', (_, line, r) => {
    const banner = 'xclient-probe.localdomain ESMTP probe';
    const opening = openingSession({
      banner,
      address: '127.0.0.1',
      port: 40000,
      authorizedHosts: ['127.0.0.0/8', '[::1]/128'],
      xforward: false,
      target: 'main',
    });
    const ehlo = predictLine(opening, 'EHLO conform.example', false).session;
    const { reply } = predictLine(ehlo, line, false);
    const text = Buffer.from(r.text, 'latin1').toString('utf8');
    expect({ code: reply.code, enhanced: reply.enhanced ?? null, text: reply.text }).toEqual({
      code: r.code,
      enhanced: r.enhanced,
      text,
    });
  });
});
