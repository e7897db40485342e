// Vitest setup file: makes fast-check runs reproducible.
//
// - FC_SEED=<int> replays a run: every property of the run uses that seed.
// - In CI (CI set and not "false"/"0") without FC_SEED, a fixed default seed is used, so a red
//   build is red again on re-run and on a laptop.
// - Locally without FC_SEED, a fresh seed per run (more inputs over time), chosen here once so
//   that it can be printed.
// - FC_NUM_RUNS=<int> changes the number of runs of every property (fast-check's default: 100).
//
// fast-check already puts `{ seed, path }` in the message of a failed property; on any failed
// test this file also prints the line that replays the whole run.
import fc from 'fast-check';
import { afterEach } from 'vitest';

/** The seed CI uses when FC_SEED is not set. */
export const CI_DEFAULT_SEED = 20261124;

function readInt(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  if (!Number.isSafeInteger(n))
    throw new Error(`${name} must be an integer, got ${JSON.stringify(raw)}`);
  return n;
}

const inCi =
  process.env.CI !== undefined && !['', '0', 'false'].includes(process.env.CI.toLowerCase());
const seed =
  readInt('FC_SEED') ?? (inCi ? CI_DEFAULT_SEED : (Date.now() ^ (Math.random() * 0x100000000)) | 0);
const numRuns = readInt('FC_NUM_RUNS');

fc.configureGlobal({
  ...fc.readConfigureGlobal(),
  seed,
  ...(numRuns === undefined ? {} : { numRuns }),
});

afterEach((context) => {
  if (context.task.result?.state === 'fail') {
    console.error(
      `[fast-check] "${context.task.name}" failed with seed ${seed}; replay with: FC_SEED=${seed} npx vitest run ${context.task.file.name}`,
    );
  }
});
