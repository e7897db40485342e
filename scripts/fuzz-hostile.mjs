#!/usr/bin/env node
// The hostile part of `npm run fuzz`, against the BUILT package: every public function, in
// every argument position, given hostile JavaScript values (test/helpers/hostile.mjs: sparse
// and huge arrays, throwing getters and Proxies, detached octets, throwing toString, wrong
// types), with and without a polluted Object.prototype; and the heap each result keeps per
// character of its input. Unlike the invariant targets it does not stop at the first
// problem: it tallies the outcome of every call by API, so one run shows them all.
//
// Each API runs in a child process of its own (`--worker NAME`), so that a call that hangs
// (a loop over an array of length 2**32-1) is counted as a hang when its time is up instead
// of stopping the campaign. fuzz.mjs runs this after its targets; alone:
//
//   node scripts/fuzz-hostile.mjs [--count N] [--seed S]
//
// Contracts: a parser ("never throws", README) may not throw at all; a builder may throw
// only an XclientError; no string in a result may hold CR, LF or NUL where the API emits
// lines; a call must return within the time limit; a polluted prototype must not change what
// a plain call returns.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { hostileValue, POLLUTION } from '../test/helpers/hostile.mjs';

const self = fileURLToPath(import.meta.url);
const TIMEOUT_MS = 20_000;

/** The APIs, by entry point: [label, contract, call(h)]. 'parser' never throws. */
async function apis() {
  const core = await import('smtp-xclient');
  const server = await import('smtp-xclient/server');
  const client = await import('smtp-xclient/client');
  const proxy = await import('smtp-xclient/proxy');
  const s = server.createXclientSession({
    client: { ADDR: '127.0.0.1' },
    authorizedHosts: ['127.0.0.0/8'],
    authorizedXforwardHosts: ['127.0.0.0/8'],
  });
  const ehlo = '250-mx.example\r\n250-XCLIENT NAME ADDR HELO LOGIN\r\n250 XFORWARD NAME ADDR IDENT';
  const P = 'parser';
  const B = 'builder';
  return [
    ['parseXclient(h)', P, (h) => core.parseXclient(h)],
    ['parseXclient(line, h)', P, (h) => core.parseXclient('XCLIENT NAME=a', h)],
    ['parseXforward(h)', P, (h) => core.parseXforward(h)],
    ['parseXforward(line, h)', P, (h) => core.parseXforward('XFORWARD NAME=a', h)],
    ['parseReply(h)', P, (h) => core.parseReply(h)],
    ['parseXclientKeyword(h)', P, (h) => core.parseXclientKeyword(h)],
    ['parseXforwardKeyword(h)', P, (h) => core.parseXforwardKeyword(h)],
    ['decodeXtext(h)', P, (h) => core.decodeXtext(h)],
    ['decodeXtext(x, h)', P, (h) => core.decodeXtext('a+2B', h)],
    ['decodeXtextBytes(h)', P, (h) => core.decodeXtextBytes(h)],
    ['validateAttribute(h, v)', P, (h) => core.validateAttribute(h, 'a')],
    ['validateAttribute(n, h)', P, (h) => core.validateAttribute('NAME', h)],
    ['validateAttribute(n, v, h)', P, (h) => core.validateAttribute('NAME', 'a', h)],
    ['classifyXclientReply(h)', P, (h) => core.classifyXclientReply(h)],
    ['parseProxyHeader(h)', P, (h) => proxy.parseProxyHeader(h)],
    ['encodeXtext(h)', B, (h) => core.encodeXtext(h)],
    ['formatXclient(h)', B, (h) => core.formatXclient(h)],
    ['formatXclient({ NAME: h })', B, (h) => core.formatXclient({ NAME: h })],
    ['formatXclient(a, h)', B, (h) => core.formatXclient({ NAME: 'a' }, h)],
    ['planXclient(a, h)', B, (h) => core.planXclient({ NAME: 'a' }, h)],
    ['formatXforward(h)', B, (h) => core.formatXforward(h)],
    ['formatReply(h)', B, (h) => core.formatReply(h)],
    ['replyOctets(h)', B, (h) => core.replyOctets(h)],
    ['formatXclientKeyword(h)', B, (h) => core.formatXclientKeyword(h)],
    ['proxyToXclient(h)', B, (h) => proxy.proxyToXclient(h)],
    ['createHostMatcher(h)', B, (h) => server.createHostMatcher(h)],
    ['createHostMatcher(p)(h)', B, (h) => server.createHostMatcher(['127.0.0.0/8'])(h)],
    ['createXclientSession(h)', B, (h) => server.createXclientSession(h)],
    ['createXclientSession({ client: h })', B, (h) => server.createXclientSession({ client: h })],
    [
      'createXclientSession({ authorizedHosts: h })',
      B,
      (h) => server.createXclientSession({ authorizedHosts: h }),
    ],
    ['applyXclient(h, line)', B, (h) => server.applyXclient(h, 'XCLIENT NAME=a')],
    ['applyXclient(s, h)', P, (h) => server.applyXclient(s, h)],
    ['applyXclient(s, line, h)', B, (h) => server.applyXclient(s, 'XCLIENT NAME=a', h)],
    ['applyXforward(s, h)', P, (h) => server.applyXforward(s, h)],
    ['applyCommand(s, h)', P, (h) => server.applyCommand(s, h)],
    ['formatClientLabel(h)', B, (h) => server.formatClientLabel(h)],
    ['planXclientSession(h, ehlo)', B, (h) => client.planXclientSession(h, ehlo)],
    ['planXclientSession(id, h)', B, (h) => client.planXclientSession({ ADDR: '192.0.2.1' }, h)],
    ['planXclientSession(id, ehlo, h)', B, (h) => client.planXclientSession({}, ehlo, h)],
    ['planConnectionReuse(h, n)', B, (h) => client.planConnectionReuse(h, { NAME: 'b' })],
    ['planConnectionReuse(p, n, h)', B, (h) => client.planConnectionReuse({}, { NAME: 'b' }, h)],
    ['interpretXclientReply(h)', B, (h) => client.interpretXclientReply(h)],
    ['planXforwardSession(h, ehlo)', B, (h) => client.planXforwardSession(h, ehlo)],
    ['findPipeliningHazards(h)', B, (h) => client.findPipeliningHazards(h)],
  ];
}

/** Whether a result holds a string with CR, LF or NUL (a line a builder would emit). */
function hasLineBreak(value, depth = 0) {
  if (typeof value === 'string') return /[\r\n\0]/.test(value);
  if (typeof value !== 'object' || value === null || depth > 5 || ArrayBuffer.isView(value)) {
    return false;
  }
  try {
    return Object.values(value).some((v) => hasLineBreak(v, depth + 1));
  } catch {
    return false;
  }
}

/** One call's outcome: 'ok', or the kind of broken contract. */
function outcome(contract, call, hostile, emits) {
  let result;
  try {
    result = call(hostile);
  } catch (e) {
    if (contract === 'parser') return `threw ${e?.constructor?.name ?? typeof e}`;
    if (e?.name === 'XclientError' || typeof e?.code === 'string') return 'ok';
    return `threw ${e?.constructor?.name ?? typeof e}`;
  }
  return emits && hasLineBreak(result) ? 'CR/LF/NUL in result' : 'ok';
}

/** The worker: one API, `count` hostile values, tallied. */
async function worker(name, count, seed, polluted) {
  const list = await apis();
  const entry = list.find(([label]) => label === name);
  const [, contract, call] = entry;
  const emits = !/^(parse|decode|validate|classify)/.test(name);
  const tally = {};
  const examples = {};
  const samples = fc.sample(hostileValue(fc), { numRuns: count, seed });
  if (polluted) for (const [k, v] of Object.entries(POLLUTION)) Object.prototype[k] = v;
  for (const h of samples) {
    const o = outcome(contract, call, h.make(), emits);
    tally[o] = (tally[o] ?? 0) + 1;
    if (o !== 'ok' && examples[o] === undefined) examples[o] = h.label;
  }
  if (polluted) for (const k of Object.keys(POLLUTION)) delete Object.prototype[k];
  process.stdout.write(JSON.stringify({ calls: samples.length, tally, examples }));
}

/**
 * What a polluted prototype changes: the same plain calls with and without it (JSON of
 * their results), in a worker of its own.
 */
async function pollutionWorker() {
  const list = await apis();
  const plain = {
    'parseXclient(h)': 'XCLIENT NAME=a.example ADDR=192.0.2.1',
    'parseXclient(line, h)': {},
    'parseReply(h)': ['250-a', '250 b'],
    'parseXclientKeyword(h)': '250 XCLIENT NAME ADDR',
    'decodeXtext(h)': 'a+2Bb',
    'validateAttribute(n, h)': 'a.example',
    'formatXclient(h)': { ADDR: '192.0.2.1' },
    'formatXclient(a, h)': {},
    'planXclient(a, h)': {},
    'formatReply(h)': { code: 250, text: 'ok' },
    'createXclientSession(h)': { client: { ADDR: '192.0.2.1' } },
    'applyXclient(s, line, h)': {},
    'applyCommand(s, h)': {},
    'formatClientLabel(h)': { ADDR: '192.0.2.1' },
    'planXclientSession(h, ehlo)': { ADDR: '192.0.2.1' },
    'planXclientSession(id, ehlo, h)': {},
    'planConnectionReuse(h, n)': { ADDR: '127.0.0.5', LOGIN: 'alice' },
    'interpretXclientReply(h)': { code: 250, text: 'ok' },
  };
  const run = () =>
    Object.fromEntries(
      list
        .filter(([label]) => label in plain)
        .map(([label, , call]) => {
          try {
            return [label, JSON.stringify(call(plain[label]))];
          } catch (e) {
            return [label, `threw ${e?.code ?? e}`];
          }
        }),
    );
  const clean = run();
  for (const [k, v] of Object.entries(POLLUTION)) Object.prototype[k] = v;
  const dirty = run();
  for (const k of Object.keys(POLLUTION)) delete Object.prototype[k];
  const changed = Object.keys(clean).filter((k) => clean[k] !== dirty[k]);
  process.stdout.write(JSON.stringify({ calls: Object.keys(clean).length * 2, changed }));
}

/** Heap kept by each result per input character (run with --expose-gc). */
async function memoryWorker() {
  const core = await import('smtp-xclient');
  const server = await import('smtp-xclient/server');
  const client = await import('smtp-xclient/client');
  const N = 1_000_000;
  const s = server.createXclientSession({ client: { ADDR: '127.0.0.1' } });
  const inputs = {
    spaces: ' '.repeat(N),
    controls: '\x01'.repeat(N),
    plus: '+'.repeat(N),
    'escaped NUL': '+00'.repeat(N / 3),
    specials: '<>'.repeat(N / 2),
    utf8: 'é'.repeat(N),
  };
  const targets = {
    'decodeXtext lenient': (t) => core.decodeXtext(t, { profile: 'lenient' }),
    'decodeXtext postfix': (t) => core.decodeXtext(t, { profile: 'postfix' }),
    'validateAttribute HELO postfix': (t) =>
      core.validateAttribute('HELO', t, { profile: 'postfix' }),
    'validateAttribute LOGIN lenient': (t) =>
      core.validateAttribute('LOGIN', t, { profile: 'lenient' }),
    'parseXclient postfix': (t) => core.parseXclient(`XCLIENT HELO=${t}`, { profile: 'postfix' }),
    parseReply: (t) => core.parseReply(`250 ${t}`),
    'applyCommand EHLO': (t) => server.applyCommand(s, { verb: 'EHLO', name: `a${t}` }),
    'planXclientSession HELO': (t) =>
      client.planXclientSession({ HELO: `a${t}` }, '250 XCLIENT HELO'),
  };
  const rows = [];
  for (const [target, f] of Object.entries(targets)) {
    for (const [shape, text] of Object.entries(inputs)) {
      globalThis.gc();
      const before = process.memoryUsage().heapUsed;
      let kept;
      try {
        kept = f(text);
      } catch (e) {
        kept = e;
      }
      globalThis.gc();
      const after = process.memoryUsage().heapUsed;
      // The result is still referenced here, so the measure counts what it keeps.
      rows.push({ target, shape, bytes: (after - before) / text.length, kept: kept !== undefined });
    }
  }
  process.stdout.write(JSON.stringify(rows));
}

// ---------------------------------------------------------------------------------------
// The runner

function runChild(args, flags = []) {
  const r = spawnSync(process.execPath, [...flags, self, ...args], {
    encoding: 'utf8',
    timeout: TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error?.code === 'ETIMEDOUT' || r.signal === 'SIGTERM') return { hang: true };
  if (r.status !== 0) return { crashed: r.stderr.split('\n').slice(0, 3).join(' ') };
  return JSON.parse(r.stdout);
}

/** The whole hostile campaign: returns { calls, failures, rows } and prints the tallies. */
export async function hostileCampaign({ count, seed }) {
  const list = await apis();
  const perApi = Math.max(50, Math.round(count / (2 * list.length)));
  const rows = [];
  let calls = 0;
  let failures = 0;
  for (const [index, [label]] of list.entries()) {
    for (const polluted of [false, true]) {
      const args = ['--worker', label, '--count', String(perApi), '--seed', String(seed + index)];
      const r = runChild(polluted ? [...args, '--polluted'] : args);
      const bad = r.hang
        ? { hang: 1 }
        : r.crashed
          ? { crashed: 1 }
          : Object.fromEntries(Object.entries(r.tally).filter(([o]) => o !== 'ok'));
      const n = r.hang || r.crashed ? 1 : r.calls;
      const broken = Object.values(bad).reduce((a, b) => a + b, 0);
      calls += n;
      failures += broken;
      if (broken > 0) {
        rows.push({
          api: label,
          prototype: polluted ? 'polluted' : 'clean',
          calls: n,
          broken,
          how: Object.entries(bad)
            .map(([o, k]) => `${o} ×${k}${r.examples?.[o] ? ` (${r.examples[o]})` : ''}`)
            .join('; '),
        });
      }
    }
  }
  const pollution = runChild(['--pollution']);
  calls += pollution.calls ?? 0;
  failures += pollution.changed?.length ?? 1;
  for (const api of pollution.changed ?? ['(pollution worker failed)']) {
    rows.push({ api, prototype: 'polluted', calls: 2, broken: 1, how: 'result changed' });
  }
  console.log(
    `hostile values: ${calls.toLocaleString('en')} calls over ${list.length} APIs (clean and polluted prototype), ${failures.toLocaleString('en')} broke a contract`,
  );
  if (rows.length > 0) console.table(rows);
  const memory = runChild(['--memory'], ['--expose-gc']);
  const heavy = Array.isArray(memory) ? memory.filter((m) => m.bytes > 16) : [];
  console.log(
    `memory: ${Array.isArray(memory) ? memory.length : 0} target × input shapes, ${heavy.length} kept more than 16 bytes per input character`,
  );
  if (heavy.length > 0) {
    console.table(
      heavy.map((m) => ({ target: m.target, shape: m.shape, bytes: Number(m.bytes.toFixed(1)) })),
    );
  }
  return { calls, failures: failures + heavy.length, rows, memory };
}

// ---------------------------------------------------------------------------------------
// Entry

const argv = process.argv.slice(2);
const arg = (name) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
if (process.argv[1] === self) {
  if (argv.includes('--worker')) {
    await worker(
      arg('worker'),
      Number(arg('count')),
      Number(arg('seed')),
      argv.includes('--polluted'),
    );
  } else if (argv.includes('--pollution')) {
    await pollutionWorker();
  } else if (argv.includes('--memory')) {
    await memoryWorker();
  } else {
    const count = Number(arg('count') ?? 100_000);
    const seed = Number(arg('seed') ?? 1);
    const { failures } = await hostileCampaign({ count, seed });
    process.exitCode = failures > 0 ? 1 : 0;
  }
}
