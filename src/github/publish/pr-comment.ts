import { commentReport, planComment, type TokenIdentity } from '../../report/comment.js';
import { step } from './policy.js';
import type { Publisher, PublishContext } from './types.js';

/** The workflow run's page, where the job summary is. */
export function runUrl(ctx: PublishContext): { summaryUrl?: string } {
  const e = ctx.event;
  return e.runId && e.repository
    ? { summaryUrl: `${e.serverUrl}/${e.repository}/actions/runs/${e.runId}` }
    : {};
}

/** Comments read looking for our marker before giving up and creating a new one. */
const MAX_COMMENTS_SCANNED = 3000;

/**
 * The sticky PR comment, found by its marker and its author (the token's own account) and edited
 * in place. A marker in someone else's comment is left alone: a new comment is posted instead.
 */
export const prCommentPublisher: Publisher = {
  name: 'PR comment',
  permission: 'pull-requests: write',
  enabled: (ctx) =>
    ctx.settings.prComment !== 'off' &&
    ctx.api !== undefined &&
    (ctx.event.eventName === 'pull_request' || ctx.event.eventName === 'pull_request_target') &&
    ctx.refs.prNumber !== undefined,
  async publish(ctx, report) {
    const api = ctx.api!;
    const pr = ctx.refs.prNumber!;
    const mode = ctx.settings.prComment === 'always' ? 'always' : 'on-findings';
    const { marker, body, allClear } = commentReport({
      findings: report.reported,
      suppressed: report.suppressed,
      config: report.config,
      summary: report.summary,
      notes: report.notes,
      name: ctx.settings.checkName,
      ...(ctx.linkBase ? { linkBase: ctx.linkBase } : {}),
      headSha: ctx.refs.head ?? '',
      ...(ctx.checkRun?.htmlUrl && !ctx.checkRun.refused ? { checkRunUrl: ctx.checkRun.htmlUrl } : {}),
      ...runUrl(ctx),
    });
    const comments = await step('read the pull request comments', () =>
      api.listIssueComments(pr, MAX_COMMENTS_SCANNED),
    );
    // Whose comment may be edited is only worth a request when some comment carries the marker.
    let me: TokenIdentity | undefined;
    if (comments.some((c) => c.body.startsWith(marker))) {
      me = await api.viewer();
      ctx.log.info(
        me
          ? `PR comment: the token acts as ${me.login}`
          : 'PR comment: GitHub did not say whom the token acts as; only a comment by github-actions[bot] is taken as ours',
      );
    }
    const plan = planComment(comments, {
      mode,
      marker,
      findings: report.reported.length,
      body,
      allClear,
      me,
    });
    if (plan.action === 'create') {
      await step('comment on the pull request', () => api.createIssueComment(pr, plan.body));
      ctx.log.info('PR comment: created');
    } else if (plan.action === 'update') {
      await step('update the pull request comment', () => api.updateIssueComment(plan.id, plan.body));
      ctx.log.info('PR comment: updated');
    } else {
      ctx.log.info('PR comment: skipped');
    }
  },
};
