/** Source URLs as lockfiles and package-manager config write them, and their transport. */

const MAX_URL = 8192;

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

const INSECURE_SCHEMES = new Set([
  'http',
  'git',
  'git+http',
  'registry+http',
  'sparse+http',
  'svn',
  'svn+http',
  'hg+http',
  'bzr+http',
]);

/** Schemes that fetch code without transport security. */
export function isInsecureScheme(scheme: string | undefined): boolean {
  return scheme !== undefined && INSECURE_SCHEMES.has(scheme);
}
