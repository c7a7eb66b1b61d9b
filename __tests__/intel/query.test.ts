import { describe, expect, it } from '@jest/globals';
import { advisoryQuery } from '../../src/rules/lockfile/util.js';
import type { Package } from '../../src/formats/lockfile/model.js';

const pkg = (p: Partial<Package>): Package => ({
  ecosystem: 'npm',
  name: 'a',
  version: '1.0.0',
  source: 'registry',
  line: 1,
  column: 1,
  ...p,
});

describe('advisoryQuery: what is sent for an entry', () => {
  it.each([
    ['a registry entry', pkg({}), { ecosystem: 'npm', name: 'a', version: '1.0.0' }],
    [
      'an npm alias: the real name',
      pkg({ name: 'alias', realName: 'real' }),
      { ecosystem: 'npm', name: 'real', version: '1.0.0' },
    ],
    ['a bundled entry', pkg({ source: 'bundled' }), { ecosystem: 'npm', name: 'a', version: '1.0.0' }],
    [
      'Go: without the v',
      pkg({ ecosystem: 'Go', name: 'golang.org/x/net', version: 'v0.17.0' }),
      { ecosystem: 'Go', name: 'golang.org/x/net', version: '0.17.0' },
    ],
    ['a git entry', pkg({ source: 'git', commit: 'a'.repeat(40) }), undefined],
    ['a tarball entry', pkg({ source: 'tarball', resolved: 'https://evil.example/a.tgz' }), undefined],
    ['a workspace entry', pkg({ source: 'workspace' }), undefined],
    ['an unpinned requirement', pkg({ ecosystem: 'PyPI', version: '', specifier: '>=1.0' }), undefined],
    ['an absurd version', pkg({ version: '1'.repeat(300) }), undefined],
  ])('%s', (_n, p, q) => {
    expect(advisoryQuery(p)).toEqual(q);
  });
});
