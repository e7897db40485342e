/**
 * Conformance cases: when XCLIENT is allowed (XCLIENT_README: "at any time, except in the
 * middle of a mail delivery transaction"; Postfix: docs/spec/postfix.md §1, §2 step 1), and
 * what RSET, HELO and EHLO do to that.
 *
 * @packageDocumentation
 */

import type { ConformCategory, ConformStep } from '../types.js';

const MAIL: ConformStep = { send: 'MAIL FROM:<conform@conform.example>', setup: true };

export const STATE_CASES: ConformCategory = {
  id: 'state',
  name: 'State: transactions, RSET, HELO and EHLO',
  needs: ['XCLIENT'],
  cases: [
    {
      id: 'state.before-ehlo',
      title: 'XCLIENT before any HELO or EHLO',
      ehlo: false,
      steps: ['XCLIENT NAME=early.example'],
    },
    {
      id: 'state.after-helo',
      title: 'XCLIENT after HELO',
      ehlo: false,
      steps: [{ send: 'HELO conform.example', setup: true }, 'XCLIENT NAME=helo.example'],
    },
    {
      id: 'state.in-transaction',
      title: 'XCLIENT after MAIL FROM',
      steps: [MAIL, 'XCLIENT NAME=x.example'],
    },
    {
      id: 'state.in-transaction-no-attributes',
      title: 'bare XCLIENT after MAIL FROM: the transaction is checked first',
      steps: [MAIL, 'XCLIENT'],
    },
    {
      id: 'state.in-transaction-bad-attribute',
      title: 'a bad attribute after MAIL FROM: the transaction is checked first',
      steps: [MAIL, 'XCLIENT FOO=bar'],
    },
    {
      id: 'state.after-rset',
      title: 'RSET ends the transaction: XCLIENT is accepted again',
      steps: [MAIL, { send: 'RSET', setup: true }, 'XCLIENT NAME=rset.example'],
    },
    {
      id: 'state.after-ehlo-in-transaction',
      title: 'EHLO ends the transaction: XCLIENT is accepted again',
      steps: [MAIL, 'EHLO conform.example', 'XCLIENT NAME=ehlo.example'],
    },
    {
      id: 'state.after-helo-in-transaction',
      title: 'HELO ends the transaction: XCLIENT is accepted again',
      steps: [MAIL, 'HELO conform.example', 'XCLIENT NAME=helo.example'],
    },
    {
      id: 'state.noop-keeps-transaction',
      title: 'NOOP does not end the transaction',
      steps: [MAIL, { send: 'NOOP', setup: true }, 'XCLIENT NAME=noop.example'],
    },
    {
      id: 'state.second-xclient',
      title: 'a second XCLIENT after the first one',
      steps: ['XCLIENT PORT=1234', 'XCLIENT NAME=second.example'],
    },
    {
      id: 'state.after-failed-xclient',
      title: 'XCLIENT after a refused one',
      steps: ['XCLIENT PORT=x', 'XCLIENT PORT=1234'],
    },
  ],
};
