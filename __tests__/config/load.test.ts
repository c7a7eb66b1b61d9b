import { afterAll, describe, expect, it } from '@jest/globals';
import { RULE_IDS } from '../../src/rules/index.js';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '../../src/errors.js';
import { parseConfig } from '../../src/config/load.js';
import { loadConfig } from '../../src/config/resolve.js';
import { configSchema, defaultConfig } from '../../src/config/schema.js';

function error(text: string): string {
  try {
    parseConfig(text, '.bulkhead.yml');
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigurationError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigurationError');
}

describe('parseConfig', () => {
  it('gives the documented defaults for an empty file', () => {
    expect(parseConfig('', '.bulkhead.yml').config).toEqual(defaultConfig());
    expect(defaultConfig()).toEqual({
      'fail-on': 'high',
      paths: { include: ['**'], exclude: [] },
      rules: {},
      dockerfile: { 'trusted-registries': [] },
      lockfile: { 'allowed-hosts': [], 'min-release-age': '0d' },
      workflow: { 'trusted-actions': [] },
      online: true,
      intel: {
        'osv-url': 'https://api.osv.dev',
        'timeout-ms': 15_000,
        concurrency: 8,
        'registry-concurrency': 8,
      },
      ignore: [],
    });
  });

  it('reads every key and records the line of each ignore entry', () => {
    const text = [
      '# yaml-language-server: $schema=./schema/bulkhead.schema.json',
      'fail-on: medium',
      'report: all',
      'paths: { include: ["**"], exclude: ["test/**"] }',
      'rules:',
      '  dockerfile/base-image-unpinned: low',
      '  dockerfile/base-image-latest: "off"',
      'dockerfile: { trusted-registries: [ghcr.io] }',
      'lockfile: { allowed-hosts: [registry.example.com], min-release-age: 7d }',
      'workflow: { trusted-actions: ["actions/*"] }',
      'online: false',
      'ignore:',
      '  - rule: dockerfile/base-image-latest',
      '    path: legacy/**',
      '    reason: retired next quarter',
      '    until: 2027-01-31',
      '  - rule: lockfile/known-malicious',
      '    package: evil@1.0.0',
      '    reason: research fixture',
    ].join('\n');
    const { config, source } = parseConfig(text, 'cfg.yml');
    expect(config).toEqual({
      'fail-on': 'medium',
      report: 'all',
      paths: { include: ['**'], exclude: ['test/**'] },
      rules: { 'dockerfile/base-image-unpinned': 'low', 'dockerfile/base-image-latest': 'off' },
      dockerfile: { 'trusted-registries': ['ghcr.io'] },
      lockfile: { 'allowed-hosts': ['registry.example.com'], 'min-release-age': '7d' },
      workflow: { 'trusted-actions': ['actions/*'] },
      online: false,
      intel: {
        'osv-url': 'https://api.osv.dev',
        'timeout-ms': 15_000,
        concurrency: 8,
        'registry-concurrency': 8,
      },
      ignore: [
        {
          rule: 'dockerfile/base-image-latest',
          path: 'legacy/**',
          reason: 'retired next quarter',
          until: '2027-01-31',
        },
        { rule: 'lockfile/known-malicious', path: '**', package: 'evil@1.0.0', reason: 'research fixture' },
      ],
    });
    expect(source.ignoreLines).toEqual([13, 17]);
  });

  it.each([
    [
      'an osv-url that is not http(s)',
      'intel: { osv-url: "file:///etc/passwd" }',
      ".bulkhead.yml: 'intel.osv-url': expected an http(s) URL (got a string of 18 characters)",
    ],
    [
      'an npm-registry-url that is not http(s)',
      'intel: { npm-registry-url: "ftp://registry.example.test" }',
      ".bulkhead.yml: 'intel.npm-registry-url': expected an http(s) URL (got a string of 27 characters)",
    ],
    [
      'a timeout out of range',
      'intel: { timeout-ms: 5 }',
      ".bulkhead.yml: 'intel.timeout-ms': Too small: expected number to be >=100 (got a number)",
    ],
    ['unknown top-level key', 'failon: high', ".bulkhead.yml: unknown key 'failon'"],
    ['unknown nested key', 'dockerfile: { trusted: [] }', ".bulkhead.yml: unknown key 'dockerfile.trusted'"],
    [
      'unknown key in an ignore entry',
      'ignore: [{rule: dockerfile/base-image-latest, reason: x, paths: a}]',
      ".bulkhead.yml: unknown key 'ignore.0.paths'",
    ],
    [
      'bad fail-on',
      'fail-on: HIGH',
      `.bulkhead.yml: 'fail-on': Invalid option: expected one of "critical"|"high"|"medium"|"low"|"info"|"never" (got a string of 4 characters)`,
    ],
    [
      'bad severity override',
      'rules: { dockerfile/base-image-latest: extreme }',
      `.bulkhead.yml: 'rules.dockerfile/base-image-latest': Invalid option: expected one of "critical"|"high"|"medium"|"low"|"info"|"off" (got a string of 7 characters)`,
    ],
    [
      'bad rule id key',
      'rules: { BaseImage: low }',
      `.bulkhead.yml: 'rules': invalid key "BaseImage": expected a rule id like 'dockerfile/base-image-latest'`,
    ],
    [
      'wrong type',
      'online: "yes"',
      `.bulkhead.yml: 'online': expected true, false or required (got a string of 3 characters)`,
    ],
    [
      'missing reason',
      'ignore: [{rule: dockerfile/base-image-latest}]',
      ".bulkhead.yml: 'ignore.0.reason': required key is missing",
    ],
    [
      'blank reason',
      'ignore: [{rule: dockerfile/base-image-latest, reason: "  "}]',
      `.bulkhead.yml: 'ignore.0.reason': every ignore entry needs a reason (got a string of 2 characters)`,
    ],
    [
      'not a date',
      'ignore: [{rule: dockerfile/base-image-latest, reason: x, until: next week}]',
      `.bulkhead.yml: 'ignore.0.until': expected a date as YYYY-MM-DD (got a string of 9 characters)`,
    ],
    [
      'impossible date',
      'ignore: [{rule: dockerfile/base-image-latest, reason: x, until: 2026-02-30}]',
      `.bulkhead.yml: 'ignore.0.until': not a real calendar date (got a string of 10 characters)`,
    ],
    [
      'bad duration',
      'lockfile: { min-release-age: 7 }',
      `.bulkhead.yml: 'lockfile.min-release-age': Invalid input: expected string, received number (got a number)`,
    ],
    [
      'not a mapping',
      '- fail-on: high',
      '.bulkhead.yml: expected a mapping of config keys, got a list of 1 item',
    ],
    [
      'bad YAML',
      'fail-on: high\npaths: [\n',
      '.bulkhead.yml:3:1: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ],
    [
      'duplicate key',
      'online: true\nonline: false\n',
      '.bulkhead.yml:2:1: invalid YAML: Map keys must be unique',
    ],
  ])('%s', (_name, text, message) => {
    expect(error(text)).toBe(message);
  });

  it('reads online: required', () => {
    expect(parseConfig('online: required\n', '.bulkhead.yml').config.online).toBe('required');
  });

  it('reports several problems in one message', () => {
    expect(error('fail-on: x\nonline: 1\nextra: 2')).toBe(
      `.bulkhead.yml: 'fail-on': Invalid option: expected one of "critical"|"high"|"medium"|"low"|"info"|"never" (got a string of 1 character); 'online': expected true, false or required (got a number); unknown key 'extra'`,
    );
  });

  it('refuses a YAML alias bomb quickly with a clear message', () => {
    const bomb = [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
      'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
    ].join('\n');
    const t = performance.now();
    expect(error(bomb)).toBe('.bulkhead.yml: Excessive alias count indicates a resource exhaustion attack');
    expect(performance.now() - t).toBeLessThan(1000);
  });
});

describe('loadConfig', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const dir = (files: Record<string, string>) => {
    const d = mkdtempSync(join(tmpdir(), 'bulkhead-config-'));
    dirs.push(d);
    for (const [n, t] of Object.entries(files)) {
      mkdirSync(join(d, n, '..'), { recursive: true });
      writeFileSync(join(d, n), t);
    }
    return d;
  };

  it('finds .bulkhead.yml in the first search dir that has one; none means defaults', () => {
    const root = dir({ '.bulkhead.yml': 'fail-on: low\n', 'sub/.bulkhead.yaml': 'fail-on: critical\n' });
    expect(
      loadConfig({ ruleIds: RULE_IDS, searchDirs: [join(root, 'sub'), root], root }).config['fail-on'],
    ).toBe('critical');
    expect(loadConfig({ ruleIds: RULE_IDS, searchDirs: [root], root }).source?.path).toBe('.bulkhead.yml');
    expect(loadConfig({ ruleIds: RULE_IDS, searchDirs: [dir({})], root })).toEqual({
      config: defaultConfig(),
    });
  });

  it('an unknown rule id in rules: or ignore: is a ConfigurationError naming it', () => {
    const root = dir({
      'a.yml': 'rules: { dockerfile/no-such-rule: low }\n',
      'b.yml': 'ignore: [{rule: dockerfile/nope, reason: x}]\n',
    });
    expect(() =>
      loadConfig({ ruleIds: RULE_IDS, explicit: join(root, 'a.yml'), searchDirs: [], root }),
    ).toThrow(
      new ConfigurationError(
        `a.yml: 'rules.dockerfile/no-such-rule': unknown rule id; run 'bulkhead rules' for the list`,
      ),
    );
    expect(() =>
      loadConfig({ ruleIds: RULE_IDS, explicit: join(root, 'b.yml'), searchDirs: [], root }),
    ).toThrow(
      new ConfigurationError(
        `b.yml: 'ignore.0.rule': unknown rule id (got a string of 15 characters); run 'bulkhead rules' for the list`,
      ),
    );
  });

  it('a missing --config file is a ConfigurationError', () => {
    expect(() =>
      loadConfig({ ruleIds: RULE_IDS, explicit: '/nonexistent/x.yml', searchDirs: [], root: '/' }),
    ).toThrow(new ConfigurationError('config file not found: /nonexistent/x.yml'));
  });
});

describe('schema', () => {
  it('the JSON schema committed under schema/ is generated from this zod schema', async () => {
    const { readFileSync } = await import('node:fs');
    const { buildJsonSchema } = await import('../../src/config/json-schema.js');
    const committed = JSON.parse(
      readFileSync(new URL('../../schema/bulkhead.schema.json', import.meta.url), 'utf8'),
    );
    expect(committed).toEqual(buildJsonSchema());
    expect(configSchema).toBeDefined();
  });
});
