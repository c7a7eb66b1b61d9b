import { parseWorkflow } from '../../../src/formats/workflow/parse.js';
import { rule } from '../../../src/rules/workflow/unpinned-package-install.js';
import { ruleTester } from '../../helpers/rule-tester.js';

/** A workflow whose one job's steps are `steps` (each a line, indented by six spaces); steps start on line 6. */
const wf = (...steps: string[]) =>
  ['on: push', 'jobs:', '  build:', '    runs-on: ubuntu-24.04', '    steps:', ...steps, ''].join('\n');

ruleTester(rule, parseWorkflow, { path: '.github/workflows/ci.yml' }).run({
  valid: [
    { name: 'exact pip version', code: wf('      - run: pip install ruff==0.8.4') },
    { name: 'npm ci reads the lockfile', code: wf('      - run: npm ci') },
    { name: 'npm install with no package names', code: wf('      - run: npm install') },
    { name: 'requirements file', code: wf('      - run: pip install -r requirements.txt') },
    {
      name: 'local project',
      code: wf('      - run: pip install -e .', '      - run: python -m pip install .'),
    },
    { name: 'hash-checking mode', code: wf('      - run: pip install --require-hashes -r req.txt pkg') },
    {
      name: 'PIP_REQUIRE_HASHES in the job env',
      code: [
        'on: push',
        'jobs:',
        '  build:',
        '    runs-on: ubuntu-24.04',
        '    env:',
        '      PIP_REQUIRE_HASHES: "1"',
        '    steps:',
        '      - run: pip install ruff',
        '',
      ].join('\n'),
    },
    { name: 'go install at a version', code: wf('      - run: go install golang.org/x/tools/gopls@v0.16.2') },
    { name: 'go install of a local package', code: wf('      - run: go install ./cmd/tool') },
    { name: 'bundle install reads Gemfile.lock', code: wf('      - run: bundle install') },
    { name: 'gem with -v', code: wf('      - run: gem install rails -v 7.2.1') },
    {
      name: 'a package name from ${{ }} is not known from the file',
      code: wf('      - run: pip install ${{ matrix.package }}'),
    },
    {
      // The same text under the default shell is a finding.
      name: 'shell: python is not read as a shell script',
      code: wf('      - shell: python', '        run: pip install ruff'),
    },
    { name: 'an echo of an install command', code: wf("      - run: echo 'pip install ruff'") },
  ],
  invalid: [
    {
      name: 'pip without a version: at the command words',
      code: wf('      - run: pip install ruff'),
      errors: [
        {
          line: 6,
          column: 14,
          endLine: 6,
          endColumn: 25,
          message: "`pip install` installs 'ruff' with no version",
        },
      ],
    },
    {
      name: 'python -m pip inside a literal block, on its exact line',
      code: wf('      - run: |', '          set -e', '          python -m pip install --upgrade pipenv'),
      errors: [{ line: 8, column: 21, message: "'pipenv'" }],
    },
    {
      name: 'one finding per command, naming every package',
      code: wf('      - run: pip install pytest pytest-xdist==3.6.1 coverage>=7'),
      errors: [{ line: 6, column: 14, message: "2 packages without an exact version: 'pytest'" }],
    },
    {
      name: 'npm -g, gem and go @latest',
      code: wf(
        '      - run: |',
        '          npm install -g @github/copilot',
        '          gem install ronn',
        '          go install honnef.co/go/tools/cmd/staticcheck@latest',
      ),
      errors: [
        { line: 7, column: 11, message: "'@github/copilot'" },
        { line: 8, column: 11, message: "`gem install` installs 'ronn'" },
        { line: 9, column: 11, message: "'latest'" },
      ],
    },
    {
      name: 'installer bootstrap only is low',
      code: wf('      - run: python -m pip install --upgrade pip setuptools wheel'),
      errors: [{ line: 6, column: 24, severity: 'low' }],
    },
    {
      name: 'a folded block',
      code: wf('      - run: >-', '          echo start &&', '          pipx install pyflakes'),
      errors: [{ line: 8, column: 11, message: "`pipx install` installs 'pyflakes'" }],
    },
    {
      name: 'composite action steps',
      path: 'action.yml',
      code: 'name: x\nruns:\n  using: composite\n  steps:\n    - run: npm i -g danger\n      shell: bash\n',
      errors: [{ line: 5, column: 12, message: "'danger'" }],
    },
  ],
});
