/**
 * Dependency declarations of the manifest next to a lockfile (package.json, pyproject.toml), with
 * the line and column of each, so drift findings can point at the manifest line.
 *
 * - `parseManifest(text, path)`: by file name; undefined when the text cannot be read (a broken
 *   manifest is not the lockfile rules' business).
 * - `parsePackageJson(text, path)`, `parsePyproject(text, path)`.
 */
import { parseTree, type Node } from 'jsonc-parser';
import { parse as parseToml } from 'smol-toml';
import { LineIndex } from '../position.js';

export type DependencyGroup =
  | 'dependencies'
  | 'devDependencies'
  | 'optionalDependencies'
  | 'project.dependencies'
  | 'project.optional-dependencies'
  | 'dependency-groups'
  | 'tool.poetry.dependencies'
  | 'tool.poetry.group'
  | 'tool.uv.dev-dependencies';

export interface DeclaredDependency {
  /** Name as the key/requirement writes it (for npm aliases: the alias). */
  name: string;
  /** The version spec as written (`^1.2.0`, `npm:real@^1`, `workspace:*`, `>=2,<3`, ...). */
  spec: string;
  group: DependencyGroup;
  /** Position of the dependency's key token, quote included (package.json), or of the requirement text (pyproject). */
  line: number;
  column: number;
  /** Length of the text at that position. */
  length: number;
}

export interface ManifestModel {
  path: string;
  kind: 'package.json' | 'pyproject.toml';
  name?: string;
  dependencies: DeclaredDependency[];
  /** package.json `workspaces` (array or `{packages}`) as written; undefined when absent. */
  workspaces?: string[];
  /** Names forced to a version by `overrides`, `resolutions` or `pnpm.overrides`. */
  overridden: Set<string>;
}

const NPM_GROUPS = ['dependencies', 'devDependencies', 'optionalDependencies'] as const;
const MAX_DEPS = 20_000;

export function parseManifest(text: string, path: string): ManifestModel | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (base === 'package.json') return parsePackageJson(text, path);
  if (base === 'pyproject.toml') return parsePyproject(text, path);
  return undefined;
}

function child(node: Node | undefined, key: string): Node | undefined {
  if (!node || node.type !== 'object') return undefined;
  for (const prop of node.children ?? []) {
    const [k, v] = prop.children ?? [];
    if (k?.value === key) return v;
  }
  return undefined;
}

/** The name an `overrides`/`resolutions` key refers to: `foo`, `@s/foo@1`, `**\/foo`, `a@1>b`. */
export function overrideName(key: string): string {
  const k = key.slice(key.lastIndexOf('>') + 1);
  const segs = k.split('/');
  let last = segs[segs.length - 1]!;
  const at = last.indexOf('@', 1);
  if (at !== -1) last = last.slice(0, at);
  const prev = segs.length >= 2 ? segs[segs.length - 2]! : '';
  return prev.startsWith('@') ? `${prev}/${last}` : last;
}

function collectOverrides(node: Node | undefined, out: Set<string>, depth = 0): void {
  if (!node || node.type !== 'object' || depth > 8) return;
  for (const prop of node.children ?? []) {
    const [k, v] = prop.children ?? [];
    if (typeof k?.value !== 'string') continue;
    out.add(overrideName(k.value));
    collectOverrides(v, out, depth + 1);
  }
}

export function parsePackageJson(text: string, path: string): ManifestModel | undefined {
  const errors: { error: number; offset: number; length: number }[] = [];
  let root: Node | undefined;
  try {
    root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  } catch {
    return undefined; // hostile nesting can exhaust the parser's stack
  }
  if (!root || root.type !== 'object' || errors.length > 0) return undefined;
  const index = new LineIndex(text);
  const deps: DeclaredDependency[] = [];
  for (const group of NPM_GROUPS) {
    const obj = child(root, group);
    if (!obj || obj.type !== 'object') continue;
    for (const prop of obj.children ?? []) {
      if (deps.length >= MAX_DEPS) break;
      const [k, v] = prop.children ?? [];
      if (!k || typeof k.value !== 'string') continue;
      const pos = index.pos(k.offset); // the key token, quote included, like lockfile entries
      deps.push({
        name: k.value,
        spec: typeof v?.value === 'string' ? v.value : '',
        group,
        line: pos.line,
        column: pos.column,
        length: k.length,
      });
    }
  }
  const nameNode = child(root, 'name');
  const ws = child(root, 'workspaces');
  const wsList = ws?.type === 'array' ? ws : child(ws, 'packages');
  const workspaces =
    wsList?.type === 'array'
      ? (wsList.children ?? []).map((c) => c.value).filter((v): v is string => typeof v === 'string')
      : undefined;
  const overridden = new Set<string>();
  collectOverrides(child(root, 'overrides'), overridden);
  collectOverrides(child(root, 'resolutions'), overridden);
  collectOverrides(child(child(root, 'pnpm'), 'overrides'), overridden);
  return {
    path,
    kind: 'package.json',
    name: typeof nameNode?.value === 'string' ? nameNode.value : undefined,
    dependencies: deps,
    workspaces,
    overridden,
  };
}

/** PEP 503 name normalisation: case-insensitive, runs of `-_.` are one `-`. */
export function normalizePyName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** The distribution name at the start of a PEP 508 requirement (`requests[socks]>=2; ...`). */
export function requirementName(req: string): string | undefined {
  const m = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]{0,200}[A-Za-z0-9])?)/.exec(req.slice(0, 300));
  return m ? m[1] : undefined;
}

type TomlTable = Record<string, unknown>;

function table(v: unknown): TomlTable | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as TomlTable) : undefined;
}

export function parsePyproject(text: string, path: string): ManifestModel | undefined {
  let doc: TomlTable;
  try {
    doc = parseToml(text) as TomlTable;
  } catch {
    return undefined;
  }
  const lines = text.split('\n');
  const locator = new TomlLocator(lines);
  const deps: DeclaredDependency[] = [];
  const addList = (list: unknown, group: DependencyGroup, header: string): void => {
    if (!Array.isArray(list)) return;
    for (const item of list) {
      if (typeof item !== 'string' || deps.length >= MAX_DEPS) continue;
      const name = requirementName(item);
      if (!name) continue;
      const at = locator.findString(header, item);
      deps.push({ name, spec: item.slice(name.length).trim(), group, ...at });
    }
  };
  const project = table(doc.project);
  addList(project?.dependencies, 'project.dependencies', '[project]');
  const optional = table(project?.['optional-dependencies']);
  for (const list of Object.values(optional ?? {})) {
    addList(list, 'project.optional-dependencies', '[project.optional-dependencies]');
  }
  for (const list of Object.values(table(doc['dependency-groups']) ?? {})) {
    addList(list, 'dependency-groups', '[dependency-groups]');
  }
  const tool = table(doc.tool);
  addList(table(tool?.uv)?.['dev-dependencies'], 'tool.uv.dev-dependencies', '[tool.uv]');
  const poetry = table(tool?.poetry);
  const addTable = (t: TomlTable | undefined, group: DependencyGroup, header: string): void => {
    for (const [name, spec] of Object.entries(t ?? {})) {
      if (name.toLowerCase() === 'python' || deps.length >= MAX_DEPS) continue;
      const at = locator.findKey(header, name);
      deps.push({ name, spec: typeof spec === 'string' ? spec : '', group, ...at });
    }
  };
  addTable(table(poetry?.dependencies), 'tool.poetry.dependencies', '[tool.poetry.dependencies]');
  addTable(table(poetry?.['dev-dependencies']), 'tool.poetry.group', '[tool.poetry.dev-dependencies]');
  for (const [g, body] of Object.entries(table(poetry?.group) ?? {})) {
    addTable(table(table(body)?.dependencies), 'tool.poetry.group', `[tool.poetry.group.${g}.dependencies]`);
  }
  const name =
    typeof project?.name === 'string'
      ? project.name
      : typeof poetry?.name === 'string'
        ? poetry.name
        : undefined;
  return { path, kind: 'pyproject.toml', name, dependencies: deps, overridden: new Set() };
}

/** Finds where a value or key is written, by scanning lines (smol-toml gives no positions). */
class TomlLocator {
  private readonly used = new Set<string>();
  constructor(private readonly lines: string[]) {}

  private headerLine(header: string): number {
    const h = header.replace(/\s+/g, '');
    for (let i = 0; i < this.lines.length; i++) {
      if (this.lines[i]!.replace(/\s+/g, '').startsWith(h)) return i;
    }
    return -1;
  }

  findString(header: string, value: string): { line: number; column: number; length: number } {
    const start = Math.max(0, this.headerLine(header));
    for (const from of [start, 0]) {
      for (let i = from; i < this.lines.length; i++) {
        for (const q of ['"', "'"]) {
          const col = this.lines[i]!.indexOf(q + value + q);
          if (col === -1) continue;
          const key = `${i}:${col}`;
          if (this.used.has(key)) continue;
          this.used.add(key);
          return { line: i + 1, column: col + 2, length: value.length };
        }
      }
    }
    return { line: start + 1, column: 1, length: 1 };
  }

  findKey(header: string, key: string): { line: number; column: number; length: number } {
    const start = this.headerLine(header);
    if (start === -1) return { line: 1, column: 1, length: 1 };
    for (let i = start + 1; i < this.lines.length; i++) {
      const l = this.lines[i]!;
      const t = l.trimStart();
      if (t.startsWith('[')) break;
      for (const k of [key, `"${key}"`, `'${key}'`]) {
        if (t.startsWith(k) && /^\s*=/.test(t.slice(k.length))) {
          const col = l.length - t.length + 1 + (k === key ? 0 : 1);
          return { line: i + 1, column: col, length: key.length };
        }
      }
    }
    return { line: start + 1, column: 1, length: 1 };
  }
}

declare module '../../core/rule.js' {
  interface ModelByKind {
    manifest: ManifestModel;
  }
}
