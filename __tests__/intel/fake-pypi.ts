/**
 * A fake PyPI JSON API on 127.0.0.1 (node:http): `GET /pypi/<name>/json` answers a project
 * document in the shape PyPI serves (info, last_serial, releases, urls, vulnerabilities), 404
 * `{"message": "Not Found"}` for unknown names; requests recorded.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PypiRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
}

export interface FakePypi {
  url: string;
  requests: PypiRequest[];
  close(): Promise<void>;
}

/** The sha256 of a fixed string, hex: fixture digests, not real distributions. */
export const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

export async function startFakePypi(
  projects: Record<string, object>,
  handle?: (req: IncomingMessage, res: ServerResponse, n: number) => boolean,
): Promise<FakePypi> {
  const requests: PypiRequest[] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers });
    if (handle && handle(req, res, requests.length)) return;
    const m = /^\/pypi\/([^/]+)\/json$/.exec(req.url ?? '');
    const doc = req.method === 'GET' && m ? projects[decodeURIComponent(m[1]!)] : undefined;
    res.writeHead(doc ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(doc ?? { message: 'Not Found' }));
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

export interface FixtureFile {
  filename: string;
  /** Hashed into `digests.sha256` (and md5, blake2b_256 from it). */
  content: string;
  /** ISO time of the upload. */
  time: string;
  yanked?: boolean;
  yankedReason?: string;
}

/** A project document as PyPI's JSON API serves it (abridged `info`; every field of a file). */
export function pypiProject(name: string, releases: Record<string, FixtureFile[]>): object {
  const file = (f: FixtureFile) => ({
    comment_text: '',
    digests: {
      blake2b_256: createHash('sha512').update(f.content).digest('hex').slice(0, 64),
      md5: createHash('md5').update(f.content).digest('hex'),
      sha256: sha256(f.content),
    },
    downloads: -1,
    filename: f.filename,
    has_sig: false,
    md5_digest: createHash('md5').update(f.content).digest('hex'),
    packagetype: f.filename.endsWith('.whl') ? 'bdist_wheel' : 'sdist',
    python_version: f.filename.endsWith('.whl') ? 'py3' : 'source',
    requires_python: '>=3.8',
    size: f.content.length,
    upload_time: f.time.replace(/\.\d+Z$|Z$/, ''),
    upload_time_iso_8601: f.time,
    url: `https://files.pythonhosted.org/packages/ab/cd/${f.filename}`,
    yanked: f.yanked ?? false,
    yanked_reason: f.yankedReason ?? null,
  });
  const versions = Object.keys(releases);
  const latest = versions[versions.length - 1] ?? '0';
  return {
    info: {
      author: 'someone',
      classifiers: ['Programming Language :: Python :: 3'],
      description: 'fixture',
      home_page: '',
      license: 'MIT',
      name,
      package_url: `https://pypi.org/project/${name}/`,
      project_urls: null,
      requires_dist: null,
      requires_python: '>=3.8',
      summary: 'fixture',
      version: latest,
      yanked: false,
      yanked_reason: null,
    },
    last_serial: 123456,
    releases: Object.fromEntries(Object.entries(releases).map(([v, fs]) => [v, fs.map(file)])),
    urls: (releases[latest] ?? []).map(file),
    vulnerabilities: [],
  };
}
