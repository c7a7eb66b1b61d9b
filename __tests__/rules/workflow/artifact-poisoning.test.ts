import { parseWorkflow } from '../../../src/formats/workflow/parse.js';
import { rule } from '../../../src/rules/workflow/artifact-poisoning.js';
import { ruleTester } from '../../helpers/rule-tester.js';

/** A workflow_run workflow whose one job's steps are `steps`. */
const wf = (on: string, ...steps: string[]) =>
  [
    'on:',
    `  ${on}:`,
    '    workflows: [CI]',
    'jobs:',
    '  report:',
    '    runs-on: ubuntu-24.04',
    '    steps:',
    ...steps,
    '',
  ].join('\n');
const CO = '      - uses: actions/checkout@v4.1.1';
const DL = [
  '      - uses: actions/download-artifact@v4.1.8',
  '        with:',
  '          run-id: ${{ github.event.workflow_run.id }}',
  '          github-token: ${{ github.token }}',
];

ruleTester(rule, parseWorkflow, { path: '.github/workflows/report.yml' }).run({
  valid: [
    {
      name: 'downloaded to runner.temp (outside the workspace), then npm ci',
      code: wf(
        'workflow_run',
        CO,
        ...DL,
        '          path: ${{ runner.temp }}/artifacts',
        '      - run: npm ci',
      ),
    },
    {
      name: 'downloaded into the workspace but only read as data',
      code: wf(
        'workflow_run',
        ...DL,
        '      - run: echo "PR=$(cat pr_number)"',
        '      - uses: actions/github-script@v7',
        '        with:',
        "          script: console.log(require('fs').readFileSync('report.md', 'utf8'))",
      ),
    },
    {
      name: "download-artifact without run-id: the run's own artifacts",
      code: wf('workflow_run', CO, '      - uses: actions/download-artifact@v4.1.8', '      - run: make'),
    },
    {
      name: 'plain pull_request',
      code: wf('pull_request', CO, ...DL, '      - run: make'),
    },
    {
      name: 'into a subdirectory, and the later build does not work there',
      code: wf('workflow_run', CO, ...DL, '          path: report', '      - run: make'),
    },
    {
      name: 'guarded: the triggering run was a push',
      code: [
        'on:',
        '  workflow_run:',
        '    workflows: [CI]',
        'jobs:',
        '  report:',
        "    if: github.event.workflow_run.event == 'push'",
        '    runs-on: ubuntu-24.04',
        '    steps:',
        CO,
        ...DL,
        '      - run: make',
        '',
      ].join('\n'),
    },
  ],
  invalid: [
    {
      name: 'download-artifact run-id into the workspace, then npm ci: critical (default token) at run-id',
      code: wf('workflow_run', CO, ...DL, '      - run: npm ci && npm run report'),
      errors: [{ line: 11, column: 19, endLine: 11, endColumn: 54, severity: 'critical', message: 'npm ci' }],
    },
    {
      name: 'read-only token, no secrets: high',
      code: [
        'on:',
        '  workflow_run:',
        '    workflows: [CI]',
        'permissions:',
        '  contents: read',
        'jobs:',
        '  report:',
        '    runs-on: ubuntu-24.04',
        '    steps:',
        '      - uses: dawidd6/action-download-artifact@v6',
        '        with:',
        '          workflow: ci.yml',
        '      - uses: ./.github/actions/report',
        '',
      ].join('\n'),
      errors: [{ line: 10, column: 15, severity: 'high', message: 'local action' }],
    },
    {
      name: 'gh run download then a script from the artifact in the same run: step',
      code: wf(
        'workflow_run',
        '      - run: |',
        '          gh run download ${{ github.event.workflow_run.id }} -n dist',
        '          ./dist/post.sh',
      ),
      errors: [{ line: 9, column: 11, severity: 'critical', message: 'gh run download' }],
    },
    {
      name: 'github-script downloadArtifact into the workspace, then unzip and a local action',
      code: wf(
        'workflow_run',
        CO,
        '      - uses: actions/github-script@v7',
        '        with:',
        '          script: |',
        '            const d = await github.rest.actions.downloadArtifact({ artifact_id: 1, archive_format: "zip" })',
        "            require('fs').writeFileSync('a.zip', Buffer.from(d.data))",
        '      - run: unzip a.zip',
        '      - uses: ./.github/actions/comment',
      ),
      errors: [{ line: 11, column: 19, severity: 'critical' }],
    },
    {
      name: 'into a subdirectory that a later step works in',
      code: wf(
        'workflow_run',
        CO,
        ...DL,
        '          path: site',
        '      - run: npm run build',
        '        working-directory: site',
      ),
      errors: [{ line: 11, column: 19, severity: 'critical' }],
    },
  ],
});
