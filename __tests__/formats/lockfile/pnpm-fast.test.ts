// The pnpm line reader (pnpm-fast.ts) must give exactly what the `yaml`-based parser gives, or
// fall back to it. Checked on hand-written shapes, on random mutations, and on every corpus file.
import { describe, expect, test } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { ParseError } from '../../../src/formats/position.js';
import { parsePnpm, parsePnpmYaml } from '../../../src/formats/lockfile/pnpm.js';
import { readPnpmFast } from '../../../src/formats/lockfile/pnpm-fast.js';

const SHA = 'a'.repeat(40);

/** What a parser does with a text: its model, or the ParseError it throws. */
function outcome(parse: (t: string, p: string) => unknown, text: string): unknown {
  try {
    return parse(text, 'pnpm-lock.yaml');
  } catch (e) {
    if (e instanceof ParseError) return { error: e.message, line: e.line, column: e.column };
    throw e;
  }
}

/** yaml's own reading of every non-empty document. */
function yamlData(text: string): unknown[] {
  return parseAllDocuments(text)
    .map((d) => d.toJS() as unknown)
    .filter((d) => d !== null && d !== undefined);
}

/** The fast reader either falls back or reads the same data, and the models (or errors) agree. */
function expectSame(text: string): 'fast' | 'fallback' {
  const fast = readPnpmFast(text);
  // isDeepStrictEqual first (fast on megabyte models); toEqual only to show a difference
  if (fast) {
    const [a, b] = [fast.map((d) => d.data), yamlData(text)];
    if (!isDeepStrictEqual(a, b)) expect(a).toEqual(b);
  }
  const [m, n] = [outcome(parsePnpm, text), outcome(parsePnpmYaml, text)];
  if (!isDeepStrictEqual(m, n)) expect(m).toEqual(n);
  return fast ? 'fast' : 'fallback';
}

const V9 = `lockfileVersion: '9.0'

settings:
  autoInstallPeers: true
  excludeLinksFromLockfile: false

importers:

  .:
    dependencies:
      '@scope/a':
        specifier: ^1.0.0
        version: 1.0.0(react@18.0.0)
      b:
        specifier: github:o/b#${SHA}
        version: https://codeload.github.com/o/b/tar.gz/${SHA}
    devDependencies:
      c:
        specifier: link:../c
        version: link:../c

  packages/x: {}

packages:

  '@scope/a@1.0.0':
    resolution: {integrity: sha512-AAAA==, tarball: https://npm.example.com/@scope/a/-/a-1.0.0.tgz}
    engines: {node: '>=14', npm: '>= 7'}
    cpu: [x64, arm64]
    os: ['!win32']
    deprecated: 'don''t use: it is "old"'
    hasBin: true

  b@https://codeload.github.com/o/b/tar.gz/${SHA}:
    resolution: {tarball: https://codeload.github.com/o/b/tar.gz/${SHA}}
    version: 0.1.0

  d@2.0.0:
    resolution: {commit: ${SHA}, repo: 'https://github.com/o/d.git', type: git}

  e@file:../e:
    resolution: {directory: ../e, type: directory}

  q@1.0.0:
    resolution:
      integrity: sha512-QQQQ==
    deprecated: |-
      Line one: with a colon
        indented # not a comment

      after an empty line
    bundledDependencies:
      - x
      - 'y'

  r@1.0.0:
    resolution: {integrity: "sha1-RRRR"}
    deprecated: |
      kept final break

snapshots:

  '@scope/a@1.0.0(react@18.0.0)':
    optional: true

  b@https://codeload.github.com/o/b/tar.gz/${SHA}: {}

  d@2.0.0:
    dependencies:
      '@scope/a': 1.0.0(react@18.0.0)
    transitivePeerDependencies:
      - supports-color
`;

const V5 = `lockfileVersion: 5.4

specifiers:
  foo: ^1.0.0

dependencies:
  foo: 1.0.0_react@18.0.0

packages:

  /foo/1.0.0_react@18.0.0:
    resolution: {integrity: sha512-foo}
    engines: {'0': node >= 0.8.0}
    requiresBuild: true
    dev: false

  /bar/2.0.0:
    resolution: {integrity: sha512-bar}
    dev: true
    optional: true
    peerDependenciesMeta:
      react:
        optional: true
`;

describe('pnpm fast reader: shapes pnpm writes', () => {
  test.each([
    ['9.0', V9],
    ['5.4', V5],
    [
      '6.0 keys',
      V5.replace('5.4', "'6.0'").replaceAll('/foo/1.0.0_react@18.0.0', '/foo@1.0.0(react@18.0.0)'),
    ],
    ['CRLF line endings', V5.replaceAll('\n', '\r\n')],
    [
      'two documents (pnpm 11 env document)',
      `---\nlockfileVersion: '9.0'\nimporters:\n  .: {}\n---\n${V9.slice(V9.indexOf('\n') + 1)}`,
    ],
    [
      'null values and an empty document',
      `---\n---\nlockfileVersion: '9.0'\npackages:\n  a@1.0.0:\n  b@1.0.0:\n    resolution:\n`,
    ],
    [
      'numbers, booleans, nulls',
      'lockfileVersion: 6\na: 1.5\nb: 1e3\nc: .5\nd: ~\ne: Null\nf: TRUE\ng: False\nh: 1.0.0\ni: 007\n',
    ],
    [
      'block resolution map with quoted and block scalar values',
      "lockfileVersion: '9.0'\npackages:\n  a@1.0.0:\n    resolution:\n      integrity: |-\n        sha512-x\n      tarball: 'https://x.example/t.tgz'\n",
    ],
    [
      'integer-like keys keep JavaScript key order',
      "lockfileVersion: 5.4\npackages:\n  /b/1.0.0: {}\n  '10':\n    resolution: {integrity: x}\n  '2': {}\n",
    ],
  ])('%s: read fast, same data and model', (_name, text) => {
    expect(expectSame(text)).toBe('fast');
  });

  test('positions: entry keys (quote included), resolution values (inside quotes)', () => {
    const m = parsePnpm(V9, 'pnpm-lock.yaml');
    const pos = m.packages.map((p) => [
      p.name,
      p.source,
      p.line,
      p.column,
      p.resolvedLine,
      p.resolvedColumn,
      p.integrityLine,
      p.integrityColumn,
    ]);
    expect(pos).toEqual([
      ['@scope/a', 'registry', 26, 3, 27, 53, 27, 29],
      ['b', 'tarball', 34, 3, 35, 27, undefined, undefined],
      ['d', 'git', 38, 3, 39, 75, undefined, undefined],
      ['e', 'file', 41, 3, 42, 29, undefined, undefined],
      ['q', 'registry', 44, 3, undefined, undefined, 46, 18],
      ['r', 'registry', 56, 3, undefined, undefined, 57, 30],
    ]);
    expect(outcome(parsePnpmYaml, V9)).toEqual(m);
    expect(readPnpmFast(V9)).toBeDefined();
  });
});

describe('pnpm fast reader: falls back outside the subset', () => {
  const base = "lockfileVersion: '9.0'\npackages:\n  a@1.0.0:\n    resolution: {integrity: sha512-a}\n";
  test.each([
    [
      'anchor and alias',
      "lockfileVersion: '9.0'\nx: &a {integrity: y}\npackages:\n  a@1.0.0:\n    resolution: *a\n",
    ],
    ['tag', `${base}  b@1.0.0:\n    resolution: !!map {integrity: x}\n`],
    ['full-line comment', `# comment\n${base}`],
    ['trailing comment', `${base}  b@1.0.0:\n    dev: true # x\n`],
    ['comment after a quoted value', `${base}  b@1.0.0:\n    version: '1' # x\n`],
    ['multi-line plain scalar', `${base}  b@1.0.0:\n    deprecated: first\n      second\n`],
    ['multi-line quoted scalar', `${base}  b@1.0.0:\n    deprecated: 'first\n      second'\n`],
    ['folded block scalar', `${base}  b@1.0.0:\n    deprecated: >-\n      text\n`],
    ['keep-chomping block scalar', `${base}  b@1.0.0:\n    deprecated: |+\n      text\n`],
    ['block scalar with an indentation indicator', `${base}  b@1.0.0:\n    deprecated: |2-\n        text\n`],
    ['empty block scalar', `${base}  b@1.0.0:\n    deprecated: |-\n    dev: true\n`],
    ['nested flow collection', `${base}  b@1.0.0:\n    resolution: {integrity: x, nested: {a: b}}\n`],
    ['flow map over two lines', `${base}  b@1.0.0:\n    resolution: {integrity: x,\n      tarball: y}\n`],
    ['double-quoted escapes', `${base}  b@1.0.0:\n    version: "1\\u0030"\n`],
    ['tab', `${base}  b@1.0.0:\n    version:\t1.0.0\n`],
    ['whitespace-only line', `${base}   \n`],
    ['duplicate key', `${base}  a@1.0.0:\n    dev: true\n`],
    ['duplicate key in a flow map', `${base}  b@1.0.0:\n    resolution: {integrity: x, integrity: y}\n`],
    ['numeric key', `${base}  1.5:\n    dev: true\n`],
    ['boolean key', `${base}  true:\n    dev: true\n`],
    ['__proto__ key', `${base}  __proto__:\n    dev: true\n`],
    ['complex key', `${base}  ? b@1.0.0\n  : {}\n`],
    ['sequence at the parent indentation', `${base}  b@1.0.0:\n    os:\n    - linux\n`],
    ['map inside a sequence', `${base}  b@1.0.0:\n    os:\n      - a: b\n`],
    ['document end marker', `${base}...\n`],
    ['directive', `%YAML 1.2\n---\n${base}`],
    ['byte order mark', `\ufeff${base}`],
    ['odd indentation', `${base}   b@1.0.0:\n    dev: true\n`],
    ['reserved first character', `${base}  b@1.0.0:\n    version: @1\n`],
    ['colon-space inside a plain value', `${base}  b@1.0.0:\n    deprecated: a: b\n`],
    ['signed and hex numbers', `${base}  b@1.0.0:\n    x: -1\n    y: 0x1f\n`],
    ['.inf', `${base}  b@1.0.0:\n    x: .inf\n`],
    ['key over 1000 characters', `${base}  ${'k'.repeat(1100)}: {}\n`],
    ['top-level sequence', '- a\n- b\n'],
    ['top-level scalar', 'just text\n'],
    ['indented first line', '  lockfileVersion: 5.4\n'],
  ])('%s', (_name, text) => {
    expect(readPnpmFast(text)).toBeUndefined();
    expectSame(text);
  });

  test('alias bombs and deep flow nesting still end quickly in a ParseError', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      bomb.push(`${cur}: &${cur} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    const t0 = Date.now();
    expect(() => parsePnpm(`${bomb.join('\n')}\n`, 'pnpm-lock.yaml')).toThrow(ParseError);
    expect(() => parsePnpm(`packages: ${'['.repeat(50000)}${']'.repeat(50000)}\n`, 'pnpm-lock.yaml')).toThrow(
      ParseError,
    );
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  test('a structurally wrong document gives the same ParseError on both paths', () => {
    for (const text of [
      "lockfileVersion: '9.0'\npackages: 5\n",
      "lockfileVersion: '9.0'\npackages:\n  a@1.0.0: text\n",
      "lockfileVersion: '9.0'\npackages:\n  a@1.0.0:\n    - x\n",
    ]) {
      expect(outcome(parsePnpm, text)).toHaveProperty('error');
      expectSame(text);
    }
  });
});

describe('pnpm fast reader: random mutations agree with the yaml parser', () => {
  // A seeded generator keeps failures reproducible.
  let seed = 12345;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const pieces = [
    ' ',
    '  ',
    ':',
    ': ',
    '-',
    '- ',
    '#',
    "'",
    '"',
    '{',
    '}',
    '[',
    ']',
    ',',
    '\n',
    '|-',
    '&a',
    '*a',
    '---',
    'true',
    '1',
    '~',
  ];
  test('800 single edits of the 9.0 and 5.4 samples', () => {
    let fast = 0;
    for (let i = 0; i < 800; i++) {
      const src = i % 2 === 0 ? V9 : V5;
      const at = rand(src.length);
      const kind = rand(3);
      let text: string;
      if (kind === 0) text = src.slice(0, at) + src.slice(at + 1 + rand(4));
      else if (kind === 1) text = src.slice(0, at) + pieces[rand(pieces.length)]! + src.slice(at);
      else text = src.slice(0, at) + pieces[rand(pieces.length)]! + src.slice(at + 1);
      try {
        if (expectSame(text) === 'fast') fast++;
      } catch (e) {
        throw new Error(`mutation ${i} differs:\n${JSON.stringify(text)}\n${(e as Error).message}`);
      }
    }
    // Most single edits stay inside the subset; the comparison is meaningful only if many are read fast.
    expect(fast).toBeGreaterThan(200);
  });
});

const corpus = resolve(import.meta.dirname ?? process.cwd(), '../../../../shared/corpus/lockfiles/pnpm');
const present = existsSync(corpus);
if (!present) console.warn(`pnpm corpus not found at ${corpus}: fast-reader corpus test skipped`);

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (e === 'pnpm-lock.yaml') out.push(p);
  }
  return out;
}

describe('pnpm fast reader on the corpus', () => {
  const files = present ? walk(corpus) : [];
  (present
    ? test.each(files.map((f) => [relative(corpus, f), f]))
    : test.skip.each([['(corpus absent)', '']]))(
    '%s: falls back or gives the same data and model',
    (_rel, file) => {
      const text = readFileSync(file, 'utf8');
      expectSame(text);
    },
  );
});
