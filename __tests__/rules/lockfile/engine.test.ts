import { describe, expect, it } from '@jest/globals';
import { scanFiles } from '../../helpers/rules.js';
import { npmLock, reg } from './fixtures.js';

describe('lockfile and package-manager config rules through the engine', () => {
  it('reports config findings, drift in the manifest, and keeps known-malicious unsuppressible by severity', async () => {
    const res = await scanFiles(
      {
        '.npmrc':
          'strict-ssl=false\n//registry.npmjs.org/:_authToken=npm_AbCdEf0123456789AbCdEf0123456789AbCd\n',
        'package.json': JSON.stringify(
          { name: 'app', dependencies: { debug: '^4.4.0', chalk: '^5.0.0' } },
          null,
          2,
        ),
        'package-lock.json': npmLock({ 'node_modules/debug': reg('debug', '4.4.2') }, { debug: '^4.4.0' }),
      },
      { config: { rules: { 'lockfile/known-malicious': 'off' } } },
    );
    const got = res.findings.map((f) => [f.ruleId, f.path, f.startLine, f.startColumn, f.severity]);
    expect(got).toEqual(
      expect.arrayContaining([
        ['config/tls-disabled', '.npmrc', 1, 12, 'high'],
        ['config/committed-credential', '.npmrc', 2, 34, 'critical'],
        ['lockfile/known-malicious', 'package-lock.json', 7, 19, 'critical'],
        ['lockfile/manifest-drift', 'package.json', 5, 5, 'medium'],
      ]),
    );
    const secret = res.findings.find((f) => f.ruleId === 'config/committed-credential')!;
    expect(JSON.stringify(secret)).not.toContain('0123456789');
  });

  it('suppresses known-malicious only with an ignore entry naming package@version', async () => {
    const files = {
      'package-lock.json': npmLock({ 'node_modules/debug': reg('debug', '4.4.2') }, { debug: '^4.4.0' }),
    };
    const named = await scanFiles(files, {
      config: {
        ignore: [
          { rule: 'lockfile/known-malicious', path: '**', package: 'debug@4.4.2', reason: 'test fixture' },
        ],
      },
    });
    expect(named.findings.filter((f) => f.ruleId === 'lockfile/known-malicious')).toEqual([]);
    const nameOnly = await scanFiles(files, {
      config: {
        ignore: [{ rule: 'lockfile/known-malicious', path: '**', package: 'debug', reason: 'test fixture' }],
      },
    });
    expect(nameOnly.findings.filter((f) => f.ruleId === 'lockfile/known-malicious')).toHaveLength(1);
  });

  it('keeps fingerprints stable when unrelated lockfile lines move', async () => {
    const entry = {
      'node_modules/ms': {
        version: '2.1.3',
        resolved: 'http://registry.npmjs.org/ms/-/ms-2.1.3.tgz',
        integrity: 'sha512-' + 'A'.repeat(86) + '==',
      },
    };
    const a = await scanFiles({ 'package-lock.json': npmLock(entry, { ms: '^2' }) });
    const b = await scanFiles({
      'package-lock.json': npmLock({ 'node_modules/a': reg('a', '1.0.0'), ...entry }, { ms: '^2', a: '^1' }),
    });
    const fp = (r: typeof a) =>
      r.findings
        .filter((f) => f.ruleId === 'lockfile/insecure-transport')
        .map((f) => [f.fingerprint, f.startLine]);
    expect(fp(a)[0]![0]).toBe(fp(b)[0]![0]);
    expect(fp(a)[0]![1]).not.toBe(fp(b)[0]![1]);
  });

  it('reports an unreadable .yarnrc.yml as config/parse-error', async () => {
    const res = await scanFiles({ '.yarnrc.yml': 'npmRegistryServer: [unclosed\n' });
    expect(res.findings.map((f) => f.ruleId)).toContain('config/parse-error');
  });

  it.each([
    ['truncated JSON', 'package-lock.json', '{\n  "lockfileVersion": 3,\n  "packages": {\n'],
    ['invalid Yarn Berry YAML', 'yarn.lock', '__metadata:\n  version: 8\n"ms@npm:^2": [unclosed\n'],
    ['invalid pnpm YAML', 'pnpm-lock.yaml', "lockfileVersion: '9.0'\npackages: [unclosed\n"],
    ['invalid TOML', 'uv.lock', 'version = 1\n[[package]\n'],
    ['deep nesting', 'package-lock.json', '['.repeat(100_000)],
  ])('reports %s as lockfile/parse-error', async (_n, path, text) => {
    const res = await scanFiles({ [path]: text });
    expect(res.findings.map((f) => f.ruleId)).toContain('lockfile/parse-error');
  });
});
