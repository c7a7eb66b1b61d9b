/**
 * Questions several workflow rules ask about privilege, answered once: which of a workflow's
 * triggers let an outsider start a run that holds the base repository's token and secrets, what
 * token a job gets, which secrets it reads, and whether its `if:` keeps fork pull requests out.
 *
 * Pure functions over the model (no runtime state), so any rule may import them.
 */
import type { Span } from '../position.js';
import type { Expr } from './expressions.js';
import { contextPath, parseExpression } from './expressions.js';
import type { WfJob, WfMap, WfNode, WfScalar, WfStep, WfTrigger, WorkflowModel } from './model.js';

/**
 * Events an outsider (no write access) can cause while the run holds the base repository's token
 * (writable unless restricted) and its secrets (CodeQL's "privileged" events; template-injection
 * grades by the same list).
 */
export const PRIVILEGED_EVENTS: ReadonlySet<string> = new Set([
  'pull_request_target',
  'issue_comment',
  'issues',
  'workflow_run',
  'discussion',
  'discussion_comment',
  'gollum',
  'fork',
  'watch',
]);

/**
 * The triggers whose run is about a pull request's code while holding the base repository's
 * privileges: `pull_request_target` (the PR's head is one `ref:` away), `workflow_run` (runs
 * after a fork's `pull_request` run, with its artifacts and head SHA) and `issue_comment` (a
 * comment on a pull request names its head).
 */
export const PR_PRIVILEGED_EVENTS: ReadonlySet<string> = new Set([
  'pull_request_target',
  'workflow_run',
  'issue_comment',
]);

/** The two triggers zizmor and research §7 call dangerous on their own. */
export const DANGEROUS_TRIGGERS: ReadonlySet<string> = new Set(['pull_request_target', 'workflow_run']);

/** The workflow's triggers that are in `events`. */
export function triggersIn(model: WorkflowModel, events: ReadonlySet<string>): WfTrigger[] {
  return model.triggers.filter((t) => events.has(t.event));
}

/** What GITHUB_TOKEN a job gets, from its `permissions:` or else the workflow's. */
export interface TokenGrant {
  /**
   * `write`: some scope is write (or `write-all`); `read`: every scope read or none (`{}`,
   * `read-all`); `default`: no `permissions:` anywhere, so the repository's default applies
   * (write for repositories created before February 2023 unless changed): not known from the file.
   */
  level: 'write' | 'read' | 'default';
  /** The scopes granted write, lower-cased (`contents`, `pull-requests`); `*` for write-all. */
  writeScopes: string[];
  /** The `permissions:` value that decided it. */
  node?: WfNode;
}

function grantOf(node: WfNode): TokenGrant {
  if (node.type === 'scalar') {
    const v = node.value.trim().toLowerCase();
    if (v === 'write-all') return { level: 'write', writeScopes: ['*'], node };
    // read-all, an empty value or an expression (GitHub rejects expressions here).
    return { level: 'read', writeScopes: [], node };
  }
  if (node.type === 'map') {
    const writeScopes = node.entries
      .filter((e) => e.value.type === 'scalar' && e.value.value.trim().toLowerCase() === 'write')
      .map((e) => e.key.toLowerCase());
    return { level: writeScopes.length ? 'write' : 'read', writeScopes, node };
  }
  return { level: 'read', writeScopes: [], node };
}

/** The token a job's steps get (a job's own `permissions:` replaces the workflow's entirely). */
export function jobToken(model: WorkflowModel, job: WfJob): TokenGrant {
  if (job.permissions) return grantOf(job.permissions);
  if (model.permissions) return grantOf(model.permissions);
  return { level: 'default', writeScopes: [] };
}

/** Per job (a job belongs to one model): every rule of every step asks, the answer is the job's. */
const SECRETS = new WeakMap<WfJob, SecretUse[]>();

/** A `secrets.X` read (X not `GITHUB_TOKEN`) or `secrets: inherit`, with where it is. */
export interface SecretUse {
  name: string;
  span: Span;
}

function scalarsOf(node: WfNode | undefined, out: WfScalar[], budget = { n: 20_000 }): void {
  if (!node || budget.n-- <= 0) return;
  if (node.type === 'scalar') out.push(node);
  else if (node.type === 'map') for (const e of node.entries) scalarsOf(e.value, out, budget);
  else for (const i of node.items) scalarsOf(i, out, budget);
}

/**
 * The repository secrets a job can hand to its code: every `secrets.X` read in the job (steps,
 * `env:`, `with:`, a reusable call's `secrets:`) or in the workflow's `env:`, and `secrets: inherit`.
 * `secrets.GITHUB_TOKEN` is the job's token, graded by {@link jobToken}, not a secret here.
 */
export function jobSecrets(model: WorkflowModel, job: WfJob): SecretUse[] {
  const known = SECRETS.get(job);
  if (known) return known;
  const out: SecretUse[] = [];
  SECRETS.set(job, out);
  const scalars: WfScalar[] = [];
  scalarsOf(job.node, scalars);
  scalarsOf(model.env, scalars);
  for (const s of scalars) {
    for (const x of s.expressions) {
      if (!x.ast) continue;
      for (const p of pathsIn(x.ast)) {
        if (p[0] === 'secrets' && p.length >= 2 && p[1] !== 'github_token')
          out.push({
            name: p[1] === '?' ? 'secrets[…]' : `secrets.${asWritten(x.source, p[1]!)}`,
            span: x.span,
          });
        else if (p[0] === 'secrets' && p.length === 1) out.push({ name: 'secrets', span: x.span });
      }
    }
  }
  if (job.secrets?.type === 'scalar' && job.secrets.value.trim().toLowerCase() === 'inherit')
    out.push({ name: 'secrets: inherit', span: job.secrets.span });
  return out;
}

/** `name` as the expression's text spells it (context paths are lower-cased). */
function asWritten(source: string, name: string): string {
  const i = source.toLowerCase().indexOf(name);
  return i >= 0 ? source.slice(i, i + name.length) : name;
}

/** Every context path an expression reads (maximal access chains), lower-cased. */
export function pathsIn(root: Expr): string[][] {
  const out: string[][] = [];
  const stack: Expr[] = [root];
  let budget = 10_000;
  while (stack.length && budget-- > 0) {
    const e = stack.pop()!;
    switch (e.kind) {
      case 'literal':
        break;
      case 'name':
      case 'property':
      case 'index':
      case 'filter': {
        const p = contextPath(e);
        if (p) out.push(p);
        let cur: Expr = e;
        while (cur.kind === 'property' || cur.kind === 'index' || cur.kind === 'filter') {
          if (cur.kind === 'index' && cur.index.kind !== 'literal') stack.push(cur.index);
          cur = cur.object;
        }
        if (cur.kind !== 'name') stack.push(cur);
        break;
      }
      case 'call':
        stack.push(...e.args);
        break;
      case 'not':
        stack.push(e.operand);
        break;
      case 'binary':
        stack.push(e.left, e.right);
        break;
    }
  }
  return out;
}

/** The parsed expression of an `if:` (GitHub reads it with or without `${{ }}`). */
export function conditionExpr(node: WfScalar | undefined): Expr | undefined {
  if (!node) return undefined;
  const xs = node.expressions;
  if (xs.length === 1 && node.value.trim().startsWith('${{') && node.value.trim().endsWith('}}'))
    return xs[0]!.ast;
  if (xs.length > 0) return undefined; // text around `${{ }}`: always true (unsound-condition)
  const r = parseExpression(node.value);
  return 'ast' in r ? r.ast : undefined;
}

/**
 * How an `if:` keeps a fork's pull request from reaching a step:
 * - `blocks`: fork pull requests never get through (same-repository check, `fork == false`, the
 *   PR merged, a `workflow_run` that was not a pull request, the job not run under the trigger);
 * - `gates`: a person with write access decides first (a label, the commenter's association, a
 *   named author), but what they approved can change after they did (a push after the label);
 * - undefined: nothing recognised.
 */
export interface Guard {
  kind: 'blocks' | 'gates';
  why: string;
  span: Span;
}

const SAME_REPO_PATHS = [
  'github.event.pull_request.head.repo.full_name',
  'github.event.workflow_run.head_repository.full_name',
  'github.event.workflow_run.head_repository.id',
  'github.event.pull_request.head.repo.id',
];
const FORK_PATHS = [
  'github.event.pull_request.head.repo.fork',
  'github.event.workflow_run.head_repository.fork',
  'github.event.pull_request.head.repo.owner.login',
];

const joinPath = (e: Expr): string | undefined => contextPath(e)?.join('.');
const lit = (e: Expr): string | number | boolean | null | undefined =>
  e.kind === 'literal' ? e.value : undefined;

function guardOf(e: Expr, events: ReadonlySet<string>): Omit<Guard, 'span'> | undefined {
  if (e.kind === 'binary' && (e.op === '==' || e.op === '!=')) {
    const eq = e.op === '==';
    for (const [a, b] of [
      [e.left, e.right],
      [e.right, e.left],
    ] as [Expr, Expr][]) {
      const pa = joinPath(a);
      const pb = joinPath(b);
      const lb = lit(b);
      if (!pa) continue;
      if (eq && SAME_REPO_PATHS.includes(pa) && (pb === 'github.repository' || pb === 'github.repository_id'))
        return { kind: 'blocks', why: 'runs only for pull requests from branches of this repository' };
      if (FORK_PATHS.includes(pa) && pa.endsWith('.fork') && ((eq && lb === false) || (!eq && lb === true)))
        return { kind: 'blocks', why: 'runs only for pull requests that are not from a fork' };
      if (pa === 'github.event.pull_request.head.repo.owner.login' && eq && pb === 'github.repository_owner')
        return { kind: 'blocks', why: "runs only for pull requests from the owner's repositories" };
      if (pa === 'github.event.pull_request.merged' && ((eq && lb === true) || (!eq && lb === false)))
        return { kind: 'blocks', why: 'runs only after a maintainer merged the pull request' };
      if (pa === 'github.event.workflow_run.event' && typeof lb === 'string') {
        // Only events no outsider causes; an `issue_comment` run may have run a PR's code too.
        const trusted = [
          'push',
          'schedule',
          'release',
          'workflow_dispatch',
          'merge_group',
          'create',
          'deployment',
        ];
        if ((eq && trusted.includes(lb)) || (!eq && lb === 'pull_request'))
          return { kind: 'blocks', why: `runs only when the triggering run was not a pull request (${lb})` };
      }
      if (pa === 'github.event_name' && typeof lb === 'string' && eq && !events.has(lb))
        return { kind: 'blocks', why: `runs only for ${lb} events` };
      if (pa === 'github.event.label.name' && eq && typeof lb === 'string')
        return { kind: 'gates', why: `runs only once a maintainer adds the label '${lb}'` };
      if (pa.endsWith('author_association') && eq)
        return { kind: 'gates', why: "runs only for the commenter's or author's association named here" };
      if (
        (pa === 'github.event.pull_request.user.login' ||
          pa === 'github.event.comment.user.login' ||
          pa === 'github.event.sender.login' ||
          pa === 'github.actor' ||
          pa === 'github.triggering_actor') &&
        eq &&
        typeof lb === 'string'
      )
        return { kind: 'gates', why: `runs only for the account '${lb}'` };
    }
    return undefined;
  }
  if (e.kind === 'not') {
    const p = joinPath(e.operand);
    if (p && FORK_PATHS.includes(p) && p.endsWith('.fork'))
      return { kind: 'blocks', why: 'runs only for pull requests that are not from a fork' };
    return undefined;
  }
  if (e.kind === 'property' || e.kind === 'index') {
    if (joinPath(e) === 'github.event.pull_request.merged')
      return { kind: 'blocks', why: 'runs only after a maintainer merged the pull request' };
    return undefined;
  }
  if (e.kind === 'call' && e.name.toLowerCase() === 'contains' && e.args.length === 2) {
    const hay = e.args[0]!;
    const hp = joinPath(hay);
    if (hp && /^github\.event\.(pull_request|issue)\.labels\.\*\.name$/.test(hp))
      return { kind: 'gates', why: 'runs only while the pull request carries a label a maintainer adds' };
    const np = joinPath(e.args[1]!);
    if (np?.endsWith('author_association'))
      return { kind: 'gates', why: "runs only for the commenter's or author's association named here" };
    if (
      np === 'github.actor' ||
      np === 'github.triggering_actor' ||
      np === 'github.event.pull_request.user.login' ||
      np === 'github.event.comment.user.login'
    )
      return { kind: 'gates', why: 'runs only for the accounts listed here' };
  }
  return undefined;
}

const STRENGTH = { blocks: 2, gates: 1 } as const;

/**
 * How many steps before or after a step the chain rules look at (real jobs have tens): keeps a
 * hostile file of many thousands of steps linear.
 */
export const STEP_WINDOW = 256;

/**
 * The guard an expression puts on the privileged events: `a && b` is as strong as its stronger
 * side; `a || b` only as strong as its weaker side, where a side that is false under those events
 * (`github.event_name == 'push'`) blocks.
 */
function guardOfExpr(e: Expr, events: ReadonlySet<string>, depth = 0): Omit<Guard, 'span'> | undefined {
  if (depth > 64) return undefined;
  if (e.kind === 'binary' && e.op === '&&') {
    const a = guardOfExpr(e.left, events, depth + 1);
    const b = guardOfExpr(e.right, events, depth + 1);
    if (!a) return b;
    if (!b) return a;
    return STRENGTH[b.kind] > STRENGTH[a.kind] ? b : a;
  }
  if (e.kind === 'binary' && e.op === '||') {
    const a = guardOfExpr(e.left, events, depth + 1);
    const b = guardOfExpr(e.right, events, depth + 1);
    if (!a || !b) return undefined;
    return STRENGTH[b.kind] < STRENGTH[a.kind] ? b : a;
  }
  return guardOf(e, events);
}

/**
 * Steps before `index` that check who asked (the commenter's permission through the API, or a
 * permission-check action: a gate) or fail the job for a fork's pull request (reading
 * `head.repo.full_name`/`fork`/`isCrossRepository` and failing, without passing the value on as
 * an output: it blocks). Text checks on the step's code: a gate this file shows only as code.
 */
function permissionCheckBefore(job: WfJob, index: number): Guard | undefined {
  let gate: Guard | undefined;
  // Linear bound on hostile files: a guard sits in the steps just before what it guards.
  for (const s of job.steps.slice(Math.max(0, index - STEP_WINDOW), index)) {
    const u = s.uses;
    if (u?.kind === 'repository' && (u.repo ?? '').includes('permission')) {
      gate ??= { kind: 'gates', why: `checks the requester's permission first (\`${u.raw}\`)`, span: u.span };
      continue;
    }
    const code =
      u?.kind === 'repository' && u.owner === 'actions' && u.repo === 'github-script'
        ? withInput(s, 'script')?.value
        : s.run?.script;
    if (!code) continue;
    // `if (pr.head.repo.full_name !== context.payload.repository.full_name) core.setFailed(...)`
    const failsOnFork =
      (code.includes('head.repo.full_name') ||
        code.includes('head.repo.fork') ||
        code.includes('isCrossRepository')) &&
      (code.includes('setFailed') || code.includes('exit 1') || code.includes('throw ')) &&
      !code.includes('setOutput') &&
      !code.includes('GITHUB_OUTPUT');
    if (failsOnFork)
      return {
        kind: 'blocks',
        why: 'an earlier step fails the job for pull requests from forks',
        span: s.span,
      };
    if (
      code.includes('getCollaboratorPermissionLevel') ||
      (code.includes('/collaborators/') && code.includes('/permission')) ||
      code.includes('author_association')
    )
      gate ??= { kind: 'gates', why: "checks the requester's permission in an earlier step", span: s.span };
  }
  return gate;
}

/**
 * The strongest guard on a step: the `if:` of its job and its own, an earlier step that checks the
 * requester's permission, a deployment `environment:` (a `blocks` wins over a `gates`).
 * `events` are the privileged triggers in question: `github.event_name == 'push'` blocks them.
 */
export function guardFor(events: ReadonlySet<string>, job: WfJob, step?: WfStep): Guard | undefined {
  let best: Guard | undefined;
  for (const node of [job.if, step?.if]) {
    const e = conditionExpr(node);
    if (!e || !node) continue;
    const g = guardOfExpr(e, events);
    if (g && (!best || STRENGTH[g.kind] > STRENGTH[best.kind])) best = { ...g, span: node.span };
  }
  if (best?.kind === 'blocks') return best;
  const checked = step ? permissionCheckBefore(job, step.index) : undefined;
  if (checked && (!best || STRENGTH[checked.kind] > STRENGTH[best.kind])) best = checked;
  if (best?.kind === 'blocks') return best;
  const env = job.node.get('environment');
  if (!best && env)
    best = {
      kind: 'gates',
      why: `runs in the environment '${environmentName(env.value)}', whose protection rules (required reviewers) this file does not show`,
      span: env.keySpan,
    };
  return best;
}

/**
 * {@link guardFor} for a job, also counting the guards of the jobs it `needs:` (a job that waits
 * for an approved deployment or a blocked job does not run without it).
 */
export function jobGuard(
  model: WorkflowModel,
  events: ReadonlySet<string>,
  job: WfJob,
  step?: WfStep,
): Guard | undefined {
  let best = guardFor(events, job, step);
  if (best?.kind === 'blocks') return best;
  const needs = job.node.get('needs')?.value;
  const ids =
    needs?.type === 'scalar'
      ? [needs.value]
      : needs?.type === 'seq'
        ? needs.items.flatMap((i) => (i.type === 'scalar' ? [i.value] : []))
        : [];
  for (const id of ids.slice(0, 20)) {
    const dep = model.jobs.find((j) => j.id === id);
    if (!dep || dep === job) continue;
    const g = guardFor(events, dep);
    if (g && (!best || STRENGTH[g.kind] > STRENGTH[best.kind])) best = g;
    if (best?.kind === 'blocks') break;
  }
  return best;
}

function environmentName(n: WfNode): string {
  if (n.type === 'scalar') return n.value;
  if (n.type === 'map') {
    const v = n.get('name')?.value;
    if (v?.type === 'scalar') return v.value;
  }
  return '…';
}

/** The value of a `with:` input, when it is a scalar (keys are case-insensitive). */
export function withInput(step: WfStep, name: string): WfScalar | undefined {
  return scalarEntry(step.with, name);
}

function scalarEntry(map: WfMap | undefined, name: string): WfScalar | undefined {
  const e = map?.entries.find((x) => x.key.toLowerCase() === name);
  return e?.value.type === 'scalar' ? e.value : undefined;
}

/** A YAML boolean or GitHub's "boolish" string (`'true'`). */
export function isTrue(v: WfScalar | undefined): boolean {
  return v !== undefined && v.value.trim().toLowerCase() === 'true';
}
