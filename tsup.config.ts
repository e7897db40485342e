import { readFile, writeFile } from 'node:fs/promises';
import { transform } from 'esbuild';
import { defineConfig, type Options } from 'tsup';

/** The package's entries (each one a subpath of package.json "exports"). */
const entry = {
  index: 'src/index.ts',
  server: 'src/server/index.ts',
  client: 'src/client/index.ts',
  node: 'src/node/index.ts',
  proxy: 'src/proxy/index.ts',
  arbitraries: 'src/arbitraries/index.ts',
};

const common: Options = {
  // One shared chunk per format: the entries share one copy of the special-value markers
  // (CJS splitting too: server.cjs and index.cjs must agree on UNAVAILABLE).
  splitting: true,
  // No source maps: they were 1.7 MB of the 2.1 MB installed (issue 19); the built code is
  // not minified, so a stack trace already points at readable code.
  sourcemap: false,
  treeshake: true,
  target: 'node20',
  // smtp-xclient/arbitraries imports the package by name: one instance of the markers.
  external: ['fast-check', 'smtp-xclient'],
  // smtp-xclient/node imports node:net and node:tls: keep the prefix (Deno needs it).
  removeNodeProtocol: false,
};

// The two formats build in parallel; `npm run build` empties dist first (prebuild): a clean
// here would race with the other format's output (tsup's d.ts build removes every .d.ts).
export default defineConfig([
  {
    ...common,
    // The `smtp-xclient` command (ESM only: top-level await) is one more entry of the ESM
    // build: it shares the library's chunks instead of carrying its own copy of them.
    entry: { ...entry, cli: 'src/cli/main.ts' },
    format: ['esm'],
    // One copy of the declarations (the .d.cts files, with every TSDoc comment): each ESM
    // entry's .d.ts re-exports its .d.cts (an ES module may import a CommonJS one; the reverse
    // fails under `module: node16`). Two full copies were 420 kB of the installed package.
    dts: false,
    onSuccess: async () => {
      await writeEsmDeclarations();
      await minifyCommand();
    },
    clean: false,
  },
  {
    ...common,
    entry,
    format: ['cjs'],
    // tsup 8 injects the deprecated 'baseUrl' into the d.ts build; TS 6 errors (TS5101) without this.
    dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
    clean: false,
  },
]);

/**
 * dist/cli.js, the `smtp-xclient` command's own code, minified: nothing imports or
 * tree-shakes an executable, and its messages are its interface. The library stays as built,
 * in the chunks the command imports. (Minifying the library's syntax too was tried: joined
 * declarations defeated bundlers' tree-shaking, xtext alone grew from 3.1 to 6.5 kB.)
 */
async function minifyCommand(): Promise<void> {
  const file = 'dist/cli.js';
  const { code } = await transform(await readFile(file, 'utf8'), {
    format: 'esm',
    target: 'node20',
    minify: true,
    legalComments: 'none',
  });
  await writeFile(file, code);
}

/** dist/<entry>.d.ts for each entry: the types of its .d.cts, for `import`. */
async function writeEsmDeclarations(): Promise<void> {
  for (const name of Object.keys(entry)) {
    await writeFile(`dist/${name}.d.ts`, `export * from './${name}.cjs';\n`);
  }
}
