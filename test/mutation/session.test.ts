// Assertions written after reviewing Stryker's survivors for src/session.ts (docs/mutation.md):
// each block names the behaviour a surviving mutant changed. They go through the public API.
import { isXclientError, REPLIES, type Reply, TEMPUNAVAIL, UNAVAILABLE } from 'smtp-xclient';
import {
  applyCommand,
  applyXclient,
  createXclientSession,
  type SmtpCommand,
  type XclientPolicy,
  type XclientSession,
  type XclientSessionInit,
} from 'smtp-xclient/server';
import { describe, expect, it } from 'vitest';
import { thrown } from '../helpers/thrown.js';

/** The reply every programmer error of the session carries (Postfix's local data error). */
const LOCAL_DATA_ERROR = { code: 421, enhanced: '4.3.0', text: 'Server local data error' };

function expectProgrammerError(fn: () => unknown, code: string, message: string): void {
  const error = thrown(fn);
  expect(isXclientError(error)).toBe(true);
  expect(error).toMatchObject({ name: 'XclientError', code, message });
  expect((error as { reply: Reply }).reply).toEqual(LOCAL_DATA_ERROR);
}

const HOSTS = ['127.0.0.0/8'];
const authorized = (): XclientSession =>
  createXclientSession({
    client: { ADDR: '127.0.0.1', NAME: 'localhost', PORT: 40000 },
    banner: 'mx.example ESMTP',
    authorizedHosts: HOSTS,
  });

describe('createXclientSession: programmer errors, their code, message and reply', () => {
  it.each<[string, unknown, string]>([
    ['init not an object', 42, 'createXclientSession expects an object'],
    ['init null', null, 'createXclientSession expects an object'],
    ['client a number', { client: 42 }, 'client must be an object of XCLIENT attributes'],
    ['client a string', { client: 'x' }, 'client must be an object of XCLIENT attributes'],
    ['client null', { client: null }, 'client must be an object of XCLIENT attributes'],
    [
      'lower-case attribute',
      { client: { addr: '192.0.2.1' } },
      'unknown attribute "addr" (names are upper case)',
    ],
    [
      'unknown attribute',
      { client: { FOO: 'x' } },
      'unknown attribute "FOO" (names are upper case)',
    ],
    ['bad address', { client: { ADDR: '1.2.3' } }, 'client.ADDR: 1.2.3 is not a valid value'],
    ['boolean address', { client: { ADDR: true } }, 'client.ADDR: true is not a valid value'],
    ['boolean name', { client: { NAME: true } }, 'client.NAME: true is not a valid value'],
    ['object name', { client: { NAME: {} } }, 'client.NAME: [object Object] is not a valid value'],
    ['null HELO', { client: { HELO: null } }, 'client.HELO: null is not a valid value'],
    ['non-integer HELO', { client: { HELO: 2.5 } }, 'client.HELO: 2.5 is not a valid value'],
    // a number only for a port, as formatXclient takes it
    ['integer HELO', { client: { HELO: 42 } }, 'client.HELO: 42 is not a valid value'],
    ['integer LOGIN', { client: { LOGIN: 7 } }, 'client.LOGIN: 7 is not a valid value'],
    ['infinite NAME', { client: { NAME: Infinity } }, 'client.NAME: Infinity is not a valid value'],
    ['non-integer port', { client: { PORT: 2.5 } }, 'client.PORT: 2.5 is not a valid value'],
    ['object port', { client: { PORT: {} } }, 'client.PORT: [object Object] is not a valid value'],
    ['banner with CRLF', { banner: 'a\r\nb' }, 'banner must be a string without CR, LF or NUL'],
    ['banner with NUL', { banner: 'a\0b' }, 'banner must be a string without CR, LF or NUL'],
    ['banner not a string', { banner: 7 }, 'banner must be a string without CR, LF or NUL'],
    ['hostname with LF', { hostname: 'a\nb' }, 'hostname must be a string without CR, LF or NUL'],
    ['hostname not a string', { hostname: 7 }, 'hostname must be a string without CR, LF or NUL'],
    ['empty hostname', { hostname: '' }, 'hostname must be one non-empty word'],
    ['hostname with space', { hostname: 'a b' }, 'hostname must be one non-empty word'],
    [
      'second extension with CR',
      { extensions: ['PIPELINING', 'X\rY'] },
      'extensions[1] must be a string without CR, LF or NUL',
    ],
    ['unknown announced name', { announce: ['NAME', 'FOO'] }, 'announce: unknown attribute "FOO"'],
    [
      'both policies',
      { isAuthorized: () => true, authorizedHosts: [] },
      'give isAuthorized or authorizedHosts, not both',
    ],
    ['policy not a function', { isAuthorized: 'yes' }, 'isAuthorized must be a function'],
    [
      'hosts not an array',
      { authorizedHosts: '127.0.0.1' },
      'authorizedHosts must be an array of strings',
    ],
  ])('%s', (_name, init, message) => {
    expectProgrammerError(
      () => createXclientSession(init as XclientSessionInit),
      'SESSION_INVALID_INIT',
      message,
    );
  });
});

describe('createXclientSession: the real client is read as lenient reads it', () => {
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

describe('applyXclient: programmer errors in the options', () => {
  it.each<[string, object, string]>([
    ['unknown profile', { profile: 'loose' }, 'profile must be one of strict, postfix, lenient'],
    [
      'both policies',
      { isAuthorized: () => true, authorizedHosts: [] },
      'give isAuthorized or authorizedHosts, not both',
    ],
    ['policy not a function', { isAuthorized: 1 }, 'isAuthorized must be a function'],
    [
      'hosts not an array',
      { authorizedHosts: '127.0.0.1' },
      'authorizedHosts must be an array of strings',
    ],
  ])('%s', (_name, options, message) => {
    expectProgrammerError(
      () => applyXclient(authorized(), 'XCLIENT NAME=a', options as never),
      'OPTION_INVALID',
      message,
    );
  });
});

describe('applyXclient: the same policy given again changes nothing', () => {
  it('the hosts list the session was made with: the input session comes back', () => {
    const s = authorized();
    const r = applyXclient(s, 'XCLIENT', { authorizedHosts: HOSTS });
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

describe('applyXclient: the step it returns', () => {
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

describe('applyCommand: HELO/EHLO names', () => {
  it.each([
    ['a\vb', 'a?b'], // a vertical tab is white space, collapsed then neutered
    ['a\f\t\n b', 'a?b'],
    ['EVE', 'EVE'], // a capital V is no white space
    ['V V', 'V?V'],
  ])('%j is stored as %j', (name, helo) => {
    expect(applyCommand(authorized(), { verb: 'EHLO', name }).session.client.HELO).toBe(helo);
  });
});

describe('applyCommand: a reply is accepted when it is 2xx or 3xx', () => {
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

describe('applyCommand: the input session comes back when nothing changed', () => {
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

describe('applyCommand: AUTH', () => {
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

describe('applyCommand: a verb that is not a string', () => {
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
