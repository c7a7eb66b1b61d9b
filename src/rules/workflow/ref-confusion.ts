import { defineOnlineRule, hit, type Hit } from '../../core/index.js';
import { answerFor, isRepoUses, pinnedSha, refQuery, short, usesTarget } from './action-ref.js';
import { isFullCommit } from '../../refs/git.js';

export const rule = defineOnlineRule({
  id: 'workflow/ref-confusion',
  kind: 'workflow',
  severity: 'medium',
  title: 'Action ref is both a tag and a branch',
  description:
    "A `uses:` by name (`owner/repo@v4`) where the repository has both a tag and a branch of that name: which one the job runs is up to GitHub's resolution order, and anyone who may push a branch (not only those who may move release tags) can create the same-named branch and change what runs. Medium when both point to the same commit today; high when they point to different commits (what runs already depends on which one wins). The GitHub API is asked for `git/ref/tags/<ref>` and `git/ref/heads/<ref>`, once per distinct repository and ref per run; refs pinned to a full commit are not affected. Runs only online (docs/online.md).",
  fix: 'Pin to the full commit of the release tag, keeping the tag as a comment (`owner/repo@<commit> # v4.2.2`); if you own the repository, delete the branch that shadows the tag.',
  examples: {
    bad: 'jobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: example-org/setup-tool@v2',
    good: 'jobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: example-org/setup-tool@0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c # v2.3.1',
    language: 'yaml',
    path: '.github/workflows/ci.yml',
  },
  options:
    'Runs when `online` is not `false`/`--offline`, against `intel.github-api-url` (default `GITHUB_API_URL`, else https://api.github.com); `intel.timeout-ms`.',
  references: ['https://docs.zizmor.sh/audits/#ref-confusion'],
  online: {
    appliesTo: 'workflow',
    check(model, _ctx, answers) {
      const hits: Hit[] = [];
      for (const u of model.uses) {
        if (!isRepoUses(u) || pinnedSha(u) !== undefined || isFullCommit(u.ref)) continue;
        const a = answerFor(answers, refQuery(u));
        if (a?.tagCommit === undefined || a.branchCommit === undefined) continue;
        const same = a.tagCommit === a.branchCommit;
        const repo = `${u.owner}/${u.repo}`;
        hits.push(
          hit(
            u.refSpan ?? u.span,
            `'${u.ref}' is both a tag and a branch of ${repo} (${same ? `both at ${short(a.tagCommit)} today` : `tag at ${short(a.tagCommit)}, branch at ${short(a.branchCommit)}`}): which one '${u.raw}' runs depends on GitHub's resolution order, and anyone who may push that branch changes it.`,
            {
              evidence: u.raw,
              scopeLine: u.scopeLine,
              ...(same ? {} : { severity: 'high' as const }),
              fix: `Pin to the tag's commit: \`uses: ${usesTarget(u)}@${a.tagCommit} # ${a.versionTag ?? u.ref}\`.`,
            },
          ),
        );
      }
      return hits;
    },
  },
});
