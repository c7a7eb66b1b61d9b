import { defineRule, hit, type Hit, type RuleContext, type Severity } from '../../core/index.js';
import { contextReads } from '../../formats/workflow/expressions.js';
import type { UsesRef, WorkflowModel } from '../../formats/workflow/model.js';
import { parseWorkflow } from '../../formats/workflow/parse.js';
import { fileExpressions, repoRoot } from '../../formats/workflow/permissions.js';
import { isFullCommit } from '../../refs/git.js';

/**
 * The secrets a local called workflow reads (`secrets.NAME`, GITHUB_TOKEN aside), when it is in the
 * scan; undefined when it is not, or when it needs them all (it reads `secrets` whole or by a
 * computed name, or passes `secrets: inherit` on).
 */
function calleeSecrets(model: WorkflowModel, u: UsesRef, ctx: RuleContext): string[] | undefined {
  const root = repoRoot(model.path);
  if (u.kind !== 'local' || root === undefined || !u.path) return undefined;
  const path = `${root}${u.path.replace(/^\.\//, '')}`;
  const text = ctx.workspace.read(path);
  if (text === undefined) return undefined;
  let callee: WorkflowModel;
  try {
    callee = parseWorkflow(text, path);
  } catch {
    return undefined;
  }
  if (
    callee.jobs.some(
      (j) => j.secrets?.type === 'scalar' && j.secrets.value.trim().toLowerCase() === 'inherit',
    )
  )
    return undefined;
  const names = new Set<string>();
  for (const { x } of fileExpressions(callee)) {
    if (!x.ast) return undefined;
    for (const r of contextReads(x.ast)) {
      if (r.path[0] !== 'secrets') continue;
      const n = r.path[1];
      if (n === undefined || n === '?' || n === '*') return undefined;
      if (n !== 'github_token') names.add(n.toUpperCase());
    }
  }
  return [...names].sort();
}

export const rule = defineRule({
  id: 'workflow/secrets-inherit',
  kind: 'workflow',
  appliesTo: 'workflow',
  severity: 'medium',
  title: 'Reusable workflow called with every secret',
  description:
    "`secrets: inherit` hands the called workflow every secret the caller can see (repository, organisation and environment secrets alike), whatever it needs; a bug or an injection there, or a change to it, exposes them all. Naming the secrets it uses (`secrets: { NPM_TOKEN: ${{ secrets.NPM_TOKEN }} }`) limits that to what the callee needs. One finding per calling job, at its `secrets: inherit`; when the called workflow is a local file in the scan, the message and the fix name the secrets it reads (or say it reads none). High when the workflow is in another repository and not pinned to a full commit (its owner can change what receives the secrets at any time; `workflow/unpinned-action` reports the pin itself), medium for another repository pinned to a commit, low for a workflow of the same repository (`./.github/workflows/...`), which changes only through this repository's own review.",
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
  check(model, ctx) {
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
      const needs = calleeSecrets(model, u, ctx);
      const used =
        needs === undefined
          ? 'not only the ones it needs'
          : needs.length
            ? `while it reads only ${needs.map((n) => `secrets.${n}`).join(', ')}`
            : 'while it reads none';
      const fix =
        needs === undefined
          ? `Replace \`secrets: inherit\` with the secrets ${u.raw} declares, each by name: \`secrets: { NAME: \${{ secrets.NAME }} }\`.`
          : needs.length
            ? `Replace \`secrets: inherit\` with \`secrets: { ${needs.map((n) => `${n}: \${{ secrets.${n} }}`).join(', ')} }\` (and declare them under its \`on.workflow_call.secrets\`).`
            : 'Remove `secrets: inherit`: the called workflow reads no secret.';
      hits.push(
        hit(
          s.span,
          `Job '${job.id}' passes every secret this workflow can read to ${u.raw} with \`secrets: inherit\`, ${used} (${severity}: ${why}).`,
          {
            severity,
            related: [{ span: u.span, label: 'the called workflow' }],
            evidence: 'secrets: inherit',
            fix,
            scopeLine: job.keySpan.line,
          },
        ),
      );
    }
    return hits;
  },
});
