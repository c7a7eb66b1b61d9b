/**
 * Offline list of package versions published with malicious code, seeded from the project's
 * hand-checked reference data (each entry names the advisory or write-up it was checked against).
 * The live OSV feed is the primary source; this list is the fallback and the test data. Every
 * finding built from an entry must cite its `source` and `advisories`.
 */
import { eq as pep440Equal, valid as pep440Valid } from '@renovatebot/pep440';
import semver from 'semver';
import data from './known-malicious.json' with { type: 'json' };
import type { Ecosystem } from '../core/index.js';

export interface MaliciousEntry {
  ecosystem: 'npm' | 'PyPI';
  name: string;
  /** Exact versions; never ranges. */
  versions: string[];
  incident: string;
  date: string;
  advisories: string[];
  source: string;
}

/**
 * Packages that were created for an attack: every version is malicious (the advisories mark the
 * whole package), not only the versions listed.
 */
const WHOLE_PACKAGE = new Set(['npm\0flatmap-stream']);

export const KNOWN_MALICIOUS: readonly MaliciousEntry[] = data as MaliciousEntry[];

/** PyPI names compare case-insensitively with runs of `-`, `_`, `.` folded (PEP 503). */
function normalizeName(ecosystem: string, name: string): string {
  if (ecosystem !== 'PyPI') return name;
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

const INDEX = new Map<string, MaliciousEntry[]>();
for (const e of KNOWN_MALICIOUS) {
  const key = `${e.ecosystem}\0${normalizeName(e.ecosystem, e.name)}`;
  const list = INDEX.get(key) ?? [];
  list.push(e);
  INDEX.set(key, list);
}

// Longer strings are no version either tool accepts; the bound keeps the parsers' regexes short.
const MAX_VERSION = 128;

/**
 * Whether the two spellings name the same release to the package manager. pip compares PEP 440
 * versions, so `8.3.41.0`, `8.3.041`, `08.3.41`, `0!8.3.41` and `v8.3.41` all install 8.3.41;
 * npm reads `v1.2.3`, `=1.2.3` and `1.2.3+build` as 1.2.3 (build metadata never tells two
 * registry versions apart). A spelling neither parses is compared as written.
 */
export function sameVersion(ecosystem: Ecosystem, listed: string, version: string): boolean {
  if (listed === version) return true;
  if (version.length > MAX_VERSION) return false;
  if (ecosystem === 'PyPI') {
    return pep440Valid(version) !== null && pep440Valid(listed) !== null && pep440Equal(listed, version);
  }
  if (ecosystem === 'npm') {
    const a = semver.parse(listed, { loose: true });
    const b = semver.parse(version.trim(), { loose: true });
    return a !== null && b !== null && a.version === b.version;
  }
  return false;
}

/** Entries that list this version (in any spelling the package manager reads as it), or mark the whole package. */
export function findMalicious(ecosystem: Ecosystem, name: string, version: string): MaliciousEntry[] {
  const key = `${ecosystem}\0${normalizeName(ecosystem, name)}`;
  const list = INDEX.get(key);
  if (!list) return [];
  if (WHOLE_PACKAGE.has(key)) return list;
  return list.filter((e) => listsVersion(e, version));
}

/** Whether the entry names this version itself (rather than only marking the whole package). */
export function listsVersion(entry: MaliciousEntry, version: string): boolean {
  return entry.versions.some((v) => sameVersion(entry.ecosystem, v, version));
}
