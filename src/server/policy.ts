/**
 * The authorization policy an options object describes (`isAuthorized` or `authorizedHosts`),
 * in one place for the server session and the client planners.
 *
 * An `authorizedHosts` array is read when the policy is made: its patterns are copied and
 * compiled then, and the policy keeps that copy. A matcher compiled before is reused only
 * for the same patterns (the cache is keyed by the array and checked against its contents),
 * so editing the array in place takes effect for everything made from it afterwards: a new
 * session, an `applyXclient` given the array in its options, a new plan. A session already
 * made keeps the list it was made with; pass the array to `applyXclient` to change it there.
 *
 * @see docs/server.md "Authorization"
 * @internal
 * @packageDocumentation
 */

import { isString, ownElements, type Refusal } from '../input.js';
import { createHostMatcher } from './host-matcher.js';

/** What a policy looks at: Postfix judges NAME and ADDR only. @internal */
export interface PolicySubject {
  readonly NAME?: unknown;
  readonly ADDR?: unknown;
}

/** The names of a policy's two options, for the messages of a refusal. @internal */
export interface PolicyOptionNames {
  readonly callback: string;
  readonly hosts: string;
}

/** XCLIENT's policy options. @internal */
export const XCLIENT_POLICY: PolicyOptionNames = {
  callback: 'isAuthorized',
  hosts: 'authorizedHosts',
};

/** XFORWARD's policy options (in a session's init). @internal */
export const XFORWARD_POLICY: PolicyOptionNames = {
  callback: 'isXforwardAuthorized',
  hosts: 'authorizedXforwardHosts',
};

/**
 * The policy compiled for an array, with the patterns it was compiled from (as one key):
 * an array changed in place since gets a new policy, never a stale one.
 */
const cache = /* @__PURE__ */ new WeakMap<
  object,
  { readonly key: string; readonly policy: (subject: PolicySubject) => boolean }
>();

/** A host-list policy for `hosts`, as its contents are now. */
function hostsPolicy(
  hosts: unknown,
  label: string,
  refuse: Refusal,
): (subject: PolicySubject) => boolean {
  const patterns = ownElements(hosts, label, refuse, isString, 'string');
  const key = JSON.stringify(patterns);
  const cached = cache.get(hosts as object);
  if (cached !== undefined && cached.key === key) return cached.policy;
  // A pattern the matcher refuses is OPTION_INVALID, whoever asks.
  const matcher = createHostMatcher(patterns);
  const policy = (subject: PolicySubject): boolean =>
    matcher({
      // Stryker disable next-line ConditionalExpression,StringLiteral: the matcher takes a non-string, 'unknown' and "" alike as matching no pattern
      addr: typeof subject.ADDR === 'string' ? subject.ADDR : 'unknown',
      // Stryker disable next-line ConditionalExpression,StringLiteral: the matcher takes a non-string, 'unknown' and "" alike as matching no pattern
      name: typeof subject.NAME === 'string' ? subject.NAME : 'unknown',
    });
  cache.set(hosts as object, { key, policy });
  return policy;
}

/**
 * The policy of a callback or a host list (read from own properties by the caller), or
 * `undefined` when neither is given. @internal
 */
export function policyFrom<S extends PolicySubject>(
  isAuthorized: unknown,
  authorizedHosts: unknown,
  refuse: Refusal,
  { callback, hosts }: PolicyOptionNames = XCLIENT_POLICY,
): ((subject: S) => boolean) | undefined {
  if (isAuthorized !== undefined && authorizedHosts !== undefined) {
    throw refuse(`give ${callback} or ${hosts}, not both`);
  }
  if (isAuthorized !== undefined) {
    if (typeof isAuthorized !== 'function') throw refuse(`${callback} must be a function`);
    return isAuthorized as (subject: S) => boolean;
  }
  if (authorizedHosts === undefined) return undefined;
  return hostsPolicy(authorizedHosts, hosts, refuse);
}
