/**
 * The PROXY protocol's version 1 header: one line of US-ASCII text.
 *
 * ```
 * ; doc/proxy-protocol.txt §2.1, as ABNF (RFC 5234; strings are case-sensitive, %s)
 * proxy-v1   = %s"PROXY" SP ( tcp4 / tcp6 / unknown ) CRLF   ; at most 107 octets, CRLF included
 * tcp4       = %s"TCP4" SP ipv4 SP ipv4 SP port SP port       ; source, destination
 * tcp6       = %s"TCP6" SP ipv6 SP ipv6 SP port SP port
 * unknown    = %s"UNKNOWN" [ SP *ignored ]                    ; "the receiver must ignore
 * ignored    = %x00-09 / %x0B-0C / %x0E-FF                    ;  anything … before the CRLF"
 * ipv4       = dec-octet 3( "." dec-octet )                    ; "exactly 4 integers"
 * dec-octet  = "0" / %x31-39 *2DIGIT                           ; 0–255, "heading zeroes are
 * port       = "0" / %x31-39 *4DIGIT                           ;  not permitted"; 0–65535
 * ipv6       = groups of 1*4HEXDIG (either case) separated by ":", one "::" for one or more
 *              zero groups, 128 bits in all                     ; RFC 4291 §2.2 forms 1 and 2
 * ```
 *
 * - Exactly one space between fields; the first CR ends the line and must be followed by LF,
 *   and a LF without CR is an error ("must not tolerate a single CR or LF").
 * - Implementation note: the IPv6 text may end in a dotted quad (RFC 4291 §2.2 form 3, such
 *   as `::ffff:192.0.2.1`). The specification's sentence describes hex groups only, but
 *   HAProxy writes its addresses with inet_ntop(), which produces that form for an
 *   IPv4-mapped address, and the receivers it names (Postfix, HAProxy) read it with
 *   inet_pton(). The quad follows the ipv4 rule (no leading zeros).
 * - Before the CRLF arrives, what has arrived is checked as far as it goes: a field followed
 *   by its space must be complete and valid, the field in progress must be made of its
 *   characters. Anything else is an error at once ("abort the connection as soon as
 *   possible").
 *
 * @see doc/proxy-protocol.txt §2.1 (HAProxy)
 * @packageDocumentation
 */

import { CR, DOT, isDigit, LF, SP } from '../octets.js';
import { formatAddress, ipToBytes } from '../values/ip.js';
import type { ParseProxyHeaderResult, ProxyHeader, ProxyInetEndpoint } from './header.js';
import { proxyFailure } from './header.js';

/** The longest version 1 line, CRLF included (`PROXY UNKNOWN` with two IPv6 addresses). */
export const V1_MAX_OCTETS = 107;

const PROTOCOLS = ['TCP4', 'TCP6', 'UNKNOWN'] as const;
type Protocol = (typeof PROTOCOLS)[number];

/** The longest text of each kind of field. */
const MAX = { ipv4: 15, ipv6: 45 } as const;

const isHex = (c: number): boolean => isDigit(c) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66);
const COLON = 0x3a;

/** One field of the line: its text and where it starts. */
interface Field {
  readonly text: string;
  readonly start: number;
}

type Failure = ReturnType<typeof proxyFailure>;

const syntax = (message: string, position: number): Failure =>
  proxyFailure('PROXY_BAD_SYNTAX', message, position);

/**
 * Reads a version 1 header at the start of `octets` (which start with `PROXY` or a prefix of
 * it). @internal
 */
export function parseProxyV1(octets: Uint8Array): ParseProxyHeaderResult {
  const scan = Math.min(octets.length, V1_MAX_OCTETS);
  let cr = -1;
  for (let i = 0; i < scan; i++) {
    const c = octets[i] as number;
    if (c === LF) return syntax('LF without CR before it', i);
    if (c === CR) {
      cr = i;
      break;
    }
  }
  if (cr >= V1_MAX_OCTETS - 1) {
    return proxyFailure('PROXY_TOO_LONG', 'no CRLF within the first 107 octets', cr);
  }
  if (cr === -1 && octets.length >= V1_MAX_OCTETS) {
    return proxyFailure('PROXY_TOO_LONG', 'no CRLF within the first 107 octets', V1_MAX_OCTETS);
  }
  const complete = cr !== -1 && cr + 1 < octets.length;
  if (complete && octets[cr + 1] !== LF) return syntax('CR without LF after it', cr);
  const end = cr === -1 ? octets.length : cr;
  const fields = splitFields(octets, end, complete);
  if (!Array.isArray(fields)) return fields;
  const read = readFields(fields, complete, end);
  if (read !== undefined && 'ok' in read) return read;
  if (!complete) {
    return proxyFailure(
      'PROXY_INCOMPLETE',
      'a version 1 header so far: waiting for the CRLF',
      octets.length,
    );
  }
  // A complete line either failed above or gave a header: readFields returns undefined only
  // for a line still arriving.
  return { ok: true, value: read as ProxyHeader, length: cr + 2 };
}

/**
 * The fields of `octets[0, end)`, separated by single spaces. After `UNKNOWN SP` the rest of
 * the line is ignored: not split, not returned. In a line still arriving, the last field may
 * be empty.
 */
function splitFields(octets: Uint8Array, end: number, complete: boolean): Field[] | Failure {
  const fields: Field[] = [];
  let start = 0;
  for (let i = 0; i <= end; i++) {
    if (i < end && octets[i] !== SP) continue;
    if (i === start && (i < end || complete)) {
      return syntax(i === end ? 'the line ends with a space' : 'two spaces in a row', i);
    }
    fields.push({ text: latin1(octets, start, i), start });
    start = i + 1;
    // fields[1] is set by the push just above, so this stops right after `UNKNOWN`.
    if (fields[1]?.text === 'UNKNOWN') break;
  }
  return fields;
}

function latin1(octets: Uint8Array, start: number, end: number): string {
  let text = '';
  for (let i = start; i < end; i++) text += String.fromCharCode(octets[i] as number);
  return text;
}

/**
 * Checks the fields; the last one is still arriving unless `complete`. Returns the header
 * when the line is complete and valid, an error, or undefined (valid so far).
 */
function readFields(
  fields: readonly Field[],
  complete: boolean,
  end: number,
): ProxyHeader | Failure | undefined {
  // There is always a first field: the line starts with "P" (parseProxyHeader chose version 1).
  const proxy = fields[0] as Field;
  const protocol = fields[1];
  const lastDone = (i: number): boolean => complete || i < fields.length - 1;
  if (lastDone(0) ? proxy.text !== 'PROXY' : !'PROXY'.startsWith(proxy.text)) {
    return syntax('expected "PROXY"', proxy.start);
  }
  if (protocol === undefined) return complete ? syntax('expected a protocol', end) : undefined;
  const name = PROTOCOLS.find((p) =>
    lastDone(1) ? p === protocol.text : p.startsWith(protocol.text),
  );
  if (name === undefined) {
    return syntax('expected "TCP4", "TCP6" or "UNKNOWN"', protocol.start);
  }
  if (!lastDone(1)) return undefined;
  // parseProxyV1 waits for the CRLF before it returns this.
  if (name === 'UNKNOWN') {
    return { version: 1, command: 'PROXY', family: 'UNSPEC', transport: 'UNSPEC', tlvs: [] };
  }
  return readInet(name, fields, complete, end);
}

/** The addresses and ports of a TCP4 or TCP6 line. */
function readInet(
  protocol: Exclude<Protocol, 'UNKNOWN'>,
  fields: readonly Field[],
  complete: boolean,
  end: number,
): ProxyHeader | Failure | undefined {
  if (fields.length > 6) return syntax('more than six fields', (fields[6] as Field).start);
  const kinds = ['address', 'address', 'port', 'port'] as const;
  const values: (string | number)[] = [];
  for (const [k, kind] of kinds.entries()) {
    const field = fields[k + 2];
    // A line still arriving stops at its field in progress, before any missing one.
    if (field === undefined) return syntax(`expected a ${kind}`, end);
    const done = complete || k + 2 < fields.length - 1;
    const v = kind === 'port' ? readPort(field, done) : readAddress(protocol, field, done);
    if (v === undefined) return undefined;
    if (typeof v === 'object') return v;
    values.push(v);
  }
  const [sa, da, sp, dp] = values;
  const source: ProxyInetEndpoint = { address: sa as string, port: sp as number };
  const destination: ProxyInetEndpoint = { address: da as string, port: dp as number };
  const family = protocol === 'TCP4' ? 'INET' : 'INET6';
  return {
    version: 1,
    command: 'PROXY',
    family,
    transport: 'STREAM',
    source,
    destination,
    tlvs: [],
  };
}

/** A port, or an error; undefined for a valid start of one. */
function readPort(field: Field, done: boolean): number | Failure | undefined {
  const { text, start } = field;
  for (let i = 0; i < text.length; i++) {
    if (!isDigit(text.charCodeAt(i)))
      return proxyFailure('PROXY_BAD_PORT', 'a port is decimal digits', start + i);
  }
  if (text.length > 1 && text.charCodeAt(0) === 0x30) {
    return proxyFailure('PROXY_BAD_PORT', 'leading zero in a port', start);
  }
  // No leading zero: more than 5 digits is above 65535 too.
  if (Number(text) > 65535) {
    return proxyFailure('PROXY_BAD_PORT', 'a port above 65535', start);
  }
  return done ? Number(text) : undefined;
}

/** An address in canonical text, or an error; undefined for a valid start of one. */
function readAddress(
  protocol: 'TCP4' | 'TCP6',
  field: Field,
  done: boolean,
): string | Failure | undefined {
  const { text, start } = field;
  const v6 = protocol === 'TCP6';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!(isDigit(c) || c === DOT || (v6 && (isHex(c) || c === COLON)))) {
      return proxyFailure(
        'PROXY_BAD_ADDRESS',
        `not a character of an ${v6 ? 'IPv6' : 'IPv4'} address`,
        start + i,
      );
    }
  }
  if (text.length > (v6 ? MAX.ipv6 : MAX.ipv4)) {
    return proxyFailure('PROXY_BAD_ADDRESS', 'an address too long', start);
  }
  if (!done) return undefined;
  const bytes = v6 && !text.includes(':') ? undefined : ipToBytes(text);
  if (bytes === undefined) {
    return proxyFailure('PROXY_BAD_ADDRESS', `not an ${v6 ? 'IPv6' : 'IPv4'} address`, start);
  }
  return formatAddress(bytes);
}
