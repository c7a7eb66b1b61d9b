/**
 * Issue 9, item 6: a pull request cannot set its own bar. The bundled action gates pull requests
 * with the base commit's config and reports a blocking config/weakened-in-change finding for a
 * change that relaxes it. Needs dist/ (`npm run bundle`).
 */
import { afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startFakeGitHub, type FakeGitHub, type FakeGitHubOptions } from '../e2e/fake-github.js';
import { BUNDLE, commandAnnotations, runAction } from '../e2e/run-action.js';

const DIGEST = 'sha256:' + 'a'.repeat(64);
const CLEAN = `FROM alpine:3.20@${DIGEST}\nUSER app\n`;
const CURL_SH = `FROM alpine:3.20@${DIGEST}\nUSER app\nRUN curl -fsSL https://get.example.com/i.sh | sh\n`;

const servers: FakeGitHub[] = [];
const dirs: string[] = [];
beforeAll(() => {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run 'npm run bundle' first`);
});
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function write(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
}

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'bulkhead-gate-'));
  dirs.push(dir);
  write(dir, files);
  return dir;
}

/** A git workspace: `base` committed, then `head` written over it and committed. */
function gitWorkspace(base: Record<string, string>, head: Record<string, string>) {
  const ws = workspace(base);
  const git = (...args: string[]) =>
    execFileSync(
      'git',
      ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args],
      { cwd: ws, encoding: 'utf8' },
    ).trim();
  git('init', '-q');
  git('add', '.');
  git('commit', '-q', '-m', 'base');
  const baseSha = git('rev-parse', 'HEAD');
  write(ws, head);
  git('add', '.');
  git('commit', '-q', '-m', 'head');
  return { ws, base: baseSha, head: git('rev-parse', 'HEAD') };
}

async function server(opts: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const s = await startFakeGitHub(opts);
  servers.push(s);
  return s;
}

function payload(base: string, head: string) {
  return {
    action: 'synchronize',
    number: 7,
    pull_request: {
      number: 7,
      changed_files: 2,
      base: { sha: base, ref: 'main', repo: { full_name: 'octo/app' } },
      head: { sha: head, ref: 'feature', repo: { full_name: 'octo/app' } },
    },
    repository: { full_name: 'octo/app' },
  };
}

const located = (stdout: string) =>
  commandAnnotations(stdout)
    .filter((a) => a.props.file)
    .map((a) => `${a.props.file}:${a.props.line} ${a.props.title}`)
    .sort();

describe('pull requests are gated with the base commit config', () => {
  test('fail-on: never and an ignore in the head config change nothing; the weakening blocks', async () => {
    const r = gitWorkspace(
      { '.bulkhead.yml': 'fail-on: high\n', Dockerfile: CLEAN },
      {
        '.bulkhead.yml':
          'fail-on: never\nignore:\n  - rule: dockerfile/remote-script-exec\n    path: "**"\n    reason: trust me\n',
        Dockerfile: CURL_SH,
      },
    );
    const gh = await server();
    const run = await runAction({
      workspace: r.ws,
      eventName: 'pull_request',
      payload: payload(r.base, r.head),
      apiUrl: gh.url,
      inputs: { online: 'false', 'check-run': 'false' },
    });
    expect(located(run.stdout)).toEqual([
      '.bulkhead.yml:1 config/weakened-in-change (critical)',
      'Dockerfile:3 dockerfile/remote-script-exec (critical)',
    ]);
    const weak = commandAnnotations(run.stdout).find((a) => a.props.file === '.bulkhead.yml')!;
    expect(weak.message).toContain('fail-on high -> never');
    expect(weak.message).toContain("ignore adds dockerfile/remote-script-exec at '**'");
    expect(weak.message).toContain(`.bulkhead.yml from the base commit ${r.base.slice(0, 12)}`);
    expect(run.outputs.blocking).toBe('2');
    expect(run.code).toBe(1);
    expect(run.summary).toContain('weakens it (2 changes)');
  });

  test('a nested config added next to the scanned folder does not shadow the base root config', async () => {
    const ws = workspace({
      '.bulkhead.yml': 'fail-on: high\n',
      'svc/.bulkhead.yaml': 'paths:\n  exclude: ["**"]\n',
      'svc/Dockerfile': CURL_SH,
    });
    const gh = await server({
      pullFiles: [
        { filename: 'svc/.bulkhead.yaml', status: 'added' },
        { filename: 'svc/Dockerfile', status: 'added' },
      ],
      baseContents: { '.bulkhead.yml': 'fail-on: high\n' },
    });
    const run = await runAction({
      workspace: ws,
      eventName: 'pull_request',
      payload: payload('b'.repeat(40), 'c'.repeat(40)),
      apiUrl: gh.url,
      inputs: { online: 'false', 'check-run': 'false', path: 'svc' },
    });
    expect(located(run.stdout)).toEqual([
      'svc/.bulkhead.yaml:2 config/weakened-in-change (critical)',
      'svc/Dockerfile:3 dockerfile/remote-script-exec (critical)',
    ]);
    expect(run.stdout).toContain("paths.exclude adds '**'");
    expect(run.code).toBe(1);
  });

  test('a head config that does not load is a blocking finding, and the scan still runs', async () => {
    const r = gitWorkspace(
      { '.bulkhead.yml': 'fail-on: high\n', Dockerfile: CLEAN },
      { '.bulkhead.yml': 'fail-on: [never\n', Dockerfile: CURL_SH },
    );
    const gh = await server();
    const run = await runAction({
      workspace: r.ws,
      eventName: 'pull_request',
      payload: payload(r.base, r.head),
      apiUrl: gh.url,
      inputs: { online: 'false', 'check-run': 'false' },
    });
    expect(located(run.stdout)).toEqual([
      '.bulkhead.yml:1 config/weakened-in-change (critical)',
      'Dockerfile:3 dockerfile/remote-script-exec (critical)',
    ]);
    expect(run.stdout).toContain('does not load');
    expect(run.code).toBe(1);
  });

  test('a change that only tightens the config is not a finding', async () => {
    const r = gitWorkspace(
      { '.bulkhead.yml': 'fail-on: high\n', Dockerfile: CLEAN },
      { '.bulkhead.yml': 'fail-on: medium\n', Dockerfile: CLEAN },
    );
    const gh = await server();
    const run = await runAction({
      workspace: r.ws,
      eventName: 'pull_request',
      payload: payload(r.base, r.head),
      apiUrl: gh.url,
      inputs: { online: 'false', 'check-run': 'false' },
    });
    expect(located(run.stdout)).toEqual([]);
    expect(run.stdout).toContain('without weakening it');
    expect(run.code).toBe(0);
  });

  test('no way to read the base: the head config is not applied, and a blocking finding says so', async () => {
    const ws = workspace({ '.bulkhead.yml': 'fail-on: never\n', Dockerfile: CLEAN });
    const gh = await server();
    const run = await runAction({
      workspace: ws,
      eventName: 'pull_request',
      payload: payload('b'.repeat(40), 'c'.repeat(40)),
      apiUrl: gh.url,
      inputs: { online: 'false', 'check-run': 'false', 'github-token': '' },
    });
    expect(located(run.stdout)).toEqual(['.bulkhead.yml:1 config/weakened-in-change (critical)']);
    expect(run.stdout).toContain('so it was not applied: this run was gated with the defaults');
    // fail-on: never from the unverified head config does not let its own finding pass.
    expect(run.code).toBe(1);
  });

  test('a push is gated with the checked-out config (it is the branch itself)', async () => {
    const ws = workspace({ '.bulkhead.yml': 'fail-on: never\n', Dockerfile: CURL_SH });
    const gh = await server();
    const run = await runAction({
      workspace: ws,
      eventName: 'push',
      payload: { after: 'c'.repeat(40), repository: { full_name: 'octo/app' } },
      apiUrl: gh.url,
      inputs: { online: 'false', 'check-run': 'false' },
    });
    expect(located(run.stdout)).toEqual(['Dockerfile:3 dockerfile/remote-script-exec (critical)']);
    expect(run.code).toBe(0);
  });
});
