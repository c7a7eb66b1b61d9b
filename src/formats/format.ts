/**
 * What a file format is, declared next to its parser: one `format` export per format file, listed
 * once in `registry.ts`. Classification, parse dispatch, the manifest rules and the docs read
 * these descriptors, so a new format touches no other file.
 */
import type { CommentSyntax } from './comments.js';
import type { PmSetting } from './lockfile/config-model.js';
import type { ManifestModel } from './lockfile/manifest.js';
import type { Ecosystem } from '../core/ecosystem.js';
import type { LockfileModel } from './lockfile/model.js';

/** The manifest files Bulkhead can read beside a lockfile. */
export type ManifestName = ManifestModel['kind'];

interface FormatBase<N extends string> {
  name: N;
  /** Exact base names (case-sensitive) of the files in this format. */
  fileNames: readonly string[];
  /**
   * Further files the format claims by base name and parent folder name ('' at the root), for
   * names that cannot be listed (`requirements-dev.txt`). Runs on every discovered file: keep it
   * cheap and linear.
   */
  matchesPath?(name: string, parent: string): boolean;
  /**
   * For formats that share a file name: whether the content is this format (Yarn Berry's
   * `__metadata:` key). Absent = any content. Classification never calls it (it reads no
   * content), so formats that share a name must share a kind.
   */
  claims?(text: string): boolean;
  /** How the docs list the file names, when `fileNames` alone does not say it (patterns). */
  docNames?: readonly string[];
  /**
   * The comments the format's own reader skips (`comments.ts`); an inline `bulkhead-ignore` is
   * honoured only inside one. `none` for formats without comments (JSON, go.sum).
   */
  comments: CommentSyntax;
}

export interface LockfileFormatDescriptor<N extends string = string> extends FormatBase<N> {
  kind: 'lockfile';
  /** The ecosystem every package of the file belongs to (allowed hosts, advisories). */
  ecosystem: Ecosystem;
  /** Manifest files in the lockfile's folder (and its importers' folders) it was resolved from. */
  manifests: readonly ManifestName[];
  /**
   * The file is JSON: valid content cannot hold a merge-conflict marker at a line start (strings
   * have no raw newlines), so markers are looked for only when parsing fails.
   */
  json?: boolean;
  /** Reads the text (BOM removed) into the common model; throws ParseError when it cannot. */
  parse(text: string, path: string): LockfileModel;
}

export interface PmConfigFormatDescriptor<N extends string = string> extends FormatBase<N> {
  kind: 'pm-config';
  /** The ecosystem whose installs the file configures. */
  ecosystem: Ecosystem;
  /**
   * Reads the settings with positions. A leading BOM arrives replaced by a space (`.yarnrc.yml`
   * keeps it: YAML skips it), so columns count it; throws ParseError when the text cannot be read.
   */
  parse(text: string): PmSetting[];
}

export type FormatDescriptor = LockfileFormatDescriptor | PmConfigFormatDescriptor;

/** Declares a lockfile format; the literal name becomes part of `LockfileFormat`. */
export function defineLockfileFormat<const N extends string>(
  format: LockfileFormatDescriptor<N>,
): LockfileFormatDescriptor<N> {
  return format;
}

/** Declares a package-manager config format; the literal name becomes part of `PmConfigFormat`. */
export function definePmConfigFormat<const N extends string>(
  format: PmConfigFormatDescriptor<N>,
): PmConfigFormatDescriptor<N> {
  return format;
}
