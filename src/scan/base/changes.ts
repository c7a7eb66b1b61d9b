/** One file a change touched. Matches what GitHub's file lists say, so either source fills it. */
export interface ChangedFile {
  path: string;
  /** For renames: the path in the base. */
  previousPath?: string;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
}

/**
 * What the change touched, and how to read a file as it was at the base. Local git fills it here
 * (git.ts); the action's API fallback fills it in github/changes.ts, so nothing under scan/ talks
 * to GitHub: `readBase` is the only way a base file arrives.
 */
export interface ChangeSet {
  files: ChangedFile[];
  /** False when the list was cut by an API cap: some changed files are missing from it. */
  complete: boolean;
  source: 'git' | 'api';
  /** The commit base contents come from (the merge base when git can find it). */
  base: string;
  readBase(path: string): Promise<string | undefined>;
}

/** Paths present in the head that the change touched: the only places a finding can be new. */
export function changedPaths(changes: ChangeSet): Set<string> {
  return new Set(changes.files.filter((f) => f.status !== 'removed').map((f) => f.path));
}
