/**
 * Positions and source text for findings: the evidence text of a span, whether a position lies in
 * a span, and file positions of characters inside a heredoc body. All through LineIndex (one per
 * Dockerfile, built once), never by rescanning lines.
 */
import { LineIndex, type Span } from '../../position.js';

const linesByModel = new WeakMap<{ text: string }, LineIndex>();

/** The line index of a Dockerfile's text, built on first use. */
export function modelLines(model: { text: string }): LineIndex {
  let lines = linesByModel.get(model);
  if (!lines) {
    lines = new LineIndex(model.text);
    linesByModel.set(model, lines);
  }
  return lines;
}

/** Source text of a span's first line, trimmed and capped, for `evidence`. */
export function evidenceText(model: { text: string }, span: Span): string {
  const start = modelLines(model).lineStart(span.line);
  let lineEnd = model.text.indexOf('\n', start);
  if (lineEnd === -1) lineEnd = model.text.length;
  const from = start + span.column - 1;
  const to = span.endLine === span.line ? Math.min(lineEnd, start + span.endColumn - 1) : lineEnd;
  // Trim a trailing line continuation by hand: a regex like /\s*\\?\s*$/ backtracks on long blank runs.
  let t = model.text.slice(from, to).trimEnd();
  if (t.endsWith('\\')) t = t.slice(0, -1);
  t = t.trim();
  if (t.length > 160) t = t.slice(0, 157) + '...';
  return t;
}

/**
 * Evidence for one package (or other field) of a word: `curl (from $PKGS)` when the field came
 * from splitting a variable's value, the word's own text otherwise.
 */
export function fieldEvidence(
  field: string,
  word: { raw: string; split?: true },
  fromVariable?: boolean,
): string {
  return fromVariable || word.split ? `${field} (from ${word.raw})` : word.raw;
}

/** Whether position a is inside span s (1-based, end exclusive). */
export function within(a: { line: number; column: number }, s: Span): boolean {
  const afterStart = a.line > s.line || (a.line === s.line && a.column >= s.column);
  const beforeEnd = a.line < s.endLine || (a.line === s.endLine && a.column < s.endColumn);
  return afterStart && beforeEnd;
}

/**
 * File position of body[i], for a text copied verbatim from the file whose first character is at
 * `start` (a heredoc body). The index is built on the first call.
 */
export function bodyPositions(
  body: string,
  start: { line: number; column: number },
): (i: number) => { line: number; column: number } {
  let lines: LineIndex | undefined;
  return (i) => {
    const p = (lines ??= new LineIndex(body)).pos(i);
    return { line: start.line + p.line - 1, column: p.line === 1 ? start.column + i : p.column };
  };
}
