#!/usr/bin/env node
// Records what a live Postfix on loopback answers to XCLIENT lines and sequences, and the
// client identity it logged, as JSONL for the corpora under test/vectors/.
//
//   node scripts/record-postfix.mjs --in cases.jsonl --out recorded.jsonl
//        [--log /var/log/postfix-xclient-probe.log] [--concurrency 4] [--timeout 8000]
//
// A case is one connection. Either a line:
//   { "id": "long-001", "port": 10025, "line": "XCLIENT NAME=a", "eol": "\r\n" }
// or a sequence of steps:
//   { "id": "id-001", "steps": [ { "send": "XCLIENT NAME=a FOO=b", "identify": true },
//                                { "send": ["XCLIENT NAME=b", "EHLO x"] } ] }
// Lines are JavaScript strings whose code units 0-255 are the octets sent (Latin-1), so
// octets above 0x7F appear as \u00XX in the JSON. `send` as an array is written in one go
// (pipelined); the replies to it are read until the server has answered each line or hung up.
// `ehlo` (default "EHLO probe.example", null for none) is sent after the greeting.
//
// The identity: a step with `identify` (a line case: after a 2xx reply) is followed by
// MAIL FROM:<tag@example.com>, RCPT TO:<probe@$myhostname> (accepted: the queue file opens
// and Postfix logs "client=name[addr]:port, sasl_username=…"), RCPT TO:<r@example.net>
// (refused: Postfix logs "reject: RCPT from name[addr]:port: … proto=… helo=<…>") and RSET.
// The two log lines are found by the tag and give the identity Postfix logged at that point.
// Each refused RCPT counts as an error towards smtpd_hard_error_limit: keep sequences short.
//
// Output: the case, with `greeting`, `client_port` (the local port: what Postfix logs as the
// client's port before any XCLIENT PORT), `ehlo_xclient` (the XCLIENT keyword line or null)
// and, for a line, `code`, `enhanced`, `text` (Latin-1 view of the reply octets), `closed`,
// `identity` ({ logged, proto, helo, login, replies: the codes of the four commands });
// for a sequence, the same fields per step under `steps[i].replies`.
import fs from 'node:fs';
import { Connection, parseReply } from './lib/wire.mjs';

const args = {};
for (let i = 2; i < process.argv.length; i += 2) {
  args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
}
const IN = args.in;
const OUT = args.out;
const LOG = args.log ?? '/var/log/postfix-xclient-probe.log';
const CONCURRENCY = Number(args.concurrency ?? 4);
const TIMEOUT = Number(args.timeout ?? 8000);
const MYHOSTNAME = args.myhostname ?? 'xclient-probe.localdomain';
const RUN = Date.now().toString(36);
if (IN === undefined || OUT === undefined) {
  console.error('usage: record-postfix.mjs --in cases.jsonl --out recorded.jsonl [--log FILE]');
  process.exit(2);
}

/** Sends one line and reads its reply. */
async function command(conn, line, eol = '\r\n') {
  if (!conn.send(line + eol)) return { lines: [], closed: true, notSent: true };
  return conn.read();
}

function summary(r) {
  const out = parseReply(r.lines);
  if (r.closed) out.closed = true;
  if (r.timeout) out.timeout = true;
  return out;
}

const tagOf = (id, step) => `${RUN}-${id}-${step}`.toLowerCase().replace(/[^a-z0-9.-]/g, '-');

/** MAIL, an accepted and a refused RCPT, RSET: the log lines that show the identity. */
async function identify(conn, tag) {
  const replies = [];
  for (const cmd of [
    `MAIL FROM:<${tag}@example.com>`,
    `RCPT TO:<probe@${MYHOSTNAME}>`,
    'RCPT TO:<r@example.net>',
    'RSET',
  ]) {
    const r = await command(conn, cmd);
    replies.push(summary(r).code);
    if (r.closed) break;
  }
  return { tag, replies };
}

async function runSteps(conn, c, steps) {
  const out = [];
  for (const [i, step] of steps.entries()) {
    const lines = Array.isArray(step.send) ? step.send : [step.send];
    const eol = step.eol ?? '\r\n';
    const record = { ...step, replies: [] };
    if (!conn.send(lines.map((l) => l + eol).join(''))) {
      record.closed = true;
      out.push(record);
      break;
    }
    for (let k = 0; k < lines.length; k++) {
      const r = await conn.read();
      record.replies.push(summary(r));
      if (r.closed || r.timeout) break;
    }
    const last = record.replies[record.replies.length - 1];
    if (conn.closed || last?.closed) record.closed = true;
    const wanted =
      step.identify === true ||
      (step.identify === 'ok' && last?.code !== null && last.code >= 200 && last.code < 300);
    if (wanted && !conn.closed) record.probe = await identify(conn, tagOf(c.id, i));
    out.push(record);
    if (conn.closed) break;
  }
  return out;
}

async function runCase(c) {
  const conn = new Connection(c.host ?? '127.0.0.1', c.port ?? 10025, TIMEOUT);
  const out = { ...c };
  try {
    const greeting = await conn.read();
    out.greeting = summary(greeting);
    out.client_port = conn.socket.localPort;
    const ehlo = c.ehlo === undefined ? 'EHLO probe.example' : c.ehlo;
    if (ehlo !== null) {
      const e = await command(conn, ehlo);
      const keyword = e.lines.find((l) => /^250[- ]XCLIENT( |$)/.test(l));
      out.ehlo_xclient = keyword === undefined ? null : keyword.slice(4);
    }
    const steps =
      c.line === undefined
        ? c.steps
        : [{ send: c.line, ...(c.eol === undefined ? {} : { eol: c.eol }), identify: 'ok' }];
    const recorded = await runSteps(conn, c, steps);
    if (c.line === undefined) out.steps = recorded;
    else {
      const [only] = recorded;
      Object.assign(out, only.replies[0] ?? { code: null, enhanced: null, text: null });
      if (only.closed) out.closed = true;
      if (only.probe) out.probe = only.probe;
    }
    if (!conn.closed) await command(conn, 'QUIT');
  } catch (e) {
    out.error = String(e);
  } finally {
    conn.close();
  }
  return out;
}

/** The identity of each tag: namaddr, proto and helo from the reject, the login from client=. */
function identities() {
  let log = '';
  try {
    log = fs.readFileSync(LOG, 'latin1');
  } catch {
    return new Map();
  }
  const clients = new Map();
  const byTag = new Map();
  for (const l of log.split('\n')) {
    let m = /\]: ([0-9A-F]{6,}): client=([^,]*)(.*)$/.exec(l);
    if (m) {
      const login = /sasl_username=(.*)$/.exec(m[3])?.[1] ?? null;
      clients.set(m[1], { client: m[2], login });
      continue;
    }
    m =
      /\]: ([0-9A-F]{6,}|NOQUEUE): reject: RCPT from (\S+): 554 5\.7\.1 <r@example\.net>: Relay access denied; from=<([^>@]*)@example\.com> to=<r@example\.net> proto=(\S+)(?: helo=<(.*)>)?$/.exec(
        l,
      );
    if (m?.[3].startsWith(`${RUN}-`)) {
      byTag.set(m[3], { queue: m[1], logged: m[2], proto: m[4], helo: m[5] ?? null });
    }
  }
  const out = new Map();
  for (const [tag, r] of byTag) {
    const client = clients.get(r.queue);
    out.set(tag, {
      logged: r.logged,
      proto: r.proto,
      helo: r.helo,
      login: client?.login ?? null,
      ...(client !== undefined && client.client !== r.logged ? { client: client.client } : {}),
    });
  }
  return out;
}

function attach(record, found) {
  const fill = (holder) => {
    if (holder.probe === undefined) return;
    const identity = found.get(holder.probe.tag);
    holder.identity =
      identity === undefined ? null : { ...identity, replies: holder.probe.replies };
    delete holder.probe;
  };
  fill(record);
  for (const step of record.steps ?? []) fill(step);
}

const cases = fs
  .readFileSync(IN, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l));
for (const c of cases) {
  if (!/^(127\.\d+\.\d+\.\d+|::1)$/.test(c.host ?? '127.0.0.1')) {
    console.error(`refusing a host that is not loopback: ${c.host}`);
    process.exit(2);
  }
}
const results = new Array(cases.length);
let next = 0;
const started = Date.now();
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < cases.length) {
      const i = next++;
      results[i] = await runCase(cases[i]);
    }
  }),
);
const wanted = results
  .flatMap((r) => [r.probe, ...(r.steps ?? []).map((s) => s.probe)])
  .filter(Boolean);
let found = new Map();
for (let tries = 0; tries < 20; tries++) {
  await new Promise((r) => setTimeout(r, 500)); // postlogd writes the log asynchronously
  found = identities();
  if (wanted.every((p) => found.has(p.tag))) break;
}
for (const r of results) attach(r, found);
fs.writeFileSync(OUT, `${results.map((r) => JSON.stringify(r)).join('\n')}\n`);
const missing = wanted.filter((p) => !found.has(p.tag)).length;
console.log(
  `${results.length} cases in ${Date.now() - started} ms -> ${OUT}` +
    (missing > 0 ? ` (${missing} identities not found in ${LOG})` : ''),
);
