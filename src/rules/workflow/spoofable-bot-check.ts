import { defineRule, hit, type Hit, type Related, type Severity } from '../../core/index.js';
import { contextPath, type Expr } from '../../formats/workflow/expressions.js';
import { conditions, exprSpan, type ScalarExpr } from '../../formats/workflow/conditions.js';
import type { WfTrigger, WorkflowModel } from '../../formats/workflow/model.js';

/** Contexts naming whoever caused the event (or re-ran the workflow), not who wrote the change. */
const ACTOR_PATHS = [
  'github.actor',
  'github.triggering_actor',
  'github.actor_id',
  'github.event.sender.login',
  'github.event.sender.id',
];
/** The authors of the change: the fix, and a guard when `&&`-ed with the actor check. */
const AUTHOR_PATHS = ['github.event.pull_request.user.login', 'github.event.pull_request.user.id'];
/** User ids of the bots people gate on (dependabot[bot], renovate[bot], github-actions[bot]). */
const BOT_IDS = new Set(['49699333', '29139614', '41898282']);

const pathOf = (e: Expr): string | undefined => contextPath(e)?.join('.');
const isActor = (e: Expr): boolean => ACTOR_PATHS.includes(pathOf(e) ?? '');

function botLiteral(e: Expr): string | undefined {
  if (e.kind !== 'literal' || e.value === null || typeof e.value === 'boolean') return undefined;
  const v = String(e.value);
  if (/\[bot\]$/i.test(v) || BOT_IDS.has(v)) return v;
  return undefined;
}
/** A literal a prefix/substring test on the actor treats as a bot (`dependabot`, `[bot]`). */
function botFragment(e: Expr): string | undefined {
  if (e.kind !== 'literal' || typeof e.value !== 'string') return undefined;
  return /bot|renovate/i.test(e.value) ? e.value : undefined;
}

interface Check {
  node: Expr;
  bot: string;
}

/** Actor checks that grant trust (true when the actor is the bot), following `!` and `!=`. */
function findChecks(e: Expr, positive: boolean, out: Check[]): void {
  switch (e.kind) {
    case 'not':
      findChecks(e.operand, !positive, out);
      return;
    case 'binary': {
      if (e.op === '&&' || e.op === '||') {
        findChecks(e.left, positive, out);
        findChecks(e.right, positive, out);
        return;
      }
      if ((e.op === '==' && positive) || (e.op === '!=' && !positive)) {
        const bot = isActor(e.left) ? botLiteral(e.right) : isActor(e.right) ? botLiteral(e.left) : undefined;
        if (bot) out.push({ node: e, bot });
      }
      return;
    }
    case 'call': {
      if (!positive) return;
      const name = e.name.toLowerCase();
      const [a, b] = e.args;
      if (!a || !b || e.args.length !== 2) return;
      if ((name === 'startswith' || name === 'endswith' || name === 'contains') && isActor(a)) {
        const bot = botFragment(b);
        if (bot) out.push({ node: e, bot });
      } else if (name === 'contains' && isActor(b)) {
        // contains('dependabot[bot] renovate[bot]', github.actor), contains(fromJSON('[...]'), ...)
        const hay = a.kind === 'call' && a.name.toLowerCase() === 'fromjson' ? a.args[0] : a;
        if (hay?.kind === 'literal' && typeof hay.value === 'string' && /\[bot\]/i.test(hay.value))
          out.push({ node: e, bot: hay.value });
      }
      return;
    }
    default:
      return;
  }
}

/** `a && b && c` at the top of the expression, flattened. */
function conjuncts(e: Expr, out: Expr[] = []): Expr[] {
  if (e.kind === 'binary' && e.op === '&&') {
    conjuncts(e.left, out);
    conjuncts(e.right, out);
  } else out.push(e);
  return out;
}
const HEAD_REPO = 'github.event.pull_request.head.repo.full_name';
const HEAD_FORK = 'github.event.pull_request.head.repo.fork';
/**
 * A guard that makes the actor check moot: the author is checked, or the pull request must come
 * from a branch of the repository itself (`head.repo.full_name == github.repository`,
 * `!head.repo.fork`), which only people with write access can push.
 */
function guards(e: Expr): boolean {
  if (e.kind === 'not') return pathOf(e.operand) === HEAD_FORK;
  if (e.kind !== 'binary' || e.op !== '==') return false;
  const l = pathOf(e.left) ?? '';
  const r = pathOf(e.right) ?? '';
  if (AUTHOR_PATHS.includes(l) || AUTHOR_PATHS.includes(r)) return true;
  if ((l === HEAD_REPO && r === 'github.repository') || (r === HEAD_REPO && l === 'github.repository'))
    return true;
  const lit = (x: Expr): boolean => x.kind === 'literal' && x.value === false;
  return (l === HEAD_FORK && lit(e.right)) || (r === HEAD_FORK && lit(e.left));
}

function grade(model: WorkflowModel): { severity: Severity; why: string; related: Related[] } | undefined {
  if (model.type === 'action')
    return { severity: 'medium', why: 'an action runs under whatever event its caller has', related: [] };
  const rel = (ts: WfTrigger[]): Related[] =>
    ts.map((t) => ({ span: t.span, label: `triggered by ${t.event}` }));
  const high = model.triggers.filter((t) => t.event === 'pull_request_target' || t.event === 'workflow_run');
  if (high.length)
    return {
      severity: 'high',
      why: `under ${[...new Set(high.map((t) => `\`${t.event}\``))].join(', ')} the job runs with the repository's token and secrets on a pull request an outsider can make the bot touch last (a \`@dependabot rebase\` or a Dependabot update on their own branch)`,
      related: rel(high),
    };
  const medium = model.triggers.filter((t) =>
    ['pull_request', 'pull_request_review', 'pull_request_review_comment', 'workflow_call'].includes(t.event),
  );
  if (medium.length)
    return {
      severity: 'medium',
      why: `under ${[...new Set(medium.map((t) => `\`${t.event}\``))].join(', ')} the actor is whoever caused the last event, not the pull request's author (a reusable workflow sees its caller's event)`,
      related: rel(medium),
    };
  // push, schedule, workflow_dispatch, issue_comment, ...: the actor is who pushed or acted, and
  // a bot's name is not spoofable there.
  return undefined;
}

export const rule = defineRule({
  id: 'workflow/spoofable-bot-check',
  kind: 'workflow',
  appliesTo: 'workflow',
  severity: 'high',
  title: '`if:` trusts the actor to be a bot',
  description:
    "`github.actor` (and `github.triggering_actor`, `github.actor_id`, `github.event.sender.*`) is whoever caused the latest event, not who wrote the pull request. An outsider can make Dependabot (or Renovate) the actor of an event on their own pull request: they open it from a fork, then have the bot push to it or rebase it (`@dependabot rebase`, a Dependabot update on their fork's branch); a `pull_request_target` or `workflow_run` job gated on `github.actor == 'dependabot[bot]'` then runs with the repository's token and secrets for code the bot did not write (Synacktiv's 2024 write-up; zizmor's bot-conditions). The fix gates on the author of the change: `github.event.pull_request.user.login == 'dependabot[bot]'`.\n\n" +
    "**What is read.** Every `if:` of jobs and steps (bare or fenced, `github['actor']` and any case), for checks that grant trust: `actor == '…[bot]'` or a known bot id (49699333 dependabot, 29139614 renovate, 41898282 github-actions), `startsWith(github.actor, 'dependabot')`, `contains('dependabot[bot] renovate[bot]', github.actor)` and `contains(fromJSON('[…]'), github.actor)`, through `!` and De Morgan. Negative checks (`github.actor != 'dependabot[bot]'`, which skip the bot) grant nothing and are not reported; nor is a condition whose top-level `&&` also checks `github.event.pull_request.user.login` or `.user.id` (the author is then verified) or requires a same-repository pull request (`github.event.pull_request.head.repo.full_name == github.repository`, `!github.event.pull_request.head.repo.fork`: only people with write access push such branches).\n\n" +
    "**Grouping and severity.** One finding per `if:`, at the first actor check, the others and the triggers as related places. High when the workflow runs on `pull_request_target` or `workflow_run`; medium on `pull_request`-like events, in reusable workflows (the caller's event) and in actions; not reported for other triggers (`push`, `schedule`, `workflow_dispatch`, `issue_comment`: the actor there is who pushed or acted).",
  fix: "Check the pull request's author instead of the actor: `if: github.event.pull_request.user.login == 'dependabot[bot]'` (for `workflow_run`, look the pull request up and check its author), or use `dependabot/fetch-metadata` in a `pull_request` workflow.",
  examples: {
    bad: 'on: pull_request_target\njobs:\n  automerge:\n    if: github.actor == \'dependabot[bot]\'\n    runs-on: ubuntu-24.04\n    steps:\n      - run: gh pr merge --auto --squash "$PR"\n        env:\n          PR: ${{ github.event.pull_request.html_url }}\n          GH_TOKEN: ${{ secrets.GITHUB_TOKEN }}',
    good: 'on: pull_request_target\njobs:\n  automerge:\n    if: github.event.pull_request.user.login == \'dependabot[bot]\'\n    runs-on: ubuntu-24.04\n    steps:\n      - run: gh pr merge --auto --squash "$PR"\n        env:\n          PR: ${{ github.event.pull_request.html_url }}\n          GH_TOKEN: ${{ secrets.GITHUB_TOKEN }}',
    language: 'yaml',
    path: '.github/workflows/automerge.yml',
  },
  references: [
    'https://docs.zizmor.sh/audits/#bot-conditions',
    'https://www.synacktiv.com/publications/github-actions-exploitation-dependabot',
  ],
  check(model) {
    const g = grade(model);
    if (!g) return [];
    const hits: Hit[] = [];
    for (const c of conditions(model)) {
      const found: { x: ScalarExpr; check: Check }[] = [];
      for (const x of c.exprs) {
        if (!x.ast) continue;
        if (conjuncts(x.ast).some(guards)) continue;
        const cs: Check[] = [];
        findChecks(x.ast, true, cs);
        for (const check of cs) found.push({ x, check });
      }
      if (!found.length) continue;
      const [first, ...rest] = found;
      const span = exprSpan(first!.x, first!.check.node);
      hits.push(
        hit(
          span,
          `This ${c.owner} trusts the actor to be '${first!.check.bot}', but the actor is whoever caused the latest event, which an outsider can arrange to be the bot on their own pull request (${g.severity}: ${g.why}).`,
          {
            severity: g.severity,
            evidence: first!.x.source
              .slice(first!.check.node.start, first!.check.node.end)
              .replace(/\s+/g, ' ')
              .slice(0, 200),
            fix: "Check the pull request's author instead: `github.event.pull_request.user.login == 'dependabot[bot]'` (in place of the actor check).",
            related: [
              ...rest.map((r) => ({ span: exprSpan(r.x, r.check.node), label: 'another actor check' })),
              ...g.related,
            ],
            scopeLine: c.scopeLine,
          },
        ),
      );
    }
    return hits;
  },
});
