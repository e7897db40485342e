import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

// `npm run test:interop`: the suites that talk to real peers on loopback (Postfix, swaks,
// nodemailer's smtp-server). .ci/run installs and starts them first; each suite also
// starts what it needs, and fails loudly in CI when it cannot. Not merged with the unit
// config: mergeConfig would concatenate its `exclude`, which leaves out test/interop/**.
export default defineConfig({
  resolve: base.resolve ?? {},
  test: {
    include: ['test/interop/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
