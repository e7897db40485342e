/**
 * What the public functions take from JavaScript, read so that no value can reach past them:
 * options and reply fields by their own properties only (an inherited `profile` or `NAME`,
 * from a polluted `Object.prototype`, is not read), arrays only where every element exists
 * (a hole ends the read: a sparse array is not walked index by index), octets only from a
 * real `Uint8Array` (a Proxy of one, or a subclass whose accessors throw, is not read), and
 * whatever a getter, a Proxy trap or a detached buffer throws caught here.
 *
 * Each reader returns {@link UNREADABLE} instead of throwing; the public function turns it
 * into its own coded error (a result for a parser, an `XclientError` for a builder).
 *
 * Builders read the objects a programmer hands them (options, inits, identities) with
 * {@link ownFields} and {@link ownElements}: prototype-free or frozen copies, read once, so
 * that nothing read from them later can be inherited either; a getter or a Proxy that throws
 * (whatever it throws, an `XclientError` of its own included) becomes the builder's coded error.
 * Every line a builder emits passes {@link emitted} (or a check of its own).
 *
 * @internal
 * @packageDocumentation
 */

import type { XclientError } from './errors.js';
import { LINE_BREAKING } from './octets.js';

/** What a reader returns for a value it cannot read without running into an exception. */
export const UNREADABLE: unique symbol = Symbol('unreadable');

/**
 * The own property `key` of `object`, undefined when it has none (or is not an object), or
 * {@link UNREADABLE} when reading it throws (a getter, a Proxy trap).
 */
export function ownProperty(object: unknown, key: string): unknown {
  if (object === undefined || object === null) return undefined;
  // Stryker disable next-line ConditionalExpression: Object.hasOwn of a primitive other than null and undefined is false for every key read (never an index or `length`)
  if (typeof object !== 'object' && typeof object !== 'function') return undefined;
  try {
    return Object.hasOwn(object, key) ? (object as Record<string, unknown>)[key] : undefined;
  } catch {
    return UNREADABLE;
  }
}

/**
 * A copy of `value` when it is an array whose elements, from 0 to its length, all exist as
 * own properties and are strings; undefined otherwise. The walk stops at the first hole or
 * non-string, so it costs at most one step per element that exists (an array whose only
 * element is at index 2³²−2 stops at index 0).
 */
export function stringArray(value: unknown): string[] | undefined {
  try {
    if (!Array.isArray(value)) return undefined;
    const n = value.length;
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      if (!Object.hasOwn(value, i)) return undefined;
      const element: unknown = value[i];
      if (typeof element !== 'string') return undefined;
      out.push(element);
    }
    return out;
  } catch {
    // a revoked Proxy, a getter or trap that throws: not an array of strings
  }
  return undefined;
}

/** A shared empty view: what a detached buffer reads as. */
const EMPTY = /* @__PURE__ */ new Uint8Array(0);

/**
 * `value` when it is a `Uint8Array` whose octets can be read, as a plain `Uint8Array` view;
 * undefined for anything else (a Proxy of one included, which `ArrayBuffer.isView` does not
 * take). A view over a detached buffer has no octets left: it reads as empty. A plain
 * `Uint8Array` is returned as it is (no allocation); a subclass (Buffer) is viewed through
 * the `Uint8Array` accessors, so that none of its own methods run.
 */
export function readableOctets(value: unknown): Uint8Array | undefined {
  if (!ArrayBuffer.isView(value)) return undefined;
  try {
    if (!(value instanceof Uint8Array)) return undefined;
    // Stryker disable next-line ConditionalExpression,BlockStatement: allocation only: the view through the accessors has the same octets
    if (Object.getPrototypeOf(value) === Uint8Array.prototype) {
      return value.length === 0 ? EMPTY : value;
    }
    const length = TYPED_LENGTH.call(value) as number;
    if (length === 0) return EMPTY;
    const buffer = TYPED_BUFFER.call(value) as ArrayBufferLike;
    return new Uint8Array(buffer, TYPED_OFFSET.call(value) as number, length);
  } catch {
    // a revoked Proxy's prototype, an accessor that throws: no octets to read
  }
  return undefined;
}

/** The %TypedArray%.prototype accessors, which no subclass can replace. */
const TYPED_PROTO = /* @__PURE__ */ Object.getPrototypeOf(Uint8Array.prototype) as object;
const accessor = (key: string): (() => unknown) =>
  Object.getOwnPropertyDescriptor(TYPED_PROTO, key)?.get as () => unknown;
const TYPED_LENGTH = /* @__PURE__ */ accessor('length');
const TYPED_BUFFER = /* @__PURE__ */ accessor('buffer');
const TYPED_OFFSET = /* @__PURE__ */ accessor('byteOffset');

/** `Array.isArray`, false where it throws (a revoked Proxy). */
export function isArray(value: unknown): value is readonly unknown[] {
  try {
    return Array.isArray(value);
  } catch {
    // a revoked Proxy
  }
  return false;
}

/**
 * A value shown in a message without running any of its code: a string quoted (its first 40
 * characters), a number, boolean, null or undefined as written, anything else by its type.
 */
export function describe(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  }
  if (typeof value === 'symbol' || typeof value === 'function') return `a ${typeof value}`;
  if (value === null || typeof value !== 'object') return String(value);
  return isArray(value) ? 'an array' : 'an object';
}

// -------------------------------------------------------------------------------------------
// Builders' inputs: read once, by own properties, refused with the builder's coded error

/** Makes the coded error of a refusal (each caller has its own code and reply). @internal */
export type Refusal = (message: string) => XclientError;

/** What an exception says, even one whose `toString` throws. */
function describeException(e: unknown): string {
  try {
    return e instanceof Error ? e.message : String(e);
  } catch {
    return 'an exception';
  }
}

/** The prototype of {@link record}s: an empty, frozen object with no prototype. */
const NO_PROTOTYPE: object = /* @__PURE__ */ Object.freeze(Object.create(null) as object);

/**
 * A new empty record whose prototype chain holds no `Object.prototype`: a name it was not
 * given reads as undefined even when `Object.prototype` has been given one, and
 * `__proto__` is a key like any other. Unlike an `Object.create(null)` object, which V8
 * keeps as a hash table, it stays in V8's fast mode: its reads cost what a literal's do.
 * @internal
 */
export const record = <T = Record<string, unknown>>(): T => Object.create(NO_PROTOTYPE) as T;

/**
 * A {@link record} copy of the own enumerable properties of `value` (an object), read once.
 * `undefined` stays `undefined`. @internal
 */
export function ownFields<T extends object>(
  value: T | undefined,
  label: string,
  refuse: Refusal,
): { readonly [K in keyof T]?: T[K] } | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) throw refuse(`${label} must be an object`);
  const out = record();
  try {
    for (const key of Object.keys(value)) out[key] = (value as Record<string, unknown>)[key];
  } catch (e) {
    throw refuse(`${label} could not be read: ${describeException(e)}`);
  }
  return out as { readonly [K in keyof T]?: T[K] };
}

/**
 * `noun` in the plural, for messages: `string` → `strings`, `attribute name` → `attribute
 * names`, `array of lines` → `arrays of lines` (the word before "of").
 */
const plural = (noun: string): string =>
  // Stryker disable next-line Regex: every noun starts with a word: its first \S+ is at the start
  noun.includes(' of ') ? noun.replace(/^(\S+)/, '$1s') : `${noun}s`;
/** `noun` after its indefinite article, for messages: `a string`, `an attribute name`. */
const withArticle = (noun: string): string => `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;

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
  if (!isArray(value)) throw refuse(`${label} must be an array of ${plural(expected)}`);
  const out: T[] = [];
  // What the walk finds wrong, refused after it: inside it, only a Proxy or a getter throws.
  let problem: string | undefined;
  try {
    const length = value.length;
    for (let i = 0; i < length; i++) {
      if (!Object.hasOwn(value, i)) {
        problem = `${label}[${i}] is missing (a sparse array)`;
        break;
      }
      const element: unknown = value[i];
      if (!check(element)) {
        problem = `${label}[${i}] must be ${withArticle(expected)}`;
        break;
      }
      out.push(element);
    }
  } catch (e) {
    throw refuse(`${label} could not be read: ${describeException(e)}`);
  }
  if (problem !== undefined) throw refuse(problem);
  return Object.freeze(out);
}

/** Whether a value is a string (for {@link ownElements}). @internal */
export const isString = (value: unknown): value is string => typeof value === 'string';

/**
 * The line as it is, when it holds no CR, LF or NUL; else the refusal. Every line a builder
 * emits passes here at the point it is emitted, whatever its source. @internal
 */
export function emitted(line: string, label: string, refuse: Refusal): string {
  // Stryker disable next-line ConditionalExpression,StringLiteral: unreachable from the one caller (client/plan.ts planHello), whose every source of a name is checked or masked first; kept as the last guard on an emitted line
  if (LINE_BREAKING.test(line)) throw refuse(`${label} would carry CR, LF or NUL`);
  return line;
}
