import { describe, expect, it } from '@jest/globals';
import {
  fragmentValues,
  hostMatches,
  hostPattern,
  lockedCommit,
  onlyWeakHashes,
  parseHashes,
  sourceHost,
} from '../../../src/rules/lockfile/util.js';
import { isEnvReference } from '../../../src/rules/config/pm-util.js';
import { parseManifest } from '../../../src/formats/lockfile/manifest.js';
import { model, COMMIT } from './fixtures.js';

describe('lockfile rule helpers', () => {
  it('reads hosts fast and falls back to the URL parser for unusual authorities', () => {
    expect(sourceHost('https://registry.npmjs.org/ms/-/ms-2.1.3.tgz')).toBe('registry.npmjs.org');
    expect(sourceHost('https://registry.npmjs.org:443/ms')).toBe('registry.npmjs.org');
    expect(sourceHost('https://npm.acme.io:8443/ms')).toBe('npm.acme.io:8443');
    expect(sourceHost('https://user:pw@Evil.Example.COM/x')).toBe('evil.example.com');
    expect(sourceHost('HTTPS://EVIL.io/x')).toBe('evil.io');
    expect(sourceHost('registry+https://github.com/rust-lang/crates.io-index')).toBe('github.com');
    expect(sourceHost('npm:2.1.3')).toBeUndefined();
    expect(sourceHost('file:../x')).toBeUndefined();
  });

  it('matches configured hosts, wildcards and URLs', () => {
    expect(hostPattern('https://Art.Acme.io/api/npm/')).toBe('art.acme.io');
    expect(hostPattern('npm.acme.io/path')).toBe('npm.acme.io');
    expect(hostMatches('npm.eu.acme.io', '*.acme.io')).toBe(true);
    expect(hostMatches('acme.io', '*.acme.io')).toBe(false);
    expect(hostMatches('acme.io.evil.com', '*.acme.io')).toBe(false);
    expect(hostMatches('npm.acme.io:8443', 'npm.acme.io')).toBe(true);
    expect(hostMatches('npm.acme.io:8443', 'npm.acme.io:443')).toBe(false);
  });

  it('reads git fragments without mistaking option values for keys', () => {
    expect(fragmentValues(`git+ssh://h/r.git#commit=${COMMIT}&path=pkg`)).toEqual([
      { key: 'commit', value: COMMIT },
      { key: 'path', value: 'pkg' },
    ]);
    expect(fragmentValues('git+ssh://h/r.git#--upload-pack=touch%20x')).toEqual([
      { value: '--upload-pack=touch x' },
    ]);
    expect(
      lockedCommit(model([{ source: 'git', resolved: `git+ssh://h/r.git#${COMMIT}` }]).packages[0]!),
    ).toBe(COMMIT);
    expect(
      lockedCommit(model([{ source: 'git', resolved: 'git+ssh://h/r.git#0123456' }]).packages[0]!),
    ).toBeUndefined();
  });

  it('splits hashes of every format', () => {
    expect(parseHashes('sha512-abc').map((h) => h.alg)).toEqual(['sha512']);
    expect(parseHashes('sha1-x sha512-y').map((h) => h.alg)).toEqual(['sha1', 'sha512']);
    expect(parseHashes('sha256:aa, sha256=bb').map((h) => h.alg)).toEqual(['sha256', 'sha256']);
    expect(parseHashes('10c0/' + 'a'.repeat(128)).map((h) => h.alg)).toEqual(['berry-10c0']);
    expect(parseHashes('h1:abc=').map((h) => h.alg)).toEqual(['h1']);
    expect(onlyWeakHashes('sha1-x')).toBe(true);
    expect(onlyWeakHashes('md5:x')).toBe(true);
    expect(onlyWeakHashes('sha1-x sha512-y')).toBe(false);
    expect(onlyWeakHashes(undefined)).toBe(false);
  });

  it('recognises env references', () => {
    expect(isEnvReference('${NPM_TOKEN}')).toBe(true);
    expect(isEnvReference('$NPM_TOKEN')).toBe(true);
    expect(isEnvReference('%NPM_TOKEN%')).toBe(true);
    expect(isEnvReference('npm_abc')).toBe(false);
  });

  it('reads manifests defensively', () => {
    expect(parseManifest('['.repeat(200_000), 'package.json')).toBeUndefined();
    expect(parseManifest('{"dependencies": {"a": "^1"}}', 'package.json')!.dependencies).toEqual([
      { name: 'a', spec: '^1', group: 'dependencies', line: 1, column: 19, length: 3 },
    ]);
    expect(parseManifest('[project\n', 'pyproject.toml')).toBeUndefined();
  });
});
