import { describe, expect, it } from '@jest/globals';
import { parseDockerfile } from '../../../src/formats/dockerfile/parse.js';
import { rule } from '../../../src/rules/dockerfile/secret-in-context.js';
import { runRule } from '../../helpers/rules.js';
import { ruleTester } from '../../helpers/rule-tester.js';

// Fake credentials of real shapes (never valid anywhere).
const AWS_ENV =
  'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nAWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n';
const KEY =
  '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n';
const CERT = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n';
const GHP = 'ghp_' + 'A1b2C3d4E5'.repeat(3) + 'xYz123';
const F = 'FROM node:20\nWORKDIR /app\n';
const ONB = { errors: [], reason: "a trigger copies the child build's context" };

ruleTester(rule, parseDockerfile).run({
  valid: [
    {
      name: 'nothing secret in the context',
      code: F + 'COPY . .\n',
      files: { 'package.json': '{}', 'src/index.js': 'x' },
    },
    {
      name: '.env excluded by name',
      code: F + 'COPY . .\n',
      files: { '.env': AWS_ENV, '.dockerignore': '.env\n' },
    },
    {
      name: '.env excluded by a comment-free list with spaces',
      code: F + 'COPY . .\n',
      files: { '.env': AWS_ENV, '.dockerignore': '# secrets\n  .env  \n' },
    },
    {
      name: 'nested .env excluded with **',
      code: F + 'COPY . .\n',
      files: { 'config/.env': AWS_ENV, '.dockerignore': '**/.env\n' },
    },
    {
      name: 'keys folder excluded with a leading slash',
      code: F + 'COPY . .\n',
      files: { 'keys/id_rsa': KEY, '.dockerignore': '/keys\n' },
    },
    {
      name: 'exclude everything, re-include only what is built',
      code: F + 'COPY . .\n',
      files: {
        '.env': AWS_ENV,
        'keys/id_rsa': KEY,
        'src/a.js': 'x',
        'package.json': '{}',
        '.dockerignore': '*\n!src\n!package.json\n',
      },
    },
    {
      name: 'COPY --from copies from a stage, not the context',
      code: 'FROM node:20 AS b\nRUN true\nFROM node:20\nCOPY --from=b /app /app\n',
      files: { '.env': AWS_ENV },
    },
    { name: 'ADD of a URL', code: F + 'ADD https://example.com/x.tgz /x\n', files: { '.env': AWS_ENV } },
    {
      name: 'a source known only at build time, the secret excluded by .dockerignore',
      code: F + 'ARG SRC\nCOPY ${SRC} ./\n',
      files: { 'keys/id_rsa': KEY, '.dockerignore': 'keys\n' },
    },
    {
      name: 'COPY of one source file',
      code: F + 'COPY package.json ./\n',
      files: { '.env': AWS_ENV, 'package.json': '{}' },
    },
    {
      name: 'glob that does not reach the file',
      code: F + 'COPY *.json ./\n',
      files: { '.env': AWS_ENV, 'a.json': '{}' },
    },
    {
      name: 'example env files are templates',
      code: F + 'COPY . .\n',
      files: { '.env.example': AWS_ENV, '.env.sample': 'X=1' },
    },
    {
      name: '.env without secrets',
      code: F + 'COPY . .\n',
      files: { '.env': 'NODE_ENV=production\nPORT=3000\n' },
    },
    {
      name: '.npmrc without a credential',
      code: F + 'COPY . .\n',
      files: { '.npmrc': 'registry=https://registry.npmjs.org/\n' },
    },
    { name: 'a certificate is public', code: F + 'COPY . .\n', files: { 'tls/ca.pem': CERT } },
    {
      name: "a Dockerfile in the context: its own ARG values are secret-in-image's",
      code: F + 'COPY . .\n',
      files: { 'other.Dockerfile': `FROM x\nARG T=${GHP}\n` },
    },
    { name: 'docs quote example tokens', code: F + 'COPY . .\n', files: { 'README.md': `token: ${GHP}\n` } },
    {
      name: 'COPY --exclude leaves the file out',
      code: F + 'COPY --exclude=.env . .\n',
      files: { '.env': AWS_ENV },
    },
    {
      name: 'context is the Dockerfile folder, the secret is above it',
      path: 'app/Dockerfile',
      code: F + 'COPY . .\n',
      files: { '.env': AWS_ENV, 'app/index.js': 'x' },
    },
    {
      name: 'Dockerfile.dockerignore beside the Dockerfile wins',
      code: F + 'COPY . .\n',
      files: { '.env': AWS_ENV, 'Dockerfile.dockerignore': '.env\n' },
    },
    {
      name: 'a malformed .dockerignore fails the build: nothing is copied',
      code: F + 'COPY . .\n',
      files: { '.env': AWS_ENV, '.dockerignore': '[\n' },
    },
    {
      name: 'the COPY names the file itself (secret-in-image reports it)',
      code: F + 'COPY id_rsa /root/.ssh/\n',
      files: { id_rsa: KEY },
    },
  ],
  invalid: [
    {
      name: 'a source known only at build time is checked as the whole context (fail closed)',
      code: F + 'ARG SRC\nCOPY ${SRC} ./\n',
      files: { 'keys/id_rsa': KEY, 'src/a.js': 'x' },
      errors: [{ line: 4, column: 1, message: 'keys/id_rsa' }],
      onbuild: ONB,
    },
    {
      name: 'the issue: COPY . . beside .env and keys/id_rsa, no .dockerignore',
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nUSER node\n',
      files: { '.env': AWS_ENV, 'keys/id_rsa': KEY, 'package.json': '{}' },
      errors: [{ line: 3, column: 1, message: '2 credential files' }],
      onbuild: ONB,
    },
    {
      name: '.dockerignore excludes .env at the root only',
      code: F + 'COPY . .\n',
      files: { 'config/.env': AWS_ENV, '.dockerignore': '.env\n' },
      errors: [{ line: 3, column: 1, message: '.dockerignore does not exclude it' }],
      onbuild: ONB,
    },
    {
      name: 'exception re-includes a folder that holds a secret',
      code: F + 'COPY . .\n',
      files: { 'src/.env': AWS_ENV, '.dockerignore': '*\n!src\n' },
      errors: [{ line: 3, column: 1 }],
      onbuild: ONB,
    },
    {
      name: 'a later line re-includes what an earlier one excluded (last match wins)',
      code: F + 'COPY . .\n',
      files: { 'prod.env': 'DB_PASSWORD=s3cr3t-Pa55w0rd\n', '.dockerignore': '*.env\n!prod.env\n' },
      errors: [{ line: 3, column: 1 }],
      onbuild: ONB,
    },
    {
      name: 'the per-Dockerfile ignore file replaces the root one',
      path: 'api.Dockerfile',
      code: F + 'COPY . .\n',
      files: { '.env': AWS_ENV, '.dockerignore': '.env\n', 'api.Dockerfile.dockerignore': 'node_modules\n' },
      errors: [{ line: 3, column: 1, message: 'api.Dockerfile.dockerignore does not exclude it' }],
      onbuild: ONB,
    },
    {
      name: 'wildcard source',
      code: F + 'COPY *.env ./\n',
      files: { 'prod.env': AWS_ENV },
      errors: [{ line: 3, column: 1 }],
      onbuild: ONB,
    },
    {
      name: 'folder source',
      code: F + 'COPY config/ /app/config/\n',
      files: { 'config/credentials.json': '{"client_secret":"x"}', 'config/app.json': '{}' },
      errors: [{ line: 3, column: 1, message: 'credentials.json' }],
      onbuild: ONB,
    },
    {
      name: '.npmrc with a token, by content',
      code: F + 'COPY . .\n',
      files: { '.npmrc': '//registry.npmjs.org/:_authToken=npm_' + 'Q'.repeat(36) + '\n' },
      errors: [{ line: 3, column: 1, message: '.npmrc' }],
      onbuild: ONB,
    },
    {
      name: 'a token inside an ordinary config file',
      code: F + 'COPY . .\n',
      files: { 'config/settings.yaml': `github:\n  token: ${GHP}\n` },
      errors: [{ line: 3, column: 1, message: 'holds a GitHub token' }],
      onbuild: ONB,
    },
    {
      name: 'Terraform state and a kubeconfig',
      code: F + 'COPY . .\n',
      files: { 'infra/terraform.tfstate': '{}', kubeconfig: 'apiVersion: v1' },
      errors: [{ line: 3, column: 1, message: '2 credential files' }],
      onbuild: ONB,
    },
    {
      name: 'only a builder stage copies the context: medium',
      code: 'FROM node:20 AS build\nWORKDIR /src\nCOPY . .\nRUN npm run build\nFROM nginx:1\nCOPY --from=build /src/dist /usr/share/nginx/html\n',
      files: { '.env': AWS_ENV },
      errors: [{ line: 3, column: 1, severity: 'medium', message: "build stage 'build'" }],
      onbuild: ONB,
    },
    {
      name: 'the final stage copies the folder the builder put the secret in: high',
      code: 'FROM node:20 AS build\nWORKDIR /src\nCOPY . .\nFROM node:20\nCOPY --from=build /src /app\n',
      files: { '.env': AWS_ENV },
      errors: [{ line: 3, column: 1 }],
      onbuild: ONB,
    },
    {
      name: 'a stage built FROM the builder carries its files',
      code: 'FROM node:20 AS build\nCOPY . /src\nFROM build AS test\nRUN true\nFROM build\n',
      files: { id_ed25519: KEY },
      errors: [{ line: 2, column: 1 }],
      onbuild: ONB,
    },
    {
      name: 'ADD of the context works like COPY',
      code: F + 'ADD . /app\n',
      files: { 'deploy.key': KEY },
      errors: [{ line: 3, column: 1 }],
      onbuild: ONB,
    },
  ],
});

describe('dockerfile/secret-in-context: what the finding says', () => {
  const code = F + 'COPY . .\n';
  it('names each file as a related span, the fix lines, and a fingerprint basis that lists them', async () => {
    const hits = await runRule(rule, parseDockerfile, code, 'Dockerfile', {
      files: { '.env': AWS_ENV, 'keys/id_rsa': KEY, '.dockerignore': 'node_modules\n' },
    });
    expect(hits).toHaveLength(1);
    const h = hits[0]!;
    expect(h.related?.map((r) => [r.label, r.span.line, r.span.column])).toEqual([
      ['.env', 1, 19],
      ['keys/id_rsa', 1, 1],
      ['.dockerignore (the ignore file in effect)', 1, 1],
    ]);
    expect(h.fix).toContain(
      'Add these lines at the end of .dockerignore (the last matching line wins), one a line: `.env`, `keys/id_rsa`.',
    );
    expect(h.evidence).toBe('COPY . . -> .env, keys/id_rsa');
    // The key's value is never quoted.
    expect(JSON.stringify(h)).not.toContain('AKIAIOSFODNN7EXAMPLE');
  });

  it('a missing .dockerignore is named, and the fix says to create it', async () => {
    const [h] = await runRule(rule, parseDockerfile, code, 'svc/Dockerfile', {
      files: { 'svc/.env': AWS_ENV },
    });
    expect(h!.message).toContain(
      'there is no .dockerignore to exclude it (neither svc/.dockerignore nor svc/Dockerfile.dockerignore)',
    );
    expect(h!.fix).toContain('Create svc/.dockerignore with these lines');
  });

  it('content hits point at the line of the credential in the file', async () => {
    const [h] = await runRule(rule, parseDockerfile, code, 'Dockerfile', {
      files: { 'conf/app.yaml': `a: 1\nb:\n  token: ${GHP}\n` },
    });
    expect(h!.related![0]).toMatchObject({ label: 'conf/app.yaml', span: { line: 3, column: 10 } });
  });

  it('a context too large to list is a finding, not a pass', async () => {
    const model = parseDockerfile(code, 'Dockerfile');
    const hits = rule.check(model, {
      path: 'Dockerfile',
      config: (await import('../../../src/config/schema.js')).defaultConfig(),
      workspace: { read: () => undefined },
      builds: [],
      tree: { list: () => ({ limit: 10 }), readText: () => undefined },
    });
    expect(
      hits.map((h) => [h.span.line, h.severity, h.message.includes('could not be listed completely')]),
    ).toEqual([[3, 'high', true]]);
  });

  it('content checks past the scan budget are a finding, not a pass', async () => {
    const model = parseDockerfile(code, 'Dockerfile');
    const n = 1100;
    const entries = Array.from({ length: n }, (_, i) => ({
      name: `f${i}.txt`,
      type: 'file' as const,
      size: 65536,
    }));
    const tree = {
      list: (dir: string) => (dir === '' ? { entries } : { missing: true as const }),
      readText: () => 'plain text',
    };
    const hits = rule.check(model, {
      path: 'Dockerfile',
      config: (await import('../../../src/config/schema.js')).defaultConfig(),
      workspace: { read: () => undefined },
      builds: [],
      tree,
    });
    expect(
      hits.map((h) => [h.span.line, h.severity, /copies \d+ files that were not read/.test(h.message)]),
    ).toEqual([[3, 'high', true]]);
  });
});
