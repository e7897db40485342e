// parseXclient: one XCLIENT command line, a string or the octets from the wire, read by the
// rules of each profile. One describe per behaviour: tables of lines with the complete error
// (code, position, attribute, the reply on the wire), the attributes accepted before it and the
// warnings; lines checked live against Postfix 3.7.11; the swaks vector; properties.
import { readFileSync } from 'node:fs';
import {
  isXclientError,
  MAX_LINE_OCTETS,
  type Profile,
  parseXclient,
  replyOctets,
  TEMPUNAVAIL,
  UNAVAILABLE,
} from 'smtp-xclient';
import { describe, expect, it } from 'vitest';
import { codePoint, fc, test as fcTest } from './helpers/fc.js';

// ---------------------------------------------------------------------------------------
// Helpers

const reject = (line: string | Uint8Array, profile: Profile = 'strict') => {
  const r = parseXclient(line, { profile });
  if (r.ok) throw new Error(`accepted: ${String(line)}`);
  return r.error;
};
const accept = (line: string | Uint8Array, profile: Profile = 'strict') => {
  const r = parseXclient(line, { profile });
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r;
};

interface ReplyShape {
  readonly code: number;
  readonly enhanced?: string;
  readonly text: string;
}

/** The replies on the wire. */
const R = {
  badUtf8: { code: 500, enhanced: '5.5.2', text: 'Error: bad UTF-8 syntax' },
  notRecognized: { code: 500, enhanced: '5.5.2', text: 'Error: command not recognized' },
  headerLike: { code: 221, enhanced: '2.7.0', text: 'Error: I can break rules, too. Goodbye.' },
  noAttributes: { code: 501, enhanced: '5.5.4', text: 'Syntax: XCLIENT attribute=value...' },
  valueExpected: { code: 501, enhanced: '5.5.4', text: 'Error: attribute=value expected' },
  valueTooLong: { code: 501, enhanced: '5.5.4', text: 'Error: attribute value too long' },
  emptyLine: { code: 500, enhanced: '5.5.2', text: 'Error: bad syntax' },
  lineTooLong: { code: 500, enhanced: '5.5.6', text: 'Error: line too long' },
  controlChar: { code: 500, enhanced: '5.5.2', text: 'Error: control character in command' },
  lineFeed: { code: 500, enhanced: '5.5.2', text: 'Error: line feed inside the command' },
  spacing: {
    code: 501,
    enhanced: '5.5.4',
    text: 'Error: attributes must be separated by single spaces',
  },
  syntax: (text: string): ReplyShape => ({ code: 501, enhanced: '5.5.4', text }),
} as const;

/**
 * An expected error: `attribute` is left out when the error has none. (Its message is for
 * people and is not compared.)
 */
const err = (code: string, position: number, reply: ReplyShape, attribute?: string) => ({
  code,
  position,
  reply,
  ...(attribute === undefined ? {} : { attribute }),
});

/** A warning as parseXclient reports it, but its message. */
const warn = (code: string, position: number, attribute?: string) => ({
  code,
  position,
  ...(attribute === undefined ? {} : { attribute }),
});

/** Postfix's cut at 2048 octets. */
const TRUNCATED = warn('LINE_TRUNCATED', 2048);

/** Warnings without their message, every other key kept. */
const plain = <W extends { readonly message: string }>(warnings: readonly W[]) =>
  warnings.map(({ message: _message, ...rest }): Omit<W, 'message'> => rest);

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const octets = (text: string): number => utf8(text).length;
const latin1 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));

/**
 * The line as a string and as its UTF-8 octets: both must give the same answer. (A string
 * with surrogates is kept as it is: TextEncoder would replace a lone one.)
 */
const forms = (line: string | Uint8Array): (string | Uint8Array)[] =>
  typeof line === 'string' && !/[\uD800-\uDFFF]/.test(line) ? [line, utf8(line)] : [line];

/** The failure of a line, as plain data (an own `position` or `attribute` only when set). */
function failure(line: string | Uint8Array, profile: Profile) {
  const r = parseXclient(line, { profile });
  if (r.ok) throw new Error(`accepted in '${profile}': ${JSON.stringify(String(line))}`);
  const e = r.error;
  expect(isXclientError(e)).toBe(true);
  return {
    error: {
      code: e.code,
      reply: e.reply,
      ...(Object.hasOwn(e, 'position') ? { position: e.position } : {}),
      ...(Object.hasOwn(e, 'attribute') ? { attribute: e.attribute } : {}),
    },
    partial: r.partial.map((a) => a.name),
    warnings: plain(r.warnings),
  };
}

function success(line: string | Uint8Array, profile: Profile) {
  const r = parseXclient(line, { profile });
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return { value: { ...r.value }, warnings: plain(r.warnings) };
}

/** An attribute as parseXclient returns it. */
const attr = (
  name: string,
  raw: string,
  position: number,
  value: unknown = raw,
  rawName: string = name,
  decoded: string = typeof value === 'string' ? value : raw,
) => ({ name, rawName, raw, decoded, value, position });

/** A line of exactly `total` octets: XCLIENT, HELO=h…(255) attributes, and LOGIN=a… to fill. */
const lineOf = (total: number): string => {
  let s = 'XCLIENT ';
  while (total - s.length > 262) s += `HELO=${'h'.repeat(255)} `;
  return `${s}LOGIN=${'a'.repeat(total - s.length - 6)}`;
};

type Case = readonly [
  label: string,
  line: string | Uint8Array,
  profiles: readonly Profile[],
  error: ReturnType<typeof err>,
  warnings?: readonly ReturnType<typeof warn>[],
  partial?: readonly string[],
];

const ALL: readonly Profile[] = ['strict', 'postfix', 'lenient'];
const S: readonly Profile[] = ['strict'];
const P: readonly Profile[] = ['postfix'];
const L: readonly Profile[] = ['lenient'];
const SL: readonly Profile[] = ['strict', 'lenient'];

/** One test per case: the complete failure, in each of its profiles, as string and octets. */
function checkFailures(cases: readonly Case[]) {
  it.each(cases.map((c) => [c[0], c] as const))('%s', (_label, c) => {
    const [, line, profiles, error, warnings = [], partial = []] = c;
    for (const profile of profiles) {
      for (const form of forms(line)) {
        expect(failure(form, profile), `${profile} ${typeof form}`).toStrictEqual({
          error,
          partial,
          warnings,
        });
      }
    }
  });
}

const fails = (r: { ok: boolean; error?: { code: string; position?: number } }) =>
  r.ok ? 'accepted' : `${r.error?.code}@${r.error?.position}`;

// ---------------------------------------------------------------------------------------

describe("reads the README grammar ('strict', the default)", () => {
  it('reads the README example', () => {
    const r = accept('XCLIENT NAME=spike.porcupine.org ADDR=168.100.189.2');
    expect(r.value.NAME).toBe('spike.porcupine.org');
    expect(r.value.ADDR).toBe('168.100.189.2');
    expect(r.value.attributes.map((a) => [a.name, a.raw, a.position])).toEqual([
      ['NAME', 'spike.porcupine.org', 8],
      ['ADDR', '168.100.189.2', 33],
    ]);
    expect(r.warnings).toEqual([]);
  });

  it.each([
    ['XCLIENT NAME=x.example\r\n', 'NAME', 'x.example'],
    ['XCLIENT NAME=x.example\n', 'NAME', 'x.example'],
    ['xclient name=x.example', 'NAME', 'x.example'],
    ['XCLIENT PORT=0', 'PORT', 0],
    ['XCLIENT PORT=65535', 'PORT', 65535],
    ['XCLIENT DESTPORT=25', 'DESTPORT', 25],
    ['XCLIENT ADDR=IPv6:2001:DB8:0:0:0:0:0:1', 'ADDR', '2001:db8::1'],
    ['XCLIENT ADDR=ipv6:::ffff:192.0.2.1', 'ADDR', '::ffff:192.0.2.1'],
    ['XCLIENT ADDR=[unavailable]', 'ADDR', UNAVAILABLE],
    ['XCLIENT NAME=[TempUnavail]', 'NAME', TEMPUNAVAIL],
    ['XCLIENT REVERSE_NAME=[TEMPUNAVAIL]', 'REVERSE_NAME', TEMPUNAVAIL],
    ['XCLIENT PROTO=esmtp', 'PROTO', 'ESMTP'],
    ['XCLIENT HELO=[192.0.2.1]', 'HELO', '[192.0.2.1]'],
    ['XCLIENT HELO=a+20b', 'HELO', 'a b'],
    ['XCLIENT LOGIN=joe+2Bfoo+3Dbar', 'LOGIN', 'joe+foo=bar'],
    ['XCLIENT LOGIN=j+C3+B6rg', 'LOGIN', 'jörg'],
    ['XCLIENT LOGIN=[UNAVAILABLE]', 'LOGIN', UNAVAILABLE],
    ['XCLIENT NAME=+5BUNAVAILABLE+5D', 'NAME', UNAVAILABLE],
  ])('%j → %s = %j', (line, name, value) => {
    const r = accept(line);
    expect(r.value[name as 'NAME']).toEqual(value);
  });

  it('takes octets: the raw line from the wire', () => {
    const r = accept(new TextEncoder().encode('XCLIENT LOGIN=j+C3+B6rg\r\n'));
    expect(r.value.LOGIN).toBe('jörg');
  });

  it("the default profile is 'strict'", () => {
    const r = parseXclient('XCLIENT HELO=a+2b');
    expect(!r.ok && r.error.code).toBe('XTEXT_LOWERCASE_HEXCHAR');
  });
});

describe('refusals: the code, the reply and the position', () => {
  it.each([
    // [line, code, reply code, reply text, position]
    ['', 'LINE_EMPTY', 500, 'Error: bad syntax', 0],
    ['XCLIENTX NAME=a', 'LINE_NOT_XCLIENT', 500, 'Error: command not recognized', 0],
    ['XCLIENT', 'LINE_NO_ATTRIBUTES', 501, 'Syntax: XCLIENT attribute=value...', 7],
    [
      'XCLIENT ',
      'LINE_BAD_SPACING',
      501,
      'Error: attributes must be separated by single spaces',
      8,
    ],
    [
      ' XCLIENT NAME=a',
      'LINE_BAD_SPACING',
      501,
      'Error: attributes must be separated by single spaces',
      0,
    ],
    [
      'XCLIENT  NAME=a',
      'LINE_BAD_SPACING',
      501,
      'Error: attributes must be separated by single spaces',
      8,
    ],
    [
      'XCLIENT\tNAME=a',
      'LINE_BAD_SPACING',
      501,
      'Error: attributes must be separated by single spaces',
      7,
    ],
    ['XCLIENT NAME=a\r', 'LINE_BAD_CHAR', 500, 'Error: control character in command', 14],
    ['XCLIENT NAME=a\0', 'LINE_BAD_CHAR', 500, 'Error: control character in command', 14],
    [
      'XCLIENT NAME=a\nXCLIENT ADDR=1.2.3.4',
      'LINE_BAD_CHAR',
      500,
      'Error: line feed inside the command',
      14,
    ],
    [
      `XCLIENT HELO=${'a'.repeat(255)} LOGIN=${'b'.repeat(240)}`,
      'LINE_TOO_LONG',
      500,
      'Error: line too long',
      510,
    ],
    ['XCLIENT NAME', 'ATTR_MISSING_EQUALS', 501, 'Error: attribute=value expected', 8],
    ['XCLIENT NAME=', 'ATTR_EMPTY', 501, 'Error: attribute=value expected', 13],
    ['XCLIENT FOO=bar', 'ATTR_UNKNOWN', 501, 'Bad XCLIENT attribute name: FOO', 8],
    ['XCLIENT SESSION=x', 'ATTR_UNKNOWN', 501, 'Bad XCLIENT attribute name: SESSION', 8],
    // the length and first letter of NAME, a valid ADDR (the fast path must not take it for one)
    ['XCLIENT NXME=192.0.2.1', 'ATTR_UNKNOWN', 501, 'Bad XCLIENT attribute name: NXME', 8],
    ['XCLIENT NAME=a NAME=b', 'ATTR_DUPLICATE', 501, 'Error: duplicate attribute NAME', 15],
    ['XCLIENT NAME=a name=b', 'ATTR_DUPLICATE', 501, 'Error: duplicate attribute NAME', 15],
    // 'strict' reads the grammar's checks in order: an empty value before a repeated name.
    ['XCLIENT NAME=a NAME=', 'ATTR_EMPTY', 501, 'Error: attribute=value expected', 20],
    [
      `XCLIENT LOGIN=${'+41'.repeat(86)}`,
      'ATTR_VALUE_TOO_LONG',
      501,
      'Error: attribute value too long',
      14,
    ],
    ['XCLIENT HELO=a+2b', 'XTEXT_LOWERCASE_HEXCHAR', 501, 'Bad HELO xtext: a+2b', 14],
    // The reply names the attribute as the dialect spells it, whatever case it was sent in.
    ['XCLIENT helo=a+2b', 'XTEXT_LOWERCASE_HEXCHAR', 501, 'Bad HELO xtext: a+2b', 14],
    ['XCLIENT HELO=a+', 'XTEXT_TRUNCATED_HEXCHAR', 501, 'Bad HELO xtext: a+', 14],
    ['XCLIENT HELO=a+G1', 'XTEXT_BAD_HEXCHAR', 501, 'Bad HELO xtext: a+G1', 14],
    ['XCLIENT LOGIN=u=1', 'XTEXT_BAD_CHAR', 501, 'Bad LOGIN xtext: u=1', 15],
    ['XCLIENT LOGIN=jörg', 'XTEXT_BAD_CHAR', 501, 'Bad LOGIN xtext: jörg', 15],
    ['XCLIENT LOGIN=+E9', 'XTEXT_INVALID_UTF8', 501, 'Bad LOGIN syntax: ?', 14],
    ['XCLIENT NAME=x..y', 'ATTR_BAD_VALUE', 501, 'Bad NAME syntax: x..y', 13],
    ['XCLIENT ADDR=010.1.1.1', 'ATTR_BAD_VALUE', 501, 'Bad ADDR syntax: 010.1.1.1', 13],
    ['XCLIENT ADDR=2001:db8::1', 'ATTR_BAD_VALUE', 501, 'Bad ADDR syntax: 2001:db8::1', 13],
    [
      'XCLIENT ADDR=IPV6:fe80::1+25eth0',
      'ATTR_BAD_VALUE',
      501,
      'Bad ADDR syntax: IPV6:fe80::1%eth0',
      13,
    ],
    [
      'XCLIENT ADDR=[TEMPUNAVAIL]',
      'ATTR_SPECIAL_NOT_ALLOWED',
      501,
      'Bad ADDR syntax: [TEMPUNAVAIL]',
      13,
    ],
    ['XCLIENT PORT=00025', 'ATTR_BAD_VALUE', 501, 'Bad PORT syntax: 00025', 13],
    ['XCLIENT PORT=65536', 'ATTR_BAD_VALUE', 501, 'Bad PORT syntax: 65536', 13],
    ['XCLIENT PROTO=LMTP', 'ATTR_BAD_VALUE', 501, 'Bad PROTO syntax: LMTP', 14],
    [
      'XCLIENT PROTO=[UNAVAILABLE]',
      'ATTR_SPECIAL_NOT_ALLOWED',
      501,
      'Bad PROTO syntax: [UNAVAILABLE]',
      14,
    ],
    [
      'XCLIENT LOGIN=[TEMPUNAVAIL]',
      'ATTR_SPECIAL_NOT_ALLOWED',
      501,
      'Bad LOGIN syntax: [TEMPUNAVAIL]',
      14,
    ],
  ])('%j → %s', (line, code, replyCode, text, position) => {
    const e = reject(line);
    expect(e.code).toBe(code);
    expect(e.reply.code).toBe(replyCode);
    expect(e.reply.text).toBe(text);
    expect(e.reply.enhanced).toBe(
      replyCode === 500 ? (code === 'LINE_TOO_LONG' ? '5.5.6' : '5.5.2') : '5.5.4',
    );
    expect(e.position).toBe(position);
    expect(isXclientError(e)).toBe(true);
  });

  it('names the attribute at fault', () => {
    expect(reject('XCLIENT NAME=a.example PORT=x').attribute).toBe('PORT');
    expect(reject('XCLIENT FOO=bar').attribute).toBe('FOO');
  });

  it('returns the attributes accepted before the failing one', () => {
    const r = parseXclient('XCLIENT NAME=a.example PORT=x', { profile: 'postfix' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.partial.map((a) => a.name)).toEqual(['NAME']);
  });

  it('counts positions in octets of the UTF-8 line', () => {
    // "XCLIENT LOGIN=é " is 17 octets (é is two); ADDR's value starts at 22.
    expect(reject('XCLIENT LOGIN=é ADDR=x', 'lenient').position).toBe(22);
  });
});

describe('messages: each names what the reader found, where it put it', () => {
  // Messages are for people and their prose is not pinned; but each must say something, and
  // carry the facts the reader has at hand: the attribute, the offset, the octet counts.
  const message = (line: string | Uint8Array | number, profile: Profile) => {
    const r = parseXclient(line as string, { profile });
    if (r.ok) throw new Error(`accepted in '${profile}': ${String(line)}`);
    return r.error.message;
  };
  const tooLong = `XCLIENT LOGIN=${'+41'.repeat(86)}`; // 258 octets before decoding
  const longString = `XCLIENT LOGIN=${'a'.repeat(5000)}\r\n`; // over 4096 code units

  it.each<[string, string | Uint8Array | number, Profile, readonly string[]]>([
    // [label, line, profile, what the message must contain]
    ['not a line', 42, 'strict', []],
    ['an empty line', '', 'strict', []],
    ['a line of blanks, no token', '   ', 'postfix', []],
    ['a line feed inside: its offset', 'XCLIENT NAME=a\nXCLIENT ADDR=1.2.3.4', 'strict', ['14']],
    ['a lone surrogate: its offset', 'XCLIENT NAME=\uD800', 'strict', ['13']],
    ['a TAB: its offset', 'XCLIENT NAME=a\tADDR=b', 'strict', ['14']],
    [
      'a control character: its octet in hex and its offset',
      'XCLIENT NAME=a\r',
      'strict',
      ['0d', '14'],
    ],
    ['a control character: two hex digits for 0x01', 'XCLIENT NAME=\u0001', 'strict', ['01', '13']],
    ['invalid UTF-8: its offset', latin1('XCLIENT NAME=\u00ff'), 'strict', ['13']],
    [
      'a line over 512: its octets with the CRLF and the limit',
      lineOf(511),
      'strict',
      ['513', '512'],
    ],
    [
      'a string over 4096 code units: its octets with the CRLF',
      longString,
      'strict',
      ['5016', '512'],
    ],
    ['an empty token: its offset', 'XCLIENT  NAME=a', 'strict', ['8']],
    ['not the verb: the token', 'XCLIENTX NAME=a', 'strict', ['XCLIENTX']],
    ['a forbidden command: the token', 'Subject: x', 'postfix', ['Subject:']],
    ['no attributes: the verb', 'XCLIENT', 'strict', ['XCLIENT']],
    ['no "=": the token', 'XCLIENT NAME', 'strict', ['NAME']],
    ["'postfix', an empty value: the token", 'XCLIENT NAME=', 'postfix', ['NAME=']],
    ["'strict', an empty value: the attribute", 'XCLIENT NAME=', 'strict', ['NAME']],
    [
      'a long value: the attribute, its octets and the limit',
      tooLong,
      'strict',
      ['LOGIN value', '258', '255'],
    ],
    ['an unknown name: the name', 'XCLIENT FOO=bar', 'strict', ['FOO']],
    ['a duplicate: the attribute', 'XCLIENT NAME=a NAME=b', 'strict', ['NAME']],
    [
      'malformed xtext: the attribute and the offset',
      'XCLIENT HELO=a+2b',
      'strict',
      ['HELO', '14'],
    ],
    ['decoded octets that are not UTF-8: the attribute', 'XCLIENT LOGIN=+E9', 'strict', ['LOGIN']],
  ])('%s', (_label, line, profile, parts) => {
    const text = message(line, profile);
    expect(text.trim()).not.toBe('');
    for (const part of parts) expect(text).toContain(part);
    expect(text).not.toContain('undefined');
  });

  it("'postfix' checks a value's length before its name: the message names the value, no attribute", () => {
    const text = message(`XCLIENT FOO=${'+41'.repeat(86)}`, 'postfix');
    expect(text).toMatch(/\bvalue\b/);
    expect(text).toContain('258');
    expect(text).not.toContain('undefined');
    expect(text).not.toContain('FOO');
  });

  it("the warning of a line over 512 ('lenient') carries its octets with the CRLF", () => {
    const r = parseXclient(lineOf(511), { profile: 'lenient' });
    expect(r.warnings.map((w) => w.message).join()).toContain('513');
  });
});

describe('the line: its type, its end, a line feed inside', () => {
  checkFailures([
    [
      'a lone surrogate (string only)',
      'XCLIENT HELO=a\uD800b',
      ALL,
      err('LINE_BAD_UTF8', 14, R.badUtf8),
    ],
    ['a lone surrogate first', '\uDC00XCLIENT LOGIN=a', ALL, err('LINE_BAD_UTF8', 0, R.badUtf8)],
    ['invalid UTF-8 first', latin1('\x80XCLIENT LOGIN=a'), ALL, err('LINE_BAD_UTF8', 0, R.badUtf8)],
    ['a line feed inside', 'XCLIENT LOGIN=a\nb', ALL, err('LINE_BAD_CHAR', 15, R.lineFeed)],
    ['a line feed first', '\nXCLIENT LOGIN=a', ALL, err('LINE_BAD_CHAR', 0, R.lineFeed)],
    [
      'two line feeds at the end: the first is inside the line',
      'XCLIENT LOGIN=a\n\n',
      ALL,
      err('LINE_BAD_CHAR', 15, R.lineFeed),
    ],
    ['a lone LF is an empty line', '\n', ALL, err('LINE_EMPTY', 0, R.emptyLine)],
    ['a lone CRLF is an empty line', '\r\n', ALL, err('LINE_EMPTY', 0, R.emptyLine)],
    ['the empty string', '', ALL, err('LINE_EMPTY', 0, R.emptyLine)],
    [
      "'strict' and 'lenient' take one CR before the LF, not two",
      'XCLIENT LOGIN=a\r\r\n',
      SL,
      err('LINE_BAD_CHAR', 15, R.controlChar),
    ],
    [
      "'strict' and 'lenient' take no CR without LF",
      'XCLIENT LOGIN=a\r',
      SL,
      err('LINE_BAD_CHAR', 15, R.controlChar),
    ],
  ]);

  it.each<[string, unknown]>([
    ['a name that is no profile', 'lax'],
    ['a number', 7],
    ['null', null],
  ])(
    'refuses a profile that is none of the three (%s): OPTION_INVALID, nothing read',
    (_label, profile) => {
      const r = parseXclient('XCLIENT NAME=a.example', { profile: profile as Profile });
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r).toStrictEqual({ ok: false, error: r.error, partial: [], warnings: [] });
      expect(r.error).toMatchObject({
        code: 'OPTION_INVALID',
        position: 0,
        reply: { code: 421, enhanced: '4.3.0', text: 'Server local data error' },
      });
      // It names the value given and the three profiles.
      expect(r.error.message).toContain(String(profile));
      expect(r.error.message).toContain('strict, postfix, lenient');
    },
  );

  // A profile is a string: an array or an object that would convert to a profile's name is none.
  it.each<[string, unknown]>([
    ['an array of a profile name', ['postfix']],
    ['an object whose toString gives one', { toString: () => 'postfix' }],
  ])(
    'refuses a profile that only converts to a profile name (%s): OPTION_INVALID',
    (_l, profile) => {
      const r = parseXclient('XCLIENT NAME=a.example', { profile: profile as Profile });
      expect(r).toStrictEqual({
        ok: false,
        error: expect.objectContaining({
          code: 'OPTION_INVALID',
          position: 0,
          reply: { code: 421, enhanced: '4.3.0', text: 'Server local data error' },
        }),
        partial: [],
        warnings: [],
      });
    },
  );

  it('takes null options as none (the default profile), and reads a profile from a function', () => {
    expect(parseXclient('XCLIENT NAME=a.example', null as never).ok).toBe(true);
    const postfix = Object.assign(() => 0, { profile: 'postfix' as const });
    // 'postfix' takes lower-case hex; 'strict' refuses it
    expect(parseXclient('XCLIENT LOGIN=a+2b', postfix as never).ok).toBe(true);
    expect(parseXclient('XCLIENT LOGIN=a+2b').ok).toBe(false);
  });

  // A view over a detached buffer has no octets left: a subclass's too (its accessors are not
  // run, and a new view over the detached buffer would throw).
  it('reads a Uint8Array subclass over a detached buffer as no octets, as a plain one', () => {
    class Octets extends Uint8Array {}
    const buffer = new ArrayBuffer(16);
    const view = new Octets(buffer, 2, 8);
    view.set(new TextEncoder().encode('XCLIENT '));
    structuredClone(buffer, { transfer: [buffer] });
    for (const profile of ALL) {
      expect(failure(view, profile)).toStrictEqual(failure(new Uint8Array(0), profile));
      expect(failure(view, profile).error.code).toBe('LINE_EMPTY');
    }
  });

  it('refuses what is neither a string nor octets, in every profile', () => {
    for (const profile of ALL) {
      expect(failure(42 as unknown as string, profile)).toStrictEqual({
        error: err('LINE_NOT_XCLIENT', 0, R.notRecognized),
        partial: [],
        warnings: [],
      });
    }
  });

  it.each([
    ['XCLIENT LOGIN=a\r\n', ALL],
    ['XCLIENT LOGIN=a\n', ALL],
    ['XCLIENT LOGIN=a', ALL],
    // Postfix drops every CR at the end of the line, with or without the LF (smtp_get)
    ['XCLIENT LOGIN=a\r\r\n', P],
    ['XCLIENT LOGIN=a\r\r', P],
  ] as const)('%j is LOGIN=a', (line, profiles) => {
    for (const profile of profiles) {
      for (const form of forms(line)) {
        expect(success(form, profile)).toStrictEqual({
          value: { attributes: [attr('LOGIN', 'a', 8)], extensions: [], LOGIN: 'a' },
          warnings: [],
        });
      }
    }
  });

  it('reads a non-ASCII string line by its octets (names, values and positions)', () => {
    for (const profile of ['postfix', 'lenient'] as const) {
      expect(failure('XCLIENT LOGIN=jörg NAME=x..y', profile)).toStrictEqual({
        error: err('ATTR_BAD_VALUE', 25, R.syntax('Bad NAME syntax: x..y'), 'NAME'),
        partial: ['LOGIN'],
        warnings: [warn('XTEXT_RAW_OCTET', 15, 'LOGIN')],
      });
      const r = parseXclient('XCLIENT LOGIN=jörg HELO=é+41', { profile });
      expect(r.ok && r.value.attributes.map((a) => [a.rawName, a.raw, a.position])).toEqual([
        ['LOGIN', 'jörg', 8],
        ['HELO', 'é+41', 20],
      ]);
    }
  });

  it('refuses a lone surrogate in a string line', () => {
    expect(reject('XCLIENT LOGIN=a\uD800').code).toBe('LINE_BAD_UTF8');
  });

  it('never throws on a non-line', () => {
    expect(reject(42 as unknown as string).code).toBe('LINE_NOT_XCLIENT');
  });

  it.each([
    ['\uDC00\uDC00', 0], // a low surrogate is no pair's first half, even before another low one
    ['a\uDFFF\uDC00', 1],
    ['\uD800\uE000', 0], // U+E000 is above the low surrogates: no pair
    ['\uDBFF\uFFFF', 0],
    ['\uD800\uDBFF', 0], // two high surrogates
  ])('HELO=%j has a lone surrogate at %d: LINE_BAD_UTF8 at its offset in the line', (text, at) => {
    expect(fails(parseXclient(`XCLIENT HELO=${text}`))).toBe(`LINE_BAD_UTF8@${13 + at}`);
  });
});

describe("line length: 512 octets ('strict'), 4096 ('lenient'), cut at 2048 ('postfix')", () => {
  it("'strict': 512 octets with the CRLF, not 513, as a string or as octets", () => {
    for (const form of forms(lineOf(510))) {
      expect(success(form, 'strict').value.LOGIN).toBe('a'.repeat(235));
    }
    for (const form of forms(lineOf(511))) {
      expect(failure(form, 'strict')).toStrictEqual({
        error: err('LINE_TOO_LONG', 510, R.lineTooLong),
        partial: [],
        warnings: [],
      });
    }
  });

  it("'lenient': over 512 is a warning, over 4096 an error", () => {
    expect(success(lineOf(510), 'lenient').warnings).toStrictEqual([]);
    expect(success(lineOf(511), 'lenient').warnings).toStrictEqual([warn('LINE_TOO_LONG', 510)]);
    const at4096 = success(utf8(lineOf(4094)), 'lenient');
    expect(at4096.warnings.filter((w) => w.code === 'LINE_TOO_LONG')).toStrictEqual([
      warn('LINE_TOO_LONG', 510),
    ]);
    for (const form of forms(lineOf(4095))) {
      expect(failure(form, 'lenient')).toStrictEqual({
        error: err('LINE_TOO_LONG', 4094, R.lineTooLong),
        partial: [],
        warnings: [],
      });
    }
  });

  // smtp_get() reads at most 2048 octets, the LF included: 2047 and a line end are whole,
  // 2048 are cut (of the line end only), 2049 lose an octet (docs/spec/postfix.md §1.1).
  it("'postfix': 2047 octets are read whole, 2048 and 2049 are cut, with a warning", () => {
    const whole = success(latin1(lineOf(2047)), 'postfix');
    expect(whole.value.LOGIN).toBe('a'.repeat(206));
    expect(whole.warnings.filter((w) => w.code === 'LINE_TRUNCATED')).toStrictEqual([]);
    const at = success(latin1(lineOf(2048)), 'postfix');
    expect(at.value.LOGIN).toBe('a'.repeat(207));
    expect(at.warnings.filter((w) => w.code === 'LINE_TRUNCATED')).toStrictEqual([TRUNCATED]);
    const cut = success(latin1(lineOf(2049)), 'postfix');
    expect(cut.value.LOGIN).toBe('a'.repeat(207));
    expect(cut.warnings.filter((w) => w.code === 'LINE_TRUNCATED')).toStrictEqual([TRUNCATED]);
  });

  it("'postfix': CRs before the LF are dropped when the LF comes right after the bound", () => {
    const r = success(latin1(`${lineOf(2046)}\r\r\n`), 'postfix');
    expect(r.value.LOGIN).toBe('a'.repeat(205));
    expect(r.warnings.filter((w) => w.code === 'LINE_TRUNCATED')).toStrictEqual([]);
    // One more: the bound falls on a CR that no LF follows; it is kept, and printable()
    // makes it "?" (measured: 'Bad NAME syntax: x.example?').
    const cut = success(latin1(`${lineOf(2047)}\r\r\n`), 'postfix');
    expect(cut.value.LOGIN).toBe(`${'a'.repeat(206)}?`);
    expect(cut.warnings.filter((w) => w.code === 'LINE_TRUNCATED')).toStrictEqual([
      warn('LINE_TRUNCATED', 2047),
    ]);
  });

  // The bound counts the LF: a line is whole when its LF is among the first 2048 octets, or
  // the 2049th behind a CR; a line given without its LF is read as if CR LF followed it.
  it.each([
    ['2047 octets and LF', `${lineOf(2047)}\n`, false],
    ['2048 octets and LF: the LF is the 2049th', `${lineOf(2048)}\n`, true],
    ['2048 octets and CR LF', `${lineOf(2048)}\r\n`, true],
    [
      '2046 octets and two CRs, no LF: its LF would be the 2049th, behind a CR',
      `${lineOf(2046)}\r\r`,
      false,
    ],
    ['2046 octets and three CRs, no LF: its LF would be the 2050th', `${lineOf(2046)}\r\r\r`, true],
    ['2046 octets, three CRs and LF', `${lineOf(2046)}\r\r\r\n`, true],
  ])("'postfix': %s → cut: %s", (_label, line, cut) => {
    const r = success(latin1(line), 'postfix');
    const truncated = r.warnings.filter((w) => w.code === 'LINE_TRUNCATED').length;
    expect(truncated).toBe(cut ? 1 : 0);
  });

  it("'postfix': the cut's warning gives the line's octets and the bound, and says when CRs made it", () => {
    const truncation = (line: string) => {
      const r = parseXclient(latin1(line), { profile: 'postfix' });
      const w = r.warnings.find((x) => x.code === 'LINE_TRUNCATED');
      if (w === undefined) throw new Error('not cut');
      return w.message;
    };
    for (const [line, octets] of [
      [lineOf(2090), '2090'],
      [`${lineOf(2048)}\n`, '2048'],
    ] as const) {
      const text = truncation(line);
      expect(text).toContain(octets);
      expect(text).toContain('2048');
      expect(text).not.toContain('CR');
    }
    const byCrs = truncation(`${lineOf(2040)}${'\r'.repeat(10)}\n`);
    expect(byCrs).toContain('2040');
    expect(byCrs).toContain('2048');
    expect(byCrs).toContain('CR');
  });

  it("'postfix': the cut's warning adds, only when printable() masked octets, that they show as \"?\"", () => {
    const plainLine = lineOf(2090);
    const withControl = `${plainLine.slice(0, 2000)}\u0001${plainLine.slice(2001)}`;
    const truncation = (line: string) =>
      parseXclient(latin1(line), { profile: 'postfix' }).warnings.find(
        (w) => w.code === 'LINE_TRUNCATED',
      )?.message ?? '';
    const unmasked = truncation(plainLine);
    const masked = truncation(withControl);
    expect(unmasked).not.toBe('');
    expect(unmasked).not.toContain('?');
    expect(masked.startsWith(unmasked)).toBe(true);
    expect(masked.slice(unmasked.length)).toContain('"?"');
  });

  it("'postfix': cutting and masking a line of octets leaves the caller's octets unchanged", () => {
    const line = latin1(`${lineOf(2000)}\u0001${'a'.repeat(200)}`);
    const before = Uint8Array.from(line);
    const r = success(line, 'postfix');
    expect(r.warnings.map((w) => w.code)).toContain('LINE_TRUNCATED');
    expect(line).toStrictEqual(before);
  });

  it("'postfix': a colon past the cut does not make the verb a header", () => {
    expect(failure(latin1(`${'A'.repeat(2048)}:`), 'postfix')).toStrictEqual({
      error: err('LINE_NOT_XCLIENT', 0, R.notRecognized),
      partial: [],
      warnings: [TRUNCATED],
    });
  });

  it("'lenient' reads a string line between 2048 and 4096 octets whole", () => {
    expect(success(lineOf(3000), 'lenient').value.LOGIN).toBe('a'.repeat(115));
  });

  it("'postfix': a NUL, invalid UTF-8 or an attribute past the cut is never seen", () => {
    for (const tail of ['\0', '\xff', ' FOO=1']) {
      const r = success(latin1(lineOf(2048) + tail), 'postfix');
      expect(r.value.LOGIN).toBe('a'.repeat(207));
      expect(r.warnings.filter((w) => w.code === 'LINE_TRUNCATED')).toStrictEqual([TRUNCATED]);
    }
  });

  it("'postfix': an attribute cut after its '=' is attribute=value expected (docs/spec/postfix.md §1)", () => {
    const line = `${lineOf(2042)} PORT=25`;
    const f = failure(line, 'postfix');
    expect(f.error).toStrictEqual(err('ATTR_EMPTY', 2043, R.valueExpected));
    expect(f.partial).toEqual([...Array(7).fill('HELO'), 'LOGIN']);
    expect(f.warnings.filter((w) => w.code === 'LINE_TRUNCATED')).toStrictEqual([TRUNCATED]);
  });

  it("'postfix': a cut inside a UTF-8 sequence leaves its lead octet, which printable() masks", () => {
    const line = latin1(`XCLIENT LOGIN=x${'\xc3\xa9'.repeat(1100)}`);
    expect(failure(line, 'postfix')).toStrictEqual({
      error: err('ATTR_VALUE_TOO_LONG', 14, R.valueTooLong),
      partial: [],
      warnings: [TRUNCATED],
    });
  });

  it('accepts a line of exactly 512 octets with its CRLF, not 513', () => {
    const line = (n: number): string => `XCLIENT HELO=${'h'.repeat(255)} LOGIN=${'l'.repeat(n)}`;
    expect(line(235).length + 2).toBe(MAX_LINE_OCTETS);
    expect(accept(`${line(235)}\r\n`).value.LOGIN).toBe('l'.repeat(235));
    expect(reject(`${line(236)}\r\n`).code).toBe('LINE_TOO_LONG');
  });

  it('warns about lines over 512 octets', () => {
    const r = accept(`XCLIENT LOGIN=${'x'.repeat(600)}`, 'lenient');
    expect(r.warnings.map((w) => w.code)).toEqual(['ATTR_LONG_VALUE', 'LINE_TOO_LONG']);
  });

  it('cuts lines at 2048 octets, with a warning', () => {
    // 'XCLIENT' and 255 × ' HELO=hh' are 2047 octets: the cut falls in the space before FOO.
    const line = `XCLIENT${' HELO=hh'.repeat(255)} FOO=bar`;
    expect(parseXclient(line.replace(' FOO', '  FOO'), { profile: 'postfix' }).ok).toBe(true);
    expect(parseXclient(line.replace('hh FOO', 'h FOO'), { profile: 'postfix' }).ok).toBe(false);
    const r = accept(line, 'postfix');
    expect(r.warnings.some((w) => w.code === 'LINE_TRUNCATED' && w.position === 2048)).toBe(true);
  });
});

describe('string lines over 4096 code units (read without encoding them whole)', () => {
  const long = lineOf(5000);
  it.each([
    ['\r\n', 5002],
    ['\n', 5002],
    ['', 5002],
    ['\r\r\n', 5003],
    ['\r\r', 5004],
  ])(
    "'strict' refuses it at octet 510 whatever its end: %j (%i octets with one CRLF)",
    (end, _octets) => {
      expect(failure(long + end, 'strict')).toStrictEqual({
        error: err('LINE_TOO_LONG', 510, R.lineTooLong),
        partial: [],
        warnings: [],
      });
    },
  );

  it("'lenient' refuses it at 4096, counting octets", () => {
    expect(failure(`${long}\n`, 'lenient').error).toStrictEqual(
      err('LINE_TOO_LONG', 4094, R.lineTooLong),
    );
    expect(failure(`XCLIENT LOGIN=${'é'.repeat(3000)}`, 'strict').error).toStrictEqual(
      err('LINE_TOO_LONG', 510, R.lineTooLong),
    );
  });

  it.each(['\r\n', '\r\r', '\r\r\n', '\n', ''])(
    "'postfix' cuts it at 2048 whatever its end: %j",
    (end) => {
      const r = success(long + end, 'postfix');
      expect(r.value.HELO).toBe('h'.repeat(208));
      expect(r.value.LOGIN).toBeUndefined();
      expect(r.warnings.filter((w) => w.code === 'LINE_TRUNCATED')).toStrictEqual([TRUNCATED]);
    },
  );

  // The CLI prints this message: the length is the line's octets, whatever its characters
  // (a character never straddles two of the slices a long line is measured in).
  it.each([
    ['é', 4100],
    ['€', 4100],
    ['😀', 2100],
    ['a😀', 1400],
    ['aé€😀', 1100],
  ])('the refusal gives the length in octets: %j × %i', (unit, count) => {
    const line = `XCLIENT LOGIN=${unit.repeat(count)}`;
    expect(line.length).toBeGreaterThan(4096);
    expect(reject(line, 'strict').message).toBe(
      `line of ${octets(line) + 2} octets with its CRLF (at most 512)`,
    );
    expect(reject(line, 'lenient').message).toBe(
      `line of ${octets(line) + 2} octets with its CRLF (at most 4096)`,
    );
  });

  it("'postfix' counts octets, not code units, and reads only the first 2048", () => {
    for (const n of [3000, 4100]) {
      // 3000: encoded whole (up to 4096 code units); 4100: only its head is encoded
      expect(failure(`XCLIENT LOGIN=${'é'.repeat(n)}\r\n`, 'postfix')).toStrictEqual({
        error: err('ATTR_VALUE_TOO_LONG', 14, R.valueTooLong),
        partial: [],
        warnings: [TRUNCATED],
      });
      expect(failure(`XCLIENT LOGIN=${'é'.repeat(n)}\r\n`, 'strict').error).toStrictEqual(
        err('LINE_TOO_LONG', 510, R.lineTooLong),
      );
    }
  });

  it.each(ALL)("a line feed inside is found at its octet offset ('%s')", (profile) => {
    expect(failure(`XCLIENT LOGIN=é\n${'a'.repeat(5000)}`, profile)).toStrictEqual({
      error: err('LINE_BAD_CHAR', 16, R.lineFeed),
      partial: [],
      warnings: [],
    });
  });

  it.each(ALL)("a line feed first is found at 0 ('%s')", (profile) => {
    expect(failure(`\n${'a'.repeat(5000)}`, profile).error).toStrictEqual(
      err('LINE_BAD_CHAR', 0, R.lineFeed),
    );
  });

  it.each(ALL)("a lone surrogate is found first ('%s')", (profile) => {
    expect(failure(`XCLIENT LOGIN=${'a'.repeat(5000)}\uD800`, profile).error).toStrictEqual(
      err('LINE_BAD_UTF8', 5014, R.badUtf8),
    );
  });

  it('reads a long string line as its octets: cut at 2048, positions in octets', () => {
    // Over 4096 code units: only the octets Postfix keeps are encoded (linear cost).
    const line = `XCLIENT HELO=${'é'.repeat(100)}${' PORT=1'.repeat(700)} FOO=bar\r\n`;
    const r = accept(line, 'postfix');
    expect(r.value.HELO).toBe('é'.repeat(100));
    expect(r.warnings).toContainEqual(
      expect.objectContaining({ code: 'LINE_TRUNCATED', position: 2048 }),
    );
    const astral = `XCLIENT LOGIN=${'😀'.repeat(60)} ${'x'.repeat(5000)}`;
    expect(reject(astral, 'postfix').code).toBe('ATTR_MISSING_EQUALS');
    expect(reject(`${'😀'.repeat(2100)}\nXCLIENT`, 'postfix')).toMatchObject({
      code: 'LINE_BAD_CHAR',
      position: 8400,
    });
    expect(reject(`XCLIENT LOGIN=${'é'.repeat(3000)}\r\n`, 'strict')).toMatchObject({
      code: 'LINE_TOO_LONG',
      position: 510,
    });
    expect(reject(`XCLIENT LOGIN=${'é'.repeat(3000)}\n`, 'lenient')).toMatchObject({
      code: 'LINE_TOO_LONG',
      position: 4094,
    });
    expect(accept(`XCLIENT NAME=x.example${' '.repeat(5000)}\r\r\n`, 'postfix').value.NAME).toBe(
      'x.example',
    );
  });

  describe('a line feed is found at the octet offset that counts every character by its UTF-8 length', () => {
    /**
     * A line longer than 4096 code units with a line feed after `XCLIENT LOGIN=` + `text`: the
     * refusal's position is the octet offset of that line feed, counted without encoding the line.
     */
    function lineFeedOffset(text: string): number | undefined {
      const r = parseXclient(`XCLIENT LOGIN=${text}\nLOGIN=${'x'.repeat(5000)}`);
      if (r.ok) return undefined;
      expect(r.error).toMatchObject({
        code: 'LINE_BAD_CHAR',
        reply: { code: 500, enhanced: '5.5.2', text: 'Error: line feed inside the command' },
      });
      return r.error.position;
    }

    const PREFIX = 'XCLIENT LOGIN='.length;
    it.each([
      ['', 0],
      ['abc', 3],
      ['\u007f', 1],
      ['\u0080', 2], // the first 2-octet character
      ['\u0080\u0080', 4],
      ['\u00e9', 2],
      ['\u07ff', 2], // the last 2-octet character
      ['\u0800', 3], // the first 3-octet character
      ['\u0800\u0800', 6],
      ['\u20ac', 3],
      ['\u20ac\u20ac', 6],
      ['\u20ac\u00e9', 5],
      ['\ud7ff\ud7ff', 6], // the last character before the surrogates
      ['\ue000\ue000', 6], // the first one after them
      ['\uffff\u20ac', 6],
      ['\u{10000}', 4], // a pair: 2 code units, 4 octets (high surrogate U+D800)
      ['\u{10000}\u{10000}', 8],
      ['\u{103ff}\u{10400}', 8], // high surrogates U+D800 and U+D801
      ['\u{1f600}', 4],
      ['\u{10ffff}\u{10ffff}', 8], // high surrogate U+DBFF
      ['a\u00e9\u20ac\u{1f600}z', 11],
    ])('%j → %i octets', (text, n) => {
      expect(n).toBe(octets(text));
      expect(lineFeedOffset(text)).toBe(PREFIX + n);
    });

    fcTest.prop([fc.array(codePoint, { maxLength: 40 })])(
      'the offset is the UTF-8 length of what comes before the line feed',
      (chars) => {
        const text = chars.join('').replaceAll('\n', '');
        expect(lineFeedOffset(text)).toBe(PREFIX + octets(text));
      },
    );
  });
});

describe('control characters, NUL and invalid UTF-8 in the line', () => {
  checkFailures([
    [
      'TAB in strict is a spacing error',
      'XCLIENT LOGIN=a\tb',
      S,
      err('LINE_BAD_SPACING', 15, R.spacing),
    ],
    ...(
      [
        ['\x01', '01'],
        ['\x1f', '1f'],
        ['\x7f', '7f'],
        ['\x0b', '0b'],
      ] as const
    ).map(
      ([c, hex]): Case => [
        `0x${hex} in strict`,
        `XCLIENT LOGIN=a${c}b`,
        S,
        err('LINE_BAD_CHAR', 15, R.controlChar),
      ],
    ),
    [
      'NUL in strict and lenient',
      'XCLIENT LOGIN=a\0b',
      SL,
      err('LINE_BAD_CHAR', 15, R.controlChar),
    ],
    ['CR in strict and lenient', 'XCLIENT LOGIN=a\rb', SL, err('LINE_BAD_CHAR', 15, R.controlChar)],
    ['a NUL first', latin1('\0XCLIENT LOGIN=a'), SL, err('LINE_BAD_CHAR', 0, R.controlChar)],
    [
      "a NUL first in 'postfix' leaves an empty line",
      latin1('\0XCLIENT LOGIN=a'),
      P,
      err('LINE_EMPTY', 0, R.emptyLine),
      [warn('LINE_TRUNCATED', 0)],
    ],
    ['invalid UTF-8', latin1('XCLIENT LOGIN=a\xffb'), ALL, err('LINE_BAD_UTF8', 15, R.badUtf8)],
    [
      'a bare CR separates in postfix',
      'XCLIENT LOGIN=a\rb',
      P,
      err('ATTR_MISSING_EQUALS', 16, R.valueExpected),
      [],
      ['LOGIN'],
    ],
  ]);

  it("'postfix': a NUL ends the line, but the UTF-8 check reads what follows it", () => {
    expect(success('XCLIENT LOGIN=a\0b FOO=1', 'postfix')).toStrictEqual({
      value: { attributes: [attr('LOGIN', 'a', 8)], extensions: [], LOGIN: 'a' },
      warnings: [warn('LINE_TRUNCATED', 15)],
    });
    // valid_utf8_string() runs on the whole buffer (measured: 500 5.5.2).
    expect(failure(latin1('XCLIENT LOGIN=a\0\xff'), 'postfix').error).toStrictEqual(
      err('LINE_BAD_UTF8', 16, R.badUtf8),
    );
  });

  it("'lenient' takes TAB, DEL and other controls in a text value, with warnings", () => {
    for (const c of ['\x01', '\x1f', '\x7f']) {
      expect(success(`XCLIENT LOGIN=a${c}b`, 'lenient')).toStrictEqual({
        value: { attributes: [attr('LOGIN', `a${c}b`, 8)], extensions: [], LOGIN: `a${c}b` },
        warnings: [warn('XTEXT_RAW_OCTET', 15, 'LOGIN'), warn('ATTR_CONTROL', 15, 'LOGIN')],
      });
    }
  });

  it("'postfix' masks a raw control in a value and says so (warnings in line order)", () => {
    for (const form of forms('XCLIENT LOGIN=a\x01b')) {
      expect(success(form, 'postfix')).toStrictEqual({
        value: {
          attributes: [attr('LOGIN', 'a\x01b', 8, 'a?b')],
          extensions: [],
          LOGIN: 'a?b',
        },
        warnings: [
          warn('ATTR_MASKED', 14, 'LOGIN'),
          warn('XTEXT_RAW_OCTET', 15, 'LOGIN'),
          warn('XTEXT_CONTROL_CHAR', 15, 'LOGIN'),
        ],
      });
    }
  });

  it("'postfix' splits at VT and FF (C isspace)", () => {
    expect(success('XCLIENT\vNAME=a\fLOGIN=b', 'postfix').value).toStrictEqual({
      attributes: [attr('NAME', 'a', 8), attr('LOGIN', 'b', 15)],
      extensions: [],
      NAME: 'a',
      LOGIN: 'b',
    });
  });

  it('refuses NUL and CR, and lines over 4096 octets', () => {
    expect(reject('XCLIENT LOGIN=a\0b', 'lenient').code).toBe('LINE_BAD_CHAR');
    expect(reject('XCLIENT LOGIN=a\rb', 'lenient').code).toBe('LINE_BAD_CHAR');
    expect(reject(`XCLIENT LOGIN=${'x'.repeat(5000)}`, 'lenient').code).toBe('LINE_TOO_LONG');
  });
});

describe('the verb', () => {
  const notXclient = (at = 0) => err('LINE_NOT_XCLIENT', at, R.notRecognized);
  const forbidden = (at = 0) => err('LINE_HEADER_LIKE', at, R.headerLike);

  checkFailures([
    ['XCLIENTX', 'XCLIENTX NAME=a', ALL, notXclient()],
    ['XCLIENTé', 'XCLIENTé NAME=a', ALL, notXclient()],
    ['XCLIENT: in strict and lenient', 'XCLIENT: NAME=a', SL, notXclient()],
    ['CONNECT in strict and lenient', 'CONNECT NAME=a', SL, notXclient()],
    ['a digit first in strict and lenient', '1XCLIENT NAME=a', SL, notXclient()],
    ['XCLIENT: in postfix, after a space', ' XCLIENT: NAME=a', P, forbidden(1)],
    [
      'XCLIENT: in lenient, after a space',
      ' XCLIENT: NAME=a',
      L,
      notXclient(1),
      [warn('LINE_EXTRA_SPACE', 0)],
    ],
    ['connect', 'connect NAME=a', P, forbidden()],
    ['GeT', 'GeT NAME=a', P, forbidden()],
    ['POST alone', 'POST', P, forbidden()],
    ['POSTX is no forbidden command', 'POSTX', P, notXclient()],
    ['GE is no forbidden command', 'GE x', P, notXclient()],
    ['a digit first', '1XCLIENT NAME=a', P, forbidden()],
    ['"[" first', '[ x', P, forbidden()],
    ['"@" first (just below A)', '@A x', P, forbidden()],
    ['"`" first (just below a)', '`a x', P, forbidden()],
    ['"{" first (just above z)', '{a x', P, forbidden()],
    ['a control first', '\x01A x', P, forbidden()],
    ['a non-ASCII letter first', 'é x', P, forbidden()],
    ['Z and z are letters', 'Z x', P, notXclient()],
    ['z', 'zz x', P, notXclient()],
    ['a header: A~:', 'A~: x', P, forbidden()],
    ['a lone colon', ': x', P, forbidden()],
    // is_header(): spaces may come between the name and its colon
    ['a protected space before the colon', 'A\\ : x', P, forbidden()],
    ['a quoted space before the colon', 'A" :" x', P, forbidden()],
    // measured on Postfix 3.7.11: after a space only more spaces, then the colon
    ['a quoted TAB before the colon', 'A"\t:" x', P, forbidden()],
    ['a quote after a quoted space is no header', 'A" ": x', P, notXclient()],
    ['a quote after a quoted TAB is no header', 'A"\t": x', P, notXclient()],
    ['a ">" after a TAB is no header', 'A<\t>: x', P, notXclient()],
    ['a quoted VT before the colon is no header', 'A"\v:" x', P, notXclient()],
    ['a letter after a quoted space is no header', 'A" B:" x', P, notXclient()],
    ['DEL before the colon is no header', 'A\x7f: x', P, notXclient()],
    ['0x1F before the colon is no header', 'A\x1f: x', P, notXclient()],
    ['non-ASCII before the colon is no header', 'Aé: x', P, notXclient()],
    ['a colon in a later token is no header', 'AB x:', P, notXclient()],
    ['no colon is no header', 'AB~ x', P, notXclient()],
    ['XCLIENT alone', 'XCLIENT', ALL, err('LINE_NO_ATTRIBUTES', 7, R.noAttributes)],
    [
      'XCLIENT with spaces around (postfix)',
      ' XCLIENT  ',
      P,
      err('LINE_NO_ATTRIBUTES', 8, R.noAttributes),
    ],
    [
      'XCLIENT with spaces around (lenient)',
      ' XCLIENT  ',
      L,
      err('LINE_NO_ATTRIBUTES', 8, R.noAttributes),
      [warn('LINE_EXTRA_SPACE', 0), warn('LINE_EXTRA_SPACE', 8)],
    ],
    ['XCLIENT with spaces around (strict)', ' XCLIENT  ', S, err('LINE_BAD_SPACING', 0, R.spacing)],
    ['only spaces (postfix)', '   ', P, err('LINE_EMPTY', 0, R.emptyLine)],
    ['only spaces (lenient)', ' \t ', L, err('LINE_EMPTY', 0, R.emptyLine)],
    ['only spaces (strict)', '   ', S, err('LINE_BAD_SPACING', 0, R.spacing)],
    [
      'a trailing space (strict)',
      'XCLIENT LOGIN=a ',
      S,
      err('LINE_BAD_SPACING', 16, R.spacing),
      [],
      [],
    ],
    ['two spaces (strict)', 'XCLIENT LOGIN=a  NAME=b', S, err('LINE_BAD_SPACING', 16, R.spacing)],
  ]);
});

describe("'postfix' tokens: quotes, <…>, backslash, to: and from:", () => {
  it.each([
    ['XCLIENT HELO="a b" LOGIN=x', '"a b"', 19],
    ['XCLIENT HELO=<a "b> c" d> LOGIN=x', '<a "b> c" d>', 26],
    ['XCLIENT HELO=<a <b> c> LOGIN=x', '<a <b> c>', 23],
    ['XCLIENT HELO=a\\ b LOGIN=x', 'a\\ b', 18],
    ['XCLIENT HELO="a\\" b" LOGIN=x', '"a\\" b"', 21],
    ['XCLIENT HELO="<" LOGIN=x', '"<"', 17],
    ['XCLIENT HELO=<a"> b"> LOGIN=x', '<a"> b">', 22],
  ])('%j: HELO is %j, LOGIN at %d', (line, helo, at) => {
    const r = success(line, 'postfix');
    expect(r.value.attributes.map((a) => [a.name, a.raw, a.position])).toEqual([
      ['HELO', helo, 8],
      ['LOGIN', 'x', at],
    ]);
  });

  it.each([
    ['XCLIENT HELO="a b LOGIN=x', '"a b LOGIN=x'],
    ['XCLIENT HELO=<a b LOGIN=x', '<a b LOGIN=x'],
    ['XCLIENT HELO=a\\', 'a\\'],
    ['XCLIENT HELO="a\\', '"a\\'],
    ['XCLIENT HELO=<a\\', '<a\\'],
    ['XCLIENT HELO=<a "b> LOGIN=x', '<a "b> LOGIN=x'],
  ])('an unterminated group runs to the end: %j', (line, helo) => {
    const r = success(line, 'postfix');
    expect(r.value.attributes.map((a) => a.raw)).toEqual([helo]);
  });

  it('neuters HELO as Postfix records it, and warns about the raw octets', () => {
    expect(success('XCLIENT HELO="a b" LOGIN=x', 'postfix')).toStrictEqual({
      value: {
        attributes: [attr('HELO', '"a b"', 8, '?a?b?'), attr('LOGIN', 'x', 19)],
        extensions: [],
        HELO: '?a?b?',
        LOGIN: 'x',
      },
      warnings: [warn('XTEXT_RAW_OCTET', 15, 'HELO')],
    });
  });

  checkFailures([
    [
      'to: ends at its colon',
      'XCLIENT to:NAME=x',
      P,
      err('ATTR_MISSING_EQUALS', 8, R.valueExpected),
    ],
    [
      'to: ends at its colon, before an "="',
      'XCLIENT to:=x',
      P,
      err('ATTR_MISSING_EQUALS', 8, R.valueExpected),
    ],
    ['TO:', 'XCLIENT TO:x', P, err('ATTR_MISSING_EQUALS', 8, R.valueExpected)],
    ['From:', 'XCLIENT From:LOGIN=x', P, err('ATTR_MISSING_EQUALS', 8, R.valueExpected)],
    [
      'a token that only ends in to: is not split',
      'XCLIENT xto:LOGIN=x',
      P,
      err('ATTR_UNKNOWN', 8, R.syntax('Bad XCLIENT attribute name: xto:LOGIN'), 'xto:LOGIN'),
    ],
    [
      'nor one that is only "t:"',
      'XCLIENT t:LOGIN=x',
      P,
      err('ATTR_UNKNOWN', 8, R.syntax('Bad XCLIENT attribute name: t:LOGIN'), 't:LOGIN'),
    ],
    [
      'nor "fro:"',
      'XCLIENT fro:LOGIN=x',
      P,
      err('ATTR_UNKNOWN', 8, R.syntax('Bad XCLIENT attribute name: fro:LOGIN'), 'fro:LOGIN'),
    ],
    [
      'to: is not special in strict',
      'XCLIENT to:NAME=x',
      S,
      err('ATTR_UNKNOWN', 8, R.syntax('Bad XCLIENT attribute name: to:NAME'), 'to:NAME'),
    ],
  ]);

  it('a value may hold "to:"', () => {
    expect(success('XCLIENT LOGIN=to:x', 'postfix').value.LOGIN).toBe('to:x');
  });
});

describe('attribute=value', () => {
  checkFailures([
    [
      'no "=" (strict, postfix)',
      'XCLIENT NAME=a.example LOGIN',
      ['strict', 'postfix'],
      err('ATTR_MISSING_EQUALS', 23, R.valueExpected),
      [],
      ['NAME'],
    ],
    [
      'no "=" in the first attribute (lenient)',
      'XCLIENT LOGIN',
      L,
      err('ATTR_MISSING_EQUALS', 8, R.valueExpected),
    ],
    [
      'an empty value (strict, lenient)',
      'XCLIENT NAME=a.example LOGIN=',
      SL,
      err('ATTR_EMPTY', 29, R.valueExpected, 'LOGIN'),
      [],
      ['NAME'],
    ],
    [
      'an empty value (postfix)',
      'XCLIENT NAME=a.example LOGIN=',
      P,
      err('ATTR_EMPTY', 23, R.valueExpected),
      [],
      ['NAME'],
    ],
    ['a lone "=" (postfix)', 'XCLIENT =', P, err('ATTR_EMPTY', 8, R.valueExpected)],
    [
      'a lone "=" (strict, lenient)',
      'XCLIENT =',
      SL,
      err('ATTR_UNKNOWN', 8, R.syntax('Bad XCLIENT attribute name: '), ''),
    ],
    [
      'an empty name (c052)',
      'XCLIENT =x',
      ALL,
      err('ATTR_UNKNOWN', 8, R.syntax('Bad XCLIENT attribute name: '), ''),
    ],
    [
      'an unknown name (strict, postfix)',
      'XCLIENT PORT=1 FOO=+41',
      ['strict', 'postfix'],
      err('ATTR_UNKNOWN', 15, R.syntax('Bad XCLIENT attribute name: FOO'), 'FOO'),
      [],
      ['PORT'],
    ],
    [
      'an unknown name first (lenient: no value to continue)',
      'XCLIENT FOO=+41',
      L,
      err('ATTR_UNKNOWN', 8, R.syntax('Bad XCLIENT attribute name: FOO'), 'FOO'),
    ],
    [
      "a Dovecot name outside 'lenient'",
      'XCLIENT PORT=1 ttl=5',
      ['strict', 'postfix'],
      err('ATTR_UNKNOWN', 15, R.syntax('Bad XCLIENT attribute name: ttl'), 'ttl'),
      [],
      ['PORT'],
    ],
    [
      'a name of a known length and first letter, in lower case, that is no name (nxme)',
      'XCLIENT nxme=a.example',
      ALL,
      err('ATTR_UNKNOWN', 8, R.syntax('Bad XCLIENT attribute name: nxme'), 'nxme'),
    ],
    [
      "an extension's name with a letter after it is no extension ('lenient')",
      'XCLIENT SESSIONX=1',
      L,
      err('ATTR_UNKNOWN', 8, R.syntax('Bad XCLIENT attribute name: SESSIONX'), 'SESSIONX'),
    ],
    [
      "CLIENT-TRANSPORT with 'M' for '-' is no extension ('lenient'; only letters fold)",
      'XCLIENT CLIENTMTRANSPORT=1',
      L,
      err(
        'ATTR_UNKNOWN',
        8,
        R.syntax('Bad XCLIENT attribute name: CLIENTMTRANSPORT'),
        'CLIENTMTRANSPORT',
      ),
    ],
    [
      "an unknown name with DEL: masked in the reply ('lenient')",
      'XCLIENT F\x7fO=1',
      L,
      err('ATTR_UNKNOWN', 8, R.syntax('Bad XCLIENT attribute name: F?O'), 'F\x7fO'),
    ],
    [
      "an unknown name whose value is malformed: a warning without attribute ('postfix')",
      'XCLIENT FOO=a+',
      P,
      err('ATTR_UNKNOWN', 8, R.syntax('Bad XCLIENT attribute name: FOO'), 'FOO'),
      [warn('XTEXT_FALLBACK', 13)],
    ],
    [
      'a duplicate (strict)',
      'XCLIENT LOGIN=a login=b',
      S,
      err('ATTR_DUPLICATE', 16, R.syntax('Error: duplicate attribute LOGIN'), 'LOGIN'),
      [],
      ['LOGIN'],
    ],
    [
      'a value over 255 octets, before the name is known (postfix, c391)',
      `XCLIENT FOO=${'a'.repeat(256)}`,
      P,
      err('ATTR_VALUE_TOO_LONG', 12, R.valueTooLong),
    ],
    [
      'a value over 255 octets (strict)',
      `XCLIENT HELO=${'a'.repeat(256)}`,
      S,
      err('ATTR_VALUE_TOO_LONG', 13, R.valueTooLong, 'HELO'),
    ],
    [
      '86 escapes are 258 octets (strict)',
      `XCLIENT LOGIN=${'+41'.repeat(86)}`,
      S,
      err('ATTR_VALUE_TOO_LONG', 14, R.valueTooLong, 'LOGIN'),
    ],
    [
      'a bad value is reported at its start, keeping what came before',
      'XCLIENT NAME=a.example PORT=x',
      ALL,
      err('ATTR_BAD_VALUE', 28, R.syntax('Bad PORT syntax: x'), 'PORT'),
      [],
      ['NAME'],
    ],
    [
      'a decoded bad value is echoed decoded',
      'XCLIENT NAME=+41..b',
      ALL,
      err('ATTR_BAD_VALUE', 13, R.syntax('Bad NAME syntax: A..b'), 'NAME'),
    ],
  ]);

  it.each(ALL)("255 octets are not too many ('%s')", (profile) => {
    for (const form of forms(`XCLIENT LOGIN=${'a'.repeat(255)}`)) {
      expect(success(form, profile)).toStrictEqual({
        value: {
          attributes: [attr('LOGIN', 'a'.repeat(255), 8)],
          extensions: [],
          LOGIN: 'a'.repeat(255),
        },
        warnings: [],
      });
    }
    expect(success(`XCLIENT LOGIN=${'+41'.repeat(85)}`, profile).value.LOGIN).toBe('A'.repeat(85));
  });

  it.each(['postfix'] as const)(
    "repeated attributes: the last wins, with one warning ('%s')",
    (profile) => {
      for (const form of forms('XCLIENT LOGIN=a login=b LOGIN=c')) {
        expect(success(form, profile)).toStrictEqual({
          value: {
            attributes: [
              attr('LOGIN', 'a', 8),
              attr('LOGIN', 'b', 16, 'b', 'login'),
              attr('LOGIN', 'c', 24),
            ],
            extensions: [],
            LOGIN: 'c',
          },
          warnings: [warn('ATTR_DUPLICATE', 16, 'LOGIN'), warn('ATTR_DUPLICATE', 24, 'LOGIN')],
        });
      }
    },
  );

  it('the value of each attribute is set by name; other attributes are absent', () => {
    for (const profile of ALL) {
      const r = success(utf8('XCLIENT NAME=a.example PORT=25 ADDR=IPV6:::1'), profile);
      expect(r.value).toStrictEqual({
        attributes: [
          attr('NAME', 'a.example', 8),
          attr('PORT', '25', 23, 25),
          attr('ADDR', 'IPV6:::1', 31, '::1', 'ADDR', 'IPV6:::1'),
        ],
        extensions: [],
        NAME: 'a.example',
        PORT: 25,
        ADDR: '::1',
      });
    }
  });

  it('reads a repeated attribute as raw text of the value before it', () => {
    const r = accept('XCLIENT LOGIN=a LOGIN=b', 'lenient');
    expect(r.value.LOGIN).toBe('a LOGIN=b');
    expect(r.value.attributes).toHaveLength(1);
    expect(r.warnings.map((w) => [w.code, w.position])).toContainEqual([
      'LINE_RAW_SPACE_IN_VALUE',
      15,
    ]);
  });

  // Issue #21: a raw (nginx-style) LOGIN could override ADDR, keeping the authorization the
  // real ADDR earned.
  it('a raw LOGIN cannot override ADDR: the repeat is part of the login', () => {
    const r = accept(
      'XCLIENT ADDR=203.0.113.9 LOGIN=alice addr=127.0.0.1 NAME=[UNAVAILABLE]',
      'lenient',
    );
    expect(r.value.ADDR).toBe('203.0.113.9');
    expect(r.value.LOGIN).toBe('alice addr=127.0.0.1');
    expect(r.value.NAME).toBe(UNAVAILABLE);
    expect(r.value.attributes.map((a) => a.name)).toEqual(['ADDR', 'LOGIN', 'NAME']);
    expect(r.warnings.map((w) => w.code)).not.toContain('ATTR_DUPLICATE');
  });

  it.each([
    // the nginx lines of docs/spec/peers.md, with a login that holds attribute-like text
    'XCLIENT ADDR=1.1.1.1 LOGIN=alice NAME=x addr=127.0.0.1 NAME=[UNAVAILABLE]',
    'XCLIENT ADDR=1.1.1.1 LOGIN=alice NAME=[UNAVAILABLE] NAME=[UNAVAILABLE]',
    'XCLIENT ADDR=IPV6:::1 LOGIN=a ADDR=IPV6:::2 NAME=[TEMPUNAVAIL]',
  ])('no attribute set on the line is replaced by a later one: %j', (line) => {
    const r = parseXclient(line, { profile: 'lenient' });
    const first = /ADDR=(\S+)/.exec(line)?.[1] as string;
    if (r.ok) expect(r.value.ADDR).toBe(first.replace('IPV6:', ''));
    else expect(r.error).toMatchObject({ code: 'ATTR_BAD_VALUE', attribute: 'NAME' });
  });

  // The lines nginx 1.22.1 was seen to send (docs/spec/peers.md) read as before.
  it.each([
    [
      'XCLIENT ADDR=127.0.0.1 LOGIN=bob smith+tag=x@example.com NAME=[UNAVAILABLE]',
      'bob smith+tag=x@example.com',
    ],
    ['XCLIENT ADDR=127.0.0.1 LOGIN=u=1+2 NAME=[UNAVAILABLE]', 'u=1+2'],
    ['XCLIENT ADDR=127.0.0.1 LOGIN=a\tb%c"d\\e NAME=[UNAVAILABLE]', 'a\tb%c"d\\e'],
    ['XCLIENT ADDR=127.0.0.1 LOGIN=jürgen@exämple.com NAME=[TEMPUNAVAIL]', 'jürgen@exämple.com'],
    ['XCLIENT ADDR=IPV6:::1 LOGIN=bob NAME=localhost', 'bob'],
  ])('nginx: %j keeps its LOGIN', (line, login) => {
    const r = accept(line, 'lenient');
    expect(r.value.LOGIN).toBe(login);
    expect(r.value.attributes.map((a) => a.name)).toEqual(['ADDR', 'LOGIN', 'NAME']);
  });

  it('keeps the last of repeated attributes', () => {
    const r = accept('XCLIENT ADDR=192.0.2.1 ADDR=192.0.2.2', 'postfix');
    expect(r.value.ADDR).toBe('192.0.2.2');
  });

  it('does not continue a value from a token before any attribute', () => {
    expect(reject('XCLIENT junk NAME=a', 'lenient').code).toBe('ATTR_MISSING_EQUALS');
  });

  it('keeps the strict checks on NAME, ADDR and the ports', () => {
    expect(reject('XCLIENT NAME=a..b', 'lenient').code).toBe('ATTR_BAD_VALUE');
    expect(reject('XCLIENT ADDR=999.1.1.1', 'lenient').code).toBe('ATTR_BAD_VALUE');
    expect(reject('XCLIENT PORT=99999', 'lenient').code).toBe('ATTR_BAD_VALUE');
  });
});

describe('xtext: refused in strict, taken as Postfix does, warned about in lenient', () => {
  checkFailures([
    [
      'a bad hex digit (strict)',
      'XCLIENT HELO=a+2G',
      S,
      err('XTEXT_BAD_HEXCHAR', 14, R.syntax('Bad HELO xtext: a+2G'), 'HELO'),
    ],
    [
      'raw UTF-8 (strict)',
      'XCLIENT LOGIN=jörg',
      S,
      err('XTEXT_BAD_CHAR', 15, R.syntax('Bad LOGIN xtext: jörg'), 'LOGIN'),
    ],
    [
      'an escape that is not UTF-8 (strict, lenient)',
      'XCLIENT LOGIN=ab+E9c',
      SL,
      err('XTEXT_INVALID_UTF8', 16, R.syntax('Bad LOGIN syntax: ab?c'), 'LOGIN'),
    ],
    [
      'an escape that is not UTF-8, first',
      'XCLIENT LOGIN=+E9',
      SL,
      err('XTEXT_INVALID_UTF8', 14, R.syntax('Bad LOGIN syntax: ?'), 'LOGIN'),
    ],
    [
      'two such escapes after a good one: each shown as "?"',
      'XCLIENT LOGIN=+41+E9+E9z',
      SL,
      err('XTEXT_INVALID_UTF8', 17, R.syntax('Bad LOGIN syntax: A??z'), 'LOGIN'),
    ],
    [
      'a CR smuggled through xtext, at the escape',
      'XCLIENT HELO=+41+41+0Dc',
      SL,
      err('ATTR_CONTROL_CHAR', 19, R.syntax('Bad HELO syntax: AA?c'), 'HELO'),
    ],
    [
      'a NUL smuggled through xtext',
      'XCLIENT LOGIN=+00',
      SL,
      err('ATTR_CONTROL_CHAR', 14, R.syntax('Bad LOGIN syntax: ?'), 'LOGIN'),
    ],
    [
      'CR LF through xtext in ADDR (postfix masks, then refuses)',
      'XCLIENT ADDR=1.2.3.4+0D+0ARCPT',
      P,
      err('ATTR_BAD_VALUE', 13, R.syntax('Bad ADDR syntax: 1.2.3.4??RCPT'), 'ADDR'),
      [
        warn('ATTR_MASKED', 13, 'ADDR'),
        warn('XTEXT_CONTROL_CHAR', 20, 'ADDR'),
        warn('XTEXT_CONTROL_CHAR', 23, 'ADDR'),
      ],
    ],
  ]);

  it.each([
    // [line, raw, decoded value, warnings]
    ['XCLIENT LOGIN=a+41', 'a+41', 'aA', []],
    ['XCLIENT LOGIN=j+C3+B6rg', 'j+C3+B6rg', 'jörg', []],
    ['XCLIENT LOGIN=a+', 'a+', 'a+', [warn('XTEXT_FALLBACK', 15, 'LOGIN')]],
    ['XCLIENT LOGIN=+2b', '+2b', '+', [warn('XTEXT_LOWERCASE_HEX', 14, 'LOGIN')]],
    [
      'XCLIENT LOGIN=ab+00c',
      'ab+00c',
      'ab',
      [warn('XTEXT_CONTROL_CHAR', 16, 'LOGIN'), warn('ATTR_TRUNCATED_AT_NUL', 16, 'LOGIN')],
    ],
    [
      'XCLIENT LOGIN=+41+00c',
      '+41+00c',
      'A',
      [warn('XTEXT_CONTROL_CHAR', 17, 'LOGIN'), warn('ATTR_TRUNCATED_AT_NUL', 17, 'LOGIN')],
    ],
    [
      'XCLIENT LOGIN=+00',
      '+00',
      '',
      [warn('XTEXT_CONTROL_CHAR', 14, 'LOGIN'), warn('ATTR_TRUNCATED_AT_NUL', 14, 'LOGIN')],
    ],
    [
      'XCLIENT LOGIN=ab+0Dc+0A',
      'ab+0Dc+0A',
      'ab?c?',
      [
        warn('ATTR_MASKED', 14, 'LOGIN'),
        warn('XTEXT_CONTROL_CHAR', 16, 'LOGIN'),
        warn('XTEXT_CONTROL_CHAR', 20, 'LOGIN'),
      ],
    ],
    ['XCLIENT LOGIN=ab+E9c', 'ab+E9c', 'ab?c', [warn('ATTR_MASKED', 14, 'LOGIN')]],
    ['XCLIENT LOGIN=+41+E9+E9z', '+41+E9+E9z', 'A??z', [warn('ATTR_MASKED', 14, 'LOGIN')]],
  ] as const)("'postfix' %j", (line, raw, value, warnings) => {
    for (const form of forms(line)) {
      expect(success(form, 'postfix')).toStrictEqual({
        value: { attributes: [attr('LOGIN', raw, 8, value)], extensions: [], LOGIN: value },
        warnings,
      });
    }
  });

  it("'postfix' masks DEL, raw or escaped, as printable() does", () => {
    expect(success('XCLIENT LOGIN=a+7Fb', 'postfix')).toStrictEqual({
      value: { attributes: [attr('LOGIN', 'a+7Fb', 8, 'a?b')], extensions: [], LOGIN: 'a?b' },
      warnings: [warn('ATTR_MASKED', 14, 'LOGIN'), warn('XTEXT_CONTROL_CHAR', 15, 'LOGIN')],
    });
    expect(success(latin1('XCLIENT LOGIN=a\x7fb'), 'postfix').value.LOGIN).toBe('a?b');
  });

  // U+0080–U+009F are C1 controls, refused or warned outside 'postfix': test/line-breaks.test.ts
  it.each(ALL)("UTF-8 from escapes is kept whole, from U+00A0 up ('%s')", (profile) => {
    const raw = '+C2+A1+C2+A0x+C3+80+DF+BF+F0+9F+98+80';
    const value = '\u00a1\u00a0x\u00c0\u07ff\u{1F600}';
    for (const form of forms(`XCLIENT LOGIN=${raw}`)) {
      expect(success(form, profile)).toStrictEqual({
        value: { attributes: [attr('LOGIN', raw, 8, value)], extensions: [], LOGIN: value },
        warnings: [],
      });
    }
  });

  it.each([
    ['XCLIENT HELO=a\\\r\n', 'a\\', 'a?'],
    ['XCLIENT HELO="a\\\r\n', '"a\\', '?a?'],
    ['XCLIENT HELO=<a\\\r\n', '<a\\', '?a?'],
  ])(
    "'postfix': a backslash at the end protects nothing, not even the CRLF: %j",
    (line, raw, helo) => {
      expect(success(latin1(line), 'postfix').value).toStrictEqual({
        attributes: [attr('HELO', raw, 8, helo)],
        extensions: [],
        HELO: helo,
      });
    },
  );

  it.each([
    // printable(): a lead octet 0xC2-0xFE keeps the continuation octets that follow it;
    // anything else that is not printable ASCII is masked
    ['+80+80', true],
    ['+C1+BF', true],
    ['+FF+80', true],
    ['+C3A', true],
    ['+C3+A9+01', true],
    ['+C3+A9+C0', true],
    ['+C3+A9+FF', true],
    ['+FE+80', false],
    ['+C3+A9', false],
  ] as const)("'postfix' %j: masked by printable() is %s", (raw, masked) => {
    const r = success(`XCLIENT LOGIN=${raw}`, 'postfix');
    expect(r.warnings.filter((w) => w.code === 'ATTR_MASKED')).toStrictEqual(
      masked ? [warn('ATTR_MASKED', 14, 'LOGIN')] : [],
    );
  });

  it("'postfix' masks a control after a UTF-8 sequence", () => {
    expect(success('XCLIENT LOGIN=+C3+A9+01', 'postfix').value.LOGIN).toBe('é?');
  });

  it("'postfix': a fallback in one value leaves the next one decoded", () => {
    expect(success('XCLIENT LOGIN=a+ HELO=+2b', 'postfix')).toStrictEqual({
      value: {
        attributes: [attr('LOGIN', 'a+', 8), attr('HELO', '+2b', 17, '+')],
        extensions: [],
        LOGIN: 'a+',
        HELO: '+',
      },
      warnings: [warn('XTEXT_FALLBACK', 15, 'LOGIN'), warn('XTEXT_LOWERCASE_HEX', 22, 'HELO')],
    });
  });

  it.each([
    ['XCLIENT LOGIN=a+41', 'a+41', 'aA', []],
    ['XCLIENT HELO=a+2G', 'a+2G', 'a+2G', [warn('XTEXT_RAW_PLUS', 14, 'HELO')]],
    // the decoded TAB is refused by strict, accepted here: one warning, not XTEXT_CONTROL_CHAR
    ['XCLIENT HELO=a+09', 'a+09', 'a\t', [warn('ATTR_CONTROL', 14, 'HELO')]],
    // the attribute rules' warnings point at the escape or octet the character came from
    ['XCLIENT HELO=+41+41+09', '+41+41+09', 'AA\t', [warn('ATTR_CONTROL', 19, 'HELO')]],
    ['XCLIENT HELO=+C3+A9+09', '+C3+A9+09', 'é\t', [warn('ATTR_CONTROL', 19, 'HELO')]],
    [
      'XCLIENT HELO=é+09',
      'é+09',
      'é\t',
      [warn('XTEXT_RAW_OCTET', 13, 'HELO'), warn('ATTR_CONTROL', 15, 'HELO')],
    ],
  ] as const)("'lenient' %j", (line, raw, value, warnings) => {
    const name = line.slice(8, line.indexOf('='));
    expect(success(line, 'lenient')).toStrictEqual({
      value: { attributes: [attr(name, raw, 8, value)], extensions: [], [name]: value },
      warnings,
    });
  });

  it("'strict' decodes escapes in octet lines too", () => {
    expect(success(utf8('XCLIENT LOGIN=a+41'), 'strict').value.attributes).toStrictEqual([
      attr('LOGIN', 'a+41', 8, 'aA'),
    ]);
  });

  it("'postfix' masks a lead octet followed by another lead octet: XCLIENT LOGIN=a+C3+C3+A9", () => {
    const r = parseXclient('XCLIENT LOGIN=a+C3+C3+A9', { profile: 'postfix' });
    expect(r.ok && r.value.LOGIN).toBe('a?é');
    expect(r.warnings.map((w) => [w.code, w.position])).toEqual([['ATTR_MASKED', 14]]);
  });

  it.each(['strict', 'lenient'] as const)(
    'HELO=x+0D+0AMAIL is refused in %s (CR LF smuggled through xtext)',
    (profile) => {
      const e = reject('XCLIENT HELO=x+0D+0AMAIL', profile);
      expect(e.code).toBe('ATTR_CONTROL_CHAR');
      expect(e.reply.text).toBe('Bad HELO syntax: x??MAIL');
      expect(e.position).toBe(14);
    },
  );

  it.each(['strict', 'lenient'] as const)(
    'an XTEXT_INVALID_UTF8 reply shows decoded CR LF as "?" (%s)',
    (profile) => {
      const e = reject('XCLIENT HELO=+E9+0D+0A250+20OK', profile);
      expect(e.code).toBe('XTEXT_INVALID_UTF8');
      expect(e.reply.text).toBe('Bad HELO syntax: ???250 OK');
    },
  );

  it("'postfix' masks it as Postfix does, never passing CR or LF on", () => {
    const r = accept('XCLIENT HELO=x+0D+0AMAIL', 'postfix');
    expect(r.value.HELO).toBe('x??MAIL');
    expect(r.warnings.map((w) => w.code)).toContain('ATTR_MASKED');
  });

  it('ADDR=1.2.3.4+0D+0ARCPT is refused in every profile', () => {
    for (const profile of ['strict', 'postfix', 'lenient'] as const) {
      expect(parseXclient('XCLIENT ADDR=1.2.3.4+0D+0ARCPT', { profile }).ok).toBe(false);
    }
  });

  it.each(['strict', 'lenient'] as const)(
    'a control character after an escaped "é" is reported at its escape (%s)',
    (profile) => {
      for (const line of [
        'XCLIENT HELO=+C3+A9+0D',
        new TextEncoder().encode('XCLIENT HELO=+C3+A9+0D'),
      ]) {
        const r = parseXclient(line, { profile });
        expect(!r.ok && r.error).toMatchObject({ code: 'ATTR_CONTROL_CHAR', position: 19 });
      }
    },
  );

  it.each([
    ['+F0+80+80+80'], // overlong 4-octet form: F0 needs 90..BF next
    ['+F0+8F+BF+BF'],
    ['+F4+90+80+80'], // above U+10FFFF
    ['+E0+80+80'], // overlong 3-octet form
    ['+ED+A0+80'], // a surrogate
    ['+E2+82A'], // a third octet that is no continuation
    ['+E2+82+C0'],
    ['+F0+9F+98A'], // a fourth octet that is no continuation
    ['+F0+9F+98+C0'],
    ['a+C3'], // truncated at the end
    ['+C1+BF'], // overlong 2-octet form
    ['+F5+80+80+80'],
  ])('an ill-formed UTF-8 sequence from escapes, LOGIN=%s: XTEXT_INVALID_UTF8', (xtext) => {
    const r = parseXclient(`XCLIENT LOGIN=${xtext}`);
    expect(r.ok || r.error.code).toBe('XTEXT_INVALID_UTF8');
  });
});

describe("'postfix': a refused value whose octets are not UTF-8 is echoed as printable() left it", () => {
  // Postfix's reply carries the value's octets; only the attributes Postfix neuters (ADDR,
  // HELO, DESTADDR) have their neuter characters (space, angle brackets, parentheses, backslash,
  // quote, semicolon, at sign) turned into "?" first.
  const head = (name: string) => `501 5.5.4 Bad ${name} syntax: `;
  it.each([
    ['NAME', 'a@'],
    ['PROTO', 'a@'],
    ['ADDR', 'a?'],
    ['DESTADDR', 'a?'],
  ])('%s', (name, shown) => {
    const r = parseXclient(`XCLIENT ${name}=a@+E9+80`, { profile: 'postfix' });
    if (r.ok) throw new Error('accepted');
    expect(replyOctets(r.error.reply)).toEqual(latin1(`${head(name)}${shown}\xe9\x80\r\n`));
  });
});

describe("'lenient': raw spaces, extensions, extra spaces, long values", () => {
  it('a token that does not start with a known NAME= continues the previous value', () => {
    expect(success('XCLIENT NAME=a LOGIN=b c FOO=x d', 'lenient')).toStrictEqual({
      value: {
        attributes: [attr('NAME', 'a', 8), attr('LOGIN', 'b c FOO=x d', 15)],
        extensions: [],
        NAME: 'a',
        LOGIN: 'b c FOO=x d',
      },
      warnings: [
        warn('LINE_RAW_SPACE_IN_VALUE', 22, 'LOGIN'),
        warn('XTEXT_RAW_OCTET', 22, 'LOGIN'),
        warn('LINE_RAW_SPACE_IN_VALUE', 24, 'LOGIN'),
        warn('XTEXT_RAW_OCTET', 24, 'LOGIN'),
        warn('XTEXT_RAW_OCTET', 28, 'LOGIN'),
        warn('LINE_RAW_SPACE_IN_VALUE', 30, 'LOGIN'),
        warn('XTEXT_RAW_OCTET', 30, 'LOGIN'),
      ],
    });
  });

  it('a token starting with "=" or a lower-case unknown name continues too', () => {
    expect(success('XCLIENT LOGIN=a =b a=b', 'lenient').value.LOGIN).toBe('a =b a=b');
  });

  it('a continued extension value, and a continued token without "=", carry no attribute', () => {
    expect(success('XCLIENT LOGIN=a SESSION=1 b', 'lenient')).toStrictEqual({
      value: {
        attributes: [attr('LOGIN', 'a', 8)],
        extensions: [{ name: 'SESSION', raw: '1 b', position: 16 }],
        LOGIN: 'a',
      },
      warnings: [warn('ATTR_EXTENSION', 16), warn('LINE_RAW_SPACE_IN_VALUE', 25)],
    });
    expect(failure('XCLIENT abc def', 'lenient')).toStrictEqual({
      error: err('ATTR_MISSING_EQUALS', 8, R.valueExpected),
      partial: [],
      warnings: [warn('LINE_RAW_SPACE_IN_VALUE', 11)],
    });
  });

  it("Dovecot's attributes are returned as extensions, upper case", () => {
    expect(success('XCLIENT PORT=1 ttl=5 Session=+41', 'lenient')).toStrictEqual({
      value: {
        attributes: [attr('PORT', '1', 8, 1)],
        extensions: [
          { name: 'TTL', raw: '5', position: 15 },
          { name: 'SESSION', raw: '+41', position: 21 },
        ],
        PORT: 1,
      },
      warnings: [warn('ATTR_EXTENSION', 15), warn('ATTR_EXTENSION', 21)],
    });
  });

  it.each(['SESSION', 'TTL', 'TIMEOUT', 'CLIENT-TRANSPORT', 'DESTNAME', 'FORWARD'])(
    'each of the six Dovecot names is an extension, and starts a new attribute: %s',
    (name) => {
      const line = `XCLIENT LOGIN=a ${name.toLowerCase()}=x`;
      expect(success(line, 'lenient')).toStrictEqual({
        value: {
          attributes: [attr('LOGIN', 'a', 8)],
          extensions: [{ name, raw: 'x', position: 16 }],
          LOGIN: 'a',
        },
        warnings: [warn('ATTR_EXTENSION', 16)],
      });
    },
  );

  it.each<[string, number, readonly number[]]>([
    ['\tXCLIENT LOGIN=a', 9, [0]],
    [' XCLIENT LOGIN=a', 9, [0]],
    ['XCLIENT LOGIN=a ', 8, [15]],
    ['XCLIENT LOGIN=a\t\tNAME=b', 8, [15]],
  ])('extra space at the ends: %j', (line, at, positions) => {
    const r = success(line, 'lenient');
    expect(r.value.attributes[0]).toStrictEqual(attr('LOGIN', 'a', at));
    expect(r.warnings).toStrictEqual(positions.map((p) => warn('LINE_EXTRA_SPACE', p)));
  });

  // Issue #21: runs of blanks and TABs between attributes were accepted without a warning,
  // and LINE_EXTRA_SPACE always said position 0.
  it.each<[string, readonly number[]]>([
    ['XCLIENT  NAME=a', [7]],
    ['XCLIENT\tNAME=a', [7]],
    ['XCLIENT NAME=a \tADDR=192.0.2.1', [14]],
    ['XCLIENT NAME=a ', [14]],
    ['  XCLIENT NAME=a\t ADDR=192.0.2.1  ', [0, 16, 32]],
    ['XCLIENT NAME=a ADDR=192.0.2.1', []],
  ])("'lenient' warns of each blank run that is not one SP, where it starts: %j", (line, at) => {
    const r = success(line, 'lenient');
    expect(r.warnings).toStrictEqual(at.map((p) => warn('LINE_EXTRA_SPACE', p)));
  });

  // The warning's message says where the run is and how many octets it holds (the prose
  // around them is not compared).
  it.each<[string, readonly (readonly [number, string, number])[]]>([
    ['\t XCLIENT NAME=a', [[0, 'leading', 2]]],
    ['XCLIENT NAME=a  ', [[14, 'trailing', 2]]],
    ['XCLIENT \t NAME=a', [[7, 'between words', 3]]],
    ['XCLIENT\tNAME=a', [[7, 'between words', 1]]],
    [
      ' XCLIENT  NAME=a\t',
      [
        [0, 'leading', 1],
        [8, 'between words', 2],
        [16, 'trailing', 1],
      ],
    ],
  ])("'lenient': a blank run's warning says where it is and its octets: %j", (line, runs) => {
    const r = accept(line, 'lenient');
    expect(r.warnings.map((w) => w.position)).toStrictEqual(runs.map(([at]) => at));
    r.warnings.forEach((w, i) => {
      const [, where, octets] = runs[i] as (typeof runs)[number];
      expect(w.message).toContain(where);
      for (const other of ['leading', 'trailing', 'between words']) {
        if (other !== where) expect(w.message).not.toContain(other);
      }
      expect(w.message).toMatch(new RegExp(`\\b${octets} octets?\\b`));
    });
  });

  it('a value over 255 octets is a warning; HELO over 255 one more', () => {
    expect(success(`XCLIENT HELO=${'a'.repeat(256)}`, 'lenient').warnings).toStrictEqual([
      warn('ATTR_LONG_VALUE', 13, 'HELO'),
      warn('ATTR_LONG_VALUE', 268, 'HELO'),
    ]);
    // at the escape of the 256th character, not 255 octets after the value's start
    expect(success(`XCLIENT HELO=${'+41'.repeat(256)}`, 'lenient').warnings).toContainEqual(
      warn('ATTR_LONG_VALUE', 13 + 255 * 3, 'HELO'),
    );
    expect(success(`XCLIENT HELO=${'é'.repeat(128)}`, 'lenient').warnings).toContainEqual(
      warn('ATTR_LONG_VALUE', 13 + 254, 'HELO'),
    );
    expect(failure(`XCLIENT NAME=${'a'.repeat(256)}`, 'lenient')).toStrictEqual({
      error: err('ATTR_TOO_LONG', 13, R.syntax(`Bad NAME syntax: ${'a'.repeat(256)}`), 'NAME'),
      partial: [],
      warnings: [warn('ATTR_LONG_VALUE', 13, 'NAME')],
    });
  });

  it('warnings of the attribute rules are moved to the value in the line', () => {
    expect(failure('XCLIENT ADDR=::1 PORT=+41', 'lenient')).toStrictEqual({
      error: err('ATTR_BAD_VALUE', 22, R.syntax('Bad PORT syntax: A'), 'PORT'),
      partial: ['ADDR'],
      warnings: [warn('ATTR_BARE_IPV6', 13, 'ADDR')],
    });
  });

  it('reads nginx: an unencoded LOGIN with spaces, "=" and "+"', () => {
    const r = accept(
      'XCLIENT ADDR=127.0.0.1 LOGIN=bob smith+tag=x@example.com NAME=[UNAVAILABLE]',
      'lenient',
    );
    expect(r.value.LOGIN).toBe('bob smith+tag=x@example.com');
    expect(r.value.NAME).toBe(UNAVAILABLE);
    expect(r.value.ADDR).toBe('127.0.0.1');
    expect(r.warnings.map((w) => [w.code, w.position])).toEqual(
      expect.arrayContaining([
        ['LINE_RAW_SPACE_IN_VALUE', 32],
        ['XTEXT_RAW_OCTET', 32],
        ['XTEXT_RAW_PLUS', 38],
        ['XTEXT_RAW_OCTET', 42],
      ]),
    );
  });

  it.each([
    ['XCLIENT LOGIN=u=1+2', 'LOGIN', 'u=1+2'],
    ['XCLIENT LOGIN=a\tb%c"d\\e', 'LOGIN', 'a\tb%c"d\\e'],
    ['XCLIENT LOGIN=jürgen@exämple.com', 'LOGIN', 'jürgen@exämple.com'],
    ['XCLIENT ADDR=::1', 'ADDR', '::1'],
    ['XCLIENT PROTO=LMTP', 'PROTO', 'LMTP'],
    ['XCLIENT NAME=[unavailable]', 'NAME', UNAVAILABLE],
    ['XCLIENT HELO=a+2bb', 'HELO', 'a+b'],
    ['XCLIENT LOGIN=[tempunavail]', 'LOGIN', '[tempunavail]'],
    ['XCLIENT PROTO=[UNAVAILABLE]', 'PROTO', UNAVAILABLE],
    ['XCLIENT  NAME=a.example ', 'NAME', 'a.example'],
    [`XCLIENT LOGIN=${'x'.repeat(712)}`, 'LOGIN', 'x'.repeat(712)],
  ])('%j → %s = %j', (line, name, value) => {
    expect(accept(line, 'lenient').value[name as 'LOGIN']).toEqual(value);
  });

  it("returns Dovecot's extension attributes instead of failing", () => {
    const r = accept(
      'XCLIENT HELO=h PROTO=ESMTP SESSION=MA+2BfEg:P1 TTL=5 PORT=1 ADDR=::1',
      'lenient',
    );
    expect(r.value.extensions).toEqual([
      { name: 'SESSION', raw: 'MA+2BfEg:P1', position: 27 },
      { name: 'TTL', raw: '5', position: 47 },
    ]);
    expect(r.value.PORT).toBe(1);
  });

  it.each(['XCLIENT NAME=a\t', 'XCLIENT NAME=a ', '\tXCLIENT NAME=a', ' XCLIENT NAME=a'])(
    "'lenient' warns of leading or trailing white space in %j",
    (line) => {
      const r = parseXclient(line, { profile: 'lenient' });
      expect(r.ok && r.warnings.map((w) => w.code)).toEqual(['LINE_EXTRA_SPACE']);
    },
  );
});

describe("'postfix': lines checked live against Postfix 3.7.11", () => {
  // Each row was sent to a real Postfix 3.7.11 on loopback (../shared/scripts/probe.mjs).
  it.each([
    ['XCLIENT HELO=a\0 FOO=bar', 220, ''],
    ['XCLIENT to:NAME=x.example', 501, 'Error: attribute=value expected'],
    ['XCLIENT from:NAME=x.example', 501, 'Error: attribute=value expected'],
    ['XCLIENT HELO=x TO:NAME=x..y', 501, 'Error: attribute=value expected'],
    ['XCLIENT NAME=to:x', 501, 'Bad NAME syntax: to:x'],
    ['XCLIENT NAME=a+3Bb', 501, 'Bad NAME syntax: a;b'],
    ['XCLIENT ADDR=a+3Bb', 501, 'Bad ADDR syntax: a?b'],
    ['XCLIENT ADDR=1.2.3.4+20', 501, 'Bad ADDR syntax: 1.2.3.4?'],
    ['XCLIENT DESTADDR=a+3Bb', 501, 'Bad DESTADDR syntax: a?b'],
    ['XCLIENT REVERSE_NAME=a+3Bb', 501, 'Bad REVERSE_NAME syntax: a;b'],
    ['XCLIENT PORT=1+0D', 501, 'Bad PORT syntax: 1?'],
    ['XCLIENT DESTPORT=1+3B', 501, 'Bad DESTPORT syntax: 1;'],
    ['XCLIENT NAME=a+C0+80b', 501, 'Bad NAME syntax: a??b'],
    ['XCLIENT NAME=a+C3+A9b', 501, 'Bad NAME syntax: aéb'],
    ['XCLIENT NAME=a+FF+80b', 501, 'Bad NAME syntax: a??b'],
    ['XCLIENT NAME=+00', 501, 'Bad NAME syntax: '],
    ['XCLIENT PROTO=+00', 501, 'Bad PROTO syntax: '],
    ['XCLIENT NAME=a+0D+00b', 501, 'Bad NAME syntax: a?'],
    ['XCLIENT HELO="a b"c NAME=x..y', 501, 'Bad NAME syntax: x..y'],
    ['XCLIENT HELO=<a "b> c" d> NAME=x..y', 501, 'Bad NAME syntax: x..y'],
    ['XCLIENT <NAME=x.example>', 501, 'Bad XCLIENT attribute name: <NAME'],
    ['XCLIENT NAME="x.example"', 501, 'Bad NAME syntax: "x.example"'],
    ['XCLIENT "NAME=x y"', 501, 'Bad XCLIENT attribute name: "NAME'],
    ['XCLIENT NAME="x\\" y" PORT=bad', 501, 'Bad NAME syntax: "x\\" y"'],
    ['XCLIENT PORT=1\\ 2', 501, 'Bad PORT syntax: 1\\ 2'],
    ['XCLIENT NAME==x', 501, 'Bad NAME syntax: =x'],
    ['XCLIENT name:x=y', 501, 'Bad XCLIENT attribute name: name:x'],
    ['XCLIENT NAME=x.example PORT=1 FOO', 501, 'Error: attribute=value expected'],
    ['', 500, 'Error: bad syntax'],
    ['   ', 500, 'Error: bad syntax'],
    ['\0XCLIENT NAME=x', 500, 'Error: bad syntax'],
    ['XCLIENT:NAME=x', 221, 'Error: I can break rules, too. Goodbye.'],
    [':XCLIENT NAME=x', 221, 'Error: I can break rules, too. Goodbye.'],
    ['1XCLIENT NAME=x', 221, 'Error: I can break rules, too. Goodbye.'],
    ['GET / HTTP/1.0', 221, 'Error: I can break rules, too. Goodbye.'],
    ['Subject: hi', 221, 'Error: I can break rules, too. Goodbye.'],
    ['xclientx NAME=x', 500, 'Error: command not recognized'],
    ['XCLIENT\\ NAME=x', 500, 'Error: command not recognized'],
    ['XCLIENT HELO=\xed\xa0\x80', 500, 'Error: bad UTF-8 syntax'],
    ['XCLIENT HELO=\xc0\x80', 500, 'Error: bad UTF-8 syntax'],
    ['XCLIENT HELO=\xf4\x90\x80\x80', 500, 'Error: bad UTF-8 syntax'],
    ['XCLIENT NAME=x\xfeb', 500, 'Error: bad UTF-8 syntax'],
    ['XCLIENT NAME=[UNAVAILABLE]+00x', 220, ''],
    ['XCLIENT NAME=x.example\r', 220, ''],
    ['XCLIENT NAME=x.example\r\r\n', 220, ''],
  ])('%j → %i %s', (line, code, text) => {
    const r = parseXclient(new Uint8Array(Buffer.from(line, 'latin1')), { profile: 'postfix' });
    if (code === 220) expect(r.ok).toBe(true);
    else {
      expect(r.ok).toBe(false);
      if (!r.ok) expect([r.error.reply.code, r.error.reply.text]).toEqual([code, text]);
    }
  });

  it('reads HELO as Postfix records it (neutered) and LOGIN as sent', () => {
    const r = accept('XCLIENT HELO="x NAME=x..y', 'postfix');
    expect(r.value.HELO).toBe('?x?NAME=x..y');
    expect(accept('XCLIENT HELO=a\\', 'postfix').value.HELO).toBe('a?');
    expect(accept('XCLIENT LOGIN=[TEMPUNAVAIL]', 'postfix').value.LOGIN).toBe('[TEMPUNAVAIL]');
    expect(accept('XCLIENT HELO=+00', 'postfix').value.HELO).toBe('');
  });

  it('reads leading-zero IPv4 octets as octal, as glibc does', () => {
    expect(accept('XCLIENT ADDR=010.1.1.1', 'postfix').value.ADDR).toBe('8.1.1.1');
    expect(accept('XCLIENT PORT=00025', 'postfix').value.PORT).toBe(25);
  });
});

describe('vector: every line swaks 20201014 sent', () => {
  interface SwaksCase {
    readonly case_id: string;
    readonly invocation: string;
    readonly line_b64: string;
  }
  const cases: SwaksCase[] = readFileSync(
    new URL('./vectors/swaks-20201014.jsonl', import.meta.url),
    'utf8',
  )
    .split('\n')
    .filter((l: string) => l.trim() !== '')
    .map((l: string) => JSON.parse(l) as SwaksCase);

  // Lines swaks built from --xclient-* options whose values are themselves invalid for the
  // attribute: a careful server refuses them, and this is why.
  const INVALID_VALUES: Readonly<Record<string, readonly [string, string]>> = {
    'ipv6-full': [
      'ATTR_BAD_VALUE',
      'DESTADDR fe80::1%eth0: a zone identifier means nothing to another host',
    ],
    'ipv6-bracketed': [
      'ATTR_BAD_VALUE',
      'ADDR [2001:db8::1]: XCLIENT addresses are not enclosed in []',
    ],
    'name-idn': [
      'ATTR_BAD_VALUE',
      'NAME bücher.example: a host name is ASCII (send the xn-- A-label)',
    ],
    'latin1-bytes': ['LINE_BAD_UTF8', 'LOGIN caf\\xE9\\xFF: Latin-1 octets are not UTF-8 text'],
    'long-name-600': ['ATTR_TOO_LONG', 'NAME of 600 characters (a host name has at most 255)'],
    'long-name-labels': ['ATTR_TOO_LONG', 'NAME longer than 255 characters'],
    'long-all-attrs': ['ATTR_TOO_LONG', 'NAME of 300 characters'],
    'port-out-of-range': ['ATTR_BAD_VALUE', 'PORT 99999 is not a TCP port'],
    'name-trailing-dot': ['ATTR_BAD_VALUE', 'NAME host.example. ends with a dot'],
  };
  // Lines from raw --xclient strings: the verdict of a careful server, with the reason.
  const RAW: Readonly<Record<string, string | null>> = {
    'raw-basic': null,
    'raw-lowercase': null,
    'raw-invalid': 'ATTR_EMPTY', // NAME= has no value
    'raw-unencoded': null, // HELO=two words: nginx-style raw space, read as one value
    'raw-mixed': 'ATTR_UNKNOWN', // FOO is no XCLIENT attribute
    'raw-twice': null,
    'raw-extra-spaces': null,
    'raw-xtext-escapes': null, // lower-case hex and a repeated LOGIN, with warnings
    'announce-bare-raw': null,
  };

  /** The --xclient-* options of an invocation, as [attribute, value] in order. */
  function options(invocation: string): [string, string][] {
    const out: [string, string][] = [];
    const re =
      /--xclient-(name|addr|port|proto|helo|login|destaddr|destport|reverse-name) ('[^']*'|\$'(?:[^'\\]|\\.)*'|\S+)/g;
    for (const m of invocation.matchAll(re)) {
      let value = m[2] as string;
      if (value.startsWith("$'"))
        value = value
          .slice(2, -1)
          .replace(/\\t/g, '\t')
          .replace(/\\x([0-9a-f]{2})/gi, (_h, x: string) =>
            String.fromCharCode(Number.parseInt(x, 16)),
          )
          .replace(/\\\\/g, '\\');
      else if (value.startsWith("'")) value = value.slice(1, -1);
      out.push([(m[1] as string).toUpperCase().replace('-', '_'), value]);
    }
    return out;
  }

  it('has the 65 lines', () => expect(cases).toHaveLength(65));

  /** The raw --xclient strings of an invocation. */
  const rawStrings = (invocation: string): string[] =>
    [...invocation.matchAll(/--xclient '([^']*)'/g)].map((m) => `XCLIENT ${m[1] as string}`);

  it.each(cases.map((c, i) => [`${c.case_id} #${i}`, c] as const))('%s', (_label, c) => {
    const id = c.case_id;
    const line = new Uint8Array(Buffer.from(c.line_b64, 'base64'));
    const r = parseXclient(line, { profile: 'lenient' });
    if (rawStrings(c.invocation).includes(Buffer.from(line).toString('latin1'))) {
      expect(id in RAW, `${id} has a raw line`).toBe(true);
      const code = RAW[id];
      if (code === null) expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
      else expect(!r.ok && r.error.code).toBe(code);
      return;
    }
    const invalid = INVALID_VALUES[id];
    if (invalid !== undefined) {
      expect(!r.ok && r.error.code, invalid[1]).toBe(invalid[0]);
      return;
    }
    expect(r.ok, r.ok ? '' : `${r.error.code}: ${r.error.message}`).toBe(true);
    if (!r.ok) return;
    // Every attribute in the line carries the value given on the command line.
    for (const a of r.value.attributes) {
      const given = options(c.invocation)
        .filter(([name]) => name === a.name)
        .at(-1)?.[1];
      expect(given, `${a.name} in ${id}`).toBeDefined();
      const expected = String(given);
      if (a.value === UNAVAILABLE || a.value === TEMPUNAVAIL) {
        expect(a.value.text).toBe(expected.toUpperCase());
      } else if (a.name === 'ADDR' || a.name === 'DESTADDR') {
        const bare = expected.replace(/^ipv6:/i, '').toLowerCase();
        expect([bare, bare.replace(/^::ffff:/, '::ffff:')]).toContain(a.value);
      } else if (a.name === 'PROTO') {
        expect(a.value).toBe(expected.toUpperCase());
      } else {
        expect(String(a.value)).toBe(expected);
      }
    }
  });
});

describe('properties', () => {
  fcTest.prop([
    fc.string({ unit: codePoint, maxLength: 300 }),
    fc.constantFrom<Profile>('strict', 'postfix', 'lenient'),
  ])('parseXclient never throws on arbitrary strings', (s, profile) => {
    const r = parseXclient(`XCLIENT ${s}`, { profile });
    expect(typeof r.ok).toBe('boolean');
    if (!r.ok) {
      expect(r.error.reply.code).toBeGreaterThanOrEqual(200);
      expect(String(r.error.reply.text)).not.toMatch(/[\r\n\0]/);
    }
  });

  fcTest.prop([
    fc.uint8Array({ maxLength: 300 }),
    fc.constantFrom<Profile>('strict', 'postfix', 'lenient'),
  ])(
    'parseXclient never throws on arbitrary octets, and replies never carry CR, LF or NUL',
    (b, profile) => {
      const line = new Uint8Array([...new TextEncoder().encode('XCLIENT '), ...b]);
      const r = parseXclient(line, { profile });
      if (!r.ok) expect(String(r.error.reply.text)).not.toMatch(/[\r\n\0]/);
      else for (const a of r.value.attributes) expect(a.decoded).not.toMatch(/[\r\n\0]/);
    },
  );

  fcTest.prop([
    fc.mixedCase(
      fc.constantFrom(
        'XCLIENT NAME=a.example',
        'XCLIENT ADDR=ipv6:::1',
        'XCLIENT PORT=[unavailable]',
      ),
    ),
  ])('the verb, the names and the special values are case-insensitive', (line) => {
    expect(parseXclient(line).ok).toBe(true);
  });
});
