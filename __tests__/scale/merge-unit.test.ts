import { describe, expect, it } from '@jest/globals';
import type { Finding } from '../../src/core/index.js';
import { mergeShards, type ShardReport } from '../../src/scan/merge.js';
import { fingerprintOf } from '../../src/scan/fingerprint.js';

function f(over: Partial<Finding>): Finding {
  return {
    ruleId: 'dockerfile/base-image-latest',
    severity: 'high',
    message: 'm',
    path: 'Dockerfile',
    startLine: 1,
    startColumn: 1,
    endLine: 1,
    endColumn: 2,
    fingerprint: 'shard-made',
    ...over,
  };
}

function shard(index: number, total: number, findings: Finding[], suppressed: Finding[] = []): ShardReport {
  return {
    source: `s${index}`,
    format: 'json',
    version: '0.1.0',
    shard: { index, total },
    config: { origin: 'head', path: '.bulkhead.yml' },
    failOn: 'high',
    filesChecked: index,
    findings,
    suppressed,
    suppressedCounts: { total: suppressed.length, byRule: [] },
  };
}

describe('mergeShards', () => {
  it('keeps one intel/unavailable per service, the first in report order', () => {
    const a = f({
      ruleId: 'intel/unavailable',
      path: 'b/package-lock.json',
      evidence: 'osv https://osv.test',
      severity: 'medium',
    });
    const b = f({
      ruleId: 'intel/unavailable',
      path: 'a/package-lock.json',
      evidence: 'osv https://osv.test',
      severity: 'medium',
    });
    const c = f({
      ruleId: 'intel/unavailable',
      path: 'a/package-lock.json',
      evidence: 'npm https://npm.test',
      startLine: 3,
      severity: 'medium',
    });
    const m = mergeShards([shard(1, 2, [a]), shard(2, 2, [b, c])]);
    expect(m.findings.map((x) => [x.path, x.startLine, x.evidence])).toEqual([
      ['a/package-lock.json', 1, 'osv https://osv.test'],
      ['a/package-lock.json', 3, 'npm https://npm.test'],
    ]);
    expect(m.filesChecked).toBe(3);
  });

  it('a config ignore is unused only when every shard says so; an inline one as its shard says', () => {
    const unused = (line: number, path = '.bulkhead.yml') =>
      f({ ruleId: 'config/unused-ignore', path, startLine: line, severity: 'info', message: `u${line}` });
    const m = mergeShards([
      shard(1, 3, [unused(2), unused(5)]),
      shard(2, 3, [unused(5), unused(9, 'svc/Dockerfile')]),
      shard(3, 3, [unused(2), unused(5)]),
    ]);
    expect(m.findings.map((x) => [x.path, x.startLine])).toEqual([
      ['.bulkhead.yml', 5],
      ['svc/Dockerfile', 9],
    ]);
  });

  it('one finding two shards made about a file neither checks is one, fingerprinted over the whole run', () => {
    const x = f({ path: 'ctx/.env', ruleId: 'dockerfile/secret-in-context', evidence: '.env' });
    const y = f({ path: 'ctx/.env', ruleId: 'dockerfile/secret-in-context', evidence: '.env', startLine: 4 });
    const m = mergeShards([shard(1, 2, [x]), shard(2, 2, [{ ...x }, y])]);
    expect(m.findings.map((g) => [g.startLine, g.fingerprint])).toEqual([
      [1, fingerprintOf('dockerfile/secret-in-context', 'ctx/.env', '.env', 0)],
      [4, fingerprintOf('dockerfile/secret-in-context', 'ctx/.env', '.env', 1)],
    ]);
  });

  it('of a reported and a suppressed copy of one finding, the reported one stays, as in one run', () => {
    const s = f({ suppression: { kind: 'inline', path: 'Dockerfile', line: 1, reason: 'r' } });
    const m = mergeShards([shard(1, 2, [], [s]), shard(2, 2, [f({})])]);
    expect(m.findings).toHaveLength(1);
    expect(m.suppressed).toHaveLength(0);
  });
});
