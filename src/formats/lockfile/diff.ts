/**
 * What a change did to a lockfile, for `report: new` and for `lockfile/integrity-changed`.
 *
 * API (pure; no I/O):
 * - `diffLockfiles(base, head): LockfileDiff`: `base` is the lockfile at the merge base (undefined
 *   when the file is new). Packages are matched by ecosystem + real name + version + install path
 *   (`Package.key` when the parser records one, e.g. npm's `node_modules/a/node_modules/b`), then,
 *   for entries whose key moved (hoisting, a renamed workspace), by ecosystem + name + version
 *   alone. `added`/`removed` are head/base packages without a counterpart; `changed` pairs an
 *   unchanged version whose source, resolved URL or integrity differs; `unchanged` counts the rest.
 * - `integrityChangedHits(diff): Hit[]`: one `lockfile/integrity-changed` hit per changed entry
 *   whose hash of the same algorithm differs, at the head entry's integrity value (the same
 *   version cannot have new bytes). The caller adds the rule id and path like any rule hit.
 * - `introducedKeys(diff): Set<string>`: `name@version` of every added or changed package, to
 *   keep only findings about what the change introduced (match against `Hit.package`).
 */
import type { Hit } from '../../core/index.js';
import type { LockfileModel, Package } from './model.js';

export type ChangedField = 'source' | 'resolved' | 'integrity';

export interface ChangedPackage {
  base: Package;
  head: Package;
  fields: ChangedField[];
  /** True when a hash of the same algorithm differs (not just added, removed or re-encoded). */
  integrityDiffers: boolean;
}

export interface LockfileDiff {
  added: Package[];
  removed: Package[];
  changed: ChangedPackage[];
  unchanged: number;
}

function nameOf(p: Package): string {
  return p.realName ?? p.name;
}

function looseKey(p: Package): string {
  return `${p.ecosystem}\0${nameOf(p)}\0${p.version}`;
}

function exactKey(p: Package): string {
  return `${looseKey(p)}\0${p.key ?? ''}`;
}

/** Digests by algorithm; several digests for one algorithm (Python wheels) form a set. */
function hashes(integrity: string | undefined): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  if (!integrity) return out;
  for (const raw of integrity.slice(0, 1 << 20).split(/[\s,]+/)) {
    const tok = raw.replace(/^--hash=/, '');
    if (tok === '') continue;
    let alg: string;
    let digest: string;
    const m = /^(sha1|sha224|sha256|sha384|sha512|md5|h1)[-:=]/i.exec(tok);
    if (m) {
      alg = m[1]!.toLowerCase();
      digest = tok.slice(m[0].length);
    } else {
      const slash = tok.indexOf('/');
      // Yarn Berry `<cacheKey>/<hex>`: checksums of different cache keys are not comparable.
      alg = slash > 0 && slash < 12 ? `berry-${tok.slice(0, slash)}` : `raw-${tok.length}`;
      digest = slash > 0 && slash < 12 ? tok.slice(slash + 1) : tok;
    }
    const set = out.get(alg) ?? new Set<string>();
    set.add(digest);
    out.set(alg, set);
  }
  return out;
}

/**
 * Same algorithm, different bytes: for single digests, inequality; for sets (one hash per wheel),
 * no digest in common, since adding a wheel for a new platform to a release is legitimate.
 */
export function integrityDiffers(base: string | undefined, head: string | undefined): boolean {
  const a = hashes(base);
  const b = hashes(head);
  for (const [alg, da] of a) {
    const db = b.get(alg);
    if (!db) continue;
    if (da.size === 1 && db.size === 1) {
      if ([...da][0] !== [...db][0]) return true;
      continue;
    }
    let common = false;
    for (const d of da) if (db.has(d)) common = true;
    if (!common) return true;
  }
  return false;
}

function compare(base: Package, head: Package): ChangedPackage | undefined {
  const fields: ChangedField[] = [];
  if (base.source !== head.source) fields.push('source');
  if ((base.resolved ?? '') !== (head.resolved ?? '')) fields.push('resolved');
  if ((base.integrity ?? '') !== (head.integrity ?? '')) fields.push('integrity');
  if (fields.length === 0) return undefined;
  return { base, head, fields, integrityDiffers: integrityDiffers(base.integrity, head.integrity) };
}

function group(list: Package[], keyOf: (p: Package) => string): Map<string, Package[]> {
  const m = new Map<string, Package[]>();
  for (const p of list) {
    const k = keyOf(p);
    const l = m.get(k);
    if (l) l.push(p);
    else m.set(k, [p]);
  }
  return m;
}

export function diffLockfiles(base: LockfileModel | undefined, head: LockfileModel): LockfileDiff {
  const diff: LockfileDiff = { added: [], removed: [], changed: [], unchanged: 0 };
  if (!base) {
    diff.added = [...head.packages];
    return diff;
  }
  const pair = (b: Package, h: Package): void => {
    const c = compare(b, h);
    if (c) diff.changed.push(c);
    else diff.unchanged++;
  };
  // Pass 1: same install path. Pass 2: what is left, by name and version.
  const baseExact = group(base.packages, exactKey);
  const leftHead: Package[] = [];
  for (const h of head.packages) {
    const list = baseExact.get(exactKey(h));
    const b = list?.shift();
    if (b) pair(b, h);
    else leftHead.push(h);
  }
  const leftBase = [...baseExact.values()].flat();
  const baseLoose = group(leftBase, looseKey);
  for (const h of leftHead) {
    const list = baseLoose.get(looseKey(h));
    const b = list?.shift();
    if (b) pair(b, h);
    else diff.added.push(h);
  }
  diff.removed = [...baseLoose.values()].flat();
  const byPos = (a: Package, b: Package): number => a.line - b.line || a.column - b.column;
  diff.added.sort(byPos);
  diff.removed.sort(byPos);
  diff.changed.sort((a, b) => byPos(a.head, b.head));
  return diff;
}

function short(s: string, n = 120): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

export function integrityChangedHits(diff: LockfileDiff): Hit[] {
  const hits: Hit[] = [];
  for (const c of diff.changed) {
    if (!c.integrityDiffers) continue;
    const h = c.head;
    const id = `${nameOf(h)}@${h.version}`;
    const line = h.integrityLine ?? h.line;
    const column = h.integrityLine !== undefined ? (h.integrityColumn ?? 1) : h.column;
    const moved = c.fields.includes('resolved')
      ? ` and its download URL changed to ${short(h.resolved ?? '(none)')}`
      : '';
    hits.push({
      message: `${id} keeps its version but its integrity hash changed (was ${short(c.base.integrity ?? '', 40)})${moved}: a published version cannot have new bytes, so this entry was rewritten.`,
      span: {
        line,
        column,
        endLine: line,
        endColumn: column + Math.max(1, Math.min((h.integrity ?? '').length, 10_000)),
      },
      evidence: `${id} ${short(h.integrity ?? '', 200)}`,
      package: id,
      fix: `Restore the base entry of ${id} (or delete it and reinstall from the registry) and find out why its hash changed.`,
    });
  }
  return hits;
}

export function introducedKeys(diff: LockfileDiff): Set<string> {
  const out = new Set<string>();
  for (const p of diff.added) out.add(`${nameOf(p)}@${p.version}`);
  for (const c of diff.changed) out.add(`${nameOf(c.head)}@${c.head.version}`);
  return out;
}
