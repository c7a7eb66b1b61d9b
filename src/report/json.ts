import type { Finding } from '../core/index.js';
import { TOOL_NAME, VERSION } from '../version.js';
import type { Summary } from './summary.js';

/** `{version, tool, findings, summary}`: the machine-readable report (documented in the README). */
export function renderJson(findings: readonly Finding[], summary: Summary): string {
  return `${JSON.stringify({ version: 1, tool: { name: TOOL_NAME, version: VERSION }, findings, summary }, null, 2)}\n`;
}
