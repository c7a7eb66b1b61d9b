import { describe, expect, it } from '@jest/globals';
import { toAdvisory, type OsvRecord } from '../../src/intel/osv.js';
import type { PackageQuery } from '../../src/core/index.js';

const Q: PackageQuery = { ecosystem: 'npm', name: 'pkg', version: '1.2.0' };
const affected = (events: object[]) => [
  { package: { ecosystem: 'npm', name: 'pkg' }, ranges: [{ type: 'SEMVER', events }] },
];
const rec = (extra: Partial<OsvRecord>): OsvRecord => ({
  id: 'GHSA-aaaa-bbbb-cccc',
  affected: affected([{ introduced: '0' }, { fixed: '1.3.0' }]),
  ...extra,
});

describe('toAdvisory', () => {
  it.each([
    [
      'CVSS 4.0 wins over 3.1',
      {
        severity: [
          { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' },
          { type: 'CVSS_V4', score: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N' },
        ],
      },
      'medium',
      'CVSS:4.0 6.9',
    ],
    [
      'CVSS 2.0',
      { severity: [{ type: 'CVSS_V2', score: 'AV:N/AC:L/Au:N/C:P/I:P/A:P' }] },
      'high',
      'CVSS:2.0 7.5',
    ],
    [
      'an unreadable vector falls back to the label',
      {
        severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/garbage' }],
        database_specific: { severity: 'MODERATE' },
      },
      'medium',
      'database severity MODERATE',
    ],
    [
      'the package-level vector',
      {
        affected: [
          {
            ...affected([{ introduced: '0' }])[0]!,
            severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
          },
        ],
      },
      'critical',
      'CVSS:3.1 9.8',
    ],
    ['neither', {}, undefined, undefined],
  ])('%s', (_n, extra, severity, source) => {
    const a = toAdvisory(rec(extra as Partial<OsvRecord>), Q)!;
    expect([a.severity, a.severitySource]).toEqual([severity, source]);
  });

  it('the lowest fix above the locked version, in semver order', () => {
    const a = toAdvisory(
      rec({
        affected: affected([
          { introduced: '0' },
          { fixed: '1.10.0' },
          { introduced: '2.0.0' },
          { fixed: '2.0.5' },
          { introduced: '1.0.0' },
          { fixed: '1.2.0' },
        ]),
      }),
      Q,
    )!;
    expect(a.fixed).toBe('1.10.0');
  });

  it('withdrawn records are dropped; MAL ids, CWE-506 and all-version ranges are marked', () => {
    expect(toAdvisory(rec({ withdrawn: '2024-01-01T00:00:00Z' }), Q)).toBeUndefined();
    expect(toAdvisory(rec({ id: 'MAL-2026-1' }), Q)).toMatchObject({ malicious: true, allVersions: false });
    expect(toAdvisory(rec({ database_specific: { cwe_ids: ['CWE-506'] } }), Q)).toMatchObject({
      malicious: true,
    });
    expect(toAdvisory(rec({ database_specific: { cwe_ids: ['CWE-79'] } }), Q)).toMatchObject({
      malicious: false,
    });
    expect(toAdvisory(rec({ affected: affected([{ introduced: '0' }]) }), Q)).toMatchObject({
      allVersions: true,
    });
  });

  it('PyPI names match across case and separators; another package in the record is not read', () => {
    const q: PackageQuery = { ecosystem: 'PyPI', name: 'Foo_Bar', version: '1.0' };
    const a = toAdvisory(
      {
        id: 'PYSEC-1',
        affected: [
          {
            package: { ecosystem: 'PyPI', name: 'other' },
            ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '9.0' }] }],
          },
          {
            package: { ecosystem: 'PyPI', name: 'foo-bar' },
            ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.0.post1' }] }],
          },
        ],
      },
      q,
    )!;
    expect(a.fixed).toBe('1.0.post1');
  });
});
