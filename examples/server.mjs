#!/usr/bin/env node
// A tiny SMTP server on loopback that accepts XCLIENT through the sans-I/O session of
// smtp-xclient, and a scripted client that talks to it. Every command prints the reply and
// the session it leads to; the script exits by itself when the exchange is over (or after
// 10 s). Run after `npm run build`: node examples/server.mjs
import net from 'node:net';
import { formatReply, UNAVAILABLE } from 'smtp-xclient';
import {
  applyCommand,
  applyXclient,
  createXclientSession,
  formatClientLabel,
} from 'smtp-xclient/server';

const BANNER = 'demo.example ESMTP smtp-xclient demo';
const shown = (v) => (v === UNAVAILABLE ? '-' : String(v));
const describe = (s) =>
  `client=${formatClientLabel(s.client)} helo=${shown(s.client.HELO)} proto=${s.client.PROTO} login=${shown(s.client.LOGIN)} ` +
  `hello=${s.hello} transaction=${s.transaction} xclient=${s.authorization}${s.closed ? ' CLOSED' : ''}`;

/** One SMTP command line to a session event. */
function handle(session, line) {
  const [word = '', ...rest] = line.split(' ');
  const verb = word.toUpperCase();
  const arg = rest.join(' ');
  switch (verb) {
    case 'XCLIENT':
      return applyXclient(session, line, { profile: 'postfix' });
    case 'HELO':
    case 'EHLO':
      return applyCommand(session, { verb, name: arg });
    case 'MAIL':
    case 'RCPT':
    case 'DATA':
    case 'RSET':
    case 'QUIT':
      return applyCommand(session, { verb });
    case 'NOOP':
      return { reply: { code: 250, enhanced: '2.0.0', text: 'Ok' }, session };
    default:
      return {
        reply: { code: 502, enhanced: '5.5.2', text: 'Error: command not recognized' },
        session,
      };
  }
}

const server = net.createServer((socket) => {
  const addr = (socket.remoteAddress ?? '').replace(/^::ffff:/, '');
  let session = createXclientSession({
    client: { ADDR: addr, PORT: socket.remotePort, NAME: 'localhost' },
    banner: BANNER,
    extensions: ['PIPELINING', 'ENHANCEDSTATUSCODES'],
    authorizedHosts: ['127.0.0.0/8', '[::1]/128'],
  });
  console.log(`[server] connect   ${describe(session)}`);
  socket.write(formatReply({ code: 220, text: session.banner }));
  let buffer = '';
  socket.on('data', (chunk) => {
    buffer += chunk.toString('utf8');
    for (let eol = buffer.indexOf('\r\n'); eol >= 0; eol = buffer.indexOf('\r\n')) {
      const line = buffer.slice(0, eol);
      buffer = buffer.slice(eol + 2);
      let step;
      if (session.transaction === 'data') {
        if (line !== '.') continue; // message content: this demo just drops it
        step = applyCommand(session, {
          verb: 'END_OF_DATA',
          reply: { code: 250, enhanced: '2.0.0', text: 'Ok: queued as DEMO1' },
        });
      } else {
        step = handle(session, line);
      }
      session = step.session;
      const first = [step.reply.text].flat()[0];
      console.log(`[server] ${line.padEnd(52)} -> ${step.reply.code} ${first}`);
      console.log(`[server]   ${describe(session)}`);
      socket.write(formatReply(step.reply));
      if (session.closed) socket.end();
    }
  });
});

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

const timer = setTimeout(() => {
  console.error('demo timed out');
  process.exit(1);
}, 10_000);
server.listen(0, '127.0.0.1', async () => {
  const { port } = server.address();
  try {
    await demoClient(port);
  } finally {
    server.close();
    clearTimeout(timer);
  }
});
