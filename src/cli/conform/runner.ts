/**
 * The runner of `smtp-xclient conform`: surveys each target once (greeting, EHLO: what it
 * announces), then runs each selected case on a fresh connection, one at a time and at a
 * bounded rate, predicting each reply with the library's session and judging the one that
 * came. A category the server cannot run is skipped with the reason. It never sends DATA.
 *
 * @packageDocumentation
 */

import type { XclientSession } from '../../server/index.js';
import { CATEGORIES } from './cases/index.js';
import { caseStatus, differences } from './judge.js';
import { openingSession, predicted, predictLine, verbOf } from './predict.js';
import type {
  CaseResult,
  CategoryResult,
  ConformCase,
  ConformCategory,
  ConformLine,
  ConformNeed,
  ConformReport,
  ConformStep,
  LineResult,
} from './types.js';
import { Wire, WireError, type WireTarget } from './wire.js';

/** The options of a run. */
export interface RunOptions {
  readonly main: WireTarget;
  readonly unauthorized: WireTarget | undefined;
  readonly exact: boolean;
  /** The IDs of the categories to run; all when undefined. */
  readonly categories: readonly string[] | undefined;
  readonly authorizedHosts: readonly string[];
  /** The most connections opened per second. */
  readonly rate: number;
  /** Called before each case. */
  readonly progress?: (done: number, total: number, id: string) => void;
}

/** What a target announced at the start of the run. */
interface Survey {
  readonly XCLIENT: boolean;
  readonly XFORWARD: boolean;
  readonly PIPELINING: boolean;
}

const HELLO = 'EHLO conform.example';

/** The text of a line as shown: octets that are not printable ASCII as \xHH. */
export function shownLine(line: ConformLine): string {
  const octets = typeof line === 'string' ? new TextEncoder().encode(line) : line;
  let out = '';
  for (const o of octets) {
    out +=
      o >= 0x20 && o < 0x7f
        ? String.fromCharCode(o)
        : `\\x${o.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Greets the target and reads its EHLO reply: what it announces. A failure ends the run. */
async function survey(target: WireTarget): Promise<Survey> {
  const wire = await Wire.open(target);
  try {
    const greeting = await wire.reply();
    if (greeting.reply?.reply.code !== 220) {
      throw new WireError(`${target.host}:${target.port} did not greet with 220`);
    }
    wire.send([HELLO]);
    const ehlo = await wire.reply();
    const reply = ehlo.reply?.reply;
    if (reply === undefined || reply.code !== 250) {
      throw new WireError(`${target.host}:${target.port} refused EHLO`);
    }
    const lines = typeof reply.text === 'string' ? [reply.text] : reply.text;
    const has = (k: string) => lines.some((l) => l.split(/\s+/)[0]?.toUpperCase() === k);
    return { XCLIENT: has('XCLIENT'), XFORWARD: has('XFORWARD'), PIPELINING: has('PIPELINING') };
  } finally {
    await wire.close(true);
  }
}

/** The steps of a case as run: the opening EHLO, the case's steps, QUIT. */
function stepsOf(c: ConformCase): ConformStep[] {
  const own = c.steps.map(
    (s): ConformStep => (typeof s === 'object' && 'send' in s ? s : { send: s }),
  );
  const open: ConformStep[] = c.ehlo === false ? [] : [{ send: HELLO, setup: true }];
  return [...open, ...own, { send: 'QUIT', setup: true }];
}

/** One case on a fresh connection: every line, what it should get and what it got. */
async function runCase(
  c: ConformCase,
  target: WireTarget,
  seen: Survey,
  options: RunOptions,
): Promise<LineResult[]> {
  const wire = await Wire.open(target);
  const results: LineResult[] = [];
  try {
    const greeting = await wire.reply();
    const banner = greeting.reply?.reply.text;
    const first = (typeof banner === 'string' ? banner : banner?.[0]) ?? 'localhost';
    let session: XclientSession = openingSession({
      banner: first,
      ...wire.local,
      authorizedHosts: options.authorizedHosts,
      xforward: seen.XFORWARD,
      target: c.target ?? 'main',
    });
    let template: readonly string[] | undefined;
    for (const step of stepsOf(c)) {
      const lines = Array.isArray(step.send)
        ? (step.send as readonly ConformLine[])
        : [step.send as ConformLine];
      wire.send(lines);
      for (const [i, line] of lines.entries()) {
        const observed = await wire.reply();
        const got = observed.reply?.reply;
        const ehlo = verbOf(line) === 'EHLO';
        if (ehlo && template === undefined && got?.code === 250) {
          template = typeof got.text === 'string' ? [got.text] : got.text;
        }
        const next = predictLine(session, line, i < lines.length - 1);
        session = next.session;
        const expected = predicted(line, next, template);
        const isQuit = verbOf(line) === 'QUIT';
        const actual =
          expected.closed && !isQuit && got !== undefined && !observed.closed
            ? { ...observed, closed: await wire.hangsUp() }
            : observed;
        const setup = step.setup === true;
        const diff = differences(expected, actual, ehlo, {
          exact: options.exact,
          setup,
          names: c.names,
        });
        results.push({
          sent: shownLine(line),
          setup,
          expected,
          actual,
          status: diff.length === 0 ? 'agree' : 'differ',
          differences: diff,
        });
        if (got === undefined || expected.closed) return results;
      }
    }
    return results;
  } finally {
    await wire.close(false);
  }
}

/** Why a case cannot run, or undefined. */
function skipReason(
  category: ConformCategory,
  c: ConformCase,
  surveys: { readonly main: Survey; readonly unauthorized: Survey | undefined },
): string | undefined {
  const missing = category.needs.find((need: ConformNeed) => !surveys.main[need]);
  if (missing !== undefined) return `the server does not announce ${missing} to this client`;
  if (c.target !== 'unauthorized') return undefined;
  if (surveys.unauthorized === undefined) {
    return 'needs a server that does not authorize this client: --unauthorized HOST:PORT';
  }
  if (surveys.unauthorized.XCLIENT) {
    return 'the --unauthorized server announces XCLIENT to this client: it authorizes it';
  }
  return undefined;
}

/** Waits so that connections are opened at most `rate` per second. */
function pace(last: number, rate: number): Promise<void> {
  const wait = last + 1000 / rate - Date.now();
  return wait > 0 ? new Promise((resolve) => setTimeout(resolve, wait)) : Promise.resolve();
}

/** The categories selected (all by default), in the suite's order. */
export function selectCategories(ids: readonly string[] | undefined): readonly ConformCategory[] {
  return ids === undefined ? CATEGORIES : CATEGORIES.filter((c) => ids.includes(c.id));
}

/** Runs the suite. Throws a WireError when a target cannot be reached or greets badly. */
export async function runConformance(options: RunOptions): Promise<ConformReport> {
  const started = Date.now();
  const main = await survey(options.main);
  const unauthorized =
    options.unauthorized === undefined ? undefined : await survey(options.unauthorized);
  const selected = selectCategories(options.categories);
  const total = selected.reduce((n, c) => n + c.cases.length, 0);
  const cases: CaseResult[] = [];
  let last = 0;
  for (const category of selected) {
    for (const c of category.cases) {
      options.progress?.(cases.length, total, c.id);
      const reason = skipReason(category, c, { main, unauthorized });
      const base = { id: c.id, category: category.id, title: c.title, target: c.target ?? 'main' };
      if (reason !== undefined) {
        cases.push({ ...base, status: 'skipped', reason, lines: [] });
        continue;
      }
      const target =
        c.target === 'unauthorized' ? (options.unauthorized as WireTarget) : options.main;
      await pace(last, options.rate);
      last = Date.now();
      const lines = await runCase(
        c,
        target,
        c.target === 'unauthorized' ? (unauthorized as Survey) : main,
        options,
      );
      const status = caseStatus(c, lines);
      cases.push({
        ...base,
        status,
        ...(status === 'allowed' ? { reason: c.allowed } : {}),
        lines,
      });
    }
  }
  options.progress?.(total, total, '');
  return report(options, selected, cases, Date.now() - started);
}

/** The tally of each category and of the run. */
function report(
  options: RunOptions,
  selected: readonly ConformCategory[],
  cases: readonly CaseResult[],
  elapsed: number,
): ConformReport {
  const categories: CategoryResult[] = selected.map((category) => {
    const own = cases.filter((c) => c.category === category.id);
    const count = (s: string) => own.filter((c) => c.status === s).length;
    const skipped = count('skipped');
    const reasons = new Set(own.filter((c) => c.status === 'skipped').map((c) => c.reason));
    return {
      id: category.id,
      name: category.name,
      total: own.length - skipped,
      agree: count('agree') + count('allowed'),
      allowed: count('allowed'),
      differ: count('differ'),
      skipped,
      ...(skipped === own.length && reasons.size === 1
        ? { reason: [...reasons][0] as string }
        : {}),
    };
  });
  const where = (t: WireTarget) => `${t.host.includes(':') ? `[${t.host}]` : t.host}:${t.port}`;
  return {
    target: where(options.main),
    unauthorized: options.unauthorized === undefined ? undefined : where(options.unauthorized),
    exact: options.exact,
    total: categories.reduce((n, c) => n + c.total, 0),
    agree: categories.reduce((n, c) => n + c.agree, 0),
    categories,
    cases,
    elapsed,
  };
}
