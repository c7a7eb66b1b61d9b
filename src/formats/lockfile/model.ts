/** One model for every lockfile format; rules and the diff work only on this. */
import type { Ecosystem } from '../../core/ecosystem.js';
import type { LockfileFormatName } from '../registry.js';

export type PackageSource = 'registry' | 'git' | 'tarball' | 'file' | 'link' | 'workspace' | 'bundled';

export interface Package {
  ecosystem: Ecosystem;
  /** The name the package is installed under (for npm aliases: the alias key). */
  name: string;
  /** The real package name when it differs (npm alias `"name"` field, `npm:real@1.0.0`). */
  realName?: string;
  version: string;
  source: PackageSource;
  /** Download URL or git URL as written. */
  resolved?: string;
  /** Integrity/hash as written (SRI `sha512-...`, `sha256:...`, Berry checksum, ...). */
  integrity?: string;
  /** For git sources: the commit or ref that is locked. */
  commit?: string;
  dev?: boolean;
  optional?: boolean;
  /** npm `hasInstallScript`: npm read the package's own scripts, so this is known. */
  hasInstallScript?: boolean;
  /**
   * pnpm < 9 `requiresBuild: true`: an install script, a `binding.gyp`, or a package pnpm did not
   * download when it wrote the lockfile (every optional dependency), so only "may run a script".
   */
  requiresBuild?: boolean;
  /** True when no workspace/manifest depends on it directly (known for npm v2+/pnpm). */
  transitive?: boolean;
  /** The entry's key as written (npm install path `node_modules/a/node_modules/b`, pnpm `/a@1.0.0`, yarn descriptors, ...). */
  key?: string;
  /** Requirement as written when it is not an exact pin (requirements.txt `>=1.2`); version is then ''. */
  specifier?: string;
  /** Installed in editable/development mode (`-e`, Pipfile `editable`, uv `editable`). */
  editable?: boolean;
  /** 1-based position of the entry (its key token, quote included) in the lockfile. */
  line: number;
  column: number;
  /**
   * Where findings about the entry point, on `line`: the package name as written in the entry
   * (requirements files: the whole requirement). `parseLockfile` sets it after checking the text
   * there; when unset, the entry's key token is used.
   */
  nameColumn?: number;
  nameLength?: number;
  /** Position of the `resolved`/source value's first character (inside quotes), when the format has one. */
  resolvedLine?: number;
  resolvedColumn?: number;
  /** Position of the integrity value. */
  integrityLine?: number;
  integrityColumn?: number;
}

/** The registered lockfile format names (`formats/registry.ts`): one descriptor each. */
export type LockfileFormat = LockfileFormatName;

export interface LockfileModel {
  path: string;
  text: string;
  format: LockfileFormat;
  /** Format version as written (npm lockfileVersion, pnpm lockfileVersion, berry __metadata.version, ...). */
  formatVersion?: string;
  packages: Package[];
  /** Workspace/importer paths the lockfile names ('.' for the root). */
  importers: string[];
  /** Registry/index URLs the lockfile itself declares (pip --index-url, Pipfile sources, ...). */
  registries: { url: string; line: number; column: number; extra?: boolean }[];
  /** For requirements files: `-r`/`-c` includes as written, with positions. */
  includes?: { path: string; line: number; column: number; constraint?: boolean }[];
  /**
   * Git merge-conflict markers (`<<<<<<<`, `|||||||`, `=======`, `>>>>>>>` at a line start). When
   * any is present the file is not parsed further and `packages` is empty.
   */
  conflictMarkers: { line: number; column: number }[];
  /**
   * Entries of the package map that carry nothing a package entry has (no version, download URL
   * or resolution): left out of `packages`, reported by `lockfile/unrecognized-entry`.
   */
  unrecognized?: { key: string; line: number; column: number }[];
}

declare module '../../core/rule.js' {
  interface ModelByKind {
    lockfile: LockfileModel;
  }
}
