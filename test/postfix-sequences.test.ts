// Sessions recorded from a live Postfix 3.7.11 (scripts/record-postfix.mjs), replayed through
// the server session command by command, each with its listener's settings:
// - test/vectors/postfix-3.7.11-sequences.jsonl: failed and successful XCLIENTs with subsets of
//   NAME, ADDR and PORT and the identity Postfix logged after them ('identity'); an XCLIENT
//   HELO and the EHLO after it ('helo'); pipelined input on 127.0.0.1:10029
//   (smtpd_forbid_unauth_pipelining = yes, Postfix 3.9's default) and on 10025 ('pipelining');
// - test/vectors/postfix-3.7.11-names.jsonl: a listener whose smtpd_authorized_xclient_hosts is
//   `!bad.example, 127.0.0.1, trusted.example, .sub.example` ('names').
// Every reply must be Postfix's, and every identity Postfix logged (name[addr]:port, proto,
// helo, login) the session's.
import { validateAttribute } from 'smtp-xclient';
import { planXclientSession } from 'smtp-xclient/client';
import { describe, expect, it } from 'vitest';
import { loadRecorded, type Recorded, replay, utf8 } from './helpers/postfix-replay.js';

const sequences = loadRecorded('postfix-3.7.11-sequences.jsonl');
const names = loadRecorded('postfix-3.7.11-names.jsonl');
const all = [...sequences, ...names];
const byClass = (k: Recorded['class']): Recorded[] => all.filter((r) => r.class === k);
const EHLO = '250-mx.example\r\n250 XCLIENT NAME ADDR PROTO HELO REVERSE_NAME PORT LOGIN';

describe('Postfix 3.7.11 sessions, replayed', () => {
  it('has many cases of each class', () => {
    expect(byClass('identity').length).toBeGreaterThanOrEqual(90);
    expect(byClass('helo').length).toBeGreaterThanOrEqual(50);
    expect(byClass('pipelining').length).toBeGreaterThanOrEqual(60);
    expect(byClass('names').length).toBeGreaterThanOrEqual(50);
  });

  describe.each(['identity', 'helo', 'pipelining', 'names'] as const)('%s', (klass) => {
    it.each(byClass(klass).map((r) => [r.id, r] as const))('%s', (_id, r) => {
      expect(replay(r).differences).toEqual([]);
    });
  });

  it('the identity cases include a logged client that differs from the one in effect', () => {
    let differs = 0;
    for (const r of byClass('identity')) {
      for (const s of replay(r).after) {
        const [name] = s.loggedClient.split('[');
        if (name !== (typeof s.client.NAME === 'string' ? s.client.NAME : 'unknown')) differs++;
      }
    }
    expect(differs).toBeGreaterThan(20);
  });

  it('the pipelining cases on 10029 end sessions with 554, those on 10025 do not', () => {
    const refused = (r: Recorded): boolean =>
      (r.steps ?? []).some((s) => s.replies.some((x) => x.code === 554 && x.enhanced === '5.5.0'));
    const pipe = byClass('pipelining').filter((r) => r.server.forbid_unauth_pipelining);
    const probe = byClass('pipelining').filter((r) => !r.server.forbid_unauth_pipelining);
    expect(pipe.filter(refused).length).toBeGreaterThan(15);
    expect(probe.filter(refused)).toEqual([]);
  });

  it("the planner's EHLO is what Postfix logged after the XCLIENT HELO, and keeps it", () => {
    const cases = byClass('helo').filter((r) => r.helo !== undefined);
    let compared = 0;
    for (const r of cases) {
      const [xclient, ehlo] = r.steps ?? [];
      const helo = r.helo as string;
      const afterXclient = xclient?.identity?.helo;
      // Only what the planner sends: it validates with the strict rules (no control
      // characters, no [TEMPUNAVAIL], at most 255 octets once encoded), and Postfix took it.
      if (!validateAttribute('HELO', helo).ok || xclient?.replies[0]?.code !== 220) continue;
      if (afterXclient === undefined || afterXclient === null) continue;
      const plan = planXclientSession({ HELO: helo }, EHLO);
      expect(plan.hello.name, r.id).toBe(utf8(afterXclient));
      expect(utf8(ehlo?.identity?.helo ?? ''), r.id).toBe(plan.hello.name);
      compared++;
    }
    // 28 HELOs, less the four with a C1 control or U+2028 that strict refuses (issue #21)
    expect(compared).toBeGreaterThanOrEqual(24);
  });
});
