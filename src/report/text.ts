import type { ConfigUsed, Finding, Severity } from '../core/index.js';
import { SEVERITIES } from '../core/index.js';
import { configLine, countSuppressed, suppressedLine } from './suppressed.js';
import { countPhrase, type Summary } from './summary.js';

const COLORS: Record<Severity, string> = {
  critical: '\x1b[1;31m',
  high: '\x1b[31m',
  medium: '\x1b[33m',
  low: '\x1b[36m',
  info: '\x1b[2m',
};
const RESET = '\x1b[0m';

/**
 * Terminal-safe: control characters from scanned files (file names, messages) never reach the
 * terminal raw. C0 and C1 controls (escape sequences, and newlines that could forge a finding line)
 * and bidirectional overrides (which reorder what the reader sees) are shown as escapes.
 */
export function sanitizeForTerminal(s: string): string {
  return s.replace(/[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

export interface TextOptions {
  color: boolean;
  /** Findings an ignore hid: counted by rule under the totals. */
  suppressed?: readonly Finding[];
  /** The configuration that gated the run: named under the totals. */
  config?: ConfigUsed;
}

/**
 * The terminal report, a line at a time (each finding's lines as one piece), so a report of any
 * size is written without being held whole.
 */
export function* renderTextChunks(
  findings: readonly Finding[],
  summary: Summary,
  opts: TextOptions,
): Generator<string, void, undefined> {
  const paint = (sev: Severity, s: string) => (opts.color ? `${COLORS[sev]}${s}${RESET}` : s);
  let current: string | undefined;
  for (const f of findings) {
    let piece = '';
    if (f.path !== current) {
      if (current !== undefined) piece += '\n';
      current = f.path;
      piece += `${opts.color ? `\x1b[1m${sanitizeForTerminal(f.path)}${RESET}` : sanitizeForTerminal(f.path)}\n`;
    }
    piece += `  ${f.startLine}:${f.startColumn}  ${paint(f.severity, f.severity.padEnd(8))}  ${sanitizeForTerminal(f.ruleId)}  ${sanitizeForTerminal(f.message)}\n`;
    if (f.fix) piece += `      fix: ${sanitizeForTerminal(f.fix)}\n`;
    yield piece;
  }
  const lines: string[] = [];
  if (findings.length > 0) lines.push('');
  const counts = SEVERITIES.filter((s) => summary.bySeverity[s] > 0)
    .map((s) => `${summary.bySeverity[s]} ${s}`)
    .join(', ');
  const gate =
    summary.failOn === 'never' ? 'fail-on: never' : `${summary.blocking} at or above ${summary.failOn}`;
  const files = `${summary.filesChecked} file${summary.filesChecked === 1 ? '' : 's'}`;
  lines.push(
    summary.scope
      ? `${countPhrase(summary.total, summary.scope)}${counts ? ` (${counts})` : ''}; ${files} checked; ${gate}.`
      : `${summary.total} finding${summary.total === 1 ? '' : 's'}${counts ? ` (${counts})` : ''} in ${files} checked; ${gate}.`,
  );
  if (opts.suppressed && opts.suppressed.length > 0)
    lines.push(`${suppressedLine(countSuppressed(opts.suppressed), sanitizeForTerminal)}.`);
  if (opts.config) lines.push(`${configLine(opts.config, sanitizeForTerminal)}.`);
  yield `${lines.join('\n')}\n`;
}

/** The whole terminal report as one string: the chunks joined. */
export function renderText(findings: readonly Finding[], summary: Summary, opts: TextOptions): string {
  return [...renderTextChunks(findings, summary, opts)].join('');
}
