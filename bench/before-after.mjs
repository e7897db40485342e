/**
 * Two builds side by side: the time of each parse and encode of this benchmark's inputs in
 * the build named by the first argument ("before") and in this package or the build named by
 * the second ("after"), in the same process, in interleaved rounds. Prints each case's
 * median time in both and after/before, then the cases more than 10 % slower after.
 * `--cpu` times each round by the process's CPU time instead of the clock: on a machine other
 * jobs share, the time spent waiting for a core is then not counted.
 *
 *   node bench/before-after.mjs /tmp/old/dist/index.js [dist/index.js] [--rounds 9] [--cpu]
 */

import { parseArgs } from 'node:util';
import { apiCalls, HOSTILE, LINES, loadLibrary } from './cases.mjs';

const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    rounds: { type: 'string', default: '9' },
    time: { type: 'string', default: '40' },
    cpu: { type: 'boolean', default: false },
  },
});
if (positionals.length < 1) {
  console.error(
    'usage: node bench/before-after.mjs BEFORE/index.js [AFTER/index.js] [--rounds N] [--cpu]',
  );
  process.exit(2);
}
const before = await loadLibrary(positionals[0]);
const after = await loadLibrary(positionals[1]);
const rounds = Number(flags.rounds);
const budget = Number(flags.time); // milliseconds per case per build per round

const utf8 = new TextEncoder();
const cases = [];
for (const profile of ['strict', 'postfix', 'lenient']) {
  for (const [key, line] of Object.entries(LINES)) {
    for (const form of ['string', 'bytes']) {
      const input = form === 'string' ? line : utf8.encode(line);
      cases.push([
        `parse ${profile} ${key} ${form}`,
        ({ lib }) => lib.parseXclient(input, { profile }),
      ]);
    }
  }
  for (const [key, line] of Object.entries(HOSTILE)) {
    cases.push([
      `parse ${profile} hostile ${key}`,
      ({ lib }) => lib.parseXclient(line, { profile }),
    ]);
  }
}
const heavy = 'a b+c=d\u00e9\u2709';
for (const size of [16, 255, 64 * 1024]) {
  const value = heavy.repeat(Math.ceil(size / heavy.length)).slice(0, size);
  // Read once, as bench/run.mjs reads an encoder's result (an unread `+=` result is a rope).
  cases.push([
    `encode ${size} chars escape-heavy`,
    ({ lib }) => lib.encodeXtext(value).charCodeAt(0),
  ]);
}

// The API calls of `npm run bench`'s "as fast as before" rows, each build with its own session.
const apiBefore = apiCalls(before);
const apiAfter = apiCalls(after);
for (const name of Object.keys(apiAfter)) {
  cases.push([`api ${name}`, (build) => (build === before ? apiBefore : apiAfter)[name]()]);
}

/** Now, in microseconds: of the process's CPU time with `--cpu`, of the clock otherwise. */
const now = flags.cpu
  ? () => {
      const { user, system } = process.cpuUsage();
      return user + system;
    }
  : () => Number(process.hrtime.bigint()) / 1000;

/** Microseconds per call of `fn`, over about `budget` milliseconds. */
function time(fn, lib, calls) {
  const start = now();
  for (let i = 0; i < calls; i++) fn(lib);
  return (now() - start) / calls;
}
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

const slower = [];
for (const [name, fn] of cases) {
  const calls = Math.max(1, Math.round((budget * 1000) / Math.max(time(fn, after, 3), 0.01)));
  const t = { before: [], after: [] };
  for (let r = 0; r < rounds; r++) {
    t.before.push(time(fn, before, calls));
    t.after.push(time(fn, after, calls));
  }
  const ratio = median(t.after) / median(t.before);
  if (ratio > 1.1) slower.push(name);
  const us = (v) => `${v.toFixed(2)} µs`.padStart(12);
  console.log(
    `${name.padEnd(48)} ${us(median(t.before))} ${us(median(t.after))}  ${ratio.toFixed(2)}`,
  );
}
console.log(`\n${cases.length} cases; ${slower.length} more than 10 % slower after:`);
for (const name of slower) console.log(`  ${name}`);
