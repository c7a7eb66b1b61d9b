import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { discover } from '../../src/scan/discover.js';
import { defaultConfig } from '../../src/config/schema.js';
import { scan } from '../../src/scan/engine.js';

/** Engine tests look only at the engine's own findings and the two base-image rules, so rules
 * added later (runs-as-root, ...) do not change these expectations. */
const ENGINE_RULES = /^(scan|config)\/|^dockerfile\/(base-image-latest|base-image-unpinned|parse-error)$/;
const ours = <T extends { ruleId: string }>(list: T[]): T[] =>
  list.filter((f) => ENGINE_RULES.test(f.ruleId));

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

function tree(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'bulkhead-discover-'));
  made.push(root);
  for (const [rel, content] of Object.entries(files)) {
    const abs = join(root, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
  return root;
}

const FROM = 'FROM alpine:3.19@sha256:' + 'a'.repeat(64) + '\n';

describe('discover', () => {
  it('walks folders in sorted order, keeps only classified files, skips default excludes', async () => {
    const root = tree({
      'b/Dockerfile': FROM,
      'a/Containerfile': FROM,
      'a/README.md': '# hi',
      '.git/Dockerfile': FROM,
      'node_modules/x/Dockerfile': FROM,
      'sub/node_modules/y/package-lock.json': '{}',
      'vendor/Dockerfile': FROM,
      '.github/workflows/ci.yml': 'on: push\n',
      'package-lock.json': '{}',
    });
    const { files, skipped } = await discover({ root, paths: [root], include: ['**'], exclude: [] });
    expect(files.map((f) => [f.path, f.kind])).toEqual([
      ['.github/workflows/ci.yml', 'workflow'],
      ['a/Containerfile', 'dockerfile'],
      ['b/Dockerfile', 'dockerfile'],
      ['package-lock.json', 'lockfile'],
    ]);
    expect(skipped).toEqual([]);
  });

  it('applies paths.include and paths.exclude globs', async () => {
    const root = tree({
      'svc/api/Dockerfile': FROM,
      'svc/web/Dockerfile': FROM,
      'build/out/Dockerfile': FROM,
      'tools/Dockerfile': FROM,
    });
    const { files } = await discover({
      root,
      paths: [root],
      include: ['svc/**', 'build/**'],
      exclude: ['**/web/**', 'build/**'],
    });
    expect(files.map((f) => f.path)).toEqual(['svc/api/Dockerfile']);
  });

  it('scans a single file named explicitly even when the globs would exclude it', async () => {
    const root = tree({ 'x/Dockerfile.prod': FROM, 'x/Dockerfile': FROM });
    const { files } = await discover({
      root,
      paths: [join(root, 'x/Dockerfile.prod')],
      include: ['**'],
      exclude: ['x/**'],
    });
    expect(files.map((f) => f.path)).toEqual(['x/Dockerfile.prod']);
  });

  it('never follows a symlink to a file or a directory outside the root, and reports both', async () => {
    const outside = tree({ Dockerfile: 'FROM evil\n', 'deep/Dockerfile': 'FROM evil\n' });
    const root = tree({ Dockerfile: FROM });
    symlinkSync(join(outside, 'Dockerfile'), join(root, 'Dockerfile.linked'));
    symlinkSync(join(outside, 'deep'), join(root, 'linked-dir'));
    symlinkSync(join(outside, 'Dockerfile'), join(root, 'notes.txt')); // not ours, not a dir: silent
    symlinkSync(join(root, 'missing'), join(root, 'Containerfile')); // dangling, named like ours
    const { files, skipped } = await discover({ root, paths: [root], include: ['**'], exclude: [] });
    expect(files.map((f) => f.path)).toEqual(['Dockerfile']);
    expect(skipped).toEqual([
      { path: 'Containerfile', reason: 'symlink', detail: 'dangling link: its target does not exist' },
      { path: 'Dockerfile.linked', reason: 'symlink', detail: 'link to a file outside the workspace' },
      { path: 'linked-dir', reason: 'symlink', detail: 'link to a directory' },
    ]);
  });

  it('does not follow a symlink named as a scan path', async () => {
    const outside = tree({ Dockerfile: 'FROM evil\n' });
    const root = tree({});
    symlinkSync(join(outside, 'Dockerfile'), join(root, 'Dockerfile'));
    const { files, skipped } = await discover({
      root,
      paths: [join(root, 'Dockerfile')],
      include: ['**'],
      exclude: [],
    });
    expect(files).toEqual([]);
    expect(skipped).toEqual([
      { path: 'Dockerfile', reason: 'symlink', detail: 'link to a file outside the workspace' },
    ]);
  });

  it('does not report links inside excluded folders', async () => {
    const outside = tree({ Dockerfile: 'FROM evil\n' });
    const root = tree({ 'gen/keep.txt': '' });
    symlinkSync(join(outside, 'Dockerfile'), join(root, 'gen/Dockerfile'));
    symlinkSync(outside, join(root, 'node_modules'));
    const { skipped } = await discover({ root, paths: [root], include: ['**'], exclude: ['gen/**'] });
    expect(skipped).toEqual([]);
  });

  it('reports a missing path and a walk cut short by the entry limit', async () => {
    const root = tree({ 'a/Dockerfile': FROM, 'b/Dockerfile': FROM, 'c/Dockerfile': FROM });
    const { skipped } = await discover({ root, paths: [join(root, 'nope')], include: ['**'], exclude: [] });
    expect(skipped).toEqual([expect.objectContaining({ path: 'nope', reason: 'unreadable' })]);
    const cut = await discover({ root, paths: [root], include: ['**'], exclude: [], maxEntries: 2 });
    expect(cut.skipped).toEqual([
      {
        path: '.',
        reason: 'truncated',
        detail: 'stopped walking after 2 directory entries; the rest of the tree was not checked',
        limit: 2,
        filesFound: 1,
      },
    ]);
  });
});

describe('engine: skipped files are findings, never silent', () => {
  it('reports links it cannot check as scan/symlink-skipped at high', async () => {
    const outside = tree({ Dockerfile: 'FROM evil\n' });
    const root = tree({});
    symlinkSync(join(outside, 'Dockerfile'), join(root, 'Dockerfile'));
    const r = await scan({ root, paths: [root], config: defaultConfig() });
    expect(ours(r.findings).map((f) => [f.ruleId, f.severity, f.path, f.startLine, f.startColumn])).toEqual([
      ['scan/symlink-skipped', 'high', 'Dockerfile', 1, 1],
    ]);
    expect(ours(r.findings)[0]!.message).toBe(
      "Symbolic link 'Dockerfile' was not checked (link to a file outside the workspace); what it points at may hold anything.",
    );
  });

  it('applies the size cap per kind, with the cap in the message', async () => {
    const root = tree({
      Dockerfile: FROM + '# padding\n'.repeat(20),
      'small/Dockerfile': FROM,
      '.github/workflows/ci.yml': 'on: push\n' + '#\n'.repeat(100),
    });
    const r = await scan({
      root,
      paths: [root],
      config: defaultConfig(),
      sizeCaps: { dockerfile: 100, workflow: 100 },
    });
    expect(ours(r.findings).map((f) => [f.ruleId, f.path, f.message])).toEqual([
      [
        'scan/file-too-large',
        '.github/workflows/ci.yml',
        "'.github/workflows/ci.yml' is 209 B, over the 100 B cap for workflow files; it was not checked.",
      ],
      [
        'scan/file-too-large',
        'Dockerfile',
        "'Dockerfile' is 289 B, over the 100 B cap for dockerfile files; it was not checked.",
      ],
    ]);
    expect(r.files.find((f) => f.path === 'small/Dockerfile')?.status).toBe('checked');
    expect(r.files.find((f) => f.path === 'Dockerfile')?.status).toBe('skipped');
  });

  it('uses 1 MiB for Dockerfiles and workflows and 64 MiB for lockfiles by default', async () => {
    const { DEFAULT_SIZE_CAPS } = await import('../../src/scan/classify.js');
    expect(DEFAULT_SIZE_CAPS.dockerfile).toBe(1024 * 1024);
    expect(DEFAULT_SIZE_CAPS.workflow).toBe(1024 * 1024);
    expect(DEFAULT_SIZE_CAPS.lockfile).toBe(64 * 1024 * 1024);
  });

  it('checks a file with a NUL byte as text, and blocks at the NUL with scan/binary-skipped', async () => {
    const root = tree({ Dockerfile: Buffer.from('# a note \0\x01\x02\nFROM alpine:latest\n') });
    const r = await scan({ root, paths: [root], config: defaultConfig() });
    expect(
      ours(r.findings).map((f) => [f.ruleId, f.severity, f.path, f.startLine, f.startColumn, f.message]),
    ).toEqual([
      [
        'scan/binary-skipped',
        'high',
        'Dockerfile',
        1,
        10,
        "'Dockerfile' holds binary data (a NUL byte); it was checked as UTF-8 text, which may not be what the tools that read it see.",
      ],
      [
        'dockerfile/base-image-latest',
        'high',
        'Dockerfile',
        2,
        6,
        "Base image 'alpine:latest' uses :latest, a moving target that can change under every rebuild.",
      ],
    ]);
    expect(r.files.map((f) => f.status)).toEqual(['checked']);
  });

  it('turns a parser ParseError into dockerfile/parse-error at the position', async () => {
    const root = tree({ Dockerfile: 'FROM alpine:3.19\n{{ template }}\n' });
    const r = await scan({ root, paths: [root], config: defaultConfig() });
    const pe = ours(r.findings).filter((f) => f.ruleId === 'dockerfile/parse-error');
    expect(pe.map((f) => [f.startLine, f.startColumn])).toEqual([[2, 1]]);
    expect(r.files[0]!.status).toBe('parse-error');
  });
});
