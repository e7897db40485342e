/**
 * Conformance cases: xtext (RFC 3461 §4, XCLIENT_README "attribute-value = xtext" and
 * Note 3; Postfix's `xtext_unquote()` and `printable()`: docs/spec/postfix.md §2 steps c–d, §3).
 *
 * @packageDocumentation
 */

import type { ConformCategory } from '../types.js';

/** XCLIENT_README Note 3: the passage that allows a server to take a malformed value as it is. */
const UNENCODED =
  'XCLIENT_README Note 3: "Servers that wish to interoperate with these older implementations should be prepared to receive unencoded information" (a server may refuse malformed xtext, or take it as sent)';

export const XTEXT_CASES: ConformCategory = {
  id: 'xtext',
  name: 'xtext',
  needs: ['XCLIENT'],
  cases: [
    {
      id: 'xtext.encoded-space',
      title: '+20 is a space',
      steps: ['XCLIENT LOGIN=bob+20smith'],
    },
    {
      id: 'xtext.encoded-plus',
      title: '+2B is a plus sign',
      steps: ['XCLIENT LOGIN=bob+2Btag'],
    },
    {
      id: 'xtext.lower-case-hex',
      title: 'lower-case hex digits decode too',
      steps: ['XCLIENT HELO=a+2bb.example'],
    },
    {
      id: 'xtext.encoded-equals',
      title: 'an encoded "=" does not split: it is part of the value',
      steps: ['XCLIENT NAME=x.example+3DADDR+3D1.2.3.4'],
    },
    {
      id: 'xtext.plus-at-end',
      title: 'a "+" at the end of a value',
      steps: ['XCLIENT HELO=a+'],
      allowed: UNENCODED,
    },
    {
      id: 'xtext.one-hex-digit',
      title: 'a "+" with one hex digit',
      steps: ['XCLIENT HELO=a+4'],
      allowed: UNENCODED,
    },
    {
      id: 'xtext.not-hex',
      title: 'a "+" before a character that is not a hex digit',
      steps: ['XCLIENT LOGIN=+G1'],
      allowed: UNENCODED,
    },
    {
      id: 'xtext.malformed-port',
      title: 'a malformed escape in a port',
      steps: ['XCLIENT PORT=+1'],
    },
    {
      id: 'xtext.encoded-special-value',
      title: 'an encoded [UNAVAILABLE] is the special value',
      steps: ['XCLIENT NAME=+5BUNAVAILABLE+5D'],
    },
    {
      id: 'xtext.encoded-keyword',
      title: 'an encoded letter in ESMTP',
      steps: ['XCLIENT PROTO=+45SMTP'],
    },
    {
      id: 'xtext.encoded-address',
      title: 'encoded dots in an address',
      steps: ['XCLIENT ADDR=127+2E0+2E0+2E2'],
    },
    {
      id: 'xtext.encoded-nul',
      title: 'an encoded NUL ends the value',
      steps: ['XCLIENT HELO=a+00b'],
    },
    {
      id: 'xtext.encoded-control',
      title: 'an encoded control character in a name is refused and echoed as "?"',
      steps: ['XCLIENT NAME=a+0Db.example'],
    },
    {
      id: 'xtext.encoded-utf8',
      title: 'encoded UTF-8 in a name is refused and echoed as UTF-8',
      steps: ['XCLIENT NAME=+C3+A9t+C3+A9.example'],
    },
    {
      id: 'xtext.encoded-overlong',
      title: 'an encoded overlong sequence is echoed as the octets sent',
      steps: ['XCLIENT NAME=a+E0+80+80'],
    },
    {
      id: 'xtext.encoded-lone-octet',
      title: 'an encoded lone 8-bit octet is echoed as "?"',
      steps: ['XCLIENT NAME=a+FF'],
    },
    {
      id: 'xtext.encoded-utf8-login',
      title: 'encoded UTF-8 in a LOGIN value',
      steps: ['XCLIENT LOGIN=j+C3+BCrgen'],
    },
  ],
};
