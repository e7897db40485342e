/**
 * Conformance cases: XFORWARD, for a server that announces it (XFORWARD_README; Postfix's
 * `xforward_cmd()`: docs/spec/postfix.md §15).
 *
 * @packageDocumentation
 */

import type { ConformCase, ConformCategory, ConformStep } from '../types.js';

const MAIL: ConformStep = { send: 'MAIL FROM:<conform@conform.example>', setup: true };

/** One case per line: `xforward.<id>`, a single XFORWARD command. */
const one = (id: string, title: string, line: string): ConformCase => ({
  id: `xforward.${id}`,
  title,
  steps: [line],
});

export const XFORWARD_CASES: ConformCategory = {
  id: 'xforward',
  name: 'XFORWARD',
  needs: ['XFORWARD'],
  cases: [
    {
      id: 'xforward.keyword',
      title: 'EHLO announces XFORWARD with the attribute names it supports',
      ehlo: false,
      steps: ['EHLO conform.example'],
      names: 'XFORWARD',
      allowed:
        'XFORWARD_README: the keyword "is followed by the names of the attributes that the XFORWARD implementation supports"',
    },
    one(
      'all-attributes',
      'all seven attributes',
      'XFORWARD NAME=up.example ADDR=192.0.2.7 PORT=4242 PROTO=ESMTP HELO=up.example IDENT=A1B2 SOURCE=REMOTE',
    ),
    one('no-attributes', 'XFORWARD alone is a syntax error', 'XFORWARD'),
    one('xclient-attribute', 'LOGIN is an XCLIENT attribute only', 'XFORWARD LOGIN=joe'),
    one('unknown-attribute', 'an attribute XFORWARD does not know', 'XFORWARD FOO=bar'),
    one('name-unavailable', 'NAME: [UNAVAILABLE]', 'XFORWARD NAME=[UNAVAILABLE]'),
    one(
      'name-tempunavail',
      'NAME: [TEMPUNAVAIL] is no XFORWARD value',
      'XFORWARD NAME=[TEMPUNAVAIL]',
    ),
    one('name-bad', 'NAME: an empty label', 'XFORWARD NAME=bad..name'),
    one('addr-ipv6', 'ADDR: IPV6: and an address', 'XFORWARD ADDR=IPV6:2001:db8::7'),
    one('addr-bad', 'ADDR: not an address', 'XFORWARD ADDR=up.example'),
    one('port-leading-zero', 'PORT: leading zeros', 'XFORWARD PORT=00025'),
    one('port-over-max', 'PORT: 65536', 'XFORWARD PORT=65536'),
    one('proto-other', 'PROTO: any protocol name', 'XFORWARD PROTO=LMTP'),
    one('proto-64', 'PROTO: 64 octets', `XFORWARD PROTO=${'P'.repeat(64)}`),
    one('proto-65', 'PROTO: 65 octets', `XFORWARD PROTO=${'P'.repeat(65)}`),
    one('ident-text', 'IDENT: a queue ID', 'XFORWARD IDENT=3CF6B2AAE8'),
    one('source-local', 'SOURCE: local in lower case', 'XFORWARD SOURCE=local'),
    one('source-bad', 'SOURCE: neither LOCAL nor REMOTE', 'XFORWARD SOURCE=elsewhere'),
    one('value-too-long', 'a value of 256 octets', `XFORWARD IDENT=${'i'.repeat(256)}`),
    {
      id: 'xforward.in-transaction',
      title: 'XFORWARD after MAIL FROM is 503',
      steps: [MAIL, 'XFORWARD NAME=up.example'],
    },
    {
      id: 'xforward.several-commands',
      title: 'attributes over two commands',
      steps: ['XFORWARD NAME=up.example ADDR=192.0.2.7', 'XFORWARD IDENT=A1B2'],
    },
    {
      id: 'xforward.after-rset',
      title: 'XFORWARD after RSET',
      steps: [MAIL, { send: 'RSET', setup: true }, 'XFORWARD NAME=up.example'],
    },
    {
      id: 'xforward.pipelined',
      title: 'XFORWARD, MAIL FROM and RSET in one group',
      steps: [
        { send: ['XFORWARD NAME=up.example', 'MAIL FROM:<conform@conform.example>', 'RSET'] },
      ],
    },
    {
      id: 'xforward.after-xclient-addr',
      title: 'XFORWARD stays authorized after XCLIENT moved ADDR',
      steps: [
        { send: 'XCLIENT ADDR=192.0.2.99', setup: true },
        'EHLO conform.example',
        'XFORWARD NAME=up.example',
      ],
    },
  ],
};
