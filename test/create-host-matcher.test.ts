// createHostMatcher: what it refuses with a coded error rather than a TypeError (the patterns
// themselves are tested in test/ip.test.ts and test/create-xclient-session.test.ts).
import { XclientError } from 'smtp-xclient';
import { createHostMatcher, type HostMatcherClient } from 'smtp-xclient/server';
import { describe, expect, it } from 'vitest';
import { thrown } from './helpers/thrown.js';

describe('patterns that are no array of strings: OPTION_INVALID (issue 21, item 8)', () => {
  const sparse: string[] = [];
  sparse[2 ** 32 - 2] = '127.0.0.0/8';
  it.each([
    ['[null]', [null]],
    ['[undefined]', [undefined]],
    ['[42]', [42]],
    ['a sparse array', new Array(2)],
    ['one element at 2**32-2', sparse],
    ['a string', '127.0.0.0/8'],
    ['null', null],
  ])('createHostMatcher(%s)', (_label, patterns) => {
    const e = thrown(() => createHostMatcher(patterns as unknown as string[]));
    expect(e).toMatchObject({ code: 'OPTION_INVALID', reply: { code: 421 } });
  });
});

describe('the client asked about is read safely', () => {
  const match = createHostMatcher(['127.0.0.0/8', 'localhost']);
  it.each<[string, unknown]>([
    ['an addr that is no string', { addr: 42 }],
    ['null', null],
    ['an inherited addr', Object.create({ addr: '127.0.0.1' })],
    ['an inherited name', Object.create({ name: 'localhost' })],
    ['a function with an own addr', Object.assign(() => true, { addr: '127.0.0.1' })],
    ['a string', '127.0.0.1'],
    [
      'a Proxy that throws when its name is read, after a matching addr',
      new Proxy(
        { addr: '127.0.0.1', name: 'localhost' },
        {
          getOwnPropertyDescriptor(target, key) {
            if (key === 'name') throw new Error('hostile');
            return Reflect.getOwnPropertyDescriptor(target, key);
          },
        },
      ),
    ],
  ])('%s matches nothing and does not throw', (_label, client) => {
    expect(match(client as HostMatcherClient)).toBe(false);
  });
});

describe('a subdomain is a name strictly below the domain, after a dot', () => {
  it.each<[string, string, boolean]>([
    // [pattern, client name, authorized]
    ['.example.com', 'a.example.com', true],
    ['.example.com', 'example.com', false],
    // the domain with one character before it: a dot alone is no label
    ['.example.com', '.example.com', false],
    ['.example.com', 'xexample.com', false],
    ['.example.com', 'ab.example.com', true],
  ])('%s, client name %s: %s', (pattern, name, authorized) => {
    expect(createHostMatcher([pattern])({ addr: 'unknown', name })).toBe(authorized);
    expect(
      createHostMatcher([pattern.slice(1)], { parentDomainMatchesSubdomains: true })({
        addr: 'unknown',
        name,
      }),
    ).toBe(authorized || name === pattern.slice(1));
  });
});

/** A revoked Proxy: Array.isArray throws on it. */
function revoked(): object {
  const { proxy, revoke } = Proxy.revocable([], {});
  revoke();
  return proxy;
}
const sparseList: string[] = [];
sparseList[1] = '127.0.0.1';
/** An array whose element 0 throws when read. */
const throwingGet = new Proxy(['127.0.0.1'], {
  get: (target, key) => {
    if (key === '0') throw new Error('boom');
    return Reflect.get(target, key);
  },
});

describe('messages: each names the pattern or the option, and what is wrong', () => {
  // The prose is not pinned; each message carries the pattern as given, a reason after it, and
  // the facts the code has at hand (the limit, the network meant), never "undefined".
  it.each<[string, unknown, unknown, readonly string[]]>([
    // [label, patterns, options, what the message contains]
    ['patterns not an array', '127.0.0.1', undefined, ['patterns', 'string']],
    [
      'a pattern not a string: its index',
      ['127.0.0.1', 42],
      undefined,
      ['patterns[1]', 'a string'],
    ],
    ['a hole: its index', sparseList, undefined, ['patterns[0]', 'missing']],
    [
      'an option whose getter throws: what it threw',
      [],
      {
        get parentDomainMatchesSubdomains(): boolean {
          throw new Error('boom');
        },
      },
      ['options', 'boom'],
    ],
    [
      'an option whose getter throws what cannot be shown',
      [],
      {
        get parentDomainMatchesSubdomains(): boolean {
          throw Object.create(null);
        },
      },
      ['options'],
    ],
    ['options not an object', [], 7, ['options']],
    ['an unbalanced "["', ['[192.0.2.1'], undefined, ['"[192.0.2.1"', '[']],
    ['"[" alone', ['['], undefined, ['"["']],
    ['not an address', ['192.0.2.256'], undefined, ['"192.0.2.256"']],
    ['an IPv4 prefix over 32: the limit', ['192.0.2.0/33'], undefined, ['"192.0.2.0/33"', '32']],
    ['an IPv6 prefix over 128: the limit', ['2001:db8::/129'], undefined, ['128']],
    ['host bits set: the network meant', ['192.0.2.1/24'], undefined, ['192.0.2.0/24']],
    ['host bits set (IPv6)', ['2001:db8::1/32'], undefined, ['2001:db8::/32']],
    ['a bad host name', ['a..example'], undefined, ['"a..example"']],
    ['an empty pattern', [''], undefined, ['""']],
    ['"!" alone', ['!'], undefined, ['"!"']],
  ])('%s', (_label, patterns, options, contains) => {
    const e = thrown(() => createHostMatcher(patterns as string[], options as undefined));
    expect(e).toMatchObject({ code: 'OPTION_INVALID', reply: { code: 421 } });
    const { message } = e as Error;
    for (const fact of contains) expect(message).toContain(fact);
    expect(message).not.toContain('undefined');
    expect(message.trimEnd()).not.toMatch(/:$/);
    // a pattern's message says what is wrong after it
    const [pattern] = patterns as unknown[];
    if (Array.isArray(patterns) && patterns.length === 1 && typeof pattern === 'string') {
      const shown = JSON.stringify(pattern);
      expect(message).toContain(shown);
      expect(message.slice(message.indexOf(shown) + shown.length)).toMatch(/[a-z]{2}/);
    }
  });
});

describe('messages: patterns that cannot be read', () => {
  it.each<[string, () => unknown, readonly string[]]>([
    ['a revoked Proxy: no array', revoked, ['patterns', 'array of strings']],
    ['an element whose read throws: what it threw', () => throwingGet, ['patterns', 'boom']],
  ])('%s', (_label, patterns, contains) => {
    const e = thrown(() => createHostMatcher(patterns() as string[]));
    expect(e).toMatchObject({ code: 'OPTION_INVALID', reply: { code: 421 } });
    const { message } = e as Error;
    for (const fact of contains) expect(message).toContain(fact);
    expect(message).not.toContain('undefined');
  });
});

// A getter (or a Proxy trap) that threw an XclientError of its own came out of
// createHostMatcher as that error, with its code, instead of the builder's OPTION_INVALID.
describe("an XclientError thrown by the caller's getter is refused as OPTION_INVALID, not passed on", () => {
  const foreign = () =>
    new XclientError({
      code: 'FORMAT_INVALID_INPUT',
      message: 'thrown by the caller',
      reply: { code: 250, text: 'ok' },
    });
  it.each<[string, unknown, unknown]>([
    [
      'a getter of options',
      [],
      {
        get parentDomainMatchesSubdomains(): boolean {
          throw foreign();
        },
      },
    ],
    [
      'a Proxy trap of patterns',
      new Proxy(['127.0.0.1'], {
        get: (target, key) => {
          if (key === '0') throw foreign();
          return Reflect.get(target, key);
        },
      }),
      undefined,
    ],
  ])('%s', (_label, patterns, options) => {
    const e = thrown(() => createHostMatcher(patterns as string[], options as undefined));
    expect(e).toMatchObject({ code: 'OPTION_INVALID', reply: { code: 421 } });
    expect((e as Error).message).toContain('thrown by the caller');
  });
});
