/**
 * An immutable map of variable values with O(log n) `set` that shares structure with the map it
 * came from (a persistent AVL tree). A Dockerfile's scope grows one ARG or ENV at a time and every
 * stage built `FROM` another inherits its ENV: copying a Map at each step made 20,000 chained
 * stages with one ENV each quadratic (hundreds of millions of entries copied). Ordered by string
 * comparison, not a hash, so no crafted set of names can degrade it.
 */
import type { VarScope } from './variables.js';

interface Node {
  readonly key: string;
  readonly value: string | undefined;
  readonly left: Node | null;
  readonly right: Node | null;
  readonly height: number;
}

const h = (n: Node | null): number => (n ? n.height : 0);

function node(key: string, value: string | undefined, left: Node | null, right: Node | null): Node {
  return { key, value, left, right, height: Math.max(h(left), h(right)) + 1 };
}

function rotateRight(n: Node): Node {
  const l = n.left!;
  return node(l.key, l.value, l.left, node(n.key, n.value, l.right, n.right));
}

function rotateLeft(n: Node): Node {
  const r = n.right!;
  return node(r.key, r.value, node(n.key, n.value, n.left, r.left), r.right);
}

function balance(n: Node): Node {
  const diff = h(n.left) - h(n.right);
  if (diff > 1) {
    const l = n.left!;
    const left = h(l.left) >= h(l.right) ? l : rotateLeft(l);
    return rotateRight(node(n.key, n.value, left, n.right));
  }
  if (diff < -1) {
    const r = n.right!;
    const right = h(r.right) >= h(r.left) ? r : rotateRight(r);
    return rotateLeft(node(n.key, n.value, n.left, right));
  }
  return n;
}

function insert(n: Node | null, key: string, value: string | undefined): Node {
  if (!n) return node(key, value, null, null);
  if (key === n.key) return n.value === value ? n : node(key, value, n.left, n.right);
  if (key < n.key) return balance(node(n.key, n.value, insert(n.left, key, value), n.right));
  return balance(node(n.key, n.value, n.left, insert(n.right, key, value)));
}

function find(n: Node | null, key: string): Node | null {
  while (n && n.key !== key) n = key < n.key ? n.left : n.right;
  return n;
}

export class PersistentVars implements VarScope {
  static readonly EMPTY = new PersistentVars(null);

  private constructor(private readonly root: Node | null) {}

  /** A map built from entries, later entries winning. */
  static of(entries: Iterable<[string, string | undefined]>): PersistentVars {
    let out = PersistentVars.EMPTY;
    for (const [k, v] of entries) out = out.set(k, v);
    return out;
  }

  get(name: string): string | undefined {
    return find(this.root, name)?.value;
  }

  has(name: string): boolean {
    return find(this.root, name) !== null;
  }

  /** A new map with `name` bound to `value` (undefined = declared, value unknown). */
  set(name: string, value: string | undefined): PersistentVars {
    const root = insert(this.root, name, value);
    return root === this.root ? this : new PersistentVars(root);
  }
}
