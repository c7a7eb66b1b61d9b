import { describe, expect, it } from '@jest/globals';
import { parseWorkflow } from '../../../src/formats/workflow/parse.js';
import { rule } from '../../../src/rules/workflow/archived-action.js';
import { ARCHIVED_ACTIONS, ARCHIVED_ACTIONS_DATE } from '../../../src/intel/archived-actions.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const SHA = '08eba0b27e820071cde6df949e0beb9ba4906955';
const wf = (...steps: string[]) =>
  ['on: push', 'jobs:', '  build:', '    runs-on: ubuntu-24.04', '    steps:', ...steps, ''].join('\n');
const step = (uses: string) => wf(`      - uses: ${uses}`);

ruleTester(rule, parseWorkflow, { path: '.github/workflows/release.yml' }).run({
  valid: [
    { name: 'a maintained action', code: step('softprops/action-gh-release@v2') },
    { name: 'a repository of the same name under another owner', code: step('acme/create-release@v1') },
    { name: 'a maintained action of the same owner', code: step('actions/checkout@v4') },
    { name: 'a name that merely starts like an archived one', code: step('actions/create-release-notes@v1') },
    { name: 'the archived name in a run script', code: wf('      - run: echo actions/create-release@v1') },
    { name: 'a local copy', code: step('./actions/create-release') },
  ],
  invalid: [
    {
      name: 'any ref, the whole value, citing both sources',
      code: step(`actions/create-release@${SHA} # v1`),
      errors: [
        {
          line: 6,
          column: 15,
          endColumn: 15 + `actions/create-release@${SHA}`.length,
          message:
            /actions\/create-release is archived \(2021\).*elasticsearch-evolution\/issues\/554.*zizmorcore\/zizmor/,
        },
      ],
    },
    {
      name: 'one finding per action per file, other uses related',
      code: wf(
        '      - uses: actions/upload-release-asset@v1.0.2',
        '      - uses: actions/upload-release-asset@v1.0.2',
        '      - uses: actions-rs/toolchain@v1',
        '      - uses: Actions/Upload-Release-Asset@v1',
      ),
      errors: [
        { line: 6, column: 15, message: 'used 3 times in this file' },
        { line: 8, column: 15, message: 'actions-rs/toolchain is archived (2023-10-13)' },
      ],
    },
    {
      name: 'a sub-path of an archived repository',
      code: step('marvinpinto/action-automatic-releases/sub@v1'),
      errors: [{ line: 6, column: 15 }],
    },
    {
      name: 'composite action step',
      path: 'action.yml',
      code: 'name: x\nruns:\n  using: composite\n  steps:\n    - uses: actions/setup-ruby@v1\n',
      errors: [{ line: 5, column: 13, message: 'ruby/setup-ruby' }],
    },
  ],
});

describe('embedded archived-actions data', () => {
  it('is dated and every entry cites its sources', () => {
    expect(ARCHIVED_ACTIONS_DATE).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(ARCHIVED_ACTIONS.length).toBeGreaterThan(0);
    const names = ARCHIVED_ACTIONS.map((e) => e.action.toLowerCase());
    expect(new Set(names).size).toBe(names.length);
    for (const e of ARCHIVED_ACTIONS) {
      expect(e.action).toMatch(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/);
      expect(e.source).toMatch(/^https:\/\/\S+$/);
      expect(e.also_listed_by).toMatch(/^https:\/\/github\.com\/zizmorcore\/zizmor\/blob\/[0-9a-f]{40}\//);
      expect(e.source_says.length).toBeGreaterThan(10);
      expect(e.archived).toMatch(/^\d{4}(-\d{2}-\d{2})?$/);
      expect(e.archived <= ARCHIVED_ACTIONS_DATE).toBe(true);
      expect(e.replacement).not.toBe('');
    }
  });
});
