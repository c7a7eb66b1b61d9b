/**
 * Shared by the npm registry rules (integrity-mismatch, unknown-version, release-too-new) and the
 * online phase that fetches their packuments: which entries are asked about, and how they group.
 */
import {
  hit,
  type Hit,
  type OnlineAnswers,
  type Packument,
  type RegistryVersion,
  type Severity,
} from '../../core/index.js';
import semver from 'semver';
import type { LockfileModel, Package } from '../../formats/lockfile/model.js';
import { isNpmName } from '../../intel/npm.js';
import { entrySpan, groupOf, pkgId, realName, unmarkedNote, type Group, type GroupEntry } from './util.js';
import { trimTrailing } from '../../core/trim.js';

/**
 * The public registry and its yarn alias (one registry), over https or plain http (old lockfiles;
 * lockfile/insecure-transport reports the http ones): entries from these are asked of the
 * configured URL, which serves or mirrors the public registry.
 */
const PUBLIC = [
  'https://registry.npmjs.org',
  'https://registry.yarnpkg.com',
  'http://registry.npmjs.org',
  'http://registry.yarnpkg.com',
];

function origin(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/**
 * The package name to ask the configured registry about, or undefined: only npm entries installed
 * from a registry, with an exact version, whose `resolved` URL (when the lockfile records one) is
 * on the public registry (which the configured URL serves or mirrors) or under the configured URL.
 * An entry resolved from another registry (a private one) is not asked about: the configured
 * registry would not know it (a false "no such package"), and its name would leak there. The
 * `resolved` URL is only compared, never contacted: requests go to the configured URL alone.
 */
export function registryName(p: Package, registryUrl: string): string | undefined {
  if (p.ecosystem !== 'npm' || p.source !== 'registry' || p.version === '') return undefined;
  const name = realName(p);
  if (!isNpmName(name) || p.version.length > 256) return undefined;
  if (p.resolved === undefined) return name;
  const from = origin(p.resolved);
  if (from === undefined) return undefined;
  if (PUBLIC.includes(from)) return name;
  // A registry under a path (`https://host/api/npm/remote`) serves tarballs under that path.
  return p.resolved.startsWith(trimTrailing(registryUrl, '/') + '/') ? name : undefined;
}

/** One release of a lockfile the registry was asked about, with every entry that locks it. */
export interface RegistryRelease {
  name: string;
  version: string;
  packument: Packument;
  /** Every entry that locks it, in file order. */
  entries: GroupEntry[];
  group: Group;
}

/** Each answered release of the file once (an npm tree installs one release at several paths). */
export function registryReleases(
  model: LockfileModel,
  registryUrl: string,
  answers: OnlineAnswers,
): RegistryRelease[] {
  if (!answers.packument) return [];
  const by = new Map<
    string,
    { name: string; version: string; packument: Packument; entries: GroupEntry[] }
  >();
  for (const p of model.packages) {
    const name = registryName(p, registryUrl);
    if (name === undefined) continue;
    const packument = answers.packument(name);
    if (!packument) continue;
    const key = `${name}@${p.version}`;
    let r = by.get(key);
    if (!r) {
      r = { name, version: p.version, packument, entries: [] };
      by.set(key, r);
    }
    r.entries.push({ p, span: entrySpan(p) });
  }
  return [...by.values()].map((r) => ({
    name: r.name,
    version: r.version,
    packument: r.packument,
    entries: r.entries,
    group: groupOf(r.entries),
  }));
}

/** The registry's record of the release, when the name exists and lists the version. */
export function publishedVersion(r: RegistryRelease): RegistryVersion | undefined {
  return r.packument.exists ? r.packument.versions.get(r.version) : undefined;
}

/**
 * The published versions before the locked one, nearest first, by semver order among the
 * packument's `versions` (not by publish time: a backport to an older line follows the line's own
 * previous release). Prereleases are left out unless the locked version is one; versions that are
 * not valid semver are left out; an empty list when the locked version is not valid semver.
 */
export function previousVersions(r: RegistryRelease): { version: string; meta: RegistryVersion }[] {
  if (!r.packument.exists) return [];
  const locked = semver.valid(r.version);
  if (locked === null) return [];
  const pre = semver.prerelease(locked) !== null;
  const out: { version: string; meta: RegistryVersion }[] = [];
  for (const [v, meta] of r.packument.versions) {
    if (semver.valid(v) === null) continue;
    if (!pre && semver.prerelease(v) !== null) continue;
    if (semver.lt(v, locked)) out.push({ version: v, meta });
  }
  return out.sort((a, b) => semver.rcompare(a.version, b.version));
}

/** ` (locked at 3 entries)` when the release is locked at several paths. */
export function whereNote(g: Group): string {
  return g.related.length > 0
    ? ` (locked at ${g.related.length + g.unmarked + 1} entries${unmarkedNote(g)})`
    : '';
}

/** A finding at the release's first entry, the others as related places. */
export function releaseHit(
  r: RegistryRelease,
  message: string,
  fields: { evidence: string; fix: string; severity?: Severity },
): Hit {
  const g = r.group;
  return hit(g.first.span, message, {
    evidence: fields.evidence,
    package: pkgId(g.first.p),
    fix: fields.fix,
    ...(fields.severity ? { severity: fields.severity } : {}),
    ...(g.related.length > 0 ? { related: g.related } : {}),
  });
}
