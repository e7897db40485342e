/**
 * smtp-xclient: the SMTP XCLIENT extension, on octets and strings, without I/O.
 *
 * Specifications followed:
 * - Postfix XCLIENT_README (3.7) and Postfix 3.7.11's observed behaviour (the `'postfix'` profile);
 * - RFC 3461 §4 (xtext; obsoletes RFC 1891);
 * - RFC 5321 (command lines, the 512-octet limit, reply syntax);
 * - RFC 3463 (enhanced status codes);
 * - RFC 4291 and RFC 5952 (IPv6 text forms).
 *
 * @packageDocumentation
 */

export type { Profile, Reply, Result, Warning, WarningCode, XclientErrorCode } from './result.js';
export { isXclientError, PROFILES, XclientError } from './result.js';
export type {
  XtextBytesResult,
  XtextDecodeInfo,
  XtextDecodeOptions,
  XtextResult,
} from './xtext.js';
export { decodeXtext, decodeXtextBytes, encodeXtext } from './xtext.js';
