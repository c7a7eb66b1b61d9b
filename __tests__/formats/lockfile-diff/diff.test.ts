import { describe, expect, it } from '@jest/globals';
import {
  diffLockfiles,
  integrityChangedHits,
  integrityDiffers,
  introducedKeys,
} from '../../../src/formats/lockfile/diff.js';
import { parseLockfile } from '../../../src/formats/lockfile/parse.js';
import { npmLock, reg, SHA1, SHA512 } from '../../rules/lockfile/fixtures.js';

const OTHER512 = 'sha512-' + 'B'.repeat(86) + '==';
const lock = (entries: Record<string, Record<string, unknown>>) =>
  parseLockfile(npmLock(entries), 'package-lock.json');

describe('diffLockfiles', () => {
  it('treats every package as added when there is no base', () => {
    const head = lock({ 'node_modules/ms': reg('ms', '2.1.3') });
    const d = diffLockfiles(undefined, head);
    expect(d.added.map((p) => p.name)).toEqual(['ms']);
    expect(d.removed).toEqual([]);
  });

  it('finds added, removed, changed and unchanged packages', () => {
    const base = lock({
      'node_modules/a': reg('a', '1.0.0'),
      'node_modules/b': reg('b', '1.0.0'),
      'node_modules/c': reg('c', '1.0.0'),
    });
    const head = lock({
      'node_modules/a': reg('a', '1.0.0'),
      'node_modules/b': reg('b', '1.1.0'),
      'node_modules/c': {
        ...reg('c', '1.0.0'),
        resolved: 'https://evil.example.com/c-1.0.0.tgz',
        integrity: OTHER512,
      },
      'node_modules/d': reg('d', '2.0.0'),
    });
    const d = diffLockfiles(base, head);
    expect(d.added.map((p) => `${p.name}@${p.version}`)).toEqual(['b@1.1.0', 'd@2.0.0']);
    expect(d.removed.map((p) => `${p.name}@${p.version}`)).toEqual(['b@1.0.0']);
    expect(d.changed.map((c) => [c.head.name, c.fields, c.integrityDiffers])).toEqual([
      ['c', ['source', 'resolved', 'integrity'], true],
    ]);
    expect(d.unchanged).toBe(1);
    expect([...introducedKeys(d)].sort()).toEqual(['b@1.1.0', 'c@1.0.0', 'd@2.0.0']);
  });

  it('matches a package that moved to another install path (hoisting) by name and version', () => {
    const base = lock({ 'node_modules/x/node_modules/ms': reg('ms', '2.1.3') });
    const head = lock({ 'node_modules/ms': reg('ms', '2.1.3') });
    const d = diffLockfiles(base, head);
    expect(d.added).toEqual([]);
    expect(d.removed).toEqual([]);
    expect(d.unchanged).toBe(1);
  });

  it('keeps duplicate name@version entries apart by install path', () => {
    const base = lock({
      'node_modules/ms': reg('ms', '2.1.3'),
      'node_modules/x/node_modules/ms': reg('ms', '2.1.3'),
    });
    const head = lock({
      'node_modules/ms': reg('ms', '2.1.3'),
      'node_modules/x/node_modules/ms': { ...reg('ms', '2.1.3'), integrity: OTHER512 },
    });
    const d = diffLockfiles(base, head);
    expect(d.changed).toHaveLength(1);
    expect(d.changed[0]!.head.line).toBe(12);
  });
});

describe('integrityChangedHits', () => {
  it('flags a new hash for the same version at the head integrity value', () => {
    const base = lock({ 'node_modules/ms': reg('ms', '2.1.3') });
    const head = lock({ 'node_modules/ms': { ...reg('ms', '2.1.3'), integrity: OTHER512 } });
    const hits = integrityChangedHits(diffLockfiles(base, head));
    expect(hits.map((h) => [h.span.line, h.span.column, h.package])).toEqual([[10, 21, 'ms@2.1.3']]);
    expect(hits[0]!.evidence).toBe(`ms@2.1.3 ${OTHER512}`);
  });

  it('does not flag a version bump, a moved URL with the same hash, or a hash re-encoded in another algorithm', () => {
    const base = lock({
      'node_modules/a': reg('a', '1.0.0'),
      'node_modules/b': reg('b', '1.0.0'),
      'node_modules/c': reg('c', '1.0.0', SHA1),
    });
    const head = lock({
      'node_modules/a': { ...reg('a', '1.0.1'), integrity: OTHER512 },
      'node_modules/b': { ...reg('b', '1.0.0'), resolved: 'https://registry.yarnpkg.com/b/-/b-1.0.0.tgz' },
      'node_modules/c': reg('c', '1.0.0', SHA512),
    });
    const d = diffLockfiles(base, head);
    expect(d.changed.map((c) => c.head.name)).toEqual(['b', 'c']);
    expect(integrityChangedHits(d)).toEqual([]);
  });

  it('compares hash sets: a new wheel is fine, a disjoint set is not', () => {
    const a = 'sha256:' + 'a'.repeat(64);
    const b = 'sha256:' + 'b'.repeat(64);
    const c = 'sha256:' + 'c'.repeat(64);
    expect(integrityDiffers(`${a} ${b}`, `${a} ${b} ${c}`)).toBe(false);
    expect(integrityDiffers(`${a} ${b}`, c)).toBe(true);
    expect(integrityDiffers('10c0/' + 'a'.repeat(128), '10c0/' + 'b'.repeat(128))).toBe(true);
    expect(integrityDiffers('8/' + 'a'.repeat(128), '10c0/' + 'b'.repeat(128))).toBe(false);
    expect(integrityDiffers(undefined, SHA512)).toBe(false);
  });
});

describe('lockfile/integrity-changed (table)', () => {
  const A = 'a'.repeat(64);
  const B = 'b'.repeat(64);
  const C = 'c'.repeat(64);
  const berry = (c: string): string =>
    `__metadata:\n  version: 8\n  cacheKey: 10c0\n\n"ms@npm:^2.1.3":\n  version: 2.1.3\n  resolution: "ms@npm:2.1.3"\n  checksum: ${c}\n  languageName: node\n  linkType: hard\n`;
  const cargo = (c: string): string =>
    `version = 4\n\n[[package]]\nname = "serde"\nversion = "1.0.0"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\nchecksum = "${c}"\n`;
  const req = (...hs: string[]): string =>
    `requests==2.31.0 \\\n${hs.map((h) => `    --hash=sha256:${h}`).join(' \\\n')}\n`;
  const yarn = (v: string, i: string): string =>
    `# yarn lockfile v1\n\n\nms@^2.1.3:\n  version "${v}"\n  resolved "https://registry.yarnpkg.com/ms/-/ms-${v}.tgz"\n  integrity ${i}\n`;
  const npm = (v: string, i: string, host = 'registry.npmjs.org'): string =>
    npmLock({
      'node_modules/ms': { version: v, resolved: `https://${host}/ms/-/ms-${v}.tgz`, integrity: i },
    });
  const hitsFor = (path: string, base: string, head: string) =>
    integrityChangedHits(diffLockfiles(parseLockfile(base, path), parseLockfile(head, path))).map((h) => ({
      line: h.span.line,
      column: h.span.column,
    }));

  const bad: [string, string, string, string, { line: number; column: number }[]][] = [
    [
      'npm sha512 swapped',
      'package-lock.json',
      npm('2.1.3', SHA512),
      npm('2.1.3', OTHER512),
      [{ line: 10, column: 21 }],
    ],
    [
      'npm hash and host swapped',
      'package-lock.json',
      npm('2.1.3', SHA512),
      npm('2.1.3', OTHER512, 'evil.example.com'),
      [{ line: 10, column: 21 }],
    ],
    ['yarn classic', 'yarn.lock', yarn('2.1.3', SHA512), yarn('2.1.3', OTHER512), [{ line: 7, column: 13 }]],
    [
      'Yarn Berry checksum, same cache key',
      'yarn.lock',
      berry('10c0/' + 'a'.repeat(128)),
      berry('10c0/' + 'b'.repeat(128)),
      [{ line: 8, column: 13 }],
    ],
    ['Cargo checksum', 'Cargo.lock', cargo(A), cargo(B), [{ line: 7, column: 13 }]],
    ['pip hashes replaced', 'requirements.txt', req(A, B), req(C), [{ line: 2, column: 12 }]],
  ];
  it.each(bad)('flags %s', (_n, path, base, head, expected) => {
    expect(hitsFor(path, base, head)).toEqual(expected);
  });

  const good: [string, string, string, string][] = [
    ['unchanged', 'package-lock.json', npm('2.1.3', SHA512), npm('2.1.3', SHA512)],
    ['a version bump', 'package-lock.json', npm('2.1.2', SHA512), npm('2.1.3', OTHER512)],
    [
      'the registry host changed, same hash',
      'package-lock.json',
      npm('2.1.3', SHA512, 'registry.yarnpkg.com'),
      npm('2.1.3', SHA512),
    ],
    ['sha1 upgraded to sha512', 'yarn.lock', yarn('2.1.3', SHA1), yarn('2.1.3', SHA512)],
    [
      'Yarn Berry cache key changed',
      'yarn.lock',
      berry('8/' + 'a'.repeat(128)),
      berry('10c0/' + 'b'.repeat(128)),
    ],
    ['a wheel hash added', 'requirements.txt', req(A), req(A, B)],
  ];
  it.each(good)('accepts %s', (_n, path, base, head) => {
    expect(hitsFor(path, base, head)).toEqual([]);
  });
});
