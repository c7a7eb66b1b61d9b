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
    "`pull_request_target` and `workflow_run` run in the base repository's context for pull requests anyone can open from a fork: a token writable unless `permissions:` restricts it, the repository's secrets, the base branch's cache. They are safe while nothing of the pull request (its code, artifacts or text) reaches a script, which is what the rules that see those paths check.\n\n" +
    "**Grouping: the trigger is part of a chain.** When the trigger enables something exploitable in the file (a checkout of the head, workflow/untrusted-checkout; a pull request's artifact used as code, workflow/artifact-poisoning; attacker-written text in a script, workflow/template-injection), that rule reports the chain once with this trigger as a related place, and this rule reports nothing for the trigger.\n\n" +
    "**Alone: only when the privilege buys nothing.** zizmor reports every such trigger, its most disputed finding (zizmor #1163; corpus workflows carry `zizmor: ignore[dangerous-triggers]` next to labelers, assigners and title checks, which need the write token and read the pull request through the API). Here a trigger alone is reported only for `pull_request_target` when no job that can run under it (no `if:` keeping forks out) holds a write token, the repository default token, a secret or a reusable-workflow call, and some job checks out the repository and runs a `run:` step or local action: the trigger then only adds the base branch's cache scope (the ultralytics pivot) and `on: pull_request` is the one-edit fix; low, at the trigger, with the read-only `permissions:` as related places. Not reported alone: jobs with write tokens or secrets (the trigger's purpose), workflows made only of actions, workflows without `permissions:` (the default token is not known from the file), and `workflow_run` (whether a fork can start it depends on the upstream workflow, which the file names but does not show). `issue_comment` is graded by the rules that see what it feeds; `pull_request` is not privileged.",
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
