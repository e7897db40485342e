/**
 * The "authorized XCLIENT hosts" matcher a server needs: Postfix's
 * `smtpd_authorized_xclient_hosts` patterns (addresses, CIDR, names, parent domains, `!`).
 *
 * @packageDocumentation
 */

import { XclientError } from '../errors.js';
import { isString, ownElements, ownFields } from '../input.js';
import { asciiLower, DOT, isDigit } from '../octets.js';
import { LIBRARY } from '../replies.js';
import { checkHostname } from '../values/hostname.js';
import { formatAddress, hasIpv6Prefix, IPV6_PREFIX, ipToBytes } from '../values/ip.js';
import { isIpv4Mapped } from './peer.js';

// ---------------------------------------------------------------------------------------
// Authorized hosts (Postfix smtpd_authorized_xclient_hosts)

/**
 * The client a {@link HostMatcher} is asked about.
 *
 * @example
 * ```ts
 * const client: HostMatcherClient = { addr: '192.0.2.1', name: 'mx.example.com' };
 * ```
 * @remarks Since 0.1.0
 */
export interface HostMatcherClient {
  /** The client address (bare, or with an `IPv6:` prefix), or `unknown`. */
  readonly addr: string;
  /** The verified client host name, or `unknown`. */
  readonly name?: string;
}

/**
 * Options of {@link createHostMatcher}.
 *
 * @example
 * ```ts
 * const options: HostMatcherOptions = { parentDomainMatchesSubdomains: true };
 * ```
 * @remarks Since 0.1.0
 */
export interface HostMatcherOptions {
  /**
   * Whether a domain pattern `example.com` also matches `x.example.com`. Postfix decides this
   * per parameter with `parent_domain_matches_subdomains`, whose default list (3.7) does not
   * name `smtpd_authorized_xclient_hosts`: so the Postfix default is `false`, and only
   * `.example.com` matches subdomains.
   * @defaultValue false
   */
  readonly parentDomainMatchesSubdomains?: boolean;
}

/**
 * Whether a client may send XCLIENT.
 *
 * @example
 * ```ts
 * const allowed: HostMatcher = createHostMatcher(['127.0.0.0/8']);
 * allowed({ addr: '127.0.0.1' }) //=> true
 * ```
 * @remarks Since 0.1.0
 */
export type HostMatcher = (client: HostMatcherClient) => boolean;

interface NetPattern {
  readonly kind: 'net';
  readonly allow: boolean;
  readonly bytes: Uint8Array;
  readonly prefix: number;
}

interface NamePattern {
  readonly kind: 'name';
  readonly allow: boolean;
  readonly name: string; // lower case
  readonly scope: NameScope;
}

type Pattern = NetPattern | NamePattern;
type NameScope = 'self' | 'subdomains' | 'selfAndSubdomains';

/** Is `name` strictly below the domain `domain` (both lower case)? */
const isSubdomain = (name: string, domain: string): boolean =>
  name.length > domain.length + 1 &&
  name.endsWith(domain) &&
  name.charCodeAt(name.length - domain.length - 1) === DOT;

const NAME_SCOPES: Readonly<Record<NameScope, (name: string, domain: string) => boolean>> = {
  self: (name, domain) => name === domain,
  subdomains: isSubdomain,
  selfAndSubdomains: (name, domain) => name === domain || isSubdomain(name, domain),
};

/** The reply Postfix gives when its authorized-hosts list is broken (docs/spec/postfix.md §2 step 3). */

const invalidPattern = (pattern: string, why: string): XclientError =>
  new XclientError({
    code: 'OPTION_INVALID',
    message: `invalid authorized XCLIENT host pattern ${JSON.stringify(pattern)}: ${why}`,
    reply: LIBRARY.localDataError,
  });

/** Address-like: starts with "[", has ":" or "/", or is made of digits and dots only. */
function looksLikeAddress(body: string): boolean {
  // Stryker disable next-line EqualityOperator: a body starting with "/" is refused as a host name instead, with the same code (only the prose differs)
  if (body.charCodeAt(0) === 0x5b || body.indexOf(':') >= 0 || body.indexOf('/') >= 0) {
    return true;
  }
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (!isDigit(c) && c !== DOT) return false;
  }
  return true;
}

function compileNet(pattern: string, body: string, allow: boolean): NetPattern {
  const slash = body.indexOf('/');
  // Stryker disable next-line EqualityOperator: with "/" at 0 the text is "" or "/…", both no address
  let text = slash >= 0 ? body.slice(0, slash) : body;
  if (text.charCodeAt(0) === 0x5b) {
    // "[" alone fails the "]" test; "[]" is refused below as no address
    if (text.charCodeAt(text.length - 1) !== 0x5d) {
      throw invalidPattern(pattern, 'unbalanced "["');
    }
    text = text.slice(1, -1);
  }
  const bytes = ipToBytes(text);
  if (bytes === undefined) throw invalidPattern(pattern, 'not an IPv4 or IPv6 address');
  const bits = bytes.length * 8;
  // Stryker disable next-line EqualityOperator: a "/" at 0 leaves no address, refused above, so slash is never 0 here
  const prefix = slash >= 0 ? readPrefixLength(body.slice(slash + 1), bits) : bits;
  if (prefix === undefined) throw invalidPattern(pattern, `prefix length is not 0–${bits}`);
  const network = bytes.slice();
  maskTo(network, prefix);
  if (network.some((b, i) => b !== bytes[i])) {
    const net = formatAddress(network);
    throw invalidPattern(pattern, `host bits are not zero (did you mean ${net}/${prefix}?)`);
  }
  return { kind: 'net', allow, bytes, prefix };
}

/** A decimal prefix length 0..max, or undefined. */
function readPrefixLength(text: string, max: number): number | undefined {
  if (text.length === 0) return undefined;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!isDigit(c)) return undefined;
    value = value * 10 + c - 0x30;
    if (value > max) return undefined;
  }
  return value;
}

/** Clears every bit after the first `prefix` bits. */
function maskTo(bytes: Uint8Array, prefix: number): void {
  // Stryker disable next-line EqualityOperator: a write one past the end of a Uint8Array is ignored
  for (let i = 0; i < bytes.length; i++) {
    const keep = Math.min(8, Math.max(0, prefix - 8 * i));
    bytes[i] = (bytes[i] as number) & (0xff00 >> keep);
  }
}

function compileName(pattern: string, body: string, allow: boolean, parent: boolean): NamePattern {
  const dotted = body.charCodeAt(0) === DOT;
  const name = dotted ? body.slice(1) : body;
  const check = checkHostname(name);
  if (!check.ok) throw invalidPattern(pattern, `not an address or a host name (${check.reason})`);
  const scope: NameScope = dotted ? 'subdomains' : parent ? 'selfAndSubdomains' : 'self';
  // Stryker disable next-line StringLiteral: the matcher only asks whether kind is 'net'
  return { kind: 'name', allow, name: asciiLower(name), scope };
}

function compilePattern(pattern: string, parent: boolean): Pattern {
  const allow = pattern.charCodeAt(0) !== 0x21; // "!" negates
  const body = allow ? pattern : pattern.slice(1);
  // Stryker disable next-line ConditionalExpression: an empty body is refused as no address just the same (only the prose differs)
  if (body.length === 0) throw invalidPattern(pattern, 'empty pattern');
  return looksLikeAddress(body)
    ? compileNet(pattern, body, allow)
    : compileName(pattern, body, allow, parent);
}

/** Whether the first `prefix` bits of `a` and `b` (same length) agree. */
function samePrefix(a: Uint8Array, b: Uint8Array, prefix: number): boolean {
  const whole = prefix >> 3;
  for (let i = 0; i < whole; i++) if (a[i] !== b[i]) return false;
  const rest = prefix & 7;
  // Stryker disable next-line ConditionalExpression: with rest 0 the mask is 0, so the test below is true as well
  if (rest === 0) return true;
  const mask = (0xff00 >> rest) & 0xff;
  return (((a[whole] as number) ^ (b[whole] as number)) & mask) === 0;
}

/** The client's address as 4 octets (IPv4, or the IPv4 inside `::ffff:a.b.c.d`) and as 16
 * octets (IPv6), either possibly absent. */
function clientOctets(addr: string): readonly [Uint8Array | undefined, Uint8Array | undefined] {
  const bytes = ipToBytes(hasIpv6Prefix(addr) ? addr.slice(IPV6_PREFIX.length) : addr);
  // Stryker disable next-line ArrayDeclaration: [] destructures to the same two undefined
  if (bytes === undefined) return [undefined, undefined];
  if (bytes.length === 4) return [bytes, undefined];
  return [isIpv4Mapped(bytes) ? bytes.subarray(12) : undefined, bytes];
}

/**
 * Builds the check a server runs before it accepts XCLIENT, like Postfix's
 * `smtpd_authorized_xclient_hosts`: the patterns are tried in order and the first that
 * matches decides (`true`, or `false` for a `!pattern`); none matching means `false`.
 *
 * Patterns:
 * - `192.0.2.1`, `[192.0.2.1]`, `2001:db8::1`, `[2001:db8::1]`: one address (any RFC text
 *   form; an IPv4-mapped client `::ffff:192.0.2.1` matches IPv4 patterns too);
 * - `192.0.2.0/24`, `2001:db8::/32`, `[2001:db8::]/32`: a network; the host bits must be
 *   zero, as Postfix's CIDR parser demands;
 * - `example.com`: that host (and its subdomains with `parentDomainMatchesSubdomains`);
 *   `.example.com`: its subdomains only. Case-insensitive; a client name `unknown` never
 *   matches a name pattern, and an `unknown` address no address pattern;
 * - `!` before any of these: a client it matches is refused.
 *
 * Not supported: Postfix lookup tables (`type:name`), `/file/name` lists and nested lists.
 *
 * @param patterns - the list, as a programmer writes it.
 * @param options - {@link HostMatcherOptions}.
 * @returns a function telling whether a client is authorized.
 * @throws {@link smtp-xclient!XclientError} `OPTION_INVALID` for patterns that are not an array of
 *   strings (`[null]`, a sparse array), and for a pattern that is not one of the above
 *   (a bad address, a prefix length out of range, non-zero host bits, a bad host name).
 * @example
 * ```ts
 * const authorized = createHostMatcher(['!192.0.2.66', '192.0.2.0/24', '.proxy.example']);
 * authorized({ addr: '192.0.2.7' })                          //=> true
 * authorized({ addr: '192.0.2.66' })                         //=> false
 * authorized({ addr: '::ffff:192.0.2.7' })                   //=> true
 * authorized({ addr: '198.51.100.1', name: 'a.proxy.example' }) //=> true
 * createHostMatcher(['192.0.2.1/24'])                        // throws OPTION_INVALID
 * ```
 * @see Postfix match_list(3), cidr_table(5), postconf(5) parent_domain_matches_subdomains
 * @remarks Since 0.1.0
 */
export function createHostMatcher(
  patterns: readonly string[],
  options?: HostMatcherOptions,
): HostMatcher {
  const refuse = (message: string): XclientError =>
    new XclientError({ code: 'OPTION_INVALID', message, reply: LIBRARY.localDataError });
  const list = ownElements(patterns, 'patterns', refuse, isString, 'string');
  const parent = ownFields(options, 'options', refuse)?.parentDomainMatchesSubdomains === true;
  const compiled = list.map((pattern) => compilePattern(pattern, parent));
  return (client) => {
    // Own string fields only: anything else is `unknown`, which matches no pattern (and a
    // client that cannot be read, a throwing Proxy, is nobody).
    let addr: unknown;
    let given: unknown;
    try {
      const ok = typeof client === 'object' && client !== null;
      addr = ok && Object.hasOwn(client, 'addr') ? client.addr : undefined;
      given = ok && Object.hasOwn(client, 'name') ? client.name : undefined;
    } catch {
      return false;
    }
    // Stryker disable next-line ArrayDeclaration: [] destructures to the same two undefined
    const [v4, v6] = typeof addr === 'string' ? clientOctets(addr) : [undefined, undefined];
    const rawName = typeof given === 'string' ? asciiLower(given) : undefined;
    const name = rawName === 'unknown' ? undefined : rawName;
    for (const p of compiled) {
      if (p.kind === 'net') {
        const own = p.bytes.length === 4 ? v4 : v6;
        if (own !== undefined && samePrefix(own, p.bytes, p.prefix)) return p.allow;
      } else if (name !== undefined && NAME_SCOPES[p.scope](name, p.name)) {
        return p.allow;
      }
    }
    return false;
  };
}
