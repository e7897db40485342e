// `smtp-xclient probe` against the live Postfix 3.7.11 of start-postfix.sh (docs/spec/postfix.md §12):
// 127.0.0.1:10025 announces XCLIENT to us, 127.0.0.1:10026 does not (and answers 550).
// The identity Postfix records after XCLIENT is read from its log (the `reject: RCPT` line).
//
// When Postfix is not reachable, CI (CI=true) fails loudly and a developer's run skips with
// a visible message (peers.ts requireComponent).
import { describe, expect, it } from 'vitest';
import { type CliRun, runCli } from '../helpers/cli-run.js';
import { ensurePostfix, POSTFIX, PostfixLog, requireComponent } from './peers.js';

const run = (args: string[]): Promise<CliRun> => runCli(args);

const AUTH = `${POSTFIX.host}:${POSTFIX.authPort}`;
const NOAUTH = `${POSTFIX.host}:${POSTFIX.noauthPort}`;
const ANNOUNCED = 'NAME ADDR PROTO HELO REVERSE_NAME PORT LOGIN DESTADDR DESTPORT';

const status = await ensurePostfix();
const available = requireComponent(
  `Postfix on ${AUTH} and ${NOAUTH}`,
  status.ok,
  status.why || 'run /work/shared/scripts/start-postfix.sh as root',
);

describe.skipIf(!available)('smtp-xclient probe against Postfix 3.7.11', () => {
  it(`${AUTH}: XCLIENT is announced with Postfix's nine names`, async () => {
    const r = await run(['probe', AUTH]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`S: 250-XCLIENT ${ANNOUNCED}\n`);
    expect(r.out).toContain(`verdict: ok: XCLIENT is announced: ${ANNOUNCED}\n`);
  });

  it(`${AUTH}: XCLIENT gets 220 and Postfix records the asserted client`, async () => {
    const tag = `cli${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
    const name = `${tag}.example`;
    const log = new PostfixLog();
    log.mark();
    const r = await run([
      'probe',
      AUTH,
      '--name',
      name,
      '--addr',
      '192.0.2.77',
      '--port',
      '4242',
      '--helo',
      `helo-${name}`,
      '--login',
      'joe',
      '--mail-from',
      `a@${name}`,
      '--rcpt-to',
      'b@example.net',
      '--json',
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const o = JSON.parse(r.out) as Record<string, unknown>;
    expect(o).toMatchObject({
      ok: true,
      verdict: { code: 'ok' },
      greeting: { code: 220, text: POSTFIX.banner },
      announced: ANNOUNCED.split(' '),
      planned: [`XCLIENT PORT=4242 HELO=helo-${name} LOGIN=joe NAME=${name} ADDR=192.0.2.77`],
      xclient: [{ reply: { code: 220, text: POSTFIX.banner }, class: 'success' }],
      ehloAfter: { code: 250 },
      // 192.0.2.77 is outside smtpd_authorized_xclient_hosts: no XCLIENT for it.
      announcedAfter: null,
      mail: { code: 250, enhanced: '2.1.0' },
      rcpt: [{ address: '<b@example.net>', reply: { code: 554, enhanced: '5.7.1' } }],
    });
    expect(o.transcript).toContainEqual({ dir: 'C', line: `EHLO helo-${name}` });
    if (log.exists()) {
      const lines = await log.waitFor((ls) =>
        ls.some((l) => l.includes(name) && l.includes('reject: RCPT')),
      );
      const reject = lines.find((l) => l.includes('reject: RCPT'));
      expect(reject).toContain(`RCPT from ${name}[192.0.2.77]:4242`);
      expect(reject).toContain(`proto=ESMTP helo=<helo-${name}>`);
    }
  });

  it(`${AUTH}: the human transcript and verdict`, async () => {
    const r = await run([
      'probe',
      AUTH,
      '--name',
      'spike.porcupine.org',
      '--addr',
      '168.100.189.2',
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      'C: XCLIENT NAME=spike.porcupine.org ADDR=168.100.189.2\nS: 220 xclient-probe.localdomain ESMTP probe\nC: EHLO localhost\n',
    );
    expect(r.out).toContain('after XCLIENT: XCLIENT no longer announced');
    expect(r.out).toMatch(/verdict: ok: every XCLIENT command got 220 \(1 command\)\n$/);
  });

  it(`${AUTH}: a split plan, each command answered 220`, async () => {
    // HELO, LOGIN and ADDR fill the last command; DESTADDR and DESTPORT go in a first one,
    // which keeps ADDR (and the authorization) as it is (docs/spec/postfix.md §13).
    const r = await run([
      'probe',
      AUTH,
      '--helo',
      'h'.repeat(250),
      '--login',
      'l'.repeat(220),
      '--addr',
      '192.0.2.78',
      '--destaddr',
      '10.0.0.1',
      '--destport',
      '25',
    ]);
    expect(r.out).toContain('C: XCLIENT DESTADDR=10.0.0.1 DESTPORT=25\nS: 220 ');
    expect(r.out).toMatch(/C: XCLIENT HELO=h+ LOGIN=l+ ADDR=192\.0\.2\.78\nS: 220 /);
    expect(r.out).toContain('every XCLIENT command got 220 (2 commands)');
    expect(r.code).toBe(0);
  });

  it(`${NOAUTH}: XCLIENT is not announced (exit 1)`, async () => {
    const r = await run(['probe', NOAUTH, '--addr', '192.0.2.1']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('XCLIENT announced: no\n');
    expect(r.out).toContain('verdict: FAILED (not-announced): ');
    expect(r.out).not.toContain('C: XCLIENT');
  });

  it(`${NOAUTH} --force: Postfix answers 550 (exit 1)`, async () => {
    const r = await run(['probe', NOAUTH, '--addr', '192.0.2.1', '--force', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({
      ok: false,
      verdict: { code: 'unauthorized' },
      xclient: [
        {
          line: 'XCLIENT ADDR=192.0.2.1',
          reply: { code: 550, enhanced: '5.7.0', text: 'Error: insufficient authorization' },
          class: 'unauthorized',
        },
      ],
    });
  });

  it(`${AUTH} --starttls: this Postfix has no TLS, and says so`, async () => {
    const r = await run(['probe', AUTH, '--starttls']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('verdict: FAILED (starttls-not-announced)');
  });
});
