import { describe, expect, it } from '@jest/globals';
import { codeSpan, encodePath } from '../../src/report/escape.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { summarize } from '../../src/report/summary.js';
import { finding, SAMPLE } from './fixtures.js';

describe('escaping for markdown', () => {
  it('codeSpan cannot be broken out of, nor split a table cell', () => {
    expect(codeSpan('a</code><b>x|y*z*\n@me')).toBe(
      '<code>a&lt;/code&gt;&lt;b&gt;x&#124;y&#42;z&#42; &#64;me</code>',
    );
  });

  it('encodePath keeps markdown links intact', () => {
    expect(encodePath("a b/(x)/it's#1.md")).toBe('a%20b/%28x%29/it%27s%231.md');
  });
});

describe('renderMarkdown', () => {
  it('a verdict, then one line per finding by file, every value from the repository as code or escaped', () => {
    const hostile = finding({
      ruleId: 'dockerfile/base-image-latest',
      severity: 'critical',
      path: 'x|y/<b>Dockerfile',
      message: 'image `a|b` <script>alert(1)</script> @team',
    });
    const out = renderMarkdown([hostile, ...SAMPLE], summarize([hostile, ...SAMPLE], 'high', 3), {
      linkBase: 'https://github.com/o/r/blob/abc',
    });
    expect(out).toContain(
      '❌ **Blocking**: 2 of 4 findings at or above `high` (1 critical, 1 high, 1 medium, 1 info).',
    );
    const line = out.split('\n').find((l) => l.startsWith('- 🟥 **critical** · ['))!;
    expect(line).toBe(
      '- 🟥 **critical** · [`dockerfile/base-image-latest`](https://github.com/bulkhead-dev/bulkhead/blob/main/docs/rules/dockerfile/base-image-latest.md)' +
        ' · [line 1](https://github.com/o/r/blob/abc/x%7Cy/%3Cb%3EDockerfile#L1) — image `a|b` \\<script\\>alert(1)\\</script\\> `@team`',
    );
    expect(out).toContain('#### `x|y/<b>Dockerfile`');
    // The most severe file first.
    expect(out.indexOf('#### `x|y/<b>Dockerfile`')).toBeLessThan(out.indexOf('#### `Dockerfile`'));
  });

  it('the short form: the verdict and at most 30 blocking findings, the rest one link away', () => {
    const many = Array.from({ length: 40 }, (_, i) =>
      finding({ ruleId: 'r/a', severity: 'high', path: `d${i}/Dockerfile` }),
    );
    const low = finding({ ruleId: 'r/b', severity: 'low', path: 'x', fix: 'Pin it.' });
    const out = renderMarkdown([...many, low], summarize([...many, low], 'high', 40), {
      short: true,
      fullListAt: '[check run](https://x/1)',
    });
    expect(out.split('\n').filter((l) => l.startsWith('- ')).length).toBe(30);
    expect(out).toContain(
      '10 more blocking findings, 1 finding below the threshold and how to fix each rule: in the [check run](https://x/1).',
    );
    expect(out).not.toContain('Pin it');
  });

  it('the verdict counts what the change added when only new findings are reported', () => {
    const at = { ruleId: 'dockerfile/base-image-latest', path: 'Dockerfile' };
    const f = [finding({ ...at, severity: 'high' }), finding({ ...at, severity: 'low', startLine: 4 })];
    const head = (fs: typeof f, scope?: 'new' | 'changed-files') =>
      renderMarkdown(fs, summarize(fs, 'high', 5, scope), {
        existing: [finding({ ...at, path: 'old', severity: 'medium' })],
      })
        .split('\n')
        .find((l) => l.includes('**'))!;
    expect(head(f, 'new')).toBe(
      '❌ **Blocking**: 1 of 2 new findings in this change at or above `high` (1 high, 1 low). 1 existing finding did not block (collapsed below).',
    );
    expect(head([], 'new')).toBe(
      '✅ **Not blocking**: no new findings in this change (5 checked files, threshold `high`). 1 existing finding did not block (collapsed below).',
    );
    expect(head([f[1]!], 'changed-files')).toBe(
      '✅ **Not blocking**: nothing at or above `high`; 1 finding in changed files below it (1 low). 1 existing finding did not block (collapsed below).',
    );
    expect(head([], undefined)).toBe(
      '✅ **Not blocking**: no findings in 5 checked files (threshold `high`). 1 existing finding did not block (collapsed below).',
    );
  });

  it('fail-on never: not blocking, no threshold to be below', () => {
    expect(renderMarkdown(SAMPLE, summarize(SAMPLE, 'never', 3))).toContain(
      '✅ **Not blocking** (fail-on `never`): 3 findings (1 high, 1 medium, 1 info).',
    );
  });

  it('stays under maxBytes and closes what it opened', () => {
    const many = Array.from({ length: 500 }, (_, i) =>
      finding({
        ruleId: 'scan/symlink-skipped',
        severity: 'info',
        path: `d${i % 7}/Dockerfile`,
        startLine: i + 1,
      }),
    );
    const out = renderMarkdown(many, summarize(many, 'high', 7), { maxBytes: 4000 });
    expect(Buffer.byteLength(out)).toBeLessThanOrEqual(4000);
    expect(out).toContain('Truncated to fit');
    expect(out.split('<details>').length).toBe(out.split('</details>').length);
  });
});
