/**
 * report: new asks the online services only about what the change added or changed: counted on
 * loopback OSV and PyPI servers through the CLI's --base (scan/base/online-select.ts).
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, type CliIo } from '../../src/cli/main.js';
import { createIntel } from '../../src/intel/index.js';
import { startFakeOsv, type FakeOsv } from './fake-osv.js';
import { pypiProject, sha256, startFakePypi, type FakePypi } from './fake-pypi.js';

const OLD = '2024-05-29T15:37:49.536Z';
const GOOD = sha256('requests-2.32.3.tar.gz');
const TAMPERED = sha256('tampered');

const dirs: string[] = [];
const servers: (FakePypi | FakeOsv)[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  for (const s of servers.splice(0)) await s.close();
});

async function repo(files: Record<string, string>, change: Record<string, string>) {
  const root = mkdtempSync(join(tmpdir(), 'bulkhead-new-online-'));
  dirs.push(root);
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: root,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 't',
        GIT_AUTHOR_EMAIL: 't@t',
        GIT_COMMITTER_NAME: 't',
        GIT_COMMITTER_EMAIL: 't@t',
      },
    });
  git('init', '-q');
  for (const [p, t] of Object.entries(files)) writeFileSync(join(root, p), t);
  git('add', '-A');
  git('commit', '-qm', 'base');
  for (const [p, t] of Object.entries(change)) writeFileSync(join(root, p), t);
  return root;
}

async function cli(root: string, argv: string[]) {
  let stdout = '';
  const io: CliIo = {
    stdout: (s) => (stdout += s),
    stderr: () => {},
    isTTY: false,
    env: {},
    cwd: root,
    intel: async (settings) => createIntel(settings, { backoffMs: 1 }),
  };
  const code = await main(['scan', '.', '--format', 'json', ...argv], io);
  const findings = (JSON.parse(stdout) as { findings: { ruleId: string; path: string; startLine: number }[] })
    .findings;
  return { code, findings: findings.map((f) => [f.ruleId, f.path, f.startLine]) };
}

describe('report: new asks only about what the change added or changed', () => {
  it('PyPI and OSV: unchanged lockfiles and identical entries are not asked; a rewritten hash is', async () => {
    const pypi = await startFakePypi({
      requests: pypiProject('requests', {
        '2.32.3': [{ filename: 'requests-2.32.3.tar.gz', content: 'requests-2.32.3.tar.gz', time: OLD }],
      }),
      six: pypiProject('six', { '1.16.0': [{ filename: 'six-1.16.0.tar.gz', content: 'six', time: OLD }] }),
      urllib3: pypiProject('urllib3', { '2.2.2': [{ filename: 'u.whl', content: 'u', time: OLD }] }),
    });
    const osv = await startFakeOsv();
    servers.push(pypi, osv);
    const config = `intel:\n  osv-url: ${osv.url}\n  pypi-url: ${pypi.url}\n  timeout-ms: 2000\n`;
    const base = {
      '.bulkhead.yml': config,
      'requirements.txt': `six==1.16.0\nrequests==2.32.3 --hash=sha256:${GOOD}\nurllib3==2.2.2 --hash=sha256:${TAMPERED}\n`,
      // Not touched by the change: never asked about.
      'requirements-dev.txt': 'nosuchproject==1.0\n',
    };
    const root = await repo(base, {
      // six unchanged; requests' hash rewritten; urllib3's tampered hash was there already;
      // certifi added with a version PyPI does not have.
      'requirements.txt': `six==1.16.0\nrequests==2.32.3 --hash=sha256:${TAMPERED}\nurllib3==2.2.2 --hash=sha256:${TAMPERED}\ncertifi==2099.1.1\n`,
    });
    const all = await cli(root, []);
    const pypiAll = pypi.requests.length;
    const osvAll = osv.requests.length;
    expect(all.findings.filter((f) => f[0] !== 'lockfile/missing-integrity')).toEqual([
      ['lockfile/unknown-version', 'requirements-dev.txt', 1],
      ['lockfile/integrity-mismatch', 'requirements.txt', 2],
      ['lockfile/integrity-mismatch', 'requirements.txt', 3],
      ['lockfile/unknown-version', 'requirements.txt', 4],
    ]);
    expect(pypiAll).toBe(5);
    pypi.requests.length = 0;
    osv.requests.length = 0;

    const res = await cli(root, ['--base', 'HEAD']);
    // The rewritten hash and the added release are new; urllib3's mismatch was there already.
    expect(res.findings.filter((f) => f[0] !== 'lockfile/missing-integrity')).toEqual([
      ['lockfile/integrity-mismatch', 'requirements.txt', 2],
      ['lockfile/unknown-version', 'requirements.txt', 4],
      ['lockfile/integrity-changed', 'requirements.txt', 2],
    ]);
    expect(res.code).toBe(1);
    // Only the two changed entries, once each: the head asked, the base reused the answers.
    expect(pypi.requests.map((r) => r.path).sort()).toEqual(['/pypi/certifi/json', '/pypi/requests/json']);
    const posts = osv.requests.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body).toEqual({
      queries: [
        { package: { ecosystem: 'PyPI', name: 'requests' }, version: '2.32.3' },
        { package: { ecosystem: 'PyPI', name: 'certifi' }, version: '2099.1.1' },
      ],
    });
    expect(pypi.requests.length + osv.requests.length).toBeLessThan(pypiAll + osvAll);
  });

  it('a lockfile the change adds is asked about in full; with nothing changed nothing is asked', async () => {
    const pypi = await startFakePypi({});
    const osv = await startFakeOsv();
    servers.push(pypi, osv);
    const config = `intel:\n  osv-url: ${osv.url}\n  pypi-url: ${pypi.url}\n  timeout-ms: 2000\n`;
    const root = await repo({ '.bulkhead.yml': config, 'requirements.txt': 'six==1.16.0\n' }, {});
    const same = await cli(root, ['--base', 'HEAD']);
    expect(same.findings).toEqual([]);
    expect(pypi.requests).toEqual([]);
    expect(osv.requests).toEqual([]);
    writeFileSync(join(root, 'requirements-new.txt'), 'six==1.16.0\nidna==3.7\n');
    const added = await cli(root, ['--base', 'HEAD']);
    expect(added.findings.filter((f) => f[0] !== 'lockfile/missing-integrity')).toEqual([
      ['lockfile/unknown-version', 'requirements-new.txt', 1],
      ['lockfile/unknown-version', 'requirements-new.txt', 2],
    ]);
    expect(pypi.requests.map((r) => r.path).sort()).toEqual(['/pypi/idna/json', '/pypi/six/json']);
  });
});
