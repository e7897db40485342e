/**
 * Conformance cases: what a successful XCLIENT resets, and what a refused one does not
 * (XCLIENT_README "XCLIENT Server response": "the server resets state to the initial SMTP
 * greeting protocol stage"; Postfix: docs/spec/postfix.md §5, §6).
 *
 * @packageDocumentation
 */

import type { ConformCategory, ConformStep } from '../types.js';

const MAIL: ConformStep = { send: 'MAIL FROM:<conform@conform.example>', setup: true };

export const RESET_CASES: ConformCategory = {
  id: 'reset',
  name: 'What a success resets',
  needs: ['XCLIENT'],
  cases: [
    {
      id: 'reset.greeting-stage',
      title: 'after XCLIENT the client greets again: EHLO is answered',
      steps: ['XCLIENT NAME=reset.example', 'EHLO conform.example'],
    },
    {
      id: 'reset.helo-again',
      title: 'after XCLIENT, HELO is answered',
      steps: ['XCLIENT NAME=reset.example', 'HELO conform.example'],
    },
    {
      id: 'reset.new-transaction',
      title: 'after XCLIENT a new transaction starts, and XCLIENT is refused inside it',
      steps: ['XCLIENT NAME=reset.example', MAIL, 'XCLIENT NAME=again.example'],
    },
    {
      id: 'reset.refused-keeps-transaction',
      title: 'a refused XCLIENT leaves the transaction open: a second MAIL is nested',
      steps: [MAIL, 'XCLIENT NAME=x.example', 'MAIL FROM:<again@conform.example>'],
    },
    {
      id: 'reset.syntax-error-no-greeting',
      title: 'a refused XCLIENT is no greeting: the session stays where it was',
      steps: ['XCLIENT FOO=bar', MAIL, 'XCLIENT NAME=x.example'],
    },
    {
      id: 'reset.partial-keeps-authorization',
      title:
        'a refused XCLIENT that changed ADDR before the error keeps the authorization until the next success',
      steps: ['XCLIENT ADDR=192.0.2.9 FOO=bar', 'EHLO conform.example'],
    },
    {
      id: 'reset.carried-attributes',
      title: 'HELO, PROTO and LOGIN in the same command as NAME',
      steps: [
        'XCLIENT HELO=h.example PROTO=ESMTP LOGIN=joe NAME=n.example',
        'EHLO conform.example',
      ],
    },
  ],
};
