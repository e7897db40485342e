// Assertions written after reviewing Stryker's survivors for src/ip.ts (docs/mutation.md).
// Each one checks a documented verdict, normalized form, reason, position or matcher answer.
import { type Profile, validateAttribute } from 'smtp-xclient';
import { createHostMatcher } from 'smtp-xclient/server';
import { describe, expect, it } from 'vitest';

/** The ADDR value as the profile stores it, or the refusal as `reason@position`. The reply
 * echoes the value; Postfix shows ` <>()\";@` as `?` (its neuter()). */
function addr(value: string, profile: Profile): string {
  const r = validateAttribute('ADDR', value, { profile });
  if (r.ok) return String(r.value);
  const echo = profile === 'postfix' ? value.replace(/[ <>()\\";@]/g, '?') : value;
  expect(r.error).toMatchObject({
    code: 'ATTR_BAD_VALUE',
    attribute: 'ADDR',
    reply: { code: 501, enhanced: '5.5.4', text: `Bad ADDR syntax: ${echo}` },
  });
  expect(r.error.message.startsWith('ADDR: ')).toBe(true);
  return `${r.error.message.slice('ADDR: '.length)}@${r.error.position}`;
}

describe("'postfix' profile: a single colon at the start (valid_ipv6_hostaddr, ISALNUM)", () => {
  // Postfix refuses ":x" at the start when x is an ASCII letter or digit; any other character
  // is left to the later checks, which report it where it stands.
  it.each([
    ['IPV6::1', 'single colon at the start@5'],
    ['IPV6::A', 'single colon at the start@5'],
    ['IPV6::Z', 'single colon at the start@5'],
    ['IPV6::a', 'single colon at the start@5'],
    ['IPV6::z', 'single colon at the start@5'],
    ['IPV6::G', 'single colon at the start@5'],
    ['IPV6::g', 'single colon at the start@5'],
    ['IPV6::a:b:c', 'single colon at the start@5'],
    ['IPV6::@', 'invalid character@6'],
    ['IPV6::[', 'brackets not allowed@6'],
    ['IPV6::`', 'invalid character@6'],
    ['IPV6::{', 'invalid character@6'],
    ['IPV6::\u00e9', 'invalid character@6'],
    ['IPV6::%', 'zone identifier not allowed@6'],
    ['IPV6::.', 'IPv4 part after fewer than 2 or more than 6 colons@6'],
  ])('%j → %s', (value, expected) => {
    expect(addr(value, 'postfix')).toBe(expected);
  });
});

describe("'postfix' profile: the first error found from the left is the one reported", () => {
  it.each([
    // a group of 5 hex digits, whatever follows
    ['IPV6:12345', 'more than 4 hex digits in a group@5'],
    ['IPV6:1:12345', 'more than 4 hex digits in a group@7'],
    ['IPV6:12345:g', 'more than 4 hex digits in a group@5'],
    ['IPV6:1:abcde::1', 'more than 4 hex digits in a group@7'],
    // a second "::", whatever follows
    ['IPV6:1::2::g', 'more than one "::"@9'],
    ['IPV6:1::2::12345', 'more than one "::"@9'],
    ['IPV6:1::2::3:4:5:6:7:8', 'more than one "::"@9'],
    // more than 4 IPv4 parts: the fifth one is reported
    ['1.2.3.4.5', 'more than 4 IPv4 octets@8'],
    ['1.2.3.4.5.6', 'more than 4 IPv4 octets@8'],
    ['10.20.30.40.50.60.70', 'more than 4 IPv4 octets@12'],
  ])('%j → %s', (value, expected) => {
    expect(addr(value, 'postfix')).toBe(expected);
  });
});

describe("'strict' and 'lenient': a bad character inside an IPv6 address, where it stands", () => {
  it.each([
    ['IPv6:1::ab%eth0', 'zone identifier not allowed@10'],
    ['IPv6:fe80::1ff%eth0', 'zone identifier not allowed@14'],
    ['IPv6:1::abg', 'invalid character@10'],
    ['IPv6:1::ab]', 'brackets not allowed@10'],
    ['IPv6:1:2:3:4:5:6:7:g', 'invalid character@19'],
    ['IPv6:1:2:3:4:5:6:7:8/64', 'prefix length not allowed@20'],
    ['IPv6:1:2:3:4:5:6:7:88%x', 'zone identifier not allowed@21'],
  ])('%j → %s', (value, expected) => {
    expect(addr(value, 'strict')).toBe(expected);
    expect(addr(value, 'lenient')).toBe(expected);
  });

  it.each([
    ['fe80::ab%eth0', 'zone identifier not allowed@8'],
    ['1:2:3:4:5:6:7:g', 'invalid character@14'],
  ])('bare (lenient) %j → %s', (value, expected) => {
    expect(addr(value, 'lenient')).toBe(expected);
  });
});

describe("'strict' and 'lenient': RFC 5952 §5 mixed notation for ::ffff:0:0/96 only", () => {
  it.each([
    ['IPv6:::ffff:1.2.3.4', '::ffff:1.2.3.4'],
    ['IPv6:0:0:0:0:0:FFFF:0102:0304', '::ffff:1.2.3.4'],
    // ffff in the sixth group, but not after five zero groups: hex
    ['IPv6:1:2:3:4:5:ffff:1.2.3.4', '1:2:3:4:5:ffff:102:304'],
    ['IPv6:1::ffff:1.2.3.4', '1::ffff:102:304'],
    ['IPv6:::1:ffff:1.2.3.4', '::1:ffff:102:304'],
    ['IPv6:0:0:0:0:ffff:ffff:1.2.3.4', '::ffff:ffff:102:304'],
    ['IPv6:::ffff:ffff:1.2.3.4', '::ffff:ffff:102:304'],
    // five zero groups, then something else than ffff: hex
    ['IPv6:::fffe:1.2.3.4', '::fffe:102:304'],
    ['IPv6:::ff:1.2.3.4', '::ff:102:304'],
  ])('%j → %j', (value, normalized) => {
    expect(addr(value, 'strict')).toBe(normalized);
    expect(addr(value, 'lenient')).toBe(normalized);
  });
});

describe("'strict': 0.0.0.0/8 is refused inside ::ffff:0:0/96, and only there", () => {
  it.each([
    ['IPv6:::ffff:0.1.2.3', 'IPv4-mapped address in 0.0.0.0/8 ("this network" is no host)@5'],
    ['IPv6:::FFFF:0:1', 'IPv4-mapped address in 0.0.0.0/8 ("this network" is no host)@5'],
    ['IPv6:::ffff:0.0.0.0', '::ffff:0.0.0.0'],
    // not IPv4-mapped: a non-zero group before, or not ffff in both octets of group 6
    ['IPv6:1::ffff:0.1.2.3', '1::ffff:1:203'],
    ['IPv6:0:0:0:0:1:ffff:0.1.2.3', '::1:ffff:1:203'],
    ['IPv6:0:1:0:0:0:ffff:0.1.2.3', '0:1::ffff:1:203'],
    ['IPv6:::ff:0.1.2.3', '::ff:1:203'],
    ['IPv6:::ff00:0.1.2.3', '::ff00:1:203'],
    ['IPv6:::0.1.2.3', '::1:203'],
  ])('%j → %s', (value, expected) => {
    expect(addr(value, 'strict')).toBe(expected);
  });
});

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

describe("'strict' refuses all of 0.0.0.0/8, whichever octet is not zero", () => {
  it.each(['0.1.0.0', '0.0.1.0', '0.0.0.1', '0.255.255.255', 'IPV6:::ffff:0.0.1.0'])(
    '%s',
    (addr) => {
      const r = validateAttribute('ADDR', addr);
      expect(!r.ok && r.error.code).toBe('ATTR_BAD_VALUE');
    },
  );

  it('0.0.0.0 itself is the documented exception', () => {
    expect(validateAttribute('ADDR', '0.0.0.0').ok).toBe(true);
  });
});
