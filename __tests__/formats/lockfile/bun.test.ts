import { describe, expect, test } from '@jest/globals';
import { ParseError } from '../../../src/formats/position.js';
import { parseLockfile } from '../../../src/formats/lockfile/parse.js';

const BUN = `{
  "lockfileVersion": 1,
  "workspaces": {
    "": {
      "name": "root",
      "dependencies": {
        "axios": "^1.6.0",
        "gh": "github:o/gh",
      },
    },
    "packages/app": {
      "name": "app",
      "dependencies": { "shared": "workspace:*" },
    },
  },
  "packages": {
    "app": ["app@workspace:packages/app"],

    "axios": ["axios@1.10.0", "", { "dependencies": { "follow-redirects": "^1.15.6" } }, "sha512-axios"],

    "follow-redirects": ["follow-redirects@1.15.9", "https://npm.example.com/follow-redirects/-/follow-redirects-1.15.9.tgz", {}, "sha512-fr"],

    "gh": ["gh@github:o/gh#abc1234", {}, "o-gh-abc1234"],

    "axios/form-data": ["form-data@4.0.0", "", {}, "sha512-fd"],

    "my-alias": ["real-name@2.0.0", "", {}, "sha512-alias"],
  }
}
`;

describe('bun.lock', () => {
  const m = parseLockfile(BUN, 'bun.lock');
  test('facts', () => {
    expect(m.format).toBe('bun');
    expect(m.formatVersion).toBe('1');
    expect(m.importers).toEqual(['.', 'packages/app']);
  });
  test('entries with trailing commas', () => {
    expect(
      m.packages.map((p) => [
        p.name,
        p.realName,
        p.version,
        p.source,
        p.commit,
        p.transitive,
        p.line,
        p.column,
      ]),
    ).toEqual([
      ['app', undefined, '', 'workspace', undefined, undefined, 17, 5],
      ['axios', undefined, '1.10.0', 'registry', undefined, false, 19, 5],
      ['follow-redirects', undefined, '1.15.9', 'registry', undefined, true, 21, 5],
      ['gh', undefined, '', 'git', 'abc1234', undefined, 23, 5],
      ['form-data', undefined, '4.0.0', 'registry', undefined, true, 25, 5],
      ['my-alias', 'real-name', '2.0.0', 'registry', undefined, true, 27, 5],
    ]);
  });
  test('integrity and registry URL positions', () => {
    const axios = m.packages[1]!;
    expect([axios.integrity, axios.integrityLine, axios.integrityColumn, axios.resolved]).toEqual([
      'sha512-axios',
      19,
      91,
      undefined,
    ]);
    const fr = m.packages[2]!;
    expect([fr.resolvedLine, fr.resolvedColumn]).toEqual([21, 54]);
    const gh = m.packages[3]!;
    expect([gh.resolved, gh.resolvedLine, gh.resolvedColumn]).toEqual(['github:o/gh#abc1234', 23, 16]);
  });
  test('comments are allowed; broken JSON is a ParseError', () => {
    expect(
      parseLockfile('// c\n{"lockfileVersion": 1, /* x */ "packages": {},}', 'bun.lock').packages,
    ).toEqual([]);
    expect(() => parseLockfile('{"packages": {"a": ["a@1.0.0",', 'bun.lock')).toThrow(ParseError);
    expect(() => parseLockfile('{"packages": {"a": 5}}', 'bun.lock')).toThrow(/not a bun package entry/);
  });
});
