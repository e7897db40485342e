/**
 * The streams of the CLI, its exit statuses, the usage error, and the lines of standard input.
 *
 * @packageDocumentation
 */

import { concatOctets } from '../octets.js';

// ---------------------------------------------------------------------------------------
// Streams and exit codes

/** A stream the CLI writes to (process.stdout, or a fake in tests). */
export interface CliOutput {
  write(chunk: string): unknown;
}

/**
 * The streams the CLI uses; stdin yields chunks of octets (or strings). `lookup` resolves a
 * host name for `probe` (node:dns by default; a test gives its own).
 */
export interface CliIo {
  readonly stdout: CliOutput;
  readonly stderr: CliOutput;
  readonly stdin: AsyncIterable<Uint8Array | string>;
  readonly lookup?: (host: string) => Promise<readonly { readonly address: string }[]>;
}

/** Exit status: accepted / every XCLIENT got 220. */
export const EXIT_OK = 0;
/** Exit status: rejected, refused, or failed. */
export const EXIT_FAIL = 1;
/** Exit status: the command line itself is wrong. */
export const EXIT_USAGE = 2;

/** A mistake on the command line: exit 2 with the command's usage hint. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------
// Input

export const DECODER = new TextDecoder('utf-8');
export const ENCODER = new TextEncoder();

/**
 * The longest line standard input may hold, in octets (its LF not counted): 1 MiB, far above
 * any SMTP line (Postfix reads 2048 octets of a command line), so that a stream without
 * line ends cannot make the CLI hold all of it.
 */
export const MAX_INPUT_LINE_OCTETS = 1_048_576;

/** One line from its pieces (the usual case: one piece, no copy). */
const joined = (pieces: readonly Uint8Array[]): Uint8Array =>
  pieces.length === 1 ? (pieces[0] as Uint8Array) : concatOctets(pieces);

/**
 * The lines of standard input as raw octets, without their LF (a CR before it kept), in time
 * linear in the input: the pieces of a line that spans chunks are joined once, at its end.
 * A line longer than `max` octets is a {@link UsageError} naming the line, before more of it
 * is read.
 */
export async function* stdinLines(
  stdin: AsyncIterable<Uint8Array | string>,
  max: number = MAX_INPUT_LINE_OCTETS,
): AsyncGenerator<Uint8Array> {
  let pieces: Uint8Array[] = [];
  let length = 0;
  let number = 1;
  for await (const chunk of stdin) {
    const bytes = typeof chunk === 'string' ? ENCODER.encode(chunk) : chunk;
    let start = 0;
    for (;;) {
      const lf = bytes.indexOf(0x0a, start);
      const end = lf < 0 ? bytes.length : lf;
      if (length + end - start > max) {
        throw new UsageError(
          `standard input: line ${number} is longer than ${max} octets, the most the CLI reads in one line`,
        );
      }
      if (lf >= 0 && pieces.length === 0) pieces.push(bytes.subarray(start, end));
      else if (end > start || lf >= 0) pieces.push(bytes.slice(start, end));
      length += end - start;
      if (lf < 0) break;
      yield joined(pieces);
      pieces = [];
      length = 0;
      number++;
      start = lf + 1;
    }
  }
  if (length > 0) yield joined(pieces);
}

/** A line without its trailing CR. */
export function withoutCr(line: Uint8Array): Uint8Array {
  return line.length > 0 && line[line.length - 1] === 0x0d ? line.subarray(0, -1) : line;
}

/**
 * Runs `each` on the positional argument, or else on every line of standard input (without
 * its CR): exit 0 when every call returned true, 1 otherwise, a usage error for no input.
 */
export async function forEachInput(
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
