/**
 * fast-check arbitraries for XCLIENT and XFORWARD: valid and labelled-invalid command lines,
 * attribute sets for `formatXclient` and `formatXforward`, xtext, per-attribute values, and
 * raw lines to probe a real Postfix with. Import them from `smtp-xclient/arbitraries`; `fast-check` (4.x) is an
 * optional peer dependency that only this entry point needs.
 *
 * Every arbitrary is built from fast-check combinators and `map`, never `chain`, and is
 * biased towards small values, so a failing property shrinks to a short line.
 *
 * The generators encode the grammar themselves (their own xtext encoder, host name and
 * address builders): they do not ask the library under test what is valid, so they can
 * catch it disagreeing with the grammar. Which attributes there are, and each one's kind of
 * value, special values, length limit and place in a split, they read from the dialect
 * definition (`ATTRIBUTES`), as the library does.
 *
 * @see Postfix XCLIENT_README; RFC 3461 §4; docs/spec/postfix.md §1–§4
 * @packageDocumentation
 * @module smtp-xclient/arbitraries
 */

export type { InvalidAttributeValue } from './attributes.js';
export { invalidAttributeValue, validAttributeValue } from './attributes.js';
export {
  invalidAddress,
  invalidHostname,
  validAddress,
  validHostname,
  validIpv4,
  validIpv6,
} from './hosts.js';
export type {
  InvalidReason,
  InvalidXclientLine,
  InvalidXclientLineOptions,
} from './invalid.js';
export { INVALID_REASONS, invalidXclientLine } from './invalid.js';
export type {
  AnnouncedOptions,
  GeneratedAttribute,
  ValidXclientCommand,
  ValidXclientLineOptions,
} from './lines.js';
export { validXclientCommand, validXclientLine, xclientAttributes } from './lines.js';
export { postfixProbeLine } from './probe.js';
export {
  invalidPort,
  invalidProto,
  specialValue,
  validHelo,
  validLogin,
  validPort,
  validProto,
} from './values.js';
export type {
  GeneratedXforwardAttribute,
  InvalidXforwardLine,
  ValidXforwardCommand,
  XforwardInvalidReason,
} from './xforward.js';
export {
  invalidXforwardLine,
  validXforwardCommand,
  validXforwardLine,
  XFORWARD_INVALID_REASONS,
  xforwardAttributes,
} from './xforward.js';
export { xtextValue } from './xtext.js';
