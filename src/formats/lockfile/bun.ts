import { gitFragment } from '../../refs/git.js';
import { ParseError } from '../position.js';
import {
  atPos,
  classifyJsResolved,
  classifyJsSpec,
  isObject,
  newModel,
  parseJsonText,
  setPos,
  splitIdent,
  str,
} from './common.js';
import { keyText, scanJson, stripJsonc } from './json-positions.js';
import type { LockfileModel, Package } from './model.js';
import { defineLockfileFormat } from '../format.js';

export const format = defineLockfileFormat({
  name: 'bun',
  kind: 'lockfile',
  fileNames: ['bun.lock'],
  comments: 'jsonc', // Bun reads bun.lock as JSONC
  ecosystem: 'npm',
  manifests: ['package.json'],
  json: true,
  parse: parseBun,
});

/** The installed name is the last path segment of a bun `packages` key (`parent/@scope/child`). */
function installedName(key: string): string {
  const parts = key.split('/');
  const last = parts[parts.length - 1]!;
  const prev = parts[parts.length - 2];
  return prev !== undefined && prev.startsWith('@') ? `${prev}/${last}` : last;
}

/**
 * bun.lock (text lockfile, JSON with trailing commas). Entries are arrays:
 * npm `[ident, registry-or-url, info, integrity]`, git/github `[ident, info, tag]`,
 * tarball/file/link `[ident, info]`, workspace `[ident]`.
 */
export function parseBun(text: string, path: string): LockfileModel {
  const json = stripJsonc(text);
  const data = parseJsonText(json, 'bun lockfile');
  if (!isObject(data)) throw new ParseError('not a bun lockfile: the top level is not an object', 1, 1);
  const model = newModel(text, path, 'bun');
  if (data.lockfileVersion !== undefined) model.formatVersion = String(data.lockfileVersion as string);
  const { packages, workspaces } = data;
  if (packages !== undefined && !isObject(packages))
    throw new ParseError('not a bun lockfile: "packages" is not an object', 1, 1);

  const direct = new Set<string>();
  if (isObject(workspaces)) {
    for (const [dir, ws] of Object.entries(workspaces)) {
      model.importers.push(dir === '' ? '.' : dir);
      if (!isObject(ws)) continue;
      for (const t of ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies']) {
        const deps = ws[t];
        if (isObject(deps)) for (const k of Object.keys(deps)) direct.add(k);
      }
    }
  } else model.importers.push('.');
  if (!packages) return model;

  const entryPos = new Map<string, number>();
  const elemPos = new Map<string, number[]>();
  scanJson(
    json,
    (depth, stack, keyPos, valuePos, ks, ke) => {
      if (depth === 0 || stack[0] !== 'packages') return;
      if (depth === 1) entryPos.set(keyText(json, ks, ke), keyPos);
      else if (depth === 2 && typeof stack[2] === 'number') {
        const k = stack[1] as string;
        let arr = elemPos.get(k);
        if (!arr) elemPos.set(k, (arr = []));
        arr[stack[2]] = valuePos + 1;
      }
    },
    2,
  );

  for (const [key, entry] of Object.entries(packages)) {
    const at = atPos(entryPos.get(key));
    if (!Array.isArray(entry) || typeof entry[0] !== 'string') {
      throw new ParseError(`packages["${key}"] is not a bun package entry`, at.line, at.column);
    }
    const elems = elemPos.get(key) ?? [];
    const posAt = (i: number): { line: number; column: number } | undefined =>
      elems[i] === undefined ? undefined : atPos(elems[i]);
    const [identName, spec = ''] = splitIdent(entry[0]);
    const name = installedName(key);
    const p: Package = { ecosystem: 'npm', name, version: '', source: 'registry', key, ...at };
    if (identName !== name) p.realName = identName;
    if (key.includes('/') && !(key.startsWith('@') && key.split('/').length === 2)) p.transitive = true;
    if (spec.startsWith('workspace:') || spec.startsWith('root:')) {
      p.source = 'workspace';
      p.resolved = spec.slice(spec.indexOf(':') + 1);
    } else if (spec.startsWith('link:')) {
      p.source = 'link';
      p.resolved = spec.slice(5);
    } else if (spec.startsWith('file:')) {
      p.source = 'file';
      p.resolved = spec;
    } else if (spec.includes(':') || classifyJsSpec(spec)?.source === 'git') {
      // github:, git+https:, ssh://, user/repo#ref, https:// tarballs
      const c =
        classifyJsSpec(spec)?.source === 'git' ? { source: 'git' as const } : classifyJsResolved(spec);
      p.source = c.source === 'registry' ? 'tarball' : c.source;
      p.resolved = spec;
      if (p.source === 'git') {
        const commit = gitFragment(spec) ?? str(entry[2]);
        if (commit !== undefined) p.commit = commit;
      }
    } else {
      p.version = spec;
      const registry = str(entry[1]);
      if (registry) {
        p.resolved = registry;
        setPos(p, 'resolved', posAt(1));
        const c = classifyJsResolved(registry);
        if (c.source === 'tarball' && registry.endsWith('.tgz')) p.source = 'tarball';
      }
      const integrity = str(entry[3]);
      if (integrity !== undefined) {
        p.integrity = integrity;
        setPos(p, 'integrity', posAt(3));
      }
    }
    if (p.resolved !== undefined && p.resolvedLine === undefined && p.source !== 'registry') {
      const q = posAt(0);
      if (q) setPos(p, 'resolved', { line: q.line, column: q.column + identName.length + 1 });
    }
    if (p.transitive === undefined && p.source === 'registry') p.transitive = !direct.has(name);
    model.packages.push(p);
  }
  return model;
}
