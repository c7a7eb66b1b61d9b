/**
 * Hosts and registries: each ecosystem's public registry hosts, the `lockfile.allowed-hosts`
 * patterns (`npm.acme.io`, `*.acme.io`, a URL) and how a source's host is read and matched.
 */
import type { Config, Ecosystem } from '../core/index.js';
import { parseSourceUrl } from './urls.js';
import { trimTrailing } from '../core/trim.js';

/**
 * Each ecosystem's public registry hosts: where a lockfile entry may be downloaded from when
 * `lockfile.allowed-hosts` is not configured. A configured list replaces all of these.
 * npm: the npm registry and the Yarn registry (a mirror of it that Yarn writes by default).
 * PyPI: the index and its file host. Composer: Packagist and the GitHub archive hosts that
 * Packagist-resolved `dist` URLs point at. Go: the default module proxy and checksum database.
 * crates.io's git index (`registry+https://github.com/rust-lang/crates.io-index`) is matched by
 * URL in {@link isDefaultRegistryUrl}, so that GitHub as a whole is not an allowed crates host.
 */
export const DEFAULT_ALLOWED_HOSTS: Record<Ecosystem, readonly string[]> = {
  npm: ['registry.npmjs.org', 'registry.yarnpkg.com'],
  PyPI: ['pypi.org', 'files.pythonhosted.org', 'pypi.python.org'],
  'crates.io': ['crates.io', 'static.crates.io', 'index.crates.io'],
  RubyGems: ['rubygems.org', 'index.rubygems.org'],
  Packagist: ['repo.packagist.org', 'packagist.org', 'api.github.com', 'codeload.github.com', 'github.com'],
  Go: ['proxy.golang.org', 'sum.golang.org'],
};

const DEFAULT_REGISTRY_URLS = ['https://github.com/rust-lang/crates.io-index'];

/** The default registry of an ecosystem named by its index URL rather than by host. */
export function isDefaultRegistryUrl(value: string): boolean {
  const v = trimTrailing(value.replace(/^(registry|sparse)\+/, ''), '/').replace(/\.git$/, '');
  return DEFAULT_REGISTRY_URLS.includes(v);
}

/** The npm registry hosts whose URL layout is known (`/<name>/-/<file>.tgz`). */
export const NPM_REGISTRY_HOSTS: ReadonlySet<string> = new Set([
  'registry.npmjs.org',
  'registry.yarnpkg.com',
  'registry.npmjs.com',
]);

/** Reduces a configured allowed-hosts entry (`npm.acme.io`, `*.acme.io`, a full URL) to a host pattern. */
export function hostPattern(entry: string): string {
  const e = entry.trim().toLowerCase();
  if (e.includes('://')) {
    try {
      return new URL(e).hostname;
    } catch {
      return e;
    }
  }
  const slash = e.indexOf('/');
  let host = slash === -1 ? e : e.slice(0, slash);
  if (host.endsWith('.')) host = host.slice(0, -1);
  return /[^\x00-\x7f]/.test(host) ? asciiPattern(host) : host;
}

/**
 * Source URLs carry international names in punycode (`https://bücher.example/` has the host
 * `xn--bcher-kva.example`), so a pattern written in Unicode is converted the same way.
 */
function asciiPattern(pattern: string): string {
  const wildcard = pattern.startsWith('*.');
  const body = wildcard ? pattern.slice(2) : pattern;
  const colon = body.lastIndexOf(':');
  const port = colon !== -1 && /^\d{1,5}$/.test(body.slice(colon + 1)) ? body.slice(colon) : '';
  const name = port ? body.slice(0, colon) : body;
  try {
    return `${wildcard ? '*.' : ''}${new URL(`http://${name}/`).hostname}${port}`;
  } catch {
    return pattern;
  }
}

/**
 * `*.acme.io` matches any sub-domain of acme.io but not acme.io itself. A pattern with a port
 * matches only that port; without one, any port of that host.
 */
export function hostMatches(host: string, pattern: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (pattern.startsWith('*.')) {
    const suffix = pattern.slice(1);
    return h.endsWith(suffix) && h.length > suffix.length;
  }
  return h === pattern || (pattern.includes(':') ? false : h.split(':')[0] === pattern);
}

export function isAllowedHost(host: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => hostMatches(host, p));
}

/** The allowed-host patterns for one ecosystem: the configured list, or its public defaults. */
export function allowedHosts(config: Config, ecosystem: Ecosystem): string[] {
  const configured = config.lockfile['allowed-hosts'];
  if (configured.length > 0) return configured.map(hostPattern);
  return [...DEFAULT_ALLOWED_HOSTS[ecosystem]];
}

/** `host` with `:port` when the URL has a non-default port. */
export function hostWithPort(u: URL): string {
  return u.port ? `${u.hostname}:${u.port}` : u.hostname;
}

/**
 * The host (with `:port`) of an http(s) source, read without a full URL parse when the authority
 * is a plain host name; anything unusual (credentials, escapes, IPv6, other schemes) goes through
 * the WHATWG parser. Undefined when the value is not an absolute URL with a host.
 */
export function sourceHost(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const start = value.startsWith('https://') ? 8 : value.startsWith('http://') ? 7 : -1;
  if (start !== -1) {
    let end = start;
    const max = Math.min(value.length, start + 256);
    while (end < max) {
      const c = value.charCodeAt(end);
      if (c === 47 || c === 63 || c === 35) break; // / ? #
      end++;
    }
    const auth = value.slice(start, end);
    if (/^[a-z0-9.-]+(:\d{1,5})?$/.test(auth)) {
      const host = auth.endsWith('.') ? auth.slice(0, -1) : auth;
      if (auth.endsWith(':443') && start === 8) return host.slice(0, -4);
      if (auth.endsWith(':80') && start === 7) return host.slice(0, -3);
      return host;
    }
  }
  const u = parseSourceUrl(value);
  return u && u.hostname !== '' ? hostWithPort(u) : undefined;
}

/** True when `lockfile.allowed-hosts` replaces the public defaults. */
export function isConfiguredHosts(config: Config): boolean {
  return config.lockfile['allowed-hosts'].length > 0;
}
