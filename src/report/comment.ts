import type { GitHubApi, IssueComment } from '../github/api.js';
import type { PrCommentMode } from '../github/inputs.js';
import type { WriteGuard } from '../github/permissions.js';

/** GitHub rejects comment bodies of 65536 characters or more. */
export const MAX_COMMENT = 65_535;
/** Comments scanned for our marker before giving up and creating a new one. */
const MAX_COMMENTS_SCANNED = 3000;

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
export function findSticky(comments: readonly IssueComment[], marker: string): IssueComment | undefined {
  const ours = comments.filter((c) => c.body.startsWith(marker));
  return ours.find((c) => c.userType === 'Bot') ?? ours[0];
}

export type CommentAction = 'created' | 'updated' | 'skipped';

/**
 * The sticky PR comment: `always` writes it every run; `on-findings` writes it when there are
 * findings and, once it exists, turns it into "all clear" when they are gone.
 */
export async function publishComment(
  api: GitHubApi,
  guard: WriteGuard,
  opts: {
    prNumber: number;
    mode: PrCommentMode;
    marker: string;
    findings: number;
    body: string;
    allClear: string;
  },
): Promise<CommentAction> {
  if (opts.mode === 'off') return 'skipped';
  const comments = await guard.run('PR comment', 'read the pull request comments', () =>
    api.listIssueComments(opts.prNumber, MAX_COMMENTS_SCANNED),
  );
  if (comments === undefined) return 'skipped';
  const existing = findSticky(comments, opts.marker);
  const body = opts.findings > 0 ? opts.body : opts.mode === 'always' ? opts.body : opts.allClear;
  if (!existing) {
    if (opts.findings === 0 && opts.mode === 'on-findings') return 'skipped';
    const res = await guard.run('PR comment', 'comment on the pull request', () =>
      api.createIssueComment(opts.prNumber, body),
    );
    return res ? 'created' : 'skipped';
  }
  if (existing.body === body) return 'skipped';
  const ok = await guard.run('PR comment', 'update the pull request comment', async () => {
    await api.updateIssueComment(existing.id, body);
    return true;
  });
  return ok ? 'updated' : 'skipped';
}
