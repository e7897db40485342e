// Assertions written after reviewing Stryker's survivors for src/client.ts (docs/mutation.md):
// option errors, the hello name rules, predictions and their reasons, verdicts by reply code.
import {
  isXclientError,
  type Reply,
  TEMPUNAVAIL,
  UNAVAILABLE,
  type XclientAttributes,
} from 'smtp-xclient';
import {
  interpretXclientReply,
  planConnectionReuse,
  planXclientSession,
  type XclientClientOptions,
} from 'smtp-xclient/client';
import { describe, expect, it } from 'vitest';
import { thrown } from '../helpers/thrown.js';

const ALL = 'XCLIENT NAME ADDR PROTO HELO REVERSE_NAME PORT LOGIN DESTADDR DESTPORT';
const EHLO = `250-mx.example\r\n250-${ALL}\r\n250 8BITMIME\r\n`;
const EHLO_NAME_ADDR = '250-mx.example\r\n250-XCLIENT NAME ADDR\r\n250 8BITMIME\r\n';
const EHLO_NO_XCLIENT = '250-mx.example\r\n250 8BITMIME\r\n';
const OPTION_REPLY: Reply = {
  code: 501,
  enhanced: '5.5.4',
  text: 'Syntax: XCLIENT attribute=value...',
};
const NOT_AUTHORIZED = 'is not authorized: the server will answer 550 and stop announcing XCLIENT';

/** The code, message and reply of a thrown XclientError, to compare in one go. */
function errorOf(fn: () => unknown): { code: string; message: string; reply: Reply } | unknown {
  const e = thrown(fn);
  return isXclientError(e) ? { code: e.code, message: e.message, reply: e.reply } : e;
}

describe('client: option errors, with their message and reply', () => {
  const id: XclientAttributes = { ADDR: '127.0.0.1' };
  it.each([
    [{ hello: 'ehlo' }, `hello must be 'auto', 'EHLO' or 'HELO', not ehlo`],
    [{ fallbackEhlo: 'a b' }, `fallbackEhlo must be one printable ASCII word without <>()\\";@`],
    [{ unannounced: 'skip' }, `unannounced must be 'omit' or 'throw', not skip`],
    [
      { isAuthorized: () => true, authorizedHosts: [] },
      'give isAuthorized or authorizedHosts, not both',
    ],
    [{ isAuthorized: 'yes' }, 'isAuthorized must be a function'],
    [{ authorizedHosts: '127.0.0.1' }, 'authorizedHosts must be an array'],
  ])('planXclientSession(%j)', (options, message) => {
    const o = options as unknown as XclientClientOptions;
    const expected = { code: 'OPTION_INVALID', message, reply: OPTION_REPLY };
    expect(errorOf(() => planXclientSession(id, EHLO, o))).toEqual(expected);
    expect(errorOf(() => planConnectionReuse(id, id, o))).toEqual(expected);
  });

  it('announced must be an array when no EHLO reply gives the names', () => {
    const o = { announced: 'NAME ADDR' } as unknown as XclientClientOptions;
    const expected = {
      code: 'OPTION_INVALID',
      message: 'announced must be an array of attribute names',
      reply: OPTION_REPLY,
    };
    expect(errorOf(() => planConnectionReuse(id, id, o))).toEqual(expected);
    expect(errorOf(() => planXclientSession(id, EHLO_NO_XCLIENT, o))).toEqual(expected);
  });

  it('nonconforming must be accept or reject', () => {
    const o = { nonconforming: 'trust' } as never;
    expect(errorOf(() => interpretXclientReply({ code: 250, text: 'ok' }, o))).toEqual({
      code: 'OPTION_INVALID',
      message: `nonconforming must be 'accept' or 'reject', not trust`,
      reply: OPTION_REPLY,
    });
  });

  it.each([
    ['planXclientSession', () => planXclientSession(null as never, EHLO), 'identity'],
    ['planXclientSession', () => planXclientSession([] as never, EHLO), 'identity'],
    ['planConnectionReuse', () => planConnectionReuse('x' as never, {}), 'previous'],
    ['planConnectionReuse', () => planConnectionReuse({}, null as never), 'next'],
  ])('%s names the argument that is no object: %s', (_name, fn, label) => {
    expect(errorOf(fn)).toEqual({
      code: 'FORMAT_INVALID_INPUT',
      message: `${label} must be an object of XCLIENT attributes`,
      reply: OPTION_REPLY,
    });
  });
});

describe('client: fallbackEhlo is one printable ASCII word of 1 to 255 characters', () => {
  const hello = (fallbackEhlo: unknown) =>
    planXclientSession({ ADDR: '127.0.0.1' }, EHLO, { fallbackEhlo } as XclientClientOptions).hello;

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
  ])('%j is refused', (name) => {
    expect(errorOf(() => hello(name))).toEqual({
      code: 'OPTION_INVALID',
      message: `fallbackEhlo must be one printable ASCII word without <>()\\";@`,
      reply: OPTION_REPLY,
    });
  });
});

describe('client: predictions and their reasons', () => {
  const hosts = { authorizedHosts: ['127.0.0.0/8'] };

  it.each([
    [{ ADDR: '10.0.0.1' }, 'ADDR 10.0.0.1 (NAME unknown)'],
    [{ ADDR: '10.0.0.1', NAME: TEMPUNAVAIL }, 'ADDR 10.0.0.1 (NAME unknown)'],
    [{ ADDR: '10.0.0.1', NAME: UNAVAILABLE }, 'ADDR 10.0.0.1 (NAME unknown)'],
    [{ ADDR: '10.0.0.1', NAME: 'c.example' }, 'ADDR 10.0.0.1 (NAME c.example)'],
    [{ ADDR: UNAVAILABLE, NAME: 'c.example' }, 'ADDR unknown (NAME c.example)'],
  ])('%j: not authorized, with the NAME the server sees', (identity, who) => {
    const plan = planXclientSession(identity as XclientAttributes, EHLO, hosts);
    expect(plan.usableAfter).toBe('no');
    expect(plan.reasonAfter).toBe(`${who} ${NOT_AUTHORIZED}`);
    const reuse = planConnectionReuse(identity as XclientAttributes, { ADDR: '127.0.0.2' }, hosts);
    expect([reuse.usable, reuse.reason]).toEqual(['no', `predicted: ${who} ${NOT_AUTHORIZED}`]);
  });

  it('an omitted ADDR does not change what the server sees', () => {
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
});

describe('client: planConnectionReuse takes the announced names from ehloReply', () => {
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

describe('client: interpretXclientReply, by code and nonconforming option', () => {
  const ACCEPTED =
    '250 instead of 220 (non-conforming server, accepted by option): go on as after 220';
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
    const v = interpretXclientReply({ code, text: 'x' }, { nonconforming });
    expect([v.class, v.action, v.closeConnection]).toEqual([kind, action, close]);
    expect(v.reason.startsWith(`${code}: `)).toBe(true);
    expect(v.reason === `${code}: ${ACCEPTED}`).toBe(code === 250 && nonconforming === 'accept');
  });
});
