// The json renderer as it was before the renderers streamed (commit 49d93d6), verbatim but for the
// import paths: streaming.test.ts checks the streaming renderer byte for byte against it.
import type { ConfigUsed, Finding } from '../../../src/core/index.js';
import { TOOL_NAME, VERSION } from '../../../src/version.js';
import { countsRecord, countSuppressed } from '../../../src/report/suppressed.js';
import type { Summary } from '../../../src/report/summary.js';

/**
 * `{version, tool, config, findings, suppressed, summary}`: the machine-readable report (documented
 * in docs/cli.md). `suppressed` holds every finding an ignore hid, each with its `suppression`;
 * `summary.suppressed` and `summary.suppressedByRule` count them.
 */
export function renderJson(
  findings: readonly Finding[],
  summary: Summary,
  opts: { suppressed?: readonly Finding[]; config?: ConfigUsed } = {},
): string {
  const suppressed = opts.suppressed ?? [];
  const counts = countSuppressed(suppressed);
  return `${JSON.stringify(
    {
      version: 1,
      tool: { name: TOOL_NAME, version: VERSION },
      ...(opts.config ? { config: opts.config } : {}),
      findings,
      suppressed,
      summary: { ...summary, suppressed: counts.total, suppressedByRule: countsRecord(counts) },
    },
    null,
    2,
  )}\n`;
}
