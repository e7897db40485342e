/**
 * The XCLIENT or XFORWARD lines for a set of attributes (`build` prints them, `probe` sends
 * them).
 *
 * @packageDocumentation
 */

import {
  isXclientError,
  planXclient,
  planXforward,
  type XclientAttributes,
  type XclientError,
  type XforwardAttributes,
} from '../index.js';
import type { Verb } from './args.js';

/** The lines and the attributes left out. */
interface Plan {
  readonly lines: readonly string[];
  readonly omitted: readonly string[];
}

/** Plans the lines of `verb` (XCLIENT by default); a library error is returned, not thrown. */
export function plan(
  attributes: XclientAttributes | XforwardAttributes,
  announced: readonly string[] | undefined,
  omit: boolean,
  verb: Verb = 'XCLIENT',
): { readonly ok: true; readonly plan: Plan } | { readonly ok: false; error: XclientError } {
  try {
    const options =
      announced === undefined
        ? {}
        : { announced, unannounced: omit ? ('omit' as const) : ('throw' as const) };
    const planned =
      verb === 'XCLIENT'
        ? planXclient(attributes as XclientAttributes, options)
        : planXforward(attributes as XforwardAttributes, options);
    return { ok: true, plan: planned };
  } catch (e) {
    /* v8 ignore next -- the library throws nothing else */
    if (!isXclientError(e)) throw e;
    return { ok: false, error: e };
  }
}
