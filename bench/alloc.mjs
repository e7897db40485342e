/**
 * Bytes allocated per call, for bench/run.mjs, which starts this file in a child process:
 *
 *   node --expose-gc --min-semi-space-size=64 --max-semi-space-size=64 bench/alloc.mjs [--before dist/index.js]
 *
 * For each call: 20 000 unrecorded calls (the JIT settles), two full GCs, then the growth of
 * `v8.getHeapStatistics().used_heap_size` over 10 000 calls whose results are kept (so that
 * no allocation is optimized away), divided by 10 000; the least of three such measurements. The young generation is made large
 * enough (64 MB semi-spaces) that no GC runs inside the measured calls; a run that saw one is
 * measured again with fewer calls. Prints JSON: { ours: { call: bytes }, before?: { … } }.
 * SMTP_XCLIENT_BENCH_MODULE selects the build measured as "ours", as in bench/run.mjs.
 */

import { PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import { apiCalls, loadLibrary, parseCalls } from './cases.mjs';

if (typeof globalThis.gc !== 'function') {
  throw new Error('bench/alloc.mjs needs --expose-gc (bench/run.mjs starts it so)');
}
const { values: args } = parseArgs({ options: { before: { type: 'string' } } });

let collections = 0;
const observer = new PerformanceObserver((list) => {
  collections += list.getEntries().length;
});
observer.observe({ entryTypes: ['gc'] });
/** GC entries are delivered asynchronously: wait for them before reading the count. */
const settle = () => new Promise((done) => setTimeout(done, 5));

const WARMUP = 20_000;
const kept = new Array(10_000).fill(undefined);

/**
 * The least of three measurements: a measurement can include code the JIT compiles meanwhile
 * (after a call of another shape deoptimized a shared function), which is no allocation of
 * the call itself.
 */
async function bytesPerCall(fn) {
  for (let i = 0; i < WARMUP; i++) kept[i % 64] = fn();
  const runs = [await measureOnce(fn), await measureOnce(fn), await measureOnce(fn)];
  return Math.min(...runs);
}

async function measureOnce(fn) {
  for (let calls = kept.length; calls >= 500; calls = Math.floor(calls / 4)) {
    kept.fill(undefined);
    globalThis.gc();
    globalThis.gc();
    await settle();
    const seen = collections;
    const before = v8.getHeapStatistics().used_heap_size;
    for (let i = 0; i < calls; i++) kept[i] = fn();
    const after = v8.getHeapStatistics().used_heap_size;
    await settle();
    if (collections === seen) return (after - before) / calls;
  }
  return Number.NaN;
}

async function measure(library) {
  const out = {};
  for (const [name, fn] of Object.entries({ ...parseCalls(library), ...apiCalls(library) })) {
    out[name] = await bytesPerCall(fn);
  }
  return out;
}

const result = { ours: await measure(await loadLibrary(process.env.SMTP_XCLIENT_BENCH_MODULE)) };
if (args.before !== undefined) result.before = await measure(await loadLibrary(args.before));
observer.disconnect();
console.log(JSON.stringify(result));
