/**
 * Image tag → digest through the OCI distribution API: `HEAD /v2/<name>/manifests/<tag>` with the
 * index and manifest media types in Accept, the digest from `Docker-Content-Digest` (else a GET,
 * bounded, and the sha256 of the body), and the anonymous bearer-token flow Docker Hub and GHCR
 * use (401 + `WWW-Authenticate: Bearer realm=...,service=...,scope=...` → GET the realm for a
 * token → retry). The index digest is what is pinned, so multi-platform builds keep working.
 *
 * Trust: unlike every other look-up, the host asked comes from the scanned file (the registry in
 * the image reference): that is what resolving a digest means. So this runs only when the user
 * asks for fixes (`bulkhead fix`, review suggestions), never in a plain scan; it sends no
 * credentials (no Authorization but the anonymous token the registry itself issued, and that only
 * back to the registry's own origin); it speaks https only (a configured `intel.registry-urls`
 * entry may name http, for a mirror the user chose or a loopback fake); the token realm is
 * followed only over https (or to loopback when the registry itself is loopback); redirects stay
 * on the same origin; names and tags are checked against the distribution spec's grammar before
 * they go into a URL; and every answer is capped in time and size.
 */
import { createHash } from 'node:crypto';
import type { ImageDigestAnswer, ServiceFailure } from '../core/index.js';
import { parseImageRef } from '../refs/image.js';
import { VERSION } from '../version.js';
import { trimTrailing } from '../core/trim.js';
import { Limiter, readCappedBytes } from './http.js';

export const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
];

/** The service name in failures. */
export const REGISTRY_SERVICE = 'container registries';
export const REGISTRY_CHECKS = 'image digests for fixes';

/** Largest manifest read by the GET fallback (real indexes are a few KB). */
const MAX_MANIFEST_BYTES = 4 << 20;
/** Largest token answer read. */
const MAX_TOKEN_BYTES = 64 << 10;
const MAX_REDIRECTS = 3;
const DIGEST = /^sha256:[0-9a-f]{64}$/;
/** The distribution spec's name and tag grammar (components joined by `/`). */
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^\w[\w.-]{0,127}$/;
const HOST =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*(?::\d{1,5})?$/;

export interface OciOptions {
  /** Registry host (`docker.io`, `ghcr.io`, `registry.example:5000`) → base URL to use instead. */
  registryUrls?: Readonly<Record<string, string>>;
  timeoutMs: number;
  concurrency: number;
  fetch?: typeof fetch;
}

/** Where an image's manifests are asked: the base URL and the repository name in the API. */
export interface OciTarget {
  base: string;
  name: string;
  tag: string;
}

function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/**
 * The base URL, API name and tag of an image reference as written, or the reason it cannot be
 * asked. `docker.io` (or no registry) is Docker Hub's API host, with `library/` for official names.
 */
export function ociTarget(
  image: string,
  registryUrls: Readonly<Record<string, string>> = {},
): OciTarget | string {
  const ref = parseImageRef(image);
  if (!ref) return `'${image.slice(0, 80)}' is not an image reference`;
  if (ref.digest !== undefined) return `${image} already names a digest`;
  if (ref.tag === undefined) return `${image} has no tag to resolve`;
  if (!TAG.test(ref.tag)) return `${image} has a tag the registry API cannot name`;
  let host = ref.registry ?? 'docker.io';
  if (host === 'index.docker.io' || host === 'registry-1.docker.io') host = 'docker.io';
  if (!HOST.test(host)) return `${image} names a registry host that is not a host name`;
  let name = ref.repository;
  if (host === 'docker.io' && !name.includes('/')) name = `library/${name}`;
  if (name.length > 255 || !name.split('/').every((c) => COMPONENT.test(c)))
    return `${image} has a repository name the registry API cannot name`;
  const configured = registryUrls[host] ?? registryUrls[host.toLowerCase()];
  const base = configured ?? (host === 'docker.io' ? 'https://registry-1.docker.io' : `https://${host}`);
  return { base: trimTrailing(base, '/'), name, tag: ref.tag };
}

/** `WWW-Authenticate: Bearer realm="...",service="...",scope="..."` → its parameters; undefined if not Bearer. */
export function parseBearerChallenge(header: string): Record<string, string> | undefined {
  const h = header.slice(0, 4096);
  const m = /^\s*Bearer\s+/i.exec(h);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  let i = m[0].length;
  // One linear pass over `key=value` or `key="value"` pairs separated by commas.
  while (i < h.length) {
    while (i < h.length && (h[i] === ',' || h[i] === ' ')) i++;
    const eq = h.indexOf('=', i);
    if (eq === -1) break;
    const key = h.slice(i, eq).trim().toLowerCase();
    i = eq + 1;
    let value = '';
    if (h[i] === '"') {
      i++;
      while (i < h.length && h[i] !== '"') {
        if (h[i] === '\\' && i + 1 < h.length) i++;
        value += h[i];
        i++;
      }
      i++;
    } else {
      const comma = h.indexOf(',', i);
      const end = comma === -1 ? h.length : comma;
      value = h.slice(i, end).trim();
      i = end;
    }
    if (/^[a-z_-]{1,32}$/.test(key)) params[key] = value;
  }
  return params;
}

class Failure extends Error {}

export class OciResolver {
  requests = 0;
  private readonly cache = new Map<string, Promise<ImageDigestAnswer>>();
  private readonly tokens = new Map<string, Promise<string>>();
  private readonly limit: Limiter;
  private readonly doFetch: typeof fetch;

  constructor(private readonly o: OciOptions) {
    this.doFetch = o.fetch ?? fetch;
    this.limit = new Limiter(o.concurrency);
  }

  /** Digests for each image (keys: the image as given); the first failure's reason is kept. */
  async imageDigests(
    images: readonly string[],
  ): Promise<{ answers: ReadonlyMap<string, ImageDigestAnswer>; failure?: ServiceFailure }> {
    const answers = new Map<string, ImageDigestAnswer>();
    let failed = 0;
    let failure: { url: string; reason: string } | undefined;
    await Promise.all(
      [...new Set(images)].map(async (image) => {
        try {
          answers.set(image, await this.digest(image));
        } catch (e) {
          failed++;
          const t = ociTarget(image, this.o.registryUrls);
          failure ??= {
            url: typeof t === 'string' ? '(none)' : t.base,
            reason: `${image}: ${(e as Error).message}`,
          };
        }
      }),
    );
    return {
      answers,
      ...(failure
        ? {
            failure: {
              service: REGISTRY_SERVICE,
              url: failure.url,
              packages: failed,
              reason: failure.reason,
              checks: REGISTRY_CHECKS,
            },
          }
        : {}),
    };
  }

  /** The digest of one image's tag (cached for the run); throws with the reason. */
  digest(image: string): Promise<ImageDigestAnswer> {
    let p = this.cache.get(image);
    if (!p) {
      p = this.resolve(image);
      this.cache.set(image, p);
    }
    return p;
  }

  private async resolve(image: string): Promise<ImageDigestAnswer> {
    const t = ociTarget(image, this.o.registryUrls);
    if (typeof t === 'string') throw new Failure(t);
    let base: URL;
    try {
      base = new URL(t.base);
    } catch {
      throw new Failure(`the registry URL ${t.base} is not a URL`);
    }
    if (base.protocol !== 'https:' && !(base.protocol === 'http:' && this.configured(t.base)))
      throw new Failure(`refused to contact ${base.origin}: only https registries are asked`);
    if (base.username || base.password) throw new Failure('refused a registry URL with credentials');
    const url = `${t.base}/v2/${t.name}/manifests/${encodeURIComponent(t.tag)}`;
    let res = await this.request('HEAD', url, undefined);
    let token: string | undefined;
    if (res.status === 401) {
      token = await this.token(res.headers.get('www-authenticate'), base, t.name);
      res = await this.request('HEAD', url, token);
    }
    if (res.status === 404) throw new Failure(`no tag ${t.tag} in ${t.name}`);
    if (res.status === 429 || res.status >= 500) throw new Failure(`HTTP ${res.status}`);
    if (res.status === 200 || res.status === 405 || res.status === 400) {
      const header = res.headers.get('docker-content-digest')?.trim().toLowerCase();
      if (res.status === 200 && header && DIGEST.test(header)) return { digest: header };
      // No usable header (or HEAD refused): GET the manifest and hash it, bounded.
      const got = await this.request('GET', url, token, true);
      if (got.status !== 200) throw new Failure(`HTTP ${got.status}`);
      return { digest: `sha256:${createHash('sha256').update(got.body!).digest('hex')}` };
    }
    throw new Failure(`HTTP ${res.status}`);
  }

  private configured(base: string): boolean {
    return Object.values(this.o.registryUrls ?? {}).some((u) => trimTrailing(u, '/') === base);
  }

  /** The anonymous token for `name` from the realm the registry announced (cached per realm and scope). */
  private token(header: string | null, registry: URL, name: string): Promise<string> {
    const params = header ? parseBearerChallenge(header) : undefined;
    if (!params?.realm) return Promise.reject(new Failure('HTTP 401 without a Bearer challenge'));
    let realm: URL;
    try {
      realm = new URL(params.realm);
    } catch {
      return Promise.reject(new Failure('the token realm is not a URL'));
    }
    const loopback = isLoopbackHost(registry.hostname) && isLoopbackHost(realm.hostname);
    if (realm.protocol !== 'https:' && !(realm.protocol === 'http:' && loopback))
      return Promise.reject(new Failure(`refused the token realm ${realm.origin}: not https`));
    if (realm.username || realm.password)
      return Promise.reject(new Failure('refused a token realm with credentials'));
    // Only the pull scope of this repository is asked, whatever the challenge says.
    realm.searchParams.set('scope', `repository:${name}:pull`);
    if (params.service) realm.searchParams.set('service', params.service);
    const key = realm.href;
    let p = this.tokens.get(key);
    if (!p) {
      p = this.fetchToken(realm);
      this.tokens.set(key, p);
    }
    return p;
  }

  private async fetchToken(realm: URL): Promise<string> {
    const res = await this.request('GET', realm.href, undefined, true, MAX_TOKEN_BYTES);
    if (res.status !== 200) throw new Failure(`the token realm answered HTTP ${res.status}`);
    let doc: unknown;
    try {
      doc = JSON.parse(new TextDecoder().decode(res.body));
    } catch {
      throw new Failure('the token answer is not JSON');
    }
    const o = (doc ?? {}) as { token?: unknown; access_token?: unknown };
    const token = typeof o.token === 'string' ? o.token : o.access_token;
    if (typeof token !== 'string' || token === '' || token.length > 16_384 || /[\s\0]/.test(token))
      throw new Failure('the token answer holds no token');
    return token;
  }

  /** One request with the deadline, same-origin redirects only, and a body cap when the body is read. */
  private async request(
    method: 'HEAD' | 'GET',
    href: string,
    token: string | undefined,
    readBody = false,
    max = MAX_MANIFEST_BYTES,
  ): Promise<{ status: number; headers: Headers; body?: Uint8Array }> {
    await this.limit.acquire();
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), this.o.timeoutMs);
    try {
      const start = new URL(href);
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
              accept: MANIFEST_TYPES.join(', '),
              'user-agent': `bulkhead/${VERSION}`,
              // The token goes back only to the origin that challenged for it.
              ...(token !== undefined && url.origin === start.origin
                ? { authorization: `Bearer ${token}` }
                : {}),
            },
          });
        } catch (e) {
          if (ctl.signal.aborted) throw new Failure(`no answer within ${this.o.timeoutMs} ms`);
          const code = (e as { cause?: { code?: unknown } }).cause?.code;
          throw new Failure(`connection failed (${typeof code === 'string' ? code : (e as Error).message})`);
        }
        if (res.status >= 300 && res.status < 400) {
          await res.body?.cancel().catch(() => undefined);
          const loc = res.headers.get('location');
          if (!loc) throw new Failure(`HTTP ${res.status} without a location`);
          const next = new URL(loc, url);
          if (next.origin !== start.origin)
            throw new Failure(`redirect to another host (${next.host}) refused`);
          if (hop >= MAX_REDIRECTS) throw new Failure(`more than ${MAX_REDIRECTS} redirects`);
          url = next;
          continue;
        }
        if (!readBody || res.status !== 200) {
          await res.body?.cancel().catch(() => undefined);
          return { status: res.status, headers: res.headers };
        }
        return {
          status: res.status,
          headers: res.headers,
          body: await readCapped(res, max, ctl, this.o.timeoutMs),
        };
      }
    } finally {
      clearTimeout(timer);
      this.limit.release();
    }
  }
}

function readCapped(
  res: Response,
  max: number,
  ctl: AbortController,
  timeoutMs: number,
): Promise<Uint8Array> {
  return readCappedBytes(res, max, ctl, timeoutMs, (message) => new Failure(message));
}
