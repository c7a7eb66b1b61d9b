import { describe, expect, test } from '@jest/globals';
import { parseConfig } from '../../src/config/load.js';
import { configWeakenings } from '../../src/config/weaken.js';
import type { Severity } from '../../src/core/index.js';

const OWN: Record<string, Severity> = {
  'dockerfile/remote-script-exec': 'critical',
  'dockerfile/base-image-latest': 'high',
  'lockfile/known-malicious': 'critical',
};
const defaultSeverity = (id: string) => OWN[id];

function weakenings(base: string, head: string, inputs = {}) {
  const b = parseConfig(base, '.bulkhead.yml');
  const h = parseConfig(head, '.bulkhead.yml');
  return configWeakenings(b.config, h.config, { defaultSeverity, inputs, headSource: h.source }).map(
    (w) => `${w.line} ${w.what}`,
  );
}

describe('configWeakenings', () => {
  test('each kind of weakening, at its line in the changed file', () => {
    const head = [
      'fail-on: critical', // 1
      'report: new', // 2
      'rules:', // 3
      '  dockerfile/base-image-latest: low', // 4
      '  dockerfile/remote-script-exec: off', // 5
      'paths:', // 6
      '  include: ["**/Dockerfile"]', // 7
      '  exclude:', // 8
      '    - "vendor/**"', // 9
      '    - "svc/**"', // 10
      'dockerfile:', // 11
      '  trusted-registries: [evil.example]', // 12
      'lockfile:', // 13
      '  allowed-hosts: [mirror.example]', // 14
      'workflow:', // 15
      '  trusted-actions: [someone/*]', // 16
      'online: false', // 17
      'ignore:', // 18
      '  - rule: lockfile/known-malicious', // 19
      '    path: package-lock.json',
      '    package: event-stream@3.3.6',
      '    reason: mirror',
    ].join('\n');
    const base = [
      'fail-on: high',
      'report: all',
      'paths:',
      '  include: ["**/Dockerfile", "**/package-lock.json"]',
      '  exclude: ["vendor/**"]',
    ].join('\n');
    expect(weakenings(base, head)).toEqual([
      '1 fail-on high -> critical',
      '2 report all -> new',
      '4 rules.dockerfile/base-image-latest high -> low',
      '5 rules.dockerfile/remote-script-exec critical -> off',
      "7 paths.include no longer has '**/package-lock.json'",
      "10 paths.exclude adds 'svc/**'",
      "12 dockerfile.trusted-registries adds 'evil.example'",
      "14 lockfile.allowed-hosts adds 'mirror.example'",
      "16 workflow.trusted-actions adds 'someone/*'",
      '17 online true -> false',
      "19 ignore adds lockfile/known-malicious at 'package-lock.json' for event-stream@3.3.6",
    ]);
  });

  test('tightening is not a weakening; an unchanged ignore entry is not one either', () => {
    const ignore = 'ignore:\n  - rule: dockerfile/base-image-latest\n    path: a/Dockerfile\n    reason: r\n';
    expect(
      weakenings(
        `fail-on: high\n${ignore}`,
        `fail-on: medium\nrules:\n  dockerfile/base-image-latest: critical\npaths:\n  exclude: []\n${ignore}`,
      ),
    ).toEqual([]);
  });

  test('an ignore entry whose until date moves is a new entry', () => {
    const entry = (until: string) =>
      `ignore:\n  - rule: dockerfile/base-image-latest\n    path: a\n    reason: r\n    until: ${until}\n`;
    expect(weakenings(entry('2026-01-01'), entry('2099-01-01'))).toEqual([
      "2 ignore adds dockerfile/base-image-latest at 'a' until 2099-01-01",
    ]);
  });

  test("settings an action input decides are not the config change's to weaken", () => {
    expect(
      weakenings('fail-on: high\nonline: true\n', 'fail-on: never\nonline: false\nreport: new\n', {
        failOn: 'high',
        online: true,
        report: 'all',
      }),
    ).toEqual([]);
  });

  test('online: required -> true -> false, and another advisory service, are weakenings', () => {
    expect(weakenings('online: required\n', 'online: true\n')).toEqual(['1 online required -> true']);
    expect(weakenings('online: true\n', 'online: required\n')).toEqual([]);
    expect(weakenings('online: required\n', 'online: false\n')).toEqual(['1 online required -> false']);
    expect(
      weakenings('fail-on: high\n', 'fail-on: high\nintel:\n  osv-url: https://osv.example.test\n'),
    ).toEqual(['3 intel.osv-url https://api.osv.dev -> https://osv.example.test']);
    // Another registry could publish whatever hash or date the lockfile needs.
    expect(
      weakenings(
        'online: true\nintel:\n  npm-registry-url: https://registry.npmjs.org\n',
        'online: true\nintel:\n  npm-registry-url: https://npm.example.test\n',
      ),
    ).toEqual(['3 intel.npm-registry-url https://registry.npmjs.org -> https://npm.example.test']);
    expect(
      weakenings('online: true\nintel:\n  npm-registry-url: https://registry.npmjs.org\n', 'online: true\n'),
    ).toEqual(['1 intel.npm-registry-url https://registry.npmjs.org -> (unset: no registry look-ups)']);
    // The same for PyPI.
    expect(
      weakenings(
        'online: true\nintel:\n  pypi-url: https://pypi.org\n',
        'online: true\nintel:\n  pypi-url: https://pypi.example.test\n',
      ),
    ).toEqual(['3 intel.pypi-url https://pypi.org -> https://pypi.example.test']);
    expect(weakenings('online: true\nintel:\n  pypi-url: https://pypi.org\n', 'online: true\n')).toEqual([
      '1 intel.pypi-url https://pypi.org -> (unset: no PyPI look-ups)',
    ]);
    expect(weakenings('online: true\n', 'online: true\nintel:\n  pypi-url: https://pypi.org\n')).toEqual([]);
    // Turning the look-ups on is not a weakening.
    expect(
      weakenings('online: true\n', 'online: true\nintel:\n  npm-registry-url: https://npm.example.test\n'),
    ).toEqual([]);
    // Another GitHub API could say any commit is reachable and any comment right.
    expect(
      weakenings('fail-on: high\n', 'fail-on: high\nintel:\n  github-api-url: https://gh.example.test\n'),
    ).toEqual(['3 intel.github-api-url (default) -> https://gh.example.test']);
    // A shorter deadline or fewer requests in flight only make failures (reported) more likely.
    expect(
      weakenings(
        'fail-on: high\n',
        'intel:\n  timeout-ms: 200\n  concurrency: 1\n  registry-concurrency: 1\n',
      ),
    ).toEqual([]);
  });

  test('a hostile key named __proto__ is a key like any other', () => {
    const h = parseConfig('fail-on: high\n', '.bulkhead.yml');
    expect(h.source.keyLines?.['fail-on']).toBe(1);
    expect(Object.getPrototypeOf(h.source.keyLines)).toBeNull();
  });
});
