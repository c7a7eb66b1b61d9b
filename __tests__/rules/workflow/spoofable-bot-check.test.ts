import { parseWorkflow } from '../../../src/formats/workflow/parse.js';
import { rule } from '../../../src/rules/workflow/spoofable-bot-check.js';
import { ruleTester } from '../../helpers/rule-tester.js';

/** A workflow triggered by `on` whose job `automerge` has the condition `cond`. */
const job = (on: string, cond: string) =>
  [
    `on: ${on}`,
    'jobs:',
    '  automerge:',
    `    if: ${cond}`,
    '    runs-on: ubuntu-24.04',
    '    steps:',
    '      - run: gh pr merge --auto "$PR"',
    '',
  ].join('\n');

ruleTester(rule, parseWorkflow, { path: '.github/workflows/automerge.yml' }).run({
  valid: [
    {
      name: 'the safe form: the pull request author',
      code: job('pull_request_target', "github.event.pull_request.user.login == 'dependabot[bot]'"),
    },
    {
      name: 'actor check AND the author check at the top level (dorny/test-reporter)',
      code: job(
        'pull_request_target',
        "${{ github.actor == 'dependabot[bot]' && github.event.pull_request.user.login == 'dependabot[bot]' }}",
      ),
    },
    {
      name: 'a same-repository guard at the top level (mikepenz/action-junit-report)',
      code: job(
        'pull_request',
        "|\n      github.event.pull_request.head.repo.full_name == github.repository &&\n      (github.actor == github.repository_owner || github.actor == 'renovate-mike[bot]')",
      ),
    },
    {
      name: 'head.repo.fork negated',
      code: job(
        'pull_request_target',
        "${{ !github.event.pull_request.head.repo.fork && github.actor == 'dependabot[bot]' }}",
      ),
    },
    {
      name: 'head.repo.fork == false',
      code: job(
        'pull_request_target',
        "github.actor == 'dependabot[bot]' && false == github.event.pull_request.head.repo.fork",
      ),
    },
    {
      name: 'negative checks skip the bot: nothing is granted',
      code: job(
        'pull_request_target',
        "github.triggering_actor != 'dependabot[bot]' && !(github.actor == 'renovate[bot]')",
      ),
    },
    {
      name: 'push, schedule, workflow_dispatch: the actor is who pushed or acted',
      code: job('[push, schedule, workflow_dispatch]', "github.actor == 'dependabot[bot]'"),
    },
    {
      name: 'a human login is not a bot check',
      code: job('pull_request_target', "github.actor == 'octocat'"),
    },
  ],
  invalid: [
    {
      name: 'pull_request_target: high, at the comparison, trigger related',
      code: job('pull_request_target', "github.actor == 'dependabot[bot]'"),
      errors: [
        {
          line: 4,
          column: 9,
          endColumn: 42,
          severity: 'high',
          message: "trusts the actor to be 'dependabot[bot]'",
        },
      ],
    },
    {
      name: 'index form and upper case, inside a fence, workflow_run',
      code: job('workflow_run', "${{ github['ACTOR'] == 'Dependabot[bot]' }}"),
      errors: [{ line: 4, column: 13, endColumn: 49, severity: 'high' }],
    },
    {
      name: 'actor_id number, triggering_actor, reversed operands, through !=-under-!',
      code: job(
        'pull_request_target',
        "github.actor_id == 49699333 || 'renovate[bot]' == github.triggering_actor || !(github.event.sender.login != 'x[bot]')",
      ),
      errors: [{ line: 4, column: 9, endColumn: 36, severity: 'high' }],
    },
    {
      name: 'startsWith and contains(list, actor); an || beside the author check does not guard',
      code: job(
        'pull_request_target',
        "startsWith(github.actor, 'dependabot') || contains(fromJSON('[\"renovate[bot]\"]'), github.actor) || github.event.pull_request.user.login == 'x'",
      ),
      errors: [{ line: 4, column: 9, endColumn: 47, severity: 'high', message: "'dependabot'" }],
    },
    {
      name: 'pull_request: medium',
      code: job('pull_request', "github.actor == 'dependabot[bot]'"),
      errors: [{ line: 4, column: 9, severity: 'medium' }],
    },
    {
      name: 'a step condition, in a reusable workflow (medium)',
      code: [
        'on: workflow_call',
        'jobs:',
        '  a:',
        '    runs-on: ubuntu-24.04',
        '    steps:',
        "      - if: github.actor == 'renovate[bot]'",
        '        run: echo ok',
        '',
      ].join('\n'),
      errors: [{ line: 6, column: 13, severity: 'medium', message: 'This step trusts' }],
    },
  ],
});
