// Vitest setup file for Stryker only (vitest.stryker.config.ts): one fixed fast-check seed.
//
// Stryker runs the tests once without mutants (to learn which tests reach which mutant) and then
// once per mutant. With a fresh seed per run, a property could reach code in one run and not in
// the next, and a mutant's verdict could not be reproduced. (It was also needed while the tests
// used @fast-check/vitest, which put the seed in each test's name: Stryker maps mutants to tests
// by name, see ../shared/TOOLCHAIN.md.) Listed after test/fc-seed.ts, this file has the last word.
import fc from 'fast-check';

// 20 runs per property instead of fast-check's 100: Stryker runs every test that reaches a
// mutant, for each of the ~4 900 mutants, and most parser mutants are reached by dozens of
// properties. Fewer runs can only let more mutants survive: the score is a lower bound.
// (A property that sets its own numRuns keeps it.)
fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: 42, numRuns: 20 });
