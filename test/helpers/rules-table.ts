// The rules table of docs/profiles.md, generated from src/grammar/profiles.ts: one row per
// rule, one column per profile. test/engine/profiles.test.ts checks the document against it;
// `npx tsx`-free regeneration: run that test and copy the table it prints on a mismatch.
import { PROFILE_RULES, PROFILES, type Rules } from '../../src/grammar/profiles.js';

/** The rules as rows: a dotted field path, and its value in each profile, as text. */
export function ruleRows(): [string, ...string[]][] {
  const rows: [string, ...string[]][] = [];
  const walk = (path: string, values: readonly unknown[]): void => {
    const first = values[0];
    if (typeof first === 'object' && first !== null && !Array.isArray(first)) {
      for (const key of Object.keys(first)) {
        walk(
          path === '' ? key : `${path}.${key}`,
          values.map((v) => (v as Record<string, unknown>)[key]),
        );
      }
      return;
    }
    rows.push([path, ...values.map(show)]);
  };
  walk(
    '',
    PROFILES.map((p) => PROFILE_RULES[p] as Rules),
  );
  return rows;
}

function show(value: unknown): string {
  if (Array.isArray(value))
    return value.length === 0 ? '—' : value.map((v) => `\`${String(v)}\``).join(' → ');
  return `\`${String(value)}\``;
}

/** The Markdown table of {@link ruleRows}. */
export function rulesTable(): string {
  const head = `| rule | ${PROFILES.map((p) => `\`'${p}'\``).join(' | ')} |`;
  const line = `|---|${PROFILES.map(() => '---').join('|')}|`;
  return [head, line, ...ruleRows().map((r) => `| \`${r[0]}\` | ${r.slice(1).join(' | ')} |`)].join(
    '\n',
  );
}
