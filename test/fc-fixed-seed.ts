// Vitest setup file for Stryker only (vitest.stryker.config.ts): one fixed fast-check seed.
//
// Stryker runs the tests once without mutants (to learn which tests reach which mutant) and then
// once per mutant. With a fresh seed per run, a property could reach code in one run and not in
// the next, and a mutant's verdict could not be reproduced. (It was also needed while the tests
// used @fast-check/vitest, which put the seed in each test's name: Stryker maps mutants to tests
// by name, see ../shared/TOOLCHAIN.md.) Listed after test/fc-seed.ts, this file has the last word.
import fc from 'fast-check';

fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: 42 });
