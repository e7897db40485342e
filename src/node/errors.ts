/**
 * The error of the connection layer, its steps, and the transcript it keeps.
 *
 * @packageDocumentation
 */

import type { Reply, XclientErrorCode } from '../errors.js';
import { XclientError } from '../errors.js';
import { formatReply } from '../reply.js';

/**
 * The steps of a conversation with a server, as {@link XclientConnectionError} names them.
 * `'hello'` is the EHLO (or HELO) sent after the XCLIENT commands, which the server records.
 * @example
 * ```ts
 * const step: ConnectionStep = 'xclient';
 * ```
 * @remarks Since 0.1.0
 */
export type ConnectionStep =
  | 'connect'
  | 'greeting'
  | 'ehlo'
  | 'starttls'
  | 'xclient'
  | 'hello'
  | 'rset';

/**
 * One line of a conversation: `C` sent by the client, `S` received from the server, `*` a
 * note (TLS started, plaintext discarded).
 * @example
 * ```ts
 * const entry: TranscriptEntry = { dir: 'C', line: 'XCLIENT ADDR=192.0.2.1' };
 * ```
 * @remarks Since 0.1.0
 */
export interface TranscriptEntry {
  readonly dir: 'C' | 'S' | '*';
  readonly line: string;
}

/**
 * The failure of a conversation: an {@link smtp-xclient!XclientError} (`isXclientError()` is true, `name`
 * is `'XclientError'`; tell it apart with `instanceof` or its `step`) that also
 * says at which step it happened, what the server answered, and what was said until then.
 * The connection layer destroys the socket before it throws one.
 *
 * `reply` is the server's own reply when that is an error (a 421 in the middle, a 550 to
 * XCLIENT), else a 421 that a proxy can send its client (`421 4.4.2 Error: timeout
 * exceeded`); `serverReply` is whatever the server answered last, a 250 to XCLIENT
 * included. Codes: `CONNECT_FAILED`, `CONNECTION_TIMEOUT`, `CONNECTION_CLOSED`,
 * `CONNECTION_ABORTED`, `REPLY_LINE_TOO_LONG`, `REPLY_TOO_MANY_LINES`, a `REPLY_*` code of a
 * malformed reply, `SERVER_REFUSED`, `KEYWORD_NOT_ANNOUNCED` (no XCLIENT for this client),
 * `STARTTLS_NOT_ANNOUNCED`, `TLS_FAILED`, `CONNECTION_NOT_REUSABLE`.
 *
 * @example
 * ```ts
 * const e = new XclientConnectionError({
 *   code: 'SERVER_REFUSED',
 *   message: 'XCLIENT refused: 550 5.7.0 Error: insufficient authorization',
 *   reply: { code: 550, enhanced: '5.7.0', text: 'Error: insufficient authorization' },
 *   step: 'xclient',
 *   serverReply: { code: 550, enhanced: '5.7.0', text: 'Error: insufficient authorization' },
 *   transcript: [],
 * });
 * isXclientError(e) //=> true
 * e.step //=> 'xclient'
 * ```
 * @remarks Since 0.1.0
 */
export class XclientConnectionError extends XclientError {
  /** Where it failed. */
  readonly step: ConnectionStep;
  /** The server's reply that ended the conversation, when there was one. */
  declare readonly serverReply?: Reply;
  /** Every line sent and received until then. */
  readonly transcript: readonly TranscriptEntry[];

  constructor(init: XclientConnectionErrorInit) {
    super(init);
    this.step = init.step;
    this.transcript = Object.freeze([...init.transcript]);
    if (init.serverReply !== undefined) this.serverReply = init.serverReply;
  }
}

/**
 * The fields an {@link XclientConnectionError} is made from.
 * @example
 * ```ts
 * const init: XclientConnectionErrorInit = {
 *   code: 'CONNECTION_TIMEOUT', message: 'no reply within 5000 ms',
 *   reply: { code: 421, enhanced: '4.4.2', text: 'Error: timeout exceeded' },
 *   step: 'greeting', transcript: [],
 * };
 * ```
 * @remarks Since 0.1.0
 */
export interface XclientConnectionErrorInit {
  readonly code: XclientErrorCode;
  readonly message: string;
  readonly reply: Reply;
  readonly step: ConnectionStep;
  readonly serverReply?: Reply;
  readonly transcript: readonly TranscriptEntry[];
}

/** A reply on one line, for messages: `550 5.7.0 Error: … / second line`. @internal */
export function replyLine(reply: Reply): string {
  // Stryker disable BlockStatement: the catch block is unreachable, every reply here was read by parseReply
  try {
    return formatReply(reply).replace(/\r\n$/, '').split('\r\n').join(' / ');
  } catch {
    /* v8 ignore next -- every reply here was read by parseReply */
    return String(reply.code);
  }
}
// Stryker restore BlockStatement
