import { spawnSync } from 'node:child_process';
/**
 * Reading and running the code examples of README.md, docs/*.md and the TSDoc of src/, and
 * checking what they claim. Used by test/docs-examples.test.ts, which states the rules.
 */
import { inspect } from 'node:util';
import ts from 'typescript';
import { expect } from 'vitest';

// -------------------------------------------------------------------------------------------
// Markdown

/** A fenced code block of a Markdown file. */
export interface CodeBlock {
  /** The file, relative to the repository. */
  readonly file: string;
  /** The line of the opening fence (1-based). */
  readonly line: number;
  /** The first word of the info string (`ts`, `console` …), lower case; '' without one. */
  readonly lang: string;
  /** The lines between the fences, their fence indentation removed. */
  readonly code: string;
  /** The reason of a `<!-- no-run: reason -->` comment on the line above the fence. */
  readonly noRun: string | undefined;
  /**
   * What a `<!-- live: what it needs -->` comment on the line above the fence says: the
   * session needs a live server, and runs in the interop suite (test/interop/docs.interop.test.ts).
   */
  readonly live: string | undefined;
}

/** The language of a block: code to run, a shell session, or anything else. */
export function blockKind(lang: string): 'code' | 'shell' | 'text' {
  if (['ts', 'typescript', 'js', 'javascript', 'mjs'].includes(lang)) return 'code';
  if (['sh', 'shell', 'bash', 'console'].includes(lang)) return 'shell';
  return 'text';
}

/** Every fenced code block (``` or ~~~) of a Markdown text, in order. */
export function markdownBlocks(file: string, text: string): CodeBlock[] {
  const lines = text.split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)(.*)$/.exec(lines[i] as string);
    if (!open) continue;
    const [, indent = '', fence = '', lang = ''] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const line = lines[j] as string;
      if (line.trim().startsWith(fence) && line.trim().replace(/[`~]/g, '') === '') break;
      body.push(line.startsWith(indent) ? line.slice(indent.length) : line.trimStart());
    }
    const above = /^\s*<!--\s*(no-run|live):(.*)-->\s*$/.exec(lines[i - 1] ?? '');
    const reason = (kind: string): string | undefined =>
      above?.[1] === kind ? (above[2] as string).trim() : undefined;
    blocks.push({
      file,
      line: i + 1,
      lang: lang.toLowerCase(),
      code: body.join('\n'),
      noRun: reason('no-run'),
      live: reason('live'),
    });
    i = j;
  }
  return blocks;
}

// -------------------------------------------------------------------------------------------
// TSDoc

/** An `@example` of a TSDoc comment in src/. */
export interface TsdocExample {
  /** The file, relative to src/. */
  readonly file: string;
  /** The declaration the comment documents. */
  readonly name: string;
  /** Whether that declaration is exported. */
  readonly exported: boolean;
  /** The line (1-based, in the file) of the first line of code. */
  readonly line: number;
  /** The code between the fences, without the comment's ` * `. */
  readonly code: string;
}

/** Every fenced `@example` of every TSDoc comment (`/** … *\/`) of a source file. */
export function tsdocExamples(file: string, text: string): TsdocExample[] {
  const out: TsdocExample[] = [];
  const lineAt = (offset: number): number => text.slice(0, offset).split('\n').length;
  for (const m of text.matchAll(/\/\*\*(?:[^*]|\*(?!\/))*\*\/[ \t]*\n\s*([^\n]*)/g)) {
    const comment = m[0].slice(0, m[0].indexOf('*/') + 2);
    const owner = m[1] as string;
    const decl =
      /^(export\s+)?(?:declare\s+)?(?:default\s+)?(?:async\s+)?(?:function\*?|const|let|var|class|type|interface|enum)\s+([A-Za-z_$][\w$]*)/.exec(
        owner,
      );
    const name = decl ? (decl[2] as string) : owner.trim().slice(0, 40);
    const lines = comment.split('\n');
    let inExample = false;
    let fenceAt = -1;
    let code: string[] = [];
    for (let i = 0; i < lines.length; i++) {
      const line = (lines[i] as string).replace(/^\s*\/?\*\*?\/? ?/, '').replace(/\s*\*\/$/, '');
      if (/^@example\b/.test(line)) inExample = true;
      else if (inExample && fenceAt < 0 && /^```/.test(line)) {
        fenceAt = i;
        code = [];
      } else if (fenceAt >= 0 && /^```/.test(line)) {
        out.push({
          file,
          name,
          exported: decl?.[1] !== undefined,
          line: lineAt(m.index) + fenceAt + 1,
          code: code.join('\n'),
        });
        fenceAt = -1;
        inExample = false;
      } else if (fenceAt >= 0) code.push(line);
      else if (/^@\w/.test(line)) inExample = false;
    }
  }
  return out;
}

// -------------------------------------------------------------------------------------------
// Claims

/** What a comment in an example says about the statement before it. */
export interface Claim {
  /** `value`: `//=> VALUE`; `example`: `//=> e.g. VALUE`; `log`: `//=>` after `console.log(…)`;
   *  `throws`: `// throws [XclientError] [CODE]`. */
  readonly kind: 'value' | 'example' | 'log' | 'throws';
  /** The line of the comment in the example (0-based). */
  readonly line: number;
  /** The claimed expression, as written. */
  readonly expression: string;
  /** The claim as written, after `//=>` (continuation lines joined). */
  readonly text: string;
  /** The claimed value as a JavaScript expression (notation rewritten), when it can be read. */
  readonly value: string | undefined;
  /** The error code of a `throws` claim. */
  readonly code: string | undefined;
}

/** Where a claim is not attached to a statement it can check, or cannot be read. */
export interface ClaimProblem {
  readonly line: number;
  readonly message: string;
}

const HELPERS = ['__claim', '__throws', '__xerr', '__typed', '__more', '__import', '__export'];

/** Typed arrays written as Node's `util.inspect` and vitest print them: `Uint8Array [1, 2]`. */
const TYPED = /\b(Uint8Array|Uint16Array|Uint32Array|Int8Array|Int16Array|Int32Array)\s+\[/;

function parses(expression: string): boolean {
  try {
    // Only compiled, never called: does the text read as one expression?
    new Function(`return (${expression}\n);`);
    return true;
  } catch {
    return false;
  }
}

/**
 * The claimed value of `//=> TEXT` as a JavaScript expression, or undefined when it cannot be
 * read. See test/docs-examples.test.ts for the notation.
 */
export function readClaimValue(text: string): { value: string; example: boolean } | undefined {
  let t = text.trim();
  const example = /^e\.g\.\s/.test(t);
  if (example) t = t.slice(4).trim();
  t = t.replace(
    /\bXclientError ([A-Z][A-Z0-9_]*)(?:, position (\d+))?/g,
    (_, code: string, position?: string) =>
      `__xerr(${JSON.stringify(code)}${position === undefined ? '' : `, ${position}`})`,
  );
  // `Uint8Array [0, 65]` → `__typed('Uint8Array', [0, 65])`
  for (let m = TYPED.exec(t); m; m = TYPED.exec(t)) {
    // One at a time: each rewrite removes the match, so the search starts over.
    const open = m.index + m[0].length - 1;
    let depth = 0;
    let close = -1;
    for (let i = open; i < t.length && close < 0; i++) {
      if (t[i] === '[') depth++;
      else if (t[i] === ']' && --depth === 0) close = i;
    }
    if (close < 0) return undefined;
    t = `${t.slice(0, m.index)}__typed('${m[1]}', ${t.slice(open, close + 1)})${t.slice(close + 1)}`;
  }
  // `{ a: 1, … }`: more properties not shown.
  t = t.replace(/([{,])\s*…\s*(?=})/g, '$1 ...__more ');
  // The value, then an optional comment: ` (…)` or `: …`.
  for (let i = 1; i < t.length; i++) {
    const rest = t.slice(i);
    if (!/^\s+\(/.test(rest) && !/^:\s/.test(rest)) continue;
    const value = t.slice(0, i);
    if (parses(value)) return { value, example };
  }
  return parses(t) ? { value: t, example } : undefined;
}

/** The comments of a source file: position, end and text. */
function comments(sf: ts.SourceFile): { pos: number; end: number; text: string }[] {
  const text = sf.getFullText();
  const seen = new Map<number, { pos: number; end: number; text: string }>();
  const visit = (node: ts.Node): void => {
    if (ts.isJSDoc(node)) return;
    const children = node.getChildren(sf);
    if (children.length === 0) {
      // Leading ranges start after a line break; the ones before it trail the token before.
      for (const c of [
        ...(ts.getLeadingCommentRanges(text, node.pos) ?? []),
        ...(ts.getTrailingCommentRanges(text, node.end) ?? []),
      ]) {
        seen.set(c.pos, { pos: c.pos, end: c.end, text: text.slice(c.pos, c.end) });
      }
    }
    for (const child of children) visit(child);
  };
  visit(sf);
  return [...seen.values()].sort((a, b) => a.pos - b.pos);
}

function expressionStatements(sf: ts.SourceFile): ts.ExpressionStatement[] {
  const out: ts.ExpressionStatement[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isExpressionStatement(node)) out.push(node);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** Whether `node` holds an `await` outside any nested function. */
function awaits(node: ts.Node): boolean {
  if (ts.isAwaitExpression(node)) return true;
  if (ts.isFunctionLike(node)) return false;
  return ts.forEachChild(node, awaits) ?? false;
}

/** Names declared by a binding (identifier or destructuring pattern). */
function boundNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((e) => (ts.isOmittedExpression(e) ? [] : boundNames(e.name)));
}

function transpile(code: string): ts.TranspileOutput {
  return ts.transpileModule(code, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
    reportDiagnostics: true,
    fileName: 'example.ts',
  });
}

/** An example made runnable: its JavaScript, its claims and the names it declares. */
export interface Instrumented {
  readonly js: string;
  readonly claims: readonly Claim[];
  readonly problems: readonly ClaimProblem[];
  /** The names declared at the top level (imports included), shared with later blocks. */
  readonly names: readonly string[];
  /** The modules it imports, with the names taken from each. */
  readonly imports: readonly { readonly module: string; readonly names: readonly string[] }[];
}

/**
 * Rewrites an example so that it can run as the body of an async function:
 * - `import { a, b as c } from 'm'` becomes `const { a, b: c } = __import('m')` (type-only
 *   imports are dropped);
 * - each checked statement `E` becomes `__claim(k, () => (E), () => (VALUE))` (or `__throws`);
 * - types are removed (TypeScript's transpileModule).
 */
export function instrument(code: string): Instrumented {
  const sf = ts.createSourceFile(
    'example.ts',
    code,
    ts.ScriptTarget.Latest,
    true,
    ts.ScriptKind.TS,
  );
  const edits: { start: number; end: number; text: string }[] = [];
  const problems: ClaimProblem[] = [];
  const claims: Claim[] = [];
  const names: string[] = [];
  const imports: { module: string; names: string[] }[] = [];
  const lineOf = (pos: number): number => sf.getLineAndCharacterOfPosition(pos).line;

  for (const statement of sf.statements) {
    if (ts.isImportDeclaration(statement)) {
      const module = (statement.moduleSpecifier as ts.StringLiteral).text;
      const from = `__import(${JSON.stringify(module)})`;
      const clause = statement.importClause;
      const out: string[] = [];
      const taken: string[] = [];
      if (clause && !clause.isTypeOnly) {
        if (clause.name) {
          names.push(clause.name.text);
          taken.push('default');
          out.push(`const ${clause.name.text} = ${from}.default;`);
        }
        const bindings = clause.namedBindings;
        if (bindings && ts.isNamespaceImport(bindings)) {
          names.push(bindings.name.text);
          out.push(`const ${bindings.name.text} = ${from};`);
        } else if (bindings) {
          const parts: string[] = [];
          for (const e of bindings.elements) {
            if (e.isTypeOnly) continue;
            const imported = (e.propertyName ?? e.name).getText(sf);
            names.push(e.name.text);
            taken.push(imported);
            parts.push(imported === e.name.text ? imported : `${imported}: ${e.name.text}`);
          }
          if (parts.length > 0) out.push(`const { ${parts.join(', ')} } = ${from};`);
        }
      }
      imports.push({ module, names: taken });
      edits.push({ start: statement.getStart(sf), end: statement.end, text: out.join(' ') });
    } else if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) names.push(...boundNames(d.name));
    } else if (
      (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) &&
      statement.name
    ) {
      names.push(statement.name.text);
    }
  }

  const all = comments(sf);
  const statements = expressionStatements(sf);
  for (let c = 0; c < all.length; c++) {
    const comment = all[c] as { pos: number; end: number; text: string };
    const isValue = comment.text.startsWith('//=>');
    const throwsClaim = /^\/\/\s*throws\b\s*(?:XclientError\s+)?([A-Z][A-Z0-9_]+)?/.exec(
      comment.text,
    );
    if (!isValue && !throwsClaim) continue;
    const line = lineOf(comment.pos);
    let target: ts.ExpressionStatement | undefined;
    for (const s of statements) {
      if (s.end > comment.pos) continue;
      if (!/^[ \t]*(?:\r?\n[ \t]*)?$/.test(code.slice(s.end, comment.pos))) continue;
      if (target === undefined || s.getStart(sf) > target.getStart(sf)) target = s;
    }
    if (target === undefined) {
      problems.push({
        line,
        message: `"${comment.text}" follows no expression statement that it could describe`,
      });
      continue;
    }
    const expr = target.expression;
    const exprText = expr.getText(sf);
    const k = claims.length;
    const isAsync = awaits(expr);
    const call = (helper: string, ...args: string[]): string =>
      `${isAsync ? 'await ' : ''}${helper}(${[String(k), ...args].join(', ')})`;
    const fn = (body: string): string => `${isAsync ? 'async ' : ''}() => (${body})`;
    if (throwsClaim) {
      claims.push({
        kind: 'throws',
        line,
        expression: exprText,
        text: comment.text.replace(/^\/\/\s*/, ''),
        value: undefined,
        code: throwsClaim[1],
      });
      edits.push({ start: expr.getStart(sf), end: expr.end, text: call('__throws', fn(exprText)) });
      continue;
    }
    // The claim may go on over the comment lines right below it.
    let text = comment.text.slice(4).trim();
    let last = comment;
    for (let n = c + 1; n < all.length; n++) {
      const next = all[n] as { pos: number; end: number; text: string };
      if (readClaimValue(text) !== undefined) break;
      if (next.text.startsWith('//=>') || !next.text.startsWith('//')) break;
      if (!/^[ \t]*\r?\n[ \t]*$/.test(code.slice(last.end, next.pos))) break;
      text = `${text} ${next.text.slice(2).trim()}`;
      last = next;
      c = n;
    }
    const isLog =
      ts.isCallExpression(expr) && expr.expression.getText(sf).replace(/\s/g, '') === 'console.log';
    if (isLog) {
      const args = (expr as ts.CallExpression).arguments.map((a) => a.getText(sf)).join(', ');
      claims.push({ kind: 'log', line, expression: exprText, text, value: text, code: undefined });
      edits.push({
        start: expr.getStart(sf),
        end: expr.end,
        text: call('__claim', fn(`[${args}]`)),
      });
      continue;
    }
    const read = readClaimValue(text);
    claims.push({
      kind: read?.example ? 'example' : 'value',
      line,
      expression: exprText,
      text,
      value: read?.value,
      code: undefined,
    });
    if (read === undefined) {
      problems.push({ line, message: `cannot read the claimed value "${text}"` });
    }
    edits.push({
      start: expr.getStart(sf),
      end: expr.end,
      text: call('__claim', fn(exprText), read ? `() => (${read.value})` : 'undefined'),
    });
  }

  let edited = code;
  let from = code.length;
  for (const e of edits.sort((a, b) => b.start - a.start)) {
    if (e.end > from) {
      problems.push({ line: lineOf(e.start), message: 'a claim inside a claimed statement' });
      continue;
    }
    edited = edited.slice(0, e.start) + e.text + edited.slice(e.end);
    from = e.start;
  }
  for (const d of transpile(code).diagnostics ?? []) {
    problems.push({
      line: d.start === undefined ? 0 : lineOf(d.start),
      message: `syntax: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
    });
  }
  const out = transpile(edited);
  if (problems.length === 0 && (out.diagnostics ?? []).length > 0) {
    problems.push({
      line: 0,
      message: 'the claims could not be checked: the rewritten code is broken',
    });
  }
  const js = out.outputText.replace(/^"use strict";\n/, '').replace(/^export \{\};\n?/m, '');
  return { js, claims, problems, names: [...new Set(names)], imports };
}

// -------------------------------------------------------------------------------------------
// Expected values

const MORE = Symbol('more properties');

/** An asymmetric matcher (vitest's `expect(…).toEqual` uses it through `asymmetricMatch`). */
abstract class Matcher {
  readonly $$typeof = Symbol.for('jest.asymmetricMatcher');
  abstract asymmetricMatch(other: unknown): boolean;
  abstract toString(): string;
  toAsymmetricMatcher(): string {
    return this.toString();
  }
}

/** `{ a: 1, … }`: an object with at least these properties. */
class SomeProperties extends Matcher {
  constructor(readonly sample: Record<string, unknown>) {
    super();
  }
  asymmetricMatch(other: unknown): boolean {
    return expect.objectContaining(this.sample).asymmetricMatch(other);
  }
  toString(): string {
    return `{ ${Object.keys(this.sample).join(', ')}, … }`;
  }
}

/** `'…'`: any string. */
class AnyText extends Matcher {
  asymmetricMatch(other: unknown): boolean {
    return typeof other === 'string';
  }
  toString(): string {
    return "'…'";
  }
}

/** `XclientError CODE, position N`. */
class ErrorWithCode extends Matcher {
  constructor(
    readonly code: string,
    readonly position: number | undefined,
  ) {
    super();
  }
  asymmetricMatch(other: unknown): boolean {
    const e = other as { name?: unknown; code?: unknown; position?: unknown } | null;
    return (
      other instanceof Error &&
      e?.name === 'XclientError' &&
      e.code === this.code &&
      (this.position === undefined || e.position === this.position)
    );
  }
  toString(): string {
    return `XclientError ${this.code}${this.position === undefined ? '' : `, position ${this.position}`}`;
  }
}

function isPlainObject(v: unknown): v is Record<string | symbol, unknown> {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

/** The claimed value with its notation (`…`) turned into matchers. */
function expected(value: unknown): unknown {
  if (value === '…') return new AnyText();
  if (Array.isArray(value)) return value.map(expected);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = expected(value[key]);
  return Object.hasOwn(value, MORE) ? new SomeProperties(out) : out;
}

/** For `e.g.` claims: the same kind of value (type, array length, property names). */
function sameShape(actual: unknown, claimed: unknown): boolean {
  if (claimed instanceof AnyText || claimed instanceof ErrorWithCode) {
    return claimed.asymmetricMatch(actual);
  }
  if (claimed instanceof SomeProperties) {
    return (
      typeof actual === 'object' &&
      actual !== null &&
      Object.entries(claimed.sample).every(
        ([k, v]) => k in actual && sameShape((actual as Record<string, unknown>)[k], v),
      )
    );
  }
  if (Array.isArray(claimed)) {
    return (
      Array.isArray(actual) &&
      actual.length === claimed.length &&
      claimed.every((v, i) => sameShape(actual[i], v))
    );
  }
  if (ArrayBuffer.isView(claimed)) {
    return ArrayBuffer.isView(actual) && actual.constructor === claimed.constructor;
  }
  if (isPlainObject(claimed)) {
    if (!isPlainObject(actual)) return false;
    const keys = Object.keys(claimed).sort();
    return (
      JSON.stringify(keys) === JSON.stringify(Object.keys(actual).sort()) &&
      keys.every((k) => sameShape(actual[k], claimed[k]))
    );
  }
  if (claimed === null) return actual === null;
  return typeof actual === typeof claimed;
}

function show(v: unknown): string {
  return inspect(v, { depth: null, breakLength: Number.POSITIVE_INFINITY });
}

// -------------------------------------------------------------------------------------------
// Running

/** What became of one claim. */
export interface ClaimResult {
  readonly claim: Claim;
  /** Whether the statement ran. */
  readonly reached: boolean;
  /** Why the claim does not hold (undefined when it holds or was not reached). */
  readonly failure: string | undefined;
}

/** What became of a run. */
export interface RunResult {
  readonly results: readonly ClaimResult[];
  /** What the example threw (other than a claimed throw). */
  readonly error: unknown;
  /** The values of the names it declares, at its end. */
  readonly exported: Readonly<Record<string, unknown>>;
}

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
  ...args: string[]
) => (...args: unknown[]) => Promise<unknown>;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * Runs an instrumented example as an async function whose parameters are `scope` (names the
 * example uses without declaring) and whose imports come from `modules`.
 */
export async function runExample(
  example: Instrumented,
  scope: Readonly<Record<string, unknown>>,
  modules: Readonly<Record<string, unknown>>,
): Promise<RunResult> {
  const state = example.claims.map(() => ({
    reached: false,
    failure: undefined as string | undefined,
  }));
  let exported: Record<string, unknown> = {};
  const check = (k: number, actual: unknown, claimed: (() => unknown) | undefined): void => {
    const claim = example.claims[k] as Claim;
    const s = state[k] as { reached: boolean; failure: string | undefined };
    s.reached = true;
    if (claim.kind === 'log') {
      const printed = (actual as unknown[]).map(show).join(' ');
      if (printed !== claim.text.replace(/\s+/g, ' ')) s.failure = `logged ${printed}`;
      return;
    }
    if (claimed === undefined) {
      s.failure = `is ${show(actual)}; the claim cannot be read`;
      return;
    }
    let want: unknown;
    try {
      want = expected(claimed());
    } catch (e) {
      s.failure = `the claimed value cannot be evaluated: ${String(e)}`;
      return;
    }
    if (claim.kind === 'example') {
      if (!sameShape(actual, want)) s.failure = `is ${show(actual)}, not like ${show(want)}`;
      return;
    }
    try {
      expect(actual).toEqual(want);
    } catch {
      s.failure = `is ${show(actual)}`;
    }
  };
  const helpers: Record<string, unknown> = {
    __claim: (k: number, actual: () => unknown, claimed?: () => unknown): unknown => {
      const v = actual();
      if (v instanceof Promise) {
        return v.then((r: unknown) => {
          check(k, r, claimed);
          return r;
        });
      }
      check(k, v, claimed);
      return v;
    },
    __throws: (k: number, run: () => unknown): unknown => {
      const claim = example.claims[k] as Claim;
      const s = state[k] as { reached: boolean; failure: string | undefined };
      s.reached = true;
      const threw = (e: unknown): void => {
        const code = (e as { code?: unknown } | null)?.code;
        if (claim.code !== undefined && code !== claim.code) {
          s.failure = `threw ${show(e)} (code ${String(code)})`;
        }
      };
      try {
        const v = run();
        if (v instanceof Promise) {
          return v.then(() => {
            s.failure = 'did not throw';
          }, threw);
        }
        s.failure = 'did not throw';
      } catch (e) {
        threw(e);
      }
      return undefined;
    },
    __xerr: (code: string, position?: number) => new ErrorWithCode(code, position),
    __typed: (type: string, values: number[]) => {
      const ctor = (globalThis as Record<string, unknown>)[type] as new (v: number[]) => unknown;
      return new ctor(values);
    },
    __more: { [MORE]: true },
    __import: (name: string) => {
      if (!(name in modules)) throw new Error(`the example imports ${name}, which is not provided`);
      return modules[name];
    },
    __export: (values: Record<string, unknown>) => {
      exported = values;
    },
    console: { log: () => {}, error: () => {}, warn: () => {}, table: () => {} },
  };
  const params = Object.keys(scope).filter(
    (k) => IDENTIFIER.test(k) && !HELPERS.includes(k) && k !== 'console',
  );
  const names = example.names.filter((n) => IDENTIFIER.test(n));
  const body = `'use strict';\n{\n${example.js}\n__export({ ${names.join(', ')} });\n}`;
  let error: unknown;
  try {
    const fn = new AsyncFunction(...params, ...Object.keys(helpers), body);
    await fn(...params.map((p) => scope[p]), ...Object.values(helpers));
  } catch (e) {
    error = e;
  }
  return {
    results: example.claims.map((claim, k) => ({
      claim,
      reached: (state[k] as { reached: boolean }).reached,
      failure: (state[k] as { failure: string | undefined }).failure,
    })),
    error,
    exported,
  };
}

// -------------------------------------------------------------------------------------------
// Shell sessions

/** One `$ command` of a shell block and the output shown below it. */
export interface ShellStep {
  /** The command, continuation lines (`\` at the end) joined with their line breaks. */
  readonly command: string;
  /** The line of the `$` in the file (1-based). */
  readonly line: number;
  /** The output lines shown, trailing spaces and trailing empty lines removed. */
  readonly output: readonly string[];
}

/** The `$ ` commands of a shell block with their output; empty when it has no prompt. */
export function shellSteps(block: CodeBlock): ShellStep[] {
  const steps: { command: string; line: number; output: string[] }[] = [];
  const lines = block.code.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.startsWith('$ ')) {
      let command = line.slice(2);
      const at = i;
      while (command.endsWith('\\') && i + 1 < lines.length) command += `\n${lines[++i]}`;
      steps.push({ command, line: block.line + 1 + at, output: [] });
    } else {
      steps.at(-1)?.output.push(line.trimEnd());
    }
  }
  for (const s of steps) while (s.output.at(-1) === '') s.output.pop();
  return steps;
}

/** Splits the output of `shellScript` into the output lines of each step. */
export function shellScript(steps: readonly ShellStep[], cli: string): string {
  const parts = [
    'exec 2>&1',
    `smtp-xclient() { node ${JSON.stringify(cli)} "$@"; }`,
    "printf '@@@ 0 @@@\\n'",
  ];
  steps.forEach((s, i) => {
    parts.push(s.command);
    parts.push(`__rc=$?; printf '\\n@@@ ${i + 1} @@@\\n'; (exit $__rc)`);
  });
  return parts.join('\n');
}

/** The output lines of each step, from the output of `shellScript`. */
export function shellOutputs(output: string, count: number): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < count; i++) {
    const start = output.indexOf(`@@@ ${i} @@@\n`);
    const end = output.indexOf(`\n@@@ ${i + 1} @@@\n`);
    if (start < 0 || end < 0) {
      out.push(['(no output: the script stopped)']);
      continue;
    }
    const lines = output
      .slice(start + `@@@ ${i} @@@\n`.length, end)
      .split('\n')
      .map((l) => l.trimEnd());
    while (lines.at(-1) === '') lines.pop();
    out.push(lines);
  }
  return out;
}

/**
 * Whether output lines match the lines a document shows, where a line `…` stands for any
 * number of lines and `…` inside a line for any text.
 */
export function matchesShown(actual: readonly string[], shown: readonly string[]): boolean {
  const line = (text: string, pattern: string): boolean => {
    const parts = pattern.split('…');
    if (parts.length === 1) return text === pattern;
    let at = 0;
    for (const [k, part] of parts.entries()) {
      const found = k === 0 ? (text.startsWith(part) ? 0 : -1) : text.indexOf(part, at);
      if (found < 0) return false;
      at = found + part.length;
    }
    return parts.at(-1) === '' || text.endsWith(parts.at(-1) as string);
  };
  const from = (i: number, j: number): boolean => {
    if (j === shown.length) return i === actual.length;
    if (shown[j] === '…') {
      for (let k = i; k <= actual.length; k++) if (from(k, j + 1)) return true;
      return false;
    }
    return i < actual.length && line(actual[i] as string, shown[j] as string) && from(i + 1, j + 1);
  };
  return from(0, 0);
}

/**
 * Runs the `$ ` commands of a shell block against the built CLI `cli` (as `smtp-xclient`) in
 * `cwd`, and returns each command's output lines.
 */
export function runSession(block: CodeBlock, cli: string, cwd: string): string[][] {
  const steps = shellSteps(block);
  const result = spawnSync('bash', ['-c', shellScript(steps, cli)], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  return shellOutputs(result.stdout, steps.length);
}
