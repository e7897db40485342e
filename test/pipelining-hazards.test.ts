// findPipeliningHazards: which lines of a client's conversation Postfix 3.9
// (smtpd_forbid_unauth_pipelining = yes) answers with 554 5.5.0 and a hang-up; and what
// interpretXclientReply says of that reply. The session rules it replays are checked against
// the live 127.0.0.1:10029 listener in test/postfix-sequences.test.ts.
import { isXclientError } from 'smtp-xclient';
import { findPipeliningHazards, interpretXclientReply } from 'smtp-xclient/client';
import { describe, expect, it } from 'vitest';
import { thrown } from './helpers/thrown.js';

const commands = (writes: string[][]): string[] =>
  findPipeliningHazards(writes).map((h) => h.command);

describe('findPipeliningHazards', () => {
  it.each<[string, string[][], string[]]>([
    ['one line per write', [['EHLO p'], ['XCLIENT NAME=a.example'], ['EHLO a.example']], []],
    [
      'the EHLO behind XCLIENT',
      [['EHLO p'], ['XCLIENT NAME=a.example', 'EHLO a.example']],
      ['XCLIENT NAME=a.example'],
    ],
    [
      'a split identity in one write',
      [['EHLO p'], ['XCLIENT PORT=1', 'XCLIENT NAME=b.example'], ['EHLO b']],
      ['XCLIENT PORT=1'],
    ],
    [
      'XCLIENT before EHLO, with NOOP behind it',
      [['XCLIENT NAME=a.example', 'NOOP']],
      ['XCLIENT NAME=a.example'],
    ],
    ['a failing XCLIENT is no greeting', [['EHLO p'], ['XCLIENT NAME=bad..name', 'EHLO p']], []],
    [
      'MAIL, RCPT and DATA after EHLO',
      [['EHLO p'], ['MAIL FROM:<a@b.example>', 'RCPT TO:<c@d.example>', 'DATA']],
      [],
    ],
    ['EHLO must end a group', [['EHLO p', 'MAIL FROM:<a@b.example>']], ['EHLO p']],
    [
      'after HELO the protocol is SMTP',
      [['HELO p'], ['MAIL FROM:<a@b.example>', 'RSET']],
      ['MAIL FROM:<a@b.example>'],
    ],
    [
      'after XCLIENT without PROTO=ESMTP too',
      [['EHLO p'], ['XCLIENT NAME=a.example'], ['MAIL FROM:<a@b.example>', 'RSET']],
      ['MAIL FROM:<a@b.example>'],
    ],
    [
      'PROTO=ESMTP keeps pipelining',
      [['EHLO p'], ['XCLIENT NAME=a.example PROTO=ESMTP'], ['MAIL FROM:<a@b.example>', 'RSET']],
      [],
    ],
    [
      'every hazard, not the first only',
      [['XCLIENT PORT=1', 'XCLIENT PORT=2', 'EHLO x']],
      ['XCLIENT PORT=1', 'XCLIENT PORT=2'],
    ],
    // Which lines are commands of the session (the rest go to applyXclient, as unknown).
    [
      'HELO after EHLO makes the protocol SMTP',
      [['EHLO p'], ['HELO p'], ['MAIL FROM:<a@b.example>', 'RSET']],
      ['MAIL FROM:<a@b.example>'],
    ],
    [
      'a bare EHLO is taken to succeed',
      [['XCLIENT NAME=a.example'], ['EHLO'], ['MAIL FROM:<a@b.example>', 'RSET']],
      [],
    ],
    [
      'an EHLO with only spaces after it too',
      [['XCLIENT NAME=a.example'], ['EHLO   '], ['MAIL FROM:<a@b.example>', 'RSET']],
      [],
    ],
    ['RCPT under SMTP', [['HELO p'], ['RCPT TO:<c@d.example>', 'RSET']], ['RCPT TO:<c@d.example>']],
    ['DATA must end a group', [['EHLO p'], ['DATA', 'RSET']], ['DATA']],
    ['NOOP must end a group', [['EHLO p'], ['NOOP', 'RSET']], ['NOOP']],
    ['QUIT under SMTP', [['HELO p'], ['QUIT', 'RSET']], ['QUIT']],
    ['an empty line is no command', [['', 'EHLO p']], []],
    ['the verb is the first word only', [['EHLO p'], ['X-NOOP x', 'RSET']], []],
    [
      'a 554 that is not the synchronization error (DATA without RCPT)',
      [['EHLO p'], ['MAIL FROM:<a@b.example>'], ['DATA']],
      [],
    ],
  ])('%s', (_name, writes, refused) => {
    expect(commands(writes)).toEqual(refused);
  });

  it.each<[string, string[][], string[]]>([
    [
      'XCLIENT under ESMTP: the 220 of XCLIENT',
      [['EHLO p'], ['XCLIENT NAME=a.example', 'NOOP']],
      ['XCLIENT', '220'],
    ],
    [
      'XCLIENT under SMTP: the protocol',
      [['XCLIENT NAME=a.example', 'NOOP']],
      ['XCLIENT', 'the protocol is SMTP'],
    ],
    ['NOOP under ESMTP: the end of a group', [['EHLO p'], ['NOOP', 'RSET']], ['NOOP', 'end']],
  ])('the reason names the verb and the rule: %s', (_name, writes, facts) => {
    const [h, ...more] = findPipeliningHazards(writes);
    expect(more).toEqual([]);
    for (const fact of facts) expect(h?.reason).toContain(fact);
    expect(h?.reason).not.toMatch(facts[1] === '220' ? /protocol is|end a/ : /220 of XCLIENT/);
  });

  it.each<[string, unknown, string[]]>([
    ['not an array', 'x', ['writes', 'an array of arrays of lines']],
    ['a write that is not an array', [['EHLO p'], 'b'], ['writes[1]', 'an array of lines']],
    ['a line that is not a string', [['EHLO p', 5]], ['writes[0][1]', 'string']],
  ])('messages: each names the writes and what is wrong: %s', (_name, writes, facts) => {
    const e = thrown(() => findPipeliningHazards(writes as never));
    expect(isXclientError(e) && e.code).toBe('OPTION_INVALID');
    const message = (e as Error).message;
    for (const fact of facts) expect(message).toContain(fact);
    expect(message).not.toContain('undefined');
  });

  it('says where and why', () => {
    const [h] = findPipeliningHazards([['EHLO p'], ['XCLIENT NAME=a.example', 'EHLO a.example']]);
    expect(h).toEqual({
      write: 1,
      line: 0,
      command: 'XCLIENT NAME=a.example',
      reason: expect.stringContaining('before the 220 of XCLIENT'),
    });
    const [smtp] = findPipeliningHazards([['RSET', 'RSET']]);
    expect(smtp?.reason).toContain('while the protocol is SMTP');
    const [last] = findPipeliningHazards([['EHLO p', 'RSET']]);
    expect(last?.reason).toContain('must end a pipelined group');
  });
});

describe('interpretXclientReply: 554 5.5.0', () => {
  it('stops and says the server refused pipelined input', () => {
    const v = interpretXclientReply({
      code: 554,
      enhanced: '5.5.0',
      text: 'Error: SMTP protocol synchronization',
    });
    expect(v).toMatchObject({ class: 'rejected', action: 'stop', closeConnection: true });
    expect(v.reason).toMatch(/^554: the server refused input sent before the reply/);
    expect(
      interpretXclientReply({ code: 554, enhanced: '5.7.1', text: 'no' }).reason,
    ).not.toContain('pipelin');
  });
});
