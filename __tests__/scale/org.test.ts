import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './fixture.js';

const D = 'sha256:' + 'a'.repeat(64);
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function repoTree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'bulkhead-org-'));
  dirs.push(root);
  mkdirSync(join(root, '.git'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}

describe('bulkhead merge --by-repo', () => {
  it('one summary with a table per repository and per rule; the exit code blocks on any repository', async () => {
    const api = repoTree({
      Dockerfile: 'FROM node\nUSER node\n',
      'w/Dockerfile': 'FROM python\nUSER 1000\n',
    });
    const web = repoTree({ Dockerfile: `FROM node:20.11.1@${D}\nUSER node\n` });
    const out = mkdtempSync(join(tmpdir(), 'bulkhead-org-out-'));
    dirs.push(out);
    for (const [name, root] of [
      ['api', api],
      ['web', web],
    ] as const)
      expect(
        (
          await run(
            ['scan', '.', '--format', 'json', '--shard', '1/1', '-o', join(out, `${name}.json`)],
            root,
          )
        ).code,
      ).toBe(name === 'api' ? 1 : 0);
    const args = [
      'merge',
      '--by-repo',
      `acme/web=${join(out, 'web.json')}`,
      `acme/api=${join(out, 'api.json')}`,
    ];
    const md = await run([...args, '--format', 'markdown'], out);
    expect(md.code).toBe(1);
    const lines = md.stdout.split('\n');
    expect(lines[0]).toBe('## Bulkhead: 2 repositories');
    expect(lines).toContain('| <code>acme/api</code> | 2 | 2 | high | 0 | 2 | 0 | 0 | 0 | 2 |');
    expect(lines).toContain('| <code>acme/web</code> | 0 | 0 | none | 0 | 0 | 0 | 0 | 0 | 1 |');
    expect(lines).toContain('| <code>dockerfile/base-image-latest</code> | 2 | 1 |');
    expect(lines).toContain('### <code>acme/api</code>');
    expect(lines).not.toContain('### <code>acme/web</code>');
    const json = JSON.parse((await run([...args, '--format', 'json'], out)).stdout);
    expect(
      json.repositories.map((r: { repo: string; summary: { total: number } }) => [r.repo, r.summary.total]),
    ).toEqual([
      ['acme/api', 2],
      ['acme/web', 0],
    ]);
    expect(json.byRule).toEqual([{ ruleId: 'dockerfile/base-image-latest', findings: 2, repos: 1 }]);
    expect(
      (await run(['merge', '--by-repo', `acme/web=${join(out, 'web.json')}`, '--format', 'markdown'], out))
        .code,
    ).toBe(0);
    expect(
      (await run(['merge', '--by-repo', join(out, 'web.json'), '--format', 'markdown'], out)).stderr,
    ).toMatch(/^bulkhead: --by-repo: expected OWNER\/NAME=FILE for each report/);
    expect((await run([...args, '--format', 'sarif'], out)).stderr).toBe(
      'bulkhead: --by-repo: --format markdown or json (got "sarif")\n',
    );
  });
});

describe('bulkhead org-plan', () => {
  it('--repos: the matrix, repeats dropped, names checked', async () => {
    expect(await run(['org-plan', '--repos', 'acme/api, acme/web\nacme/API'], '/')).toEqual({
      code: 0,
      stdout:
        '{"include":[{"repo":"acme/api","artifact":"acme__api"},{"repo":"acme/web","artifact":"acme__web"}]}\n',
      stderr: '',
    });
    for (const bad of ['acme', 'acme/../x', '-x/y', 'a/b/c', 'acme/$(id)'])
      expect((await run(['org-plan', `--repos=${bad}`], '/')).stderr).toMatch(
        /^bulkhead: org-plan: not a repository as OWNER\/NAME/,
      );
    const many = Array.from({ length: 257 }, (_, i) => `acme/r${i}`).join(',');
    expect((await run(['org-plan', '--repos', many], '/')).stderr).toBe(
      'bulkhead: org-plan: 257 repositories, but a matrix runs at most 256 jobs; narrow the list (a topic) or split it across calls\n',
    );
    expect((await run(['org-plan'], '/')).code).toBe(2);
  });

  describe('--org against a loopback REST API', () => {
    let server: Server;
    let url: string;
    const seen: string[] = [];
    const repos = Array.from({ length: 130 }, (_, i) => ({
      full_name: `acme/r${String(i).padStart(3, '0')}`,
      archived: i === 4,
      topics: i % 2 === 0 ? ['containers'] : [],
    }));
    beforeAll(async () => {
      server = createServer((req, res) => {
        seen.push(`${req.headers.authorization} ${req.url}`);
        const u = new URL(req.url!, 'http://x');
        if (u.pathname === '/orgs/weird/repos') {
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"message":"not a list"}');
          return;
        }
        if (u.pathname !== '/orgs/acme/repos') {
          res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}');
          return;
        }
        const page = Number(u.searchParams.get('page') ?? '1');
        const body = repos.slice((page - 1) * 100, page * 100);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it('every page read, archived left out, the topic kept, sorted', async () => {
      const env = { GITHUB_TOKEN: 'tkn', GITHUB_API_URL: url };
      const r = await run(['org-plan', '--org', 'acme', '--topic', 'containers'], '/', env);
      expect(r.code).toBe(0);
      const plan = JSON.parse(r.stdout).include as { repo: string }[];
      expect(plan).toHaveLength(64);
      expect(plan[0]).toEqual({ repo: 'acme/r000', artifact: 'acme__r000' });
      expect(plan.map((p) => p.repo)).not.toContain('acme/r004');
      expect(seen).toEqual([
        'Bearer tkn /orgs/acme/repos?type=all&per_page=100&page=1',
        'Bearer tkn /orgs/acme/repos?type=all&per_page=100&page=2',
      ]);
      const all = await run(['org-plan', '--org', 'acme'], '/', env);
      expect(JSON.parse(all.stdout).include).toHaveLength(129);
      expect((await run(['org-plan', '--org', 'nobody'], '/', env)).stderr).toMatch(
        /^bulkhead: org-plan: could not list the repositories of nobody: HTTP 404$/m,
      );
      expect((await run(['org-plan', '--org', 'weird'], '/', env)).stderr).toBe(
        'bulkhead: org-plan: could not list the repositories of weird: the answer is not a list of repositories\n',
      );
      expect((await run(['org-plan', '--org', 'acme'], '/', { GITHUB_API_URL: url })).stderr).toBe(
        'bulkhead: org-plan --org: set GITHUB_TOKEN to a token that can list the repositories\n',
      );
      expect((await run(['org-plan', '--org', 'acme', '--topic', 'none-such'], '/', env)).stderr).toMatch(
        /^bulkhead: org-plan: no repositories of acme with the topic none-such/,
      );
    });
  });
});
