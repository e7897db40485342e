/**
 * smtp-xclient/client: what a proxy, content filter or test tool needs to hand a client's
 * identity to a server: the lines for what the server announced, the EHLO after the 220, the
 * switch of a cached connection to the next client, and XFORWARD (alone, or after XCLIENT for
 * what XCLIENT cannot carry).
 *
 * @packageDocumentation
 * @module smtp-xclient/client
 */

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
export { interpretXclientReply, planConnectionReuse, planXclientSession } from './plan.js';
export type {
  XclientMapping,
  XforwardReplyClass,
  XforwardReplyVerdict,
  XforwardSessionOptions,
  XforwardSessionPlan,
} from './xforward.js';
export { interpretXforwardReply, planXforwardSession, xclientFromXforward } from './xforward.js';
