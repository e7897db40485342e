#!/usr/bin/env node
// The cases behind the corpora test/vectors/postfix-3.7.11-edges.jsonl (single lines),
// postfix-3.7.11-sequences.jsonl (several commands on one connection) and
// postfix-3.7.11-names.jsonl (authorization by host name), for scripts/record-postfix.mjs:
//
//   node scripts/postfix-edge-cases.mjs lines     > lines.jsonl
//   node scripts/postfix-edge-cases.mjs sequences > sequences.jsonl
//   node scripts/postfix-edge-cases.mjs names     > names.jsonl
//
// Each case names its `class` (the classes: long-line, echo, identity, helo, names,
// pipelining) and the `server` it is recorded on (its authorized hosts and its
// smtpd_forbid_unauth_pipelining), which the replay in the unit suite configures the same
// way. Lines are Latin-1 strings: one character per octet sent. Addresses such as
// 192.0.2.1 are only text inside XCLIENT; every connection goes to 127.0.0.1.

const PROBE = { authorized: ['127.0.0.0/8', '[::1]/128'], forbid_unauth_pipelining: false };
const PIPE = { authorized: ['127.0.0.0/8'], forbid_unauth_pipelining: true };
const NAMES = {
  authorized: ['!bad.example', '127.0.0.1', 'trusted.example', '.sub.example'],
  forbid_unauth_pipelining: false,
};
const PORTS = { probe: 10025, pipe: 10029, names: 10035 };

const cases = [];
const counters = {};
function add(klass, fields) {
  counters[klass] = (counters[klass] ?? 0) + 1;
  const id = `${klass}-${String(counters[klass]).padStart(3, '0')}`;
  cases.push({ id, class: klass, port: PORTS.probe, server: PROBE, ...fields });
}

/** UTF-8 octets of a string, as a Latin-1 string (one character per octet). */
const u8 = (s) => Buffer.from(s, 'utf8').toString('latin1');

/** xtext (RFC 3461) of octets given as a Latin-1 string: "+", "=", controls, SP, 8-bit. */
function xtext(octets) {
  let out = '';
  for (const ch of octets) {
    const c = ch.charCodeAt(0);
    out +=
      c < 0x21 || c > 0x7e || ch === '+' || ch === '='
        ? `+${c.toString(16).toUpperCase().padStart(2, '0')}`
        : ch;
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Class 1: lines at Postfix's 2048-octet bound

/** "XCLIENT" and HELO=… attributes (the last one wins), exactly `length` octets, ending in SP. */
function prefix(length) {
  let s = 'XCLIENT';
  while (length - s.length > 200) s += ` HELO=${'h'.repeat(190)}`;
  const rest = length - s.length;
  if (rest >= 8) s += ` HELO=${'h'.repeat(rest - 7)} `;
  else s += ' '.repeat(rest);
  return s;
}

/** A line of `total` octets whose `tail` starts at `at` (padded after it with HELO=…). */
function lineWith(at, tail, total) {
  let line = prefix(at) + tail;
  if (total > line.length) {
    const pad = total - line.length;
    line += pad >= 8 ? ` HELO=${'z'.repeat(pad - 7)} ` : ' '.repeat(pad);
  }
  return line;
}

/** A line of `total` octets ending with `tail`, or, when longer than 2048, with it at 1990. */
const ending = (tail, total) =>
  total <= 2048 ? prefix(total - tail.length) + tail : lineWith(1990, tail, total);

function longLines() {
  const lengths = [2040, 2046, 2047, 2048, 2049, 2050, 2100, 4096, 5000];
  for (const total of lengths) {
    for (const sep of ['\t', '\v', '\f', '\r', '\x01', '\x7f', ' ']) {
      add('long-line', { line: ending(`NAME=a.example${sep}ADDR=127.0.0.2`, total) });
    }
  }
  for (const total of [2046, 2047, 2048, 2049, 2100]) {
    for (const bad of [
      '\xff',
      '\x80',
      '\xc3',
      '\xe0\x80\x80',
      '\xf5\x80',
      '\xc0\x80',
      '\xed\xa0\x80',
      '\xfe\x80',
      '\xf8\x88\x80\x80\x80',
      u8('é'),
    ]) {
      add('long-line', { line: ending(`LOGIN=x${bad}y`, total) });
    }
  }
  // A character split by the bound: its first octets kept, then "?".
  for (const ch of ['é', '€', '😀']) {
    const octets = u8(ch);
    for (let k = 0; k <= octets.length; k++) {
      add('long-line', { line: lineWith(2048 - 7 - k, `NAME=ab${octets}c`, 2100) });
      add('long-line', { line: lineWith(2048 - 8 - k, `LOGIN=ab${octets}c`, 2100) });
    }
  }
  // A value cut by the bound.
  const cut = [
    ['NAME=abcdefghij.example', [0, 3, 4, 5, 6, 10, 15]],
    ['PORT=12345', [2, 5, 6, 8]],
    ['ADDR=127.0.0.12', [5, 12, 14]],
    ['FOO=bar', [1, 3, 4, 5]],
    ['HELO=a+41', [7, 8]],
    ['NAME=a+2Eexample', [7, 8]],
    ['PROTO=ESMTPX', [11]],
    ['PROTO=[UNAVAILABLE]', [10]],
    ['NAME=[UNAVAILABLE]X', [18]],
  ];
  for (const [attr, offsets] of cut) {
    for (const k of offsets) add('long-line', { line: lineWith(2048 - k, attr, 2100) });
  }
  // Line ends at the bound: CR LF, bare LF, CRs before the LF.
  for (const [content, eol] of [
    [2046, '\r\n'],
    [2047, '\r\n'],
    [2048, '\r\n'],
    [2046, '\n'],
    [2047, '\n'],
    [2048, '\n'],
    [2045, '\r\r\n'],
    [2046, '\r\r\n'],
    [2047, '\r\r\n'],
    [2045, '\r\r\r\n'],
    [2046, '\r\r\r\n'],
  ]) {
    add('long-line', { line: `${prefix(content - 14)}NAME=a.example`, eol });
  }
  // A NUL: the tokens end there; the UTF-8 check covers the octets after it too.
  for (const total of [30, 2047, 2048, 2100]) {
    for (const tail of [
      'NAME=a.example\0 FOO=bar',
      'NAME=a.example\0\xff',
      'NAME=a.example\0\x01\t',
    ]) {
      add('long-line', { line: total === 30 ? `XCLIENT ${tail}` : ending(tail, total) });
    }
  }
  // Quotes and backslashes: the same on a long line, but the controls inside are "?".
  for (const total of [2047, 2048]) {
    for (const tail of ['LOGIN="a\tb NAME=x"', 'LOGIN=a\\\tb', 'LOGIN=<a\tb>']) {
      add('long-line', { line: ending(tail, total) });
    }
  }
}

// ---------------------------------------------------------------------------------------
// Class 2: octets that are not UTF-8, echoed in replies

const ECHOED = [
  '+C0+80',
  '+C1+BF',
  '+C2+80',
  '+DF+BF',
  '+E0+80+80',
  '+E0+9F+BF',
  '+E0+A0+80',
  '+ED+9F+BF',
  '+ED+A0+80',
  '+ED+BF+BF',
  '+EE+80+80',
  '+EF+BF+BF',
  '+F0+80+80+80',
  '+F0+8F+BF+BF',
  '+F0+90+80+80',
  '+F4+8F+BF+BF',
  '+F4+90+80+80',
  '+F5+80+80+80',
  '+F7+BF+BF+BF',
  '+F8+88+80+80+80',
  '+FB+BF+BF+BF+BF',
  '+FC+84+80+80+80+80',
  '+FD+BF+BF+BF+BF+BF',
  '+FE+80',
  '+FE+BF+BF+BF+BF+BF+BF',
  '+FF+80',
  '+FF',
  '+80',
  '+BF',
  '+80+80',
  '+C3',
  '+C3+C3+A9',
  '+E2+82',
  '+E2+82+41',
  '+F0+9F+98',
  '+F0+9F+98+41',
  '+C3+A9',
  '+E2+82+AC',
  '+F0+9F+98+80',
  '+C3+A9+FF',
  '+C2',
  '+E0+80',
  '+ED+A0',
  '+C3+80+80+80',
  '+E0+A0+80+80',
  '+C3+28',
  '+c3+a9',
  '+e0+80+80',
  '+01+E0+80+80',
  '+7F+C3',
];

function echoLines() {
  for (const seq of ECHOED) add('echo', { line: `XCLIENT NAME=a${seq}` });
  for (const seq of ECHOED.slice(0, 12)) add('echo', { line: `XCLIENT NAME=${seq}b` });
  const some = [
    '+E0+80+80',
    '+C0+80',
    '+FE+80',
    '+ED+A0+80',
    '+F4+90+80+80',
    '+C3',
    '+E2+82',
    '+FF',
  ];
  for (const attr of ['REVERSE_NAME', 'PORT', 'DESTPORT', 'PROTO']) {
    for (const seq of some) add('echo', { line: `XCLIENT ${attr}=1${seq}` });
  }
  for (const attr of ['ADDR', 'DESTADDR']) {
    for (const seq of some) add('echo', { line: `XCLIENT ${attr}=1${seq}` });
    for (const seq of ['+E0+80+80', '+C3', '+FE+80']) {
      add('echo', { line: `XCLIENT ${attr}=1<${seq}>(+22)@;` });
      add('echo', { line: `XCLIENT ${attr}=IPV6:${seq}+20::1` });
    }
  }
  // Valid UTF-8 sent raw (the line is UTF-8), a bad escape (the raw value), a raw name.
  for (const v of ['é', 'héllo.example', '€', '😀', 'é+', 'é+4', 'a+G1é']) {
    add('echo', { line: `XCLIENT NAME=${u8(v)}` });
  }
  for (const name of ['NÄME', 'FÖO', '名前', 'FOO+E0+80+80']) {
    add('echo', { line: `XCLIENT ${u8(name)}=x` });
  }
}

// ---------------------------------------------------------------------------------------
// Class 4: HELO with UTF-8 (XCLIENT HELO= and the EHLO after it)

/** The HELO names of the class-4 cases, as JavaScript strings. */
const HELOS = [
  'héllo wörld',
  'héllo.wörld.example',
  'mail.bücher.example',
  'ÄÖÜ.example',
  'παράδειγμα.δοκιμή',
  '例子.测试',
  'مثال.إختبار',
  'e\u0301.example',
  'a\u200db.example',
  'a\u00a0b',
  'a\u2028b',
  'a\ufeffb',
  'a\u0080b',
  'a\u009fb',
  'a\u0085b',
  'a\u0001b',
  'a\u007fb',
  'a\tb',
  'tab\there',
  'x😀y.example',
  'a<b>c',
  'a(b)c',
  'a;b@c',
  'a"b"c',
  'a\\b',
  'é@[192.0.2.1]',
  'é é é',
  '[TEMPUNAVAIL]',
  '[192.0.2.1]',
  '[IPv6:2001:db8::1]',
  'é'.repeat(127),
  `${'é'.repeat(126)}ab`,
  '\u00ff\u00fe',
  '\ufffd',
  '\u{10ffff}',
  'a\u0000b',
];

function heloLines() {
  for (const helo of HELOS) add('helo', { line: `XCLIENT HELO=${xtext(u8(helo))}`, helo });
  for (const octets of ['+E0+80+80', '+C3', '+FF', '+C2+80', '+ED+A0+80', '+F5+80']) {
    add('helo', { line: `XCLIENT HELO=a${octets}b` });
  }
}

/** Postfix's printable() and NEUTER_CHARACTERS on a well-formed string (the planner's rule). */
function postfixHelo(name) {
  const cut = name.indexOf('\0');
  const text = cut >= 0 ? name.slice(0, cut) : name;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: masking control characters is the point
  return text.replace(/[\0-\x1f\x7f]/g, '?').replace(/[ <>()\\";@]/g, '?');
}

function heloSequences() {
  for (const helo of HELOS) {
    const masked = postfixHelo(helo);
    if (masked === '') continue;
    add('helo', {
      helo,
      steps: [
        { send: `XCLIENT HELO=${xtext(u8(helo))} NAME=client.example`, identify: true },
        { send: `EHLO ${u8(masked)}`, identify: true },
      ],
    });
  }
  for (const raw of [
    'a\x01b',
    'a\x7fb',
    'a\tb',
    'a  b',
    'a\x0bb',
    u8('é<x>'),
    '"a b"',
    '"a  b"',
    'a\\ b',
    u8('a\u0085b'),
  ]) {
    for (const verb of ['EHLO', 'HELO']) {
      add('helo', {
        steps: [
          { send: 'XCLIENT NAME=client.example' },
          { send: `${verb} ${raw}`, identify: true },
        ],
      });
    }
  }
}

// ---------------------------------------------------------------------------------------
// Class 3: the identity after failed and successful XCLIENTs

/** A small seeded generator (mulberry32): the same cases on every run. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function identitySequences() {
  const next = random(17);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const values = {
    NAME: ['n1.example', 'n2.example', 'N3.Example', '[UNAVAILABLE]', '[TEMPUNAVAIL]', 'unknown'],
    ADDR: [
      '127.0.0.2',
      '127.0.0.3',
      '127.1.2.3',
      'IPV6:::ffff:127.0.0.4',
      '0127.0.0.1',
      '[UNAVAILABLE]',
      '192.0.2.7',
    ],
    PORT: ['1', '25', '00025', '65535', '99999', '[UNAVAILABLE]'],
  };
  const others = [
    'HELO=h.example',
    'LOGIN=joe',
    'PROTO=ESMTP',
    'DESTPORT=2525',
    'DESTADDR=127.0.0.9',
    'REVERSE_NAME=r.example',
  ];
  const failing = [
    'FOO=bar',
    'PORT=x',
    'NAME=bad..name',
    'ADDR=999.1.1.1',
    'PROTO=LMTP',
    'DESTPORT=-1',
    'NAME',
    'ADDR=[TEMPUNAVAIL]',
  ];
  const command = (fails) => {
    const attrs = [];
    for (const name of ['NAME', 'ADDR', 'PORT']) {
      if (next() < 0.45) attrs.push(`${name}=${pick(values[name])}`);
    }
    if (next() < 0.3) attrs.push(pick(others));
    for (let i = attrs.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [attrs[i], attrs[j]] = [attrs[j], attrs[i]];
    }
    if (fails) attrs.push(pick(failing));
    if (attrs.length === 0) attrs.push(pick(others));
    return `XCLIENT ${attrs.join(' ')}`;
  };
  for (let n = 0; n < 90; n++) {
    const length = 2 + Math.floor(next() * 3);
    const steps = [];
    for (let i = 0; i < length; i++) {
      const fails = i === 0 || next() < 0.5;
      const send = command(fails);
      steps.push({ send, identify: i === length - 1 || next() < 0.5 });
    }
    if (next() < 0.25) steps.push({ send: 'EHLO after.example', identify: true });
    add('identity', { steps });
  }
  // The schedule, one rule at a time.
  const fixed = [
    ['XCLIENT NAME=a.example FOO=bar', 'XCLIENT HELO=h.example', 'XCLIENT PORT=1'],
    ['XCLIENT ADDR=127.0.0.9 PORT=77 FOO=bar', 'XCLIENT LOGIN=joe', 'XCLIENT NAME=[UNAVAILABLE]'],
    [
      'XCLIENT PORT=00025',
      'XCLIENT NAME=b.example PORT=x',
      'XCLIENT DESTPORT=1',
      'XCLIENT ADDR=127.0.0.2',
    ],
    ['XCLIENT NAME=c.example ADDR=192.0.2.1 FOO=bar', 'XCLIENT PORT=2', 'XCLIENT PORT=3'],
    [
      'XCLIENT NAME=d.example FOO=bar',
      'XCLIENT REVERSE_NAME=r.example',
      'XCLIENT ADDR=[UNAVAILABLE]',
    ],
    ['XCLIENT PORT=5 NAME=bad..name', 'XCLIENT HELO=x', 'XCLIENT NAME=e.example'],
    [
      'XCLIENT NAME=f.example PORT=6 ADDR=127.0.0.6',
      'XCLIENT NAME=g.example FOO=bar',
      'XCLIENT PROTO=ESMTP',
    ],
    [
      'XCLIENT NAME=h.example ADDR=[TEMPUNAVAIL]',
      'XCLIENT DESTADDR=127.0.0.1',
      'XCLIENT PORT=[UNAVAILABLE]',
    ],
  ];
  for (const sends of fixed)
    add('identity', { steps: sends.map((send) => ({ send, identify: true })) });
}

// ---------------------------------------------------------------------------------------
// Postfix 3.9's default: no pipelining after XCLIENT (10029), and the 3.7.11 default (10025)

function pipeliningSequences() {
  const groups = [
    { steps: [{ send: ['XCLIENT NAME=a.example', 'EHLO y'] }] },
    { steps: [{ send: ['XCLIENT NAME=a.example PORT=1', 'XCLIENT ADDR=127.0.0.3'] }] },
    { ehlo: null, steps: [{ send: ['XCLIENT NAME=a.example', 'NOOP'] }] },
    { ehlo: null, steps: [{ send: ['XCLIENT NAME=a.example', 'EHLO y'] }] },
    { steps: [{ send: ['XCLIENT NAME=a.example FOO=bar', 'EHLO y'] }] },
    { steps: [{ send: ['XCLIENT NAME=a.example PROTO=ESMTP', 'MAIL FROM:<a@example.com>'] }] },
    {
      steps: [
        { send: 'XCLIENT NAME=a.example PROTO=ESMTP' },
        { send: ['MAIL FROM:<a@example.com>', 'RSET'] },
      ],
    },
    {
      steps: [{ send: 'XCLIENT NAME=a.example' }, { send: ['MAIL FROM:<a@example.com>', 'RSET'] }],
    },
    { steps: [{ send: ['MAIL FROM:<a@example.com>', 'XCLIENT NAME=x'] }] },
    { steps: [{ send: ['MAIL FROM:<a@example.com>', 'RSET', 'XCLIENT NAME=x.example'] }] },
    { steps: [{ send: ['XCLIENT', 'EHLO y'] }] },
    {
      steps: [
        { send: 'XCLIENT NAME=a.example' },
        { send: 'EHLO y' },
        { send: ['XCLIENT NAME=b.example', 'EHLO z'] },
      ],
    },
    { steps: [{ send: ['EHLO y', 'XCLIENT NAME=b.example'] }] },
    { steps: [{ send: ['XCLIENT NAME=a.example', 'XCLIENT NAME=b.example'] }] },
    { ehlo: 'HELO x', steps: [{ send: ['RSET', 'XCLIENT NAME=b.example'] }] },
    { steps: [{ send: ['XCLIENT NAME=a.example', 'BOGUS'] }] },
    { steps: [{ send: ['XCLIENT NAME=a.example', 'QUIT'] }] },
    { steps: [{ send: ['RSET', 'XCLIENT NAME=a.example'] }, { send: 'EHLO y' }] },
    { steps: [{ send: ['XCLIENT NAME=a.example ADDR=192.0.2.1', 'XCLIENT PORT=1'] }] },
    {
      steps: [
        { send: 'XCLIENT NAME=a.example ADDR=192.0.2.1' },
        { send: ['XCLIENT PORT=1', 'EHLO y'] },
      ],
    },
    { steps: [{ send: ['XCLIENT NAME=bad..name', 'XCLIENT PORT=1'] }] },
    { steps: [{ send: ['XCLIENT NAME=a.example', 'XCLIENT:'] }] },
    { steps: [{ send: ['XCLIENT NAME=a.example PROTO=ESMTP', 'RSET'] }] },
    { steps: [{ send: 'XCLIENT PROTO=ESMTP' }, { send: ['RSET', 'NOOP'] }] },
    { steps: [{ send: 'XCLIENT PROTO=ESMTP' }, { send: ['RSET', 'RSET'] }] },
    { steps: [{ send: 'XCLIENT PROTO=ESMTP' }, { send: ['NOOP', 'RSET'] }] },
    { steps: [{ send: ['MAIL FROM:<a@example.com>', 'RCPT TO:<r@example.net>', 'RSET'] }] },
    { ehlo: 'HELO x', steps: [{ send: ['MAIL FROM:<a@example.com>', 'RSET'] }] },
    { ehlo: null, steps: [{ send: ['HELO x', 'RSET'] }] },
    { ehlo: null, steps: [{ send: ['RSET', 'RSET'] }] },
    { steps: [{ send: 'XCLIENT NAME=a.example' }, { send: 'HELO y' }, { send: ['RSET', 'RSET'] }] },
    {
      steps: [
        { send: 'XCLIENT NAME=a.example' },
        { send: 'EHLO y' },
        { send: ['MAIL FROM:<a@example.com>', 'RSET'] },
      ],
    },
    { steps: [{ send: ['XCLIENT HELO=h.example', 'XCLIENT NAME=n.example ADDR=127.0.0.8'] }] },
    {
      steps: [
        { send: 'XCLIENT PORT=4242' },
        { send: 'XCLIENT HELO=h.example PROTO=ESMTP NAME=n.example ADDR=127.0.0.8' },
        { send: 'EHLO h.example', identify: true },
      ],
    },
  ];
  for (const server of ['pipe', 'probe']) {
    for (const g of groups) {
      add('pipelining', { ...g, port: PORTS[server], server: server === 'pipe' ? PIPE : PROBE });
    }
  }
}

// ---------------------------------------------------------------------------------------
// Class 5: authorization by host name (127.0.0.1:10035, scripts/postfix-names-instance.sh)

function nameSequences() {
  const names = [
    'trusted.example',
    'TRUSTED.Example',
    'x.trusted.example',
    'trusted.example.net',
    'xtrusted.example',
    'bad.example',
    'BAD.EXAMPLE',
    'x.bad.example',
    'bad.example.sub.example',
    'sub.example',
    'x.sub.example',
    'a.b.sub.example',
    'X.SUB.EXAMPLE',
    'xsub.example',
    'sub.example.net',
    'localhost',
    'unknown',
    '[UNAVAILABLE]',
    '[TEMPUNAVAIL]',
    '_x.sub.example',
  ];
  const addrs = ['127.0.0.1', '192.0.2.1', '127.0.0.2', 'IPV6:::ffff:127.0.0.1', '[UNAVAILABLE]'];
  const on = (fields) => add('names', { port: PORTS.names, server: NAMES, ...fields });
  for (const name of names) {
    for (const addr of ['127.0.0.1', '192.0.2.1']) {
      on({
        steps: [
          { send: `XCLIENT NAME=${name} ADDR=${addr}`, identify: true },
          { send: 'EHLO x.example' },
          { send: 'XCLIENT PORT=1' },
        ],
      });
    }
  }
  for (const addr of addrs) {
    on({
      steps: [
        { send: `XCLIENT ADDR=${addr}` },
        { send: 'EHLO x.example' },
        { send: 'XCLIENT PORT=1' },
      ],
    });
  }
  // In and out of the list.
  const walks = [
    [
      'XCLIENT NAME=trusted.example ADDR=192.0.2.1',
      'XCLIENT NAME=x.sub.example',
      'XCLIENT NAME=bad.example',
      'XCLIENT PORT=1',
    ],
    ['XCLIENT ADDR=192.0.2.1', 'XCLIENT NAME=trusted.example'],
    ['XCLIENT NAME=bad.example', 'XCLIENT NAME=trusted.example'],
    ['XCLIENT NAME=trusted.example FOO=bar', 'XCLIENT ADDR=192.0.2.1', 'XCLIENT PORT=1'],
    ['XCLIENT NAME=bad.example FOO=bar', 'XCLIENT PORT=1', 'XCLIENT PORT=2'],
    ['XCLIENT ADDR=192.0.2.1 NAME=bad..x', 'XCLIENT PORT=1', 'XCLIENT PORT=2'],
    ['XCLIENT NAME=x.sub.example ADDR=192.0.2.1', 'XCLIENT NAME=[UNAVAILABLE]', 'XCLIENT PORT=2'],
    [
      'XCLIENT NAME=x.sub.example ADDR=192.0.2.1',
      'XCLIENT REVERSE_NAME=bad.example',
      'XCLIENT PORT=2',
    ],
    ['XCLIENT REVERSE_NAME=trusted.example ADDR=192.0.2.1', 'XCLIENT PORT=2'],
    ['XCLIENT NAME=trusted.example ADDR=192.0.2.1', 'XCLIENT NAME=[TEMPUNAVAIL]', 'XCLIENT PORT=3'],
    ['XCLIENT NAME=trusted.example ADDR=[UNAVAILABLE]', 'XCLIENT PORT=2', 'XCLIENT NAME=localhost'],
    ['XCLIENT NAME=x.bad.example ADDR=127.0.0.1', 'XCLIENT ADDR=192.0.2.9', 'XCLIENT PORT=2'],
    [
      'XCLIENT NAME=trusted.example ADDR=192.0.2.1',
      'XCLIENT NAME=bad.example FOO=bar',
      'XCLIENT PORT=2',
      'XCLIENT PORT=3',
    ],
  ];
  for (const sends of walks) {
    on({
      steps: [...sends.map((send) => ({ send })), { send: 'EHLO after.example', identify: true }],
    });
  }
}

const set = process.argv[2];
if (set === 'lines') {
  longLines();
  echoLines();
  heloLines();
} else if (set === 'sequences') {
  identitySequences();
  heloSequences();
  pipeliningSequences();
} else if (set === 'names') {
  nameSequences();
} else {
  console.error('usage: postfix-edge-cases.mjs lines|sequences|names');
  process.exit(2);
}
process.stdout.write(cases.map((c) => `${JSON.stringify(c)}\n`).join(''));
