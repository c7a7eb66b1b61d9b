import {
  atOrAbove,
  SEVERITIES,
  severityRank,
  type ConfigUsed,
  type Finding,
  type Severity,
} from '../core/index.js';
import { codeSpan, encodePath, mdCode, renderMessage } from './escape.js';
import { countPhrase, type Summary } from './summary.js';
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
  /** Findings an ignore hid: counted by rule under the verdict. */
  suppressed?: readonly Finding[];
  /** Also list them, collapsed, each with what hid it and its reason. */
  suppressedDetails?: boolean;
  /** The configuration that gated the run: named under the verdict. */
  config?: ConfigUsed;
  /** The short form (PR comment, check-run summary): verdict, then the blocking findings only. */
  short?: boolean;
  /** Trusted markdown naming where the full list is (short form): "[check run](…) · [job summary](…)". */
  fullListAt?: string;
}

/** The short form lists this many blocking findings; a reviewer reads the rest in the full list. */
export const SHORT_LIST = 30;

export const ICON: Record<Severity, string> = {
  critical: '🟥',
  high: '🟧',
  medium: '🟨',
  low: '🟦',
  info: '⬜',
};

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `line 12`, linked to the head commit when there is a link base. */
function lineRef(f: Finding, base: string | undefined, withPath: boolean): string {
  const text = withPath ? `${mdCode(f.path)} line ${f.startLine}` : `line ${f.startLine}`;
  if (!base) return text;
  const url = `${base}/${encodePath(f.path)}#L${f.startLine}`;
  return withPath ? `${mdCode(f.path)} [line ${f.startLine}](${url})` : `[${text}](${url})`;
}

function ruleRef(ruleId: string): string {
  return `[${mdCode(ruleId)}](${ruleHelpUri(ruleId)})`;
}

/** One finding, one line: severity (bold when it blocks), rule linked to its page, line, message. */
export function findingLine(f: Finding, failOn: Summary['failOn'], base?: string, withPath = false): string {
  const sev = atOrAbove(f.severity, failOn) ? `**${f.severity}**` : f.severity;
  return `- ${ICON[f.severity]} ${sev} · ${ruleRef(f.ruleId)} · ${lineRef(f, base, withPath)} — ${renderMessage(f.message)}`;
}

function suppressedItem(f: Finding, base?: string): string {
  const s = f.suppression;
  const by = s ? `${suppressionSource(f)} ${mdCode(`${s.path}:${s.line}`)}` : 'unknown';
  const reason = s?.reason !== undefined && s.reason !== '' ? `: ${renderMessage(s.reason)}` : '';
  return `- ${ICON[f.severity]} ${f.severity} · ${ruleRef(f.ruleId)} · ${lineRef(f, base, true)} — suppressed by ${by}${reason}`;
}

/** Files in the order of their most severe finding, then first seen; pointers only. */
function groupByFile(findings: readonly Finding[]): [string, Finding[]][] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const g = groups.get(f.path);
    if (g) g.push(f);
    else groups.set(f.path, [f]);
  }
  const worst = new Map<string, number>();
  for (const [path, l] of groups)
    worst.set(
      path,
      l.reduce((m, f) => Math.max(m, severityRank(f.severity)), 0),
    );
  return [...groups].sort((a, b) => worst.get(b[0])! - worst.get(a[0])!);
}

export function headLines(summary: Summary, opts: MarkdownOptions): string[] {
  const head: string[] = [];
  head.push(`## ${opts.title ?? 'Bulkhead'}`, '');
  const existing = opts.existing?.length ?? 0;
  const before =
    existing > 0 ? ` ${plural(existing, 'existing finding')} did not block (collapsed below).` : '';
  const scope = summary.scope;
  if (summary.total === 0) {
    const none =
      scope === 'new'
        ? `no new findings in this change (${plural(summary.filesChecked, 'checked file')}`
        : scope === 'changed-files'
          ? `no findings in changed files (${plural(summary.filesChecked, 'checked file')}`
          : `no findings in ${plural(summary.filesChecked, 'checked file')} (`;
    const sep = scope ? ', ' : '';
    head.push(`✅ **Not blocking**: ${none}${sep}threshold \`${summary.failOn}\`).${before}`);
  } else {
    const counts = SEVERITIES.filter((s) => summary.bySeverity[s] > 0)
      .map((s) => `${summary.bySeverity[s]} ${s}`)
      .join(', ');
    const total = countPhrase(summary.total, scope);
    head.push(
      summary.blocking > 0
        ? `❌ **Blocking**: ${summary.blocking} of ${total} at or above \`${summary.failOn}\` (${counts}).${before}`
        : summary.failOn === 'never'
          ? `✅ **Not blocking** (fail-on \`never\`): ${total} (${counts}).${before}`
          : `✅ **Not blocking**: nothing at or above \`${summary.failOn}\`; ${total} below it (${counts}).${before}`,
    );
  }
  const context: string[] = [];
  if (opts.suppressed && opts.suppressed.length > 0)
    context.push(
      `🔕 ${suppressedLine(countSuppressed(opts.suppressed), mdCode)} (not counted, never blocking).`,
    );
  if (opts.config) context.push(`${configLine(opts.config, mdCode)}.`);
  // One paragraph with the verdict: a hard break between its lines.
  for (const c of context) head[head.length - 1] += `<br>\n${c}`;
  head.push('');
  if (opts.notes && opts.notes.length > 0)
    head.push(...opts.notes.map((n) => `> ${n}`.replace(/\n/g, ' ')), '');
  return head;
}

/** The fix once per rule, collapsed; a rule whose fix names values lists each distinct one. */
function* fixLines(findings: readonly Finding[]) {
  const byRule = new Map<string, Map<string, Finding[]>>();
  for (const f of findings) {
    if (!f.fix) continue;
    let fixes = byRule.get(f.ruleId);
    if (!fixes) byRule.set(f.ruleId, (fixes = new Map()));
    const l = fixes.get(f.fix);
    if (l) l.push(f);
    else fixes.set(f.fix, [f]);
  }
  for (const [ruleId, fixes] of byRule) {
    const n = [...fixes.values()].reduce((a, l) => a + l.length, 0);
    yield `<details><summary>How to fix ${codeSpan(ruleId)} (${plural(n, 'finding')})</summary>`;
    yield '';
    if (fixes.size === 1) yield renderMessage([...fixes.keys()][0]!);
    else
      for (const [fix, list] of fixes)
        yield `- ${list.map((f) => `${mdCode(f.path)} line ${f.startLine}`).join(', ')} — ${renderMessage(fix)}`;
    yield '';
    yield '</details>';
    yield '';
  }
}

/** The lines under the verdict, one at a time, in the order they are shown. */
export function* bodyLines(findings: readonly Finding[], summary: Summary, opts: MarkdownOptions) {
  const base = opts.linkBase;
  if (opts.short) {
    const blocking = findings.filter((f) => atOrAbove(f.severity, summary.failOn));
    if (blocking.length > 0) {
      yield '### Blocking findings';
      yield '';
      for (const f of blocking.slice(0, SHORT_LIST)) yield findingLine(f, summary.failOn, base, true);
      yield '';
    }
    const rest = summary.total - blocking.length;
    const hidden = Math.max(0, blocking.length - SHORT_LIST);
    const more = [
      hidden > 0 ? `${plural(hidden, 'more blocking finding')}` : '',
      rest > 0 ? `${plural(rest, 'finding')}${summary.failOn === 'never' ? '' : ' below the threshold'}` : '',
      opts.suppressed && opts.suppressed.length > 0 ? 'the suppressed ones with their reasons' : '',
      blocking.length > 0 ? 'how to fix each rule' : '',
    ].filter(Boolean);
    if (more.length > 0 && opts.fullListAt) {
      const list = more.length === 1 ? more[0]! : `${more.slice(0, -1).join(', ')} and ${more.at(-1)!}`;
      yield `${list[0]!.toUpperCase()}${list.slice(1)}: in the ${opts.fullListAt}.`;
      yield '';
    }
    return;
  }
  if (findings.length > 0) {
    yield '### Findings by file';
    yield '';
    for (const [path, list] of groupByFile(findings)) {
      yield `#### ${mdCode(path)}`;
      yield '';
      for (const f of list) yield findingLine(f, summary.failOn, base);
      yield '';
    }
    yield* fixLines(findings);
  }
  if (opts.suppressedDetails && opts.suppressed && opts.suppressed.length > 0) {
    yield `<details><summary>Suppressed findings (${opts.suppressed.length}, not blocking)</summary>`;
    yield '';
    for (const f of opts.suppressed) yield suppressedItem(f, base);
    yield* ['', '</details>', ''];
  }
  if (opts.existing && opts.existing.length > 0) {
    yield `<details><summary>Existing findings not introduced by this change (${opts.existing.length}, not blocking)</summary>`;
    yield '';
    for (const f of opts.existing) yield findingLine(f, summary.failOn, base, true);
    yield* ['', '</details>', ''];
  }
}

/**
 * The summary shown in the job summary, check run and PR comment, a line at a time: the verdict,
 * the findings by file, the fix once per rule, then the suppressed and existing findings
 * collapsed. Lines are written until the byte budget would be exceeded; then a note says where
 * the rest is. Each line is made when its turn comes, so a report of any size is written without
 * being held whole.
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
