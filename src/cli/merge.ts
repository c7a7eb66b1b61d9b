import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigurationError } from '../errors.js';
import { thresholdSchema } from '../config/schema.js';
import { atOrAbove, type Finding, type Threshold } from '../core/index.js';
import { checkShards, mergeShards, parseShardReport, type MergedReport } from '../scan/merge.js';
import { summarize, type Summary } from '../report/summary.js';
import { renderText, renderTextChunks, sanitizeForTerminal } from '../report/text.js';
import { renderJsonChunks } from '../report/json.js';
import { levelFor, renderSarifChunks } from '../report/sarif.js';
import { renderMarkdownChunks } from '../report/markdown.js';
import { renderByRepoJson, renderByRepoMarkdown, type RepoResult } from '../report/by-repo.js';
import { VERSION } from '../version.js';
import { isStdout, writeChunks, writeOutput, type ReportText } from './output.js';
import type { CliIo } from './main.js';

/** A shard's report is read whole to be checked; a larger file is refused, not cut. */
export const MAX_REPORT_BYTES = 256 << 20;

const MERGE_OPTIONS = {
  format: { type: 'string', short: 'f', default: 'text' },
  'fail-on': { type: 'string' },
  output: { type: 'string', short: 'o' },
  quiet: { type: 'boolean', short: 'q', default: false },
  'no-color': { type: 'boolean' },
  'sarif-suppressed': { type: 'boolean', default: false },
  'by-repo': { type: 'boolean', default: false },
  debug: { type: 'boolean', default: false },
} as const;

function readReport(cwd: string, file: string) {
  const abs = resolve(cwd, file);
  const shown = sanitizeForTerminal(file);
  let size: number;
  try {
    const st = statSync(abs);
    if (!st.isFile()) throw new Error('not a regular file');
    size = st.size;
  } catch (e) {
    throw new ConfigurationError(`${shown}: cannot read (${(e as Error).message})`);
  }
  if (size > MAX_REPORT_BYTES)
    throw new ConfigurationError(`${shown}: ${size} bytes, over the ${MAX_REPORT_BYTES} a report may have`);
  return parseShardReport(readFileSync(abs, 'utf8'), shown);
}

/** Every file's report, checked as one set of shards, merged. */
function mergeFiles(cwd: string, files: readonly string[]): MergedReport {
  const reports = files.map((f) => readReport(cwd, f));
  checkShards(reports, VERSION);
  return mergeShards(reports);
}

function thresholdOption(raw: string | undefined): Threshold | undefined {
  if (raw === undefined) return undefined;
  const parsed = thresholdSchema.safeParse(raw);
  if (!parsed.success)
    throw new ConfigurationError(
      `--fail-on: expected critical, high, medium, low, info or never (got "${sanitizeForTerminal(raw)}")`,
    );
  return parsed.data;
}

/** `NAME=FILE` for `--by-repo`: NAME is the repository as owner/name. */
function repoArg(arg: string): { repo: string; file: string } {
  const eq = arg.indexOf('=');
  const repo = eq > 0 ? arg.slice(0, eq) : '';
  if (!/^[A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9._-]{1,100}$/.test(repo) || eq === arg.length - 1)
    throw new ConfigurationError(
      `--by-repo: expected OWNER/NAME=FILE for each report (got "${sanitizeForTerminal(arg.slice(0, 120))}")`,
    );
  return { repo, file: arg.slice(eq + 1) };
}

/**
 * `bulkhead merge FILE...`: the shards of one scan into the report the unsharded scan gives, in any
 * format, with the exit code that gates (1 when a finding is at or above fail-on). `--by-repo
 * OWNER/NAME=FILE...`: the reports of many repositories (each one or more shards) into one
 * summary with a table per repository and per rule. A missing or doubled shard is exit 2.
 */
export async function runMerge(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: MERGE_OPTIONS, strict: true });
  } catch (e) {
    throw new ConfigurationError(`merge: ${(e as Error).message.split('\n')[0]}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length === 0)
    throw new ConfigurationError(
      "merge: name the shards' report files (JSON or SARIF from 'scan --shard K/N')",
    );
  const failOnFlag = thresholdOption(values['fail-on']);
  const format = values.format;
  const toFile = values.output !== undefined && !isStdout(values.output);
  let out: ReportText;
  let exitCode: number;
  let summary: Summary;
  let suppressedCount: number;

  if (values['by-repo']) {
    if (format !== 'markdown' && format !== 'json')
      throw new ConfigurationError(
        `--by-repo: --format markdown or json (got "${sanitizeForTerminal(format)}")`,
      );
    const groups = new Map<string, string[]>();
    for (const a of positionals) {
      const { repo, file } = repoArg(a);
      groups.set(repo, [...(groups.get(repo) ?? []), file]);
    }
    const repos: RepoResult[] = [];
    for (const [repo, files] of [...groups].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
      const m = mergeFiles(io.cwd, files);
      const failOn = failOnFlag ?? m.failOn ?? 'high';
      repos.push({ repo, merged: m, summary: summarize(m.findings, failOn, m.filesChecked) });
    }
    const all: Finding[] = repos.flatMap((r) => r.merged.findings);
    const failOn = failOnFlag ?? repos[0]!.summary.failOn;
    summary = summarize(
      all,
      failOn,
      repos.reduce((n, r) => n + r.merged.filesChecked, 0),
    );
    exitCode = repos.some((r) => r.summary.blocking > 0) ? 1 : 0;
    suppressedCount = repos.reduce((n, r) => n + r.merged.suppressedCounts.total, 0);
    out = format === 'json' ? renderByRepoJson(repos, summary) : renderByRepoMarkdown(repos, summary);
  } else {
    const m = mergeFiles(io.cwd, positionals);
    const failOn = failOnFlag ?? m.failOn ?? 'high';
    summary = summarize(m.findings, failOn, m.filesChecked);
    exitCode = m.findings.some((f) => atOrAbove(f.severity, failOn)) ? 1 : 0;
    suppressedCount = m.suppressedCounts.total;
    const config = m.config;
    const suppressed = m.suppressed;
    switch (format) {
      case 'json':
        out = renderJsonChunks(m.findings, summary, { suppressed, ...(config ? { config } : {}) });
        break;
      case 'sarif':
        out = renderSarifChunks(m.findings, {
          levelFor: levelFor(failOn),
          suppressed,
          suppressedResults: values['sarif-suppressed'],
          ...(config ? { config } : {}),
          ...(m.format === 'sarif' ? { suppressedCounts: m.suppressedCounts } : {}),
        });
        break;
      case 'markdown':
        out = renderMarkdownChunks(m.findings, summary, {
          suppressed,
          suppressedDetails: true,
          ...(config ? { config } : {}),
        });
        break;
      case 'text': {
        const noColor = values['no-color'] === true || io.env.NO_COLOR !== undefined;
        const color =
          !toFile &&
          !noColor &&
          (io.isTTY || (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0'));
        out = renderTextChunks(m.findings, summary, { color, suppressed, ...(config ? { config } : {}) });
        break;
      }
      default:
        throw new ConfigurationError(
          `--format: expected one of text, json, sarif, markdown (got "${sanitizeForTerminal(format)}")`,
        );
    }
  }
  const quiet = `findings=${summary.total} blocking=${summary.blocking} fail-on=${summary.failOn} max-severity=${summary.maxSeverity} files=${summary.filesChecked} suppressed=${suppressedCount} exit=${exitCode}\n`;
  if (values.quiet && !toFile) {
    io.stdout(quiet);
    return exitCode;
  }
  if (toFile) {
    try {
      writeOutput(resolve(io.cwd, values.output!), out, [], values.output);
    } catch (e) {
      throw new ConfigurationError(`--output: cannot write ${values.output}: ${(e as Error).message}`);
    }
    if (values.quiet) io.stdout(quiet);
    else if (format !== 'text' && !values['by-repo'])
      io.stderr(renderText([], summary, { color: false }).replace(/^\n/, ''));
  } else {
    await writeChunks(out, io.stdout, io.closed);
  }
  return exitCode;
}
