/**
 * The client side of XFORWARD: a content filter or relay that received the original
 * client's attributes (by XFORWARD, or from its own session) passes them on to the next
 * server as XFORWARD, or as XCLIENT where that server should treat the connection as the
 * original client's (access control), and as XFORWARD for what XCLIENT cannot carry.
 *
 * - {@link xclientFromXforward}: the XCLIENT attributes for XFORWARD ones, and what does not
 *   map (IDENT and SOURCE never do; PROTO only as SMTP or ESMTP).
 * - {@link planXforwardSession}: the lines for one connection from the server's EHLO reply:
 *   XCLIENT first when asked (it resets the session), the EHLO after its 220, then XFORWARD;
 *   XFORWARD again before every later MAIL FROM, as the server forgets it after each message.
 * - {@link interpretXforwardReply}: what to do after a reply to XFORWARD.
 *
 * ```
 * connection = [ xclient-lines hello ] xforward-lines 1*( transaction xforward-lines )
 * ```
 *
 * @see docs/xforward.md; docs/spec/postfix.md §13, §15
 * @packageDocumentation
 */

import type { XclientAttributes } from '../command.js';
import type { XclientAttributeName } from '../dialects/xclient.js';
import { XFORWARD_ATTRIBUTE_NAMES, type XforwardAttributeName } from '../dialects/xforward.js';
import { type Reply, XclientError } from '../errors.js';
import { describe, isArray, ownFields, record } from '../input.js';
import { parseXforwardKeyword } from '../keyword.js';
import { asciiUpper } from '../octets.js';
import { commandSyntax } from '../replies.js';
import { specialValueOf } from '../values/special.js';
import { planXforward, type XforwardAttributes } from '../xforward.js';
import { type EhloReplyInput, ehloLines } from './ehlo.js';
import { SERVER_CLOSING } from './interpret.js';
import { planXclientSession, type XclientClientOptions, type XclientSessionPlan } from './plan.js';

// ---------------------------------------------------------------------------------------
// Mapping

/**
 * XFORWARD attributes as XCLIENT ones, and those that have no XCLIENT counterpart.
 * @example
 * ```ts
 * const m: XclientMapping = xclientFromXforward({ NAME: 'c.example', IDENT: 'A1' });
 * m.unmapped //=> ['IDENT']
 * ```
 * @remarks Since 0.2.0
 */
export interface XclientMapping {
  /** The attributes XCLIENT carries: NAME, ADDR, PORT and HELO as they are, PROTO mapped. */
  readonly xclient: XclientAttributes;
  /**
   * Those it cannot: IDENT and SOURCE (XCLIENT has no message identifier and no source),
   * and a PROTO other than SMTP or ESMTP (with its RFC 3848 variants) or `[UNAVAILABLE]`
   * (XCLIENT's PROTO has no such value). Send them as XFORWARD, or they are lost.
   */
  readonly unmapped: readonly XforwardAttributeName[];
}

/** The XFORWARD attributes XCLIENT carries under the same name and meaning. */
const SAME: readonly (XforwardAttributeName & XclientAttributeName)[] = [
  'NAME',
  'ADDR',
  'PORT',
  'HELO',
];

/**
 * XCLIENT's PROTO for an XFORWARD one: SMTP, or ESMTP for ESMTP and the names RFC 3848 and
 * RFC 6531 build on it (ESMTPA, ESMTPS, ESMTPSA, UTF8SMTP, UTF8SMTPA…); undefined for any
 * other protocol (LMTP, QMQP, local…).
 */
function xclientProto(proto: unknown): 'SMTP' | 'ESMTP' | undefined {
  if (typeof proto !== 'string') return undefined;
  const upper = asciiUpper(proto);
  if (upper === 'SMTP') return 'SMTP';
  return /^(ESMTP|UTF8SMTP)(S|A|SA)?$/.test(upper) ? 'ESMTP' : undefined;
}

/** The refusal of an attribute set that is not one. */
const formatRefusal = (message: string): XclientError =>
  new XclientError({ code: 'FORMAT_INVALID_INPUT', message, reply: commandSyntax('XFORWARD') });

/** The refusal of options that are not. */
const optionRefusal = (message: string): XclientError =>
  new XclientError({ code: 'OPTION_INVALID', message, reply: commandSyntax('XFORWARD') });

/** An attribute set given by a caller: an object, special values written as strings read as markers. */
function checkAttributes(attributes: unknown): Record<string, unknown> {
  if (typeof attributes !== 'object' || attributes === null || isArray(attributes)) {
    throw new XclientError({
      code: 'FORMAT_INVALID_INPUT',
      message: `attributes must be an object of XFORWARD attributes, not ${describe(attributes)}`,
      reply: commandSyntax('XFORWARD'),
    });
  }
  // Own properties only, into a prototype-free record: an inherited IDENT is no attribute.
  const own = ownFields(attributes, 'attributes', formatRefusal) as Record<string, unknown>;
  const out = record();
  for (const key of Object.keys(own)) {
    const value = own[key];
    if (value !== undefined)
      out[key] = (typeof value === 'string' && specialValueOf(value)) || value;
  }
  return out;
}

/**
 * Maps XFORWARD attributes (what a content filter received) to XCLIENT attributes. NAME,
 * ADDR, PORT and HELO map as they are (`[UNAVAILABLE]` included); PROTO maps to SMTP or
 * ESMTP when it is one of those or an RFC 3848 name built on ESMTP; IDENT and SOURCE have no
 * XCLIENT counterpart and are returned in `unmapped`, with a PROTO that does not map. The
 * values are not validated here: `formatXclient` does that (an XFORWARD NAME Postfix
 * accepted is a valid XCLIENT NAME: both are `valid_hostname()`).
 *
 * @param attributes - the XFORWARD attributes.
 * @returns the XCLIENT attributes and the names that did not map.
 * @throws {@link smtp-xclient!XclientError} `FORMAT_INVALID_INPUT` when `attributes` is not an object.
 * @example
 * ```ts
 * xclientFromXforward({ NAME: 'c.example', ADDR: '192.0.2.1', PROTO: 'ESMTPSA', IDENT: 'A1', SOURCE: 'REMOTE' })
 * //=> { xclient: { NAME: 'c.example', ADDR: '192.0.2.1', PROTO: 'ESMTP' }, unmapped: ['SOURCE', 'IDENT'] }
 * xclientFromXforward({ PROTO: 'LMTP' }) //=> { xclient: {}, unmapped: ['PROTO'] }
 * ```
 * @see docs/xforward.md ("XFORWARD and XCLIENT side by side")
 * @remarks Since 0.2.0
 */
export function xclientFromXforward(attributes: XforwardAttributes): XclientMapping {
  const given = checkAttributes(attributes);
  const xclient = record();
  const unmapped: XforwardAttributeName[] = [];
  for (const name of XFORWARD_ATTRIBUTE_NAMES) {
    const value = given[name];
    if (value === undefined) continue;
    if ((SAME as readonly string[]).includes(name)) xclient[name] = value;
    else if (name === 'PROTO' && xclientProto(value) !== undefined) {
      xclient.PROTO = xclientProto(value);
    } else unmapped.push(name);
  }
  return Object.freeze({
    xclient: Object.freeze(xclient) as XclientAttributes,
    unmapped: Object.freeze(unmapped),
  });
}

// ---------------------------------------------------------------------------------------
// The plan of a connection

/**
 * Options of {@link planXforwardSession}: those of `planXclientSession`, and which command
 * carries the client identity.
 * @example
 * ```ts
 * const o: XforwardSessionOptions = { identity: 'xclient', authorizedHosts: ['127.0.0.0/8'] };
 * ```
 * @remarks Since 0.2.0
 */
export interface XforwardSessionOptions extends XclientClientOptions {
  /**
   * `'xforward'`: every attribute as XFORWARD, for the logs of the next server only (what
   * Postfix's own smtp client and content filters do). `'xclient'`: NAME, ADDR, PORT, HELO
   * and PROTO as XCLIENT, so that the next server also applies its access rules to the
   * original client, and the rest (IDENT, SOURCE) as XFORWARD.
   * @defaultValue `'xforward'`
   */
  readonly identity?: 'xforward' | 'xclient';
}

/**
 * What to send on one connection, in order: `lines` before the first MAIL FROM (the XCLIENT
 * lines, each after the previous 220; the hello; the XFORWARD lines, each after a 250), and
 * `perMessage` again before each later MAIL FROM.
 * @example
 * ```ts
 * const ehlo = ['250-mx.example', '250 XFORWARD NAME ADDR PROTO HELO SOURCE PORT IDENT'];
 * const plan: XforwardSessionPlan = planXforwardSession({ IDENT: 'A1' }, ehlo);
 * plan.lines //=> ['XFORWARD IDENT=A1']
 * ```
 * @remarks Since 0.2.0
 */
export interface XforwardSessionPlan {
  /** Every line to send before the first MAIL FROM, in order, without CRLF. */
  readonly lines: readonly string[];
  /** The XFORWARD lines to send again before each later MAIL FROM on this connection. */
  readonly perMessage: readonly string[];
  /** The XCLIENT part (`identity: 'xclient'`): its lines, hello and predictions. */
  readonly xclient: XclientSessionPlan | undefined;
  /** The attributes sent as XFORWARD. */
  readonly xforwarded: readonly XforwardAttributeName[];
  /**
   * The attributes sent nowhere: not announced by the server, or (with `identity:
   * 'xclient'`) without an XCLIENT counterpart while the server does not announce XFORWARD.
   */
  readonly dropped: readonly XforwardAttributeName[];
  /** Does the server announce XFORWARD to this client? */
  readonly announced: boolean;
}

/** The announced XFORWARD names of an EHLO reply, or undefined when it has none. */
function xforwardAnnounced(
  ehloReply: EhloReplyInput,
): readonly XforwardAttributeName[] | undefined {
  const read = ehloLines(ehloReply);
  const r = read.ok ? parseXforwardKeyword(read.lines) : undefined;
  return r?.ok === true ? r.value.attributes : undefined;
}

/**
 * Plans one connection that forwards a client's attributes, from the server's EHLO reply.
 *
 * With `identity: 'xforward'` (the default) the attributes the server's XFORWARD keyword
 * announces go as XFORWARD lines (the others are `dropped`). With `identity: 'xclient'`,
 * NAME, ADDR, PORT, HELO and PROTO (as SMTP or ESMTP) go as XCLIENT through
 * `planXclientSession` (its lines, then its hello after the 220), and IDENT, SOURCE and a
 * PROTO XCLIENT cannot carry go as XFORWARD after that hello: a successful XCLIENT and the
 * EHLO after it both make Postfix forget XFORWARD attributes, and XCLIENT moving ADDR does
 * not take XFORWARD away (its authorization is not evaluated again). Without XFORWARD in the
 * reply they are `dropped`: the next server never learns them.
 *
 * The server forgets XFORWARD attributes after each message (end of DATA, RSET), so send
 * `perMessage` before each later MAIL FROM on the same connection.
 *
 * @param attributes - the XFORWARD attributes to pass on.
 * @param ehloReply - the server's reply to EHLO: the text, its lines, or a parsed `Reply`.
 * @param options - which command carries the identity, and `planXclientSession`'s options.
 * @returns the plan.
 * @throws {@link smtp-xclient!XclientError} as `formatXforward` and `planXclientSession` do for an invalid
 *   value; `OPTION_INVALID` for an unknown `identity`.
 * @example
 * ```ts
 * const ehlo = ['250-mx.example', '250-XCLIENT NAME ADDR PROTO HELO PORT', '250 XFORWARD NAME ADDR PROTO HELO SOURCE PORT IDENT'];
 * const up = { NAME: 'c.example', ADDR: '192.0.2.1', PROTO: 'ESMTP', IDENT: 'A1', SOURCE: 'REMOTE' } as const;
 * planXforwardSession(up, ehlo).lines
 * //=> ['XFORWARD NAME=c.example ADDR=192.0.2.1 IDENT=A1 PROTO=ESMTP SOURCE=REMOTE']
 * const both = planXforwardSession(up, ehlo, { identity: 'xclient' });
 * both.lines      //=> ['XCLIENT PROTO=ESMTP NAME=c.example ADDR=192.0.2.1', 'EHLO c.example', 'XFORWARD IDENT=A1 SOURCE=REMOTE']
 * both.perMessage //=> ['XFORWARD IDENT=A1 SOURCE=REMOTE']
 * ```
 * @see docs/xforward.md; docs/spec/postfix.md §13, §15
 * @remarks Since 0.2.0
 */
export function planXforwardSession(
  attributes: XforwardAttributes,
  ehloReply: string | readonly string[] | Reply,
  options: XforwardSessionOptions = {},
): XforwardSessionPlan {
  const own = ownFields(options, 'options', optionRefusal) ?? {};
  const mode = own.identity ?? 'xforward';
  if (mode !== 'xforward' && mode !== 'xclient') {
    throw new XclientError({
      code: 'OPTION_INVALID',
      message: `identity must be 'xforward' or 'xclient', not ${describe(mode)}`,
      reply: commandSyntax('XFORWARD'),
    });
  }
  const given = checkAttributes(attributes);
  let xclient: XclientSessionPlan | undefined;
  let rest: Record<string, unknown> = given;
  if (mode === 'xclient') {
    const mapping = xclientFromXforward(given as XforwardAttributes);
    xclient = planXclientSession(mapping.xclient, ehloReply, own);
    rest = record();
    for (const name of mapping.unmapped) rest[name] = given[name];
  }
  const announced = xforwardAnnounced(ehloReply);
  const names = Object.keys(rest) as XforwardAttributeName[];
  const plan =
    announced === undefined || names.length === 0
      ? { lines: [], omitted: names }
      : planXforward(rest as XforwardAttributes, { announced, unannounced: 'omit' });
  const head = xclient === undefined ? [] : [...xclient.lines, xclient.hello.line];
  return Object.freeze({
    lines: Object.freeze([...head, ...plan.lines]),
    perMessage: Object.freeze([...plan.lines]),
    xclient,
    xforwarded: Object.freeze(names.filter((n) => !plan.omitted.includes(n))),
    dropped: Object.freeze([
      ...(xclient?.omitted ?? []),
      ...plan.omitted,
    ] as XforwardAttributeName[]),
    announced: announced !== undefined,
  });
}

// ---------------------------------------------------------------------------------------
// Replies

/**
 * The class of a reply to XFORWARD: 250 `'success'`, 421 `'unavailable'`, 501 `'syntax'`,
 * 503 `'transaction'`, 550 `'unauthorized'`, any other code `'rejected'` (XFORWARD_README's
 * table; 500 and 502 from servers without XFORWARD land there).
 * @example
 * ```ts
 * const c: XforwardReplyClass = 'success';
 * ```
 * @remarks Since 0.2.0
 */
export type XforwardReplyClass =
  | 'success'
  | 'unavailable'
  | 'syntax'
  | 'transaction'
  | 'unauthorized'
  | 'rejected';

/**
 * What to do after a reply to XFORWARD.
 * @example
 * ```ts
 * const v: XforwardReplyVerdict = interpretXforwardReply({ code: 250, enhanced: '2.0.0', text: 'Ok' });
 * v.action //=> 'continue'
 * ```
 * @remarks Since 0.2.0
 */
export interface XforwardReplyVerdict {
  /** The reply's class. */
  readonly class: XforwardReplyClass;
  /**
   * `'continue'`: send the next line, or MAIL FROM after the last; `'rset-and-retry'`: a
   * transaction is open, send RSET and the same line again; `'stop'`: do not send the message
   * with these attributes.
   */
  readonly action: 'continue' | 'rset-and-retry' | 'stop';
  /** Whether to QUIT and close the connection (or the server has closed it). */
  readonly closeConnection: boolean;
  /** Why, for logs. */
  readonly reason: string;
}

const CLASSES: Readonly<Record<number, XforwardReplyClass>> = {
  250: 'success',
  421: 'unavailable',
  501: 'syntax',
  503: 'transaction',
  550: 'unauthorized',
};

const VERDICTS: Readonly<Record<XforwardReplyClass, Omit<XforwardReplyVerdict, 'class'>>> = {
  success: {
    action: 'continue',
    closeConnection: false,
    reason: 'attributes held until the end of the message: send the next line, or MAIL FROM',
  },
  unavailable: SERVER_CLOSING,
  syntax: {
    action: 'stop',
    closeConnection: false,
    reason:
      'the server refused an attribute and kept the ones before it: send RSET (which forgets them) and go on without XFORWARD, or fix the value',
  },
  transaction: {
    action: 'rset-and-retry',
    closeConnection: false,
    reason: 'a mail transaction is open: send RSET, then the same XFORWARD line again',
  },
  unauthorized: {
    action: 'stop',
    closeConnection: false,
    reason:
      'not authorized for XFORWARD (Postfix: smtpd_authorized_xforward_hosts): mail sent here is logged as from this client',
  },
  rejected: {
    action: 'stop',
    closeConnection: true,
    reason: 'the server does not know XFORWARD or rejected the connection: QUIT',
  },
};

/**
 * Tells a client what to do after a reply to XFORWARD: `'continue'` after 250;
 * `'rset-and-retry'` after 503; `'stop'` otherwise — keeping the connection after 501 (RSET
 * forgets the attributes Postfix already took) and 550 (the connection still carries mail,
 * logged as this client's), closing it after 421 and any other code.
 *
 * @param reply - the server's reply to an XFORWARD line.
 * @returns the class, the action, whether to close the connection, and why.
 * @example
 * ```ts
 * interpretXforwardReply({ code: 250, enhanced: '2.0.0', text: 'Ok' }).action //=> 'continue'
 * interpretXforwardReply({ code: 503, enhanced: '5.5.1', text: 'Error: MAIL transaction in progress' }).action //=> 'rset-and-retry'
 * interpretXforwardReply({ code: 502, text: 'Error: command not implemented' }).class //=> 'rejected'
 * ```
 * @see Postfix XFORWARD_README, "XFORWARD Server reply codes"
 * @remarks Since 0.2.0
 */
export function interpretXforwardReply(reply: Reply): XforwardReplyVerdict {
  const kind = CLASSES[reply.code] ?? 'rejected';
  const verdict = VERDICTS[kind];
  return Object.freeze({ class: kind, ...verdict, reason: `${reply.code}: ${verdict.reason}` });
}
