/**
 * The three small secrets rules: secrets-inherit, overprovisioned-secrets, unredacted-secrets.
 */
import { parseWorkflow } from '../../../src/formats/workflow/parse.js';
import { rule as inherit } from '../../../src/rules/workflow/secrets-inherit.js';
import { rule as overprovisioned } from '../../../src/rules/workflow/overprovisioned-secrets.js';
import { rule as unredacted } from '../../../src/rules/workflow/unredacted-secrets.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const SHA = '08eba0b27e820071cde6df949e0beb9ba4906955';
const y = (...lines: string[]) => [...lines, ''].join('\n');
/** A job `build` with one step holding `lines` (eight-space indented under the step). */
const step = (...lines: string[]) =>
  y(
    'on: push',
    'jobs:',
    '  build:',
    '    runs-on: ubuntu-24.04',
    '    steps:',
    '      - run: ./deploy.sh',
    ...lines,
  );

ruleTester(inherit, parseWorkflow, { path: '.github/workflows/ci.yml' }).run({
  valid: [
    {
      name: 'secrets passed by name',
      code: y(
        'on: push',
        'jobs:',
        '  r:',
        '    uses: acme/wf/.github/workflows/r.yml@v1',
        '    secrets:',
        '      T: ${{ secrets.T }}',
      ),
    },
    {
      name: 'no secrets at all',
      code: y('on: push', 'jobs:', '  r:', '    uses: ./.github/workflows/r.yml'),
    },
    {
      name: "'inherit' as a step input is not a reusable call",
      code: step('        with:', '          secrets: inherit'),
    },
  ],
  invalid: [
    {
      name: 'another repository by tag: high',
      code: y(
        'on: push',
        'jobs:',
        '  r:',
        '    uses: acme/wf/.github/workflows/r.yml@v1',
        '    secrets: inherit',
      ),
      errors: [{ line: 5, column: 14, endColumn: 21, severity: 'high', message: "'v1' can be moved" }],
    },
    {
      name: 'another repository pinned to a commit: medium',
      code: y(
        'on: push',
        'jobs:',
        '  r:',
        `    uses: acme/wf/.github/workflows/r.yml@${SHA}`,
        '    secrets: inherit',
      ),
      errors: [{ line: 5, column: 14, severity: 'medium' }],
    },
    {
      name: 'a workflow of this repository: low',
      code: y('on: push', 'jobs:', '  r:', '    secrets: inherit', '    uses: ./.github/workflows/r.yml'),
      errors: [{ line: 4, column: 14, severity: 'low', message: 'in this repository' }],
    },
    {
      name: 'a local callee in the scan: the message names the secrets it reads',
      code: y('on: push', 'jobs:', '  r:', '    uses: ./.github/workflows/r.yml', '    secrets: inherit'),
      files: {
        '.github/workflows/r.yml': y(
          'on: workflow_call',
          'jobs:',
          '  a:',
          '    runs-on: ubuntu-24.04',
          '    steps:',
          '      - run: ./x.sh',
          '        env:',
          '          A: ${{ secrets.NPM_TOKEN }}',
          '          B: ${{ secrets.GITHUB_TOKEN }}',
        ),
      },
      errors: [{ line: 5, column: 14, severity: 'low', message: 'while it reads only secrets.NPM_TOKEN (' }],
    },
    {
      name: 'a local callee that reads no secret',
      code: y('on: push', 'jobs:', '  r:', '    uses: ./.github/workflows/r.yml', '    secrets: inherit'),
      files: {
        '.github/workflows/r.yml': y(
          'on: workflow_call',
          'jobs:',
          '  a:',
          '    runs-on: x',
          '    steps:',
          '      - run: make',
        ),
      },
      errors: [{ line: 5, column: 14, severity: 'low', message: 'while it reads none' }],
    },
    {
      name: 'a local callee that passes inherit on needs them all',
      code: y('on: push', 'jobs:', '  r:', '    uses: ./.github/workflows/r.yml', '    secrets: inherit'),
      files: {
        '.github/workflows/r.yml': y(
          'on: workflow_call',
          'jobs:',
          '  a:',
          '    uses: ./.github/workflows/s.yml',
          '    secrets: inherit',
        ),
      },
      errors: [{ line: 5, column: 14, severity: 'low', message: 'not only the ones it needs' }],
    },
  ],
});

ruleTester(overprovisioned, parseWorkflow, { path: '.github/workflows/ci.yml' }).run({
  valid: [
    step('        env:', '          T: ${{ secrets.NPM_TOKEN }}'),
    {
      name: 'a literal index names one secret',
      code: step('        env:', "          T: ${{ secrets['NPM_TOKEN'] }}"),
    },
    {
      name: 'toJSON of another context',
      code: step('        env:', '          G: ${{ toJSON(github.event) }}'),
    },
    {
      name: 'an action file has no secrets context',
      path: 'action.yml',
      code: y(
        'runs:',
        '  using: composite',
        '  steps:',
        '    - run: echo "${{ toJSON(secrets) }}"',
        '      shell: bash',
      ),
    },
  ],
  invalid: [
    {
      name: 'toJSON(secrets) in env',
      code: step('        env:', '          ALL: ${{ toJSON(secrets) }}'),
      errors: [{ line: 8, column: 16, endColumn: 38, message: '`toJSON(secrets)` serialises every secret' }],
    },
    {
      name: 'a computed index inside a run script, on its exact line',
      code: y(
        'on: push',
        'jobs:',
        '  build:',
        '    runs-on: ubuntu-24.04',
        '    steps:',
        '      - run: |',
        '          echo start',
        "          ./deploy.sh ${{ secrets[format('{0}_TOKEN', matrix.env)] }}",
      ),
      errors: [{ line: 8, column: 23, message: 'computed at run time' }],
    },
    {
      name: 'the whole object passed to an action, and a secrets filter',
      code: step(
        '        with:',
        '          all: ${{ secrets }}',
        "          vals: ${{ join(secrets.*, ',') }}",
      ),
      errors: [
        { line: 8, column: 16, message: 'the whole `secrets` object' },
        { line: 9, column: 17, message: '`secrets.*`' },
      ],
    },
  ],
});

ruleTester(unredacted, parseWorkflow, { path: '.github/workflows/ci.yml' }).run({
  valid: [
    step('        env:', '          CREDS: ${{ secrets.AWS_CREDS }}'),
    {
      name: 'fromJSON of a non-secret',
      code: step('        env:', '          V: ${{ fromJSON(steps.x.outputs.json).key }}'),
    },
    {
      name: 'fromJSON(secrets.X) whole, not a field',
      code: step('        env:', '          V: ${{ toJSON(fromJSON(secrets.X)) }}'),
    },
  ],
  invalid: [
    {
      name: 'a property of a parsed secret',
      code: step('        env:', '          KEY: ${{ fromJSON(secrets.AWS_CREDS).secret_key }}'),
      errors: [{ line: 8, column: 16, endColumn: 61, message: "JSON secret 'AWS_CREDS'" }],
    },
    {
      name: 'an index into a parsed secret, case-insensitive function name, inside a condition-free run',
      code: step('        with:', "          pw: ${{ fromjson(secrets.CONFIG)['db']['password'] }}"),
      errors: [{ line: 8, column: 15, message: "JSON secret 'CONFIG'" }],
    },
  ],
});
