import type { Publisher } from './types.js';

/** The step outputs; `sarif-file` is empty unless the SARIF channel wrote it. `suppressed` counts what ignores hid. */
export const outputsPublisher: Publisher = {
  name: 'outputs',
  enabled: () => true,
  async publish(ctx, report) {
    ctx.io.setOutput('findings', String(report.summary.total));
    ctx.io.setOutput('blocking', String(report.summary.blocking));
    ctx.io.setOutput('max-severity', report.summary.maxSeverity);
    ctx.io.setOutput('suppressed', String(report.suppressed.length));
    ctx.io.setOutput('sarif-file', ctx.sarifPath ?? '');
  },
};
