import { describe, expect, it } from '@jest/globals';
import { integrityDiffers } from '../../../src/formats/lockfile/diff.js';

// The diff reads hashes with refs/hashes.ts, the one tokenizer: only digests of one algorithm compare.
describe('integrityDiffers by algorithm', () => {
  const A = 'a'.repeat(64);
  const B = 'b'.repeat(64);
  it.each([
    [`sha256:${A}`, B, true], // a bare 64-hex digest is sha256 too
    [`sha256:${A}`, A, false],
    [`--hash=sha256:${A}`, `sha256=${A}`, false],
    ['sha512-x sha1-y', 'sha1-z', true],
    ['sha512-x', 'sha1-z', false],
    ['h1:abc=', 'h1:abd=', true],
    ['zzz', 'yyyy', false], // unrecognised digests of different lengths: different algorithms
    ['zzz', 'yyy', true],
  ])('%s vs %s', (base, head, differs) => expect(integrityDiffers(base, head)).toBe(differs));
});
