/**
 * `report: new` asks the online services only about what the change added or changed. A head
 * finding is new only in a changed file and only when the base scan of that file lacks it; a
 * lockfile entry that the base version of the same file already had, identically (same name,
 * version, source, download URL and hashes), yields the same online findings at both ends, so
 * asking about it cannot make anything new. Entries of unchanged lockfiles are not asked about at
 * all; entries of changed ones only when they are not in the base version of that file. A changed
 * hash or URL of a release the base had makes the entry changed (lockfile/integrity-mismatch must
 * see a rewritten hash). The base scan then asks only about the releases the head asked about
 * (answered from the shared cache: no request), so a release vulnerable at both ends stays
 * "existing".
 */
import type { Package } from '../../formats/lockfile/model.js';
import { classify } from '../classify.js';
import type { OnlineSelect } from '../online.js';
import type { ChangeSet } from './changes.js';

/** An entry as the comparison sees it: what a look-up or an online rule reads of it. */
function entryKey(p: Package): string {
  return [p.ecosystem, p.realName ?? p.name, p.version, p.source, p.resolved ?? '', p.integrity ?? ''].join(
    '\0',
  );
}

/** A release: what the services are asked about. */
function releaseKey(p: Package): string {
  return [p.ecosystem, p.realName ?? p.name, p.version].join('\0');
}

export interface OnlineSelection {
  /** For the head scan: entries added or changed by the change. */
  head: OnlineSelect;
  /** For the base scan: entries of releases the head asked about (all cache hits). */
  base: OnlineSelect;
  /** Distinct releases the head asked about so far (for the log and tests). */
  asked(): number;
}

/**
 * Reads and parses the base version of every changed lockfile. A lockfile added by the change, or
 * whose base cannot be read or parsed, has every entry asked about (asking more is safe; asking
 * less could hide a finding).
 */
export async function onlineSelection(
  changes: ChangeSet,
  opts: { maxBytes?: number } = {},
): Promise<OnlineSelection> {
  const { parseLockfile } = await import('../../formats/lockfile/parse.js');
  /** Per changed head path: the base entries, or undefined = ask about every entry. */
  const base = new Map<string, Set<string> | undefined>();
  for (const f of changes.files) {
    if (f.status === 'removed' || classify(f.path) !== 'lockfile') continue;
    if (f.status === 'added') {
      base.set(f.path, undefined);
      continue;
    }
    const from = f.previousPath ?? f.path;
    let keys: Set<string> | undefined;
    try {
      const text = await changes.readBase(from);
      if (text !== undefined && (opts.maxBytes === undefined || Buffer.byteLength(text) <= opts.maxBytes))
        keys = new Set(parseLockfile(text, from).packages.map(entryKey));
    } catch {
      keys = undefined;
    }
    base.set(f.path, keys);
  }
  const asked = new Set<string>();
  return {
    head: (path, p) => {
      if (!base.has(path)) return false;
      const keys = base.get(path);
      if (keys !== undefined && keys.has(entryKey(p))) return false;
      asked.add(releaseKey(p));
      return true;
    },
    base: (_path, p) => asked.has(releaseKey(p)),
    asked: () => asked.size,
  };
}
