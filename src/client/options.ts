/**
 * The refusal of the client helpers' options: a programmer error, never the server's.
 *
 * @internal
 * @packageDocumentation
 */

import { XclientError } from '../errors.js';
import { commandSyntax } from '../replies.js';

/** `OPTION_INVALID`, with the reply a builder's refusal carries. @internal */
export function optionError(message: string): XclientError {
  return new XclientError({
    code: 'OPTION_INVALID',
    message,
    reply: commandSyntax('XCLIENT'),
  });
}
