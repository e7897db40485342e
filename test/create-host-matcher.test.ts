// createHostMatcher: what it refuses with a coded error rather than a TypeError (the patterns
// themselves are tested in test/ip.test.ts and test/create-xclient-session.test.ts).
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
  ])('%s matches nothing and does not throw', (_label, client) => {
    expect(match(client as HostMatcherClient)).toBe(false);
  });
});
