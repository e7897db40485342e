/**
 * The xtext decoder (RFC 3461 §4), on octets, with each profile's verdicts on what RFC 3461
 * does not allow (lower-case hex, malformed escapes, raw octets: the `xtext` rules of
 * src/grammar/profiles.ts).
 *
 * xtext is defined on octets: decoding yields octets ({@link decodeXtextBytes}) or, through
 * a fatal UTF-8 decoder, a string ({@link decodeXtext}).
 *
 * @packageDocumentation
 */

import { failure, type Result, type Warning } from '../errors.js';
import { type Profile, type Rules, xtextRulesOf } from '../grammar/profiles.js';
import { describe, ownProperty, UNREADABLE } from '../input.js';
import { isControl, PLUS } from '../octets.js';
import { INVALID_XTEXT } from '../replies.js';
import { decodeUtf8, encodeUtf8Transient, findInvalidUtf8, findLoneSurrogate } from '../utf8.js';
import { MAX_WARNINGS, XTEXT_WARNING_MESSAGES } from '../warnings.js';
import { CLASS, hexValue, L, ONLY_XCHARS, U, X } from './classes.js';

/** A profile's xtext rules. */
type XtextRules = Rules['xtext'];

/**
 * Options of {@link decodeXtext} and {@link decodeXtextBytes}.
 * @example
 * ```ts
 * decodeXtext('a+2b', { profile: 'lenient' } satisfies XtextDecodeOptions) // ok, 'a+'
 * ```
 * @remarks Since 0.1.0
 */
export interface XtextDecodeOptions {
  /**
   * How strictly to read the xtext.
   * - `'strict'`: RFC 3461 exactly; anything else is an error.
   * - `'postfix'`: Postfix 3.7: lower-case hex accepted, other octets pass through, and a
   *   malformed escape anywhere makes the whole value fall back to its raw text
   *   (`fallback: true`).
   * - `'lenient'`: lower-case hex and raw octets accepted, a `+` that starts no escape kept
   *   as itself; each deviation reported in `warnings`.
   * @defaultValue `'strict'`
   */
  readonly profile?: Profile;
}

/**
 * What a successful decode reports besides its value.
 * @example
 * ```ts
 * const r = decodeXtext('a+', { profile: 'postfix' });
 * if (r.ok) r.fallback //=> true
 * ```
 * @remarks Since 0.1.0
 */
export interface XtextDecodeInfo {
  /**
   * `'postfix'` only: a malformed escape made the whole value fall back to the raw,
   * undecoded text, as Postfix does (docs/spec/postfix.md §3). Always `false` in the other profiles.
   */
  readonly fallback: boolean;
  /**
   * The decoded value holds a C0 control (NUL, CR, LF …) or DEL. Such values are valid
   * xtext but can smuggle CR LF into logs and headers; each one also has an
   * `XTEXT_CONTROL_CHAR` warning with its position (among the first `MAX_WARNINGS` (100)).
   */
  readonly hasControl: boolean;
  /**
   * Deviations and dangers found, in input order (empty for clean strict xtext): the first
   * `MAX_WARNINGS` (100) of them, so that a result holds memory in proportion to its input.
   */
  readonly warnings: readonly Warning[];
  /**
   * How many warnings were found beyond the first `MAX_WARNINGS` (100) and not kept; absent
   * when none were left out. `hasControl` counts them too.
   */
  readonly warningsOmitted?: number;
}

/**
 * The result of {@link decodeXtextBytes}.
 * @example
 * ```ts
 * const r: XtextBytesResult = decodeXtextBytes('+00');
 * r.ok && r.hasControl //=> true
 * ```
 * @remarks Since 0.1.0
 */
export type XtextBytesResult = Result<Uint8Array, XtextDecodeInfo>;

/**
 * The result of {@link decodeXtext}.
 * @example
 * ```ts
 * const r: XtextResult = decodeXtext('j+C3+B6rg');
 * r.ok && r.value //=> 'jörg'
 * ```
 * @remarks Since 0.1.0
 */
export type XtextResult = Result<string, XtextDecodeInfo>;

/** A decode failure on octets, before it is mapped to input positions. */
interface OctetFailure {
  readonly code:
    | 'XTEXT_BAD_CHAR'
    | 'XTEXT_BAD_HEXCHAR'
    | 'XTEXT_LOWERCASE_HEXCHAR'
    | 'XTEXT_TRUNCATED_HEXCHAR';
  readonly at: number;
}

/** The warnings the xtext decoder gives. @internal */
export type XtextWarningCode =
  | 'XTEXT_LOWERCASE_HEX'
  | 'XTEXT_RAW_OCTET'
  | 'XTEXT_RAW_PLUS'
  | 'XTEXT_CONTROL_CHAR'
  | 'XTEXT_FALLBACK';

/** The outcome of decoding octets: positions are octet offsets into the input. */
interface OctetDecode {
  readonly ok: boolean;
  readonly failure?: OctetFailure;
  readonly value: Uint8Array;
  readonly fallback: boolean;
  /** Raw warnings: [code, octet offset] pairs, in input order, at most the decoder's limit. */
  readonly warnings: readonly (readonly [XtextWarningCode, number])[];
  /** The warnings past the limit, counted but not kept. */
  readonly omitted: number;
  /** A control octet was decoded or taken raw (whether or not its warning was kept). */
  readonly hasControl: boolean;
  /**
   * The input octet offset that output octet `k` came from, computed on demand (error and
   * warning paths only) by walking the input again: a per-value Int32Array of offsets
   * (off the V8 heap once over 64 bytes) cost more than the decoding itself.
   */
  readonly source: (k: number) => number;
}

const FAILURE_MESSAGES: Readonly<Record<OctetFailure['code'], string>> = {
  XTEXT_BAD_CHAR: 'octet not allowed in xtext (only "!".."~" except "+" and "=")',
  XTEXT_BAD_HEXCHAR: '"+" must be followed by two upper-case hex digits',
  XTEXT_LOWERCASE_HEXCHAR: 'hex digits after "+" must be upper case',
  XTEXT_TRUNCATED_HEXCHAR: '"+" at the end of the value needs two hex digits after it',
};

/** Whether `input[i]` (a "+") starts an escape that the decoder takes, under `hexMask`. */
function isEscape(input: Uint8Array, i: number, end: number, hexMask: number): boolean {
  return (
    i + 2 < end &&
    ((CLASS[input[i + 1] as number] as number) & hexMask) !== 0 &&
    ((CLASS[input[i + 2] as number] as number) & hexMask) !== 0
  );
}

/** The decoder's warnings as it collects them: the first `limit`, and a count of the rest. */
interface Notes {
  readonly list: (readonly [XtextWarningCode, number])[];
  readonly limit: number;
  omitted: number;
  control: boolean;
}

const notes = (limit: number): Notes => ({ list: [], limit, omitted: 0, control: false });

/** Records a warning: kept while there is room, counted after. */
function note(n: Notes, code: XtextWarningCode, at: number): void {
  if (code === 'XTEXT_CONTROL_CHAR') n.control = true;
  if (n.list.length < n.limit) n.list.push([code, at]);
  else n.omitted++;
}

/**
 * Postfix's fallback (xtext_unquote_append() failing): the raw value used as it is, warned as
 * the decoder warns, over the whole value, after the malformed escape too: each run of octets
 * xtext must escape (broken by an xtext character or "+"), and each control.
 */
function rawFallback(
  input: Uint8Array,
  start: number,
  end: number,
  failedAt: number,
  limit: number,
): OctetDecode {
  const n = notes(limit);
  let rawRun = false;
  for (let i = start; i < end; i++) {
    const b = input[i] as number;
    if (i === failedAt) note(n, 'XTEXT_FALLBACK', i);
    if (b === PLUS || (CLASS[b] as number) & X) {
      rawRun = false;
    } else if (!rawRun) {
      note(n, 'XTEXT_RAW_OCTET', i);
      rawRun = true;
    }
    if (isControl(b)) note(n, 'XTEXT_CONTROL_CHAR', i);
  }
  return {
    ok: true,
    value: input.slice(start, end),
    fallback: true,
    warnings: n.list,
    omitted: n.omitted,
    hasControl: n.control,
    source: (k) => start + k,
  };
}

/**
 * Decodes xtext octets `input[start, end)` under a profile's xtext rules: the one xtext
 * decoder of the library (the command readers call it on the raw line, whose length the
 * profile bounds). At most `limit` warnings are kept; the rest are counted. @internal
 */
export function decodeXtextOctets(
  input: Uint8Array,
  start: number,
  end: number,
  rules: XtextRules,
  limit = Number.POSITIVE_INFINITY,
): OctetDecode {
  const out = new Uint8Array(end - start);
  const n0 = notes(limit);
  let n = 0;
  let failed: OctetFailure | undefined;
  let rawRun = false; // inside a run of raw octets already warned about
  const upperOnly = rules.hex === 'upper';
  const hexMask = upperOnly ? U : U | L;
  for (let i = start; i < end; i++) {
    const b = input[i] as number;
    if (b === PLUS) {
      rawRun = false;
      const c1 = i + 1 < end ? (input[i + 1] as number) : -1;
      const c2 = i + 2 < end ? (input[i + 2] as number) : -1;
      const k1 = c1 < 0 ? 0 : (CLASS[c1] as number);
      const k2 = c2 < 0 ? 0 : (CLASS[c2] as number);
      if (k1 & hexMask && k2 & hexMask) {
        if (!(k1 & U && k2 & U)) note(n0, 'XTEXT_LOWERCASE_HEX', i);
        const v = (hexValue(c1) << 4) | hexValue(c2);
        if (isControl(v)) note(n0, 'XTEXT_CONTROL_CHAR', i);
        out[n++] = v;
        i += 2;
        continue;
      }
      if (rules.malformed === 'raw-plus') {
        note(n0, 'XTEXT_RAW_PLUS', i);
        out[n++] = b;
        continue;
      }
      let code: OctetFailure['code'] = 'XTEXT_BAD_HEXCHAR';
      if (c1 < 0 || (c2 < 0 && k1 & (U | L))) code = 'XTEXT_TRUNCATED_HEXCHAR';
      else if (upperOnly && k1 & (U | L) && k2 & (U | L)) code = 'XTEXT_LOWERCASE_HEXCHAR';
      failed = { code, at: i };
      break;
    }
    if ((CLASS[b] as number) & X) {
      rawRun = false;
    } else if (rules.rawOctets === 'error') {
      failed = { code: 'XTEXT_BAD_CHAR', at: i };
      break;
    } else {
      if (!rawRun) {
        note(n0, 'XTEXT_RAW_OCTET', i);
        rawRun = true;
      }
      if (isControl(b)) note(n0, 'XTEXT_CONTROL_CHAR', i);
    }
    out[n++] = b;
  }
  if (failed !== undefined && rules.malformed === 'fallback') {
    return rawFallback(input, start, end, failed.at, limit);
  }
  const source = (k: number): number => {
    let i = start;
    for (let j = 0; j < k; j++) i += input[i] === PLUS && isEscape(input, i, end, hexMask) ? 3 : 1;
    return i;
  };
  if (failed !== undefined) {
    const { list: warnings, omitted, control: hasControl } = n0;
    return {
      ok: false,
      failure: failed,
      value: out,
      fallback: false,
      warnings,
      omitted,
      hasControl,
      source,
    };
  }
  const value = n === out.length ? out : out.slice(0, n);
  const { list: warnings, omitted, control: hasControl } = n0;
  return { ok: true, value, fallback: false, warnings, omitted, hasControl, source };
}

/** The input octets of a string and, when they differ, each octet's code-unit offset. */
interface StringOctets {
  readonly bytes: Uint8Array;
  readonly offsets?: Int32Array;
}

function stringOctets(text: string): StringOctets | number {
  const lone = findLoneSurrogate(text);
  if (lone >= 0) return lone;
  // In the shared scratch buffer: decodeString reads the octets and keeps no reference.
  const bytes = encodeUtf8Transient(text);
  // Stryker disable next-line ConditionalExpression: → false builds the offsets of ASCII, each octet its own offset: the same positions (→ true, killed, is ignored with it)
  if (bytes.length === text.length) return { bytes }; // ASCII
  const offsets = new Int32Array(bytes.length + 1);
  let k = 0;
  // Stryker disable next-line EqualityOperator: a step at i === length writes text.length at offsets[k], as the line after the loop does, and past the end (ignored)
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const len = c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? 4 : 3;
    for (let j = 0; j < len; j++) offsets[k++] = i;
    if (len === 4) i++;
  }
  offsets[k] = text.length;
  return { bytes, offsets };
}

function decodeString(
  text: string,
  options: XtextDecodeOptions | undefined,
): {
  readonly result: XtextBytesResult;
  readonly decoded?: OctetDecode;
  readonly at: (o: number) => number;
} {
  const given = ownProperty(options, 'profile');
  const rules = given === UNREADABLE ? undefined : xtextRulesOf(given);
  const identity = (o: number): number => o;
  if (rules === undefined) {
    const shown = given === UNREADABLE ? 'an option that cannot be read' : describe(given);
    return {
      result: failure({
        code: 'OPTION_INVALID',
        message: `profile must be one of 'strict', 'postfix', 'lenient', not ${shown}`,
        reply: INVALID_XTEXT,
        position: 0,
      }),
      at: identity,
    };
  }
  if (typeof text !== 'string') {
    return {
      result: failure({
        code: 'XTEXT_BAD_CHAR',
        message: `xtext must be a string, got ${typeof text}`,
        reply: INVALID_XTEXT,
        position: 0,
      }),
      at: identity,
    };
  }
  const octets = stringOctets(text);
  if (typeof octets === 'number') {
    return {
      result: failure({
        code: 'XTEXT_INVALID_UTF16',
        message: `lone surrogate at offset ${octets}: the text is not valid Unicode`,
        reply: INVALID_XTEXT,
        position: octets,
      }),
      at: identity,
    };
  }
  const offsets = octets.offsets;
  const at = offsets === undefined ? identity : (o: number): number => offsets[o] as number;
  const decoded = decodeXtextOctets(octets.bytes, 0, octets.bytes.length, rules, MAX_WARNINGS);
  if (!decoded.ok) {
    const f = decoded.failure as OctetFailure;
    const pos = at(f.at);
    return {
      result: failure({
        code: f.code,
        message: `${FAILURE_MESSAGES[f.code]} at offset ${pos}`,
        reply: INVALID_XTEXT,
        position: pos,
      }),
      at,
    };
  }
  const warnings: Warning[] = decoded.warnings.map(([code, o]) => ({
    code,
    message: XTEXT_WARNING_MESSAGES[code],
    position: at(o),
  }));
  const info = {
    ok: true,
    value: decoded.value,
    fallback: decoded.fallback,
    hasControl: decoded.hasControl,
    warnings,
  } as const;
  return {
    result: decoded.omitted > 0 ? { ...info, warningsOmitted: decoded.omitted } : info,
    decoded,
    at,
  };
}

/**
 * Decodes xtext to octets. Never throws, whatever it is given.
 *
 * A string holding characters above U+007F is read as the UTF-8 octets of those characters
 * (which only the `'postfix'` and `'lenient'` profiles accept). Positions in errors and
 * warnings are offsets into the string.
 *
 * @param text - the xtext.
 * @param options - the profile (default `'strict'`).
 * @returns the octets, or an error with a `code` (`XTEXT_BAD_CHAR`, `XTEXT_BAD_HEXCHAR`,
 *   `XTEXT_LOWERCASE_HEXCHAR`, `XTEXT_TRUNCATED_HEXCHAR`, `XTEXT_INVALID_UTF16`) and the
 *   `position` of the first problem.
 * @example
 * ```ts
 * const r = decodeXtextBytes('+00A');
 * r.ok && r.value        //=> Uint8Array [0, 65]
 * r.ok && r.hasControl   //=> true
 * decodeXtextBytes('a+2b').ok                       //=> false (XTEXT_LOWERCASE_HEXCHAR)
 * decodeXtextBytes('a+', { profile: 'postfix' })    // ok, value 'a+', fallback: true
 * ```
 * @see RFC 3461 §4; docs/spec/postfix.md §3 for the `'postfix'` profile
 * @remarks Since 0.1.0
 */
export function decodeXtextBytes(text: string, options?: XtextDecodeOptions): XtextBytesResult {
  return decodeString(text, options).result;
}

/**
 * Decodes xtext to a string: the octets go through a fatal UTF-8 decoder, so invalid UTF-8
 * is an error (`XTEXT_INVALID_UTF8`, at the xtext offset that produced the first bad octet),
 * never mojibake. Never throws.
 *
 * @param text - the xtext.
 * @param options - the profile (default `'strict'`).
 * @returns the text, or an error with a `code` and `position`.
 * @example
 * ```ts
 * decodeXtext('bob+20smith+2Btag+3Dx@example.com')  // ok, value 'bob smith+tag=x@example.com'
 * decodeXtext('j+C3+BCrgen')                        // ok, value 'jürgen'
 * decodeXtext('caf+E9')                             // error XTEXT_INVALID_UTF8 at 3
 * decodeXtext('u=1+2', { profile: 'lenient' })      // ok, value 'u=1+2', two warnings
 * ```
 * @see RFC 3461 §4, RFC 3629
 * @remarks Since 0.1.0
 */
export function decodeXtext(text: string, options?: XtextDecodeOptions): XtextResult {
  // Only xchars: the text is its own value in every profile, with nothing to report.
  const given = ownProperty(options, 'profile');
  // Stryker disable next-line ConditionalExpression,StringLiteral,BlockStatement: only slower: decodeString gives the same result for xchars (→ true, killed, is ignored with them)
  if (typeof text === 'string' && ONLY_XCHARS.test(text) && xtextRulesOf(given) !== undefined) {
    return { ok: true, value: text, fallback: false, hasControl: false, warnings: [] };
  }
  const { result, decoded, at } = decodeString(text, options);
  if (!result.ok) return result;
  const bad = findInvalidUtf8(result.value);
  if (bad >= 0) {
    const pos = at((decoded as OctetDecode).source(bad));
    return failure({
      code: 'XTEXT_INVALID_UTF8',
      message: `decoded octets are not valid UTF-8 (from offset ${pos})`,
      reply: INVALID_XTEXT,
      position: pos,
    });
  }
  const decodedText = {
    ok: true,
    value: decodeUtf8(result.value),
    fallback: result.fallback,
    hasControl: result.hasControl,
    warnings: result.warnings,
  } as const;
  return result.warningsOmitted === undefined
    ? decodedText
    : { ...decodedText, warningsOmitted: result.warningsOmitted };
}
