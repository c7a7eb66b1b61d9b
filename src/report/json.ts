import type { ConfigUsed, Finding } from '../core/index.js';
import { TOOL_NAME, VERSION } from '../version.js';
import { countsRecord, countSuppressed } from './suppressed.js';
import type { Summary } from './summary.js';

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
