import { minimatch } from 'minimatch';
import { defineRule, hit, type Hit, type Severity } from '../../core/index.js';
import { lockLocation, parseActionsLock, type ActionsLock } from '../../formats/workflow/actions-lock.js';
import type { UsesRef } from '../../formats/workflow/model.js';
import { gradeGitRef, isFullCommit, isShortCommit } from '../../refs/git.js';

/** Owners whose actions GitHub itself publishes (Scorecard's and zizmor's "first-party"). */
const GITHUB_OWNERS = new Set(['actions', 'github']);

function trusted(u: UsesRef, globs: readonly string[]): string | undefined {
  const repo = `${u.owner}/${u.repo}`;
  const full = u.path ? `${repo}/${u.path}` : repo;
  return globs.find((g) => {
    const glob = g.toLowerCase();
    return minimatch(repo, glob) || minimatch(full.toLowerCase(), glob);
  });
}

/** What the ref is, in words, and why it does not fix the code that runs. */
function refProblem(ref: string): string {
  if (isShortCommit(ref))
    return `'${ref}' is an abbreviated commit, which GitHub resolves as a branch or tag name, not as a commit`;
  if (gradeGitRef(ref) === 'exact') return `the tag '${ref}' can be moved to other code at any time`;
  if (/^v?\d+$/.test(ref))
    return `the major-version tag '${ref}' moves with every release of that major version`;
  return `'${ref}' names a branch (or a tag), which runs whatever is pushed to it`;
}

export const rule = defineRule({
  id: 'workflow/unpinned-action',
  kind: 'workflow',
  appliesTo: 'workflow',
  severity: 'high',
  title: 'Action or reusable workflow not pinned to a commit',
  description:
    "A `uses:` by tag or branch runs whatever the action's repository points that name to when the job starts, with the job's token and secrets: in March 2025 every tag of tj-actions/changed-files (and of reviewdog/action-setup before it) was moved to a commit that dumped the runner's secrets into the logs, and only workflows pinned to a full commit SHA were unaffected. The rule checks step `uses:`, composite-action steps in `action.yml` and job-level reusable-workflow calls (`owner/repo/.github/workflows/x.yml@ref`), one finding per `uses:` value at its exact place. Third-party actions are high; GitHub's own `actions/*` and `github/*` are medium (GitHub controls those tags, but they can still move); owners listed in `workflow.trusted-actions` are low (recorded, not blocking under the default `fail-on: high`). A full 40-hex (or 64-hex) commit, with or without a `# v4.1.1` comment, is pinned. An abbreviated commit is not: GitHub does not resolve it as a commit. Local actions (`./path`) and `$/path` come from the workflow's own commit and are not reported; `docker://` images are container images, not actions. A step action of a workflow that GitHub's lockfile `.github/workflows/actions.lock` (written by `gh actions-lock`) lists with a full commit is pinned: GitHub runs the recorded commit. The lockfile does not pin job-level reusable-workflow calls, so those are still reported. An anchored step reused through YAML aliases is reported once, at the anchor.",
  fix: 'Pin to the full commit the tag points to and keep the tag as a comment, e.g. `uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2` (pinact or ratchet rewrite a whole repository this way; Dependabot and Renovate keep such pins up to date).',
  examples: {
    bad: 'on: push\njobs:\n  changes:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: tj-actions/changed-files@v45',
    good: 'on: push\njobs:\n  changes:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2\n      - uses: ./.github/actions/report',
    language: 'yaml',
    path: '.github/workflows/ci.yml',
  },
  options:
    '`workflow.trusted-actions`: globs of `owner/repo` (or `owner/repo/path`) such as `actions/*` or `acme/*`, matched case-insensitively; their unpinned `uses:` are reported at low severity.',
  references: [
    'https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-third-party-actions',
    'https://github.com/advisories/GHSA-mrrh-fwg8-r2c3',
  ],
  check(model, ctx) {
    const hits: Hit[] = [];
    const globs = ctx.config.workflow['trusted-actions'];
    // GitHub's workflow lockfile pins the step actions of the workflows it lists (not job-level
    // reusable-workflow calls, not action metadata).
    const where = model.type === 'workflow' ? lockLocation(model.path) : undefined;
    const lockText = where ? ctx.workspace.read(where.lockPath) : undefined;
    const lock: ActionsLock | undefined = lockText !== undefined ? parseActionsLock(lockText) : undefined;
    for (const u of model.uses) {
      if (u.kind !== 'repository' && u.kind !== 'reusable-workflow') continue;
      const ref = u.ref ?? '';
      if (isFullCommit(ref)) continue;
      if (lock && where && u.where === 'step' && lock.pins(where.key, u.raw)) continue;
      const what = u.kind === 'reusable-workflow' ? 'reusable workflow' : 'action';
      const byConfig = trusted(u, globs);
      let severity: Severity | undefined;
      let who = '';
      if (byConfig !== undefined) {
        severity = 'low';
        who = ` (trusted by workflow.trusted-actions '${byConfig}', so low)`;
      } else if (GITHUB_OWNERS.has(u.owner!)) {
        severity = 'medium';
        who = ' (GitHub-owned, so medium)';
      }
      const target = u.path ? `${u.owner}/${u.repo}/${u.path}` : `${u.owner}/${u.repo}`;
      hits.push(
        hit(
          u.span,
          `The ${what} '${u.raw}' is not pinned to a commit: ${refProblem(ref)}, and the job runs it with its token and secrets${who}.`,
          {
            evidence: u.raw,
            fix: `Pin ${target} to the full 40-character commit that '${ref}' points to now, keeping the name as a comment: \`${target}@<commit> # ${ref}\`.`,
            scopeLine: u.scopeLine,
            ...(severity ? { severity } : {}),
          },
        ),
      );
    }
    return hits;
  },
});
