/**
 * `smtp-xclient conform HOST:PORT`: runs the conformance suite against an SMTP server
 * (loopback only unless --allow-remote) and compares each reply with what Postfix 3.7.11
 * would answer. Exit 0 when everything agrees, 1 when something differs, 2 on a usage or
 * connection error.
 *
 * @packageDocumentation
 */

import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isLoopback, parseTarget } from '../args.js';
import { CATEGORIES } from '../conform/cases/index.js';
import { htmlReport } from '../conform/render-html.js';
import { jsonReport } from '../conform/render-json.js';
import { progressLine, textReport } from '../conform/render-text.js';
import { runConformance } from '../conform/runner.js';
import { WireError, type WireTarget } from '../conform/wire.js';
import { type CliIo, EXIT_FAIL, EXIT_OK, EXIT_USAGE, UsageError } from '../io.js';
import { json } from '../render.js';

function parseConformArgs(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      unauthorized: { type: 'string' },
      category: { type: 'string', multiple: true },
      exact: { type: 'boolean' },
      json: { type: 'boolean' },
      html: { type: 'string' },
      'authorized-hosts': { type: 'string' },
      timeout: { type: 'string' },
      rate: { type: 'string' },
      'allow-remote': { type: 'boolean' },
    },
  });
}

type ConformValues = ReturnType<typeof parseConformArgs>['values'];

/** HOST:PORT, loopback unless --allow-remote. */
function target(text: string, values: ConformValues, timeout: number): WireTarget {
  const { host, port } = parseTarget(text);
  const allowRemote = values['allow-remote'] === true;
  if (!allowRemote && host.toLowerCase() !== 'localhost' && !isLoopback(host)) {
    throw new UsageError(
      `${host} is not a loopback address: conform sends XCLIENT, which lets a client speak for others, so it only talks to 127.0.0.0/8, ::1 and localhost unless --allow-remote`,
      'conform',
    );
  }
  return { host, port, timeout, allowRemote };
}

/** A positive integer option, or its default. */
function count(value: string | undefined, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^[1-9][0-9]{0,8}$/.test(value)) {
    throw new UsageError(`--${option} must be a positive whole number, not "${value}"`, 'conform');
  }
  return Number(value);
}

/** --category, comma-separated or repeated: known IDs only. */
function categories(values: readonly string[] | undefined): string[] | undefined {
  if (values === undefined) return undefined;
  const ids = values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  const known = CATEGORIES.map((c) => c.id);
  for (const id of ids) {
    if (!known.includes(id)) {
      throw new UsageError(`unknown category "${id}" (categories: ${known.join(', ')})`, 'conform');
    }
  }
  return ids;
}

export async function runConform(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseConformArgs(args);
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0 ? 'conform needs HOST:PORT' : 'conform takes one HOST:PORT',
      'conform',
    );
  }
  const timeout = count(values.timeout, 'timeout', 5000);
  const main = target(positionals[0] as string, values, timeout);
  const unauthorized =
    values.unauthorized === undefined ? undefined : target(values.unauthorized, values, timeout);
  const authorizedHosts = (values['authorized-hosts'] ?? '127.0.0.0/8,[::1]/128')
    .split(/[\s,]+/)
    .filter((h) => h !== '');
  const asJson = values.json === true;
  // The progress line rewrites itself: only on a terminal, and never with --json.
  const progress = !asJson && (io.stderr as { isTTY?: boolean }).isTTY === true;
  try {
    const report = await runConformance({
      main,
      unauthorized,
      exact: values.exact === true,
      categories: categories(values.category),
      authorizedHosts,
      rate: count(values.rate, 'rate', 50),
      progress: (done, total, id) => {
        if (progress) io.stderr.write(progressLine(done, total, id));
      },
    });
    if (values.html !== undefined) writeFileSync(values.html, htmlReport(report));
    io.stdout.write(asJson ? `${jsonReport(report)}\n` : textReport(report));
    return report.agree === report.total ? EXIT_OK : EXIT_FAIL;
  } catch (e) {
    if (!(e instanceof WireError)) throw e;
    if (asJson) {
      io.stdout.write(
        `${json({ ok: false, error: { code: 'CONNECTION', message: e.message } })}\n`,
      );
    } else io.stderr.write(`smtp-xclient conform: ${e.message}\n`);
    return EXIT_USAGE;
  }
}
