// The shell sessions of docs/*.md marked `<!-- live: … -->`: `smtp-xclient probe` against
// the live Postfix 3.7.11 of start-postfix.sh, run with the built CLI (npm run test:interop
// builds it) and compared with the output the document shows (`…` stands for what varies).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { markdownBlocks, matchesShown, runSession, shellSteps } from '../helpers/examples.js';
import { ensurePostfix, POSTFIX, requireComponent } from './peers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = `${ROOT}dist/cli.js`;
const DOCS = [
  'README.md',
  ...readdirSync(`${ROOT}docs`)
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
const live = DOCS.flatMap((file) =>
  markdownBlocks(file, readFileSync(`${ROOT}${file}`, 'utf8')),
).filter((b) => b.live !== undefined);

const status = await ensurePostfix();
const available = requireComponent(
  `Postfix on ${POSTFIX.host}:${POSTFIX.authPort} and :${POSTFIX.noauthPort}`,
  status.ok,
  status.why || 'run ../shared/scripts/start-postfix.sh as root',
);

describe.skipIf(!available)('the live sessions of the documentation', () => {
  it('finds them', () => {
    expect(live.length).toBeGreaterThanOrEqual(3);
  });

  it.each(live.map((b) => [`${b.file}:${b.line}`, b] as const))(
    '%s prints what is shown',
    (_, block) => {
      expect(existsSync(CLI), `${CLI} is missing: run npm run build`).toBe(true);
      const outputs = runSession(block, CLI, ROOT);
      const steps = shellSteps(block);
      steps.forEach((step, i) => {
        const actual = outputs[i] ?? [];
        expect(
          matchesShown(actual, step.output),
          `${block.file}:${step.line}: $ ${step.command}\n${actual.join('\n')}`,
        ).toBe(true);
      });
    },
  );
});
