/**
 * smtp-xclient/server: what a server written in Node needs to accept XCLIENT safely: a pure
 * session that follows Postfix's order of checks and resets, and the authorized-hosts matcher.
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
} from './types.js';
