import { parseWorkflow } from '../../../src/formats/workflow/parse.js';
import { rule } from '../../../src/rules/workflow/known-vulnerable-action.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const TJ_BAD = '0e58ed8671d6b60d0890c21b07f8835ace038e67';
const RD_BAD = 'f0d342d24037bb11d26b9bd8496e0808ba32e9ec';
const TRIVY_BAD = 'ddb9da4475c1cef7d5389062bdfdfbdbd1394648';
const OTHER = '08eba0b27e820071cde6df949e0beb9ba4906955';
/** A workflow whose one job's steps are `steps` (each a line, indented by six spaces). */
const wf = (...steps: string[]) =>
  ['on: push', 'jobs:', '  build:', '    runs-on: ubuntu-24.04', '    steps:', ...steps, ''].join('\n');
const step = (uses: string) => wf(`      - uses: ${uses}`);

ruleTester(rule, parseWorkflow, { path: '.github/workflows/ci.yml' }).run({
  valid: [
    { name: 'a fixed tj-actions release', code: step('tj-actions/changed-files@v46.0.1') },
    { name: 'a moving major tag whose newest release is fixed', code: step('tj-actions/changed-files@v46') },
    {
      name: 'a commit pin not on the list, even with an affected version in its comment',
      code: step(`tj-actions/changed-files@${OTHER} # v44.5.1`),
    },
    {
      name: 'reviewdog/action-setup pinned to the commit the advisory names as safe',
      code: step('reviewdog/action-setup@3f401fe1d58fe77e10d665ab713057375e39b887'),
    },
    { name: 'reviewdog/action-setup at another major', code: step('reviewdog/action-setup@v2') },
    { name: 'trivy-action at the fixed release', code: step('aquasecurity/trivy-action@0.35.0') },
    { name: 'trivy-action at a later release', code: step('aquasecurity/trivy-action@v0.36.1') },
    {
      name: 'trivy-action commit pin not on the list',
      code: step(`aquasecurity/trivy-action@${OTHER} # v0.35.0`),
    },
    { name: 'a malicious SHA under another action', code: step(`acme/changed-files@${TJ_BAD}`) },
    { name: 'a same-named repository under another owner', code: step('acme/changed-files@v45') },
    { name: 'another tj-actions repository', code: step('tj-actions/verify-changed-files@v16') },
    {
      name: 'a branch of tj-actions (not a tag the data lists)',
      code: step('tj-actions/changed-files@main'),
    },
    {
      name: 'a malicious SHA in a run script is not a uses',
      code: wf(`      - run: git checkout ${TJ_BAD}`),
    },
    { name: 'a local action', code: step('./.github/actions/changed-files') },
    { name: 'docker image named like the action', code: step('docker://tj-actions/changed-files:v45') },
  ],
  invalid: [
    {
      name: 'the malicious commit is critical whatever its comment says; span is the whole value',
      code: step(`tj-actions/changed-files@${TJ_BAD} # v46.0.1`),
      errors: [
        {
          line: 6,
          column: 15,
          endColumn: 15 + `tj-actions/changed-files@${TJ_BAD}`.length,
          message:
            /commit the advisory names as malicious.*GHSA-mrrh-fwg8-r2c3, CVE-2025-30066.*source https:\/\/github.com\/advisories\/GHSA-mrrh-fwg8-r2c3/,
        },
      ],
    },
    {
      name: 'a malicious commit in upper case, in a sub-path use',
      code: step(`aquasecurity/trivy-action/sub@${TRIVY_BAD.toUpperCase()}`),
      errors: [{ line: 6, column: 15, message: 'GHSA-69fq-xp46-6x23' }],
    },
    {
      name: 'reviewdog/action-setup malicious commit',
      code: step(`reviewdog/action-setup@${RD_BAD}`),
      errors: [{ line: 6, column: 15, message: 'CVE-2025-30154' }],
    },
    {
      name: 'a restored tag in the affected version range is high',
      code: step('tj-actions/changed-files@v35'),
      errors: [
        {
          line: 6,
          column: 15,
          endColumn: 43,
          severity: 'high',
          message: /tag 'v35'.*between 2025-03-14 and 2025-03-15.*restored.*affected \(before 46\.0\.1\)/,
        },
      ],
    },
    {
      name: 'the last repointed tag and an explicitly listed odd tag',
      code: wf(
        '      - uses: tj-actions/changed-files@v45.0.7',
        '      - uses: tj-actions/changed-files@v35.7.7-sec',
      ),
      errors: [
        { line: 6, column: 15, severity: 'high' },
        { line: 7, column: 15, severity: 'high' },
      ],
    },
    {
      name: 'after the repointed range but before the fix: affected version only',
      code: step('tj-actions/changed-files@v45.0.8'),
      errors: [
        {
          line: 6,
          column: 15,
          severity: 'high',
          message: "'v45.0.8' is a release of tj-actions/changed-files",
        },
      ],
    },
    {
      name: 'the version range reads versions with or without the v prefix',
      code: step('tj-actions/changed-files@45.0.0'),
      errors: [{ line: 6, column: 15, severity: 'high', message: 'affected (before 46.0.1)' }],
    },
    {
      name: 'case-insensitive owner and repo',
      code: step('TJ-Actions/Changed-Files@v44'),
      errors: [{ line: 6, column: 15, severity: 'high' }],
    },
    {
      name: 'a restored tag with no version range is window history: low',
      code: step('reviewdog/action-setup@v1'),
      errors: [
        {
          line: 6,
          column: 15,
          severity: 'low',
          message: /tag 'v1'.*between 2025-03-11T18:42Z and 2025-03-11T20:31Z.*restored/,
        },
      ],
    },
    {
      name: 'an action affected whatever its ref (run-time dependency): low, commit pins too',
      code: wf(
        '      - uses: reviewdog/action-shellcheck@v1.31.0',
        `      - uses: reviewdog/action-typos@${OTHER} # v1`,
      ),
      errors: [
        { line: 6, column: 15, severity: 'low', message: 'whatever ref it was used at' },
        { line: 7, column: 15, severity: 'low' },
      ],
    },
    {
      name: 'trivy-action deleted tag in the affected range: high, says deleted',
      code: step('aquasecurity/trivy-action@0.28.0'),
      errors: [{ line: 6, column: 15, severity: 'high', message: 'deleted (the ref no longer resolves)' }],
    },
    {
      name: 'trivy-action recreated v-prefixed tag: affected version only',
      code: step('aquasecurity/trivy-action@v0.20.0'),
      errors: [{ line: 6, column: 15, severity: 'high', message: "'v0.20.0' is a release" }],
    },
    {
      name: 'setup-trivy unrestored tag is critical; its recreated v0.2.6 is window history',
      code: wf(
        '      - uses: aquasecurity/setup-trivy@v0.2.3',
        '      - uses: aquasecurity/setup-trivy@v0.2.6',
      ),
      errors: [
        { line: 6, column: 15, message: 'does not say it was restored' },
        { line: 7, column: 15, severity: 'low' },
      ],
    },
    {
      name: 'actions-cool: every tag is critical; a commit pin cannot be checked (medium)',
      code: wf(
        '      - uses: actions-cool/issues-helper@v3',
        `      - uses: actions-cool/maintain-one-comment@${OTHER}`,
      ),
      errors: [
        { line: 6, column: 15, message: /tag 'v3'.*apache\/linkis\/issues\/5455/ },
        { line: 7, column: 15, severity: 'medium', message: 'cannot be checked offline' },
      ],
    },
    {
      name: 'reusable workflow call and composite step count',
      code: 'on: push\njobs:\n  x:\n    uses: actions-cool/issues-helper/.github/workflows/x.yml@v1\n',
      errors: [{ line: 4, column: 11 }],
    },
    {
      name: 'composite action step',
      path: 'action.yml',
      code: `name: x\nruns:\n  using: composite\n  steps:\n    - uses: tj-actions/changed-files@${TJ_BAD}\n`,
      errors: [{ line: 5, column: 13 }],
    },
    {
      name: 'an aliased step is reported once, at the anchor',
      code: wf('      - &c', '        uses: tj-actions/changed-files@v40', '      - *c'),
      errors: [{ line: 7, column: 15, severity: 'high' }],
    },
  ],
});
