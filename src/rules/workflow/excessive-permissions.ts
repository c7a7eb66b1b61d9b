import { defineRule, hit, type Hit, type Related, type Severity } from '../../core/index.js';
import type { WfJob, WfStep, WorkflowModel } from '../../formats/workflow/model.js';
import { parseWorkflow } from '../../formats/workflow/parse.js';
import {
  permissionBlock,
  persistsCredentials,
  repoRoot,
  tokenReads,
  writeScopes,
  type PermissionBlock,
  type ScopeGrant,
} from '../../formats/workflow/permissions.js';
import type { RuleContext } from '../../core/index.js';

/**
 * Events an outsider (no write access) causes directly while the job holds the base repository's
 * token: a default token that is writable is then theirs to use through any injection.
 * `workflow_run` is not here: whether an outsider can start it depends on the workflow it follows.
 */
const PRIVILEGED = new Set([
  'pull_request_target',
  'issue_comment',
  'issues',
  'discussion',
  'discussion_comment',
]);

/** Scopes whose write access changes code, releases, packages, workflow runs or cloud access. */
const STRONG = new Set(['contents', 'packages', 'actions', 'id-token']);

/**
 * Actions that take the job's token only to read (downloading a toolchain, Git context for a
 * build) or not at all: a job made of these and `run:` steps that never read the token cannot
 * use an API write scope. Anything not listed is assumed to use every scope it is given.
 */
const READ_ONLY_ACTIONS = new Set([
  'actions/cache',
  'actions/cache/restore',
  'actions/cache/save',
  'actions/upload-artifact',
  'actions/download-artifact',
  'docker/setup-buildx-action',
  'docker/setup-qemu-action',
  'docker/login-action',
  'docker/metadata-action',
  'docker/build-push-action',
  'docker/bake-action',
  'pnpm/action-setup',
  'oven-sh/setup-bun',
  'astral-sh/setup-uv',
  'dtolnay/rust-toolchain',
  'swatinem/rust-cache',
  'ruby/setup-ruby',
  'hashicorp/setup-terraform',
  'denoland/setup-deno',
  'shivammathur/setup-php',
  'jdx/mise-action',
  'erlef/setup-beam',
  'mlugg/setup-zig',
  'azure/setup-helm',
  'azure/setup-kubectl',
  'sigstore/cosign-installer',
  'golangci/golangci-lint-action',
]);

function actionName(step: WfStep): string | undefined {
  const u = step.uses;
  if (!u || u.kind !== 'repository') return undefined;
  return (u.path ? `${u.owner}/${u.repo}/${u.path}` : `${u.owner}/${u.repo}`).toLowerCase();
}

function isReadOnlyAction(name: string): boolean {
  return READ_ONLY_ACTIONS.has(name) || name.startsWith('actions/setup-');
}

/**
 * Whether anything in the job could use `scope` of its token. Conservative: any step that reads
 * the token, any action not known to only read, a reusable workflow call, a local action, or (for
 * `contents`) a `run:` after a checkout that kept the credentials; any `run:` for `id-token`
 * (the runner hands every step the OIDC request variables).
 */
function mayUse(model: WorkflowModel, job: WfJob, scope: string): boolean {
  if (job.uses) return true;
  if (tokenReads(job.node).length || tokenReads(model.env).length) return true;
  let persisted = false;
  for (const step of job.steps) {
    if (step.run) {
      if (scope === 'id-token') return true;
      if (scope === 'contents' && persisted) return true;
      continue;
    }
    const u = step.uses;
    if (!u) continue;
    if (u.kind === 'docker') continue; // gets only the env it is given: no token above
    if (u.kind !== 'repository') return true; // local or self: unknown code
    const name = actionName(step)!;
    if (name === 'actions/checkout') {
      if (persistsCredentials(step)) persisted = true;
      continue;
    }
    if (!isReadOnlyAction(name)) return true;
  }
  return false;
}

const listOf = (xs: string[]): string => xs.map((x) => `'${x}'`).join(', ');

/** The jobs of the workflow, with whether `permissions:` (own or through a local callee) covers each. */
interface Coverage {
  job: WfJob;
  /** Why it is not covered, for the related span's label. */
  why?: string;
  remoteCall?: boolean;
}

function localCalleeCovered(model: WorkflowModel, job: WfJob, ctx: RuleContext): boolean {
  const u = job.uses!;
  const root = repoRoot(model.path);
  if (root === undefined || !u.path) return false;
  const rel = u.path.replace(/^\.\//, '');
  const text = ctx.workspace.read(`${root}${rel}`);
  if (text === undefined) return false;
  let callee: WorkflowModel;
  try {
    callee = parseWorkflow(text, `${root}${rel}`);
  } catch {
    return false;
  }
  if (permissionBlock(callee.root, 'workflow')) return true;
  return callee.jobs.length > 0 && callee.jobs.every((j) => permissionBlock(j.node, 'job'));
}

function coverage(model: WorkflowModel, ctx: RuleContext): Coverage[] {
  return model.jobs.map((job) => {
    if (permissionBlock(job.node, 'job')) return { job };
    if (job.uses?.kind === 'local') {
      if (localCalleeCovered(model, job, ctx)) return { job };
      return { job, why: `calls ${job.uses.raw}, which sets no permissions for all its jobs` };
    }
    if (job.uses)
      return {
        job,
        why: `calls ${job.uses.raw} with the default token (it may cut its own permissions; Bulkhead cannot see it)`,
        remoteCall: true,
      };
    return { job, why: 'runs with the default token' };
  });
}

function missingHit(model: WorkflowModel, cov: Coverage[]): Hit | undefined {
  const uncovered = cov.filter((c) => c.why);
  if (!uncovered.length) return undefined;
  const anyDeclared = cov.some((c) => !c.why) || model.jobs.some((j) => permissionBlock(j.node, 'job'));
  const priv = model.triggers.filter((t) => PRIVILEGED.has(t.event));
  let severity: Severity = 'medium';
  let why =
    'only people with write access start it, but every action and script in those jobs holds the token';
  if (priv.length) {
    severity = 'high';
    why = `${[...new Set(priv.map((t) => t.event))].join(', ')} lets an outsider start it, so an injection anywhere in those jobs gets that token`;
  } else if (uncovered.every((c) => c.remoteCall)) {
    severity = 'low';
    why = 'the only jobs left are reusable workflow calls, which may cut their own permissions';
  }
  const ids = uncovered.map((c) => c.job.id);
  const related: Related[] = [
    ...uncovered.map((c) => ({ span: c.job.keySpan, label: `job '${c.job.id}' ${c.why}` })),
    ...priv.map((t) => ({ span: t.span, label: `triggered by ${t.event}` })),
  ];
  const span = !anyDeclared && model.onSpan ? model.onSpan : uncovered[0]!.job.keySpan;
  const message = anyDeclared
    ? `The workflow sets no top-level \`permissions:\` and job${ids.length > 1 ? 's' : ''} ${listOf(ids)} set${ids.length > 1 ? '' : 's'} none either, so ${ids.length > 1 ? 'they run' : 'it runs'} with the repository's default token, which is read and write for most scopes when the repository or organisation keeps the permissive default (the setting is not in the file) (${severity}: ${why}).`
    : `No \`permissions:\` anywhere in this workflow: ${ids.length > 1 ? `all ${ids.length} jobs run` : `job '${ids[0]}' runs`} with the repository's default token, which is read and write for most scopes when the repository or organisation keeps the permissive default (the setting is not in the file) (${severity}: ${why}).`;
  return hit(span, message, {
    severity,
    related,
    // What the group covers is in the evidence, so one more uncovered job makes it new.
    evidence: `${anyDeclared ? 'jobs without permissions' : 'no permissions: block; jobs'}: ${ids.join(', ')}`,
    fix: anyDeclared
      ? `Add \`permissions: {}\` (or \`contents: read\`) at the top of the workflow, or a \`permissions:\` block to ${listOf(ids)} with only the scopes each needs.`
      : 'Add `permissions: {}` (or `permissions: { contents: read }`) at the top of the workflow, next to `on:`, and grant write scopes in the jobs that need them.',
  });
}

function writeAllHit(b: PermissionBlock, where: string): Hit {
  return hit(
    b.node.span,
    `\`permissions: write-all\` ${where} gives the token write access to every scope (code, releases, packages, workflow runs, OIDC tokens): any action or script there, or anyone who injects into one, can push code and publish.`,
    {
      severity: 'high',
      evidence: 'permissions: write-all',
      fix: 'Replace it with the scopes the jobs need, e.g. `permissions: { contents: read }` at the top and `contents: write` only in the job that pushes.',
      scopeLine: b.keySpan.line,
    },
  );
}

function unusedHit(
  model: WorkflowModel,
  b: PermissionBlock,
  reached: WfJob[],
  jobLabel?: string,
): Hit | undefined {
  if (!reached.length) return undefined;
  const unused: { grant: ScopeGrant; jobs: WfJob[]; users: WfJob[] }[] = [];
  for (const grant of writeScopes(b)) {
    const jobs: WfJob[] = [];
    const users: WfJob[] = [];
    for (const j of reached) (mayUse(model, j, grant.scope) ? users : jobs).push(j);
    if (jobs.length) unused.push({ grant, jobs, users });
  }
  if (!unused.length) return undefined;
  const scopes = unused.map((u) => `\`${u.grant.scope}: write\``).join(', ');
  const severity: Severity = unused.some((u) => STRONG.has(u.grant.scope)) ? 'medium' : 'low';
  const idle = [...new Set(unused.flatMap((u) => u.jobs))];
  const users = [...new Set(unused.flatMap((u) => u.users))];
  const first = unused[0]!.grant.entry;
  const related: Related[] = [
    ...unused
      .slice(1)
      .map((u) => ({ span: u.grant.entry.keySpan, label: `${u.grant.scope}: write, also unused` })),
  ];
  if (b.level === 'workflow')
    for (const j of idle)
      related.push({ span: j.keySpan, label: `job '${j.id}' inherits it and never uses the token` });
  const how =
    'no step reads `github.token` or `secrets.GITHUB_TOKEN`, every action is one that only reads with it, and nothing runs after a checkout that kept its credentials (for contents) or at all (for id-token)';
  const message =
    b.level === 'job'
      ? `${scopes} in ${jobLabel} ${unused.length > 1 ? 'are' : 'is'} not used: ${how}; an unused write scope only widens what a compromised action can do.`
      : `Workflow-level ${scopes} reach${unused.length > 1 ? '' : 'es'} job${idle.length > 1 ? 's' : ''} ${listOf(idle.map((j) => j.id))} that never use${idle.length > 1 ? '' : 's'} the token: ${how}.`;
  const fix =
    b.level === 'job'
      ? `Remove ${scopes} from ${jobLabel}'s \`permissions:\` (or lower ${unused.length > 1 ? 'them' : 'it'} to read).`
      : users.length
        ? `Lower ${scopes} to read at the top and grant the write scope only in the job${users.length > 1 ? 's' : ''} that need${users.length > 1 ? '' : 's'} it (${listOf(users.map((j) => j.id))}).`
        : `Lower ${scopes} to read (or drop ${unused.length > 1 ? 'them' : 'it'}) at the top of the workflow.`;
  return hit(first.keySpan, message, {
    severity,
    related,
    evidence: `${unused.map((u) => `${u.grant.scope}: write`).join(', ')}${b.level === 'workflow' ? ` (jobs: ${idle.map((j) => j.id).join(', ')})` : ''}`,
    fix,
    scopeLine: b.keySpan.line,
  });
}

export const rule = defineRule({
  id: 'workflow/excessive-permissions',
  kind: 'workflow',
  appliesTo: 'workflow',
  severity: 'medium',
  title: 'Workflow token with more permissions than its jobs need',
  description:
    "Every job gets a `GITHUB_TOKEN`; whatever it may do, a compromised action (tj-actions/changed-files, March 2025) or an injected script may do too. The rule reports three things. (1) No `permissions:` covers a job: the job runs with the repository's default token, which is read-only for repositories created since February 2023 but read and write for most scopes where the repository or organisation keeps the old permissive default, a setting the file does not show. One finding per workflow, since one edit (`permissions: {}` or `contents: read` at the top) fixes every job: at `on:` when nothing in the file sets permissions, else at the first uncovered job, with each uncovered job as a related place. High when an outsider starts the workflow directly (`pull_request_target`, `issue_comment`, `issues`, `discussion*`; not `workflow_run`, which depends on the workflow it follows), low when the only uncovered jobs call remote reusable workflows (which may cut their own permissions), medium otherwise. A job that calls a local reusable workflow is covered when that file sets permissions for all its jobs; a workflow whose only trigger is `workflow_call` is not reported (its caller decides). (2) `permissions: write-all` at workflow or job level: high, one finding each. (3) Write scopes a job cannot use: a scope is unused in a job when no step reads `github.token`/`secrets.GITHUB_TOKEN` (or all of `github`/`secrets`), every action is one known to only read with the token (setup-*, cache, artifacts, docker/*), and, for `contents`, nothing runs after a checkout that kept its credentials, for `id-token`, nothing runs at all; any other action, a local action or a reusable workflow call counts as using every scope. One finding per `permissions:` block at its first unused write scope, the other unused scopes and (for a workflow-level block) the jobs it reaches that do not use it as related places; medium for contents, packages, actions and id-token, low for the others. `read-all` is not reported (OpenSSF Scorecard recommends it), nor are write scopes at job level that a step may use: job-level grants are the recommended form.",
  fix: 'Start every workflow with `permissions: {}` (or `contents: read`) and grant write scopes in the job that needs them, e.g. `permissions: { contents: write }` on the release job only.',
  examples: {
    bad: 'on: push\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: make test',
    good: 'on: push\npermissions:\n  contents: read\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: make test',
    language: 'yaml',
    path: '.github/workflows/ci.yml',
  },
  references: [
    'https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/controlling-permissions-for-github_token',
    'https://docs.github.com/en/actions/security-for-github-actions/security-guides/automatic-token-authentication#modifying-the-permissions-for-the-github_token',
  ],
  check(model, ctx) {
    if (model.type !== 'workflow' || !model.root || !model.jobs.length) return [];
    const hits: Hit[] = [];
    const top = permissionBlock(model.root, 'workflow');
    const callOnly = model.triggers.length > 0 && model.triggers.every((t) => t.event === 'workflow_call');
    if (!top && !callOnly) {
      const h = missingHit(model, coverage(model, ctx));
      if (h) hits.push(h);
    }
    if (top?.shorthand === 'write-all') hits.push(writeAllHit(top, 'at the top of the workflow'));
    else if (top) {
      const reached = model.jobs.filter((j) => !permissionBlock(j.node, 'job'));
      const h = unusedHit(model, top, reached);
      if (h) hits.push(h);
    }
    for (const job of model.jobs) {
      const b = permissionBlock(job.node, 'job');
      if (!b) continue;
      if (b.shorthand === 'write-all') hits.push(writeAllHit(b, `in job '${job.id}'`));
      else {
        const h = unusedHit(model, b, [job], `job '${job.id}'`);
        if (h) hits.push(h);
      }
    }
    return hits;
  },
});
