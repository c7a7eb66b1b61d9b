/**
 * The network implementation of Intel: OSV, and when configured the npm registry and PyPI, over
 * guarded HTTP clients, one cache per run. OSV has its own pool of `intel.concurrency` requests;
 * the registries share another of `intel.registry-concurrency`, so thousands of per-name downloads
 * do not queue OSV's advisory look-ups behind them.
 */
import { HttpClient, RateLimited, type HttpOptions } from './http.js';
import { OsvClient } from './osv.js';
import { NpmRegistryClient } from './npm.js';
import { PypiClient } from './pypi.js';
import { OciResolver } from './oci.js';
import { GitHubClient, githubRateLimit } from './github.js';
import {
  actionRefKey,
  GITHUB_API_FAILURE,
  type ActionRefAnswer,
  type ServiceFailure,
} from '../core/index.js';
import type { Intel, IntelSettings, PackumentAnswers, PypiAnswers, VulnerabilityAnswers } from './intel.js';

export type { Intel, IntelSettings, PackumentAnswers, PypiAnswers, VulnerabilityAnswers } from './intel.js';

/** How the npm registry is named in findings. */
export const NPM_SERVICE = 'the npm registry';
/** What goes unchecked when it fails. */
export const NPM_CHECKS = 'against the npm registry (integrity, existence, release age)';
/** How PyPI is named in findings. */
export const PYPI_SERVICE = 'PyPI';
/** What goes unchecked when it fails. */
export const PYPI_CHECKS = 'against PyPI (hashes, existence, release age, yanked)';

/**
 * Asks `fetchOne` about every name at once (the client's pool bounds what is in flight); a name
 * that failed counts its versions in the one failure, whose reason is the first one met.
 */
async function perName<T>(
  names: ReadonlyMap<string, number>,
  fetchOne: (name: string) => Promise<T>,
  service: Omit<ServiceFailure, 'packages' | 'reason'>,
): Promise<{ answers: Map<string, T>; failure?: ServiceFailure }> {
  const answers = new Map<string, T>();
  let packages = 0;
  let reason: string | undefined;
  await Promise.all(
    [...names].map(async ([name, versions]) => {
      try {
        answers.set(name, await fetchOne(name));
      } catch (e) {
        packages += versions;
        reason ??= (e as Error).message;
      }
    }),
  );
  return { answers, ...(reason !== undefined ? { failure: { ...service, packages, reason } } : {}) };
}

export const DEFAULT_GITHUB_API_URL = 'https://api.github.com';

/** What the process environment says about GitHub: the shells pass it, `intel/` never reads env. */
export interface GitHubEnvironment {
  /** The action's token, or `GITHUB_TOKEN` for the CLI; unset: unauthenticated requests. */
  token?: string;
  /** `GITHUB_API_URL` (the runner's own API, GitHub Enterprise Server included). */
  apiUrl?: string;
}

function originOf(url: string | undefined): string | undefined {
  if (url === undefined || url === '') return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The GitHub API base URL of the run and whether the token may go to it: `intel.github-api-url`,
 * else `GITHUB_API_URL`, else https://api.github.com. The token goes only to the environment's own
 * API (`GITHUB_API_URL`, else api.github.com): a config that names another host gets no token, so a
 * `.bulkhead.yml` can never send a GitHub token somewhere else.
 */
export function githubTarget(
  settings: IntelSettings,
  env: GitHubEnvironment,
): { url: string; token?: string } {
  const envUrl = originOf(env.apiUrl) !== undefined ? env.apiUrl! : undefined;
  const url = settings['github-api-url'] ?? envUrl ?? DEFAULT_GITHUB_API_URL;
  const home = originOf(envUrl ?? DEFAULT_GITHUB_API_URL);
  const token = env.token?.trim();
  return token && originOf(url) === home ? { url, token } : { url };
}

/** Builds the run's Intel from the config's `intel:` settings (the only URLs it may contact). */
export function createIntel(
  settings: IntelSettings,
  test: Pick<
    HttpOptions,
    'fetch' | 'sleep' | 'maxBytes' | 'maxDepth' | 'retries' | 'backoffMs' | 'maxRetryAfterMs'
  > = {},
  env: GitHubEnvironment = {},
): Intel {
  const registryUrl = settings['npm-registry-url'];
  const pypiUrl = settings['pypi-url'];
  const http = new HttpClient({
    origins: [settings['osv-url']],
    timeoutMs: settings['timeout-ms'],
    concurrency: settings.concurrency,
    ...test,
  });
  const registryOrigins = [
    ...(registryUrl !== undefined ? [registryUrl] : []),
    ...(pypiUrl !== undefined ? [pypiUrl] : []),
  ];
  const registries =
    registryOrigins.length === 0
      ? undefined
      : new HttpClient({
          origins: registryOrigins,
          timeoutMs: settings['timeout-ms'],
          concurrency: settings['registry-concurrency'] ?? settings.concurrency,
          ...test,
        });
  const osv = new OsvClient(settings['osv-url'], http);
  // Image digests are asked only by the fix layer (`bulkhead fix`), never by a scan: see oci.ts.
  const oci = new OciResolver({
    ...(settings['registry-urls'] ? { registryUrls: settings['registry-urls'] } : {}),
    timeoutMs: settings['timeout-ms'],
    concurrency: settings.concurrency,
    ...(test.fetch ? { fetch: test.fetch } : {}),
  });
  // The GitHub API has its own client: its token header goes to its origin and nowhere else.
  const gh = githubTarget(settings, env);
  const ghHttp = new HttpClient({
    origins: [gh.url],
    timeoutMs: settings['timeout-ms'],
    concurrency: settings.concurrency,
    headers: {
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      ...(gh.token !== undefined ? { authorization: `Bearer ${gh.token}` } : {}),
    },
    rateLimit: githubRateLimit,
    ...test,
  });
  const github = new GitHubClient(gh.url, ghHttp);
  const npm =
    registryUrl !== undefined && registries ? new NpmRegistryClient(registryUrl, registries) : undefined;
  const pypi = pypiUrl !== undefined && registries ? new PypiClient(pypiUrl, registries) : undefined;
  const packuments =
    npm === undefined
      ? undefined
      : (names: ReadonlyMap<string, number>): Promise<PackumentAnswers> =>
          perName(names, (n) => npm.packument(n), {
            service: NPM_SERVICE,
            url: registryUrl!,
            checks: NPM_CHECKS,
          });
  const pypiProjects =
    pypi === undefined
      ? undefined
      : (names: ReadonlyMap<string, number>): Promise<PypiAnswers> =>
          perName(names, (n) => pypi.project(n), {
            service: PYPI_SERVICE,
            url: pypiUrl!,
            checks: PYPI_CHECKS,
          });
  return {
    ...(packuments ? { packuments } : {}),
    imageDigests: (images) => oci.imageDigests(images),
    async actionRefs(queries) {
      const answers = new Map<string, ActionRefAnswer>();
      let refs = 0;
      let reason: string | undefined;
      await Promise.all(
        queries.map(async (q) => {
          try {
            answers.set(actionRefKey(q), await github.actionRef(q));
          } catch (e) {
            refs++;
            // A rate limit is the reason the rest went unanswered: it is the one worth naming.
            if (reason === undefined || e instanceof RateLimited) reason = (e as Error).message;
          }
        }),
      );
      return {
        answers,
        ...(reason !== undefined
          ? {
              failure: {
                ...GITHUB_API_FAILURE,
                url: gh.url,
                packages: refs,
                reason,
              },
            }
          : {}),
      };
    },
    ...(pypiProjects ? { pypiProjects } : {}),
    async vulnerabilities(queries): Promise<VulnerabilityAnswers> {
      if (queries.length === 0) return { answers: new Map() };
      try {
        const r = await osv.lookup(queries);
        return {
          answers: r.answers,
          ...(r.failure
            ? {
                failure: {
                  service: 'OSV',
                  url: settings['osv-url'],
                  packages: r.failure.packages,
                  reason: r.failure.reason,
                },
              }
            : {}),
        };
      } catch (e) {
        return {
          answers: new Map(),
          failure: {
            service: 'OSV',
            url: settings['osv-url'],
            packages: queries.length,
            reason: (e as Error).message,
          },
        };
      }
    },
    requests: () => http.requests + (registries?.requests ?? 0) + oci.requests + ghHttp.requests,
  };
}
