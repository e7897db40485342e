// The XFORWARD sequences of scripts/xforward-cases.mjs: several commands on one connection,
// for what adds up, what a refused command leaves, and what forgets the attributes. Each is
// `sequence(steps, note, options)`; the steps and their macros are those of
// scripts/xforward-probe.mjs (WITNESS, TAG@, MESSAGE, BDATLAST, PIPE:, RAW:).

/** A host name of exactly n octets, in labels of at most 63. */
export function hostOfLength(n) {
  const labels = [];
  let left = n;
  while (left > 64) {
    labels.push('a'.repeat(63));
    left -= 64;
  }
  labels.push('b'.repeat(left));
  return labels.join('.');
}

const repeat = (s, n) => s.repeat(n);

/** The sequences, in their fixed order (their ids follow it): { steps, note, extra }. */
export const SEQUENCES = [];
const sequence = (steps, note, extra = {}) => SEQUENCES.push({ steps, note, extra });
const W = 'WITNESS';
const SETS = {
  client: ['XFORWARD NAME=seq.example ADDR=192.0.2.10 PORT=4000 PROTO=ESMTP HELO=up.example'],
  ident: ['XFORWARD IDENT=SEQID'],
  all: [
    'XFORWARD NAME=all.example ADDR=192.0.2.11',
    'XFORWARD PORT=4001 HELO=h.example IDENT=ALL SOURCE=REMOTE PROTO=SMTP',
  ],
};
// What each command between XFORWARD and the next transaction does to the attributes.
const BETWEEN = [
  ['RSET', 'RSET'],
  ['EHLO again.example', 'EHLO'],
  ['HELO again.example', 'HELO'],
  ['EHLO', 'EHLO without a name (501)'],
  ['HELO', 'HELO without a name (501)'],
  ['NOOP', 'NOOP'],
  ['VRFY probe@xclient-probe.localdomain', 'VRFY'],
  ['ETRN example.com', 'ETRN'],
  ['HELP', 'HELP'],
  ['STARTTLS', 'STARTTLS not offered'],
  ['AUTH PLAIN', 'AUTH not offered'],
  ['XCLIENT HELO=xc.example', 'a successful XCLIENT'],
  ['XCLIENT FOO=bar', 'a refused XCLIENT'],
  ['XCLIENT PORT=2 FOO=bar', 'a partly applied XCLIENT'],
  ['MAIL FROM:<bad', 'MAIL with bad syntax (501)'],
  ['MAIL FROM:<a@example.com> FOO=bar', 'MAIL with an unknown parameter (555)'],
  ['RCPT TO:<probe@xclient-probe.localdomain>', 'RCPT without MAIL (503)'],
  ['DATA', 'DATA without MAIL (503)'],
  ['BOGUS', 'an unknown command (502)'],
  ['XFORWARD FOO=bar', 'a refused XFORWARD'],
  ['XFORWARD', 'XFORWARD without attributes'],
];
for (const [set, first] of Object.entries(SETS)) {
  for (const [cmd, what] of BETWEEN)
    sequence([...first, cmd, W, 'RSET'], `${set} attributes, then ${what}`);
}
for (const [set, first] of Object.entries(SETS)) {
  sequence([...first, W, 'RSET', W, 'RSET'], `${set}: a transaction ended by RSET, then another`);
  sequence(
    [...first, W, 'MESSAGE', W, 'RSET'],
    `${set}: a transaction ended by DATA, then another`,
  );
  sequence(
    [...first, W, 'BDATLAST', W, 'RSET'],
    `${set}: a transaction ended by BDAT LAST, then another`,
  );
  sequence(
    [...first, 'MAIL FROM:<m@example.com>', 'RSET', W, 'RSET'],
    `${set}: MAIL, RSET, then a transaction`,
  );
}
// Sequences as [note, steps separated by ' | ', options].
const MORE = [
  [
    'three commands add up',
    'XFORWARD NAME=a.example | XFORWARD ADDR=192.0.2.20 | XFORWARD PORT=20 | WITNESS | RSET',
  ],
  [
    'a later NAME replaces an earlier one',
    'XFORWARD NAME=a.example | XFORWARD NAME=b.example | WITNESS | RSET',
  ],
  [
    'IDENT=[UNAVAILABLE] forgets IDENT',
    'XFORWARD IDENT=one | XFORWARD IDENT=[UNAVAILABLE] | WITNESS | RSET',
  ],
  [
    'ADDR=[UNAVAILABLE] after ADDR',
    'XFORWARD NAME=n.example ADDR=192.0.2.21 | XFORWARD ADDR=[UNAVAILABLE] | WITNESS | RSET',
  ],
  [
    'NAME=[UNAVAILABLE] after NAME',
    'XFORWARD NAME=n.example ADDR=192.0.2.22 PORT=22 | XFORWARD NAME=[UNAVAILABLE] | WITNESS | RSET',
  ],
  ['HELO=[UNAVAILABLE] alone', 'XFORWARD HELO=[UNAVAILABLE] | WITNESS | RSET'],
  ['PROTO=[UNAVAILABLE] alone', 'XFORWARD PROTO=[UNAVAILABLE] | WITNESS | RSET'],
  ['SOURCE alone', 'XFORWARD SOURCE=LOCAL | WITNESS | RSET'],
  ['SOURCE=[UNAVAILABLE] and IDENT', 'XFORWARD SOURCE=[UNAVAILABLE] IDENT=src | WITNESS | RSET'],
  ['PROTO alone', 'XFORWARD PROTO=LMTP | WITNESS | RSET'],
  ['HELO alone', 'XFORWARD HELO=only.example | WITNESS | RSET'],
  [
    'port text kept as sent, IPv6 address',
    'XFORWARD PORT=00025 ADDR=IPv6:2001:db8::1 | WITNESS | RSET',
  ],
  ['IPv4-mapped address', 'XFORWARD ADDR=IPv6:::ffff:192.0.2.23 | WITNESS | RSET'],
  ['octal octet', 'XFORWARD ADDR=010.1.1.1 NAME=oct.example | WITNESS | RSET'],
  ['partial NAME only', 'XFORWARD NAME=part.example FOO=bar | WITNESS | RSET'],
  [
    'partial NAME, then PORT',
    'XFORWARD NAME=part.example FOO=bar | XFORWARD PORT=30 | WITNESS | RSET',
  ],
  [
    'PORT, partial NAME, then HELO',
    'XFORWARD PORT=31 | XFORWARD NAME=late.example FOO=bar | XFORWARD HELO=h.example | WITNESS | RSET',
  ],
  [
    'partial ADDR, then HELO',
    'XFORWARD ADDR=192.0.2.32 FOO=bar | XFORWARD HELO=h.example | WITNESS | RSET',
  ],
  [
    'partial ADDR, then NAME',
    'XFORWARD ADDR=192.0.2.33 FOO=bar | XFORWARD NAME=n.example | WITNESS | RSET',
  ],
  ['partial IDENT', 'XFORWARD IDENT=pid FOO=bar | WITNESS | RSET'],
  ['partial IDENT, then RSET', 'XFORWARD IDENT=pid2 FOO=bar | RSET | WITNESS | RSET'],
  ['NAME, RSET, then PORT', 'XFORWARD NAME=a.example | RSET | XFORWARD PORT=34 | WITNESS | RSET'],
  [
    'NAME, EHLO, then IDENT',
    'XFORWARD NAME=a.example | EHLO x.example | XFORWARD IDENT=after | WITNESS | RSET',
  ],
  [
    'a valid NAME, then a refused one',
    'XFORWARD NAME=a.example | XFORWARD NAME=bad..name | WITNESS | RSET',
  ],
  [
    'refused command changes NAME',
    'XFORWARD NAME=a.example | XFORWARD NAME=b.example PORT=x | WITNESS | RSET',
  ],
  [
    'XFORWARD inside a transaction (503)',
    'MAIL FROM:<m@example.com> | XFORWARD NAME=in.example | RSET | WITNESS | RSET',
  ],
  [
    'XFORWARD after RCPT (503)',
    'MAIL FROM:<m@example.com> | RCPT TO:<probe@xclient-probe.localdomain> | XFORWARD NAME=in.example | RSET | WITNESS | RSET',
  ],
  [
    'XFORWARD without attributes inside a transaction',
    'MAIL FROM:<m@example.com> | XFORWARD | RSET',
  ],
  [
    'DATA without recipients (554) keeps the attributes',
    'XFORWARD IDENT=keep | MAIL FROM:<TAG@example.com> | RCPT TO:<r@example.net> | DATA | RCPT TO:<probe@xclient-probe.localdomain> | RCPT TO:<r@example.net> | RSET',
  ],
  [
    'a refused RCPT keeps the attributes',
    'XFORWARD IDENT=keep2 | MAIL FROM:<TAG@example.com> | RCPT TO:<nobody@example.net> | RCPT TO:<probe@xclient-probe.localdomain> | RCPT TO:<r@example.net> | RSET',
  ],
  [
    'XFORWARD stays authorized after XCLIENT moved ADDR',
    'XCLIENT ADDR=192.0.2.99 | EHLO after.example | XFORWARD NAME=still.example | XCLIENT NAME=no.example | WITNESS | RSET',
  ],
  [
    'XFORWARD right after XCLIENT, before EHLO',
    'XCLIENT ADDR=192.0.2.98 | XFORWARD NAME=noehlo.example | WITNESS | RSET',
  ],
  [
    'XCLIENT between two XFORWARD',
    'XFORWARD NAME=before.example | XCLIENT NAME=xc.example | XFORWARD IDENT=after | WITNESS | RSET',
  ],
  ['before any EHLO', 'XFORWARD NAME=noehlo.example IDENT=ne | WITNESS | RSET', { ehlo: false }],
  ['after HELO', 'HELO h.example | XFORWARD NAME=helo.example | WITNESS | RSET', { ehlo: false }],
  [
    'pipelined with the transaction',
    'PIPE:XFORWARD NAME=pipe.example IDENT=pp||MAIL FROM:<TAG@example.com>||RCPT TO:<probe@xclient-probe.localdomain>||RCPT TO:<r@example.net>||RSET',
  ],
  [
    'three pipelined XFORWARD',
    'PIPE:XFORWARD NAME=p1.example||XFORWARD ADDR=192.0.2.40||XFORWARD PORT=40 | WITNESS | RSET',
  ],
  [
    'long values split over two commands',
    `XFORWARD HELO=${hostOfLength(250)} NAME=${hostOfLength(200)} | XFORWARD ADDR=192.0.2.41 PORT=41 IDENT=${repeat('s', 200)} | WITNESS | RSET`,
  ],
  [
    'one command over 512 octets',
    `XFORWARD NAME=${hostOfLength(240)} HELO=${hostOfLength(240)} IDENT=${repeat('t', 240)} ADDR=192.0.2.42 PORT=42 | WITNESS | RSET`,
  ],
  ['bare LF line end', 'RAW:XFORWARD NAME=lf.example IDENT=lf | WITNESS | RSET'],
  ['QUIT after XFORWARD', 'XFORWARD NAME=q.example | QUIT'],
  [
    'a second message with new attributes',
    'XFORWARD NAME=two.example | WITNESS | MESSAGE | XFORWARD NAME=three.example IDENT=3 | WITNESS | RSET',
  ],
  [
    'two refusals, then a success',
    'XFORWARD FOO=1 | XFORWARD BAR=2 | XFORWARD NAME=ok.example | WITNESS | RSET',
  ],
];
for (const [note, steps, extra] of MORE) sequence(steps.split(' | '), note, extra);
// A MAIL refused by the size check resets; Postfix keeps the SIZE for the next MAIL, which
// therefore states its own.
for (const [set, first] of Object.entries(SETS)) {
  sequence(
    [
      ...first,
      'MAIL FROM:<a@example.com> SIZE=99999999',
      'MAIL FROM:<TAG@example.com> SIZE=100',
      'RCPT TO:<probe@xclient-probe.localdomain>',
      'RCPT TO:<r@example.net>',
      'RSET',
    ],
    `${set}: MAIL over the size limit (552), then MAIL`,
  );
}
const LAST = [
  [
    'MAIL with a bad SIZE (501)',
    'XFORWARD IDENT=sz | MAIL FROM:<a@example.com> SIZE=x | MAIL FROM:<TAG@example.com> | RCPT TO:<probe@xclient-probe.localdomain> | RCPT TO:<r@example.net> | RSET',
  ],
  [
    'a partial XCLIENT, then a successful one',
    'XFORWARD NAME=a.example | XCLIENT NAME=n.example FOO=bar | XCLIENT PORT=3 | WITNESS | RSET',
  ],
  [
    'XCLIENT with LOGIN, then XFORWARD',
    'XCLIENT NAME=xc.example ADDR=127.0.0.9 LOGIN=joe | XFORWARD NAME=fw.example | WITNESS | RSET',
  ],
];
for (const [note, steps, extra] of LAST) sequence(steps.split(' | '), note, extra);
