/** Helpers shared by the lockfile rules: package ids, positions, hits, paths. */
import { createHash } from 'node:crypto';
import type { Package } from '../../formats/lockfile/model.js';
import { spanAt, type Hit, type PackageQuery, type Pos, type Related, type Span } from '../../core/index.js';

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

/**
 * The entry itself: its package name where the parser located it (`parseLockfile` does for every
 * format; requirements files: the whole requirement), else one character at the key.
 */
export function entrySpan(p: Package): Span {
  return p.nameColumn !== undefined
    ? valueSpan({ line: p.line, column: p.nameColumn }, p.nameLength)
    : valueSpan(p, 1);
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

/** How many packages a grouped finding names in its message. */
export const GROUP_NAMED = 5;
/** How many other entries a grouped finding marks as related spans (the message counts the rest). */
export const GROUP_RELATED = 50;

/** One entry of a grouped finding: the package and where it is marked. */
export interface GroupEntry {
  p: Package;
  span: Span;
}

/** What a grouped finding covers, for its message, evidence and related spans. */
export interface Group {
  /** The entry the finding points at: the first in the file. */
  first: GroupEntry;
  /** Distinct `name@version`, in file order (an npm tree lists one release at several paths). */
  ids: string[];
  /** `a@1, b@2, c@3 and 4 more`: the first few, each once. */
  named: string;
  /** Related spans at the other entries, at most GROUP_RELATED. */
  related: Related[];
  /** Entries not marked because of the cap. */
  unmarked: number;
  /**
   * `<count> <digest>`: a digest of the sorted `name@version` list. The engine fingerprints a
   * finding from its evidence, so a group that gains (or loses) a package is a new finding under
   * `report: new`, and one whose lines only moved is not.
   */
  cover: string;
}

/** Groups entries (any order) into one finding's parts; `entries` must not be empty. */
export function groupOf(entries: GroupEntry[]): Group {
  const sorted = [...entries].sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
  const ids: string[] = [];
  const seen = new Set<string>();
  for (const e of sorted) {
    const id = display(e.p);
    if (seen.has(id)) continue;
    seen.add(id);
    ids.push(id);
  }
  const shown = ids.slice(0, GROUP_NAMED).join(', ');
  const named = ids.length > GROUP_NAMED ? `${shown} and ${ids.length - GROUP_NAMED} more` : shown;
  const rest = sorted.slice(1);
  const related = rest
    .slice(0, GROUP_RELATED)
    .map((e) => ({ span: e.span, label: short(display(e.p), 120) }));
  return {
    first: sorted[0]!,
    ids,
    named,
    related,
    unmarked: rest.length - related.length,
    cover: coverOf(sorted.map((e) => pkgId(e.p))),
  };
}

/** `and 12 more entries are not marked` when the related list was capped, else ''. */
export function unmarkedNote(g: Group): string {
  return g.unmarked > 0
    ? ` (the first ${GROUP_RELATED} other entries are marked; ${g.unmarked} more are not)`
    : '';
}

/** `package` for ignore entries: set only when the group is one release, which an entry can name. */
export function groupPackage(g: Group): Pick<Hit, 'package'> {
  return g.ids.length === 1 ? { package: pkgId(g.first.p) } : {};
}

/** `<count> <digest>` of a set of strings, whatever their order: what a grouped finding covers. */
export function coverOf(items: string[]): string {
  const keys = [...new Set(items)].sort();
  return `${keys.length} ${createHash('sha256').update(keys.join('\n')).digest('hex').slice(0, 16)}`;
}

/** Longest name or version sent to an advisory service; longer ones are not registry releases. */
const MAX_QUERY_FIELD = 214;

/**
 * What an advisory service is asked about an entry: ecosystem, real name and exact version, for
 * entries installed from a registry (or bundled inside one); undefined for git, tarball, file and
 * workspace entries and for unpinned requirements, which no advisory names by version.
 */
export function advisoryQuery(p: Package): PackageQuery | undefined {
  if (p.source !== 'registry' && p.source !== 'bundled') return undefined;
  const name = realName(p);
  if (p.version === '' || name === '' || name.length > MAX_QUERY_FIELD || p.version.length > MAX_QUERY_FIELD)
    return undefined;
  // go.sum writes `v1.2.3`; OSV's Go records (and osv-scanner's queries) use `1.2.3`.
  const version = p.ecosystem === 'Go' ? p.version.replace(/^v(?=\d)/, '') : p.version;
  return { ecosystem: p.ecosystem, name, version };
}
