/**
 * `smtp-xclient build`: the XCLIENT lines (XFORWARD with `--xforward`) to send for a set of
 * attributes, split as Postfix needs.
 *
 * @packageDocumentation
 */

import { parseArgs } from 'node:util';
import { ATTRIBUTE_OPTIONS, announcedFrom, attributesFrom, verbFrom } from '../args.js';
import { type CliIo, EXIT_FAIL, EXIT_OK, UsageError } from '../io.js';
import { plan } from '../plan.js';
import { json, writeLibraryError } from '../render.js';

export async function runBuild(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...ATTRIBUTE_OPTIONS, announced: { type: 'string' } },
  });
  if (positionals.length > 0) {
    throw new UsageError(`build takes options only, not "${positionals[0]}"`, 'build');
  }
  const asJson = values.json === true;
  const verb = verbFrom(values);
  const attributes = attributesFrom(values, verb, 'build');
  if (Object.keys(attributes).length === 0) {
    throw new UsageError('build needs at least one attribute option (--name, --addr …)', 'build');
  }
  const announced = announcedFrom(values.announced, 'build', verb);
  const r = plan(attributes, announced, values['omit-unannounced'] === true, verb);
  if (!r.ok) {
    writeLibraryError(io, asJson, 'build', r.error);
    return EXIT_FAIL;
  }
  if (asJson) {
    io.stdout.write(
      `${json({ command: 'build', ok: true, lines: r.plan.lines, omitted: r.plan.omitted })}\n`,
    );
  } else {
    for (const line of r.plan.lines) io.stdout.write(`${line}\n`);
    if (r.plan.omitted.length > 0) {
      io.stderr.write(`omitted (not announced): ${r.plan.omitted.join(' ')}\n`);
    }
  }
  return EXIT_OK;
}
