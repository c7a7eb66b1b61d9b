import { parseWorkflow } from '../../../src/formats/workflow/parse.js';
import { rule } from '../../../src/rules/workflow/unsound-contains.js';
import { describe, expect, it } from '@jest/globals';
import { ruleTester } from '../../helpers/rule-tester.js';
import { runRule } from '../../helpers/rules.js';

/** A workflow triggered by `on` whose one job's steps are `steps` (each a line, six spaces in). */
const wf = (on: string, ...steps: string[]) =>
  [`on: ${on}`, 'jobs:', '  build:', '    runs-on: ubuntu-24.04', '    steps:', ...steps, ''].join('\n');

ruleTester(rule, parseWorkflow, { path: '.github/workflows/ci.yml' }).run({
  valid: [
    {
      name: 'contains(fromJSON(list), x), arrays, a value searched for a literal, constants',
      code: wf(
        'push',
        '      - if: contains(fromJSON(\'["refs/heads/main", "refs/heads/dev"]\'), github.ref)',
        '        run: echo a',
        "      - if: contains(github.event.pull_request.labels.*.name, 'safe to test')",
        '        run: echo b',
        "      - if: ${{ contains(github.ref, 'refs/tags/') && contains('abc', 'b') }}",
        '        run: echo c',
        '      - run: echo ${{ contains(fromJSON(env.LIST), github.actor) }}',
      ),
    },
  ],
  invalid: [
    {
      name: 'a ref in a list string: medium, at the call (bare if:)',
      code: wf(
        'push',
        "      - if: contains('refs/heads/main refs/heads/dev', github.ref)",
        '        run: ./deploy.sh',
      ),
      errors: [
        {
          line: 6,
          column: 13,
          endColumn: 67,
          severity: 'medium',
          message: "'github.ref' is a substring of 'refs/heads/main refs/heads/dev'",
        },
      ],
    },
    {
      name: 'an actor in a list string: high; inside a fence, under !, in a multi-line expression',
      code: wf(
        'pull_request_target',
        '      - if: >-',
        "          ${{ github.event_name == 'pull_request_target' &&",
        "          !contains('octocat, admin', github['actor']) }}",
        '        run: echo a',
      ),
      errors: [{ line: 8, column: 12, endColumn: 55, severity: 'high', message: "'github.actor'" }],
    },
    {
      name: 'in a run: expression and an env: value; event_name is low',
      code: wf(
        'push',
        "      - run: echo ${{ contains('push pull_request_target', github.event_name) }}",
        '        env:',
        "          X: ${{ contains('main', github.head_ref) && 'a' || 'b' }}",
      ),
      errors: [
        { line: 6, column: 23, severity: 'low' },
        { line: 8, column: 18, severity: 'high' },
      ],
    },
  ],
});

describe('the fix names the list form', () => {
  it('splits the literal into items for fromJSON', async () => {
    const text = wf('push', "      - if: contains('main, dev', github.ref_name)", '        run: echo a');
    const [h] = await runRule(rule, parseWorkflow, text, '.github/workflows/ci.yml');
    expect(h!.fix).toBe('Use `contains(fromJSON(\'["main","dev"]\'), github.ref_name)`.');
  });
  it('a single item becomes an equality', async () => {
    const text = wf('push', "      - if: contains('main', github.ref_name)", '        run: echo a');
    const [h] = await runRule(rule, parseWorkflow, text, '.github/workflows/ci.yml');
    expect(h!.fix).toBe("Use `github.ref_name == 'main'`.");
  });
});
