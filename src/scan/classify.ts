import type { FileKind } from '../core/index.js';
import { KINDS } from './kinds.js';

/** Classifies a repo-relative path (forward slashes) by name; undefined = not ours. */
export function classify(relPath: string): FileKind | undefined {
  const parts = relPath.split('/');
  const name = parts[parts.length - 1]!;
  const parent = parts.length > 1 ? parts[parts.length - 2]! : '';
  return KINDS.find((k) => k.matches(parts, name, parent))?.kind;
}

/** Size caps per kind, in bytes; a larger file is skipped with a finding. */
export const DEFAULT_SIZE_CAPS = Object.fromEntries(KINDS.map((k) => [k.kind, k.sizeCap])) as Record<
  FileKind,
  number
>;
