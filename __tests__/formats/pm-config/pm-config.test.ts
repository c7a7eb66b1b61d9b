import { describe, expect, it } from '@jest/globals';
import { parsePmConfig, pmConfigFormat } from '../../../src/formats/pm-config/parse.js';
import { ParseError } from '../../../src/formats/position.js';

const pick = (text: string, path: string) =>
  parsePmConfig(text, path).settings.map((s) => [
    s.key,
    s.value,
    s.line,
    s.column,
    s.valueLine,
    s.valueColumn,
    s.section,
  ]);

describe('parsePmConfig', () => {
  it('knows the file names', () => {
    expect(pmConfigFormat('a/.npmrc')).toBe('npmrc');
    expect(pmConfigFormat('.yarnrc.yml')).toBe('yarnrc-yml');
    expect(pmConfigFormat('.yarnrc')).toBe('yarnrc');
    expect(pmConfigFormat('pip.ini')).toBe('pip-conf');
    expect(pmConfigFormat('.pypirc')).toBe('pypirc');
    expect(pmConfigFormat('bunfig.toml')).toBe('bunfig');
    expect(() => parsePmConfig('', 'x.cfg')).toThrow(ParseError);
  });

  it('reads .npmrc lines, comments, quotes and env references', () => {
    const text =
      '; comment\n# comment\nregistry=https://registry.npmjs.org/\n@acme:registry = "https://npm.acme.io/"\n//npm.acme.io/:_authToken=${NPM_TOKEN}\n\r\nstrict-ssl=false\r\n';
    expect(pick(text, '.npmrc')).toEqual([
      ['registry', 'https://registry.npmjs.org/', 3, 1, 3, 10, undefined],
      ['@acme:registry', 'https://npm.acme.io/', 4, 1, 4, 19, undefined],
      ['//npm.acme.io/:_authToken', '${NPM_TOKEN}', 5, 1, 5, 27, undefined],
      ['strict-ssl', 'false', 7, 1, 7, 12, undefined],
    ]);
  });

  it('reads pip.conf sections, colons and continuation lines', () => {
    const text =
      '[global]\nindex-url = https://pypi.acme.io/simple\ntrusted-host = a.io b.io\nextra-index-url:\n    https://x.io/simple\n    https://y.io/simple\n[install]\nno-binary = :all:\n';
    expect(pick(text, 'pip.conf')).toEqual([
      ['index-url', 'https://pypi.acme.io/simple', 2, 1, 2, 13, 'global'],
      ['trusted-host', 'a.io b.io', 3, 1, 3, 16, 'global'],
      ['extra-index-url', '', 4, 1, 4, 17, 'global'],
      ['extra-index-url', 'https://x.io/simple', 4, 1, 5, 5, 'global'],
      ['extra-index-url', 'https://y.io/simple', 4, 1, 6, 5, 'global'],
      ['no-binary', ':all:', 8, 1, 8, 13, 'install'],
    ]);
  });

  it('reads .pypirc', () => {
    expect(
      pick(
        '[distutils]\nindex-servers =\n    pypi\n\n[pypi]\nusername = __token__\npassword = pypi-AgEIcHlwaS5vcmc\n',
        '.pypirc',
      ),
    ).toEqual([
      ['index-servers', '', 2, 1, 2, 16, 'distutils'],
      ['index-servers', 'pypi', 2, 1, 3, 5, 'distutils'],
      ['username', '__token__', 6, 1, 6, 12, 'pypi'],
      ['password', 'pypi-AgEIcHlwaS5vcmc', 7, 1, 7, 12, 'pypi'],
    ]);
  });

  it('flattens .yarnrc.yml with positions of keys and values', () => {
    const text =
      'npmRegistryServer: "https://registry.yarnpkg.com"\nnpmScopes:\n  acme:\n    npmRegistryServer: https://npm.acme.io\n    npmAuthToken: ${NPM_TOKEN}\nunsafeHttpWhitelist:\n  - "*.acme.io"\n  - localhost\n';
    expect(pick(text, '.yarnrc.yml')).toEqual([
      ['npmRegistryServer', 'https://registry.yarnpkg.com', 1, 1, 1, 21, undefined],
      ['npmScopes.acme.npmRegistryServer', 'https://npm.acme.io', 4, 5, 4, 24, undefined],
      ['npmScopes.acme.npmAuthToken', '${NPM_TOKEN}', 5, 5, 5, 19, undefined],
      ['unsafeHttpWhitelist', '*.acme.io', 6, 1, 7, 6, undefined],
      ['unsafeHttpWhitelist', 'localhost', 6, 1, 8, 5, undefined],
    ]);
  });

  it('reads Yarn classic .yarnrc', () => {
    expect(
      pick(
        '# c\nregistry "https://registry.yarnpkg.com"\n"@acme:registry" "https://npm.acme.io"\nstrict-ssl false\n--install.frozen-lockfile true\n',
        '.yarnrc',
      ),
    ).toEqual([
      ['registry', 'https://registry.yarnpkg.com', 2, 1, 2, 11, undefined],
      ['@acme:registry', 'https://npm.acme.io', 3, 1, 3, 19, undefined],
      ['strict-ssl', 'false', 4, 1, 4, 12, undefined],
      ['--install.frozen-lockfile', 'true', 5, 1, 5, 27, undefined],
    ]);
  });

  it('reads bunfig.toml tables and inline tables', () => {
    const text =
      '[install]\nregistry = "https://registry.npmjs.org" # default\n\n[install.scopes]\nacme = { url = "https://npm.acme.io/", token = "$ACME_TOKEN" }\nold = "https://npm.old.io/"\n';
    expect(pick(text, 'bunfig.toml')).toEqual([
      ['install.registry', 'https://registry.npmjs.org', 2, 1, 2, 13, undefined],
      ['install.scopes.acme.url', 'https://npm.acme.io/', 5, 10, 5, 17, undefined],
      ['install.scopes.acme.token', '$ACME_TOKEN', 5, 40, 5, 49, undefined],
      ['install.scopes.old', 'https://npm.old.io/', 6, 1, 6, 8, undefined],
    ]);
  });

  it('turns syntax errors into ParseError with a position', () => {
    expect(() => parsePmConfig('a: [unclosed\n', '.yarnrc.yml')).toThrow(ParseError);
    expect(() => parsePmConfig('[install\nregistry = 1\n', 'bunfig.toml')).toThrow(ParseError);
    try {
      parsePmConfig('x = 1\ny = = 2\n', 'bunfig.toml');
    } catch (e) {
      expect((e as ParseError).line).toBe(2);
    }
  });

  it('survives hostile input quickly', () => {
    const big = 'a'.repeat(2_000_000);
    const started = Date.now();
    parsePmConfig(`registry=${big}\n`, '.npmrc');
    parsePmConfig(`${'x=1\n'.repeat(100_000)}`, '.npmrc');
    expect(() => parsePmConfig(`a: &a [${'*a,'.repeat(1000)}]\n`, '.yarnrc.yml')).not.toThrow(RangeError);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
