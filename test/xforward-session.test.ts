// Replays the whole recorded XFORWARD corpus through one server session per connection:
// createXclientSession with the listener's authorization, then every command Postfix was sent,
// through applyXforward, applyXclient and applyCommand ('postfix' profile). Each reply the
// session gives must be Postfix's, the XFORWARD keyword must be announced where Postfix
// announced it, and for each message the session's xforwardOrigin must be what Postfix
// logged after "client=" (orig_queue_id=, orig_client=). Commands the session does not model
// (NOOP, VRFY, ETRN, HELP, AUTH without SASL, unknown verbs) must leave it unchanged.

import type { Reply } from 'smtp-xclient';
import {
  applyCommand,
  applyXclient,
  applyXforward,
  createXclientSession,
  type XclientSession,
  xforwardKeyword,
  xforwardOrigin,
} from 'smtp-xclient/server';
import { describe, expect, it } from 'vitest';
import {
  loadXforwardCorpus,
  octets,
  type Step,
  utf8,
  type XforwardCase,
} from './helpers/xforward-corpus.js';

const corpus = loadXforwardCorpus();
const LOOPBACK = ['127.0.0.0/8'];

/** The listener of each context (scripts/xforward-probe.mjs, the shared start-postfix.sh). */
function sessionFor(c: XforwardCase): XclientSession {
  const xforward = !['xclient', 'noauth'].includes(c.context);
  return createXclientSession({
    client: { ADDR: '127.0.0.1', NAME: 'localhost' },
    banner: 'xclient-probe.localdomain ESMTP probe',
    ...(c.context === 'noauth' ? {} : { authorizedHosts: LOOPBACK }),
    ...(xforward ? { authorizedXforwardHosts: LOOPBACK } : {}),
  });
}

/** A recorded reply (the commands replayed all got one). */
const reply = (s: Step): Reply => ({
  code: s.code ?? 0,
  ...(s.enhanced === null ? {} : { enhanced: s.enhanced }),
  text: utf8(s.text ?? ''),
});

/** What one connection did: the session, and the log suffix expected for each witness tag. */
interface Run {
  session: XclientSession;
  readonly expected: Map<string, string>;
}

/** The suffix Postfix appends to "client=…" for the session's XFORWARD attributes. */
function logSuffix(session: XclientSession): string {
  const { queueId, client } = xforwardOrigin(session);
  return `${queueId === undefined ? '' : `, orig_queue_id=${queueId}`}${client === undefined ? '' : `, orig_client=${client}`}`;
}

/** Applies one recorded command and checks the session's reply against Postfix's. */
function replay(run: Run, step: Step, where: string): void {
  const { cmd } = step;
  // Postfix's tokenizer skips leading whitespace: the verb is the first token.
  const verb = /^\s*(\S*)/.exec(cmd)?.[1]?.toUpperCase() ?? '';
  const s = run.session;
  let out: { reply: unknown; session: XclientSession } | undefined;
  if (verb === 'XFORWARD') out = applyXforward(s, octets(cmd), { profile: 'postfix' });
  else if (verb === 'XCLIENT') out = applyXclient(s, octets(cmd), { profile: 'postfix' });
  else if (verb === 'EHLO' || verb === 'HELO') {
    out = applyCommand(s, { verb, name: cmd.slice(5) });
    if (step.code === 250) {
      expect((out.reply as { code: number }).code, where).toBe(250);
      run.session = out.session;
      return;
    }
  } else if (verb.startsWith('MAIL')) {
    const tag = /^MAIL FROM:<([^@>]*)@example\.com>/i.exec(cmd)?.[1];
    out = applyCommand(s, { verb: 'MAIL', reply: reply(step) });
    if (tag !== undefined) run.expected.set(tag, logSuffix(out.session));
  } else if (verb.startsWith('RCPT')) out = applyCommand(s, { verb: 'RCPT', reply: reply(step) });
  else if (verb === 'DATA' || verb === 'RSET' || verb === 'STARTTLS' || verb === 'QUIT') {
    out = applyCommand(s, { verb });
  } else if (verb === 'SUBJECT:')
    out = applyCommand(s, { verb: 'END_OF_DATA', reply: reply(step) });
  else if (verb === 'BDAT') {
    // BDAT LAST carries the whole message: DATA and its end, for the session.
    const data = applyCommand(s, { verb: 'DATA' });
    out = applyCommand(data.session, { verb: 'END_OF_DATA', reply: reply(step) });
  }
  if (out === undefined) return; // not modelled: NOOP, VRFY, ETRN, HELP, AUTH, BOGUS
  if (verb !== 'QUIT') expect(out.reply, `${where}: ${cmd}`).toEqual(reply(step));
  run.session = out.session;
}

/** Every command of a record, in the order sent. */
function commandsOf(c: XforwardCase): Step[] {
  const main: Step[] =
    c.line === undefined
      ? [...(c.steps ?? [])]
      : [
          {
            cmd: c.line,
            code: c.code ?? null,
            enhanced: c.enhanced ?? null,
            text: c.text ?? null,
          },
        ];
  return [...(c.pre ?? []), ...main, ...(c.post ?? [])].filter((s) => s.code !== null);
}

describe('Postfix 3.7.11 XFORWARD corpus, replayed through the session', () => {
  it.each(corpus.map((c) => [`${c.id} ${c.note}`, c] as const))('%s', (_name, c) => {
    const run: Run = { session: sessionFor(c), expected: new Map() };
    if (c.context !== 'noehlo' && c.ehlo !== false) {
      run.session = applyCommand(run.session, { verb: 'EHLO', name: 'probe.example' }).session;
      expect(xforwardKeyword(run.session) ?? null).toBe(c.ehlo_xforward ?? null);
    }
    for (const [i, step] of commandsOf(c).entries()) replay(run, step, `${c.id} step ${i}`);
    for (const w of c.witness ?? []) {
      if (w.queue_id === undefined) continue;
      const logged = utf8(w.client ?? '');
      const at = logged.search(/, orig_(queue_id|client)=/);
      expect(at < 0 ? '' : logged.slice(at), `${c.id} ${w.tag}`).toBe(run.expected.get(w.tag));
    }
  });

  it('has a log record for every message but those after a 221 goodbye', () => {
    const missing = corpus.flatMap((c) =>
      (c.witness ?? []).filter((w) => w.queue_id === undefined).map(() => c),
    );
    expect(missing.every((c) => c.code === 221)).toBe(true);
    const witnesses = corpus.flatMap((c) => c.witness ?? []).filter((w) => w.queue_id);
    expect(witnesses.length).toBeGreaterThan(500);
  });
});
