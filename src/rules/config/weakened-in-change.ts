import { defineEngineRule } from '../../core/index.js';

export const rule = defineEngineRule({
  id: 'config/weakened-in-change',
  kind: 'config',
  // Critical so it blocks at every threshold the trusted config can set short of `never`.
  severity: 'critical',
  title: 'Change weakens the gate configuration',
  description:
    "On pull requests Bulkhead gates with the base commit's `.bulkhead.yml`, never the pull request's own: a change cannot lower its own bar. When the change's config lets more through (a higher `fail-on`, a rule turned down or off, a wider `exclude`, a new trusted registry, host or action, a new `ignore:` entry, a smaller `report` mode), this finding lists each weakening so a reviewer decides, and it blocks until the change is approved and merged; from then on the new config is the base. A config that no longer loads, or a base config that could not be read, is reported the same way.",
  fix: 'Have a reviewer confirm each weakening, then merge (a required check needs an admin or a bypass rule), or drop the config change from this pull request.',
  examples: {
    bad: '# base: fail-on: high\nfail-on: never',
    good: '# base: fail-on: high\nfail-on: high',
    language: 'yaml',
  },
});

export function message(configPath: string, baseLabel: string, whats: readonly string[]): string {
  const shown = whats.slice(0, 20).join('; ') + (whats.length > 20 ? `; and ${whats.length - 20} more` : '');
  return `This change weakens the gate's configuration in ${configPath} (${whats.length} change${whats.length === 1 ? '' : 's'}): ${shown}. It was not applied: this run was gated with ${baseLabel}.`;
}

export function unloadableMessage(configPath: string, baseLabel: string, error: string): string {
  return `The changed config ${configPath} does not load (${error}), so what it would change cannot be shown. It was not applied: this run was gated with ${baseLabel}.`;
}

export function unverifiedMessage(configPath: string, why: string): string {
  return `The pull request's ${configPath} could not be compared with the base commit's config (${why}), so it was not applied: this run was gated with the defaults. Check out with fetch-depth: 0 or give the token contents: read.`;
}
