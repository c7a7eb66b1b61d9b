/**
 * GitHub's workflow dependency lockfile, `.github/workflows/actions.lock` (written by
 * `gh actions-lock`; public preview October 2026, format `version: 'v0.0.2'`):
 *
 * ```yaml
 * version: 'v0.0.2'
 * workflows:
 *     '.github/workflows/test.yml':
 *         - 'actions/checkout@v5.0.1'
 * dependencies:
 *     'actions/checkout@v5.0.1':
 *         ref: 'v5.0.1'
 *         commit: 'sha1-93cb6efe18208431cddfb8368fd83d5badbf9bfd'
 * ```
 *
 * A workflow listed under `workflows:` is onboarded: GitHub runs the recorded commit of each of
 * its step actions, whatever the tag points to later. Reusable-workflow calls
 * (`jobs.<id>.uses`) are not pinned by it (GitHub's docs say so), and action metadata files are
 * not covered. Anything unexpected (another version, a malformed entry, a commit that is not a
 * full object name) covers nothing: the findings stay, never the other way round.
 */
import { parse } from 'yaml';

/** Lockfiles larger than this cover nothing (real ones are a few KB). */
export const MAX_LOCK_BYTES = 1 << 20;

export interface ActionsLock {
  /** Whether the lockfile pins `uses` (exact text, e.g. `actions/checkout@v4`) for a workflow path. */
  pins(workflowPath: string, uses: string): boolean;
}

const COMMIT = /^(sha1-[0-9a-f]{40}|sha256-[0-9a-f]{64})$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads an actions.lock; undefined when it is not one this reader understands. */
export function parseActionsLock(text: string): ActionsLock | undefined {
  if (text.length > MAX_LOCK_BYTES) return undefined;
  let data: unknown;
  try {
    data = parse(text, { maxAliasCount: 0, uniqueKeys: true });
  } catch {
    return undefined;
  }
  if (!isRecord(data) || data.version !== 'v0.0.2') return undefined;
  const { workflows, dependencies } = data;
  if (!isRecord(workflows) || !isRecord(dependencies)) return undefined;
  return {
    pins(workflowPath, uses) {
      const listed = workflows[workflowPath];
      if (!Array.isArray(listed) || !listed.includes(uses)) return false;
      const dep = dependencies[uses];
      return isRecord(dep) && typeof dep.commit === 'string' && COMMIT.test(dep.commit);
    },
  };
}

/**
 * Where the lockfile of a workflow is, and the key the workflow has in it: both relative to the
 * directory holding `.github/` (a scan may start above the repository root).
 */
export function lockLocation(workflowPath: string): { lockPath: string; key: string } | undefined {
  const at = workflowPath.lastIndexOf('.github/workflows/');
  if (at === -1 || (at > 0 && workflowPath[at - 1] !== '/')) return undefined;
  const key = workflowPath.slice(at);
  if (key.slice('.github/workflows/'.length).includes('/')) return undefined;
  return { lockPath: workflowPath.slice(0, at) + '.github/workflows/actions.lock', key };
}
