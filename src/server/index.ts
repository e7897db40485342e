/**
 * smtp-xclient/server: what a server written in Node needs to accept XCLIENT and XFORWARD
 * safely: one pure session that follows Postfix's order of checks and resets for both, and
 * the authorized-hosts matcher.
 *
 * @packageDocumentation
 * @module smtp-xclient/server
 */

export { applyCommand } from './commands.js';
export type { HostMatcher, HostMatcherClient, HostMatcherOptions } from './host-matcher.js';
export { createHostMatcher } from './host-matcher.js';
export { applyXclient, createXclientSession } from './session.js';
export { formatClientLabel, xclientKeyword } from './state.js';
export type {
  ApplyXclientOptions,
  ApplyXforwardOptions,
  AuthorizationState,
  CommandOptions,
  HelloState,
  SessionStep,
  SmtpCommand,
  TransactionState,
  XclientAuthorization,
  XclientIdentity,
  XclientOutcome,
  XclientPolicy,
  XclientSession,
  XclientSessionInit,
  XclientStep,
  XforwardIdentity,
  XforwardState,
  XforwardStep,
} from './types.js';
export { applyXforward, xforwardKeyword, xforwardOrigin } from './xforward.js';
