import { parseWorkflow } from '../../../src/formats/workflow/parse.js';
import { rule } from '../../../src/rules/workflow/github-env-injection.js';
import { rule as templateInjection } from '../../../src/rules/workflow/template-injection.js';
import { describe, expect, it } from '@jest/globals';
import { ruleTester } from '../../helpers/rule-tester.js';
import { runRule } from '../../helpers/rules.js';

/** A workflow triggered by `on` whose one job's steps are `steps` (each a line, six spaces in). */
const wf = (on: string, ...steps: string[]) =>
  [`on: ${on}`, 'jobs:', '  build:', '    runs-on: ubuntu-24.04', '    steps:', ...steps, ''].join('\n');

ruleTester(rule, parseWorkflow, { path: '.github/workflows/ci.yml' }).run({
  valid: [
    {
      name: 'literal writes (zizmor #2200): echo, printf, heredoc, group, pwsh',
      code: wf(
        'pull_request_target',
        '      - run: |',
        '          echo "FOO=bar" >> $GITHUB_ENV',
        '          printf \'A=b\\n\' >> "$GITHUB_ENV"',
        '          cat <<EOF >> "$GITHUB_ENV"',
        '          X=1',
        '          EOF',
        '          { echo "B=2"; echo "C=3"; } >> $GITHUB_ENV',
        '          echo "$HOME/.local/bin" >> $GITHUB_PATH',
        '      - shell: pwsh',
        '        run: echo "D=4" >> $env:GITHUB_ENV',
      ),
    },
    {
      name: 'runner and repository values: $RUNNER_TEMP, $(go env GOPATH), $(date), SHAs, numbers',
      code: wf(
        'pull_request_target',
        '      - run: |',
        '          echo "T=$RUNNER_TEMP/x" >> $GITHUB_ENV',
        '          echo "$(go env GOPATH)/bin" >> "$GITHUB_PATH"',
        '          echo "START=$(date +%s)" >> $GITHUB_ENV',
        '          echo "SHA=${{ github.event.pull_request.head.sha }}" >> $GITHUB_ENV',
        '          echo "NR=${{ github.event.pull_request.number }}" >> $GITHUB_ENV',
        '          echo "V=${GITHUB_REF#refs/tags/v}" >> "$GITHUB_ENV"',
      ),
    },
    {
      name: 'single quotes do not expand; a quoted heredoc expands nothing but ${{ }}',
      code: wf(
        'issues',
        "      - run: echo 'T=$TITLE' >> $GITHUB_ENV",
        '        env:',
        '          TITLE: ${{ github.event.issue.title }}',
        '      - run: |',
        "          cat <<'EOF' >> $GITHUB_ENV",
        '          T=$TITLE',
        '          EOF',
        '        env:',
        '          TITLE: ${{ github.event.issue.title }}',
      ),
    },
    {
      name: 'tainted text that is not written to an environment file (stdout, GITHUB_OUTPUT, stderr)',
      code: wf(
        'issues',
        '      - run: |',
        '          echo "T=$TITLE"',
        '          echo "t=$TITLE" >> "$GITHUB_OUTPUT"',
        '          echo "T=$TITLE" 2>> $GITHUB_ENV',
        '        env:',
        '          TITLE: ${{ github.event.issue.title }}',
      ),
    },
    {
      name: 'newlines dropped in a command substitution: tr -d, tr -dc, head -n 1',
      code: wf(
        'issues',
        '      - run: |',
        '          echo "A=$(echo "$TITLE" | tr -d \'\\n\')" >> $GITHUB_ENV',
        "          S=$(printf '%s' \"$TITLE\" | tr -dc '[:alnum:]-')",
        '          echo "B=$S" >> $GITHUB_ENV',
        '          echo "C=$(echo "$TITLE" | head -n 1)" >> $GITHUB_ENV',
        '        env:',
        '          TITLE: ${{ github.event.issue.title }}',
      ),
    },
    {
      name: 'a branch name after NAME= cannot add a line to $GITHUB_ENV',
      code: wf(
        'pull_request_target',
        '      - run: echo "BRANCH=$HEAD" >> $GITHUB_ENV',
        '        env:',
        '          HEAD: ${{ github.head_ref }}',
        '      - run: echo "B=$GITHUB_HEAD_REF" >> "$GITHUB_ENV"',
      ),
    },
    {
      name: 'string inputs and computed matrices are not event text (template-injection grades them)',
      code: [
        'on:',
        '  workflow_call:',
        '    inputs:',
        '      image: { type: string }',
        'jobs:',
        '  build:',
        '    runs-on: ubuntu-24.04',
        '    strategy:',
        '      matrix: ${{ fromJSON(needs.prep.outputs.matrix) }}',
        '    steps:',
        '      - run: |',
        '          echo "IMAGE=$IMAGE" >> $GITHUB_ENV',
        '          echo "P=$PKG" >> $GITHUB_ENV',
        '        env:',
        '          IMAGE: ${{ inputs.image }}',
        '          PKG: ${{ matrix.pkg }}',
        '',
      ].join('\n'),
    },
    {
      name: 'files read without an artifact download or head checkout before (base branch files)',
      code: wf(
        'pull_request_target',
        '      - uses: actions/checkout@08eba0b27e820071cde6df949e0beb9ba4906955',
        '      - run: cat .github/versions.env >> $GITHUB_ENV',
      ),
    },
    {
      name: 'files read after an artifact download under push (no pull request files)',
      code: wf(
        'push',
        '      - uses: actions/download-artifact@634f93cb2916e3fdff6788551b99b062d0335ce0',
        '      - run: echo "PR=$(cat pr.txt)" >> $GITHUB_ENV',
      ),
    },
  ],
  invalid: [
    {
      name: 'env indirection written to GITHUB_ENV under issues: critical, at the $VAR',
      code: wf(
        'issues',
        '      - run: echo "TITLE=$TITLE" >> "$GITHUB_ENV"',
        '        env:',
        '          TITLE: ${{ github.event.issue.title }}',
      ),
      errors: [
        {
          line: 6,
          column: 26,
          endLine: 6,
          endColumn: 32,
          severity: 'critical',
          message:
            "writes '$TITLE' ('env.TITLE', which is set from 'github.event.issue.title') to $GITHUB_ENV",
        },
      ],
    },
    {
      name: 'inline expression in the written text: one finding here (template-injection skips it)',
      code: wf(
        'pull_request_target',
        '      - run: echo "T=${{ github.event.pull_request.title }}" >> $GITHUB_ENV',
      ),
      errors: [
        {
          line: 6,
          column: 22,
          endColumn: 60,
          severity: 'critical',
          message: 'reported here, not again as workflow/template-injection',
        },
      ],
    },
    {
      name: 'group redirect: one finding for the group, first tainted line',
      code: wf(
        'issue_comment',
        '      - run: |',
        '          {',
        '            echo "A=1"',
        '            echo "BODY=$BODY"',
        '            echo "B=$BODY"',
        '          } >> "$GITHUB_ENV"',
        '        env:',
        '          BODY: ${{ github.event.comment.body }}',
      ),
      errors: [{ line: 9, column: 24, endColumn: 29, severity: 'critical', message: "'$BODY'" }],
    },
    {
      name: 'tee -a, if-block redirect, heredoc body, printf argument, shell variable',
      code: wf(
        'pull_request_target',
        '      - run: |',
        '          echo "A=$BODY" | tee -a $GITHUB_ENV',
        '          if true; then echo "B=$BODY"; fi >> $GITHUB_ENV',
        '          cat <<EOF >> ${GITHUB_ENV}',
        '          C=${BODY}',
        '          EOF',
        '          V="${BODY}"',
        '          printf \'D=%s\\n\' "$V" >> $GITHUB_ENV',
        '        env:',
        '          BODY: ${{ github.event.pull_request.body }}',
      ),
      errors: [
        { line: 7, column: 19, endColumn: 24, severity: 'critical' },
        { line: 8, column: 33, endColumn: 38, severity: 'critical' },
        { line: 10, column: 13, endColumn: 20, severity: 'critical' },
        { line: 13, column: 28, endColumn: 30, severity: 'critical', message: "'$V', which is set from" },
      ],
    },
    {
      name: 'GITHUB_PATH from a branch name (whole entry), and $GITHUB_HEAD_REF as a whole line',
      code: wf(
        'pull_request_target',
        '      - run: |',
        '          echo "${{ github.head_ref }}" >> $GITHUB_PATH',
        '          echo "$GITHUB_HEAD_REF" >> $GITHUB_ENV',
      ),
      errors: [
        { line: 7, column: 17, endColumn: 39, severity: 'critical', message: 'to $GITHUB_PATH' },
        {
          line: 8,
          column: 17,
          endColumn: 33,
          severity: 'critical',
          message: 'it is a whole line of the file',
        },
      ],
    },
    {
      name: 'PowerShell: >> $env:GITHUB_ENV, Out-File pipeline, Add-Content -Value',
      code: wf(
        'discussion',
        '      - shell: pwsh',
        '        run: |',
        '          echo "A=$env:BODY" >> $env:GITHUB_ENV',
        '          "B=$env:BODY" | Out-File -FilePath $env:GITHUB_ENV -Encoding utf8 -Append',
        '          Add-Content -Path $env:GITHUB_PATH -Value "$env:BODY"',
        '        env:',
        '          BODY: ${{ github.event.discussion.body }}',
      ),
      errors: [
        { line: 8, column: 19, endColumn: 28, severity: 'critical' },
        { line: 9, column: 14, endColumn: 23, severity: 'critical' },
        { line: 10, column: 54, endColumn: 63, severity: 'critical', message: '$GITHUB_PATH' },
      ],
    },
    {
      name: 'workflow_run: a file of the downloaded artifact written to GITHUB_ENV',
      code: wf(
        'workflow_run',
        '      - uses: actions/download-artifact@634f93cb2916e3fdff6788551b99b062d0335ce0',
        '      - run: |',
        '          echo "PR=$(cat pr/number)" >> $GITHUB_ENV',
        '          cat pr/meta.env >> "$GITHUB_ENV"',
        '          echo "X=$(< pr/x)" >> $GITHUB_ENV',
      ),
      errors: [
        {
          line: 8,
          column: 22,
          endColumn: 35,
          severity: 'critical',
          message: 'the output of `cat` reading a file',
        },
        { line: 9, column: 11, endColumn: 43, severity: 'critical' },
        { line: 10, column: 19, endColumn: 22, severity: 'critical', message: '`$(< file)`' },
      ],
    },
    {
      name: 'a variable set from a PR file in one branch and a number in the other is tainted (microservices-demo)',
      code: wf(
        'workflow_run',
        '      - uses: actions/download-artifact@634f93cb2916e3fdff6788551b99b062d0335ce0',
        '      - run: |',
        '          if [[ -f .pr/PR_NUMBER ]]; then',
        '            PR_NUMBER=$(cat .pr/PR_NUMBER)',
        '          else',
        '            PR_NUMBER="${{ github.event.workflow_run.pull_requests[0].number }}"',
        '          fi',
        '          echo "PR_NUMBER=$PR_NUMBER" >> $GITHUB_ENV',
      ),
      errors: [
        {
          line: 13,
          column: 27,
          endColumn: 37,
          severity: 'critical',
          message: "'$PR_NUMBER', which is set from the output of `cat` reading a file",
        },
      ],
    },
    {
      name: 'tr that keeps newlines does not sanitize (tr -dc with \\n in the set, tr without -d)',
      code: wf(
        'issues',
        '      - run: |',
        '          echo "A=$(echo "$TITLE" | tr -dc \'[:alnum:]\\n\')" >> $GITHUB_ENV',
        '          echo "B=$(echo "$TITLE" | tr \'a-z\' \'A-Z\')" >> $GITHUB_ENV',
        '        env:',
        '          TITLE: ${{ github.event.issue.title }}',
      ),
      errors: [
        { line: 7, column: 27, endColumn: 33, severity: 'critical' },
        { line: 8, column: 27, endColumn: 33, severity: 'critical' },
      ],
    },
    {
      name: 'push commit message: high; pull_request title: medium; no filling trigger: low',
      code: [
        'on: [push, pull_request]',
        'jobs:',
        '  build:',
        '    runs-on: ubuntu-24.04',
        '    steps:',
        '      - run: |',
        '          echo "M=$MSG" >> $GITHUB_ENV',
        '          echo "T=$T" >> $GITHUB_ENV',
        '          echo "I=$I" >> $GITHUB_ENV',
        '        env:',
        '          MSG: ${{ github.event.head_commit.message }}',
        '          T: ${{ github.event.pull_request.body }}',
        '          I: ${{ github.event.issue.body }}',
        '',
      ].join('\n'),
      errors: [
        { line: 7, column: 19, severity: 'high' },
        { line: 8, column: 19, severity: 'medium' },
        { line: 9, column: 19, severity: 'low' },
      ],
    },
    {
      name: 'composite action: env from event text (high: the caller decides the event)',
      path: 'action.yml',
      code: [
        'name: x',
        'runs:',
        '  using: composite',
        '  steps:',
        '    - shell: bash',
        '      run: echo "T=$T" >> $GITHUB_ENV',
        '      env:',
        '        T: ${{ github.event.issue.title }}',
        '',
      ].join('\n'),
      errors: [{ line: 6, column: 20, endColumn: 22, severity: 'high' }],
    },
  ],
});

describe('ownership with workflow/template-injection', () => {
  const code = (line: string) => wf('issues', `      - run: ${line}`);
  it('an event expression written to $GITHUB_ENV is one finding, here', async () => {
    const text = code('echo "T=${{ github.event.issue.title }}" >> $GITHUB_ENV');
    expect(await runRule(templateInjection, parseWorkflow, text, '.github/workflows/ci.yml')).toHaveLength(0);
    expect(await runRule(rule, parseWorkflow, text, '.github/workflows/ci.yml')).toHaveLength(1);
  });
  it('the same expression echoed to stdout stays with template-injection', async () => {
    const text = code('echo "T=${{ github.event.issue.title }}"');
    expect(await runRule(templateInjection, parseWorkflow, text, '.github/workflows/ci.yml')).toHaveLength(1);
    expect(await runRule(rule, parseWorkflow, text, '.github/workflows/ci.yml')).toHaveLength(0);
  });
  it('a branch name after NAME= stays with template-injection (code, not an env line)', async () => {
    const text = wf('pull_request_target', '      - run: echo "B=${{ github.head_ref }}" >> $GITHUB_ENV');
    expect(await runRule(templateInjection, parseWorkflow, text, '.github/workflows/ci.yml')).toHaveLength(1);
    expect(await runRule(rule, parseWorkflow, text, '.github/workflows/ci.yml')).toHaveLength(0);
  });
  it('an input written to $GITHUB_ENV stays with template-injection', async () => {
    const text = [
      'on:',
      '  workflow_call:',
      '    inputs:',
      '      v: { type: string }',
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-24.04',
      '    steps:',
      '      - run: echo "V=${{ inputs.v }}" >> $GITHUB_ENV',
      '',
    ].join('\n');
    expect(await runRule(templateInjection, parseWorkflow, text, '.github/workflows/ci.yml')).toHaveLength(1);
    expect(await runRule(rule, parseWorkflow, text, '.github/workflows/ci.yml')).toHaveLength(0);
  });
  it('related places: the $GITHUB_ENV word, the env: entry and the trigger', async () => {
    const text = wf(
      'issues',
      '      - run: echo "TITLE=$TITLE" >> "$GITHUB_ENV"',
      '        env:',
      '          TITLE: ${{ github.event.issue.title }}',
    );
    const [h] = await runRule(rule, parseWorkflow, text, '.github/workflows/ci.yml');
    expect(h!.related!.map((r) => [r.span.line, r.span.column, r.label])).toEqual([
      [6, 37, 'written to $GITHUB_ENV here'],
      [8, 18, 'env.TITLE is set here'],
      [1, 5, 'triggered by issues'],
    ]);
  });
});
