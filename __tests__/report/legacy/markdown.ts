// The markdown renderer as it was before the renderers streamed (commit 49d93d6), verbatim but for the
// import paths: streaming.test.ts checks the streaming renderer byte for byte against it.
import {
  atOrAbove,
  SEVERITIES,
  type ConfigUsed,
  type Finding,
  type Severity,
} from '../../../src/core/index.js';
import { codeSpan, encodePath, escapeMarkdown } from '../../../src/report/escape.js';
import type { Summary } from '../../../src/report/summary.js';
import { ruleHelpUri } from '../../../src/report/sarif.js';
import {
  configLine,
  countSuppressed,
  suppressedLine,
  suppressionSource,
} from '../../../src/report/suppressed.js';

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

function byFile(findings: readonly Finding[], base?: string): string[] {
  const out: string[] = [];
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const g = groups.get(f.path) ?? [];
    g.push(f);
    groups.set(f.path, g);
  }
  for (const [path, list] of groups) {
    out.push(`<details><summary>${codeSpan(path)} (${list.length})</summary>`, '');
    out.push('| Severity | Rule | Location | Finding |', '| --- | --- | --- | --- |');
    for (const f of list) out.push(findingRow(f, base));
    out.push('', '</details>', '');
  }
  return out;
}

/**
 * The summary shown in the job summary, check run and PR comment. Lines are appended until the
 * byte budget would be exceeded; then a note says where the rest is.
 */
export function renderMarkdown(
  findings: readonly Finding[],
  summary: Summary,
  opts: MarkdownOptions = {},
): string {
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

  const body: string[] = [];
  const blocking = findings.filter((f) => atOrAbove(f.severity, summary.failOn));
  const rest = findings.filter((f) => !atOrAbove(f.severity, summary.failOn));
  if (blocking.length > 0) {
    body.push('### Blocking', '', '| Severity | Rule | Location | Finding |', '| --- | --- | --- | --- |');
    for (const f of blocking) body.push(findingRow(f, opts.linkBase));
    body.push('');
  }
  if (rest.length > 0) {
    body.push(blocking.length > 0 ? '### Other findings' : '### Findings', '');
    body.push(...byFile(rest, opts.linkBase));
  }
  if (opts.suppressedDetails && opts.suppressed && opts.suppressed.length > 0) {
    body.push(
      `<details><summary>Suppressed findings (${opts.suppressed.length}, not blocking)</summary>`,
      '',
      '| Severity | Rule | Location | Suppressed by | Reason |',
      '| --- | --- | --- | --- | --- |',
    );
    for (const f of opts.suppressed) body.push(suppressedRow(f, opts.linkBase));
    body.push('', '</details>', '');
  }
  if (opts.existing && opts.existing.length > 0) {
    body.push(
      `<details><summary>Existing findings not introduced by this change (${opts.existing.length}, not blocking)</summary>`,
      '',
      '| Severity | Rule | Location | Finding |',
      '| --- | --- | --- | --- |',
    );
    for (const f of opts.existing) body.push(findingRow(f, opts.linkBase));
    body.push('', '</details>', '');
  }

  const max = opts.maxBytes ?? Infinity;
  const note = `\n> ⚠️ Truncated to fit. ${opts.truncationNote ?? 'The full list is in the SARIF file and the check run annotations.'}\n`;
  let out = head.join('\n') + '\n';
  let size = Buffer.byteLength(out);
  const noteSize = Buffer.byteLength(note) + '\n</details>\n'.length;
  for (let i = 0; i < body.length; i++) {
    const line = body[i]! + '\n';
    const n = Buffer.byteLength(line);
    if (size + n + noteSize > max) {
      // Close an open <details> so the page still renders.
      const open = body.slice(0, i).filter((l) => l.startsWith('<details>')).length;
      const closed = body.slice(0, i).filter((l) => l === '</details>').length;
      return out + (open > closed ? '\n</details>\n' : '') + note;
    }
    out += line;
    size += n;
  }
  return out;
}
