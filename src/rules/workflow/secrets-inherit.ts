import { defineRule, hit, type Hit, type Severity } from '../../core/index.js';
import { isFullCommit } from '../../refs/git.js';

export const rule = defineRule({
  id: 'workflow/secrets-inherit',
  kind: 'workflow',
  appliesTo: 'workflow',
  severity: 'medium',
  title: 'Reusable workflow called with every secret',
  description:
    "`secrets: inherit` hands the called workflow every secret the caller can see (repository, organisation and environment secrets alike), whatever it needs; a bug or an injection there, or a change to it, exposes them all. Naming the secrets it uses (`secrets: { NPM_TOKEN: ${{ secrets.NPM_TOKEN }} }`) limits that to what the callee needs. One finding per calling job, at its `secrets: inherit`. High when the workflow is in another repository and not pinned to a full commit (its owner can change what receives the secrets at any time; `workflow/unpinned-action` reports the pin itself), medium for another repository pinned to a commit, low for a workflow of the same repository (`./.github/workflows/...`), which changes only through this repository's own review.",
  fix: 'Pass only the secrets the called workflow declares under `on.workflow_call.secrets`, e.g. `secrets: { NPM_TOKEN: ${{ secrets.NPM_TOKEN }} }`.',
  examples: {
    bad: 'on: push\njobs:\n  release:\n    uses: acme/workflows/.github/workflows/release.yml@v1\n    secrets: inherit',
    good: 'on: push\njobs:\n  release:\n    uses: acme/workflows/.github/workflows/release.yml@9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f\n    secrets:\n      NPM_TOKEN: ${{ secrets.NPM_TOKEN }}',
    language: 'yaml',
    path: '.github/workflows/release.yml',
  },
  references: [
    'https://docs.github.com/en/actions/sharing-automations/reusing-workflows#passing-secrets-to-nested-workflows',
  ],
  check(model) {
    const hits: Hit[] = [];
    for (const job of model.jobs) {
      const s = job.secrets;
      if (!job.uses || s?.type !== 'scalar' || s.value.trim().toLowerCase() !== 'inherit') continue;
      const u = job.uses;
      let severity: Severity;
      let why: string;
      if (u.kind === 'local' || u.kind === 'self') {
        severity = 'low';
        why = 'the workflow is in this repository, so it changes only through its review';
      } else if (isFullCommit(u.ref ?? '')) {
        severity = 'medium';
        why = 'the workflow is in another repository, pinned to a commit';
      } else {
        severity = 'high';
        why = `the workflow is in another repository and '${u.ref}' can be moved to code that sends the secrets anywhere`;
      }
      hits.push(
        hit(
          s.span,
          `Job '${job.id}' passes every secret this workflow can read to ${u.raw} with \`secrets: inherit\`, not only the ones it needs (${severity}: ${why}).`,
          {
            severity,
            related: [{ span: u.span, label: 'the called workflow' }],
            evidence: 'secrets: inherit',
            fix: `Replace \`secrets: inherit\` with the secrets ${u.raw} declares, each by name: \`secrets: { NAME: \${{ secrets.NAME }} }\`.`,
            scopeLine: job.keySpan.line,
          },
        ),
      );
    }
    return hits;
  },
});
