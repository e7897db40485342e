/**
 * The fast path: an ordinary line, as proxies send it, for a string and a `Uint8Array`
 * alike: the octets of an ASCII line are its text, so a `Uint8Array` is decoded in one call
 * and read as the string would be.
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
 * malformed escape: the general reader would split and decode it the same way in every
 * profile. This reader builds the very result the general one would
 * (test/properties.test.ts compares them on generated lines). Anything it does not expect —
 * an unknown or repeated name, a value over 255 octets, an escape of a control character or
 * of octets that are not UTF-8, a value its rules refuse or warn about — returns undefined,
 * and the general reader, which reports it, reads the line instead.
 *
 * @internal
 * @packageDocumentation
 */

import type { AttributeSpec, CompiledDialect } from '../dialects/dialect.js';
import type { Warning } from '../errors.js';
import { isControl, LF, startsWithUpperAscii } from '../octets.js';
import { decodeUtf8, decodeUtf8Lossy, encodeUtf8Transient, findInvalidUtf8 } from '../utf8.js';
import { cleanValue, validateClean } from '../values/kinds.js';
import { decodeXtextOctets } from '../xtext/decode.js';
import { MAX_LINE_OCTETS } from './line.js';
import type { Rules } from './profiles.js';
import type { ReadAttribute, ReadResult } from './read.js';
import { commandValue, NO_EXTENSIONS, NO_WARNINGS } from './value.js';

const MAX_VALUE_OCTETS = 255;

/**
 * What follows the verb on an ordinary line, for each fast path; matched from the end of
 * the verb (sticky). Linear: a value class holds no SP, so each repetition is delimited.
 */
const AFTER_VERB = {
  xchar: /(?: [A-Z_a-z]+=(?:[!-*,-<>-~]|\+[0-9A-F][0-9A-F])+)+(?:\r\n)?$/y,
  'token-safe-xchar': /(?: [A-Z_a-z]+=(?:[!#-*,-;?-[\]-~]|\+[0-9A-F][0-9A-F])+)+(?:\r\n)?$/y,
} as const;

/** Whether `text` is an ordinary line of `verb` (any ASCII case) for a fast path. */
function isOrdinary(text: string, verb: string, fastPath: keyof typeof AFTER_VERB): boolean {
  if (!startsWithUpperAscii(text, verb)) return false;
  const rest = AFTER_VERB[fastPath];
  rest.lastIndex = verb.length;
  return rest.test(text);
}

/**
 * The warnings list the fast path gives the value rules: it stays empty for the values it
 * keeps (a warning sends the line to the general reader), so one list serves every call.
 */
const UNUSED_WARNINGS: Warning[] = [];

/**
 * The text of a line of at most 512 octets that may be ordinary, or undefined. Octets are
 * decoded without a check: a line whose text is as long as its octets holds no multi-octet
 * UTF-8 sequence, and the shape refuses the U+FFFD of any octet that is not UTF-8.
 */
function lineText(input: string | Uint8Array): string | undefined {
  if (typeof input === 'string') return input.length > MAX_LINE_OCTETS ? undefined : input;
  if (input.length > MAX_LINE_OCTETS) return undefined;
  const text = decodeUtf8Lossy(input);
  // Stryker disable next-line ConditionalExpression: speed only: a text with a character beyond ASCII (of a multi-octet sequence, or the U+FFFD of a stray octet) fails the shape all the same
  return text.length === input.length ? text : undefined;
}

/** C1 controls and the line and paragraph separators, which only an escape can bring. */
const WIDE_CONTROL = /[\u0080-\u009f\u2028\u2029]/;

/** The value of a hex digit of an ordinary escape (upper case, the shape's). */
// Stryker disable next-line ArithmeticOperator: speed only: a digit's value above 0x7f sends the value to decodeEscapedOctets, which decodes every escape the same
const hexDigit = (c: number): number => (c <= 0x39 ? c - 0x30 : c - 0x37);

/**
 * The text of an ordinary value with escapes, or undefined for a control (the general
 * reader's to report) or bad UTF-8. Escapes of ASCII are decoded here, on the string; a value
 * with an escape of a non-ASCII octet is decoded as octets, then as UTF-8.
 */
function decodeEscaped(raw: string, rules: Rules): string | undefined {
  let text = '';
  let from = 0;
  for (let plus = raw.indexOf('+'); plus >= 0; plus = raw.indexOf('+', from)) {
    const octet = (hexDigit(raw.charCodeAt(plus + 1)) << 4) | hexDigit(raw.charCodeAt(plus + 2));
    // Stryker disable next-line ConditionalExpression,EqualityOperator: speed only: decodeEscapedOctets decodes an ASCII escape (0x7f, DEL, is a control either way) the same
    if (octet > 0x7f) return decodeEscapedOctets(raw, rules);
    if (isControl(octet)) return undefined;
    text += raw.slice(from, plus) + String.fromCharCode(octet);
    from = plus + 3;
  }
  return text + raw.slice(from);
}

/** {@link decodeEscaped} of a value with escapes of non-ASCII octets. */
function decodeEscapedOctets(raw: string, rules: Rules): string | undefined {
  const octets = encodeUtf8Transient(raw); // ASCII: one octet per character
  const decoded = decodeXtextOctets(octets, 0, octets.length, rules.xtext);
  if (decoded.warnings.length > 0) return undefined; // XTEXT_CONTROL_CHAR
  const value = decoded.value;
  if (findInvalidUtf8(value) >= 0) return undefined;
  const text = decodeUtf8(value);
  // C1 controls and U+2028 / U+2029 are the value rules' to judge (the general reader's).
  return WIDE_CONTROL.test(text) ? undefined : text;
}

/**
 * A value's typed value and the text the server sees, by the value rules ({@link cleanValue},
 * or for the rare value it leaves, {@link validateClean}); undefined for a value the rules
 * refuse or warn about.
 */
function typedValue(
  name: string,
  spec: AttributeSpec,
  decoded: string,
  rules: Rules,
): { readonly value: unknown; readonly text: string } | undefined {
  const r = validateClean(name, spec, decoded, rules.values, UNUSED_WARNINGS);
  if (UNUSED_WARNINGS.length > 0) {
    UNUSED_WARNINGS.length = 0; // a value the rules warn about: the general reader's
    return undefined;
  }
  return r.ok ? r : undefined;
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
  // Stryker disable next-line ConditionalExpression,StringLiteral: no profile's fastPath is 'none' (the Rules type allows it for a profile without one)
  if (rules.fastPath === 'none') return undefined;
  const text = lineText(input);
  if (text === undefined || !isOrdinary(text, dialect.verb, rules.fastPath)) return undefined;
  let n = text.length;
  if (text.charCodeAt(n - 1) === LF) n -= 2;
  else if (n + 2 > MAX_LINE_OCTETS) return undefined;
  // One attribute after each SP: an array of that size from the start, not grown by push.
  let count = 0;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: speed only: a shorter array grows to the same elements (sp starts past 0)
  for (let sp = dialect.verb.length; sp >= 0; sp = text.indexOf(' ', sp + 1)) count++;
  // Stryker disable next-line ArrayDeclaration: speed only: an empty array grows to the same elements
  const attributes = new Array<ReadAttribute>(count);
  let k = 0;
  let seen = 0; // the names read so far, one bit per index in dialect.names (fewer than 32)
  // Stryker disable next-line EqualityOperator: start is n + 1 after the last value; n would need a trailing SP, which the shape refuses
  for (let start = dialect.verb.length + 1; start < n; ) {
    const eq = text.indexOf('=', start);
    let end = text.indexOf(' ', eq);
    // Stryker disable next-line EqualityOperator: the SP after a value is past its name, never at 0
    if (end < 0) end = n;
    const index = dialect.indexAt(text, start, eq);
    if (index < 0 || (seen & (1 << index)) !== 0 || end - eq - 1 > MAX_VALUE_OCTETS) {
      return undefined;
    }
    seen |= 1 << index;
    const name = dialect.names[index] as string;
    // Stryker disable next-line MethodExpression: allocation only: the text before start ends with SP, which no name does, and the slice is the name as sent either way
    const rawName = text.startsWith(name, start) ? name : text.slice(start, eq);
    const raw = text.slice(eq + 1, end);
    // Stryker disable next-line StringLiteral: speed only: decodeEscaped returns a value without "+" as it is
    const decoded = raw.includes('+') ? decodeEscaped(raw, rules) : raw;
    if (decoded === undefined) return undefined;
    const spec = dialect.attributes[name] as AttributeSpec;
    let value: unknown = cleanValue(name, spec, decoded, rules.values);
    let shown = decoded;
    // Stryker disable next-line ConditionalExpression: speed only: validateClean gives the value cleanValue gives, with no warning
    if (value === undefined) {
      const r = typedValue(name, spec, decoded, rules);
      if (r === undefined) return undefined;
      value = r.value;
      shown = r.text;
    }
    attributes[k++] = { name, rawName, raw, decoded: shown, value, position: start };
    start = end + 1;
  }
  const value = commandValue(attributes, NO_EXTENSIONS);
  for (const a of attributes) value[a.name] = a.value;
  return {
    ok: true,
    value: value as Extract<ReadResult, { ok: true }>['value'],
    warnings: NO_WARNINGS,
  };
}
