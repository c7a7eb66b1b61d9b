import { parseWorkflow } from '../../../src/formats/workflow/parse.js';
import { rule } from '../../../src/rules/workflow/credential-persistence.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const SHA = '08eba0b27e820071cde6df949e0beb9ba4906955';
/** One job whose steps are the given lines (six-space indented). */
const wf = (...steps: string[]) =>
  ['on: push', 'jobs:', '  build:', '    runs-on: ubuntu-24.04', '    steps:', ...steps, ''].join('\n');
const upload = (ref: string, ...withLines: string[]) => [
  `      - uses: actions/upload-artifact@${ref}`,
  '        with:',
  '          name: out',
  ...withLines.map((l) => `          ${l}`),
];

ruleTester(rule, parseWorkflow, { path: '.github/workflows/ci.yml' }).run({
  valid: [
    {
      name: 'a checkout alone (zizmor reports every one; this rule does not)',
      code: wf('      - uses: actions/checkout@v4', '      - run: make'),
    },
    {
      name: 'persist-credentials: false',
      code: wf(
        '      - uses: actions/checkout@v4',
        '        with:',
        '          persist-credentials: false',
        ...upload('v4', 'path: .', 'include-hidden-files: true'),
      ),
    },
    {
      name: 'persist-credentials: "false" as a string',
      code: wf(
        '      - uses: actions/checkout@v4',
        '        with:',
        "          persist-credentials: 'false'",
        ...upload('v3', 'path: .'),
      ),
    },
    {
      name: 'upload-artifact v4 (latest v4.x) leaves hidden files out by default',
      code: wf('      - uses: actions/checkout@v4', ...upload('v4', 'path: .')),
    },
    {
      name: 'only the build output is uploaded',
      code: wf('      - uses: actions/checkout@v4', ...upload('v3', 'path: dist/')),
    },
    {
      name: 'checkout v6 keeps the credentials outside the workspace',
      code: wf('      - uses: actions/checkout@v6', ...upload('v3', 'path: .')),
    },
    {
      name: 'checkout v6 pinned by SHA with its version comment',
      code: wf(`      - uses: actions/checkout@${SHA} # v6.0.1`, ...upload('v3', 'path: .')),
    },
    {
      name: '.git excluded from the upload',
      code: wf(
        '      - uses: actions/checkout@v4',
        ...upload('v4', 'path: |', '  .', '  !.git', 'include-hidden-files: true'),
      ),
    },
    {
      name: 'the upload happens before the checkout',
      code: wf(...upload('v3', 'path: .'), '      - uses: actions/checkout@v4'),
    },
    {
      name: 'upload path is an expression: not reported',
      code: wf('      - uses: actions/checkout@v4', ...upload('v3', 'path: ${{ env.OUT }}')),
    },
    {
      name: 'a checkout into a sub-directory and an upload of another directory',
      code: wf(
        '      - uses: actions/checkout@v4',
        '        with:',
        '          path: src',
        ...upload('v3', 'path: docs'),
      ),
    },
  ],
  invalid: [
    {
      name: 'workspace uploaded with include-hidden-files: true',
      code: wf('      - uses: actions/checkout@v4', ...upload('v4', 'path: .', 'include-hidden-files: true')),
      errors: [
        {
          line: 6,
          column: 15,
          endColumn: 34,
          severity: 'high',
          message: 'actions/checkout v4 writes the token',
        },
      ],
    },
    {
      name: 'upload-artifact v3 uploads hidden files',
      code: wf(
        '      - uses: actions/checkout@v3',
        '      - run: make',
        ...upload('v3', 'path: ${{ github.workspace }}'),
      ),
      errors: [{ line: 6, column: 15, severity: 'high', message: 'the workspace as an artifact' }],
    },
    {
      name: 'upload-artifact v4.3.6 by SHA comment still uploads hidden files',
      code: wf('      - uses: actions/checkout@v5', ...upload(`${SHA} # v4.3.6`, 'path: ./')),
      errors: [{ line: 6, column: 15, severity: 'high' }],
    },
    {
      name: 'checkout by SHA without a version comment: medium',
      code: wf(`      - uses: actions/checkout@${SHA}`, ...upload('v3', 'path: "**"')),
      errors: [{ line: 6, column: 15, severity: 'medium', message: 'checkout version is not known' }],
    },
    {
      name: 'checkout into a directory and an upload of that directory',
      code: wf(
        '      - uses: actions/checkout@v4',
        '        with:',
        '          path: src',
        ...upload('v2', 'path: src/'),
      ),
      errors: [{ line: 6, column: 15, severity: 'high', message: "uploads 'src'" }],
    },
    {
      name: 'two uploads of one checkout: one finding at the checkout',
      code: wf(
        '      - uses: actions/checkout@v4',
        ...upload('v3', 'path: .'),
        ...upload('v4', 'path: "*"', 'include-hidden-files: true'),
      ),
      errors: [{ line: 6, column: 15, severity: 'high' }],
    },
  ],
});
