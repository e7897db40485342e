/**
 * Conformance cases: the EHLO keyword (XCLIENT_README "XCLIENT Command syntax", Postfix's
 * `ehlo_cmd()`: docs/spec/postfix.md §7).
 *
 * @packageDocumentation
 */

import type { ConformCategory } from '../types.js';

export const EHLO_CASES: ConformCategory = {
  id: 'ehlo',
  name: 'EHLO keyword',
  needs: ['XCLIENT'],
  cases: [
    {
      id: 'ehlo.keyword',
      title: 'EHLO announces XCLIENT with the attribute names it supports',
      ehlo: false,
      steps: ['EHLO conform.example'],
      names: 'XCLIENT',
      allowed:
        'XCLIENT_README: the keyword "is followed by the names of the attributes that the XCLIENT implementation supports"; Note 4: "Some Postfix implementations do not implement the PORT or LOGIN attributes"',
    },
    {
      id: 'ehlo.lower-case-verb',
      title: 'ehlo in lower case is EHLO',
      ehlo: false,
      steps: ['ehlo conform.example'],
    },
    {
      id: 'ehlo.helo-no-keywords',
      title: 'HELO answers with the host name alone, no keywords',
      ehlo: false,
      steps: ['HELO conform.example'],
    },
    {
      id: 'ehlo.again-after-xclient',
      title: 'EHLO after XCLIENT NAME (the address unchanged) still announces XCLIENT',
      steps: ['XCLIENT NAME=keyword.example', 'EHLO conform.example'],
    },
    {
      id: 'ehlo.again-after-helo',
      title: 'EHLO after HELO announces XCLIENT again',
      ehlo: false,
      steps: ['HELO conform.example', 'EHLO conform.example'],
    },
  ],
};
