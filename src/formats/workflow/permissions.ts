/**
 * Small shared readers for the token and secrets rules: `permissions:` blocks (workflow and job
 * level, the `read-all`/`write-all` shorthands, `{}`), which block a job actually runs with, every
 * scalar under a node (for expression searches), and which expressions read the job's token.
 * Linear in the tree; no regular expressions over unbounded text.
 */
import type { Span } from '../position.js';
import { contextReads, type Expr } from './expressions.js';
import type {
  WfEntry,
  WfExpression,
  WfJob,
  WfMap,
  WfNode,
  WfScalar,
  WfStep,
  WorkflowModel,
} from './model.js';

export type Access = 'read' | 'write' | 'none';

export interface ScopeGrant {
  /** The scope as written, lower-cased (`contents`, `id-token`). */
  scope: string;
  access: Access;
  entry: WfEntry;
}

export interface PermissionBlock {
  level: 'workflow' | 'job';
  /** The `permissions` key. */
  keySpan: Span;
  node: WfNode;
  /** `read-all` / `write-all` shorthand, when that is the value. */
  shorthand?: 'read-all' | 'write-all';
  /** The scopes of the mapping form (`{}` has none: every scope is `none`). */
  scopes: ScopeGrant[];
}

/** The `permissions:` block a mapping (the workflow's root, or a job) declares, if any. */
export function permissionBlock(
  owner: WfMap | undefined,
  level: 'workflow' | 'job',
): PermissionBlock | undefined {
  const e = owner?.get('permissions');
  if (!e) return undefined;
  const v = e.value;
  const block: PermissionBlock = { level, keySpan: e.keySpan, node: v, scopes: [] };
  if (v.type === 'scalar') {
    const s = v.value.trim().toLowerCase();
    if (s === 'read-all' || s === 'write-all') block.shorthand = s;
    // `read`/`write` alone are not accepted by GitHub; anything else is left to parse-level checks.
    return block;
  }
  if (v.type === 'map') {
    for (const entry of v.entries) {
      if (entry.value.type !== 'scalar') continue;
      const a = entry.value.value.trim().toLowerCase();
      if (a === 'read' || a === 'write' || a === 'none')
        block.scopes.push({ scope: entry.key.toLowerCase(), access: a, entry });
    }
  }
  return block;
}

/**
 * The block a job's token is cut to: its own, else the workflow's; undefined when neither sets one
 * (the repository's or organisation's default applies: read-only, or read and write for the
 * scopes of the old permissive default, a setting no file shows).
 */
export function effectiveBlock(model: WorkflowModel, job: WfJob): PermissionBlock | undefined {
  return permissionBlock(job.node, 'job') ?? permissionBlock(model.root, 'workflow');
}

/** Write scopes a block grants, each with the entry that grants it (`write-all`: the key). */
export function writeScopes(block: PermissionBlock): ScopeGrant[] {
  return block.scopes.filter((s) => s.access === 'write');
}

/**
 * Every scalar under `node` (mapping keys excluded), in source order, each once even when YAML
 * aliases repeat it. Iterative; the parser bounds the tree (MAX_NODES), so no cut is needed here.
 */
export function scalarsIn(node: WfNode | undefined): WfScalar[] {
  const out: WfScalar[] = [];
  if (!node) return out;
  const seen = new Set<WfNode>();
  const stack: WfNode[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    if (n.type === 'scalar') out.push(n);
    else if (n.type === 'map')
      for (let i = n.entries.length - 1; i >= 0; i--) stack.push(n.entries[i]!.value);
    else for (let i = n.items.length - 1; i >= 0; i--) stack.push(n.items[i]!);
  }
  return out;
}

/** Does this expression read the job's token (`github.token`, `secrets.GITHUB_TOKEN`, or all of `github`/`secrets`)? */
export function readsToken(ast: Expr): boolean {
  for (const r of contextReads(ast)) {
    const p = r.path;
    if (p[0] === 'github' && (p.length === 1 || p[1] === 'token' || p[1] === '?' || p[1] === '*'))
      return true;
    if (p[0] === 'secrets' && (p.length === 1 || p[1] === 'github_token' || p[1] === '?' || p[1] === '*'))
      return true;
  }
  return false;
}

/** The expressions under `node` that read the token (unparsable ones count: fail closed). */
export function tokenReads(node: WfNode | undefined): WfExpression[] {
  const out: WfExpression[] = [];
  for (const s of scalarsIn(node)) {
    if (!s.value.includes('${{')) continue;
    for (const x of s.expressions) if (!x.ast || readsToken(x.ast)) out.push(x);
  }
  return out;
}

/** Every parsed `${{ }}` in the file with the scalar that holds it, each scalar once. */
export function fileExpressions(model: WorkflowModel): { scalar: WfScalar; x: WfExpression }[] {
  const out: { scalar: WfScalar; x: WfExpression }[] = [];
  for (const s of scalarsIn(model.root)) {
    if (!s.value.includes('${{')) continue;
    for (const x of s.expressions) out.push({ scalar: s, x });
  }
  return out;
}

/** Whether an `actions/checkout` step leaves the token in `.git/config` (anything but a literal false). */
export function persistsCredentials(step: WfStep): boolean {
  const v = step.with?.get('persist-credentials')?.value;
  return !(v?.type === 'scalar' && v.value.trim().toLowerCase() === 'false');
}

/** The repository root of a workflow path (`svc/.github/workflows/ci.yml` → `svc/`). */
export function repoRoot(path: string): string | undefined {
  const i = path.lastIndexOf('.github/workflows/');
  return i === -1 ? undefined : path.slice(0, i);
}
