// Every public export has TSDoc with an @example, and the README's quick start holds.
import { readdirSync, readFileSync } from 'node:fs';
import * as api from 'smtp-xclient';
import { describe, expect, it } from 'vitest';

const src = (file: string): string =>
  readFileSync(new URL(`../src/${file}`, import.meta.url), 'utf8');

/** The TSDoc block right above each `export` declaration of a file, by exported name. */
function exportDocs(file: string): Map<string, string> {
  const text = src(file);
  const docs = new Map<string, string>();
  const re =
    /(\/\*\*(?:[^*]|\*(?!\/))*\*\/)?\s*export (?:declare )?(?:async )?(?:function|const|class|type|interface) ([A-Za-z_$][\w$]*)/g;
  for (const m of text.matchAll(re)) docs.set(m[2] as string, m[1] ?? '');
  return docs;
}

/** The names index.ts re-exports from each module. */
function reexports(): Map<string, string> {
  const index = src('index.ts');
  const out = new Map<string, string>();
  for (const m of index.matchAll(/export (?:type )?\{([^}]*)\} from '\.\/([\w-]+)\.js'/g)) {
    for (const name of (m[1] as string)
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean)) {
      out.set(name, `${m[2] as string}.ts`);
    }
  }
  return out;
}

describe('documentation', () => {
  const names = [...reexports()];

  it('index.ts re-exports something from every module', () => {
    expect(names.length).toBeGreaterThan(60);
  });

  it.each(names)('%s has TSDoc with an @example', (name, file) => {
    const doc = exportDocs(file).get(name);
    expect(doc, `${name} is not declared with a TSDoc block in src/${file}`).toBeTruthy();
    expect(doc).toMatch(/@example/);
    expect(doc).toMatch(/@remarks Since 0\.1\.0/);
  });

  it('every runtime export of the package is listed in index.ts', () => {
    const listed = new Set(names.map(([n]) => n));
    for (const key of Object.keys(api)) expect(listed.has(key), key).toBe(true);
  });

  it('src/ has no node: imports except the CLI', () => {
    const files = readdirSync(new URL('../src/', import.meta.url)).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      if (file === 'cli.ts') continue;
      expect(src(file), file).not.toMatch(/from ['"]node:|require\(['"]node:/);
    }
  });

  it('documents every runtime export in the README API section', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const key of Object.keys(api)) expect(readme, key).toContain(key);
  });
});
