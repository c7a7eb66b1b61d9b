/**
 * OSV records written for the tests, modelled on the documented schema (ossf/osv-schema
 * docs/schema.md) and on the shapes of real records: a GitHub advisory with CVSS vectors and
 * `database_specific.severity`, a `MAL-` record from ossf/malicious-packages (CWE-506 under
 * `affected[].database_specific.cwes`), a GitHub malware advisory (CWE-506 in
 * `database_specific.cwe_ids`, no MAL- record), a withdrawn record, and an all-versions range.
 */
export const RECORDS: Record<string, object> = {
  'GHSA-35jh-r3h4-6jhm': {
    schema_version: '1.6.0',
    id: 'GHSA-35jh-r3h4-6jhm',
    modified: '2024-03-01T00:00:00Z',
    published: '2021-05-06T16:05:51Z',
    aliases: ['CVE-2021-23337'],
    summary: 'Command Injection in lodash',
    details:
      '`lodash` versions prior to 4.17.21 are vulnerable to Command Injection via the template function.',
    severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H' }],
    affected: [
      {
        package: { ecosystem: 'npm', name: 'lodash', purl: 'pkg:npm/lodash' },
        ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '4.17.21' }] }],
        database_specific: { source: 'https://github.com/github/advisory-database' },
      },
    ],
    database_specific: { cwe_ids: ['CWE-77', 'CWE-94'], github_reviewed: true, severity: 'HIGH' },
  },
  'GHSA-29mw-wpgm-hmr9': {
    id: 'GHSA-29mw-wpgm-hmr9',
    modified: '2024-03-01T00:00:00Z',
    aliases: ['CVE-2020-28500'],
    summary: 'Regular Expression Denial of Service (ReDoS) in lodash',
    severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L' }],
    affected: [
      {
        package: { ecosystem: 'npm', name: 'lodash' },
        ranges: [{ type: 'SEMVER', events: [{ introduced: '4.0.0' }, { fixed: '4.17.21' }] }],
      },
    ],
    database_specific: { cwe_ids: ['CWE-400'], severity: 'MODERATE' },
  },
  // The same issue as GHSA-29mw-wpgm-hmr9 from another database: merged, never listed twice.
  'CVE-2020-28500': {
    id: 'CVE-2020-28500',
    modified: '2024-03-01T00:00:00Z',
    aliases: ['GHSA-29mw-wpgm-hmr9'],
    summary: '',
    details: 'All versions of package lodash prior to 4.17.21 are vulnerable to ReDoS.',
    affected: [{ package: { ecosystem: 'npm', name: 'lodash' }, versions: ['4.17.20'] }],
  },
  'MAL-2025-46974': {
    id: 'MAL-2025-46974',
    modified: '2025-09-09T00:00:00Z',
    published: '2025-09-08T14:26:00Z',
    aliases: ['GHSA-8mgj-vmr8-frr6', 'GHSA-4x49-vf9v-38px'],
    summary: 'Malicious code in debug (npm)',
    details: '\n---\n_-= Per source details. Do not edit below this line.=-_\n',
    affected: [
      {
        package: { ecosystem: 'npm', name: 'debug' },
        versions: ['4.4.2'],
        database_specific: {
          cwes: [
            {
              cweId: 'CWE-506',
              description: 'The product contains code that appears to be malicious in nature.',
              name: 'Embedded Malicious Code',
            },
          ],
          'malicious-packages-origins': [{ source: 'ghsa-malware', import_time: '2025-09-08T15:00:00Z' }],
        },
      },
    ],
  },
  'MAL-2026-0101': {
    id: 'MAL-2026-0101',
    modified: '2026-11-30T00:00:00Z',
    summary: 'Malicious code in left-padder (npm)',
    affected: [
      {
        package: { ecosystem: 'npm', name: 'left-padder' },
        versions: ['1.0.3'],
        database_specific: { cwes: [{ cweId: 'CWE-506', name: 'Embedded Malicious Code' }] },
      },
    ],
  },
  'GHSA-hijk-0000-0001': {
    id: 'GHSA-hijk-0000-0001',
    modified: '2026-11-30T00:00:00Z',
    aliases: ['CVE-2026-99999'],
    summary: 'Embedded malware in lib-hijacked',
    affected: [
      {
        package: { ecosystem: 'npm', name: 'lib-hijacked' },
        ranges: [{ type: 'SEMVER', events: [{ introduced: '2.0.0' }, { fixed: '2.0.1' }] }],
      },
    ],
    database_specific: { cwe_ids: ['CWE-506'], severity: 'CRITICAL', github_reviewed: true },
  },
  'MAL-2025-47141': {
    id: 'MAL-2025-47141',
    modified: '2025-09-16T00:00:00Z',
    summary: 'Malicious code in @ctrl/tinycolor (npm)',
    affected: [
      {
        package: { ecosystem: 'npm', name: '@ctrl/tinycolor' },
        ranges: [
          { type: 'SEMVER', events: [{ introduced: '0' }] },
          { type: 'SEMVER', events: [{ introduced: '4.1.1' }, { last_affected: '4.1.2' }] },
        ],
        database_specific: { cwes: [{ cweId: 'CWE-506' }] },
      },
    ],
  },
  'MAL-2024-0001': {
    id: 'MAL-2024-0001',
    modified: '2024-02-01T00:00:00Z',
    withdrawn: '2024-02-01T00:00:00Z',
    summary: 'Malicious code in stylus (npm)',
    affected: [
      {
        package: { ecosystem: 'npm', name: 'stylus' },
        ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }] }],
      },
    ],
  },
  'PYSEC-2023-0001': {
    id: 'PYSEC-2023-0001',
    modified: '2023-06-01T00:00:00Z',
    aliases: ['CVE-2023-32681'],
    details: 'Requests leaks Proxy-Authorization headers to destination servers.\nMore text.',
    affected: [
      {
        package: { ecosystem: 'PyPI', name: 'requests' },
        ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '2.3.0' }, { fixed: '2.31.0' }] }],
      },
    ],
  },
};

/** Which ids querybatch answers for each `ecosystem name@version`. */
export const AFFECTS: Record<string, string[]> = {
  'npm lodash@4.17.20': ['GHSA-35jh-r3h4-6jhm', 'GHSA-29mw-wpgm-hmr9', 'CVE-2020-28500'],
  'npm debug@4.4.2': ['MAL-2025-46974'],
  'npm left-padder@1.0.3': ['MAL-2026-0101'],
  'npm lib-hijacked@2.0.0': ['GHSA-hijk-0000-0001'],
  'npm @ctrl/tinycolor@4.1.1': ['MAL-2025-47141'],
  'npm stylus@0.59.0': ['MAL-2024-0001'],
  'PyPI requests@2.30.0': ['PYSEC-2023-0001'],
};
