/**
 * `smtp-xclient check`: is an XCLIENT line valid? The verdict, the reply a server sends, the
 * attributes and every warning, for one line or for each line of standard input.
 *
 * @packageDocumentation
 */

import { parseArgs } from 'node:util';
import { type Profile, parseXclient, REPLIES } from '../../index.js';
import { onePositional, profileOption } from '../args.js';
import {
  type CliIo,
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
  const out = io.stdout;
  const bytes = typeof input === 'string' ? ENCODER.encode(input) : input;
  const lineText = DECODER.decode(bytes);
  const r = parseXclient(input, { profile });
  const reply = r.ok ? REPLIES.greeting(GREETING_PLACEHOLDER) : r.error.reply;
  if (asJson) {
    const record: Record<string, unknown> = {
      command: 'check',
      ...(lineNumber === undefined ? {} : { lineNumber }),
      line: lineText,
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
    return { accepted: r.ok };
  }
  if (lineNumber !== undefined) out.write(`line ${lineNumber}: ${printable(lineText)}\n`);
  out.write(`${r.ok ? 'accepted' : 'rejected'} (profile ${profile})\n`);
  out.write(`reply: ${printable(replyLine(reply))}\n`);
  if (r.ok) {
    out.write('attributes:\n');
    writeAttributes(out, r.value.attributes);
    for (const e of r.value.extensions) {
      out.write(`  ${e.name.padEnd(12)} raw ${quote(e.raw)}  (extension attribute)\n`);
    }
  } else {
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
  writeWarnings(out, r.warnings);
  return { accepted: r.ok };
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
