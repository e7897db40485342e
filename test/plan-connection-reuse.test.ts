// planConnectionReuse: switching a cached connection to the next client — every attribute
// asserted again, [UNAVAILABLE] for what the next client lacks — and whether the server will
// take it.
import { isXclientError, TEMPUNAVAIL, UNAVAILABLE, type XclientAttributes } from 'smtp-xclient';
import { planConnectionReuse, type XclientClientOptions } from 'smtp-xclient/client';
import { describe, expect, it } from 'vitest';
import {
  AUTHORIZED,
  EHLO,
  EHLO_NAME_ADDR,
  EHLO_NO_XCLIENT,
  errorOf,
  OPTION_REPLY,
} from './helpers/client.js';
import { withPollutedPrototype } from './helpers/pollute.js';
import { expectRefusal, thrown } from './helpers/thrown.js';

const NOT_AUTHORIZED = 'is not authorized: the server will answer 550 and stop announcing XCLIENT';

const alice: XclientAttributes = {
  NAME: 'a.example',
  ADDR: '127.0.0.5',
  PORT: 1111,
  HELO: 'a.example',
  PROTO: 'ESMTP',
  LOGIN: 'alice',
};
const bob: XclientAttributes = {
  NAME: 'b.example',
  ADDR: '127.0.0.6',
  HELO: 'b.example',
  PROTO: 'ESMTP',
};

describe('asserts every attribute again, [UNAVAILABLE] for what the next client lacks', () => {
  it('asserts every attribute again, [UNAVAILABLE] for what the next client lacks', () => {
    const p = planConnectionReuse(alice, bob, { authorizedHosts: AUTHORIZED });
    expect(p.lines).toEqual([
      'XCLIENT PORT=[UNAVAILABLE] DESTADDR=[UNAVAILABLE] DESTPORT=[UNAVAILABLE] HELO=b.example PROTO=ESMTP LOGIN=[UNAVAILABLE] NAME=b.example ADDR=127.0.0.6',
    ]);
    expect(p.unavailable).toEqual(['PORT', 'LOGIN', 'DESTADDR', 'DESTPORT']);
    expect(p.cleared).toEqual(['PORT', 'LOGIN']);
    expect(p.hello.line).toBe('EHLO b.example');
    expect(p).toMatchObject({ usable: 'yes', usableAfter: 'yes' });
    expect(p.reason).toBe('predicted: ADDR 127.0.0.5 is authorized');
  });

  it('REVERSE_NAME is reset only when NAME does not set it; PROTO is never [UNAVAILABLE]', () => {
    const p = planConnectionReuse(alice, { ADDR: '127.0.0.6' });
    expect(p.unavailable).toEqual([
      'NAME',
      'HELO',
      'REVERSE_NAME',
      'PORT',
      'LOGIN',
      'DESTADDR',
      'DESTPORT',
    ]);
    expect(p.lines.join(' ')).not.toMatch(/PROTO=/);
    expect(p.hello.line).toBe('EHLO [127.0.0.6]');
    const r = planConnectionReuse(alice, { ADDR: '127.0.0.6', NAME: 'b', REVERSE_NAME: 'rb' });
    expect(r.lines.join(' ')).toMatch(/NAME=b REVERSE_NAME=rb ADDR/);
  });

  describe('takes the announced names from ehloReply', () => {
    it.each([
      [EHLO_NAME_ADDR],
      [['250-mx.example', '250-XCLIENT NAME ADDR', '250 8BITMIME']],
      [{ code: 250, text: ['mx.example', 'XCLIENT NAME ADDR', '8BITMIME'] }],
    ])('%j', (ehloReply) => {
      const p = planConnectionReuse(
        { NAME: 'a.example', ADDR: '127.0.0.5', LOGIN: 'alice' },
        { ADDR: '127.0.0.6' },
        { ehloReply: ehloReply as string },
      );
      expect(p.announced).toEqual(['NAME', 'ADDR']);
      expect(p.lines).toEqual(['XCLIENT NAME=[UNAVAILABLE] ADDR=127.0.0.6']);
      expect(p.unavailable).toEqual(['NAME']);
      expect(p.cleared).toEqual(['NAME', 'LOGIN']);
      expect([p.usable, p.reason]).toEqual(['yes', 'the last EHLO reply still announces XCLIENT']);
    });

    it('the announced option is not used when the EHLO reply announces XCLIENT', () => {
      const p = planConnectionReuse(
        { ADDR: '127.0.0.5' },
        { ADDR: '127.0.0.6' },
        { ehloReply: EHLO_NAME_ADDR, announced: ['ADDR'] },
      );
      expect(p.announced).toEqual(['NAME', 'ADDR']);
    });

    it('nor when it does not: then the option (or all nine) is assumed', () => {
      const p = planConnectionReuse(
        { ADDR: '127.0.0.5' },
        { ADDR: '127.0.0.6' },
        { ehloReply: EHLO_NO_XCLIENT, announced: ['addr'] },
      );
      expect(p.announced).toEqual(['ADDR']);
      expect(p.usable).toBe('no');
    });
  });
});

describe('usable: whether the server takes XCLIENT on the reused connection', () => {
  it.each<
    [string, XclientAttributes, XclientClientOptions & { ehloReply?: string }, string, RegExp]
  >([
    ['last EHLO announces XCLIENT', alice, { ehloReply: EHLO }, 'yes', /still announces/],
    ['last EHLO does not', alice, { ehloReply: EHLO_NO_XCLIENT }, 'no', /not authorized/],
    [
      'ADDR moved outside',
      { ...alice, ADDR: '192.0.2.1' },
      { authorizedHosts: AUTHORIZED },
      'no',
      /192\.0\.2\.1 .*not authorized/,
    ],
    [
      'ADDR=[UNAVAILABLE]',
      { ...alice, ADDR: UNAVAILABLE },
      { authorizedHosts: AUTHORIZED },
      'no',
      /ADDR unknown/,
    ],
    ['no policy', alice, {}, 'unknown', /no authorizedHosts/],
    [
      'ADDR never asserted',
      { NAME: 'a.example' },
      { authorizedHosts: AUTHORIZED },
      'unknown',
      /ADDR is not known/,
    ],
    [
      'ADDR from the peer',
      { NAME: 'a.example' },
      { authorizedHosts: AUTHORIZED, peer: { ADDR: '127.0.0.1' } },
      'yes',
      /127\.0\.0\.1 is authorized/,
    ],
    [
      'a name pattern and the peer name',
      { PORT: 1 },
      { authorizedHosts: ['proxy.example'], peer: { ADDR: '192.0.2.1', NAME: 'proxy.example' } },
      'yes',
      /authorized/,
    ],
    ['a callback', alice, { isAuthorized: (c) => c.LOGIN === 'alice' }, 'yes', /authorized/],
    [
      'a throwing callback',
      alice,
      {
        isAuthorized: () => {
          throw new Error('boom');
        },
      },
      'unknown',
      /threw: Error: boom/,
    ],
  ])('usable: %s', (_name, previous, options, usable, reason) => {
    const p = planConnectionReuse(previous, bob, options);
    expect(p.usable).toBe(usable);
    expect(p.reason).toMatch(reason);
  });

  it('an attribute given as undefined does not hide the peer’s', () => {
    const previous = { ADDR: undefined, NAME: 'a.example' } as unknown as XclientAttributes;
    const p = planConnectionReuse(previous, bob, {
      authorizedHosts: AUTHORIZED,
      peer: { ADDR: '127.0.0.1' },
    });
    expect(p.usable).toBe('yes');
  });
});

describe('predictions and their reasons', () => {
  it.each([
    [{ ADDR: '10.0.0.1' }, 'ADDR 10.0.0.1 (NAME unknown)'],
    [{ ADDR: '10.0.0.1', NAME: TEMPUNAVAIL }, 'ADDR 10.0.0.1 (NAME unknown)'],
    [{ ADDR: '10.0.0.1', NAME: UNAVAILABLE }, 'ADDR 10.0.0.1 (NAME unknown)'],
    [{ ADDR: '10.0.0.1', NAME: 'c.example' }, 'ADDR 10.0.0.1 (NAME c.example)'],
    [{ ADDR: UNAVAILABLE, NAME: 'c.example' }, 'ADDR unknown (NAME c.example)'],
  ])('previous %j: not authorized, with the NAME the server sees', (identity, who) => {
    const reuse = planConnectionReuse(
      identity as XclientAttributes,
      { ADDR: '127.0.0.2' },
      {
        authorizedHosts: ['127.0.0.0/8'],
      },
    );
    expect([reuse.usable, reuse.reason]).toEqual(['no', `predicted: ${who} ${NOT_AUTHORIZED}`]);
  });

  it('predicts the connection after the next client (usableAfter)', () => {
    const away = planConnectionReuse(
      alice,
      { ...bob, ADDR: '192.0.2.1' },
      { authorizedHosts: AUTHORIZED },
    );
    expect(away).toMatchObject({ usable: 'yes', usableAfter: 'no' });
    const gone = planConnectionReuse(alice, { NAME: 'x.example' }, { authorizedHosts: AUTHORIZED });
    expect(gone.usableAfter).toBe('no'); // ADDR=[UNAVAILABLE] de-authorizes
    expect(gone.reasonAfter).toMatch(/ADDR unknown/);
  });
});

describe('refuses bad identities and options (programmer errors)', () => {
  it('refuses bad identities', () => {
    const e = thrown(() => planConnectionReuse(null as never, bob));
    expect(isXclientError(e) && e.code).toBe('FORMAT_INVALID_INPUT');
    const f = thrown(() => planConnectionReuse(alice, 5 as never));
    expect(isXclientError(f) && f.code).toBe('FORMAT_INVALID_INPUT');
  });

  it.each([
    [{ hello: 'ehlo' }],
    [{ fallbackEhlo: 'a b' }],
    [{ unannounced: 'skip' }],
    [{ isAuthorized: () => true, authorizedHosts: [] }],
    [{ isAuthorized: 'yes' }],
    [{ authorizedHosts: '127.0.0.1' }],
  ])('%j: OPTION_INVALID, with its reply', (options) => {
    const id: XclientAttributes = { ADDR: '127.0.0.1' };
    const o = options as unknown as XclientClientOptions;
    expect(errorOf(() => planConnectionReuse(id, id, o))).toEqual({
      code: 'OPTION_INVALID',
      reply: OPTION_REPLY,
    });
  });

  it('announced must be an array when no EHLO reply gives the names', () => {
    const id: XclientAttributes = { ADDR: '127.0.0.1' };
    const o = { announced: 'NAME ADDR' } as unknown as XclientClientOptions;
    expect(errorOf(() => planConnectionReuse(id, id, o))).toEqual({
      code: 'OPTION_INVALID',
      reply: OPTION_REPLY,
    });
  });

  it.each([
    ['previous', () => planConnectionReuse('x' as never, {})],
    ['next', () => planConnectionReuse({}, null as never)],
  ])('a %s identity that is no object: FORMAT_INVALID_INPUT', (_label, fn) => {
    expect(errorOf(fn)).toEqual({ code: 'FORMAT_INVALID_INPUT', reply: OPTION_REPLY });
  });
});

describe('regressions (issue 21)', () => {
  it('the previous REVERSE_NAME does not survive when NAME is not announced', () => {
    const p = planConnectionReuse(
      { NAME: 'a.example', REVERSE_NAME: 'a.example', ADDR: '127.0.0.5' },
      { NAME: 'b.example', ADDR: '127.0.0.6' },
      { announced: ['ADDR', 'REVERSE_NAME'] },
    );
    expect(p.lines).toEqual(['XCLIENT REVERSE_NAME=[UNAVAILABLE] ADDR=127.0.0.6']);
    expect(p.unavailable).toEqual(['REVERSE_NAME']);
  });

  it('an inherited LOGIN or ADDR is not "present": the previous one is reset', () => {
    const p = withPollutedPrototype({ LOGIN: 'mallory', ADDR: '127.0.0.66' }, () =>
      planConnectionReuse(
        { ADDR: '127.0.0.5', LOGIN: 'alice' },
        { NAME: 'b.example' },
        {
          announced: ['NAME', 'ADDR', 'LOGIN'],
        },
      ),
    );
    expect(p.lines).toEqual(['XCLIENT LOGIN=[UNAVAILABLE] NAME=b.example ADDR=[UNAVAILABLE]']);
    expect(p.cleared).toEqual(['ADDR', 'LOGIN']);
  });

  it('inherited options (unannounced, authorizedHosts) are not read', () => {
    const p = withPollutedPrototype({ unannounced: 'throw', authorizedHosts: ['0.0.0.0/0'] }, () =>
      planConnectionReuse(
        { ADDR: '192.0.2.1' },
        { ADDR: '192.0.2.2', PORT: 1 },
        {
          announced: ['ADDR'],
        },
      ),
    );
    expect(p.omitted).toEqual(['PORT']);
    expect(p.usable).toBe('unknown');
  });

  it('the prediction follows an authorizedHosts array edited in place, both ways', () => {
    const hosts = ['127.0.0.0/8', '203.0.113.0/24'];
    const previous = { ADDR: '203.0.113.5' };
    expect(planConnectionReuse(previous, bob, { authorizedHosts: hosts }).usable).toBe('yes');
    hosts.splice(1, 1);
    expect(planConnectionReuse(previous, bob, { authorizedHosts: hosts }).usable).toBe('no');
    hosts.push('203.0.113.0/24');
    expect(planConnectionReuse(previous, bob, { authorizedHosts: hosts }).usable).toBe('yes');
  });
});

describe('messages: each names the argument or option and what is wrong', () => {
  it.each<[string, () => unknown, string, string[]]>([
    [
      'previous null',
      () => planConnectionReuse(null as never, bob),
      'FORMAT_INVALID_INPUT',
      ['previous', 'null'],
    ],
    [
      'next an array',
      () => planConnectionReuse(alice, [] as never),
      'FORMAT_INVALID_INPUT',
      ['next', 'an array'],
    ],
    [
      'next a number',
      () => planConnectionReuse(alice, 7 as never),
      'FORMAT_INVALID_INPUT',
      ['next', '7'],
    ],
    [
      'options not an object',
      () => planConnectionReuse(alice, bob, 5 as never),
      'OPTION_INVALID',
      ['options'],
    ],
  ])('%s', (_name, run, code, facts) => expectRefusal(run, code, OPTION_REPLY, facts));
});
