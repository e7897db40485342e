/**
 * smtp-xclient: the SMTP XCLIENT and XFORWARD extensions, on octets and strings, without I/O.
 *
 * Specifications followed:
 * - Postfix XCLIENT_README and XFORWARD_README (3.7) and Postfix 3.7.11's observed behaviour
 *   (the `'postfix'` profile);
 * - RFC 3461 §4 (xtext; obsoletes RFC 1891);
 * - RFC 5321 (command lines, the 512-octet limit, reply syntax);
 * - RFC 3463 (enhanced status codes);
 * - RFC 4291 and RFC 5952 (IPv6 text forms).
 *
 * The server session and host matcher are in `smtp-xclient/server`, the client planners in
 * `smtp-xclient/client`.
 *
 * @packageDocumentation
 * @module smtp-xclient
 */

export type { AttributeResult, ValidateOptions } from './attributes.js';
export { validateAttribute } from './attributes.js';
export type {
  FormatOptions,
  MutableXclientAttributes,
  ParseOptions,
  ParseXclientResult,
  XclientAttribute,
  XclientAttributes,
  XclientCommand,
  XclientExtension,
  XclientPlan,
} from './command.js';
export {
  formatXclient,
  MAX_LINE_OCTETS,
  MAX_VALUE_OCTETS,
  POSTFIX_LINE_LIMIT,
  parseXclient,
  planXclient,
} from './command.js';
export type { AttributeSpec, KindValues } from './dialects/dialect.js';
export type { XclientAttributeName, XclientValues } from './dialects/xclient.js';
export { ATTRIBUTE_NAMES, ATTRIBUTES, attributeName, EXTENSION_NAMES } from './dialects/xclient.js';
export type { XforwardAttributeName, XforwardValues } from './dialects/xforward.js';
export { XFORWARD_ATTRIBUTE_NAMES, XFORWARD_ATTRIBUTES } from './dialects/xforward.js';
export type {
  Reply,
  Result,
  Warning,
  WarningCode,
  XclientErrorCode,
  XclientErrorInit,
} from './errors.js';
export { isXclientError, XclientError } from './errors.js';
export type { Profile } from './grammar/profiles.js';
export { PROFILES } from './grammar/profiles.js';
export type { XclientKeyword, XforwardKeyword } from './keyword.js';
export {
  formatXclientKeyword,
  formatXforwardKeyword,
  parseXclientKeyword,
  parseXforwardKeyword,
} from './keyword.js';
export type { XclientReplyName } from './replies.js';
export { REPLIES, XFORWARD_REPLIES } from './replies.js';
export type { XclientReplyClass, XclientReplyClassInfo } from './reply.js';
export {
  classifyXclientReply,
  formatReply,
  MALFORMED_REPLY,
  parseReply,
  replyOctets,
  XCLIENT_REPLY_CLASSES,
} from './reply.js';
export type { SpecialOf, SpecialValue, TempUnavail, Unavailable } from './values/special.js';
export { isSpecialValue, TEMPUNAVAIL, UNAVAILABLE } from './values/special.js';
export { MAX_WARNINGS } from './warnings.js';
export type {
  ParseXforwardResult,
  XforwardAttribute,
  XforwardAttributes,
  XforwardCommand,
  XforwardPlan,
} from './xforward.js';
export { formatXforward, parseXforward, planXforward } from './xforward.js';
export type {
  XtextBytesResult,
  XtextDecodeInfo,
  XtextDecodeOptions,
  XtextResult,
} from './xtext/decode.js';
export { decodeXtext, decodeXtextBytes } from './xtext/decode.js';
export type { XtextEncodeOptions } from './xtext/encode.js';
export { encodeXtext } from './xtext/encode.js';
