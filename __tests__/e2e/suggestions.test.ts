/**
 * End to end: the bundled action with `suggestions: on` against the loopback REST fake. The real
 * rules' fixes (npm install → npm ci, strict-ssl=false → true) on the pull request's diff become
 * one review with suggestion blocks; the half outside the diff is one patch in the job summary that
 * `git apply` takes; a second run does not duplicate; a read-only token degrades to the patch.
 * Every request body is validated against GitHub's OpenAPI description. Build the bundle first.
 */
import { afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  startFakeGitHub,
  type FakeGitHub,
  type FakeGitHubOptions,
  type RecordedRequest,
} from './fake-github.js';
import { validateRequest } from './openapi.js';
import { BUNDLE, runAction, type ActionRun } from './run-action.js';

const HEAD_SHA = 'c'.repeat(40);
const DIGEST = 'sha256:8fad9b7e3b5ee8ff4fbd7a3d1f6c2ea8b6d5a1f2e9c0b7a6d5e4f3c2b1a09876';
const DOCKERFILE = [
  `FROM node:20.11.1-bookworm-slim@${DIGEST}`,
  'WORKDIR /app',
  'COPY package.json package-lock.json ./',
  'RUN npm install', // 4: added by the pull request
  'COPY web/package.json web/package-lock.json web/',
  'RUN npm install --prefix web', // 6: added by the pull request
  'COPY . .',
  'RUN echo 8',
  'RUN echo 9',
  'RUN echo 10',
  'RUN echo 11',
  'RUN echo 12',
  'RUN echo 13',
  'RUN npm install --prefix tools', // 14: outside the diff
  'USER node',
  'CMD ["node", "server.js"]',
  '',
].join('\n');
const NPMRC = 'registry=https://registry.example.com/\nstrict-ssl=false\n'; // not in the pull request
/** Lines 4 and 6 added; the hunk shows 1-9. */
const PATCH = [
  '@@ -1,7 +1,9 @@',
  ...DOCKERFILE.split('\n')
    .slice(0, 9)
    .map((l, i) => (i === 3 || i === 5 ? `+${l}` : ` ${l}`)),
].join('\n');

const servers: FakeGitHub[] = [];
const dirs: string[] = [];

beforeAll(() => {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run 'npm run bundle' first`);
});

afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bulkhead-e2e-suggest-'));
  dirs.push(dir);
  const files = { Dockerfile: DOCKERFILE, '.npmrc': NPMRC, 'package-lock.json': '{}\n' };
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

async function server(opts: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const s = await startFakeGitHub({
    pullFiles: [{ filename: 'Dockerfile', status: 'modified', patch: PATCH }],
    viewer: { login: 'github-actions[bot]', databaseId: 41898282 },
    ...opts,
  });
  servers.push(s);
  return s;
}

const payload = {
  action: 'synchronize',
  number: 7,
  pull_request: {
    number: 7,
    changed_files: 1,
    base: { sha: 'b'.repeat(40), ref: 'main', repo: { full_name: 'octo/app' } },
    head: { sha: HEAD_SHA, ref: 'feature', repo: { full_name: 'octo/app' } },
  },
  repository: { full_name: 'octo/app' },
};

async function run(gh: FakeGitHub, ws: string): Promise<{ run: ActionRun; requests: RecordedRequest[] }> {
  const before = gh.requests.length;
  const r = await runAction({
    workspace: ws,
    eventName: 'pull_request',
    payload,
    sha: 'd'.repeat(40),
    apiUrl: gh.url,
    inputs: { suggestions: 'on', report: 'all', online: 'false', 'fail-on': 'never' },
  });
  const requests = gh.requests.slice(before);
  const problems = requests
    .filter((q) => q.path !== '/graphql')
    .flatMap((q) => validateRequest(q.method, q.path, q.body));
  expect(problems).toEqual([]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return { run: r, requests };
}

const reviewWrites = (requests: RecordedRequest[]) =>
  requests.filter(
    (q) => q.method !== 'GET' && (q.path.includes('/reviews') || q.path.includes('/pulls/comments')),
  );

/** The job summary's ```diff block, applied with git to a copy of the workspace. */
function applied(ws: string, summary: string): (path: string) => string {
  const lines = summary.split('\n');
  const open = lines.findIndex((l) => /^`{3,}diff$/.test(l));
  expect(open).toBeGreaterThan(-1);
  const fence = lines[open]!.slice(0, -'diff'.length);
  const close = lines.findIndex((l, i) => i > open && l === fence);
  const copy = mkdtempSync(join(tmpdir(), 'bulkhead-e2e-apply-'));
  dirs.push(copy);
  cpSync(ws, copy, { recursive: true });
  writeFileSync(join(copy, 'fix.patch'), lines.slice(open + 1, close).join('\n') + '\n');
  execFileSync('git', ['init', '-q'], { cwd: copy });
  execFileSync('git', ['apply', 'fix.patch'], { cwd: copy });
  return (path) => readFileSync(join(copy, path), 'utf8');
}

describe('the bundled action with suggestions: on', () => {
  test('half the fixes on the diff as one review, the other half as a patch; the next push duplicates nothing', async () => {
    const ws = workspace();
    const gh = await server();
    const first = await run(gh, ws);

    const writes = reviewWrites(first.requests);
    expect(writes.map((w) => [w.method, w.path])).toEqual([['POST', '/repos/octo/app/pulls/7/reviews']]);
    const review = writes[0]!.body as {
      event: string;
      commit_id: string;
      comments: { path: string; line: number; side: string; body: string }[];
    };
    expect([review.event, review.commit_id]).toEqual(['COMMENT', HEAD_SHA]);
    expect(review.comments.map((c) => [c.path, c.line, c.side])).toEqual([
      ['Dockerfile', 4, 'RIGHT'],
      ['Dockerfile', 6, 'RIGHT'],
    ]);
    expect(review.comments[0]!.body).toContain('\n```suggestion\nRUN npm ci\n```\n');
    expect(review.comments[1]!.body).toContain('\n```suggestion\nRUN npm ci --prefix web\n```\n');
    expect(review.comments[0]!.body).toContain('`dockerfile/lockfile-not-enforced`');

    expect(first.run.summary).toContain('### Fixes as a patch');
    expect(first.run.summary).toContain("- 2 fixes on lines outside the pull request's diff.");
    const read = applied(ws, first.run.summary);
    expect(read('Dockerfile')).toBe(
      DOCKERFILE.replace('npm install --prefix tools', 'npm ci --prefix tools'),
    );
    expect(read('.npmrc')).toBe(NPMRC.replace('strict-ssl=false', 'strict-ssl=true'));

    const second = await run(gh, ws);
    expect(reviewWrites(second.requests)).toEqual([]);
    expect(gh.reviewComments.map((c) => c.line)).toEqual([4, 6]);
    expect(second.run.stdout).toContain(
      'Review suggestions: 0 posted, 0 updated, 2 unchanged, 0 deleted, 0 retired (answered, kept); 2 on the diff in all',
    );
  });

  test('a read-only token: the review is refused, every fix is in the patch, with one note and one warning', async () => {
    const ws = workspace();
    const gh = await server({
      failures: [
        {
          method: 'POST',
          pathEndsWith: '/pulls/7/reviews',
          status: 403,
          body: { message: 'Resource not accessible by integration' },
          times: -1,
        },
      ],
    });
    const { run: r, requests } = await run(gh, ws);
    expect(reviewWrites(requests).map((w) => w.status)).toEqual([403]);
    expect(r.summary).toContain(
      '- The token cannot write review comments (read-only on fork and Dependabot pull requests), so 2 suggested fixes are here instead.',
    );
    const read = applied(ws, r.summary);
    expect(read('Dockerfile')).toBe(DOCKERFILE.replace(/npm install/g, 'npm ci'));
    expect(read('.npmrc')).toBe(NPMRC.replace('strict-ssl=false', 'strict-ssl=true'));
    const warnings = r.stdout
      .split('\n')
      .filter((l) => l.startsWith('::warning::') && l.includes('review suggestions'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("lacks 'pull-requests: write'");
  });
});
