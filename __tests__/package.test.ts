// The package as it installs: what it ships, that it pulls nothing, which Node it runs on, and the
// third-party notices of what dist/ bundles. .ci/run also packs it and installs the tarball (and the
// git checkout) offline, then runs the installed CLI on examples/.
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import semver from 'semver';
import { parse } from 'yaml';
import { thirdPartyNotices, type Metafile } from '../scripts/third-party.mjs';

interface PackageJson {
  name: string;
  license: string;
  private?: boolean;
  files: string[];
  bin: Record<string, string>;
  engines: { node: string };
  scripts: Record<string, string>;
  workspaces?: unknown;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  bundleDependencies?: unknown;
  bundledDependencies?: unknown;
  devDependencies: Record<string, string>;
}
interface LockEntry {
  version?: string;
  dev?: boolean;
  engines?: { node?: string } | string[];
}

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as PackageJson;
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
  packages: Record<string, LockEntry>;
};
const NODE_RANGE = '^20.9.0 || ^22.11.0 || >=24';
/** The lowest version of each major line the CLI supports. */
const CLI_NODES = ['20.9.0', '22.11.0', '24.0.0'];

/** name@version -> where dist/licenses.txt says it is bundled. */
function noticed(): Map<string, string> {
  const out = new Map<string, string>();
  const text = readFileSync('dist/licenses.txt', 'utf8');
  const blocks = text.split(`${'='.repeat(80)}\n`).slice(1);
  for (const b of blocks) {
    const [head] = b.split('\n');
    const [name, version] = head.split(' ');
    const used = /^Bundled into: (.*)$/m.exec(b)?.[1] ?? '';
    out.set(`${name}@${version}`, used);
  }
  return out;
}

function lockEngines(id: string): string | undefined {
  const at = id.lastIndexOf('@');
  const name = id.slice(0, at);
  const version = id.slice(at + 1);
  const hits = Object.entries(lock.packages).filter(
    ([k, v]) => k.endsWith(`node_modules/${name}`) && v.version === version,
  );
  expect(hits.length).toBeGreaterThan(0);
  const e = hits[0][1].engines;
  return Array.isArray(e) ? undefined : e?.node;
}

describe('package.json', () => {
  it('ships dist/, the action, the schema, the docs, the README and the license, nothing else', () => {
    expect(pkg.files).toEqual(['dist/', 'action.yml', 'schema/', 'docs/', 'README.md', 'LICENSE']);
  });

  it('has no runtime dependencies: dist/ is self-contained, so installing it pulls nothing', () => {
    for (const k of [
      'dependencies',
      'optionalDependencies',
      'peerDependencies',
      'bundleDependencies',
      'bundledDependencies',
    ] as const) {
      expect(pkg[k]).toBeUndefined();
    }
    const installed = Object.entries(lock.packages).filter(([k, v]) => k !== '' && v.dev !== true);
    expect(installed.map(([k]) => k)).toEqual([]);
  });

  it('runs no script on install, also from git (npm runs a full dev install for these)', () => {
    for (const s of ['preinstall', 'install', 'postinstall', 'prepare', 'prepack', 'build']) {
      expect(pkg.scripts[s]).toBeUndefined();
    }
    expect(pkg.workspaces).toBeUndefined();
  });

  it('has the bulkhead command, an executable node script', () => {
    expect(pkg.bin).toEqual({ bulkhead: 'dist/cli.js' });
    expect(readFileSync('dist/cli.js', 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(() => accessSync('dist/cli.js', constants.X_OK)).not.toThrow();
  });

  it('is MIT, with the license text shipped', () => {
    expect(pkg.license).toBe('MIT');
    const license = readFileSync('LICENSE', 'utf8');
    expect(license).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} Bulkhead contributors\n/);
    expect(license).toContain('THE SOFTWARE IS PROVIDED "AS IS"');
  });

  it('stays private: the name on the npm registry belongs to another package', () => {
    expect(pkg.private).toBe(true);
  });

  it(`supports Node ${NODE_RANGE}, which this test run is on`, () => {
    expect(pkg.engines).toEqual({ node: NODE_RANGE });
    expect(lock.packages[''].engines).toEqual({ node: NODE_RANGE });
    expect(semver.satisfies(process.version, NODE_RANGE)).toBe(true);
    for (const v of CLI_NODES) expect(semver.satisfies(v, NODE_RANGE)).toBe(true);
    for (const v of ['18.20.0', '20.8.1', '21.7.0', '22.10.0', '23.11.0']) {
      expect(semver.satisfies(v, NODE_RANGE)).toBe(false);
    }
  });

  it('every package bundled into the CLI accepts each supported Node line; the action’s accept its runtime', () => {
    const action = parse(readFileSync('action.yml', 'utf8')) as { runs: { using: string } };
    const actionNode = /^node(\d+)$/.exec(action.runs.using)?.[1];
    expect(actionNode).toBeDefined();
    const list = noticed();
    expect(list.size).toBeGreaterThan(10);
    for (const [id, used] of list) {
      const range = lockEngines(id);
      if (range === undefined) continue;
      const nodes = used.includes('the CLI') ? CLI_NODES : [`${actionNode}.0.0`];
      for (const v of nodes) {
        expect({ id, range, node: v, ok: semver.satisfies(v, range) }).toEqual({
          id,
          range,
          node: v,
          ok: true,
        });
      }
    }
  });

  it('dist/licenses.txt names every package the source imports, at its locked version', () => {
    const list = noticed();
    const direct = Object.keys(pkg.devDependencies).filter((d) =>
      [
        '@actions/core',
        '@actions/github',
        '@octokit/plugin-retry',
        '@octokit/plugin-throttling',
        '@renovatebot/pep440',
        'dockerfile-ast',
        'jsonc-parser',
        'minimatch',
        'mvdan-sh',
        'semver',
        'smol-toml',
        'yaml',
        'zod',
      ].includes(d),
    );
    expect(direct).toHaveLength(13);
    for (const d of direct) {
      const version = lock.packages[`node_modules/${d}`].version;
      expect([...list.keys()]).toContain(`${d}@${version}`);
    }
  });
});

describe('npm pack', () => {
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  ) as { files: { path: string }[] }[];
  const paths = packed[0].files.map((f) => f.path).sort();

  it('holds the bundles, their notices, the action, the schema, the docs and the license', () => {
    for (const p of [
      'dist/cli.js',
      'dist/index.js',
      'dist/licenses.txt',
      'action.yml',
      'schema/bulkhead.schema.json',
      'docs/cli.md',
      'docs/config.md',
      'README.md',
      'LICENSE',
      'package.json',
    ]) {
      expect(paths).toContain(p);
    }
    expect(paths.some((p) => p.startsWith('dist/chunks/'))).toBe(true);
    expect(paths.some((p) => p.startsWith('docs/rules/'))).toBe(true);
  });

  it('holds no tests, sources, scripts, examples or CI', () => {
    const allowed = /^(?:dist\/|docs\/|schema\/|action\.yml$|README\.md$|LICENSE$|package\.json$)/;
    expect(paths.filter((p) => !allowed.test(p))).toEqual([]);
    expect(
      paths.filter((p) => /\.ts$|(?:^|\/)__tests__\/|\.test\.|^src\/|^\.ci\/|^\.github\//.test(p)),
    ).toEqual([]);
  });
});

describe('scripts/third-party.mjs', () => {
  function fixture(pkgs: Record<string, { json: object; files?: Record<string, string> }>): string {
    const root = mkdtempSync(join(tmpdir(), 'bulkhead-notices-'));
    for (const [dir, p] of Object.entries(pkgs)) {
      mkdirSync(join(root, dir), { recursive: true });
      writeFileSync(join(root, dir, 'package.json'), JSON.stringify(p.json));
      for (const [f, text] of Object.entries(p.files ?? {})) {
        mkdirSync(dirname(join(root, dir, f)), { recursive: true });
        writeFileSync(join(root, dir, f), text);
      }
    }
    return root;
  }
  const ENTRIES = { 'dist/index.js': 'the action', 'dist/cli.js': 'the CLI' };
  const META: Metafile = {
    outputs: {
      'dist/index.js': {
        entryPoint: 'src/index.ts',
        imports: [
          { path: 'dist/chunks/lazy.js', kind: 'dynamic-import' },
          { path: 'node:fs', external: true },
        ],
        inputs: {
          'src/index.ts': { bytesInOutput: 50 },
          'node_modules/alpha/index.js': { bytesInOutput: 10 },
          'node_modules/shaken/index.js': { bytesInOutput: 0 },
        },
      },
      'dist/cli.js': {
        entryPoint: 'src/cli.ts',
        imports: [],
        inputs: {
          'node_modules/@scope/beta/lib/deep/x.js': { bytesInOutput: 3 },
          'node_modules/alpha/other.js': { bytesInOutput: 4 },
        },
      },
      'dist/chunks/lazy.js': {
        entryPoint: 'src/lazy.ts',
        imports: [],
        inputs: { 'node_modules/gamma/node_modules/alpha/x.js': { bytesInOutput: 1 } },
      },
    },
  };
  const GOOD = {
    'node_modules/alpha': {
      json: { name: 'alpha', version: '9.1.0', license: 'MIT' },
      files: { LICENSE: 'alpha 9\r\n' },
    },
    'node_modules/gamma/node_modules/alpha': {
      json: { name: 'alpha', version: '10.0.0', license: { type: 'ISC' } },
      files: { 'LICENSE.md': 'alpha 10', 'lib/LICENSE': 'not this one' },
    },
    'node_modules/@scope/beta': {
      json: { name: '@scope/beta', version: '1.0.0', license: 'Apache-2.0', repository: 'github:scope/beta' },
      files: { 'LICENSE.APACHE': 'apache', NOTICE: 'notice', 'README.md': 'not a license' },
    },
    'node_modules/shaken': { json: { name: 'shaken', version: '1.0.0' } },
  };

  it('lists each bundled package once per version, sorted, with every license file and where it is used', () => {
    const root = fixture(GOOD);
    try {
      const text = thirdPartyNotices(META, ENTRIES, root);
      const heads = text.split('\n').filter((l, i, a) => a[i - 1] === '='.repeat(80));
      expect(heads).toEqual(['@scope/beta 1.0.0', 'alpha 9.1.0', 'alpha 10.0.0']);
      expect(text).not.toContain('shaken');
      expect(text).not.toContain('not this one');
      expect(text).not.toContain('not a license');
      expect(text).not.toContain(root);
      expect(text).not.toContain('\r');
      expect(text).toContain(
        [
          '@scope/beta 1.0.0',
          'License: Apache-2.0',
          'Repository: github:scope/beta',
          'Bundled into: the CLI',
          '-'.repeat(80),
          'LICENSE.APACHE:',
          '',
          'apache',
          '-'.repeat(80),
          'NOTICE:',
          '',
          'notice',
        ].join('\n'),
      );
      expect(text).toContain('alpha 9.1.0\nLicense: MIT\nBundled into: the CLI, the action\n');
      // only reached through the action's lazily loaded chunk
      expect(text).toContain('alpha 10.0.0\nLicense: ISC\nBundled into: the action\n');
      expect(thirdPartyNotices(META, ENTRIES, root)).toBe(text);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it.each([
    [
      'a package without a license file',
      { ...GOOD, 'node_modules/alpha': { json: { name: 'alpha', version: '9.1.0', license: 'MIT' } } },
      'alpha@9.1.0 ships no LICENSE',
    ],
    [
      'a package without a declared license',
      {
        ...GOOD,
        'node_modules/alpha': { json: { name: 'alpha', version: '9.1.0' }, files: { LICENSE: 'x' } },
      },
      'alpha@9.1.0 declares no license',
    ],
  ])('stops the build on %s', (_what, pkgs, message) => {
    const root = fixture(pkgs);
    try {
      expect(() => thirdPartyNotices(META, ENTRIES, root)).toThrow(message);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('stops the build on bundled code that no named entry loads', () => {
    const root = fixture(GOOD);
    try {
      expect(() => thirdPartyNotices(META, { 'dist/cli.js': 'the CLI' }, root)).toThrow(
        'alpha@10.0.0 is in no named entry',
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
