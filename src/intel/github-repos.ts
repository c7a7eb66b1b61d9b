import { HttpClient, HttpFailure } from './http.js';
import { trimTrailing } from '../core/trim.js';

/** What the organisation scan's plan needs of one repository in the REST list. */
export interface ListedRepo {
  full_name: string;
  archived?: boolean;
  disabled?: boolean;
  topics?: string[];
}

/** Pages of 100; past this many pages (10,000 repositories) the listing fails rather than run on. */
export const MAX_PAGES = 100;

/**
 * An organisation's repositories from the REST API at `apiUrl` (GITHUB_API_URL), page by page
 * until a short page. Through the online look-ups' HTTP client: the one origin configured,
 * redirects only within it, each answer size- and depth-capped, retries on 429 and 5xx. Plain
 * fetch rather than the action's Octokit, which would bring into the CLI bundle packages that
 * need Node 22 (the CLI supports Node 20).
 */
export async function listOrgRepos(
  apiUrl: string,
  token: string,
  org: string,
  opts: { fetch?: typeof fetch; timeoutMs?: number } = {},
): Promise<ListedRepo[]> {
  const base = trimTrailing(apiUrl, '/');
  const http = new HttpClient({
    origins: [base],
    timeoutMs: opts.timeoutMs ?? 30_000,
    concurrency: 1,
    headers: { authorization: `Bearer ${token}`, 'x-github-api-version': '2022-11-28' },
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
  const out: ListedRepo[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const data = await http.json(
      'GET',
      `${base}/orgs/${encodeURIComponent(org)}/repos?type=all&per_page=100&page=${page}`,
    );
    if (!Array.isArray(data)) throw new HttpFailure('the answer is not a list of repositories');
    for (const r of data as unknown[]) {
      const x = r as Partial<ListedRepo> | null;
      if (typeof x?.full_name !== 'string') throw new HttpFailure('a listed repository has no full_name');
      out.push({
        full_name: x.full_name,
        archived: x.archived === true,
        disabled: x.disabled === true,
        topics: Array.isArray(x.topics) ? x.topics.filter((t): t is string => typeof t === 'string') : [],
      });
    }
    if (data.length < 100) return out;
  }
  throw new HttpFailure(`more than ${MAX_PAGES * 100} repositories`);
}
