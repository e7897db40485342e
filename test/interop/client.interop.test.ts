// The client helper against the live loopback Postfix 3.7.11: one cached connection carries
// five clients (the third needs two XCLIENT commands, the fourth lacks what the others had,
// the fifth has a LOGIN full of Postfix's tokenizer specials),
// and Postfix's log must record each identity exactly; then a client whose ADDR leaves the authorized networks, where the plan's
// prediction must match what Postfix does.
import { parseReply, type Reply, type XclientAttributes } from 'smtp-xclient';
import {
  interpretXclientReply,
  planConnectionReuse,
  planXclientSession,
} from 'smtp-xclient/client';
import { describe, expect, it } from 'vitest';
import {
  ensurePostfix,
  loggedClient,
  logOffset,
  openSmtp,
  POSTFIX,
  queueIdOf,
  type SmtpConnection,
  type SmtpReply,
  waitForLog,
} from './harness.js';

const postfix = await ensurePostfix();
if (!postfix.ok) console.warn(`[skip] live Postfix client tests: ${postfix.reason}`);

const LOCAL_RCPT = `RCPT TO:<probe@${POSTFIX.hostname}>`;
const RELAY_RCPT = 'RCPT TO:<r@example.net>';
const AUTH = { authorizedHosts: POSTFIX.authorizedHosts };

function reply(r: SmtpReply): Reply {
  const parsed = parseReply(r.lines);
  if (!parsed.ok) throw new Error(`malformed reply ${JSON.stringify(r.lines)}`);
  return parsed.value;
}

/** Sends the XCLIENT lines of a plan, each of which must get 220, then its hello. */
async function deliver(
  smtp: SmtpConnection,
  plan: { readonly lines: readonly string[]; readonly hello: { readonly line: string } },
): Promise<SmtpReply> {
  for (const line of plan.lines) {
    const r = await smtp.command(line);
    const verdict = interpretXclientReply(reply(r));
    expect(verdict.action, `${line} -> ${r.lines.join(' | ')}`).toBe('continue');
    expect(r.lines).toEqual([`220 ${POSTFIX.banner}`]);
  }
  const hello = await smtp.command(plan.hello.line);
  expect(hello.code).toBe(250);
  return hello;
}

/** MAIL, an accepted RCPT (opens the queue file: the client= line), a relay-denied RCPT (logs
 * proto and helo), RSET. */
async function transaction(smtp: SmtpConnection, sender: string): Promise<void> {
  expect((await smtp.command(`MAIL FROM:<${sender}>`)).code).toBe(250);
  expect((await smtp.command(LOCAL_RCPT)).code).toBe(250);
  expect((await smtp.command(RELAY_RCPT)).code).toBe(554);
  expect((await smtp.command('RSET')).code).toBe(250);
}

const announcesXclient = (r: SmtpReply): boolean => r.text.some((t) => t.startsWith('XCLIENT '));
/** name[addr]:port as Postfix logs it, `unknown` for what was not asserted. */
const label = (c: XclientAttributes): string =>
  `${String(c.NAME)}[${String(c.ADDR)}]:${String(c.PORT ?? 'unknown')}`;

describe.skipIf(!postfix.ok)('client helper against the live Postfix 3.7.11', () => {
  it('one cached connection carries five clients, each logged with its own identity', async () => {
    const tag = `cli${Date.now().toString(36)}`;
    const clients: XclientAttributes[] = [
      {
        NAME: 'alice.example',
        ADDR: '127.0.0.5',
        PORT: 4101,
        HELO: 'alice-helo.example',
        LOGIN: 'alice',
        PROTO: 'ESMTP',
      },
      {
        NAME: 'bob.example',
        ADDR: '127.0.0.6',
        PORT: 4102,
        HELO: 'bob-helo.example',
        LOGIN: 'bob',
        PROTO: 'SMTP', // the hello is then HELO, which announces nothing: reuse is predicted
      },
      {
        // Long HELO and LOGIN: with every attribute asserted again the reuse needs two
        // commands, and HELO, PROTO and LOGIN must all survive on Postfix.
        NAME: 'split.example',
        ADDR: '127.0.0.7',
        PORT: 4103,
        HELO: `h${'e'.repeat(191)}.example`,
        LOGIN: `l${'o'.repeat(199)}`,
        PROTO: 'ESMTP',
      },
      {
        // No PORT and no LOGIN: the reuse asserts PORT=[UNAVAILABLE] and LOGIN=[UNAVAILABLE],
        // so nothing of the previous client survives (Postfix logs the port as "unknown").
        NAME: 'carol.example',
        ADDR: '127.0.0.8',
        HELO: 'carol-helo.example',
        PROTO: 'ESMTP',
      },
      {
        // Postfix's tokenizer specials in a LOGIN: raw, they swallowed NAME and ADDR.
        NAME: 'dave.example',
        ADDR: '127.0.0.9',
        PORT: 4105,
        HELO: 'dave-helo.example',
        LOGIN: 'd "a v" <e>\\',
        PROTO: 'ESMTP',
      },
    ];
    const since = logOffset();
    const smtp = await openSmtp();
    try {
      let hello = await smtp.command('EHLO proxy.example');
      expect(announcesXclient(hello)).toBe(true);
      let previous: XclientAttributes | undefined;
      for (const [i, client] of clients.entries()) {
        const plan =
          previous === undefined
            ? planXclientSession(client, hello.lines, AUTH)
            : planConnectionReuse(previous, client, {
                ...AUTH,
                ...(hello.lines.length > 1 ? { ehloReply: hello.lines } : {}),
              });
        expect(plan.usable, plan.reason).toBe('yes');
        expect(plan.omitted).toEqual([]);
        if (i === 1) expect(plan.reason).toMatch(/^the last EHLO reply still announces/);
        if (i === 2) {
          expect(plan.reason).toMatch(/^predicted: /);
          expect(plan.lines.length).toBe(2);
          expect(plan.lines[1]).toMatch(
            /^XCLIENT (\S+ )*HELO=\S+ PROTO=ESMTP LOGIN=\S+ NAME=\S+ ADDR=\S+$/,
          );
        }
        expect(plan.hello.line).toBe(`${client.PROTO === 'SMTP' ? 'HELO' : 'EHLO'} ${client.HELO}`);
        hello = await deliver(smtp, plan);
        if (plan.hello.verb === 'EHLO')
          expect(announcesXclient(hello)).toBe(plan.usableAfter === 'yes');
        await transaction(smtp, `${tag}-${i}@example.com`);
        previous = client;
      }
    } finally {
      await smtp.close();
    }

    const senders = clients.map((_, i) => `${tag}-${i}@example.com`);
    const lines = await waitForLog(
      (l) =>
        senders.every((s) => {
          const qid = queueIdOf(l, `from=<${s}>`);
          return qid !== undefined && loggedClient(l, qid).client !== undefined;
        }),
      { since },
    );
    for (const [i, client] of clients.entries()) {
      const qid = queueIdOf(lines, `from=<${senders[i]}>`) as string;
      expect(loggedClient(lines, qid), `client ${i}`).toEqual({
        client: label(client),
        ...(client.LOGIN === undefined
          ? {}
          : { saslMethod: 'XCLIENT', saslUsername: client.LOGIN }),
        rejectFrom: label(client),
        proto: client.PROTO,
        helo: client.HELO,
      });
    }
  });

  it('an ADDR outside the authorized networks: predicted, and Postfix agrees', async () => {
    const tag = `cli${Date.now().toString(36)}-out`;
    const away: XclientAttributes = {
      NAME: 'away.example',
      ADDR: '192.0.2.44',
      PORT: 4104,
      HELO: 'away.example',
      PROTO: 'ESMTP',
    };
    const since = logOffset();
    const smtp = await openSmtp();
    try {
      const ehlo = await smtp.command('EHLO proxy.example');
      const plan = planXclientSession(away, ehlo.lines, AUTH);
      expect(plan).toMatchObject({ usable: 'yes', usableAfter: 'no' });
      const hello = await deliver(smtp, plan);
      expect(announcesXclient(hello)).toBe(false); // Postfix re-evaluated authorization
      await transaction(smtp, `${tag}@example.com`);
      const reuse = planConnectionReuse(
        away,
        { ADDR: '127.0.0.8' },
        { ...AUTH, ehloReply: hello.lines },
      );
      expect(reuse.usable).toBe('no');
      const predicted = planConnectionReuse(away, { ADDR: '127.0.0.8' }, AUTH);
      expect(predicted.usable).toBe('no');
      const refused = await smtp.command(reuse.lines[0] as string);
      expect(interpretXclientReply(reply(refused))).toMatchObject({
        class: 'unauthorized',
        action: 'stop',
        closeConnection: true,
      });
    } finally {
      await smtp.close();
    }
    const lines = await waitForLog((l) => queueIdOf(l, `from=<${tag}@example.com>`) !== undefined, {
      since,
    });
    const qid = queueIdOf(lines, `from=<${tag}@example.com>`) as string;
    expect(loggedClient(lines, qid)).toMatchObject({
      client: label(away),
      proto: 'ESMTP',
      helo: 'away.example',
    });
  });
});
