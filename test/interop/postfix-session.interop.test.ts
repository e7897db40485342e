// Part 3 of issue 7, the session helper against a live Postfix 3.7.11: seeded random
// sequences of XCLIENT (valid lines, lines with a defect, lines that move ADDR out of the
// authorized networks and back), MAIL, RSET and EHLO are replayed on one live session and on
// createXclientSession / applyXclient ('postfix' profile) / applyCommand. At every step the
// reply code must be the same (and for XCLIENT the enhanced code and text too, under the
// rule of peers.ts matchReply), EHLO must announce XCLIENT exactly when xclientKeyword()
// says so, and the session must be closed exactly when Postfix hangs up.
//
// Reproduce one run: FC_SEED=<seed> npx vitest run --config vitest.interop.config.ts test/interop/postfix-session.interop.test.ts
import fc from 'fast-check';
import type { Reply } from 'smtp-xclient';
import { invalidXclientLine, postfixProbeLine, validXclientLine } from 'smtp-xclient/arbitraries';
import {
  applyCommand,
  applyXclient,
  createXclientSession,
  type XclientSession,
  xclientKeyword,
} from 'smtp-xclient/server';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ensurePostfix,
  matchReply,
  OTHER_POSTFIX_COMMANDS,
  POSTFIX,
  pool,
  requireComponent,
  SmtpClient,
  seedFromEnv,
  show,
  verbOf,
  type WireReply,
} from './peers.js';

const SEED = seedFromEnv(7_300_003);
const SEQUENCES = Number(process.env.INTEROP_SESSION_SEQUENCES ?? 150);
const CONCURRENCY = 12;

const encoder = new TextEncoder();
const ascii = (s: string): Uint8Array => encoder.encode(s);

type Step =
  | { readonly kind: 'XCLIENT'; readonly line: Uint8Array }
  | { readonly kind: 'MAIL' }
  | { readonly kind: 'RSET' }
  | { readonly kind: 'EHLO'; readonly name: string };

/** An XCLIENT line that is one command (no LF) and not another Postfix command. */
const oneXclient = (octets: Uint8Array): boolean =>
  !octets.includes(0x0a) && !OTHER_POSTFIX_COMMANDS.has(verbOf(octets));

const xclientLine: fc.Arbitrary<Uint8Array> = fc
  .oneof(
    { weight: 4, arbitrary: validXclientLine().map(ascii) },
    { weight: 2, arbitrary: invalidXclientLine().map((l) => l.octets) },
    { weight: 2, arbitrary: postfixProbeLine() },
    {
      // ADDR leaves 127.0.0.0/8 and ::1 (the next XCLIENT gets 550), or is kept by a failure
      weight: 2,
      arbitrary: fc
        .constantFrom(
          'XCLIENT ADDR=192.0.2.1',
          'XCLIENT NAME=out.example ADDR=198.51.100.7 PORT=4242',
          'XCLIENT ADDR=IPV6:2001:db8::1',
          'XCLIENT ADDR=[UNAVAILABLE]',
          'XCLIENT ADDR=192.0.2.9 FOO=bar',
          'XCLIENT LOGIN=joe ADDR=203.0.113.5 HELO=h.example',
        )
        .map(ascii),
    },
    {
      // ADDR stays inside the authorized networks
      weight: 1,
      arbitrary: fc
        .constantFrom(
          'XCLIENT ADDR=127.0.0.2',
          'XCLIENT ADDR=IPV6:::1',
          'XCLIENT NAME=in.example ADDR=127.8.9.10',
        )
        .map(ascii),
    },
  )
  .filter(oneXclient);

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: xclientLine.map((line) => ({ kind: 'XCLIENT', line }) as const) },
  { weight: 3, arbitrary: fc.constant({ kind: 'MAIL' } as const) },
  { weight: 2, arbitrary: fc.constant({ kind: 'RSET' } as const) },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom('client.example', 'x', '[127.0.0.1]', 'two words', 'odd<name>')
      .map((name) => ({ kind: 'EHLO', name }) as const),
  },
);

// Postfix sleeps 1 s before each reply once a session has made 10 errors
// (smtpd_soft_error_limit) and hangs up at 20 (smtpd_hard_error_limit), which the session
// helper does not model: sequences stay short.
const sequenceArb = fc.array(step, { minLength: 4, maxLength: 12 });

const MAIL_FROM = 'MAIL FROM:<seq@example.com>';

interface StepResult {
  readonly step: Step;
  readonly postfix: WireReply | undefined;
  readonly ours: Reply;
  readonly problem?: string;
}

interface SequenceResult {
  readonly index: number;
  readonly steps: readonly StepResult[];
}

const showStep = (s: Step): string =>
  s.kind === 'XCLIENT' ? show(s.line) : s.kind === 'EHLO' ? `EHLO ${s.name}` : s.kind;
const fmt = (r: WireReply | Reply | undefined): string =>
  r === undefined
    ? '(closed)'
    : `${r.code}${r.enhanced === undefined ? '' : ` ${r.enhanced}`} ${JSON.stringify(r.text)}`;

async function replay(steps: readonly Step[], index: number): Promise<SequenceResult> {
  const c = await SmtpClient.connect(POSTFIX.host, POSTFIX.authPort);
  const results: StepResult[] = [];
  try {
    const greeting = await c.read();
    if (greeting?.code !== 220) throw new Error(`greeting ${greeting?.raw.join('|')}`);
    let session: XclientSession = createXclientSession({
      client: { ADDR: POSTFIX.host, PORT: c.localPort },
      hostname: POSTFIX.hostname,
      banner: POSTFIX.banner,
      authorizedHosts: POSTFIX.authorizedHosts,
    });
    for (const s of steps) {
      let postfix: WireReply | undefined;
      let ours: Reply;
      let problem: string | undefined;
      if (s.kind === 'XCLIENT') {
        postfix = await c.command(s.line);
        const r = applyXclient(session, s.line, { profile: 'postfix' });
        ours = r.reply;
        session = r.session;
        if (matchReply(postfix, ours) === 'different') problem = 'reply differs';
      } else if (s.kind === 'EHLO') {
        postfix = await c.command(`EHLO ${s.name}`);
        const r = applyCommand(session, { verb: 'EHLO', name: s.name });
        ours = r.reply;
        session = r.session;
        const theirs = postfix?.lines.find((l) => /^XCLIENT( |$)/.test(l));
        const mine = xclientKeyword(session);
        if (postfix?.code !== ours.code) problem = 'code differs';
        else if (theirs !== mine) {
          problem = `XCLIENT keyword: Postfix ${JSON.stringify(theirs)}, xclientKeyword ${JSON.stringify(mine)}`;
        }
      } else {
        postfix = await c.command(s.kind === 'MAIL' ? MAIL_FROM : 'RSET');
        const r = applyCommand(session, { verb: s.kind });
        ours = r.reply;
        session = r.session;
        if (postfix?.code !== ours.code) problem = 'code differs';
      }
      // After 221 or 421 Postfix closes the connection: wait for the close to arrive.
      let hungUp = postfix === undefined;
      if (postfix !== undefined && (postfix.code === 221 || postfix.code === 421)) {
        hungUp = (await c.read(5000).catch(() => 'still open')) === undefined;
      }
      if (problem === undefined && hungUp !== session.closed) {
        problem = `Postfix ${hungUp ? 'closed' : 'kept'} the connection, session.closed is ${session.closed}`;
      }
      results.push(
        problem === undefined ? { step: s, postfix, ours } : { step: s, postfix, ours, problem },
      );
      if (hungUp || session.closed) break;
    }
  } finally {
    await c.quit();
  }
  return { index, steps: results };
}

let available = false;

describe('the session helper (applyXclient, applyCommand) agrees with a live Postfix 3.7.11', () => {
  beforeAll(async () => {
    const status = await ensurePostfix();
    available = requireComponent(
      `Postfix on ${POSTFIX.host}:${POSTFIX.authPort}`,
      status.ok,
      status.why,
    );
  });

  it(`gives the same reply at every step of ${SEQUENCES} random sequences (seed ${SEED})`, async (ctx) => {
    if (!available) return ctx.skip();
    const sequences = fc.sample(sequenceArb, { seed: SEED, numRuns: SEQUENCES });
    const t0 = Date.now();
    const results = await pool(sequences, CONCURRENCY, replay);
    const ms = Date.now() - t0;

    const all = results.flatMap((r) => r.steps);
    const codes = new Map<string, number>();
    for (const r of all) {
      const key = `${r.step.kind} ${r.postfix?.code ?? 'closed'}`;
      codes.set(key, (codes.get(key) ?? 0) + 1);
    }
    const bad = results.filter((r) => r.steps.some((s) => s.problem !== undefined));
    console.log(
      `[postfix-session] seed ${SEED}: ${results.length} sequences, ${all.length} steps in ${ms} ms; ` +
        `replies by step ${JSON.stringify(Object.fromEntries([...codes].sort()))}; ` +
        `${bad.length} sequences disagree`,
    );
    const count = (kind: Step['kind'], code: number): number =>
      all.filter((r) => r.step.kind === kind && r.postfix?.code === code).length;
    if (bad.length > 0) {
      const report = bad
        .slice(0, 8)
        .map((r) => {
          const lines = r.steps.map(
            (s) =>
              `    ${s.problem === undefined ? ' ' : '✗'} ${showStep(s.step)}\n        Postfix ${fmt(s.postfix)}\n        ours    ${fmt(s.ours)}${s.problem === undefined ? '' : `\n        ${s.problem}`}`,
          );
          return `sequence #${r.index}:\n${lines.join('\n')}`;
        })
        .join('\n');
      expect.fail(
        `${bad.length} of ${results.length} sequences disagree (FC_SEED=${SEED}):\n${report}`,
      );
    }
    // The interesting replies must have occurred.
    expect(count('XCLIENT', 220), '220 to XCLIENT').toBeGreaterThan(0);
    expect(count('XCLIENT', 550), '550 after ADDR left the authorized networks').toBeGreaterThan(0);
    expect(count('XCLIENT', 503), '503 during a MAIL transaction').toBeGreaterThan(0);
    expect(count('XCLIENT', 501), '501 for a bad attribute').toBeGreaterThan(0);
  });
});
