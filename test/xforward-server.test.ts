// The server session with XFORWARD: applyXforward's order of checks and outcomes, what the
// session holds and forgets (applyCommand, applyXclient), the keyword and the log origin.
// test/xforward-session.test.ts replays the live corpus; these cover the rest by name.
import { isXclientError, UNAVAILABLE, XFORWARD_REPLIES } from 'smtp-xclient';
import {
  applyCommand,
  applyXclient,
  applyXforward,
  createXclientSession,
  type XclientIdentity,
  type XclientSession,
  type XclientSessionInit,
  xforwardKeyword,
  xforwardOrigin,
} from 'smtp-xclient/server';
import { describe, expect, it } from 'vitest';
import { thrown } from './helpers/thrown.js';

/** A session on 127.0.0.1 authorized for both; `extra` may unset an option with undefined. */
const base = (extra: { readonly [K in keyof XclientSessionInit]?: unknown } = {}) =>
  createXclientSession({
    client: { ADDR: '127.0.0.1', NAME: 'localhost' },
    hostname: 'mx.example',
    authorizedHosts: ['127.0.0.0/8'],
    authorizedXforwardHosts: ['127.0.0.0/8'],
    ...extra,
  } as XclientSessionInit);

/** The session after XFORWARD lines ('postfix'). */
const sent = (s: XclientSession, ...lines: string[]): XclientSession =>
  lines.reduce((x, line) => applyXforward(x, line, { profile: 'postfix' }).session, s);

describe('applyXforward', () => {
  it('holds the attributes across commands and leaves everything else as it was', () => {
    const s0 = applyCommand(base(), { verb: 'EHLO', name: 'c.example' }).session;
    const a = applyXforward(s0, 'XFORWARD NAME=up.example ADDR=IPV6:2001:DB8::1');
    expect([a.outcome, a.reply]).toEqual(['applied', XFORWARD_REPLIES.ok]);
    const b = applyXforward(a.session, 'XFORWARD PORT=25 SOURCE=[UNAVAILABLE] HELO=[192.0.2.1]');
    expect(b.session.hello).toBe('EHLO');
    expect(b.session.client).toBe(s0.client);
    expect(b.session.xforward).toEqual({
      attributes: {
        NAME: 'up.example',
        ADDR: '2001:db8::1',
        PROTO: UNAVAILABLE,
        HELO: '[192.0.2.1]',
        SOURCE: 'LOCAL',
        PORT: 25,
        IDENT: UNAVAILABLE,
      },
      text: {
        NAME: 'up.example',
        ADDR: '2001:db8::1',
        PORT: '25',
        PROTO: 'unknown',
        HELO: '[192.0.2.1]',
        SOURCE: 'LOCAL',
      },
      received: ['NAME', 'ADDR', 'PORT', 'SOURCE', 'HELO'],
      origin: 'up.example[2001:db8::1]:25',
    });
    expect(Object.isFrozen(b.session.xforward?.attributes)).toBe(true);
  });

  it("checks in Postfix's order: line, transaction, attributes present, authorization", () => {
    const mail = applyCommand(base(), { verb: 'MAIL' }).session;
    expect(applyXforward(mail, 'XFORWARDX').reply.code).toBe(500);
    expect(applyXforward(mail, 'XFORWARD').reply).toEqual(XFORWARD_REPLIES.transactionInProgress);
    const nobody = base({ authorizedXforwardHosts: ['192.0.2.0/24'] });
    expect(nobody.xforwardAuthorization).toBe('denied');
    expect(applyXforward(nobody, 'XFORWARD').reply).toEqual(XFORWARD_REPLIES.noAttributes);
    expect(applyXforward(nobody, 'XFORWARD FOO=bar').reply).toEqual(XFORWARD_REPLIES.unauthorized);
    const r = applyXforward(base(), 'XFORWARD: x', { profile: 'postfix' });
    expect([r.reply.code, r.session.closed]).toEqual([221, true]);
  });

  it('ends the session with 421 when the XFORWARD policy throws, at XFORWARD and at EHLO', () => {
    const broken = base({
      authorizedXforwardHosts: undefined,
      isXforwardAuthorized: () => {
        throw new Error('table lookup failed');
      },
    });
    expect(broken.xforwardAuthorization).toBe('failed');
    const r = applyXforward(broken, 'XFORWARD NAME=x.example');
    expect([r.reply, r.session.closed]).toEqual([
      XFORWARD_REPLIES.localDataError('mx.example'),
      true,
    ]);
    expect(applyXforward(r.session, 'XFORWARD NAME=x.example').reply.code).toBe(421);
    const e = applyCommand(broken, { verb: 'EHLO', name: 'c.example' });
    expect([e.reply.code, e.session.closed]).toEqual([421, true]);
    expect(applyCommand(broken, { verb: 'HELO', name: 'c.example' }).reply.code).toBe(250);
  });

  it("'postfix' holds the attributes before a refusal without receiving them; the others hold nothing", () => {
    const p = applyXforward(base(), 'XFORWARD NAME=p.example IDENT=i1 PORT=x', {
      profile: 'postfix',
    });
    expect(p.outcome).toBe('partial');
    expect(p.session.xforward?.received).toEqual([]);
    expect(xforwardOrigin(p.session)).toEqual({ queueId: 'i1' });
    // The next success rebuilds the origin from what was held.
    expect(xforwardOrigin(sent(p.session, 'XFORWARD PORT=7'))).toEqual({
      queueId: 'i1',
      client: 'p.example',
    });
    for (const profile of ['strict', 'lenient'] as const) {
      const r = applyXforward(base(), 'XFORWARD NAME=p.example PORT=x', { profile });
      expect([r.outcome, r.session.xforward]).toEqual(['refused', undefined]);
    }
    const none = applyXforward(base(), 'XFORWARD FOO=x', { profile: 'postfix' });
    expect([none.outcome, none.error?.code]).toEqual(['refused', 'ATTR_UNKNOWN']);
  });

  it('answers a closed session with 421 and refuses an unknown profile', () => {
    const closed = applyCommand(base(), { verb: 'QUIT' }).session;
    const step = applyXforward(closed, 'XFORWARD NAME=x');
    expect(step.reply.code).toBe(421);
    expect([step.outcome, step.warnings, step.session]).toEqual(['refused', [], closed]);
    const e = thrown(() => applyXforward(base(), 'XFORWARD NAME=x', { profile: 'x' as never }));
    expect(isXclientError(e) && e.code).toBe('OPTION_INVALID');
    // the message names the option and the profiles there are (the prose is not pinned)
    for (const fact of ['profile', 'strict', 'postfix', 'lenient']) {
      expect((e as Error).message).toMatch(new RegExp(`\\b${fact}\\b`));
    }
  });

  it('an applied step has no error field; a name sent twice is received once', () => {
    const a = applyXforward(base(), 'XFORWARD NAME=a.example ADDR=192.0.2.1');
    expect(Object.hasOwn(a, 'error')).toBe(false);
    const b = applyXforward(a.session, 'XFORWARD NAME=b.example PORT=25');
    expect(b.session.xforward?.received).toEqual(['NAME', 'ADDR', 'PORT']);
    expect(b.session.xforward?.origin).toBe('b.example[192.0.2.1]:25');
  });
});

describe('what forgets the XFORWARD attributes', () => {
  const held = sent(base(), 'XFORWARD NAME=h.example IDENT=1');

  it.each([
    ['RSET', { verb: 'RSET' }],
    ['EHLO', { verb: 'EHLO', name: 'again.example' }],
    ['HELO', { verb: 'HELO', name: 'again.example' }],
  ] as const)('%s', (_name, command) => {
    expect(applyCommand(held, command).session.xforward).toBeUndefined();
  });

  it('the end of DATA, accepted or refused', () => {
    let s = held;
    for (const verb of ['MAIL', 'RCPT', 'DATA'] as const) s = applyCommand(s, { verb }).session;
    expect(s.xforward).toBe(held.xforward);
    expect(applyXforward(s, 'XFORWARD PORT=1').reply).toEqual(
      XFORWARD_REPLIES.transactionInProgress,
    );
    const refused = { code: 554, enhanced: '5.7.1', text: 'rejected' };
    expect(
      applyCommand(s, { verb: 'END_OF_DATA', reply: refused }).session.xforward,
    ).toBeUndefined();
    expect(applyCommand(s, { verb: 'END_OF_DATA' }).session.xforward).toBeUndefined();
  });

  it('STARTTLS, and a successful XCLIENT, but not a refused one', () => {
    const tls = sent(base({ tlsAvailable: true }), 'XFORWARD IDENT=t');
    expect(applyCommand(tls, { verb: 'STARTTLS' }).session.xforward).toBeUndefined();
    expect(applyXclient(held, 'XCLIENT NAME=x.example').session.xforward).toBeUndefined();
    expect(applyXclient(held, 'XCLIENT FOO=1').session.xforward).toBe(held.xforward);
  });

  it('not a refused MAIL, nor EHLO without a name, nor a refused RCPT', () => {
    const refused = { code: 552, enhanced: '5.3.4', text: 'Message size exceeds fixed limit' };
    expect(applyCommand(held, { verb: 'MAIL', reply: refused }).session.xforward).toBe(
      held.xforward,
    );
    expect(applyCommand(held, { verb: 'EHLO', name: '' }).session.xforward).toBe(held.xforward);
    const mail = applyCommand(held, { verb: 'MAIL' }).session;
    const rcpt = applyCommand(mail, { verb: 'RCPT', reply: { code: 554, text: 'no' } }).session;
    expect(rcpt.xforward).toBe(held.xforward);
  });
});

describe('authorization and the keyword', () => {
  it('is evaluated once, for the real client: XCLIENT does not change it', () => {
    const s = base();
    expect(xforwardKeyword(s)).toBe('XFORWARD NAME ADDR PROTO HELO SOURCE PORT IDENT');
    const moved = applyXclient(s, 'XCLIENT ADDR=192.0.2.99').session;
    expect([moved.authorization, moved.xforwardAuthorization]).toEqual(['denied', 'granted']);
    const ehlo = applyCommand(moved, { verb: 'EHLO', name: 'c.example' }).reply.text;
    expect(ehlo).toEqual(['mx.example', 'XFORWARD NAME ADDR PROTO HELO SOURCE PORT IDENT']);
    expect(applyXforward(moved, 'XFORWARD NAME=x.example').reply).toEqual(XFORWARD_REPLIES.ok);
  });

  it('announces both keywords, XCLIENT first, as Postfix does', () => {
    const ehlo = applyCommand(base(), { verb: 'EHLO', name: 'c.example' }).reply.text;
    expect(ehlo).toEqual([
      'mx.example',
      'XCLIENT NAME ADDR PROTO HELO REVERSE_NAME PORT LOGIN DESTADDR DESTPORT',
      'XFORWARD NAME ADDR PROTO HELO SOURCE PORT IDENT',
    ]);
  });

  it('takes a callback, and refuses both forms at once or a bad one', () => {
    const s = base({
      authorizedXforwardHosts: undefined,
      isXforwardAuthorized: (id: XclientIdentity) => id.NAME === 'localhost',
    });
    expect(s.xforwardAuthorization).toBe('granted');
    expect(createXclientSession().xforwardAuthorization).toBe('denied');
    expect(thrown(() => base({ isXforwardAuthorized: () => true }))).toMatchObject({
      code: 'SESSION_INVALID_INIT',
      message: 'give isXforwardAuthorized or authorizedXforwardHosts, not both',
    });
    expect(thrown(() => base({ authorizedXforwardHosts: 'x' as never }))).toMatchObject({
      message: 'authorizedXforwardHosts must be an array of strings',
    });
    expect(
      thrown(() => base({ authorizedXforwardHosts: undefined, isXforwardAuthorized: 1 as never })),
    ).toMatchObject({ message: 'isXforwardAuthorized must be a function' });
  });
});

describe('xforwardOrigin', () => {
  it.each([
    [[], {}],
    [['XFORWARD SOURCE=REMOTE'], {}],
    [['XFORWARD IDENT=+00'], { queueId: '' }],
    [['XFORWARD PROTO=LMTP'], { client: 'unknown' }],
    [
      ['XFORWARD NAME=n.example ADDR=192.0.2.1', 'XFORWARD ADDR=[UNAVAILABLE]'],
      { client: 'n.example' },
    ],
    [['XFORWARD ADDR=192.0.2.1 NAME=[unavailable]'], { client: 'unknown[192.0.2.1]:unknown' }],
    [['XFORWARD PORT=00025 ADDR=IPv6:::ffff:192.0.2.1'], { client: 'unknown[192.0.2.1]:00025' }],
    [['XFORWARD IDENT=a IDENT=[UNAVAILABLE]'], {}],
    [['XFORWARD NAME=a.example', 'XFORWARD NAME=b.example PORT=x'], { client: 'a.example' }],
  ])('%j: %j', (lines, expected) => {
    // toStrictEqual: a field absent is not there at all, not there as undefined
    expect(xforwardOrigin(sent(base(), ...lines))).toStrictEqual(expected);
  });
});
