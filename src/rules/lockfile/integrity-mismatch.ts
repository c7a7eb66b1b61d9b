import { defineOnlineRule, type Hit } from '../../core/index.js';
import { entrySpan, groupOf, pkgId, short, type GroupEntry } from './util.js';
import { publishedVersion, pypiReleases, registryReleases, releaseHit, whereNote } from './registry-check.js';

/** Longest hash list read from one entry (a release with a wheel per platform has a few dozen). */
const MAX_HASH_TEXT = 100_000;

/**
 * The sha256 hashes of a Python entry's hash list (`sha256:<hex>` as poetry, uv, Pipfile.lock and
 * `--hash=` write them; `sha256=<hex>` too), lowercase, in order; other algorithms are skipped.
 */
export function pythonSha256(hashes: string): string[] {
  if (hashes.length > MAX_HASH_TEXT) return [];
  const out: string[] = [];
  for (const token of hashes.trim().split(/\s+/)) {
    const t = token.toLowerCase();
    if (!t.startsWith('sha256:') && !t.startsWith('sha256=')) continue;
    const hex = t.slice(7);
    if (/^[0-9a-f]{64}$/.test(hex)) out.push(hex);
  }
  return out;
}

/** The hashes of one algorithm in an SRI string (`sha512-<base64> sha1-<base64>`), as lowercase hex. */
export function sriHashes(sri: string, algorithm: 'sha512' | 'sha1'): string[] {
  const out: string[] = [];
  for (const token of sri.trim().split(/\s+/)) {
    if (!token.startsWith(`${algorithm}-`)) continue;
    const b64 = token.slice(algorithm.length + 1).split('?')[0]!;
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) continue;
    const bytes = Buffer.from(b64, 'base64');
    if (bytes.length === (algorithm === 'sha512' ? 64 : 20)) out.push(bytes.toString('hex'));
  }
  return out;
}

/**
 * Compares a locked integrity with what the registry publishes for the version: sha512 when both
 * have one, else sha1 (`dist.shasum`); `undefined` when they share no algorithm (nothing to compare).
 */
export function integrityVerdict(
  locked: string,
  published: { integrity?: string; shasum?: string },
): { algorithm: 'sha512' | 'sha1'; matches: boolean; registry: string } | undefined {
  if (locked.length > 10_000) return undefined;
  const lock512 = sriHashes(locked, 'sha512');
  const reg512 = published.integrity !== undefined ? sriHashes(published.integrity, 'sha512') : [];
  if (lock512.length > 0 && reg512.length > 0)
    return {
      algorithm: 'sha512',
      matches: lock512.some((h) => reg512.includes(h)),
      registry: published.integrity!,
    };
  const lock1 = sriHashes(locked, 'sha1');
  const reg1 = [
    ...(published.shasum !== undefined ? [published.shasum] : []),
    ...(published.integrity !== undefined ? sriHashes(published.integrity, 'sha1') : []),
  ];
  if (lock1.length > 0 && reg1.length > 0)
    return {
      algorithm: 'sha1',
      matches: lock1.some((h) => reg1.includes(h)),
      registry: published.shasum !== undefined ? `shasum ${published.shasum}` : published.integrity!,
    };
  return undefined;
}

export const rule = defineOnlineRule({
  id: 'lockfile/integrity-mismatch',
  kind: 'lockfile',
  severity: 'critical',
  title: 'Locked integrity is not the one the registry publishes',
  description:
    "The npm registry publishes, for every version, the hash of its tarball (`dist.integrity`, sha512; `dist.shasum`, sha1, for old versions). A locked `integrity` of the same algorithm that is not that hash means the lockfile installs bytes the registry never published: a rewritten entry (lockfile injection) or a tarball swapped on a mirror. The sha512 hashes are compared when both sides have one, else the sha1 ones; an entry whose hash shares no algorithm with the registry's (a Yarn Berry checksum, a sha256) is not compared. Only npm entries installed from the public registry (or from under `intel.npm-registry-url`) are checked, and only against `intel.npm-registry-url`, never against the host in the entry's `resolved` URL. Python entries (poetry.lock, uv.lock, Pipfile.lock, requirements files with `==` and `--hash`) are checked against PyPI's JSON API (`intel.pypi-url`): an entry lists the hashes of several files (wheels and the sdist), so it is reported only when none of its sha256 hashes is among the `digests.sha256` PyPI lists for that version's files (entries with no sha256, e.g. md5 only, are not compared); only entries from the public index or from under `intel.pypi-url` are checked. One finding per release per lockfile, at its first entry whose hash differs, with the other such entries as related places (an npm tree can install one release at several paths; one fix, restoring the hash, covers all). Runs only online (docs/online.md).",
  fix: 'Do not install from this lockfile: delete the entry and reinstall the package from the registry (or restore the entry from the base branch), then find out who rewrote the hash.',
  examples: {
    bad: '"node_modules/lodash": {\n  "version": "4.17.21",\n  "resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz",\n  "integrity": "sha512-AAAAE57lecTulaDIuNTPy3Ry4gLGJ6Z1O3vE1krgXZNrsQ+LFTGHVxVjcXPs17LhbZVGedAJv8XZ1tvj5FvSg=="\n}',
    good: '"node_modules/lodash": {\n  "version": "4.17.21",\n  "resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz",\n  "integrity": "sha512-v2kDEe57lecTulaDIuNTPy3Ry4gLGJ6Z1O3vE1krgXZNrsQ+LFTGHVxVjcXPs17LhbZVGedAJv8XZ1tvj5FvSg=="\n}',
    language: 'json',
    path: 'package-lock.json',
  },
  options:
    'Runs only when `intel.npm-registry-url` (npm entries) or `intel.pypi-url` (Python entries) is set (no default: no registry look-ups) and `online` is not `false`/`--offline`; `intel.timeout-ms`, `intel.registry-concurrency`.',
  references: [
    'https://github.com/npm/registry/blob/main/docs/responses/package-metadata.md',
    'https://w3c.github.io/webappsec-subresource-integrity/',
  ],
  online: {
    appliesTo: 'lockfile',
    check(model, ctx, answers) {
      const hits: Hit[] = [];
      for (const r of registryReleases(model, ctx.config.intel['npm-registry-url'] ?? '', answers)) {
        const published = publishedVersion(r);
        if (!published) continue;
        const bad: GroupEntry[] = [];
        for (const { p } of r.entries) {
          if (p.integrity === undefined) continue;
          const v = integrityVerdict(p.integrity, published);
          if (v && !v.matches) bad.push({ p, span: entrySpan(p) });
        }
        if (bad.length === 0) continue;
        const g = groupOf(bad);
        const locked = g.first.p.integrity!;
        const verdict = integrityVerdict(locked, published)!;
        hits.push(
          releaseHit(
            { ...r, group: g },
            `${pkgId(g.first.p)}${whereNote(g)} is locked with integrity ${short(locked, 60)}, but the npm registry publishes ${short(verdict.registry, 60)} for that version: the lockfile would install bytes the registry never published.`,
            {
              evidence: `${pkgId(g.first.p)} ${short(locked, 120)}`,
              fix: `Do not install from this lockfile: delete the entry for ${pkgId(g.first.p)} and reinstall it from the registry (or restore the entry from the base branch), then find out who rewrote the hash.`,
            },
          ),
        );
      }
      for (const r of pypiReleases(model, ctx.config.intel['pypi-url'] ?? '', answers)) {
        if (r.files === undefined) continue;
        const published = new Set(r.files.flatMap((f) => (f.sha256 !== undefined ? [f.sha256] : [])));
        if (published.size === 0) continue;
        const bad: GroupEntry[] = [];
        for (const { p } of r.entries) {
          const locked = p.integrity === undefined ? [] : pythonSha256(p.integrity);
          if (locked.length > 0 && !locked.some((h) => published.has(h))) bad.push({ p, span: entrySpan(p) });
        }
        if (bad.length === 0) continue;
        const g = groupOf(bad);
        const locked = pythonSha256(g.first.p.integrity!);
        const id = pkgId(g.first.p);
        const lockedText =
          locked.length === 1
            ? `sha256 ${short(locked[0]!, 24)}`
            : `${locked.length} sha256 hashes (${short(locked[0]!, 24)}, ...)`;
        const files = r.files.length === 1 ? '1 file' : `${r.files.length} files`;
        hits.push(
          releaseHit(
            { group: g },
            `${id}${whereNote(g)} is locked with ${lockedText}, but PyPI publishes none of them for that version (it lists ${files} for it): the lockfile would install bytes PyPI never published.`,
            {
              evidence: `${id} sha256:${locked.join(' sha256:').slice(0, 200)}`,
              fix: `Do not install from this lockfile: delete the hashes of ${id} and lock it again from the index (or restore the entry from the base branch), then find out who rewrote them.`,
            },
          ),
        );
      }
      return hits;
    },
  },
});
