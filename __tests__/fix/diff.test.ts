import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { unifiedDiff } from '../../src/fix/diff.js';

let repo: string;

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'bulkhead-diff-'));
  execFileSync('git', ['init', '-q', repo]);
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

/** Writes `before` at `path` in the temp repo, applies the patch with git, returns the result. */
function gitApply(path: string, before: string, patch: string): string {
  const file = join(repo, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, before);
  const patchFile = join(repo, '..', `${repo.split('/').pop()}.patch`);
  writeFileSync(patchFile, patch);
  try {
    execFileSync('git', ['apply', '--check', '--whitespace=nowarn', patchFile], { cwd: repo, stdio: 'pipe' });
    execFileSync('git', ['apply', '--whitespace=nowarn', patchFile], { cwd: repo, stdio: 'pipe' });
    return readFileSync(file, 'utf8');
  } finally {
    rmSync(patchFile, { force: true });
    rmSync(file, { force: true });
  }
}

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('Dockerfile', 'FROM a\n', 'FROM a\n')).toBe('');
    expect(unifiedDiff('Dockerfile', '', '')).toBe('');
  });

  it('writes one hunk with three lines of context', () => {
    const before = ['1', '2', '3', '4', '5', '6', '7', '8'].map((l) => `${l}\n`).join('');
    const after = before.replace('5\n', 'five\n');
    expect(unifiedDiff('d/Dockerfile', before, after)).toBe(
      [
        'diff --git a/d/Dockerfile b/d/Dockerfile',
        '--- a/d/Dockerfile',
        '+++ b/d/Dockerfile',
        '@@ -2,7 +2,7 @@',
        ' 2',
        ' 3',
        ' 4',
        '-5',
        '+five',
        ' 6',
        ' 7',
        ' 8',
        '',
      ].join('\n'),
    );
  });

  it('splits far changes into hunks and merges near ones', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i + 1}\n`);
    const after = [...lines];
    after[1] = 'changed 2\n';
    after[4] = 'changed 5\n';
    after[25] = 'changed 26\n';
    const patch = unifiedDiff('f', lines.join(''), after.join(''));
    expect(patch.match(/^@@ .*$/gm)).toStrictEqual(['@@ -1,8 +1,8 @@', '@@ -23,7 +23,7 @@']);
    expect(gitApply('f', lines.join(''), patch)).toBe(after.join(''));
  });

  it('marks a missing final newline on either side', () => {
    const patch = unifiedDiff('x', 'a\nb', 'a\nc');
    expect(patch).toContain('-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n');
    expect(gitApply('x', 'a\nb', patch)).toBe('a\nc');
    expect(gitApply('x', 'a\nb', unifiedDiff('x', 'a\nb', 'a\nb\n'))).toBe('a\nb\n');
    expect(gitApply('x', 'a\nb\n', unifiedDiff('x', 'a\nb\n', 'a\nb'))).toBe('a\nb');
  });

  it('keeps CRLF lines intact', () => {
    const before = 'on: push\r\njobs:\r\n  a:\r\n    runs-on: x\r\n';
    const after = 'on: push\r\njobs:\r\n  a:\r\n    permissions: {}\r\n    runs-on: x\r\n';
    const patch = unifiedDiff('.github/workflows/ci.yml', before, after);
    expect(patch).toContain('+    permissions: {}\r\n');
    expect(gitApply('.github/workflows/ci.yml', before, patch)).toBe(after);
  });

  it('handles insertions at the top, deletions to empty, and an empty file growing', () => {
    expect(gitApply('t', 'b\n', unifiedDiff('t', 'b\n', 'a\nb\n'))).toBe('a\nb\n');
    const toEmpty = unifiedDiff('t', 'a\nb\n', '');
    expect(toEmpty).toContain('@@ -1,2 +0,0 @@');
    expect(gitApply('t', 'a\nb\n', toEmpty)).toBe('');
    const fromEmpty = unifiedDiff('t', '', 'a\n');
    expect(fromEmpty).toContain('@@ -0,0 +1 @@');
    expect(gitApply('t', '', fromEmpty)).toBe('a\n');
  });

  it('quotes hostile paths as git does, so a newline in a name cannot forge diff lines', () => {
    const patch = unifiedDiff('we"ird\n+++ b/evil é', 'a\n', 'b\n');
    expect(patch.split('\n')[0]).toBe(
      'diff --git "a/we\\"ird\\n+++ b/evil \\303\\251" "b/we\\"ird\\n+++ b/evil \\303\\251"',
    );
    expect(patch.match(/^\+\+\+ /gm)).toHaveLength(1);
    expect(gitApply('sp ace/ é.txt', 'a\n', unifiedDiff('sp ace/ é.txt', 'a\n', 'b\n'))).toBe('b\n');
  });

  it('falls back to one replace hunk past the search bound, still a correct patch', () => {
    const before = Array.from({ length: 3000 }, (_, i) => `a${i}\n`).join('');
    const after = Array.from({ length: 3000 }, (_, i) => `b${i}\n`).join('');
    const started = Date.now();
    const patch = unifiedDiff('big', before, after);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(patch).toContain('@@ -1,3000 +1,3000 @@');
    expect(gitApply('big', before, patch)).toBe(after);
  });

  it('is fast for local edits in a large file', () => {
    const lines = Array.from({ length: 50_000 }, (_, i) => `RUN echo ${i}\n`);
    const after = [...lines];
    after[10] = 'RUN echo ten\n';
    after[40_000] = 'RUN echo forty thousand\n';
    const started = Date.now();
    const patch = unifiedDiff('Dockerfile', lines.join(''), after.join(''));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(patch.match(/^@@ .*$/gm)).toStrictEqual(['@@ -8,7 +8,7 @@', '@@ -39998,7 +39998,7 @@']);
  });

  it('produces patches git applies, for random edits (property)', () => {
    const text = fc
      .array(fc.constantFrom('a\n', 'b\n', 'c\r\n', 'd\n', 'e\n', ''), { maxLength: 12 })
      .chain((ls) => fc.tuple(fc.constant(ls.join('')), fc.constantFrom('', 'z', 'a')))
      .map(([t, end]) => t + end);
    fc.assert(
      fc.property(text, text, fc.integer({ min: 1, max: 4 }), (before, after, context) => {
        const patch = unifiedDiff('p/file.txt', before, after, context);
        if (before === after) {
          expect(patch).toBe('');
          return;
        }
        expect(gitApply('p/file.txt', before, patch)).toBe(after);
      }),
      { seed: 16, numRuns: 60 },
    );
  });
});
