/** A fake OSV API on 127.0.0.1 (node:http): the documented request and answer shapes, recorded requests. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AFFECTS, RECORDS } from './osv-fixtures.js';

export interface Recorded {
  method: string;
  path: string;
  body: unknown;
}

export interface FakeOsv {
  url: string;
  requests: Recorded[];
  close(): Promise<void>;
}

interface Query {
  package: { ecosystem: string; name: string };
  version: string;
  page_token?: string;
}

export interface FakeOptions {
  /** Answer a request yourself; return true when handled. */
  handle?: (
    req: IncomingMessage,
    res: ServerResponse,
    rec: Recorded,
    n: number,
  ) => boolean | Promise<boolean>;
  latencyMs?: number;
  /** Ids per page of one query's results (pagination with next_page_token). */
  pageSize?: number;
  affects?: Record<string, string[]>;
}

export async function startFakeOsv(opts: FakeOptions = {}): Promise<FakeOsv> {
  const requests: Recorded[] = [];
  const affects = opts.affects ?? AFFECTS;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const rec: Recorded = {
          method: req.method ?? '',
          path: req.url ?? '',
          body: text ? JSON.parse(text) : undefined,
        };
        requests.push(rec);
        if (opts.latencyMs) await new Promise((r) => setTimeout(r, opts.latencyMs));
        if (opts.handle && (await opts.handle(req, res, rec, requests.length))) return;
        answer(rec, res, affects, opts.pageSize);
      })();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function answer(
  rec: Recorded,
  res: ServerResponse,
  affects: Record<string, string[]>,
  pageSize?: number,
): void {
  if (rec.method === 'POST' && rec.path === '/v1/querybatch') {
    const { queries } = rec.body as { queries: Query[] };
    if (queries.length > 1000) return json(res, 400, { code: 3, message: 'Too many queries.' });
    const results = queries.map((q) => {
      const ids = affects[`${q.package.ecosystem} ${q.package.name}@${q.version}`] ?? [];
      const start = q.page_token ? Number(q.page_token) : 0;
      const end = pageSize ? start + pageSize : ids.length;
      const page = ids.slice(start, end).map((id) => ({ id, modified: '2026-01-01T00:00:00Z' }));
      const out: Record<string, unknown> = page.length > 0 ? { vulns: page } : {};
      if (end < ids.length) out.next_page_token = String(end);
      return out;
    });
    return json(res, 200, { results });
  }
  const m = /^\/v1\/vulns\/([^/?]+)$/.exec(rec.path);
  if (rec.method === 'GET' && m) {
    const id = decodeURIComponent(m[1]!);
    const r = RECORDS[id] ?? (/^GEN-/.test(id) ? generated(id) : undefined);
    return r ? json(res, 200, r) : json(res, 404, { code: 5, message: 'Bug not found.' });
  }
  json(res, 404, { code: 5, message: 'Not found' });
}

/** `GEN-<name>-<n>`: a medium-severity advisory for the bench's generated packages. */
function generated(id: string): object {
  const name = id.slice(4, id.lastIndexOf('-'));
  return {
    id,
    modified: '2026-01-01T00:00:00Z',
    summary: `Generated advisory for ${name}`,
    severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L' }],
    affected: [
      {
        package: { ecosystem: 'npm', name },
        ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '9.9.9' }] }],
      },
    ],
  };
}

/** A v3 package-lock.json: the root on lines 5-8, then each package's key on line 9 + 4i. */
export function packageLock(pkgs: [string, string][]): string {
  const deps = pkgs.map(([n]) => `"${n}": "*"`).join(', ');
  const entries = pkgs.map(
    ([n, v]) =>
      `    "node_modules/${n}": {\n      "version": "${v}",\n      "resolved": "https://registry.npmjs.org/${n}/-/${n.replace(/^@[^/]+\//, '')}-${v}.tgz"\n    }`,
  );
  return `{\n  "name": "app",\n  "lockfileVersion": 3,\n  "packages": {\n    "": {\n      "name": "app",\n      "dependencies": { ${deps} }\n    },\n${entries.join(',\n')}\n  }\n}\n`;
}
