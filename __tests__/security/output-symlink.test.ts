/**
 * Issue 9, item 11: `--output` inside the scanned tree never writes through a symbolic link the
 * scanned repository planted; a path the user names outside it is written as usual, and `-` and
 * `/dev/stdout` mean standard output.
 */
import { afterEach, describe, expect, test } from '@jest/globals';
import {
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { main, type CliIo } from '../../src/cli/main.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tree(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'bulkhead-output-'));
  dirs.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
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

const REPO = { Dockerfile: 'FROM node\nUSER node\n' };
const STARTUP = 'echo original startup file\n';

describe('--output inside the scanned tree', () => {
  test('a planted link at the file is refused, exit 2, the target untouched', async () => {
    const home = tree({ '.bashrc': STARTUP });
    const repo = tree(REPO);
    symlinkSync(join(home, '.bashrc'), join(repo, 'report.sarif'));
    const r = await run(['scan', '.', '-f', 'sarif', '-o', 'report.sarif'], repo);
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'bulkhead: --output: report.sarif goes through a symbolic link inside the scanned tree (report.sarif); not written. Write the report outside the scanned tree, or remove the link.\n',
    });
    expect(readFileSync(join(home, '.bashrc'), 'utf8')).toBe(STARTUP);
    expect(lstatSync(join(repo, 'report.sarif')).isSymbolicLink()).toBe(true);
  });

  test('a linked directory on the way is refused, also when the link points inside the tree', async () => {
    const home = tree();
    const repo = tree({ ...REPO, 'real/keep': '' });
    symlinkSync(home, join(repo, 'reports'));
    symlinkSync(join(repo, 'real'), join(repo, 'inner'));
    const r = await run(['scan', '-o', 'reports/out.txt'], repo);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'bulkhead: --output: reports/out.txt goes through a symbolic link inside the scanned tree (reports); not written. Write the report outside the scanned tree, or remove the link.\n',
    );
    expect(readdirSync(home)).toEqual([]);
    const inner = await run(['scan', '-o', 'inner/out.txt'], repo);
    expect(inner.code).toBe(2);
    expect(readdirSync(join(repo, 'real'))).toEqual(['keep']);
  });

  test('a scanned subfolder counts as the tree even when the root is elsewhere', async () => {
    const home = tree({ '.profile': STARTUP });
    const repo = tree(REPO);
    symlinkSync(join(home, '.profile'), join(repo, 'out.json'));
    const r = await run(['scan', repo, '--root', home, '-f', 'json', '-o', join(repo, 'out.json')], home);
    expect(r.code).toBe(2);
    expect(readFileSync(join(home, '.profile'), 'utf8')).toBe(STARTUP);
  });

  test('a regular file is replaced, not written through a hard link to it', async () => {
    const home = tree({ '.bashrc': STARTUP });
    const repo = tree(REPO);
    linkSync(join(home, '.bashrc'), join(repo, 'report.txt'));
    const r = await run(['scan', '-o', 'report.txt'], repo);
    expect(r.code).toBe(1);
    expect(readFileSync(join(home, '.bashrc'), 'utf8')).toBe(STARTUP);
    expect(readFileSync(join(repo, 'report.txt'), 'utf8')).toMatch(/^Dockerfile\n {2}1:6 {2}high/);
    // No temporary file left behind.
    expect(readdirSync(repo).sort()).toEqual(['Dockerfile', 'report.txt']);
  });
});

describe('--output elsewhere', () => {
  test('a path outside the scanned tree is followed as usual', async () => {
    const mine = tree({ 'real.txt': 'old\n' });
    symlinkSync(join(mine, 'real.txt'), join(mine, 'latest.txt'));
    const repo = tree(REPO);
    const r = await run(['scan', '.', '-o', join(mine, 'latest.txt')], repo);
    expect(r.code).toBe(1);
    expect(readFileSync(join(mine, 'real.txt'), 'utf8')).toMatch(/^Dockerfile\n/);
    expect(lstatSync(join(mine, 'latest.txt')).isSymbolicLink()).toBe(true);
  });

  test.each(['-', '/dev/stdout'])('%s writes to standard output', async (out) => {
    const repo = tree(REPO);
    const r = await run(['scan', '.', '-f', 'json', '-o', out], repo);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).findings.length).toBeGreaterThan(0);
    expect(r.stderr).toBe('');
    expect(existsSync(join(repo, '-'))).toBe(false);
  });
});
