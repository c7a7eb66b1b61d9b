import { minimatch } from 'minimatch';
import type { IgnoreEntry } from '../config/schema.js';
import type { ConfigSource } from '../config/load.js';
import { findComments, type CommentSyntax, type CommentToken } from '../formats/comments.js';

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
 * Finds `bulkhead-ignore <rule>[,<rule>] -- <reason>` directives: comments of the file's format
 * (`#`, `;`, `//` as the format has them) whose text starts with the marker. The marker anywhere
 * else (a JSON string, a YAML block scalar, a heredoc body, a file format without comments) is
 * inert text: it hides nothing and the finding it names is still reported.
 */
export async function findInlineIgnores(
  path: string,
  text: string,
  syntax: CommentSyntax,
): Promise<InlineIgnore[]> {
  // Most files hold no marker: skip the comment scan (a YAML lex of a 64 MB lockfile) for them.
  if (syntax === 'none' || !text.includes(MARKER)) return [];
  return ignoresInComments(path, text, await findComments(text, syntax));
}

/**
 * The directives among comment tokens given in text order. Linear in the text: each comment's
 * text is read once, and line numbers are counted forward from the previous comment.
 */
export function ignoresInComments(
  path: string,
  text: string,
  comments: readonly CommentToken[],
): InlineIgnore[] {
  const out: InlineIgnore[] = [];
  let line = 1;
  let counted = 0; // newlines before `counted` are already in `line`
  let lineStart = 0;
  let lineEnd = -1; // end of the line holding lineStart; -1 = not computed yet
  for (const c of comments) {
    let at = c.body;
    while (at < c.end && (text[at] === ' ' || text[at] === '\t')) at++;
    if (!text.startsWith(MARKER, at) || at + MARKER.length > c.end) continue;
    const after = text.slice(at + MARKER.length, c.end);
    if (after !== '' && after[0] !== ' ' && after[0] !== '\t') continue;
    const sep = after.indexOf(' -- ');
    const idsPart = sep === -1 ? after.replace(/\s--\s*$/, '') : after.slice(0, sep);
    const reason = sep === -1 ? undefined : after.slice(sep + 4).trim() || undefined;
    const rules = idsPart
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean);
    if (c.at > lineEnd) {
      lineStart = text.lastIndexOf('\n', c.at) + 1;
      lineEnd = text.indexOf('\n', c.at);
      if (lineEnd === -1) lineEnd = text.length;
      for (let i = text.indexOf('\n', counted); i !== -1 && i < c.at; i = text.indexOf('\n', i + 1)) line++;
      counted = lineStart;
    }
    // Only blanks before the opener: walks back over blanks only, so comments sharing a line stay linear.
    let before = c.at - 1;
    while (before >= lineStart && /[ \t\r\uFEFF]/.test(text[before]!)) before--;
    out.push({
      path,
      line,
      column: c.at - lineStart + 1,
      rules,
      reason,
      ownLine: before < lineStart,
      used: false,
    });
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
