// Lines recorded from a live Postfix 3.7.11 at its edges (test/vectors/postfix-3.7.11-edges.jsonl,
// scripts/record-postfix.mjs): lines that reach the 2048-octet bound (class 'long-line'),
// values whose octets are not UTF-8 echoed in the reply ('echo'), and UTF-8 in an XCLIENT
// HELO ('helo'). Each line must get Postfix's verdict and reply, the reply's exact octets
// (replyOctets), and after a 220 the identity Postfix logged.
import { parseXclient, replyOctets, validateAttribute } from 'smtp-xclient';
import { planXclientSession } from 'smtp-xclient/client';
import { describe, expect, it } from 'vitest';
import { latin1, loadRecorded, type Recorded, replay, utf8 } from './helpers/postfix-replay.js';

const corpus = loadRecorded('postfix-3.7.11-edges.jsonl');
const byClass = (k: Recorded['class']): Recorded[] => corpus.filter((r) => r.class === k);
const EHLO = '250-mx.example\r\n250 XCLIENT NAME ADDR PROTO HELO REVERSE_NAME PORT LOGIN';

/** The octets Postfix sent: code, enhanced code, text (recorded as Latin-1), CRLF. */
const sent = (r: Recorded): Uint8Array =>
  latin1(`${r.code} ${r.enhanced === null ? '' : `${r.enhanced} `}${r.text ?? ''}\r\n`);

describe('Postfix 3.7.11 at its edges: single lines', () => {
  it('has many cases of each class', () => {
    expect(byClass('long-line').length).toBeGreaterThanOrEqual(150);
    expect(byClass('echo').length).toBeGreaterThanOrEqual(120);
    expect(byClass('helo').length).toBeGreaterThanOrEqual(40);
  });

  describe.each(['long-line', 'echo', 'helo'] as const)('%s', (klass) => {
    it.each(byClass(klass).map((r) => [r.id, r] as const))('%s', (_id, r) => {
      const line = latin1((r.line as string) + (r.eol ?? ''));
      const parsed = parseXclient(line, { profile: 'postfix' });
      if (r.code === 220) {
        expect(parsed.ok, parsed.ok ? '' : parsed.error.message).toBe(true);
      } else {
        expect(parsed.ok).toBe(false);
        if (parsed.ok) return;
        expect(parsed.error.reply).toEqual({
          code: r.code,
          ...(r.enhanced === null ? {} : { enhanced: r.enhanced }),
          text: utf8(r.text as string),
        });
        expect(replyOctets(parsed.error.reply)).toEqual(sent(r));
      }
      // Through the session: the reply, and after a 220 the identity Postfix logged.
      expect(replay(r).differences).toEqual([]);
    });
  });

  it('echoes the octets printable() keeps, which a UTF-8 reader sees as U+FFFD', () => {
    const echoed = byClass('echo').filter((r) => /[\x80-\xff]/.test(r.text ?? ''));
    expect(echoed.length).toBeGreaterThan(80);
    const notUtf8 = echoed.filter((r) => utf8(r.text as string).includes('\uFFFD'));
    expect(notUtf8.length).toBeGreaterThan(50);
  });

  it("the planner's EHLO after an XCLIENT HELO is the HELO Postfix logged", () => {
    const cases = byClass('helo').filter((r) => r.helo !== undefined && r.identity);
    let compared = 0;
    for (const r of cases) {
      const helo = r.helo as string;
      // The planner validates with the strict rules: a HELO they refuse (a control
      // character, [TEMPUNAVAIL]) is not sent at all, whatever Postfix would make of it.
      if (!validateAttribute('HELO', helo).ok) {
        expect(() => planXclientSession({ HELO: helo }, EHLO), r.id).toThrow();
        continue;
      }
      const logged = utf8(r.identity?.helo as string);
      const plan = planXclientSession({ HELO: helo }, EHLO);
      expect(plan.hello.name, r.id).toBe(logged);
      expect(plan.hello.source, r.id).toBe(logged === helo ? 'HELO' : 'HELO-masked');
      compared++;
    }
    // 28 HELOs, less the four with a C1 control or U+2028 that strict refuses (issue #21)
    expect(compared).toBeGreaterThanOrEqual(24);
  });
});
