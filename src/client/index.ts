/**
 * smtp-xclient/client: what a proxy or test tool needs to hand a client's identity to a
 * server: the lines for what the server announced, the EHLO after the 220, and the switch of
 * a cached connection to the next client.
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
