// applyXclient: one XCLIENT line against the session, in Postfix's order of checks; success
// resets to the greeting stage; a failing command in 'postfix' keeps what came before; the
// policy decides again; and the step it returns.
import {
  isXclientError,
  REPLIES,
  type Reply,
  TEMPUNAVAIL,
  UNAVAILABLE,
  type XclientAttributeName,
} from 'smtp-xclient';
import {
  applyCommand,
  applyXclient,
  createXclientSession,
  formatClientLabel,
  type XclientPolicy,
  type XclientSession,
  xclientKeyword,
} from 'smtp-xclient/server';
import { describe, expect, it } from 'vitest';
import { withPollutedPrototype } from './helpers/pollute.js';
import { AUTHORIZED, authorized, LOCAL_DATA_ERROR, octets, run } from './helpers/session.js';
import { thrown } from './helpers/thrown.js';

describe('the order of checks', () => {
  const inMail = applyCommand(authorized(), { verb: 'MAIL' }).session;
  const denied = createXclientSession({
    client: { ADDR: '192.0.2.1' },
    authorizedHosts: AUTHORIZED,
  });
  const failed = authorized({
    isAuthorized: () => {
      throw new Error('down');
    },
  });

  it.each<[string, XclientSession, string | Uint8Array, Reply]>([
    ['bad UTF-8 beats the transaction', inMail, octets('XCLIENT NAME=\xff'), REPLIES.badUtf8],
    ['not recognized beats the transaction', inMail, 'XCLIENTX NAME=a', REPLIES.notRecognized],
    ['header-like beats the transaction', inMail, 'XCLIENT: NAME=a', REPLIES.headerLike],
    ['503 beats no attributes', inMail, 'XCLIENT', REPLIES.transactionInProgress],
    ['503 beats authorization', inMail, 'XCLIENT NAME=a', REPLIES.transactionInProgress],
    ['501 no attributes beats authorization', denied, 'XCLIENT', REPLIES.noAttributes],
    ['550 beats an unknown attribute', denied, 'XCLIENT FOO=bar', REPLIES.unauthorized],
    ['550 beats a missing =', denied, 'XCLIENT NAME', REPLIES.unauthorized],
    ['421 when the policy failed', failed, 'XCLIENT NAME=a', REPLIES.localDataError('mx.example')],
    ['then the attribute error', authorized(), 'XCLIENT FOO=bar', REPLIES.badAttributeName('FOO')],
  ])('%s', (_name, s, line, reply) => {
    const r = applyXclient(s, line, { profile: 'postfix' });
    expect(r.reply).toEqual(reply);
    expect(r.outcome).toBe('refused');
    expect(r.session.client).toBe(s.client);
  });

  it('closes the session after 221 and 421, and then answers 421 to everything', () => {
    const bye = applyXclient(authorized(), 'XCLIENT: NAME=a', { profile: 'postfix' });
    expect(bye.session.closed).toBe(true);
    expect(bye.error?.code).toBe('LINE_HEADER_LIKE');
    const down = applyXclient(failed, 'XCLIENT NAME=a');
    expect(down.session.closed).toBe(true);
    const closedReply = { code: 421, enhanced: '4.4.2', text: 'mx.example Error: session closed' };
    const again = applyXclient(down.session, 'XCLIENT NAME=a');
    expect(again.reply).toEqual(closedReply);
    expect(again.session).toBe(down.session);
    expect(applyCommand(down.session, { verb: 'RSET' }).reply).toEqual(closedReply);
  });

  it("reads the line with the profile: 'strict' refuses what 'postfix' accepts", () => {
    const line = 'XCLIENT ADDR=010.1.1.1';
    expect(applyXclient(authorized(), line).reply.code).toBe(501);
    const r = applyXclient(authorized(), line, { profile: 'postfix' });
    expect(r.reply.code).toBe(220);
    expect(r.session.client.ADDR).toBe('8.1.1.1');
    const lenient = applyXclient(authorized(), 'XCLIENT PROTO=LMTP', { profile: 'lenient' });
    expect(lenient.session.client.PROTO).toBe('LMTP');
    expect(lenient.warnings.map((w) => w.code)).toContain('ATTR_PROTO_NONSTANDARD');
  });
});

describe('success resets to the greeting stage', () => {
  const ehloMail = run(authorized(), [
    'XCLIENT HELO=old.example PROTO=ESMTP LOGIN=old',
    { verb: 'EHLO', name: 'e.example' },
  ]).session;

  it.each<[string, string, Partial<Record<XclientAttributeName, unknown>>]>([
    [
      'HELO, PROTO, LOGIN reset when not carried',
      'XCLIENT NAME=n.example',
      {
        NAME: 'n.example',
        HELO: UNAVAILABLE,
        PROTO: 'SMTP',
        LOGIN: UNAVAILABLE,
      },
    ],
    [
      'HELO carried',
      'XCLIENT HELO=h.example',
      { HELO: 'h.example', PROTO: 'SMTP', LOGIN: UNAVAILABLE },
    ],
    [
      'PROTO carried',
      'XCLIENT PROTO=ESMTP',
      { HELO: UNAVAILABLE, PROTO: 'ESMTP', LOGIN: UNAVAILABLE },
    ],
    ['LOGIN carried', 'XCLIENT LOGIN=joe', { HELO: UNAVAILABLE, PROTO: 'SMTP', LOGIN: 'joe' }],
    ['HELO=[UNAVAILABLE] is no HELO', 'XCLIENT HELO=[UNAVAILABLE]', { HELO: UNAVAILABLE }],
    ['LOGIN=[UNAVAILABLE] is no login', 'XCLIENT LOGIN=[UNAVAILABLE]', { LOGIN: UNAVAILABLE }],
    ['HELO neutered, as Postfix', 'XCLIENT HELO=a+20<b>', { HELO: 'a??b?' }],
    ['a real NAME sets REVERSE_NAME', 'XCLIENT NAME=n.example', { REVERSE_NAME: 'n.example' }],
    [
      'NAME=[UNAVAILABLE] keeps REVERSE_NAME',
      'XCLIENT NAME=[UNAVAILABLE]',
      {
        NAME: UNAVAILABLE,
        REVERSE_NAME: 'localhost',
      },
    ],
    [
      'NAME=[TEMPUNAVAIL]',
      'XCLIENT NAME=[TEMPUNAVAIL]',
      { NAME: TEMPUNAVAIL, REVERSE_NAME: 'localhost' },
    ],
    [
      'REVERSE_NAME alone',
      'XCLIENT REVERSE_NAME=r.example',
      { NAME: 'localhost', REVERSE_NAME: 'r.example' },
    ],
    [
      'REVERSE_NAME after NAME wins',
      'XCLIENT NAME=n.example REVERSE_NAME=[TEMPUNAVAIL]',
      {
        REVERSE_NAME: TEMPUNAVAIL,
      },
    ],
    ['last duplicate wins', 'XCLIENT PORT=1 PORT=2', { PORT: 2 }],
    [
      'ports and addresses normalized',
      'XCLIENT ADDR=IPV6:2001:DB8:0::1 DESTADDR=192.0.2.9 DESTPORT=00025',
      {
        ADDR: '2001:db8::1',
        DESTADDR: '192.0.2.9',
        DESTPORT: 25,
        PORT: 40000,
      },
    ],
    ['PORT=[UNAVAILABLE]', 'XCLIENT PORT=[UNAVAILABLE]', { PORT: UNAVAILABLE }],
  ])('%s', (_name, line, expected) => {
    const r = applyXclient(ehloMail, line, { profile: 'postfix' });
    expect(r.reply).toEqual({ code: 220, text: 'mx.example ESMTP' });
    expect(r.outcome).toBe('applied');
    expect(r.session.client).toMatchObject(expected);
    expect(r.session.hello).toBe('none');
    expect(r.session.transaction).toBe('idle');
  });

  it('keeps TLS and what was not carried (PORT persists across commands)', () => {
    const s = run(authorized({ tls: true }), [
      'XCLIENT PORT=4242 DESTPORT=2525',
      'XCLIENT NAME=n.example',
    ]);
    expect(s.replies.map((r) => r.code)).toEqual([220, 220]);
    expect(s.session.tls).toBe(true);
    expect(s.session.client).toMatchObject({ PORT: 4242, DESTPORT: 2525, NAME: 'n.example' });
  });

  it('EHLO after XCLIENT replaces the XCLIENT HELO and sets ESMTP; LOGIN survives (docs/spec/postfix.md §13)', () => {
    const { session } = run(authorized(), [
      'XCLIENT HELO=keep.example PROTO=SMTP LOGIN=joe NAME=n.example ADDR=127.0.0.6',
      { verb: 'EHLO', name: 'other.example' },
    ]);
    expect(session.client).toMatchObject({ HELO: 'other.example', PROTO: 'ESMTP', LOGIN: 'joe' });
    expect(formatClientLabel(session.client)).toBe('n.example[127.0.0.6]:40000');
  });

  it('a second XCLIENT loses HELO, PROTO and LOGIN of the first (docs/spec/postfix.md §13 row 1)', () => {
    const { session } = run(authorized(), [
      'XCLIENT HELO=keep.example PROTO=ESMTP LOGIN=joe',
      'XCLIENT NAME=n.example ADDR=127.0.0.5',
    ]);
    expect(session.client).toMatchObject({ HELO: UNAVAILABLE, PROTO: 'SMTP', LOGIN: UNAVAILABLE });
  });
});

describe("a failing command in 'postfix' vs 'strict' and 'lenient'", () => {
  it.each<[string, Partial<Record<XclientAttributeName, unknown>>]>([
    [
      'XCLIENT NAME=partial.example FOO=bar',
      { NAME: 'partial.example', REVERSE_NAME: 'partial.example' },
    ],
    ['XCLIENT ADDR=192.0.2.9 FOO=bar', { ADDR: '192.0.2.9' }],
    ['XCLIENT HELO=partial.example PORT=x', { HELO: 'partial.example' }],
    ['XCLIENT LOGIN=partial PROTO=QMQP', { LOGIN: 'partial' }],
    ['XCLIENT PROTO=ESMTP NAME=bad..name', { PROTO: 'ESMTP' }],
  ])("'postfix' keeps what came before the error: %s", (line, applied) => {
    const before = run(authorized(), [
      { verb: 'EHLO', name: 'e.example' },
      { verb: 'MAIL' },
      { verb: 'RSET' },
    ]).session;
    const r = applyXclient(before, line, { profile: 'postfix' });
    expect(r.reply.code).toBe(501);
    expect(r.outcome).toBe('partial');
    expect(r.session.client).toMatchObject(applied);
    // no reset, no re-authorization
    expect(r.session.hello).toBe('EHLO');
    expect(r.session.authorization).toBe('granted');
    expect(r.session.authorizationIdentity).toBe(before.authorizationIdentity);
    for (const profile of ['strict', 'lenient'] as const) {
      const strict = applyXclient(before, line, { profile });
      expect(strict.reply.code).toBe(501);
      expect(strict.outcome).toBe('refused');
      expect(strict.session).toBe(before);
    }
  });

  it("'postfix' with nothing before the error applies nothing", () => {
    const s = authorized();
    const r = applyXclient(s, 'XCLIENT FOO=bar NAME=a', { profile: 'postfix' });
    expect(r.outcome).toBe('refused');
    expect(r.session).toBe(s);
  });

  it('a partial ADDR outside the network keeps authorization until the next success (c437)', () => {
    const { session, replies } = run(authorized(), [
      'XCLIENT ADDR=192.0.2.9 FOO=bar',
      'XCLIENT PORT=1',
      'XCLIENT PORT=2',
    ]);
    expect(replies.map((r) => r.code)).toEqual([501, 220, 550]);
    expect(session.client).toMatchObject({ ADDR: '192.0.2.9', PORT: 1 });
    expect(xclientKeyword(session)).toBeUndefined();
  });
});

describe('re-authorization', () => {
  it.each<[string, string, 'granted' | 'denied']>([
    ['ADDR outside the networks', 'XCLIENT ADDR=192.0.2.1', 'denied'],
    ['ADDR inside 127.0.0.0/8', 'XCLIENT ADDR=127.0.0.2', 'granted'],
    ['ADDR=[UNAVAILABLE]', 'XCLIENT ADDR=[UNAVAILABLE]', 'denied'],
    ['IPv6 loopback', 'XCLIENT ADDR=IPV6:::1', 'granted'],
    [
      'IPv4-mapped loopback (Postfix makes it IPv4)',
      'XCLIENT ADDR=IPV6:::ffff:127.0.0.9',
      'granted',
    ],
    ['NAME alone does not matter for a CIDR list', 'XCLIENT NAME=evil.example', 'granted'],
  ])('%s', (_name, line, verdict) => {
    const r = applyXclient(authorized(), line, { profile: 'postfix' });
    expect(r.reply.code).toBe(220);
    expect(r.session.authorization).toBe(verdict);
    const later = applyXclient(r.session, 'XCLIENT PORT=1', { profile: 'postfix' });
    expect(later.reply.code).toBe(verdict === 'granted' ? 220 : 550);
    const ehlo = applyCommand(r.session, { verb: 'EHLO', name: 'x.example' });
    const lines = [ehlo.reply.text].flat();
    expect(lines.some((l) => l.startsWith('XCLIENT'))).toBe(verdict === 'granted');
  });

  it('name patterns and callbacks see the new identity', () => {
    const byName = createXclientSession({
      client: { ADDR: '192.0.2.1', NAME: 'proxy.example' },
      authorizedHosts: ['proxy.example'],
    });
    expect(byName.authorization).toBe('granted');
    expect(applyXclient(byName, 'XCLIENT NAME=other.example').session.authorization).toBe('denied');
    const seen: unknown[] = [];
    const s = createXclientSession({
      client: { ADDR: '127.0.0.1' },
      isAuthorized: (id) => {
        seen.push(id.ADDR);
        return id.ADDR === '127.0.0.1';
      },
    });
    applyXclient(s, 'XCLIENT ADDR=192.0.2.7');
    expect(seen).toEqual(['127.0.0.1', '192.0.2.7']);
  });

  it('a policy given to applyXclient replaces the session’s from that command on', () => {
    const s = createXclientSession({ client: { ADDR: '127.0.0.1' } });
    expect(applyXclient(s, 'XCLIENT PORT=1').reply.code).toBe(550);
    const r = applyXclient(s, 'XCLIENT PORT=1', { authorizedHosts: AUTHORIZED });
    expect(r.reply.code).toBe(220);
    expect(applyXclient(r.session, 'XCLIENT ADDR=192.0.2.1').reply.code).toBe(220);
    const denied = applyXclient(r.session, 'XCLIENT PORT=2', { isAuthorized: () => false });
    expect(denied.reply.code).toBe(550);
    expect(denied.session.authorization).toBe('denied');
  });

  it('a policy that throws after XCLIENT fails the next XCLIENT and EHLO with 421', () => {
    const s = authorized({
      isAuthorized: (id) => {
        if (id.ADDR !== '127.0.0.1') throw new Error('lookup failed');
        return true;
      },
    });
    const r = applyXclient(s, 'XCLIENT ADDR=192.0.2.1');
    expect(r.session.authorization).toBe('failed');
    expect(xclientKeyword(r.session)).toBeUndefined();
    const ehlo = applyCommand(r.session, { verb: 'EHLO', name: 'x' });
    expect(ehlo.reply).toEqual(REPLIES.localDataError('mx.example'));
    expect(ehlo.session.closed).toBe(true);
    expect(applyCommand(r.session, { verb: 'HELO', name: 'x' }).reply.code).toBe(250);
  });
});

describe('the same policy given again changes nothing', () => {
  it('the hosts list the session was made with: the input session comes back', () => {
    const s = authorized();
    const r = applyXclient(s, 'XCLIENT', { authorizedHosts: AUTHORIZED });
    expect(r.reply).toEqual(REPLIES.noAttributes);
    expect(r.session).toBe(s);
  });

  it('the callback the session was made with: the input session comes back', () => {
    const policy: XclientPolicy = (id) => id.ADDR === '127.0.0.1';
    const s = createXclientSession({ client: { ADDR: '127.0.0.1' }, isAuthorized: policy });
    const r = applyXclient(s, 'XCLIENT', { isAuthorized: policy });
    expect(r.reply).toEqual(REPLIES.noAttributes);
    expect(r.session).toBe(s);
  });

  it('a different policy does replace it', () => {
    const s = authorized();
    const deny: XclientPolicy = () => false;
    const r = applyXclient(s, 'XCLIENT', { isAuthorized: deny });
    expect(r.session).not.toBe(s);
    expect(r.session.isAuthorized).toBe(deny);
    expect(r.session.authorization).toBe('denied');
  });
});

describe('the step it returns', () => {
  it('a closed session: 421, outcome refused, no warnings, no error', () => {
    const closed = applyCommand(authorized(), { verb: 'QUIT' }).session;
    const r = applyXclient(closed, 'XCLIENT  NAME=a ', { profile: 'lenient' });
    expect(r.reply).toEqual({
      code: 421,
      enhanced: '4.4.2',
      text: 'mx.example Error: session closed',
    });
    expect(r.outcome).toBe('refused');
    expect(r.warnings).toEqual([]);
    expect(Object.hasOwn(r, 'error')).toBe(false);
    expect(r.session).toBe(closed);
  });

  it('carries an error key only when there is a parse error', () => {
    const ok = applyXclient(authorized(), 'XCLIENT NAME=a.example');
    expect(ok.outcome).toBe('applied');
    expect(Object.hasOwn(ok, 'error')).toBe(false);
    const bare = applyXclient(ok.session, 'XCLIENT', { authorizedHosts: [] });
    expect(bare.reply).toEqual(REPLIES.noAttributes);
    expect(bare.error?.code).toBe('LINE_NO_ATTRIBUTES');
    const denied = applyXclient(ok.session, 'XCLIENT NAME=b.example', { authorizedHosts: [] });
    expect(denied.reply).toEqual(REPLIES.unauthorized);
    expect(Object.hasOwn(denied, 'error')).toBe(false);
  });
});

describe('refuses bad options (programmer errors): OPTION_INVALID, with the 421 reply', () => {
  it('an unknown profile, and both policies', () => {
    expect(() => applyXclient(authorized(), 'XCLIENT NAME=a', { profile: 'x' as never })).toThrow(
      expect.objectContaining({ code: 'OPTION_INVALID' }),
    );
    expect(() =>
      applyXclient(authorized(), 'XCLIENT NAME=a', {
        isAuthorized: () => true,
        authorizedHosts: [],
      }),
    ).toThrow(expect.objectContaining({ code: 'OPTION_INVALID' }));
  });

  it.each<[string, object]>([
    ['unknown profile', { profile: 'loose' }],
    ['both policies', { isAuthorized: () => true, authorizedHosts: [] }],
    ['policy not a function', { isAuthorized: 1 }],
    ['hosts not an array', { authorizedHosts: '127.0.0.1' }],
  ])('%s', (_name, options) => {
    const error = thrown(() => applyXclient(authorized(), 'XCLIENT NAME=a', options as never));
    expect(isXclientError(error)).toBe(true);
    expect(error).toMatchObject({ name: 'XclientError', code: 'OPTION_INVALID' });
    expect((error as { reply: Reply }).reply).toEqual(LOCAL_DATA_ERROR);
  });
});

describe('messages: each names the argument and what is wrong', () => {
  // The prose is not pinned; each message names the argument (and, for a profile, the ones
  // there are), never "undefined".
  it.each<[string, unknown, unknown, readonly string[]]>([
    // [label, session, options, what the message contains]
    ['options not an object', 'session', 7, ['options']],
    [
      'an unknown profile: the profiles there are',
      'session',
      { profile: 'loose' },
      ['profile', 'strict', 'postfix', 'lenient'],
    ],
    ['a session that is null', null, undefined, ['session']],
    ['a session that is undefined', undefined, undefined, ['session']],
    ['a session that is a number', 42, undefined, ['session']],
    ['a session not frozen', {}, undefined, ['session']],
  ])('%s', (_label, session, options, contains) => {
    const given = session === 'session' ? authorized() : session;
    const error = thrown(() =>
      applyXclient(given as XclientSession, 'XCLIENT NAME=a', options as never),
    );
    expect(isXclientError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'OPTION_INVALID', reply: LOCAL_DATA_ERROR });
    const { message } = error as Error;
    // each fact a word of its own (the profiles are listed apart, not run together)
    for (const fact of contains) expect(message).toMatch(new RegExp(`\\b${fact}\\b`));
    expect(message).not.toContain('undefined');
  });
});

describe('hostile arguments (issue 21, items 2 and 8)', () => {
  it('applyXclient(null, …) is OPTION_INVALID, not a TypeError', () => {
    const e = thrown(() => applyXclient(null as unknown as XclientSession, 'XCLIENT NAME=a'));
    expect(isXclientError(e) && e.code).toBe('OPTION_INVALID');
    expect(thrown(() => applyXclient({} as XclientSession, 'XCLIENT NAME=a'))).toMatchObject({
      code: 'OPTION_INVALID',
    });
  });

  it('a polluted Object.prototype.authorizedHosts does not grant a session created earlier', () => {
    const denied = createXclientSession({
      client: { ADDR: '192.0.2.1' },
      authorizedHosts: AUTHORIZED,
    });
    const step = withPollutedPrototype({ authorizedHosts: ['0.0.0.0/0'] }, () =>
      applyXclient(denied, 'XCLIENT NAME=x.example'),
    );
    expect(step.reply.code).toBe(550);
    expect(step.session.authorization).toBe('denied');
  });

  it('a polluted Object.prototype.profile does not change the profile', () => {
    const step = withPollutedPrototype({ profile: 'lenient' }, () =>
      applyXclient(authorized(), 'XCLIENT  NAME=x.example'),
    );
    expect(step.outcome).toBe('refused'); // 'strict' refuses the double space
  });

  it('options whose getter throws are OPTION_INVALID', () => {
    const options = Object.defineProperty({}, 'profile', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    expect(thrown(() => applyXclient(authorized(), 'XCLIENT NAME=a', options))).toMatchObject({
      code: 'OPTION_INVALID',
    });
  });
});
