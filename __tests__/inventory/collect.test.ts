import { beforeAll, describe, expect, it } from '@jest/globals';
import { defaultConfig } from '../../src/config/schema.js';
import { scan } from '../../src/scan/engine.js';
import { gradeLockEntry } from '../../src/inventory/collect.js';
import { summarizeInventory, type Inventory } from '../../src/inventory/index.js';
import type { Package } from '../../src/formats/lockfile/model.js';
import { gradeDownloadUrl } from '../../src/refs/urls.js';
import { COMMIT, FILES, writeTree } from './fixtures.js';

async function inventoryOf(files: Record<string, string>): Promise<Inventory> {
  const { root, done } = writeTree(files);
  try {
    const r = await scan({
      root,
      paths: [root],
      config: { ...defaultConfig(), online: false },
      inventory: true,
    });
    return r.inventory!;
  } finally {
    done();
  }
}

/** kind, ecosystem, name, version, grade, and each occurrence as path:line:column scope. */
function rows(inv: Inventory) {
  return inv.inputs.map((i) => [
    i.kind,
    i.ecosystem,
    i.name,
    i.version ?? null,
    i.grade,
    i.occurrences.map((o) => `${o.path}:${o.line}:${o.column} ${o.scope}`),
  ]);
}

describe('the build-input inventory of the fixtures', () => {
  let inv: Inventory;
  beforeAll(async () => {
    inv = await inventoryOf(FILES);
  });

  it('lists every input once, with its grade and where it is pulled in', () => {
    expect(rows(inv)).toEqual([
      ['base-image', 'docker', 'node', '20.11.1', 'locked', ['Dockerfile:3:6 Dockerfile#stage:build']],
      // A variable decides the tag, and could add a digest: not guessed.
      ['base-image', 'docker', 'python:${BASE_TAG}', null, 'unknown', ['Dockerfile:11:6 Dockerfile#stage:1']],
      ['copy-image', 'docker', 'busybox', '1.36', 'floating', ['Dockerfile:10:13 Dockerfile#stage:build']],
      [
        'syntax-frontend',
        'docker',
        'docker/dockerfile',
        '1.7',
        'floating',
        ['Dockerfile:1:10 Dockerfile#file'],
      ],
      [
        'download',
        'url',
        'https://example.com/latest/agent.jar',
        null,
        'unpinned',
        ['Dockerfile:9:5 Dockerfile#stage:build'],
      ],
      // Checked by `sha256sum -c` after it in the same RUN.
      [
        'download',
        'url',
        'https://example.com/tool/v1.2.3/tool.tgz',
        null,
        'locked',
        ['Dockerfile:6:31 Dockerfile#stage:build'],
      ],
      [
        'download',
        'url',
        'https://get.example.sh',
        null,
        'unpinned',
        ['Dockerfile:12:16 Dockerfile#stage:1'],
      ],
      // The clone is followed by a checkout of a full commit.
      [
        'git-source',
        'git',
        'https://github.com/acme/lib.git',
        null,
        'locked',
        ['Dockerfile:8:15 Dockerfile#stage:build'],
      ],
      ['os-package', 'apt', 'curl', '8.5.0-2', 'exact', ['Dockerfile:4:42 Dockerfile#stage:build']],
      ['os-package', 'apt', 'git', null, 'unpinned', ['Dockerfile:4:55 Dockerfile#stage:build']],
      ['language-package', 'PyPI', 'flask', null, 'unpinned', ['Dockerfile:5:34 Dockerfile#stage:build']],
      [
        'language-package',
        'PyPI',
        'requests',
        '==2.31.0',
        'exact',
        ['Dockerfile:5:17 Dockerfile#stage:build'],
      ],
      ['language-package', 'npm', 'pm2', 'latest', 'unpinned', ['Dockerfile:14:20 Dockerfile#stage:2']],
      [
        'language-package',
        'npm',
        'typescript',
        '5.4.2',
        'exact',
        ['.github/workflows/ci.yml:14:29 .github/workflows/ci.yml#job:test'],
      ],
      ['lockfile-package', 'PyPI', 'flask', '>=2.0', 'floating', ['requirements.txt:2:1 requirements.txt']],
      ['lockfile-package', 'PyPI', 'requests', '2.31.0', 'locked', ['requirements.txt:1:1 requirements.txt']],
      [
        'action',
        'github',
        'actions/checkout',
        COMMIT,
        'locked',
        ['.github/workflows/ci.yml:10:15 .github/workflows/ci.yml#job:test'],
      ],
      [
        'action',
        'github',
        'actions/setup-node',
        'v4',
        'floating',
        ['.github/workflows/ci.yml:11:15 .github/workflows/ci.yml#job:test'],
      ],
      [
        'reusable-workflow',
        'github',
        'acme/workflows/.github/workflows/release.yml',
        'main',
        'floating',
        ['.github/workflows/ci.yml:16:11 .github/workflows/ci.yml#job:call'],
      ],
      [
        'container-image',
        'docker',
        'alpine',
        '3.19.1',
        'exact',
        ['.github/workflows/ci.yml:12:15 .github/workflows/ci.yml#job:test'],
      ],
      [
        'container-image',
        'docker',
        'node',
        '20',
        'floating',
        ['.github/workflows/ci.yml:5:16 .github/workflows/ci.yml#job:test'],
      ],
      [
        'container-image',
        'docker',
        'postgres',
        '16.2',
        'locked',
        ['.github/workflows/ci.yml:8:16 .github/workflows/ci.yml#job:test'],
      ],
    ]);
  });

  it('leaves out what is not fetched: build stages, scratch, `pip install .`, local actions', () => {
    const names = inv.inputs.map((i) => i.name);
    expect(names).not.toContain('build');
    expect(names).not.toContain('scratch');
    expect(names).not.toContain('.');
    expect(names.some((n) => n.includes('local-action'))).toBe(false);
  });

  it('carries the digest and the hashes of locked inputs', () => {
    const node = inv.inputs.find((i) => i.kind === 'base-image' && i.name === 'node')!;
    expect(node.digest).toBe(`sha256:${'a'.repeat(64)}`);
    expect(node.hashes).toEqual([{ alg: 'sha256', hex: 'a'.repeat(64) }]);
    const checkout = inv.inputs.find((i) => i.name === 'actions/checkout')!;
    expect(checkout.hashes).toEqual([{ alg: 'sha1', hex: COMMIT }]);
    const requests = inv.inputs.find((i) => i.kind === 'lockfile-package' && i.name === 'requests')!;
    expect(requests.hashes).toEqual([{ alg: 'sha256', hex: 'b'.repeat(64) }]);
  });

  it('counts by kind and grade', () => {
    const s = summarizeInventory(inv);
    expect(s.total).toEqual({ total: 22, locked: 6, exact: 4, floating: 6, unpinned: 5, unknown: 1 });
    expect(s.byKind.map((r) => [r.kind, r.counts.total, r.counts.locked])).toEqual([
      ['base-image', 2, 1],
      ['copy-image', 1, 0],
      ['syntax-frontend', 1, 0],
      ['download', 3, 1],
      ['git-source', 1, 1],
      ['os-package', 2, 0],
      ['language-package', 4, 0],
      ['lockfile-package', 2, 1],
      ['action', 2, 1],
      ['reusable-workflow', 1, 0],
      ['container-image', 3, 1],
    ]);
  });
});

describe('merging and edge cases', () => {
  it('one reference in two files is one input with two occurrences, in path order', async () => {
    const inv = await inventoryOf({
      'b/Dockerfile': 'FROM node:20\n',
      'a/Dockerfile': 'FROM alpine:3.19.1\nFROM node:20\n',
    });
    expect(rows(inv)).toEqual([
      ['base-image', 'docker', 'alpine', '3.19.1', 'exact', ['a/Dockerfile:1:6 a/Dockerfile#stage:0']],
      [
        'base-image',
        'docker',
        'node',
        '20',
        'floating',
        ['a/Dockerfile:2:6 a/Dockerfile#stage:1', 'b/Dockerfile:1:6 b/Dockerfile#stage:0'],
      ],
    ]);
  });

  it('masks credentials in URLs', async () => {
    const inv = await inventoryOf({
      Dockerfile: 'FROM alpine:3.19.1\nRUN curl -o /x https://bob:hunter2secret@example.com/v1.0/x.tgz\n',
    });
    const dl = inv.inputs.find((i) => i.kind === 'download')!;
    expect(dl.name).not.toContain('hunter2secret');
    expect(dl.raw).not.toContain('hunter2secret');
  });

  it('ADD with --checksum is locked; ADD of a git URL at a branch floats; a variable URL is unknown', async () => {
    const inv = await inventoryOf({
      Dockerfile: [
        'FROM alpine:3.19.1',
        'ARG VER',
        `ADD --checksum=sha256:${'c'.repeat(64)} https://example.com/a.tgz /a`,
        'ADD https://github.com/acme/x.git#main /x',
        'ADD https://example.com/v${VER}/b.tgz /b',
        '',
      ].join('\n'),
    });
    expect(rows(inv).filter((r) => r[0] !== 'base-image')).toEqual([
      [
        'download',
        'url',
        'https://example.com/a.tgz',
        null,
        'locked',
        ['Dockerfile:3:88 Dockerfile#stage:0'],
      ],
      [
        'download',
        'url',
        'https://example.com/v${VER}/b.tgz',
        null,
        'unknown',
        ['Dockerfile:5:5 Dockerfile#stage:0'],
      ],
      [
        'git-source',
        'git',
        'https://github.com/acme/x.git#main',
        null,
        'floating',
        ['Dockerfile:4:5 Dockerfile#stage:0'],
      ],
    ]);
    const a = inv.inputs.find((i) => i.name === 'https://example.com/a.tgz')!;
    expect(a.hashes).toEqual([{ alg: 'sha256', hex: 'c'.repeat(64) }]);
  });

  it('an expression in a job container is unknown, not guessed', async () => {
    const inv = await inventoryOf({
      '.github/workflows/x.yml':
        'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    container: ${{ matrix.image }}\n    steps:\n      - run: echo\n',
    });
    expect(rows(inv)).toEqual([
      [
        'container-image',
        'docker',
        '${{ matrix.image }}',
        null,
        'unknown',
        ['.github/workflows/x.yml:5:16 .github/workflows/x.yml#job:a'],
      ],
    ]);
  });

  it('no build inputs: an empty inventory', async () => {
    const inv = await inventoryOf({ Dockerfile: 'FROM scratch\nCOPY a /a\n' });
    expect(inv.inputs).toEqual([]);
    expect(summarizeInventory(inv).total.total).toBe(0);
  });
});

describe('gradeDownloadUrl', () => {
  it.each([
    ['https://example.com/tool/v1.2.3/tool.tgz', false, 'exact'],
    ['https://example.com/tool-1.4.0.tar.gz', false, 'exact'],
    ['https://get.example.sh', false, 'unpinned'],
    ['https://example.com/releases/latest/download/tool-1.2.tgz', false, 'unpinned'],
    ['https://example.com/v${VER}/tool.tgz', false, 'unknown'],
    ['https://example.com/install.sh', true, 'locked'],
    // A version in the query is not the path: the server decides what the path serves.
    ['https://example.com/get?version=1.2.3', false, 'unpinned'],
  ] as const)('%s (checked: %s) is %s', (url, checked, grade) => {
    expect(gradeDownloadUrl(url, checked)).toBe(grade);
  });
});

describe('gradeLockEntry', () => {
  const base: Package = {
    ecosystem: 'npm',
    name: 'a',
    version: '1.0.0',
    source: 'registry',
    line: 1,
    column: 1,
  };
  it.each([
    ['an integrity hash locks', { integrity: 'sha512-' + 'A'.repeat(86) + '==' }, 'locked'],
    ['an exact version without a hash', {}, 'exact'],
    [
      'an archive of a full commit (Composer)',
      { ecosystem: 'Packagist', resolved: `https://api.github.com/repos/o/r/zipball/${COMMIT}` },
      'locked',
    ],
    ['a requirement range', { ecosystem: 'PyPI', version: '', specifier: '>=1.0' }, 'floating'],
    ['nothing', { version: '' }, 'unpinned'],
    ['a git entry at a full commit', { source: 'git', resolved: `git+https://h/r.git#${COMMIT}` }, 'locked'],
    ['a git entry at a branch', { source: 'git', resolved: 'git+https://h/r.git#main' }, 'floating'],
    ['a git entry without a ref', { source: 'git', resolved: 'git+https://h/r.git' }, 'unpinned'],
  ] as const)('%s', (_, over, grade) => {
    expect(gradeLockEntry({ ...base, ...over } as Package)).toBe(grade);
  });
});
