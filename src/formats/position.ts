/** A 1-based source span; endColumn is exclusive. */
export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** 0-based LSP-style range (what dockerfile-ast returns). */
export interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export function spanFromLsp(r: LspRange): Span {
  return {
    line: r.start.line + 1,
    column: r.start.character + 1,
    endLine: r.end.line + 1,
    endColumn: r.end.character + 1,
  };
}

/**
 * Maps string offsets to 1-based line/column in one precomputed table, so positions cost a binary
 * search instead of a rescan.
 */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  get lineCount(): number {
    return this.starts.length;
  }
  /** 1-based line and column of a 0-based offset. */
  pos(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }
  /** 0-based offset of a 1-based line's start. */
  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))]!;
  }
  /** Text of a 1-based line without its newline. */
  line(line: number): string {
    const s = this.lineStart(line);
    const e = line < this.starts.length ? this.starts[line]! - 1 : this.text.length;
    const t = this.text.slice(s, e);
    return t.endsWith('\r') ? t.slice(0, -1) : t;
  }
  span(start: number, end: number): Span {
    const a = this.pos(start);
    const b = this.pos(end);
    return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }
}

/** Thrown by parsers for input they cannot read; the engine turns it into `<kind>/parse-error`. */
export class ParseError extends Error {
  override name = 'ParseError';
  constructor(
    message: string,
    readonly line = 1,
    readonly column = 1,
  ) {
    super(message);
  }
}
