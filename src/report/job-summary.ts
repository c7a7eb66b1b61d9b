import type { ConfigUsed, Finding } from '../core/index.js';
import { renderMessage } from './escape.js';
import { renderMarkdown } from './markdown.js';
import type { Summary } from './summary.js';
import type { InventorySummary } from '../inventory/index.js';
import { renderInventoryMarkdown } from './inventory.js';

/** The runner refuses a step summary over 1 MiB (UTF-8 bytes); keep a margin for other steps' lines. */
export const MAX_JOB_SUMMARY_BYTES = 1_000_000;

export interface JobSummaryInput {
  /** The reported set (what blocks). */
  findings: readonly Finding[];
  summary: Summary;
  /** Findings outside the reported set: collapsed, never blocking. */
  existing: readonly Finding[];
  /** Findings an ignore hid: counted by rule, and listed collapsed with each reason. */
  suppressed: readonly Finding[];
  /** The configuration that gated the run. */
  config: ConfigUsed;
  /** `https://github.com/o/r/blob/<head-sha>`. */
  linkBase?: string;
  /** Trusted markdown lines: report mode, fallbacks, refused channels. */
  notes: readonly string[];
  title: string;
  checkRunUrl?: string;
  sarifFile?: string;
  maxBytes?: number;
  /** The pin summary, the last section. */
  inputs?: InventorySummary;
}

/**
 * Counts, the config used, the blocking table with links, the rest by file, then the suppressed
 * findings (with their reasons) and the existing ones, collapsed.
 */
export function renderJobSummary(input: JobSummaryInput): string {
  const where = [
    input.checkRunUrl ? `the [check run](${input.checkRunUrl})` : undefined,
    input.sarifFile ? 'the SARIF file' : undefined,
    'the workflow log',
  ].filter(Boolean);
  const table = input.inputs ? `\n${renderInventoryMarkdown(input.inputs)}` : '';
  return (
    renderMarkdown(input.findings, input.summary, {
      title: input.title,
      notes: input.notes,
      ...(input.linkBase ? { linkBase: input.linkBase } : {}),
      existing: input.existing,
      suppressed: input.suppressed,
      suppressedDetails: true,
      config: input.config,
      // The table's room is kept: it is never cut.
      maxBytes: (input.maxBytes ?? MAX_JOB_SUMMARY_BYTES) - Buffer.byteLength(table),
      truncationNote: `The full list is in ${where.join(', ')}.`,
    }) + table
  );
}

/** A channel that did not carry the report: refused (with the permission it lacks) or failed. */
export interface ChannelOutcome {
  channel: string;
  refused: boolean;
  /** For a refusal: the job permission that would allow it. */
  permission?: string;
  message: string;
}

/** One note per channel that did not publish, so the reader knows where else to look. */
export function channelNotes(outcomes: readonly ChannelOutcome[]): string[] {
  return outcomes.map((o) =>
    o.refused && o.permission
      ? `The ${o.channel} was skipped: the token lacks \`${o.permission}\` (read-only on fork and Dependabot pull requests). Every finding is here and in the annotations.`
      : `The ${o.channel} could not be published (${renderMessage(o.message)}). Every finding is here.`,
  );
}
