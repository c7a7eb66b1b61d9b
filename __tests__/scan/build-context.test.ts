import { afterEach, describe, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { defaultConfig } from '../../src/config/schema.js';
import type { ChangedFile, ChangeSet } from '../../src/scan/base/changes.js';
import { compareWithBase } from '../../src/scan/base/compare.js';
import { scan } from '../../src/scan/engine.js';
import { silentLogger } from '../../src/logger.js';

const AWS_ENV = 'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n';
const KEY =
  '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n';
const DOCKERFILE = 'FROM node:20\nWORKDIR /app\nCOPY . .\nUSER node\n';
const CONTEXT_RULES = new Set(['dockerfile/secret-in-context', 'dockerfile/git-history-in-image']);

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'bulkhead-ctx-'));
  dirs.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

async function contextFindings(root: string) {
  const res = await scan({ root, paths: [root], config: defaultConfig() });
  return res.findings.filter((f) => CONTEXT_RULES.has(f.ruleId));
}

const brief = (fs: { ruleId: string; path: string; startLine: number; message: string }[]) =>
  fs.map((f) => `${f.path}:${f.startLine} ${f.ruleId}`);

describe('build context through the engine (real files)', () => {
  test('the issue example: .env and keys/id_rsa beside COPY . ., no .dockerignore', async () => {
    const root = workspace({
      Dockerfile: DOCKERFILE,
      '.env': AWS_ENV,
      'keys/id_rsa': KEY,
      'package.json': '{}',
    });
    const fs = await contextFindings(root);
    expect(brief(fs)).toEqual(['Dockerfile:3 dockerfile/secret-in-context']);
    // Masked in every output: the message and fix carry no key material.
    expect(JSON.stringify(fs)).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(fs[0]!.related?.map((r) => r.path)).toEqual(['.env', 'keys/id_rsa']);
  });

  test('a link out of the tree is never followed, and a linked folder is not listed', async () => {
    const outside = workspace({ id_rsa: KEY, 'creds/.env': AWS_ENV });
    const root = workspace({ Dockerfile: DOCKERFILE, 'src/a.js': 'x' });
    symlinkSync(join(outside, 'id_rsa'), join(root, 'id_rsa'));
    symlinkSync(join(outside, 'creds'), join(root, 'creds'));
    symlinkSync(join(outside, 'id_rsa'), join(root, 'src', 'config.pem'));
    expect(await contextFindings(root)).toEqual([]);
  });

  test('.git: a folder is history, a worktree pointer file is not', async () => {
    const withDir = workspace({
      Dockerfile: DOCKERFILE,
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.git/config': '[core]\n',
    });
    expect(brief(await contextFindings(withDir))).toEqual(['Dockerfile:3 dockerfile/git-history-in-image']);
    const withFile = workspace({ Dockerfile: DOCKERFILE, '.git': 'gitdir: /elsewhere/.git/worktrees/x\n' });
    expect(await contextFindings(withFile)).toEqual([]);
  });

  test('build-push-action context: and file: decide the context', async () => {
    const wf =
      'on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n' +
      '      - uses: docker/build-push-action@v6\n        with:\n          context: .\n          file: docker/app.Dockerfile\n';
    const root = workspace({
      '.github/workflows/build.yml': wf,
      'docker/app.Dockerfile': DOCKERFILE,
      '.env': AWS_ENV,
    });
    const fs = await contextFindings(root);
    expect(brief(fs)).toEqual(['docker/app.Dockerfile:3 dockerfile/secret-in-context']);
    expect(fs[0]!.message).toContain(
      'the context is the repository root, as docker/build-push-action in .github/workflows/build.yml:7 builds it',
    );
  });

  test('build-push-action without context: reads git, so .git is not in it', async () => {
    const wf =
      'on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          push: false\n';
    const root = workspace({
      '.github/workflows/b.yml': wf,
      Dockerfile: DOCKERFILE,
      '.git/HEAD': 'x',
      '.git/config': 'y',
    });
    expect(await contextFindings(root)).toEqual([]);
  });

  test('docker build -f … <dir> in a run: step, with working-directory', async () => {
    const wf =
      'on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker build -t app:ci -f ../../deploy/Dockerfile .\n        working-directory: services/api\n';
    const root = workspace({
      '.github/workflows/b.yml': wf,
      'deploy/Dockerfile': DOCKERFILE,
      'services/api/.npmrc': '//registry.npmjs.org/:_authToken=npm_' + 'Q'.repeat(36) + '\n',
      // the Dockerfile's own folder holds nothing; only the declared context does
      'deploy/README.md': 'x',
    });
    const fs = await contextFindings(root);
    expect(brief(fs)).toEqual(['deploy/Dockerfile:3 dockerfile/secret-in-context']);
    expect(fs[0]!.message).toContain(
      "the context is 'services/api/', as docker build in .github/workflows/b.yml:6 builds it",
    );
    expect(fs[0]!.related?.[0]?.path).toBe('services/api/.npmrc');
  });
});

function changeSet(files: ChangedFile[], base: Record<string, string>): ChangeSet {
  return { files, complete: true, source: 'api', base: 'a'.repeat(40), readBase: async (p) => base[p] };
}

async function split(head: Record<string, string>, files: ChangedFile[], base: Record<string, string>) {
  const ws = workspace(head);
  const config = defaultConfig();
  const headScan = await scan({ root: ws, paths: [ws], config });
  const cmp = await compareWithBase(headScan.findings, {
    changes: changeSet(files, base),
    workspace: ws,
    scanPath: ws,
    config,
    logger: silentLogger,
  });
  const pick = (fs: typeof cmp.reported) => brief(fs.filter((f) => CONTEXT_RULES.has(f.ruleId)));
  return { reported: pick(cmp.reported), existing: pick(cmp.existing) };
}

describe('report: new for the build context', () => {
  const dockerignore = '.env\nnode_modules\n';

  test('adding a credential file to a copied context is new (Dockerfile unchanged)', async () => {
    const r = await split(
      { Dockerfile: DOCKERFILE, '.dockerignore': dockerignore, 'keys/id_rsa': KEY, 'a.js': 'x' },
      [{ path: 'keys/id_rsa', status: 'added' }],
      {},
    );
    expect(r).toEqual({ reported: ['Dockerfile:3 dockerfile/secret-in-context'], existing: [] });
  });

  test('deleting the .dockerignore line that excluded it is new', async () => {
    const r = await split(
      { Dockerfile: DOCKERFILE, '.dockerignore': 'node_modules\n', '.env': AWS_ENV },
      [{ path: '.dockerignore', status: 'modified' }],
      { '.dockerignore': dockerignore },
    );
    expect(r).toEqual({ reported: ['Dockerfile:3 dockerfile/secret-in-context'], existing: [] });
  });

  test('deleting the whole .dockerignore is new', async () => {
    const r = await split(
      { Dockerfile: DOCKERFILE, '.env': AWS_ENV },
      [{ path: '.dockerignore', status: 'removed' }],
      { '.dockerignore': dockerignore },
    );
    expect(r).toEqual({ reported: ['Dockerfile:3 dockerfile/secret-in-context'], existing: [] });
  });

  test('one more file in an already reported COPY is new; an unrelated change is not', async () => {
    const head = { Dockerfile: DOCKERFILE, '.env': AWS_ENV, 'keys/id_rsa': KEY, 'a.js': 'y' };
    const grown = await split(head, [{ path: 'keys/id_rsa', status: 'added' }], {});
    expect(grown.reported).toEqual(['Dockerfile:3 dockerfile/secret-in-context']);
    const unrelated = await split(head, [{ path: 'a.js', status: 'modified' }], { 'a.js': 'x' });
    expect(unrelated).toEqual({ reported: [], existing: ['Dockerfile:3 dockerfile/secret-in-context'] });
  });

  test('editing the Dockerfile leaves an existing context finding existing', async () => {
    const r = await split(
      { Dockerfile: DOCKERFILE + 'EXPOSE 8080\n', '.env': AWS_ENV },
      [{ path: 'Dockerfile', status: 'modified' }],
      { Dockerfile: DOCKERFILE },
    );
    expect(r.reported).toEqual([]);
    expect(r.existing).toEqual(['Dockerfile:3 dockerfile/secret-in-context']);
  });
});
