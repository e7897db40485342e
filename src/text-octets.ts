/**
 * The exact octets of a reply's text, kept beside the text: Postfix echoes a client's value
 * after printable(), which keeps octets that are not UTF-8, while `Reply.text` is a string
 * (what a UTF-8 reader sees, U+FFFD for each ill-formed subsequence). `replyOctets` reads
 * them back.
 *
 * @see docs/spec/postfix.md §2.1
 * @internal
 * @packageDocumentation
 */

import type { Reply } from './errors.js';
import { ownProperty } from './input.js';
import { decodeUtf8Lossy } from './utf8.js';

/**
 * Where a reply keeps the octets of its text: a property keyed by a registered symbol (so
 * that two copies of the library, ESM and CJS, share it) and not enumerable, so that the
 * reply still compares, spreads and serializes by its fields.
 */
const TEXT_OCTETS: unique symbol = Symbol.for('smtp-xclient.textOctets') as never;

/** The reply, frozen, with the exact octets of its one-line text attached. @internal */
export function withTextOctets(reply: Reply, octets: Uint8Array): Reply {
  const out = { ...reply };
  // Stryker disable next-line MethodExpression: the one caller (replies.ts badSyntaxEcho) passes octets it has just allocated and keeps no reference to
  Object.defineProperty(out, TEXT_OCTETS, { value: octets.slice() });
  return Object.freeze(out);
}

/**
 * The octets attached by {@link withTextOctets}, when they still spell the reply's text and
 * cannot break its line (no NUL, CR or LF). @internal
 */
export function textOctetsOf(reply: Reply): Uint8Array | undefined {
  // Own properties only, as formatReply reads them.
  const octets: unknown = Object.hasOwn(reply, TEXT_OCTETS)
    ? (reply as { readonly [TEXT_OCTETS]?: unknown })[TEXT_OCTETS]
    : undefined;
  const text = ownProperty(reply, 'text');
  // A text that is not a string never equals the decoded octets (the last line).
  if (!(octets instanceof Uint8Array)) return undefined;
  // Stryker disable next-line ConditionalExpression,MethodExpression,ArrowFunction,LogicalOperator: replyOctets has run formatReply first, which refuses a text with NUL, CR or LF, and octets that decode to the text hold one of them exactly when the text does (a lossy decoder reads each ASCII octet as itself)
  if (octets.some((o) => o === 0 || o === 0x0a || o === 0x0d)) return undefined;
  return decodeUtf8Lossy(octets) === text ? octets : undefined;
}
