/**
 * The help texts: one for the program, one per command.
 *
 * @packageDocumentation
 */

import type { KindValues } from '../dialects/dialect.js';
import { ATTRIBUTE_NAMES, ATTRIBUTES, XCLIENT, XCLIENT_SESSION } from '../dialects/xclient.js';
import { XFORWARD_ATTRIBUTE_NAMES, XFORWARD_ATTRIBUTES } from '../dialects/xforward.js';

/** How the help writes a value of each kind. */
const METAVAR = {
  hostname: 'HOST',
  address: 'IP',
  port: 'N',
  proto: 'SMTP|ESMTP',
  text: 'TEXT',
  word: 'WORD',
  source: 'SRC',
} as const satisfies Record<keyof KindValues, string>;

/** The help's width: lines are wrapped before it. */
const WIDTH = 92;

/** `text` wrapped at word boundaries before {@link WIDTH}, lines after the first indented. */
function wrap(text: string, indent = ''): string {
  const lead = text.length - text.trimStart().length;
  const lines: string[] = [];
  let line = text.slice(0, lead);
  for (const word of text.slice(lead).split(' ')) {
    if (line.trim() !== '' && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = indent + word;
    } else line = line.trim() === '' ? line + word : `${line} ${word}`;
  }
  return [...lines, line].join('\n');
}

/** `A, B and C`. */
const list = (items: readonly string[]): string =>
  items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

/** One line per attribute of a dialect, from its row: flag, value, name, meaning. */
const attributeLines = (
  names: readonly string[],
  rows: Readonly<Record<string, { flag: string; kind: keyof KindValues; description: string }>>,
): string =>
  names
    .map((n) => {
      const { flag, kind, description } = rows[n] as (typeof rows)[string];
      return wrap(
        `  ${`${flag} ${METAVAR[kind]}`.padEnd(19)}  ${n}: ${description}`,
        ' '.repeat(23),
      );
    })
    .join('\n');

const flagsOf = (
  names: readonly string[],
  rows: Readonly<Record<string, { flag: string }>>,
): readonly string[] => names.map((n) => (rows[n] as { flag: string }).flag);
const XCLIENT_FLAGS = flagsOf(ATTRIBUTE_NAMES, ATTRIBUTES);
const XFORWARD_FLAGS = flagsOf(XFORWARD_ATTRIBUTE_NAMES, XFORWARD_ATTRIBUTES);
const XCLIENT_ONLY = XCLIENT_FLAGS.filter((f) => !XFORWARD_FLAGS.includes(f));
const XFORWARD_ONLY = XFORWARD_FLAGS.filter((f) => !XCLIENT_FLAGS.includes(f));

const ATTRIBUTE_HELP = `Attributes (values as people write them; the CLI validates and xtext-encodes them):
${attributeLines(ATTRIBUTE_NAMES, ATTRIBUTES)}
  An IPv6 address may be given with or without "IPV6:". A value of [UNAVAILABLE] or
  [TEMPUNAVAIL] is sent as that special value.

With --xforward, XFORWARD instead of XCLIENT (Postfix XFORWARD_README), with these:
${attributeLines(XFORWARD_ATTRIBUTE_NAMES, XFORWARD_ATTRIBUTES)}
${wrap(`  ${list(XCLIENT_ONLY)} are XCLIENT only; ${list(XFORWARD_ONLY)} XFORWARD only.`, '  ')}`;

/** How formatXclient splits a set, from the dialect: what goes first, what last, what resets. */
const SPLIT_HELP = wrap(
  'Prints the XCLIENT command lines to send, one per line, without CRLF: values validated with ' +
    'the strict rules and xtext-encoded, each line at most 512 octets. When one line is not ' +
    `enough, ${list(XCLIENT.others)} go first and ${list(XCLIENT.final)} together in the last ` +
    `line (Postfix forgets ${list(Object.keys(XCLIENT_SESSION.resetUnlessCarried))} at every ` +
    'XCLIENT that does not carry them). With --xforward, the XFORWARD lines, packed in ' +
    "Postfix's own order (Postfix keeps XFORWARD attributes across commands: any split works).",
);

export const HELP: Readonly<Record<string, string>> = {
  main: `Usage: smtp-xclient <command> [options]

Check, build and send SMTP XCLIENT and XFORWARD commands (Postfix XCLIENT_README and
XFORWARD_README, RFC 3461 xtext).

Commands:
  check [LINE]       is an XCLIENT (or XFORWARD) line valid? the reply a server sends, attributes, warnings
  encode [VALUE]     encode a value as xtext
  decode [XTEXT]     decode xtext
  build OPTIONS      the XCLIENT lines (XFORWARD with --xforward) to send for a set of attributes
  probe HOST[:PORT]  send XCLIENT (XFORWARD with --xforward) to a server and print the transcript (loopback only by default)
  conform HOST:PORT  run the conformance suite against a server: every reply compared with Postfix 3.7's (loopback only by default)

Options for every command:
  --json             machine-readable output: one JSON object (one per line for stdin input)
  -h, --help         help; "smtp-xclient <command> --help" for a command's options
  -V, --version      the version

Exit status: 0 accepted / ok, 1 rejected / failed, 2 usage error.

Examples:
  smtp-xclient check 'XCLIENT NAME=spike.porcupine.org ADDR=168.100.189.2'
  smtp-xclient check --profile postfix < lines.txt
  smtp-xclient build --name mail.example.com --addr 192.0.2.1 --helo mail.example.com
  smtp-xclient build --xforward --name mail.example.com --ident 3CF6B2AAE8 --source REMOTE
  smtp-xclient probe 127.0.0.1:10025 --addr 192.0.2.1 --mail-from a@example.com --rcpt-to b@example.net
  smtp-xclient conform 127.0.0.1:10025 --unauthorized 127.0.0.1:10026 --html report.html
`,
  check: `Usage: smtp-xclient check [--profile strict|postfix|lenient] [--json] [LINE]

Reads an XCLIENT command line as a server would and prints the verdict (accepted or
rejected), the reply the server sends, each attribute (name, raw xtext, decoded text and typed
value) and every warning. A line whose first word is XFORWARD is read as XFORWARD (success:
250 2.0.0 Ok; --json adds "verb":"XFORWARD"). Without LINE (or with "-"), reads one line per
line of standard input (raw octets; empty lines are skipped).

Options:
  --profile P   strict (default): the protocol document, made safe
                postfix: exactly what Postfix 3.7.11 accepts and replies
                lenient: what real clients (swaks, nginx, Dovecot) send, with warnings
  --json        one JSON object per line checked

Exit status: 0 when every line is accepted, 1 when one is rejected, 2 on a usage error.

Examples:
  smtp-xclient check 'XCLIENT NAME=spike.porcupine.org ADDR=168.100.189.2'
  smtp-xclient check --profile postfix 'XCLIENT NAME=bad..name'
  smtp-xclient check --profile postfix 'XFORWARD NAME=up.example IDENT=3CF6B2AAE8'
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
  build: `Usage: smtp-xclient build [--xforward] [attributes] [--announced 'NAME ADDR …'] [--omit-unannounced] [--json]

${SPLIT_HELP}

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
  smtp-xclient build --xforward --name up.example --addr 192.0.2.7 --proto ESMTP --ident A1
`,
  probe: `Usage: smtp-xclient probe HOST[:PORT] [--xforward] [attributes] [options]

Connects to an SMTP server (port 25 by default), reads the greeting, sends EHLO, reads the
XCLIENT keyword, sends the planned XCLIENT lines and reads each reply, sends EHLO again (with
the asserted HELO when it is a valid EHLO argument; HELO instead when --proto SMTP), optionally
MAIL FROM and RCPT TO to exercise the server's access rules, then QUIT. Prints the transcript
and a verdict. Without attributes, only reports whether XCLIENT is announced. With --xforward:
the XFORWARD keyword and lines instead, each answered 250, and no EHLO again.

Only loopback hosts (127.0.0.0/8, ::1, and names that resolve only to them, checked before
connecting) unless --allow-remote: XCLIENT lets a client speak for others; point it only at
servers you run.

${ATTRIBUTE_HELP}

Options:
  --mail-from ADDR     send MAIL FROM:<ADDR> after XCLIENT (reported, not judged)
  --rcpt-to ADDR       send RCPT TO:<ADDR> (repeatable; MAIL FROM:<> when no --mail-from)
  --ehlo NAME          the EHLO argument (default localhost)
  --starttls           send STARTTLS after the first EHLO, then EHLO again over TLS
  --insecure           with --starttls: do not verify the server certificate
  --timeout MS         the wait for the connection and each reply (default 10000)
  --omit-unannounced   leave out attributes the server did not announce
  --xforward           XFORWARD instead of XCLIENT
  --force              send XCLIENT even when the server does not announce it
  --pipeline           send the EHLO with the last XCLIENT line, before its 220, as some
                       proxies do (Postfix 3.9 refuses this: smtpd_forbid_unauth_pipelining)
  --allow-remote       allow a host that is not loopback

Each XCLIENT line is sent alone and the EHLO after its 220, as Postfix 3.9 demands. A server
that answers 554 5.5.0 (SMTP protocol synchronization) fails with pipelining-refused; a
transcript that Postfix 3.9 would refuse (--pipeline against an older server) gets a warning.

Exit status: 0 when every XCLIENT got 220 (or, without attributes, XCLIENT is announced);
1 otherwise (connection refused, timeout, not announced, 550, 501, 421 …); 2 on a usage error.

Examples:
  smtp-xclient probe 127.0.0.1:10025
  smtp-xclient probe 127.0.0.1:10025 --name spike.porcupine.org --addr 168.100.189.2 \\
      --helo spike.porcupine.org --mail-from a@example.com --rcpt-to b@example.net
  smtp-xclient probe '[::1]:25' --addr 192.0.2.1 --starttls --insecure --json
  smtp-xclient probe 127.0.0.1:10028 --xforward --name up.example --ident A1 --mail-from a@example.com
`,
  conform: `Usage: smtp-xclient conform HOST:PORT [--unauthorized HOST:PORT] [--category ID,…]
                            [--exact] [--json] [--html FILE] [options]

Runs the conformance suite against an SMTP server and compares each reply with the one
Postfix 3.7.11 would give (the library's 'postfix' profile and server session predict it).
Each case opens a fresh connection, greets, sends EHLO conform.example, its lines, and QUIT.
It never sends DATA. Prints a progress line on standard error, then the summary per category
and each difference: the case, the line sent, the reply expected and the reply received.

Only loopback hosts (127.0.0.0/8, ::1, localhost) unless --allow-remote: the suite sends
XCLIENT, which lets a client speak for others; point it only at servers you run.

Categories (--category, comma-separated or repeated; all by default):
  ehlo        the EHLO keyword           syntax      syntax and tokenizing
  xtext       xtext                      values      each attribute's values, special values
  limits      255, 512, 2048 octets      replies     reply codes, enhanced codes, echoes
  state       503 in a transaction, RSET, HELO and EHLO
  reset       what a success resets      reauth      re-authorization, the unauthorized port
  pipelining  pipelining after XCLIENT   xforward    XFORWARD
A category the server cannot run (XCLIENT, XFORWARD or PIPELINING not announced) is
skipped, with the reason.

Judging: a case agrees when each reply has the same code, enhanced code and verdict (its
class, and whether the server hangs up after it) as Postfix's; an EHLO reply must announce
XCLIENT and XFORWARD when Postfix's would. Where the protocol document (XCLIENT_README,
XFORWARD_README) leaves the server a choice, the case says so and a difference is reported
as "allowed", not counted.

Options:
  --unauthorized HOST:PORT  a server (or port) that does not authorize this client for
                      XCLIENT: the cases of the unauthorized port run there (else skipped)
  --exact             compare the reply texts too, octet for octet
  --json              the report as JSON: { total, agree, categories: [{ id, name, total,
                      agree, … }], cases: [{ id, status, lines: [{ sent, expected, actual }] }] }
  --html FILE         also write the report as one self-contained HTML page
  --authorized-hosts LIST
                      the networks the server authorizes for XCLIENT, as Postfix's
                      smtpd_authorized_xclient_hosts (default 127.0.0.0/8,[::1]/128)
  --timeout MS        the wait for each reply (default 5000)
  --rate N            at most N connections per second (default 50)
  --allow-remote      allow a host that is not loopback

Exit status: 0 when every case agrees (allowed differences included), 1 when a case
differs, 2 on a usage error or when a server cannot be reached.

Examples:
  smtp-xclient conform 127.0.0.1:10025 --unauthorized 127.0.0.1:10026
  smtp-xclient conform 127.0.0.1:2525 --category syntax,xtext --exact
  smtp-xclient conform '[::1]:25' --json > report.json
  smtp-xclient conform 127.0.0.1:10028 --html report.html
`,
};
