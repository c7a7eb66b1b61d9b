/**
 * Git references: what a commit looks like, how fixed a ref is, and the `#fragment` that
 * lockfiles and package managers append to git URLs. Every check for "a full commit" in Bulkhead
 * goes through {@link isFullCommit}.
 */
import { hasExpansion, type SpecGrade } from './grade.js';

const HEX = /^[0-9a-f]+$/i;

/** A full object name: 40 hex digits (SHA-1 repositories) or 64 (SHA-256 repositories). */
export function isFullCommit(s: string): boolean {
  return (s.length === 40 || s.length === 64) && HEX.test(s);
}

/** An abbreviated commit (7-39 hex digits with at least one digit): fixed in practice, not by construction. */
export function isShortCommit(s: string): boolean {
  return s.length >= 7 && s.length <= 39 && HEX.test(s) && /\d/.test(s);
}

/** `v1.2.3`, `1.2`, `release-1.4`, `jdk-21.0.1+12`, `v2_02_103`: a name that looks like a release. */
function isReleaseName(ref: string): boolean {
  return /^v?\d/.test(ref) || /\d\.\d/.test(ref);
}

/** `v4`, `2`: a major-version tag, which by convention is moved to every release of that major. */
function isMajorOnly(ref: string): boolean {
  return /^v?\d{1,9}$/.test(ref);
}

/** A branch or tag name (`git clone --branch`, `tag=`): git never reads it as a commit. */
export function gradeGitName(name: string): SpecGrade {
  if (name === '') return 'unpinned';
  if (hasExpansion(name)) return 'unknown';
  return isReleaseName(name) && !isMajorOnly(name) ? 'exact' : 'floating';
}

/**
 * A ref that may name a commit (`git checkout <ref>`, a URL's `#<ref>`, pip's `@<ref>`): a full
 * commit is `locked`; a short commit or a release tag is `exact` (it can still be re-pointed);
 * a branch or a major-version tag is `floating`; nothing is `unpinned`.
 */
export function gradeGitRef(ref: string): SpecGrade {
  if (ref === '') return 'unpinned';
  if (hasExpansion(ref)) return 'unknown';
  if (isFullCommit(ref)) return 'locked';
  if (isShortCommit(ref)) return 'exact';
  return gradeGitName(ref);
}

/** One `&`-separated part of a git URL fragment; `key` only for `key=value` parts. */
export interface FragmentPart {
  key?: string;
  value: string;
}

const MAX_FRAGMENT = 4096;

/**
 * The parts after `#` in a git URL: `#<sha>`, `#commit=<sha>&path=x`, `#semver:^1`, `#v1.2.3`.
 * Values are percent-decoded. A key is a word (`commit`, `tag`, `head`, `path`): in
 * `#--upload-pack=x` the whole part is a value, so a caller that rejects option-like refs sees it.
 */
export function gitFragmentParts(url: string | undefined): FragmentPart[] {
  if (!url) return [];
  const hash = url.indexOf('#');
  if (hash === -1) return [];
  const frag = url.slice(hash + 1, hash + 1 + MAX_FRAGMENT);
  const out: FragmentPart[] = [];
  for (const part of frag.split('&')) {
    if (part === '') continue;
    let eq = part.indexOf('=');
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

const REF_KEYS = new Set(['tag', 'head', 'semver']);

/**
 * The commit or ref a git URL's fragment names: `commit=` wins (Berry writes `#<ref>&commit=<sha>`),
 * else the first bare, `tag=`, `head=` or `semver=` part.
 */
export function gitFragment(url: string | undefined): string | undefined {
  let fallback: string | undefined;
  for (const f of gitFragmentParts(url)) {
    if (f.key === 'commit') return f.value;
    if (fallback === undefined && (f.key === undefined || REF_KEYS.has(f.key))) fallback = f.value;
  }
  return fallback;
}

/** The full commit a git entry is locked to, from its `commit` or its URL fragment, if any. */
export function lockedCommit(entry: { commit?: string; resolved?: string }): string | undefined {
  if (entry.commit && isFullCommit(entry.commit)) return entry.commit;
  for (const f of gitFragmentParts(entry.resolved)) {
    if ((f.key === undefined || f.key === 'commit') && isFullCommit(f.value)) return f.value;
  }
  return undefined;
}

/** A git-hosted archive URL (codeload, `/archive/`, zipball) whose path names a full commit. */
export function isCommitArchive(u: URL | undefined): boolean {
  if (!u) return false;
  return u.pathname.split('/').some((s) => isFullCommit(s.replace(/\.(tar\.gz|tgz|zip)$/i, '')));
}

/**
 * How fixed a git URL is by its fragment: `commit=` decides when present; `#semver:^1` (or
 * `semver=`) is a range; otherwise the ref it names; no fragment is the default branch.
 */
export function gradeGitFragment(url: string): SpecGrade {
  let ref: FragmentPart | undefined;
  for (const f of gitFragmentParts(url)) {
    if (f.key === 'commit') return gradeGitRef(f.value);
    if (ref === undefined && (f.key === undefined || REF_KEYS.has(f.key))) ref = f;
  }
  if (ref === undefined) return 'unpinned';
  if (ref.key === 'semver' || ref.value.startsWith('semver:')) {
    return hasExpansion(ref.value) ? 'unknown' : 'floating';
  }
  return gradeGitRef(ref.value);
}

/** GitHub's owner rule (alphanumerics and hyphens, at most 39) and repository rule. */
const GITHUB_OWNER = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}$/;
const GITHUB_REPO = /^[A-Za-z0-9._-]{1,100}$/;
const MAX_REF = 255;

/** True for an owner and repository GitHub could hold; only such names are ever put in an API URL. */
export function isGitHubRepoName(owner: string, repo: string): boolean {
  return GITHUB_OWNER.test(owner) && GITHUB_REPO.test(repo) && repo !== '.' && repo !== '..';
}

/**
 * True for a ref git could hold (git check-ref-format, reduced): no control characters, blanks,
 * `~^:?*[\`, `..`, `@{`, empty or dot-led segments, or a `.lock` or `.` ending.
 */
export function isGitRefName(ref: string): boolean {
  if (ref.length === 0 || ref.length > MAX_REF) return false;
  if (/[\u0000-\u0020\u007f~^:?*[\\]/.test(ref)) return false;
  if (ref.includes('..') || ref.includes('@{') || ref === '@') return false;
  if (ref.endsWith('.') || ref.endsWith('.lock')) return false;
  return ref.split('/').every((s) => s !== '' && !s.startsWith('.'));
}
