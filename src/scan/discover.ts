import { lstat, opendir, realpath, stat } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import { toRepoPath } from '../config/repo-path.js';
import { resolve, sep } from 'node:path';
import { minimatch } from 'minimatch';
import type { FileKind } from '../core/index.js';
import { classify } from './classify.js';

export const DEFAULT_EXCLUDED_DIRS = new Set(['.git', 'node_modules', 'vendor']);

/** The walk's default bound on directory entries visited, against a hostile tree. */
export const DEFAULT_MAX_ENTRIES = 1_000_000;

export interface DiscoveredFile {
  /** Repo-relative, forward slashes; a name that is not valid UTF-8 shows U+FFFD where its bytes were. */
  path: string;
  /**
   * What to read: the exact bytes of the name (a Buffer, so a name that is not UTF-8 is still
   * opened), or, for a link to a file inside the workspace, the target's real path.
   */
  absPath: Buffer;
  kind: FileKind;
  size: number;
  /**
   * Set for a file read as another name says (`--type`): the name whose format it is parsed as
   * (`package-lock.json`, `.npmrc`); the reported path stays the file's own.
   */
  parseName?: string;
  /** The text itself, for standard input (`scan -`): nothing is read from `absPath`. */
  text?: string;
}

/** How files named explicitly but not recognised by name are read (`--type`). */
export interface ReadAs {
  kind: FileKind;
  /** For lockfiles and package-manager config: the file name whose format applies. */
  name?: string;
}

/** Something the walk could not check, reported as a blocking finding, never skipped silently. */
export interface SkippedEntry {
  path: string;
  /** `truncated`: the walk stopped at its entry cap; `path` is the folder it was in. */
  reason: 'symlink' | 'unreadable' | 'truncated';
  detail: string;
  /** For `truncated`: the cap, and how many files to check had been found before it. */
  limit?: number;
  filesFound?: number;
}

export interface DiscoverOptions {
  root: string;
  paths: string[];
  include: string[];
  exclude: string[];
  /** Upper bound on directory entries visited, against a hostile tree. */
  maxEntries?: number;
  /** Files named in `paths` that no name matches are read as this kind (`--type`). */
  as?: ReadAs;
}

/** What the walk found: files to check, what it could not check, and named files it does not know. */
export interface Discovered {
  files: DiscoveredFile[];
  skipped: SkippedEntry[];
  /** Files named in `paths` whose name is no kind Bulkhead reads (and no `as` was given). */
  unrecognised: string[];
}

type Link = { real: Buffer; size: number } | { detail: string };

const SEP = Buffer.from(sep);

function childPath(dir: Buffer, name: Buffer): Buffer {
  return dir.length > 0 && dir[dir.length - 1] === SEP[0]
    ? Buffer.concat([dir, name])
    : Buffer.concat([dir, SEP, name]);
}

/** Byte-wise containment, so a name that is not UTF-8 cannot make two paths compare equal. */
function within(root: Buffer, p: Buffer): boolean {
  if (p.equals(root)) return true;
  const base = root[root.length - 1] === SEP[0] ? root : Buffer.concat([root, SEP]);
  return p.length > base.length && p.subarray(0, base.length).equals(base);
}

/** A path above the root (`..`, `../x`): reported with its `../`, matched against globs without. */
function outsideRoot(rel: string): boolean {
  return rel === '..' || rel.startsWith('../');
}

/**
 * Walks the given paths (files or folders). Entry names are read as bytes, so a folder whose name
 * is not valid UTF-8 is walked like any other. A symbolic link is never walked: a link to a
 * regular file inside the workspace (by real path) is checked under the link's own name, since
 * that is the name the build reads; any other link is skipped and reported. Files are returned in
 * a stable order (sorted by path) so findings and outputs are deterministic.
 */
export async function discover(opts: DiscoverOptions): Promise<Discovered> {
  const files = new Map<string, DiscoveredFile>();
  const skipped: SkippedEntry[] = [];
  const unrecognised: string[] = [];
  const mm = { dot: true, nocomment: true };
  // A folder named outside the root (`scan . ../b`) keeps `../b/` in its reported paths; its
  // files are matched against `paths:` globs relative to that folder, as if it were the root.
  let globBase = '';
  const globPath = (rel: string) => (globBase && rel.startsWith(globBase) ? rel.slice(globBase.length) : rel);
  const included = (rel: string) => opts.include.some((g) => minimatch(globPath(rel), g, mm));
  const excluded = (rel: string) => opts.exclude.some((g) => minimatch(globPath(rel), g, mm));
  const maxEntries = opts.maxEntries ?? DEFAULT_MAX_ENTRIES;
  let visited = 0;
  let truncated = false;
  const rootAbs = resolve(opts.root);
  const realRoot = await realpath(Buffer.from(rootAbs), { encoding: 'buffer' }).catch(() =>
    Buffer.from(rootAbs),
  );

  /** The real path of the tree being walked: links may lead anywhere inside it. */
  let realTree = realRoot;
  const consider = (abs: Buffer, rel: string, size: number, explicit: boolean) => {
    let kind = classify(rel);
    let parseName: string | undefined;
    if (!kind && explicit && opts.as) {
      kind = opts.as.kind;
      parseName = opts.as.name;
    }
    if (!kind) {
      if (explicit) unrecognised.push(rel);
      return;
    }
    if (!explicit && (!included(rel) || excluded(rel))) return;
    const prior = files.get(rel);
    if (prior && !prior.absPath.equals(abs)) {
      // Two names that differ only in bytes that are not UTF-8 decode to one path: the second
      // cannot be reported apart from the first, so it is a finding rather than silently dropped.
      skipped.push({
        path: rel,
        reason: 'unreadable',
        detail: 'another file has the same name once decoded as UTF-8, so this one was not checked',
      });
      return;
    }
    files.set(rel, { path: rel, absPath: abs, kind, size, ...(parseName ? { parseName } : {}) });
  };

  /** Where a link leads; stat and realpath only learn the target, nothing is read through it. */
  const followLink = async (abs: Buffer): Promise<Link> => {
    let real: Buffer;
    try {
      real = await realpath(abs, { encoding: 'buffer' });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return { detail: 'dangling link: its target does not exist' };
      if (code === 'ELOOP') return { detail: 'a loop of links' };
      return { detail: (e as Error).message };
    }
    const home = within(realRoot, real) ? realRoot : within(realTree, real) ? realTree : undefined;
    if (!home) return { detail: 'link to a file outside the workspace' };
    // `.git/config` can hold the checkout's token (persist-credentials): never read as a lockfile.
    if (real.subarray(home.length).toString('utf8').split(sep).includes('.git'))
      return { detail: 'link into the .git folder' };
    try {
      const st = await lstat(real);
      if (st.isDirectory()) return { detail: 'link to a directory' };
      if (!st.isFile()) return { detail: 'link to something that is not a regular file' };
      return { real, size: st.size };
    } catch (e) {
      return { detail: (e as Error).message };
    }
  };

  const considerLink = async (abs: Buffer, rel: string, explicit: boolean) => {
    const link = await followLink(abs);
    if ('real' in link) consider(link.real, rel, link.size, explicit);
    else skipped.push({ path: rel, reason: 'symlink', detail: link.detail });
  };

  /** A directory's entries, reading no more than the walk may still visit (plus one, to see the cap). */
  const entriesOf = async (dirAbs: Buffer): Promise<Dirent<Buffer>[]> => {
    // Node reads names as bytes with `encoding: 'buffer'`; its types only list text encodings.
    const dir = await opendir(dirAbs, { encoding: 'buffer' as BufferEncoding, bufferSize: 256 });
    const out: Dirent<Buffer>[] = [];
    try {
      for (let e = await dir.read(); e !== null; e = await dir.read()) {
        out.push(e as unknown as Dirent<Buffer>);
        if (visited + out.length > maxEntries) break;
      }
    } finally {
      await dir.close();
    }
    return out.sort((a, b) => Buffer.compare(a.name, b.name));
  };

  const walk = async (dirAbs: Buffer, dirRel: string): Promise<void> => {
    let entries: Dirent<Buffer>[];
    try {
      entries = await entriesOf(dirAbs);
    } catch (e) {
      skipped.push({ path: dirRel, reason: 'unreadable', detail: (e as Error).message });
      return;
    }
    for (const ent of entries) {
      if (truncated) return;
      if (++visited > maxEntries) {
        truncated = true;
        skipped.push({
          path: dirRel,
          reason: 'truncated',
          detail: `stopped walking after ${maxEntries} directory entries; the rest of the tree was not checked`,
          limit: maxEntries,
          filesFound: files.size,
        });
        return;
      }
      const name = ent.name.toString('utf8');
      const abs = childPath(dirAbs, ent.name);
      const rel = dirRel === '.' ? name : `${dirRel}/${name}`;
      if (ent.isSymbolicLink()) {
        if (DEFAULT_EXCLUDED_DIRS.has(name) || excluded(rel)) continue;
        if (classify(rel) && included(rel)) {
          await considerLink(abs, rel, false);
          continue;
        }
        // A linked directory is not walked (a loop, or a tree outside the workspace): reported.
        const isDir = await stat(abs).then(
          (s) => s.isDirectory(),
          () => false,
        );
        if (isDir) skipped.push({ path: rel, reason: 'symlink', detail: 'link to a directory' });
        continue;
      }
      if (ent.isDirectory()) {
        // `dir/` lets `**/build/**` prune the whole directory instead of testing every file in it.
        if (DEFAULT_EXCLUDED_DIRS.has(name) || excluded(rel) || excluded(`${rel}/`)) continue;
        await walk(abs, rel);
      } else if (ent.isFile()) {
        if (!classify(rel)) continue;
        let size = 0;
        try {
          size = (await lstat(abs)).size;
        } catch (e) {
          skipped.push({ path: rel, reason: 'unreadable', detail: (e as Error).message });
          continue;
        }
        consider(abs, rel, size, false);
      } else if (classify(rel) && included(rel) && !excluded(rel)) {
        // A FIFO or device named like a lockfile: reading it could block or never end.
        skipped.push({ path: rel, reason: 'unreadable', detail: 'not a regular file' });
      }
    }
  };

  for (const p of opts.paths) {
    const absText = resolve(opts.root, p);
    const abs = Buffer.from(absText);
    const rel = toRepoPath(opts.root, absText);
    globBase = outsideRoot(rel) ? `${rel}/` : '';
    realTree = realRoot;
    if (globBase) {
      realTree = await realpath(abs, { encoding: 'buffer' }).catch(() => abs);
    }
    let st;
    try {
      st = await lstat(abs);
    } catch (e) {
      skipped.push({ path: rel, reason: 'unreadable', detail: (e as Error).message });
      continue;
    }
    if (st.isSymbolicLink()) {
      // The root itself may be reached through a link (a checkout in a linked directory, /tmp on
      // macOS); any other link named on the command line is treated like one met in the walk.
      if (absText !== rootAbs) {
        await considerLink(abs, rel, true);
        continue;
      }
      try {
        st = await stat(abs);
      } catch (e) {
        skipped.push({ path: rel, reason: 'unreadable', detail: (e as Error).message });
        continue;
      }
    }
    if (st.isDirectory()) await walk(abs, rel);
    else if (st.isFile()) consider(abs, rel, st.size, true);
  }
  return {
    files: [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    skipped,
    unrecognised,
  };
}
