/**
 * `smtp-xclient encode` and `smtp-xclient decode`: values to and from xtext (RFC 3461 §4),
 * for one argument or for each line of standard input.
 *
 * @packageDocumentation
 */

import { parseArgs } from 'node:util';
import {
  decodeXtext,
  decodeXtextBytes,
  encodeXtext,
  isXclientError,
  type Profile,
} from '../../index.js';
import { onePositional, profileOption } from '../args.js';
import { type CliIo, DECODER, forEachInput } from '../io.js';
import { errorData, json, printable, quote, warningText } from '../render.js';

// ---------------------------------------------------------------------------------------
// encode

export async function runEncode(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean' } },
  });
  const value = onePositional(positionals, 'encode', 'VALUE');
  return forEachInput(value, io, 'encode', (input) => encodeOne(io, input, values.json === true));
}

/** Encodes one value and writes the xtext; false when it cannot be encoded. */
function encodeOne(io: CliIo, input: string | Uint8Array, asJson: boolean): boolean {
  let xtext: string;
  try {
    xtext = encodeXtext(input);
  } catch (e) {
    // Only a lone surrogate fails (an argv from a shell cannot carry one).
    /* v8 ignore next -- the library throws nothing else */
    if (!isXclientError(e)) throw e;
    if (asJson) {
      io.stdout.write(`${json({ command: 'encode', ok: false, error: errorData(e) })}\n`);
    } else {
      io.stderr.write(`smtp-xclient: ${e.code}: ${printable(e.message)}\n`);
    }
    return false;
  }
  if (asJson) {
    const shown = typeof input === 'string' ? input : DECODER.decode(input);
    io.stdout.write(`${json({ command: 'encode', ok: true, value: shown, xtext })}\n`);
  } else {
    io.stdout.write(`${xtext}\n`);
  }
  return true;
}

// ---------------------------------------------------------------------------------------
// decode

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

export async function runDecode(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { profile: { type: 'string' }, json: { type: 'boolean' } },
  });
  const profile = profileOption(values.profile, 'decode');
  const xtextArg = onePositional(positionals, 'decode', 'XTEXT');
  return forEachInput(xtextArg, io, 'decode', (input) =>
    decodeOne(io, input, profile, values.json === true),
  );
}

/** Decodes one xtext and writes the value (or the error); false when it is invalid. */
function decodeOne(
  io: CliIo,
  input: string | Uint8Array,
  profile: Profile,
  asJson: boolean,
): boolean {
  // xtext is ASCII; raw octets from stdin are read as UTF-8 (what a terminal types).
  const xtext = typeof input === 'string' ? input : DECODER.decode(input);
  const r = decodeXtext(xtext, { profile });
  const octets = r.ok ? undefined : decodeXtextBytes(xtext, { profile });
  const bytes = octets?.ok === true ? octets.value : undefined;
  if (asJson) {
    const record: Record<string, unknown> = { command: 'decode', profile, xtext, ok: r.ok };
    if (r.ok) {
      record.value = r.value;
      record.fallback = r.fallback;
      record.hasControl = r.hasControl;
      record.warnings = r.warnings;
    } else {
      record.error = errorData(r.error);
      if (bytes !== undefined) record.octets = hex(bytes);
    }
    io.stdout.write(`${json(record)}\n`);
    return r.ok;
  }
  if (!r.ok) {
    const e = r.error;
    const at = e.position === undefined ? '' : ` at ${e.position}`;
    io.stdout.write(`error: ${e.code}${at}: ${printable(e.message)}\n`);
    if (bytes !== undefined) io.stdout.write(`octets: ${hex(bytes)}\n`);
    return false;
  }
  io.stdout.write(`${r.hasControl ? quote(r.value) : printable(r.value)}\n`);
  if (r.fallback) {
    io.stdout.write('fallback: malformed escape, the raw text is used as it is (as Postfix)\n');
  }
  for (const w of r.warnings) io.stdout.write(`warning: ${printable(warningText(w))}\n`);
  return true;
}
