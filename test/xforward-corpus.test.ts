// Replays every single XFORWARD line of the recorded Postfix 3.7.11 corpus
// (test/vectors/xforward-postfix-3.7.11.jsonl, made by scripts/xforward-cases.mjs and
// scripts/xforward-probe.mjs) through parseXforward({ profile: 'postfix' }): verdict and
// exact reply. Lines sent into a session (unauthorized, in a transaction, after other
// commands) and the sequences are replayed through the session in
// test/xforward-session.test.ts. The corpus stores each line as one character per octet.
import { parseXforward } from 'smtp-xclient';
import { describe, expect, it } from 'vitest';
import { loadXforwardCorpus, octets, utf8, type XforwardCase } from './helpers/xforward-corpus.js';

const corpus = loadXforwardCorpus();
/** The lines Postfix read in an authorized, idle session: the reply is the parser's alone. */
const parserCases = corpus.filter(
  (c): c is XforwardCase & { line: string } =>
    c.line !== undefined && (c.context === 'auth' || c.context === 'noehlo') && c.pre === undefined,
);

describe('Postfix 3.7.11 XFORWARD corpus, lines of an authorized session', () => {
  it('has the cases it should: 400 lines and more, 100 sequences and more', () => {
    expect(parserCases.length).toBeGreaterThan(400);
    expect(corpus.filter((c) => c.line !== undefined).length).toBeGreaterThanOrEqual(400);
    expect(corpus.filter((c) => c.steps !== undefined).length).toBeGreaterThanOrEqual(100);
  });

  it.each(parserCases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const r = parseXforward(octets(c.line + (c.eol ?? '')), { profile: 'postfix' });
    if (c.code === 250) {
      expect(r.ok, r.ok ? '' : `${r.error.code}: ${r.error.message}`).toBe(true);
    } else {
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.reply).toEqual({
          code: c.code,
          ...(c.enhanced === null ? {} : { enhanced: c.enhanced }),
          text: utf8(c.text ?? ''),
        });
      }
    }
  });
});
