// formatClientLabel: the client as Postfix logs it, name[addr]:port.
import { TEMPUNAVAIL } from 'smtp-xclient';
import { createXclientSession, formatClientLabel } from 'smtp-xclient/server';
import { describe, expect, it } from 'vitest';
import { authorized } from './helpers/session.js';

describe('formatClientLabel', () => {
  it('writes name[addr]:port with unknown for the markers', () => {
    expect(formatClientLabel(authorized().client)).toBe('localhost[127.0.0.1]:40000');
    expect(formatClientLabel(createXclientSession({ client: { NAME: TEMPUNAVAIL } }).client)).toBe(
      'unknown[unknown]:unknown',
    );
  });
});
