// The arbitraries of smtp-xclient/arbitraries, checked against the library and against
// independent oracles (regular expressions written from the grammar, Node's URL parser).

import {
  ATTRIBUTE_NAMES,
  ATTRIBUTES,
  decodeXtext,
  decodeXtextBytes,
  formatXclient,
  parseXclient,
  TEMPUNAVAIL,
  UNAVAILABLE,
  validateAttribute,
  type XclientAttributeName,
} from 'smtp-xclient';
import {
  INVALID_REASONS,
  type InvalidReason,
  type InvalidXclientLine,
  invalidAddress,
  invalidAttributeValue,
  invalidHostname,
  invalidPort,
  invalidProto,
  invalidXclientLine,
  postfixProbeLine,
  specialValue,
  validAddress,
  validAttributeValue,
  validHelo,
  validHostname,
  validIpv4,
  validIpv6,
  validLogin,
  validPort,
  validProto,
  validXclientCommand,
  validXclientLine,
  xclientAttributes,
  xtextValue,
} from 'smtp-xclient/arbitraries';
import { describe, expect, it } from 'vitest';
import { fc, test as fcTest } from './helpers/fc.js';

const NAMES = ATTRIBUTE_NAMES as readonly XclientAttributeName[];
const REASONS = Object.keys(INVALID_REASONS) as InvalidReason[];
const octets = (s: string): number => new TextEncoder().encode(s).length;

/** Postfix valid_hostname(), written as a regular expression plus the two global rules. */
const LABEL = /^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/;
const isHostname = (h: string): boolean =>
  h.length <= 255 && h.split('.').every((l) => LABEL.test(l)) && /[^0-9.]/.test(h);
/** Whether a string holds a C0 control or DEL. */
const hasControl = (s: string): boolean =>
  [...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
/** Strict xtext (RFC 3461 §4). */
const XTEXT = /^(?:[!-*,-<>-~]|\+[0-9A-F]{2})*$/;
/** A dotted quad without leading zeros. */
const IPV4 =
  /^(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(?:\.(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}$/;
/** WHATWG URL parsing is an independent IPv6 parser. */
const ipv6Ok = (a: string): boolean => {
  try {
    new URL(`http://[${a}]/`);
    return !a.includes('%') && !a.includes('[');
  } catch {
    return false;
  }
};

/** 0.0.0.0/8 but 0.0.0.0, which no host has (RFC 1122 §3.2.1.3): 'strict' refuses it. */
const thisNetwork = (a: string): boolean => a.startsWith('0.') && a !== '0.0.0.0';
/** The same, IPv4-mapped (URL writes the mapped part in hex: ::ffff:1:203 is 0.1.2.3). */
const mappedThisNetwork = (a: string): boolean => {
  const m = /^\[::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})\]$/.exec(new URL(`http://[${a}]/`).hostname);
  return m !== null && Number.parseInt(m[1] as string, 16) < 0x100 && `${m[1]}:${m[2]}` !== '0:0';
};
/** An independent oracle for the strict ADDR rules. */
const strictAddressOk = (a: string): boolean =>
  (IPV4.test(a) && !thisNetwork(a)) ||
  (/^ipv6:/i.test(a) && ipv6Ok(a.slice(5)) && !mappedThisNetwork(a.slice(5)));

describe('per-attribute value arbitraries', () => {
  fcTest.prop([validHostname()])('validHostname: Postfix host names', (h) => {
    expect(isHostname(h)).toBe(true);
    expect(validateAttribute('NAME', h)).toMatchObject({ ok: true, value: h });
  });

  fcTest.prop([invalidHostname()])('invalidHostname: refused, and short enough for a line', (h) => {
    expect(isHostname(h)).toBe(false);
    expect(h.length).toBeLessThanOrEqual(200);
    const r = validateAttribute('REVERSE_NAME', h);
    expect(r.ok || r.error.code).toBe('ATTR_BAD_VALUE');
  });

  fcTest.prop([validIpv4()])('validIpv4: dotted quads without leading zeros', (a) => {
    expect(a).toMatch(IPV4);
    expect(thisNetwork(a)).toBe(false);
    expect(validateAttribute('ADDR', a)).toMatchObject({ ok: true, value: a });
  });

  fcTest.prop([validIpv6()])('validIpv6: RFC 4291 text after IPV6: in any case', (a) => {
    expect(a.slice(0, 5).toUpperCase()).toBe('IPV6:');
    expect(ipv6Ok(a.slice(5))).toBe(true);
    expect(mappedThisNetwork(a.slice(5))).toBe(false);
    const r = validateAttribute('DESTADDR', a);
    expect(r.ok).toBe(true);
    // the same address as the URL parser reads
    if (r.ok) {
      expect(new URL(`http://[${r.value as string}]/`).hostname).toBe(
        new URL(`http://[${a.slice(5)}]/`).hostname,
      );
    }
  });

  it('validIpv6 writes the prefix and the hex digits in mixed case', () => {
    const prefixes = new Set(
      fc.sample(validIpv6(), { numRuns: 300, seed: 1 }).map((a) => a.slice(0, 5)),
    );
    expect(prefixes.size).toBeGreaterThan(4);
    const digits = fc.sample(validIpv6(), { numRuns: 300, seed: 2 }).join('');
    expect(digits).toMatch(/[a-f]/);
    expect(digits).toMatch(/[A-F]/);
  });

  fcTest.prop([validAddress()])(
    'validAddress: accepted by both profiles that read addresses',
    (a) => {
      expect(validateAttribute('ADDR', a).ok).toBe(true);
      expect(validateAttribute('ADDR', a, { profile: 'lenient' }).ok).toBe(true);
    },
  );

  fcTest.prop([invalidAddress()])('invalidAddress: refused with ATTR_BAD_VALUE', (a) => {
    const r = validateAttribute('ADDR', a);
    expect(r.ok || r.error.code).toBe('ATTR_BAD_VALUE');
    expect(strictAddressOk(a)).toBe(false);
  });

  fcTest.prop([validPort()])('validPort: 0-65535 without leading zeros', (p) => {
    expect(p).toMatch(/^(?:0|[1-9][0-9]{0,4})$/);
    expect(Number(p)).toBeLessThanOrEqual(65535);
    expect(validateAttribute('PORT', p)).toMatchObject({ ok: true, value: Number(p) });
  });

  fcTest.prop([invalidPort()])('invalidPort: refused with ATTR_BAD_VALUE', (p) => {
    const r = validateAttribute('DESTPORT', p);
    expect(r.ok || r.error.code).toBe('ATTR_BAD_VALUE');
  });

  fcTest.prop([validProto()])('validProto: SMTP and ESMTP in any case', (p) => {
    expect(p.toUpperCase()).toMatch(/^E?SMTP$/);
    expect(validateAttribute('PROTO', p)).toMatchObject({ ok: true, value: p.toUpperCase() });
  });

  fcTest.prop([invalidProto()])('invalidProto: refused with ATTR_BAD_VALUE', (p) => {
    expect(p.toUpperCase()).not.toMatch(/^E?SMTP$/);
    const r = validateAttribute('PROTO', p);
    expect(r.ok || r.error.code).toBe('ATTR_BAD_VALUE');
  });

  fcTest.prop([specialValue('unavailable'), specialValue('tempunavail'), specialValue()])(
    'specialValue: the two markers in mixed case',
    (u, t, any) => {
      expect(u.toUpperCase()).toBe('[UNAVAILABLE]');
      expect(t.toUpperCase()).toBe('[TEMPUNAVAIL]');
      expect(['[UNAVAILABLE]', '[TEMPUNAVAIL]']).toContain(any.toUpperCase());
      expect(validateAttribute('NAME', u)).toMatchObject({ ok: true, value: UNAVAILABLE });
      expect(validateAttribute('NAME', t)).toMatchObject({ ok: true, value: TEMPUNAVAIL });
    },
  );

  it('specialValue really mixes the case', () => {
    const seen = new Set(fc.sample(specialValue(), { numRuns: 200, seed: 3 }));
    expect(seen.size).toBeGreaterThan(20);
  });

  fcTest.prop([validHelo(), validLogin()])(
    'validHelo and validLogin: text, UTF-8 included',
    (h, l) => {
      for (const t of [h, l]) {
        expect(t.length).toBeGreaterThan(0);
        expect(hasControl(t)).toBe(false);
      }
      expect(octets(h)).toBeLessThanOrEqual(255);
      expect(validateAttribute('HELO', h)).toMatchObject({ ok: true, value: h });
      expect(validateAttribute('LOGIN', l)).toMatchObject({ ok: true, value: l });
    },
  );

  it('validHelo produces non-ASCII text, spaces and long values', () => {
    const sample = fc.sample(validHelo(), { numRuns: 500, seed: 4 });
    expect(sample.some((t) => /[^\0-\x7f]/.test(t))).toBe(true);
    expect(sample.some((t) => t.includes(' '))).toBe(true);
    expect(sample.some((t) => octets(t) > 200)).toBe(true);
  });

  it.each([
    ['validHelo', validHelo],
    ['validLogin', validLogin],
  ])('%s: a long text shrinks to one character, not to 200', (_, arbitrary) => {
    // the first seed whose first text is long (over the short texts' 40 characters), under a
    // property that fails on every text
    const seed = [...Array(200).keys()].find(
      (s) => (fc.sample(arbitrary(), { numRuns: 1, seed: s })[0] ?? '').length > 40,
    );
    expect(seed).toBeDefined();
    const out = fc.check(
      fc.property(arbitrary(), () => false),
      { seed: seed as number },
    );
    expect(out.counterexample?.[0]).toBe('a');
  });

  for (const name of ATTRIBUTE_NAMES) {
    fcTest.prop([validAttributeValue(name)])(`validAttributeValue('${name}') is accepted`, (v) => {
      const r = validateAttribute(name, v);
      expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    });

    fcTest.prop([invalidAttributeValue(name)])(
      `invalidAttributeValue('${name}') is refused with its code`,
      ({ value, code }) => {
        const r = validateAttribute(name, value);
        expect(r.ok ? 'accepted' : r.error.code).toBe(code);
        if (!r.ok) expect(r.error.attribute).toBe(name);
      },
    );
  }

  // The generators read each attribute's row: the special values it takes and its limit.
  it.each(NAMES)(
    '%s: the special values drawn are those its row allows, the others refused',
    (name) => {
      const { specials, maxLength } = ATTRIBUTES[name];
      const SPECIAL = /^\[(?:UNAVAILABLE|TEMPUNAVAIL)\]$/i;
      const kinds = (values: readonly string[]): string[] =>
        [
          ...new Set(
            values.filter((v) => SPECIAL.test(v)).map((v) => v.slice(1, -1).toLowerCase()),
          ),
        ].sort();
      const valid = fc.sample(validAttributeValue(name), { numRuns: 400, seed: 6 });
      expect(kinds(valid)).toEqual([...specials].sort());
      const invalid = fc.sample(invalidAttributeValue(name), { numRuns: 600, seed: 7 });
      const refused = invalid
        .filter((v) => v.code === 'ATTR_SPECIAL_NOT_ALLOWED')
        .map((v) => v.value);
      const all = ['tempunavail', 'unavailable'];
      expect(kinds(refused)).toEqual(
        all.filter((k) => !(specials as readonly string[]).includes(k)),
      );
      expect(invalid.some((v) => v.code === 'ATTR_TOO_LONG')).toBe(maxLength > 0);
    },
  );

  it('invalidAttributeValue covers every code an attribute can give', () => {
    const codes = (name: XclientAttributeName): Set<string> =>
      new Set(fc.sample(invalidAttributeValue(name), { numRuns: 400, seed: 5 }).map((v) => v.code));
    expect([...codes('NAME')].sort()).toEqual(
      ['ATTR_BAD_VALUE', 'ATTR_CONTROL_CHAR', 'ATTR_EMPTY', 'ATTR_TOO_LONG'].sort(),
    );
    expect(codes('HELO')).toContain('ATTR_TOO_LONG');
    expect(codes('HELO')).toContain('ATTR_SPECIAL_NOT_ALLOWED');
    expect(codes('PROTO')).toContain('ATTR_SPECIAL_NOT_ALLOWED');
    expect(codes('PORT').size).toBe(4);
  });
});

describe('xtextValue', () => {
  fcTest.prop([xtextValue()])('is strict xtext that every profile decodes', (x) => {
    expect(x).toMatch(XTEXT);
    expect(x.length).toBeLessThanOrEqual(255);
    const strict = decodeXtextBytes(x);
    expect(strict.ok).toBe(true);
    for (const profile of ['postfix', 'lenient'] as const) {
      const r = decodeXtextBytes(x, { profile });
      expect(r.ok && strict.ok && [...r.value]).toEqual(strict.ok && [...strict.value]);
    }
  });

  fcTest.prop([xtextValue({ maxLength: 10 })])('honours maxLength', (x) => {
    expect(x.length).toBeLessThanOrEqual(10);
  });

  it('escapes xchars now and then, and covers octets that are not UTF-8', () => {
    const sample = fc.sample(xtextValue(), { numRuns: 500, seed: 6 });
    expect(sample.some((x) => /\+(?:4[1-9A-F]|5[0-9A])/.test(x))).toBe(true); // +41 … +5A
    expect(sample.some((x) => !decodeXtext(x).ok)).toBe(true);
  });
});

describe('validXclientLine and validXclientCommand', () => {
  fcTest.prop([validXclientCommand()])(
    "are accepted by the 'strict' profile, attribute for attribute",
    ({ line, attributes }) => {
      expect(octets(line)).toBeLessThanOrEqual(510);
      expect(line).toMatch(/^xclient(?: [A-Za-z_]+=(?:[!-*,-<>-~]|\+[0-9A-F]{2})+)+$/i);
      const r = parseXclient(line);
      expect(r.ok, r.ok ? '' : `${r.error.code} ${r.error.message}`).toBe(true);
      if (!r.ok) return;
      expect(r.warnings).toEqual([]);
      expect(
        r.value.attributes.map((a) => ({
          name: a.name,
          rawName: a.rawName,
          raw: a.raw,
          decoded: a.decoded,
        })),
      ).toEqual(
        attributes.map(({ name, rawName, raw, decoded }) => ({ name, rawName, raw, decoded })),
      );
      for (const a of attributes) expect(a.raw.length).toBeLessThanOrEqual(255);
    },
  );

  it('generates every attribute, mixed case, extra escapes, specials and long lines', () => {
    const sample = fc.sample(validXclientCommand(), { numRuns: 1000, seed: 7 });
    const all = sample.flatMap((c) => c.attributes);
    expect(new Set(all.map((a) => a.name)).size).toBe(NAMES.length);
    expect(all.some((a) => a.rawName !== a.name)).toBe(true);
    expect(sample.some((c) => !c.line.startsWith('XCLIENT'))).toBe(true);
    expect(all.some((a) => /\+(?:4[1-9A-F]|5[0-9A])/.test(a.raw))).toBe(true);
    expect(all.some((a) => /^\[unavailable\]$/i.test(a.decoded))).toBe(true);
    expect(all.some((a) => /^\[tempunavail\]$/i.test(a.decoded))).toBe(true);
    expect(all.some((a) => a.raw.length > 240)).toBe(true);
    expect(sample.some((c) => octets(c.line) > 450)).toBe(true);
    expect(sample.some((c) => c.attributes.length === NAMES.length)).toBe(true);
  });

  fcTest.prop([validXclientCommand({ tokenSpecials: true })])(
    'with tokenSpecials, raw " < > \\ too, still accepted',
    ({ line, attributes }) => {
      const r = parseXclient(line);
      expect(r.ok && r.value.attributes.map((a) => a.decoded)).toEqual(
        attributes.map((a) => a.decoded),
      );
    },
  );

  it('escapes " < > \\ by default, writes them raw only with tokenSpecials', () => {
    const raw = (o?: { tokenSpecials: boolean }): boolean =>
      fc
        .sample(validXclientCommand(o), { numRuns: 500, seed: 13 })
        .some((c) => c.attributes.some((a) => /["<>\\]/.test(a.raw)));
    expect(raw()).toBe(false);
    expect(raw({ tokenSpecials: true })).toBe(true);
    const escaped = fc
      .sample(validXclientCommand(), { numRuns: 500, seed: 13 })
      .some((c) => c.attributes.some((a) => /\+(?:22|3C|3E|5C)/.test(a.raw)));
    expect(escaped).toBe(true);
  });

  fcTest.prop([validXclientLine()])('validXclientLine is the line of a command', (line) => {
    expect(parseXclient(line).ok).toBe(true);
    expect(parseXclient(line, { profile: 'lenient' }).ok).toBe(true);
  });
});

describe('invalidXclientLine', () => {
  fcTest.prop([invalidXclientLine()], { numRuns: 500 })(
    "is refused by the 'strict' profile with the labelled code",
    (c) => {
      expect(c.expectedCode).toBe(INVALID_REASONS[c.reason]);
      for (const input of [c.line, c.octets]) {
        const r = parseXclient(input);
        expect(r.ok ? 'accepted' : `${r.error.code}: ${r.error.message}`).toMatch(
          new RegExp(`^${c.expectedCode}:`),
        );
        if (!r.ok && c.attribute !== undefined) expect(r.error.attribute).toBe(c.attribute);
      }
      if (c.reason !== 'line-too-long') expect(c.octets.length).toBeLessThanOrEqual(510);
      else expect(c.octets.length).toBeGreaterThan(510);
      if (c.reason !== 'bad-utf8') expect(new TextDecoder().decode(c.octets)).toBe(c.line);
    },
  );

  for (const reason of REASONS) {
    fcTest.prop([invalidXclientLine({ reasons: [reason] })], { numRuns: 40 })(
      `reason '${reason}' gives ${INVALID_REASONS[reason]}`,
      (c) => {
        expect(c.reason).toBe(reason);
        const r = parseXclient(c.octets);
        expect(r.ok ? 'accepted' : r.error.code).toBe(INVALID_REASONS[reason]);
      },
    );
  }

  it('generates every reason', () => {
    const seen = new Set(
      fc.sample(invalidXclientLine(), { numRuns: 2000, seed: 8 }).map((c) => c.reason),
    );
    expect([...seen].sort()).toEqual([...REASONS].sort());
  });

  it('refuses an empty or unknown reason list', () => {
    expect(() => invalidXclientLine({ reasons: [] })).toThrow(RangeError);
    expect(() => invalidXclientLine({ reasons: ['nope' as InvalidReason] })).toThrow(/nope/);
  });

  it('shrinks to small counterexamples', () => {
    // a property that fails on every bad port: the shrunk line is short
    const out = fc.check(
      fc.property(invalidXclientLine({ reasons: ['bad-port'] }), () => false),
      { seed: 9 },
    );
    expect(out.failed).toBe(true);
    const c = out.counterexample?.[0] as InvalidXclientLine | undefined;
    expect(c?.line.length).toBeLessThanOrEqual('XCLIENT DESTPORT=00'.length);
  });

  it('shrinks valid lines to one short attribute', () => {
    for (const seed of [10, 11, 12]) {
      const out = fc.check(
        fc.property(validXclientLine(), (l) => !l.includes('=')),
        { seed },
      );
      const [line] = out.counterexample ?? [];
      expect(line?.split(' ')).toHaveLength(2);
      expect(line?.length).toBeLessThanOrEqual('XCLIENT REVERSE_NAME=[UNAVAILABLE]'.length);
    }
  });
});

describe('xclientAttributes', () => {
  fcTest.prop([xclientAttributes()])('are accepted by formatXclient', (attrs) => {
    expect(Object.keys(attrs).length).toBeGreaterThan(0);
    const lines = formatXclient(attrs);
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(octets(l)).toBeLessThanOrEqual(510);
  });

  it('includes sets that need more than one line, markers, bare and prefixed IPv6', () => {
    const sample = fc.sample(xclientAttributes(), { numRuns: 1000, seed: 11 });
    expect(sample.some((a) => formatXclient(a).length > 1)).toBe(true);
    expect(sample.some((a) => a.NAME === TEMPUNAVAIL)).toBe(true);
    expect(sample.some((a) => a.PORT === UNAVAILABLE)).toBe(true);
    const addrs = sample.flatMap((a) => (typeof a.ADDR === 'string' ? [a.ADDR] : []));
    expect(addrs.some((a) => a.includes(':') && !/^ipv6:/i.test(a))).toBe(true);
    expect(addrs.some((a) => /^ipv6:/i.test(a))).toBe(true);
    expect(sample.some((a) => typeof a.HELO === 'string' && /[^\0-\x7f]/.test(a.HELO))).toBe(true);
  });
});

describe('postfixProbeLine', () => {
  fcTest.prop([postfixProbeLine()])(
    'is one line: no LF, no raw NUL, never throws the parser',
    (o) => {
      expect(o).toBeInstanceOf(Uint8Array);
      expect(o.includes(0x0a)).toBe(false);
      expect(o.includes(0x00)).toBe(false);
      for (const profile of ['strict', 'postfix', 'lenient'] as const) {
        expect(() => parseXclient(o, { profile })).not.toThrow();
      }
    },
  );

  it('mixes what Postfix reads in its own way', () => {
    const lines = fc
      .sample(postfixProbeLine(), { numRuns: 2000, seed: 12 })
      .map((o) => Buffer.from(o).toString('latin1'));
    const has = (re: RegExp): boolean => lines.some((l) => re.test(l));
    expect(has(/"/)).toBe(true);
    expect(has(/\\/)).toBe(true);
    expect(has(/\+[0-9a-f]{2}/)).toBe(true); // lower-case hex
    expect(has(/[\x80-\xff]/)).toBe(true); // raw 8-bit
    expect(lines.some((l) => [9, 11, 12, 13].some((c) => l.includes(String.fromCharCode(c))))).toBe(
      true,
    );
    expect(has(/ {2}/)).toBe(true);
    expect(has(/=[^ ]{256}/)).toBe(true); // over 255
    expect(has(/=[^ ]{250,255}(?: |$)/)).toBe(true); // just under
    expect(has(/(?:^| )(?:FOO|IDENT|SOURCE|FORWARD_NAME)=/)).toBe(true);
    const r = lines.map((l) => parseXclient(Buffer.from(l, 'latin1'), { profile: 'postfix' }));
    expect(r.some((x) => x.ok)).toBe(true);
    expect(r.some((x) => !x.ok)).toBe(true);
  }, 30_000); // 2 000 samples: about 1 s alone, over vitest's 5 s default on a loaded machine
});

describe('limited to the attributes a server announces (issue 21, { attributes })', () => {
  const announced: readonly XclientAttributeName[] = ['NAME', 'ADDR', 'PROTO', 'HELO'];

  fcTest.prop([validXclientCommand({ attributes: announced })])(
    'validXclientCommand draws only announced names, and the line parses',
    ({ line, attributes }) => {
      expect(attributes.every((a) => announced.includes(a.name))).toBe(true);
      expect(parseXclient(line).ok).toBe(true);
    },
  );

  fcTest.prop([xclientAttributes({ attributes: announced })])(
    'xclientAttributes sets format with unannounced: throw',
    (attrs) => {
      expect(Object.keys(attrs).every((n) => announced.includes(n as XclientAttributeName))).toBe(
        true,
      );
      expect(formatXclient(attrs, { announced, unannounced: 'throw' }).length).toBeGreaterThan(0);
    },
  );

  it('every announced name shows up, and one name alone works', () => {
    const sample = fc.sample(validXclientLine({ attributes: announced }), {
      numRuns: 300,
      seed: 5,
    });
    for (const name of announced) {
      expect(sample.some((l) => new RegExp(` ${name}=`, 'i').test(l))).toBe(true);
    }
    const one = fc.sample(xclientAttributes({ attributes: ['LOGIN'] }), { numRuns: 20, seed: 5 });
    expect(one.every((a) => Object.keys(a).join() === 'LOGIN')).toBe(true);
  });

  it.each([[[]], [['FOO']], [['name']], ['NAME']])('attributes %j is OPTION_INVALID', (bad) => {
    const options = { attributes: bad } as unknown as { attributes: XclientAttributeName[] };
    expect(() => validXclientLine(options)).toThrow(
      expect.objectContaining({ code: 'OPTION_INVALID' }),
    );
    expect(() => xclientAttributes(options)).toThrow(
      expect.objectContaining({ code: 'OPTION_INVALID' }),
    );
  });
});
