// XFORWARD against a real server: nodemailer's smtp-server 3.21.6 (`useXForward: true`) on
// 127.0.0.1 receives what formatXforward builds from seeded random attribute sets
// (smtp-xclient/arbitraries' xforwardAttributes, plus sets long enough to need several
// commands), with the names its EHLO announced passed as `announced`. Every XFORWARD must be
// answered 250, and what smtp-server records for the message (session.xForward,
// remoteAddress, remotePort, clientHostname) must be what was sent, read through its quirks:
// - `[UNAVAILABLE]` becomes `false`, NAME and HELO then `''`, PORT `0`; an ADDR of
//   `[UNAVAILABLE]` leaves remoteAddress as it was;
// - HELO is lower-cased; PORT is a number (`Number(value) || 0`); an IPv6 ADDR loses its
//   `IPV6:` prefix and is written in the compressed form;
// - a NAME longer than 253 characters is refused (501 … Invalid hostname); Postfix takes 255;
// - HELO=[UNAVAILABLE] empties the HELO name smtp-server holds for the client, so the next
//   MAIL gets `503 Error: send HELO/EHLO first` (Postfix takes the MAIL: XFORWARD changes
//   only what is logged); such sets are checked for that 503 and counted;
// - the attributes stay for the rest of the connection, where Postfix forgets them at the end
//   of each message (pinned below).
//
// Reproduce one run: FC_SEED=<seed> npx vitest run --config vitest.interop.config.ts test/interop/smtp-server-xforward.interop.test.ts
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import {
  formatXforward,
  isSpecialValue,
  parseXforwardKeyword,
  type XforwardAttributes,
} from 'smtp-xclient';
import { xforwardAttributes } from 'smtp-xclient/arbitraries';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertLoopback, pool, SmtpClient, sameAddressOctets, seedFromEnv } from './peers.js';

const SEED = seedFromEnv(22_000_001);
const SETS = Number(process.env.INTEROP_XFORWARD_SETS ?? 150);
const SPLIT_SETS = 20;
const CONCURRENCY = 8;
const RUN = `x${Date.now().toString(36)}`;

interface Recorded {
  readonly xForward: ReadonlyMap<string, unknown>;
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly clientHostname: string | false;
}

/** What smtp-server recorded, by the MAIL FROM address of each case. */
const recorded = new Map<string, Recorded>();

const server = new SMTPServer({
  useXForward: true,
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  disableReverseLookup: true,
  logger: false,
  onMailFrom(address, session: SMTPServerSession & { xForward?: Map<string, unknown> }, callback) {
    recorded.set(address.address, {
      xForward: new Map(session.xForward ?? []),
      remoteAddress: session.remoteAddress,
      remotePort: session.remotePort,
      clientHostname: session.clientHostname,
    });
    callback();
  },
});
let port = 0;

/** smtp-server refuses a NAME over 253 characters. */
const inDomain = (a: XforwardAttributes): boolean =>
  !(typeof a.NAME === 'string' && a.NAME.length > 253);

/** What smtp-server should record for a set. */
function expected(a: XforwardAttributes, proxyPort: number) {
  const x = new Map<string, unknown>();
  const special = (v: unknown) => isSpecialValue(v);
  let remoteAddress = '127.0.0.1';
  let remotePort = proxyPort;
  let clientHostname = '[127.0.0.1]';
  if (a.ADDR !== undefined) {
    const addr = special(a.ADDR) ? false : String(a.ADDR).replace(/^ipv6:/i, '');
    x.set('ADDR', addr);
    if (addr !== false) remoteAddress = addr;
  }
  if (a.PORT !== undefined) {
    remotePort = special(a.PORT) ? 0 : Number(a.PORT) || 0;
    x.set('PORT', remotePort);
  }
  if (a.NAME !== undefined) {
    const name = special(a.NAME) ? '' : String(a.NAME);
    x.set('NAME', name);
    clientHostname = name === '' ? clientHostname : name.toLowerCase();
  }
  if (a.HELO !== undefined) x.set('HELO', special(a.HELO) ? '' : String(a.HELO).toLowerCase());
  for (const key of ['PROTO', 'IDENT', 'SOURCE'] as const) {
    if (a[key] !== undefined) x.set(key, special(a[key]) ? false : a[key]);
  }
  return { xForward: x, remoteAddress, remotePort, clientHostname };
}

/** A set long enough to need three XFORWARD commands. */
function split(a: XforwardAttributes, i: number): XforwardAttributes {
  const host = (c: string) => `${c.repeat(63)}.${c.repeat(63)}.${c.repeat(63)}.${c.repeat(50)}`;
  return { ...a, NAME: host('n'), HELO: host('h'), IDENT: `${i}${'i'.repeat(240)}` };
}

interface Outcome {
  readonly index: number;
  readonly attributes: XforwardAttributes;
  readonly lines: readonly string[];
  readonly replies: readonly string[];
  readonly mail: number | undefined;
  readonly proxyPort: number;
}

async function sendSet(attributes: XforwardAttributes, index: number): Promise<Outcome> {
  const c = await SmtpClient.connect('127.0.0.1', port);
  try {
    await c.read();
    const ehlo = await c.command('EHLO filter.example');
    const k = parseXforwardKeyword(ehlo?.lines ?? []);
    const lines = formatXforward(attributes, { announced: k.ok ? k.value.names : [] });
    const replies: string[] = [];
    for (const line of lines) {
      const r = await c.command(line);
      replies.push(r === undefined ? '(closed)' : r.raw.join(' | '));
      if (r?.code !== 250) break;
    }
    const mail = (await c.command(`MAIL FROM:<${RUN}-${index}@example.com>`))?.code;
    return { index, attributes, lines, replies, mail, proxyPort: c.localPort };
  } finally {
    await c.quit();
  }
}

describe('smtp-server 3.21.6 (useXForward) accepts what formatXforward builds', () => {
  beforeAll(async () => {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = server.server.address() as AddressInfo;
    assertLoopback(address.address);
    port = address.port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it(`answers 250 and records what was sent, for ${SETS} random sets and ${SPLIT_SETS} split ones (seed ${SEED})`, async () => {
    const generated = fc.sample(xforwardAttributes(), { seed: SEED, numRuns: 2 * SETS });
    const sets = [
      ...generated.filter(inDomain).slice(0, SETS),
      ...generated.slice(0, SPLIT_SETS).map(split),
    ];
    const outcomes = await pool(sets, CONCURRENCY, sendSet);
    const problems: string[] = [];
    let heloQuirk = 0;
    for (const o of outcomes) {
      const head = `#${o.index} (FC_SEED=${SEED}) ${JSON.stringify(o.attributes)}\n    lines ${JSON.stringify(o.lines)}\n    replies ${JSON.stringify(o.replies)}`;
      if (o.replies.length !== o.lines.length || !o.replies.every((r) => r.startsWith('250'))) {
        problems.push(`${head}\n    every XFORWARD must get 250`);
        continue;
      }
      if (isSpecialValue(o.attributes.HELO)) {
        heloQuirk++;
        if (o.mail !== 503)
          problems.push(`${head}\n    MAIL got ${o.mail}, want smtp-server's 503`);
        continue;
      }
      const got = recorded.get(`${RUN}-${o.index}@example.com`);
      if (o.mail !== 250 || got === undefined) {
        problems.push(`${head}\n    MAIL got ${o.mail}`);
        continue;
      }
      const want = expected(o.attributes, o.proxyPort);
      const diffs: string[] = [];
      for (const [key, value] of want.xForward) {
        const g = got.xForward.get(key);
        const same =
          key === 'ADDR' && typeof value === 'string' && typeof g === 'string'
            ? sameAddressOctets(g, value)
            : g === value;
        if (!same)
          diffs.push(`xForward.${key}: ${JSON.stringify(g)}, want ${JSON.stringify(value)}`);
      }
      if (!sameAddressOctets(got.remoteAddress, want.remoteAddress))
        diffs.push(`remoteAddress ${got.remoteAddress}, want ${want.remoteAddress}`);
      if (got.remotePort !== want.remotePort)
        diffs.push(`remotePort ${got.remotePort}, want ${want.remotePort}`);
      if (got.clientHostname !== want.clientHostname)
        diffs.push(`clientHostname ${got.clientHostname}, want ${want.clientHostname}`);
      if (diffs.length > 0) problems.push(`${head}\n    ${diffs.join('\n    ')}`);
    }
    const splitCount = outcomes.filter((o) => o.lines.length > 1).length;
    console.log(
      `[smtp-server xforward] seed ${SEED}: ${outcomes.length} sets, ${splitCount} split over 2+ commands, ${heloQuirk} with HELO=[UNAVAILABLE] (MAIL 503), ${problems.length} problems`,
    );
    if (problems.length > 0)
      expect.fail(`${problems.length} problems:\n${problems.slice(0, 10).join('\n')}`);
    expect(outcomes.length).toBeGreaterThanOrEqual(SETS);
    expect(outcomes.length - heloQuirk).toBeGreaterThanOrEqual(100);
    expect(splitCount).toBe(SPLIT_SETS);
  });

  it('quirk: a NAME of 254 characters is refused (Postfix takes up to 255)', async () => {
    const name = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`;
    const o = await sendSet({ NAME: name }, 9001);
    expect(o.replies).toEqual(['501 Error: Bad command parameter syntax. Invalid hostname']);
  });

  it('quirk: HELO=[UNAVAILABLE] makes smtp-server refuse the next MAIL', async () => {
    const c = await SmtpClient.connect('127.0.0.1', port);
    try {
      await c.read();
      await c.command('EHLO filter.example');
      expect((await c.command('XFORWARD HELO=[UNAVAILABLE]'))?.code).toBe(250);
      const mail = await c.command(`MAIL FROM:<${RUN}-helo@example.com>`);
      expect(mail?.raw.join(' ')).toMatch(/^503 /);
    } finally {
      await c.quit();
    }
  });

  it('quirk: smtp-server keeps the attributes after RSET; Postfix forgets them', async () => {
    const c = await SmtpClient.connect('127.0.0.1', port);
    try {
      await c.read();
      await c.command('EHLO filter.example');
      expect((await c.command(formatXforward({ IDENT: 'KEPT' })[0] as string))?.code).toBe(250);
      await c.command('RSET');
      await c.command(`MAIL FROM:<${RUN}-rset@example.com>`);
      expect(recorded.get(`${RUN}-rset@example.com`)?.xForward.get('IDENT')).toBe('KEPT');
    } finally {
      await c.quit();
    }
  });
});
