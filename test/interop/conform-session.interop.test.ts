// `smtp-xclient conform` against a server built on the library's session helper:
// examples/server.mjs --serve (applyXclient, applyXforward and applyCommand under the
// 'postfix' profile, lines read as octets, replies written with replyOctets). Every case
// agrees, to the octet.
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../src/cli/conform/cases/index.js';
import { conformJson, idsWith } from './conform-peers.js';

const SERVER = fileURLToPath(new URL('../../examples/server.mjs', import.meta.url));
const ALL = CATEGORIES.flatMap((c) => c.cases.map((k) => k.id));

let child: ChildProcess | undefined;
const targets: Record<string, string> = {};

beforeAll(async () => {
  const started = spawn(process.execPath, [SERVER, '--serve'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child = started;
  const lines = createInterface({ input: started.stdout as NodeJS.ReadableStream });
  for await (const line of lines) {
    const [kind, where] = line.split(' ');
    if (kind !== undefined && where !== undefined) targets[kind] = where;
    if (targets.authorized !== undefined && targets.unauthorized !== undefined) break;
  }
});

afterAll(() => {
  child?.kill();
});

describe('smtp-xclient conform against examples/server.mjs (the session helper)', () => {
  it('every case of every category agrees, to the octet', async () => {
    const { code, report } = await conformJson([
      targets.authorized as string,
      '--unauthorized',
      targets.unauthorized as string,
      '--exact',
    ]);
    expect(idsWith(report, 'agree')).toEqual(ALL);
    expect(report.agree).toBe(report.total);
    expect(report.total).toBe(ALL.length);
    expect(code).toBe(0);
  });
});
