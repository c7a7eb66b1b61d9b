// Lockfile parsing benchmark: bare read + JSON.parse, Bulkhead's parseLockfile, lockfile-lint's CLI
// and Bulkhead's CLI on the largest npm and yarn lockfiles of the corpus and on a 50 MB synthetic
// npm lockfile. Called by bench/bench.ts (`npm run bench`); returns a printable report.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseLockfile } from '../src/formats/lockfile/parse.js';

// npm run bench runs from the repository root (this file is bundled elsewhere before it runs)
const REPO = process.cwd();
const RUNS = 3;

/** A synthetic npm v3 lockfile of about `targetBytes`, shaped like a real one (nesting, flags, deps). */
export function generateNpmLockfile(targetBytes: number): string {
  const parts: string[] = [];
  parts.push(
    '{\n  "name": "synthetic",\n  "version": "1.0.0",\n  "lockfileVersion": 3,\n  "requires": true,\n  "packages": {\n',
  );
  parts.push(
    '    "": {\n      "name": "synthetic",\n      "version": "1.0.0",\n      "dependencies": {\n        "pkg-0": "^1.0.0"\n      }\n    }',
  );
  let size = 200;
  let i = 0;
  const hex = (n: number): string => (n * 2654435761).toString(16).padStart(8, '0');
  while (size < targetBytes) {
    const name = i % 7 === 0 ? `@scope-${i % 13}/pkg-${i}` : `pkg-${i}`;
    const key = i % 5 === 0 ? `node_modules/pkg-${i - 1}/node_modules/${name}` : `node_modules/${name}`;
    const file = name.slice(name.lastIndexOf('/') + 1);
    const integrity = `sha512-${hex(i).repeat(10).slice(0, 86)}==`;
    const entry =
      `,\n    "${key}": {\n      "version": "${i % 10}.${i % 17}.${i % 3}",\n` +
      `      "resolved": "https://registry.npmjs.org/${name}/-/${file}-${i % 10}.${i % 17}.${i % 3}.tgz",\n` +
      `      "integrity": "${integrity}",\n` +
      (i % 3 === 0 ? '      "dev": true,\n' : '') +
      (i % 11 === 0 ? '      "hasInstallScript": true,\n' : '') +
      `      "license": "MIT",\n      "dependencies": {\n        "pkg-${i + 1}": "^${i % 10}.0.0",\n        "pkg-${i + 2}": "~1.2.3"\n      },\n` +
      `      "engines": {\n        "node": ">=14"\n      }\n    }`;
    parts.push(entry);
    size += entry.length;
    i++;
  }
  parts.push('\n  }\n}\n');
  return parts.join('');
}

function largest(dir: string, name: string): string | undefined {
  let best: string | undefined;
  let bestSize = -1;
  const walk = (d: string): void => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (e === name && st.size > bestSize) {
        best = p;
        bestSize = st.size;
      }
    }
  };
  if (existsSync(dir)) walk(dir);
  return best;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function timeInProcess(fn: () => void): number {
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

interface ProcResult {
  ms: number;
  maxRssMb?: number;
  status: number | null;
  stdout: string;
  note?: string;
}

/** Whole-process wall time (median of `runs`) and peak RSS via /usr/bin/time -v when available. */
function timeProcess(cmd: string, args: string[], runs: number): ProcResult {
  const useTime = existsSync('/usr/bin/time');
  const times: number[] = [];
  let rss: number | undefined;
  let status: number | null = null;
  let note: string | undefined;
  let stdout = '';
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    const res = useTime
      ? spawnSync('/usr/bin/time', ['-v', cmd, ...args], { cwd: REPO, encoding: 'utf8', maxBuffer: 1 << 30 })
      : spawnSync(cmd, args, { cwd: REPO, encoding: 'utf8', maxBuffer: 1 << 30 });
    times.push(performance.now() - t);
    status = res.status;
    stdout = res.stdout ?? '';
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(res.stderr ?? '');
    if (m) rss = Math.max(rss ?? 0, Number(m[1]) / 1024);
    if (res.error) note = res.error.message;
    else if (/Cannot find module|ERR_MODULE_NOT_FOUND/.test(res.stderr ?? '')) note = 'could not start';
  }
  return { ms: median(times), maxRssMb: rss, status, stdout, note };
}

/** Why a CLI run does not measure lockfile scanning (an old dist without lockfile support), if so. */
function cliProblem(r: ProcResult): string | undefined {
  if (r.status !== 0 && r.status !== 1) return `dist/cli.js exited ${r.status}`;
  try {
    const report = JSON.parse(r.stdout) as {
      summary?: { filesChecked?: number };
      findings?: { ruleId: string }[];
    };
    if ((report.summary?.filesChecked ?? 0) < 1) return 'dist/cli.js did not check the lockfile';
    const bad = report.findings?.find(
      (f) => f.ruleId === 'scan/internal-error' || f.ruleId.endsWith('/parse-error'),
    );
    if (bad) return `dist/cli.js reported ${bad.ruleId}`;
  } catch {
    return 'dist/cli.js printed no JSON report';
  }
  return undefined;
}

function fmt(ms: number): string {
  return `${ms.toFixed(0)} ms`;
}

function mb(x: number | undefined): string {
  return x === undefined ? 'n/a' : `${x.toFixed(0)} MB`;
}

async function compareOne(label: string, file: string, type: 'npm' | 'yarn'): Promise<string[]> {
  const out: string[] = [];
  const size = statSync(file).size;
  out.push(`${label}: ${basename(file)} (${(size / 1e6).toFixed(1)} MB)`);
  const rssBefore = process.memoryUsage().rss;
  let packages = 0;
  let bare: number | undefined;
  if (type === 'npm') {
    bare = timeInProcess(() => {
      JSON.parse(readFileSync(file, 'utf8'));
    });
    out.push(`  (a) read + JSON.parse       ${fmt(bare)}`);
  }
  const ours = timeInProcess(() => {
    packages = parseLockfile(readFileSync(file, 'utf8'), file).packages.length;
  });
  const ratio = bare ? ` = ${(ours / bare).toFixed(2)}x read + JSON.parse` : '';
  out.push(`  (b) read + parseLockfile    ${fmt(ours)}${ratio}, ${packages} packages`);
  out.push(`      in-process RSS growth   ${mb((process.memoryUsage().rss - rssBefore) / 1048576)}`);

  // lockfile-lint needs over a minute on the 50 MB file: one process run each for large files
  const runs = size > 10_000_000 ? 1 : RUNS;
  const ll = join(REPO, 'node_modules/.bin/lockfile-lint');
  if (existsSync(ll)) {
    const r = timeProcess(
      ll,
      [
        '--path',
        file,
        '--type',
        type,
        '--validate-https',
        '--allowed-hosts',
        'npm',
        'yarn',
        '--validate-integrity',
      ],
      runs,
    );
    out.push(
      `  (c) lockfile-lint process   ${fmt(r.ms)}, peak RSS ${mb(r.maxRssMb)}, exit ${r.status}${r.note ? ` (${r.note})` : ''}`,
    );
    const cli = join(REPO, 'dist/cli.js');
    if (existsSync(cli)) {
      const b = timeProcess(process.execPath, [cli, 'scan', file, '--format', 'json', '--offline'], runs);
      const problem = cliProblem(b);
      out.push(
        `  (d) bulkhead CLI process    ${fmt(b.ms)}, peak RSS ${mb(b.maxRssMb)}, exit ${b.status}` +
          (problem
            ? ` (${problem}; rebuild with npm run bundle)`
            : ` = ${(b.ms / r.ms).toFixed(2)}x lockfile-lint`),
      );
    } else out.push('  (d) bulkhead CLI            skipped: dist/cli.js missing (npm run bundle)');
  } else out.push('  (c) lockfile-lint           skipped: not installed (npm ci)');
  return out;
}

export async function runLockfileComparison(corpusDir: string): Promise<string> {
  const lines: string[] = ['Lockfile parsing (median of 3 runs; one process run for files over 10 MB)'];
  const lockDir = join(corpusDir, 'lockfiles');
  const npm = largest(join(lockDir, 'npm'), 'package-lock.json');
  const yarn = largest(join(lockDir, 'yarn-classic'), 'yarn.lock');
  if (npm) lines.push(...(await compareOne('largest npm lockfile', npm, 'npm')));
  else lines.push(`no npm lockfile under ${lockDir}: corpus comparison skipped`);
  if (yarn) lines.push(...(await compareOne('largest yarn lockfile', yarn, 'yarn')));
  const tmp = mkdtempSync(join(tmpdir(), 'bulkhead-bench-'));
  try {
    const synthetic = join(tmp, 'package-lock.json');
    writeFileSync(synthetic, generateNpmLockfile(50 * 1024 * 1024));
    lines.push(...(await compareOne('synthetic npm lockfile', synthetic, 'npm')));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return lines.join('\n');
}
