import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig, type Config } from '../../src/config/schema.js';
import { scan } from '../../src/scan/engine.js';
import { REGISTRY_RULES } from '../../src/scan/online.js';
import { createIntel } from '../../src/intel/index.js';
import type { Finding } from '../../src/core/index.js';
import { packageLock, startFakeOsv, type FakeOsv } from './fake-osv.js';

const PKGS: [string, string][] = [
  ['lodash', '4.17.20'],
  ['debug', '4.4.2'],
  ['left-padder', '1.0.3'],
  ['lib-hijacked', '2.0.0'],
  ['@ctrl/tinycolor', '4.1.1'],
  ['stylus', '0.59.0'],
  ['express', '4.19.2'],
];

const dirs: string[] = [];
const servers: FakeOsv[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  for (const s of servers.splice(0)) await s.close();
});

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'bulkhead-intel-'));
  dirs.push(root);
  for (const [rel, text] of Object.entries(files)) writeFileSync(join(root, rel), text);
  return root;
}

function config(url: string, extra: Partial<Config> = {}, intel: Partial<Config['intel']> = {}): Config {
  const c = defaultConfig();
  // OSV alone here (npm-registry.test.ts covers the registry): its rules off, its URL on loopback.
  const rules = {
    ...c.rules,
    ...Object.fromEntries(REGISTRY_RULES.map((id) => [id, 'off' as const])),
  };
  return {
    ...c,
    rules,
    ...extra,
    intel: { ...c.intel, 'osv-url': url, 'npm-registry-url': url, 'timeout-ms': 2000, ...intel },
  };
}

async function run(files: Record<string, string>, cfg: Config, test: Parameters<typeof createIntel>[1] = {}) {
  const root = tree(files);
  const intel = createIntel(cfg.intel, { backoffMs: 1, ...test });
  const res = await scan({ root, paths: [root], config: cfg, intel });
  return { ...res, intel };
}

const brief = (fs: Finding[]) => fs.map((f) => [f.ruleId, f.path, f.startLine, f.startColumn, f.severity]);
const online = (fs: Finding[]) =>
  fs.filter((f) =>
    ['lockfile/vulnerable-dependency', 'lockfile/known-malicious', 'intel/unavailable'].includes(f.ruleId),
  );

async function fake(opts: Parameters<typeof startFakeOsv>[0] = {}) {
  const s = await startFakeOsv(opts);
  servers.push(s);
  return s;
}

describe('OSV look-ups: findings at the lockfile entries', () => {
  it('reports vulnerable and malicious releases, one finding each, withdrawn records ignored', async () => {
    const osv = await fake();
    const res = await run({ 'package-lock.json': packageLock(PKGS) }, config(osv.url));
    expect(brief(online(res.findings))).toEqual([
      ['lockfile/vulnerable-dependency', 'package-lock.json', 9, 19, 'high'],
      ['lockfile/known-malicious', 'package-lock.json', 13, 19, 'critical'],
      ['lockfile/known-malicious', 'package-lock.json', 17, 19, 'critical'],
      ['lockfile/known-malicious', 'package-lock.json', 21, 19, 'critical'],
      ['lockfile/known-malicious', 'package-lock.json', 25, 19, 'critical'],
    ]);
    const [vuln, debug, leftPadder, hijacked, tinycolor] = online(res.findings);
    expect(vuln!.message).toBe(
      'lodash@4.17.20 has 2 known vulnerabilities: GHSA-29mw-wpgm-hmr9 (CVE-2020-28500) [medium, CVSS:3.1 5.3]: Regular Expression Denial of Service (ReDoS) in lodash; GHSA-35jh-r3h4-6jhm (CVE-2021-23337) [high, CVSS:3.1 7.2]: Command Injection in lodash.',
    );
    expect(vuln!.fix).toBe(
      'Upgrade lodash to 4.17.21 or later (the first fixed version) and regenerate the lockfile.',
    );
    expect(vuln!.evidence).toBe('lodash@4.17.20 GHSA-29mw-wpgm-hmr9 GHSA-35jh-r3h4-6jhm');
    // The embedded list and OSV both name debug@4.4.2: one finding citing both.
    expect(debug!.message).toContain('MAL-2025-46974 (GHSA-4x49-vf9v-38px, GHSA-8mgj-vmr8-frr6)');
    expect(debug!.message).toMatch(
      /^debug@4\.4\.2 is a known malicious release — .*chalk.*\| OSV MAL-2025-46974/,
    );
    expect(leftPadder!.message).toBe(
      'left-padder@1.0.3 is a known malicious release — OSV MAL-2026-0101: Malicious code in left-padder (npm); https://osv.dev/vulnerability/MAL-2026-0101.',
    );
    // A GitHub malware advisory (CWE-506) without a MAL- record.
    expect(hijacked!.message).toContain(
      'OSV GHSA-hijk-0000-0001 (CVE-2026-99999): Embedded malware in lib-hijacked',
    );
    expect(tinycolor!.message).toContain('the record marks every version (introduced 0, no end)');
    expect(res.findings.filter((f) => f.message.includes('stylus'))).toEqual([]);
    // One batch for seven packages, then one GET per distinct id (withdrawn included: it is read to be ignored).
    expect(osv.requests.map((r) => `${r.method} ${r.path}`).sort()).toEqual(
      [
        'POST /v1/querybatch',
        ...[
          'CVE-2020-28500',
          'GHSA-29mw-wpgm-hmr9',
          'GHSA-35jh-r3h4-6jhm',
          'GHSA-hijk-0000-0001',
          'MAL-2024-0001',
          'MAL-2025-46974',
          'MAL-2025-47141',
          'MAL-2026-0101',
        ].map((id) => `GET /v1/vulns/${id}`),
      ].sort(),
    );
  });

  it('sends only ecosystem, name and version', async () => {
    const osv = await fake();
    await run({ 'package-lock.json': packageLock([['express', '4.19.2']]) }, config(osv.url));
    expect(osv.requests[0]!.body).toEqual({
      queries: [{ package: { ecosystem: 'npm', name: 'express' }, version: '4.19.2' }],
    });
  });

  it('asks once for a release locked by two lockfiles, and reports it in each', async () => {
    const osv = await fake();
    const lock = packageLock([['lodash', '4.17.20']]);
    const root = tree({ 'package-lock.json': lock });
    const cfg = config(osv.url);
    const intel = createIntel(cfg.intel);
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(root, 'api'));
    writeFileSync(join(root, 'api/package-lock.json'), lock);
    const res = await scan({ root, paths: [root], config: cfg, intel });
    expect(brief(online(res.findings))).toEqual([
      ['lockfile/vulnerable-dependency', 'api/package-lock.json', 9, 19, 'high'],
      ['lockfile/vulnerable-dependency', 'package-lock.json', 9, 19, 'high'],
    ]);
    expect(osv.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect((osv.requests[0]!.body as { queries: unknown[] }).queries).toHaveLength(1);
  });

  it('reads Python lockfiles too (PyPI), with the first fixed version', async () => {
    const osv = await fake();
    const res = await run({ 'requirements.txt': 'flask==3.0.0\nrequests==2.30.0\n' }, config(osv.url));
    expect(brief(online(res.findings))).toEqual([
      ['lockfile/vulnerable-dependency', 'requirements.txt', 2, 1, 'medium'],
    ]);
    expect(online(res.findings)[0]!.message).toBe(
      'requests@2.30.0 has a known vulnerability: PYSEC-2023-0001 (CVE-2023-32681) [medium, no severity given]: Requests leaks Proxy-Authorization headers to destination servers..',
    );
    expect(online(res.findings)[0]!.fix).toBe(
      'Upgrade requests to 2.31.0 or later (the first fixed version) and regenerate the lockfile.',
    );
  });

  it('follows next_page_token and batches 1,000 queries a request', async () => {
    const many: [string, string][] = Array.from({ length: 2001 }, (_, i) => [`pkg-${i}`, '1.0.0']);
    const affects = { 'npm pkg-7@1.0.0': ['GHSA-35jh-r3h4-6jhm', 'GHSA-29mw-wpgm-hmr9', 'CVE-2020-28500'] };
    const osv = await fake({ pageSize: 1, affects });
    const res = await run({ 'package-lock.json': packageLock(many) }, config(osv.url));
    const posts = osv.requests
      .filter((r) => r.method === 'POST')
      .map((r) => r.body as { queries: { page_token?: string }[] });
    // Three batches (1000 + 1000 + 1), then two follow-up pages for the one paginated query.
    expect(posts.map((b) => b.queries.length)).toEqual([1000, 1000, 1, 1, 1]);
    expect(posts.slice(3).map((b) => b.queries[0]!.page_token)).toEqual(['1', '2']);
    const f = online(res.findings);
    expect(brief(f)).toEqual([['lockfile/vulnerable-dependency', 'package-lock.json', 37, 19, 'high']]);
    expect(f[0]!.message).toContain('has 2 known vulnerabilities');
  });
});

describe('OSV failures: one intel/unavailable finding, offline findings kept', () => {
  const lock = {
    'package-lock.json': packageLock([
      ['debug', '4.4.2'],
      ['express', '4.19.2'],
    ]),
  };
  const offlineOnly = ['lockfile/known-malicious', 'package-lock.json', 9, 19, 'critical'];

  async function failing(
    handle: Parameters<typeof startFakeOsv>[0],
    intel: Partial<Config['intel']> = {},
    test = {},
  ) {
    const osv = await fake(handle);
    const res = await run(lock, config(osv.url, {}, intel), test);
    return { osv, res, f: online(res.findings) };
  }

  it('500 on every attempt: retried twice, then unavailable', async () => {
    const { osv, f } = await failing({ handle: (_q, res) => (res.writeHead(500).end(), true) });
    expect(brief(f)).toEqual([['intel/unavailable', 'package-lock.json', 9, 19, 'medium'], offlineOnly]);
    expect(f[0]!.message).toBe(
      `OSV at ${osv.url} did not answer usefully (HTTP 500): 2 package versions were not checked for known vulnerabilities or malware; the offline checks still ran.`,
    );
    expect(osv.requests).toHaveLength(3);
    // The offline finding is the embedded list's alone.
    expect(f[1]!.message).not.toContain('OSV');
  });

  it('429 with Retry-After: waits as asked, then answers', async () => {
    const waits: number[] = [];
    const { osv, f } = await failing(
      {
        handle: (_q, res, _r, n) => {
          if (n !== 1) return false;
          res.writeHead(429, { 'retry-after': '2' }).end();
          return true;
        },
      },
      {},
      { sleep: async (ms: number) => void waits.push(ms) },
    );
    expect(waits).toEqual([2000]);
    expect(brief(f)).toEqual([offlineOnly]);
    expect(f[0]!.message).toContain('OSV MAL-2025-46974');
    expect(osv.requests[1]!.path).toBe('/v1/querybatch');
  });

  it('429 asking for a longer wait than a scan allows is a failure, not a wait', async () => {
    const { f } = await failing({
      handle: (_q, res) => (res.writeHead(429, { 'retry-after': '3600' }).end(), true),
    });
    expect(f[0]!.message).toContain('(HTTP 429, asked to wait 3600 s (more than the 10 s a scan waits))');
  });

  it('a server that never answers: timeout', async () => {
    const { f } = await failing({ handle: () => true }, { 'timeout-ms': 200 });
    expect(brief(f)).toEqual([['intel/unavailable', 'package-lock.json', 9, 19, 'medium'], offlineOnly]);
    expect(f[0]!.message).toContain('(no answer within 200 ms)');
  });

  it('a slow server inside the deadline is fine', async () => {
    const { f } = await failing({ latencyMs: 150 }, { 'timeout-ms': 2000 });
    expect(brief(f)).toEqual([offlineOnly]);
  });

  it('malformed JSON', async () => {
    const { f } = await failing({
      handle: (_q, res) => (
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"results": [{}'),
        true
      ),
    });
    expect(f[0]!.message).toContain('(the answer is not valid JSON)');
  });

  it('a results list of the wrong length', async () => {
    const { f } = await failing({
      handle: (_q, res) => (res.writeHead(200).end('{"results": [{}]}'), true),
    });
    expect(f[0]!.message).toContain('(querybatch answered 1 results for 2 queries)');
  });

  it('deeply nested JSON is refused before parsing', async () => {
    const { f } = await failing({
      handle: (_q, res) => (res.writeHead(200).end('['.repeat(100_000) + ']'.repeat(100_000)), true),
    });
    expect(f[0]!.message).toContain('(JSON nested deeper than 64 levels)');
  });

  it('a huge body is cut off at the cap (streamed, no length announced)', async () => {
    let sent = 0;
    const { f } = await failing(
      {
        handle: (_q, res) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          const chunk = Buffer.alloc(64 * 1024, 0x20);
          const push = () => {
            while (sent < 64 << 20) {
              sent += chunk.length;
              if (!res.write(chunk)) return void res.once('drain', push);
            }
            res.end();
          };
          res.on('error', () => {});
          push();
          return true;
        },
      },
      {},
      { maxBytes: 1 << 20 },
    );
    expect(f[0]!.message).toContain('(the answer is larger than 1048576 bytes)');
    expect(sent).toBeLessThan(64 << 20);
  });

  it('a redirect to another host is refused, and that host is never contacted', async () => {
    const other = await fake();
    const port = new URL(other.url).port;
    const { f } = await failing({
      handle: (_q, res) => (
        res.writeHead(307, { location: `http://localhost:${port}/v1/querybatch` }).end(),
        true
      ),
    });
    expect(f[0]!.message).toContain(`(redirect to another host (localhost:${port}) refused)`);
    expect(other.requests).toEqual([]);
  });

  it('online: required makes it blocking', async () => {
    const osv = await fake({ handle: (_q, res) => (res.writeHead(503).end(), true) });
    const res = await run(lock, config(osv.url, { online: 'required' }));
    expect(brief(online(res.findings))[0]).toEqual([
      'intel/unavailable',
      'package-lock.json',
      9,
      19,
      'critical',
    ]);
  });

  it('a failed advisory read leaves only its packages unanswered', async () => {
    const osv = await fake({
      affects: {
        'npm lodash@4.17.20': ['GHSA-35jh-r3h4-6jhm'],
        'npm express@4.19.2': ['GHSA-gone-0000-0000'],
      },
    });
    const res = await run(
      {
        'package-lock.json': packageLock([
          ['lodash', '4.17.20'],
          ['express', '4.19.2'],
        ]),
      },
      config(osv.url),
    );
    expect(brief(online(res.findings))).toEqual([
      ['lockfile/vulnerable-dependency', 'package-lock.json', 9, 19, 'high'],
      ['intel/unavailable', 'package-lock.json', 13, 19, 'medium'],
    ]);
    expect(online(res.findings)[1]!.message).toContain('(HTTP 404): 1 package version was');
  });
});

describe('offline', () => {
  it('online: false asks nothing', async () => {
    const osv = await fake();
    const res = await run({ 'package-lock.json': packageLock(PKGS) }, config(osv.url, { online: false }));
    expect(osv.requests).toEqual([]);
    // The embedded list still names debug@4.4.2 and @ctrl/tinycolor@4.1.1.
    expect(brief(online(res.findings))).toEqual([
      ['lockfile/known-malicious', 'package-lock.json', 13, 19, 'critical'],
      ['lockfile/known-malicious', 'package-lock.json', 25, 19, 'critical'],
    ]);
  });
});
