import { describe, expect, it } from '@jest/globals';
import { diffLockfiles, integrityDiffers, introducedKeys } from '../../../src/formats/lockfile/diff.js';
import { parseLockfile } from '../../../src/formats/lockfile/parse.js';
import { npmLock, reg, SHA512 } from '../../rules/lockfile/fixtures.js';

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

describe('integrityDiffers', () => {
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
