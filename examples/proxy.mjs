#!/usr/bin/env node
// An XCLIENT-repairing proxy between nginx's mail proxy and Postfix.
//
// nginx (`xclient on`) sends `XCLIENT ADDR=… [LOGIN=…] NAME=…` with the LOGIN not
// xtext-encoded: `LOGIN=bob smith+tag=x@example.com` reaches Postfix as LOGIN=bob and an
// unknown attribute, and fails (docs/spec/peers.md). This proxy listens where nginx's upstream would
// be, reads nginx's line with parseXclient in the 'lenient' profile, rebuilds correct
// commands with planXclient (only the attributes Postfix announced, split the way Postfix
// keeps them all), sends them to Postfix, answers nginx with Postfix's 220, and from then
// on relays the session byte for byte. A line the library cannot read is refused with its
// 501 and never reaches Postfix.
//
//   node examples/proxy.mjs [--listen 127.0.0.1:2525] [--upstream 127.0.0.1:10025]
//   node examples/proxy.mjs --demo [--upstream 127.0.0.1:10025] [--log /var/log/postfix-xclient-probe.log]
//
// --demo starts the proxy on an ephemeral loopback port, plays nginx against it (three
// lines nginx really sends, one broken line), checks every reply and what Postfix logged,
// prints the transcript, and exits: 0 when everything matched, 1 otherwise, 2 when Postfix
// is not there. Run `npm run build` first (the example imports the built package). Only
// loopback addresses are ever used.
import { existsSync, readFileSync, statSync } from 'node:fs';
import net from 'node:net';
import {
  formatReply,
  parseReply,
  parseXclient,
  parseXclientKeyword,
  planXclient,
} from 'smtp-xclient';

const HOSTNAME = 'proxy.example';
const ATTRIBUTES = [
  'NAME',
  'ADDR',
  'PROTO',
  'HELO',
  'REVERSE_NAME',
  'PORT',
  'LOGIN',
  'DESTADDR',
  'DESTPORT',
];

// ---------------------------------------------------------------------------------------
// Options

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

function hostPort(text) {
  const m = /^(.*):(\d+)$/.exec(text);
  if (!m) throw new Error(`expected host:port, got ${text}`);
  const host = m[1].replace(/^\[(.*)\]$/, '$1');
  if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) && host !== '::1') {
    throw new Error(`${host} is not a loopback address: this example only uses loopback`);
  }
  return { host, port: Number(m[2]) };
}

const UPSTREAM = hostPort(option('upstream', '127.0.0.1:10025'));
const LISTEN = hostPort(option('listen', '127.0.0.1:2525'));
const LOG = option('log', '/var/log/postfix-xclient-probe.log');
const DEMO = process.argv.includes('--demo');

// ---------------------------------------------------------------------------------------
// Reading lines and replies from a socket

/** Splits a socket's data into lines (octets, without CRLF); `detach()` hands back the rest. */
function lineReader(socket, onLine) {
  let buffer = Buffer.alloc(0);
  const onData = (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (
      let lf = buffer.indexOf(0x0a);
      lf >= 0 && onLine !== undefined;
      lf = buffer.indexOf(0x0a)
    ) {
      const end = lf > 0 && buffer[lf - 1] === 0x0d ? lf - 1 : lf;
      const line = buffer.subarray(0, end);
      buffer = buffer.subarray(lf + 1);
      onLine(line);
    }
  };
  socket.on('data', onData);
  return {
    detach() {
      socket.off('data', onData);
      onLine = undefined;
      const rest = buffer;
      buffer = Buffer.alloc(0);
      return rest;
    },
  };
}

/** A client connection that reads whole replies (for the proxy's upstream, and the demo). */
function smtpClient(host, port) {
  hostPort(`${host}:${port}`); // loopback only
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const lines = [];
    const waiters = [];
    let closed = false;
    const pump = () => {
      while (waiters.length > 0) {
        const end = lines.findIndex((l) => l.length < 4 || l[3] !== '-');
        if (end >= 0) waiters.shift()(lines.splice(0, end + 1));
        else if (closed) waiters.shift()(undefined);
        else return;
      }
    };
    const reader = lineReader(socket, (line) => {
      lines.push(line.toString('utf8'));
      pump();
    });
    socket.on('close', () => {
      closed = true;
      pump();
    });
    socket.once('error', (e) => {
      closed = true;
      reject(e);
      pump();
    });
    socket.once('connect', () =>
      resolve({
        socket,
        /** The next reply's lines, or undefined when the connection closed. */
        read: () =>
          new Promise((r) => {
            waiters.push(r);
            pump();
          }),
        async command(line) {
          socket.write(`${line}\r\n`);
          return this.read();
        },
        detach: () => reader.detach(),
      }),
    );
  });
}

const replyOf = (lines) => {
  const r = lines === undefined ? undefined : parseReply(lines);
  return r?.ok ? r.value : { code: 421, enhanced: '4.4.2', text: 'upstream closed the connection' };
};

// ---------------------------------------------------------------------------------------
// The proxy

/** The attributes of a parsed command, as planXclient takes them. */
function attributesOf(command, notes) {
  const out = {};
  for (const name of ATTRIBUTES) {
    const value = command[name];
    if (value === undefined) continue;
    if (name === 'PROTO' && value === 'LMTP') {
      notes.push('PROTO=LMTP dropped: Postfix accepts only SMTP and ESMTP');
      continue;
    }
    out[name] = value;
  }
  return out;
}

/**
 * Serves one connection from nginx. `report(event)` receives what happened (for the demo).
 */
function serve(socket, report = () => {}) {
  const send = (reply) => socket.write(formatReply(reply));
  send({ code: 220, text: `${HOSTNAME} ESMTP smtp-xclient proxy` });
  let busy = false;
  const reader = lineReader(socket, async (line) => {
    if (busy) return; // one command at a time before the relay starts
    const text = line.toString('latin1');
    const verb = (text.split(' ')[0] ?? '').toUpperCase();
    if (verb === 'EHLO') {
      send({ code: 250, text: [HOSTNAME, 'PIPELINING', 'XCLIENT NAME ADDR PROTO HELO LOGIN'] });
    } else if (verb === 'HELO') {
      send({ code: 250, text: HOSTNAME });
    } else if (verb === 'QUIT') {
      send({ code: 221, enhanced: '2.0.0', text: 'Bye' });
      socket.end();
    } else if (verb === 'XCLIENT') {
      busy = true;
      const relayed = await xclient(line, send, report).catch((e) => {
        send({ code: 451, enhanced: '4.3.0', text: `Error: upstream: ${e.message}` });
        return false;
      });
      if (relayed) {
        const upstream = relayed;
        const early = reader.detach();
        // Relay from now on: nginx's replayed EHLO/HELO, MAIL, RCPT, DATA … go to Postfix.
        if (early.length > 0) upstream.socket.write(early);
        socket.pipe(upstream.socket);
        upstream.socket.pipe(socket);
        socket.on('error', () => upstream.socket.destroy());
        upstream.socket.on('error', () => socket.destroy());
      }
      busy = false;
    } else {
      send({ code: 503, enhanced: '5.5.1', text: 'Error: send XCLIENT first' });
    }
  });
  socket.on('error', () => socket.destroy());
}

/** One XCLIENT from nginx: read it, rebuild it, send it to Postfix. Resolves to the relay or false. */
async function xclient(line, send, report) {
  const parsed = parseXclient(line, { profile: 'lenient' });
  const event = {
    received: line.toString('utf8'),
    warnings: parsed.warnings.map((w) => w.code),
    sent: [],
  };
  if (!parsed.ok) {
    event.refused = parsed.error.reply;
    report(event);
    send(parsed.error.reply);
    return false;
  }
  const notes = [];
  const attributes = attributesOf(parsed.value, notes);
  const upstream = await smtpClient(UPSTREAM.host, UPSTREAM.port);
  const fail = (reply) => {
    event.refused = reply;
    report(event);
    send(reply);
    upstream.socket.destroy();
    return false;
  };
  const greeting = replyOf(await upstream.read());
  if (greeting.code !== 220) return fail(greeting);
  const ehloLines = await upstream.command(`EHLO ${HOSTNAME}`);
  const keyword = parseXclientKeyword(ehloLines ?? []);
  if (!keyword.ok) {
    return fail({
      code: 451,
      enhanced: '4.7.0',
      text: 'Error: upstream does not offer XCLIENT to this proxy',
    });
  }
  let plan;
  try {
    plan = planXclient(attributes, { announced: keyword.value.names, unannounced: 'omit' });
  } catch (e) {
    return fail(e.reply ?? { code: 501, enhanced: '5.5.4', text: `Error: ${e.message}` });
  }
  for (const name of plan.omitted) notes.push(`${name} left out: not announced by the upstream`);
  event.notes = notes;
  let last = greeting;
  for (const command of plan.lines) {
    event.sent.push(command);
    last = replyOf(await upstream.command(command));
    if (last.code !== 220) return fail(last);
  }
  event.reply = last;
  report(event);
  send(last); // Postfix's own greeting: nginx now sends its EHLO, which goes to Postfix
  return upstream;
}

// ---------------------------------------------------------------------------------------
// The demo: nginx's lines against the proxy, Postfix behind it

const TAG = `proxy-demo-${Date.now().toString(36)}`;
const DEMO_CASES = [
  {
    what: 'nginx, LOGIN with a raw space, "+" and "=" (Postfix alone would read LOGIN=bob and fail)',
    line: 'XCLIENT ADDR=192.0.2.10 LOGIN=bob smith+tag=x@example.com NAME=[UNAVAILABLE]',
    expect: { code: 220, client: 'unknown[192.0.2.10]', login: 'bob smith+tag=x@example.com' },
  },
  {
    what: 'nginx, IPv6 client, resolver timed out, LOGIN with raw "=" and "+"',
    line: 'XCLIENT ADDR=IPV6:::1 LOGIN=u=1+2 NAME=[TEMPUNAVAIL]',
    expect: { code: 220, client: 'unknown[::1]', login: 'u=1+2' },
  },
  {
    what: 'nginx, raw UTF-8 LOGIN and a verified name',
    line: 'XCLIENT ADDR=127.0.0.1 LOGIN=jürgen@exämple.com NAME=mail.example.org',
    expect: { code: 220, client: 'mail.example.org[127.0.0.1]', login: 'jürgen@exämple.com' },
  },
  {
    what: 'a broken line: refused by the proxy, never sent to Postfix',
    line: 'XCLIENT ADDR=999.1.1.1 NAME=x.example',
    expect: { code: 501 },
  },
];

async function demo() {
  const problems = [];
  const check = (ok, message) => {
    if (!ok) problems.push(message);
    console.log(`   ${ok ? 'ok ' : 'NOT'} ${message}`);
  };
  try {
    const probe = await smtpClient(UPSTREAM.host, UPSTREAM.port);
    await probe.read();
    await probe.command('QUIT');
    probe.socket.destroy();
  } catch (e) {
    console.error(
      `Postfix is not answering on ${UPSTREAM.host}:${UPSTREAM.port} (${e.message}); start it with ../shared/scripts/start-postfix.sh (as root)`,
    );
    return 2;
  }
  const logStart = existsSync(LOG) ? statSync(LOG).size : undefined;
  const events = [];
  const server = net.createServer((socket) => serve(socket, (e) => events.push(e)));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  console.log(
    `proxy on 127.0.0.1:${port}, upstream Postfix on ${UPSTREAM.host}:${UPSTREAM.port}\n`,
  );

  for (const [i, c] of DEMO_CASES.entries()) {
    console.log(`-- ${c.what}`);
    const nginx = await smtpClient('127.0.0.1', port);
    const say = async (line) => {
      console.log(`   nginx> ${line}`);
      const reply = await nginx.command(line);
      for (const l of reply ?? ['(closed)']) console.log(`   proxy< ${l}`);
      return replyOf(reply);
    };
    await nginx.read();
    await say('EHLO nginx.example');
    const before = events.length;
    const r = await say(c.line);
    const event = events[before];
    for (const sent of event?.sent ?? []) console.log(`          (sent to Postfix: ${sent})`);
    if (event?.warnings.length)
      console.log(`          (lenient warnings: ${event.warnings.join(', ')})`);
    check(r.code === c.expect.code, `XCLIENT answered ${r.code} (want ${c.expect.code})`);
    if (c.expect.code === 220) {
      check((await say('EHLO client.example')).code === 250, 'EHLO relayed to Postfix');
      check((await say(`MAIL FROM:<${TAG}-${i}@example.com>`)).code === 250, 'MAIL accepted');
      check(
        (await say('RCPT TO:<probe@xclient-probe.localdomain>')).code === 250,
        'local RCPT accepted (Postfix opens a queue file and logs client=)',
      );
      check(
        (await say('RCPT TO:<r@example.net>')).code === 554,
        'relay refused (logged with the identity)',
      );
    } else {
      check(event?.sent.length === 0, 'nothing sent to Postfix');
    }
    await say('QUIT');
    nginx.socket.destroy();
    console.log('');
  }
  await new Promise((r) => server.close(r));

  if (logStart === undefined) {
    console.log(`(no ${LOG}: what Postfix recorded is not checked)`);
  } else {
    console.log(`-- what Postfix logged (${LOG})`);
    const wanted = DEMO_CASES.filter((c) => c.expect.code === 220).length;
    let lines = [];
    for (let waited = 0; waited < 10_000; waited += 200) {
      lines = readFileSync(LOG).subarray(logStart).toString('utf8').split('\n');
      if (lines.filter((l) => l.includes(TAG) && l.includes('reject: RCPT')).length >= wanted)
        break;
      await new Promise((r) => setTimeout(r, 200));
    }
    for (const [i, c] of DEMO_CASES.entries()) {
      if (c.expect.code !== 220) continue;
      const reject = lines.find(
        (l) => l.includes(`<${TAG}-${i}@example.com>`) && l.includes('reject: RCPT'),
      );
      const qid = reject === undefined ? undefined : /\]: ([0-9A-F]+): reject/.exec(reject)?.[1];
      const client =
        qid === undefined ? undefined : lines.find((l) => l.includes(`]: ${qid}: client=`));
      console.log(`   ${client?.replace(/^.*\]: /, '') ?? '(no client= line)'}`);
      check(
        client?.includes(`client=${c.expect.client}:`) === true,
        `Postfix recorded the client ${c.expect.client}`,
      );
      check(
        client?.endsWith(`, sasl_method=XCLIENT, sasl_username=${c.expect.login}`) === true,
        `Postfix recorded the login ${JSON.stringify(c.expect.login)} exactly`,
      );
    }
  }
  console.log(problems.length === 0 ? '\ndemo: all good' : `\ndemo: ${problems.length} problem(s)`);
  return problems.length === 0 ? 0 : 1;
}

if (DEMO) {
  const watchdog = setTimeout(() => {
    console.error('demo: no end after 60 s');
    process.exit(1);
  }, 60_000);
  watchdog.unref();
  process.exitCode = await demo();
} else {
  const server = net.createServer((socket) => serve(socket));
  server.listen(LISTEN.port, LISTEN.host, () => {
    console.log(
      `proxy on ${LISTEN.host}:${LISTEN.port} → Postfix ${UPSTREAM.host}:${UPSTREAM.port} (Ctrl-C to stop)`,
    );
  });
}
