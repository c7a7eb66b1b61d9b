import { showBidi } from './escape.js';
import { compareFindings, severityRank, type Finding, type Severity } from '../core/index.js';

/** One annotation as the Checks API takes it. */
export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title?: string;
  raw_details?: string;
}

/** The Checks API takes at most 50 annotations per request; more are appended by updates. */
export const CHECK_ANNOTATIONS_PER_REQUEST = 50;
/** The runner keeps only this many workflow-command annotations per type per step. */
export const SHOWN_PER_TYPE = 10;
/** The runner cuts annotation messages here; the Checks API allows 64 KB. */
const MAX_MESSAGE = 4000;

export type CheckLevel = CheckAnnotation['annotation_level'];
export type CommandType = 'error' | 'warning' | 'notice';

const CHECK_LEVEL: Record<Severity, CheckLevel> = {
  critical: 'failure',
  high: 'failure',
  medium: 'warning',
  low: 'notice',
  info: 'notice',
};
const COMMAND: Record<Severity, CommandType> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'notice',
  info: 'notice',
};

export function checkLevel(s: Severity): CheckLevel {
  return CHECK_LEVEL[s];
}

export function commandType(s: Severity): CommandType {
  return COMMAND[s];
}

function cut(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** Most severe first, then by place, so the annotations GitHub does show are the ones that matter. */
export function bySeverity(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) => severityRank(b.severity) - severityRank(a.severity) || compareFindings(a, b),
  );
}

/** Bidi controls are shown by name: they would make the annotation read differently than it is. */
function messageOf(f: Finding): string {
  return cut(showBidi(f.fix ? `${f.message}\nFix: ${f.fix}` : f.message), MAX_MESSAGE);
}

/**
 * A finding as a check-run annotation: title "rule (severity)", the message alone, the fix (and
 * the evidence) in `raw_details`, which GitHub shows collapsed; columns only on a single line, as
 * the API requires.
 */
export function toCheckAnnotation(f: Finding): CheckAnnotation {
  const start = Math.max(1, f.startLine);
  const end = Math.max(start, f.endLine);
  const a: CheckAnnotation = {
    path: f.path,
    start_line: start,
    end_line: end,
    annotation_level: CHECK_LEVEL[f.severity],
    message: cut(showBidi(f.message), MAX_MESSAGE),
    title: cut(`${f.ruleId} (${f.severity})`, 255),
  };
  if (start === end && f.startColumn >= 1) {
    a.start_column = f.startColumn;
    // Finding.endColumn is exclusive; the API's end_column is the last column.
    a.end_column = Math.max(f.startColumn, f.endColumn - 1);
  }
  const details = [f.fix ? `Fix: ${f.fix}` : '', f.evidence ? `Evidence: ${f.evidence}` : '']
    .filter(Boolean)
    .join('\n\n');
  if (details) a.raw_details = cut(showBidi(details), 60_000);
  return a;
}

export function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** `@actions/core`'s escaping for command data: the message can never end the line. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** `@actions/core`'s escaping for command properties: also `:` and `,`, which delimit them. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One workflow command line, every value escaped; empty properties are left out like core does. */
export function workflowCommand(
  command: string,
  props: Record<string, string | number | undefined>,
  message: string,
): string {
  const parts = Object.entries(props)
    .filter(([, v]) => v !== undefined && v !== '' && v !== 0)
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`);
  return `::${command}${parts.length > 0 ? ' ' + parts.join(',') : ''}::${escapeData(message)}`;
}

/** `::error file=…,line=…::message` for one finding (columns only on a single line). */
export function annotationCommand(f: Finding): string {
  const start = Math.max(1, f.startLine);
  const end = Math.max(start, f.endLine);
  const single = start === end && f.startColumn >= 1;
  return workflowCommand(
    COMMAND[f.severity],
    {
      title: cut(`${f.ruleId} (${f.severity})`, 255),
      file: f.path,
      line: start,
      endLine: end,
      col: single ? f.startColumn : undefined,
      endColumn: single ? Math.max(f.startColumn, f.endColumn - 1) : undefined,
    },
    messageOf(f),
  );
}

/**
 * Workflow-command annotations for every reported finding, most severe first. The runner turns
 * only the first 10 of each type into annotations but logs them all, so the log still has every
 * finding; `hidden` counts the ones past the display limit.
 */
export function annotationCommands(findings: readonly Finding[]): { lines: string[]; hidden: number } {
  const seen: Record<CommandType, number> = { error: 0, warning: 0, notice: 0 };
  let hidden = 0;
  const lines = bySeverity(findings).map((f) => {
    if (++seen[COMMAND[f.severity]] > SHOWN_PER_TYPE) hidden++;
    return annotationCommand(f);
  });
  return { lines, hidden };
}

/**
 * Wraps lines that echo repository content so the runner ignores any `::command::` in them; the
 * token must be unpredictable, or the content could end the block itself.
 */
export function guardedLines(lines: readonly string[], token: string): string[] {
  if (!/^[A-Za-z0-9_-]{16,}$/.test(token))
    throw new Error('stop-commands token must be 16+ random characters');
  return [`::stop-commands::${token}`, ...lines, `::${token}::`];
}

/**
 * The log line for annotations GitHub will not show (10 of each type per step): where every one of
 * them is instead, naming only the channels this run has (a check run only when one was created).
 */
export function hiddenAnnotationsNote(
  hidden: number,
  places: { checkRun: boolean; jobSummary: boolean },
): string {
  const where = [
    'the log above',
    ...(places.checkRun ? ['the check run'] : []),
    ...(places.jobSummary ? ['the job summary'] : []),
  ];
  const list = where.length === 1 ? where[0]! : `${where.slice(0, -1).join(', ')} and ${where.at(-1)!}`;
  return `GitHub shows 10 annotations of each type per step: ${hidden} more ${hidden === 1 ? 'is' : 'are'} in ${list}.`;
}
