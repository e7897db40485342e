// Issue #21, item 2: with a polluted Object.prototype (a library elsewhere in the app sets
// Object.prototype.profile or .NAME), the core reads only own properties: every result is
// the one an unpolluted process gives, a name that was not sent reads as undefined, and no
// emitted line carries CR, LF or NUL. The pollution happens inside one synchronous block
// and is removed in `finally`, before any assertion runs.
import { describe, expect, it } from 'vitest';
import { validateAttribute } from '../src/attributes.js';
import { formatXclient, parseXclient, planXclient } from '../src/command.js';
import { formatXclientKeyword, parseXclientKeyword } from '../src/keyword.js';
import { formatReply, parseReply, replyOctets } from '../src/reply.js';
import { formatXforward, parseXforward } from '../src/xforward.js';
import { decodeXtext } from '../src/xtext/decode.js';
import { encodeXtext } from '../src/xtext/encode.js';
import { sparse } from './helpers/hostile.js';

const EVIL = 'evil\r\nRCPT TO:<victim@example.com>';

/** What a polluting library adds to Object.prototype and Array.prototype. */
const POLLUTION: Readonly<Record<string, unknown>> = {
  profile: 'lenient',
  unannounced: 'omit',
  announced: ['NAME'],
  tokenSafe: false,
  NAME: EVIL,
  ADDR: '127.0.0.1',
  LOGIN: EVIL,
  HELO: EVIL,
  IDENT: EVIL,
  kind: 'unavailable',
  code: 250,
  enhanced: '2.0.0',
  text: EVIL,
  attributes: [],
  // Names of the library's own internal fields: none of them may be read from a prototype.
  ok: false,
  position: 7,
  attribute: 'NAME',
  bare: true,
  reason: 'evil',
  message: EVIL,
  fallback: true,
  warnings: [EVIL],
  error: EVIL,
  partial: [],
  value: EVIL,
  source: 7,
  octets: new Uint8Array([0x0d, 0x0a]),
  nul: 0,
  masked: true,
};

/** Runs `f` with the prototypes polluted, and removes the pollution whatever happens. */
function polluted<T>(f: () => T): T {
  const objectKeys = Object.keys(POLLUTION);
  for (const key of objectKeys) {
    Object.defineProperty(Object.prototype, key, {
      value: POLLUTION[key],
      configurable: true,
      writable: true,
    });
  }
  // Indices on Array.prototype: a hole reads them. (Writable, as an assignment makes them: a
  // read-only index makes every push past it throw, in Node's own console.log too.)
  Object.defineProperty(Array.prototype, 0, { value: EVIL, configurable: true, writable: true });
  Object.defineProperty(Array.prototype, 3, {
    value: ['EVIL'],
    configurable: true,
    writable: true,
  });
  try {
    return f();
  } finally {
    for (const key of objectKeys) delete (Object.prototype as Record<string, unknown>)[key];
    delete (Array.prototype as unknown as Record<number, unknown>)[0];
    delete (Array.prototype as unknown as Record<number, unknown>)[3];
  }
}

/** What each call gives (its value, or its error's code), in a form that compares. */
const outcome = (f: () => unknown): unknown => {
  try {
    return JSON.parse(JSON.stringify({ value: f() }));
  } catch (e) {
    return { thrown: (e as { code?: unknown }).code ?? String(e) };
  }
};

const CALLS: readonly (readonly [string, () => unknown])[] = [
  ['parseXclient, fast path', () => parseXclient('XCLIENT ADDR=192.0.2.1')],
  ['parseXclient, the reader', () => parseXclient('XCLIENT ADDR=192.0.2.1 PORT=25  ')],
  ['parseXclient, options {}', () => parseXclient('XCLIENT NAME=a+20b', {})],
  [
    "parseXclient, an IPv6 ADDR with its prefix in 'lenient' (no inherited bare: no warning)",
    () => parseXclient('XCLIENT ADDR=IPV6:2001:db8::1 PORT=25', { profile: 'lenient' }),
  ],
  ['parseXforward', () => parseXforward('XFORWARD ADDR=192.0.2.1')],
  ['decodeXtext', () => decodeXtext('a+2b', {})],
  ['validateAttribute', () => validateAttribute('PORT', '0025', {})],
  ['formatXclient', () => formatXclient({ ADDR: '192.0.2.1', PORT: 25 }, {})],
  ['planXclient', () => planXclient({ ADDR: '192.0.2.1', PORT: 25 }, {})],
  [
    'formatXclient, announced with a hole',
    () => formatXclient({ NAME: 'a.example' }, { announced: sparse(2, { 1: 'NAME' }) as string[] }),
  ],
  ['formatXforward', () => formatXforward({ ADDR: '192.0.2.1' })],
  ['encodeXtext', () => encodeXtext('a"b', {})],
  ['formatReply', () => formatReply({ code: 220, text: ['a', 'b'] } as never)],
  ['formatReply, no text', () => formatReply({ code: 220 } as never)],
  ['replyOctets', () => Array.from(replyOctets({ code: 220, text: 'x' }))],
  ['parseReply', () => parseReply(['250-a', '250 b'])],
  ['parseReply, a hole', () => parseReply(sparse(2, { 1: '250 ok' }) as string[])],
  ['parseXclientKeyword', () => parseXclientKeyword('XCLIENT NAME ADDR')],
  ['formatXclientKeyword', () => formatXclientKeyword(['addr', 'login'])],
  [
    'formatXclientKeyword, a hole',
    () => formatXclientKeyword(sparse(2, { 1: 'NAME' }) as string[]),
  ],
];

describe('a polluted Object.prototype changes nothing the core returns', () => {
  const clean = CALLS.map(([, f]) => outcome(f));
  const dirty = polluted(() => CALLS.map(([, f]) => outcome(f)));

  it.each(CALLS.map(([name], i) => [name, i] as const))('%s', (_name, i) => {
    expect(dirty[i]).toStrictEqual(clean[i]);
  });

  it('a hole in announced is refused, not read from Array.prototype', () => {
    const announced = sparse(2, { 1: 'NAME' }) as string[];
    const error = polluted(() =>
      outcome(() => formatXclient({ NAME: 'a.example' }, { announced })),
    );
    expect(error).toStrictEqual({ thrown: 'OPTION_INVALID' });
  });

  it('a name that was not sent reads as undefined on a parsed command', () => {
    const [fast, slow, xforward] = polluted(() => [
      parseXclient('XCLIENT ADDR=192.0.2.1'),
      parseXclient('XCLIENT  ADDR=192.0.2.1', { profile: 'lenient' }),
      parseXforward('XFORWARD ADDR=192.0.2.1'),
    ]);
    for (const r of [fast, slow]) {
      if (!r.ok) throw new Error('parse failed');
      expect(r.value.NAME).toBeUndefined();
      expect(r.value.LOGIN).toBeUndefined();
      expect(r.value.ADDR).toBe('192.0.2.1');
    }
    if (!xforward.ok) throw new Error('parse failed');
    expect(xforward.value.IDENT).toBeUndefined();
  });

  it('no builder emits CR, LF or NUL, whatever the prototypes hold', () => {
    const lines = polluted(() => [
      ...formatXclient({ ADDR: '192.0.2.1' }),
      ...planXclient({ PORT: 25 }).lines,
      ...formatXforward({ ADDR: '192.0.2.1' }),
      formatXclientKeyword(['NAME']),
      formatReply({ code: 250, text: 'ok' }).slice(0, -2),
    ]);
    for (const line of lines) expect(line).not.toMatch(/[\0\r\n]/);
  });
});
