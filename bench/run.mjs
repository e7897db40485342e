/**
 * smtp-xclient benchmarks: the built package against naive baselines, in one process.
 *
 *   npm run bench                      build, then run everything (about 1.5 minutes)
 *   node bench/run.mjs --json          the same, as JSON on stdout
 *   node bench/run.mjs --filter parse  only the cases whose id contains "parse"
 *   node bench/run.mjs --rounds 3 --time 100
 *
 * Every case runs ours and its baseline(s) alternately, in several rounds (the order is
 * reversed every other round), with tinybench. Each tinybench sample is a batch of calls
 * long enough (about 20 µs) for the timer not to matter. The figure reported for each
 * implementation is its median ops/s over the rounds; the ratio is the median of the
 * per-round ratios, so a slow patch of machine time hits both sides of a ratio alike.
 *
 * SMTP_XCLIENT_BENCH_MODULE=/path/to/index.js measures another build of the library
 * (a patched copy, say) with the same cases and baselines.
 */

import { cpus } from 'node:os';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Bench } from 'tinybench';
import {
  naiveEncodeXtext,
  naiveFormatXclient,
  naiveParseXclient,
  nodemailerEncodeXText,
  regexDecodeXtext,
} from './baselines.mjs';

const { values: args } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    filter: { type: 'string' },
    rounds: { type: 'string', default: '5' },
    time: { type: 'string', default: '130' },
  },
});
const ROUNDS = Math.max(1, Number(args.rounds));
const TIME_MS = Math.max(10, Number(args.time));
/** Target duration of one tinybench sample (one batch of calls), in milliseconds. */
const SAMPLE_MS = 0.02;
/** Time each implementation runs, unrecorded, before the first round. */
const WARMUP_MS = 40;

const override = process.env.SMTP_XCLIENT_BENCH_MODULE;
const lib = await import(override ? pathToFileURL(override).href : 'smtp-xclient');
const { decodeXtext, encodeXtext, formatXclient, parseXclient } = lib;

const log = args.json ? (...a) => console.error(...a) : (...a) => console.log(...a);

// ---------------------------------------------------------------------------------------
// Inputs

const KiB = 1024;
const MiB = 1024 * KiB;

const LINES = {
  readme: 'XCLIENT NAME=spike.porcupine.org ADDR=168.100.189.2',
  nine:
    'XCLIENT NAME=mail.example.com ADDR=IPV6:2001:db8::1 PORT=4321 PROTO=ESMTP' +
    ' HELO=client.example.com REVERSE_NAME=mail.example.com LOGIN=joe+40example.com' +
    ' DESTADDR=192.0.2.25 DESTPORT=25',
  escapes:
    'XCLIENT LOGIN=j+C3+BCrgen+20m+C3+BCller+2Btag+3Dx@example.com' +
    ' HELO=b+C3+BCro+2Eexample+20+E2+9C+89 NAME=[UNAVAILABLE] ADDR=192.0.2.1',
};

/** Pads `head` with copies of `unit` to at most `octets` octets (all ASCII). */
function fill(head, unit, octets, tail = '') {
  const count = Math.floor((octets - head.length - tail.length) / unit.length);
  return head + unit.repeat(count) + tail;
}

/** RFC 5321: 512 octets with the CRLF, so 510 without. */
const LINE_510 = 510;
const HOSTILE = {
  // One value of "+41" escapes filling the line: over the 255-octet raw value limit.
  'plus41-512B-one-value': fill('XCLIENT HELO=', '+41', LINE_510),
  // Two values of "+41" escapes, each within 255 octets: accepted, every octet decoded.
  'plus41-512B-two-values': `XCLIENT HELO=${'+41'.repeat(85)}${fill(' LOGIN=', '+41', LINE_510 - 13 - 255)}`,
  'plus-64KiB': fill('XCLIENT HELO=', '+', 64 * KiB),
  'plus-1MiB': fill('XCLIENT HELO=', '+', MiB),
  'spaces-64KiB': fill('XCLIENT', ' ', 64 * KiB, 'NAME=a'),
  'spaces-1MiB': fill('XCLIENT', ' ', MiB, 'NAME=a'),
  'attrs-10k': `XCLIENT${' PORT=1'.repeat(10_000)}`,
  'attrs-160k': `XCLIENT${' PORT=1'.repeat(160_000)}`,
};

/** The linearity pairs: the same hostile line, short and 16 times longer. */
const LINEARITY = [
  ['plus', 'plus-64KiB', 'plus-1MiB'],
  ['spaces', 'spaces-64KiB', 'spaces-1MiB'],
  ['attributes', 'attrs-10k', 'attrs-160k'],
];

const FORMAT_SETS = {
  typical: {
    NAME: 'spike.porcupine.org',
    ADDR: '168.100.189.2',
    PORT: 4321,
    PROTO: 'ESMTP',
    HELO: 'client.example.com',
    LOGIN: 'joe@example.com',
  },
  // Over 512 octets in one line: PORT, DESTADDR and DESTPORT go in earlier commands.
  splitting: {
    NAME: `${'a'.repeat(60)}.${'b'.repeat(60)}.example`,
    REVERSE_NAME: `${'c'.repeat(60)}.${'d'.repeat(60)}.example`,
    ADDR: '2001:db8:1:2:3:4:5:6',
    DESTADDR: '2001:db8:6:5:4:3:2:1',
    PORT: 65535,
    DESTPORT: 587,
    PROTO: 'ESMTP',
    HELO: `helo.${'e'.repeat(90)}.example`,
    LOGIN: 'jürgen müller+tag@example.com',
  },
};

const utf8 = new TextEncoder();
/** A value of exactly `octets` UTF-8 octets built from the characters of `pattern`. */
function value(pattern, octets) {
  let out = '';
  let size = 0;
  const chars = [...pattern];
  for (let k = 0; ; k++) {
    const ch = chars[k % chars.length];
    const len = utf8.encode(ch).length;
    if (size + len > octets) break;
    out += ch;
    size += len;
  }
  return out + '!'.repeat(octets - size);
}
const VALUES = {};
for (const [size, octets] of [
  ['16B', 16],
  ['255B', 255],
  ['64KiB', 64 * KiB],
]) {
  // escape-free: only xchars; escape-heavy: SP, "+", "=", and two- and three-octet UTF-8.
  VALUES[`${size}-free`] = value('joe.smith@example.com!#$%&*~', octets);
  VALUES[`${size}-heavy`] = value('a b+c=d\u00e9\u2709', octets);
}

// ---------------------------------------------------------------------------------------
// Cases

/**
 * @typedef {{ name: string, fn: () => unknown }} Impl
 * @typedef {{ id: string, group: string, label: string, ours: Impl, baselines: Impl[],
 *             target?: number, octets: number, note?: string }} Case
 */
/** @type {Case[]} */
const cases = [];

const PARSE_TARGET = { strict: 2, postfix: 2, lenient: undefined };
/** A line as octets costs at most 1.25× the same line as a string: ops ratio ≥ 1 / 1.25. */
const BYTES_TARGET = 0.8;
const naiveParser = { name: 'naive split+regex', fn: naiveParseXclient };
for (const profile of ['strict', 'postfix', 'lenient']) {
  const options = { profile };
  for (const [key, line] of Object.entries(LINES)) {
    cases.push({
      id: `parse/${profile}/${key}`,
      group: 'parseXclient',
      label: `${profile} ${key} (${line.length} B)`,
      ours: { name: 'parseXclient', fn: () => parseXclient(line, options) },
      baselines: [{ ...naiveParser, fn: () => naiveParser.fn(line) }],
      target: PARSE_TARGET[profile],
      octets: line.length,
    });
  }
  // The same line as octets (what a socket delivers) against the line as a string: a ratio
  // of at least 0.8 is a Uint8Array costing at most 1.25× the string.
  for (const [key, line] of Object.entries(LINES)) {
    const octets = utf8.encode(line);
    cases.push({
      id: `parse/${profile}/${key}/bytes`,
      group: 'parseXclient, Uint8Array against string',
      label: `${profile} ${key} (${octets.length} B)`,
      ours: { name: 'parseXclient(Uint8Array)', fn: () => parseXclient(octets, options) },
      baselines: [{ name: 'parseXclient(string)', fn: () => parseXclient(line, options) }],
      target: BYTES_TARGET,
      octets: octets.length,
    });
  }
  for (const [key, line] of Object.entries(HOSTILE)) {
    cases.push({
      id: `parse/${profile}/hostile/${key}`,
      group: 'parseXclient hostile',
      label: `${profile} ${key}`,
      ours: { name: 'parseXclient', fn: () => parseXclient(line, options) },
      baselines: [{ ...naiveParser, fn: () => naiveParser.fn(line) }],
      octets: line.length,
    });
  }
}

for (const [key, attributes] of Object.entries(FORMAT_SETS)) {
  cases.push({
    id: `format/${key}`,
    group: 'formatXclient',
    label: `${key} (${formatXclient(attributes).length} line(s))`,
    ours: { name: 'formatXclient', fn: () => formatXclient(attributes) },
    baselines: [
      { name: 'naive join (no checks, no split)', fn: () => naiveFormatXclient(attributes) },
    ],
    octets: formatXclient(attributes).join('\r\n').length,
  });
}

for (const [key, v] of Object.entries(VALUES)) {
  const baselines = [{ name: 'naive per-octet', fn: () => naiveEncodeXtext(v) }];
  if (nodemailerEncodeXText !== undefined) {
    baselines.push({ name: 'nodemailer encodeXText', fn: () => nodemailerEncodeXText(v) });
  }
  cases.push({
    id: `encode/${key}`,
    group: 'encodeXtext',
    label: `value ${key}`,
    ours: { name: 'encodeXtext', fn: () => encodeXtext(v) },
    baselines,
    target: 2,
    octets: utf8.encode(v).length,
  });
}
for (const [key, v] of Object.entries(VALUES)) {
  const xtext = encodeXtext(v);
  cases.push({
    id: `decode/${key}`,
    group: 'decodeXtext',
    label: `value ${key} (xtext ${xtext.length} B)`,
    ours: { name: 'decodeXtext', fn: () => decodeXtext(xtext) },
    baselines: [{ name: 'regex replace', fn: () => regexDecodeXtext(xtext) }],
    target: 1.5,
    octets: xtext.length,
  });
}

const selected = cases.filter((c) => args.filter === undefined || c.id.includes(args.filter));

// ---------------------------------------------------------------------------------------
// Sanity: the cases do what their names say.

{
  const must = (cond, what) => {
    if (!cond) throw new Error(`bench input check failed: ${what}`);
  };
  for (const profile of ['strict', 'postfix', 'lenient']) {
    for (const [key, line] of Object.entries(LINES)) {
      must(parseXclient(line, { profile }).ok, `${key} parses in ${profile}`);
    }
    must(
      parseXclient(HOSTILE['plus41-512B-two-values'], { profile }).ok,
      `two +41 values, ${profile}`,
    );
  }
  must(HOSTILE['plus41-512B-one-value'].length <= LINE_510, '512-octet line');
  must(formatXclient(FORMAT_SETS.splitting).length > 1, 'the splitting set splits');
  for (const v of Object.values(VALUES)) {
    const d = decodeXtext(encodeXtext(v));
    must(d.ok && d.value === v, 'xtext round trip');
    must(regexDecodeXtext(naiveEncodeXtext(v)) === Buffer.from(v).toString('latin1'), 'baseline');
  }
}

// ---------------------------------------------------------------------------------------
// Measuring

let sink;
/** The number of calls per sample that makes a sample last about SAMPLE_MS. */
function batchSize(fn) {
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < 5 || calls < 3) {
    sink = fn();
    calls++;
    elapsed = performance.now() - start;
  }
  return Math.max(1, Math.round((SAMPLE_MS * calls) / elapsed));
}

/**
 * A fresh sampling function per task (its own call-site feedback), running `batch` calls.
 * @returns {() => void}
 */
function sampler(fn, batch, store) {
  // new Function: a new function literal per task, so that no two tasks share call feedback
  const make = new Function(
    'fn',
    'batch',
    'store',
    'return function sample() { let r; for (let i = 0; i < batch; i++) r = fn(); store.last = r; };',
  );
  return make(fn, batch, store);
}

const impls = []; // { caseIndex, implIndex, name, task function, batch }
const store = { last: undefined };
for (const [ci, c] of selected.entries()) {
  for (const [ii, impl] of [c.ours, ...c.baselines].entries()) {
    // warm up (JIT) and size the batch
    batchSize(impl.fn);
    const batch = batchSize(impl.fn);
    impls.push({ ci, ii, key: `${ci}/${ii}`, batch, fn: sampler(impl.fn, batch, store) });
  }
}

// One unrecorded pass, so that every implementation is optimized before round 1.
for (const impl of impls) {
  const until = performance.now() + WARMUP_MS;
  do impl.fn();
  while (performance.now() < until);
}

/** opsPerSecond[key] = one figure per round: calls over total time (GC pauses included) */
const opsPerSecond = new Map(impls.map((i) => [i.key, []]));
/** The same from the median sample: what linearity is judged on (robust to GC and to noise) */
const medianOpsPerSecond = new Map(impls.map((i) => [i.key, []]));
const started = performance.now();
for (let round = 0; round < ROUNDS; round++) {
  const bench = new Bench({ time: TIME_MS, iterations: 5, warmup: false, throws: true });
  for (const c of selected.keys()) {
    const own = impls.filter((i) => i.ci === c);
    for (const i of round % 2 === 0 ? own : [...own].reverse()) bench.add(i.key, i.fn);
  }
  await bench.run();
  for (const task of bench.tasks) {
    const impl = impls.find((i) => i.key === task.name);
    const mean = task.result.latency.mean; // ms per sample
    opsPerSecond.get(task.name).push((impl.batch * 1000) / mean);
    medianOpsPerSecond.get(task.name).push((impl.batch * 1000) / task.result.latency.p50);
  }
  log(`round ${round + 1}/${ROUNDS} done (${((performance.now() - started) / 1000).toFixed(0)} s)`);
}
sink = store.last;

// ---------------------------------------------------------------------------------------
// Results

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const rows = [];
for (const [ci, c] of selected.entries()) {
  const ours = opsPerSecond.get(`${ci}/0`);
  for (const [bi, b] of c.baselines.entries()) {
    const theirs = opsPerSecond.get(`${ci}/${bi + 1}`);
    const ratios = ours.map((o, r) => o / theirs[r]);
    const ratio = median(ratios);
    rows.push({
      id: c.id,
      group: c.group,
      case: c.label,
      octets: c.octets,
      ours: median(ours),
      baseline: b.name,
      baselineOps: median(theirs),
      ratio,
      ratioMin: Math.min(...ratios),
      ratioMax: Math.max(...ratios),
      // the target is against the first (naive) baseline only
      target: bi === 0 ? c.target : undefined,
      met: bi === 0 && c.target !== undefined ? ratio >= c.target : undefined,
    });
  }
}

/**
 * Linearity: the cost of one call on the 16× longer hostile line over the shorter one, per
 * round (the two run next to each other), from the median sample of each (a GC pause or a
 * busy neighbour lands in few samples), then the median over the rounds.
 */
const linearity = [];
const costRatio = (shortOps, longOps) => median(shortOps.map((o, r) => o / longOps[r]));
for (const profile of ['strict', 'postfix', 'lenient']) {
  for (const [family, short, long] of LINEARITY) {
    const a = selected.findIndex((c) => c.id === `parse/${profile}/hostile/${short}`);
    const b = selected.findIndex((c) => c.id === `parse/${profile}/hostile/${long}`);
    if (a < 0 || b < 0) continue;
    const lengthRatio = selected[b].octets / selected[a].octets;
    const ops = medianOpsPerSecond;
    const ours = costRatio(ops.get(`${a}/0`), ops.get(`${b}/0`));
    const base = costRatio(ops.get(`${a}/1`), ops.get(`${b}/1`));
    linearity.push({
      profile,
      family,
      lengthRatio,
      costRatio: ours,
      perOctet: ours / lengthRatio,
      baselineCostRatio: base,
      // "a 10× longer line costs at most 12× as much": cost grows at most 1.2× the length
      met: ours / lengthRatio <= 1.2,
    });
  }
}

const machine = {
  node: process.version,
  v8: process.versions.v8,
  platform: `${process.platform} ${process.arch}`,
  cpus: cpus().length,
  cpu: cpus()[0]?.model ?? 'unknown',
  library: override ?? 'smtp-xclient (dist)',
  rounds: ROUNDS,
  timePerTaskMs: TIME_MS,
};

if (args.json) {
  console.log(JSON.stringify({ machine, rows, linearity }, null, 2));
} else {
  const fmt = (n) =>
    n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : n.toFixed(1);
  const x = (r) => `${r.toFixed(2)}×`;
  log(
    `\nsmtp-xclient benchmarks, ${machine.node} (V8 ${machine.v8}), ${machine.cpus} × ${machine.cpu}`,
  );
  log(`${ROUNDS} alternating rounds of ${TIME_MS} ms per implementation; medians.\n`);
  const table = [['case', 'ours ops/s', 'baseline', 'base ops/s', 'ratio', '(min–max)', 'target']];
  let group = '';
  for (const r of rows) {
    if (r.group !== group) {
      table.push([`— ${r.group}`, '', '', '', '', '', '']);
      group = r.group;
    }
    table.push([
      `  ${r.case}`,
      fmt(r.ours),
      r.baseline,
      fmt(r.baselineOps),
      x(r.ratio),
      `${r.ratioMin.toFixed(2)}–${r.ratioMax.toFixed(2)}`,
      r.target === undefined ? '' : `≥ ${r.target}× ${r.met ? 'met' : 'MISSED'}`,
    ]);
  }
  const widths = table[0].map((_, k) => Math.max(...table.map((row) => row[k].length)));
  for (const row of table) {
    log(
      row
        .map((cell, k) => (k === 0 || k === 2 ? cell.padEnd(widths[k]) : cell.padStart(widths[k])))
        .join('  '),
    );
  }
  if (linearity.length > 0) {
    log(
      '\nLinearity (hostile lines, 16× longer): cost ratio of one call, from median samples;' +
        ' target ≤ 1.2 × the length ratio',
    );
    for (const l of linearity) {
      log(
        `  ${l.profile.padEnd(8)} ${l.family.padEnd(11)} length ×${l.lengthRatio.toFixed(1)}  ours ×${l.costRatio.toFixed(1)} (${l.perOctet.toFixed(2)} per octet)  naive ×${l.baselineCostRatio.toFixed(1)}  ${l.met ? 'met' : 'MISSED'}`,
      );
    }
  }
  const targets = rows.filter((r) => r.target !== undefined);
  const missed = targets.filter((r) => !r.met);
  log(
    `\nThroughput targets: ${targets.length - missed.length}/${targets.length} met` +
      (missed.length ? `; missed: ${missed.map((r) => `${r.id} ${x(r.ratio)}`).join(', ')}` : ''),
  );
  const linMissed = linearity.filter((l) => !l.met);
  log(`Linearity: ${linearity.length - linMissed.length}/${linearity.length} met`);
}
if (sink === Symbol.for('never')) console.log(sink);
