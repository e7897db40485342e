/**
 * Conformance cases: the reply codes, enhanced codes and echoed texts (XCLIENT_README
 * "XCLIENT server reply codes"; Postfix's replies: docs/spec/postfix.md §1, §2).
 *
 * @packageDocumentation
 */

import type { ConformCategory } from '../types.js';

export const REPLY_CASES: ConformCategory = {
  id: 'replies',
  name: 'Replies and enhanced codes',
  needs: ['XCLIENT'],
  cases: [
    {
      id: 'replies.success-220',
      title: 'success is 220 with the greeting, no enhanced code',
      steps: ['XCLIENT NAME=reply.example'],
    },
    {
      id: 'replies.syntax-501',
      title: 'a bad value is 501 5.5.4',
      steps: ['XCLIENT PORT=x'],
    },
    {
      id: 'replies.no-attributes-501',
      title: 'no attributes is 501 5.5.4 with the syntax',
      steps: ['XCLIENT'],
    },
    {
      id: 'replies.transaction-503',
      title: 'inside a transaction is 503 5.5.1',
      steps: [
        { send: 'MAIL FROM:<conform@conform.example>', setup: true },
        'XCLIENT NAME=x.example',
      ],
    },
    {
      id: 'replies.bad-utf8-500',
      title: 'a line that is not UTF-8 is 500 5.5.2',
      steps: [new Uint8Array([...new TextEncoder().encode('XCLIENT HELO=a'), 0xc3, 0x28])],
    },
    {
      id: 'replies.unknown-verb-500',
      title: 'an unknown verb is 500 5.5.2',
      steps: ['XCLIENTS NAME=x.example'],
    },
    {
      id: 'replies.attribute-name-echo',
      title: 'an unknown attribute name is echoed as sent',
      steps: ['XCLIENT FoO=bar'],
    },
    {
      id: 'replies.attribute-syntax-echo',
      title: 'a bad value is echoed after the upper-case attribute name',
      steps: ['XCLIENT NaMe=bad..name'],
    },
    {
      id: 'replies.masked-echo',
      title: 'a control character in an echoed value is "?"',
      steps: ['XCLIENT NAME=a+09b'],
    },
    {
      id: 'replies.neutered-echo',
      title: 'an echoed address has <>()\\";@ and space as "?"',
      steps: ['XCLIENT ADDR=1<2>'],
    },
    {
      id: 'replies.value-too-long',
      title: 'a value of 256 octets is 501 5.5.4',
      steps: [`XCLIENT LOGIN=${'b'.repeat(256)}`],
    },
  ],
};
