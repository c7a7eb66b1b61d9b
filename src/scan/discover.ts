import { lstat, readdir, stat } from 'node:fs/promises';
import { toRepoPath } from '../config/repo-path.js';
import { join, resolve } from 'node:path';
import { minimatch } from 'minimatch';
import type { FileKind } from '../core/index.js';
import { classify } from './classify.js';

export const DEFAULT_EXCLUDED_DIRS = new Set(['.git', 'node_modules', 'vendor']);

export interface DiscoveredFile {
  /** Repo-relative, forward slashes. */
  path: string;
  absPath: string;
  kind: FileKind;
  size: number;
}

/** Something the walk refused to read, reported as a finding, never skipped silently. */
export interface SkippedEntry {
  path: string;
  reason: 'symlink' | 'unreadable';
  detail: string;
}

export interface DiscoverOptions {
  root: string;
  paths: string[];
  include: string[];
  exclude: string[];
  /** Upper bound on directory entries visited, against a hostile tree. */
  maxEntries?: number;
}

/**
 * Walks the given paths (files or folders) without following symlinks. Files are returned in a
 * stable order (sorted by path) so findings and outputs are deterministic.
 */
export async function discover(
  opts: DiscoverOptions,
): Promise<{ files: DiscoveredFile[]; skipped: SkippedEntry[] }> {
  const files = new Map<string, DiscoveredFile>();
  const skipped: SkippedEntry[] = [];
  const mm = { dot: true, nocomment: true };
  const included = (rel: string) => opts.include.some((g) => minimatch(rel, g, mm));
  const excluded = (rel: string) => opts.exclude.some((g) => minimatch(rel, g, mm));
  const maxEntries = opts.maxEntries ?? 1_000_000;
  let visited = 0;
  let truncated = false;
  const rootAbs = resolve(opts.root);

  const consider = async (abs: string, rel: string, size: number, explicit: boolean) => {
    const kind = classify(rel);
    if (!kind) return;
    if (!explicit && (!included(rel) || excluded(rel))) return;
    files.set(rel, { path: rel, absPath: abs, kind, size });
  };

  const walk = async (dirAbs: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dirAbs, { withFileTypes: true });
    } catch (e) {
      skipped.push({
        path: toRepoPath(opts.root, dirAbs),
        reason: 'unreadable',
        detail: (e as Error).message,
      });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const ent of entries) {
      if (++visited > maxEntries) {
        if (!truncated) {
          truncated = true;
          skipped.push({
            path: toRepoPath(opts.root, dirAbs),
            reason: 'unreadable',
            detail: `stopped walking after ${maxEntries} directory entries; the rest of the tree was not checked`,
          });
        }
        return;
      }
      const abs = join(dirAbs, ent.name);
      const rel = toRepoPath(opts.root, abs);
      if (ent.isSymbolicLink()) {
        if (DEFAULT_EXCLUDED_DIRS.has(ent.name) || excluded(rel)) continue;
        // Report links that would have mattered (a file we classify, or a directory); stat only
        // learns the target's type, nothing is read through the link.
        const isDir = await stat(abs).then(
          (s) => s.isDirectory(),
          () => false,
        );
        if (isDir || (classify(rel) && included(rel))) {
          skipped.push({
            path: rel,
            reason: 'symlink',
            detail: isDir ? 'directory link not followed' : 'file link not followed',
          });
        }
        continue;
      }
      if (ent.isDirectory()) {
        // `dir/` lets `**/build/**` prune the whole directory instead of testing every file in it.
        if (DEFAULT_EXCLUDED_DIRS.has(ent.name) || excluded(rel) || excluded(`${rel}/`)) continue;
        await walk(abs);
      } else if (ent.isFile()) {
        if (!classify(rel)) continue;
        let size = 0;
        try {
          size = (await lstat(abs)).size;
        } catch (e) {
          skipped.push({ path: rel, reason: 'unreadable', detail: (e as Error).message });
          continue;
        }
        await consider(abs, rel, size, false);
      }
    }
  };

  for (const p of opts.paths) {
    const abs = resolve(opts.root, p);
    let st;
    try {
      st = await lstat(abs);
    } catch (e) {
      skipped.push({ path: toRepoPath(opts.root, abs), reason: 'unreadable', detail: (e as Error).message });
      continue;
    }
    if (st.isSymbolicLink()) {
      // Not even a link named on the command line is followed: the root itself is the only
      // exception (a checkout reached through a linked directory, /tmp on macOS).
      if (abs !== rootAbs) {
        skipped.push({
          path: toRepoPath(opts.root, abs),
          reason: 'symlink',
          detail: 'link named as a scan path; not followed',
        });
        continue;
      }
      try {
        st = await stat(abs);
      } catch (e) {
        skipped.push({
          path: toRepoPath(opts.root, abs),
          reason: 'unreadable',
          detail: (e as Error).message,
        });
        continue;
      }
    }
    if (st.isDirectory()) await walk(abs);
    else if (st.isFile()) await consider(abs, toRepoPath(opts.root, abs), st.size, true);
  }
  return {
    files: [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    skipped,
  };
}
