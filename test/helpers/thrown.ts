import { isXclientError } from 'smtp-xclient';
import { expect } from 'vitest';

/** What `fn` threw (the test fails when it returns). */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

/**
 * Checks what `fn` throws: an XclientError with `code` and `reply` whose message carries
 * each of `facts` and never says "undefined" (the rows of the "messages" tables).
 */
export function expectRefusal(
  fn: () => unknown,
  code: string,
  reply: unknown,
  facts: readonly string[],
): void {
  const e = thrown(fn);
  expect(isXclientError(e) && [e.code, e.reply]).toEqual([code, reply]);
  const message = (e as Error).message;
  for (const fact of facts) expect(message).toContain(fact);
  expect(message).not.toContain('undefined');
}
