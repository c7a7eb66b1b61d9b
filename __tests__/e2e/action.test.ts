/**
 * End to end: the bundled dist/index.js, run as the runner runs it, against a loopback server that
 * plays the GitHub REST API. Every request body the action sends is validated against GitHub's
 * OpenAPI description. Build the bundle first (`npm run bundle`); dist/ is committed.
 */
import { afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { readDocument } from '../report/gfm-lite.js';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  startFakeGitHub,
  type FakeGitHub,
  type FakeGitHubOptions,
  type RecordedRequest,
} from './fake-github.js';
import { validateRequest } from './openapi.js';
import { BUNDLE, commandAnnotations, runAction, type ActionRun } from './run-action.js';

const BASE_SHA = 'b'.repeat(40);
const HEAD_SHA = 'c'.repeat(40);
const MERGE_SHA = 'd'.repeat(40);
const DIGEST = 'sha256:8fad9b7e3b5ee8ff4fbd7a3d1f6c2ea8b6d5a1f2e9c0b7a6d5e4f3c2b1a09876';
const CLEAN_DOCKERFILE = `FROM node:20.11.1-bookworm-slim@${DIGEST}\nUSER node\nCMD ["node", "server.js"]\n`;
const BASE_DOCKERFILE = 'FROM node:20\nUSER node\n';
/** The base file with lines moved and one new problem (ADD without a checksum, line 3). */
const HEAD_DOCKERFILE = '# build image\nFROM node:20\nADD https://example.com/x.tgz /x\nUSER node\n';

const servers: FakeGitHub[] = [];
const dirs: string[] = [];

beforeAll(() => {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run 'npm run bundle' first`);
});

afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'bulkhead-e2e-ws-'));
  dirs.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

async function server(opts: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const s = await startFakeGitHub(opts);
  servers.push(s);
  return s;
}

function prPayload(opts: { fork?: boolean; number?: number; changedFiles?: number } = {}) {
  const number = opts.number ?? 7;
  return {
    action: 'synchronize',
    number,
    pull_request: {
      number,
      changed_files: opts.changedFiles ?? 3,
      base: { sha: BASE_SHA, ref: 'main', repo: { full_name: 'octo/app' } },
      head: { sha: HEAD_SHA, ref: 'feature', repo: { full_name: opts.fork ? 'forker/app' : 'octo/app' } },
    },
    repository: { full_name: 'octo/app' },
  };
}

/** Every body the action sent must be a valid request for its operation. */
function expectValidRequests(requests: RecordedRequest[]): void {
  // GraphQL (the token's identity) is not part of the REST description.
  const rest = requests.filter((r) => r.path !== '/graphql');
  const problems = rest.flatMap((r) => validateRequest(r.method, r.path, r.body));
  expect(problems).toEqual([]);
}

const writes = (s: FakeGitHub) => s.requests.filter((r) => r.method !== 'GET');
const checkRunRequests = (s: FakeGitHub) => s.requests.filter((r) => r.path.includes('/check-runs'));
function annotationsSent(s: FakeGitHub): { path: string; start_line: number; annotation_level: string }[] {
  return checkRunRequests(s)
    .filter((r) => r.status < 300)
    .flatMap((r) => ((r.body as { output?: { annotations?: [] } }).output?.annotations ?? []) as never[]);
}
function summaryRows(run: ActionRun): number {
  // One list line per finding, each with a link to the head commit's line.
  return run.summary.split('\n').filter((l) => l.startsWith('- ') && l.includes('#L')).length;
}
function warnings(run: ActionRun): string[] {
  return run.stdout.split('\n').filter((l) => l.startsWith('::warning::'));
}

describe('the bundled action against a fake GitHub API', () => {
  test('same-repo pull request: new findings only, check run, sticky comment, SARIF', async () => {
    const ws = workspace({
      Dockerfile: HEAD_DOCKERFILE,
      'added.Dockerfile': 'FROM alpine\nUSER nobody\n',
      'svc/Dockerfile': 'FROM node:18\nUSER node\n',
      'README.md': 'hello\n',
    });
    const gh = await server({
      pullFiles: [
        { filename: 'Dockerfile', status: 'modified' },
        { filename: 'added.Dockerfile', status: 'added' },
        { filename: 'README.md', status: 'modified' },
      ],
      baseContents: { Dockerfile: BASE_DOCKERFILE, 'README.md': 'hi\n' },
    });
    const run = await runAction({
      workspace: ws,
      eventName: 'pull_request',
      payload: prPayload(),
      sha: MERGE_SHA,
      apiUrl: gh.url,
      inputs: { 'pr-comment': 'on-findings', 'sarif-file': 'out/bulkhead.sarif', online: 'false' },
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    // New: the ADD in Dockerfile, and both findings of the added file. Existing: the moved
    // findings of Dockerfile and those of the unchanged svc/Dockerfile.
    expect(run.outputs).toEqual({
      findings: '2',
      blocking: '2',
      'max-severity': 'high',
      suppressed: '0',
      'sarif-file': join(ws, 'out/bulkhead.sarif'),
      // The build inputs of the three Dockerfiles: none pinned by digest.
      'inputs-total': '4',
      'inputs-locked': '0',
    });
    expect(run.stdout).toContain('::error::2 findings at or above high');

    const posts = gh.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/check-runs'));
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body).toMatchObject({
      name: 'Bulkhead',
      head_sha: HEAD_SHA,
      status: 'in_progress',
      details_url: 'https://github.example/octo/app/actions/runs/4242',
    });
    const patches = gh.requests.filter((r) => r.method === 'PATCH' && r.path.includes('/check-runs/'));
    expect(patches.at(-1)!.body).toMatchObject({
      status: 'completed',
      conclusion: 'failure',
      output: { title: 'Blocking: 2 new findings at or above high' },
    });
    expect(
      annotationsSent(gh)
        .map((a) => [a.path, a.start_line, a.annotation_level])
        .sort(),
    ).toEqual([
      ['Dockerfile', 3, 'failure'],
      ['added.Dockerfile', 1, 'failure'],
    ]);
    // Base content: the config files the gate trusts (none here), then the modified file Bulkhead
    // reads; the token is sent.
    const contents = gh.requests.filter((r) => r.path.includes('/contents/'));
    expect(contents.map((r) => [r.path, r.query.get('ref')])).toEqual([
      ['/repos/octo/app/contents/.bulkhead.yml', BASE_SHA],
      ['/repos/octo/app/contents/.bulkhead.yaml', BASE_SHA],
      ['/repos/octo/app/contents/Dockerfile', BASE_SHA],
    ]);
    expect(gh.requests.every((r) => r.headers.authorization === 'token ghs_test_token')).toBe(true);

    // The sticky comment.
    expect(gh.comments).toHaveLength(1);
    expect(gh.comments[0]!.body.startsWith('<!-- bulkhead-comment: Bulkhead -->')).toBe(true);
    expect(gh.comments[0]!.body).toContain('remote-add-no-checksum');

    // Workflow-command annotations: most severe first.
    const cmds = commandAnnotations(run.stdout).filter((a) => a.props.file);
    expect(cmds.map((a) => a.type)).toEqual(['error', 'error']);
    expect(cmds[0]!.props).toMatchObject({ file: 'Dockerfile', line: '3' });

    // Job summary: links to the PR head, the existing ones collapsed.
    expect(run.summary).toContain(`https://github.example/octo/app/blob/${HEAD_SHA}/Dockerfile#L3`);
    expect(run.summary).toContain(
      '❌ **Blocking**: 2 of 2 new findings in this change at or above `high` (2 high). 2 existing findings did not block (collapsed below).',
    );
    expect(run.summary).toContain('Existing findings not introduced by this change (2, not blocking)');
    expect(run.summary).toContain('report: new');

    // SARIF: every finding of the scan; `error` exactly for what fails the job.
    const sarif = JSON.parse(readFileSync(join(ws, 'out/bulkhead.sarif'), 'utf8'));
    expect(sarif.runs[0].automationDetails.id).toBe('bulkhead/');
    const levels = sarif.runs[0].results.map((r: { level: string; properties: { severity: string } }) => [
      r.properties.severity,
      r.level,
    ]);
    expect(levels).toHaveLength(4);
    for (const [sev, level] of levels)
      expect(level).toBe(sev === 'high' || sev === 'critical' ? 'error' : 'warning');

    expectValidRequests(gh.requests);
  });

  test('fork pull request: every write refused, one warning per permission, no finding lost', async () => {
    const ws = workspace({
      Dockerfile: 'FROM alpine\nADD https://example.com/a.tgz /a\n',
      'web/Dockerfile': 'FROM node:20\n',
    });
    const denied = {
      message: 'Resource not accessible by integration',
      documentation_url: 'https://docs.github.com/rest',
    };
    const gh = await server({
      pullFiles: [
        { filename: 'Dockerfile', status: 'added' },
        { filename: 'web/Dockerfile', status: 'added' },
      ],
      failures: [
        { method: 'POST', pathEndsWith: '/check-runs', status: 403, body: denied, times: -1 },
        { method: 'PATCH', pathEndsWith: '', status: 403, body: denied, times: -1 },
        { method: 'POST', pathEndsWith: '/comments', status: 403, body: denied, times: -1 },
      ],
    });
    const run = await runAction({
      workspace: ws,
      eventName: 'pull_request',
      payload: prPayload({ fork: true, changedFiles: 2 }),
      apiUrl: gh.url,
      inputs: { 'pr-comment': 'always', 'sarif-file': 'bulkhead.sarif', online: 'false' },
    });
    expect(run.code).toBe(1);
    const total = Number(run.outputs.findings);
    expect(total).toBeGreaterThanOrEqual(3);
    expect(run.stdout).toContain(`::error::${run.outputs.blocking} findings at or above high`);

    const w = warnings(run);
    expect(w.filter((l) => l.includes("'checks: write'"))).toHaveLength(1);
    expect(w.filter((l) => l.includes("'pull-requests: write'"))).toHaveLength(1);
    expect(w).toHaveLength(2);
    // After the refused create, no more check-run writes.
    expect(checkRunRequests(gh)).toHaveLength(1);

    // Every channel that ran carries every finding.
    expect(commandAnnotations(run.stdout).filter((a) => a.props.file)).toHaveLength(total);
    expect(summaryRows(run)).toBe(total);
    const sarif = JSON.parse(readFileSync(join(ws, 'bulkhead.sarif'), 'utf8'));
    expect(sarif.runs[0].results).toHaveLength(total);
    expect(run.summary).toContain('The check run was skipped');
    expectValidRequests(gh.requests);
  });

  test('clean push: a successful check run and exit 0', async () => {
    const ws = workspace({ Dockerfile: CLEAN_DOCKERFILE });
    const gh = await server();
    const run = await runAction({
      workspace: ws,
      eventName: 'push',
      payload: { before: BASE_SHA, after: HEAD_SHA, ref: 'refs/heads/main' },
      sha: HEAD_SHA,
      apiUrl: gh.url,
      inputs: { 'pr-comment': 'always', online: 'false' },
    });
    expect(run.code).toBe(0);
    expect(run.outputs).toEqual({
      findings: '0',
      blocking: '0',
      'max-severity': 'none',
      suppressed: '0',
      'sarif-file': '',
      'inputs-total': '1',
      'inputs-locked': '1',
    });
    expect(gh.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /repos/octo/app/check-runs',
      'PATCH /repos/octo/app/check-runs/1000',
    ]);
    expect(gh.requests[1]!.body).toMatchObject({
      status: 'completed',
      conclusion: 'success',
      output: { title: 'Not blocking: no findings' },
    });
    expect(run.summary).toContain('**Not blocking**: no findings');
    // The pin summary ends the job summary and the check run's summary.
    expect(run.summary).toContain('### Build inputs');
    expect(run.summary).toContain('| base images | 1 | 1 |  |  |  |  |\n| **all** | 1 | 1 |');
    expect(JSON.stringify(gh.requests[1]!.body)).toContain('### Build inputs');
    expect(run.stdout).not.toContain('::error');
    expectValidRequests(gh.requests);
  });

  test('more than 100 findings: annotations in batches of 50, writes spaced, nothing lost', async () => {
    const lines = Array.from({ length: 120 }, (_, i) => `FROM node AS s${i}`);
    const ws = workspace({ Dockerfile: lines.join('\n') + '\n' });
    const gh = await server();
    const run = await runAction({
      workspace: ws,
      eventName: 'workflow_dispatch',
      payload: {},
      apiUrl: gh.url,
      inputs: { online: 'false' },
    });
    expect(run.code).toBe(1);
    const total = Number(run.outputs.findings);
    expect(total).toBeGreaterThan(100);
    const patches = gh.requests.filter((r) => r.method === 'PATCH');
    expect(patches).toHaveLength(Math.ceil(total / 50));
    for (const p of patches)
      expect(
        ((p.body as { output: { annotations: [] } }).output.annotations ?? []).length,
      ).toBeLessThanOrEqual(50);
    expect(annotationsSent(gh)).toHaveLength(total);
    expect(patches.at(-1)!.body).toMatchObject({ status: 'completed', conclusion: 'failure' });
    // The throttling plugin starts writes a second apart (so at most ~60 a minute, under GitHub's
    // 80); arrival times at the server jitter a little around that.
    const w = writes(gh);
    for (let i = 1; i < w.length; i++) expect(w[i]!.at - w[i - 1]!.at).toBeGreaterThanOrEqual(750);
    const cmds = commandAnnotations(run.stdout).filter((a) => a.props.file);
    expect(cmds).toHaveLength(total);
    expect(cmds[0]!.type).toBe('error');
    expect(cmds.at(-1)!.type).toBe('warning');
    expect(run.stdout).toContain('GitHub shows 10 annotations of each type per step');
    expect(summaryRows(run)).toBe(total);
    expectValidRequests(gh.requests);
  }, 60_000);

  test('a 500 is retried and the run goes on as if nothing happened', async () => {
    const ws = workspace({ Dockerfile: 'FROM alpine\n' });
    const gh = await server({
      failures: [
        { method: 'POST', pathEndsWith: '/check-runs', status: 500, body: { message: 'Server Error' } },
      ],
    });
    const run = await runAction({
      workspace: ws,
      eventName: 'workflow_dispatch',
      payload: {},
      apiUrl: gh.url,
      inputs: { online: 'false' },
    });
    const posts = gh.requests.filter((r) => r.method === 'POST');
    expect(posts.map((r) => r.status)).toEqual([500, 201]);
    expect(posts[1]!.at - posts[0]!.at).toBeGreaterThanOrEqual(900);
    expect(warnings(run)).toEqual([]);
    expect(gh.requests.at(-1)!.body).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(run.code).toBe(1);
    expectValidRequests(gh.requests);
  });

  test('a 429 with retry-after is retried after the wait', async () => {
    const ws = workspace({ Dockerfile: CLEAN_DOCKERFILE });
    const gh = await server({
      failures: [
        {
          method: 'PATCH',
          pathEndsWith: '/check-runs/1000',
          status: 429,
          headers: { 'retry-after': '1' },
          body: {
            message:
              'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
          },
        },
      ],
    });
    const run = await runAction({
      workspace: ws,
      eventName: 'schedule',
      payload: { schedule: '0 0 * * *' },
      apiUrl: gh.url,
      inputs: { online: 'false' },
    });
    const patches = gh.requests.filter((r) => r.method === 'PATCH');
    expect(patches.map((r) => r.status)).toEqual([429, 200]);
    expect(patches[1]!.at - patches[0]!.at).toBeGreaterThanOrEqual(900);
    expect(patches[1]!.body).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(run.code).toBe(0);
    expect(warnings(run).every((l) => l.includes('secondary rate limit'))).toBe(true);
    expectValidRequests(gh.requests);
  });

  test('pull request with the base commit checked out: changed files and base contents from local git', async () => {
    const ws = workspace({ Dockerfile: BASE_DOCKERFILE, 'other/Dockerfile': 'FROM node:18\n' });
    const git = (...args: string[]) =>
      execFileSync(
        'git',
        ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args],
        { cwd: ws, encoding: 'utf8' },
      ).trim();
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    const base = git('rev-parse', 'HEAD');
    writeFileSync(join(ws, 'Dockerfile'), HEAD_DOCKERFILE);
    git('commit', '-q', '-am', 'head');
    const head = git('rev-parse', 'HEAD');
    const gh = await server();
    const payload = prPayload();
    payload.pull_request.base.sha = base;
    payload.pull_request.head.sha = head;
    const run = await runAction({
      workspace: ws,
      eventName: 'pull_request',
      payload,
      apiUrl: gh.url,
      inputs: { online: 'false', 'check-run': 'false' },
    });
    expect(run.outputs.findings).toBe('1');
    expect(run.stdout).toContain('changed files (from local git)');
    expect(gh.requests).toEqual([]);
    expect(
      commandAnnotations(run.stdout)
        .filter((a) => a.props.file)
        .map((a) => a.props.line),
    ).toEqual(['3']);
    expect(run.code).toBe(1);
  });

  test('findings gone: the sticky comment becomes "all clear"', async () => {
    const ws = workspace({ Dockerfile: CLEAN_DOCKERFILE });
    const gh = await server({
      pullFiles: [{ filename: 'Dockerfile', status: 'modified' }],
      baseContents: { Dockerfile: 'FROM alpine\n' },
      comments: [
        { id: 11, body: 'LGTM', user: { login: 'someone', type: 'User' } },
        {
          id: 12,
          body: '<!-- bulkhead-comment: Bulkhead -->\n## Bulkhead\n\nold findings',
          user: { login: 'github-actions[bot]', type: 'Bot' },
        },
      ],
    });
    const run = await runAction({
      workspace: ws,
      eventName: 'pull_request',
      payload: prPayload(),
      apiUrl: gh.url,
      inputs: { 'pr-comment': 'on-findings', online: 'false', 'check-run': 'false' },
    });
    expect(run.code).toBe(0);
    const patch = gh.requests.find((r) => r.method === 'PATCH');
    expect(patch!.path).toBe('/repos/octo/app/issues/comments/12');
    expect((patch!.body as { body: string }).body).toContain('All clear');
    // One request to learn whose comment may be edited: the fake's GraphQL answers no viewer,
    // `GET /user` refuses (an installation token), so github-actions[bot] is taken as ours.
    expect(gh.requests.filter((r) => r.method === 'POST').map((r) => r.path)).toEqual(['/graphql']);
    expectValidRequests(gh.requests);
  });

  test('the file list refused: every finding is reported, with a warning, and the run goes on', async () => {
    const ws = workspace({ Dockerfile: 'FROM alpine\nUSER nobody\n' });
    const gh = await server({
      failures: [
        {
          method: 'GET',
          pathEndsWith: '/files',
          status: 403,
          body: { message: 'Resource not accessible by integration' },
        },
      ],
    });
    const run = await runAction({
      workspace: ws,
      eventName: 'pull_request',
      payload: prPayload(),
      apiUrl: gh.url,
      inputs: { online: 'false', 'check-run': 'false' },
    });
    expect(run.outputs.findings).toBe('1');
    expect(warnings(run).join('\n')).toContain("the token may lack 'pull-requests: read'");
    expect(run.stdout).toContain('::error::1 finding at or above high');
    expect(run.stdout).not.toContain('internal error');
    expect(run.code).toBe(1);
  });

  test('a channel that fails is logged and named in the summary; the step result follows the findings', async () => {
    // The SARIF path is a directory, so writing it fails.
    const ws = workspace({ Dockerfile: CLEAN_DOCKERFILE, 'out/bulkhead.sarif/keep': '' });
    const gh = await server();
    const run = await runAction({
      workspace: ws,
      eventName: 'workflow_dispatch',
      payload: {},
      apiUrl: gh.url,
      inputs: { online: 'false', 'sarif-file': 'out/bulkhead.sarif' },
    });
    expect(run.code).toBe(0);
    expect(run.outputs).toEqual({
      findings: '0',
      blocking: '0',
      'max-severity': 'none',
      suppressed: '0',
      'sarif-file': '',
      'inputs-total': '1',
      'inputs-locked': '1',
    });
    expect(run.summary).toContain('**Not blocking**: no findings');
    expect(run.summary).toContain('The SARIF file could not be published (EISDIR');
    expect(gh.requests.at(-1)!.body).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(run.stdout).toMatch(
      /::error::Bulkhead could not write SARIF to .*bulkhead\.sarif \(EISDIR: illegal operation on a directory/,
    );
    expect(run.stdout).not.toContain('internal error');
    expectValidRequests(gh.requests);
  });

  test('a channel that fails does not hide blocking findings', async () => {
    const ws = workspace({ Dockerfile: 'FROM alpine\n', 'out/bulkhead.sarif/keep': '' });
    const gh = await server();
    const run = await runAction({
      workspace: ws,
      eventName: 'workflow_dispatch',
      payload: {},
      apiUrl: gh.url,
      inputs: { online: 'false', 'sarif-file': 'out/bulkhead.sarif' },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error::1 finding at or above high');
    expect(gh.requests.at(-1)!.body).toMatchObject({ status: 'completed', conclusion: 'failure' });
  });

  test('a bad input fails clearly before any request', async () => {
    const ws = workspace({ Dockerfile: 'FROM alpine\n' });
    const gh = await server();
    const run = await runAction({
      workspace: ws,
      eventName: 'push',
      payload: {},
      apiUrl: gh.url,
      inputs: { 'fail-on': 'severe' },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `::error::input 'fail-on': expected critical, high, medium, low, info or never (got "severe")`,
    );
    expect(gh.requests).toEqual([]);
  });

  test('hostile file names cannot inject workflow commands or markdown', async () => {
    const name = '::error::pwned,a:b%0A|<script>alert(1)</script>';
    const ws = workspace({ [`${name}/Dockerfile`]: 'FROM alpine\n' });
    const gh = await server();
    const run = await runAction({
      workspace: ws,
      eventName: 'workflow_dispatch',
      payload: {},
      apiUrl: gh.url,
      inputs: { online: 'false', 'check-run': 'false' },
    });
    const cmds = commandAnnotations(run.stdout);
    expect(cmds.filter((c) => c.message.startsWith('pwned'))).toEqual([]);
    const file = cmds.find((c) => c.props.file)!;
    expect(file.props.file).toBe(`${name}/Dockerfile`);
    // The name is shown, as code: GitHub reads no tag, link or command out of it.
    const read = readDocument(run.summary);
    expect(read.tags.filter((t) => t !== 'code' && t !== 'details' && t !== 'summary' && t !== 'br')).toEqual(
      [],
    );
    expect(read.risks).toEqual([]);
    expect(read.code).toContain(`${name}/Dockerfile`);
    expect(run.stdout).toMatch(/::stop-commands::[0-9a-f]{32}/);
  });
});
