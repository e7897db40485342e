// Property tests: `test.prop(arbitraries, parameters?)(name, predicate)`, the shape of
// @fast-check/vitest's API, on plain `fast-check` and vitest.
//
// Why not @fast-check/vitest itself: version 0.5.0 builds its enriched `test` at import time by
// recursing over every ordering of vitest 4's test modifiers (skip, only, concurrent, …); that
// costs about 2.3 s per test file that imports it (measured: a file with one property and
// nothing else, `npx vitest run`: import 2.33 s with it, 0.014 s with fast-check alone). Over
// ten files this was most of the suite's time, and under Stryker it was paid for every mutant.
//
// The seed: fast-check's own global configuration (test/fc-seed.ts), which `fc.assert` reads;
// a failure's message carries `{ seed, path }` to replay it.
import fc from 'fast-check';
import { test as vitestTest } from 'vitest';

export { fc };

/**
 * One Unicode scalar value (any code point but a surrogate), as a string: what
 * `fc.string({ unit: 'binary' })` draws from, without its cost. fast-check builds that unit as a
 * table of all 1 112 064 values the first time a process uses it: about 2 s (measured:
 * `fc.sample(fc.string({ unit: 'binary' }), 10)` takes 1 958 ms in a fresh process, the same
 * property over this unit 2 ms), paid again by every test file and, under Stryker, by every mutant.
 * The unmapper lets fast-check shrink values it did not generate itself.
 */
export const codePoint: fc.Arbitrary<string> = fc.integer({ min: 0, max: 0x10ffff - 0x800 }).map(
  (n) => String.fromCodePoint(n < 0xd800 ? n : n + 0x800),
  (value) => {
    const c = typeof value === 'string' ? value.codePointAt(0) : undefined;
    if (c === undefined || String.fromCodePoint(c) !== value || (c >= 0xd800 && c <= 0xdfff))
      throw new Error('not one Unicode scalar value');
    return c < 0xd800 ? c : c - 0x800;
  },
);

type Arbitraries<Ts extends unknown[]> = { [K in keyof Ts]: fc.Arbitrary<Ts[K]> };

/** vitest's `test` with a `.prop` for fast-check properties. */
export const test = Object.assign((...args: Parameters<typeof vitestTest>) => vitestTest(...args), {
  prop<Ts extends unknown[]>(arbitraries: Arbitraries<Ts>, parameters?: fc.Parameters<[Ts]>) {
    return (name: string, predicate: (...values: Ts) => unknown, timeout?: number): void => {
      const tuple = fc.tuple(
        ...(arbitraries as fc.Arbitrary<unknown>[]),
      ) as unknown as fc.Arbitrary<Ts>;
      vitestTest(
        name,
        () => {
          fc.assert(
            fc.property(tuple, (values) => predicate(...values) !== false),
            parameters,
          );
        },
        timeout,
      );
    };
  },
});
