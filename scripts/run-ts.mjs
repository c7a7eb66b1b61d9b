// Runs a TypeScript entry (docs generator, benchmark) by bundling it to a temporary ESM file first:
// Node 20 cannot run .ts itself, and this keeps one toolchain (esbuild) for every build step.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { resolve, basename } from 'node:path';
import { createHash } from 'node:crypto';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-ts.mjs <file.ts> [args...]');
  process.exit(2);
}
const outdir = resolve('node_modules/.cache/bulkhead-run');
mkdirSync(outdir, { recursive: true });
// One output per entry path (not per base name), so two scripts named alike never overwrite each other.
const tag = createHash('sha256').update(resolve(entry)).digest('hex').slice(0, 8);
const outfile = resolve(outdir, `${basename(entry).replace(/\.ts$/, '')}-${tag}.mjs`);
await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  mainFields: ['module', 'main'],
  // Packages stay external (loaded from node_modules), except @pandatix/js-cvss: it ships ES
  // modules with extensionless imports and no "type": "module", which only a bundler resolves.
  plugins: [
    {
      name: 'external-packages',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (a) =>
          a.path.startsWith('@pandatix/js-cvss') ? undefined : { path: a.path, external: true },
        );
      },
    },
  ],
  logLevel: 'warning',
});
process.argv = [process.argv[0], outfile, ...args];
await import(pathToFileURL(outfile).href);
