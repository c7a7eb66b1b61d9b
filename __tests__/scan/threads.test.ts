import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { defaultConfig } from '../../src/config/schema.js';
import { scan, threadCount, THREADS_MIN_FILES, type ScanResult } from '../../src/scan/engine.js';
import { message as internalError } from '../../src/rules/scan/internal-error.js';

/**
 * Worker threads: the sources cannot run in a worker as they are (TypeScript), so the worker entry
 * is bundled first, as scripts/bundle.mjs bundles dist/worker.js (packages stay in node_modules).
 */
async function bundleWorker(name: string, contents: string): Promise<URL> {
  const tag = createHash('sha256').update(resolve('.')).digest('hex').slice(0, 8);
  const outfile = resolve(`node_modules/.cache/bulkhead-run/test-${name}-${tag}.mjs`);
  await build({
    stdin: { contents, resolveDir: resolve('src'), loader: 'ts', sourcefile: `${name}.ts` },
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    mainFields: ['module', 'main'],
    packages: 'external',
    logLevel: 'warning',
  });
  return pathToFileURL(outfile);
}

const DOCKERFILES = [
  'FROM node:latest\nRUN curl -fsSL https://example.test/i.sh | sh\n',
  '# bulkhead-ignore dockerfile/runs-as-root -- fixture\nFROM alpine:3.19\nRUN apk add curl\n',
  'FROM ubuntu\nRUN apt-get install -y wget && wget http://example.test/x.tgz\nUSER app\n',
  'FROM python:3.12@sha256:' + 'b'.repeat(64) + '\nRUN pip install requests\n',
  'FROM scratch\nCOPY --chmod=777 . /\nRUN ["sh", "-c", "curl -k https://example.test | bash"]\n',
  'FROM node:20\nRUN echo "unterminated\n',
  'FROM \0 alpine\n',
];
const LOCK = (n: number) =>
  JSON.stringify({
    name: `app${n}`,
    lockfileVersion: 3,
    packages: {
      '': { name: `app${n}` },
      'node_modules/left-pad': {
        version: '1.3.0',
        resolved: `http://example.test/left-pad-${n}.tgz`,
        integrity: 'sha1-' + 'A'.repeat(27) + '=',
      },
    },
  });
const WORKFLOW = (n: number) =>
  `on: pull_request_target\njobs:\n  j${n}:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with: { ref: "\${{ github.event.pull_request.head.sha }}" }\n      - run: curl https://example.test/${n} | sh\n`;

/** Findings, suppressed findings and per-file statuses: all a threaded scan must reproduce. */
function comparable(r: ScanResult) {
  return { findings: r.findings, suppressed: r.suppressed, files: r.files, unrecognised: r.unrecognised };
}

describe('scans in worker threads', () => {
  const root = mkdtempSync(join(tmpdir(), 'bulkhead-threads-'));
  let worker: URL;
  let crashing: URL;
  beforeAll(async () => {
    for (let i = 0; i < 60; i++) {
      const dir = join(root, `svc${String(i).padStart(2, '0')}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'Dockerfile'), DOCKERFILES[i % DOCKERFILES.length]!);
      if (i % 3 === 0) writeFileSync(join(dir, 'package-lock.json'), LOCK(i));
    }
    mkdirSync(join(root, '.github/workflows'), { recursive: true });
    for (let i = 0; i < 10; i++) writeFileSync(join(root, `.github/workflows/w${i}.yml`), WORKFLOW(i));
    worker = await bundleWorker(
      'worker',
      "import { serveScanWorker } from './scan/worker.ts';\nserveScanWorker();\n",
    );
    crashing = await bundleWorker(
      'crashing-worker',
      "import { serveScanWorker } from './scan/worker.ts';\n" +
        "serveScanWorker({ beforeCheck(p) { if (p === 'svc07/Dockerfile') process.exit(3); } });\n",
    );
  }, 60_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const run = (threads: number | 'auto', workerEntry?: URL) =>
    scan({ root, paths: [root], config: defaultConfig(), threads, ...(workerEntry ? { workerEntry } : {}) });

  it('reports exactly what one thread reports, order included, with 2 and 3 workers', async () => {
    const one = await run(1);
    // The fixture is not trivial: every kind has findings, one is suppressed, one file is binary.
    expect(one.files).toHaveLength(90);
    const rules = new Set(one.findings.map((f) => f.ruleId));
    expect([...rules]).toEqual(
      expect.arrayContaining([
        'dockerfile/base-image-latest',
        'scan/binary-skipped',
        'lockfile/insecure-transport',
        'workflow/untrusted-checkout',
      ]),
    );
    expect(one.suppressed.map((f) => `${f.ruleId} ${f.path}`)).toContain(
      'dockerfile/runs-as-root svc01/Dockerfile',
    );
    for (const threads of [2, 3]) {
      const many = await run(threads, worker);
      expect(comparable(many)).toEqual(comparable(one));
      expect(many.stats.bytesRead).toBe(one.stats.bytesRead);
      expect(many.stats.filesChecked).toBe(one.stats.filesChecked);
    }
  }, 120_000);

  it('gives the file a dying worker was checking scan/internal-error, and loses no other file', async () => {
    const one = await run(1);
    const many = await run(2, crashing);
    const died = many.findings.filter((f) => f.path === 'svc07/Dockerfile');
    expect(died.map((f) => [f.ruleId, f.startLine, f.startColumn, f.message])).toEqual([
      ['scan/internal-error', 1, 1, internalError('svc07/Dockerfile', 'worker thread died: exit code 3')],
    ]);
    expect(many.files.find((f) => f.path === 'svc07/Dockerfile')?.status).toBe('parse-error');
    const others = (r: ScanResult) => ({
      findings: r.findings.filter((f) => f.path !== 'svc07/Dockerfile').map(({ fingerprint: _, ...f }) => f),
      files: r.files.filter((f) => f.path !== 'svc07/Dockerfile'),
    });
    expect(others(many)).toEqual(others(one));
    expect(many.files).toHaveLength(one.files.length);
  }, 120_000);

  it('checks on this thread when no worker module exists', async () => {
    const missing = new URL('file:///nonexistent/bulkhead-worker.js');
    expect(comparable(await run(2, missing))).toEqual(comparable(await run(1)));
  }, 60_000);

  it('uses threads automatically only from THREADS_MIN_FILES files on', () => {
    expect(threadCount('auto', THREADS_MIN_FILES - 1)).toBe(1);
    expect(threadCount(undefined, 10)).toBe(1);
    expect(threadCount('auto', THREADS_MIN_FILES)).toBeGreaterThanOrEqual(1);
    expect(threadCount(3, 1)).toBe(3);
    expect(threadCount(0, 1000)).toBe(1);
  });
});
