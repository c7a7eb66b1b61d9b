import { defineEngineRule } from '../../core/index.js';

export const rule = defineEngineRule({
  id: 'dockerfile/parse-error',
  kind: 'dockerfile',
  severity: 'high',
  title: 'Dockerfile could not be parsed',
  description:
    'The file is named like a Dockerfile but is not one Docker would build (an unknown instruction, template syntax, an instruction before the first FROM). None of its instructions were checked, so a risky line in it would pass unseen.',
  fix: 'Fix the syntax at the position given, or exclude generated templates with `paths.exclude` in .bulkhead.yml.',
  examples: {
    bad: 'FROM {{ base_image }}\nRUN make',
    good: 'FROM debian:12.5@sha256:3a7db92a1187b551fa77114063d13559c76c0fc31e1e963883a04fc89a76f800\nRUN make',
    language: 'dockerfile',
  },
});
