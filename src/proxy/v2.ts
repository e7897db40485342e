/**
 * The PROXY protocol's version 2 header: binary.
 *
 * ```
 * offset size  field (doc/proxy-protocol.txt §2.2; multi-octet numbers in network order)
 *  0     12    signature   0D 0A 0D 0A 00 0D 0A 51 55 49 54 0A
 * 12      1    version and command: high nibble the version (must be 2), low nibble the
 *              command (0 LOCAL, 1 PROXY; "receivers must drop connections presenting
 *              unexpected values here")
 * 13      1    family and transport: high nibble the family (0 UNSPEC, 1 INET, 2 INET6,
 *              3 UNIX), low nibble the transport (0 UNSPEC, 1 STREAM, 2 DGRAM); other values
 *              "must be rejected as invalid by receivers"
 * 14      2    len: the octets that follow; the header is 16 + len octets
 * 16      a    addresses: source address, destination address, then for INET and INET6
 *              source port, destination port (2 octets each):
 *                INET  4 + 4 + 2 + 2 = 12   INET6 16 + 16 + 2 + 2 = 36   UNIX 108 + 108 = 216
 * 16+a    …    TLVs up to 16 + len, each: type (1), length (2), value (length octets)
 * ```
 *
 * - `a` is known when both nibbles are specified (0x11, 0x12, 0x21, 0x22, 0x31, 0x32) and is
 *   0 for 0x00. A PROXY command with such a family must carry its whole address block, or
 *   the header is refused (`PROXY_BAD_LENGTH`). A LOCAL command's addresses are ignored
 *   ("must use the real connection endpoints"); so are those of a PROXY command with an
 *   UNSPEC nibble, whose block is then opaque, TLVs included.
 * - Where the block is known, the TLVs after it are read strictly: each must fit, and they
 *   must end exactly at 16 + len. The registered types are checked as §2.2 defines them:
 *   CRC32C is 4 octets and must match the header's CRC32c (RFC 4960 Appendix B) computed with
 *   those octets zeroed; UNIQUE_ID is at most 128 octets; SSL is `client` (1), `verify` (4)
 *   and sub-TLVs that end exactly at its end. Other types are returned as they are.
 * - Fewer octets than the header needs is `PROXY_INCOMPLETE` (the specification recommends
 *   tolerating a header split across reads); a caller that will not wait drops the
 *   connection.
 *
 * @see doc/proxy-protocol.txt §2.2 (HAProxy)
 * @packageDocumentation
 */

import { formatAddress } from '../values/ip.js';
import type {
  ParseProxyHeaderResult,
  ProxyCommand,
  ProxyEndpoint,
  ProxyFamily,
  ProxyTlv,
  ProxyTransport,
} from './header.js';
import { PROXY_TLV_TYPES, proxyFailure } from './header.js';

/** The 12 octets that start every version 2 header. @internal */
export const V2_SIGNATURE: Uint8Array = /* @__PURE__ */ Uint8Array.of(
  0x0d,
  0x0a,
  0x0d,
  0x0a,
  0x00,
  0x0d,
  0x0a,
  0x51,
  0x55,
  0x49,
  0x54,
  0x0a,
);

const COMMANDS: readonly ProxyCommand[] = ['LOCAL', 'PROXY'];
const FAMILIES: readonly ProxyFamily[] = ['UNSPEC', 'INET', 'INET6', 'UNIX'];
const TRANSPORTS: readonly ProxyTransport[] = ['UNSPEC', 'STREAM', 'DGRAM'];
/** The address block of each family, when the transport is specified. */
const ADDRESS_OCTETS: Readonly<Record<ProxyFamily, number>> = {
  UNSPEC: 0,
  INET: 12,
  INET6: 36,
  UNIX: 216,
};
const UNIQUE_ID_MAX = 128;

type Failure = ReturnType<typeof proxyFailure>;

const u16 = (b: Uint8Array, i: number): number => ((b[i] as number) << 8) | (b[i + 1] as number);

const incomplete = (have: number, need: number): Failure =>
  proxyFailure(
    'PROXY_INCOMPLETE',
    `a version 2 header so far: ${need - have} more octet(s) needed`,
    have,
  );

/**
 * Reads a version 2 header at the start of `octets`, which start with the signature. @internal
 */
export function parseProxyV2(octets: Uint8Array): ParseProxyHeaderResult {
  if (octets.length < 16) {
    const bad = checkBytes12And13(octets);
    return bad ?? incomplete(octets.length, 16);
  }
  const bad = checkBytes12And13(octets);
  if (bad !== undefined) return bad;
  const total = 16 + u16(octets, 14);
  if (octets.length < total) return incomplete(octets.length, total);
  const command = COMMANDS[(octets[12] as number) & 0x0f] as ProxyCommand;
  const family = FAMILIES[(octets[13] as number) >> 4] as ProxyFamily;
  const transport = TRANSPORTS[(octets[13] as number) & 0x0f] as ProxyTransport;
  const known = family === 'UNSPEC' ? transport === 'UNSPEC' : transport !== 'UNSPEC';
  const block = known ? ADDRESS_OCTETS[family] : undefined;
  // An UNSPEC nibble: the block is opaque, TLVs included.
  if (block === undefined) {
    return { ok: true, value: { version: 2, command, family, transport, tlvs: [] }, length: total };
  }
  if (command === 'PROXY' && total < 16 + block) {
    return proxyFailure(
      'PROXY_BAD_LENGTH',
      `a ${family} address block is ${block} octets, the header has ${total - 16}`,
      14,
    );
  }
  // A LOCAL header's block may be shorter than its family's: the TLVs then start past
  // `total`, and there are none.
  const tlvs = readTlvs(octets, 16 + block, total, octets.subarray(0, total));
  if (!Array.isArray(tlvs)) return tlvs;
  const base = { version: 2, command, family, transport, tlvs } as const;
  if (command === 'LOCAL' || block === 0) return { ok: true, value: base, length: total };
  const [source, destination] = endpoints(octets, family);
  return { ok: true, value: { ...base, source, destination }, length: total };
}

/** The version and command byte, then the family byte, as far as they have arrived. */
function checkBytes12And13(octets: Uint8Array): Failure | undefined {
  const vc = octets[12];
  if (vc === undefined) return undefined;
  if (vc >> 4 !== 2) return proxyFailure('PROXY_BAD_VERSION', `version ${vc >> 4}, not 2`, 12);
  if (COMMANDS[vc & 0x0f] === undefined) {
    return proxyFailure(
      'PROXY_BAD_COMMAND',
      `command ${vc & 0x0f}, not 0 (LOCAL) or 1 (PROXY)`,
      12,
    );
  }
  const ft = octets[13];
  // Stryker disable next-line ConditionalExpression: without it, undefined >> 4 and undefined & 0x0f are 0 (UNSPEC, UNSPEC), both valid: undefined all the same
  if (ft === undefined) return undefined;
  if (FAMILIES[ft >> 4] === undefined || TRANSPORTS[ft & 0x0f] === undefined) {
    return proxyFailure(
      'PROXY_BAD_FAMILY',
      `family and transport 0x${ft.toString(16).padStart(2, '0')}: family 0-3, transport 0-2`,
      13,
    );
  }
  return undefined;
}

/** The source and destination of an INET, INET6 or UNIX address block. */
function endpoints(b: Uint8Array, family: ProxyFamily): [ProxyEndpoint, ProxyEndpoint] {
  if (family === 'UNIX') {
    return [{ path: b.slice(16, 124) }, { path: b.slice(124, 232) }];
  }
  const n = family === 'INET' ? 4 : 16;
  const ports = 16 + 2 * n;
  return [
    { address: formatAddress(b.slice(16, 16 + n)), port: u16(b, ports) },
    { address: formatAddress(b.slice(16 + n, 16 + 2 * n)), port: u16(b, ports + 2) },
  ];
}

/**
 * The TLVs of `b[start, end)`, checked; `header` is the whole header, for the CRC32c. SSL's
 * sub-TLVs are read by the same function without a header: framing only.
 */
function readTlvs(
  b: Uint8Array,
  start: number,
  end: number,
  header: Uint8Array | undefined,
): ProxyTlv[] | Failure {
  const tlvs: ProxyTlv[] = [];
  for (let i = start; i < end; ) {
    if (end - i < 3) return proxyFailure('PROXY_BAD_TLV', 'a TLV cut short (3 octets at least)', i);
    const type = b[i] as number;
    const length = u16(b, i + 1);
    if (i + 3 + length > end) {
      return proxyFailure('PROXY_BAD_TLV', `a TLV of ${length} octets goes past the end`, i);
    }
    const value = b.slice(i + 3, i + 3 + length);
    const bad = header === undefined ? undefined : checkTlv(type, value, i, b, header);
    if (bad !== undefined) return bad;
    tlvs.push({ type, value });
    i += 3 + length;
  }
  return tlvs;
}

/** The checks §2.2 defines for the registered types. */
function checkTlv(
  type: number,
  value: Uint8Array,
  at: number,
  b: Uint8Array,
  header: Uint8Array,
): Failure | undefined {
  if (type === PROXY_TLV_TYPES.CRC32C) {
    if (value.length !== 4) return proxyFailure('PROXY_BAD_TLV', 'a CRC32C TLV is 4 octets', at);
    const zeroed = header.slice();
    zeroed.fill(0, at + 3, at + 7);
    const sent =
      ((value[0] as number) * 0x1000000 + u16(value, 1) * 0x100 + (value[3] as number)) >>> 0;
    if (crc32c(zeroed) !== sent) {
      return proxyFailure('PROXY_BAD_CHECKSUM', 'the CRC32C TLV does not match the header', at);
    }
  } else if (type === PROXY_TLV_TYPES.UNIQUE_ID && value.length > UNIQUE_ID_MAX) {
    return proxyFailure('PROXY_BAD_TLV', 'a UNIQUE_ID TLV is at most 128 octets', at);
  } else if (type === PROXY_TLV_TYPES.SSL) {
    if (value.length < 5)
      return proxyFailure('PROXY_BAD_TLV', 'an SSL TLV is 5 octets at least', at);
    const sub = readTlvs(b, at + 8, at + 3 + value.length, undefined);
    if (!Array.isArray(sub)) return sub;
  }
  return undefined;
}

/** CRC32c (Castagnoli, reflected polynomial 0x82F63B78), as RFC 4960 Appendix B. */
let CRC_TABLE: Uint32Array | undefined;

function crc32c(octets: Uint8Array): number {
  // Stryker disable next-line ConditionalExpression: building the table again gives the same table
  if (CRC_TABLE === undefined) {
    CRC_TABLE = new Uint32Array(256);
    // Stryker disable next-line EqualityOperator: n <= 256 also writes CRC_TABLE[256], which a Uint32Array of 256 ignores
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
      CRC_TABLE[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const o of octets) crc = (CRC_TABLE[(crc ^ o) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
