import { atOrAbove, SEVERITIES, type ConfigUsed, type Finding, type Severity } from '../core/index.js';
import { codeSpan, encodePath, escapeMarkdown } from './escape.js';
import type { Summary } from './summary.js';
import { ruleHelpUri } from './sarif.js';
import { configLine, countSuppressed, suppressedLine, suppressionSource } from './suppressed.js';

export interface MarkdownOptions {
  /** e.g. `https://github.com/o/r/blob/<sha>`: findings link to `<base>/<path>#L<line>`. */
  linkBase?: string;
  /** Findings that are outside the reported set (report: new); shown collapsed, never blocking. */
  existing?: readonly Finding[];
  /** Hard cap on the output size in bytes (UTF-8). */
  maxBytes?: number;
  /** Where to read the rest when truncated. */
  truncationNote?: string;
  title?: string;
  /** Lines of trusted markdown shown under the title (report mode, fallbacks, refused channels). */
  notes?: readonly string[];
  /** Findings an ignore hid: counted by rule under the gate line. */
  suppressed?: readonly Finding[];
  /** Also list them, collapsed, each with what hid it and its reason. */
  suppressedDetails?: boolean;
  /** The configuration that gated the run: named under the gate line. */
  config?: ConfigUsed;
}

const ICON: Record<Severity, string> = { critical: '🟥', high: '🟧', medium: '🟨', low: '🟦', info: '⬜' };

function location(f: Finding, base?: string): string {
  const text = `${escapeMarkdown(f.path)}:${f.startLine}`;
  if (!base) return text;
  return `[${text}](${base}/${encodePath(f.path)}#L${f.startLine})`;
}

function findingRow(f: Finding, base?: string): string {
  const msg = escapeMarkdown(f.message) + (f.fix ? `<br>Fix: ${escapeMarkdown(f.fix)}` : '');
  return `| ${ICON[f.severity]} ${f.severity} | [${codeSpan(f.ruleId)}](${ruleHelpUri(f.ruleId)}) | ${location(f, base)} | ${msg} |`;
}

function suppressedRow(f: Finding, base?: string): string {
  const s = f.suppression;
  const by = s ? `${suppressionSource(f)} ${codeSpan(`${s.path}:${s.line}`)}` : 'unknown';
  const reason = s?.reason !== undefined ? escapeMarkdown(s.reason) : '';
  return `| ${ICON[f.severity]} ${f.severity} | [${codeSpan(f.ruleId)}](${ruleHelpUri(f.ruleId)}) | ${location(f, base)} | ${by} | ${reason} |`;
}

function* byFile(findings: readonly Finding[], failOn: Summary['failOn'], base?: string) {
  // Pointers only: the rows are made as they are written.
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    if (atOrAbove(f.severity, failOn)) continue;
    const g = groups.get(f.path);
    if (g) g.push(f);
    else groups.set(f.path, [f]);
  }
  for (const [path, list] of groups) {
    yield `<details><summary>${codeSpan(path)} (${list.length})</summary>`;
    yield '';
    yield '| Severity | Rule | Location | Finding |';
    yield '| --- | --- | --- | --- |';
    for (const f of list) yield findingRow(f, base);
    yield '';
    yield '</details>';
    yield '';
  }
}

function headLines(summary: Summary, opts: MarkdownOptions): string[] {
  const head: string[] = [];
  head.push(`## ${opts.title ?? 'Bulkhead'}`, '');
  if (opts.notes && opts.notes.length > 0)
    head.push(...opts.notes.map((n) => `> ${n}`.replace(/\n/g, ' ')), '');
  if (summary.total === 0) {
    head.push(
      `✅ No supply-chain findings in ${summary.filesChecked} checked file${summary.filesChecked === 1 ? '' : 's'}.`,
      '',
    );
  } else {
    const gate =
      summary.blocking > 0
        ? `❌ **${summary.blocking} blocking** finding${summary.blocking === 1 ? '' : 's'} (at or above \`${summary.failOn}\`).`
        : `✅ Nothing at or above \`${summary.failOn}\`.`;
    head.push(gate, '');
  }
  const context: string[] = [];
  if (opts.suppressed && opts.suppressed.length > 0)
    context.push(
      `🔕 ${suppressedLine(countSuppressed(opts.suppressed), codeSpan)} (not counted, never blocking).`,
    );
  if (opts.config) context.push(`${configLine(opts.config, codeSpan)}.`);
  // Two lines of one paragraph need a hard break between them.
  if (context.length > 0) head.push(context.join('<br>\n'), '');
  head.push('| Severity | Count |', '| --- | ---: |');
  for (const s of SEVERITIES) head.push(`| ${ICON[s]} ${s} | ${summary.bySeverity[s]} |`);
  head.push('');
  return head;
}

/** The lines under the counts, one at a time, in the order they are shown. */
function* bodyLines(findings: readonly Finding[], summary: Summary, opts: MarkdownOptions) {
  let blocking = 0;
  for (const f of findings) if (atOrAbove(f.severity, summary.failOn)) blocking++;
  const rest = findings.length - blocking;
  if (blocking > 0) {
    yield* ['### Blocking', '', '| Severity | Rule | Location | Finding |', '| --- | --- | --- | --- |'];
    for (const f of findings) if (atOrAbove(f.severity, summary.failOn)) yield findingRow(f, opts.linkBase);
    yield '';
  }
  if (rest > 0) {
    yield blocking > 0 ? '### Other findings' : '### Findings';
    yield '';
    yield* byFile(findings, summary.failOn, opts.linkBase);
  }
  if (opts.suppressedDetails && opts.suppressed && opts.suppressed.length > 0) {
    yield* [
      `<details><summary>Suppressed findings (${opts.suppressed.length}, not blocking)</summary>`,
      '',
      '| Severity | Rule | Location | Suppressed by | Reason |',
      '| --- | --- | --- | --- | --- |',
    ];
    for (const f of opts.suppressed) yield suppressedRow(f, opts.linkBase);
    yield* ['', '</details>', ''];
  }
  if (opts.existing && opts.existing.length > 0) {
    yield* [
      `<details><summary>Existing findings not introduced by this change (${opts.existing.length}, not blocking)</summary>`,
      '',
      '| Severity | Rule | Location | Finding |',
      '| --- | --- | --- | --- |',
    ];
    for (const f of opts.existing) yield findingRow(f, opts.linkBase);
    yield* ['', '</details>', ''];
  }
}

/**
 * The summary shown in the job summary, check run and PR comment, a line at a time. Lines are
 * written until the byte budget would be exceeded; then a note says where the rest is. Each row
 * is made when its turn comes, so a report of any size is written without being held whole.
 */
export function* renderMarkdownChunks(
  findings: readonly Finding[],
  summary: Summary,
  opts: MarkdownOptions = {},
): Generator<string, void, undefined> {
  const head = `${headLines(summary, opts).join('\n')}\n`;
  yield head;
  const max = opts.maxBytes ?? Infinity;
  const bounded = max !== Infinity;
  const note = `\n> ⚠️ Truncated to fit. ${opts.truncationNote ?? 'The full list is in the SARIF file and the check run annotations.'}\n`;
  let size = bounded ? Buffer.byteLength(head) : 0;
  const noteSize = Buffer.byteLength(note) + '\n</details>\n'.length;
  // <details> opened and closed so far: a cut inside one closes it, so the page still renders.
  let open = 0;
  for (const body of bodyLines(findings, summary, opts)) {
    const line = `${body}\n`;
    if (bounded) {
      const n = Buffer.byteLength(line);
      if (size + n + noteSize > max) {
        yield (open > 0 ? '\n</details>\n' : '') + note;
        return;
      }
      size += n;
    }
    if (body.startsWith('<details>')) open++;
    else if (body === '</details>') open--;
    yield line;
  }
}

/** The whole markdown summary as one string (the action's channels, tests): the chunks joined. */
export function renderMarkdown(
  findings: readonly Finding[],
  summary: Summary,
  opts: MarkdownOptions = {},
): string {
  return [...renderMarkdownChunks(findings, summary, opts)].join('');
}
