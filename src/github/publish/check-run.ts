import { runUrl } from './pr-comment.js';
import type { Logger } from '../../logger.js';
import {
  checkRunReport,
  closingUpdate,
  type CheckRunPlan,
  type CheckRunUpdate,
} from '../../report/check-run.js';
import type { Summary } from '../../report/summary.js';
import type { GitHubApi } from '../api.js';
import { attempt, describeError, isRefused, step, StepError, wasRefused } from './policy.js';
import type { Publisher, PublishContext } from './types.js';

/**
 * One check run on the head commit: created `in_progress` when the run starts, annotated and
 * completed at the end. Once GitHub refuses a write, nothing more is sent.
 */
export class CheckRunSession {
  private id?: number;
  htmlUrl?: string;
  /** Annotations GitHub accepted. */
  annotated = 0;
  completed = false;
  refused = false;

  constructor(
    private readonly api: GitHubApi,
    private readonly opts: { name: string; headSha: string; detailsUrl?: string; log: Logger },
  ) {}

  get created(): boolean {
    return this.id !== undefined;
  }

  private async send<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await step(what, fn);
    } catch (e) {
      if (isRefused(e)) this.refused = true;
      throw e;
    }
  }

  async start(now: Date): Promise<void> {
    const res = await this.send('create the check run', () =>
      this.api.createCheckRun({
        name: this.opts.name,
        head_sha: this.opts.headSha,
        status: 'in_progress',
        started_at: now.toISOString(),
        ...(this.opts.detailsUrl ? { details_url: this.opts.detailsUrl } : {}),
        output: { title: 'Scanning', summary: 'Bulkhead is checking the build inputs of this commit.' },
      }),
    );
    this.id = res.id;
    if (res.htmlUrl) this.htmlUrl = res.htmlUrl;
    this.opts.log.info(`Check run '${this.opts.name}' started${res.htmlUrl ? `: ${res.htmlUrl}` : ''}`);
  }

  private accepted(u: CheckRunUpdate): void {
    this.annotated += u.output?.annotations?.length ?? 0;
    if (u.status === 'completed') this.completed = true;
  }

  /**
   * Sends the planned requests in order, creating the run with the first one if `start` got no id.
   * A failed annotation batch does not stop the completing request; a refusal stops everything.
   */
  async report(plan: CheckRunPlan): Promise<void> {
    if (this.refused) return;
    const updates = [...plan.updates];
    if (this.id === undefined) {
      const first = updates.shift()!;
      const res = await this.send('create the check run', () =>
        this.api.createCheckRun({
          name: this.opts.name,
          head_sha: this.opts.headSha,
          status: 'in_progress',
          ...(this.opts.detailsUrl ? { details_url: this.opts.detailsUrl } : {}),
          ...first,
        }),
      );
      this.id = res.id;
      if (res.htmlUrl) this.htmlUrl = res.htmlUrl;
      this.accepted(first);
    }
    const failed: StepError[] = [];
    for (const u of updates) {
      const what = u.status === 'completed' ? 'complete the check run' : 'annotate the check run';
      try {
        await this.send(what, () => this.api.updateCheckRun(this.id!, u));
        this.accepted(u);
      } catch (e) {
        if (isRefused(e) || !(e instanceof StepError)) throw e;
        failed.push(e);
      }
    }
    if (failed.length === 1) throw failed[0];
    if (failed.length > 1)
      throw new StepError(`send ${failed.length} of ${updates.length} check run updates`, failed[0]!.cause);
  }

  /**
   * Completes a created run that is still in progress, even after a refused update: one more
   * request is cheap, and a run left in progress would block a merge that requires it.
   */
  async close(update: CheckRunUpdate): Promise<void> {
    if (this.id === undefined || this.completed) return;
    await this.send('complete the check run', () => this.api.updateCheckRun(this.id!, update));
    this.completed = true;
  }
}

export const checkRunPublisher: Publisher = {
  name: 'check run',
  permission: 'checks: write',
  enabled: (ctx) => ctx.checkRun !== undefined,
  async publish(ctx, report) {
    const run = ctx.checkRun!;
    await run.report(
      checkRunReport({
        findings: report.reported,
        existing: report.existing,
        suppressed: report.suppressed,
        config: report.config,
        summary: report.summary,
        notes: report.notes,
        name: ctx.settings.checkName,
        ...(ctx.linkBase ? { linkBase: ctx.linkBase } : {}),
        completedAt: ctx.now().toISOString(),
        ...runUrl(ctx),
        ...(report.inputs ? { inputs: report.inputs } : {}),
      }),
    );
    ctx.log.info(`Check run '${ctx.settings.checkName}': ${run.annotated} annotations`);
  },
};

/**
 * Creates the check run before the scan. A refusal goes to the one policy (and disables the
 * channel); any other failure only defers the creation to the report at the end.
 */
export async function startCheckRun(ctx: PublishContext): Promise<void> {
  const run = ctx.checkRun;
  if (!run) return;
  await attempt(checkRunPublisher, ctx, async () => {
    try {
      await run.start(ctx.now());
    } catch (e) {
      if (isRefused(e)) throw e;
      ctx.log.warning(
        `Bulkhead could not create the check run yet (${describeError(e)}); it is created with the report.`,
      );
    }
  });
}

/** Sends a whole plan outside the usual order (the scan failed, so there is no report). */
export async function reportCheckRun(ctx: PublishContext, plan: CheckRunPlan): Promise<void> {
  const run = ctx.checkRun;
  if (!run || wasRefused(ctx, checkRunPublisher.name)) return;
  await attempt(checkRunPublisher, ctx, () => run.report(plan));
}

/**
 * A created check run is never left in progress: whatever happened before, it is completed here
 * with the conclusion the findings call for (`failure` when they are unknown).
 */
export async function closeCheckRun(ctx: PublishContext, summary?: Summary): Promise<void> {
  const run = ctx.checkRun;
  if (!run) return;
  await attempt(checkRunPublisher, ctx, () => run.close(closingUpdate(summary, ctx.now().toISOString())));
}
