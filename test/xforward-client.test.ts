// The client side of XFORWARD: the mapping to XCLIENT, the plan of a connection that uses
// XFORWARD alone or after XCLIENT, and what each reply to XFORWARD means.
import { isXclientError, parseXforward, UNAVAILABLE } from 'smtp-xclient';
import {
  interpretXforwardReply,
  planXforwardSession,
  xclientFromXforward,
} from 'smtp-xclient/client';
import { describe, expect, it } from 'vitest';
import { expectRefusal, thrown } from './helpers/thrown.js';

const BOTH = [
  '250-mx.example',
  '250-XCLIENT NAME ADDR PROTO HELO REVERSE_NAME PORT LOGIN DESTADDR DESTPORT',
  '250-XFORWARD NAME ADDR PROTO HELO SOURCE PORT IDENT',
  '250 8BITMIME',
];
/** The reply of every refused attribute set or option (written out: Postfix's text). */
const XFORWARD_SYNTAX = {
  code: 501,
  enhanced: '5.5.4',
  text: 'Syntax: XFORWARD attribute=value...',
};
const XCLIENT_ONLY = BOTH.filter((l) => !l.includes('XFORWARD'));
const XFORWARD_ONLY = BOTH.filter((l) => !l.includes('XCLIENT'));

describe('xclientFromXforward', () => {
  it('maps the client attributes and leaves IDENT and SOURCE out', () => {
    expect(
      xclientFromXforward({
        NAME: 'c.example',
        ADDR: '2001:db8::1',
        PORT: 4321,
        HELO: UNAVAILABLE,
        PROTO: 'esmtpsa',
        IDENT: 'A1',
        SOURCE: 'LOCAL',
      }),
    ).toEqual({
      xclient: {
        NAME: 'c.example',
        ADDR: '2001:db8::1',
        PORT: 4321,
        HELO: UNAVAILABLE,
        PROTO: 'ESMTP',
      },
      unmapped: ['SOURCE', 'IDENT'],
    });
  });

  it.each([
    ['SMTP', 'SMTP'],
    ['ESMTPS', 'ESMTP'],
    ['UTF8SMTPA', 'ESMTP'],
    ['LMTP', undefined],
    ['QMQP', undefined],
    ['[UNAVAILABLE]', undefined],
  ])('PROTO %s is XCLIENT PROTO %s', (proto, mapped) => {
    const m = xclientFromXforward({ PROTO: proto });
    expect([m.xclient.PROTO, m.unmapped]).toEqual([mapped, mapped === undefined ? ['PROTO'] : []]);
  });

  it('takes what parseXforward read, and refuses what is not an attribute set', () => {
    const r = parseXforward('XFORWARD NAME=c.example PORT=25 SOURCE=REMOTE', {
      profile: 'postfix',
    });
    const {
      attributes: _a,
      extensions: _e,
      ...values
    } = r.ok ? r.value : { attributes: [], extensions: [] };
    expect(xclientFromXforward(values)).toEqual({
      xclient: { NAME: 'c.example', PORT: 25 },
      unmapped: ['SOURCE'],
    });
    const e = thrown(() => xclientFromXforward(null as never));
    expect(isXclientError(e) && e.code).toBe('FORMAT_INVALID_INPUT');
  });
});

describe('planXforwardSession', () => {
  const up = {
    NAME: 'c.example',
    ADDR: '192.0.2.1',
    PORT: 4321,
    HELO: 'c.example',
    PROTO: 'ESMTP',
    IDENT: '3CF6B2AAE8',
    SOURCE: 'REMOTE',
  } as const;

  it('sends everything as XFORWARD by default, again before each message', () => {
    const plan = planXforwardSession(up, BOTH);
    const line =
      'XFORWARD NAME=c.example ADDR=192.0.2.1 PORT=4321 HELO=c.example IDENT=3CF6B2AAE8 PROTO=ESMTP SOURCE=REMOTE';
    expect(plan).toMatchObject({
      lines: [line],
      perMessage: [line],
      xclient: undefined,
      dropped: [],
      announced: true,
    });
  });

  it('with identity xclient: XCLIENT, the hello, then XFORWARD with the rest', () => {
    const plan = planXforwardSession(up, BOTH, { identity: 'xclient' });
    expect(plan.lines).toEqual([
      'XCLIENT PORT=4321 HELO=c.example PROTO=ESMTP NAME=c.example ADDR=192.0.2.1',
      'EHLO c.example',
      'XFORWARD IDENT=3CF6B2AAE8 SOURCE=REMOTE',
    ]);
    expect([plan.perMessage, plan.xforwarded, plan.dropped]).toEqual([
      ['XFORWARD IDENT=3CF6B2AAE8 SOURCE=REMOTE'],
      ['SOURCE', 'IDENT'],
      [],
    ]);
    expect(plan.xclient?.usable).toBe('yes');
  });

  it('drops what the server does not announce, and says whether XFORWARD is there', () => {
    const onlyXclient = planXforwardSession(up, XCLIENT_ONLY.join('\r\n'), { identity: 'xclient' });
    expect([onlyXclient.announced, onlyXclient.dropped, onlyXclient.perMessage]).toEqual([
      false,
      ['SOURCE', 'IDENT'],
      [],
    ]);
    const narrow = planXforwardSession(up, ['250-mx.example', '250 XFORWARD NAME ADDR']);
    expect([narrow.lines, narrow.dropped]).toEqual([
      ['XFORWARD NAME=c.example ADDR=192.0.2.1'],
      ['PORT', 'HELO', 'IDENT', 'PROTO', 'SOURCE'],
    ]);
    const none = planXforwardSession(up, { code: 250, text: ['mx.example', '8BITMIME'] });
    expect([none.lines, none.announced, none.dropped.length]).toEqual([[], false, 7]);
  });

  it("with identity xclient, an XCLIENT the server does not announce is planned with usable 'no'", () => {
    const plan = planXforwardSession({ NAME: 'c.example', IDENT: 'x' }, XFORWARD_ONLY, {
      identity: 'xclient',
    });
    expect(plan.xclient?.usable).toBe('no');
    expect(plan.perMessage).toEqual(['XFORWARD IDENT=x']);
  });

  it('reads special values written as strings, and refuses a bad option or value', () => {
    expect(planXforwardSession({ IDENT: '[unavailable]' as never }, BOTH).lines).toEqual([
      'XFORWARD IDENT=[UNAVAILABLE]',
    ]);
    const bad = thrown(() => planXforwardSession(up, BOTH, { identity: 'both' as never }));
    expect(isXclientError(bad) && bad.code).toBe('OPTION_INVALID');
    const value = thrown(() => planXforwardSession({ HELO: 'a b' }, BOTH));
    expect(isXclientError(value) && value.code).toBe('ATTR_BAD_VALUE');
  });
});

describe('interpretXforwardReply', () => {
  it.each([
    [250, 'success', 'continue', false],
    [421, 'unavailable', 'stop', true],
    [501, 'syntax', 'stop', false],
    [503, 'transaction', 'rset-and-retry', false],
    [550, 'unauthorized', 'stop', false],
    [502, 'rejected', 'stop', true],
    [500, 'rejected', 'stop', true],
  ] as const)('%i is %s: %s', (code, kind, action, close) => {
    const v = interpretXforwardReply({ code, text: 'x' });
    expect([v.class, v.action, v.closeConnection]).toEqual([kind, action, close]);
    expect(v.reason.startsWith(`${code}: `)).toBe(true);
  });
});

describe('xclientFromXforward: what maps', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>, string[]]>([
    ['PROTO with a prefix', { PROTO: 'XESMTP' }, {}, ['PROTO']],
    ['PROTO with a suffix', { PROTO: 'ESMTPX' }, {}, ['PROTO']],
    ['PROTO not a string', { PROTO: 5 }, {}, ['PROTO']],
    ['PROTO an array whose String() is ESMTP', { PROTO: ['ESMTP'] }, {}, ['PROTO']],
    ['a protocol name in IDENT stays IDENT', { IDENT: 'SMTP' }, {}, ['IDENT']],
    ['a special value written as a string', { NAME: '[unavailable]' }, { NAME: UNAVAILABLE }, []],
    [
      'a value that is not a string is no special value, even one of 13 elements',
      { NAME: Array.from('[UNAVAILABLE]') },
      { NAME: Array.from('[UNAVAILABLE]') },
      [],
    ],
    ['an attribute given as undefined is absent', { NAME: undefined, PORT: 25 }, { PORT: 25 }, []],
  ])('%s', (_name, attributes, xclient, unmapped) => {
    const m = xclientFromXforward(attributes as never);
    expect(m.xclient).toStrictEqual(Object.assign(Object.create(null), xclient));
    expect(m.unmapped).toEqual(unmapped);
  });
});

describe('planXforwardSession: the shapes of the EHLO reply', () => {
  const lines = ['mx.example', 'XFORWARD NAME ADDR'];
  it.each<[string, unknown, boolean]>([
    ['its lines', ['250-mx.example', '250 XFORWARD NAME ADDR'], true],
    ['its text', '250-mx.example\r\n250 XFORWARD NAME ADDR\r\n', true],
    ['a parsed Reply', { code: 250, text: lines }, true],
    ['a Reply without text', { code: 250 }, false],
    ['a Reply whose text is inherited', Object.create({ code: 250, text: lines }), false],
    ['null', null, false],
  ])('%s', (_name, ehlo, announced) => {
    const plan = planXforwardSession({ NAME: 'c.example', IDENT: 'A1' }, ehlo as never);
    expect([plan.announced, plan.xforwarded, plan.dropped]).toEqual(
      announced ? [true, ['NAME'], ['IDENT']] : [false, [], ['NAME', 'IDENT']],
    );
  });

  it('an attribute given as undefined is not sent, nor dropped', () => {
    const plan = planXforwardSession({ NAME: undefined, ADDR: '192.0.2.1' }, BOTH);
    expect([plan.lines, plan.xforwarded, plan.dropped]).toEqual([
      ['XFORWARD ADDR=192.0.2.1'],
      ['ADDR'],
      [],
    ]);
  });

  it.each<[string, unknown]>([
    ['a Proxy whose traps throw', new Proxy({}, { getOwnPropertyDescriptor: () => fail() })],
    [
      'a Reply whose text getter throws',
      Object.defineProperty({ code: 250 }, 'text', { get: () => fail(), enumerable: true }),
    ],
    ['a sparse array', Object.assign([], { 3: '250 XFORWARD NAME' })],
  ])(
    'an EHLO reply it cannot read (%s) announces nothing: no line, every attribute dropped',
    (_, ehlo) => {
      const plan = planXforwardSession({ IDENT: 'A1', NAME: 'c.example' }, ehlo as never);
      expect([plan.lines, plan.dropped, plan.announced]).toEqual([[], ['IDENT', 'NAME'], false]);
    },
  );

  it('no attributes: no line, though XFORWARD is announced', () => {
    const plan = planXforwardSession({}, BOTH);
    expect([plan.lines, plan.perMessage, plan.announced]).toEqual([[], [], true]);
  });
});

/** A caller's getter or trap that throws. */
function fail(): never {
  throw new Error('unreadable');
}

describe('messages: each names the argument and what is wrong', () => {
  const hostile = new Proxy(
    {},
    {
      ownKeys() {
        throw new Error('no keys');
      },
    },
  );
  it.each<[string, () => unknown, string, string[]]>([
    [
      'attributes null',
      () => xclientFromXforward(null as never),
      'FORMAT_INVALID_INPUT',
      ['attributes', 'null'],
    ],
    [
      'attributes an array',
      () => xclientFromXforward([] as never),
      'FORMAT_INVALID_INPUT',
      ['attributes', 'array'],
    ],
    [
      'attributes a string',
      () => planXforwardSession('NAME' as never, BOTH),
      'FORMAT_INVALID_INPUT',
      ['attributes', '"NAME"'],
    ],
    [
      'attributes unreadable',
      () => xclientFromXforward(hostile as never),
      'FORMAT_INVALID_INPUT',
      ['attributes', 'no keys'],
    ],
    [
      'options not an object',
      () => planXforwardSession({}, BOTH, 5 as never),
      'OPTION_INVALID',
      ['options'],
    ],
    [
      'identity unknown',
      () => planXforwardSession({}, BOTH, { identity: 'both' as never }),
      'OPTION_INVALID',
      ['identity', 'both'],
    ],
  ])('%s', (_name, run, code, facts) => expectRefusal(run, code, XFORWARD_SYNTAX, facts));
});
