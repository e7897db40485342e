#!/usr/bin/env node
// A tiny SMTP server on loopback that accepts XCLIENT and XFORWARD through the sans-I/O
// session of smtp-xclient. Run after `npm run build`:
//
//   node examples/server.mjs              a scripted client talks to it: every command prints
//                                         the reply and the session it leads to; exits by itself
//   node examples/server.mjs --serve [--port N]
//                                         serves until stopped: on 127.0.0.1:N (XCLIENT and
//                                         XFORWARD authorized for 127.0.0.0/8 and ::1) and on
//                                         127.0.0.1:N+1 (nobody authorized), ephemeral ports
//                                         without --port; a target for `smtp-xclient conform`
//
// Lines are read as octets (readSmtpLines) and replies written as octets (replyOctets), so
// what the library decides goes on the wire unchanged. Messages are dropped: nothing is
// delivered.
import net from 'node:net';
import { formatReply, replyOctets, UNAVAILABLE } from 'smtp-xclient';
import { readSmtpLines } from 'smtp-xclient/node';
import {
  applyCommand,
  applyXclient,
  applyXforward,
  createXclientSession,
  formatClientLabel,
} from 'smtp-xclient/server';

const BANNER = 'demo.example ESMTP smtp-xclient demo';
const LOOPBACK = ['127.0.0.0/8', '[::1]/128'];
const shown = (v) => (v === UNAVAILABLE ? '-' : String(v));
const describe = (s) =>
  `client=${formatClientLabel(s.client)} helo=${shown(s.client.HELO)} proto=${s.client.PROTO} login=${shown(s.client.LOGIN)} ` +
  `hello=${s.hello} transaction=${s.transaction} xclient=${s.authorization}${s.closed ? ' CLOSED' : ''}`;

/** The verb of a line: its first word after leading blanks, upper case. */
const verbOf = (text) =>
  /^[\t\v\f ]*([A-Za-z]+)(?=[\t\v\f ]|$)/.exec(text)?.[1]?.toUpperCase() ?? '';
const SIMPLE = new Set(['MAIL', 'RCPT', 'DATA', 'RSET', 'NOOP', 'QUIT']);

/** One SMTP command line (octets) to a session event. */
function handle(session, octets) {
  const text = new TextDecoder().decode(octets);
  const verb = verbOf(text);
  if (verb === 'HELO' || verb === 'EHLO') {
    return applyCommand(session, {
      verb,
      name: text.replace(/^[\t\v\f ]*[A-Za-z]+[\t\v\f ]*/, ''),
    });
  }
  if (SIMPLE.has(verb)) return applyCommand(session, { verb });
  if (verb === 'XFORWARD') return applyXforward(session, octets, { profile: 'postfix' });
  // XCLIENT, and every line the session does not model: Postfix's 500, 221 and 501 replies.
  return applyXclient(session, octets, { profile: 'postfix' });
}

/** Serves one connection; `log` gets a line per command. */
async function serve(socket, authorizedHosts, log) {
  socket.on('error', () => {});
  const addr = (socket.remoteAddress ?? '').replace(/^::ffff:/, '');
  let session = createXclientSession({
    client: { ADDR: addr, PORT: socket.remotePort, NAME: 'localhost' },
    banner: BANNER,
    extensions: ['PIPELINING', 'ENHANCEDSTATUSCODES'],
    authorizedHosts,
    authorizedXforwardHosts: authorizedHosts,
  });
  log?.(`[server] connect   ${describe(session)}`);
  socket.write(formatReply({ code: 220, text: session.banner }));
  try {
    for await (const octets of readSmtpLines(socket, { maxLineOctets: 8192, timeout: 60_000 })) {
      let step;
      if (session.transaction === 'data') {
        if (octets.length !== 1 || octets[0] !== 0x2e) continue; // message content: dropped
        step = applyCommand(session, {
          verb: 'END_OF_DATA',
          reply: { code: 250, enhanced: '2.0.0', text: 'Ok: queued as DEMO1' },
        });
      } else {
        step = handle(session, octets);
      }
      session = step.session;
      const line = new TextDecoder().decode(octets);
      log?.(`[server] ${line.padEnd(52)} -> ${step.reply.code} ${[step.reply.text].flat()[0]}`);
      log?.(`[server]   ${describe(session)}`);
      socket.write(replyOctets(step.reply));
      if (session.closed) break;
    }
  } catch (e) {
    if (e.reply !== undefined && socket.writable) socket.write(formatReply(e.reply));
  }
  socket.end();
}

/** A listener on 127.0.0.1 that serves each connection. */
function listen(port, authorizedHosts, log) {
  const server = net.createServer((socket) => serve(socket, authorizedHosts, log));
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

/** The scripted client: waits for each reply before the next command. */
async function demoClient(port) {
  const socket = net.connect({ host: '127.0.0.1', port });
  let buffer = '';
  let wake;
  socket.on('data', (chunk) => {
    buffer += chunk.toString('utf8');
    wake?.();
  });
  const reply = async () => {
    for (;;) {
      const m = /(^|\n)\d{3}( [^\r\n]*)?\r\n/.exec(buffer);
      if (m) {
        const text = buffer.slice(0, m.index + m[0].length);
        buffer = buffer.slice(m.index + m[0].length);
        return text.trimEnd();
      }
      await new Promise((resolve) => {
        wake = resolve;
      });
    }
  };
  const send = async (line) => {
    socket.write(`${line}\r\n`);
    return reply();
  };
  await reply();
  for (const line of [
    'EHLO proxy.example',
    'XCLIENT NAME=spike.porcupine.org ADDR=168.100.189.2 PORT=4321 LOGIN=joe',
    'EHLO spike.porcupine.org', // XCLIENT is no longer announced: 168.100.189.2 is not authorized
    'MAIL FROM:<joe@porcupine.org>',
    'XCLIENT NAME=other.example', // 503: a transaction is open
    'RCPT TO:<wietse@porcupine.org>',
    'DATA',
  ]) {
    const r = await send(line);
    if (line.startsWith('EHLO')) {
      console.log(`[client] ${line}`);
      for (const l of r.split('\r\n')) console.log(`[client]   ${l}`);
    }
  }
  socket.write('Subject: demo\r\n\r\nhello\r\n');
  await send('.');
  await send('XCLIENT ADDR=127.0.0.2'); // 550: the earlier XCLIENT moved ADDR outside 127.0.0.0/8
  await send('QUIT');
  socket.end();
}

const args = process.argv.slice(2);
if (args.includes('--serve')) {
  const at = args.indexOf('--port');
  const port = at < 0 ? 0 : Number(args[at + 1]);
  const authorized = await listen(port, LOOPBACK);
  const authorizedPort = authorized.address().port;
  const unauthorized = await listen(port === 0 ? 0 : port + 1, []);
  console.log(`authorized 127.0.0.1:${authorizedPort}`);
  console.log(`unauthorized 127.0.0.1:${unauthorized.address().port}`);
} else {
  const timer = setTimeout(() => {
    console.error('demo timed out');
    process.exit(1);
  }, 10_000);
  const server = await listen(0, LOOPBACK, console.log);
  try {
    await demoClient(server.address().port);
  } finally {
    server.close();
    clearTimeout(timer);
  }
}
