/**
 * How firmly a git source in a Dockerfile is pinned, and what that costs: the one grading that
 * `ADD <git-url>#<ref>` / `?ref=<ref>` (remote-add-no-checksum) and `git clone -b <ref>` /
 * `git checkout <ref>` (git-clone-unpinned) share, so the same ref gets the same severity and
 * the same reason from both rules.
 *
 * | ref                                   | grade    | severity     |
 * |---------------------------------------|----------|--------------|
 * | full 40/64-hex commit                 | locked   | not reported |
 * | exact tag (`v1.2.3`), short commit     | exact    | low          |
 * | branch, major-only tag (`v1`), no ref  | floating | medium       |
 * | build-time variable that may be a commit | unknown | not reported (never guessed) |
 */
import type { Severity } from '../../core/index.js';
import { hasExpansion, type SpecGrade } from '../../refs/grade.js';
import { gradeGitName, gradeGitRef, isFullCommit, isShortCommit } from '../../refs/git.js';

/**
 * How the ref is read: `ref` may name a commit (`#<ref>`, `?ref=`, `?commit=`, `git checkout`);
 * `name` is a branch or tag name only (`git clone -b`, `?tag=`), never a commit; `branch` is a
 * branch (`?branch=`), which moves whatever it is called.
 */
export type GitRefKind = 'ref' | 'name' | 'branch';

export interface GitPin {
  grade: SpecGrade;
  /** Undefined when the source is pinned (or a variable that may be a commit decides). */
  severity?: Extract<Severity, 'low' | 'medium'>;
  /** Why, as a phrase that follows "names"/"builds": `the tag 'v1.2.3', which can be moved`. */
  reason: string;
}

function quote(ref: string): string {
  return `'${ref.length > 80 ? `${ref.slice(0, 80)}…` : ref}'`;
}

/** Grades one git ref (undefined or '' = no ref: the default branch). */
export function gitPin(ref: string | undefined, kind: GitRefKind = 'ref'): GitPin {
  if (ref === undefined || ref === '')
    return { grade: 'unpinned', severity: 'medium', reason: 'no ref, so it follows the default branch' };
  if (hasExpansion(ref)) {
    // A variable may hold a full commit where a commit is accepted: never guessed. `clone -b`
    // and `?tag=` take only names, so a variable there is at best a tag.
    if (kind === 'ref') return { grade: 'unknown', reason: `${quote(ref)}, set at build time` };
    return {
      grade: kind === 'branch' ? 'floating' : 'exact',
      severity: kind === 'branch' ? 'medium' : 'low',
      reason:
        kind === 'branch'
          ? `the branch ${quote(ref)}, which follows new commits`
          : `${quote(ref)}, a tag or branch set at build time (never a commit), which can be moved`,
    };
  }
  if (kind === 'ref' && isFullCommit(ref)) return { grade: 'locked', reason: `the commit ${quote(ref)}` };
  if (kind === 'branch')
    return {
      grade: 'floating',
      severity: 'medium',
      reason: `the branch ${quote(ref)}, which follows new commits`,
    };
  if (kind === 'ref' && isShortCommit(ref))
    return {
      grade: 'exact',
      severity: 'low',
      reason: `the short commit ${quote(ref)}, which a new object with the same prefix can make ambiguous; only a full commit is fixed`,
    };
  const grade = kind === 'ref' ? gradeGitRef(ref) : gradeGitName(ref);
  if (grade === 'exact')
    return {
      grade,
      severity: 'low',
      reason: `the tag ${quote(ref)}, which can be moved (re-tagged) to other code`,
    };
  if (/^v?\d{1,9}$/.test(ref))
    return {
      grade: 'floating',
      severity: 'medium',
      reason: `${quote(ref)}, a major-version tag that is moved to every release`,
    };
  return {
    grade: 'floating',
    severity: 'medium',
    reason: `${quote(ref)}, a branch (or non-release tag) that follows new commits`,
  };
}

/** The better of two pins (a later `git checkout <tag>` improves a clone of the default branch). */
export function betterPin(a: GitPin, b: GitPin): GitPin {
  const rank = (p: GitPin): number =>
    p.grade === 'locked' || p.grade === 'unknown'
      ? 3
      : p.grade === 'exact'
        ? 2
        : p.grade === 'floating'
          ? 1
          : 0;
  return rank(b) > rank(a) ? b : a;
}

/** Pinned: a full commit, or a variable where a commit is accepted (never guessed). */
export function isPinned(p: GitPin): boolean {
  return p.severity === undefined;
}
