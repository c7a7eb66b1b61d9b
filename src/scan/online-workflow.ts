/**
 * The online phase for workflow files and action metadata: every `uses:` of another repository
 * across the scan is gathered first and the GitHub API is asked once per distinct repository and
 * ref (so fifty workflows using actions/checkout@v4 are one question), then each online workflow
 * rule runs on each model with the answers, as a pure function. Only what an enabled rule reads
 * is asked: refs as written for `workflow/unpinned-action` and `workflow/ref-confusion`, pinned
 * commits for `workflow/impostor-commit`, the tags of version comments for
 * `workflow/version-comment-mismatch`.
 */
import type { Intel } from '../intel/intel.js';
import type { WorkflowModel } from '../formats/workflow/model.js';
import {
  actionRefKey,
  GITHUB_API_FAILURE,
  type ActionRefAnswer,
  type ActionRefQuery,
  type OnlineAnswers,
  type OnlinePart,
  type Rule,
  type RuleContext,
  type ServiceFailure,
} from '../core/index.js';
import { commentQueries, isRepoUses, pinnedSha, refQuery } from '../rules/workflow/action-ref.js';
import { isFullCommit } from '../refs/git.js';
import type { OnlineOutput } from './online.js';

export interface WorkflowOnlineInput {
  model: WorkflowModel;
  ctx: RuleContext;
}

/** The rules that read the GitHub API's answers: it is asked only when one of them is on. */
export const GITHUB_RULES = [
  'workflow/unpinned-action',
  'workflow/ref-confusion',
  'workflow/impostor-commit',
  'workflow/version-comment-mismatch',
] as const;

/** The GitHub API queries of one model, given which rules are on, with where each was asked. */
function queriesOf(model: WorkflowModel, on: (id: (typeof GITHUB_RULES)[number]) => boolean) {
  const out: { q: ActionRefQuery; span: WorkflowModel['uses'][number]['span'] }[] = [];
  for (const u of model.uses) {
    if (!isRepoUses(u)) continue;
    const span = u.refSpan ?? u.span;
    if (pinnedSha(u) !== undefined) {
      if (on('workflow/impostor-commit')) out.push({ q: refQuery(u), span });
      if (on('workflow/version-comment-mismatch')) for (const q of commentQueries(u)) out.push({ q, span });
    } else if (!isFullCommit(u.ref) && (on('workflow/unpinned-action') || on('workflow/ref-confusion')))
      out.push({ q: refQuery(u), span });
  }
  return out;
}

/**
 * Distinct refs asked per run: a file listing thousands of made-up refs must not spend the token's
 * hourly quota; past it the rest are reported unanswered (intel/unavailable), never dropped silently.
 */
export const MAX_ACTION_REFS = 1000;

export async function workflowOnlinePhase(
  inputs: readonly WorkflowOnlineInput[],
  rules: readonly Rule[],
  intel: Intel,
  maxRefs = MAX_ACTION_REFS,
): Promise<OnlineOutput> {
  const out: OnlineOutput = { hits: [], failures: [], queried: 0, errors: [] };
  const config = inputs[0]?.ctx.config;
  if (!config || !intel.actionRefs) return out;
  const on = (id: string) => config.rules[id] !== 'off';
  const perFile = inputs.map(({ model }) => ({ path: model.path, asked: queriesOf(model, on) }));
  const queries = new Map<string, ActionRefQuery>();
  for (const f of perFile) for (const { q } of f.asked) queries.set(actionRefKey(q), q);
  out.queried = queries.size;
  if (queries.size === 0) return out;

  let answers: ReadonlyMap<string, ActionRefAnswer>;
  let failure: ServiceFailure | undefined;
  const asked = [...queries.values()].slice(0, maxRefs);
  const url = config.intel['github-api-url'] ?? '(GITHUB_API_URL, else https://api.github.com)';
  try {
    ({ answers, failure } = await intel.actionRefs(asked));
  } catch (e) {
    answers = new Map();
    failure = { ...GITHUB_API_FAILURE, url, packages: asked.length, reason: (e as Error).message };
  }
  const over = queries.size - asked.length;
  if (over > 0) {
    const reason = `more than ${maxRefs} distinct action refs in the scan; the rest were not asked`;
    failure = failure
      ? { ...failure, packages: failure.packages + over, reason: `${failure.reason}; ${reason}` }
      : { ...GITHUB_API_FAILURE, url, packages: over, reason };
  }
  if (failure) {
    // At the first unanswered ref, in path order; the count of files that had one.
    const missing = perFile
      .map((f) => ({ path: f.path, at: f.asked.find(({ q }) => !answers.has(actionRefKey(q))) }))
      .filter((m) => m.at !== undefined)
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const first = missing[0] ?? { path: perFile[0]!.path, at: perFile[0]!.asked[0] };
    out.failures.push({
      failure,
      path: first.path,
      span: first.at?.span ?? { line: 1, column: 1, endLine: 1, endColumn: 2 },
      lockfiles: Math.max(1, missing.length),
    });
  }
  const view: OnlineAnswers = {
    advisories: () => undefined,
    actionRef: (q) => answers.get(actionRefKey(q)),
    failures: failure ? [failure] : [],
  };
  for (const rule of rules) {
    const part = (rule as { online?: OnlinePart }).online;
    if (!part || part.appliesTo !== 'workflow' || !on(rule.id)) continue;
    const check = part.check as OnlinePart<'workflow'>['check'];
    for (const { model, ctx } of inputs) {
      try {
        for (const hit of check(model, ctx, view))
          out.hits.push({ rule, path: ctx.path, hit, replacesOffline: rule.check !== undefined });
      } catch (e) {
        out.errors.push({ rule, path: ctx.path, message: (e as Error).message });
      }
    }
  }
  return out;
}
