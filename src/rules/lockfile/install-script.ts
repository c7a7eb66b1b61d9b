import { defineRule, hit, type Hit } from '../../core/index.js';
import { display, entrySpan, packageFields } from './util.js';

export const rule = defineRule({
  id: 'lockfile/install-script',
  kind: 'lockfile',
  appliesTo: 'lockfile',
  severity: 'low',
  title: 'Package runs an install script',
  description:
    'Packages with `preinstall`/`install`/`postinstall` scripts run code on every machine that installs them, before any of it is reviewed or tested. Nearly every npm compromise of 2021-2026 (ua-parser-js, coa, nx, Shai-Hulud, axios) delivered its payload this way, so reviewers should see which packages do it.',
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
    for (const p of model.packages) {
      if (!p.hasInstallScript) continue;
      hits.push(
        hit(
          entrySpan(p),
          `${display(p)} runs an install script when installed.`,
          packageFields(p, 'install script'),
        ),
      );
    }
    return hits;
  },
});
