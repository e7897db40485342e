/**
 * Host name syntax for NAME and REVERSE_NAME: Postfix's `valid_hostname()`
 * (src/util/valid_hostname.c), as Postfix 3.7.11 runs it on the decoded value.
 *
 * ```
 * hostname = label *( "." label )            ; at most 255 characters in all
 * label    = 1*63( ALPHA / DIGIT / "_" / "-" ) ; "-" neither first nor last
 * ```
 *
 * plus one rule on the whole name: at least one character is not a digit (a letter, `_`
 * or `-`), so `1.2.3.4` and `123` are refused while `1-2.3` and `example.123` pass.
 *
 * Deliberately not the RFC 1123 rule: `_` is accepted anywhere (`_dmarc.example`, `a_`),
 * as Postfix does ("grr.."), and a numeric top-level label is fine. Non-ASCII, `*`, `:`,
 * `[`, `/` and spaces are refused: Postfix's wildcard and IPv6 "sloppy" modes are off.
 * The 'strict' and 'postfix' profiles use these same rules.
 *
 * @see docs/spec/postfix.md §4.1; live Postfix 3.7.11 cases c071–c116 of the conformance corpus.
 * @packageDocumentation
 */

/**
 * The verdict of {@link checkHostname}: accepted, or the first problem with its offset.
 *
 * @example
 * ```ts
 * const bad: HostnameCheck = { ok: false, reason: 'empty label', position: 2 };
 * ```
 * @remarks Since 0.1.0
 */
export type HostnameCheck =
  | { readonly ok: true }
  | {
      readonly ok: false;
      /** What is wrong, for a person: `'empty label'`, `'label longer than 63 characters'`… */
      readonly reason: string;
      /** Code-unit offset into the name where the problem was found. */
      readonly position: number;
    };

/** The longest label Postfix accepts (VALID_LABEL_LEN). */
const MAX_LABEL_LENGTH = 63;
/** The longest name Postfix accepts (VALID_HOSTNAME_LEN). */
const MAX_HOSTNAME_LENGTH = 255;

// Character classes of the ASCII range; everything else (including all non-ASCII code
// units) is class B, refused.
const B = 0; // bad character
const D = 1; // digit
const A = 2; // letter or "_": a label character that makes the name non-numeric
const P = 3; // "." label separator
const H = 4; // "-" hyphen

/** The class of every ASCII code unit, one row of 16 per line. */
// biome-ignore format: one row of 16 code units per line
const CLASS = /* @__PURE__ */ new Uint8Array([
  B, B, B, B, B, B, B, B, B, B, B, B, B, B, B, B, // 0x00-0x0F  controls
  B, B, B, B, B, B, B, B, B, B, B, B, B, B, B, B, // 0x10-0x1F  controls
  B, B, B, B, B, B, B, B, B, B, B, B, B, H, P, B, // SP ! " # $ % & ' ( ) * + , - . /
  D, D, D, D, D, D, D, D, D, D, B, B, B, B, B, B, // 0 1 2 3 4 5 6 7 8 9 : ; < = > ?
  B, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, // @ A B C D E F G H I J K L M N O
  A, A, A, A, A, A, A, A, A, A, A, B, B, B, B, A, // P Q R S T U V W X Y Z [ \ ] ^ _
  B, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, // ` a b c d e f g h i j k l m n o
  A, A, A, A, A, A, A, A, A, A, A, B, B, B, B, B, // p q r s t u v w x y z { | } ~ DEL
]);

const failAt = (reason: string, position: number): HostnameCheck => ({
  ok: false,
  reason,
  position,
});

/**
 * Checks a host name the way Postfix's `valid_hostname()` does, and reports the first
 * problem in the same order Postfix finds it: a left-to-right scan for bad characters,
 * label lengths and misplaced `.` / `-`; then the all-numeric rule; then the total length.
 * Linear in the length of the input; never throws.
 *
 * @param name - the decoded NAME or REVERSE_NAME value (not `[UNAVAILABLE]`).
 * @returns `{ ok: true }`, or `{ ok: false, reason, position }`.
 * @example
 * ```ts
 * checkHostname('spike.porcupine.org') //=> { ok: true }
 * checkHostname('a..example')          //=> { ok: false, reason: 'empty label', position: 2 }
 * checkHostname('1.2.3.4')             //=> { ok: false, reason: 'all-numeric name', position: 0 }
 * ```
 * @see docs/spec/postfix.md §4.1
 * @remarks Since 0.1.0
 * @internal
 */
export function checkHostname(name: string): HostnameCheck {
  const end = name.length;
  if (end === 0) return failAt('empty name', 0);
  let labelLength = 0;
  let nonNumeric = false;
  for (let i = 0; i < end; i++) {
    const cls = CLASS[name.charCodeAt(i)] ?? B; // non-ASCII is out of the table: B
    if (cls === D || cls === A) {
      labelLength++;
      if (labelLength > MAX_LABEL_LENGTH) return failAt('label longer than 63 characters', i);
      if (cls === A) nonNumeric = true;
    } else if (cls === P) {
      if (labelLength === 0) return failAt('empty label', i);
      if (i + 1 === end) return failAt('trailing dot', i);
      labelLength = 0;
    } else if (cls === H) {
      // Postfix 3.x counts "-" as a non-digit (live: `1-2.3` and `1-2` are accepted).
      nonNumeric = true;
      labelLength++;
      if (labelLength === 1) return failAt('hyphen at the start of a label', i);
      if (i + 1 === end || name.charCodeAt(i + 1) === 0x2e) {
        return failAt('hyphen at the end of a label', i);
      }
    } else {
      return failAt('invalid character', i);
    }
  }
  if (!nonNumeric) return failAt('all-numeric name', 0);
  if (end > MAX_HOSTNAME_LENGTH)
    return failAt('name longer than 255 characters', MAX_HOSTNAME_LENGTH);
  return HOST_OK;
}

/** The one result for a valid name (frozen: callers cannot change what others receive). */
const HOST_OK: HostnameCheck = /* @__PURE__ */ Object.freeze({ ok: true });
