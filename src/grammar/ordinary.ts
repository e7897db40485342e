/**
 * The fast path: an ordinary line, as proxies send it, read straight off its octets, for a
 * string and a `Uint8Array` alike.
 *
 * ```
 * ordinary = verb 1*( SP name "=" 1*( vchar / "+" UHEXDIG UHEXDIG ) ) [ CRLF ]
 *                                              ; at most 512 octets, CRLF included
 * verb     = the dialect's verb                ; any ASCII case
 * name     = 1*( ALPHA / "_" )
 * vchar    = %x21-2A / %x2C-3C / %x3E-7E       ; xchar; 'postfix': less DQUOTE "<" ">" "\"
 * ```
 *
 * A line of this shape is ASCII, has one SP between tokens, nothing to cut, mask or unquote
 * (the four octets Postfix's tokenizer groups on are left out for 'postfix'), and no
 * malformed escape: the general reader would split and decode it the same way in 'strict'
 * and 'postfix'. This reader builds the very result the general one would
 * (test/properties.test.ts compares them on generated lines). Anything it does not expect —
 * an unknown or repeated name, a value over 255 octets, an escape of a control character or
 * of octets that are not UTF-8, a value its rules refuse or warn about — returns undefined,
 * and the general reader, which reports it, reads the line instead.
 *
 * @internal
 * @packageDocumentation
 */

import type { AttributeSpec, CompiledDialect } from '../dialects/dialect.js';
import { CR, EQUALS, equalsWordAt, LF, PLUS, SP } from '../octets.js';
import { decodeUtf8, encodeUtf8Transient, findInvalidUtf8 } from '../utf8.js';
import { validateClean } from '../values/kinds.js';
import { decodeXtextOctets } from '../xtext.js';
import { MAX_LINE_OCTETS } from './line.js';
import type { Rules } from './profiles.js';
import type { ReadAttribute, ReadResult } from './read.js';

const MAX_VALUE_OCTETS = 255;

// Octet classes of the fast path: a name octet, a value octet (each kind of fast path), an
// upper-case hex digit.
const NAME = 1;
const XCHAR = 2;
const TOKEN_SAFE = 4;
const UHEX = 8;

/** The class of every octet; 0x80–0xFF and controls are in none. */
const CLASS = /* @__PURE__ */ (() => {
  const table = new Uint8Array(256);
  for (let c = 0x21; c <= 0x7e; c++) {
    if (c === PLUS || c === 0x3d) continue; // "+" starts an escape, "=" ends a name
    table[c] = XCHAR | (c === 0x22 || c === 0x3c || c === 0x3e || c === 0x5c ? 0 : TOKEN_SAFE);
  }
  for (let c = 0x41; c <= 0x5a; c++) table[c] = (table[c] as number) | NAME;
  for (let c = 0x61; c <= 0x7a; c++) table[c] = (table[c] as number) | NAME;
  table[0x5f] = (table[0x5f] as number) | NAME; // "_"
  for (const digit of '0123456789ABCDEF') {
    const c = digit.charCodeAt(0);
    table[c] = (table[c] as number) | UHEX;
  }
  return table;
})();

/** The value class of each fast path. */
const VALUE_CLASS = { xchar: XCHAR, 'token-safe-xchar': TOKEN_SAFE } as const;

const isHex = (c: number | undefined): boolean => ((CLASS[c as number] as number) & UHEX) !== 0;

/**
 * The end of the value that starts at `i` (the next SP or `n`), or -1 when it is empty or
 * holds an octet or an escape the fast path does not take.
 */
function valueEnd(octets: Uint8Array, i: number, n: number, valueClass: number): number {
  const start = i;
  while (i < n) {
    const c = octets[i] as number;
    if (c === SP) break;
    if ((CLASS[c] as number) & valueClass) i++;
    else if (c === PLUS && i + 2 < n && isHex(octets[i + 1]) && isHex(octets[i + 2])) i += 3;
    else return -1;
  }
  return i > start ? i : -1;
}

/** The text of an ordinary value with escapes, or undefined for a control or bad UTF-8. */
function decodeEscaped(
  octets: Uint8Array,
  start: number,
  end: number,
  rules: Rules,
): string | undefined {
  const decoded = decodeXtextOctets(octets, start, end, rules.xtext);
  if (decoded.warnings.length > 0) return undefined; // XTEXT_CONTROL_CHAR
  const value = decoded.value;
  return findInvalidUtf8(value) < 0 ? decodeUtf8(value) : undefined;
}

/**
 * The shape of an ordinary line in `octets[0, n)`: the offsets of each attribute's name, its
 * "=" and its end, three per attribute in `bounds`, and how many there are; -1 when the line
 * is not of that shape (any octet over 0x7F included).
 */
function scan(
  octets: Uint8Array,
  n: number,
  verb: number,
  valueClass: number,
  bounds: Int32Array,
): number {
  let count = 0;
  for (let start = verb + 1; start - 1 < n; count++) {
    if (octets[start - 1] !== SP || count * 3 + 3 > bounds.length) return -1;
    let eq = start;
    while (eq < n && (CLASS[octets[eq] as number] as number) & NAME) eq++;
    if (eq === start || octets[eq] !== EQUALS) return -1;
    const end = valueEnd(octets, eq + 1, n, valueClass);
    if (end < 0 || end - eq - 1 > MAX_VALUE_OCTETS) return -1;
    bounds[count * 3] = start;
    bounds[count * 3 + 1] = eq;
    bounds[count * 3 + 2] = end;
    start = end + 1;
  }
  return count;
}

/** Scratch offsets for {@link scan}: a 512-octet line holds at most 127 attributes. */
const BOUNDS = /* @__PURE__ */ new Int32Array(3 * 128);

/** The octets of a string that is all ASCII and short enough, or undefined. */
function asciiOctets(input: string | Uint8Array): Uint8Array | undefined {
  if (input.length > MAX_LINE_OCTETS) return undefined;
  if (typeof input !== 'string') return input;
  const octets = encodeUtf8Transient(input);
  return octets.length === input.length ? octets : undefined;
}

/**
 * The result of an ordinary line in a profile with a fast path (the same as the general
 * reader's), or undefined for any other line.
 */
export function readOrdinary(
  dialect: CompiledDialect,
  input: string | Uint8Array,
  rules: Rules,
): ReadResult | undefined {
  if (rules.fastPath === 'none') return undefined;
  const octets = asciiOctets(input);
  if (octets === undefined) return undefined;
  let n = octets.length;
  if (n > 0 && octets[n - 1] === LF) {
    if (octets[n - 2] !== CR) return undefined;
    n -= 2;
  } else if (n + 2 > MAX_LINE_OCTETS) return undefined;
  const verb = dialect.verb.length;
  if (n <= verb || !equalsWordAt(octets, 0, verb, dialect.verb)) return undefined;
  const count = scan(octets, n, verb, VALUE_CLASS[rules.fastPath], BOUNDS);
  if (count < 0) return undefined;
  // An ordinary line is ASCII: one decode gives the text whose offsets are its octets'.
  const text = typeof input === 'string' ? input : decodeUtf8(input);
  const attributes: ReadAttribute[] = [];
  const value: Record<string, unknown> = { attributes, extensions: [] };
  for (let k = 0; k < count * 3; k += 3) {
    const start = BOUNDS[k] as number;
    const eq = BOUNDS[k + 1] as number;
    const end = BOUNDS[k + 2] as number;
    const rawName = text.slice(start, eq);
    const name = dialect.nameOf(rawName);
    if (name === undefined || name in value) return undefined;
    const raw = text.slice(eq + 1, end);
    const decoded = raw.includes('+') ? decodeEscaped(octets, eq + 1, end, rules) : raw;
    if (decoded === undefined) return undefined;
    const r = validateClean(name, dialect.attributes[name] as AttributeSpec, decoded, rules.values);
    if (!r.ok || r.warnings.length > 0) return undefined;
    attributes.push({ name, rawName, raw, decoded: r.text, value: r.value, position: start });
    value[name] = r.value;
  }
  return { ok: true, value: value as Extract<ReadResult, { ok: true }>['value'], warnings: [] };
}
