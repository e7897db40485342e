// The recorded XFORWARD corpus (test/vectors/xforward-postfix-3.7.11.jsonl): its records and
// the octet helpers the replays share. A line is stored as one character per octet (latin1).
import { readFileSync } from 'node:fs';

/** One command and Postfix's reply. */
export interface Step {
  readonly cmd: string;
  readonly code: number | null;
  readonly enhanced: string | null;
  readonly text: string | null;
  readonly reply?: readonly string[];
  readonly closed?: boolean;
}

/** A witness transaction: its tag, queue id and what followed "client=" in the log. */
export interface Witness {
  readonly tag: string;
  readonly queue_id?: string;
  readonly client?: string | null;
}

/** A record: a single line (with `code`) or a sequence (with `steps`). */
export interface XforwardCase {
  readonly id: string;
  readonly context: 'auth' | 'noehlo' | 'mail' | 'xclient' | 'noauth' | 'seq';
  readonly note: string;
  readonly line?: string;
  readonly eol?: string;
  readonly ehlo?: boolean;
  readonly pre?: readonly Step[];
  readonly code?: number | null;
  readonly enhanced?: string | null;
  readonly text?: string | null;
  readonly closed?: boolean;
  readonly post?: readonly Step[];
  readonly steps?: readonly Step[];
  readonly witness?: readonly Witness[];
  readonly ehlo_xforward?: string | null;
  readonly ehlo_xclient?: string | null;
}

export function loadXforwardCorpus(): XforwardCase[] {
  return readFileSync(new URL('../vectors/xforward-postfix-3.7.11.jsonl', import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as XforwardCase);
}

/** The octets of a recorded line. */
export const octets = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));
/** A recorded reply text (octets as latin1 characters) read as UTF-8. */
export const utf8 = (s: string): string => Buffer.from(s, 'latin1').toString('utf8');
