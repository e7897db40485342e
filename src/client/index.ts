/**
 * smtp-xclient/client: what a proxy, content filter or test tool needs to hand a client's
 * identity to a server: the lines for what the server announced, the EHLO after the 220, the
 * switch of a cached connection to the next client, XFORWARD (alone, or after XCLIENT for
 * what XCLIENT cannot carry), and whether a conversation survives Postfix 3.9's ban on
 * pipelining after XCLIENT.
 *
 * @packageDocumentation
 * @module smtp-xclient/client
 */

export { interpretXclientReply } from './interpret.js';
export type { PipeliningHazard } from './pipelining.js';
export { findPipeliningHazards } from './pipelining.js';
export type {
  ClientAuthorizationCheck,
  ConnectionReuseOptions,
  ConnectionReusePlan,
  HelloPlan,
  InterpretOptions,
  Prediction,
  XclientClientOptions,
  XclientReplyVerdict,
  XclientSessionPlan,
} from './plan.js';
export { planConnectionReuse, planXclientSession } from './plan.js';
export type {
  XclientMapping,
  XforwardReplyClass,
  XforwardReplyVerdict,
  XforwardSessionOptions,
  XforwardSessionPlan,
} from './xforward.js';
export { interpretXforwardReply, planXforwardSession, xclientFromXforward } from './xforward.js';
