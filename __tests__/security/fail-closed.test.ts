/**
 * Issue 9, item 1: a file Bulkhead was asked to check and could not check blocks the default
 * `fail-on: high` gate, a walk cut short says so, and under `report: new` neither is filed as
 * "existing".
 */
import { afterEach, describe, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { defaultConfig, type Config } from '../../src/config/schema.js';
import { atOrAbove, type Finding } from '../../src/core/index.js';
import { scan } from '../../src/scan/engine.js';
import { splitFindings } from '../../src/scan/report-filter.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tree(files: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'bulkhead-failclosed-'));
  dirs.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

/** A package-lock.json (v3) that locks event-stream@3.3.6; the entry's key is on line 14, column 5. */
const EVIL_LOCK = `${JSON.stringify(
  {
    name: 'app',
    version: '1.0.0',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: 'app', version: '1.0.0', dependencies: { 'event-stream': '3.3.6' } },
      'node_modules/event-stream': {
        version: '3.3.6',
        resolved: 'https://registry.npmjs.org/event-stream/-/event-stream-3.3.6.tgz',
        integrity: 'sha512-' + 'A'.repeat(86) + '==',
      },
    },
  },
  null,
  2,
)}\n`;

const at = (fs: Finding[]) => fs.map((f) => [f.ruleId, f.severity, f.path, f.startLine, f.startColumn]);
const couldNotCheck = (fs: Finding[]) => fs.filter((f) => f.ruleId.startsWith('scan/'));
const malicious = (fs: Finding[]) => fs.filter((f) => f.ruleId === 'lockfile/known-malicious');
const blocks = (fs: Finding[]) => fs.some((f) => atOrAbove(f.severity, 'high'));

async function scanTree(
  root: string,
  extra: { config?: Config; maxEntries?: number; paths?: string[] } = {},
) {
  return scan({
    root,
    paths: extra.paths ?? [root],
    config: extra.config ?? defaultConfig(),
    ...(extra.maxEntries !== undefined ? { maxEntries: extra.maxEntries } : {}),
  });
}

describe('a symlinked lockfile', () => {
  test('a link to a file inside the workspace is checked under the link name', async () => {
    const root = tree({ 'fixtures/locked.json': EVIL_LOCK });
    symlinkSync('fixtures/locked.json', join(root, 'package-lock.json'));
    const r = await scanTree(root);
    expect(at(malicious(r.findings))).toEqual([
      ['lockfile/known-malicious', 'critical', 'package-lock.json', 14, 19],
    ]);
    expect(couldNotCheck(r.findings)).toEqual([]);
    expect(r.files.map((f) => [f.path, f.status])).toEqual([['package-lock.json', 'checked']]);
  });

  test('a link named on the command line is checked the same way', async () => {
    const root = tree({ 'fixtures/locked.json': EVIL_LOCK });
    symlinkSync(join(root, 'fixtures/locked.json'), join(root, 'package-lock.json'));
    const r = await scanTree(root, { paths: [join(root, 'package-lock.json')] });
    expect(at(malicious(r.findings))).toEqual([
      ['lockfile/known-malicious', 'critical', 'package-lock.json', 14, 19],
    ]);
  });

  test('a link out of the workspace is not read, and blocks', async () => {
    const outside = tree({ 'locked.json': EVIL_LOCK });
    const root = tree();
    symlinkSync(join(outside, 'locked.json'), join(root, 'package-lock.json'));
    const r = await scanTree(root);
    expect(at(r.findings)).toEqual([['scan/symlink-skipped', 'high', 'package-lock.json', 1, 1]]);
    expect(r.findings[0]!.message).toBe(
      "Symbolic link 'package-lock.json' was not checked (link to a file outside the workspace); what it points at may hold anything.",
    );
    expect(blocks(r.findings)).toBe(true);
  });

  test('a dangling link, a link to a directory, and a link escaping through ../ all block', async () => {
    const outside = tree({ 'locked.json': EVIL_LOCK });
    const root = tree({ 'svc/Dockerfile': 'FROM scratch\n' });
    symlinkSync('missing.json', join(root, 'package-lock.json'));
    symlinkSync('svc', join(root, 'linked'));
    mkdirSync(join(root, 'a'));
    symlinkSync(
      join('..', '..', outside.split('/').pop()!, 'locked.json'),
      join(root, 'a/package-lock.json'),
    );
    const r = await scanTree(root);
    expect(at(couldNotCheck(r.findings))).toEqual([
      ['scan/symlink-skipped', 'high', 'a/package-lock.json', 1, 1],
      ['scan/symlink-skipped', 'high', 'linked', 1, 1],
      ['scan/symlink-skipped', 'high', 'package-lock.json', 1, 1],
    ]);
    expect(couldNotCheck(r.findings).map((f) => f.message.match(/\((.*)\)/)![1])).toEqual([
      'link to a file outside the workspace',
      'link to a directory',
      'dangling link: its target does not exist',
    ]);
  });

  test('a link into .git (where the checkout token can live) is not read, and blocks', async () => {
    const root = tree({ '.git/config': '[http]\n\textraheader = AUTHORIZATION: basic c2VjcmV0\n' });
    symlinkSync('.git/config', join(root, 'package-lock.json'));
    const r = await scanTree(root);
    expect(at(r.findings)).toEqual([['scan/symlink-skipped', 'high', 'package-lock.json', 1, 1]]);
    expect(r.findings[0]!.message).toBe(
      "Symbolic link 'package-lock.json' was not checked (link into the .git folder); what it points at may hold anything.",
    );
  });

  test('an explicit `rules:` override is the only way to let it pass', async () => {
    const outside = tree({ 'locked.json': EVIL_LOCK });
    const root = tree();
    symlinkSync(join(outside, 'locked.json'), join(root, 'package-lock.json'));
    const config = defaultConfig();
    config.rules['scan/symlink-skipped'] = 'low';
    const r = await scanTree(root, { config });
    expect(at(r.findings)).toEqual([['scan/symlink-skipped', 'low', 'package-lock.json', 1, 1]]);
    expect(blocks(r.findings)).toBe(false);
  });
});

test('a lockfile padded past the 64 MiB cap blocks', async () => {
  const root = tree({ 'package-lock.json': EVIL_LOCK });
  // Sparse: the size is what the cap looks at, before anything is read.
  truncateSync(join(root, 'package-lock.json'), 64 * 1024 * 1024 + 1);
  const r = await scanTree(root);
  expect(at(r.findings)).toEqual([['scan/file-too-large', 'high', 'package-lock.json', 1, 1]]);
  expect(r.findings[0]!.message).toBe(
    "'package-lock.json' is 64.0 MiB, over the 64.0 MiB cap for lockfile files; it was not checked.",
  );
  expect(blocks(r.findings)).toBe(true);
});

test('a requirements.txt with a NUL in a comment is still checked, and blocks at the NUL', async () => {
  const root = tree({
    'requirements.txt': Buffer.from(
      '# pinned for the build \0 see notes\nrequests==2.32.3\nultralytics==8.3.41\n',
    ),
  });
  const r = await scanTree(root);
  expect(
    at(r.findings.filter((f) => f.ruleId.startsWith('scan/') || f.ruleId.endsWith('known-malicious'))),
  ).toEqual([
    ['scan/binary-skipped', 'high', 'requirements.txt', 1, 24],
    ['lockfile/known-malicious', 'critical', 'requirements.txt', 3, 1],
  ]);
  expect(r.files.map((f) => [f.path, f.status])).toEqual([['requirements.txt', 'checked']]);
});

test('a file that could not be checked cannot hide that with its own inline ignore', async () => {
  const root = tree({
    'requirements.txt': Buffer.from(
      '# bulkhead-ignore scan/binary-skipped -- generated \0 file\nultralytics==8.3.41\n',
    ),
  });
  const r = await scanTree(root);
  expect(at(couldNotCheck(r.findings))).toEqual([['scan/binary-skipped', 'high', 'requirements.txt', 1, 52]]);
  expect(r.suppressed).toEqual([]);
});

describe('a directory whose name is not valid UTF-8', () => {
  test('is walked, and the files in it are checked', async () => {
    const root = tree();
    const dir = Buffer.concat([Buffer.from(`${root}/svc-`), Buffer.from([0xff, 0xfe])]);
    try {
      mkdirSync(dir);
    } catch (e) {
      // Some file systems (ZFS with utf8only, APFS) refuse such names; then there is nothing to test.
      console.warn(`skipped: this file system refuses a non-UTF-8 name (${(e as Error).message})`);
      return;
    }
    writeFileSync(Buffer.concat([dir, Buffer.from('/package-lock.json')]), EVIL_LOCK);
    const r = await scanTree(root);
    expect(
      at(r.findings.filter((f) => f.ruleId.startsWith('scan/') || f.ruleId.endsWith('known-malicious'))),
    ).toEqual([['lockfile/known-malicious', 'critical', 'svc-\ufffd\ufffd/package-lock.json', 14, 19]]);
  });

  test('two names that decode to the same path: one is checked, the other blocks', async () => {
    const root = tree();
    const made: Buffer[] = [];
    for (const b of [0xfe, 0xff]) {
      const dir = Buffer.concat([Buffer.from(`${root}/x`), Buffer.from([b])]);
      try {
        mkdirSync(dir);
      } catch (e) {
        console.warn(`skipped: this file system refuses a non-UTF-8 name (${(e as Error).message})`);
        return;
      }
      made.push(dir);
    }
    writeFileSync(Buffer.concat([made[0]!, Buffer.from('/Dockerfile')]), 'FROM scratch\n');
    writeFileSync(Buffer.concat([made[1]!, Buffer.from('/Dockerfile')]), 'FROM scratch\n');
    const r = await scanTree(root);
    expect(at(couldNotCheck(r.findings))).toEqual([['scan/read-error', 'high', 'x\ufffd/Dockerfile', 1, 1]]);
    expect(r.files.map((f) => f.path)).toEqual(['x\ufffd/Dockerfile']);
  });
});

test('a walk stopped at its entry cap blocks and says how far it got', async () => {
  const files: Record<string, string> = { 'a/Dockerfile': 'FROM scratch\n' };
  for (let i = 0; i < 10; i++) files[`b/empty-${i}`] = '';
  files['c/Dockerfile'] = 'FROM alpine\nRUN curl -fsSL https://get.example.com | sh\n';
  const root = tree(files);
  const r = await scanTree(root, { maxEntries: 8 });
  expect(at(couldNotCheck(r.findings))).toEqual([['scan/walk-truncated', 'high', 'b', 1, 1]]);
  expect(couldNotCheck(r.findings)[0]!.message).toBe(
    "The scan stopped after 8 directory entries, in 'b', having found 1 file to check; files after that point were not checked.",
  );
  expect(r.files.map((f) => f.path)).toEqual(['a/Dockerfile']);
  expect(blocks(r.findings)).toBe(true);
});

describe('report: new never files a could-not-check finding as existing', () => {
  test('unchanged path, fingerprint in the base: still reported', async () => {
    const outside = tree({ 'locked.json': EVIL_LOCK });
    const files: Record<string, string> = {};
    for (let i = 0; i < 5; i++) files[`a/empty-${i}`] = '';
    const root = tree(files);
    symlinkSync(join(outside, 'locked.json'), join(root, 'package-lock.json'));
    const head = (await scanTree(root, { maxEntries: 3 })).findings;
    expect(at(head)).toEqual([['scan/walk-truncated', 'high', 'a', 1, 1]]);
    const full = (await scanTree(root)).findings;
    const all = [...head, ...full];
    const base = new Set(all.map((f) => f.fingerprint));
    for (const mode of ['new', 'changed-files'] as const) {
      const split = splitFindings(all, { mode, changed: new Set(['README.md']), baseFingerprints: base });
      expect(at(split.reported)).toEqual([
        ['scan/walk-truncated', 'high', 'a', 1, 1],
        ['scan/symlink-skipped', 'high', 'package-lock.json', 1, 1],
      ]);
      expect(split.existing).toEqual([]);
    }
  });

  test('other findings still follow the base', () => {
    const f = (ruleId: string): Finding => ({
      ruleId,
      severity: 'high',
      message: 'm',
      path: 'Dockerfile',
      startLine: 1,
      startColumn: 1,
      endLine: 1,
      endColumn: 2,
      fingerprint: ruleId,
    });
    const head = [f('dockerfile/remote-script-exec'), f('dockerfile/parse-error'), f('scan/read-error')];
    const split = splitFindings(head, {
      mode: 'new',
      changed: new Set(['Dockerfile']),
      baseFingerprints: new Set(head.map((x) => x.fingerprint)),
    });
    expect(split.reported.map((x) => x.ruleId)).toEqual(['dockerfile/parse-error', 'scan/read-error']);
    expect(split.existing.map((x) => x.ruleId)).toEqual(['dockerfile/remote-script-exec']);
  });
});

test('a FIFO named like a lockfile is not opened, and blocks', async () => {
  const root = tree({ Dockerfile: 'FROM scratch\n' });
  const { execFileSync } = await import('node:child_process');
  execFileSync('mkfifo', [join(root, 'package-lock.json')]);
  const r = await scanTree(root);
  expect(at(couldNotCheck(r.findings))).toEqual([['scan/read-error', 'high', 'package-lock.json', 1, 1]]);
  expect(couldNotCheck(r.findings)[0]!.message).toBe(
    "Could not read 'package-lock.json': not a regular file.",
  );
});
