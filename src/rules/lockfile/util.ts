/** Helpers shared by the lockfile rules: package ids, positions, hits, paths. */
import type { LockfileModel, Package } from '../../formats/lockfile/model.js';
import type { Ecosystem, Hit } from '../../core/index.js';

/** `name@version` with the real name for npm aliases: what ignore entries and advisories name. */
export function pkgId(p: Package): string {
  const name = p.realName ?? p.name;
  if (p.version !== '') return `${name}@${p.version}`;
  return p.commit ? `${name}@${p.commit.slice(0, 12)}` : name;
}

/** `name@version` for messages (the name alone when the lockfile records no version). */
export function display(p: Package): string {
  const name = p.realName ?? p.name;
  return p.version !== '' ? `${name}@${p.version}` : name;
}

/** The name an advisory would use: the real package name (npm aliases resolve to it). */
export function realName(p: Package): string {
  return p.realName ?? p.name;
}

/** Where findings about the source URL point: the `resolved` value if known, else the entry. */
export function resolvedPos(p: Package): At {
  return p.resolvedLine !== undefined
    ? { line: p.resolvedLine, column: p.resolvedColumn ?? 1, length: p.resolved?.length }
    : { line: p.line, column: p.column, length: p.name.length };
}

/** A position and, when known, the length of the text there (for the finding's end column). */
export interface At {
  line: number;
  column: number;
  length?: number;
}

/** The entry itself (its key in the lockfile). */
export function entryPos(p: Package): At {
  return { line: p.line, column: p.column, length: p.name.length };
}

/** Where findings about the hash point: the integrity value if known, else the entry. */
export function integrityPos(p: Package): At {
  return p.integrityLine !== undefined
    ? { line: p.integrityLine, column: p.integrityColumn ?? 1, length: p.integrity?.length }
    : { line: p.line, column: p.column, length: p.name.length };
}

/** Trims a value for messages and evidence (lockfile values can be megabytes long). */
export function short(value: string, max = 200): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

/** A hit on one package with `package` set and evidence `name@version value`. */
export function packageHit(
  p: Package,
  at: At,
  message: string,
  offending: string | undefined,
  extra: Partial<Hit> = {},
): Hit {
  const evidence = offending ? `${pkgId(p)} ${short(offending)}` : pkgId(p);
  return {
    message,
    line: at.line,
    column: at.column,
    endColumn: at.column + Math.max(1, Math.min(at.length ?? 1, 10_000)),
    evidence,
    package: pkgId(p),
    ...extra,
  };
}

/** The directory part of a repo-relative path ('' for the root). */
export function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i === -1 ? '' : path.slice(0, i);
}

export function joinPath(dir: string, rel: string): string {
  if (dir === '' || dir === '.') return rel;
  return `${dir}/${rel}`;
}
