/**
 * Raw lines to probe a real Postfix with, and to compare its replies with the 'postfix'
 * profile's.
 *
 * @packageDocumentation
 */

import type { Arbitrary } from 'fast-check';
import fc from 'fast-check';
import { concatOctets } from '../octets.js';
import { invalidAttributeValue, validAttributeValue } from './attributes.js';
import { encodeInvalid, nameArb, rawNameArb } from './invalid.js';
import { NAMES } from './limits.js';
import { anyEntry, anyEntryRaw, verbArb } from './lines.js';
import { encodeCodePoints, escapesArb, utf8Encoder } from './xtext.js';

const ascii = (text: string): Uint8Array => utf8Encoder.encode(text);

/**
 * Tokens that Postfix's tokenizer reads in its own way: quotes, `<…>`, backslashes, and `to:`
 * and `from:`.
 */
const QUOTED_TOKENS = [
  'HELO="a b"',
  'LOGIN="bob smith"',
  '"NAME=x.example"',
  'HELO="unterminated',
  'HELO=<a b>',
  'NAME=<x.example>',
  'HELO="a<b"c>"',
  'HELO=a\\ b',
  'NAME=a\\',
  'LOGIN=\\"x\\"',
  'HELO=to:x',
  'to:NAME=x',
  'from:HELO=y',
] as const;

/**
 * Tokens broken or at an edge, one case each: a missing name, value or `=`, bad escapes,
 * encoded `=`, `[`, NUL and CR LF, octal-looking addresses, ports with leading zeros or above
 * 65535, special values and look-alikes, unknown names.
 */
const BROKEN_TOKENS = [
  'NAME=',
  '=x',
  '=',
  'NAME',
  'NAME = x',
  'HELO=a+',
  'LOGIN=+G1',
  'HELO=+41x+',
  'PORT=+1',
  'HELO=a=b',
  'NAME=x.example+3DADDR+3D1.2.3.4',
  'NAME=+5BUNAVAILABLE+5D',
  'PROTO=+45SMTP',
  'ADDR=192+2E0+2E2+2E1',
  'ADDR=010.1.1.1',
  'ADDR=08.1.1.1',
  'ADDR=0127.0.0.1',
  'ADDR=IPV6:::ffff:010.1.1.1',
  'ADDR=IPv6:fe80::1+25eth0',
  'ADDR=2001:db8::1',
  'PORT=00025',
  'PORT=000025',
  'PORT=99999',
  'PORT=65536',
  'PROTO=LMTP',
  'PROTO=[UNAVAILABLE]',
  'ADDR=[TEMPUNAVAIL]',
  'HELO=[tempunavail]',
  'LOGIN=[TempUnavail]',
  'HELO=[UNAVAILABLE]',
  'NAME=UNAVAILABLE',
  'NAME=[UNAVAILABLE]x',
  'HELO=a+00b',
  'LOGIN=+00',
  'HELO=+0D+0A',
  'HELO=+E9',
  'HELO=+C3+A9',
  'NAME=unknown',
  'FORWARD_NAME=x',
  'IDENT=x',
  'SOURCE=LOCAL',
  'REVERSE_NAME=[TEMPUNAVAIL]',
] as const;

/** Tokens that Postfix's tokenizer and xclient_cmd treat in interesting ways. */
function probeToken(): Arbitrary<Uint8Array> {
  const lowerHex = fc.tuple(nameArb, validAttributeValue('HELO')).map(([name, v]) =>
    ascii(
      `${name}=${encodeCodePoints(v)
        .join('')
        .replace(/\+([0-9A-F]{2})/g, (m) => m.toLowerCase())}`,
    ),
  );
  const rawUtf8 = fc
    .tuple(
      fc.constantFrom('HELO', 'LOGIN', 'NAME', 'helo'),
      fc.constantFrom('é', 'jürgen', '中文', '😀', 'ß.example'),
    )
    .map(([n, v]) => ascii(`${n}=${v}`));
  const quoted = fc.constantFrom(...QUOTED_TOKENS);
  const long = fc
    .tuple(
      fc.constantFrom('HELO', 'LOGIN', 'NAME', 'FOO'),
      fc.integer({ min: 250, max: 260 }),
      fc.boolean(),
    )
    .map(([n, length, escaped]) =>
      ascii(
        `${n}=${escaped ? '+41'.repeat(Math.floor(length / 3)) + 'a'.repeat(length % 3) : 'a'.repeat(length)}`,
      ),
    );
  const longHost = fc.integer({ min: 250, max: 257 }).map((length) => {
    const name = `${'a'.repeat(63)}.`.repeat(5).slice(0, length);
    return ascii(`NAME=${name.endsWith('.') ? `${name.slice(0, -1)}b` : name}`);
  });
  const broken = fc.constantFrom(...BROKEN_TOKENS);
  const valid = fc.oneof(anyEntry, anyEntryRaw).map((e) => ascii(`${e.rawName}=${e.raw}`));
  const invalidValue = fc.oneof(
    ...NAMES.map((name) =>
      fc
        .tuple(rawNameArb(name), invalidAttributeValue(name), escapesArb)
        .map(([rawName, { value }, escapes]) =>
          ascii(`${rawName}=${encodeInvalid(value, escapes)}`),
        ),
    ),
  );
  const badOctets = fc
    .constantFrom([0xff], [0xc3], [0xe9], [0xc0, 0x80])
    .map((bad) => Uint8Array.from([...ascii('HELO=a'), ...bad]));
  return fc.oneof(
    { weight: 6, arbitrary: valid },
    { weight: 2, arbitrary: invalidValue },
    { weight: 3, arbitrary: broken.map(ascii) },
    { weight: 1, arbitrary: lowerHex },
    { weight: 1, arbitrary: rawUtf8 },
    { weight: 2, arbitrary: quoted.map(ascii) },
    { weight: 1, arbitrary: long },
    { weight: 1, arbitrary: longHost },
    { weight: 1, arbitrary: badOctets },
  );
}

/**
 * Raw lines to send to a real Postfix (one per connection, after EHLO, from an authorized
 * client) and to `parseXclient(octets, { profile: 'postfix' })`, to compare the two replies:
 * mostly well-formed attributes mixed with what Postfix reads in its own way: lower-case hex,
 * raw UTF-8, quotes, `<…>`, backslashes, `to:`/`from:` tokens, bad escapes (Postfix then uses
 * the raw value), encoded `=` and NUL, octal-looking addresses, ports of 5 digits above
 * 65535, special values in the wrong place, values of 250–260 characters around Postfix's
 * 255 limit, unknown names, empty values, a missing `=`, invalid UTF-8, and whitespace runs
 * of SP, TAB, VT, FF and CR (never LF, which would end the line, and no raw NUL).
 *
 * @returns an arbitrary of lines as octets, without CRLF.
 * @example
 * ```ts
 * fc.sample(postfixProbeLine(), 1).map((o) => Buffer.from(o).toString('latin1'))
 * //=> e.g. ['XCLIENT HELO="a b"  NAME=x.example']
 * ```
 * @see docs/spec/postfix.md §1–§4
 * @remarks Since 0.1.0
 */
export function postfixProbeLine(): Arbitrary<Uint8Array> {
  const space = fc.oneof(
    { weight: 12, arbitrary: fc.constant(' ') },
    { weight: 1, arbitrary: fc.constantFrom('  ', '\t', ' \t ', '\x0b', '\x0c', '\r', '   ') },
  );
  const verb = fc.oneof(
    { weight: 20, arbitrary: verbArb },
    { weight: 1, arbitrary: fc.constantFrom('XCLIENTX', 'XCLIENT:', 'XCLIENT=') },
  );
  const edge = fc.oneof({ weight: 8, arbitrary: fc.constant('') }, { weight: 1, arbitrary: space });
  return fc
    .tuple(
      edge,
      verb,
      fc.array(fc.tuple(space, probeToken()), { minLength: 0, maxLength: 6 }),
      edge,
    )
    .map(([lead, v, tokens, trail]) => {
      const parts: Uint8Array[] = [ascii(lead + v)];
      for (const [s, t] of tokens) parts.push(ascii(s), t);
      parts.push(ascii(trail));
      return concatOctets(parts);
    });
}
