// `smtp-xclient conform` against nodemailer's smtp-server 3.21.6 (the devDependency): one
// listener with useXClient and useXForward, and a plain one as the unauthorized target. The
// report lists smtp-server's differences from Postfix 3.7.11; this test pins that list, and
// docs/interop.md ("smtp-server under smtp-xclient conform") explains each one, by cause.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conformJson, idsWith, smtpServers } from './conform-peers.js';

/** The cases on which smtp-server differs from Postfix 3.7.11, in the suite's order. */
const DIFFERENCES = [
  'syntax.no-attributes',
  'syntax.no-attributes-trailing-space',
  'syntax.missing-equals',
  'syntax.empty-value',
  'syntax.lone-equals',
  'syntax.empty-name',
  'syntax.unknown-attribute',
  'syntax.xforward-attribute',
  'syntax.space-around-equals',
  'syntax.tab-separator',
  'syntax.leading-space',
  'syntax.value-with-equals',
  'syntax.quoted-value',
  'syntax.angle-value',
  'syntax.backslash',
  'syntax.left-of-error',
  'syntax.verb-suffix',
  'syntax.header-like',
  'syntax.nul-ends-line',
  'syntax.bad-utf8',
  'xtext.encoded-equals',
  'xtext.malformed-port',
  'xtext.encoded-nul',
  'xtext.encoded-control',
  'xtext.encoded-utf8',
  'xtext.encoded-overlong',
  'xtext.encoded-lone-octet',
  'values.name-double-dot',
  'values.name-leading-hyphen',
  'values.name-numeric',
  'values.name-special-suffix',
  'values.reverse-name-host',
  'values.reverse-name-tempunavail',
  'values.reverse-name-bad',
  'values.addr-ipv6-bare',
  'values.addr-brackets',
  'values.addr-out-of-range',
  'values.addr-zone',
  'values.addr-tempunavail',
  'values.port-negative',
  'values.port-hex',
  'values.proto-other',
  'values.proto-unavailable',
  'values.destaddr-ipv4',
  'values.destaddr-ipv6',
  'values.destaddr-bad',
  'values.destaddr-unavailable',
  'values.destport-number',
  'values.destport-over-max',
  'values.destport-unavailable',
  'limits.value-256',
  'limits.encoded-256',
  'limits.unknown-name-long-value',
  'limits.name-255',
  'limits.label-64',
  'replies.syntax-501',
  'replies.no-attributes-501',
  'replies.transaction-503',
  'replies.bad-utf8-500',
  'replies.unknown-verb-500',
  'replies.attribute-name-echo',
  'replies.attribute-syntax-echo',
  'replies.masked-echo',
  'replies.neutered-echo',
  'replies.value-too-long',
  'state.in-transaction',
  'state.in-transaction-no-attributes',
  'state.in-transaction-bad-attribute',
  'state.noop-keeps-transaction',
  'state.after-failed-xclient',
  'reset.new-transaction',
  'reset.refused-keeps-transaction',
  'reset.syntax-error-no-greeting',
  'reset.partial-keeps-authorization',
  'reauth.unauthorized-550',
  'reauth.unauthorized-no-attributes',
  'reauth.unauthorized-unknown-attribute',
  'reauth.unauthorized-missing-equals',
  'reauth.unauthorized-in-transaction',
  'pipelining.mail-then-xclient',
  'pipelining.rset-then-xclient',
  'pipelining.refused-xclient-then-ehlo',
  'pipelining.xclient-esmtp-then-mail-rset',
  'xforward.all-attributes',
  'xforward.no-attributes',
  'xforward.xclient-attribute',
  'xforward.unknown-attribute',
  'xforward.name-unavailable',
  'xforward.name-tempunavail',
  'xforward.name-bad',
  'xforward.addr-ipv6',
  'xforward.addr-bad',
  'xforward.port-leading-zero',
  'xforward.port-over-max',
  'xforward.proto-other',
  'xforward.proto-64',
  'xforward.proto-65',
  'xforward.ident-text',
  'xforward.source-local',
  'xforward.source-bad',
  'xforward.value-too-long',
  'xforward.in-transaction',
  'xforward.several-commands',
  'xforward.after-rset',
  'xforward.pipelined',
  'xforward.after-xclient-addr',
];

/** The differences the protocol document allows (reported, not counted). */
const ALLOWED = [
  'ehlo.keyword',
  'limits.line-over-2048',
  'reauth.addr-outside',
  'reauth.addr-outside-ehlo',
  'reauth.addr-inside',
  'reauth.addr-ipv6-loopback',
  'reauth.addr-unavailable',
  'reauth.after-partial',
];

let servers: Awaited<ReturnType<typeof smtpServers>> | undefined;

beforeAll(async () => {
  servers = await smtpServers();
});

afterAll(async () => {
  await servers?.close();
});

describe('smtp-xclient conform against smtp-server (useXClient, useXForward)', () => {
  it('reports exactly the pinned differences, and exits 1', async () => {
    const s = servers as NonNullable<typeof servers>;
    const { code, report } = await conformJson([
      `127.0.0.1:${s.authorized}`,
      '--unauthorized',
      `127.0.0.1:${s.unauthorized}`,
    ]);
    expect(idsWith(report, 'differ')).toEqual(DIFFERENCES);
    expect(idsWith(report, 'allowed')).toEqual(ALLOWED);
    expect(idsWith(report, 'skipped')).toEqual([]);
    expect(report.total - report.agree).toBe(DIFFERENCES.length);
    expect(code).toBe(1);
  });

  it('docs/interop.md explains every difference', () => {
    const doc = readFileSync(new URL('../../docs/interop.md', import.meta.url), 'utf8');
    const section = doc.slice(doc.indexOf('## smtp-server under smtp-xclient conform'));
    const missing = [...DIFFERENCES, ...ALLOWED].filter((id) => !section.includes(`\`${id}\``));
    expect(missing).toEqual([]);
  });
});
