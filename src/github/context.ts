import { readFileSync, statSync } from 'node:fs';
import { ConfigurationError } from '../errors.js';
import { trimTrailing } from '../core/trim.js';

/** Events whose payload names a base to compare against; `report: auto` means `new` for these. */
export const PULL_REQUEST_EVENTS = ['pull_request', 'pull_request_target', 'merge_group'] as const;

/** What the workflow run is about, read once from the runner's environment. */
export interface EventContext {
  eventName: string;
  payload: Record<string, unknown>;
  /** `owner/repo` of the repository the workflow runs in. */
  repository: string;
  owner: string;
  repo: string;
  /** GITHUB_SHA: for pull_request events the merge commit, not the PR head. */
  sha: string;
  serverUrl: string;
  apiUrl: string;
  runId?: string;
}

/** Base and head of the change under review; `base` is absent when the event has none. */
export interface Refs {
  base?: string;
  head?: string;
  /** Pull request number, for the comment and `pulls.listFiles`. */
  prNumber?: number;
  /** The PR comes from another repository (a fork): expect a read-only token. */
  fork: boolean;
  /** The PR payload's `changed_files`, when present. */
  changedFiles?: number;
}

const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;
const ZERO = /^0+$/;

function obj(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

function sha(v: unknown): string | undefined {
  return typeof v === 'string' && SHA.test(v) && !ZERO.test(v) ? v : undefined;
}

function requireSha(v: unknown, what: string, eventName: string): string {
  const s = sha(v);
  if (!s) {
    throw new ConfigurationError(
      `the ${eventName} event payload has no valid ${what} (got ${JSON.stringify(v) ?? 'nothing'})`,
    );
  }
  return s;
}

/**
 * Base and head SHAs per event, from the payload alone (like dependency-review-action's
 * git-refs.ts). Pull requests use the PR head, not the merge commit GITHUB_SHA points at, so the
 * check run and links land on the commit the author pushed.
 */
export function refsFromContext(ctx: { eventName: string; payload: unknown; sha?: string }): Refs {
  const payload = obj(ctx.payload) ?? {};
  const fallbackHead = sha(ctx.sha);
  switch (ctx.eventName) {
    case 'pull_request':
    case 'pull_request_target': {
      const pr = obj(payload.pull_request);
      if (!pr) throw new ConfigurationError(`the ${ctx.eventName} event payload has no pull_request object`);
      const base = obj(pr.base);
      const head = obj(pr.head);
      const baseRepo = obj(base?.repo);
      const headRepo = obj(head?.repo);
      const number = typeof pr.number === 'number' ? pr.number : Number(payload.number);
      return {
        base: requireSha(base?.sha, 'pull_request.base.sha', ctx.eventName),
        head: requireSha(head?.sha, 'pull_request.head.sha', ctx.eventName),
        ...(Number.isInteger(number) && number > 0 ? { prNumber: number } : {}),
        // A deleted fork leaves head.repo null: still a fork as far as the token is concerned.
        fork: !headRepo || headRepo.full_name !== baseRepo?.full_name,
        ...(typeof pr.changed_files === 'number' ? { changedFiles: pr.changed_files } : {}),
      };
    }
    case 'merge_group': {
      const group = obj(payload.merge_group);
      if (!group) throw new ConfigurationError('the merge_group event payload has no merge_group object');
      return {
        base: requireSha(group.base_sha, 'merge_group.base_sha', ctx.eventName),
        head: requireSha(group.head_sha, 'merge_group.head_sha', ctx.eventName),
        fork: false,
      };
    }
    case 'push': {
      // `before` is all zeros when the push created the branch: there is nothing to compare with.
      const head = sha(payload.after) ?? fallbackHead;
      const base = sha(payload.before);
      return { ...(base ? { base } : {}), ...(head ? { head } : {}), fork: false };
    }
    default:
      // workflow_dispatch, schedule and everything else: no base, report everything.
      return { ...(fallbackHead ? { head: fallbackHead } : {}), fork: false };
  }
}

const MAX_EVENT_BYTES = 64 << 20;

/** Reads GITHUB_* variables and the event payload file; missing pieces become clear errors. */
export function readEventContext(env: NodeJS.ProcessEnv): EventContext {
  const eventName = env.GITHUB_EVENT_NAME ?? '';
  let payload: Record<string, unknown> = {};
  const path = env.GITHUB_EVENT_PATH;
  if (path) {
    try {
      if (statSync(path).size > MAX_EVENT_BYTES) throw new Error('over 64 MiB');
      payload = obj(JSON.parse(readFileSync(path, 'utf8'))) ?? {};
    } catch (e) {
      throw new ConfigurationError(`cannot read the event payload ${path}: ${(e as Error).message}`);
    }
  }
  const repository = env.GITHUB_REPOSITORY ?? '';
  const [owner = '', repo = ''] = repository.split('/');
  const serverUrl = trimTrailing(env.GITHUB_SERVER_URL || 'https://github.com', '/');
  const apiUrl = trimTrailing(env.GITHUB_API_URL || 'https://api.github.com', '/');
  return {
    eventName,
    payload,
    repository,
    owner,
    repo,
    sha: env.GITHUB_SHA ?? '',
    serverUrl,
    apiUrl,
    ...(env.GITHUB_RUN_ID ? { runId: env.GITHUB_RUN_ID } : {}),
  };
}
