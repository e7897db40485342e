/**
 * The octet classes of xtext (RFC 3461 §4), one table for the encoder and the decoder.
 *
 * ```
 * xtext   = *( xchar / hexchar )
 * xchar   = any ASCII CHAR between "!" (33) and "~" (126) inclusive,
 *           except for "+" and "=".
 * hexchar = ASCII "+" immediately followed by two upper case
 *           hexadecimal digits
 * ```
 *
 * @packageDocumentation
 */

// Octet classes. An octet is an xchar (X) when it stands for itself in xtext; U and L
// mark the upper- and lower-case hexadecimal digits that may follow "+".
const _ = 0; // must be written as hexchar: controls, SP, "+", "=", DEL, 0x80-0xFF
export const X = 1; // xchar
export const U = 2; // upper-case hex digit (RFC 3461)
export const L = 4; // lower-case hex digit (accepted by Postfix and the 'lenient' profile)
const D = X | U | L; // "0"-"9"
const H = X | U; // "A"-"F"
const h = X | L; // "a"-"f"
// T marks the xchars that Postfix's command tokenizer does not read as data: '"' and '<'
// group whitespace into a token, '>' closes such a group and '\' escapes the next octet
// (docs/spec/postfix.md §1). encodeXtext escapes them too when asked (formatXclient always asks).
export const T = 8;
const Q = X | T; // '"' '<' '>' '\'

/** The class of every octet: one table for encoding and for checking. */
// biome-ignore format: one row of 16 octets per line
export const CLASS = /* @__PURE__ */ new Uint8Array([
  //                                                           0x00-0x0F  NUL..SI (controls)
  _, _, _, _, _, _, _, _, _, _, _, _, _, _, _, _,
  //                                                           0x10-0x1F  DLE..US (controls)
  _, _, _, _, _, _, _, _, _, _, _, _, _, _, _, _,
  // SP !  "  #  $  %  &  '  (  )  *  +  ,  -  .  /            0x20-0x2F  (SP and "+" escaped)
  _, X, Q, X, X, X, X, X, X, X, X, _, X, X, X, X,
  // 0  1  2  3  4  5  6  7  8  9  :  ;  <  =  >  ?            0x30-0x3F  ("=" escaped)
  D, D, D, D, D, D, D, D, D, D, X, X, Q, _, Q, X,
  // @  A  B  C  D  E  F  G  H  I  J  K  L  M  N  O            0x40-0x4F
  X, H, H, H, H, H, H, X, X, X, X, X, X, X, X, X,
  // P  Q  R  S  T  U  V  W  X  Y  Z  [  \  ]  ^  _            0x50-0x5F
  X, X, X, X, X, X, X, X, X, X, X, X, Q, X, X, X,
  // `  a  b  c  d  e  f  g  h  i  j  k  l  m  n  o            0x60-0x6F
  X, h, h, h, h, h, h, X, X, X, X, X, X, X, X, X,
  // p  q  r  s  t  u  v  w  x  y  z  {  |  }  ~  DEL          0x70-0x7F  (DEL escaped)
  X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, _,
  // 0x80-0xFF: not ASCII, always escaped
  _, _, _, _, _, _, _, _, _, _, _, _, _, _, _, _,
  _, _, _, _, _, _, _, _, _, _, _, _, _, _, _, _,
  _, _, _, _, _, _, _, _, _, _, _, _, _, _, _, _,
  _, _, _, _, _, _, _, _, _, _, _, _, _, _, _, _,
  _, _, _, _, _, _, _, _, _, _, _, _, _, _, _, _,
  _, _, _, _, _, _, _, _, _, _, _, _, _, _, _, _,
  _, _, _, _, _, _, _, _, _, _, _, _, _, _, _, _,
  _, _, _, _, _, _, _, _, _, _, _, _, _, _, _, _,
]);

/**
 * Text made only of xchars (the X octets of {@link CLASS}: "!"-"~" but "+" and "="). One
 * class under one quantifier, anchored: linear, and a native scan several times faster
 * than a charCodeAt loop.
 */
export const ONLY_XCHARS = /^[!-*,-<>-~]*$/;
/** As {@link ONLY_XCHARS}, without the tokenizer specials '"' '<' '>' '\' (the T octets). */
export const ONLY_TOKEN_SAFE_XCHARS = /^[!#-*,-;?-[\]-~]*$/;

/** The value of a hex digit octet (either case); only called on octets with U or L set. */
export function hexValue(b: number): number {
  return b <= 0x39 ? b - 0x30 : (b | 0x20) - 0x57;
}
