import { describe, expect, it } from '@jest/globals';
import { diffLockfiles } from '../../../src/formats/lockfile/diff.js';
import { parseLockfile } from '../../../src/formats/lockfile/parse.js';
import { integrityChangedHits } from '../../../src/rules/lockfile/integrity-changed.js';
import { npmLock, reg, SHA1, SHA512 } from './fixtures.js';

const OTHER512 = 'sha512-' + 'B'.repeat(86) + '==';
const lock = (entries: Record<string, Record<string, unknown>>) =>
  parseLockfile(npmLock(entries), 'package-lock.json');

describe('integrityChangedHits', () => {
  it('flags a new hash for the same version at the head integrity value', () => {
    const base = lock({ 'node_modules/ms': reg('ms', '2.1.3') });
    const head = lock({ 'node_modules/ms': { ...reg('ms', '2.1.3'), integrity: OTHER512 } });
    const hits = integrityChangedHits(diffLockfiles(base, head));
    expect(hits.map((h) => [h.span.line, h.span.column, h.package])).toEqual([[10, 21, 'ms@2.1.3']]);
    expect(hits[0]!.evidence).toBe(`ms@2.1.3 ${OTHER512}`);
    expect(hits[0]!.span.endColumn).toBe(21 + OTHER512.length);
    expect(hits[0]!.message).toBe(
      'ms@2.1.3 keeps its version but its integrity hash changed (was sha512-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA…): a published version cannot have new bytes, so this entry was rewritten.',
    );
    expect(hits[0]!.fix).toBe(
      'Restore the base entry of ms@2.1.3 (or delete it and reinstall from the registry) and find out why its hash changed.',
    );
  });

  it('names the new download URL when it moved too', () => {
    const base = lock({ 'node_modules/ms': reg('ms', '2.1.3') });
    const head = lock({
      'node_modules/ms': {
        ...reg('ms', '2.1.3'),
        resolved: 'https://evil.example.com/ms-2.1.3.tgz',
        integrity: OTHER512,
      },
    });
    expect(integrityChangedHits(diffLockfiles(base, head)).map((h) => h.message)).toEqual([
      'ms@2.1.3 keeps its version but its integrity hash changed (was sha512-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA…) and its download URL changed to https://evil.example.com/ms-2.1.3.tgz: a published version cannot have new bytes, so this entry was rewritten.',
    ]);
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
