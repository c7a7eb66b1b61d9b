import { minimatch } from 'minimatch';
import {
  defineRule,
  hit,
  type ActionRefAnswer,
  type Autofix,
  type Hit,
  type RuleContext,
  type Severity,
} from '../../core/index.js';
import { lockLocation, parseActionsLock, type ActionsLock } from '../../formats/workflow/actions-lock.js';
import type { UsesRef, WorkflowModel } from '../../formats/workflow/model.js';
import { answerFor, isRepoUses, refQuery, usesTarget, type RepoUses } from './action-ref.js';
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
    "A `uses:` by tag or branch runs whatever the action's repository points that name to when the job starts, with the job's token and secrets: in March 2025 every tag of tj-actions/changed-files (and of reviewdog/action-setup before it) was moved to a commit that dumped the runner's secrets into the logs, and only workflows pinned to a full commit SHA were unaffected. The rule checks step `uses:`, composite-action steps in `action.yml` and job-level reusable-workflow calls (`owner/repo/.github/workflows/x.yml@ref`), one finding per `uses:` value at its exact place. Third-party actions are high; GitHub's own `actions/*` and `github/*` are medium (GitHub controls those tags, but they can still move); owners listed in `workflow.trusted-actions` are low (recorded, not blocking under the default `fail-on: high`). A full 40-hex (or 64-hex) commit, with or without a `# v4.1.1` comment, is pinned. An abbreviated commit is not: GitHub does not resolve it as a commit. Local actions (`./path`) and `$/path` come from the workflow's own commit and are not reported; `docker://` images are container images, not actions. A step action of a workflow that GitHub's lockfile `.github/workflows/actions.lock` (written by `gh actions-lock`) lists with a full commit is pinned: GitHub runs the recorded commit. The lockfile does not pin job-level reusable-workflow calls, so those are still reported. An anchored step reused through YAML aliases is reported once, at the anchor. Online (docs/online.md), the GitHub API resolves the ref: the fix becomes the exact line to paste, `uses: owner/repo@<commit the tag points to> # <tag>` (for a moving tag such as `v4`, the comment names the release tag at the same commit, e.g. `v4.2.2`); for a branch it says to pin to a release tag instead, since a `# main` comment would name something that moves. The hit also carries a mechanical fix (`resolve: action-sha`) for the fix layer, except for abbreviated commits and, online, branches.",
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
    return unpinned(model, ctx).map((p) => p.hit);
  },
  online: {
    appliesTo: 'workflow',
    check(model, ctx, answers) {
      // The same hits as offline (they replace those), with the fix the API's answer makes exact.
      return unpinned(model, ctx).map(({ u, hit: h }) => {
        const a = isRepoUses(u) ? answerFor(answers, refQuery(u)) : undefined;
        return a && isRepoUses(u) ? resolved(u, h, a) : h;
      });
    },
  },
});

/** The offline hits, each with its `uses:`. */
function unpinned(model: WorkflowModel, ctx: RuleContext): { u: UsesRef; hit: Hit }[] {
  const hits: { u: UsesRef; hit: Hit }[] = [];
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
    // The fix layer resolves the ref to its commit (core/fix.ts); an abbreviated commit is no
    // tag or branch to resolve.
    const autofix: Autofix | undefined =
      u.refSpan && !isShortCommit(ref)
        ? {
            title: `pin ${target}@${ref} to its commit`,
            resolve: { kind: 'action-sha', owner: u.owner!, repo: u.repo!, ref, span: u.refSpan },
          }
        : undefined;
    hits.push({
      u,
      hit: hit(
        u.span,
        `The ${what} '${u.raw}' is not pinned to a commit: ${refProblem(ref)}, and the job runs it with its token and secrets${who}.`,
        {
          evidence: u.raw,
          fix: `Pin ${target} to the full 40-character commit that '${ref}' points to now, keeping the name as a comment: \`${target}@<commit> # ${ref}\`.`,
          scopeLine: u.scopeLine,
          ...(severity ? { severity } : {}),
          ...(autofix ? { autofix } : {}),
        },
      ),
    });
  }
  return hits;
}

/** The hit with the fix the GitHub API's answer makes exact (or says cannot be made by pinning). */
function resolved(u: RepoUses, h: Hit, a: ActionRefAnswer): Hit {
  const target = usesTarget(u);
  if (a.tagCommit !== undefined) {
    const comment = a.versionTag ?? u.ref;
    const also =
      a.branchCommit !== undefined
        ? ` '${u.ref}' is also a branch of ${u.owner}/${u.repo} (see workflow/ref-confusion): this is the tag's commit.`
        : '';
    const release =
      a.versionTag !== undefined && a.versionTag !== u.ref
        ? `, released as ${a.versionTag}; the comment names the release, not the moving tag`
        : '';
    return {
      ...h,
      fix: `Pin it: \`uses: ${target}@${a.tagCommit} # ${comment}\` (the commit the tag '${u.ref}' points to now${release}).${also}`,
    };
  }
  // A branch or nothing: no commit to pin with a truthful comment, so no mechanical fix.
  const rest: Hit = { ...h };
  delete rest.autofix;
  if (a.branchCommit !== undefined)
    return {
      ...rest,
      fix: `'${u.ref}' is a branch of ${u.owner}/${u.repo}, not a tag (its head is ${a.branchCommit} today): pinning that head with a \`# ${u.ref}\` comment would be wrong, since the comment would name something that moves with every push. Pin to the commit of a release tag instead: \`${target}@<commit> # <tag>\`.`,
    };
  return {
    ...rest,
    fix: a.exists
      ? `'${u.ref}' is neither a tag nor a branch of ${u.owner}/${u.repo}: the job cannot resolve it. Pin to the commit of a release tag: \`${target}@<commit> # <tag>\`.`
      : `The GitHub API knows no repository ${u.owner}/${u.repo} (it is private, renamed or deleted): check the name, then pin to the commit of a release tag: \`${target}@<commit> # <tag>\`.`,
  };
}
