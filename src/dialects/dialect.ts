/**
 * What a dialect is: a command of the `VERB 1*( SP name "=" xtext )` family, as data.
 *
 * ```
 * command         = verb 1*( SP attribute-name "=" attribute-value )
 * attribute-name  = one of the dialect's names, in any ASCII case
 * attribute-value = xtext                        ; RFC 3461 §4
 * ```
 *
 * The grammar engine (src/grammar/) reads and writes any dialect; everything that makes
 * XCLIENT XCLIENT (its verb, its attributes and their value kinds, their place in a split,
 * what a success resets, the EHLO keyword, the CLI flags) is one {@link Dialect} value in
 * src/dialects/xclient.ts; XFORWARD's is in src/dialects/xforward.ts.
 *
 * @internal
 * @packageDocumentation
 */

import { equalsUpperAscii, equalsUpperAsciiAt } from '../octets.js';
import type { SpecialKind } from '../values/special.js';

/**
 * The kinds of value an attribute holds, and the type each one parses to.
 * @example
 * ```ts
 * const port: KindValues['port'] = 25;
 * ```
 * @remarks Since 0.1.0
 */
export interface KindValues {
  /** A host name (NAME, REVERSE_NAME), as sent. */
  readonly hostname: string;
  /** A normalized address (ADDR, DESTADDR), bare: `192.0.2.1`, `2001:db8::1`. */
  readonly address: string;
  /** A TCP port (PORT, DESTPORT). */
  readonly port: number;
  /** The protocol, upper case. */
  readonly proto: 'SMTP' | 'ESMTP' | 'LMTP';
  /** Free text (HELO, LOGIN). */
  readonly text: string;
  /**
   * A word for logs and headers (XFORWARD's PROTO, HELO, IDENT): printable ASCII without
   * space or `<>()\";@` (XFORWARD_README Note 1); Postfix takes any text and neuters it.
   */
  readonly word: string;
  /** Where XFORWARD's message came from, upper case. */
  readonly source: 'LOCAL' | 'REMOTE';
}

/**
 * One attribute of a dialect: its value kind and rules, and its place when a command is
 * split. A row of {@link ATTRIBUTES}.
 * @example
 * ```ts
 * const spec: AttributeSpec = ATTRIBUTES.NAME;
 * spec.kind //=> 'hostname'
 * ```
 * @remarks Since 0.1.0
 */
export interface AttributeSpec {
  /** What the attribute tells the server. */
  readonly description: string;
  /** The kind of value. */
  readonly kind: keyof KindValues;
  /** The special values the protocol document gives a meaning to. */
  readonly specials: readonly SpecialKind[];
  /** Special values the 'lenient' profile also accepts, with a warning (swaks sends them). */
  readonly lenientSpecials: readonly SpecialKind[];
  /** `[TEMPUNAVAIL]` is ordinary text here for Postfix (HELO, LOGIN). */
  readonly literalTempunavail: boolean;
  /** Postfix replaces ` <>()\\";@` by `?` in this value (HELO, ADDR, DESTADDR). */
  readonly neutered: boolean;
  /** The longest decoded value, in octets, the 'strict' profile accepts (0: no own limit). */
  readonly maxLength: number;
  /** The Postfix version that introduced it. */
  readonly since: string;
  /**
   * Its place when the attributes need more than one command: `'final'` attributes travel
   * together in the last command, `'early'` ones may go in an earlier one (Postfix keeps
   * them across a later command), `'any'` ones anywhere.
   */
  readonly place: 'early' | 'final' | 'any';
  /** Its rank within its place: the order in which a command carries the attributes. */
  readonly rank: number;
  /** The command-line flag that sets it (`--reverse-name`). */
  readonly flag: string;
}

/** A dialect: a verb and its attributes, in the order the EHLO keyword announces them. */
export interface Dialect<N extends string = string> {
  /** The verb, upper case: `XCLIENT`. */
  readonly verb: string;
  /** The attributes, in announcement order. */
  readonly attributes: { readonly [K in N]: AttributeSpec };
  /** Names of other implementations' attributes that 'lenient' returns as extensions. */
  readonly extensionNames: readonly string[];
  /** Whose extensions they are, for the warning (`Dovecot`). */
  readonly extensionOwner: string;
}

/** A dialect with the tables the engine derives from it once. */
export interface CompiledDialect<N extends string = string> extends Dialect<N> {
  /** The names in announcement order. */
  readonly names: readonly N[];
  /** The names in the order a command carries them: early, then final, each by rank. */
  readonly sendOrder: readonly N[];
  /** The names that travel together in the last command, by rank. */
  readonly final: readonly N[];
  /** The others ('early', then 'any'), by rank: they join the last command while it has room. */
  readonly others: readonly N[];
  /** The canonical name of a name in any ASCII case, or undefined. */
  readonly nameOf: (name: string) => N | undefined;
  /**
   * {@link nameOf} of `text.slice(start, end)`, read in place (the fast path's tokens): the
   * index of the name in {@link names}, or -1.
   */
  readonly indexAt: (text: string, start: number, end: number) => number;
  /** Whether a name (any ASCII case) is one of the extension names. */
  readonly isExtension: (name: string) => boolean;
}

/** The names of a dialect's attributes, in their place and rank order. */
function byPlace<N extends string>(dialect: Dialect<N>, names: readonly N[]): N[] {
  const order = { early: 0, any: 1, final: 2 } as const;
  return [...names].sort((a, b) => {
    const x = dialect.attributes[a];
    const y = dialect.attributes[b];
    return order[x.place] - order[y.place] || x.rank - y.rank;
  });
}

/**
 * A case-insensitive look-up of `names` (upper case): the name `name` spells, or
 * `undefined`. Only the names of its length are compared, in place (no upper-case copy).
 */
function lookUpByLength<N extends string>(names: readonly N[]): (name: string) => N | undefined {
  // A Map, not an array with holes: an index Array.prototype was given is no name.
  const byLength = new Map<number, N[]>();
  for (const n of names) byLength.set(n.length, [...(byLength.get(n.length) ?? []), n]);
  return (name) => {
    const candidates = byLength.get(name.length);
    if (candidates === undefined) return undefined;
    for (const candidate of candidates) if (equalsUpperAscii(name, candidate)) return candidate;
    return undefined;
  };
}

/**
 * Compiles a dialect: its name look-up by length (names are compared in place, no
 * upper-case copy), and its send order.
 */
export function defineDialect<N extends string>(dialect: Dialect<N>): CompiledDialect<N> {
  const names = Object.keys(dialect.attributes) as N[];
  const nameOf = lookUpByLength(names);
  // indexAt's table: the indexes of the names by their length and first letter (upper case),
  // so that a token is compared with one name, or two (DESTADDR, DESTPORT).
  const byKey = new Map<number, number[]>();
  const keyOf = (length: number, first: number): number => (length << 8) | (first & 0xdf);
  for (const [index, n] of names.entries()) {
    const key = keyOf(n.length, n.charCodeAt(0));
    byKey.set(key, [...(byKey.get(key) ?? []), index]);
  }
  const indexAt = (text: string, start: number, end: number): number => {
    const candidates = byKey.get(keyOf(end - start, text.charCodeAt(start)));
    if (candidates === undefined) return -1;
    for (const index of candidates) {
      if (equalsUpperAsciiAt(text, start, names[index] as string)) return index;
    }
    return -1;
  };
  const extensionOf = lookUpByLength(dialect.extensionNames);
  const isExtension = (name: string): boolean => extensionOf(name) !== undefined;
  const sendOrder = byPlace(dialect, names);
  return Object.freeze({
    ...dialect,
    names: Object.freeze(names),
    sendOrder: Object.freeze(sendOrder),
    final: Object.freeze(sendOrder.filter((n) => dialect.attributes[n].place === 'final')),
    others: Object.freeze(sendOrder.filter((n) => dialect.attributes[n].place !== 'final')),
    nameOf,
    indexAt,
    isExtension,
  });
}
