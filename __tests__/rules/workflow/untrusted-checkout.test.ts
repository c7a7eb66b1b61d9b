import { parseWorkflow } from '../../../src/formats/workflow/parse.js';
import { rule } from '../../../src/rules/workflow/untrusted-checkout.js';
import { describe, expect, it } from '@jest/globals';
import { ruleTester } from '../../helpers/rule-tester.js';
import { runRule } from '../../helpers/rules.js';

/** A workflow triggered by `on` whose one job's steps are `steps` (each a line, six spaces in). */
const wf = (on: string, ...steps: string[]) =>
  [`on: ${on}`, 'jobs:', '  build:', '    runs-on: ubuntu-24.04', '    steps:', ...steps, ''].join('\n');
const CO = '      - uses: actions/checkout@v4.1.1';
const HEAD = '          ref: ${{ github.event.pull_request.head.sha }}';

ruleTester(rule, parseWorkflow, { path: '.github/workflows/ci.yml' }).run({
  valid: [
    {
      name: 'plain pull_request: a fork run has a read-only token and no secrets',
      code: wf('pull_request', CO, '        with:', HEAD, '      - run: npm ci && npm test'),
    },
    {
      name: 'pull_request_target with the default checkout (the base branch) and a build',
      code: wf('pull_request_target', CO, '      - run: npm ci && npm test'),
    },
    {
      name: 'pull_request_target checking out the base ref or github.sha',
      code: wf(
        'pull_request_target',
        CO,
        '        with:',
        '          ref: ${{ github.base_ref }}',
        CO,
        '        with:',
        '          ref: ${{ github.sha }}',
        '      - run: make',
      ),
    },
    {
      name: 'labeler-style job: no checkout at all',
      code: wf(
        'pull_request_target',
        '      - uses: actions/labeler@8558fd74291d67161a8a78ce36a881fa63b766a9 # v5.0.0',
      ),
    },
    {
      name: 'same-repository guard keeps forks out',
      code: [
        'on: pull_request_target',
        'jobs:',
        '  build:',
        '    if: github.event.pull_request.head.repo.full_name == github.repository',
        '    runs-on: ubuntu-24.04',
        '    steps:',
        CO,
        '        with:',
        HEAD,
        '      - run: npm ci',
        '',
      ].join('\n'),
    },
    {
      name: 'workflow_run guarded to push runs; an event_name check for the unprivileged trigger',
      code: [
        'on:',
        '  workflow_run:',
        '    workflows: [CI]',
        '  pull_request:',
        'jobs:',
        '  a:',
        "    if: ${{ github.event.workflow_run.event == 'push' }}",
        '    runs-on: ubuntu-24.04',
        '    steps:',
        CO,
        '        with:',
        '          ref: ${{ github.event.workflow_run.head_sha }}',
        '      - run: make',
        '  b:',
        "    if: github.event_name == 'pull_request'",
        '    runs-on: ubuntu-24.04',
        '    steps:',
        CO,
        '        with:',
        '          ref: ${{ github.event.pull_request.head.sha }}',
        '',
      ].join('\n'),
    },
    {
      name: 'a ref from a step output (origin not shown in the file) and an unfilled context under issue_comment',
      code: wf(
        'issue_comment',
        CO,
        '        with:',
        '          ref: ${{ steps.pr.outputs.head }}',
        CO,
        '        with:',
        HEAD,
        '      - run: make',
      ),
    },
    {
      name: 'git fetch of the head read only as a diff; reusable workflow (caller event unknown)',
      code: wf(
        '[pull_request_target, workflow_call]',
        '      - run: |',
        '          git fetch origin pull/${{ github.event.number }}/head',
        '          git diff --stat HEAD FETCH_HEAD',
      ),
    },
    {
      name: 'guard in an if: |- block scalar; fork == false negated form',
      code: [
        'on: pull_request_target',
        'jobs:',
        '  a:',
        '    if: |-',
        '      ${{ github.event.pull_request.head.repo.full_name == github.repository }}',
        '    runs-on: ubuntu-24.04',
        '    steps:',
        CO,
        '        with:',
        HEAD,
        '      - run: npm ci',
        '  b:',
        '    runs-on: ubuntu-24.04',
        '    steps:',
        CO,
        '        if: ${{ !github.event.pull_request.head.repo.fork }}',
        '        with:',
        HEAD,
        '      - run: npm ci',
        '',
      ].join('\n'),
    },
    {
      name: 'an earlier github-script step fails the job for forks (issue_comment snapshot bots)',
      code: wf(
        'issue_comment',
        '      - uses: actions/github-script@v7',
        '        with:',
        '          script: |',
        '            const pr = await github.rest.pulls.get({ ...context.repo, pull_number: context.issue.number })',
        '            if (pr.data.head.repo.full_name !== context.payload.repository.full_name) core.setFailed("no forks")',
        CO,
        '        with:',
        "          ref: ${{ format('refs/pull/{0}/merge', github.event.issue.number) }}",
        '      - run: yarn build',
      ),
    },
    {
      name: "a branch name alone is a branch of the base repository (a fork's branch is not there)",
      code: wf(
        '[pull_request_target, workflow_run]',
        CO,
        '        with:',
        '          ref: ${{ github.head_ref }}',
        CO,
        '        with:',
        '          ref: ${{ github.event.workflow_run.head_branch }}',
        '      - run: git checkout "${{ github.head_ref }}" && make',
      ),
    },
    {
      name: 'only a reusable workflow: the caller decides the event',
      code: wf('workflow_call', CO, '        with:', HEAD, '      - run: npm ci'),
    },
  ],
  invalid: [
    {
      name: 'head checkout then npm ci with a secret: critical at the ref value',
      code: wf(
        'pull_request_target',
        CO,
        '        with:',
        HEAD,
        '      - run: npm ci && npm test',
        '        env:',
        '          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}',
      ),
      errors: [{ line: 8, column: 16, endLine: 8, endColumn: 57, severity: 'critical', message: 'npm ci' }],
    },
    {
      name: 'head checkout, nothing run after it: high',
      code: wf('pull_request_target', CO, '        with:', HEAD),
      errors: [{ line: 8, column: 16, severity: 'high', message: 'no later step' }],
    },
    {
      name: "a branch name with the fork's repository names the fork's code",
      code: wf(
        'pull_request_target',
        CO,
        '        with:',
        '          repository: ${{ github.event.pull_request.head.repo.full_name }}',
        '          ref: ${{ github.head_ref }}',
        '      - run: make',
      ),
      errors: [{ line: 9, column: 16, severity: 'critical', message: 'github.head_ref' }],
    },
    {
      name: 'executed, but read-only token and no secrets: high',
      code: [
        'on: pull_request_target',
        'permissions:',
        '  contents: read',
        'jobs:',
        '  build:',
        '    runs-on: ubuntu-24.04',
        '    steps:',
        CO,
        '        with:',
        HEAD,
        '      - run: ./scripts/test.sh',
        '',
      ].join('\n'),
      errors: [{ line: 10, column: 16, severity: 'high', message: 'read-only' }],
    },
    {
      name: 'SHA pins: a # v6.0.2 comment lacks the fork guard (critical), # v7.0.1 has it (low)',
      code: [
        'on: pull_request_target',
        'jobs:',
        '  a:',
        '    runs-on: ubuntu-24.04',
        '    steps:',
        '      - uses: actions/checkout@de0fac2e4500dabe0009e67214ff5f5447ce83dd # v6.0.2',
        '        with:',
        HEAD,
        '      - uses: ./.github/actions/build',
        '  b:',
        '    runs-on: ubuntu-24.04',
        '    steps:',
        '      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1',
        '        with:',
        HEAD,
        '      - uses: ./.github/actions/build',
        '',
      ].join('\n'),
      errors: [
        { line: 8, column: 16, severity: 'critical', message: 'local action' },
        { line: 15, column: 16, severity: 'low', message: 'refuses a fork' },
      ],
    },
    {
      name: 'a major tag follows the backport (low) until allow-unsafe-pr-checkout opts back in (critical)',
      code: [
        'on: pull_request_target',
        'jobs:',
        '  a:',
        '    runs-on: ubuntu-24.04',
        '    steps:',
        '      - uses: actions/checkout@v4',
        '        with:',
        HEAD,
        '      - run: make',
        '  b:',
        '    runs-on: ubuntu-24.04',
        '    steps:',
        '      - uses: actions/checkout@v4',
        '        with:',
        HEAD,
        '          allow-unsafe-pr-checkout: true',
        '      - run: make',
        '',
      ].join('\n'),
      errors: [
        { line: 8, column: 16, severity: 'low' },
        { line: 15, column: 16, severity: 'critical' },
      ],
    },
    {
      name: 'issue_comment: refs/pull/N/merge through format(), then a local action',
      code: wf(
        'issue_comment',
        '      - uses: actions/checkout@v4',
        '        with:',
        "          ref: ${{ format('refs/pull/{0}/merge', github.event.issue.number) }}",
        '      - uses: ./.github/actions/setup',
      ),
      errors: [{ line: 8, column: 16, severity: 'critical', message: 'refs/pull/' }],
    },
    {
      name: 'issue_comment: refs/pull/ text around an expression',
      code: wf(
        'issue_comment',
        CO,
        '        with:',
        '          ref: refs/pull/${{ github.event.issue.number }}/head',
      ),
      errors: [{ line: 8, column: 16, severity: 'high' }],
    },
    {
      name: 'a label gate caps it at medium (a push after the label is checked out too)',
      code: [
        'on: pull_request_target',
        'jobs:',
        '  build:',
        "    if: contains(github.event.pull_request.labels.*.name, 'safe to test')",
        '    runs-on: ubuntu-24.04',
        '    steps:',
        CO,
        '        with:',
        HEAD,
        '      - run: npm test',
        '',
      ].join('\n'),
      errors: [{ line: 9, column: 16, severity: 'medium', message: 'label' }],
    },
    {
      name: "workflow_run: head_sha and the fork's repository are one finding, at the ref",
      code: [
        'on:',
        '  workflow_run:',
        '    workflows: [CI]',
        '    types: [completed]',
        'jobs:',
        '  deploy:',
        '    runs-on: ubuntu-24.04',
        '    steps:',
        CO,
        '        with:',
        '          repository: ${{ github.event.workflow_run.head_repository.full_name }}',
        '          ref: ${{ github.event.workflow_run.head_sha }}',
        '      - run: go build ./...',
        '',
      ].join('\n'),
      errors: [{ line: 12, column: 16, severity: 'critical' }],
    },
    {
      name: 'gh pr checkout in run: with nothing run after it (high); git fetch of pull/N/head, checkout, make (critical)',
      code: [
        'on: pull_request_target',
        'jobs:',
        '  a:',
        '    runs-on: ubuntu-24.04',
        '    permissions:',
        '      contents: write',
        '    steps:',
        '      - run: gh pr checkout ${{ github.event.pull_request.number }}',
        '  b:',
        '    runs-on: ubuntu-24.04',
        '    steps:',
        '      - run: |',
        '          git fetch origin pull/${{ github.event.number }}/head:pr',
        '          git checkout pr',
        '          make test',
        '',
      ].join('\n'),
      errors: [
        { line: 8, column: 14, severity: 'high', message: 'gh pr checkout' },
        { line: 13, column: 11, endColumn: 67, severity: 'critical', message: '`make`' },
      ],
    },
    {
      name: 'git checkout of a variable set from the head SHA in env:',
      code: wf(
        'pull_request_target',
        '      - run: git checkout "$HEAD_SHA"',
        '        env:',
        '          HEAD_SHA: ${{ github.event.pull_request.head.sha }}',
      ),
      errors: [{ line: 6, column: 14, severity: 'high', message: '$HEAD_SHA' }],
    },
    {
      name: 'opt-in alone: low; opt-in with a ref from a step output: high',
      code: wf(
        'pull_request_target',
        CO,
        '        with:',
        '          allow-unsafe-pr-checkout: true',
        CO,
        '        with:',
        '          ref: ${{ steps.pr.outputs.sha }}',
        "          allow-unsafe-pr-checkout: 'true'",
      ),
      errors: [
        { line: 8, column: 37, severity: 'low' },
        { line: 12, column: 37, severity: 'high' },
      ],
    },
    {
      name: 'checkout into path: pr, make in the workspace root does not run it (high); cd pr && make does',
      code: [
        'on: pull_request_target',
        'jobs:',
        '  a:',
        '    runs-on: ubuntu-24.04',
        '    steps:',
        CO,
        '        with:',
        HEAD,
        '          path: pr',
        '      - run: make',
        '  b:',
        '    runs-on: ubuntu-24.04',
        '    steps:',
        CO,
        '        with:',
        HEAD,
        '          path: ./pr',
        '      - run: cd pr && make',
        '',
      ].join('\n'),
      errors: [
        { line: 8, column: 16, severity: 'high' },
        { line: 16, column: 16, severity: 'critical' },
      ],
    },
    {
      name: 'an inverted guard (only forks) and an || whose other side is another event: still reported',
      code: [
        'on: [pull_request_target, push]',
        'jobs:',
        '  a:',
        '    if: github.event.pull_request.head.repo.full_name != github.repository',
        '    runs-on: ubuntu-24.04',
        '    steps:',
        CO,
        '        with:',
        HEAD,
        '      - run: npm ci',
        '  b:',
        "    if: github.event_name == 'push' || contains(github.event.pull_request.labels.*.name, 'ok')",
        '    runs-on: ubuntu-24.04',
        '    steps:',
        CO,
        '        with:',
        HEAD,
        '      - run: npm ci',
        '',
      ].join('\n'),
      errors: [
        { line: 9, column: 16, severity: 'critical' },
        { line: 17, column: 16, severity: 'medium', message: 'label' },
      ],
    },
    {
      name: "a permission check step gates (medium); a script that only reads the fork's name to pass it on does not block",
      code: wf(
        'issue_comment',
        '      - uses: actions/github-script@v7',
        '        with:',
        '          script: |',
        '            const p = await github.rest.repos.getCollaboratorPermissionLevel({ ...context.repo, username: context.actor })',
        "            if (p.data.permission !== 'admin') core.setFailed('no')",
        "            core.setOutput('repo', pr.head.repo.full_name)",
        CO,
        '        with:',
        '          ref: refs/pull/${{ github.event.issue.number }}/merge',
        '      - run: make',
      ),
      errors: [{ line: 14, column: 16, severity: 'medium', message: 'permission' }],
    },
    {
      name: 'a local reusable workflow that checks out the head: one finding at the caller',
      code: [
        'on: pull_request_target',
        'jobs:',
        '  call:',
        '    uses: ./.github/workflows/shared.yml',
        '    secrets: inherit',
        '',
      ].join('\n'),
      files: {
        '.github/workflows/shared.yml': [
          'on: workflow_call',
          'jobs:',
          '  t:',
          '    runs-on: ubuntu-24.04',
          '    steps:',
          CO,
          '        with:',
          HEAD,
          '      - run: npm ci',
          '        env:',
          '          T: ${{ secrets.T }}',
          '',
        ].join('\n'),
      },
      errors: [
        { line: 4, column: 11, severity: 'critical', message: 'calls `./.github/workflows/shared.yml`' },
      ],
    },
  ],
});

describe('workflow/untrusted-checkout related places', () => {
  it('names the trigger, the executing step and the secret', async () => {
    const hits = await runRule(
      rule,
      parseWorkflow,
      wf(
        'pull_request_target',
        CO,
        '        with:',
        HEAD,
        '      - run: npm ci',
        '        env:',
        '          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}',
      ),
      '.github/workflows/ci.yml',
    );
    expect(hits.map((h) => h.related?.map((r) => `${r.span.line}:${r.span.column} ${r.label}`))).toEqual([
      [
        '1:5 triggered by pull_request_target',
        '9:14 runs the checked-out code: `npm ci`',
        '11:22 the job reads secrets.NPM_TOKEN',
      ],
    ]);
  });

  it('the cross-file chain points into the called workflow', async () => {
    const hits = await runRule(
      rule,
      parseWorkflow,
      ['on: pull_request_target', 'jobs:', '  call:', '    uses: ./.github/workflows/shared.yml', ''].join(
        '\n',
      ),
      '.github/workflows/ci.yml',
      {
        files: {
          '.github/workflows/shared.yml': wf('workflow_call', CO, '        with:', HEAD),
        },
      },
    );
    expect(hits[0]?.related?.[1]).toEqual({
      span: { line: 8, column: 16, endLine: 8, endColumn: 57 },
      label: "the called workflow checks out the pull request's head here",
      path: '.github/workflows/shared.yml',
    });
  });
});

describe('workflow/untrusted-checkout on a hostile file', () => {
  it('stays linear: 4,000 head checkouts each followed by a build', async () => {
    const steps: string[] = [];
    for (let i = 0; i < 4000; i++) steps.push(CO, '        with:', HEAD, '      - run: make');
    const code = wf('pull_request_target', ...steps);
    const t = performance.now();
    const hits = await runRule(rule, parseWorkflow, code, '.github/workflows/ci.yml');
    expect([hits.length, performance.now() - t < 20_000]).toEqual([4000, true]);
  });
});
