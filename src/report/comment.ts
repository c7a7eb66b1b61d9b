import type { ConfigUsed, Finding } from '../core/index.js';
import { codeSpan } from './escape.js';
import { renderMarkdown } from './markdown.js';
import { configLine, countSuppressed, suppressedLine } from './suppressed.js';
import type { Summary } from './summary.js';

/** GitHub rejects comment bodies of 65536 characters or more. */
export const MAX_COMMENT = 65_535;

/** A comment already on the pull request, as far as finding ours goes. */
export interface PostedComment {
  id: number;
  body: string;
  /** The author, as GitHub reports it: `user.login`, `user.id`, `user.type` ('User', 'Bot'). */
  userLogin?: string;
  userId?: number;
  userType?: string;
}

/** Who the token acts as: learned from the API (GraphQL `viewer`, else `GET /user`). */
export interface TokenIdentity {
  login: string;
  id?: number;
}

/**
 * The author of comments made with the workflow's default `GITHUB_TOKEN`. It is trusted only when
 * the token's own identity cannot be learned, and only as a Bot account: `[` and `]` cannot occur
 * in a user's login, so no person can hold it.
 */
export const GITHUB_ACTIONS_BOT = 'github-actions[bot]';

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

export function allClearBody(
  marker: string,
  title: string,
  headSha: string,
  context: readonly string[] = [],
): string {
  const extra = context.length > 0 ? `\n${context.join('<br>\n')}\n` : '';
  return `${marker}\n## ${title}\n\n✅ All clear: no findings in this pull request as of ${headSha.slice(0, 12)}.\n${extra}`;
}

/**
 * Whether the token wrote this comment. With the identity known, the author must be that
 * account (and a `[bot]` identity a Bot); unknown, only `github-actions[bot]` as a Bot counts,
 * which is who the default token comments as. Anyone else who copies the marker, a
 * collaborator or the pull request's author, gets a comment of their own left alone.
 */
export function authoredByToken(c: PostedComment, me: TokenIdentity | undefined): boolean {
  if (c.userLogin === undefined) return false;
  const login = c.userLogin.toLowerCase();
  if (me === undefined) return c.userType === 'Bot' && login === GITHUB_ACTIONS_BOT;
  if (login !== me.login.toLowerCase()) return false;
  if (me.id !== undefined && c.userId !== undefined && c.userId !== me.id) return false;
  return !me.login.endsWith('[bot]') || c.userType === 'Bot';
}

/** Our comment: the marker opens the body and the token wrote it; the oldest such one. */
export function findSticky<C extends PostedComment>(
  comments: readonly C[],
  marker: string,
  me: TokenIdentity | undefined,
): C | undefined {
  return comments.find((c) => c.body.startsWith(marker) && authoredByToken(c, me));
}

export interface CommentReport {
  findings: readonly Finding[];
  /** Hidden by an ignore: counted by rule in the comment, the "all clear" included. */
  suppressed: readonly Finding[];
  /** The configuration that gated the run. */
  config: ConfigUsed;
  summary: Summary;
  notes: readonly string[];
  /** The check name: titles the comment and names its marker. */
  name: string;
  linkBase?: string;
  headSha: string;
  /** The check run's page and the workflow run's (whose summary has the full list), when known. */
  checkRunUrl?: string;
  summaryUrl?: string;
}

/** Trusted markdown naming where the full list is: the check run and the job summary, linked when known. */
export function fullListAt(checkRunUrl?: string, summaryUrl?: string): string {
  const run = checkRunUrl ? `[check run](${checkRunUrl})` : undefined;
  const sum = summaryUrl ? `[job summary](${summaryUrl})` : 'job summary';
  return run ? `${run} or the ${sum}` : sum;
}

/** The comment's two possible bodies: the findings, and the "all clear" that replaces them. */
export function commentReport(r: CommentReport): { marker: string; body: string; allClear: string } {
  const marker = commentMarker(r.name);
  // The short form: the verdict and the blocking findings; the rest is one link away.
  const markdown = renderMarkdown(r.findings, r.summary, {
    title: r.name,
    notes: r.notes,
    ...(r.linkBase ? { linkBase: r.linkBase } : {}),
    suppressed: r.suppressed,
    config: r.config,
    short: true,
    fullListAt: fullListAt(r.checkRunUrl, r.summaryUrl),
    maxBytes: 60_000,
    truncationNote: 'The full list is in the job summary.',
  });
  // An "all clear" that hides what an ignore silenced, or under whose config, would be a false one.
  const context = [
    ...(r.suppressed.length > 0
      ? [
          `🔕 ${suppressedLine(countSuppressed(r.suppressed), codeSpan)} (see the job summary for the reasons).`,
        ]
      : []),
    `${configLine(r.config, codeSpan)}.`,
  ];
  return {
    marker,
    body: commentBody(marker, markdown),
    allClear: allClearBody(marker, r.name, r.headSha, context),
  };
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
  opts: {
    mode: StickyMode;
    marker: string;
    findings: number;
    body: string;
    allClear: string;
    /** The token's identity; undefined when the API would not say. */
    me: TokenIdentity | undefined;
  },
): CommentPlan {
  const existing = findSticky(comments, opts.marker, opts.me);
  const body = opts.findings > 0 || opts.mode === 'always' ? opts.body : opts.allClear;
  if (!existing) {
    return opts.findings === 0 && opts.mode === 'on-findings'
      ? { action: 'skip' }
      : { action: 'create', body };
  }
  return existing.body === body ? { action: 'skip' } : { action: 'update', id: existing.id, body };
}
