// Part 1 of issue 7, the parser against a live Postfix 3.7.11: seeded random lines (valid
// lines, lines with one defect, and lines built to hit Postfix's own reading) are sent to
// the authorized listener, one connection per line, and parsed with the 'postfix' profile
// on the same octets. Every line must get the same verdict and the exact same reply (code,
// enhanced code, text).
//
// Two documented exceptions to "the exact reply" (counted and printed, see docs/interop.md):
// - A line whose verb is another command Postfix implements (XFORWARD, EHLO, …: the
//   arbitraries' "bad verb" lines) is outside parseXclient's domain: Postfix runs that
//   command, parseXclient says "500 command not recognized". Only the verdict (refused) is
//   compared.
// - Postfix echoes a value's octets as they are, ill-formed UTF-8 included (its printable()
//   keeps a lead octet 0xC2–0xFE and its continuation octets, e.g. an overlong `+E0+80+80`);
//   the library's reply text is a string and shows each such octet as `?`. For those replies
//   the octets Postfix sent are compared under that rule (peers.ts octetsAsText).
//
// Reproduce one run: FC_SEED=<seed> npx vitest run --config vitest.interop.config.ts test/interop/postfix-parse.interop.test.ts
import fc from 'fast-check';
import { parseXclient, type Reply } from 'smtp-xclient';
import { invalidXclientLine, postfixProbeLine, validXclientLine } from 'smtp-xclient/arbitraries';
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

const SEED = seedFromEnv(20_240_707);
const LINES = Number(process.env.INTEROP_PARSE_LINES ?? 2000);
const CONCURRENCY = 8;

const encoder = new TextEncoder();

/** Lines to send: no LF inside (a LF would end the command and start another one). */
const lineArb: fc.Arbitrary<Uint8Array> = fc
  .oneof(
    { weight: 4, arbitrary: postfixProbeLine() },
    { weight: 2, arbitrary: validXclientLine().map((l) => encoder.encode(l)) },
    { weight: 2, arbitrary: invalidXclientLine().map((l) => l.octets) },
  )
  .filter((octets) => !octets.includes(0x0a));

interface Outcome {
  readonly index: number;
  readonly line: Uint8Array;
  readonly postfix: WireReply | undefined;
  readonly ours: Reply;
  readonly ehloXclient: boolean;
}

/** greeting, EHLO, the line, its reply; QUIT unless the server already hung up. */
async function sendOne(line: Uint8Array, index: number): Promise<Outcome> {
  const c = await SmtpClient.connect(POSTFIX.host, POSTFIX.authPort);
  try {
    const greeting = await c.read();
    if (greeting?.code !== 220) throw new Error(`greeting ${greeting?.raw.join('|')}`);
    const ehlo = await c.command('EHLO probe.example');
    const ehloXclient = ehlo?.lines.some((l) => /^XCLIENT( |$)/.test(l)) ?? false;
    const postfix = await c.command(line);
    const parsed = parseXclient(line, { profile: 'postfix' });
    const ours: Reply = parsed.ok ? { code: 220, text: POSTFIX.banner } : parsed.error.reply;
    return { index, line, postfix, ours, ehloXclient };
  } finally {
    await c.quit();
  }
}

type Verdict = 'same' | 'same-masked' | 'other-command' | 'different';

function compare(o: Outcome): Verdict {
  if (OTHER_POSTFIX_COMMANDS.has(verbOf(o.line))) {
    const refused = (code: number | undefined): boolean => code !== 220;
    return refused(o.postfix?.code) && refused(o.ours.code) ? 'other-command' : 'different';
  }
  return matchReply(o.postfix, o.ours);
}

const fmt = (r: WireReply | Reply | undefined): string =>
  r === undefined
    ? '(connection closed, no reply)'
    : `${r.code}${r.enhanced === undefined ? '' : ` ${r.enhanced}`} ${JSON.stringify(r.text)}`;

/**
 * Lines at the edges of Postfix's own reading, sent as they are (each must get the exact
 * reply): is_header() on a first token with quoted spaces and TABs.
 */
const EDGE_LINES: readonly string[] = [
  'XCLIENT: NAME=a',
  'A" :" x',
  'A"\t:" x',
  'A" ": x',
  'A"\t": x',
  'A" B:" x',
  'A<\t>: x',
  'A"\v:" x',
  'A\\ : x',
  'X"B:" x',
];

let available = false;

describe('parseXclient (profile postfix) agrees with a live Postfix 3.7.11', () => {
  beforeAll(async () => {
    const status = await ensurePostfix();
    available = requireComponent(
      `Postfix on ${POSTFIX.host}:${POSTFIX.authPort}`,
      status.ok,
      status.why,
    );
  });

  it(`gives the exact reply on ${EDGE_LINES.length} lines at the edges of its reading`, async (ctx) => {
    if (!available) return ctx.skip();
    const outcomes = await pool(
      EDGE_LINES.map((l) => encoder.encode(l)),
      CONCURRENCY,
      sendOne,
    );
    const mismatches = outcomes.filter((o) => compare(o) !== 'same');
    expect(
      mismatches.map((o) => `${show(o.line)}: Postfix ${fmt(o.postfix)}, ours ${fmt(o.ours)}`),
    ).toEqual([]);
  });

  it(`gives the same verdict and the exact reply on ${LINES} random lines (seed ${SEED})`, async (ctx) => {
    if (!available) return ctx.skip();
    const lines = fc.sample(lineArb, { seed: SEED, numRuns: LINES });
    const t0 = Date.now();
    const outcomes = await pool(lines, CONCURRENCY, sendOne);
    const ms = Date.now() - t0;

    const codes = new Map<string, number>();
    for (const o of outcomes) {
      const key = String(o.postfix?.code ?? 'closed');
      codes.set(key, (codes.get(key) ?? 0) + 1);
    }
    const verdicts = outcomes.map(compare);
    const count = (v: Verdict): number => verdicts.filter((x) => x === v).length;
    const mismatches = outcomes.filter((_, i) => verdicts[i] === 'different');
    const accepted = outcomes.filter((o) => o.postfix?.code === 220).length;
    console.log(
      `[postfix-parse] seed ${SEED}: ${outcomes.length} lines in ${ms} ms, ${accepted} accepted, ` +
        `${outcomes.length - accepted} refused; Postfix reply codes ${JSON.stringify(Object.fromEntries(codes))}; ` +
        `exact reply ${count('same')}, exact but for ill-formed UTF-8 shown as "?" ${count('same-masked')}, ` +
        `another Postfix command (verdict only) ${count('other-command')}; ${mismatches.length} disagreements`,
    );
    expect(
      outcomes.every((o) => o.ehloXclient),
      'EHLO announces XCLIENT on the authorized port',
    ).toBe(true);
    // Both verdicts must occur, or the sample says little.
    expect(accepted).toBeGreaterThan(LINES / 10);
    expect(outcomes.length - accepted).toBeGreaterThan(LINES / 10);
    if (mismatches.length > 0) {
      const report = mismatches
        .slice(0, 25)
        .map(
          (o) =>
            `#${o.index} ${show(o.line)}\n    Postfix: ${fmt(o.postfix)}\n    ours:    ${fmt(o.ours)}`,
        )
        .join('\n');
      expect.fail(
        `${mismatches.length} of ${outcomes.length} lines disagree (FC_SEED=${SEED}):\n${report}`,
      );
    }
  });
});
