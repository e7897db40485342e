import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: ['src/index.ts', 'src/arbitraries.ts'],
    format: ['esm', 'cjs'],
    dts: {
      // tsup 8 injects the deprecated 'baseUrl' into the d.ts build; TS 6 errors (TS5101) without this.
      compilerOptions: { ignoreDeprecations: '6.0' },
    },
    sourcemap: true,
    // The CLI is built in parallel by the second config: do not clean its files away.
    clean: ['!cli.js', '!cli.js.map'],
    treeshake: true,
    target: 'node20',
    // smtp-xclient/arbitraries imports the package by name: one instance of the markers.
    external: ['fast-check', 'smtp-xclient'],
  },
  {
    // The `smtp-xclient` command: ESM only (top-level await), node: imports kept as they are.
    entry: { cli: 'src/cli.ts' },
    format: ['esm'],
    platform: 'node',
    dts: false,
    sourcemap: true,
    clean: false,
    treeshake: true,
    target: 'node20',
    removeNodeProtocol: false,
  },
]);
