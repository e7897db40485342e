/**
 * The XCLIENT and XFORWARD keywords of an EHLO reply: `250-XCLIENT NAME ADDR PROTO HELO …`,
 * `250-XFORWARD NAME ADDR PROTO HELO SOURCE PORT IDENT`. One reader for both, by dialect.
 *
 * ```
 * ehlo-line    = ehlo-keyword *( SP ehlo-param )          ; RFC 5321 §4.1.1.1
 * ehlo-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")
 * ehlo-param   = 1*(%d33-126)
 * ```
 * Postfix announces `XCLIENT NAME ADDR PROTO HELO REVERSE_NAME PORT LOGIN DESTADDR DESTPORT`
 * and `XFORWARD NAME ADDR PROTO HELO SOURCE PORT IDENT` to clients authorized for each only
 * (docs/spec/postfix.md §7, §15); names compare case-insensitively (swaks and Dovecot
 * upper-case them).
 *
 * @packageDocumentation
 */

import type { CompiledDialect } from './dialects/dialect.js';
import { XCLIENT, type XclientAttributeName } from './dialects/xclient.js';
import { XFORWARD, type XforwardAttributeName } from './dialects/xforward.js';
import { failure, ownPosition, type Result, XclientError } from './errors.js';
import { stringArray } from './input.js';
import { asciiUpper, LINE_BREAKING } from './octets.js';
import { LIBRARY } from './replies.js';
import { parseReply } from './reply.js';

/**
 * What a server announced with its XCLIENT keyword.
 * @example
 * ```ts
 * const r = parseXclientKeyword('XCLIENT NAME ADDR SESSION');
 * const k: XclientKeyword | undefined = r.ok ? r.value : undefined;
 * // { names: ['NAME', 'ADDR', 'SESSION'], attributes: ['NAME', 'ADDR'] }
 * ```
 * @remarks Since 0.1.0
 */
export interface XclientKeyword {
  /** Every name announced, upper case, in the order announced (unknown ones included). */
  readonly names: readonly string[];
  /** The announced names this library knows, in the order announced. */
  readonly attributes: readonly XclientAttributeName[];
}

function isParam(word: string): boolean {
  if (word.length === 0) return false;
  // Stryker disable next-line EqualityOperator: charCodeAt(length) is NaN, which fails both tests
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c < 33 || c > 126) return false;
  }
  return true;
}

/** The keyword line's words, or undefined when the line is not the keyword `verb`. */
function keywordWords(line: string, verb: string): string[] | undefined {
  // Stryker disable next-line Regex: split at each blank, the runs leave empty words, which the filter drops
  const words = line.split(/[ \t]+/).filter((w) => w !== '');
  // Stryker disable next-line StringLiteral: words[0] is undefined only for a blank line, and no text with a space is a verb
  return asciiUpper(words[0] ?? '') === verb ? words.slice(1) : undefined;
}

/**
 * The lines of the input with the offset of each: a string's at their own offsets (CRLF or LF
 * between them, one final line end dropped), an array's as if each were followed by CRLF, as
 * {@link parseReply} counts them.
 */
function inputLines(
  text: string,
  given: readonly string[] | undefined,
): {
  readonly lines: readonly string[];
  readonly starts: readonly number[];
} {
  const lines: string[] = [];
  const starts: number[] = [];
  let at = 0;
  if (given !== undefined) {
    for (const line of given) {
      lines.push(line);
      starts.push(at);
      at += line.length + 2;
    }
    return { lines, starts };
  }
  const body = text.replace(/\r?\n$/, '');
  for (const end of body.matchAll(/\r?\n/g)) {
    lines.push(body.slice(at, end.index));
    starts.push(at);
    at = end.index + end[0].length;
  }
  lines.push(body.slice(at));
  starts.push(at);
  return { lines, starts };
}

/** The keyword of `dialect` in an EHLO reply (see {@link parseXclientKeyword}). */
function parseKeyword<N extends string>(
  dialect: CompiledDialect<N>,
  text: string | readonly string[],
): Result<{ readonly names: readonly string[]; readonly attributes: readonly N[] }> {
  // A copy of an array's lines: a hole, a non-string or a Proxy trap ends the read.
  const given = stringArray(text); // undefined for a string
  if (typeof text !== 'string' && given === undefined) {
    return failure({
      code: 'KEYWORD_BAD_SYNTAX',
      message: 'expected a string or an array of lines (strings)',
      reply: LIBRARY.badKeyword,
      position: 0,
    });
  }
  const { lines, starts } = inputLines(text as string, given);
  let keywordLines: string[];
  // Stryker disable next-line StringLiteral: lines[0] is undefined only for an empty array, and neither string starts with a reply code
  const replyForm = /^\d{3}[ -]/.test(lines[0] ?? '');
  if (replyForm && lines.length === 1) {
    // One line of a reply, such as "250-XCLIENT NAME ADDR".
    keywordLines = [(lines[0] as string).slice(4)];
  } else if (replyForm) {
    const reply = parseReply(given ?? text);
    if (!reply.ok) {
      return failure({
        code: 'KEYWORD_BAD_SYNTAX',
        message: `malformed EHLO reply: ${reply.error.message}`,
        reply: LIBRARY.badEhloReply,
        position: ownPosition(reply.error),
      });
    }
    keywordLines =
      // Stryker disable next-line ConditionalExpression,StringLiteral,ArrayDeclaration: two lines or more: parseReply gives an array, never a string
      typeof reply.value.text === 'string' ? [reply.value.text] : [...reply.value.text];
  } else {
    keywordLines = [...lines];
  }
  for (const [i, line] of keywordLines.entries()) {
    // The line's offset in the input, and where its text starts (after a reply code).
    const offset = (starts[i] as number) + (lines[i] as string).length - line.length;
    const words = keywordWords(line, dialect.verb);
    if (words !== undefined) {
      const names: string[] = [];
      const attributes: N[] = [];
      for (const word of words) {
        if (!isParam(word)) {
          return failure({
            code: 'KEYWORD_BAD_SYNTAX',
            message: `"${word}" is not an EHLO parameter`,
            reply: LIBRARY.badKeyword,
            position: offset + line.indexOf(word),
          });
        }
        const upper = asciiUpper(word);
        names.push(upper);
        const known = dialect.nameOf(upper);
        if (known !== undefined && !attributes.includes(known)) attributes.push(known);
      }
      return { ok: true, value: { names, attributes } };
    }
  }
  return failure({
    code: 'KEYWORD_NOT_ANNOUNCED',
    message: `the EHLO reply does not announce ${dialect.verb}`,
    reply: LIBRARY.notAnnounced(dialect.verb),
    position: 0,
  });
}

/**
 * Reads the XCLIENT keyword from an EHLO reply and returns the announced attribute names.
 * Never throws.
 *
 * Accepts the keyword line alone (`XCLIENT NAME ADDR`, any case), one reply line
 * (`250-XCLIENT NAME ADDR`), or a whole EHLO reply (a string with CRLF or LF between lines,
 * or an array of lines).
 *
 * @param text - the keyword, a reply line, or the whole EHLO reply.
 * @returns the names, or the error `KEYWORD_NOT_ANNOUNCED` when the reply has no XCLIENT
 *   keyword (the server does not offer XCLIENT to this client), or `KEYWORD_BAD_SYNTAX`
 *   for a name that is not an EHLO parameter or a malformed EHLO reply.
 * @example
 * ```ts
 * const r = parseXclientKeyword('250-mx.example\r\n250-XCLIENT NAME ADDR PROTO HELO\r\n250 8BITMIME');
 * r.ok && r.value.attributes //=> ['NAME', 'ADDR', 'PROTO', 'HELO']
 * parseXclientKeyword('xclient name addr').ok //=> true (names come back upper case)
 * parseXclientKeyword('250 8BITMIME').ok      //=> false (KEYWORD_NOT_ANNOUNCED)
 * ```
 * @see Postfix XCLIENT_README ("XCLIENT Command syntax"); RFC 5321 §4.1.1.1
 * @remarks Since 0.1.0
 */
export function parseXclientKeyword(text: string | readonly string[]): Result<XclientKeyword> {
  return parseKeyword(XCLIENT, text);
}

/**
 * Writes the XCLIENT keyword line a server announces in its EHLO reply, with the known
 * attributes in Postfix's order and any other names after them, as given.
 *
 * @param names - the attribute names to announce (any case; duplicates dropped).
 * @returns the keyword line, without the `250-` prefix.
 * @throws {@link XclientError} `KEYWORD_BAD_SYNTAX` for a name that is not an EHLO
 *   parameter (empty, or with a space or control character).
 * @example
 * ```ts
 * formatXclientKeyword(['addr', 'NAME', 'LOGIN']) //=> 'XCLIENT NAME ADDR LOGIN'
 * formatXclientKeyword(ATTRIBUTE_NAMES)
 * //=> 'XCLIENT NAME ADDR PROTO HELO REVERSE_NAME PORT LOGIN DESTADDR DESTPORT'
 * ```
 * @see docs/spec/postfix.md §7
 * @remarks Since 0.1.0
 */
export function formatXclientKeyword(names: readonly string[]): string {
  return formatKeyword(XCLIENT, names);
}

/** The keyword line of `dialect` (see {@link formatXclientKeyword}). */
function formatKeyword(dialect: CompiledDialect, names: readonly string[]): string {
  const given = stringArray(names);
  if (given === undefined) {
    throw new XclientError({
      code: 'KEYWORD_BAD_SYNTAX',
      message: 'expected an array of names (strings, without holes)',
      reply: LIBRARY.badKeyword,
    });
  }
  // A Set keeps the first of each name in order: linear in the number of names.
  const upper = new Set<string>();
  for (const name of given) {
    if (!isParam(name)) {
      throw new XclientError({
        code: 'KEYWORD_BAD_SYNTAX',
        message: `${JSON.stringify(name)} is not an EHLO parameter`,
        reply: LIBRARY.badKeyword,
      });
    }
    upper.add(asciiUpper(name));
  }
  const known = dialect.names.filter((n) => upper.has(n));
  let line = [dialect.verb, ...known].join(' ');
  for (const n of upper) if (dialect.nameOf(n) === undefined) line += ` ${n}`;
  // Checked where it is emitted, whatever it is made of. (Nothing gets here yet: the verb is
  // the dialect's, and every name passed isParam, octets 33-126.)
  // Stryker disable all: unreachable, see above
  if (LINE_BREAKING.test(line)) {
    throw new XclientError({
      code: 'KEYWORD_BAD_SYNTAX',
      message: 'the keyword line would hold CR, LF or NUL',
      reply: LIBRARY.badKeyword,
    });
  }
  // Stryker restore all
  return line;
}

/**
 * What a server announced with its XFORWARD keyword.
 * @example
 * ```ts
 * const r = parseXforwardKeyword('XFORWARD NAME ADDR PROTO HELO SOURCE PORT IDENT');
 * const k: XforwardKeyword | undefined = r.ok ? r.value : undefined;
 * k?.attributes.length //=> 7
 * ```
 * @remarks Since 0.2.0
 */
export interface XforwardKeyword {
  /** Every name announced, upper case, in the order announced (unknown ones included). */
  readonly names: readonly string[];
  /** The announced names this library knows, in the order announced. */
  readonly attributes: readonly XforwardAttributeName[];
}

/**
 * Reads the XFORWARD keyword from an EHLO reply, as {@link parseXclientKeyword} reads the
 * XCLIENT one: the keyword line alone, one reply line, or the whole reply (a string or its
 * lines). A server may announce both; read each with its own function. Never throws.
 *
 * @param text - the keyword, a reply line, or the whole EHLO reply.
 * @returns the names, or `KEYWORD_NOT_ANNOUNCED` when the reply has no XFORWARD keyword
 *   (Postfix: the client is not in `smtpd_authorized_xforward_hosts`), or
 *   `KEYWORD_BAD_SYNTAX`.
 * @example
 * ```ts
 * const ehlo = ['250-mx.example', '250-XCLIENT NAME ADDR', '250-XFORWARD NAME ADDR PROTO HELO SOURCE PORT IDENT', '250 8BITMIME'];
 * const r = parseXforwardKeyword(ehlo);
 * r.ok && r.value.attributes //=> ['NAME', 'ADDR', 'PROTO', 'HELO', 'SOURCE', 'PORT', 'IDENT']
 * parseXforwardKeyword('250 8BITMIME').ok //=> false (KEYWORD_NOT_ANNOUNCED)
 * ```
 * @see Postfix XFORWARD_README ("XFORWARD Command syntax"); docs/spec/postfix.md §15
 * @remarks Since 0.2.0
 */
export function parseXforwardKeyword(text: string | readonly string[]): Result<XforwardKeyword> {
  return parseKeyword(XFORWARD, text);
}

/**
 * Writes the XFORWARD keyword line a server announces, with the known attributes in
 * Postfix's order and any other names after them, as given.
 *
 * @param names - the attribute names to announce (any case; duplicates dropped).
 * @returns the keyword line, without the `250-` prefix.
 * @throws {@link XclientError} `KEYWORD_BAD_SYNTAX` for a name that is not an EHLO parameter.
 * @example
 * ```ts
 * formatXforwardKeyword(['ident', 'NAME', 'ADDR']) //=> 'XFORWARD NAME ADDR IDENT'
 * ```
 * @see docs/spec/postfix.md §15
 * @remarks Since 0.2.0
 */
export function formatXforwardKeyword(names: readonly string[]): string {
  return formatKeyword(XFORWARD, names);
}
