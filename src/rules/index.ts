import type { Rule, RuleMeta } from '../core/index.js';
import { scanRules } from './scan/index.js';
import { configRules } from './config/index.js';
import { dockerfileRules } from './dockerfile/index.js';
import { lockfileRules } from './lockfile/index.js';
import { workflowRules } from './workflow/index.js';
import { intelRules } from './intel/index.js';

/** Every rule Bulkhead knows, sorted by id; adding a rule means one line in its kind's index. */
export const ALL_RULES: readonly Rule[] = [
  ...scanRules,
  ...configRules,
  ...dockerfileRules,
  ...lockfileRules,
  ...workflowRules,
  ...intelRules,
].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

const BY_ID = new Map<string, Rule>(ALL_RULES.map((r) => [r.id, r]));

/** Every rule id, for the config check that `rules:` and `ignore:` name real rules. */
export const RULE_IDS: ReadonlySet<string> = new Set(BY_ID.keys());

/**
 * Rules whose findings depend on files beside the one checked (a build context): `report: new`
 * compares them with the base even when their own file did not change.
 */
export const TREE_RULE_IDS: ReadonlySet<string> = new Set(
  ALL_RULES.filter((r) => r.readsTree).map((r) => r.id),
);

export function ruleById(id: string): Rule | undefined {
  return BY_ID.get(id);
}

export function ruleMeta(id: string): RuleMeta {
  const r = BY_ID.get(id);
  if (!r) throw new Error(`unknown rule id ${id}`);
  return r;
}
