import { severityRank, type Severity } from './severity.js';
import type { Related } from './span.js';
import type { Autofix } from './fix.js';

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
  /** The mechanical fix, when the rule declares one (core/fix.ts). */
  autofix?: Autofix;
  /** The other places one cause touches. */
  related?: Related[];
  /** Stable when unrelated lines move: hash of ruleId + path + normalized evidence (+ occurrence). */
  fingerprint: string;
  /** Set only on a suppressed finding: what hid it and why. */
  suppression?: Suppression;
}

/** What hid a finding: an inline comment or a config `ignore:` entry, with where it is and its reason. */
export interface Suppression {
  kind: 'inline' | 'config';
  /** Repo-relative path of the comment or config file. */
  path: string;
  /** 1-based line of the comment or the ignore entry. */
  line: number;
  /** The reason written with it (every applied ignore has one). */
  reason?: string;
}

/**
 * Which configuration gated this run, for every output to say. `base`: read from the pull
 * request's base commit (the head's own file is not trusted); `head`: the checked-out file;
 * `input`: named by the action input or `--config`; `default`: none found.
 */
export interface ConfigUsed {
  origin: 'base' | 'head' | 'input' | 'default';
  /** Repo-relative path of the file, when there is one. */
  path?: string;
  /** The commit it was read from, when origin is `base`. */
  commit?: string;
}

export function normalizeEvidence(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
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
  for (const f of findings)
    if (best === 'none' || severityRank(f.severity) > severityRank(best)) best = f.severity;
  return best;
}
