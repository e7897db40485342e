/**
 * Conformance cases: pipelining after XCLIENT (XCLIENT_README: "The XCLIENT command may be
 * pipelined when the server supports ESMTP command pipelining. To avoid triggering spamware
 * detectors, the command should be sent at the end of a command group"; Postfix:
 * docs/spec/postfix.md §14). Each step with several lines goes out in one write.
 *
 * @packageDocumentation
 */

import type { ConformCategory } from '../types.js';

/** A command after XCLIENT in the same group: the document asks clients not to do it. */
const NOT_LAST =
  'XCLIENT_README: the command "should be sent at the end of a command group" (a server may refuse what follows it in the same group, as Postfix 3.9 does with smtpd_forbid_unauth_pipelining = yes)';

export const PIPELINING_CASES: ConformCategory = {
  id: 'pipelining',
  name: 'Pipelining after XCLIENT',
  needs: ['XCLIENT', 'PIPELINING'],
  cases: [
    {
      id: 'pipelining.mail-then-xclient',
      title: 'MAIL FROM and XCLIENT in one group: XCLIENT, at the end, is 503',
      steps: [{ send: ['MAIL FROM:<conform@conform.example>', 'XCLIENT NAME=x.example'] }],
    },
    {
      id: 'pipelining.rset-then-xclient',
      title: 'RSET and XCLIENT in one group',
      steps: [{ send: ['RSET', 'XCLIENT NAME=rset.example'] }],
    },
    {
      id: 'pipelining.xclient-then-ehlo',
      title: 'XCLIENT and EHLO in one group',
      steps: [{ send: ['XCLIENT NAME=a.example', 'EHLO conform.example'] }],
      allowed: NOT_LAST,
    },
    {
      id: 'pipelining.xclient-esmtp-then-ehlo',
      title: 'XCLIENT PROTO=ESMTP and EHLO in one group',
      steps: [{ send: ['XCLIENT NAME=a.example PROTO=ESMTP', 'EHLO conform.example'] }],
      allowed: NOT_LAST,
    },
    {
      id: 'pipelining.two-xclient',
      title: 'two XCLIENT commands in one group',
      steps: [{ send: ['XCLIENT PORT=1234', 'XCLIENT NAME=a.example'] }],
      allowed: NOT_LAST,
    },
    {
      id: 'pipelining.refused-xclient-then-ehlo',
      title: 'a refused XCLIENT and EHLO in one group: a refusal is no greeting',
      steps: [{ send: ['XCLIENT NAME=a.example FOO=bar', 'EHLO conform.example'] }],
    },
    {
      id: 'pipelining.xclient-esmtp-then-mail-rset',
      title: 'after XCLIENT PROTO=ESMTP, MAIL FROM and RSET in one group',
      steps: [
        'XCLIENT NAME=a.example PROTO=ESMTP',
        { send: ['MAIL FROM:<conform@conform.example>', 'RSET'] },
      ],
    },
  ],
};
