import { describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { changesFromGit, localGit, parseNameStatus } from '../../../src/scan/base/git.js';

describe('parseNameStatus', () => {
  test('statuses, renames, copies and odd names', () => {
    const out = [
      'M',
      'Dockerfile',
      'A',
      'a b/c,d:e.txt',
      'D',
      'old',
      'R087',
      'x/Dockerfile',
      'y/Dockerfile',
      'C100',
      'p',
      'q',
      'T',
      'link',
      '',
    ].join('\0');
    expect(parseNameStatus(out)).toEqual([
      { path: 'Dockerfile', status: 'modified' },
      { path: 'a b/c,d:e.txt', status: 'added' },
      { path: 'old', status: 'removed' },
      { path: 'y/Dockerfile', status: 'renamed', previousPath: 'x/Dockerfile' },
      { path: 'q', status: 'copied' },
      { path: 'link', status: 'changed' },
    ]);
  });

  test('truncated output stops cleanly', () => {
    expect(parseNameStatus('R100\0only-one')).toEqual([]);
    expect(parseNameStatus('')).toEqual([]);
  });
});

describe('changesFromGit', () => {
  function repo() {
    const dir = mkdtempSync(join(tmpdir(), 'bulkhead-git-'));
    const git = (...args: string[]) =>
      execFileSync(
        'git',
        ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args],
        { cwd: dir, encoding: 'utf8' },
      ).trim();
    git('init', '-q');
    return { dir, git };
  }

  test('diffs the working tree against the merge base and reads base blobs', async () => {
    const { dir, git } = repo();
    try {
      writeFileSync(join(dir, 'Dockerfile'), 'FROM node:20\n');
      writeFileSync(join(dir, 'old.Dockerfile'), 'FROM alpine:3\n# keep\n# the\n# content\n');
      git('add', '.');
      git('commit', '-q', '-m', 'base');
      const base = git('rev-parse', 'HEAD');
      writeFileSync(join(dir, 'Dockerfile'), 'FROM node:22\n');
      renameSync(join(dir, 'old.Dockerfile'), join(dir, 'new.Dockerfile'));
      writeFileSync(join(dir, 'added.Dockerfile'), 'FROM busybox\n');
      git('add', '-A');
      git('commit', '-q', '-m', 'head');
      const changes = await changesFromGit(localGit(dir), base);
      expect(changes?.source).toBe('git');
      expect(changes?.complete).toBe(true);
      expect(changes?.base).toBe(base);
      const files = [...changes!.files].sort((a, b) => (a.path < b.path ? -1 : 1));
      expect(files).toEqual([
        { path: 'Dockerfile', status: 'modified' },
        { path: 'added.Dockerfile', status: 'added' },
        { path: 'new.Dockerfile', status: 'renamed', previousPath: 'old.Dockerfile' },
      ]);
      expect(await changes!.readBase('Dockerfile')).toBe('FROM node:20\n');
      expect(await changes!.readBase('added.Dockerfile')).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('undefined when the base commit is not in the clone, or this is no repository', async () => {
    const { dir, git } = repo();
    try {
      writeFileSync(join(dir, 'Dockerfile'), 'FROM node:20\n');
      git('add', '.');
      git('commit', '-q', '-m', 'only');
      expect(await changesFromGit(localGit(dir), 'e'.repeat(40))).toBeUndefined();
      expect(await changesFromGit(localGit(tmpdir()), 'e'.repeat(40))).toBeUndefined();
      expect(await changesFromGit(localGit(dir), 'HEAD~1')).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
