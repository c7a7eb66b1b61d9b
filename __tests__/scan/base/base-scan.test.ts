import { afterEach, describe, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { defaultConfig } from '../../../src/config/schema.js';
import { filesNeedingBase } from '../../../src/scan/base/base-scan.js';
import type { ChangedFile, ChangeSet } from '../../../src/scan/base/changes.js';
import { safeRelPath } from '../../../src/scan/base/paths.js';
import { scan } from '../../../src/scan/engine.js';
import { compareWithBase } from '../../../src/scan/base/compare.js';
import { silentLogger } from '../../../src/logger.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'bulkhead-base-ws-'));
  dirs.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

function changeSet(files: ChangedFile[], base: Record<string, string>): ChangeSet & { reads: string[] } {
  const reads: string[] = [];
  return {
    files,
    complete: true,
    source: 'api',
    base: 'a'.repeat(40),
    reads,
    readBase: async (p) => {
      reads.push(p);
      return base[p];
    },
  };
}

/** The whole `report: new` computation for a workspace and its base. */
async function newFindings(head: Record<string, string>, files: ChangedFile[], base: Record<string, string>) {
  const ws = workspace(head);
  const config = defaultConfig();
  const changes = changeSet(files, base);
  const headScan = await scan({ root: ws, paths: [ws], config });
  const cmp = await compareWithBase(headScan.findings, {
    changes,
    workspace: ws,
    scanPath: ws,
    config,
    logger: silentLogger,
  });
  return { reported: cmp.reported, existing: cmp.existing, reads: changes.reads, read: cmp.read };
}

const at = (fs: { ruleId: string; path: string; startLine: number }[]) =>
  fs.map((f) => `${f.path}:${f.startLine} ${f.ruleId}`).sort();

function lock(integrity: string): string {
  return JSON.stringify(
    {
      name: 'app',
      version: '1.0.0',
      lockfileVersion: 3,
      requires: true,
      packages: {
        '': { name: 'app', version: '1.0.0', dependencies: { 'left-pad': '^1.3.0' } },
        'node_modules/left-pad': {
          version: '1.3.0',
          resolved: 'https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz',
          integrity,
        },
      },
    },
    null,
    2,
  );
}
const SHA_A = `sha512-${'A'.repeat(86)}==`;
const SHA_B = `sha512-${'B'.repeat(86)}==`;

describe('report: new', () => {
  test('a finding that moved lines is not new; a new one is', async () => {
    const r = await newFindings(
      { Dockerfile: '# moved\nFROM node:20\nADD https://example.com/x.tgz /x\n' },
      [{ path: 'Dockerfile', status: 'modified' }],
      { Dockerfile: 'FROM node:20\n' },
    );
    expect(at(r.reported)).toEqual(['Dockerfile:3 dockerfile/remote-add-no-checksum']);
    expect(at(r.existing)).toEqual([
      'Dockerfile:2 dockerfile/base-image-unpinned',
      'Dockerfile:2 dockerfile/runs-as-root',
    ]);
  });

  test('a renamed file keeps its findings; an unchanged file never has new ones', async () => {
    const r = await newFindings(
      { 'svc/Dockerfile': 'FROM node:20\n', 'other/Dockerfile': 'FROM alpine\n' },
      [{ path: 'svc/Dockerfile', status: 'renamed', previousPath: 'Dockerfile' }],
      { Dockerfile: 'FROM node:20\n' },
    );
    expect(r.reads).toEqual(['Dockerfile']);
    expect(r.reported).toEqual([]);
    expect(at(r.existing)).toHaveLength(4);
  });

  test('added files are all new and are not read from the base', async () => {
    const r = await newFindings(
      { 'a.Dockerfile': 'FROM alpine\n' },
      [{ path: 'a.Dockerfile', status: 'added' }],
      {},
    );
    expect(r.reads).toEqual([]);
    expect(at(r.reported)).toEqual([
      'a.Dockerfile:1 dockerfile/base-image-latest',
      'a.Dockerfile:1 dockerfile/runs-as-root',
    ]);
  });

  test('a lockfile entry whose hash changed for the same version is new (package-level diff)', async () => {
    const manifest = JSON.stringify({
      name: 'app',
      version: '1.0.0',
      dependencies: { 'left-pad': '^1.3.0' },
    });
    const r = await newFindings(
      { 'package-lock.json': lock(SHA_B), 'package.json': manifest },
      [{ path: 'package-lock.json', status: 'modified' }],
      { 'package-lock.json': lock(SHA_A) },
    );
    expect(at(r.reported)).toEqual(['package-lock.json:17 lockfile/integrity-changed']);
    expect(r.reported[0]!.message).toContain(
      'left-pad@1.3.0 keeps its version but its integrity hash changed',
    );
  });
});

describe('helpers', () => {
  test('safeRelPath refuses paths that could leave the temporary tree', () => {
    for (const bad of ['', '/etc/passwd', '../x', 'a/../../x', 'a//b', './a', 'a\\..\\b', 'a\0b'])
      expect(safeRelPath(bad)).toBe(false);
    for (const good of ['Dockerfile', 'a/b/package-lock.json', '.github/workflows/ci.yml', 'a..b/c'])
      expect(safeRelPath(good)).toBe(true);
  });

  test('filesNeedingBase: only files Bulkhead reads that existed at the base', () => {
    const c = changeSet(
      [
        { path: 'Dockerfile', status: 'modified' },
        { path: 'README.md', status: 'modified' },
        { path: 'new.Dockerfile', status: 'added' },
        { path: 'gone.Dockerfile', status: 'removed' },
        { path: '.bulkhead.yml', status: 'modified' },
        { path: 'b/Dockerfile', status: 'renamed', previousPath: 'a/Dockerfile' },
      ],
      {},
    );
    expect(filesNeedingBase(c)).toEqual([
      { path: 'Dockerfile', from: 'Dockerfile' },
      { path: '.bulkhead.yml', from: '.bulkhead.yml' },
      { path: 'b/Dockerfile', from: 'a/Dockerfile' },
    ]);
  });
});
