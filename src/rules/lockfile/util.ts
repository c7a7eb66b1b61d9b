/** Helpers shared by the lockfile rules: package ids, positions, hits, paths. */
import type { Package } from '../../formats/lockfile/model.js';
import { spanAt, type Hit, type Pos, type Span } from '../../core/index.js';

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

/**
 * `length` characters from `pos` on one line, at least one and at most 10,000: where a finding on
 * a lockfile value points (values can be megabytes long).
 */
function valueSpan(pos: Pos, length: number | undefined): Span {
  return spanAt(pos, Math.max(1, Math.min(length ?? 1, 10_000)));
}

/** Where findings about the source URL point: the `resolved` value if known, else the entry. */
export function resolvedSpan(p: Package): Span {
  return p.resolvedLine !== undefined
    ? valueSpan({ line: p.resolvedLine, column: p.resolvedColumn ?? 1 }, p.resolved?.length)
    : entrySpan(p);
}

/** The entry itself (its key in the lockfile). */
export function entrySpan(p: Package): Span {
  return valueSpan(p, p.name.length);
}

/** Where findings about the hash point: the integrity value if known, else the entry. */
export function integritySpan(p: Package): Span {
  return p.integrityLine !== undefined
    ? valueSpan({ line: p.integrityLine, column: p.integrityColumn ?? 1 }, p.integrity?.length)
    : entrySpan(p);
}

/** Trims a value for messages and evidence (lockfile values can be megabytes long). */
export function short(value: string, max = 200): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

/** What a finding on one package carries: `package` for ignore entries, evidence `name@version value`. */
export function packageFields(p: Package, offending: string | undefined): Pick<Hit, 'evidence' | 'package'> {
  const id = pkgId(p);
  return { evidence: offending ? `${id} ${short(offending)}` : id, package: id };
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
