import { describe, expect, it } from '@jest/globals';
import { parseWorkflow } from '../../../src/formats/workflow/parse.js';
import { rule } from '../../../src/rules/workflow/typosquat-action.js';
import { defaultConfig } from '../../../src/config/schema.js';
import {
  editDistance,
  lookAlikeOwner,
  MAX_OWNER_LENGTH,
  POPULAR_OWNERS,
} from '../../../src/intel/action-owners.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const SHA = '11bd71901bbe5b1630ceea73d27597364c9af683';
const wf = (...steps: string[]) =>
  ['on: push', 'jobs:', '  build:', '    runs-on: ubuntu-24.04', '    steps:', ...steps, ''].join('\n');
const step = (uses: string) => wf(`      - uses: ${uses}`);
const trust = (...globs: string[]) => ({
  workflow: { ...defaultConfig().workflow, 'trusted-actions': globs },
});

ruleTester(rule, parseWorkflow, { path: '.github/workflows/ci.yml' }).run({
  valid: [
    { name: 'the real owner', code: step(`actions/checkout@${SHA}`) },
    { name: 'the real owner in other case', code: step('Actions/Checkout@v4') },
    {
      name: 'a mistyped repository under the real owner fails at run time',
      code: step('actions/chekout@v4'),
    },
    { name: 'a popular owner next to another (actions-rs)', code: step('actions-rs/toolchain@v1') },
    { name: 'an owner that merely contains a popular name', code: step('docker-library/official-images@v1') },
    { name: 'a known distinct owner one letter from pypa', code: step('pypi/warehouse-action@v1') },
    { name: 'GitHub Next', code: step('githubnext/some-action@v1') },
    { name: 'short popular names: one edit is another word', code: step('rubi/setup-ruby@v1') },
    { name: 'a person named like a plural of a short name', code: step('rubys/setup@v1') },
    { name: 'three edits from docker', code: step('dockur/windows@v1'.replace('dockur', 'doxkur')) },
    { name: 'local action named like a squat', code: step('./action/checkout') },
    { name: 'docker:// image of a look-alike registry owner', code: step('docker://dokcer/login:1') },
    {
      name: 'trusted-actions vouches for the owner',
      code: step('dokcer/login-action@v3'),
      config: trust('dokcer/*'),
    },
  ],
  invalid: [
    {
      name: 'plural dropped: action/checkout',
      code: step(`action/checkout@${SHA} # v4`),
      errors: [
        {
          line: 6,
          column: 15,
          endColumn: 15 + `action/checkout@${SHA}`.length,
          message: /owner 'action' of 'action\/checkout@.*' differs from 'actions' only by case, separators/,
        },
      ],
    },
    {
      name: 'transposed letters: dokcer',
      code: step('dokcer/login-action@v3'),
      errors: [{ line: 6, column: 15, endColumn: 37, message: "is one edit from 'docker'" }],
    },
    {
      name: 'digit for a letter, separator swapped, doubled letter',
      code: wf(
        '      - uses: acti0ns/checkout@v4',
        '      - uses: aws_actions/configure-aws-credentials@v4',
        '      - uses: githuub/codeql-action/init@v3',
      ),
      errors: [
        { line: 6, column: 15, message: "from 'actions'" },
        { line: 7, column: 15, message: "from 'aws-actions'" },
        { line: 8, column: 15, message: "one edit from 'github'" },
      ],
    },
    {
      name: 'two edits from a long owner',
      code: step('gogle-github-action/auth@v2'),
      errors: [{ line: 6, column: 15, message: "'google-github-actions'" }],
    },
    {
      name: 'quoted value: the span excludes the quotes',
      code: step('"hashicorps/setup-terraform@v3"'),
      errors: [{ line: 6, column: 16, endColumn: 45 }],
    },
    {
      name: 'a trusted glob for another owner does not cover it',
      code: step('azur/login@v2'),
      config: trust('azure/*'),
      errors: [{ line: 6, column: 15, message: "'azure'" }],
    },
    {
      name: 'reusable workflow call',
      code: 'on: push\njobs:\n  x:\n    uses: gihub/wf/.github/workflows/x.yml@v1\n',
      errors: [{ line: 4, column: 11 }],
    },
    {
      name: 'composite action step',
      path: 'action.yml',
      code: 'name: x\nruns:\n  using: composite\n  steps:\n    - uses: dockr/setup-buildx-action@v3\n',
      errors: [{ line: 5, column: 13 }],
    },
  ],
});

describe('editDistance', () => {
  it.each([
    ['docker', 'dokcer', 1],
    ['docker', 'docker', 0],
    ['docker', 'dockr', 1],
    ['docker', 'xdocker', 1],
    ['actions', 'snoitca', 3], // more than max: stops early, returns max + 1
    ['', 'abc', 3],
    ['ab', 'abc', 1],
  ])('%s vs %s', (a, b, expected) => {
    expect(editDistance(a, b, 2)).toBe(expected);
  });

  it('stops early on long inputs and the owner check ignores names past the cap', () => {
    expect(editDistance('a'.repeat(39), 'b'.repeat(39), 2)).toBe(3);
    expect(lookAlikeOwner('a'.repeat(MAX_OWNER_LENGTH + 1))).toBeUndefined();
  });

  it('no popular owner is a look-alike of another', () => {
    for (const o of POPULAR_OWNERS) expect(lookAlikeOwner(o)).toBeUndefined();
    expect(new Set(POPULAR_OWNERS).size).toBe(POPULAR_OWNERS.length);
    for (const o of POPULAR_OWNERS) expect(o).toBe(o.toLowerCase());
  });
});
