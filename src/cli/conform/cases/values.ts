/**
 * Conformance cases: each attribute's value rules and its special values (XCLIENT_README
 * "XCLIENT Command syntax" and Note 2; Postfix's checks: docs/spec/postfix.md §4).
 *
 * @packageDocumentation
 */

import type { ConformCase, ConformCategory } from '../types.js';

/** One case per line: `values.<id>`, a single XCLIENT command. */
const one = (id: string, title: string, line: string): ConformCase => ({
  id: `values.${id}`,
  title,
  steps: [line],
});

export const VALUE_CASES: ConformCategory = {
  id: 'values',
  name: 'Attribute values and special values',
  needs: ['XCLIENT'],
  cases: [
    one('name-host', 'NAME: a host name', 'XCLIENT NAME=mail.example.com'),
    one('name-unavailable', 'NAME: [UNAVAILABLE]', 'XCLIENT NAME=[UNAVAILABLE]'),
    one('name-tempunavail', 'NAME: [TEMPUNAVAIL]', 'XCLIENT NAME=[TEMPUNAVAIL]'),
    one(
      'name-special-lower-case',
      'NAME: [unavailable] in lower case',
      'XCLIENT NAME=[unavailable]',
    ),
    one('name-unknown', 'NAME: the word "unknown" is an ordinary name', 'XCLIENT NAME=unknown'),
    one('name-double-dot', 'NAME: an empty label', 'XCLIENT NAME=bad..name'),
    one('name-leading-hyphen', 'NAME: a label that starts with "-"', 'XCLIENT NAME=-a.example'),
    one('name-underscore', 'NAME: an underscore', 'XCLIENT NAME=a_b.example'),
    one('name-numeric', 'NAME: all digits, like an address', 'XCLIENT NAME=192.0.2.1'),
    one(
      'name-special-suffix',
      'NAME: [UNAVAILABLE]x is no special value',
      'XCLIENT NAME=[UNAVAILABLE]x',
    ),
    one('reverse-name-host', 'REVERSE_NAME: a host name', 'XCLIENT REVERSE_NAME=rev.example'),
    one(
      'reverse-name-tempunavail',
      'REVERSE_NAME: [TEMPUNAVAIL]',
      'XCLIENT REVERSE_NAME=[TEMPUNAVAIL]',
    ),
    one('reverse-name-bad', 'REVERSE_NAME: an empty label', 'XCLIENT REVERSE_NAME=bad..rev'),
    one('addr-ipv4', 'ADDR: IPv4 (inside 127.0.0.0/8)', 'XCLIENT ADDR=127.0.0.2'),
    one('addr-ipv6', 'ADDR: IPV6: and an address', 'XCLIENT ADDR=IPV6:::1'),
    one('addr-ipv6-lower-case', 'ADDR: ipv6: in lower case', 'XCLIENT ADDR=ipv6:::1'),
    one('addr-ipv6-bare', 'ADDR: IPv6 without IPV6:', 'XCLIENT ADDR=::1'),
    one('addr-brackets', 'ADDR: an address in brackets', 'XCLIENT ADDR=[127.0.0.2]'),
    one('addr-out-of-range', 'ADDR: an octet over 255', 'XCLIENT ADDR=127.0.0.256'),
    one('addr-zone', 'ADDR: an IPv6 zone index', 'XCLIENT ADDR=IPV6:fe80::1+25eth0'),
    one('addr-unavailable', 'ADDR: [UNAVAILABLE]', 'XCLIENT ADDR=[UNAVAILABLE]'),
    one('addr-tempunavail', 'ADDR: [TEMPUNAVAIL]', 'XCLIENT ADDR=[TEMPUNAVAIL]'),
    one('port-number', 'PORT: a number', 'XCLIENT PORT=4321'),
    one('port-zero', 'PORT: 0', 'XCLIENT PORT=0'),
    one('port-max', 'PORT: 65535', 'XCLIENT PORT=65535'),
    one('port-over-max', 'PORT: 65536', 'XCLIENT PORT=65536'),
    one('port-leading-zero', 'PORT: leading zeros', 'XCLIENT PORT=00025'),
    one('port-negative', 'PORT: a minus sign', 'XCLIENT PORT=-1'),
    one('port-hex', 'PORT: hexadecimal', 'XCLIENT PORT=0x19'),
    one('port-unavailable', 'PORT: [UNAVAILABLE]', 'XCLIENT PORT=[UNAVAILABLE]'),
    one('proto-smtp', 'PROTO: SMTP', 'XCLIENT PROTO=SMTP'),
    one('proto-esmtp', 'PROTO: ESMTP', 'XCLIENT PROTO=ESMTP'),
    one('proto-lower-case', 'PROTO: esmtp in lower case', 'XCLIENT PROTO=esmtp'),
    one('proto-other', 'PROTO: LMTP is neither SMTP nor ESMTP', 'XCLIENT PROTO=LMTP'),
    one('proto-unavailable', 'PROTO: [UNAVAILABLE]', 'XCLIENT PROTO=[UNAVAILABLE]'),
    one('helo-name', 'HELO: a name', 'XCLIENT HELO=client.example'),
    one('helo-free-text', 'HELO: any printable text', 'XCLIENT HELO=not+20a+20name!'),
    one('helo-unavailable', 'HELO: [UNAVAILABLE]', 'XCLIENT HELO=[UNAVAILABLE]'),
    one('login-name', 'LOGIN: a user name', 'XCLIENT LOGIN=joe'),
    one('login-address', 'LOGIN: an address, "@" and all', 'XCLIENT LOGIN=joe@example.com'),
    one('login-unavailable', 'LOGIN: [UNAVAILABLE]', 'XCLIENT LOGIN=[UNAVAILABLE]'),
    one('destaddr-ipv4', 'DESTADDR: IPv4', 'XCLIENT DESTADDR=192.0.2.25'),
    one('destaddr-ipv6', 'DESTADDR: IPv6', 'XCLIENT DESTADDR=IPV6:2001:db8::25'),
    one('destaddr-bad', 'DESTADDR: not an address', 'XCLIENT DESTADDR=mx.example'),
    one('destaddr-unavailable', 'DESTADDR: [UNAVAILABLE]', 'XCLIENT DESTADDR=[UNAVAILABLE]'),
    one('destport-number', 'DESTPORT: a number', 'XCLIENT DESTPORT=25'),
    one('destport-over-max', 'DESTPORT: 99999', 'XCLIENT DESTPORT=99999'),
    one('destport-unavailable', 'DESTPORT: [UNAVAILABLE]', 'XCLIENT DESTPORT=[UNAVAILABLE]'),
  ],
};
