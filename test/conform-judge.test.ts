/**
 * The judge of `smtp-xclient conform` (src/cli/conform/judge.ts): differences() between a
 * prediction and a reply, and caseStatus() of a case from its lines.
 */
import { describe, expect, it } from 'vitest';
import { caseStatus, differences } from '../src/cli/conform/judge.js';
import type { LineResult, Observed, Predicted } from '../src/cli/conform/types.js';
import { type Reply, replyOctets } from '../src/index.js';

const predicted = (reply: Reply, closed = false): Predicted => ({
  reply,
  octets: replyOctets(reply),
  closed,
});
const observed = (reply: Reply, closed = false, octets = replyOctets(reply)): Observed => ({
  reply: { reply, octets },
  closed,
});
const NORMAL = { exact: false, setup: false, names: undefined };
const EXACT = { ...NORMAL, exact: true };
const SETUP = { ...NORMAL, setup: true };

const BAD_NAME: Reply = { code: 501, enhanced: '5.5.4', text: 'Bad NAME syntax: bad..name' };
const GREETING: Reply = { code: 220, text: 'mx.example ESMTP' };
const GOODBYE: Reply = {
  code: 221,
  enhanced: '2.7.0',
  text: 'Error: I can break rules, too. Goodbye.',
};
const ehlo = (...lines: string[]): Reply => ({ code: 250, text: ['mx.example', ...lines] });
const ALL_NINE = 'XCLIENT NAME ADDR PROTO HELO REVERSE_NAME PORT LOGIN DESTADDR DESTPORT';

describe('differences', () => {
  it.each([
    ['the same reply', BAD_NAME, observed(BAD_NAME), NORMAL, []],
    [
      'another text only (not --exact)',
      BAD_NAME,
      observed({ ...BAD_NAME, text: 'Error: Bad command parameter syntax' }),
      NORMAL,
      [],
    ],
    [
      'another text, --exact',
      BAD_NAME,
      observed({ ...BAD_NAME, text: 'Error: Bad command parameter syntax' }),
      EXACT,
      ['text'],
    ],
    ['no enhanced code', BAD_NAME, observed({ code: 501, text: 'x' }), NORMAL, ['enhanced']],
    [
      'another code of the same class',
      BAD_NAME,
      observed({ code: 500, enhanced: '5.5.4', text: 'x' }),
      NORMAL,
      ['code'],
    ],
    [
      'success instead of a refusal',
      BAD_NAME,
      observed(GREETING),
      NORMAL,
      ['code', 'enhanced', 'verdict'],
    ],
    [
      'no reply at all',
      BAD_NAME,
      { reply: undefined, closed: true, problem: 'closed' },
      NORMAL,
      ['reply'],
    ],
    [
      'a setup step: another code of the same class agrees',
      { code: 250, enhanced: '2.1.0', text: 'Ok' },
      observed({ code: 250, text: 'Accepted' }),
      SETUP,
      [],
    ],
    [
      'a setup step: another class differs',
      { code: 250, text: 'Ok' },
      observed(BAD_NAME),
      SETUP,
      ['code'],
    ],
  ] as const)('%s', (_, expected, actual, options, want) => {
    expect(differences(predicted(expected), actual, false, options)).toEqual(want);
  });

  it('tells a server that does not hang up when Postfix would (the verdict)', () => {
    expect(differences(predicted(GOODBYE, true), observed(GOODBYE, false), false, NORMAL)).toEqual([
      'verdict',
    ]);
    expect(differences(predicted(GOODBYE, true), observed(GOODBYE, true), false, NORMAL)).toEqual(
      [],
    );
  });

  it('compares octets with --exact: a reply that is not UTF-8 must come as Postfix sends it', () => {
    const reply: Reply = { code: 501, enhanced: '5.5.4', text: 'Bad NAME syntax: a\uFFFD' };
    const raw = new Uint8Array([...Buffer.from('501 5.5.4 Bad NAME syntax: a'), 0xff, 0x0d, 0x0a]);
    const want: Predicted = { reply, octets: raw, closed: false };
    expect(differences(want, observed(reply, false, raw), false, EXACT)).toEqual([]);
    expect(differences(want, observed(reply), false, EXACT)).toEqual(['text']);
  });

  it('compares EHLO keywords: announced or not, and the names when asked', () => {
    const want = predicted(ehlo('PIPELINING', ALL_NINE));
    const fewer = observed(ehlo('PIPELINING', 'XCLIENT NAME ADDR PORT PROTO HELO LOGIN'));
    const none = observed(ehlo('PIPELINING'));
    const reordered = observed(ehlo(ALL_NINE.replace('NAME ADDR', 'ADDR NAME'), 'PIPELINING'));
    expect(differences(want, fewer, true, NORMAL)).toEqual([]);
    expect(differences(want, fewer, true, { ...NORMAL, names: 'XCLIENT' as const })).toEqual([
      'keyword',
    ]);
    expect(differences(want, none, true, NORMAL)).toEqual(['keyword']);
    expect(differences(want, reordered, true, { ...NORMAL, names: 'XCLIENT' as const })).toEqual(
      [],
    );
    const xforward = predicted(ehlo(ALL_NINE, 'XFORWARD NAME ADDR PROTO HELO SOURCE PORT IDENT'));
    expect(differences(xforward, observed(ehlo(ALL_NINE)), true, NORMAL)).toEqual(['keyword']);
    const otherXclient = observed(
      ehlo('XCLIENT NAME ADDR', 'XFORWARD IDENT SOURCE PORT HELO PROTO ADDR NAME'),
    );
    expect(differences(xforward, otherXclient, true, { ...NORMAL, names: 'XFORWARD' })).toEqual([]);
  });
});

describe('caseStatus', () => {
  const line = (status: LineResult['status']): LineResult => ({
    sent: 'XCLIENT NAME=x',
    setup: false,
    expected: predicted(GREETING),
    actual: observed(GREETING),
    status,
    differences: status === 'differ' ? ['code'] : [],
  });
  const plain = { id: 'syntax.x', title: 'x', steps: ['XCLIENT NAME=x'] };
  const allowed = { ...plain, allowed: 'XCLIENT_README: "a choice"' };

  it.each([
    ['every line agrees', plain, ['agree', 'agree'], 'agree'],
    ['a line differs', plain, ['agree', 'differ'], 'differ'],
    ['a line differs where the document allows a choice', allowed, ['differ'], 'allowed'],
    ['an allowed case that agrees', allowed, ['agree'], 'agree'],
  ] as const)('%s', (_, c, statuses, want) => {
    expect(caseStatus(c, statuses.map(line))).toBe(want);
  });
});
