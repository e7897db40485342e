// Cross-module properties, driven by smtp-xclient/arbitraries: round trips, "never throws"
// for every parser in every profile, case-insensitive keywords, and the alphabets of what the
// library writes. Seeded in CI by test/fc-seed.ts (FC_SEED to replay a failure).

import {
  ATTRIBUTE_NAMES,
  decodeXtext,
  decodeXtextBytes,
  encodeXtext,
  formatReply,
  formatXclient,
  formatXclientKeyword,
  isSpecialValue,
  isXclientError,
  PROFILES,
  type Profile,
  parseReply,
  parseXclient,
  parseXclientKeyword,
  planXclient,
  type Reply,
  TEMPUNAVAIL,
  UNAVAILABLE,
  validateAttribute,
  type XclientAttributeName,
  type XclientAttributes,
  type XclientCommand,
} from 'smtp-xclient';
import {
  invalidXclientLine,
  postfixProbeLine,
  specialValue,
  validAttributeValue,
  validIpv6,
  validXclientCommand,
  validXclientLine,
  xclientAttributes,
  xtextValue,
} from 'smtp-xclient/arbitraries';
import { describe, expect, it } from 'vitest';
import { parseGeneral } from '../src/command.js';
import { codePoint, fc, test as fcTest } from './helpers/fc.js';
import { LINE_FRAGMENTS } from './helpers/fragments.mjs';

const NAMES = ATTRIBUTE_NAMES as readonly XclientAttributeName[];
/** Whether a string holds a C0 control or DEL. */
const hasControl = (s: string): boolean =>
  [...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
const XTEXT = /^(?:[!-*,-<>-~]|\+[0-9A-F]{2})*$/;
const LINE = new RegExp(`^XCLIENT(?: (?:${NAMES.join('|')})=(?:[!-*,-<>-~]|\\+[0-9A-F]{2})+)+$`);

// ---------------------------------------------------------------------------------------
// Inputs for "never throws"

/** Any UTF-16 code unit, lone surrogates included. */
const utf16 = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
});
const fragmentLine = fc
  .array(fc.constantFrom(...LINE_FRAGMENTS), { maxLength: 14 })
  .map((parts) => parts.join(''));
const anyLine: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  fc.string({ unit: codePoint }),
  utf16,
  fc.uint8Array(),
  fragmentLine,
  fragmentLine.map((l) => `XCLIENT ${l}`),
  validXclientLine(),
  invalidXclientLine().map((c) => c.octets),
  postfixProbeLine(),
);
const profileArb = fc.constantFrom<Profile>(...PROFILES);

/**
 * The contract of a failed parse: an XclientError with a code, a position, a sendable reply.
 * `postfix`: Postfix echoes a name grouped by `"…"` or `<…>` with a CR inside as it came
 * (live 3.7.11: `XCLIENT <\r=x` → `501 5.5.4 Bad XCLIENT attribute name: <\r`): only LF
 * and NUL are excluded there.
 */
function expectGoodError(error: unknown, inputLength: number, postfix = false): void {
  expect(isXclientError(error)).toBe(true);
  const e = error as { code: unknown; position?: number; reply: Reply; message: unknown };
  expect(typeof e.code).toBe('string');
  expect(typeof e.message).toBe('string');
  if (e.position !== undefined) {
    expect(e.position).toBeGreaterThanOrEqual(0);
    expect(e.position).toBeLessThanOrEqual(inputLength);
  }
  const reply = postfix
    ? { ...e.reply, text: String(e.reply.text).replaceAll('\r', '?') }
    : e.reply;
  expect(() => formatReply(reply)).not.toThrow();
}

const lengthOf = (input: string | Uint8Array): number =>
  typeof input === 'string'
    ? Math.max(input.length, Buffer.byteLength(input, 'utf8'))
    : input.length;

/** No value a parser accepts can smuggle a line break or end a C string. */
function expectNoLineBreaks(command: XclientCommand): void {
  for (const a of command.attributes) {
    expect(a.decoded).not.toMatch(/[\0\r\n]/);
    if (typeof a.value === 'string') expect(a.value).not.toMatch(/[\0\r\n]/);
  }
}

describe('never throws', () => {
  fcTest.prop([anyLine, profileArb], { numRuns: 300 })(
    'parseXclient, any input, any profile',
    (line, profile) => {
      const r = parseXclient(line, { profile });
      if (r.ok) {
        expect(r.value.attributes.length + r.value.extensions.length).toBeGreaterThan(0);
        for (const a of r.value.attributes) {
          expect(NAMES).toContain(a.name);
          expect(r.value[a.name] === undefined).toBe(false);
        }
        expectNoLineBreaks(r.value);
        if (profile === 'strict') {
          for (const a of r.value.attributes) expect(hasControl(a.decoded)).toBe(false);
        }
      } else {
        expectGoodError(r.error, lengthOf(line), profile === 'postfix');
        expect(Array.isArray(r.partial)).toBe(true);
      }
      for (const w of r.warnings) expect(typeof w.code).toBe('string');
    },
  );

  it('parseXclient, values that are not lines', () => {
    for (const v of [undefined, null, 42, {}, [], ['XCLIENT NAME=a'], new Uint16Array(2)]) {
      for (const profile of PROFILES) {
        const r = parseXclient(v as unknown as string, { profile });
        expect(r.ok).toBe(false);
      }
    }
  });

  fcTest.prop([fc.oneof(utf16, xtextValue(), fragmentLine), profileArb])(
    'decodeXtext and decodeXtextBytes',
    (text, profile) => {
      for (const r of [decodeXtext(text, { profile }), decodeXtextBytes(text, { profile })]) {
        if (r.ok) {
          expect(r.hasControl).toBe(r.warnings.some((w) => w.code === 'XTEXT_CONTROL_CHAR'));
          expect(r.fallback && profile !== 'postfix').toBe(false);
        } else expectGoodError(r.error, text.length);
      }
    },
  );

  fcTest.prop([
    fc.oneof(fc.constantFrom(...NAMES), fc.mixedCase(fc.constantFrom(...NAMES)), utf16),
    fc.oneof(utf16, fragmentLine),
    profileArb,
  ])('validateAttribute, any name and value', (name, value, profile) => {
    const r = validateAttribute(name, value, { profile });
    if (r.ok) {
      expect(r.text).not.toMatch(/[\0\r\n]/);
      if (typeof r.value === 'string') expect(r.value).not.toMatch(/[\0\r\n]/);
    } else expectGoodError(r.error, Math.max(value.length, 255));
  });

  fcTest.prop([
    fc.oneof(
      utf16,
      fc.array(utf16, { maxLength: 4 }),
      fragmentLine.map((l) => `250-${l}\r\n250 ${l}`),
    ),
  ])('parseReply and parseXclientKeyword', (input) => {
    const r = parseReply(input);
    if (r.ok) expect(() => formatReply(r.value)).not.toThrow();
    else expectGoodError(r.error, Number.MAX_SAFE_INTEGER);
    const k = parseXclientKeyword(input);
    if (k.ok) for (const n of k.value.names) expect(n).toBe(n.toUpperCase());
    else expectGoodError(k.error, Number.MAX_SAFE_INTEGER);
  });
});

// ---------------------------------------------------------------------------------------
// Round trips

/** RFC 5952 text of an IPv6 address, from Node's WHATWG URL parser (an independent oracle). */
function rfc5952(address: string): string {
  const h = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  const m = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(h);
  if (m === null) return h;
  const hi = Number.parseInt(m[1] as string, 16);
  const lo = Number.parseInt(m[2] as string, 16);
  return `::ffff:${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** What the strict parser must give back for a value that formatXclient was given. */
function expected(name: XclientAttributeName, value: unknown): unknown {
  if (isSpecialValue(value) || typeof value === 'number') return value;
  const text = value as string;
  if (name === 'PROTO') return text.toUpperCase();
  if ((name === 'ADDR' || name === 'DESTADDR') && text.includes(':')) {
    return rfc5952(text.replace(/^ipv6:/i, ''));
  }
  return text;
}

describe('round trips', () => {
  fcTest.prop([fc.uint8Array({ maxLength: 300 }), profileArb])(
    'decodeXtextBytes(encodeXtext(octets)) is the octets, in every profile',
    (bytes, profile) => {
      const r = decodeXtextBytes(encodeXtext(bytes), { profile });
      expect(r.ok && [...r.value]).toEqual([...bytes]);
      expect(r.ok && r.fallback).toBe(false);
    },
  );

  fcTest.prop([fc.string({ unit: codePoint }), profileArb])(
    'decodeXtext(encodeXtext(text)) is the text, in every profile',
    (text, profile) => {
      const r = decodeXtext(encodeXtext(text), { profile });
      expect(r.ok && r.value).toBe(text);
      expect(r.ok && r.hasControl).toBe(hasControl(text));
    },
  );

  fcTest.prop([xtextValue()])('encodeXtext of a decoded xtext is its canonical form', (x) => {
    const r = decodeXtextBytes(x);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const canonical = encodeXtext(r.value);
    expect(canonical.length).toBeLessThanOrEqual(x.length);
    // the same octets, written without the needless escapes
    expect(canonical).toBe(
      x.replace(/\+([0-9A-F]{2})/g, (m, hex: string) => {
        const b = Number.parseInt(hex, 16);
        return b > 0x20 && b < 0x7f && b !== 0x2b && b !== 0x3d ? String.fromCharCode(b) : m;
      }),
    );
  });

  fcTest.prop([xclientAttributes()])(
    'parseXclient(formatXclient(attributes)) gives the attributes back',
    (attrs) => {
      const lines = formatXclient(attrs);
      const seen: XclientAttributeName[] = [];
      const values: Partial<Record<XclientAttributeName, unknown>> = {};
      for (const line of lines) {
        const r = parseXclient(line);
        expect(r.ok, r.ok ? '' : `${line}: ${r.error.message}`).toBe(true);
        if (!r.ok) return;
        expect(r.warnings).toEqual([]);
        for (const a of r.value.attributes) {
          seen.push(a.name);
          values[a.name] = a.value;
        }
      }
      expect([...seen].sort()).toEqual(Object.keys(attrs).sort());
      for (const name of Object.keys(attrs) as XclientAttributeName[]) {
        expect(values[name]).toEqual(expected(name, attrs[name]));
        if (isSpecialValue(attrs[name])) expect(values[name]).toBe(attrs[name]);
      }
      // HELO, PROTO, LOGIN, NAME, REVERSE_NAME and ADDR travel together, in the last line
      const last = parseXclient(lines[lines.length - 1] as string);
      const finalGroup = ['HELO', 'PROTO', 'LOGIN', 'NAME', 'REVERSE_NAME', 'ADDR'];
      const inLast = last.ok ? last.value.attributes.map((a) => a.name) : [];
      for (const name of finalGroup)
        expect(inLast.includes(name as XclientAttributeName)).toBe(name in attrs);
      // formatting the parsed values again writes the same lines
      expect(formatXclient(values as XclientAttributes)).toEqual(lines);
    },
  );

  fcTest.prop([validXclientCommand()])(
    'a parsed valid line formats to lines that parse to the same values',
    ({ line }) => {
      const r = parseXclient(line);
      if (!r.ok) throw r.error;
      const attrs: Record<string, unknown> = {};
      for (const a of r.value.attributes) attrs[a.name] = a.value;
      let lines: string[];
      try {
        lines = formatXclient(attrs as XclientAttributes);
      } catch (e) {
        // formatXclient escapes " < > \ as well (Postfix's tokenizer): a value of 255
        // characters as sent can need more once written that way, and so can the final group
        expect((e as { code: string }).code).toMatch(
          /^(?:ATTR_VALUE_TOO_LONG|FORMAT_FINAL_GROUP_TOO_LONG)$/,
        );
        const specials = /["<>\\]/;
        expect(r.value.attributes.some((a) => specials.test(a.raw)) || line.length > 400).toBe(
          true,
        );
        return;
      }
      const again: Record<string, unknown> = {};
      for (const l of lines) {
        const p = parseXclient(l);
        if (!p.ok) throw p.error;
        for (const a of p.value.attributes) again[a.name] = a.value;
      }
      expect(again).toEqual(attrs);
    },
  );

  fcTest.prop([validIpv6()])(
    'IPv6 is normalized to RFC 5952 text (checked against WHATWG URL)',
    (a) => {
      for (const name of ['ADDR', 'DESTADDR'] as const) {
        const r = validateAttribute(name, a);
        expect(r.ok && r.value).toBe(rfc5952(a.slice(5)));
      }
    },
  );

  const replyArb: fc.Arbitrary<Reply> = fc
    .record({
      code: fc
        .tuple(
          fc.integer({ min: 2, max: 5 }),
          fc.integer({ min: 0, max: 5 }),
          fc.integer({ min: 0, max: 9 }),
        )
        .map(([a, b, c]) => a * 100 + b * 10 + c),
      enhanced: fc.option(
        fc.tuple(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 999 })),
        { nil: undefined },
      ),
      lines: fc.array(
        fc.string({ unit: codePoint, maxLength: 20 }).map((t) => t.replace(/[\r\n\0]/g, '.')),
        { minLength: 1, maxLength: 4 },
      ),
    })
    .map(({ code, enhanced, lines }) => {
      const cls = Math.floor(code / 100);
      const text = lines.length === 1 ? (lines[0] as string) : lines;
      return enhanced === undefined || cls === 3
        ? { code, text }
        : { code, enhanced: `${cls}.${enhanced[0]}.${enhanced[1]}`, text };
    })
    // without an enhanced code, a first line shaped like one would read back as one (RFC 2034)
    .filter(
      (r) =>
        r.enhanced !== undefined ||
        !new RegExp(`^${Math.floor(r.code / 100)}\\.\\d{1,3}\\.\\d{1,3}(?: |$)`).test(
          typeof r.text === 'string' ? r.text : (r.text[0] as string),
        ),
    );

  fcTest.prop([replyArb])('parseReply(formatReply(reply)) is the reply', (reply) => {
    const wire = formatReply(reply);
    expect(wire.endsWith('\r\n')).toBe(true);
    for (const l of wire.slice(0, -2).split('\r\n')) {
      expect(l).toMatch(/^[2-5][0-5][0-9](?:[ -][^\r\n\0]*)?$/);
    }
    expect(parseReply(wire)).toEqual({ ok: true, value: reply });
  });

  fcTest.prop([
    fc.uniqueArray(fc.mixedCase(fc.constantFrom(...NAMES)), {
      selector: (n) => n.toUpperCase(),
      maxLength: 9,
    }),
    fc.uniqueArray(
      fc
        .string({
          unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
          minLength: 1,
          maxLength: 8,
        })
        .filter((w) => !NAMES.includes(w.toUpperCase() as XclientAttributeName)),
      { selector: (w) => w.toUpperCase(), maxLength: 3 },
    ),
  ])('parseXclientKeyword(formatXclientKeyword(names)) gives the names back', (known, others) => {
    const line = formatXclientKeyword([...others, ...known]);
    expect(line).toMatch(/^XCLIENT(?: [!-~]+)*$/);
    const upperKnown = NAMES.filter((n) => known.some((k) => k.toUpperCase() === n));
    const r = parseXclientKeyword(`250-mx.example\r\n250-${line}\r\n250 8BITMIME`);
    expect(r).toEqual({
      ok: true,
      value: {
        names: [...upperKnown, ...others.map((o) => o.toUpperCase())],
        attributes: upperKnown,
      },
    });
  });
});

// ---------------------------------------------------------------------------------------
// Case-insensitivity

describe('keywords are case-insensitive', () => {
  fcTest.prop([validXclientCommand(), fc.mixedCase(fc.constant('XCLIENT'))])(
    'the verb and the attribute names, in every profile',
    ({ attributes }, verb) => {
      // Postfix's tokenizer gives `\`, `"` and `<` a meaning that can swallow the next name
      fc.pre(attributes.every((a) => !/["<\\]/.test(a.raw)));
      const upper = `XCLIENT${attributes.map((a) => ` ${a.name}=${a.raw}`).join('')}`;
      const mixed = `${verb}${attributes.map((a) => ` ${a.rawName}=${a.raw}`).join('')}`;
      for (const profile of PROFILES) {
        const a = parseXclient(upper, { profile });
        const b = parseXclient(mixed, { profile });
        expect(b.ok).toBe(a.ok);
        if (a.ok && b.ok) {
          expect(b.value.attributes.map((x) => [x.name, x.value])).toEqual(
            a.value.attributes.map((x) => [x.name, x.value]),
          );
        }
      }
    },
  );

  fcTest.prop([
    fc
      .constantFrom(...NAMES)
      .chain((n) => fc.tuple(fc.constant(n), fc.mixedCase(fc.constant(n)), validAttributeValue(n))),
    profileArb,
  ])('validateAttribute names', ([name, mixed, value], profile) => {
    expect(validateAttribute(mixed, value, { profile })).toEqual(
      validateAttribute(name, value, { profile }),
    );
  });

  fcTest.prop([specialValue('unavailable'), specialValue('tempunavail'), profileArb])(
    'special values, in every profile',
    (u, t, profile) => {
      expect(validateAttribute('NAME', u, { profile })).toMatchObject({
        ok: true,
        value: UNAVAILABLE,
      });
      expect(validateAttribute('REVERSE_NAME', t, { profile })).toMatchObject({
        ok: true,
        value: TEMPUNAVAIL,
      });
      const r = parseXclient(`XCLIENT ADDR=${u} NAME=${t}`, { profile });
      expect(r.ok && r.value.ADDR).toBe(UNAVAILABLE);
      expect(r.ok && r.value.NAME).toBe(TEMPUNAVAIL);
    },
  );

  fcTest.prop([
    fc.mixedCase(fc.constantFrom('SMTP', 'ESMTP')),
    fc.mixedCase(fc.constant('xclient name addr proto')),
    profileArb,
  ])('PROTO values and the EHLO keyword', (proto, keyword, profile) => {
    expect(validateAttribute('PROTO', proto, { profile })).toMatchObject({
      ok: true,
      value: proto.toUpperCase(),
    });
    expect(parseXclientKeyword(keyword)).toEqual({
      ok: true,
      value: { names: ['NAME', 'ADDR', 'PROTO'], attributes: ['NAME', 'ADDR', 'PROTO'] },
    });
  });
});

// ---------------------------------------------------------------------------------------
// Alphabets and cross-profile consistency

describe('output alphabets', () => {
  fcTest.prop([fc.oneof(fc.string({ unit: codePoint }), fc.uint8Array())])(
    'encodeXtext writes strict xtext only',
    (value) => {
      expect(encodeXtext(value)).toMatch(XTEXT);
    },
  );

  fcTest.prop([xclientAttributes(), fc.option(fc.subarray([...NAMES]), { nil: undefined })])(
    'formatXclient writes grammar lines of at most 510 octets',
    (attrs, announced) => {
      const plan = planXclient(
        attrs,
        announced === undefined ? {} : { announced, unannounced: 'omit' },
      );
      for (const l of plan.lines) {
        expect(l).toMatch(LINE);
        expect(l.length).toBeLessThanOrEqual(510);
      }
      expect([...plan.omitted].sort()).toEqual(
        announced === undefined
          ? []
          : Object.keys(attrs)
              .filter((k) => !announced.includes(k as XclientAttributeName))
              .sort(),
      );
    },
  );
});

describe('profiles agree where they should', () => {
  fcTest.prop([fc.oneof(validXclientLine({ tokenSpecials: true }), anyLine)])(
    "what 'strict' accepts, 'lenient' accepts with the same attributes",
    (line) => {
      const strict = parseXclient(line);
      if (!strict.ok) return;
      const lenient = parseXclient(line, { profile: 'lenient' });
      expect(lenient.ok).toBe(true);
      if (lenient.ok) {
        expect(lenient.value.attributes).toEqual(strict.value.attributes);
      }
    },
  );

  fcTest.prop([fc.oneof(xtextValue(), utf16)])(
    "xtext that 'strict' decodes, 'postfix' and 'lenient' decode alike",
    (x) => {
      const strict = decodeXtextBytes(x);
      if (!strict.ok) return;
      for (const profile of ['postfix', 'lenient'] as const) {
        const r = decodeXtextBytes(x, { profile });
        expect(r.ok && r.fallback).toBe(false);
        expect(r.ok && [...r.value]).toEqual([...strict.value]);
      }
    },
  );

  fcTest.prop([
    fc.constantFrom(...NAMES).chain((n) => fc.tuple(fc.constant(n), validAttributeValue(n))),
  ])("values 'strict' accepts, 'lenient' accepts alike", ([name, value]) => {
    const strict = validateAttribute(name, value);
    const lenient = validateAttribute(name, value, { profile: 'lenient' });
    expect(strict.ok).toBe(true);
    expect(lenient.ok && strict.ok && lenient.value).toEqual(strict.ok && strict.value);
  });
});

describe('the fast path for ordinary lines reads them as the general reader does', () => {
  // parseXclient reads an ASCII line of plain NAME=xtext tokens, string or octets, by its
  // fast path (src/grammar/ordinary.ts); parseGeneral is the general reader alone. They must
  // give the same result for every line, in every profile, in both input forms.
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const sameResult = (line: string | Uint8Array, profile: Profile): void => {
    if (typeof line !== 'string') return;
    const octets = encoder.encode(line);
    if (decoder.decode(octets) !== line) return; // a lone surrogate: no octets are the same line
    const general = parseGeneral(octets, profile);
    const fromString = parseXclient(line, { profile });
    const fromOctets = parseXclient(octets, { profile });
    const facts = (r: typeof fromString) =>
      r.ok
        ? { ok: true, value: r.value, keys: Object.keys(r.value), warnings: r.warnings }
        : {
            ok: false,
            error: { ...r.error, message: r.error.message },
            partial: r.partial,
            warnings: r.warnings,
          };
    expect(facts(fromString)).toEqual(facts(general));
    expect(facts(fromOctets)).toEqual(facts(general));
  };

  /** Values near the edges of the fast path: the octets its two readers group on, escapes of
   * controls, DEL, SP and UTF-8 (valid and not), special values, hosts, addresses, ports. */
  const piece = fc.constantFrom(
    'a',
    'mail.example',
    '192.0.2.1',
    '0.1.2.3',
    '01.2.3.4',
    'IPV6:2001:db8::1',
    'ipv6:::1',
    '[UNAVAILABLE]',
    '[tempunavail]',
    '25',
    '025',
    '99999',
    'esmtp',
    'LMTP',
    '"',
    '<',
    '>',
    '\\',
    ':',
    'to:',
    '+41',
    '+20',
    '+2B',
    '+3D',
    '+00',
    '+0D',
    '+0A',
    '+09',
    '+7F',
    '+7f',
    '+C3+A9',
    '+C3',
    '+E2+82+AC',
    '+ED+A0+80',
    '+FF',
    '+',
    '+4',
    'x'.repeat(120),
  );
  const value = fc.array(piece, { minLength: 1, maxLength: 4 }).map((p) => p.join(''));
  const name = fc.constantFrom(...NAMES, 'name', 'Addr', 'reverse_name', 'FOO', 'TTL', 'LOGıN');
  const ordinaryish = fc
    .tuple(
      fc.constantFrom('XCLIENT', 'xclient', 'XClient', 'XCLIENTS', 'EHLO'),
      fc.array(fc.tuple(name, value), { minLength: 0, maxLength: 10 }),
      fc.constantFrom('', '\r\n', '\n', '\r', ' ', '\r\r\n'),
    )
    .map(([verb, pairs, end]) => `${verb}${pairs.map(([n, v]) => ` ${n}=${v}`).join('')}${end}`);
  /** Lines around 510–512 octets, with and without CRLF. */
  const nearLimit = fc
    .tuple(fc.integer({ min: 495, max: 515 }), fc.boolean())
    .map(([length, crlf]) => {
      const head = 'XCLIENT LOGIN=';
      return (
        `${head}${'y'.repeat(Math.max(1, Math.min(255, length - head.length)))}`
          .padEnd(length, 'z')
          .replace(/z+$/, (z) => ` HELO=${'h'.repeat(Math.max(1, z.length - 6))}`) +
        (crlf ? '\r\n' : '')
      );
    });

  fcTest.prop(
    [
      fc.oneof(
        ordinaryish,
        nearLimit,
        validXclientLine(),
        validXclientLine({ tokenSpecials: true }),
        anyLine,
      ),
      profileArb,
    ],
    { numRuns: 400 },
  )("string and octets give the general reader's result", (line, profile) => {
    sameResult(line, profile);
  });

  it.each([
    'XCLIENT NAME=spike.porcupine.org ADDR=168.100.189.2',
    'xclient name=[unavailable] addr=[TEMPUNAVAIL] port=[UNAVAILABLE]\r\n',
    'XCLIENT LOGIN=j+C3+BCrgen+2Btag+3Dx+40ex+C3+A4mple.com HELO=a+20b',
    'XCLIENT NAME=a ADDR=0.0.0.0 PORT=0 DESTPORT=65535',
    'XCLIENT LOGIN="x NAME=y"',
    'XCLIENT LOGIN=<x NAME=y>',
    'XCLIENT LOGIN=a\\ NAME=y',
    'XCLIENT NAME=a NAME=b',
    'XCLIENT HELO=+ED+A0+80',
    'XCLIENT HELO=+C0+80',
    'XCLIENT ADDR=01.2.3.4',
    'XCLIENT ADDR=IPV6:::FFFF:1.2.3.4',
    `XCLIENT LOGIN=${'a'.repeat(255)} HELO=${'b'.repeat(238)}`,
    `XCLIENT LOGIN=${'a'.repeat(255)} HELO=${'b'.repeat(239)}`,
    `XCLIENT LOGIN=${'a'.repeat(255)} HELO=${'b'.repeat(239)}\r\n`,
    `XCLIENT LOGIN=${'a'.repeat(256)}`,
  ])('%j', (line) => {
    for (const profile of PROFILES) sameResult(line, profile);
  });
});

describe('security regressions', () => {
  it.each(PROFILES)('ADDR=1.2.3.4+0D+0ARCPT is refused (%s)', (profile) => {
    expect(parseXclient('XCLIENT ADDR=1.2.3.4+0D+0ARCPT', { profile }).ok).toBe(false);
  });

  it('formatReply refuses CR LF in the text', () => {
    expect(() => formatReply({ code: 250, text: 'ok\r\nMAIL FROM:<x>' })).toThrow(
      expect.objectContaining({ code: 'REPLY_BAD_TEXT' }),
    );
  });
});

// Regression: names, PROTO and the special values once went through String#toUpperCase,
// which folds some non-ASCII letters onto ASCII ones (U+0131 "ı" → "I", U+017F "ſ" → "S").
// Postfix compares with strcasecmp() in the C locale (ASCII only): "Bad XCLIENT attribute
// name: logın", "Bad PROTO syntax: ſmtp", "Bad NAME syntax: [unavaılable]".
describe('keywords compare in ASCII only', () => {
  it.each(PROFILES)('attribute names (%s)', (profile) => {
    const r = parseXclient('XCLIENT log\u0131n=bob', { profile });
    expect(r.ok || r.error.code).toBe('ATTR_UNKNOWN');
  });

  it.each(PROFILES)('PROTO (%s)', (profile) => {
    const r = parseXclient('XCLIENT PROTO=+C5+BFmtp', { profile }); // "ſmtp"
    expect(r.ok || r.error.code).toBe('ATTR_BAD_VALUE');
  });

  it.each(PROFILES)('special values (%s)', (profile) => {
    const r = parseXclient('XCLIENT NAME=+5Bunava+C4+B1lable+5D', { profile }); // "[unavaılable]"
    expect(r.ok || r.error.code).toBe('ATTR_BAD_VALUE');
  });

  it('the EHLO keyword', () => {
    expect(parseXclientKeyword('xcl\u0131ent NAME').ok).toBe(false);
  });

  fcTest.prop([
    fc.constantFrom(...NAMES),
    fc.nat(),
    fc.constantFrom('\u0131', '\u017f', '\u0130', '\u212a', 'é'),
    profileArb,
  ])('a name with a non-ASCII letter is unknown', (name, at, letter, profile) => {
    const k = at % name.length;
    const odd = name.slice(0, k) + letter + name.slice(k + 1);
    const r = parseXclient(`XCLIENT ${odd}=x`, { profile });
    expect(r.ok || r.error.code).toBe('ATTR_UNKNOWN');
  });
});

// Regression (found by the properties below): when the decoded value is not UTF-8 ('strict'
// and 'lenient'), the XTEXT_INVALID_UTF8 reply echoed CR and LF from the value: a reply line
// that would inject "250 OK" into the SMTP stream. Controls are now shown as "?".
describe('XTEXT_INVALID_UTF8 replies mask controls', () => {
  it.each(['strict', 'lenient'] as const)('%s', (profile) => {
    const r = parseXclient('XCLIENT HELO=+E9+0D+0A250+20OK', { profile });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('XTEXT_INVALID_UTF8');
      expect(r.error.reply.text).toBe('Bad HELO syntax: ???250 OK');
    }
  });

  it('the postfix profile echoes a CR grouped into a name, as Postfix 3.7.11 does', () => {
    const r = parseXclient('XCLIENT <\r=XCLIENT', { profile: 'postfix' });
    expect(!r.ok && r.error.reply.text).toBe('Bad XCLIENT attribute name: <\r');
  });

  it('the postfix profile masks them, as Postfix does', () => {
    const r = parseXclient('XCLIENT NAME=+C3+0Dx', { profile: 'postfix' });
    expect(!r.ok && r.error.reply.text).toBe('Bad NAME syntax: ??x');
  });
});
