import { describe, expect, it } from '@jest/globals';
import { rule } from '../../../src/rules/lockfile/untrusted-host.js';
import { positions, runRule } from '../../helpers/rules.js';
import { COMMIT, npmLock, parse, reg, SHA512 } from './fixtures.js';
import type { Config } from '../../../src/config/schema.js';

const hosts = (list: string[]): Partial<Config> => ({
  lockfile: { 'allowed-hosts': list, 'min-release-age': '0d' },
});

type Case = [string, string, string, { line: number; column: number }[], Partial<Config>];

const YARN_EVIL = `# yarn lockfile v1


lodash@^4.17.21:
  version "4.17.21"
  resolved "https://evil.example.com/lodash/-/lodash-4.17.21.tgz"
  integrity ${SHA512}
`;

const CARGO = `version = 4

[[package]]
name = "serde"
version = "1.0.0"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "${'a'.repeat(64)}"
`;

describe('lockfile/untrusted-host', () => {
  const bad: Case[] = [
    [
      'a tarball on an unknown host',
      'package-lock.json',
      npmLock({
        'node_modules/lodash': {
          version: '4.17.21',
          resolved: 'https://evil.example.com/lodash-4.17.21.tgz',
          integrity: SHA512,
        },
      }),
      [{ line: 9, column: 20 }],
      {},
    ],
    [
      'a registry-layout URL on another host',
      'package-lock.json',
      npmLock({
        'node_modules/lodash': {
          version: '4.17.21',
          resolved: 'https://npm.evil.io/lodash/-/lodash-4.17.21.tgz',
          integrity: SHA512,
        },
      }),
      [{ line: 9, column: 20 }],
      {},
    ],
    [
      'the public registry when a private list is configured',
      'package-lock.json',
      npmLock({ 'node_modules/ms': reg('ms', '2.1.3') }),
      [{ line: 9, column: 20 }],
      hosts(['npm.acme.io']),
    ],
    [
      'only the second of two entries',
      'package-lock.json',
      npmLock({
        'node_modules/ms': reg('ms', '2.1.3'),
        'node_modules/lodash': {
          version: '4.17.21',
          resolved: 'https://evil.example.com/l.tgz',
          integrity: SHA512,
        },
      }),
      [{ line: 14, column: 20 }],
      {},
    ],
    ['yarn classic', 'yarn.lock', YARN_EVIL, [{ line: 6, column: 13 }], {}],
    [
      'a wildcard does not match a look-alike suffix',
      'package-lock.json',
      npmLock({
        'node_modules/ms': {
          version: '2.1.3',
          resolved: 'https://acme.io.evil.com/ms/-/ms-2.1.3.tgz',
          integrity: SHA512,
        },
      }),
      [{ line: 9, column: 20 }],
      hosts(['*.acme.io']),
    ],
    [
      'a Gemfile.lock remote, once for all its gems',
      'Gemfile.lock',
      'GEM\n  remote: https://gems.evil.io/\n  specs:\n    rake (13.0.6)\n    rack (3.0.0)\n\nPLATFORMS\n  ruby\n\nDEPENDENCIES\n  rake\n  rack\n\nBUNDLED WITH\n   2.4.10\n',
      [{ line: 2, column: 11 }],
      {},
    ],
    [
      'a requirements index URL',
      'requirements.txt',
      `--index-url https://pypi.evil.io/simple\nrequests==2.31.0 --hash=sha256:${'a'.repeat(64)}\n`,
      [{ line: 1, column: 13 }],
      {},
    ],
  ];
  it.each(bad)('flags %s', async (_n, path, text, expected, config) => {
    const hits = await runRule(rule, parse, text, path, { config });
    expect(positions(hits)).toEqual(expected);
    for (const h of hits) expect(h.evidence).not.toMatch(/\b(line|:\d+:)\b/);
  });

  it('names the package and the offending URL in evidence and sets package', async () => {
    const [hit] = await runRule(rule, parse, YARN_EVIL, 'yarn.lock');
    expect(hit!.package).toBe('lodash@4.17.21');
    expect(hit!.evidence).toBe('lodash@4.17.21 https://evil.example.com/lodash/-/lodash-4.17.21.tgz');
    expect(hit!.message).toContain('evil.example.com');
  });

  const good: [string, string, string, Partial<Config>][] = [
    ['the npm registry', 'package-lock.json', npmLock({ 'node_modules/ms': reg('ms', '2.1.3') }), {}],
    [
      'the Yarn registry',
      'package-lock.json',
      npmLock({
        'node_modules/ms': {
          version: '2.1.3',
          resolved: 'https://registry.yarnpkg.com/ms/-/ms-2.1.3.tgz',
          integrity: SHA512,
        },
      }),
      {},
    ],
    [
      'a configured private registry',
      'package-lock.json',
      npmLock({
        'node_modules/ms': {
          version: '2.1.3',
          resolved: 'https://npm.acme.io/ms/-/ms-2.1.3.tgz',
          integrity: SHA512,
        },
      }),
      hosts(['npm.acme.io']),
    ],
    [
      'a configured wildcard',
      'package-lock.json',
      npmLock({
        'node_modules/ms': {
          version: '2.1.3',
          resolved: 'https://npm.eu.acme.io/ms/-/ms-2.1.3.tgz',
          integrity: SHA512,
        },
      }),
      hosts(['*.acme.io']),
    ],
    [
      'a configured registry URL',
      'package-lock.json',
      npmLock({
        'node_modules/ms': {
          version: '2.1.3',
          resolved: 'https://art.acme.io/api/npm/npm/ms/-/ms-2.1.3.tgz',
          integrity: SHA512,
        },
      }),
      hosts(['https://art.acme.io/api/npm/npm/']),
    ],
    [
      'workspace, link and bundled entries',
      'package-lock.json',
      npmLock({
        'node_modules/c': { version: '1.0.0', link: true, resolved: 'packages/c' },
        'packages/c': { name: 'c', version: '1.0.0' },
        'node_modules/d': { version: '1.0.0', inBundle: true },
      }),
      {},
    ],
    [
      'a git dependency (lockfile/git-dependency reports it)',
      'package-lock.json',
      npmLock({
        'node_modules/ms': { version: '2.1.3', resolved: `git+ssh://git@github.com/vercel/ms.git#${COMMIT}` },
      }),
      {},
    ],
    [
      'an npm alias on the registry',
      'package-lock.json',
      npmLock({ 'node_modules/string-width-cjs': { name: 'string-width', ...reg('string-width', '4.2.3') } }),
      {},
    ],
    ['the crates.io index in Cargo.lock', 'Cargo.lock', CARGO, {}],
  ];
  it.each(good)('accepts %s', async (_n, path, text, config) => {
    expect(await runRule(rule, parse, text, path, { config })).toEqual([]);
  });
});
