#!/usr/bin/env node
// Sends XFORWARD cases to a live Postfix on loopback and records what it replied, and what it
// logged for each message afterwards. No npm dependencies: node:net and node:fs only.
//
//   node scripts/xforward-cases.mjs > /tmp/xforward-cases.jsonl
//   node scripts/xforward-probe.mjs --in /tmp/xforward-cases.jsonl \
//        --out test/vectors/xforward-postfix-3.7.11.jsonl
//
// Options: --host 127.0.0.1, --xforward-port 10028 (XCLIENT and XFORWARD authorized),
// --xclient-port 10025 (XCLIENT only), --noauth-port 10026 (neither), --concurrency 4,
// --log /var/log/postfix-xclient-probe.log. Postfix is started by the shared
// start-postfix.sh; this script never starts or stops it.
//
// A case (one JSON object per line, from xforward-cases.mjs):
//   { "id": "x001", "context": "auth", "line": "XFORWARD NAME=a.example", "note": "…" }
//   { "id": "s001", "context": "seq", "steps": ["XFORWARD NAME=a.example", "WITNESS", "RSET"] }
// Contexts: auth (10028, EHLO first), noehlo (10028, no EHLO), mail (10028, EHLO and MAIL
// first), xclient (10025), noauth (10026), seq (10028, EHLO first, then `steps`).
// Optional fields: "ehlo": false (no EHLO), "pre": [steps] (sent after EHLO, before the line),
// "eol": "\n" (the line's ending), "noWitness": true.
// A line case is followed by WITNESS and RSET unless it closed the connection, was sent in a
// transaction (context mail) or has noWitness. Step macros:
//   WITNESS   MAIL FROM:<TAG@example.com>, RCPT TO:<probe@xclient-probe.localdomain> (opens
//             the queue file: Postfix logs "QID: client=…, orig_queue_id=…, orig_client=…"),
//             RCPT TO:<r@example.net> (refused: its log line ties QID to TAG)
//   TAG@      in any step: a new witness tag, so a sequence can build its own transaction
//   MESSAGE   DATA, a two-line message and "." (delivered to the discard transport)
//   BDATLAST  the whole message in one BDAT … LAST
//   PIPE:a||b the commands a and b in one write
//   RAW:x     the line x with a bare LF ending
// Output: the case with the replies (code, enhanced, text; reply for multi-line), the EHLO
// keyword lines, `steps` as sent with their replies, and `witness`: for each WITNESS, the
// queue id and what followed "client=" in the log.
import fs from 'node:fs';
import { Connection, parseReply } from './lib/wire.mjs';

const args = Object.fromEntries(
  process.argv
    .slice(2)
    .flatMap((a, i, all) => (a.startsWith('--') ? [[a.slice(2), all[i + 1]]] : [])),
);
const HOST = args.host ?? '127.0.0.1';
const PORTS = {
  auth: Number(args['xforward-port'] ?? 10028),
  noehlo: Number(args['xforward-port'] ?? 10028),
  mail: Number(args['xforward-port'] ?? 10028),
  seq: Number(args['xforward-port'] ?? 10028),
  xclient: Number(args['xclient-port'] ?? 10025),
  noauth: Number(args['noauth-port'] ?? 10026),
};
const LOG = args.log ?? '/var/log/postfix-xclient-probe.log';
const CONCURRENCY = Number(args.concurrency ?? 4);
const TIMEOUT_MS = 10_000;
const RUN = Date.now().toString(36);

if (!/^127\.\d+\.\d+\.\d+$/.test(HOST)) {
  console.error(`refusing the non-loopback host ${HOST}`);
  process.exit(2);
}

/** A step's record: the command as sent and the reply. */
function record(cmd, r) {
  const out = { cmd, ...parseReply(r.lines) };
  if (r.lines.length > 1) out.reply = r.lines;
  if (r.closed) out.closed = true;
  if (r.timeout) out.timeout = true;
  return out;
}

/** Sends one command line (or several in one write) and reads a reply for each. */
async function send(conn, cmds, eol = '\r\n') {
  if (conn.closed) return cmds.map((cmd) => ({ cmd, code: null, not_sent: true }));
  conn.send(cmds.map((c) => c + eol).join(''));
  const out = [];
  for (const cmd of cmds) out.push(record(cmd, await conn.read()));
  return out;
}

/** The steps of WITNESS: a new tag's transaction, its queue file opened and tied to the tag. */
const WITNESS = [
  'MAIL FROM:<TAG@example.com>',
  'RCPT TO:<probe@xclient-probe.localdomain>',
  'RCPT TO:<r@example.net>',
];

/** A BDAT LAST chunk: the whole message in one command. */
const BDAT_BODY = 'Subject: chunk\r\n\r\nprobe\r\n';

/** Expands the macros of a step into what is sent, and runs it. */
async function runStep(conn, step0, state) {
  if (step0 === 'WITNESS') {
    const out = [];
    for (const cmd of WITNESS) out.push(...(await runStep(conn, cmd, state)));
    return out;
  }
  let step = step0;
  if (step.includes('TAG@')) {
    const tag = `${state.id}-w${state.witness.length}-${RUN}`;
    state.witness.push({ tag });
    step = step.replaceAll('TAG@', `${tag}@`);
  }
  if (step === 'BDATLAST') return send(conn, [`BDAT ${BDAT_BODY.length} LAST\r\n${BDAT_BODY}`], '');
  if (step === 'MESSAGE') {
    const data = await send(conn, ['DATA']);
    if (data[0].code !== 354) return data;
    return [...data, ...(await send(conn, [`Subject: ${state.id}\r\n\r\nprobe\r\n.`]))];
  }
  if (step.startsWith('PIPE:')) return send(conn, step.slice(5).split('||'));
  if (step.startsWith('RAW:')) return send(conn, [step.slice(4)], '\n');
  return send(conn, [step]);
}

/** The EHLO keyword lines a reply announces. */
function keywords(step) {
  const lines = step.reply ?? [];
  const find = (word) => {
    const line = lines.find((l) => new RegExp(`^250[- ]${word}( |$)`).test(l));
    return line === undefined ? null : line.slice(4);
  };
  return { ehlo_xforward: find('XFORWARD'), ehlo_xclient: find('XCLIENT') };
}

async function runCase(c) {
  const conn = new Connection(HOST, PORTS[c.context], TIMEOUT_MS);
  const state = { id: c.id, witness: [] };
  const out = { ...c };
  try {
    out.greeting = record('', await conn.read()).code;
    if (c.context !== 'noehlo' && c.ehlo !== false) {
      const [ehlo] = await send(conn, ['EHLO probe.example']);
      Object.assign(out, { ehlo_code: ehlo.code }, keywords(ehlo));
    }
    const pre = [...(c.context === 'mail' ? ['MAIL FROM:<m@example.com>'] : []), ...(c.pre ?? [])];
    if (pre.length > 0) {
      out.pre = [];
      for (const step of pre) out.pre.push(...(await runStep(conn, step, state)));
    }
    if (c.line !== undefined) {
      const [r] = await send(conn, [c.line], c.eol ?? '\r\n');
      const { cmd: _cmd, ...reply } = r;
      Object.assign(out, reply);
      if (c.context !== 'mail' && c.noWitness !== true && !r.closed && r.code !== null) {
        out.post = [...(await runStep(conn, 'WITNESS', state)), ...(await send(conn, ['RSET']))];
      }
    } else {
      out.steps = [];
      for (const step of c.steps) {
        out.steps.push(...(await runStep(conn, step, state)));
        if (conn.closed) break;
      }
    }
    if (!conn.closed) await send(conn, ['QUIT']);
  } catch (e) {
    out.error = String(e);
  } finally {
    conn.close();
  }
  if (state.witness.length > 0) out.witness = state.witness;
  return out;
}

/** Fills each witness with its queue id and the text after "client=" in the log. */
function readLog(results, from) {
  const fd = fs.openSync(LOG, 'r');
  const size = fs.fstatSync(fd).size;
  const buffer = Buffer.alloc(size - from);
  fs.readSync(fd, buffer, 0, buffer.length, from);
  fs.closeSync(fd);
  const clientOf = new Map();
  const queueOf = new Map();
  for (const line of buffer.toString('latin1').split('\n')) {
    const client = /\]: ([0-9A-F]{6,}): client=(.*)$/.exec(line);
    if (client) clientOf.set(client[1], client[2]);
    const reject = /\]: ([0-9A-F]{6,}): reject: RCPT from .*; from=<([^>]*)@example\.com> /.exec(
      line,
    );
    if (reject) queueOf.set(reject[2], reject[1]);
  }
  for (const r of results) {
    for (const w of r.witness ?? []) {
      const queue = queueOf.get(w.tag);
      if (queue === undefined) continue;
      w.queue_id = queue;
      w.client = clientOf.get(queue) ?? null;
    }
  }
}

const cases = fs
  .readFileSync(args.in, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l));
const logStart = fs.statSync(LOG).size;
const results = new Array(cases.length);
let nextCase = 0;
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (nextCase < cases.length) {
      const i = nextCase++;
      results[i] = await runCase(cases[i]);
    }
  }),
);
await new Promise((resolve) => setTimeout(resolve, 2000)); // postlogd writes asynchronously
readLog(results, logStart);
// The tags carry this run's nonce; the corpus keeps them without it.
const text = results.map((r) => JSON.stringify(r).replaceAll(`-${RUN}`, '')).join('\n');
fs.writeFileSync(args.out, `${text}\n`);
const codes = {};
for (const r of results) codes[r.code ?? 'seq'] = (codes[r.code ?? 'seq'] ?? 0) + 1;
const missing = results.flatMap((r) => (r.witness ?? []).filter((w) => w.queue_id === undefined));
console.log(
  `${results.length} cases -> ${args.out}`,
  codes,
  `witnesses without log: ${missing.length}`,
);
