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
import { keyIs, keyText, POS_SCALE, scanJson } from './json-positions.js';
import type { LockfileModel, Package } from './model.js';
import { defineLockfileFormat } from '../format.js';

export const format = defineLockfileFormat({
  name: 'npm',
  kind: 'lockfile',
  fileNames: ['package-lock.json', 'npm-shrinkwrap.json'],
  comments: 'none', // JSON
  ecosystem: 'npm',
  manifests: ['package.json'],
  json: true,
  parse: parseNpm,
});

const NM = 'node_modules/';
/** npm v1 `dependencies` nesting deeper than this is not a real lockfile. */
const MAX_V1_NESTING = 200;

interface Positions {
  entry: Map<string, number>;
  version?: Map<string, number>;
  resolved: Map<string, number>;
  integrity: Map<string, number>;
}

/** package-lock.json / npm-shrinkwrap.json, lockfileVersion 1, 2 and 3. */
export function parseNpm(text: string, path: string): LockfileModel {
  const data = parseJsonText(text, 'npm lockfile');
  if (!isObject(data)) throw new ParseError('not an npm lockfile: the top level is not an object', 1, 1);
  const model = newModel(text, path, 'npm');
  if (data.lockfileVersion !== undefined) model.formatVersion = String(data.lockfileVersion as string);
  const { packages, dependencies } = data;
  if (packages !== undefined && !isObject(packages)) throw shapeError(text, 'packages');
  if (dependencies !== undefined && !isObject(dependencies)) throw shapeError(text, 'dependencies');
  if (packages && Object.keys(packages).length > 0) readPackages(model, packages);
  else if (dependencies) readV1(model, dependencies);
  else model.importers.push('.');
  return model;
}

function shapeError(text: string, key: string): ParseError {
  let found: number | undefined;
  scanJson(
    text,
    (depth, _stack, keyPos, _v, ks, ke) => {
      if (found === undefined && keyIs(text, ks, ke, key)) found = keyPos;
    },
    0,
  );
  const p = atPos(found);
  return new ParseError(`not an npm lockfile: "${key}" is not an object`, p.line, p.column);
}

function depNames(entry: Record<string, unknown>): Set<string> {
  const names = new Set<string>();
  for (const f of ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies']) {
    const deps = entry[f];
    if (isObject(deps)) for (const k of Object.keys(deps)) names.add(k);
  }
  return names;
}

/** Fields npm writes for a workspace folder entry (from its package.json). */
const WORKSPACE_FIELDS = [
  'name',
  'version',
  'dependencies',
  'devDependencies',
  'optionalDependencies',
  'peerDependencies',
  'workspaces',
  'license',
  'bin',
  'engines',
];

/**
 * An installed package (`node_modules/…`) always has a version, a resolved source or a link; a
 * workspace folder entry has some package.json field. An entry with none of these is not one npm
 * wrote, and reading it as an empty package would check nothing in silence.
 */
function isPackageEntry(entry: Record<string, unknown>, installed: boolean): boolean {
  if (installed)
    return typeof entry.version === 'string' || typeof entry.resolved === 'string' || entry.link === true;
  return WORKSPACE_FIELDS.some((f) => entry[f] !== undefined);
}

/** v2/v3: the flat `packages` map keyed by install path. */
function readPackages(model: LockfileModel, packages: Record<string, unknown>): void {
  // Positions by entry ordinal, in document order; matched to Object.keys order below.
  const text = model.text;
  const keys: string[] = [];
  const entryAt: number[] = [];
  const resolvedAt: number[] = [];
  const integrityAt: number[] = [];
  scanJson(
    text,
    (depth, stack, keyPos, valuePos, ks, ke) => {
      if (stack[0] !== 'packages' || depth === 0) return;
      if (depth === 1) {
        keys.push(typeof stack[1] === 'string' && stack[1] !== '' ? stack[1] : keyText(text, ks, ke));
        entryAt.push(keyPos);
      } else if (keyIs(text, ks, ke, 'resolved')) resolvedAt[keys.length - 1] = valuePos + 1;
      else if (keyIs(text, ks, ke, 'integrity')) integrityAt[keys.length - 1] = valuePos + 1;
    },
    2,
  );
  const objectKeys = Object.keys(packages);
  // JSON.parse keeps document order except for integer-like and duplicate keys: then map by key.
  let ordinal: (key: string, i: number) => number | undefined = (_k, i) => i;
  if (objectKeys.length !== keys.length || objectKeys.some((k, i) => keys[i] !== k)) {
    const byKey = new Map<string, number>();
    keys.forEach((k, i) => byKey.set(k, i));
    ordinal = (k) => byKey.get(k);
  }

  // Importers: the root ("") and workspace folders (keys outside node_modules).
  const direct = new Map<string, Set<string>>();
  const allDirect = new Set<string>();
  model.importers.push('.');
  for (const key of objectKeys) {
    if (key !== '' && key.includes(NM)) continue;
    const entry = packages[key];
    if (!isObject(entry)) continue;
    const names = depNames(entry);
    direct.set(key, names);
    for (const n of names) allDirect.add(n);
    if (key !== '') model.importers.push(key);
  }

  for (let i = 0; i < objectKeys.length; i++) {
    const key = objectKeys[i]!;
    if (key === '') continue;
    const entry = packages[key];
    const o = ordinal(key, i);
    const at = atPos(o === undefined ? undefined : entryAt[o]);
    if (!isObject(entry)) throw new ParseError(`packages["${key}"] is not an object`, at.line, at.column);
    const idx = key.lastIndexOf(NM);
    if (!isPackageEntry(entry, idx !== -1)) {
      (model.unrecognized ??= []).push({ key, ...at });
      continue;
    }
    const declared = str(entry.name);
    const resolved = str(entry.resolved);
    const integrity = str(entry.integrity);
    const r = o === undefined || resolved === undefined ? undefined : resolvedAt[o];
    const g = o === undefined || integrity === undefined ? undefined : integrityAt[o];
    const rLine = r === undefined ? undefined : (r / POS_SCALE) | 0;
    const gLine = g === undefined ? undefined : (g / POS_SCALE) | 0;
    // one object shape for every entry keeps this loop monomorphic on 100k-entry lockfiles
    const p: Package = {
      ecosystem: 'npm',
      name: '',
      realName: undefined,
      version: str(entry.version) ?? '',
      source: 'registry',
      resolved,
      integrity,
      commit: undefined,
      dev: entry.dev === true ? true : undefined,
      optional: entry.optional === true ? true : undefined,
      hasInstallScript: entry.hasInstallScript === true ? true : undefined,
      transitive: false,
      key,
      line: at.line,
      column: at.column,
      resolvedLine: rLine,
      resolvedColumn: r === undefined ? undefined : r - rLine! * POS_SCALE,
      integrityLine: gLine,
      integrityColumn: g === undefined ? undefined : g - gLine! * POS_SCALE,
    };
    if (idx === -1) {
      // a workspace folder (or a linked folder's own entry)
      p.name = declared ?? key.slice(key.lastIndexOf('/') + 1);
      p.source = 'workspace';
    } else {
      const name = key.slice(idx + NM.length);
      p.name = name;
      if (declared !== undefined && declared !== name) p.realName = declared;
      const parent = idx === 0 ? '' : key.slice(0, idx - 1);
      const parentDeps = parent === '' ? allDirect : direct.get(parent);
      p.transitive = parentDeps ? !parentDeps.has(name) : true;
      if (entry.link === true) p.source = 'link';
      else if (entry.inBundle === true) p.source = 'bundled';
      else if (resolved !== undefined) {
        const c = classifyJsResolved(resolved);
        p.source = c.source;
        p.commit = c.commit;
      }
    }
    model.packages.push(p);
  }
}

/** v1: the nested `dependencies` tree, walked with an explicit stack. */
function readV1(model: LockfileModel, dependencies: Record<string, unknown>): void {
  const pos: Positions = { entry: new Map(), resolved: new Map(), integrity: new Map(), version: new Map() };
  // ok[d]: stack[0..d] follows dependencies/<name>/dependencies/<name>/...; ids[d]: entry id at d
  const ok: boolean[] = [];
  const ids: string[] = [];
  const text = model.text;
  scanJson(text, (depth, stack, keyPos, valuePos, ks, ke) => {
    const key = stack[depth];
    if (depth === 0) {
      ok[0] = key === 'dependencies';
      return;
    }
    if (!ok[depth - 1] || depth > 2 * MAX_V1_NESTING || typeof key !== 'string') {
      ok[depth] = false;
      return;
    }
    if (depth % 2 === 1) {
      ids[depth] = depth === 1 ? key : `${ids[depth - 2]}\u0000${key}`;
      pos.entry.set(ids[depth]!, keyPos);
      ok[depth] = true;
    } else {
      ok[depth] = key === 'dependencies';
      if (keyIs(text, ks, ke, 'resolved')) pos.resolved.set(ids[depth - 1]!, valuePos + 1);
      else if (keyIs(text, ks, ke, 'integrity')) pos.integrity.set(ids[depth - 1]!, valuePos + 1);
      else if (keyIs(text, ks, ke, 'version')) pos.version!.set(ids[depth - 1]!, valuePos + 1);
    }
  });

  model.importers.push('.');
  const work: { deps: Record<string, unknown>; id: string; path: string; level: number }[] = [
    { deps: dependencies, id: '', path: '', level: 0 },
  ];
  const out: { order: number; p: Package }[] = [];
  while (work.length > 0) {
    const { deps, id, path, level } = work.pop()!;
    if (level >= MAX_V1_NESTING)
      throw new ParseError('npm lockfile dependencies are nested too deeply', 1, 1);
    for (const name of Object.keys(deps)) {
      const entry = deps[name];
      const eid = id === '' ? name : `${id}\u0000${name}`;
      const offset = pos.entry.get(eid);
      const at = atPos(offset);
      if (!isObject(entry))
        throw new ParseError(`dependencies["${name}"] is not an object`, at.line, at.column);
      const key = `${path}${NM}${name}`;
      if (typeof entry.version !== 'string' && typeof entry.resolved !== 'string') {
        (model.unrecognized ??= []).push({ key, ...at });
        continue;
      }
      const spec = str(entry.version) ?? '';
      const p: Package = { ecosystem: 'npm', name, version: spec, source: 'registry', key, ...at };
      if (level > 0) p.transitive = true;
      let resolved = str(entry.resolved);
      if (spec.startsWith('npm:')) {
        const [real, v] = splitIdent(spec.slice(4));
        if (real !== name) p.realName = real;
        p.version = v ?? '';
      } else if (spec.includes(':') || classifyJsSpec(spec) !== undefined) {
        // git (also `user/repo#ref`), file: and URL dependencies carry the spec in `version`
        resolved ??= spec;
        p.version = '';
      }
      if (entry.bundled === true) p.source = 'bundled';
      else if (resolved !== undefined) {
        let c = classifyJsResolved(resolved);
        const g = c.source === 'git' ? undefined : classifyJsSpec(resolved);
        if (g?.source === 'git') c = g; // ssh://, https://….git, user/repo#ref
        p.source = c.source;
        if (c.commit !== undefined) p.commit = c.commit;
      }
      if (resolved !== undefined) {
        p.resolved = resolved;
        const o = pos.resolved.get(eid) ?? pos.version!.get(eid);
        if (o !== undefined) setPos(p, 'resolved', atPos(o));
      }
      const integrity = str(entry.integrity);
      if (integrity !== undefined) {
        p.integrity = integrity;
        const o = pos.integrity.get(eid);
        if (o !== undefined) setPos(p, 'integrity', atPos(o));
      }
      if (entry.dev === true) p.dev = true;
      if (entry.optional === true) p.optional = true;
      out.push({ order: offset ?? 0, p });
      if (isObject(entry.dependencies)) {
        work.push({ deps: entry.dependencies, id: eid, path: `${key}/`, level: level + 1 });
      }
    }
  }
  out.sort((a, b) => a.order - b.order);
  for (const o of out) model.packages.push(o.p);
}
