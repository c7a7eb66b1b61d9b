/**
 * The one HTTP client of the online look-ups, over Node's built-in fetch. Every answer is
 * untrusted: a per-request deadline (connect, headers and body together), a cap on the body read
 * as a stream (the request is aborted past it), a cap on JSON nesting before parsing, redirects
 * followed only within the same origin, retries with backoff on 429 (honouring Retry-After) and
 * 5xx, and a limit on requests in flight. Requests go only to the origins it was built with (the
 * configured service URLs), so no scanned file can name a host it talks to.
 */
import { VERSION } from '../version.js';

export interface HttpOptions {
  /** Origins (`https://api.osv.dev`) requests may go to; anything else throws before connecting. */
  origins: string[];
  /** Deadline of one request, body included. */
  timeoutMs: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** Largest body read; more aborts the request. */
  maxBytes?: number;
  /** Deepest JSON nesting accepted. */
  maxDepth?: number;
  /** Retries after the first attempt, for 429, 5xx and refused or reset connections. */
  retries?: number;
  /** First backoff; doubles each retry. */
  backoffMs?: number;
  /** Longest Retry-After honoured; a longer one is a failure, not a wait. */
  maxRetryAfterMs?: number;
  /**
   * Headers sent with every request (a service's API version, its token). The client talks only to
   * `origins` and follows redirects only within the same origin, so they go nowhere else.
   */
  headers?: Record<string, string>;
  /**
   * Recognises an answer that says "stop asking" (a rate limit): a reason returned ends the request
   * with a {@link RateLimited} failure, never retried, whatever its status.
   */
  rateLimit?: (status: number, headers: Headers) => string | undefined;
  /** Injectable for tests. */
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

/** A request that failed in a way the caller reports (`intel/unavailable`), with the reason in words. */
export class HttpFailure extends Error {
  constructor(
    message: string,
    /** Worth another attempt (429, 5xx, a reset connection). */
    readonly retryable = false,
    readonly retryAfterMs?: number,
    /** The HTTP status of a final non-2xx answer (404 means "no such thing" to some callers). */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'HttpFailure';
  }
}

/** The service asked the client to stop (a rate limit): its callers stop asking for the run. */
export class RateLimited extends HttpFailure {
  constructor(message: string, status: number) {
    super(message, false, undefined, status);
    this.name = 'RateLimited';
  }
}

export const DEFAULT_MAX_BYTES = 32 << 20;
export const DEFAULT_MAX_DEPTH = 64;
const MAX_REDIRECTS = 3;

const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class HttpClient {
  /** Requests sent (each attempt and each redirect counts): for the bench and tests. */
  requests = 0;
  private readonly origins: Set<string>;
  private readonly limit: Limiter;
  private readonly o: Required<Omit<HttpOptions, 'fetch' | 'sleep' | 'origins' | 'headers' | 'rateLimit'>>;
  private readonly headers: Record<string, string>;
  private readonly rateLimit: HttpOptions['rateLimit'];
  private stopped: RateLimited | undefined;
  private readonly doFetch: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(opts: HttpOptions) {
    this.origins = new Set(opts.origins.map((u) => new URL(u).origin));
    this.o = {
      timeoutMs: opts.timeoutMs,
      concurrency: Math.max(1, opts.concurrency),
      maxBytes: opts.maxBytes ?? DEFAULT_MAX_BYTES,
      maxDepth: opts.maxDepth ?? DEFAULT_MAX_DEPTH,
      retries: opts.retries ?? 2,
      backoffMs: opts.backoffMs ?? 250,
      maxRetryAfterMs: opts.maxRetryAfterMs ?? 10_000,
    };
    this.headers = { ...opts.headers };
    this.rateLimit = opts.rateLimit;
    this.doFetch = opts.fetch ?? fetch;
    this.sleep = opts.sleep ?? wait;
    this.limit = new Limiter(this.o.concurrency);
  }

  /** GET or POST a JSON body and parse the JSON answer; throws HttpFailure with the reason. */
  async json(method: 'GET' | 'POST', url: string, body?: unknown): Promise<unknown> {
    const target = new URL(url);
    if (!this.origins.has(target.origin))
      throw new HttpFailure(`refused to contact ${target.origin}: not a configured service`);
    await this.limit.acquire();
    try {
      // Asked to stop (a rate limit): nothing more is sent for the run, queued requests included.
      if (this.stopped) throw this.stopped;
      for (let attempt = 0; ; attempt++) {
        try {
          return await this.once(method, target, body);
        } catch (e) {
          const f = e instanceof HttpFailure ? e : new HttpFailure(String(e));
          if (!f.retryable || attempt >= this.o.retries) throw f;
          const delay = f.retryAfterMs ?? this.o.backoffMs * 2 ** attempt;
          await this.sleep(delay);
        }
      }
    } finally {
      this.limit.release();
    }
  }

  private async once(method: 'GET' | 'POST', start: URL, body: unknown): Promise<unknown> {
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), this.o.timeoutMs);
    try {
      let url = start;
      for (let hop = 0; ; hop++) {
        this.requests++;
        let res: Response;
        try {
          res = await this.doFetch(url, {
            method,
            redirect: 'manual',
            signal: ctl.signal,
            headers: {
              ...this.headers,
              accept: 'application/json',
              'user-agent': `bulkhead/${VERSION}`,
              ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
              ...this.headers,
            },
            ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
          });
        } catch (e) {
          if (ctl.signal.aborted) throw new HttpFailure(`no answer within ${this.o.timeoutMs} ms`);
          const code = causeCode(e);
          throw new HttpFailure(`connection failed (${code ?? (e as Error).message})`, true);
        }
        if (res.status >= 300 && res.status < 400) {
          await discard(res);
          const loc = res.headers.get('location');
          if (!loc) throw new HttpFailure(`HTTP ${res.status} without a location`);
          const next = new URL(loc, url);
          if (next.origin !== start.origin)
            throw new HttpFailure(`redirect to another host (${next.host}) refused`);
          if (hop >= MAX_REDIRECTS) throw new HttpFailure(`more than ${MAX_REDIRECTS} redirects`);
          url = next;
          continue;
        }
        const limited =
          res.status >= 400 && this.rateLimit ? this.rateLimit(res.status, res.headers) : undefined;
        if (limited !== undefined) {
          await discard(res);
          this.stopped ??= new RateLimited(limited, res.status);
          throw this.stopped;
        }
        if (res.status === 429 || res.status >= 500) {
          await discard(res);
          const after = retryAfter(res.headers.get('retry-after'));
          if (after !== undefined && after > this.o.maxRetryAfterMs)
            throw new HttpFailure(
              `HTTP ${res.status}, asked to wait ${Math.ceil(after / 1000)} s (more than the ${Math.ceil(this.o.maxRetryAfterMs / 1000)} s a scan waits)`,
            );
          throw new HttpFailure(`HTTP ${res.status}`, true, after);
        }
        if (res.status < 200 || res.status >= 300) {
          await discard(res);
          throw new HttpFailure(`HTTP ${res.status}`, false, undefined, res.status);
        }
        const text = await readCapped(res, this.o.maxBytes, ctl, this.o.timeoutMs);
        const depth = jsonDepth(text);
        if (depth > this.o.maxDepth)
          throw new HttpFailure(`JSON nested deeper than ${this.o.maxDepth} levels`);
        try {
          return JSON.parse(text) as unknown;
        } catch {
          throw new HttpFailure('the answer is not valid JSON');
        }
      }
    } finally {
      clearTimeout(timer);
    }
  }
}

function causeCode(e: unknown): string | undefined {
  const cause = (e as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

async function discard(res: Response): Promise<void> {
  try {
    await res.body?.cancel();
  } catch {
    // nothing to do: the body is not read
  }
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (/^\d{1,9}$/.test(v)) return Number(v) * 1000;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}

/** Reads the body as UTF-8, aborting once it passes `max` bytes (announced or streamed). */
async function readCapped(
  res: Response,
  max: number,
  ctl: AbortController,
  timeoutMs: number,
): Promise<string> {
  const bytes = await readCappedBytes(
    res,
    max,
    ctl,
    timeoutMs,
    (message, retry) => new HttpFailure(message, retry),
  );
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

/**
 * Reads a body's bytes, aborting once it passes `max` bytes (announced or streamed) or the request
 * is aborted (its timeout); every failure is made by `fail`, the caller's own error type
 * (`retry`: a body cut off mid-stream is worth another attempt).
 */
export async function readCappedBytes(
  res: Response,
  max: number,
  ctl: AbortController,
  timeoutMs: number,
  fail: (message: string, retry?: boolean) => Error,
): Promise<Uint8Array> {
  const announced = Number(res.headers.get('content-length') ?? NaN);
  if (announced > max) {
    ctl.abort();
    throw fail(`the answer is larger than ${max} bytes (${announced} announced)`);
  }
  if (!res.body) return new Uint8Array();
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const failures = new WeakSet<Error>();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > max) {
        ctl.abort();
        const e = fail(`the answer is larger than ${max} bytes`);
        failures.add(e);
        throw e;
      }
      chunks.push(value);
    }
  } catch (e) {
    if (e instanceof Error && failures.has(e)) throw e;
    if (ctl.signal.aborted) throw fail(`no answer within ${timeoutMs} ms`);
    throw fail(`the answer was cut off (${(e as Error).message})`, true);
  }
  return Buffer.concat(chunks);
}

/** Deepest nesting of arrays and objects in JSON text, strings skipped; linear, no recursion. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > max) max = depth;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

/** At most `max` (at least 1) tasks at once; the rest wait in order. One per client, for its pool. */
export class Limiter {
  private active = 0;
  private readonly queue: (() => void)[] = [];

  constructor(private readonly max: number) {}

  async acquire(): Promise<void> {
    if (this.active < Math.max(1, this.max)) {
      this.active++;
      return;
    }
    await new Promise<void>((r) => this.queue.push(r));
  }

  /** Hands the slot to the next waiting task, or frees it. */
  release(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.active--;
  }
}
