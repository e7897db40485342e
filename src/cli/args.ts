/**
 * Reading the command line: the options every command shares, the attribute options of
 * `build` and `probe`, and the host, EHLO argument and mailboxes of `probe`.
 *
 * @packageDocumentation
 */

import net from 'node:net';
import {
  ATTRIBUTE_NAMES,
  ATTRIBUTES,
  PROFILES,
  type Profile,
  parseXclientKeyword,
  TEMPUNAVAIL,
  UNAVAILABLE,
  type XclientAttributes,
} from '../index.js';
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

/** Each attribute's option and the attribute it sets: the flags of the XCLIENT dialect. */
const OPTION_ATTRIBUTE = ATTRIBUTE_NAMES.map(
  (name) => [ATTRIBUTES[name].flag.slice(2), name] as const,
);

/** The attribute options: `--name`, `--reverse-name`, … */
const ATTRIBUTE_FLAGS: Readonly<Record<string, { readonly type: 'string' }>> = Object.fromEntries(
  OPTION_ATTRIBUTE.map(([option]) => [option, { type: 'string' }] as const),
);

/** The options of `build` and `probe`: one per attribute, --omit-unannounced and --json. */
export const ATTRIBUTE_OPTIONS = {
  ...ATTRIBUTE_FLAGS,
  'omit-unannounced': { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

type AttributeOptionValues = { readonly [option: string]: unknown };

/**
 * The attributes given on the command line. `[UNAVAILABLE]` and `[TEMPUNAVAIL]` become the
 * markers; a port in canonical decimal becomes a number; anything else stays a string for the
 * library to validate (so `--port 025` gets the library's "leading zero" error).
 */
export function attributesFrom(values: AttributeOptionValues): XclientAttributes {
  const attributes: Record<string, unknown> = {};
  for (const [option, name] of OPTION_ATTRIBUTE) {
    const value = values[option];
    if (typeof value !== 'string') continue;
    const upper = value.toUpperCase();
    if (upper === UNAVAILABLE.text) attributes[name] = UNAVAILABLE;
    else if (upper === TEMPUNAVAIL.text) attributes[name] = TEMPUNAVAIL;
    else if (ATTRIBUTES[name].kind === 'port' && /^(0|[1-9][0-9]{0,4})$/.test(value)) {
      attributes[name] = Number(value);
    } else attributes[name] = value;
  }
  return attributes as XclientAttributes;
}

/** The names of `--announced`: a keyword line, with or without `XCLIENT` and a reply code. */
export function announcedFrom(value: string | undefined, command: string): string[] | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  const text = /^(?:\d{3}[ -])?xclient(?:\s|$)/i.test(trimmed) ? trimmed : `XCLIENT ${trimmed}`;
  const r = parseXclientKeyword(text);
  if (!r.ok) throw new UsageError(`--announced: ${r.error.message}`, command);
  return [...r.value.names];
}

// ---------------------------------------------------------------------------------------
// probe

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
