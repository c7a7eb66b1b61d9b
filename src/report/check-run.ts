import type { ConfigUsed, Finding } from '../core/index.js';
import {
  batches,
  bySeverity,
  CHECK_ANNOTATIONS_PER_REQUEST,
  toCheckAnnotation,
  type CheckAnnotation,
} from './annotations.js';
import { renderMarkdown } from './markdown.js';
import type { Summary } from './summary.js';
import type { InventorySummary } from '../inventory/index.js';
import { renderInventoryMarkdown } from './inventory.js';

export interface CheckOutput {
  title: string;
  summary: string;
  text?: string;
  annotations?: CheckAnnotation[];
}

/** A check run's fields as the Checks API takes them on update (and, with name and head_sha, on create). */
export interface CheckRunUpdate {
  status?: 'in_progress' | 'completed';
  started_at?: string;
  conclusion?: 'success' | 'failure' | 'neutral';
  completed_at?: string;
  details_url?: string;
  external_id?: string;
  output?: CheckOutput;
}

export type CheckConclusion = 'success' | 'failure';

/** The Checks API rejects a summary or text over this many characters. */
export const MAX_CHECK_SUMMARY = 65_535;
/**
 * Annotation requests per run. Each is a write (GitHub allows 80 a minute and 500 an hour), so a
 * huge report stops here, says so in the summary, and leaves the rest to SARIF and the job summary.
 */
export const MAX_ANNOTATION_REQUESTS = 60;

export function checkRunTitle(summary: Summary, suppressed = 0): string {
  const hidden = suppressed > 0 ? ` (${suppressed} suppressed)` : '';
  const scope = summary.scope;
  const newOnly = scope === 'new' ? 'new ' : '';
  const where = scope === 'changed-files' ? ' in changed files' : '';
  if (summary.total === 0) return `Not blocking: no ${newOnly}findings${where}${hidden}`;
  const n = (k: number, w: string) => `${k} ${newOnly}${w}${k === 1 ? '' : 's'}${where}`;
  const lead =
    summary.blocking > 0
      ? `Blocking: ${n(summary.blocking, 'finding')} at or above ${summary.failOn}`
      : summary.failOn === 'never'
        ? `Not blocking: ${n(summary.total, 'finding')} (fail-on never)`
        : `Not blocking: ${n(summary.total, 'finding')} below ${summary.failOn}`;
  const rest =
    summary.blocking > 0 && summary.total > summary.blocking
      ? `, ${summary.total - summary.blocking} below`
      : '';
  return `${lead}${rest}${hidden}`.slice(0, 255);
}

/** Cuts a markdown summary to the API's limit (in characters), ending with a note. */
export function fitCheckSummary(
  markdown: string,
  note = 'The full list is in the job summary and SARIF.',
): string {
  if (markdown.length <= MAX_CHECK_SUMMARY) return markdown;
  const tail = `\n\n> ⚠️ Truncated to fit the check run. ${note}\n`;
  let cutAt = MAX_CHECK_SUMMARY - tail.length;
  // Never split a surrogate pair.
  const code = markdown.charCodeAt(cutAt - 1);
  if (code >= 0xd800 && code <= 0xdbff) cutAt--;
  const head = markdown.slice(0, cutAt);
  const lastLine = head.lastIndexOf('\n');
  return (lastLine > 0 ? head.slice(0, lastLine) : head) + tail;
}

export interface CheckRunPlan {
  /** Requests in order: annotation batches, the last of them carried by the completing update. */
  updates: CheckRunUpdate[];
  annotated: number;
  dropped: number;
}

/**
 * The requests that complete a check run: every annotation appended 50 per request, most severe
 * first, and the final one marking it completed with the conclusion and the full summary.
 */
export function planCheckRunUpdates(
  findings: readonly Finding[],
  final: {
    title: string;
    summary: string;
    text?: string;
    conclusion: 'success' | 'failure';
    completedAt: string;
  },
  maxRequests = MAX_ANNOTATION_REQUESTS,
): CheckRunPlan {
  const all: CheckAnnotation[] = bySeverity(findings).map(toCheckAnnotation);
  const groups = batches(all, CHECK_ANNOTATIONS_PER_REQUEST).slice(0, maxRequests);
  const annotated = groups.reduce((n, g) => n + g.length, 0);
  const dropped = all.length - annotated;
  let summary = final.summary;
  if (dropped > 0) {
    summary = fitCheckSummary(
      `> ⚠️ ${dropped} of ${all.length} findings are not annotated here (GitHub's write limits); ` +
        `all of them are in the job summary and SARIF.\n\n${summary}`,
    );
  }
  const updates: CheckRunUpdate[] = [];
  groups.forEach((g, i) => {
    if (i === groups.length - 1) return;
    updates.push({
      output: {
        title: final.title,
        summary: `Adding annotations (${(i + 1) * CHECK_ANNOTATIONS_PER_REQUEST} of ${annotated})…`,
        annotations: g,
      },
    });
  });
  const last = groups[groups.length - 1];
  updates.push({
    status: 'completed',
    conclusion: final.conclusion,
    completed_at: final.completedAt,
    output: {
      title: final.title,
      summary: fitCheckSummary(summary),
      ...(final.text ? { text: fitCheckSummary(final.text) } : {}),
      ...(last ? { annotations: last } : {}),
    },
  });
  return { updates, annotated, dropped };
}

/** The check run's conclusion follows the threshold alone, like the step's exit status. */
export function checkConclusion(summary: Summary): CheckConclusion {
  return summary.blocking > 0 ? 'failure' : 'success';
}

export interface CheckRunReport {
  /** The reported set: annotated, and what blocks. */
  findings: readonly Finding[];
  /** Outside the reported set: listed collapsed in the summary, never annotated. */
  existing: readonly Finding[];
  /** Hidden by an ignore: counted in the title and summary, listed collapsed when there is room. */
  suppressed: readonly Finding[];
  /** The configuration that gated the run. */
  config: ConfigUsed;
  summary: Summary;
  /** Trusted markdown lines: report mode and fallbacks. */
  notes: readonly string[];
  /** The check name, heading the summary. */
  name: string;
  /** `https://github.com/o/r/blob/<head-sha>`. */
  linkBase?: string;
  completedAt: string;
  /** The workflow run's page, whose job summary has the list when the check run's is cut. */
  summaryUrl?: string;
  /** The pin summary, ending the check run's summary. */
  inputs?: InventorySummary;
}

/**
 * Everything the check run shows: the verdict as title, the short form (verdict and blocking
 * findings) as summary, the full grouped list as text, every annotation.
 */
export function checkRunReport(r: CheckRunReport): CheckRunPlan {
  const common = {
    title: r.name,
    notes: r.notes,
    ...(r.linkBase ? { linkBase: r.linkBase } : {}),
    suppressed: r.suppressed,
    config: r.config,
    maxBytes: 60_000,
  };
  const rest = r.summaryUrl ? `[job summary](${r.summaryUrl})` : 'job summary';
  // The short form is held to 60,000 bytes, so the table (under 2,000) always fits the API's 65,535.
  const summary =
    renderMarkdown(r.findings, r.summary, {
      ...common,
      short: true,
      fullListAt: 'full list below and the annotations',
      truncationNote: `The full list is below and in the ${rest}.`,
    }) + (r.inputs ? `\n${renderInventoryMarkdown(r.inputs)}` : '');
  const text =
    r.findings.length + r.existing.length + r.suppressed.length > 0
      ? renderMarkdown(r.findings, r.summary, {
          ...common,
          title: 'All findings',
          notes: [],
          existing: r.existing,
          suppressedDetails: true,
          truncationNote: `The full list is in the ${rest} and SARIF.`,
        })
      : undefined;
  return planCheckRunUpdates(r.findings, {
    title: checkRunTitle(r.summary, r.suppressed.length),
    summary,
    ...(text ? { text } : {}),
    conclusion: checkConclusion(r.summary),
    completedAt: r.completedAt,
  });
}

/** A run whose scan failed: completed as a failure that says why. */
export function scanFailedReport(message: string, completedAt: string): CheckRunPlan {
  return planCheckRunUpdates([], {
    title: 'Bulkhead could not finish',
    summary: `The scan failed: ${message.replace(/[<>&`]/g, ' ')}`,
    conclusion: 'failure',
    completedAt,
  });
}

/**
 * The last word for a check run whose report could not be sent in full: completed, never left in
 * progress, with the conclusion the findings call for.
 */
export function closingUpdate(summary: Summary | undefined, completedAt: string): CheckRunUpdate {
  return {
    status: 'completed',
    conclusion: summary ? checkConclusion(summary) : 'failure',
    completed_at: completedAt,
    output: {
      title: summary ? checkRunTitle(summary) : 'Bulkhead could not finish',
      summary:
        'Bulkhead could not send its full report to this check run. Every finding is in the job summary, the workflow log and SARIF.',
    },
  };
}
