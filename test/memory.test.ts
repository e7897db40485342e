// Issue #21, item 4: memory in proportion to the input. decodeXtext in 'lenient' and
// 'postfix' made one warning per control octet or stray "+" (1 MB of input held 143 MB of
// heap), and masking built strings one character at a time (4 MB of controls in a HELO:
// 133 MB). Each case runs in a child process on the built package (`npm test` builds it
// first) with a small heap: an allocation bound, not a time bound. Going over the heap
// limit kills the child; what the result retains is measured between two full GCs.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MAX_WARNINGS } from '../src/warnings.js';
import { decodeXtext, decodeXtextBytes } from '../src/xtext/decode.js';

const DIST = fileURLToPath(new URL('../dist/index.js', import.meta.url));

/** The heap a child may use: far below what the unbounded versions needed. */
const HEAP_MB = 64;

/** Runs `call` (an expression over `x`, the package, and `input`) in a child process. */
function measure(input: string, call: string): { retained: number; octets: number } {
  const script = `
    const x = await import(${JSON.stringify(DIST)});
    const input = ${input};
    globalThis.gc();
    const before = process.memoryUsage().heapUsed;
    const kept = ${call};
    globalThis.gc();
    const retained = process.memoryUsage().heapUsed - before;
    if (kept === undefined) throw new Error('no result');
    console.log(JSON.stringify({ retained, octets: input.length }));
  `;
  const out = execFileSync(
    process.execPath,
    ['--expose-gc', `--max-old-space-size=${HEAP_MB}`, '--input-type=module', '-e', script],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return JSON.parse(out) as { retained: number; octets: number };
}

const MB = 1_000_000;

describe('memory per input octet, in a child process with a 64 MB heap', () => {
  it.each([
    [
      'decodeXtext, 1 MB of controls (lenient)',
      `'\\x01'.repeat(${MB})`,
      `x.decodeXtext(input, { profile: 'lenient' })`,
    ],
    [
      'decodeXtext, 1 MB of controls (postfix)',
      `'\\x01'.repeat(${MB})`,
      `x.decodeXtext(input, { profile: 'postfix' })`,
    ],
    [
      'decodeXtext, 1 MB of stray "+" (lenient)',
      `'+'.repeat(${MB})`,
      `x.decodeXtext(input, { profile: 'lenient' })`,
    ],
    [
      'decodeXtextBytes, 1 MB of raw runs (lenient)',
      `' a'.repeat(${MB / 2})`,
      `x.decodeXtextBytes(input, { profile: 'lenient' })`,
    ],
    [
      'validateAttribute, HELO of 4 MB of controls (postfix)',
      `'\\x01'.repeat(${4 * MB})`,
      `x.validateAttribute('HELO', input, { profile: 'postfix' })`,
    ],
    [
      'validateAttribute, HELO of 4 MB of spaces (postfix)',
      `' '.repeat(${4 * MB})`,
      `x.validateAttribute('HELO', input, { profile: 'postfix' })`,
    ],
    [
      'validateAttribute, PROTO of 4 MB of mixed case (lenient)',
      `'aA'.repeat(${2 * MB})`,
      `x.validateAttribute('PROTO', input, { profile: 'lenient' })`,
    ],
    [
      'validateAttribute, a name of 4 MB of controls',
      `'\\x01'.repeat(${4 * MB})`,
      `x.validateAttribute(input, 'x')`,
    ],
    ['encodeXtext, 4 MB of spaces', `' '.repeat(${4 * MB})`, 'x.encodeXtext(input)'],
  ])('%s', (_name, input, call) => {
    const { retained, octets } = measure(input, call);
    // A result holds at most its text once or twice (and its reply's echo), nothing per warning.
    expect(retained / octets).toBeLessThan(8);
  });
});

describe(`warnings: the first ${MAX_WARNINGS}, and a count of the rest`, () => {
  it('decodeXtext keeps the first MAX_WARNINGS and counts the others in warningsOmitted', () => {
    const r = decodeXtext('+'.repeat(1000), { profile: 'lenient' });
    expect(r.ok && r.warnings.length).toBe(MAX_WARNINGS);
    expect(r.ok && r.warningsOmitted).toBe(1000 - MAX_WARNINGS);
    expect(r.ok && r.warnings.at(-1)?.position).toBe(MAX_WARNINGS - 1);
  });

  it('hasControl counts a control found after the warnings kept', () => {
    const r = decodeXtextBytes(`${'+'.repeat(500)}+00`, { profile: 'lenient' });
    expect(r.ok && r.hasControl).toBe(true);
    expect(r.ok && r.warnings.some((w) => w.code === 'XTEXT_CONTROL_CHAR')).toBe(false);
  });

  it('a result with no warning left out has no warningsOmitted', () => {
    const r = decodeXtext('+'.repeat(MAX_WARNINGS), { profile: 'lenient' });
    expect(r.ok && r.warnings.length).toBe(MAX_WARNINGS);
    expect(r.ok && 'warningsOmitted' in r).toBe(false);
  });
});
