// What the conform interop suites share: running `smtp-xclient conform` through main(), and
// smtp-server (nodemailer's, the devDependency) set up as a conform target: one listener with
// useXClient and useXForward, and one without, which authorizes nobody.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { runCli } from '../helpers/cli-run.js';

export interface ConformRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs the CLI with `args` and collects its output. */
export const cli = (args: readonly string[]): Promise<ConformRun> => runCli(args);

/** The JSON report's parts the tests read. */
export interface JsonReport {
  readonly total: number;
  readonly agree: number;
  readonly categories: readonly {
    readonly id: string;
    readonly name: string;
    readonly total: number;
    readonly agree: number;
    readonly skipped: number;
    readonly reason?: string;
  }[];
  readonly cases: readonly {
    readonly id: string;
    readonly status: string;
    readonly reason?: string;
  }[];
}

/** `conform … --json`, parsed. */
export async function conformJson(
  args: readonly string[],
): Promise<{ readonly code: number; readonly report: JsonReport }> {
  const r = await cli(['conform', ...args, '--json']);
  return { code: r.code, report: JSON.parse(r.out) as JsonReport };
}

/** The IDs of the cases with a status. */
export const idsWith = (report: JsonReport, status: string): string[] =>
  report.cases.filter((c) => c.status === status).map((c) => c.id);

/** smtp-server on 127.0.0.1, ephemeral port; `close()` stops it. */
async function start(
  options: ConstructorParameters<typeof SMTPServer>[0],
): Promise<{ readonly port: number; readonly close: () => Promise<void> }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    disableReverseLookup: true,
    logger: false,
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The two smtp-server targets: XCLIENT and XFORWARD on, and a plain one. */
export async function smtpServers(): Promise<{
  readonly authorized: number;
  readonly unauthorized: number;
  readonly close: () => Promise<void>;
}> {
  const authorized = await start({ useXClient: true, useXForward: true });
  const unauthorized = await start({});
  return {
    authorized: authorized.port,
    unauthorized: unauthorized.port,
    close: async () => {
      await authorized.close();
      await unauthorized.close();
    },
  };
}
