import { defineEngineRule } from '../../core/index.js';

export const rule = defineEngineRule({
  id: 'config/unused-ignore',
  kind: 'config',
  severity: 'info',
  title: 'Ignore matched nothing',
  description:
    'An inline `# bulkhead-ignore` or a config `ignore:` entry suppressed no finding. Stale ignores are easy to miss and could silently hide a future finding.',
  fix: 'Remove the ignore.',
  examples: {
    bad: '# bulkhead-ignore dockerfile/base-image-latest -- old\nFROM node:20@sha256:...',
    good: 'FROM node:20@sha256:...',
    language: 'dockerfile',
  },
});

/** An inline comment names its rules; a config entry names its rule and path glob. */
export function message(ignore: { rules: readonly string[] } | { rule: string; path: string }): string {
  return 'rules' in ignore
    ? `'# bulkhead-ignore ${ignore.rules.join(',')}' matched no finding; remove it.`
    : `Ignore entry for ${ignore.rule} (path '${ignore.path}') matched no finding.`;
}
