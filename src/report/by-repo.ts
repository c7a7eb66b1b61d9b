import { SEVERITIES, type Finding } from '../core/index.js';
import type { MergedReport } from '../scan/merge.js';
import { TOOL_NAME, VERSION } from '../version.js';
import { codeSpan } from './escape.js';
import { jsonChunks, Streamed } from './json-stream.js';
import { findingLine } from './markdown.js';
import { countPhrase, type Summary } from './summary.js';

/** One repository of an organisation scan: its merged shards and their summary. */
export interface RepoResult {
  repo: string;
  merged: MergedReport;
  summary: Summary;
}

/** A job summary is cut by GitHub at 1 MiB: the finding lists stop well before, and say so. */
const MAX_MARKDOWN_CHARS = 900_000;
/** Findings listed per repository; the rest are in that repository's SARIF. */
const MAX_LINES_PER_REPO = 100;

interface RuleRow {
  ruleId: string;
  findings: number;
  repos: number;
}

/** Findings per rule over every repository: most first, then by id. */
function byRule(repos: readonly RepoResult[]): RuleRow[] {
  const rows = new Map<string, { findings: number; repos: Set<string> }>();
  for (const r of repos)
    for (const f of r.merged.findings) {
      const row = rows.get(f.ruleId) ?? { findings: 0, repos: new Set<string>() };
      row.findings++;
      row.repos.add(r.repo);
      rows.set(f.ruleId, row);
    }
  return [...rows]
    .map(([ruleId, v]) => ({ ruleId, findings: v.findings, repos: v.repos.size }))
    .sort((a, b) => b.findings - a.findings || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
}

/**
 * The organisation scan's one summary: a table per repository (findings, blocking, worst severity,
 * counts by severity, files), a table per rule (findings, repositories), then each repository's
 * findings, bounded so the whole stays under the job summary's limit. Repository names were
 * checked as OWNER/NAME; every value still goes through codeSpan.
 */
export function* renderByRepoMarkdown(repos: readonly RepoResult[], total: Summary): Generator<string> {
  const n = repos.length;
  yield `## ${TOOL_NAME}: ${n} ${n === 1 ? 'repository' : 'repositories'}\n\n`;
  yield `${countPhrase(total.total, undefined)}, ${total.blocking} at or above ${total.failOn}, in ${total.filesChecked} ${total.filesChecked === 1 ? 'file' : 'files'} checked.\n\n`;
  yield '### By repository\n\n';
  yield `| Repository | Findings | Blocking | Max severity | ${SEVERITIES.join(' | ')} | Files |\n`;
  yield `|---|--:|--:|---|${SEVERITIES.map(() => '--:|').join('')}--:|\n`;
  for (const r of repos) {
    const s = r.summary;
    yield `| ${codeSpan(r.repo)} | ${s.total} | ${s.blocking} | ${s.maxSeverity} | ${SEVERITIES.map((v) => s.bySeverity[v]).join(' | ')} | ${s.filesChecked} |\n`;
  }
  const rules = byRule(repos);
  yield '\n### By rule\n\n';
  if (rules.length === 0) yield 'No findings.\n';
  else {
    yield '| Rule | Findings | Repositories |\n|---|--:|--:|\n';
    for (const row of rules) yield `| ${codeSpan(row.ruleId)} | ${row.findings} | ${row.repos} |\n`;
  }
  let size = 0;
  for (const r of repos) {
    if (r.merged.findings.length === 0) continue;
    const head = `\n### ${codeSpan(r.repo)}\n\n`;
    size += head.length;
    yield head;
    let shown = 0;
    for (const f of r.merged.findings) {
      if (shown >= MAX_LINES_PER_REPO || size > MAX_MARKDOWN_CHARS) break;
      const line = `${findingLine(f, r.summary.failOn, undefined, true)}\n`;
      size += line.length;
      shown++;
      yield line;
    }
    const rest = r.merged.findings.length - shown;
    if (rest > 0) yield `- … and ${rest} more in this repository's SARIF.\n`;
  }
}

/** The same as JSON: `{version, tool, summary, repositories: [{repo, summary, findings}], byRule}`. */
export function* renderByRepoJson(repos: readonly RepoResult[], total: Summary): Generator<string> {
  yield* jsonChunks({
    version: 1,
    tool: { name: TOOL_NAME, version: VERSION },
    summary: total,
    repositories: new Streamed(
      repos.map((r) => ({
        repo: r.repo,
        summary: { ...r.summary, suppressed: r.merged.suppressedCounts.total },
        findings: r.merged.findings as readonly Finding[],
      })),
    ),
    byRule: byRule(repos),
  });
  yield '\n';
}
