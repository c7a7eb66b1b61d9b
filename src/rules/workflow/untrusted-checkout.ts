import { defineRule, hit, type Hit, type Related, type Severity, type Workspace } from '../../core/index.js';
import { parseWorkflow } from '../../formats/workflow/parse.js';
import type { ShellCommand } from '../../formats/dockerfile/shell/model.js';
import type { WfJob, WfStep, WfTrigger, WorkflowModel } from '../../formats/workflow/model.js';
import {
  jobGuard,
  isTrue,
  jobSecrets,
  jobToken,
  PR_PRIVILEGED_EVENTS,
  STEP_WINDOW,
  triggersIn,
  withInput,
  type Guard,
} from '../../formats/workflow/triggers.js';
import {
  execRelated,
  executionIn,
  executionsAfter,
  scalarNamesHead,
  subcommand,
  wordNamesHead,
  type Execution,
} from './untrusted-code.js';

const RANK: Severity[] = ['info', 'low', 'medium', 'high', 'critical'];
const cap = (s: Severity, max: Severity): Severity => (RANK.indexOf(s) > RANK.indexOf(max) ? max : s);

/**
 * Whether an `actions/checkout` ref carries the June 2026 guard (v7, and the backports v6.1.0,
 * v5.1.0, v4.4.0, v3.7.0, v2.8.0 refuse a fork's head under pull_request_target and workflow_run
 * unless `allow-unsafe-pr-checkout: true`). A major tag (`@v4`) moves to the backport; an exact
 * older version, or a SHA whose `# vX.Y.Z` comment names one, does not; a SHA without a version
 * comment is unknown and treated as unguarded (fail closed).
 */
export function checkoutRefusesForks(step: WfStep): boolean {
  const u = step.uses;
  if (!u || u.kind !== 'repository') return false;
  const ref = u.ref ?? '';
  const sha = /^[0-9a-f]{40}$/i.test(ref);
  const version = sha ? (u.comment ?? '').trim().replace(/^(tag=|ratchet:\S*@)/, '') : ref;
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(version.split(/\s/)[0] ?? '');
  if (!m) return ref === 'main';
  const major = Number(m[1]);
  // A major tag moves to the backport; a SHA commented `# v4` is some v4, not known to be v4.4.0+.
  if (m[2] === undefined) return sha ? major >= 7 : major >= 2;
  const minor = Number(m[2]);
  const floor: Record<number, number> = { 2: 8, 3: 7, 4: 4, 5: 1, 6: 1 };
  if (major >= 7) return true;
  const need = floor[major];
  return need !== undefined && minor >= need;
}

interface Privilege {
  /** Write token or secrets: what executed code can steal or misuse. */
  held: boolean;
  what: string;
  related: Related[];
}

function privilegeOf(model: WorkflowModel, job: WfJob, extra: Related[] = []): Privilege {
  const token = jobToken(model, job);
  const secrets = jobSecrets(model, job);
  const related: Related[] = [...extra];
  const parts: string[] = [];
  if (token.level === 'write') {
    parts.push(
      `a token with ${token.writeScopes.includes('*') ? 'write-all' : `${token.writeScopes.join(', ')} write`}`,
    );
    if (token.node) related.push({ span: token.node.span, label: 'the job token can write' });
  } else if (token.level === 'default')
    parts.push("the repository's default token (writable unless the repository restricts it)");
  if (secrets.length) {
    const names = [...new Set(secrets.map((s) => s.name))];
    parts.push(names.slice(0, 3).join(', ') + (names.length > 3 ? ', …' : ''));
    for (const s of secrets.slice(0, 2)) related.push({ span: s.span, label: `the job reads ${s.name}` });
  }
  return { held: parts.length > 0 || extra.length > 0, what: parts.join(' and '), related };
}

const rel = (t: WfTrigger): Related => ({ span: t.span, label: `triggered by ${t.event}` });
const names = (ts: WfTrigger[]): string => [...new Set(ts.map((t) => `\`${t.event}\``))].join(', ');

/** Severity from whether code runs, what the job holds, the guard and the checkout version. */
function grade(
  execs: Execution[],
  priv: Privilege,
  guard: Guard | undefined,
): { severity: Severity; why: string } {
  const executed = execs.length > 0;
  const runs = executed ? `a later step runs that code (${execs[0]!.what})` : '';
  let severity: Severity = executed && priv.held ? 'critical' : 'high';
  let why =
    executed && priv.held
      ? `${runs} with ${priv.what}`
      : executed
        ? `${runs}; the job's token is read-only and it reads no secrets, but the run still shares the base branch's cache`
        : "no later step of this job is seen running it, but any tool that reads the checkout (a config file, a git hook, a linter plugin) runs its code with the job's privileges";
  if (guard?.kind === 'gates') {
    severity = cap(severity, 'medium');
    why += `; the job ${guard.why}, but a commit pushed after that approval is checked out too`;
  }
  return { severity, why };
}

function checkoutHit(model: WorkflowModel, job: WfJob, step: WfStep, triggers: WfTrigger[]): Hit | undefined {
  const u = step.uses;
  if (u?.kind !== 'repository' || u.owner !== 'actions' || u.repo !== 'checkout' || u.path) return undefined;
  const all = new Set(triggers.map((t) => t.event));
  const ref = withInput(step, 'ref');
  const repository = withInput(step, 'repository');
  const optIn = withInput(step, 'allow-unsafe-pr-checkout');
  // A branch name names the fork's code only with the fork's repository.
  const repoHead = scalarNamesHead(repository, all);
  const refHead = scalarNamesHead(ref, all, repoHead !== undefined);
  const opted = isTrue(optIn);
  if (!refHead && !repoHead && !opted) return undefined;
  // The triggers that fill what the ref reads (`github.head_ref` only under pull_request_target).
  const filling = triggers.filter((t) => {
    const one = new Set([t.event]);
    const r = scalarNamesHead(repository, one);
    return r ?? scalarNamesHead(ref, one, r !== undefined);
  });
  if (filling.length) triggers = filling;
  const events = new Set(triggers.map((t) => t.event));
  const guard = jobGuard(model, events, job, step);
  if (guard?.kind === 'blocks') return undefined;
  const pathIn = withInput(step, 'path')
    ?.value.replace(/^\.(?:\/|$)/, '')
    .replace(/\/$/, '');
  const under = pathIn ? pathIn : undefined;
  const execs = executionsAfter(job, step.index, under);
  const tokenInput = withInput(step, 'token');
  const tokenRel: Related[] =
    tokenInput &&
    tokenInput.expressions.some((x) => /secrets\./i.test(x.source) && !/github_token/i.test(x.source))
      ? [{ span: tokenInput.span, label: 'the checkout is given a personal token' }]
      : [];
  const priv = privilegeOf(model, job, tokenRel);
  const related: Related[] = [...triggers.map(rel)];
  if (ref && refHead && repository && repoHead)
    related.push({ span: repository.span, label: "the fork's repository" });
  related.push(...execs.map(execRelated), ...priv.related);
  if (guard) related.push({ span: guard.span, label: `guard: ${guard.why}` });

  const span = refHead ? ref!.span : repoHead ? repository!.span : optIn!.span;
  const what = refHead ?? repoHead;
  if (!what) {
    // The opt-in with a ref whose origin this file does not show (a step output, say): opting in
    // says it is a fork's head.
    const severity: Severity = ref ? 'high' : 'low';
    return hit(
      optIn!.span,
      ref
        ? `\`allow-unsafe-pr-checkout: true\` re-enables checking out a fork's pull request under ${names(triggers)}, for the ref \`${ref.value}\`: the opt-in says it is a pull request's head, whose code then runs with the base repository's privileges.`
        : `\`allow-unsafe-pr-checkout: true\` under ${names(triggers)} turns off actions/checkout's refusal to check out a fork's pull request; this step checks out the base branch, so the opt-in only waits for a \`ref:\` to make it unsafe.`,
      {
        severity,
        evidence: 'allow-unsafe-pr-checkout: true',
        fix: 'Remove `allow-unsafe-pr-checkout: true`; if the job must read the pull request, move that work to a `pull_request` workflow and pass results through an artifact that is only read as data.',
        related,
        scopeLine: step.line,
      },
    );
  }
  const guarded = !opted && triggers.every((t) => t.event !== 'issue_comment') && checkoutRefusesForks(step);
  let { severity, why } = grade(execs, priv, guard);
  if (guarded) {
    severity = 'low';
    why = `\`${u.raw.split('@')[0]}@${u.ref}\` refuses a fork's head under these triggers unless \`allow-unsafe-pr-checkout: true\` is set, so today only pull requests from branches of this repository get checked out; a pin to an older commit or adding the opt-in makes it exploitable${execs.length ? `, and a later step runs the code (${execs[0]!.what})` : ''}`;
  } else if (opted) {
    related.push({ span: optIn!.span, label: "the opt-in that turns off checkout's refusal of fork heads" });
  }
  return hit(
    span,
    guarded
      ? `actions/checkout is asked for the pull request's head (${what}) under ${names(triggers)}, where the job holds the base repository's privileges, but ${why} (${severity}).`
      : `actions/checkout checks out the pull request's head (${what}) under ${names(triggers)}, where the job holds the base repository's privileges: the fork's code is on disk, and ${why} (${severity}).`,
    {
      severity,
      evidence: `${span === ref?.span ? 'ref' : 'repository'}: ${(span === ref?.span ? ref : repository)!.value}`,
      fix: 'Do not check out the head under a privileged trigger: run the build and tests in a `pull_request` workflow (fork runs get a read-only token and no secrets) and, if results must be posted back, pass them through an artifact that a `workflow_run` job reads as data only. If the head must be read here, check it out into a separate `path:`, set `persist-credentials: false`, and never run its scripts, installs or local actions in a job that holds secrets or a write token.',
      related,
      scopeLine: step.line,
    },
  );
}

/** `gh pr checkout`, or `git fetch|pull|checkout|switch` of the head, in a `run:` script. */
function runHits(model: WorkflowModel, job: WfJob, step: WfStep, triggers: WfTrigger[]): Hit | undefined {
  const script = step.run?.analysis;
  if (!script) return undefined;
  const events = new Set(triggers.map((t) => t.event));
  const envs = [step.env, job.env, model.env];
  const exprs = step.run!.node.expressions.map((x) => ({ ...x, span: x.span }));
  let found: { cmd: ShellCommand; what: string } | undefined;
  let fetchOnly = false;
  for (const cmd of script.commands) {
    if (cmd.base === 'gh') {
      const a = cmd.args.map((w) => w.value);
      if (a[0] === 'pr' && a[1] === 'checkout') {
        found = { cmd, what: '`gh pr checkout`' };
        break;
      }
      continue;
    }
    if (cmd.base !== 'git') continue;
    const sub = subcommand(cmd);
    if (!sub || !['fetch', 'pull', 'checkout', 'switch'].includes(sub.word.value!)) continue;
    for (const w of cmd.args.slice(sub.index + 1)) {
      const h = wordNamesHead(w, envs, events, exprs);
      if (h) {
        found = { cmd, what: `\`git ${sub.word.value}\` of ${h}` };
        fetchOnly = sub.word.value === 'fetch';
        break;
      }
    }
    if (found) break;
  }
  if (!found) return undefined;
  // A fetch alone downloads objects; it matters once something puts them in the working tree.
  if (fetchOnly) {
    const placesIt = (c: ShellCommand): boolean => {
      if (c.base !== 'git')
        return c.base === 'gh' && c.args[0]?.value === 'pr' && c.args[1]?.value === 'checkout';
      const s = subcommand(c)?.word.value;
      return (
        !!s &&
        ['checkout', 'switch', 'reset', 'merge', 'rebase', 'worktree', 'cherry-pick', 'pull'].includes(s)
      );
    };
    const later =
      script.commands.some((c) => c.index > found!.cmd.index && placesIt(c)) ||
      job.steps
        .slice(step.index + 1, step.index + 1 + STEP_WINDOW)
        .some((s) => s.run?.analysis?.commands.some(placesIt));
    if (!later) return undefined;
  }
  const guard = jobGuard(model, events, job, step);
  if (guard?.kind === 'blocks') return undefined;
  const execs: Execution[] = [];
  const same = executionIn(step, undefined, found.cmd.index);
  if (same) execs.push(same);
  execs.push(...executionsAfter(job, step.index, undefined, 3 - execs.length));
  const priv = privilegeOf(model, job);
  const { severity, why } = grade(execs, priv, guard);
  const related: Related[] = [...triggers.map(rel), ...execs.map(execRelated), ...priv.related];
  if (guard) related.push({ span: guard.span, label: `guard: ${guard.why}` });
  return hit(
    found.cmd.span,
    `${found.what} puts the pull request's code in the working tree under ${names(triggers)}, where the job holds the base repository's privileges (actions/checkout's refusal of fork heads does not apply to git or gh): ${why} (${severity}).`,
    {
      severity,
      evidence:
        found.cmd.span.line === found.cmd.span.endLine
          ? step.run!.lines.find((l) => l.span.line === found!.cmd.span.line)?.text.trim()
          : undefined,
      fix: 'Do not fetch the head under a privileged trigger: build and test it in a `pull_request` workflow and pass results back through an artifact read as data; if the diff is all you need, read it through the API (`gh pr diff`) without checking it out.',
      related,
      scopeLine: step.line,
    },
  );
}

/**
 * A job that calls a reusable workflow of the same repository (`uses: ./.github/workflows/x.yml`)
 * under a privileged trigger: the callee runs with the caller's event, so a checkout of the head
 * in it is this trigger's chain. Reported once, at the caller's `uses:`, with the callee's
 * checkout and steps as related places in the callee's file.
 */
function calleeHit(
  model: WorkflowModel,
  job: WfJob,
  triggers: WfTrigger[],
  workspace: Workspace,
): Hit | undefined {
  const u = job.uses!;
  const at = model.path.lastIndexOf('.github/workflows/');
  if (at < 0 || !/^\.\/\.github\/workflows\/[^/]+\.ya?ml$/.test(u.raw)) return undefined;
  const path = model.path.slice(0, at) + u.raw.slice(2);
  if (path === model.path) return undefined;
  const text = workspace.read(path);
  if (text === undefined) return undefined;
  let callee: WorkflowModel;
  try {
    callee = parseWorkflow(text, path);
  } catch {
    return undefined; // the callee's own scan reports its parse error
  }
  const events = new Set(triggers.map((t) => t.event));
  const guard = jobGuard(model, events, job);
  if (guard?.kind === 'blocks') return undefined;
  let found: Hit | undefined;
  for (const cj of callee.jobs) {
    if (cj.uses) continue; // one level: nested calls are the callee's own chain
    for (const step of cj.steps) {
      const h = checkoutHit(callee, cj, step, triggers) ?? runHits(callee, cj, step, triggers);
      if (h && (!found || RANK.indexOf(h.severity!) > RANK.indexOf(found.severity!))) found = h;
    }
  }
  if (!found) return undefined;
  let severity = found.severity!;
  if (guard?.kind === 'gates') severity = cap(severity, 'medium');
  const related: Related[] = [
    ...triggers.map(rel),
    { span: found.span, label: "the called workflow checks out the pull request's head here", path },
    ...(found.related ?? [])
      .filter((r) => !r.label.startsWith('triggered by '))
      .map((r) => ({ ...r, path: r.path ?? path })),
  ];
  if (job.secrets) related.push({ span: job.secrets.span, label: 'secrets passed to the called workflow' });
  if (guard) related.push({ span: guard.span, label: `guard: ${guard.why}` });
  return hit(
    u.span,
    `This job calls \`${u.raw}\`, which runs with this workflow's event and privileges; in it, ${found.message.charAt(0).toLowerCase()}${found.message.slice(1)}${guard?.kind === 'gates' ? ` The calling job ${guard.why}.` : ''}`,
    {
      severity,
      evidence: u.raw,
      fix: found.fix,
      related: related.slice(0, 12),
      scopeLine: job.keySpan.line,
    },
  );
}

export const rule = defineRule({
  id: 'workflow/untrusted-checkout',
  kind: 'workflow',
  appliesTo: 'workflow',
  severity: 'high',
  title: "Pull request's code checked out under a privileged trigger",
  description:
    "Under `pull_request_target`, `workflow_run` and `issue_comment` a run holds the base repository's token (writable unless restricted), its secrets and its cache, even for a fork's pull request. Checking out the pull request's head there and running its build, tests or install scripts hands all of that to whoever opened it (the \"pwn request\"; the tj-actions/changed-files compromise of March 2025 traces back to one).\n\n" +
    "**What is reported.** `actions/checkout` (any pin form) whose `ref:` or `repository:` names the head under a trigger that fills it: a commit (`head.sha`, `merge_commit_sha`, `workflow_run.head_sha`), `refs/pull/N/head|merge`, or the fork's repository (`head.repo.full_name`, `workflow_run.head_repository.full_name`); a branch name (`github.head_ref`, `head.ref`, `workflow_run.head_branch`) counts only with the fork's repository, since alone it is a branch of the base repository. Also `allow-unsafe-pr-checkout: true` (the 2026 opt-in; low on a base checkout, high with a ref the file does not explain), and in `run:` scripts, through the shell analysis, `gh pr checkout` and `git fetch|pull|checkout|switch` of the head commit, `pull/N/head` or the fork (a fetch only when a later command puts it in the working tree). Not reported: plain `pull_request`, the default checkout, reusable workflows (the caller's event is unknown), refs from a step output, and third-party actions that check out the pull request themselves.\n\n" +
    "**Grouping: one chain, one finding.** The trigger, the checkout and the steps that then run the code are one cause: one finding per checkout (or per `run:` step that fetches the head), at the `ref:` value or the git command, with the triggers, up to three later steps that run the code, the job's write permissions and secrets, and any guard as related places; workflow/dangerous-trigger then stays silent about that trigger. A job calling a reusable workflow of the same repository (`uses: ./.github/workflows/x.yml`) is one finding at that `uses:`, with the callee's checkout as a related place in its file (followed one level).\n\n" +
    "**Severity.** Critical when a later step of the job runs the checked-out code (a local action, `npm|yarn|pnpm install|ci|test|run`, `make`, `gradle`, `mvn`, `cargo`, `go build|test|run|generate`, `pip install .|-e|-r`, `pytest`, `tox`, `docker build`, a script of the checkout; with a checkout `path:`, only steps working in it) and the job holds secrets (`secrets.*` other than `GITHUB_TOKEN`, a personal `token:`) or a write token (write scopes, `write-all`, or no `permissions:`: the repository default). High otherwise: the code is on disk with the privileges at hand, and a read-only run still writes the base branch's cache. Medium at most when a person gates the job (a label, `author_association`, a named account, an earlier permission check, a deployment `environment:`): a commit pushed after the approval is checked out too. Not reported when the `if:` of the job, a job it `needs:` or the step keeps forks out (`head.repo.full_name == github.repository`, `fork == false`, `merged == true`, `workflow_run.event == 'push'`, an `event_name` check for another event; under `||` both sides must guard) or an earlier step fails the job for forks (a script reading `head.repo.full_name`/`fork` that calls `setFailed`, `exit 1` or `throw`). Low when the checkout version refuses fork heads under `pull_request_target`/`workflow_run` (v7, v6.1.0+, v5.1.0+, v4.4.0+, v3.7.0+, v2.8.0+, a major tag, a SHA commented with such a version) without the opt-in; a SHA without a version comment counts as an older checkout (fail closed).",
  fix: 'Build and test pull requests in a `pull_request` workflow; post results from a `workflow_run` job that reads the artifact as data and never runs it. Never check out the head, or run anything from it, in a job that holds secrets or a write token.',
  examples: {
    bad: 'on: pull_request_target\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4.1.1\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n      - run: npm ci && npm test\n        env:\n          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}',
    good: 'on: pull_request\npermissions:\n  contents: read\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4.1.1\n        with:\n          persist-credentials: false\n      - run: npm ci && npm test',
    language: 'yaml',
    path: '.github/workflows/test.yml',
  },
  references: [
    'https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/',
    'https://docs.github.com/en/actions/writing-workflows/choosing-when-your-workflow-runs/events-that-trigger-workflows#pull_request_target',
    'https://github.com/ossf/scorecard/blob/main/docs/checks.md#dangerous-workflow',
  ],
  check(model, ctx) {
    if (model.type !== 'workflow') return [];
    const triggers = triggersIn(model, PR_PRIVILEGED_EVENTS);
    if (!triggers.length) return [];
    const hits: Hit[] = [];
    const seen = new Set<string>();
    for (const job of model.jobs) {
      if (job.uses?.kind === 'local') {
        const h = calleeHit(model, job, triggers, ctx.workspace);
        if (h) hits.push(h);
        continue;
      }
      for (const step of job.steps) {
        const h = checkoutHit(model, job, step, triggers) ?? runHits(model, job, step, triggers);
        if (!h) continue;
        const k = `${h.span.line}:${h.span.column}`;
        if (seen.has(k)) continue;
        seen.add(k);
        hits.push(h);
      }
    }
    return hits;
  },
});
