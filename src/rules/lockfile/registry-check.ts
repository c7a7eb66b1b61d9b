/**
 * Shared by the npm registry rules (integrity-mismatch, unknown-version, release-too-new) and the
 * online phase that fetches their packuments: which entries are asked about, and how they group.
 */
import {
  hit,
  type Hit,
  type OnlineAnswers,
  type Packument,
  type PypiFile,
  type PypiProject,
  type RegistryVersion,
  type Severity,
} from '../../core/index.js';
import semver from 'semver';
import type { LockfileModel, Package } from '../../formats/lockfile/model.js';
import { isNpmName } from '../../intel/npm.js';
import { canonicalPypiVersion, isPypiName, normalizePypiName } from '../../intel/pypi.js';
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
  r: { group: Group },
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

/** Origins of the public Python package index (its simple index, JSON API and file host). */
const PYPI_PUBLIC = [
  'https://pypi.org',
  'https://pypi.python.org',
  'https://files.pythonhosted.org',
  'http://pypi.org',
  'http://pypi.python.org',
  'http://files.pythonhosted.org',
];

/** An index URL the configured PyPI answers for: the public index, or under the configured URL. */
function pypiServes(url: string, pypiUrl: string): boolean {
  const from = origin(url);
  if (from === undefined) return false;
  if (PYPI_PUBLIC.includes(from)) return true;
  const base = trimTrailing(pypiUrl, '/');
  return url === base || url.startsWith(base + '/');
}

/**
 * The PEP 503-normalized project name to ask PyPI about, or undefined: only Python entries from a
 * package index with an exact version (`==` pins, every poetry/uv/Pipfile entry) whose index is
 * the public one or under the configured URL. The index is the entry's own (`resolved`: uv's
 * `source.registry`, poetry's `[package.source]`) when the lockfile records one; otherwise the
 * file's (`--index-url`/`--extra-index-url`/`--find-links`, Pipfile `sources`): a file that names
 * any other index is not asked about at all, since pip may take any of its packages from there (a
 * private name would leak, and "no such project" would be false). Compared, never contacted.
 */
export function pypiName(p: Package, model: LockfileModel, pypiUrl: string): string | undefined {
  if (p.ecosystem !== 'PyPI' || p.source !== 'registry' || p.version === '' || p.version.length > 256)
    return undefined;
  const name = realName(p);
  if (!isPypiName(name)) return undefined;
  if (p.resolved !== undefined) return pypiServes(p.resolved, pypiUrl) ? normalizePypiName(name) : undefined;
  return model.registries.every((r) => pypiServes(r.url, pypiUrl)) ? normalizePypiName(name) : undefined;
}

/** One locked Python release PyPI was asked about, with every entry that locks it. */
export interface PypiRelease {
  /** PEP 503-normalized. */
  name: string;
  /** As locked (first entry). */
  version: string;
  project: PypiProject;
  /** The release's files when PyPI lists the version (matched by PEP 440 equality), else undefined. */
  files: readonly PypiFile[] | undefined;
  entries: GroupEntry[];
  group: Group;
}

const canonicalKeys = new WeakMap<ReadonlyMap<string, readonly PypiFile[]>, Map<string, string>>();

/** PyPI's files for a locked version: the exact key, else the key equal under PEP 440 (`1.0` = `1.0.0`). */
export function pypiFiles(project: PypiProject, version: string): readonly PypiFile[] | undefined {
  if (!project.exists) return undefined;
  const exact = project.releases.get(version);
  if (exact) return exact;
  const want = canonicalPypiVersion(version);
  if (want === undefined) return undefined;
  let keys = canonicalKeys.get(project.releases);
  if (!keys) {
    keys = new Map();
    for (const k of project.releases.keys()) {
      const c = canonicalPypiVersion(k);
      if (c !== undefined && !keys.has(c)) keys.set(c, k);
    }
    canonicalKeys.set(project.releases, keys);
  }
  const key = keys.get(want);
  return key === undefined ? undefined : project.releases.get(key);
}

/** Each answered Python release of the file once (Pipfile.lock can lock one in two sections). */
export function pypiReleases(model: LockfileModel, pypiUrl: string, answers: OnlineAnswers): PypiRelease[] {
  if (!answers.pypiProject || pypiUrl === '') return [];
  const by = new Map<string, Omit<PypiRelease, 'group'>>();
  for (const p of model.packages) {
    const name = pypiName(p, model, pypiUrl);
    if (name === undefined) continue;
    const project = answers.pypiProject(name);
    if (!project) continue;
    const key = `${name}@${canonicalPypiVersion(p.version) ?? p.version}`;
    let r = by.get(key);
    if (!r) {
      r = { name, version: p.version, project, files: pypiFiles(project, p.version), entries: [] };
      by.set(key, r);
    }
    r.entries.push({ p, span: entrySpan(p) });
  }
  return [...by.values()].map((r) => ({ ...r, group: groupOf(r.entries) }));
}
