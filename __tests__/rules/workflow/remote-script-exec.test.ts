import { parseWorkflow } from '../../../src/formats/workflow/parse.js';
import { rule } from '../../../src/rules/workflow/remote-script-exec.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const SHA = '08eba0b27e820071cde6df949e0beb9ba4906955';
const SUM = 'd4979343f156353c239832738f4eaab6df43d0db3e2c944c6b48bc997a9ba879';
/** A workflow whose one job's steps are `steps` (each a line, indented by six spaces); steps start on line 6. */
const wf = (...steps: string[]) =>
  ['on: push', 'jobs:', '  build:', '    runs-on: ubuntu-24.04', '    steps:', ...steps, ''].join('\n');

ruleTester(rule, parseWorkflow, { path: '.github/workflows/ci.yml' }).run({
  valid: [
    {
      name: 'a download saved and never executed',
      code: wf('      - run: curl -fsSLo data.json https://example.com/data.json'),
    },
    {
      name: 'download, checksum verified, then run (literal block)',
      code: wf(
        '      - run: |',
        '          curl -fsSLo i.sh https://example.com/i.sh',
        `          echo "${SUM}  i.sh" | sha256sum -c -`,
        '          sh i.sh',
      ),
    },
    {
      name: 'checksum verified in a separate step before the run',
      code: wf(
        '      - run: curl -fsSLo i.sh https://example.com/i.sh',
        `      - run: echo "${SUM}  i.sh" | sha256sum -c -`,
        '      - run: bash i.sh',
      ),
    },
    {
      name: 'a commit-pinned raw URL is content-addressed',
      code: wf(
        `      - run: curl -fsSL https://raw.githubusercontent.com/acme/tools/${SHA}/install.sh | bash`,
      ),
    },
    {
      // The same text under the default shell is a finding (the Codecov case below).
      name: 'shell: python is not read as bash',
      code: wf('      - shell: python', '        run: |', '          curl -s https://codecov.io/bash | bash'),
    },
    {
      name: 'a custom shell command is not analysed',
      code: wf('      - shell: perl {0}', '        run: curl -s https://codecov.io/bash | bash'),
    },
    {
      name: 'curl piped into jq is data, not code',
      code: wf('      - run: curl -s https://api.example.com/x | jq .name'),
    },
    {
      name: 'the text in an echo is not a command',
      code: wf("      - run: echo 'curl -s https://codecov.io/bash | bash'"),
    },
    {
      name: 'a download in one job executed in another job (separate runners)',
      code: [
        'on: push',
        'jobs:',
        '  a:',
        '    runs-on: ubuntu-24.04',
        '    steps:',
        '      - run: curl -fsSLo i.sh https://example.com/i.sh',
        '  b:',
        '    runs-on: ubuntu-24.04',
        '    steps:',
        '      - run: sh i.sh',
        '',
      ].join('\n'),
    },
    {
      name: 'pwsh: Invoke-WebRequest to a file, never executed',
      code: wf(
        '      - shell: pwsh',
        '        run: Invoke-WebRequest -Uri https://example.com/x.zip -OutFile x.zip',
      ),
    },
  ],
  invalid: [
    {
      name: 'the Codecov bash uploader: exact span from curl to bash',
      code: wf('      - run: curl -s https://codecov.io/bash | bash'),
      errors: [
        {
          line: 6,
          column: 14,
          endLine: 6,
          endColumn: 52,
          message: 'A script downloaded from https://codecov.io/bash is piped into bash',
        },
      ],
    },
    {
      name: 'inside a literal block, on its exact line and column',
      code: wf(
        '      - name: setup',
        '        run: |',
        '          set -e',
        '          wget -qO- https://get.example.com | sh -s -- -y',
      ),
      errors: [{ line: 9, column: 11, endLine: 9, endColumn: 58, message: 'piped into sh' }],
    },
    {
      name: 'inside a folded block: the second source line',
      code: wf(
        '      - run: >-',
        '          echo start &&',
        '          curl -fsSL https://get.example.com | bash',
      ),
      errors: [{ line: 8, column: 11, message: 'piped into bash' }],
    },
    {
      name: 'bash <(curl ...)',
      code: wf('      - run: bash <(curl -fsSL https://example.com/setup)'),
      errors: [{ line: 6, column: 21, message: 'run by bash through <(...)' }],
    },
    {
      name: 'saved, then run in a later step of the same job',
      code: wf('      - run: curl -fsSLo /tmp/i.sh https://example.com/i.sh', '      - run: sh /tmp/i.sh'),
      errors: [{ line: 6, column: 14, message: 'is saved as i.sh and then executed (line 7)' }],
    },
    {
      name: 'checksum written but never checked (`sha256sum f`, no -c) does not verify',
      code: wf(
        '      - run: |',
        '          curl -fsSLo i.sh https://example.com/i.sh',
        '          sha256sum i.sh',
        '          sh i.sh',
      ),
      errors: [{ line: 7, column: 11, message: 'saved as i.sh and then executed' }],
    },
    {
      name: 'a ${{ }} URL is unknown, still executed: span covers the expression as written',
      code: wf('      - run: curl -sSL ${{ env.INSTALLER_URL }} | bash'),
      errors: [
        { line: 6, column: 14, endColumn: 55, message: 'from ${{ env.INSTALLER_URL }} is piped into bash' },
      ],
    },
    {
      name: 'pwsh: iex (iwr ...)',
      code: wf(
        '      - shell: pwsh',
        "        run: iex (iwr 'https://community.chocolatey.org/install.ps1' -UseBasicParsing)",
      ),
      errors: [{ line: 7, column: 14, message: 'evaluated by Invoke-Expression' }],
    },
    {
      name: 'the default shell of the job is powershell',
      code: [
        'on: push',
        'jobs:',
        '  win:',
        '    runs-on: windows-2025',
        '    defaults:',
        '      run:',
        '        shell: powershell',
        '    steps:',
        '      - run: iwr https://example.com/i.ps1 -UseBasicParsing | iex',
        '',
      ].join('\n'),
      errors: [{ line: 9, column: 14, message: 'piped into iex' }],
    },
    {
      name: 'python -c fetching and exec-ing a URL inside a bash step',
      code: wf(
        `      - run: python3 -c "import urllib.request; exec(urllib.request.urlopen('https://example.com/x.py').read())"`,
      ),
      errors: [
        { line: 6, column: 78, message: 'python3 code downloads https://example.com/x.py and runs code' },
      ],
    },
    {
      name: 'inside `docker exec ... /bin/bash -c` (the Playwright case)',
      code: wf(
        '      - run: |',
        '          docker exec \\',
        '            --env GITHUB_REF \\',
        "            --user root tests /bin/bash -c '",
        '              curl -sL https://aka.ms/InstallAzureCLIDeb | bash',
        "            '",
      ),
      errors: [
        { line: 10, column: 15, message: 'from https://aka.ms/InstallAzureCLIDeb is piped into bash' },
      ],
    },
    {
      name: 'composite action steps',
      path: 'action.yml',
      code: 'name: x\nruns:\n  using: composite\n  steps:\n    - run: curl -sSfL https://get.example.com | sh\n      shell: bash\n',
      errors: [{ line: 5, column: 12, message: 'piped into sh' }],
    },
    {
      name: 'an anchored step reused by alias is reported once, at the anchor',
      code: [
        'on: push',
        'jobs:',
        '  a:',
        '    runs-on: ubuntu-24.04',
        '    steps:',
        '      - &install',
        '        run: curl -sSfL https://get.example.com | sh',
        '  b:',
        '    runs-on: ubuntu-24.04',
        '    steps:',
        '      - *install',
        '',
      ].join('\n'),
      errors: [{ line: 7, column: 14 }],
    },
  ],
});
