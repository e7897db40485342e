// The hostile-values properties of test/properties-hostile.test.ts, against the built package
// in a child process (npm test builds it first): a polluted Object.prototype changes no
// session, plan, label or verdict, and what a result holds stays proportionate to its input.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const hostileUrl = new URL('./helpers/hostile.mjs', import.meta.url).href;

function child(source: string, flags: string[] = []): unknown {
  const out = execFileSync(process.execPath, [...flags, '--input-type=module', '-e', source], {
    cwd: root,
    encoding: 'utf8',
  });
  return JSON.parse(out);
}

/** The same calls, with plain arguments, to compare with and without a polluted prototype. */
const BATTERY = `
import { applyCommand, applyXclient, createXclientSession, formatClientLabel } from 'smtp-xclient/server';
import { interpretXclientReply, planConnectionReuse, planXclientSession, planXforwardSession } from 'smtp-xclient/client';
import { POLLUTION } from '${hostileUrl}';
const EHLO = '250-mx.example\\r\\n250-XCLIENT NAME ADDR PROTO HELO LOGIN\\r\\n250 XFORWARD NAME ADDR IDENT';
const early = createXclientSession({ client: { ADDR: '192.0.2.1' }, authorizedHosts: ['127.0.0.0/8'] });
const battery = () => {
  const s = createXclientSession({ client: { ADDR: '192.0.2.1' }, authorizedHosts: ['127.0.0.0/8'] });
  const t = createXclientSession({ client: { ADDR: '127.0.0.1' }, authorizedHosts: ['127.0.0.0/8'] });
  const run = (f) => { try { return f(); } catch (e) { return { threw: e.code ?? String(e) }; } };
  return {
    created: run(() => [s.authorization, s.xforwardAuthorization, s.client, s.banner, s.loggedClient]),
    earlier: run(() => { const r = applyXclient(early, 'XCLIENT NAME=x.example'); return [r.reply, r.session.authorization]; }),
    profile: run(() => applyXclient(t, 'XCLIENT  NAME=x.example').outcome),
    command: run(() => { const r = applyCommand(t, {}); return [r.reply, r.session.closed]; }),
    ehlo: run(() => applyCommand(t, { verb: 'EHLO' }).reply),
    label: run(() => formatClientLabel({ ADDR: '192.0.2.1' })),
    plan: run(() => { const p = planXclientSession({ ADDR: '192.0.2.1', PORT: 1 }, EHLO); return [p.lines, p.omitted, p.hello]; }),
    reuse: run(() => planConnectionReuse({ ADDR: '127.0.0.5', LOGIN: 'alice' }, { NAME: 'b.example' }).lines),
    interpret: run(() => interpretXclientReply({ code: 250, text: 'ok' })),
    xforward: run(() => planXforwardSession({ IDENT: 'A1' }, EHLO).lines),
  };
};
const clean = JSON.stringify(battery());
for (const [k, v] of Object.entries(POLLUTION)) Object.prototype[k] = v;
const polluted = JSON.stringify(battery());
for (const k of Object.keys(POLLUTION)) delete Object.prototype[k];
console.log(JSON.stringify({ clean: JSON.parse(clean), polluted: JSON.parse(polluted) }));
`;

describe('a polluted Object.prototype (in a child process)', () => {
  it('changes no session, plan, label or verdict of the built package', () => {
    const { clean, polluted } = child(BATTERY) as { clean: unknown; polluted: unknown };
    expect(polluted).toEqual(clean);
  });
});

/** Retained heap per input character of each result, measured with --expose-gc. */
const MEMORY = `
import { applyCommand, createXclientSession, formatClientLabel } from 'smtp-xclient/server';
import { planXclientSession } from 'smtp-xclient/client';
const N = 2_000_000;
const s = createXclientSession({ client: { ADDR: '127.0.0.1' }, authorizedHosts: ['127.0.0.0/8'] });
const cases = {
  'applyCommand EHLO spaces': (t) => applyCommand(s, { verb: 'EHLO', name: t('a ') }),
  'applyCommand EHLO controls': (t) => applyCommand(s, { verb: 'EHLO', name: t('a\\x01') }),
  'applyCommand EHLO specials': (t) => applyCommand(s, { verb: 'EHLO', name: t('<>') }),
  'planXclientSession HELO masked': (t) => planXclientSession({ HELO: t('a<') }, '250 XCLIENT ADDR'),
  'createXclientSession banner': (t) => createXclientSession({ banner: 'mx ' + t('ab') }),
  'formatClientLabel long NAME': (t) => formatClientLabel({ NAME: t('ab') }),
};
const out = {};
for (const [label, make] of Object.entries(cases)) {
  globalThis.gc();
  const before = process.memoryUsage().heapUsed;
  let kept;
  try { kept = make((pair) => pair.repeat(N / pair.length)); } catch (e) { kept = e; }
  globalThis.gc();
  out[label] = (process.memoryUsage().heapUsed - before) / N;
  kept = undefined;
}
console.log(JSON.stringify(out));
`;

describe('memory per input character (in a child process, --expose-gc)', () => {
  it('each result holds at most 4 bytes per character of its input', () => {
    const perChar = child(MEMORY, ['--expose-gc']) as Record<string, number>;
    for (const [label, bytes] of Object.entries(perChar)) {
      expect(bytes, label).toBeLessThanOrEqual(4);
    }
  });
});
