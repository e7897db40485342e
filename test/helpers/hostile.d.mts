import type fc from 'fast-check';

export function throwingProxy(target?: object): object;
export function throwingGetter(key: string): object;
export function detachedOctets(): Uint8Array;
export function hugeSparseArray<T>(element: T): T[];
export function throwingToString(): object;
export const POLLUTION: Readonly<Record<string, unknown>>;
/** A hostile value, built by `make()` inside the property. */
export interface Hostile {
  readonly label: string;
  readonly make: () => unknown;
}
export function hostileValue(fcModule: typeof fc): fc.Arbitrary<Hostile>;
export const HOSTILE_VALUES: readonly Hostile[];
