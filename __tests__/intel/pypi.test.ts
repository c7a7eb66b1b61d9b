import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig, type Config } from '../../src/config/schema.js';
import { scan } from '../../src/scan/engine.js';
import { createIntel } from '../../src/intel/index.js';
import {
  canonicalPypiVersion,
  isPypiName,
  normalizePypiName,
  parsePypiProject,
} from '../../src/intel/pypi.js';
import { pythonSha256 } from '../../src/rules/lockfile/integrity-mismatch.js';
import type { Finding } from '../../src/core/index.js';
import { startFakeOsv, type FakeOsv } from './fake-osv.js';
import { pypiProject, sha256, startFakePypi, type FakePypi } from './fake-pypi.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const OLD = '2024-05-29T15:37:49.536Z';

const REQUESTS_WHL = sha256('requests-2.32.3-py3-none-any.whl');
const REQUESTS_SDIST = sha256('requests-2.32.3.tar.gz');
const IDNA_SDIST = sha256('idna-3.7.tar.gz');
const TAMPERED = sha256('tampered');
const OTHER = sha256('a wheel from another index');

const PROJECTS = (): Record<string, object> => ({
  requests: pypiProject('requests', {
    '2.32.2': [{ filename: 'requests-2.32.2.tar.gz', content: 'requests-2.32.2.tar.gz', time: OLD }],
    '2.32.3': [
      {
        filename: 'requests-2.32.3-py3-none-any.whl',
        content: 'requests-2.32.3-py3-none-any.whl',
        time: OLD,
      },
      { filename: 'requests-2.32.3.tar.gz', content: 'requests-2.32.3.tar.gz', time: OLD },
    ],
  }),
  urllib3: pypiProject('urllib3', {
    '2.2.2': [
      { filename: 'urllib3-2.2.2-py3-none-any.whl', content: 'urllib3-2.2.2-py3-none-any.whl', time: OLD },
    ],
  }),
  idna: pypiProject('idna', {
    '3.7': [
      { filename: 'idna-3.7-py3-none-any.whl', content: 'idna-3.7-py3-none-any.whl', time: OLD },
      { filename: 'idna-3.7.tar.gz', content: 'idna-3.7.tar.gz', time: OLD },
    ],
  }),
  certifi: pypiProject('certifi', {
    '2024.7.4': [{ filename: 'certifi-2024.7.4.tar.gz', content: 'certifi', time: OLD }],
  }),
  six: pypiProject('six', { '1.16.0': [{ filename: 'six-1.16.0.tar.gz', content: 'six', time: OLD }] }),
  'flask-login': pypiProject('Flask-Login', {
    '0.6.3': [{ filename: 'Flask-Login-0.6.3.tar.gz', content: 'flask-login', time: OLD }],
  }),
  brokenpkg: pypiProject('brokenpkg', {
    '1.0': [
      {
        filename: 'brokenpkg-1.0.tar.gz',
        content: 'b1',
        time: OLD,
        yanked: true,
        yankedReason: 'broken\nmetadata, use `1.1`',
      },
      { filename: 'brokenpkg-1.0-py3-none-any.whl', content: 'b2', time: OLD, yanked: true },
    ],
    '1.1': [
      // One file of two yanked: the release is not.
      { filename: 'brokenpkg-1.1.tar.gz', content: 'b3', time: OLD, yanked: true },
      { filename: 'brokenpkg-1.1-py3-none-any.whl', content: 'b4', time: OLD },
    ],
    '1.2': [{ filename: 'brokenpkg-1.2.tar.gz', content: 'b5', time: OLD, yanked: true }],
  }),
  fresh: pypiProject('fresh', {
    '1.0': [{ filename: 'fresh-1.0.tar.gz', content: 'f1', time: ago(2 * HOUR) }],
    // The sdist is old, a wheel was added today: the release is as old as its first upload.
    '0.9': [
      { filename: 'fresh-0.9.tar.gz', content: 'f0', time: ago(30 * DAY) },
      { filename: 'fresh-0.9-py3-none-any.whl', content: 'f0w', time: ago(1 * HOUR) },
    ],
    '1.1': [{ filename: 'fresh-1.1.tar.gz', content: 'f2', time: ago(2 * DAY) }],
  }),
});

const dirs: string[] = [];
const servers: (FakePypi | FakeOsv)[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  for (const s of servers.splice(0)) await s.close();
});

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'bulkhead-pypi-'));
  dirs.push(root);
  for (const [rel, text] of Object.entries(files)) writeFileSync(join(root, rel), text);
  return root;
}

async function services(handle?: Parameters<typeof startFakePypi>[1]) {
  const pypi = await startFakePypi(PROJECTS(), handle);
  const osv = await startFakeOsv();
  servers.push(pypi, osv);
  return { pypi, osv };
}

function config(pypiUrl: string | undefined, osvUrl: string, minAge = '0d', timeoutMs = 2000): Config {
  const c = defaultConfig();
  return {
    ...c,
    lockfile: { ...c.lockfile, 'min-release-age': minAge },
    intel: {
      ...c.intel,
      'osv-url': osvUrl,
      ...(pypiUrl !== undefined ? { 'pypi-url': pypiUrl } : {}),
      'timeout-ms': timeoutMs,
    },
  };
}

async function run(files: Record<string, string>, cfg: Config) {
  const root = tree(files);
  const intel = createIntel(cfg.intel, { backoffMs: 1 });
  return scan({ root, paths: [root], config: cfg, intel });
}

const RULES = [
  'lockfile/integrity-mismatch',
  'lockfile/unknown-version',
  'lockfile/release-too-new',
  'lockfile/deprecated',
  'intel/unavailable',
];
const mine = (fs: Finding[]) => fs.filter((f) => RULES.includes(f.ruleId));
const brief = (fs: Finding[]) =>
  mine(fs).map((f) => [f.ruleId, f.path, f.startLine, f.startColumn, f.endColumn, f.severity]);
const paths = (p: FakePypi) => p.requests.map((r) => `${r.method} ${r.path}`).sort();

const REQUIREMENTS = [
  '--index-url https://pypi.org/simple',
  'requests==2.32.3 \\',
  `    --hash=sha256:${REQUESTS_WHL} \\`,
  `    --hash=sha256:${REQUESTS_SDIST}`,
  `urllib3==2.2.2 --hash=sha256:${TAMPERED}`,
  `idna==3.7 --hash=sha256:${OTHER} --hash=sha256:${IDNA_SDIST}`,
  'certifi==2099.1.1',
  'nosuchproject==1.0',
  'six==1.16',
  'Flask_Login==0.6.3',
  `md5only==1.0 --hash=md5:${'0'.repeat(32)}`,
  'flask>=2.0',
  '',
].join('\n');

describe('PyPI: hashes and versions', () => {
  it('a tampered hash, an unknown version and a 404 project, at their entries; one GET per normalized name', async () => {
    const { pypi, osv } = await services();
    const res = await run({ 'requirements.txt': REQUIREMENTS }, config(pypi.url, osv.url));
    expect(brief(res.findings)).toEqual([
      ['lockfile/integrity-mismatch', 'requirements.txt', 5, 1, 15, 'critical'],
      ['lockfile/unknown-version', 'requirements.txt', 7, 1, 18, 'high'],
      ['lockfile/unknown-version', 'requirements.txt', 8, 1, 19, 'high'],
      ['lockfile/unknown-version', 'requirements.txt', 11, 1, 13, 'high'],
    ]);
    const [tampered, unknown, missing] = mine(res.findings);
    expect(tampered!.message).toBe(
      `urllib3@2.2.2 is locked with sha256 ${TAMPERED.slice(0, 23)}…, but PyPI publishes none of them for that version (it lists 1 file for it): the lockfile would install bytes PyPI never published.`,
    );
    expect(tampered!.evidence).toBe(`urllib3@2.2.2 sha256:${TAMPERED}`);
    expect(unknown!.message).toBe(
      'certifi@2099.1.1 is locked, but PyPI lists no version 2099.1.1 of certifi: no install from the index wrote this entry.',
    );
    expect(missing!.message).toBe(
      'nosuchproject@1.0 is locked, but PyPI has no such project (nosuchproject): no install from the index wrote this entry.',
    );
    // Only names, PEP 503-normalized; no hash, no version; the unpinned and md5-only lines too
    // (md5only exists nowhere: a 404, reported).
    expect(paths(pypi)).toEqual([
      'GET /pypi/certifi/json',
      'GET /pypi/flask-login/json',
      'GET /pypi/idna/json',
      'GET /pypi/md5only/json',
      'GET /pypi/nosuchproject/json',
      'GET /pypi/requests/json',
      'GET /pypi/six/json',
      'GET /pypi/urllib3/json',
    ]);
    expect(pypi.requests[0]!.headers.accept).toBe('application/json');
  });

  it('md5-only hashes are not compared; a matching hash among several is quiet', async () => {
    const { osv } = await services();
    const pypi = await startFakePypi({
      ...PROJECTS(),
      md5only: pypiProject('md5only', {
        '1.0': [{ filename: 'md5only-1.0.tar.gz', content: 'm', time: OLD }],
      }),
    });
    servers.push(pypi);
    const res = await run(
      {
        'requirements.txt': [
          `md5only==1.0 --hash=md5:${'0'.repeat(32)}`,
          `idna==3.7 --hash=sha256:${OTHER} --hash=sha256:${IDNA_SDIST}`,
          `requests==2.32.3 --hash=sha256:${REQUESTS_WHL.toUpperCase()}`,
          '',
        ].join('\n'),
      },
      config(pypi.url, osv.url),
    );
    expect(brief(res.findings)).toEqual([]);
  });

  it('poetry.lock, uv.lock and Pipfile.lock: tampered and unknown, private indexes not asked', async () => {
    const { pypi, osv } = await services();
    const poetry = [
      '[[package]]',
      'name = "requests"',
      'version = "2.32.3"',
      'files = [',
      `    {file = "requests-2.32.3-py3-none-any.whl", hash = "sha256:${REQUESTS_WHL}"},`,
      ']',
      '',
      '[[package]]',
      'name = "urllib3"',
      'version = "2.2.2"',
      'files = [',
      `    {file = "urllib3-2.2.2-py3-none-any.whl", hash = "sha256:${TAMPERED}"},`,
      ']',
      '',
      '[[package]]',
      'name = "internal-lib"',
      'version = "9.9.9"',
      'files = []',
      '',
      '[package.source]',
      'type = "legacy"',
      'url = "https://pypi.corp.example/simple"',
      'reference = "corp"',
      '',
    ].join('\n');
    const uv = [
      'version = 1',
      '',
      '[[package]]',
      'name = "idna"',
      'version = "3.7"',
      'source = { registry = "https://pypi.org/simple" }',
      `sdist = { url = "https://files.pythonhosted.org/idna-3.7.tar.gz", hash = "sha256:${TAMPERED}" }`,
      '',
      '[[package]]',
      'name = "corp-only"',
      'version = "1.0"',
      'source = { registry = "https://pypi.corp.example/simple" }',
      '',
    ].join('\n');
    const pipfile = JSON.stringify(
      {
        _meta: { sources: [{ name: 'pypi', url: 'https://pypi.org/simple', verify_ssl: true }] },
        default: {
          certifi: { hashes: [`sha256:${OTHER}`], version: '==2099.1.1' },
          six: { hashes: [], version: '==1.16.0' },
        },
        develop: {},
      },
      null,
      4,
    );
    const res = await run(
      { 'poetry.lock': poetry, 'uv.lock': uv, 'Pipfile.lock': pipfile },
      config(pypi.url, osv.url),
    );
    expect(brief(res.findings)).toEqual([
      ['lockfile/unknown-version', 'Pipfile.lock', 12, 10, 17, 'high'],
      ['lockfile/integrity-mismatch', 'poetry.lock', 9, 9, 16, 'critical'],
      ['lockfile/integrity-mismatch', 'uv.lock', 4, 9, 13, 'critical'],
    ]);
    // The private index's packages are not named to the configured one.
    expect(paths(pypi)).toEqual([
      'GET /pypi/certifi/json',
      'GET /pypi/idna/json',
      'GET /pypi/requests/json',
      'GET /pypi/six/json',
      'GET /pypi/urllib3/json',
    ]);
  });

  it('a requirements file naming another index is not asked about; pypi-url unset asks nothing', async () => {
    const { pypi, osv } = await services();
    const extra = `--extra-index-url https://pypi.corp.example/simple\n${REQUIREMENTS}`;
    const res = await run({ 'requirements.txt': extra }, config(pypi.url, osv.url));
    expect(brief(res.findings)).toEqual([]);
    const off = await run({ 'requirements.txt': REQUIREMENTS }, config(undefined, osv.url));
    expect(brief(off.findings)).toEqual([]);
    expect(pypi.requests).toEqual([]);
  });

  it('entries from under the configured URL (a mirror) are asked of it', async () => {
    const { pypi, osv } = await services();
    const res = await run(
      { 'requirements.txt': `--index-url ${pypi.url}/simple\nurllib3==2.2.2 --hash=sha256:${TAMPERED}\n` },
      config(pypi.url, osv.url),
    );
    expect(brief(res.findings)).toEqual([
      ['lockfile/integrity-mismatch', 'requirements.txt', 2, 1, 15, 'critical'],
    ]);
  });
});

describe('PyPI: yanked and release age', () => {
  it('a yanked release is lockfile/deprecated, with its reason on one line; a partly yanked one is not', async () => {
    const { pypi, osv } = await services();
    const res = await run(
      { 'requirements.txt': 'brokenpkg==1.0\nbrokenpkg==1.1\nBrokenPkg==1.2\n' },
      config(pypi.url, osv.url),
    );
    expect(brief(res.findings)).toEqual([
      ['lockfile/deprecated', 'requirements.txt', 1, 1, 15, 'low'],
      ['lockfile/deprecated', 'requirements.txt', 3, 1, 15, 'low'],
    ]);
    expect(mine(res.findings).map((f) => f.message)).toEqual([
      "brokenpkg@1.0 is yanked on PyPI: 'broken metadata, use '1.1''.",
      'BrokenPkg@1.2 is yanked on PyPI: no reason given.',
    ]);
    expect(paths(pypi)).toEqual(['GET /pypi/brokenpkg/json']);
  });

  it('release-too-new reads the earliest upload of the version', async () => {
    const { pypi, osv } = await services();
    const res = await run(
      { 'requirements.txt': 'fresh==1.0\nfresh==0.9\nfresh==1.1\n' },
      config(pypi.url, osv.url, '3d'),
    );
    expect(brief(res.findings)).toEqual([
      ['lockfile/release-too-new', 'requirements.txt', 1, 1, 11, 'high'],
      ['lockfile/release-too-new', 'requirements.txt', 3, 1, 11, 'medium'],
    ]);
    expect(mine(res.findings)[0]!.message).toMatch(
      /^fresh@1\.0 was published 2 hours ago \(\d{4}-\d\d-\d\dT[\d:.]+Z\), less than lockfile\.min-release-age \(3d\)\.$/,
    );
  });
});

describe('PyPI: failures are findings', () => {
  const lock = { 'requirements.txt': 'six==1.16.0\nrequests==2.32.3\n' };

  it('HTTP 500 for every attempt: one intel/unavailable naming PyPI, at the first entry', async () => {
    const { pypi, osv } = await services((req, res) => {
      res.writeHead(500).end();
      return true;
    });
    const res = await run(lock, config(pypi.url, osv.url));
    expect(brief(res.findings)).toEqual([['intel/unavailable', 'requirements.txt', 1, 1, 12, 'medium']]);
    expect(mine(res.findings)[0]!.message).toBe(
      `PyPI at ${pypi.url} did not answer usefully (HTTP 500): 2 package versions were not checked against PyPI (hashes, existence, release age, yanked); the offline checks still ran.`,
    );
    // Two names, three attempts each (two retries).
    expect(pypi.requests).toHaveLength(6);
  });

  it('429 with Retry-After is retried and then answered', async () => {
    const { pypi, osv } = await services((req, res, n) => {
      if (n > 1) return false;
      res.writeHead(429, { 'retry-after': '0' }).end();
      return true;
    });
    const res = await run(
      { 'requirements.txt': `urllib3==2.2.2 --hash=sha256:${TAMPERED}\n` },
      config(pypi.url, osv.url),
    );
    expect(brief(res.findings)).toEqual([
      ['lockfile/integrity-mismatch', 'requirements.txt', 1, 1, 15, 'critical'],
    ]);
    expect(pypi.requests).toHaveLength(2);
  });

  it.each([
    [
      'malformed JSON',
      (res: import('node:http').ServerResponse) => res.writeHead(200).end('{"info": '),
      'the answer is not valid JSON',
    ],
    [
      'a redirect to another host',
      (res: import('node:http').ServerResponse) =>
        res.writeHead(302, { location: 'http://evil.example/pypi/six/json' }).end(),
      'redirect to another host (evil.example) refused',
    ],
    [
      'a document for another project',
      (res: import('node:http').ServerResponse) =>
        res.writeHead(200).end(JSON.stringify(pypiProject('numpy', { '1.0': [] }))),
      'the PyPI document asked for six is for another project',
    ],
    [
      'releases that are not a map',
      (res: import('node:http').ServerResponse) =>
        res.writeHead(200).end(JSON.stringify({ info: { name: 'six' }, releases: ['1.16.0'] })),
      'the PyPI document of six has no releases',
    ],
  ])('%s is a failure, never a pass', async (_what, answer, reason) => {
    const { pypi, osv } = await services((req, res) => {
      answer(res);
      return true;
    });
    const res = await run({ 'requirements.txt': 'six==1.16.0\n' }, config(pypi.url, osv.url));
    expect(brief(res.findings)).toEqual([['intel/unavailable', 'requirements.txt', 1, 1, 12, 'medium']]);
    expect(mine(res.findings)[0]!.message).toContain(`(${reason})`);
  });

  it('a server that never answers times out', async () => {
    const { pypi, osv } = await services(() => true);
    const res = await run({ 'requirements.txt': 'six==1.16.0\n' }, config(pypi.url, osv.url, '0d', 300));
    expect(brief(res.findings)).toEqual([['intel/unavailable', 'requirements.txt', 1, 1, 12, 'medium']]);
    expect(mine(res.findings)[0]!.message).toContain('(no answer within 300 ms)');
  });

  it('online: required makes the failure critical', async () => {
    const { pypi, osv } = await services((req, res) => {
      res.writeHead(503).end();
      return true;
    });
    const res = await run(lock, { ...config(pypi.url, osv.url), online: 'required' });
    expect(brief(res.findings)).toEqual([['intel/unavailable', 'requirements.txt', 1, 1, 12, 'critical']]);
  });
});

describe('PyPI: names, versions, documents', () => {
  it('PEP 503 names and PEP 508 validity', () => {
    expect(normalizePypiName('Flask_Login')).toBe('flask-login');
    expect(normalizePypiName('zope.interface')).toBe('zope-interface');
    expect(normalizePypiName('A-_.-B')).toBe('a-b');
    expect(isPypiName('requests')).toBe(true);
    expect(isPypiName('a')).toBe(true);
    expect(isPypiName('-bad')).toBe(false);
    expect(isPypiName('bad.')).toBe(false);
    expect(isPypiName('../etc')).toBe(false);
    expect(isPypiName('a/b')).toBe(false);
    expect(isPypiName('x'.repeat(215))).toBe(false);
  });

  it('PEP 440 equality', () => {
    const same = (a: string, b: string) => canonicalPypiVersion(a) === canonicalPypiVersion(b);
    expect(same('1.0', '1.0.0')).toBe(true);
    expect(same('1.16', '1.16.0')).toBe(true);
    expect(same('1.0RC1', '1.0rc1')).toBe(true);
    expect(same('1.0-c1', '1.0rc1')).toBe(true);
    expect(same('v2', '2')).toBe(true);
    expect(same('1.0-1', '1.0.post1')).toBe(true);
    expect(same('1.0.dev0', '1.0-dev')).toBe(true);
    expect(same('0!1.0', '1.0')).toBe(true);
    expect(same('01.002', '1.2')).toBe(true);
    expect(same('1.0', '1.0.1')).toBe(false);
    expect(same('1.0a1', '1.0b1')).toBe(false);
    expect(same('1!1.0', '1.0')).toBe(false);
    expect(same('1.0+local', '1.0')).toBe(false);
    expect(canonicalPypiVersion('not a version')).toBeUndefined();
    expect(canonicalPypiVersion('1.0foo')).toBeUndefined();
    expect(canonicalPypiVersion('9'.repeat(300))).toBeUndefined();
  });

  it('parsePypiProject keeps sha256, first upload, yanked and reason', () => {
    const doc = pypiProject('Foo.Bar', {
      '1.0': [
        {
          filename: 'x.tar.gz',
          content: 'x',
          time: '2024-01-02T03:04:05.000000Z',
          yanked: true,
          yankedReason: 'bad',
        },
      ],
      '2.0': [],
    });
    const p = parsePypiProject('foo-bar', doc);
    expect(p).toEqual({
      exists: true,
      releases: new Map([
        [
          '1.0',
          [
            {
              sha256: sha256('x'),
              uploaded: Date.parse('2024-01-02T03:04:05Z'),
              yanked: true,
              yankedReason: 'bad',
            },
          ],
        ],
        ['2.0', []],
      ]),
    });
    expect(() => parsePypiProject('foo', [])).toThrow('is not an object');
    expect(() => parsePypiProject('foo', { info: {}, releases: {} })).toThrow('is for another project');
    expect(() => parsePypiProject('foo', { info: { name: 'foo' }, releases: { '1.0': 'x' } })).toThrow(
      'without files',
    );
    expect(() => parsePypiProject('foo', { info: { name: 'foo' }, releases: { '1.0': [1] } })).toThrow(
      'not an object',
    );
  });

  it('pythonSha256 reads sha256 tokens only', () => {
    expect(
      pythonSha256(`sha256:${OTHER} md5:${'0'.repeat(32)} sha256=${IDNA_SDIST.toUpperCase()} sha256:short`),
    ).toEqual([OTHER, IDNA_SDIST]);
    expect(pythonSha256('x'.repeat(100_001))).toEqual([]);
  });
});
