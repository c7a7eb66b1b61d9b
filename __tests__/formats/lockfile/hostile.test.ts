import { describe, expect, test } from '@jest/globals';
import { ParseError } from '../../../src/formats/position.js';
import { parseLockfile } from '../../../src/formats/lockfile/parse.js';
import type { LockfileModel } from '../../../src/formats/lockfile/model.js';

const NAMES = [
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lock',
  'requirements.txt',
  'Pipfile.lock',
  'poetry.lock',
  'uv.lock',
  'go.sum',
  'Cargo.lock',
  'Gemfile.lock',
  'composer.lock',
];

/** A model or a ParseError, within the time budget; anything else fails the test. */
function outcome(text: string, path: string, budgetMs = 3000): LockfileModel | ParseError {
  const t0 = Date.now();
  let result: LockfileModel | ParseError;
  try {
    result = parseLockfile(text, path);
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    result = e;
  }
  expect(Date.now() - t0).toBeLessThan(budgetMs);
  return result;
}

describe('hostile lockfiles give a model or a ParseError, quickly', () => {
  test.each(NAMES)('0-byte %s', (name) => {
    const r = outcome('', name);
    if (r instanceof ParseError) expect(r.message).toMatch(/empty/);
    else expect(r.packages).toEqual([]);
  });

  test.each(NAMES)('truncated %s', (name) => {
    const samples: Record<string, string> = {
      'yarn.lock': 'a@^1:\n  version "1.0.0"\n  resolved "https://registry.yarnpkg.com/a/-/a-1.0.0.tgz',
      'pnpm-lock.yaml': "lockfileVersion: '9.0'\npackages:\n  a@1.0.0:\n    resolution: {integrity: sha512-",
      'poetry.lock': '[[package]]\nname = "a"\nversion = "1',
      'uv.lock': 'version = 1\n[[package]]\nname = "a"\nsource = { registry = "https://pypi.org/simple"',
      'Cargo.lock': 'version = 4\n[[package]]\nname = "a"\nversion = "1',
      'go.sum': 'example.com/a v1.0.0',
    };
    const text =
      samples[name] ??
      '{\n  "packages": {\n    "node_modules/a": {\n      "resolved": "https://registry.npmjs.org/a/-/a-1';
    const r = outcome(text, name);
    if (!(r instanceof ParseError)) expect(Array.isArray(r.packages)).toBe(true);
  });

  test.each(['package-lock.json', 'bun.lock', 'Pipfile.lock', 'composer.lock'])(
    '100k-deep JSON nesting in %s',
    (name) => {
      const deep = '['.repeat(100000) + ']'.repeat(100000);
      outcome(deep, name);
      outcome(`{"packages": {"node_modules/a": {"x": ${deep}}}, "default": {}}`, name);
    },
  );

  test('100k-deep npm v1 dependencies are refused', () => {
    const depth = 100000;
    const text =
      '{"lockfileVersion": 1, "dependencies": ' +
      '{"a": {"version": "1.0.0", "dependencies": '.repeat(depth) +
      '{}' +
      '}}'.repeat(depth) +
      '}';
    const r = outcome(text, 'package-lock.json', 5000);
    expect(r).toBeInstanceOf(ParseError);
  });

  test('100k-deep YAML and TOML nesting', () => {
    outcome(`packages: ${'['.repeat(100000)}${']'.repeat(100000)}\n`, 'pnpm-lock.yaml', 10000);
    outcome(`x = ${'['.repeat(100000)}${']'.repeat(100000)}\n`, 'Cargo.lock', 10000);
    outcome(`${'  '.repeat(50000)}a: 1\n`, 'yarn.lock');
  });

  test('YAML alias bomb in a Berry-shaped yarn.lock is refused', () => {
    const text = '__metadata:\n  version: 8\n\na: &a [x, x]\nb: [*a, *a]\n';
    expect(outcome(text, 'yarn.lock')).toBeInstanceOf(ParseError);
  });

  test('a 2 MB resolved string', () => {
    const long = 'https://registry.npmjs.org/a/-/' + 'a'.repeat(2 * 1024 * 1024) + '.tgz';
    const npm = outcome(
      `{"lockfileVersion": 3, "packages": {"node_modules/a": {"version": "1.0.0", "resolved": "${long}", "integrity": "sha512-x"}}}`,
      'package-lock.json',
    ) as LockfileModel;
    expect(npm.packages[0]!.resolved).toHaveLength(long.length);
    const yarn = outcome(`a@^1:\n  version "1.0.0"\n  resolved "${long}"\n`, 'yarn.lock') as LockfileModel;
    expect(yarn.packages[0]!.resolved).toHaveLength(long.length);
    const pnpm = outcome(
      `lockfileVersion: '9.0'\npackages:\n  a@1.0.0:\n    resolution: {tarball: ${long}}\n`,
      'pnpm-lock.yaml',
    ) as LockfileModel;
    expect(pnpm.packages[0]!.resolved).toHaveLength(long.length);
    const req = outcome(`a @ ${long} --hash=sha256:x\n`, 'requirements.txt') as LockfileModel;
    expect(req.packages[0]!.resolved).toHaveLength(long.length);
  });

  test('a 2 MB string of backslashes and quotes in JSON', () => {
    const s = '\\\\'.repeat(1024 * 1024) + '\\"';
    outcome(`{"packages": {"node_modules/a": {"resolved": "${s}"}}}`, 'package-lock.json');
  });

  test('binary garbage', () => {
    let junk = '';
    for (let i = 0; i < 65536; i++) junk += String.fromCharCode((i * 7919) % 65536);
    for (const name of NAMES) outcome(junk, name);
  });
});

describe('merge-conflict markers', () => {
  const conflicted = (ours: string, theirs: string): string =>
    `<<<<<<< HEAD\n${ours}=======\n${theirs}>>>>>>> feature\n`;

  test('npm: markers are reported instead of a JSON error', () => {
    const text =
      '{\n  "packages": {\n' +
      conflicted(
        '    "node_modules/a": {"version": "1.0.0"}\n',
        '    "node_modules/a": {"version": "2.0.0"}\n',
      ) +
      '  }\n}\n';
    const m = parseLockfile(text, 'package-lock.json');
    expect(m.conflictMarkers).toEqual([
      { line: 3, column: 1 },
      { line: 5, column: 1 },
      { line: 7, column: 1 },
    ]);
    expect(m.packages).toEqual([]);
    expect(m.format).toBe('npm');
  });

  test.each([
    ['yarn.lock', 'a@^1:\n  version "1.0.0"\n'],
    ['pnpm-lock.yaml', "lockfileVersion: '9.0'\n"],
    ['requirements.txt', 'a==1.0\n'],
    ['go.sum', 'example.com/a v1.0.0 h1:x=\n'],
    ['Cargo.lock', 'version = 4\n'],
    ['Gemfile.lock', 'GEM\n'],
  ])('%s', (name, body) => {
    const m = parseLockfile(body + conflicted('x\n', 'y\n'), name);
    expect(m.conflictMarkers.map((c) => c.line)).toHaveLength(3);
    expect(m.packages).toEqual([]);
  });

  test('diff3 base marker and CRLF line endings', () => {
    const m = parseLockfile(
      'a==1\r\n<<<<<<< ours\r\nx\r\n||||||| base\r\n=======\r\ny\r\n>>>>>>> theirs\r\n',
      'requirements.txt',
    );
    expect(m.conflictMarkers.map((c) => c.line)).toEqual([2, 4, 5, 7]);
  });

  test('look-alikes are not markers', () => {
    const m = parseLockfile('# ========\na==1.0\n# <<<<<<< not at line start\n', 'requirements.txt');
    expect(m.conflictMarkers).toEqual([]);
    expect(m.packages).toHaveLength(1);
  });
});

describe('dispatch', () => {
  test('unknown file names are refused', () => {
    expect(() => parseLockfile('{}', 'package.json')).toThrow(ParseError);
  });
  test('requirements files by name and folder', () => {
    expect(parseLockfile('a==1\n', 'dev-requirements.txt').format).toBe('requirements');
    expect(parseLockfile('a==1\n', 'requirements/prod.txt').format).toBe('requirements');
    expect(() => parseLockfile('a==1\n', 'docs/notes.txt')).toThrow(ParseError);
  });
  test('yarn.lock flavour by content', () => {
    expect(parseLockfile('# yarn lockfile v1\n', 'yarn.lock').format).toBe('yarn-classic');
    expect(parseLockfile('__metadata:\n  version: 8\n', 'a/yarn.lock').format).toBe('yarn-berry');
  });
});
