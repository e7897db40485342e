// Running the CLI in-process: main() with an io that collects stdout and stderr.
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

/** What a run of the CLI printed, and its exit status. */
export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** What a run reads: its standard input (nothing by default) and a resolver of its own. */
export interface CliRunInput {
  readonly stdin?: AsyncIterable<string | Uint8Array> | readonly (string | Uint8Array)[];
  readonly lookup?: CliIo['lookup'];
}

/** Runs `smtp-xclient …args` in this process and collects what it printed. */
export async function runCli(args: readonly string[], input: CliRunInput = {}): Promise<CliRun> {
  let out = '';
  let err = '';
  const given = input.stdin ?? [];
  const stdin: AsyncIterable<string | Uint8Array> =
    Symbol.asyncIterator in given
      ? given
      : (async function* () {
          yield* given;
        })();
  const io: CliIo = {
    stdout: { write: (c: string) => (out += c) },
    stderr: { write: (c: string) => (err += c) },
    stdin,
    ...(input.lookup === undefined ? {} : { lookup: input.lookup }),
  };
  const code = await main([...args], io);
  return { code, out, err };
}
