/**
 * What a client does after a reply to XCLIENT: go on, RSET and retry, or stop, and why.
 *
 * @see Postfix XCLIENT_README, "XCLIENT server reply codes"; docs/spec/postfix.md §14
 * @packageDocumentation
 */

import type { Reply } from '../errors.js';
import { describe, ownFields } from '../input.js';
import { classifyXclientReply, type XclientReplyClass } from '../reply.js';
import { optionError } from './options.js';
import type { InterpretOptions, XclientReplyVerdict } from './plan.js';

/** A 421: the verdict for XCLIENT and XFORWARD alike. @internal */
export const SERVER_CLOSING = {
  action: 'stop',
  closeConnection: true,
  reason: 'the server cannot proceed and is closing the connection: retry later on a new one',
} as const;

const VERDICTS: Readonly<Record<XclientReplyClass, Omit<XclientReplyVerdict, 'class'>>> = {
  success: {
    action: 'continue',
    closeConnection: false,
    reason:
      'attributes applied, session back at the greeting: send the next XCLIENT line, or the hello after the last one',
  },
  'nonconforming-success': {
    action: 'stop',
    closeConnection: true,
    reason:
      '250 instead of 220: not a conforming XCLIENT server, so whether the attributes were applied cannot be told',
  },
  unavailable: SERVER_CLOSING,
  syntax: {
    action: 'stop',
    closeConnection: true,
    reason:
      'the server refused an attribute; Postfix keeps the ones before it (no rollback), so the identity on this connection is now mixed',
  },
  transaction: {
    action: 'rset-and-retry',
    closeConnection: false,
    reason: 'a mail transaction is open: send RSET, then the same XCLIENT line again',
  },
  unauthorized: {
    action: 'stop',
    closeConnection: true,
    reason:
      'not authorized for XCLIENT (on Postfix also after an earlier XCLIENT moved ADDR or NAME outside the authorized hosts): mail sent here would carry the wrong identity; use a new connection',
  },
  rejected: {
    action: 'stop',
    closeConnection: true,
    reason: 'the server rejected the connection or does not know XCLIENT: QUIT',
  },
};

/** Postfix's 554 5.5.0 for input sent before the reply it had to wait for (§14). */
const PIPELINING_REFUSED: Omit<XclientReplyVerdict, 'class'> = {
  action: 'stop',
  closeConnection: true,
  reason:
    'the server refused input sent before the reply it had to wait for (Postfix: smtpd_forbid_unauth_pipelining, the default from 3.9) and hung up: send each XCLIENT line alone, and the EHLO after the 220',
};

/**
 * Tells a client what to do after a reply to XCLIENT: `'continue'` after 220 (the next
 * XCLIENT line, or the hello after the last one); `'rset-and-retry'` after 503; `'stop'`
 * otherwise, with whether to close the connection and a reason. The non-conforming 250 is
 * `'stop'` unless `nonconforming: 'accept'`.
 *
 * @param reply - the server's reply to an XCLIENT line.
 * @param options - how to treat the non-conforming 250.
 * @returns the class, the action, whether to close the connection, and why.
 * @throws {@link smtp-xclient!XclientError} `OPTION_INVALID` for an unknown `nonconforming` value.
 * @example
 * ```ts
 * interpretXclientReply({ code: 220, text: 'mx.example ESMTP' }).action //=> 'continue'
 * interpretXclientReply({ code: 250, text: 'ok' }).action              //=> 'stop'
 * interpretXclientReply({ code: 250, text: 'ok' }, { nonconforming: 'accept' }).action //=> 'continue'
 * interpretXclientReply({ code: 550, enhanced: '5.7.0', text: 'Error: insufficient authorization' })
 * //=> { class: 'unauthorized', action: 'stop', closeConnection: true, reason: '…' }
 * ```
 * @see Postfix XCLIENT_README, "XCLIENT server reply codes"; docs/spec/peers.md
 * @remarks Since 0.1.0
 */
export function interpretXclientReply(
  reply: Reply,
  options: InterpretOptions = {},
): XclientReplyVerdict {
  // Own properties only: an inherited `nonconforming` is no option.
  const own = ownFields(options, 'options', optionError) ?? {};
  if (typeof reply !== 'object' || reply === null) {
    throw optionError(
      `reply must be a Reply ({ code, text }), as parseReply gives it, not ${describe(reply)}`,
    );
  }
  // Read once, own properties only (a Proxy or getter that throws is OPTION_INVALID).
  const read = ownFields(reply, 'reply', optionError) as Reply;
  const mode = own.nonconforming ?? 'reject';
  if (mode !== 'accept' && mode !== 'reject') {
    throw optionError(`nonconforming must be 'accept' or 'reject', not ${describe(mode)}`);
  }
  const kind = classifyXclientReply(read);
  const verdict =
    // (554 is 'rejected' by its code: no class of XCLIENT_REPLY_CLASSES lists it.)
    read.code === 554 && read.enhanced === '5.5.0'
      ? PIPELINING_REFUSED
      : kind === 'nonconforming-success' && mode === 'accept'
        ? {
            ...VERDICTS.success,
            reason:
              '250 instead of 220 (non-conforming server, accepted by option): go on as after 220',
          }
        : VERDICTS[kind];
  return Object.freeze({ class: kind, ...verdict, reason: `${read.code}: ${verdict.reason}` });
}
