import type { Severity, Threshold } from './severity.js';

/**
 * The shape of the one validated configuration. `config/schema.ts` builds the zod schema that
 * produces it and checks at compile time that the two agree; rules read it through RuleContext.
 */
export type ReportMode = 'new' | 'changed-files' | 'all';

export interface IgnoreEntry {
  rule: string;
  path: string;
  package?: string | undefined;
  image?: string | undefined;
  reason: string;
  until?: string | undefined;
}

export interface Config {
  'fail-on': Threshold;
  report?: ReportMode | undefined;
  paths: { include: string[]; exclude: string[] };
  rules: Record<string, Severity | 'off'>;
  dockerfile: { 'trusted-registries': string[] };
  lockfile: { 'allowed-hosts': string[]; 'min-release-age': string };
  workflow: { 'trusted-actions': string[] };
  /** `required`: a look-up that fails blocks the run (intel/unavailable at critical). */
  online: boolean | 'required';
  intel: {
    'osv-url': string;
    'npm-registry-url'?: string;
    /** Registry host → base URL asked instead, for image digests (`bulkhead fix`). */
    'registry-urls'?: Record<string, string>;
    'github-api-url'?: string;
    'pypi-url'?: string;
    'timeout-ms': number;
    concurrency: number;
    'registry-concurrency': number;
  };
  ignore: IgnoreEntry[];
}
