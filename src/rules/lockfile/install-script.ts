import { defineRule, hit, type Hit } from '../../core/index.js';
import {
  display,
  entrySpan,
  groupOf,
  groupPackage,
  packageFields,
  unmarkedNote,
  type GroupEntry,
} from './util.js';

export const rule = defineRule({
  id: 'lockfile/install-script',
  kind: 'lockfile',
  appliesTo: 'lockfile',
  severity: 'low',
  title: 'Package runs an install script',
  description:
    'Packages with `preinstall`/`install`/`postinstall` scripts run code on every machine that installs them, before any of it is reviewed or tested. Nearly every npm compromise of 2021-2026 (ua-parser-js, coa, nx, Shai-Hulud, axios) delivered its payload this way, so reviewers should see which packages do it. An npm lockfile says so per package (`hasInstallScript`, from its own `package.json`): one finding each. A pnpm lockfile before 9.0 writes `requiresBuild: true` for a package with an install script or a `binding.gyp`, but also for every package it did not download when it wrote the lockfile (all optional dependencies and what they pull in, such as the esbuild platform binaries or `chalk`), so it is one `info` finding per lockfile naming the packages that may run a script; lockfile 9.0 records nothing about scripts.',
  fix: 'Install with scripts disabled (`npm ci --ignore-scripts`, pnpm 10 defaults, Yarn `enableScripts: false`) and allow only the packages that need a build step (`allowBuilds`, `dependenciesMeta.<pkg>.built`).',
  examples: {
    bad: '"node_modules/esbuild": {\n  "version": "0.25.0",\n  "hasInstallScript": true\n}',
    good: '"node_modules/lodash": {\n  "version": "4.17.21"\n}',
    language: 'json',
    path: 'package-lock.json',
  },
  references: [
    'https://docs.npmjs.com/cli/v11/using-npm/scripts#best-practices',
    'https://pnpm.io/settings#allowbuilds',
  ],
  check(model) {
    const hits: Hit[] = [];
    const maybe: GroupEntry[] = [];
    for (const p of model.packages) {
      if (p.hasInstallScript) {
        hits.push(
          hit(
            entrySpan(p),
            `${display(p)} runs an install script when installed.`,
            packageFields(p, 'install script'),
          ),
        );
      } else if (p.requiresBuild) maybe.push({ p, span: entrySpan(p) });
    }
    if (maybe.length > 0) {
      const g = groupOf(maybe);
      const what = g.ids.length === 1 ? `${g.named} is` : `${g.ids.length} packages (${g.named}) are`;
      hits.push(
        hit(
          g.first.span,
          `${what} marked requiresBuild, so ${g.ids.length === 1 ? 'it' : 'each'} may run an install script: pnpm writes that for a package with an install script or binding.gyp, and also for every package it did not download (optional dependencies), so the lockfile does not say which${unmarkedNote(g)}.`,
          {
            severity: 'info',
            evidence: `requiresBuild ${g.cover}`,
            ...groupPackage(g),
            ...(g.related.length > 0 ? { related: g.related } : {}),
            fix: 'Install with scripts disabled and allow only the packages that need a build step (pnpm `onlyBuiltDependencies` / `allowBuilds`).',
          },
        ),
      );
    }
    return hits;
  },
});
