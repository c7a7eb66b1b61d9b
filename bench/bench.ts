// `npm run bench`: scans ../shared/corpus per kind with the whole engine and compares it with a
// floor that only reads and parses the same files (no rules, no suppression, no sorting). One
// warm-up run, then the best of three. A benchmark, not a test: it prints and never fails on speed.
//   npm run bench -- [--runs N] [--kind dockerfiles|lockfiles|workflows]
//   npm run bench -- --kind many [--sizes 26000,260000] [--formats text,json,sarif,markdown]
//   npm run bench -- --kind online   (5,000 packages against a loopback OSV stub, 50 ms a request)
// `many` needs no corpus: it writes a hostile tree per size into a temporary directory and runs the
// CLI on it once per output format, each in its own process, printing wall time, CPU time and peak
// memory, and how each grows from the smallest size to the largest (linear is 10x for 10x).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeManyFindings } from './many-findings.js';
import { benchOnline } from './online.js';
import { defaultConfig } from '../src/config/schema.js';
import { ANALYZERS } from '../src/scan/analyzers.js';
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

async function benchKind(corpus: string, dir: string, runs: number): Promise<string> {
  const root = join(corpus, dir);
  const config = defaultConfig();
  const { files } = await discover({ root, paths: [root], include: ['**'], exclude: [] });
  const bytes = files.reduce((n, f) => n + f.size, 0);
  const mb = bytes / 1e6;
  let findings = 0;
  const engineMs = await best(runs, async () => {
    findings = (await scan({ root, paths: [root], config })).findings.length;
  });
  const parsers = new Set(files.map((f) => f.kind).filter((k) => ANALYZERS[k] !== undefined));
  const floorMs = await best(runs, async () => {
    for (const f of files) {
      const text = await readFile(f.absPath, 'utf8');
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
  const floorWhat =
    parsers.size === 0
      ? 'read only (no parser for this kind yet)'
      : dir === 'workflows'
        ? 'read+parse: YAML model and the shell parse of every run: script'
        : 'read+parse';
  return [
    `${dir.padEnd(12)} ${String(files.length).padStart(5)} files ${fmt(mb, 2)} MB  ${findings} findings`,
    `  engine  ${fmt(engineMs, 0)} ms ${fmt((files.length / engineMs) * 1000)} files/s ${fmt((mb / engineMs) * 1000, 2)} MB/s`,
    `  floor   ${fmt(floorMs, 0)} ms ${fmt((files.length / floorMs) * 1000)} files/s ${fmt((mb / floorMs) * 1000, 2)} MB/s  (${floorWhat})`,
    `  engine / floor: ${(engineMs / floorMs).toFixed(2)}x`,
  ].join('\n');
}

function bundleSizes(): string {
  if (!existsSync('dist')) return 'dist/: missing (run npm run bundle)';
  const all = (readdirSync('dist', { recursive: true }) as string[]).filter((f) => f.endsWith('.js')).sort();
  const size = (f: string) => statSync(join('dist', f)).size;
  const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
  const lines = all
    .filter((f) => !f.includes('/'))
    .map((f) => `  dist/${f.padEnd(10)} ${kib(size(f)).padStart(9)}`);
  const chunks = all.filter((f) => f.includes('/'));
  const chunkBytes = chunks.reduce((n, f) => n + size(f), 0);
  const largest = [...chunks].sort((a, b) => size(b) - size(a)).slice(0, 3);
  lines.push(
    `  chunks     ${kib(chunkBytes).padStart(9)} in ${chunks.length} files (largest: ${largest.map((f) => `${f.replace(/^chunks\//, '')} ${kib(size(f))}`).join(', ')})`,
    `  total      ${kib(all.reduce((n, f) => n + size(f), 0)).padStart(9)}`,
  );
  return ['bundle sizes:', ...lines].join('\n');
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

async function main(): Promise<number> {
  if (arg('--kind') === 'many') return benchMany();
  if (!arg('--kind') || arg('--kind') === 'online') {
    console.log(await benchOnline());
    if (arg('--kind') === 'online') return 0;
  }
  const corpus = resolve('../shared/corpus');
  if (!existsSync(corpus)) {
    console.error(`bench: ${corpus} is absent; nothing to measure`);
    return 1;
  }
  const runs = Number(arg('--runs') ?? 3);
  const only = arg('--kind');
  console.log(`Bulkhead bench on ${corpus}: warm-up + best of ${runs}, Node ${process.version}`);
  for (const kind of KINDS) {
    if (only && only !== kind) continue;
    console.log(await benchKind(corpus, kind, runs));
  }
  const compare = resolve('bench/lockfile-compare.ts');
  if (existsSync(compare) && (!only || only === 'lockfiles')) {
    // Imported at run time so the bench works without it. run-ts bundles only this entry, so the
    // comparison is bundled the same way on the fly.
    const { build } = await import('esbuild');
    const out = resolve('node_modules/.cache/bulkhead-run/lockfile-compare.mjs');
    await build({
      entryPoints: [compare],
      outfile: out,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      logLevel: 'warning',
    });
    const mod = (await import(pathToFileURL(out).href)) as {
      runLockfileComparison?: (corpusDir: string) => Promise<string> | string;
    };
    if (typeof mod.runLockfileComparison === 'function') {
      console.log('\nlockfile comparison:');
      console.log(await mod.runLockfileComparison(corpus));
    }
  }
  console.log(`\n${bundleSizes()}`);
  return 0;
}

process.exitCode = await main();
