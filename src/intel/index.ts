/** The network implementation of Intel: OSV over the guarded HTTP client, one cache per run. */
import { HttpClient, type HttpOptions } from './http.js';
import { OsvClient } from './osv.js';
import { NpmRegistryClient } from './npm.js';
import { OciResolver } from './oci.js';
import type { Packument } from '../core/index.js';
import type { Intel, IntelSettings, PackumentAnswers, VulnerabilityAnswers } from './intel.js';

export type { Intel, IntelSettings, PackumentAnswers, VulnerabilityAnswers } from './intel.js';

/** How the npm registry is named in findings. */
export const NPM_SERVICE = 'the npm registry';
/** What goes unchecked when it fails. */
export const NPM_CHECKS = 'against the npm registry (integrity, existence, release age)';

/** Builds the run's Intel from the config's `intel:` settings (the only URLs it may contact). */
export function createIntel(
  settings: IntelSettings,
  test: Pick<
    HttpOptions,
    'fetch' | 'sleep' | 'maxBytes' | 'maxDepth' | 'retries' | 'backoffMs' | 'maxRetryAfterMs'
  > = {},
): Intel {
  const registryUrl = settings['npm-registry-url'];
  const http = new HttpClient({
    origins: [settings['osv-url'], ...(registryUrl !== undefined ? [registryUrl] : [])],
    timeoutMs: settings['timeout-ms'],
    concurrency: settings.concurrency,
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
  const npm = registryUrl !== undefined ? new NpmRegistryClient(registryUrl, http) : undefined;
  const packuments =
    npm === undefined
      ? undefined
      : async (names: Parameters<NonNullable<Intel['packuments']>>[0]): Promise<PackumentAnswers> => {
          const answers = new Map<string, Packument>();
          let packages = 0;
          let reason: string | undefined;
          await Promise.all(
            [...names].map(async ([name, versions]) => {
              try {
                answers.set(name, await npm.packument(name));
              } catch (e) {
                packages += versions;
                reason ??= (e as Error).message;
              }
            }),
          );
          return {
            answers,
            ...(reason !== undefined
              ? {
                  failure: {
                    service: NPM_SERVICE,
                    url: registryUrl!,
                    packages,
                    reason,
                    checks: NPM_CHECKS,
                  },
                }
              : {}),
          };
        };
  return {
    ...(packuments ? { packuments } : {}),
    imageDigests: (images) => oci.imageDigests(images),
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
    requests: () => http.requests + oci.requests,
  };
}
