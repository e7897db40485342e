/**
 * The examples of the documentation run, and what they claim holds.
 *
 * Which blocks (README.md and docs/*.md, not docs/api):
 * - ```ts, ```js and ```mjs blocks run: TypeScript's transpileModule removes the types,
 *   `import … from 'smtp-xclient…'` (and 'fast-check') becomes a destructuring of the module
 *   this test imported, and the block is the body of an async function (top-level await
 *   works). The blocks of one file share their top-level names, in order: a later block can use
 *   what an earlier one declared.
 * - ```sh and ```console blocks with `$ ` prompts are sessions: each command runs in bash with
 *   `smtp-xclient` standing for `node dist/cli.js` (standard error goes with standard output,
 *   `echo $?` prints the previous status), and its output must be the lines shown below it,
 *   exactly, after trailing spaces and trailing empty lines are removed.
 * - Shell blocks without a `$ ` prompt list commands to type (installs, `npm run …`,
 *   `npx smtp-xclient …` in quick starts) and show no output: they are not run.
 * - Blocks without a language, or in another one (usage synopses, logs, tables), are text.
 * - `<!-- no-run: reason -->` on the line right above a fence keeps a block of code or a session
 *   from running (a live server, the network, a side effect). A ts/js block marked so is still
 *   compiled, and what it imports from smtp-xclient must exist.
 *
 * Claims, in code blocks and in the `@example`s of the TSDoc in src/:
 * - `EXPR //=> VALUE`, on the line of the statement `EXPR` or on the line below it: the value of
 *   EXPR equals VALUE (vitest's toEqual). VALUE is a JavaScript expression, evaluated where
 *   EXPR is (so `UNAVAILABLE` is the marker), and may go on over the `//` lines below it.
 *   Text after the value that starts with ` (` or `: ` is a comment:
 *   `true (names come back upper case)`, `false: a string is never a marker`.
 * - Notation inside VALUE: `Uint8Array [0, 65]` is a Uint8Array with those octets; `…` as the
 *   last property of an object (`{ a: 1, … }`) means more properties not shown; the string
 *   `'…'` is any string; `XclientError CODE` (optionally `, position N`) is an XclientError
 *   with that code (and position).
 * - `//=> e.g. VALUE` shows one possible value (random samples): the value must be of the same
 *   kind: same type, arrays of the same length, objects with the same properties.
 * - `console.log(A, B) //=> VA VB`: what is logged, each value written as util.inspect writes it.
 * - `EXPR // throws CODE` (or `// throws XclientError CODE`): EXPR throws an error with that
 *   code, and the example goes on.
 * - A claim on a branch that does not run (`if (r.ok) r.value //=> …` when r is not ok) fails.
 * Other comments (`// ok, 25`) are prose and are not checked.
 */

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as nodeNet from 'node:net';
import * as nodeStream from 'node:stream';
import { fileURLToPath } from 'node:url';
import * as fastCheck from 'fast-check';
import * as smtpServer from 'smtp-server';
import * as core from 'smtp-xclient';
import * as arbitraries from 'smtp-xclient/arbitraries';
import * as client from 'smtp-xclient/client';
import * as node from 'smtp-xclient/node';
import * as proxy from 'smtp-xclient/proxy';
import * as server from 'smtp-xclient/server';
import { describe, expect, it } from 'vitest';
import {
  blockKind,
  type CodeBlock,
  type Instrumented,
  instrument,
  markdownBlocks,
  matchesShown,
  type RunResult,
  readClaimValue,
  runExample,
  runSession,
  shellSteps,
  tsdocExamples,
} from './helpers/examples.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const read = (file: string): string => readFileSync(`${ROOT}${file}`, 'utf8');
const CLI = `${ROOT}dist/cli.js`;
/**
 * Some examples start a server on loopback and talk to it, and instrumenting every example is
 * CPU work: on a loaded 2-core machine they took more than vitest's default 5 s. This bounds a
 * hang; it asserts no speed.
 */
const EXAMPLE_TIMEOUT_MS = 60_000;

/** What the examples may import. */
const MODULES: Readonly<Record<string, unknown>> = {
  'smtp-xclient': core,
  'smtp-xclient/server': server,
  'smtp-xclient/client': client,
  'smtp-xclient/arbitraries': arbitraries,
  'smtp-xclient/node': node,
  'smtp-xclient/proxy': proxy,
  'fast-check': fastCheck,
  // smtp-xclient/node's examples run against stand-in servers on loopback.
  'node:net': nodeNet,
  'node:stream': nodeStream,
  // docs/fuzzing.md's tested campaign setup runs against nodemailer's smtp-server (a dev dependency).
  'smtp-server': smtpServer,
};

const DOCS = [
  'README.md',
  ...readdirSync(`${ROOT}docs`)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`),
];

/** The failures of a run: problems found when reading it, what it threw, claims that fail. */
function failures(example: Instrumented, run: RunResult | undefined, firstLine: number): string[] {
  const out = example.problems.map((p) => `line ${firstLine + p.line}: ${p.message}`);
  if (run === undefined) return out;
  if (run.error !== undefined) out.push(`threw ${String(run.error)}`);
  for (const r of run.results) {
    const where = `line ${firstLine + r.claim.line}: ${r.claim.expression}`;
    if (!r.reached) {
      if (run.error === undefined)
        out.push(`${where}: never ran, so "${r.claim.text}" is unchecked`);
    } else if (r.failure !== undefined) {
      out.push(`${where}: claimed ${r.claim.text}, but ${r.failure}`);
    }
  }
  return out;
}

// -------------------------------------------------------------------------------------------
// The checker itself

describe('the example checker', () => {
  it('reads values, comments and the notation', () => {
    expect(readClaimValue("'x.example' (kept, as Postfix does)")?.value).toBe("'x.example'");
    expect(readClaimValue('false: a string is never a marker')?.value).toBe('false');
    expect(readClaimValue("{ code: 501, text: 'Bad NAME syntax: x' }")?.value).toBe(
      "{ code: 501, text: 'Bad NAME syntax: x' }",
    );
    expect(readClaimValue('Uint8Array [0, 65]')?.value).toBe("__typed('Uint8Array', [0, 65])");
    expect(readClaimValue("e.g. [{ a: 'x', … }]")).toEqual({
      value: "[{ a: 'x', ...__more }]",
      example: true,
    });
    expect(readClaimValue('XclientError X_Y, position 8')?.value).toBe('__xerr("X_Y", 8)');
    expect(readClaimValue('two words')).toBeUndefined();
  });

  it('finds a wrong claim, an unreached one and a missing throw', async () => {
    const example = instrument(
      [
        "const r = { ok: false, n: 1, s: 'a' };",
        'r.n //=> 2',
        'if (r.ok) r.n //=> 1',
        'r.s // throws E',
        'r.n + 1',
        '//=> 2',
      ].join('\n'),
    );
    const run = await runExample(example, {}, MODULES);
    expect(failures(example, run, 1)).toEqual([
      'line 2: r.n: claimed 2, but is 1',
      'line 3: r.n: never ran, so "1" is unchecked',
      'line 4: r.s: claimed throws E, but did not throw',
    ]);
  });

  it('checks the notation, examples, logs, throws and claims over several lines', async () => {
    const code = (claims: string[]): string =>
      [
        "import { decodeXtextBytes, formatReply, parseReply } from 'smtp-xclient';",
        "const r = { ok: true, value: { code: 250, text: 'ok' } };",
        "const pair = [r.value.code, 'x'];",
        ...claims,
      ].join('\n');
    const holds = [
      'r //=> { ok: true, value: { code: 250, … } } (a comment)',
      "r.value //=> { code: 250, text: '…' }",
      "decodeXtextBytes('+00A').value //=> Uint8Array [0, 65]",
      "parseReply('250-ok\\r\\n') //=> { ok: false, error: XclientError REPLY_MISSING_FINAL_LINE, position 8 }",
      "pair //=> e.g. [1, 'y']",
      "console.log(r.value.code, r.value.text); //=> 250 'ok'",
      "formatReply({ code: 250, text: 'a\\rb' }) // throws XclientError REPLY_BAD_TEXT",
      'r.value',
      '//=> { code: 250,',
      "//     text: 'ok' }",
    ];
    const ok = instrument(code(holds));
    const okRun = await runExample(ok, {}, MODULES);
    expect(ok.claims).toHaveLength(8);
    expect(failures(ok, okRun, 1)).toEqual([]);
    const fails = [
      'r //=> { ok: true, value: { code: 251, … } }',
      "r.value //=> { code: 250, text: '…', more: 1 }",
      "decodeXtextBytes('+00A').value //=> Uint8Array [0, 66]",
      "parseReply('250-ok\\r\\n') //=> { ok: false, error: XclientError REPLY_MISSING_FINAL_LINE, position 7 }",
      'pair //=> e.g. [1, 2]',
      'console.log(r.value.code, r.value.text); //=> 250 ok',
      "formatReply({ code: 250, text: 'a\\rb' }) // throws XclientError REPLY_BAD_CODE",
    ];
    const bad = instrument(code(fails));
    const badRun = await runExample(bad, {}, MODULES);
    expect(badRun.results.map((x) => x.failure === undefined)).toEqual(fails.map(() => false));
  });

  it('lets later blocks use what earlier ones declared', async () => {
    const first = await runExample(
      instrument('const a = 1;\nfunction f() { return a + 1; }'),
      {},
      {},
    );
    const second = instrument('f() //=> 2');
    expect(failures(second, await runExample(second, first.exported, {}), 1)).toEqual([]);
  });

  it('refuses a claim that follows no expression', () => {
    expect(instrument('const a = 1; //=> 1').problems).toHaveLength(1);
  });
});

// -------------------------------------------------------------------------------------------
// README.md and docs/*.md

const allBlocks = DOCS.flatMap((file) => markdownBlocks(file, read(file)));

/** Code, or a shell session with `$ ` prompts: what runs unless marked no-run. */
const runnable = (b: CodeBlock): boolean =>
  blockKind(b.lang) === 'code' || (blockKind(b.lang) === 'shell' && shellSteps(b).length > 0);

describe('Markdown examples', () => {
  it('finds the blocks, and every no-run mark has a reason and a block to keep from running', () => {
    const code = allBlocks.filter((b) => blockKind(b.lang) === 'code' && b.noRun === undefined);
    expect(code.length).toBeGreaterThan(4);
    expect(code.flatMap((b) => instrument(b.code).claims).length).toBeGreaterThan(5);
    for (const b of allBlocks.filter((x) => x.noRun !== undefined)) {
      const where = `${b.file}:${b.line}`;
      expect(b.noRun, where).not.toBe('');
      expect(runnable(b), `${where}: no-run on a block that would not run anyway`).toBe(true);
    }
  });

  for (const file of DOCS) {
    const blocks = allBlocks.filter((b) => b.file === file);
    if (!blocks.some(runnable)) continue;
    describe(file, () => {
      /** The names the blocks of this file declared so far. */
      let shared: Record<string, unknown> = {};
      for (const block of blocks) {
        const kind = blockKind(block.lang);
        const title = `${file}:${block.line} ${block.lang}`;
        if (kind === 'code' && block.noRun !== undefined) {
          it(`${title} compiles (not run: ${block.noRun})`, () => checkCompiles(block));
        } else if (kind === 'code') {
          it(
            `${title} runs and its claims hold`,
            async () => {
              const example = instrument(block.code);
              const run =
                example.problems.length > 0
                  ? undefined
                  : await runExample(example, shared, MODULES);
              if (run) shared = { ...shared, ...run.exported };
              expect(failures(example, run, block.line + 1)).toEqual([]);
            },
            EXAMPLE_TIMEOUT_MS,
          );
        } else if (runnable(block) && block.noRun === undefined && block.live === undefined) {
          // Sessions marked live run against the live servers: test/interop/docs.interop.test.ts.
          it(`${title} prints what is shown`, () => checkSession(block));
        }
      }
    });
  }
});

function checkCompiles(block: CodeBlock): void {
  const example = instrument(block.code);
  expect(
    example.problems.filter((p) => p.message.startsWith('syntax')),
    `${block.file}:${block.line}`,
  ).toEqual([]);
  for (const { module, names } of example.imports) {
    if (!module.startsWith('smtp-xclient')) continue;
    const exports = MODULES[module] as Record<string, unknown> | undefined;
    expect(exports, `${block.file}:${block.line} imports ${module}`).toBeDefined();
    for (const name of names) expect(exports, `${module} exports ${name}`).toHaveProperty(name);
  }
}

function checkSession(block: CodeBlock): void {
  expect(existsSync(CLI), `${CLI} is missing: npm test builds it first (npm run build)`).toBe(true);
  const outputs = runSession(block, CLI, ROOT);
  shellSteps(block).forEach((step, i) => {
    expect(outputs[i], `${block.file}:${step.line}: $ ${step.command}`).toEqual(step.output);
  });
}

// -------------------------------------------------------------------------------------------
// TSDoc examples in src/

const SRC = readdirSync(`${ROOT}src`, { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.replaceAll('\\', '/'))
  .sort();
const allExamples = SRC.flatMap((file) => tsdocExamples(file, read(`src/${file}`)));

/** The names a TSDoc example of `file` may use: the package's entries, its own module, fc. */
async function scopeOf(file: string): Promise<Record<string, unknown>> {
  const own = (await import(
    /* @vite-ignore */ new URL(`../src/${file}`, import.meta.url).href
  )) as Record<string, unknown>;
  return {
    ...core,
    ...server,
    ...client,
    ...arbitraries,
    ...proxy,
    ...node,
    ...own,
    fc: fastCheck.default,
  };
}

describe('TSDoc examples', () => {
  it(
    'finds the examples of the exported declarations, with their claims',
    () => {
      expect(allExamples.length).toBeGreaterThan(100);
      const claims = allExamples.flatMap((e) => instrument(e.code).claims);
      expect(claims.length).toBeGreaterThan(100);
    },
    EXAMPLE_TIMEOUT_MS,
  );

  for (const file of SRC) {
    const examples = allExamples.filter((e) => e.file === file && e.exported);
    if (examples.length === 0) continue;
    describe(`src/${file}`, () => {
      for (const ex of examples) {
        it(`${ex.name} (line ${ex.line})`, async () => {
          const example = instrument(ex.code);
          const run = await runExample(example, await scopeOf(file), MODULES);
          expect(failures(example, run, ex.line), `${file}#${ex.name}`).toEqual([]);
        });
      }
    });
  }
});

describe("matchesShown (the live sessions' comparison)", () => {
  it.each([
    [['a', 'b', 'c'], ['a', 'b', 'c'], true],
    [['a', 'b', 'c'], ['a', '…', 'c'], true],
    [['a', 'c'], ['a', '…', 'c'], true],
    [['a', 'b', 'c'], ['…'], true],
    [['a', 'b', 'x'], ['a', '…', 'c'], false],
    [['a', 'b'], ['a', 'b', 'c'], false],
    [['a', 'b', 'c'], ['a', 'b'], false],
    [['{"x":1,"t":[1,2]}'], ['{"x":1,"t":[…]}'], true],
    [['{"x":2,"t":[1,2]}'], ['{"x":1,"t":[…]}'], false],
    [['ab'], ['a…b…'], true],
    [['ba'], ['a…b'], false],
  ] as const)('%j against %j: %s', (actual, shown, expected) => {
    expect(matchesShown(actual, shown)).toBe(expected);
  });
});
