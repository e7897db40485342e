// The grammar engine reads and writes any dialect: a made-up command XDEMO with three
// attributes of its own goes through the same reader, profiles and writer as XCLIENT.
import { describe, expect, it } from 'vitest';
import { type AttributeSpec, defineDialect } from '../../src/dialects/dialect.js';
import { PROFILE_RULES } from '../../src/grammar/profiles.js';
import { readCommand } from '../../src/grammar/read.js';
import { planCommand } from '../../src/grammar/write.js';
import { isXclientError, UNAVAILABLE } from '../../src/index.js';

const attribute = (
  kind: AttributeSpec['kind'],
  place: AttributeSpec['place'],
  rank: number,
  extra: Partial<AttributeSpec> = {},
): AttributeSpec => ({
  description: `a ${kind}`,
  kind,
  specials: ['unavailable'],
  lenientSpecials: [],
  literalTempunavail: false,
  neutered: false,
  maxLength: 0,
  since: '0',
  place,
  rank,
  flag: `--${kind}`,
  ...extra,
});

/** XDEMO USER=text HOST=hostname SLOT=port: USER and HOST travel last, SLOT may go first. */
const XDEMO = defineDialect({
  verb: 'XDEMO',
  attributes: {
    HOST: attribute('hostname', 'final', 2, { maxLength: 255 }),
    USER: attribute('text', 'final', 1, { maxLength: 255 }),
    SLOT: attribute('port', 'early', 1),
  },
  extensionNames: ['COLOR'],
  extensionOwner: 'Demo',
});

/** A dialect whose attributes may go anywhere: long values pack into several commands. */
const XFREE = defineDialect({
  verb: 'XFREE',
  attributes: {
    A: attribute('text', 'any', 1),
    B: attribute('text', 'any', 2),
    C: attribute('text', 'any', 3),
  },
  extensionNames: [],
  extensionOwner: 'nobody',
});

const read = (line: string | Uint8Array, profile: keyof typeof PROFILE_RULES = 'strict') =>
  readCommand(XDEMO, line, PROFILE_RULES[profile]);

describe('a made-up dialect, XDEMO', () => {
  it('knows its names, in announcement and in send order', () => {
    expect(XDEMO.names).toEqual(['HOST', 'USER', 'SLOT']);
    expect(XDEMO.sendOrder).toEqual(['SLOT', 'USER', 'HOST']);
    expect(XDEMO.nameOf('slot')).toBe('SLOT');
    expect(XDEMO.nameOf('NAME')).toBeUndefined();
  });

  it.each(['strict', 'postfix', 'lenient'] as const)('parses its lines in %s', (profile) => {
    for (const line of [
      'xdemo USER=bob+20smith HOST=h.example SLOT=25',
      new TextEncoder().encode('XDEMO USER=bob+20smith HOST=h.example SLOT=25\r\n'),
    ]) {
      const r = read(line, profile);
      expect(r.ok, profile).toBe(true);
      if (!r.ok) return;
      expect(r.value.USER).toBe('bob smith');
      expect(r.value.HOST).toBe('h.example');
      expect(r.value.SLOT).toBe(25);
      expect(r.value.attributes.map((a) => [a.name, a.position])).toEqual([
        ['USER', 6],
        ['HOST', 23],
        ['SLOT', 38],
      ]);
    }
  });

  it('refuses another verb, and names that are not its own, with its verb in the reply', () => {
    const other = read('XCLIENT USER=bob');
    expect(other.ok || other.error.code).toBe('LINE_NOT_XCLIENT');
    const foreign = read('XDEMO NAME=x.example');
    expect(foreign.ok || [foreign.error.code, foreign.error.reply]).toEqual([
      'ATTR_UNKNOWN',
      { code: 501, enhanced: '5.5.4', text: 'Bad XDEMO attribute name: NAME' },
    ]);
    const none = read('XDEMO');
    expect(none.ok || none.error.reply.text).toBe('Syntax: XDEMO attribute=value...');
  });

  it('applies its value kinds and special values', () => {
    const bad = read('XDEMO HOST=bad..name', 'postfix');
    expect(bad.ok || bad.error.reply.text).toBe('Bad HOST syntax: bad..name');
    const port = read('XDEMO SLOT=99999', 'strict');
    expect(port.ok || port.error.code).toBe('ATTR_BAD_VALUE');
    expect(read('XDEMO SLOT=99999', 'postfix').ok).toBe(true);
    const special = read('XDEMO USER=[unavailable]');
    expect(special.ok && special.value.USER).toBe(UNAVAILABLE);
  });

  it("returns its extension attributes in 'lenient', with its owner's name", () => {
    const r = read('XDEMO COLOR=blue USER=x', 'lenient');
    expect(r.ok && r.value.extensions).toEqual([{ name: 'COLOR', raw: 'blue', position: 6 }]);
    expect(r.ok && r.warnings[0]?.message).toBe(
      "COLOR is a Demo extension attribute, not Postfix's",
    );
  });

  it('formats lines that read back, final attributes last', () => {
    const plan = planCommand(XDEMO, { HOST: 'h.example', USER: 'bob smith', SLOT: 25 });
    expect(plan).toEqual({ lines: ['XDEMO SLOT=25 USER=bob+20smith HOST=h.example'], omitted: [] });
    const back = read(plan.lines[0] as string);
    expect(back.ok && [back.value.HOST, back.value.USER, back.value.SLOT]).toEqual([
      'h.example',
      'bob smith',
      25,
    ]);
  });

  it('splits: the early attribute goes first when the final group fills the line', () => {
    const host = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(50)}`;
    const plan = planCommand(XDEMO, { HOST: host, USER: 'u'.repeat(250), SLOT: 25 });
    expect(plan.lines).toEqual(['XDEMO SLOT=25', `XDEMO USER=${'u'.repeat(250)} HOST=${host}`]);
  });

  it('refuses what it cannot send, with coded errors', () => {
    const attempt = (attributes: object, options = {}): readonly unknown[] => {
      try {
        planCommand(XDEMO, attributes, options);
      } catch (e) {
        return isXclientError(e) ? [e.code, e.reply.text] : [e];
      }
      return ['no error'];
    };
    expect(attempt({ NAME: 'x' })).toEqual([
      'FORMAT_INVALID_INPUT',
      'Syntax: XDEMO attribute=value...',
    ]);
    expect(attempt({ SLOT: 'x' })[0]).toBe('ATTR_BAD_VALUE');
    expect(attempt({ SLOT: 25 }, { announced: ['USER'] })[0]).toBe('FORMAT_NOT_ANNOUNCED');
    expect(
      planCommand(XDEMO, { SLOT: 25, USER: 'u' }, { announced: ['user'], unannounced: 'omit' }),
    ).toEqual({
      lines: ['XDEMO USER=u'],
      omitted: ['SLOT'],
    });
  });
});

describe("a dialect whose attributes may go anywhere ('any')", () => {
  it('packs them in order into as few commands as fit', () => {
    const v = (c: string) => c.repeat(200);
    const plan = planCommand(XFREE, { A: v('a'), B: v('b'), C: v('c') });
    expect(plan.lines).toEqual([`XFREE A=${v('a')} B=${v('b')}`, `XFREE C=${v('c')}`]);
    expect(plan.lines.every((l) => l.length <= 510)).toBe(true);
  });

  it('sends a short set in one command', () => {
    expect(planCommand(XFREE, { C: 'c', A: 'a' }).lines).toEqual(['XFREE A=a C=c']);
  });
});
