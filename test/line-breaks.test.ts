// Issue #21, item 7: line breaks that are not CR or LF. C1 controls (U+0080–U+009F, NEL
// U+0085 among them) and U+2028 / U+2029 in HELO and LOGIN, from `+C2+85` or `+E2+80+A8`,
// are line breaks to many log viewers, terminals and JavaScript consumers. 'strict' refuses
// them (it promises no control characters), 'lenient' accepts them with a warning, and
// 'postfix' does what Postfix 3.7.11 does: measured live (scripts/record-postfix.mjs, the
// lines of test/vectors/postfix-3.7.11-line-breaks.jsonl), it accepts them in HELO and LOGIN
// with 220 and logs their UTF-8 octets as they are, and echoes them raw when it refuses a
// NAME (printable() keeps an octet 0xC2–0xFE with its continuation octets).
import { validateAttribute } from 'smtp-xclient';
import { validHelo, validLogin } from 'smtp-xclient/arbitraries';
import { describe, expect, it } from 'vitest';
import { parseXclient, replyOctets } from '../src/index.js';
import { fc, test } from './helpers/fc.js';
import { latin1, loadRecorded, replay, utf8 } from './helpers/postfix-replay.js';

const corpus = loadRecorded('postfix-3.7.11-line-breaks.jsonl');
const LINE_BREAKS = ['\u0080', '\u0085', '\u009f', '\u2028', '\u2029'];
const WIDE = /[\u0080-\u009f\u2028\u2029]/;

describe("'postfix': what Postfix 3.7.11 answered", () => {
  it('has the recorded lines', () => expect(corpus).toHaveLength(19));

  it.each(corpus.map((r) => [r.id, r] as const))('%s', (_id, r) => {
    const parsed = parseXclient(latin1(r.line as string), { profile: 'postfix' });
    if (r.code === 220) {
      expect(parsed.ok).toBe(true);
    } else {
      expect(parsed.ok).toBe(false);
      if (parsed.ok) return;
      expect(parsed.error.reply).toEqual({
        code: 501,
        enhanced: '5.5.4',
        text: utf8(r.text as string),
      });
      expect(replyOctets(parsed.error.reply)).toEqual(latin1(`501 5.5.4 ${r.text}\r\n`));
    }
    // Through the session: the reply, and after a 220 the HELO or login Postfix logged.
    expect(replay(r).differences).toEqual([]);
  });
});

describe("'strict' refuses them in HELO and LOGIN; 'lenient' warns", () => {
  const lines = corpus.filter((r) => r.class !== 'echo');

  it.each(lines.map((r) => [r.id, r] as const))('%s', (_id, r) => {
    const line = latin1(r.line as string);
    const strict = parseXclient(line);
    expect(strict.ok).toBe(false);
    if (!strict.ok) {
      // A raw octet is xtext's to refuse first; an escaped one is the value rules'.
      const escaped = (r.line as string).includes('+');
      expect(strict.error.code).toBe(escaped ? 'ATTR_CONTROL_CHAR' : 'XTEXT_BAD_CHAR');
      expect(strict.error.position).toBe(escaped ? line.indexOf(0x2b) : line.indexOf(0x3d) + 2);
    }
    const lenient = parseXclient(line, { profile: 'lenient' });
    expect(lenient.ok).toBe(true);
    if (!lenient.ok) return;
    const value = lenient.value.HELO ?? lenient.value.LOGIN;
    expect(typeof value === 'string' && WIDE.test(value)).toBe(true);
    expect(lenient.warnings).toContainEqual(expect.objectContaining({ code: 'ATTR_CONTROL' }));
  });

  it.each(LINE_BREAKS)('validateAttribute, U+%s', (c) => {
    for (const name of ['HELO', 'LOGIN']) {
      expect(validateAttribute(name, `a${c}b`)).toMatchObject({
        ok: false,
        error: { code: 'ATTR_CONTROL_CHAR', position: 1 },
      });
      const lenient = validateAttribute(name, `a${c}b`, { profile: 'lenient' });
      expect(lenient).toMatchObject({ ok: true, value: `a${c}b` });
      expect(lenient.ok && lenient.warnings.map((w) => [w.code, w.position])).toEqual([
        ['ATTR_CONTROL', 1],
      ]);
      expect(validateAttribute(name, `a${c}b`, { profile: 'postfix' })).toMatchObject({
        ok: true,
        text: `a${c}b`,
      });
    }
  });

  it('the characters around them are still text: U+00A0, U+2027, U+202A', () => {
    for (const c of ['\u00a0', '\u2027', '\u202a', '\u007e']) {
      expect(validateAttribute('LOGIN', `a${c}b`).ok).toBe(true);
    }
  });
});

describe('the arbitraries follow', () => {
  test.prop([fc.oneof(validHelo(), validLogin())], { numRuns: 500 })(
    "validHelo and validLogin never hold what 'strict' refuses",
    (value) => {
      expect(value).not.toMatch(WIDE);
    },
  );
});
