// planXclientSession: the XCLIENT lines for what the server announced, the EHLO after the 220,
// and predictions of whether the server takes them and will take the next ones.
import {
  isXclientError,
  type Reply,
  TEMPUNAVAIL,
  UNAVAILABLE,
  type XclientAttributes,
} from 'smtp-xclient';
import { planXclientSession, type XclientClientOptions } from 'smtp-xclient/client';
import { describe, expect, it } from 'vitest';
import {
  AUTHORIZED,
  EHLO,
  EHLO_NO_XCLIENT,
  errorOf,
  KEYWORD,
  OPTION_REPLY,
  SPLIT,
} from './helpers/client.js';
import { withPollutedPrototype } from './helpers/pollute.js';
import { expectRefusal, thrown } from './helpers/thrown.js';

const NOT_AUTHORIZED = 'is not authorized: the server will answer 550 and stop announcing XCLIENT';

describe('the lines, what was left out, and whether the server will take them', () => {
  it('plans the lines, the hello and the verdicts', () => {
    const plan = planXclientSession(
      {
        NAME: 'c.example',
        ADDR: '127.0.0.5',
        PORT: 4321,
        HELO: 'c.example',
        PROTO: 'ESMTP',
        LOGIN: 'joe',
      },
      EHLO,
      { authorizedHosts: AUTHORIZED },
    );
    expect(plan).toEqual({
      lines: [
        'XCLIENT PORT=4321 HELO=c.example PROTO=ESMTP LOGIN=joe NAME=c.example ADDR=127.0.0.5',
      ],
      omitted: [],
      announced: KEYWORD.split(' ').slice(1),
      hello: { verb: 'EHLO', name: 'c.example', line: 'EHLO c.example', source: 'HELO' },
      usable: 'yes',
      reason: 'the EHLO reply announces XCLIENT',
      usableAfter: 'yes',
      reasonAfter: 'ADDR 127.0.0.5 is authorized',
    });
    expect(Object.isFrozen(plan)).toBe(true);
    expect(Object.isFrozen(plan.lines)).toBe(true);
  });

  it.each<[string, string | readonly string[] | Reply]>([
    ['text with CRLF', EHLO],
    ['lines', ['250-mx.example', `250 ${KEYWORD.replace(' LOGIN', '')}`]],
    ['a parsed Reply', { code: 250, text: ['mx.example', KEYWORD.replace(' LOGIN', '')] }],
    ['the keyword alone', 'XCLIENT NAME ADDR PROTO HELO REVERSE_NAME PORT DESTADDR DESTPORT'],
  ])('reads the EHLO reply as %s', (_name, ehlo) => {
    const plan = planXclientSession({ ADDR: '192.0.2.1', LOGIN: 'joe' }, ehlo);
    expect(plan.usable).toBe('yes');
    expect(plan.lines).toEqual(
      plan.announced.includes('LOGIN')
        ? ['XCLIENT LOGIN=joe ADDR=192.0.2.1']
        : ['XCLIENT ADDR=192.0.2.1'],
    );
    expect(plan.omitted).toEqual(plan.announced.includes('LOGIN') ? [] : ['LOGIN']);
  });

  it('says "no" when the EHLO reply does not announce XCLIENT or cannot be read', () => {
    const none = planXclientSession({ ADDR: '192.0.2.1' }, EHLO_NO_XCLIENT);
    expect(none.usable).toBe('no');
    expect(none.reason).toMatch(/does not announce XCLIENT/);
    expect(none.lines).toEqual(['XCLIENT ADDR=192.0.2.1']);
    const bad = planXclientSession({ ADDR: '192.0.2.1' }, '250-mx\r\n251 x');
    expect(bad.usable).toBe('no');
    expect(bad.reason).toMatch(/cannot be read/);
    const limited = planXclientSession({ ADDR: '192.0.2.1', PORT: 1 }, EHLO_NO_XCLIENT, {
      announced: ['addr'],
    });
    expect(limited.omitted).toEqual(['PORT']);
  });

  it("'throw' refuses an unannounced attribute", () => {
    const e = thrown(() =>
      planXclientSession({ LOGIN: 'joe' }, '250 XCLIENT NAME ADDR', { unannounced: 'throw' }),
    );
    expect(isXclientError(e) && e.code).toBe('FORMAT_NOT_ANNOUNCED');
  });

  it('splits so that HELO, PROTO and LOGIN travel with NAME and ADDR', () => {
    const identity = SPLIT;
    const plan = planXclientSession(identity, EHLO);
    expect(plan.lines.length).toBe(2);
    expect(plan.lines[0]).toBe('XCLIENT PORT=4242');
    expect(plan.lines[1]).toMatch(
      /^XCLIENT HELO=\S+ PROTO=ESMTP LOGIN=\S+ NAME=split\.example ADDR=127\.0\.0\.7$/,
    );
    for (const line of plan.lines) expect(line.length + 2).toBeLessThanOrEqual(512);
  });

  it('an omitted ADDR does not change what the server sees', () => {
    const hosts = { authorizedHosts: ['127.0.0.0/8'] };
    const peer = { ADDR: '127.0.0.9' };
    const plan = planXclientSession({ NAME: 'c.example', ADDR: '10.0.0.1' }, 'XCLIENT NAME', {
      ...hosts,
      peer,
    });
    expect(plan.lines).toEqual(['XCLIENT NAME=c.example']);
    expect(plan.omitted).toEqual(['ADDR']);
    expect([plan.usableAfter, plan.reasonAfter]).toEqual(['yes', 'ADDR 127.0.0.9 is authorized']);
    // announced: the ADDR goes out and the server sees it
    const sent = planXclientSession({ NAME: 'c.example', ADDR: '10.0.0.1' }, EHLO, {
      ...hosts,
      peer,
    });
    expect([sent.usableAfter, sent.reasonAfter]).toEqual([
      'no',
      `ADDR 10.0.0.1 (NAME c.example) ${NOT_AUTHORIZED}`,
    ]);
  });

  it('an EHLO reply that is not a reply at all (from JavaScript) makes the plan unusable', () => {
    const plan = planXclientSession({ ADDR: '127.0.0.1' }, null as never);
    expect([plan.usable, plan.reason]).toEqual([
      'no',
      'the EHLO reply cannot be read: expected a string or an array of lines (strings)',
    ]);
    expect(plan.lines).toEqual(['XCLIENT ADDR=127.0.0.1']);
  });

  it('special values written as strings are sent as the markers are, and never taken for an address', () => {
    const strings = planXclientSession(
      { NAME: '[tempunavail]' as never, ADDR: '[UNAVAILABLE]' as never, PORT: 25 },
      EHLO,
      { authorizedHosts: ['192.0.2.0/24'] },
    );
    const markers = planXclientSession({ NAME: TEMPUNAVAIL, ADDR: UNAVAILABLE, PORT: 25 }, EHLO, {
      authorizedHosts: ['192.0.2.0/24'],
    });
    expect(strings).toEqual(markers);
    expect(strings.lines.join(' ')).toContain('ADDR=[UNAVAILABLE]');
  });
});

describe('predictions of the connection after these lines (usableAfter), and their reasons', () => {
  it.each([
    [{ ADDR: '10.0.0.1' }, 'ADDR 10.0.0.1 (NAME unknown)'],
    [{ ADDR: '10.0.0.1', NAME: TEMPUNAVAIL }, 'ADDR 10.0.0.1 (NAME unknown)'],
    [{ ADDR: '10.0.0.1', NAME: UNAVAILABLE }, 'ADDR 10.0.0.1 (NAME unknown)'],
    [{ ADDR: '10.0.0.1', NAME: 'c.example' }, 'ADDR 10.0.0.1 (NAME c.example)'],
    [{ ADDR: UNAVAILABLE, NAME: 'c.example' }, 'ADDR unknown (NAME c.example)'],
  ])('%j: not authorized, with the NAME the server sees', (identity, who) => {
    const plan = planXclientSession(identity as XclientAttributes, EHLO, {
      authorizedHosts: ['127.0.0.0/8'],
    });
    expect(plan.usableAfter).toBe('no');
    expect(plan.reasonAfter).toBe(`${who} ${NOT_AUTHORIZED}`);
  });

  it('authorizedHosts changed in place is read again: the prediction follows the new patterns', () => {
    const hosts = ['192.0.2.0/24'];
    const id = { ADDR: '198.51.100.7', NAME: 'c.example' };
    expect(planXclientSession(id, EHLO, { authorizedHosts: hosts }).usableAfter).toBe('no');
    hosts.push('198.51.100.0/24');
    expect(planXclientSession(id, EHLO, { authorizedHosts: hosts }).usableAfter).toBe('yes');
  });

  it('authorizedHosts changed in place is read again when only the split between patterns changes', () => {
    const hosts = ['c.example', 'example.org'];
    const id = { ADDR: '198.51.100.7', NAME: 'c.example' };
    expect(planXclientSession(id, EHLO, { authorizedHosts: hosts }).usableAfter).toBe('yes');
    hosts.splice(0, 2, 'c.exampleexample.org'); // the same characters, one pattern
    expect(planXclientSession(id, EHLO, { authorizedHosts: hosts }).usableAfter).toBe('no');
  });
});

describe('the hello after the 220', () => {
  it.each<[string, XclientAttributes, XclientClientOptions, string, string]>([
    ['the asserted HELO', { HELO: 'c.example' }, {}, 'EHLO c.example', 'HELO'],
    ['an address-literal HELO', { HELO: '[192.0.2.1]' }, {}, 'EHLO [192.0.2.1]', 'HELO'],
    ['a HELO Postfix would mask', { HELO: 'a b<c>' }, {}, 'EHLO a?b?c?', 'HELO-masked'],
    ['a non-ASCII HELO (Postfix keeps UTF-8)', { HELO: 'jö' }, {}, 'EHLO jö', 'HELO'],
    ['a UTF-8 HELO with a space', { HELO: 'héllo wörld' }, {}, 'EHLO héllo?wörld', 'HELO-masked'],
    [
      'no HELO: the fallback',
      { NAME: 'n.example' },
      { fallbackEhlo: 'proxy.example' },
      'EHLO proxy.example',
      'fallbackEhlo',
    ],
    ['no HELO: the NAME', { NAME: 'n.example', ADDR: '192.0.2.1' }, {}, 'EHLO n.example', 'NAME'],
    [
      'HELO unavailable: the NAME',
      { HELO: UNAVAILABLE, NAME: 'n.example' },
      {},
      'EHLO n.example',
      'NAME',
    ],
    [
      'no name: an IPv4 literal',
      { NAME: TEMPUNAVAIL, ADDR: '192.0.2.1' },
      {},
      'EHLO [192.0.2.1]',
      'ADDR',
    ],
    [
      'no name: an IPv6 literal',
      { ADDR: 'IPV6:2001:db8::1' },
      {},
      'EHLO [IPv6:2001:db8::1]',
      'ADDR',
    ],
    ['nothing known', { PORT: 1 }, {}, 'EHLO localhost', 'default'],
    [
      'PROTO=SMTP keeps SMTP: HELO',
      { HELO: 'c.example', PROTO: 'SMTP' },
      {},
      'HELO c.example',
      'HELO',
    ],
    [
      'forced EHLO',
      { HELO: 'c.example', PROTO: 'SMTP' },
      { hello: 'EHLO' },
      'EHLO c.example',
      'HELO',
    ],
    ['forced HELO', { HELO: 'c.example' }, { hello: 'HELO' }, 'HELO c.example', 'HELO'],
    // special values written as strings, in any case, are the markers
    [
      'HELO "[UNAVAILABLE]": the NAME',
      { HELO: '[UNAVAILABLE]' as never, NAME: 'n.example' },
      {},
      'EHLO n.example',
      'NAME',
    ],
    [
      'NAME "[tempunavail]": the ADDR',
      { NAME: '[tempunavail]' as never, ADDR: '192.0.2.1' },
      {},
      'EHLO [192.0.2.1]',
      'ADDR',
    ],
    [
      'ADDR "[Unavailable]": nothing known',
      { ADDR: '[Unavailable]' as never },
      {},
      'EHLO localhost',
      'default',
    ],
  ])('%s', (_name, identity, options, line, source) => {
    const { hello } = planXclientSession(identity, EHLO, options);
    expect(hello.line).toBe(line);
    expect(hello.source).toBe(source);
    expect(`${hello.verb} ${hello.name}`).toBe(line);
  });

  describe('fallbackEhlo is one printable ASCII word of 1 to 255 characters', () => {
    const hello = (fallbackEhlo: unknown) =>
      planXclientSession({ ADDR: '127.0.0.1' }, EHLO, { fallbackEhlo } as XclientClientOptions)
        .hello;

    it.each([['a'.repeat(255)], ['!~'], ['[127.0.0.1]']])('%j is used', (name) => {
      expect(hello(name)).toEqual({
        verb: 'EHLO',
        name,
        line: `EHLO ${name}`,
        source: 'fallbackEhlo',
      });
    });

    it.each([
      ['a'.repeat(256)],
      [''],
      ['a\u007fb'], // DEL is no printable character
      ['a\u0080b'],
      ['a\u00e9'],
      ['a@b'],
      [['proxy.example']], // from JavaScript: an array is no string, even of one word
      [['a', 'b']], // nor of one-character strings
      [42],
    ])('%j is refused: OPTION_INVALID', (name) => {
      expect(errorOf(() => hello(name))).toEqual({ code: 'OPTION_INVALID', reply: OPTION_REPLY });
    });
  });
});

describe('refuses what cannot be planned, and bad options (programmer errors)', () => {
  it('refuses what cannot be planned (programmer errors)', () => {
    const tooLong = thrown(() =>
      planXclientSession(
        { HELO: 'h'.repeat(255), LOGIN: 'l'.repeat(255), ADDR: '127.0.0.1' },
        EHLO,
      ),
    );
    expect(isXclientError(tooLong) && tooLong.code).toBe('FORMAT_FINAL_GROUP_TOO_LONG');
    const badValue = thrown(() => planXclientSession({ ADDR: 'x' }, EHLO));
    expect(isXclientError(badValue) && badValue.code).toBe('ATTR_BAD_VALUE');
    for (const identity of [null, 'x', []]) {
      const e = thrown(() => planXclientSession(identity as unknown as XclientAttributes, EHLO));
      expect(isXclientError(e) && e.code).toBe('FORMAT_INVALID_INPUT');
    }
  });

  it.each<[string, XclientClientOptions]>([
    ['bad unannounced', { unannounced: 'skip' as never }],
    ['bad hello', { hello: 'LHLO' as never }],
    ['fallbackEhlo with a space', { fallbackEhlo: 'a b' }],
    ['empty fallbackEhlo', { fallbackEhlo: '' }],
    ['both policies', { authorizedHosts: [], isAuthorized: () => true }],
    ['policy not a function', { isAuthorized: 'x' as never }],
    ['hosts not an array', { authorizedHosts: 'x' as never }],
    ['announced not an array', { announced: 'NAME' as never }],
  ])('OPTION_INVALID: %s', (_name, options) => {
    const e = thrown(() => planXclientSession({ ADDR: '192.0.2.1' }, EHLO_NO_XCLIENT, options));
    expect(isXclientError(e) && e.code).toBe('OPTION_INVALID');
  });

  it.each([
    [{ hello: 'ehlo' }],
    [{ fallbackEhlo: 'a b' }],
    [{ unannounced: 'skip' }],
    [{ isAuthorized: () => true, authorizedHosts: [] }],
    [{ isAuthorized: 'yes' }],
    [{ authorizedHosts: '127.0.0.1' }],
  ])('%j: OPTION_INVALID, with its reply', (options) => {
    const o = options as unknown as XclientClientOptions;
    expect(errorOf(() => planXclientSession({ ADDR: '127.0.0.1' }, EHLO, o))).toEqual({
      code: 'OPTION_INVALID',
      reply: OPTION_REPLY,
    });
  });

  it('announced must be an array when no EHLO reply gives the names', () => {
    const o = { announced: 'NAME ADDR' } as unknown as XclientClientOptions;
    expect(errorOf(() => planXclientSession({ ADDR: '127.0.0.1' }, EHLO_NO_XCLIENT, o))).toEqual({
      code: 'OPTION_INVALID',
      reply: OPTION_REPLY,
    });
  });

  it.each([[null], [[]]])(
    'an identity that is no object (%j): FORMAT_INVALID_INPUT',
    (identity) => {
      expect(errorOf(() => planXclientSession(identity as never, EHLO))).toEqual({
        code: 'FORMAT_INVALID_INPUT',
        reply: OPTION_REPLY,
      });
    },
  );
});

describe('regressions (issue 21, item 2)', () => {
  const ehlo = '250-mx.example\r\n250 XCLIENT NAME ADDR HELO LOGIN';

  it("an inherited NAME does not make hello.line 'EHLO evil\\r\\nRCPT TO:<…>'", () => {
    const plan = withPollutedPrototype({ NAME: 'evil\r\nRCPT TO:<victim@example.com>' }, () =>
      planXclientSession({ ADDR: '192.0.2.1' }, ehlo),
    );
    expect(plan.hello.line).toBe('EHLO [192.0.2.1]');
    expect(plan.lines).toEqual(['XCLIENT ADDR=192.0.2.1']);
  });

  it('a NAME with CR LF left out unannounced is refused, never put in hello.line', () => {
    const e = thrown(() =>
      planXclientSession({ NAME: 'a\r\nRCPT TO:<x@example.com>' }, '250 XCLIENT ADDR'),
    );
    expect(isXclientError(e) && e.attribute).toBe('NAME');
  });

  it.each([
    ['hello', 'HELO'],
    ['unannounced', 'throw'],
    ['fallbackEhlo', 'evil.example'],
  ])('an inherited option %s is not read', (key, value) => {
    const plan = withPollutedPrototype({ [key]: value }, () =>
      planXclientSession({ ADDR: '192.0.2.1', PORT: 1 }, ehlo),
    );
    expect(plan.hello.line).toBe('EHLO [192.0.2.1]');
    expect(plan.omitted).toEqual(['PORT']);
  });

  it('an identity whose getter throws is FORMAT_INVALID_INPUT', () => {
    const identity = Object.defineProperty({}, 'NAME', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    }) as XclientAttributes;
    expect(thrown(() => planXclientSession(identity, ehlo))).toMatchObject({
      code: 'FORMAT_INVALID_INPUT',
    });
  });

  it('a sparse or non-string announced option is OPTION_INVALID', () => {
    expect(
      thrown(() => planXclientSession({ NAME: 'a.example' }, [], { announced: new Array(2) })),
    ).toMatchObject({ code: 'OPTION_INVALID' });
    expect(
      thrown(() =>
        planXclientSession({ NAME: 'a.example' }, [], { announced: [1] as unknown as string[] }),
      ),
    ).toMatchObject({ code: 'OPTION_INVALID' });
  });
});

describe('an EHLO reply that cannot be read says why, and makes the plan unusable', () => {
  const throwing = new Proxy(
    { code: 250, text: [] },
    {
      getOwnPropertyDescriptor() {
        throw new Error('boom');
      },
    },
  );
  const sparseLines: unknown[] = new Array(2);
  sparseLines[1] = '250 x';
  it.each<[string, unknown, string[], string[]]>([
    ['a line that is not a string', ['250-mx.example', 5], ['ehloReply[1]', 'string'], []],
    ['a sparse array of lines', new Array(3), ['ehloReply[0]'], []],
    [
      "a Reply's text with a hole: named as the Reply's text",
      { code: 250, text: sparseLines },
      ['ehloReply.text[0]'],
      [],
    ],
    [
      'a Reply whose reading throws (what it threw is not said)',
      throwing,
      ['cannot be read'],
      ['boom', ':'],
    ],
    [
      'a Reply without text: no lines, not an unreadable one',
      { code: 250 },
      ['XCLIENT'],
      ['cannot be read'],
    ],
  ])('%s', (_name, ehlo, facts, absent) => {
    const plan = planXclientSession({ ADDR: '192.0.2.1' }, ehlo as never);
    expect(plan.usable).toBe('no');
    for (const fact of facts) expect(plan.reason).toContain(fact);
    for (const fact of absent) expect(plan.reason).not.toContain(fact);
    expect(plan.reason).not.toContain('undefined');
  });

  it('a Reply whose text is one string is read as that line', () => {
    const plan = planXclientSession({ ADDR: '192.0.2.1' }, { code: 250, text: 'XCLIENT ADDR' });
    expect([plan.usable, plan.announced]).toEqual(['yes', ['ADDR']]);
  });
});

describe('messages: each names the argument or option and what is wrong', () => {
  const ok = { ADDR: '192.0.2.1' };
  it.each<[string, () => unknown, string, string[]]>([
    [
      'identity null',
      () => planXclientSession(null as never, EHLO),
      'FORMAT_INVALID_INPUT',
      ['identity', 'null'],
    ],
    [
      'identity an array',
      () => planXclientSession([] as never, EHLO),
      'FORMAT_INVALID_INPUT',
      ['identity', 'an array'],
    ],
    [
      'identity a string',
      () => planXclientSession('x' as never, EHLO),
      'FORMAT_INVALID_INPUT',
      ['identity', '"x"'],
    ],
    [
      'options not an object',
      () => planXclientSession(ok, EHLO, 5 as never),
      'OPTION_INVALID',
      ['options'],
    ],
    [
      'hello unknown',
      () => planXclientSession(ok, EHLO, { hello: 'LHLO' as never }),
      'OPTION_INVALID',
      ['hello', 'LHLO'],
    ],
    [
      'fallbackEhlo two words',
      () => planXclientSession(ok, EHLO, { fallbackEhlo: 'a b' }),
      'OPTION_INVALID',
      ['fallbackEhlo', '"a b"'],
    ],
    [
      'unannounced unknown',
      () => planXclientSession(ok, EHLO, { unannounced: 'skip' as never }),
      'OPTION_INVALID',
      ['unannounced', 'skip'],
    ],
    [
      'announced a number',
      () => planXclientSession(ok, EHLO_NO_XCLIENT, { announced: [1] as never }),
      'OPTION_INVALID',
      ['announced[0]', 'an attribute name'],
    ],
    [
      'announced not an array',
      () => planXclientSession(ok, EHLO_NO_XCLIENT, { announced: 'NAME' as never }),
      'OPTION_INVALID',
      ['announced', 'an array of attribute names'],
    ],
    [
      'peer not an object',
      () => planXclientSession(ok, EHLO, { peer: 5 as never }),
      'OPTION_INVALID',
      ['peer'],
    ],
  ])('%s', (_name, run, code, facts) => expectRefusal(run, code, OPTION_REPLY, facts));
});
