/**
 * The XCLIENT lines for a set of attributes (`build` prints them, `probe` sends them).
 *
 * @packageDocumentation
 */

import {
  isXclientError,
  planXclient,
  type XclientAttributes,
  type XclientError,
  type XclientPlan,
} from '../index.js';

/** Plans the lines; a library error is returned, not thrown. */
export function plan(
  attributes: XclientAttributes,
  announced: readonly string[] | undefined,
  omit: boolean,
): { readonly ok: true; readonly plan: XclientPlan } | { readonly ok: false; error: XclientError } {
  try {
    const options =
      announced === undefined
        ? {}
        : { announced, unannounced: omit ? ('omit' as const) : ('throw' as const) };
    return { ok: true, plan: planXclient(attributes, options) };
  } catch (e) {
    /* v8 ignore next -- the library throws nothing else */
    if (!isXclientError(e)) throw e;
    return { ok: false, error: e };
  }
}
