/**
 * Conformance cases: authorization evaluated again after a success that changes NAME or
 * ADDR, and a server that does not authorize this client (the `--unauthorized` target).
 * XCLIENT_README Note 1: "Once ADDR is sent, the client is usually no longer authorized";
 * Postfix: docs/spec/postfix.md §2 steps 1–4, §5, §6. The prediction assumes the server
 * authorizes the networks of `--authorized-hosts` (127.0.0.0/8 and ::1 by default).
 *
 * @packageDocumentation
 */

import type { ConformCase, ConformCategory } from '../types.js';

/** Whether the client stays authorized is the server's policy, not the protocol's. */
const POLICY =
  'XCLIENT_README Note 1: "Once ADDR is sent, the client is usually no longer authorized to send XCLIENT commands" (whether it is depends on the server\'s policy)';

/** A case against the `--unauthorized` target. */
const unauthorized = (c: Omit<ConformCase, 'target'>): ConformCase => ({
  ...c,
  target: 'unauthorized',
});

export const REAUTH_CASES: ConformCategory = {
  id: 'reauth',
  name: 'Re-authorization and the unauthorized port',
  needs: ['XCLIENT'],
  cases: [
    {
      id: 'reauth.addr-outside',
      title: 'after ADDR moves outside the authorized networks, XCLIENT is refused',
      steps: ['XCLIENT ADDR=192.0.2.1', 'XCLIENT NAME=x.example'],
      allowed: POLICY,
    },
    {
      id: 'reauth.addr-outside-ehlo',
      title: 'after ADDR moves outside the authorized networks, EHLO stops announcing XCLIENT',
      steps: ['XCLIENT ADDR=192.0.2.1', 'EHLO conform.example'],
      allowed: POLICY,
    },
    {
      id: 'reauth.addr-inside',
      title: 'ADDR inside the authorized networks keeps the authorization',
      steps: ['XCLIENT ADDR=127.0.0.2', 'XCLIENT NAME=x.example'],
      allowed: POLICY,
    },
    {
      id: 'reauth.addr-ipv6-loopback',
      title: 'ADDR=IPV6:::1 stays authorized',
      steps: ['XCLIENT ADDR=IPV6:::1', 'XCLIENT NAME=x.example'],
      allowed: POLICY,
    },
    {
      id: 'reauth.addr-unavailable',
      title: 'ADDR=[UNAVAILABLE] loses the authorization',
      steps: ['XCLIENT ADDR=[UNAVAILABLE]', 'XCLIENT NAME=x.example'],
      allowed: POLICY,
    },
    {
      id: 'reauth.name-only',
      title: 'NAME alone keeps the authorization (the address is unchanged)',
      steps: ['XCLIENT NAME=other.example', 'XCLIENT PORT=1234'],
      allowed: POLICY,
    },
    {
      id: 'reauth.after-partial',
      title: 'a refused XCLIENT that set ADDR: the next success evaluates it',
      steps: ['XCLIENT ADDR=192.0.2.9 FOO=bar', 'XCLIENT NAME=x.example', 'XCLIENT NAME=y.example'],
      allowed: POLICY,
    },
    unauthorized({
      id: 'reauth.unauthorized-ehlo',
      title: 'the unauthorized port does not announce XCLIENT',
      ehlo: false,
      steps: ['EHLO conform.example'],
    }),
    unauthorized({
      id: 'reauth.unauthorized-550',
      title: 'XCLIENT on the unauthorized port is 550 5.7.0',
      steps: ['XCLIENT NAME=x.example'],
    }),
    unauthorized({
      id: 'reauth.unauthorized-no-attributes',
      title: 'bare XCLIENT on the unauthorized port: the syntax is checked first',
      steps: ['XCLIENT'],
    }),
    unauthorized({
      id: 'reauth.unauthorized-unknown-attribute',
      title: 'the attributes are not looked at before the authorization',
      steps: ['XCLIENT FOO=bar'],
    }),
    unauthorized({
      id: 'reauth.unauthorized-missing-equals',
      title: 'an attribute without "=" on the unauthorized port',
      steps: ['XCLIENT NAME'],
    }),
    unauthorized({
      id: 'reauth.unauthorized-in-transaction',
      title: 'on the unauthorized port too, the transaction is checked first',
      steps: [
        { send: 'MAIL FROM:<conform@conform.example>', setup: true },
        'XCLIENT NAME=x.example',
      ],
    }),
  ],
};
