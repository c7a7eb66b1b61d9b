/**
 * A fake npm registry on 127.0.0.1 (node:http): `GET /<name>` (scoped: `/@scope%2fname`) answers a
 * full packument in the registry's documented shape (package-metadata.md), 404 `{"error":"Not
 * found"}` for unknown names; requests recorded.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RegistryRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
}

export interface FakeRegistry {
  url: string;
  requests: RegistryRequest[];
  close(): Promise<void>;
}

export async function startFakeRegistry(
  packuments: Record<string, object>,
  handle?: (req: IncomingMessage, res: ServerResponse, n: number) => boolean,
): Promise<FakeRegistry> {
  const requests: RegistryRequest[] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers });
    if (handle && handle(req, res, requests.length)) return;
    const name = decodeURIComponent((req.url ?? '/').slice(1));
    const doc = req.method === 'GET' ? packuments[name] : undefined;
    res.writeHead(doc ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(doc ?? { error: 'Not found' }));
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

export interface FixtureVersion {
  integrity?: string;
  shasum?: string;
  /** ISO time of publication. */
  time?: string;
  /** `scripts` of the version's package.json as the registry keeps it. */
  scripts?: Record<string, string>;
  hasInstallScript?: boolean;
  /** Adds `dist.attestations` (a provenance statement) as the registry serves it. */
  attested?: boolean;
  deprecated?: string;
}

/** A full packument as the registry serves it (abridged: fields the rules do not read are few). */
export function packument(name: string, versions: Record<string, FixtureVersion>): object {
  const vs = Object.entries(versions);
  const times = vs.flatMap(([v, f]) => (f.time ? [[v, f.time]] : []));
  const latest = vs[vs.length - 1]?.[0];
  return {
    _id: name,
    _rev: '12-0123456789abcdef0123456789abcdef',
    name,
    'dist-tags': latest ? { latest } : {},
    versions: Object.fromEntries(
      vs.map(([v, f]) => [
        v,
        {
          name,
          version: v,
          description: 'fixture',
          main: 'index.js',
          license: 'MIT',
          _id: `${name}@${v}`,
          ...(f.scripts ? { scripts: f.scripts } : {}),
          ...(f.hasInstallScript !== undefined ? { hasInstallScript: f.hasInstallScript } : {}),
          ...(f.deprecated !== undefined ? { deprecated: f.deprecated } : {}),
          _nodeVersion: '20.11.1',
          _npmVersion: '10.2.4',
          dist: {
            ...(f.integrity ? { integrity: f.integrity } : {}),
            ...(f.shasum ? { shasum: f.shasum } : {}),
            tarball: `https://registry.npmjs.org/${name}/-/${name.replace(/^@[^/]+\//, '')}-${v}.tgz`,
            fileCount: 3,
            unpackedSize: 1234,
            ...(f.attested
              ? {
                  attestations: {
                    url: `https://registry.npmjs.org/-/npm/v1/attestations/${name}@${v}`,
                    provenance: { predicateType: 'https://slsa.dev/provenance/v1' },
                  },
                }
              : {}),
            signatures: [{ keyid: 'SHA256:jl3bwswu80PjjokCgh0o2w5c2U4LhQAE57gj9cz1kzA', sig: 'MEUCIQ...' }],
          },
          maintainers: [{ name: 'someone', email: 'someone@example.test' }],
        },
      ]),
    ),
    time: {
      created: '2015-01-01T00:00:00.000Z',
      modified: '2026-12-01T00:00:00.000Z',
      ...Object.fromEntries(times),
    },
    maintainers: [{ name: 'someone', email: 'someone@example.test' }],
    readme: 'fixture',
    license: 'MIT',
  };
}

export interface LockEntry {
  /** Install path under node_modules (`a/node_modules/b` for a nested copy). */
  path: string;
  version: string;
  integrity: string;
  /** Default: the public registry's tarball URL. */
  resolved?: string;
  /** The real name when `path`'s last segment is an alias. */
  name?: string;
}

/**
 * A v3 package-lock.json: the root on lines 5-8, then each entry's key on line 9 + 5i (key,
 * version, resolved, integrity, closing brace).
 */
export function lockWith(entries: LockEntry[]): string {
  const body = entries.map((e) => {
    const i = e.path.lastIndexOf('node_modules/');
    const name = e.name ?? (i === -1 ? e.path : e.path.slice(i + 'node_modules/'.length));
    const base = name.replace(/^@[^/]+\//, '');
    const resolved = e.resolved ?? `https://registry.npmjs.org/${name}/-/${base}-${e.version}.tgz`;
    return `    "node_modules/${e.path}": {\n      "version": "${e.version}",\n      "resolved": "${resolved}",\n      "integrity": "${e.integrity}"\n    }`;
  });
  return `{\n  "name": "app",\n  "lockfileVersion": 3,\n  "packages": {\n    "": {\n      "name": "app",\n      "dependencies": {}\n    },\n${body.join(',\n')}\n  }\n}\n`;
}
