// Shared by test/format-xclient.test.ts and test/plan-xclient.test.ts: the refusals of the
// builders as plain data, to compare in one go.
import {
  type FormatOptions,
  formatXclient,
  isXclientError,
  type XclientAttributes,
} from 'smtp-xclient';
import { expect } from 'vitest';

/**
 * The thrown XclientError as a plain object: the keys it has, and only those. Its message is
 * for people, not on the wire, and is left out.
 */
export function thrownError(f: () => unknown): Record<string, unknown> {
  try {
    f();
  } catch (e) {
    if (!isXclientError(e)) throw e;
    return {
      code: e.code,
      reply: e.reply,
      ...('attribute' in e ? { attribute: e.attribute } : {}),
      ...('position' in e ? { position: e.position } : {}),
    };
  }
  throw new Error('did not throw');
}

/** formatXclient of anything, as JavaScript callers may pass it. */
export const format = (attributes: unknown, options?: FormatOptions): string[] =>
  formatXclient(attributes as XclientAttributes, options);

/** The reply of every refusal made by the builder itself (not by an attribute rule). */
export const SYNTAX = { code: 501, enhanced: '5.5.4', text: 'Syntax: XCLIENT attribute=value...' };

/** A refusal of the builder itself: no position, the attribute when there is one. */
export const formatRefusal = (code: string, attribute?: string) => ({
  code,
  reply: SYNTAX,
  ...(attribute === undefined ? {} : { attribute }),
});

/** A refusal of an attribute rule, thrown as it is: the value shown in the reply. */
export const badSyntax = (code: string, attribute: string, shown: string, position: number) => ({
  code,
  reply: { code: 501, enhanced: '5.5.4', text: `Bad ${attribute} syntax: ${shown}` },
  attribute,
  position,
});

/** A host name of exactly `n` octets (labels of at most 63). */
export function hostOf(n: number): string {
  const labels: string[] = [];
  let left = n;
  while (left > 0) {
    const len = Math.min(63, left === 64 ? 62 : left);
    labels.push('a'.repeat(len));
    left -= len + 1;
    if (left === 0) break;
  }
  const name = labels.join('.');
  expect(name).toHaveLength(n);
  return name;
}
