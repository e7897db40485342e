/**
 * `smtp-xclient check`: is an XCLIENT or XFORWARD line valid (by the verb of the line)? The
 * verdict, the reply a server sends, the attributes and every warning, for one line or for
 * each line of standard input.
 *
 * @packageDocumentation
 */

import { parseArgs } from 'node:util';
import {
  type ParseXclientResult,
  type ParseXforwardResult,
  type Profile,
  parseXclient,
  parseXforward,
  REPLIES,
  type Reply,
  type XclientCommand,
  XFORWARD_REPLIES,
  type XforwardCommand,
} from '../../index.js';
import { onePositional, profileOption } from '../args.js';
import {
  type CliIo,
  type CliOutput,
  DECODER,
  ENCODER,
  EXIT_FAIL,
  EXIT_OK,
  stdinLines,
  UsageError,
  withoutCr,
} from '../io.js';
import {
  attributeData,
  caret,
  errorData,
  json,
  printable,
  quote,
  replyLine,
  writeAttributes,
  writeWarnings,
} from '../render.js';

const GREETING_PLACEHOLDER = '(greeting)';

/** A line whose first word is XFORWARD (leading whitespace skipped, as Postfix does). */
const XFORWARD_VERB = /^[\t\n\v\f\r ]*xforward(?=[\t\n\v\f\r ]|$)/i;

/** One line checked: its octets, its number on standard input, and what the parser said. */
interface CheckedLine {
  readonly bytes: Uint8Array;
  readonly lineNumber: number | undefined;
  readonly profile: Profile;
  /** XFORWARD for a line whose first word is XFORWARD (any case); XCLIENT for every other. */
  readonly verb: 'XCLIENT' | 'XFORWARD';
  readonly r: ParseXclientResult | ParseXforwardResult;
  /** The reply a server sends: its greeting when the line is accepted. */
  readonly reply: Reply;
}

interface CheckOutcome {
  readonly accepted: boolean;
}

function checkOne(
  io: CliIo,
  input: string | Uint8Array,
  profile: Profile,
  asJson: boolean,
  lineNumber: number | undefined,
): CheckOutcome {
  const bytes = typeof input === 'string' ? ENCODER.encode(input) : input;
  const verb = XFORWARD_VERB.test(DECODER.decode(bytes.subarray(0, 16))) ? 'XFORWARD' : 'XCLIENT';
  const r =
    verb === 'XFORWARD' ? parseXforward(input, { profile }) : parseXclient(input, { profile });
  const success =
    verb === 'XFORWARD' ? XFORWARD_REPLIES.ok : REPLIES.greeting(GREETING_PLACEHOLDER);
  const reply = r.ok ? success : r.error.reply;
  const checked: CheckedLine = { bytes, lineNumber, profile, verb, r, reply };
  if (asJson) writeCheckJson(io.stdout, checked);
  else writeCheckText(io.stdout, checked);
  return { accepted: r.ok };
}

function writeCheckJson(out: CliOutput, checked: CheckedLine): void {
  const { bytes, lineNumber, profile, verb, r, reply } = checked;
  const record: Record<string, unknown> = {
    command: 'check',
    ...(verb === 'XFORWARD' ? { verb } : {}),
    ...(lineNumber === undefined ? {} : { lineNumber }),
    line: DECODER.decode(bytes),
    profile,
    verdict: r.ok ? 'accepted' : 'rejected',
    reply,
    replyLine: replyLine(reply),
  };
  if (r.ok) {
    record.attributes = r.value.attributes.map(attributeData);
    record.extensions = r.value.extensions;
  } else {
    record.error = errorData(r.error);
    record.partial = r.partial.map(attributeData);
  }
  record.warnings = r.warnings;
  out.write(`${json(record)}\n`);
}

function writeCheckText(out: CliOutput, checked: CheckedLine): void {
  const { bytes, lineNumber, profile, r, reply } = checked;
  if (lineNumber !== undefined)
    out.write(`line ${lineNumber}: ${printable(DECODER.decode(bytes))}\n`);
  out.write(`${r.ok ? 'accepted' : 'rejected'} (profile ${profile})\n`);
  out.write(`reply: ${printable(replyLine(reply))}\n`);
  if (r.ok) writeAccepted(out, r.value);
  else writeRejected(out, r, bytes);
  writeWarnings(out, r.warnings);
}

function writeAccepted(out: CliOutput, command: XclientCommand | XforwardCommand): void {
  out.write('attributes:\n');
  writeAttributes(out, command.attributes);
  for (const e of command.extensions) {
    out.write(`  ${e.name.padEnd(12)} raw ${quote(e.raw)}  (extension attribute)\n`);
  }
}

function writeRejected(
  out: CliOutput,
  r: Extract<ParseXclientResult | ParseXforwardResult, { readonly ok: false }>,
  bytes: Uint8Array,
): void {
  const e = r.error;
  const where =
    e.position === undefined
      ? ''
      : ` at octet ${e.position}${e.attribute === undefined ? '' : ` (${e.attribute})`}`;
  out.write(`error: ${e.code}${where}: ${printable(e.message)}\n`);
  if (e.position !== undefined) caret(out, bytes, e.position);
  if (r.partial.length > 0) {
    out.write('accepted before the error (Postfix keeps these applied):\n');
    writeAttributes(out, r.partial);
  }
}

export async function runCheck(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      profile: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const profile = profileOption(values.profile, 'check');
  const asJson = values.json === true;
  const line = onePositional(positionals, 'check', 'LINE');
  if (line !== undefined) {
    return checkOne(io, line, profile, asJson, undefined).accepted ? EXIT_OK : EXIT_FAIL;
  }
  return checkStdin(io, profile, asJson);
}

/** Checks each non-empty line of standard input; a count at the end when there are several. */
async function checkStdin(io: CliIo, profile: Profile, asJson: boolean): Promise<number> {
  let count = 0;
  let rejected = 0;
  let number = 0;
  for await (const raw of stdinLines(io.stdin)) {
    number++;
    if (withoutCr(raw).length === 0) continue;
    if (count > 0 && !asJson) io.stdout.write('\n');
    count++;
    if (!checkOne(io, withoutCr(raw), profile, asJson, number).accepted) rejected++;
  }
  if (count === 0) throw new UsageError('no LINE given and no line on standard input', 'check');
  if (!asJson && count > 1) {
    io.stdout.write(`\n${count} lines: ${count - rejected} accepted, ${rejected} rejected\n`);
  }
  return rejected > 0 ? EXIT_FAIL : EXIT_OK;
}
