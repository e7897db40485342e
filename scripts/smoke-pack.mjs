#!/usr/bin/env node
// Packs the package, installs the tarball in a fresh project, and loads it the way users
// do: ESM import, CJS require, the arbitraries subpath in both, and the smtp-xclient bin.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'smtp-xclient-smoke-'));
const run = (cmd, args, cwd = dir) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
try {
  run('npm', ['pack', '--silent', '--pack-destination', dir], root);
  const tgz = readdirSync(dir).find((f) => f.endsWith('.tgz'));
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'smoke', private: true, type: 'module' }),
  );
  // fast-check is an optional peer: install it so the arbitraries subpath can load.
  const fastCheck = JSON.parse(
    readFileSync(join(root, 'node_modules/fast-check/package.json'), 'utf8'),
  ).version;
  run('npm', [
    'install',
    '--silent',
    '--no-audit',
    '--no-fund',
    `./${tgz}`,
    `fast-check@${fastCheck}`,
  ]);
  const esm = run('node', [
    '--input-type=module',
    '-e',
    `
    import { parseXclient, formatXclient, UNAVAILABLE } from 'smtp-xclient';
    import { validXclientLine } from 'smtp-xclient/arbitraries';
    import fc from 'fast-check';
    const r = parseXclient('XCLIENT NAME=spike.porcupine.org ADDR=168.100.189.2');
    const lines = fc.sample(validXclientLine(), { numRuns: 20, seed: 1 });
    const all = lines.every((l) => parseXclient(typeof l === 'string' ? l : l.line).ok);
    console.log(r.ok && r.value.ADDR, formatXclient({ ADDR: UNAVAILABLE })[0], all);`,
  ]);
  const cjs = run('node', [
    '--input-type=commonjs',
    '-e',
    `
    const { parseXclient, UNAVAILABLE } = require('smtp-xclient');
    const arb = require('smtp-xclient/arbitraries');
    const { createXclientSession } = require('smtp-xclient/server');
    const { planXclientSession } = require('smtp-xclient/client');
    const r = parseXclient('XCLIENT NAME=[UNAVAILABLE]');
    const same = createXclientSession().client.NAME === UNAVAILABLE;
    const plan = planXclientSession({ NAME: UNAVAILABLE }, '250 XCLIENT NAME').lines.join();
    console.log(r.ok && r.value.NAME === UNAVAILABLE, typeof arb.xclientAttributes, same, plan);`,
  ]);
  const bin = run('npx', [
    '--no-install',
    'smtp-xclient',
    'check',
    '--json',
    'XCLIENT NAME=x.example',
  ]);
  const expected = [
    '168.100.189.2 XCLIENT ADDR=[UNAVAILABLE] true',
    'true function true XCLIENT NAME=[UNAVAILABLE]',
  ];
  const got = [esm.trim(), cjs.trim()];
  if (JSON.stringify(got) !== JSON.stringify(expected) || JSON.parse(bin).verdict !== 'accepted') {
    console.error('smoke test failed:', got, bin);
    process.exit(1);
  }
  console.log(
    `smoke: ${tgz} installs; ESM, CJS, the server, client and arbitraries subpaths and the bin work`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
