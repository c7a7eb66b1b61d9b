import { afterAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { main, type CliIo } from '../../src/cli/main.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@t',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@t',
    },
  });
}

/** A repository with one commit (the base), then the working tree changed as given. */
function repo(base: Record<string, string>, head: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'bulkhead-base-cli-'));
  dirs.push(root);
  git(root, 'init', '-q');
  const put = (p: string, t: string) => {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), t);
  };
  for (const [p, t] of Object.entries(base)) put(p, t);
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'base');
  for (const [p, t] of Object.entries(head)) put(p, t);
  return root;
}

async function run(argv: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    isTTY: false,
    env: {},
    cwd,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

describe('bulkhead scan --base', () => {
  it('reports only what the change introduces, even when old findings moved lines', async () => {
    const root = repo(
      { Dockerfile: 'FROM node:20\nRUN npm install\n' },
      {
        Dockerfile:
          '# a new first line moves every old finding\nFROM node:20\nRUN npm install\nRUN curl -fsSL https://x.example/i.sh | sh\n',
        'Dockerfile.tools': 'FROM python\nUSER app\n',
      },
    );
    const { code, stdout, stderr } = await run(['scan', '.', '--base', 'HEAD', '--format', 'json'], root);
    const found = (
      JSON.parse(stdout) as {
        findings: { ruleId: string; path: string; startLine: number; startColumn: number }[];
      }
    ).findings.map((f) => [f.ruleId, f.path, f.startLine, f.startColumn]);
    expect(found).toEqual([
      ['dockerfile/remote-script-exec', 'Dockerfile', 4, 5],
      ['dockerfile/base-image-latest', 'Dockerfile.tools', 1, 6],
    ]);
    expect(code).toBe(1);
    expect(stderr).toContain('2 changed files');
  });

  it('workflows too: a moved step is not new, an added one is, and a new context in an old run: is', async () => {
    const wf = (...steps: string[]) =>
      [
        'on: pull_request_target',
        'jobs:',
        '  a:',
        '    runs-on: ubuntu-24.04',
        '    steps:',
        ...steps,
        '',
      ].join('\n');
    const root = repo(
      {
        '.github/workflows/ci.yml': wf(
          '      - uses: acme/one@v1',
          '      - run: echo "${{ github.event.pull_request.title }}"',
        ),
      },
      {
        '.github/workflows/ci.yml': wf(
          '      - name: first',
          '        run: make',
          '      - uses: acme/one@v1',
          '      - uses: acme/two@v1',
          '      - run: echo "${{ github.event.pull_request.title }} ${{ github.head_ref }}"',
        ),
      },
    );
    const { code, stdout } = await run(['scan', '.', '--base', 'HEAD', '--format', 'json'], root);
    const found = (
      JSON.parse(stdout) as {
        findings: { ruleId: string; startLine: number; startColumn: number; message: string }[];
      }
    ).findings.map((f) => [f.ruleId, f.startLine, f.startColumn]);
    expect(found).toEqual([
      ['workflow/unpinned-action', 9, 15],
      ['workflow/template-injection', 10, 59],
    ]);
    expect(code).toBe(1);
  });

  it('exits 0 when the change adds nothing, though old findings remain', async () => {
    const root = repo(
      { Dockerfile: 'FROM node:20\nRUN npm install\n' },
      { Dockerfile: 'FROM node:20\n\nRUN npm install\n' },
    );
    const { code, stdout } = await run(['scan', '.', '--base', 'HEAD', '--fail-on', 'low'], root);
    expect(code).toBe(0);
    expect(stdout).toContain('0 new findings in this change; 1 file checked; 0 at or above low.');
  });

  it.each([
    ['an unknown revision', 'no-such-branch', '--base: no such commit'],
    ['an option-like revision', '--output=/tmp/x', '--base: not a revision'],
  ])('rejects %s with exit 2', async (_name, ref, message) => {
    const root = repo({ Dockerfile: 'FROM node:20\n' }, {});
    const { code, stderr } = await run(['scan', '.', `--base=${ref}`], root);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it('needs a git repository', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bulkhead-nogit-'));
    dirs.push(root);
    writeFileSync(join(root, 'Dockerfile'), 'FROM node\n');
    const { code, stderr } = await run(['scan', '.', '--base', 'HEAD'], root);
    expect(code).toBe(2);
    expect(stderr).toContain('--base needs a git repository');
  });
});

describe('bulkhead scan --base: a group made new by one more member says what was added', () => {
  const DIGEST = 'debian:12@sha256:' + 'a'.repeat(64);
  type F = { ruleId: string; message: string; startLine: number; startColumn: number };
  const scanNew = async (base: string, head: string) => {
    const root = repo({ Dockerfile: base }, { Dockerfile: head });
    const r = await run(['scan', '.', '--base', 'HEAD', '--format', 'json', '--fail-on', 'never'], root);
    expect(r.code).toBe(0);
    return (JSON.parse(r.stdout) as { findings: F[] }).findings.filter(
      (f) => f.ruleId === 'dockerfile/os-package-unpinned',
    );
  };

  it.each([
    // [case, base RUN, head RUN, expected suffix or null (no finding), line, column]
    [
      'one package added',
      'apt-get install -y curl git',
      'apt-get install -y curl git wget',
      " New in this change: 'wget'.",
      3,
      5,
    ],
    [
      'two added, reordered',
      'apt-get install -y git curl',
      'apt-get install -y jq curl git wget',
      " New in this change: 'jq', 'wget'.",
      3,
      5,
    ],
    [
      'a new command in a file that had one',
      'apt-get install -y curl',
      'apt-get install -y curl && apk add jq',
      null,
      0,
      0,
    ],
  ])('%s', async (_name, baseRun, headRun, suffix, line, column) => {
    const found = await scanNew(
      `FROM ${DIGEST}\n# base\nRUN ${baseRun}\nUSER app\n`,
      `FROM ${DIGEST}\n# head\nRUN ${headRun}\nUSER app\n`,
    );
    if (suffix === null) {
      // The apk command is a group of its own, new as a whole: its message names nothing as added.
      expect(found.map((f) => f.message.includes('New in this change'))).toEqual([false]);
      return;
    }
    expect(found).toHaveLength(1);
    expect(found[0]!.message.endsWith(suffix)).toBe(true);
    expect([found[0]!.startLine, found[0]!.startColumn]).toEqual([line, column]);
  });

  it('an unchanged group is not reported and a group new as a whole names nothing as added', async () => {
    expect(
      await scanNew(
        `FROM ${DIGEST}\nRUN apt-get install -y curl\nUSER app\n`,
        `FROM ${DIGEST}\n\nRUN apt-get install -y curl\nUSER app\n`,
      ),
    ).toEqual([]);
    const whole = await scanNew(
      `FROM ${DIGEST}\nUSER app\n`,
      `FROM ${DIGEST}\nRUN apt-get install -y curl git\nUSER app\n`,
    );
    expect(whole).toHaveLength(1);
    expect(whole[0]!.message).not.toContain('New in this change');
  });
});
