/**
 * The scan's online phase: after every file's offline rules, the lockfile entries of the whole
 * scan are asked about in one go (so 5,000 packages across twenty lockfiles are five OSV batches,
 * not twenty), then each online rule runs on each lockfile model with the answers, as a pure
 * function. Runs only when the shell handed the engine an Intel and `online` is not false.
 */
import type { Intel } from '../intel/intel.js';
import type { LockfileModel } from '../formats/lockfile/model.js';
import {
  queryKey,
  type Advisory,
  type Hit,
  type OnlineAnswers,
  type OnlinePart,
  type PackageQuery,
  type Rule,
  type RuleContext,
  type RuleMeta,
  type ServiceFailure,
  type Span,
} from '../core/index.js';
import { advisoryQuery, entrySpan } from '../rules/lockfile/util.js';

export interface OnlineInput {
  model: LockfileModel;
  ctx: RuleContext;
}

export interface OnlineOutput {
  hits: { rule: RuleMeta; path: string; hit: Hit; replacesOffline: boolean }[];
  /** One per failed service, at the first unanswered entry. */
  failures: { failure: ServiceFailure; path: string; span: Span; lockfiles: number }[];
  /** Distinct package versions asked about. */
  queried: number;
  /** Online rules that threw, reported as scan/internal-error by the engine. */
  errors: { rule: RuleMeta; path: string; message: string }[];
}

export async function onlinePhase(
  inputs: readonly OnlineInput[],
  rules: readonly Rule[],
  intel: Intel,
): Promise<OnlineOutput> {
  const queries = new Map<string, PackageQuery>();
  for (const { model } of inputs)
    for (const p of model.packages) {
      const q = advisoryQuery(p);
      if (q) queries.set(queryKey(q), q);
    }
  const out: OnlineOutput = { hits: [], failures: [], queried: queries.size, errors: [] };
  if (queries.size === 0) return out;
  let answers: ReadonlyMap<string, readonly Advisory[]>;
  let failure: ServiceFailure | undefined;
  try {
    const r = await intel.vulnerabilities([...queries.values()]);
    answers = r.answers;
    failure = r.failure;
  } catch (e) {
    answers = new Map();
    failure = { service: 'OSV', url: '', packages: queries.size, reason: (e as Error).message };
  }
  const view: OnlineAnswers = {
    advisories: (q) => answers.get(queryKey(q)),
    failures: failure ? [failure] : [],
  };
  if (failure) {
    // Where the finding points: the first entry (in path order) that went unanswered.
    const missing = inputs
      .map(({ model }) => ({
        path: model.path,
        p: model.packages.find((p) => {
          const q = advisoryQuery(p);
          return q !== undefined && !answers.has(queryKey(q));
        }),
      }))
      .filter((m) => m.p !== undefined)
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const first = missing[0] ?? { path: inputs[0]!.model.path, p: inputs[0]!.model.packages[0] };
    out.failures.push({
      failure,
      path: first.path,
      span: first.p ? entrySpan(first.p) : { line: 1, column: 1, endLine: 1, endColumn: 2 },
      lockfiles: Math.max(1, missing.length),
    });
  }
  for (const rule of rules) {
    const part = (rule as { online?: OnlinePart }).online;
    if (!part || part.appliesTo !== 'lockfile') continue;
    const check = part.check as OnlinePart<'lockfile'>['check'];
    for (const { model, ctx } of inputs) {
      if (ctx.config.rules[rule.id] === 'off' && rule.id !== 'lockfile/known-malicious') continue;
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
