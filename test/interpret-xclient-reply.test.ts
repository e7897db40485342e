// interpretXclientReply: what the reply to an XCLIENT command means for the client, by its
// code and the nonconforming option.
import { isXclientError, REPLIES, type Reply } from 'smtp-xclient';
import { interpretXclientReply } from 'smtp-xclient/client';
import { describe, expect, it } from 'vitest';
import { errorOf, OPTION_REPLY } from './helpers/client.js';
import { withPollutedPrototype } from './helpers/pollute.js';
import { thrown } from './helpers/thrown.js';

describe('classifies the reply by its code', () => {
  it.each<[Reply, string, string, boolean]>([
    [REPLIES.greeting('mx.example ESMTP'), 'success', 'continue', false],
    [{ code: 250, text: 'ok' }, 'nonconforming-success', 'stop', true],
    [REPLIES.localDataError('mx.example'), 'unavailable', 'stop', true],
    [REPLIES.badAttributeName('FOO'), 'syntax', 'stop', true],
    [REPLIES.transactionInProgress, 'transaction', 'rset-and-retry', false],
    [REPLIES.unauthorized, 'unauthorized', 'stop', true],
    [{ code: 554, enhanced: '5.7.1', text: 'go away' }, 'rejected', 'stop', true],
    [REPLIES.notRecognized, 'rejected', 'stop', true],
  ])('%o', (reply, kind, action, close) => {
    const v = interpretXclientReply(reply);
    expect(v).toMatchObject({ class: kind, action, closeConnection: close });
    expect(v.reason.startsWith(`${reply.code}: `)).toBe(true);
  });

  it.each([
    [220, 'reject', 'success', 'continue', false],
    [220, 'accept', 'success', 'continue', false],
    [250, 'reject', 'nonconforming-success', 'stop', true],
    [250, 'accept', 'nonconforming-success', 'continue', false],
    [421, 'accept', 'unavailable', 'stop', true],
    [501, 'accept', 'syntax', 'stop', true],
    [503, 'accept', 'transaction', 'rset-and-retry', false],
    [503, 'reject', 'transaction', 'rset-and-retry', false],
    [550, 'accept', 'unauthorized', 'stop', true],
    [550, 'reject', 'unauthorized', 'stop', true],
    [554, 'accept', 'rejected', 'stop', true],
  ] as const)('%d with %s: %s, %s', (code, nonconforming, kind, action, close) => {
    const ACCEPTED =
      '250 instead of 220 (non-conforming server, accepted by option): go on as after 220';
    const v = interpretXclientReply({ code, text: 'x' }, { nonconforming });
    expect([v.class, v.action, v.closeConnection]).toEqual([kind, action, close]);
    expect(v.reason.startsWith(`${code}: `)).toBe(true);
    expect(v.reason === `${code}: ${ACCEPTED}`).toBe(code === 250 && nonconforming === 'accept');
  });
});

describe('the nonconforming option', () => {
  it('accepts the non-conforming 250 on request, and refuses bad options', () => {
    const v = interpretXclientReply({ code: 250, text: 'ok' }, { nonconforming: 'accept' });
    expect(v).toMatchObject({
      class: 'nonconforming-success',
      action: 'continue',
      closeConnection: false,
    });
    expect(v.reason).toMatch(/non-conforming/);
    const e = thrown(() =>
      interpretXclientReply({ code: 220, text: '' }, { nonconforming: 'x' as never }),
    );
    expect(isXclientError(e) && e.code).toBe('OPTION_INVALID');
  });

  it('nonconforming must be accept or reject: OPTION_INVALID, with its reply', () => {
    const o = { nonconforming: 'trust' } as never;
    expect(errorOf(() => interpretXclientReply({ code: 250, text: 'ok' }, o))).toEqual({
      code: 'OPTION_INVALID',
      reply: OPTION_REPLY,
    });
  });
});

describe('reads own options only (issue 21, item 2)', () => {
  it('an inherited nonconforming: "accept" does not make a 250 a success', () => {
    const v = withPollutedPrototype({ nonconforming: 'accept' }, () =>
      interpretXclientReply({ code: 250, text: 'ok' }),
    );
    expect([v.class, v.action]).toEqual(['nonconforming-success', 'stop']);
  });
});

describe('the 554 5.5.0 refusal of pipelined input', () => {
  const refused = interpretXclientReply({ code: 554, enhanced: '5.5.0', text: 'Error' }).reason;
  it.each<[string, Reply]>([
    ['554 with another enhanced code', { code: 554, enhanced: '5.7.1', text: 'Error' }],
    ['554 without an enhanced code', { code: 554, text: 'Error' }],
    ['5.5.0 with another code', { code: 500, enhanced: '5.5.0', text: 'Error' }],
  ])('is that code and enhanced code together, not %s', (_name, reply) => {
    const v = interpretXclientReply(reply);
    expect(v.class).toBe('rejected');
    expect(v.reason.slice(5)).not.toBe(refused.slice(5));
  });
});

describe('messages: each names the argument and what is wrong', () => {
  const ok: Reply = { code: 220, text: 'ok' };
  it.each<[string, () => unknown, string[]]>([
    ['options not an object', () => interpretXclientReply(ok, 5 as never), ['options']],
    ['reply undefined', () => interpretXclientReply(undefined as never), ['reply', 'undefined']],
    ['reply null', () => interpretXclientReply(null as never), ['reply', 'null']],
    ['reply a number', () => interpretXclientReply(7 as never), ['reply', '7']],
    [
      'nonconforming unknown',
      () => interpretXclientReply(ok, { nonconforming: 'trust' } as never),
      ['nonconforming', 'trust'],
    ],
  ])('%s', (_name, run, facts) => {
    const e = thrown(run);
    expect(isXclientError(e) && e.code).toBe('OPTION_INVALID');
    const message = (e as Error).message;
    for (const fact of facts) expect(message).toContain(fact);
    if (!facts.includes('undefined')) expect(message).not.toContain('undefined');
  });
});
