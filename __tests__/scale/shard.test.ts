import { afterAll, describe, expect, it } from '@jest/globals';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultConfig } from '../../src/config/schema.js';
import { scan } from '../../src/scan/engine.js';
import { parseShard, pathHash, shardOf, inShard, shardCategory } from '../../src/scan/shard.js';
import { readSettings } from '../../src/github/inputs.js';
import { run, shardTree } from './fixture.js';

const root = shardTree();
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('--shard K/N', () => {
  it('parses K/N with 1 <= K <= N <= 256 and refuses anything else as a configuration error', () => {
    expect(parseShard('1/1')).toEqual({ index: 1, total: 1 });
    expect(parseShard('7/7')).toEqual({ index: 7, total: 7 });
    expect(parseShard('256/256')).toEqual({ index: 256, total: 256 });
    for (const bad of ['0/4', '5/4', '1/257', '01/4', '1/4.0', ' 1/4', '1/', '/4', '1/0', 'a/b', '1-4', ''])
      expect(() => parseShard(bad)).toThrow(
        `--shard: expected K/N with 1 <= K <= N <= 256, e.g. 1/4 (got "${bad}")`,
      );
  });

  it('hashes the path with FNV-1a, so a file stays in its shard whatever else is added', () => {
    expect(pathHash('')).toBe(0x811c9dc5);
    expect(pathHash('a')).toBe(0xe40c292c);
    expect(pathHash('foobar')).toBe(0xbf9cf968);
    expect(shardOf('a', 4)).toBe((0xe40c292c % 4) + 1);
    expect(shardCategory({ index: 2, total: 4 })).toBe('bulkhead/shard-2-of-4/');
    expect(inShard('anything', undefined)).toBe(true);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 2000; i++) counts[shardOf(`services/svc-${i}/Dockerfile`, 4) - 1]!++;
    for (const c of counts) expect(c).toBeGreaterThan(400);
  });

  it('the shards check disjoint sets of files that together are every file, and still read the others', async () => {
    const config = defaultConfig();
    const all = await scan({ root, paths: [root], config });
    const seen: string[] = [];
    for (let k = 1; k <= 4; k++) {
      const r = await scan({ root, paths: [root], config, shard: { index: k, total: 4 } });
      seen.push(...r.files.map((f) => f.path));
      // The lockfile's shard still reads app/package.json (another file, maybe another shard).
      if (r.files.some((f) => f.path === 'app/package-lock.json'))
        expect(r.findings.filter((f) => f.ruleId === 'lockfile/manifest-drift').map((f) => f.path)).toEqual([
          'app/package.json',
        ]);
    }
    expect(seen.sort()).toEqual(all.files.map((f) => f.path).sort());
    expect(new Set(seen).size).toBe(seen.length);
    expect(all.findings.filter((f) => f.ruleId === 'lockfile/manifest-drift')).toHaveLength(1);
  });

  it('what the walk could not check is reported by one shard only: the entry cap, a link out', async () => {
    const config = defaultConfig();
    const whole = await scan({ root, paths: [root], config, maxEntries: 20 });
    const once = (r: { findings: { ruleId: string }[] }) =>
      r.findings.filter((f) => f.ruleId === 'scan/walk-truncated' || f.ruleId === 'scan/symlink-skipped');
    expect(once(whole).map((f) => f.ruleId)).toEqual(['scan/symlink-skipped', 'scan/walk-truncated']);
    const perShard = [];
    for (let k = 1; k <= 3; k++)
      perShard.push(
        ...once(await scan({ root, paths: [root], config, maxEntries: 20, shard: { index: k, total: 3 } })),
      );
    const byRule = (a: { ruleId: string }, b: { ruleId: string }) => (a.ruleId < b.ruleId ? -1 : 1);
    expect(perShard.sort(byRule)).toEqual(once(whole));
    const links = [];
    for (let k = 1; k <= 3; k++)
      links.push(...once(await scan({ root, paths: [root], config, shard: { index: k, total: 3 } })));
    expect(links.map((f) => [f.ruleId, (f as { path?: string }).path])).toEqual([
      ['scan/symlink-skipped', 'requirements.txt'],
    ]);
  });

  it('cannot be combined with standard input or --base', async () => {
    expect(await run(['scan', '-', '--shard', '1/2', '--type', 'dockerfile'], root)).toEqual({
      code: 2,
      stdout: '',
      stderr: "bulkhead: --shard splits a tree: it cannot be combined with '-' (standard input)\n",
    });
    expect((await run(['scan', '.', '--shard', '1/2', '--base', 'HEAD'], root)).stderr).toBe(
      'bulkhead: --shard splits a tree: it cannot be combined with --base\n',
    );
    expect(await run(['scan', '.', '--shard', '3/2'], root)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'bulkhead: --shard: expected K/N with 1 <= K <= N <= 256, e.g. 1/4 (got "3/2")\n',
    });
  });

  it('the action input: shard K/N, its check run named apart, bad values refused', () => {
    const env = { GITHUB_WORKSPACE: root };
    const s = readSettings((n) => (n === 'shard' ? '2/4' : ''), env);
    expect(s.shard).toEqual({ index: 2, total: 4 });
    expect(s.checkName).toBe('Bulkhead (shard 2/4)');
    expect(readSettings(() => '', env).shard).toBeUndefined();
    expect(() => readSettings((n) => (n === 'shard' ? '0/4' : ''), env)).toThrow(
      `input 'shard': expected K/N with 1 <= K <= N <= 256, e.g. 1/4 (got "0/4")`,
    );
  });
});

/** The shard reports of one scan, written to files: `${dir}/${prefix}-K.${ext}`. */
async function shardFiles(n: number, format: 'json' | 'sarif', extra: string[] = []): Promise<string[]> {
  const out: string[] = [];
  for (let k = 1; k <= n; k++) {
    const file = join(root, '..', `${root.split('/').pop()}-${format}-${k}-of-${n}.${format}`);
    const r = await run(
      ['scan', '.', '--format', format, '--shard', `${k}/${n}`, '-o', file, ...extra],
      root,
    );
    expect(r.code).toBe(1);
    out.push(file);
  }
  return out;
}

/**
 * The text report's closing pin summary (the build-input inventory) is not carried by shard JSON:
 * a merge reports findings, verdict and exit code, and `bulkhead inventory` gives the table
 * (docs/scale.md). Everything before it must match byte for byte.
 */
function withoutPinSummary(text: string): string {
  const at = text.indexOf('\nBuild inputs by pin grade:\n');
  return at < 0 ? text : text.slice(0, at);
}

describe('bulkhead merge: N shards give the unsharded run, finding for finding', () => {
  const formats = ['json', 'text', 'markdown', 'sarif'] as const;
  for (const n of [1, 2, 4, 7]) {
    it(`N = ${n}: every format, byte for byte, and the same exit code`, async () => {
      const files = await shardFiles(n, 'json');
      for (const format of formats) {
        const single = await run(['scan', '.', '--format', format], root);
        const merged = await run(['merge', ...files, '--format', format], root);
        expect(merged.stdout).toBe(withoutPinSummary(single.stdout));
        expect(merged.code).toBe(single.code);
        expect(single.code).toBe(1);
      }
      const single = JSON.parse((await run(['scan', '.', '--format', 'json'], root)).stdout);
      expect(single.findings.length).toBeGreaterThan(40);
      // The config entry only svc3/Dockerfile uses is reported unused by the other shards alone.
      const perShard = files.map((f) => JSON.parse(readFileSync(f, 'utf8')));
      const unusedAt = (r: { findings: { ruleId: string; path: string; startLine: number }[] }) =>
        r.findings
          .filter((f) => f.ruleId === 'config/unused-ignore' && f.path === '.bulkhead.yml')
          .map((f) => f.startLine);
      expect(unusedAt(single)).toEqual([5]);
      if (n > 1) expect(perShard.filter((r) => unusedAt(r).includes(2)).length).toBe(n - 1);
      // The expired entry and the link out of the tree: once each.
      expect(
        single.findings.filter((f: { ruleId: string }) => f.ruleId === 'config/expired-ignore'),
      ).toHaveLength(1);
      expect(
        single.findings.filter((f: { ruleId: string }) => f.ruleId === 'scan/symlink-skipped'),
      ).toHaveLength(1);
      files.forEach((f) => rmSync(f));
    }, 120_000);
  }

  for (const n of [2, 4]) {
    it(`N = ${n}: from SARIF shards, the unsharded SARIF (with and without suppressed results)`, async () => {
      for (const extra of [[], ['--sarif-suppressed']]) {
        const files = await shardFiles(n, 'sarif', extra);
        const single = await run(['scan', '.', '--format', 'sarif', ...extra], root);
        const merged = await run(['merge', ...files, '--format', 'sarif', ...extra], root);
        expect(merged.stdout).toBe(single.stdout);
        expect(merged.code).toBe(1);
        const shard1 = JSON.parse(readFileSync(files[0]!, 'utf8'));
        expect(shard1.runs[0].automationDetails.id).toBe(`bulkhead/shard-1-of-${n}/`);
        files.forEach((f) => rmSync(f));
      }
    }, 120_000);
  }

  it('--fail-on decides the exit code of the merge; the shards keep theirs as the default', async () => {
    const files = await shardFiles(2, 'json');
    expect((await run(['merge', ...files, '--fail-on', 'never', '-q'], root)).stdout).toMatch(/ exit=0\n$/);
    expect((await run(['merge', ...files, '-q'], root)).stdout).toMatch(/ fail-on=high .* exit=1\n$/);
    files.forEach((f) => rmSync(f));
  });
});

describe('bulkhead merge refuses what is not one whole set of shards (exit 2)', () => {
  it('a missing shard, a shard twice, another N, another version, a report not sharded, not a report', async () => {
    const files = await shardFiles(3, 'json');
    const [a, b, c] = files as [string, string, string];
    const name = (f: string) => f;
    expect(await run(['merge', a, c], root)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'bulkhead: missing shard 2 of 3: the merge would not cover the tree, so none is made\n',
    });
    expect((await run(['merge', a, b, b, c], root)).stderr).toBe(
      `bulkhead: shard 2/3 given twice: ${name(b)} and ${name(b)}\n`,
    );
    const other = (await shardFiles(2, 'json'))[0]!;
    expect((await run(['merge', a, b, c, other], root)).stderr).toBe(
      `bulkhead: ${other}: shard 1/2, but ${a} is one of 3\n`,
    );
    const old = `${a}.old.json`;
    writeFileSync(old, readFileSync(a, 'utf8').replace('"version": "0.1.0"', '"version": "0.0.9"'));
    expect((await run(['merge', old, b, c], root)).stderr).toBe(
      `bulkhead: ${old}: made by Bulkhead 0.0.9, this is 0.1.0; merge reports of one version\n`,
    );
    const plain = `${a}.plain.json`;
    writeFileSync(plain, (await run(['scan', '.', '--format', 'json'], root)).stdout);
    expect((await run(['merge', plain], root)).stderr).toBe(
      `bulkhead: ${plain}: not a shard's report (it has no shard; run 'bulkhead scan --shard K/N' for each share)\n`,
    );
    const junk = `${a}.junk.json`;
    writeFileSync(junk, '{"version":1,"findings":"no"}');
    expect((await run(['merge', junk], root)).code).toBe(2);
    expect((await run(['merge', junk], root)).stderr).toMatch(
      /^bulkhead: .*junk\.json: not a Bulkhead JSON report \(/,
    );
    writeFileSync(junk, 'not json');
    expect((await run(['merge', junk], root)).stderr).toMatch(/^bulkhead: .*junk\.json: not JSON \(/);
    const sarif = (await shardFiles(3, 'sarif'))[1]!;
    expect((await run(['merge', a, sarif, c], root)).stderr).toBe(
      `bulkhead: ${sarif}: sarif, but ${a} is json; merge one format\n`,
    );
    expect((await run(['merge'], root)).stderr).toBe(
      "bulkhead: merge: name the shards' report files (JSON or SARIF from 'scan --shard K/N')\n",
    );
    for (const f of [...files, other, old, plain, junk, sarif]) rmSync(f, { force: true });
  }, 120_000);
});
