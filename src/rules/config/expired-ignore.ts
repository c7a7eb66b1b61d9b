import { defineEngineRule } from '../../core/index.js';

export const rule = defineEngineRule({
  id: 'config/expired-ignore',
  kind: 'config',
  severity: 'medium',
  title: 'Ignore entry has expired',
  description:
    'An `ignore:` entry in the config carries an `until:` date that has passed, so it no longer applies and the findings it covered are reported again.',
  fix: 'Fix the finding, or renew the entry with a new date and a reason that still holds.',
  examples: {
    bad: 'ignore:\n  - rule: dockerfile/base-image-unpinned\n    reason: migration\n    until: 2020-01-01',
    good: 'ignore:\n  - rule: dockerfile/base-image-unpinned\n    reason: migration\n    until: 2099-01-01',
    language: 'yaml',
  },
});

export function message(rule: string, until: string): string {
  return `Ignore entry for ${rule} expired on ${until}; the findings it covered are reported again.`;
}
