/**
 * A fake GitHub REST API on 127.0.0.1 (node:http), answering the endpoints the action-ref checks
 * use in the shapes GitHub documents (abridged to the fields plus a few of the rest):
 * `GET /repos/{o}/{r}`, `/git/ref/tags/{ref}`, `/git/ref/heads/{ref}`, `/git/tags/{sha}`,
 * `/tags`, `/branches` and `/compare/{base}...{head}`. Unknown things answer GitHub's 404 body.
 * Requests are recorded with their headers; `handle` can answer first (rate limits, 500s, ...).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRepo {
  defaultBranch: string;
  /** Tag name → commit (lightweight) or an annotated tag object (possibly pointing at another tag). */
  tags: Record<string, string | { object: string }>;
  /** Annotated tag objects: sha → what they point at. */
  tagObjects?: Record<string, { tag: string; type: 'commit' | 'tag'; sha: string }>;
  branches: Record<string, string>;
  /** Ref name (branch or tag) → the commits in its history (its tip included). */
  history: Record<string, string[]>;
  /** Commits GitHub knows under this name that no ref reaches (pushed to a fork). */
  forkCommits?: string[];
}

export interface GitHubRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
}

export interface FakeGitHub {
  url: string;
  requests: GitHubRequest[];
  close(): Promise<void>;
}

const NOT_FOUND = {
  message: 'Not Found',
  documentation_url: 'https://docs.github.com/rest',
  status: '404',
};

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** The commit a tag name leads to, following annotated tags. */
function peel(repo: FakeRepo, name: string): string | undefined {
  let t = repo.tags[name];
  if (t === undefined) return undefined;
  for (let i = 0; i < 10; i++) {
    if (typeof t === 'string') return t;
    const o: { tag: string; type: 'commit' | 'tag'; sha: string } | undefined = repo.tagObjects?.[t.object];
    if (!o) return undefined;
    if (o.type === 'commit') return o.sha;
    t = { object: o.sha };
  }
  return undefined;
}

function answer(repos: Record<string, FakeRepo>, base: string, path: string): [number, unknown] {
  const url = new URL(path, base);
  const m = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(url.pathname);
  if (!m) return [404, NOT_FOUND];
  const full = `${m[1]}/${m[2]}`.toLowerCase();
  const repo = repos[full];
  if (!repo) return [404, NOT_FOUND];
  const rest = m[3] ?? '';
  const api = `${base}/repos/${full}`;
  if (rest === '')
    return [
      200,
      {
        id: 1,
        node_id: 'R_kgDOfixture',
        name: m[2],
        full_name: full,
        private: false,
        fork: false,
        default_branch: repo.defaultBranch,
        url: api,
      },
    ];
  const ref = /^\/git\/ref\/(tags|heads)\/(.+)$/.exec(rest);
  if (ref) {
    const name = decodeURIComponent(ref[2]!);
    if (ref[1] === 'heads') {
      const sha = repo.branches[name];
      if (!sha) return [404, NOT_FOUND];
      return [
        200,
        {
          ref: `refs/heads/${name}`,
          node_id: 'REF_fixture',
          url: `${api}/git/refs/heads/${name}`,
          object: { sha, type: 'commit', url: `${api}/git/commits/${sha}` },
        },
      ];
    }
    const t = repo.tags[name];
    if (t === undefined) return [404, NOT_FOUND];
    const object =
      typeof t === 'string'
        ? { sha: t, type: 'commit', url: `${api}/git/commits/${t}` }
        : { sha: t.object, type: 'tag', url: `${api}/git/tags/${t.object}` };
    return [
      200,
      { ref: `refs/tags/${name}`, node_id: 'REF_fixture', url: `${api}/git/refs/tags/${name}`, object },
    ];
  }
  const tagObject = /^\/git\/tags\/([0-9a-f]{40})$/.exec(rest);
  if (tagObject) {
    const o = repo.tagObjects?.[tagObject[1]!];
    if (!o) return [404, NOT_FOUND];
    return [
      200,
      {
        node_id: 'TAG_fixture',
        sha: tagObject[1],
        url: `${api}/git/tags/${tagObject[1]}`,
        tag: o.tag,
        message: `Release ${o.tag}\n`,
        tagger: { name: 'Someone', email: 'someone@example.test', date: '2025-01-01T00:00:00Z' },
        object: { type: o.type, sha: o.sha, url: `${api}/git/${o.type}s/${o.sha}` },
        verification: { verified: false, reason: 'unsigned', signature: null, payload: null },
      },
    ];
  }
  if (rest === '/tags')
    return [
      200,
      Object.keys(repo.tags).map((name) => ({
        name,
        commit: { sha: peel(repo, name), url: `${api}/commits/${peel(repo, name)}` },
        zipball_url: `${api}/zipball/refs/tags/${name}`,
        tarball_url: `${api}/tarball/refs/tags/${name}`,
        node_id: 'REF_fixture',
      })),
    ];
  if (rest === '/branches')
    return [
      200,
      Object.entries(repo.branches).map(([name, sha]) => ({
        name,
        commit: { sha, url: `${api}/commits/${sha}` },
        protected: name === repo.defaultBranch,
      })),
    ];
  const cmp = /^\/compare\/(.+)\.\.\.([0-9a-f]{40})$/.exec(rest);
  if (cmp) {
    const baseRef = decodeURIComponent(cmp[1]!);
    const head = cmp[2]!;
    const known =
      Object.values(repo.history).some((h) => h.includes(head)) || repo.forkCommits?.includes(head);
    const history = repo.history[baseRef];
    if (!history || !known) return [404, { message: `No commit found for SHA: ${head}`, status: '404' }];
    const tip = repo.branches[baseRef] ?? peel(repo, baseRef);
    const status = head === tip ? 'identical' : history.includes(head) ? 'behind' : 'diverged';
    return [
      200,
      {
        url: `${api}/compare/${baseRef}...${head}`,
        status,
        ahead_by: status === 'diverged' ? 1 : 0,
        behind_by: status === 'behind' ? 3 : status === 'diverged' ? 2 : 0,
        total_commits: status === 'diverged' ? 1 : 0,
        commits: [],
        files: [],
      },
    ];
  }
  return [404, NOT_FOUND];
}

export async function startFakeGitHub(
  repos: Record<string, FakeRepo>,
  handle?: (req: IncomingMessage, res: ServerResponse, n: number) => boolean,
): Promise<FakeGitHub> {
  const requests: GitHubRequest[] = [];
  let base = '';
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers });
    if (handle && handle(req, res, requests.length)) return;
    const [status, body] = answer(repos, base, req.url ?? '/');
    send(res, status, body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  return {
    url: base,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
