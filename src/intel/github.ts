/**
 * The GitHub REST API, asked about action refs (`owner/repo@ref` of a workflow's `uses:`) through
 * the guarded client: same origin allow-list, deadline, body cap, nesting cap, retries on 5xx and
 * concurrency limit. Only the owner, repository and ref are sent, in the path; nothing else from a
 * scanned file. Each distinct repository and ref is asked once per run (answers cached), and so is
 * each repository's metadata and tag and branch list.
 *
 * Requests, exactly (each path segment percent-encoded, after the names pass GitHub's own rules):
 * - a tag or branch `R`: `GET /repos/{o}/{r}/git/ref/tags/{R}` and `GET /repos/{o}/{r}/git/ref/heads/{R}`
 *   (404 = no such tag / branch); an annotated tag is dereferenced with `GET /repos/{o}/{r}/git/tags/{sha}`
 *   (at most 4 levels of tags pointing at tags); when both are 404, `GET /repos/{o}/{r}` says whether
 *   the repository exists; for a moving version tag (`v4`, `v4.1`), `GET /repos/{o}/{r}/tags?per_page=100`
 *   names the release tag at the same commit.
 * - a commit `S` (40 hex): `GET /repos/{o}/{r}` (default branch), `GET /repos/{o}/{r}/tags?per_page=100`
 *   and `GET /repos/{o}/{r}/branches?per_page=100` (a tag or branch at `S` makes it reachable), then
 *   `GET /repos/{o}/{r}/compare/{base}...{S}?per_page=1` with the default branch, then up to 3 other
 *   listed branches and the 2 first listed tags: status `behind` or `identical` means `S` is in that
 *   ref's history; `ahead` or `diverged` that it is not; 404 that no such commit exists at all.
 *
 * A rate limit (403 or 429 with `x-ratelimit-remaining: 0` or `retry-after`, or any 429) stops every
 * further request of the run: the refs not yet answered are reported unanswered, never retried in a
 * loop. Conditional requests (ETag) are not used: nothing is kept between runs, and within a run the
 * cache already asks each thing once.
 */
import type { ActionRefAnswer, ActionRefQuery } from '../core/index.js';
import { actionRefKey } from '../core/index.js';
import { HttpFailure, RateLimited, type HttpClient } from './http.js';
import { isGitHubRepoName as isRepoName, isGitRefName as isRefName } from '../refs/git.js';
import { trimTrailing } from '../core/trim.js';

export { isRepoName, isRefName };

const SHA = /^[0-9a-f]{40}$/;
/** Tags pointing at tags followed at most this deep. */
const MAX_TAG_DEPTH = 4;
/** Comparisons beyond the default branch for a commit no listed tag or branch points at. */
const MAX_OTHER_BRANCHES = 3;
const MAX_TAGS_COMPARED = 2;
/** Names kept from a tag or branch list (the first page). */
const LIST_PAGE = 100;

/** A ref as URL path segments, each percent-encoded (slashes kept as separators). */
function refPath(ref: string): string {
  return ref.split('/').map(encodeURIComponent).join('/');
}

/** Whether an answer says "stop asking": GitHub's primary and secondary rate limits. */
export function githubRateLimit(status: number, headers: Headers, now = Date.now()): string | undefined {
  if (status !== 403 && status !== 429) return undefined;
  const remaining = headers.get('x-ratelimit-remaining');
  const after = headers.get('retry-after');
  if (remaining?.trim() === '0') {
    const reset = Number(headers.get('x-ratelimit-reset'));
    const when =
      Number.isFinite(reset) && reset > 0 && reset < 1e11
        ? `, resets in ${Math.max(0, Math.ceil((reset * 1000 - now) / 60_000))} min`
        : '';
    return `rate limit reached (HTTP ${status}, x-ratelimit-remaining 0${when}); set GITHUB_TOKEN for a higher limit`;
  }
  if (after !== null) return `rate limited (HTTP ${status}, retry-after ${after.trim().slice(0, 20)})`;
  if (status === 429) return 'rate limited (HTTP 429)';
  return undefined;
}

interface RepoInfo {
  defaultBranch: string;
}

interface NamedCommit {
  name: string;
  commit: string;
}

const obj = (v: unknown): Record<string, unknown> | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

const notFound = (e: unknown) => e instanceof HttpFailure && !(e instanceof RateLimited) && e.status === 404;

/** Semver-like release tags, most specific first: `v4.2.2` before `v4.2` before `v4`. */
const VERSION_TAG = /^v?(\d{1,9})(?:\.(\d{1,9}))?(?:\.(\d{1,9}))?$/;

/** The most specific version tag among `names` (`v4.2.2` over `v4`); undefined when none is one. */
export function mostSpecificVersion(names: readonly string[]): string | undefined {
  let best: { name: string; parts: number } | undefined;
  for (const name of names) {
    const m = VERSION_TAG.exec(name);
    if (!m) continue;
    const parts = m.slice(1).filter((x) => x !== undefined).length;
    if (!best || parts > best.parts || (parts === best.parts && name < best.name)) best = { name, parts };
  }
  return best?.name;
}

export class GitHubClient {
  private readonly answers = new Map<string, Promise<ActionRefAnswer>>();
  private readonly repos = new Map<string, Promise<RepoInfo | undefined>>();
  private readonly tagLists = new Map<string, Promise<NamedCommit[]>>();
  private readonly branchLists = new Map<string, Promise<NamedCommit[]>>();
  /** Set once the API rate-limited the run: every later call fails with it, without a request. */
  private stopped: RateLimited | undefined;

  constructor(
    private readonly baseUrl: string,
    private readonly http: HttpClient,
  ) {}

  /** The answer for one ref; throws HttpFailure when the API did not answer usefully. */
  actionRef(q: ActionRefQuery): Promise<ActionRefAnswer> {
    const key = actionRefKey(q);
    let p = this.answers.get(key);
    if (!p) {
      p = this.resolve(q.owner.toLowerCase(), q.repo.toLowerCase(), q.ref);
      this.answers.set(key, p);
    }
    return p;
  }

  private async resolve(owner: string, repo: string, ref: string): Promise<ActionRefAnswer> {
    if (!isRepoName(owner, repo))
      throw new HttpFailure(`'${`${owner}/${repo}`.slice(0, 80)}' is not a GitHub repository name`);
    if (!isRefName(ref)) throw new HttpFailure(`'${ref.slice(0, 60)}' is not a git ref`);
    return SHA.test(ref) ? this.commit(owner, repo, ref) : this.symbolic(owner, repo, ref);
  }

  private async get(path: string): Promise<unknown> {
    if (this.stopped) throw this.stopped;
    try {
      return await this.http.json('GET', `${trimTrailing(this.baseUrl, '/')}${path}`);
    } catch (e) {
      if (e instanceof RateLimited) this.stopped ??= e;
      throw e;
    }
  }

  /** GET that answers undefined for a 404 ("no such thing"). */
  private async getOr404(path: string): Promise<unknown> {
    try {
      return await this.get(path);
    } catch (e) {
      if (notFound(e)) return undefined;
      throw e;
    }
  }

  private repoInfo(owner: string, repo: string): Promise<RepoInfo | undefined> {
    const key = `${owner}/${repo}`;
    let p = this.repos.get(key);
    if (!p) {
      p = this.getOr404(`/repos/${owner}/${repo}`).then((a) => {
        if (a === undefined) return undefined;
        const branch = obj(a)?.default_branch;
        if (typeof branch !== 'string' || !isRefName(branch))
          throw new HttpFailure(`the repository ${key} has no default_branch`);
        return { defaultBranch: branch };
      });
      this.repos.set(key, p);
    }
    return p;
  }

  /** The first page of `/tags` or `/branches`: names with their (peeled) commits. */
  private list(kind: 'tags' | 'branches', owner: string, repo: string): Promise<NamedCommit[]> {
    const cache = kind === 'tags' ? this.tagLists : this.branchLists;
    const key = `${owner}/${repo}`;
    let p = cache.get(key);
    if (!p) {
      p = this.get(`/repos/${owner}/${repo}/${kind}?per_page=${LIST_PAGE}`).then((a) => {
        if (!Array.isArray(a)) throw new HttpFailure(`the ${kind} of ${key} are not a list`);
        return a.slice(0, LIST_PAGE).flatMap((t): NamedCommit[] => {
          const name = obj(t)?.name;
          const sha = obj(obj(t)?.commit)?.sha;
          // Names end up in messages and comparison URLs: only names git could hold are kept.
          return typeof name === 'string' && isRefName(name) && typeof sha === 'string' && SHA.test(sha)
            ? [{ name, commit: sha }]
            : [];
        });
      });
      cache.set(key, p);
    }
    return p;
  }

  /** The commit a ref object names, following annotated tags; undefined for a 404. */
  private async refCommit(owner: string, repo: string, full: 'tags' | 'heads', ref: string) {
    const a = await this.getOr404(`/repos/${owner}/${repo}/git/ref/${full}/${refPath(ref)}`);
    if (a === undefined) return undefined;
    // An old form answered a list of refs starting with the name: only an exact one counts.
    const want = `refs/${full}/${ref}`;
    const found = Array.isArray(a) ? a.map(obj).find((r) => r?.ref === want) : obj(a);
    if (!found) return undefined;
    if (found.ref !== want) throw new HttpFailure(`asked for ${want}, the API answered another ref`);
    let target = obj(found.object);
    for (let depth = 0; ; depth++) {
      const sha = target?.sha;
      if (typeof sha !== 'string' || !SHA.test(sha))
        throw new HttpFailure(`the ref ${want} of ${owner}/${repo} has no object sha`);
      if (target?.type === 'commit') return sha;
      if (target?.type !== 'tag' || depth >= MAX_TAG_DEPTH)
        throw new HttpFailure(`the ref ${want} of ${owner}/${repo} does not lead to a commit`);
      target = obj(obj(await this.get(`/repos/${owner}/${repo}/git/tags/${sha}`))?.object);
    }
  }

  private async symbolic(owner: string, repo: string, ref: string): Promise<ActionRefAnswer> {
    const [tagCommit, branchCommit] = await Promise.all([
      this.refCommit(owner, repo, 'tags', ref),
      this.refCommit(owner, repo, 'heads', ref),
    ]);
    const exists =
      tagCommit !== undefined || branchCommit !== undefined
        ? true
        : (await this.repoInfo(owner, repo)) !== undefined;
    const answer: ActionRefAnswer = {
      exists,
      ...(tagCommit !== undefined ? { tagCommit } : {}),
      ...(branchCommit !== undefined ? { branchCommit } : {}),
    };
    // A moving version tag (`v4`, `v4.1`): the release tag at the same commit, for the comment.
    const m = tagCommit !== undefined ? VERSION_TAG.exec(ref) : null;
    if (m && m[3] === undefined) {
      const at = (await this.list('tags', owner, repo)).filter((t) => t.commit === tagCommit);
      const best = mostSpecificVersion(at.map((t) => t.name));
      if (best !== undefined) answer.versionTag = best;
    }
    return answer;
  }

  private async commit(owner: string, repo: string, sha: string): Promise<ActionRefAnswer> {
    const info = await this.repoInfo(owner, repo);
    if (!info) return { exists: false };
    const [tags, branches] = await Promise.all([
      this.list('tags', owner, repo),
      this.list('branches', owner, repo),
    ]);
    const tagsAtCommit = tags.filter((t) => t.commit === sha).map((t) => t.name);
    if (tagsAtCommit.length > 0) return { exists: true, reachable: true, tagsAtCommit };
    if (branches.some((b) => b.commit === sha)) return { exists: true, reachable: true, tagsAtCommit };
    const bases = [
      info.defaultBranch,
      ...branches
        .map((b) => b.name)
        .filter((n) => n !== info.defaultBranch)
        .slice(0, MAX_OTHER_BRANCHES),
      ...tags.slice(0, MAX_TAGS_COMPARED).map((t) => t.name),
    ].filter(isRefName);
    const compared: string[] = [];
    for (const base of bases) {
      const a = await this.getOr404(`/repos/${owner}/${repo}/compare/${refPath(base)}...${sha}?per_page=1`);
      if (a === undefined) {
        // The base was listed, so the missing one is the commit: not in the repository or a fork.
        if (base === info.defaultBranch) return { exists: true, reachable: false, unknownCommit: true };
        continue;
      }
      const status = obj(a)?.status;
      if (status === 'behind' || status === 'identical')
        return { exists: true, reachable: true, tagsAtCommit };
      if (status !== 'ahead' && status !== 'diverged')
        throw new HttpFailure(`the comparison ${base}...${sha} of ${owner}/${repo} has no status`);
      compared.push(base);
    }
    return { exists: true, reachable: false, compared, tagsAtCommit };
  }
}
