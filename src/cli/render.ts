/**
 * Output helpers: text safe for a terminal, JSON, replies, errors, warnings and attributes.
 *
 * @packageDocumentation
 */

import {
  formatReply,
  isSpecialValue,
  type Reply,
  type Warning,
  type XclientAttribute,
  type XclientError,
  type XforwardAttribute,
} from '../index.js';
import { type CliIo, type CliOutput, DECODER } from './io.js';

/**
 * What a terminal or a log viewer must not get raw from a server: C0 controls, DEL, C1
 * controls (U+0080–U+009F, NEL among them), the line and paragraph separators U+2028 and
 * U+2029, and the bidirectional controls (U+061C, U+200E, U+200F, U+202A–U+202E,
 * U+2066–U+2069) that reorder what follows them on the screen. One class: linear.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: controls are what this escapes
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

/** The characters of {@link UNSAFE} but the C0 controls, which JSON.stringify escapes itself. */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

const hex = (c: string, width: number): string =>
  c.charCodeAt(0).toString(16).toUpperCase().padStart(width, '0');

/**
 * A string safe for a terminal: C0 controls, DEL and C1 controls written as `\xHH`, line
 * separators and bidirectional controls as `\uHHHH`, so that they are seen, not obeyed.
 */
export function printable(text: string): string {
  return text.replace(UNSAFE, (c) =>
    c.charCodeAt(0) < 0x100 ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`,
  );
}

/** JSON text with DEL, C1 controls, line separators and bidi controls escaped too (JSON.stringify leaves them raw). */
export function json(value: unknown): string {
  return JSON.stringify(value).replace(UNSAFE_IN_JSON, (c) => `\\u${hex(c, 4).toLowerCase()}`);
}

/** A value in double quotes, every control escaped. */
export function quote(text: string): string {
  return json(text);
}

/** The reply as one wire line (or several, joined by " / ") without CRLF. */
export function replyLine(reply: Reply): string {
  // Every reply here was read by parseReply or made by the library: formatReply accepts it.
  return formatReply(reply).replace(/\r\n$/, '').split('\r\n').join(' / ');
}

// ---------------------------------------------------------------------------------------
// Errors and warnings

/** An XclientError as plain data. */
export function errorData(error: XclientError): Record<string, unknown> {
  return {
    code: error.code,
    message: error.message,
    ...(error.position === undefined ? {} : { position: error.position }),
    ...(error.attribute === undefined ? {} : { attribute: error.attribute }),
    reply: error.reply,
  };
}

export function warningText(w: Warning): string {
  const where =
    w.attribute === undefined ? `at ${w.position}` : `at ${w.position} (${w.attribute})`;
  return `${w.code} ${where}: ${w.message}`;
}

export function writeWarnings(out: CliOutput, warnings: readonly Warning[], indent = ''): void {
  if (warnings.length === 0) {
    out.write(`${indent}warnings: none\n`);
    return;
  }
  out.write(`${indent}warnings:\n`);
  for (const w of warnings) out.write(`${indent}  ${printable(warningText(w))}\n`);
}

/** A library error of `build` or `probe`: JSON on stdout, or one line on stderr. */
export function writeLibraryError(
  io: CliIo,
  asJson: boolean,
  command: string,
  error: XclientError,
): void {
  if (asJson) {
    io.stdout.write(`${json({ command, ok: false, error: errorData(error) })}\n`);
  } else {
    const attribute = error.attribute === undefined ? '' : ` (${error.attribute})`;
    io.stderr.write(
      `smtp-xclient ${command}: ${error.code}${attribute}: ${printable(error.message)}\n`,
    );
  }
}

/** The line shown with a caret under the octet at `position`. */
export function caret(out: CliOutput, bytes: Uint8Array, position: number): void {
  const shown = printable(DECODER.decode(bytes));
  const column = printable(
    DECODER.decode(bytes.subarray(0, Math.min(position, bytes.length))),
  ).length;
  out.write(`  ${shown}\n  ${' '.repeat(column)}^\n`);
}

// ---------------------------------------------------------------------------------------
// Attributes

export function attributeData(a: XclientAttribute | XforwardAttribute): Record<string, unknown> {
  return {
    name: a.name,
    rawName: a.rawName,
    raw: a.raw,
    decoded: a.decoded,
    value: a.value,
    position: a.position,
  };
}

function typedValue(value: unknown): string {
  if (isSpecialValue(value)) return `${value.text} (special value)`;
  if (typeof value === 'number') return String(value);
  return quote(String(value));
}

export function writeAttributes(
  out: CliOutput,
  attributes: readonly (XclientAttribute | XforwardAttribute)[],
): void {
  for (const a of attributes) {
    out.write(
      `  ${a.name.padEnd(12)} raw ${quote(a.raw)}  decoded ${quote(a.decoded)}  value ${typedValue(a.value)}\n`,
    );
  }
}
