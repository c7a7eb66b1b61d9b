/**
 * Package references written on a command line (pip, npm, gem, go, cargo, composer, apt, apk,
 * rpm, zypper) and how fixed they are (see DESIGN.md "References and how fixed they are").
 *
 * Every parser takes the text of ONE argument word. A `$` or a backtick marks text whose value is
 * only known at build time (the shell model keeps unknown expansions as their source text): a
 * name that contains one is `unknown`, and so is a version made of one — Bulkhead never guesses.
 * All parsers are linear in their input and never throw.
 */
import semver from 'semver';
import type { Ecosystem } from '../core/index.js';
import { gradeGitFragment, gradeGitRef, isFullCommit, isShortCommit } from './git.js';
import { hasExpansion, type SpecGrade } from './grade.js';

/**
 * System package managers. Their packages belong to a distribution (Debian, Ubuntu, Alpine,
 * Fedora, ...) that a command line does not name, so they have no ecosystem of their own.
 */
export type OsPackager = 'apt' | 'apk' | 'rpm' | 'zypper';

/**
 * - `registry`: name (and version) resolved through the ecosystem's registry or repositories;
 * - `local`: a file or directory in the build (wheel, `.deb`, `.`, `./pkg`, `file:`), never fetched;
 * - `url`: an archive fetched from a URL (the download rules judge those);
 * - `vcs`: a git (or other VCS) source, pinned only by a full commit;
 * - `unknown`: not recognisable (a variable, a group like `@development`, a capability `perl(X)`).
 */
export type SpecKind = 'registry' | 'local' | 'url' | 'vcs' | 'unknown';

export interface PackageSpec {
  ecosystem: Ecosystem | OsPackager;
  /** The text as given. */
  raw: string;
  kind: SpecKind;
  /** Package name when known (`@scope/name`, `requests`, `golang.org/x/tools/gopls`). */
  name?: string;
  /** Version, range, tag or git ref as written (`1.2.3`, `>=1.0`, `latest`, `v1.2.3`, a commit). */
  version?: string;
  grade: SpecGrade;
}

const MAX_SPEC = 4096;

/** `pkg`, `pkg=1.2`, `pkg@x`: package spec for `Hit.package` (what config `ignore:` entries name). */
export function packageLabel(spec: PackageSpec): string {
  if (!spec.name) return spec.raw;
  return spec.version !== undefined && spec.version !== '' ? `${spec.name}@${spec.version}` : spec.name;
}

function unknownSpec(ecosystem: PackageSpec['ecosystem'], raw: string, name?: string): PackageSpec {
  return { ecosystem, raw, kind: 'unknown', name, grade: 'unknown' };
}

const URL_SCHEME = /^[a-z][a-z0-9+.-]{0,20}:\/\//i;

function isUrl(s: string): boolean {
  return URL_SCHEME.test(s);
}

/** A path as a package manager would read it: `.`, `..`, `./x`, `/x`, `~/x`, `file:x`, `C:\x`. */
function looksLikePath(s: string): boolean {
  return (
    s === '.' ||
    s === '..' ||
    s.startsWith('./') ||
    s.startsWith('../') ||
    s.startsWith('/') ||
    s.startsWith('~/') ||
    s.startsWith('.\\') ||
    s.toLowerCase().startsWith('file:') ||
    /^[a-z]:[\\/]/i.test(s)
  );
}

function endsWithAny(s: string, suffixes: readonly string[]): boolean {
  const l = s.toLowerCase();
  return suffixes.some((x) => l.endsWith(x));
}

const ARCHIVE_SUFFIXES = ['.tar.gz', '.tgz', '.tar.bz2', '.tar.xz', '.tar', '.zip', '.whl'];

// ---------------------------------------------------------------------------------------------
// Python (PEP 508 / pip requirement specifiers)

const PEP508_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,200}[A-Za-z0-9])?$/;
const PIP_OPERATORS = ['===', '==', '~=', '!=', '<=', '>=', '<', '>'];

/** Grade of a `#egg=`-style VCS URL (`git+https://host/repo@ref#egg=name`). */
function gradeVcsUrl(eco: Ecosystem, raw: string, url: string, name?: string): PackageSpec {
  const hash = url.indexOf('#');
  const fragment = hash === -1 ? '' : url.slice(hash + 1);
  const body = hash === -1 ? url : url.slice(0, hash);
  let egg = name;
  if (!egg) {
    for (const part of fragment.split('&')) if (part.startsWith('egg=')) egg = part.slice(4);
  }
  // The ref follows the last `@` after the host part (`user@host` credentials come before it).
  const schemeEnd = body.indexOf('://');
  const pathStart = schemeEnd === -1 ? 0 : body.indexOf('/', schemeEnd + 3);
  const at = pathStart === -1 ? -1 : body.lastIndexOf('@');
  const ref = at > pathStart && pathStart !== -1 ? body.slice(at + 1) : undefined;
  if (ref === undefined || ref === '')
    return { ecosystem: eco, raw, kind: 'vcs', name: egg, grade: 'unpinned' };
  if (hasExpansion(ref))
    return { ecosystem: eco, raw, kind: 'vcs', name: egg, version: ref, grade: 'unknown' };
  return {
    ecosystem: eco,
    raw,
    kind: 'vcs',
    name: egg,
    version: ref,
    grade: gradeGitRef(ref),
  };
}

/** Grade of a version-specifier list such as `==1.2.3`, `>=1,<2`, `~=1.4`, `==1.*`. */
export function gradePipSpecifier(spec: string): SpecGrade {
  const s = spec.trim();
  if (s === '') return 'unpinned';
  let exact = false;
  let unknown = false;
  for (const clause of s.split(',')) {
    const c = clause.trim();
    const op = PIP_OPERATORS.find((o) => c.startsWith(o));
    if (!op) return 'unknown';
    const v = c.slice(op.length).trim();
    if (v === '') return 'unknown';
    if (hasExpansion(v)) {
      if (op === '==' || op === '===') unknown = true;
      continue;
    }
    if ((op === '==' || op === '===') && !v.includes('*')) exact = true;
  }
  if (exact) return 'exact';
  return unknown ? 'unknown' : 'floating';
}

/**
 * One pip/pipx/uv requirement argument: `name`, `name[extra]==1.2`, `name>=1,<2; python_version<"3.12"`,
 * `name @ https://...`, `git+https://...@ref#egg=name`, a URL, a wheel or sdist file, a directory.
 * A URL with `#sha256=` is locked; an archive URL is `url` (judged by the download rules).
 */
export function parsePipSpec(raw: string): PackageSpec {
  const eco: Ecosystem = 'PyPI';
  if (raw.length > MAX_SPEC) return unknownSpec(eco, raw.slice(0, 80));
  let s = raw.trim();
  const semi = s.indexOf(';');
  if (semi !== -1) s = s.slice(0, semi).trim(); // environment marker
  if (s === '') return unknownSpec(eco, raw);
  const lower = s.toLowerCase();
  if (/^(git|hg|svn|bzr)\+/.test(lower)) return gradeVcsUrl(eco, raw, s);
  if (isUrl(s)) {
    if (/[#&](sha256|sha384|sha512)=[0-9a-f]{64,128}/i.test(s))
      return { ecosystem: eco, raw, kind: 'url', grade: 'locked' };
    return { ecosystem: eco, raw, kind: 'url', grade: 'exact' };
  }
  const direct = /^([A-Za-z0-9._-]{1,200})\s*(?:(\[[^\]]{0,200}\])\s*)?@/.exec(s);
  if (direct) {
    const url = s.slice(direct[0].length).trim();
    if (/^(git|hg|svn|bzr)\+/i.test(url)) return gradeVcsUrl(eco, raw, url, direct[1]);
    if (!isUrl(url) && !looksLikePath(url)) return unknownSpec(eco, raw, direct[1]);
    return { ...parsePipSpec(url), raw, name: direct[1] };
  }
  if (looksLikePath(s) || endsWithAny(s, ARCHIVE_SUFFIXES) || s.includes('/') || s.includes('\\'))
    return {
      ecosystem: eco,
      raw,
      kind: hasExpansion(s) ? 'unknown' : 'local',
      grade: hasExpansion(s) ? 'unknown' : 'locked',
    };
  // name [extras] [specifier] | name [extras] @ url
  let i = 0;
  while (i < s.length && /[A-Za-z0-9._\-$`{}]/.test(s[i]!)) i++;
  const name = s.slice(0, i);
  if (!name) return unknownSpec(eco, raw);
  if (hasExpansion(name)) return unknownSpec(eco, raw);
  if (!PEP508_NAME.test(name)) return unknownSpec(eco, raw, name);
  let rest = s.slice(i).trimStart();
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close === -1) return unknownSpec(eco, raw, name);
    rest = rest.slice(close + 1).trimStart();
  }
  if (rest.startsWith('(') && rest.endsWith(')')) rest = rest.slice(1, -1);
  const grade = gradePipSpecifier(rest);
  if (grade === 'unknown' && rest !== '' && !PIP_OPERATORS.some((o) => rest.startsWith(o)))
    return unknownSpec(eco, raw, name);
  return { ecosystem: eco, raw, kind: 'registry', name, version: rest || undefined, grade };
}

// ---------------------------------------------------------------------------------------------
// npm (npm, yarn, pnpm, bun: `npm-package-arg` forms)

const NPM_NAME = /^(?:@[a-z0-9][a-z0-9._~-]{0,213}\/)?[a-z0-9._~][a-z0-9._~-]{0,213}$/i;
const GIT_HOSTS = ['github:', 'gitlab:', 'bitbucket:', 'gist:'];

/** The grade of what follows `name@`: an exact version, a range, a dist-tag, nothing. */
export function gradeNpmVersion(v: string): SpecGrade {
  const s = v.trim();
  if (s === '' || s === '*' || s === 'x' || s.toLowerCase() === 'latest') return 'unpinned';
  if (hasExpansion(s)) return 'unknown';
  if (semver.valid(s.replace(/^=\s*/, ''))) return 'exact';
  if (semver.validRange(s)) return 'floating';
  // A dist-tag (`next`, `beta`, `lts`): a label the publisher moves.
  return 'floating';
}

function gitSpec(eco: Ecosystem, raw: string, url: string, name?: string): PackageSpec {
  const hash = url.indexOf('#');
  const ref = hash === -1 ? '' : url.slice(hash + 1);
  if (ref === '') return { ecosystem: eco, raw, kind: 'vcs', name, grade: 'unpinned' };
  return { ecosystem: eco, raw, kind: 'vcs', name, version: ref, grade: gradeGitFragment(url) };
}

/**
 * `name`, `name@1.2.3`, `name@^1`, `name@latest`, `@scope/name@tag`, `alias@npm:real@1.2.3`,
 * `git+ssh://...#ref`, `github:user/repo#ref`, `user/repo`, tarball URLs, `file:`/paths, `*.tgz`.
 */
export function parseNpmSpec(raw: string, depth = 0): PackageSpec {
  const eco: Ecosystem = 'npm';
  if (raw.length > MAX_SPEC || depth > 2) return unknownSpec(eco, raw.slice(0, 80));
  const s = raw.trim();
  if (s === '') return unknownSpec(eco, raw);
  const lower = s.toLowerCase();
  if (looksLikePath(s) || endsWithAny(s, ['.tgz', '.tar.gz', '.tar']))
    return isUrl(s) && !lower.startsWith('file:')
      ? { ecosystem: eco, raw, kind: 'url', grade: 'exact' }
      : {
          ecosystem: eco,
          raw,
          kind: hasExpansion(s) ? 'unknown' : 'local',
          grade: hasExpansion(s) ? 'unknown' : 'locked',
        };
  if (lower.startsWith('git+') || lower.startsWith('git://') || GIT_HOSTS.some((h) => lower.startsWith(h)))
    return gitSpec(eco, raw, s);
  if (isUrl(s)) return { ecosystem: eco, raw, kind: 'url', grade: 'exact' };
  // Split name from spec at the first `@` after a leading scope `@`.
  const at = s.indexOf('@', s.startsWith('@') ? 1 : 0);
  const name = at === -1 ? s : s.slice(0, at);
  const version = at === -1 ? undefined : s.slice(at + 1);
  if (hasExpansion(name)) return unknownSpec(eco, raw);
  if (!name.startsWith('@') && name.includes('/')) {
    // `user/repo[#ref]`: GitHub shorthand (an unscoped name cannot contain `/`).
    if (at !== -1) return unknownSpec(eco, raw);
    return gitSpec(eco, raw, s);
  }
  if (!NPM_NAME.test(name)) return unknownSpec(eco, raw, name);
  if (version === undefined) return { ecosystem: eco, raw, kind: 'registry', name, grade: 'unpinned' };
  if (version.startsWith('npm:')) {
    const inner = parseNpmSpec(version.slice(4), depth + 1);
    return { ...inner, raw, name: inner.name ?? name };
  }
  const vlow = version.toLowerCase();
  if (vlow.startsWith('git+') || vlow.startsWith('git://') || GIT_HOSTS.some((h) => vlow.startsWith(h)))
    return gitSpec(eco, raw, version, name);
  if (isUrl(version)) return { ecosystem: eco, raw, kind: 'url', name, grade: 'exact' };
  if (looksLikePath(version)) return { ecosystem: eco, raw, kind: 'local', name, grade: 'locked' };
  return { ecosystem: eco, raw, kind: 'registry', name, version, grade: gradeNpmVersion(version) };
}

// ---------------------------------------------------------------------------------------------
// RubyGems

/** A `-v`/`--version` requirement: `1.2.3` and `= 1.2.3` are exact; `~> 1.2`, `>= 1` float. */
export function gradeGemVersion(v: string): SpecGrade {
  const s = v.trim();
  if (s === '') return 'unpinned';
  if (hasExpansion(s)) return 'unknown';
  if (s.includes(',')) {
    return s.split(',').some((c) => gradeGemVersion(c) === 'exact') ? 'exact' : 'floating';
  }
  const m = /^(=|!=|>=|<=|~>|>|<)?\s*v?(\d[0-9A-Za-z.\-+]*)$/.exec(s);
  if (!m) return 'unknown';
  return m[1] === undefined || m[1] === '=' ? 'exact' : 'floating';
}

/** `name`, `name:1.2.3` (gem's own short form), a `.gem` file. */
export function parseGemSpec(raw: string, versionFlag?: string): PackageSpec {
  const eco: Ecosystem = 'RubyGems';
  const s = raw.trim();
  if (s.length > MAX_SPEC || s === '') return unknownSpec(eco, s.slice(0, 80));
  if (endsWithAny(s, ['.gem']) || looksLikePath(s))
    return { ecosystem: eco, raw, kind: 'local', grade: 'locked' };
  const colon = s.indexOf(':');
  const name = colon === -1 ? s : s.slice(0, colon);
  if (hasExpansion(name)) return unknownSpec(eco, raw);
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$/.test(name)) return unknownSpec(eco, raw, name);
  const version = colon !== -1 ? s.slice(colon + 1) : versionFlag;
  if (version === undefined) return { ecosystem: eco, raw, kind: 'registry', name, grade: 'unpinned' };
  return { ecosystem: eco, raw, kind: 'registry', name, version, grade: gradeGemVersion(version) };
}

// ---------------------------------------------------------------------------------------------
// Go modules

const GO_META = new Set(['std', 'cmd', 'all', 'tool', 'work']);

/** A module query after `@`. Go's checksum database makes a full version effectively immutable. */
export function gradeGoVersion(v: string): SpecGrade {
  const s = v.trim();
  if (s === '' || s === 'latest') return 'unpinned';
  if (hasExpansion(s)) return 'unknown';
  if (/^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.test(s)) return 'exact';
  if (isFullCommit(s) || isShortCommit(s)) return 'exact';
  return 'floating'; // `upgrade`, `patch`, `v1`, `v1.2`, `>=v1.2.0`, a branch name
}

/**
 * `module/path[/...]@version` for `go install`/`go get`/`go run`. Without `@` the main module's
 * go.mod and go.sum decide (kind `local`); `./cmd/x`, `.` and `std`/`tool` are local too.
 */
export function parseGoSpec(raw: string): PackageSpec {
  const eco: Ecosystem = 'Go';
  const s = raw.trim();
  if (s.length > MAX_SPEC || s === '') return unknownSpec(eco, s.slice(0, 80));
  const at = s.lastIndexOf('@');
  const path = at === -1 ? s : s.slice(0, at);
  if (looksLikePath(path) || GO_META.has(path))
    return { ecosystem: eco, raw, kind: 'local', name: path, grade: 'locked' };
  if (hasExpansion(path)) return unknownSpec(eco, raw);
  if (!/^[A-Za-z0-9][A-Za-z0-9._~\-/+]{0,500}$/.test(path)) return unknownSpec(eco, raw, path);
  if (at === -1) return { ecosystem: eco, raw, kind: 'local', name: path, grade: 'locked' };
  const version = s.slice(at + 1);
  if (version === 'none')
    return { ecosystem: eco, raw, kind: 'registry', name: path, version, grade: 'locked' };
  return { ecosystem: eco, raw, kind: 'registry', name: path, version, grade: gradeGoVersion(version) };
}

// ---------------------------------------------------------------------------------------------
// Cargo

/** `cargo install --version`: a bare `1.2.3` (or `=1.2.3`) is exact; `~1.2`, `^1`, `1.2` float. */
export function gradeCargoVersion(v: string): SpecGrade {
  const s = v.trim();
  if (s === '') return 'unpinned';
  if (hasExpansion(s)) return 'unknown';
  if (/^=?\s*\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.test(s)) return 'exact';
  return 'floating';
}

/** `crate` or `crate@1.2.3`, graded with `--version` when given. */
export function parseCargoSpec(raw: string, versionFlag?: string): PackageSpec {
  const eco: Ecosystem = 'crates.io';
  const s = raw.trim();
  if (s.length > MAX_SPEC || s === '') return unknownSpec(eco, s.slice(0, 80));
  const at = s.indexOf('@');
  const name = at === -1 ? s : s.slice(0, at);
  if (hasExpansion(name)) return unknownSpec(eco, raw);
  if (!/^[A-Za-z0-9_][A-Za-z0-9_-]{0,100}$/.test(name)) return unknownSpec(eco, raw, name);
  const version = at !== -1 ? s.slice(at + 1) : versionFlag;
  if (version === undefined) return { ecosystem: eco, raw, kind: 'registry', name, grade: 'unpinned' };
  return { ecosystem: eco, raw, kind: 'registry', name, version, grade: gradeCargoVersion(version) };
}

// ---------------------------------------------------------------------------------------------
// Composer

/** A Composer constraint: `1.2.3`/`v1.2.3` exact; `^1.2`, `~1.2`, `1.*`, `>=1`, `dev-main` float. */
export function gradeComposerVersion(v: string): SpecGrade {
  const s = v.trim();
  if (s === '' || s === '*') return 'unpinned';
  if (hasExpansion(s)) return 'unknown';
  if (/^=?\s*v?\d+\.\d+\.\d+(?:\.\d+)?(?:-[0-9A-Za-z.]+)?$/.test(s)) return 'exact';
  const hash = s.indexOf('#');
  if (hash !== -1 && isFullCommit(s.slice(hash + 1))) return 'locked';
  return 'floating';
}

/** `vendor/pkg`, `vendor/pkg:^1.2`, `vendor/pkg=1.2.3`, `"vendor/pkg 1.2.3"`. */
export function parseComposerSpec(raw: string, separateVersion?: string): PackageSpec {
  const eco: Ecosystem = 'Packagist';
  const s = raw.trim();
  if (s.length > MAX_SPEC || s === '') return unknownSpec(eco, s.slice(0, 80));
  let cut = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === ':' || c === '=' || c === ' ') {
      cut = i;
      break;
    }
  }
  const name = cut === -1 ? s : s.slice(0, cut);
  if (hasExpansion(name)) return unknownSpec(eco, raw);
  if (!/^[a-z0-9]+(?:[_.-][a-z0-9]+){0,50}\/[a-z0-9]+(?:(?:[_.]|-{1,2})[a-z0-9]+){0,50}$/i.test(name))
    return unknownSpec(eco, raw, name);
  const version = cut !== -1 ? s.slice(cut + 1).trim() : separateVersion;
  if (version === undefined) return { ecosystem: eco, raw, kind: 'registry', name, grade: 'unpinned' };
  return { ecosystem: eco, raw, kind: 'registry', name, version, grade: gradeComposerVersion(version) };
}

// ---------------------------------------------------------------------------------------------
// OS packages. For these the rule only asks for SOME version constraint: a wildcard (`=1.2.*`) or
// a fuzzy match (`~1.2`) counts, because distributions drop old builds and the base-image digest
// plus snapshot repositories are the real reproducibility mechanism.

function osLocal(eco: OsPackager, raw: string, suffix: string): PackageSpec | undefined {
  const l = raw.toLowerCase();
  if (l.endsWith(suffix)) {
    if (isUrl(raw)) return { ecosystem: eco, raw, kind: 'url', grade: 'exact' };
    return { ecosystem: eco, raw, kind: 'local', grade: 'locked' };
  }
  return undefined;
}

/** apt: `pkg`, `pkg:arch`, `pkg=1.2-3`, `pkg=1.2.*`, `pkg/bookworm-backports`, `./x.deb`. */
export function parseAptSpec(raw: string): PackageSpec {
  const eco: OsPackager = 'apt';
  const s = raw.trim();
  if (s.length > MAX_SPEC || s === '') return unknownSpec(eco, s.slice(0, 80));
  const local = osLocal(eco, s, '.deb');
  if (local) return local;
  if (looksLikePath(s)) return { ecosystem: eco, raw, kind: 'local', grade: 'locked' };
  const eq = s.indexOf('=');
  const slash = s.indexOf('/');
  const nameEnd = eq !== -1 ? eq : slash !== -1 ? slash : s.length;
  const name = s.slice(0, nameEnd);
  if (hasExpansion(name) || name === '') return unknownSpec(eco, raw);
  // Debian package names, an optional `:arch`, and apt's regex/glob selection characters.
  if (!/^[a-z0-9][a-z0-9+.\-:*?^$[\]]{0,200}$/i.test(name)) return unknownSpec(eco, raw, name);
  if (eq !== -1) {
    const version = s.slice(eq + 1);
    if (version === '') return unknownSpec(eco, raw, name);
    return {
      ecosystem: eco,
      raw,
      kind: 'registry',
      name,
      version,
      grade: hasExpansion(version) ? 'unknown' : version.includes('*') ? 'floating' : 'exact',
    };
  }
  if (slash !== -1) {
    // `pkg/release` selects a suite, not a version.
    return { ecosystem: eco, raw, kind: 'registry', name, grade: 'unpinned' };
  }
  return { ecosystem: eco, raw, kind: 'registry', name, grade: 'unpinned' };
}

/**
 * `name<op>version` for OS package managers: `rest` starts at the operator. Two-character
 * operators are tried first; `exactOps` are the ones that pin a single version.
 */
function constraintSpec(
  eco: OsPackager,
  raw: string,
  name: string,
  rest: string,
  twoCharOps: readonly string[],
  exactOps: readonly string[],
): PackageSpec {
  const op = twoCharOps.find((o) => rest.startsWith(o)) ?? rest[0]!;
  const version = rest.slice(op.length);
  if (version === '') return unknownSpec(eco, raw, name);
  if (hasExpansion(version))
    return { ecosystem: eco, raw, kind: 'registry', name, version: rest, grade: 'unknown' };
  return {
    ecosystem: eco,
    raw,
    kind: 'registry',
    name,
    version: rest,
    grade: exactOps.includes(op) ? 'exact' : 'floating',
  };
}

/** apk: `pkg`, `pkg=1.2.3-r0`, `pkg~1.2`, `pkg>1`, `pkg<2`, `pkg@edge`, `./x.apk`. */
export function parseApkSpec(raw: string): PackageSpec {
  const eco: OsPackager = 'apk';
  const s = raw.trim();
  if (s.length > MAX_SPEC || s === '') return unknownSpec(eco, s.slice(0, 80));
  const local = osLocal(eco, s, '.apk');
  if (local) return local;
  if (looksLikePath(s)) return { ecosystem: eco, raw, kind: 'local', grade: 'locked' };
  let i = 0;
  while (i < s.length && !'=~<>@'.includes(s[i]!)) i++;
  const name = s.slice(0, i);
  if (hasExpansion(name) || name === '') return unknownSpec(eco, raw);
  if (!/^[A-Za-z0-9][A-Za-z0-9+._\-:()]{0,200}$/.test(name)) return unknownSpec(eco, raw, name);
  if (i === s.length || s[i] === '@') {
    return { ecosystem: eco, raw, kind: 'registry', name, grade: 'unpinned' };
  }
  let rest = s.slice(i);
  const tag = rest.indexOf('@');
  if (tag !== -1) rest = rest.slice(0, tag);
  return constraintSpec(eco, raw, name, rest, ['>=', '<=', '~='], ['=']);
}

/**
 * yum/dnf/microdnf/tdnf: `pkg-1.2.3`, `pkg-1.2.3-4.el9`, `pkg-0:1.2-3.x86_64`, `pkg-1.2*`. A trailing
 * `-<digit>...` segment that contains a `.` or `:` is a version (so `java-11-openjdk` is a name).
 * Groups (`@x`), capabilities (`perl(X)`, `/usr/bin/x`) and globs without a version are `unknown`.
 */
export function parseRpmSpec(raw: string): PackageSpec {
  const eco: OsPackager = 'rpm';
  const s = raw.trim();
  if (s.length > MAX_SPEC || s === '') return unknownSpec(eco, s.slice(0, 80));
  const local = osLocal(eco, s, '.rpm');
  if (local) return local;
  if (isUrl(s)) return { ecosystem: eco, raw, kind: 'url', grade: 'exact' };
  if (looksLikePath(s) || s.startsWith('@') || s.includes('(') || hasExpansion(s)) {
    // `pkg-${VERSION}`: a name with a variable version is still a pin attempt.
    return unknownSpec(eco, raw);
  }
  if (!/^[A-Za-z0-9][A-Za-z0-9+._\-:*~^]{0,300}$/.test(s)) return unknownSpec(eco, raw);
  // Find the earliest `-<digit>` after which every `-` segment is version-like and some has . or :.
  for (let i = 1; i < s.length - 1; i++) {
    if (s[i] !== '-' || !/\d/.test(s[i + 1]!)) continue;
    const rest = s.slice(i + 1);
    if (/[.:*]/.test(rest.split('-')[0]!) || (rest.includes('-') && /[.:]/.test(rest))) {
      // `java-11-openjdk-devel-11.0.20`: keep looking if a later segment starts with a letter.
      const segs = rest.split('-');
      if (segs.every((seg) => /^\d/.test(seg) || (/^[0-9A-Za-z._+~^:*]+$/.test(seg) && /\d/.test(seg)))) {
        const version = rest;
        return {
          ecosystem: eco,
          raw,
          kind: 'registry',
          name: s.slice(0, i),
          version,
          grade: version.includes('*') ? 'floating' : 'exact',
        };
      }
    }
  }
  if (s.includes('*') || s.includes('?')) return unknownSpec(eco, raw);
  return { ecosystem: eco, raw, kind: 'registry', name: s, grade: 'unpinned' };
}

/** zypper: `pkg`, `pkg=1.2`, `pkg>=1.2`, `pkg<2`, `./x.rpm`, `pattern:x`. */
export function parseZypperSpec(raw: string): PackageSpec {
  const eco: OsPackager = 'zypper';
  const s = raw.trim();
  if (s.length > MAX_SPEC || s === '') return unknownSpec(eco, s.slice(0, 80));
  const local = osLocal(eco, s, '.rpm');
  if (local) return local;
  if (looksLikePath(s) || s.includes('(') || s.includes(':')) return unknownSpec(eco, raw);
  let i = 0;
  while (i < s.length && !'=<>'.includes(s[i]!)) i++;
  const name = s.slice(0, i);
  if (hasExpansion(name) || name === '') return unknownSpec(eco, raw);
  if (!/^[A-Za-z0-9][A-Za-z0-9+._\-*]{0,200}$/.test(name)) return unknownSpec(eco, raw, name);
  if (i === s.length)
    return {
      ecosystem: eco,
      raw,
      kind: 'registry',
      name,
      grade: name.includes('*') ? 'unknown' : 'unpinned',
    };
  return constraintSpec(eco, raw, name, s.slice(i), ['>=', '<=', '=='], ['=', '==']);
}
