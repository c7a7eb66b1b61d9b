/**
 * The npm registry: one full packument per package name (`GET {npm-registry-url}/<name>`, scoped
 * names as `@scope%2fname`), cached for the run, through the guarded client (so the same origin
 * allow-list, deadline, body cap, nesting cap, retries and concurrency limit apply). The abbreviated
 * install document (`application/vnd.npm.install-v1+json`) is not used: it has no `time` and not
 * every version's `dist`. Only the package name is sent. A packument that does not fit the
 * documented shape is a failure of the service, never a pass; a 404 is an answer ("no such package").
 */
import type { Packument, RegistryVersion } from '../core/index.js';
import { HttpFailure, type HttpClient } from './http.js';
import { trimTrailing } from '../core/trim.js';

/** npm's own name rule (validate-npm-package-name), old mixed-case names allowed; nothing else is sent. */
const NAME = /^(?:@[A-Za-z0-9~-][A-Za-z0-9._~-]*\/)?[A-Za-z0-9~-][A-Za-z0-9._~-]*$/;
const MAX_NAME = 214;
const SHASUM = /^[0-9a-f]{40}$/;
/** Longest dist.integrity kept (a few SRI hashes); a longer one is not a registry answer. */
const MAX_INTEGRITY = 1000;
/** Longest deprecation message kept; the rule quotes at most 200 characters of it. */
const MAX_DEPRECATED = 1000;
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall'] as const;

/** True for a name the registry could hold; only such names are ever put in a URL. */
export function isNpmName(name: string): boolean {
  return name.length <= MAX_NAME && NAME.test(name);
}

/** The packument path of a name: `lodash`, `@scope%2fname`. */
export function packumentPath(name: string): string {
  return name.replace('/', '%2f');
}

export class NpmRegistryClient {
  private readonly cache = new Map<string, Promise<Packument>>();

  constructor(
    private readonly baseUrl: string,
    private readonly http: HttpClient,
  ) {}

  /** The packument of a (valid) name; throws HttpFailure when the registry did not answer usefully. */
  packument(name: string): Promise<Packument> {
    let p = this.cache.get(name);
    if (!p) {
      p = this.fetch(name);
      this.cache.set(name, p);
    }
    return p;
  }

  private async fetch(name: string): Promise<Packument> {
    if (!isNpmName(name)) throw new HttpFailure(`'${name.slice(0, 60)}' is not an npm package name`);
    const url = `${trimTrailing(this.baseUrl, '/')}/${packumentPath(name)}`;
    let answer: unknown;
    try {
      answer = await this.http.json('GET', url);
    } catch (e) {
      if (e instanceof HttpFailure && e.status === 404) return { exists: false };
      throw e;
    }
    return parsePackument(name, answer);
  }
}

const obj = (v: unknown): Record<string, unknown> | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/** The versions, their dist hashes and publish times; throws HttpFailure on a shape that is not a packument. */
export function parsePackument(name: string, answer: unknown): Packument {
  const doc = obj(answer);
  if (!doc) throw new HttpFailure(`the packument of ${name} is not an object`);
  if (doc.name !== undefined && doc.name !== name)
    throw new HttpFailure(`the packument asked for ${name} is for another package`);
  const time = obj(doc.time) ?? {};
  const unpublished = obj(time.unpublished) !== undefined;
  const versions = new Map<string, RegistryVersion>();
  if (doc.versions === undefined) {
    if (!unpublished) throw new HttpFailure(`the packument of ${name} has no versions`);
    return { exists: true, versions, unpublished };
  }
  const vs = obj(doc.versions);
  if (!vs) throw new HttpFailure(`the packument of ${name} has versions that are not an object`);
  for (const [v, raw] of Object.entries(vs)) {
    const body = obj(raw);
    const dist = obj(body?.dist) ?? {};
    const rv: RegistryVersion = {};
    const scripts = obj(body?.scripts) ?? {};
    const run = INSTALL_SCRIPTS.filter((k) => typeof scripts[k] === 'string' && scripts[k] !== '');
    if (run.length > 0) rv.installScripts = [...run];
    else if (body?.hasInstallScript === true) rv.installScripts = ['hasInstallScript'];
    if (obj(dist.attestations) !== undefined) rv.attested = true;
    if (typeof body?.deprecated === 'string' && body.deprecated.trim() !== '')
      rv.deprecated = body.deprecated.slice(0, MAX_DEPRECATED);
    if (typeof dist.integrity === 'string' && dist.integrity.length <= MAX_INTEGRITY)
      rv.integrity = dist.integrity;
    if (typeof dist.shasum === 'string' && SHASUM.test(dist.shasum.toLowerCase()))
      rv.shasum = dist.shasum.toLowerCase();
    const t = time[v];
    if (typeof t === 'string') {
      const ms = Date.parse(t);
      if (!Number.isNaN(ms)) rv.published = ms;
    }
    versions.set(v, rv);
  }
  return { exists: true, versions, unpublished };
}
