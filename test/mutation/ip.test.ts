import { createHostMatcher } from 'smtp-xclient/server';
import { describe, expect, it } from 'vitest';

// ---------------------------------------------------------------------------------------
// createHostMatcher

describe('createHostMatcher: an IPv4 pattern matches IPv4-mapped clients only', () => {
  const allowed = createHostMatcher(['192.0.2.0/24']);
  it.each([
    ['192.0.2.7', true],
    ['::ffff:192.0.2.7', true],
    ['IPv6:::FFFF:c000:207', true],
    ['0:0:0:0:0:ffff:c000:207', true],
    ['198.51.100.7', false],
    ['::ffff:198.51.100.7', false],
    ['::192.0.2.7', false], // IPv4-compatible, not mapped
    ['1::ffff:192.0.2.7', false],
    ['0:0:0:0:1:ffff:192.0.2.7', false],
    ['::ff:192.0.2.7', false],
    ['::ff00:192.0.2.7', false],
    ['::fffe:192.0.2.7', false],
    ['2001:db8::c000:207', false],
    ['IPv6:2001:db8::192.0.2.7', false],
  ])('%s → %s', (client, expected) => {
    expect(allowed({ addr: client })).toBe(expected);
  });
});

describe('createHostMatcher: IPv6 patterns that start with a colon', () => {
  it.each([
    [['::1'], '::1', true],
    [['::1'], 'IPv6:::1', true],
    [['::1'], '0:0:0:0:0:0:0:1', true],
    [['::1'], '::2', false],
    [['::1'], '127.0.0.1', false],
    [['::/0'], '2001:db8::1', true],
    [['::/0'], '192.0.2.1', false],
    [['!::1', '::/0'], '::1', false],
    [['!::1', '::/0'], '::2', true],
  ])('%j, client %s → %s', (patterns, client, expected) => {
    expect(createHostMatcher(patterns)({ addr: client })).toBe(expected);
  });
});

describe('createHostMatcher: refused patterns, with the reason', () => {
  it.each([
    ['/32', 'not an IPv4 or IPv6 address'],
    ['/0', 'not an IPv4 or IPv6 address'],
    ['[1]', 'not an IPv4 or IPv6 address'],
    ['[:]', 'not an IPv4 or IPv6 address'],
    ['[]', 'unbalanced "["'],
    ['[::1', 'unbalanced "["'],
    ['10.0.0.0/1.', 'prefix length is not 0–32'],
    ['10.0.0.0/8 ', 'prefix length is not 0–32'],
    ['0.0.0.0/-', 'prefix length is not 0–32'],
    ['0.0.0.0/+0', 'prefix length is not 0–32'],
    ['::/1.', 'prefix length is not 0–128'],
    ['::/', 'prefix length is not 0–128'],
  ])('%j: %s', (pattern, why) => {
    expect(() => createHostMatcher([pattern])).toThrowError(
      expect.objectContaining({
        code: 'OPTION_INVALID',
        message: `invalid authorized XCLIENT host pattern ${JSON.stringify(pattern)}: ${why}`,
        reply: { code: 421, enhanced: '4.3.0', text: 'Server local data error' },
      }),
    );
  });

  it.each([
    ['[::]', '::1', false],
    ['[::]', '::', true],
    ['[1.2.3.4]', '1.2.3.4', true],
    ['10.0.0.0/8', '10.255.0.1', true],
    ['::/1', '7fff::1', true],
    ['::/1', '8000::1', false],
  ])('accepts %j (client %s → %s)', (pattern, client, expected) => {
    expect(createHostMatcher([pattern])({ addr: client })).toBe(expected);
  });
});

describe('createHostMatcher: domain patterns', () => {
  it.each([
    // ".domain": strictly below the domain, at a dot
    [['.example.com'], {}, 'a.example.com', true],
    [['.example.com'], {}, 'A.B.EXAMPLE.COM', true],
    [['.example.com'], {}, 'example.com', false],
    [['.example.com'], {}, 'badexample.com', false],
    [['.example.com'], {}, 'b-example.com', false],
    [['.example.com'], { parentDomainMatchesSubdomains: true }, 'badexample.com', false],
    // "domain": itself, and its subdomains only with parentDomainMatchesSubdomains
    [['example.com'], undefined, 'EXAMPLE.com', true],
    [['example.com'], undefined, 'mx.example.com', false],
    [['example.com'], {}, 'mx.example.com', false],
    [['example.com'], { parentDomainMatchesSubdomains: false }, 'mx.example.com', false],
    [['example.com'], { parentDomainMatchesSubdomains: true }, 'mx.example.com', true],
    [['example.com'], { parentDomainMatchesSubdomains: true }, 'xexample.com', false],
    // a client name "unknown" (any case) matches no name pattern, not even "unknown"
    [['unknown'], {}, 'unknown', false],
    [['unknown'], {}, 'UNKNOWN', false],
    [['unknown'], { parentDomainMatchesSubdomains: true }, 'Unknown', false],
    [['unknown'], {}, 'x.unknown', false],
    [['unknown'], { parentDomainMatchesSubdomains: true }, 'x.unknown', true],
    [['!unknown', '0.0.0.0/0'], {}, 'unknown', true],
    [['!unknown', '0.0.0.0/0'], {}, 'UNKNOWN', true],
  ] as const)('%j %j, name %s → %s', (patterns, options, name, expected) => {
    const matcher = createHostMatcher(patterns, options);
    expect(matcher({ addr: '192.0.2.1', name })).toBe(expected);
  });
});
