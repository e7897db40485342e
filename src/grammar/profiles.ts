/**
 * The three profiles as data: one rules record per profile, read by the line reader, the
 * tokenizers, the xtext decoder and the value validators. Nothing else in the library
 * branches on a profile's name: a reader asks its rules record (`rules.tokenizer`,
 * `rules.xtext.hex`, …) what to do.
 *
 * The compiler checks the table for completeness (`satisfies Record<Profile, Rules>`), and
 * test/profiles.test.ts checks docs/profiles.md's rules table against it.
 *
 * @see docs/profiles.md; docs/spec/postfix.md §1–§4 for the 'postfix' column
 * @internal
 * @packageDocumentation
 */

/**
 * How strictly input is read. Every parser in the library takes the same three names.
 *
 * - `'strict'` (the default): the protocol documents (Postfix XCLIENT_README, RFC 3461)
 *   with their ambiguities closed.
 * - `'postfix'`: exactly what Postfix 3.7.11 accepts and replies.
 * - `'lenient'`: what real clients (swaks, nginx, Dovecot) send, with each deviation
 *   reported as a warning.
 *
 * @example
 * ```ts
 * const profile: Profile = 'postfix';
 * ```
 * @remarks Since 0.1.0
 */
export type Profile = 'strict' | 'postfix' | 'lenient';

/** What the reader does with a piece of input that the profile does not take as it is. */
type Verdict = 'error' | 'warn' | 'accept';

/**
 * The steps of reading one attribute, in the order a profile runs them. The first step
 * that fails ends the command. Postfix checks the value's raw length and decodes it before
 * it looks at the name (smtpd.c `xclient_cmd()`); the document's grammar names first.
 */
export type AttributeStep =
  /**
   * Postfix's one check: an "=" and a value after it (`ATTR_MISSING_EQUALS`, `ATTR_EMPTY`,
   * both `Error: attribute=value expected`).
   */
  | 'attributeValue'
  /** `NAME=value`: the token has an "=" (`ATTR_MISSING_EQUALS`). */
  | 'equals'
  /** The value is not empty (`ATTR_EMPTY`). */
  | 'nonEmpty'
  /** The value, still encoded, is at most 255 octets (`ATTR_VALUE_TOO_LONG`). */
  | 'rawLength'
  /** The name is one of the dialect's, or an extension ('lenient') (`ATTR_UNKNOWN`). */
  | 'name'
  /** The attribute was not sent before on the line (`ATTR_DUPLICATE`). */
  | 'duplicate'
  /** xtext decoding, then the decoded octets as text (`XTEXT_*`). */
  | 'decode'
  /** The value's rules for its kind of value (`ATTR_*`). */
  | 'validate';

/** One profile's rules. Every field is read by exactly one step of the reader. */
export interface Rules {
  // --- the line
  /**
   * How a line ends: `'crlf'`, one LF with one CR before it; `'postfix'`, one LF with
   * every CR before it, and trailing CRs without an LF (smtp_stream.c `smtp_get()`).
   */
  readonly lineEnd: 'crlf' | 'postfix';
  /**
   * The longest line that is read as it is: with `overLimit: 'error'`, its octets with the
   * CRLF; with `'cut'`, the bound of Postfix's smtp_get() (`line_length_limit`), which counts
   * the LF: a line is whole when its LF is among the first `lineLimit` octets, or right after
   * them behind a CR (so 2047 octets with CR LF are whole, 2048 are not).
   */
  readonly lineLimit: number;
  /**
   * Beyond {@link lineLimit}: `'error'` (`LINE_TOO_LONG`), or `'cut'` (`LINE_TRUNCATED`): the
   * first `lineLimit` octets are kept, CRs included, and the rest up to the LF is dropped, as
   * smtp_get() with `SMTP_GET_FLAG_SKIP` does.
   */
  readonly overLimit: 'error' | 'cut';
  /**
   * A line that was cut: parsed as read, or first masked by Postfix's printable() (every
   * octet but printable ASCII and UTF-8-looking runs becomes `?`, up to a NUL), because
   * smtpd_chat_query_limit() logs it with printable(), which rewrites it in place. TAB, VT,
   * FF and CR then separate nothing, and lone 8-bit octets no longer fail the UTF-8 check.
   */
  readonly cutLine: 'as-read' | 'printable';
  /** A line over RFC 5321's 512 octets that is still read gets a `LINE_TOO_LONG` warning. */
  readonly warnOver512: boolean;
  /** A NUL: the end of the line (a C string, with a `LINE_TRUNCATED` warning), or refused. */
  readonly nul: 'ends-line' | 'refused';
  /**
   * Control characters refused anywhere in the line (`LINE_BAD_CHAR`; a TAB is
   * `LINE_BAD_SPACING`): every C0 control and DEL, only NUL and CR, or none.
   */
  readonly lineControls: 'all' | 'nul-cr' | 'none';
  // --- tokens
  /**
   * How the line splits into tokens: at each SP (an empty token is an error), at runs of
   * SP and TAB (blanks at the ends warned), or with Postfix's smtp_next_token() (C
   * whitespace runs, `"…"` and `<…>` groups, backslash escapes, `to:`/`from:`).
   */
  readonly tokenizer: 'single-space' | 'blank-runs' | 'postfix';
  /**
   * A verb Postfix treats as an attack (a header-like first token, CONNECT/GET/POST, a
   * verb that does not start with a letter) gets the 221 goodbye instead of 500.
   */
  readonly forbiddenVerbs: boolean;
  /**
   * A token that does not start with a known `NAME=` continues the previous value (nginx
   * sends LOGIN unencoded), with a `LINE_RAW_SPACE_IN_VALUE` warning.
   */
  readonly rawSpaceInValue: boolean;
  // --- attributes
  /** The steps for each attribute, in order. */
  readonly steps: readonly AttributeStep[];
  /** An unknown name is echoed in the reply as sent, or with controls masked as `?`. */
  readonly unknownNameEcho: 'raw' | 'masked';
  /** The dialect's extension attributes (Dovecot's) are returned as `extensions`. */
  readonly extensions: boolean;
  /** A raw value over 255 octets: refused, or accepted with `ATTR_LONG_VALUE`. */
  readonly rawLength: 'error' | 'warn';
  /**
   * A repeated attribute: refused; the last one wins (with an `ATTR_DUPLICATE` warning); or,
   * with {@link rawSpaceInValue}, read as raw text of the value before it (nginx's unencoded
   * LOGIN), so that no attribute set on the line can be replaced by a later one.
   */
  readonly duplicates: 'error' | 'warn' | 'raw-text';
  /** On an attribute error, the attributes before it stay applied (`partial`), as in Postfix. */
  readonly partial: boolean;
  // --- xtext
  readonly xtext: {
    /** Hex digits after "+": upper case only (RFC 3461), or either case. */
    readonly hex: 'upper' | 'any';
    /** Octets xtext must escape (SP, "=", controls, non-ASCII): refused, or taken raw. */
    readonly rawOctets: 'error' | 'warn';
    /**
     * A "+" that starts no escape: an error; taken as itself (`XTEXT_RAW_PLUS`); or the
     * whole value used undecoded, as Postfix's `xtext_unquote()` failing does.
     */
    readonly malformed: 'error' | 'raw-plus' | 'fallback';
  };
  // --- values
  readonly values: {
    /**
     * How a decoded value is seen: as it is; or as Postfix sees it, a C string (a NUL ends
     * it) with non-printable characters shown as `?` (printable.c).
     */
    readonly view: 'as-is' | 'postfix';
    /**
     * Decoded octets that are not UTF-8: refused (`XTEXT_INVALID_UTF8`), or kept as Postfix's
     * printable() keeps them: an octet 0xC2–0xFE with the continuation octets after it stays
     * raw (in the value's text as U+FFFD where it is not UTF-8; `replyOctets` gives the raw
     * octets of a reply that echoes it), any other non-printable octet becomes `?`.
     */
    readonly invalidUtf8: 'error' | 'printable';
    /** An empty decoded value: refused (`ATTR_EMPTY`) or accepted. */
    readonly empty: 'error' | 'accept';
    /**
     * Control characters in a decoded value (C0, DEL, C1 U+0080–U+009F with NEL, and the
     * line and paragraph separators U+2028 / U+2029): all refused; or in free text (HELO,
     * LOGIN) only NUL, CR and LF refused and the others warned; or as Postfix sees them
     * (C0 and DEL masked, C1 and U+2028 / U+2029 kept as their UTF-8 octets, measured on
     * 3.7.11).
     */
    readonly controls: 'refuse' | 'refuse-line-breaks-in-text' | 'masked';
    /** A lone surrogate in a value given as a string: refused, or masked as `?`. */
    readonly loneSurrogate: 'error' | 'masked';
    /** The special values an attribute only tolerates (swaks's `PROTO=[UNAVAILABLE]`). */
    readonly tolerateSpecials: boolean;
    /** A special value in lower or mixed case gets `ATTR_SPECIAL_CASE`. */
    readonly warnSpecialCase: boolean;
    /** `[TEMPUNAVAIL]` where it has no meaning but text is allowed (HELO, LOGIN). */
    readonly literalTempunavail: Verdict;
    /**
     * A value over its attribute's length limit: refused; for free text a warning and
     * other kinds refused; or left to the kind's own check (Postfix's).
     */
    readonly overLength: 'error' | 'warn-text' | 'kind';
    /** Postfix replaces ` <>()\";@` by `?` in HELO and addresses before checking them. */
    readonly neuter: boolean;
    /** Addresses: Postfix's glibc reading, the RFC forms, or those plus bare IPv6 (warned). */
    readonly address: 'postfix' | 'strict' | 'bare-ipv6';
    /** Ports: 1–5 digits without range check (Postfix), or 0–65535 without leading zeros. */
    readonly port: 'postfix' | 'strict';
    /** Free text over the attribute's limit is `ATTR_TOO_LONG` in the kind's own check. */
    readonly textLimit: boolean;
    /** PROTO values beyond the document's, accepted with `ATTR_PROTO_NONSTANDARD`. */
    readonly extraProtocols: readonly string[];
    /**
     * What XFORWARD_README Note 1 keeps out of a word (XFORWARD's PROTO, HELO, IDENT: a
     * space, non-ASCII, `<>()\";@`): refused, warned (`ATTR_WORD_CHAR`), or accepted (Postfix
     * neuters them).
     */
    readonly wordChars: Verdict;
  };
  /** The ordinary-line fast path: which octets may stand in its values. */
  readonly fastPath: 'xchar' | 'token-safe-xchar' | 'none';
}

/**
 * The xtext rules of each profile, a table of their own so that xtext alone (encodeXtext,
 * decodeXtext) does not carry the rest of the rules.
 */
export const XTEXT_RULES = {
  strict: { hex: 'upper', rawOctets: 'error', malformed: 'error' },
  postfix: { hex: 'any', rawOctets: 'warn', malformed: 'fallback' },
  lenient: { hex: 'any', rawOctets: 'warn', malformed: 'raw-plus' },
} as const satisfies Record<Profile, Rules['xtext']>;

/** Postfix's `line_length_limit` default: longer lines are cut here. */
export const POSTFIX_LINE_LIMIT = 2048;

/** 'strict': the protocol document, its ambiguities closed. */
const STRICT: Rules = /* @__PURE__ */ (() => ({
  lineEnd: 'crlf',
  lineLimit: 512,
  overLimit: 'error',
  cutLine: 'as-read',
  warnOver512: false,
  nul: 'refused',
  lineControls: 'all',
  tokenizer: 'single-space',
  forbiddenVerbs: false,
  rawSpaceInValue: false,
  steps: ['equals', 'name', 'nonEmpty', 'rawLength', 'duplicate', 'decode', 'validate'],
  unknownNameEcho: 'masked',
  extensions: false,
  rawLength: 'error',
  duplicates: 'error',
  partial: false,
  xtext: XTEXT_RULES.strict,
  values: {
    view: 'as-is',
    invalidUtf8: 'error',
    empty: 'error',
    controls: 'refuse',
    loneSurrogate: 'error',
    tolerateSpecials: false,
    warnSpecialCase: false,
    literalTempunavail: 'error',
    overLength: 'error',
    neuter: false,
    address: 'strict',
    port: 'strict',
    textLimit: false,
    extraProtocols: [],
    wordChars: 'error',
  },
  fastPath: 'xchar',
}))();

/**
 * The rules of each profile. The readers read fields of these records; no code outside
 * this table branches on a profile's name.
 */
export const PROFILE_RULES = /* @__PURE__ */ (() =>
  ({
    strict: STRICT,
    // Postfix 3.7.11: smtp_get(), smtpd_chat_query_limit(), smtpd_token.c, xclient_cmd(),
    // printable(), xtext_unquote().
    postfix: {
      lineEnd: 'postfix',
      lineLimit: POSTFIX_LINE_LIMIT,
      overLimit: 'cut',
      cutLine: 'printable',
      warnOver512: false,
      nul: 'ends-line',
      lineControls: 'none',
      tokenizer: 'postfix',
      forbiddenVerbs: true,
      rawSpaceInValue: false,
      steps: ['attributeValue', 'rawLength', 'decode', 'name', 'validate', 'duplicate'],
      unknownNameEcho: 'raw',
      extensions: false,
      rawLength: 'error',
      duplicates: 'warn',
      partial: true,
      xtext: XTEXT_RULES.postfix,
      values: {
        view: 'postfix',
        invalidUtf8: 'printable',
        empty: 'accept',
        controls: 'masked',
        loneSurrogate: 'masked',
        tolerateSpecials: false,
        warnSpecialCase: false,
        literalTempunavail: 'accept',
        overLength: 'kind',
        neuter: true,
        address: 'postfix',
        port: 'postfix',
        textLimit: true,
        extraProtocols: [],
        wordChars: 'accept',
      },
      fastPath: 'token-safe-xchar',
    },
    // What nginx, Dovecot and swaks send: strict's value rules, their deviations warned.
    lenient: {
      ...STRICT,
      lineLimit: 4096,
      warnOver512: true,
      lineControls: 'nul-cr',
      tokenizer: 'blank-runs',
      rawSpaceInValue: true,
      extensions: true,
      rawLength: 'warn',
      duplicates: 'raw-text',
      xtext: XTEXT_RULES.lenient,
      values: {
        ...STRICT.values,
        controls: 'refuse-line-breaks-in-text',
        tolerateSpecials: true,
        warnSpecialCase: true,
        literalTempunavail: 'warn',
        overLength: 'warn-text',
        address: 'bare-ipv6',
        extraProtocols: ['LMTP'],
        wordChars: 'warn',
      },
      // An ordinary line holds none of the deviations 'lenient' reads (blank runs, raw
      // spaces, extensions, lower-case hex, …): it reads it as 'strict' does.
      fastPath: 'xchar',
    },
  }) as const satisfies Record<Profile, Rules>)();

/**
 * The profile names, in the order the documentation lists them.
 * @example
 * ```ts
 * PROFILES //=> ['strict', 'postfix', 'lenient']
 * ```
 * @remarks Since 0.1.0
 */
export const PROFILES: readonly Profile[] = /* @__PURE__ */ Object.freeze([
  'strict',
  'postfix',
  'lenient',
]);

/** Whether a value names a profile (own keys only: `'toString'` is no profile). */
const isProfile = (option: unknown): option is Profile =>
  typeof option === 'string' && Object.hasOwn(XTEXT_RULES, option);

/** The rules of a profile option: `'strict'` when it is absent, undefined for no profile. */
export function rulesOf(option: unknown): Rules | undefined {
  if (option === undefined) return PROFILE_RULES.strict;
  return isProfile(option) ? PROFILE_RULES[option] : undefined;
}

/** The xtext rules of a profile option, as {@link rulesOf} reads it. */
export function xtextRulesOf(option: unknown): Rules['xtext'] | undefined {
  if (option === undefined) return XTEXT_RULES.strict;
  return isProfile(option) ? XTEXT_RULES[option] : undefined;
}
