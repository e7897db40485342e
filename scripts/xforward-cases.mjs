#!/usr/bin/env node
// The XFORWARD cases for scripts/xforward-probe.mjs, one JSON object per line on stdout:
// single lines (each followed by a witness transaction that shows what Postfix kept) and
// sequences (several commands on one connection, for what adds up and what resets).
//
//   node scripts/xforward-cases.mjs > /tmp/xforward-cases.jsonl
//
// Attribute values such as ADDR=192.0.2.1 are text inside the command only; every connection
// goes to loopback. A line is a string of one character per octet (latin1): raw UTF-8 is
// written as its octets.

import { hostOfLength, SEQUENCES } from './xforward-sequences.mjs';

const cases = [];
const seen = new Set();

/** A single XFORWARD line: context auth unless given. */
function line(text, note, extra = {}) {
  const key = JSON.stringify([text, extra]);
  if (seen.has(key)) return;
  seen.add(key);
  cases.push({
    id: `x${String(cases.length).padStart(3, '0')}`,
    context: 'auth',
    line: text,
    note,
    ...extra,
  });
}

let sequences = 0;
/** A sequence of steps on one connection after EHLO (see the probe for the macros). */
function sequence(steps, note, extra = {}) {
  cases.push({
    id: `s${String(sequences++).padStart(3, '0')}`,
    context: 'seq',
    note,
    steps,
    ...extra,
  });
}

const u8 = (s) => Buffer.from(s, 'utf8').toString('latin1');
const repeat = (s, n) => s.repeat(n);

// ------------------------------------------------------------------ the command
line('XFORWARD', 'no attributes');
line('XFORWARD ', 'no attributes, trailing space');
line('XFORWARD\t', 'no attributes, trailing tab');
line('xforward NAME=lower.example', 'lower-case verb');
line('XfOrWaRd NAME=mixed.example', 'mixed-case verb');
line(
  'XFORWARD NAME=spike.porcupine.org ADDR=168.100.189.2 PROTO=ESMTP',
  'README example, first command',
);
line('XFORWARD HELO=spike.porcupine.org', 'README example, second command');
line('XFORWARDX NAME=x.example', 'verb with a suffix');
line('XFORWAR NAME=x.example', 'verb cut short');
line('XFORWARD: NAME=x.example', 'verb with a colon (header-like)');
line('XFORWARD:', 'header-like verb alone');
line('XFORWARD\tNAME=tab.example', 'TAB separator');
line('XFORWARD  NAME=two.example   PORT=25', 'runs of spaces');
line(' XFORWARD NAME=lead.example', 'leading space');
line('XFORWARD NAME=trail.example ', 'trailing space');
line('XFORWARD NAME=vt.example\x0bPORT=1', 'vertical tab separator');
line('XFORWARD NAME=ff.example\x0cPORT=1', 'form feed separator');
line('XFORWARD NAME=cr.example\rPORT=1', 'CR inside the line');
line('XFORWARD NAME=lf.example', 'bare LF line end', { eol: '\n' });
line('XFORWARD NAME = x.example', 'spaces around =');
line('XFORWARD NAME= x.example', 'space after =');
line('XFORWARD NAME =x.example', 'space before =');
line('XFORWARD NAME=nul.example\x00PORT=1', 'NUL inside the line');
line(`XFORWARD HELO=${u8('é')}`, 'raw UTF-8 in the line');
line('XFORWARD HELO=\xe9', 'raw latin1 octet (not UTF-8)');
line('XFORWARD HELO="a b"', 'quoted value with a space');
line('XFORWARD HELO="a b', 'unterminated quote');
line('XFORWARD IDENT=<a b>', 'angle brackets group a space');
line('XFORWARD HELO=a\\ b', 'backslash escapes a space');
line('XFORWARD "NAME=q.example"', 'quoted attribute');
line('XFORWARD NAME=<x.example>', 'angle-bracketed value');

// ------------------------------------------------------------------ contexts
for (const [context, extra] of [
  ['noauth', {}],
  ['xclient', {}],
  ['mail', {}],
  ['noehlo', {}],
]) {
  line('XFORWARD NAME=ctx.example', `context ${context}`, { context, ...extra });
  line('XFORWARD', `no attributes, context ${context}`, { context, ...extra });
  line('XFORWARD FOO=bar', `unknown attribute, context ${context}`, { context, ...extra });
  line('XFORWARD NAME', `missing =, context ${context}`, { context, ...extra });
}
line('XFORWARD NAME=ctx.example', 'unauthorized, inside a transaction', {
  context: 'noauth',
  pre: ['MAIL FROM:<m@example.com>'],
  noWitness: true,
});
line('XFORWARD', 'unauthorized, no attributes, inside a transaction', {
  context: 'noauth',
  pre: ['MAIL FROM:<m@example.com>'],
  noWitness: true,
});
line('XFORWARD NAME=rcpt.example', 'after an accepted RCPT', {
  context: 'mail',
  pre: ['RCPT TO:<probe@xclient-probe.localdomain>'],
});
line('XFORWARD NAME=helo.example', 'after HELO (not EHLO)', {
  ehlo: false,
  pre: ['HELO plain.example'],
});

// ------------------------------------------------------------------ attribute names
const NAMES = ['NAME', 'ADDR', 'PORT', 'PROTO', 'HELO', 'IDENT', 'SOURCE'];
for (const name of NAMES) {
  line(`XFORWARD ${name}`, `${name} without =`);
  line(`XFORWARD ${name}=`, `${name} with an empty value`);
  line(`XFORWARD ${name.toLowerCase()}=[UNAVAILABLE]`, `${name} in lower case`);
}
for (const attr of [
  'FOO=bar',
  'LOGIN=joe',
  'DESTADDR=127.0.0.1',
  'DESTPORT=25',
  'REVERSE_NAME=r.example',
  'DOMAIN=LOCAL',
  'SESSION=abc',
  'FORWARD_NAME=x.example',
  'NAME_=x',
  'SOURCE_=LOCAL',
  '=x',
  '==',
  '=',
  '"NAME"=x.example',
  'X-NAME=x.example',
  'Name=mixed.example',
]) {
  line(`XFORWARD ${attr}`, 'unknown or odd attribute name');
}
line('XFORWARD FOO=bar NAME=x.example', 'unknown first');
line('XFORWARD NAME=x.example FOO=bar', 'unknown after a valid one (partial)');
line('XFORWARD IDENT=partial1 FOO=bar', 'IDENT then unknown (partial)');
line('XFORWARD HELO=h.example FOO=bar', 'HELO then unknown (partial)');
line('XFORWARD NAME=x.example PORT', 'valid then missing =');
line('XFORWARD NAME=x.example HELO=', 'valid then empty');
line('XFORWARD IDENT=p2 PORT=x', 'IDENT then bad PORT (partial)');
line('XFORWARD NAME=ok.example NAME=bad..example', 'repeated NAME, the second invalid');
line(
  'XFORWARD name=all.example addr=192.0.2.1 port=1234 proto=esmtp helo=h.example ident=ID1 source=remote',
  'all seven, lower-case names',
);
line(
  'XFORWARD NAME=all.example ADDR=192.0.2.1 PORT=1234 PROTO=ESMTP HELO=h.example IDENT=ID2 SOURCE=REMOTE',
  'all seven',
);
line('XFORWARD NAME=a.example NAME=b.example', 'repeated NAME: the last one');
line('XFORWARD ADDR=192.0.2.1 ADDR=192.0.2.2', 'repeated ADDR');
line('XFORWARD IDENT=first IDENT=second', 'repeated IDENT');
line('XFORWARD IDENT=kept IDENT=[UNAVAILABLE]', 'IDENT then IDENT=[UNAVAILABLE]');
line('XFORWARD ADDR=192.0.2.3 ADDR=[UNAVAILABLE]', 'ADDR then ADDR=[UNAVAILABLE]');
line('XFORWARD SOURCE=LOCAL SOURCE=REMOTE', 'repeated SOURCE');
line(`XFORWARD ${repeat('PORT=1 ', 200).trim()}`, '200 PORT attributes (longer than 512)');

// ------------------------------------------------------------------ special values
for (const name of NAMES) {
  for (const v of [
    '[UNAVAILABLE]',
    '[unavailable]',
    '[UnAvailable]',
    '[TEMPUNAVAIL]',
    '[tempunavail]',
    'UNAVAILABLE',
    'unknown',
  ]) {
    line(`XFORWARD ${name}=${v}`, `${name} ${v}`);
  }
  line(`XFORWARD ${name}=+5BUNAVAILABLE+5D`, `${name} [UNAVAILABLE] as xtext`);
}
for (const v of ['[UNAVAILABLE', '[UNAVAILABLE]x', '[ UNAVAILABLE]']) {
  line(`XFORWARD NAME=${v}`, 'NAME: not quite [UNAVAILABLE]');
  line(`XFORWARD IDENT=${v}`, 'IDENT: not quite [UNAVAILABLE]');
}

// ------------------------------------------------------------------ NAME
for (const [h, n] of [
  ['x.example', 'simple'],
  ['localhost', 'one label'],
  ['EXAMPLE.COM', 'upper case'],
  [`${'a'.repeat(63)}.example`, 'label of 63'],
  [`${'a'.repeat(64)}.example`, 'label of 64'],
  [hostOfLength(253), '253 octets'],
  [hostOfLength(255), '255 octets'],
  [hostOfLength(256), '256 octets'],
  ['-a.example', 'leading hyphen'],
  ['a-.example', 'hyphen ending a label'],
  ['a--b.example', 'double hyphen'],
  ['a_b.example', 'underscore'],
  ['example.123', 'numeric top label'],
  ['123', 'all digits'],
  ['1.2.3.4', 'an IPv4 address'],
  ['a..example', 'empty label'],
  ['.a.example', 'leading dot'],
  ['a.example.', 'trailing dot'],
  ['a*b.example', 'star'],
  ['a/b.example', 'slash'],
  ['a:b', 'colon'],
  ['[192.0.2.1]', 'address literal'],
  ['a<b.example', 'neutered <'],
  ['a>b.example', 'neutered >'],
  ['a(b).example', 'neutered ( )'],
  ['a;b.example', 'neutered ;'],
  ['a@b.example', 'neutered @'],
  ['a"b.example', 'neutered "'],
  ['a\\b.example', 'neutered backslash'],
  ['a+20b.example', 'neutered space (xtext)'],
  ['a+3Cb.example', 'neutered < (xtext)'],
  ['a+01b.example', 'control (xtext)'],
  ['a+00b.example', 'NUL (xtext)'],
  [u8('bücher.example'), 'raw UTF-8'],
  ['b+C3+BCcher.example', 'UTF-8 (xtext)'],
  ['b+FCcher.example', 'latin1 octet (xtext)'],
  ['x+2Eexample', 'dot (xtext)'],
  ['x+2eexample', 'dot (lower-case xtext)'],
  ['x.example+', 'bad xtext: trailing +'],
  ['x+2.example', 'bad xtext: one digit'],
  ['x+G1.example', 'bad xtext: not hex'],
  ['x.example+3DADDR+3D1.2.3.4', 'encoded ='],
]) {
  line(`XFORWARD NAME=${h}`, `NAME ${n}`);
}

// ------------------------------------------------------------------ ADDR
for (const [a, n] of [
  ['192.0.2.1', 'IPv4'],
  ['0.0.0.0', 'all zero'],
  ['255.255.255.255', 'broadcast'],
  ['0.1.2.3', 'zero first octet'],
  ['256.1.1.1', 'octet 256'],
  ['1.2.3', 'three octets'],
  ['1.2.3.4.5', 'five octets'],
  ['1.2.3.', 'trailing dot'],
  ['01.2.3.4', 'leading zero'],
  ['010.1.1.1', 'octal octet'],
  ['08.1.1.1', 'bad octal octet'],
  ['192.000.002.001', 'zero-padded octets'],
  ['0x7f.0.0.1', 'hex octet'],
  ['1.2.3.4;', 'neutered ;'],
  ['1.2.3.4+20', 'neutered space (xtext)'],
  ['[192.0.2.1]', 'brackets'],
  ['localhost', 'a host name'],
  ['1.2.3.4/32', 'CIDR'],
  ['IPv6:2001:db8::1', 'IPv6'],
  ['IPV6:2001:DB8::1', 'IPV6: upper case'],
  ['ipv6:2001:db8:0:0:0:0:0:1', 'ipv6: lower case, long form'],
  ['2001:db8::1', 'IPv6 without prefix'],
  ['IPv6:::1', 'IPv6 loopback'],
  ['IPv6:::', 'IPv6 unspecified'],
  ['IPv6:::ffff:192.0.2.1', 'IPv4-mapped'],
  ['IPv6:::192.0.2.1', 'IPv4-compatible'],
  ['IPv6:2001:db8::192.0.2.1', 'embedded IPv4'],
  ['IPv6:fe80::1%eth0', 'zone'],
  ['IPv6:fe80::1+25eth0', 'zone (xtext)'],
  ['IPv6:1:2:3:4:5:6:7:8', 'eight groups'],
  ['IPv6:1:2:3:4:5:6:7:8:9', 'nine groups'],
  ['IPv6:1::2::3', 'two ::'],
  ['IPv6:12345::1', 'five hex digits'],
  ['IPv6:[2001:db8::1]', 'bracketed IPv6'],
  ['IPv6:', 'prefix alone'],
  ['192+2E0+2E2+2E1', 'IPv4 (xtext)'],
]) {
  line(`XFORWARD ADDR=${a}`, `ADDR ${n}`);
}

// ------------------------------------------------------------------ PORT
for (const [p, n] of [
  ['0', 'zero'],
  ['1', 'one'],
  ['25', 'smtp'],
  ['65535', 'largest'],
  ['65536', 'over 65535'],
  ['99999', 'five nines'],
  ['00025', 'leading zeros, five digits'],
  ['000025', 'six digits'],
  ['-1', 'negative'],
  ['+1', 'bad xtext'],
  ['0x19', 'hex'],
  ['1a', 'trailing letter'],
  ['+201', 'leading space (xtext)'],
  ['2+35', 'digit (xtext)'],
  ['+00', 'NUL: empty'],
  ['123456789', 'nine digits'],
]) {
  line(`XFORWARD PORT=${p}`, `PORT ${n}`);
}

// ------------------------------------------------------------------ PROTO
const p64 = 'P'.repeat(64);
for (const [p, n] of [
  ['SMTP', 'SMTP'],
  ['ESMTP', 'ESMTP'],
  ['esmtp', 'lower case'],
  ['LMTP', 'LMTP'],
  ['ESMTPSA', 'ESMTPSA'],
  ['QMQP', 'QMQP'],
  ['local', 'a word'],
  ['UTF8SMTPS', 'UTF8SMTPS'],
  [p64, '64 octets'],
  [`${p64}Q`, '65 octets'],
  [`${'P'.repeat(63)}<`, '64 octets with <'],
  [`${p64}<`, '65 octets with < (echoed as sent)'],
  [`${'P'.repeat(60)}+20+20+20+20+20`, '65 octets with encoded spaces'],
  [`${'P'.repeat(62)}${u8('é')}`, '62 letters and a two-octet letter (64 octets)'],
  [`${'P'.repeat(63)}${u8('é')}`, '63 letters and a two-octet letter (65 octets)'],
  ['a<b>(c)', 'neutered characters'],
  ['E+20SMTP', 'space (xtext)'],
  ['SMTP+00x', 'NUL (xtext)'],
  ['SMTP+0D+0A', 'CR LF (xtext)'],
  [u8('SMTPé'), 'raw UTF-8'],
  ['+45SMTP', 'ESMTP (xtext)'],
]) {
  line(`XFORWARD PROTO=${p}`, `PROTO ${n}`);
}

// ------------------------------------------------------------------ HELO
for (const [h, n] of [
  ['h.example', 'host name'],
  ['[192.0.2.1]', 'address literal'],
  ['[IPv6:2001:db8::1]', 'IPv6 literal'],
  ['a<b>(c)', 'neutered characters'],
  ['a+20b', 'space (xtext)'],
  ['a"b;c@d', 'more neutered characters'],
  ['x+0D+0AMAIL', 'CR LF (xtext)'],
  [u8('höst.example'), 'raw UTF-8'],
  [hostOfLength(255), '255 octets'],
  [hostOfLength(256), '256 octets'],
  [repeat('+41', 85), '85 escapes (255 raw octets)'],
  [`${repeat('+41', 85)}A`, '85 escapes and a letter (256 raw octets)'],
  ['+00', 'NUL: empty'],
  ['not_a_hostname!', 'not a host name'],
]) {
  line(`XFORWARD HELO=${h}`, `HELO ${n}`);
}

// ------------------------------------------------------------------ IDENT
for (const [i, n] of [
  ['3CF6B2AAE8', 'a queue id'],
  ['abc-123_x.y', 'punctuation'],
  ['<id@host>', 'message-id style'],
  ['a<b>c', 'neutered characters'],
  ['a+20b', 'space (xtext)'],
  ['a,b', 'comma'],
  ['a=b', 'raw ='],
  ['a+3Db', 'encoded ='],
  ['a+01b', 'control (xtext)'],
  ['a+7Fb', 'DEL (xtext)'],
  ['+E9', 'latin1 octet (xtext)'],
  ['+C3+A9', 'UTF-8 (xtext)'],
  [repeat('I', 255), '255 octets'],
  [repeat('I', 256), '256 octets'],
  ['+00', 'NUL: empty'],
  ['a+', 'bad xtext'],
  ['A+2b', 'lower-case hex'],
]) {
  line(`XFORWARD IDENT=${i}`, `IDENT ${n}`);
}

// ------------------------------------------------------------------ SOURCE
for (const [s, n] of [
  ['LOCAL', 'LOCAL'],
  ['REMOTE', 'REMOTE'],
  ['local', 'lower case'],
  ['Remote', 'mixed case'],
  ['elsewhere', 'another word'],
  ['LOCALX', 'suffix'],
  ['LOCAL+20', 'trailing space (xtext)'],
  ['+4C+4F+43+41+4C', 'LOCAL (xtext)'],
  ['x<y', 'a < (echoed as sent)'],
  ['+00', 'NUL: empty'],
  ['REMOTE+00x', 'NUL inside'],
  ['L', 'one letter'],
]) {
  line(`XFORWARD SOURCE=${s}`, `SOURCE ${n}`);
}

// ------------------------------------------------------------------ lengths and xtext
line(
  `XFORWARD IDENT=${repeat('x', 255)} NAME=after.example`,
  '255 raw octets, then another attribute',
);
line(`XFORWARD FOO=${repeat('x', 256)}`, 'unknown attribute with 256 raw octets');
line(`XFORWARD ${repeat('x', 300)}`, 'a 300-octet token without =');
line(`XFORWARD NAME=${repeat('+61', 86)}`, '86 escapes (258 raw octets)');
line('XFORWARD HELO=+2b+2B', 'lower- and upper-case hex');
line('XFORWARD HELO=a+ b', 'bad escape, then another attribute token');
line('XFORWARD HELO=+41 x+', 'one bad escape disables the others in the value');
{
  // 2048 octets: Postfix cuts longer lines.
  const head = 'XFORWARD IDENT=';
  const cut = `${head}${repeat('i', 200)} ${repeat('PORT=25 ', 229)}`;
  line(`${cut.slice(0, 2046)} NAME=cut.example`, 'line over 2048 octets, an attribute cut in two');
  line(`${cut.slice(0, 2047)} FOO=bar`, 'unknown attribute beyond 2048 octets');
  line(`${cut.slice(0, 2040)} NAME=z`, 'line of 2048 octets');
}

// ------------------------------------------------------------------ every attribute alike
const SAMPLE = {
  NAME: 'v.example',
  ADDR: '192.0.2.50',
  PORT: '50',
  PROTO: 'ESMTP',
  HELO: 'v.example',
  IDENT: 'V50',
  SOURCE: 'REMOTE',
};
for (const name of NAMES) {
  const v = SAMPLE[name];
  const mixed = [...name].map((c, i) => (i % 2 ? c.toLowerCase() : c)).join('');
  line(`XFORWARD ${mixed}=${v}`, `${name}: name in mixed case`);
  line(`XFORWARD ${name}=${v}=x`, `${name}: a raw = in the value`);
  line(`XFORWARD ${name}=${v}+`, `${name}: bad xtext (trailing +)`);
  line(`XFORWARD ${name}=${v};`, `${name}: a neutered character at the end`);
  line(`XFORWARD ${name}=${v}+0D+0A`, `${name}: CR LF (xtext)`);
  line(`XFORWARD ${name}=${u8('ü')}${v}`, `${name}: raw UTF-8 first`);
  line(
    `XFORWARD ${name}=${[...v].map((c) => `+${c.charCodeAt(0).toString(16)}`).join('')}`,
    `${name}: all lower-case escapes`,
  );
  line(`XFORWARD ${name}=${v} FOO=bar`, `${name}: then an unknown name (partial)`);
  line(`XFORWARD FOO=bar ${name}=${v}`, `${name}: after an unknown name`);
  line(`XFORWARD ${name}=${v} ${name}`, `${name}: then the name without =`);
  line(`XFORWARD ${name}=${v}+00tail`, `${name}: NUL (xtext) then more`);
  line(`XFORWARD ${name}=${v} PORT=bad`, `${name}: then a bad PORT`);
  line(`XFORWARD ${name}=${repeat('9', 256)}`, `${name}: 256 raw octets`);
  line(`XFORWARD ${name}=[UNAVAILABLE] IDENT=after${name}`, `${name}=[UNAVAILABLE], then IDENT`);
}
line('XFORWARD NAME=bad..x FOO=1', 'a bad NAME before an unknown name');
line('XFORWARD FOO=1 NAME=bad..x', 'an unknown name before a bad NAME');
line('XFORWARD NAME=x.example PORT= FOO', 'empty value before an unknown token');
line('XFORWARD SOURCE=NOWHERE IDENT=x', 'a bad SOURCE first');
line('XFORWARD IDENT=x SOURCE=NOWHERE', 'a bad SOURCE last (partial IDENT)');
line(`XFORWARD PROTO=${p64}Q IDENT=y`, 'a long PROTO first');
line(`XFORWARD IDENT=y PROTO=${p64}Q`, 'a long PROTO last (partial IDENT)');
line('XFORWARD ADDR=IPv6:::1 NAME=six.example PORT=6', 'IPv6 loopback with a name and port');
line(
  'XFORWARD NAME=a.example IDENT=b HELO=c PROTO=d SOURCE=local PORT=7 ADDR=192.0.2.7',
  'all seven, ADDR last',
);

// ------------------------------------------------------------------ sequences
for (const { steps, note, extra } of SEQUENCES) sequence(steps, note, extra);

for (const c of cases) process.stdout.write(`${JSON.stringify(c)}\n`);
console.error(`${cases.length - sequences} lines, ${sequences} sequences`);
