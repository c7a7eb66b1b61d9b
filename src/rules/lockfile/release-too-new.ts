import { defineOnlineRule, type Hit } from '../../core/index.js';
import { pkgId, type Group } from './util.js';
import { publishedVersion, pypiReleases, registryReleases, releaseHit, whereNote } from './registry-check.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** `lockfile.min-release-age` in milliseconds (`3d`); 0 = off. */
export function minReleaseAgeMs(value: string): number {
  const days = Number.parseInt(value, 10);
  return Number.isFinite(days) && days > 0 ? days * DAY : 0;
}

/** `2 hours`, `30 minutes`, `2.5 days`. */
export function ageText(ms: number): string {
  if (ms < HOUR) return `${Math.max(0, Math.floor(ms / 60_000))} minutes`;
  if (ms < 2 * DAY) {
    const h = Math.floor(ms / HOUR);
    return h === 1 ? '1 hour' : `${h} hours`;
  }
  return `${(Math.floor((ms / DAY) * 10) / 10).toString()} days`;
}

export const rule = defineOnlineRule({
  id: 'lockfile/release-too-new',
  kind: 'lockfile',
  severity: 'medium',
  title: 'Locked version was published too recently',
  description:
    "The locked version was published on the npm registry (its packument's `time[version]`) less recently than `lockfile.min-release-age` (default `0d`: the check is off; `3d` is a good value). The compromised releases of 2025 (chalk and debug, the Shai-Hulud waves, nx) were live for hours before they were taken down: a cooldown keeps a lockfile from picking one up in that window. Medium; high when the version is less than 24 hours old (or dated in the future). A version whose publish time the registry does not give (some mirrors strip `time`) is not reported. Only npm entries installed from the public registry (or from under `intel.npm-registry-url`) are checked, against `intel.npm-registry-url` only. Python entries with an exact version are checked against PyPI's JSON API (`intel.pypi-url`): a release's age is that of its first uploaded file (`upload_time_iso_8601`). One finding per release per lockfile, at its first entry, with the other entries locking it as related places. Runs only online, and only when the age is set (docs/online.md).",
  fix: 'Pin the previous version in the manifest and regenerate the lockfile, or wait until the release is older than the cooldown (and check what changed in it).',
  examples: {
    bad: '# lockfile.min-release-age: 3d\n"node_modules/chalk": {\n  "version": "5.6.1"\n}  # published 2 hours ago',
    good: '# lockfile.min-release-age: 3d\n"node_modules/chalk": {\n  "version": "5.6.0"\n}  # published months ago',
    language: 'text',
  },
  options:
    '`lockfile.min-release-age` (days, e.g. `3d`; `0d` = off); runs only when `intel.npm-registry-url` (npm entries) or `intel.pypi-url` (Python entries) is set (no default) and `online` is not `false`; `intel.timeout-ms`.',
  references: [
    'https://github.com/npm/registry/blob/main/docs/responses/package-metadata.md',
    'https://docs.renovatebot.com/configuration-options/#minimumreleaseage',
  ],
  online: {
    appliesTo: 'lockfile',
    check(model, ctx, answers) {
      const min = minReleaseAgeMs(ctx.config.lockfile['min-release-age']);
      if (min === 0) return [];
      const now = answers.now ?? Date.now();
      const hits: Hit[] = [];
      const releases: { r: { group: Group; name: string }; published: number }[] = [];
      for (const r of registryReleases(model, ctx.config.intel['npm-registry-url'] ?? '', answers)) {
        const published = publishedVersion(r)?.published;
        if (published !== undefined) releases.push({ r, published });
      }
      for (const r of pypiReleases(model, ctx.config.intel['pypi-url'] ?? '', answers)) {
        // A release's files are uploaded one by one: its age is its first upload's.
        let first: number | undefined;
        for (const f of r.files ?? [])
          if (f.uploaded !== undefined && (first === undefined || f.uploaded < first)) first = f.uploaded;
        if (first !== undefined) releases.push({ r, published: first });
      }
      for (const { r, published } of releases) {
        const age = now - published;
        if (age >= min) continue;
        const id = pkgId(r.group.first.p);
        const when =
          age < 0
            ? `is dated ${new Date(published).toISOString()}, in the future`
            : `was published ${ageText(age)} ago (${new Date(published).toISOString()})`;
        hits.push(
          releaseHit(
            r,
            `${id}${whereNote(r.group)} ${when}, less than lockfile.min-release-age (${ctx.config.lockfile['min-release-age']}).`,
            {
              evidence: `${id} published ${new Date(published).toISOString()}`,
              fix: `Pin the previous version of ${r.name} in the manifest and regenerate the lockfile, or wait until ${id} is older than ${ctx.config.lockfile['min-release-age']} (and check what changed in it).`,
              severity: age < DAY ? 'high' : 'medium',
            },
          ),
        );
      }
      return hits;
    },
  },
});
