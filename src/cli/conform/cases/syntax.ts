/**
 * Conformance cases: the command line and its tokens (XCLIENT_README "XCLIENT Command
 * syntax"; Postfix's `smtpd_proto()` and `smtpd_token()`: docs/spec/postfix.md §1, §2 step 5a).
 *
 * @packageDocumentation
 */

import type { ConformCategory } from '../types.js';

export const SYNTAX_CASES: ConformCategory = {
  id: 'syntax',
  name: 'Syntax and tokenizing',
  needs: ['XCLIENT'],
  cases: [
    {
      id: 'syntax.no-attributes',
      title: 'XCLIENT alone is a syntax error',
      steps: ['XCLIENT'],
    },
    {
      id: 'syntax.no-attributes-trailing-space',
      title: 'XCLIENT followed by a space only is a syntax error',
      steps: ['XCLIENT '],
    },
    {
      id: 'syntax.lower-case-verb',
      title: 'the verb is case-insensitive',
      steps: ['xclient NAME=lower.example'],
    },
    {
      id: 'syntax.mixed-case-verb',
      title: 'XcLiEnT is XCLIENT',
      steps: ['XcLiEnT NAME=mixed.example'],
    },
    {
      id: 'syntax.lower-case-name',
      title: 'attribute names are case-insensitive',
      steps: ['XCLIENT name=lower.example'],
    },
    {
      id: 'syntax.missing-equals',
      title: 'an attribute without "="',
      steps: ['XCLIENT NAME'],
    },
    {
      id: 'syntax.empty-value',
      title: 'an attribute with nothing after "="',
      steps: ['XCLIENT NAME='],
    },
    {
      id: 'syntax.lone-equals',
      title: 'a lone "="',
      steps: ['XCLIENT ='],
    },
    {
      id: 'syntax.empty-name',
      title: 'a value without a name',
      steps: ['XCLIENT =x.example'],
    },
    {
      id: 'syntax.unknown-attribute',
      title: 'an attribute XCLIENT does not know',
      steps: ['XCLIENT FOO=bar'],
    },
    {
      id: 'syntax.xforward-attribute',
      title: 'an XFORWARD attribute (IDENT) is not an XCLIENT attribute',
      steps: ['XCLIENT IDENT=ABC123'],
    },
    {
      id: 'syntax.space-around-equals',
      title: 'spaces around "=" split the attribute',
      steps: ['XCLIENT NAME = x.example'],
    },
    {
      id: 'syntax.runs-of-spaces',
      title: 'runs of spaces separate attributes',
      steps: ['XCLIENT  NAME=a.example   PORT=1234'],
    },
    {
      id: 'syntax.tab-separator',
      title: 'a TAB separates attributes',
      steps: ['XCLIENT\tNAME=tab.example\tPORT=1234'],
    },
    {
      id: 'syntax.leading-space',
      title: 'a space before the verb is ignored',
      steps: [' XCLIENT NAME=lead.example'],
    },
    {
      id: 'syntax.trailing-space',
      title: 'a space at the end of the line is ignored',
      steps: ['XCLIENT NAME=trail.example '],
    },
    {
      id: 'syntax.value-with-equals',
      title: 'the value is everything after the first "="',
      steps: ['XCLIENT HELO=a=b'],
    },
    {
      id: 'syntax.quoted-value',
      title: 'a quoted value keeps its space and its quotes',
      steps: ['XCLIENT HELO="a b"'],
    },
    {
      id: 'syntax.angle-value',
      title: 'a value in angle brackets keeps its space',
      steps: ['XCLIENT HELO=<a b>'],
    },
    {
      id: 'syntax.backslash',
      title: 'a backslash takes the next character into the token',
      steps: ['XCLIENT HELO=a\\ b'],
    },
    {
      id: 'syntax.repeated-attribute',
      title: 'an attribute given twice: the last one wins',
      steps: ['XCLIENT NAME=first.example NAME=second.example'],
    },
    {
      id: 'syntax.left-of-error',
      title: 'a bad attribute after a good one',
      steps: ['XCLIENT NAME=good.example FOO=bar'],
    },
    {
      id: 'syntax.verb-suffix',
      title: 'XCLIENTX is an unknown command',
      steps: ['XCLIENTX NAME=x.example'],
    },
    {
      id: 'syntax.header-like',
      title: '"XCLIENT:" looks like a header: goodbye, and the connection closes',
      steps: ['XCLIENT: NAME=x.example'],
    },
    {
      id: 'syntax.nul-ends-line',
      title: 'a NUL octet ends the line',
      steps: ['XCLIENT NAME=nul.example\u0000 FOO=bar'],
    },
    {
      id: 'syntax.bad-utf8',
      title: 'a line that is not UTF-8',
      steps: [new Uint8Array([...new TextEncoder().encode('XCLIENT LOGIN=x'), 0xff, 0x79])],
    },
    {
      id: 'syntax.raw-utf8',
      title: 'raw UTF-8 in a LOGIN value',
      steps: ['XCLIENT LOGIN=j\u00fcrgen'],
      allowed:
        'XCLIENT_README: "Attribute values are xtext encoded" (raw octets above 0x7E are not xtext); Note 3: servers "should be prepared to receive unencoded information"',
    },
  ],
};
