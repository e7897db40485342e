// replyOctets: the octets to send for a reply, exact where Postfix echoes octets that are not
// UTF-8 (docs/spec/postfix.md §2 step d); the recorded corpus checks it against Postfix in
// test/postfix-edges.test.ts.
import {
  formatReply,
  parseXclient,
  REPLIES,
  type Reply,
  replyOctets,
  validateAttribute,
} from 'smtp-xclient';
import { applyXclient, createXclientSession } from 'smtp-xclient/server';
import { describe, expect, it } from 'vitest';
import { fc, test } from './helpers/fc.js';

const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));
const refused = (line: string): Reply => {
  const r = parseXclient(bytes(line), { profile: 'postfix' });
  if (r.ok) throw new Error(`${line} was accepted`);
  return r.error.reply;
};

describe('replyOctets', () => {
  it('is the UTF-8 of formatReply for an ordinary reply', () => {
    for (const reply of [
      REPLIES.unauthorized,
      REPLIES.greeting('mx.example ESMTP'),
      { code: 250, text: ['a', 'b'] },
      { code: 250, enhanced: '2.0.0', text: 'héllo' },
      { code: 220, text: '' },
    ] satisfies Reply[]) {
      expect(replyOctets(reply)).toEqual(new TextEncoder().encode(formatReply(reply)));
    }
  });

  it.each([
    ['XCLIENT NAME=a+E0+80+80', '501 5.5.4 Bad NAME syntax: a\xe0\x80\x80\r\n'],
    ['XCLIENT NAME=a+FE+80', '501 5.5.4 Bad NAME syntax: a\xfe\x80\r\n'],
    ['XCLIENT PORT=1+ED+A0+80', '501 5.5.4 Bad PORT syntax: 1\xed\xa0\x80\r\n'],
    ['XCLIENT NAME=a+C3+80+80+80', '501 5.5.4 Bad NAME syntax: a\xc3\x80\x80\x80\r\n'],
    // printable() masks what it does not take for UTF-8; ADDR is neutered as well
    ['XCLIENT NAME=a+C0+80', '501 5.5.4 Bad NAME syntax: a??\r\n'],
    ['XCLIENT ADDR=1<+E0+80+80>', '501 5.5.4 Bad ADDR syntax: 1?\xe0\x80\x80?\r\n'],
  ])('%s: Postfix echoes the octets printable() keeps', (line, wire) => {
    const reply = refused(line);
    expect(replyOctets(reply)).toEqual(bytes(wire));
    // The text is what a UTF-8 reader of those octets sees.
    expect(reply.text).toBe(Buffer.from(wire.slice(10, -2), 'latin1').toString('utf8'));
  });

  it('keeps the octets through applyXclient and leaves the reply comparable and plain', () => {
    const s = createXclientSession({
      client: { ADDR: '127.0.0.1' },
      authorizedHosts: ['127.0.0.0/8'],
    });
    const { reply } = applyXclient(s, 'XCLIENT NAME=a+E0+80+80', { profile: 'postfix' });
    expect(replyOctets(reply).subarray(-6)).toEqual(
      new Uint8Array([0x61, 0xe0, 0x80, 0x80, 13, 10]),
    );
    expect(reply).toEqual({
      code: 501,
      enhanced: '5.5.4',
      text: 'Bad NAME syntax: a\uFFFD\uFFFD\uFFFD',
    });
    expect(Object.keys(reply)).toEqual(['code', 'enhanced', 'text']);
    expect(JSON.parse(JSON.stringify(reply))).toEqual(reply);
    expect(Object.isFrozen(reply)).toBe(true);
  });

  it('falls back to the text when the reply was copied or changed', () => {
    const reply = refused('XCLIENT NAME=a+E0+80+80');
    const copy = { ...reply };
    expect(replyOctets(copy)).toEqual(new TextEncoder().encode(formatReply(copy)));
    const changed = { ...reply, text: 'Bad NAME syntax: b' };
    expect(replyOctets(changed)).toEqual(new TextEncoder().encode(formatReply(changed)));
  });

  it('falls back to the text when a copy that kept the octets got another text', () => {
    // A copy made from the property descriptors keeps the hidden octets (a spread does not).
    const reply = refused('XCLIENT NAME=a+E0+80+80');
    const changed = Object.defineProperties({} as Reply, {
      ...Object.getOwnPropertyDescriptors(reply),
      text: { value: 'Bad NAME syntax: b', enumerable: true },
    });
    expect(replyOctets(changed)).toEqual(bytes('501 5.5.4 Bad NAME syntax: b\r\n'));
    const same = Object.defineProperties({} as Reply, Object.getOwnPropertyDescriptors(reply));
    expect(replyOctets(same)).toEqual(bytes('501 5.5.4 Bad NAME syntax: a\xe0\x80\x80\r\n'));
  });

  it('refuses what formatReply refuses', () => {
    expect(() => replyOctets({ code: 250, text: 'a\r\nb' })).toThrow(/CR inside a reply line/);
    expect(() => replyOctets({ code: 600, text: 'x' })).toThrow(/reply code 600/);
  });

  it("'strict' refuses those values instead of echoing them", () => {
    expect(validateAttribute('NAME', '\uFFFD').ok).toBe(false);
    const r = parseXclient(bytes('XCLIENT NAME=a+E0+80+80'));
    expect(!r.ok && r.error.code).toBe('XTEXT_INVALID_UTF8');
  });

  test.prop([fc.uint8Array({ minLength: 1, maxLength: 12 })])(
    'the text is always what a UTF-8 reader sees in the octets sent',
    (value) => {
      const escaped = [...value].map((b) => `+${b.toString(16).padStart(2, '0')}`).join('');
      const r = parseXclient(`XCLIENT PORT=x${escaped}`, { profile: 'postfix' });
      if (r.ok) return;
      const octets = replyOctets(r.error.reply);
      expect(new TextDecoder().decode(octets.subarray(10, -2))).toBe(r.error.reply.text);
    },
  );
});
