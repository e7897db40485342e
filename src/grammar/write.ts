/**
 * The one command writer, for every dialect: attributes validated by the 'strict' rules,
 * xtext-encoded with Postfix's tokenizer specials escaped, and split under 512 octets the
 * way the dialect's places say:
 *
 * ```
 * lines  = *( verb 1*( SP piece ) ) verb *( SP early ) 1*( SP final )   ; each <= 510 octets
 * piece  = name "=" xtext                    ; xtext at most 255 octets
 * ```
 *
 * `'final'` attributes travel together in the last command, in rank order; `'early'` and
 * `'any'` ones join it while it has room, and the others go before it, packed in order.
 *
 * @see docs/spec/postfix.md §13
 * @internal
 * @packageDocumentation
 */

import type { CompiledDialect } from '../dialects/dialect.js';
import { XclientError, type XclientErrorCode } from '../errors.js';
import { describe, ownProperty, stringArray, UNREADABLE } from '../input.js';
import { asciiUpper, LINE_BREAKING } from '../octets.js';
import { commandSyntax } from '../replies.js';
import { hasIpv6Prefix } from '../values/ip.js';
import { validateValue } from '../values/kinds.js';
import { maskForReply } from '../values/printable.js';
import { isSpecialValue } from '../values/special.js';
import { encodeXtext } from '../xtext/encode.js';
import { MAX_LINE_OCTETS } from './line.js';
import { PROFILE_RULES } from './profiles.js';
import { MAX_VALUE_OCTETS } from './read.js';

/** A command line's content: 512 octets less the CRLF. */
const MAX_CONTENT = MAX_LINE_OCTETS - 2;

/** Options of the writer: the names the server announced, and what to do with the others. */
export interface WriteOptions {
  readonly announced?: readonly string[];
  readonly unannounced?: 'throw' | 'omit';
}

/** The writer's plan: the lines to send and the attributes left out. */
export interface WritePlan<N extends string = string> {
  readonly lines: readonly string[];
  readonly omitted: readonly N[];
}

/** The name of a dialect's format function, for messages: `XCLIENT` → `formatXclient`. */
const formatName = (verb: string): string =>
  `format${verb.charAt(0)}${verb.slice(1).toLowerCase()}`;

/** A builder's refusal, carrying the dialect's syntax reply. */
function formatError(
  dialect: CompiledDialect,
  code: XclientErrorCode,
  message: string,
  attribute?: string,
): XclientError {
  const reply = commandSyntax(dialect.verb);
  return new XclientError(
    // Stryker disable next-line ConditionalExpression: XclientError leaves out an attribute that is undefined, so `{ attribute: undefined }` makes the same error
    attribute === undefined ? { code, message, reply } : { code, message, reply, attribute },
  );
}

/** The text a value is sent as, before validation: markers, port numbers and strings. */
function valueText(dialect: CompiledDialect, name: string, value: unknown): string {
  const { kind } = dialect.attributes[name] as { kind: string };
  const refuse = (why: string): XclientError =>
    formatError(dialect, 'FORMAT_INVALID_INPUT', `${name}: ${why}`, name);
  // Stryker disable next-line ConditionalExpression: pieces() skips an undefined value before it calls piece(), so valueText never sees one
  if (value === null || value === undefined) {
    throw formatError(dialect, 'FORMAT_INVALID_INPUT', `${name} has no value`, name);
  }
  if (isSpecialValue(value)) return value.text;
  // An object with a `kind` of its own looks like a marker; reading it runs no getter.
  if (typeof value === 'object' && ownProperty(value, 'kind') !== undefined) {
    throw refuse('not a special-value marker');
  }
  if (typeof value === 'number') {
    if (kind !== 'port' || !Number.isInteger(value)) throw refuse(`${value} is not a valid value`);
    return String(value);
  }
  if (typeof value === 'string') {
    // Addresses are written as people write them: the "IPV6:" prefix is added.
    return kind === 'address' && value.includes(':') && !hasIpv6Prefix(value)
      ? `IPV6:${value}`
      : value;
  }
  const article =
    typeof value === 'object' ||
    // Stryker disable next-line ConditionalExpression,EqualityOperator,StringLiteral: undefined never gets here (pieces() skips it; null and undefined are refused above)
    typeof value === 'undefined'
      ? 'an'
      : 'a';
  throw refuse(`${article} ${typeof value} is not a valid value`);
}

/** The validated, encoded ` NAME=value` piece of one attribute. */
function piece(dialect: CompiledDialect, name: string, value: unknown): string {
  const spec = dialect.attributes[name];
  // Stryker disable ConditionalExpression,StringLiteral: pieces() refuses an unknown name before it calls piece() with one of the dialect's send order, so spec is always found
  if (spec === undefined)
    throw formatError(dialect, 'FORMAT_INVALID_INPUT', `unknown attribute "${name}"`);
  // Stryker restore ConditionalExpression,StringLiteral
  const r = validateValue(name, spec, valueText(dialect, name, value), PROFILE_RULES.strict.values);
  if (!r.ok) throw r.error;
  let canonical: string;
  if (typeof r.value === 'object') canonical = r.value.text;
  else if (spec.kind === 'address' && String(r.value).includes(':')) canonical = `IPV6:${r.value}`;
  else canonical = String(r.value);
  const encoded = encodeXtext(canonical, { tokenSafe: true });
  if (encoded.length > MAX_VALUE_OCTETS) {
    const message = `${name} is ${encoded.length} characters once xtext-encoded; Postfix refuses more than ${MAX_VALUE_OCTETS}`;
    throw formatError(dialect, 'ATTR_VALUE_TOO_LONG', message, name);
  }
  return ` ${name}=${encoded}`;
}

/** The writer's options as read: own properties only, checked. */
interface ReadOptions {
  /** The announced names (ASCII upper case), or undefined when not given. */
  readonly announced: Set<string> | undefined;
  readonly omit: boolean;
}

/** The options' own `announced` and `unannounced`, checked, or a coded refusal. */
function readOptions(dialect: CompiledDialect, options: unknown): ReadOptions {
  const mode = ownProperty(options, 'unannounced') ?? 'throw';
  if (mode !== 'throw' && mode !== 'omit') {
    const shown = mode === UNREADABLE ? 'an option that cannot be read' : describe(mode);
    const message = `unannounced must be 'throw' or 'omit', not ${shown}`;
    throw formatError(dialect, 'OPTION_INVALID', message);
  }
  const omit = mode === 'omit';
  const given = ownProperty(options, 'announced');
  if (given === undefined) return { announced: undefined, omit };
  const names = stringArray(given);
  if (names === undefined) {
    const message = 'announced must be an array of names (strings), without holes';
    throw formatError(dialect, 'OPTION_INVALID', message);
  }
  return { announced: new Set(names.map(asciiUpper)), omit };
}

/** The own value of each attribute `attributes` holds, or a coded refusal. */
function ownValues(dialect: CompiledDialect, attributes: object): Map<string, unknown> {
  const values = new Map<string, unknown>();
  let keys: string[];
  try {
    keys = Object.keys(attributes);
  } catch {
    throw formatError(dialect, 'FORMAT_INVALID_INPUT', 'the attributes cannot be read');
  }
  for (const key of keys) {
    if (!Object.hasOwn(dialect.attributes, key)) {
      const message = `unknown attribute "${maskForReply(key)}" (names are upper case)`;
      throw formatError(dialect, 'FORMAT_INVALID_INPUT', message);
    }
    const value = ownProperty(attributes, key);
    if (value === UNREADABLE) {
      throw formatError(dialect, 'FORMAT_INVALID_INPUT', `${key} cannot be read`, key);
    }
    values.set(key, value);
  }
  return values;
}

/** The pieces to send, in send order, and the names left out as unannounced. */
function pieces(
  dialect: CompiledDialect,
  attributes: object,
  options: unknown,
): { readonly pieces: Map<string, string>; readonly omitted: string[] } {
  const { announced, omit } = readOptions(dialect, options);
  // Own enumerable properties only: an inherited NAME is not sent.
  const values = ownValues(dialect, attributes);
  const omitted: string[] = [];
  const out = new Map<string, string>();
  for (const name of dialect.sendOrder) {
    const value = values.get(name);
    if (value === undefined) continue;
    const p = piece(dialect, name, value);
    if (announced !== undefined && !announced.has(name)) {
      if (omit) {
        omitted.push(name);
        continue;
      }
      throw formatError(
        dialect,
        'FORMAT_NOT_ANNOUNCED',
        `the server did not announce ${name}`,
        name,
      );
    }
    out.set(name, p);
  }
  if (out.size === 0 && omitted.length === 0) {
    throw formatError(dialect, 'FORMAT_INVALID_INPUT', 'no attributes to send');
  }
  return { pieces: out, omitted };
}

/** Pieces packed in order into as few lines as fit, each `verb` and its pieces. */
function pack(verb: string, list: readonly string[]): string[] {
  const lines: string[] = [];
  let body = '';
  for (const p of list) {
    // Stryker disable next-line ConditionalExpression,StringLiteral: one piece (at most 269 octets) never fills a line alone, so the `body !== ''` guard never decides
    if (body !== '' && verb.length + body.length + p.length > MAX_CONTENT) {
      lines.push(verb + body);
      body = '';
    }
    body += p;
  }
  if (body !== '') lines.push(verb + body);
  return lines;
}

/**
 * Plans the command lines for a set of attributes of `dialect` (see the module comment).
 * Throws a coded {@link XclientError} for anything that is not a valid attribute set.
 */
export function planCommand<N extends string>(
  dialect: CompiledDialect<N>,
  attributes: object,
  options?: WriteOptions,
): WritePlan<N> {
  const d = dialect as CompiledDialect;
  if (typeof attributes !== 'object' || attributes === null) {
    throw formatError(
      d,
      'FORMAT_INVALID_INPUT',
      `${formatName(d.verb)} expects an object of attributes`,
    );
  }
  const { pieces: sent, omitted } = pieces(d, attributes, options);
  const verb = d.verb;
  let finalBody = '';
  for (const name of d.final) finalBody += sent.get(name) ?? '';
  if (verb.length + finalBody.length > MAX_CONTENT) {
    const finals = d.final.filter((name) => sent.has(name)).join(', ');
    const need = verb.length + finalBody.length + 2;
    const message = `${finals} must travel in one command for Postfix to keep them all, but they need ${need} octets (at most ${MAX_LINE_OCTETS})`;
    throw formatError(d, 'FORMAT_FINAL_GROUP_TOO_LONG', message);
  }
  // The others join the last command while it has room, in order; the rest go before it.
  let carried = '';
  const rest: string[] = [];
  for (const name of d.others) {
    const p = sent.get(name);
    if (p === undefined) continue;
    if (
      finalBody !== '' &&
      verb.length + carried.length + p.length + finalBody.length <= MAX_CONTENT
    ) {
      carried += p;
    } else rest.push(p);
  }
  const lines = pack(verb, rest);
  if (finalBody !== '') lines.push(verb + carried + finalBody);
  // Checked where they are emitted, whatever they are made of: no line breaks a line.
  // Stryker disable BlockStatement,ConditionalExpression,StringLiteral: every piece is xtext-encoded with tokenSafe (CR, LF and NUL escaped) after the value rules, so no input reaches the throw; kept as the last guard: no line that leaves the library carries CR, LF or NUL
  for (const line of lines) {
    if (LINE_BREAKING.test(line)) {
      throw formatError(d, 'FORMAT_INVALID_INPUT', 'a command line would hold CR, LF or NUL');
    }
  }
  // Stryker restore BlockStatement,ConditionalExpression,StringLiteral
  return Object.freeze({ lines: Object.freeze(lines), omitted: Object.freeze(omitted as N[]) });
}
