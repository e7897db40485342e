/**
 * Every reply the library gives, each text once: Postfix 3.7.11's texts (checked against the
 * live corpus in the tests), and the library's own where a profile refuses what Postfix
 * accepts. Parameterised replies are functions. Nothing else in the library writes a reply
 * literal.
 *
 * @see docs/spec/postfix.md §2 (the order of checks and their replies)
 * @packageDocumentation
 */

import type { Reply } from './errors.js';
import { withTextOctets } from './text-octets.js';
import { decodeUtf8Lossy } from './utf8.js';

const reply = (code: number, enhanced: string, text: string): Reply =>
  Object.freeze({ code, enhanced, text });
/** `501 5.5.4`: the syntax replies of Postfix's attribute loop. */
export const syntaxReply = (text: string): Reply => reply(501, '5.5.4', text);

/** Replies to a whole command line, before its attributes are looked at. @internal */
export const LINE = {
  badUtf8: /* @__PURE__ */ reply(500, '5.5.2', 'Error: bad UTF-8 syntax'),
  notRecognized: /* @__PURE__ */ reply(500, '5.5.2', 'Error: command not recognized'),
  headerLike: /* @__PURE__ */ reply(221, '2.7.0', 'Error: I can break rules, too. Goodbye.'),
  // The library's own ('strict', 'lenient'): Postfix reads these lines differently.
  empty: /* @__PURE__ */ reply(500, '5.5.2', 'Error: bad syntax'),
  tooLong: /* @__PURE__ */ reply(500, '5.5.6', 'Error: line too long'),
  controlChar: /* @__PURE__ */ reply(500, '5.5.2', 'Error: control character in command'),
  lineFeed: /* @__PURE__ */ reply(500, '5.5.2', 'Error: line feed inside the command'),
  spacing: /* @__PURE__ */ syntaxReply('Error: attributes must be separated by single spaces'),
} as const;

/** `Syntax: XCLIENT attribute=value...`: a command without attributes, or a builder's refusal. @internal */
export const commandSyntax = (verb: string): Reply =>
  syntaxReply(`Syntax: ${verb} attribute=value...`);

/** `Bad XCLIENT attribute name: FOO`. @internal */
export const badAttributeName = (verb: string, name: string): Reply =>
  syntaxReply(`Bad ${verb} attribute name: ${name}`);

/** Replies to one attribute. @internal */
export const ATTRIBUTE = {
  valueExpected: /* @__PURE__ */ syntaxReply('Error: attribute=value expected'),
  valueTooLong: /* @__PURE__ */ syntaxReply('Error: attribute value too long'),
  badSyntax: (attribute: string, value: string): Reply =>
    syntaxReply(`Bad ${attribute} syntax: ${value}`),
  /**
   * `Bad NAME syntax: …` echoing a value's own octets, as Postfix does: the text shows them
   * as a UTF-8 reader does, `replyOctets` gives them back raw.
   */
  badSyntaxEcho: (attribute: string, value: Uint8Array): Reply => {
    const head = new TextEncoder().encode(`Bad ${attribute} syntax: `);
    const octets = new Uint8Array(head.length + value.length);
    octets.set(head);
    octets.set(value, head.length);
    return withTextOctets(
      syntaxReply(`Bad ${attribute} syntax: ${decodeUtf8Lossy(value)}`),
      octets,
    );
  },
  // The library's own ('strict', 'lenient').
  duplicate: (name: string): Reply => syntaxReply(`Error: duplicate attribute ${name}`),
  badXtext: (name: string, raw: string): Reply => syntaxReply(`Bad ${name} xtext: ${raw}`),
} as const;

/** The reply of every xtext refusal (its own constant: xtext alone carries nothing else). @internal */
export const INVALID_XTEXT: Reply = /* @__PURE__ */ syntaxReply('Error: invalid xtext');

/** Replies of the library's helpers that are not about a received command. @internal */
export const LIBRARY = {
  badKeyword: /* @__PURE__ */ syntaxReply('Error: bad EHLO keyword'),
  badEhloReply: /* @__PURE__ */ syntaxReply('Error: bad EHLO reply'),
  notAnnounced: (verb: string): Reply => syntaxReply(`Error: ${verb} not announced`),
  /** A programmer error in options or a session's init: Postfix's table-error reply. */
  localDataError: /* @__PURE__ */ reply(421, '4.3.0', 'Server local data error'),
} as const;

/**
 * The connection layer's replies (src/node), for failures that carry no reply of the server:
 * what a proxy answers its own client. All are 421, so that the client retries later. @internal
 */
export const CONNECTION = {
  /** RFC 3463 X.4.1: no answer from host. */
  unreachable: /* @__PURE__ */ reply(421, '4.4.1', 'Error: no answer from the server'),
  /** Postfix's own text when a read times out. */
  timeout: /* @__PURE__ */ reply(421, '4.4.2', 'Error: timeout exceeded'),
  closed: /* @__PURE__ */ reply(421, '4.4.2', 'Error: connection closed'),
  aborted: /* @__PURE__ */ reply(421, '4.3.0', 'Error: connection aborted'),
  notReusable: /* @__PURE__ */ reply(
    421,
    '4.7.0',
    'Error: the connection no longer accepts XCLIENT',
  ),
  noXclient: /* @__PURE__ */ reply(421, '4.7.0', 'Error: XCLIENT is not offered to this client'),
  noStarttls: /* @__PURE__ */ reply(421, '4.7.0', 'Error: STARTTLS is not offered'),
  tlsFailed: /* @__PURE__ */ reply(421, '4.7.0', 'Error: TLS handshake failed'),
  /** A server's reply that is a refusal without being an error (a 250 to XCLIENT). */
  refused: /* @__PURE__ */ reply(421, '4.3.0', 'Error: unexpected reply from the server'),
} as const;

/**
 * The reply carried by PROXY protocol errors (src/proxy). The PROXY protocol specification
 * wants the connection dropped without a word; this is for logs, and for servers that answer
 * anyway. @internal
 */
export const PROXY_HEADER_INVALID: Reply = /* @__PURE__ */ reply(
  421,
  '4.5.0',
  'Error: invalid PROXY protocol header',
);

/** The session's replies (Postfix 3.7.11's texts, checked live). @internal */
export const SESSION = {
  transactionInProgress: /* @__PURE__ */ reply(503, '5.5.1', 'Error: MAIL transaction in progress'),
  unauthorized: /* @__PURE__ */ reply(550, '5.7.0', 'Error: insufficient authorization'),
  localDataError: (hostname: string): Reply =>
    reply(421, '4.3.0', `${hostname} Server local data error`),
  greeting: (banner: string): Reply => Object.freeze({ code: 220, text: banner }),
  /** XFORWARD's success (smtpd.c `xforward_cmd()`). */
  xforwardOk: /* @__PURE__ */ reply(250, '2.0.0', 'Ok'),
  closed: (hostname: string): Reply => reply(421, '4.4.2', `${hostname} Error: session closed`),
  synchronization: /* @__PURE__ */ reply(554, '5.5.0', 'Error: SMTP protocol synchronization'),
  hello: (hostname: string, lines?: readonly string[]): Reply => ({
    code: 250,
    text: lines === undefined || lines.length === 1 ? hostname : lines,
  }),
  mailOk: /* @__PURE__ */ reply(250, '2.1.0', 'Ok'),
  rcptOk: /* @__PURE__ */ reply(250, '2.1.5', 'Ok'),
  rsetOk: /* @__PURE__ */ reply(250, '2.0.0', 'Ok'),
  noopOk: /* @__PURE__ */ reply(250, '2.0.0', 'Ok'),
  dataGo: /* @__PURE__ */ Object.freeze({ code: 354, text: 'End data with <CR><LF>.<CR><LF>' }),
  queued: /* @__PURE__ */ reply(250, '2.0.0', 'Ok: queued'),
  authOk: /* @__PURE__ */ reply(235, '2.7.0', 'Authentication successful'),
  tlsGo: /* @__PURE__ */ reply(220, '2.0.0', 'Ready to start TLS'),
  bye: /* @__PURE__ */ reply(221, '2.0.0', 'Bye'),
  nestedMail: /* @__PURE__ */ reply(503, '5.5.1', 'Error: nested MAIL command'),
  needMail: /* @__PURE__ */ reply(503, '5.5.1', 'Error: need MAIL command'),
  needRcpt: /* @__PURE__ */ reply(503, '5.5.1', 'Error: need RCPT command'),
  noRecipients: /* @__PURE__ */ reply(554, '5.5.1', 'Error: no valid recipients'),
  noData: /* @__PURE__ */ reply(503, '5.5.1', 'Error: no DATA in progress'),
  inData: /* @__PURE__ */ reply(503, '5.5.1', 'Error: message data in progress'),
  noTls: /* @__PURE__ */ reply(502, '5.5.1', 'Error: command not implemented'),
  tlsActive: /* @__PURE__ */ reply(554, '5.5.1', 'Error: TLS already active'),
  needHelo: /* @__PURE__ */ reply(503, '5.5.1', 'Error: send HELO/EHLO first'),
  alreadyAuth: /* @__PURE__ */ reply(503, '5.5.1', 'Error: already authenticated'),
  badLogin: /* @__PURE__ */ reply(501, '5.5.2', 'Error: invalid login'),
  heloSyntax: /* @__PURE__ */ Object.freeze({ code: 501, text: 'Syntax: HELO hostname' }),
  ehloSyntax: /* @__PURE__ */ Object.freeze({ code: 501, text: 'Syntax: EHLO hostname' }),
} as const satisfies Readonly<Record<string, Reply | ((...args: never[]) => Reply)>>;

/**
 * Every reply Postfix 3.7.11 gives to XCLIENT, with its exact code, enhanced code and text,
 * in the order of Postfix's checks. Parameterised replies are functions. Texts are checked
 * against the live corpus in the tests. The functions do not validate their arguments:
 * {@link formatReply} refuses CR, LF and NUL.
 *
 * @example
 * ```ts
 * REPLIES.unauthorized //=> { code: 550, enhanced: '5.7.0', text: 'Error: insufficient authorization' }
 * REPLIES.badAttributeSyntax('PORT', '0x19') //=> { code: 501, enhanced: '5.5.4', text: 'Bad PORT syntax: 0x19' }
 * REPLIES.greeting('mx.example ESMTP Postfix') //=> { code: 220, text: 'mx.example ESMTP Postfix' }
 * ```
 * @see {@link https://www.postfix.org/XCLIENT_README.html | Postfix XCLIENT_README}
 * @see Postfix 3.7 `src/smtpd/smtpd.c` (`xclient_cmd`, `smtpd_proto`), probed live on 3.7.11
 * @remarks Since 0.1.0
 */
export const REPLIES = /* @__PURE__ */ (() =>
  ({
    /** The command line is not valid UTF-8 (with `smtputf8_enable`), checked before dispatch. */
    badUtf8: LINE.badUtf8,
    /** The verb is not XCLIENT (e.g. `XCLIENTX`). */
    notRecognized: LINE.notRecognized,
    /** `XCLIENT:` looks like a mail header: Postfix says goodbye and disconnects. */
    headerLike: LINE.headerLike,
    /** Sent between MAIL and the end of DATA or RSET; checked first. */
    transactionInProgress: SESSION.transactionInProgress,
    /** `XCLIENT` without attributes; checked before authorization. */
    noAttributes: commandSyntax('XCLIENT'),
    /**
     * The authorized-hosts table could not be read; Postfix then ends the session.
     * @param hostname - the server's `myhostname`.
     */
    localDataError: SESSION.localDataError,
    /** The client is not in `smtpd_authorized_xclient_hosts`. */
    unauthorized: SESSION.unauthorized,
    /** An attribute without `=`, or with an empty value. */
    attributeValueExpected: ATTRIBUTE.valueExpected,
    /** A raw (still xtext-encoded) value longer than 255 octets. */
    valueTooLong: ATTRIBUTE.valueTooLong,
    /**
     * An attribute name Postfix does not know.
     * @param name - the name as sent (may be empty).
     */
    badAttributeName: (name: string): Reply => badAttributeName('XCLIENT', name),
    /**
     * A value the attribute does not accept.
     * @param attribute - the canonical upper-case attribute name.
     * @param value - the decoded value, with non-printable characters replaced by `?`.
     */
    badAttributeSyntax: ATTRIBUTE.badSyntax,
    /**
     * Success: the server greeting again (no enhanced code).
     * @param banner - the greeting text, e.g. `mx.example ESMTP Postfix`.
     */
    greeting: SESSION.greeting,
  }) as const satisfies Readonly<Record<string, Reply | ((...args: never[]) => Reply)>>)();

/**
 * The name of an entry of {@link REPLIES}.
 *
 * @example
 * ```ts
 * const name: XclientReplyName = 'unauthorized';
 * ```
 * @remarks Since 0.1.0
 */
export type XclientReplyName = keyof typeof REPLIES;

/**
 * Every reply Postfix 3.7.11 gives to XFORWARD, in the order of its checks (smtpd.c
 * `xforward_cmd()`, measured live): XCLIENT's texts with `XFORWARD` in them, and `250 2.0.0
 * Ok` for success instead of a greeting. The command-line replies of {@link REPLIES}
 * (`badUtf8`, `notRecognized`, `headerLike`) come before these, alike.
 *
 * @example
 * ```ts
 * XFORWARD_REPLIES.ok //=> { code: 250, enhanced: '2.0.0', text: 'Ok' }
 * XFORWARD_REPLIES.badAttributeName('LOGIN') //=> { code: 501, enhanced: '5.5.4', text: 'Bad XFORWARD attribute name: LOGIN' }
 * ```
 * @see Postfix XFORWARD_README ("XFORWARD Server reply codes"); docs/spec/postfix.md §15
 * @remarks Since 0.2.0
 */
export const XFORWARD_REPLIES = /* @__PURE__ */ (() =>
  ({
    /** Sent between MAIL and the end of DATA or RSET; checked first. */
    transactionInProgress: SESSION.transactionInProgress,
    /** `XFORWARD` without attributes; checked before authorization. */
    noAttributes: commandSyntax('XFORWARD'),
    /**
     * The authorized-hosts table could not be read; Postfix then ends the session.
     * @param hostname - the server's `myhostname`.
     */
    localDataError: SESSION.localDataError,
    /** The client is not in `smtpd_authorized_xforward_hosts`. */
    unauthorized: SESSION.unauthorized,
    /** An attribute without `=`, or with an empty value. */
    attributeValueExpected: ATTRIBUTE.valueExpected,
    /** A raw (still xtext-encoded) value longer than 255 octets. */
    valueTooLong: ATTRIBUTE.valueTooLong,
    /**
     * An attribute name Postfix does not know (XCLIENT's LOGIN and DESTADDR included).
     * @param name - the name as sent (may be empty).
     */
    badAttributeName: (name: string): Reply => badAttributeName('XFORWARD', name),
    /**
     * A value the attribute does not accept.
     * @param attribute - the canonical upper-case attribute name.
     * @param value - the decoded value as Postfix shows it (NAME and ADDR neutered).
     */
    badAttributeSyntax: ATTRIBUTE.badSyntax,
    /** Success: the attributes are kept until the end of the mail transaction. */
    ok: SESSION.xforwardOk,
  }) as const satisfies Readonly<Record<string, Reply | ((...args: never[]) => Reply)>>)();
