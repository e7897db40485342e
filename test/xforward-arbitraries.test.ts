// The XFORWARD arbitraries of smtp-xclient/arbitraries, checked against the library: valid
// lines parse (in 'strict' and 'lenient') to what they say they hold, attribute sets format
// into lines that read back, and each labelled invalid line gets the error of its label.
import { formatXforward, parseXforward, UNAVAILABLE } from 'smtp-xclient';
import {
  type InvalidXforwardLine,
  invalidXforwardLine,
  validXforwardCommand,
  validXforwardLine,
  XFORWARD_INVALID_REASONS,
  type XforwardInvalidReason,
  xforwardAttributes,
} from 'smtp-xclient/arbitraries';
import { describe, expect, it } from 'vitest';
import { fc, test as fcTest } from './helpers/fc.js';

const octets = (s: string): number => new TextEncoder().encode(s).length;
const REASONS = Object.keys(XFORWARD_INVALID_REASONS) as XforwardInvalidReason[];

describe('validXforwardCommand', () => {
  fcTest.prop([validXforwardCommand()])(
    'parses to what it holds, in strict and lenient',
    ({ line, attributes }) => {
      expect(octets(line)).toBeLessThanOrEqual(510);
      for (const profile of ['strict', 'lenient'] as const) {
        const r = parseXforward(line, { profile });
        expect(r.ok, `${profile}: ${line} ${r.ok ? '' : r.error.message}`).toBe(true);
        if (!r.ok) return;
        expect(r.value.attributes.map((a) => [a.name, a.rawName, a.raw])).toEqual(
          attributes.map((a) => [a.name, a.rawName, a.raw]),
        );
        if (profile === 'strict')
          expect(r.value.attributes.map((a) => a.decoded)).toEqual(
            attributes.map((a) => a.decoded),
          );
      }
    },
  );

  it('draws every attribute, special values too', () => {
    const seen = new Set<string>();
    for (const c of fc.sample(validXforwardCommand(), { numRuns: 400, seed: 42 })) {
      for (const a of c.attributes)
        seen.add(a.decoded.toUpperCase() === '[UNAVAILABLE]' ? `${a.name}*` : a.name);
    }
    for (const n of ['NAME', 'ADDR', 'PROTO', 'HELO', 'SOURCE', 'PORT', 'IDENT']) {
      expect(seen.has(n), n).toBe(true);
    }
    expect([...seen].some((n) => n.endsWith('*'))).toBe(true);
    expect(
      fc.sample(validXforwardLine(), { numRuns: 5, seed: 1 }).every((l) => /^xforward /i.test(l)),
    ).toBe(true);
  });
});

describe('xforwardAttributes', () => {
  fcTest.prop([xforwardAttributes()])(
    'formats into lines that read back to the same values',
    (attributes) => {
      const back: Record<string, unknown> = {};
      for (const line of formatXforward(attributes)) {
        expect(octets(line) + 2).toBeLessThanOrEqual(512);
        const r = parseXforward(line);
        expect(r.ok, line).toBe(true);
        if (r.ok) for (const a of r.value.attributes) back[a.name] = a.value;
      }
      const expected = Object.fromEntries(
        Object.entries(attributes).map(([k, v]) => [
          k,
          k === 'ADDR' && typeof v === 'string' ? v.replace(/^ipv6:/i, '').toLowerCase() : v,
        ]),
      );
      for (const [k, v] of Object.entries(expected)) {
        if (k === 'ADDR' && v !== UNAVAILABLE) continue; // normalized: compared through the parser above
        expect(back[k], k).toEqual(v);
      }
    },
  );
});

describe('invalidXforwardLine', () => {
  fcTest.prop([invalidXforwardLine()])(
    'gets the error code of its label',
    (c: InvalidXforwardLine) => {
      expect(c.expectedCode).toBe(XFORWARD_INVALID_REASONS[c.reason]);
      expect(octets(c.line)).toBeLessThanOrEqual(510);
      const r = parseXforward(c.octets);
      expect(r.ok, `${c.reason}: ${c.line}`).toBe(false);
      if (r.ok) return;
      expect(r.error.code, `${c.reason}: ${c.line}: ${r.error.message}`).toBe(c.expectedCode);
      if (c.attribute !== undefined) expect(r.error.attribute).toBe(c.attribute);
    },
  );

  it.each(REASONS)('draws %s, alone when asked', (reason) => {
    for (const c of fc.sample(invalidXforwardLine({ reasons: [reason] }), {
      numRuns: 25,
      seed: 7,
    })) {
      expect(c.reason).toBe(reason);
      const r = parseXforward(c.line);
      expect(r.ok || r.error.code, c.line).toBe(XFORWARD_INVALID_REASONS[reason]);
    }
  });
});
