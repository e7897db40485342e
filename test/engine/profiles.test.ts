// The profiles are data: one rules record per profile (src/grammar/profiles.ts), and
// docs/profiles.md shows that very table.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROFILE_RULES, rulesOf } from '../../src/grammar/profiles.js';
import { rulesTable } from '../helpers/rules-table.js';

const read = (file: string): string =>
  readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');

describe('the profiles rules table', () => {
  it('is the table docs/profiles.md shows between its rules markers', () => {
    const doc = read('docs/profiles.md');
    const shown = /<!-- rules:begin -->\n([\s\S]*?)\n<!-- rules:end -->/.exec(doc)?.[1];
    expect(shown, `docs/profiles.md should hold, between its markers:\n${rulesTable()}`).toBe(
      rulesTable(),
    );
  });

  it('lists Postfix order of checks for each attribute as data', () => {
    expect(PROFILE_RULES.postfix.steps).toEqual([
      'attributeValue',
      'rawLength',
      'decode',
      'name',
      'validate',
      'duplicate',
    ]);
    expect(PROFILE_RULES.strict.steps).toEqual([
      'equals',
      'name',
      'nonEmpty',
      'rawLength',
      'duplicate',
      'decode',
      'validate',
    ]);
  });

  it.each([
    [undefined, PROFILE_RULES.strict],
    ['strict', PROFILE_RULES.strict],
    ['postfix', PROFILE_RULES.postfix],
    ['lenient', PROFILE_RULES.lenient],
    ['Strict', undefined],
    ['toString', undefined],
    ['__proto__', undefined],
    [42, undefined],
  ])('rulesOf(%j)', (profile, rules) => {
    expect(rulesOf(profile)).toBe(rules);
  });

  it('no module outside the rules table branches on a profile name', () => {
    const files = readdirSync(new URL('../../src/', import.meta.url), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.ts') && f !== 'grammar/profiles.ts');
    expect(files.length).toBeGreaterThan(30);
    for (const file of files) {
      expect(read(`src/${file}`), file).not.toMatch(
        /profile\s*[!=]==|[!=]==\s*profile\b|'(?:strict|postfix|lenient)'\s*[!=]==/,
      );
    }
  });
});
