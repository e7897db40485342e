// Shared by the server session tests (test/apply-xclient.test.ts, test/apply-command.test.ts,
// test/format-client-label.test.ts, test/session.test.ts): an authorized session and a runner.
import type { Reply } from 'smtp-xclient';
import {
  applyCommand,
  applyXclient,
  createXclientSession,
  type SmtpCommand,
  type XclientSession,
  type XclientSessionInit,
} from 'smtp-xclient/server';

/** The authorized networks of the Postfix probe instance. */
export const AUTHORIZED = ['127.0.0.0/8', '[::1]/128'];

/** The reply every programmer error of the session carries (Postfix's local data error). */
export const LOCAL_DATA_ERROR = { code: 421, enhanced: '4.3.0', text: 'Server local data error' };

/** A session of 127.0.0.1 (localhost, port 40000) at mx.example, authorized by AUTHORIZED. */
export const authorized = (init: XclientSessionInit = {}): XclientSession =>
  createXclientSession({
    client: { ADDR: '127.0.0.1', NAME: 'localhost', PORT: 40000 },
    banner: 'mx.example ESMTP',
    ...(init.isAuthorized === undefined ? { authorizedHosts: AUTHORIZED } : {}),
    ...init,
  });

/** Applies a sequence (XCLIENT lines as strings, other commands as objects). */
export function run(
  s: XclientSession,
  events: readonly (string | SmtpCommand)[],
  profile: 'strict' | 'postfix' | 'lenient' = 'postfix',
): { session: XclientSession; replies: Reply[] } {
  const replies: Reply[] = [];
  let session = s;
  for (const e of events) {
    const r =
      typeof e === 'string' ? applyXclient(session, e, { profile }) : applyCommand(session, e);
    replies.push(r.reply);
    session = r.session;
  }
  return { session, replies };
}

/** A latin1 string as octets (a raw line from the wire). */
export const octets = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));
