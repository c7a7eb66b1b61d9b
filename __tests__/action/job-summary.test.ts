import { describe, expect, test } from '@jest/globals';
import { renderJobSummary, MAX_JOB_SUMMARY_BYTES } from '../../src/report/job-summary.js';
import { summarize } from '../../src/report/summary.js';
import { finding, HOSTILE } from './fixtures.js';

const LINK = `https://github.com/o/r/blob/${'c'.repeat(40)}`;

function render(
  findings = [finding()],
  existing = [finding({ path: 'old/Dockerfile', severity: 'critical' })],
  maxBytes?: number,
) {
  return renderJobSummary({
    findings,
    summary: summarize(findings, 'high', 3),
    existing,
    suppressed: [],
    config: { origin: 'default' },
    linkBase: LINK,
    notes: ['Reporting findings this change introduces (report: new).'],
    title: 'Bulkhead',
    checkRunUrl: 'https://github.com/o/r/runs/1',
    ...(maxBytes ? { maxBytes } : {}),
  });
}

describe('job summary', () => {
  test('counts, blocking table with links to the head commit, existing collapsed', () => {
    const md = render();
    expect(md).toContain('> Reporting findings this change introduces (report: new).');
    expect(md).toContain('| 🟧 high | 1 |');
    expect(md).toContain('### Blocking');
    expect(md).toContain(`](${LINK}/Dockerfile#L1)`);
    expect(md).toContain(
      '<details><summary>Existing findings not introduced by this change (1, not blocking)</summary>',
    );
    expect(md.indexOf('old/Dockerfile')).toBeGreaterThan(md.indexOf('<details><summary>Existing'));
  });

  test('non-blocking findings are grouped by file in <details>', () => {
    const md = render(
      [
        finding({ severity: 'low', path: 'a/Dockerfile' }),
        finding({ severity: 'medium', path: 'b/Dockerfile' }),
      ],
      [],
    );
    expect(md).toContain('<details><summary><code>a/Dockerfile</code> (1)</summary>');
    expect(md).toContain('<details><summary><code>b/Dockerfile</code> (1)</summary>');
  });

  test('stays under 1 MiB with a note pointing to the check run', () => {
    const many = Array.from({ length: 20_000 }, (_, i) =>
      finding({ path: `dir${i}/Dockerfile`, message: 'm'.repeat(80) }),
    );
    const md = render(many, []);
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(MAX_JOB_SUMMARY_BYTES);
    expect(md).toContain(
      'Truncated to fit. The full list is in the [check run](https://github.com/o/r/runs/1), the workflow log.',
    );
  });

  test.each(HOSTILE)('markdown and HTML in values are escaped: %j', (s) => {
    const md = render(
      [
        finding({ path: `${s}/Dockerfile`, message: s, fix: s }),
        finding({ severity: 'low', path: `${s}/x.Dockerfile`, message: s }),
      ],
      [],
    );
    expect(md).not.toContain('<script>');
    expect(md).not.toMatch(/\]\(javascript:/);
    expect(md).not.toContain('@everyone');
    for (const row of md.split('\n').filter((l) => l.startsWith('| ') && l.includes('#L'))) {
      // Four cells: no value added a column.
      expect(row.replace(/\\\|/g, '').split('|').length - 2).toBe(4);
    }
  });
});
