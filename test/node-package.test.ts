// The built smtp-xclient/node and smtp-xclient/proxy entries, loaded by name (Node's
// self-reference through package.json "exports") in ESM and in CJS: they share the root
// entry's error brand, and the node entry keeps its node: imports. `npm test` builds first.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = (type: string, code: string): string =>
  execFileSync(process.execPath, [`--input-type=${type}`, '-e', code], {
    cwd: root,
    encoding: 'utf8',
  }).trim();

describe('the built node and proxy entries', () => {
  it.each([
    [
      'module',
      "import { isXclientError } from 'smtp-xclient'; import { XclientConnectionError, connectWithXclient } from 'smtp-xclient/node'; import { parseProxyHeader } from 'smtp-xclient/proxy';",
    ],
    [
      'commonjs',
      "const { isXclientError } = require('smtp-xclient'); const { XclientConnectionError, connectWithXclient } = require('smtp-xclient/node'); const { parseProxyHeader } = require('smtp-xclient/proxy');",
    ],
  ])('load in %s, with the root entry errors', (type, imports) => {
    const out = run(
      type,
      `${imports}
      const r = parseProxyHeader('PROXY TCP4 192.0.2.1 192.0.2.2 1 2\\r\\n');
      const e = new XclientConnectionError({ code: 'CONNECTION_CLOSED', message: 'x', reply: { code: 421, text: 'x' }, step: 'connect', transcript: [] });
      console.log(typeof connectWithXclient, r.ok && r.value.source.address, isXclientError(e), isXclientError(parseProxyHeader('x').error));`,
    );
    expect(out).toBe('function 192.0.2.1 true true');
  });

  it('keeps the node: prefix (Deno and Bun need it)', () => {
    // The ESM build shares its chunks with the CLI: the socket code may sit in a chunk.
    const files = readdirSync(`${root}dist`).filter((f) => /\.c?js$/.test(f));
    const texts = files.map((f) => readFileSync(`${root}dist/${f}`, 'utf8'));
    const importing = (pattern: RegExp) => files.filter((_, k) => pattern.test(texts[k] ?? ''));
    expect(importing(/['"]node:net['"]/)).toContain('node.cjs');
    expect(importing(/['"]node:net['"]/).some((f) => f.endsWith('.js'))).toBe(true);
    expect(importing(/(?:from |require\()['"](?:net|tls)['"]/)).toEqual([]);
  });
});
