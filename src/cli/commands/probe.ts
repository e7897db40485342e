/**
 * `smtp-xclient probe`: sends XCLIENT (XFORWARD with `--xforward`) to a server (loopback only
 * unless --allow-remote) and prints the transcript and a verdict.
 *
 * @packageDocumentation
 */

import net from 'node:net';
import { parseArgs } from 'node:util';
import type { TranscriptEntry } from '../../node/errors.js';
import {
  ATTRIBUTE_OPTIONS,
  attributesFrom,
  isEhloArgument,
  isLoopback,
  loopbackTarget,
  mailbox,
  parseTarget,
  verbFrom,
} from '../args.js';
import { type ProbeOptions, type ProbeResult, probe } from '../conversation.js';
import { type CliIo, type CliOutput, EXIT_FAIL, EXIT_OK, UsageError } from '../io.js';
import { plan } from '../plan.js';
import { json, printable, replyLine, writeLibraryError } from '../render.js';

function parseProbeArgs(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...ATTRIBUTE_OPTIONS,
      'mail-from': { type: 'string' },
      'rcpt-to': { type: 'string', multiple: true },
      ehlo: { type: 'string' },
      starttls: { type: 'boolean' },
      insecure: { type: 'boolean' },
      timeout: { type: 'string' },
      force: { type: 'boolean' },
      pipeline: { type: 'boolean' },
      'allow-remote': { type: 'boolean' },
    },
  });
}

type ProbeArgs = ReturnType<typeof parseProbeArgs>;

export async function runProbe(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseProbeArgs(args);
  const asJson = values.json === true;
  const given = probeOptions(values, positionals);
  // Without --allow-remote, resolve first and refuse before connecting (args.ts).
  const options = given.allowRemote
    ? given
    : { ...given, connectTo: await loopbackTarget(given.host, io.lookup) };
  // Validate the values before connecting: a typo is not the server's problem.
  if (Object.keys(options.attributes).length > 0) {
    const checked = plan(options.attributes, undefined, false, options.verb);
    if (!checked.ok) {
      writeLibraryError(io, asJson, 'probe', checked.error);
      return EXIT_FAIL;
    }
  }
  const live = (entry: TranscriptEntry): void => {
    if (!asJson) io.stdout.write(`${entry.dir}: ${printable(entry.line)}\n`);
  };
  const result = await probe(options, live);
  if (asJson) writeProbeJson(io.stdout, result);
  else writeProbeSummary(io.stdout, result);
  return result.ok ? EXIT_OK : EXIT_FAIL;
}

// ---------------------------------------------------------------------------------------
// Options

/** The options of the probe, every usage error thrown before anything is sent. */
function probeOptions(
  values: ProbeArgs['values'],
  positionals: ProbeArgs['positionals'],
): ProbeOptions {
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0 ? 'probe needs HOST[:PORT]' : 'probe takes one HOST[:PORT]',
      'probe',
    );
  }
  const { host, port } = parseTarget(positionals[0] as string);
  const allowRemote = values['allow-remote'] === true;
  // A literal is refused here; a name once resolved, before connecting (runProbe).
  if (!allowRemote && net.isIP(host) !== 0 && !isLoopback(host)) {
    throw new UsageError(
      `${host} is not a loopback address: XCLIENT lets a client speak for others, so probe only talks to 127.0.0.0/8, ::1 and names that resolve only to them unless --allow-remote`,
      'probe',
    );
  }
  const timeout = timeoutOption(values.timeout);
  const ehlo = values.ehlo ?? 'localhost';
  if (!isEhloArgument(ehlo)) {
    throw new UsageError(`--ehlo must be a domain or an address literal, not "${ehlo}"`, 'probe');
  }
  if (values.insecure === true && values.starttls !== true) {
    throw new UsageError('--insecure only makes sense with --starttls', 'probe');
  }
  const mailFrom =
    values['mail-from'] === undefined ? undefined : mailbox(values['mail-from'], 'mail-from');
  const rcptTo = (values['rcpt-to'] ?? []).map((a) => mailbox(a, 'rcpt-to'));
  const verb = verbFrom(values);
  return {
    host,
    port,
    verb,
    attributes: attributesFrom(values, verb, 'probe'),
    omit: values['omit-unannounced'] === true,
    force: values.force === true,
    ehlo,
    starttls: values.starttls === true,
    insecure: values.insecure === true,
    timeout,
    allowRemote,
    mailFrom,
    rcptTo,
    pipeline: values.pipeline === true,
  };
}

/** --timeout in milliseconds: 10000 by default. */
function timeoutOption(value: string | undefined): number {
  if (value === undefined) return 10_000;
  if (!/^[1-9][0-9]{0,8}$/.test(value)) {
    throw new UsageError(`--timeout must be a number of milliseconds, not "${value}"`, 'probe');
  }
  return Number(value);
}

// ---------------------------------------------------------------------------------------
// Output

function writeProbeJson(out: CliOutput, r: ProbeResult): void {
  // In reading order, the transcript last (JSON.stringify drops the undefined fields).
  const record = {
    command: 'probe',
    ...(r.verb === 'XFORWARD' ? { verb: r.verb } : {}),
    host: r.host,
    port: r.port,
    ok: r.ok,
    verdict: r.verdict,
    greeting: r.greeting,
    tls: r.tls,
    announced: r.announced,
    planned: r.planned,
    omitted: r.omitted,
    xclient: r.xclient,
    ehloAfter: r.ehloAfter,
    announcedAfter: r.announcedAfter,
    mail: r.mail,
    rcpt: r.rcpt,
    warnings: r.warnings.length > 0 ? r.warnings : undefined,
    transcript: r.transcript,
  };
  out.write(`${json(record)}\n`);
}

function writeProbeSummary(out: CliOutput, r: ProbeResult): void {
  out.write('\n');
  if (r.announced !== undefined) {
    out.write(
      `${r.verb} announced: ${r.announced === null ? 'no' : r.announced.join(' ') || '(no names)'}\n`,
    );
  }
  for (const s of r.xclient) {
    out.write(`${printable(s.line)} -> ${printable(replyLine(s.reply))} (${s.class})\n`);
  }
  if (r.announcedAfter !== undefined && r.xclient.length > 0) {
    out.write(
      `after XCLIENT: ${r.announcedAfter === null ? 'XCLIENT no longer announced (the asserted client is not authorized for XCLIENT)' : 'XCLIENT still announced'}\n`,
    );
  }
  if (r.mail !== undefined) out.write(`MAIL -> ${printable(replyLine(r.mail))}\n`);
  for (const rc of r.rcpt) {
    out.write(`RCPT ${printable(rc.address)} -> ${printable(replyLine(rc.reply))}\n`);
  }
  for (const w of r.warnings) out.write(`warning: ${printable(w)}\n`);
  const status = r.ok ? 'ok' : `FAILED (${r.verdict.code})`;
  out.write(`verdict: ${status}: ${printable(r.verdict.message)}\n`);
}
