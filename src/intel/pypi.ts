/**
 * PyPI's JSON API: one document per project (`GET {pypi-url}/pypi/{name}/json`, the name
 * PEP 503-normalized), cached for the run, through the guarded client (so the same origin
 * allow-list, deadline, body cap, nesting cap, retries and concurrency limit apply as for the npm
 * registry). Only the project name is sent. The document's `releases` map lists every version with
 * its files (digests, upload times, yanked flags); the per-version document
 * (`/pypi/{name}/{version}/json`) is not used: one request per name answers every locked version.
 * A document that does not fit the documented shape is a failure of the service, never a pass; a
 * 404 is an answer ("no such project").
 */
import type { PypiFile, PypiProject } from '../core/index.js';
import { HttpFailure, type HttpClient } from './http.js';
import { trimTrailing } from '../core/trim.js';

/** Longest project name sent (PyPI itself has no limit, but no real name comes near it). */
const MAX_NAME = 214;
const SHA256 = /^[0-9a-f]{64}$/;
/** Longest yanked reason kept; the rule quotes at most 200 characters of it. */
const MAX_REASON = 1000;
/** Longest version key kept; a longer one is not a PEP 440 version anyone publishes. */
const MAX_VERSION = 256;

/**
 * True for a valid project name (PEP 508: letters, digits, `.`, `_`, `-`, starting and ending with a
 * letter or digit); only such names are ever put in a URL.
 */
export function isPypiName(name: string): boolean {
  if (name.length === 0 || name.length > MAX_NAME || !/^[A-Za-z0-9._-]+$/.test(name)) return false;
  const alnum = /[A-Za-z0-9]/;
  return alnum.test(name[0]!) && alnum.test(name[name.length - 1]!);
}

/** PEP 503 normalization: runs of `-`, `_`, `.` become one `-`, lower case (`Foo.Bar_baz` → `foo-bar-baz`). */
export function normalizePypiName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

const PRE: Record<string, string> = {
  alpha: 'a',
  a: 'a',
  beta: 'b',
  b: 'b',
  c: 'rc',
  rc: 'rc',
  pre: 'rc',
  preview: 'rc',
};
const POST: Record<string, string> = { post: 'post', rev: 'post', r: 'post' };

/**
 * A PEP 440 version in a form where equal versions compare equal as strings (`1.0` = `1.0.0`,
 * `1.0RC1` = `1.0rc1`, `v2` = `2`, `1.0-1` = `1.0.post1`), for matching a locked version with
 * PyPI's `releases` keys; undefined for a string that is not a PEP 440 version (then only an
 * exact match counts). Linear, no backtracking: a tokenizer over at most 256 characters.
 */
export function canonicalPypiVersion(version: string): string | undefined {
  let v = version.trim().toLowerCase();
  if (v.length === 0 || v.length > MAX_VERSION) return undefined;
  if (v.startsWith('v')) v = v.slice(1);
  const plus = v.indexOf('+');
  const local = plus === -1 ? '' : v.slice(plus + 1).replace(/[-_]/g, '.');
  if (plus !== -1) v = v.slice(0, plus);
  let epoch = '';
  const bang = v.indexOf('!');
  if (bang !== -1) {
    const e = v.slice(0, bang);
    if (!/^\d+$/.test(e)) return undefined;
    if (Number(e) !== 0) epoch = `${Number(e)}!`;
    v = v.slice(bang + 1);
  }
  const m = /^\d+(?:\.\d+)*/.exec(v);
  if (!m) return undefined;
  const release = m[0].split('.').map((n) => String(Number(n)));
  while (release.length > 1 && release[release.length - 1] === '0') release.pop();
  let rest = v.slice(m[0].length);
  let out = epoch + release.join('.');
  // Pre, post and dev segments, each optionally separated by `.`, `-` or `_`, each optional.
  const segment = (tags: Record<string, string>, implicitPost: boolean): string | undefined => {
    const s = /^[._-]?([a-z]+)[._-]?(\d*)/.exec(rest);
    if (s && tags[s[1]!] !== undefined) {
      rest = rest.slice(s[0].length);
      return `${tags[s[1]!]}${Number(s[2] || '0')}`;
    }
    if (implicitPost) {
      const n = /^-(\d+)/.exec(rest);
      if (n) {
        rest = rest.slice(n[0].length);
        return `post${Number(n[1])}`;
      }
    }
    return undefined;
  };
  const pre = segment(PRE, false);
  if (pre !== undefined) out += pre;
  const post = segment(POST, true);
  if (post !== undefined) out += `.${post}`;
  const dev = segment({ dev: 'dev' }, false);
  if (dev !== undefined) out += `.${dev}`;
  if (rest !== '') return undefined;
  return local !== '' ? `${out}+${local}` : out;
}

export class PypiClient {
  private readonly cache = new Map<string, Promise<PypiProject>>();

  constructor(
    private readonly baseUrl: string,
    private readonly http: HttpClient,
  ) {}

  /** The project of a (valid) name, normalized; throws HttpFailure when PyPI did not answer usefully. */
  project(name: string): Promise<PypiProject> {
    const key = normalizePypiName(name);
    let p = this.cache.get(key);
    if (!p) {
      p = this.fetch(key);
      this.cache.set(key, p);
    }
    return p;
  }

  private async fetch(name: string): Promise<PypiProject> {
    if (!isPypiName(name)) throw new HttpFailure(`'${name.slice(0, 60)}' is not a PyPI project name`);
    const url = `${trimTrailing(this.baseUrl, '/')}/pypi/${name}/json`;
    let answer: unknown;
    try {
      answer = await this.http.json('GET', url);
    } catch (e) {
      if (e instanceof HttpFailure && e.status === 404) return { exists: false };
      throw e;
    }
    return parsePypiProject(name, answer);
  }
}

const obj = (v: unknown): Record<string, unknown> | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/**
 * The versions and their files' sha256 digests, upload times and yanked flags; throws HttpFailure on
 * a shape that is not a project document (no `info`, `info.name` for another project, `releases`
 * missing or not a map of arrays of objects).
 */
export function parsePypiProject(name: string, answer: unknown): PypiProject {
  const doc = obj(answer);
  if (!doc) throw new HttpFailure(`the PyPI document of ${name} is not an object`);
  const info = obj(doc.info);
  if (!info) throw new HttpFailure(`the PyPI document of ${name} has no info`);
  if (typeof info.name !== 'string' || normalizePypiName(info.name) !== name)
    throw new HttpFailure(`the PyPI document asked for ${name} is for another project`);
  const rs = obj(doc.releases);
  if (!rs) throw new HttpFailure(`the PyPI document of ${name} has no releases`);
  const releases = new Map<string, PypiFile[]>();
  for (const [version, raw] of Object.entries(rs)) {
    if (version.length > MAX_VERSION) continue;
    if (!Array.isArray(raw))
      throw new HttpFailure(`the PyPI document of ${name} lists ${version.slice(0, 40)} without files`);
    const files: PypiFile[] = [];
    for (const f of raw as unknown[]) {
      const file = obj(f);
      if (!file) throw new HttpFailure(`the PyPI document of ${name} has a file that is not an object`);
      const out: PypiFile = { yanked: file.yanked === true };
      const digest = obj(file.digests)?.sha256;
      if (typeof digest === 'string' && SHA256.test(digest.toLowerCase())) out.sha256 = digest.toLowerCase();
      // `upload_time` (older mirrors) has no zone: PyPI writes UTC.
      const iso = file.upload_time_iso_8601;
      const plain = file.upload_time;
      const t =
        typeof iso === 'string'
          ? iso
          : typeof plain === 'string' && /^[\d:T.-]{10,32}$/.test(plain)
            ? `${plain}Z`
            : undefined;
      if (t !== undefined) {
        const ms = Date.parse(t);
        if (!Number.isNaN(ms)) out.uploaded = ms;
      }
      if (out.yanked && typeof file.yanked_reason === 'string' && file.yanked_reason.trim() !== '')
        out.yankedReason = file.yanked_reason.slice(0, MAX_REASON);
      files.push(out);
    }
    releases.set(version, files);
  }
  return { exists: true, releases };
}
