/**
 * A hit's related spans reach the finding (labels masked like messages), and a finding without
 * any carries no `related` key at all, so JSON and SARIF output stay as they were. No shipped rule
 * emits related spans yet, so one rule module is replaced by a stand-in that does.
 */
import { describe, expect, it, jest } from '@jest/globals';
import { defineRule, hit } from '../../src/core/index.js';

const TOKEN = 'ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

jest.unstable_mockModule('../../src/rules/dockerfile/sudo-in-run.js', () => ({
  rule: defineRule({
    id: 'dockerfile/sudo-in-run',
    kind: 'dockerfile',
    appliesTo: 'dockerfile',
    severity: 'medium',
    title: 'stand-in',
    description: 'stand-in',
    fix: 'stand-in',
    examples: { bad: '', good: '' },
    check(model) {
      return model.instructions
        .filter((i) => i.keyword === 'RUN')
        .map((i, n) =>
          hit(i.span, `run ${n}`, {
            evidence: `run ${n}`,
            related:
              n === 0
                ? [{ span: i.keywordSpan, label: `the keyword, next to ${TOKEN}` }]
                : n === 1
                  ? []
                  : undefined,
          }),
        );
    },
  }),
}));

const { scanFiles } = await import('../helpers/rules.js');

describe('related spans', () => {
  it('pass from the hit to the finding, masked, and are left out when there are none', async () => {
    const { findings } = await scanFiles({
      Dockerfile: `FROM alpine:3.20@sha256:${'b'.repeat(64)}\nRUN a\nRUN b\nRUN c\n`,
    });
    const runs = findings.filter((f) => f.ruleId === 'dockerfile/sudo-in-run');
    expect(runs.map((f) => f.message)).toEqual(['run 0', 'run 1', 'run 2']);
    expect(runs[0]!.related).toEqual([
      { span: { line: 2, column: 1, endLine: 2, endColumn: 4 }, label: 'the keyword, next to ghp_…' },
    ]);
    expect('related' in runs[1]!).toBe(false);
    expect('related' in runs[2]!).toBe(false);
  });
});
