/**
 * The SMTP commands other than XCLIENT and XFORWARD that their logic depends on, as a table of
 * handlers: HELO/EHLO, MAIL, RCPT, DATA and its end, RSET, STARTTLS, AUTH, QUIT.
 *
 * @see docs/spec/postfix.md §2 step 1, §13; RFC 5321 §4.1.4; RFC 3207 §4.2
 * @packageDocumentation
 */

import type { Reply } from '../errors.js';
import { postfixTokens } from '../grammar/tokenize.js';
import { ownFields } from '../input.js';
import { LINE_BREAKING } from '../octets.js';
import { LINE, SESSION } from '../replies.js';
import { maskForReply, neuter } from '../values/printable.js';
import { UNAVAILABLE } from '../values/special.js';
import {
  closedReply,
  next,
  optionsOf,
  pipeliningRefusal,
  refusal,
  sessionOf,
  step,
  xclientKeyword,
} from './state.js';
import type {
  CommandOptions,
  SessionStep,
  SmtpCommand,
  TransactionState,
  XclientSession,
} from './types.js';
import { xforwardKeyword } from './xforward.js';

/** The replies of the session (one home for every text: src/replies.ts). */
const SMTP_REPLIES = SESSION;

/** The three greeting commands' effect: which hello state and PROTO they set. */
const HELLO: Readonly<
  Record<'HELO' | 'EHLO', { readonly proto: 'SMTP' | 'ESMTP'; readonly syntax: Reply }>
> = /* @__PURE__ */ (() =>
  ({
    HELO: { proto: 'SMTP', syntax: SMTP_REPLIES.heloSyntax },
    EHLO: { proto: 'ESMTP', syntax: SMTP_REPLIES.ehloSyntax },
  }) as const)();

/** Which transaction states a command may start in, and where an accepted one leads. */
const TRANSACTION: Readonly<
  Record<
    'MAIL' | 'RCPT' | 'DATA' | 'END_OF_DATA',
    {
      readonly from: readonly TransactionState[];
      readonly to: TransactionState;
      readonly accepted: Reply;
      /** The refusal when the command comes out of sequence, by state. */
      readonly refused: Readonly<Partial<Record<TransactionState, Reply>>>;
      /** Where the transaction goes when the server refuses the command itself. */
      readonly onRefusal: 'stay' | 'idle';
    }
  >
> = /* @__PURE__ */ (() =>
  ({
    MAIL: {
      from: ['idle'],
      to: 'mail',
      accepted: SMTP_REPLIES.mailOk,
      refused: { mail: SMTP_REPLIES.nestedMail, rcpt: SMTP_REPLIES.nestedMail },
      onRefusal: 'stay',
    },
    RCPT: {
      from: ['mail', 'rcpt'],
      to: 'rcpt',
      accepted: SMTP_REPLIES.rcptOk,
      refused: { idle: SMTP_REPLIES.needMail },
      onRefusal: 'stay',
    },
    DATA: {
      from: ['rcpt'],
      to: 'data',
      accepted: SMTP_REPLIES.dataGo,
      refused: { idle: SMTP_REPLIES.needRcpt, mail: SMTP_REPLIES.noRecipients },
      onRefusal: 'stay',
    },
    END_OF_DATA: {
      from: ['data'],
      to: 'idle',
      accepted: SMTP_REPLIES.queued,
      refused: { idle: SMTP_REPLIES.noData, mail: SMTP_REPLIES.noData, rcpt: SMTP_REPLIES.noData },
      onRefusal: 'idle',
    },
  }) as const)();

/**
 * Postfix's treatment of a HELO/EHLO argument (helo_cmd(), ehlo_cmd()): up to a NUL (the
 * command line is a C string there), its tokens
 * (smtpd_token(): whitespace runs separate them, except inside `"…"` and `<…>`) joined by one
 * SP (collapse_args()), then printable() (controls and DEL as `?`; UTF-8 kept:
 * `EHLO héllo.wörld.example` stays as it is) and neuter() (` <>()\";@` as `?`).
 */
function heloName(given: string): string {
  // The line is a C string to Postfix's tokenizer: a NUL ends it (docs/spec/postfix.md §1).
  const nul = given.indexOf('\0');
  const name = nul >= 0 ? given.slice(0, nul) : given;
  const octets = new TextEncoder().encode(name);
  const decoder = new TextDecoder();
  const tokens = postfixTokens(octets, octets.length).map(([start, end]) =>
    decoder.decode(octets.subarray(start, end)),
  );
  return neuter(maskForReply(tokens.join(' ')));
}

/** The EHLO reply: host name, the extensions, STARTTLS when offered, XCLIENT and XFORWARD when authorized. */
function ehloReply(s: XclientSession): Reply {
  const keywords = [xclientKeyword(s), xforwardKeyword(s)].filter((k) => k !== undefined);
  const lines = [
    s.hostname,
    ...s.extensions,
    ...(s.tlsAvailable && !s.tls ? ['STARTTLS'] : []),
    ...keywords,
  ];
  return Object.freeze(SESSION.hello(s.hostname, Object.freeze(lines)));
}

type Handler<C extends SmtpCommand> = (s: XclientSession, command: C) => SessionStep;
type Handlers = { readonly [V in SmtpCommand['verb']]: Handler<Extract<SmtpCommand, { verb: V }>> };

function hello(
  s: XclientSession,
  command: { readonly verb: 'HELO' | 'EHLO'; readonly name: string },
): SessionStep {
  const rule = HELLO[command.verb];
  const name = typeof command.name === 'string' ? heloName(command.name) : '';
  if (name === '') return step(rule.syntax, s);
  if (
    command.verb === 'EHLO' &&
    (s.authorization === 'failed' || s.xforwardAuthorization === 'failed')
  ) {
    return step(SESSION.localDataError(s.hostname), next(s, { closed: true }));
  }
  const after = next(s, {
    client: Object.freeze({ ...s.client, HELO: name, PROTO: rule.proto }),
    hello: command.verb,
    transaction: 'idle',
    xforward: undefined,
  });
  const reply =
    command.verb === 'EHLO' ? ehloReply(after) : Object.freeze(SESSION.hello(s.hostname));
  return step(reply, after);
}

function transaction(
  s: XclientSession,
  command: { readonly verb: 'MAIL' | 'RCPT' | 'DATA' | 'END_OF_DATA'; readonly reply?: Reply },
): SessionStep {
  const rule = TRANSACTION[command.verb];
  if (!rule.from.includes(s.transaction)) return step(rule.refused[s.transaction] as Reply, s);
  const reply = command.reply ?? rule.accepted;
  const accepted = reply.code >= 200 && reply.code < 400;
  const to = accepted ? rule.to : rule.onRefusal === 'idle' ? 'idle' : s.transaction;
  if (to === s.transaction) return step(reply, s);
  // The end of the transaction forgets the XFORWARD attributes (Postfix's mail_reset()).
  const ends = to === 'idle';
  return step(reply, next(s, { transaction: to, ...(ends ? { xforward: undefined } : {}) }));
}

const HANDLERS: Handlers = {
  HELO: hello,
  EHLO: hello,
  MAIL: transaction,
  RCPT: transaction,
  DATA: transaction,
  END_OF_DATA: transaction,
  RSET: (s) =>
    step(
      SMTP_REPLIES.rsetOk,
      s.transaction === 'idle' && s.xforward === undefined
        ? s
        : next(s, { transaction: 'idle', xforward: undefined }),
    ),
  STARTTLS(s) {
    if (!s.tlsAvailable) return step(SMTP_REPLIES.noTls, s);
    if (s.tls) return step(SMTP_REPLIES.tlsActive, s);
    if (s.transaction !== 'idle') return step(SESSION.transactionInProgress, s);
    // RFC 3207 §4.2: forget what the client said before TLS (Postfix: HELO and SASL state).
    return step(
      SMTP_REPLIES.tlsGo,
      next(s, {
        tls: true,
        hello: 'none',
        client: Object.freeze({ ...s.client, HELO: UNAVAILABLE, LOGIN: UNAVAILABLE }),
        xforward: undefined,
      }),
    );
  },
  // Postfix's auth_cmd order: a HELO name (XCLIENT HELO counts), not yet authenticated
  // (XCLIENT LOGIN counts), no transaction.
  AUTH(s, command) {
    if (s.client.HELO === UNAVAILABLE) return step(SMTP_REPLIES.needHelo, s);
    if (s.client.LOGIN !== UNAVAILABLE) return step(SMTP_REPLIES.alreadyAuth, s);
    if (s.transaction !== 'idle') return step(SESSION.transactionInProgress, s);
    const login = typeof command.login === 'string' ? command.login : '';
    if (login === '' || LINE_BREAKING.test(login)) return step(SMTP_REPLIES.badLogin, s);
    return step(
      SMTP_REPLIES.authOk,
      next(s, { client: Object.freeze({ ...s.client, LOGIN: login }) }),
    );
  },
  NOOP: (s) => step(SMTP_REPLIES.noopOk, s),
  QUIT: (s) => step(SMTP_REPLIES.bye, next(s, { closed: true })),
};

/**
 * Applies an SMTP command other than XCLIENT and XFORWARD: the events their logic depends on
 * (measured on Postfix 3.7.11 for XFORWARD, docs/spec/postfix.md §15). The
 * session judges the sequence; the server's own policy (a refused sender or recipient, a
 * rejected message) comes in as the command's `reply`. Never mutates `session`, never
 * throws.
 *
 * | verb | effect | replies |
 * | --- | --- | --- |
 * | `HELO`, `EHLO` | HELO name set (whitespace collapsed, controls and `` <>()\";@`` shown as `?`, UTF-8 kept, as Postfix), PROTO `SMTP`/`ESMTP`, transaction and XFORWARD attributes cleared. After XCLIENT this replaces the XCLIENT HELO (docs/spec/postfix.md §13); LOGIN is kept | `250 hostname`; EHLO lists the extensions, STARTTLS when offered, {@link xclientKeyword} and {@link xforwardKeyword} when authorized; `501 Syntax: EHLO hostname` without a name (nothing cleared) |
 * | `MAIL` | transaction `'mail'` when accepted; a refused MAIL changes nothing, the XFORWARD attributes included (Postfix 3.7.11 with `smtpd_delay_reject = yes`, its default; see docs/xforward.md for the refusals that reset) | `250 2.1.0 Ok`, `503 5.5.1 Error: nested MAIL command` |
 * | `RCPT` | transaction `'rcpt'` when accepted | `250 2.1.5 Ok`, `503 5.5.1 Error: need MAIL command` |
 * | `DATA` | transaction `'data'` | `354 End data with <CR><LF>.<CR><LF>`, `503 5.5.1 Error: need RCPT command`, `554 5.5.1 Error: no valid recipients` |
 * | `END_OF_DATA` | transaction back to `'idle'` and XFORWARD attributes cleared, whatever the reply (BDAT LAST alike) | `250 2.0.0 Ok: queued` (pass your own with the queue id) |
 * | `RSET` | transaction `'idle'`, XFORWARD attributes cleared | `250 2.0.0 Ok` |
 * | `STARTTLS` | TLS on, HELO/EHLO state, HELO, LOGIN and XFORWARD attributes forgotten (RFC 3207 §4.2) | `220 2.0.0 Ready to start TLS`, `502` when not offered, `554` when active, `503` in a transaction |
 * | `AUTH` | LOGIN set (a completed SASL exchange) | `235 2.7.0`, `503 5.5.1` before EHLO, in a transaction or when already authenticated (XCLIENT LOGIN counts) |
 * | `NOOP` | nothing (it must end a pipelined group, see below) | `250 2.0.0 Ok` |
 * | `QUIT` | session closed | `221 2.0.0 Bye` |
 *
 * A closed session answers everything with `421 4.4.2 <hostname> Error: session closed`;
 * during DATA every command but `END_OF_DATA` gets `503 5.5.1 Error: message data in
 * progress`. Other commands that change none of this state (VRFY, HELP, BDAT…) are not
 * modelled: answer them without the session.
 *
 * @param session - the session before the command.
 * With `forbidUnauthPipelining` set on the session and `options.pending` (more input was
 * already waiting behind this command), Postfix's check runs first: when the protocol is not
 * ESMTP (before EHLO, after HELO, after an XCLIENT without `PROTO=ESMTP`) or the command
 * must end a pipelined group (HELO, EHLO, DATA, NOOP), the reply is
 * `554 5.5.0 Error: SMTP protocol synchronization`, the command does not run and the session
 * ends (docs/spec/postfix.md §14).
 *
 * @param command - the verb and its argument (see {@link SmtpCommand}).
 * @param options - whether more input is waiting behind the command (`pending`).
 * @returns the reply and the new session.
 * @example
 * ```ts
 * const s = createXclientSession({ client: { ADDR: '127.0.0.1' }, authorizedHosts: ['127.0.0.0/8'] });
 * let { session } = applyCommand(s, { verb: 'EHLO', name: 'client.example' });
 * session.client.HELO  //=> 'client.example'
 * session.client.PROTO //=> 'ESMTP'
 * session = applyCommand(session, { verb: 'MAIL' }).session;
 * applyXclient(session, 'XCLIENT ADDR=192.0.2.1').reply.code //=> 503
 * ```
 * @see docs/spec/postfix.md §2 step 1, §13; RFC 5321 §4.1.4; RFC 3207 §4.2
 * @remarks Since 0.1.0
 */
export function applyCommand(
  session: XclientSession,
  command: SmtpCommand,
  options: CommandOptions = {},
): SessionStep {
  const s = sessionOf(session);
  if (s.closed) return step(closedReply(s), s);
  // Own properties only (a polluted prototype's `verb` or `name` is no part of the command);
  // a command that cannot be read is not recognized.
  let read: SmtpCommand | undefined;
  try {
    read = ownFields(command, 'command', refusal('OPTION_INVALID')) as SmtpCommand | undefined;
  } catch {
    // read stays undefined: the command is not recognized
  }
  const own = optionsOf(options);
  const verb = read === undefined ? undefined : read.verb;
  // Own keys only: a verb such as "toString" or "__proto__" is no command of the table.
  const handler =
    typeof verb === 'string' && Object.hasOwn(HANDLERS, verb)
      ? (HANDLERS[verb] as Handler<SmtpCommand>)
      : undefined;
  // Stryker disable next-line ConditionalExpression: read undefined means verb undefined, so no handler; the test is there for the type
  if (handler === undefined || read === undefined) return step(LINE.notRecognized, s);
  if (s.transaction === 'data' && verb !== 'END_OF_DATA') {
    return step(SMTP_REPLIES.inData, s);
  }
  // The end of DATA is no command line: Postfix's pipelining checks do not see it.
  const refused =
    verb === 'END_OF_DATA' ? undefined : pipeliningRefusal(s, verb as string, own.pending);
  return refused ?? handler(s, read);
}
