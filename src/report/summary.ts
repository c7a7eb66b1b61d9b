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
  /**
   * What the counts cover when the run reports part of the findings: `new` (findings this change
   * adds) or `changed-files`; absent when every finding is reported. The verdict says it.
   */
  scope?: 'new' | 'changed-files';
}

/** `2 new findings in this change`, `1 finding in changed files`, `3 findings`. */
export function countPhrase(n: number, scope: Summary['scope']): string {
  const noun = `${scope === 'new' ? 'new ' : ''}finding${n === 1 ? '' : 's'}`;
  const where = scope === 'new' ? ' in this change' : scope === 'changed-files' ? ' in changed files' : '';
  return `${n} ${noun}${where}`;
}

export function summarize(
  findings: readonly Finding[],
  failOn: Threshold,
  filesChecked: number,
  scope?: Summary['scope'],
): Summary {
  return {
    ...(scope ? { scope } : {}),
    total: findings.length,
    blocking: findings.filter((f) => atOrAbove(f.severity, failOn)).length,
    failOn,
    maxSeverity: maxSeverity(findings),
    bySeverity: countBySeverity(findings),
    filesChecked,
  };
}
