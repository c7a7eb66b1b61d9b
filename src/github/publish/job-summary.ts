import { channelNotes, MAX_JOB_SUMMARY_BYTES, renderJobSummary } from '../../report/job-summary.js';
import type { Publisher } from './types.js';

/** The job summary, last: it names the channels that did not publish and links the check run. */
export const jobSummaryPublisher: Publisher = {
  name: 'job summary',
  enabled: (ctx) => ctx.settings.jobSummary,
  async publish(ctx, report) {
    const run = ctx.checkRun;
    // The fixes' patch (review suggestions) follows the findings; both together stay under the cap.
    const patch = ctx.fixPatch ?? '';
    const md = renderJobSummary({
      findings: report.reported,
      summary: report.summary,
      existing: report.existing,
      suppressed: report.suppressed,
      config: report.config,
      ...(ctx.linkBase ? { linkBase: ctx.linkBase } : {}),
      notes: [...report.notes, ...channelNotes(ctx.outcomes)],
      title: ctx.settings.checkName,
      ...(run?.htmlUrl && !run.refused ? { checkRunUrl: run.htmlUrl } : {}),
      ...(ctx.sarifPath ? { sarifFile: ctx.sarifPath } : {}),
      ...(patch ? { maxBytes: MAX_JOB_SUMMARY_BYTES - Buffer.byteLength(patch, 'utf8') } : {}),
      ...(report.inputs ? { inputs: report.inputs } : {}),
    });
    await ctx.io.appendSummary(md + patch);
  },
};
