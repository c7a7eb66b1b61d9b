// A hostile tree that makes the scanner report a given number of findings, for the memory and
// time bench (`npm run bench -- --kind many`). Deterministic: the same count gives the same files,
// byte for byte (a seeded generator, no clock, no randomness from the system). Written into a
// directory the caller names (a temporary one); never committed.
//
// Each Dockerfile holds FILE_FINDINGS findings: floating base images, ADDs without a checksum,
// piped install scripts and unpinned apt installs (grouped findings with related spans), long
// messages, evidence and fixes; paths with spaces, markdown and HTML punctuation, non-ASCII and
// bidirectional characters; and an inline ignore every few lines, so the suppressed path is
// exercised too.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Findings per generated Dockerfile (reported + suppressed), before the stage's runs-as-root. */
export const FILE_FINDINGS = 100;

/** mulberry32: a small seeded generator, so a size always gives the same tree. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Directory names a renderer has to escape: spaces, markdown and HTML punctuation, `@`, non-ASCII,
// a right-to-left override.
const DIRS = [
  'services',
  'apps/web front',
  'legacy/[old]_(v1)',
  'team-@ops/#infra',
  'ünïcödé/目录',
  'pipes|and<tags>&amps',
  'rtl/\u202eevil',
];
const IMAGES = ['ubuntu:22.04', 'node:20', 'python:3.12-slim', 'alpine:3.19', 'debian:bookworm'];

function dockerfile(fileNo: number, next: () => number): string {
  const lines: string[] = [];
  let made = 0;
  let stage = 0;
  while (made < FILE_FINDINGS) {
    const r = next();
    const id = `${fileNo}-${lines.length}`;
    if (lines.length === 0 || r < 0.08) {
      // base-image-unpinned (one finding; the last stage's runs-as-root comes once per file)
      lines.push(`FROM ${IMAGES[Math.floor(next() * IMAGES.length)]} AS s${stage++}`);
      made += 1;
    } else if (r < 0.55) {
      // remote-add-no-checksum
      lines.push(`ADD https://downloads.example.com/releases/v${id}/artifact-${id}.tar.gz /opt/a${id}`);
      made += 1;
    } else if (r < 0.7) {
      // remote-script-exec
      lines.push(`RUN curl -fsSL https://get.example.org/install-${id}.sh | sh`);
      made += 1;
    } else if (r < 0.85) {
      // os-package-unpinned: one grouped finding with a related span per package
      const n = 1 + Math.floor(next() * 6);
      const pkgs = Array.from({ length: n }, (_, k) => `lib${id.replace('-', 'x')}p${k}`);
      lines.push(`RUN apt-get install -y --no-install-recommends ${pkgs.join(' ')}`);
      made += 1;
    } else {
      // an inline ignore hiding the next line's finding (a suppressed finding)
      lines.push(
        `# bulkhead-ignore dockerfile/remote-add-no-checksum -- mirrored <internally> & checked (ticket #${id})`,
      );
      lines.push(`ADD https://mirror.example.net/cache/${id}/blob-${id}.bin /opt/b${id}`);
      made += 1;
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Writes Dockerfiles under `dir` until about `findings` findings (reported + suppressed). Returns
 * the number of files written. The count is approximate (each file adds its own runs-as-root).
 */
export function writeManyFindings(dir: string, findings: number, seed = 1): number {
  const next = rng(seed);
  const files = Math.max(1, Math.round(findings / (FILE_FINDINGS + 1)));
  for (let i = 0; i < files; i++) {
    const sub = join(dir, DIRS[i % DIRS.length]!, `pkg-${Math.floor(i / DIRS.length)}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, i % 3 === 0 ? 'Dockerfile' : `build-${i}.Dockerfile`), dockerfile(i, next));
  }
  return files;
}
