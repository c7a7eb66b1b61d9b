/**
 * OSV (https://osv.dev): `POST /v1/querybatch` with at most 1,000 package versions a request
 * (following each result's `next_page_token`), then `GET /v1/vulns/{id}` once per distinct id.
 * Only the ecosystem, name and version of each locked package are sent. Every answer is checked
 * for shape before it is used; one that does not fit is a failure of the service, never a pass.
 */
import semver from 'semver';
import { gt as pep440Gt, valid as pep440Valid } from '@renovatebot/pep440';
import { CVSS20, CVSS30, CVSS31, CVSS40 } from '@pandatix/js-cvss';
import { queryKey, type Advisory, type PackageQuery, type Severity } from '../core/index.js';
import { HttpFailure, type HttpClient } from './http.js';
import { trimTrailing } from '../core/trim.js';

export const OSV_BATCH = 1000;
/** Pages followed for one query before giving up (OSV pages above about 1,000 advisories). */
const MAX_PAGES = 10;
const ID = /^[A-Za-z][A-Za-z0-9._:-]{0,127}$/;

export interface OsvLookup {
  /** Advisories per queryKey; a key missing = not answered. */
  answers: Map<string, Advisory[]>;
  /** Why some packages went unanswered (the first reason), and how many. */
  failure?: { packages: number; reason: string };
}

interface Pending {
  q: PackageQuery;
  ids: Set<string>;
  token?: string;
  failed?: string;
}

export class OsvClient {
  /** Shared by every lookup: advisory ids per package version, and advisory records per id. */
  private readonly idsByKey = new Map<string, Promise<string[]>>();
  private readonly records = new Map<string, Promise<OsvRecord>>();

  constructor(
    private readonly baseUrl: string,
    private readonly http: HttpClient,
  ) {}

  private url(path: string): string {
    return `${trimTrailing(this.baseUrl, '/')}${path}`;
  }

  async lookup(queries: readonly PackageQuery[]): Promise<OsvLookup> {
    const distinct = new Map<string, PackageQuery>();
    for (const q of queries) distinct.set(queryKey(q), q);
    const fresh = [...distinct.entries()].filter(([k]) => !this.idsByKey.has(k)).map(([, q]) => q);
    if (fresh.length > 0) {
      const batch = this.queryAll(fresh);
      fresh.forEach((q, i) =>
        this.idsByKey.set(
          queryKey(q),
          batch.then((r) => {
            const p = r[i]!;
            if (p.failed !== undefined) throw new HttpFailure(p.failed);
            return [...p.ids];
          }),
        ),
      );
    }
    const answers = new Map<string, Advisory[]>();
    const reasons: string[] = [];
    await Promise.all(
      [...distinct.entries()].map(async ([key, q]) => {
        try {
          const ids = await this.idsByKey.get(key)!;
          const recs = await Promise.all(ids.map((id) => this.record(id)));
          answers.set(
            key,
            recs.flatMap((r) => {
              const a = toAdvisory(r, q);
              return a ? [a] : [];
            }),
          );
        } catch (e) {
          reasons.push((e as Error).message);
        }
      }),
    );
    return reasons.length > 0
      ? { answers, failure: { packages: reasons.length, reason: reasons[0]! } }
      : { answers };
  }

  /** Every query's advisory ids, batch by batch, pages followed; failures recorded per query. */
  private async queryAll(qs: PackageQuery[]): Promise<Pending[]> {
    const pending: Pending[] = qs.map((q) => ({ q, ids: new Set() }));
    let todo = pending;
    for (let page = 0; todo.length > 0; page++) {
      if (page >= MAX_PAGES) {
        for (const p of todo) p.failed = `more than ${MAX_PAGES} pages of advisories for one package`;
        break;
      }
      const chunks: Pending[][] = [];
      for (let i = 0; i < todo.length; i += OSV_BATCH) chunks.push(todo.slice(i, i + OSV_BATCH));
      await Promise.all(chunks.map((c) => this.batch(c)));
      todo = todo.filter((p) => p.failed === undefined && p.token !== undefined);
    }
    return pending;
  }

  private async batch(chunk: Pending[]): Promise<void> {
    const body = {
      queries: chunk.map((p) => ({
        package: { ecosystem: p.q.ecosystem, name: p.q.name },
        version: p.q.version,
        ...(p.token !== undefined ? { page_token: p.token } : {}),
      })),
    };
    let answer: unknown;
    try {
      answer = await this.http.json('POST', this.url('/v1/querybatch'), body);
    } catch (e) {
      for (const p of chunk) p.failed = (e as Error).message;
      return;
    }
    const results = (answer as { results?: unknown })?.results;
    if (!Array.isArray(results) || results.length !== chunk.length) {
      for (const p of chunk)
        p.failed = `querybatch answered ${Array.isArray(results) ? `${results.length} results for ${chunk.length} queries` : 'without a results list'}`;
      return;
    }
    chunk.forEach((p, i) => {
      const r = results[i] as { vulns?: unknown; next_page_token?: unknown } | null;
      delete p.token;
      if (r === null || typeof r !== 'object') {
        p.failed = 'querybatch answered a result that is not an object';
        return;
      }
      if (r.vulns !== undefined) {
        if (!Array.isArray(r.vulns)) {
          p.failed = 'querybatch answered vulns that are not a list';
          return;
        }
        for (const v of r.vulns) {
          const id = (v as { id?: unknown } | null)?.id;
          if (typeof id !== 'string' || !ID.test(id)) {
            p.failed = 'querybatch answered an advisory id that is not one';
            return;
          }
          p.ids.add(id);
        }
      }
      if (typeof r.next_page_token === 'string' && r.next_page_token !== '') p.token = r.next_page_token;
    });
  }

  private record(id: string): Promise<OsvRecord> {
    let rec = this.records.get(id);
    if (!rec) {
      rec = this.http.json('GET', this.url(`/v1/vulns/${encodeURIComponent(id)}`)).then((r) => {
        if (r === null || typeof r !== 'object' || (r as { id?: unknown }).id !== id)
          throw new HttpFailure(`/v1/vulns/${id} answered a record that is not that advisory`);
        return r as OsvRecord;
      });
      this.records.set(id, rec);
    }
    return rec;
  }
}

/** The fields of an OSV record that are read (schema: ossf/osv-schema docs/schema.md). */
export interface OsvRecord {
  id: string;
  aliases?: unknown;
  summary?: unknown;
  details?: unknown;
  withdrawn?: unknown;
  severity?: unknown;
  affected?: unknown;
  database_specific?: unknown;
}

interface OsvAffected {
  package?: { ecosystem?: unknown; name?: unknown };
  ranges?: unknown;
  versions?: unknown;
  severity?: unknown;
  database_specific?: unknown;
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
const obj = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

function normName(ecosystem: string, name: string): string {
  return ecosystem === 'PyPI' ? name.toLowerCase().replace(/[-_.]+/g, '-') : name;
}

/** The advisory as it applies to `q`, or undefined when withdrawn. */
export function toAdvisory(r: OsvRecord, q: PackageQuery): Advisory | undefined {
  if (r.withdrawn !== undefined && r.withdrawn !== null) return undefined;
  const all = (Array.isArray(r.affected) ? r.affected : []).map((a) => obj(a) as OsvAffected);
  const mine = all.filter(
    (a) =>
      a.package?.ecosystem === q.ecosystem &&
      typeof a.package?.name === 'string' &&
      normName(q.ecosystem, a.package.name) === normName(q.ecosystem, q.name),
  );
  const affected = mine.length > 0 ? mine : all;
  const aliases = strings(r.aliases).filter((a) => a !== r.id);
  const db = obj(r.database_specific);
  const malicious =
    r.id.startsWith('MAL-') ||
    aliases.some((a) => a.startsWith('MAL-')) ||
    hasCwe506(db.cwe_ids) ||
    hasCwe506(db.cwes) ||
    affected.some((a) => {
      const d = obj(a.database_specific);
      return hasCwe506(d.cwes) || hasCwe506(d.cwe_ids);
    });
  const events = affected.flatMap((a) =>
    (Array.isArray(a.ranges) ? a.ranges : []).map((rg) =>
      (Array.isArray(obj(rg).events) ? (obj(rg).events as unknown[]) : []).map(obj),
    ),
  );
  const allVersions = events.some(
    (ev) =>
      ev.some((e) => e.introduced === '0') &&
      !ev.some((e) => e.fixed !== undefined || e.last_affected !== undefined || e.limit !== undefined),
  );
  const fixes = events.flat().flatMap((e) => (typeof e.fixed === 'string' ? [e.fixed] : []));
  const fixed = firstFixed(q, fixes);
  const sev = severityOf(r, affected, db);
  const summary = typeof r.summary === 'string' && r.summary.trim() !== '' ? r.summary : firstLine(r.details);
  return {
    id: r.id,
    aliases,
    summary: oneLine(summary, 200),
    ...(sev ? { severity: sev.severity, severitySource: sev.source } : {}),
    ...(fixed !== undefined ? { fixed } : {}),
    malicious,
    allVersions,
    url: `https://osv.dev/vulnerability/${encodeURIComponent(r.id)}`,
  };
}

function hasCwe506(v: unknown): boolean {
  if (!Array.isArray(v)) return false;
  return v.some((c) => c === 'CWE-506' || obj(c).cweId === 'CWE-506' || obj(c).id === 'CWE-506');
}

function firstLine(v: unknown): string {
  return typeof v === 'string' ? (v.trim().split('\n')[0] ?? '') : '';
}

function oneLine(s: string, max: number): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** The lowest fixed version above the locked one (ecosystem order where known, else the first listed). */
function firstFixed(q: PackageQuery, fixes: string[]): string | undefined {
  if (fixes.length === 0) return undefined;
  const gt = greaterThan(q.ecosystem);
  if (!gt) return fixes[0];
  const above = fixes.filter((f) => gt(f, q.version) === true);
  if (above.length === 0) return undefined;
  return above.reduce((lo, f) => (gt(lo, f) === true ? f : lo));
}

type Gt = (a: string, b: string) => boolean | undefined;
function greaterThan(eco: PackageQuery['ecosystem']): Gt | undefined {
  if (eco === 'npm' || eco === 'crates.io' || eco === 'Go') {
    return (a, b) => {
      const x = semver.parse(a.replace(/^v/, ''), { loose: true });
      const y = semver.parse(b.replace(/^v/, ''), { loose: true });
      return x && y ? semver.gt(x, y) : undefined;
    };
  }
  if (eco === 'PyPI') {
    return (a, b) => (pep440Valid(a) && pep440Valid(b) ? pep440Gt(a, b) : undefined);
  }
  return undefined;
}

const GH_LABELS: Record<string, Severity> = {
  CRITICAL: 'critical',
  HIGH: 'high',
  MODERATE: 'medium',
  MEDIUM: 'medium',
  LOW: 'low',
};

/** CVSS score bands (the CVSS specification's qualitative rating). */
export function severityOfScore(score: number): Severity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'info';
}

/** Base score of a CVSS vector (v2, v3.0, v3.1, v4.0), or undefined when it does not parse. */
export function cvssScore(type: string, vector: string): { score: number; version: string } | undefined {
  try {
    if (type === 'CVSS_V4' || vector.startsWith('CVSS:4.0/'))
      return { score: new CVSS40(vector).Score(), version: 'CVSS:4.0' };
    if (vector.startsWith('CVSS:3.1/')) return { score: new CVSS31(vector).BaseScore(), version: 'CVSS:3.1' };
    if (vector.startsWith('CVSS:3.0/')) return { score: new CVSS30(vector).BaseScore(), version: 'CVSS:3.0' };
    if (type === 'CVSS_V2') return { score: new CVSS20(vector).BaseScore(), version: 'CVSS:2.0' };
  } catch {
    return undefined;
  }
  return undefined;
}

const CVSS_RANK: Record<string, number> = { 'CVSS:4.0': 4, 'CVSS:3.1': 3, 'CVSS:3.0': 2, 'CVSS:2.0': 1 };

/**
 * The newest CVSS version given (record-level, then the package's own), else the database's label
 * (GitHub's `database_specific.severity`).
 */
function severityOf(
  r: OsvRecord,
  affected: OsvAffected[],
  db: Record<string, unknown>,
): { severity: Severity; source: string } | undefined {
  const entries = [r.severity, ...affected.map((a) => a.severity)].flatMap((s) =>
    Array.isArray(s) ? s.map(obj) : [],
  );
  let best: { score: number; version: string } | undefined;
  for (const e of entries) {
    if (typeof e.type !== 'string' || typeof e.score !== 'string' || e.score.length > 200) continue;
    const s = cvssScore(e.type, e.score);
    if (s && (!best || CVSS_RANK[s.version]! > CVSS_RANK[best.version]!)) best = s;
  }
  if (best)
    return { severity: severityOfScore(best.score), source: `${best.version} ${best.score.toFixed(1)}` };
  const label = typeof db.severity === 'string' ? db.severity.toUpperCase() : undefined;
  if (label && GH_LABELS[label]) return { severity: GH_LABELS[label], source: `database severity ${label}` };
  return undefined;
}
