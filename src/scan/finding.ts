import { createHash } from 'node:crypto';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];
/** `never` as a threshold: nothing blocks. */
export type Threshold = Severity | 'never';

const RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

export function severityRank(s: Severity): number {
  return RANK[s];
}

/** True when `s` is at or above the threshold (`never` blocks nothing). */
export function atOrAbove(s: Severity, threshold: Threshold): boolean {
  return threshold !== 'never' && RANK[s] >= RANK[threshold];
}

/** SARIF `security-severity` per severity; GitHub buckets: >=9 critical, 7-8.9 high, 4-6.9 medium, 0.1-3.9 low. */
export const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '2.0',
  info: '0.0',
};

export interface Finding {
  /** '<kind>/<kebab-name>', e.g. 'dockerfile/remote-script-exec'. */
  ruleId: string;
  /** After config overrides. */
  severity: Severity;
  /** One sentence: what and why, naming the offending value. */
  message: string;
  /** Repo-relative, forward slashes. */
  path: string;
  /** 1-based positions; endColumn is exclusive. */
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  evidence?: string;
  fix?: string;
  /** Stable when unrelated lines move: hash of ruleId + path + normalized evidence (+ occurrence). */
  fingerprint: string;
}

export function normalizeEvidence(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

export function fingerprintOf(
  ruleId: string,
  path: string,
  evidenceOrMessage: string,
  occurrence = 0,
): string {
  const h = createHash('sha256');
  h.update(`${ruleId}\0${path}\0${normalizeEvidence(evidenceOrMessage)}\0${occurrence}`);
  return h.digest('hex').slice(0, 32);
}

export function compareFindings(a: Finding, b: Finding): number {
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  if (a.startLine !== b.startLine) return a.startLine - b.startLine;
  if (a.startColumn !== b.startColumn) return a.startColumn - b.startColumn;
  if (a.ruleId !== b.ruleId) return a.ruleId < b.ruleId ? -1 : 1;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

export function maxSeverity(findings: readonly Finding[]): Severity | 'none' {
  let best: Severity | 'none' = 'none';
  for (const f of findings) if (best === 'none' || RANK[f.severity] > RANK[best]) best = f.severity;
  return best;
}
