import type { Finding } from '../core/index.js';
import { renderMarkdown } from './markdown.js';
import type { Summary } from './summary.js';

/** GitHub rejects comment bodies of 65536 characters or more. */
export const MAX_COMMENT = 65_535;

/** A comment already on the pull request, as far as finding ours goes. */
export interface PostedComment {
  id: number;
  body: string;
  userType?: string;
}

/** The hidden line that identifies our sticky comment; one per check name. */
export function commentMarker(checkName: string): string {
  // Only characters that cannot end or upset an HTML comment (`--` is not allowed inside one).
  const id = checkName
    .replace(/[^A-Za-z0-9 _.-]/g, '_')
    .replace(/-{2,}/g, '-')
    .slice(0, 100);
  return `<!-- bulkhead-comment: ${id} -->`;
}

/** Marker first, then the markdown, cut on a line boundary to fit with a note. */
export function commentBody(
  marker: string,
  markdown: string,
  note = 'The full list is in the job summary.',
): string {
  const full = `${marker}\n${markdown}`;
  if (full.length <= MAX_COMMENT) return full;
  const tail = `\n\n> ⚠️ Truncated to fit a comment. ${note}\n`;
  let cutAt = MAX_COMMENT - tail.length;
  const code = full.charCodeAt(cutAt - 1);
  if (code >= 0xd800 && code <= 0xdbff) cutAt--;
  const head = full.slice(0, cutAt);
  const line = head.lastIndexOf('\n');
  let body = line > marker.length ? head.slice(0, line) : head;
  // A cut inside <details> would swallow the note.
  if (body.split('<details>').length > body.split('</details>').length) body += '\n\n</details>';
  return (body + tail).slice(0, MAX_COMMENT);
}

export function allClearBody(marker: string, title: string, headSha: string): string {
  return `${marker}\n## ${title}\n\n✅ All clear: no findings in this pull request as of ${headSha.slice(0, 12)}.\n`;
}

/** Our comment: the marker opens the body. A bot-authored one wins over a user who copied it. */
export function findSticky<C extends PostedComment>(comments: readonly C[], marker: string): C | undefined {
  const ours = comments.filter((c) => c.body.startsWith(marker));
  return ours.find((c) => c.userType === 'Bot') ?? ours[0];
}

export interface CommentReport {
  findings: readonly Finding[];
  summary: Summary;
  notes: readonly string[];
  /** The check name: titles the comment and names its marker. */
  name: string;
  linkBase?: string;
  headSha: string;
}

/** The comment's two possible bodies: the findings, and the "all clear" that replaces them. */
export function commentReport(r: CommentReport): { marker: string; body: string; allClear: string } {
  const marker = commentMarker(r.name);
  const markdown = renderMarkdown(r.findings, r.summary, {
    title: r.name,
    notes: r.notes,
    ...(r.linkBase ? { linkBase: r.linkBase } : {}),
    maxBytes: 60_000,
    truncationNote: 'The full list is in the job summary.',
  });
  return { marker, body: commentBody(marker, markdown), allClear: allClearBody(marker, r.name, r.headSha) };
}

/** `on-findings` writes only when there is something to say, or to retract what it said. */
export type StickyMode = 'on-findings' | 'always';

export type CommentPlan =
  { action: 'create'; body: string } | { action: 'update'; id: number; body: string } | { action: 'skip' };

/**
 * The sticky PR comment: `always` writes it every run; `on-findings` writes it when there are
 * findings and, once it exists, turns it into "all clear" when they are gone. An unchanged body is
 * not rewritten.
 */
export function planComment(
  comments: readonly PostedComment[],
  opts: { mode: StickyMode; marker: string; findings: number; body: string; allClear: string },
): CommentPlan {
  const existing = findSticky(comments, opts.marker);
  const body = opts.findings > 0 || opts.mode === 'always' ? opts.body : opts.allClear;
  if (!existing) {
    return opts.findings === 0 && opts.mode === 'on-findings'
      ? { action: 'skip' }
      : { action: 'create', body };
  }
  return existing.body === body ? { action: 'skip' } : { action: 'update', id: existing.id, body };
}
