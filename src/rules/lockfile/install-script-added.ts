import { defineOnlineRule, type Hit } from '../../core/index.js';
import { pkgId } from './util.js';
import {
  previousVersions,
  publishedVersion,
  registryReleases,
  releaseHit,
  whereNote,
} from './registry-check.js';

export const rule = defineOnlineRule({
  id: 'lockfile/install-script-added',
  kind: 'lockfile',
  severity: 'high',
  title: 'Locked version added an install script',
  description:
    "The locked version's entry in the npm registry's packument runs install scripts (`scripts.preinstall`, `install` or `postinstall`, or `hasInstallScript: true`) and the previous published version of the same package did not. A release that suddenly runs code at install time is how the compromised releases of 2025 (the Shai-Hulud waves, nx) delivered their payload. The previous version is the nearest lower one by semver among the packument's `versions` (not by publish time, so a backport is compared with its own line), prereleases left out unless the locked version is one. The first version of a package has no previous one and is not reported here (`lockfile/install-script` reports every entry that runs a script, offline); a version whose predecessor also had install scripts is not reported. Only npm entries installed from the public registry (or from under `intel.npm-registry-url`) are checked, against `intel.npm-registry-url` only, from the packument the other registry rules fetch (no extra request). One finding per release per lockfile, at its first entry, with the other entries locking it as related places. Runs only online (docs/online.md).",
  fix: 'Read what the new install script does before installing; pin the previous version in the manifest and regenerate the lockfile, or install with scripts disabled.',
  examples: {
    bad: '"node_modules/some-lib": {\n  "version": "2.3.1"\n}  # 2.3.1 has scripts.postinstall; 2.3.0 had none',
    good: '"node_modules/some-lib": {\n  "version": "2.3.0"\n}  # no install scripts',
    language: 'text',
  },
  options:
    'Runs only when `intel.npm-registry-url` is set (no default: no registry look-ups) and `online` is not `false`/`--offline`; `intel.timeout-ms`.',
  references: [
    'https://github.com/npm/registry/blob/main/docs/responses/package-metadata.md',
    'https://docs.npmjs.com/cli/v10/using-npm/scripts#life-cycle-scripts',
  ],
  online: {
    appliesTo: 'lockfile',
    check(model, ctx, answers) {
      const hits: Hit[] = [];
      for (const r of registryReleases(model, ctx.config.intel['npm-registry-url'] ?? '', answers)) {
        const scripts = publishedVersion(r)?.installScripts;
        if (scripts === undefined) continue;
        const prev = previousVersions(r)[0];
        if (prev === undefined || prev.meta.installScripts !== undefined) continue;
        const id = pkgId(r.group.first.p);
        const what = scripts.join(', ');
        hits.push(
          releaseHit(
            r,
            `${id}${whereNote(r.group)} runs install scripts (${what}) on the npm registry, and the previous version ${prev.version} ran none: new code that runs at install time.`,
            {
              evidence: `${id} ${what}; ${r.name}@${prev.version} none`,
              fix: `Read what the install script of ${id} does before installing it; pin ${r.name}@${prev.version} in the manifest and regenerate the lockfile, or install with scripts disabled (npm ci --ignore-scripts).`,
            },
          ),
        );
      }
      return hits;
    },
  },
});
