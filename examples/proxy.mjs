#!/usr/bin/env node
// A proxy in front of Postfix. It accepts a client, reads the PROXY protocol header that a load
// balancer such as HAProxy sends first (with --proxy-protocol; send-proxy or send-proxy-v2),
// hands the client to Postfix with XCLIENT (connectWithXclient: each command alone, bounded at
// every step), greets the client with Postfix's greeting and relays the session byte for byte.
//
//   node examples/proxy.mjs [--listen 127.0.0.1:2525] [--upstream 127.0.0.1:10025] [--proxy-protocol]
//   node examples/proxy.mjs --demo   # one session from 127.0.0.5 through the proxy; exit 0 if it worked
//
// Run `npm run build` first. Postfix must list the proxy in smtpd_authorized_xclient_hosts.
import net from 'node:net';
import { formatReply, UNAVAILABLE } from 'smtp-xclient';
import { connectWithXclient, readProxyHeader, readSmtpLines } from 'smtp-xclient/node';
import { proxyToXclient } from 'smtp-xclient/proxy';

const option = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  const [, host, port] = /^\[?(.*?)\]?:(\d+)$/.exec(i > 0 ? process.argv[i + 1] : fallback);
  return { host, port: Number(port) };
};
const LISTEN = option('listen', '127.0.0.1:2525');
const UPSTREAM = option('upstream', '127.0.0.1:10025');
const PROXY_PROTOCOL = process.argv.includes('--proxy-protocol');
const ipv4 = (address) => address?.replace(/^::ffff:(?=\d+\.)/, '');
/** The client as the connection itself shows it (no header, or LOCAL: a health check). */
const own = (s) => ({ ADDR: ipv4(s.remoteAddress), PORT: s.remotePort });

async function serve(client) {
  client.on('error', () => client.destroy());
  try {
    const header = PROXY_PROTOCOL ? await readProxyHeader(client) : undefined;
    const relayed = header?.source ? proxyToXclient(header) : own(client);
    // No DNS lookups here: without NAME, Postfix would keep the proxy's own name.
    const upstream = await connectWithXclient({
      ...UPSTREAM,
      identity: { NAME: UNAVAILABLE, ...relayed },
      ehlo: 'proxy.example',
      timeout: 10_000,
    });
    upstream.socket.on('error', () => client.destroy());
    client.on('close', () => upstream.socket.destroy());
    client.write(formatReply(upstream.greeting)); // the client's own EHLO goes to Postfix
    client.pipe(upstream.socket).pipe(client);
  } catch (e) {
    console.error(`proxy: ${e.code}: ${e.message}`); // a bad PROXY header: the client is gone
    client.end(formatReply({ code: 421, enhanced: '4.3.0', text: 'Error: try again later' }));
  }
}

const server = net.createServer(serve);
if (!process.argv.includes('--demo')) {
  server.listen(LISTEN.port, LISTEN.host, () => {
    const { address, port } = server.address();
    console.log(`proxy on ${address}:${port} to ${UPSTREAM.host}:${UPSTREAM.port}`);
  });
} else {
  // The demo: a client from 127.0.0.5 talks through the proxy; Postfix logs 127.0.0.5.
  await new Promise((listening) => server.listen(0, '127.0.0.1', listening));
  const to = { host: '127.0.0.1', port: server.address().port, localAddress: '127.0.0.5' };
  const client = net.connect(to);
  const script = [
    'EHLO c.example',
    'MAIL FROM:<demo@example.com>',
    'RCPT TO:<probe@xclient-probe.localdomain>',
    'QUIT',
  ];
  const codes = [];
  for await (const line of readSmtpLines(client, { timeout: 10_000 })) {
    console.log(`S: ${Buffer.from(line)}`);
    if (line[3] === 0x2d) continue; // "250-…": more lines follow
    codes.push(Buffer.from(line.subarray(0, 3)).toString());
    const next = script.shift();
    if (next === undefined) break;
    console.log(`C: ${next}`);
    client.write(`${next}\r\n`);
  }
  client.destroy();
  server.close();
  const ok = codes.join() === '220,250,250,250,221';
  console.log(ok ? 'demo: all good' : `demo: unexpected replies ${codes.join()}`);
  process.exitCode = ok ? 0 : 1;
}
