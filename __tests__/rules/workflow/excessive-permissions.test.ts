import { describe, expect, it } from '@jest/globals';
import { parseWorkflow } from '../../../src/formats/workflow/parse.js';
import { rule } from '../../../src/rules/workflow/excessive-permissions.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { runRule } from '../../helpers/rules.js';

/** Lines joined with newlines (one YAML file). */
const y = (...lines: string[]) => [...lines, ''].join('\n');
const JOB = (id: string, ...steps: string[]) => [
  `  ${id}:`,
  '    runs-on: ubuntu-24.04',
  '    steps:',
  ...steps,
];

ruleTester(rule, parseWorkflow, { path: '.github/workflows/ci.yml' }).run({
  valid: [
    {
      name: 'top-level contents: read covers every job',
      code: y(
        'on: push',
        'permissions:',
        '  contents: read',
        'jobs:',
        ...JOB('test', '      - run: make test'),
      ),
    },
    {
      name: 'permissions: {} at the top',
      code: y('on: push', 'permissions: {}', 'jobs:', ...JOB('test', '      - run: make test')),
    },
    {
      name: 'read-all is not reported (Scorecard recommends it)',
      code: y('on: push', 'permissions: read-all', 'jobs:', ...JOB('test', '      - run: make test')),
    },
    {
      name: 'every job sets its own permissions',
      code: y(
        'on: push',
        'jobs:',
        ...JOB('a', '      - run: make'),
        '    permissions:',
        '      contents: read',
        ...JOB('b', '      - run: make'),
        '    permissions: {}',
      ),
    },
    {
      name: 'a reusable workflow (only workflow_call): its caller decides',
      code: y('on:', '  workflow_call:', 'jobs:', ...JOB('build', '      - run: make')),
    },
    {
      name: 'a local reusable workflow that sets its own permissions covers the calling job',
      code: y('on: push', 'jobs:', '  call:', '    uses: ./.github/workflows/build.yml'),
      files: {
        '.github/workflows/build.yml': y(
          'on: workflow_call',
          'permissions:',
          '  contents: read',
          'jobs:',
          ...JOB('b', '      - run: make'),
        ),
      },
    },
    {
      name: 'job-level write used by an unknown action',
      code: y(
        'on: push',
        'permissions: {}',
        'jobs:',
        ...JOB('release', '      - uses: softprops/action-gh-release@v2'),
        '    permissions:',
        '      contents: write',
      ),
    },
    {
      name: 'job-level write used through github.token in a run step',
      code: y(
        'on: push',
        'permissions: {}',
        'jobs:',
        ...JOB(
          'label',
          '      - run: gh pr edit 1 --add-label x',
          '        env:',
          '          GH_TOKEN: ${{ github.token }}',
        ),
        '    permissions:',
        '      pull-requests: write',
      ),
    },
    {
      name: 'the token through the workflow env counts as used',
      code: y(
        'on: push',
        'env:',
        '  GH_TOKEN: ${{ secrets.GITHUB_TOKEN }}',
        'permissions:',
        '  issues: write',
        'jobs:',
        ...JOB('a', '      - run: gh issue create'),
      ),
    },
    {
      name: 'contents: write with a run after a checkout that keeps its credentials (git push may use it)',
      code: y(
        'on: push',
        'permissions: {}',
        'jobs:',
        ...JOB('tag', '      - uses: actions/checkout@v4', '      - run: ./release.sh'),
        '    permissions:',
        '      contents: write',
      ),
    },
    {
      name: 'id-token: write with any run step (OIDC variables reach every step)',
      code: y(
        'on: push',
        'permissions: {}',
        'jobs:',
        ...JOB('sign', '      - run: cosign sign-blob x'),
        '    permissions:',
        '      id-token: write',
      ),
    },
    {
      name: 'a reusable workflow call with write scopes: the callee may use them',
      code: y(
        'on: push',
        'permissions: {}',
        'jobs:',
        '  call:',
        '    uses: acme/wf/.github/workflows/release.yml@v1',
        '    permissions:',
        '      contents: write',
      ),
    },
    {
      name: 'workflow-level block that no job inherits',
      code: y(
        'on: push',
        'permissions:',
        '  contents: write',
        'jobs:',
        ...JOB('a', '      - run: make'),
        '    permissions: {}',
      ),
    },
    { name: 'an empty workflow', code: '# nothing\n' },
  ],
  invalid: [
    {
      name: 'no permissions anywhere: one finding at on:, each job related',
      code: y('on: push', 'jobs:', ...JOB('a', '      - run: make'), ...JOB('b', '      - run: make')),
      errors: [{ line: 1, column: 1, endColumn: 3, severity: 'medium', message: 'all 2 jobs run with' }],
    },
    {
      name: 'the message says the default depends on the repository setting',
      code: y('on: [push]', 'jobs:', ...JOB('a', '      - run: make')),
      errors: [
        {
          line: 1,
          column: 1,
          severity: 'medium',
          message: 'permissive default (the setting is not in the file)',
        },
      ],
    },
    {
      name: 'an outsider-triggered workflow without permissions is high',
      code: y('on:', '  issue_comment:', 'jobs:', ...JOB('a', '      - run: echo hi')),
      errors: [{ line: 1, column: 1, severity: 'high', message: 'issue_comment lets an outsider start it' }],
    },
    {
      name: 'workflow_call plus workflow_dispatch still runs on its own',
      code: y('on:', '  workflow_call:', '  workflow_dispatch:', 'jobs:', ...JOB('a', '      - run: make')),
      errors: [{ line: 1, column: 1, severity: 'medium' }],
    },
    {
      name: 'some jobs set permissions: one finding at the first job without',
      code: y(
        'on: push',
        'jobs:',
        ...JOB('a', '      - run: make'),
        '    permissions: {}',
        ...JOB('b', '      - run: make'),
        ...JOB('c', '      - run: make'),
      ),
      errors: [
        { line: 8, column: 3, endColumn: 4, severity: 'medium', message: "jobs 'b', 'c' set none either" },
      ],
    },
    {
      name: 'only remote reusable calls uncovered: low',
      code: y('on: push', 'jobs:', '  call:', '    uses: acme/wf/.github/workflows/x.yml@v1'),
      errors: [{ line: 1, column: 1, severity: 'low', message: 'reusable workflow calls' }],
    },
    {
      name: 'a local reusable workflow that sets none does not cover the caller',
      code: y('on: push', 'jobs:', '  call:', '    uses: ./.github/workflows/build.yml'),
      files: {
        '.github/workflows/build.yml': y('on: workflow_call', 'jobs:', ...JOB('b', '      - run: make')),
      },
      errors: [{ line: 1, column: 1, severity: 'medium' }],
    },
    {
      name: 'write-all at the top',
      code: y('on: push', 'permissions: write-all', 'jobs:', ...JOB('a', '      - run: make')),
      errors: [
        { line: 2, column: 14, endColumn: 23, severity: 'high', message: 'at the top of the workflow' },
      ],
    },
    {
      name: 'write-all in a job (and nothing at the top: the other job is uncovered)',
      code: y(
        'on: push',
        'jobs:',
        ...JOB('a', '      - run: make'),
        '    permissions: write-all',
        ...JOB('b', '      - run: make'),
      ),
      errors: [
        { line: 7, column: 18, severity: 'high', message: "in job 'a'" },
        { line: 8, column: 3, severity: 'medium', message: "job 'b' sets none" },
      ],
    },
    {
      name: 'job-level API scopes that no step can use (only read-only actions, no token)',
      code: y(
        'on: push',
        'permissions: {}',
        'jobs:',
        ...JOB(
          'build',
          '      - uses: actions/checkout@v4',
          '      - uses: actions/setup-node@v4',
          '      - run: npm test',
        ),
        '    permissions:',
        '      contents: read',
        '      pull-requests: write',
        '      checks: write',
      ),
      errors: [
        {
          line: 12,
          column: 7,
          endColumn: 20,
          severity: 'low',
          message: "`pull-requests: write`, `checks: write` in job 'build' are not used",
        },
      ],
    },
    {
      name: 'contents: write unused when the checkout keeps no credentials (the push uses another token)',
      code: y(
        'on: push',
        'permissions: {}',
        'jobs:',
        ...JOB(
          'dist',
          '      - uses: actions/checkout@v4',
          '        with:',
          '          persist-credentials: false',
          '      - run: git push https://x:${{ secrets.BOT_TOKEN }}@github.com/o/r',
        ),
        '    permissions:',
        '      contents: write',
      ),
      errors: [
        { line: 12, column: 7, severity: 'medium', message: "`contents: write` in job 'dist' is not used" },
      ],
    },
    {
      name: 'workflow-level writes reaching a job that never uses the token: move them to the job that does',
      code: y(
        'on: push',
        'permissions:',
        '  contents: read',
        '  issues: write',
        'jobs:',
        ...JOB('lint', '      - uses: actions/checkout@v4', '      - run: make lint'),
        ...JOB('triage', '      - uses: actions/github-script@v7'),
      ),
      errors: [
        { line: 4, column: 3, severity: 'low', message: "reaches job 'lint' that never uses the token" },
      ],
    },
    {
      name: 'workflow-level packages: write unused by every job',
      code: y(
        'on: push',
        'permissions:',
        '  packages: write',
        'jobs:',
        ...JOB('a', '      - uses: docker/setup-buildx-action@v3', '      - run: docker build .'),
      ),
      errors: [{ line: 3, column: 3, severity: 'medium', message: "reaches job 'a'" }],
    },
  ],
});

describe('grouping', () => {
  it('one finding per workflow without permissions, each job a related place', async () => {
    const code = y('on: push', 'jobs:', ...JOB('a', '      - run: make'), ...JOB('b', '      - run: make'));
    const hits = await runRule(rule, parseWorkflow, code, '.github/workflows/ci.yml');
    expect(hits).toHaveLength(1);
    expect(hits[0]!.related!.map((r) => [r.span.line, r.label])).toEqual([
      [3, "job 'a' runs with the default token"],
      [7, "job 'b' runs with the default token"],
    ]);
  });
  it('unused workflow-level scopes: one finding at the first, the others and the idle jobs related', async () => {
    const code = y(
      'on: push',
      'permissions:',
      '  issues: write',
      '  statuses: write',
      'jobs:',
      ...JOB('a', '      - run: make'),
    );
    const hits = await runRule(rule, parseWorkflow, code, '.github/workflows/ci.yml');
    expect(hits).toHaveLength(1);
    expect(hits[0]!.related!.map((r) => r.span.line)).toEqual([4, 6]);
  });
});
