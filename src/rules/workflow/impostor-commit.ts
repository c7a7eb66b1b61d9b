import { defineOnlineRule, hit, type Hit } from '../../core/index.js';
import { answerFor, isRepoUses, pinnedSha, refQuery, usesTarget } from './action-ref.js';

export const rule = defineOnlineRule({
  id: 'workflow/impostor-commit',
  kind: 'workflow',
  severity: 'critical',
  title: 'Pinned commit is not in the named repository',
  description:
    "A `uses:` pinned to a full commit SHA looks immutable, but GitHub serves every commit of a repository's fork network under the parent's name: anyone can fork `actions/checkout`, push a commit to the fork, and `actions/checkout@<that commit>` runs it, with the job's token and secrets. This rule asks the GitHub API whether the pinned commit is in the history of the named repository: a listed tag or branch at the commit, else a comparison (`compare/<base>...<commit>`) with the default branch, up to 3 other branches and the 2 first listed tags, where `behind` or `identical` means it is. A commit in none of them is reported (critical); a commit the API does not know at all (deleted, or never pushed) is reported as high, since the job cannot run it either. Step `uses:`, composite-action steps and job-level reusable-workflow calls are checked, each distinct repository and commit asked once per run. A repository the API does not know (private without a token, deleted) is not reported here. Runs only online (docs/online.md).",
  fix: "Replace the SHA with the commit of a release tag of the named repository (the tag's commit, not one from a fork), keeping the tag as a comment; find out who introduced the impostor commit.",
  examples: {
    bad: 'jobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@c2b5f0a2e6d2f1b1a7a4c6c2d5e0f1b3a9d8e7c6 # v4.2.2',
    good: 'jobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2',
    language: 'yaml',
    path: '.github/workflows/ci.yml',
  },
  options:
    'Runs when `online` is not `false`/`--offline`, against `intel.github-api-url` (default `GITHUB_API_URL`, else https://api.github.com), with the token when there is one; `intel.timeout-ms`.',
  references: [
    'https://www.chainguard.dev/unchained/what-the-fork-imposter-commits-in-github-actions-and-ci-cd',
    'https://docs.zizmor.sh/audits/#impostor-commit',
    'https://docs.github.com/en/rest/commits/commits#compare-two-commits',
  ],
  online: {
    appliesTo: 'workflow',
    check(model, _ctx, answers) {
      const hits: Hit[] = [];
      for (const u of model.uses) {
        if (!isRepoUses(u)) continue;
        const sha = pinnedSha(u);
        if (sha === undefined) continue;
        const a = answerFor(answers, refQuery(u));
        if (!a || !a.exists || a.reachable !== false) continue;
        const repo = `${u.owner}/${u.repo}`;
        const span = u.refSpan ?? u.span;
        const extra = { evidence: u.raw, scopeLine: u.scopeLine };
        if (a.unknownCommit) {
          hits.push(
            hit(
              span,
              `'${u.raw}' is pinned to a commit that the GitHub API does not know in ${repo} or its forks: the job cannot run it (it was deleted, or never pushed there).`,
              {
                ...extra,
                severity: 'high',
                fix: `Pin ${usesTarget(u)} to the commit of a release tag of ${repo}, keeping the tag as a comment.`,
              },
            ),
          );
          continue;
        }
        const checked = (a.compared ?? []).join(', ');
        hits.push(
          hit(
            span,
            `'${u.raw}' is pinned to a commit that is not in the history of ${repo}${checked !== '' ? ` (compared with ${checked})` : ''} and no listed tag or branch points to it: GitHub serves commits pushed to any fork under the parent's name, so this can be anyone's code (an impostor commit).`,
            {
              ...extra,
              fix: `Replace ${sha} with the commit of a release tag of ${repo} (the tag's own commit), keeping the tag as a comment, and find out who introduced this one.`,
            },
          ),
        );
      }
      return hits;
    },
  },
});
