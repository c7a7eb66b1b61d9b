/** Source URLs as lockfiles and package-manager config write them, and their transport. */
import { hasExpansion, type SpecGrade } from './grade.js';

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

/**
 * How fixed a download is. `locked` when its bytes are checked or content-addressed (the caller
 * knows: `ADD --checksum`, a checksum or signature check after it, a URL naming a full commit);
 * otherwise the URL is a name the server may serve other bytes under: `exact` when a path
 * segment names a version (`/v1.2.3/`, `tool-1.4.0.tar.gz`), like a tag; `unpinned` when nothing
 * in it does (`https://get.example.sh`, `/latest/`); `unknown` when a build-time variable is part
 * of it (it may hold the version). Linear: one pass over a bounded prefix.
 */
export function gradeDownloadUrl(url: string, contentChecked: boolean): SpecGrade {
  if (contentChecked) return 'locked';
  const head = url.slice(0, MAX_URL);
  if (hasExpansion(head)) return 'unknown';
  const q = head.search(/[?#]/);
  const path = (q === -1 ? head : head.slice(0, q)).replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  const segments = path.split('/');
  if (segments.some((s) => s.toLowerCase() === 'latest')) return 'unpinned';
  return segments.some(hasDottedNumber) ? 'exact' : 'unpinned';
}

/** A digit, a dot, a digit somewhere in `s` (`1.2`): a linear scan, not `/\d+\.\d+/` (which backtracks). */
function hasDottedNumber(s: string): boolean {
  const digit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
  for (let i = 1; i < s.length - 1; i++) if (s[i] === '.' && digit(s[i - 1]) && digit(s[i + 1])) return true;
  return false;
}
