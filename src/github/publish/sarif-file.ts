import { levelFor, renderSarif } from '../../report/sarif.js';
import { shardCategory } from '../../scan/shard.js';
import { writeInsideRoots } from '../safe-write.js';
import { step } from './policy.js';
import type { Publisher } from './types.js';

/** Every finding of the scan, graded by the same `levelFor` as the CLI's `--format sarif`. */
export const sarifFilePublisher: Publisher = {
  name: 'SARIF file',
  enabled: (ctx) => ctx.settings.sarifFile !== undefined,
  async publish(ctx, report) {
    const path = ctx.settings.sarifFile!;
    const sarif = renderSarif(report.all, {
      automationId: ctx.settings.shard ? shardCategory(ctx.settings.shard) : 'bulkhead/',
      ...(ctx.settings.shard
        ? {
            shard: {
              ...ctx.settings.shard,
              filesChecked: report.summary.filesChecked,
              failOn: ctx.failOn,
            },
          }
        : {}),
      levelFor: levelFor(ctx.failOn),
      suppressed: report.suppressed,
      config: report.config,
    });
    const roots = [ctx.settings.workspace, ...(ctx.tempDir ? [ctx.tempDir] : [])];
    await step(`write SARIF to ${path}`, () => writeInsideRoots(path, sarif, roots));
    ctx.sarifPath = path;
    ctx.log.info(`SARIF with ${report.all.length} results written to ${path}`);
  },
};
