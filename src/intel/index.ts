/**
 * The network implementation of Intel: OSV, and when configured the npm registry and PyPI, over
 * guarded HTTP clients, one cache per run. OSV has its own pool of `intel.concurrency` requests;
 * the registries share another of `intel.registry-concurrency`, so thousands of per-name downloads
 * do not queue OSV's advisory look-ups behind them.
 */
import { HttpClient, type HttpOptions } from './http.js';
import { OsvClient } from './osv.js';
import { NpmRegistryClient } from './npm.js';
import { PypiClient } from './pypi.js';
import type { ServiceFailure } from '../core/index.js';
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

/** Builds the run's Intel from the config's `intel:` settings (the only URLs it may contact). */
export function createIntel(
  settings: IntelSettings,
  test: Pick<
    HttpOptions,
    'fetch' | 'sleep' | 'maxBytes' | 'maxDepth' | 'retries' | 'backoffMs' | 'maxRetryAfterMs'
  > = {},
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
    requests: () => http.requests + (registries?.requests ?? 0),
  };
}
