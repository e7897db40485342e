/**
 * The value a command reader returns: an object whose prototype chain has no
 * `Object.prototype` in it.
 *
 * @internal
 * @packageDocumentation
 */

import type { Warning } from '../errors.js';
import { record } from '../input.js';
import type { ReadAttribute, ReadExtension } from './read.js';

/**
 * A command's value: its attributes and extensions, then each value by name, in a
 * {@link record}: a name that was not sent reads as undefined even when `Object.prototype`
 * has been given one (a polluted prototype must not add a NAME the client never sent).
 */
export function commandValue(
  attributes: readonly ReadAttribute[],
  extensions: readonly ReadExtension[],
): Record<string, unknown> {
  const value = record();
  value.attributes = attributes;
  value.extensions = extensions;
  return value;
}

/** The extensions of a line that has none: one frozen empty list for every such line. */
export const NO_EXTENSIONS: readonly ReadExtension[] = /* @__PURE__ */ Object.freeze([]);

/**
 * The warnings of a line that has none (the fast path's lines): one frozen empty list, as the
 * result's type (`readonly Warning[]`) already says; 32 bytes less per parse.
 */
export const NO_WARNINGS: readonly Warning[] = /* @__PURE__ */ Object.freeze([]);
