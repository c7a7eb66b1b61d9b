import { defineOnlineRule, hit, type Hit } from '../../core/index.js';
import {
  answerFor,
  commentTags,
  commentVersion,
  isMovingVersion,
  isRepoUses,
  pinnedSha,
  refQuery,
  short,
  usesTarget,
} from './action-ref.js';

export const rule = defineOnlineRule({
  id: 'workflow/version-comment-mismatch',
  kind: 'workflow',
  severity: 'medium',
  title: "Pin's version comment does not match its commit",
  description:
    "A `uses:` pinned to a commit with a version comment (`@<sha> # v4.1.0`) where the tag the comment names points to another commit, or does not exist in the repository. Readers, reviewers and update tools (Dependabot, Renovate) trust the comment: a pin whose comment lies hides which code runs, and is how a malicious or impostor commit passes review as a routine bump. The comment's first word is read as a version (`v4.1.0`, `4.1.0` also tried as `v4.1.0`, `tag=v4.1.0`, `ratchet:owner/repo@v4.1.0`, `pin@v4`); other comments (`# main`, `# see #12`) are not checked. The tag is resolved through the GitHub API (annotated tags dereferenced). Medium; low when the comment names a moving tag (`v4`, `v4.1`), which is expected to move past the pinned release. Runs only online (docs/online.md).",
  fix: 'Make the comment name the release tag whose commit is pinned (or re-pin to the commit of the tag the comment names), e.g. `owner/repo@<commit of v4.1.0> # v4.1.0`.',
  examples: {
    bad: 'jobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11 # v4.2.2',
    good: 'jobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2',
    language: 'yaml',
    path: '.github/workflows/ci.yml',
  },
  options:
    'Runs when `online` is not `false`/`--offline`, against `intel.github-api-url` (default `GITHUB_API_URL`, else https://api.github.com); `intel.timeout-ms`.',
  references: ['https://docs.zizmor.sh/audits/#ref-version-mismatch'],
  online: {
    appliesTo: 'workflow',
    check(model, _ctx, answers) {
      const hits: Hit[] = [];
      for (const u of model.uses) {
        if (!isRepoUses(u)) continue;
        const sha = pinnedSha(u);
        const version = sha !== undefined ? commentVersion(u.comment) : undefined;
        if (sha === undefined || version === undefined) continue;
        const tags = commentTags(version).map((ref) => ({
          ref,
          a: answerFor(answers, { owner: u.owner, repo: u.repo, ref }),
        }));
        // Unanswered: the failure is reported once as intel/unavailable, not guessed at here.
        if (tags.some((t) => t.a === undefined)) continue;
        if (tags.some((t) => t.a!.tagCommit === sha)) continue;
        if (tags.every((t) => !t.a!.exists)) continue;
        const repo = `${u.owner}/${u.repo}`;
        const at = tags.find((t) => t.a!.tagCommit !== undefined);
        const pinnedTags = answerFor(answers, refQuery(u))?.tagsAtCommit ?? [];
        const instead =
          pinnedTags.length > 0 ? ` The pinned commit is tagged ${pinnedTags.slice(0, 3).join(', ')}.` : '';
        const moving = isMovingVersion(version);
        const message = at
          ? `'${u.raw}' says ${version}, but the tag ${at.ref} of ${repo} points to ${short(at.a!.tagCommit!)}, not to the pinned ${short(sha)}${moving ? ` (${version} is a moving tag: the pin may simply be older than its latest release)` : ''}.${instead}`
          : `'${u.raw}' says ${version}, but ${repo} has no tag ${tags.map((t) => t.ref).join(' or ')}.${instead}`;
        hits.push(
          hit(u.refSpan ?? u.span, message, {
            evidence: `${u.raw} # ${u.comment ?? ''}`,
            scopeLine: u.scopeLine,
            ...(moving && at ? { severity: 'low' as const } : {}),
            fix:
              pinnedTags.length > 0
                ? `Write the comment the commit has: \`# ${pinnedTags[0]}\`, or re-pin to the commit of ${at?.ref ?? version}${at ? ` (${at.a!.tagCommit})` : ''}.`
                : at
                  ? `Re-pin to the commit of ${at.ref} (\`${usesTarget(u)}@${at.a!.tagCommit} # ${at.ref}\`) if that is the release you meant, or correct the comment to the release the pinned commit belongs to.`
                  : `Correct the comment to the release tag of the pinned commit, or re-pin to a release tag's commit.`,
          }),
        );
      }
      return hits;
    },
  },
});
