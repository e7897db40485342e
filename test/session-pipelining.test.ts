// smtpd_forbid_unauth_pipelining (default yes from Postfix 3.9): the session's option and the
// `pending` flag ("more input is already waiting") give Postfix's 554 and hang-up
// (docs/spec/postfix.md §14). test/vectors/postfix-3.7.11-sequences.jsonl replays what the
// live 127.0.0.1:10029 listener answered.
import { REPLIES } from 'smtp-xclient';
import {
  applyCommand,
  applyXclient,
  createXclientSession,
  type SmtpCommand,
  type XclientSession,
} from 'smtp-xclient/server';
import { describe, expect, it } from 'vitest';

const SYNC = { code: 554, enhanced: '5.5.0', text: 'Error: SMTP protocol synchronization' };
const session = (forbidUnauthPipelining?: boolean): XclientSession =>
  createXclientSession({
    client: { ADDR: '127.0.0.1', NAME: 'localhost' },
    banner: 'mx.example ESMTP',
    authorizedHosts: ['127.0.0.0/8'],
    ...(forbidUnauthPipelining === undefined ? {} : { forbidUnauthPipelining }),
  });
const ehlo = (s: XclientSession): XclientSession =>
  applyCommand(s, { verb: 'EHLO', name: 'c.example' }).session;

describe('forbidUnauthPipelining', () => {
  it("is off by default (Postfix 3.7's default): pending input changes nothing", () => {
    const s = ehlo(session());
    expect(s.forbidUnauthPipelining).toBe(false);
    const x = applyXclient(s, 'XCLIENT NAME=a.example', { pending: true });
    expect(x.reply).toEqual(REPLIES.greeting('mx.example ESMTP'));
    expect(applyCommand(x.session, { verb: 'EHLO', name: 'y' }, { pending: true }).reply.code).toBe(
      250,
    );
  });

  it('is refused unless a boolean', () => {
    expect(() =>
      createXclientSession({ forbidUnauthPipelining: 'yes' as unknown as boolean }),
    ).toThrow(/forbidUnauthPipelining must be a boolean/);
  });

  it('after a successful XCLIENT, pending input gets 554 instead of the 220, and the end', () => {
    const x = applyXclient(ehlo(session(true)), 'XCLIENT NAME=a.example PROTO=ESMTP', {
      pending: true,
    });
    expect(x.reply).toEqual(SYNC);
    expect(x.outcome).toBe('applied'); // Postfix logs the new name
    expect(x.session.client.NAME).toBe('a.example');
    expect(x.session.loggedClient).toBe('a.example[127.0.0.1]:unknown');
    expect(x.session.closed).toBe(true);
    expect(applyCommand(x.session, { verb: 'EHLO', name: 'y' }).reply.code).toBe(421);
  });

  it('a failed XCLIENT is no greeting: the EHLO behind it is answered', () => {
    const s = ehlo(session(true));
    for (const line of ['XCLIENT NAME=a.example FOO=bar', 'XCLIENT', 'XCLIENT NAME=bad..name']) {
      const x = applyXclient(s, line, { profile: 'postfix', pending: true });
      expect(x.reply.code).toBe(501);
      expect(x.session.closed).toBe(false);
      expect(applyCommand(x.session, { verb: 'EHLO', name: 'y' }).reply.code).toBe(250);
    }
  });

  it('before EHLO the protocol is SMTP: XCLIENT with input behind it is refused, not run', () => {
    const x = applyXclient(session(true), 'XCLIENT NAME=a.example', { pending: true });
    expect(x.reply).toEqual(SYNC);
    expect(x.outcome).toBe('refused');
    expect(x.session.client.NAME).toBe('localhost');
    expect(x.session.loggedClient).toBe('localhost[127.0.0.1]:unknown');
    expect(x.session.closed).toBe(true);
  });

  it('line-level refusals come first: no check for a line Postfix does not recognize', () => {
    const s = session(true);
    const options = { profile: 'postfix', pending: true } as const;
    expect(applyXclient(s, 'XCLIENTX NAME=a', options).reply.code).toBe(500);
    expect(applyXclient(s, 'XCLIENT: x', options).reply.code).toBe(221);
  });

  it.each<[string, SmtpCommand, boolean]>([
    // [after, command, refused] with more input behind the command
    ['EHLO', { verb: 'MAIL' }, false],
    ['EHLO', { verb: 'RSET' }, false],
    ['EHLO', { verb: 'EHLO', name: 'y' }, true],
    ['EHLO', { verb: 'HELO', name: 'y' }, true],
    ['EHLO', { verb: 'NOOP' }, true],
    ['HELO', { verb: 'RSET' }, true],
    ['HELO', { verb: 'MAIL' }, true],
    ['none', { verb: 'RSET' }, true],
    ['XCLIENT', { verb: 'MAIL' }, true],
    ['XCLIENT PROTO=ESMTP', { verb: 'MAIL' }, false],
    ['XCLIENT PROTO=ESMTP', { verb: 'NOOP' }, true],
  ])('after %s, %j pipelined: refused %s', (after, command, refused) => {
    let s = session(true);
    if (after === 'EHLO' || after === 'HELO')
      s = applyCommand(s, { verb: after, name: 'c' }).session;
    else if (after.startsWith('XCLIENT')) {
      s = applyXclient(ehlo(s), `${after} NAME=a.example`.replace('XCLIENT  ', 'XCLIENT ')).session;
    }
    const step = applyCommand(s, command, { pending: true });
    expect(step.reply.code === 554, JSON.stringify(step.reply)).toBe(refused);
    expect(step.session.closed).toBe(refused);
    expect(applyCommand(s, command, { pending: false }).reply.code).not.toBe(554);
  });

  it('the end of DATA is not a command line: never refused', () => {
    let s = ehlo(session(true));
    for (const c of [{ verb: 'MAIL' }, { verb: 'RCPT' }, { verb: 'DATA' }] as const) {
      s = applyCommand(s, c).session;
    }
    expect(applyCommand(s, { verb: 'END_OF_DATA' }, { pending: true }).reply.code).toBe(250);
  });

  it('the end of DATA is not refused after HELO either (protocol SMTP, where MAIL would be)', () => {
    let s = applyCommand(session(true), { verb: 'HELO', name: 'c' }).session;
    for (const c of [{ verb: 'MAIL' }, { verb: 'RCPT' }, { verb: 'DATA' }] as const) {
      s = applyCommand(s, c).session;
    }
    expect(s.transaction).toBe('data');
    const end = applyCommand(s, { verb: 'END_OF_DATA' }, { pending: true });
    expect([end.reply.code, end.session.closed]).toEqual([250, false]);
  });

  it('NOOP is answered 250 2.0.0 Ok and changes nothing', () => {
    const s = ehlo(session());
    const step = applyCommand(s, { verb: 'NOOP' });
    expect(step.reply).toEqual({ code: 250, enhanced: '2.0.0', text: 'Ok' });
    expect(step.session).toBe(s);
  });
});
