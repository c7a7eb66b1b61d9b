import { afterEach, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { OciResolver, ociTarget, parseBearerChallenge } from '../../src/intel/oci.js';
import { startFakeOci, TOKEN, type FakeOci } from './fake-oci.js';

let fake: FakeOci | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const resolver = (registryUrls: Record<string, string>, f?: typeof fetch) =>
  new OciResolver({ registryUrls, timeoutMs: 5000, concurrency: 4, ...(f ? { fetch: f } : {}) });

describe('ociTarget', () => {
  it('maps Docker Hub names to its API host with library/ for official images', () => {
    expect(ociTarget('node:20')).toStrictEqual({
      base: 'https://registry-1.docker.io',
      name: 'library/node',
      tag: '20',
    });
    expect(ociTarget('docker.io/bitnami/redis:7.2')).toStrictEqual({
      base: 'https://registry-1.docker.io',
      name: 'bitnami/redis',
      tag: '7.2',
    });
    expect(ociTarget('index.docker.io/library/alpine:3.20')).toMatchObject({ name: 'library/alpine' });
  });

  it('keeps other registries, ports included, and uses the configured base instead', () => {
    expect(ociTarget('ghcr.io/acme/app:1.2')).toStrictEqual({
      base: 'https://ghcr.io',
      name: 'acme/app',
      tag: '1.2',
    });
    expect(
      ociTarget('registry.example:5000/team/app:1.0', { 'registry.example:5000': 'http://127.0.0.1:9/' }),
    ).toStrictEqual({
      base: 'http://127.0.0.1:9',
      name: 'team/app',
      tag: '1.0',
    });
  });

  it('refuses what the API cannot name, so nothing hostile reaches a URL', () => {
    expect(ociTarget('node')).toBe('node has no tag to resolve');
    expect(ociTarget('node:20@sha256:' + 'a'.repeat(64))).toMatch(/already names a digest/);
    expect(ociTarget('Node:20')).toMatch(/repository name/);
    expect(ociTarget('ghcr.io/a/../b:1')).toMatch(/repository name/);
    expect(ociTarget('ghcr.io/a/b:-x')).toMatch(/tag the registry API cannot name/);
    expect(ociTarget('ghcr.io/a/b:1?x=1')).toMatch(/tag the registry API cannot name/);
    expect(ociTarget('user:pw@evil.example/a:1')).toMatch(/already names a digest/);
  });
});

describe('parseBearerChallenge', () => {
  it('reads quoted and bare parameters, commas inside quotes included', () => {
    expect(
      parseBearerChallenge(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/node:pull,push"',
      ),
    ).toStrictEqual({
      realm: 'https://auth.docker.io/token',
      service: 'registry.docker.io',
      scope: 'repository:library/node:pull,push',
    });
    expect(parseBearerChallenge('Bearer realm=https://ghcr.io/token, service=ghcr.io')).toStrictEqual({
      realm: 'https://ghcr.io/token',
      service: 'ghcr.io',
    });
    expect(parseBearerChallenge('Basic realm="x"')).toBeUndefined();
  });
});

describe('OciResolver against a loopback registry', () => {
  it('follows the anonymous token flow and pins the index digest (Docker Hub shape)', async () => {
    fake = await startFakeOci({ token: true });
    const r = resolver({ 'docker.io': fake.url });
    const out = await r.imageDigests(['node:20', 'node:20', 'docker.io/library/node:22']);
    expect(out.failure).toBeUndefined();
    expect(out.answers.get('node:20')).toStrictEqual({ digest: fake.digestOf('library/node:20') });
    expect(out.answers.get('docker.io/library/node:22')).toStrictEqual({
      digest: fake.digestOf('library/node:22'),
    });
    const first = fake.requests.filter((q) => q.path === '/v2/library/node/manifests/20');
    expect(first.map((q) => [q.method, q.headers.authorization])).toStrictEqual([
      ['HEAD', undefined],
      ['HEAD', `Bearer ${TOKEN}`],
    ]);
    expect(first[0]!.headers.accept).toContain('application/vnd.oci.image.index.v1+json');
    // One token for the repository, asked for pull only.
    const tokens = fake.requests.filter((q) => q.path.startsWith('/token'));
    expect(tokens).toHaveLength(1);
    expect(new URL(tokens[0]!.path, fake.url).searchParams.get('scope')).toBe('repository:library/node:pull');
    expect(tokens[0]!.headers.authorization).toBeUndefined();
  });

  it('hashes the manifest from a GET when the registry gives no digest header', async () => {
    fake = await startFakeOci({ noDigestHeader: true });
    const out = await resolver({ 'ghcr.io': fake.url }).imageDigests(['ghcr.io/acme/app:1.2']);
    expect(out.answers.get('ghcr.io/acme/app:1.2')).toStrictEqual({ digest: fake.digestOf('acme/app:1.2') });
    expect(fake.requests.map((q) => q.method)).toStrictEqual(['HEAD', 'GET']);
  });

  it('reports an unknown tag as a failure with the image named', async () => {
    fake = await startFakeOci({ known: (nt) => nt !== 'library/node:99' });
    const out = await resolver({ 'docker.io': fake.url }).imageDigests(['node:99', 'node:20']);
    expect(out.answers.has('node:99')).toBe(false);
    expect(out.answers.has('node:20')).toBe(true);
    expect(out.failure).toStrictEqual({
      service: 'container registries',
      url: fake.url,
      packages: 1,
      reason: 'node:99: no tag 99 in library/node',
      checks: 'image digests for fixes',
    });
  });

  it('rejects a digest header of the wrong shape by hashing the body instead', async () => {
    fake = await startFakeOci({
      handle: (req, res, url) => {
        if (req.method !== 'HEAD' || !url.includes('/manifests/')) return false;
        res.writeHead(200, { 'docker-content-digest': 'sha256:../../evil' });
        res.end();
        return true;
      },
    });
    const out = await resolver({ 'docker.io': fake.url }).imageDigests(['alpine:3.20']);
    expect(out.answers.get('alpine:3.20')).toStrictEqual({ digest: fake.digestOf('library/alpine:3.20') });
  });

  it('refuses a redirect to another host and a body past the cap', async () => {
    fake = await startFakeOci({
      handle: (req, res, url) => {
        if (url.includes('redirect')) {
          res.writeHead(307, { location: 'http://127.0.0.2:1/v2/x' });
          res.end();
          return true;
        }
        if (url.includes('/big/')) {
          res.writeHead(200, { 'content-length': String(5 << 20) });
          res.end();
          return true;
        }
        return false;
      },
    });
    const r = resolver({ 'docker.io': fake.url });
    const a = await r.imageDigests(['acme/redirect:1']);
    expect(a.failure?.reason).toBe('acme/redirect:1: redirect to another host (127.0.0.2:1) refused');
    const b = await r.imageDigests(['acme/big:1']);
    expect(b.failure?.reason).toBe(
      `acme/big:1: the answer is larger than ${4 << 20} bytes (${5 << 20} announced)`,
    );
  });
});

describe('OciResolver trust rules (no socket: a recording fetch)', () => {
  const recording = (answer: (url: string) => Response) => {
    const urls: string[] = [];
    const f = ((input: URL | string) => {
      urls.push(String(input));
      return Promise.resolve(answer(String(input)));
    }) as typeof fetch;
    return { urls, f };
  };

  it('speaks https to registries named by a file, http only to a configured base', async () => {
    const { urls, f } = recording(() => new Response(null, { status: 404 }));
    await resolver({}, f).imageDigests(['registry.example:5000/team/app:1.0', 'node:20']);
    expect(urls.sort()).toStrictEqual([
      'https://registry-1.docker.io/v2/library/node/manifests/20',
      'https://registry.example:5000/v2/team/app/manifests/1.0',
    ]);
  });

  it('follows a token realm only over https, and never with credentials', async () => {
    const challenge = (realm: string) =>
      recording(
        () =>
          new Response(null, {
            status: 401,
            headers: { 'www-authenticate': `Bearer realm="${realm}",service="x"` },
          }),
      );
    const http = challenge('http://auth.example/token');
    const out = await resolver({}, http.f).imageDigests(['ghcr.io/a/b:1']);
    expect(out.failure?.reason).toBe('ghcr.io/a/b:1: refused the token realm http://auth.example: not https');
    expect(http.urls).toStrictEqual(['https://ghcr.io/v2/a/b/manifests/1']);
    const creds = challenge('https://u:p@auth.example/token');
    const out2 = await resolver({}, creds.f).imageDigests(['ghcr.io/a/b:1']);
    expect(out2.failure?.reason).toBe('ghcr.io/a/b:1: refused a token realm with credentials');
  });

  it('takes the digest from a GET body hash bounded by the cap', async () => {
    const body = '{"schemaVersion":2}';
    const { f } = recording((url) =>
      url.includes('manifests') ? new Response(body, { status: 200 }) : new Response(null, { status: 404 }),
    );
    const out = await resolver({}, f).imageDigests(['ghcr.io/a/b:1']);
    expect(out.answers.get('ghcr.io/a/b:1')).toStrictEqual({
      digest: `sha256:${createHash('sha256').update(body).digest('hex')}`,
    });
  });
});
