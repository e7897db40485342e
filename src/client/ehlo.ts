/**
 * The server's EHLO reply as the client planners are given it: its text, its lines, or a
 * parsed `Reply`. One reader for every planner, so that each reads the same lines from the
 * same reply, and none lets a caller's exception (a Proxy, a getter) escape.
 *
 * @internal
 * @packageDocumentation
 */

import { isXclientError, type Reply } from '../errors.js';
import { isString, ownElements } from '../input.js';
import { optionError } from './options.js';

/** What every planner takes as the server's reply to EHLO. @internal */
export type EhloReplyInput = string | readonly string[] | Reply;

/** The start of the reason for an EHLO reply that cannot be read. */
export const UNREADABLE_EHLO = 'the EHLO reply cannot be read';

/**
 * The text or lines of an EHLO reply, for a keyword parser; or, for a reply that cannot be
 * read, the reason. A `Reply` without `text` has no lines (no keyword either); a sparse array
 * or a line that is not a string is said in the reason; what a Proxy or getter threw is not
 * (its message is its own). @internal
 */
export function ehloLines(
  ehloReply: EhloReplyInput,
):
  | { readonly ok: true; readonly lines: string | readonly string[] }
  | { readonly ok: false; readonly reason: string } {
  let input: string | readonly string[] = ehloReply as string | readonly string[];
  let label = 'ehloReply';
  try {
    if (typeof ehloReply === 'object' && ehloReply !== null && !Array.isArray(ehloReply)) {
      // Without text, no lines: any lines without the keyword would say the same.
      // Stryker disable next-line ArrayDeclaration: see above
      const text: unknown = Object.hasOwn(ehloReply, 'text') ? (ehloReply as Reply).text : [];
      input = Array.isArray(text) ? (text as readonly string[]) : [text as string];
      label = 'ehloReply.text';
    }
    // Own elements only: a sparse array (one element at 2**32-2) is no EHLO reply.
    if (Array.isArray(input)) input = ownElements(input, label, optionError, isString, 'string');
  } catch (e) {
    return {
      ok: false,
      reason: isXclientError(e) ? `${UNREADABLE_EHLO}: ${e.message}` : UNREADABLE_EHLO,
    };
  }
  return { ok: true, lines: input };
}
