// parseOrdinary (internal, src/command.ts): the fast path of parseXclient for ordinary string
// lines. Which lines take it is not visible in a result, so it is checked on the internal
// function; test/properties.test.ts checks that it agrees with the general reader.
import { parseXclient } from 'smtp-xclient';
import { describe, expect, it } from 'vitest';
import { parseGeneral, parseOrdinary } from '../src/command.js';

describe('the fast path for ordinary string lines (parseOrdinary)', () => {
  // parseXclient reads an ordinary string line (see src/command.ts) without encoding it; any
  // other line goes to the general reader. Which lines take the fast path is not visible in a
  // result (test/properties.test.ts checks that both readers agree); it is checked here.
  const encoder = new TextEncoder();
  const b = (n: number, c = 'b'): string => c.repeat(n);

  it.each([
    ['XCLIENT NAME=spike.porcupine.org ADDR=168.100.189.2', 'README example'],
    [
      'XCLIENT NAME=mail.example.com ADDR=IPV6:2001:db8::1 PORT=4321 PROTO=ESMTP HELO=client.example.com REVERSE_NAME=mail.example.com LOGIN=joe+40example.com DESTADDR=192.0.2.25 DESTPORT=25',
      'nine attributes',
    ],
    [
      'XCLIENT LOGIN=j+C3+BCrgen+20m+C3+BCller HELO=b+C3+BCro+2Eexample+20+E2+9C+89',
      'UTF-8 escapes',
    ],
    ['xClient name=[TEMPUNAVAIL] Addr=[UNAVAILABLE] port=[UNAVAILABLE]', 'any case, specials'],
    ['XCLIENT HELO=a+2Bb+3Dc+7E+21', 'escapes of "+", "=", "~", "!"'],
    ["XCLIENT LOGIN=!#$%&'*,-./:;?@[]^_`{|}~", 'the xchars no reader groups on'],
    ['XCLIENT NAME=a.example\r\n', 'CRLF at the end'],
    [`XCLIENT LOGIN=${b(255, 'a')} HELO=${b(235)}`, '510 octets'],
    [`XCLIENT LOGIN=${b(255, 'a')} HELO=${b(235)}\r\n`, '512 octets with CRLF'],
  ])("takes %j (%s), as a string and as octets, with the general reader's result", (line) => {
    for (const profile of ['strict', 'postfix', 'lenient'] as const) {
      const fast = parseOrdinary(line, profile);
      expect(fast, profile).toBeDefined();
      expect(fast).toEqual(parseGeneral(line, profile));
      expect(Object.keys(fast?.ok ? fast.value : {})).toEqual(
        Object.keys((parseGeneral(line, profile) as { value: object }).value),
      );
      expect(parseOrdinary(encoder.encode(line), profile)).toEqual(fast);
      expect(parseXclient(line, { profile })).toEqual(fast);
    }
  });

  it.each([
    [`XCLIENT LOGIN=${b(255, 'a')} HELO=${b(236)}`, 'both', '511 octets: 513 with the CRLF'],
    [`XCLIENT LOGIN=${b(255, 'a')} HELO=${b(236)}\r\n`, 'both', '513 octets with CRLF'],
    [`XCLIENT LOGIN=${b(256, 'a')}`, 'both', 'a value of 256 octets'],
    ['XCLIENT NAME=a NAME=b', 'both', 'a repeated name'],
    ['XCLIENT FOO=bar', 'both', 'an unknown name'],
    ['XCLIENT TTL=5', 'both', 'an extension name'],
    ['XCLIENT NAME=a..b', 'both', 'a value that fails validation'],
    ['XCLIENT PORT=025', 'strict', 'a leading zero (postfix accepts it)'],
    ['XCLIENT NAME=[tempunavail]', 'lenient', 'a special value in lower case (warned)'],
    ['XCLIENT ADDR=2001:db8::1', 'lenient', 'a bare IPv6 address (warned)'],
    ['XCLIENT PROTO=LMTP', 'lenient', 'PROTO=LMTP (warned)'],
    ['XCLIENT NAME=', 'both', 'an empty value'],
    ['XCLIENT', 'both', 'no attribute'],
    ['XCLIENTS NAME=a', 'both', 'another verb'],
    ['EHLO NAME=a', 'both', 'another verb'],
    ['XCLIENT  NAME=a', 'both', 'two spaces'],
    [' XCLIENT NAME=a', 'both', 'a leading space'],
    ['XCLIENT NAME=a ', 'both', 'a trailing space'],
    ['XCLIENT\tNAME=a', 'both', 'a TAB'],
    ['XCLIENT NAME=a\n', 'both', 'a bare LF'],
    ['XCLIENT NAME=a\r', 'both', 'a bare CR'],
    ['XCLIENT NAME=a\r\n\r\n', 'both', 'two line ends'],
    ['XCLIENT LOGIN=a+2bb', 'both', 'lower-case hex'],
    ['XCLIENT LOGIN=a+2', 'both', 'a cut escape'],
    ['XCLIENT LOGIN=a+', 'both', 'a lone "+"'],
    ['XCLIENT LOGIN=a=b', 'both', 'a raw "="'],
    ['XCLIENT LOGIN=a+0Ab', 'both', 'an escaped LF'],
    ['XCLIENT LOGIN=a+00b', 'both', 'an escaped NUL'],
    ['XCLIENT LOGIN=a+1Fb', 'both', 'an escaped control'],
    ['XCLIENT LOGIN=a+7Fb', 'both', 'an escaped DEL'],
    ['XCLIENT LOGIN=+C3+A9+0A', 'both', 'an escaped LF after UTF-8'],
    ['XCLIENT LOGIN=+C3+A9+7F', 'both', 'an escaped DEL after UTF-8'],
    ['XCLIENT LOGIN=+C3', 'both', 'a cut UTF-8 sequence'],
    ['XCLIENT LOGIN=+ED+A0+80', 'both', 'an encoded surrogate'],
    ['XCLIENT LOGIN=+80', 'both', 'a lone continuation octet'],
    ['XCLIENT LOGIN=é', 'both', 'a raw non-ASCII character'],
    ['XCLIENT LOGIN="a"', 'postfix', 'a raw DQUOTE (Postfix groups on it)'],
    ['XCLIENT LOGIN=<a>', 'postfix', 'raw "<" and ">"'],
    ['XCLIENT LOGIN=a\\b', 'postfix', 'a raw backslash'],
    ['XCLIENT NAME=a.example NAME2=b', 'both', 'a name with a digit'],
    ['AAAAAAA NAME=aXCLIENT ADDR=192.0.2.1', 'both', 'an ordinary line after something else'],
    ['XCLIENT LOGIN=a\tb', 'both', 'a TAB inside a value'],
    ['XCLIENT LOGIN=a\x7fb', 'both', 'a raw DEL'],
  ])('leaves %j to the general reader (%s: %s)', (line, which) => {
    for (const profile of ['strict', 'postfix', 'lenient'] as const) {
      if (which === 'both' || which === profile || (which === 'strict' && profile === 'lenient')) {
        expect(parseOrdinary(line, profile), profile).toBeUndefined();
        expect(parseOrdinary(encoder.encode(line), profile), profile).toBeUndefined();
      }
    }
  });

  it.each([
    ['XCLIENT LOGIN="a"'],
    ['XCLIENT LOGIN=<a>'],
    ['XCLIENT LOGIN=a\\b'],
    ['XCLIENT PORT=025'],
  ])('takes %j in the one profile where it is ordinary', (line) => {
    const profile = line.includes('PORT') ? 'postfix' : 'strict';
    expect(parseOrdinary(line, profile)).toEqual(parseGeneral(line, profile));
    expect(parseOrdinary(line, profile)).toBeDefined();
  });
});
