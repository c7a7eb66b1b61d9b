/**
 * Offline list of package versions published with malicious code, seeded from the project's
 * hand-checked reference data (each entry names the advisory or write-up it was checked against).
 * The live OSV feed is the primary source; this list is the fallback and the test data. Every
 * finding built from an entry must cite its `source` and `advisories`.
 */
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

/** Entries that list this exact version (string equality), or that mark the whole package. */
export function findMalicious(ecosystem: Ecosystem, name: string, version: string): MaliciousEntry[] {
  const key = `${ecosystem}\0${normalizeName(ecosystem, name)}`;
  const list = INDEX.get(key);
  if (!list) return [];
  if (WHOLE_PACKAGE.has(key)) return list;
  return list.filter((e) => e.versions.includes(version));
}
