import { describe, expect, test } from '@jest/globals';
import { ParseError } from '../../../src/formats/position.js';
import { parseLockfile } from '../../../src/formats/lockfile/parse.js';

const SHA = 'c'.repeat(40);

const V5 = `lockfileVersion: 5.4

importers:
  .:
    specifiers:
      foo: ^1.0.0
      alias: npm:real@^2.0.0
    dependencies:
      foo: 1.0.0_react@18.0.0
      alias: /real/2.0.0
  packages/a:
    specifiers:
      b: workspace:*
    dependencies:
      b: link:../b

packages:
  /foo/1.0.0_react@18.0.0:
    resolution: {integrity: sha512-foo}
    requiresBuild: true
    dev: false
  /real/2.0.0:
    resolution:
      integrity: sha1-real
    dev: true
  /@scope/bar/3.0.0:
    resolution: {integrity: sha512-bar, tarball: https://npm.example.com/@scope/bar/-/bar-3.0.0.tgz}
    dev: false
    optional: true
  github.com/o/r/${SHA}:
    resolution: {tarball: https://codeload.github.com/o/r/tar.gz/${SHA}}
    name: r
    version: 0.1.0
    dev: false
`;

describe('pnpm 5.x', () => {
  const m = parseLockfile(V5, 'pnpm-lock.yaml');
  test('facts', () => {
    expect(m.format).toBe('pnpm');
    expect(m.formatVersion).toBe('5.4');
    expect(m.importers).toEqual(['.', 'packages/a']);
  });
  test('entries', () => {
    expect(
      m.packages.map((p) => [
        p.name,
        p.version,
        p.source,
        p.dev,
        p.optional,
        p.requiresBuild,
        p.transitive,
        p.line,
        p.column,
      ]),
    ).toEqual([
      ['foo', '1.0.0', 'registry', undefined, undefined, true, false, 18, 3],
      ['real', '2.0.0', 'registry', true, undefined, undefined, false, 22, 3],
      ['@scope/bar', '3.0.0', 'registry', undefined, true, undefined, true, 26, 3],
      ['r', '0.1.0', 'tarball', undefined, undefined, undefined, true, 30, 3],
    ]);
  });
  test('resolution positions', () => {
    const [foo, real, bar, r] = m.packages;
    expect([foo!.integrity, foo!.integrityLine, foo!.integrityColumn]).toEqual(['sha512-foo', 19, 29]);
    expect([real!.integrity, real!.integrityLine, real!.integrityColumn]).toEqual(['sha1-real', 24, 18]);
    expect([bar!.resolved, bar!.resolvedLine, bar!.resolvedColumn]).toEqual([
      'https://npm.example.com/@scope/bar/-/bar-3.0.0.tgz',
      27,
      50,
    ]);
    expect([r!.resolved, r!.integrity, r!.resolvedLine, r!.resolvedColumn]).toEqual([
      `https://codeload.github.com/o/r/tar.gz/${SHA}`,
      undefined,
      31,
      27,
    ]);
  });
});

const V6 = `lockfileVersion: '6.0'

dependencies:
  left-pad:
    specifier: ^1.3.0
    version: 1.3.0

packages:

  /left-pad@1.3.0:
    resolution: {integrity: sha512-left}
    dev: false

  /dep-with-peer@1.0.0(react@18.0.0):
    resolution: {integrity: sha512-peer}
    dev: true

  file:packages/local:
    resolution: {directory: packages/local, type: directory}
    name: local
    version: 0.0.0
    dev: false
`;

describe('pnpm 6.0', () => {
  test('single project, peers and a directory dependency', () => {
    const m = parseLockfile(V6, 'pnpm-lock.yaml');
    expect(m.formatVersion).toBe('6.0');
    expect(m.importers).toEqual(['.']);
    expect(m.packages.map((p) => [p.name, p.version, p.source, p.resolved, p.transitive, p.line])).toEqual([
      ['left-pad', '1.3.0', 'registry', undefined, false, 10],
      ['dep-with-peer', '1.0.0', 'registry', undefined, true, 14],
      ['local', '0.0.0', 'file', 'packages/local', undefined, 18],
    ]);
  });
});

const V9 = `---
lockfileVersion: '9.0'

importers:

  .:
    configDependencies: {}
    packageManagerDependencies:
      pnpm:
        specifier: 11.10.0
        version: 11.10.0

packages:

  pnpm@11.10.0:
    resolution: {integrity: sha512-pnpm}
    hasBin: true

snapshots:

  pnpm@11.10.0: {}

---
lockfileVersion: '9.0'

importers:

  .:
    dependencies:
      react:
        specifier: ^18.0.0
        version: 18.2.0
      gitdep:
        specifier: github:o/gitdep
        version: https://codeload.github.com/o/gitdep/tar.gz/${SHA}

packages:

  react@18.2.0:
    resolution: {integrity: sha512-react}

  fsevents@2.3.3:
    resolution: {integrity: sha512-fse}
    os: [darwin]

  gitdep@https://codeload.github.com/o/gitdep/tar.gz/${SHA}:
    resolution: {tarball: https://codeload.github.com/o/gitdep/tar.gz/${SHA}}
    version: 1.0.0

  viagit@git+https://github.com/o/viagit.git#${SHA}:
    resolution: {commit: ${SHA}, repo: https://github.com/o/viagit.git, type: git}
    version: 2.0.0

snapshots:

  react@18.2.0: {}

  fsevents@2.3.3:
    optional: true

  gitdep@https://codeload.github.com/o/gitdep/tar.gz/${SHA}: {}

  viagit@git+https://github.com/o/viagit.git#${SHA}: {}
`;

describe('pnpm 9.0 with two documents', () => {
  const m = parseLockfile(V9, 'pnpm-lock.yaml');
  test('packages of both documents', () => {
    expect(m.formatVersion).toBe('9.0');
    expect(
      m.packages.map((p) => [p.name, p.version, p.source, p.optional, p.transitive, p.commit, p.line]),
    ).toEqual([
      ['pnpm', '11.10.0', 'registry', undefined, true, undefined, 15],
      ['react', '18.2.0', 'registry', undefined, false, undefined, 39],
      ['fsevents', '2.3.3', 'registry', true, true, undefined, 42],
      ['gitdep', '1.0.0', 'tarball', undefined, false, undefined, 46],
      ['viagit', '2.0.0', 'git', undefined, true, SHA, 50],
    ]);
    const git = m.packages[4]!;
    expect([git.resolved, git.resolvedLine, git.resolvedColumn]).toEqual([
      'https://github.com/o/viagit.git',
      51,
      74,
    ]);
  });
});

describe('pnpm hostile and malformed input', () => {
  test('an alias bomb is a ParseError', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      lines.push(
        `${cur}: &${cur} [*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev}]`,
      );
    }
    const t0 = Date.now();
    expect(() => parseLockfile(lines.join('\n') + '\n', 'pnpm-lock.yaml')).toThrow(/alias/);
    expect(Date.now() - t0).toBeLessThan(2000);
  });
  test('invalid YAML points at the error', () => {
    try {
      parseLockfile(
        "lockfileVersion: '9.0'\npackages:\n  a@1.0.0:\n    resolution: {integrity: x\n",
        'pnpm-lock.yaml',
      );
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(ParseError);
      expect((e as ParseError).line).toBeGreaterThanOrEqual(4);
    }
  });
  test('packages that is not a mapping', () => {
    expect(() => parseLockfile("lockfileVersion: '9.0'\npackages: [1, 2]\n", 'pnpm-lock.yaml')).toThrow(
      /not a mapping/,
    );
  });
  test('an empty file has no packages', () => {
    expect(parseLockfile('', 'pnpm-lock.yaml').packages).toEqual([]);
  });
});
