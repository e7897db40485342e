#!/usr/bin/env node
// A long fuzzing campaign against the BUILT package (run `npm run build` first):
//
//   npm run fuzz                          # 1 000 000 inputs, a fresh seed (printed)
//   npm run fuzz -- --count 5000000       # or FUZZ_COUNT=5000000
//   npm run fuzz -- --seed 1234           # or FUZZ_SEED=1234: replay a campaign
//   npm run fuzz -- --only parse-any,xtext
//   npm run fuzz -- --list
//   npm run fuzz -- --only hostile        # the hostile-value campaign alone
//
// Each target draws inputs from smtp-xclient/arbitraries (and plain random strings and
// octets) and checks invariants: parsers never throw, in any profile; a success satisfies its
// contract (no CR, LF or NUL in any value; every error carries a reply that formatReply can
// write); what 'strict' accepts 'lenient' accepts alike; round trips hold; generated valid
// lines are accepted and labelled invalid ones are refused with their code. The first
// failure stops the campaign with the shrunk counterexample and the seed that replays it.
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import {
  ATTRIBUTE_NAMES,
  decodeXtext,
  decodeXtextBytes,
  encodeXtext,
  formatReply,
  formatXclient,
  formatXclientKeyword,
  isXclientError,
  PROFILES,
  parseReply,
  parseXclient,
  parseXclientKeyword,
  validateAttribute,
} from 'smtp-xclient';
import {
  invalidAttributeValue,
  invalidXclientLine,
  postfixProbeLine,
  validAttributeValue,
  validXclientCommand,
  xclientAttributes,
  xtextValue,
} from 'smtp-xclient/arbitraries';
import { LINE_FRAGMENTS } from '../test/helpers/fragments.mjs';

// ---------------------------------------------------------------------------------------
// Options

const USAGE = `usage: node scripts/fuzz.mjs [--count N] [--seed S] [--only t1,t2] [--list]
  --count N   total inputs over all targets (default 1000000, env FUZZ_COUNT)
  --seed S    fast-check seed (default: random, printed; env FUZZ_SEED)
  --only T    comma-separated targets (see --list)`;

function option(name, env) {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(`--${name}=`));
  if (eq !== undefined) return eq.slice(name.length + 3);
  return env === undefined ? undefined : process.env[env];
}

function integer(name, text, fallback) {
  if (text === undefined || text === '') return fallback;
  const n = Number(text.replaceAll('_', ''));
  if (!Number.isSafeInteger(n)) {
    console.error(`--${name} must be an integer, not ${JSON.stringify(text)}\n${USAGE}`);
    process.exit(2);
  }
  return n;
}

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}
const count = integer('count', option('count', 'FUZZ_COUNT'), 1_000_000);
const seed = integer(
  'seed',
  option('seed', 'FUZZ_SEED'),
  (Date.now() ^ (Math.random() * 0x100000000)) | 0,
);
const only = option('only')
  ?.split(',')
  .map((t) => t.trim())
  .filter((t) => t !== '');

// ---------------------------------------------------------------------------------------
// Invariants

class Broken extends Error {}
function check(condition, what, detail) {
  if (!condition) throw new Broken(`${what}${detail === undefined ? '' : `: ${detail}`}`);
}

const utf8Length = (s) => Buffer.byteLength(s, 'utf8');
const lengthOf = (input) =>
  typeof input === 'string' ? Math.max(input.length, utf8Length(input)) : input.length;
const hasLineBreak = (s) => s.includes('\0') || s.includes('\r') || s.includes('\n');
const hasControl = (s) => [...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
const TOO_LONG = new Set(['ATTR_VALUE_TOO_LONG', 'FORMAT_FINAL_GROUP_TOO_LONG']);
const XTEXT = /^(?:[!-*,-<>-~]|\+[0-9A-F]{2})*$/;
const LINE = new RegExp(
  `^XCLIENT(?: (?:${ATTRIBUTE_NAMES.join('|')})=(?:[!-*,-<>-~]|\\+[0-9A-F]{2})+)+$`,
);

/**
 * A failed parse: an XclientError with a code, a position in range, a reply we can send.
 * `postfix`: Postfix echoes a name grouped by `"…"` or `<…>` as it came, a CR inside
 * included (live 3.7.11: `XCLIENT <\r=x` → `501 5.5.4 Bad XCLIENT attribute name: <\r`), so
 * only LF and NUL are out of the question there.
 */
function goodError(error, inputLength, postfix = false) {
  check(isXclientError(error), 'error is not an XclientError');
  check(typeof error.code === 'string' && error.code !== '', 'error without code');
  check(typeof error.message === 'string', 'error without message');
  if (error.position !== undefined) {
    check(
      Number.isInteger(error.position) && error.position >= 0 && error.position <= inputLength,
      'error position out of range',
      `${error.position} of ${inputLength}`,
    );
  }
  const reply = postfix
    ? { ...error.reply, text: String(error.reply.text).replaceAll('\r', '?') }
    : error.reply;
  try {
    formatReply(reply);
  } catch (e) {
    check(false, 'error reply cannot be formatted', `${JSON.stringify(error.reply)}: ${e}`);
  }
}

const summary = (attributes) =>
  attributes.map((a) => [a.name, a.rawName, a.raw, a.decoded, a.value]);

/** parseXclient in every profile: never throws, contracts, strict ⊂ lenient. */
function checkParse(line) {
  const results = {};
  for (const profile of PROFILES) {
    const r = parseXclient(line, { profile });
    results[profile] = r;
    if (r.ok) {
      check(r.value.attributes.length + r.value.extensions.length > 0, 'ok without attributes');
      for (const a of r.value.attributes) {
        check(ATTRIBUTE_NAMES.includes(a.name), 'unknown attribute name in a result', a.name);
        check(!hasLineBreak(a.decoded), 'CR, LF or NUL in a decoded value', profile);
        if (typeof a.value === 'string') {
          check(!hasLineBreak(a.value), 'CR, LF or NUL in a value', profile);
        }
        if (profile === 'strict')
          check(!hasControl(a.decoded), 'control character in a strict value');
      }
      const last = r.value.attributes.at(-1);
      if (last !== undefined) {
        const byName = r.value.attributes.findLast((a) => a.name === last.name);
        check(r.value[last.name] === byName.value, 'value by name is not the last one');
      }
    } else {
      goodError(r.error, lengthOf(line), profile === 'postfix');
      check(Array.isArray(r.partial), 'failure without partial');
    }
  }
  if (results.strict.ok) {
    check(
      results.lenient.ok,
      "'strict' accepts what 'lenient' refuses",
      results.lenient.error?.code,
    );
    check(
      isDeepStrictEqual(
        summary(results.strict.value.attributes),
        summary(results.lenient.value.attributes),
      ),
      "'strict' and 'lenient' read different attributes",
    );
  }
  return results;
}

/** Decoding xtext in every profile: never throws; strict ⊂ postfix, lenient. */
function checkXtext(text) {
  const strict = decodeXtextBytes(text);
  for (const profile of PROFILES) {
    const bytes = decodeXtextBytes(text, { profile });
    const str = decodeXtext(text, { profile });
    for (const r of [bytes, str]) {
      if (r.ok) {
        check(
          r.hasControl === r.warnings.some((w) => w.code === 'XTEXT_CONTROL_CHAR'),
          'hasControl',
        );
        check(!r.fallback || profile === 'postfix', 'fallback outside postfix');
      } else goodError(r.error, lengthOf(text));
    }
    if (strict.ok) {
      check(bytes.ok && !bytes.fallback, "'strict' decodes what another profile refuses", profile);
      check(
        isDeepStrictEqual([...bytes.value], [...strict.value]),
        'profiles decode alike',
        profile,
      );
    }
  }
  if (strict.ok) {
    const again = encodeXtext(strict.value);
    check(XTEXT.test(again), 'encodeXtext wrote something that is not strict xtext', again);
    const back = decodeXtextBytes(again);
    check(back.ok && isDeepStrictEqual([...back.value], [...strict.value]), 'xtext round trip');
  }
}

// ---------------------------------------------------------------------------------------
// Inputs

const utf16 = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
  maxLength: 80,
});
const fragments = fc
  .array(fc.constantFrom(...LINE_FRAGMENTS), { maxLength: 16 })
  .map((parts) => parts.join(''));
const randomLine = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  utf16,
  fc.uint8Array({ maxLength: 120 }),
  fragments,
  fragments.map((l) => `XCLIENT ${l}`),
  fragments.map((l) => new Uint8Array(Buffer.from(`XCLIENT ${l}`, 'latin1'))),
);
const profileArb = fc.constantFrom(...PROFILES);
const anyName = fc.oneof(
  fc.constantFrom(...ATTRIBUTE_NAMES),
  fc.mixedCase(fc.constantFrom(...ATTRIBUTE_NAMES)),
  utf16,
);

// ---------------------------------------------------------------------------------------
// Targets: [name, share of the count, arbitrary, check]

const TARGETS = [
  ['parse-any', 20, randomLine, (line) => void checkParse(line)],
  [
    'parse-valid',
    10,
    validXclientCommand(),
    ({ line, attributes }) => {
      const r = checkParse(line).strict;
      check(r.ok, 'a valid line is refused', r.error?.message);
      check(
        isDeepStrictEqual(
          r.value.attributes.map((a) => [a.name, a.rawName, a.raw, a.decoded]),
          attributes.map((a) => [a.name, a.rawName, a.raw, a.decoded]),
        ),
        'a valid line is read wrong',
      );
      const values = Object.fromEntries(r.value.attributes.map((a) => [a.name, a.value]));
      let lines;
      try {
        lines = formatXclient(values);
      } catch (e) {
        // formatXclient also escapes " < > \ (Postfix's tokenizer): a value that fits 255
        // characters as sent may not once written that way, nor the group that must share a line
        check(
          TOO_LONG.has(e.code),
          'formatXclient refuses parsed values',
          `${e.code}: ${e.message}`,
        );
        return;
      }
      const again = {};
      for (const l of lines) {
        const p = parseXclient(l);
        check(p.ok, 'a formatted line is refused', `${l}: ${p.error?.message}`);
        for (const a of p.value.attributes) again[a.name] = a.value;
      }
      check(isDeepStrictEqual(again, values), 'parse → format → parse changes values');
    },
  ],
  [
    'parse-invalid',
    10,
    invalidXclientLine(),
    (c) => {
      const r = checkParse(c.line).strict;
      check(
        !r.ok && r.error.code === c.expectedCode,
        `${c.reason}: wrong verdict`,
        r.ok ? 'accepted' : r.error.code,
      );
      const o = checkParse(c.octets).strict;
      check(
        !o.ok && o.error.code === c.expectedCode,
        `${c.reason}: wrong verdict on octets`,
        o.ok ? 'accepted' : o.error.code,
      );
    },
  ],
  ['parse-postfix-probe', 10, postfixProbeLine(), (octets) => void checkParse(octets)],
  [
    'xtext',
    15,
    fc.oneof(xtextValue(), utf16, fragments, fc.string({ unit: 'binary', maxLength: 60 })),
    checkXtext,
  ],
  [
    'xtext-round-trip',
    5,
    fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 100 })),
    (value) => {
      const x = encodeXtext(value);
      check(XTEXT.test(x), 'encodeXtext wrote something that is not strict xtext');
      for (const profile of PROFILES) {
        if (typeof value === 'string') {
          const r = decodeXtext(x, { profile });
          check(r.ok && r.value === value, 'decodeXtext(encodeXtext(s)) !== s', profile);
        } else {
          const r = decodeXtextBytes(x, { profile });
          check(r.ok && isDeepStrictEqual([...r.value], [...value]), 'octets round trip', profile);
        }
      }
    },
  ],
  [
    'validate',
    10,
    fc.oneof(
      fc.tuple(anyName, fc.oneof(utf16, fragments), profileArb),
      fc
        .constantFrom(...ATTRIBUTE_NAMES)
        .chain((n) => fc.tuple(fc.constant(n), validAttributeValue(n), fc.constant('valid'))),
      fc
        .constantFrom(...ATTRIBUTE_NAMES)
        .chain((n) => fc.tuple(fc.constant(n), invalidAttributeValue(n), fc.constant('invalid'))),
    ),
    ([name, value, mode]) => {
      if (mode === 'valid') {
        const r = validateAttribute(name, value);
        check(r.ok, `valid ${name} refused`, r.error?.message);
        check(
          validateAttribute(name, value, { profile: 'lenient' }).ok,
          `lenient refuses valid ${name}`,
        );
        return;
      }
      if (mode === 'invalid') {
        const r = validateAttribute(name, value.value);
        check(
          !r.ok && r.error.code === value.code,
          `invalid ${name}`,
          r.ok ? 'accepted' : r.error.code,
        );
        return;
      }
      const r = validateAttribute(name, value, { profile: mode });
      if (r.ok) {
        check(!hasLineBreak(r.text), 'CR, LF or NUL in a validated text');
        if (typeof r.value === 'string') check(!hasLineBreak(r.value), 'CR, LF or NUL in a value');
      } else goodError(r.error, Math.max(value.length, 255));
    },
  ],
  [
    'reply',
    8,
    fc.oneof(
      utf16,
      fc.array(utf16, { maxLength: 4 }),
      fragments.map((l) => `250-${l}\r\n250 ${l}`),
      fc
        .tuple(fc.integer({ min: 200, max: 559 }), fc.constantFrom(' ', '-', ''), fragments)
        .map(([c, s, t]) => `${c}${s}${t}`),
    ),
    (input) => {
      const r = parseReply(input);
      if (!r.ok) return goodError(r.error, Number.MAX_SAFE_INTEGER);
      const wire = formatReply(r.value);
      check(isDeepStrictEqual(parseReply(wire), r), 'parseReply(formatReply(r)) differs', wire);
    },
  ],
  [
    'keyword',
    4,
    fc.oneof(
      utf16,
      fc.array(utf16, { maxLength: 4 }),
      fc
        .array(fc.oneof(fc.mixedCase(fc.constantFrom(...ATTRIBUTE_NAMES)), fragments), {
          maxLength: 6,
        })
        .map((ws) => `250-x\r\n250 ${['XCLIENT', ...ws].join(' ')}`),
    ),
    (input) => {
      const r = parseXclientKeyword(input);
      if (!r.ok) return goodError(r.error, Number.MAX_SAFE_INTEGER);
      for (const n of r.value.names) check(n === n.toUpperCase(), 'keyword name not upper case', n);
      for (const a of r.value.attributes)
        check(r.value.names.includes(a), 'attribute not among names');
      const again = parseXclientKeyword(formatXclientKeyword(r.value.names));
      check(
        again.ok && isDeepStrictEqual(new Set(again.value.attributes), new Set(r.value.attributes)),
        'keyword round trip',
      );
    },
  ],
  [
    'format',
    8,
    xclientAttributes(),
    (attributes) => {
      const lines = formatXclient(attributes);
      const names = [];
      for (const line of lines) {
        check(LINE.test(line) && line.length <= 510, 'formatXclient wrote a bad line', line);
        const r = checkParse(line).strict;
        check(r.ok, 'a formatted line is refused', `${line}: ${r.error?.message}`);
        names.push(...r.value.attributes.map((a) => a.name));
      }
      check(
        isDeepStrictEqual([...names].sort(), Object.keys(attributes).sort()),
        'formatXclient lost or repeated attributes',
      );
    },
  ],
];

// ---------------------------------------------------------------------------------------
// The campaign

if (process.argv.includes('--list')) {
  for (const [name, share] of TARGETS) console.log(`${name.padEnd(22)} ${share}%`);
  console.log(`${'hostile'.padEnd(22)} after the others (scripts/fuzz-hostile.mjs)`);
  process.exit(0);
}
const hostile = only === undefined || only.includes('hostile');
const selected = TARGETS.filter(([name]) => only === undefined || only.includes(name));
if (selected.length === 0 && !hostile) {
  console.error(`no such target: ${only?.join(', ')}\n${USAGE}`);
  process.exit(2);
}
const totalShare = selected.reduce((n, [, share]) => n + share, 0);

console.log(
  `smtp-xclient fuzz: ${count.toLocaleString('en')} inputs, seed ${seed} (replay: npm run fuzz -- --seed ${seed} --count ${count}${only === undefined ? '' : ` --only ${only.join(',')}`})`,
);
const rows = [];
const started = performance.now();
let done = 0;
for (const [index, [name, share, arbitrary, predicate]] of selected.entries()) {
  const numRuns = Math.max(1, Math.round((count * share) / totalShare));
  const t0 = performance.now();
  try {
    fc.assert(
      fc.property(arbitrary, (input) => {
        predicate(input);
      }),
      { numRuns, seed: seed + index },
    );
  } catch (e) {
    console.error(
      `\n✗ ${name} FAILED (seed ${seed + index}; replay the campaign with --seed ${seed})\n`,
    );
    console.error(e instanceof Error ? e.message : e);
    if (e instanceof Error && e.cause !== undefined) console.error('\ncaused by:', e.cause);
    process.exit(1);
  }
  const seconds = (performance.now() - t0) / 1000;
  done += numRuns;
  rows.push({
    target: name,
    inputs: numRuns,
    seconds: Number(seconds.toFixed(1)),
    'inputs/s': Math.round(numRuns / seconds),
  });
  console.log(
    `  ✓ ${name.padEnd(20)} ${String(numRuns).padStart(9)} inputs  ${Math.round(numRuns / seconds)
      .toLocaleString('en')
      .padStart(9)} inputs/s`,
  );
}
const seconds = (performance.now() - started) / 1000;
if (rows.length > 0) {
  console.table(rows);
  console.log(
    `${done.toLocaleString('en')} inputs in ${seconds.toFixed(1)} s: ${Math.round(done / seconds).toLocaleString('en')} inputs/s, no invariant broken (seed ${seed}).`,
  );
}

// Hostile JavaScript values, a polluted prototype and memory per input character: every
// API, tallied by API rather than stopped at the first problem (scripts/fuzz-hostile.mjs).
if (hostile) {
  const { hostileCampaign } = await import('./fuzz-hostile.mjs');
  const t0 = performance.now();
  const { failures } = await hostileCampaign({ count: Math.min(count, 200_000), seed });
  console.log(`hostile campaign: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  if (failures > 0) process.exitCode = 1;
}
