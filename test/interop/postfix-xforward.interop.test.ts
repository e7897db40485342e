// XFORWARD against the live Postfix 3.7.11 (127.0.0.1:10028 of start-postfix.sh, XCLIENT and
// XFORWARD authorized): seeded random attribute sets (smtp-xclient/arbitraries'
// xforwardAttributes, and sets long enough to need several commands) are planned with
// planXforwardSession from the listener's EHLO reply and sent. Every XFORWARD must be answered
// 250, and what Postfix logs for the message (`client=…, orig_queue_id=…, orig_client=…`)
// must be what the library's session predicts (xforwardOrigin after applyXforward of the
// same lines). Then one connection with XCLIENT first (planXforwardSession with identity
// 'xclient'): the XFORWARD part must survive the XCLIENT and its EHLO, as planned.
//
// Reproduce one run: FC_SEED=<seed> npx vitest run --config vitest.interop.config.ts test/interop/postfix-xforward.interop.test.ts
import fc from 'fast-check';
import type { XforwardAttributes } from 'smtp-xclient';
import { xforwardAttributes } from 'smtp-xclient/arbitraries';
import { planXforwardSession } from 'smtp-xclient/client';
import { applyXforward, createXclientSession, xforwardOrigin } from 'smtp-xclient/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { logOffset, openSmtp, POSTFIX, queueIdOf, waitForLog } from './harness.js';
import { ensurePostfix, pool, requireComponent, seedFromEnv } from './peers.js';

const PORT = Number(process.env.XFORWARD_PORT ?? 10028);
const SEED = seedFromEnv(22_000_002);
const SETS = Number(process.env.INTEROP_XFORWARD_SETS ?? 80);
const SPLIT = 10;
const RUN = `f${Date.now().toString(36)}${process.pid.toString(36)}`;

/** A set long enough to need three commands. */
function long(a: XforwardAttributes, i: number): XforwardAttributes {
  const host = (c: string) => `${c.repeat(63)}.${c.repeat(63)}.${c.repeat(63)}.${c.repeat(60)}`;
  return { ...a, NAME: host('n'), HELO: host('h'), IDENT: `L${i}${'i'.repeat(230)}` };
}

/** The suffix Postfix appends to `client=…` for the lines, as the library predicts it. */
function predicted(lines: readonly string[]): string {
  let s = createXclientSession({
    client: { ADDR: '127.0.0.1', NAME: 'localhost' },
    authorizedXforwardHosts: ['127.0.0.0/8'],
  });
  for (const line of lines) s = applyXforward(s, line, { profile: 'postfix' }).session;
  const { queueId, client } = xforwardOrigin(s);
  return `${queueId === undefined ? '' : `, orig_queue_id=${queueId}`}${client === undefined ? '' : `, orig_client=${client}`}`;
}

interface Sent {
  readonly attributes: XforwardAttributes;
  readonly lines: readonly string[];
  readonly replies: readonly number[];
  readonly tag: string;
}

/** One connection: EHLO, the planned lines, then a transaction Postfix logs under `tag`. */
async function send(attributes: XforwardAttributes, index: number): Promise<Sent> {
  const c = await openSmtp({ port: PORT, timeoutMs: 10_000 });
  const tag = `${RUN}-${index}`;
  try {
    const ehlo = await c.command('EHLO filter.example');
    const plan = planXforwardSession(attributes, ehlo.lines);
    const replies: number[] = [];
    for (const line of plan.lines) replies.push((await c.command(line)).code);
    await c.command(`MAIL FROM:<${tag}@example.com>`);
    await c.command('RCPT TO:<probe@xclient-probe.localdomain>');
    await c.command('RCPT TO:<r@example.net>');
    return { attributes, lines: plan.lines, replies, tag };
  } finally {
    await c.close();
  }
}

/** The text after `client=` for the message of `tag`. */
function loggedClient(lines: readonly string[], tag: string): string | undefined {
  const queue = queueIdOf(lines, `from=<${tag}@example.com>`);
  if (queue === undefined) return undefined;
  const line = lines.find((l) => l.includes(`]: ${queue}: client=`));
  return line?.slice(line.indexOf(': client=') + ': client='.length);
}

const suffix = (client: string): string => {
  const at = client.search(/, orig_(queue_id|client)=/);
  return at < 0 ? '' : client.slice(at);
};

let available = false;

describe('XFORWARD against the live Postfix 3.7.11', () => {
  beforeAll(async () => {
    const status = await ensurePostfix();
    available = requireComponent('Postfix on 127.0.0.1:10028', status.ok, status.why);
  }, 180_000);

  it(`answers 250 and logs what the session predicts, for ${SETS} random sets and ${SPLIT} split ones (seed ${SEED})`, async () => {
    if (!available) return;
    const since = logOffset(POSTFIX.log);
    const sets = [
      ...fc.sample(xforwardAttributes(), { seed: SEED, numRuns: SETS }),
      ...fc.sample(xforwardAttributes(), { seed: SEED + 1, numRuns: SPLIT }).map(long),
    ];
    const sent = await pool(sets, 8, send);
    const lines = await waitForLog((l) => sent.every((s) => loggedClient(l, s.tag) !== undefined), {
      since,
      timeoutMs: 30_000,
    });
    const problems: string[] = [];
    for (const s of sent) {
      const head = `${s.tag} ${JSON.stringify(s.attributes)}\n    lines ${JSON.stringify(s.lines)}`;
      if (s.replies.length === 0 || !s.replies.every((r) => r === 250)) {
        problems.push(`${head}\n    replies ${JSON.stringify(s.replies)}`);
        continue;
      }
      const logged = suffix(loggedClient(lines, s.tag) ?? '');
      const want = predicted(s.lines);
      if (logged !== want) problems.push(`${head}\n    logged "${logged}", predicted "${want}"`);
    }
    const split = sent.filter((s) => s.lines.length > 1).length;
    console.log(
      `[postfix xforward] seed ${SEED}: ${sent.length} sets, ${split} split over 2+ commands, ${problems.length} problems`,
    );
    if (problems.length > 0) expect.fail(problems.slice(0, 10).join('\n'));
    expect(split).toBeGreaterThanOrEqual(SPLIT);
  }, 120_000);

  it('with XCLIENT first, the XFORWARD part survives the XCLIENT and its EHLO', async () => {
    if (!available) return;
    const since = logOffset(POSTFIX.log);
    const tag = `${RUN}-both`;
    const c = await openSmtp({ port: PORT });
    try {
      const ehlo = await c.command('EHLO filter.example');
      const plan = planXforwardSession(
        {
          NAME: 'orig.example',
          ADDR: '127.0.0.44',
          PROTO: 'ESMTP',
          IDENT: 'BOTH1',
          SOURCE: 'REMOTE',
        },
        ehlo.lines,
        { identity: 'xclient' },
      );
      expect(plan.lines).toEqual([
        'XCLIENT PROTO=ESMTP NAME=orig.example ADDR=127.0.0.44',
        'EHLO orig.example',
        'XFORWARD IDENT=BOTH1 SOURCE=REMOTE',
      ]);
      const codes: number[] = [];
      for (const line of plan.lines) codes.push((await c.command(line)).code);
      expect(codes).toEqual([220, 250, 250]);
      await c.command(`MAIL FROM:<${tag}@example.com>`);
      await c.command('RCPT TO:<probe@xclient-probe.localdomain>');
      await c.command('RCPT TO:<r@example.net>');
    } finally {
      await c.close();
    }
    const lines = await waitForLog((l) => loggedClient(l, tag) !== undefined, { since });
    expect(loggedClient(lines, tag)).toMatch(
      /^orig\.example\[127\.0\.0\.44\]:\d+, orig_queue_id=BOTH1$/,
    );
  });
});
