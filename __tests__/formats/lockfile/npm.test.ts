import { describe, expect, test } from '@jest/globals';
import { ParseError } from '../../../src/formats/position.js';
import { parseLockfile } from '../../../src/formats/lockfile/parse.js';

const SHA = 'a'.repeat(40);

const V3 = `{
  "name": "app",
  "lockfileVersion": 3,
  "requires": true,
  "packages": {
    "": {
      "name": "app",
      "workspaces": ["packages/ws"],
      "dependencies": { "lodash": "^4.17.21", "string-width-cjs": "npm:string-width@^4.2.0" },
      "devDependencies": { "jest": "^29.0.0" }
    },
    "node_modules/lodash": {
      "version": "4.17.21",
      "resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz",
      "integrity": "sha512-v2kDEe57lecTulaDIuNTPy3Ry4gLGJ6Z1O3vE1krgXZNrsQ+LFTGHVxVjcXPs17LhbZVGedAJv8XZ1tvj5FvSg=="
    },
    "node_modules/string-width-cjs": {
      "name": "string-width",
      "version": "4.2.3",
      "resolved": "https://registry.npmjs.org/string-width/-/string-width-4.2.3.tgz",
      "integrity": "sha512-x"
    },
    "node_modules/jest": {
      "version": "29.7.0",
      "dev": true,
      "hasInstallScript": true
    },
    "node_modules/jest/node_modules/ms": {
      "version": "2.1.3",
      "resolved": "git+ssh://git@github.com/vercel/ms.git#${SHA}",
      "dev": true,
      "optional": true
    },
    "node_modules/ws": {
      "resolved": "packages/ws",
      "link": true
    },
    "packages/ws": {
      "name": "ws",
      "version": "1.0.0",
      "dependencies": { "tiny": "^1.0.0" }
    },
    "packages/ws/node_modules/tiny": {
      "version": "1.0.0",
      "resolved": "https://example.com/tiny.tgz",
      "integrity": "sha1-abc"
    },
    "node_modules/@scope/bundled": {
      "version": "1.0.0",
      "inBundle": true
    }
  }
}
`;

describe('npm package-lock.json v3', () => {
  const m = parseLockfile(V3, 'package-lock.json');
  const byKey = new Map(m.packages.map((p) => [p.key, p]));

  test('model facts', () => {
    expect(m.format).toBe('npm');
    expect(m.formatVersion).toBe('3');
    expect(m.importers).toEqual(['.', 'packages/ws']);
    expect(m.conflictMarkers).toEqual([]);
    expect(m.packages).toHaveLength(8);
  });

  test('registry entry with positions of entry, resolved and integrity', () => {
    expect(byKey.get('node_modules/lodash')).toEqual({
      ecosystem: 'npm',
      name: 'lodash',
      version: '4.17.21',
      source: 'registry',
      resolved: 'https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz',
      integrity: expect.stringMatching(/^sha512-/),
      transitive: false,
      key: 'node_modules/lodash',
      line: 12,
      column: 5,
      // the name inside "node_modules/lodash"
      nameColumn: 19,
      nameLength: 6,
      resolvedLine: 14,
      resolvedColumn: 20,
      integrityLine: 15,
      integrityColumn: 21,
    });
  });

  test('alias through the name field', () => {
    const p = byKey.get('node_modules/string-width-cjs')!;
    expect([p.name, p.realName, p.version, p.source, p.transitive]).toEqual([
      'string-width-cjs',
      'string-width',
      '4.2.3',
      'registry',
      false,
    ]);
  });

  test('dev, install script, nested git entry', () => {
    expect(byKey.get('node_modules/jest')).toMatchObject({ dev: true, hasInstallScript: true, line: 23 });
    expect(byKey.get('node_modules/jest')!.resolved).toBeUndefined();
    expect(byKey.get('node_modules/jest/node_modules/ms')).toMatchObject({
      name: 'ms',
      source: 'git',
      commit: SHA,
      dev: true,
      optional: true,
      transitive: true,
      line: 28,
      resolvedLine: 30,
      resolvedColumn: 20,
    });
  });

  test('link, workspace folder, workspace dependency, bundled', () => {
    expect(byKey.get('node_modules/ws')).toMatchObject({
      name: 'ws',
      source: 'link',
      resolved: 'packages/ws',
      line: 34,
    });
    expect(byKey.get('packages/ws')).toMatchObject({
      name: 'ws',
      version: '1.0.0',
      source: 'workspace',
      transitive: false,
      line: 38,
    });
    expect(byKey.get('packages/ws/node_modules/tiny')).toMatchObject({
      name: 'tiny',
      source: 'tarball',
      integrity: 'sha1-abc',
      transitive: false,
      line: 43,
    });
    expect(byKey.get('node_modules/@scope/bundled')).toMatchObject({
      name: '@scope/bundled',
      source: 'bundled',
      line: 48,
    });
  });
});

const V1 = `{
  "name": "old",
  "lockfileVersion": 1,
  "dependencies": {
    "debug": {
      "version": "4.1.1",
      "resolved": "https://registry.npmjs.org/debug/-/debug-4.1.1.tgz",
      "integrity": "sha512-d",
      "requires": { "ms": "^2.1.1" },
      "dependencies": {
        "ms": {
          "version": "2.1.1",
          "resolved": "https://registry.npmjs.org/ms/-/ms-2.1.1.tgz",
          "integrity": "sha1-m",
          "dev": true
        }
      }
    },
    "my-alias": {
      "version": "npm:real-pkg@1.2.3",
      "integrity": "sha512-r"
    },
    "from-git": {
      "version": "git+https://github.com/o/r.git#${SHA}",
      "from": "git+https://github.com/o/r.git"
    },
    "inner": {
      "version": "1.0.0",
      "bundled": true
    }
  }
}
`;

describe('npm package-lock.json v1', () => {
  const m = parseLockfile(V1, 'npm-shrinkwrap.json');
  test('nested dependencies, alias, git version, bundled', () => {
    expect(m.formatVersion).toBe('1');
    expect(
      m.packages.map((p) => [p.key, p.name, p.realName, p.version, p.source, p.transitive, p.line]),
    ).toEqual([
      ['node_modules/debug', 'debug', undefined, '4.1.1', 'registry', undefined, 5],
      ['node_modules/debug/node_modules/ms', 'ms', undefined, '2.1.1', 'registry', true, 11],
      ['node_modules/my-alias', 'my-alias', 'real-pkg', '1.2.3', 'registry', undefined, 19],
      ['node_modules/from-git', 'from-git', undefined, '', 'git', undefined, 23],
      ['node_modules/inner', 'inner', undefined, '1.0.0', 'bundled', undefined, 27],
    ]);
    const ms = m.packages[1]!;
    expect([
      ms.dev,
      ms.integrity,
      ms.resolvedLine,
      ms.resolvedColumn,
      ms.integrityLine,
      ms.integrityColumn,
    ]).toEqual([true, 'sha1-m', 13, 24, 14, 25]);
    const git = m.packages[3]!;
    expect([git.commit, git.resolved, git.resolvedLine, git.resolvedColumn]).toEqual([
      SHA,
      `git+https://github.com/o/r.git#${SHA}`,
      24,
      19,
    ]);
  });
});

describe('npm shape and syntax errors', () => {
  const err = (text: string): ParseError => {
    try {
      parseLockfile(text, 'package-lock.json');
    } catch (e) {
      if (e instanceof ParseError) return e;
      throw e;
    }
    throw new Error('expected a ParseError');
  };
  test('packages that is not an object points at the key', () => {
    const e = err('{\n  "lockfileVersion": 3,\n  "packages": []\n}');
    expect([e.line, e.column]).toEqual([3, 3]);
    expect(e.message).toMatch(/"packages" is not an object/);
  });
  test('an entry that is not an object', () => {
    const e = err('{\n  "packages": {\n    "node_modules/a": 5\n  }\n}');
    expect([e.line, e.column]).toEqual([3, 5]);
  });
  test('top level array, truncated JSON, empty file', () => {
    expect(err('[1, 2]').message).toMatch(/top level is not an object/);
    const t = err('{\n  "packages": {\n    "node_modules/a": {');
    expect(t.message).toMatch(/invalid JSON/);
    expect(t.line).toBe(3);
    expect(err('').message).toMatch(/empty/);
  });
  test('only a root entry gives no packages', () => {
    const m = parseLockfile('{"lockfileVersion": 3, "packages": {"": {"name": "x"}}}', 'package-lock.json');
    expect(m.packages).toEqual([]);
  });
});
