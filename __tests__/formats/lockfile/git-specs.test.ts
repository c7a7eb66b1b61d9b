import { describe, expect, test } from '@jest/globals';
import { ParseError } from '../../../src/formats/position.js';
import { classifyJsSpec } from '../../../src/formats/lockfile/common.js';
import { parseLockfile } from '../../../src/formats/lockfile/parse.js';
import type { Package } from '../../../src/formats/lockfile/model.js';
import { rule as gitDependency } from '../../../src/rules/lockfile/git-dependency.js';
import { positions, runRule, scanFiles } from '../../helpers/rules.js';

const SHA = 'c'.repeat(40);

/** [spec, source, commit] — commit only for a full 40-hex ref. */
const SPECS: [string, Package['source'], string | undefined][] = [
  ['github:erunion/json-schema-ref-parser#fix/dates-as-strings', 'git', undefined],
  [`github:o/r#${SHA}`, 'git', SHA],
  ['github:o/r', 'git', undefined],
  ['gitlab:o/r#v1.2.3', 'git', undefined],
  [`bitbucket:o/r#${SHA}`, 'git', SHA],
  ['git+https://github.com/o/r.git#main', 'git', undefined],
  [`git+https://github.com/o/r.git#${SHA}`, 'git', SHA],
  [`git+ssh://git@github.com/o/r.git#${SHA}`, 'git', SHA],
  ['git://github.com/o/r.git#v1', 'git', undefined],
  [`ssh://git@github.com/o/r.git#${SHA}`, 'git', SHA],
  ['https://github.com/o/r.git#semver:^1.0.0', 'git', undefined],
  ['o/r#feature/x', 'git', undefined],
  [`o/r#${SHA}`, 'git', SHA],
  ['o/r', 'git', undefined],
  ['https://example.com/r-1.0.0.tgz', 'tarball', undefined],
  ['http://example.com/archive/main.tar.gz', 'tarball', undefined],
];

describe('classifyJsSpec', () => {
  test.each(SPECS)('%s', (spec, source, commit) => {
    expect(classifyJsSpec(spec)).toEqual(commit === undefined ? { source } : { source, commit });
  });
  test.each(['^1.2.3', '1.0.0', 'latest', '>= 1 < 2', 'npm:real@^1', '', '@scope/x', '1.x || 2.x'])(
    'registry range %j is not classified',
    (spec) => {
      expect(classifyJsSpec(spec)).toBeUndefined();
    },
  );
  test('file:, link:, portal:, workspace:', () => {
    expect(classifyJsSpec('file:../x')).toEqual({ source: 'file' });
    expect(classifyJsSpec('link:../x')).toEqual({ source: 'link' });
    expect(classifyJsSpec('portal:../x')).toEqual({ source: 'link' });
    expect(classifyJsSpec('workspace:*')).toEqual({ source: 'workspace' });
  });
});

describe('git and tarball descriptors without a resolved URL', () => {
  test.each(SPECS)('yarn classic: %s', (spec, source, commit) => {
    const text = `# yarn lockfile v1\n\n"dep@${spec}":\n  version "0.0.0-dev"\n  dependencies:\n    ms "^2.0.0"\n`;
    const p = parseLockfile(text, 'yarn.lock').packages[0]!;
    expect([p.name, p.source, p.commit, p.resolved, p.resolvedLine, p.resolvedColumn]).toEqual([
      'dep',
      source,
      commit,
      spec,
      3,
      6,
    ]);
  });
  test('yarn classic: the git descriptor need not be the first one', () => {
    const text = `dep@^1.0.0, dep@github:o/r#main:\n  version "1.0.0"\n`;
    const p = parseLockfile(text, 'yarn.lock').packages[0]!;
    expect([p.source, p.resolved, p.resolvedLine, p.resolvedColumn]).toEqual([
      'git',
      'github:o/r#main',
      1,
      17,
    ]);
  });
  test('yarn classic: registry ranges without resolved stay registry', () => {
    const p = parseLockfile(`dep@^1.0.0:\n  version "1.0.0"\n`, 'yarn.lock').packages[0]!;
    expect([p.source, p.resolved]).toEqual(['registry', undefined]);
  });
  test('yarn classic: a resolved URL still wins over the descriptor', () => {
    const text = `"dep@github:o/r#main":\n  version "1.0.0"\n  resolved "https://codeload.github.com/o/r/tar.gz/${SHA}"\n`;
    const p = parseLockfile(text, 'yarn.lock').packages[0]!;
    expect([p.source, p.resolvedLine]).toEqual(['tarball', 3]);
  });

  test.each(SPECS)('yarn berry resolution: %s', (spec, source) => {
    const text = `__metadata:\n  version: 8\n\n"dep@${spec}":\n  version: 0.0.0\n  resolution: "dep@${spec}"\n  languageName: node\n  linkType: hard\n`;
    const p = parseLockfile(text, 'yarn.lock').packages[0]!;
    expect([p.source, p.resolved, p.resolvedLine, p.resolvedColumn]).toEqual([source, spec, 6, 20]);
  });
  test.each(SPECS)('yarn berry without resolution: %s', (spec, source, commit) => {
    const text = `__metadata:\n  version: 8\n\n"dep@${spec}":\n  version: 0.0.0\n`;
    const p = parseLockfile(text, 'yarn.lock').packages[0]!;
    expect([p.source, p.commit, p.resolved]).toEqual([source, commit, spec]);
  });

  test.each(SPECS)('bun: %s', (spec, source) => {
    const text = `{\n  "lockfileVersion": 1,\n  "workspaces": { "": { "name": "root" } },\n  "packages": {\n    "dep": ["dep@${spec}", {}],\n  }\n}\n`;
    const p = parseLockfile(text, 'bun.lock').packages[0]!;
    expect([p.source, p.resolved, p.resolvedLine, p.resolvedColumn]).toEqual([source, spec, 5, 18]);
  });

  test.each(SPECS)('npm v1 version field: %s', (spec, source, commit) => {
    const text = `{\n  "lockfileVersion": 1,\n  "dependencies": {\n    "dep": {\n      "version": "${spec}"\n    }\n  }\n}\n`;
    const p = parseLockfile(text, 'package-lock.json').packages[0]!;
    expect([p.source, p.version, p.resolved, p.resolvedLine, p.resolvedColumn]).toEqual([
      source,
      '',
      spec,
      5,
      19,
    ]);
    if (commit !== undefined) expect(p.commit).toBe(commit);
  });
  test('npm v1 plain versions stay registry', () => {
    const text = `{"lockfileVersion": 1, "dependencies": {"dep": {"version": "1.0.0"}}}`;
    const p = parseLockfile(text, 'package-lock.json').packages[0]!;
    expect([p.source, p.version]).toEqual(['registry', '1.0.0']);
  });

  test('lockfile/git-dependency rates the yarn classic github: entry (medusa shape)', async () => {
    const text = `# yarn lockfile v1\n\n"@apidevtools/json-schema-ref-parser@github:erunion/json-schema-ref-parser#fix/dates-as-strings":\n  "version" "0.0.0-dev"\n  dependencies:\n    "@jsdevtools/ono" "^7.1.3"\n\n"pinned@github:o/r#${SHA}":\n  "version" "1.0.0"\n`;
    const parse = (t: string, path: string) => parseLockfile(t, path);
    const hits = await runRule(gitDependency, parse, text, 'yarn.lock');
    expect(positions(hits)).toEqual([
      { line: 3, column: 38, severity: 'high' },
      { line: 8, column: 9 },
    ]);
  });
});

describe('yarn classic entry headers', () => {
  const err = (text: string): ParseError => {
    try {
      parseLockfile(text, 'yarn.lock');
    } catch (e) {
      if (e instanceof ParseError) return e;
      throw e;
    }
    throw new Error('expected a ParseError');
  };
  test.each([
    ['"ms@^2:\n  version "2.1.3"\n', 1, 1, /unterminated/],
    ['a@1:\n  version "1"\n\n"ms@^2, ms@^2.1:\n  version "2"\n', 4, 1, /unterminated/],
    ['ms@^2, "ms@^2.1:\n  version "2"\n', 1, 8, /unterminated/],
    ['"ms@^2"x:\n  version "2"\n', 1, 8, /expected ","/],
    ['ms@^2", ms@2:\n  version "2"\n', 1, 6, /stray quote/],
    ['ms@^2, :\n  version "2"\n', 1, 6, /ends with ","/],
    ['ms@^2,, ms@3:\n  version "2"\n', 1, 7, /empty descriptor/],
    ['"":\n  version "2"\n', 1, 1, /empty descriptor/],
  ])('%j is a ParseError', (text, line, column, message) => {
    const e = err(text);
    expect([e.line, e.column]).toEqual([line, column]);
    expect(e.message).toMatch(message);
  });
  test.each([
    'ms@^2:\n  version "2"\n',
    '"ms@^2", "ms@^2.1":\n  version "2"\n',
    'ms@^2, ms@^2.1:\n  version "2"\n',
    '"@s/p@>= 1 < 2":\n  version "1.5.0"\n',
    '"a@\\"x\\"":\n  version "1"\n',
  ])('%j is accepted', (text) => {
    expect(parseLockfile(text, 'yarn.lock').packages).toHaveLength(1);
  });
  test('the engine reports an unterminated header as lockfile/parse-error', async () => {
    const res = await scanFiles({ 'yarn.lock': '# yarn lockfile v1\n\n"ms@^2:\n  version "2.1.3"\n' });
    expect(res.findings.map((f) => [f.ruleId, f.startLine, f.startColumn])).toEqual([
      ['lockfile/parse-error', 3, 1],
    ]);
  });
});
