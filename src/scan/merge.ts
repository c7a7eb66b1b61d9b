import { z } from 'zod';
import { ConfigurationError } from '../errors.js';
import {
  compareFindings,
  normalizeEvidence,
  SEVERITIES,
  type ConfigUsed,
  type Finding,
  type Threshold,
} from '../core/index.js';
import { TOOL_NAME } from '../version.js';
import { fingerprintOf } from './fingerprint.js';
import { MAX_SHARDS, type Shard } from './shard.js';

/** Suppressed findings counted by rule (the shape report/suppressed.ts renders; scan/ does not import report/). */
export interface SuppressedCounts {
  total: number;
  byRule: readonly { ruleId: string; count: number }[];
}

/** One shard's results as `bulkhead merge` reads them, from `--format json` or `--format sarif`. */
export interface ShardReport {
  /** The file it came from, for errors. */
  source: string;
  format: 'json' | 'sarif';
  version: string;
  shard: Shard;
  config?: ConfigUsed;
  failOn?: Threshold;
  filesChecked: number;
  findings: Finding[];
  suppressed: Finding[];
  /** What the shard counted as suppressed (a SARIF shard may carry only the counts). */
  suppressedCounts: SuppressedCounts;
}

export interface MergedReport {
  format: 'json' | 'sarif';
  version: string;
  shards: number;
  config?: ConfigUsed;
  failOn?: Threshold;
  filesChecked: number;
  findings: Finding[];
  suppressed: Finding[];
  suppressedCounts: SuppressedCounts;
}

const int = z.number().int().nonnegative();
const severity = z.enum(SEVERITIES);
const threshold = z.enum([...SEVERITIES, 'never']);
const span = z.object({ line: int, column: int, endLine: int, endColumn: int });
const finding = z.object({
  ruleId: z.string().max(200),
  severity,
  message: z.string(),
  path: z.string(),
  startLine: int,
  startColumn: int,
  endLine: int,
  endColumn: int,
  evidence: z.string().optional(),
  fix: z.string().optional(),
  autofix: z.unknown().optional(),
  related: z.array(z.object({ span, label: z.string(), path: z.string().optional() })).optional(),
  fingerprint: z.string().max(200),
  suppression: z
    .object({
      kind: z.enum(['inline', 'config']),
      path: z.string(),
      line: int,
      reason: z.string().optional(),
    })
    .optional(),
});
const configUsed = z.object({
  origin: z.enum(['base', 'head', 'input', 'default']),
  path: z.string().optional(),
  commit: z.string().optional(),
});
const shardShape = z.object({ index: int, total: int });
const jsonReport = z.object({
  version: z.literal(1),
  tool: z.object({ name: z.literal(TOOL_NAME), version: z.string().max(100) }),
  config: configUsed.optional(),
  shard: shardShape.optional(),
  findings: z.array(finding),
  suppressed: z.array(finding),
  summary: z.object({ failOn: threshold, filesChecked: int }),
});
const sarifResult = z.object({
  ruleId: z.string().max(200),
  message: z.object({ text: z.string() }),
  locations: z
    .array(
      z.object({
        physicalLocation: z.object({
          artifactLocation: z.object({ uri: z.string() }),
          region: z.object({
            startLine: int,
            startColumn: int,
            endLine: int,
            endColumn: int,
            snippet: z.object({ text: z.string() }).optional(),
          }),
        }),
      }),
    )
    .length(1),
  partialFingerprints: z.object({ primaryLocationLineHash: z.string().max(200) }),
  suppressions: z
    .array(
      z.object({
        kind: z.string(),
        justification: z.string().optional(),
        location: z
          .object({
            physicalLocation: z.object({
              artifactLocation: z.object({ uri: z.string() }),
              region: z.object({ startLine: int }),
            }),
          })
          .optional(),
      }),
    )
    .optional(),
  properties: z.object({ severity }),
});
const sarifLog = z.object({
  version: z.literal('2.1.0'),
  runs: z
    .array(
      z.object({
        tool: z.object({ driver: z.object({ name: z.literal(TOOL_NAME), version: z.string().max(100) }) }),
        results: z.array(sarifResult),
        properties: z.object({
          config: configUsed.optional(),
          shard: z.object({ index: int, total: int, filesChecked: int, failOn: threshold }).optional(),
          suppressed: z.object({ total: int, byRule: z.record(z.string(), int) }),
        }),
      }),
    )
    .length(1),
});

/** A reason zod gives, in one short line (never the whole input). */
function firstIssue(e: z.ZodError): string {
  const i = e.issues[0];
  return i ? `${i.path.join('.') || 'top level'}: ${i.message}`.slice(0, 200) : 'not a Bulkhead report';
}

function uriToPath(uri: string): string {
  try {
    return uri.split('/').map(decodeURIComponent).join('/');
  } catch {
    throw new ConfigurationError(`a result's location is not a valid URI path: ${uri.slice(0, 80)}`);
  }
}

function countsFrom(total: number, byRule: Record<string, number>): SuppressedCounts {
  return { total, byRule: Object.entries(byRule).map(([ruleId, count]) => ({ ruleId, count })) };
}

function notSharded(source: string): never {
  throw new ConfigurationError(
    `${source}: not a shard's report (it has no shard; run 'bulkhead scan --shard K/N' for each share)`,
  );
}

/**
 * Reads one shard's report: `bulkhead scan --shard K/N --format json` (lossless) or `--format
 * sarif` (what SARIF carries: a result's message includes its fix, related places are not kept).
 * Anything else, or a report of a run that was not sharded, is a ConfigurationError naming the file.
 */
export function parseShardReport(text: string, source: string): ShardReport {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ConfigurationError(`${source}: not JSON (${(e as Error).message.slice(0, 120)})`);
  }
  const isSarif = typeof data === 'object' && data !== null && 'runs' in data;
  if (!isSarif) {
    const r = jsonReport.safeParse(data);
    if (!r.success)
      throw new ConfigurationError(`${source}: not a Bulkhead JSON report (${firstIssue(r.error)})`);
    const j = r.data;
    if (!j.shard) notSharded(source);
    // Validated above; the shard's own objects are kept (zod's copies would reorder their keys).
    const raw = data as { findings: Finding[]; suppressed: Finding[] };
    const suppressed = raw.suppressed;
    const byRule = new Map<string, number>();
    for (const f of suppressed) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
    return {
      source,
      format: 'json',
      version: j.tool.version,
      shard: j.shard,
      ...(j.config ? { config: j.config } : {}),
      failOn: j.summary.failOn,
      filesChecked: j.summary.filesChecked,
      findings: raw.findings,
      suppressed,
      suppressedCounts: countsFrom(suppressed.length, Object.fromEntries(byRule)),
    };
  }
  const r = sarifLog.safeParse(data);
  if (!r.success)
    throw new ConfigurationError(`${source}: not a Bulkhead SARIF log (${firstIssue(r.error)})`);
  const run = r.data.runs[0]!;
  const props = run.properties;
  if (!props.shard) notSharded(source);
  const findings: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const res of run.results) {
    const loc = res.locations[0]!.physicalLocation;
    const f: Finding = {
      ruleId: res.ruleId,
      severity: res.properties.severity,
      message: res.message.text,
      path: uriToPath(loc.artifactLocation.uri),
      startLine: loc.region.startLine,
      startColumn: loc.region.startColumn,
      endLine: loc.region.endLine,
      endColumn: loc.region.endColumn,
      ...(loc.region.snippet ? { evidence: loc.region.snippet.text } : {}),
      fingerprint: res.partialFingerprints.primaryLocationLineHash,
    };
    const s = res.suppressions?.[0];
    if (s) {
      const at = s.location?.physicalLocation;
      suppressed.push({
        ...f,
        suppression: {
          kind: s.kind === 'inSource' ? 'inline' : 'config',
          path: at ? uriToPath(at.artifactLocation.uri) : '',
          line: at?.region.startLine ?? 0,
          ...(s.justification !== undefined ? { reason: s.justification } : {}),
        },
      });
    } else findings.push(f);
  }
  return {
    source,
    format: 'sarif',
    version: run.tool.driver.version,
    shard: { index: props.shard.index, total: props.shard.total },
    ...(props.config ? { config: props.config } : {}),
    failOn: props.shard.failOn,
    filesChecked: props.shard.filesChecked,
    findings,
    suppressed,
    suppressedCounts: countsFrom(props.suppressed.total, props.suppressed.byRule),
  };
}

/**
 * Every shard 1..N exactly once, all of one N, one tool version (this one), one format and one
 * configuration: otherwise the merge would not be the report one run gives, so it refuses (exit 2)
 * and says what is missing or different; never a partial pass.
 */
export function checkShards(reports: readonly ShardReport[], version: string): void {
  if (reports.length === 0) throw new ConfigurationError('merge: no shard reports given');
  const first = reports[0]!;
  const total = first.shard.total;
  for (const r of reports) {
    if (r.version !== version)
      throw new ConfigurationError(
        `${r.source}: made by Bulkhead ${r.version.slice(0, 40)}, this is ${version}; merge reports of one version`,
      );
    if (r.format !== first.format)
      throw new ConfigurationError(
        `${r.source}: ${r.format}, but ${first.source} is ${first.format}; merge one format`,
      );
    if (
      r.shard.total !== total ||
      r.shard.total < 1 ||
      r.shard.total > MAX_SHARDS ||
      r.shard.index < 1 ||
      r.shard.index > r.shard.total
    )
      throw new ConfigurationError(
        `${r.source}: shard ${r.shard.index}/${r.shard.total}, but ${first.source} is one of ${total}`,
      );
    if (
      JSON.stringify(r.config ?? null) !== JSON.stringify(first.config ?? null) ||
      r.failOn !== first.failOn
    )
      throw new ConfigurationError(
        `${r.source}: made with another configuration or fail-on than ${first.source}; every shard must run with the same`,
      );
  }
  const seen = new Map<number, string>();
  for (const r of reports) {
    const prior = seen.get(r.shard.index);
    if (prior !== undefined)
      throw new ConfigurationError(`shard ${r.shard.index}/${total} given twice: ${prior} and ${r.source}`);
    seen.set(r.shard.index, r.source);
  }
  const missing: number[] = [];
  for (let k = 1; k <= total; k++) if (!seen.has(k)) missing.push(k);
  if (missing.length > 0) {
    const list = missing.length > 10 ? `${missing.slice(0, 10).join(', ')}, ...` : missing.join(', ');
    throw new ConfigurationError(
      `missing ${missing.length === 1 ? 'shard' : 'shards'} ${list} of ${total}: the merge would not cover the tree, so none is made`,
    );
  }
}

const UNUSED_IGNORE = 'config/unused-ignore';
const INTEL_UNAVAILABLE = 'intel/unavailable';

function placeKey(f: Finding): string {
  return `${f.ruleId}\0${f.path}\0${f.startLine}\0${f.startColumn}\0${f.message}`;
}

/**
 * The findings one unsharded run would have reported, from its shards (checked by checkShards):
 * - a config `ignore:` entry is unused only if no shard used it: its `config/unused-ignore`
 *   finding (at the config file) is kept only when every shard reported it;
 * - what the engine reports once per run (`intel/unavailable`, one per service) is kept once,
 *   the first in report order;
 * - then one sort, exact repeats dropped (a finding two shards both made about a file neither
 *   owns), and, from JSON, fingerprints counted again over the whole run, as the engine does.
 */
export function mergeShards(reports: readonly ShardReport[]): MergedReport {
  const first = reports[0]!;
  const configPath = first.config?.path ?? '.bulkhead.yml';
  const isConfigUnused = (f: Finding) => f.ruleId === UNUSED_IGNORE && f.path === configPath;
  const seenIn = new Map<string, number>();
  for (const r of reports)
    for (const k of new Set([...r.findings, ...r.suppressed].filter(isConfigUnused).map(placeKey)))
      seenIn.set(k, (seenIn.get(k) ?? 0) + 1);
  const keep = (f: Finding) => !isConfigUnused(f) || seenIn.get(placeKey(f)) === reports.length;
  // The engine's order: reported before suppressed, so of two equal findings the reported one wins.
  const all = [
    ...reports.flatMap((r) => r.findings.filter(keep)),
    ...reports.flatMap((r) => r.suppressed.filter(keep)),
  ];
  const merged = sortDedupe(all, first.format === 'json');
  const onceEach = new Set<string>();
  const findings: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const f of merged) {
    if (f.ruleId === INTEL_UNAVAILABLE) {
      const k = f.evidence ?? f.message;
      if (onceEach.has(k)) continue;
      onceEach.add(k);
    }
    (f.suppression ? suppressed : findings).push(f);
  }
  const counts = new Map<string, number>();
  let total = 0;
  if (first.format === 'json') {
    for (const f of suppressed) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
    total = suppressed.length;
  } else {
    for (const r of reports) {
      total += r.suppressedCounts.total;
      for (const c of r.suppressedCounts.byRule) counts.set(c.ruleId, (counts.get(c.ruleId) ?? 0) + c.count);
    }
  }
  const byRule = [...counts]
    .map(([ruleId, count]) => ({ ruleId, count }))
    .sort((a, b) => b.count - a.count || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
  return {
    format: first.format,
    version: first.version,
    shards: reports.length,
    ...(first.config ? { config: first.config } : {}),
    ...(first.failOn ? { failOn: first.failOn } : {}),
    filesChecked: reports.reduce((n, r) => n + r.filesChecked, 0),
    findings,
    suppressed,
    suppressedCounts: { total, byRule },
  };
}

/**
 * The engine's last step again over every shard's findings: a stable sort, exact repeats dropped
 * (the first wins), and (`refingerprint`) each fingerprint made again with the occurrence counted
 * per file over the whole run. SARIF messages carry their fix, so SARIF fingerprints are kept.
 */
function sortDedupe(all: Finding[], refingerprint: boolean): Finding[] {
  all.sort(compareFindings);
  const out: Finding[] = [];
  let path: string | undefined;
  const occurrences = new Map<string, number>();
  for (const f of all) {
    const last = out[out.length - 1];
    if (last && compareFindings(last, f) === 0) continue;
    if (refingerprint) {
      if (f.path !== path) {
        path = f.path;
        occurrences.clear();
      }
      const basis = f.evidence ?? f.message;
      const okey = `${f.ruleId}\0${normalizeEvidence(basis)}`;
      const n = occurrences.get(okey) ?? 0;
      occurrences.set(okey, n + 1);
      f.fingerprint = fingerprintOf(f.ruleId, f.path, basis, n);
    }
    out.push(f);
  }
  return out;
}
