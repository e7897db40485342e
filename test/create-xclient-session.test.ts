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
  createXclientSession,
  type XclientSession,
  type XclientSessionInit,
} from 'smtp-xclient/server';
import { describe, expect, it } from 'vitest';
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
