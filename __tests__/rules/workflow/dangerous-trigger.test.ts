import { parseWorkflow } from '../../../src/formats/workflow/parse.js';
import { rule } from '../../../src/rules/workflow/dangerous-trigger.js';
import { describe, expect, it } from '@jest/globals';
import { ruleTester } from '../../helpers/rule-tester.js';
import { runRule } from '../../helpers/rules.js';

/** `on:` value, then a workflow-level permissions block, then one job's lines. */
const wf = (on: string, perms: string | undefined, ...job: string[]) =>
  [
    `on: ${on}`,
    ...(perms ? ['permissions:', `  ${perms}`] : []),
    'jobs:',
    '  build:',
    '    runs-on: ubuntu-24.04',
    ...job,
    '',
  ].join('\n');
const CODE = ['    steps:', '      - uses: actions/checkout@v4.1.1', '      - run: ./scripts/lint-title.sh'];

ruleTester(rule, parseWorkflow, { path: '.github/workflows/ci.yml' }).run({
  valid: [
    {
      name: 'labeler: write token, only an action (the purpose of the trigger)',
      code: wf(
        'pull_request_target',
        undefined,
        '    permissions:',
        '      pull-requests: write',
        '    steps:',
        '      - uses: actions/labeler@8558fd74291d67161a8a78ce36a881fa63b766a9 # v5.0.0',
      ),
    },
    {
      name: 'title check with a read-only token, only an action (labeler-style)',
      code: wf(
        'pull_request_target',
        'contents: read',
        '    steps:',
        '      - uses: amannn/action-semantic-pull-request@48f256284bd46cdaab1048c3721360e808335d50 # v6.1.1',
      ),
    },
    {
      name: 'runs code with a write token: the privilege is used, nothing exploitable seen',
      code: wf('pull_request_target', 'checks: write', ...CODE),
    },
    {
      name: 'runs code with a secret',
      code: wf(
        'pull_request_target',
        'contents: read',
        ...CODE,
        '        env:',
        '          KEY: ${{ secrets.KEY }}',
      ),
    },
    {
      name: 'no permissions block anywhere: the default token is not known from the file',
      code: wf('pull_request_target', undefined, ...CODE),
    },
    { name: 'plain pull_request is not privileged', code: wf('pull_request', 'contents: read', ...CODE) },
    {
      name: 'workflow_run alone: the upstream workflow decides who can start it',
      code: wf('workflow_run', 'contents: read', ...CODE),
    },
    {
      name: 'guarded to same-repository pull requests',
      code: wf(
        'pull_request_target',
        'contents: read',
        '    if: github.event.pull_request.head.repo.full_name == github.repository',
        ...CODE,
      ),
    },
    {
      name: 'part of a chain: the untrusted checkout reports it, with the trigger as a related place',
      code: wf(
        'pull_request_target',
        'contents: read',
        '    steps:',
        '      - uses: actions/checkout@v4.1.1',
        '        with:',
        '          ref: ${{ github.event.pull_request.head.sha }}',
        '      - run: npm test',
      ),
    },
    {
      name: 'part of a chain: template-injection reports it',
      code: wf(
        'pull_request_target',
        'contents: read',
        '    steps:',
        '      - uses: actions/checkout@v4.1.1',
        '      - run: echo "${{ github.event.pull_request.title }}"',
      ),
    },
  ],
  invalid: [
    {
      name: 'pull_request_target whose jobs hold nothing pull_request would not give: low, at the trigger',
      code: wf('pull_request_target', 'contents: read', ...CODE),
      errors: [{ line: 1, column: 5, endLine: 1, endColumn: 24, severity: 'low', message: 'pull_request' }],
    },
    {
      name: 'list form with pull_request too; empty permissions',
      code: wf('[pull_request, pull_request_target]', '{}', ...CODE),
      errors: [{ line: 1, column: 20, severity: 'low' }],
    },
  ],
});

describe('workflow/dangerous-trigger related places', () => {
  it('names the read-only permissions', async () => {
    const hits = await runRule(
      rule,
      parseWorkflow,
      wf('pull_request_target', 'contents: read', ...CODE),
      '.github/workflows/ci.yml',
    );
    expect(hits.map((h) => h.related?.map((r) => `${r.span.line}:${r.span.column} ${r.label}`))).toEqual([
      ['3:3 job `build` gets a read-only token and reads no secrets'],
    ]);
  });
});
