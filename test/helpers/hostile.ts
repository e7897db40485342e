// Hostile JavaScript values: what a caller (or an attacker who controls one) can hand a
// public function besides wrong types. Each is made fresh by a function, since some of them
// (a detached buffer, a revoked Proxy) are spent or changed by use.
import { fc } from './fc.js';

const boom = (): never => {
  throw new Error('hostile');
};

/** A Proxy whose every trap throws. */
export const throwingProxy = (target: object = {}): object =>
  new Proxy(target, {
    get: boom,
    has: boom,
    ownKeys: boom,
    getOwnPropertyDescriptor: boom,
    getPrototypeOf: boom,
    apply: boom,
  });

/** A Uint8Array whose buffer has been transferred away (detached). */
export function detachedOctets(): Uint8Array {
  const buffer = new ArrayBuffer(16);
  const view = new Uint8Array(buffer);
  view.set([0x58, 0x43, 0x4c, 0x49, 0x45, 0x4e, 0x54]);
  structuredClone(buffer, { transfer: [buffer] });
  return view;
}

/** An array with holes: `elements` at their indexes, nothing at the others. */
export function sparse(
  length: number,
  elements: Readonly<Record<number, unknown>> = {},
): unknown[] {
  const a: unknown[] = new Array(length);
  for (const [i, v] of Object.entries(elements)) a[Number(i)] = v;
  return a;
}

/** An array whose only element sits at index 2³² − 2: walking it index by index never ends. */
export function farSparse(element: unknown): unknown[] {
  const a: unknown[] = [];
  a[2 ** 32 - 2] = element;
  return a;
}

/**
 * Hostile values whose octets can still be read (through the intrinsic accessors, or none
 * at all for a detached buffer): a parser reads them as octets, encodeXtext encodes them.
 */
export const READABLE_OCTETS: ReadonlySet<string> = new Set([
  'a Uint8Array over a detached buffer',
  'a Uint8Array subclass whose accessors throw',
]);

/** The hostile values, by name. `line` is what the value carries where it has one. */
export const HOSTILE: readonly (readonly [name: string, make: (line: string) => unknown])[] = [
  ['a hole first ([, line])', (line) => sparse(2, { 1: line })],
  ['new Array(3)', () => new Array(3)],
  ['new Array(1)', () => new Array(1)],
  ['one element at index 2**32-2', (line) => farSparse(line)],
  ['a hole in the middle', (line) => sparse(3, { 0: line, 2: line })],
  ['an array Proxy whose traps throw', () => throwingProxy([])],
  ['an object Proxy whose traps throw', () => throwingProxy()],
  [
    'a revoked Proxy',
    () => {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      return proxy;
    },
  ],
  ['a Proxy of a Uint8Array', () => new Proxy(new Uint8Array(4), {})],
  ['a Uint8Array over a detached buffer', () => detachedOctets()],
  [
    'a Uint8Array subclass whose accessors throw',
    () => {
      class Hostile extends Uint8Array {
        override get length(): number {
          return boom();
        }
        override indexOf(): number {
          return boom();
        }
      }
      return new Hostile(4);
    },
  ],
  [
    'a Uint8Array whose prototype is a throwing Proxy',
    () => Object.setPrototypeOf(new Uint8Array(4), throwingProxy()),
  ],
  ['an object whose toString throws', () => ({ toString: boom, valueOf: boom })],
  ['an array holding an object whose toString throws', () => [{ toString: boom }]],
  [
    'a getter that throws',
    () => Object.defineProperty({}, 'text', { get: boom, enumerable: true }),
  ],
  ['a symbol', () => Symbol('x')],
  ['a bigint', () => 10n],
  ['null', () => null],
  ['a function', () => boom],
];

/** Options objects that throw when read. */
export const HOSTILE_OPTIONS: readonly (readonly [name: string, make: () => unknown])[] = [
  [
    'an own getter that throws',
    () => ({
      get profile() {
        return boom();
      },
      get tokenSafe() {
        return boom();
      },
      get announced() {
        return boom();
      },
      get unannounced() {
        return boom();
      },
    }),
  ],
  ['a Proxy whose traps throw', () => throwingProxy()],
  [
    'a Proxy that says it has every property',
    () => new Proxy({}, { has: () => true, getOwnPropertyDescriptor: boom }),
  ],
];

/**
 * Any of the hostile values, for properties: a maker, called inside the property (fast-check
 * itself looks into the values it generates, which a revoked Proxy does not allow).
 */
export const hostileMaker: fc.Arbitrary<() => unknown> = fc
  .tuple(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 20 }))
  .map(
    ([[, make], line]) =>
      () =>
        make(line),
  );
