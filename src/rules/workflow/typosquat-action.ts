import { minimatch } from 'minimatch';
import { defineRule, hit, type Hit } from '../../core/index.js';
import { lookAlikeOwner, POPULAR_OWNERS } from '../../intel/action-owners.js';

export const rule = defineRule({
  id: 'workflow/typosquat-action',
  kind: 'workflow',
  appliesTo: 'workflow',
  severity: 'high',
  title: 'Action owner looks like a popular publisher but is not',
  description: [
    `The \`uses:\` owner imitates the publisher of widely used actions (${POPULAR_OWNERS.slice(0, 7)
      .map((o) => `\`${o}\``)
      .join(
        ', ',
      )} and ${POPULAR_OWNERS.length - 7} more): \`action/checkout\`, \`dokcer/login-action\`, \`aws_actions/…\`. Anyone can register such a name and publish an action under it, and a one-letter slip then runs a stranger's code with the job's token and secrets. Unlike a mistyped repository under the real owner (which fails at run time, because only that owner can create repositories there), a look-alike owner runs.`,
    'An owner is a look-alike when, ignoring case, it equals a popular owner after folding `-`, `_` and `.`, digits read as letters (`0`→o, `1`→l, `3`→e, `5`→s) and a trailing plural `s`; or when it is within one edit (insert, delete, change, or swap of two neighbours) of a popular owner of 5 to 9 letters, two edits of one of 10 or more. Owners of 4 letters or fewer (`ruby`, `pnpm`, `pypa`) are matched only by folding: one edit of a short name is usually another real word. A popular owner itself is never reported, nor a few known, distinct accounts near one (`pypi`, `githubnext`), nor anything matched by `workflow.trusted-actions`. The check is offline and by name only: it does not know whether the look-alike account exists.',
    'One finding per `uses:` value (step, composite-action step, or reusable-workflow call), on the value, naming the owner it imitates.',
  ].join('\n\n'),
  fix: 'Correct the owner to the publisher you meant and pin the action by full commit; if the owner is really the one you intend, add it to `workflow.trusted-actions`.',
  examples: {
    bad: 'on: push\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actoins/checkout@11bd71901bbe5b1630ceea73d27597364c9af683',
    good: 'on: push\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2',
    language: 'yaml',
    path: '.github/workflows/ci.yml',
  },
  options:
    '`workflow.trusted-actions`: globs of `owner/repo` (such as `acme/*`); a `uses:` they match is never reported as a look-alike.',
  references: [
    'https://docs.zizmor.sh/audits/',
    'https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-third-party-actions',
  ],
  check(model, ctx) {
    const hits: Hit[] = [];
    const globs = ctx.config.workflow['trusted-actions'].map((g) => g.toLowerCase());
    for (const u of model.uses) {
      if (u.kind !== 'repository' && u.kind !== 'reusable-workflow') continue;
      const owner = u.owner!;
      const look = lookAlikeOwner(owner);
      if (!look) continue;
      const repo = `${owner}/${u.repo}`;
      const full = u.path ? `${repo}/${u.path}` : repo;
      if (globs.some((g) => minimatch(repo, g) || minimatch(full, g))) continue;
      const how =
        look.how === 'folded'
          ? `differs from '${look.popular}' only by case, separators, digits for letters or a plural 's'`
          : `is ${look.edits === 1 ? 'one edit' : `${look.edits} edits`} from '${look.popular}'`;
      const meant = `${look.popular}/${u.repo}${u.path ? `/${u.path}` : ''}`;
      hits.push(
        hit(
          u.span,
          `The owner '${owner}' of '${u.raw}' ${how}, the publisher of widely used actions, but is not it: the job would run code from whoever registered '${owner}', with its token and secrets.`,
          {
            evidence: u.raw,
            fix: `If you meant ${meant}, correct the owner (and pin it by full commit); if '${owner}' is intended, add '${owner}/*' to workflow.trusted-actions.`,
            scopeLine: u.scopeLine,
          },
        ),
      );
    }
    return hits;
  },
});
