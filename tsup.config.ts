import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: {
    // tsup 8 injects the deprecated 'baseUrl' into the d.ts build; TS 6 errors (TS5101) without this.
    compilerOptions: { ignoreDeprecations: '6.0' },
  },
  sourcemap: true,
  clean: true,
  treeshake: true,
  target: 'node20',
  external: ['fast-check'],
});
