import type { Octokit } from './octokit.js';
import type { CheckRunUpdate } from '../report/check-run.js';
import type { PostedComment, TokenIdentity } from '../report/comment.js';
import type { PostedReviewComment, ReviewCommentDraft } from '../report/suggestions.js';

/** The check-run payloads are rendered by report/; this is the request that carries them. */
export interface CheckRunCreate extends CheckRunUpdate {
  name: string;
  head_sha: string;
}

export interface ChangedFile {
  path: string;
  /** For renames: the path in the base. */
  previousPath?: string;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
}

/**
 * The few REST operations the action uses, behind an interface so the publishers are tested with
 * fakes and the wire format is tested end to end against a local server.
 */
export interface GitHubApi {
  createCheckRun(body: CheckRunCreate): Promise<{ id: number; htmlUrl?: string }>;
  updateCheckRun(id: number, body: CheckRunUpdate): Promise<void>;
  /** Up to `limit` files (GitHub stops at 3000). */
  listPullFiles(prNumber: number, limit: number): Promise<ChangedFile[]>;
  /** Files changed between two commits; `truncated` when GitHub's 300-file cap was hit. */
  compareFiles(base: string, head: string): Promise<{ files: ChangedFile[]; truncated: boolean }>;
  /** A file's text at a commit; undefined when it does not exist there. */
  getFileAtRef(path: string, ref: string): Promise<string | undefined>;
  listIssueComments(issueNumber: number, limit: number): Promise<PostedComment[]>;
  /**
   * The account the token acts as; undefined when GitHub will not say (never throws). The
   * sticky comment is only ever one this account wrote.
   */
  viewer(): Promise<TokenIdentity | undefined>;
  createIssueComment(issueNumber: number, body: string): Promise<{ id: number }>;
  updateIssueComment(commentId: number, body: string): Promise<void>;
  /** Up to `limit` files of a pull request with their diff hunks (`patch` is absent for big or binary files). */
  listPullPatches(prNumber: number, limit: number): Promise<{ path: string; patch?: string }[]>;
  /** Up to `limit` review comments (on the diff) of a pull request, oldest first. */
  listReviewComments(prNumber: number, limit: number): Promise<PostedReviewComment[]>;
  /** One submitted review (event COMMENT) with its comments on the head commit. */
  createReview(
    prNumber: number,
    review: { commitId: string; body: string; comments: ReviewCommentDraft[] },
  ): Promise<{ id: number }>;
  updateReviewComment(commentId: number, body: string): Promise<void>;
  deleteReviewComment(commentId: number): Promise<void>;
}

const STATUSES = new Set<ChangedFile['status']>([
  'added',
  'removed',
  'modified',
  'renamed',
  'copied',
  'changed',
  'unchanged',
]);

function changedFile(f: { filename: string; status: string; previous_filename?: string }): ChangedFile {
  const status = STATUSES.has(f.status as ChangedFile['status'])
    ? (f.status as ChangedFile['status'])
    : 'modified';
  return {
    path: f.filename,
    status,
    ...(f.previous_filename && f.previous_filename !== f.filename
      ? { previousPath: f.previous_filename }
      : {}),
  };
}

export function restApi(octokit: Octokit, owner: string, repo: string): GitHubApi {
  const r = { owner, repo };
  return {
    async createCheckRun(body) {
      const res = await octokit.rest.checks.create({ ...r, ...body });
      return { id: res.data.id, ...(res.data.html_url ? { htmlUrl: res.data.html_url } : {}) };
    },
    async updateCheckRun(id, body) {
      await octokit.rest.checks.update({ ...r, check_run_id: id, ...body });
    },
    async listPullFiles(prNumber, limit) {
      const out: ChangedFile[] = [];
      for await (const page of octokit.paginate.iterator(octokit.rest.pulls.listFiles, {
        ...r,
        pull_number: prNumber,
        per_page: 100,
      })) {
        for (const f of page.data) out.push(changedFile(f));
        if (out.length >= limit) break;
      }
      return out.slice(0, limit);
    },
    async compareFiles(base, head) {
      const res = await octokit.rest.repos.compareCommitsWithBasehead({
        ...r,
        basehead: `${base}...${head}`,
        per_page: 1,
      });
      const files = (res.data.files ?? []).map(changedFile);
      return { files, truncated: files.length >= 300 };
    },
    async getFileAtRef(path, ref) {
      try {
        const res = await octokit.rest.repos.getContent({
          ...r,
          path,
          ref,
          mediaType: { format: 'raw' },
        });
        const data: unknown = res.data;
        if (typeof data === 'string') return data;
        if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
        return undefined; // a directory or submodule, not a file
      } catch (e) {
        if ((e as { status?: number }).status === 404) return undefined;
        throw e;
      }
    },
    async listIssueComments(issueNumber, limit) {
      const out: PostedComment[] = [];
      for await (const page of octokit.paginate.iterator(octokit.rest.issues.listComments, {
        ...r,
        issue_number: issueNumber,
        per_page: 100,
      })) {
        for (const c of page.data) {
          out.push({
            id: c.id,
            body: c.body ?? '',
            ...(c.user?.login ? { userLogin: c.user.login } : {}),
            ...(typeof c.user?.id === 'number' ? { userId: c.user.id } : {}),
            ...(c.user?.type ? { userType: c.user.type } : {}),
          });
        }
        if (out.length >= limit) break;
      }
      return out;
    },
    async viewer() {
      // GraphQL `viewer` answers for every kind of token: a person's (their login), an app
      // installation's and the default GITHUB_TOKEN's (`<slug>[bot]`). `GET /user` answers
      // only for a person's token (an installation token gets 403), so it is the fallback.
      try {
        const res = await octokit.graphql<{ viewer?: { login?: unknown; databaseId?: unknown } }>(
          'query { viewer { login databaseId } }',
        );
        const login = res.viewer?.login;
        const id = res.viewer?.databaseId;
        if (typeof login === 'string' && login !== '')
          return { login, ...(typeof id === 'number' ? { id } : {}) };
      } catch {
        // Not answered (an old GHES, a network failure): try REST.
      }
      try {
        const res = await octokit.rest.users.getAuthenticated();
        if (typeof res.data.login === 'string' && res.data.login !== '')
          return { login: res.data.login, id: res.data.id };
      } catch {
        // 403 for installation tokens: the caller falls back to the default token's bot.
      }
      return undefined;
    },
    async createIssueComment(issueNumber, body) {
      const res = await octokit.rest.issues.createComment({ ...r, issue_number: issueNumber, body });
      return { id: res.data.id };
    },
    async updateIssueComment(commentId, body) {
      await octokit.rest.issues.updateComment({ ...r, comment_id: commentId, body });
    },
    async listPullPatches(prNumber, limit) {
      const out: { path: string; patch?: string }[] = [];
      for await (const page of octokit.paginate.iterator(octokit.rest.pulls.listFiles, {
        ...r,
        pull_number: prNumber,
        per_page: 100,
      })) {
        for (const f of page.data)
          out.push({ path: f.filename, ...(typeof f.patch === 'string' ? { patch: f.patch } : {}) });
        if (out.length >= limit) break;
      }
      return out.slice(0, limit);
    },
    async listReviewComments(prNumber, limit) {
      const out: PostedReviewComment[] = [];
      for await (const page of octokit.paginate.iterator(octokit.rest.pulls.listReviewComments, {
        ...r,
        pull_number: prNumber,
        per_page: 100,
      })) {
        for (const c of page.data) {
          out.push({
            id: c.id,
            body: c.body ?? '',
            path: c.path,
            ...(typeof c.line === 'number' ? { line: c.line } : {}),
            ...(typeof c.start_line === 'number' ? { startLine: c.start_line } : {}),
            ...(typeof c.in_reply_to_id === 'number' ? { inReplyTo: c.in_reply_to_id } : {}),
            ...(c.user?.login ? { userLogin: c.user.login } : {}),
            ...(typeof c.user?.id === 'number' ? { userId: c.user.id } : {}),
            ...(c.user?.type ? { userType: c.user.type } : {}),
          });
        }
        if (out.length >= limit) break;
      }
      return out.slice(0, limit);
    },
    async createReview(prNumber, review) {
      const res = await octokit.rest.pulls.createReview({
        ...r,
        pull_number: prNumber,
        commit_id: review.commitId,
        body: review.body,
        event: 'COMMENT',
        comments: review.comments,
      });
      return { id: res.data.id };
    },
    async updateReviewComment(commentId, body) {
      await octokit.rest.pulls.updateReviewComment({ ...r, comment_id: commentId, body });
    },
    async deleteReviewComment(commentId) {
      await octokit.rest.pulls.deleteReviewComment({ ...r, comment_id: commentId });
    },
  };
}
