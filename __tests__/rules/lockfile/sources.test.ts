import { describe, expect, it } from '@jest/globals';
import { rule as mismatch } from '../../../src/rules/lockfile/package-name-mismatch.js';
import { rule as git } from '../../../src/rules/lockfile/git-dependency.js';
import { rule as tarball } from '../../../src/rules/lockfile/tarball-dependency.js';
import { rule as scripts } from '../../../src/rules/lockfile/install-script.js';
import { context, positions, runRule, type Expected } from '../../helpers/rules.js';
import { COMMIT, model, npmLock, parse, reg, SHA512 } from './fixtures.js';

type Bad = [string, string, string, Expected[]];
type Good = [string, string, string];

const npmEntry = (name: string, resolved: string, extra: Record<string, unknown> = {}): string =>
  npmLock({
    [`node_modules/${name}`]: { version: extra.version ?? '4.17.21', resolved, integrity: SHA512, ...extra },
  });
const yarn = (key: string, version: string, resolved: string): string =>
  `# yarn lockfile v1\n\n\n${key}:\n  version "${version}"\n  resolved "${resolved}"\n  integrity ${SHA512}\n`;

describe('lockfile/package-name-mismatch', () => {
  const R = 'https://registry.npmjs.org';
  const bad: Bad[] = [
    [
      'another package on the registry',
      'package-lock.json',
      npmEntry('lodash', `${R}/evil/-/evil-1.0.0.tgz`),
      [{ line: 9, column: 20 }],
    ],
    [
      'a .. path trick',
      'package-lock.json',
      npmEntry('lodash', `${R}/lodash/../evil/-/evil-1.0.0.tgz`),
      [{ line: 9, column: 20 }],
    ],
    [
      'a percent-encoded .. trick',
      'package-lock.json',
      npmEntry('lodash', `${R}/lodash/%2e%2e/evil/-/evil-1.0.0.tgz`),
      [{ line: 9, column: 20 }],
    ],
    [
      'an encoded slash in the name segment',
      'package-lock.json',
      npmEntry('lodash', `${R}/lodash%2f..%2fevil/-/lodash-4.17.21.tgz`),
      [{ line: 9, column: 20 }],
    ],
    [
      'another scope',
      'package-lock.json',
      npmLock({
        'node_modules/@babel/core': {
          version: '7.0.0',
          resolved: `${R}/@evil/core/-/core-7.0.0.tgz`,
          integrity: SHA512,
        },
      }),
      [{ line: 9, column: 20 }],
    ],
    [
      "another version's tarball",
      'package-lock.json',
      npmEntry('lodash', `${R}/lodash/-/lodash-4.17.20.tgz`),
      [{ line: 9, column: 20 }],
    ],
    [
      'yarn classic (lockfile-lint fixture shape)',
      'yarn.lock',
      yarn('ms@^2.1.1', '2.1.2', 'https://registry.yarnpkg.com/malicious/-/ms-2.1.2.tgz'),
      [{ line: 6, column: 13 }],
    ],
    [
      'a private registry layout naming another package',
      'package-lock.json',
      npmEntry('lodash', 'https://npm.acme.io/evil/-/evil-1.0.0.tgz'),
      [{ line: 9, column: 20 }],
    ],
  ];
  it.each(bad)('flags %s', async (_n, path, text, expected) => {
    expect(positions(await runRule(mismatch, parse, text, path))).toEqual(expected);
  });
  const good: Good[] = [
    ['the right tarball', 'package-lock.json', npmLock({ 'node_modules/lodash': reg('lodash', '4.17.21') })],
    [
      'a scoped package',
      'package-lock.json',
      npmLock({ 'node_modules/@babel/core': reg('@babel/core', '7.0.0') }),
    ],
    [
      'an encoded scope',
      'package-lock.json',
      npmLock({
        'node_modules/@babel/core': {
          version: '7.0.0',
          resolved: `${R}/@babel%2fcore/-/core-7.0.0.tgz`,
          integrity: SHA512,
        },
      }),
    ],
    [
      'an npm alias (name field)',
      'package-lock.json',
      npmLock({ 'node_modules/string-width-cjs': { name: 'string-width', ...reg('string-width', '4.2.3') } }),
    ],
    [
      'a yarn classic alias',
      'yarn.lock',
      yarn(
        '"string-width-cjs@npm:string-width@^4.2.0"',
        '4.2.3',
        'https://registry.yarnpkg.com/string-width/-/string-width-4.2.3.tgz',
      ),
    ],
    [
      'a private registry with a path prefix',
      'package-lock.json',
      npmEntry('lodash', 'https://art.acme.io/api/npm/npm-remote/lodash/-/lodash-4.17.21.tgz'),
    ],
    [
      'a registry without the npm layout',
      'package-lock.json',
      npmEntry('@acme/x', 'https://npm.pkg.github.com/download/@acme/x/4.17.21/abcdef'),
    ],
    [
      'a workspace link',
      'package-lock.json',
      npmLock({
        'node_modules/c': { version: '1.0.0', link: true, resolved: 'packages/c' },
        'packages/c': { name: 'c', version: '1.0.0' },
      }),
    ],
  ];
  it.each(good)('accepts %s', async (_n, path, text) => {
    expect(await runRule(mismatch, parse, text, path)).toEqual([]);
  });
});

describe('lockfile/git-dependency', () => {
  const gitLock = (resolved: string, root: Record<string, string> = {}): string =>
    npmLock({ 'node_modules/ms': { version: '2.1.3', resolved } }, root);
  const bad: Bad[] = [
    [
      'a branch ref (high)',
      'package-lock.json',
      gitLock('git+https://github.com/vercel/ms.git#main', { ms: 'github:vercel/ms' }),
      [{ line: 9, column: 20, severity: 'high' }],
    ],
    [
      'a direct commit pin (medium)',
      'package-lock.json',
      gitLock(`git+ssh://git@github.com/vercel/ms.git#${COMMIT}`, { ms: 'github:vercel/ms' }),
      [{ line: 9, column: 20 }],
    ],
    [
      'a transitive commit pin (high)',
      'package-lock.json',
      gitLock(`git+ssh://git@github.com/vercel/ms.git#${COMMIT}`),
      [{ line: 9, column: 20, severity: 'high' }],
    ],
    [
      'a short sha (high)',
      'package-lock.json',
      gitLock('git+ssh://git@github.com/vercel/ms.git#0123456', { ms: 'github:vercel/ms' }),
      [{ line: 9, column: 20, severity: 'high' }],
    ],
    [
      'a ref that is a git option (critical)',
      'package-lock.json',
      gitLock('git+ssh://git@github.com/vercel/ms.git#--upload-pack=touch%20/tmp/pwned'),
      [{ line: 9, column: 20, severity: 'critical' }],
    ],
    [
      'a ref with whitespace (critical)',
      'package-lock.json',
      gitLock('git+ssh://git@github.com/vercel/ms.git#main%20--upload-pack=x'),
      [{ line: 9, column: 20, severity: 'critical' }],
    ],
    [
      'a yarn classic git entry',
      'yarn.lock',
      yarn(
        '"ms@git+https://github.com/vercel/ms.git#main"',
        '2.1.3',
        `git+https://github.com/vercel/ms.git#${COMMIT}`,
      ),
      [{ line: 6, column: 13 }],
    ],
  ];
  it.each(bad)('flags %s', async (_n, path, text, expected) => {
    expect(positions(await runRule(git, parse, text, path))).toEqual(expected);
  });
  it('grades a commit field that starts with - as critical (pnpm CVE-2026-50014 shape)', () => {
    const m = model([
      {
        name: 'x',
        source: 'git',
        resolved: 'https://github.com/a/x',
        commit: '--upload-pack=id',
        resolvedLine: 11,
        resolvedColumn: 7,
      },
    ]);
    const hits = git.check!(m, context('package-lock.json'));
    expect(positions(hits)).toEqual([{ line: 11, column: 7, severity: 'critical' }]);
    expect(hits[0]!.package).toBe('x@1.0.0');
  });
  const good: Good[] = [
    ['a registry entry', 'package-lock.json', npmLock({ 'node_modules/ms': reg('ms', '2.1.3') })],
    ['a tarball entry', 'package-lock.json', npmEntry('ms', 'https://cdn.acme.io/ms-2.1.3.tgz')],
    [
      'a link',
      'package-lock.json',
      npmLock({ 'node_modules/c': { version: '1.0.0', link: true, resolved: 'packages/c' } }),
    ],
    ['a workspace', 'package-lock.json', npmLock({ 'packages/c': { name: 'c', version: '1.0.0' } })],
    [
      'a bundled dependency',
      'package-lock.json',
      npmLock({ 'node_modules/d': { version: '1.0.0', inBundle: true } }),
    ],
  ];
  it.each(good)('accepts %s', async (_n, path, text) => {
    expect(await runRule(git, parse, text, path)).toEqual([]);
  });
});

describe('lockfile/tarball-dependency', () => {
  const bad: Bad[] = [
    [
      'a direct URL dependency (medium)',
      'package-lock.json',
      npmLock(
        {
          'node_modules/ms': {
            version: '2.1.3',
            resolved: 'https://cdn.acme.io/ms-2.1.3.tgz',
            integrity: SHA512,
          },
        },
        { ms: 'https://cdn.acme.io/ms-2.1.3.tgz' },
      ),
      [{ line: 9, column: 20 }],
    ],
    [
      'a transitive URL dependency (high)',
      'package-lock.json',
      npmEntry('ms', 'https://cdn.acme.io/ms-2.1.3.tgz', { version: '2.1.3' }),
      [{ line: 9, column: 20, severity: 'high' }],
    ],
    [
      'a GitHub archive',
      'package-lock.json',
      npmLock(
        {
          'node_modules/bolt11': {
            version: '1.2.7',
            resolved: 'https://github.com/LN-Zap/bolt11/archive/v1.2.7.tar.gz',
            integrity: SHA512,
          },
        },
        { bolt11: 'https://github.com/LN-Zap/bolt11/archive/v1.2.7.tar.gz' },
      ),
      [{ line: 9, column: 20 }],
    ],
    [
      'a second entry only',
      'package-lock.json',
      npmLock(
        {
          'node_modules/a': reg('a', '1.0.0'),
          'node_modules/ms': { version: '2.1.3', resolved: 'https://cdn.acme.io/ms.tgz', integrity: SHA512 },
        },
        { a: '^1.0.0', ms: 'https://cdn.acme.io/ms.tgz' },
      ),
      [{ line: 14, column: 20 }],
    ],
    [
      'yarn classic URL',
      'yarn.lock',
      yarn('"ms@https://cdn.acme.io/ms-2.1.3.tgz"', '2.1.3', 'https://cdn.acme.io/ms-2.1.3.tgz'),
      [{ line: 6, column: 13 }],
    ],
  ];
  it.each(bad)('flags %s', async (_n, path, text, expected) => {
    expect(positions(await runRule(tarball, parse, text, path))).toEqual(expected);
  });
  const good: Good[] = [
    ['a registry entry', 'package-lock.json', npmLock({ 'node_modules/ms': reg('ms', '2.1.3') })],
    ['a git entry', 'package-lock.json', npmEntry('ms', `git+ssh://git@github.com/vercel/ms.git#${COMMIT}`)],
    [
      'a link',
      'package-lock.json',
      npmLock({ 'node_modules/c': { version: '1.0.0', link: true, resolved: 'packages/c' } }),
    ],
    ['a workspace', 'package-lock.json', npmLock({ 'packages/c': { name: 'c', version: '1.0.0' } })],
    [
      'a bundled dependency',
      'package-lock.json',
      npmLock({ 'node_modules/d': { version: '1.0.0', inBundle: true } }),
    ],
  ];
  it.each(good)('accepts %s', async (_n, path, text) => {
    expect(await runRule(tarball, parse, text, path)).toEqual([]);
  });
});

describe('lockfile/install-script', () => {
  const PNPM6 = `lockfileVersion: '6.0'\n\ndependencies:\n  esbuild:\n    specifier: ^0.19.0\n    version: 0.19.0\n\npackages:\n\n  /esbuild@0.19.0:\n    resolution: {integrity: ${SHA512}}\n    requiresBuild: true\n    dev: false\n`;
  const bad: Bad[] = [
    [
      'npm hasInstallScript',
      'package-lock.json',
      npmLock({ 'node_modules/esbuild': { ...reg('esbuild', '0.25.0'), hasInstallScript: true } }),
      [{ line: 7, column: 19 }],
    ],
    [
      'a nested install path',
      'package-lock.json',
      npmLock({
        'node_modules/a/node_modules/esbuild': { ...reg('esbuild', '0.25.0'), hasInstallScript: true },
      }),
      [{ line: 7, column: 34 }],
    ],
    [
      'two packages',
      'package-lock.json',
      npmLock({
        'node_modules/a': { ...reg('a', '1.0.0'), hasInstallScript: true },
        'node_modules/b': { ...reg('b', '1.0.0'), hasInstallScript: true },
      }),
      [
        { line: 7, column: 19 },
        { line: 13, column: 19 },
      ],
    ],
    [
      'an alias',
      'package-lock.json',
      npmLock({
        'node_modules/eb': { name: 'esbuild', ...reg('esbuild', '0.25.0'), hasInstallScript: true },
      }),
      [{ line: 7, column: 19 }],
    ],
    // pnpm < 9 also writes requiresBuild for packages it did not download: only "may", at info
    ['pnpm requiresBuild', 'pnpm-lock.yaml', PNPM6, [{ line: 10, column: 4, severity: 'info' }]],
  ];
  it.each(bad)('flags %s', async (_n, path, text, expected) => {
    const hits = await runRule(scripts, parse, text, path);
    expect(positions(hits)).toEqual(expected);
    for (const h of hits) expect(h.package).toMatch(/^[^@].*@\d|^@.+@\d/);
  });
  const good: Good[] = [
    ['no flag', 'package-lock.json', npmLock({ 'node_modules/ms': reg('ms', '2.1.3') })],
    [
      'flag false',
      'package-lock.json',
      npmLock({ 'node_modules/ms': { ...reg('ms', '2.1.3'), hasInstallScript: false } }),
    ],
    [
      'a link',
      'package-lock.json',
      npmLock({ 'node_modules/c': { version: '1.0.0', link: true, resolved: 'packages/c' } }),
    ],
    ['a workspace', 'package-lock.json', npmLock({ 'packages/c': { name: 'c', version: '1.0.0' } })],
    [
      'yarn classic (no such flag)',
      'yarn.lock',
      yarn('ms@^2.1.3', '2.1.3', 'https://registry.yarnpkg.com/ms/-/ms-2.1.3.tgz'),
    ],
  ];
  it.each(good)('accepts %s', async (_n, path, text) => {
    expect(await runRule(scripts, parse, text, path)).toEqual([]);
  });
});
