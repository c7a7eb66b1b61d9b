import { annotationsPublisher } from './annotations.js';
import { checkRunPublisher, closeCheckRun } from './check-run.js';
import { jobSummaryPublisher } from './job-summary.js';
import { logPublisher } from './log.js';
import { outputsPublisher } from './outputs.js';
import { attempt, wasRefused } from './policy.js';
import { prCommentPublisher } from './pr-comment.js';
import { reviewSuggestionsPublisher } from './review-suggestions.js';
import { sarifFilePublisher } from './sarif-file.js';
import type { ActionReport, Publisher, PublishContext } from './types.js';

export type { ActionIo, ActionReport, Publisher, PublishContext } from './types.js';
export { CheckRunSession, closeCheckRun, reportCheckRun, startCheckRun } from './check-run.js';

/**
 * Every channel, in order: the local ones first (SARIF carries everything and needs no
 * permission), the API ones after, the job summary last so it can say what the others did.
 */
export const PUBLISHERS: readonly Publisher[] = [
  sarifFilePublisher,
  logPublisher,
  annotationsPublisher,
  outputsPublisher,
  checkRunPublisher,
  prCommentPublisher,
  reviewSuggestionsPublisher,
  jobSummaryPublisher,
];

/**
 * Publishes the report on every enabled channel under the one error policy (`attempt`): a
 * refused or failing channel is logged and skipped, the others still carry every finding, and a
 * created check run is completed at the end whatever happened. Never throws.
 */
export async function publishAll(
  ctx: PublishContext,
  report: ActionReport,
  publishers: readonly Publisher[] = PUBLISHERS,
): Promise<void> {
  for (const p of publishers) {
    if (!p.enabled(ctx) || wasRefused(ctx, p.name)) continue;
    await attempt(p, ctx, () => p.publish(ctx, report));
  }
  await closeCheckRun(ctx, report.summary);
}
