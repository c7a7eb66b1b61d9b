/** Severities, most severe first. */
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
