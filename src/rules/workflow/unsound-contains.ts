import { defineRule, hit, type Hit, type Severity } from '../../core/index.js';
import { contextPath, subExpressions, type Expr } from '../../formats/workflow/expressions.js';
import { allExpressions, exprSpan } from '../../formats/workflow/conditions.js';
import { matches, UNTRUSTED } from './template-injection.js';

/** Contexts whose text anyone can choose: a login, a fork's branch name (plus template-injection's list). */
const OUTSIDER = [
  ['github', 'actor'],
  ['github', 'triggering_actor'],
  ['github', 'head_ref'],
  ['github', 'event', 'sender', 'login'],
  ['github', 'event', 'pull_request', 'user', 'login'],
  ['github', 'event', 'issue', 'user', 'login'],
  ['github', 'event', 'comment', 'user', 'login'],
];
/** Refs: chosen by whoever can push a branch or tag, which branch protection is meant to limit. */
const REFS = [
  ['github', 'ref'],
  ['github', 'ref_name'],
  ['github', 'base_ref'],
  ['github', 'event', 'ref'],
];

function grade(path: string[] | undefined): { severity: Severity; why: string } {
  if (path && (OUTSIDER.some((p) => matches(path, p)) || UNTRUSTED.some((u) => matches(path, u.pattern))))
    return {
      severity: 'high',
      why: "anyone chooses that text (a login, a fork's branch name, an issue or pull request text), so any substring of the list passes",
    };
  if (path && REFS.some((p) => matches(path, p)))
    return {
      severity: 'medium',
      why: "whoever can push a branch or tag chooses the ref's name, so a branch named after a piece of the list passes a check meant for the protected ones",
    };
  return {
    severity: 'low',
    why: 'the value is not chosen by an outsider, but any substring of the list passes',
  };
}

/** The items a space-, comma- or bar-separated list literal was meant to hold. */
function items(list: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (const c of list) {
    if (c === ' ' || c === ',' || c === '|' || c === '\t' || c === '\n' || c === ';') {
      if (cur) out.push(cur);
      cur = '';
    } else cur += c;
  }
  if (cur) out.push(cur);
  return out;
}

/** Every `contains(<string literal>, <non-literal>)` in an expression, iteratively. */
function unsoundCalls(root: Expr): Extract<Expr, { kind: 'call' }>[] {
  const out: Extract<Expr, { kind: 'call' }>[] = [];
  for (const e of subExpressions(root))
    if (
      e.kind === 'call' &&
      e.name.toLowerCase() === 'contains' &&
      e.args.length === 2 &&
      e.args[0]!.kind === 'literal' &&
      typeof e.args[0]!.value === 'string' &&
      e.args[1]!.kind !== 'literal'
    )
      out.push(e);
  return out.sort((a, b) => a.start - b.start);
}

const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;

export const rule = defineRule({
  id: 'workflow/unsound-contains',
  kind: 'workflow',
  appliesTo: 'workflow',
  severity: 'high',
  title: '`contains()` of a string where a list was meant',
  description:
    "`contains(search, item)` is a substring test when `search` is a string: `contains('refs/heads/main refs/heads/release', github.ref)` is true for `refs/heads/mai`, `main` or `s/release`, so a branch anyone can push (or, for `github.actor` and `github.head_ref`, a name any outsider picks) passes a check meant for a fixed list (zizmor's unsound-contains). The list form is `contains(fromJSON('[\"refs/heads/main\", \"refs/heads/release\"]'), github.ref)`, an exact match against each item.\n\n" +
    "**What is read.** Every expression of the file: `if:` conditions (bare or fenced) and every `${{ }}` in any other value, through `!`, `&&`, `||`, comparisons and nested calls; the first argument must be a string literal and the second not a literal. Not reported: `contains(fromJSON('[…]'), x)`, `contains(github.event.pull_request.labels.*.name, 'x')` (an array), `contains(github.ref, 'release')` (a deliberate substring test of a value), `contains('abc', 'b')` (constant).\n\n" +
    '**Grouping and severity.** One finding per `contains()` call, at the call. High when the item is text an outsider chooses (`github.actor`, `github.triggering_actor`, `github.head_ref`, logins, the pull request, issue and comment texts); medium for refs (`github.ref`, `github.ref_name`, `github.base_ref`: whoever can push a branch or tag names it); low for everything else (event names, inputs, matrix values: a logic bug, not a bypass).',
  fix: 'Match against a list: `contains(fromJSON(\'["refs/heads/main", "refs/heads/release"]\'), github.ref)`, or compare exactly (`github.ref == \'refs/heads/main\'`).',
  examples: {
    bad: "on: push\njobs:\n  deploy:\n    if: contains('refs/heads/main refs/heads/release', github.ref)\n    runs-on: ubuntu-24.04\n    steps:\n      - run: ./deploy.sh",
    good: 'on: push\njobs:\n  deploy:\n    if: contains(fromJSON(\'["refs/heads/main", "refs/heads/release"]\'), github.ref)\n    runs-on: ubuntu-24.04\n    steps:\n      - run: ./deploy.sh',
    language: 'yaml',
    path: '.github/workflows/deploy.yml',
  },
  references: [
    'https://docs.zizmor.sh/audits/#unsound-contains',
    'https://docs.github.com/en/actions/reference/workflows-and-actions/expressions#contains',
  ],
  check(model) {
    const hits: Hit[] = [];
    for (const { x, condition } of allExpressions(model)) {
      if (!x.ast) continue;
      for (const call of unsoundCalls(x.ast)) {
        const list = call.args[0] as Extract<Expr, { kind: 'literal' }>;
        const needle = call.args[1]!;
        const path = contextPath(needle);
        const g = grade(path);
        const its = items(String(list.value));
        const needleText = x.source.slice(needle.start, needle.end).trim();
        const replacement =
          its.length > 1
            ? `contains(fromJSON(${quote(JSON.stringify(its))}), ${needleText})`
            : `${needleText} == ${quote(its[0] ?? '')}`;
        hits.push(
          hit(
            exprSpan(x, call),
            `\`contains()\` tests whether ${path ? `'${path.join('.')}'` : 'the value'} is a substring of ${quote(String(list.value).length > 60 ? `${String(list.value).slice(0, 60)}…` : String(list.value))}, not whether it is one of its items, so any piece of it passes (${g.severity}: ${g.why}).`,
            {
              severity: g.severity,
              evidence: x.source.slice(call.start, call.end).replace(/\s+/g, ' ').slice(0, 200),
              fix: `Use \`${replacement.length > 200 ? 'contains(fromJSON(…), …)' : replacement}\`.`,
              ...(condition ? { scopeLine: condition.scopeLine } : {}),
            },
          ),
        );
      }
    }
    return hits;
  },
});
