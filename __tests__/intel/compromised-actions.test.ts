import { describe, expect, it } from '@jest/globals';
import {
  COMPROMISED_ACTIONS,
  COMPROMISED_ACTIONS_DATE,
  findCompromised,
  inTagRange,
  inVersionRange,
  parseVersion,
} from '../../src/intel/compromised-actions.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const URL = /^https:\/\/[^\s]+$/;

describe('embedded compromised-actions data', () => {
  it('is dated, and no entry is newer than its date', () => {
    expect(COMPROMISED_ACTIONS_DATE).toMatch(DATE);
    expect(COMPROMISED_ACTIONS.length).toBeGreaterThan(0);
    for (const e of COMPROMISED_ACTIONS) expect(e.date <= COMPROMISED_ACTIONS_DATE).toBe(true);
  });

  it.each(COMPROMISED_ACTIONS.map((e) => [e.action, e] as const))('%s cites its sources', (_name, e) => {
    expect(e.action).toMatch(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/);
    expect(e.source).toMatch(URL);
    for (const r of e.references) expect(r).toMatch(URL);
    for (const a of e.advisories)
      expect(a).toMatch(/^(GHSA(-[23456789cfghjmpqrvwx]{4}){3}|CVE-\d{4}-\d{4,})$/);
    expect(e.date).toMatch(DATE);
    expect(e.incident).not.toBe('');
    for (const c of e.malicious_commits) {
      expect(c.sha).toMatch(/^[0-9a-f]{40}$/);
      expect(c.source).toMatch(URL);
      expect(c.note).not.toBe('');
    }
    // Every entry says which refs it covers, and what the repointed tags point to now, and why.
    const a = e.affected_refs;
    expect(
      a.tags.length > 0 || a.tag_range !== null || a.all_tags || a.any_ref || e.malicious_commits.length > 0,
    ).toBe(true);
    expect(['restored', 'deleted', 'malicious']).toContain(e.tags_now.state);
    expect(e.tags_now.basis.length).toBeGreaterThan(20);
    for (const t of [...(a.tag_range ? [a.tag_range.from, a.tag_range.to] : [])])
      expect(parseVersion(t)).toBeDefined();
    if (a.version_range) {
      expect(parseVersion(a.version_range.introduced)).toBeDefined();
      expect(parseVersion(a.version_range.fixed)).toBeDefined();
    }
  });

  it('keeps every entry of the reference data it was seeded from (one per action)', () => {
    const names = COMPROMISED_ACTIONS.map((e) => e.action.toLowerCase());
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(
      expect.arrayContaining([
        'tj-actions/changed-files',
        'reviewdog/action-setup',
        'aquasecurity/trivy-action',
        'aquasecurity/setup-trivy',
        'actions-cool/issues-helper',
      ]),
    );
  });
});

describe('version matching', () => {
  it.each([
    ['v1', true],
    ['v45', true],
    ['v45.0.7', true],
    ['v45.0.8', false],
    ['v46', false],
    ['v0', false],
    ['45.0.0', false], // the range names v-prefixed tags
    ['main', false],
    ['v1.0.0', true],
    [`v${'9'.repeat(70)}`, false],
  ])('tag range v1..v45.0.7 holds %s: %s', (ref, expected) => {
    expect(inTagRange({ from: 'v1', to: 'v45.0.7' }, ref)).toBe(expected);
  });

  it.each([
    ['v45', true], // the newest 45.x is below 46.0.1
    ['v46', false], // the newest 46.x is the fix or later
    ['v46.0', false],
    ['v46.0.0', true],
    ['46.0.1', false],
    ['v0.1.0', true],
    ['release', false],
  ])('version range 0..46.0.1 holds %s: %s', (ref, expected) => {
    expect(inVersionRange({ introduced: '0', fixed: '46.0.1' }, ref)).toBe(expected);
  });

  it('a moving minor tag is judged by its newest release', () => {
    expect(inVersionRange({ introduced: '0', fixed: '0.35.0' }, 'v0.34')).toBe(true);
    expect(inVersionRange({ introduced: '0', fixed: '0.35.0' }, 'v0.35')).toBe(false);
  });

  it('orders the worst match first and is case-insensitive', () => {
    expect(
      findCompromised('TJ-Actions', 'Changed-Files', '0E58ED8671D6B60D0890C21B07F8835ACE038E67')[0]?.kind,
    ).toBe('malicious-commit');
    expect(findCompromised('acme', 'x', 'v1')).toEqual([]);
  });
});
