import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, type CliIo } from '../../src/cli/main.js';
import { createIntel } from '../../src/intel/index.js';
import { HttpClient } from '../../src/intel/http.js';
import { REGISTRY_RULES } from '../../src/scan/online.js';
import { packageLock, startFakeOsv, type FakeOsv } from './fake-osv.js';

/** These tests are about OSV: the npm registry rules off (npm-registry.test.ts covers them). */
const OSV_ONLY = `rules:\n${REGISTRY_RULES.map((id) => `  ${id}: off\n`).join('')}`;

const dirs: string[] = [];
const servers: FakeOsv[] = [];
afterEach(async () => {
  jest.restoreAllMocks();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  for (const s of servers.splice(0)) await s.close();
});

async function setup(configText?: string) {
  const osv = await startFakeOsv();
  servers.push(osv);
  const root = mkdtempSync(join(tmpdir(), 'bulkhead-offline-'));
  dirs.push(root);
  writeFileSync(join(root, 'package-lock.json'), packageLock([['lodash', '4.17.20']]));
  writeFileSync(
    join(root, '.bulkhead.yml'),
    `intel:\n  osv-url: ${osv.url}\n  npm-registry-url: ${osv.url}\n  timeout-ms: 2000\n${OSV_ONLY}${configText ?? ''}`,
  );
  return { osv, root };
}

async function cli(argv: string[], root: string, withIntel: boolean) {
  let stdout = '';
  let built = 0;
  const io: CliIo = {
    stdout: (s) => (stdout += s),
    stderr: () => {},
    isTTY: false,
    env: {},
    cwd: root,
    ...(withIntel
      ? {
          intel: async (settings) => {
            built++;
            return createIntel(settings);
          },
        }
      : {}),
  };
  const code = await main(['scan', root, '--format', 'json', ...argv], io);
  const ids = (JSON.parse(stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId);
  return { code, ids, built };
}

describe('offline means no network at all', () => {
  it.each([
    ['--offline', ['--offline'], ''],
    ['online: false', [], 'online: false\n'],
  ])('%s: no Intel built, no socket opened, no request', async (_name, argv, cfg) => {
    const { osv, root } = await setup(cfg);
    const connect = jest.spyOn(Socket.prototype, 'connect');
    const r = await cli(argv, root, true);
    expect(connect).not.toHaveBeenCalled();
    expect(r.built).toBe(0);
    expect(osv.requests).toEqual([]);
    expect(r.ids).not.toContain('lockfile/vulnerable-dependency');
  });

  it('main() without an Intel factory (the test seam) opens no socket even online', async () => {
    const { osv, root } = await setup();
    const connect = jest.spyOn(Socket.prototype, 'connect');
    const r = await cli([], root, false);
    expect(connect).not.toHaveBeenCalled();
    expect(osv.requests).toEqual([]);
    expect(r.ids).toEqual(['lockfile/missing-integrity']);
  });

  it('online with the factory: asks the configured service and blocks on the finding', async () => {
    const { osv, root } = await setup();
    const r = await cli([], root, true);
    expect(r.built).toBe(1);
    expect(r.ids).toEqual(['lockfile/missing-integrity', 'lockfile/vulnerable-dependency']);
    expect(r.code).toBe(1);
    expect(osv.requests.map((q) => q.path)).toEqual([
      '/v1/querybatch',
      '/v1/vulns/GHSA-35jh-r3h4-6jhm',
      '/v1/vulns/GHSA-29mw-wpgm-hmr9',
      '/v1/vulns/CVE-2020-28500',
    ]);
  });
});

describe('HttpClient', () => {
  it('refuses an origin that is not configured, before connecting', async () => {
    const connect = jest.spyOn(Socket.prototype, 'connect');
    const http = new HttpClient({ origins: ['https://api.osv.dev'], timeoutMs: 1000, concurrency: 1 });
    await expect(http.json('GET', 'http://evil.example.test/v1/vulns/X')).rejects.toThrow(
      'refused to contact http://evil.example.test: not a configured service',
    );
    expect(connect).not.toHaveBeenCalled();
    expect(http.requests).toBe(0);
  });

  it('follows a redirect within the same origin', async () => {
    const osv = await startFakeOsv({
      handle: (req, res) =>
        req.url === '/old'
          ? (res.writeHead(301, { location: '/v1/vulns/MAL-2026-0101' }).end(), true)
          : false,
    });
    servers.push(osv);
    const http = new HttpClient({ origins: [osv.url], timeoutMs: 1000, concurrency: 1 });
    expect(await http.json('GET', `${osv.url}/old`)).toMatchObject({ id: 'MAL-2026-0101' });
    expect(http.requests).toBe(2);
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const osv = await startFakeOsv({
      handle: async (_req, res) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((r) => setTimeout(r, 20));
        inFlight--;
        res.writeHead(200).end('{}');
        return true;
      },
    });
    servers.push(osv);
    const http = new HttpClient({ origins: [osv.url], timeoutMs: 2000, concurrency: 3 });
    await Promise.all(Array.from({ length: 12 }, (_, i) => http.json('GET', `${osv.url}/v1/vulns/X-${i}`)));
    expect(most).toBe(3);
  });
});

describe('report: new (--base) with look-ups', () => {
  it('a release vulnerable at the base is existing; one the change adds is new; the base reuses the answers', async () => {
    const { execFileSync } = await import('node:child_process');
    const osv = await startFakeOsv();
    servers.push(osv);
    const root = mkdtempSync(join(tmpdir(), 'bulkhead-online-base-'));
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
    writeFileSync(
      join(root, '.bulkhead.yml'),
      `intel:\n  osv-url: ${osv.url}\n  npm-registry-url: ${osv.url}\n${OSV_ONLY}`,
    );
    writeFileSync(join(root, 'package-lock.json'), packageLock([['lodash', '4.17.20']]));
    git('add', '-A');
    git('commit', '-qm', 'base');
    writeFileSync(
      join(root, 'package-lock.json'),
      packageLock([
        ['lodash', '4.17.20'],
        ['left-padder', '1.0.3'],
      ]),
    );
    let stdout = '';
    const io: CliIo = {
      stdout: (s) => (stdout += s),
      stderr: () => {},
      isTTY: false,
      env: {},
      cwd: root,
      intel: async (settings) => createIntel(settings),
    };
    const code = await main(['scan', '.', '--format', 'json', '--base', 'HEAD'], io);
    const findings = (JSON.parse(stdout) as { findings: { ruleId: string; startLine: number }[] }).findings;
    // lodash's vulnerable-dependency was at the base too: existing, not reported. (The grouped
    // missing-integrity finding gained a member, so it is new.)
    expect(findings.map((f) => [f.ruleId, f.startLine])).toEqual([
      ['lockfile/missing-integrity', 9],
      ['lockfile/known-malicious', 13],
    ]);
    expect(code).toBe(1);
    // The head asked only about the release the change added (lodash is locked identically at the
    // base: whatever OSV says of it is not new); the base scan asked nothing anew.
    const posts = osv.requests.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body).toEqual({
      queries: [{ package: { ecosystem: 'npm', name: 'left-padder' }, version: '1.0.3' }],
    });
  });
});
