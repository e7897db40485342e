#!/usr/bin/env node
// The built package's own test, with no test framework, for every runtime we support:
// Node 20/22/24/26, Bun and Deno run this file against dist/ (ESM), and Node also loads the
// CJS build. It replays the recorded Postfix 3.7.11 corpus through parseXclient('postfix')
// and exercises every module once. Exit code 0 when everything holds.
//   node scripts/runtime-test.mjs | bun scripts/runtime-test.mjs | deno run -A scripts/runtime-test.mjs
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as esm from '../dist/index.js';
import * as esmServer from '../dist/server.js';

const runtime =
  typeof globalThis.Bun !== 'undefined'
    ? `bun ${globalThis.Bun.version}`
    : typeof globalThis.Deno !== 'undefined'
      ? `deno ${globalThis.Deno.version.deno}`
      : `node ${process.version}`;
let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) passed++;
  else {
    failed++;
    console.error(`FAIL ${name} ${detail}`);
  }
}

function suite(lib, server, label) {
  const { parseXclient, formatXclient, encodeXtext, decodeXtext, UNAVAILABLE } = lib;
  // 1. the corpus: every authorized-session XCLIENT line without history
  const lines = readFileSync(
    new URL('../test/vectors/postfix-3.7.11.jsonl', import.meta.url),
    'utf8',
  )
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l))
    .filter(
      (c) =>
        (c.context === 'auth' || c.context === 'auth6') &&
        !(c.pre?.length > 0) &&
        !/^(VRFY|XFORWARD) /.test(c.line),
    );
  for (const c of lines) {
    const octets = Uint8Array.from(c.line, (ch) => ch.charCodeAt(0));
    const r = parseXclient(octets, { profile: 'postfix' });
    const text = new TextDecoder().decode(Uint8Array.from(c.text ?? '', (ch) => ch.charCodeAt(0)));
    const ok =
      c.code === 220 ? r.ok : !r.ok && r.error.reply.code === c.code && r.error.reply.text === text;
    check(`${label} corpus ${c.id}`, ok, JSON.stringify(r.ok ? 'accepted' : r.error.reply));
  }
  check(`${label} corpus size`, lines.length === 415, String(lines.length));
  // 2. xtext on octets
  check(`${label} encodeXtext`, encodeXtext('jürgen =+') === 'j+C3+BCrgen+20+3D+2B');
  const d = decodeXtext('caf+E9');
  check(
    `${label} decodeXtext refuses invalid UTF-8`,
    !d.ok && d.error.code === 'XTEXT_INVALID_UTF8',
  );
  // 3. the split Postfix keeps
  const split = formatXclient({
    HELO: 'h'.repeat(230),
    LOGIN: 'l'.repeat(240),
    PORT: 1,
    ADDR: UNAVAILABLE,
  });
  check(
    `${label} formatXclient split`,
    split.length === 2 && split[0] === 'XCLIENT PORT=1' && split[1].endsWith('ADDR=[UNAVAILABLE]'),
  );
  // 4. the session
  let s = server.createXclientSession({
    client: { ADDR: '127.0.0.1' },
    authorizedHosts: ['127.0.0.0/8'],
    banner: 'mx ESMTP',
  });
  let step = server.applyXclient(s, 'XCLIENT ADDR=192.0.2.1');
  check(`${label} session 220`, step.reply.code === 220);
  step = server.applyXclient(step.session, 'XCLIENT NAME=x.example');
  check(`${label} session 550 after ADDR moved`, step.reply.code === 550);
  s = step.session;
  // 5. replies
  check(
    `${label} formatReply`,
    lib.formatReply({ code: 250, text: ['a', 'b'] }) === '250-a\r\n250 b\r\n',
  );
}

suite(esm, esmServer, 'esm');
if (typeof globalThis.Deno === 'undefined') {
  const require = createRequire(import.meta.url);
  const cjs = require('../dist/index.cjs');
  const cjsServer = require('../dist/server.cjs');
  suite(cjs, cjsServer, 'cjs');
  check(
    'cjs entries share the markers',
    cjsServer.createXclientSession().client.NAME === cjs.UNAVAILABLE,
  );
  check('cjs and esm are separate builds', typeof cjs.parseXclient === 'function');
}
console.log(`${runtime}: ${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
