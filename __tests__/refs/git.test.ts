import { describe, expect, it } from '@jest/globals';
import {
  gitFragment,
  gitFragmentParts,
  gradeGitFragment,
  gradeGitName,
  gradeGitRef,
  isCommitArchive,
  isFullCommit,
  isShortCommit,
  lockedCommit,
} from '../../src/refs/git.js';
import type { SpecGrade } from '../../src/refs/grade.js';

const SHA1 = '3f2a9c4d5e6f708192a3b4c5d6e7f8091a2b3c4d';
const SHA256 = '9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f';

describe('isFullCommit / isShortCommit', () => {
  const cases: [string, boolean, boolean][] = [
    [SHA1, true, false],
    [SHA1.toUpperCase(), true, false],
    [SHA256, true, false],
    [SHA1.slice(0, 39), false, true],
    [SHA1 + 'a', false, false], // 41 hex: neither
    [SHA256.slice(0, 63), false, false],
    [SHA256 + '0', false, false],
    [SHA1.slice(0, 7), false, true],
    ['3f2a9c', false, false], // 6 digits: too short to be a commit
    ['deadbeef', false, false], // no digit: a word, not an abbreviation
    ['g' + SHA1.slice(1), false, false],
    [' ' + SHA1.slice(1), false, false],
    ['', false, false],
  ];
  it.each(cases)('%s', (s, full, short) => {
    expect(isFullCommit(s)).toBe(full);
    expect(isShortCommit(s)).toBe(short);
  });
});

describe('gradeGitRef (a ref that may name a commit)', () => {
  const cases: [string, SpecGrade][] = [
    ['', 'unpinned'],
    [SHA1, 'locked'],
    [SHA256, 'locked'],
    [SHA1.slice(0, 7), 'exact'],
    ['v1.2.3', 'exact'],
    ['1.2', 'exact'],
    ['release-1.4', 'exact'],
    ['jdk-21.0.1+12', 'exact'],
    ['v2_02_103', 'exact'],
    ['v4', 'floating'], // a major-version tag is moved to each release of that major
    ['2', 'floating'],
    ['main', 'floating'],
    ['feature/x', 'floating'],
    ['deadbeef', 'floating'],
    ['$REF', 'unknown'],
    ['v${VERSION}', 'unknown'],
    ['`cat ref`', 'unknown'],
  ];
  it.each(cases)('%s -> %s', (ref, grade) => expect(gradeGitRef(ref)).toBe(grade));
});

describe('gradeGitName (a branch or tag name, never a commit)', () => {
  const cases: [string, SpecGrade][] = [
    ['', 'unpinned'],
    ['v1.2.3', 'exact'],
    ['main', 'floating'],
    ['v4', 'floating'],
    ['$TAG', 'unknown'],
    // A tag may be named like a commit; `git clone -b` still reads it as a name, which can move.
    ['abcdefabcdefabcdefabcdefabcdefabcdefabcd', 'floating'],
    [SHA1, 'exact'], // starts with a digit: release-like, and still never locked
    ['abcdef1', 'floating'],
  ];
  it.each(cases)('%s -> %s', (ref, grade) => expect(gradeGitName(ref)).toBe(grade));
});

describe('git URL fragments', () => {
  it('splits parts, decodes values and keeps option-like text as a value', () => {
    expect(gitFragmentParts(`git+ssh://h/r.git#commit=${SHA1}&path=pkg`)).toEqual([
      { key: 'commit', value: SHA1 },
      { key: 'path', value: 'pkg' },
    ]);
    expect(gitFragmentParts('git+ssh://h/r.git#--upload-pack=touch%20x')).toEqual([
      { value: '--upload-pack=touch x' },
    ]);
    expect(gitFragmentParts('github:u/r#semver:^1.2')).toEqual([{ value: 'semver:^1.2' }]);
    expect(gitFragmentParts('git+https://h/r.git#v1%2Bbuild&&tag=x%ZZ')).toEqual([
      { value: 'v1+build' },
      { key: 'tag', value: 'x%ZZ' },
    ]);
    expect(gitFragmentParts('git+https://h/r.git#')).toEqual([]);
    expect(gitFragmentParts('git+https://h/r.git')).toEqual([]);
    expect(gitFragmentParts(undefined)).toEqual([]);
    expect(gitFragmentParts('x#' + 'a'.repeat(10_000))).toEqual([{ value: 'a'.repeat(4096) }]);
  });

  const refs: [string, string | undefined][] = [
    [`git+ssh://git@github.com/u/r.git#${SHA1}`, SHA1],
    [`https://github.com/u/r.git#v1.0.0&commit=${SHA1}`, SHA1], // Berry: commit wins over the ref
    ['https://github.com/u/r.git#head=main', 'main'],
    ['https://github.com/u/r.git#tag=v1&path=x', 'v1'],
    ['github:u/r#semver:^1', 'semver:^1'],
    ['https://github.com/u/r.git#path=x', undefined],
    ['https://github.com/u/r.git#--upload-pack=x', '--upload-pack=x'],
    ['https://github.com/u/r.git', undefined],
  ];
  it.each(refs)('gitFragment(%s)', (url, ref) => expect(gitFragment(url)).toBe(ref));

  const grades: [string, SpecGrade][] = [
    ['git+https://h/r.git', 'unpinned'],
    [`git+https://h/r.git#${SHA1}`, 'locked'],
    [`git+https://h/r.git#commit=${SHA256}`, 'locked'],
    [`git+https://h/r.git#${SHA1}&path=pkg`, 'locked'],
    [`git+https://h/r.git#main&commit=${SHA1.slice(0, 12)}`, 'exact'],
    ['git+https://h/r.git#v1.2.3', 'exact'],
    ['git+https://h/r.git#main', 'floating'],
    ['github:u/r#semver:^1', 'floating'],
    ['github:u/r#semver:1.2.3', 'floating'], // a semver: spec is resolved like a range
    ['git+https://h/r.git#semver=^1.0', 'floating'],
    ['git+https://h/r.git#semver:${V}', 'unknown'],
    ['git+https://h/r.git#${REF}', 'unknown'],
  ];
  it.each(grades)('gradeGitFragment(%s) -> %s', (url, grade) => expect(gradeGitFragment(url)).toBe(grade));
});

describe('lockedCommit / isCommitArchive', () => {
  it('reads the commit field or the URL fragment, full commits only', () => {
    expect(lockedCommit({ resolved: `git+ssh://h/r.git#${SHA1}` })).toBe(SHA1);
    expect(lockedCommit({ commit: SHA256, resolved: 'git+ssh://h/r.git#main' })).toBe(SHA256);
    expect(lockedCommit({ commit: 'main', resolved: `git+ssh://h/r.git#main&commit=${SHA1}` })).toBe(SHA1);
    expect(lockedCommit({ resolved: 'git+ssh://h/r.git#0123456' })).toBeUndefined();
    expect(lockedCommit({ resolved: `git+ssh://h/r.git#tag=${SHA1}` })).toBeUndefined();
    expect(lockedCommit({})).toBeUndefined();
  });

  it('recognises archives of a full commit', () => {
    expect(isCommitArchive(new URL(`https://codeload.github.com/u/r/tar.gz/${SHA1}`))).toBe(true);
    expect(isCommitArchive(new URL(`https://github.com/u/r/archive/${SHA256}.zip`))).toBe(true);
    expect(isCommitArchive(new URL(`https://api.github.com/repos/u/r/zipball/${SHA1.slice(0, 12)}`))).toBe(
      false,
    );
    expect(isCommitArchive(new URL('https://github.com/u/r/archive/v1.2.3.tar.gz'))).toBe(false);
    expect(isCommitArchive(undefined)).toBe(false);
  });
});
