import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { TextEdit } from '../../src/core/fix.js';
import { applyEdits } from '../../src/fix/apply.js';

const at = (line: number, column: number, endLine: number, endColumn: number, text: string): TextEdit => ({
  span: { line, column, endLine, endColumn },
  text,
});

describe('applyEdits', () => {
  it('replaces a span on one line and keeps everything else byte for byte', () => {
    const src = 'FROM node:20\nRUN npm install\n';
    const r = applyEdits(src, [at(2, 9, 2, 16, 'ci')]);
    expect(r.text).toBe('FROM node:20\nRUN npm ci\n');
    expect(r.applied).toHaveLength(1);
    expect(r.dropped).toStrictEqual([]);
  });

  it('applies several edits, given in any order, against the original positions', () => {
    const src = 'a bb ccc\ndddd\n';
    const r = applyEdits(src, [at(2, 1, 2, 5, 'D'), at(1, 3, 1, 5, 'BBBB'), at(1, 1, 1, 2, '')]);
    expect(r.text).toBe(' BBBB ccc\nD\n');
    expect(r.applied.map((e) => e.text)).toStrictEqual(['', 'BBBB', 'D']);
  });

  it('replaces across lines and inserts at a line start', () => {
    const src = 'one\ntwo\nthree\n';
    expect(applyEdits(src, [at(1, 2, 3, 3, 'X')]).text).toBe('oXree\n');
    expect(applyEdits(src, [at(2, 1, 2, 1, 'new\n')]).text).toBe('one\nnew\ntwo\nthree\n');
  });

  it('allows a column one past the last character of a line, and of the text', () => {
    expect(applyEdits('ab\ncd', [at(1, 3, 1, 3, '!'), at(2, 3, 2, 3, '?')]).text).toBe('ab!\ncd?');
  });

  it('keeps CRLF: inserted line breaks follow the file, the \\r stays', () => {
    const src = 'jobs:\r\n  a:\r\n    steps:\r\n';
    const r = applyEdits(src, [at(3, 11, 3, 11, ' # x'), at(2, 1, 2, 1, '  b:\n    x: 1\n')]);
    expect(r.text).toBe('jobs:\r\n  b:\r\n    x: 1\r\n  a:\r\n    steps: # x\r\n');
  });

  it('keeps LF files LF even when the edit text brings CRLF', () => {
    expect(applyEdits('a\nb\n', [at(2, 1, 2, 1, 'x\r\n')]).text).toBe('a\nx\nb\n');
  });

  it('drops an edit that would split a CRLF pair', () => {
    const src = 'ab\r\ncd\r\n';
    const e = at(1, 4, 1, 4, 'x'); // between \r (column 3) and \n
    const r = applyEdits(src, [e]);
    expect(r.text).toBe(src);
    expect(r.dropped).toStrictEqual([{ edit: e, reason: 'dropped: it would split a CRLF line break' }]);
  });

  it('counts columns in UTF-16 code units and refuses to split a surrogate pair', () => {
    const src = 'x😀y\n'; // 😀 is two code units: columns 2 and 3
    expect(applyEdits(src, [at(1, 4, 1, 5, 'Y')]).text).toBe('x😀Y\n');
    const bad = at(1, 3, 1, 4, '');
    expect(applyEdits(src, [bad]).dropped).toStrictEqual([
      { edit: bad, reason: 'dropped: it would split a surrogate pair' },
    ]);
  });

  it('drops edits outside the text with the reason', () => {
    const src = 'abc\n';
    const cases: [TextEdit, string][] = [
      [at(3, 1, 3, 2, 'x'), 'dropped: line 3 is outside the text (2 lines)'],
      [at(1, 5, 1, 6, 'x'), 'dropped: column 5 is outside line 1 (3 characters)'],
      [at(0, 1, 1, 2, 'x'), 'dropped: line 0 is outside the text (2 lines)'],
      [at(1, 0, 1, 2, 'x'), 'dropped: column 0 is outside line 1 (3 characters)'],
      [at(1, 3, 1, 2, 'x'), 'dropped: its span ends before it starts'],
      [at(1, 1.5, 1, 2, 'x'), 'dropped: its span is not whole numbers'],
    ];
    for (const [edit, reason] of cases) {
      const r = applyEdits(src, [edit]);
      expect(r.text).toBe(src);
      expect(r.applied).toStrictEqual([]);
      expect(r.dropped).toStrictEqual([{ edit, reason }]);
    }
  });

  it('keeps the first of overlapping edits by position and drops the rest', () => {
    const src = 'abcdefgh\n';
    const first = at(1, 2, 1, 5, 'X');
    const overlapping = at(1, 4, 1, 7, 'Y');
    const touching = at(1, 5, 1, 6, 'Z');
    const r = applyEdits(src, [overlapping, touching, first]);
    expect(r.text).toBe('aXZfgh\n');
    expect(r.applied).toStrictEqual([first, touching]);
    expect(r.dropped).toStrictEqual([
      { edit: overlapping, reason: 'dropped: overlaps an earlier edit at 1:2' },
    ]);
  });

  it('keeps one of two insertions at one place, and one of two equal edits', () => {
    const a = at(1, 2, 1, 2, 'A');
    const b = at(1, 2, 1, 2, 'B');
    const r = applyEdits('xy', [a, b, { ...a }]);
    expect(r.text).toBe('xAy');
    expect(r.dropped.map((d) => d.reason)).toStrictEqual([
      'dropped: overlaps an earlier edit at 1:2',
      'dropped: the same edit is already applied',
    ]);
  });

  it('lets an insertion and a replacement starting at the same place both apply', () => {
    expect(applyEdits('abc', [at(1, 1, 1, 3, 'XY'), at(1, 1, 1, 1, '>')]).text).toBe('>XYc');
  });

  it('changes nothing on already-fixed text (pinning twice, inserting twice)', () => {
    const pin = at(1, 6, 1, 13, 'node:20@sha256:' + 'a'.repeat(64));
    const once = applyEdits('FROM node:20\n', [pin]);
    expect(once.text).toBe(`FROM node:20@sha256:${'a'.repeat(64)}\n`);
    const twice = applyEdits(once.text, [pin]);
    expect(twice.text).toBe(once.text);
    expect(twice.dropped).toStrictEqual([
      { edit: pin, reason: 'dropped: the text already holds its result' },
    ]);

    const insert = at(2, 1, 2, 1, '  persist-credentials: false\n');
    const i1 = applyEdits('x:\ny\n', [insert]);
    expect(applyEdits(i1.text, [insert]).text).toBe(i1.text);

    const same = at(1, 1, 1, 2, 'a');
    expect(applyEdits('abc', [same]).dropped).toStrictEqual([
      { edit: same, reason: 'dropped: it changes nothing' },
    ]);
  });

  it('still applies a shortening replacement whose result starts like the old text', () => {
    expect(applyEdits('curl -ksSL u', [at(1, 6, 1, 11, '-sSL')]).text).toBe('curl -sSL u');
    expect(applyEdits('ab', [at(1, 1, 1, 3, 'a')]).text).toBe('a');
  });

  it('never throws and never touches text outside the kept spans (property)', () => {
    const line = fc.stringMatching(/^[a-z \r😀]{0,8}$/u);
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 5 }),
        fc.array(
          fc.record({
            line: fc.integer({ min: 0, max: 6 }),
            column: fc.integer({ min: 0, max: 10 }),
            len: fc.integer({ min: 0, max: 4 }),
            text: fc.stringMatching(/^[A-Z]{0,3}$/),
          }),
          { maxLength: 5 },
        ),
        (lines, raw) => {
          const src = lines.join('\n');
          const edits = raw.map((e) => at(e.line, e.column, e.line, e.column + e.len, e.text));
          const r = applyEdits(src, edits);
          expect(r.applied.length + r.dropped.length).toBe(edits.length);
          // Undo the applied edits from the back: the original comes back.
          const starts = [0];
          for (let i = src.indexOf('\n'); i !== -1; i = src.indexOf('\n', i + 1)) starts.push(i + 1);
          let rebuilt = r.text;
          let shift = 0;
          const offsets = r.applied.map((e) => {
            const s = starts[e.span.line - 1]! + e.span.column - 1;
            const t = starts[e.span.endLine - 1]! + e.span.endColumn - 1;
            const o = { s: s + shift, len: e.text.length, old: src.slice(s, t) };
            shift += e.text.length - (t - s);
            return o;
          });
          for (const o of offsets.reverse())
            rebuilt = rebuilt.slice(0, o.s) + o.old + rebuilt.slice(o.s + o.len);
          expect(rebuilt).toBe(src);
        },
      ),
      { seed: 16, numRuns: 300 },
    );
  });
});
