import type { ConfigUsed, Finding } from '../core/index.js';

/** Suppressed findings counted by rule: most first, then by id, so every channel lists them alike. */
export interface SuppressedCounts {
  total: number;
  byRule: readonly { ruleId: string; count: number }[];
}

export function countSuppressed(suppressed: readonly Finding[]): SuppressedCounts {
  const counts = new Map<string, number>();
  for (const f of suppressed) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
  const byRule = [...counts]
    .map(([ruleId, count]) => ({ ruleId, count }))
    .sort((a, b) => b.count - a.count || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
  return { total: suppressed.length, byRule };
}

/** `{rule: count}` in the same order, for the JSON and SARIF property bags. */
export function countsRecord(counts: SuppressedCounts): Record<string, number> {
  return Object.fromEntries(counts.byRule.map((r) => [r.ruleId, r.count]));
}

/**
 * "3 suppressed: rule-a ×2, rule-b ×1". Each rule id goes through `code`, which the caller
 * chooses for its medium (terminal-safe text, an escaped code span).
 */
export function suppressedLine(counts: SuppressedCounts, code: (s: string) => string): string {
  const list = counts.byRule.map((r) => `${code(r.ruleId)} ×${r.count}`).join(', ');
  return `${counts.total} suppressed: ${list}`;
}

/** A commit as the reader compares it with the pull request page: its first 12 hex digits. */
function short(sha: string): string {
  return sha.slice(0, 12);
}

/**
 * "Config: .bulkhead.yml from the base commit abc123def456", and the like for each origin. The
 * path and commit go through `code` (they come from the repository and the event).
 */
export function configLine(config: ConfigUsed, code: (s: string) => string): string {
  const at = config.commit ? ` ${code(short(config.commit))}` : '';
  switch (config.origin) {
    case 'base':
      return config.path
        ? `Config: ${code(config.path)} from the base commit${at}`
        : `Config: none in the base commit${at} (defaults)`;
    case 'head':
      return config.path
        ? `Config: ${code(config.path)} from the checked-out files`
        : 'Config: none (defaults)';
    case 'input':
      return config.path ? `Config: ${code(config.path)} (named explicitly)` : 'Config: none (defaults)';
    default:
      return 'Config: none (defaults)';
  }
}

/** Where a suppression sits, for a table cell or a line: "inline comment", "config". */
export function suppressionSource(f: Finding): string {
  return f.suppression?.kind === 'config' ? 'config entry' : 'inline comment';
}
