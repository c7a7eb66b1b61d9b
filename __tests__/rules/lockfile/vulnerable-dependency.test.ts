import { describe, expect, it } from '@jest/globals';
import { parseLockfile } from '../../../src/formats/lockfile/parse.js';
import { rule } from '../../../src/rules/lockfile/vulnerable-dependency.js';
import { queryKey, type Advisory, type OnlineAnswers, type PackageQuery } from '../../../src/core/index.js';
import { context, positions } from '../../helpers/rules.js';

/** Fake answers: no network, the rule is a pure function of the model and these. */
function answers(byPkg: Record<string, Advisory[]>): OnlineAnswers {
  return {
    advisories: (q: PackageQuery) =>
      byPkg[`${q.name}@${q.version}`] ?? (q.name === 'unanswered' ? undefined : []),
    failures: [],
  };
}

const adv = (id: string, extra: Partial<Advisory> = {}): Advisory => ({
  id,
  aliases: [],
  summary: `summary of ${id}`,
  malicious: false,
  allVersions: false,
  url: `https://osv.dev/vulnerability/${id}`,
  ...extra,
});

// An npm tree that installs a@1.0.0 at two paths (lines 5 and 6), b@2.0.0 (line 7), c (line 8).
const LOCK = `{
  "lockfileVersion": 3,
  "packages": {
    "": { "name": "app", "dependencies": { "a": "*", "b": "*", "c": "*", "unanswered": "*" } },
    "node_modules/a": { "version": "1.0.0", "resolved": "https://registry.npmjs.org/a/-/a-1.0.0.tgz" },
    "node_modules/b/node_modules/a": { "version": "1.0.0", "resolved": "https://registry.npmjs.org/a/-/a-1.0.0.tgz" },
    "node_modules/b": { "version": "2.0.0", "resolved": "https://registry.npmjs.org/b/-/b-2.0.0.tgz" },
    "node_modules/c": { "version": "3.0.0", "resolved": "https://registry.npmjs.org/c/-/c-3.0.0.tgz" },
    "node_modules/unanswered": { "version": "1.0.0", "resolved": "https://registry.npmjs.org/unanswered/-/unanswered-1.0.0.tgz" }
  }
}
`;

function check(byPkg: Record<string, Advisory[]>) {
  const model = parseLockfile(LOCK, 'package-lock.json');
  return rule.online.check(model, context('package-lock.json'), answers(byPkg));
}

describe('lockfile/vulnerable-dependency (fake answers)', () => {
  it('one finding per release, at its first entry, the other entries related; worst severity', () => {
    const hits = check({
      'a@1.0.0': [
        adv('GHSA-1', { severity: 'low', severitySource: 'CVSS:3.1 3.1', fixed: '1.0.1' }),
        adv('GHSA-2', { severity: 'critical', severitySource: 'CVSS:3.1 9.8', fixed: '1.2.0' }),
      ],
      'b@2.0.0': [adv('PYSEC-9')],
    });
    expect(positions(hits)).toEqual([
      { line: 5, column: 19, severity: 'critical' },
      { line: 7, column: 19, severity: 'medium' },
    ]);
    expect(hits[0]!.related!.map((r) => r.span.line)).toEqual([6]);
    expect(hits[0]!.message).toBe(
      'a@1.0.0 has 2 known vulnerabilities (locked at 2 entries): GHSA-1 [low, CVSS:3.1 3.1]: summary of GHSA-1; GHSA-2 [critical, CVSS:3.1 9.8]: summary of GHSA-2.',
    );
    expect(hits[0]!.fix).toBe(
      'Upgrade a to a version with every fix (first fixed: 1.0.1 for GHSA-1, 1.2.0 for GHSA-2) and regenerate the lockfile.',
    );
    expect(hits[0]!.package).toBe('a@1.0.0');
    // No severity given: medium; no fix named: said, with the ignore that would accept it.
    expect(hits[1]!.message).toContain('PYSEC-9 [medium, no severity given]');
    expect(hits[1]!.fix).toBe(
      'No fixed version is named for PYSEC-9: replace the package, or accept the risk with an ignore entry naming b@2.0.0 and a reason.',
    );
  });

  it('aliases are one issue; malware is left to known-malicious; nothing for unanswered or clean', () => {
    const hits = check({
      'a@1.0.0': [
        adv('CVE-2026-1', { aliases: ['GHSA-x'] }),
        adv('GHSA-x', { aliases: ['CVE-2026-1'], severity: 'high', severitySource: 's' }),
      ],
      'c@3.0.0': [adv('MAL-2026-1', { malicious: true })],
    });
    expect(positions(hits)).toEqual([{ line: 5, column: 19, severity: 'high' }]);
    expect(hits[0]!.message).toBe(
      'a@1.0.0 has a known vulnerability (locked at 2 entries): GHSA-x (CVE-2026-1) [high, s]: summary of GHSA-x.',
    );
  });

  it('the evidence names the advisories, so a new advisory is a new finding under report: new', () => {
    const one = check({ 'b@2.0.0': [adv('GHSA-1')] });
    const two = check({ 'b@2.0.0': [adv('GHSA-1'), adv('GHSA-2')] });
    expect(one[0]!.evidence).toBe('b@2.0.0 GHSA-1');
    expect(two[0]!.evidence).toBe('b@2.0.0 GHSA-1 GHSA-2');
  });

  it('keys queries by ecosystem, name and version', () => {
    expect(queryKey({ ecosystem: 'npm', name: 'a', version: '1' })).not.toBe(
      queryKey({ ecosystem: 'PyPI', name: 'a', version: '1' }),
    );
  });
});
