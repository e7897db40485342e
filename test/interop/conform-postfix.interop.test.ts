// `smtp-xclient conform` against the live Postfix 3.7.11 of start-postfix.sh: every case
// agrees with the library's prediction, by code and verdict and with --exact to the octet.
// 127.0.0.1:10028 announces XCLIENT (127.0.0.0/8) and XFORWARD; 10025 XCLIENT (127.0.0.0/8,
// ::1) only; 10026 neither (the unauthorized target); 10029 refuses pipelining after XCLIENT
// (Postfix 3.9's default), which the suite reports as allowed differences.
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../src/cli/conform/cases/index.js';
import { conformJson, idsWith } from './conform-peers.js';
import { ensurePostfix, POSTFIX, requireComponent } from './peers.js';

const host = POSTFIX.host;
const AUTH = `${host}:${POSTFIX.authPort}`;
const NOAUTH = `${host}:${POSTFIX.noauthPort}`;
const XFORWARD = `${host}:10028`;
const PIPE = `${host}:10029`;
const ALL = CATEGORIES.flatMap((c) => c.cases.map((k) => k.id));

const status = await ensurePostfix();
const available = requireComponent(
  `Postfix on ${AUTH}, ${NOAUTH}, ${XFORWARD} and ${PIPE}`,
  status.ok,
  status.why || 'run /work/shared/scripts/start-postfix.sh as root',
);

describe.skipIf(!available)('smtp-xclient conform against Postfix 3.7.11', () => {
  const everyCase = [XFORWARD, '--unauthorized', NOAUTH, '--authorized-hosts', '127.0.0.0/8'];

  it.each([
    ['code, enhanced code and verdict', []],
    ['--exact', ['--exact']],
  ])(`${XFORWARD}: every case of every category agrees (%s)`, async (_, extra) => {
    const { code, report } = await conformJson([...everyCase, ...extra]);
    expect(idsWith(report, 'agree')).toEqual(ALL);
    expect(report.total).toBe(ALL.length);
    expect(report.agree).toBe(ALL.length);
    expect(code).toBe(0);
  });

  it(`${AUTH}: 100 % with --exact; XFORWARD is skipped with the reason`, async () => {
    const { code, report } = await conformJson([AUTH, '--unauthorized', NOAUTH, '--exact']);
    const xforward = CATEGORIES.find((c) => c.id === 'xforward')?.cases.map((c) => c.id) ?? [];
    expect(idsWith(report, 'skipped')).toEqual(xforward);
    expect(report.categories.find((c) => c.id === 'xforward')).toMatchObject({
      total: 0,
      agree: 0,
      skipped: xforward.length,
      reason: 'the server does not announce XFORWARD to this client',
    });
    expect(idsWith(report, 'agree')).toEqual(ALL.filter((id) => !xforward.includes(id)));
    expect(code).toBe(0);
  });

  it(`${AUTH} without --unauthorized: those cases are skipped with the reason`, async () => {
    const { code, report } = await conformJson([AUTH, '--category', 'reauth']);
    const skipped = report.cases.filter((c) => c.status === 'skipped');
    expect(skipped.map((c) => c.id)).toEqual(
      ALL.filter((id) => id.startsWith('reauth.unauthorized-')),
    );
    for (const c of skipped) {
      expect(c.reason).toBe(
        'needs a server that does not authorize this client: --unauthorized HOST:PORT',
      );
    }
    expect(code).toBe(0);
  });

  it(`${PIPE} (smtpd_forbid_unauth_pipelining = yes): commands after XCLIENT in its group are allowed differences`, async () => {
    const { code, report } = await conformJson([PIPE, '--category', 'pipelining', '--exact']);
    expect(idsWith(report, 'allowed')).toEqual([
      'pipelining.xclient-then-ehlo',
      'pipelining.xclient-esmtp-then-ehlo',
      'pipelining.two-xclient',
    ]);
    expect(idsWith(report, 'differ')).toEqual([]);
    expect(code).toBe(0);
  });
});
