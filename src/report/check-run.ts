import type { CheckAnnotation, CheckRunUpdate, GitHubApi } from '../github/api.js';
import type { WriteGuard } from '../github/permissions.js';
import type { Logger } from '../logger.js';
import type { Finding } from '../core/index.js';
import { SEVERITIES } from '../core/index.js';
import { batches, bySeverity, CHECK_ANNOTATIONS_PER_REQUEST, toCheckAnnotation } from './annotations.js';
import type { Summary } from './summary.js';

/** The Checks API rejects a summary or text over this many characters. */
export const MAX_CHECK_SUMMARY = 65_535;
/**
 * Annotation requests per run. Each is a write (GitHub allows 80 a minute and 500 an hour), so a
 * huge report stops here, says so in the summary, and leaves the rest to SARIF and the job summary.
 */
export const MAX_ANNOTATION_REQUESTS = 60;

export function checkRunTitle(summary: Summary): string {
  if (summary.total === 0) return 'No findings';
  const parts = SEVERITIES.filter((s) => summary.bySeverity[s] > 0).map(
    (s) => `${summary.bySeverity[s]} ${s}`,
  );
  const lead =
    summary.blocking > 0
      ? `${summary.blocking} blocking (at or above ${summary.failOn})`
      : `${summary.total} finding${summary.total === 1 ? '' : 's'}, none blocking`;
  return `${lead}: ${parts.join(', ')}`.slice(0, 255);
}

/** Cuts a markdown summary to the API's limit (in characters), ending with a note. */
export function fitCheckSummary(
  markdown: string,
  note = 'The full list is in the job summary and SARIF.',
): string {
  if (markdown.length <= MAX_CHECK_SUMMARY) return markdown;
  const tail = `\n\n> ⚠️ Truncated to fit the check run. ${note}\n`;
  let cutAt = MAX_CHECK_SUMMARY - tail.length;
  // Never split a surrogate pair.
  const code = markdown.charCodeAt(cutAt - 1);
  if (code >= 0xd800 && code <= 0xdbff) cutAt--;
  const head = markdown.slice(0, cutAt);
  const lastLine = head.lastIndexOf('\n');
  return (lastLine > 0 ? head.slice(0, lastLine) : head) + tail;
}

export interface CheckRunPlan {
  /** Requests in order: annotation batches, the last of them carried by the completing update. */
  updates: CheckRunUpdate[];
  annotated: number;
  dropped: number;
}

/**
 * The requests that complete a check run: every annotation appended 50 per request, most severe
 * first, and the final one marking it completed with the conclusion and the full summary.
 */
export function planCheckRunUpdates(
  findings: readonly Finding[],
  final: { title: string; summary: string; conclusion: 'success' | 'failure'; completedAt: string },
  maxRequests = MAX_ANNOTATION_REQUESTS,
): CheckRunPlan {
  const all: CheckAnnotation[] = bySeverity(findings).map(toCheckAnnotation);
  const groups = batches(all, CHECK_ANNOTATIONS_PER_REQUEST).slice(0, maxRequests);
  const annotated = groups.reduce((n, g) => n + g.length, 0);
  const dropped = all.length - annotated;
  let summary = final.summary;
  if (dropped > 0) {
    summary = fitCheckSummary(
      `> ⚠️ ${dropped} of ${all.length} findings are not annotated here (GitHub's write limits); ` +
        `all of them are in the job summary and SARIF.\n\n${summary}`,
    );
  }
  const updates: CheckRunUpdate[] = [];
  groups.forEach((g, i) => {
    if (i === groups.length - 1) return;
    updates.push({
      output: {
        title: final.title,
        summary: `Adding annotations (${(i + 1) * CHECK_ANNOTATIONS_PER_REQUEST} of ${annotated})…`,
        annotations: g,
      },
    });
  });
  const last = groups[groups.length - 1];
  updates.push({
    status: 'completed',
    conclusion: final.conclusion,
    completed_at: final.completedAt,
    output: { title: final.title, summary: fitCheckSummary(summary), ...(last ? { annotations: last } : {}) },
  });
  return { updates, annotated, dropped };
}

/**
 * One check run on the head commit: created `in_progress` when the run starts, annotated and
 * completed at the end. Every write goes through the guard, so a read-only token costs one warning.
 */
export class CheckRunPublisher {
  private id?: number;
  htmlUrl?: string;
  /** Annotations GitHub accepted. */
  annotated = 0;

  constructor(
    private readonly api: GitHubApi,
    private readonly guard: WriteGuard,
    private readonly opts: { name: string; headSha: string; detailsUrl?: string; log: Logger },
  ) {}

  get active(): boolean {
    return !this.guard.isDisabled('check run');
  }

  async start(now = new Date()): Promise<void> {
    const res = await this.guard.run('check run', 'create the check run', () =>
      this.api.createCheckRun({
        name: this.opts.name,
        head_sha: this.opts.headSha,
        status: 'in_progress',
        started_at: now.toISOString(),
        ...(this.opts.detailsUrl ? { details_url: this.opts.detailsUrl } : {}),
        output: { title: 'Scanning', summary: 'Bulkhead is checking the build inputs of this commit.' },
      }),
    );
    if (res) {
      this.id = res.id;
      if (res.htmlUrl) this.htmlUrl = res.htmlUrl;
      this.opts.log.info(`Check run '${this.opts.name}' started${res.htmlUrl ? `: ${res.htmlUrl}` : ''}`);
    }
  }

  /** Sends the planned updates; creates the run completed if `start` never got an id. */
  async finish(plan: CheckRunPlan): Promise<void> {
    if (!this.active) return;
    const updates = [...plan.updates];
    if (this.id === undefined) {
      // start() failed for a reason other than permissions: create it now with the first batch.
      const first = updates.shift()!;
      const res = await this.guard.run('check run', 'create the check run', () =>
        this.api.createCheckRun({
          name: this.opts.name,
          head_sha: this.opts.headSha,
          status: 'in_progress',
          ...(this.opts.detailsUrl ? { details_url: this.opts.detailsUrl } : {}),
          ...first,
        }),
      );
      if (!res) return;
      this.id = res.id;
      this.annotated += first.output?.annotations?.length ?? 0;
      if (res.htmlUrl) this.htmlUrl = res.htmlUrl;
    }
    for (const u of updates) {
      if (!this.active) return;
      const ok = await this.guard.run('check run', 'update the check run', async () => {
        await this.api.updateCheckRun(this.id!, u);
        return true;
      });
      if (ok) this.annotated += u.output?.annotations?.length ?? 0;
    }
  }
}
