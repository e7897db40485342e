/**
 * The first token: the dialect's verb, in any ASCII case, followed by at least one
 * attribute.
 *
 * ```
 * verb        = the dialect's verb                      ; "XCLIENT", any case
 * forbidden   = header-like / "CONNECT" / "GET" / "POST" / not-a-letter first octet
 * header-like = 1*label-char *( SP / TAB ) ":"
 * label-char  = %x21-39 / %x3B-7E                       ; printable ASCII but ":"
 * ```
 *
 * Postfix answers a forbidden verb with `221 2.7.0` and hangs up (smtpd.c
 * `smtpd_forbidden_commands`, `is_header()`); other profiles answer every other verb with
 * `500 5.5.2 Error: command not recognized`.
 *
 * @see docs/spec/postfix.md §1
 * @internal
 * @packageDocumentation
 */

import { COLON, equalsWordAt, isAsciiLetter, SP, TAB } from '../octets.js';
import { commandSyntax, LINE } from '../replies.js';
import { shownText } from '../values/printable.js';
import { type Fail, lineError } from './line.js';
import type { Rules } from './profiles.js';
import type { Token } from './tokenize.js';

/** smtpd_forbidden_commands' default (Postfix 3.7), beside header-like verbs. */
const FORBIDDEN = ['CONNECT', 'GET', 'POST'] as const;

/**
 * Postfix's is_header() on the first token, quotes included (smtpd_token() keeps them). A
 * quoted SP or TAB can only be followed by more of them, then the colon: `A"\t:"` is
 * header-like (221), `A" ":` is not (500), measured on Postfix 3.7.11.
 */
function isHeaderLike(line: Uint8Array, start: number, end: number): boolean {
  let spaced = false;
  // Stryker disable next-line EqualityOperator: line[end] is whitespace, a NUL or past the end (a token ends there), never a colon: no verdict changes
  for (let i = start; i < end; i++) {
    const c = line[i] as number;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a colon as first octet is forbidden anyway (isForbidden: not an ASCII letter)
    if (c === COLON) return i > start;
    if (c === SP || c === TAB) {
      spaced = true; // never the first octet: the tokenizers split on both
      continue;
    }
    // Stryker disable next-line EqualityOperator: SP took the branch before, so c is never SP here
    if (c > 0x7e || c < SP || spaced) return false;
  }
  return false;
}

/** Whether Postfix treats the verb `line[start, end)` as an attack. */
function isForbidden(line: Uint8Array, start: number, end: number): boolean {
  return (
    isHeaderLike(line, start, end) ||
    !isAsciiLetter(line[start] as number) ||
    FORBIDDEN.some((w) => equalsWordAt(line, start, end, w))
  );
}

/**
 * The refusal of a line whose first token is not `verb` or that has no attribute, or
 * undefined when the line goes on to its attributes.
 */
export function checkVerb(
  line: Uint8Array,
  tokens: readonly Token[],
  rules: Rules,
  verb: string,
): Fail | undefined {
  const [start, end] = tokens[0] as Token;
  if (!equalsWordAt(line, start, end, verb)) {
    const shown = shownText(line, start, end);
    return rules.forbiddenVerbs && isForbidden(line, start, end)
      ? lineError(
          'LINE_HEADER_LIKE',
          `"${shown}" is a forbidden command: Postfix disconnects`,
          LINE.headerLike,
          start,
        )
      : lineError('LINE_NOT_XCLIENT', `"${shown}" is not ${verb}`, LINE.notRecognized, start);
  }
  if (tokens.length < 2) {
    return lineError('LINE_NO_ATTRIBUTES', `${verb} without attributes`, commandSyntax(verb), end);
  }
  return undefined;
}
