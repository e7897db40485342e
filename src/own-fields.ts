/**
 * Reading the objects a programmer hands to a builder (options, inits, identities) by their
 * own properties only: a property inherited from a polluted `Object.prototype`
 * (`Object.prototype.authorizedHosts = […]`, `Object.prototype.NAME = 'evil\r\n…'`) is never
 * taken for an option or an attribute. The copies have a null prototype, so that what is
 * read from them later cannot be inherited either. A getter or a Proxy that throws while it
 * is read becomes the caller's coded error, not a stray exception.
 *
 * @internal
 * @packageDocumentation
 */

import { isXclientError, type XclientError } from './errors.js';

/** Makes the coded error of a refusal (each caller has its own code and reply). @internal */
export type Refusal = (message: string) => XclientError;

/** What an exception says, even one whose `toString` throws. */
function describe(e: unknown): string {
  try {
    return e instanceof Error ? e.message : String(e);
  } catch {
    return 'an exception';
  }
}

/**
 * A null-prototype copy of the own enumerable properties of `value` (an object), read once.
 * `undefined` stays `undefined`. @internal
 */
export function ownFields<T extends object>(
  value: T | undefined,
  label: string,
  refuse: Refusal,
): { readonly [K in keyof T]?: T[K] } | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) throw refuse(`${label} must be an object`);
  const out = Object.create(null) as Record<string, unknown>;
  try {
    for (const key of Object.keys(value)) out[key] = (value as Record<string, unknown>)[key];
  } catch (e) {
    if (isXclientError(e)) throw e;
    throw refuse(`${label} could not be read: ${describe(e)}`);
  }
  return out as { readonly [K in keyof T]?: T[K] };
}

/**
 * A frozen copy of an array's elements, each an own element of the array: a hole (a sparse
 * array) is refused at once, so that an array of length 2³²−1 with one element does not make
 * this loop run. `check` refuses an element that is not an `expected` (a singular noun). @internal
 */
export function ownElements<T>(
  value: unknown,
  label: string,
  refuse: Refusal,
  check: (element: unknown) => element is T,
  expected: string,
): readonly T[] {
  if (!Array.isArray(value)) throw refuse(`${label} must be an array of ${expected}s`);
  const out: T[] = [];
  try {
    const length = value.length;
    for (let i = 0; i < length; i++) {
      if (!Object.hasOwn(value, i)) throw refuse(`${label}[${i}] is missing (a sparse array)`);
      const element: unknown = value[i];
      if (!check(element)) throw refuse(`${label}[${i}] must be a ${expected}`);
      out.push(element);
    }
  } catch (e) {
    if (isXclientError(e)) throw e;
    throw refuse(`${label} could not be read: ${describe(e)}`);
  }
  return Object.freeze(out);
}

/** Whether a value is a string (for {@link ownElements}). @internal */
export const isString = (value: unknown): value is string => typeof value === 'string';

/**
 * The line as it is, when it holds no CR, LF or NUL; else the refusal. Every line a builder
 * emits passes here at the point it is emitted, whatever its source. @internal
 */
export function emitted(line: string, label: string, refuse: Refusal): string {
  if (/[\r\n\0]/.test(line)) throw refuse(`${label} would carry CR, LF or NUL`);
  return line;
}
