import { randomBytes } from 'node:crypto';
import { guardedLines } from '../../report/annotations.js';
import { renderText } from '../../report/text.js';
import type { Publisher } from './types.js';
import { trimTrailing } from '../../core/trim.js';

/** Every reported finding as text in the log, guarded so file content cannot run workflow commands. */
export const logPublisher: Publisher = {
  name: 'log',
  enabled: () => true,
  async publish(ctx, report) {
    const rendered = renderText(report.reported, report.summary, {
      color: false,
      suppressed: report.suppressed,
      config: report.config,
    });
    const text = trimTrailing(rendered, '\n').split('\n');
    const lines = guardedLines(text, randomBytes(16).toString('hex'));
    ctx.io.startGroup(`Findings (${report.reported.length} reported, ${report.existing.length} existing)`);
    try {
      for (const l of lines) ctx.io.writeLine(l);
    } finally {
      ctx.io.endGroup();
    }
  },
};
