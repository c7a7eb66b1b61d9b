/**
 * `strategy.matrix`: the combinations GitHub runs when every value is written out, following the
 * documented algorithm (the product of the key lists, then `exclude` entries remove every
 * combination they match, then each `include` entry extends every combination whose original
 * values it does not overwrite, or becomes a combination of its own). Anything given by an
 * expression (`${{ fromJSON(...) }}`) is unknown, never guessed.
 */
import type { WfMatrix, WfNode } from './model.js';

/** GitHub runs at most 256 jobs per matrix; a larger product is not expanded. */
export const MAX_MATRIX_COMBINATIONS = 256;

/** A value's identity for matching `include`/`exclude` entries (bounded: deep values are cut). */
function keyOf(n: WfNode, depth = 0): string {
  if (n.type === 'scalar') return JSON.stringify(n.value);
  if (depth > 8) return '…';
  if (n.type === 'seq') return '[' + n.items.map((i) => keyOf(i, depth + 1)).join(',') + ']';
  return '{' + n.entries.map((e) => JSON.stringify(e.key) + ':' + keyOf(e.value, depth + 1)).join(',') + '}';
}

function isExpression(n: WfNode): boolean {
  return n.type === 'scalar' && n.value.includes('${{');
}

type Combo = Map<string, WfNode>;

function expand(node: WfNode): Record<string, WfNode>[] | undefined {
  if (node.type !== 'map') return undefined;
  const dims: [string, WfNode[]][] = [];
  let include: WfNode[] = [];
  let exclude: WfNode[] = [];
  for (const e of node.entries) {
    if (isExpression(e.value) || e.value.type !== 'seq') return undefined;
    if (e.key === 'include') include = e.value.items;
    else if (e.key === 'exclude') exclude = e.value.items;
    else dims.push([e.key, e.value.items]);
  }
  let combos: Combo[] = dims.length > 0 ? [new Map()] : [];
  for (const [key, values] of dims) {
    if (values.some(isExpression)) return undefined;
    if (combos.length * values.length > MAX_MATRIX_COMBINATIONS) return undefined;
    const next: Combo[] = [];
    for (const c of combos) for (const v of values) next.push(new Map(c).set(key, v));
    combos = next;
  }
  for (const ex of exclude) {
    if (ex.type !== 'map') return undefined;
    combos = combos.filter(
      (c) => !ex.entries.every((e) => c.has(e.key) && keyOf(c.get(e.key)!) === keyOf(e.value)),
    );
  }
  const original = new Set(dims.map(([k]) => k));
  const base = combos.length;
  for (const inc of include) {
    if (inc.type !== 'map' || inc.entries.some((e) => isExpression(e.value))) return undefined;
    let added = false;
    for (let i = 0; i < base; i++) {
      const c = combos[i]!;
      const fits = inc.entries.every(
        (e) => !original.has(e.key) || !c.has(e.key) || keyOf(c.get(e.key)!) === keyOf(e.value),
      );
      if (!fits) continue;
      for (const e of inc.entries) if (!original.has(e.key)) c.set(e.key, e.value);
      added = true;
    }
    if (!added) {
      if (combos.length >= MAX_MATRIX_COMBINATIONS) return undefined;
      combos.push(new Map(inc.entries.map((e) => [e.key, e.value])));
    }
  }
  return combos.map((c) => Object.fromEntries(c));
}

/** The matrix model of a `strategy.matrix` node. */
export function buildMatrix(node: WfNode): WfMatrix {
  const dynamic = node.type === 'scalar';
  const combinations = dynamic ? undefined : expand(node);
  return {
    node,
    dynamic,
    combinations,
    values(key: string) {
      if (node.type !== 'map') return { values: [], unknown: true };
      const values: WfNode[] = [];
      let unknown = false;
      for (const e of node.entries) {
        if (e.key === 'exclude') continue;
        if (e.key === 'include') {
          if (e.value.type !== 'seq') {
            unknown = true;
            continue;
          }
          for (const inc of e.value.items) {
            if (inc.type !== 'map') unknown = true;
            else {
              const v = inc.get(key)?.value;
              if (v && isExpression(v)) unknown = true;
              else if (v) values.push(v);
            }
          }
        } else if (e.key === key) {
          if (e.value.type !== 'seq') unknown = true;
          else
            for (const v of e.value.items) {
              if (isExpression(v)) unknown = true;
              else values.push(v);
            }
        }
      }
      return { values, unknown };
    },
  };
}
