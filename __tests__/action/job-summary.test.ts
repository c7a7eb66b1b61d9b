import { describe, expect, test } from '@jest/globals';
import { renderJobSummary, MAX_JOB_SUMMARY_BYTES } from '../../src/report/job-summary.js';
import { summarize } from '../../src/report/summary.js';
import { readDocument } from '../report/gfm-lite.js';
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
  test('verdict, findings by file with links to the head commit, existing collapsed', () => {
    const md = render();
    expect(md).toContain('> Reporting findings this change introduces (report: new).');
    expect(md).toContain(
      '❌ **Blocking**: 1 of 1 finding at or above `high` (1 high). 1 existing finding did not block (collapsed below).',
    );
    expect(md).toContain(
      '### Findings by file\n\n#### `Dockerfile`\n\n- 🟧 **high** · [`dockerfile/base-image-latest`](',
    );
    expect(md).toContain(`[line 1](${LINK}/Dockerfile#L1) — Base image 'node' has no tag.`);
    expect(md).toContain(
      '<details><summary>Existing findings not introduced by this change (1, not blocking)</summary>',
    );
    expect(md.indexOf('old/Dockerfile')).toBeGreaterThan(md.indexOf('<details><summary>Existing'));
  });

  test('files ordered by their most severe finding; the fix once per rule, collapsed', () => {
    const md = render(
      [
        finding({ severity: 'low', path: 'a/Dockerfile', fix: 'Pin `node:20@sha256:…`.' }),
        finding({ severity: 'medium', path: 'b/Dockerfile', fix: 'Pin `node:20@sha256:…`.' }),
        finding({ severity: 'low', path: 'b/Dockerfile', startLine: 4, fix: 'Pin `node:20@sha256:…`.' }),
      ],
      [],
    );
    expect(md).toContain(
      '✅ **Not blocking**: nothing at or above `high`; 3 findings below it (1 medium, 2 low).',
    );
    expect(md.indexOf('#### `b/Dockerfile`')).toBeLessThan(md.indexOf('#### `a/Dockerfile`'));
    expect(md).toContain(
      '<details><summary>How to fix <code>dockerfile/base-image-latest</code> (3 findings)</summary>\n\nPin `node:20@sha256:…`.\n\n</details>',
    );
    expect(md.split('Pin `node:20').length).toBe(2);
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
    // Read as GitHub reads it: no tag, link, mention or emphasis of the value's making.
    const doc = readDocument(md);
    expect(doc.risks).toEqual([]);
    expect(doc.tags.filter((t) => !['details', 'summary', 'code', 'br'].includes(t))).toEqual([]);
    expect(
      doc.links.filter((l) => !l.startsWith(LINK) && !l.startsWith('https://github.com/bulkhead-dev/')),
    ).toEqual([]);
    // Each finding is one line.
    expect(md.split('\n').filter((l) => l.startsWith('- ')).length).toBe(2);
  });
});
