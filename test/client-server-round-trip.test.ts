// What the client plans, the server session applies: planXclientSession and
// planConnectionReuse delivered to applyXclient and applyCommand.
import { TEMPUNAVAIL, UNAVAILABLE, type XclientAttributes } from 'smtp-xclient';
import {
  interpretXclientReply,
  planConnectionReuse,
  planXclientSession,
} from 'smtp-xclient/client';
import {
  applyCommand,
  applyXclient,
  createXclientSession,
  type XclientSession,
  xclientKeyword,
} from 'smtp-xclient/server';
import { describe, expect, it } from 'vitest';
import { AUTHORIZED, SPLIT } from './helpers/client.js';
import { fc, test as fcTest } from './helpers/fc.js';

// -----------------------------------------------------------------------------------------
// Round trip: what the client plans, the server session applies

const SERVER_EHLO = { verb: 'EHLO', name: 'proxy.example' } as const;

/** Sends a plan to a server session: the lines, each needing 220, then the hello. */
function deliver(
  session: XclientSession,
  plan: {
    readonly lines: readonly string[];
    readonly hello: { readonly verb: 'EHLO' | 'HELO'; readonly name: string };
  },
): XclientSession {
  let s = session;
  for (const line of plan.lines) {
    const r = applyXclient(s, line, { profile: 'postfix' });
    expect(interpretXclientReply(r.reply).action, `${line} -> ${r.reply.code}`).toBe('continue');
    s = r.session;
  }
  return applyCommand(s, { verb: plan.hello.verb, name: plan.hello.name }).session;
}

function ehloText(s: XclientSession): string[] {
  const r = applyCommand(s, SERVER_EHLO);
  return [r.reply.text].flat().map((l, i, all) => `250${i === all.length - 1 ? ' ' : '-'}${l}`);
}

const hostLabel = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/);
const identityArb: fc.Arbitrary<XclientAttributes> = fc.record(
  {
    NAME: fc.oneof(
      hostLabel.map((l) => `${l}.example`),
      fc.constant(UNAVAILABLE),
      fc.constant(TEMPUNAVAIL),
    ),
    ADDR: fc.oneof(
      fc.integer({ min: 1, max: 254 }).map((n) => `127.0.0.${n}`),
      fc.constant('::1'),
      fc.constant('192.0.2.1'),
    ),
    PORT: fc.integer({ min: 1, max: 65535 }),
    HELO: fc.oneof(hostLabel, fc.constant(UNAVAILABLE), fc.constantFrom('a b', 'a"b', '<h>')),
    PROTO: fc.constantFrom<'SMTP' | 'ESMTP'>('SMTP', 'ESMTP'),
    LOGIN: fc.oneof(
      fc.string({ minLength: 1, maxLength: 20 }),
      fc.constantFrom('"x', 'a\\', '<a b>'),
      fc.constant(UNAVAILABLE),
    ),
    DESTADDR: fc.constant('127.0.0.1'),
    DESTPORT: fc.constant(10025),
  },
  { requiredKeys: ['ADDR'] },
) as fc.Arbitrary<XclientAttributes>;

describe('round trip through the server session', () => {
  const server = (): XclientSession =>
    createXclientSession({
      client: { ADDR: '127.0.0.1', NAME: 'localhost', PORT: 50000 },
      banner: 'mx.example ESMTP',
      authorizedHosts: AUTHORIZED,
    });

  it('the split identity keeps HELO, PROTO and LOGIN on the server', () => {
    const identity = SPLIT;
    let s = applyCommand(server(), SERVER_EHLO).session;
    const plan = planXclientSession(identity, ehloText(s));
    expect(plan.lines.length).toBe(2);
    s = deliver(s, plan);
    expect(s.client).toMatchObject(identity);
  });

  fcTest.prop([identityArb, identityArb])(
    'a first client then a reused connection: the server holds exactly the asserted identity',
    (first, second) => {
      let s = applyCommand(server(), SERVER_EHLO).session;
      const plan = planXclientSession(first, ehloText(s), { authorizedHosts: AUTHORIZED });
      s = deliver(s, plan);
      const expectedHelo = plan.hello.name;
      expect(s.client).toMatchObject({
        ...first,
        HELO: expectedHelo,
        PROTO: plan.hello.verb === 'EHLO' ? 'ESMTP' : 'SMTP',
      });
      // The prediction agrees with the session.
      expect(plan.usableAfter).toBe(s.authorization === 'granted' ? 'yes' : 'no');
      expect(xclientKeyword(s) !== undefined).toBe(plan.usableAfter === 'yes');

      const reuse = planConnectionReuse(first, second, {
        ehloReply: ehloText(s),
        authorizedHosts: AUTHORIZED,
      });
      expect(reuse.usable).toBe(plan.usableAfter);
      if (reuse.usable === 'no') {
        const r = applyXclient(s, reuse.lines[0] as string, { profile: 'postfix' });
        expect(interpretXclientReply(r.reply).class).toBe('unauthorized');
        return;
      }
      s = deliver(s, reuse);
      // Nothing of the first client survives: every attribute is the second's or unknown.
      const expected: Record<string, unknown> = {
        NAME: UNAVAILABLE,
        REVERSE_NAME: typeof second.NAME === 'string' ? second.NAME : UNAVAILABLE,
        ADDR: UNAVAILABLE,
        PORT: UNAVAILABLE,
        LOGIN: UNAVAILABLE,
        DESTADDR: UNAVAILABLE,
        DESTPORT: UNAVAILABLE,
        ...second,
        HELO: reuse.hello.name,
        PROTO: reuse.hello.verb === 'EHLO' ? 'ESMTP' : 'SMTP',
      };
      expect(s.client).toEqual(expected);
    },
  );

  // Postfix's tokenizer (smtpd_token.c) groups "…" and <…> across spaces and lets a backslash
  // protect the next octet, before any xtext decoding: a raw '"', '<' or '\\' in a LOGIN or
  // HELO swallowed the attributes after it (seen live on Postfix 3.7.11: LOGIN="x … ADDR=…
  // kept the client at the proxy's address). formatXclient escapes them; this pins it.
  it.each(['"x', '<x', 'x>', 'x\\', 'a "b c" <d e>'])(
    'LOGIN=%s keeps NAME and ADDR on the server',
    (login) => {
      let s = applyCommand(server(), SERVER_EHLO).session;
      s = deliver(
        s,
        planXclientSession({ LOGIN: login, NAME: 'n.example', ADDR: '127.0.0.9' }, ehloText(s)),
      );
      expect(s.client).toMatchObject({ LOGIN: login, NAME: 'n.example', ADDR: '127.0.0.9' });
    },
  );
});
