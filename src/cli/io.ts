/**
 * The streams of the CLI, its exit statuses, the usage error, and the lines of standard input.
 *
 * @packageDocumentation
 */

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

/** The lines of standard input as raw octets, without their LF (a CR before it kept). */
export async function* stdinLines(
  stdin: AsyncIterable<Uint8Array | string>,
): AsyncGenerator<Uint8Array> {
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
