/** Finds and reads the manifest(s) that sit next to a lockfile, through the rule's workspace view. */
import type { LockfileModel } from '../../formats/lockfile/model.js';
import { parseManifest, type ManifestModel } from '../../formats/lockfile/manifest.js';
import type { RuleContext } from '../../core/index.js';
import { dirOf, joinPath } from './util.js';

const NPM_FORMATS = new Set<LockfileModel['format']>(['npm', 'yarn-classic', 'yarn-berry', 'pnpm', 'bun']);
const PY_FORMATS = new Set<LockfileModel['format']>(['poetry', 'uv']);
const MAX_IMPORTERS = 2000;

export interface Manifests {
  /** The manifest in the lockfile's directory. */
  root: ManifestModel;
  /** Manifests of the workspaces/importers the lockfile names (root excluded). */
  members: ManifestModel[];
}

function normalizeDir(p: string): string {
  let d = p
    .replace(/\\/g, '/')
    .replace(/^\.\/+/, '')
    .replace(/\/+$/, '');
  if (d === '.') d = '';
  return d;
}

export function readManifests(model: LockfileModel, ctx: RuleContext): Manifests | undefined {
  const name = NPM_FORMATS.has(model.format)
    ? 'package.json'
    : PY_FORMATS.has(model.format)
      ? 'pyproject.toml'
      : undefined;
  if (!name) return undefined;
  const dir = dirOf(ctx.path);
  const rootPath = joinPath(dir, name);
  const text = ctx.workspace.read(rootPath);
  if (text === undefined) return undefined;
  const root = parseManifest(text, rootPath);
  if (!root) return undefined;
  const members: ManifestModel[] = [];
  const seen = new Set<string>();
  for (const imp of model.importers.slice(0, MAX_IMPORTERS)) {
    const d = normalizeDir(imp);
    if (d === '' || d.includes('..') || seen.has(d)) continue;
    seen.add(d);
    const p = joinPath(dir, `${d}/${name}`);
    const t = ctx.workspace.read(p);
    const m = t === undefined ? undefined : parseManifest(t, p);
    if (m) members.push(m);
  }
  return { root, members };
}
