/** A 1-based source span; endColumn is exclusive. The one shape of a position in Bulkhead. */
export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Another place one finding's cause touches (a package word under an install command, say). */
export interface Related {
  span: Span;
  label: string;
  /** Repo-relative path when the related place is in another file. */
  path?: string;
}
