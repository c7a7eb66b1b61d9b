import { defineEngineRule } from '../../core/index.js';

export const rule = defineEngineRule({
  id: 'config/ignore-without-reason',
  kind: 'config',
  severity: 'low',
  title: 'Inline ignore without a reason',
  description:
    'A `# bulkhead-ignore` comment must say why the finding is acceptable, after ` -- `. Without a reason the comment does not apply, so the finding it meant to hide still shows.',
  fix: 'Add the reason: `# bulkhead-ignore <rule-id> -- <why this is safe>`.',
  examples: {
    bad: '# bulkhead-ignore dockerfile/base-image-latest\nFROM node',
    good: '# bulkhead-ignore dockerfile/base-image-latest -- local dev image, never pushed\nFROM node',
    language: 'dockerfile',
  },
});

export function message(rules: readonly string[]): string {
  return `'# bulkhead-ignore ${rules.join(',')}' has no reason after ' -- ', so it does not apply.`;
}
