/**
 * The one command reader, for every dialect and profile: the line (line.ts), its tokens
 * (tokenize.ts), the verb (verb.ts), then each attribute through the profile's steps, in
 * the profile's order (`rules.steps`):
 *
 * ```
 * attribute       = attribute-name "=" attribute-value
 * attribute-value = xtext                ; RFC 3461 §4, read by the profile's xtext rules
 * ```
 *
 * Postfix checks an attribute's raw length and decodes it before it looks at its name
 * (smtpd.c `xclient_cmd()`); the first problem ends the command, and the attributes before
 * it are `partial`, which Postfix keeps applied.
 *
 * @see docs/spec/postfix.md §2
 * @internal
 * @packageDocumentation
 */

import type { AttributeSpec, CompiledDialect } from '../dialects/dialect.js';
import {
  failure,
  isOutcome,
  ownPosition,
  type Warning,
  type XclientError,
  type XclientErrorCode,
} from '../errors.js';
import { asciiUpper, EQUALS, findOctet } from '../octets.js';
import { ATTRIBUTE, badAttributeName, LINE } from '../replies.js';
import { decodeUtf8, decodeUtf8Lossy, findInvalidUtf8, utf8Length } from '../utf8.js';
import { validateValue } from '../values/kinds.js';
import { maskForReply, neuterOctets, postfixPrintable, shownText } from '../values/printable.js';
import { warning } from '../warnings.js';
import { decodeXtextOctets } from '../xtext/decode.js';
import { type Fail, type Line, lineError, readLine } from './line.js';
import { readOrdinary } from './ordinary.js';
import type { AttributeStep, Rules } from './profiles.js';
import { type Token, tokenize } from './tokenize.js';
import { commandValue } from './value.js';
import { checkVerb } from './verb.js';

/** The longest raw (still encoded) value Postfix accepts (smtpd.c). */
export const MAX_VALUE_OCTETS = 255;

/** One attribute of a command, in the order sent. */
export interface ReadAttribute {
  readonly name: string;
  readonly rawName: string;
  readonly raw: string;
  readonly decoded: string;
  readonly value: unknown;
  readonly position: number;
}

/** An extension attribute ('lenient'): its name upper case, its value as sent. */
export interface ReadExtension {
  readonly name: string;
  readonly raw: string;
  readonly position: number;
}

/** What the reader returns: the command (its attributes, and each value by name), or why not. */
export type ReadResult =
  | {
      readonly ok: true;
      readonly value: Record<string, unknown> & {
        readonly attributes: readonly ReadAttribute[];
        readonly extensions: readonly ReadExtension[];
      };
      readonly warnings: readonly Warning[];
    }
  | {
      readonly ok: false;
      readonly error: XclientError;
      readonly partial: readonly ReadAttribute[];
      readonly warnings: readonly Warning[];
    };

/** The state of one read: what the steps consult and what they add to. */
interface Reader {
  readonly dialect: CompiledDialect;
  readonly rules: Rules;
  readonly line: Line;
  readonly attributes: ReadAttribute[];
  readonly extensions: ReadExtension[];
  readonly warnings: Warning[];
}

/** One attribute token as the steps read it. */
interface Piece {
  readonly start: number;
  readonly end: number;
  /** Offset of the "=" in the line, or -1. */
  readonly eq: number;
  /** The name as sent ('' without an "="). */
  readonly rawName: string;
  /** The canonical name, when the name is the dialect's. */
  readonly known: string | undefined;
  /** The name step has passed: errors now carry the attribute. */
  named: boolean;
  value: string;
  /** Maps an offset into the decoded octets to the line (undefined: nothing was decoded yet). */
  source: ((k: number) => number) | undefined;
  decoded: string;
  typed: unknown;
  /** The value's octets after printable(), when they are not UTF-8 (Postfix echoes them). */
  octets: Uint8Array | undefined;
}

/** A step's outcome: go on (undefined), leave the attribute out ('skip'), or fail. */
type StepResult = Fail | 'skip' | undefined;

function attrError(
  code: XclientErrorCode,
  message: string,
  reply: XclientError['reply'],
  position: number,
  attribute?: string,
): Fail {
  return failure(
    // Stryker disable next-line ConditionalExpression: XclientError leaves out an attribute that is undefined, so `{ attribute: undefined }` makes the same error
    attribute === undefined
      ? { code, message, reply, position }
      : { code, message, reply, position, attribute },
  );
}

const text = (r: Reader, start: number, end: number): string =>
  shownText(r.line.octets, start, end, r.line.ascii);
const rawValue = (r: Reader, p: Piece): string => text(r, p.eq + 1, p.end);

/** Where, in the line, decoded octet `k` of the value came from. */
const inDecoded = (p: Piece, k: number): number =>
  // Stryker disable next-line ConditionalExpression,ArithmeticOperator: every profile runs 'decode' (which sets p.source) before the steps that map an offset ('validate', postfixView)
  p.source === undefined ? p.eq + 1 + k : p.source(k);

/** Where, in the line, the character at `index` (UTF-16) of a decoded value came from. */
function inLine(p: Piece, index: number): number {
  return inDecoded(p, utf8Length(p.value.slice(0, index)));
}

/** `NAME=value`: Postfix's one check, or the grammar's "=" and non-empty value apart. */
const notAttributeValue = (r: Reader, p: Piece, code: XclientErrorCode): Fail =>
  attrError(
    code,
    `"${shownText(r.line.octets, p.start, p.end)}" is not attribute=value`,
    ATTRIBUTE.valueExpected,
    p.start,
  );

/** The steps, by the name the profiles' rules list them under. */
const STEPS: { readonly [S in AttributeStep]: (r: Reader, p: Piece) => StepResult } = {
  attributeValue(r, p) {
    // Stryker disable next-line EqualityOperator: the "=" of an attribute token is past the verb, never at offset 0
    if (p.eq < 0) return notAttributeValue(r, p, 'ATTR_MISSING_EQUALS');
    return p.eq + 1 === p.end ? notAttributeValue(r, p, 'ATTR_EMPTY') : undefined;
  },

  // Stryker disable next-line EqualityOperator: the "=" of an attribute token is past the verb, never at offset 0
  equals: (r, p) => (p.eq < 0 ? notAttributeValue(r, p, 'ATTR_MISSING_EQUALS') : undefined),

  nonEmpty(_r, p) {
    if (p.eq + 1 < p.end) return undefined;
    const message = `${p.known} has an empty value`;
    return attrError('ATTR_EMPTY', message, ATTRIBUTE.valueExpected, p.eq + 1, p.known);
  },

  rawLength(r, p) {
    const length = p.end - p.eq - 1;
    if (length <= MAX_VALUE_OCTETS) return undefined;
    const name = p.named ? p.known : undefined;
    const subject = name === undefined ? 'value' : `${name} value`;
    if (r.rules.rawLength === 'error') {
      const message = `${subject} of ${length} octets (at most ${MAX_VALUE_OCTETS} before decoding)`;
      return attrError('ATTR_VALUE_TOO_LONG', message, ATTRIBUTE.valueTooLong, p.eq + 1, name);
    }
    r.warnings.push(
      warning('ATTR_LONG_VALUE', p.eq + 1, p.known, subject, length, MAX_VALUE_OCTETS),
    );
    return undefined;
  },

  name(r, p) {
    if (p.known !== undefined) {
      p.named = true;
      return undefined;
    }
    const raw = p.rawName;
    if (r.rules.extensions && r.dialect.isExtension(raw)) {
      const name = asciiUpper(raw);
      r.extensions.push({ name, raw: rawValue(r, p), position: p.start });
      const owner = r.dialect.extensionOwner;
      r.warnings.push(warning('ATTR_EXTENSION', p.start, undefined, name, owner));
      return 'skip';
    }
    const echo = r.rules.unknownNameEcho === 'raw' ? raw : maskForReply(raw);
    const reply = badAttributeName(r.dialect.verb, echo);
    return attrError('ATTR_UNKNOWN', `unknown attribute name "${raw}"`, reply, p.start, raw);
  },

  duplicate(r, p) {
    const name = p.known as string;
    if (!r.attributes.some((a) => a.name === name)) return undefined;
    if (r.rules.duplicates === 'error') {
      const reply = ATTRIBUTE.duplicate(name);
      return attrError('ATTR_DUPLICATE', `${name} appears twice`, reply, p.start, name);
    }
    r.warnings.push(warning('ATTR_DUPLICATE', p.start, name, name));
    return undefined;
  },

  decode(r, p) {
    const { octets } = r.line;
    const decoded = decodeXtextOctets(octets, p.eq + 1, p.end, r.rules.xtext);
    const name = p.known ?? p.rawName;
    if (!decoded.ok) {
      const f = decoded.failure as { readonly code: XclientErrorCode; readonly at: number };
      const reply = ATTRIBUTE.badXtext(name, maskForReply(rawValue(r, p)));
      return attrError(f.code, `${name}: malformed xtext at offset ${f.at}`, reply, f.at, name);
    }
    // Decoded controls are the value rules' to judge, unless the profile masks them.
    const masks = r.rules.values.controls === 'masked';
    for (const [code, position] of decoded.warnings) {
      if (code === 'XTEXT_CONTROL_CHAR' && !masks) continue;
      r.warnings.push(warning(code, position, p.known));
    }
    p.source = decoded.source;
    // Stryker disable next-line ConditionalExpression,ArithmeticOperator: speed only: valid UTF-8 octets decode to the raw text they came from
    const unchanged = decoded.value.length === p.end - p.eq - 1;
    if (r.rules.values.invalidUtf8 === 'printable') return postfixView(r, p, decoded.value);
    const invalid = findInvalidUtf8(decoded.value);
    if (invalid >= 0) {
      const shown = shownText(decoded.value, 0, decoded.value.length);
      const reply = ATTRIBUTE.badSyntax(name, maskForReply(shown));
      const message = `${name}: the decoded value is not valid UTF-8`;
      return attrError('XTEXT_INVALID_UTF8', message, reply, decoded.source(invalid), name);
    }
    // No escape taken: the decoded octets are the raw ones.
    p.value = unchanged ? rawValue(r, p) : decodeUtf8(decoded.value);
    return undefined;
  },

  validate(r, p) {
    const name = p.known as string;
    const spec = r.dialect.attributes[name] as AttributeSpec;
    const result = validateValue(name, spec, p.value, r.rules.values);
    if (!result.ok) {
      const { error } = result;
      const at = error.code === 'ATTR_CONTROL_CHAR' ? inLine(p, ownPosition(error)) : p.eq + 1;
      return relocate(error, at, echoOf(r, p, spec, error.reply));
    }
    for (const w of result.warnings) r.warnings.push({ ...w, position: inLine(p, w.position) });
    p.decoded = result.text;
    p.typed = result.value;
    return undefined;
  },
};

/**
 * Postfix's view of decoded octets (printable(), a NUL ending the C string), with the
 * warnings that say what it changed. Octets printable() keeps that are not UTF-8 are U+FFFD
 * in the value's text and kept in `p.octets` for the reply that echoes them.
 */
function postfixView(r: Reader, p: Piece, value: Uint8Array): undefined {
  const shown = postfixPrintable(value);
  if (shown.nul >= 0) {
    r.warnings.push(warning('ATTR_TRUNCATED_AT_NUL', inDecoded(p, shown.nul), p.known));
  }
  if (shown.masked) {
    r.warnings.push(warning('ATTR_MASKED', p.eq + 1, p.known));
  }
  // Nothing decoded, cut or masked: the value is the raw text.
  // Stryker disable ConditionalExpression,EqualityOperator,ArithmeticOperator: `same` is speed only: octets printable() left as they were decode to the raw text (the line's UTF-8 was checked); valid UTF-8 decodes the same lossily, and its echo (p.octets) has the reply's own text, whose octets are the same
  const same = !shown.masked && shown.nul < 0 && shown.octets.length === p.end - p.eq - 1;
  if (same) p.value = rawValue(r, p);
  else if (findInvalidUtf8(shown.octets) < 0) p.value = decodeUtf8(shown.octets);
  else {
    p.value = decodeUtf8Lossy(shown.octets);
    p.octets = shown.octets;
  }
  // Stryker restore ConditionalExpression,EqualityOperator,ArithmeticOperator
  return undefined;
}

/**
 * The reply of a refused value whose octets are not UTF-8: Postfix's `Bad NAME syntax: …`
 * with the octets it echoes (neutered where the attribute is), when that is the reply.
 */
function echoOf(r: Reader, p: Piece, spec: AttributeSpec, reply: XclientError['reply']) {
  if (p.octets === undefined) return reply;
  const octets = r.rules.values.neuter && spec.neutered ? neuterOctets(p.octets) : p.octets;
  const echo = ATTRIBUTE.badSyntaxEcho(p.known as string, octets);
  // Stryker disable next-line ConditionalExpression: every refusal of a value in the 'postfix' view is `Bad NAME syntax:` with the value as printable() left it, the echo's own text (no other reply was found over 30 000 random values of every attribute of both dialects); kept so that another reply is never given the value's octets
  return echo.text === reply.text ? echo : reply;
}

/** The same error with its position moved into the line (and its reply, when given). */
function relocate(error: XclientError, position: number, reply = error.reply): Fail {
  const { code, message, attribute } = error;
  return attrError(code, message, reply, position, attribute);
}

/**
 * 'lenient' (nginx): a token that does not start with a known or extension `NAME=`
 * continues the previous value, raw space included, with a warning. So does a token that
 * starts with the name of an attribute already set on the line: nginx copies LOGIN
 * unencoded, so `LOGIN=alice addr=127.0.0.1` is one login, and text inside a raw value can
 * never replace an attribute set before it (docs/profiles.md, docs/spec/peers.md).
 *
 * ```
 * lenient-line = verb SP piece *( blanks piece )
 * piece        = new-name "=" *( any octet but blank / blanks continuation )
 * new-name     = a dialect or extension name not yet set on the line (any case)
 * continuation = any token that does not start with new-name "="
 * ```
 */
function joinRawSpaces(r: Reader, tokens: readonly Token[]): Token[] {
  if (!r.rules.rawSpaceInValue) return tokens.slice(1);
  const pieces: Token[] = [];
  const set = new Set<string | undefined>();
  const { octets } = r.line;
  const nameAt = (start: number, end: number): string | undefined => {
    const eq = findOctet(octets, start, end, EQUALS);
    // Stryker disable next-line EqualityOperator: an attribute token is past the verb: its "=" is never at offset 0
    return eq < 0 ? undefined : text(r, start, eq);
  };
  let pieceName: string | undefined; // the dialect name the last piece starts with
  for (let t = 1; t < tokens.length; t++) {
    const token = tokens[t] as Token;
    const previous = pieces[pieces.length - 1];
    const name = nameAt(token[0], token[1]);
    const known = name === undefined ? undefined : r.dialect.nameOf(name);
    const startsAttribute =
      name !== undefined &&
      (known === undefined
        ? r.dialect.isExtension(name)
        : // Stryker disable next-line ConditionalExpression: the one profile that joins raw spaces ('lenient') reads a repeated name as raw text
          r.rules.duplicates !== 'raw-text' || !set.has(known));
    if (previous === undefined || startsAttribute) {
      set.add(known);
      pieces.push(token);
      pieceName = known;
      continue;
    }
    r.warnings.push(warning('LINE_RAW_SPACE_IN_VALUE', previous[1], pieceName));
    pieces[pieces.length - 1] = [previous[0], token[1]];
  }
  return pieces;
}

/** Reads one attribute token through the profile's steps; adds it unless skipped. */
function readAttribute(r: Reader, [start, end]: Token): Fail | undefined {
  const { octets } = r.line;
  const eq = findOctet(octets, start, end, EQUALS);
  // Stryker disable EqualityOperator,ConditionalExpression,StringLiteral: a token without "=" fails every profile's first step ('equals', 'attributeValue'), which reads neither name; "=" is never at offset 0; 'decode' sets value and 'validate' sets decoded before anything reads them
  const name = eq < 0 ? '' : text(r, start, eq);
  const p: Piece = {
    start,
    end,
    eq,
    rawName: name,
    known: eq < 0 ? undefined : r.dialect.nameOf(name),
    named: false,
    value: '',
    source: undefined,
    decoded: '',
    // Stryker restore EqualityOperator,ConditionalExpression,StringLiteral
    typed: undefined,
    octets: undefined,
  };
  const steps = r.rules.steps;
  for (let i = 0; i < steps.length; i++) {
    const result = STEPS[steps[i] as AttributeStep](r, p);
    if (result === 'skip') return undefined;
    if (result !== undefined) return result;
  }
  r.attributes.push({
    name: p.known as string,
    rawName: p.rawName,
    raw: rawValue(r, p),
    decoded: p.decoded,
    value: p.typed,
    position: start,
  });
  return undefined;
}

/** The attributes of a line whose verb was checked; the first refusal ends the read. */
function readAttributes(r: Reader, tokens: readonly Token[]): Fail | undefined {
  for (const piece of joinRawSpaces(r, tokens)) {
    const refused = readAttribute(r, piece);
    if (refused !== undefined) return refused;
  }
  return undefined;
}

/** The failed result: the error, the attributes read before it, the warnings in order. */
function failed(f: Fail, partial: readonly ReadAttribute[], warnings: Warning[]): ReadResult {
  warnings.sort((a, b) => a.position - b.position);
  return { ok: false, error: f.error, partial, warnings };
}

/** The refusal of a line that is neither a string nor readable octets: a line that is not a command. */
export function notALine(): ReadResult {
  const message = 'the line must be a string or a Uint8Array';
  const f = lineError('LINE_NOT_XCLIENT', message, LINE.notRecognized, 0);
  return { ok: false, error: f.error, partial: [], warnings: [] };
}

/**
 * Reads a command line of `dialect` under a profile's rules: a string, or a plain
 * `Uint8Array` (parseCommand refuses anything else first, with {@link notALine}).
 */
export function readCommand(
  dialect: CompiledDialect,
  input: string | Uint8Array,
  rules: Rules,
): ReadResult {
  return readOrdinary(dialect, input, rules) ?? readGeneral(dialect, input, rules);
}

/**
 * {@link readCommand} without its fast path: every line through the line reader, the
 * tokenizer and the profile's steps (the tests compare the fast path with it).
 */
export function readGeneral(
  dialect: CompiledDialect,
  input: string | Uint8Array,
  rules: Rules,
): ReadResult {
  const warnings: Warning[] = [];
  const attributes: ReadAttribute[] = [];
  const extensions: ReadExtension[] = [];
  const line = readLine(input, rules, warnings);
  if (isOutcome(line)) return failed(line, attributes, warnings);
  const tokens = tokenize(line.octets, line.n, rules, warnings);
  if (!Array.isArray(tokens)) return failed(tokens, attributes, warnings);
  if (tokens.length === 0) {
    const empty = lineError('LINE_EMPTY', 'empty command line', LINE.empty, 0);
    return failed(empty, attributes, warnings);
  }
  const r: Reader = { dialect, rules, line, attributes, extensions, warnings };
  const refused = checkVerb(line.octets, tokens, rules, dialect.verb) ?? readAttributes(r, tokens);
  if (refused !== undefined) return failed(refused, attributes, warnings);
  warnings.sort((a, b) => a.position - b.position);
  const value = commandValue(attributes, extensions);
  for (const a of attributes) value[a.name] = a.value;
  return { ok: true, value: value as Extract<ReadResult, { ok: true }>['value'], warnings };
}
