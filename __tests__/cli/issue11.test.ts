// The CLI as people use it (issue 11): nothing skipped in silence, Unix manners.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { main, type CliIo } from '../../src/cli/main.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const D = 'sha256:' + 'a'.repeat(64);
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tree(files: Record<string, string>, base?: string): string {
  const root = base ?? mkdtempSync(join(tmpdir(), 'bulkhead-i11-'));
  if (!base) dirs.push(root);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}

async function run(argv: string[], cwd: string, stdin?: string) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    isTTY: false,
    env: {},
    cwd,
    ...(stdin !== undefined ? { stdin: async () => stdin } : {}),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

type J = { findings: { ruleId: string; path: string; startLine: number; severity: string }[] };
const ids = (stdout: string) =>
  (JSON.parse(stdout) as J).findings.map((f) => `${f.path}:${f.startLine} ${f.ruleId}`);

describe('paths named on the command line are always scanned (issue 11, defect 2)', () => {
  it('a folder outside the report root is walked, its paths reported with ../', async () => {
    const top = tree({
      'b/Dockerfile': 'FROM ubuntu\nUSER 1\n',
      'b/gen/Dockerfile': 'FROM alpine\nUSER 1\n',
    });
    const a = tree({ Dockerfile: 'FROM node\nUSER 1\n' }, join(top, 'a'));
    const r = await run(['scan', '.', '../b', '-f', 'json', '--fail-on', 'never'], a);
    expect(r.code).toBe(0);
    expect(ids(r.stdout)).toEqual([
      '../b/Dockerfile:1 dockerfile/base-image-latest',
      '../b/gen/Dockerfile:1 dockerfile/base-image-latest',
      'Dockerfile:1 dockerfile/base-image-latest',
    ]);
    expect(JSON.parse(r.stdout).summary.filesChecked).toBe(3);
    // `paths:` globs apply inside the named folder as if it were the root.
    writeFileSync(join(a, '.bulkhead.yml'), "paths: { exclude: ['gen/**'] }\n");
    const ex = await run(['scan', '.', '../b', '-f', 'json', '--fail-on', 'never'], a);
    expect(ids(ex.stdout)).toEqual([
      '../b/Dockerfile:1 dockerfile/base-image-latest',
      'Dockerfile:1 dockerfile/base-image-latest',
    ]);
  });

  it('--root that does not exist is exit 2, not "0 files checked"', async () => {
    const r = await run(
      ['scan', '.', '--root', '/nonexistent-bulkhead-root'],
      tree({ Dockerfile: 'FROM node\n' }),
    );
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: 'bulkhead: --root: no such directory: /nonexistent-bulkhead-root\n',
    });
  });
});

describe('report paths: one rule (issue 11, defect 8)', () => {
  it('a config file outside the report root is named relative to it, never absolute', async () => {
    const top = tree({
      'shared/strict.yml':
        'ignore:\n  - rule: dockerfile/runs-as-root\n    path: nothing/**\n    reason: old entry\n',
    });
    const app = tree({ Dockerfile: `FROM node:20.11.1@${D}\nUSER node\n` }, join(top, 'app'));
    const r = await run(['scan', '.', '-c', '../shared/strict.yml', '-f', 'json'], app);
    const out = JSON.parse(r.stdout) as J & { config: { path: string } };
    expect(out.config.path).toBe('../shared/strict.yml');
    expect(ids(r.stdout)).toEqual(['../shared/strict.yml:2 config/unused-ignore']);
  });

  it('a folder outside the working directory is its own root; one inside it is reported from the cwd', async () => {
    const outside = tree({ 'svc/Dockerfile': 'FROM node\nUSER 1\n' });
    const r = await run(['scan', outside, '-f', 'json'], tree({}));
    expect(ids(r.stdout)).toEqual(['svc/Dockerfile:1 dockerfile/base-image-latest']);
    const inside = await run(['scan', 'svc', '-f', 'json'], outside);
    expect(ids(inside.stdout)).toEqual(['svc/Dockerfile:1 dockerfile/base-image-latest']);
  });
});

describe('named files that are not recognised (issue 11, defect 5)', () => {
  it('alone: a warning and exit 2 (nothing at all was checked)', async () => {
    const cwd = tree({ 'myimage.txt': 'FROM node\n' });
    const r = await run(['scan', 'myimage.txt'], cwd);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'warning: myimage.txt: not a file Bulkhead recognises by name, so it was not checked; say what it is with --type (dockerfile, package-lock.json, .npmrc, ...)\nbulkhead: nothing was checked: myimage.txt is not recognised (use --type)\n',
    );
  });

  it('beside a recognised file: the warning, and the scan of the rest', async () => {
    const cwd = tree({ 'myimage.txt': 'FROM node\n', Dockerfile: `FROM node:20.11.1@${D}\nUSER node\n` });
    const r = await run(['scan', 'myimage.txt', 'Dockerfile'], cwd);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning: myimage.txt: not a file Bulkhead recognises by name');
    expect(r.stdout).toContain('in 1 file checked');
  });

  it('a named file of a kind no check reads yet (a package.json) is said, and alone is exit 2', async () => {
    const cwd = tree({ 'package.json': '{"name":"x","version":"1.0.0"}\n' });
    const r = await run(['scan', 'package.json'], cwd);
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'warning: package.json: recognised as a manifest file, but no check reads manifest files in this version; not checked\n' +
        'bulkhead: nothing was checked: package.json is of a kind no check reads yet\n',
    });
  });

  it('a named workflow is checked; --type workflow reads any file as one', async () => {
    const wf =
      'on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: acme/tool@v1\npermissions: {}\n';
    const cwd = tree({ '.github/workflows/ci.yml': wf, 'pipeline.txt': wf });
    for (const argv of [
      ['scan', '.github/workflows/ci.yml'],
      ['scan', '--type', 'workflow', 'pipeline.txt'],
    ]) {
      const r = await run([...argv, '--format', 'json'], cwd);
      expect(r.code).toBe(1);
      const found = (
        JSON.parse(r.stdout) as { findings: { ruleId: string; startLine: number; startColumn: number }[] }
      ).findings;
      expect(found.map((f) => [f.ruleId, f.startLine, f.startColumn])).toEqual([
        ['workflow/unpinned-action', 6, 15],
      ]);
    }
  });

  it('--type dockerfile reads it as a Dockerfile; --type <lockfile name> as that format', async () => {
    const cwd = tree({
      'myimage.txt': 'FROM node\nUSER 1\n',
      'deps.json': JSON.stringify({
        name: 'x',
        lockfileVersion: 3,
        packages: {
          '': { name: 'x' },
          'node_modules/event-stream': {
            version: '3.3.6',
            resolved: 'https://registry.npmjs.org/event-stream/-/event-stream-3.3.6.tgz',
            integrity: 'sha512-' + 'A'.repeat(86) + '==',
          },
        },
      }),
    });
    const d = await run(['scan', 'myimage.txt', '--type', 'dockerfile', '-f', 'json'], cwd);
    expect(ids(d.stdout)).toEqual(['myimage.txt:1 dockerfile/base-image-latest']);
    const l = await run(['scan', 'deps.json', '--type', 'package-lock.json', '-f', 'json'], cwd);
    expect(ids(l.stdout)).toContain('deps.json:1 lockfile/known-malicious');
    // --type does not change how recognised files are read.
    expect(l.stderr).toBe('');
  });
});

describe('standard input and standard output (issue 11, defect 5)', () => {
  it('scan - reads standard input as --type says, under --stdin-filename', async () => {
    const cwd = tree({});
    const r = await run(
      ['scan', '-', '--type', 'dockerfile', '--stdin-filename', 'svc/Dockerfile.prod', '-f', 'json'],
      cwd,
      'FROM node\nUSER 1\n',
    );
    expect(ids(r.stdout)).toEqual(['svc/Dockerfile.prod:1 dockerfile/base-image-latest']);
    expect(r.code).toBe(1);
    // A recognised name is enough; without either, exit 2.
    const named = await run(
      ['scan', '-', '--stdin-filename', 'Dockerfile', '-f', 'json'],
      cwd,
      'FROM node\nUSER 1\n',
    );
    expect(ids(named.stdout)).toEqual(['Dockerfile:1 dockerfile/base-image-latest']);
    const dflt = await run(['scan', '-', '--type', 'dockerfile', '-q'], cwd, 'FROM node\n');
    expect(dflt.stdout).toMatch(/^findings=\d+ blocking=1 /);
  });

  it('-o - writes the report to standard output', async () => {
    const cwd = tree({ Dockerfile: 'FROM node\nUSER 1\n' });
    const r = await run(['scan', '-o', '-', '-f', 'json'], cwd);
    expect(ids(r.stdout)).toEqual(['Dockerfile:1 dockerfile/base-image-latest']);
    expect(r.stderr).toBe('');
  });
});

describe('--severity, --ignore, --quiet (what users of other scanners expect)', () => {
  const RISK = {
    Dockerfile: `FROM node\nRUN apt-get update && apt-get install -y curl\n`,
  };

  it('--severity shows only findings at or above it; the exit code still counts every finding', async () => {
    const cwd = tree(RISK);
    const all = await run(['scan', '-f', 'json', '--fail-on', 'low'], cwd);
    const sevs = (JSON.parse(all.stdout) as J).findings.map((f) => f.severity);
    expect(sevs).toContain('high');
    expect(sevs.some((s) => s === 'medium' || s === 'low')).toBe(true);
    const high = await run(['scan', '-f', 'json', '--fail-on', 'low', '--severity', 'high'], cwd);
    expect(
      (JSON.parse(high.stdout) as J).findings.every(
        (f) => f.severity === 'high' || f.severity === 'critical',
      ),
    ).toBe(true);
    const crit = await run(['scan', '-f', 'json', '--severity', 'critical'], cwd);
    expect(JSON.parse(crit.stdout).findings).toEqual([]);
    expect(crit.code).toBe(1);
    expect(crit.stderr).toBe(
      'warning: 1 finding below --severity critical not shown still blocks (at or above fail-on high).\n',
    );
  });

  it('--ignore turns rules off for the run (repeatable)', async () => {
    const cwd = tree({ Dockerfile: 'FROM node\nUSER 1\n' });
    const r = await run(['scan', '-f', 'json', '--ignore', 'dockerfile/base-image-latest'], cwd);
    expect(ids(r.stdout)).toEqual([]);
    expect(r.code).toBe(0);
    const two = await run(
      [
        'scan',
        '-f',
        'json',
        '--ignore',
        'dockerfile/runs-as-root',
        '--ignore',
        'dockerfile/base-image-latest',
      ],
      cwd,
    );
    expect(ids(two.stdout)).toEqual([]);
  });

  it('-q prints one key=value summary line and nothing else; with -o the report goes to the file', async () => {
    const cwd = tree({ Dockerfile: 'FROM node\nUSER 1\n' });
    const r = await run(['scan', '-q'], cwd);
    expect(r).toEqual({
      code: 1,
      stdout:
        'findings=1 blocking=1 fail-on=high max-severity=high critical=0 high=1 medium=0 low=0 info=0 files=1 suppressed=0 exit=1\n',
      stderr: '',
    });
    const out = join(tree({}), 'r.json');
    const f = await run(['scan', '--quiet', '-f', 'json', '-o', out], cwd);
    expect(f.stdout).toBe(r.stdout);
    expect(f.stderr).toBe('');
    expect(ids(readFileSync(out, 'utf8'))).toEqual(['Dockerfile:1 dockerfile/base-image-latest']);
  });
});

describe('promised but inert settings warn once (issue 11, defect 6)', () => {
  it('lockfile.min-release-age offline (workflow.trusted-actions is read by workflow/unpinned-action)', async () => {
    const yml = "workflow:\n  trusted-actions: ['actions/*']\nlockfile:\n  min-release-age: 7d\n";
    const cwd = tree({ Dockerfile: `FROM node:20.11.1@${D}\nUSER node\n`, '.bulkhead.yml': yml });
    const r = await run(['scan', '--offline'], cwd);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'warning: lockfile.min-release-age is 7d but has no effect offline: release dates come from the npm registry and PyPI (online checks).\n',
    );
    // Online without a registry to ask: still inert, and said.
    const noRegistry = tree({ Dockerfile: `FROM node:20.11.1@${D}\nUSER node\n`, '.bulkhead.yml': yml });
    expect((await run(['scan'], noRegistry)).stderr).toBe(
      'warning: lockfile.min-release-age is 7d but has no effect: release dates come from the npm registry and PyPI, and neither intel.npm-registry-url nor intel.pypi-url is set.\n',
    );
    // Online with a registry, lockfile/release-too-new reads it: nothing to say.
    const online = tree({
      Dockerfile: `FROM node:20.11.1@${D}\nUSER node\n`,
      '.bulkhead.yml': `${yml}intel:\n  npm-registry-url: https://npm.example.test\n`,
    });
    expect((await run(['scan'], online)).stderr).toBe('');
    const quiet = await run(
      ['scan'],
      tree({
        Dockerfile: `FROM node:20.11.1@${D}\nUSER node\n`,
        '.bulkhead.yml': 'lockfile:\n  min-release-age: 0d\n',
      }),
    );
    expect(quiet.stderr).toBe('');
  });
});

describe('bulkhead rules <id>', () => {
  it('prints the full page; --format json one object', async () => {
    const r = await run(['rules', 'dockerfile/base-image-latest'], REPO);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').slice(0, 2)).toEqual([
      'dockerfile/base-image-latest  (high)',
      'Image without a tag or with :latest',
    ]);
    expect(r.stdout).toContain('\nFix: Pin');
    expect(r.stdout).toContain('\nBad:\n    FROM ');
    expect(r.stdout).toContain(
      '\nDocs: https://github.com/bulkhead-dev/bulkhead/blob/main/docs/rules/dockerfile/base-image-latest.md\n',
    );
    const j = await run(['rules', 'dockerfile/base-image-latest', '--format', 'json'], REPO);
    expect(JSON.parse(j.stdout)).toMatchObject({ id: 'dockerfile/base-image-latest', severity: 'high' });
  });
});

describe('a closed pipe (issue 11, defect 3)', () => {
  let cli = '';
  beforeAll(async () => {
    const out = mkdtempSync(join(tmpdir(), 'bulkhead-i11-cli-'));
    dirs.push(out);
    cli = join(out, 'cli.mjs');
    await build({
      entryPoints: [join(REPO, 'src/cli.ts')],
      outfile: cli,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      mainFields: ['module', 'main'],
      banner: {
        js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
      },
      logLevel: 'error',
      absWorkingDir: REPO,
    });
  }, 60_000);

  /** Runs the CLI with stdout read by a consumer that closes it after the first chunk (`| head -c1`). */
  function closedEarly(args: string[]): Promise<{ code: number | null; stderr: string }> {
    return new Promise((done, fail) => {
      const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      const err: Buffer[] = [];
      child.stdout.once('data', () => child.stdout.destroy());
      child.stderr.on('data', (b: Buffer) => err.push(b));
      child.on('error', fail);
      child.on('close', (code) => done({ code, stderr: Buffer.concat(err).toString('utf8') }));
    });
  }

  it('ends quietly with the exit code the run would have had', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`s${i}/Dockerfile`] = 'FROM node\nRUN curl http://x | sh\n';
    const root = tree(files);
    expect(await closedEarly(['scan', root, '-f', 'json', '--fail-on', 'never'])).toEqual({
      code: 0,
      stderr: '',
    });
    expect(await closedEarly(['scan', root, '-f', 'json'])).toEqual({ code: 1, stderr: '' });
  }, 60_000);
});
