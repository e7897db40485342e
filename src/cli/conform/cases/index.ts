/**
 * The conformance suite: every category, in the order of the report. IDs are stable; a new
 * case gets a new ID, and a removed one's ID is not reused.
 *
 * @packageDocumentation
 */

import type { ConformCategory } from '../types.js';
import { EHLO_CASES } from './ehlo.js';
import { LIMIT_CASES } from './limits.js';
import { PIPELINING_CASES } from './pipelining.js';
import { REAUTH_CASES } from './reauth.js';
import { REPLY_CASES } from './replies.js';
import { RESET_CASES } from './reset.js';
import { STATE_CASES } from './state.js';
import { SYNTAX_CASES } from './syntax.js';
import { VALUE_CASES } from './values.js';
import { XFORWARD_CASES } from './xforward.js';
import { XTEXT_CASES } from './xtext.js';

export const CATEGORIES: readonly ConformCategory[] = [
  EHLO_CASES,
  SYNTAX_CASES,
  XTEXT_CASES,
  VALUE_CASES,
  LIMIT_CASES,
  REPLY_CASES,
  STATE_CASES,
  RESET_CASES,
  REAUTH_CASES,
  PIPELINING_CASES,
  XFORWARD_CASES,
];
