import { relative, sep } from 'node:path';

/** A repo-relative path with forward slashes (`.` for the root): how every layer names a file. */
export function toRepoPath(root: string, abs: string): string {
  const rel = relative(root, abs);
  return (rel === '' ? '.' : rel).split(sep).join('/');
}
