/**
 * Applies text edits to a file's text. Positions count as everywhere in Bulkhead (core/span.ts,
 * formats/position.ts): 1-based lines split at `\n` only, 1-based columns in UTF-16 code units
 * (JavaScript string offsets) of the text as read, BOM included; `endColumn` is exclusive. A CRLF
 * line's `\r` is the last column of its line.
 *
 * The edits come from rules reading hostile files, so nothing here trusts them: an edit outside
 * the text, one that would split a CRLF pair or a surrogate pair, one that overlaps an earlier
 * edit, or one already applied is dropped with its reason, never half-applied. What lies outside
 * the kept edits' spans survives byte for byte; the line breaks an edit inserts follow the file's
 * (CRLF stays CRLF).
 */
import type { TextEdit } from '../core/fix.js';

export interface ApplyResult {
  text: string;
  /** The edits applied, in position order. */
  applied: TextEdit[];
  /** The edits not applied, each with one short reason. */
  dropped: { edit: TextEdit; reason: string }[];
}

interface Placed {
  edit: TextEdit;
  index: number;
  start: number;
  end: number;
}

/** 0-based offsets of each line's start (lines split at `\n`, as LineIndex does). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/**
 * 0-based offset of a 1-based line/column, or a reason it is not a place in the text. A column may
 * reach one past the line's last character (the place before its `\n`, or the text's end).
 */
function offsetOf(text: string, starts: readonly number[], line: number, column: number): number | string {
  if (!Number.isInteger(line) || !Number.isInteger(column)) return 'its span is not whole numbers';
  if (line < 1 || line > starts.length) return `line ${line} is outside the text (${starts.length} lines)`;
  const start = starts[line - 1]!;
  const lineEnd = line < starts.length ? starts[line]! - 1 : text.length;
  if (column < 1 || start + column - 1 > lineEnd) {
    return `column ${column} is outside line ${line} (${lineEnd - start} characters)`;
  }
  return start + column - 1;
}

/** Whether a 0-based offset falls inside a `\r\n` pair or a surrogate pair. */
function splitsPair(text: string, offset: number): string | undefined {
  if (offset <= 0 || offset >= text.length) return undefined;
  const before = text.charCodeAt(offset - 1);
  const after = text.charCodeAt(offset);
  if (before === 0x0d && after === 0x0a) return 'it would split a CRLF line break';
  if (before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff) {
    return 'it would split a surrogate pair';
  }
  return undefined;
}

/** The line break the file uses at `offset`'s line: that line's own, else the file's first, else LF. */
function lineBreakAt(text: string, offset: number): string {
  let nl = text.indexOf('\n', offset);
  if (nl === -1) nl = text.indexOf('\n');
  if (nl === -1) return '\n';
  return nl > 0 && text.charCodeAt(nl - 1) === 0x0d ? '\r\n' : '\n';
}

/**
 * Whether the edit's result already stands at its place: the replacement contains the text it
 * replaces (`node:20` → `node:20@sha256:…`, or an insertion), and the file already holds the
 * replacement around it. Guards against pinning twice when a rule re-fires on fixed text.
 */
function alreadyApplied(text: string, start: number, end: number, replacement: string): boolean {
  if (replacement === '') return false;
  const old = text.slice(start, end);
  for (let k = replacement.indexOf(old); k !== -1; k = replacement.indexOf(old, k + 1)) {
    if (start - k >= 0 && text.startsWith(replacement, start - k)) return true;
    if (old === '') break;
  }
  return false;
}

/**
 * Applies `edits` to `text`. Overlapping edits: the first by position is kept (for equal starts,
 * the shorter span, then the earlier in the list), the rest are dropped with a reason; two
 * insertions at one place are ambiguous, so only the first is kept.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): ApplyResult {
  const starts = lineStarts(text);
  const dropped: ApplyResult['dropped'] = [];
  const placed: Placed[] = [];
  edits.forEach((edit, index) => {
    const { span } = edit;
    const start = offsetOf(text, starts, span.line, span.column);
    const end = offsetOf(text, starts, span.endLine, span.endColumn);
    let reason: string | undefined;
    if (typeof edit.text !== 'string') reason = 'its replacement is not text';
    else if (typeof start === 'string') reason = start;
    else if (typeof end === 'string') reason = end;
    else if (end < start) reason = 'its span ends before it starts';
    else reason = splitsPair(text, start) ?? splitsPair(text, end);
    if (reason !== undefined || typeof start !== 'number' || typeof end !== 'number') {
      dropped.push({ edit, reason: `dropped: ${reason ?? 'bad span'}` });
      return;
    }
    placed.push({ edit, index, start, end });
  });
  placed.sort((a, b) => a.start - b.start || a.end - b.end || a.index - b.index);

  const applied: TextEdit[] = [];
  const parts: string[] = [];
  let cursor = 0;
  let last: Placed | undefined;
  for (const p of placed) {
    if (last !== undefined && (p.start < last.end || (p.start === last.start && p.end === last.end))) {
      const same = p.start === last.start && p.end === last.end && p.edit.text === last.edit.text;
      dropped.push({
        edit: p.edit,
        reason: same
          ? 'dropped: the same edit is already applied'
          : `dropped: overlaps an earlier edit at ${last.edit.span.line}:${last.edit.span.column}`,
      });
      continue;
    }
    const eol = lineBreakAt(text, p.start);
    const replacement = p.edit.text.replace(/\r?\n/g, eol);
    if (replacement === text.slice(p.start, p.end)) {
      dropped.push({ edit: p.edit, reason: 'dropped: it changes nothing' });
      last = p; // still holds its span: a later edit there would undo what stands
      continue;
    }
    if (alreadyApplied(text, p.start, p.end, replacement)) {
      dropped.push({ edit: p.edit, reason: 'dropped: the text already holds its result' });
      last = p;
      continue;
    }
    parts.push(text.slice(cursor, p.start), replacement);
    cursor = p.end;
    last = p;
    applied.push(p.edit);
  }
  parts.push(text.slice(cursor));
  return { text: parts.join(''), applied, dropped };
}
