#!/usr/bin/env node
/**
 * `smtp-xclient`: the command line of the library.
 *
 * - `check`  tells whether an XCLIENT line is valid, the reply a server sends, the attributes
 *   and every warning;
 * - `encode` / `decode` convert values to and from xtext (RFC 3461 §4);
 * - `build`  prints the XCLIENT lines to send for a set of attributes, split as Postfix needs;
 * - `probe`  sends them to a server (loopback only unless `--allow-remote`) and prints the
 *   transcript and a verdict.
 *
 * This is the only module of the package that does I/O. Everything it knows about XCLIENT
 * comes from the library; it adds argument parsing, sockets and output.
 *
 * @packageDocumentation
 */

import { readFileSync, realpathSync } from 'node:fs';
import net from 'node:net';
import process from 'node:process';
import tls from 'node:tls';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  classifyXclientReply,
  decodeXtext,
  decodeXtextBytes,
  encodeXtext,
  formatReply,
  isSpecialValue,
  isXclientError,
  PROFILES,
  type Profile,
  parseReply,
  parseXclient,
  parseXclientKeyword,
  planXclient,
  REPLIES,
  type Reply,
  TEMPUNAVAIL,
  UNAVAILABLE,
  type Warning,
  type XclientAttribute,
  type XclientAttributes,
  type XclientError,
  type XclientPlan,
  type XclientReplyClass,
} from './index.js';

// ---------------------------------------------------------------------------------------
// Streams and exit codes

/** A stream the CLI writes to (process.stdout, or a fake in tests). */
export interface CliOutput {
  write(chunk: string): unknown;
}

/** The streams the CLI uses; stdin yields chunks of octets (or strings). */
export interface CliIo {
  readonly stdout: CliOutput;
  readonly stderr: CliOutput;
  readonly stdin: AsyncIterable<Uint8Array | string>;
}

/** Exit status: accepted / every XCLIENT got 220. */
export const EXIT_OK = 0;
/** Exit status: rejected, refused, or failed. */
export const EXIT_FAIL = 1;
/** Exit status: the command line itself is wrong. */
export const EXIT_USAGE = 2;

/** A mistake on the command line: exit 2 with the command's usage hint. */
class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------
// Help

const ATTRIBUTE_HELP = `Attributes (values as people write them; the CLI validates and xtext-encodes them):
  --name HOST          NAME: the client host name (verified)
  --addr IP            ADDR: the client address (IPv4, or IPv6 with or without "IPV6:")
  --port N             PORT: the client TCP port
  --proto SMTP|ESMTP   PROTO: the protocol the client spoke
  --helo NAME          HELO: the HELO/EHLO argument the client sent
  --login USER         LOGIN: the SASL login name
  --destaddr IP        DESTADDR: the server address the client connected to
  --destport N         DESTPORT: the server port the client connected to
  --reverse-name HOST  REVERSE_NAME: the client host name from the reverse lookup only
  A value of [UNAVAILABLE] or [TEMPUNAVAIL] is sent as that special value.`;

const HELP: Readonly<Record<string, string>> = {
  main: `Usage: smtp-xclient <command> [options]

Check, build and send SMTP XCLIENT commands (Postfix XCLIENT_README, RFC 3461 xtext).

Commands:
  check [LINE]       is an XCLIENT line valid? the reply a server sends, attributes, warnings
  encode [VALUE]     encode a value as xtext
  decode [XTEXT]     decode xtext
  build OPTIONS      the XCLIENT lines to send for a set of attributes
  probe HOST[:PORT]  send XCLIENT to a server and print the transcript (loopback only by default)

Options for every command:
  --json             machine-readable output: one JSON object (one per line for stdin input)
  -h, --help         help; "smtp-xclient <command> --help" for a command's options
  -V, --version      the version

Exit status: 0 accepted / ok, 1 rejected / failed, 2 usage error.

Examples:
  smtp-xclient check 'XCLIENT NAME=spike.porcupine.org ADDR=168.100.189.2'
  smtp-xclient check --profile postfix < lines.txt
  smtp-xclient build --name mail.example.com --addr 192.0.2.1 --helo mail.example.com
  smtp-xclient probe 127.0.0.1:10025 --addr 192.0.2.1 --mail-from a@example.com --rcpt-to b@example.net
`,
  check: `Usage: smtp-xclient check [--profile strict|postfix|lenient] [--json] [LINE]

Reads an XCLIENT command line as a server would and prints the verdict (accepted or
rejected), the reply the server sends, each attribute (name, raw xtext, decoded text and typed
value) and every warning. Without LINE (or with "-"), reads one line per line of standard
input (raw octets; empty lines are skipped).

Options:
  --profile P   strict (default): the protocol document, made safe
                postfix: exactly what Postfix 3.7.11 accepts and replies
                lenient: what real clients (swaks, nginx, Dovecot) send, with warnings
  --json        one JSON object per line checked

Exit status: 0 when every line is accepted, 1 when one is rejected, 2 on a usage error.

Examples:
  smtp-xclient check 'XCLIENT NAME=spike.porcupine.org ADDR=168.100.189.2'
  smtp-xclient check --profile postfix 'XCLIENT NAME=bad..name'
  printf 'XCLIENT ADDR=127.0.0.1\\nXCLIENT PORT=99999\\n' | smtp-xclient check --json
`,
  encode: `Usage: smtp-xclient encode [--json] [VALUE]

Encodes VALUE as xtext (RFC 3461 §4): UTF-8 first, then every octet outside "!".."~", and
"+" and "=", as "+" and two upper-case hex digits. Without VALUE (or with "-"), encodes each
line of standard input (its raw octets, without the line end).

Examples:
  smtp-xclient encode 'bob smith+tag=x@example.com'    # bob+20smith+2Btag+3Dx@example.com
  smtp-xclient encode 'jürgen'                          # j+C3+BCrgen
`,
  decode: `Usage: smtp-xclient decode [--profile strict|postfix|lenient] [--json] [XTEXT]

Decodes xtext and prints the value, JSON-quoted when it holds control characters, then
whether the value fell back to its raw text (postfix profile) and every warning. Without
XTEXT (or with "-"), decodes each line of standard input.

Options:
  --profile P   strict (default): RFC 3461 exactly
                postfix: lower-case hex too; a malformed escape keeps the raw text
                lenient: lower-case hex, raw octets and a lone "+" accepted, with warnings

Exit status: 0 when decoded, 1 when the xtext is invalid, 2 on a usage error.

Examples:
  smtp-xclient decode 'bob+20smith+2Btag+3Dx@example.com'
  smtp-xclient decode --profile postfix 'a+zz'
`,
  build: `Usage: smtp-xclient build [attributes] [--announced 'NAME ADDR …'] [--omit-unannounced] [--json]

Prints the XCLIENT command lines to send, one per line, without CRLF: values validated with
the strict rules and xtext-encoded, each line at most 512 octets. When one line is not
enough, PORT, DESTADDR and DESTPORT go first and HELO, PROTO, LOGIN, NAME, REVERSE_NAME and
ADDR together in the last line (Postfix forgets HELO, PROTO and LOGIN at every XCLIENT that
does not carry them).

${ATTRIBUTE_HELP}

Options:
  --announced NAMES    the names the server announced (the EHLO keyword line, e.g.
                       'NAME ADDR PROTO HELO'); an attribute outside them is an error
  --omit-unannounced   leave those attributes out instead (reported on stderr)

Exit status: 0 with the lines, 1 for an invalid value (code and message), 2 on a usage error.

Examples:
  smtp-xclient build --name spike.porcupine.org --addr 168.100.189.2
  smtp-xclient build --addr 2001:db8::1 --login 'bob smith' --port 4321
  smtp-xclient build --name '[TEMPUNAVAIL]' --addr 192.0.2.1 --announced 'NAME ADDR'
`,
  probe: `Usage: smtp-xclient probe HOST[:PORT] [attributes] [options]

Connects to an SMTP server (port 25 by default), reads the greeting, sends EHLO, reads the
XCLIENT keyword, sends the planned XCLIENT lines and reads each reply, sends EHLO again (with
the asserted HELO when it is a valid EHLO argument; HELO instead when --proto SMTP), optionally
MAIL FROM and RCPT TO to exercise the server's access rules, then QUIT. Prints the transcript
and a verdict. Without attributes, only reports whether XCLIENT is announced.

Only loopback hosts (127.0.0.0/8, ::1, localhost) unless --allow-remote: XCLIENT lets a
client speak for others; point it only at servers you run.

${ATTRIBUTE_HELP}

Options:
  --mail-from ADDR     send MAIL FROM:<ADDR> after XCLIENT (reported, not judged)
  --rcpt-to ADDR       send RCPT TO:<ADDR> (repeatable; MAIL FROM:<> when no --mail-from)
  --ehlo NAME          the EHLO argument (default localhost)
  --starttls           send STARTTLS after the first EHLO, then EHLO again over TLS
  --insecure           with --starttls: do not verify the server certificate
  --timeout MS         the wait for the connection and each reply (default 10000)
  --omit-unannounced   leave out attributes the server did not announce
  --force              send XCLIENT even when the server does not announce it
  --allow-remote       allow a host that is not loopback

Exit status: 0 when every XCLIENT got 220 (or, without attributes, XCLIENT is announced);
1 otherwise (connection refused, timeout, not announced, 550, 501, 421 …); 2 on a usage error.

Examples:
  smtp-xclient probe 127.0.0.1:10025
  smtp-xclient probe 127.0.0.1:10025 --name spike.porcupine.org --addr 168.100.189.2 \\
      --helo spike.porcupine.org --mail-from a@example.com --rcpt-to b@example.net
  smtp-xclient probe '[::1]:25' --addr 192.0.2.1 --starttls --insecure --json
`,
};

// ---------------------------------------------------------------------------------------
// Output helpers

/** A string with C0 controls, DEL and C1 controls written as \xHH: safe for a terminal. */
export function printable(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: controls are what this escapes
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => {
    return `\\x${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
  });
}

/** JSON text with DEL and C1 controls escaped too (JSON.stringify leaves them raw). */
function json(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A value in double quotes, every control escaped. */
function quote(text: string): string {
  return json(text);
}

/** The reply as one wire line (or several, joined by " / ") without CRLF. */
function replyLine(reply: Reply): string {
  // Every reply here was read by parseReply or made by the library: formatReply accepts it.
  return formatReply(reply).replace(/\r\n$/, '').split('\r\n').join(' / ');
}

/** An XclientError as plain data. */
function errorData(error: XclientError): Record<string, unknown> {
  return {
    code: error.code,
    message: error.message,
    ...(error.position === undefined ? {} : { position: error.position }),
    ...(error.attribute === undefined ? {} : { attribute: error.attribute }),
    reply: error.reply,
  };
}

function warningText(w: Warning): string {
  const where =
    w.attribute === undefined ? `at ${w.position}` : `at ${w.position} (${w.attribute})`;
  return `${w.code} ${where}: ${w.message}`;
}

function writeWarnings(out: CliOutput, warnings: readonly Warning[], indent = ''): void {
  if (warnings.length === 0) {
    out.write(`${indent}warnings: none\n`);
    return;
  }
  out.write(`${indent}warnings:\n`);
  for (const w of warnings) out.write(`${indent}  ${printable(warningText(w))}\n`);
}

// ---------------------------------------------------------------------------------------
// Input helpers

const DECODER = new TextDecoder('utf-8');
const ENCODER = new TextEncoder();

/** The lines of standard input as raw octets, without their LF (a CR before it kept). */
async function* stdinLines(stdin: AsyncIterable<Uint8Array | string>): AsyncGenerator<Uint8Array> {
  let pending = new Uint8Array(0);
  for await (const chunk of stdin) {
    const bytes = typeof chunk === 'string' ? ENCODER.encode(chunk) : chunk;
    let data: Uint8Array = bytes;
    if (pending.length > 0) {
      data = new Uint8Array(pending.length + bytes.length);
      data.set(pending);
      data.set(bytes, pending.length);
    }
    let start = 0;
    for (;;) {
      const lf = data.indexOf(0x0a, start);
      if (lf < 0) break;
      yield data.subarray(start, lf);
      start = lf + 1;
    }
    pending = data.slice(start);
  }
  if (pending.length > 0) yield pending;
}

/** A line without its trailing CR. */
function withoutCr(line: Uint8Array): Uint8Array {
  return line.length > 0 && line[line.length - 1] === 0x0d ? line.subarray(0, -1) : line;
}

function profileOption(value: string | undefined, command: string): Profile {
  if (value === undefined) return 'strict';
  if ((PROFILES as readonly string[]).includes(value)) return value as Profile;
  throw new UsageError(`--profile must be strict, postfix or lenient, not "${value}"`, command);
}

/** The single positional argument of a command, or undefined (read stdin) for none or "-". */
function onePositional(positionals: readonly string[], command: string, what: string) {
  if (positionals.length > 1) {
    throw new UsageError(
      `${command} takes one ${what} (got ${positionals.length} arguments: quote the ${what})`,
      command,
    );
  }
  const value = positionals[0];
  return value === '-' ? undefined : value;
}

// ---------------------------------------------------------------------------------------
// check

const GREETING_PLACEHOLDER = '(greeting)';

function attributeData(a: XclientAttribute): Record<string, unknown> {
  return {
    name: a.name,
    rawName: a.rawName,
    raw: a.raw,
    decoded: a.decoded,
    value: a.value,
    position: a.position,
  };
}

function typedValue(value: unknown): string {
  if (isSpecialValue(value)) return `${value.text} (special value)`;
  if (typeof value === 'number') return String(value);
  return quote(String(value));
}

function writeAttributes(out: CliOutput, attributes: readonly XclientAttribute[]): void {
  for (const a of attributes) {
    out.write(
      `  ${a.name.padEnd(12)} raw ${quote(a.raw)}  decoded ${quote(a.decoded)}  value ${typedValue(a.value)}\n`,
    );
  }
}

/** The line shown with a caret under the octet at `position`. */
function caret(out: CliOutput, bytes: Uint8Array, position: number): void {
  const shown = printable(DECODER.decode(bytes));
  const column = printable(
    DECODER.decode(bytes.subarray(0, Math.min(position, bytes.length))),
  ).length;
  out.write(`  ${shown}\n  ${' '.repeat(column)}^\n`);
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

async function runCheck(args: string[], io: CliIo): Promise<number> {
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

// ---------------------------------------------------------------------------------------
// encode / decode

async function forEachInput(
  positional: string | undefined,
  io: CliIo,
  command: string,
  each: (input: string | Uint8Array) => boolean,
): Promise<number> {
  if (positional !== undefined) return each(positional) ? EXIT_OK : EXIT_FAIL;
  let count = 0;
  let failed = 0;
  for await (const raw of stdinLines(io.stdin)) {
    count++;
    if (!each(withoutCr(raw))) failed++;
  }
  if (count === 0) throw new UsageError('no argument given and nothing on standard input', command);
  return failed > 0 ? EXIT_FAIL : EXIT_OK;
}

async function runEncode(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean' } },
  });
  const value = onePositional(positionals, 'encode', 'VALUE');
  return forEachInput(value, io, 'encode', (input) => {
    let xtext: string;
    try {
      xtext = encodeXtext(input);
    } catch (e) {
      // Only a lone surrogate fails (an argv from a shell cannot carry one).
      /* v8 ignore next -- the library throws nothing else */
      if (!isXclientError(e)) throw e;
      if (values.json === true) {
        io.stdout.write(`${json({ command: 'encode', ok: false, error: errorData(e) })}\n`);
      } else {
        io.stderr.write(`smtp-xclient: ${e.code}: ${printable(e.message)}\n`);
      }
      return false;
    }
    if (values.json === true) {
      const shown = typeof input === 'string' ? input : DECODER.decode(input);
      io.stdout.write(`${json({ command: 'encode', ok: true, value: shown, xtext })}\n`);
    } else {
      io.stdout.write(`${xtext}\n`);
    }
    return true;
  });
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

async function runDecode(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { profile: { type: 'string' }, json: { type: 'boolean' } },
  });
  const profile = profileOption(values.profile, 'decode');
  const xtextArg = onePositional(positionals, 'decode', 'XTEXT');
  return forEachInput(xtextArg, io, 'decode', (input) => {
    // xtext is ASCII; raw octets from stdin are read as UTF-8 (what a terminal types).
    const xtext = typeof input === 'string' ? input : DECODER.decode(input);
    const r = decodeXtext(xtext, { profile });
    const octets = r.ok ? undefined : decodeXtextBytes(xtext, { profile });
    const bytes = octets?.ok === true ? octets.value : undefined;
    if (values.json === true) {
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
  });
}

// ---------------------------------------------------------------------------------------
// build

const ATTRIBUTE_OPTIONS = {
  name: { type: 'string' },
  addr: { type: 'string' },
  port: { type: 'string' },
  proto: { type: 'string' },
  helo: { type: 'string' },
  login: { type: 'string' },
  destaddr: { type: 'string' },
  destport: { type: 'string' },
  'reverse-name': { type: 'string' },
  'omit-unannounced': { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

type AttributeOptionValues = { readonly [K in keyof typeof ATTRIBUTE_OPTIONS]?: unknown };

const OPTION_ATTRIBUTE = [
  ['name', 'NAME'],
  ['addr', 'ADDR'],
  ['port', 'PORT'],
  ['proto', 'PROTO'],
  ['helo', 'HELO'],
  ['login', 'LOGIN'],
  ['destaddr', 'DESTADDR'],
  ['destport', 'DESTPORT'],
  ['reverse-name', 'REVERSE_NAME'],
] as const;

/**
 * The attributes given on the command line. `[UNAVAILABLE]` and `[TEMPUNAVAIL]` become the
 * markers; a port in canonical decimal becomes a number; anything else stays a string for the
 * library to validate (so `--port 025` gets the library's "leading zero" error).
 */
function attributesFrom(values: AttributeOptionValues): XclientAttributes {
  const attributes: Record<string, unknown> = {};
  for (const [option, name] of OPTION_ATTRIBUTE) {
    const value = values[option];
    if (typeof value !== 'string') continue;
    const upper = value.toUpperCase();
    if (upper === UNAVAILABLE.text) attributes[name] = UNAVAILABLE;
    else if (upper === TEMPUNAVAIL.text) attributes[name] = TEMPUNAVAIL;
    else if ((name === 'PORT' || name === 'DESTPORT') && /^(0|[1-9][0-9]{0,4})$/.test(value)) {
      attributes[name] = Number(value);
    } else attributes[name] = value;
  }
  return attributes as XclientAttributes;
}

/** The names of `--announced`: a keyword line, with or without `XCLIENT` and a reply code. */
function announcedFrom(value: string | undefined, command: string): string[] | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  const text = /^(?:\d{3}[ -])?xclient(?:\s|$)/i.test(trimmed) ? trimmed : `XCLIENT ${trimmed}`;
  const r = parseXclientKeyword(text);
  if (!r.ok) throw new UsageError(`--announced: ${r.error.message}`, command);
  return [...r.value.names];
}

/** Plans the lines; a library error is returned, not thrown. */
function plan(
  attributes: XclientAttributes,
  announced: readonly string[] | undefined,
  omit: boolean,
): { readonly ok: true; readonly plan: XclientPlan } | { readonly ok: false; error: XclientError } {
  try {
    const options =
      announced === undefined
        ? {}
        : { announced, unannounced: omit ? ('omit' as const) : ('throw' as const) };
    return { ok: true, plan: planXclient(attributes, options) };
  } catch (e) {
    /* v8 ignore next -- the library throws nothing else */
    if (!isXclientError(e)) throw e;
    return { ok: false, error: e };
  }
}

function writeLibraryError(io: CliIo, asJson: boolean, command: string, error: XclientError): void {
  if (asJson) {
    io.stdout.write(`${json({ command, ok: false, error: errorData(error) })}\n`);
  } else {
    const attribute = error.attribute === undefined ? '' : ` (${error.attribute})`;
    io.stderr.write(
      `smtp-xclient ${command}: ${error.code}${attribute}: ${printable(error.message)}\n`,
    );
  }
}

async function runBuild(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...ATTRIBUTE_OPTIONS, announced: { type: 'string' } },
  });
  if (positionals.length > 0) {
    throw new UsageError(`build takes options only, not "${positionals[0]}"`, 'build');
  }
  const asJson = values.json === true;
  const attributes = attributesFrom(values);
  if (Object.keys(attributes).length === 0) {
    throw new UsageError('build needs at least one attribute option (--name, --addr …)', 'build');
  }
  const announced = announcedFrom(values.announced, 'build');
  const r = plan(attributes, announced, values['omit-unannounced'] === true);
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

// ---------------------------------------------------------------------------------------
// probe: the SMTP conversation

/** A probe failure: a verdict code and a message for a person. */
class ProbeFailure extends Error {
  override readonly name = 'ProbeFailure';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** One line of the transcript: C (client), S (server), or * (a note). */
export interface TranscriptEntry {
  readonly dir: 'C' | 'S' | '*';
  readonly line: string;
}

const MAX_PENDING = 64 * 1024;
const MAX_REPLY_LINES = 1000;

/** An SMTP client connection: reads replies line by line, writes commands, records both. */
class SmtpConnection {
  private socket: net.Socket;
  private queue: string[] = [];
  private pending: Uint8Array = new Uint8Array(0);
  private failure: ProbeFailure | undefined;
  private ended = false;
  private wake: (() => void) | undefined;

  constructor(
    socket: net.Socket,
    private readonly record: (entry: TranscriptEntry) => void,
  ) {
    this.socket = socket;
    this.attach(socket);
  }

  private readonly onData = (bytes: Uint8Array): void => {
    let data = bytes;
    if (this.pending.length > 0) {
      data = new Uint8Array(this.pending.length + bytes.length);
      data.set(this.pending);
      data.set(bytes, this.pending.length);
    }
    let start = 0;
    for (;;) {
      const lf = data.indexOf(0x0a, start);
      if (lf < 0) break;
      const end = lf > start && data[lf - 1] === 0x0d ? lf - 1 : lf;
      this.queue.push(DECODER.decode(data.subarray(start, end)));
      start = lf + 1;
    }
    this.pending = data.slice(start);
    if (this.pending.length > MAX_PENDING) {
      this.fail(new ProbeFailure('malformed-reply', 'a reply line longer than 64 KiB'));
      this.socket.destroy();
    }
    this.notify();
  };

  private readonly onError = (err: Error): void => {
    this.fail(new ProbeFailure('connection-error', `connection error: ${err.message}`));
    this.notify();
  };

  private readonly onClose = (): void => {
    this.ended = true;
    this.notify();
  };

  private attach(socket: net.Socket): void {
    socket.on('data', this.onData);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
  }

  private detach(socket: net.Socket): void {
    socket.off('data', this.onData);
    socket.off('error', this.onError);
    socket.off('close', this.onClose);
  }

  private fail(failure: ProbeFailure): void {
    this.failure ??= failure;
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** Whether the connection can still carry a command. */
  get open(): boolean {
    return !this.ended && this.failure === undefined && !this.socket.destroyed;
  }

  private async line(deadline: number, timeoutMs: number): Promise<string> {
    for (;;) {
      const next = this.queue.shift();
      if (next !== undefined) return next;
      if (this.failure !== undefined) throw this.failure;
      if (this.ended) {
        throw new ProbeFailure('closed', 'the server closed the connection');
      }
      const left = deadline - Date.now();
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => {
            this.wake = undefined;
            reject(new ProbeFailure('timeout', `no reply within ${timeoutMs} ms`));
          },
          Math.max(left, 0),
        );
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Reads one reply (all its lines), records it, and parses it. */
  async reply(timeoutMs: number): Promise<{ readonly reply: Reply; readonly lines: string[] }> {
    const deadline = Date.now() + timeoutMs;
    const lines: string[] = [];
    for (;;) {
      const line = await this.line(deadline, timeoutMs);
      lines.push(line);
      this.record({ dir: 'S', line });
      if (!/^\d{3}-/.test(line) || lines.length >= MAX_REPLY_LINES) break;
    }
    const r = parseReply(lines);
    if (!r.ok) {
      throw new ProbeFailure('malformed-reply', `malformed reply: ${r.error.message}`);
    }
    return { reply: r.value, lines };
  }

  /** Sends one command line (never holding CR or LF: every caller validated it). */
  send(line: string): void {
    this.record({ dir: 'C', line });
    this.socket.write(`${line}\r\n`);
  }

  /** Sends a command and reads its reply. */
  async command(line: string, timeoutMs: number) {
    this.send(line);
    return this.reply(timeoutMs);
  }

  /** Upgrades the connection with TLS (after a 220 to STARTTLS). */
  async startTls(host: string, insecure: boolean, timeoutMs: number): Promise<tls.TLSSocket> {
    const plain = this.socket;
    this.detach(plain);
    if (this.queue.length > 0 || this.pending.length > 0) {
      // Anything sent before the handshake could be injected: drop it (CVE-2011-0411).
      this.record({ dir: '*', line: 'discarded plaintext received after the STARTTLS reply' });
      this.queue = [];
      this.pending = new Uint8Array(0);
    }
    const secure = tls.connect({
      socket: plain,
      host,
      rejectUnauthorized: !insecure,
      ...(net.isIP(host) === 0 ? { servername: host } : {}),
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        reject(new ProbeFailure('timeout', `no TLS handshake within ${timeoutMs} ms`));
      }, timeoutMs);
      const onSecure = (): void => {
        cleanup();
        resolve();
      };
      const onError = (err: Error): void => {
        cleanup();
        const hint = insecure ? '' : ' (--insecure skips certificate verification)';
        reject(new ProbeFailure('tls-failed', `TLS handshake failed: ${err.message}${hint}`));
      };
      const cleanup = (): void => {
        clearTimeout(timer);
        secure.off('secureConnect', onSecure);
        secure.off('error', onError);
      };
      secure.on('secureConnect', onSecure);
      secure.on('error', onError);
    }).catch((e: unknown) => {
      secure.destroy();
      throw e;
    });
    this.socket = secure;
    this.attach(secure);
    return secure;
  }

  /** Sends QUIT and reads the reply, without failing. */
  async quit(timeoutMs: number): Promise<void> {
    if (!this.open) return;
    try {
      await this.command('QUIT', timeoutMs);
    } catch {
      // The verdict is already made; a server that closes without 221 changes nothing.
    }
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** Opens the TCP connection, or fails with a message a person understands. */
function connect(host: string, port: number, timeoutMs: number): Promise<net.Socket> {
  const target = `${net.isIPv6(host) ? `[${host}]` : host}:${port}`;
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const cleanup = (): void => {
      clearTimeout(timer);
      socket.off('connect', onConnect);
      socket.off('error', onError);
    };
    /* v8 ignore start -- a loopback connection does not time out */
    const timer = setTimeout(() => {
      cleanup();
      socket.destroy();
      reject(new ProbeFailure('timeout', `no connection to ${target} within ${timeoutMs} ms`));
    }, timeoutMs);
    /* v8 ignore stop */
    const onConnect = (): void => {
      cleanup();
      resolve(socket);
    };
    const onError = (err: Error & { code?: string; errors?: { code?: string }[] }): void => {
      cleanup();
      socket.destroy();
      const code = err.code ?? err.errors?.[0]?.code;
      const message =
        code === 'ECONNREFUSED'
          ? `connection refused by ${target} (is the server running on that port?)`
          : `cannot connect to ${target}: ${err.message || code || 'unknown error'}`;
      reject(new ProbeFailure('connect-failed', message));
    };
    socket.on('connect', onConnect);
    socket.on('error', onError);
  });
}

// ---------------------------------------------------------------------------------------
// probe: options

/** Whether a literal address is loopback: 127.0.0.0/8, ::1, ::ffff:127.0.0.0/104. */
export function isLoopback(address: string): boolean {
  if (net.isIPv4(address)) return address.startsWith('127.');
  if (!net.isIPv6(address)) return false;
  let canonical: string;
  try {
    canonical = new URL(`http://[${address}]/`).hostname;
  } catch {
    return false; // a zone index (fe80::1%eth0) is never loopback
  }
  return canonical === '[::1]' || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(canonical);
}

/** HOST[:PORT]; an IPv6 address goes in brackets. */
export function parseTarget(target: string): { readonly host: string; readonly port: number } {
  let host: string;
  let portText: string | undefined;
  const bracket = /^\[([^\]]+)\](?::(.*))?$/.exec(target);
  if (bracket !== null) {
    host = bracket[1] as string;
    portText = bracket[2];
    if (!net.isIPv6(host)) throw new UsageError(`"${host}" is not an IPv6 address`, 'probe');
  } else {
    const colons = target.split(':').length - 1;
    if (colons > 1) {
      throw new UsageError(`write an IPv6 address in brackets: [${target}]:25`, 'probe');
    }
    const i = target.indexOf(':');
    host = i < 0 ? target : target.slice(0, i);
    portText = i < 0 ? undefined : target.slice(i + 1);
  }
  if (host === '' || /[\s/@]/.test(host)) {
    throw new UsageError(`"${target}" is not HOST[:PORT]`, 'probe');
  }
  if (portText === undefined) return { host, port: 25 };
  if (!/^[1-9][0-9]{0,4}$/.test(portText) || Number(portText) > 65535) {
    throw new UsageError(`"${portText}" is not a port number (1-65535)`, 'probe');
  }
  return { host, port: Number(portText) };
}

/** An EHLO argument: a domain (RFC 5321 §4.1.2) or an address literal. */
export function isEhloArgument(text: string): boolean {
  const label = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
  return (
    text.length <= 255 &&
    (new RegExp(`^${label}(?:\\.${label})*\\.?$`).test(text) ||
      /^\[(?:[0-9.]+|IPv6:[0-9A-Fa-f:.]+)\]$/.test(text))
  );
}

/** A mailbox for MAIL FROM / RCPT TO: no spaces or controls, angle brackets added. */
function mailbox(value: string, option: string): string {
  const inner = value.startsWith('<') && value.endsWith('>') ? value.slice(1, -1) : value;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing controls
  if (/[\s<>\u0000-\u001f\u007f]/.test(inner)) {
    throw new UsageError(`--${option} must be one address without spaces: "${value}"`, 'probe');
  }
  return `<${inner}>`;
}

// ---------------------------------------------------------------------------------------
// probe: the run

interface XclientStep {
  readonly line: string;
  readonly reply: Reply;
  readonly class: XclientReplyClass;
}

interface ProbeResult {
  host: string;
  port: number;
  ok: boolean;
  verdict: { code: string; message: string };
  transcript: TranscriptEntry[];
  greeting?: Reply;
  tls?: { protocol: string | null; cipher: string; authorized: boolean };
  announced?: string[] | null;
  planned?: string[];
  omitted?: string[];
  xclient: XclientStep[];
  ehloAfter?: Reply;
  announcedAfter?: string[] | null;
  mail?: Reply;
  rcpt: { address: string; reply: Reply }[];
}

interface ProbeOptions {
  readonly host: string;
  readonly port: number;
  readonly attributes: XclientAttributes;
  readonly omit: boolean;
  readonly force: boolean;
  readonly ehlo: string;
  readonly starttls: boolean;
  readonly insecure: boolean;
  readonly timeout: number;
  readonly allowRemote: boolean;
  readonly mailFrom: string | undefined;
  readonly rcptTo: readonly string[];
}

const VERDICTS: Readonly<Record<XclientReplyClass, string>> = {
  success: 'accepted',
  'nonconforming-success': 'the server replied 250 instead of 220 (non-conforming)',
  unavailable: 'the server cannot proceed and closes the connection',
  syntax: 'the server refused a value',
  transaction: 'a mail transaction is in progress',
  unauthorized: 'this client may not use XCLIENT (Postfix: smtpd_authorized_xclient_hosts)',
  rejected: 'the server rejected XCLIENT',
};

function announcedNames(lines: readonly string[]): string[] | null {
  const r = parseXclientKeyword(lines);
  return r.ok ? [...r.value.names] : null;
}

function hasKeyword(lines: readonly string[], keyword: string): boolean {
  return lines.some((l) => l.slice(4).trim().split(/\s+/)[0]?.toUpperCase() === keyword);
}

async function probe(
  options: ProbeOptions,
  record: (entry: TranscriptEntry) => void,
): Promise<ProbeResult> {
  const transcript: TranscriptEntry[] = [];
  const note = (entry: TranscriptEntry): void => {
    transcript.push(entry);
    record(entry);
  };
  const result: ProbeResult = {
    host: options.host,
    port: options.port,
    ok: false,
    verdict: { code: 'ok', message: '' },
    xclient: [],
    rcpt: [],
    transcript,
  };
  const done = (ok: boolean, code: string, message: string): ProbeResult => {
    result.ok = ok;
    result.verdict = { code, message };
    return result;
  };
  const t = options.timeout;
  let conn: SmtpConnection | undefined;
  let quit = true;
  try {
    const target = `${net.isIPv6(options.host) ? `[${options.host}]` : options.host}:${options.port}`;
    note({ dir: '*', line: `connecting to ${target}` });
    const socket = await connect(options.host, options.port, t);
    const remote = socket.remoteAddress ?? '';
    /* v8 ignore next -- only when localhost resolves elsewhere */
    if (!options.allowRemote && !isLoopback(remote)) {
      socket.destroy();
      quit = false;
      return done(false, 'not-loopback', `${options.host} is ${remote}, not loopback`);
    }
    note({ dir: '*', line: `connected to ${remote} port ${socket.remotePort ?? options.port}` });
    conn = new SmtpConnection(socket, note);

    const greeting = await conn.reply(t);
    result.greeting = greeting.reply;
    if (greeting.reply.code !== 220) {
      return done(false, 'bad-greeting', `the server greeted with ${replyLine(greeting.reply)}`);
    }

    let ehlo = await conn.command(`EHLO ${options.ehlo}`, t);
    if (ehlo.reply.code !== 250) {
      return done(false, 'ehlo-failed', `EHLO refused: ${replyLine(ehlo.reply)}`);
    }
    if (options.starttls) {
      if (!hasKeyword(ehlo.lines, 'STARTTLS')) {
        return done(false, 'starttls-not-announced', 'the server does not announce STARTTLS');
      }
      const go = await conn.command('STARTTLS', t);
      if (go.reply.code !== 220) {
        return done(false, 'tls-failed', `STARTTLS refused: ${replyLine(go.reply)}`);
      }
      const secure = await conn.startTls(options.host, options.insecure, t);
      const cipher = secure.getCipher();
      result.tls = {
        protocol: secure.getProtocol(),
        cipher: cipher.name,
        authorized: secure.authorized,
      };
      note({
        dir: '*',
        line: `TLS established: ${secure.getProtocol() ?? '?'} ${cipher.name}${secure.authorized ? '' : ' (certificate not verified)'}`,
      });
      ehlo = await conn.command(`EHLO ${options.ehlo}`, t);
      if (ehlo.reply.code !== 250) {
        return done(false, 'ehlo-failed', `EHLO over TLS refused: ${replyLine(ehlo.reply)}`);
      }
    }

    const announced = announcedNames(ehlo.lines);
    result.announced = announced;
    const wanted = Object.keys(options.attributes).length > 0;
    if (announced === null && !options.force) {
      return done(
        false,
        'not-announced',
        'XCLIENT is not announced: the server does not offer XCLIENT to this client (Postfix: not in smtpd_authorized_xclient_hosts), or does not support it',
      );
    }
    if (!wanted) {
      if (announced === null) {
        return done(false, 'not-announced', 'XCLIENT is not announced');
      }
      await exerciseMail(conn, options, result);
      const names = announced.join(' ') || '(no names)';
      return done(true, 'announced', `XCLIENT is announced: ${names}`);
    }

    const planned = plan(options.attributes, announced ?? undefined, options.omit);
    if (!planned.ok) {
      const hint =
        planned.error.code === 'FORMAT_NOT_ANNOUNCED' ? ' (--omit-unannounced leaves it out)' : '';
      return done(false, 'plan-failed', `${planned.error.code}: ${planned.error.message}${hint}`);
    }
    result.planned = [...planned.plan.lines];
    result.omitted = [...planned.plan.omitted];
    if (planned.plan.omitted.length > 0) {
      note({ dir: '*', line: `not announced, left out: ${planned.plan.omitted.join(' ')}` });
    }
    if (planned.plan.lines.length === 0) {
      return done(false, 'plan-failed', 'no attribute left to send');
    }
    for (const line of planned.plan.lines) {
      const { reply } = await conn.command(line, t);
      const kind = classifyXclientReply(reply);
      result.xclient.push({ line, reply, class: kind });
      if (kind === 'unavailable') quit = false;
      if (kind !== 'success' && kind !== 'nonconforming-success') {
        return done(false, kind, `${VERDICTS[kind]}: ${replyLine(reply)}`);
      }
    }

    // EHLO again: the session is back at the greeting stage (SPEC §13). The argument becomes
    // the HELO name on record; HELO (not EHLO) keeps an asserted PROTO=SMTP.
    const helo = options.attributes.HELO;
    const name = typeof helo === 'string' && isEhloArgument(helo) ? helo : options.ehlo;
    const verb = options.attributes.PROTO === 'SMTP' ? 'HELO' : 'EHLO';
    if (typeof helo === 'string' && name !== helo) {
      note({
        dir: '*',
        line: `the asserted HELO is not a valid ${verb} argument: sending ${name}`,
      });
    }
    const after = await conn.command(`${verb} ${name}`, t);
    result.ehloAfter = after.reply;
    if (verb === 'EHLO' && after.reply.code === 250) {
      result.announcedAfter = announcedNames(after.lines);
    }
    await exerciseMail(conn, options, result);
    const nonconforming = result.xclient.some((s) => s.class === 'nonconforming-success');
    if (nonconforming) {
      return done(false, 'nonconforming-success', VERDICTS['nonconforming-success']);
    }
    const n = result.xclient.length;
    return done(true, 'ok', `every XCLIENT command got 220 (${n} command${n === 1 ? '' : 's'})`);
  } catch (e) {
    /* v8 ignore next -- a bug, not a probe result */
    if (!(e instanceof ProbeFailure)) throw e;
    quit = false;
    return done(false, e.code, e.message);
  } finally {
    if (conn !== undefined) {
      if (quit) await conn.quit(t);
      conn.destroy();
    }
  }
}

/** MAIL FROM and RCPT TO, when asked: reported, not judged. */
async function exerciseMail(
  conn: SmtpConnection,
  options: ProbeOptions,
  result: ProbeResult,
): Promise<void> {
  if (options.mailFrom === undefined && options.rcptTo.length === 0) return;
  const mail = await conn.command(`MAIL FROM:${options.mailFrom ?? '<>'}`, options.timeout);
  result.mail = mail.reply;
  if (mail.reply.code !== 250) return;
  for (const address of options.rcptTo) {
    const rcpt = await conn.command(`RCPT TO:${address}`, options.timeout);
    result.rcpt.push({ address, reply: rcpt.reply });
  }
}

function writeProbeSummary(out: CliOutput, r: ProbeResult): void {
  out.write('\n');
  if (r.announced !== undefined) {
    out.write(
      `XCLIENT announced: ${r.announced === null ? 'no' : r.announced.join(' ') || '(no names)'}\n`,
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
  const status = r.ok ? 'ok' : `FAILED (${r.verdict.code})`;
  out.write(`verdict: ${status}: ${printable(r.verdict.message)}\n`);
}

async function runProbe(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
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
      'allow-remote': { type: 'boolean' },
    },
  });
  const asJson = values.json === true;
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0 ? 'probe needs HOST[:PORT]' : 'probe takes one HOST[:PORT]',
      'probe',
    );
  }
  const { host, port } = parseTarget(positionals[0] as string);
  const allowRemote = values['allow-remote'] === true;
  if (!allowRemote && host.toLowerCase() !== 'localhost' && !isLoopback(host)) {
    throw new UsageError(
      `${host} is not a loopback address: XCLIENT lets a client speak for others, so probe only talks to 127.0.0.0/8, ::1 and localhost unless --allow-remote`,
      'probe',
    );
  }
  let timeout = 10_000;
  if (values.timeout !== undefined) {
    if (!/^[1-9][0-9]{0,8}$/.test(values.timeout)) {
      throw new UsageError(
        `--timeout must be a number of milliseconds, not "${values.timeout}"`,
        'probe',
      );
    }
    timeout = Number(values.timeout);
  }
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
  const attributes = attributesFrom(values);
  // Validate the values before connecting: a typo is not the server's problem.
  if (Object.keys(attributes).length > 0) {
    const checked = plan(attributes, undefined, false);
    if (!checked.ok) {
      writeLibraryError(io, asJson, 'probe', checked.error);
      return EXIT_FAIL;
    }
  }
  const options: ProbeOptions = {
    host,
    port,
    attributes,
    omit: values['omit-unannounced'] === true,
    force: values.force === true,
    ehlo,
    starttls: values.starttls === true,
    insecure: values.insecure === true,
    timeout,
    allowRemote,
    mailFrom,
    rcptTo,
  };
  const live = (entry: TranscriptEntry): void => {
    if (!asJson) io.stdout.write(`${entry.dir}: ${printable(entry.line)}\n`);
  };
  const result = await probe(options, live);
  if (asJson) {
    // In reading order, the transcript last (JSON.stringify drops the undefined fields).
    const r = result;
    const record = {
      command: 'probe',
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
      transcript: r.transcript,
    };
    io.stdout.write(`${json(record)}\n`);
  } else writeProbeSummary(io.stdout, result);
  return result.ok ? EXIT_OK : EXIT_FAIL;
}

// ---------------------------------------------------------------------------------------
// main

/** The version in package.json: ../package.json from both src/cli.ts and dist/cli.js. */
export function version(url: URL = new URL('../package.json', import.meta.url)): string {
  try {
    const pkg = JSON.parse(readFileSync(url, 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

const COMMANDS: Readonly<Record<string, (args: string[], io: CliIo) => Promise<number>>> = {
  check: runCheck,
  encode: runEncode,
  decode: runDecode,
  build: runBuild,
  probe: runProbe,
};

/**
 * Runs the CLI: `argv` without the node and script paths. Returns the exit status
 * (0 accepted / ok, 1 rejected / failed, 2 usage error); never calls process.exit.
 *
 * @example
 * ```ts
 * const code = await main(['check', 'XCLIENT NAME=x.example'], { stdout, stderr, stdin });
 * ```
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const args = [...argv];
  let asJson = false;
  // Global flags before the command.
  while (args[0]?.startsWith('-')) {
    const flag = args.shift() as string;
    if (flag === '-h' || flag === '--help') {
      io.stdout.write(HELP.main as string);
      return EXIT_OK;
    }
    if (flag === '-V' || flag === '--version') {
      io.stdout.write(`${version()}\n`);
      return EXIT_OK;
    }
    if (flag === '--json') asJson = true;
    else return usage(io, new UsageError(`unknown option "${flag}"`), asJson);
  }
  const command = args.shift();
  if (command === undefined) {
    io.stderr.write(HELP.main as string);
    return EXIT_USAGE;
  }
  if (command === 'help') {
    const topic = args[0];
    if (topic !== undefined && HELP[topic] === undefined) {
      return usage(io, new UsageError(`unknown command "${topic}"`), asJson);
    }
    io.stdout.write(HELP[topic ?? 'main'] as string);
    return EXIT_OK;
  }
  const run = COMMANDS[command];
  if (run === undefined) {
    return usage(io, new UsageError(`unknown command "${command}"`), asJson);
  }
  const flags = args.includes('--') ? args.slice(0, args.indexOf('--')) : args;
  if (flags.includes('--help') || flags.includes('-h')) {
    io.stdout.write(HELP[command] as string);
    return EXIT_OK;
  }
  if (asJson && !args.includes('--json')) args.push('--json');
  try {
    return await run(args, io);
  } catch (e) {
    if (e instanceof UsageError) return usage(io, e, args.includes('--json'), command);
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) {
      return usage(io, new UsageError((e as Error).message, command), args.includes('--json'));
    }
    /* v8 ignore next -- a bug: say so, with the stack, and exit 1 */
    io.stderr.write(`smtp-xclient: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    return EXIT_FAIL;
  }
}

function usage(io: CliIo, e: UsageError, asJson: boolean, command = e.command): number {
  if (asJson) {
    io.stdout.write(`${json({ ok: false, error: { code: 'USAGE', message: e.message } })}\n`);
  } else {
    const hint = command === undefined ? 'smtp-xclient --help' : `smtp-xclient ${command} --help`;
    io.stderr.write(`smtp-xclient: ${e.message}\nTry '${hint}'.\n`);
  }
  return EXIT_USAGE;
}

/** Whether this module is the program being run (not imported by tests). */
function isEntryPoint(): boolean {
  const script = process.argv[1];
  /* v8 ignore next -- node always has a script path here */
  if (script === undefined) return false;
  try {
    return realpathSync(fileURLToPath(import.meta.url)) === realpathSync(script);
  } catch {
    /* v8 ignore next */
    return pathToFileURL(script).href === import.meta.url;
  }
}

/* v8 ignore start -- run as a program */
if (isEntryPoint()) {
  // `smtp-xclient check … | head`: the reader is gone; stop quietly, as Unix tools do.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
      process.exit(process.exitCode ?? EXIT_OK);
    });
  }
  // exitCode, not exit(): process.exit() can cut off output still queued for a pipe.
  process.exitCode = await main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
  });
}
/* v8 ignore stop */
