/**
 * The value a command reader returns: an object whose prototype chain has no
 * `Object.prototype` in it.
 *
 * @internal
 * @packageDocumentation
 */

import type { Warning } from '../errors.js';
import type { ReadAttribute, ReadExtension } from './read.js';

/**
 * The prototype of every command value: an object with no prototype of its own, so that a
 * name that was not sent reads as undefined even when `Object.prototype` has been given
 * one (a polluted prototype must not add a NAME the client never sent). Objects made from
 * it stay in V8's fast mode, which `Object.create(null)` objects do not.
 */
const COMMAND_VALUE: object = /* @__PURE__ */ Object.freeze(Object.create(null) as object);

/** A command's value: its attributes and extensions, then each value by name. */
export function commandValue(
  attributes: readonly ReadAttribute[],
  extensions: readonly ReadExtension[],
): Record<string, unknown> {
  const value = Object.create(COMMAND_VALUE) as Record<string, unknown>;
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
