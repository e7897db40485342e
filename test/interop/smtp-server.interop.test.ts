// Part 5 of issue 7, a real server: nodemailer's smtp-server 3.21.6 (`useXClient: true`) on
// 127.0.0.1 receives what formatXclient builds from seeded random attribute sets restricted
// to the attributes it supports (NAME, ADDR, PORT, PROTO, HELO, LOGIN), with the names its
// EHLO announced passed as `announced`. Every XCLIENT must be answered 220, and the session
// smtp-server records (session.xClient, remoteAddress, remotePort, clientHostname, the login
// handed to onAuth) must hold what was asked, read through smtp-server's known quirks, each
// of which is written out below and counted in the summary line.
//
// smtp-server's quirks that decide the expected values (its smtp-connection.js and sasl.js):
// - xtext escapes are decoded octet by octet into Latin-1 characters, so a UTF-8 value comes
//   out as mojibake (`é` = `+C3+A9` → "Ã©"); and any decoded character in U+0080–U+009F
//   (any UTF-8 sequence with a continuation octet 0x80–0x9F: `Ā`, `€` …) is a "control
//   character": 501 for the whole command.
// - a NAME longer than 253 characters is refused (501 … Invalid hostname); Postfix takes 255.
// - PORT=0 is stored as '' (`Number(value) || ''`).
// - [UNAVAILABLE] and [TEMPUNAVAIL] become `false` (NAME: ''); ADDR=[UNAVAILABLE] leaves
//   remoteAddress as it was. When NAME is empty, clientHostname becomes `[remoteAddress]`
//   as it is when NAME is read: attributes are applied in the order sent, and formatXclient
//   sends NAME before ADDR, so that is the proxy's address. When NAME is absent
//   clientHostname stays the proxy's.
// - clientHostname is lower-cased; onAuth receives the LOGIN trimmed of spaces.
// - XCLIENT is no longer announced (nor accepted) once ADDR has been set.
// Sets that hit the first two get smtp-server's 501 and are counted apart; at least 100 sets
// are in its domain.
//
// Reproduce one run: FC_SEED=<seed> npx vitest run --config vitest.interop.config.ts test/interop/smtp-server.interop.test.ts
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import {
  formatXclient,
  isSpecialValue,
  parseXclientKeyword,
  planXclient,
  UNAVAILABLE,
  type XclientAttributes,
} from 'smtp-xclient';
import { xclientAttributes } from 'smtp-xclient/arbitraries';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertLoopback,
  forceSplit,
  pool,
  SmtpClient,
  sameAddressOctets,
  seedFromEnv,
} from './peers.js';

const SEED = seedFromEnv(7_500_005);
const IN_DOMAIN = Number(process.env.INTEROP_SMTP_SERVER_SETS ?? 120);
/** Extra sets padded until formatXclient needs two commands (PORT first, then the rest). */
const SPLIT_SETS = 20;
const OUT_OF_DOMAIN = 30;
const CONCURRENCY = 8;
const SUPPORTED = ['NAME', 'ADDR', 'PORT', 'PROTO', 'HELO', 'LOGIN'] as const;
const ANNOUNCED = 'XCLIENT NAME ADDR PORT PROTO HELO LOGIN';

// ---------------------------------------------------------------------------------------
// The server

interface Recorded {
  readonly xClient: ReadonlyMap<string, string | number | false>;
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly clientHostname: string | false;
  /** The username onAuth received for XCLIENT LOGIN, when it was called. */
  readonly authUsername: string | undefined;
}

/** What smtp-server recorded, by the MAIL FROM address of each case. */
const recorded = new Map<string, Recorded>();
/** The username onAuth received, by session id. */
const authUsernames = new Map<string, string>();

const server = new SMTPServer({
  useXClient: true,
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  disableReverseLookup: true,
  logger: false,
  onAuth(auth, session, callback) {
    if (auth.method === 'XCLIENT') {
      authUsernames.set(session.id, auth.username ?? '');
      return callback(undefined); // pass through, as the default handler does
    }
    return callback(new Error('no AUTH here'));
  },
  onMailFrom(address, session: SMTPServerSession, callback) {
    recorded.set(address.address, {
      xClient: new Map(session.xClient),
      remoteAddress: session.remoteAddress,
      remotePort: session.remotePort,
      clientHostname: session.clientHostname,
      authUsername: authUsernames.get(session.id),
    });
    callback();
  },
});

let port = 0;

// ---------------------------------------------------------------------------------------
// smtp-server's domain, and what it records

const utf8Octets = (s: string): Buffer => Buffer.from(s, 'utf8');
/** How smtp-server's decodeXtext reads a value we encode: each octet as a Latin-1 character. */
const latin1View = (s: string): string => utf8Octets(s).toString('latin1');

/** Why smtp-server refuses a set, or undefined when it accepts it. */
function outOfDomain(a: XclientAttributes): string | undefined {
  if (typeof a.NAME === 'string' && a.NAME.length > 253) return 'NAME over 253 characters';
  for (const field of ['HELO', 'LOGIN'] as const) {
    const v = a[field];
    if (typeof v === 'string' && utf8Octets(v).some((o) => o >= 0x80 && o <= 0x9f)) {
      return `${field} has a UTF-8 octet 0x80–0x9F (read as a C1 control)`;
    }
  }
  return undefined;
}

interface Expected {
  readonly xClient: ReadonlyMap<string, string | number | false>;
  readonly remoteAddress: string;
  readonly remotePort: number | '';
  readonly clientHostname: string;
  readonly authUsername: string | undefined;
}

function expected(a: XclientAttributes, lines: readonly string[], proxyPort: number): Expected {
  const x = new Map<string, string | number | false>();
  let remoteAddress = '127.0.0.1';
  let remotePort: number | '' = proxyPort;
  let clientHostname = '[127.0.0.1]'; // disableReverseLookup: the proxy's "[addr]"
  let authUsername: string | undefined;
  if (a.PORT !== undefined) {
    const p = isSpecialValue(a.PORT) ? '' : a.PORT === 0 ? '' : a.PORT;
    x.set('PORT', p);
    remotePort = p;
  }
  if (a.PROTO !== undefined) x.set('PROTO', isSpecialValue(a.PROTO) ? false : a.PROTO);
  if (a.HELO !== undefined) x.set('HELO', isSpecialValue(a.HELO) ? false : latin1View(a.HELO));
  if (a.LOGIN !== undefined) {
    const v = isSpecialValue(a.LOGIN) ? false : latin1View(a.LOGIN);
    x.set('LOGIN', v);
    if (v !== false && v !== '') authUsername = v.trim();
  }
  if (a.ADDR !== undefined && !isSpecialValue(a.ADDR))
    remoteAddress = a.ADDR.replace(/^ipv6:/i, '');
  if (a.ADDR !== undefined) x.set('ADDR', isSpecialValue(a.ADDR) ? false : remoteAddress);
  if (a.NAME !== undefined) {
    const name = isSpecialValue(a.NAME) ? '' : a.NAME;
    x.set('NAME', name);
    // the address smtp-server has when it reads NAME: ADDR's only if ADDR comes first
    const line = lines.find((l) => / NAME=/.test(l)) ?? '';
    const addrFirst = / ADDR=/.test(line) && line.indexOf(' ADDR=') < line.indexOf(' NAME=');
    const atName = addrFirst ? remoteAddress : '127.0.0.1';
    clientHostname = name === '' ? `[${atName}]` : name.toLowerCase();
  }
  return { xClient: x, remoteAddress, remotePort, clientHostname, authUsername };
}

// ---------------------------------------------------------------------------------------
// One set on the wire

interface Outcome {
  readonly index: number;
  readonly attributes: XclientAttributes;
  readonly lines: readonly string[];
  readonly replies: readonly string[];
  readonly announcedBefore: string | undefined;
  readonly announcedAfter: string | undefined;
  readonly mail: number | undefined;
  readonly proxyPort: number;
}

const RUN = `s${Date.now().toString(36)}`;
const keyword = (lines: readonly string[] | undefined): string | undefined =>
  lines?.find((l) => /^XCLIENT( |$)/i.test(l));

async function sendSet(attributes: XclientAttributes, index: number): Promise<Outcome> {
  const c = await SmtpClient.connect('127.0.0.1', port);
  try {
    await c.read();
    const ehlo = await c.command('EHLO proxy.example');
    const announcedBefore = keyword(ehlo?.lines);
    const names = announcedBefore === undefined ? [] : parseXclientKeyword(announcedBefore);
    const announced = 'ok' in names && names.ok ? names.value.names : [];
    const lines = formatXclient(attributes, { announced });
    const replies: string[] = [];
    for (const line of lines) {
      const r = await c.command(line);
      replies.push(r === undefined ? '(closed)' : r.raw.join(' | '));
      if (r?.code !== 220) break;
    }
    let mail: number | undefined;
    let announcedAfter: string | undefined;
    if (replies.length === lines.length && replies.every((r) => r.startsWith('220'))) {
      const again = await c.command('EHLO client.example');
      announcedAfter = keyword(again?.lines);
      mail = (await c.command(`MAIL FROM:<${RUN}-${index}@example.com>`))?.code;
    }
    return {
      index,
      attributes,
      lines,
      replies,
      announcedBefore,
      announcedAfter,
      mail,
      proxyPort: c.localPort,
    };
  } finally {
    await c.quit();
  }
}

// ---------------------------------------------------------------------------------------

describe('smtp-server 3.21.6 (useXClient) accepts what formatXclient builds', () => {
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

  it(`answers 220 and records the identity asked for, for at least ${IN_DOMAIN} random sets (seed ${SEED})`, async () => {
    const only = (a: XclientAttributes): XclientAttributes =>
      Object.fromEntries(SUPPORTED.filter((k) => a[k] !== undefined).map((k) => [k, a[k]]));
    const pool1 = fc
      .sample(xclientAttributes(), { seed: SEED, numRuns: 6 * IN_DOMAIN })
      .map(only)
      .filter((a) => Object.keys(a).length > 0);
    const inDomain = pool1.filter((a) => outOfDomain(a) === undefined);
    const reasons = new Map<string, number>();
    for (const a of pool1) {
      const why = outOfDomain(a);
      if (why !== undefined) reasons.set(why, (reasons.get(why) ?? 0) + 1);
    }
    const outside = pool1.filter((a) => outOfDomain(a) !== undefined).slice(0, OUT_OF_DOMAIN);
    const padded = inDomain
      .slice(IN_DOMAIN, IN_DOMAIN + SPLIT_SETS)
      .map((a, i) => forceSplit(a, i, { dest: false }));
    const sets = [...inDomain.slice(0, IN_DOMAIN), ...padded, ...outside];
    const t0 = Date.now();
    const outcomes = await pool(sets, CONCURRENCY, sendSet);

    const problems: string[] = [];
    const quirks = new Map<string, number>();
    const quirk = (name: string, hit: boolean): void => {
      if (hit) quirks.set(name, (quirks.get(name) ?? 0) + 1);
    };
    for (const o of outcomes) {
      const a = o.attributes;
      const head = `#${o.index} (FC_SEED=${SEED}) ${JSON.stringify(a)}\n    lines ${JSON.stringify(o.lines)}\n    replies ${JSON.stringify(o.replies)}`;
      if (o.announcedBefore !== ANNOUNCED)
        problems.push(`${head}\n    EHLO announced ${o.announcedBefore}`);
      const why = outOfDomain(a);
      if (why !== undefined) {
        // smtp-server refuses these: check that it does, with its own reply.
        const last = o.replies.at(-1) ?? '';
        if (!/^501 /.test(last)) problems.push(`${head}\n    expected smtp-server's 501 (${why})`);
        continue;
      }
      if (o.replies.length !== o.lines.length || !o.replies.every((r) => r.startsWith('220'))) {
        problems.push(`${head}\n    every XCLIENT must get 220`);
        continue;
      }
      if (o.mail !== 250) {
        problems.push(`${head}\n    MAIL got ${o.mail}`);
        continue;
      }
      const want = expected(a, o.lines, o.proxyPort);
      const got = recorded.get(`${RUN}-${o.index}@example.com`);
      if (got === undefined) {
        problems.push(`${head}\n    onMailFrom did not run`);
        continue;
      }
      const diffs: string[] = [];
      for (const [key, value] of want.xClient) {
        const g = got.xClient.get(key);
        const same =
          key === 'ADDR' && typeof value === 'string' && typeof g === 'string'
            ? sameAddressOctets(g, value)
            : g === value;
        if (!same)
          diffs.push(`xClient.${key}: ${JSON.stringify(g)}, want ${JSON.stringify(value)}`);
      }
      for (const key of got.xClient.keys()) {
        if (!key.includes(':') && !want.xClient.has(key))
          diffs.push(`xClient.${key} was not asked for`);
      }
      if (!sameAddressOctets(got.remoteAddress, want.remoteAddress)) {
        diffs.push(`remoteAddress ${got.remoteAddress}, want ${want.remoteAddress}`);
      }
      if (got.remotePort !== want.remotePort)
        diffs.push(`remotePort ${got.remotePort}, want ${want.remotePort}`);
      if (got.clientHostname !== want.clientHostname) {
        diffs.push(`clientHostname ${got.clientHostname}, want ${want.clientHostname}`);
      }
      if (got.authUsername !== want.authUsername) {
        diffs.push(
          `onAuth username ${JSON.stringify(got.authUsername)}, want ${JSON.stringify(want.authUsername)}`,
        );
      }
      const addrSent = a.ADDR !== undefined;
      if ((o.announcedAfter === undefined) !== addrSent) {
        diffs.push(
          `EHLO after XCLIENT announced ${o.announcedAfter} (ADDR ${addrSent ? '' : 'not '}sent)`,
        );
      }
      if (diffs.length > 0) problems.push(`${head}\n    ${diffs.join('\n    ')}`);
      const nonAscii = (v: unknown): boolean =>
        typeof v === 'string' && utf8Octets(v).some((o) => o > 0x7f);
      quirk('UTF-8 HELO/LOGIN recorded as Latin-1 mojibake', nonAscii(a.HELO) || nonAscii(a.LOGIN));
      quirk('PORT=0 recorded as ""', a.PORT === 0);
      quirk('ADDR=[UNAVAILABLE] leaves remoteAddress', isSpecialValue(a.ADDR));
      quirk(
        'NAME special before ADDR → clientHostname "[proxy address]"',
        isSpecialValue(a.NAME) && a.ADDR !== undefined,
      );
      quirk(
        "no NAME: clientHostname stays the proxy's",
        a.NAME === undefined && a.ADDR !== undefined,
      );
      quirk(
        'clientHostname lower-cased',
        typeof a.NAME === 'string' && a.NAME !== a.NAME.toLowerCase(),
      );
      quirk('onAuth username trimmed', typeof a.LOGIN === 'string' && a.LOGIN !== a.LOGIN.trim());
      quirk('XCLIENT gone from EHLO after ADDR', a.ADDR !== undefined);
    }
    const accepted = outcomes.filter((o) => outOfDomain(o.attributes) === undefined);
    const refusedOutside = outcomes.length - accepted.length;
    const split = outcomes.filter((o) => o.lines.length > 1).length;
    console.log(
      `[smtp-server] seed ${SEED}: ${accepted.length} sets in smtp-server's domain (${split} split over 2+ commands), ` +
        `${refusedOutside} outside it sent to check its 501, in ${Date.now() - t0} ms; ` +
        `of ${pool1.length} generated sets, outside its domain: ${JSON.stringify(Object.fromEntries(reasons))}; ` +
        `quirks met ${JSON.stringify(Object.fromEntries(quirks))}; ${problems.length} problems`,
    );
    if (problems.length > 0) {
      expect.fail(`${problems.length} problems:\n${problems.slice(0, 15).join('\n')}`);
    }
    expect(accepted.length).toBeGreaterThanOrEqual(Math.min(IN_DOMAIN, 100));
    expect(split, 'sets sent as two commands').toBeGreaterThanOrEqual(SPLIT_SETS / 2);
  });

  // Each quirk above, pinned on one fixed input (docs/interop.md points here).
  async function raw(
    lines: readonly string[],
    tag: string,
  ): Promise<{ replies: string[]; got: Recorded | undefined }> {
    const c = await SmtpClient.connect('127.0.0.1', port);
    try {
      await c.read();
      await c.command('EHLO proxy.example');
      const replies: string[] = [];
      for (const line of lines) {
        const r = await c.command(line);
        replies.push(r === undefined ? '(closed)' : r.raw.join(' | '));
      }
      await c.command('EHLO client.example');
      await c.command(`MAIL FROM:<${RUN}-${tag}@example.com>`);
      return { replies, got: recorded.get(`${RUN}-${tag}@example.com`) };
    } finally {
      await c.quit();
    }
  }

  it('quirk: a UTF-8 value with an octet 0x80–0x9F (€, emoji) is refused as a control character', async () => {
    const lines = formatXclient({ LOGIN: '€uro' });
    expect(lines).toEqual(['XCLIENT LOGIN=+E2+82+ACuro']);
    const { replies } = await raw(lines, 'q1');
    expect(replies).toEqual(['501 Error: Bad command parameter syntax']);
  });

  it('quirk: other UTF-8 values are recorded as Latin-1 mojibake', async () => {
    const { replies, got } = await raw(formatXclient({ HELO: 'héllo' }), 'q2');
    expect(replies[0]).toMatch(/^220 /);
    expect(got?.xClient.get('HELO')).toBe('hÃ©llo');
  });

  it('quirk: a NAME of 254 or 255 characters is refused (Postfix takes up to 255)', async () => {
    const name = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`;
    expect(name.length).toBe(254);
    const { replies } = await raw(formatXclient({ NAME: name }), 'q3');
    expect(replies).toEqual(['501 Error: Bad command parameter syntax. Invalid hostname']);
  });

  it('quirk: PORT=0 is recorded as an empty string', async () => {
    const { got } = await raw(formatXclient({ PORT: 0 }), 'q4');
    expect(got?.xClient.get('PORT')).toBe('');
    expect(got?.remotePort).toBe('');
  });

  it('quirk: NAME=[UNAVAILABLE] before ADDR gives clientHostname "[proxy address]"', async () => {
    const lines = formatXclient({ NAME: UNAVAILABLE, ADDR: '192.0.2.1' });
    expect(lines).toEqual(['XCLIENT NAME=[UNAVAILABLE] ADDR=192.0.2.1']);
    const { got } = await raw(lines, 'q5');
    expect(got?.remoteAddress).toBe('192.0.2.1');
    expect(got?.clientHostname).toBe('[127.0.0.1]');
    const { got: reversed } = await raw(['XCLIENT ADDR=192.0.2.1 NAME=[UNAVAILABLE]'], 'q5b');
    expect(reversed?.clientHostname).toBe('[192.0.2.1]');
  });

  it('quirk: lower-case hex is not decoded', async () => {
    const { replies, got } = await raw(['XCLIENT HELO=a+2bb'], 'q6');
    expect(replies[0]).toMatch(/^220 /);
    expect(got?.xClient.get('HELO')).toBe('a+2bb');
  });

  it('quirk: DESTADDR and DESTPORT are refused; planXclient leaves them out when told what is announced', async () => {
    const { replies } = await raw(['XCLIENT DESTADDR=192.0.2.1'], 'q7');
    expect(replies).toEqual(['501 Error: Bad command parameter syntax']);
    const plan = planXclient(
      { NAME: 'n.example', DESTADDR: '192.0.2.1', DESTPORT: 25 },
      { announced: ANNOUNCED.split(' ').slice(1), unannounced: 'omit' },
    );
    expect(plan.omitted).toEqual(['DESTADDR', 'DESTPORT']);
    const { replies: ok } = await raw(plan.lines, 'q7b');
    expect(ok[0]).toMatch(/^220 /);
  });

  it('quirk: XCLIENT is no longer announced nor accepted once ADDR is set', async () => {
    const { replies } = await raw(['XCLIENT ADDR=127.0.0.2', 'XCLIENT NAME=x.example'], 'q8');
    expect(replies[0]).toMatch(/^220 /);
    expect(replies[1]).toBe('550 Error: Not allowed');
  });
});
