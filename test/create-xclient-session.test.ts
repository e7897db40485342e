// createXclientSession: the session at the greeting stage, with the real client, the policy
// and what EHLO announces; and the programmer errors it refuses.
import {
  isXclientError,
  type Reply,
  TEMPUNAVAIL,
  UNAVAILABLE,
  type XclientAttributes,
} from 'smtp-xclient';
import {
  applyXclient,
  createXclientSession,
  type XclientSession,
  type XclientSessionInit,
} from 'smtp-xclient/server';
import { describe, expect, it } from 'vitest';
import { withPollutedPrototype } from './helpers/pollute.js';
import { authorized, LOCAL_DATA_ERROR } from './helpers/session.js';
import { thrown } from './helpers/thrown.js';

describe('starts at the greeting stage', () => {
  it('with the real client, frozen', () => {
    const s = authorized();
    expect(s).toMatchObject({
      hostname: 'mx.example',
      banner: 'mx.example ESMTP',
      tls: false,
      hello: 'none',
      transaction: 'idle',
      authorization: 'granted',
      closed: false,
    });
    expect(s.client).toEqual({
      NAME: 'localhost',
      ADDR: '127.0.0.1',
      PROTO: 'SMTP',
      HELO: UNAVAILABLE,
      REVERSE_NAME: 'localhost',
      PORT: 40000,
      LOGIN: UNAVAILABLE,
      DESTADDR: UNAVAILABLE,
      DESTPORT: UNAVAILABLE,
    });
    expect(Object.isFrozen(s)).toBe(true);
    expect(Object.isFrozen(s.client)).toBe(true);
    expect(Object.isFrozen(s.extensions)).toBe(true);
  });

  it.each<[string, XclientSessionInit, Partial<XclientSession>]>([
    ['nothing', {}, { hostname: 'localhost', banner: 'localhost ESMTP', authorization: 'denied' }],
    ['hostname only', { hostname: 'h.example' }, { banner: 'h.example ESMTP' }],
    ['empty banner', { banner: '' }, { hostname: 'localhost', banner: '' }],
    ['tls', { tls: true, tlsAvailable: true }, { tls: true, tlsAvailable: true }],
    ['callback', { isAuthorized: () => true }, { authorization: 'granted' }],
    [
      'throwing callback',
      {
        isAuthorized: () => {
          throw new Error('table down');
        },
      },
      { authorization: 'failed' },
    ],
    ['empty list', { authorizedHosts: [] }, { authorization: 'denied' }],
  ])('defaults and policies: %s', (_name, init, expected) => {
    expect(createXclientSession(init)).toMatchObject(expected);
  });
});

describe('reads the real client as the lenient profile reads it', () => {
  it('normalizes the real client: bare IPv6, REVERSE_NAME from NAME unless given', () => {
    const s = createXclientSession({
      client: {
        ADDR: '::1',
        DESTADDR: 'IPv6:2001:DB8::1',
        NAME: 'a.example',
        REVERSE_NAME: TEMPUNAVAIL,
        PROTO: 'ESMTP',
        DESTPORT: 25,
        HELO: 'h',
        LOGIN: 'joe',
      },
    });
    expect(s.client).toMatchObject({
      ADDR: '::1',
      DESTADDR: '2001:db8::1',
      REVERSE_NAME: TEMPUNAVAIL,
      PROTO: 'ESMTP',
      DESTPORT: 25,
      HELO: 'h',
      LOGIN: 'joe',
    });
    expect(createXclientSession({ client: { NAME: UNAVAILABLE } }).client.REVERSE_NAME).toBe(
      UNAVAILABLE,
    );
    expect(
      createXclientSession({ client: { PORT: undefined } as unknown as XclientAttributes }).client
        .PORT,
    ).toBe(UNAVAILABLE);
  });

  it('HELO and LOGIN values with a colon are text, not IPv6 addresses', () => {
    const s = createXclientSession({ client: { HELO: 'a:b', LOGIN: 'user:x' } });
    expect(s.client).toMatchObject({ HELO: 'a:b', LOGIN: 'user:x' });
  });

  it('bare and prefixed IPv6 addresses are both taken, and stored bare', () => {
    const s = createXclientSession({
      client: { ADDR: '2001:DB8::1', DESTADDR: 'ipv6:::ffff:192.0.2.1' },
    });
    expect(s.client).toMatchObject({ ADDR: '2001:db8::1', DESTADDR: '::ffff:192.0.2.1' });
  });

  it("values only 'lenient' accepts (PROTO=LMTP, PROTO=[UNAVAILABLE])", () => {
    expect(createXclientSession({ client: { PROTO: 'LMTP' } }).client.PROTO).toBe('LMTP');
    expect(createXclientSession({ client: { PROTO: UNAVAILABLE } }).client.PROTO).toBe(UNAVAILABLE);
  });

  it('markers and integer ports are taken as they are', () => {
    const s = createXclientSession({
      client: { NAME: TEMPUNAVAIL, PORT: 25, DESTPORT: UNAVAILABLE },
    });
    expect(s.client).toMatchObject({
      NAME: TEMPUNAVAIL,
      REVERSE_NAME: TEMPUNAVAIL,
      PORT: 25,
      DESTPORT: UNAVAILABLE,
    });
  });
});

describe('refuses a bad init: SESSION_INVALID_INIT, with the 421 local data error', () => {
  it.each<[string, unknown]>([
    ['init not an object', 42],
    ['init null', null],
    ['client a number', { client: 42 }],
    ['client a string', { client: 'x' }],
    ['client null', { client: null }],
    ['lower-case attribute', { client: { addr: '192.0.2.1' } }],
    ['lower-case attribute (another address)', { client: { addr: '1.2.3.4' } }],
    ['unknown attribute', { client: { FOO: 'x' } }],
    ['bad address', { client: { ADDR: '1.2.3' } }],
    ['boolean address', { client: { ADDR: true } }],
    ['boolean name', { client: { NAME: true } }],
    ['object name', { client: { NAME: {} } }],
    ['null HELO', { client: { HELO: null } }],
    ['non-integer HELO', { client: { HELO: 2.5 } }],
    // a number only for a port, as formatXclient takes it
    ['integer HELO', { client: { HELO: 42 } }],
    ['integer LOGIN', { client: { LOGIN: 7 } }],
    ['infinite NAME', { client: { NAME: Infinity } }],
    ['bad port', { client: { PORT: 'x' } }],
    ['non-integer port', { client: { PORT: 2.5 } }],
    ['object port', { client: { PORT: {} } }],
    ['banner with CRLF', { banner: 'a\r\nb' }],
    ['banner with NUL', { banner: 'a\0b' }],
    ['banner not a string', { banner: 7 }],
    ['hostname with LF', { hostname: 'a\nb' }],
    ['hostname not a string', { hostname: 7 }],
    // the host name is one word
    ['empty hostname', { hostname: '' }],
    ['hostname with space', { hostname: 'a b' }],
    ['hostname with TAB', { hostname: 'a\tb' }],
    ['hostname with VT', { hostname: 'a\vb' }],
    ['hostname with DEL', { hostname: 'a\x7fb' }],
    ['extension with LF', { extensions: ['X\nY'] }],
    ['second extension with CR', { extensions: ['PIPELINING', 'X\rY'] }],
    ['unknown announced name', { announce: ['FOO'] }],
    ['unknown announced name after a known one', { announce: ['NAME', 'FOO'] }],
    ['both policies', { isAuthorized: () => true, authorizedHosts: [] }],
    ['policy not a function', { isAuthorized: 'yes' }],
    ['hosts not an array', { authorizedHosts: '127.0.0.1' }],
  ])('%s', (_name, init) => {
    const error = thrown(() => createXclientSession(init as XclientSessionInit));
    expect(isXclientError(error)).toBe(true);
    expect(error).toMatchObject({ name: 'XclientError', code: 'SESSION_INVALID_INIT' });
    expect((error as { reply: Reply }).reply).toEqual(LOCAL_DATA_ERROR);
  });

  it('passes on createHostMatcher errors (OPTION_INVALID)', () => {
    expect(() => createXclientSession({ authorizedHosts: ['192.0.2.1/24'] })).toThrow(
      expect.objectContaining({ code: 'OPTION_INVALID' }),
    );
  });
});

describe('messages: each names the option and what is wrong', () => {
  // The prose is not pinned; each message carries the facts the code has at hand: the option
  // (or its path), the value or its type, and never "undefined".
  const hostile = (kind: 'object' | 'function') => {
    const o = kind === 'object' ? {} : () => 'source text';
    return Object.assign(o, {
      toString: () => {
        throw new Error('read');
      },
    });
  };
  it.each<[string, unknown, readonly string[], readonly string[]]>([
    // [label, init, what the message contains, what it does not]
    ['init a number', 42, ['init'], []],
    ['init null', null, ['init'], []],
    ['client not an object', { client: 7 }, ['client'], []],
    ['a lower-case attribute: the key', { client: { addr: '1.2.3.4' } }, ['"addr"'], []],
    ['an unknown attribute: the key', { client: { FOO: 'x' } }, ['"FOO"'], []],
    [
      'a bad value: the attribute and the value',
      { client: { ADDR: '1.2.3' } },
      ['client.ADDR', '1.2.3'],
      [],
    ],
    ['a boolean: its text', { client: { NAME: true } }, ['client.NAME', 'true'], ['boolean']],
    ['a number: its text', { client: { HELO: 42 } }, ['client.HELO', '42'], ['number']],
    [
      'an object: its type only',
      { client: { NAME: hostile('object') } },
      ['client.NAME', 'object'],
      ['[object'],
    ],
    [
      'a function: its type only',
      { client: { NAME: hostile('function') } },
      ['client.NAME', 'function'],
      ['source text'],
    ],
    ['a banner with CR LF', { banner: 'a\r\nb' }, ['banner'], []],
    ['a hostname not a string', { hostname: 7 }, ['hostname'], []],
    ['a hostname of two words', { hostname: 'a b' }, ['hostname'], []],
    ['extensions not an array', { extensions: 'X' }, ['extensions', 'string'], []],
    [
      'an extension not a string: its index',
      { extensions: ['X', 1] },
      ['extensions[1]', 'string'],
      [],
    ],
    ['an extension with CR: its index', { extensions: ['X', 'Y\rZ'] }, ['extensions[1]'], []],
    ['announce not an array', { announce: 'NAME' }, ['announce', 'name'], []],
    ['an announced non-string: its index', { announce: ['NAME', 42] }, ['announce[1]', 'name'], []],
    ['an unknown announced name: the name', { announce: ['FOO'] }, ['announce', '"FOO"'], []],
    [
      'forbidUnauthPipelining not a boolean',
      { forbidUnauthPipelining: 'yes' },
      ['forbidUnauthPipelining'],
      [],
    ],
  ])('%s', (_label, init, contains, lacks) => {
    const error = thrown(() => createXclientSession(init as XclientSessionInit));
    expect(isXclientError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'SESSION_INVALID_INIT' });
    const { message } = error as Error;
    for (const fact of contains) expect(message).toContain(fact);
    for (const fact of [...lacks, 'undefined']) expect(message).not.toContain(fact);
  });
});

describe('authorizedHosts edited in place (issue 21, item 1)', () => {
  const client = { ADDR: '203.0.113.5' };

  it('removing a network revokes it for a session created afterwards', () => {
    const hosts = ['127.0.0.0/8', '203.0.113.0/24'];
    expect(createXclientSession({ client, authorizedHosts: hosts }).authorization).toBe('granted');
    hosts.splice(1, 1);
    expect(createXclientSession({ client, authorizedHosts: hosts }).authorization).toBe('denied');
  });

  it('adding a network grants it for a session created afterwards', () => {
    const hosts = ['127.0.0.0/8'];
    expect(createXclientSession({ client, authorizedHosts: hosts }).authorization).toBe('denied');
    hosts.push('203.0.113.0/24');
    expect(createXclientSession({ client, authorizedHosts: hosts }).authorization).toBe('granted');
  });

  it('a session keeps the list it was created with: a copy made at creation', () => {
    const hosts = ['127.0.0.0/8', '203.0.113.0/24'];
    const s = createXclientSession({ client: { ADDR: '127.0.0.1' }, authorizedHosts: hosts });
    hosts.splice(1, 1);
    // The session's policy still holds 203.0.113.0/24: after XCLIENT ADDR=203.0.113.9 it is
    // re-evaluated with the copy, not with the edited array.
    const step = applyXclient(s, 'XCLIENT ADDR=203.0.113.9');
    expect(step.session.authorization).toBe('granted');
    // Given in the options, the edited array applies from that command on.
    const edited = applyXclient(s, 'XCLIENT ADDR=203.0.113.9', { authorizedHosts: hosts });
    expect(edited.session.authorization).toBe('denied');
  });

  it('the same list, not edited, is the same policy: a refused XCLIENT given it keeps the session', () => {
    const hosts = ['127.0.0.0/8'];
    const s = createXclientSession({ client: { ADDR: '127.0.0.1' }, authorizedHosts: hosts });
    expect(createXclientSession({ authorizedHosts: hosts }).isAuthorized).toBe(s.isAuthorized);
    const refused = applyXclient(s, 'XCLIENT FOO=x', { authorizedHosts: hosts });
    expect(refused.outcome).toBe('refused');
    expect(refused.session).toBe(s);
    hosts.push('192.0.2.0/24');
    expect(createXclientSession({ authorizedHosts: hosts }).isAuthorized).not.toBe(s.isAuthorized);
  });
});

describe('reads only own properties of its init (issue 21, item 2)', () => {
  it('a polluted Object.prototype.authorizedHosts authorizes nobody', () => {
    const s = withPollutedPrototype({ authorizedHosts: ['0.0.0.0/0'] }, () =>
      createXclientSession({ client: { ADDR: '192.0.2.1' } }),
    );
    expect(s.authorization).toBe('denied');
  });

  it('a polluted Object.prototype.isAuthorized authorizes nobody, XFORWARD included', () => {
    const s = withPollutedPrototype(
      { isAuthorized: () => true, isXforwardAuthorized: () => true },
      () => createXclientSession({ client: { ADDR: '192.0.2.1' } }),
    );
    expect([s.authorization, s.xforwardAuthorization]).toEqual(['denied', 'denied']);
  });

  it('an inherited NAME or REVERSE_NAME is not the client’s', () => {
    const s = withPollutedPrototype({ NAME: 'evil.example', REVERSE_NAME: 'evil.example' }, () =>
      createXclientSession({ client: { ADDR: '192.0.2.1' } }),
    );
    expect([s.client.NAME, s.client.REVERSE_NAME]).toEqual([UNAVAILABLE, UNAVAILABLE]);
  });

  it('an init or client whose getter throws is SESSION_INVALID_INIT, not the getter’s error', () => {
    const init = Object.defineProperty({}, 'banner', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    expect(thrown(() => createXclientSession(init))).toMatchObject({
      code: 'SESSION_INVALID_INIT',
    });
    const client = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('boom');
        },
      },
    );
    expect(thrown(() => createXclientSession({ client }))).toMatchObject({
      code: 'SESSION_INVALID_INIT',
    });
  });

  it('sparse authorizedHosts and extensions are SESSION_INVALID_INIT at once', () => {
    const sparse: string[] = [];
    sparse[2 ** 32 - 2] = '127.0.0.0/8';
    expect(thrown(() => createXclientSession({ authorizedHosts: sparse }))).toMatchObject({
      code: 'SESSION_INVALID_INIT',
      message: 'authorizedHosts[0] is missing (a sparse array)',
    });
    expect(thrown(() => createXclientSession({ extensions: new Array<string>(3) }))).toMatchObject({
      code: 'SESSION_INVALID_INIT',
    });
  });
});

describe('the real client in the forms of Node’s socket.remoteAddress (issue 21, item 4)', () => {
  it.each([
    // [what Node reports, what Postfix holds (smtpd_peer.c, docs/spec/postfix.md §4.2)]
    ['fe80::a00:27ff:fe4e:66a1%eth0', 'fe80::a00:27ff:fe4e:66a1'],
    ['fe80::1%1', 'fe80::1'],
    ['::ffff:127.0.0.1', '127.0.0.1'],
    ['::ffff:192.0.2.1', '192.0.2.1'],
    ['::1', '::1'],
    ['127.0.0.1', '127.0.0.1'],
    // Postfix's own "IPv6:" form: the zone goes, the address is stored bare; a mapped one is IPv4
    ['IPv6:fe80::1%eth0', 'fe80::1'],
    ['IPv6:::ffff:192.0.2.1', '192.0.2.1'],
  ])('a link-local or IPv4-mapped ADDR %s does not throw: it is %s', (given, held) => {
    expect(createXclientSession({ client: { ADDR: given } }).client.ADDR).toBe(held);
  });

  it('an IPv4-mapped client is authorized by IPv4 networks and logged as IPv4', () => {
    const s = createXclientSession({
      client: { ADDR: '::ffff:127.0.0.1', PORT: 40000 },
      authorizedHosts: ['127.0.0.0/8'],
    });
    expect([s.authorization, s.loggedClient]).toEqual(['granted', 'unknown[127.0.0.1]:40000']);
  });

  it('DESTADDR loses its zone, and stays IPv4-mapped as Postfix keeps it', () => {
    const s = createXclientSession({
      client: { DESTADDR: 'fe80::1%eth0' },
    });
    expect(s.client.DESTADDR).toBe('fe80::1');
    expect(createXclientSession({ client: { DESTADDR: '::ffff:127.0.0.1' } }).client.DESTADDR).toBe(
      '::ffff:127.0.0.1',
    );
  });

  it('an undefined address (a closed socket) does not throw: the client is unknown', () => {
    const socket: { remoteAddress?: string | undefined } = {};
    const s = createXclientSession({ client: { ADDR: socket.remoteAddress } });
    expect(s.client.ADDR).toBe(UNAVAILABLE);
  });

  it.each(['127.0.0.1%eth0', 'x%y', '%eth0', 'ipv6:x%eth0'])(
    'a zone on something that is not an IPv6 address (%s) is still refused',
    (addr) => {
      const error = thrown(() => createXclientSession({ client: { ADDR: addr } }));
      expect(isXclientError(error)).toBe(true);
      expect(error).toMatchObject({ code: 'SESSION_INVALID_INIT' });
    },
  );

  it.each<[string, string]>([
    ['LOGIN', '::ffff:192.0.2.1'],
    ['LOGIN', 'fe80::1%eth0'],
    ['HELO', '::ffff:192.0.2.1'],
  ])(
    'only ADDR and DESTADDR are read as socket addresses: %s %s is held as given',
    (name, value) => {
      const s = createXclientSession({ client: { [name]: value } });
      expect(s.client[name as 'LOGIN']).toBe(value);
    },
  );
});
