import { describe, expect, test } from '@jest/globals';
import { resolveReportMode, splitFindings } from '../../src/scan/report-filter.js';
import { finding } from './fixtures.js';

describe('resolveReportMode', () => {
  test.each([
    ['auto', undefined, 'pull_request', true, 'new'],
    ['auto', undefined, 'pull_request_target', true, 'new'],
    ['auto', undefined, 'merge_group', true, 'new'],
    ['auto', undefined, 'push', true, 'all'],
    ['auto', undefined, 'schedule', false, 'all'],
    ['auto', 'changed-files', 'pull_request', true, 'changed-files'],
    ['auto', 'new', 'push', true, 'new'],
    ['all', 'new', 'pull_request', true, 'all'],
    ['changed-files', 'all', 'pull_request', true, 'changed-files'],
  ] as const)('input %s, config %s, %s (base: %s) -> %s', (input, config, eventName, hasBase, mode) => {
    expect(resolveReportMode({ input, ...(config ? { config } : {}), eventName, hasBase }).mode).toBe(mode);
  });

  test('without a base commit new becomes all, and says why', () => {
    const r = resolveReportMode({ input: 'new', eventName: 'workflow_dispatch', hasBase: false });
    expect(r).toEqual({
      mode: 'all',
      requested: 'new',
      reason:
        'report: new needs a base commit and the workflow_dispatch event has none, so every finding is reported',
    });
  });
});

describe('splitFindings', () => {
  const moved = finding({ path: 'Dockerfile', evidence: 'node' });
  const added = finding({
    path: 'Dockerfile',
    evidence: 'curl',
    ruleId: 'dockerfile/remote-add-no-checksum',
  });
  const untouched = finding({ path: 'other/Dockerfile' });
  const head = [moved, added, untouched];
  const changed = new Set(['Dockerfile']);

  test('all', () => {
    expect(splitFindings(head, { mode: 'all' })).toEqual({ reported: head, existing: [] });
  });

  test('changed-files', () => {
    expect(splitFindings(head, { mode: 'changed-files', changed })).toEqual({
      reported: [moved, added],
      existing: [untouched],
    });
  });

  test('new: changed file and fingerprint absent from the base', () => {
    const r = splitFindings(head, { mode: 'new', changed, baseFingerprints: new Set([moved.fingerprint]) });
    expect(r).toEqual({ reported: [added], existing: [moved, untouched] });
  });

  test('new: an unchanged file is never new, even without base fingerprints', () => {
    expect(
      splitFindings([untouched], { mode: 'new', changed, baseFingerprints: new Set() }).reported,
    ).toEqual([]);
  });

  test('new: comparison-only findings are added once', () => {
    const integrity = finding({ ruleId: 'lockfile/integrity-changed', path: 'package-lock.json' });
    const r = splitFindings(head, {
      mode: 'new',
      changed,
      baseFingerprints: new Set([moved.fingerprint]),
      extraNew: [integrity, integrity],
    });
    expect(r.reported).toEqual([added, integrity]);
  });
});
