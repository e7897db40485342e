/**
 * The benchmark's inputs and the library under test, shared by bench/run.mjs (time) and
 * bench/alloc.mjs (allocation, in a child process started with --expose-gc).
 */

import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const KiB = 1024;
const MiB = 1024 * KiB;

/**
 * Loads the library's root, server and client entries: the package by name (dist/), or the
 * build whose root entry is at `indexPath` (its server.js and client.js next to it, or, in a
 * build older than those entries, all three from its root).
 */
export async function loadLibrary(indexPath) {
  if (indexPath === undefined) {
    const [lib, server, client] = await Promise.all([
      import('smtp-xclient'),
      import('smtp-xclient/server'),
      import('smtp-xclient/client'),
    ]);
    return { lib, server, client };
  }
  const dir = dirname(resolve(indexPath));
  const url = (file) => pathToFileURL(join(dir, file)).href;
  const lib = await import(pathToFileURL(resolve(indexPath)).href);
  // A build from before the subpath entries (0.1.0) exports the session and planners at its root.
  if (!existsSync(join(dir, 'server.js'))) return { lib, server: lib, client: lib };
  const [server, client] = await Promise.all([import(url('server.js')), import(url('client.js'))]);
  return { lib, server, client };
}

/** Ordinary lines, as proxies send them. `escapes` holds UTF-8 escapes; the others are ASCII. */
export const LINES = {
  readme: 'XCLIENT NAME=spike.porcupine.org ADDR=168.100.189.2',
  six:
    'XCLIENT NAME=spike.porcupine.org ADDR=168.100.189.2 PORT=4321 PROTO=ESMTP' +
    ' HELO=client.example.com LOGIN=joe@example.com',
  seven:
    'XCLIENT NAME=mail.example.com ADDR=192.0.2.10 PORT=52100 PROTO=ESMTP' +
    ' HELO=mail.example.com LOGIN=alice DESTADDR=192.0.2.25',
  nine:
    'XCLIENT NAME=mail.example.com ADDR=IPV6:2001:db8::1 PORT=4321 PROTO=ESMTP' +
    ' HELO=client.example.com REVERSE_NAME=mail.example.com LOGIN=joe+40example.com' +
    ' DESTADDR=192.0.2.25 DESTPORT=25',
  'nine-long':
    'XCLIENT NAME=mx-relay-01.eu-west.mail.example-hosting-provider.com' +
    ' ADDR=IPV6:2001:db8:85a3:8d3:1319:8a2e:370:7348 PORT=49152 PROTO=ESMTP' +
    ' HELO=outbound-smtp-gateway-07.corp.example-company.co.uk' +
    ' REVERSE_NAME=mx-relay-01.eu-west.mail.example-hosting-provider.com' +
    ' LOGIN=very.long.user.name+2Btag@subdomain.example-company.co.uk' +
    ' DESTADDR=IPV6:2001:db8:1234:5678:9abc:def0:1234:5678 DESTPORT=587',
  escapes:
    'XCLIENT LOGIN=j+C3+BCrgen+20m+C3+BCller+2Btag+3Dx@example.com' +
    ' HELO=b+C3+BCro+2Eexample+20+E2+9C+89 NAME=[UNAVAILABLE] ADDR=192.0.2.1',
};
/** The lines without escapes of non-ASCII text: the floor-scan target's lines. */
export const ASCII_LINES = ['readme', 'six', 'seven', 'nine', 'nine-long'];

/** Pads `head` with copies of `unit` to at most `octets` octets (all ASCII). */
function fill(head, unit, octets, tail = '') {
  const count = Math.floor((octets - head.length - tail.length) / unit.length);
  return head + unit.repeat(count) + tail;
}

/** RFC 5321: 512 octets with the CRLF, so 510 without. */
export const LINE_510 = 510;
/** Hostile lines: the families of runs (`plus`, `spaces`, `unknown`) from 1 KiB to 1 MiB. */
export const HOSTILE = {
  // One value of "+41" escapes filling the line: over the 255-octet raw value limit.
  'plus41-512B-one-value': fill('XCLIENT HELO=', '+41', LINE_510),
  // Two values of "+41" escapes, each within 255 octets: accepted, every octet decoded.
  'plus41-512B-two-values': `XCLIENT HELO=${'+41'.repeat(85)}${fill(' LOGIN=', '+41', LINE_510 - 13 - 255)}`,
  'attrs-10k': `XCLIENT${' PORT=1'.repeat(10_000)}`,
  'attrs-160k': `XCLIENT${' PORT=1'.repeat(160_000)}`,
};
/** The families of the lenient-against-naive target, and their sizes. */
export const RUN_FAMILIES = {
  plus: (octets) => fill('XCLIENT HELO=', '+', octets),
  spaces: (octets) => fill('XCLIENT', ' ', octets, 'NAME=a'),
  unknown: (octets) => fill('XCLIENT', ' FOO=1', octets),
};
export const RUN_SIZES = { '1KiB': KiB, '64KiB': 64 * KiB, '1MiB': MiB };
for (const [family, make] of Object.entries(RUN_FAMILIES)) {
  for (const [size, octets] of Object.entries(RUN_SIZES))
    HOSTILE[`${family}-${size}`] = make(octets);
}

/** Linearity pairs: the same hostile line, short and 16 times longer. */
export const LINEARITY = [
  ['plus', 'plus-64KiB', 'plus-1MiB'],
  ['spaces', 'spaces-64KiB', 'spaces-1MiB'],
  ['unknown', 'unknown-64KiB', 'unknown-1MiB'],
  ['attributes', 'attrs-10k', 'attrs-160k'],
];

/** Attribute sets for formatXclient. */
export const FORMAT_SETS = {
  typical: {
    NAME: 'spike.porcupine.org',
    ADDR: '168.100.189.2',
    PORT: 4321,
    PROTO: 'ESMTP',
    HELO: 'client.example.com',
    LOGIN: 'joe@example.com',
  },
  // The nine attributes of LINES.nine.
  nine: {
    NAME: 'mail.example.com',
    ADDR: '2001:db8::1',
    PORT: 4321,
    PROTO: 'ESMTP',
    HELO: 'client.example.com',
    REVERSE_NAME: 'mail.example.com',
    LOGIN: 'joe@example.com',
    DESTADDR: '192.0.2.25',
    DESTPORT: 25,
  },
  // Over 512 octets in one line: PORT, DESTADDR and DESTPORT go in earlier commands.
  splitting: {
    NAME: `${'a'.repeat(60)}.${'b'.repeat(60)}.example`,
    REVERSE_NAME: `${'c'.repeat(60)}.${'d'.repeat(60)}.example`,
    ADDR: '2001:db8:1:2:3:4:5:6',
    DESTADDR: '2001:db8:6:5:4:3:2:1',
    PORT: 65535,
    DESTPORT: 587,
    PROTO: 'ESMTP',
    HELO: `helo.${'e'.repeat(90)}.example`,
    LOGIN: 'jürgen müller+tag@example.com',
  },
};

/** The session inputs: a fresh authorized session, and an EHLO reply announcing XCLIENT. */
export const SESSION_INIT = {
  client: { ADDR: '127.0.0.1' },
  banner: 'mx.example ESMTP',
  authorizedHosts: ['127.0.0.0/8'],
};
export const EHLO_REPLY =
  '250-mx.example\r\n250-PIPELINING\r\n250-XCLIENT NAME ADDR PORT PROTO HELO LOGIN DESTADDR DESTPORT\r\n250 8BITMIME';

/**
 * The API calls whose speed and allocation must not regress ("at least as fast as today"),
 * as functions of a loaded library.
 */
export function apiCalls({ lib, server, client }) {
  const fresh = server.createXclientSession(SESSION_INIT);
  return {
    'formatXclient nine': () => lib.formatXclient(FORMAT_SETS.nine),
    'applyXclient fresh session': () => server.applyXclient(fresh, LINES.readme),
    'planXclientSession six': () =>
      client.planXclientSession(FORMAT_SETS.typical, EHLO_REPLY, SESSION_INIT),
  };
}

/** The parse calls whose allocation is measured. */
export function parseCalls({ lib }) {
  const bytes = new TextEncoder().encode(LINES.readme);
  const calls = {};
  for (const profile of ['strict', 'postfix', 'lenient']) {
    const options = { profile };
    calls[`parseXclient ${profile} readme string`] = () => lib.parseXclient(LINES.readme, options);
    calls[`parseXclient ${profile} readme bytes`] = () => lib.parseXclient(bytes, options);
  }
  return calls;
}
