import { describe, expect, it } from '@jest/globals';
import { parsePmConfig } from '../../../src/formats/pm-config/parse.js';
import { rule as registry } from '../../../src/rules/config/registry-override.js';
import { rule as tls } from '../../../src/rules/config/tls-disabled.js';
import { rule as credential } from '../../../src/rules/config/committed-credential.js';
import type { Config } from '../../../src/config/schema.js';
import { ruleTester, type InvalidCase, type ValidCase } from '../../helpers/rule-tester.js';
import { positions, runRule, type Expected } from '../../helpers/rules.js';

type Bad = [string, string, string, Expected[], Partial<Config>];
type Good = [string, string, string, Partial<Config>];
const hosts = (list: string[]): Partial<Config> => ({
  lockfile: { 'allowed-hosts': list, 'min-release-age': '0d' },
});

const registryBad: InvalidCase[] = [
  {
    name: '.npmrc registry elsewhere',
    path: '.npmrc',
    code: 'registry=https://npm.evil.io/\n',
    errors: [
      {
        line: 1,
        column: 10,
        endLine: 1,
        endColumn: 30,
        message: 'registry sends npm installs to npm.evil.io, which is not in the public registry hosts',
      },
    ],
  },
  {
    name: '.npmrc scope registry over http (high)',
    path: '.npmrc',
    code: '# c\n@acme:registry=http://npm.acme.io/\n',
    errors: [{ line: 2, column: 16, severity: 'high' }],
  },
  {
    name: '.yarnrc.yml scope registry',
    path: '.yarnrc.yml',
    code: 'npmScopes:\n  acme:\n    npmRegistryServer: "https://npm.acme.io"\n',
    errors: [{ line: 3, column: 25 }],
  },
  {
    name: '.yarnrc classic',
    path: '.yarnrc',
    code: 'registry "https://npm.evil.io"\n',
    errors: [{ line: 1, column: 11 }],
  },
  {
    name: 'pip.conf index and extra index',
    path: 'pip.conf',
    code: '[global]\nindex-url = https://pypi.evil.io/simple\nextra-index-url =\n    https://pypi.org/simple\n    https://pypi.other.io/simple\n',
    errors: [
      { line: 2, column: 13 },
      { line: 5, column: 5 },
    ],
  },
  {
    name: 'bunfig scope',
    path: 'bunfig.toml',
    code: '[install.scopes]\nacme = { url = "https://npm.acme.io/", token = "$T" }\n',
    errors: [{ line: 2, column: 17 }],
  },
  {
    name: 'the public registry when a private one is configured',
    path: '.npmrc',
    code: 'registry=https://registry.npmjs.org/\n',
    errors: [{ line: 1, column: 10 }],
    config: hosts(['npm.acme.io']),
  },
  {
    name: '.pypirc upload over http (high)',
    path: '.pypirc',
    code: '[internal]\nrepository = http://pypi.acme.io/legacy/\n',
    errors: [{ line: 2, column: 14, severity: 'high' }],
  },
];
const registryGood: ValidCase[] = [
  { name: 'the npm registry', path: '.npmrc', code: 'registry=https://registry.npmjs.org/\n' },
  {
    name: 'the Yarn registry',
    path: '.yarnrc.yml',
    code: 'npmRegistryServer: "https://registry.yarnpkg.com"\n',
  },
  {
    name: 'a configured private registry',
    path: '.npmrc',
    code: '@acme:registry=https://npm.acme.io/\n',
    config: hosts(['npm.acme.io']),
  },
  {
    name: 'a configured wildcard',
    path: '.yarnrc.yml',
    code: 'npmRegistryServer: "https://npm.eu.acme.io"\n',
    config: hosts(['*.acme.io']),
  },
  { name: 'an env reference', path: '.npmrc', code: 'registry=${NPM_REGISTRY}\n' },
  { name: 'PyPI in pip.conf', path: 'pip.conf', code: '[global]\nindex-url = https://pypi.org/simple\n' },
  {
    name: 'an https upload target in .pypirc',
    path: '.pypirc',
    code: '[internal]\nrepository = https://pypi.acme.io/legacy/\n',
  },
  { name: 'unrelated settings', path: '.npmrc', code: 'save-exact=true\nengine-strict=true\n' },
];
ruleTester(registry, parsePmConfig).run({ invalid: registryBad, valid: registryGood });

describe('config/registry-override', () => {
  it('never shows credentials from the URL', async () => {
    const [hit] = await runRule(
      registry,
      parsePmConfig,
      'registry=https://user:s3cr3tpassw0rd@npm.evil.io/\n',
      '.npmrc',
    );
    expect(hit!.message).not.toContain('s3cr3t');
    expect(hit!.evidence).not.toContain('s3cr3t');
  });
});

const tlsBad: InvalidCase[] = [
  {
    name: 'npm strict-ssl=false',
    path: '.npmrc',
    code: 'registry=https://registry.npmjs.org/\nstrict-ssl=false\n',
    errors: [
      {
        line: 2,
        column: 12,
        endColumn: 17,
        message: /^strict-ssl=false makes npm\/Yarn accept any TLS certificate/,
      },
    ],
  },
  {
    name: 'Yarn classic strict-ssl false',
    path: '.yarnrc',
    code: 'strict-ssl false\n',
    errors: [{ line: 1, column: 12 }],
  },
  {
    name: 'Yarn Berry enableStrictSsl',
    path: '.yarnrc.yml',
    code: 'enableStrictSsl: false\n',
    errors: [{ line: 1, column: 18 }],
  },
  {
    name: 'Yarn Berry per-registry enableStrictSsl',
    path: '.yarnrc.yml',
    code: 'npmRegistries:\n  "https://npm.acme.io":\n    enableStrictSsl: false\n',
    errors: [{ line: 3, column: 22 }],
  },
  {
    name: 'unsafeHttpWhitelist entries',
    path: '.yarnrc.yml',
    code: 'unsafeHttpWhitelist:\n  - "*.acme.io"\n  - localhost\n',
    errors: [
      { line: 2, column: 6 },
      { line: 3, column: 5 },
    ],
  },
  {
    name: 'pip trusted-host, several hosts',
    path: 'pip.conf',
    code: '[global]\ntrusted-host = pypi.acme.io  files.acme.io\n',
    errors: [
      { line: 2, column: 16 },
      { line: 2, column: 30 },
    ],
  },
  {
    name: 'pip trusted-host on a continuation line',
    path: 'pip.ini',
    code: '[install]\ntrusted-host =\n    pypi.acme.io\n',
    errors: [{ line: 3, column: 5 }],
  },
];
const tlsGood: ValidCase[] = [
  { name: 'strict-ssl=true', path: '.npmrc', code: 'strict-ssl=true\n' },
  { name: 'a private CA', path: '.npmrc', code: 'cafile=/etc/ssl/certs/corp.pem\n' },
  { name: 'enableStrictSsl: true', path: '.yarnrc.yml', code: 'enableStrictSsl: true\n' },
  { name: 'an empty unsafeHttpWhitelist', path: '.yarnrc.yml', code: 'unsafeHttpWhitelist: []\n' },
  { name: 'pip cert', path: 'pip.conf', code: '[global]\ncert = /etc/ssl/corp.pem\n' },
  { name: 'a comment mentioning strict-ssl=false', path: '.npmrc', code: '# strict-ssl=false\n' },
];
ruleTester(tls, parsePmConfig).run({ invalid: tlsBad, valid: tlsGood });

describe('config/committed-credential', () => {
  const TOKEN = 'npm_AbCdEf0123456789AbCdEf0123456789AbCd';
  const bad: Bad[] = [
    [
      'an npm auth token',
      '.npmrc',
      `//registry.npmjs.org/:_authToken=${TOKEN}\n`,
      [{ line: 1, column: 34 }],
      {},
    ],
    [
      'npm _auth and _password',
      '.npmrc',
      '//npm.acme.io/:_auth=dXNlcjpwYXNzd29yZA==\n//npm.acme.io/:_password=cGFzc3dvcmQxMjM=\n',
      [
        { line: 1, column: 22 },
        { line: 2, column: 26 },
      ],
      {},
    ],
    [
      'a Yarn Berry token',
      '.yarnrc.yml',
      `npmScopes:\n  acme:\n    npmAuthToken: "${TOKEN}"\n`,
      [{ line: 3, column: 20 }],
      {},
    ],
    [
      'a .pypirc password',
      '.pypirc',
      '[pypi]\nusername = __token__\npassword = pypi-AgEIcHlwaS5vcmcCJDAwMDAw\n',
      [{ line: 3, column: 12 }],
      {},
    ],
    [
      'a bunfig token',
      'bunfig.toml',
      '[install.scopes]\nacme = { url = "https://npm.acme.io/", token = "abcdef0123456789" }\n',
      [{ line: 2, column: 49 }],
      {},
    ],
    [
      'a password in a pip index URL',
      'pip.conf',
      '[global]\nindex-url = https://ci:hunter2hunter2@pypi.acme.io/simple\n',
      [{ line: 2, column: 24 }],
      {},
    ],
    [
      'Yarn classic token',
      '.yarnrc',
      `"//registry.npmjs.org/:_authToken" "${TOKEN}"\n`,
      [{ line: 1, column: 37 }],
      {},
    ],
  ];
  it.each(bad)('flags %s', async (_n, path, text, expected, config) => {
    const hits = await runRule(credential, parsePmConfig, text, path, { config });
    expect(positions(hits)).toEqual(expected);
    for (const h of hits) {
      expect(h.message).not.toMatch(
        /0123456789|hunter2hunter2|cGFzc3dvcmQxMjM|dXNlcjpwYXNzd29yZA|AgEIcHlwaS5vcmcCJDAwMDAw/,
      );
      expect(h.evidence).not.toMatch(
        /0123456789|hunter2hunter2|cGFzc3dvcmQxMjM|dXNlcjpwYXNzd29yZA|AgEIcHlwaS5vcmcCJDAwMDAw/,
      );
    }
  });
  it('masks to the first four characters', async () => {
    const [hit] = await runRule(
      credential,
      parsePmConfig,
      `//registry.npmjs.org/:_authToken=${TOKEN}\n`,
      '.npmrc',
    );
    expect(hit!.evidence).toBe('//registry.npmjs.org/:_authToken npm_…');
    expect(hit!.span.endColumn).toBe(34 + TOKEN.length);
  });
  const good: Good[] = [
    ['an env reference', '.npmrc', '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n', {}],
    ['a Yarn env reference with default', '.yarnrc.yml', 'npmAuthToken: "${NPM_TOKEN:-}"\n', {}],
    [
      'a bunfig $VAR',
      'bunfig.toml',
      '[install.registry]\nurl = "https://registry.npmjs.org"\ntoken = "$NPM_TOKEN"\n',
      {},
    ],
    ['an empty token', '.npmrc', '//registry.npmjs.org/:_authToken=\n', {}],
    ['a username only', '.pypirc', '[pypi]\nusername = __token__\n', {}],
    ['a registry URL without credentials', 'pip.conf', '[global]\nindex-url = https://pypi.org/simple\n', {}],
    [
      'an env password in a URL',
      'pip.conf',
      '[global]\nindex-url = https://ci:${PIP_PASSWORD}@pypi.acme.io/simple\n',
      {},
    ],
  ];
  it.each(good)('accepts %s', async (_n, path, text, config) => {
    expect(await runRule(credential, parsePmConfig, text, path, { config })).toEqual([]);
  });
});
