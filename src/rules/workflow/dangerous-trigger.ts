import { defineRule, hit, type Hit, type Related, type RuleContext } from '../../core/index.js';
import type { WfJob, WorkflowModel } from '../../formats/workflow/model.js';
import {
  DANGEROUS_TRIGGERS,
  jobGuard,
  jobSecrets,
  jobToken,
  triggersIn,
} from '../../formats/workflow/triggers.js';
import { rule as artifactPoisoning } from './artifact-poisoning.js';
import { rule as templateInjection } from './template-injection.js';
import { rule as untrustedCheckout } from './untrusted-checkout.js';

/** The rules that report a privileged trigger as a related place of their chain. */
const CHAIN_RULES = [untrustedCheckout, artifactPoisoning, templateInjection];

const key = (s: { line: number; column: number }): string => `${s.line}:${s.column}`;

/** Triggers already reported as a related place of a chain finding. */
function chained(model: WorkflowModel, ctx: RuleContext): Set<string> {
  const out = new Set<string>();
  for (const r of CHAIN_RULES)
    for (const h of r.check(model, ctx)) {
      // A low template-injection (a field no trigger fills) names no trigger.
      for (const x of h.related ?? []) if (x.label.startsWith('triggered by ')) out.add(key(x.span));
    }
  return out;
}

/**
 * What a job under the trigger holds that `pull_request` would not give it: a write token, the
 * repository's default token (unknown, possibly writable), or secrets. Undefined when it holds
 * none of them (a read-only token, no secrets).
 */
function holds(model: WorkflowModel, job: WfJob): string | undefined {
  if (job.uses) return "a reusable workflow call (the callee gets the caller's privileges)";
  const token = jobToken(model, job);
  if (token.level !== 'read')
    return token.level === 'write' ? 'a write token' : "the repository's default token";
  const secrets = jobSecrets(model, job);
  if (secrets.length) return secrets[0]!.name;
  return undefined;
}

/** A job that checks out the repository and runs something from it or a `run:` script. */
function runsCode(job: WfJob): boolean {
  const checkout = job.steps.some(
    (s) => s.uses?.kind === 'repository' && s.uses.owner === 'actions' && s.uses.repo === 'checkout',
  );
  return checkout && job.steps.some((s) => s.run || s.uses?.kind === 'local');
}

export const rule = defineRule({
  id: 'workflow/dangerous-trigger',
  kind: 'workflow',
  appliesTo: 'workflow',
  severity: 'low',
  title: 'Privileged trigger that runs for outsiders',
  description:
    "`pull_request_target` and `workflow_run` run in the base repository's context for a pull request anyone can open from a fork: the token is writable unless `permissions:` restricts it, the repository's secrets are available, and the run shares the base branch's cache. They are safe only while nothing of the pull request (its code, its artifacts, its text) reaches a script, and that is the job of the rules that can see it.\n\n" +
    '**Grouping: the trigger is part of a chain, not a finding of its own.** When the trigger enables something exploitable in the same file — a checkout of the head (workflow/untrusted-checkout), an artifact of the triggering run used as code (workflow/artifact-poisoning), attacker-written text expanded into a script (workflow/template-injection) — that rule reports the chain once, at its most severe point, with this trigger as a related place; this rule then reports nothing for the trigger, so one cause is one finding.\n\n' +
    "**Alone: only when the privilege buys nothing.** zizmor reports every `pull_request_target` and `workflow_run`, and that is the most disputed finding of its kind (zizmor #1163; the corpus workflows carry `zizmor: ignore[dangerous-triggers]` next to labelers, welcome bots and title checks, which need the write token and read the pull request only through the API). A trigger with nothing exploitable behind it is not a cause a person fixes, so this rule reports a trigger alone in one case only: `pull_request_target` where no job that can run under it (no `if:` keeping forks out) holds anything `pull_request` would not give it — every token read-only (`permissions:` of the job or workflow), no `secrets.*` other than `GITHUB_TOKEN`, no reusable-workflow call — and a job checks out the repository and runs a `run:` step or a local action. Then the trigger only adds the base branch's cache scope (a poisoned cache reaches later privileged runs: the ultralytics pivot) and the fix is one edit, `on: pull_request`; low. Jobs with a write token or secrets (labelers, assigners, commenters) are the trigger's purpose and are not reported, and workflows made only of actions (a title check with a read-only token: it reads the pull request through the API, and `pull_request_target` spares first-time contributors the approval wait) are labeler-style and not reported either; nor is a workflow with no `permissions:` at all (the repository default token is not known from the file; workflow/excessive-permissions reports the missing block). `workflow_run` is not reported alone: whether a fork can start it depends on the upstream workflow, which the file names but does not show. One finding per trigger, on the trigger's name, with the read-only `permissions:` blocks as related places. `issue_comment` and the other privileged events are graded by the rules that see what they feed; plain `pull_request` is not privileged.",
  fix: "Prefer `pull_request` (a fork's run gets a read-only token, no secrets and its own cache scope). If the workflow must comment or label, keep it to actions that read the pull request through the API, restrict `permissions:` to the scopes it needs at job level, and never check out, download or interpolate the pull request's content in it.",
  examples: {
    bad: 'on: pull_request_target\npermissions:\n  contents: read\njobs:\n  lint:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4.1.1\n      - run: ./scripts/lint-title.sh',
    good: 'on: pull_request\npermissions:\n  contents: read\njobs:\n  lint:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4.1.1\n      - run: ./scripts/lint-title.sh',
    language: 'yaml',
    path: '.github/workflows/report.yml',
  },
  references: [
    'https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/',
    'https://docs.zizmor.sh/audits/#dangerous-triggers',
  ],
  check(model, ctx) {
    if (model.type !== 'workflow') return [];
    const triggers = triggersIn(model, DANGEROUS_TRIGGERS);
    if (!triggers.length) return [];
    const inChain = chained(model, ctx);
    const hits: Hit[] = [];
    for (const t of triggers) {
      if (inChain.has(key(t.span))) continue;
      // Only pull_request_target: whether a fork can start a workflow_run depends on the
      // upstream workflow, which this file names but does not show.
      if (t.event !== 'pull_request_target') continue;
      const events = new Set([t.event]);
      const jobs = model.jobs.filter((j) => jobGuard(model, events, j)?.kind !== 'blocks');
      if (!jobs.length) continue;
      if (jobs.some((j) => holds(model, j) !== undefined)) continue;
      // Labeler-style workflows (only actions, no checkout) read the pull request through the API.
      if (!jobs.some(runsCode)) continue;
      const related: Related[] = [];
      for (const j of jobs.slice(0, 3)) {
        const g = jobToken(model, j);
        related.push({
          span: g.node?.span ?? j.keySpan,
          label: `job \`${j.id}\` gets a read-only token and reads no secrets`,
        });
      }
      hits.push(
        hit(
          t.span,
          `\`pull_request_target\` runs this workflow in the base repository's context for pull requests from forks, yet no job uses what that buys (every job's token is read-only and none reads a secret): the run only adds the base branch's cache scope, which a compromised step can poison for later privileged runs (low; \`pull_request\` does the same work without it).`,
          {
            severity: 'low',
            evidence: t.event,
            fix: "Trigger on `pull_request` instead: a fork's run then gets a read-only token, no secrets and its own cache scope, which is all this workflow uses.",
            related,
          },
        ),
      );
    }
    return hits;
  },
});
