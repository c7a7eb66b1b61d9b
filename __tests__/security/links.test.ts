import { afterEach, describe, expect, test } from '@jest/globals';
import { RULE_IDS } from '../../src/rules/index.js';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadConfig } from '../../src/config/resolve.js';
import { defaultConfig } from '../../src/config/schema.js';
import { scanBase } from '../../src/scan/base/base-scan.js';
import type { ChangedFile, ChangeSet } from '../../src/scan/base/changes.js';
import { writeInsideRoots } from '../../src/github/safe-write.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tree(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'bulkhead-sec-'));
  dirs.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

describe('sarif-file: a link planted by the pull request is never written through', () => {
  test('the file itself is a link', () => {
    const ws = tree();
    const outside = tree({ 'victim.sh': 'echo original\n' });
    symlinkSync(join(outside, 'victim.sh'), join(ws, 'bulkhead.sarif'));
    expect(() => writeInsideRoots(join(ws, 'bulkhead.sarif'), '{}', [ws])).toThrow();
    expect(readFileSync(join(outside, 'victim.sh'), 'utf8')).toBe('echo original\n');
  });

  test('a directory on the way is a link', () => {
    const ws = tree();
    const outside = tree();
    symlinkSync(outside, join(ws, 'reports'));
    expect(() => writeInsideRoots(join(ws, 'reports/bulkhead.sarif'), '{}', [ws])).toThrow(/symbolic link/);
    expect(() => writeInsideRoots(join(ws, 'reports/new/bulkhead.sarif'), '{}', [ws])).toThrow(
      /symbolic link/,
    );
    expect(existsSync(join(outside, 'bulkhead.sarif'))).toBe(false);
    expect(existsSync(join(outside, 'new'))).toBe(false);
  });

  test('ordinary paths in the workspace or the runner temp are written', () => {
    const ws = tree({ 'old.sarif': 'stale' });
    const temp = tree();
    writeInsideRoots(join(ws, 'out/deep/b.sarif'), '{"a":1}', [ws, temp]);
    writeInsideRoots(join(ws, 'old.sarif'), '{}', [ws, temp]);
    writeInsideRoots(join(temp, 'b.sarif'), '{}', [ws, temp]);
    expect(readFileSync(join(ws, 'out/deep/b.sarif'), 'utf8')).toBe('{"a":1}');
    expect(readFileSync(join(ws, 'old.sarif'), 'utf8')).toBe('{}');
    expect(readFileSync(join(temp, 'b.sarif'), 'utf8')).toBe('{}');
  });
});

describe('config file: a link out of the repository is not read', () => {
  test('.bulkhead.yml linked to a file outside is refused without echoing it', () => {
    const outside = tree({ 'secret.yml': 'the-secret-value-from-outside\n' });
    const ws = tree();
    symlinkSync(join(outside, 'secret.yml'), join(ws, '.bulkhead.yml'));
    let message = '';
    try {
      loadConfig({ ruleIds: RULE_IDS, searchDirs: [ws], root: ws });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/symbolic link out of the repository/);
    expect(message).not.toContain('the-secret-value');
  });

  test('an explicit config path through a linked directory is refused too', () => {
    const outside = tree({ 'c.yml': 'fail-on: never\n' });
    const ws = tree();
    symlinkSync(outside, join(ws, 'conf'));
    expect(() =>
      loadConfig({ ruleIds: RULE_IDS, explicit: join(ws, 'conf/c.yml'), searchDirs: [ws], root: ws }),
    ).toThrow(/symbolic link/);
  });

  test('a config outside the repository named by the user still works', () => {
    const ws = tree();
    const elsewhere = tree({ 'team.yml': 'fail-on: medium\n' });
    expect(
      loadConfig({ ruleIds: RULE_IDS, explicit: join(elsewhere, 'team.yml'), searchDirs: [ws], root: ws })
        .config['fail-on'],
    ).toBe('medium');
  });
});

function lock(integrity: string): string {
  return JSON.stringify({
    name: 'x',
    lockfileVersion: 3,
    packages: {
      '': { dependencies: { a: '1.0.0' } },
      'node_modules/a': {
        version: '1.0.0',
        resolved: 'https://registry.npmjs.org/a/-/a-1.0.0.tgz',
        integrity,
      },
    },
  });
}
const SHA_A = `sha512-${'A'.repeat(86)}==`;
const SHA_B = `sha512-${'B'.repeat(86)}==`;

function changes(files: ChangedFile[], base: Record<string, string>): ChangeSet {
  return {
    files,
    complete: true,
    source: 'api',
    base: 'a'.repeat(40),
    readBase: async (p) => base[p],
  };
}

describe('base scan: nothing is read through a link in the workspace', () => {
  test('control: a real changed lockfile yields integrity-changed', async () => {
    const ws = tree({
      'lib/package-lock.json': lock(SHA_B),
      'lib/package.json': '{"dependencies":{"a":"1.0.0"}}',
    });
    const res = await scanBase({
      changes: changes([{ path: 'lib/package-lock.json', status: 'modified' }], {
        'lib/package-lock.json': lock(SHA_A),
      }),
      workspace: ws,
      scanPath: ws,
      config: defaultConfig(),
    });
    expect(res.extraNew.map((f) => f.ruleId)).toEqual(['lockfile/integrity-changed']);
  });

  test('a lockfile whose head version is a link to a file outside', async () => {
    const outside = tree({ 'package-lock.json': lock(SHA_B) });
    const ws = tree({ 'package.json': '{"dependencies":{"a":"1.0.0"}}' });
    symlinkSync(join(outside, 'package-lock.json'), join(ws, 'package-lock.json'));
    const res = await scanBase({
      changes: changes([{ path: 'package-lock.json', status: 'changed' }], {
        'package-lock.json': lock(SHA_A),
      }),
      workspace: ws,
      scanPath: ws,
      config: defaultConfig(),
    });
    expect(res.extraNew).toEqual([]);
  });

  test('a changed file under a directory that is a link to outside', async () => {
    const outside = tree({
      'package-lock.json': lock(SHA_B),
      'package.json': '{"dependencies":{"a":"1.0.0","leaked":"1.0.0"}}',
      Dockerfile: 'FROM outside-image\n',
    });
    const ws = tree();
    symlinkSync(outside, join(ws, 'lib'));
    const res = await scanBase({
      changes: changes([{ path: 'lib/package-lock.json', status: 'modified' }], {
        'lib/package-lock.json': lock(SHA_A),
      }),
      workspace: ws,
      scanPath: ws,
      config: defaultConfig(),
    });
    expect(res.extraNew).toEqual([]);
  });
});
