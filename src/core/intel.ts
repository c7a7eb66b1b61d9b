/**
 * What the online look-ups answer, as plain data: the online phase of the scan asks `intel/`
 * (the only layer that talks to the network) and hands these answers to pure rule functions, so
 * every online rule runs in tests with a fake and no socket.
 */
import type { Ecosystem } from './ecosystem.js';
import type { Severity } from './severity.js';

/** One locked release, as a vulnerability database is asked about it: name and version only. */
export interface PackageQuery {
  ecosystem: Ecosystem;
  name: string;
  version: string;
}

/** The key of a query in answer maps. */
export function queryKey(q: PackageQuery): string {
  return `${q.ecosystem}\0${q.name}\0${q.version}`;
}

/** One advisory as it applies to one package version. */
export interface Advisory {
  /** The advisory's own id (`GHSA-...`, `MAL-2025-...`, `PYSEC-...`). */
  id: string;
  /** Other ids for the same issue (`CVE-...`), without `id`. */
  aliases: string[];
  /** One line, from the advisory (untrusted text: shown escaped, never executed). */
  summary: string;
  /** From the CVSS vector (highest version given) or the database's own label; absent when neither. */
  severity?: Severity;
  /** How `severity` was decided, e.g. `CVSS:3.1 9.8` or `GitHub severity HIGH`. */
  severitySource?: string;
  /** The lowest version that fixes it above the locked one, when the advisory names one. */
  fixed?: string;
  /** Published as malware: a `MAL-` record or an advisory tagged CWE-506. */
  malicious: boolean;
  /** The affected range covers every version (introduced 0 and no end). */
  allVersions: boolean;
  /** Where a person reads it. */
  url: string;
}

/** A service that did not answer usefully: shown as one `intel/unavailable` finding. */
export interface ServiceFailure {
  /** Display name: `OSV`. */
  service: string;
  /** The configured base URL (from the config, never from a scanned file). */
  url: string;
  /** How many distinct package versions went unanswered. */
  packages: number;
  /** Why, in words (status code, timeout, body too large, redirect to another host, ...). */
  reason: string;
  /** What went unchecked, in words; default `for known vulnerabilities or malware` (OSV). */
  checks?: string;
  /** What `packages` counts, singular (`action ref`); default `package version`. */
  unit?: string;
}

/** One published version as the npm registry lists it (`versions[v].dist`, `time[v]`). */
export interface RegistryVersion {
  /** `dist.integrity`: an SRI string (`sha512-...`), absent on versions published before 2017. */
  integrity?: string;
  /** `dist.shasum`: the SHA-1 of the tarball, hex. */
  shasum?: string;
  /** `time[version]` as epoch milliseconds, when the packument gives a valid date. */
  published?: number;
  /**
   * The install scripts the version runs: the names among `scripts.preinstall|install|postinstall`
   * that are set, or `hasInstallScript` when only that flag says so; absent when none.
   */
  installScripts?: string[];
  /** `dist.attestations` is present (provenance / trusted publishing). */
  attested?: boolean;
  /** `deprecated`: the maintainers' message, when non-empty (capped at 1,000 characters). */
  deprecated?: string;
}

/** What the npm registry answered for one package name (its packument), reduced to what rules read. */
export type Packument =
  | { exists: false }
  | {
      exists: true;
      versions: ReadonlyMap<string, RegistryVersion>;
      /** `time.unpublished` is set: every version was taken down. */
      unpublished: boolean;
    };

/** One file of a PyPI release (`releases[v][i]` of the JSON API), reduced to what rules read. */
export interface PypiFile {
  /** `digests.sha256`, lowercase hex; absent when PyPI gives none (or not 64 hex digits). */
  sha256?: string;
  /** `upload_time_iso_8601` as epoch milliseconds, when it is a valid date. */
  uploaded?: number;
  /** `yanked` (PEP 592). */
  yanked: boolean;
  /** `yanked_reason`, when non-empty (capped at 1,000 characters). */
  yankedReason?: string;
}

/** What PyPI's JSON API answered for one project (`GET /pypi/{name}/json`), per version as listed. */
export type PypiProject =
  | { exists: false }
  | {
      exists: true;
      /** Per version key exactly as PyPI lists it (`releases`), its files (possibly none). */
      releases: ReadonlyMap<string, readonly PypiFile[]>;
    };

/** The answers of the online phase, read by online rules. */
export interface OnlineAnswers {
  /** Advisories for a package version: [] = asked and none; undefined = not answered. */
  advisories(q: PackageQuery): readonly Advisory[] | undefined;
  /** The npm registry's packument for a name: undefined = not asked or not answered. */
  packument?(name: string): Packument | undefined;
  /** The GitHub API's answer for an action ref: undefined = not asked or not answered. */
  actionRef?(q: ActionRefQuery): ActionRefAnswer | undefined;
  /** PyPI's JSON for a PEP 503-normalized project name: undefined = not asked or not answered. */
  pypiProject?(name: string): PypiProject | undefined;
  /** The time the answers are judged at (epoch ms), for release ages. */
  now?: number;
  failures: readonly ServiceFailure[];
}

/** How a failure of the GitHub API is named in `intel/unavailable` (service, what went unchecked, unit). */
export const GITHUB_API_FAILURE = {
  service: 'the GitHub API',
  checks: 'against the GitHub API (impostor commits, ref confusion, version comments, pinning fixes)',
  unit: 'action ref',
} as const;

/** An action or reusable workflow ref, as the GitHub API is asked about it. */
export interface ActionRefQuery {
  owner: string;
  repo: string;
  /** What follows `@`: a tag, a branch, or a commit SHA. */
  ref: string;
}

/** The key of an action ref query in answer maps (owner and repo lower-cased). */
export function actionRefKey(q: ActionRefQuery): string {
  return `${q.owner.toLowerCase()}/${q.repo.toLowerCase()}@${q.ref}`;
}

/** What the GitHub API answered for one action ref. */
export interface ActionRefAnswer {
  /** The repository exists and is readable. */
  exists: boolean;
  /** The commit the tag `ref` points to (annotated tags dereferenced), when there is such a tag. */
  tagCommit?: string;
  /** The commit at the head of branch `ref`, when there is such a branch. */
  branchCommit?: string;
  /**
   * For a 40-hex `ref`: whether the commit is reachable from the repository's branches or tags
   * (false: an impostor commit from a fork network); undefined when not asked or unknown.
   */
  reachable?: boolean;
  /** For a 40-hex `ref`: the tags that point at it (for the version comment). */
  tagsAtCommit?: string[];
  /**
   * For a tag `ref` that moves (`v4`, `v4.1`): the most specific version tag at the same commit
   * (`v4.2.2`), for the comment of a pin; absent when none of the listed tags is.
   */
  versionTag?: string;
  /** For a 40-hex `ref` found unreachable: the branches and tags it was compared with. */
  compared?: string[];
  /** For a 40-hex `ref`: the API knows no such commit, in the repository or its fork network. */
  unknownCommit?: boolean;
}

/** An image reference's current digest, as the registry's distribution API answers it. */
export interface ImageDigestAnswer {
  /** `sha256:<64 hex>` of the index (multi-platform) or manifest the tag names. */
  digest: string;
}
