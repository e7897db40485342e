// The two identities of a session after XCLIENT: `client`, in effect for the next
// authorization (a failed XCLIENT leaves the attributes before the failing one), and
// `loggedClient`, the name[addr]:port Postfix logs, which only a successful XCLIENT carrying
// NAME, ADDR or PORT rebuilds (docs/spec/postfix.md §8.1). The recorded sessions of
// test/vectors/postfix-3.7.11-sequences.jsonl check both against Postfix's log.
import {
  applyCommand,
  applyXclient,
  createXclientSession,
  formatClientLabel,
  type XclientSession,
} from 'smtp-xclient/server';
import { describe, expect, it } from 'vitest';

const s0 = createXclientSession({
  client: { ADDR: '127.0.0.1', NAME: 'localhost', PORT: 40000 },
  authorizedHosts: ['127.0.0.0/8'],
});
const run = (...lines: string[]): XclientSession =>
  lines.reduce((s, line) => applyXclient(s, line, { profile: 'postfix' }).session, s0);

describe('loggedClient', () => {
  it('starts as the real client', () => {
    expect(s0.loggedClient).toBe('localhost[127.0.0.1]:40000');
    expect(s0.portText).toBe('40000');
    expect(createXclientSession().loggedClient).toBe('unknown[unknown]:unknown');
  });

  it.each([
    // [lines, logged, in effect]
    [
      ['XCLIENT NAME=a.example FOO=bar'],
      'localhost[127.0.0.1]:40000',
      'a.example[127.0.0.1]:40000',
    ],
    [
      ['XCLIENT NAME=a.example FOO=bar', 'XCLIENT HELO=h.example'],
      'localhost[127.0.0.1]:40000',
      'a.example[127.0.0.1]:40000',
    ],
    [
      ['XCLIENT NAME=a.example FOO=bar', 'XCLIENT HELO=h.example', 'XCLIENT PORT=1'],
      'a.example[127.0.0.1]:1',
      'a.example[127.0.0.1]:1',
    ],
    [
      ['XCLIENT ADDR=127.0.0.9 PORT=77 FOO=bar', 'XCLIENT LOGIN=joe', 'XCLIENT NAME=[UNAVAILABLE]'],
      'unknown[127.0.0.9]:77',
      'unknown[127.0.0.9]:77',
    ],
    [['XCLIENT PORT=00025'], 'localhost[127.0.0.1]:00025', 'localhost[127.0.0.1]:25'],
    [
      ['XCLIENT PORT=00025', 'XCLIENT NAME=b.example PORT=x', 'XCLIENT DESTPORT=1'],
      'localhost[127.0.0.1]:00025',
      'b.example[127.0.0.1]:25',
    ],
    [
      ['XCLIENT PORT=00025', 'XCLIENT NAME=b.example PORT=x', 'XCLIENT ADDR=127.0.0.2'],
      'b.example[127.0.0.2]:00025',
      'b.example[127.0.0.2]:25',
    ],
    [
      ['XCLIENT PORT=[UNAVAILABLE] FOO=bar', 'XCLIENT ADDR=127.0.0.3'],
      'localhost[127.0.0.3]:unknown',
      'localhost[127.0.0.3]:unknown',
    ],
    [
      ['XCLIENT REVERSE_NAME=r.example DESTADDR=127.0.0.9'],
      'localhost[127.0.0.1]:40000',
      'localhost[127.0.0.1]:40000',
    ],
  ])('%j', (lines, logged, inEffect) => {
    const s = run(...lines);
    expect(s.loggedClient).toBe(logged);
    expect(formatClientLabel(s)).toBe(logged);
    expect(formatClientLabel(s.client)).toBe(inEffect);
  });

  it('a failed XCLIENT moves authorization, not the label: the next success uses both', () => {
    const s = run('XCLIENT ADDR=192.0.2.1 FOO=bar');
    expect(s.loggedClient).toBe('localhost[127.0.0.1]:40000');
    expect(s.authorization).toBe('granted'); // not re-evaluated yet
    const next = applyXclient(s, 'XCLIENT HELO=h.example', { profile: 'postfix' }).session;
    expect(next.loggedClient).toBe('localhost[127.0.0.1]:40000'); // no NAME, ADDR or PORT
    expect(next.authorization).toBe('denied'); // evaluated with 192.0.2.1
  });

  it('is not changed by the other commands', () => {
    const s = applyCommand(run('XCLIENT NAME=c.example'), { verb: 'EHLO', name: 'x' }).session;
    expect(s.loggedClient).toBe('c.example[127.0.0.1]:40000');
    expect(applyCommand(s, { verb: 'MAIL' }).session.loggedClient).toBe(s.loggedClient);
  });

  it("'strict' applies nothing on failure: the two stay equal", () => {
    const s = applyXclient(s0, 'XCLIENT NAME=a.example FOO=bar').session;
    expect(formatClientLabel(s.client)).toBe(s.loggedClient);
  });
});
