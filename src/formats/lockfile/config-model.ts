import type { PmConfigFormatName } from '../registry.js';

/** The registered package-manager config formats (`formats/registry.ts`, files under `formats/pm-config/`). */
export type PmConfigFormat = PmConfigFormatName;

export interface PmSetting {
  /** Key as written, e.g. `registry`, `@acme:registry`, `//npm.acme.io/:_authToken`, `npmScopes.acme.npmRegistryServer`. */
  key: string;
  value: string;
  /** Section for ini-style files (`global`, `pypi`), else undefined. */
  section?: string;
  line: number;
  column: number;
  valueLine: number;
  valueColumn: number;
  /**
   * YAML aliases (`*name`) through which the value reached this key, outermost first; the value's
   * own position is where the anchored value is written. Absent when no alias was followed.
   */
  aliases?: { line: number; column: number; endColumn: number; name: string }[];
}

export interface PmConfigModel {
  path: string;
  text: string;
  format: PmConfigFormat;
  settings: PmSetting[];
}

declare module '../../core/rule.js' {
  interface ModelByKind {
    'pm-config': PmConfigModel;
  }
}
