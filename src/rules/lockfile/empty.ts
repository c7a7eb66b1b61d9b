import { defineRule, hitAt } from '../../core/index.js';
import { readManifests } from './manifest.js';

const LOCAL = ['workspace:', 'file:', 'link:', 'portal:'];

export const rule = defineRule({
  id: 'lockfile/empty',
  kind: 'lockfile',
  appliesTo: 'lockfile',
  severity: 'medium',
  title: 'Lockfile lists no packages while the manifest declares some',
  description:
    'A lockfile with no packages locks nothing: installs resolve every dependency afresh, and every check on this file passes vacuously. It happens when a lockfile is truncated, regenerated with the wrong tool, or read in a layout the tool does not know (a dependency graph once read a two-document pnpm lockfile as zero packages and closed real alerts).',
  fix: 'Regenerate the lockfile with the package manager and commit it.',
  examples: {
    bad: '{\n  "name": "app",\n  "lockfileVersion": 3,\n  "packages": { "": { "dependencies": { "lodash": "^4.17.21" } } }\n}',
    good: '{\n  "name": "app",\n  "lockfileVersion": 3,\n  "packages": {\n    "": { "dependencies": { "lodash": "^4.17.21" } },\n    "node_modules/lodash": { "version": "4.17.21", "integrity": "sha512-..." }\n  }\n}',
    language: 'json',
    path: 'package-lock.json',
  },
  check(model, ctx) {
    // A conflicted lockfile is not parsed further; lockfile/merge-conflict reports it.
    if (model.packages.length > 0 || model.conflictMarkers.length > 0) return [];
    // entries that are not package entries: lockfile/unrecognized-entry reports them
    if ((model.unrecognized?.length ?? 0) > 0) return [];
    const manifests = readManifests(model, ctx);
    if (!manifests) return [];
    const declared = [manifests.root, ...manifests.members]
      .flatMap((m) => m.dependencies)
      .filter((d) => !LOCAL.some((l) => d.spec.startsWith(l)));
    if (declared.length === 0) return [];
    const names = declared
      .slice(0, 3)
      .map((d) => d.name)
      .join(', ');
    return [
      hitAt(
        { line: 1, column: 1 },
        `The lockfile lists no packages, but ${manifests.root.path} declares ${declared.length} (${names}${declared.length > 3 ? ', ...' : ''}): nothing is locked and nothing here was checked.`,
        { evidence: `0 packages, ${declared.length} declared` },
      ),
    ];
  },
});
