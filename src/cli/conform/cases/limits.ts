/**
 * Conformance cases: lengths (XCLIENT_README Note 1: 255-octet values, 512-octet commands;
 * Postfix's 255-octet raw value limit and 2048-octet `line_length_limit`: docs/spec/postfix.md
 * §1, §1.1, §2 step b).
 *
 * @packageDocumentation
 */

import type { ConformCategory } from '../types.js';

const a = (n: number): string => 'a'.repeat(n);
/** A host name of `n` octets: labels of at most 63 octets. */
const host = (n: number): string => {
  const labels: string[] = [];
  let left = n;
  while (left > 0) {
    const size = Math.min(63, left === 64 ? 62 : left);
    labels.push(a(size));
    left -= size + 1;
  }
  return labels.join('.');
};
/** `count` HELO attributes of 255 octets. */
const helos = (count: number): string => ` HELO=${a(255)}`.repeat(count);

/** XCLIENT_README Note 1: the 512-octet bound is the client's duty; a server may take more. */
const LONG_LINE =
  'XCLIENT_README Note 1: "The client must not send XCLIENT commands that exceed the 512 character limit for SMTP commands" (the server may refuse longer lines, or take them)';

export const LIMIT_CASES: ConformCategory = {
  id: 'limits',
  name: 'Limits',
  needs: ['XCLIENT'],
  cases: [
    {
      id: 'limits.value-255',
      title: 'a value of 255 octets',
      steps: [`XCLIENT HELO=${a(255)}`],
    },
    {
      id: 'limits.value-256',
      title: 'a value of 256 octets',
      steps: [`XCLIENT HELO=${a(256)}`],
    },
    {
      id: 'limits.encoded-255',
      title: '255 octets of xtext (85 escapes)',
      steps: [`XCLIENT HELO=${'+41'.repeat(85)}`],
    },
    {
      id: 'limits.encoded-256',
      title: '256 octets of xtext: the limit counts the octets sent, before decoding',
      steps: [`XCLIENT HELO=a${'+41'.repeat(85)}`],
    },
    {
      id: 'limits.unknown-name-long-value',
      title: 'an unknown attribute with a 256-octet value: the length is checked first',
      steps: [`XCLIENT FOO=${a(256)}`],
    },
    {
      id: 'limits.name-255',
      title: 'NAME: a host name of 255 octets',
      steps: [`XCLIENT NAME=${host(255)}`],
    },
    {
      id: 'limits.label-64',
      title: 'NAME: a label of 64 octets',
      steps: [`XCLIENT NAME=${a(64)}.example`],
    },
    {
      id: 'limits.line-512',
      title: 'a command of 512 octets, CR LF included',
      steps: [`XCLIENT HELO=${a(255)} LOGIN=${a(235)}`],
    },
    {
      id: 'limits.line-513',
      title: 'a command of 513 octets',
      steps: [`XCLIENT HELO=${a(255)} LOGIN=${a(236)}`],
      allowed: LONG_LINE,
    },
    {
      id: 'limits.line-2047',
      title: 'a command of 2047 octets',
      steps: [`XCLIENT${helos(7)} LOGIN=${a(204)}`],
      allowed: LONG_LINE,
    },
    {
      id: 'limits.line-over-2048',
      title: 'an attribute beyond octet 2048 of the line',
      steps: [`XCLIENT${helos(8)} FOO=bar`],
      allowed: LONG_LINE,
    },
    {
      id: 'limits.many-attributes',
      title: 'sixty attributes in one command',
      steps: [`XCLIENT${' PORT=1'.repeat(60)}`],
    },
  ],
};
