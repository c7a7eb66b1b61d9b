/**
 * What the online phase asks the GitHub API about a `uses:` and how the rules find the answers
 * again: one helper for both sides, so a rule never reads an answer nobody asked for.
 */
import type { ActionRefQuery, OnlineAnswers, ActionRefAnswer } from '../../core/index.js';
import type { UsesRef } from '../../formats/workflow/model.js';
import { isGitHubRepoName, isGitRefName } from '../../refs/git.js';

const SHA1 = /^[0-9a-f]{40}$/i;
/** `v4`, `v4.1`, `4.1.0`, `v1.2.3-rc.1`: what a version comment looks like. */
const VERSION = /^v?\d{1,9}(?:\.\d{1,9}){0,2}(?:-[0-9A-Za-z.-]{1,40})?$/;
const MOVING = /^v?\d{1,9}(?:\.\d{1,9})?$/;

/** A `uses:` of another repository (step, composite step or reusable workflow), with its parts. */
export type RepoUses = UsesRef & { owner: string; repo: string; ref: string };

export function isRepoUses(u: UsesRef): u is RepoUses {
  return (
    (u.kind === 'repository' || u.kind === 'reusable-workflow') &&
    u.owner !== undefined &&
    u.repo !== undefined &&
    u.ref !== undefined &&
    // A name GitHub or git cannot hold is not asked about (the job fails on it anyway).
    isGitHubRepoName(u.owner, u.repo) &&
    isGitRefName(u.ref)
  );
}

/** The pinned SHA-1 commit of a `uses:` (lower-cased), or undefined for a tag, branch or SHA-256. */
export function pinnedSha(u: RepoUses): string | undefined {
  return SHA1.test(u.ref) ? u.ref.toLowerCase() : undefined;
}

/** The query for the ref as written (a commit lower-cased). */
export function refQuery(u: RepoUses): ActionRefQuery {
  return { owner: u.owner, repo: u.repo, ref: pinnedSha(u) ?? u.ref };
}

/**
 * The version a pin's trailing comment names (`# v4.1.0`, `# 4.1.0`, `# tag=v4.1.0`,
 * `# ratchet:actions/checkout@v4`, `# pin@v4`), or undefined when the comment is not a version
 * (`# main`, `# see #123`, `# TODO`): those are not checked.
 */
export function commentVersion(comment: string | undefined): string | undefined {
  if (comment === undefined) return undefined;
  const word = comment.trim().split(/\s/, 1)[0] ?? '';
  const v = word.replace(/^(?:tag=|tag:|pin@|ratchet:[^@\s]{1,200}@)/, '').replace(/[,;)]$/, '');
  return VERSION.test(v) ? v : undefined;
}

/** A version that names a line rather than a release (`v4`, `v4.1`): its tag moves on. */
export function isMovingVersion(v: string): boolean {
  return MOVING.test(v);
}

/** The tag names a version comment may mean: as written, and with a `v` when written without one. */
export function commentTags(version: string): string[] {
  return version.startsWith('v') ? [version] : [version, `v${version}`];
}

/** The tag queries of a pin's version comment (none when the comment is not a version). */
export function commentQueries(u: RepoUses): ActionRefQuery[] {
  const v = pinnedSha(u) !== undefined ? commentVersion(u.comment) : undefined;
  return v === undefined ? [] : commentTags(v).map((ref) => ({ owner: u.owner, repo: u.repo, ref }));
}

/** The answer for a query, when the API was asked and answered. */
export function answerFor(answers: OnlineAnswers, q: ActionRefQuery): ActionRefAnswer | undefined {
  return answers.actionRef?.(q);
}

/** `owner/repo[/path]` of a `uses:`, as written in a pin. */
export function usesTarget(u: RepoUses): string {
  return u.path ? `${u.owner}/${u.repo}/${u.path}` : `${u.owner}/${u.repo}`;
}

/** The first 7 characters of a commit, for messages. */
export const short = (sha: string) => sha.slice(0, 7);
