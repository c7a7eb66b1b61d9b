/** The inventory fixtures: one Dockerfile, one workflow, one lockfile, each input kind in it. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';

/** The library's own CycloneDX 1.6 JSON schema validator (strict: no unknown properties). */
export async function validateBom(json: string): Promise<unknown> {
  return validator.validate(json);
}
/** One validator: it compiles the schema on first use. */
const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot6);

const VALIDATE_BOM = join(dirname(fileURLToPath(import.meta.url)), 'validate-bom.mjs');

/**
 * Validates a BOM of any size in slices of `size` components (validate-bom.mjs says how), in a
 * child Node process: under Jest the validator is about 25 times slower. Returns null or errors.
 */
export function validateBomInSlices(json: string, size = 500): unknown {
  const dir = mkdtempSync(join(tmpdir(), 'bulkhead-bom-'));
  try {
    writeFileSync(join(dir, 'bom.json'), json);
    const out = execFileSync(process.execPath, [VALIDATE_BOM, join(dir, 'bom.json'), String(size)], {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    return JSON.parse(out) as unknown;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const DIGEST = 'a'.repeat(64);
export const COMMIT = '3f2a9c4d5e6f708192a3b4c5d6e7f8091a2b3c4d';
export const SHA = 'b'.repeat(64);

export const FILES: Record<string, string> = {
  Dockerfile: [
    '# syntax=docker/dockerfile:1.7',
    'ARG BASE_TAG',
    `FROM node:20.11.1@sha256:${DIGEST} AS build`,
    'RUN apt-get update && apt-get install -y curl=8.5.0-2 git \\',
    ' && pip install requests==2.31.0 flask . \\',
    ' && curl -fsSLo /tmp/tool.tgz https://example.com/tool/v1.2.3/tool.tgz \\',
    ` && echo "${SHA}  /tmp/tool.tgz" | sha256sum -c - \\`,
    ` && git clone https://github.com/acme/lib.git /src/lib && git -C /src/lib checkout ${COMMIT}`,
    'ADD https://example.com/latest/agent.jar /opt/',
    'COPY --from=busybox:1.36 /bin/busybox /bin/',
    'FROM python:${BASE_TAG}',
    'RUN curl -fsSL https://get.example.sh | sh',
    'FROM build',
    'RUN npm install -g pm2@latest',
    'FROM scratch',
    'COPY --from=build /app /app',
    '',
  ].join('\n'),
  '.github/workflows/ci.yml': [
    'on: push',
    'jobs:',
    '  test:',
    '    runs-on: ubuntu-latest',
    '    container: node:20',
    '    services:',
    '      db:',
    `        image: postgres:16.2@sha256:${DIGEST}`,
    '    steps:',
    `      - uses: actions/checkout@${COMMIT} # v4.1.1`,
    '      - uses: actions/setup-node@v4',
    '      - uses: docker://alpine:3.19.1',
    '      - uses: ./local-action',
    '      - run: npm install -g typescript@5.4.2',
    '  call:',
    '    uses: acme/workflows/.github/workflows/release.yml@main',
    '',
  ].join('\n'),
  'requirements.txt': [`requests==2.31.0 --hash=sha256:${SHA}`, 'flask>=2.0', ''].join('\n'),
};

export function writeTree(files: Record<string, string>): { root: string; done: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'bulkhead-inventory-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return { root, done: () => rmSync(root, { recursive: true, force: true }) };
}
