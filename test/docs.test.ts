// Every public export has TSDoc with an @example, and the README's quick start holds.
import { readdirSync, readFileSync } from 'node:fs';
import * as core from 'smtp-xclient';
import * as client from 'smtp-xclient/client';
import * as node from 'smtp-xclient/node';
import * as proxy from 'smtp-xclient/proxy';
import * as server from 'smtp-xclient/server';
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

/** The entry points: the index file of each, and its runtime exports. */
const ENTRIES = [
  ['index.ts', core],
  ['server/index.ts', server],
  ['client/index.ts', client],
  ['proxy/index.ts', proxy],
  ['node/index.ts', node],
] as const;

/** The names each entry's index re-exports, with the module (under src/) they come from. */
function reexports(): Map<string, string> {
  const out = new Map<string, string>();
  for (const [file, _] of ENTRIES) {
    const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : '';
    for (const m of src(file).matchAll(/export (?:type )?\{([^}]*)\} from '\.\/([\w/-]+)\.js'/g)) {
      for (const name of (m[1] as string)
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean)) {
        out.set(name, `${dir}${m[2] as string}.ts`);
      }
    }
  }
  return out;
}

const api: Record<string, unknown> = Object.assign({}, ...ENTRIES.map(([, m]) => m));

describe('documentation', () => {
  const names = [...reexports()];

  it('index.ts re-exports something from every module', () => {
    expect(names.length).toBeGreaterThan(60);
  });

  it.each(names)('%s has TSDoc with an @example', (name, file) => {
    const doc = exportDocs(file).get(name);
    expect(doc, `${name} is not declared with a TSDoc block in src/${file}`).toBeTruthy();
    expect(doc).toMatch(/@example/);
    expect(doc).toMatch(/@remarks Since \d+\.\d+\.\d+/);
  });

  it('every runtime export of the package is listed in index.ts', () => {
    const listed = new Set(names.map(([n]) => n));
    for (const key of Object.keys(api)) expect(listed.has(key), key).toBe(true);
  });

  it('src/ has no node: imports except the CLI and smtp-xclient/node', () => {
    const files = readdirSync(new URL('../src/', import.meta.url), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      if (file === 'cli.ts' || file.startsWith('cli/') || file.startsWith('node/')) continue;
      expect(src(file), file).not.toMatch(/from ['"]node:|require\(['"]node:/);
    }
  });

  it('documents every runtime export in the README API section', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const key of Object.keys(api)) expect(readme, key).toContain(key);
  });
});
