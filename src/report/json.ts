import type { ConfigUsed, Finding } from '../core/index.js';
import { TOOL_NAME, VERSION } from '../version.js';
import { jsonChunks, Streamed } from './json-stream.js';
import { countsRecord, countSuppressed } from './suppressed.js';
import type { Summary } from './summary.js';

export interface JsonOptions {
  suppressed?: readonly Finding[];
  config?: ConfigUsed;
  /** A sharded run's share (`--shard K/N`): `bulkhead merge` checks every shard is there once. */
  shard?: { index: number; total: number };
}

/**
 * `{version, tool, config, findings, suppressed, summary}`: the machine-readable report (documented
 * in docs/cli.md). `suppressed` holds every finding an ignore hid, each with its `suppression`;
 * `summary.suppressed` and `summary.suppressedByRule` count them. Yielded in pieces (one finding
 * each), so a report of any size is written without being held whole.
 */
export function* renderJsonChunks(
  findings: readonly Finding[],
  summary: Summary,
  opts: JsonOptions = {},
): Generator<string, void, undefined> {
  const suppressed = opts.suppressed ?? [];
  const counts = countSuppressed(suppressed);
  yield* jsonChunks({
    version: 1,
    tool: { name: TOOL_NAME, version: VERSION },
    ...(opts.config ? { config: opts.config } : {}),
    ...(opts.shard ? { shard: { index: opts.shard.index, total: opts.shard.total } } : {}),
    findings: new Streamed(findings),
    suppressed: new Streamed(suppressed),
    summary: { ...summary, suppressed: counts.total, suppressedByRule: countsRecord(counts) },
  });
  yield '\n';
}

/** The whole JSON report as one string (small reports, tests): the chunks joined. */
export function renderJson(findings: readonly Finding[], summary: Summary, opts: JsonOptions = {}): string {
  return [...renderJsonChunks(findings, summary, opts)].join('');
}
