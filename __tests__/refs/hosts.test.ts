import { describe, expect, it } from '@jest/globals';
import {
  allowedHosts,
  DEFAULT_ALLOWED_HOSTS,
  hostMatches,
  hostPattern,
  hostWithPort,
  isAllowedHost,
  isConfiguredHosts,
  isDefaultRegistryUrl,
  sourceHost,
} from '../../src/refs/hosts.js';
import { defaultConfig } from '../../src/config/schema.js';

describe('hostPattern', () => {
  const cases: [string, string][] = [
    ['npm.acme.io', 'npm.acme.io'],
    ['  NPM.Acme.IO.  ', 'npm.acme.io'],
    ['npm.acme.io/path', 'npm.acme.io'],
    ['npm.acme.io:8443', 'npm.acme.io:8443'],
    ['https://Art.Acme.io/api/npm/', 'art.acme.io'],
    ['*.acme.io', '*.acme.io'],
    // International names are matched in the punycode form URLs carry.
    ['bücher.example', 'xn--bcher-kva.example'],
    ['BÜCHER.example:8443', 'xn--bcher-kva.example:8443'],
    ['*.bücher.example', '*.xn--bcher-kva.example'],
    ['https://bücher.example/', 'xn--bcher-kva.example'],
  ];
  it.each(cases)('%s -> %s', (entry, pattern) => expect(hostPattern(entry)).toBe(pattern));
});

describe('hostMatches', () => {
  const cases: [string, string, boolean][] = [
    ['npm.acme.io', 'npm.acme.io', true],
    ['NPM.ACME.IO', 'npm.acme.io', true],
    ['npm.acme.io.', 'npm.acme.io', true],
    ['npm.eu.acme.io', '*.acme.io', true],
    ['acme.io', '*.acme.io', false],
    ['evil-acme.io', '*.acme.io', false],
    ['acme.io.evil.com', '*.acme.io', false],
    ['example.com', '*.example.com', false],
    ['evil-example.com', '*.example.com', false],
    ['evil-example.com', 'example.com', false],
    ['a.example.com', 'example.com', false],
    ['npm.acme.io:8443', 'npm.acme.io', true],
    ['npm.acme.io:8443', 'npm.acme.io:443', false],
    ['npm.acme.io', 'npm.acme.io:8443', false],
    ['npm.acme.io:8443', 'npm.acme.io:8443', true],
  ];
  it.each(cases)('%s vs %s', (host, pattern, ok) => expect(hostMatches(host, pattern)).toBe(ok));

  it('matches a Unicode allow-list entry against the punycode host of a URL', () => {
    const host = sourceHost('https://bücher.example/pkg.tgz')!;
    expect(host).toBe('xn--bcher-kva.example');
    expect(isAllowedHost(host, [hostPattern('bücher.example')])).toBe(true);
    expect(isAllowedHost(host, [hostPattern('*.example')])).toBe(true);
    expect(isAllowedHost(host, [hostPattern('other.example')])).toBe(false);
  });
});

describe('sourceHost', () => {
  const cases: [string | undefined, string | undefined][] = [
    ['https://registry.npmjs.org/ms/-/ms-2.1.3.tgz', 'registry.npmjs.org'],
    ['https://registry.npmjs.org:443/ms', 'registry.npmjs.org'],
    ['http://h.example:80/ms', 'h.example'],
    ['http://h.example:443/ms', 'h.example:443'],
    ['https://npm.acme.io:8443/ms', 'npm.acme.io:8443'],
    ['https://npm.acme.io./ms', 'npm.acme.io'],
    ['https://user:pw@Evil.Example.COM/x', 'evil.example.com'],
    ['HTTPS://EVIL.io/x', 'evil.io'],
    ['https://%65vil.io/x', 'evil.io'],
    ['git+ssh://git@github.com:2222/u/r.git', 'github.com:2222'],
    ['registry+https://github.com/rust-lang/crates.io-index', 'github.com'],
    ['npm:2.1.3', undefined],
    ['file:../x', undefined],
    ['file:///x', undefined],
    [undefined, undefined],
  ];
  it.each(cases)('%s -> %s', (value, host) => expect(sourceHost(value)).toBe(host));

  it('adds a non-default port only', () => {
    expect(hostWithPort(new URL('https://h.example:8443/'))).toBe('h.example:8443');
    expect(hostWithPort(new URL('https://h.example:443/'))).toBe('h.example');
  });
});

describe('registries', () => {
  it('recognises the crates.io index by URL, not GitHub as a host', () => {
    expect(isDefaultRegistryUrl('registry+https://github.com/rust-lang/crates.io-index')).toBe(true);
    expect(isDefaultRegistryUrl('sparse+https://github.com/rust-lang/crates.io-index/')).toBe(true);
    expect(isDefaultRegistryUrl('https://github.com/rust-lang/crates.io-index.git')).toBe(true);
    expect(isDefaultRegistryUrl('https://github.com/evil/crates.io-index')).toBe(false);
    expect(DEFAULT_ALLOWED_HOSTS['crates.io']).not.toContain('github.com');
  });

  it('uses the configured list for every ecosystem, or each one’s defaults', () => {
    const config = defaultConfig();
    expect(isConfiguredHosts(config)).toBe(false);
    expect(allowedHosts(config, 'npm')).toEqual(['registry.npmjs.org', 'registry.yarnpkg.com']);
    expect(allowedHosts(config, 'PyPI')).toEqual(['pypi.org', 'files.pythonhosted.org', 'pypi.python.org']);
    config.lockfile['allowed-hosts'] = ['https://Npm.Acme.io/', '*.corp.example'];
    expect(isConfiguredHosts(config)).toBe(true);
    expect(allowedHosts(config, 'Go')).toEqual(['npm.acme.io', '*.corp.example']);
  });
});
