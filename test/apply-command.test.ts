// applyCommand: the other SMTP commands, as far as they touch XCLIENT state (HELO/EHLO,
// STARTTLS, AUTH, MAIL, RCPT, DATA, RSET, QUIT), with Postfix's replies.
import { REPLIES, type Reply, UNAVAILABLE } from 'smtp-xclient';
import {
  applyCommand,
  createXclientSession,
  type SmtpCommand,
  type XclientSession,
  xclientKeyword,
} from 'smtp-xclient/server';
import { describe, expect, it } from 'vitest';
import { withPollutedPrototype } from './helpers/pollute.js';
import { authorized, run } from './helpers/session.js';

describe('replies and state, command by command', () => {
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

describe('reads only its own table of verbs', () => {
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

  it.each([
    ['an array', ['RSET']],
    ['an object with toString', { toString: (): string => 'RSET' }],
  ])('%s is not a command, even when it names one', (_, verb) => {
    const r = applyCommand(createXclientSession({}), { verb } as unknown as SmtpCommand);
    expect(r.reply).toEqual({
      code: 500,
      enhanced: '5.5.2',
      text: 'Error: command not recognized',
    });
  });
});

describe('HELO/EHLO names', () => {
  it.each([
    ['a\vb', 'a?b'], // a vertical tab is white space, collapsed then neutered
    ['a\f\t\n b', 'a?b'],
    ['EVE', 'EVE'], // a capital V is no white space
    ['V V', 'V?V'],
  ])('%j is stored as %j', (name, helo) => {
    expect(applyCommand(authorized(), { verb: 'EHLO', name }).session.client.HELO).toBe(helo);
  });
});

describe('a reply is accepted when it is 2xx or 3xx', () => {
  const idle = authorized();
  it.each<[number, 'mail' | 'idle']>([
    [199, 'idle'],
    [200, 'mail'],
    [250, 'mail'],
    [399, 'mail'],
    [400, 'idle'],
    [451, 'idle'],
    [553, 'idle'],
  ])('MAIL answered %d: transaction %s', (code, transaction) => {
    const reply = { code, enhanced: '2.1.0', text: 'x' };
    const r = applyCommand(idle, { verb: 'MAIL', reply });
    expect(r.reply).toBe(reply);
    expect(r.session.transaction).toBe(transaction);
    if (transaction === 'idle') expect(r.session).toBe(idle);
  });
});

describe('the input session comes back when nothing changed', () => {
  const inMail = applyCommand(authorized(), { verb: 'MAIL' }).session;

  it('a refused RCPT in a transaction keeps the session', () => {
    const refusal = { code: 554, enhanced: '5.7.1', text: 'Relay access denied' };
    const r = applyCommand(inMail, { verb: 'RCPT', reply: refusal });
    expect(r.reply).toBe(refusal);
    expect(r.session).toBe(inMail);
  });

  it('RSET when idle keeps the session; in a transaction it clears it', () => {
    const idle = authorized();
    const r = applyCommand(idle, { verb: 'RSET' });
    expect(r.reply).toEqual({ code: 250, enhanced: '2.0.0', text: 'Ok' });
    expect(r.session).toBe(idle);
    const reset = applyCommand(inMail, { verb: 'RSET' });
    expect(reset.session).not.toBe(inMail);
    expect(reset.session).toEqual({ ...inMail, transaction: 'idle' });
  });

  it.each<[string, unknown]>([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'RSET'],
  ])('a command that is %s is not recognized', (_name, command) => {
    const s = authorized();
    const r = applyCommand(s, command as SmtpCommand);
    expect(r.reply).toEqual(REPLIES.notRecognized);
    expect(r.session).toBe(s);
  });
});

describe('AUTH', () => {
  it('sets LOGIN and nothing else', () => {
    const ehlo = applyCommand(authorized(), { verb: 'EHLO', name: 'c.example' }).session;
    const r = applyCommand(ehlo, { verb: 'AUTH', login: 'joe' });
    expect(r.reply).toEqual({ code: 235, enhanced: '2.7.0', text: 'Authentication successful' });
    expect(r.session.client).toEqual({ ...ehlo.client, LOGIN: 'joe' });
    expect(r.session).toEqual({ ...ehlo, client: { ...ehlo.client, LOGIN: 'joe' } });
    expect(Object.isFrozen(r.session.client)).toBe(true);
    expect(applyCommand(r.session, { verb: 'AUTH', login: 'ann' }).reply).toEqual({
      code: 503,
      enhanced: '5.5.1',
      text: 'Error: already authenticated',
    });
  });
});

describe('the HELO name of EHLO and HELO follows Postfix (issue 21, item 8)', () => {
  // Postfix reads the command line as a C string (a NUL ends it, docs/spec/postfix.md §1),
  // then printable() writes controls and DEL as "?" (§4.3).
  it.each([
    ['a.example\0evil', 'a.example'],
    ['a\0', 'a'],
    ['a\x1bb', 'a?b'],
    ['a\x7fb', 'a?b'],
    ['\x1b[31mred', '?[31mred'],
  ])('EHLO with NUL, ESC or DEL: %j is recorded as %j', (name, helo) => {
    const step = applyCommand(authorized(), { verb: 'EHLO', name });
    expect(step.session.client.HELO).toBe(helo);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: no control may be recorded
    expect(step.session.client.HELO).not.toMatch(/[\0-\x1f\x7f]/);
  });

  it('EHLO with a NUL first has no name: 501, as Postfix', () => {
    const s = authorized();
    const step = applyCommand(s, { verb: 'EHLO', name: '\0a.example' });
    expect(step.reply).toEqual({ code: 501, text: 'Syntax: EHLO hostname' });
    expect(step.session).toBe(s);
  });
});

describe('hostile arguments (issue 21, item 2)', () => {
  it('an inherited verb is no command: 500, the session stays open', () => {
    const s = authorized();
    const step = withPollutedPrototype({ verb: 'QUIT' }, () => applyCommand(s, {} as SmtpCommand));
    expect(step.reply.code).toBe(500);
    expect(step.session.closed).toBe(false);
  });

  it('an inherited name is not the EHLO argument', () => {
    const step = withPollutedPrototype({ name: 'evil.example' }, () =>
      applyCommand(authorized(), { verb: 'EHLO' } as SmtpCommand),
    );
    expect(step.reply.code).toBe(501);
  });

  it('a command whose getter throws is not recognized (applyCommand does not throw for it)', () => {
    const command = Object.defineProperty({}, 'verb', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    }) as SmtpCommand;
    expect(applyCommand(authorized(), command).reply.code).toBe(500);
  });

  it('applyCommand(null, …) is OPTION_INVALID', () => {
    expect(() => applyCommand(null as unknown as XclientSession, { verb: 'NOOP' })).toThrow(
      expect.objectContaining({ code: 'OPTION_INVALID' }),
    );
  });
});
