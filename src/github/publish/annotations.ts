import { annotationCommands, hiddenAnnotationsNote } from '../../report/annotations.js';
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
        hiddenAnnotationsNote(hidden, {
          checkRun: ctx.checkRun?.created === true && !ctx.checkRun.refused,
          jobSummary: ctx.settings.jobSummary,
        }),
      );
    }
  },
};
