// Vitest setup file for Stryker only (vitest.stryker.config.ts): one fixed fast-check seed.
//
// @fast-check/vitest names each property test "<label> (with seed=<seed>)". With a random seed
// the names change from one vitest run to the next, and Stryker's perTest coverage, which maps
// mutants to tests by name, then finds no test for the mutants that only properties cover:
// they "survive" without having been tested (see ../shared/TOOLCHAIN.md). Listed after
// test/fc-seed.ts, this file has the last word.
import fc from 'fast-check';

fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: 42 });
