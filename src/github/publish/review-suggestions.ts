import { readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { Finding } from '../../core/index.js';
import { editsFor, resolveAll } from '../../fix/resolve.js';
import type { TokenIdentity } from '../../report/comment.js';
import { mdCode } from '../../report/escape.js';
import {
  fixGroups,
  fixPatch,
  parseHunks,
  patchNotes,
  planSuggestions,
  reconcile,
  renderPatchSection,
  reviewBody,
  suggestionKey,
  type FixFile,
  type FixGroup,
  type SuggestionPlan,
} from '../../report/suggestions.js';
import { API_FILE_CAP } from '../changes.js';
import { describeError, isRefused, step } from './policy.js';
import type { Publisher, PublishContext } from './types.js';

/** Review comments read looking for our earlier suggestions. */
const MAX_REVIEW_COMMENTS_SCANNED = 3000;
/** A file bigger than this is not read for its fixes (the scan's own caps are lower). */
const MAX_FIX_FILE_BYTES = 10 << 20;

function inside(dir: string, p: string): boolean {
  const rel = relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** A scanned file's text, read the way the scan read it; a link out of the workspace is not followed. */
export function readFixFile(workspace: string, path: string): FixFile {
  try {
    const root = realpathSync(workspace);
    const abs = resolve(root, path);
    if (!inside(root, abs)) return { unreadable: 'outside the workspace' };
    const real = realpathSync(abs);
    if (!inside(root, real)) return { unreadable: 'a symbolic link out of the workspace' };
    const st = statSync(real);
    if (!st.isFile()) return { unreadable: 'not a regular file' };
    if (st.size > MAX_FIX_FILE_BYTES) return { unreadable: `over ${MAX_FIX_FILE_BYTES} bytes` };
    return { text: readFileSync(real, 'utf8') };
  } catch (e) {
    return { unreadable: describeError(e) };
  }
}

function onPullRequest(ctx: PublishContext): boolean {
  return (
    ctx.api !== undefined &&
    (ctx.event.eventName === 'pull_request' || ctx.event.eventName === 'pull_request_target') &&
    ctx.refs.prNumber !== undefined &&
    ctx.refs.head !== undefined
  );
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Moves every planned comment into the patch, with why. */
function degrade(plan: SuggestionPlan, reason: 'refused' | 'failed'): void {
  for (const c of plan.comments) plan.patched.push({ group: c.group, reason });
  plan.comments = [];
}

/**
 * Posts the plan: one review with the new comments, then the updates and deletions of the earlier
 * run's comments. A refusal moves what was not posted into the patch (with a note) and ends
 * quietly; any other failure does the same and is re-thrown for the channel policy to report.
 */
async function post(
  ctx: PublishContext,
  plan: SuggestionPlan,
  notes: string[],
  patchedBefore: number,
): Promise<unknown> {
  const api = ctx.api!;
  const pr = ctx.refs.prNumber!;
  const head = ctx.refs.head!;
  const name = ctx.settings.checkName;
  try {
    const posted = await step('read the pull request review comments', () =>
      api.listReviewComments(pr, MAX_REVIEW_COMMENTS_SCANNED),
    );
    let me: TokenIdentity | undefined;
    if (posted.some((c) => suggestionKey(c.body, name) !== undefined)) me = await api.viewer();
    const todo = reconcile(posted, plan, { checkName: name, headSha: head, me });
    if (todo.create.length > 0) {
      await step('post the review with suggestions', () =>
        api.createReview(pr, {
          commitId: head,
          body: reviewBody(name, todo.create.length, patchedBefore),
          comments: todo.create,
        }),
      );
    }
    // What the review posted is in; from here a failure costs only tidiness, not a fix.
    const onDiff = plan.comments.length;
    plan.comments = [];
    for (const u of todo.update)
      await step('update a review suggestion', () => api.updateReviewComment(u.id, u.body));
    for (const r of todo.retire)
      await step('retire a review suggestion', () => api.updateReviewComment(r.id, r.body));
    for (const id of todo.remove)
      await step('delete a stale review suggestion', () => api.deleteReviewComment(id));
    ctx.log.info(
      `Review suggestions: ${todo.create.length} posted, ${todo.update.length} updated, ${todo.keep} unchanged, ` +
        `${todo.remove.length} deleted, ${todo.retire.length} retired (answered, kept); ${onDiff} on the diff in all`,
    );
    return undefined;
  } catch (e) {
    if (plan.comments.length === 0) return e; // posted already; only the tidying failed
    const n = plan.comments.length;
    if (isRefused(e)) {
      ctx.log.warning(
        `Bulkhead could not post review suggestions (${describeError(e)}): the token lacks 'pull-requests: write' ` +
          `(read-only on fork and Dependabot pull requests). The ${plural(n, 'fix is', 'fixes are')} in the job summary's patch instead.`,
      );
      notes.push(
        `The token cannot write review comments (read-only on fork and Dependabot pull requests), so ${plural(n, 'suggested fix is', 'suggested fixes are')} here instead.`,
      );
      degrade(plan, 'refused');
      return undefined;
    }
    notes.push(
      `${plural(n, 'suggested fix', 'suggested fixes')} could not be posted as review comments, so they are here instead.`,
    );
    degrade(plan, 'failed');
    return e;
  }
}

/** Groups whose files could not be read: named, since neither a suggestion nor the patch can carry them. */
function unreadableNotes(plan: SuggestionPlan): string[] {
  return plan.unreadable.map(
    (u) => `The fixes in ${mdCode(u.path)} could not be made: the file could not be read.`,
  );
}

/**
 * The reported findings with their `resolve` fixes turned into edits where the run's look-ups
 * answer (an image's digest, an action's commit), through the fix layer's checks (the text at the
 * span must still be what the rule saw, the answer must have its exact shape). Offline, or when a
 * look-up fails, those fixes stay unresolved and are counted in a note.
 */
async function resolveFixes(
  ctx: PublishContext,
  findings: readonly Finding[],
  files: Map<string, FixFile>,
): Promise<Finding[]> {
  const pending = findings.filter((f) => f.autofix?.resolve && !f.autofix.edits?.length);
  if (pending.length === 0 || !ctx.intel) return [...findings];
  const answers = await resolveAll(
    pending.map((f) => f.autofix!),
    ctx.intel,
  );
  // The count of what stays unresolved is in the notes (unresolvedNote); the why is in the log.
  for (const failure of answers.failures)
    ctx.log.warning(`Review suggestions: ${failure.service} (${failure.url}): ${failure.reason}`);
  return findings.map((f) => {
    if (!pending.includes(f)) return f;
    if (!files.has(f.path)) files.set(f.path, readFixFile(ctx.settings.workspace, f.path));
    const text = files.get(f.path)!.text;
    if (text === undefined) return f;
    const r = editsFor(f.autofix!, text, answers);
    if (!('edits' in r)) {
      ctx.log.debug(`Review suggestions: ${f.path}:${f.startLine}: ${r.reason}`);
      return f;
    }
    return { ...f, autofix: { ...f.autofix!, edits: r.edits } };
  });
}

/** Fixes that need an online answer (a digest, a commit SHA) and were not resolved in this run. */
function unresolvedNote(findings: readonly Finding[]): string[] {
  const n = findings.filter((f) => f.autofix && !f.autofix.edits?.length && f.autofix.resolve).length;
  return n > 0
    ? [
        `${plural(n, 'fix needs', 'fixes need')} an online answer (an image digest or an action's commit SHA): run \`bulkhead fix\` for ${n === 1 ? 'it' : 'them'}.`,
      ]
    : [];
}

/**
 * Review suggestions (`suggestions: on`). On a pull request, each mechanical fix whose lines are
 * all inside one hunk of the diff becomes a review comment with a ```suggestion block, all in one
 * review per run, reconciled with the previous run's (report/suggestions.ts `reconcile`). Every
 * other fix, and every one a read-only token could not post, goes into the job summary as one
 * `git apply`-able patch (set on the context for the job-summary channel, which runs last).
 */
export const reviewSuggestionsPublisher: Publisher = {
  name: 'review suggestions',
  permission: 'pull-requests: write',
  enabled: (ctx) => ctx.settings.suggestions,
  async publish(ctx, report) {
    const notes: string[] = [];
    const files = new Map<string, FixFile>();
    const findings = await resolveFixes(ctx, report.reported, files);
    const groups: FixGroup[] = fixGroups(findings);
    const extra = unresolvedNote(findings);
    for (const g of groups)
      if (!files.has(g.path)) files.set(g.path, readFixFile(ctx.settings.workspace, g.path));

    const pr = onPullRequest(ctx);
    let failure: unknown;
    // Without the diff nothing can be placed, and the earlier comments are left as they are.
    let diffRead = groups.length === 0;
    if (pr && groups.length > 0) {
      try {
        const patches = await step('read the pull request diff', () =>
          ctx.api!.listPullPatches(ctx.refs.prNumber!, API_FILE_CAP),
        );
        const wanted = new Set(files.keys());
        for (const p of patches) {
          const f = files.get(p.path);
          if (f && wanted.has(p.path) && p.patch !== undefined) f.hunks = parseHunks(p.patch);
        }
        diffRead = true;
      } catch (e) {
        notes.push(
          isRefused(e)
            ? 'The token cannot read the pull request diff, so every fix is here instead of in review comments.'
            : 'The pull request diff could not be read, so every fix is here instead of in review comments.',
        );
        if (!isRefused(e)) failure = e;
      }
    }
    const plan = planSuggestions(groups, files, { checkName: ctx.settings.checkName });
    notes.push(...patchNotes(plan.patched, diffRead));
    // Also with nothing to suggest: the earlier run's suggestions may have to go.
    if (pr && diffRead) {
      const err = await post(ctx, plan, notes, plan.patched.length);
      failure ??= err;
    }
    if (groups.length === 0)
      ctx.log.info('Review suggestions: no reported finding carries a mechanical fix.');
    notes.push(...unreadableNotes(plan), ...extra);

    const patch = fixPatch(
      plan.patched.map((p) => p.group),
      files,
    );
    if (patch.dropped > 0)
      notes.push(
        `${plural(patch.dropped, 'edit was', 'edits were')} left out of the patch: it overlapped another or no longer applied.`,
      );
    ctx.fixPatch = renderPatchSection(patch.diffs, patch.diffs.length > 0 || notes.length > 0 ? notes : []);
    if (patch.diffs.length > 0 && !ctx.settings.jobSummary)
      ctx.log.warning(
        `${plural(patch.diffs.length, 'file has', 'files have')} fixes that only the job summary shows, and job-summary is false: run \`bulkhead fix\` to see them.`,
      );
    if (failure !== undefined) throw failure;
  },
};
