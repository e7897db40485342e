// Shared by the client planner tests (test/plan-xclient-session.test.ts,
// test/plan-connection-reuse.test.ts, test/interpret-xclient-reply.test.ts,
// test/client-server-round-trip.test.ts): EHLO replies, and refusals as plain data.
import { isXclientError, type Reply } from 'smtp-xclient';
import { thrown } from './thrown.js';

export const KEYWORD = 'XCLIENT NAME ADDR PROTO HELO REVERSE_NAME PORT LOGIN DESTADDR DESTPORT';
/** An EHLO reply announcing all nine attributes. */
export const EHLO = `250-mx.example\r\n250-PIPELINING\r\n250-${KEYWORD}\r\n250 8BITMIME\r\n`;
export const EHLO_NAME_ADDR = '250-mx.example\r\n250-XCLIENT NAME ADDR\r\n250 8BITMIME\r\n';
export const EHLO_NO_XCLIENT = '250-mx.example\r\n250 8BITMIME\r\n';
export const AUTHORIZED = ['127.0.0.0/8', '[::1]/128'];

/** The reply of every refused option or identity. */
export const OPTION_REPLY: Reply = {
  code: 501,
  enhanced: '5.5.4',
  text: 'Syntax: XCLIENT attribute=value...',
};

/** The code and reply of a thrown XclientError, to compare in one go (not its message). */
export function errorOf(fn: () => unknown): { code: string; reply: Reply } | unknown {
  const e = thrown(fn);
  return isXclientError(e) ? { code: e.code, reply: e.reply } : e;
}

/** An identity whose last command (HELO … ADDR) is 505 octets: PORT needs a command of its own. */
export const SPLIT = {
  HELO: `h${'e'.repeat(211)}.example`,
  LOGIN: `l${'o'.repeat(218)}`,
  PROTO: 'ESMTP',
  NAME: 'split.example',
  ADDR: '127.0.0.7',
  PORT: 4242,
} as const;
