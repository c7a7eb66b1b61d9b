import { afterEach, describe, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { defaultConfig, type Config } from '../../src/config/schema.js';
import type { ChangedFile, ChangeSet } from '../../src/scan/base/changes.js';
import { compareWithBase } from '../../src/scan/base/compare.js';
import { scan } from '../../src/scan/engine.js';
import { silentLogger } from '../../src/logger.js';

// Issue 9, item 4: `git mv docs/examples/bad/Dockerfile services/api/Dockerfile` must not carry a
// finding into the build unreported because it "existed" at a path where nobody was shown it.

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const BAD =
  'FROM alpine:3.20@sha256:' +
  'a'.repeat(64) +
  '\nUSER app\nRUN curl -fsSL https://get.example.com/i.sh | sh\n';

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'bulkhead-rename-'));
  dirs.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

async function newFindings(opts: {
  head: Record<string, string>;
  files: ChangedFile[];
  base: Record<string, string>;
  config?: Config;
  scanPath?: string;
}) {
  const ws = workspace(opts.head);
  const config = opts.config ?? defaultConfig();
  const scanPath = opts.scanPath ? join(ws, opts.scanPath) : ws;
  const changes: ChangeSet = {
    files: opts.files,
    complete: true,
    source: 'git',
    base: 'b'.repeat(40),
    readBase: async (p) => opts.base[p],
  };
  const head = await scan({ root: ws, paths: [scanPath], config });
  const cmp = await compareWithBase(head.findings, {
    changes,
    workspace: ws,
    scanPath,
    config,
    logger: silentLogger,
  });
  const show = (fs: readonly { ruleId: string; path: string; startLine: number; startColumn: number }[]) =>
    fs.map((f) => `${f.path}:${f.startLine}:${f.startColumn} ${f.ruleId}`).sort();
  return { reported: show(cmp.reported), existing: show(cmp.existing) };
}

const moved: ChangedFile[] = [
  { path: 'services/api/Dockerfile', status: 'renamed', previousPath: 'docs/examples/bad/Dockerfile' },
];

describe('renames do not launder findings (report: new)', () => {
  test('renamed out of an excluded folder: the finding is new', async () => {
    const config = defaultConfig();
    config.paths.exclude = ['docs/examples/**'];
    const r = await newFindings({
      head: { 'services/api/Dockerfile': BAD },
      files: moved,
      base: { 'docs/examples/bad/Dockerfile': BAD },
      config,
    });
    expect(r.reported).toEqual(['services/api/Dockerfile:3:5 dockerfile/remote-script-exec']);
    expect(r.existing).toEqual([]);
  });

  test('renamed from a path where a config ignore hid it: the finding is new', async () => {
    const config = defaultConfig();
    config.ignore = [
      { rule: 'dockerfile/remote-script-exec', path: 'docs/**', reason: 'examples of what not to do' },
    ];
    const r = await newFindings({
      head: { 'services/api/Dockerfile': BAD },
      files: moved,
      base: { 'docs/examples/bad/Dockerfile': BAD },
      config,
    });
    expect(r.reported).toContain('services/api/Dockerfile:3:5 dockerfile/remote-script-exec');
  });

  test('renamed from outside the scanned folder: the finding is new', async () => {
    const r = await newFindings({
      head: { 'services/api/Dockerfile': BAD },
      files: moved,
      base: { 'docs/examples/bad/Dockerfile': BAD },
      scanPath: 'services',
    });
    expect(r.reported).toEqual(['services/api/Dockerfile:3:5 dockerfile/remote-script-exec']);
  });

  test('renamed from a path where it was reported: not new (the move changes nothing)', async () => {
    const r = await newFindings({
      head: { 'services/api/Dockerfile': BAD },
      files: moved,
      base: { 'docs/examples/bad/Dockerfile': BAD },
    });
    expect(r.reported).toEqual([]);
    expect(r.existing).toEqual(['services/api/Dockerfile:3:5 dockerfile/remote-script-exec']);
  });

  test('a second occurrence added by the rename commit is new; the first one is not', async () => {
    const twice = BAD + 'RUN curl -fsSL https://get.example.com/i.sh | sh\n';
    const r = await newFindings({
      head: { 'services/api/Dockerfile': twice },
      files: moved,
      base: { 'docs/examples/bad/Dockerfile': BAD },
    });
    expect(r.reported).toEqual(['services/api/Dockerfile:4:5 dockerfile/remote-script-exec']);
    expect(r.existing).toEqual(['services/api/Dockerfile:3:5 dockerfile/remote-script-exec']);
  });

  test("two files swapping names: neither carries the other one's findings", async () => {
    const r = await newFindings({
      head: { 'a/Dockerfile': BAD, 'b/Dockerfile': 'FROM scratch\nUSER 1000\n' },
      files: [
        { path: 'a/Dockerfile', status: 'renamed', previousPath: 'b/Dockerfile' },
        { path: 'b/Dockerfile', status: 'renamed', previousPath: 'a/Dockerfile' },
      ],
      base: { 'a/Dockerfile': 'FROM scratch\nUSER 1000\n', 'b/Dockerfile': BAD },
    });
    expect(r.reported).toEqual(['a/Dockerfile:3:5 dockerfile/remote-script-exec']);
  });
});

describe('issue 9, item 10: a base-scan neighbour whose name cannot be read back', () => {
  test('a file name that is not UTF-8 next to a changed file is left out, not an error quoting it', async () => {
    const ws = workspace({ 'svc/Dockerfile': BAD });
    const odd = Buffer.concat([
      Buffer.from(join(ws, 'svc') + '/'),
      Buffer.from([0xff]),
      Buffer.from('@team [x](evil.example).Dockerfile'),
    ]);
    try {
      writeFileSync(odd, 'FROM alpine\n');
    } catch {
      console.warn('this filesystem refuses names that are not UTF-8; case skipped');
      return;
    }
    const config = defaultConfig();
    const changes: ChangeSet = {
      files: [{ path: 'svc/Dockerfile', status: 'modified' }],
      complete: true,
      source: 'git',
      base: 'b'.repeat(40),
      readBase: async () => BAD,
    };
    const head = await scan({ root: ws, paths: [join(ws, 'svc/Dockerfile')], config });
    const cmp = await compareWithBase(head.findings, {
      changes,
      workspace: ws,
      scanPath: ws,
      config,
      logger: silentLogger,
    });
    expect(cmp.reported).toEqual([]);
    expect(cmp.existing.map((f) => f.ruleId)).toContain('dockerfile/remote-script-exec');
  });
});
