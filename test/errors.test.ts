// XclientError and isXclientError: the one error type of the library, and how parsers build it.
import { isXclientError, parseXclient, validateAttribute, XclientError } from 'smtp-xclient';
import { describe, expect, it } from 'vitest';

const BRAND = Symbol.for('smtp-xclient.XclientError');
const syntax = (text: string) => ({ code: 501, enhanced: '5.5.4', text });

describe('XclientError', () => {
  describe('has position and attribute only when they are known', () => {
    it('an error made without them has no such own properties', () => {
      const e = new XclientError({
        code: 'ATTR_BAD_VALUE',
        message: 'NAME: empty label',
        reply: syntax('Bad NAME syntax: x..y'),
      });
      expect(Object.hasOwn(e, 'position')).toBe(false);
      expect(Object.hasOwn(e, 'attribute')).toBe(false);
    });

    it('an error made with position 0 keeps it', () => {
      const at0 = new XclientError({
        code: 'ATTR_BAD_VALUE',
        message: 'NAME: empty label',
        reply: syntax('Bad NAME syntax: x..y'),
        position: 0,
        attribute: 'NAME',
      });
      expect(at0).toMatchObject({ position: 0, attribute: 'NAME' });
    });

    it('a parser error has its name, and position and attribute only when known', () => {
      const r = parseXclient('XCLIENT');
      expect(!r.ok && r.error.name).toBe('XclientError');
      expect(!r.ok && Object.hasOwn(r.error, 'attribute')).toBe(false);
      const a = parseXclient('XCLIENT NAME=a..b');
      expect(!a.ok && a.error).toMatchObject({ attribute: 'NAME', position: 13 });
    });
  });

  describe('parsers and Error.stackTraceLimit', () => {
    it('parsers leave Error.stackTraceLimit as they found it', () => {
      const before = Error.stackTraceLimit;
      expect(parseXclient('XCLIENT NAME=a..b').ok).toBe(false);
      expect(Error.stackTraceLimit).toBe(before);
    });

    it('parsers restore a changed Error.stackTraceLimit after each refusal', () => {
      const before = Error.stackTraceLimit;
      try {
        Error.stackTraceLimit = 7;
        expect(validateAttribute('NAME', 'a..b').ok).toBe(false);
        expect(Error.stackTraceLimit).toBe(7);
        expect(parseXclient('XCLIENT NAME=a..b').ok).toBe(false);
        expect(Error.stackTraceLimit).toBe(7);
      } finally {
        Error.stackTraceLimit = before;
      }
    });

    it('parsers still return their error where Error.stackTraceLimit is frozen', () => {
      const descriptor = Object.getOwnPropertyDescriptor(Error, 'stackTraceLimit');
      Object.defineProperty(Error, 'stackTraceLimit', {
        value: 10,
        writable: false,
        configurable: true,
      });
      try {
        const r = parseXclient('XCLIENT NAME=a..b');
        expect(r.ok).toBe(false);
        if (!r.ok) {
          expect(isXclientError(r.error)).toBe(true);
          expect(r.error.code).toBe('ATTR_BAD_VALUE');
          expect(r.error.reply.text).toBe('Bad NAME syntax: a..b');
        }
        expect(Error.stackTraceLimit).toBe(10);
      } finally {
        if (descriptor !== undefined) Object.defineProperty(Error, 'stackTraceLimit', descriptor);
      }
    });
  });
});

describe('isXclientError', () => {
  it('is true for errors of any copy of the library, false for everything else', () => {
    const r = parseXclient('XCLIENT');
    expect(!r.ok && isXclientError(r.error)).toBe(true);
    expect(isXclientError({ [BRAND]: true })).toBe(true); // another copy's error
    for (const v of [null, undefined, 0, 'XclientError', {}, [], new Error('x'), { [BRAND]: 1 }]) {
      expect(isXclientError(v)).toBe(false);
    }
    // only objects: a function carrying the brand is not an error
    expect(isXclientError(Object.assign(() => 0, { [BRAND]: true }))).toBe(false);
  });
});
