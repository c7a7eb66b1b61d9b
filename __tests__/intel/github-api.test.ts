/**
 * The GitHub API checks of action refs, end to end through scan() against a loopback fake with
 * the API's recorded shapes: the tag→commit fix of unpinned-action, impostor commits, ref
 * confusion and version comments, one request per distinct repository and ref, and every way
 * the API can fail (rate limits, 500s, timeouts, redirects, answers of the wrong shape).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { defaultConfig, type Config } from '../../src/config/schema.js';
import { scan } from '../../src/scan/engine.js';
import { createIntel, githubTarget, type GitHubEnvironment } from '../../src/intel/index.js';
import { githubRateLimit, isRefName, isRepoName, mostSpecificVersion } from '../../src/intel/github.js';
import { commentVersion } from '../../src/rules/workflow/action-ref.js';
import { rule as unpinnedAction } from '../../src/rules/workflow/unpinned-action.js';
import { parseWorkflow } from '../../src/formats/workflow/parse.js';
import type { Finding } from '../../src/core/index.js';
import { startFakeGitHub, type FakeGitHub, type FakeRepo } from './fake-github.js';

/** Deterministic 40-hex names for fixture commits and tag objects. */
const sha = (label: string) => createHash('sha1').update(label).digest('hex');

const V422 = sha('v4.2.2');
const V421 = sha('v4.2.1');
const V411 = sha('v4.1.1');
const MAIN_MID = sha('main~1');
const MAIN_HEAD = sha('main');
const REL3_OLD = sha('releases/v3~1');
const REL3_HEAD = sha('releases/v3');
const IMPOSTOR = sha('fork commit');
const UNKNOWN = sha('nowhere');
const T_V4 = sha('tag object v4');
const T_V422 = sha('tag object v4.2.2');
const T_V422_INNER = sha('tag object v4.2.2 inner');
const X1 = sha('setup-tool v2 tag');
const X3 = sha('setup-tool v2 branch');
const X4 = sha('setup-tool v3');

const REPOS = (): Record<string, FakeRepo> => ({
  'actions/checkout': {
    defaultBranch: 'main',
    tags: { v4: { object: T_V4 }, 'v4.2.2': { object: T_V422 }, 'v4.2.1': V421, 'v4.1.1': V411 },
    tagObjects: {
      [T_V4]: { tag: 'v4', type: 'commit', sha: V422 },
      // A tag pointing at a tag pointing at the commit.
      [T_V422]: { tag: 'v4.2.2', type: 'tag', sha: T_V422_INNER },
      [T_V422_INNER]: { tag: 'v4.2.2-inner', type: 'commit', sha: V422 },
    },
    branches: { main: MAIN_HEAD, 'releases/v3': REL3_HEAD },
    history: {
      main: [V411, V421, V422, MAIN_MID, MAIN_HEAD],
      'releases/v3': [REL3_OLD, REL3_HEAD],
      v4: [V411, V421, V422],
      'v4.2.2': [V411, V421, V422],
    },
    forkCommits: [IMPOSTOR],
  },
  'example-org/setup-tool': {
    defaultBranch: 'main',
    tags: { v2: X1, v3: X4 },
    branches: { main: X4, v2: X3, v3: X4 },
    history: { main: [X1, X4] },
  },
});

const dirs: string[] = [];
const servers: FakeGitHub[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  for (const s of servers.splice(0)) await s.close();
});

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'bulkhead-gh-'));
  dirs.push(root);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}

/** A workflow whose steps start on line 6, one `uses:` per line, at column 15. */
const workflow = (...uses: string[]) =>
  `on: push\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n${uses.map((u) => `      - uses: ${u}\n`).join('')}`;

function config(url: string, extra: Partial<Config> = {}, intel: Partial<Config['intel']> = {}): Config {
  const c = defaultConfig();
  return {
    ...c,
    ...extra,
    intel: { ...c.intel, 'github-api-url': url, 'timeout-ms': 2000, ...intel },
  };
}

async function run(
  files: Record<string, string>,
  opts: {
    handle?: Parameters<typeof startFakeGitHub>[1];
    cfg?: (url: string) => Config;
    env?: GitHubEnvironment;
    test?: Parameters<typeof createIntel>[1];
  } = {},
) {
  const gh = await startFakeGitHub(REPOS(), opts.handle);
  servers.push(gh);
  const cfg = opts.cfg ? opts.cfg(gh.url) : config(gh.url);
  const root = tree(files);
  const intel = createIntel(cfg.intel, { backoffMs: 1, ...opts.test }, opts.env ?? {});
  const res = await scan({ root, paths: [root], config: cfg, intel });
  return { res, gh, intel };
}

const of = (fs: Finding[], ...ids: string[]) => fs.filter((f) => ids.includes(f.ruleId));
const brief = (fs: Finding[]) =>
  fs.map((f) => [f.ruleId, f.startLine, f.startColumn, f.endColumn, f.severity]);
const paths = (gh: FakeGitHub) => gh.requests.map((r) => `${r.method} ${r.path}`).sort();

describe('unpinned-action: the exact pin from the GitHub API', () => {
  it('a moving tag, a branch, an exact tag and a name that is neither', async () => {
    const { res, gh } = await run({
      '.github/workflows/ci.yml': workflow(
        'actions/checkout@v4',
        'actions/checkout@main',
        'actions/checkout@v4.2.1',
        'actions/checkout@nope',
      ),
    });
    const found = of(res.findings, 'workflow/unpinned-action');
    expect(brief(found)).toEqual([
      ['workflow/unpinned-action', 6, 15, 34, 'medium'],
      ['workflow/unpinned-action', 7, 15, 36, 'medium'],
      ['workflow/unpinned-action', 8, 15, 38, 'medium'],
      ['workflow/unpinned-action', 9, 15, 36, 'medium'],
    ]);
    expect(found.map((f) => f.fix)).toEqual([
      `Pin it: \`uses: actions/checkout@${V422} # v4.2.2\` (the commit the tag 'v4' points to now, released as v4.2.2; the comment names the release, not the moving tag).`,
      `'main' is a branch of actions/checkout, not a tag (its head is ${MAIN_HEAD} today): pinning that head with a \`# main\` comment would be wrong, since the comment would name something that moves with every push. Pin to the commit of a release tag instead: \`actions/checkout@<commit> # <tag>\`.`,
      `Pin it: \`uses: actions/checkout@${V421} # v4.2.1\` (the commit the tag 'v4.2.1' points to now).`,
      "'nope' is neither a tag nor a branch of actions/checkout: the job cannot resolve it. Pin to the commit of a release tag: `actions/checkout@<commit> # <tag>`.",
    ]);
    // The message is the offline one: the online hit replaced it, one finding per place.
    expect(found[0]!.message).toBe(
      "The action 'actions/checkout@v4' is not pinned to a commit: the major-version tag 'v4' moves with every release of that major version, and the job runs it with its token and secrets (GitHub-owned, so medium).",
    );
    expect(paths(gh)).toEqual([
      'GET /repos/actions/checkout',
      'GET /repos/actions/checkout/git/ref/heads/main',
      'GET /repos/actions/checkout/git/ref/heads/nope',
      'GET /repos/actions/checkout/git/ref/heads/v4',
      'GET /repos/actions/checkout/git/ref/heads/v4.2.1',
      'GET /repos/actions/checkout/git/ref/tags/main',
      'GET /repos/actions/checkout/git/ref/tags/nope',
      'GET /repos/actions/checkout/git/ref/tags/v4',
      'GET /repos/actions/checkout/git/ref/tags/v4.2.1',
      `GET /repos/actions/checkout/git/tags/${T_V4}`,
      'GET /repos/actions/checkout/tags?per_page=100',
    ]);
    expect(gh.requests[0]!.headers.accept).toBe('application/vnd.github+json');
    expect(gh.requests[0]!.headers['x-github-api-version']).toBe('2022-11-28');
    expect(gh.requests[0]!.headers.authorization).toBeUndefined();
  });

  it('declares an action-sha autofix offline, at the ref; none for an abbreviated commit', () => {
    const text = workflow('actions/checkout@v4', 'actions/checkout@a1b2c3d');
    const model = parseWorkflow(text, '.github/workflows/ci.yml');
    const hits = unpinnedAction.check(model, {
      path: '.github/workflows/ci.yml',
      config: defaultConfig(),
      workspace: { read: () => undefined },
    });
    expect(hits.map((h) => h.autofix)).toEqual([
      {
        title: 'pin actions/checkout@v4 to its commit',
        resolve: {
          kind: 'action-sha',
          owner: 'actions',
          repo: 'checkout',
          ref: 'v4',
          span: { line: 6, column: 32, endLine: 6, endColumn: 34 },
        },
      },
      undefined,
    ]);
  });

  it('online, a branch drops the autofix; a tag keeps it', () => {
    const text = workflow('actions/checkout@v4', 'actions/checkout@main');
    const model = parseWorkflow(text, '.github/workflows/ci.yml');
    const hits = unpinnedAction.online!.check(
      model,
      { path: '.github/workflows/ci.yml', config: defaultConfig(), workspace: { read: () => undefined } },
      {
        advisories: () => undefined,
        actionRef: (q) =>
          q.ref === 'v4' ? { exists: true, tagCommit: V422 } : { exists: true, branchCommit: MAIN_HEAD },
        failures: [],
      },
    );
    expect(hits.map((h) => h.autofix?.resolve?.kind)).toEqual(['action-sha', undefined]);
    expect(hits[0]!.fix).toBe(
      `Pin it: \`uses: actions/checkout@${V422} # v4\` (the commit the tag 'v4' points to now).`,
    );
  });
});

describe('impostor-commit and version-comment-mismatch', () => {
  it('reachable by tag, by the default branch and by another branch; an impostor; an unknown commit', async () => {
    const { res, gh } = await run({
      '.github/workflows/ci.yml': workflow(
        `actions/checkout@${V422} # v4.2.2`,
        `actions/checkout@${MAIN_MID} # v4.2.2`,
        `actions/checkout@${REL3_OLD} # 3.6.0`,
        `actions/checkout@${IMPOSTOR} # v4.2.2`,
        `actions/checkout@${UNKNOWN}`,
        `actions/checkout@${V411} # v4`,
        `actions/checkout@${V421} # main`,
      ),
    });
    const found = of(
      res.findings,
      'workflow/impostor-commit',
      'workflow/version-comment-mismatch',
      'intel/unavailable',
    );
    expect(brief(found)).toEqual([
      ['workflow/version-comment-mismatch', 7, 32, 72, 'medium'],
      ['workflow/version-comment-mismatch', 8, 32, 72, 'medium'],
      ['workflow/impostor-commit', 9, 32, 72, 'critical'],
      ['workflow/version-comment-mismatch', 9, 32, 72, 'medium'],
      ['workflow/impostor-commit', 10, 32, 72, 'high'],
      ['workflow/version-comment-mismatch', 11, 32, 72, 'low'],
    ]);
    expect(found.map((f) => f.message)).toEqual([
      `'actions/checkout@${MAIN_MID}' says v4.2.2, but the tag v4.2.2 of actions/checkout points to ${V422.slice(0, 7)}, not to the pinned ${MAIN_MID.slice(0, 7)}.`,
      `'actions/checkout@${REL3_OLD}' says 3.6.0, but actions/checkout has no tag 3.6.0 or v3.6.0.`,
      `'actions/checkout@${IMPOSTOR}' is pinned to a commit that is not in the history of actions/checkout (compared with main, releases/v3, v4, v4.2.2) and no listed tag or branch points to it: GitHub serves commits pushed to any fork under the parent's name, so this can be anyone's code (an impostor commit).`,
      `'actions/checkout@${IMPOSTOR}' says v4.2.2, but the tag v4.2.2 of actions/checkout points to ${V422.slice(0, 7)}, not to the pinned ${IMPOSTOR.slice(0, 7)}.`,
      `'actions/checkout@${UNKNOWN}' is pinned to a commit that the GitHub API does not know in actions/checkout or its forks: the job cannot run it (it was deleted, or never pushed there).`,
      `'actions/checkout@${V411}' says v4, but the tag v4 of actions/checkout points to ${V422.slice(0, 7)}, not to the pinned ${V411.slice(0, 7)} (v4 is a moving tag: the pin may simply be older than its latest release). The pinned commit is tagged v4.1.1.`,
    ]);
    expect(found[5]!.fix).toBe(
      `Write the comment the commit has: \`# v4.1.1\`, or re-pin to the commit of v4 (${V422}).`,
    );
    // Repository, tag and branch lists once for the repository; comparisons only where needed.
    const compares = paths(gh).filter((p) => p.includes('/compare/'));
    expect(compares).toEqual(
      [
        `GET /repos/actions/checkout/compare/main...${IMPOSTOR}?per_page=1`,
        `GET /repos/actions/checkout/compare/main...${MAIN_MID}?per_page=1`,
        `GET /repos/actions/checkout/compare/main...${REL3_OLD}?per_page=1`,
        `GET /repos/actions/checkout/compare/main...${UNKNOWN}?per_page=1`,
        `GET /repos/actions/checkout/compare/releases/v3...${IMPOSTOR}?per_page=1`,
        `GET /repos/actions/checkout/compare/releases/v3...${REL3_OLD}?per_page=1`,
        `GET /repos/actions/checkout/compare/v4...${IMPOSTOR}?per_page=1`,
        `GET /repos/actions/checkout/compare/v4.2.2...${IMPOSTOR}?per_page=1`,
      ].sort(),
    );
    expect(paths(gh).filter((p) => /\/checkout(\/tags|\/branches)?(\?|$)/.test(p))).toEqual([
      'GET /repos/actions/checkout',
      'GET /repos/actions/checkout/branches?per_page=100',
      'GET /repos/actions/checkout/tags?per_page=100',
    ]);
  });

  it('a version comment without v matches its v-tag; a rule turned off asks nothing', async () => {
    const quiet = await run({
      '.github/workflows/ci.yml': workflow(`actions/checkout@${V421} # 4.2.1`),
    });
    expect(brief(of(quiet.res.findings, 'workflow/version-comment-mismatch', 'intel/unavailable'))).toEqual(
      [],
    );
    const off = await run(
      { '.github/workflows/ci.yml': workflow(`actions/checkout@${IMPOSTOR} # v4.2.2`) },
      {
        cfg: (url) => {
          const c = config(url);
          return {
            ...c,
            rules: {
              ...c.rules,
              'workflow/impostor-commit': 'off',
              'workflow/version-comment-mismatch': 'off',
            },
          };
        },
      },
    );
    expect(brief(of(off.res.findings, 'workflow/impostor-commit', 'intel/unavailable'))).toEqual([]);
    expect(off.gh.requests).toEqual([]);
  });
});

describe('ref-confusion', () => {
  it('a tag and a branch of the same name: high when they differ, medium when they agree', async () => {
    const { res } = await run({
      '.github/workflows/ci.yml': workflow('example-org/setup-tool@v2', 'example-org/setup-tool@v3'),
    });
    const found = of(res.findings, 'workflow/ref-confusion');
    expect(brief(found)).toEqual([
      ['workflow/ref-confusion', 6, 38, 40, 'high'],
      ['workflow/ref-confusion', 7, 38, 40, 'medium'],
    ]);
    expect(found[0]!.message).toBe(
      `'v2' is both a tag and a branch of example-org/setup-tool (tag at ${X1.slice(0, 7)}, branch at ${X3.slice(0, 7)}): which one 'example-org/setup-tool@v2' runs depends on GitHub's resolution order, and anyone who may push that branch changes it.`,
    );
    expect(found[1]!.fix).toBe(`Pin to the tag's commit: \`uses: example-org/setup-tool@${X4} # v3\`.`);
    const unpinned = of(res.findings, 'workflow/unpinned-action');
    expect(unpinned[0]!.fix).toBe(
      `Pin it: \`uses: example-org/setup-tool@${X1} # v2\` (the commit the tag 'v2' points to now). 'v2' is also a branch of example-org/setup-tool (see workflow/ref-confusion): this is the tag's commit.`,
    );
  });
});

describe('one request per distinct repository and ref', () => {
  it('three workflows and a composite action using the same refs', async () => {
    const uses = ['actions/checkout@v4', `actions/checkout@${V422} # v4.2.2`];
    const { res, gh, intel } = await run({
      '.github/workflows/a.yml': workflow(...uses),
      '.github/workflows/b.yml': workflow(...uses),
      '.github/workflows/c.yml': workflow(...uses),
      '.github/actions/setup/action.yml': `name: setup\ndescription: fixture\nruns:\n  using: composite\n  steps:\n${uses.map((u) => `    - uses: ${u}\n`).join('')}`,
    });
    expect(paths(gh)).toEqual([
      'GET /repos/actions/checkout',
      'GET /repos/actions/checkout/branches?per_page=100',
      'GET /repos/actions/checkout/git/ref/heads/v4',
      'GET /repos/actions/checkout/git/ref/heads/v4.2.2',
      'GET /repos/actions/checkout/git/ref/tags/v4',
      'GET /repos/actions/checkout/git/ref/tags/v4.2.2',
      `GET /repos/actions/checkout/git/tags/${T_V422_INNER}`,
      `GET /repos/actions/checkout/git/tags/${T_V422}`,
      `GET /repos/actions/checkout/git/tags/${T_V4}`,
      'GET /repos/actions/checkout/tags?per_page=100',
    ]);
    expect(intel.requests()).toBe(10);
    // The composite action's step is checked like a workflow's (and fixed the same way).
    const composite = of(res.findings, 'workflow/unpinned-action').filter((f) =>
      f.path.endsWith('action.yml'),
    );
    expect(brief(composite)).toEqual([['workflow/unpinned-action', 6, 13, 32, 'medium']]);
    expect(composite[0]!.fix).toContain(`actions/checkout@${V422} # v4.2.2`);
    expect(of(res.findings, 'workflow/impostor-commit', 'workflow/version-comment-mismatch')).toEqual([]);
  });

  it('offline: no request at all', async () => {
    const { res, gh } = await run(
      {
        '.github/workflows/ci.yml': workflow('actions/checkout@v4', `actions/checkout@${IMPOSTOR} # v4.2.2`),
      },
      { cfg: (url) => config(url, { online: false }) },
    );
    expect(gh.requests).toEqual([]);
    expect(of(res.findings, 'workflow/impostor-commit', 'intel/unavailable')).toEqual([]);
  });
});

describe('token', () => {
  it('goes to the environment’s own API and nowhere else', async () => {
    const sent = await run(
      { '.github/workflows/ci.yml': workflow('actions/checkout@v4.2.1') },
      { env: { token: 'ghs_fixturetoken', apiUrl: '' }, cfg: (url) => config(url) },
    );
    // The configured URL is not the environment's API (api.github.com here): no token.
    expect(sent.gh.requests.map((r) => r.headers.authorization)).toEqual([undefined, undefined]);
    const gh = await startFakeGitHub(REPOS());
    servers.push(gh);
    const root = tree({ '.github/workflows/ci.yml': workflow('actions/checkout@v4.2.1') });
    const cfg = config(gh.url);
    const intel = createIntel(cfg.intel, {}, { token: 'ghs_fixturetoken', apiUrl: gh.url });
    await scan({ root, paths: [root], config: cfg, intel });
    expect(gh.requests.map((r) => r.headers.authorization)).toEqual([
      'Bearer ghs_fixturetoken',
      'Bearer ghs_fixturetoken',
    ]);
  });

  it('githubTarget: config, then GITHUB_API_URL, then api.github.com', () => {
    const base = defaultConfig().intel;
    expect(githubTarget(base, {})).toEqual({ url: 'https://api.github.com' });
    expect(githubTarget(base, { token: 't' })).toEqual({ url: 'https://api.github.com', token: 't' });
    expect(githubTarget(base, { token: 't', apiUrl: 'https://ghe.example.test/api/v3' })).toEqual({
      url: 'https://ghe.example.test/api/v3',
      token: 't',
    });
    expect(githubTarget({ ...base, 'github-api-url': 'https://evil.example.test' }, { token: 't' })).toEqual({
      url: 'https://evil.example.test',
    });
    expect(githubTarget(base, { token: '  ', apiUrl: 'not a url' })).toEqual({
      url: 'https://api.github.com',
    });
  });
});

describe('when the GitHub API fails', () => {
  const rateLimited: Parameters<typeof startFakeGitHub>[1] = (_req, res) => {
    res.writeHead(403, {
      'content-type': 'application/json',
      'x-ratelimit-limit': '60',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 1800),
    });
    res.end(JSON.stringify({ message: 'API rate limit exceeded for 127.0.0.1.' }));
    return true;
  };

  it('a rate limit stops every further request and is one intel/unavailable finding', async () => {
    const { res, gh } = await run(
      {
        '.github/workflows/ci.yml': workflow(
          'actions/checkout@v4',
          'example-org/setup-tool@v2',
          `actions/checkout@${IMPOSTOR}`,
        ),
      },
      { handle: rateLimited, cfg: (url) => config(url, {}, { concurrency: 1 }) },
    );
    expect(gh.requests).toHaveLength(1);
    const f = of(res.findings, 'intel/unavailable');
    expect(brief(f)).toEqual([['intel/unavailable', 6, 32, 34, 'medium']]);
    expect(f[0]!.message).toBe(
      `The GitHub API at ${gh.url} did not answer usefully (rate limit reached (HTTP 403, x-ratelimit-remaining 0, resets in 30 min); set GITHUB_TOKEN for a higher limit): 3 action refs were not checked against the GitHub API (impostor commits, ref confusion, version comments, pinning fixes); the offline checks still ran.`,
    );
    // The offline findings are all there, with their offline fix.
    expect(of(res.findings, 'workflow/unpinned-action').map((x) => x.startLine)).toEqual([6, 7]);
    expect(of(res.findings, 'workflow/unpinned-action')[0]!.fix).toContain('<commit> # v4');
  });

  it('a 429 with retry-after is not retried; online: required makes it critical', async () => {
    const { res, gh } = await run(
      { '.github/workflows/ci.yml': workflow('actions/checkout@v4.2.1') },
      {
        handle: (_req, res) => {
          res.writeHead(429, { 'retry-after': '1' });
          res.end('{}');
          return true;
        },
        cfg: (url) => config(url, { online: 'required' }, { concurrency: 1 }),
      },
    );
    expect(gh.requests).toHaveLength(1);
    const f = of(res.findings, 'intel/unavailable');
    expect(brief(f)).toEqual([['intel/unavailable', 6, 32, 38, 'critical']]);
    expect(f[0]!.message).toContain('(rate limited (HTTP 429, retry-after 1)): 1 action ref was not checked');
  });

  it('500 (retried), a timeout, a redirect to another host, an answer of the wrong shape', async () => {
    const cases: [Parameters<typeof startFakeGitHub>[1], string][] = [
      [
        (_req, res) => {
          res.writeHead(500);
          res.end('oops');
          return true;
        },
        'HTTP 500',
      ],
      [() => true, 'no answer within 300 ms'],
      [
        (_req, res) => {
          res.writeHead(302, { location: 'http://127.0.0.2:9/repos/actions/checkout' });
          res.end();
          return true;
        },
        'redirect to another host (127.0.0.2:9) refused',
      ],
      [
        (req, res) => {
          if (!req.url?.includes('/git/ref/tags/')) return false;
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ ref: 'refs/tags/v4.2.1', object: { sha: 'not-a-sha', type: 'commit' } }));
          return true;
        },
        'the ref refs/tags/v4.2.1 of actions/checkout has no object sha',
      ],
    ];
    for (const [handle, reason] of cases) {
      const { res, gh } = await run(
        { '.github/workflows/ci.yml': workflow('actions/checkout@v4.2.1') },
        { handle, cfg: (url) => config(url, {}, { 'timeout-ms': 300 }), test: { retries: 1 } },
      );
      const f = of(res.findings, 'intel/unavailable');
      expect(brief(f)).toEqual([['intel/unavailable', 6, 32, 38, 'medium']]);
      expect(f[0]!.message).toContain(`did not answer usefully (${reason}): 1 action ref was not checked`);
      if (reason === 'HTTP 500') {
        // Each request tried twice (retries: 1), never more.
        const counts = new Map<string, number>();
        for (const r of gh.requests) counts.set(r.path, (counts.get(r.path) ?? 0) + 1);
        expect(Math.max(...counts.values())).toBe(2);
      }
    }
  });

  it('a redirect within the API (a renamed repository) is followed', async () => {
    const { res, gh } = await run(
      { '.github/workflows/ci.yml': workflow('old-org/checkout@v4.2.1') },
      {
        handle: (req, res) => {
          if (!req.url?.startsWith('/repos/old-org/')) return false;
          res.writeHead(301, { location: req.url.replace('/repos/old-org/', '/repos/actions/') });
          res.end();
          return true;
        },
      },
    );
    expect(of(res.findings, 'intel/unavailable')).toEqual([]);
    expect(of(res.findings, 'workflow/unpinned-action')[0]!.fix).toBe(
      `Pin it: \`uses: old-org/checkout@${V421} # v4.2.1\` (the commit the tag 'v4.2.1' points to now).`,
    );
    expect(gh.requests).toHaveLength(4);
  });
});

describe('helpers', () => {
  it('commentVersion reads version comments and nothing else', () => {
    expect(
      [
        'v4.1.0',
        '4.1.0',
        'v4',
        'tag=v4.1.0',
        'ratchet:actions/checkout@v4',
        'pin@v2',
        'v1.2.3-rc.1 (2024)',
      ].map(commentVersion),
    ).toEqual(['v4.1.0', '4.1.0', 'v4', 'v4.1.0', 'v4', 'v2', 'v1.2.3-rc.1']);
    expect(['main', 'see #12', 'TODO pin', '', 'v4.1.0.0.0', 'latest'].map(commentVersion)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(commentVersion(undefined)).toBeUndefined();
  });

  it('only names GitHub and git accept go into a URL', () => {
    expect(isRepoName('actions', 'checkout')).toBe(true);
    expect(isRepoName('my_org', 'x')).toBe(false);
    expect(isRepoName('a', '..')).toBe(false);
    expect(['v4', 'releases/v1', 'feature/a-b_c.d'].map(isRefName)).toEqual([true, true, true]);
    expect(
      [
        '',
        'a..b',
        'a b',
        'x:y',
        'a/.hidden',
        'a//b',
        'x.lock',
        '@',
        'a@{1}',
        '../etc',
        'a\\b',
        'x'.repeat(256),
      ].map(isRefName),
    ).toEqual(Array(12).fill(false));
  });

  it('githubRateLimit tells a rate limit from another 403', () => {
    const h = (o: Record<string, string>) => new Headers(o);
    expect(githubRateLimit(403, h({ 'x-ratelimit-remaining': '0' }))).toBe(
      'rate limit reached (HTTP 403, x-ratelimit-remaining 0); set GITHUB_TOKEN for a higher limit',
    );
    expect(githubRateLimit(403, h({ 'retry-after': '60' }))).toBe('rate limited (HTTP 403, retry-after 60)');
    expect(githubRateLimit(403, h({ 'x-ratelimit-remaining': '12' }))).toBeUndefined();
    expect(githubRateLimit(404, h({ 'x-ratelimit-remaining': '0' }))).toBeUndefined();
    expect(githubRateLimit(429, h({}))).toBe('rate limited (HTTP 429)');
  });

  it('mostSpecificVersion prefers the full release', () => {
    expect(mostSpecificVersion(['v4', 'v4.2', 'v4.2.2', 'latest'])).toBe('v4.2.2');
    expect(mostSpecificVersion(['latest', 'stable'])).toBeUndefined();
  });
});
