// Hostile JavaScript values against the server session, the client planners and the host
// matcher (issue 21, "Make the tools find these"): whatever a caller passes, a builder returns
// or throws a coded XclientError — never a TypeError, never a hang — and no line it emits
// carries CR, LF or NUL. (A polluted Object.prototype, and the memory a result holds, are
// checked against the built package in test/properties-hostile-package.test.ts.) The parsers
// of the core have their own checks; the all-API campaign is `npm run fuzz`.
import { isXclientError } from 'smtp-xclient';
import {
  findPipeliningHazards,
  interpretXclientReply,
  planConnectionReuse,
  planXclientSession,
  planXforwardSession,
  xclientFromXforward,
} from 'smtp-xclient/client';
import {
  applyCommand,
  applyXclient,
  applyXforward,
  createHostMatcher,
  createXclientSession,
  formatClientLabel,
  type SmtpCommand,
} from 'smtp-xclient/server';
import { describe, expect, it } from 'vitest';
import { fc, test as fcTest } from './helpers/fc.js';
import { HOSTILE_VALUES, type Hostile, hostileValue } from './helpers/hostile.mjs';

const EHLO =
  '250-mx.example\r\n250-XCLIENT NAME ADDR PROTO HELO LOGIN\r\n250 XFORWARD NAME ADDR IDENT';
const session = createXclientSession({
  client: { ADDR: '127.0.0.1' },
  authorizedHosts: ['127.0.0.0/8'],
  authorizedXforwardHosts: ['127.0.0.0/8'],
});

/** Every line-like string in a result (plans' lines, hello lines, replies' texts). */
function strings(value: unknown, out: string[] = [], depth = 0): string[] {
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'object' && value !== null && depth < 6) {
    for (const v of Object.values(value)) strings(v, out, depth + 1);
  }
  return out;
}

const XCLIENT_MODE = { identity: 'xclient' } as const;

/** Each argument position of a builder on the server and client side, given a hostile value. */
const CALLS: readonly (readonly [string, (h: unknown) => unknown])[] = [
  ['createXclientSession(h)', (h) => createXclientSession(h as never)],
  ['createXclientSession({ client: h })', (h) => createXclientSession({ client: h as never })],
  [
    'createXclientSession({ client: { ADDR: h } })',
    (h) => createXclientSession({ client: { ADDR: h as never } }),
  ],
  [
    'createXclientSession({ authorizedHosts: h })',
    (h) => createXclientSession({ authorizedHosts: h as never }),
  ],
  [
    'createXclientSession({ extensions: h })',
    (h) => createXclientSession({ extensions: h as never }),
  ],
  ['createXclientSession({ banner: h })', (h) => createXclientSession({ banner: h as never })],
  ['applyXclient(h, line)', (h) => applyXclient(h as never, 'XCLIENT NAME=a.example')],
  ['applyXclient(s, line, h)', (h) => applyXclient(session, 'XCLIENT NAME=a.example', h as never)],
  [
    'applyXforward(s, line, h)',
    (h) => applyXforward(session, 'XFORWARD NAME=a.example', h as never),
  ],
  ['applyCommand(s, h)', (h) => applyCommand(session, h as SmtpCommand)],
  [
    'applyCommand(s, { verb: EHLO, name: h })',
    (h) => applyCommand(session, { verb: 'EHLO', name: h } as SmtpCommand),
  ],
  ['applyCommand(s, NOOP, h)', (h) => applyCommand(session, { verb: 'NOOP' }, h as never)],
  ['formatClientLabel(h)', (h) => formatClientLabel(h as never)],
  ['createHostMatcher(h)', (h) => createHostMatcher(h as never)],
  ['createHostMatcher([…], h)', (h) => createHostMatcher(['127.0.0.0/8'], h as never)],
  ['createHostMatcher([…])(h)', (h) => createHostMatcher(['127.0.0.0/8', 'a.example'])(h as never)],
  ['planXclientSession(h, ehlo)', (h) => planXclientSession(h as never, EHLO)],
  [
    'planXclientSession(id, ehlo, h)',
    (h) => planXclientSession({ ADDR: '192.0.2.1' }, EHLO, h as never),
  ],
  [
    'planXclientSession(id, ehlo, { peer: h })',
    (h) => planXclientSession({ ADDR: '192.0.2.1' }, EHLO, { peer: h as never }),
  ],
  ['planConnectionReuse(h, next)', (h) => planConnectionReuse(h as never, { ADDR: '127.0.0.2' })],
  ['planConnectionReuse(prev, h)', (h) => planConnectionReuse({ ADDR: '127.0.0.2' }, h as never)],
  [
    'planConnectionReuse(prev, next, h)',
    (h) => planConnectionReuse({ ADDR: '127.0.0.2' }, { NAME: 'b.example' }, h as never),
  ],
  [
    'planConnectionReuse(…, { announced: h })',
    (h) => planConnectionReuse({}, { NAME: 'b.example' }, { announced: h as never }),
  ],
  ['planXclientSession(id, h)', (h) => planXclientSession({ ADDR: '192.0.2.1' }, h as never)],
  ['findPipeliningHazards(h)', (h) => findPipeliningHazards(h as never)],
  ['findPipeliningHazards([h])', (h) => findPipeliningHazards([h] as never)],
  ['interpretXclientReply(h)', (h) => interpretXclientReply(h as never)],
  [
    'interpretXclientReply(reply, h)',
    (h) => interpretXclientReply({ code: 220, text: 'ok' }, h as never),
  ],
  ['planXforwardSession(h, ehlo)', (h) => planXforwardSession(h as never, EHLO)],
  [
    'planXforwardSession(a, ehlo, h)',
    (h) => planXforwardSession({ IDENT: 'A1' }, EHLO, h as never),
  ],
  ['planXforwardSession(a, h)', (h) => planXforwardSession({ IDENT: 'A1' }, h as never)],
  [
    'planXforwardSession(a, h, { identity: xclient })',
    (h) => planXforwardSession({ IDENT: 'A1', ADDR: '192.0.2.1' }, h as never, XCLIENT_MODE),
  ],
  ['xclientFromXforward(h)', (h) => xclientFromXforward(h as never)],
];

/** One call with one hostile value: a coded error, or a result whose lines hold no CR, LF or NUL. */
function check(label: string, call: (h: unknown) => unknown, hostile: Hostile): void {
  let result: unknown;
  try {
    result = call(hostile.make());
  } catch (e) {
    expect(isXclientError(e), `${label} with ${hostile.label} threw ${String(e)}`).toBe(true);
    return;
  }
  for (const s of strings(result)) expect(s, label).not.toMatch(/[\r\n\0]/);
}

describe('hostile values: a coded error or a result, never a TypeError or a hang', () => {
  fcTest.prop([fc.constantFrom(...CALLS), hostileValue(fc)])(
    'every argument position of the server and client builders',
    ([label, call], hostile) => check(label, call, hostile),
  );

  // The same, every value in every position: the property above samples the pairs.
  it.each(CALLS.map(([label, call]) => [label, call] as const))(
    '%s, for every hostile value',
    (label, call) => {
      for (const hostile of HOSTILE_VALUES) check(label, call, hostile);
    },
  );

  it('applyCommand never throws for any command object, even hostile ones', () => {
    fc.assert(
      fc.property(hostileValue(fc), (hostile) => {
        expect(() => applyCommand(session, hostile.make() as SmtpCommand)).not.toThrow();
      }),
    );
  });
});
