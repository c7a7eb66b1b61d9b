/** Questions about the format registry: which format a path is, what a format declares. */
import type { FormatDescriptor, ManifestName } from './format.js';
import { FORMATS } from './registry.js';

type FormatKind = FormatDescriptor['kind'];
/** The registered descriptors of kind K, with their literal names. */
type DescriptorOf<K extends FormatKind> = Extract<(typeof FORMATS)[number], { kind: K }>;

const ALL: readonly FormatDescriptor[] = FORMATS;
const BY_FILE_NAME = new Map<string, FormatDescriptor[]>();
for (const f of ALL) {
  for (const n of f.fileNames) BY_FILE_NAME.set(n, [...(BY_FILE_NAME.get(n) ?? []), f]);
}
const BY_PATH_TEST = ALL.filter((f) => f.matchesPath !== undefined);
const BY_NAME = new Map(ALL.map((f) => [f.name, f]));

/** A path's base name and its parent folder's name ('' at the root). */
export function nameAndParent(parts: readonly string[]): { name: string; parent: string } {
  return { name: parts[parts.length - 1]!, parent: parts.length > 1 ? parts[parts.length - 2]! : '' };
}

/** Every format of kind K whose file names cover this base name and parent folder (content not read). */
export function formatsNamed<K extends FormatKind>(kind: K, name: string, parent: string): DescriptorOf<K>[] {
  const out: DescriptorOf<K>[] = [];
  for (const f of BY_FILE_NAME.get(name) ?? []) if (f.kind === kind) out.push(f as DescriptorOf<K>);
  for (const f of BY_PATH_TEST) {
    if (f.kind === kind && f.matchesPath!(name, parent)) out.push(f as DescriptorOf<K>);
  }
  return out;
}

/**
 * The format of a file of kind K, by its path (split on `/` and `\`) and, where formats share a
 * file name, by its content. Undefined = no format of that kind.
 */
export function formatOfFile<K extends FormatKind>(
  kind: K,
  path: string,
  text: string,
): DescriptorOf<K> | undefined {
  const { name, parent } = nameAndParent(path.split(/[\\/]/));
  return formatsNamed(kind, name, parent).find((f) => f.claims === undefined || f.claims(text));
}

/** The descriptor of a registered lockfile format; a model names only registered formats. */
export function lockfileFormat(name: string): DescriptorOf<'lockfile'> {
  const f = BY_NAME.get(name);
  if (f?.kind !== 'lockfile') throw new Error(`'${name}' is not a registered lockfile format`);
  return f as DescriptorOf<'lockfile'>;
}

/** Every manifest file name some lockfile format reads beside it. */
export const MANIFEST_NAMES: ReadonlySet<ManifestName> = new Set(
  ALL.flatMap((f) => (f.kind === 'lockfile' ? f.manifests : [])),
);
