import type { Publisher } from './types.js';

/**
 * The step outputs; `sarif-file` is empty unless the SARIF channel wrote it. `suppressed` counts
 * what ignores hid; `inputs-total` and `inputs-locked` count the build inputs (docs/inventory.md).
 */
export const outputsPublisher: Publisher = {
  name: 'outputs',
  enabled: () => true,
  async publish(ctx, report) {
    ctx.io.setOutput('findings', String(report.summary.total));
    ctx.io.setOutput('blocking', String(report.summary.blocking));
    ctx.io.setOutput('max-severity', report.summary.maxSeverity);
    ctx.io.setOutput('suppressed', String(report.suppressed.length));
    ctx.io.setOutput('sarif-file', ctx.sarifPath ?? '');
    // The pin summary's two numbers, so a workflow can track coverage (unset when not gathered).
    if (report.inputs) {
      ctx.io.setOutput('inputs-total', String(report.inputs.total.total));
      ctx.io.setOutput('inputs-locked', String(report.inputs.total.locked));
    }
  },
};
