import { parseWorkflow } from '../../../src/formats/workflow/parse.js';
import { rule } from '../../../src/rules/workflow/unsound-condition.js';
import { ruleTester } from '../../helpers/rule-tester.js';

/** A push workflow whose one job's steps are `steps` (each a line, six spaces in). */
const wf = (...steps: string[]) =>
  ['on: push', 'jobs:', '  build:', '    runs-on: ubuntu-24.04', '    steps:', ...steps, ''].join('\n');

ruleTester(rule, parseWorkflow, { path: '.github/workflows/ci.yml' }).run({
  valid: [
    {
      name: 'one fenced expression, bare expressions, `|-` and `>-` with the expression alone',
      code: wf(
        "      - if: ${{ github.ref == 'refs/heads/main' }}",
        '        run: echo a',
        "      - if: github.ref == 'refs/heads/main'",
        '        run: echo b',
        '      - if: |-',
        "          ${{ github.event_name == 'push' }}",
        '        run: echo c',
        '      - if: >-',
        "          ${{ github.event_name == 'push' }}",
        '        run: echo d',
        '      - if: "${{ github.actor == \'x\' }}"',
        '        run: echo e',
      ),
    },
    {
      name: 'bare multi-line conditions with `|` (no fences: one expression, whitespace ignored)',
      code: wf(
        '      - if: |',
        "          github.event_name == 'push' &&",
        "          github.ref == 'refs/heads/main'",
        '        run: echo a',
      ),
    },
    {
      name: 'a multi-line expression inside one fence, stripped',
      code: wf(
        '      - if: >-',
        "          ${{ github.event_name == 'push' &&",
        "          github.ref == 'refs/heads/main' }}",
        '        run: echo a',
      ),
    },
    {
      name: 'a template of always() alone is true anyway',
      code: wf('      - if: |', '          ${{ always() }}', '        run: echo a'),
    },
  ],
  invalid: [
    {
      name: '`if: |` keeps the final newline: always true, high on a github.* gate',
      code: [
        'on: pull_request_target',
        'jobs:',
        '  deploy:',
        '    if: |',
        "      ${{ github.event.pull_request.user.login == 'owner' }}",
        '    runs-on: ubuntu-24.04',
        '    steps:',
        '      - run: ./deploy.sh',
        '',
      ].join('\n'),
      errors: [
        {
          line: 4,
          column: 9,
          endLine: 5,
          endColumn: 61,
          severity: 'high',
          message: 'the block scalar keeps its final newline',
        },
      ],
    },
    {
      name: '`if: >` (folded, clipped) on a step',
      code: wf('      - if: >', "          ${{ github.ref == 'refs/heads/main' }}", '        run: echo a'),
      errors: [{ line: 6, column: 13, endLine: 7, severity: 'high', message: 'block scalar' }],
    },
    {
      name: 'two fences joined by text',
      code: wf(
        "      - if: ${{ github.event_name == 'push' }} && ${{ github.ref == 'refs/heads/main' }}",
        '        run: echo a',
      ),
      errors: [{ line: 6, column: 13, endColumn: 89, severity: 'high', message: 'it holds 2' }],
    },
    {
      name: 'text around one fence; a space inside quotes',
      code: wf(
        "      - if: ${{ github.event_name == 'push' }} == true",
        '        run: echo a',
        '      - if: "${{ github.actor == \'x\' }} "',
        '        run: echo b',
      ),
      errors: [
        { line: 6, column: 13, severity: 'high', message: 'the text `== true` surrounds' },
        { line: 8, column: 13, severity: 'high', message: 'whitespace inside the quotes' },
      ],
    },
    {
      name: 'only matrix / steps values: medium (a broken switch, not an open gate)',
      code: wf(
        '      - if: |',
        "          ${{ matrix.os == 'linux' && steps.x.outcome == 'success' }}",
        '        run: echo a',
      ),
      errors: [{ line: 6, column: 13, severity: 'medium', message: 'medium: it reads only matrix' }],
    },
    {
      name: 'a condition that does not parse: medium (fail closed), bare or fenced',
      code: wf(
        "      - if: github.ref == 'refs/heads/main' &&",
        '        run: echo a',
        '      - if: ${{ github.ref == }}',
        '        run: echo b',
      ),
      errors: [
        { line: 6, column: 13, severity: 'medium', message: 'does not parse' },
        { line: 8, column: 13, severity: 'medium', message: 'does not parse' },
      ],
    },
    {
      name: 'composite action steps',
      path: 'action.yml',
      code: [
        'name: x',
        'runs:',
        '  using: composite',
        '  steps:',
        '    - if: |',
        "        ${{ inputs.deploy == 'true' }}",
        '      shell: bash',
        '      run: ./deploy.sh',
        '',
      ].join('\n'),
      errors: [{ line: 5, column: 11, severity: 'high' }],
    },
  ],
});
