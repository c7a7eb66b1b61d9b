import { ALL_RULES } from '../rules/index.js';
import type { RuleMeta, TextEdit } from '../core/index.js';
import {
  atOrAbove,
  SECURITY_SEVERITY,
  severityRank,
  type ConfigUsed,
  type Finding,
  type Severity,
  type Threshold,
} from '../core/index.js';
import { INFORMATION_URI, RULE_DOCS_BASE, TOOL_NAME, VERSION } from '../version.js';
import { jsonChunks, Streamed } from './json-stream.js';
import { countsRecord, countSuppressed, type SuppressedCounts } from './suppressed.js';

export type SarifLevel = 'error' | 'warning' | 'note';
export type LevelFor = (severity: Severity) => SarifLevel;

/**
 * The one SARIF level policy, used by the CLI and the action alike: `error` exactly for what fails
 * the run (at or above `failOn`), so code scanning's "errors" merge protection agrees with the exit
 * code; below the threshold, medium and above are `warning`, low and info `note`.
 */
export function levelFor(failOn: Threshold): LevelFor {
  return (s) =>
    atOrAbove(s, failOn) ? 'error' : severityRank(s) >= severityRank('medium') ? 'warning' : 'note';
}

/** `fail-on`'s default in the config schema. */
const DEFAULT_LEVELS = levelFor('high');

export function ruleHelpUri(id: string): string {
  return `${RULE_DOCS_BASE}/${id}.md`;
}

export function ruleHelpMarkdown(r: RuleMeta): string {
  const lang = r.examples.language ?? '';
  return [
    `**${r.title}**`,
    '',
    r.description,
    '',
    '**Example**',
    '',
    '```' + lang,
    r.examples.bad,
    '```',
    '',
    '**Use instead**',
    '',
    '```' + lang,
    r.examples.good,
    '```',
    '',
    `Fix: ${r.fix}`,
  ].join('\n');
}

function sarifRule(r: RuleMeta, level: LevelFor) {
  return {
    id: r.id,
    name: r.id.split('/')[1]!.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase()),
    shortDescription: { text: r.title },
    fullDescription: { text: r.description },
    help: { text: `${r.description}\n\nFix: ${r.fix}`, markdown: ruleHelpMarkdown(r) },
    helpUri: ruleHelpUri(r.id),
    defaultConfiguration: { level: level(r.severity) },
    properties: {
      'security-severity': SECURITY_SEVERITY[r.severity],
      severity: r.severity,
      tags: ['security', 'supply-chain', r.kind],
      precision: 'high',
    },
  };
}

/** Percent-encodes what a URI path may not carry raw, keeping `/`. */
function uriPath(p: string): string {
  return p.split('/').map(encodeURIComponent).join('/');
}

export interface SarifOptions {
  rules?: readonly RuleMeta[];
  automationId?: string;
  levelFor?: LevelFor;
  /** Findings an ignore hid: always counted in `run.properties.suppressed`. */
  suppressed?: readonly Finding[];
  /**
   * Also list them as results carrying SARIF `suppressions` (inSource for an inline comment,
   * external for a config entry). Off by default: GitHub code scanning ingests such results as
   * open alerts (it does not honour `suppressions`), so an uploaded file would raise an alert,
   * and could trip merge protection, for every finding the repository chose to suppress.
   */
  suppressedResults?: boolean;
  /** The configuration that gated the run: `run.properties.config`. */
  config?: ConfigUsed;
  /**
   * A sharded run's share, with what `bulkhead merge` needs that SARIF has nowhere else to say:
   * the files this shard checked and the threshold its levels were made with.
   */
  shard?: { index: number; total: number; filesChecked: number; failOn: Threshold };
  /**
   * The suppressed counts when the findings themselves are not at hand (a merge of SARIF shards
   * written without --sarif-suppressed: only their counts travelled); else counted from `suppressed`.
   */
  suppressedCounts?: SuppressedCounts;
}

function sarifSuppression(s: Finding['suppression']) {
  if (!s) return { kind: 'external', status: 'accepted' };
  return {
    kind: s.kind === 'inline' ? 'inSource' : 'external',
    status: 'accepted',
    ...(s.reason !== undefined ? { justification: s.reason } : {}),
    location: {
      physicalLocation: { artifactLocation: { uri: uriPath(s.path) }, region: { startLine: s.line } },
    },
  };
}

/**
 * A result's mechanical fix as SARIF `fixes`: one artifact change with a replacement per edit
 * (deletedRegion in the same 1-based, UTF-16 columns as the result; an empty region inserts).
 * Only edits known without the network are here: a digest or commit SHA is resolved by
 * `bulkhead fix`, never by a scan.
 */
function sarifFix(path: string, title: string, edits: readonly TextEdit[]) {
  return {
    description: { text: title },
    artifactChanges: [
      {
        artifactLocation: { uri: uriPath(path) },
        replacements: edits.map((e) => ({
          deletedRegion: {
            startLine: e.span.line,
            startColumn: e.span.column,
            endLine: e.span.endLine,
            endColumn: e.span.endColumn,
          },
          insertedContent: { text: e.text },
        })),
      },
    ],
  };
}

function sarifResult(f: Finding, level: LevelFor, index: ReadonlyMap<string, number>, hidden: boolean) {
  return {
    ruleId: f.ruleId,
    ...(index.has(f.ruleId) ? { ruleIndex: index.get(f.ruleId)! } : {}),
    level: level(f.severity),
    message: { text: f.fix ? `${f.message} Fix: ${f.fix}` : f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: uriPath(f.path) },
          region: {
            startLine: f.startLine,
            startColumn: f.startColumn,
            endLine: Math.max(f.endLine, f.startLine),
            endColumn: f.endLine > f.startLine ? f.endColumn : Math.max(f.endColumn, f.startColumn + 1),
            ...(f.evidence ? { snippet: { text: f.evidence } } : {}),
          },
        },
      },
    ],
    partialFingerprints: { primaryLocationLineHash: f.fingerprint },
    ...(f.autofix?.edits && f.autofix.edits.length > 0
      ? { fixes: [sarifFix(f.path, f.autofix.title, f.autofix.edits)] }
      : {}),
    ...(hidden ? { suppressions: [sarifSuppression(f.suppression)] } : {}),
    properties: { severity: f.severity, 'security-severity': SECURITY_SEVERITY[f.severity] },
  };
}

/** The results in order: every reported finding, then (when asked) each suppressed one. */
function* sarifResults(
  findings: readonly Finding[],
  opts: SarifOptions,
  level: LevelFor,
  index: ReadonlyMap<string, number>,
) {
  for (const f of findings) yield sarifResult(f, level, index, false);
  if (opts.suppressedResults) for (const f of opts.suppressed ?? []) yield sarifResult(f, level, index, true);
}

/**
 * SARIF 2.1.0 for code scanning: every rule in tool.driver.rules, and per result a real region,
 * `properties.severity`, and `partialFingerprints.primaryLocationLineHash`. Levels come from
 * `levelFor(failOn)`; without it, from the default threshold `high`. `run.properties` names the
 * configuration used and counts the suppressed findings by rule. Yielded in pieces (one result
 * each): each result object is made when its turn comes, so a log of any size is never held whole.
 */
export function* renderSarifChunks(
  findings: readonly Finding[],
  opts: SarifOptions = {},
): Generator<string, void, undefined> {
  const rules = opts.rules ?? ALL_RULES;
  const level = opts.levelFor ?? DEFAULT_LEVELS;
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const counts = opts.suppressedCounts ?? countSuppressed(opts.suppressed ?? []);
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version: VERSION,
            semanticVersion: VERSION,
            informationUri: INFORMATION_URI,
            rules: new Streamed(rules.map((r) => sarifRule(r, level))),
          },
        },
        automationDetails: { id: opts.automationId ?? 'bulkhead/' },
        results: new Streamed(sarifResults(findings, opts, level, index)),
        columnKind: 'utf16CodeUnits',
        properties: {
          ...(opts.config ? { config: opts.config } : {}),
          ...(opts.shard ? { shard: { ...opts.shard } } : {}),
          suppressed: { total: counts.total, byRule: countsRecord(counts) },
        },
      },
    ],
  };
  yield* jsonChunks(log);
  yield '\n';
}

/** The whole SARIF log as one string (small logs, tests): the chunks joined. */
export function renderSarif(findings: readonly Finding[], opts: SarifOptions = {}): string {
  return [...renderSarifChunks(findings, opts)].join('');
}
