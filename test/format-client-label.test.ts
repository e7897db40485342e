// formatClientLabel: the client as Postfix logs it, name[addr]:port.
import { isXclientError, TEMPUNAVAIL } from 'smtp-xclient';
import { createXclientSession, formatClientLabel } from 'smtp-xclient/server';
import { describe, expect, it } from 'vitest';
import { withPollutedPrototype } from './helpers/pollute.js';
import { authorized } from './helpers/session.js';
import { thrown } from './helpers/thrown.js';

describe('formatClientLabel', () => {
  it('writes name[addr]:port with unknown for the markers', () => {
    expect(formatClientLabel(authorized().client)).toBe('localhost[127.0.0.1]:40000');
    expect(formatClientLabel(createXclientSession({ client: { NAME: TEMPUNAVAIL } }).client)).toBe(
      'unknown[unknown]:unknown',
    );
  });
});

describe('an identity given by hand (issue 21, found by a new user)', () => {
  it.each([
    // Postfix holds an IPv4-mapped client as IPv4 and logs a port it does not know as unknown.
    [{ NAME: 'localhost', ADDR: '::ffff:127.0.0.1' }, 'localhost[127.0.0.1]:unknown'],
    [{ NAME: 'localhost', ADDR: '127.0.0.1' }, 'localhost[127.0.0.1]:unknown'],
    [{ ADDR: 'fe80::1%eth0', PORT: 25 }, 'unknown[fe80::1]:25'],
    [{}, 'unknown[unknown]:unknown'],
    // values no identity holds are unknown too, never their String() text
    [{ NAME: {}, ADDR: true, PORT: null }, 'unknown[unknown]:unknown'],
    [{ NAME: ['a'], ADDR: ['127.0.0.1'], PORT: [25] }, 'unknown[unknown]:unknown'],
  ])('formatClientLabel(%j) is %s: no "undefined", no IPv4-mapped form', (identity, label) => {
    expect(formatClientLabel(identity as never)).toBe(label);
  });

  it('reads own properties only', () => {
    const label = withPollutedPrototype({ NAME: 'evil.example', loggedClient: 'evil' }, () =>
      formatClientLabel({ ADDR: '192.0.2.1' }),
    );
    expect(label).toBe('unknown[192.0.2.1]:unknown');
  });
});

describe('refuses what is no session and no identity: OPTION_INVALID', () => {
  it.each<[string, unknown]>([
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['a string', 'localhost[127.0.0.1]:25'],
  ])('formatClientLabel(%s), with a message naming the function', (_label, value) => {
    const error = thrown(() => formatClientLabel(value as never));
    expect(isXclientError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'OPTION_INVALID' });
    expect((error as Error).message).toContain('formatClientLabel');
  });
});
