import type { ConfigUsed, Finding, Threshold } from '../../core/index.js';
import type { Logger } from '../../logger.js';
import type { ChannelOutcome } from '../../report/job-summary.js';
import type { Summary } from '../../report/summary.js';
import type { Intel } from '../../intel/intel.js';
import type { InventorySummary } from '../../inventory/index.js';
import type { GitHubApi } from '../api.js';
import type { EventContext, Refs } from '../context.js';
import type { Settings } from '../inputs.js';
import type { CheckRunSession } from './check-run.js';

/** The runner's side of the channels that are not API requests; the action backs it with @actions/core. */
export interface ActionIo {
  /** A raw line on stdout, where the runner reads workflow commands. */
  writeLine(line: string): void;
  startGroup(title: string): void;
  endGroup(): void;
  setOutput(name: string, value: string): void;
  appendSummary(markdown: string): Promise<void>;
}

/** What this run publishes, decided before any channel runs. */
export interface ActionReport {
  /** Every finding of the scan: SARIF carries them all, since code scanning compares with the base itself. */
  all: readonly Finding[];
  /** The reported set (with `report: new`, what the change introduces): what blocks. */
  reported: readonly Finding[];
  /** Findings outside the reported set: shown collapsed, never blocking. */
  existing: readonly Finding[];
  /** Findings an ignore hid, each with its `suppression`: counted in every channel, never blocking. */
  suppressed: readonly Finding[];
  /** The configuration that gated the run: named in every channel. */
  config: ConfigUsed;
  summary: Summary;
  /** Trusted markdown lines: the report mode and its fallbacks. */
  notes: readonly string[];
  /** The build inputs by kind and grade (the pin summary), when the scan gathered them. */
  inputs?: InventorySummary;
}

export interface PublishContext {
  readonly settings: Settings;
  readonly event: EventContext;
  readonly refs: Refs;
  readonly api?: GitHubApi;
  readonly log: Logger;
  readonly io: ActionIo;
  readonly failOn: Threshold;
  /** `https://github.com/o/r/blob/<head-sha>`, when the head commit is known. */
  readonly linkBase?: string;
  /** RUNNER_TEMP: the SARIF file may be written there as well as in the workspace. */
  readonly tempDir?: string;
  /** Created `in_progress` before the scan when the check run is wanted and possible. */
  readonly checkRun?: CheckRunSession;
  readonly now: () => Date;
  /** Channels that did not publish, in order; later channels (the job summary) name them. */
  readonly outcomes: ChannelOutcome[];
  /** Set by the SARIF channel; read by the outputs and the job summary. */
  sarifPath?: string;
  /** Set by the review-suggestions channel: trusted markdown, the fixes as a patch, for the job summary. */
  fixPatch?: string;
  /** The run's look-ups when it is online: fixes that need a digest or a commit SHA are resolved with them. */
  intel?: Pick<Intel, 'imageDigests' | 'actionRefs'>;
}

/** One place the findings go. `publish` throws on failure; `publishAll` decides what that means. */
export interface Publisher {
  /** As the reader would name it: "check run", "PR comment". */
  readonly name: string;
  /** The job permission a refused request lacks, for channels that write through the API. */
  readonly permission?: string;
  enabled(ctx: PublishContext): boolean;
  publish(ctx: PublishContext, report: ActionReport): Promise<void>;
}
