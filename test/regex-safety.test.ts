// Every regular expression in src/ must be free of catastrophic backtracking (issue 8): the
// library reads lines from untrusted peers. This test finds each regular expression literal
// and each RegExp construction in src/**/*.ts with the TypeScript parser, parses its pattern
// and checks it for the shapes that make a backtracking engine (V8's irregexp) exponential or
// polynomial on a crafted input. Each regex found is a test of its own, named with where it
// is and why it is safe; a new unsafe one fails here.
//
// The checks are conservative (they may refuse a safe pattern, never pass a classic unsafe
// one); a pattern that is safe for a reason they cannot see goes in REVIEWED with the reason.

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const srcDir = join(root, 'src');

/** Patterns the checker refuses but a person has shown safe: pattern source → why. */
const REVIEWED: Readonly<Record<string, string>> = {};

// ---------------------------------------------------------------------------------------
// Character sets: sorted, disjoint, inclusive ranges of code points.

type Range = readonly [number, number];
type CharSet = readonly Range[];

const MAX_CP = 0x10ffff;

function normalize(ranges: Range[]): CharSet {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

const union = (...sets: CharSet[]): CharSet => normalize(sets.flat() as Range[]);

function complement(set: CharSet): CharSet {
  const out: Range[] = [];
  let next = 0;
  for (const [lo, hi] of set) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_CP) out.push([next, MAX_CP]);
  return out;
}

function intersects(a: CharSet, b: CharSet): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as Range;
    const y = b[j] as Range;
    if (x[1] < y[0]) i++;
    else if (y[1] < x[0]) j++;
    else return true;
  }
  return false;
}

/** With the `i` flag: ASCII letters in either case (wider is conservative). */
function foldCase(set: CharSet): CharSet {
  const extra: Range[] = [];
  for (const [lo, hi] of set) {
    for (const [from, to, delta] of [
      [0x41, 0x5a, 0x20],
      [0x61, 0x7a, -0x20],
    ] as const) {
      const a = Math.max(lo, from);
      const b = Math.min(hi, to);
      if (a <= b) extra.push([a + delta, b + delta]);
    }
  }
  return union(set, extra);
}

const cp = (c: string): number => c.codePointAt(0) as number;
const DIGIT: CharSet = [[0x30, 0x39]];
const WORD: CharSet = normalize([
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
]);
const SPACE: CharSet = normalize(
  [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000]
    .map((c): Range => [c, c])
    .concat([[0x2000, 0x200a] as Range, [0xfeff, 0xfeff] as Range]),
);
const LINE_TERMINATORS: CharSet = normalize([
  [0x0a, 0x0a],
  [0x0d, 0x0d],
  [0x2028, 0x2029],
]);
const ANY: CharSet = [[0, MAX_CP]];

// ---------------------------------------------------------------------------------------
// The pattern, parsed

type Node =
  | { readonly type: 'chars'; readonly set: CharSet }
  | { readonly type: 'seq'; readonly items: readonly Node[] }
  | { readonly type: 'alt'; readonly alts: readonly Node[] }
  | { readonly type: 'group'; readonly body: Node; readonly lookaround: boolean }
  | {
      readonly type: 'quant';
      readonly body: Node;
      readonly min: number;
      readonly max: number;
      readonly text: string;
    }
  | { readonly type: 'assert'; readonly kind: 'start' | 'end' | 'boundary' }
  | { readonly type: 'backref' };

class PatternParser {
  private i = 0;
  private readonly unicode: boolean;
  private readonly ignoreCase: boolean;
  private readonly dotAll: boolean;

  constructor(
    private readonly src: string,
    flags: string,
  ) {
    this.unicode = flags.includes('u') || flags.includes('v');
    this.ignoreCase = flags.includes('i');
    this.dotAll = flags.includes('s');
  }

  parse(): Node {
    const node = this.alternation();
    if (this.i < this.src.length) this.fail(`unexpected "${this.src[this.i]}"`);
    return node;
  }

  private fail(message: string): never {
    throw new Error(`cannot read /${this.src}/ at ${this.i}: ${message}`);
  }

  private peek(): string | undefined {
    return this.src[this.i];
  }

  private alternation(): Node {
    const alts = [this.sequence()];
    while (this.peek() === '|') {
      this.i++;
      alts.push(this.sequence());
    }
    return alts.length === 1 ? (alts[0] as Node) : { type: 'alt', alts };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.i < this.src.length && this.peek() !== '|' && this.peek() !== ')') {
      const start = this.i;
      const atom = this.atom();
      items.push(this.quantifier(atom, start));
    }
    return { type: 'seq', items };
  }

  private quantifier(atom: Node, start: number): Node {
    const c = this.peek();
    let min: number;
    let max: number;
    if (c === '*' || c === '+' || c === '?') {
      this.i++;
      [min, max] = c === '*' ? [0, Infinity] : c === '+' ? [1, Infinity] : [0, 1];
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (m === null) return atom; // a literal "{" (outside unicode mode)
      this.i += m[0].length;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
    } else return atom;
    if (this.peek() === '?') this.i++; // lazy: backtracks all the same
    if (atom.type === 'assert') this.fail('quantified assertion');
    return { type: 'quant', body: atom, min, max, text: this.src.slice(start, this.i) };
  }

  private chars(set: CharSet): Node {
    return { type: 'chars', set: this.ignoreCase ? foldCase(set) : set };
  }

  private atom(): Node {
    const c = this.peek() as string;
    if (c === '^' || c === '$') {
      this.i++;
      return { type: 'assert', kind: c === '^' ? 'start' : 'end' };
    }
    if (c === '.') {
      this.i++;
      return this.chars(this.dotAll ? ANY : complement(LINE_TERMINATORS));
    }
    if (c === '(') return this.group();
    if (c === '[') return this.chars(this.charClass());
    if (c === '\\') return this.atomEscape();
    if (c === '*' || c === '+' || c === '?') this.fail('nothing to repeat');
    this.i += c.length;
    const point = this.unicode ? (this.src.codePointAt(this.i - 1) as number) : cp(c);
    if (this.unicode && point > 0xffff) this.i++;
    return this.chars([[point, point]]);
  }

  private group(): Node {
    this.i++; // (
    let lookaround = false;
    if (this.src.startsWith('?:', this.i)) this.i += 2;
    else if (/^\?<?[=!]/.test(this.src.slice(this.i))) {
      lookaround = true;
      this.i += this.src[this.i + 1] === '<' ? 3 : 2;
    } else if (this.src.startsWith('?<', this.i)) {
      const close = this.src.indexOf('>', this.i);
      if (close < 0) this.fail('unterminated group name');
      this.i = close + 1;
    } else if (this.peek() === '?') this.fail('unknown group kind');
    const body = this.alternation();
    if (this.peek() !== ')') this.fail('unterminated group');
    this.i++;
    return { type: 'group', body, lookaround };
  }

  /** An escape outside a class: a character set, an assertion or a backreference. */
  private atomEscape(): Node {
    const next = this.src[this.i + 1];
    if (next === 'b' || next === 'B') {
      this.i += 2;
      return { type: 'assert', kind: 'boundary' };
    }
    if (next !== undefined && /[1-9]/.test(next)) {
      this.i += 2;
      while (/[0-9]/.test(this.peek() ?? '')) this.i++;
      return { type: 'backref' };
    }
    if (next === 'k' && this.src[this.i + 2] === '<') {
      this.i = this.src.indexOf('>', this.i) + 1;
      return { type: 'backref' };
    }
    return this.chars(this.classEscape());
  }

  /** `\…` standing for a set of characters (inside or outside a class); `this.i` at `\`. */
  private classEscape(): CharSet {
    this.i++; // backslash
    const c = this.peek();
    if (c === undefined) this.fail('trailing backslash');
    this.i++;
    switch (c) {
      case 'd':
        return DIGIT;
      case 'D':
        return complement(DIGIT);
      case 'w':
        return WORD;
      case 'W':
        return complement(WORD);
      case 's':
        return SPACE;
      case 'S':
        return complement(SPACE);
      case 'n':
        return [[0x0a, 0x0a]];
      case 'r':
        return [[0x0d, 0x0d]];
      case 't':
        return [[0x09, 0x09]];
      case 'v':
        return [[0x0b, 0x0b]];
      case 'f':
        return [[0x0c, 0x0c]];
      case '0':
        return [[0, 0]];
      case 'b': // inside a class: backspace
        return [[0x08, 0x08]];
      case 'c': {
        const letter = this.peek() ?? '';
        this.i++;
        const code = cp(letter) % 32;
        return [[code, code]];
      }
      case 'x': {
        const hex = this.src.slice(this.i, this.i + 2);
        this.i += 2;
        const code = Number.parseInt(hex, 16);
        return [[code, code]];
      }
      case 'u': {
        if (this.peek() === '{') {
          const close = this.src.indexOf('}', this.i);
          const code = Number.parseInt(this.src.slice(this.i + 1, close), 16);
          this.i = close + 1;
          return [[code, code]];
        }
        const code = Number.parseInt(this.src.slice(this.i, this.i + 4), 16);
        this.i += 4;
        return [[code, code]];
      }
      case 'p':
      case 'P': {
        // a Unicode property: taken as any character (conservative)
        const close = this.src.indexOf('}', this.i);
        this.i = close + 1;
        return ANY;
      }
      default: {
        const code = cp(c as string);
        return [[code, code]];
      }
    }
  }

  private charClass(): CharSet {
    this.i++; // [
    let negate = false;
    if (this.peek() === '^') {
      negate = true;
      this.i++;
    }
    const ranges: Range[] = [];
    while (this.peek() !== ']') {
      if (this.i >= this.src.length) this.fail('unterminated class');
      const lo = this.classAtom();
      if (this.peek() === '-' && this.src[this.i + 1] !== ']' && lo.length === 1) {
        const loRange = lo[0] as Range;
        if (loRange[0] === loRange[1]) {
          this.i++; // -
          const hi = this.classAtom();
          const hiRange = hi[0] as Range;
          if (hi.length === 1 && hiRange[0] === hiRange[1]) {
            ranges.push([loRange[0], hiRange[0]]);
            continue;
          }
          ranges.push(loRange, [0x2d, 0x2d], ...hi);
          continue;
        }
      }
      ranges.push(...lo);
    }
    this.i++; // ]
    const set = normalize(ranges);
    return negate ? complement(set) : set;
  }

  private classAtom(): CharSet {
    const c = this.peek() as string;
    if (c === '\\') return this.classEscape();
    const point = this.src.codePointAt(this.i) as number;
    this.i += point > 0xffff && this.unicode ? 2 : 1;
    const code = point > 0xffff && !this.unicode ? cp(c) : point;
    return [[code, code]];
  }
}

// ---------------------------------------------------------------------------------------
// What the pattern can do

/** Whether a node can match the empty string. */
function nullable(node: Node): boolean {
  switch (node.type) {
    case 'chars':
      return false;
    case 'seq':
      return node.items.every(nullable);
    case 'alt':
      return node.alts.some(nullable);
    case 'group':
      return node.lookaround || nullable(node.body);
    case 'quant':
      return node.min === 0 || nullable(node.body);
    case 'assert':
      return true;
    case 'backref':
      return true;
  }
}

/** Every character a node can consume. */
function consumed(node: Node): CharSet {
  switch (node.type) {
    case 'chars':
      return node.set;
    case 'seq':
      return union(...node.items.map(consumed));
    case 'alt':
      return union(...node.alts.map(consumed));
    case 'group':
      return node.lookaround ? [] : consumed(node.body);
    case 'quant':
      return node.max === 0 ? [] : consumed(node.body);
    case 'assert':
      return [];
    case 'backref':
      return ANY;
  }
}

/** The characters a node's match can start with. */
function firsts(node: Node): CharSet {
  switch (node.type) {
    case 'chars':
      return node.set;
    case 'seq': {
      const sets: CharSet[] = [];
      for (const item of node.items) {
        sets.push(firsts(item));
        if (!nullable(item)) break;
      }
      return union(...sets);
    }
    case 'alt':
      return union(...node.alts.map(firsts));
    case 'group':
      return node.lookaround ? [] : firsts(node.body);
    case 'quant':
      return node.max === 0 ? [] : firsts(node.body);
    case 'assert':
      return [];
    case 'backref':
      return ANY;
  }
}

function children(node: Node): readonly Node[] {
  switch (node.type) {
    case 'seq':
      return node.items;
    case 'alt':
      return node.alts;
    case 'group':
    case 'quant':
      return [node.body];
    default:
      return [];
  }
}

function* walk(node: Node): Generator<Node> {
  yield node;
  for (const child of children(node)) yield* walk(child);
}

/** The items of a node seen as a sequence (groups without lookaround opened). */
function asSequence(node: Node): readonly Node[] {
  if (node.type === 'seq') return node.items.flatMap((item) => asSequence(item));
  if (node.type === 'group' && !node.lookaround) return asSequence(node.body);
  return [node];
}

/**
 * A repeated body is delimited when each repetition must consume exactly one character of
 * a set that nothing else in the body can consume (the "." of `(?:\.label)*`): then the
 * repetitions of any match are fixed, and nested repetition cannot multiply the ways to
 * match.
 */
function delimited(body: Node): boolean {
  const items = asSequence(body);
  return items.some((item, k) => {
    if (item.type !== 'chars') return false;
    const rest = items.filter((_, j) => j !== k);
    return !intersects(item.set, union(...rest.map(consumed)));
  });
}

const repeats = (node: Node): node is Extract<Node, { type: 'quant' }> =>
  node.type === 'quant' && node.max > 1;

interface Analysis {
  readonly problems: string[];
  readonly repetitions: string[];
  /** Why a shape that looks dangerous is not. */
  readonly notes?: string[];
}

function analyze(source: string, flags: string): Analysis {
  const problems: string[] = [];
  const notes: string[] = [];
  let tree: Node;
  try {
    tree = new PatternParser(source, flags).parse();
  } catch (error) {
    return { problems: [(error as Error).message], repetitions: [] };
  }
  const nodes = [...walk(tree)];
  const repetitions = [...new Set(nodes.filter(repeats).map((q) => q.text))];

  for (const node of nodes) {
    if (node.type === 'backref') problems.push('backreference (matching it can be exponential)');
    if (!repeats(node)) continue;
    const inner = [...walk(node.body)];
    // 1. Nested repetition: (a+)+, (\d*\.?)* …
    const nested = inner.filter(
      (n): n is Extract<Node, { type: 'quant' }> =>
        repeats(n) && (n.max === Infinity || node.max === Infinity),
    );
    if (nested.length > 0) {
      const list = [...new Set(nested.map((n) => n.text))].join(', ');
      if (!delimited(node.body)) problems.push(`nested repetition: ${list} inside ${node.text}`);
      else
        notes.push(
          `${list} nested in ${node.text}, whose repetitions a mandatory separator delimits`,
        );
    }
    // 2. A repeated body that can match empty: (a?)*, (a|)+ …
    if (node.max === Infinity && nullable(node.body)) {
      problems.push(`${node.text}: the repeated part can match the empty string`);
    }
    // 3. Alternatives that can start alike under repetition: (a|ab)*, (\s|\t)+ …
    if (!delimited(node.body)) {
      for (const alt of inner.filter((n) => n.type === 'alt')) {
        const alts = (alt as Extract<Node, { type: 'alt' }>).alts;
        for (let x = 0; x < alts.length; x++) {
          for (let y = x + 1; y < alts.length; y++) {
            const a = alts[x] as Node;
            const b = alts[y] as Node;
            if (nullable(a) || nullable(b) || intersects(firsts(a), firsts(b))) {
              problems.push(`${node.text}: overlapping alternatives under repetition`);
            }
          }
        }
      }
    }
  }

  // 4. Two unbounded repetitions of overlapping characters with nothing mandatory between
  //    them (\d+\d*, \s*\s+$ …): polynomial backtracking.
  for (const node of nodes) {
    if (node.type !== 'seq') continue;
    const items = asSequence(node);
    for (let x = 0; x < items.length; x++) {
      const a = items[x] as Node;
      if (!(a.type === 'quant' && a.max === Infinity)) continue;
      for (let y = x + 1; y < items.length; y++) {
        const b = items[y] as Node;
        if (b.type === 'quant' && b.max === Infinity) {
          if (intersects(consumed(a), consumed(b))) {
            problems.push(`${a.text} then ${b.text}: adjacent repetitions of the same characters`);
          }
        }
        if (!nullable(b)) break;
      }
    }
  }

  // 5. Unanchored search starting with an unbounded repetition that what follows can make
  //    fail (/\s+$/, /a+b/): the engine retries from every offset, each retry costing O(n).
  if (!flags.includes('y')) {
    const top = asSequence(tree);
    const first = top[0];
    const anchored = first?.type === 'assert' && first.kind === 'start';
    if (!anchored && first?.type === 'quant' && first.max === Infinity) {
      const rest = top.slice(1);
      const restCanFail = rest.some((n) => !nullable(n) || n.type === 'assert');
      if (restCanFail) {
        problems.push(
          `unanchored ${first.text} followed by something that can fail: quadratic search`,
        );
      }
    }
  }
  return { problems: [...new Set(problems)], repetitions, notes };
}

function reasonFor(source: string, flags: string, analysis: Analysis): string {
  if (REVIEWED[source] !== undefined) return `reviewed: ${REVIEWED[source]}`;
  if (analysis.repetitions.length === 0)
    return 'no repetition: at most one match attempt per offset';
  const anchored = source.startsWith('^') || flags.includes('y');
  const notes = analysis.notes?.length ? `; ${analysis.notes.join('; ')}` : '';
  return `repetitions ${analysis.repetitions.join(' ')}: no ambiguous nesting, no empty-matching or overlapping alternatives, no overlapping neighbours${anchored ? ', anchored' : ''}${notes}`;
}

// ---------------------------------------------------------------------------------------
// Finding the regular expressions in src/

interface Found {
  readonly where: string;
  readonly source: string;
  readonly flags: string;
  readonly unreadable?: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The string value of an expression made of literals and `const` strings of the file. */
function stringValue(node: ts.Node, consts: ReadonlyMap<string, string>): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isParenthesizedExpression(node)) return stringValue(node.expression, consts);
  if (ts.isIdentifier(node)) return consts.get(node.text);
  if (ts.isTemplateExpression(node)) {
    let out = node.head.text;
    for (const span of node.templateSpans) {
      const value = stringValue(span.expression, consts);
      if (value === undefined) return undefined;
      out += value + span.literal.text;
    }
    return out;
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = stringValue(node.left, consts);
    const right = stringValue(node.right, consts);
    return left === undefined || right === undefined ? undefined : left + right;
  }
  return undefined;
}

function findRegexes(): Found[] {
  const found: Found[] = [];
  for (const file of sourceFiles(srcDir)) {
    const text = readFileSync(file, 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const name = relative(root, file);
    // const strings of the file (a name declared twice with different values is dropped)
    const consts = new Map<string, string>();
    const clashes = new Set<string>();
    const collect = (node: ts.Node): void => {
      if (
        ts.isVariableDeclaration(node) &&
        ts.isIdentifier(node.name) &&
        node.initializer !== undefined &&
        (node.parent.flags & ts.NodeFlags.Const) !== 0
      ) {
        const value = stringValue(node.initializer, consts);
        if (value !== undefined) {
          const known = consts.get(node.name.text);
          if (known !== undefined && known !== value) clashes.add(node.name.text);
          consts.set(node.name.text, value);
        }
      }
      ts.forEachChild(node, collect);
    };
    collect(sf);
    for (const clash of clashes) consts.delete(clash);

    const visit = (node: ts.Node): void => {
      const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
      const where = `${name}:${line}`;
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const literal = node.getText(sf);
        const slash = literal.lastIndexOf('/');
        found.push({ where, source: literal.slice(1, slash), flags: literal.slice(slash + 1) });
      } else if (
        (ts.isNewExpression(node) || ts.isCallExpression(node)) &&
        ts.isIdentifier(node.expression) &&
        node.expression.text === 'RegExp'
      ) {
        const [pattern, flagsArg] = node.arguments ?? [];
        const source = pattern === undefined ? '' : stringValue(pattern, consts);
        const flags = flagsArg === undefined ? '' : stringValue(flagsArg, consts);
        if (source === undefined || flags === undefined) {
          found.push({
            where,
            source: node.getText(sf),
            flags: '',
            unreadable: 'a RegExp built from values known only at run time cannot be checked',
          });
        } else found.push({ where, source, flags });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return found;
}

// ---------------------------------------------------------------------------------------

const regexes = findRegexes().map((r) => {
  const analysis = r.unreadable
    ? { problems: [r.unreadable], repetitions: [] }
    : analyze(r.source, r.flags);
  const problems = REVIEWED[r.source] !== undefined ? [] : analysis.problems;
  return { ...r, problems, reason: problems.length ? '' : reasonFor(r.source, r.flags, analysis) };
});

describe('regular expressions in src/ cannot backtrack catastrophically', () => {
  it('finds the regular expressions of src/', () => {
    expect(regexes.length).toBeGreaterThan(0);
  });

  for (const r of regexes) {
    it(`${r.where} /${r.source}/${r.flags}${r.reason ? ` (${r.reason})` : ''}`, () => {
      expect(r.problems, `${r.where} /${r.source}/${r.flags}`).toEqual([]);
    });
  }
});

describe('the backtracking checker', () => {
  const unsafe: [string, string][] = [
    ['(a+)+$', ''],
    ['^(a*)*$', ''],
    ['^(\\d+\\.?)+$', ''],
    ['^(a|a)*$', ''],
    ['^(a|ab)*c$', ''],
    ['^(\\s|\\t)+x', ''],
    ['^(?:[a-z]+\\w*)+$', ''],
    ['^\\d+\\d+$', ''],
    ['^\\s*\\s*$', ''],
    ['^a*(?:b?)a*$', ''],
    ['\\s+$', ''],
    ['a+b', ''],
    ['^(a?)*$', ''],
    ['^(a|)+$', ''],
    ['(x)\\1', ''],
    ['^(?:A|a)+$', 'i'],
    ['^(.*,)*$', ''],
    ['^([^,]*,?)*$', ''],
  ];
  const safe: [string, string][] = [
    ['^ipv6:', 'i'],
    ['[ \\t]+', ''],
    ['\\r?\\n$', ''],
    ['^\\d{3}[ -]', ''],
    ['^[!-*,-<>-~]*$', ''],
    ['[^!-*,-<>-~]', ''],
    [
      '^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?$',
      '',
    ],
    ['^\\[([^\\]]+)\\](?::(.*))?$', ''],
    ['^(0|[1-9][0-9]{0,4})$', ''],
    ['^[245]\\.[0-9]{1,3}\\.[0-9]{1,3}(?= |$)', ''],
    ['\\+([0-9A-Fa-f]{2})', 'g'],
    ['\\s+', ''],
    ['^a+b', ''],
    ['x*', ''],
  ];
  it.each(unsafe)('refuses /%s/%s', (source, flags) => {
    expect(analyze(source, flags).problems).not.toEqual([]);
  });
  it.each(safe)('accepts /%s/%s', (source, flags) => {
    expect(analyze(source, flags).problems).toEqual([]);
  });
  it('reads classes, escapes and groups', () => {
    const read = (s: string, f = ''): Node => new PatternParser(s, f).parse();
    const set = (s: string, f = ''): CharSet => {
      const node = read(s, f);
      const item = (node as Extract<Node, { type: 'seq' }>).items[0] as Extract<
        Node,
        { type: 'chars' }
      >;
      return item.set;
    };
    expect(set('[a-c]')).toEqual([[0x61, 0x63]]);
    expect(set('[^\\0-\\x7F]')).toEqual([[0x80, MAX_CP]]);
    expect(set('[\\u0000-\\u001f\\u007f-\\u009f]')).toEqual([
      [0, 0x1f],
      [0x7f, 0x9f],
    ]);
    expect(set('[a-]')).toEqual([
      [0x2d, 0x2d],
      [0x61, 0x61],
    ]);
    expect(set('a', 'i')).toEqual([
      [0x41, 0x41],
      [0x61, 0x61],
    ]);
    expect(set('\\u{1F600}', 'u')).toEqual([[0x1f600, 0x1f600]]);
    expect(() => read('(a')).toThrow(/unterminated group/);
    expect(() => read('*a')).toThrow(/nothing to repeat/);
    expect(nullable(read('(?=a)'))).toBe(true);
    expect(firsts(read('a?b'))).toEqual([[0x61, 0x62]]);
  });
});
