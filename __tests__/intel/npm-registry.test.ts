import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig, type Config } from '../../src/config/schema.js';
import { scan } from '../../src/scan/engine.js';
import { REGISTRY_RULES as ALL_REGISTRY_RULES } from '../../src/scan/online.js';
import { createIntel } from '../../src/intel/index.js';
import { main, type CliIo } from '../../src/cli/main.js';
import { integrityVerdict, sriHashes } from '../../src/rules/lockfile/integrity-mismatch.js';
import { ageText } from '../../src/rules/lockfile/release-too-new.js';
import { registryName } from '../../src/rules/lockfile/registry-check.js';
import { isNpmName, packumentPath, parsePackument } from '../../src/intel/npm.js';
import type { Finding } from '../../src/core/index.js';
import type { Package } from '../../src/formats/lockfile/model.js';
import { startFakeOsv, type FakeOsv } from './fake-osv.js';
import { lockWith, packument, startFakeRegistry, type FakeRegistry } from './fake-npm.js';

// Hashes of fixed strings (sha512 / sha1 of 'left-pad 1.3.0', 'tampered', ...): fixtures, not real tarballs.
const LEFTPAD_512 =
  'sha512-TeVnb1b5RqbS+Ry1NqOz7UpIycza595godPBUamp5+ur7Rr2XyFntWyMehVZd1tfyxcCWfhw3lL826H+U85ncg==';
const LEFTPAD_SHA1 = '4afcd1394e01e627f90ffa10529f796480e5a329';
const TAMPERED_512 =
  'sha512-cuAwXT/PythKA+fBkD6RIWKVBJHm0MfQ4jagTBgAgVVCy3Y8miUa0BwcTXLWq6npJgXi7Ze0Y/a5CNpY2Mt4cA==';
const OLD_SHA1 = '30b9fac9038a41cfe89d810142e104ad4ab121c0';
const OLD_SHA1_SRI = 'sha1-MLn6yQOKQc/onYEBQuEErUqxIcA=';
const OTHER_SHA1_SRI = 'sha1-0JQeaNqPOBUf+Gph/Fn3xc+fyqI=';
const CHALK_512 =
  'sha512-uHKvKNSXr+vO3rHHnfxudQi5aFJPq4xaTFTGpZ5IT8IvSn8zrwtKHw/w5IhiZYFJ6kuekguFaHgRXw1uL7S7Jg==';

const HOUR = 3_600_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

const PACKUMENTS = (): Record<string, object> => ({
  'left-pad': packument('left-pad', {
    '1.2.0': {
      integrity: CHALK_512,
      shasum: 'cec88753afdc83ee979986a512e918111589a2e5',
      time: '2017-10-01T00:00:00.000Z',
    },
    '1.3.0': { integrity: LEFTPAD_512, shasum: LEFTPAD_SHA1, time: '2018-04-09T00:00:00.000Z' },
  }),
  // Published before dist.integrity existed: a shasum only.
  'old-pkg': packument('old-pkg', { '1.0.0': { shasum: OLD_SHA1, time: '2014-01-01T00:00:00.000Z' } }),
  chalk: packument('chalk', {
    '5.6.0': { integrity: LEFTPAD_512, time: ago(400 * 24 * HOUR) },
    '5.6.1': { integrity: CHALK_512, time: ago(2 * HOUR) },
  }),
  debug: packument('debug', { '4.4.2': { integrity: CHALK_512, time: ago(2 * 24 * HOUR) } }),
  '@ctrl/tinycolor': packument('@ctrl/tinycolor', {
    '4.1.0': { integrity: LEFTPAD_512, time: ago(90 * 24 * HOUR) },
  }),
  gone: {
    _id: 'gone',
    name: 'gone',
    time: {
      created: '2020-01-01T00:00:00.000Z',
      unpublished: { time: '2025-09-09T00:00:00.000Z', versions: ['1.0.0'] },
    },
  },
});

const dirs: string[] = [];
const servers: (FakeRegistry | FakeOsv)[] = [];
afterEach(async () => {
  jest.restoreAllMocks();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  for (const s of servers.splice(0)) await s.close();
});

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'bulkhead-npm-'));
  dirs.push(root);
  for (const [rel, text] of Object.entries(files)) writeFileSync(join(root, rel), text);
  return root;
}

async function services(handle?: Parameters<typeof startFakeRegistry>[1]) {
  const npm = await startFakeRegistry(PACKUMENTS(), handle);
  const osv = await startFakeOsv();
  servers.push(npm, osv);
  return { npm, osv };
}

function config(npmUrl: string, osvUrl: string, extra: Partial<Config> = {}, minAge = '0d'): Config {
  const c = defaultConfig();
  return {
    ...c,
    lockfile: { ...c.lockfile, 'min-release-age': minAge },
    ...extra,
    intel: { ...c.intel, 'osv-url': osvUrl, 'npm-registry-url': npmUrl, 'timeout-ms': 2000 },
  };
}

async function run(lock: string, cfg: Config, test: Parameters<typeof createIntel>[1] = {}) {
  const root = tree({ 'package-lock.json': lock });
  const intel = createIntel(cfg.intel, { backoffMs: 1, ...test });
  return scan({ root, paths: [root], config: cfg, intel });
}

const REGISTRY_RULES = [
  'lockfile/integrity-mismatch',
  'lockfile/unknown-version',
  'lockfile/release-too-new',
  'intel/unavailable',
];
const mine = (fs: Finding[]) => fs.filter((f) => REGISTRY_RULES.includes(f.ruleId));
const brief = (fs: Finding[]) =>
  mine(fs).map((f) => [f.ruleId, f.startLine, f.startColumn, f.endColumn, f.severity]);

describe('npm registry: integrity', () => {
  it('a matching sha512 is quiet; a tampered one is critical, at the entry', async () => {
    const { npm, osv } = await services();
    const res = await run(
      lockWith([
        { path: 'left-pad', version: '1.3.0', integrity: LEFTPAD_512 },
        { path: 'chalk', version: '5.6.0', integrity: TAMPERED_512 },
      ]),
      config(npm.url, osv.url),
    );
    expect(brief(res.findings)).toEqual([['lockfile/integrity-mismatch', 14, 19, 24, 'critical']]);
    const f = mine(res.findings)[0]!;
    expect(f.message).toBe(
      'chalk@5.6.0 is locked with integrity sha512-cuAwXT/PythKA+fBkD6RIWKVBJHm0MfQ4jagTBgAgVVCy3Y8miUa…, but the npm registry publishes sha512-TeVnb1b5RqbS+Ry1NqOz7UpIycza595godPBUamp5+ur7Rr2XyFn… for that version: the lockfile would install bytes the registry never published.',
    );
    expect(f.evidence).toBe(`chalk@5.6.0 ${TAMPERED_512}`);
    // One GET per name, the full packument (no abbreviated install document), names only.
    expect(npm.requests.map((r) => `${r.method} ${r.path}`).sort()).toEqual(['GET /chalk', 'GET /left-pad']);
    expect(npm.requests[0]!.headers.accept).toBe('application/json');
  });

  it('sha1-only lockfile integrity is compared with dist.shasum', async () => {
    const { npm, osv } = await services();
    const ok = await run(
      lockWith([{ path: 'old-pkg', version: '1.0.0', integrity: OLD_SHA1_SRI }]),
      config(npm.url, osv.url),
    );
    expect(brief(ok.findings)).toEqual([]);
    const bad = await run(
      lockWith([{ path: 'old-pkg', version: '1.0.0', integrity: OTHER_SHA1_SRI }]),
      config(npm.url, osv.url),
    );
    expect(brief(bad.findings)).toEqual([['lockfile/integrity-mismatch', 9, 19, 26, 'critical']]);
    expect(mine(bad.findings)[0]!.message).toContain(`but the npm registry publishes shasum ${OLD_SHA1}`);
  });

  it('one finding per release per lockfile: the other tampered copies are related', async () => {
    const { npm, osv } = await services();
    const res = await run(
      lockWith([
        { path: 'left-pad', version: '1.3.0', integrity: TAMPERED_512 },
        { path: 'a/node_modules/left-pad', version: '1.3.0', integrity: TAMPERED_512 },
        { path: 'b/node_modules/left-pad', version: '1.3.0', integrity: LEFTPAD_512 },
      ]),
      config(npm.url, osv.url),
    );
    expect(brief(res.findings)).toEqual([['lockfile/integrity-mismatch', 9, 19, 27, 'critical']]);
    const f = mine(res.findings)[0]!;
    expect(f.related?.map((r) => [r.span.line, r.label])).toEqual([[14, 'left-pad@1.3.0']]);
    expect(f.message).toMatch(/^left-pad@1\.3\.0 \(locked at 2 entries\) is locked with/);
    expect(npm.requests).toHaveLength(1);
  });

  it('sriHashes and integrityVerdict: same algorithm only', () => {
    expect(sriHashes(`${LEFTPAD_512} ${OLD_SHA1_SRI}`, 'sha1')).toEqual([OLD_SHA1]);
    expect(sriHashes('sha512-notbase64!', 'sha512')).toEqual([]);
    expect(integrityVerdict(LEFTPAD_512, { shasum: LEFTPAD_SHA1 })).toBeUndefined();
    expect(integrityVerdict('sha256-abc', { integrity: LEFTPAD_512 })).toBeUndefined();
    expect(integrityVerdict(LEFTPAD_512, { integrity: LEFTPAD_512 })).toMatchObject({ matches: true });
    expect(
      integrityVerdict(`${TAMPERED_512} ${OLD_SHA1_SRI}`, { integrity: LEFTPAD_512, shasum: OLD_SHA1 }),
    ).toMatchObject({
      algorithm: 'sha512',
      matches: false,
    });
  });
});

describe('npm registry: unknown versions and names', () => {
  it('a version the packument does not list, a 404 name, an unpublished package', async () => {
    const { npm, osv } = await services();
    const res = await run(
      lockWith([
        { path: 'left-pad', version: '1.9.9', integrity: LEFTPAD_512 },
        { path: 'left-padd', version: '1.3.0', integrity: LEFTPAD_512 },
        { path: 'gone', version: '1.0.0', integrity: LEFTPAD_512 },
        { path: '@ctrl/tinycolor', version: '4.1.1', integrity: LEFTPAD_512 },
      ]),
      config(npm.url, osv.url),
    );
    expect(brief(res.findings)).toEqual([
      ['lockfile/unknown-version', 9, 19, 27, 'high'],
      ['lockfile/unknown-version', 14, 19, 28, 'high'],
      ['lockfile/unknown-version', 19, 19, 23, 'high'],
      ['lockfile/unknown-version', 24, 19, 34, 'high'],
    ]);
    expect(mine(res.findings).map((f) => f.message)).toEqual([
      'left-pad@1.9.9 is locked, but the npm registry lists no version 1.9.9 of left-pad: no install from the registry wrote this entry.',
      'left-padd@1.3.0 is locked, but the npm registry has no such package (left-padd): no install from the registry wrote this entry.',
      'gone@1.0.0 is locked, but every version of gone was unpublished from the npm registry: no install from the registry wrote this entry.',
      '@ctrl/tinycolor@4.1.1 is locked, but the npm registry lists no version 4.1.1 of @ctrl/tinycolor: no install from the registry wrote this entry.',
    ]);
    // Scoped names as @scope%2fname.
    expect(npm.requests.map((r) => r.path).sort()).toEqual([
      '/@ctrl%2ftinycolor',
      '/gone',
      '/left-pad',
      '/left-padd',
    ]);
  });
});

describe('npm registry: release age', () => {
  const lock = lockWith([
    { path: 'chalk', version: '5.6.1', integrity: CHALK_512 },
    { path: 'debug', version: '4.4.2', integrity: CHALK_512 },
    { path: 'left-pad', version: '1.3.0', integrity: LEFTPAD_512 },
  ]);

  it('min-release-age 3d: 2 hours old is high, 2 days old is medium, years old is quiet', async () => {
    const { npm, osv } = await services();
    const res = await run(lock, config(npm.url, osv.url, {}, '3d'));
    expect(brief(res.findings)).toEqual([
      ['lockfile/release-too-new', 9, 19, 24, 'high'],
      ['lockfile/release-too-new', 14, 19, 24, 'medium'],
    ]);
    expect(mine(res.findings)[0]!.message).toMatch(
      /^chalk@5\.6\.1 was published 2 hours ago \(\d{4}-\d\d-\d\dT[\d:.]+Z\), less than lockfile\.min-release-age \(3d\)\.$/,
    );
    expect(mine(res.findings)[1]!.message).toMatch(/^debug@4\.4\.2 was published 2 days ago /);
  });

  it('off by default (0d): nothing reported, and the packuments still serve the other rules', async () => {
    const { npm, osv } = await services();
    const res = await run(lock, config(npm.url, osv.url));
    expect(brief(res.findings)).toEqual([]);
    expect(npm.requests).toHaveLength(3);
  });

  it('ageText', () => {
    expect([
      ageText(5 * 60_000),
      ageText(HOUR),
      ageText(2 * HOUR + 1),
      ageText(50 * HOUR),
      ageText(72 * HOUR),
    ]).toEqual(['5 minutes', '1 hour', '2 hours', '2 days', '3 days']);
  });
});

describe('npm registry failures: intel/unavailable naming the npm registry', () => {
  const lock = lockWith([
    { path: 'left-pad', version: '1.3.0', integrity: TAMPERED_512 },
    { path: 'chalk', version: '5.6.0', integrity: TAMPERED_512 },
  ]);

  it('500 then success: retried, answered', async () => {
    const { npm, osv } = await services((_q, res, n) => (n === 1 ? (res.writeHead(500).end(), true) : false));
    const res = await run(lock, config(npm.url, osv.url));
    expect(brief(res.findings)).toEqual([
      ['lockfile/integrity-mismatch', 9, 19, 27, 'critical'],
      ['lockfile/integrity-mismatch', 14, 19, 24, 'critical'],
    ]);
    expect(npm.requests).toHaveLength(3);
  });

  it('500 on every attempt: retried twice, then one finding naming the service', async () => {
    const { npm, osv } = await services((_q, res) => (res.writeHead(500).end(), true));
    const res = await run(lock, config(npm.url, osv.url));
    expect(brief(res.findings)).toEqual([['intel/unavailable', 9, 19, 27, 'medium']]);
    expect(mine(res.findings)[0]!.message).toBe(
      `The npm registry at ${npm.url} did not answer usefully (HTTP 500): 2 package versions were not checked against the npm registry (integrity, existence, release age); the offline checks still ran.`,
    );
    expect(mine(res.findings)[0]!.evidence).toBe(`the npm registry ${npm.url}`);
    expect(npm.requests).toHaveLength(6);
  });

  it('a huge body is cut off at the cap', async () => {
    let sent = 0;
    const { npm, osv } = await services((_q, res) => {
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
    });
    const res = await run(lock, config(npm.url, osv.url), { maxBytes: 1 << 20 });
    expect(brief(res.findings)).toEqual([['intel/unavailable', 9, 19, 27, 'medium']]);
    expect(mine(res.findings)[0]!.message).toContain('(the answer is larger than 1048576 bytes)');
    expect(sent).toBeLessThan(64 << 20);
  });

  it('a redirect to another host is refused, and that host is never contacted', async () => {
    const other = await startFakeRegistry(PACKUMENTS());
    servers.push(other);
    const port = new URL(other.url).port;
    const { npm, osv } = await services(
      (q, res) => (res.writeHead(302, { location: `http://localhost:${port}${q.url}` }).end(), true),
    );
    const res = await run(lock, config(npm.url, osv.url));
    expect(brief(res.findings)).toEqual([['intel/unavailable', 9, 19, 27, 'medium']]);
    expect(mine(res.findings)[0]!.message).toContain(
      `(redirect to another host (localhost:${port}) refused)`,
    );
    expect(other.requests).toEqual([]);
    expect(npm.requests).toHaveLength(2);
  });

  it('a packument for another name, or without versions, is a failure, not a pass', async () => {
    expect(() => parsePackument('left-pad', { name: 'right-pad', versions: {} })).toThrow(
      'the packument asked for left-pad is for another package',
    );
    expect(() => parsePackument('left-pad', { name: 'left-pad' })).toThrow(
      'the packument of left-pad has no versions',
    );
    expect(() => parsePackument('left-pad', { name: 'left-pad', versions: [] })).toThrow(
      'versions that are not an object',
    );
    const { npm, osv } = await services((q, res) =>
      q.url === '/chalk' ? (res.writeHead(200).end('{"name":"chalk","versions":"x"}'), true) : false,
    );
    const res = await run(lock, config(npm.url, osv.url));
    expect(brief(res.findings)).toEqual([
      ['lockfile/integrity-mismatch', 9, 19, 27, 'critical'],
      ['intel/unavailable', 14, 19, 24, 'medium'],
    ]);
    expect(mine(res.findings)[1]!.message).toContain(
      '(the packument of chalk has versions that are not an object): 1 package version was',
    );
  });

  it('OSV and the registry both down: one finding per service', async () => {
    const npm = await startFakeRegistry({}, (_q, res) => (res.writeHead(502).end(), true));
    const osv = await startFakeOsv({ handle: (_q, res) => (res.writeHead(503).end(), true) });
    servers.push(npm, osv);
    const res = await run(lock, config(npm.url, osv.url));
    expect(brief(res.findings)).toEqual([
      ['intel/unavailable', 9, 19, 27, 'medium'],
      ['intel/unavailable', 9, 19, 27, 'medium'],
    ]);
    expect(mine(res.findings).map((f) => f.message.slice(0, f.message.indexOf(' at ')))).toEqual(
      expect.arrayContaining(['OSV', 'The npm registry']),
    );
  });

  it('online: required makes it blocking', async () => {
    const { npm, osv } = await services((_q, res) => (res.writeHead(503).end(), true));
    const res = await run(lock, config(npm.url, osv.url, { online: 'required' }));
    expect(brief(res.findings)).toEqual([['intel/unavailable', 9, 19, 27, 'critical']]);
  });
});

describe('what is asked, and of whom', () => {
  it('never the host of a resolved URL: entries from another registry are not asked about', async () => {
    const { npm, osv } = await services();
    const evil = await startFakeRegistry(PACKUMENTS());
    servers.push(evil);
    const res = await run(
      lockWith([
        // From the public registry: asked of the configured one (the fake), not of the public host.
        { path: 'left-pad', version: '1.3.0', integrity: TAMPERED_512 },
        // From another registry host: not asked at all (neither host is contacted for it).
        {
          path: 'chalk',
          version: '5.6.0',
          integrity: TAMPERED_512,
          resolved: `${evil.url}/chalk/-/chalk-5.6.0.tgz`,
        },
        // A direct tarball and a git dependency: not registry entries.
        { path: 'debug', version: '4.4.2', integrity: TAMPERED_512, resolved: `${evil.url}/debug.tgz` },
      ]),
      config(npm.url, osv.url),
    );
    expect(brief(res.findings)).toEqual([['lockfile/integrity-mismatch', 9, 19, 27, 'critical']]);
    expect(npm.requests.map((r) => r.path)).toEqual(['/left-pad']);
    expect(evil.requests).toEqual([]);
  });

  it('registryName: npm registry entries only; names that are not npm names are never sent', () => {
    const p = (o: Partial<Package>): Package => ({
      ecosystem: 'npm',
      name: 'x',
      version: '1.0.0',
      source: 'registry',
      line: 1,
      column: 1,
      ...o,
    });
    const url = 'https://mirror.example.test/api/npm/remote/';
    expect(registryName(p({}), url)).toBe('x');
    expect(registryName(p({ resolved: 'https://registry.yarnpkg.com/x/-/x-1.0.0.tgz' }), url)).toBe('x');
    expect(registryName(p({ resolved: 'http://registry.npmjs.org/x/-/x-1.0.0.tgz' }), url)).toBe('x');
    expect(
      registryName(p({ resolved: 'https://registry.npmjs.org.evil.test/x/-/x-1.0.0.tgz' }), url),
    ).toBeUndefined();
    expect(
      registryName(p({ resolved: 'https://mirror.example.test/api/npm/remote/x/-/x-1.0.0.tgz' }), url),
    ).toBe('x');
    expect(
      registryName(p({ resolved: 'https://mirror.example.test/other/x/-/x-1.0.0.tgz' }), url),
    ).toBeUndefined();
    expect(registryName(p({ resolved: 'https://npm.pkg.github.com/x/-/x-1.0.0.tgz' }), url)).toBeUndefined();
    expect(registryName(p({ name: 'alias', realName: 'real' }), url)).toBe('real');
    expect(registryName(p({ source: 'git' }), url)).toBeUndefined();
    expect(registryName(p({ source: 'bundled' }), url)).toBeUndefined();
    expect(registryName(p({ ecosystem: 'PyPI' }), url)).toBeUndefined();
    expect(registryName(p({ version: '' }), url)).toBeUndefined();
    expect(registryName(p({ name: '../../admin' }), url)).toBeUndefined();
    expect([isNpmName('@scope/a.b_c-d'), isNpmName('a/b'), isNpmName('.x'), isNpmName('a?b')]).toEqual([
      true,
      false,
      false,
      false,
    ]);
    expect(packumentPath('@scope/name')).toBe('@scope%2fname');
  });

  it('rules off: the registry is not asked at all', async () => {
    const { npm, osv } = await services();
    const c = config(npm.url, osv.url);
    const res = await run(lockWith([{ path: 'left-pad', version: '1.3.0', integrity: TAMPERED_512 }]), {
      ...c,
      rules: {
        ...c.rules,
        ...Object.fromEntries(ALL_REGISTRY_RULES.map((id) => [id, 'off' as const])),
      },
    });
    expect(brief(res.findings)).toEqual([]);
    expect(npm.requests).toEqual([]);
  });
});

describe('offline', () => {
  it.each([
    ['--offline', ['--offline'], ''],
    ['online: false', [], 'online: false\n'],
  ])('%s: no socket, no request to the registry', async (_n, argv, cfg) => {
    const { npm, osv } = await services();
    const root = tree({
      'package-lock.json': lockWith([{ path: 'left-pad', version: '1.3.0', integrity: TAMPERED_512 }]),
      '.bulkhead.yml': `intel:\n  osv-url: ${osv.url}\n  npm-registry-url: ${npm.url}\n${cfg}`,
    });
    let built = 0;
    let stdout = '';
    const io: CliIo = {
      stdout: (s) => (stdout += s),
      stderr: () => {},
      isTTY: false,
      env: {},
      cwd: root,
      intel: async (settings) => {
        built++;
        return createIntel(settings);
      },
    };
    const connect = jest.spyOn(Socket.prototype, 'connect');
    await main(['scan', root, '--format', 'json', ...argv], io);
    expect(connect).not.toHaveBeenCalled();
    expect(built).toBe(0);
    expect(npm.requests).toEqual([]);
    const ids = (JSON.parse(stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId);
    expect(ids).not.toContain('lockfile/integrity-mismatch');
  });
});

describe('other npm lockfile formats', () => {
  it('pnpm (no resolved URL: the configured registry) and yarn classic (the yarn alias of the public registry)', async () => {
    const { npm, osv } = await services();
    const pnpm = [
      "lockfileVersion: '9.0'",
      '',
      'importers:',
      '',
      '  .:',
      '    dependencies:',
      '      left-pad:',
      '        specifier: ^1.3.0',
      '        version: 1.3.0',
      '',
      'packages:',
      '',
      '  left-pad@1.3.0:',
      `    resolution: {integrity: ${TAMPERED_512}}`,
      '',
      'snapshots:',
      '',
      '  left-pad@1.3.0: {}',
      '',
    ].join('\n');
    const yarn = [
      '# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.',
      '# yarn lockfile v1',
      '',
      '',
      'chalk@^5.6.0:',
      '  version "5.6.9"',
      '  resolved "https://registry.yarnpkg.com/chalk/-/chalk-5.6.9.tgz#cec88753afdc83ee979986a512e918111589a2e5"',
      `  integrity ${CHALK_512}`,
      '',
      'left-pad@^1.3.0:',
      '  version "1.3.0"',
      '  resolved "https://registry.yarnpkg.com/left-pad/-/left-pad-1.3.0.tgz"',
      `  integrity ${LEFTPAD_512}`,
      '',
    ].join('\n');
    const c = config(npm.url, osv.url);
    const root = tree({ 'pnpm-lock.yaml': pnpm, 'yarn.lock': yarn });
    const res = await scan({ root, paths: [root], config: c, intel: createIntel(c.intel, { backoffMs: 1 }) });
    expect(
      mine(res.findings).map((f) => [f.ruleId, f.path, f.startLine, f.startColumn, f.endColumn]),
    ).toEqual([
      ['lockfile/integrity-mismatch', 'pnpm-lock.yaml', 13, 3, 11],
      ['lockfile/unknown-version', 'yarn.lock', 5, 1, 6],
    ]);
    // left-pad is locked by both files: one request.
    expect(npm.requests.map((r) => r.path).sort()).toEqual(['/chalk', '/left-pad']);
  });
});
