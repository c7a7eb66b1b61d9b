/**
 * The checked-out tree as rules see it (`RuleContext.tree`): directory listings and small text
 * files, read on demand and cached. Links are listed as links and never followed, so nothing
 * outside the tree is ever read through one. Listing is bounded for the whole scan
 * (`maxEntries`): past it every further listing answers `limit`, which the rules report.
 *
 * An overlay replaces parts of the tree (the base scan of `report: new`: files the change added
 * are absent, files it removed or modified have their base text), so a build context can be
 * judged as it was before the change without a second checkout.
 */
import { lstatSync, opendirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TreeEntry, TreeView } from '../core/index.js';

/** Directory entries listed at most per scan, against a hostile tree. */
export const DEFAULT_TREE_ENTRIES = 200_000;

export interface TreeOptions {
  root: string;
  maxEntries?: number;
  /** Repo-relative path -> base text, or null for a file absent at the base. */
  overlay?: ReadonlyMap<string, string | null>;
}

type Listing = ReturnType<TreeView['list']>;

function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i === -1 ? '' : path.slice(0, i);
}

function nameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** A TreeView over the file system under `root`. */
export function fsTree(opts: TreeOptions): TreeView {
  const max = opts.maxEntries ?? DEFAULT_TREE_ENTRIES;
  const overlay = opts.overlay ?? new Map<string, string | null>();
  let listed = 0;
  const listings = new Map<string, Listing>();
  const texts = new Map<string, string | undefined>();
  // Directories that hold an overlaid file the base had (a file the change removed).
  const overlayDirs = new Map<string, Map<string, TreeEntry>>();
  for (const [path, text] of overlay) {
    if (text === null) continue;
    let child = path;
    let dir = parentOf(path);
    let entry: TreeEntry = { name: nameOf(path), type: 'file', size: Buffer.byteLength(text) };
    for (;;) {
      const m = overlayDirs.get(dir) ?? new Map<string, TreeEntry>();
      overlayDirs.set(dir, m);
      m.set(nameOf(child), entry);
      if (dir === '') break;
      child = dir;
      entry = { name: nameOf(dir), type: 'dir', size: 0 };
      dir = parentOf(dir);
    }
  }

  const readDisk = (dir: string): Listing => {
    const abs = dir === '' ? opts.root : join(opts.root, dir);
    let st;
    try {
      st = lstatSync(abs);
    } catch {
      return { missing: true };
    }
    if (!st.isDirectory()) return { missing: true };
    const entries: TreeEntry[] = [];
    let handle;
    try {
      handle = opendirSync(abs);
    } catch (e) {
      return { error: (e as Error).message };
    }
    try {
      for (let d = handle.readSync(); d !== null; d = handle.readSync()) {
        if (++listed > max) return { limit: max };
        const type: TreeEntry['type'] = d.isSymbolicLink()
          ? 'link'
          : d.isDirectory()
            ? 'dir'
            : d.isFile()
              ? 'file'
              : 'other';
        let size = 0;
        if (type === 'file') {
          try {
            size = lstatSync(join(abs, d.name)).size;
          } catch {
            continue;
          }
        }
        entries.push({ name: d.name, type, size });
      }
    } catch (e) {
      return { error: (e as Error).message };
    } finally {
      handle.closeSync();
    }
    return { entries };
  };

  return {
    list(dir) {
      const cached = listings.get(dir);
      if (cached) return cached;
      let res = readDisk(dir);
      const extra = overlayDirs.get(dir);
      if (extra) {
        const base = 'entries' in res ? res.entries : 'missing' in res ? [] : undefined;
        if (base) {
          const byName = new Map(base.map((e) => [e.name, e]));
          for (const [name, e] of extra) byName.set(name, e);
          res = { entries: [...byName.values()] };
        }
      }
      if ('entries' in res) {
        res = {
          entries: res.entries
            .filter((e) => overlay.get(dir === '' ? e.name : `${dir}/${e.name}`) !== null)
            .map((e) => {
              const text = overlay.get(dir === '' ? e.name : `${dir}/${e.name}`);
              return typeof text === 'string'
                ? { ...e, type: 'file' as const, size: Buffer.byteLength(text) }
                : e;
            })
            .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
        };
      }
      listings.set(dir, res);
      return res;
    },
    readText(path, maxBytes) {
      const key = `${maxBytes}\0${path}`;
      if (texts.has(key)) return texts.get(key);
      let text: string | undefined;
      const over = overlay.get(path);
      if (over === null) text = undefined;
      else if (typeof over === 'string') text = Buffer.byteLength(over) <= maxBytes ? over : undefined;
      else {
        try {
          const abs = join(opts.root, path);
          const st = lstatSync(abs);
          // Only a regular file: a link (to anywhere) is never read through.
          if (st.isFile() && st.size <= maxBytes && noLinkOnTheWay(opts.root, path)) {
            text = readFileSync(abs, 'utf8');
          }
        } catch {
          text = undefined;
        }
      }
      if (text !== undefined && text.includes('\0')) text = undefined;
      texts.set(key, text);
      return text;
    },
  };
}

/** No directory on the way to `path` is a link (so reading it cannot leave the tree). */
function noLinkOnTheWay(root: string, path: string): boolean {
  const parts = path.split('/');
  let at = root;
  for (const part of parts.slice(0, -1)) {
    at = join(at, part);
    try {
      if (!lstatSync(at).isDirectory()) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/** A TreeView over files held in memory (tests, examples): every path a file, its folders implied. */
export function memoryTree(files: Readonly<Record<string, string>>): TreeView {
  const dirs = new Map<string, Map<string, TreeEntry>>();
  const add = (dir: string, e: TreeEntry) => {
    const m = dirs.get(dir) ?? new Map<string, TreeEntry>();
    dirs.set(dir, m);
    if (!m.has(e.name)) m.set(e.name, e);
  };
  for (const [path, text] of Object.entries(files)) {
    let child = path;
    let dir = parentOf(path);
    let entry: TreeEntry = { name: nameOf(path), type: 'file', size: Buffer.byteLength(text) };
    for (;;) {
      add(dir, entry);
      if (dir === '') break;
      child = dir;
      entry = { name: nameOf(child), type: 'dir', size: 0 };
      dir = parentOf(dir);
    }
  }
  if (!dirs.has('')) dirs.set('', new Map());
  return {
    list(dir) {
      const m = dirs.get(dir);
      if (!m) return { missing: true };
      return { entries: [...m.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) };
    },
    readText(path, maxBytes) {
      const t = files[path];
      if (t === undefined || Buffer.byteLength(t) > maxBytes || t.includes('\0')) return undefined;
      return t;
    },
  };
}
