/**
 * smtp-xclient benchmarks: the built package against naive baselines, in one process, with
 * every target of issue 19 checked and printed as met or missed at the end.
 *
 *   npm run bench                      build, then run everything (about 4 minutes)
 *   node bench/run.mjs --json          the same, as JSON on stdout
 *   node bench/run.mjs --filter parse/strict --rounds 3 --time 100
 *   SMTP_XCLIENT_BENCH_BEFORE=/tmp/old/dist/index.js npm run bench   # against an older build
 *
 * Every measured call runs in each round next to all the others (the order reversed every
 * other round), with tinybench; each tinybench sample is a batch of calls long enough
 * (about 20 µs) for the timer not to matter. An implementation's figure is its median ops/s
 * over the rounds; a ratio is the median of the per-round ratios, so a slow patch of machine
 * time hits both sides of a ratio alike. Allocation is measured in a child process
 * (bench/alloc.mjs, --expose-gc); sizes by size-limit (.size-limit.json) and `npm pack`.
 *
 * SMTP_XCLIENT_BENCH_MODULE=/path/to/index.js measures another build of the library (a
 * patched copy, say) with the same cases and baselines. SMTP_XCLIENT_BENCH_BEFORE names the
 * build that "at least as fast as today" compares with, measured in the same rounds.
 */

import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Bench } from 'tinybench';
import {
  naiveEncodeXtext,
  naiveFormatXclient,
  naiveParseXclient,
  nodemailerEncodeXText,
  regexDecodeXtext,
} from './baselines.mjs';
import {
  ASCII_LINES,
  apiCalls,
  FORMAT_SETS,
  HOSTILE,
  LINE_510,
  LINEARITY,
  LINES,
  loadLibrary,
  RUN_FAMILIES,
  RUN_SIZES,
} from './cases.mjs';

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
const ROOT = fileURLToPath(new URL('..', import.meta.url));

const override = process.env.SMTP_XCLIENT_BENCH_MODULE;
const beforePath = process.env.SMTP_XCLIENT_BENCH_BEFORE;
/**
 * The "as fast as before" comparison runs in a child process of its own, with nothing but
 * those calls of both builds: here, ours would share its validators with every other case
 * (each profile, each kind of line) while the older build ran only these calls, and a
 * function's speed depends on how many shapes it has seen.
 */
const API_ONLY = 'api-vs-before';
const apiHere = args.filter?.startsWith(API_ONLY) === true;
const ours = await loadLibrary(override);
const before = beforePath === undefined || !apiHere ? undefined : await loadLibrary(beforePath);
const { decodeXtext, encodeXtext, formatXclient, parseXclient } = ours.lib;

const log = args.json ? (...a) => console.error(...a) : (...a) => console.log(...a);
const selected = (id) => args.filter === undefined || id.includes(args.filter);

// ---------------------------------------------------------------------------------------
// Inputs (bench/cases.mjs) and the baselines' own

const utf8 = new TextEncoder();
/** UTF-8: how a caller holding octets gets text (the naive parser's input, the decode-first rows). */
const utf8Decoder = new TextDecoder();
const FORMS = ['string', 'bytes'];
const PROFILES = ['strict', 'postfix', 'lenient'];
/** The line in an input form: the string, or its UTF-8 octets (what a socket delivers). */
const inForm = (line, form) => (form === 'string' ? line : utf8.encode(line));

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
  ['64KiB', 64 * 1024],
]) {
  // escape-free: only xchars; escape-heavy: SP, "+", "=", and two- and three-octet UTF-8.
  VALUES[`${size}-free`] = value('joe.smith@example.com!#$%&*~', octets);
  VALUES[`${size}-heavy`] = value('a b+c=d\u00e9\u2709', octets);
}

/** The floor: a bare scan of the line, one read per code unit or octet, nothing else. */
function floorScan(line) {
  let h = 0;
  if (typeof line === 'string')
    for (let i = 0; i < line.length; i++) h = (h + line.charCodeAt(i)) | 0;
  else for (let i = 0; i < line.length; i++) h = (h + line[i]) | 0;
  return h;
}
/** The naive parser takes text: octets are decoded first, as a server using it would. */
const naiveOn = (input) =>
  naiveParseXclient(typeof input === 'string' ? input : utf8Decoder.decode(input));

// ---------------------------------------------------------------------------------------
// The measured calls, by id

/** @type {Map<string, { fn: () => unknown, octets?: number }>} */
const calls = new Map();
const call = (id, fn, octets) => calls.set(id, { fn, octets });

for (const [key, line] of Object.entries(LINES)) {
  for (const form of FORMS) {
    const input = inForm(line, form);
    call(`naive/${key}/${form}`, () => naiveOn(input));
    call(`floor/${key}/${form}`, () => floorScan(input));
    for (const profile of PROFILES) {
      const options = { profile };
      call(`parse/${profile}/${key}/${form}`, () => parseXclient(input, options));
      if (form !== 'bytes') continue;
      // What a caller pays who decodes the octets first: the least any reader of octets pays.
      const decoded = () => parseXclient(utf8Decoder.decode(input), options);
      call(`parse/${profile}/${key}/decoded`, decoded);
    }
  }
}
for (const [key, line] of Object.entries(HOSTILE)) {
  for (const form of FORMS) {
    const input = inForm(line, form);
    call(`naive/hostile/${key}/${form}`, () => naiveOn(input), line.length);
    for (const profile of PROFILES) {
      const options = { profile };
      call(
        `parse/${profile}/hostile/${key}/${form}`,
        () => parseXclient(input, options),
        line.length,
      );
    }
  }
}
for (const [name, fn] of Object.entries(apiCalls(ours))) call(`api/${name}/ours`, fn);
if (before !== undefined) {
  for (const [name, fn] of Object.entries(apiCalls(before))) call(`api/${name}/before`, fn);
}
for (const key of ['typical', 'splitting']) {
  const attributes = FORMAT_SETS[key];
  call(`format/${key}`, () => formatXclient(attributes));
  call(`naive-format/${key}`, () => naiveFormatXclient(attributes));
}
// An encoder's result is read (written to a socket, compared, sliced), and V8 leaves a string
// built with `+=` as a rope until its first read: each encode call here reads its result once,
// so that an encoder that returns an unread rope does not look faster than one that returns a
// flat string.
const read = (s) => s.charCodeAt(0);
for (const [key, v] of Object.entries(VALUES)) {
  const xtext = encodeXtext(v);
  call(`encode/${key}`, () => read(encodeXtext(v)));
  call(`naive-encode/${key}`, () => read(naiveEncodeXtext(v)));
  if (nodemailerEncodeXText !== undefined) {
    call(`nodemailer-encode/${key}`, () => read(nodemailerEncodeXText(v)));
  }
  call(`decode/${key}`, () => decodeXtext(xtext));
  call(`regex-decode/${key}`, () => regexDecodeXtext(xtext));
}

// ---------------------------------------------------------------------------------------
// The targets: each a ratio of two calls measured in the same rounds

/**
 * @typedef {{ section: string, id: string, what: string, a: string, b: string,
 *   kind: 'speed' | 'cost', bound: number | undefined }} RatioTarget
 * 'speed': ops(a) / ops(b) ≥ bound ("a is ≥ bound× as fast as b");
 * 'cost': ops(b) / ops(a) ≤ bound ("a costs ≤ bound× b"). No bound: reported only.
 */
/** @type {RatioTarget[]} */
const ratioTargets = [];
const target = (section, id, what, a, b, kind, bound) =>
  ratioTargets.push({ section, id, what, a, b, kind, bound });

for (const form of FORMS) {
  for (const key of Object.keys(LINES)) {
    target(
      'strict ≥ 1.5× naive',
      `strict-vs-naive/${key}/${form}`,
      `${key} (${form})`,
      `parse/strict/${key}/${form}`,
      `naive/${key}/${form}`,
      'speed',
      1.5,
    );
  }
}
for (const form of FORMS) {
  for (const key of Object.keys(LINES)) {
    const ascii = ASCII_LINES.includes(key);
    target(
      'strict within 3× the floor scan (ASCII lines)',
      `strict-vs-floor/${key}/${form}`,
      `${key} (${form})${ascii ? '' : ', UTF-8 escapes: reported only'}`,
      `parse/strict/${key}/${form}`,
      `floor/${key}/${form}`,
      'cost',
      ascii ? 3 : undefined,
    );
  }
}
for (const form of FORMS) {
  for (const key of Object.keys(LINES)) {
    target(
      'postfix ≥ 1.2× naive',
      `postfix-vs-naive/${key}/${form}`,
      `${key} (${form})`,
      `parse/postfix/${key}/${form}`,
      `naive/${key}/${form}`,
      'speed',
      1.2,
    );
  }
}
for (const form of FORMS) {
  for (const key of Object.keys(LINES)) {
    target(
      'lenient ≤ 1.5× strict (ordinary lines)',
      `lenient-vs-strict/${key}/${form}`,
      `${key} (${form})`,
      `parse/lenient/${key}/${form}`,
      `parse/strict/${key}/${form}`,
      'cost',
      1.5,
    );
  }
}
for (const form of FORMS) {
  for (const family of Object.keys(RUN_FAMILIES)) {
    for (const size of Object.keys(RUN_SIZES)) {
      const key = `${family}-${size}`;
      target(
        'lenient ≤ 3× naive (hostile lines)',
        `lenient-vs-naive/${key}/${form}`,
        `${key} (${form})`,
        `parse/lenient/hostile/${key}/${form}`,
        `naive/hostile/${key}/${form}`,
        'cost',
        3,
      );
    }
  }
}
for (const profile of PROFILES) {
  for (const key of Object.keys(LINES)) {
    target(
      'Uint8Array ≤ 1.25× string',
      `bytes-vs-string/${profile}/${key}`,
      `${profile} ${key}`,
      `parse/${profile}/${key}/bytes`,
      `parse/${profile}/${key}/string`,
      'cost',
      1.25,
    );
  }
}
// What the octets' figure is made of: one TextDecoder call, then the string's parse (the
// floor for any reader that returns strings), and what the library adds to that call.
for (const [section, a, b] of [
  ['TextDecoder + string, against string (reported)', 'decoded', 'string'],
  ['Uint8Array against TextDecoder + string (reported)', 'bytes', 'decoded'],
]) {
  for (const profile of PROFILES) {
    for (const key of Object.keys(LINES)) {
      target(
        section,
        `bytes-vs-string/${a}-vs-${b}/${profile}/${key}`,
        `${profile} ${key}`,
        `parse/${profile}/${key}/${a}`,
        `parse/${profile}/${key}/${b}`,
        'cost',
        undefined,
      );
    }
  }
}
for (const key of Object.keys(LINES)) {
  target(
    'naive parser, Uint8Array against string (reported)',
    `bytes-vs-string/naive/${key}`,
    key,
    `naive/${key}/bytes`,
    `naive/${key}/string`,
    'cost',
    undefined,
  );
}
for (const name of Object.keys(apiCalls(ours))) {
  target(
    'at least as fast as before (≥ 0.95× the older build)',
    `api-vs-before/${name}`,
    name,
    `api/${name}/ours`,
    `api/${name}/before`,
    'speed',
    before === undefined ? undefined : 0.95,
  );
}
// Reported, with no target of issue 19: other profiles on hostile lines, formatXclient, xtext
// (whose targets, from issue 8, are kept).
for (const profile of ['strict', 'postfix']) {
  for (const key of Object.keys(HOSTILE)) {
    target(
      `${profile} on hostile lines, against naive (reported)`,
      `${profile}-vs-naive/hostile/${key}`,
      key,
      `parse/${profile}/hostile/${key}/string`,
      `naive/hostile/${key}/string`,
      'speed',
      undefined,
    );
  }
}
for (const key of ['typical', 'splitting']) {
  target(
    'formatXclient against a naive join (reported)',
    `format-vs-naive/${key}`,
    key,
    `format/${key}`,
    `naive-format/${key}`,
    'speed',
    undefined,
  );
}
for (const key of Object.keys(VALUES)) {
  target(
    'encodeXtext ≥ 2× naive (issue 8)',
    `encode-vs-naive/${key}`,
    key,
    `encode/${key}`,
    `naive-encode/${key}`,
    'speed',
    2,
  );
  if (nodemailerEncodeXText !== undefined) {
    target(
      'encodeXtext against nodemailer (reported)',
      `encode-vs-nodemailer/${key}`,
      key,
      `encode/${key}`,
      `nodemailer-encode/${key}`,
      'speed',
      undefined,
    );
  }
  target(
    'decodeXtext ≥ 1.5× regex replace (issue 8)',
    `decode-vs-regex/${key}`,
    key,
    `decode/${key}`,
    `regex-decode/${key}`,
    'speed',
    1.5,
  );
}

const linearityPairs = [];
for (const profile of PROFILES) {
  for (const [family, short, long] of LINEARITY) {
    linearityPairs.push({
      id: `linearity/${profile}/${family}`,
      profile,
      family,
      short: `parse/${profile}/hostile/${short}/string`,
      long: `parse/${profile}/hostile/${long}/string`,
      naiveShort: `naive/hostile/${short}/string`,
      naiveLong: `naive/hostile/${long}/string`,
      lengthRatio: HOSTILE[long].length / HOSTILE[short].length,
    });
  }
}

const chosenRatios = ratioTargets.filter((t) => selected(t.id) && calls.has(t.b));
const chosenLinearity = linearityPairs.filter((l) => selected(l.id));
const needed = new Set();
for (const t of chosenRatios) needed.add(t.a).add(t.b);
for (const l of chosenLinearity) needed.add(l.short).add(l.long).add(l.naiveShort).add(l.naiveLong);
/** Without an older build, formatXclient, applyXclient and planXclientSession are reported alone. */
const apiAlone = beforePath === undefined && selected(API_ONLY);
if (apiAlone) for (const name of Object.keys(apiCalls(ours))) needed.add(`api/${name}/ours`);

// ---------------------------------------------------------------------------------------
// Sanity: the cases do what their names say.

{
  const must = (cond, what) => {
    if (!cond) throw new Error(`bench input check failed: ${what}`);
  };
  for (const profile of PROFILES) {
    for (const [key, line] of Object.entries(LINES)) {
      for (const form of FORMS) {
        must(parseXclient(inForm(line, form), { profile }).ok, `${key} parses in ${profile}`);
      }
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
  for (const fn of Object.values(apiCalls(ours))) fn();
}

// ---------------------------------------------------------------------------------------
// Measuring

let sink;
/** The number of calls per sample that makes a sample last about SAMPLE_MS. */
function batchSize(fn) {
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < 5 || n < 3) {
    sink = fn();
    n++;
    elapsed = performance.now() - start;
  }
  return Math.max(1, Math.round((SAMPLE_MS * n) / elapsed));
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

const store = { last: undefined };
const tasks = [];
for (const id of needed) {
  const { fn } = calls.get(id);
  batchSize(fn); // warm up (JIT)
  const batch = batchSize(fn);
  tasks.push({ id, batch, fn: sampler(fn, batch, store) });
}
// One unrecorded pass, so that every implementation is optimized before round 1.
for (const task of tasks) {
  const until = performance.now() + WARMUP_MS;
  do task.fn();
  while (performance.now() < until);
}

/** ops/s per round: calls over total time (GC pauses included) */
const opsPerSecond = new Map(tasks.map((t) => [t.id, []]));
/** The same from the median sample: what linearity is judged on (robust to GC and to noise) */
const medianOpsPerSecond = new Map(tasks.map((t) => [t.id, []]));
const started = performance.now();
const load = [loadavg()[0]];
if (tasks.length > 0) {
  for (let round = 0; round < ROUNDS; round++) {
    const bench = new Bench({ time: TIME_MS, iterations: 5, warmup: false, throws: true });
    for (const t of round % 2 === 0 ? tasks : [...tasks].reverse()) bench.add(t.id, t.fn);
    await bench.run();
    for (const task of bench.tasks) {
      const t = tasks.find((x) => x.id === task.name);
      opsPerSecond.get(t.id).push((t.batch * 1000) / task.result.latency.mean);
      medianOpsPerSecond.get(t.id).push((t.batch * 1000) / task.result.latency.p50);
    }
    load.push(loadavg()[0]);
    log(
      `round ${round + 1}/${ROUNDS} done (${((performance.now() - started) / 1000).toFixed(0)} s, ${tasks.length} calls)`,
    );
  }
}
sink = store.last;

// ---------------------------------------------------------------------------------------
// Allocation, sizes, install size (child processes)

function childJson(command, commandArgs) {
  const out = execFileSync(command, commandArgs, {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out);
}

let allocation;
if (selected('alloc')) {
  log('measuring allocation (bench/alloc.mjs, --expose-gc)');
  const flags = ['--expose-gc', '--min-semi-space-size=64', '--max-semi-space-size=64'];
  const extra = beforePath === undefined ? [] : ['--before', beforePath];
  allocation = childJson(process.execPath, [...flags, 'bench/alloc.mjs', ...extra]);
}
let sizes;
if (selected('size') && override === undefined) {
  log('measuring sizes (size-limit)');
  sizes = childJson(process.execPath, ['node_modules/size-limit/bin.js', '--json']).map((s) => ({
    name: s.name,
    size: s.size,
    limit: s.sizeLimit,
    passed: s.passed,
  }));
}
let apiResults = [];
if (beforePath !== undefined && !apiHere && selected(API_ONLY)) {
  log('measuring formatXclient, applyXclient and planXclientSession against the older build');
  const child = childJson(process.execPath, [
    'bench/run.mjs',
    '--json',
    '--filter',
    API_ONLY,
    '--rounds',
    String(Math.max(15, ROUNDS)),
    '--time',
    String(TIME_MS),
  ]);
  apiResults = child.results;
}
let pack;
if (selected('install') && override === undefined) {
  log('measuring the package (npm pack --dry-run)');
  const [p] = childJson('npm', ['pack', '--dry-run', '--json']);
  pack = { size: p.size, unpackedSize: p.unpackedSize, files: p.entryCount ?? p.files.length };
}

// ---------------------------------------------------------------------------------------
// Results

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Every target as a row: section, what, figure, target, met (undefined: reported only). */
const results = [];
for (const t of chosenRatios) {
  const a = opsPerSecond.get(t.a);
  const b = opsPerSecond.get(t.b);
  const per = a.map((o, r) => (t.kind === 'speed' ? o / b[r] : b[r] / o));
  const ratio = median(per);
  const met =
    t.bound === undefined ? undefined : t.kind === 'speed' ? ratio >= t.bound : ratio <= t.bound;
  results.push({
    section: t.section,
    id: t.id,
    what: t.what,
    figure: ratio,
    range: [Math.min(...per), Math.max(...per)],
    shown: `${ratio.toFixed(2)}×`,
    target: t.bound === undefined ? undefined : `${t.kind === 'speed' ? '≥' : '≤'} ${t.bound}×`,
    met,
    ops: median(a),
    baselineOps: median(b),
  });
}
results.push(...apiResults);
if (apiAlone) {
  for (const name of Object.keys(apiCalls(ours))) {
    const ops = median(opsPerSecond.get(`api/${name}/ours`));
    results.push({
      section: 'at least as fast as before (≥ 0.95× the older build)',
      id: `${API_ONLY}/${name}`,
      what: `${name} (SMTP_XCLIENT_BENCH_BEFORE not set: ops/s only)`,
      figure: ops,
      range: undefined,
      shown: `${Math.round(ops)}/s`,
      target: undefined,
      met: undefined,
      ops,
    });
  }
}
const costRatio = (shortOps, longOps) => median(shortOps.map((o, r) => o / longOps[r]));
for (const l of chosenLinearity) {
  const m = medianOpsPerSecond;
  const cost = costRatio(m.get(l.short), m.get(l.long));
  const naive = costRatio(m.get(l.naiveShort), m.get(l.naiveLong));
  results.push({
    section: 'linear cost: a 16× longer hostile line costs ≤ 1.2 × 16× (every profile)',
    id: l.id,
    what: `${l.profile} ${l.family} (naive ×${naive.toFixed(1)})`,
    figure: cost / l.lengthRatio,
    range: undefined,
    shown: `×${cost.toFixed(1)} = ${(cost / l.lengthRatio).toFixed(2)}/octet`,
    target: '≤ 1.2/octet',
    met: cost / l.lengthRatio <= 1.2,
  });
}
if (allocation !== undefined) {
  for (const [name, bytes] of Object.entries(allocation.ours)) {
    const readmeStrict = name.startsWith('parseXclient strict readme');
    const old = allocation.before?.[name];
    const api = !name.startsWith('parseXclient');
    results.push({
      section: 'allocation per call (bytes)',
      id: `alloc/${name}`,
      what: old === undefined ? name : `${name} (before: ${old.toFixed(0)} B)`,
      figure: bytes,
      range: undefined,
      shown: `${bytes.toFixed(0)} B`,
      target: readmeStrict
        ? '≤ 400 B'
        : api && old !== undefined
          ? `≤ ${(old * 1.05).toFixed(0)} B`
          : undefined,
      met: readmeStrict ? bytes <= 400 : api && old !== undefined ? bytes <= old * 1.05 : undefined,
    });
  }
}
const SIZE_TARGETS = {
  'only parseXclient': 6000,
  'only formatXclient': 5000,
  'only encodeXtext + decodeXtext': 1500,
  'root entry as a whole': 12000,
};
for (const s of sizes ?? []) {
  const bound = Object.entries(SIZE_TARGETS).find(([prefix]) => s.name.startsWith(prefix))?.[1];
  results.push({
    section: 'size per use (size-limit: minified + gzip, bytes; CI guard in brackets)',
    id: `size/${s.name}`,
    what: `${s.name} [guard ${s.limit}]`,
    figure: s.size,
    range: undefined,
    shown: `${s.size} B`,
    target: bound === undefined ? undefined : `≤ ${bound} B`,
    met: bound === undefined ? undefined : s.size <= bound,
  });
}
if (pack !== undefined) {
  results.push({
    section: 'install size (npm pack --dry-run)',
    id: 'install/unpacked',
    what: `unpacked, ${pack.files} files (tarball ${(pack.size / 1000).toFixed(1)} kB)`,
    figure: pack.unpackedSize / 1000,
    range: undefined,
    shown: `${(pack.unpackedSize / 1000).toFixed(1)} kB`,
    target: '≤ 800 kB',
    met: pack.unpackedSize <= 800_000,
  });
}

// Each section's rows together, sections in the order they first appear.
const sectionOrder = [...new Set(results.map((r) => r.section))];
results.sort((x, y) => sectionOrder.indexOf(x.section) - sectionOrder.indexOf(y.section));

const machine = {
  node: process.version,
  v8: process.versions.v8,
  platform: `${process.platform} ${process.arch}`,
  cpus: cpus().length,
  cpu: cpus()[0]?.model ?? 'unknown',
  loadAverage: load.map((x) => Number(x.toFixed(2))),
  library: override ?? 'smtp-xclient (dist)',
  before: beforePath,
  rounds: ROUNDS,
  timePerTaskMs: TIME_MS,
};

if (args.json) {
  const ops = Object.fromEntries([...opsPerSecond].map(([id, xs]) => [id, median(xs)]));
  console.log(JSON.stringify({ machine, ops, results }, null, 2));
} else {
  const fmt = (n) =>
    n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : n.toFixed(1);
  log(
    `\nsmtp-xclient benchmarks, ${machine.node} (V8 ${machine.v8}), ${machine.cpus} × ${machine.cpu}`,
  );
  log(
    `${ROUNDS} interleaved rounds of ${TIME_MS} ms per call; medians. Load average during the run: ${machine.loadAverage.join(', ')}.`,
  );
  log(`Library: ${machine.library}${beforePath ? `; before: ${beforePath}` : ''}\n`);
  const table = [
    ['target / case', 'figure', '(min–max)', 'ours ops/s', 'base ops/s', 'target', ''],
  ];
  let section = '';
  for (const r of results) {
    if (r.section !== section) {
      table.push([`— ${r.section}`, '', '', '', '', '', '']);
      section = r.section;
    }
    table.push([
      `  ${r.what}`,
      r.shown,
      r.range === undefined ? '' : `${r.range[0].toFixed(2)}–${r.range[1].toFixed(2)}`,
      r.ops === undefined ? '' : fmt(r.ops),
      r.baselineOps === undefined ? '' : fmt(r.baselineOps),
      r.target ?? '',
      r.met === undefined ? '' : r.met ? 'met' : 'MISSED',
    ]);
  }
  const widths = table[0].map((_, k) => Math.max(...table.map((row) => row[k].length)));
  for (const row of table) {
    log(
      row
        .map((cell, k) => (k === 0 ? cell.padEnd(widths[k]) : cell.padStart(widths[k])))
        .join('  '),
    );
  }
  log('\nTargets (figure: ours as fast as / costing that many times the other side, per round)');
  const bySection = new Map();
  for (const r of results) {
    if (r.met === undefined) continue;
    const s = bySection.get(r.section) ?? { met: 0, total: 0, missed: [] };
    s.total++;
    if (r.met) s.met++;
    else
      s.missed.push(
        `${r.what.split(' (')[0]}${r.what.includes('(bytes)') ? ' (bytes)' : ''} ${r.shown}`,
      );
    bySection.set(r.section, s);
  }
  let allMet = 0;
  let all = 0;
  for (const [name, s] of bySection) {
    allMet += s.met;
    all += s.total;
    log(
      `  ${s.met === s.total ? 'met   ' : 'MISSED'} ${s.met}/${s.total}  ${name}${s.missed.length ? `; missed: ${s.missed.join(', ')}` : ''}`,
    );
  }
  log(`\n${allMet}/${all} targets met.`);
}
if (sink === Symbol.for('never')) console.log(sink);
