import { parseWorkflow } from '../../../src/formats/workflow/parse.js';
import { rule } from '../../../src/rules/workflow/template-injection.js';
import { describe, expect, it } from '@jest/globals';
import { ruleTester } from '../../helpers/rule-tester.js';
import { runRule } from '../../helpers/rules.js';

/** A workflow triggered by `on` whose one job's steps are `steps` (each a line, six spaces in). */
const wf = (on: string, ...steps: string[]) =>
  [`on: ${on}`, 'jobs:', '  build:', '    runs-on: ubuntu-24.04', '    steps:', ...steps, ''].join('\n');

ruleTester(rule, parseWorkflow, { path: '.github/workflows/ci.yml' }).run({
  valid: [
    {
      name: 'env indirection: the script reads "$TITLE"',
      code: wf(
        'issues',
        '      - run: echo "$TITLE"',
        '        env:',
        '          TITLE: ${{ github.event.issue.title }}',
      ),
    },
    {
      name: 'safe contexts: numbers, SHAs, ids, repository, secrets, step outcomes',
      code: wf(
        'pull_request_target',
        '      - run: |',
        '          echo ${{ github.event.pull_request.number }} ${{ github.event.pull_request.head.sha }}',
        '          echo ${{ github.sha }} ${{ github.run_id }} ${{ github.event.issue.id }} ${{ github.repository }}',
        '          echo ${{ secrets.TOKEN }} ${{ steps.x.outcome }} ${{ needs.a.result }} ${{ github.actor }}',
        '          echo ${{ steps.meta.outputs.tags }} ${{ runner.temp }} ${{ github.event.pull_request.base.sha }}',
      ),
    },
    {
      name: 'if: conditions are not scripts, block-scalar ones included',
      code: wf(
        'issue_comment',
        '      - if: |-',
        "          ${{ contains(github.event.comment.body, '/deploy') }}",
        '        run: echo deploying',
        "      - if: github.event.issue.title == 'x'",
        '        run: echo ok',
      ),
    },
    {
      name: 'boolean results: comparisons, contains(fromJSON(...)), startsWith, !',
      code: wf(
        'issues',
        "      - run: echo ${{ github.event.issue.title == 'x' }} ${{ contains(fromJSON('[\"a\"]'), github.event.issue.title) }}",
        "      - run: echo ${{ startsWith(github.head_ref, 'x') }} ${{ !github.event.issue.body }}",
      ),
    },
    {
      name: 'pseudo-ternary of literals: && yields its right side',
      code: wf(
        'issues',
        "      - run: echo ${{ github.event.issue.title == 'bug' && 'yes' || 'no' }}",
        "      - run: echo ${{ github.event.issue.body && 'has body' }}",
      ),
    },
    {
      name: 'env: and non-code with: inputs are not sinks',
      code: wf(
        'pull_request_target',
        '      - uses: actions/checkout@08eba0b27e820071cde6df949e0beb9ba4906955',
        '        with:',
        '          ref: ${{ github.head_ref }}',
        '        env:',
        '          X: ${{ github.event.pull_request.title }}',
      ),
    },
    {
      name: 'env.X set from static text, typed inputs, static matrix',
      code: [
        'on:',
        '  workflow_dispatch:',
        '    inputs:',
        '      dry: { type: boolean }',
        '      level: { type: choice, options: [a, b] }',
        'env:',
        '  NAME: app',
        'jobs:',
        '  b:',
        '    runs-on: ubuntu-24.04',
        '    strategy:',
        '      matrix:',
        '        os: [linux]',
        '    steps:',
        '      - run: echo ${{ env.NAME }} ${{ inputs.dry }} ${{ inputs.level }} ${{ matrix.os }}',
        '',
      ].join('\n'),
    },
    {
      name: 'github-script reading the value from context.payload',
      code: wf(
        'issues',
        '      - uses: actions/github-script@08eba0b27e820071cde6df949e0beb9ba4906955',
        '        with:',
        '          script: |',
        '            const t = context.payload.issue.title',
        '          github-token: ${{ github.event.issue.title }}',
      ),
    },
  ],
  invalid: [
    {
      name: 'issue title under issues: critical, exact span, trigger as related',
      code: wf('issues', '      - run: echo "${{ github.event.issue.title }}"'),
      errors: [
        {
          line: 6,
          column: 20,
          endLine: 6,
          endColumn: 51,
          severity: 'critical',
          message: "interpolates 'github.event.issue.title' into code",
        },
      ],
    },
    {
      name: 'inside a literal block: each expression at its own line and column',
      code: wf(
        'pull_request_target',
        '      - run: |',
        '          echo building',
        '          git push origin HEAD:${{ github.head_ref }}',
        '          echo "${{ github.event.pull_request.body }}" > body.md',
      ),
      errors: [
        { line: 8, column: 32, endColumn: 54, severity: 'critical', message: "'github.head_ref'" },
        { line: 9, column: 17, endColumn: 54, severity: 'critical' },
      ],
    },
    {
      name: 'plain pull_request: medium',
      code: wf('pull_request', '      - run: echo ${{ github.head_ref }}'),
      errors: [{ line: 6, column: 19, severity: 'medium', message: 'read-only token' }],
    },
    {
      name: 'mixed triggers: the most privileged one that fills the field',
      code: wf(
        '[pull_request, pull_request_target]',
        '      - run: echo ${{ github.event.pull_request.title }}',
      ),
      errors: [{ line: 6, column: 19, severity: 'critical' }],
    },
    {
      name: "reusable workflow: high (the caller's event), critical when its own privileged trigger fills it",
      code: wf(
        '[workflow_call, issues]',
        '      - run: echo ${{ github.head_ref }} ${{ github.event.issue.title }}',
      ),
      errors: [
        { line: 6, column: 19, severity: 'high', message: 'event of the workflow that calls it' },
        { line: 6, column: 42, severity: 'critical' },
      ],
    },
    {
      name: 'push commit message: high',
      code: wf('push', '      - run: echo "${{ github.event.head_commit.message }}"'),
      errors: [{ line: 6, column: 20, severity: 'high' }],
    },
    {
      name: 'a field no trigger fills: low',
      code: wf('push', '      - run: echo "${{ github.event.issue.title }}"'),
      errors: [{ line: 6, column: 20, severity: 'low', message: 'none of this workflow' }],
    },
    {
      name: "bracket form github['event']['issue']['title'] and filters",
      code: wf(
        'issue_comment',
        "      - run: echo ${{ github['event']['comment']['body'] }}",
        "      - run: echo ${{ join(github.event.*.body, ' ') }}",
      ),
      errors: [
        { line: 6, column: 19, severity: 'critical', message: "'github.event.comment.body'" },
        { line: 7, column: 19, severity: 'critical' },
      ],
    },
    {
      name: 'toJSON of the whole event and format() wrapping a title are reported',
      code: wf(
        'workflow_run',
        "      - run: echo '${{ toJSON(github.event) }}' > event.json",
        "      - run: echo ${{ format('branch {0}', github.event.workflow_run.head_branch) }}",
      ),
      errors: [
        { line: 6, column: 20, severity: 'critical', message: 'whole object' },
        { line: 7, column: 19, severity: 'critical' },
      ],
    },
    {
      name: 'a multi-line expression: the span covers its lines',
      code: wf(
        'issues',
        '      - run: |',
        '          echo ${{',
        '            github.event.issue.body',
        '          }}',
      ),
      errors: [{ line: 7, column: 16, endLine: 9, endColumn: 13, severity: 'critical' }],
    },
    {
      name: 'folded scalar: the expression keeps its own line',
      code: wf(
        'discussion',
        '      - run: >-',
        '          echo',
        '          ${{ github.event.discussion.title }}',
      ),
      errors: [{ line: 8, column: 11, endColumn: 47, severity: 'critical' }],
    },
    {
      name: 'github-script script: and || fallbacks',
      code: wf(
        'issue_comment',
        '      - uses: actions/github-script@08eba0b27e820071cde6df949e0beb9ba4906955',
        '        with:',
        '          script: |',
        "            const body = `${{ github.event.comment.body || 'none' }}`",
      ),
      errors: [{ line: 9, column: 27, severity: 'critical', message: "actions/github-script`'s `script:`" }],
    },
    {
      name: '${{ env.X }} set from an untrusted field undoes the indirection',
      code: wf(
        'pull_request_target',
        '      - run: echo "${{ env.TITLE }}"',
        '        env:',
        '          TITLE: ${{ github.event.pull_request.title }}',
      ),
      errors: [{ line: 6, column: 20, severity: 'critical', message: "'env.TITLE', which is set from" }],
    },
    {
      name: 'string inputs: workflow_call medium, workflow_dispatch low',
      code: [
        'on:',
        '  workflow_call:',
        '    inputs:',
        '      name: { type: string }',
        '  workflow_dispatch:',
        '    inputs:',
        '      note:',
        '        description: free text',
        'jobs:',
        '  b:',
        '    runs-on: ubuntu-24.04',
        '    steps:',
        '      - run: echo ${{ inputs.name }} ${{ github.event.inputs.note }}',
        '',
      ].join('\n'),
      errors: [
        { line: 13, column: 19, severity: 'medium', message: "string input 'name'" },
        { line: 13, column: 38, severity: 'low' },
      ],
    },
    {
      name: 'composite action: inputs medium, event fields high',
      path: 'action.yml',
      code: [
        'name: x',
        'inputs:',
        '  msg: { description: m }',
        'runs:',
        '  using: composite',
        '  steps:',
        '    - run: echo ${{ inputs.msg }} ${{ github.head_ref }}',
        '      shell: bash',
        '',
      ].join('\n'),
      errors: [
        { line: 7, column: 17, severity: 'medium' },
        { line: 7, column: 35, severity: 'high' },
      ],
    },
    {
      name: 'an expression that does not parse is reported (fail closed), medium',
      code: wf('push', '      - run: echo ${{ github.event.issue.title +++ }}'),
      errors: [{ line: 6, column: 19, severity: 'medium', message: 'could not parse' }],
    },
    {
      name: 'PowerShell and github-script fixes name their own variable syntax',
      code: wf('issues', '      - run: Write-Output "${{ github.event.issue.body }}"', '        shell: pwsh'),
      errors: [{ line: 6, column: 28, severity: 'critical', message: "'github.event.issue.body'" }],
    },
    {
      name: 'repository_dispatch client_payload at any depth, and serialised whole: high',
      code: wf(
        'repository_dispatch',
        '      - run: echo ${{ github.event.client_payload.a.b }}',
        "      - run: echo '${{ toJSON(github.event.client_payload) }}'",
        '      - run: echo ${{ github.event.client_payload }}',
      ),
      errors: [
        { line: 6, column: 19, severity: 'high' },
        { line: 7, column: 20, severity: 'high', message: 'whole object' },
      ],
    },
    {
      name: 'a matrix computed by an expression: low; static keys of the same job clean',
      code: [
        'on: push',
        'jobs:',
        '  b:',
        '    runs-on: ubuntu-24.04',
        '    strategy:',
        '      matrix:',
        '        os: [linux]',
        '        pkg: ${{ fromJSON(needs.setup.outputs.pkgs) }}',
        '    steps:',
        '      - run: echo ${{ matrix.os }} ${{ matrix.pkg }}',
        '',
      ].join('\n'),
      errors: [{ line: 10, column: 36, severity: 'low', message: "'matrix.pkg'" }],
    },
    {
      name: 'a step reused through an alias is reported once',
      code: wf('issues', '      - &s', '        run: echo ${{ github.event.issue.title }}', '      - *s'),
      errors: [{ line: 7, column: 19, severity: 'critical' }],
    },
  ],
});

describe('workflow/template-injection fix text and related places', () => {
  const fixOf = async (code: string) =>
    (await runRule(rule, parseWorkflow, code, '.github/workflows/ci.yml')).map((h) => ({
      fix: h.fix,
      related: h.related?.map((r) => `${r.span.line}:${r.span.column} ${r.label}`),
    }));

  it('bash: "$VAR"; the privileged trigger is a related place', async () => {
    expect(await fixOf(wf('issues', '      - run: echo "${{ github.event.issue.title }}"'))).toEqual([
      {
        fix: expect.stringContaining(
          'add `env: { ISSUE_TITLE: ${{ github.event.issue.title }} }` to the step and use `"$ISSUE_TITLE"`',
        ),
        related: ['1:5 triggered by issues'],
      },
    ]);
  });

  it('pwsh: $env:VAR; github-script: process.env.VAR', async () => {
    const pwsh = await fixOf(
      wf('issues', '      - run: echo "${{ github.event.issue.body }}"', '        shell: pwsh'),
    );
    expect(pwsh[0]?.fix).toContain('`$env:ISSUE_BODY`');
    const js = await fixOf(
      wf(
        'issue_comment',
        '      - uses: actions/github-script@v7',
        '        with:',
        '          script: console.log(`${{ github.event.comment.body }}`)',
      ),
    );
    expect(js[0]?.fix).toContain('`process.env.COMMENT_BODY`');
  });

  it('env.X: the env entry that sets it is a related place', async () => {
    const r = await fixOf(
      wf(
        'pull_request_target',
        '      - run: echo "${{ env.T }}"',
        '        env:',
        '          T: ${{ github.head_ref }}',
      ),
    );
    expect(r[0]?.related).toEqual(['8:14 env.T is set here', '1:5 triggered by pull_request_target']);
  });
});
