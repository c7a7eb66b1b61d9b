/**
 * The markdown of every review channel for a tree: job summary, PR comment, check-run summary and
 * text, annotations, and the CLI's markdown. Used by `npm run preview` and the render test.
 */
import { resolve } from 'node:path';
import { loadConfig } from '../src/config/resolve.js';
import type { ConfigUsed, Finding, Threshold } from '../src/core/index.js';
import { silentLogger } from '../src/logger.js';
import { toCheckAnnotation, bySeverity, type CheckAnnotation } from '../src/report/annotations.js';
import { checkRunReport } from '../src/report/check-run.js';
import { commentReport } from '../src/report/comment.js';
import { renderJobSummary } from '../src/report/job-summary.js';
import { renderMarkdown } from '../src/report/markdown.js';
import { summarize } from '../src/report/summary.js';
import { RULE_IDS } from '../src/rules/index.js';
import { scan } from '../src/scan/engine.js';

export interface Channels {
  jobSummary: string;
  comment: string;
  checkTitle: string;
  checkSummary: string;
  checkText: string;
  cli: string;
  annotations: CheckAnnotation[];
}

export const LINK_BASE = 'https://github.com/octo/app/blob/0123456789abcdef0123456789abcdef01234567';
export const CHECK_URL = 'https://github.com/octo/app/runs/1';
export const SUMMARY_URL = 'https://github.com/octo/app/actions/runs/2';

export async function scanTree(
  dir: string,
): Promise<{ findings: Finding[]; suppressed: Finding[]; files: number }> {
  const root = resolve(dir);
  const { config, source } = loadConfig({ ruleIds: RULE_IDS, searchDirs: [root], root });
  config.online = false;
  const res = await scan({ root, paths: [root], config, configSource: source, logger: silentLogger });
  return { findings: res.findings, suppressed: res.suppressed, files: res.stats.filesChecked };
}

/** A tree of `n` findings: the example's findings spread over many files. */
export function manyFindings(seed: readonly Finding[], n: number): Finding[] {
  const out: Finding[] = [];
  for (let i = 0; out.length < n; i++) {
    const f = seed[i % seed.length]!;
    out.push({ ...f, path: `services/svc-${Math.floor(i / seed.length)}/${f.path}` });
  }
  return out;
}

export function renderChannels(
  findings: readonly Finding[],
  opts: { suppressed?: readonly Finding[]; existing?: readonly Finding[]; files: number; failOn?: Threshold },
): Channels {
  const failOn = opts.failOn ?? 'high';
  const summary = summarize(findings, failOn, opts.files);
  const config: ConfigUsed = {
    origin: 'base',
    path: '.bulkhead.yml',
    commit: 'fedcba9876543210fedcba9876543210fedcba98',
  };
  const suppressed = opts.suppressed ?? [];
  const existing = opts.existing ?? [];
  const jobSummary = renderJobSummary({
    findings,
    summary,
    existing,
    suppressed,
    config,
    linkBase: LINK_BASE,
    notes: [],
    title: 'Bulkhead',
    checkRunUrl: CHECK_URL,
    sarifFile: 'bulkhead.sarif',
  });
  const comment = commentReport({
    findings,
    suppressed,
    config,
    summary,
    notes: [],
    name: 'Bulkhead',
    linkBase: LINK_BASE,
    headSha: '0123456789abcdef0123456789abcdef01234567',
    checkRunUrl: CHECK_URL,
    summaryUrl: SUMMARY_URL,
  }).body;
  const plan = checkRunReport({
    findings,
    existing,
    suppressed,
    config,
    summary,
    notes: [],
    name: 'Bulkhead',
    linkBase: LINK_BASE,
    completedAt: '2026-01-01T00:00:00Z',
    summaryUrl: SUMMARY_URL,
  });
  const last = plan.updates[plan.updates.length - 1]!.output!;
  const cli = renderMarkdown(findings, summary, { existing, suppressed, suppressedDetails: true, config });
  return {
    jobSummary,
    comment,
    checkTitle: last.title,
    checkSummary: last.summary,
    checkText: last.text ?? '',
    cli,
    annotations: bySeverity(findings).map(toCheckAnnotation),
  };
}
