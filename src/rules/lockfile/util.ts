/** Helpers shared by the lockfile and package-manager config rules (hosts, URLs, hashes, ids). */
import type { Ecosystem, LockfileModel, Package } from '../../formats/lockfile/model.js';
import { spanAt, type Hit, type Pos, type Span } from '../../core/index.js';
import type { Config } from '../../config/schema.js';

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
  const v = value
    .replace(/^(registry|sparse)\+/, '')
    .replace(/\/+$/, '')
    .replace(/\.git$/, '');
  return DEFAULT_REGISTRY_URLS.includes(v);
}

/** The npm registry hosts whose URL layout is known (`/<name>/-/<file>.tgz`). */
export const NPM_REGISTRY_HOSTS = new Set([
  'registry.npmjs.org',
  'registry.yarnpkg.com',
  'registry.npmjs.com',
]);

const MAX_URL = 8192;

/** `name@version` with the real name for npm aliases: what ignore entries and advisories name. */
export function pkgId(p: Package): string {
  const name = p.realName ?? p.name;
  if (p.version !== '') return `${name}@${p.version}`;
  return p.commit ? `${name}@${p.commit.slice(0, 12)}` : name;
}

/** `name@version` for messages (the name alone when the lockfile records no version). */
export function display(p: Package): string {
  const name = p.realName ?? p.name;
  return p.version !== '' ? `${name}@${p.version}` : name;
}

/** The name an advisory would use: the real package name (npm aliases resolve to it). */
export function realName(p: Package): string {
  return p.realName ?? p.name;
}

/**
 * `length` characters from `pos` on one line, at least one and at most 10,000: where a finding on
 * a lockfile value points (values can be megabytes long).
 */
function valueSpan(pos: Pos, length: number | undefined): Span {
  return spanAt(pos, Math.max(1, Math.min(length ?? 1, 10_000)));
}

/** Where findings about the source URL point: the `resolved` value if known, else the entry. */
export function resolvedSpan(p: Package): Span {
  return p.resolvedLine !== undefined
    ? valueSpan({ line: p.resolvedLine, column: p.resolvedColumn ?? 1 }, p.resolved?.length)
    : entrySpan(p);
}

/** The entry itself (its key in the lockfile). */
export function entrySpan(p: Package): Span {
  return valueSpan(p, p.name.length);
}

/** Where findings about the hash point: the integrity value if known, else the entry. */
export function integritySpan(p: Package): Span {
  return p.integrityLine !== undefined
    ? valueSpan({ line: p.integrityLine, column: p.integrityColumn ?? 1 }, p.integrity?.length)
    : entrySpan(p);
}

/**
 * Parses a source URL as written in a lockfile. Strips the prefixes some formats put before the
 * real scheme (`registry+`, `sparse+` in Cargo.lock; `git+` everywhere). Returns undefined for
 * values that are not absolute URLs (`npm:1.0.0`, `file:../x`, a bare path) or are too long.
 */
export function parseSourceUrl(value: string | undefined): URL | undefined {
  if (!value || value.length > MAX_URL) return undefined;
  let v = value.trim();
  for (const prefix of ['registry+', 'sparse+', 'git+']) {
    if (v.toLowerCase().startsWith(prefix)) v = v.slice(prefix.length);
  }
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(v.slice(0, 40))) return undefined;
  try {
    return new URL(v);
  } catch {
    return undefined;
  }
}

/** The URL scheme as written (lower-cased, without `:`), including `git+http` forms. */
export function schemeOf(value: string): string | undefined {
  const m = /^([a-z][a-z0-9+.-]*):/i.exec(value.slice(0, 40).trim());
  return m ? m[1]!.toLowerCase() : undefined;
}

/** Schemes that fetch code without transport security. */
export function isInsecureScheme(scheme: string | undefined): boolean {
  return (
    scheme === 'http' ||
    scheme === 'git' ||
    scheme === 'git+http' ||
    scheme === 'registry+http' ||
    scheme === 'sparse+http' ||
    scheme === 'svn' ||
    scheme === 'svn+http' ||
    scheme === 'hg+http' ||
    scheme === 'bzr+http'
  );
}

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
  const host = slash === -1 ? e : e.slice(0, slash);
  return host.endsWith('.') ? host.slice(0, -1) : host;
}

export function hostMatches(host: string, pattern: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (pattern.startsWith('*.')) {
    const suffix = pattern.slice(1);
    return h.endsWith(suffix) && h.length > suffix.length;
  }
  // A configured host with a port matches only that port; without one, any port of that host.
  return h === pattern || (pattern.includes(':') ? false : h.split(':')[0] === pattern);
}

/** The allowed-host patterns for one ecosystem: the configured list, or its public defaults. */
export function allowedHosts(config: Config, ecosystem: Ecosystem): string[] {
  const configured = config.lockfile['allowed-hosts'];
  if (configured.length > 0) return configured.map(hostPattern);
  return [...DEFAULT_ALLOWED_HOSTS[ecosystem]];
}

export function isConfiguredHosts(config: Config): boolean {
  return config.lockfile['allowed-hosts'].length > 0;
}

export function isAllowedHost(host: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => hostMatches(host, p));
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

/** `host` with `:port` when the URL has a non-default port. */
export function hostWithPort(u: URL): string {
  return u.port ? `${u.hostname}:${u.port}` : u.hostname;
}

export const FULL_COMMIT = /^[0-9a-f]{40}$/i;

/** Values after `#` in a git URL: `#<sha>`, `#commit=<sha>&path=x`, `#semver:^1`. */
export function fragmentValues(resolved: string | undefined): { key?: string; value: string }[] {
  if (!resolved) return [];
  const hash = resolved.indexOf('#');
  if (hash === -1) return [];
  const frag = resolved.slice(hash + 1, hash + 1 + 4096);
  const out: { key?: string; value: string }[] = [];
  for (const part of frag.split('&')) {
    if (part === '') continue;
    let eq = part.indexOf('=');
    // `commit=`, `semver:`-less keys only: a value such as `--upload-pack=x` is not a key.
    if (eq !== -1 && !/^[a-z][a-z-]{0,30}$/i.test(part.slice(0, eq))) eq = -1;
    let value = eq === -1 ? part : part.slice(eq + 1);
    try {
      value = decodeURIComponent(value);
    } catch {
      // keep as written
    }
    out.push(eq === -1 ? { value } : { key: part.slice(0, eq), value });
  }
  return out;
}

/** The 40-hex commit a git entry is locked to, from `commit` or the URL fragment, if any. */
export function lockedCommit(p: Package): string | undefined {
  if (p.commit && FULL_COMMIT.test(p.commit)) return p.commit;
  for (const f of fragmentValues(p.resolved)) {
    if ((f.key === undefined || f.key === 'commit') && FULL_COMMIT.test(f.value)) return f.value;
  }
  return undefined;
}

/** A git-hosted archive URL (codeload / archive / zipball) that names a full commit. */
export function isCommitArchive(u: URL | undefined): boolean {
  if (!u) return false;
  const segs = u.pathname.split('/');
  return segs.some((s) => FULL_COMMIT.test(s.replace(/\.(tar\.gz|tgz|zip)$/i, '')));
}

/** One SRI-style hash token: `sha512-...`, `sha256:...`, `sha1-...`, Berry `10c0/<hex>`. */
export interface HashToken {
  alg: string;
  digest: string;
}

/** Splits an integrity value into hash tokens; unknown shapes come back with alg `unknown`. */
export function parseHashes(integrity: string | undefined): HashToken[] {
  if (!integrity) return [];
  // The common case, one SRI sha512 token, without the general tokenizer.
  if (integrity.startsWith('sha512-') && integrity.length < 200 && !/\s/.test(integrity)) {
    return [{ alg: 'sha512', digest: integrity.slice(7) }];
  }
  const out: HashToken[] = [];
  for (const raw of integrity.slice(0, 1 << 16).split(/[\s,]+/)) {
    const tok = raw.replace(/^--hash=/, '');
    if (tok === '') continue;
    const m = /^(sha1|sha224|sha256|sha384|sha512|md5|blake2b_256|h1)[-:=]/i.exec(tok);
    if (m) {
      out.push({ alg: m[1]!.toLowerCase(), digest: tok.slice(m[0].length) });
      continue;
    }
    const slash = tok.indexOf('/');
    if (slash > 0 && slash < 12 && /^[0-9a-z]+$/i.test(tok.slice(0, slash))) {
      out.push({ alg: `berry-${tok.slice(0, slash)}`, digest: tok.slice(slash + 1) });
      continue;
    }
    if (/^[0-9a-f]{128}$/i.test(tok)) out.push({ alg: 'berry', digest: tok });
    else if (/^[0-9a-f]{64}$/i.test(tok)) out.push({ alg: 'sha256', digest: tok });
    else if (/^[0-9a-f]{40}$/i.test(tok)) out.push({ alg: 'sha1', digest: tok });
    else out.push({ alg: 'unknown', digest: tok });
  }
  return out;
}

const WEAK = new Set(['sha1', 'md5']);

/** True when every hash present is weak (sha1/md5) and at least one is present. */
export function onlyWeakHashes(integrity: string | undefined): boolean {
  const hs = parseHashes(integrity);
  return hs.length > 0 && hs.every((h) => WEAK.has(h.alg));
}

/** Yarn classic writes the registry's sha1 as `resolved "...tgz#<sha1>"` before `integrity` existed. */
export function resolvedSha1(p: Package): string | undefined {
  if (!p.resolved) return undefined;
  const hash = p.resolved.lastIndexOf('#');
  if (hash === -1) return undefined;
  const frag = p.resolved.slice(hash + 1);
  return /^[0-9a-f]{40}$/i.test(frag) && p.source !== 'git' ? frag : undefined;
}

/** Trims a value for messages and evidence (lockfile values can be megabytes long). */
export function short(value: string, max = 200): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

/** What a finding on one package carries: `package` for ignore entries, evidence `name@version value`. */
export function packageFields(p: Package, offending: string | undefined): Pick<Hit, 'evidence' | 'package'> {
  const id = pkgId(p);
  return { evidence: offending ? `${id} ${short(offending)}` : id, package: id };
}

/** Conflict markers reported by the parser, or found by a line scan when the parser has none. */
export function conflictMarkers(model: LockfileModel): { line: number; column: number }[] {
  const fromParser = (model as LockfileModel & { conflictMarkers?: { line: number; column: number }[] })
    .conflictMarkers;
  if (fromParser) return fromParser;
  const out: { line: number; column: number }[] = [];
  const text = model.text;
  let line = 1;
  let start = 0;
  while (start <= text.length) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl;
    const c = text.charCodeAt(start);
    if ((c === 60 || c === 61 || c === 62 || c === 124) && end - start >= 7) {
      const head = text.slice(start, start + 8);
      if (
        head.startsWith('<<<<<<<') ||
        head.startsWith('>>>>>>>') ||
        head.startsWith('|||||||') ||
        /^=======\r?$/.test(text.slice(start, Math.min(end + 1, start + 9)).replace(/\n$/, ''))
      ) {
        out.push({ line, column: 1 });
      }
    }
    if (nl === -1) break;
    start = nl + 1;
    line++;
  }
  return out;
}

/** The directory part of a repo-relative path ('' for the root). */
export function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i === -1 ? '' : path.slice(0, i);
}

export function joinPath(dir: string, rel: string): string {
  if (dir === '' || dir === '.') return rel;
  return `${dir}/${rel}`;
}

/** The ecosystem of a lockfile format, for facts the model holds per file (declared registries). */
export function ecosystemOfFormat(format: LockfileModel['format']): Ecosystem {
  switch (format) {
    case 'requirements':
    case 'pipfile':
    case 'poetry':
    case 'uv':
      return 'PyPI';
    case 'go-sum':
      return 'Go';
    case 'cargo':
      return 'crates.io';
    case 'gemfile':
      return 'RubyGems';
    case 'composer':
      return 'Packagist';
    default:
      return 'npm';
  }
}
