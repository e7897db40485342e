// The server session as a whole: the Postfix 3.7.11 corpus replayed step by step through
// applyXclient and applyCommand, immutability, and properties over random event sequences.
// Each function has its own file: test/create-xclient-session.test.ts,
// test/apply-xclient.test.ts, test/apply-command.test.ts, test/format-client-label.test.ts.
import { readFileSync } from 'node:fs';
import { type Reply, TEMPUNAVAIL, UNAVAILABLE } from 'smtp-xclient';
import {
  applyCommand,
  applyXclient,
  createXclientSession,
  type SmtpCommand,
  type XclientSession,
  xclientKeyword,
} from 'smtp-xclient/server';
import { describe, expect, it } from 'vitest';
import { fc, test as fcTest } from './helpers/fc.js';
import { AUTHORIZED, authorized, octets } from './helpers/session.js';

// -----------------------------------------------------------------------------------------
// The corpus

interface Step {
  readonly cmd: string;
  readonly code: number | null;
  readonly enhanced: string | null;
  readonly text?: string | null;
  readonly xclient?: string | null;
  readonly closed?: boolean;
}
interface Case {
  readonly id: string;
  readonly line: string;
  readonly context: 'auth' | 'auth6' | 'noauth' | 'noehlo' | 'mail' | 'seq';
  readonly code: number;
  readonly enhanced: string | null;
  readonly text: string;
  readonly ehlo_xclient?: string | null;
  readonly pre?: readonly Step[];
  readonly post?: readonly Step[];
  readonly pipelined?: Step;
  readonly state?: {
    readonly client?: string;
    readonly reject_from: string;
    readonly proto: string;
    readonly helo: string | null;
  };
}

const corpus: Case[] = readFileSync(
  new URL('./vectors/postfix-3.7.11.jsonl', import.meta.url),
  'utf8',
)
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as Case);

/** The cases the issue names: every seq, mail, noauth and noehlo case, and c428. */
const REQUIRED = corpus.filter(
  (c) => ['seq', 'mail', 'noauth', 'noehlo'].includes(c.context) || c.id === 'c428',
);

const BANNER = 'xclient-probe.localdomain ESMTP probe';
const HOSTNAME = 'xclient-probe.localdomain';
/** Postfix's EHLO keywords on the probe instance, XCLIENT and STARTTLS aside. */
const EXTENSIONS = ['PIPELINING', 'SIZE 10240000', 'VRFY', 'ETRN', 'ENHANCEDSTATUSCODES'];
const utf8 = (s: string): string => Buffer.from(s, 'latin1').toString('utf8');

/** The probe session of a context: the real client, authorized or not. */
function probeSession(context: Case['context']): XclientSession {
  return createXclientSession({
    client: { ADDR: context === 'auth6' ? '::1' : '127.0.0.1', NAME: 'localhost' },
    banner: BANNER,
    extensions: EXTENSIONS,
    authorizedHosts: context === 'noauth' ? [] : AUTHORIZED,
  });
}

/** The probe server's recipient policy: local domain accepted, anything else relay denied. */
function rcptPolicy(cmd: string): Reply | undefined {
  const to = /<([^>]*)>/.exec(cmd)?.[1] ?? '';
  return to.endsWith(`@${HOSTNAME}`)
    ? undefined
    : { code: 554, enhanced: '5.7.1', text: `<${to}>: Relay access denied` };
}

/** Commands that change no XCLIENT-relevant state: the replay skips them (and says so). */
const UNMODELLED = /^(NOOP|VRFY|XFORWARD|BDAT|QUIT)\b/i;

/** A corpus command as a session event, or undefined for an XCLIENT line. */
function asCommand(cmd: string): SmtpCommand | 'skip' | undefined {
  const verb = /^([A-Za-z]+)(?:\s|$)/.exec(cmd)?.[1]?.toUpperCase();
  const rest = cmd.slice(verb?.length ?? 0).trim();
  if (UNMODELLED.test(cmd)) return 'skip';
  if (verb === 'HELO' || verb === 'EHLO') return { verb, name: rest };
  if (verb === 'MAIL') return { verb };
  if (verb === 'RCPT') {
    const reply = rcptPolicy(cmd);
    return reply === undefined ? { verb } : { verb, reply };
  }
  if (verb === 'RSET' || verb === 'STARTTLS') return { verb };
  return undefined;
}

interface Tally {
  cases: number;
  steps: number;
  requiredCases: number;
  requiredSteps: number;
  identities: number;
  skipped: string[];
}
const tally: Tally = {
  cases: 0,
  steps: 0,
  requiredCases: 0,
  requiredSteps: 0,
  identities: 0,
  skipped: [],
};

/** One step: the session's reply must be Postfix's. Returns the new session. */
function replayStep(s: XclientSession, cmd: string, expected: Step, where: string): XclientSession {
  const command = asCommand(cmd);
  if (command === 'skip') {
    tally.skipped.push(`${where}: ${cmd}`);
    return s;
  }
  const { reply, session } =
    command === undefined
      ? applyXclient(s, octets(cmd), { profile: 'postfix' })
      : applyCommand(s, command);
  tally.steps++;
  const label = `${where}: ${JSON.stringify(cmd)}`;
  if (expected.closed === true) {
    expect(s.closed, label).toBe(true); // the server hung up before this command
    return session;
  }
  expect(reply.code, label).toBe(expected.code);
  expect(reply.enhanced ?? null, label).toBe(expected.enhanced);
  if (/^EHLO/i.test(cmd)) {
    expect(xclientKeyword(session) ?? null, `${label} announces`).toBe(expected.xclient ?? null);
    const lines = typeof reply.text === 'string' ? [reply.text] : reply.text;
    expect(lines.includes(expected.xclient ?? ''), label).toBe(expected.xclient != null);
  } else if (expected.text != null) {
    expect(reply.text, label).toBe(utf8(expected.text));
  }
  return session;
}

/** The identity Postfix logged (reject: RCPT from name[addr]:port; proto=; helo=). */
function expectLoggedState(s: XclientSession, c: Case): void {
  const state = c.state;
  if (state === undefined) return;
  const m = /^(.*)\[(.*)\]:(\w+)$/.exec(utf8(state.reject_from));
  expect(m, state.reject_from).not.toBeNull();
  const [, name, addr, port] = m as unknown as [string, string, string, string];
  const text = (v: unknown): string =>
    v === UNAVAILABLE || v === TEMPUNAVAIL ? 'unknown' : String(v);
  expect(text(s.client.NAME), `${c.id} name`).toBe(name);
  expect(text(s.client.ADDR), `${c.id} addr`).toBe(addr);
  // Postfix keeps the port text as sent (PORT=00025 logs as 00025); the session keeps a number.
  if (typeof s.client.PORT === 'number') expect(s.client.PORT, `${c.id} port`).toBe(Number(port));
  expect(s.client.PROTO, `${c.id} proto`).toBe(state.proto);
  expect(s.client.HELO === UNAVAILABLE ? null : s.client.HELO, `${c.id} helo`).toBe(
    state.helo === null ? null : utf8(state.helo),
  );
  const login = /sasl_username=(.*)$/.exec(utf8(state.client ?? ''))?.[1];
  expect(s.client.LOGIN === UNAVAILABLE ? undefined : s.client.LOGIN, `${c.id} login`).toBe(login);
  tally.identities++;
}

function replay(c: Case): void {
  const steps = tally.steps;
  let s = probeSession(c.context);
  if (c.context !== 'noehlo') {
    s = replayStep(
      s,
      'EHLO probe.example',
      { cmd: 'EHLO', code: 250, enhanced: null, xclient: c.ehlo_xclient ?? null },
      `${c.id} ehlo`,
    );
  }
  for (const [i, p] of (c.pre ?? []).entries()) s = replayStep(s, p.cmd, p, `${c.id} pre${i}`);
  s = replayStep(s, c.line, { cmd: c.line, ...c }, `${c.id} line`);
  if (c.pipelined !== undefined) {
    const p = c.pipelined;
    const xclient = /^EHLO/i.test(p.cmd)
      ? ((p.text ?? '').split('\n').find((l) => l.startsWith('XCLIENT')) ?? null)
      : null;
    s = replayStep(s, p.cmd, { ...p, xclient }, `${c.id} pipelined`);
  }
  for (const [i, p] of (c.post ?? []).entries()) {
    s = replayStep(s, p.cmd, p, `${c.id} post${i}`);
    // The relay-denied RCPT is the log line that records the identity.
    if (/^RCPT TO:<r@example\.net>/.test(p.cmd)) expectLoggedState(s, c);
  }
  tally.cases++;
  if (REQUIRED.includes(c)) {
    tally.requiredCases++;
    tally.requiredSteps += tally.steps - steps;
  }
}

describe('Postfix 3.7.11 corpus replayed through the session', () => {
  it('has the session cases the issue names', () => {
    expect(REQUIRED.length).toBe(24);
    expect(REQUIRED.filter((c) => c.context === 'seq').length).toBe(15);
  });

  describe('seq, mail, noauth, noehlo and c428: every step', () => {
    it.each(REQUIRED.map((c) => [c.id, c.context, c] as const))('%s (%s)', (_id, _ctx, c) => {
      replay(c);
    });
  });

  describe('every other case (auth, auth6): EHLO, the line, the follow-up steps', () => {
    const others = corpus.filter((c) => !REQUIRED.includes(c));
    it.each(others.map((c) => [c.id, c] as const))('%s', (_id, c) => {
      replay(c);
    });
  });

  it('replayed every case; skipped only commands that do not touch XCLIENT state', () => {
    expect(tally.cases).toBe(corpus.length);
    expect(tally.requiredCases).toBe(REQUIRED.length);
    expect(tally.identities).toBeGreaterThan(200);
    const verbs = new Set(tally.skipped.map((s) => /: (\w+)/.exec(s)?.[1]));
    expect([...verbs].sort()).toEqual(['BDAT', 'NOOP', 'VRFY', 'XFORWARD']);
    console.info(
      `session replay: ${tally.cases} cases, ${tally.steps} steps agree with Postfix, ${tally.identities} logged identities match (required set: ${tally.requiredCases} cases, ${tally.requiredSteps} steps); skipped ${tally.skipped.length} unmodelled commands (${[...verbs].join(', ')})`,
    );
  });
});

// -----------------------------------------------------------------------------------------
// Immutability and properties

/** A deep copy that keeps functions by reference (structuredClone refuses them). */
function snapshot<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if ((value as unknown) === UNAVAILABLE || (value as unknown) === TEMPUNAVAIL) return value;
  if (Array.isArray(value)) return value.map(snapshot) as T;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, snapshot(v)])) as T;
}

const lineArb = fc.oneof(
  fc.constantFrom(
    'XCLIENT NAME=n.example',
    'XCLIENT ADDR=192.0.2.1',
    'XCLIENT ADDR=127.0.0.2 NAME=x.example',
    'XCLIENT ADDR=[UNAVAILABLE]',
    'XCLIENT HELO=h PROTO=ESMTP LOGIN=joe',
    'XCLIENT NAME=partial.example FOO=bar',
    'XCLIENT',
    'XCLIENT: x',
    'XCLIENTX',
    'XCLIENT PORT=x',
  ),
  fc.string({ maxLength: 40 }).map((s) => `XCLIENT ${s}`),
  fc.uint8Array({ maxLength: 40 }),
);
const commandArb: fc.Arbitrary<SmtpCommand> = fc.oneof(
  fc.record({ verb: fc.constantFrom('HELO' as const, 'EHLO' as const), name: fc.string() }),
  fc.constantFrom<SmtpCommand>(
    { verb: 'MAIL' },
    { verb: 'RCPT' },
    { verb: 'RCPT', reply: { code: 554, enhanced: '5.7.1', text: 'no' } },
    { verb: 'DATA' },
    { verb: 'END_OF_DATA' },
    { verb: 'RSET' },
    { verb: 'STARTTLS' },
    { verb: 'QUIT' },
  ),
  fc.string().map((login): SmtpCommand => ({ verb: 'AUTH', login })),
);
const eventArb = fc.oneof(lineArb, lineArb, commandArb) as fc.Arbitrary<
  string | Uint8Array | SmtpCommand
>;

describe('immutability and properties', () => {
  it('applyXclient and applyCommand leave the input session as it was', () => {
    const s = authorized();
    const before = snapshot(s);
    applyXclient(s, 'XCLIENT NAME=n.example ADDR=192.0.2.1 HELO=h LOGIN=l', { profile: 'postfix' });
    applyXclient(s, 'XCLIENT NAME=p.example FOO=bar', { profile: 'postfix' });
    applyCommand(s, { verb: 'EHLO', name: 'x' });
    applyCommand(s, { verb: 'MAIL' });
    expect(s).toStrictEqual(before);
  });

  fcTest.prop([
    fc.constantFrom<'strict' | 'postfix' | 'lenient'>('strict', 'postfix', 'lenient'),
    fc.array(eventArb, { maxLength: 25 }),
  ])(
    'random event sequences never throw, never mutate, and keep the invariants',
    (profile, events) => {
      let s = authorized({ tlsAvailable: true });
      for (const e of events) {
        const before = snapshot(s);
        const r =
          typeof e === 'string' || e instanceof Uint8Array
            ? applyXclient(s, e, { profile })
            : applyCommand(s, e);
        expect(s).toStrictEqual(before);
        expect(Object.isFrozen(r.session)).toBe(true);
        expect(Object.isFrozen(r.session.client)).toBe(true);
        if (s.closed) expect(r.session.closed).toBe(true);
        if ('outcome' in r && r.outcome === 'applied') {
          expect(r.reply.code).toBe(220);
          expect(r.session.hello).toBe('none');
          expect(r.session.transaction).toBe('idle');
          expect(s.transaction).toBe('idle');
          expect(s.authorization).toBe('granted');
        }
        s = r.session;
      }
    },
  );
});
