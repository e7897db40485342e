// Replays every auth/auth6 line of the recorded Postfix 3.7.11 corpus through
// parseXclient({ profile: 'postfix' }): the verdict and the exact reply must agree.
// The corpus stores each line as one character per octet (latin1), so the line is fed as
// the octets Postfix received, and Postfix's reply text is read back as UTF-8 octets.
import { readFileSync } from 'node:fs';
import { parseXclient } from 'smtp-xclient';
import { describe, expect, it } from 'vitest';

interface Case {
  readonly id: string;
  readonly line: string;
  readonly context: string;
  readonly code: number;
  readonly enhanced: string | null;
  readonly text: string;
  readonly pre?: readonly unknown[];
  readonly eol?: string;
}

const corpus: Case[] = readFileSync(
  new URL('./vectors/postfix-3.7.11.jsonl', import.meta.url),
  'utf8',
)
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as Case);

/** Lines that are not XCLIENT commands: parseXclient only answers for XCLIENT. */
const OTHER_COMMANDS = /^(VRFY|XFORWARD) /;

/** Cases whose earlier commands changed the session: test/session.test.ts replays them. */
const withHistory = (c: Case): boolean => (c.pre?.length ?? 0) > 0;

const cases = corpus.filter(
  (c) =>
    (c.context === 'auth' || c.context === 'auth6') &&
    !OTHER_COMMANDS.test(c.line) &&
    !withHistory(c),
);
const octets = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));
const utf8 = (s: string): string => Buffer.from(s, 'latin1').toString('utf8');

describe('Postfix 3.7.11 corpus, authorized sessions', () => {
  it('has the cases it should', () => {
    expect(cases.length).toBeGreaterThan(400);
  });

  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const line = octets(c.line + (c.eol ?? ''));
    const r = parseXclient(line, { profile: 'postfix' });
    if (c.code === 220) {
      expect(r.ok, r.ok ? '' : `${r.error.code}: ${r.error.message}`).toBe(true);
    } else {
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.reply).toEqual({
          code: c.code,
          ...(c.enhanced === null ? {} : { enhanced: c.enhanced }),
          text: utf8(c.text),
        });
      }
    }
  });

  it('leaves out only the session case c428 (its earlier XCLIENT moved ADDR away)', () => {
    const session = corpus.filter(
      (c) => (c.context === 'auth' || c.context === 'auth6') && withHistory(c),
    );
    expect(session.map((c) => c.id)).toEqual(['c428']);
  });

  it('the excluded lines are not XCLIENT commands', () => {
    const excluded = corpus.filter(
      (c) => (c.context === 'auth' || c.context === 'auth6') && OTHER_COMMANDS.test(c.line),
    );
    expect(excluded.map((c) => c.id)).toEqual(['c432', 'c433']);
    for (const c of excluded) {
      const r = parseXclient(c.line, { profile: 'postfix' });
      expect(!r.ok && r.error.code).toBe('LINE_NOT_XCLIENT');
    }
  });
});
