import { defineRule, hit, spanFromTo, type Hit } from '../../core/index.js';
import { contextReads } from '../../formats/workflow/expressions.js';
import { conditions, type WfCondition } from '../../formats/workflow/conditions.js';

/** Contexts that say nothing about who or what triggered the run: a broken gate on them is a bug, not a bypass. */
const BENIGN_ROOTS = new Set(['matrix', 'steps', 'needs', 'runner', 'job', 'strategy', 'env']);

/** Why a fenced condition is not exactly one `${{ }}`; undefined when it is sound. */
function unsoundness(c: WfCondition): string | undefined {
  const v = c.node.value;
  const sites = c.node.expressions;
  if (sites.length === 0) return undefined;
  if (sites.length === 1 && sites[0]!.start === 0 && sites[0]!.end === v.length) return undefined;
  if (sites.length > 1) return `it holds ${sites.length} \`\${{ }}\` expressions joined by text`;
  const before = v.slice(0, sites[0]!.start);
  const after = v.slice(sites[0]!.end);
  const text = before + after;
  if (text.trim() === '') {
    if (after.includes('\n') && before === '')
      return c.node.style === 'BLOCK_LITERAL' || c.node.style === 'BLOCK_FOLDED'
        ? 'the block scalar keeps its final newline (`|` and `>` clip to one; `|-` and `>-` strip it)'
        : 'a newline follows the expression';
    return 'whitespace inside the quotes surrounds the expression';
  }
  const shown = text.trim().replace(/\s+/g, ' ');
  return `the text \`${shown.length > 40 ? `${shown.slice(0, 40)}…` : shown}\` surrounds the expression`;
}

/** A condition made of `always()` alone is true anyway: the template changes nothing. */
function alwaysTrue(c: WfCondition): boolean {
  return c.exprs.every(
    (x) => x.ast?.kind === 'call' && x.ast.name.toLowerCase() === 'always' && x.ast.args.length === 0,
  );
}

export const rule = defineRule({
  id: 'workflow/unsound-condition',
  kind: 'workflow',
  appliesTo: 'workflow',
  severity: 'high',
  title: '`if:` condition that is always true',
  description:
    "An `if:` value without `${{` is evaluated as one expression, and so is a value that is exactly one `${{ … }}`. Anything else is a template: GitHub joins the expressions' results with the text around them into a string, and a non-empty string is true, so the job or step always runs. The common slips are a block scalar (`if: |` or `if: >` keep a final newline after `${{ … }}`), two fenced expressions joined by an operator outside them (`${{ a }} && ${{ b }}`), and text or spaces around the fence (`if: \"${{ x }} \"`). A gate such as `github.actor == 'owner'` or a label check written that way lets everyone through (zizmor's unsound-condition, actionlint's if-cond, CodeQL's expression-always-true).\n\n" +
    '**Not reported.** `if: |-` and `if: >-` with the expression alone (the chomping strips the newline), a multi-line expression inside one fence, bare multi-line conditions without `${{` (`if: |` followed by `a &&` / `b`: the whole value is one expression and its whitespace is ignored), and a template of `always()` alone (true anyway).\n\n' +
    "**Fail closed.** A condition that does not parse (bare or inside a fence) is reported at medium: what it checks is unknown (GitHub rejects such a workflow when it reads it; none of the corpus's 437 conditions fails).\n\n" +
    '**Grouping and severity.** One finding per `if:`, at its value, with the reason (the newline, the text, the number of fences). High when the condition reads a context about the event, the actor, the repository or the inputs (`github.*`, `inputs.*`, `vars.*`, `secrets.*`): that is a gate an outsider now passes; medium when it reads only `matrix`, `steps`, `needs`, `runner`, `job`, `strategy` or `env` (a broken build switch).',
  fix: "Make the value exactly one expression: `if: ${{ github.actor == 'owner' }}` on one line, `if: |-` / `if: >-` for a block scalar, one fence around the whole condition (`${{ a && b }}`), or drop the fences (`if: a && b`).",
  examples: {
    bad: "on: pull_request_target\njobs:\n  deploy:\n    if: |\n      ${{ github.event.pull_request.user.login == 'owner' }}\n    runs-on: ubuntu-24.04\n    steps:\n      - run: ./deploy.sh",
    good: "on: pull_request_target\njobs:\n  deploy:\n    if: github.event.pull_request.user.login == 'owner'\n    runs-on: ubuntu-24.04\n    steps:\n      - run: ./deploy.sh",
    language: 'yaml',
    path: '.github/workflows/deploy.yml',
  },
  references: [
    'https://docs.zizmor.sh/audits/#unsound-condition',
    'https://github.com/rhysd/actionlint/blob/main/docs/checks.md#if-cond-always-true',
    'https://docs.github.com/en/actions/reference/workflows-and-actions/expressions',
  ],
  check(model) {
    const hits: Hit[] = [];
    for (const c of conditions(model)) {
      // Fail closed: a condition that does not parse is a gate whose meaning is unknown.
      const bad = c.exprs.find((x) => !x.ast);
      if (bad) {
        hits.push(
          hit(
            c.node.span,
            `This ${c.owner}'s \`if:\` does not parse (${bad.error ?? 'unknown error'}), so what it checks is unknown; GitHub rejects the workflow when it reads it (medium: fail closed).`,
            {
              severity: 'medium',
              evidence: c.node.value.trim().replace(/\s+/g, ' ').slice(0, 200),
              fix: 'Fix the expression (see the error), then check that the condition gates what it should.',
              scopeLine: c.scopeLine,
            },
          ),
        );
        continue;
      }
      if (!c.fenced) continue;
      const why = unsoundness(c);
      if (!why || alwaysTrue(c)) continue;
      const reads = c.exprs.flatMap((x) => (x.ast ? contextReads(x.ast) : []));
      const gate = reads.some((r) => !BENIGN_ROOTS.has(r.path[0]!)) || c.exprs.some((x) => !x.ast);
      const inner = c.exprs.map((x) => x.source.trim().replace(/\s+/g, ' ')).filter(Boolean);
      const suggestion =
        inner.length === 1 ? `\`if: \${{ ${inner[0]!.length > 120 ? '…' : inner[0]} }}\`` : 'one expression';
      // From the value's start to its last non-blank character (not the lines a block scalar ends on).
      const v = c.node.value;
      const last = v.trimEnd().length;
      const span = last > 0 ? spanFromTo(c.node.span, c.node.spanOf(last - 1, last)) : c.node.span;
      hits.push(
        hit(
          span,
          `This ${c.owner}'s \`if:\` is always true: ${why}, so GitHub evaluates it as a string, and a non-empty string is true; the ${c.owner} runs whatever the condition says (${gate ? 'high: it gates on the event, actor, repository or inputs, so that gate is open to everyone' : 'medium: it reads only matrix, step, job or runner values'}).`,
          {
            severity: gate ? 'high' : 'medium',
            evidence: c.node.value.trim().replace(/\s+/g, ' ').slice(0, 200),
            fix: `Write the condition as ${suggestion} (on one line, or in a \`|-\` / \`>-\` block), or without the fences.`,
            scopeLine: c.scopeLine,
          },
        ),
      );
    }
    return hits;
  },
});
