/**
 * Review suggestions and the fix patch, as pure functions: which mechanical fixes can be shown as
 * a GitHub ```suggestion block on the pull request's diff, what those review comments say, how a
 * second run reconciles with the comments the first one left, and the job-summary section that
 * carries every other fix as one `git apply`-able patch. No I/O here: the publisher
 * (github/publish/review-suggestions.ts) reads the files and talks to the API.
 */
import { createHash } from 'node:crypto';
import type { Finding, TextEdit } from '../core/index.js';
import { applyEdits } from '../fix/apply.js';
import { unifiedDiff } from '../fix/diff.js';
import { authoredByToken, type PostedComment, type TokenIdentity } from './comment.js';
import { mdCode, renderMessage } from './escape.js';

/** GitHub rejects a review comment body of 65536 characters or more (as for issue comments). */
export const MAX_REVIEW_COMMENT = 65_535;
/**
 * Comments in one review. GitHub documents no number, but large reviews fail in practice (422
 * "endpoint has been spammed", 502 on GHES; clang-tidy-review and pronto cap theirs), and a
 * pull request with hundreds of bot threads is hard to open. The rest go into the patch.
 */
export const MAX_REVIEW_COMMENTS = 50;
/** All comment bodies of one review together: a request of megabytes is asking for a refusal. */
export const MAX_REVIEW_BYTES = 1_000_000;
/** A patch in the job summary bigger than this is not shown whole: the files that fit are, and the rest are named. */
export const MAX_PATCH_BYTES = 400_000;
/** A `patch` from GitHub's file list longer than this is not parsed: its fixes go into the patch. */
export const MAX_FILE_PATCH = 1_000_000;

/** The right-hand side of one hunk of a pull request's diff: the head's lines it shows. */
export interface Hunk {
  /** First and last head line the hunk shows (context included); end < start for an empty side. */
  start: number;
  end: number;
  /** The head's text of each line, from `start`, as the diff shows it (no line break). */
  lines: string[];
}

/**
 * The hunks of one file's `patch` as GitHub's pull-request file list gives it. Review comments
 * may target any right-side line inside a hunk: added lines and the context around them. A patch
 * that does not parse gives no hunks (its fixes then go into the job-summary patch).
 */
export function parseHunks(patch: string): Hunk[] {
  if (patch.length > MAX_FILE_PATCH) return [];
  const out: Hunk[] = [];
  let cur: Hunk | undefined;
  let line = 0;
  for (const raw of patch.split('\n')) {
    if (raw.startsWith('@@')) {
      // Anchored, no nested quantifiers: linear on any input.
      const m = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(raw);
      if (!m) return [];
      const start = Number(m[1]);
      const count = m[2] === undefined ? 1 : Number(m[2]);
      cur = { start, end: start + count - 1, lines: [] };
      out.push(cur);
      line = start;
      continue;
    }
    if (!cur) continue;
    const tag = raw[0];
    if (tag === ' ' || tag === '+') {
      cur.lines.push(raw.slice(1));
      line++;
    } else if (tag === '-' || tag === '\\') {
      // A removed line or "\ No newline at end of file": nothing on the right side.
    } else if (raw === '' && line > cur.end) {
      // The patch's final newline.
    } else if (raw === '') {
      // An empty context line whose leading space was stripped on the way.
      cur.lines.push('');
      line++;
    } else {
      return [];
    }
  }
  // A hunk whose header disagrees with its body is not trusted.
  return out.every((h) => h.lines.length === Math.max(0, h.end - h.start + 1)) ? out : [];
}

/** One review comment as the create-review request takes it. */
export interface ReviewCommentDraft {
  path: string;
  body: string;
  line: number;
  side: 'RIGHT';
  start_line?: number;
  start_side?: 'RIGHT';
}

/** A review comment already on the pull request, as far as reconciling goes. */
export interface PostedReviewComment extends PostedComment {
  path: string;
  /** The head line it sits on now; undefined once outdated (GitHub answers null). */
  line?: number;
  startLine?: number;
  /** Set on a reply: the comment it answers. */
  inReplyTo?: number;
}

/** One file the fixes touch: its text in the workspace and the pull request's hunks for it. */
export interface FixFile {
  /** The workspace's text; undefined when it could not be read (the reason in `unreadable`). */
  text?: string;
  unreadable?: string;
  /** Undefined: the file is not in the pull request's diff (or GitHub gave no patch for it). */
  hunks?: Hunk[];
}

/** Findings whose edits sit on one run of lines, fixed together (their edits may touch). */
export interface FixGroup {
  path: string;
  startLine: number;
  endLine: number;
  findings: Finding[];
  edits: TextEdit[];
}

/** Where a group went and why, for the notes. */
export type PatchReason = 'outside-diff' | 'crlf' | 'mismatch' | 'too-long' | 'cap' | 'refused' | 'failed';

export interface SuggestionPlan {
  /** One comment per group, keyed by its marker. */
  comments: { key: string; draft: ReviewCommentDraft; group: FixGroup }[];
  /** Groups that go into the patch instead, with why. */
  patched: { group: FixGroup; reason: PatchReason }[];
  /** Files whose fixes cannot be shown at all (unreadable), with why. */
  unreadable: { path: string; why: string }[];
}

/** Findings with known edits, grouped by file and by overlapping lines (sorted). */
export function fixGroups(findings: readonly Finding[]): FixGroup[] {
  const byPath = new Map<string, { startLine: number; endLine: number; finding: Finding }[]>();
  for (const f of findings) {
    const edits = f.autofix?.edits;
    if (!edits || edits.length === 0) continue;
    let startLine = Infinity;
    let endLine = 0;
    for (const e of edits) {
      startLine = Math.min(startLine, e.span.line);
      endLine = Math.max(endLine, e.span.endLine);
    }
    const list = byPath.get(f.path) ?? [];
    list.push({ startLine, endLine, finding: f });
    byPath.set(f.path, list);
  }
  const out: FixGroup[] = [];
  for (const path of [...byPath.keys()].sort()) {
    const items = byPath.get(path)!.sort((a, b) => a.startLine - b.startLine || a.endLine - b.endLine);
    let cur: FixGroup | undefined;
    for (const it of items) {
      const edits = it.finding.autofix!.edits!;
      if (cur && it.startLine <= cur.endLine) {
        cur.endLine = Math.max(cur.endLine, it.endLine);
        cur.findings.push(it.finding);
        cur.edits.push(...edits);
      } else {
        cur = {
          path,
          startLine: it.startLine,
          endLine: it.endLine,
          findings: [it.finding],
          edits: [...edits],
        };
        out.push(cur);
      }
    }
  }
  return out;
}

/** The longest run of backticks in `s`. */
function longestBacktickRun(s: string): number {
  let best = 0;
  let run = 0;
  for (const c of s) {
    run = c === '`' ? run + 1 : 0;
    if (run > best) best = run;
  }
  return best;
}

/**
 * A fenced block nothing inside can close: the backtick fence is longer than any run of backticks
 * in the content (at least three), and a closing fence must be at least as long as the opening one.
 */
export function fencedBlock(info: string, content: string): string {
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(content) + 1));
  const body = content === '' ? '' : content.endsWith('\n') ? content : `${content}\n`;
  return `${fence}${info}\n${body}${fence}`;
}

/** The hidden first line of our review comments; `key` names the findings it fixes. */
export function suggestionMarker(checkName: string, key?: string): string {
  const id = checkName
    .replace(/[^A-Za-z0-9 _.-]/g, '_')
    .replace(/-{2,}/g, '-')
    .slice(0, 100);
  return `<!-- bulkhead-suggestion: ${id}${key === undefined ? '' : ` ${key}`} -->`;
}

/**
 * The key of one of our suggestion comments under this check name, read from its first line, or
 * undefined when the comment is not one (another check name's, which a prefix test would confuse
 * when one name starts with the other, or no marker at all).
 */
export function suggestionKey(body: string, checkName: string): string | undefined {
  const open = suggestionMarker(checkName).slice(0, -' -->'.length) + ' ';
  const nl = body.indexOf('\n');
  const first = nl < 0 ? body : body.slice(0, nl);
  if (!first.startsWith(open)) return undefined;
  const rest = first.slice(open.length);
  return /^[0-9a-f]{16} -->$/.test(rest) ? rest.slice(0, 16) : undefined;
}

/** The marker of our reviews' bodies. */
export function reviewMarker(checkName: string): string {
  return suggestionMarker(checkName).replace('bulkhead-suggestion', 'bulkhead-review');
}

/** Stable across pushes that move lines: the file and the findings' fingerprints. */
export function groupKey(group: FixGroup): string {
  const fps = group.findings.map((f) => f.fingerprint).sort();
  return createHash('sha256')
    .update(`${group.path}\0${fps.join('\0')}`)
    .digest('hex')
    .slice(0, 16);
}

/** The start offset of each line (1-based index), and the text's length at the end. */
function lineStarts(text: string): number[] {
  const starts = [0, 0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** The text of lines `from`..`to` without the final line break, or undefined when out of range. */
function linesOf(text: string, starts: number[], from: number, to: number): string | undefined {
  const last = starts.length - 1;
  if (from < 1 || to > last || from > to) return undefined;
  const begin = starts[from]!;
  const end = to < last ? starts[to + 1]! - 1 : text.length;
  return text.slice(begin, end);
}

/**
 * The new text of the group's lines: the group's edits applied to the whole file, less the
 * unchanged text before its first line and after its last. Undefined when an edit was dropped
 * (the suggestion would not be what `bulkhead fix` does).
 */
function newLines(text: string, group: FixGroup): string | undefined {
  const starts = lineStarts(text);
  const last = starts.length - 1;
  if (group.startLine < 1 || group.endLine > last) return undefined;
  const res = applyEdits(text, group.edits);
  if (res.dropped.length > 0) return undefined;
  const prefix = starts[group.startLine]!;
  const suffix = group.endLine < last ? text.length - (starts[group.endLine + 1]! - 1) : 0;
  if (res.text.length - suffix < prefix) return undefined;
  return res.text.slice(prefix, res.text.length - suffix);
}

/** The comment's text: the marker, what each finding is, and the suggestion block. */
export function suggestionBody(
  marker: string,
  checkName: string,
  group: FixGroup,
  replacement: string,
): string {
  const lines = [marker];
  for (const f of group.findings) {
    const title = f.autofix?.title ? ` Fix: ${renderMessage(f.autofix.title)}.` : '';
    lines.push(
      `**${renderMessage(checkName)}** ${mdCode(f.ruleId)} (${f.severity}): ${renderMessage(f.message)}${title}`,
    );
    lines.push('');
  }
  lines.push(fencedBlock('suggestion', replacement));
  return lines.join('\n') + '\n';
}

/**
 * Which groups become review comments: every line they touch is a right-side line of one hunk,
 * the workspace's text of those lines is what the diff shows (on a merge checkout it may not be),
 * the lines hold no carriage return (a suggestion block cannot keep one), and the body fits.
 * At most `maxComments`; the rest, and every group that fails a test, go into the patch.
 */
export function planSuggestions(
  groups: readonly FixGroup[],
  files: ReadonlyMap<string, FixFile>,
  opts: { checkName: string; maxComments?: number; maxBody?: number; maxTotal?: number },
): SuggestionPlan {
  const maxComments = opts.maxComments ?? MAX_REVIEW_COMMENTS;
  const maxTotal = opts.maxTotal ?? MAX_REVIEW_BYTES;
  let total = 0;
  const maxBody = opts.maxBody ?? MAX_REVIEW_COMMENT;
  const plan: SuggestionPlan = { comments: [], patched: [], unreadable: [] };
  const unreadable = new Set<string>();
  for (const group of groups) {
    const file = files.get(group.path);
    if (file?.text === undefined) {
      if (!unreadable.has(group.path)) {
        unreadable.add(group.path);
        plan.unreadable.push({ path: group.path, why: file?.unreadable ?? 'not read' });
      }
      continue;
    }
    const hunk = file.hunks?.find((h) => h.start <= group.startLine && group.endLine <= h.end);
    if (!hunk) {
      plan.patched.push({ group, reason: 'outside-diff' });
      continue;
    }
    const text = file.text;
    const starts = lineStarts(text);
    const current = linesOf(text, starts, group.startLine, group.endLine);
    const shown = hunk.lines.slice(group.startLine - hunk.start, group.endLine - hunk.start + 1).join('\n');
    if (current === undefined || current !== shown) {
      plan.patched.push({ group, reason: 'mismatch' });
      continue;
    }
    // The line break after the last line belongs to it too: a CRLF file keeps its CRs only in the patch.
    const after = group.endLine < starts.length - 1 ? text[starts[group.endLine + 1]! - 2] : undefined;
    if (current.includes('\r') || after === '\r') {
      plan.patched.push({ group, reason: 'crlf' });
      continue;
    }
    const replacement = newLines(text, group);
    if (replacement === undefined || replacement.includes('\r')) {
      plan.patched.push({ group, reason: 'mismatch' });
      continue;
    }
    const key = groupKey(group);
    const body = suggestionBody(suggestionMarker(opts.checkName, key), opts.checkName, group, replacement);
    if (body.length > maxBody) {
      plan.patched.push({ group, reason: 'too-long' });
      continue;
    }
    const bytes = Buffer.byteLength(body, 'utf8');
    if (plan.comments.length >= maxComments || total + bytes > maxTotal) {
      plan.patched.push({ group, reason: 'cap' });
      continue;
    }
    total += bytes;
    const draft: ReviewCommentDraft = {
      path: group.path,
      body,
      line: group.endLine,
      side: 'RIGHT',
      // GitHub refuses a start_line equal to line ("must precede the end line").
      ...(group.startLine < group.endLine
        ? { start_line: group.startLine, start_side: 'RIGHT' as const }
        : {}),
    };
    plan.comments.push({ key, draft, group });
  }
  return plan;
}

/** What to do with the comments a previous run left, and which drafts still need posting. */
export interface Reconciliation {
  /** Drafts with no current comment of ours: posted in this run's one review. */
  create: ReviewCommentDraft[];
  /** Our comments at the right place whose text changed. */
  update: { id: number; body: string }[];
  /** Ours that no longer apply (fixed, moved, outdated) and that nobody answered. */
  remove: number[];
  /** Ours that no longer apply but have replies: kept for the thread, their text says so. */
  retire: { id: number; body: string }[];
  /** Ours left as they are. */
  keep: number;
}

/** The note that replaces a stale suggestion somebody answered: the thread stays, the block goes. */
export function retiredBody(marker: string, headSha: string): string {
  return `${marker}\n_This suggestion no longer applies as of ${headSha.slice(0, 12)} (fixed, or the lines changed)._\n`;
}

/**
 * A second run updates rather than duplicates. Our comments are found by the marker and by author
 * (the token's own account, as for the sticky comment). One at the same lines with the same key
 * is kept (or its text PATCHed); GitHub cannot move a comment, so one whose finding moved or
 * whose line went outdated is deleted and posted again in the new review. One whose finding is
 * gone is deleted, unless somebody replied to it: then its text is replaced by a note, so the
 * conversation keeps its first message. Replies and other people's comments are never touched.
 */
export function reconcile(
  posted: readonly PostedReviewComment[],
  plan: SuggestionPlan,
  opts: { checkName: string; headSha: string; me: TokenIdentity | undefined },
): Reconciliation {
  const answered = new Set(posted.flatMap((c) => (c.inReplyTo !== undefined ? [c.inReplyTo] : [])));
  const ours = posted.filter(
    (c) =>
      c.inReplyTo === undefined &&
      suggestionKey(c.body, opts.checkName) !== undefined &&
      authoredByToken(c, opts.me),
  );
  const out: Reconciliation = { create: [], update: [], remove: [], retire: [], keep: 0 };
  const used = new Set<number>();
  for (const { key, draft } of plan.comments) {
    const same = ours.find(
      (c) =>
        !used.has(c.id) &&
        suggestionKey(c.body, opts.checkName) === key &&
        c.path === draft.path &&
        c.line === draft.line &&
        (c.startLine ?? c.line) === (draft.start_line ?? draft.line),
    );
    if (!same) {
      out.create.push(draft);
      continue;
    }
    used.add(same.id);
    if (same.body === draft.body) out.keep++;
    else out.update.push({ id: same.id, body: draft.body });
  }
  for (const c of ours) {
    if (used.has(c.id)) continue;
    if (!answered.has(c.id)) {
      out.remove.push(c.id);
      continue;
    }
    const body = retiredBody(
      suggestionMarker(opts.checkName, suggestionKey(c.body, opts.checkName)),
      opts.headSha,
    );
    if (c.body !== body) out.retire.push({ id: c.id, body });
  }
  return out;
}

/** The review's own text: the marker and one line of counts. */
export function reviewBody(checkName: string, posted: number, patched: number): string {
  const s = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const rest =
    patched > 0 ? ` ${s(patched, 'other fix is', 'other fixes are')} in the job summary as a patch.` : '';
  return `${reviewMarker(checkName)}\n**${renderMessage(checkName)}**: ${s(posted, 'suggested fix', 'suggested fixes')} on the changed lines.${rest}\n`;
}

/** The per-file diffs of every group's edits (each file's edits applied together). */
export function fixPatch(
  groups: readonly FixGroup[],
  files: ReadonlyMap<string, FixFile>,
): { diffs: { path: string; diff: string }[]; dropped: number } {
  const byPath = new Map<string, TextEdit[]>();
  for (const g of groups) byPath.set(g.path, [...(byPath.get(g.path) ?? []), ...g.edits]);
  const diffs: { path: string; diff: string }[] = [];
  let dropped = 0;
  for (const path of [...byPath.keys()].sort()) {
    const text = files.get(path)?.text;
    if (text === undefined) continue;
    const res = applyEdits(text, byPath.get(path)!);
    dropped += res.dropped.length;
    if (res.text === text) continue;
    diffs.push({ path, diff: unifiedDiff(path, text, res.text) });
  }
  return { diffs, dropped };
}

const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');

/**
 * The job-summary section with the patch: the notes (trusted markdown), how to apply it, and the
 * diffs in one fence nothing inside can close. Whole files only: when the diffs do not fit in
 * `maxBytes`, the files left out are named, never cut in the middle (a cut patch does not apply).
 */
export function renderPatchSection(
  diffs: readonly { path: string; diff: string }[],
  notes: readonly string[],
  maxBytes = MAX_PATCH_BYTES,
): string {
  if (diffs.length === 0 && notes.length === 0) return '';
  const out = ['', '### Fixes as a patch', ''];
  for (const n of notes) out.push(`- ${n}`);
  if (notes.length > 0) out.push('');
  if (diffs.length === 0) return out.join('\n') + '\n';
  const kept: string[] = [];
  const left: string[] = [];
  let size = 0;
  for (const d of diffs) {
    const n = utf8(d.diff);
    if (left.length === 0 && size + n <= maxBytes) {
      kept.push(d.diff);
      size += n;
    } else {
      left.push(d.path);
    }
  }
  if (kept.length > 0) {
    out.push(
      'Save the block as `bulkhead.patch` and run `git apply bulkhead.patch` at the repository root, or run `bulkhead fix --write`.',
      '',
      fencedBlock('diff', kept.join('')),
      '',
    );
  }
  if (left.length > 0) {
    const names = left.slice(0, 20).map((p) => mdCode(p));
    const more = left.length > 20 ? ` and ${left.length - 20} more` : '';
    out.push(
      `The fixes for ${left.length} more file${left.length === 1 ? '' : 's'} did not fit here (${names.join(', ')}${more}): run \`bulkhead fix\` for them.`,
      '',
    );
  }
  return out.join('\n');
}

/** Why groups went into the patch, as one trusted markdown line each. */
export function patchNotes(patched: SuggestionPlan['patched'], onPr: boolean): string[] {
  const count = (r: PatchReason) => patched.filter((p) => p.reason === r).length;
  const n = (k: number) => `${k} fix${k === 1 ? '' : 'es'}`;
  const notes: string[] = [];
  const outside = count('outside-diff');
  if (outside > 0)
    notes.push(
      onPr
        ? `${n(outside)} on lines outside the pull request's diff.`
        : `${n(outside)} (no pull request diff to suggest on).`,
    );
  if (count('crlf') > 0)
    notes.push(`${n(count('crlf'))} on CRLF lines, which a suggestion block cannot keep.`);
  if (count('mismatch') > 0)
    notes.push(
      `${n(count('mismatch'))} whose lines differ from the diff's (a merge checkout, or edits that overlap).`,
    );
  if (count('too-long') > 0) notes.push(`${n(count('too-long'))} too long for a review comment.`);
  if (count('cap') > 0)
    notes.push(`${n(count('cap'))} over the ${MAX_REVIEW_COMMENTS} suggestions one review carries.`);
  return notes;
}
