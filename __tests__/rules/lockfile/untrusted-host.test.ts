import { describe, expect, it } from '@jest/globals';
import { rule } from '../../../src/rules/lockfile/untrusted-host.js';
import { ruleTester, type InvalidCase, type ValidCase } from '../../helpers/rule-tester.js';
import { runRule } from '../../helpers/rules.js';
import { COMMIT, npmLock, parse, reg, SHA512 } from './fixtures.js';
import type { Config } from '../../../src/config/schema.js';

const hosts = (list: string[]): Partial<Config> => ({
  lockfile: { 'allowed-hosts': list, 'min-release-age': '0d' },
});

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

const bad: InvalidCase[] = [
  {
    name: 'a tarball on an unknown host',
    path: 'package-lock.json',
    code: npmLock({
      'node_modules/lodash': {
        version: '4.17.21',
        resolved: 'https://evil.example.com/lodash-4.17.21.tgz',
        integrity: SHA512,
      },
    }),
    errors: [
      {
        line: 9,
        column: 20,
        endLine: 9,
        endColumn: 20 + 'https://evil.example.com/lodash-4.17.21.tgz'.length,
        message:
          'lodash@4.17.21 is downloaded from evil.example.com, which is not in the public registry hosts',
      },
    ],
  },
  {
    name: 'a registry-layout URL on another host',
    path: 'package-lock.json',
    code: npmLock({
      'node_modules/lodash': {
        version: '4.17.21',
        resolved: 'https://npm.evil.io/lodash/-/lodash-4.17.21.tgz',
        integrity: SHA512,
      },
    }),
    errors: [{ line: 9, column: 20 }],
  },
  {
    name: 'the public registry when a private list is configured',
    path: 'package-lock.json',
    code: npmLock({ 'node_modules/ms': reg('ms', '2.1.3') }),
    errors: [{ line: 9, column: 20 }],
    config: hosts(['npm.acme.io']),
  },
  {
    name: 'only the second of two entries',
    path: 'package-lock.json',
    code: npmLock({
      'node_modules/ms': reg('ms', '2.1.3'),
      'node_modules/lodash': {
        version: '4.17.21',
        resolved: 'https://evil.example.com/l.tgz',
        integrity: SHA512,
      },
    }),
    errors: [{ line: 14, column: 20 }],
  },
  { name: 'yarn classic', path: 'yarn.lock', code: YARN_EVIL, errors: [{ line: 6, column: 13 }] },
  {
    name: 'a wildcard does not match a look-alike suffix',
    path: 'package-lock.json',
    code: npmLock({
      'node_modules/ms': {
        version: '2.1.3',
        resolved: 'https://acme.io.evil.com/ms/-/ms-2.1.3.tgz',
        integrity: SHA512,
      },
    }),
    errors: [{ line: 9, column: 20 }],
    config: hosts(['*.acme.io']),
  },
  {
    name: 'a Gemfile.lock remote, once for all its gems',
    path: 'Gemfile.lock',
    code: 'GEM\n  remote: https://gems.evil.io/\n  specs:\n    rake (13.0.6)\n    rack (3.0.0)\n\nPLATFORMS\n  ruby\n\nDEPENDENCIES\n  rake\n  rack\n\nBUNDLED WITH\n   2.4.10\n',
    errors: [
      {
        line: 2,
        column: 11,
        endColumn: 11 + 'https://gems.evil.io/'.length,
        message:
          /^The lockfile names the package index gems\.evil\.io, .*; 2 locked packages come from it\.$/,
      },
    ],
  },
  {
    name: 'a requirements index URL',
    path: 'requirements.txt',
    code: `--index-url https://pypi.evil.io/simple\nrequests==2.31.0 --hash=sha256:${'a'.repeat(64)}\n`,
    errors: [{ line: 1, column: 13 }],
  },
];
const good: ValidCase[] = [
  {
    name: 'the npm registry',
    path: 'package-lock.json',
    code: npmLock({ 'node_modules/ms': reg('ms', '2.1.3') }),
  },
  {
    name: 'the Yarn registry',
    path: 'package-lock.json',
    code: npmLock({
      'node_modules/ms': {
        version: '2.1.3',
        resolved: 'https://registry.yarnpkg.com/ms/-/ms-2.1.3.tgz',
        integrity: SHA512,
      },
    }),
  },
  {
    name: 'a configured private registry',
    path: 'package-lock.json',
    code: npmLock({
      'node_modules/ms': {
        version: '2.1.3',
        resolved: 'https://npm.acme.io/ms/-/ms-2.1.3.tgz',
        integrity: SHA512,
      },
    }),
    config: hosts(['npm.acme.io']),
  },
  {
    name: 'a configured wildcard',
    path: 'package-lock.json',
    code: npmLock({
      'node_modules/ms': {
        version: '2.1.3',
        resolved: 'https://npm.eu.acme.io/ms/-/ms-2.1.3.tgz',
        integrity: SHA512,
      },
    }),
    config: hosts(['*.acme.io']),
  },
  {
    name: 'a configured registry URL',
    path: 'package-lock.json',
    code: npmLock({
      'node_modules/ms': {
        version: '2.1.3',
        resolved: 'https://art.acme.io/api/npm/npm/ms/-/ms-2.1.3.tgz',
        integrity: SHA512,
      },
    }),
    config: hosts(['https://art.acme.io/api/npm/npm/']),
  },
  {
    name: 'workspace, link and bundled entries',
    path: 'package-lock.json',
    code: npmLock({
      'node_modules/c': { version: '1.0.0', link: true, resolved: 'packages/c' },
      'packages/c': { name: 'c', version: '1.0.0' },
      'node_modules/d': { version: '1.0.0', inBundle: true },
    }),
  },
  {
    name: 'a git dependency (lockfile/git-dependency reports it)',
    path: 'package-lock.json',
    code: npmLock({
      'node_modules/ms': { version: '2.1.3', resolved: `git+ssh://git@github.com/vercel/ms.git#${COMMIT}` },
    }),
  },
  {
    name: 'an npm alias on the registry',
    path: 'package-lock.json',
    code: npmLock({
      'node_modules/string-width-cjs': { name: 'string-width', ...reg('string-width', '4.2.3') },
    }),
  },
  { name: 'the crates.io index in Cargo.lock', path: 'Cargo.lock', code: CARGO },
];
ruleTester(rule, parse).run({ invalid: bad, valid: good });

describe('lockfile/untrusted-host', () => {
  it.each(bad.map((c) => [c.name!, c] as const))('%s: the evidence names no position', async (_n, c) => {
    const hits = await runRule(rule, parse, c.code, c.path!, { config: c.config });
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) expect(h.evidence).not.toMatch(/\b(line|:\d+:)\b/);
  });

  it('names the package and the host; evidence is the host and what the group covers; one release sets package', async () => {
    const [hit] = await runRule(rule, parse, YARN_EVIL, 'yarn.lock');
    expect(hit!.package).toBe('lodash@4.17.21');
    expect(hit!.evidence).toMatch(/^evil\.example\.com 1 [0-9a-f]{16}$/);
    expect(hit!.message).toMatch(/^lodash@4\.17\.21 is downloaded from evil\.example\.com,/);
  });
});
