import { defineEngineRule } from '../../core/index.js';
import { didYouMean } from '../../core/suggest.js';

export const rule = defineEngineRule({
  id: 'config/ignore-unknown-rule',
  kind: 'config',
  severity: 'medium',
  title: 'Inline ignore names an unknown rule',
  description:
    'A `# bulkhead-ignore` comment names a rule id that does not exist (a typo, or a rule that was never released), or names no rule at all. It hides nothing, so the finding it was meant for still shows, or (when it looks hidden because nothing is reported on that line today) the comment silently fails once the finding appears. A config `ignore:` entry or `rules:` key with an unknown id is a configuration error (exit 2); an inline comment is part of the scanned file, so it is a finding instead. One finding per comment, naming every unknown id in it; a comment whose ids are all unknown is not also reported as `config/unused-ignore`.',
  fix: 'Correct the rule id (`bulkhead rules` lists them), or remove the comment.',
  examples: {
    bad: '# bulkhead-ignore dockerfile/base-image-lates -- local dev image, never pushed\nFROM node',
    good: '# bulkhead-ignore dockerfile/base-image-latest -- local dev image, never pushed\nFROM node',
    language: 'dockerfile',
  },
});

/** `unknown` are the comment's ids that are no rule; an empty list means it names none. */
export function message(
  rules: readonly string[],
  unknown: readonly string[],
  known: Iterable<string>,
): string {
  const shown = rules.length === 0 ? "'# bulkhead-ignore'" : `'# bulkhead-ignore ${rules.join(',')}'`;
  if (unknown.length === 0) return `${shown} names no rule id, so it hides nothing.`;
  const ids = unknown
    .map((id) => {
      const m = didYouMean(id, known);
      return m ? `'${id}' (did you mean '${m}'?)` : `'${id}'`;
    })
    .join(', ');
  return `${shown} names ${unknown.length === 1 ? 'an unknown rule id' : 'unknown rule ids'} ${ids}, so it hides nothing for ${unknown.length === 1 ? 'it' : 'them'}.`;
}
