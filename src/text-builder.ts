/**
 * Building a long string piece by piece in memory proportional to its length. `out += piece`
 * in a loop makes V8 keep a rope: one node of some 32 bytes per piece, whatever the piece's
 * length, until the string is flattened (a 4-million-piece rope holds 130 MB). A builder
 * keeps the rope of at most {@link CHUNK} pieces, flattens it into a part, and joins the
 * parts at the end.
 *
 * @internal
 * @packageDocumentation
 */

/** Pieces per part: a rope of this many nodes is flattened before it grows further. */
export const CHUNK = 4096;

/** A string being built. */
export interface TextBuilder {
  parts: string[];
  chunk: string;
  pieces: number;
}

/** An empty builder. */
export const textBuilder = (): TextBuilder => ({ parts: [], chunk: '', pieces: 0 });

/** Appends a piece. */
export function append(b: TextBuilder, piece: string): void {
  b.chunk += piece;
  // Stryker disable next-line ConditionalExpression,EqualityOperator,UpdateOperator,BlockStatement: when the chunk is flushed changes the memory only: the parts join to the same string
  if (++b.pieces === CHUNK) {
    b.parts.push(flat(b.chunk));
    b.chunk = '';
    b.pieces = 0;
  }
}

/** The string built. */
export function built(b: TextBuilder): string {
  return joinParts(b.parts, b.chunk);
}

/**
 * `part` as a flat string: a rope of pieces (`a += b` in a loop) flattened in place, for a
 * loop that builds its own parts of at most {@link CHUNK} pieces in a local variable (the
 * encoder's hot loop, where a builder object's field stores cost twice the time).
 */
export function flat(part: string): string {
  // Reading a character flattens the rope into one flat string (V8, SpiderMonkey).
  part.charCodeAt(0);
  return part;
}

/**
 * The string of flattened `parts` followed by `last`: `last` itself when there are no parts
 * (a short result is returned as built, as `+=` left it).
 */
export function joinParts(parts: string[], last: string): string {
  // Stryker disable next-line ConditionalExpression: → false joins `last` alone: the same string (→ true, killed, is ignored with it)
  if (parts.length === 0) return last;
  parts.push(last);
  return parts.join('');
}
