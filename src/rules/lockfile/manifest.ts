/** Finds and reads the manifest(s) that sit next to a lockfile, through the rule's workspace view. */
import type { LockfileModel } from '../../formats/lockfile/model.js';
import { parseManifest, type ManifestModel } from '../../formats/lockfile/manifest.js';
import type { RuleContext } from '../../core/index.js';
import { lockfileFormat } from '../../formats/lookup.js';
import { dirOf, joinPath } from './util.js';
import { trimTrailing } from '../../core/trim.js';

const MAX_IMPORTERS = 2000;

export interface Manifests {
  /** The manifest in the lockfile's directory. */
  root: ManifestModel;
  /** Manifests of the workspaces/importers the lockfile names (root excluded). */
  members: ManifestModel[];
}

function normalizeDir(p: string): string {
  let d = trimTrailing(p.replace(/\\/g, '/').replace(/^\.\/+/, ''), '/');
  if (d === '.') d = '';
  return d;
}

/**
 * The first manifest the lockfile's format declares (its descriptor's `manifests`) that is present
 * and readable in the lockfile's folder, and the same file in each importer's folder.
 */
export function readManifests(model: LockfileModel, ctx: RuleContext): Manifests | undefined {
  const dir = dirOf(ctx.path);
  for (const name of lockfileFormat(model.format).manifests) {
    const rootPath = joinPath(dir, name);
    const text = ctx.workspace.read(rootPath);
    const root = text === undefined ? undefined : parseManifest(text, rootPath);
    if (root) return { root, members: readMembers(model, dir, name, ctx) };
  }
  return undefined;
}

function readMembers(model: LockfileModel, dir: string, name: string, ctx: RuleContext): ManifestModel[] {
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
  return members;
}
