/**
 * A fake OCI distribution registry on 127.0.0.1 answering in the recorded shapes of Docker Hub and
 * GHCR: `HEAD|GET /v2/<name>/manifests/<tag>` with `Docker-Content-Digest` and the index media
 * type; with `token: true`, a 401 carrying `WWW-Authenticate: Bearer realm="<this server>/token",
 * service="registry.docker.io",scope="repository:<name>:pull"` until the request brings the token
 * `GET /token` hands out (`{"token","access_token","expires_in","issued_at"}`, as auth.docker.io).
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OciRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
}

export interface FakeOci {
  url: string;
  requests: OciRequest[];
  /** The digest the fake answers for `name:tag`. */
  digestOf(nameTag: string): string;
  close(): Promise<void>;
}

export const TOKEN = 'anon-token-for-tests';

/** An OCI image index body for a tag, as multi-platform images have (stable per tag). */
export function indexBody(nameTag: string): string {
  const d = (s: string) => `sha256:${createHash('sha256').update(s).digest('hex')}`;
  return JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: d(`${nameTag}/amd64`),
        size: 1234,
        platform: { architecture: 'amd64', os: 'linux' },
      },
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: d(`${nameTag}/arm64`),
        size: 1234,
        platform: { architecture: 'arm64', os: 'linux', variant: 'v8' },
      },
    ],
  });
}

export interface FakeOciOptions {
  /** `name:tag` pairs the registry knows (`library/node:20`); default: every name and tag. */
  known?: (nameTag: string) => boolean;
  token?: boolean;
  /** Leave out Docker-Content-Digest (some mirrors do): the client must hash the GET body. */
  noDigestHeader?: boolean;
  /** Answer before the default handling; return true when answered. */
  handle?: (req: IncomingMessage, res: ServerResponse, url: string) => boolean;
}

export async function startFakeOci(opts: FakeOciOptions = {}): Promise<FakeOci> {
  const requests: OciRequest[] = [];
  let base = '';
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    requests.push({ method: req.method ?? '', path: url, headers: req.headers });
    if (opts.handle && opts.handle(req, res, url)) return;
    if (url.startsWith('/token')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          token: TOKEN,
          access_token: TOKEN,
          expires_in: 300,
          issued_at: '2026-12-06T00:00:00Z',
        }),
      );
      return;
    }
    const m = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(url);
    if (!m) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"errors":[{"code":"NOT_FOUND"}]}');
      return;
    }
    const nameTag = `${m[1]}:${decodeURIComponent(m[2]!)}`;
    if (opts.token && req.headers.authorization !== `Bearer ${TOKEN}`) {
      res.writeHead(401, {
        'content-type': 'application/json',
        'www-authenticate': `Bearer realm="${base}/token",service="registry.docker.io",scope="repository:${m[1]}:pull"`,
      });
      res.end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
      return;
    }
    if (opts.known && !opts.known(nameTag)) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}');
      return;
    }
    const body = indexBody(nameTag);
    res.writeHead(200, {
      'content-type': 'application/vnd.oci.image.index.v1+json',
      'content-length': String(Buffer.byteLength(body)),
      ...(opts.noDigestHeader ? {} : { 'docker-content-digest': digestOf(nameTag) }),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  function digestOf(nameTag: string): string {
    return `sha256:${createHash('sha256').update(indexBody(nameTag)).digest('hex')}`;
  }
  return {
    url: base,
    requests,
    digestOf,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
