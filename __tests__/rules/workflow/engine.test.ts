/**
 * Workflows through the whole engine: which files are workflows or action metadata, parse errors
 * as findings (fail closed), inline ignores on the step or the line, and the file-size cap.
 */
import { describe, expect, it } from '@jest/globals';
import { scanFiles } from '../../helpers/rules.js';

const where = (
  fs: { ruleId: string; path: string; startLine: number; startColumn: number; severity: string }[],
) => fs.map((f) => `${f.ruleId} ${f.path}:${f.startLine}:${f.startColumn} ${f.severity}`).sort();

/** One job with `lines` as its steps; `permissions: {}` last, so no line moves and the token is cut. */
const STEPS = (...lines: string[]) =>
  [
    'on: push',
    'jobs:',
    '  a:',
    '    runs-on: ubuntu-24.04',
    '    steps:',
    ...lines,
    'permissions: {}',
    '',
  ].join('\n');

describe('workflow files in a scan', () => {
  it('workflows and action.yml anywhere are checked; other YAML is not', async () => {
    const r = await scanFiles({
      '.github/workflows/ci.yml': STEPS('      - uses: acme/act@v1'),
      '.github/workflows/nested/not-a-workflow.yml': STEPS('      - uses: acme/act@v1'),
      'tools/setup/action.yaml': 'runs:\n  using: composite\n  steps:\n    - uses: actions/cache@v4\n',
      'config/ci.yml': STEPS('      - uses: acme/act@v1'),
    });
    expect(where(r.findings)).toEqual([
      'workflow/unpinned-action .github/workflows/ci.yml:6:15 high',
      'workflow/unpinned-action tools/setup/action.yaml:4:13 medium',
    ]);
  });

  it('a file GitHub refuses is a workflow/parse-error finding at its position', async () => {
    const r = await scanFiles({ '.github/workflows/bad.yml': STEPS('      - uses: ${{ inputs.a }}') });
    expect(where(r.findings)).toEqual(['workflow/parse-error .github/workflows/bad.yml:6:15 high']);
    expect(r.findings[0]!.message).toMatch(/expression/);
  });

  it('an inline ignore above the step, or at the end of the uses line, suppresses it', async () => {
    const r = await scanFiles({
      '.github/workflows/ci.yml': STEPS(
        '      # bulkhead-ignore workflow/unpinned-action -- vendored, reviewed',
        '      - name: one',
        '        uses: acme/one@v1',
        '      - uses: acme/two@v1 # bulkhead-ignore workflow/unpinned-action -- reviewed',
        '      - uses: acme/three@v1',
      ),
    });
    expect(where(r.findings)).toEqual(['workflow/unpinned-action .github/workflows/ci.yml:10:15 high']);
    expect(r.suppressed.map((f) => f.startLine).sort()).toEqual([8, 9]);
  });

  it('an ignore written inside a run: block scalar is script text and hides nothing', async () => {
    const r = await scanFiles({
      '.github/workflows/ci.yml': STEPS(
        '      - run: |',
        '          # bulkhead-ignore workflow/unpinned-action -- not a YAML comment',
        '          make',
        '      - uses: acme/act@v1',
      ),
    });
    expect(where(r.findings)).toEqual(['workflow/unpinned-action .github/workflows/ci.yml:9:15 high']);
  });

  it("GitHub's actions.lock beside the workflow is read through the workspace", async () => {
    const sha = '93cb6efe18208431cddfb8368fd83d5badbf9bfd';
    const r = await scanFiles({
      '.github/workflows/ci.yml': STEPS('      - uses: acme/act@v1', '      - uses: acme/other@v1'),
      '.github/workflows/actions.lock': [
        "version: 'v0.0.2'",
        'workflows:',
        "  '.github/workflows/ci.yml': ['acme/act@v1']",
        'dependencies:',
        `  'acme/act@v1': { ref: 'v1', commit: 'sha1-${sha}' }`,
        '',
      ].join('\n'),
    });
    expect(where(r.findings)).toEqual(['workflow/unpinned-action .github/workflows/ci.yml:7:15 high']);
  });

  it('config trusted-actions lowers the severity through the engine', async () => {
    const r = await scanFiles(
      { '.github/workflows/ci.yml': STEPS('      - uses: acme/act@v1') },
      { config: { workflow: { 'trusted-actions': ['acme/*'] } } },
    );
    expect(where(r.findings)).toEqual(['workflow/unpinned-action .github/workflows/ci.yml:6:15 low']);
  });
});
