// The value kinds XFORWARD brought to the engine: a word (XFORWARD_README Note 1) and a
// source (LOCAL or REMOTE), read by each profile's value rules; and the order in which
// Postfix neuters and checks: names and addresses neutered first, free text checked first.
import { describe, expect, it } from 'vitest';
import type { AttributeSpec } from '../../src/dialects/dialect.js';
import { PROFILE_RULES } from '../../src/grammar/profiles.js';
import { validateValue } from '../../src/values/kinds.js';

const spec = (kind: AttributeSpec['kind'], extra: Partial<AttributeSpec> = {}): AttributeSpec => ({
  description: kind,
  kind,
  specials: ['unavailable'],
  lenientSpecials: [],
  literalTempunavail: true,
  neutered: true,
  maxLength: 0,
  since: '0',
  place: 'any',
  rank: 1,
  flag: `--${kind}`,
  ...extra,
});

const check = (
  kind: AttributeSpec['kind'],
  value: string,
  profile: keyof typeof PROFILE_RULES,
  extra: Partial<AttributeSpec> = {},
) => validateValue('X', spec(kind, extra), value, PROFILE_RULES[profile].values);

describe('the word kind', () => {
  it.each(['ESMTP', 'a.b-c_d', '[192.0.2.1]', 'x=y,z?', '!#$%&*+/'])('takes %s everywhere', (v) => {
    for (const profile of ['strict', 'postfix', 'lenient'] as const) {
      expect(check('word', v, profile)).toEqual({ ok: true, value: v, text: v, warnings: [] });
    }
  });

  it.each([
    ['a b', 1],
    ['a<b', 1],
    ['(x)', 0],
    ['a;b', 1],
    ['a@b', 1],
    ['a"b', 1],
    ['a\\b', 1],
    ['é', 0],
  ])("'strict' refuses %s at %i, 'lenient' warns, 'postfix' neuters", (value, at) => {
    const strict = check('word', value, 'strict');
    expect(
      strict.ok || [strict.error.code, strict.error.position, strict.error.reply.text],
    ).toEqual(['ATTR_BAD_VALUE', at, `Bad X syntax: ${value}`]);
    const lenient = check('word', value, 'lenient');
    expect(lenient.ok && lenient.warnings.map((w) => [w.code, w.position])).toEqual([
      ['ATTR_WORD_CHAR', at],
    ]);
    const postfix = check('word', value, 'postfix');
    expect(postfix.ok && postfix.value).toBe(value.replace(/[ <>()\\";@]/g, '?'));
  });

  it('checks its length before Postfix neuters it: the refusal echoes the value as sent', () => {
    const long = `${'P'.repeat(64)}<`;
    const r = check('word', long, 'postfix', { maxLength: 64 });
    expect(r.ok || [r.error.code, r.error.position, r.error.reply.text]).toEqual([
      'ATTR_TOO_LONG',
      64,
      `Bad X syntax: ${long}`,
    ]);
    expect(check('word', `${'P'.repeat(63)}<`, 'postfix', { maxLength: 64 })).toMatchObject({
      ok: true,
      value: `${'P'.repeat(63)}?`,
    });
    const lenient = check('word', 'P'.repeat(65), 'lenient', { maxLength: 64 });
    expect(lenient.ok && lenient.warnings.map((w) => w.code)).toEqual(['ATTR_LONG_VALUE']);
    const strict = check('word', 'P'.repeat(65), 'strict', { maxLength: 64 });
    expect(strict.ok || strict.error.code).toBe('ATTR_TOO_LONG');
  });

  it('a host name is neutered before it is checked: the refusal echoes it neutered', () => {
    const r = check('hostname', 'a<b.example', 'postfix');
    expect(r.ok || r.error.reply.text).toBe('Bad X syntax: a?b.example');
  });
});

describe('the source kind', () => {
  it.each([
    ['LOCAL', 'LOCAL'],
    ['local', 'LOCAL'],
    ['Remote', 'REMOTE'],
  ])('takes %s as %s', (value, typed) => {
    for (const profile of ['strict', 'postfix', 'lenient'] as const) {
      expect(check('source', value, profile, { neutered: false })).toMatchObject({
        ok: true,
        value: typed,
      });
    }
  });

  it.each(['elsewhere', 'LOCAL ', 'LOCALX', 'x<y'])('refuses %j, echoed as sent', (value) => {
    const r = check('source', value, 'postfix', { neutered: false });
    expect(r.ok || [r.error.code, r.error.reply.text]).toEqual([
      'ATTR_BAD_VALUE',
      `Bad X syntax: ${value}`,
    ]);
  });
});
