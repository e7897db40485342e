/**
 * Tokenizers: a command line split into `[start, end)` slices. No tokenizer drops an octet:
 * a token is a slice of the line, and what lies between tokens is whitespace.
 *
 * ```
 * single-space = token *( SP token )                 ; 'strict': an empty token is an error
 * blank-runs   = *blank token *( 1*blank token ) *blank      ; 'lenient'; blank = SP / TAB
 * postfix      = smtp_next_token() of smtpd_token.c         ; 'postfix'
 * ```
 *
 * @see docs/spec/postfix.md §1
 * @internal
 * @packageDocumentation
 */

import { failure, type Warning, type XclientError } from '../errors.js';
import { BACKSLASH, COLON, DQUOTE, equalsWordAt, GT, isCSpace, LT, SP, TAB } from '../octets.js';
import { LINE } from '../replies.js';
import { warning } from '../warnings.js';
import type { Rules } from './profiles.js';

/** A token: the slice `[start, end)` of the line. */
export type Token = readonly [start: number, end: number];

/** A tokenizer's result: the tokens, or the error that ends the line. */
export type Tokens = Token[] | { readonly ok: false; readonly error: XclientError };

/**
 * Postfix's smtp_next_token() (src/smtpd/smtpd_token.c): tokens end at runs of C whitespace;
 * `"…"` and `<…>` swallow whitespace (quotes kept, `"` nests inside `<>`; an unterminated
 * group runs to the end of the line); a backslash keeps itself and protects the next octet;
 * a token that is exactly `to:` or `from:` (any case) ends at its colon.
 */
export function postfixTokens(line: Uint8Array, n: number): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  for (;;) {
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a run of whitespace that goes past n ends the same way: `i >= n` returns next
    while (i < n && isCSpace(line[i] as number)) i++;
    if (i >= n) return tokens;
    const start = i;
    while (i < n) {
      const c = line[i] as number;
      if (isCSpace(c)) break;
      i++;
      if (c === LT) i = postfixQuoted(line, i, n, GT);
      else if (c === DQUOTE) i = postfixQuoted(line, i, n, DQUOTE);
      else if (c === BACKSLASH) {
        if (i < n) i++;
      } else if (
        // Stryker disable next-line ConditionalExpression: equalsWordAt() with 'to:' or 'from:' already needs the token's last octet, c, to be a colon
        c === COLON &&
        (equalsWordAt(line, start, i, 'to:') || equalsWordAt(line, start, i, 'from:'))
      ) {
        break;
      }
    }
    tokens.push([start, i]);
  }
}

/** smtp_quoted(): from just after the opening octet to just after the matching close. */
function postfixQuoted(line: Uint8Array, from: number, n: number, last: number): number {
  const stack = [last];
  let i = from;
  while (i < n) {
    const c = line[i++] as number;
    const wanted = stack[stack.length - 1] as number;
    if (c === BACKSLASH) {
      if (i < n) i++;
    } else if (c === wanted) {
      if (stack.length === 1) return i;
      stack.pop();
    } else if (c === DQUOTE) {
      stack.push(DQUOTE);
    } else if (c === LT && wanted === GT) {
      stack.push(GT);
    }
  }
  return i;
}

/** 'strict': one SP between tokens; an empty token (two SPs, a SP at an end) is an error. */
function singleSpaceTokens(line: Uint8Array, n: number): Tokens {
  const tokens: Token[] = [];
  let start = 0;
  for (let i = 0; i <= n; i++) {
    if (i === n || line[i] === SP) {
      if (i === start) {
        return failure({
          code: 'LINE_BAD_SPACING',
          message: `empty token at offset ${i}`,
          reply: LINE.spacing,
          position: i,
        });
      }
      tokens.push([start, i]);
      start = i + 1;
    }
  }
  return tokens;
}

const isBlank = (c: number | undefined): boolean => c === SP || c === TAB;

/**
 * 'lenient': runs of SP and TAB separate tokens. Every run that is not one SP between two
 * tokens (blanks at either end, two or more blanks, a TAB) is warned, at its first octet.
 */
function blankRunTokens(line: Uint8Array, n: number, warnings: Warning[]): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  for (;;) {
    const run = i;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: line[n] is a line end or past the end, never blank: the loop stops at n either way
    while (i < n && isBlank(line[i])) i++;
    const inner = run > 0 && i < n;
    // A line of blanks alone is empty, not spaced.
    const blanksAlone = run === 0 && i >= n;
    if (i > run && !blanksAlone && (!inner || i - run > 1 || line[run] !== SP)) {
      const where = run === 0 ? 'leading' : i >= n ? 'trailing' : 'between words';
      warnings.push(warning('LINE_EXTRA_SPACE', run, undefined, where, i - run));
    }
    if (i >= n) break;
    const start = i;
    while (i < n && !isBlank(line[i])) i++;
    tokens.push([start, i]);
  }
  return tokens;
}

/** The tokenizers, by the name the profiles' rules use. */
const TOKENIZERS: {
  readonly [K in Rules['tokenizer']]: (line: Uint8Array, n: number, warnings: Warning[]) => Tokens;
} = {
  postfix: postfixTokens,
  'single-space': singleSpaceTokens,
  'blank-runs': blankRunTokens,
};

/** The tokens of `line[0, n)` by the profile's tokenizer. */
export function tokenize(line: Uint8Array, n: number, rules: Rules, warnings: Warning[]): Tokens {
  return TOKENIZERS[rules.tokenizer](line, n, warnings);
}
