/**
 * The result and error types shared by every module of smtp-xclient.
 *
 * Parsers (input from the wire) never throw: they return a {@link Result}. Builders and
 * encoders (input from the programmer) throw an {@link XclientError} carrying the same
 * `code`. Every error carries the SMTP reply a server would send for it.
 *
 * @packageDocumentation
 */

/**
 * An SMTP reply: a three-digit code, an optional RFC 3463 enhanced status code, and its
 * text. A single-line reply has a string `text`; a multi-line reply keeps its lines as an
 * array (without the code, separator and enhanced code of each line).
 *
 * @example
 * ```ts
 * const reply: Reply = { code: 501, enhanced: '5.5.4', text: 'Bad NAME syntax: x..y' };
 * ```
 * @remarks Since 0.1.0
 */
export interface Reply {
  /** The three-digit reply code, 200–599. */
  readonly code: number;
  /** The RFC 3463 enhanced status code (`class.subject.detail`), when the reply has one. */
  readonly enhanced?: string;
  /** The text: one line, or the lines of a multi-line reply. */
  readonly text: string | readonly string[];
}

/**
 * Every error code the library produces. Codes are stable: match on them, not on messages.
 *
 * @example
 * ```ts
 * const code: XclientErrorCode = 'XTEXT_BAD_HEXCHAR';
 * ```
 * @remarks Since 0.1.0
 */
export type XclientErrorCode =
  // xtext (src/xtext/)
  | 'XTEXT_BAD_CHAR'
  | 'XTEXT_BAD_HEXCHAR'
  | 'XTEXT_LOWERCASE_HEXCHAR'
  | 'XTEXT_TRUNCATED_HEXCHAR'
  | 'XTEXT_INVALID_UTF8'
  | 'XTEXT_INVALID_UTF16'
  // attributes (src/attributes.ts)
  | 'ATTR_UNKNOWN'
  | 'ATTR_BAD_VALUE'
  | 'ATTR_TOO_LONG'
  | 'ATTR_EMPTY'
  | 'ATTR_CONTROL_CHAR'
  | 'ATTR_SPECIAL_NOT_ALLOWED'
  | 'ATTR_DUPLICATE'
  // command line (src/command.ts)
  | 'LINE_NOT_XCLIENT'
  | 'LINE_EMPTY'
  | 'LINE_BAD_UTF8'
  | 'LINE_TOO_LONG'
  | 'LINE_BAD_CHAR'
  | 'LINE_BAD_SPACING'
  | 'LINE_NO_ATTRIBUTES'
  | 'LINE_HEADER_LIKE'
  | 'ATTR_MISSING_EQUALS'
  | 'ATTR_VALUE_TOO_LONG'
  // formatting (src/command.ts, src/keyword.ts)
  | 'FORMAT_INVALID_INPUT'
  | 'FORMAT_NOT_ANNOUNCED'
  | 'FORMAT_FINAL_GROUP_TOO_LONG'
  | 'KEYWORD_NOT_ANNOUNCED'
  | 'KEYWORD_BAD_SYNTAX'
  // replies (src/reply.ts)
  | 'REPLY_EMPTY'
  | 'REPLY_BAD_CODE'
  | 'REPLY_BAD_SEPARATOR'
  | 'REPLY_MIXED_CODES'
  | 'REPLY_MISSING_FINAL_LINE'
  | 'REPLY_BAD_TEXT'
  // sessions and options (src/session.ts, src/client.ts)
  | 'SESSION_INVALID_INIT'
  | 'OPTION_INVALID'
  // connections and line readers (src/node)
  | 'CONNECT_FAILED'
  | 'CONNECTION_CLOSED'
  | 'CONNECTION_TIMEOUT'
  | 'CONNECTION_ABORTED'
  | 'CONNECTION_NOT_REUSABLE'
  | 'REPLY_LINE_TOO_LONG'
  | 'REPLY_TOO_MANY_LINES'
  | 'SERVER_REFUSED'
  | 'STARTTLS_NOT_ANNOUNCED'
  | 'TLS_FAILED'
  // PROXY protocol headers (src/proxy)
  | 'PROXY_INCOMPLETE'
  | 'PROXY_BAD_SIGNATURE'
  | 'PROXY_TOO_LONG'
  | 'PROXY_BAD_SYNTAX'
  | 'PROXY_BAD_ADDRESS'
  | 'PROXY_BAD_PORT'
  | 'PROXY_BAD_VERSION'
  | 'PROXY_BAD_COMMAND'
  | 'PROXY_BAD_FAMILY'
  | 'PROXY_BAD_LENGTH'
  | 'PROXY_BAD_TLV'
  | 'PROXY_BAD_CHECKSUM';

/**
 * The fields an {@link XclientError} is made from.
 * @example
 * ```ts
 * new XclientError({ code: 'ATTR_BAD_VALUE', message: 'NAME: empty label', reply: { code: 501, enhanced: '5.5.4', text: 'Bad NAME syntax: x..y' } });
 * ```
 * @remarks Since 0.1.0
 */
export interface XclientErrorInit {
  readonly code: XclientErrorCode;
  readonly message: string;
  readonly reply: Reply;
  readonly position?: number;
  readonly attribute?: string;
}

const BRAND: unique symbol = Symbol.for('smtp-xclient.XclientError') as never;

/**
 * The one error type of the library: returned inside `{ ok: false, error }` by parsers and
 * thrown by builders. It carries a stable `code`, a `message` a person understands, the
 * `position` (offset into the input) where the problem starts when there is one, the
 * `attribute` at fault when there is one, and the `reply` a server sends for it.
 *
 * @example
 * ```ts
 * try {
 *   formatXclient({ ADDR: 'not-an-ip' });
 * } catch (e) {
 *   if (isXclientError(e)) console.log(e.code, e.reply.code); //=> 'ATTR_BAD_VALUE' 501
 * }
 * ```
 * @remarks Since 0.1.0
 */
export class XclientError extends Error {
  override readonly name = 'XclientError';
  /** A stable code such as `'XTEXT_BAD_HEXCHAR'`. */
  readonly code: XclientErrorCode;
  /** The SMTP reply a server sends for this error. */
  readonly reply: Reply;
  /** Offset into the input where the problem starts (octets for lines, code units for strings). */
  declare readonly position?: number;
  /** The canonical attribute name (or the name as sent, for an unknown one) at fault. */
  declare readonly attribute?: string;
  /** @internal */
  readonly [BRAND] = true;

  constructor(init: XclientErrorInit) {
    super(init.message);
    this.code = init.code;
    this.reply = init.reply;
    // Own fields only: a `position` or `attribute` a polluted prototype gives is not the error's.
    if (Object.hasOwn(init, 'position') && init.position !== undefined) {
      this.position = init.position;
    }
    if (Object.hasOwn(init, 'attribute') && init.attribute !== undefined) {
      this.attribute = init.attribute;
    }
  }
}

/**
 * Whether a value is an {@link XclientError}, even one made by another copy of the library.
 *
 * @param value - anything, typically a caught exception.
 * @returns `true` for an `XclientError`.
 * @example
 * ```ts
 * isXclientError(new Error('x')) //=> false
 * ```
 * @remarks Since 0.1.0
 */
export function isXclientError(value: unknown): value is XclientError {
  if (typeof value !== 'object' || value === null) return false;
  // The brand is an own field of every XclientError: one a polluted prototype gives is not.
  // A Proxy whose traps throw is no XclientError either.
  try {
    return Object.hasOwn(value, BRAND) && (value as { [BRAND]?: unknown })[BRAND] === true;
  } catch {
    return false;
  }
}

/**
 * A non-fatal finding: something a profile accepted but a careful reader should know.
 *
 * @example
 * ```ts
 * const w: Warning = { code: 'XTEXT_LOWERCASE_HEX', message: 'lower-case hex in +2b', position: 3 };
 * ```
 * @remarks Since 0.1.0
 */
export interface Warning {
  /** A stable code such as `'XTEXT_RAW_OCTET'`. */
  readonly code: WarningCode;
  /** What was found, for a person. */
  readonly message: string;
  /** Offset into the input where it was found. */
  readonly position: number;
  /** The attribute it concerns, when there is one. */
  readonly attribute?: string;
}

/**
 * Every warning code the library produces.
 *
 * @example
 * ```ts
 * const code: WarningCode = 'XTEXT_CONTROL_CHAR';
 * ```
 * @remarks Since 0.1.0
 */
export type WarningCode =
  // xtext
  | 'XTEXT_LOWERCASE_HEX'
  | 'XTEXT_RAW_OCTET'
  | 'XTEXT_RAW_PLUS'
  | 'XTEXT_CONTROL_CHAR'
  | 'XTEXT_FALLBACK'
  // attributes
  | 'ATTR_BARE_IPV6'
  | 'ATTR_PROTO_NONSTANDARD'
  | 'ATTR_SPECIAL_CASE'
  | 'ATTR_RAW_UTF8'
  | 'ATTR_MASKED'
  | 'ATTR_TRUNCATED_AT_NUL'
  | 'ATTR_LITERAL_SPECIAL'
  | 'ATTR_CONTROL'
  | 'ATTR_SPECIAL_UNDOCUMENTED'
  | 'ATTR_WORD_CHAR'
  // command line
  | 'LINE_TOO_LONG'
  | 'LINE_TRUNCATED'
  | 'LINE_EXTRA_SPACE'
  | 'LINE_RAW_SPACE_IN_VALUE'
  | 'ATTR_DUPLICATE'
  | 'ATTR_EXTENSION'
  | 'ATTR_LONG_VALUE';

/**
 * The result of every parser in the library: the value, or an error; never an exception.
 * `Extra` adds fields to the success branch (for example `warnings`).
 *
 * @example
 * ```ts
 * const r = decodeXtext('a+2Bb');
 * if (r.ok) r.value //=> 'a+b'
 * else r.error.code
 * ```
 * @remarks Since 0.1.0
 */
export type Result<T, Extra extends object = object> =
  | ({ readonly ok: true; readonly value: T } & Readonly<Extra>)
  | { readonly ok: false; readonly error: XclientError };

/**
 * Whether a value is a result (`{ ok, … }`) rather than the other member of its union: by
 * its own `ok`, never one a polluted prototype gives. @internal
 */
export function isOutcome<T extends object>(
  value: T,
): value is Extract<T, { readonly ok: boolean }> {
  return Object.hasOwn(value, 'ok');
}

/** An error's own position, 0 when it has none. @internal */
export const ownPosition = (error: XclientError): number =>
  (Object.hasOwn(error, 'position') ? error.position : undefined) ?? 0;

/** A failed {@link Result}. @internal */
export function failure(init: XclientErrorInit): {
  readonly ok: false;
  readonly error: XclientError;
} {
  // A result's error is returned, never thrown: its stack would only show library internals,
  // and capturing one costs 2-10 µs on V8, more than parsing a whole line. Where
  // Error.stackTraceLimit is frozen (a hardened realm) the error keeps its stack.
  const limit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = 0;
  } catch {
    return { ok: false, error: new XclientError(init) };
  }
  try {
    return { ok: false, error: new XclientError(init) };
  } finally {
    Error.stackTraceLimit = limit;
  }
}
