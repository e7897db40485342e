/**
 * Reading the command line: the options every command shares, the attribute options of
 * `build` and `probe`, and the host, EHLO argument and mailboxes of `probe`.
 *
 * @packageDocumentation
 */

import dns from 'node:dns/promises';
import net from 'node:net';
import {
  ATTRIBUTE_NAMES,
  ATTRIBUTES,
  type AttributeSpec,
  PROFILES,
  type Profile,
  parseXclientKeyword,
  parseXforwardKeyword,
  TEMPUNAVAIL,
  UNAVAILABLE,
  type XclientAttributes,
  XFORWARD_ATTRIBUTE_NAMES,
  XFORWARD_ATTRIBUTES,
  type XforwardAttributes,
} from '../index.js';
import { asciiUpper } from '../octets.js';
import { UsageError } from './io.js';

// ---------------------------------------------------------------------------------------
// Every command

/** The --profile option: strict when absent, a usage error for an unknown profile. */
export function profileOption(value: string | undefined, command: string): Profile {
  if (value === undefined) return 'strict';
  if ((PROFILES as readonly string[]).includes(value)) return value as Profile;
  throw new UsageError(`--profile must be strict, postfix or lenient, not "${value}"`, command);
}

/** The single positional argument of a command, or undefined (read stdin) for none or "-". */
export function onePositional(positionals: readonly string[], command: string, what: string) {
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
// Attributes (build, probe)

/** The verb a command line of `build` and `probe` works with: `--xforward` picks XFORWARD. */
export type Verb = 'XCLIENT' | 'XFORWARD';

/** Each dialect's attribute options and the attribute each sets: its table's flags. */
const OPTIONS_OF: Readonly<Record<Verb, readonly (readonly [string, string, AttributeSpec])[]>> = {
  XCLIENT: ATTRIBUTE_NAMES.map((n) => [ATTRIBUTES[n].flag.slice(2), n, ATTRIBUTES[n]] as const),
  XFORWARD: XFORWARD_ATTRIBUTE_NAMES.map(
    (n) => [XFORWARD_ATTRIBUTES[n].flag.slice(2), n, XFORWARD_ATTRIBUTES[n]] as const,
  ),
};

/** The attribute options of both dialects: `--name`, `--reverse-name`, `--ident`, … */
const ATTRIBUTE_FLAGS: Readonly<Record<string, { readonly type: 'string' }>> = Object.fromEntries(
  [...OPTIONS_OF.XCLIENT, ...OPTIONS_OF.XFORWARD].map(([option]) => [option, { type: 'string' }]),
);

/** The options of `build` and `probe`: one per attribute, --xforward, --omit-unannounced, --json. */
export const ATTRIBUTE_OPTIONS = {
  ...ATTRIBUTE_FLAGS,
  xforward: { type: 'boolean' },
  'omit-unannounced': { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

type AttributeOptionValues = { readonly [option: string]: unknown };

/** The verb of `--xforward`. */
export const verbFrom = (values: AttributeOptionValues): Verb =>
  values.xforward === true ? 'XFORWARD' : 'XCLIENT';

/**
 * The attributes given on the command line for `verb`. `[UNAVAILABLE]` and `[TEMPUNAVAIL]`
 * become the markers; a port in canonical decimal becomes a number; anything else stays a
 * string for the library to validate (so `--port 025` gets the library's "leading zero"
 * error). An option of the other dialect only (`--login` with `--xforward`, `--ident`
 * without) is a usage error.
 */
export function attributesFrom(
  values: AttributeOptionValues,
  verb: Verb = 'XCLIENT',
  command = 'build',
): XclientAttributes | XforwardAttributes {
  const own = OPTIONS_OF[verb];
  for (const [option] of OPTIONS_OF[verb === 'XCLIENT' ? 'XFORWARD' : 'XCLIENT']) {
    if (typeof values[option] === 'string' && !own.some(([o]) => o === option)) {
      const hint = verb === 'XCLIENT' ? ' (add --xforward)' : '';
      throw new UsageError(`--${option} is not an ${verb} attribute${hint}`, command);
    }
  }
  const attributes: Record<string, unknown> = {};
  for (const [option, name, spec] of own) {
    const value = values[option];
    if (typeof value !== 'string') continue;
    const upper = asciiUpper(value); // ASCII only: '[unavaılable]' is no special value
    if (upper === UNAVAILABLE.text) attributes[name] = UNAVAILABLE;
    else if (upper === TEMPUNAVAIL.text) attributes[name] = TEMPUNAVAIL;
    else if (spec.kind === 'port' && /^(0|[1-9][0-9]{0,4})$/.test(value)) {
      attributes[name] = Number(value);
    } else attributes[name] = value;
  }
  return attributes as XclientAttributes | XforwardAttributes;
}

/** A keyword line of each verb, with or without a reply code. */
const KEYWORD_LINE: Readonly<Record<Verb, RegExp>> = {
  XCLIENT: /^(?:\d{3}[ -])?xclient(?:\s|$)/i,
  XFORWARD: /^(?:\d{3}[ -])?xforward(?:\s|$)/i,
};

/** The names of `--announced`: a keyword line, with or without the verb and a reply code. */
export function announcedFrom(
  value: string | undefined,
  command: string,
  verb: Verb = 'XCLIENT',
): string[] | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  const text = KEYWORD_LINE[verb].test(trimmed) ? trimmed : `${verb} ${trimmed}`;
  const r = verb === 'XCLIENT' ? parseXclientKeyword(text) : parseXforwardKeyword(text);
  if (!r.ok) throw new UsageError(`--announced: ${r.error.message}`, command);
  return [...r.value.names];
}

// ---------------------------------------------------------------------------------------
// probe

/** A host name's addresses, as `node:dns` `lookup(host, { all: true })` gives them. */
export type LookupAll = (host: string) => Promise<readonly { readonly address: string }[]>;

/** The system's resolver (node:dns), as `probe` uses it. */
export const systemLookup: LookupAll = (host) => dns.lookup(host, { all: true, verbatim: true });

/**
 * Where `probe` connects for `host` without --allow-remote, decided before any connection: a
 * loopback literal as it is; a name (`localhost` too) resolved first, and then only when
 * every address it resolves to is loopback, its first address — so that the connection goes
 * where the check looked. Anything else is a {@link UsageError}.
 */
export async function loopbackTarget(
  host: string,
  lookup: LookupAll = systemLookup,
): Promise<string> {
  if (net.isIP(host) !== 0) {
    if (isLoopback(host)) return host;
    throw new UsageError(`${host} is not a loopback address: ${LOOPBACK_ONLY}`, 'probe');
  }
  let addresses: readonly { readonly address: string }[];
  try {
    addresses = await lookup(host);
  } catch (e) {
    const why = (e as { code?: unknown }).code ?? (e as Error).message;
    throw new UsageError(`${host} does not resolve (${String(why)}): ${LOOPBACK_ONLY}`, 'probe');
  }
  const remote = addresses.find((a) => !isLoopback(a.address));
  const first = addresses[0];
  if (first === undefined || remote !== undefined) {
    const shown = remote === undefined ? 'no address' : remote.address;
    throw new UsageError(`${host} resolves to ${shown}, not loopback: ${LOOPBACK_ONLY}`, 'probe');
  }
  return first.address;
}

/** Why probe refuses other hosts. */
const LOOPBACK_ONLY =
  'XCLIENT lets a client speak for others, so probe only talks to 127.0.0.0/8, ::1 and names that resolve only to them unless --allow-remote';

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
export function mailbox(value: string, option: string): string {
  const inner = value.startsWith('<') && value.endsWith('>') ? value.slice(1, -1) : value;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing controls
  if (/[\s<>\u0000-\u001f\u007f]/.test(inner)) {
    throw new UsageError(`--${option} must be one address without spaces: "${value}"`, 'probe');
  }
  return `<${inner}>`;
}
