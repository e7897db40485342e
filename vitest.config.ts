import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (file: string): string => fileURLToPath(new URL(`./src/${file}`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests import the package by name, as users do; inside vitest the name maps to the
    // sources so that coverage is measured on src/. test/package.test.ts checks the built
    // package through Node's own self-reference.
    alias: [
      { find: /^smtp-xclient$/, replacement: src('index.ts') },
      { find: /^smtp-xclient\/server$/, replacement: src('server/index.ts') },
      { find: /^smtp-xclient\/client$/, replacement: src('client/index.ts') },
      { find: /^smtp-xclient\/node$/, replacement: src('node/index.ts') },
      { find: /^smtp-xclient\/proxy$/, replacement: src('proxy/index.ts') },
      { find: /^smtp-xclient\/arbitraries$/, replacement: src('arbitraries/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Reproducible fast-check runs: a fixed seed in CI, FC_SEED to replay (printed on failure).
    setupFiles: ['test/fc-seed.ts'],
    // The live suites (a real Postfix, swaks, smtp-server) run with `npm run test:interop`.
    exclude: ['test/interop/**', 'node_modules/**'],
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/cli/**'],
      reporter: ['text', 'json-summary'],
      thresholds: { lines: 98, branches: 95, functions: 95, statements: 97 },
    },
  },
});
