import { describe, expect, test } from '@jest/globals';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOctokit, withTimeout } from '../../src/github/octokit.js';
import { restApi } from '../../src/github/api.js';
import { silentLogger } from '../../src/logger.js';

describe('withTimeout', () => {
  test('each attempt gets its own deadline, and a caller signal still cancels', async () => {
    const seen: (AbortSignal | undefined)[] = [];
    const base = async (_u: string | URL, init?: RequestInit) => {
      seen.push(init?.signal ?? undefined);
      return new Response('ok');
    };
    const f = withTimeout(base, 50);
    await f('http://127.0.0.1/');
    const caller = new AbortController();
    await f('http://127.0.0.1/', { signal: caller.signal });
    expect(seen[0]).toBeDefined();
    expect(seen[1]).not.toBe(caller.signal);
    caller.abort();
    expect(seen[1]!.aborted).toBe(true);
  });

  test('a hanging server is given up on', async () => {
    const f = withTimeout(
      (_u, init) =>
        new Promise<Response>((_resolve, reject) =>
          init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)),
        ),
      30,
    );
    await expect(f('http://127.0.0.1/')).rejects.toThrow();
  });
});

describe('createOctokit', () => {
  test('uses GITHUB_API_URL, its user agent, and does not retry a 403', async () => {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers['user-agent']?.split(' ')[0]}`);
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'Resource not accessible by integration' }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      const api = restApi(
        createOctokit({ token: 't', baseUrl: `http://127.0.0.1:${port}/api/v3`, logger: silentLogger }),
        'o',
        'r',
      );
      await expect(api.createCheckRun({ name: 'n', head_sha: 'a'.repeat(40) })).rejects.toMatchObject({
        status: 403,
      });
      expect(seen).toEqual(['POST /api/v3/repos/o/r/check-runs bulkhead-action/0.1.0']);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
