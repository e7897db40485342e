import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      server: 'src/server/index.ts',
      client: 'src/client/index.ts',
      node: 'src/node/index.ts',
      proxy: 'src/proxy/index.ts',
      arbitraries: 'src/arbitraries/index.ts',
    },
    format: ['esm', 'cjs'],
    dts: {
      // tsup 8 injects the deprecated 'baseUrl' into the d.ts build; TS 6 errors (TS5101) without this.
      compilerOptions: { ignoreDeprecations: '6.0' },
    },
    // One shared chunk in both formats: the entries share one copy of the special-value
    // markers (CJS splitting too: server.cjs and index.cjs must agree on UNAVAILABLE).
    splitting: true,
    sourcemap: true,
    // The CLI is built in parallel by the second config: do not clean its files away.
    clean: ['!cli.js', '!cli.js.map'],
    treeshake: true,
    target: 'node20',
    // smtp-xclient/arbitraries imports the package by name: one instance of the markers.
    external: ['fast-check', 'smtp-xclient'],
    // smtp-xclient/node imports node:net and node:tls: keep the prefix (Deno needs it).
    removeNodeProtocol: false,
  },
  {
    // The `smtp-xclient` command: ESM only (top-level await), node: imports kept as they are.
    entry: { cli: 'src/cli/main.ts' },
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
