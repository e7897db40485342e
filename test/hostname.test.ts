import { describe, expect, it } from 'vitest';
import { checkHostname } from '../src/values/hostname.js';
import { loadCorpus, postfixXtext } from './helpers/corpus.js';
import { codePoint, fc, test as fcTest } from './helpers/fc.js';

// ---------------------------------------------------------------------------------------
// The live corpus: every NAME / REVERSE_NAME value that reached valid_hostname()

interface CorpusRecord {
  readonly id: string;
  readonly line: string;
  readonly context: string;
  readonly code: number | null;
  readonly text: string | null;
}

/** What smtpd does to a decoded value before the attribute check: end at NUL, then `?` for
 * every octet that is neither printable ASCII nor part of valid UTF-8 (printable()). The
 * line is a latin1 string of octets, as the probe stores it. */
function smtpdValue(raw: string): string {
  const decoded = postfixXtext(raw);
  const nul = decoded.indexOf('\0');
  const cut = nul >= 0 ? decoded.slice(0, nul) : decoded;
  const octets = Uint8Array.from(cut, (c) => c.charCodeAt(0));
  let out = '';
  for (let i = 0; i < octets.length; i++) {
    const b = octets[i] as number;
    if (b >= 0x20 && b < 0x7f) {
      out += String.fromCharCode(b);
      continue;
    }
    const n = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 ? 2 : 0;
    const seq = octets.subarray(i, i + n);
    let valid = n > 0 && seq.length === n;
    try {
      if (valid) new TextDecoder('utf-8', { fatal: true }).decode(seq);
    } catch {
      valid = false;
    }
    if (valid) {
      out += String.fromCharCode(...seq);
      i += n - 1;
    } else {
      out += '?';
    }
  }
  return out;
}

type Outcome = 'pass' | 'fail';

/**
 * Which attribute tokens of a corpus line were accepted or refused, as far as the reply
 * tells: after a 220 every attribute was accepted; after `501 Bad <ATTR> syntax: <echo>` the
 * first <ATTR> token whose smtpd value is <echo> was refused and every earlier token was
 * accepted (attributes are checked left to right, the first problem ends the command).
 * Other replies say nothing about the values (550 unauthorized, 503 in a transaction, 500
 * bad UTF-8, "attribute value too long", unknown names…): such lines are left out.
 */
function outcomes(r: CorpusRecord): { name: string; raw: string; outcome: Outcome }[] {
  const tokens = r.line
    .split(/[ \t\v\f\r]+/)
    .filter((t) => t !== '')
    .slice(1)
    .map((t) => {
      const eq = t.indexOf('=');
      return { name: t.slice(0, eq).toUpperCase(), raw: t.slice(eq + 1) };
    });
  if (r.code === 220 && !['noauth', 'mail'].includes(r.context)) {
    return tokens.map((t) => ({ ...t, outcome: 'pass' }));
  }
  const bad = r.code === 501 ? /^Bad (\S+) syntax: (.*)$/s.exec(r.text ?? '') : null;
  if (bad === null) return [];
  const failing = tokens.findIndex((t) => t.name === bad[1] && smtpdValue(t.raw) === bad[2]);
  if (failing < 0) throw new Error(`${r.id}: cannot find the refused token`);
  return tokens
    .slice(0, failing + 1)
    .map((t, i) => ({ ...t, outcome: i === failing ? 'fail' : 'pass' }));
}

const SPECIAL = ['[UNAVAILABLE]', '[TEMPUNAVAIL]'];

/** [id, value, accepted] for every NAME/REVERSE_NAME value that valid_hostname() judged.
 * Left out: the special values (compared case-insensitively before any syntax check). */
const CORPUS_NAMES: [string, string, boolean][] = loadCorpus<CorpusRecord>().flatMap((r) =>
  outcomes(r)
    .filter((t) => t.name === 'NAME' || t.name === 'REVERSE_NAME')
    .map((t): [string, string, boolean] => [r.id, smtpdValue(t.raw), t.outcome === 'pass'])
    .filter(([, value]) => !SPECIAL.includes(value.toUpperCase())),
);

describe('checkHostname against the live Postfix 3.7.11 corpus', () => {
  it('covers the corpus cases that reach valid_hostname()', () => {
    // c071–c116 and friends: enough accepted and refused names that a table change shows.
    expect(CORPUS_NAMES.filter(([, , ok]) => ok).length).toBeGreaterThan(40);
    expect(CORPUS_NAMES.filter(([, , ok]) => !ok).length).toBeGreaterThan(25);
  });

  it.each(CORPUS_NAMES)('%s %j → accepted: %s', (_id, value, accepted) => {
    expect(checkHostname(value).ok).toBe(accepted);
  });
});

// ---------------------------------------------------------------------------------------
// Our own edge cases, with the reason and the position

const label = (n: number, c = 'a'): string => c.repeat(n);
/** Four labels of 63 joined by dots: 255 characters. */
const NAME_255 = [label(63), label(63), label(63), label(63)].join('.');

describe('checkHostname', () => {
  it.each([
    ['a', 'single character'],
    ['localhost', 'single label'],
    ['EXAMPLE.COM', 'upper case'],
    [label(63), 'label of 63'],
    [`${label(63)}.${label(63, 'b')}`, 'two labels of 63'],
    [NAME_255, 'total length 255'],
    ['1-2.3', '"-" counts as non-digit (live c093)'],
    ['1-2', '"-" counts as non-digit (live Postfix 3.7.11)'],
    ['1.2-3', 'hyphen in the last label (live Postfix 3.7.11)'],
    ['_', 'underscore alone (live Postfix 3.7.11)'],
    ['1._', 'underscore is a non-digit (live Postfix 3.7.11)'],
    ['_.1', 'numeric last label (live Postfix 3.7.11)'],
    ['a_', 'underscore at the end of a label (live Postfix 3.7.11)'],
    ['1_2', 'underscore between digits (live Postfix 3.7.11)'],
    ['_dmarc.example', 'leading underscore'],
    ['a--b.example', 'doubled hyphen inside'],
    ['xn--bcher-kva.example', 'punycode'],
    ['example.123', 'numeric top-level label'],
    ['0x1.example', 'hex-looking label'],
    [`a${'-'.repeat(61)}b`, 'label of 63 with hyphens'],
  ])('accepts %j (%s)', (name) => {
    expect(checkHostname(name)).toEqual({ ok: true });
  });

  it.each([
    ['', 'empty name', 0],
    ['a..b', 'empty label', 2],
    ['.a', 'empty label', 0],
    ['.', 'empty label', 0],
    ['a.', 'trailing dot', 1],
    ['a.example.', 'trailing dot', 9],
    ['-', 'hyphen at the start of a label', 0],
    ['-a.example', 'hyphen at the start of a label', 0],
    ['a.-b', 'hyphen at the start of a label', 2],
    ['a-', 'hyphen at the end of a label', 1],
    ['a-.example', 'hyphen at the end of a label', 1],
    ['a.example-', 'hyphen at the end of a label', 9],
    [label(64), 'label longer than 63 characters', 63],
    [`x.${label(64)}.y`, 'label longer than 63 characters', 65],
    // Hyphens grow the label but the limit is checked on the next letter or digit.
    [`a${'-'.repeat(70)}b`, 'label longer than 63 characters', 71],
    [`${NAME_255.slice(0, 253)}.ab`, 'name longer than 255 characters', 255],
    [`${NAME_255.slice(0, 254)}.bb`, 'name longer than 255 characters', 255],
    ['123', 'all-numeric name', 0],
    ['1.2.3.4', 'all-numeric name', 0],
    ['1.2.3.4.5.6.7', 'all-numeric name', 0],
    // The numeric rule is checked before the length (Postfix order).
    [Array(64).fill('123').join('.'), 'all-numeric name', 0],
    ['a b', 'invalid character', 1],
    ['a*b.example', 'invalid character', 1],
    ['*.example', 'invalid character', 0],
    ['a/b', 'invalid character', 1],
    ['a:b', 'invalid character', 1],
    ['[192.0.2.1]', 'invalid character', 0],
    ['a\0b', 'invalid character', 1],
    ['a\x7f', 'invalid character', 1],
    ['é.example', 'invalid character', 0],
    ['b\u00c3\u00bccher.example', 'invalid character', 1],
    ['a\ud800', 'invalid character', 1],
    ['a.b~', 'invalid character', 3],
  ])('refuses %j: %s at %i', (name, reason, position) => {
    expect(checkHostname(name)).toEqual({ ok: false, reason, position });
  });
});

// ---------------------------------------------------------------------------------------
// Properties

/** The rules of docs/spec/postfix.md §4.1 written independently, with regular expressions on short input. */
function oracle(name: string): boolean {
  if (name.length === 0 || name.length > 255) return false;
  const labels = name.split('.');
  const labelOk = (l: string): boolean =>
    /^[A-Za-z0-9_-]{1,63}$/.test(l) && !l.startsWith('-') && !l.endsWith('-');
  return labels.every(labelOk) && !/^[0-9.]*$/.test(name);
}

const nameChar = fc.constantFrom('a', 'Z', '0', '7', '-', '_', '.', '*', ' ', 'é');
const someLabel = fc.oneof(
  fc.string({ unit: nameChar, maxLength: 6 }),
  fc.string({ unit: fc.constantFrom('a', '1', '-'), minLength: 60, maxLength: 66 }),
);

describe('checkHostname properties', () => {
  fcTest.prop([fc.domain()])('accepts every generated domain', (domain) => {
    expect(checkHostname(domain)).toEqual({ ok: true });
  });

  fcTest.prop([fc.domain(), fc.constantFrom('', '.', '-', '_')])(
    'a domain with a trailing dot or hyphen is refused at that character',
    (domain, suffix) => {
      const r = checkHostname(domain + suffix);
      if (suffix === '' || suffix === '_') expect(r.ok).toBe(true);
      else expect(r).toMatchObject({ ok: false, position: domain.length });
    },
  );

  fcTest.prop([fc.array(someLabel, { minLength: 1, maxLength: 6 }).map((ls) => ls.join('.'))])(
    'agrees with an independent statement of the rules',
    (name) => {
      expect(checkHostname(name).ok).toBe(oracle(name));
    },
  );

  fcTest.prop([fc.string({ unit: codePoint, maxLength: 300 })])(
    'never throws, and a refusal points into the name',
    (name) => {
      const r = checkHostname(name);
      if (!r.ok) {
        expect(r.position).toBeGreaterThanOrEqual(0);
        expect(r.position).toBeLessThanOrEqual(Math.max(0, name.length - 1));
        expect(r.reason).not.toBe('');
      }
    },
  );
});
