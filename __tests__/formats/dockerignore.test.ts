import { describe, expect, it } from '@jest/globals';
import {
  cleanPath,
  compileSourceGlob,
  entersExcludedDir,
  matchPath,
  parseDockerignore,
} from '../../src/formats/dockerignore.js';

/** Excluded as BuildKit decides it for one path, walking its parents down (MatchInfo handed on). */
function excluded(lines: string, path: string): boolean {
  const file = parseDockerignore(lines);
  const parts = path.split('/');
  let info: readonly boolean[] | undefined;
  for (let i = 1; i < parts.length; i++) info = matchPath(file, parts.slice(0, i).join('/'), info).info;
  const walked = matchPath(file, path, info).excluded;
  // The same answer with no parent results (every parent tested one by one).
  expect(matchPath(file, path, undefined).excluded).toBe(walked);
  return walked;
}

// [ignore file, path, excluded?] -- written for Bulkhead from the documented semantics.
const TABLE: [string, string, boolean][] = [
  // plain names and folders
  ['.env', '.env', true],
  ['.env', 'app/.env', false],
  ['secrets', 'secrets/db/password', true],
  ['secrets/', 'secrets/token', true],
  ['/secrets', 'secrets/token', true],
  ['./secrets/../keys', 'keys/id_rsa', true],
  ['keys//id_rsa', 'keys/id_rsa', true],
  // single-segment wildcards
  ['*.pem', 'server.pem', true],
  ['*.pem', 'certs/server.pem', false],
  ['*/*.pem', 'certs/server.pem', true],
  ['*', 'anything', true],
  ['*', 'dir/file', true],
  ['.*', '.npmrc', true],
  ['.*', 'npmrc', false],
  ['id_?sa', 'id_rsa', true],
  ['id_?sa', 'id_/sa', false],
  ['key[0-9]', 'key7', true],
  ['key[0-9]', 'keyx', false],
  ['key[^0-9]', 'keyx', true],
  ['key[^0-9]', 'key7', false],
  ['a\\*b', 'a*b', true],
  ['a\\*b', 'axb', false],
  ['conf.d', 'confxd', false],
  ['a+(b)|c$', 'a+(b)|c$', true],
  // ** forms
  ['**', 'deep/down/file', true],
  ['**/.env', '.env', true],
  ['**/.env', 'a/b/.env', true],
  ['**/.env', 'a/b/x.env', false],
  ['**.env', 'a/b/x.env', true],
  ['**/*.key', 'tls.key', true],
  ['**/*.key', 'a/b/tls.key', true],
  ['**/*.key', 'a/b/tls.key2', false],
  ['keys/**', 'keys/a/b', true],
  ['keys/**', 'keys', false],
  ['keys**', 'keysmith/file', true],
  ['**/keys/*', 'x/keys/id_rsa', true],
  ['**/keys/**', 'x/keys/a/b', true],
  ['a/**/b', 'a/b', true],
  ['a/**/b', 'a/x/y/b', true],
  ['a/**/b', 'a/x/y/c', false],
  ['**/**', 'x/y', true],
  // exceptions and last match wins
  ['*.env\n!prod.env', 'prod.env', false],
  ['*.env\n!prod.env', 'dev.env', true],
  ['!prod.env\n*.env', 'prod.env', true],
  ['docs\n!docs/README.md', 'docs/README.md', false],
  ['docs\n!docs/README.md', 'docs/other.md', true],
  ['docs/*\n!docs/README.md', 'docs/README.md', false],
  ['**\n!src', 'src/main.go', false],
  ['**\n!src\nsrc/.env', 'src/.env', true],
  ['**\n!src/*.go', 'src/main.go', false],
  ['**\n!src/*.go', 'src/.env', true],
  // comments and white space
  ['# .env', '# .env', false],
  ['# .env', '.env', false],
  ['  .env  ', '.env', true],
  [' #x', '#x', true],
  ['\uFEFF.env', '.env', true],
  ['.env\r\nkeys', 'keys/a', true],
  ['! /keep\n', 'keep', false],
];

describe('.dockerignore semantics (BuildKit)', () => {
  for (const [lines, path, want] of TABLE) {
    it(`${JSON.stringify(lines)} ${want ? 'excludes' : 'keeps'} ${path}`, () => {
      expect(excluded(lines, path)).toBe(want);
    });
  }

  it('reads lines as ReadAll does: comments, !, leading slash, cleaning', () => {
    const f = parseDockerignore(
      '\uFEFFtest1\n/test2\n/a/file/here\n\nlast\n# comment\n! /inverted/abs/path\n',
    );
    expect(f.patterns.map((p) => `${p.exclusion ? '!' : ''}${p.pattern}`)).toEqual([
      'test1',
      'test2',
      'a/file/here',
      'last',
      '!inverted/abs/path',
    ]);
    expect(f.patterns.map((p) => p.line)).toEqual([1, 2, 3, 5, 7]);
  });

  it.each([
    ['!', 1],
    ['ok\n!\n', 2],
    ['a[', 1],
    ['[]a]', 1],
    ['[x-]', 1],
    ['x\\', 1],
  ])('a malformed line fails the build: %j', (text, line) => {
    expect(parseDockerignore(text).invalid?.line).toBe(line);
  });

  it('match types as BuildKit picks them', () => {
    const types = parseDockerignore('a.b\nkeys/**\n**/x\n**\n*.pem\n**/**\nab**').patterns.map((p) => p.type);
    expect(types).toEqual(['exact', 'prefix', 'suffix', 'suffix', 'pattern', 'pattern', 'prefix']);
  });

  it('enters an excluded folder only when an exception may re-include something in it', () => {
    expect(entersExcludedDir(parseDockerignore('docs'), 'docs')).toBe(false);
    expect(entersExcludedDir(parseDockerignore('docs\n!docs/README.md'), 'docs')).toBe(true);
    expect(entersExcludedDir(parseDockerignore('docs\n!other/x'), 'docs')).toBe(false);
    // An exception with a wildcard: fsutil walks every excluded folder.
    expect(entersExcludedDir(parseDockerignore('**\n!**/*.go'), 'docs')).toBe(true);
    // A trailing /** or /* is left off before the prefix test.
    expect(entersExcludedDir(parseDockerignore('*\n!src/**'), 'src')).toBe(true);
  });

  it('stays linear on a hostile pattern and path', () => {
    const pattern = '*a'.repeat(2000);
    const file = parseDockerignore(pattern);
    const path = 'a'.repeat(3999) + 'b';
    const t = performance.now();
    expect(matchPath(file, path, undefined).excluded).toBe(false);
    // About 0.1 s alone; a backtracking matcher needs seconds for 9 repetitions and would never
    // finish 2,000. The bound leaves room for a loaded CI machine.
    expect(performance.now() - t).toBeLessThan(10_000);
  });
});

describe('cleanPath (Go filepath.Clean)', () => {
  it.each([
    ['', '.'],
    ['./a/', 'a'],
    ['a//b/./c', 'a/b/c'],
    ['a/../../b', '../b'],
    ['/../a', '/a'],
    ['/', '/'],
  ])('%j -> %j', (input, out) => expect(cleanPath(input)).toBe(out));
});

describe('COPY source wildcards (filepath.Match)', () => {
  it.each([
    ['*.env', 'prod.env', true],
    ['*.env', 'a/prod.env', false],
    ['conf/*.json', 'conf/a.json', true],
    ['id_[rd]sa', 'id_dsa', true],
    ['?', 'ab', false],
  ])('%j vs %j', (g, p, want) => expect(compileSourceGlob(g)!(p)).toBe(want));
});
