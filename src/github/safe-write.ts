import { closeSync, constants, existsSync, mkdirSync, openSync, realpathSync, writeSync } from 'node:fs';
import { dirname, isAbsolute, relative } from 'node:path';

function inside(dir: string, p: string): boolean {
  const rel = relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Writes an output file (the SARIF file) whose path the checked-out pull request may have planted a
 * symbolic link at: neither the file nor any directory on the way may lead outside `roots`, or the
 * write would overwrite whatever the link points at (another step's script, a runner file).
 */
export function writeInsideRoots(path: string, data: string, roots: readonly string[]): void {
  const realRoots = roots.map((r) => {
    try {
      return realpathSync(r);
    } catch {
      return r;
    }
  });
  const check = (d: string) => {
    if (!realRoots.some((r) => inside(r, realpathSync(d))))
      throw new Error(`${dirname(path)} leads outside the workspace through a symbolic link; not written`);
  };
  // The deepest directory that exists already, before mkdir creates anything through a link.
  let existing = dirname(path);
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  check(existing);
  mkdirSync(dirname(path), { recursive: true });
  check(dirname(path));
  // O_NOFOLLOW: a link at the file itself fails (ELOOP) instead of being written through.
  const fd = openSync(
    path,
    constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW,
    0o644,
  );
  try {
    writeSync(fd, data);
  } finally {
    closeSync(fd);
  }
}
