/**
 * The limits of the 'strict' grammar and the attribute names, which every generator of
 * smtp-xclient/arbitraries works with.
 *
 * @packageDocumentation
 */

// The library by its own name, not by relative path: the build keeps this import, so the
// subpath shares the package's one instance of UNAVAILABLE and TEMPUNAVAIL (a CJS bundle of
// its own would carry copies that formatXclient does not recognize).
import type { XclientAttributeName } from 'smtp-xclient';
import { ATTRIBUTE_NAMES } from 'smtp-xclient';

/** The longest command line without its CRLF (RFC 5321: 512 octets with it). */
export const MAX_CONTENT = 510;
/** The longest raw (still encoded) attribute value Postfix accepts. */
export const MAX_RAW = 255;
/** The longest decoded host name and HELO. */
export const MAX_DECODED = 255;
/** The longest text drawn for an attribute without a length limit of its own (LOGIN). */
export const MAX_FREE_TEXT = 300;

/** The XCLIENT attribute names, in Postfix's announcement order. */
export const NAMES: readonly XclientAttributeName[] = ATTRIBUTE_NAMES;
