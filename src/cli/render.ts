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

/** A string with C0 controls, DEL and C1 controls written as \xHH: safe for a terminal. */
export function printable(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: controls are what this escapes
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => {
    return `\\x${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
  });
}

/** JSON text with DEL and C1 controls escaped too (JSON.stringify leaves them raw). */
export function json(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
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
