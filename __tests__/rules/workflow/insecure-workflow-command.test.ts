import { parseWorkflow } from '../../../src/formats/workflow/parse.js';
import { rule } from '../../../src/rules/workflow/insecure-workflow-command.js';
import { describe, expect, it } from '@jest/globals';
import { ruleTester } from '../../helpers/rule-tester.js';
import { runRule } from '../../helpers/rules.js';

ruleTester(rule, parseWorkflow, { path: '.github/workflows/ci.yml' }).run({
  valid: [
    {
      name: 'environment files and the commands that stay allowed',
      code: [
        'on: push',
        'jobs:',
        '  build:',
        '    runs-on: ubuntu-24.04',
        '    steps:',
        '      - run: |',
        '          echo "X=1" >> "$GITHUB_ENV"',
        '          echo "::add-mask::$TOKEN"',
        '          echo "::notice::done"',
        '          echo "::group::build"',
        '          # ::set-env was removed in 2020',
        '',
      ].join('\n'),
    },
    {
      name: 'the flag set to false',
      code: [
        'on: push',
        'env:',
        '  ACTIONS_ALLOW_UNSECURE_COMMANDS: false',
        'jobs:',
        '  build:',
        '    runs-on: ubuntu-24.04',
        '    steps:',
        '      - run: echo ok',
        '',
      ].join('\n'),
    },
  ],
  invalid: [
    {
      name: 'workflow env: high at the key; the set-env it reaches is related, not its own finding',
      code: [
        'on: push',
        'env:',
        '  ACTIONS_ALLOW_UNSECURE_COMMANDS: true',
        'jobs:',
        '  build:',
        '    runs-on: ubuntu-24.04',
        '    steps:',
        '      - run: echo "::set-env name=FOO::bar"',
        '',
      ].join('\n'),
      errors: [{ line: 3, column: 3, endColumn: 34, severity: 'high', message: '(1 such command' }],
    },
    {
      name: 'job and step env (string "TRUE", 1); an expression is medium',
      code: [
        'on: push',
        'jobs:',
        '  build:',
        '    runs-on: ubuntu-24.04',
        '    env:',
        "      ACTIONS_ALLOW_UNSECURE_COMMANDS: 'TRUE'",
        '    steps:',
        '      - run: echo ok',
        '        env:',
        '          ACTIONS_ALLOW_UNSECURE_COMMANDS: 1',
        '  other:',
        '    runs-on: ubuntu-24.04',
        '    env:',
        '      ACTIONS_ALLOW_UNSECURE_COMMANDS: ${{ vars.UNSECURE }}',
        '    steps:',
        '      - run: echo ok',
        '',
      ].join('\n'),
      errors: [
        { line: 6, column: 7, severity: 'high' },
        { line: 10, column: 11, severity: 'high' },
        { line: 14, column: 7, severity: 'medium', message: 'set from an expression' },
      ],
    },
    {
      name: 'turned on through $GITHUB_ENV: for the later steps',
      code: [
        'on: push',
        'jobs:',
        '  build:',
        '    runs-on: ubuntu-24.04',
        '    steps:',
        '      - run: echo "ACTIONS_ALLOW_UNSECURE_COMMANDS=true" >> $GITHUB_ENV',
        '      - run: echo "::add-path::/opt/tool/bin"',
        '',
      ].join('\n'),
      errors: [{ line: 6, column: 19, severity: 'high', message: 'written to $GITHUB_ENV' }],
    },
    {
      name: 'set-env / add-path with no flag in the file: low, each at the command',
      code: [
        'on: push',
        'jobs:',
        '  build:',
        '    runs-on: ubuntu-24.04',
        '    steps:',
        '      - run: |',
        '          echo "::set-env name=PATH_X::/x"',
        "          echo '::add-path::/opt/bin'",
        '',
      ].join('\n'),
      errors: [
        { line: 7, column: 17, endColumn: 40, severity: 'low', message: '`::set-env`' },
        { line: 8, column: 17, endColumn: 29, severity: 'low', message: '`::add-path`' },
      ],
    },
  ],
});

describe('grouping', () => {
  it('the flag lists every command of the steps it reaches as related places', async () => {
    const text = [
      'on: push',
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-24.04',
      '    env:',
      '      ACTIONS_ALLOW_UNSECURE_COMMANDS: true',
      '    steps:',
      '      - run: echo "::set-env name=A::1"',
      '      - run: echo "::add-path::/x"',
      '',
    ].join('\n');
    const hits = await runRule(rule, parseWorkflow, text, '.github/workflows/ci.yml');
    expect(hits).toHaveLength(1);
    expect(hits[0]!.related!.map((r) => [r.span.line, r.span.column, r.label])).toEqual([
      [8, 20, '`::set-env` used here'],
      [9, 20, '`::add-path` used here'],
    ]);
  });
});
