import { describe, expect, it } from '@jest/globals';
import { onlyWeakHashes, parseHashes, resolvedSha1 } from '../../src/refs/hashes.js';

const HEX40 = 'a'.repeat(40);
const HEX64 = 'b'.repeat(64);
const HEX128 = 'c'.repeat(128);

describe('parseHashes', () => {
  const cases: [string | undefined, { alg: string; digest: string }[]][] = [
    [undefined, []],
    ['', []],
    ['sha512-abc==', [{ alg: 'sha512', digest: 'abc==' }]],
    [
      'sha1-x sha512-y',
      [
        { alg: 'sha1', digest: 'x' },
        { alg: 'sha512', digest: 'y' },
      ],
    ],
    [
      // A comma is a separator, also after a leading sha512 token.
      'sha512-abc,sha1-def',
      [
        { alg: 'sha512', digest: 'abc' },
        { alg: 'sha1', digest: 'def' },
      ],
    ],
    [
      'sha256:aa, SHA256=bb',
      [
        { alg: 'sha256', digest: 'aa' },
        { alg: 'sha256', digest: 'bb' },
      ],
    ],
    [
      `--hash=sha256:${HEX64} --hash=sha256:${HEX64}`,
      [
        { alg: 'sha256', digest: HEX64 },
        { alg: 'sha256', digest: HEX64 },
      ],
    ],
    [`10c0/${HEX128}`, [{ alg: 'berry-10c0', digest: HEX128 }]],
    [HEX128, [{ alg: 'berry', digest: HEX128 }]],
    [HEX64, [{ alg: 'sha256', digest: HEX64 }]],
    [HEX40, [{ alg: 'sha1', digest: HEX40 }]],
    ['h1:abc=', [{ alg: 'h1', digest: 'abc=' }]],
    ['md5:x', [{ alg: 'md5', digest: 'x' }]],
    ['blake2b_256:ab', [{ alg: 'blake2b_256', digest: 'ab' }]],
    ['a+b/c', [{ alg: 'unknown', digest: 'a+b/c' }]], // not a cache key before the slash
    ['a'.repeat(39), [{ alg: 'unknown', digest: 'a'.repeat(39) }]],
  ];
  it.each(cases)('%s', (integrity, tokens) => expect(parseHashes(integrity)).toEqual(tokens));

  it('reads a bounded prefix of a huge value', () => {
    const huge = `sha1-x ${'y'.repeat(2 << 20)}`;
    const tokens = parseHashes(huge);
    expect(tokens).toHaveLength(2);
    expect(tokens[1]!.digest).toHaveLength((1 << 20) - 7);
  });
});

describe('onlyWeakHashes', () => {
  const cases: [string | undefined, boolean][] = [
    ['sha1-x', true],
    ['md5:x', true],
    [HEX40, true],
    ['sha1-x md5:y', true],
    ['sha1-x sha512-y', false],
    ['sha512-y', false],
    ['unknownthing', false],
    [undefined, false],
    ['', false],
  ];
  it.each(cases)('%s -> %s', (integrity, weak) => expect(onlyWeakHashes(integrity)).toBe(weak));
});

describe('resolvedSha1', () => {
  const url = 'https://registry.yarnpkg.com/ms/-/ms-2.1.3.tgz';
  it.each([
    [{ resolved: `${url}#${HEX40}`, source: 'registry' }, HEX40],
    [{ resolved: `${url}#${HEX40.toUpperCase()}`, source: 'tarball' }, HEX40.toUpperCase()],
    [{ resolved: `git+https://h/r.git#${HEX40}`, source: 'git' }, undefined], // a commit
    [{ resolved: `${url}#${HEX64}`, source: 'registry' }, undefined],
    [{ resolved: `${url}#${HEX40.slice(1)}`, source: 'registry' }, undefined],
    [{ resolved: url, source: 'registry' }, undefined],
    [{ source: 'registry' }, undefined],
  ])('%j', (entry, sha1) => expect(resolvedSha1(entry)).toBe(sha1));
});
