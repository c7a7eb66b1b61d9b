import { defineOnlineRule, type Hit } from '../../core/index.js';
import { pkgId } from './util.js';
import { pypiReleases, registryReleases, releaseHit, whereNote } from './registry-check.js';

export const rule = defineOnlineRule({
  id: 'lockfile/unknown-version',
  kind: 'lockfile',
  severity: 'high',
  title: 'Locked version does not exist on the registry',
  description:
    'The npm registry\'s packument for the package does not list the locked version, or the registry has no package of that name at all (HTTP 404, reported as "no such package"), or every version was unpublished. An install from the registry cannot produce such an entry: it was written by hand or by a tool pointed elsewhere, names a version that was taken down (often for malware), or a name typed to be confused with a real one. Only npm entries installed from the public registry (or from under `intel.npm-registry-url`) are checked, against `intel.npm-registry-url` only; entries resolved from another registry are not asked about, since that registry is not the one configured. Python entries with an exact version are checked the same way against the JSON API of PyPI (`intel.pypi-url`): the version is not among the `releases` of the project (compared by PEP 440 equality, so `1.16` matches `1.16.0`), or the project is a 404. One finding per release per lockfile, at its first entry, with the other entries locking it as related places. Runs only online (docs/online.md).',
  fix: 'Find out where the entry came from; change the manifest to a published version and regenerate the lockfile.',
  examples: {
    bad: '"node_modules/lodash": {\n  "version": "4.17.99",\n  "resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.99.tgz"\n}',
    good: '"node_modules/lodash": {\n  "version": "4.17.21",\n  "resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz"\n}',
    language: 'json',
    path: 'package-lock.json',
  },
  options:
    'Runs only when `intel.npm-registry-url` (npm entries) or `intel.pypi-url` (Python entries) is set (no default: no registry look-ups) and `online` is not `false`/`--offline`; `intel.timeout-ms`, `intel.registry-concurrency`.',
  references: ['https://github.com/npm/registry/blob/main/docs/responses/package-metadata.md'],
  online: {
    appliesTo: 'lockfile',
    check(model, ctx, answers) {
      const hits: Hit[] = [];
      for (const r of registryReleases(model, ctx.config.intel['npm-registry-url'] ?? '', answers)) {
        const pk = r.packument;
        let why: string;
        if (!pk.exists) why = `the npm registry has no such package (${r.name})`;
        else if (pk.versions.has(r.version)) continue;
        else if (pk.unpublished) why = `every version of ${r.name} was unpublished from the npm registry`;
        else why = `the npm registry lists no version ${r.version} of ${r.name}`;
        const id = pkgId(r.group.first.p);
        hits.push(
          releaseHit(
            r,
            `${id}${whereNote(r.group)} is locked, but ${why}: no install from the registry wrote this entry.`,
            {
              evidence: `${id} ${pk.exists ? (pk.unpublished ? 'unpublished' : 'unknown version') : 'no such package'}`,
              fix: `Find out where the entry for ${id} came from; change the manifest to a published version of ${r.name} (or remove the dependency) and regenerate the lockfile.`,
            },
          ),
        );
      }
      for (const r of pypiReleases(model, ctx.config.intel['pypi-url'] ?? '', answers)) {
        if (r.files !== undefined) continue;
        const why = r.project.exists
          ? `PyPI lists no version ${r.version} of ${r.name}`
          : `PyPI has no such project (${r.name})`;
        const id = pkgId(r.group.first.p);
        hits.push(
          releaseHit(
            r,
            `${id}${whereNote(r.group)} is locked, but ${why}: no install from the index wrote this entry.`,
            {
              evidence: `${id} ${r.project.exists ? 'unknown version' : 'no such project'}`,
              fix: `Find out where the entry for ${id} came from; change the requirement to a published version of ${r.name} (or remove the dependency) and lock again.`,
            },
          ),
        );
      }
      return hits;
    },
  },
});
