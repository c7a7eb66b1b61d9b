import { annotationCommands } from '../../report/annotations.js';
import type { Publisher } from './types.js';

/** Workflow-command annotations, most severe first. */
export const annotationsPublisher: Publisher = {
  name: 'annotations',
  enabled: (ctx) => ctx.settings.annotations,
  async publish(ctx, report) {
    if (report.reported.length === 0) return;
    const { lines, hidden } = annotationCommands(report.reported);
    for (const l of lines) ctx.io.writeLine(l);
    if (hidden > 0) {
      ctx.log.info(
        `GitHub shows 10 annotations of each type per step: ${hidden} more are in the log above, the check run and the job summary.`,
      );
    }
  },
};
