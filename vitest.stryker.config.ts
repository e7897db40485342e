// Vitest configuration for Stryker (stryker.config.json): the project's configuration with a
// fixed fast-check seed (test/fc-fixed-seed.ts), without the tests that need a build or a
// live server (interop, package); without test/docs.test.ts and test/docs-examples.test.ts,
// which read the text of src/*.ts (Stryker's instrumented copies no longer have a TSDoc block
// above each export; the second also runs the CLI of dist/);
// without test/cli.test.ts, the tests of src/cli/, which is not mutated: they start
// processes and servers and took about 12 s of every run that reached them; and without
// test/arbitraries.test.ts, the tests of src/arbitraries/ (not mutated either), whose
// thousands of samples through the parser made every parser mutant's run slow; without
// test/conform-cli.test.ts, for the reason of cli.test.ts (it runs the CLI against servers); and
// without the tests that run the CLI or the built package in a child process (cli-xforward,
// node-package, memory, properties-hostile-package): dist/ is not in the sandbox, and a child process
// never runs the mutated sources.
import { configDefaults, defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

export default mergeConfig(
  base,
  defineConfig({
    test: {
      setupFiles: ['test/fc-fixed-seed.ts'],
      exclude: [
        ...configDefaults.exclude,
        'test/interop/**',
        'test/package.test.ts',
        'test/docs.test.ts',
        'test/docs-examples.test.ts',
        'test/cli.test.ts',
        'test/cli-xforward.test.ts',
        'test/conform-cli.test.ts',
        'test/node-package.test.ts',
        'test/memory.test.ts',
        'test/properties-hostile-package.test.ts',
        'test/arbitraries.test.ts',
      ],
    },
  }),
);
