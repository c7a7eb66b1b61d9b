/** The network implementation of Intel: OSV over the guarded HTTP client, one cache per run. */
import { HttpClient, type HttpOptions } from './http.js';
import { OsvClient } from './osv.js';
import type { Intel, IntelSettings, VulnerabilityAnswers } from './intel.js';

export type { Intel, IntelSettings, VulnerabilityAnswers } from './intel.js';

/** Builds the run's Intel from the config's `intel:` settings (the only URLs it may contact). */
export function createIntel(
  settings: IntelSettings,
  test: Pick<
    HttpOptions,
    'fetch' | 'sleep' | 'maxBytes' | 'maxDepth' | 'retries' | 'backoffMs' | 'maxRetryAfterMs'
  > = {},
): Intel {
  const http = new HttpClient({
    origins: [settings['osv-url']],
    timeoutMs: settings['timeout-ms'],
    concurrency: settings.concurrency,
    ...test,
  });
  const osv = new OsvClient(settings['osv-url'], http);
  return {
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
    requests: () => http.requests,
  };
}
