/**
 * Valid command lines and attribute sets: the attributes of a line, as sent and decoded, and
 * what `formatXclient` is given.
 *
 * @packageDocumentation
 */

import type { Arbitrary } from 'fast-check';
import fc from 'fast-check';
// The library by its own name, not by relative path: the build keeps this import, so the
// subpath shares the package's one instance of UNAVAILABLE and TEMPUNAVAIL (a CJS bundle of
// its own would carry copies that formatXclient does not recognize).
import type { XclientAttributeName, XclientAttributes } from 'smtp-xclient';
import { ATTRIBUTES, XclientError } from 'smtp-xclient';
import { givenValue, overflowOf, validAttributeValue } from './attributes.js';
import { MAX_CONTENT, MAX_RAW, NAMES } from './limits.js';
import { encodeCodePoints, escapesArb, fitXtext, isSpecialText, octets } from './xtext.js';

// ---------------------------------------------------------------------------------------
// Attribute sets for formatXclient

/**
 * The attributes that travel together in formatXclient's last command: these must fit in
 * one 510-octet line.
 */
const FINAL_GROUP: readonly XclientAttributeName[] = NAMES.filter(
  (n) => ATTRIBUTES[n].place === 'final',
);

/**
 * The attributes of the final group that {@link fitFinalGroup} shortens (free text), or drops
 * (host names), the last in rank first.
 */
const lastRankFirst = (overflow: 'shorten' | 'drop'): readonly XclientAttributeName[] =>
  FINAL_GROUP.filter((n) => overflowOf(n) === overflow).sort(
    (a, b) => ATTRIBUTES[b].rank - ATTRIBUTES[a].rank,
  );
const SHORTENED = lastRankFirst('shorten');
const DROPPED = lastRankFirst('drop');

type MutableAttributes = { -readonly [K in keyof XclientAttributes]: XclientAttributes[K] };

/** An upper bound of the length of ` NAME=xtext` as formatXclient writes it. */
function pieceLength(name: XclientAttributeName, value: unknown): number {
  const address = ATTRIBUTES[name].kind === 'address';
  let text: string;
  if (typeof value === 'object' && value !== null) text = (value as { text: string }).text;
  else if (typeof value === 'number') text = String(value);
  else {
    text = value as string;
    if (address && text.includes(':') && !/^ipv6:/i.test(text)) text = `IPV6:${text}`;
  }
  // the canonical form of an IPv6 address is at most 6 characters longer (::ffff:ff:ff)
  const margin = address ? 8 : 0;
  return 2 + name.length + encodeCodePoints(text, true).join('').length + margin;
}

/**
 * Shortens the free text of the final group (LOGIN, then HELO), then drops its host names
 * (REVERSE_NAME, then NAME) until the group fits.
 */
function fitFinalGroup(attributes: MutableAttributes): MutableAttributes {
  const total = (): number =>
    'XCLIENT'.length +
    FINAL_GROUP.reduce(
      (n, name) => n + (attributes[name] === undefined ? 0 : pieceLength(name, attributes[name])),
      0,
    );
  const values = attributes as Partial<Record<XclientAttributeName, unknown>>;
  for (const name of SHORTENED) {
    const value = values[name];
    if (total() <= MAX_CONTENT || typeof value !== 'string') continue;
    const others = total() - pieceLength(name, value);
    const kept = fitXtext(value, [], MAX_CONTENT - others - 2 - name.length, true);
    const text = [...value].slice(0, kept.length).join('');
    if (text.length === 0 || isSpecialText(text)) delete values[name];
    else values[name] = text;
  }
  for (const name of DROPPED) {
    if (total() > MAX_CONTENT) delete values[name];
  }
  return attributes;
}

/**
 * Options of the arbitraries that draw attributes: limit them to the names a server
 * announces (its EHLO keyword `XCLIENT NAME ADDR …`), so that every line or set is one that
 * server takes.
 * @example
 * ```ts
 * const options: AnnouncedOptions = { attributes: ['NAME', 'ADDR', 'PROTO', 'HELO'] };
 * ```
 * @remarks Since 0.2.0
 */
export interface AnnouncedOptions {
  /**
   * The attribute names to use (canonical, upper case; at least one).
   * @defaultValue all nine
   */
  readonly attributes?: readonly XclientAttributeName[];
}

/** The names an {@link AnnouncedOptions} allows; an unknown or empty list is a programmer error. */
function announcedNames(options: AnnouncedOptions | undefined): readonly XclientAttributeName[] {
  const given = options?.attributes;
  if (given === undefined) return NAMES;
  if (!Array.isArray(given) || given.length === 0 || given.some((n) => !NAMES.includes(n))) {
    throw new XclientError({
      code: 'OPTION_INVALID',
      message: `attributes must be a non-empty array of XCLIENT attribute names (${NAMES.join(' ')})`,
      reply: { code: 501, enhanced: '5.5.4', text: 'Syntax: XCLIENT attribute=value...' },
    });
  }
  return NAMES.filter((n) => given.includes(n));
}

/**
 * Valid attribute sets for `formatXclient`: host names, IPv4 and IPv6 addresses (bare
 * or with an `IPv6:` prefix in any case), ports as numbers, `SMTP`/`ESMTP`, HELO and LOGIN
 * text with spaces and UTF-8, the {@link smtp-xclient!UNAVAILABLE} and {@link smtp-xclient!TEMPUNAVAIL} markers where
 * allowed, and long values (HELO and LOGIN up to 255 characters once encoded, host names
 * close to 255) that make formatXclient split the set over several lines. Every set is
 * non-empty, and HELO, PROTO, LOGIN, NAME, REVERSE_NAME and ADDR always fit in one command
 * together (formatXclient never throws on them).
 *
 * With `{ attributes }`, only those names: the sets a server that announces them takes.
 *
 * @param options - {@link AnnouncedOptions}: the names to draw from.
 * @returns an arbitrary of attribute sets.
 * @example
 * ```ts
 * fc.assert(fc.property(xclientAttributes(), (attrs) => formatXclient(attrs).length >= 1));
 * const sets = fc.sample(xclientAttributes({ attributes: ['NAME', 'ADDR'] }), 50);
 * sets.every((a) => Object.keys(a).every((n) => n === 'NAME' || n === 'ADDR')) //=> true
 * ```
 * @remarks Since 0.1.0
 */
export function xclientAttributes(options?: AnnouncedOptions): Arbitrary<XclientAttributes> {
  const names = announcedNames(options);
  const chosen = Object.fromEntries(names.map((n) => [n, givenValue(n)]));
  return fc
    .record(chosen, { requiredKeys: [] })
    .map((attributes) => fitFinalGroup({ ...attributes }) as XclientAttributes)
    .filter((attributes) => Object.keys(attributes).length > 0);
}

// ---------------------------------------------------------------------------------------
// Command lines

/**
 * One attribute of a generated line, as sent and as the server should decode it.
 * @example
 * ```ts
 * const a: GeneratedAttribute = { name: 'HELO', rawName: 'helo', raw: 'a+20b', decoded: 'a b' };
 * ```
 * @remarks Since 0.1.0
 */
export interface GeneratedAttribute {
  /** The canonical upper-case name. */
  readonly name: XclientAttributeName;
  /** The name as written in the line (mixed case). */
  readonly rawName: string;
  /** The value as written in the line (strict xtext). */
  readonly raw: string;
  /** The value after xtext decoding. */
  readonly decoded: string;
}

/**
 * A line {@link validXclientCommand} generates, with what it holds.
 * @example
 * ```ts
 * const c: ValidXclientCommand = {
 *   line: 'XCLIENT Port=25',
 *   attributes: [{ name: 'PORT', rawName: 'Port', raw: '25', decoded: '25' }],
 * };
 * ```
 * @remarks Since 0.1.0
 */
export interface ValidXclientCommand {
  /** The command line, without CRLF: at most 510 octets. */
  readonly line: string;
  /** Its attributes, in order. */
  readonly attributes: readonly GeneratedAttribute[];
}

export interface Entry extends GeneratedAttribute {
  /** The raw value, one string per decoded code point. */
  readonly pieces: readonly string[];
}

/** An attribute with a valid value; `tokenSafe`: `"`, `<`, `>` and `\` always escaped. */
export function entry(name: XclientAttributeName, tokenSafe = true): Arbitrary<Entry> {
  return fc
    .tuple(fc.mixedCase(fc.constant(name)), validAttributeValue(name), escapesArb)
    .map(([rawName, value, escapes]) => {
      const pieces = fitXtext(value, escapes, MAX_RAW, tokenSafe);
      const decoded = [...value].slice(0, pieces.length).join('');
      return { name, rawName, raw: pieces.join(''), decoded, pieces };
    });
}

/** An attribute of any name, with a valid value, token-safe. */
export const anyEntry: Arbitrary<Entry> = fc.oneof(...NAMES.map((n) => entry(n)));
/** The same, with raw `"`, `<`, `>` and `\` allowed. */
export const anyEntryRaw: Arbitrary<Entry> = fc.oneof(...NAMES.map((n) => entry(n, false)));

/** Attributes of distinct names, in random order. */
export const distinctEntries = (
  minLength: number,
  maxLength: number,
  tokenSafe = true,
  names: readonly XclientAttributeName[] = NAMES,
): Arbitrary<Entry[]> =>
  fc.uniqueArray(
    names === NAMES
      ? tokenSafe
        ? anyEntry
        : anyEntryRaw
      : fc.oneof(...names.map((n) => entry(n, tokenSafe))),
    { selector: (e) => e.name, minLength, maxLength: Math.min(maxLength, names.length) },
  );

export const token = (e: GeneratedAttribute): string => ` ${e.rawName}=${e.raw}`;

export function lineOf(verb: string, attributes: readonly GeneratedAttribute[]): string {
  return verb + attributes.map(token).join('');
}

/** Drops attributes from the end until the line fits `budget` octets (keeping `keep`). */
export function fitLine(
  verb: string,
  attributes: readonly GeneratedAttribute[],
  budget: number,
  keep = 1,
): GeneratedAttribute[] {
  const kept = [...attributes];
  let length = octets(lineOf(verb, kept));
  while (length > budget && kept.length > keep) length -= token(kept.pop() as Entry).length;
  return kept;
}

export const verbArb = fc.mixedCase(fc.constant('XCLIENT'));

export function validCommandWithin(
  budget: number,
  tokenSafe = true,
  names: readonly XclientAttributeName[] = NAMES,
): Arbitrary<ValidXclientCommand> {
  return fc
    .tuple(verbArb, distinctEntries(1, NAMES.length, tokenSafe, names))
    .map(([verb, entries]) => {
      const attributes = fitLine(verb, entries, budget).map(({ name, rawName, raw, decoded }) => ({
        name,
        rawName,
        raw,
        decoded,
      }));
      return { line: lineOf(verb, attributes), attributes };
    })
    .filter((c) => octets(c.line) <= budget);
}

/**
 * Options of {@link validXclientCommand} and {@link validXclientLine}.
 * @example
 * ```ts
 * validXclientLine({ tokenSpecials: true }) // raw `"`, `<`, `>` and `\` too
 * validXclientLine({ attributes: ['NAME', 'ADDR'] }) // what a server announcing NAME ADDR takes
 * ```
 * @remarks Since 0.1.0
 */
export interface ValidXclientLineOptions extends AnnouncedOptions {
  /**
   * Also write `"`, `<`, `>` and `\` as themselves. They are xchars, so the grammar and the
   * 'strict' profile accept them, but Postfix's command tokenizer does not read them as data
   * (`"` and `<` group what follows, spaces and the next attributes included; `\` escapes
   * the next octet): a real Postfix may answer such a line with `501 … attribute value too
   * long` or read other values. By default they are escaped (`+22`, `+3C`, `+3E`, `+5C`),
   * as formatXclient does, so the lines mean the same to every server.
   * @defaultValue false
   */
  readonly tokenSpecials?: boolean;
}

/**
 * XCLIENT command lines the 'strict' profile accepts, with their attributes: the verb and
 * the names in mixed case, one to nine distinct attributes in any order, separated by single
 * spaces, values in strict xtext (sometimes with needless `+XX` escapes, special values in
 * mixed case, UTF-8 HELO and LOGIN), each raw value at most 255 characters and the line at
 * most 510 octets (512 with the CRLF that the caller adds). `"`, `<`, `>` and `\` are
 * escaped unless `tokenSpecials` is set (see {@link ValidXclientLineOptions}).
 *
 * @param options - {@link ValidXclientLineOptions}.
 * @returns an arbitrary of `{ line, attributes }`.
 * @example
 * ```ts
 * fc.assert(fc.property(validXclientCommand(), ({ line, attributes }) => {
 *   const r = parseXclient(line);
 *   return r.ok && r.value.attributes.length === attributes.length;
 * }));
 * ```
 * @remarks Since 0.1.0
 */
export function validXclientCommand(
  options?: ValidXclientLineOptions,
): Arbitrary<ValidXclientCommand> {
  return validCommandWithin(MAX_CONTENT, options?.tokenSpecials !== true, announcedNames(options));
}

/**
 * XCLIENT command lines (without CRLF) that `parseXclient(line)` (the 'strict' profile)
 * accepts: see {@link validXclientCommand}, which also says what each line holds.
 *
 * @param options - {@link ValidXclientLineOptions}.
 * @returns an arbitrary of command lines.
 * @example
 * ```ts
 * fc.sample(validXclientLine(), 2)
 * //=> e.g. ['XCLIENT NAME=a', 'xClient PORT=25 helo=Gr+C3+BC+C3+9Fe ADDR=IPv6:::1']
 * ```
 * @remarks Since 0.1.0
 */
export function validXclientLine(options?: ValidXclientLineOptions): Arbitrary<string> {
  return validXclientCommand(options).map((c) => c.line);
}
