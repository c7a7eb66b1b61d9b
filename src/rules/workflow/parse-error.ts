import { defineEngineRule } from '../../core/index.js';

export const rule = defineEngineRule({
  id: 'workflow/parse-error',
  kind: 'workflow',
  severity: 'high',
  title: 'Workflow or action file could not be parsed',
  description:
    "The file is a GitHub Actions workflow (`.github/workflows/*.yml`), action metadata (`action.yml`) or Dependabot's config (`.github/dependabot.yml`) that GitHub itself would refuse: invalid YAML, duplicate keys, `jobs` or `steps` of the wrong type, or a `uses:` that names no `owner/repo@ref` or holds an expression. None of its jobs, steps or `uses:` were checked, so a risky line in it would pass unseen; an alias bomb or nesting past the size limits is reported the same way. Keys Bulkhead does not know are never an error: new GitHub syntax does not turn into a parse error.",
  fix: 'Fix the syntax at the position given (GitHub shows the same error on the workflow run page), or exclude the file with `paths.exclude` in .bulkhead.yml if it is not a workflow.',
  examples: {
    bad: 'on: push\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: ${{ inputs.action }}',
    good: 'on: push\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: make',
    language: 'yaml',
    path: '.github/workflows/ci.yml',
  },
});
