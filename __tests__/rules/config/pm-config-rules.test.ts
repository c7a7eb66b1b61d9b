import { describe, expect, it } from '@jest/globals';
import { parsePmConfig } from '../../../src/formats/lockfile/pm-config.js';
import { rule as registry } from '../../../src/rules/config/registry-override.js';
import { rule as tls } from '../../../src/rules/config/tls-disabled.js';
import { rule as credential } from '../../../src/rules/config/committed-credential.js';
import type { Config } from '../../../src/config/schema.js';
import { positions, runRule, type Expected } from '../../helpers/rules.js';

type Bad = [string, string, string, Expected[], Partial<Config>];
type Good = [string, string, string, Partial<Config>];
const hosts = (list: string[]): Partial<Config> => ({
  lockfile: { 'allowed-hosts': list, 'min-release-age': '0d' },
});

describe('config/registry-override', () => {
  const bad: Bad[] = [
    ['.npmrc registry elsewhere', '.npmrc', 'registry=https://npm.evil.io/\n', [{ line: 1, column: 10 }], {}],
    [
      '.npmrc scope registry over http (high)',
      '.npmrc',
      '# c\n@acme:registry=http://npm.acme.io/\n',
      [{ line: 2, column: 16, severity: 'high' }],
      {},
    ],
    [
      '.yarnrc.yml scope registry',
      '.yarnrc.yml',
      'npmScopes:\n  acme:\n    npmRegistryServer: "https://npm.acme.io"\n',
      [{ line: 3, column: 25 }],
      {},
    ],
    ['.yarnrc classic', '.yarnrc', 'registry "https://npm.evil.io"\n', [{ line: 1, column: 11 }], {}],
    [
      'pip.conf index and extra index',
      'pip.conf',
      '[global]\nindex-url = https://pypi.evil.io/simple\nextra-index-url =\n    https://pypi.org/simple\n    https://pypi.other.io/simple\n',
      [
        { line: 2, column: 13 },
        { line: 5, column: 5 },
      ],
      {},
    ],
    [
      'bunfig scope',
      'bunfig.toml',
      '[install.scopes]\nacme = { url = "https://npm.acme.io/", token = "$T" }\n',
      [{ line: 2, column: 17 }],
      {},
    ],
    [
      'the public registry when a private one is configured',
      '.npmrc',
      'registry=https://registry.npmjs.org/\n',
      [{ line: 1, column: 10 }],
      hosts(['npm.acme.io']),
    ],
    [
      '.pypirc upload over http (high)',
      '.pypirc',
      '[internal]\nrepository = http://pypi.acme.io/legacy/\n',
      [{ line: 2, column: 14, severity: 'high' }],
      {},
    ],
  ];
  it.each(bad)('flags %s', async (_n, path, text, expected, config) => {
    expect(positions(await runRule(registry, parsePmConfig, text, path, { config }))).toEqual(expected);
  });
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
  const good: Good[] = [
    ['the npm registry', '.npmrc', 'registry=https://registry.npmjs.org/\n', {}],
    ['the Yarn registry', '.yarnrc.yml', 'npmRegistryServer: "https://registry.yarnpkg.com"\n', {}],
    [
      'a configured private registry',
      '.npmrc',
      '@acme:registry=https://npm.acme.io/\n',
      hosts(['npm.acme.io']),
    ],
    [
      'a configured wildcard',
      '.yarnrc.yml',
      'npmRegistryServer: "https://npm.eu.acme.io"\n',
      hosts(['*.acme.io']),
    ],
    ['an env reference', '.npmrc', 'registry=${NPM_REGISTRY}\n', {}],
    ['PyPI in pip.conf', 'pip.conf', '[global]\nindex-url = https://pypi.org/simple\n', {}],
    [
      'an https upload target in .pypirc',
      '.pypirc',
      '[internal]\nrepository = https://pypi.acme.io/legacy/\n',
      {},
    ],
    ['unrelated settings', '.npmrc', 'save-exact=true\nengine-strict=true\n', {}],
  ];
  it.each(good)('accepts %s', async (_n, path, text, config) => {
    expect(await runRule(registry, parsePmConfig, text, path, { config })).toEqual([]);
  });
});

describe('config/tls-disabled', () => {
  const bad: Bad[] = [
    [
      'npm strict-ssl=false',
      '.npmrc',
      'registry=https://registry.npmjs.org/\nstrict-ssl=false\n',
      [{ line: 2, column: 12 }],
      {},
    ],
    ['Yarn classic strict-ssl false', '.yarnrc', 'strict-ssl false\n', [{ line: 1, column: 12 }], {}],
    ['Yarn Berry enableStrictSsl', '.yarnrc.yml', 'enableStrictSsl: false\n', [{ line: 1, column: 18 }], {}],
    [
      'Yarn Berry per-registry enableStrictSsl',
      '.yarnrc.yml',
      'npmRegistries:\n  "https://npm.acme.io":\n    enableStrictSsl: false\n',
      [{ line: 3, column: 22 }],
      {},
    ],
    [
      'unsafeHttpWhitelist entries',
      '.yarnrc.yml',
      'unsafeHttpWhitelist:\n  - "*.acme.io"\n  - localhost\n',
      [
        { line: 2, column: 6 },
        { line: 3, column: 5 },
      ],
      {},
    ],
    [
      'pip trusted-host, several hosts',
      'pip.conf',
      '[global]\ntrusted-host = pypi.acme.io  files.acme.io\n',
      [
        { line: 2, column: 16 },
        { line: 2, column: 30 },
      ],
      {},
    ],
    [
      'pip trusted-host on a continuation line',
      'pip.ini',
      '[install]\ntrusted-host =\n    pypi.acme.io\n',
      [{ line: 3, column: 5 }],
      {},
    ],
  ];
  it.each(bad)('flags %s', async (_n, path, text, expected, config) => {
    expect(positions(await runRule(tls, parsePmConfig, text, path, { config }))).toEqual(expected);
  });
  const good: Good[] = [
    ['strict-ssl=true', '.npmrc', 'strict-ssl=true\n', {}],
    ['a private CA', '.npmrc', 'cafile=/etc/ssl/certs/corp.pem\n', {}],
    ['enableStrictSsl: true', '.yarnrc.yml', 'enableStrictSsl: true\n', {}],
    ['an empty unsafeHttpWhitelist', '.yarnrc.yml', 'unsafeHttpWhitelist: []\n', {}],
    ['pip cert', 'pip.conf', '[global]\ncert = /etc/ssl/corp.pem\n', {}],
    ['a comment mentioning strict-ssl=false', '.npmrc', '# strict-ssl=false\n', {}],
  ];
  it.each(good)('accepts %s', async (_n, path, text, config) => {
    expect(await runRule(tls, parsePmConfig, text, path, { config })).toEqual([]);
  });
});

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
