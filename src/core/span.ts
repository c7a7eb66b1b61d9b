/** A 1-based source span; endColumn is exclusive. The one shape of a position in Bulkhead. */
export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Where something starts, when its end is not known (yet): a key token, a marker. */
export type Pos = Pick<Span, 'line' | 'column'>;

/** Another place one finding's cause touches (a package word under an install command, say). */
export interface Related {
  span: Span;
  label: string;
  /** Repo-relative path when the related place is in another file. */
  path?: string;
}

/** A copy of the four span fields of anything that has them (a shell word, a Dockerfile argument). */
export function spanOf(s: Span): Span {
  return { line: s.line, column: s.column, endLine: s.endLine, endColumn: s.endColumn };
}

/** From the start of `start` to the end of `end` (a command name to its last argument). */
export function spanFromTo(start: Pos, end: Span): Span {
  return { line: start.line, column: start.column, endLine: end.endLine, endColumn: end.endColumn };
}

/** `length` characters on one line from `pos`. */
export function spanAt(pos: Pos, length: number): Span {
  return { line: pos.line, column: pos.column, endLine: pos.line, endColumn: pos.column + length };
}
