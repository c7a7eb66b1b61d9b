import {
  isMap,
  isPair,
  isScalar,
  LineCounter,
  parseAllDocuments,
  type Document,
  type Node,
  type YAMLMap,
} from 'yaml';
import { flowTooDeep, MAX_YAML_FLOW_DEPTH } from '../yaml-depth.js';
import { ParseError } from '../position.js';
import { hostileToParseError, isObject, isRegistryTarball, newModel, str } from './common.js';
import type { LockfileModel, Package } from './model.js';
import type { Pos } from '../../core/index.js';
import { readPnpmFast, type FastDocument } from './pnpm-fast.js';
import { defineLockfileFormat } from '../format.js';

export const format = defineLockfileFormat({
  name: 'pnpm',
  kind: 'lockfile',
  fileNames: ['pnpm-lock.yaml'],
  comments: 'yaml',
  ecosystem: 'npm',
  manifests: ['package.json'],
  parse: parsePnpm,
});

/** Real pnpm lockfiles use no aliases; a few are tolerated, an alias bomb is a ParseError. */
const MAX_ALIAS_COUNT = 50;
const DEP_TYPES = ['dependencies', 'devDependencies', 'optionalDependencies'];

function mapGet(node: unknown, key: string): Node | undefined {
  if (!isMap(node)) return undefined;
  for (const item of (node as YAMLMap).items) {
    if (isPair(item) && isScalar(item.key) && String(item.key.value) === key)
      return item.value as Node | undefined;
  }
  return undefined;
}

/** Offset of a scalar's first character (inside quotes). */
function valueOffset(node: Node | undefined): number | undefined {
  if (!isScalar(node) || !node.range) return undefined;
  const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
  return node.range[0] + (quoted ? 1 : 0);
}

function stripPeers(v: string, v5: boolean): string {
  const paren = v.indexOf('(');
  if (paren !== -1) v = v.slice(0, paren);
  if (v5) {
    const us = v.indexOf('_');
    if (us !== -1) v = v.slice(0, us);
  }
  return v;
}

/** Name and version from a `packages` key: `/a/1.0.0_peer` (5.x), `/a@1.0.0(peer)` (6.0), `a@1.0.0` (9.0). */
export function parsePnpmKey(key: string, v5: boolean): { name: string; version: string } {
  let k = key.startsWith('/') ? key.slice(1) : key;
  if (v5) {
    // The `_peer` suffix follows the version: a name may hold `_` itself (`@types/babel__core`).
    const parts = k.split('/');
    const scoped = k.startsWith('@');
    const name = scoped ? parts.slice(0, 2).join('/') : parts[0]!;
    const version = stripPeers((scoped ? parts[2] : parts[1]) ?? '', true);
    return { name, version };
  }
  k = stripPeers(k, false);
  const at = k.indexOf('@', 1);
  if (at === -1) return { name: k, version: '' };
  return { name: k.slice(0, at), version: k.slice(at + 1) };
}

/** Where readDocument finds the positions of `packages` keys and of their resolution values. */
interface DocPositions {
  key(key: string): Pos;
  resolution(key: string, field: string): Pos | undefined;
}

/**
 * pnpm-lock.yaml 5.x, 6.0 and 9.0, including multi-document files (pnpm 11+ env document). The
 * regular shape pnpm writes is read by the line reader in pnpm-fast.ts; anything else goes through
 * the `yaml` package (same model either way).
 */
export function parsePnpm(text: string, path: string): LockfileModel {
  const fast = readPnpmFast(text);
  return fast ? parsePnpmFast(text, path, fast) : parsePnpmYaml(text, path);
}

function parsePnpmFast(text: string, path: string, docs: FastDocument[]): LockfileModel {
  const model = newModel(text, path, 'pnpm');
  const importers = new Set<string>();
  for (const doc of docs) {
    const positions: DocPositions = {
      key: (k) => {
        return doc.packageKeys.get(k) ?? { line: 1, column: 1 };
      },
      resolution: (k, field) => {
        return doc.resolutionValues.get(k)?.get(field);
      },
    };
    readDocument(model, doc.data, positions, importers);
  }
  model.importers.push(...importers);
  return model;
}

/** The general path: the `yaml` package with an alias limit. */
export function parsePnpmYaml(text: string, path: string): LockfileModel {
  const model = newModel(text, path, 'pnpm');
  const lc = new LineCounter();
  let docs: Document.Parsed[];
  const deep = flowTooDeep(text);
  if (deep)
    throw new ParseError(`YAML nested deeper than ${MAX_YAML_FLOW_DEPTH} levels`, deep.line, deep.column);
  try {
    docs = parseAllDocuments(text, { lineCounter: lc }) as Document.Parsed[];
  } catch (e) {
    hostileToParseError(e, 'pnpm lockfile');
  }
  const importers = new Set<string>();
  for (const doc of docs) {
    const err = doc.errors[0];
    if (err) {
      const p = lc.linePos(err.pos[0]);
      throw new ParseError(`invalid YAML: ${err.message.split('\n')[0]}`, p.line, p.col);
    }
    let data: unknown;
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      hostileToParseError(e, 'pnpm lockfile');
    }
    if (data === null || data === undefined) continue;
    if (!isObject(data)) throw new ParseError('not a pnpm lockfile: the document is not a mapping', 1, 1);
    readDocument(model, data, yamlPositions(doc, lc), importers);
  }
  model.importers.push(...importers);
  return model;
}

function yamlPositions(doc: Document.Parsed, lc: LineCounter): DocPositions {
  const pkgsNode = mapGet(doc.contents, 'packages');
  const valueNodes = new Map<string, Node | undefined>();
  const keyStart = new Map<string, number>();
  if (isMap(pkgsNode)) {
    for (const item of pkgsNode.items) {
      if (!isPair(item) || !isScalar(item.key) || !item.key.range) continue;
      const k = String(item.key.value);
      keyStart.set(k, item.key.range[0]);
      valueNodes.set(k, item.value as Node | undefined);
    }
  }
  return {
    key: (k) => {
      const at = lc.linePos(keyStart.get(k) ?? 0);
      return { line: at.line, column: at.col };
    },
    resolution: (k, field) => {
      const o = valueOffset(mapGet(mapGet(valueNodes.get(k), 'resolution'), field));
      if (o === undefined) return undefined;
      const lp = lc.linePos(o);
      return { line: lp.line, column: lp.col };
    },
  };
}

function readDocument(
  model: LockfileModel,
  data: Record<string, unknown>,
  positions: DocPositions,
  importers: Set<string>,
): void {
  const lockfileVersion = data.lockfileVersion;
  if (lockfileVersion !== undefined) model.formatVersion = String(lockfileVersion as string);
  const v5 = Number.parseFloat(String(lockfileVersion ?? '5')) < 6;
  const packages = data.packages;
  if (packages !== undefined && packages !== null && !isObject(packages)) {
    throw new ParseError('not a pnpm lockfile: "packages" is not a mapping', 1, 1);
  }

  // Direct dependencies of every importer, as name@version, to mark the rest transitive.
  const direct = new Set<string>();
  const importerMap = isObject(data.importers) ? data.importers : undefined;
  const projects: Record<string, unknown> = importerMap ?? (packages ? { '.': data } : {});
  for (const [dir, project] of Object.entries(projects)) {
    importers.add(dir);
    if (!isObject(project)) continue;
    for (const t of DEP_TYPES) {
      const deps = project[t];
      if (!isObject(deps)) continue;
      for (const [name, spec] of Object.entries(deps)) {
        const v = isObject(spec) ? str(spec.version) : typeof spec === 'string' ? spec : undefined;
        if (v === undefined || v.startsWith('link:')) continue;
        const bare = stripPeers(v, v5);
        if (bare.startsWith('/') || bare.indexOf('@', 1) > 0) {
          const aliased = parsePnpmKey(bare, v5);
          direct.add(`${aliased.name}@${aliased.version}`);
        } else direct.add(`${name}@${bare}`);
      }
    }
  }

  // 9.0 keeps `optional` in snapshots (per peer variant).
  const optionalSnapshots = new Set<string>();
  if (isObject(data.snapshots)) {
    for (const [k, s] of Object.entries(data.snapshots)) {
      if (isObject(s) && s.optional === true) optionalSnapshots.add(stripPeers(k, false));
    }
  }

  if (!packages) return;
  for (const [key, raw] of Object.entries(packages)) {
    const at = positions.key(key);
    if (raw !== null && !isObject(raw))
      throw new ParseError(`packages["${key}"] is not a mapping`, at.line, at.column);
    // pnpm writes a `resolution` for every package (registry, tarball, git, directory); an entry
    // without one is not a package entry, and reading it as one would check nothing.
    if (raw === null || !isObject(raw.resolution)) {
      (model.unrecognized ??= []).push({ key, line: at.line, column: at.column });
      continue;
    }
    const entry = raw;
    const parsed = parsePnpmKey(key, v5);
    const name = str(entry.name) ?? parsed.name;
    const version = str(entry.version) ?? parsed.version;
    const p: Package = {
      ecosystem: 'npm',
      name,
      version,
      source: 'registry',
      key,
      line: at.line,
      column: at.column,
    };
    const res = isObject(entry.resolution) ? entry.resolution : {};
    const tarball = str(res.tarball);
    const repo = str(res.repo);
    const integrity = str(res.integrity);
    let resolvedField: string | undefined;
    if (key.startsWith('link:') || key.startsWith('/link:')) {
      p.source = 'link';
    } else if (res.type === 'directory') {
      p.source = 'file';
      p.resolved = str(res.directory);
      resolvedField = 'directory';
    } else if (res.type === 'git' || repo !== undefined) {
      p.source = 'git';
      p.resolved = repo;
      resolvedField = 'repo';
      const commit = str(res.commit);
      if (commit !== undefined) p.commit = commit;
    } else if (tarball !== undefined) {
      p.resolved = tarball;
      resolvedField = 'tarball';
      if (tarball.startsWith('file:')) p.source = 'file';
      else p.source = isRegistryTarball(tarball) ? 'registry' : 'tarball';
    }
    if (p.resolved !== undefined && resolvedField) {
      const rp = positions.resolution(key, resolvedField);
      if (rp) {
        p.resolvedLine = rp.line;
        p.resolvedColumn = rp.column;
      }
    }
    if (integrity !== undefined) {
      p.integrity = integrity;
      const ip = positions.resolution(key, 'integrity');
      if (ip) {
        p.integrityLine = ip.line;
        p.integrityColumn = ip.column;
      }
    }
    if (entry.dev === true) p.dev = true;
    if (entry.optional === true || optionalSnapshots.has(stripPeers(key, false))) p.optional = true;
    if (entry.requiresBuild === true) p.requiresBuild = true;
    if (p.source === 'registry' || p.source === 'tarball' || p.source === 'git') {
      p.transitive = !direct.has(`${parsed.name}@${parsed.version}`) && !direct.has(`${name}@${version}`);
    }
    model.packages.push(p);
  }
}
