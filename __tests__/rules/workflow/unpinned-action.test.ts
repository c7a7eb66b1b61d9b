import { parseWorkflow } from '../../../src/formats/workflow/parse.js';
import { rule } from '../../../src/rules/workflow/unpinned-action.js';
import { defaultConfig } from '../../../src/config/schema.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const SHA = '08eba0b27e820071cde6df949e0beb9ba4906955';
const SHA256 = '9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f';
/** A workflow whose one job's steps are `steps` (each a line, indented by six spaces). */
const wf = (...steps: string[]) =>
  ['on: push', 'jobs:', '  build:', '    runs-on: ubuntu-24.04', '    steps:', ...steps, ''].join('\n');
const trust = (...globs: string[]) => ({
  workflow: { ...defaultConfig().workflow, 'trusted-actions': globs },
});

ruleTester(rule, parseWorkflow, { path: '.github/workflows/ci.yml' }).run({
  valid: [
    {
      name: 'full SHA with a version comment',
      code: wf(`      - uses: tj-actions/changed-files@${SHA} # v46.0.5`),
    },
    { name: 'full SHA without a comment', code: wf(`      - uses: reviewdog/action-setup@${SHA}`) },
    { name: 'SHA-256 object name', code: wf(`      - uses: acme/act@${SHA256}`) },
    { name: 'a sub-path action pinned', code: wf(`      - uses: github/codeql-action/init@${SHA}`) },
    { name: 'local action', code: wf('      - uses: ./.github/actions/build') },
    { name: 'self-repository action', code: wf('      - uses: $/actions/build') },
    {
      name: 'docker:// is a container image, not an action',
      code: wf('      - uses: docker://alpine:3.20'),
    },
    { name: 'a run step', code: wf('      - run: git checkout v4') },
    {
      name: 'local reusable workflow at job level',
      code: 'on: push\njobs:\n  call:\n    uses: ./.github/workflows/release.yml\n',
    },
    {
      name: 'pinned reusable workflow',
      code: `on: push\njobs:\n  call:\n    uses: acme/wf/.github/workflows/release.yml@${SHA}\n`,
    },
    {
      name: 'composite action with pinned and local steps',
      path: 'tools/setup/action.yml',
      code: `name: setup\nruns:\n  using: composite\n  steps:\n    - uses: acme/act@${SHA} # v1\n    - uses: ./tools/other\n    - run: echo hi\n      shell: bash\n`,
    },
    { name: 'an empty workflow file', code: '# nothing here yet\n' },
    {
      name: 'a JavaScript action has no uses',
      path: 'action.yml',
      code: 'name: x\nruns:\n  using: node24\n  main: dist/index.js\n',
    },
  ],
  invalid: [
    {
      name: 'third-party action by tag: high, the whole value',
      code: wf('      - uses: tj-actions/changed-files@v45'),
      errors: [{ line: 6, column: 15, endLine: 6, endColumn: 43, message: "major-version tag 'v45'" }],
    },
    {
      name: 'release tag',
      code: wf('      - uses: acme/act@v1.2.3'),
      errors: [{ line: 6, column: 15, endColumn: 30, message: "the tag 'v1.2.3' can be moved" }],
    },
    {
      name: 'a short SHA is not a pin',
      code: wf('      - uses: acme/act@3f2a9c4d'),
      errors: [{ line: 6, column: 15, message: 'abbreviated commit' }],
    },
    {
      name: 'a 39-hex ref is not a pin',
      code: wf(`      - uses: acme/act@${SHA.slice(0, 39)}`),
      errors: [{ line: 6, column: 15, message: 'abbreviated commit' }],
    },
    {
      name: 'a branch',
      code: wf('      - uses: acme/act@main'),
      errors: [{ line: 6, column: 15, message: "'main' names a branch" }],
    },
    {
      name: 'GitHub-owned actions are medium',
      code: wf('      - uses: actions/checkout@v4', '      - uses: github/codeql-action/init@v3'),
      errors: [
        { line: 6, column: 15, endColumn: 34, severity: 'medium', message: 'GitHub-owned' },
        { line: 7, column: 15, endColumn: 43, severity: 'medium' },
      ],
    },
    {
      name: 'trusted-actions owners are low (GitHub-owned ones too)',
      code: wf(
        '      - uses: acme/act@v1',
        '      - uses: actions/setup-node@v4',
        '      - uses: other/act@v1',
      ),
      config: trust('ACME/*', 'actions/setup-node'),
      errors: [
        { line: 6, column: 15, severity: 'low', message: "trusted by workflow.trusted-actions 'ACME/*'" },
        { line: 7, column: 15, severity: 'low' },
        { line: 8, column: 15 },
      ],
    },
    {
      name: 'a trusted glob for one sub-path only',
      code: wf('      - uses: acme/tools/lint@v1', '      - uses: acme/tools/deploy@v1'),
      config: trust('acme/tools/lint'),
      errors: [
        { line: 6, column: 15, severity: 'low' },
        { line: 7, column: 15 },
      ],
    },
    {
      name: 'quoted value: the span excludes the quotes, the comment is not part of it',
      code: wf('      - uses: "acme/act@v1" # v1.4.2', "      - uses: 'acme/other@v2'"),
      errors: [
        { line: 6, column: 16, endColumn: 27 },
        { line: 7, column: 16, endColumn: 29 },
      ],
    },
    {
      name: 'block scalar value on its own line',
      code: wf('      - uses: >-', '          acme/act@v1'),
      errors: [{ line: 7, column: 11, endLine: 7, endColumn: 22 }],
    },
    {
      name: 'flow-mapping step',
      code: wf('      - { name: x, uses: acme/act@v1, with: { a: b } }'),
      errors: [{ line: 6, column: 26, endColumn: 37 }],
    },
    {
      name: 'reusable workflow call at job level',
      code: 'on: push\njobs:\n  release:\n    uses: acme/wf/.github/workflows/release.yml@main\n    secrets: inherit\n',
      errors: [
        {
          line: 4,
          column: 11,
          endColumn: 53,
          message: "reusable workflow 'acme/wf/.github/workflows/release.yml@main'",
        },
      ],
    },
    {
      name: 'composite action step',
      path: 'action.yml',
      code: 'name: setup\nruns:\n  using: composite\n  steps:\n    - uses: acme/act@v1\n',
      errors: [{ line: 5, column: 13, endColumn: 24 }],
    },
    {
      name: 'a step reused through a YAML alias is reported once, at the anchor',
      code: wf('      - &checkout', '        uses: acme/act@v1', '      - run: make', '      - *checkout'),
      errors: [{ line: 7, column: 15 }],
    },
    {
      name: 'every job and step, one finding each',
      code: [
        'on: push',
        'jobs:',
        '  a:',
        '    runs-on: ubuntu-24.04',
        '    steps:',
        '      - uses: acme/one@v1',
        `      - uses: acme/two@${SHA}`,
        '      - uses: acme/one@v1',
        '  b:',
        '    uses: acme/wf/.github/workflows/x.yaml@v2',
        '',
      ].join('\n'),
      errors: [
        { line: 6, column: 15 },
        { line: 8, column: 15 },
        { line: 10, column: 11 },
      ],
    },
  ],
});
