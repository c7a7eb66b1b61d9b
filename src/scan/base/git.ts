import { execFile } from 'node:child_process';
import type { ChangedFile, ChangeSet } from './changes.js';

/** Runs git in the workspace; tests substitute a fake. */
export interface Git {
  run(args: string[]): Promise<{ ok: boolean; stdout: Buffer }>;
}

export function localGit(cwd: string, maxBuffer = 128 << 20): Git {
  return {
    run: (args) =>
      new Promise((resolve) => {
        execFile(
          'git',
          // No pager, no prompts, paths as bytes; external diff and textconv drivers never run.
          ['-c', 'core.quotepath=off', '--no-pager', ...args],
          {
            cwd,
            maxBuffer,
            encoding: 'buffer',
            timeout: 60_000,
            env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' },
          },
          (err, stdout) => resolve({ ok: !err, stdout: stdout ?? Buffer.alloc(0) }),
        );
      }),
  };
}

const STATUS: Record<string, ChangedFile['status']> = {
  A: 'added',
  D: 'removed',
  M: 'modified',
  R: 'renamed',
  C: 'copied',
  T: 'changed',
  U: 'modified',
};

/** Parses `git diff --name-status -z`: `X\0path\0`, or `R100\0old\0new\0` for renames and copies. */
export function parseNameStatus(out: string): ChangedFile[] {
  const parts = out.split('\0');
  const files: ChangedFile[] = [];
  let i = 0;
  while (i < parts.length) {
    const code = parts[i++]!;
    if (code === '') continue;
    const status = STATUS[code[0]!] ?? 'modified';
    if (code[0] === 'R' || code[0] === 'C') {
      const from = parts[i++];
      const to = parts[i++];
      if (from === undefined || to === undefined) break;
      files.push({ path: to, status, ...(code[0] === 'R' ? { previousPath: from } : {}) });
    } else {
      const path = parts[i++];
      if (path === undefined) break;
      files.push({ path, status });
    }
  }
  return files;
}

const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

/**
 * Changed files from local git, when the base commit was fetched (`fetch-depth: 0`, or 2 for a
 * pull request's merge commit). Compares with the merge base, like GitHub's three-dot diff, and
 * against the working tree, which is what was scanned. Undefined when git cannot answer.
 */
export async function changesFromGit(git: Git, base: string): Promise<ChangeSet | undefined> {
  if (!SHA.test(base)) return undefined;
  const has = await git.run(['cat-file', '-e', `${base}^{commit}`]);
  if (!has.ok) return undefined;
  const mb = await git.run(['merge-base', base, 'HEAD']);
  const mergeBase = mb.ok ? mb.stdout.toString('utf8').trim() : '';
  const from = SHA.test(mergeBase) ? mergeBase : base;
  const diff = await git.run([
    'diff',
    '--no-ext-diff',
    '--no-textconv',
    '--name-status',
    '-z',
    '-M',
    from,
    '--',
  ]);
  if (!diff.ok) return undefined;
  return {
    files: parseNameStatus(diff.stdout.toString('utf8')),
    complete: true,
    source: 'git',
    base: from,
    async readBase(path) {
      if (path.includes('\0')) return undefined;
      // cat-file gives the stored bytes: no filters or textconv from the repository's attributes.
      const res = await git.run(['cat-file', 'blob', `${from}:${path}`]);
      return res.ok ? res.stdout.toString('utf8') : undefined;
    },
  };
}

/**
 * Adds the untracked files (not ignored) as `added`: they are part of what a local scan read, and
 * `git diff` does not list them. Left as it is when git cannot answer.
 */
export async function addUntracked(git: Git, changes: ChangeSet): Promise<void> {
  const untracked = await git.run(['ls-files', '--others', '--exclude-standard', '-z']);
  if (!untracked.ok) return;
  const listed = new Set(changes.files.map((f) => f.path));
  for (const path of untracked.stdout.toString('utf8').split('\0')) {
    if (path !== '' && !listed.has(path)) changes.files.push({ path, status: 'added' });
  }
}
