#!/usr/bin/env node
// A first look at smtp-xclient: encode and decode a few xtext values, in each profile.
// Run after `npm ci && npm run build`: node scripts/demo.mjs
import { decodeXtext, encodeXtext } from 'smtp-xclient';

const values = [
  'spike.porcupine.org',
  'bob smith+tag=x@example.com',
  'jürgen@exämple.com',
  'x\r\nMAIL',
];
for (const value of values) {
  const xtext = encodeXtext(value);
  const back = decodeXtext(xtext);
  console.log(
    `${JSON.stringify(value)} -> ${xtext} -> ${back.ok ? JSON.stringify(back.value) : back.error.code}${back.ok && back.hasControl ? ' (control characters!)' : ''}`,
  );
}
for (const profile of ['strict', 'postfix', 'lenient']) {
  const r = decodeXtext('u=1+2', { profile });
  console.log(
    `decode 'u=1+2' (${profile}):`,
    r.ok
      ? `${JSON.stringify(r.value)}${r.fallback ? ' (fallback)' : ''} warnings=${r.warnings.map((w) => w.code).join(',') || '-'}`
      : `${r.error.code} at ${r.error.position}`,
  );
}
