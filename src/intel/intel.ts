/**
 * The one interface the scan's online phase receives. Implementations talk to the configured
 * services only (config `intel.*`), never to a host a scanned file names, and send package names
 * and versions only: no token or URL from a scanned file ever leaves the machine. A failure is an
 * answer too (`failure`), never an exception, so offline findings are never lost to the network.
 *
 * Later services slot in as further methods (the npm registry's packuments, PyPI's release JSON,
 * the GitHub API's refs), each answering for what it was asked and reporting its own failure.
 */
import type {
  ActionRefAnswer,
  ActionRefQuery,
  Advisory,
  ImageDigestAnswer,
  PackageQuery,
  Packument,
  PypiProject,
  ServiceFailure,
} from '../core/index.js';

export interface VulnerabilityAnswers {
  /** Advisories per queryKey (core/intel.ts); a key missing = not answered. */
  answers: ReadonlyMap<string, readonly Advisory[]>;
  failure?: ServiceFailure;
}

export interface PackumentAnswers {
  /** Packuments per package name; a name missing = not answered. */
  answers: ReadonlyMap<string, Packument>;
  failure?: ServiceFailure;
}

export interface PypiAnswers {
  /** Projects per PEP 503-normalized name; a name missing = not answered. */
  answers: ReadonlyMap<string, PypiProject>;
  failure?: ServiceFailure;
}

export interface Intel {
  /** Known vulnerabilities and malware records for each package version (OSV). */
  vulnerabilities(queries: readonly PackageQuery[]): Promise<VulnerabilityAnswers>;
  /**
   * The npm registry's packument for each name (one GET per name, cached for the run). The
   * `versions` argument counts the distinct versions per name, for the failure's package count.
   */
  packuments?(names: ReadonlyMap<string, number>): Promise<PackumentAnswers>;
  /**
   * PyPI's JSON document for each PEP 503-normalized project name (one GET per name, cached for
   * the run); `versions` as for packuments. Absent when `intel.pypi-url` is unset.
   */
  pypiProjects?(names: ReadonlyMap<string, number>): Promise<PypiAnswers>;
  /**
   * The GitHub API's answer for each action ref (keys: actionRefKey in core/intel.ts), one call
   * per distinct repository and ref, cached for the run. Absent when no GitHub API is configured.
   */
  actionRefs?(queries: readonly ActionRefQuery[]): Promise<{
    answers: ReadonlyMap<string, ActionRefAnswer>;
    failure?: ServiceFailure;
  }>;
  /**
   * The current digest of each image reference as written (`node:20`, `ghcr.io/o/i:1.2`), through
   * the OCI distribution API of its registry (or the configured mirror), cached for the run.
   */
  imageDigests?(images: readonly string[]): Promise<{
    answers: ReadonlyMap<string, ImageDigestAnswer>;
    failure?: ServiceFailure;
  }>;
  /** Requests sent so far (every attempt and redirect), for the bench and tests. */
  requests(): number;
}

/** The `intel:` settings of the config. */
export interface IntelSettings {
  'osv-url': string;
  /** Unset: no npm registry look-ups. */
  'npm-registry-url'?: string;
  /** Registry host → base URL asked instead, for image digests (fixes only). */
  'registry-urls'?: Record<string, string>;
  /** Unset: `GITHUB_API_URL` from the environment, else https://api.github.com. */
  'github-api-url'?: string;
  /** Unset: no PyPI look-ups. */
  'pypi-url'?: string;
  'timeout-ms': number;
  concurrency: number;
  /**
   * Requests in flight at once to the package registries (npm, PyPI), a pool apart from OSV's so
   * thousands of per-name downloads do not queue OSV's advisory requests behind them.
   */
  'registry-concurrency'?: number;
}
