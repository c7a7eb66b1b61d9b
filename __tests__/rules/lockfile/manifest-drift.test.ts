import { describe, expect, it } from '@jest/globals';
import { rule } from '../../../src/rules/lockfile/manifest-drift.js';
import { positions, runRule } from '../../helpers/rules.js';
import { npmLock, parse, reg } from './fixtures.js';

const pkg = (deps: Record<string, Record<string, string>>, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ name: 'app', version: '1.0.0', ...deps, ...extra }, null, 2) + '\n';
const H = 'a'.repeat(64);
const UV = `version = 1
revision = 3
requires-python = ">=3.12"

[[package]]
name = "requests"
version = "2.32.3"
source = { registry = "https://pypi.org/simple" }
sdist = { url = "https://files.pythonhosted.org/packages/r/requests-2.32.3.tar.gz", hash = "sha256:${H}", size = 1 }
`;
const POETRY = `[[package]]
name = "requests"
version = "2.32.3"
description = ""
optional = false
python-versions = ">=3.8"
files = [
    {file = "requests-2.32.3.tar.gz", hash = "sha256:${H}"},
]

[metadata]
lock-version = "2.0"
python-versions = "^3.8"
content-hash = "x"
`;

type Where = { path: string; line: number; column: number };
type Bad = [string, string, string, Record<string, string>, Where[]];
type Good = [string, string, string, Record<string, string>];

const LOCK = npmLock({
  'node_modules/lodash': reg('lodash', '4.17.21'),
  'node_modules/ms': reg('ms', '2.1.3'),
});

describe('lockfile/manifest-drift', () => {
  const bad: Bad[] = [
    [
      'a dependency the lockfile lacks',
      'package-lock.json',
      LOCK,
      { 'package.json': pkg({ dependencies: { lodash: '^4.17.0', chalk: '^5.0.0' } }) },
      [{ path: 'package.json', line: 6, column: 5 }],
    ],
    [
      'a version outside the range',
      'package-lock.json',
      LOCK,
      { 'package.json': pkg({ dependencies: { lodash: '^3.0.0' } }) },
      [{ path: 'package.json', line: 5, column: 5 }],
    ],
    [
      'a missing dev dependency',
      'package-lock.json',
      LOCK,
      { 'package.json': pkg({ devDependencies: { jest: '^30.0.0' } }) },
      [{ path: 'package.json', line: 5, column: 5 }],
    ],
    [
      'an alias locked outside its range',
      'package-lock.json',
      npmLock({ 'node_modules/sw': { name: 'string-width', ...reg('string-width', '5.1.2') } }),
      { 'package.json': pkg({ dependencies: { sw: 'npm:string-width@^4.2.0' } }) },
      [{ path: 'package.json', line: 5, column: 5 }],
    ],
    [
      "a workspace member's dependency",
      'package-lock.json',
      npmLock({
        'packages/a': { name: 'a', version: '1.0.0' },
        'node_modules/a': { resolved: 'packages/a', link: true },
        'node_modules/ms': reg('ms', '2.1.3'),
      }),
      {
        'package.json': pkg({}, { workspaces: ['packages/*'] }),
        'packages/a/package.json': pkg({ dependencies: { ms: '^3.0.0' } }),
      },
      [{ path: 'packages/a/package.json', line: 5, column: 5 }],
    ],
    [
      'in a subdirectory',
      'web/package-lock.json',
      LOCK,
      { 'web/package.json': pkg({ dependencies: { left: '^1.0.0' } }) },
      [{ path: 'web/package.json', line: 5, column: 5 }],
    ],
    [
      'uv: a project dependency the lockfile lacks',
      'uv.lock',
      UV,
      {
        'pyproject.toml':
          '[project]\nname = "app"\ndependencies = [\n  "requests>=2",\n  "httpx>=0.27",\n]\n',
      },
      [{ path: 'pyproject.toml', line: 5, column: 4 }],
    ],
    [
      'poetry: a dependency the lockfile lacks',
      'poetry.lock',
      POETRY,
      {
        'pyproject.toml':
          '[tool.poetry]\nname = "app"\n\n[tool.poetry.dependencies]\npython = "^3.8"\nrequests = "^2"\nrich = "^13"\n',
      },
      [{ path: 'pyproject.toml', line: 7, column: 1 }],
    ],
  ];
  it.each(bad)('flags %s', async (_n, path, text, files, expected) => {
    const hits = await runRule(rule, parse, text, path, { files });
    expect(hits.map((h) => ({ path: h.path, line: h.span.line, column: h.span.column }))).toEqual(expected);
    for (const h of hits) expect(h.package).toBeDefined();
  });

  const good: Good[] = [
    [
      'in range',
      'package-lock.json',
      LOCK,
      { 'package.json': pkg({ dependencies: { lodash: '^4.17.0' }, devDependencies: { ms: '~2.1.0' } }) },
    ],
    [
      'workspace:, file:, link:, portal: and catalog: specs',
      'package-lock.json',
      LOCK,
      {
        'package.json': pkg({
          dependencies: { a: 'workspace:*', b: 'file:../b', c: 'link:../c', d: 'portal:../d', e: 'catalog:' },
        }),
      },
    ],
    [
      'git and URL specs',
      'package-lock.json',
      npmLock({
        'node_modules/ms': {
          version: '2.1.3',
          resolved: 'git+ssh://git@github.com/vercel/ms.git#0123456789abcdef0123456789abcdef01234567',
        },
        'node_modules/x': { version: '1.0.0', resolved: 'https://cdn.acme.io/x.tgz' },
      }),
      {
        'package.json': pkg({
          dependencies: { ms: 'github:vercel/ms#main', x: 'https://cdn.acme.io/x.tgz' },
        }),
      },
    ],
    [
      'dist-tags',
      'package-lock.json',
      LOCK,
      { 'package.json': pkg({ dependencies: { lodash: 'latest', ms: 'next' } }) },
    ],
    [
      'an alias in range',
      'package-lock.json',
      npmLock({ 'node_modules/sw': { name: 'string-width', ...reg('string-width', '4.2.3') } }),
      { 'package.json': pkg({ dependencies: { sw: 'npm:string-width@^4.2.0' } }) },
    ],
    [
      'an override outside the range',
      'package-lock.json',
      npmLock({ 'node_modules/lodash': reg('lodash', '3.10.1') }),
      { 'package.json': pkg({ dependencies: { lodash: '^4.17.0' } }, { overrides: { lodash: '3.10.1' } }) },
    ],
    [
      'a missing optional dependency',
      'package-lock.json',
      LOCK,
      { 'package.json': pkg({ optionalDependencies: { fsevents: '^2.3.0' } }) },
    ],
    [
      'a dependency on a workspace member by range',
      'package-lock.json',
      npmLock({ 'packages/a': { name: 'a', version: '1.0.0' } }),
      {
        'package.json': pkg({ dependencies: { a: '^1.0.0' } }, { workspaces: ['packages/a'] }),
        'packages/a/package.json': pkg({}),
      },
    ],
    [
      'yarn classic with workspaces it does not list',
      'yarn.lock',
      `# yarn lockfile v1\n\n\nms@^2.1.3:\n  version "2.1.3"\n  resolved "https://registry.yarnpkg.com/ms/-/ms-2.1.3.tgz"\n`,
      {
        'package.json': pkg(
          { dependencies: { ms: '^2.1.0', '@acme/ui': '^1.0.0' } },
          { workspaces: ['packages/*'] },
        ),
      },
    ],
    ['no manifest', 'package-lock.json', LOCK, {}],
    [
      'a prerelease inside the range',
      'package-lock.json',
      npmLock({ 'node_modules/lodash': reg('lodash', '5.0.0-rc.1') }),
      { 'package.json': pkg({ dependencies: { lodash: '>=4' } }) },
    ],
    [
      'uv: python name normalisation and the project itself',
      'uv.lock',
      UV,
      {
        'pyproject.toml':
          '[project]\nname = "app"\ndependencies = ["Requests[socks]>=2; python_version >= \'3.8\'"]\n[project.optional-dependencies]\nall = ["app[extra]"]\n',
      },
    ],
  ];
  it.each(good)('accepts %s', async (_n, path, text, files) => {
    expect(positions(await runRule(rule, parse, text, path, { files }))).toEqual([]);
  });
});
