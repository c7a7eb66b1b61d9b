import { minimatch } from 'minimatch';
import type { IgnoreEntry } from '../config/schema.js';
import type { ConfigSource } from '../config/load.js';

/** A finding on its way through the engine: the public Finding plus what suppression needs. */
export interface PendingFinding {
  ruleId: string;
  path: string;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  message: string;
  scopeLine?: number;
  package?: string;
  image?: string;
}

export interface InlineIgnore {
  path: string;
  /** 1-based line of the comment. */
  line: number;
  column: number;
  rules: string[];
  reason?: string;
  /** True when the comment is alone on its line (then it covers the next line). */
  ownLine: boolean;
  used: boolean;
}

const MARKER = 'bulkhead-ignore';

/**
 * Finds `# bulkhead-ignore <rule>[,<rule>] -- <reason>` comments. Linear: one indexOf pass over the
 * text, then fixed work per occurrence.
 */
export function findInlineIgnores(path: string, text: string): InlineIgnore[] {
  const out: InlineIgnore[] = [];
  let from = 0;
  let line = 1;
  let counted = 0;
  for (;;) {
    const at = text.indexOf(MARKER, from);
    if (at === -1) break;
    from = at + MARKER.length;
    const lineStart = text.lastIndexOf('\n', at) + 1;
    let lineEnd = text.indexOf('\n', at);
    if (lineEnd === -1) lineEnd = text.length;
    const before = text.slice(lineStart, at);
    const hash = before.lastIndexOf('#');
    if (hash === -1 || before.slice(hash + 1).trim() !== '') continue;
    const after = text.slice(at + MARKER.length, lineEnd).replace(/\r$/, '');
    if (after !== '' && after[0] !== ' ' && after[0] !== '\t') continue;
    const sep = after.indexOf(' -- ');
    const idsPart = sep === -1 ? after.replace(/\s--\s*$/, '') : after.slice(0, sep);
    const reason = sep === -1 ? undefined : after.slice(sep + 4).trim() || undefined;
    const rules = idsPart
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    for (let i = text.indexOf('\n', counted); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) line++;
    counted = lineStart;
    out.push({
      path,
      line,
      column: hash + 1,
      rules,
      reason,
      ownLine: before.slice(0, hash).trim() === '',
      used: false,
    });
    from = lineEnd;
  }
  return out;
}

/** Whether an inline ignore covers a finding (same line, or the line above it or its statement). */
export function inlineCovers(ig: InlineIgnore, f: PendingFinding): boolean {
  if (!ig.rules.includes(f.ruleId)) return false;
  if (f.startLine === ig.line) return true;
  if (!ig.ownLine) return false;
  return f.startLine === ig.line + 1 || f.scopeLine === ig.line + 1;
}

/** Rules whose findings only an explicit ignore entry naming `package@version` can suppress. */
export const STRICT_SUPPRESSION = new Set(['lockfile/known-malicious']);

export interface ConfigIgnoreState {
  entry: IgnoreEntry;
  index: number;
  expired: boolean;
  used: boolean;
}

export function configIgnoreStates(entries: readonly IgnoreEntry[], today: string): ConfigIgnoreState[] {
  return entries.map((entry, index) => ({
    entry,
    index,
    expired: entry.until !== undefined && entry.until < today,
    used: false,
  }));
}

function packageMatches(want: string, have: string | undefined, strict: boolean): boolean {
  if (have === undefined) return false;
  if (want === have) return true;
  if (strict) return false;
  // `lodash` matches `lodash@4.17.21`; a scoped name keeps its leading @.
  const at = have.lastIndexOf('@');
  return at > 0 && have.slice(0, at) === want;
}

export function configCovers(st: ConfigIgnoreState, f: PendingFinding): boolean {
  const e = st.entry;
  if (st.expired || e.rule !== f.ruleId) return false;
  if (!minimatch(f.path, e.path, { dot: true })) return false;
  const strict = STRICT_SUPPRESSION.has(f.ruleId);
  if (strict && (e.package === undefined || !e.package.slice(1).includes('@'))) return false;
  if (e.package !== undefined && !packageMatches(e.package, f.package, strict)) return false;
  if (e.image !== undefined && e.image !== f.image) return false;
  return true;
}

export function configEntryLine(source: ConfigSource | undefined, index: number): number {
  return source?.ignoreLines[index] ?? 1;
}
