import {
  atOrAbove,
  countBySeverity,
  maxSeverity,
  type Finding,
  type Severity,
  type Threshold,
} from '../core/index.js';

export interface Summary {
  total: number;
  blocking: number;
  failOn: Threshold;
  maxSeverity: Severity | 'none';
  bySeverity: Record<Severity, number>;
  filesChecked: number;
}

export function summarize(findings: readonly Finding[], failOn: Threshold, filesChecked: number): Summary {
  return {
    total: findings.length,
    blocking: findings.filter((f) => atOrAbove(f.severity, failOn)).length,
    failOn,
    maxSeverity: maxSeverity(findings),
    bySeverity: countBySeverity(findings),
    filesChecked,
  };
}
