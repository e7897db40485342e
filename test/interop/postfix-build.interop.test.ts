// Part 2 of issue 7, the builder against a live Postfix 3.7.11: seeded random attribute sets
// (long values that force formatXclient to split included) are formatted and sent to the
// authorized listener. Every command must be answered 220, and Postfix's log must record
// exactly the identity asked for: name, address, port, PROTO, HELO and login (docs/spec/postfix.md §8).
//
// After the XCLIENT commands the session sends no EHLO (it would replace HELO and PROTO,
// docs/spec/postfix.md §13): MAIL FROM with an address unique to the case, then a RCPT that Postfix
// refuses (relay denied), which logs `reject: RCPT from name[addr]:port: … from=<case>
// proto=… helo=<…>`; the queue id of that line leads to `client=name[addr]:port,
// sasl_method=XCLIENT, sasl_username=…`.
//
// Reproduce one run: FC_SEED=<seed> npx vitest run --config vitest.interop.config.ts test/interop/postfix-build.interop.test.ts
import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { formatXclient, isSpecialValue, parseXclient, type XclientAttributes } from 'smtp-xclient';
import { xclientAttributes } from 'smtp-xclient/arbitraries';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  addressOctets,
  ensurePostfix,
  forceSplit,
  logOffset,
  POSTFIX,
  pool,
  readLog,
  requireComponent,
  SmtpClient,
  seedFromEnv,
} from './peers.js';

const SEED = seedFromEnv(7_100_001);
const SETS = Number(process.env.INTEROP_BUILD_SETS ?? 150);
/** Extra sets padded until formatXclient needs two commands. */
const SPLIT_SETS = Math.ceil(SETS / 4);
/** Postfix pauses about 1 s (in_flow_delay) before each queue file: keep many sessions open. */
const CONCURRENCY = 16;
/** Unique per run, so that log lines of earlier runs never match. */
const RUN = `b${Date.now().toString(36)}${process.pid.toString(36)}`;

/** What Postfix logs about a client. `null`: the field is absent. */
interface Identity {
  readonly name: string;
  readonly addr: string;
  readonly port: string;
  readonly proto: string;
  readonly helo: string | null;
  readonly login: string | null;
}

interface Sent {
  readonly index: number;
  readonly attributes: XclientAttributes;
  readonly lines: readonly string[];
  readonly replies: readonly (number | undefined)[];
  /** The text of the first reply that was not 220. */
  readonly refusal?: string;
  /** formatXclient threw (the arbitrary promises it never does). */
  readonly thrown?: string;
  readonly mail: number | undefined;
  readonly rcpt: number | undefined;
  readonly localPort: number;
}

// ---------------------------------------------------------------------------------------
// What Postfix should log, two ways

/** Postfix's NEUTER_CHARACTERS (smtpd.c) become `?` in a HELO name. */
const neuter = (s: string): string => s.replace(/[ <>()\\";@]/g, '?');

/** From the attribute set alone (the address is compared as octets, see sameAddress). */
function fromAttributes(a: XclientAttributes, realName: string, localPort: number): Identity {
  const text = (v: unknown): string => (isSpecialValue(v) ? 'unknown' : String(v));
  return {
    name: a.NAME === undefined ? realName : text(a.NAME),
    addr: a.ADDR === undefined ? POSTFIX.host : text(a.ADDR),
    port: a.PORT === undefined ? String(localPort) : text(a.PORT),
    proto: a.PROTO === undefined ? 'SMTP' : text(a.PROTO),
    helo: a.HELO === undefined || isSpecialValue(a.HELO) ? null : neuter(a.HELO),
    login: a.LOGIN === undefined || isSpecialValue(a.LOGIN) ? null : a.LOGIN,
  };
}

/**
 * From parseXclient 'postfix' of the lines sent: NAME, ADDR and PORT persist from command to
 * command, HELO, PROTO and LOGIN only count in the last one (docs/spec/postfix.md §5).
 */
function fromLines(lines: readonly string[], realName: string, localPort: number): Identity {
  const text = (v: unknown): string => (isSpecialValue(v) ? 'unknown' : String(v));
  let name = realName;
  let addr: string = POSTFIX.host;
  let port = String(localPort);
  let last: ReturnType<typeof parseXclient> | undefined;
  for (const line of lines) {
    const r = parseXclient(line, { profile: 'postfix' });
    if (!r.ok) throw new Error(`parseXclient('postfix') refuses ${line}: ${r.error.message}`);
    if (r.value.NAME !== undefined) name = text(r.value.NAME);
    if (r.value.ADDR !== undefined) addr = text(r.value.ADDR);
    if (r.value.PORT !== undefined) port = text(r.value.PORT);
    last = r;
  }
  const v = last?.ok === true ? last.value : undefined;
  return {
    name,
    addr,
    port,
    proto: v?.PROTO === undefined ? 'SMTP' : text(v.PROTO),
    helo: v?.HELO === undefined || isSpecialValue(v.HELO) ? null : v.HELO,
    login: v?.LOGIN === undefined || isSpecialValue(v.LOGIN) ? null : v.LOGIN,
  };
}

function sameAddress(logged: string, asked: string): boolean {
  if (logged === 'unknown' || asked === 'unknown') return logged === asked;
  const x = addressOctets(logged);
  const y = addressOctets(asked);
  return x !== undefined && y !== undefined && x.join('.') === y.join('.');
}

// ---------------------------------------------------------------------------------------
// The log

const REJECT =
  /: ([0-9A-F]+): reject: RCPT from ([^[]*)\[([^\]]*)\]:(\S+): 554 5\.7\.1 <r@example\.net>: Relay access denied; from=<([^@>]+)@example\.com> to=<r@example\.net> proto=(\S+)(?: helo=<(.*)>)?$/;
const CLIENT =
  /: ([0-9A-F]+): client=([^[]*)\[([^\]]*)\]:([^,]+)(?:, sasl_method=(\S+), sasl_username=(.*))?$/;
const CONNECT = /: connect from ([^[]*)\[127\.0\.0\.1\]:(\d+)$/;

interface Logged {
  readonly identity: Identity;
  readonly clientLine:
    | { name: string; addr: string; port: string; login: string | null }
    | undefined;
}

function readPostfixLog(lines: readonly string[]): {
  byCase: Map<string, Logged>;
  connectName: Map<string, string>;
} {
  const clients = new Map<
    string,
    { name: string; addr: string; port: string; login: string | null }
  >();
  const connectName = new Map<string, string>();
  const rejects: Array<{ qid: string; id: string; identity: Omit<Identity, 'login'> }> = [];
  for (const line of lines) {
    let m = CLIENT.exec(line);
    if (m) {
      clients.set(m[1] as string, {
        name: m[2] as string,
        addr: m[3] as string,
        port: m[4] as string,
        login: m[5] === 'XCLIENT' ? (m[6] as string) : null,
      });
      continue;
    }
    m = REJECT.exec(line);
    if (m) {
      rejects.push({
        qid: m[1] as string,
        id: m[5] as string,
        identity: {
          name: m[2] as string,
          addr: m[3] as string,
          port: m[4] as string,
          proto: m[6] as string,
          helo: m[7] ?? null,
        },
      });
      continue;
    }
    m = CONNECT.exec(line);
    if (m) connectName.set(m[2] as string, m[1] as string);
  }
  const byCase = new Map<string, Logged>();
  for (const r of rejects) {
    const client = clients.get(r.qid);
    byCase.set(r.id, {
      identity: { ...r.identity, login: client?.login ?? null },
      clientLine: client,
    });
  }
  return { byCase, connectName };
}

// ---------------------------------------------------------------------------------------
// One case on the wire

async function sendSet(attributes: XclientAttributes, index: number): Promise<Sent> {
  let lines: string[];
  try {
    lines = formatXclient(attributes);
  } catch (e) {
    const thrown = `formatXclient threw ${(e as Error).message}`;
    return {
      index,
      attributes,
      lines: [],
      replies: [],
      mail: undefined,
      rcpt: undefined,
      localPort: 0,
      thrown,
    };
  }
  const c = await SmtpClient.connect(POSTFIX.host, POSTFIX.authPort);
  try {
    const greeting = await c.read();
    if (greeting?.code !== 220) throw new Error(`greeting: ${greeting?.raw.join('|')}`);
    const ehlo = await c.command('EHLO builder.example');
    if (ehlo?.code !== 250) throw new Error(`EHLO: ${ehlo?.raw.join('|')}`);
    const replies: (number | undefined)[] = [];
    let refusal: string | undefined;
    for (const line of lines) {
      const r = await c.command(line);
      replies.push(r?.code);
      if (r?.code !== 220) {
        refusal = r === undefined ? '(closed)' : r.raw.join(' | ');
        break;
      }
    }
    let mail: number | undefined;
    let rcpt: number | undefined;
    if (replies.length === lines.length && replies.every((code) => code === 220)) {
      mail = (await c.command(`MAIL FROM:<${RUN}-${index}@example.com>`))?.code;
      // A local recipient first: Postfix opens the queue file (and logs client=) on the
      // first accepted RCPT.
      const local = (await c.command(`RCPT TO:<probe@${POSTFIX.hostname}>`))?.code;
      rcpt = local === 250 ? (await c.command('RCPT TO:<r@example.net>'))?.code : local;
    }
    const base = { index, attributes, lines, replies, mail, rcpt, localPort: c.localPort };
    return refusal === undefined ? base : { ...base, refusal };
  } finally {
    await c.quit();
  }
}

interface Checked {
  readonly sent: readonly Sent[];
  readonly problems: readonly string[];
  /** Failing cases counted by what their lines hold. */
  readonly hints: ReadonlyMap<string, number>;
  /** Cases whose identity was found in the log exactly as asked. */
  readonly checked: number;
  /** Cases formatXclient refused to build. */
  readonly refused: number;
}

/**
 * Sends every set (index offset by `first`, so that the MAIL FROM addresses stay unique),
 * then checks the replies and what Postfix logged. With `mayRefuse`, formatXclient may
 * refuse a set (throw) instead of building it; otherwise that is a problem.
 */
async function sendAndCheck(
  sets: readonly XclientAttributes[],
  first: number,
  mayRefuse: boolean,
): Promise<Checked> {
  const since = logOffset();
  const sent = await pool(sets, CONCURRENCY, (a, i) => sendSet(a, first + i));
  const problems: string[] = [];
  const hints = new Map<string, number>();
  /** A hint at the cause, for the summary: what the lines of a failing case contain. */
  const hint = (s: Sent): void => {
    const text = s.lines.join(' ');
    const h: string[] = [];
    if (/=[^ ]*["<\\]/.test(text)) h.push('a value holds " < or \\ (Postfix tokenizer)');
    if (/[ =:](DEST)?ADDR=(IPV6:[:0-9a-f]*:)?0\.|:0\.[0-9.]+( |$)/i.test(text)) {
      h.push('an IPv4 address 0.x.y.z');
    }
    const key = h.length === 0 ? 'other' : h.join(' + ');
    hints.set(key, (hints.get(key) ?? 0) + 1);
  };
  const describe = (s: Sent): string =>
    `#${s.index} ${JSON.stringify(s.attributes)}\n    lines: ${JSON.stringify(s.lines)}`;
  let refused = 0;
  for (const s of sent) {
    const before = problems.length;
    if (s.thrown !== undefined) {
      if (mayRefuse) refused++;
      else {
        problems.push(`${describe(s)}\n    ${s.thrown}`);
        hints.set('formatXclient threw', (hints.get('formatXclient threw') ?? 0) + 1);
      }
      continue;
    }
    if (s.replies.length !== s.lines.length || s.replies.some((c) => c !== 220)) {
      problems.push(
        `${describe(s)}\n    replies ${JSON.stringify(s.replies)} (want 220 each): ${s.refusal}`,
      );
    } else if (s.mail !== 250 || s.rcpt !== 554) {
      problems.push(`${describe(s)}\n    MAIL ${s.mail} RCPT ${s.rcpt} (want 250, 250 then 554)`);
    }
    for (const line of s.lines) {
      if (Buffer.byteLength(line) + 2 > 512)
        problems.push(`${describe(s)}\n    line over 512 octets`);
      if (!parseXclient(line).ok) problems.push(`${describe(s)}\n    not strict: ${line}`);
    }
    if (problems.length > before) hint(s);
  }
  const expected = sent.filter((s) => s.rcpt === 554);
  // postlogd writes asynchronously: poll until every case has its reject line.
  let lines = readLog(since);
  for (
    let waited = 0;
    readPostfixLog(lines).byCase.size < expected.length && waited < 30_000;
    waited += 200
  ) {
    await new Promise((r) => setTimeout(r, 200));
    lines = readLog(since);
  }
  const { byCase, connectName } = readPostfixLog(lines);

  let checked = 0;
  for (const s of expected) {
    const logged = byCase.get(`${RUN}-${s.index}`);
    if (logged === undefined) {
      problems.push(`${describe(s)}\n    no reject line in ${POSTFIX.log}`);
      continue;
    }
    const realName = connectName.get(String(s.localPort)) ?? 'localhost';
    const asked = fromAttributes(s.attributes, realName, s.localPort);
    const parsed = fromLines(s.lines, realName, s.localPort);
    const got = logged.identity;
    const diffs: string[] = [];
    for (const field of ['name', 'port', 'proto', 'helo', 'login'] as const) {
      if (got[field] !== asked[field]) {
        diffs.push(
          `${field}: logged ${JSON.stringify(got[field])}, asked ${JSON.stringify(asked[field])}`,
        );
      }
      if (got[field] !== parsed[field]) {
        diffs.push(
          `${field}: logged ${JSON.stringify(got[field])}, parseXclient ${JSON.stringify(parsed[field])}`,
        );
      }
    }
    if (!sameAddress(got.addr, asked.addr))
      diffs.push(`addr: logged ${got.addr}, asked ${asked.addr}`);
    if (got.addr !== parsed.addr) {
      diffs.push(`addr: logged ${got.addr}, parseXclient 'postfix' normalizes to ${parsed.addr}`);
    }
    const cl = logged.clientLine;
    if (cl === undefined) diffs.push('no client= line for the queue id');
    else if (cl.name !== got.name || cl.addr !== got.addr || cl.port !== got.port) {
      diffs.push(`client= line ${cl.name}[${cl.addr}]:${cl.port} differs from the reject line`);
    }
    if (diffs.length > 0) {
      problems.push(`${describe(s)}\n    ${diffs.join('\n    ')}`);
      hint(s);
    } else checked++;
  }
  return { sent, problems, hints, checked, refused };
}

/**
 * Inputs that once made formatXclient build a line Postfix misreads or refuses: values with
 * the characters Postfix's tokenizer treats specially (`"`, `<`, a final `\`), and IPv4
 * addresses whose first octet is 0 (Postfix takes only 0.0.0.0), alone or as an IPv6 tail.
 * formatXclient may refuse them; what it builds must get 220 and be logged as asked.
 */
const PINNED: readonly XclientAttributes[] = [
  { HELO: 'a"b c', PROTO: 'ESMTP', LOGIN: 'joe', NAME: 'n.example' },
  { HELO: 'a<b', PROTO: 'ESMTP', LOGIN: 'joe' },
  { HELO: 'x', LOGIN: 'ends with a backslash\\', PROTO: 'ESMTP', NAME: 'n.example' },
  { LOGIN: '"quoted" <angle>', NAME: 'n.example', ADDR: '192.0.2.1' },
  { ADDR: '0.0.0.0' },
  { ADDR: '0.0.0.1' },
  { ADDR: '0.202.69.138', NAME: 'zero.example' },
  { DESTADDR: '0.1.2.3', PORT: 4242 },
  { ADDR: '::ffff:0.1.2.3' },
];

let available = false;

describe('formatXclient against a live Postfix 3.7.11', () => {
  beforeAll(async () => {
    const status = await ensurePostfix();
    available = requireComponent(
      `Postfix on ${POSTFIX.host}:${POSTFIX.authPort}`,
      status.ok,
      status.why,
    );
    if (available)
      available = requireComponent(`the Postfix log ${POSTFIX.log}`, existsSync(POSTFIX.log));
  });

  it(`gets 220 for every command and the identity asked for in the log, for ${SETS} attribute sets (seed ${SEED})`, async (ctx) => {
    if (!available) return ctx.skip();
    const random = fc.sample(xclientAttributes(), { seed: SEED, numRuns: SETS + SPLIT_SETS });
    const sets = [
      ...random.slice(0, SETS),
      ...random.slice(SETS).map((a, i) => forceSplit(a, i, { dest: true })),
    ];
    const t0 = Date.now();
    const { sent, problems, hints, checked } = await sendAndCheck(sets, 0, false);
    const split = sent.filter((s) => s.lines.length > 1).length;
    const commands = sent.reduce((n, s) => n + s.lines.length, 0);
    const count = (f: (a: XclientAttributes) => boolean): number => sets.filter(f).length;
    console.log(
      `[postfix-build] seed ${SEED}: ${sent.length} attribute sets, ${commands} XCLIENT commands ` +
        `(${split} sets split over 2+ commands) in ${Date.now() - t0} ms; identity checked in the log for ${checked}; ` +
        `with NAME ${count((a) => a.NAME !== undefined)}, ADDR ${count((a) => a.ADDR !== undefined)}, ` +
        `PORT ${count((a) => a.PORT !== undefined)}, PROTO ${count((a) => a.PROTO !== undefined)}, ` +
        `HELO ${count((a) => a.HELO !== undefined)}, LOGIN ${count((a) => a.LOGIN !== undefined)}; ` +
        `${problems.length} problems ${JSON.stringify(Object.fromEntries(hints))}`,
    );
    if (problems.length > 0) {
      expect.fail(
        `${problems.length} problems (FC_SEED=${SEED}); failing cases by what their lines hold: ` +
          `${JSON.stringify(Object.fromEntries(hints))}\n${problems.slice(0, 20).join('\n')}`,
      );
    }
    expect(checked).toBe(sent.length);
    expect(split, 'sets that need more than one command').toBeGreaterThanOrEqual(SPLIT_SETS / 2);
  });

  it('never builds a line Postfix misreads or refuses, on the pinned inputs', async (ctx) => {
    if (!available) return ctx.skip();
    const { problems, checked, refused } = await sendAndCheck(PINNED, 100_000, true);
    console.log(
      `[postfix-build] pinned: ${PINNED.length} inputs, ${checked} built and logged as asked, ` +
        `${refused} refused by formatXclient, ${problems.length} problems`,
    );
    if (problems.length > 0) expect.fail(`${problems.length} problems:\n${problems.join('\n')}`);
    expect(checked + refused).toBe(PINNED.length);
  });
});
