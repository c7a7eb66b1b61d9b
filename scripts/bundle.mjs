// Builds the committed bundles: dist/index.js (the action) and dist/cli.js (the CLI).
// Heavy parsers are dynamic imports, so esbuild splits them into chunks that load only when needed.
// Then dist/licenses.txt: the notices of every third-party package bundled (scripts/third-party.mjs).
import { build } from 'esbuild';
import { rmSync, readdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { writeThirdPartyNotices } from './third-party.mjs';

rmSync('dist', { recursive: true, force: true });
const { metafile } = await build({
  // worker: the worker-thread entry both start for large scans (src/scan/threads.ts).
  entryPoints: { index: 'src/index.ts', cli: 'src/cli.ts', worker: 'src/worker.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  mainFields: ['module', 'main'],
  minify: true,
  legalComments: 'linked',
  chunkNames: 'chunks/[name]-[hash]',
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
  metafile: true,
  logLevel: 'warning',
});
const cli = readFileSync('dist/cli.js', 'utf8');
if (!cli.startsWith('#!')) writeFileSync('dist/cli.js', '#!/usr/bin/env node\n' + cli);
chmodSync('dist/cli.js', 0o755);
const notices = writeThirdPartyNotices(metafile, {
  'dist/index.js': 'the action (dist/index.js)',
  'dist/cli.js': 'the CLI (dist/cli.js)',
});
const size = (f) => readFileSync(`dist/${f}`).length;
const files = readdirSync('dist', { recursive: true }).filter((f) => f.endsWith('.js'));
const total = files.reduce((n, f) => n + size(f), 0);
console.log(
  `dist: ${files.length} files, ${(total / 1024).toFixed(0)} KiB total; licenses.txt: ${notices} packages`,
);
