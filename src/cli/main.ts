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
 * The CLI (this module and the others of src/cli/) is the only part of the package that does
 * I/O. Everything it knows about XCLIENT comes from the library; it adds argument parsing,
 * sockets and output.
 *
 * @packageDocumentation
 */

import { readFileSync, realpathSync } from 'node:fs';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runBuild } from './commands/build.js';
import { runCheck } from './commands/check.js';
import { runConform } from './commands/conform.js';
import { runProbe } from './commands/probe.js';
import { runDecode, runEncode } from './commands/xtext.js';
import { HELP } from './help.js';
import { type CliIo, EXIT_FAIL, EXIT_OK, EXIT_USAGE, UsageError } from './io.js';
import { json } from './render.js';

// ---------------------------------------------------------------------------------------
// Version

/** The name in the package.json that version() looks for. */
const PACKAGE_NAME = 'smtp-xclient';

/** A package.json, or undefined when it cannot be read. */
function readPackage(
  url: URL,
): { readonly name?: unknown; readonly version?: unknown } | undefined {
  try {
    return JSON.parse(readFileSync(url, 'utf8')) as { name?: unknown; version?: unknown };
  } catch {
    return undefined;
  }
}

/**
 * The package.json of this package: the nearest one named smtp-xclient above this module
 * (one level up from dist/cli.js, two from src/cli/main.ts).
 */
function ownPackage(): { readonly version?: unknown } | undefined {
  let dir = new URL('.', import.meta.url);
  for (;;) {
    const pkg = readPackage(new URL('package.json', dir));
    if (pkg?.name === PACKAGE_NAME) return pkg;
    const parent = new URL('..', dir);
    if (parent.href === dir.href) return undefined;
    dir = parent;
  }
}

/** The version in package.json: that of `url`, or of this package by default. */
export function version(url?: URL): string {
  const pkg = url === undefined ? ownPackage() : readPackage(url);
  return typeof pkg?.version === 'string' ? pkg.version : 'unknown';
}

// ---------------------------------------------------------------------------------------
// main

const COMMANDS: Readonly<Record<string, (args: string[], io: CliIo) => Promise<number>>> = {
  check: runCheck,
  encode: runEncode,
  decode: runDecode,
  build: runBuild,
  probe: runProbe,
  conform: runConform,
};

/**
 * Runs the CLI: `argv` without the node and script paths. Returns the exit status
 * (0 accepted / ok, 1 rejected / failed, 2 usage error); never calls process.exit.
 *
 * @example
 * ```ts
 * const out: string[] = [];
 * const stdout = { write: (text: string) => out.push(text) > 0 };
 * const stdin = (async function* () {})();
 * await main(['check', 'XCLIENT NAME=x.example'], { stdout, stderr: stdout, stdin }) //=> 0
 * ```
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const args = [...argv];
  const global = globalFlags(args, io);
  if (typeof global === 'number') return global;
  const { asJson } = global;
  const command = args.shift();
  if (command === undefined) {
    io.stderr.write(HELP.main as string);
    return EXIT_USAGE;
  }
  if (command === 'help') return help(args[0], io, asJson);
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
  return runCommand(command, run, args, io);
}

/**
 * Takes the global flags before the command off `args`: --json, or an exit status once
 * --help or --version is answered (or for an unknown flag).
 */
function globalFlags(args: string[], io: CliIo): { readonly asJson: boolean } | number {
  let asJson = false;
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
  return { asJson };
}

/** `smtp-xclient help [COMMAND]`. */
function help(topic: string | undefined, io: CliIo, asJson: boolean): number {
  if (topic !== undefined && HELP[topic] === undefined) {
    return usage(io, new UsageError(`unknown command "${topic}"`), asJson);
  }
  io.stdout.write(HELP[topic ?? 'main'] as string);
  return EXIT_OK;
}

/** Runs a command: a usage error (or a parseArgs error) exits 2, a bug 1. */
async function runCommand(
  command: string,
  run: (args: string[], io: CliIo) => Promise<number>,
  args: string[],
  io: CliIo,
): Promise<number> {
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

/** A usage error: JSON on stdout, or the message and a hint on stderr; exit 2. */
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
