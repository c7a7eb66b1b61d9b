/**
 * Issue 10 (lockfile part): one finding per thing a person fixes, no false alarms, exact spans,
 * and no lockfile scanned as empty in silence. Findings come from the whole engine, so the spans,
 * severities and fingerprints asserted here are the ones every output shows.
 */
import { afterEach, describe, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { defaultConfig } from '../../src/config/schema.js';
import type { Finding } from '../../src/core/index.js';
import { parseLockfile } from '../../src/formats/lockfile/parse.js';
import { silentLogger } from '../../src/logger.js';
import { compareWithBase } from '../../src/scan/base/compare.js';
import type { ChangedFile } from '../../src/scan/base/changes.js';
import { scan } from '../../src/scan/engine.js';
import { entrySpan } from '../../src/rules/lockfile/util.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'bulkhead-lockgroup-'));
  dirs.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

async function findings(files: Record<string, string>, rule?: string): Promise<Finding[]> {
  const ws = workspace(files);
  const r = await scan({ root: ws, paths: [ws], config: defaultConfig() });
  return r.findings.filter(
    (f) => f.ruleId.startsWith('lockfile/') && (rule === undefined || f.ruleId === rule),
  );
}

const brief = (f: Finding) => ({
  ruleId: f.ruleId,
  severity: f.severity,
  line: f.startLine,
  column: f.startColumn,
  endColumn: f.endColumn,
});

/** A yarn classic lockfile: one entry per package, each three lines after the header. */
function yarnLock(entries: { name: string; version: string; url: string; integrity?: string }[]): string {
  const out = ['# yarn lockfile v1', ''];
  for (const e of entries) {
    out.push(`${e.name}@^${e.version}:`, `  version "${e.version}"`, `  resolved "${e.url}"`);
    if (e.integrity) out.push(`  integrity ${e.integrity}`);
    out.push('');
  }
  return out.join('\n');
}

const SHA1 = 'sha1-VgiurfwAvmwpAd9fmGF4jeDVl8g=';
const SHA512 = `sha512-${'A'.repeat(86)}==`;
const npmUrl = (n: string, v: string) => `https://registry.npmjs.org/${n}/-/${n}-${v}.tgz`;
const evilUrl = (n: string, v: string) => `https://evil.example.com/${n}-${v}.tgz`;

describe('lockfile/weak-integrity: one finding per lockfile', () => {
  test('three SHA-1 entries are one low finding at the first, naming each release once, related spans at the others', async () => {
    const text = yarnLock([
      { name: 'a', version: '1.0.0', url: npmUrl('a', '1.0.0'), integrity: SHA1 },
      { name: 'b', version: '2.0.0', url: npmUrl('b', '2.0.0'), integrity: SHA512 },
      { name: 'c', version: '3.0.0', url: npmUrl('c', '3.0.0'), integrity: SHA1 },
      { name: 'd', version: '4.0.0', url: npmUrl('d', '4.0.0'), integrity: SHA1 },
    ]);
    const fs = await findings({ 'yarn.lock': text }, 'lockfile/weak-integrity');
    expect(fs.map(brief)).toEqual([
      {
        ruleId: 'lockfile/weak-integrity',
        severity: 'low',
        line: 6,
        column: 13,
        endColumn: 13 + SHA1.length,
      },
    ]);
    expect(fs[0]!.message).toBe(
      '3 packages (a@1.0.0, c@3.0.0, d@4.0.0) are verified only by sha1, a broken hash, though a second preimage (what substituting a published tarball needs) is not practical today.',
    );
    expect(fs[0]!.related).toEqual([
      { span: { line: 16, column: 13, endLine: 16, endColumn: 13 + SHA1.length }, label: 'c@3.0.0' },
      { span: { line: 21, column: 13, endLine: 21, endColumn: 13 + SHA1.length }, label: 'd@4.0.0' },
    ]);
  });

  test('related spans stop at 50 and the message counts the rest; five releases are named', async () => {
    const entries = Array.from({ length: 60 }, (_, i) => ({
      name: `p${String(i).padStart(2, '0')}`,
      version: '1.0.0',
      url: npmUrl(`p${i}`, '1.0.0'),
      integrity: SHA1,
    }));
    const fs = await findings({ 'yarn.lock': yarnLock(entries) }, 'lockfile/weak-integrity');
    expect(fs).toHaveLength(1);
    expect(fs[0]!.related).toHaveLength(50);
    expect(fs[0]!.message).toBe(
      '60 packages (p00@1.0.0, p01@1.0.0, p02@1.0.0, p03@1.0.0, p04@1.0.0 and 55 more) are verified only by sha1, a broken hash, though a second preimage (what substituting a published tarball needs) is not practical today (the first 50 other entries are marked; 9 more are not).',
    );
  });
});

describe('lockfile/missing-integrity: one finding per lockfile and kind', () => {
  /** Yarn classic entries that record only a version (no resolved URL, no hash). */
  const bare = (names: string[]) =>
    ['# yarn lockfile v1', '', ...names.flatMap((n) => [`${n}@^1.0.0:`, '  version "1.0.0"', ''])].join('\n');

  test('entries without URL and hash are one medium finding; entries with a URL but no hash one high finding', async () => {
    const text = [
      bare(['a', 'b']),
      yarnLock([
        { name: 'c', version: '1.0.0', url: npmUrl('c', '1.0.0') },
        { name: 'd', version: '1.0.0', url: npmUrl('d', '1.0.0'), integrity: SHA512 },
        { name: 'e', version: '1.0.0', url: npmUrl('e', '1.0.0') },
      ]).replace('# yarn lockfile v1\n', ''),
    ].join('');
    const fs = await findings({ 'yarn.lock': text }, 'lockfile/missing-integrity');
    expect(fs.map(brief)).toEqual([
      { ruleId: 'lockfile/missing-integrity', severity: 'medium', line: 3, column: 1, endColumn: 2 },
      { ruleId: 'lockfile/missing-integrity', severity: 'high', line: 9, column: 1, endColumn: 2 },
    ]);
    expect(fs.map((f) => f.message)).toEqual([
      '2 packages (a@1.0.0, b@1.0.0) have neither a download URL nor an integrity hash: each is fetched by version from the configured registry and installed unverified.',
      '2 packages (c@1.0.0, e@1.0.0) are downloaded from URLs without an integrity hash, so whatever bytes the server returns are installed.',
    ]);
    expect(fs.map((f) => f.related?.map((r) => [r.span.line, r.label]))).toEqual([
      [[6, 'b@1.0.0']],
      [[18, 'e@1.0.0']],
    ]);
  });

  test('a single entry names its package, so an ignore entry for that package hides it', async () => {
    const fs = await findings({ 'yarn.lock': bare(['solo']) }, 'lockfile/missing-integrity');
    expect(fs.map(brief)).toEqual([
      { ruleId: 'lockfile/missing-integrity', severity: 'medium', line: 3, column: 1, endColumn: 5 },
    ]);
    expect(fs[0]!.message).toBe(
      'solo@1.0.0 has neither a download URL nor an integrity hash: it is fetched by version from the configured registry and installed unverified.',
    );
    const ws = workspace({ 'yarn.lock': bare(['solo']) });
    const config = defaultConfig();
    config.ignore = [
      { rule: 'lockfile/missing-integrity', path: 'yarn.lock', package: 'solo@1.0.0', reason: 'vendored' },
    ];
    const r = await scan({ root: ws, paths: [ws], config });
    expect(r.findings.filter((f) => f.ruleId === 'lockfile/missing-integrity')).toEqual([]);
  });

  test('one more unhashed entry changes the fingerprint; moved lines do not', async () => {
    const [two] = await findings({ 'yarn.lock': bare(['a', 'b']) }, 'lockfile/missing-integrity');
    const [three] = await findings({ 'yarn.lock': bare(['a', 'b', 'c']) }, 'lockfile/missing-integrity');
    const [moved] = await findings({ 'yarn.lock': `# x\n${bare(['b', 'a'])}` }, 'lockfile/missing-integrity');
    expect(three!.fingerprint).not.toBe(two!.fingerprint);
    expect(moved!.fingerprint).toBe(two!.fingerprint);
  });
});

describe('lockfile/untrusted-host: one finding per lockfile and host', () => {
  test('two hosts, three entries: two high findings, each at its first entry', async () => {
    const text = yarnLock([
      { name: 'a', version: '1.0.0', url: evilUrl('a', '1.0.0'), integrity: SHA512 },
      { name: 'b', version: '1.0.0', url: 'https://other.example.net/b-1.0.0.tgz', integrity: SHA512 },
      { name: 'c', version: '1.0.0', url: evilUrl('c', '1.0.0'), integrity: SHA512 },
    ]);
    const fs = await findings({ 'yarn.lock': text }, 'lockfile/untrusted-host');
    expect(fs.map(brief)).toEqual([
      {
        ruleId: 'lockfile/untrusted-host',
        severity: 'high',
        line: 5,
        column: 13,
        endColumn: 13 + evilUrl('a', '1.0.0').length,
      },
      {
        ruleId: 'lockfile/untrusted-host',
        severity: 'high',
        line: 10,
        column: 13,
        endColumn: 13 + 'https://other.example.net/b-1.0.0.tgz'.length,
      },
    ]);
    expect(fs[0]!.message).toMatch(
      /^2 packages \(a@1\.0\.0, c@1\.0\.0\) are downloaded from evil\.example\.com,/,
    );
    expect(fs[0]!.related?.map((r) => [r.span.line, r.label])).toEqual([[15, 'c@1.0.0']]);
    expect(fs[1]!.message).toMatch(/^b@1\.0\.0 is downloaded from other\.example\.net,/);
    expect(fs[1]!.related).toBeUndefined();
  });
});

describe('report: new with grouped findings', () => {
  const entry = (n: string) => ({ name: n, version: '1.0.0', url: evilUrl(n, '1.0.0'), integrity: SHA512 });

  async function reported(head: string, base: string): Promise<Finding[]> {
    const ws = workspace({ 'yarn.lock': head });
    const config = defaultConfig();
    const files: ChangedFile[] = [{ path: 'yarn.lock', status: 'modified' }];
    const headScan = await scan({ root: ws, paths: [ws], config });
    const cmp = await compareWithBase(headScan.findings, {
      changes: {
        files,
        complete: true,
        source: 'api',
        base: 'a'.repeat(40),
        readBase: async (p) => (p === 'yarn.lock' ? base : undefined),
      },
      workspace: ws,
      scanPath: ws,
      config,
      logger: silentLogger,
    });
    return cmp.reported.filter((f) => f.ruleId === 'lockfile/untrusted-host');
  }

  test('one more entry from an untrusted host makes the group new', async () => {
    const base = yarnLock([entry('a'), entry('b')]);
    const head = yarnLock([entry('a'), entry('b'), entry('c')]);
    const r = await reported(head, base);
    expect(r.map(brief)).toEqual([
      {
        ruleId: 'lockfile/untrusted-host',
        severity: 'high',
        line: 5,
        column: 13,
        endColumn: 13 + evilUrl('a', '1.0.0').length,
      },
    ]);
    expect(r[0]!.message).toMatch(/^3 packages \(a@1\.0\.0, b@1\.0\.0, c@1\.0\.0\)/);
  });

  test('the same entries on other lines are not new', async () => {
    const base = yarnLock([entry('a'), entry('b')]);
    const head = `# moved\n\n${yarnLock([entry('b'), entry('a')])}`;
    expect(await reported(head, base)).toEqual([]);
  });
});

describe('lockfile/install-script: report what the lockfile knows', () => {
  test('pnpm requiresBuild is one info finding saying "may"; npm hasInstallScript stays one low finding each', async () => {
    const pnpm = [
      "lockfileVersion: '6.0'",
      '',
      'packages:',
      '',
      '  /@esbuild/linux-arm64@0.18.20:',
      '    resolution: {integrity: ' + SHA512 + '}',
      '    requiresBuild: true',
      '    optional: true',
      '',
      '  /chalk@2.4.2:',
      '    resolution: {integrity: ' + SHA512 + '}',
      '    requiresBuild: true',
      '',
    ].join('\n');
    const npm = [
      '{',
      '  "lockfileVersion": 3,',
      '  "packages": {',
      '    "node_modules/a/node_modules/esbuild": {',
      '      "version": "0.18.20",',
      `      "resolved": "${npmUrl('esbuild', '0.18.20')}",`,
      `      "integrity": "${SHA512}",`,
      '      "hasInstallScript": true',
      '    }',
      '  }',
      '}',
    ].join('\n');
    const fs = await findings(
      { 'pnpm-lock.yaml': pnpm, 'package-lock.json': npm },
      'lockfile/install-script',
    );
    expect(fs.map((f) => ({ path: f.path, ...brief(f) }))).toEqual([
      {
        path: 'package-lock.json',
        ruleId: 'lockfile/install-script',
        severity: 'low',
        line: 4,
        column: 34,
        endColumn: 41,
      },
      {
        path: 'pnpm-lock.yaml',
        ruleId: 'lockfile/install-script',
        severity: 'info',
        line: 5,
        column: 4,
        endColumn: 24,
      },
    ]);
    expect(fs[0]!.message).toBe('esbuild@0.18.20 runs an install script when installed.');
    expect(fs[1]!.message).toMatch(
      /^2 packages \(@esbuild\/linux-arm64@0\.18\.20, chalk@2\.4\.2\) are marked requiresBuild, so each may run an install script:/,
    );
    expect(fs[1]!.related?.map((r) => [r.span, r.label])).toEqual([
      [{ line: 10, column: 4, endLine: 10, endColumn: 9 }, 'chalk@2.4.2'],
    ]);
  });
});

describe('lockfile/insecure-transport: graded by the hash the client checks', () => {
  test('http with SHA-512 is low; http with SHA-1 or none is high', async () => {
    const text = yarnLock([
      { name: 'a', version: '1.0.0', url: 'http://registry.yarnpkg.com/a/-/a-1.0.0.tgz', integrity: SHA512 },
      { name: 'b', version: '1.0.0', url: 'http://registry.yarnpkg.com/b/-/b-1.0.0.tgz', integrity: SHA1 },
      { name: 'c', version: '1.0.0', url: 'http://registry.yarnpkg.com/c/-/c-1.0.0.tgz' },
    ]);
    const fs = await findings({ 'yarn.lock': text }, 'lockfile/insecure-transport');
    expect(fs.map((f) => [f.startLine, f.severity])).toEqual([
      [5, 'low'],
      [10, 'high'],
      [15, 'high'],
    ]);
    expect(fs[0]!.message).toContain('the lockfile records its sha512 hash and the client checks it');
    expect(fs[2]!.message).toContain('without a hash: anyone on the network path can substitute the code');
  });
});

describe('one cause, one finding', () => {
  test('a git entry without a commit is reported by git-dependency only, not also by missing-integrity', async () => {
    const text = [
      '# yarn lockfile v1',
      '',
      '"ms@github:vercel/ms#main":',
      '  version "2.1.3"',
      '  resolved "git+https://github.com/vercel/ms.git#main"',
      '',
    ].join('\n');
    const fs = await findings({ 'yarn.lock': text });
    expect(fs.map((f) => [f.ruleId, f.severity, f.startLine])).toEqual([
      ['lockfile/git-dependency', 'high', 5],
    ]);
    expect(fs[0]!.message).toContain('carries neither an integrity hash nor a full 40-hex commit');
  });
});

describe('spans cover the package name (requirements: the whole requirement)', () => {
  const cases: { path: string; text: string; name: string; line: number; column: number }[] = [
    {
      path: 'package-lock.json',
      text: '{"lockfileVersion":3,"packages":{\n  "node_modules/a/node_modules/@s/b": {"version":"1.0.0"}}}',
      name: '@s/b',
      line: 2,
      column: 32,
    },
    {
      path: 'package-lock.json',
      text: '{"lockfileVersion":1,"dependencies":{\n  "left-pad": {"version":"1.3.0"}}}',
      name: 'left-pad',
      line: 2,
      column: 4,
    },
    {
      path: 'pnpm-lock.yaml',
      text: `lockfileVersion: 5.4\npackages:\n  /@types/babel__core/7.1.12_x:\n    resolution: {integrity: ${SHA512}}\n`,
      name: '@types/babel__core',
      line: 3,
      column: 4,
    },
    {
      path: 'pnpm-lock.yaml',
      text: `lockfileVersion: '9.0'\npackages:\n  '@s/b@1.0.0':\n    resolution: {integrity: ${SHA512}}\n`,
      name: '@s/b',
      line: 3,
      column: 4,
    },
    {
      path: 'yarn.lock',
      text: '# yarn lockfile v1\n\n"@s/b@^1.0.0", "@s/b@^1.1.0":\n  version "1.1.0"\n',
      name: '@s/b',
      line: 3,
      column: 2,
    },
    {
      path: 'Cargo.lock',
      text: 'version = 3\n\n[[package]]\nname = "serde"\nversion = "1.0.0"\n',
      name: 'serde',
      line: 4,
      column: 9,
    },
    {
      path: 'poetry.lock',
      text: '[[package]]\nname = "attrs"\nversion = "23.1.0"\n',
      name: 'attrs',
      line: 2,
      column: 9,
    },
    {
      path: 'requirements.txt',
      text: 'flask\nrequests[socks]>=2.31 ; python_version > "3.8"\n',
      name: 'requests[socks]>=2.31',
      line: 2,
      column: 1,
    },
  ];
  test.each(cases)('$path: $name', ({ path, text, name, line, column }) => {
    const m = parseLockfile(text, path);
    const p = m.packages.find((x) => x.key?.includes(name.split('[')[0]!) || x.name === name)!;
    expect(entrySpan(p)).toEqual({ line, column, endLine: line, endColumn: column + name.length });
    expect(text.split('\n')[line - 1]!.slice(column - 1, column - 1 + name.length)).toBe(name);
  });

  test('pnpm 5 keys keep underscores in names: the peer suffix follows the version', () => {
    const m = parseLockfile(cases[2]!.text, 'pnpm-lock.yaml');
    expect(m.packages.map((p) => [p.name, p.version])).toEqual([['@types/babel__core', '7.1.12']]);
  });
});

describe('entries that are not package entries are reported, not scanned as empty', () => {
  test.each([
    ['package-lock.json', '{"lockfileVersion":3,"packages":{"x":{},"y":{"a":1}}}', 1, 34, '"x", "y"'],
    [
      'package-lock.json',
      '{"lockfileVersion":3,"packages":{"node_modules/x":{"dev":true},"node_modules/ok":{"version":"1.0.0","resolved":"https://registry.npmjs.org/ok/-/ok-1.0.0.tgz","integrity":"sha512-AAAA"},"node_modules/y":{}}}',
      1,
      34,
      '"node_modules/x", "node_modules/y"',
    ],
    [
      'pnpm-lock.yaml',
      "lockfileVersion: '6.0'\npackages:\n  /x@1.0.0: {}\n  /y@1.0.0:\n    dev: true\n",
      3,
      3,
      '"/x@1.0.0", "/y@1.0.0"',
    ],
  ])('%s %s', async (path, text, line, column, keys) => {
    const fs = await findings({ [path]: text });
    expect(fs.map((f) => [f.ruleId, f.severity, f.startLine, f.startColumn])).toEqual([
      ['lockfile/unrecognized-entry', 'high', line, column],
    ]);
    expect(fs[0]!.message).toContain(
      `not package entries (no version, download URL or resolution): ${keys};`,
    );
  });

  test('a packages map of non-objects stays a parse error', async () => {
    const fs = await findings({ 'package-lock.json': '{"lockfileVersion":3,"packages":{"x":1,"y":"z"}}' });
    expect(fs.map((f) => [f.ruleId, f.severity])).toEqual([['lockfile/parse-error', 'high']]);
  });
});
