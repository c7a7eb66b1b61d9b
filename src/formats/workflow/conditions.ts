/**
 * The `if:` conditions of a workflow or action (jobs, steps, composite steps), each parsed, and
 * every other expression of the file, so the expression rules (spoofable-bot-check,
 * unsound-condition, unsound-contains) read one list with file spans for every AST node.
 *
 * GitHub evaluates a condition without `${{` as one expression (the fences are optional); a value
 * with `${{` is a template: when it is exactly one `${{ }}` and nothing else the result is that
 * expression's value, otherwise the pieces are joined into a string (see unsound-condition).
 */
import type { Span } from '../position.js';
import { parseExpression, type Expr } from './expressions.js';
import type { WfScalar, WorkflowModel } from './model.js';
import { scalarsIn } from './permissions.js';

/** One parsed expression of a scalar, with what maps its offsets to the file. */
export interface ScalarExpr {
  node: WfScalar;
  /** Offset in `node.value` of the expression text's first character. */
  base: number;
  source: string;
  ast?: Expr;
  error?: string;
}

export interface WfCondition {
  node: WfScalar;
  owner: 'job' | 'step';
  /** First line of the job or step: an inline ignore above it covers the condition. */
  scopeLine: number;
  /** The value holds `${{`: a template, not a bare expression. */
  fenced: boolean;
  /** The bare expression, or each `${{ }}` of a fenced value. */
  exprs: ScalarExpr[];
}

/** File span of an AST node of `x`. */
export function exprSpan(x: ScalarExpr, e: Expr): Span {
  return x.node.spanOf(x.base + e.start, x.base + e.end);
}

/** The expressions of a scalar as GitHub evaluates it; `bare` when it is an `if:` value. */
export function scalarExprs(node: WfScalar, bare: boolean): ScalarExpr[] {
  if (bare && !node.value.includes('${{')) {
    if (node.value.trim() === '') return [];
    const r = parseExpression(node.value);
    return [
      'ast' in r
        ? { node, base: 0, source: node.value, ast: r.ast }
        : { node, base: 0, source: node.value, error: r.error },
    ];
  }
  return node.expressions.map((x) => ({
    node,
    base: x.sourceStart,
    source: x.source,
    ...(x.ast ? { ast: x.ast } : {}),
    ...(x.error !== undefined ? { error: x.error } : {}),
  }));
}

const spanKey = (s: Span): string => `${s.line}:${s.column}:${s.endLine}:${s.endColumn}`;

/** Every `if:` of the file, once each (a job or step reused through an alias is read at its anchor). */
export function conditions(model: WorkflowModel): WfCondition[] {
  const out: WfCondition[] = [];
  const seen = new Set<string>();
  const add = (node: WfScalar | undefined, owner: 'job' | 'step', scopeLine: number): void => {
    if (!node || seen.has(spanKey(node.span))) return;
    seen.add(spanKey(node.span));
    out.push({ node, owner, scopeLine, fenced: node.value.includes('${{'), exprs: scalarExprs(node, true) });
  };
  for (const job of model.jobs) {
    add(job.if, 'job', job.keySpan.line);
    for (const step of job.steps) add(step.if, 'step', step.line);
  }
  for (const step of model.runs?.steps ?? []) add(step.if, 'step', step.line);
  return out;
}

/**
 * Every expression of the file: each condition's, then every `${{ }}` of every other scalar
 * (keys' values at any depth), once per source position.
 */
export function allExpressions(model: WorkflowModel): { x: ScalarExpr; condition?: WfCondition }[] {
  const out: { x: ScalarExpr; condition?: WfCondition }[] = [];
  const seen = new Set<string>();
  for (const c of conditions(model)) {
    seen.add(spanKey(c.node.span));
    for (const x of c.exprs) out.push({ x, condition: c });
  }
  for (const n of scalarsIn(model.root)) {
    if (seen.has(spanKey(n.span)) || !n.value.includes('${{')) continue;
    seen.add(spanKey(n.span));
    for (const x of scalarExprs(n, false)) out.push({ x });
  }
  return out;
}
