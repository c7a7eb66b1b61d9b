import { defineOnlineRule, type Hit } from '../../core/index.js';
import { pkgId } from './util.js';
import {
  previousVersions,
  publishedVersion,
  registryReleases,
  releaseHit,
  whereNote,
} from './registry-check.js';

/** How many previous versions are compared. */
const PREVIOUS = 3;

export const rule = defineOnlineRule({
  id: 'lockfile/provenance-downgrade',
  kind: 'lockfile',
  severity: 'high',
  title: 'Locked version lost the provenance its predecessors had',
  description:
    "At least one of the 3 previous published versions of the package carries `dist.attestations` in the npm registry's packument (a provenance statement or trusted publishing from CI), and the locked version does not. A package that publishes from CI with provenance and then has a release without it was often published from a stolen token on someone's machine (the chalk/debug compromise and the Shai-Hulud waves of 2025 were). The previous versions are the nearest lower ones by semver among the packument's `versions`, prereleases left out unless the locked version is one. Mirrors often strip `dist.attestations`: when no previous version carries it, nothing is reported (unknown, not a downgrade); the first version of a package is not reported. Only npm entries installed from the public registry (or from under `intel.npm-registry-url`) are checked, against `intel.npm-registry-url` only, from the packument the other registry rules fetch (no extra request). One finding per release per lockfile, at its first entry, with the other entries locking it as related places. Runs only online (docs/online.md).",
  fix: 'Check with the maintainers (release notes, the repository) that the release is theirs; pin the previous version in the manifest and regenerate the lockfile until it is explained.',
  examples: {
    bad: '"node_modules/some-lib": {\n  "version": "2.3.1"\n}  # 2.3.0, 2.2.0 have dist.attestations; 2.3.1 has none',
    good: '"node_modules/some-lib": {\n  "version": "2.3.0"\n}  # has dist.attestations',
    language: 'text',
  },
  options:
    'Runs only when `intel.npm-registry-url` is set (no default: no registry look-ups) and `online` is not `false`/`--offline`; `intel.timeout-ms`.',
  references: [
    'https://docs.npmjs.com/generating-provenance-statements',
    'https://docs.npmjs.com/trusted-publishers',
    'https://github.com/npm/registry/blob/main/docs/responses/package-metadata.md',
  ],
  online: {
    appliesTo: 'lockfile',
    check(model, ctx, answers) {
      const hits: Hit[] = [];
      for (const r of registryReleases(model, ctx.config.intel['npm-registry-url'] ?? '', answers)) {
        const meta = publishedVersion(r);
        if (meta === undefined || meta.attested === true) continue;
        const attested = previousVersions(r)
          .slice(0, PREVIOUS)
          .filter((v) => v.meta.attested === true)
          .map((v) => v.version);
        if (attested.length === 0) continue;
        const id = pkgId(r.group.first.p);
        const them = attested.length === 1 ? `${attested[0]!} has` : `${attested.join(', ')} have`;
        hits.push(
          releaseHit(
            r,
            `${id}${whereNote(r.group)} has no provenance attestation on the npm registry, but ${them}: the release may not come from the package's usual publishing pipeline.`,
            {
              evidence: `${id} no dist.attestations; ${attested.map((v) => `${r.name}@${v}`).join(', ')} attested`,
              fix: `Check with the maintainers of ${r.name} (release notes, the repository) that ${id} is theirs; pin ${r.name}@${attested[0]!} in the manifest and regenerate the lockfile until it is explained.`,
            },
          ),
        );
      }
      return hits;
    },
  },
});
