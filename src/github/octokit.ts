import { getOctokit } from '@actions/github';
import { defaults } from '@actions/github/lib/utils';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import type { Logger } from '../logger.js';
import { VERSION } from '../version.js';

export type Octokit = ReturnType<typeof getOctokit>;

export interface OctokitOptions {
  token: string;
  /** GITHUB_API_URL: api.github.com, a GHE.com tenant or `https://<ghes>/api/v3`. */
  baseUrl: string;
  logger: Logger;
  /** Per attempt; a timed-out attempt counts as a 5xx and is retried. */
  timeoutMs?: number;
  /** Longest rate-limit wait (seconds) worth sitting through; longer ones give up. */
  maxRateLimitWaitSeconds?: number;
}

type FetchLike = (url: string | URL, init?: RequestInit) => Promise<Response>;

/** Wraps the runner-proxy-aware fetch so every attempt has its own deadline. */
export function withTimeout(base: FetchLike, timeoutMs: number): FetchLike {
  return (url, init = {}) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    return base(url, { ...init, signal });
  };
}

/**
 * The one Octokit the action uses: @actions/github (runner proxy, GHES base URL) plus
 * plugin-retry (5xx and timeouts, back-off 1 s, 4 s, 9 s) and plugin-throttling (primary and
 * secondary rate limits, honouring `retry-after`; writes go one at a time at least 1 s apart,
 * which keeps us under GitHub's 80 content-creating requests a minute).
 */
export function createOctokit(opts: OctokitOptions): Octokit {
  const log = opts.logger;
  const maxWait = opts.maxRateLimitWaitSeconds ?? 90;
  const onLimit =
    (kind: string) =>
    (
      retryAfter: number,
      options: { method?: string; url?: string },
      _octokit: unknown,
      retryCount: number,
    ) => {
      const again = retryCount < 3 && retryAfter <= maxWait;
      log.warning(
        `GitHub ${kind} rate limit on ${options.method} ${options.url}; ${again ? `retrying in ${retryAfter} s` : 'giving up'}`,
      );
      return again;
    };
  const baseFetch = (defaults.request?.fetch as FetchLike | undefined) ?? (globalThis.fetch as FetchLike);
  return getOctokit(
    opts.token,
    {
      baseUrl: opts.baseUrl,
      userAgent: `bulkhead-action/${VERSION}`,
      // No `request.retries` here: plugin-retry would then retry every error, 403s included, at once.
      request: { fetch: withTimeout(baseFetch, opts.timeoutMs ?? 30_000) },
      // 429 is left to the throttling plugin, which reads retry-after; plugin-retry would guess.
      retry: { doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451], retries: 3 },
      throttle: { onRateLimit: onLimit('primary'), onSecondaryRateLimit: onLimit('secondary') },
      log: {
        debug: (m: string) => log.debug(m),
        info: (m: string) => log.debug(m),
        warn: (m: string) => log.debug(m),
        error: (m: string) => log.debug(m),
      },
    },
    retry,
    throttling,
  );
}
