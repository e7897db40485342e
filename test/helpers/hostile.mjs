// Hostile JavaScript values, for the property tests (test/properties-hostile.test.ts) and the
// campaign of `npm run fuzz` (scripts/fuzz-hostile.mjs): what a buggy or malicious caller can
// pass where the library expects an options object, an identity, an array, a string or octets.
// Plain JavaScript, so that the campaign runs it against the built package without a compiler.

/** A Proxy whose every trap throws. */
export function throwingProxy(target = {}) {
  const boom = () => {
    throw new Error('hostile proxy');
  };
  return new Proxy(target, {
    get: boom,
    has: boom,
    ownKeys: boom,
    getOwnPropertyDescriptor: boom,
    getPrototypeOf: boom,
  });
}

/** An object whose property `key` is a getter that throws. */
export function throwingGetter(key) {
  return Object.defineProperty({}, key, {
    enumerable: true,
    get() {
      throw new Error(`hostile getter ${key}`);
    },
  });
}

/** A Uint8Array over an ArrayBuffer that has been detached (transferred away). */
export function detachedOctets() {
  const buffer = new ArrayBuffer(16);
  const view = new Uint8Array(buffer);
  structuredClone(buffer, { transfer: [buffer] });
  return view;
}

/** An array with one element at index 2**32 - 2 (length 2**32 - 1): a loop over it hangs. */
export function hugeSparseArray(element) {
  const a = [];
  a[2 ** 32 - 2] = element;
  return a;
}

/** A value whose toString and valueOf throw. */
export function throwingToString() {
  return {
    toString() {
      throw new Error('hostile toString');
    },
    valueOf() {
      throw new Error('hostile valueOf');
    },
  };
}

/** The keys a polluted Object.prototype is given (options, identities, commands, replies). */
export const POLLUTION = {
  authorizedHosts: ['0.0.0.0/0', '::/0'],
  authorizedXforwardHosts: ['0.0.0.0/0'],
  isAuthorized: () => true,
  isXforwardAuthorized: () => true,
  NAME: 'evil\r\nRCPT TO:<victim@example.com>',
  ADDR: '203.0.113.66',
  LOGIN: 'mallory',
  HELO: 'evil\r\nDATA',
  REVERSE_NAME: 'evil.example',
  profile: 'lenient',
  unannounced: 'throw',
  nonconforming: 'accept',
  tokenSafe: false,
  hello: 'HELO',
  fallbackEhlo: 'evil\r\nQUIT',
  announced: ['NAME'],
  verb: 'QUIT',
  name: 'evil\r\nRSET',
  banner: 'evil\r\n250 ok',
  pending: true,
  text: 'evil\r\n250 ok',
};

/**
 * The hostile values, as a fast-check arbitrary (fc passed in, so that this file needs no
 * import) of `{ label, make }`: `make()` builds the value inside the property, because
 * fast-check itself reads a generated value (to clone and to print it) and a Proxy that
 * throws would stop it there. Sparse and huge arrays, throwing getters and Proxies, detached
 * octets, values whose toString throws, symbols, functions, null, NaN, wrong types.
 */
export function hostileValue(fc) {
  return fc.constantFrom(...HOSTILE_VALUES.map((h) => ({ ...h, toString: () => h.label })));
}

/** The hostile values of {@link hostileValue}, as a list of `{ label, make }`. */
export const HOSTILE_VALUES = (() => {
  const kinds = [
    ...[null, undefined, Number.NaN, 0, -1, true, '', 2n ** 70n].map((v) => [String(v), () => v]),
    ['a symbol', () => Symbol('hostile')],
    ['a function', () => () => true],
    ['new Array(3)', () => new Array(3)],
    [
      '[, "127.0.0.1"]',
      () => {
        const a = [];
        a[1] = '127.0.0.1'; // a hole at 0
        return a;
      },
    ],
    ['an element at 2**32-2', () => hugeSparseArray('127.0.0.1')],
    ['[null, undefined, 42]', () => [null, undefined, 42]],
    ['a throwing Proxy', () => throwingProxy()],
    ['a throwing Proxy of an array', () => throwingProxy([])],
    [
      'a revoked Proxy',
      () => {
        const { proxy, revoke } = Proxy.revocable({}, {});
        revoke();
        return proxy;
      },
    ],
    ['detached octets', () => detachedOctets()],
    ['a throwing toString', () => throwingToString()],
    ['[a throwing toString]', () => [throwingToString()]],
    ['a null-prototype object', () => Object.create(null)],
    ['inherited fields', () => ({ __proto__: { NAME: 'x', authorizedHosts: ['0.0.0.0/0'] } })],
    ...[
      'client',
      'ADDR',
      'NAME',
      'authorizedHosts',
      'profile',
      'announced',
      'verb',
      'name',
      'text',
      'code',
      'length',
    ].map((key) => [`a throwing getter ${key}`, () => throwingGetter(key)]),
  ];
  return kinds.map(([label, make]) => ({ label, make }));
})();
