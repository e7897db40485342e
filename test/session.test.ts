// The server session: the Postfix 3.7.11 corpus replayed step by step through the session,
// then unit tables for every rule (checks order, reset, partial application, authorization),
// immutability, and properties over random event sequences.
import { readFileSync } from 'node:fs';
import {
  isXclientError,
  REPLIES,
  type Reply,
  TEMPUNAVAIL,
  UNAVAILABLE,
  type XclientAttributeName,
  type XclientAttributes,
} from 'smtp-xclient';
import {
  applyCommand,
  applyXclient,
  createXclientSession,
  formatClientLabel,
  type SmtpCommand,
  type XclientSession,
  type XclientSessionInit,
  xclientKeyword,
} from 'smtp-xclient/server';
import { describe, expect, it } from 'vitest';
import { fc, test as fcTest } from './helpers/fc.js';

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
const AUTHORIZED = ['127.0.0.0/8', '[::1]/128'];
/** Postfix's EHLO keywords on the probe instance, XCLIENT and STARTTLS aside. */
const EXTENSIONS = ['PIPELINING', 'SIZE 10240000', 'VRFY', 'ETRN', 'ENHANCEDSTATUSCODES'];
const octets = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));
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
// Unit tables

const authorized = (init: XclientSessionInit = {}): XclientSession =>
  createXclientSession({
    client: { ADDR: '127.0.0.1', NAME: 'localhost', PORT: 40000 },
    banner: 'mx.example ESMTP',
    ...(init.isAuthorized === undefined ? { authorizedHosts: AUTHORIZED } : {}),
    ...init,
  });

/** Applies a sequence (XCLIENT lines as strings, other commands as objects). */
function run(
  s: XclientSession,
  events: readonly (string | SmtpCommand)[],
  profile: 'strict' | 'postfix' | 'lenient' = 'postfix',
): { session: XclientSession; replies: Reply[] } {
  const replies: Reply[] = [];
  let session = s;
  for (const e of events) {
    const r =
      typeof e === 'string' ? applyXclient(session, e, { profile }) : applyCommand(session, e);
    replies.push(r.reply);
    session = r.session;
  }
  return { session, replies };
}

describe('createXclientSession', () => {
  it('starts at the greeting stage with the real client', () => {
    const s = authorized();
    expect(s).toMatchObject({
      hostname: 'mx.example',
      banner: 'mx.example ESMTP',
      tls: false,
      hello: 'none',
      transaction: 'idle',
      authorization: 'granted',
      closed: false,
    });
    expect(s.client).toEqual({
      NAME: 'localhost',
      ADDR: '127.0.0.1',
      PROTO: 'SMTP',
      HELO: UNAVAILABLE,
      REVERSE_NAME: 'localhost',
      PORT: 40000,
      LOGIN: UNAVAILABLE,
      DESTADDR: UNAVAILABLE,
      DESTPORT: UNAVAILABLE,
    });
    expect(Object.isFrozen(s)).toBe(true);
    expect(Object.isFrozen(s.client)).toBe(true);
    expect(Object.isFrozen(s.extensions)).toBe(true);
  });

  it.each<[string, XclientSessionInit, Partial<XclientSession>]>([
    ['nothing', {}, { hostname: 'localhost', banner: 'localhost ESMTP', authorization: 'denied' }],
    ['hostname only', { hostname: 'h.example' }, { banner: 'h.example ESMTP' }],
    ['empty banner', { banner: '' }, { hostname: 'localhost', banner: '' }],
    ['tls', { tls: true, tlsAvailable: true }, { tls: true, tlsAvailable: true }],
    ['callback', { isAuthorized: () => true }, { authorization: 'granted' }],
    [
      'throwing callback',
      {
        isAuthorized: () => {
          throw new Error('table down');
        },
      },
      { authorization: 'failed' },
    ],
    ['empty list', { authorizedHosts: [] }, { authorization: 'denied' }],
  ])('defaults and policies: %s', (_name, init, expected) => {
    expect(createXclientSession(init)).toMatchObject(expected);
  });

  it('normalizes the real client: bare IPv6, REVERSE_NAME from NAME unless given', () => {
    const s = createXclientSession({
      client: {
        ADDR: '::1',
        DESTADDR: 'IPv6:2001:DB8::1',
        NAME: 'a.example',
        REVERSE_NAME: TEMPUNAVAIL,
        PROTO: 'ESMTP',
        DESTPORT: 25,
        HELO: 'h',
        LOGIN: 'joe',
      },
    });
    expect(s.client).toMatchObject({
      ADDR: '::1',
      DESTADDR: '2001:db8::1',
      REVERSE_NAME: TEMPUNAVAIL,
      PROTO: 'ESMTP',
      DESTPORT: 25,
      HELO: 'h',
      LOGIN: 'joe',
    });
    expect(createXclientSession({ client: { NAME: UNAVAILABLE } }).client.REVERSE_NAME).toBe(
      UNAVAILABLE,
    );
    expect(
      createXclientSession({ client: { PORT: undefined } as unknown as XclientAttributes }).client
        .PORT,
    ).toBe(UNAVAILABLE);
  });

  it.each<[string, unknown]>([
    ['not an object', 42],
    ['client not an object', { client: 'x' }],
    ['lower-case attribute', { client: { addr: '1.2.3.4' } }],
    ['unknown attribute', { client: { FOO: 'x' } }],
    ['bad address', { client: { ADDR: '1.2.3' } }],
    ['bad port', { client: { PORT: 'x' } }],
    ['non-integer port', { client: { PORT: 2.5 } }],
    ['object value', { client: { NAME: {} } }],
    ['banner with CRLF', { banner: 'a\r\nb' }],
    ['hostname with space', { hostname: 'a b' }],
    ['empty hostname', { hostname: '' }],
    ['extension with LF', { extensions: ['X\nY'] }],
    ['unknown announced name', { announce: ['FOO'] }],
    ['both policies', { isAuthorized: () => true, authorizedHosts: [] }],
    ['policy not a function', { isAuthorized: 'yes' }],
    ['hosts not an array', { authorizedHosts: '127.0.0.1' }],
  ])('refuses %s with SESSION_INVALID_INIT', (_name, init) => {
    let error: unknown;
    try {
      createXclientSession(init as XclientSessionInit);
    } catch (e) {
      error = e;
    }
    expect(isXclientError(error) && error.code).toBe('SESSION_INVALID_INIT');
  });

  it('passes on createHostMatcher errors (OPTION_INVALID)', () => {
    expect(() => createXclientSession({ authorizedHosts: ['192.0.2.1/24'] })).toThrow(
      expect.objectContaining({ code: 'OPTION_INVALID' }),
    );
  });
});

describe('applyXclient: the order of checks', () => {
  const inMail = applyCommand(authorized(), { verb: 'MAIL' }).session;
  const denied = createXclientSession({
    client: { ADDR: '192.0.2.1' },
    authorizedHosts: AUTHORIZED,
  });
  const failed = authorized({
    isAuthorized: () => {
      throw new Error('down');
    },
  });

  it.each<[string, XclientSession, string | Uint8Array, Reply]>([
    ['bad UTF-8 beats the transaction', inMail, octets('XCLIENT NAME=\xff'), REPLIES.badUtf8],
    ['not recognized beats the transaction', inMail, 'XCLIENTX NAME=a', REPLIES.notRecognized],
    ['header-like beats the transaction', inMail, 'XCLIENT: NAME=a', REPLIES.headerLike],
    ['503 beats no attributes', inMail, 'XCLIENT', REPLIES.transactionInProgress],
    ['503 beats authorization', inMail, 'XCLIENT NAME=a', REPLIES.transactionInProgress],
    ['501 no attributes beats authorization', denied, 'XCLIENT', REPLIES.noAttributes],
    ['550 beats an unknown attribute', denied, 'XCLIENT FOO=bar', REPLIES.unauthorized],
    ['550 beats a missing =', denied, 'XCLIENT NAME', REPLIES.unauthorized],
    ['421 when the policy failed', failed, 'XCLIENT NAME=a', REPLIES.localDataError('mx.example')],
    ['then the attribute error', authorized(), 'XCLIENT FOO=bar', REPLIES.badAttributeName('FOO')],
  ])('%s', (_name, s, line, reply) => {
    const r = applyXclient(s, line, { profile: 'postfix' });
    expect(r.reply).toEqual(reply);
    expect(r.outcome).toBe('refused');
    expect(r.session.client).toBe(s.client);
  });

  it('closes the session after 221 and 421, and then answers 421 to everything', () => {
    const bye = applyXclient(authorized(), 'XCLIENT: NAME=a', { profile: 'postfix' });
    expect(bye.session.closed).toBe(true);
    expect(bye.error?.code).toBe('LINE_HEADER_LIKE');
    const down = applyXclient(failed, 'XCLIENT NAME=a');
    expect(down.session.closed).toBe(true);
    const closedReply = { code: 421, enhanced: '4.4.2', text: 'mx.example Error: session closed' };
    const again = applyXclient(down.session, 'XCLIENT NAME=a');
    expect(again.reply).toEqual(closedReply);
    expect(again.session).toBe(down.session);
    expect(applyCommand(down.session, { verb: 'RSET' }).reply).toEqual(closedReply);
  });

  it("reads the line with the profile: 'strict' refuses what 'postfix' accepts", () => {
    const line = 'XCLIENT ADDR=010.1.1.1';
    expect(applyXclient(authorized(), line).reply.code).toBe(501);
    const r = applyXclient(authorized(), line, { profile: 'postfix' });
    expect(r.reply.code).toBe(220);
    expect(r.session.client.ADDR).toBe('8.1.1.1');
    const lenient = applyXclient(authorized(), 'XCLIENT PROTO=LMTP', { profile: 'lenient' });
    expect(lenient.session.client.PROTO).toBe('LMTP');
    expect(lenient.warnings.map((w) => w.code)).toContain('ATTR_PROTO_NONSTANDARD');
  });

  it('refuses bad options (programmer errors)', () => {
    expect(() => applyXclient(authorized(), 'XCLIENT NAME=a', { profile: 'x' as never })).toThrow(
      expect.objectContaining({ code: 'OPTION_INVALID' }),
    );
    expect(() =>
      applyXclient(authorized(), 'XCLIENT NAME=a', {
        isAuthorized: () => true,
        authorizedHosts: [],
      }),
    ).toThrow(expect.objectContaining({ code: 'OPTION_INVALID' }));
  });
});

describe('applyXclient: success resets to the greeting stage', () => {
  const ehloMail = run(authorized(), [
    'XCLIENT HELO=old.example PROTO=ESMTP LOGIN=old',
    { verb: 'EHLO', name: 'e.example' },
  ]).session;

  it.each<[string, string, Partial<Record<XclientAttributeName, unknown>>]>([
    [
      'HELO, PROTO, LOGIN reset when not carried',
      'XCLIENT NAME=n.example',
      {
        NAME: 'n.example',
        HELO: UNAVAILABLE,
        PROTO: 'SMTP',
        LOGIN: UNAVAILABLE,
      },
    ],
    [
      'HELO carried',
      'XCLIENT HELO=h.example',
      { HELO: 'h.example', PROTO: 'SMTP', LOGIN: UNAVAILABLE },
    ],
    [
      'PROTO carried',
      'XCLIENT PROTO=ESMTP',
      { HELO: UNAVAILABLE, PROTO: 'ESMTP', LOGIN: UNAVAILABLE },
    ],
    ['LOGIN carried', 'XCLIENT LOGIN=joe', { HELO: UNAVAILABLE, PROTO: 'SMTP', LOGIN: 'joe' }],
    ['HELO=[UNAVAILABLE] is no HELO', 'XCLIENT HELO=[UNAVAILABLE]', { HELO: UNAVAILABLE }],
    ['LOGIN=[UNAVAILABLE] is no login', 'XCLIENT LOGIN=[UNAVAILABLE]', { LOGIN: UNAVAILABLE }],
    ['HELO neutered, as Postfix', 'XCLIENT HELO=a+20<b>', { HELO: 'a??b?' }],
    ['a real NAME sets REVERSE_NAME', 'XCLIENT NAME=n.example', { REVERSE_NAME: 'n.example' }],
    [
      'NAME=[UNAVAILABLE] keeps REVERSE_NAME',
      'XCLIENT NAME=[UNAVAILABLE]',
      {
        NAME: UNAVAILABLE,
        REVERSE_NAME: 'localhost',
      },
    ],
    [
      'NAME=[TEMPUNAVAIL]',
      'XCLIENT NAME=[TEMPUNAVAIL]',
      { NAME: TEMPUNAVAIL, REVERSE_NAME: 'localhost' },
    ],
    [
      'REVERSE_NAME alone',
      'XCLIENT REVERSE_NAME=r.example',
      { NAME: 'localhost', REVERSE_NAME: 'r.example' },
    ],
    [
      'REVERSE_NAME after NAME wins',
      'XCLIENT NAME=n.example REVERSE_NAME=[TEMPUNAVAIL]',
      {
        REVERSE_NAME: TEMPUNAVAIL,
      },
    ],
    ['last duplicate wins', 'XCLIENT PORT=1 PORT=2', { PORT: 2 }],
    [
      'ports and addresses normalized',
      'XCLIENT ADDR=IPV6:2001:DB8:0::1 DESTADDR=192.0.2.9 DESTPORT=00025',
      {
        ADDR: '2001:db8::1',
        DESTADDR: '192.0.2.9',
        DESTPORT: 25,
        PORT: 40000,
      },
    ],
    ['PORT=[UNAVAILABLE]', 'XCLIENT PORT=[UNAVAILABLE]', { PORT: UNAVAILABLE }],
  ])('%s', (_name, line, expected) => {
    const r = applyXclient(ehloMail, line, { profile: 'postfix' });
    expect(r.reply).toEqual({ code: 220, text: 'mx.example ESMTP' });
    expect(r.outcome).toBe('applied');
    expect(r.session.client).toMatchObject(expected);
    expect(r.session.hello).toBe('none');
    expect(r.session.transaction).toBe('idle');
  });

  it('keeps TLS and what was not carried (PORT persists across commands)', () => {
    const s = run(authorized({ tls: true }), [
      'XCLIENT PORT=4242 DESTPORT=2525',
      'XCLIENT NAME=n.example',
    ]);
    expect(s.replies.map((r) => r.code)).toEqual([220, 220]);
    expect(s.session.tls).toBe(true);
    expect(s.session.client).toMatchObject({ PORT: 4242, DESTPORT: 2525, NAME: 'n.example' });
  });

  it('EHLO after XCLIENT replaces the XCLIENT HELO and sets ESMTP; LOGIN survives (SPEC §13)', () => {
    const { session } = run(authorized(), [
      'XCLIENT HELO=keep.example PROTO=SMTP LOGIN=joe NAME=n.example ADDR=127.0.0.6',
      { verb: 'EHLO', name: 'other.example' },
    ]);
    expect(session.client).toMatchObject({ HELO: 'other.example', PROTO: 'ESMTP', LOGIN: 'joe' });
    expect(formatClientLabel(session.client)).toBe('n.example[127.0.0.6]:40000');
  });

  it('a second XCLIENT loses HELO, PROTO and LOGIN of the first (SPEC §13 row 1)', () => {
    const { session } = run(authorized(), [
      'XCLIENT HELO=keep.example PROTO=ESMTP LOGIN=joe',
      'XCLIENT NAME=n.example ADDR=127.0.0.5',
    ]);
    expect(session.client).toMatchObject({ HELO: UNAVAILABLE, PROTO: 'SMTP', LOGIN: UNAVAILABLE });
  });
});

describe("applyXclient: a failing command in 'postfix' vs 'strict' and 'lenient'", () => {
  it.each<[string, Partial<Record<XclientAttributeName, unknown>>]>([
    [
      'XCLIENT NAME=partial.example FOO=bar',
      { NAME: 'partial.example', REVERSE_NAME: 'partial.example' },
    ],
    ['XCLIENT ADDR=192.0.2.9 FOO=bar', { ADDR: '192.0.2.9' }],
    ['XCLIENT HELO=partial.example PORT=x', { HELO: 'partial.example' }],
    ['XCLIENT LOGIN=partial PROTO=QMQP', { LOGIN: 'partial' }],
    ['XCLIENT PROTO=ESMTP NAME=bad..name', { PROTO: 'ESMTP' }],
  ])("'postfix' keeps what came before the error: %s", (line, applied) => {
    const before = run(authorized(), [
      { verb: 'EHLO', name: 'e.example' },
      { verb: 'MAIL' },
      { verb: 'RSET' },
    ]).session;
    const r = applyXclient(before, line, { profile: 'postfix' });
    expect(r.reply.code).toBe(501);
    expect(r.outcome).toBe('partial');
    expect(r.session.client).toMatchObject(applied);
    // no reset, no re-authorization
    expect(r.session.hello).toBe('EHLO');
    expect(r.session.authorization).toBe('granted');
    expect(r.session.authorizationIdentity).toBe(before.authorizationIdentity);
    for (const profile of ['strict', 'lenient'] as const) {
      const strict = applyXclient(before, line, { profile });
      expect(strict.reply.code).toBe(501);
      expect(strict.outcome).toBe('refused');
      expect(strict.session).toBe(before);
    }
  });

  it("'postfix' with nothing before the error applies nothing", () => {
    const s = authorized();
    const r = applyXclient(s, 'XCLIENT FOO=bar NAME=a', { profile: 'postfix' });
    expect(r.outcome).toBe('refused');
    expect(r.session).toBe(s);
  });

  it('a partial ADDR outside the network keeps authorization until the next success (c437)', () => {
    const { session, replies } = run(authorized(), [
      'XCLIENT ADDR=192.0.2.9 FOO=bar',
      'XCLIENT PORT=1',
      'XCLIENT PORT=2',
    ]);
    expect(replies.map((r) => r.code)).toEqual([501, 220, 550]);
    expect(session.client).toMatchObject({ ADDR: '192.0.2.9', PORT: 1 });
    expect(xclientKeyword(session)).toBeUndefined();
  });
});

describe('applyXclient: re-authorization', () => {
  it.each<[string, string, 'granted' | 'denied']>([
    ['ADDR outside the networks', 'XCLIENT ADDR=192.0.2.1', 'denied'],
    ['ADDR inside 127.0.0.0/8', 'XCLIENT ADDR=127.0.0.2', 'granted'],
    ['ADDR=[UNAVAILABLE]', 'XCLIENT ADDR=[UNAVAILABLE]', 'denied'],
    ['IPv6 loopback', 'XCLIENT ADDR=IPV6:::1', 'granted'],
    [
      'IPv4-mapped loopback (Postfix makes it IPv4)',
      'XCLIENT ADDR=IPV6:::ffff:127.0.0.9',
      'granted',
    ],
    ['NAME alone does not matter for a CIDR list', 'XCLIENT NAME=evil.example', 'granted'],
  ])('%s', (_name, line, verdict) => {
    const r = applyXclient(authorized(), line, { profile: 'postfix' });
    expect(r.reply.code).toBe(220);
    expect(r.session.authorization).toBe(verdict);
    const later = applyXclient(r.session, 'XCLIENT PORT=1', { profile: 'postfix' });
    expect(later.reply.code).toBe(verdict === 'granted' ? 220 : 550);
    const ehlo = applyCommand(r.session, { verb: 'EHLO', name: 'x.example' });
    const lines = [ehlo.reply.text].flat();
    expect(lines.some((l) => l.startsWith('XCLIENT'))).toBe(verdict === 'granted');
  });

  it('name patterns and callbacks see the new identity', () => {
    const byName = createXclientSession({
      client: { ADDR: '192.0.2.1', NAME: 'proxy.example' },
      authorizedHosts: ['proxy.example'],
    });
    expect(byName.authorization).toBe('granted');
    expect(applyXclient(byName, 'XCLIENT NAME=other.example').session.authorization).toBe('denied');
    const seen: unknown[] = [];
    const s = createXclientSession({
      client: { ADDR: '127.0.0.1' },
      isAuthorized: (id) => {
        seen.push(id.ADDR);
        return id.ADDR === '127.0.0.1';
      },
    });
    applyXclient(s, 'XCLIENT ADDR=192.0.2.7');
    expect(seen).toEqual(['127.0.0.1', '192.0.2.7']);
  });

  it('a policy given to applyXclient replaces the session’s from that command on', () => {
    const s = createXclientSession({ client: { ADDR: '127.0.0.1' } });
    expect(applyXclient(s, 'XCLIENT PORT=1').reply.code).toBe(550);
    const r = applyXclient(s, 'XCLIENT PORT=1', { authorizedHosts: AUTHORIZED });
    expect(r.reply.code).toBe(220);
    expect(applyXclient(r.session, 'XCLIENT ADDR=192.0.2.1').reply.code).toBe(220);
    const denied = applyXclient(r.session, 'XCLIENT PORT=2', { isAuthorized: () => false });
    expect(denied.reply.code).toBe(550);
    expect(denied.session.authorization).toBe('denied');
  });

  it('a policy that throws after XCLIENT fails the next XCLIENT and EHLO with 421', () => {
    const s = authorized({
      isAuthorized: (id) => {
        if (id.ADDR !== '127.0.0.1') throw new Error('lookup failed');
        return true;
      },
    });
    const r = applyXclient(s, 'XCLIENT ADDR=192.0.2.1');
    expect(r.session.authorization).toBe('failed');
    expect(xclientKeyword(r.session)).toBeUndefined();
    const ehlo = applyCommand(r.session, { verb: 'EHLO', name: 'x' });
    expect(ehlo.reply).toEqual(REPLIES.localDataError('mx.example'));
    expect(ehlo.session.closed).toBe(true);
    expect(applyCommand(r.session, { verb: 'HELO', name: 'x' }).reply.code).toBe(250);
  });
});

describe('applyCommand', () => {
  const s0 = authorized({ extensions: ['PIPELINING'], tlsAvailable: true });
  const reply = (code: number, enhanced: string | undefined, text: string): Reply =>
    enhanced === undefined ? { code, text } : { code, enhanced, text };

  it.each<[string, readonly (string | SmtpCommand)[], Reply, Partial<XclientSession>]>([
    [
      'HELO',
      [{ verb: 'HELO', name: 'h.example' }],
      reply(250, undefined, 'mx.example'),
      { hello: 'HELO' },
    ],
    [
      'HELO without name',
      [{ verb: 'HELO', name: ' ' }],
      reply(501, undefined, 'Syntax: HELO hostname'),
      { hello: 'none' },
    ],
    [
      'EHLO without name',
      [{ verb: 'EHLO', name: '' }],
      reply(501, undefined, 'Syntax: EHLO hostname'),
      { hello: 'none' },
    ],
    ['MAIL', [{ verb: 'MAIL' }], reply(250, '2.1.0', 'Ok'), { transaction: 'mail' }],
    [
      'MAIL refused by the server',
      [{ verb: 'MAIL', reply: reply(553, '5.7.1', 'no') }],
      reply(553, '5.7.1', 'no'),
      { transaction: 'idle' },
    ],
    [
      'nested MAIL',
      [{ verb: 'MAIL' }, { verb: 'MAIL' }],
      reply(503, '5.5.1', 'Error: nested MAIL command'),
      { transaction: 'mail' },
    ],
    [
      'RCPT without MAIL',
      [{ verb: 'RCPT' }],
      reply(503, '5.5.1', 'Error: need MAIL command'),
      { transaction: 'idle' },
    ],
    [
      'RCPT',
      [{ verb: 'MAIL' }, { verb: 'RCPT' }],
      reply(250, '2.1.5', 'Ok'),
      { transaction: 'rcpt' },
    ],
    [
      'RCPT refused',
      [{ verb: 'MAIL' }, { verb: 'RCPT', reply: reply(554, '5.7.1', 'denied') }],
      reply(554, '5.7.1', 'denied'),
      { transaction: 'mail' },
    ],
    [
      'nested MAIL after RCPT',
      [{ verb: 'MAIL' }, { verb: 'RCPT' }, { verb: 'MAIL' }],
      reply(503, '5.5.1', 'Error: nested MAIL command'),
      { transaction: 'rcpt' },
    ],
    [
      'DATA without MAIL',
      [{ verb: 'DATA' }],
      reply(503, '5.5.1', 'Error: need RCPT command'),
      { transaction: 'idle' },
    ],
    [
      'DATA without recipients',
      [{ verb: 'MAIL' }, { verb: 'DATA' }],
      reply(554, '5.5.1', 'Error: no valid recipients'),
      { transaction: 'mail' },
    ],
    [
      'DATA',
      [{ verb: 'MAIL' }, { verb: 'RCPT' }, { verb: 'DATA' }],
      reply(354, undefined, 'End data with <CR><LF>.<CR><LF>'),
      { transaction: 'data' },
    ],
    [
      'commands during DATA',
      [{ verb: 'MAIL' }, { verb: 'RCPT' }, { verb: 'DATA' }, { verb: 'RSET' }],
      reply(503, '5.5.1', 'Error: message data in progress'),
      { transaction: 'data' },
    ],
    [
      'XCLIENT during DATA',
      [{ verb: 'MAIL' }, { verb: 'RCPT' }, { verb: 'DATA' }, 'XCLIENT NAME=a'],
      REPLIES.transactionInProgress,
      { transaction: 'data' },
    ],
    [
      'end of DATA',
      [{ verb: 'MAIL' }, { verb: 'RCPT' }, { verb: 'DATA' }, { verb: 'END_OF_DATA' }],
      reply(250, '2.0.0', 'Ok: queued'),
      { transaction: 'idle' },
    ],
    [
      'message rejected',
      [
        { verb: 'MAIL' },
        { verb: 'RCPT' },
        { verb: 'DATA' },
        { verb: 'END_OF_DATA', reply: reply(554, '5.7.1', 'spam') },
      ],
      reply(554, '5.7.1', 'spam'),
      { transaction: 'idle' },
    ],
    [
      'end of DATA outside DATA',
      [{ verb: 'END_OF_DATA' }],
      reply(503, '5.5.1', 'Error: no DATA in progress'),
      { transaction: 'idle' },
    ],
    [
      'RSET',
      [{ verb: 'MAIL' }, { verb: 'RCPT' }, { verb: 'RSET' }],
      reply(250, '2.0.0', 'Ok'),
      { transaction: 'idle' },
    ],
    ['RSET when idle', [{ verb: 'RSET' }], reply(250, '2.0.0', 'Ok'), { transaction: 'idle' }],
    [
      'EHLO ends a transaction',
      [{ verb: 'MAIL' }, { verb: 'EHLO', name: 'x' }, { verb: 'RCPT' }],
      reply(503, '5.5.1', 'Error: need MAIL command'),
      { transaction: 'idle' },
    ],
    [
      'XCLIENT after RSET',
      [{ verb: 'MAIL' }, { verb: 'RSET' }, 'XCLIENT NAME=a'],
      REPLIES.greeting('mx.example ESMTP'),
      { transaction: 'idle' },
    ],
    [
      'XCLIENT after end of DATA',
      [
        { verb: 'MAIL' },
        { verb: 'RCPT' },
        { verb: 'DATA' },
        { verb: 'END_OF_DATA' },
        'XCLIENT NAME=a',
      ],
      REPLIES.greeting('mx.example ESMTP'),
      { transaction: 'idle' },
    ],
    [
      'STARTTLS',
      [{ verb: 'EHLO', name: 'x' }, { verb: 'STARTTLS' }],
      reply(220, '2.0.0', 'Ready to start TLS'),
      { tls: true, hello: 'none' },
    ],
    [
      'STARTTLS twice',
      [{ verb: 'STARTTLS' }, { verb: 'STARTTLS' }],
      reply(554, '5.5.1', 'Error: TLS already active'),
      { tls: true },
    ],
    [
      'STARTTLS in a transaction',
      [{ verb: 'MAIL' }, { verb: 'STARTTLS' }],
      REPLIES.transactionInProgress,
      { tls: false },
    ],
    [
      'AUTH before HELO',
      [{ verb: 'AUTH', login: 'joe' }],
      reply(503, '5.5.1', 'Error: send HELO/EHLO first'),
      {},
    ],
    [
      'AUTH after XCLIENT HELO',
      ['XCLIENT HELO=h', { verb: 'AUTH', login: 'joe' }],
      reply(235, '2.7.0', 'Authentication successful'),
      {},
    ],
    [
      'AUTH after XCLIENT LOGIN',
      ['XCLIENT HELO=h LOGIN=x', { verb: 'AUTH', login: 'joe' }],
      reply(503, '5.5.1', 'Error: already authenticated'),
      {},
    ],
    [
      'AUTH in a transaction',
      [{ verb: 'EHLO', name: 'x' }, { verb: 'MAIL' }, { verb: 'AUTH', login: 'joe' }],
      REPLIES.transactionInProgress,
      {},
    ],
    [
      'AUTH with a non-string login',
      [
        { verb: 'EHLO', name: 'x' },
        { verb: 'AUTH', login: 7 as unknown as string },
      ],
      reply(501, '5.5.2', 'Error: invalid login'),
      {},
    ],
    [
      'AUTH with a bad login',
      [
        { verb: 'EHLO', name: 'x' },
        { verb: 'AUTH', login: 'a\r\nb' },
      ],
      reply(501, '5.5.2', 'Error: invalid login'),
      {},
    ],
    ['QUIT', [{ verb: 'QUIT' }], reply(221, '2.0.0', 'Bye'), { closed: true }],
    ['unknown verb', [{ verb: 'VRFY' } as unknown as SmtpCommand], REPLIES.notRecognized, {}],
    ['not a command', [null as unknown as SmtpCommand], REPLIES.notRecognized, {}],
  ])('%s', (_name, events, expected, state) => {
    const { session, replies } = run(s0, events);
    expect(replies.at(-1)).toEqual(expected);
    expect(session).toMatchObject(state);
  });

  it('EHLO announces the extensions, STARTTLS while TLS is off, and XCLIENT when authorized', () => {
    const ehlo = applyCommand(s0, { verb: 'EHLO', name: 'c.example' });
    expect(ehlo.reply).toEqual({
      code: 250,
      text: [
        'mx.example',
        'PIPELINING',
        'STARTTLS',
        'XCLIENT NAME ADDR PROTO HELO REVERSE_NAME PORT LOGIN DESTADDR DESTPORT',
      ],
    });
    const afterTls = run(s0, [{ verb: 'STARTTLS' }, { verb: 'EHLO', name: 'c' }]);
    expect(afterTls.replies[1]?.text).not.toContain('STARTTLS');
    const plain = applyCommand(createXclientSession({ hostname: 'h' }), {
      verb: 'EHLO',
      name: 'c',
    });
    expect(plain.reply).toEqual({ code: 250, text: 'h' });
    const some = createXclientSession({ isAuthorized: () => true, announce: ['ADDR', 'NAME'] });
    expect(xclientKeyword(some)).toBe('XCLIENT NAME ADDR');
  });

  it('HELO/EHLO names as Postfix stores them; STARTTLS forgets HELO and LOGIN', () => {
    // "<" groups up to ">" or the end of the line, TAB included (measured: 'a?b?c?').
    expect(applyCommand(s0, { verb: 'EHLO', name: '  a   b<c\t' }).session.client.HELO).toBe(
      'a?b?c?',
    );
    expect(applyCommand(s0, { verb: 'HELO', name: 'x' }).session.client.PROTO).toBe('SMTP');
    expect(applyCommand(s0, { verb: 'EHLO', name: 42 as unknown as string }).reply.code).toBe(501);
    const { session } = run(s0, ['XCLIENT HELO=h LOGIN=joe', { verb: 'STARTTLS' }]);
    expect(session.client).toMatchObject({ HELO: UNAVAILABLE, LOGIN: UNAVAILABLE });
    const noTls = authorized();
    expect(applyCommand(noTls, { verb: 'STARTTLS' }).reply).toEqual(
      reply(502, '5.5.1', 'Error: command not implemented'),
    );
  });
});

describe('formatClientLabel', () => {
  it('writes name[addr]:port with unknown for the markers', () => {
    expect(formatClientLabel(authorized().client)).toBe('localhost[127.0.0.1]:40000');
    expect(formatClientLabel(createXclientSession({ client: { NAME: TEMPUNAVAIL } }).client)).toBe(
      'unknown[unknown]:unknown',
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

describe('applyCommand reads only its own table of verbs', () => {
  it.each(['toString', 'constructor', 'hasOwnProperty', '__proto__', 'valueOf', 'isPrototypeOf'])(
    '{ verb: %j } is not recognized (500), not a property of Object.prototype',
    (verb) => {
      const s = createXclientSession({ client: { ADDR: '127.0.0.1' } });
      const r = applyCommand(s, { verb } as unknown as SmtpCommand);
      expect(r.reply).toEqual({
        code: 500,
        enhanced: '5.5.2',
        text: 'Error: command not recognized',
      });
      expect(r.session).toBe(s);
    },
  );
});

describe('createXclientSession: the host name is one word', () => {
  it.each(['a\tb', 'a b', 'a\vb', 'a\x7fb', ''])('%j is refused', (hostname) => {
    expect(() => createXclientSession({ hostname })).toThrowError(
      expect.objectContaining({
        code: 'SESSION_INVALID_INIT',
        message: 'hostname must be one non-empty word',
      }),
    );
  });
});
